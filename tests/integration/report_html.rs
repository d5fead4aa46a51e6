//! The managers' HTML report: structure, escaping, self-containment, and a
//! reviewed snapshot of a small report.

use chrono::NaiveDate;
use rota_core::calendar::SliceKind;
use rota_core::findings::{Code, Warning};
use rota_core::money::Money;
use rota_core::report::grid::{Cell, GridDate, GridRota, OnCallGrid};
use rota_core::report::html::{PersonRow, RunCostRow, TotalRow, View, render};

fn person(id: &str, name: &str, team: &str, slices: (u32, u32, u32), callouts: u32) -> PersonRow {
    let standby = Money(4000) * slices.0 as i64
        + Money(8000) * slices.1 as i64
        + Money(12000) * slices.2 as i64;
    let callout_pay = Money(6000) * callouts as i64;
    PersonRow {
        person: id.into(),
        name: name.into(),
        team: team.into(),
        weeknight_slices: slices.0,
        weekend_slices: slices.1,
        holiday_slices: slices.2,
        standby_pay: standby,
        callouts: callouts.to_string(),
        callout_pay,
        total_pay: standby + callout_pay,
        oncall_share: (slices.0 + slices.1 + slices.2) as f64 / 28.0,
        payable_pay: standby + callout_pay,
        callout_basis: "recorded",
        secondary_slices: None,
        secondary_standby_pay: None,
    }
}

fn total(id: &str, name: &str, people: &[&PersonRow]) -> TotalRow {
    TotalRow {
        id: id.into(),
        name: name.into(),
        people: people.len() as u32,
        slices: people.iter().map(|p| p.slices()).sum(),
        standby_pay: people.iter().map(|p| p.standby_pay).sum(),
        callout_pay: people.iter().map(|p| p.callout_pay).sum(),
        total_pay: people.iter().map(|p| p.total_pay).sum(),
        payable_pay: people.iter().map(|p| p.payable_pay).sum(),
    }
}

/// Four dates across a weekend into a holiday: a handoff, a continued name,
/// an unfilled night, a rota not needed, and a name to escape.
fn grid() -> OnCallGrid {
    let day = |d: u32, kind: SliceKind| GridDate {
        date: NaiveDate::from_ymd_opt(2026, 10, d).unwrap(),
        kind,
    };
    let held = |n: &str| Cell::Held(n.to_string());
    OnCallGrid {
        dates: vec![
            day(23, SliceKind::Weeknight),
            day(24, SliceKind::Weekend),
            day(25, SliceKind::Weekend),
            day(26, SliceKind::Holiday),
        ],
        rotas: vec![
            GridRota {
                id: "team-payments".into(),
                name: "Payments & Cards team".into(),
                cells: vec![
                    held("Ava \"Av\" O'Neil"),
                    Cell::Unfilled,
                    held("Ben <script>alert(1)</script>"),
                    held("Ben <script>alert(1)</script>"),
                ],
            },
            GridRota {
                id: "domain-checkout".into(),
                name: "Checkout domain".into(),
                cells: vec![
                    Cell::NotNeeded,
                    held("Cat Nguyen"),
                    held("Cat Nguyen"),
                    held("Cat Nguyen"),
                ],
            },
        ],
    }
}

pub(crate) fn view() -> View {
    let ava = person(
        "ava",
        "Ava \"Av\" O'Neil",
        "Payments & Cards",
        (10, 4, 0),
        3,
    );
    let ben = person(
        "ben",
        "Ben <script>alert(1)</script>",
        "Payments & Cards",
        (5, 2, 1),
        0,
    );
    let cat = person("cat", "Cat Nguyen", "Basket", (8, 4, 2), 1);
    let all = [&ava, &ben, &cat];
    View {
        organisation: "Smith & Jones".into(),
        currency: "GBP".into(),
        from: NaiveDate::from_ymd_opt(2026, 10, 19).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
        range_slices: 28,
        callout_note: "Callouts are the recorded ones.".into(),
        teams: vec![
            total("payments", "Payments & Cards", &[&ava, &ben]),
            total("basket", "Basket", &[&cat]),
        ],
        rotas: vec![
            total("domain-checkout", "Checkout domain", &[&cat]),
            total("team-payments", "Payments & Cards team", &[&ava, &ben]),
        ],
        domains: vec![total("checkout", "Checkout", &all)],
        total: total("total", "Total", &all),
        people: vec![ava.clone(), ben.clone(), cat.clone()],
        run_cost: vec![
            RunCostRow {
                teams: 3,
                rotas: 2,
                tiered_yearly_cost: Money(3_120_000),
                per_team_yearly_cost: Money(4_680_000),
                projected: false,
                growth: "now",
            },
            RunCostRow {
                teams: 10,
                rotas: 5,
                tiered_yearly_cost: Money(7_800_000),
                per_team_yearly_cost: Money(15_600_000),
                projected: true,
                growth: "existing-domains",
            },
            RunCostRow {
                teams: 20,
                rotas: 8,
                tiered_yearly_cost: Money(12_480_000),
                per_team_yearly_cost: Money(31_200_000),
                projected: true,
                growth: "existing-domains",
            },
            RunCostRow {
                teams: 40,
                rotas: 14,
                tiered_yearly_cost: Money(21_840_000),
                per_team_yearly_cost: Money(62_400_000),
                projected: true,
                growth: "existing-domains",
            },
        ],
        run_cost_note: "The tiered plan costs 67% of one rota per team & grows sub-linearly."
            .into(),
        run_cost_year: (
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 3).unwrap(),
        ),
        on_call: grid(),
        warnings: vec![
            Warning::new(
                Code::Unfilled,
                "Nobody covers <Sat 24 Oct> on team-payments",
                "Add a member",
            )
            .rota("team-payments"),
            Warning::new(
                Code::RotaTooSmall,
                "team-payments has 2 members, fewer than 4",
                "Merge it with domain-checkout",
            ),
        ],
    }
}

#[test]
fn every_section_is_present_and_totals_are_shown() {
    let v = view();
    let html = render(&v);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for id in ["remuneration", "load", "run-cost", "warnings", "on-call"] {
        assert_eq!(
            html.matches(&format!("<section id=\"{id}\">")).count(),
            1,
            "{id}"
        );
    }
    // Three charts: pay per team, load per person, run cost against teams.
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("<title>Pay per team</title>"));
    assert!(html.contains("<title>Slices per person</title>"));
    assert!(html.contains("<title>Yearly run cost against team count</title>"));
    // The grand total appears as a total row under each breakdown.
    let grand = v.total.total_pay.grouped();
    let total_rows: Vec<&str> = html
        .split("<tr class=\"total\">")
        .skip(1)
        .map(|rest| &rest[..rest.find("</tr>").unwrap()])
        .collect();
    assert_eq!(
        total_rows.len(),
        3,
        "a total row under teams, rotas and domains"
    );
    for r in total_rows {
        assert!(r.ends_with(&format!("<td class=\"n\">{grand}</td>")), "{r}");
    }
    assert!(html.contains(&format!("<div class=\"v\">{grand}</div>")));
    for p in &v.people {
        assert!(html.contains(&format!("<td class=\"n\">{}</td>", p.total_pay.grouped())));
    }
    for r in &v.run_cost {
        assert!(html.contains(&format!(
            "<td class=\"n\">{}</td>",
            r.tiered_yearly_cost.grouped()
        )));
    }
    assert!(html.contains("error [unfilled]"));
    assert!(html.contains("warning [rota-too-small]"));
    assert!(html.contains("@media print"));
}

#[test]
fn the_grid_marks_handoffs_gaps_and_holidays_in_words() {
    let html = render(&view());
    let grid = &html[html.find("<table class=\"grid\">").unwrap()..];
    let grid = &grid[..grid.find("</table>").unwrap()];
    assert!(grid.starts_with(
        "<table class=\"grid\"><thead><tr><th>Date</th><th>Payments &amp; Cards team</th><th>Checkout domain</th></tr></thead><tbody>\n"
    ));
    let rows: Vec<&str> = grid.lines().filter(|l| l.starts_with("<tr")).collect();
    assert_eq!(
        rows,
        [
            "<tr><td class=\"date\">Fri 23 Oct 2026</td><td>Ava &quot;Av&quot; O&#39;Neil</td><td class=\"off\">–</td></tr>",
            "<tr class=\"weekend\"><td class=\"date\">Sat 24 Oct</td><td class=\"unfilled\">unfilled</td><td>Cat Nguyen</td></tr>",
            "<tr class=\"weekend\"><td class=\"date\">Sun 25 Oct</td><td>Ben &lt;script&gt;alert(1)&lt;/script&gt;</td><td class=\"same\">Cat Nguyen</td></tr>",
            "<tr class=\"holiday\"><td class=\"date\">Mon 26 Oct holiday</td><td class=\"same\">Ben &lt;script&gt;alert(1)&lt;/script&gt;</td><td class=\"same\">Cat Nguyen</td></tr>",
        ]
    );
}

#[test]
fn all_text_is_escaped_and_nothing_is_fetched() {
    let html = render(&view());
    assert!(
        !html.contains("<script"),
        "no script element, even from a name"
    );
    assert!(html.contains("Ben &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Ava &quot;Av&quot; O&#39;Neil"));
    assert!(html.contains("Smith &amp; Jones on-call report"));
    assert!(html.contains("Nobody covers &lt;Sat 24 Oct&gt;"));
    // Self-contained: no links, sources or imports to fetch.
    for needle in [
        "src=", "href=", "@import", "url(", "<link", "http://", "https://",
    ] {
        let allowed = needle == "http://"
            && html.matches(needle).count() == html.matches("http://www.w3.org/2000/svg").count();
        assert!(!html.contains(needle) || allowed, "{needle}");
    }
}

#[test]
fn rendering_is_deterministic_and_snapshots() {
    let html = render(&view());
    assert_eq!(html, render(&view()));
    insta::assert_snapshot!("report_html", html);
}
