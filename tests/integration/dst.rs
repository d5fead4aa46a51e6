//! Slices across daylight-saving changes: exact instants and lengths, and
//! no gap or overlap between consecutive slices.

use chrono::{DateTime, NaiveDate, Utc};
use rota_core::calendar::{Horizon, SliceKind, slice, slices};
use rota_core::org::{Organisation, parse_organisation};

fn org(timezone: &str, days: &str) -> Organisation {
    let text = format!(
        r#"[organisation]
name = "DST"
timezone = "{timezone}"
currency = "GBP"

[working_hours]
days = [{days}]
start = "09:00"
end = "17:30"

[pay]
weeknight = 40.0
weekend_day = 80.0
holiday = 120.0

[rotation]
handoff = "weekly"
handoff_day = "mon"

[[bands]]
name = "high"
max_hourly_exposure = 800000
availability = 99.9
on_call = "team"

[[domains]]
id = "d"
name = "D"

[[teams]]
id = "a"
name = "A"
domain = "d"

[[people]]
id = "ann"
name = "Ann"
team = "a"

[[people]]
id = "bob"
name = "Bob"
team = "a"

[[services]]
id = "s"
name = "S"
team = "a"
hourly_exposure = 500000
"#
    );
    parse_organisation("dst.toml", &text).unwrap_or_else(|d| panic!("{d}"))
}

const WEEKDAYS: &str = r#""mon", "tue", "wed", "thu", "fri""#;
const EVERY_DAY: &str = r#""mon", "tue", "wed", "thu", "fri", "sat", "sun""#;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// (start, end, hours) of the slice of a date.
fn check(org: &Organisation, date: &str, kind: SliceKind, start: &str, end: &str, hours: f64) {
    let s = slice(org, d(date));
    assert_eq!(s.kind, kind, "{date}");
    assert_eq!(s.start, t(start), "{date} start");
    assert_eq!(s.end, t(end), "{date} end");
    assert_eq!(s.hours(), hours, "{date} hours");
}

fn no_gaps_or_overlaps(org: &Organisation, from: &str, weeks: u32) {
    let all = slices(org, Horizon::weeks(d(from), weeks));
    for pair in all.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert!(a.start < a.end);
        assert!(a.end <= b.start, "{} overlaps {}", a.date, b.date);
        // Only a working day's hours lie between slices.
        if b.kind != SliceKind::Weeknight {
            assert_eq!(a.end, b.start, "gap between {} and {}", a.date, b.date);
        } else {
            assert_eq!((b.start - a.end).num_minutes(), 8 * 60 + 30);
        }
    }
}

#[test]
fn london_autumn_2026_weekend_day_is_25_hours() {
    let org = org("Europe/London", WEEKDAYS);
    check(
        &org,
        "2026-10-23",
        SliceKind::Weeknight,
        "2026-10-23T16:30:00Z",
        "2026-10-24T08:00:00Z",
        15.5,
    );
    check(
        &org,
        "2026-10-24",
        SliceKind::Weekend,
        "2026-10-24T08:00:00Z",
        "2026-10-25T09:00:00Z",
        25.0,
    );
    check(
        &org,
        "2026-10-25",
        SliceKind::Weekend,
        "2026-10-25T09:00:00Z",
        "2026-10-26T09:00:00Z",
        24.0,
    );
    check(
        &org,
        "2026-10-26",
        SliceKind::Weeknight,
        "2026-10-26T17:30:00Z",
        "2026-10-27T09:00:00Z",
        15.5,
    );
    no_gaps_or_overlaps(&org, "2026-10-19", 2);
}

#[test]
fn london_autumn_2026_weeknight_across_the_change_is_16_5_hours() {
    let org = org("Europe/London", EVERY_DAY);
    check(
        &org,
        "2026-10-24",
        SliceKind::Weeknight,
        "2026-10-24T16:30:00Z",
        "2026-10-25T09:00:00Z",
        16.5,
    );
    check(
        &org,
        "2026-10-25",
        SliceKind::Weeknight,
        "2026-10-25T17:30:00Z",
        "2026-10-26T09:00:00Z",
        15.5,
    );
    no_gaps_or_overlaps(&org, "2026-10-19", 2);
}

#[test]
fn london_spring_2027_weekend_day_is_23_hours() {
    let org = org("Europe/London", WEEKDAYS);
    check(
        &org,
        "2027-03-26",
        SliceKind::Weeknight,
        "2027-03-26T17:30:00Z",
        "2027-03-27T09:00:00Z",
        15.5,
    );
    check(
        &org,
        "2027-03-27",
        SliceKind::Weekend,
        "2027-03-27T09:00:00Z",
        "2027-03-28T08:00:00Z",
        23.0,
    );
    check(
        &org,
        "2027-03-28",
        SliceKind::Weekend,
        "2027-03-28T08:00:00Z",
        "2027-03-29T08:00:00Z",
        24.0,
    );
    check(
        &org,
        "2027-03-29",
        SliceKind::Weeknight,
        "2027-03-29T16:30:00Z",
        "2027-03-30T08:00:00Z",
        15.5,
    );
    no_gaps_or_overlaps(&org, "2027-03-22", 2);
}

#[test]
fn london_spring_2027_weeknight_across_the_change_is_14_5_hours() {
    let org = org("Europe/London", EVERY_DAY);
    check(
        &org,
        "2027-03-27",
        SliceKind::Weeknight,
        "2027-03-27T17:30:00Z",
        "2027-03-28T08:00:00Z",
        14.5,
    );
    no_gaps_or_overlaps(&org, "2027-03-22", 2);
}

#[test]
fn new_york_spring_2027() {
    let org = org("America/New_York", WEEKDAYS);
    check(
        &org,
        "2027-03-12",
        SliceKind::Weeknight,
        "2027-03-12T22:30:00Z",
        "2027-03-13T14:00:00Z",
        15.5,
    );
    check(
        &org,
        "2027-03-13",
        SliceKind::Weekend,
        "2027-03-13T14:00:00Z",
        "2027-03-14T13:00:00Z",
        23.0,
    );
    check(
        &org,
        "2027-03-14",
        SliceKind::Weekend,
        "2027-03-14T13:00:00Z",
        "2027-03-15T13:00:00Z",
        24.0,
    );
    check(
        &org,
        "2027-03-15",
        SliceKind::Weeknight,
        "2027-03-15T21:30:00Z",
        "2027-03-16T13:00:00Z",
        15.5,
    );
    no_gaps_or_overlaps(&org, "2027-03-08", 2);
    let every = self::org("America/New_York", EVERY_DAY);
    check(
        &every,
        "2027-03-13",
        SliceKind::Weeknight,
        "2027-03-13T22:30:00Z",
        "2027-03-14T13:00:00Z",
        14.5,
    );
    no_gaps_or_overlaps(&every, "2027-03-08", 2);
}

#[test]
fn a_weekly_shift_across_the_change_is_one_hour_longer_and_resolves() {
    let org = org("Europe/London", WEEKDAYS);
    let horizon = Horizon::weeks(d("2026-10-19"), 2);
    let (schedule, plan) =
        rota_core::planner::plan_schedule(&org, "", "dst.toml", horizon, &Default::default());
    assert!(plan.unfilled.is_empty());
    let first = &schedule.shifts[0];
    assert_eq!(first.start.with_timezone(&Utc), t("2026-10-19T16:30:00Z"));
    assert_eq!(first.end.with_timezone(&Utc), t("2026-10-26T09:00:00Z"));
    assert_eq!(first.slices, 7);
    // A normal week, Monday 17:30 to Monday 09:00, is 6 days 15.5 hours;
    // this one has the extra hour.
    assert_eq!(
        (first.end - first.start).num_minutes(),
        (6 * 24 + 16) * 60 + 30
    );
    let coverage = rota_core::rotas::Coverage::build(&org, horizon);
    assert!(
        rota_core::schedule::resolve(&org, &coverage, &schedule)
            .problems
            .is_empty()
    );
}
