//! `rota plan`, `rota check --schedule` and `rota example` as a user runs them.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn rota() -> Command {
    let mut c = Command::cargo_bin("rota").unwrap();
    // Today is before every fixture's dates, so none of them is history
    // unless a test says otherwise.
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("ROTA_TODAY", "2026-11-01");
    c
}

const ORG: &str = "tests/fixtures/plan/org.toml";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn plan_writes_the_schedule_to_stdout_and_a_summary_to_stderr() {
    let out = rota()
        .args(["plan", ORG, "--start", "2026-11-30", "--weeks", "4"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("plan-stderr", text(&out.stderr));
    // The same schedule as the fixture, but for the organisation path, which
    // is relative to where the schedule goes (here, the current directory).
    let good = fs::read_to_string("tests/fixtures/plan/good.schedule.toml").unwrap();
    let expected = good.replace(
        "organisation = \"org.toml\"",
        "organisation = \"tests/fixtures/plan/org.toml\"",
    );
    assert_eq!(text(&out.stdout), expected);
}

#[test]
fn plan_to_a_file_keeps_pins_and_stays_put_when_re_run() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(ORG, dir.path().join("org.toml")).unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    let run = || {
        let mut c = Command::cargo_bin("rota").unwrap();
        c.current_dir(dir.path())
            .args([
                "plan",
                "org.toml",
                "--start",
                "2026-11-30",
                "--end",
                "2026-12-28",
                "-o",
                "out/s.toml",
            ])
            .output()
            .unwrap()
    };
    let first = run();
    assert_eq!(first.status.code(), Some(0));
    insta::assert_snapshot!("plan-to-file", text(&first.stdout));
    let path = dir.path().join("out/s.toml");
    let written = fs::read_to_string(&path).unwrap();
    assert!(written.contains("organisation = \"../org.toml\""));

    // Re-planning an unchanged organisation changes nothing.
    let second = run();
    assert!(text(&second.stdout).contains("Kept 8 of the 8 shifts"));
    assert_eq!(fs::read_to_string(&path).unwrap(), written);
    assert_eq!(
        fs::read_to_string(dir.path().join("out/s.toml.bak")).unwrap(),
        written
    );

    // Pin ben to the first payments week (ava had it): the pin is kept.
    let pinned = written.replacen(
        "rota = \"team-payments\"\nperson = \"ava\"\nstart = \"2026-11-30T17:30:00Z\"\nend = \"2026-12-07T09:00:00Z\"\nslices = 7\npinned = false",
        "rota = \"team-payments\"\nperson = \"ben\"\nstart = \"2026-11-30T17:30:00Z\"\nend = \"2026-12-07T09:00:00Z\"\nslices = 7\npinned = true\nnote = \"ben asked for it\"",
        1,
    );
    assert_ne!(
        pinned, written,
        "the fixture has ava on the first payments week"
    );
    fs::write(&path, &pinned).unwrap();
    let third = run();
    assert_eq!(third.status.code(), Some(0));
    let replanned = fs::read_to_string(&path).unwrap();
    assert!(replanned.contains("person = \"ben\"\nstart = \"2026-11-30T17:30:00Z\"\nend = \"2026-12-07T09:00:00Z\"\nslices = 7\npinned = true\nnote = \"ben asked for it\""));
    // And the plan is still clean.
    let check = rota()
        .args([
            "check",
            &dir.path().join("org.toml").to_string_lossy(),
            "--schedule",
            &path.to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

#[test]
fn previous_schedule_carries_load_over() {
    // Over the four weeks before, ava and ben were on payments twice each;
    // the next two weeks go to cat and dev.
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("previous.toml");
    let out = rota()
        .args([
            "plan",
            ORG,
            "--start",
            "2026-11-02",
            "--weeks",
            "4",
            "-o",
            &previous.to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text_before = fs::read_to_string(&previous).unwrap();
    let text_before = text_before
        .replace("person = \"cat\"", "person = \"ava\"")
        .replace("person = \"dev\"", "person = \"ben\"");
    fs::write(&previous, text_before).unwrap();
    let out = rota()
        .args([
            "plan",
            ORG,
            "--start",
            "2026-11-30",
            "--weeks",
            "2",
            "--previous",
            &previous.to_string_lossy(),
        ])
        .output()
        .unwrap();
    let schedule = text(&out.stdout);
    let payments: Vec<&str> = schedule
        .split("[[shifts]]")
        .filter(|s| s.contains("team-payments"))
        .filter_map(|s| s.lines().find(|l| l.starts_with("person")))
        .collect();
    assert_eq!(payments, vec!["person = \"cat\"", "person = \"dev\""]);
}

#[test]
fn check_passes_a_good_schedule() {
    let out = rota()
        .args([
            "check",
            ORG,
            "--schedule",
            "tests/fixtures/plan/good.schedule.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("check-good-schedule", text(&out.stdout));
}

#[test]
fn check_reports_every_hard_error_of_a_hand_broken_schedule() {
    let out = rota()
        .args([
            "check",
            ORG,
            "--schedule",
            "tests/fixtures/plan/broken.schedule.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    for code in [
        "unfilled",
        "time-off-clash",
        "double-booked",
        "not-eligible",
        "stale-schedule",
        "overlapping-shifts",
    ] {
        assert!(
            stdout.contains(&format!("[{code}]")),
            "{code} missing:\n{stdout}"
        );
    }
    insta::assert_snapshot!("check-broken-schedule", stdout);
}

#[test]
fn check_calls_a_schedule_stale_when_the_working_hours_moved() {
    let dir = tempfile::tempdir().unwrap();
    let org = fs::read_to_string(ORG)
        .unwrap()
        .replace("end = \"17:30\"", "end = \"18:00\"");
    fs::write(dir.path().join("org.toml"), org).unwrap();
    let out = rota()
        .args([
            "check",
            &dir.path().join("org.toml").to_string_lossy(),
            "--schedule",
            "tests/fixtures/plan/good.schedule.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("[stale-schedule] 8 of the 8 shifts do not fit the organisation (the organisation file has changed"), "{stdout}");
}

#[test]
fn a_schedule_with_mistakes_is_reported_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let good = fs::read_to_string("tests/fixtures/plan/good.schedule.toml").unwrap();
    fs::write(
        &bad,
        good.replacen("slices = 7", "slices = \"seven\"", 1)
            .replacen("pinned = false", "pined = false", 1),
    )
    .unwrap();
    let out = rota()
        .args(["check", ORG, "--schedule", &bad.to_string_lossy()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr).replace(&*dir.path().to_string_lossy(), "DIR");
    insta::assert_snapshot!("check-bad-schedule-file", stderr);
}

#[test]
fn plan_usage_errors_exit_2() {
    for args in [
        vec!["plan", ORG, "--start", "2026-11-30"],
        vec![
            "plan",
            ORG,
            "--start",
            "2026-11-30",
            "--weeks",
            "2",
            "--end",
            "2026-12-30",
        ],
        vec!["plan", ORG, "--start", "2026-11-30", "--weeks", "0"],
        vec!["plan", ORG, "--start", "2026-11-30", "--end", "2026-11-30"],
        vec!["plan", ORG, "--start", "2026-11-30", "--weeks", "4000"],
        vec!["plan", ORG, "--start", "30/11/2026", "--weeks", "2"],
    ] {
        let out = rota().args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn plan_of_a_missing_organisation_exits_1() {
    let out = rota()
        .args([
            "plan",
            "no-such.toml",
            "--start",
            "2026-11-30",
            "--weeks",
            "2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no-such.toml"));
}

#[test]
fn plan_reports_unfilled_slices_and_exits_1() {
    // Everyone on payments is away for a day.
    let dir = tempfile::tempdir().unwrap();
    let org = fs::read_to_string(ORG)
        .unwrap()
        .replace("id = \"ben\"\nname = \"Ben\"\nteam = \"payments\"", "id = \"ben\"\nname = \"Ben\"\nteam = \"payments\"\ntime_off = [ { from = \"2026-12-02\", to = \"2026-12-02\" } ]")
        .replace("id = \"dev\"\nname = \"Dev\"\nteam = \"payments\"", "id = \"dev\"\nname = \"Dev\"\nteam = \"payments\"\ntime_off = [ { from = \"2026-12-02\", to = \"2026-12-02\" } ]")
        .replace("id = \"ava\"\nname = \"Ava\"\nteam = \"payments\"\ntime_off = [", "id = \"ava\"\nname = \"Ava\"\nteam = \"payments\"\ntime_off = [ { from = \"2026-12-02\", to = \"2026-12-02\" },")
        .replace("{ from = \"2026-12-09\", to = \"2026-12-10\", reason = \"dentist and a day off\" }", "{ from = \"2026-12-02\", to = \"2026-12-02\" }");
    let path = dir.path().join("org.toml");
    fs::write(&path, org).unwrap();
    let schedule = dir.path().join("s.toml");
    let out = rota()
        .args([
            "plan",
            &path.to_string_lossy(),
            "--start",
            "2026-11-30",
            "--weeks",
            "1",
            "-o",
            &schedule.to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout).replace(&*dir.path().to_string_lossy(), "DIR");
    insta::assert_snapshot!("plan-unfilled", stdout);
    let check = rota()
        .args([
            "check",
            &path.to_string_lossy(),
            "--schedule",
            &schedule.to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(
        text(&check.stdout)
            .contains("error [unfilled] team-payments has nobody on call on 2026-12-02 (1 slice)")
    );
}

#[test]
fn example_generates_an_organisation_that_checks_and_plans() {
    let out = rota()
        .args([
            "example",
            "--teams",
            "6",
            "--people-per-team",
            "5",
            "--seed",
            "3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let again = rota()
        .args([
            "example",
            "--teams",
            "6",
            "--people-per-team",
            "5",
            "--seed",
            "3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.stdout, again.stdout);
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("gen.toml");
    fs::write(&org, &out.stdout).unwrap();
    let plan = rota()
        .args([
            "plan",
            &org.to_string_lossy(),
            "--start",
            "2026-11-23",
            "--weeks",
            "8",
            "-o",
            &dir.path().join("gen.schedule.toml").to_string_lossy(),
        ])
        .output()
        .unwrap();
    assert!(plan.status.code() == Some(0) || plan.status.code() == Some(1));
    assert!(Path::new(&dir.path().join("gen.schedule.toml")).exists());
}

/// Planning a large organisation takes longer than the second after which a
/// terminal shows progress; through pipes, the summary is all there is and
/// standard error holds nothing of a progress line.
#[test]
fn long_work_shows_no_progress_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("big.toml");
    let out = rota()
        .args(["example", "--teams", "800", "--people-per-team", "10", "-o"])
        .arg(&org)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let plan = rota()
        .args(["plan", "--start", "2026-11-23", "--weeks", "52", "-o"])
        .arg(dir.path().join("big.schedule.toml"))
        .arg(&org)
        .output()
        .unwrap();
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan.stderr));
    assert!(plan.stderr.is_empty(), "{:?}", text(&plan.stderr));
    let stdout = text(&plan.stdout);
    assert!(
        stdout.starts_with("Planned 2026-11-23 to 2027-11-22"),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\r') && !stdout.contains('\x1b'),
        "{stdout:?}"
    );
}

#[test]
fn example_makes_organisations_of_up_to_ten_thousand_teams() {
    let out = rota()
        .args(["example", "--teams", "10000", "--people-per-team", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("id = \"t9999\""));
    let too_many = rota()
        .args(["example", "--teams", "10001"])
        .output()
        .unwrap();
    assert_eq!(too_many.status.code(), Some(2));
}
