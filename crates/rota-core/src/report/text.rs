//! Plain-text forms of the report and the run cost, for a terminal.

use std::fmt::Write as _;

use super::analysis::{
    RUN_COST_HEADER, Report, callouts, growth_summary, percent, run_cost_cells, total_cells,
};
use super::table::{Align, render};
use crate::analysis::pay::Total;
use crate::analysis::runcost::RunCost;
use crate::display::plural;
use crate::findings::{Warning, severity_counts};
use crate::input::diag::Severity;

const R: Align = Align::Right;
const L: Align = Align::Left;

/// The whole report: remuneration, totals, run cost, warnings.
pub fn report(r: &Report) -> String {
    let pay = &r.remuneration;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} on-call report, {} to {} ({} out-of-hours slices), money in {}",
        r.organisation, pay.from, pay.to, pay.range_slices, r.currency
    );
    let _ = writeln!(out, "{}\n", callout_note(pay.callouts_estimated));
    let _ = writeln!(out, "Remuneration per person");
    let co = if pay.callouts_estimated {
        "callouts*"
    } else {
        "callouts"
    };
    let rows: Vec<Vec<String>> = pay
        .people
        .iter()
        .map(|p| {
            vec![
                p.person.clone(),
                p.team.clone(),
                p.weeknight_slices.to_string(),
                p.weekend_slices.to_string(),
                p.holiday_slices.to_string(),
                p.standby_pay.to_string(),
                callouts(p.callouts, pay.callouts_estimated),
                p.callout_pay.to_string(),
                p.total_pay.to_string(),
                percent(p.oncall_share),
                p.payable_pay.to_string(),
            ]
        })
        .collect();
    out.push_str(&render(
        &[
            "person",
            "team",
            "weeknight",
            "weekend",
            "holiday",
            "standby",
            co,
            "callout pay",
            "total",
            "on call",
            "payable",
        ],
        &[L, L, R, R, R, R, R, R, R, R, R],
        &rows,
    ));
    // Standby by role, when someone in the range was secondary.
    if pay.people.iter().any(|p| p.secondary_slices.is_some()) {
        let rows: Vec<Vec<String>> = pay
            .people
            .iter()
            .map(|p| {
                let second = p.secondary_slices.unwrap_or(0);
                let slices = p.weeknight_slices + p.weekend_slices + p.holiday_slices;
                vec![
                    p.person.clone(),
                    (slices - second).to_string(),
                    p.primary_standby_pay().to_string(),
                    second.to_string(),
                    p.secondary_standby_pay.unwrap_or_default().to_string(),
                ]
            })
            .collect();
        let _ = writeln!(out, "\nStandby by role");
        out.push_str(&render(
            &["person", "primary", "standby", "secondary", "standby"],
            &[L, R, R, R, R],
            &rows,
        ));
    }
    if pay.people.is_empty() {
        let _ = writeln!(out, "(nobody was on call in this range)");
    }
    for (title, totals) in [
        ("team", &pay.teams),
        ("domain", &pay.domains),
        ("rota", &pay.rotas),
    ] {
        let _ = writeln!(out, "\nTotals per {title}");
        out.push_str(&totals_table(title, totals, pay.callouts_estimated));
    }
    let t = &pay.total;
    let _ = writeln!(
        out,
        "\nOrganisation: {} people, {} slices ({} weeknight, {} weekend, {} holiday), standby {}, callouts {}{} paid {}, total {}, payable {}",
        t.people,
        t.slices(),
        t.weeknight_slices,
        t.weekend_slices,
        t.holiday_slices,
        t.standby_pay,
        callouts(t.callouts, pay.callouts_estimated),
        if pay.callouts_estimated {
            " (expected)"
        } else {
            ""
        },
        t.callout_pay,
        t.total_pay,
        t.payable_pay
    );
    if pay.unplaced_shifts > 0 {
        let _ = writeln!(
            out,
            "{} shift(s) name an unknown rota or person or do not line up with the organisation's slices, and are left out; run `rota check ORG --schedule SCHEDULE`",
            pay.unplaced_shifts
        );
    }
    out.push('\n');
    out.push_str(&cost(&r.run_cost));
    out.push('\n');
    out.push_str(&warnings(&r.warnings));
    out
}

pub fn callout_note(estimated: bool) -> &'static str {
    if estimated {
        "* Callouts are estimates from the services' callouts_per_week: the schedule records none in this range. Payable pay is standby only."
    } else {
        "Callouts are the ones recorded in the schedule. Payable pay is standby plus recorded callouts."
    }
}

fn totals_table(title: &str, totals: &[Total], estimated: bool) -> String {
    let rows: Vec<Vec<String>> = totals.iter().map(|t| total_cells(t, estimated)).collect();
    render(
        &[
            title,
            "people",
            "weeknight",
            "weekend",
            "holiday",
            "standby",
            if estimated { "callouts*" } else { "callouts" },
            "callout pay",
            "total",
        ],
        &[L, R, R, R, R, R, R, R, R],
        &rows,
    )
}

/// "2 errors, 1 warning": how many findings of each severity.
pub fn tally(ws: &[Warning]) -> String {
    let (errors, warnings) = severity_counts(ws);
    format!(
        "{errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    )
}

/// One finding and, on the next line, its fix, indented by `indent`; led by
/// its severity when the list does not group them.
fn finding(out: &mut String, w: &Warning, indent: &str, with_severity: bool) {
    let _ = write!(out, "{indent}");
    if with_severity {
        let _ = write!(out, "{} ", w.severity);
    }
    let _ = writeln!(out, "[{}] {}", w.code.as_str(), w.message);
    let _ = writeln!(out, "{indent}  fix: {}", w.fix);
}

/// The findings as a report ends: a tally, then errors and warnings under
/// headings of their own.
pub fn warnings(ws: &[Warning]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Findings: {}", tally(ws));
    for (title, severity) in [("Errors", Severity::Error), ("Warnings", Severity::Warning)] {
        let group: Vec<&Warning> = ws.iter().filter(|w| w.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}");
        for w in group {
            finding(&mut out, w, "  ", false);
        }
    }
    out
}

/// The findings as `rota check` lists them: a tally, then each finding led
/// by its severity, in the order given (errors first once sorted).
pub fn warning_list(ws: &[Warning]) -> String {
    format!("\n{}\n{}", tally(ws), findings(ws))
}

/// Each finding led by its severity, with its fix: the lines of
/// [`warning_list`] without the tally, for a command that mentions a few
/// findings on the way (`export` and a stale schedule).
pub fn findings(ws: &[Warning]) -> String {
    let mut out = String::new();
    for w in ws {
        finding(&mut out, w, "", true);
    }
    out
}

/// The run cost: a table of now and projected team counts, and a chart.
pub fn cost(c: &RunCost) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Yearly run cost: standby for the 52 weeks {} to {}, money in {}",
        c.year_start, c.year_end, c.currency
    );
    let _ = writeln!(
        out,
        "{} weeknight, {} weekend and {} holiday slices: one rota covered all year costs {}",
        c.weeknight_slices, c.weekend_slices, c.holiday_slices, c.rota_year
    );
    let _ = writeln!(
        out,
        "Teams on an ordinary day: {} team-level, {} domain-level, {} none, across {} domains",
        c.team_level_teams, c.domain_level_teams, c.none_level_teams, c.domains
    );
    let rows: Vec<Vec<String>> = c.all_rows().into_iter().map(run_cost_cells).collect();
    out.push_str(&render(&RUN_COST_HEADER, &[L, L, R, R, R, R, R, R], &rows));
    if !c.projections.is_empty() {
        let _ = writeln!(
            out,
            "Projections keep today's mix of levels and leave peaks out: existing-domains adds teams to today's {} domains, new-domains grows domains with the teams.",
            c.domains
        );
    }
    out.push('\n');
    for line in growth_summary(c) {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    let marginal: Vec<Vec<String>> = c
        .marginal
        .iter()
        .map(|m| {
            vec![
                m.growth.as_str().to_string(),
                m.none.to_string(),
                m.domain.to_string(),
                m.team.to_string(),
                m.per_team.to_string(),
            ]
        })
        .collect();
    let _ = writeln!(out, "Yearly cost of one more team, by its level");
    out.push_str(&render(
        &["growth", "none", "domain", "team", "one rota per team"],
        &[L, R, R, R, R],
        &marginal,
    ));
    out.push('\n');
    out.push_str(&chart(c));
    out
}

/// Width of the chart's longest bar, in characters.
const CHART_WIDTH: usize = 48;

/// Horizontal bars of cost against team count: `#` tiered, `.` the rest of
/// one rota per team.
pub fn chart(c: &RunCost) -> String {
    let mut rows: Vec<_> = std::iter::once(&c.current)
        .chain(c.fixed_domains.iter())
        .collect();
    rows.sort_by_key(|r| (r.teams, r.projected));
    let max = rows
        .iter()
        .map(|r| r.tiered_yearly_cost.max(r.per_team_yearly_cost).minor())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Cost against team count, today's domains (# tiered, . one rota per team)"
    );
    let cells = |m: i64| -> usize {
        if max <= 0 {
            0
        } else {
            ((m as f64 / max as f64) * CHART_WIDTH as f64).round() as usize
        }
    };
    let label_width = rows
        .iter()
        .map(|r| r.teams.to_string().len())
        .max()
        .unwrap_or(1);
    for r in rows {
        let tiered = cells(r.tiered_yearly_cost.minor());
        let linear = cells(r.per_team_yearly_cost.minor());
        let bar = format!(
            "{}{}",
            "#".repeat(tiered),
            ".".repeat(linear.saturating_sub(tiered))
        );
        let _ = writeln!(
            out,
            "{:>label_width$} teams |{:<CHART_WIDTH$}| {} / {}{}",
            r.teams,
            bar,
            r.tiered_yearly_cost,
            r.per_team_yearly_cost,
            if r.projected { "" } else { "  now" }
        );
    }
    out
}

/// The payroll export for a terminal: per month, per person, payable money.
pub fn payroll(p: &crate::analysis::Payroll) -> String {
    let mut out = String::new();
    match p.history_to {
        Some(to) => {
            let _ = writeln!(
                out,
                "Payroll: payable on-call pay for the slices worked up to {to}, money in {}",
                p.currency
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Payroll: nothing in this schedule has been worked yet, money in {}",
                p.currency
            );
        }
    }
    let _ = writeln!(
        out,
        "Payable = standby + recorded callouts; estimated callouts are never paid.\n"
    );
    let rows: Vec<Vec<String>> = p
        .rows
        .iter()
        .map(|r| {
            vec![
                r.month.to_string(),
                r.person.clone(),
                r.employee_id.clone().unwrap_or_else(|| "-".into()),
                r.team.clone(),
                r.standby_pay.to_string(),
                r.callouts.to_string(),
                r.callout_pay.to_string(),
                r.payable_pay.to_string(),
            ]
        })
        .collect();
    out.push_str(&render(
        &[
            "month",
            "person",
            "employee",
            "team",
            "standby",
            "callouts",
            "callout pay",
            "payable",
        ],
        &[L, L, L, L, R, R, R, R],
        &rows,
    ));
    if p.rows.is_empty() {
        let _ = writeln!(out, "(nobody was paid for on-call in this history)");
    }
    let _ = writeln!(
        out,
        "\nTotal: standby {}, recorded callouts {}, payable {}",
        p.standby_pay, p.callout_pay, p.payable_pay
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Code;

    fn two() -> Vec<Warning> {
        vec![
            Warning::new(Code::Unfilled, "r has nobody", "assign someone"),
            Warning::new(Code::OncallShare, "ava is on a lot", "share it out"),
        ]
    }

    #[test]
    fn the_report_groups_findings_under_headings() {
        assert_eq!(
            warnings(&two()),
            "Findings: 1 error, 1 warning\n\
             \nErrors\n  [unfilled] r has nobody\n    fix: assign someone\n\
             \nWarnings\n  [oncall-share] ava is on a lot\n    fix: share it out\n"
        );
        assert_eq!(warnings(&[]), "Findings: 0 errors, 0 warnings\n");
    }

    #[test]
    fn check_lists_findings_led_by_their_severity() {
        assert_eq!(
            warning_list(&two()),
            "\n1 error, 1 warning\n\
             error [unfilled] r has nobody\n  fix: assign someone\n\
             warning [oncall-share] ava is on a lot\n  fix: share it out\n"
        );
    }
}
