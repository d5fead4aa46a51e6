//! Every finding about an organisation (and its schedule, when there is
//! one), gathered in one place for `check`, `report` and the TUI.

mod hard;

pub use hard::schedule_findings;

use crate::org::Organisation;
use crate::tier::inflated_targets;
use crate::warning::{Code, Warning};

/// Findings about the organisation itself, whatever the schedule.
pub fn organisation_warnings(org: &Organisation) -> Vec<Warning> {
    let mut out = Vec::new();
    for t in inflated_targets(org) {
        let s = &org.services[t.service];
        out.push(
            Warning::new(
                Code::InflatedTarget,
                format!(
                    "{} asks for {}% availability but its exposure ({}/h) only justifies {}%",
                    s.id,
                    crate::report::targets::format_percent(t.declared),
                    crate::report::targets::format_exposure(s.hourly_exposure),
                    crate::report::targets::format_percent(t.band_availability),
                ),
                format!(
                    "lower {}'s availability to {} or show a higher hourly exposure",
                    s.id,
                    crate::report::targets::format_percent(t.band_availability)
                ),
            )
            .service(s.id.clone())
            .team(org.teams[s.team].id.clone()),
        );
    }
    out
}
