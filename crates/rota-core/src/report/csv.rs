//! CSV forms of the remuneration and the run cost (the columns docs/format.md names first).

use super::analysis::{Report, callouts};
use crate::analysis::runcost::RunCost;
use crate::display::spreadsheet_row;

fn finish(w: csv::Writer<Vec<u8>>) -> String {
    // Writing to a Vec cannot fail; an empty string is the safe fallback.
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

/// One row per person on call in the range.
pub fn remuneration(r: &Report) -> String {
    let pay = &r.remuneration;
    let mut w = csv::Writer::from_writer(Vec::new());
    // The pay by role, at the end, when someone in the range was secondary.
    let two_level = pay.people.iter().any(|p| p.secondary_slices.is_some());
    let role_columns: &[&str] = if two_level {
        &[
            "primary_slices",
            "primary_standby_pay",
            "secondary_slices",
            "secondary_standby_pay",
        ]
    } else {
        &[]
    };
    let _ = w.write_record(
        [
            "person",
            "name",
            "team",
            "weeknight_slices",
            "weekend_slices",
            "holiday_slices",
            "standby_pay",
            "callouts",
            "callout_pay",
            "total_pay",
            "oncall_share",
            "domain",
            "callouts_estimated",
            "payable_pay",
            "callout_basis",
        ]
        .iter()
        .chain(role_columns),
    );
    for p in &pay.people {
        let mut row = vec![
            p.person.clone(),
            p.name.clone(),
            p.team.clone(),
            p.weeknight_slices.to_string(),
            p.weekend_slices.to_string(),
            p.holiday_slices.to_string(),
            p.standby_pay.plain(),
            callouts(p.callouts, pay.callouts_estimated),
            p.callout_pay.plain(),
            p.total_pay.plain(),
            format!("{:.4}", p.oncall_share),
            p.domain.clone(),
            pay.callouts_estimated.to_string(),
            p.payable_pay.plain(),
            p.callout_basis.as_str().to_string(),
        ];
        if two_level {
            let second = p.secondary_slices.unwrap_or(0);
            let slices = p.weeknight_slices + p.weekend_slices + p.holiday_slices;
            row.extend([
                (slices - second).to_string(),
                p.primary_standby_pay().plain(),
                second.to_string(),
                p.secondary_standby_pay.unwrap_or_default().plain(),
            ]);
        }
        let _ = w.write_record(spreadsheet_row(row));
    }
    finish(w)
}

/// One row for the organisation as it is, then one per projected team count.
pub fn cost(c: &RunCost) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "teams",
        "rotas",
        "tiered_yearly_cost",
        "per_team_yearly_cost",
        "on_call_per_night",
        "projected",
        "growth",
        "team_level_teams",
        "domain_level_teams",
        "domain_rotas",
    ]);
    for r in c.all_rows() {
        let _ = w.write_record(spreadsheet_row([
            r.teams.to_string(),
            r.rotas.to_string(),
            r.tiered_yearly_cost.plain(),
            r.per_team_yearly_cost.plain(),
            r.on_call_per_night.to_string(),
            r.projected.to_string(),
            r.growth.as_str().to_string(),
            r.team_level_teams.to_string(),
            r.domain_level_teams.to_string(),
            r.domain_rotas.to_string(),
        ]));
    }
    finish(w)
}

/// The payroll export: one row per person per month of history, payable
/// money only (FORMAT.md columns first).
pub fn payroll(p: &crate::analysis::Payroll) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "month",
        "person",
        "employee_id",
        "name",
        "team",
        "standby_pay",
        "callouts",
        "callout_pay",
        "payable_pay",
        "weeknight_slices",
        "weekend_slices",
        "holiday_slices",
        "currency",
    ]);
    for r in &p.rows {
        let _ = w.write_record(spreadsheet_row([
            r.month.to_string(),
            r.person.clone(),
            r.employee_id.clone().unwrap_or_default(),
            r.name.clone(),
            r.team.clone(),
            r.standby_pay.plain(),
            r.callouts.to_string(),
            r.callout_pay.plain(),
            r.payable_pay.plain(),
            r.weeknight_slices.to_string(),
            r.weekend_slices.to_string(),
            r.holiday_slices.to_string(),
            p.currency.clone(),
        ]));
    }
    finish(w)
}
