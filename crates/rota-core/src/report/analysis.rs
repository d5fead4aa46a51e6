//! The report of a schedule: one serialisable model (remuneration, run cost,
//! warnings) that every output format renders.

use chrono::NaiveDate;

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
