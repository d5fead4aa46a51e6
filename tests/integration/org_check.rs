//! The real binary on good and bad organisation files: every mistake is
//! reported with file, line, column and field, and the exit codes hold.

use std::path::Path;

use assert_cmd::Command;

fn rota() -> Command {
    let mut cmd = Command::cargo_bin("rota").expect("the rota binary is built");
    // Today is before every fixture's dates: nothing is history.
    cmd.env("ROTA_TODAY", "2026-11-01").env("NO_COLOR", "1");
    cmd
}

fn fixtures(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new("tests/fixtures/org").join(dir))
        .expect("fixture directory exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_invalid_fixture_is_reported_with_its_location() {
    let names = fixtures("invalid");
    assert!(names.len() >= 30, "one bad fixture per kind of mistake");
    for name in names {
        let path = format!("tests/fixtures/org/invalid/{name}");
        let output = rota().args(["check", &path]).output().expect("runs");
        assert_eq!(
            output.status.code(),
            Some(1),
            "{name}: exit code 1 for invalid input"
        );
        assert!(output.stdout.is_empty(), "{name}: nothing on stdout");
        let stderr = String::from_utf8(output.stderr).expect("utf-8 message");
        assert!(
            stderr.starts_with(&path),
            "{name}: message names the file: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: no panic");
        let snapshot = name.trim_end_matches(".toml").to_string();
        insta::assert_snapshot!(snapshot, stderr);
    }
}

#[test]
fn targets_refuses_invalid_files_too() {
    rota()
        .args(["targets", "tests/fixtures/org/invalid/unknown-team.toml"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("did you mean `bedroom`?"));
}

#[test]
fn valid_fixtures_pass() {
    for name in fixtures("valid") {
        let path = format!("tests/fixtures/org/valid/{name}");
        rota().args(["check", &path]).assert().success();
    }
}

#[test]
fn the_example_passes_check() {
    let output = rota()
        .args(["check", "schedules/example.toml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn check_summarises_levels_rotas_and_bands() {
    let output = rota()
        .args(["check", "tests/fixtures/org/valid/minimal.toml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&output.stdout));
}

#[test]
fn strict_check_fails_on_warnings() {
    // minimal.toml has no inflated target but the example has one.
    rota()
        .args(["check", "--strict", "schedules/example.toml"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("[inflated-target]"));
}

#[test]
fn a_missing_file_is_a_clear_error() {
    rota()
        .args(["check", "tests/fixtures/org/does-not-exist.toml"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("cannot read the file"));
}

#[test]
fn usage_errors_exit_2() {
    rota().args(["check"]).assert().code(2);
    rota().args(["frobnicate"]).assert().code(2);
    rota()
        .args(["targets", "schedules/example.toml", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("table"));
}

#[test]
fn targets_in_every_format() {
    let org = "tests/fixtures/org/valid/minimal.toml";
    for format in ["table", "csv", "json"] {
        let output = rota()
            .args(["targets", org, "--format", format])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0));
        insta::assert_snapshot!(
            format!("targets_{format}"),
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn targets_on_a_peak_date_apply_the_peak() {
    let output = rota()
        .args([
            "targets",
            "tests/fixtures/org/valid/minimal.toml",
            "--format",
            "csv",
            "--date",
            "2026-11-28",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("basket-api,basket,high,600000,99.9,10m 5s,team"),
        "{text}"
    );
}

#[test]
fn targets_csv_has_the_contract_header() {
    let output = rota()
        .args(["targets", "schedules/example.toml", "--format", "csv"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        text.lines().next(),
        Some("service,team,band,hourly_exposure,availability,downtime_per_week,on_call")
    );
    assert_eq!(text.lines().count(), 32, "a header and one row per service");
}

#[test]
fn help_is_complete() {
    // Help shows the environment's ROTA_TODAY; it has none here.
    let rota = || {
        let mut cmd = rota();
        cmd.env_remove("ROTA_TODAY");
        cmd
    };
    let output = rota().arg("--help").output().expect("runs");
    insta::assert_snapshot!("help", String::from_utf8_lossy(&output.stdout));
    let output = rota().args(["check", "--help"]).output().expect("runs");
    insta::assert_snapshot!("help_check", String::from_utf8_lossy(&output.stdout));
    let output = rota().args(["targets", "--help"]).output().expect("runs");
    insta::assert_snapshot!("help_targets", String::from_utf8_lossy(&output.stdout));
}
