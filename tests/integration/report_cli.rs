//! `rota report`, `rota cost` and `rota check --schedule` as a user runs
//! them, on fixtures with fixed dates.

use assert_cmd::Command;

const PLAYBOOK: &str = "tests/fixtures/analysis/playbook-schedule.toml";
const WINTER: &str = "tests/fixtures/analysis/example-winter.toml";

fn rota() -> Command {
    let mut cmd = Command::cargo_bin("rota").expect("the rota binary is built");
    // Today is before every fixture's dates: nothing is history.
    cmd.env("ROTA_TODAY", "2026-11-01").env("NO_COLOR", "1");
    cmd
}

fn stdout(args: &[&str]) -> String {
    let output = rota().args(args).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn report_text() {
    insta::assert_snapshot!("report_playbook_text", stdout(&["report", PLAYBOOK]));
    insta::assert_snapshot!(
        "report_example_planned_text",
        stdout(&["report", "tests/fixtures/analysis/example-planned.toml"])
    );
    insta::assert_snapshot!(
        "report_winter_december_text",
        stdout(&[
            "report",
            WINTER,
            "--from",
            "2026-11-23",
            "--to",
            "2026-12-06"
        ])
    );
}

#[test]
fn report_markdown() {
    insta::assert_snapshot!(
        "report_playbook_md",
        stdout(&["report", PLAYBOOK, "--format", "md"])
    );
}

#[test]
fn cost_text() {
    insta::assert_snapshot!(
        "cost_example_text",
        stdout(&["cost", "schedules/example.toml"])
    );
    insta::assert_snapshot!(
        "cost_playbook_text",
        stdout(&[
            "cost",
            "tests/fixtures/analysis/playbook.toml",
            "--teams",
            "2,8,16"
        ])
    );
}

#[test]
fn report_csv_has_the_contract_columns() {
    let text = stdout(&["report", PLAYBOOK, "--format", "csv"]);
    let mut lines = text.lines();
    let header = lines.next().expect("a header");
    assert!(header.starts_with(
        "person,name,team,weeknight_slices,weekend_slices,holiday_slices,standby_pay,callouts,callout_pay,total_pay,oncall_share"
    ));
    assert_eq!(
        lines.next(),
        Some(
            "ava,Ava Patel,checkout,4,2,1,440.00,1,60.00,500.00,0.5000,shop,false,500.00,recorded"
        )
    );
    assert_eq!(text.lines().count(), 8, "a header and seven people");
}

#[test]
fn report_json_and_cost_csv() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["report", PLAYBOOK, "--format", "json"])).expect("JSON");
    assert_eq!(
        json["remuneration"]["total"]["total_pay"],
        serde_json::json!(2940.0)
    );
    assert_eq!(
        json["remuneration"]["callouts_estimated"],
        serde_json::json!(false)
    );
    assert_eq!(json["run_cost"]["current"]["rotas"], serde_json::json!(3));
    let csv = stdout(&[
        "cost",
        "schedules/example.toml",
        "--format",
        "csv",
        "--teams",
        "24",
    ]);
    assert_eq!(
        csv,
        "teams,rotas,tiered_yearly_cost,per_team_yearly_cost,on_call_per_night,projected,growth,team_level_teams,domain_level_teams,domain_rotas\n\
         12,8,135760.00,232320.00,7,false,now,3,7,4\n\
         24,10,193600.00,464640.00,10,true,existing-domains,6,14,4\n\
         24,14,271040.00,464640.00,14,true,new-domains,6,14,8\n"
    );
}

#[test]
fn report_to_a_file_and_bad_ranges() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.md");
    rota()
        .args(["report", PLAYBOOK, "--format", "md", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read_to_string(&out)
            .expect("written")
            .starts_with("# Playbook Shop on-call report")
    );

    let output = rota()
        .args([
            "report",
            PLAYBOOK,
            "--from",
            "2026-12-30",
            "--to",
            "2026-12-29",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("inclusive"));
    let output = rota()
        .args(["report", PLAYBOOK, "--from", "2027-06-01"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let output = rota()
        .args(["report", "tests/fixtures/analysis/missing.toml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let output = rota()
        .args(["cost", "schedules/example.toml", "--teams", "0"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn check_reports_schedule_warnings_and_strict_fails() {
    let output = rota()
        .args(["check", "schedules/example.toml", "--schedule", WINTER])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "warnings alone pass");
    assert!(text.contains("[oncall-share] niamh"), "{text}");
    assert!(text.contains("[callout-load]"), "{text}");
    let output = rota()
        .args([
            "check",
            "schedules/example.toml",
            "--schedule",
            WINTER,
            "--strict",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));

    // A callout answered by someone who was not on call is an error.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        "tests/fixtures/analysis/playbook.toml",
        dir.path().join("playbook.toml"),
    )
    .expect("copy");
    let text = std::fs::read_to_string(PLAYBOOK)
        .expect("fixture")
        .replace("person = \"ava\"\nat", "person = \"ben\"\nat");
    let schedule = dir.path().join("schedule.toml");
    std::fs::write(&schedule, text).expect("write");
    let output = rota()
        .arg("check")
        .arg(dir.path().join("playbook.toml"))
        .arg("--schedule")
        .arg(&schedule)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("[invalid-callout] callout 1"));
}

#[test]
fn help_for_report_and_cost() {
    // Help shows the environment's ROTA_TODAY; it has none here.
    let help = |args: &[&str]| {
        let out = rota().env_remove("ROTA_TODAY").args(args).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    insta::assert_snapshot!("help_report", help(&["report", "--help"]));
    insta::assert_snapshot!("help_cost", help(&["cost", "--help"]));
}
