//! `rota callouts import`: CSV, PagerDuty and Opsgenie files recorded into a
//! schedule, all or nothing, and never twice.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const FIXTURES: &str = "tests/fixtures/callouts";

fn rota() -> Command {
    let mut cmd = Command::cargo_bin("rota").expect("the rota binary is built");
    cmd.env_remove("ROTA_TODAY").env("NO_COLOR", "1");
    cmd
}

/// A copy of the payroll organisation and its schedule without callouts.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::copy(
        "tests/fixtures/payroll/org.toml",
        dir.path().join("org.toml"),
    )
    .expect("copy");
    let schedule = dir.path().join("rota.schedule.toml");
    std::fs::copy("tests/fixtures/payroll/estimated.schedule.toml", &schedule).expect("copy");
    (dir, schedule)
}

fn import(schedule: &Path, file: &str, format: Option<&str>) -> (Option<i32>, String, String) {
    import_on(schedule, file, format, "2027-01-04")
}

/// [`import`] with today injected: only what happened before it is imported.
fn import_on(
    schedule: &Path,
    file: &str,
    format: Option<&str>,
    today: &str,
) -> (Option<i32>, String, String) {
    let mut cmd = rota();
    cmd.env("ROTA_TODAY", today)
        .args(["callouts", "import"])
        .arg(schedule)
        .arg(format!("{FIXTURES}/{file}"));
    if let Some(f) = format {
        cmd.args(["--format", f]);
    }
    let out = cmd.output().expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The schedule's callouts as `person at minutes service rota` lines.
fn callouts(schedule: &Path) -> Vec<String> {
    let (s, _) = rota_core::schedule::load_schedule(schedule).expect("the schedule loads");
    s.callouts
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {}",
                c.person,
                c.at.to_rfc3339(),
                c.minutes,
                c.service,
                c.rota
            )
        })
        .collect()
}

#[test]
fn csv_matches_people_by_id_email_or_name_and_services_by_id_or_name() {
    let (_dir, schedule) = workspace();
    let (code, out, err) = import(&schedule, "callouts.csv", Some("csv"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("3 callouts imported"), "{out}");
    assert_eq!(
        callouts(&schedule),
        [
            "ava 2026-11-24T02:00:00+00:00 30 web team-a",
            "ava 2026-11-28T14:00:00+00:00 90 web team-a",
            "ben 2026-12-05T03:00:00+00:00 45 web team-a",
        ]
    );
    // Re-importing the same file adds nothing and leaves the file as it was.
    let before = std::fs::read(&schedule).expect("read");
    let (code, out, err) = import(&schedule, "callouts.csv", None);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("0 callouts imported"), "{out}");
    assert!(out.contains("3 already recorded"), "{out}");
    assert_eq!(std::fs::read(&schedule).expect("read"), before);
}

#[test]
fn a_callout_that_has_not_happened_yet_is_refused() {
    let (_dir, schedule) = workspace();
    let before = std::fs::read(&schedule).expect("read");
    // Today is 2026-12-05: the row at 03:00 that day is still to come.
    let (code, _, err) = import_on(&schedule, "callouts.csv", Some("csv"), "2026-12-05");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("line 4: 2026-12-05 03:00 has not happened yet"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(std::fs::read(&schedule).expect("read"), before);
    // The day after, it has.
    let (code, out, err) = import_on(&schedule, "callouts.csv", Some("csv"), "2026-12-06");
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("3 callouts imported"), "{out}");
}

#[test]
fn pagerduty_incident_list() {
    let (_dir, schedule) = workspace();
    let (code, out, err) = import(&schedule, "pagerduty.json", Some("pagerduty"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("2 callouts imported"), "{out}");
    // #1234: resolved 29m10s after it was created (a started minute counts),
    // by Ava (who resolved it); #1240: assigned to Ben, matched by email.
    assert_eq!(
        callouts(&schedule),
        [
            "ava 2026-11-24T02:00:00+00:00 30 web team-a",
            "ben 2026-12-05T03:00:00+00:00 45 web team-a",
        ]
    );
    let (_, out, _) = import(&schedule, "pagerduty.json", None);
    assert!(out.starts_with("0 callouts imported"), "sniffed: {out}");
    assert!(out.contains("; 2 already recorded"), "sniffed: {out}");
}

#[test]
fn opsgenie_alert_list() {
    let (_dir, schedule) = workspace();
    let (code, out, err) = import(&schedule, "opsgenie.json", Some("opsgenie"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("2 callouts imported"), "{out}");
    // closeTime 5,400,000 ms is 90 minutes; 3,630,000 ms is 60.5, so 61.
    assert_eq!(
        callouts(&schedule),
        [
            "ava 2026-11-28T14:00:00+00:00 90 web team-a",
            "ben 2026-12-15T01:00:00+00:00 61 web team-a",
        ]
    );
    // The same incidents from another pager are not recorded twice.
    let (code, out, _) = import(&schedule, "callouts.csv", None);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("2 callouts imported"), "{out}");
    assert!(out.contains("; 1 already recorded"), "{out}");
    assert_eq!(callouts(&schedule).len(), 4);
    // And the pay follows: payable includes the recorded callouts.
    let csv = rota()
        .args(["report"])
        .arg(&schedule)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("ben,") && l.ends_with(",845.83,recorded")),
        "{csv}"
    );
}

#[test]
fn unmatched_rows_are_all_reported_and_nothing_is_written() {
    let (dir, schedule) = workspace();
    let before = std::fs::read(&schedule).expect("read");
    let (code, out, err) = import(&schedule, "unmatched.csv", None);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty(), "{out}");
    let file = "tests/fixtures/callouts/unmatched.csv";
    for expected in [
        format!("{file}: line 3: responder `carol@example.com` is nobody in the organisation"),
        format!("{file}: line 4: 2026-12-08 12:00 is outside every shift"),
        format!("{file}: line 5: ben was not on call at 2026-12-09 01:00"),
        format!("{file}: line 6: service `checkout` is not in the organisation"),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
    }
    assert!(
        !err.contains("line 2"),
        "the good row is not a problem: {err}"
    );
    assert!(err.contains("4 rows cannot be imported; nothing was imported"));
    assert_eq!(std::fs::read(&schedule).expect("read"), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "no backup or temporary file: {names:?}");
}

#[test]
fn a_file_of_the_wrong_shape_is_a_located_error() {
    let (_dir, schedule) = workspace();
    let (code, _, err) = import(&schedule, "opsgenie.json", Some("pagerduty"));
    assert_eq!(code, Some(1));
    assert!(err.contains("no `incidents` list"), "{err}");
    let (code, _, err) = import(&schedule, "pagerduty.json", Some("csv"));
    assert_eq!(code, Some(1));
    assert!(err.contains("line 1"), "{err}");
    assert!(!err.contains("panicked"));
}

/// An incident export is someone else's file: a responder name carrying
/// terminal escapes is reported without them, and a FIFO is refused at
/// once instead of blocking.
#[test]
fn hostile_import_files_never_reach_the_terminal_raw() {
    let (dir, schedule) = workspace();
    let hostile = dir.path().join("hostile.csv");
    std::fs::write(
        &hostile,
        "at,minutes,person,service\n2026-12-01T02:00:00Z,30,\u{1b}]0;owned\u{7}\u{1b}[2Jeve,checkout-web\n",
    )
    .expect("write");
    let out = rota()
        .args(["callouts", "import"])
        .arg(&schedule)
        .arg(&hostile)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );

    let fifo = dir.path().join("incidents.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let out = rota()
            .args(["callouts", "import"])
            .arg(&schedule)
            .arg(&fifo)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
    }
}
