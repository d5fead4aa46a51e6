//! Hostile and mistaken input, through the real binary: special files,
//! out-of-range money, derived rota ids, the wrong kind of file, dates the
//! files cannot hold, overlapping shifts and broken pins.

use std::fs;
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

const ORG: &str = "tests/fixtures/plan/org.toml";
const GOOD: &str = "tests/fixtures/plan/good.schedule.toml";

fn rota() -> Command {
    let mut c = Command::cargo_bin("rota").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ROTA_TODAY")
        .env("NO_COLOR", "1")
        // A guard against hanging forever on a FIFO if reading regressed,
        // not a measure of speed: a correct run takes a fraction of it.
        .timeout(Duration::from_secs(120));
    c
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn manifest(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The plan fixture's organisation copied into `dir` as org.toml, with
/// `edit` applied to its text.
fn org_in(dir: &Path, edit: impl FnOnce(String) -> String) -> std::path::PathBuf {
    let path = dir.join("org.toml");
    fs::write(&path, edit(fs::read_to_string(manifest(ORG)).unwrap())).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn a_schedule_naming_a_fifo_fails_at_once_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("org.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success());
    if made.ok() != Some(true) {
        println!("skipped: mkfifo is not available here");
        return;
    }
    fs::copy(manifest(GOOD), dir.path().join("s.toml")).unwrap();
    for command in ["report", "export"] {
        let mut cmd = rota();
        cmd.arg(command).arg(dir.path().join("s.toml"));
        if command == "export" {
            cmd.args(["--format", "csv"]);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = text(&out.stderr);
        assert!(
            err.contains("org.toml: cannot read the file: not a regular file (a FIFO"),
            "{err}"
        );
    }
    // The same rule for the organisation given directly.
    let out = rota().arg("check").arg(&fifo).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("a FIFO"));
}

#[cfg(unix)]
#[test]
fn a_schedule_naming_a_device_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = fs::read_to_string(manifest(GOOD)).unwrap().replace(
        "organisation = \"org.toml\"",
        "organisation = \"/dev/zero\"",
    );
    fs::write(dir.path().join("s.toml"), schedule).unwrap();
    let out = rota()
        .arg("report")
        .arg(dir.path().join("s.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("/dev/zero: cannot read the file: not a regular file (a character device)"),
        "{}",
        text(&out.stderr)
    );
    // --previous and the schedule itself follow the same rule.
    let out = rota()
        .args(["plan", ORG, "--start", "2026-11-30", "--weeks", "1"])
        .args(["--previous", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("character device"));
    let out = rota()
        .args(["check", ORG, "--schedule", "/"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not a regular file (a directory)"));
}

#[test]
fn money_inputs_out_of_range_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_in(dir.path(), |t| {
        t.replace(
            "hourly_exposure = 60000",
            "hourly_exposure = 60000\ncallouts_per_week = 1e12",
        )
        .replace("holiday = 120.0", "holiday = 120.0\ncallout = 1000000.0")
        .replace("hourly_exposure = 100000", "hourly_exposure = 1e18")
    });
    let out = rota().arg("check").arg(&org).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(":129:21: services.search-api.callouts_per_week: out of range (expected a number of callouts from 0 to 3360, found 1000000000000)"),
        "{err}"
    );
    assert!(
        err.contains("services.basket-api.hourly_exposure: out of range"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn money_at_every_bound_never_wraps_in_a_report() {
    // Every money-bearing input at its largest accepted value.
    let dir = tempfile::tempdir().unwrap();
    let org = org_in(dir.path(), |t| {
        t.replace("weeknight = 40.0", "weeknight = 1000000.0")
            .replace("weekend_day = 80.0", "weekend_day = 1000000.0")
            .replace(
                "holiday = 120.0",
                "holiday = 1000000.0\ncallout = 1000000.0",
            )
            .replace(
                "hourly_exposure = 500000",
                "hourly_exposure = 1e12\ncallouts_per_week = 3360",
            )
    });
    let out = rota()
        .arg("plan")
        .arg(&org)
        .args(["--start", "2026-11-30", "--weeks", "52", "-o"])
        .arg(dir.path().join("s.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for format in ["text", "csv", "json"] {
        let out = rota()
            .arg("report")
            .arg(dir.path().join("s.toml"))
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let report = text(&out.stdout);
        // Money is never negative here; a wrapped total would be.
        assert!(
            !report.contains("-9") && !report.contains(",-") && !report.contains(": -"),
            "{report}"
        );
    }
}

#[test]
fn an_explicit_rota_with_a_derived_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_in(dir.path(), |t| {
        t + "\n[[rotas]]\nid = \"team-payments\"\nname = \"Night cover\"\nteams = [\"search\"]\n"
    });
    let out = rota().arg("check").arg(&org).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(":130:6: rotas.team-payments.id: `team-payments` is the id of a derived rota"),
        "{err}"
    );
    assert!(err.contains("did you mean `team-payments-rota`?"), "{err}");
    // `domain-<domain>` likewise; an id of neither form is fine.
    let org = org_in(dir.path(), |t| {
        t + "\n[[rotas]]\nid = \"domain-checkout\"\nname = \"N\"\nteams = [\"search\"]\n"
    });
    let out = rota().arg("check").arg(&org).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let org = org_in(dir.path(), |t| {
        t + "\n[[rotas]]\nid = \"team-nights\"\nname = \"N\"\nteams = [\"search\"]\n"
    });
    let out = rota().arg("check").arg(&org).output().unwrap();
    assert_ne!(out.status.code(), Some(1), "{}", text(&out.stderr));
}

#[test]
fn the_wrong_kind_of_file_is_named_in_one_line() {
    let out = rota().args(["check", GOOD]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "{GOOD}: this is a schedule file, not an organisation file"
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "one problem and the total: {err}");

    let out = rota().args(["report", ORG]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "{ORG}: this is an organisation file, not a schedule file"
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn dates_name_their_format_and_stay_within_what_files_hold() {
    let out = rota()
        .args(["plan", ORG, "--start", "12/07/2026", "--weeks", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("expected a date YYYY-MM-DD"));

    let out = rota()
        .args(["plan", ORG, "--start", "9999-12-31", "--weeks", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing is written");
    assert!(text(&out.stderr).contains("after 9999-12-31"));

    // A horizon ending on the last writable date still plans and reads back.
    let dir = tempfile::tempdir().unwrap();
    let out = rota()
        .args([
            "plan",
            ORG,
            "--start",
            "9999-12-20",
            "--end",
            "9999-12-31",
            "-o",
        ])
        .arg(dir.path().join("s.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = rota()
        .args(["check", ORG, "--schedule"])
        .arg(dir.path().join("s.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    for today in ["+10000-01-01", "2026-1-1"] {
        let out = rota()
            .args(["check", ORG, "--today", today])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{today}");
        assert!(text(&out.stderr).contains("YYYY-MM-DD"));
    }
}

/// The good schedule with one more shift: ivy on domain-checkout for the
/// week eve already holds.
fn overlapping_schedule() -> String {
    fs::read_to_string(manifest(GOOD)).unwrap()
        + "\n[[shifts]]\nrota = \"domain-checkout\"\nperson = \"ivy\"\n\
           start = \"2026-12-02T17:30:00Z\"\nend = \"2026-12-04T09:00:00Z\"\n\
           slices = 2\npinned = false\n"
}

#[test]
fn two_people_on_one_rota_at_once_is_a_hard_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(manifest(ORG), dir.path().join("org.toml")).unwrap();
    fs::write(dir.path().join("s.toml"), overlapping_schedule()).unwrap();
    let out = rota()
        .arg("check")
        .arg(dir.path().join("org.toml"))
        .arg("--schedule")
        .arg(dir.path().join("s.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "error [overlapping-shifts] eve and ivy both hold domain-checkout from 2026-12-02 to 2026-12-03"
        ),
        "{stdout}"
    );
    // The good schedule has none.
    let out = rota()
        .args(["check", ORG, "--schedule", GOOD])
        .output()
        .unwrap();
    assert!(!text(&out.stdout).contains("overlapping-shifts"));
}

#[test]
fn plan_onto_a_file_with_broken_pins_names_them_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(manifest(ORG), dir.path().join("org.toml")).unwrap();
    // Ava is off from 2026-12-21; pin her on team-payments that week, and
    // pin someone who does not exist on another.
    let mut schedule = fs::read_to_string(manifest(GOOD)).unwrap();
    let week = "rota = \"team-payments\"\nperson = \"";
    let at = schedule.rfind(week).expect("a team-payments shift") + week.len();
    let end = at + schedule[at..].find('"').unwrap();
    schedule.replace_range(at..end, "ava");
    let pinned_at = at + schedule[at..].find("pinned = false").unwrap();
    schedule.replace_range(pinned_at..pinned_at + 14, "pinned = true");
    schedule.push_str(
        "\n[[shifts]]\nrota = \"domain-checkout\"\nperson = \"zed\"\n\
         start = \"2026-11-30T17:30:00Z\"\nend = \"2026-12-07T09:00:00Z\"\n\
         slices = 7\npinned = true\n",
    );
    let path = dir.path().join("s.toml");
    fs::write(&path, &schedule).unwrap();

    let out = rota()
        .arg("plan")
        .arg(dir.path().join("org.toml"))
        .args([
            "--start",
            "2026-11-30",
            "--weeks",
            "4",
            "--today",
            "2026-11-30",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("pinned shift problems in"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(err.contains("[time-off-clash] ava"), "{err}");
    assert!(err.contains("zed"), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        schedule,
        "left as it was"
    );
    assert!(!dir.path().join("s.toml.bak").exists());
}

/// A pinned shift that has been worked is history: time off booked over
/// it afterwards does not make `plan -o` refuse the file, and the shift is
/// kept exactly as it was.
#[test]
fn plan_keeps_a_worked_pin_that_a_later_change_would_break() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(manifest(ORG), dir.path().join("org.toml")).unwrap();
    let mut schedule = fs::read_to_string(manifest(GOOD)).unwrap();
    let week = "rota = \"team-payments\"\nperson = \"";
    let at = schedule.rfind(week).expect("a team-payments shift") + week.len();
    let end = at + schedule[at..].find('"').unwrap();
    schedule.replace_range(at..end, "ava");
    let pinned_at = at + schedule[at..].find("pinned = false").unwrap();
    schedule.replace_range(pinned_at..pinned_at + 14, "pinned = true");
    let shift_start = schedule[..at].rfind("[[shifts]]").unwrap();
    let shift_end = pinned_at + "pinned = true".len();
    let worked = schedule[shift_start..shift_end].to_string();
    let path = dir.path().join("s.toml");
    fs::write(&path, &schedule).unwrap();

    let out = rota()
        .arg("plan")
        .arg(dir.path().join("org.toml"))
        .args([
            "--start",
            "2026-11-30",
            "--weeks",
            "6",
            "--today",
            "2027-01-04",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        fs::read_to_string(&path).unwrap().contains(&worked),
        "the worked shift is kept as it was"
    );
}

#[test]
fn too_many_problems_are_capped_at_fifty() {
    let dir = tempfile::tempdir().unwrap();
    let org = org_in(dir.path(), |mut t| {
        for i in 0..60 {
            t.push_str(&format!(
                "\n[[people]]\nid = \"p{i}\"\nname = \"P\"\nteam = \"nowhere\"\n"
            ));
        }
        t
    });
    let out = rota().arg("check").arg(&org).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 52, "{err}");
    assert_eq!(lines[50], "and 10 more problems");
    assert_eq!(lines[51], "60 problems found; nothing was loaded");
}
