//! `rota report --format html` against the report's JSON: the page shows the
//! same totals. And the remuneration CSV read back with awkward names.

use crate::export_fixture::{dst_org, dst_schedule, plan_example, write_files};
use assert_cmd::Command;
use rota_core::display::escape_html;
use rota_core::money::Money;
use serde_json::Value;

fn rota() -> Command {
    Command::cargo_bin("rota").unwrap()
}

fn money(v: &Value) -> String {
    Money::from_major(v.as_f64().unwrap()).grouped()
}

fn output(args: &[&str]) -> String {
    let out = rota().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn the_page_shows_the_totals_of_the_reports_json() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = plan_example(dir.path(), &["--start", "2026-11-16", "--weeks", "6"]);
    let s = schedule.to_str().unwrap();
    let json: Value = serde_json::from_str(&output(&["report", s, "--format", "json"])).unwrap();
    let html = output(&["report", s, "--format", "html"]);
    let page_file = dir.path().join("report.html");
    rota()
        .args(["report", s, "--format", "html", "-o"])
        .arg(&page_file)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&page_file).unwrap(), html);

    let pay = &json["remuneration"];
    let cell = |v: &Value| format!("<td class=\"n\">{}</td>", money(v));
    assert!(html.contains(&format!(
        "<div class=\"v\">{}</div>",
        money(&pay["total"]["total_pay"])
    )));
    for person in pay["people"].as_array().unwrap() {
        let name = escape_html(person["name"].as_str().unwrap());
        let row = html
            .lines()
            .find(|l| l.starts_with(&format!("<tr><td>{name}</td>")))
            .unwrap_or_else(|| panic!("a row for {name}"));
        assert!(row.contains(&cell(&person["standby_pay"])), "{row}");
        assert!(row.contains(&cell(&person["total_pay"])), "{row}");
    }
    for group in ["teams", "rotas", "domains"] {
        for t in pay[group].as_array().unwrap() {
            let name = escape_html(t["name"].as_str().unwrap());
            let row = html.lines().find(|l| {
                l.starts_with(&format!("<tr><td>{name}</td>")) && l.contains(&cell(&t["total_pay"]))
            });
            assert!(row.is_some(), "{group}: {name}");
        }
    }
    let cost = &json["run_cost"];
    for row in std::iter::once(&cost["current"]).chain(cost["projections"].as_array().unwrap()) {
        assert!(html.contains(&cell(&row["tiered_yearly_cost"])));
        assert!(html.contains(&cell(&row["per_team_yearly_cost"])));
    }
    for w in json["warnings"].as_array().unwrap() {
        assert!(html.contains(&format!("[{}]", w["code"].as_str().unwrap())));
    }
}

#[test]
fn the_remuneration_csv_keeps_awkward_names() {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let text = output(&["report", path.to_str().unwrap(), "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let name = header.iter().position(|h| h == "name").unwrap();
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[name].to_string())
        .collect();
    for expected in [
        "Ava \"Av\" O'Neil, Jr.",
        "Benoît Ørsted; Søren",
        "Dan\\Backslash",
        "Cat Nguyen",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
}
