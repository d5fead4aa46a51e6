//! Hand-made schedules for tests: shifts cut exactly on the organisation's
//! slices, written beside a copy of the organisation file.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rota_core::calendar::Horizon;
use rota_core::org::{Organisation, parse_organisation};
use rota_core::rotas::Coverage;
use rota_core::schedule::{Schedule, Shift, digest, write_schedule};

pub const DST_ORG: &str = include_str!("../../fixtures/dst-autumn.toml");

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn dst_org() -> Organisation {
    parse_organisation("dst-autumn.toml", DST_ORG).unwrap()
}

/// A shift of `rota` for `person` over `n` slices from day index `first`.
pub fn shift(coverage: &Coverage, rota: &str, person: &str, first: usize, n: usize) -> Shift {
    let start = coverage.slices[first].start;
    let end = coverage.slices[first + n - 1].end;
    Shift {
        rota: rota.to_string(),
        person: person.to_string(),
        start: start.fixed_offset(),
        end: end.fixed_offset(),
        slices: n as u32,
        pinned: false,
        note: String::new(),
        role: Default::default(),
    }
}

/// Two weeks from Monday 2026-10-19, across the end of British Summer Time
/// on Sunday 2026-10-25, and a holiday on Friday 2026-10-30.
pub fn dst_schedule(org: &Organisation) -> (Schedule, Coverage) {
    let horizon = Horizon::new(date("2026-10-19"), date("2026-11-02"));
    let coverage = Coverage::build(org, horizon);
    let mut shifts = vec![
        // The payments team rota: Ava the first week; the second week split
        // into two cover segments, Ben then Ava.
        shift(&coverage, "team-payments", "ava", 0, 7),
        shift(&coverage, "team-payments", "ben", 7, 3),
        shift(&coverage, "team-payments", "ava", 10, 4),
        // The checkout domain rota (basket and search).
        shift(&coverage, "domain-checkout", "cat", 0, 7),
        shift(&coverage, "domain-checkout", "dan", 7, 7),
    ];
    shifts[1].pinned = true;
    shifts[1].note = "swapped with Ava, \"see\" thread; ok".to_string();
    let mut schedule = Schedule {
        organisation: "org.toml".to_string(),
        organisation_digest: digest(DST_ORG.as_bytes()),
        start: horizon.start,
        end: horizon.end,
        generated_by: "test".to_string(),
        revision: 0,
        updated: None,
        shifts,
        callouts: Vec::new(),
        moved: Vec::new(),
    };
    schedule.sort();
    (schedule, coverage)
}

/// Writes the organisation and a schedule into `dir`; returns the schedule path.
pub fn write_files(dir: &Path, schedule: &Schedule) -> PathBuf {
    std::fs::write(dir.join("org.toml"), DST_ORG).unwrap();
    let path = dir.join("schedule.toml");
    std::fs::write(&path, write_schedule(schedule)).unwrap();
    path
}

/// Copies the example organisation into `dir` and plans it with the real
/// binary over `horizon` (e.g. `["--start", "2026-11-16", "--weeks", "6"]`);
/// returns the schedule's path.
pub fn plan_example(dir: &Path, horizon: &[&str]) -> PathBuf {
    let org = dir.join("example.toml");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/schedules/example.toml"),
        &org,
    )
    .expect("the example is copied");
    let schedule = dir.join("winter.toml");
    assert_cmd::Command::cargo_bin("rota")
        .expect("the rota binary is built")
        .arg("plan")
        .arg(&org)
        .args(horizon)
        .arg("-o")
        .arg(&schedule)
        .assert()
        .success();
    schedule
}
