//! Test helpers: small organisations written out in full, for tests with
//! hand-computed answers, and hand-made schedules built from the coverage's
//! slices so their instants are exact.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rota_core::calendar::Horizon;
use rota_core::org::{Organisation, parse_organisation};
use rota_core::rotas::Coverage;
use rota_core::schedule::{Callout, Schedule, Shift};

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("a valid date")
}

pub fn instant(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("an RFC 3339 instant")
}

fn fixed(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.fixed_offset()
}

pub fn org(text: &str) -> Organisation {
    match parse_organisation("test.toml", text) {
        Ok(o) => o,
        Err(d) => panic!("test organisation does not load:\n{d}"),
    }
}

pub fn coverage(org: &Organisation, start: &str, end: &str) -> Coverage {
    Coverage::build(org, Horizon::new(date(start), date(end)))
}

/// A shift of `days` slices of a rota for a person from a first date.
pub fn shift(
    coverage: &Coverage,
    rota: &str,
    person: &str,
    first: NaiveDate,
    days: usize,
) -> Shift {
    let i = coverage
        .horizon
        .index_of(first)
        .expect("first day in the horizon");
    Shift {
        rota: rota.to_string(),
        person: person.to_string(),
        start: fixed(coverage.slices[i].start),
        end: fixed(coverage.slices[i + days - 1].end),
        slices: days as u32,
        pinned: false,
        note: String::new(),
        role: Default::default(),
    }
}

pub fn callout(rota: &str, person: &str, at: &str, service: &str) -> Callout {
    Callout {
        rota: rota.to_string(),
        person: person.to_string(),
        at: instant(at),
        minutes: 30,
        service: service.to_string(),
    }
}

pub fn schedule(coverage: &Coverage, shifts: Vec<Shift>, callouts: Vec<Callout>) -> Schedule {
    let mut s = Schedule {
        organisation: "org.toml".to_string(),
        organisation_digest: String::new(),
        start: coverage.horizon.start,
        end: coverage.horizon.end,
        generated_by: "test".to_string(),
        revision: 0,
        updated: None,
        shifts,
        callouts,
        moved: Vec::new(),
    };
    s.sort();
    s
}

/// Every shift window of every rota given in turn to the next member who is
/// not off on any of its days (or, failing that, the next member).
pub fn round_robin(org: &Organisation, coverage: &Coverage) -> Vec<Shift> {
    let mut shifts = Vec::new();
    for r in 0..coverage.rotas.len() {
        let mut next = 0usize;
        for (first, days) in coverage.shift_windows(r) {
            let Some(cover) = coverage.cover(r, first) else {
                continue;
            };
            let members = &cover.members;
            if members.is_empty() {
                continue;
            }
            let free = |p: usize| {
                (first..first + days).all(|d| !org.people[p].is_off(coverage.horizon.date(d)))
            };
            let pick = (0..members.len())
                .map(|k| members[(next + k) % members.len()])
                .find(|&p| free(p))
                .unwrap_or(members[next % members.len()]);
            next = members.iter().position(|&m| m == pick).unwrap_or(0) + 1;
            shifts.push(shift(
                coverage,
                &coverage.rotas[r].id,
                &org.people[pick].id,
                coverage.horizon.date(first),
                days,
            ));
        }
    }
    shifts
}

/// One team `a` with a high-exposure service (so a team rota, `team-a`),
/// the given people (id, time off ranges) and handoff; `extra` is appended
/// inside the file (rules, holidays…).
pub fn one_team(
    handoff: &str,
    people: &[(&str, &[(&str, &str)])],
    extra: &str,
) -> (Organisation, String) {
    let mut text = format!(
        r#"[organisation]
name = "Test"
timezone = "Europe/London"
currency = "GBP"

[working_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:30"

[pay]
weeknight = 40.0
weekend_day = 80.0
holiday = 120.0

[rotation]
handoff = "{handoff}"
handoff_day = "mon"

[[bands]]
name = "high"
max_hourly_exposure = 800000
availability = 99.9
on_call = "team"

[[domains]]
id = "d"
name = "D"

[[teams]]
id = "a"
name = "A"
domain = "d"

[[services]]
id = "s"
name = "S"
team = "a"
hourly_exposure = 500000
{extra}
"#
    );
    for (id, off) in people {
        text.push_str(&format!(
            "\n[[people]]\nid = \"{id}\"\nname = \"{id}\"\nteam = \"a\"\n"
        ));
        if !off.is_empty() {
            let ranges: Vec<String> = off
                .iter()
                .map(|(f, t)| format!("{{ from = \"{f}\", to = \"{t}\" }}"))
                .collect();
            text.push_str(&format!("time_off = [{}]\n", ranges.join(", ")));
        }
    }
    let org = parse_organisation("test.toml", &text).unwrap_or_else(|d| panic!("{d}\n{text}"));
    (org, text)
}

/// The planner's screen as drawn at `width` x `height`, in the monochrome
/// theme with the default keys.
pub fn render(
    app: &rota::tui::app::App,
    width: u16,
    height: u16,
) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    use rota::tui::keymap::Keymap;
    use rota::tui::theme::Theme;
    use rota::tui::views::{self, Ui};
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    let keymap = Keymap::defaults();
    let theme = Theme::mono();
    terminal
        .draw(|f| {
            views::draw(
                f,
                &Ui {
                    app,
                    keymap: &keymap,
                    theme: &theme,
                },
            )
        })
        .unwrap();
    terminal
}
