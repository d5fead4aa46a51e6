//! Saves that change shifts are revisions: `plan -o` onto an existing file
//! stamps the revision and time and remembers whose calendars lost a shift;
//! the exports follow (SEQUENCE, DTSTAMP, CANCELLED in the old holder's
//! feed), read back with an independent parser.

use std::io::BufReader;
use std::path::Path;

use assert_cmd::Command;
use chrono::{NaiveDate, Utc};
use rota_core::schedule::load_schedule;

use crate::export_fixture::plan_example;

fn rota() -> Command {
    let mut cmd = Command::cargo_bin("rota").expect("the rota binary is built");
    cmd.env_remove("ROTA_TODAY");
    cmd
}

fn replan(dir: &Path, today: &str) {
    rota()
        .arg("plan")
        .arg(dir.join("example.toml"))
        .args(["--start", "2026-11-30", "--weeks", "6", "-o"])
        .arg(dir.join("winter.toml"))
        .args(["--today", today])
        .assert()
        .success();
}

fn export(dir: &Path, person: &str) -> String {
    let out = rota()
        .arg("export")
        .arg(dir.join("winter.toml"))
        .args(["--format", "ics", "--person", person])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// (UID, STATUS, SEQUENCE) of every event.
fn events(text: &str) -> Vec<(String, String, String)> {
    let calendar = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("parses");
    calendar
        .events
        .iter()
        .map(|e| {
            let get = |name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            (get("UID"), get("STATUS"), get("SEQUENCE"))
        })
        .collect()
}

#[test]
fn time_off_replanned_onto_the_file_is_a_revision_that_cancels_the_old_holders_events() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = plan_example(dir.path(), &["--start", "2026-11-30", "--weeks", "6"]);
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(!first.contains("revision"), "a fresh plan has no revision");

    // Re-planning with nothing changed is no revision: the file is the same.
    replan(dir.path(), "2026-12-01");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);

    // Someone with a shift in the week of 14 December, and no time off yet,
    // books that week off.
    let org_path = dir.path().join("example.toml");
    let (org, org_text) = rota_core::org::load_organisation(&org_path).unwrap();
    let (before, _) = load_schedule(&path).unwrap();
    let week = NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
    let shift = before
        .shifts
        .iter()
        .find(|s| {
            s.start.with_timezone(&org.timezone).date_naive() == week
                && org
                    .person_index(&s.person)
                    .is_some_and(|p| org.people[p].time_off.is_empty())
        })
        .expect("someone on call that week without time off")
        .clone();
    let person = shift.person.clone();
    let their_feed = export(dir.path(), &person);
    let held: Vec<String> = events(&their_feed).into_iter().map(|e| e.0).collect();
    let id_line = format!("id = \"{person}\"\n");
    let edited = org_text.replacen(
        &id_line,
        &format!("{id_line}time_off = [ {{ from = \"2026-12-14\", to = \"2026-12-20\" }} ]\n"),
        1,
    );
    assert_ne!(edited, org_text);
    std::fs::write(&org_path, edited).unwrap();

    replan(dir.path(), "2026-12-01");
    let (after, text) = load_schedule(&path).unwrap();
    assert!(
        text.contains("\nrevision = 1\nupdated = \"2026-12-01T00:00:00Z\"\n"),
        "{text}"
    );
    assert!(
        after
            .moved
            .iter()
            .any(|m| m.person == person && m.start == shift.start && m.rota == shift.rota),
        "{:?}",
        after.moved
    );
    assert!(
        !after
            .shifts
            .iter()
            .any(|s| s.person == person && s.start == shift.start && s.rota == shift.rota)
    );

    // Their feed: every event it had is still there under its UID, the moved
    // one cancelled, all at SEQUENCE 1.
    let feed = export(dir.path(), &person);
    assert_eq!(feed, export(dir.path(), &person), "byte-identical exports");
    let now: Vec<(String, String, String)> = events(&feed);
    for uid in &held {
        assert!(now.iter().any(|e| &e.0 == uid), "{uid} kept in {now:?}");
    }
    let slot = format!(
        "{}-{}@rota",
        shift.start.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ"),
        shift.rota
    );
    assert!(
        now.contains(&(slot.clone(), "CANCELLED".into(), "1".into())),
        "{now:?}"
    );
    assert!(now.iter().all(|e| e.2 == "1"));
    // Whoever took it has it confirmed under the same UID.
    let taker = after
        .shifts
        .iter()
        .find(|s| s.rota == shift.rota && s.start == shift.start)
        .expect("the slot is covered")
        .person
        .clone();
    assert!(events(&export(dir.path(), &taker)).contains(&(slot, "CONFIRMED".into(), "1".into())));

    // And saving again with nothing new keeps revision 1.
    replan(dir.path(), "2026-12-02");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}
