//! `rota now` and `rota next` for a terminal and for scripts. Times are
//! shown to people in the organisation's zone with its abbreviation (so a
//! daylight-saving change is visible) and given to scripts in RFC 3339 UTC,
//! as the schedule file and the shift CSV have them.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

use crate::display::plural;
use crate::export::{self, Filter, rota_name};
use crate::money::Money;
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::Schedule;
use crate::schedule::oncall::{RotaNow, Stint, on_call_at, upcoming};

/// A stint with the person's name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Holder {
    pub person: String,
    pub name: String,
    #[serde(serialize_with = "utc")]
    pub since: DateTime<FixedOffset>,
    #[serde(serialize_with = "utc")]
    pub until: DateTime<FixedOffset>,
}

/// One rota at the instant, with names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RotaRow {
    pub rota: String,
    pub rota_name: String,
    pub on_call: Option<Holder>,
    pub working_hours: bool,
    pub next: Option<Holder>,
    /// The secondary then, where the schedule has secondaries for the rota.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary: Option<Holder>,
}

/// Everything `rota now` shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Now {
    pub organisation: String,
    pub timezone: String,
    pub at: DateTime<Utc>,
    pub rotas: Vec<RotaRow>,
}

fn utc<S: serde::Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&stamp(t))
}

fn stamp(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn name(org: &Organisation, id: &str) -> String {
    org.person_index(id)
        .map(|p| org.people[p].name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn holder(org: &Organisation, s: &Stint) -> Holder {
    Holder {
        person: s.person.clone(),
        name: name(org, &s.person),
        since: s.since,
        until: s.until,
    }
}

fn rota_label(coverage: &Coverage, id: &str) -> String {
    coverage
        .rota_index(id)
        .map(|r| rota_name(coverage, r))
        .unwrap_or_else(|| id.to_string())
}

/// Who is on call at `at` on every rota of the schedule.
pub fn now(org: &Organisation, schedule: &Schedule, at: DateTime<Utc>) -> Now {
    let coverage = Coverage::build(org, schedule.horizon());
    let rows = on_call_at(org, schedule, at)
        .into_iter()
        .map(|r: RotaNow| RotaRow {
            rota_name: rota_label(&coverage, &r.rota),
            on_call: r.on_call.as_ref().map(|s| holder(org, s)),
            working_hours: r.working_hours,
            next: r.next.as_ref().map(|s| holder(org, s)),
            secondary: r.secondary.as_ref().map(|s| holder(org, s)),
            rota: r.rota,
        })
        .collect();
    Now {
        organisation: org.name.clone(),
        timezone: org.timezone.name().to_string(),
        at,
        rotas: rows,
    }
}

/// `Mon 2026-12-07 17:30 GMT`.
fn local(org: &Organisation, t: DateTime<Utc>) -> String {
    t.with_timezone(&org.timezone)
        .format("%a %Y-%m-%d %H:%M %Z")
        .to_string()
}

pub fn now_text(org: &Organisation, n: &Now) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} on call at {} ({})",
        n.organisation,
        local(org, n.at),
        n.timezone
    );
    for r in &n.rotas {
        let _ = writeln!(out, "\n{}  {}", r.rota, r.rota_name);
        match &r.on_call {
            Some(h) => {
                let _ = writeln!(
                    out,
                    "  on call: {} ({}) since {} until {}{}",
                    h.name,
                    h.person,
                    local(org, h.since.with_timezone(&Utc)),
                    local(org, h.until.with_timezone(&Utc)),
                    if r.working_hours {
                        "; now in working hours, when the team covers"
                    } else {
                        ""
                    }
                );
            }
            None => {
                let _ = writeln!(out, "  on call: nobody (no shift holds this instant)");
            }
        }
        if let Some(h) = &r.secondary {
            let _ = writeln!(
                out,
                "  secondary: {} ({}) since {} until {}",
                h.name,
                h.person,
                local(org, h.since.with_timezone(&Utc)),
                local(org, h.until.with_timezone(&Utc))
            );
        }
        match &r.next {
            Some(h) => {
                let _ = writeln!(
                    out,
                    "  next:    {} ({}) from {} until {}",
                    h.name,
                    h.person,
                    local(org, h.since.with_timezone(&Utc)),
                    local(org, h.until.with_timezone(&Utc))
                );
            }
            None => {
                let _ = writeln!(out, "  next:    nobody before the schedule ends");
            }
        }
    }
    out
}

/// One upcoming shift of a person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Upcoming {
    pub rota: String,
    pub rota_name: String,
    #[serde(serialize_with = "utc")]
    pub start: DateTime<FixedOffset>,
    #[serde(serialize_with = "utc")]
    pub end: DateTime<FixedOffset>,
    pub slices: u32,
    pub standby_pay: Money,
    pub pinned: bool,
    pub note: String,
    /// It started before the instant and has not ended.
    pub in_progress: bool,
    /// `secondary` for a secondary's shift; left out for a primary's, as a
    /// missing role in the schedule file means primary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
}

/// Everything `rota next` shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Next {
    pub person: String,
    pub name: String,
    pub currency: String,
    pub at: DateTime<Utc>,
    pub shifts: Vec<Upcoming>,
}

/// A person's shifts that have not ended by `at`.
pub fn next(org: &Organisation, schedule: &Schedule, person: &str, at: DateTime<Utc>) -> Next {
    let coverage = Coverage::build(org, schedule.horizon());
    // The export works out pay per shift; match its shifts by instants.
    let filter = Filter {
        person: Some(person.to_string()),
        ..Filter::default()
    };
    let priced = export::build(org, &coverage, schedule, &filter).shifts;
    let shifts = upcoming(schedule, person, at)
        .into_iter()
        .map(|s| Upcoming {
            rota: s.rota.clone(),
            rota_name: rota_label(&coverage, &s.rota),
            start: s.start,
            end: s.end,
            slices: s.slices,
            standby_pay: priced
                .iter()
                .find(|p| {
                    p.rota == s.rota && p.start == s.start && p.end == s.end && p.role == s.role
                })
                .map_or(Money::ZERO, |p| p.standby_pay),
            pinned: s.pinned,
            note: s.note.clone(),
            in_progress: s.start.with_timezone(&Utc) <= at,
            role: s.role.is_secondary().then_some(s.role.as_str()),
        })
        .collect();
    Next {
        person: person.to_string(),
        name: name(org, person),
        currency: org.currency.clone(),
        at,
        shifts,
    }
}

pub fn next_text(org: &Organisation, n: &Next) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): {} upcoming shift{} from {}",
        n.name,
        n.person,
        n.shifts.len(),
        plural(n.shifts.len()),
        local(org, n.at)
    );
    for s in &n.shifts {
        let _ = writeln!(
            out,
            "  {} to {}  {} ({})  {} slice{}  {} {}{}{}{}{}",
            local(org, s.start.with_timezone(&Utc)),
            local(org, s.end.with_timezone(&Utc)),
            s.rota_name,
            s.rota,
            s.slices,
            plural(s.slices as usize),
            n.currency,
            s.standby_pay.grouped(),
            match s.role {
                Some(role) => format!("  [{role}]"),
                None => String::new(),
            },
            if s.in_progress { "  [in progress]" } else { "" },
            if s.pinned { "  [pinned]" } else { "" },
            if s.note.is_empty() {
                String::new()
            } else {
                format!("  note: {}", s.note)
            }
        );
    }
    out
}

pub fn json<T: serde::Serialize>(value: &T) -> String {
    let mut text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
