//! Exports of a real plan of the example organisation, over a winter that
//! starts in British Summer Time and ends in it again.

use std::io::BufReader;

use crate::export_fixture::plan_example;
use assert_cmd::Command;
use chrono::{NaiveDateTime, TimeZone, Utc};
use rota_core::schedule::load_schedule;

fn rota() -> Command {
    Command::cargo_bin("rota").unwrap()
}

fn utc(value: &str) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ").unwrap())
}

#[test]
fn a_planned_winter_exports_every_shift_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let schedule_path = plan_example(
        dir.path(),
        &["--start", "2026-10-19", "--end", "2027-04-05"],
    );
    let (schedule, _) = load_schedule(&schedule_path).unwrap();
    assert!(schedule.shifts.len() > 100);

    let ics = rota()
        .args(["export", schedule_path.to_str().unwrap(), "--format", "ics"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let again = rota()
        .args(["export", schedule_path.to_str().unwrap(), "--format", "ics"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(ics, again);

    let calendar = ical::IcalParser::new(BufReader::new(&ics[..]))
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(calendar.events.len(), schedule.shifts.len());
    let mut uids = std::collections::BTreeSet::new();
    let mut crossings = 0;
    for (event, shift) in calendar.events.iter().zip(&schedule.shifts) {
        let get = |name: &str| {
            event
                .properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.clone())
                .unwrap()
        };
        let (start, end) = (utc(&get("DTSTART")), utc(&get("DTEND")));
        assert_eq!(start, shift.start.with_timezone(&Utc));
        assert_eq!(end, shift.end.with_timezone(&Utc));
        assert!(uids.insert(get("UID")));
        // Across the October change a shift starts at 17:30 BST (16:30Z) and
        // ends at 09:00 GMT (09:00Z).
        if start.format("%H:%M").to_string() == "16:30"
            && end.format("%H:%M").to_string() == "09:00"
        {
            crossings += 1;
        }
    }
    assert!(
        crossings > 0,
        "some shifts start in summer time and end in winter time"
    );
    // Across the March change: 17:30 GMT (17:30Z) to 09:00 BST (08:00Z).
    let spring = schedule
        .shifts
        .iter()
        .filter(|s| {
            s.start.with_timezone(&Utc).format("%H:%M").to_string() == "17:30"
                && s.end.with_timezone(&Utc).format("%H:%M").to_string() == "08:00"
        })
        .count();
    assert!(
        spring > 0,
        "some shifts start in winter time and end in summer time"
    );

    // The CSV has a row per shift and its standby pay adds up.
    let csv_out = rota()
        .args(["export", schedule_path.to_str().unwrap(), "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(&csv_out[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), schedule.shifts.len());
    for row in &rows {
        let slices: u32 = row[4].parse().unwrap();
        let weekend: u32 = row[5].parse().unwrap();
        let holiday: u32 = row[6].parse().unwrap();
        let weeknight = slices - weekend - holiday;
        let pay = format!("{}.00", weeknight * 40 + weekend * 80 + holiday * 120);
        assert_eq!(&row[7], pay.as_str(), "{row:?}");
    }
}
