//! `rota now` and `rota next` as a user runs them, checked against the shift
//! CSV (`export --format csv`) at instants across the end of British Summer
//! Time, on the hand-made schedule of `export_fixture`.

use assert_cmd::Command;
use chrono::{DateTime, Duration, Utc};

use crate::export_fixture::{dst_org, dst_schedule, write_files};

fn rota() -> Command {
    let mut cmd = Command::cargo_bin("rota").expect("the rota binary is built");
    cmd.env_remove("ROTA_TODAY").env("NO_COLOR", "1");
    cmd
}

fn run(args: &[&str]) -> String {
    let out = rota().args(args).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

struct Row {
    rota: String,
    person: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .with_timezone(&Utc)
}

fn csv_rows(schedule: &str) -> Vec<Row> {
    let text = run(&["export", schedule, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (rota, person, start, end) = (col("rota"), col("person"), col("start"), col("end"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Row {
                rota: r[rota].to_string(),
                person: r[person].to_string(),
                start: utc(&r[start]),
                end: utc(&r[end]),
            }
        })
        .collect()
}

/// What the CSV says about one rota at an instant: (holder, since, until)
/// with one person's shifts less than a day apart taken together, and the
/// next different person with their first start.
type Expected = (
    Option<(String, DateTime<Utc>, DateTime<Utc>)>,
    Option<(String, DateTime<Utc>)>,
);

fn expected(rows: &[&Row], at: DateTime<Utc>) -> Expected {
    let near = |a: &Row, b: &Row| a.person == b.person && b.start - a.end < Duration::days(1);
    match rows.iter().position(|r| r.start <= at && at < r.end) {
        Some(i) => {
            let (mut lo, mut hi) = (i, i);
            while lo > 0 && near(rows[lo - 1], rows[lo]) {
                lo -= 1;
            }
            while hi + 1 < rows.len() && near(rows[hi], rows[hi + 1]) {
                hi += 1;
            }
            let next = rows[hi + 1..]
                .iter()
                .find(|r| r.person != rows[i].person)
                .map(|r| (r.person.clone(), r.start));
            (
                Some((rows[i].person.clone(), rows[lo].start, rows[hi].end)),
                next,
            )
        }
        None => (
            None,
            rows.iter()
                .find(|r| r.start > at)
                .map(|r| (r.person.clone(), r.start)),
        ),
    }
}

#[test]
fn now_agrees_with_the_shift_csv_across_the_clock_change() {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let path = path.to_str().unwrap();
    let rows = csv_rows(path);

    // Every five hours from before the schedule to after it, and the
    // instants around 01:00-02:00 on Sunday 25 October, when London's
    // clocks go back and 01:30 happens twice.
    let mut instants: Vec<String> = (0..75)
        .map(|k| utc("2026-10-18T20:00:00Z") + Duration::hours(5 * k))
        .map(|t| t.to_rfc3339())
        .collect();
    for t in [
        "2026-10-25T00:59:59Z",
        "2026-10-25T01:30:00+01:00",
        "2026-10-25T01:30:00+00:00",
        "2026-10-25T02:00:00+00:00",
        "2026-10-26T08:59:59+00:00",
        "2026-10-26T09:00:00+00:00",
        "2026-10-26T17:30:00+00:00",
        "2026-10-29T09:00:00Z",
        "2026-10-29T09:00:00+01:00",
    ] {
        instants.push(t.to_string());
    }
    let mut held = 0;
    for at in &instants {
        let json: serde_json::Value =
            serde_json::from_str(&run(&["now", path, "--at", at, "--format", "json"])).unwrap();
        let at = utc(at);
        assert_eq!(utc(json["at"].as_str().unwrap()), at);
        let rotas = json["rotas"].as_array().unwrap();
        assert_eq!(rotas.len(), 2, "both rotas, every time");
        for r in rotas {
            let id = r["rota"].as_str().unwrap();
            let mine: Vec<&Row> = rows.iter().filter(|row| row.rota == id).collect();
            let (on, next) = expected(&mine, at);
            let got_on = r["on_call"].as_object().map(|h| {
                (
                    h["person"].as_str().unwrap().to_string(),
                    utc(h["since"].as_str().unwrap()),
                    utc(h["until"].as_str().unwrap()),
                )
            });
            let got_next = r["next"].as_object().map(|h| {
                (
                    h["person"].as_str().unwrap().to_string(),
                    utc(h["since"].as_str().unwrap()),
                )
            });
            assert_eq!(got_on, on, "{id} at {at}");
            assert_eq!(got_next, next, "{id} next at {at}");
            held += usize::from(on.is_some());
        }
    }
    assert!(held > 40, "most instants fall in a shift: {held}");
}

#[test]
fn now_in_text_shows_local_times_either_side_of_the_change() {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let path = path.to_str().unwrap();
    // Saturday night before the clocks go back: Ava's week ends after it.
    insta::assert_snapshot!(
        "now_saturday_night_text",
        run(&["now", path, "--at", "2026-10-24T23:00:00+01:00"])
    );
    // A working Tuesday morning: Ben holds the payments rota, the team covers.
    let tuesday = run(&["now", path, "--at", "2026-10-27T11:00:00Z"]);
    assert!(
        tuesday.contains("Benoît Ørsted; Søren (ben) since Mon 2026-10-26 17:30 GMT until Thu 2026-10-29 09:00 GMT; now in working hours"),
        "{tuesday}"
    );
    // The default instant is the start of --today in the organisation's zone.
    let today = run(&["now", path, "--today", "2026-10-26", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&today).unwrap();
    assert_eq!(json["at"], "2026-10-26T00:00:00Z");
    let summer = run(&["now", path, "--today", "2026-10-20", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&summer).unwrap();
    assert_eq!(json["at"], "2026-10-19T23:00:00Z", "midnight BST");
}

#[test]
fn next_lists_a_persons_shifts_from_today_the_one_in_progress_first() {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let path = path.to_str().unwrap();
    let text = run(&["next", path, "--person", "ava", "--today", "2026-10-22"]);
    insta::assert_snapshot!("next_ava_text", text);
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "next",
        path,
        "--person",
        "ava",
        "--today",
        "2026-10-22",
        "--format",
        "json",
    ]))
    .unwrap();
    let shifts = json["shifts"].as_array().unwrap();
    let ava: Vec<_> = schedule
        .shifts
        .iter()
        .filter(|s| s.person == "ava")
        .collect();
    assert_eq!(shifts.len(), ava.len());
    assert_eq!(shifts[0]["in_progress"], true);
    assert_eq!(shifts[1]["in_progress"], false);
    for (j, s) in shifts.iter().zip(&ava) {
        assert_eq!(
            utc(j["start"].as_str().unwrap()),
            s.start.with_timezone(&Utc)
        );
        assert_eq!(utc(j["end"].as_str().unwrap()), s.end.with_timezone(&Utc));
    }
    // After the schedule: nothing upcoming.
    let later = run(&["next", path, "--person", "ava", "--today", "2026-11-03"]);
    assert!(later.contains(": 0 upcoming shifts from"), "{later}");
}

#[test]
fn bad_instants_and_unknown_people_are_refused() {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    let dir = tempfile::tempdir().unwrap();
    let path = write_files(dir.path(), &schedule);
    let path = path.to_str().unwrap();
    let out = rota()
        .args(["now", path, "--at", "2026-10-25 01:30"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RFC 3339"));
    let out = rota()
        .args(["next", path, "--person", "avva"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean 'ava'?"));
    let out = rota()
        .args(["now", "tests/fixtures/diff/nowhere.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
