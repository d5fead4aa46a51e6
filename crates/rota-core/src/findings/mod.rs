//! Every finding about an organisation (and its schedule, when there is
//! one), gathered in one place for `check`, `report` and the TUI.

pub mod burnout;
mod code;
mod hard;
mod rest;

pub use code::{Code, Severity, Warning, sort};

pub use hard::{schedule_findings, schedule_findings_at, stale_findings};
pub use rest::rest_warnings;

use chrono::NaiveDate;

use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::Schedule;
use crate::tier::inflated_targets;

pub use burnout::{coverage_warnings, linear_run_cost, schedule_warnings};

/// Findings about the organisation itself, whatever the schedule: inflated
/// targets, and over its typical year (see `analysis::typical_year`) rotas
/// that are too small, teams that leave on-call to a few, and run cost that
/// grows like one rota per team.
pub fn organisation_warnings(org: &Organisation) -> Vec<Warning> {
    let year = Coverage::build(org, crate::analysis::typical_year(org));
    organisation_warnings_over(org, &year)
}

/// [`organisation_warnings`] over a coverage already built for the typical
/// year, for a caller (the TUI) that keeps one to cost the year as well.
pub fn organisation_warnings_over(org: &Organisation, year: &Coverage) -> Vec<Warning> {
    let mut out = Vec::new();
    for t in inflated_targets(org) {
        let s = &org.services[t.service];
        out.push(
            Warning::new(
                Code::InflatedTarget,
                format!(
                    "{} asks for {}% availability but its exposure ({}/h) only justifies {}%",
                    s.id,
                    crate::display::format_percent(t.declared),
                    crate::display::format_exposure(s.hourly_exposure),
                    crate::display::format_percent(t.band_availability),
                ),
                format!(
                    "lower {}'s availability to {} or show a higher hourly exposure",
                    s.id,
                    crate::display::format_percent(t.band_availability)
                ),
            )
            .service(s.id.clone())
            .team(org.teams[s.team].id.clone()),
        );
    }
    out.extend(coverage_warnings(org, year));
    let cost = crate::analysis::runcost::run_cost_over(org, year, &[]);
    out.extend(linear_run_cost(org, &cost));
    out
}

/// A schedule to check: the organisation text it goes with (a changed
/// digest makes it stale) and the coverage of its horizon.
#[derive(Debug, Clone, Copy)]
pub struct Scheduled<'a> {
    pub org_text: &'a str,
    pub coverage: &'a Coverage,
    pub schedule: &'a Schedule,
    /// Now: what started before it is history, not judged by today's
    /// organisation (see [`schedule_findings_at`]); `None`: nothing is.
    pub now: Option<chrono::DateTime<chrono::Utc>>,
}

/// Every finding about an organisation and its schedule. The two parts are
/// kept apart because a report over part of a schedule keeps all of the
/// organisation's findings (made over its typical year) but only the
/// schedule's that touch its dates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Findings {
    /// About the organisation itself ([`organisation_warnings`]).
    pub organisation: Vec<Warning>,
    /// About the schedule: the hard constraints ([`schedule_findings`]:
    /// unfilled, clashes, stale, ...) and the burnout rules
    /// ([`schedule_warnings`]).
    pub schedule: Vec<Warning>,
}

impl Findings {
    /// The one place findings are gathered, for `check`, `report`, the TUI
    /// and its export alike.
    pub fn gather(org: &Organisation, scheduled: Option<Scheduled>) -> Findings {
        Findings::gather_with(organisation_warnings(org), org, scheduled)
    }

    /// [`Findings::gather`] with the organisation's own findings already
    /// made, for a caller (the TUI) that keeps them until the organisation
    /// changes.
    pub fn gather_with(
        organisation: Vec<Warning>,
        org: &Organisation,
        scheduled: Option<Scheduled>,
    ) -> Findings {
        let mut schedule = Vec::new();
        if let Some(s) = scheduled {
            schedule = schedule_findings_at(org, s.org_text, s.coverage, s.schedule, s.now);
            schedule.extend(schedule_warnings(org, s.coverage, s.schedule));
        }
        Findings {
            organisation,
            schedule,
        }
    }

    /// Every finding, sorted (errors first).
    pub fn all(&self) -> Vec<Warning> {
        let mut out = self.organisation.clone();
        out.extend(self.schedule.iter().cloned());
        sort(&mut out);
        out
    }

    /// The organisation's findings, and the schedule's that touch the dates
    /// `from..=to` (or carry no dates), sorted.
    pub fn touching(&self, from: NaiveDate, to: NaiveDate) -> Vec<Warning> {
        let mut out = self.organisation.clone();
        out.extend(
            self.schedule
                .iter()
                .filter(|w| match (w.from, w.to) {
                    (Some(a), Some(b)) => a <= to && from <= b,
                    _ => true,
                })
                .cloned(),
        );
        sort(&mut out);
        out
    }
}

/// How many findings are errors and how many warnings: `(errors, warnings)`.
pub fn severity_counts(warnings: &[Warning]) -> (usize, usize) {
    let errors = warnings
        .iter()
        .filter(|w| w.severity == Severity::Error)
        .count();
    (errors, warnings.len() - errors)
}

/// The hard findings about the pinned shifts of a schedule alone: a pin on
/// someone's time off, on an unknown person or rota, off the slices, or on
/// top of another pin. `plan` keeps pins exactly, so it refuses to write a
/// schedule whose pins would fail `check`. Slices the pins leave empty are
/// the planner's to fill, so `unfilled` is not among them.
pub fn broken_pins(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &crate::schedule::Schedule,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Warning> {
    let pins = crate::schedule::Schedule {
        shifts: schedule
            .shifts
            .iter()
            .filter(|s| s.pinned)
            .cloned()
            .collect(),
        callouts: Vec::new(),
        // Pins are judged by the organisation as it is, not by its digest.
        organisation_digest: String::new(),
        ..schedule.clone()
    };
    // History is kept as it was worked, never refused: only pins still to
    // come are judged.
    let mut out: Vec<Warning> = hard::schedule_findings_at(org, "", coverage, &pins, Some(now))
        .into_iter()
        .filter(|w| w.code != Code::Unfilled && w.severity == Severity::Error)
        .collect();
    sort(&mut out);
    out
}

/// Whether a finding puts the people it names at risk: over a burnout limit
/// (on-call share, slices in a row, rest, callout load, a rota or team
/// leaning on a few) or on call when they should not be (time off, two
/// rotas at once, not eligible). A holiday imbalance names the lightly
/// loaded as well as the heavily, and a stale shift is about the file, so
/// neither counts.
pub fn puts_people_at_risk(code: Code) -> bool {
    match code {
        Code::TimeOffClash
        | Code::DoubleBooked
        | Code::NotEligible
        | Code::RotaTooSmall
        | Code::OncallShare
        | Code::ConsecutiveSlices
        | Code::BackToBack
        | Code::LimitedParticipation
        | Code::CalloutLoad
        | Code::ShortRest
        | Code::CalloutNights => true,
        Code::Unfilled
        | Code::StaleSchedule
        | Code::HolidayImbalance
        | Code::LinearRunCost
        | Code::InflatedTarget
        | Code::InvalidCallout
        | Code::OverlappingShifts
        | Code::CoverGap => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dated(code: Code, from: (i32, u32, u32), to: (i32, u32, u32)) -> Warning {
        let d = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        Warning::new(code, format!("{code:?}"), "fix").dates(d(from), d(to))
    }

    #[test]
    fn a_range_keeps_the_organisations_findings_and_the_schedules_that_touch_it() {
        let findings = Findings {
            // Over the typical year, far from the range: kept all the same.
            organisation: vec![dated(Code::RotaTooSmall, (2026, 1, 5), (2026, 1, 9))],
            schedule: vec![
                dated(Code::Unfilled, (2027, 3, 1), (2027, 3, 3)),
                dated(Code::OncallShare, (2027, 3, 3), (2027, 3, 9)),
                dated(Code::BackToBack, (2027, 3, 10), (2027, 3, 12)),
                Warning::new(Code::HolidayImbalance, "undated", "fix"),
            ],
        };
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        let codes: Vec<Code> = findings
            .touching(d(3, 3), d(3, 9))
            .iter()
            .map(|w| w.code)
            .collect();
        assert_eq!(
            codes,
            [
                Code::Unfilled,
                Code::RotaTooSmall,
                Code::OncallShare,
                Code::HolidayImbalance
            ]
        );
        assert_eq!(findings.all().len(), 5);
        assert_eq!(severity_counts(&findings.all()), (1, 4));
    }
}
