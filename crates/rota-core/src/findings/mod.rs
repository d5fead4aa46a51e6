//! Every finding about an organisation (and its schedule, when there is
//! one), gathered in one place for `check`, `report` and the TUI.

pub mod burnout;
mod code;
mod hard;

pub use code::{Code, Severity, Warning, sort};

pub use hard::{schedule_findings, schedule_findings_at};

use crate::org::Organisation;
use crate::rotas::Coverage;
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

/// Every finding about a schedule against its organisation: the hard ones
/// (unfilled, clashes, stale, time off, ...) and the burnout rules. `check
/// --schedule` and the TUI both gather them here; add the organisation's own
/// findings ([`organisation_warnings`]) beside them.
pub fn schedule_checks(
    org: &Organisation,
    org_text: &str,
    coverage: &Coverage,
    schedule: &crate::schedule::Schedule,
) -> Vec<Warning> {
    schedule_checks_at(org, org_text, coverage, schedule, None)
}

/// [`schedule_checks`] with what started before `now` taken as history (see
/// [`schedule_findings_at`]).
pub fn schedule_checks_at(
    org: &Organisation,
    org_text: &str,
    coverage: &Coverage,
    schedule: &crate::schedule::Schedule,
    now: Option<chrono::DateTime<chrono::Utc>>,
) -> Vec<Warning> {
    let mut out = schedule_findings_at(org, org_text, coverage, schedule, now);
    out.extend(schedule_warnings(org, coverage, schedule));
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
        | Code::CalloutLoad => true,
        Code::Unfilled
        | Code::StaleSchedule
        | Code::HolidayImbalance
        | Code::LinearRunCost
        | Code::InflatedTarget
        | Code::InvalidCallout => false,
    }
}
