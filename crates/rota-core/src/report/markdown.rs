//! The report in Markdown, for pull requests and managers.

use std::fmt::Write as _;

use super::analysis::{
    RUN_COST_HEADER, Report, callouts, growth_summary, percent, run_cost_cells, total_cells,
};
use crate::analysis::pay::Total;
use crate::input::diag::Severity;

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn header(out: &mut String, names: &[&str], right: &[bool]) {
    let _ = writeln!(out, "| {} |", names.join(" | "));
    let rule: Vec<&str> = right
        .iter()
        .map(|&r| if r { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
}

/// Pipes and line breaks would break a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn report(r: &Report) -> String {
    let pay = &r.remuneration;
    let est = pay.callouts_estimated;
    let mut out = String::new();
    let _ = writeln!(out, "# {} on-call report\n", cell(&r.organisation));
    let _ = writeln!(
        out,
        "{} to {} ({} out-of-hours slices). Money in {}. {}\n",
        pay.from,
        pay.to,
        pay.range_slices,
        r.currency,
        super::text::callout_note(est)
    );
    let _ = writeln!(out, "## Remuneration\n");
    let co = if est { "Callouts*" } else { "Callouts" };
    header(
        &mut out,
        &[
            "Person",
            "Name",
            "Team",
            "Weeknight",
            "Weekend",
            "Holiday",
            "Standby",
            co,
            "Callout pay",
            "Total",
            "On call",
            "Payable",
            "Basis",
        ],
        &[
            false, false, false, true, true, true, true, true, true, true, true, true, false,
        ],
    );
    for p in &pay.people {
        row(
            &mut out,
            &[
                p.person.clone(),
                cell(&p.name),
                p.team.clone(),
                p.weeknight_slices.to_string(),
                p.weekend_slices.to_string(),
                p.holiday_slices.to_string(),
                p.standby_pay.to_string(),
                callouts(p.callouts, est),
                p.callout_pay.to_string(),
                p.total_pay.to_string(),
                percent(p.oncall_share),
                p.payable_pay.to_string(),
                p.callout_basis.as_str().to_string(),
            ],
        );
    }
    let t = &pay.total;
    row(
        &mut out,
        &[
            "**Total**".into(),
            format!("{} people", t.people),
            String::new(),
            t.weeknight_slices.to_string(),
            t.weekend_slices.to_string(),
            t.holiday_slices.to_string(),
            format!("**{}**", t.standby_pay),
            callouts(t.callouts, est),
            format!("**{}**", t.callout_pay),
            format!("**{}**", t.total_pay),
            String::new(),
            format!("**{}**", t.payable_pay),
            String::new(),
        ],
    );
    // Standby by role, when someone in the range was secondary.
    if pay.people.iter().any(|p| p.secondary_slices.is_some()) {
        let _ = writeln!(out, "\n### Standby by role\n");
        header(
            &mut out,
            &[
                "Person",
                "Primary slices",
                "Primary standby",
                "Secondary slices",
                "Secondary standby",
            ],
            &[false, true, true, true, true],
        );
        for p in &pay.people {
            let second = p.secondary_slices.unwrap_or(0);
            let slices = p.weeknight_slices + p.weekend_slices + p.holiday_slices;
            row(
                &mut out,
                &[
                    p.person.clone(),
                    (slices - second).to_string(),
                    p.primary_standby_pay().to_string(),
                    second.to_string(),
                    p.secondary_standby_pay.unwrap_or_default().to_string(),
                ],
            );
        }
    }
    if pay.unplaced_shifts > 0 {
        let _ = writeln!(
            out,
            "\n{} shift(s) name an unknown rota or person or do not line up with the organisation's slices, and are left out.",
            pay.unplaced_shifts
        );
    }
    for (title, totals) in [
        ("team", &pay.teams),
        ("domain", &pay.domains),
        ("rota", &pay.rotas),
    ] {
        let _ = writeln!(out, "\n### Totals per {title}\n");
        totals_table(&mut out, title, totals, est);
    }

    let c = &r.run_cost;
    let _ = writeln!(out, "\n## Yearly run cost\n");
    let _ = writeln!(
        out,
        "Standby for 52 weeks from {} ({} weeknight, {} weekend, {} holiday slices); one rota all year costs {}.\n",
        c.year_start, c.weeknight_slices, c.weekend_slices, c.holiday_slices, c.rota_year
    );
    header(
        &mut out,
        &RUN_COST_HEADER
            .map(|h| {
                let mut cap = h.to_string();
                cap[..1].make_ascii_uppercase();
                cap
            })
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        &[false, false, true, true, true, true, true, true],
    );
    for r in c.all_rows() {
        row(&mut out, &run_cost_cells(r));
    }
    out.push('\n');
    for line in growth_summary(c) {
        let _ = writeln!(out, "{line}");
    }

    let errors = r
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "\n## Findings\n\n{} errors, {} warnings.",
        errors,
        r.warnings.len() - errors
    );
    for (title, sev) in [("Errors", Severity::Error), ("Warnings", Severity::Warning)] {
        let group: Vec<_> = r.warnings.iter().filter(|w| w.severity == sev).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}\n");
        for w in group {
            let _ = writeln!(
                out,
                "- `{}` {}  \n  Fix: {}",
                w.code.as_str(),
                w.message,
                w.fix
            );
        }
    }
    out
}

fn totals_table(out: &mut String, title: &str, totals: &[Total], est: bool) {
    let mut name = title.to_string();
    if let Some(first) = name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    header(
        out,
        &[
            &name,
            "People",
            "Weeknight",
            "Weekend",
            "Holiday",
            "Standby",
            if est { "Callouts*" } else { "Callouts" },
            "Callout pay",
            "Total",
        ],
        &[false, true, true, true, true, true, true, true, true],
    );
    for t in totals {
        row(out, &total_cells(t, est));
    }
}
