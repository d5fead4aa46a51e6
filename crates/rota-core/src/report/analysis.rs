//! The report of a schedule: one serialisable model (remuneration, run cost,
//! warnings) that every output format renders.

use chrono::NaiveDate;

use super::grid::{OnCallGrid, on_call_grid};
use crate::analysis::{Remuneration, RunCost, remuneration, run_cost};
use crate::findings::{Findings, Warning};
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::Schedule;

/// Team counts the run cost is projected to when none are asked for.
pub const DEFAULT_PROJECTION: [usize; 4] = [10, 20, 40, 80];

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    pub organisation: String,
    pub currency: String,
    /// The schedule's dates (inclusive end).
    pub schedule_start: NaiveDate,
    pub schedule_end: NaiveDate,
    pub remuneration: Remuneration,
    pub run_cost: RunCost,
    /// Findings about the organisation, and those about the schedule that
    /// touch the range; errors first.
    pub warnings: Vec<Warning>,
    /// Who is on call on each date of the range, for the managers' page.
    /// Not in the JSON: its shifts are the schedule's own.
    #[serde(skip)]
    pub on_call: OnCallGrid,
}

/// The report for the dates `[from, to_exclusive)` of a schedule, with the
/// findings gathered for it ([`Findings::gather`]) that touch the range.
pub fn build(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    from: NaiveDate,
    to_exclusive: NaiveDate,
    findings: &Findings,
) -> Report {
    let pay = remuneration(org, coverage, schedule, from, to_exclusive);
    let warnings = findings.touching(pay.from, pay.to);
    Report {
        organisation: org.name.clone(),
        currency: org.currency.clone(),
        schedule_start: schedule.start,
        schedule_end: schedule.end.pred_opt().unwrap_or(schedule.end),
        remuneration: pay,
        run_cost: run_cost(org, &DEFAULT_PROJECTION),
        warnings,
        on_call: on_call_grid(org, coverage, schedule, from, to_exclusive),
    }
}

/// A share as a whole percentage: `25%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// One run-cost row as the text and Markdown tables show it: teams (marked
/// `(now)` for the organisation as it is), rotas, head count a night, tiered
/// and one-rota-per-team yearly cost, and their ratio.
pub fn run_cost_cells(row: &crate::analysis::runcost::RunCostRow) -> Vec<String> {
    vec![
        if row.projected {
            row.teams.to_string()
        } else {
            format!("{} (now)", row.teams)
        },
        row.growth.as_str().to_string(),
        row.team_level_teams.to_string(),
        row.rotas.to_string(),
        row.on_call_per_night.to_string(),
        row.tiered_yearly_cost.to_string(),
        row.per_team_yearly_cost.to_string(),
        percent(crate::analysis::runcost::share(
            row.tiered_yearly_cost,
            row.per_team_yearly_cost,
        )),
    ]
}

/// The header of [`run_cost_cells`].
pub const RUN_COST_HEADER: [&str; 8] = [
    "teams",
    "growth",
    "team-level",
    "rotas",
    "on call a night",
    "tiered",
    "one rota per team",
    "tiered/baseline",
];

/// What tiering buys, in words a manager reads at once: the tiered cost
/// follows the high-exposure (team-level) teams, not the number of teams.
pub fn growth_summary(c: &crate::analysis::runcost::RunCost) -> Vec<String> {
    use crate::analysis::runcost::Growth;
    let mut out = vec![format!(
        "Tiered cost grows with the high-exposure teams, not with the number of teams: each team-level team adds a rota ({} a year); a domain-level team joining today's domains adds {}, and one in a new domain about {}; a low-exposure team adds nothing. One rota per team adds {} for every team.",
        c.rota_year,
        c.marginal(Growth::ExistingDomains)
            .map_or(c.rota_year, |m| m.domain),
        c.marginal(Growth::NewDomains)
            .map_or(c.rota_year, |m| m.domain),
        c.rota_year,
    )];
    let (Some(first), Some(last)) = (
        c.fixed_domains.iter().min_by_key(|r| r.teams),
        c.fixed_domains.iter().max_by_key(|r| r.teams),
    ) else {
        return out;
    };
    if last.teams > first.teams {
        out.push(format!(
            "From {} to {} teams with today's domains: tiered {} to {} ({} more team-level teams), one rota per team {} to {}.",
            first.teams,
            last.teams,
            first.tiered_yearly_cost,
            last.tiered_yearly_cost,
            last.team_level_teams.saturating_sub(first.team_level_teams),
            first.per_team_yearly_cost,
            last.per_team_yearly_cost,
        ));
    }
    out
}

/// A totals row (team, domain, rota) as the text and Markdown tables show
/// it: id, people, slices by kind, standby, callouts, callout pay, total.
pub fn total_cells(t: &crate::analysis::pay::Total, estimated: bool) -> Vec<String> {
    vec![
        t.id.clone(),
        t.people.to_string(),
        t.weeknight_slices.to_string(),
        t.weekend_slices.to_string(),
        t.holiday_slices.to_string(),
        t.standby_pay.to_string(),
        callouts(t.callouts, estimated),
        t.callout_pay.to_string(),
        t.total_pay.to_string(),
    ]
}

/// Callouts as counted: whole when recorded, two places when expected.
pub fn callouts(n: f64, estimated: bool) -> String {
    if estimated {
        format!("{n:.2}")
    } else {
        format!("{n:.0}")
    }
}
