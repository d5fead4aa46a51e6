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
    for name in ["good.schedule.toml", "broken.schedule.toml"] {
        let (schedule, text) = load_schedule(&fixture(name)).expect("the fixture loads");
        assert_eq!(write_schedule(&schedule), text, "{name}");
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/example.schedule.toml");
    let (schedule, text) = load_schedule(&example).expect("the example schedule loads");
    assert_eq!(write_schedule(&schedule), text);
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
