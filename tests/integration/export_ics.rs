//! The iCalendar export, read back with an independent parser (the `ical`
//! crate), across the end of British Summer Time.

use std::collections::BTreeSet;
use std::io::BufReader;

use crate::export_fixture::{dst_org, dst_schedule, write_files};
use assert_cmd::Command;
use chrono::{DateTime, NaiveDateTime, Utc};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use rota_core::export::{Filter, build, ics};
use rota_core::schedule::{Schedule, parse_schedule, revise, write_schedule};

fn parse(text: &str) -> IcalCalendar {
    let mut calendars = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = calendars.next().expect("one calendar").expect("parses");
    assert!(calendars.next().is_none(), "exactly one calendar");
    calendar
}

fn prop<'a>(event: &'a IcalEvent, name: &str) -> &'a str {
    let found: Vec<_> = event.properties.iter().filter(|p| p.name == name).collect();
    assert_eq!(found.len(), 1, "{name} once per event");
    found[0].value.as_deref().unwrap_or("")
}

fn instant(value: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ")
        .unwrap_or_else(|e| panic!("{value}: {e}"))
        .and_utc()
}

/// Undoes RFC 5545 TEXT escaping (the parser leaves values escaped).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn export_all() -> String {
    let org = dst_org();
    let (schedule, coverage) = dst_schedule(&org);
    ics::calendar(&build(&org, &coverage, &schedule, &Filter::default()))
}

#[test]
fn every_event_has_the_exact_instants_of_its_shift_across_the_clock_change() {
    let org = dst_org();
    let (schedule, coverage) = dst_schedule(&org);
    let calendar = parse(&export_all());
    assert_eq!(calendar.events.len(), schedule.shifts.len());
    for (event, shift) in calendar.events.iter().zip(&schedule.shifts) {
        assert_eq!(
            instant(prop(event, "DTSTART")),
            shift.start.with_timezone(&Utc)
        );
        assert_eq!(instant(prop(event, "DTEND")), shift.end.with_timezone(&Utc));
    }
    // The first week starts at 17:30 BST (16:30Z) on Monday 19 October and
    // ends at 09:00 GMT (09:00Z) on Monday 26 October, after the clocks went
    // back: an hour longer than a week of local time suggests.
    let first = &calendar.events[0];
    assert_eq!(prop(first, "DTSTART"), "20261019T163000Z");
    assert_eq!(prop(first, "DTEND"), "20261026T090000Z");
    // Every slice boundary of the horizon is where the schedule says.
    let starts: BTreeSet<DateTime<Utc>> = calendar
        .events
        .iter()
        .map(|e| instant(prop(e, "DTSTART")))
        .collect();
    assert!(starts.contains(&coverage.slices[7].start));
    assert_eq!(
        coverage.slices[7].start.to_rfc3339(),
        "2026-10-26T17:30:00+00:00"
    );
}

#[test]
fn uids_are_unique_and_stable_across_exports_and_edits() {
    let text = export_all();
    assert_eq!(
        text,
        export_all(),
        "two exports of one schedule are identical"
    );
    let calendar = parse(&text);
    let uids: Vec<&str> = calendar.events.iter().map(|e| prop(e, "UID")).collect();
    let unique: BTreeSet<&str> = uids.iter().copied().collect();
    assert_eq!(unique.len(), uids.len(), "UIDs are unique: {uids:?}");
    assert!(uids.iter().all(|u| u.ends_with("@rota")));

    // A UID names the rota slot: reassigning a shift changes no UID.
    let org = dst_org();
    let (mut schedule, coverage) = dst_schedule(&org);
    let moved = schedule
        .shifts
        .iter()
        .position(|s| s.person == "dan")
        .unwrap();
    schedule.shifts[moved].person = "cat".to_string();
    let edited = parse(&ics::calendar(&build(
        &org,
        &coverage,
        &schedule,
        &Filter::default(),
    )));
    let after: Vec<&str> = edited.events.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(after, uids);
    assert_eq!(
        uids[moved],
        format!(
            "{}-domain-checkout@rota",
            schedule.shifts[moved]
                .start
                .with_timezone(&Utc)
                .format("%Y%m%dT%H%M%SZ")
        )
    );
    // DTSTAMP comes from the schedule, not the clock.
    assert!(
        calendar
            .events
            .iter()
            .all(|e| prop(e, "DTSTAMP") == "20261019T000000Z")
    );
}

#[test]
fn lines_end_in_crlf_and_are_folded_at_75_octets() {
    let text = export_all();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "no bare line feeds"
    );
    assert!(!text.replace("\r\n", "").contains('\r'), "no bare returns");
    let lines: Vec<&str> = text.trim_end_matches("\r\n").split("\r\n").collect();
    assert!(
        lines.iter().all(|l| l.len() <= 75),
        "every line fits in 75 octets"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(' ')),
        "the long descriptions are folded"
    );
    // Unfolding gives back whole content lines, each a property or a BEGIN/END.
    let unfolded = text.replace("\r\n ", "");
    for line in unfolded.trim_end().split("\r\n") {
        assert!(line.contains(':'), "{line:?}");
    }
}

#[test]
fn calendar_properties_and_event_text() {
    let text = export_all();
    let calendar = parse(&text);
    let names: Vec<&str> = calendar
        .properties
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    for wanted in ["PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"] {
        assert!(names.contains(&wanted), "{wanted} in {names:?}");
    }
    let version = calendar
        .properties
        .iter()
        .find(|p| p.name == "VERSION")
        .unwrap();
    assert_eq!(version.value.as_deref(), Some("2.0"));

    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    // Shifts are sorted by rota: domain-checkout first, then team-payments.
    let payments = calendar
        .events
        .iter()
        .zip(&schedule.shifts)
        .find(|(_, s)| s.rota == "team-payments" && s.person == "ben")
        .map(|(e, _)| e)
        .unwrap();
    assert_eq!(
        unescape(prop(payments, "SUMMARY")),
        "On call: Payments, Cards; Wallets team rota (Benoît Ørsted; Søren)"
    );
    let description = unescape(prop(payments, "DESCRIPTION"));
    assert_eq!(
        description,
        "Rota: Payments, Cards; Wallets team rota (team-payments)\n\
         On call: Benoît Ørsted; Søren (ben)\n\
         Teams: Payments, Cards; Wallets\n\
         Services: Checkout web, v2\n\
         Slices: 3 (3 weeknight, 0 weekend, 0 holiday)\n\
         Standby pay: GBP 120.00\n\
         Pinned: kept by re-plans\n\
         Note: swapped with Ava, \"see\" thread; ok"
    );

    let domain = &calendar.events[1];
    let description = unescape(prop(domain, "DESCRIPTION"));
    assert!(
        description.contains("Teams: Basket, Search"),
        "{description}"
    );
    assert!(description.contains("Services: Basket API, Search API"));
    // Mon 26 to Sun 1 Nov: four weeknights, Friday the 30th a holiday, a
    // weekend: 4 x 40 + 120 + 2 x 80.
    assert!(
        description.contains("Slices: 7 (4 weeknight, 2 weekend, 1 holiday)"),
        "{description}"
    );
    assert!(
        description.contains("Standby pay: GBP 440.00"),
        "{description}"
    );
}

#[test]
fn the_binary_exports_one_persons_calendar() {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let out_file = dir.path().join("ava.ics");
    Command::cargo_bin("rota")
        .unwrap()
        .args([
            "export",
            path.to_str().unwrap(),
            "--format",
            "ics",
            "--person",
            "ava",
            "-o",
        ])
        .arg(&out_file)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out_file).unwrap();
    let calendar = parse(&text);
    let ava: Vec<_> = schedule
        .shifts
        .iter()
        .filter(|s| s.person == "ava")
        .collect();
    assert_eq!(calendar.events.len(), ava.len());
    for (event, shift) in calendar.events.iter().zip(ava) {
        assert_eq!(
            instant(prop(event, "DTSTART")),
            shift.start.with_timezone(&Utc)
        );
        assert_eq!(instant(prop(event, "DTEND")), shift.end.with_timezone(&Utc));
        // One person's calendar does not repeat their name on every event.
        assert_eq!(
            unescape(prop(event, "SUMMARY")),
            "On call: Payments, Cards; Wallets team rota"
        );
    }
    let name = calendar
        .properties
        .iter()
        .find(|p| p.name == "X-WR-CALNAME")
        .unwrap();
    assert_eq!(
        unescape(name.value.as_deref().unwrap()),
        "Smith, Jones & \"Partners\" on call: Ava \"Av\" O'Neil, Jr."
    );
}

#[test]
fn a_stale_shift_is_still_exported_from_its_instants() {
    let org = dst_org();
    let (mut schedule, _) = dst_schedule(&org);
    // Off the slice boundaries by an hour, as after a change of working hours.
    let stale = &mut schedule.shifts[0];
    stale.start += chrono::Duration::hours(1);
    let start = stale.start.with_timezone(&Utc);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let assert = Command::cargo_bin("rota")
        .unwrap()
        .args(["export", path.to_str().unwrap(), "--format", "ics"])
        .assert()
        .success()
        .stderr(predicates::str::contains("stale-schedule"));
    let text = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let calendar = parse(&text);
    assert_eq!(calendar.events.len(), schedule.shifts.len());
    assert_eq!(instant(prop(&calendar.events[0], "DTSTART")), start);
    assert!(unescape(prop(&calendar.events[0], "DESCRIPTION")).contains("does not line up"));
}

#[test]
fn a_stale_shift_is_named_as_check_names_it_with_the_same_fix() {
    let org = dst_org();
    let (mut schedule, _) = dst_schedule(&org);
    schedule.shifts[0].start += chrono::Duration::hours(1);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let export = Command::cargo_bin("rota")
        .unwrap()
        .args(["export", path.to_str().unwrap(), "--format", "csv"])
        .assert()
        .success();
    let stderr = String::from_utf8(export.get_output().stderr.clone()).unwrap();
    // Today before the schedule: nothing is history, so check judges it all.
    let check = Command::cargo_bin("rota")
        .unwrap()
        .env("ROTA_TODAY", "2026-01-01")
        .args(["check", dir.path().join("org.toml").to_str().unwrap()])
        .args(["--schedule", path.to_str().unwrap()])
        .assert()
        .code(1);
    let stdout = String::from_utf8(check.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].starts_with("error [stale-schedule] the shift of "),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("  fix: re-plan: rota plan ORG --start "),
        "{stderr}"
    );
    // The finding and its fix are check's, word for word.
    assert!(
        stdout.contains(&format!("{}\n{}\n", lines[0], lines[1])),
        "{stdout}"
    );
    assert_eq!(
        lines[2],
        "note: shifts that do not fit are exported from their own start and end"
    );
}

#[test]
fn unknown_ids_are_reported_with_a_suggestion() {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    Command::cargo_bin("rota")
        .unwrap()
        .args([
            "export",
            path.to_str().unwrap(),
            "--format",
            "ics",
            "--rota",
            "team-payment",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("did you mean 'team-payments'"));
    Command::cargo_bin("rota")
        .unwrap()
        .args(["export", "no-such-file.toml", "--format", "ics"])
        .assert()
        .code(1);
    Command::cargo_bin("rota")
        .unwrap()
        .args(["export", path.to_str().unwrap(), "--format", "pdf"])
        .assert()
        .code(2);
}

fn feed(schedule: &Schedule, person: Option<&str>) -> String {
    let org = dst_org();
    let (_, coverage) = dst_schedule(&org);
    let filter = Filter {
        person: person.map(str::to_string),
        ..Filter::default()
    };
    ics::calendar(&build(&org, &coverage, schedule, &filter))
}

fn status_by_uid(calendar: &IcalCalendar) -> Vec<(String, String)> {
    calendar
        .events
        .iter()
        .map(|e| (prop(e, "UID").to_string(), prop(e, "STATUS").to_string()))
        .collect()
}

#[test]
fn a_swap_keeps_uids_raises_sequence_and_cancels_in_the_old_holders_feed() {
    let org = dst_org();
    let (old, _) = dst_schedule(&org);
    // Dan's week on the domain rota goes to Cat, saved as every save is.
    let mut new = old.clone();
    let i = new.shifts.iter().position(|s| s.person == "dan").unwrap();
    new.shifts[i].person = "cat".to_string();
    let now = instant("20261020T000000Z");
    assert!(revise(&old, &mut new, now));
    // Through the file and back, as the next export reads it.
    let new = parse_schedule("s.toml", &write_schedule(&new)).expect("it loads");
    assert_eq!(new.revision, 1);

    let before = parse(&feed(&old, None));
    let after_text = feed(&new, None);
    assert_eq!(after_text, feed(&new, None), "two exports are identical");
    let after = parse(&after_text);
    // Exactly one event per rota slot, with the same UIDs as before.
    let uids = |c: &IcalCalendar| -> Vec<String> {
        c.events
            .iter()
            .map(|e| prop(e, "UID").to_string())
            .collect()
    };
    assert_eq!(uids(&after), uids(&before));
    assert_eq!(after.events.len(), new.shifts.len());
    for (b, a) in before.events.iter().zip(&after.events) {
        assert_eq!(prop(b, "SEQUENCE"), "0");
        assert_eq!(prop(a, "SEQUENCE"), "1", "SEQUENCE increased");
        assert_eq!(prop(a, "DTSTAMP"), "20261020T000000Z");
        assert_eq!(prop(a, "LAST-MODIFIED"), "20261020T000000Z");
        assert_eq!(prop(a, "STATUS"), "CONFIRMED");
    }
    let slot = prop(&after.events[i], "UID").to_string();
    assert!(unescape(prop(&after.events[i], "SUMMARY")).contains("(Cat Nguyen)"));

    // Dan's own feed had the event; now it cancels it under the same UID.
    let dan_before = status_by_uid(&parse(&feed(&old, Some("dan"))));
    assert_eq!(dan_before, [(slot.clone(), "CONFIRMED".to_string())]);
    let dan = parse(&feed(&new, Some("dan")));
    assert_eq!(
        status_by_uid(&dan),
        [(slot.clone(), "CANCELLED".to_string())]
    );
    let cancelled = &dan.events[0];
    assert_eq!(prop(cancelled, "SEQUENCE"), "1");
    assert_eq!(
        instant(prop(cancelled, "DTSTART")),
        old.shifts[i].start.with_timezone(&Utc)
    );
    assert_eq!(
        instant(prop(cancelled, "DTEND")),
        old.shifts[i].end.with_timezone(&Utc)
    );
    // Cat's feed gains it, confirmed; nobody else's feed mentions it.
    let cat = status_by_uid(&parse(&feed(&new, Some("cat"))));
    assert!(
        cat.contains(&(slot.clone(), "CONFIRMED".to_string())),
        "{cat:?}"
    );
    for other in ["ava", "ben"] {
        let events = status_by_uid(&parse(&feed(&new, Some(other))));
        assert!(
            events.iter().all(|(u, _)| *u != slot),
            "{other}: {events:?}"
        );
    }

    // Swapped back: Dan's feed has it confirmed again, Cat's cancels it.
    let mut back = new.clone();
    back.shifts[i].person = "dan".to_string();
    assert!(revise(&new, &mut back, instant("20261021T000000Z")));
    assert_eq!(back.revision, 2);
    let dan = status_by_uid(&parse(&feed(&back, Some("dan"))));
    assert_eq!(dan, [(slot.clone(), "CONFIRMED".to_string())]);
    let cat = status_by_uid(&parse(&feed(&back, Some("cat"))));
    assert!(cat.contains(&(slot, "CANCELLED".to_string())), "{cat:?}");
}

#[test]
fn a_schedule_without_a_revision_exports_as_before_with_sequence_0() {
    let text = export_all();
    assert!(
        !text.contains("LAST-MODIFIED"),
        "no stored time, none claimed"
    );
    assert!(!text.contains("CANCELLED"));
    let calendar = parse(&text);
    assert!(calendar.events.iter().all(|e| prop(e, "SEQUENCE") == "0"));
}

#[test]
fn a_slot_nobody_holds_any_more_is_cancelled_in_every_feed() {
    let org = dst_org();
    let (old, _) = dst_schedule(&org);
    // Ben's three nights and Ava's four become one week for Ava: the slot
    // that started with Ben's shift is gone.
    let mut new = old.clone();
    let ben = new.shifts.iter().position(|s| s.person == "ben").unwrap();
    let ben_slot = new.shifts[ben].clone();
    let ava_end = new.shifts[ben + 1].end;
    new.shifts[ben].person = "ava".to_string();
    new.shifts[ben].end = ava_end;
    new.shifts[ben].slices = 7;
    new.shifts[ben].pinned = false;
    new.shifts[ben].note.clear();
    new.shifts.remove(ben + 1);
    assert!(revise(&old, &mut new, instant("20261020T000000Z")));

    let all = status_by_uid(&parse(&feed(&new, None)));
    let uid_of = |s: &rota_core::schedule::Shift| {
        format!(
            "{}-{}@rota",
            s.start.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ"),
            s.rota
        )
    };
    // The week keeps Ben's slot's UID (same rota and start) and is Ava's now;
    // Ava's old four-night slot is cancelled for everyone.
    let ava_slot = &old.shifts[ben + 1];
    assert!(all.contains(&(uid_of(&ben_slot), "CONFIRMED".to_string())));
    assert!(
        all.contains(&(uid_of(ava_slot), "CANCELLED".to_string())),
        "{all:?}"
    );
    assert_eq!(all.len(), new.shifts.len() + 1);
    // Ben's own feed cancels his shift; Ava's has the week and cancels
    // nothing of hers that she still holds.
    let ben_feed = status_by_uid(&parse(&feed(&new, Some("ben"))));
    assert_eq!(ben_feed, [(uid_of(&ben_slot), "CANCELLED".to_string())]);
    let ava_feed = status_by_uid(&parse(&feed(&new, Some("ava"))));
    assert!(ava_feed.contains(&(uid_of(&ben_slot), "CONFIRMED".to_string())));
    assert!(ava_feed.contains(&(uid_of(ava_slot), "CANCELLED".to_string())));
}
