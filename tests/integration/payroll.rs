//! Pay that payroll can trust: payable money is standby plus recorded
//! callouts only, with the callout pay rules (minimum paid minutes, weekend
//! and holiday multipliers), hand-computed to the penny; and the monthly
//! payroll export of history.

use assert_cmd::Command;

const ESTIMATED: &str = "tests/fixtures/payroll/estimated.schedule.toml";
const RECORDED: &str = "tests/fixtures/payroll/recorded.schedule.toml";

fn rota() -> Command {
    let mut cmd = Command::cargo_bin("rota").expect("the rota binary is built");
    cmd.env_remove("ROTA_TODAY").env("NO_COLOR", "1");
    cmd
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = rota().args(args).output().expect("runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn stdout(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, Some(0), "{err}");
    out
}

/// The CSV's rows as maps from column name to cell.
fn csv_rows(csv: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split(',').map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn estimated_callouts_only_pay_standby() {
    let csv = stdout(&["report", ESTIMATED, "--format", "csv"]);
    let rows = csv_rows(&csv);
    assert_eq!(rows.len(), 2);
    // ava: 14 weeknights at 40, 6 weekend days at 80 and Christmas Day at 120.
    let ava = &rows[0];
    assert_eq!(ava["person"], "ava");
    assert_eq!(ava["standby_pay"], "1160.00");
    assert_eq!(ava["callout_basis"], "estimated");
    assert_eq!(ava["callouts_estimated"], "true");
    assert_eq!(ava["payable_pay"], "1160.00", "payable is standby only");
    assert_ne!(
        ava["total_pay"], ava["payable_pay"],
        "the plan adds estimates"
    );
    let ben = &rows[1];
    assert_eq!(ben["standby_pay"], "720.00");
    assert_eq!(ben["payable_pay"], "720.00");

    let payroll = stdout(&[
        "report",
        ESTIMATED,
        "--payroll",
        "--format",
        "csv",
        "--today",
        "2026-12-24",
    ]);
    for r in csv_rows(&payroll) {
        assert_eq!(r["payable_pay"], r["standby_pay"], "{r:?}");
        assert_eq!(r["callouts"], "0");
        assert_eq!(r["callout_pay"], "0.00");
    }
}

#[test]
fn recorded_callouts_follow_the_pay_rules_to_the_penny() {
    // callout = 50.00 for the first 60 minutes, pro rata after; x1.5 on a
    // weekend day, x2 on a public holiday; each rounded once to the penny.
    //   ava Tue 24 Nov 02:00, 30 min: paid 60 min              =  50.00
    //   ava Sat 28 Nov 14:00, 90 min: 50 * 90/60 * 1.5         = 112.50
    //   ava Fri 25 Dec 10:00, 100 min: 50 * 100/60 * 2 = 166.666 -> 166.67
    //   ben Sat 5 Dec 03:00, 45 min: paid 60 min * 1.5          =  75.00
    //   ben Tue 15 Dec 01:00, 61 min: 50 * 61/60 = 50.8333      ->  50.83
    let csv = stdout(&["report", RECORDED, "--format", "csv"]);
    let rows = csv_rows(&csv);
    let ava = &rows[0];
    assert_eq!(ava["callouts"], "3");
    assert_eq!(ava["callout_pay"], "329.17");
    assert_eq!(ava["payable_pay"], "1489.17");
    assert_eq!(ava["total_pay"], "1489.17");
    assert_eq!(ava["callout_basis"], "recorded");
    let ben = &rows[1];
    assert_eq!(ben["callout_pay"], "125.83");
    assert_eq!(ben["payable_pay"], "845.83");

    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["report", RECORDED, "--format", "json"])).expect("JSON");
    let pay = &json["remuneration"];
    assert_eq!(pay["people"][0]["callout_basis"], "recorded");
    assert_eq!(pay["people"][0]["payable_pay"], serde_json::json!(1489.17));
    assert_eq!(pay["total"]["payable_pay"], serde_json::json!(2335.0));
    let md = stdout(&["report", RECORDED, "--format", "md"]);
    assert!(md.contains("| 1,489.17 | recorded |"), "{md}");
    let html = stdout(&["report", RECORDED, "--format", "html"]);
    assert!(
        html.contains("<td class=\"n\">1,489.17</td><td>recorded</td>"),
        "{html}"
    );
}

#[test]
fn payroll_is_monthly_history_with_employee_ids() {
    let csv = stdout(&[
        "report",
        RECORDED,
        "--payroll",
        "--format",
        "csv",
        "--today",
        "2026-12-24",
    ]);
    assert!(csv.starts_with(
        "month,person,employee_id,name,team,standby_pay,callouts,callout_pay,payable_pay"
    ));
    let got: Vec<String> = csv_rows(&csv)
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {} {} {} {}",
                r["month"],
                r["person"],
                r["employee_id"],
                r["standby_pay"],
                r["callouts"],
                r["callout_pay"],
                r["payable_pay"]
            )
        })
        .collect();
    // History is the slices of 23 Nov to 23 Dec; Christmas Day is not yet
    // worked, so its callout is not paid.
    assert_eq!(
        got,
        [
            "2026-11 ava E100 360.00 2 162.50 522.50",
            "2026-11 ben  40.00 0 0.00 40.00",
            "2026-12 ava E100 480.00 0 0.00 480.00",
            "2026-12 ben  680.00 2 125.83 805.83",
        ]
    );

    let json: serde_json::Value = serde_json::from_str(&stdout(&[
        "report",
        RECORDED,
        "--payroll",
        "--format",
        "json",
        "--month",
        "2026-12",
        "--today",
        "2026-12-24",
    ]))
    .expect("JSON");
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(2));
    assert_eq!(json["rows"][0]["month"], "2026-12");
    assert_eq!(json["payable_pay"], serde_json::json!(1285.83));
    assert_eq!(json["history_to"], "2026-12-23");

    let text = stdout(&["report", RECORDED, "--payroll", "--today", "2026-12-24"]);
    assert!(text.contains("payable 1,848.33"), "{text}");
}

#[test]
fn payroll_before_anything_is_worked_is_empty_and_bad_flags_are_usage_errors() {
    let csv = stdout(&[
        "report",
        RECORDED,
        "--payroll",
        "--format",
        "csv",
        "--today",
        "2026-11-01",
    ]);
    assert_eq!(csv.lines().count(), 1, "a header only: {csv}");

    let (code, _, err) = run(&["report", RECORDED, "--payroll", "--format", "html"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--payroll"), "{err}");
    let (code, _, err) = run(&["report", RECORDED, "--payroll", "--month", "2026-13"]);
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = run(&["report", RECORDED, "--month", "2026-12"]);
    assert_eq!(code, Some(2), "--month needs --payroll: {err}");
}
