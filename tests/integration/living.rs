//! The living rota: history stays as it was whatever changes, dated
//! organisation changes apply from their date, re-plans move little, and a
//! schedule rolls forward keeping its future.

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use rota_core::calendar::Horizon;
use rota_core::findings::{Severity, schedule_findings_at};
use rota_core::org::generate::{GenerateOptions, generate};
use rota_core::org::{Organisation, parse_organisation};
use rota_core::planner::{PlanOptions, plan_schedule};
use rota_core::rotas::Coverage;
use rota_core::schedule::{Changes, Schedule, Shift, start_of_day};

const EXAMPLE: &str = include_str!("../../schedules/example.toml");

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn load(text: &str) -> Organisation {
    parse_organisation("org.toml", text).unwrap_or_else(|d| panic!("{d}"))
}

/// A schedule planned afresh over a horizon.
fn fresh(text: &str, horizon: Horizon) -> Schedule {
    let org = load(text);
    plan_schedule(&org, text, "org.toml", horizon, &PlanOptions::default()).0
}

/// `existing` re-planned against an organisation text at `now`.
fn replan(text: &str, existing: &Schedule, horizon: Horizon, now: DateTime<Utc>) -> Schedule {
    let org = load(text);
    let options = PlanOptions {
        existing: Some(existing),
        previous: None,
        now: Some(now),
    };
    plan_schedule(&org, text, "org.toml", horizon, &options).0
}

fn history(s: &Schedule, now: DateTime<Utc>) -> Vec<&Shift> {
    s.shifts.iter().filter(|x| x.is_history(now)).collect()
}

/// The history of both schedules, written out as the file has it.
fn history_text(s: &Schedule, now: DateTime<Utc>) -> String {
    let mut only = s.clone();
    only.shifts.retain(|x| x.is_history(now));
    rota_core::schedule::write_schedule(&only)
}

/// Inserts `line` into the `[[people]]` table of `id`.
fn person_line(text: &str, id: &str, line: &str) -> String {
    let at = text
        .find(&format!("id = \"{id}\"\n"))
        .unwrap_or_else(|| panic!("{id} in the file"));
    let end = at + text[at..].find('\n').unwrap() + 1;
    format!("{}{line}\n{}", &text[..end], &text[end..])
}

/// Hard errors about shifts that started before now.
fn history_errors(text: &str, s: &Schedule, now: DateTime<Utc>) -> Vec<String> {
    let org = load(text);
    let coverage = Coverage::build(&org, s.horizon());
    schedule_findings_at(&org, text, &coverage, s, Some(now))
        .into_iter()
        .filter(|w| w.severity == Severity::Error)
        .map(|w| format!("[{}] {}", w.code.as_str(), w.message))
        .collect()
}

#[test]
fn measure_example_time_off() {
    let horizon = Horizon::weeks(date("2026-11-23"), 13);
    let before = fresh(EXAMPLE, horizon);
    let today = date("2026-12-01");
    let org = load(EXAMPLE);
    let now = start_of_day(&org, today);
    for who in ["ava", "harry", "mohammed", "grace", "tom", "leah"] {
        for from in ["2026-12-14", "2027-01-04", "2027-02-01"] {
            let f = date(from);
            let to = f + chrono::Days::new(13);
            let text = person_line(
                EXAMPLE,
                who,
                &format!("time_off = [ {{ from = \"{f}\", to = \"{to}\" }} ]"),
            );
            if parse_organisation("org.toml", &text).is_err() {
                continue;
            }
            let after = replan(&text, &before, horizon, now);
            let org2 = load(&text);
            let clashing = before
                .shifts
                .iter()
                .filter(|s| s.person == who && !s.is_history(now))
                .filter(|s| {
                    let a = s.start.with_timezone(&org2.timezone).date_naive();
                    let b = a + chrono::Days::new(s.slices as u64 - 1);
                    a <= to && f <= b
                })
                .count();
            let c = Changes::between(&org2, &before, &after, now);
            eprintln!("{who} {from}: clashing {clashing} moved {}", c.moved_shifts());
        }
    }
}
