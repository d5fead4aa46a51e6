//! The CSV of shifts, read back with a CSV reader: awkward names survive,
//! the contract's columns come first, and the filters select what they say.

use crate::export_fixture::{dst_org, dst_schedule, write_files};
use assert_cmd::Command;
use chrono::SecondsFormat;
use rota_core::export::{Filter, build, csv::shifts_csv};

fn read(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn every_field_round_trips_through_a_csv_reader() {
    let org = dst_org();
    let (schedule, coverage) = dst_schedule(&org);
    let export = build(&org, &coverage, &schedule, &Filter::default());
    let text = shifts_csv(&export.shifts);
    let (header, rows) = read(&text);
    assert_eq!(
        header[..9],
        [
            "rota",
            "person",
            "start",
            "end",
            "slices",
            "weekend_slices",
            "holiday_slices",
            "standby_pay",
            "pinned"
        ]
    );
    assert_eq!(rows.len(), schedule.shifts.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, (shift, exported)) in rows.iter().zip(schedule.shifts.iter().zip(&export.shifts)) {
        assert_eq!(row[col("rota")], shift.rota);
        assert_eq!(row[col("person")], shift.person);
        assert_eq!(
            row[col("start")],
            shift.start.to_rfc3339_opts(SecondsFormat::Secs, true)
        );
        assert_eq!(
            row[col("end")],
            shift.end.to_rfc3339_opts(SecondsFormat::Secs, true)
        );
        assert_eq!(row[col("slices")], shift.slices.to_string());
        assert_eq!(row[col("pinned")], shift.pinned.to_string());
        assert_eq!(row[col("note")], shift.note);
        assert_eq!(row[col("name")], exported.person_name);
        assert_eq!(row[col("rota_name")], exported.rota_name);
        let slices: u32 = ["weeknight_slices", "weekend_slices", "holiday_slices"]
            .iter()
            .map(|c| row[col(c)].parse::<u32>().unwrap())
            .sum();
        assert_eq!(slices, shift.slices);
    }
    // The awkward names, exactly.
    let names: Vec<&str> = rows.iter().map(|r| r[col("name")].as_str()).collect();
    assert!(names.contains(&"Ava \"Av\" O'Neil, Jr."));
    assert!(names.contains(&"Benoît Ørsted; Søren"));
    assert!(names.contains(&"Dan\\Backslash"));
    let ben = rows.iter().find(|r| r[col("person")] == "ben").unwrap();
    assert_eq!(ben[col("note")], "swapped with Ava, \"see\" thread; ok");
    assert_eq!(ben[col("teams")], "Payments, Cards; Wallets");
    assert_eq!(ben[col("standby_pay")], "120.00");
    // Quotes are doubled inside a quoted field, as spreadsheets expect.
    assert!(text.contains("\"Ava \"\"Av\"\" O'Neil, Jr.\""));
    assert!(text.ends_with("\r\n"));
}

#[test]
fn standby_pay_follows_the_slice_kinds() {
    let org = dst_org();
    let (schedule, coverage) = dst_schedule(&org);
    let export = build(&org, &coverage, &schedule, &Filter::default());
    for s in &export.shifts {
        let expected = 4000 * s.weeknight_slices as i64
            + 8000 * s.weekend_slices as i64
            + 12000 * s.holiday_slices as i64;
        assert_eq!(s.standby_pay.minor(), expected, "{s:?}");
    }
    // The week with the holiday on Friday 30 October.
    let dan = export.shifts.iter().find(|s| s.person == "dan").unwrap();
    assert_eq!(
        (dan.weeknight_slices, dan.weekend_slices, dan.holiday_slices),
        (4, 2, 1)
    );
}

fn export_csv(args: &[&str]) -> Vec<Vec<String>> {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let out = Command::cargo_bin("rota")
        .unwrap()
        .args(["export", path.to_str().unwrap(), "--format", "csv"])
        .args(args)
        .assert()
        .success();
    read(&String::from_utf8(out.get_output().stdout.clone()).unwrap()).1
}

#[test]
fn filters_select_by_rota_person_and_dates() {
    assert_eq!(export_csv(&[]).len(), 5);
    let payments = export_csv(&["--rota", "team-payments"]);
    assert_eq!(payments.len(), 3);
    assert!(payments.iter().all(|r| r[0] == "team-payments"));
    let ava = export_csv(&["--person", "ava"]);
    assert_eq!(ava.len(), 2);
    assert!(ava.iter().all(|r| r[1] == "ava"));
    assert_eq!(
        export_csv(&["--person", "ava", "--rota", "domain-checkout"]).len(),
        0
    );
    // Sunday 1 November: the shifts that run to Monday 2 overlap it; Ben's
    // segment (Monday 26 to Thursday 29 at 09:00) does not.
    let late = export_csv(&["--from", "2026-11-01"]);
    assert_eq!(late.len(), 2, "{late:?}");
    assert!(late.iter().all(|r| r[3] == "2026-11-02T09:00:00Z"));
    // Up to Monday 19 October: only the first week's shifts start then.
    let early = export_csv(&["--to", "2026-10-19"]);
    assert_eq!(early.len(), 2);
    // A shift that ends at 09:00 on the 26th does not overlap from the 27th.
    assert_eq!(
        export_csv(&["--from", "2026-10-27", "--to", "2026-10-27"]).len(),
        2
    );
}

#[test]
fn a_reversed_date_range_is_a_usage_error() {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    Command::cargo_bin("rota")
        .unwrap()
        .args(["export", path.to_str().unwrap(), "--format", "csv"])
        .args(["--from", "2026-10-30", "--to", "2026-10-20"])
        .assert()
        .code(2);
}

#[test]
fn export_help() {
    let out = Command::cargo_bin("rota")
        .unwrap()
        .args(["export", "--help"])
        .env_remove("ROTA_TODAY")
        .env("COLUMNS", "100")
        .assert()
        .success();
    insta::assert_snapshot!(String::from_utf8(out.get_output().stdout.clone()).unwrap());
}
