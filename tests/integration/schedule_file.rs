//! The schedule file: byte-for-byte round trip, and a failed save leaves
//! the previous file intact.

use std::fs;
use std::path::Path;

use rota_core::input::storage::{backup_path, write_atomic_with};
use rota_core::schedule::{load_schedule, parse_schedule, save_schedule, write_schedule};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan")
        .join(name)
}

#[test]
fn loading_and_writing_reproduces_the_file_byte_for_byte() {
    for name in [
        "good.schedule.toml",
        "broken.schedule.toml",
        "revised.schedule.toml",
    ] {
        let (schedule, text) = load_schedule(&fixture(name)).expect("the fixture loads");
        assert_eq!(write_schedule(&schedule), text, "{name}");
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/example.schedule.toml");
    let (schedule, text) = load_schedule(&example).expect("the example schedule loads");
    assert_eq!(write_schedule(&schedule), text);
}

#[test]
fn revision_stamp_and_moved_shifts_are_read_and_optional() {
    let (revised, _) = load_schedule(&fixture("revised.schedule.toml")).unwrap();
    assert_eq!(revised.revision, 3);
    assert_eq!(
        revised.updated.map(|t| t.to_rfc3339()),
        Some("2026-12-01T00:00:00+00:00".to_string())
    );
    assert_eq!(revised.moved.len(), 1);
    assert_eq!(revised.moved[0].person, "gus");
    // A file without them is revision 0, never updated, nothing moved.
    let (good, _) = load_schedule(&fixture("good.schedule.toml")).unwrap();
    assert_eq!(
        (good.revision, good.updated, good.moved.len()),
        (0, None, 0)
    );
}

#[test]
fn bad_revision_stamp_and_moved_shifts_are_located() {
    let good = fs::read_to_string(fixture("good.schedule.toml")).unwrap();
    let head = "generated_by = \"rota 0.1.0\"\n";
    for (extra, tail, wanted) in [
        (
            "revision = 0\n",
            "",
            "s.toml:7:12: schedule.revision: out of range",
        ),
        ("revision = \"3\"\n", "", "s.toml:7:12: schedule.revision"),
        (
            "updated = \"yesterday\"\n",
            "",
            "s.toml:7:11: schedule.updated: not a date-time",
        ),
        (
            "",
            "\n[[moved]]\nrota = \"domain-checkout\"\nperson = \"gus\"\nstart = \"2026-12-07T17:30:00Z\"\n",
            "moved[1].end: missing required key",
        ),
        (
            "",
            "\n[[moved]]\nrota = \"domain-checkout\"\nwho = \"gus\"\n",
            "moved[1].who",
        ),
    ] {
        let text = format!(
            "{}{tail}",
            good.replacen(head, &format!("{head}{extra}"), 1)
        );
        let err = parse_schedule("s.toml", &text)
            .expect_err(wanted)
            .to_string();
        assert!(err.contains(wanted), "{wanted}\n{err}");
    }
}

#[test]
fn a_planned_schedule_round_trips() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/example.toml");
    let (org, text) = rota_core::org::load_organisation(&path).unwrap();
    let horizon = rota_core::calendar::Horizon::weeks(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        8,
    );
    let (schedule, _) = rota_core::planner::plan_schedule(
        &org,
        &text,
        "example.toml",
        horizon,
        &Default::default(),
    );
    let written = write_schedule(&schedule);
    let again = parse_schedule("s.toml", &written).expect("a written schedule parses");
    assert_eq!(again, schedule);
    assert_eq!(write_schedule(&again), written);
}

#[test]
fn a_save_that_fails_half_way_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.schedule.toml");
    let old = fs::read_to_string(fixture("good.schedule.toml")).unwrap();
    fs::write(&path, &old).unwrap();
    let (schedule, _) = load_schedule(&fixture("broken.schedule.toml")).unwrap();
    let new = write_schedule(&schedule);
    let result = write_atomic_with(&path, |w| {
        w.write_all(&new.as_bytes()[..new.len() / 2])?;
        Err(std::io::Error::other("the disk is full"))
    });
    assert!(result.is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), old);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "nothing else is left behind: {names:?}");
}

#[test]
fn a_save_that_cannot_create_its_temporary_file_leaves_the_old_file() {
    // The temporary file's name is taken by a directory, so the save fails
    // before anything is replaced (a read-only directory does the same, but
    // tests may run as a user who can write anywhere).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.schedule.toml");
    let old = fs::read_to_string(fixture("good.schedule.toml")).unwrap();
    fs::write(&path, &old).unwrap();
    fs::create_dir(
        dir.path()
            .join(format!(".s.schedule.toml.tmp-{}", std::process::id())),
    )
    .unwrap();
    let (schedule, _) = load_schedule(&fixture("broken.schedule.toml")).unwrap();
    assert!(save_schedule(&path, &schedule).is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), old);
    assert!(!backup_path(&path).exists());
}

#[test]
fn a_good_save_keeps_the_previous_version_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.schedule.toml");
    let old = fs::read_to_string(fixture("good.schedule.toml")).unwrap();
    fs::write(&path, &old).unwrap();
    let (schedule, text) = load_schedule(&fixture("broken.schedule.toml")).unwrap();
    save_schedule(&path, &schedule).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert_eq!(fs::read_to_string(backup_path(&path)).unwrap(), old);
}
