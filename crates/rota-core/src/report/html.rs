//! The managers' report as one self-contained HTML page: inline CSS, charts
//! as inline SVG, no scripts and no external assets, so it can be mailed,
//! opened offline and printed. Every piece of text is escaped.
//!
//! It renders a [`View`]: plain rows of text and numbers filled in from the
//! analysis [`Report`] by [`View::from_report`], so the page's layout is
//! tested on its own and its totals are the report's.

use crate::display::escape_html;
use std::fmt::Write as _;

use chrono::{Datelike as _, NaiveDate};

use super::analysis::{Report, callouts};
use super::grid::{Cell, OnCallGrid};
use super::svg::{Bar, Series, bar_chart, line_chart};
use crate::analysis::pay::Total;
use crate::calendar::SliceKind;
use crate::display::plural;
use crate::findings::Warning;
use crate::input::diag::Severity;
use crate::money::Money;

/// What the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub organisation: String,
    pub currency: String,
    /// Inclusive dates of the range reported.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Out-of-hours slices in the range.
    pub range_slices: u32,
    /// A sentence saying whether callouts are recorded or expected.
    pub callout_note: String,
    pub people: Vec<PersonRow>,
    pub teams: Vec<TotalRow>,
    pub rotas: Vec<TotalRow>,
    pub domains: Vec<TotalRow>,
    pub total: TotalRow,
    pub run_cost: Vec<RunCostRow>,
    /// A sentence about the run cost (the shape of the growth, the share of
    /// the baseline).
    pub run_cost_note: String,
    /// The year the run cost is taken over, which is not the range.
    pub run_cost_year: (NaiveDate, NaiveDate),
    pub warnings: Vec<Warning>,
    /// Who is on call on each date of the range.
    pub on_call: OnCallGrid,
}

impl View {
    /// Says plainly which period the run cost covers: a year of the
    /// organisation as it is, whatever the range, so a reader does not set
    /// a year's cost against a quarter's pay.
    pub fn run_cost_period(&self) -> String {
        let (start, end) = self.run_cost_year;
        format!(
            "The run cost covers a year, not this report's range: the 52 weeks from the first Monday of {}, {} to {}, with that year's public holidays. The pay above covers only {} to {}.",
            start.year(),
            start,
            end,
            self.from,
            self.to
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub person: String,
    pub name: String,
    pub team: String,
    pub weeknight_slices: u32,
    pub weekend_slices: u32,
    pub holiday_slices: u32,
    pub standby_pay: Money,
    /// As the report counts them (whole when recorded, two places when expected).
    pub callouts: String,
    pub callout_pay: Money,
    pub total_pay: Money,
    /// 0 to 1.
    pub oncall_share: f64,
    /// Standby plus recorded callout pay.
    pub payable_pay: Money,
    /// `estimated` or `recorded`: where the callout figures come from.
    pub callout_basis: &'static str,
    /// Of the slices and standby pay above, those held as secondary; `None`
    /// when nobody in the range was a secondary (the page then has no
    /// split by role).
    pub secondary_slices: Option<u32>,
    pub secondary_standby_pay: Option<Money>,
}

impl PersonRow {
    pub fn slices(&self) -> u32 {
        self.weeknight_slices + self.weekend_slices + self.holiday_slices
    }

    /// The slices held as primary: all of them less the secondary's.
    pub fn primary_slices(&self) -> u32 {
        self.slices() - self.secondary_slices.unwrap_or(0)
    }

    /// Standby pay as primary: the standby pay less the secondary's.
    pub fn primary_standby_pay(&self) -> Money {
        self.standby_pay - self.secondary_standby_pay.unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TotalRow {
    pub id: String,
    pub name: String,
    pub people: u32,
    pub slices: u32,
    pub standby_pay: Money,
    pub callout_pay: Money,
    pub total_pay: Money,
    pub payable_pay: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunCostRow {
    pub teams: usize,
    pub rotas: usize,
    pub tiered_yearly_cost: Money,
    pub per_team_yearly_cost: Money,
    /// False for the organisation as it is.
    pub projected: bool,
    /// `now`, `existing-domains` or `new-domains`.
    pub growth: &'static str,
}

impl View {
    /// The page's view of the analysis report.
    pub fn from_report(r: &Report) -> View {
        let pay = &r.remuneration;
        let estimated = pay.callouts_estimated;
        let total = |t: &Total| TotalRow {
            id: t.id.clone(),
            name: t.name.clone(),
            people: t.people,
            slices: t.slices(),
            standby_pay: t.standby_pay,
            callout_pay: t.callout_pay,
            total_pay: t.total_pay,
            payable_pay: t.payable_pay,
        };
        let c = &r.run_cost;
        let run_cost_note = format!(
            "{} teams: {} with a rota of their own, {} sharing domain rotas, {} without out-of-hours cover. \
The tiered plan costs {} a year, {} of the {} it would cost with one rota per team. Projections keep today's mix of levels and leave peaks out: existing-domains adds teams to today's domains, new-domains grows domains with them. {}",
            c.current.teams,
            c.own_rota_teams,
            c.domain_level_teams,
            c.none_level_teams,
            c.current.tiered_yearly_cost.grouped(),
            percent_of(c.current.tiered_yearly_cost, c.current.per_team_yearly_cost),
            c.current.per_team_yearly_cost.grouped(),
            super::analysis::growth_summary(c).join(" "),
        );
        // Team names by id, looked up once per person row.
        let team_names: std::collections::HashMap<&str, &str> = pay
            .teams
            .iter()
            .map(|t| (t.id.as_str(), t.name.as_str()))
            .collect();
        View {
            organisation: r.organisation.clone(),
            currency: r.currency.clone(),
            from: pay.from,
            to: pay.to,
            range_slices: pay.range_slices,
            callout_note: super::text::callout_note(estimated)
                .trim_start_matches("* ")
                .to_string(),
            people: pay
                .people
                .iter()
                .map(|p| PersonRow {
                    person: p.person.clone(),
                    name: p.name.clone(),
                    // The team's name where the totals have it, else its id.
                    team: team_names
                        .get(p.team.as_str())
                        .map_or_else(|| p.team.clone(), |name| name.to_string()),
                    weeknight_slices: p.weeknight_slices,
                    weekend_slices: p.weekend_slices,
                    holiday_slices: p.holiday_slices,
                    standby_pay: p.standby_pay,
                    callouts: callouts(p.callouts, estimated),
                    callout_pay: p.callout_pay,
                    total_pay: p.total_pay,
                    oncall_share: p.oncall_share,
                    payable_pay: p.payable_pay,
                    callout_basis: p.callout_basis.as_str(),
                    secondary_slices: p.secondary_slices,
                    secondary_standby_pay: p.secondary_standby_pay,
                })
                .collect(),
            teams: pay.teams.iter().map(total).collect(),
            rotas: pay.rotas.iter().map(total).collect(),
            domains: pay.domains.iter().map(total).collect(),
            total: total(&pay.total),
            run_cost: c
                .all_rows()
                .into_iter()
                .map(|row| RunCostRow {
                    teams: row.teams,
                    rotas: row.rotas,
                    tiered_yearly_cost: row.tiered_yearly_cost,
                    per_team_yearly_cost: row.per_team_yearly_cost,
                    projected: row.projected,
                    growth: row.growth.as_str(),
                })
                .collect(),
            run_cost_note,
            run_cost_year: (c.year_start, c.year_end),
            warnings: r.warnings.clone(),
            on_call: r.on_call.clone(),
        }
    }
}

/// The managers' report of an analysis report.
pub fn report(r: &Report) -> String {
    render(&View::from_report(r))
}

const STYLE: &str = r#"
:root { --ink: #1d2433; --muted: #5b6476; --rule: #d8dce4; --bar: #3465a4; --alt: #c4571b; --bad: #a40e26; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 28px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 15px; margin: 20px 0 6px; }
p.lede, p.note { color: var(--muted); margin: 4px 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin: 18px 0 6px; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; min-width: 0; overflow-wrap: anywhere; }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .v { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.wide { overflow-x: auto; max-width: 100%; }
p, li { overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 10px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { font-weight: 600; border-bottom: 1.5px solid var(--ink); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; border-top: 1.5px solid var(--ink); }
tr.projected td { color: var(--muted); }
.charts { display: grid; grid-template-columns: 1fr; gap: 8px; }
figure { margin: 8px 0 16px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { width: 100%; max-width: 860px; height: auto; display: block; font: 13px system-ui, Arial, sans-serif; }
svg .label { fill: var(--ink); }
svg .value, svg .note { fill: var(--muted); }
svg .bar { fill: var(--bar); }
svg .grid { stroke: var(--rule); stroke-width: 1; }
svg .axis { stroke: var(--ink); stroke-width: 1; }
svg polyline.line { fill: none; stroke: var(--bar); stroke-width: 2.5; }
svg polyline.line.alt { stroke: var(--alt); stroke-dasharray: 7 5; }
svg line.line { stroke: var(--bar); stroke-width: 2.5; }
svg line.line.alt { stroke: var(--alt); stroke-dasharray: 7 5; }
svg circle.line { fill: var(--bar); }
svg circle.line.alt { fill: var(--alt); }
ul.warnings { list-style: none; padding: 0; margin: 0; }
ul.warnings li { border-left: 4px solid var(--warn); padding: 6px 10px; margin: 0 0 8px; background: #fbf7ee; }
ul.warnings li.error { border-color: var(--bad); background: #fbeef0; }
.code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; font-weight: 600; }
.fix { color: var(--muted); }
p.period { font-weight: 600; margin: 4px 0 8px; }
table.grid { font-size: 12px; }
table.grid th, table.grid td { padding: 2px 6px; white-space: nowrap; }
table.grid td.date { font-variant-numeric: tabular-nums; color: var(--muted); }
table.grid tr.weekend td, table.grid tr.holiday td { background: #f3f5f9; }
table.grid tr.holiday td.date { color: var(--ink); font-weight: 600; }
table.grid td.same { color: var(--muted); }
table.grid td.unfilled { color: var(--bad); font-weight: 600; }
table.grid td.off { color: var(--rule); }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
@media (max-width: 600px) {
  body { padding: 16px 12px 32px; font-size: 14px; }
  h1 { font-size: 22px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .card .v { font-size: 18px; }
  th, td { padding: 4px 6px; }
}
@media print {
  @page { size: A4; margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  .cards { grid-template-columns: repeat(5, 1fr); gap: 6px; margin: 10px 0 4px; }
  .card { padding: 6px 8px; }
  .card .v { font-size: 14pt; }
  h2 { margin: 18px 0 8px; }
  h3 { margin: 12px 0 4px; }
  table { font-size: 8.5pt; }
  th, td { padding: 2px 6px; }
  /* A heading stays with what it heads; short blocks print whole. */
  h2, h3, p.note, figcaption { break-after: avoid; }
  .keep, figure, tr, li, .card { break-inside: avoid; }
  /* Long tables break between rows and repeat their header. */
  thead { display: table-header-group; }
  .wide { overflow: visible; }
  /* A chart fits the page: as wide as the text, no taller than a page. */
  svg.chart { max-width: 100%; max-height: 235mm; }
  /* The grid fits the page's width: names wrap rather than run off. */
  table.grid { font-size: 7.5pt; table-layout: fixed; }
  table.grid th, table.grid td { white-space: normal; padding: 1px 3px; }
  table.grid th:first-child { width: 12%; }
  table.grid tr.weekend td, table.grid tr.holiday td { background: none; border-bottom-color: var(--muted); }
  ul.warnings li, ul.warnings li.error { background: none; }
}
"#;

/// The whole page.
pub fn render(v: &View) -> String {
    let mut out = String::new();
    let title = format!("{} on-call report", v.organisation);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape_html(&title)
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape_html(&title));
    let _ = writeln!(
        out,
        "<p class=\"lede\">{} to {}: {} out-of-hours slices. Money in {}. {}</p>",
        v.from,
        v.to,
        v.range_slices,
        escape_html(&v.currency),
        escape_html(&v.callout_note)
    );
    summary_cards(&mut out, v);
    out.push_str("</header>\n");
    remuneration(&mut out, v);
    run_cost(&mut out, v);
    load(&mut out, v);
    warnings(&mut out, v);
    on_call(&mut out, v);
    let _ = writeln!(
        out,
        "<footer>Made by rota {} from the schedule and its organisation file.</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn summary_cards(out: &mut String, v: &View) {
    let on_call = v.people.iter().filter(|p| p.slices() > 0).count();
    let errors = v
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Error)
        .count();
    let current = v.run_cost.iter().find(|r| !r.projected);
    let mut cards = vec![
        ("Total pay", v.total.total_pay.grouped()),
        ("Payable pay", v.total.payable_pay.grouped()),
        ("Standby pay", v.total.standby_pay.grouped()),
        ("People on call", on_call.to_string()),
        (
            "Warnings",
            format!("{} ({} error{})", v.warnings.len(), errors, plural(errors)),
        ),
    ];
    if let Some(c) = current {
        cards.push(("Rotas", c.rotas.to_string()));
        cards.push(("Run cost a year", c.tiered_yearly_cost.grouped()));
        // The year's number, in full in the run-cost section.
        cards.push(("Run cost covers", v.run_cost_year.0.year().to_string()));
        cards.push(("One rota per team", c.per_team_yearly_cost.grouped()));
        cards.push((
            "Tiered vs baseline",
            percent_of(c.tiered_yearly_cost, c.per_team_yearly_cost),
        ));
    }
    out.push_str("<div class=\"cards\">\n");
    for (k, value) in cards {
        let _ = writeln!(
            out,
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div></div>",
            escape_html(k),
            escape_html(&value)
        );
    }
    out.push_str("</div>\n");
}

fn remuneration(out: &mut String, v: &View) {
    out.push_str("<section id=\"remuneration\">\n<div class=\"keep\">\n<h2>Remuneration</h2>\n");
    let bars: Vec<Bar> = v
        .teams
        .iter()
        .map(|t| Bar {
            label: t.name.clone(),
            value: t.total_pay.as_major(),
            text: t.total_pay.grouped(),
        })
        .collect();
    figure(out, "Pay per team", &bar_chart("Pay per team", &bars));
    out.push_str("</div>\n");

    for (heading, rows) in [
        ("Per team", &v.teams),
        ("Per rota", &v.rotas),
        ("Per domain", &v.domains),
    ] {
        // A breakdown is short: its heading and table print together.
        let _ = writeln!(out, "<div class=\"keep\">\n<h3>{heading}</h3>");
        totals_table(out, rows, &v.total);
        out.push_str("</div>\n");
    }
    let _ = writeln!(out, "<h3>Per person</h3>");
    table_head(
        out,
        &[
            ("Name", false),
            ("Team", false),
            ("Weeknight", true),
            ("Weekend", true),
            ("Holiday", true),
            ("Standby", true),
            ("Callouts", true),
            ("Callout pay", true),
            ("Total", true),
            ("On call", true),
            ("Payable", true),
            ("Basis", false),
        ],
    );
    for p in &v.people {
        row(
            out,
            "",
            &[
                (p.name.clone(), false),
                (p.team.clone(), false),
                (p.weeknight_slices.to_string(), true),
                (p.weekend_slices.to_string(), true),
                (p.holiday_slices.to_string(), true),
                (p.standby_pay.grouped(), true),
                (p.callouts.clone(), true),
                (p.callout_pay.grouped(), true),
                (p.total_pay.grouped(), true),
                (format!("{:.0}%", p.oncall_share * 100.0), true),
                (p.payable_pay.grouped(), true),
                (p.callout_basis.to_string(), false),
            ],
        );
    }
    table_end(out);
    by_role(out, v);

    out.push_str("</section>\n");
}

/// Standby by role, when someone in the range was secondary: per person
/// the slices and standby pay as primary and as secondary, with their
/// totals.
fn by_role(out: &mut String, v: &View) {
    if v.people.iter().all(|p| p.secondary_slices.is_none()) {
        return;
    }
    let _ = writeln!(out, "<h3>Standby by role</h3>");
    let _ = writeln!(
        out,
        "<p class=\"note\">Of each person's standby above, the part held as primary and the part held as secondary.</p>"
    );
    table_head(
        out,
        &[
            ("Name", false),
            ("Team", false),
            ("Primary slices", true),
            ("Primary standby", true),
            ("Secondary slices", true),
            ("Secondary standby", true),
        ],
    );
    for p in &v.people {
        row(
            out,
            "",
            &[
                (p.name.clone(), false),
                (p.team.clone(), false),
                (p.primary_slices().to_string(), true),
                (p.primary_standby_pay().grouped(), true),
                (p.secondary_slices.unwrap_or(0).to_string(), true),
                (p.secondary_standby_pay.unwrap_or_default().grouped(), true),
            ],
        );
    }
    let sum_slices = |f: fn(&PersonRow) -> u32| v.people.iter().map(f).sum::<u32>();
    let sum_pay = |f: fn(&PersonRow) -> Money| v.people.iter().map(f).sum::<Money>();
    row(
        out,
        "total",
        &[
            ("Total".to_string(), false),
            (String::new(), false),
            (sum_slices(PersonRow::primary_slices).to_string(), true),
            (sum_pay(PersonRow::primary_standby_pay).grouped(), true),
            (
                sum_slices(|p| p.secondary_slices.unwrap_or(0)).to_string(),
                true,
            ),
            (
                sum_pay(|p| p.secondary_standby_pay.unwrap_or_default()).grouped(),
                true,
            ),
        ],
    );
    table_end(out);
}

fn totals_table(out: &mut String, rows: &[TotalRow], total: &TotalRow) {
    table_head(
        out,
        &[
            ("Name", false),
            ("People", true),
            ("Slices", true),
            ("Standby", true),
            ("Callout pay", true),
            ("Total", true),
        ],
    );
    let cells = |t: &TotalRow| {
        vec![
            (t.name.clone(), false),
            (t.people.to_string(), true),
            (t.slices.to_string(), true),
            (t.standby_pay.grouped(), true),
            (t.callout_pay.grouped(), true),
            (t.total_pay.grouped(), true),
        ]
    };
    for t in rows {
        row(out, "", &cells(t));
    }
    row(out, "total", &cells(total));
    table_end(out);
}

fn load(out: &mut String, v: &View) {
    out.push_str("<section id=\"load\">\n<div class=\"keep\">\n<h2>Load per person</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">Out-of-hours slices each person is on call, with their share of the range.</p>"
    );
    let mut people: Vec<&PersonRow> = v.people.iter().collect();
    people.sort_by(|a, b| b.slices().cmp(&a.slices()).then(a.name.cmp(&b.name)));
    let bars: Vec<Bar> = people
        .iter()
        .map(|p| Bar {
            label: p.name.clone(),
            value: p.slices() as f64,
            text: format!("{} slices, {:.0}%", p.slices(), p.oncall_share * 100.0),
        })
        .collect();
    figure(
        out,
        "Slices per person",
        &bar_chart("Slices per person", &bars),
    );
    out.push_str("</div>\n</section>\n");
}

fn run_cost(out: &mut String, v: &View) {
    out.push_str("<section id=\"run-cost\">\n<div class=\"keep\">\n<h2>Run cost</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"period\">{}</p>",
        escape_html(&v.run_cost_period())
    );
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>",
        escape_html(&v.run_cost_note)
    );
    // One curve per way of growing, each from the organisation as it is.
    let curve = |growth: &str| -> Vec<&RunCostRow> {
        let mut rows: Vec<&RunCostRow> = v
            .run_cost
            .iter()
            .filter(|r| !r.projected || r.growth == growth)
            .collect();
        rows.sort_by_key(|r| (r.teams, r.projected));
        rows
    };
    let fixed = curve("existing-domains");
    let grown = curve("new-domains");
    let points = |rows: &[&RunCostRow], cost: fn(&RunCostRow) -> Money| -> Vec<(f64, f64)> {
        rows.iter()
            .map(|r| (r.teams as f64, cost(r).as_major()))
            .collect()
    };
    let mut series = vec![Series {
        name: "tiered plan".into(),
        points: points(&fixed, |r| r.tiered_yearly_cost),
        dashed: false,
    }];
    if grown.len() > 1 {
        series[0].name = "tiered, today's domains".into();
        series.push(Series {
            name: "tiered, new domains".into(),
            points: points(&grown, |r| r.tiered_yearly_cost),
            dashed: false,
        });
    }
    series.push(Series {
        name: "one rota per team (linear)".into(),
        points: points(if fixed.len() > 1 { &fixed } else { &grown }, |r| {
            r.per_team_yearly_cost
        }),
        dashed: true,
    });
    let currency = v.currency.clone();
    let chart = line_chart(
        "Yearly run cost against team count",
        "teams",
        &series,
        &move |y| {
            format!(
                "{} {}",
                currency,
                Money::from_major(y).grouped().trim_end_matches(".00")
            )
        },
    );
    figure(out, "Yearly run cost against team count", &chart);
    out.push_str("</div>\n<div class=\"keep\">\n");
    table_head(
        out,
        &[
            ("Teams", true),
            ("Growth", false),
            ("Rotas", true),
            ("Tiered a year", true),
            ("One rota per team", true),
            ("Tiered share", true),
        ],
    );
    for r in v.run_cost.iter() {
        let class = if r.projected { "projected" } else { "" };
        row(
            out,
            class,
            &[
                (
                    format!(
                        "{}{}",
                        r.teams,
                        if r.projected {
                            " (projected)"
                        } else {
                            " (now)"
                        }
                    ),
                    true,
                ),
                (r.growth.to_string(), false),
                (r.rotas.to_string(), true),
                (r.tiered_yearly_cost.grouped(), true),
                (r.per_team_yearly_cost.grouped(), true),
                (
                    percent_of(r.tiered_yearly_cost, r.per_team_yearly_cost),
                    true,
                ),
            ],
        );
    }
    table_end(out);
    out.push_str("</div>\n</section>\n");
}

/// The on-call grid: a row per date and a column per rota, so a long range
/// runs down the page (and across printed pages, header repeated) rather
/// than off its side. A name repeated from the day before is muted, so
/// handoffs stand out; holidays and unfilled slices say so in words.
fn on_call(out: &mut String, v: &View) {
    let g = &v.on_call;
    out.push_str("<section id=\"on-call\">\n<div class=\"keep\">\n<h2>Who is on call when</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">Who holds each date's out-of-hours slice, {} to {}, per rota. A name in grey goes on from the day before; – marks a date the rota needs no cover.</p>",
        v.from, v.to
    );
    if g.rotas.is_empty() || g.dates.is_empty() {
        out.push_str(
            "<p class=\"note\">No rota needs cover in this range.</p>\n</div>\n</section>\n",
        );
        return;
    }
    out.push_str("</div>\n<div class=\"wide\"><table class=\"grid\"><thead><tr><th>Date</th>");
    for r in &g.rotas {
        let _ = write!(out, "<th>{}</th>", escape_html(&r.name));
    }
    out.push_str("</tr></thead><tbody>\n");
    for (i, d) in g.dates.iter().enumerate() {
        let class = match d.kind {
            SliceKind::Weeknight => "",
            SliceKind::Weekend => " class=\"weekend\"",
            SliceKind::Holiday => " class=\"holiday\"",
        };
        let holiday = if d.kind == SliceKind::Holiday {
            " holiday"
        } else {
            ""
        };
        // The year on the first row and where it turns, not on every row.
        let new_year = i == 0 || g.dates[i - 1].date.year() != d.date.year();
        let format = if new_year {
            "%a %-d %b %Y"
        } else {
            "%a %-d %b"
        };
        let _ = write!(
            out,
            "<tr{class}><td class=\"date\">{}{holiday}</td>",
            d.date.format(format)
        );
        for r in &g.rotas {
            let before = i.checked_sub(1).map(|j| &r.cells[j]);
            let _ = match &r.cells[i] {
                Cell::Held(name) if before == Some(&r.cells[i]) => {
                    write!(out, "<td class=\"same\">{}</td>", escape_html(name))
                }
                Cell::Held(name) => write!(out, "<td>{}</td>", escape_html(name)),
                Cell::Unfilled => write!(out, "<td class=\"unfilled\">unfilled</td>"),
                Cell::NotNeeded => write!(out, "<td class=\"off\">–</td>"),
            };
        }
        out.push_str("</tr>\n");
    }
    table_end(out);
    out.push_str("</section>\n");
}

fn warnings(out: &mut String, v: &View) {
    out.push_str("<section id=\"warnings\">\n<h2>Warnings</h2>\n");
    if v.warnings.is_empty() {
        out.push_str("<p class=\"note\">No warnings.</p>\n</section>\n");
        return;
    }
    out.push_str("<ul class=\"warnings\">\n");
    for w in &v.warnings {
        let class = if w.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let _ = writeln!(
            out,
            "<li class=\"{class}\"><span class=\"code\">{} [{}]</span> {}<br><span class=\"fix\">Fix: {}</span></li>",
            escape_html(&w.severity.to_string()),
            escape_html(w.code.as_str()),
            escape_html(&w.message),
            escape_html(&w.fix)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn figure(out: &mut String, caption: &str, svg: &str) {
    let _ = writeln!(
        out,
        "<figure><figcaption>{}</figcaption>{svg}</figure>",
        escape_html(caption)
    );
}

/// Opens a table in its own box, which scrolls sideways on a narrow screen
/// rather than pushing the page wider than the phone.
fn table_head(out: &mut String, headers: &[(&str, bool)]) {
    out.push_str("<div class=\"wide\"><table><thead><tr>");
    for (h, numeric) in headers {
        let class = if *numeric { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape_html(h));
    }
    out.push_str("</tr></thead><tbody>\n");
}

fn table_end(out: &mut String) {
    out.push_str("</tbody></table></div>\n");
}

fn row(out: &mut String, class: &str, cells: &[(String, bool)]) {
    if class.is_empty() {
        out.push_str("<tr>");
    } else {
        let _ = write!(out, "<tr class=\"{class}\">");
    }
    for (text, numeric) in cells {
        let class = if *numeric { " class=\"n\"" } else { "" };
        let _ = write!(out, "<td{class}>{}</td>", escape_html(text));
    }
    out.push_str("</tr>\n");
}

fn percent_of(part: Money, whole: Money) -> String {
    if whole.minor() == 0 {
        "–".to_string()
    } else {
        format!("{:.0}%", part.minor() as f64 / whole.minor() as f64 * 100.0)
    }
}
