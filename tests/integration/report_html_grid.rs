//! Who is on call when, on the managers' page: the grid's cells for a
//! hand-made schedule, as the model has them and as the real binary prints
//! them; and the sentence that says which period the run cost covers.

use crate::export_fixture::{date, dst_org, dst_schedule, plan_example, write_files};
use assert_cmd::Command;
use rota_core::calendar::SliceKind;
use rota_core::report::grid::{Cell, on_call_grid};
use serde_json::Value;

const AVA: &str = "Ava \"Av\" O'Neil, Jr.";
const BEN: &str = "Benoît Ørsted; Søren";
const CAT: &str = "Cat Nguyen";
const DAN: &str = "Dan\\Backslash";

fn held(name: &str) -> Cell {
    Cell::Held(name.to_string())
}

fn page(args: &[&str]) -> String {
    let out = Command::cargo_bin("rota")
        .unwrap()
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn the_grid_names_each_dates_holder_and_the_gaps() {
    let org = dst_org();
    let (mut schedule, coverage) = dst_schedule(&org);
    // Ben's three nights (26 to 28 October) left empty.
    schedule.shifts.retain(|s| s.person != "ben");
    let grid = on_call_grid(
        &org,
        &coverage,
        &schedule,
        date("2026-10-24"),
        date("2026-11-02"),
    );
    let dates: Vec<(String, SliceKind)> = grid
        .dates
        .iter()
        .map(|d| (d.date.to_string(), d.kind))
        .collect();
    assert_eq!(dates.len(), 9, "Saturday 24 October to Sunday 1 November");
    assert_eq!(dates[0], ("2026-10-24".into(), SliceKind::Weekend));
    assert_eq!(dates[2], ("2026-10-26".into(), SliceKind::Weeknight));
    assert_eq!(dates[6], ("2026-10-30".into(), SliceKind::Holiday));
    let ids: Vec<&str> = grid.rotas.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    let row = |id: &str| &grid.rotas.iter().find(|r| r.id == id).unwrap().cells;
    let unfilled = Cell::Unfilled;
    assert_eq!(
        row("team-payments"),
        &vec![
            held(AVA),
            held(AVA),
            unfilled.clone(),
            unfilled.clone(),
            unfilled,
            held(AVA),
            held(AVA),
            held(AVA),
            held(AVA),
        ]
    );
    assert_eq!(
        row("domain-checkout"),
        &[vec![held(CAT); 2], vec![held(DAN); 7]].concat()
    );
}

/// The grid's rows as the page prints them: the date cell, then one cell
/// per rota as `class:text`.
fn grid_rows(html: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let at = html.find("<table class=\"grid\">").expect("a grid");
    let table = &html[at..at + html[at..].find("</table>").unwrap()];
    let cells = |row: &str, tag: &str| -> Vec<String> {
        row.split(&format!("<{tag}"))
            .skip(1)
            .filter(|c| c.starts_with(['>', ' ']))
            .map(|c| {
                let (open, rest) = c.split_once('>').unwrap();
                let text = &rest[..rest.find(&format!("</{tag}>")).unwrap()];
                let class = open
                    .split_once("class=\"")
                    .map_or("", |(_, c)| c.split('"').next().unwrap());
                format!("{class}:{text}")
            })
            .collect()
    };
    let head = table.split("</thead>").next().unwrap();
    let body = table.split("<tbody>").nth(1).unwrap();
    (
        cells(head, "th"),
        body.lines()
            .filter(|l| l.starts_with("<tr"))
            .map(|l| cells(l, "td"))
            .collect(),
    )
}

#[test]
fn the_page_prints_the_grid_for_the_reports_range() {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let html = page(
        &[
            path.to_str().unwrap(),
            "--format",
            "html",
            "--from",
            "2026-10-27",
            "--to",
            "2026-10-31",
        ]
        .iter()
        .copied()
        .fold(vec!["report"], |mut v, a| {
            v.push(a);
            v
        }),
    );
    assert!(html.contains("<h2>Who is on call when</h2>"));
    let (head, rows) = grid_rows(&html);
    let e = |s: &str| rota_core::display::escape_html(s);
    // Columns as the page names the rotas; find each rota's column.
    assert_eq!(head[0], ":Date");
    let col = |name: &str| {
        head.iter()
            .position(|h| h.ends_with(name))
            .unwrap_or_else(|| panic!("{name} in {head:?}"))
    };
    let (pay, checkout) = (col("Payments, Cards; Wallets team"), col("Checkout domain"));
    let show = |r: &Vec<String>| (r[0].clone(), r[pay].clone(), r[checkout].clone());
    let got: Vec<(String, String, String)> = rows.iter().map(show).collect();
    let t = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        got,
        vec![
            // The year on the first row; a name continued from the day
            // before is marked `same`; the holiday says so in words.
            t(
                "date:Tue 27 Oct 2026",
                &format!(":{}", e(BEN)),
                &format!(":{}", e(DAN))
            ),
            t(
                "date:Wed 28 Oct",
                &format!("same:{}", e(BEN)),
                &format!("same:{}", e(DAN))
            ),
            t(
                "date:Thu 29 Oct",
                &format!(":{}", e(AVA)),
                &format!("same:{}", e(DAN))
            ),
            t(
                "date:Fri 30 Oct holiday",
                &format!("same:{}", e(AVA)),
                &format!("same:{}", e(DAN))
            ),
            t(
                "date:Sat 31 Oct",
                &format!("same:{}", e(AVA)),
                &format!("same:{}", e(DAN))
            ),
        ]
    );
    assert!(html.contains("<tr class=\"holiday\"><td class=\"date\">Fri 30 Oct holiday</td>"));
    assert!(html.contains("<tr class=\"weekend\"><td class=\"date\">Sat 31 Oct</td>"));
}

#[test]
fn the_page_says_which_year_the_run_cost_covers() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = plan_example(dir.path(), &["--start", "2026-11-16", "--weeks", "6"]);
    let s = schedule.to_str().unwrap();
    let json: Value = serde_json::from_str(&page(&["report", s, "--format", "json"])).unwrap();
    let html = page(&["report", s, "--format", "html"]);
    let field = |v: &Value| v.as_str().unwrap().to_string();
    let (year_start, year_end) = (
        field(&json["run_cost"]["year_start"]),
        field(&json["run_cost"]["year_end"]),
    );
    let (from, to) = (
        field(&json["remuneration"]["from"]),
        field(&json["remuneration"]["to"]),
    );
    // The range is six weeks of winter 2026; the year is the example's
    // year of holidays, which starts on its first Monday.
    assert_eq!((from.as_str(), to.as_str()), ("2026-11-16", "2026-12-27"));
    assert_eq!(year_start, "2026-01-05");
    let sentence = format!(
        "<p class=\"period\">The run cost covers a year, not this report&#39;s range: the 52 weeks from the first Monday of 2026, {year_start} to {year_end}, with that year&#39;s public holidays. The pay above covers only {from} to {to}.</p>"
    );
    let run_cost = &html[html.find("<section id=\"run-cost\">").unwrap()..];
    assert!(
        run_cost.starts_with(&format!(
            "<section id=\"run-cost\">\n<div class=\"keep\">\n<h2>Run cost</h2>\n{sentence}"
        )),
        "{}",
        &run_cost[..600]
    );
    assert!(html.contains(&format!(
        "<div class=\"k\">Run cost covers</div><div class=\"v\">{}</div>",
        &year_start[..4]
    )));
}
