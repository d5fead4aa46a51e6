//! Who is on call at an instant, per rota, and who takes over next; and a
//! person's upcoming shifts. What `rota now`, `rota next` and the TUI's
//! "on call tonight" show.
//!
//! A person holds a rota from the start of their shift to its end (the
//! instants in the schedule file). Shifts of one person that follow each other
//! within a day (two weeks in a row, with working hours between) are one
//! stint: "since" and "until" are its ends, and "next" is the next
//! different person. Inside a stint, the working hours between its slices
//! are flagged, since the team covers them, not the person on call.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::{Schedule, Shift};
use crate::calendar::slice;
use crate::org::Organisation;

/// One rota at one instant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RotaNow {
    pub rota: String,
    /// Who holds the rota then; `None` between shifts or outside the
    /// schedule (or where a slice was left unfilled).
    pub on_call: Option<Stint>,
    /// Inside the on-call person's stint but in working hours, when the team
    /// covers.
    pub working_hours: bool,
    /// The next different person to hold the rota after the instant (after
    /// the current stint when there is one).
    pub next: Option<Stint>,
    /// The secondary holding the rota then, for a rota with secondaries in
    /// the schedule (`None`, and left out of JSON, otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secondary: Option<Stint>,
}

/// A run of one person's shifts of one rota.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stint {
    pub person: String,
    pub since: DateTime<FixedOffset>,
    pub until: DateTime<FixedOffset>,
}

/// Gaps shorter than this between one person's shifts are working hours
/// (at most a working day), not a handover.
fn same_stint(a: &Shift, b: &Shift) -> bool {
    a.person == b.person
        && b.start.with_timezone(&Utc) - a.end.with_timezone(&Utc) < Duration::days(1)
}

/// Per rota of the schedule (in its order: by rota id), who is on call at
/// `at`, since and until when, and who is next.
pub fn on_call_at(org: &Organisation, schedule: &Schedule, at: DateTime<Utc>) -> Vec<RotaNow> {
    // A loaded or planned schedule is in order already; the TUI asks on
    // every frame of its Overview, so copy only when it is not.
    let in_order = schedule.shifts.windows(2).all(|w| {
        (&w[0].rota, w[0].start, w[0].role, &w[0].person)
            <= (&w[1].rota, w[1].start, w[1].role, &w[1].person)
    });
    let sorted;
    let shifts = if in_order {
        &schedule.shifts
    } else {
        let mut copy = schedule.clone();
        copy.sort();
        sorted = copy;
        &sorted.shifts
    };
    shifts
        .chunk_by(|a, b| a.rota == b.rota)
        .map(|shifts| {
            if shifts.iter().all(|s| !s.role.is_secondary()) {
                return rota_at(org, shifts, at);
            }
            // Each role is a rota of its own here: the primary is who is on
            // call, the secondary is shown beside them.
            let (primary, secondary): (Vec<Shift>, Vec<Shift>) =
                shifts.iter().cloned().partition(|s| !s.role.is_secondary());
            let mut now = if primary.is_empty() {
                RotaNow {
                    rota: shifts[0].rota.clone(),
                    on_call: None,
                    working_hours: false,
                    next: None,
                    secondary: None,
                }
            } else {
                rota_at(org, &primary, at)
            };
            now.secondary = rota_at(org, &secondary, at).on_call;
            now
        })
        .collect()
}

/// One rota's shifts, sorted by start.
fn rota_at(org: &Organisation, shifts: &[Shift], at: DateTime<Utc>) -> RotaNow {
    let rota = shifts[0].rota.clone();
    // The shift holding `at`, else the first that starts after it.
    let holding = shifts
        .iter()
        .position(|s| s.start.with_timezone(&Utc) <= at && at < s.end.with_timezone(&Utc));
    let stint = |i: usize| -> (Stint, usize) {
        let (mut lo, mut hi) = (i, i);
        while lo > 0 && same_stint(&shifts[lo - 1], &shifts[lo]) {
            lo -= 1;
        }
        while hi + 1 < shifts.len() && same_stint(&shifts[hi], &shifts[hi + 1]) {
            hi += 1;
        }
        let s = Stint {
            person: shifts[i].person.clone(),
            since: shifts[lo].start,
            until: shifts[hi].end,
        };
        (s, hi)
    };
    match holding {
        Some(i) => {
            let (current, last) = stint(i);
            let next = shifts[last + 1..]
                .iter()
                .position(|s| s.person != current.person)
                .map(|k| stint(last + 1 + k).0);
            RotaNow {
                rota,
                working_hours: !in_a_slice(org, at),
                on_call: Some(current),
                next,
                secondary: None,
            }
        }
        None => {
            let next = shifts
                .iter()
                .position(|s| s.start.with_timezone(&Utc) > at)
                .map(|i| stint(i).0);
            RotaNow {
                rota,
                on_call: None,
                working_hours: false,
                next,
                secondary: None,
            }
        }
    }
}

/// Whether an instant lies in the out-of-hours slice of its local date or
/// of the date before (a slice runs into the next morning).
fn in_a_slice(org: &Organisation, at: DateTime<Utc>) -> bool {
    let date = at.with_timezone(&org.timezone).date_naive();
    [date.pred_opt(), Some(date)]
        .into_iter()
        .flatten()
        .map(|d| slice(org, d))
        .any(|s| s.start <= at && at < s.end)
}

/// A person's shifts that have not ended by `at` (the one in progress
/// included), by start.
pub fn upcoming<'s>(schedule: &'s Schedule, person: &str, at: DateTime<Utc>) -> Vec<&'s Shift> {
    let mut out: Vec<&Shift> = schedule
        .shifts
        .iter()
        .filter(|s| s.person == person && s.end.with_timezone(&Utc) > at)
        .collect();
    out.sort_by_key(|s| (s.start, s.rota.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::parse_organisation;
    use chrono::{NaiveDate, TimeZone};

    const EXAMPLE: &str = include_str!("../../../../schedules/example.toml");

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn shift(person: &str, start: &str, end: &str) -> Shift {
        Shift {
            rota: "team-a".into(),
            person: person.into(),
            start: DateTime::parse_from_rfc3339(start).unwrap(),
            end: DateTime::parse_from_rfc3339(end).unwrap(),
            slices: 7,
            pinned: false,
            note: String::new(),
            role: Default::default(),
        }
    }

    fn schedule(shifts: Vec<Shift>) -> Schedule {
        Schedule {
            organisation: "org.toml".into(),
            organisation_digest: String::new(),
            start: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            end: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            generated_by: "test".into(),
            revision: 0,
            updated: None,
            shifts,
            callouts: Vec::new(),
            moved: Vec::new(),
        }
    }

    fn org() -> Organisation {
        parse_organisation("example.toml", EXAMPLE).unwrap()
    }

    fn weeks() -> Schedule {
        schedule(vec![
            shift("ava", "2026-12-07T17:30:00Z", "2026-12-14T09:00:00Z"),
            shift("ava", "2026-12-14T17:30:00Z", "2026-12-21T09:00:00Z"),
            shift("ben", "2026-12-21T17:30:00Z", "2026-12-28T09:00:00Z"),
        ])
    }

    #[test]
    fn two_weeks_of_one_person_are_one_stint_and_next_is_someone_else() {
        let now = on_call_at(&org(), &weeks(), at("2026-12-09T22:00:00Z"));
        assert_eq!(now.len(), 1);
        let n = &now[0];
        let on = n.on_call.as_ref().unwrap();
        assert_eq!(on.person, "ava");
        assert_eq!(on.since.to_rfc3339(), "2026-12-07T17:30:00+00:00");
        assert_eq!(on.until.to_rfc3339(), "2026-12-21T09:00:00+00:00");
        assert!(!n.working_hours);
        let next = n.next.as_ref().unwrap();
        assert_eq!(next.person, "ben");
        assert_eq!(next.since.to_rfc3339(), "2026-12-21T17:30:00+00:00");
    }

    #[test]
    fn working_hours_inside_a_stint_are_flagged() {
        // Thursday 10 December at 11:00 in London: the team's working day.
        let now = on_call_at(&org(), &weeks(), at("2026-12-10T11:00:00Z"));
        assert_eq!(now[0].on_call.as_ref().unwrap().person, "ava");
        assert!(now[0].working_hours);
    }

    #[test]
    fn before_between_and_after_the_shifts() {
        let s = weeks();
        let before = &on_call_at(&org(), &s, at("2026-12-07T12:00:00Z"))[0];
        assert_eq!(before.on_call, None);
        assert_eq!(before.next.as_ref().unwrap().person, "ava");
        // An end is exclusive and a start inclusive.
        let handover = &on_call_at(&org(), &s, at("2026-12-21T17:30:00Z"))[0];
        assert_eq!(handover.on_call.as_ref().unwrap().person, "ben");
        assert_eq!(handover.next, None);
        let gap = &on_call_at(&org(), &s, at("2026-12-21T09:00:00Z"))[0];
        assert_eq!(gap.on_call, None);
        assert_eq!(gap.next.as_ref().unwrap().person, "ben");
        let after = &on_call_at(&org(), &s, at("2027-01-01T00:00:00Z"))[0];
        assert_eq!((after.on_call.clone(), after.next.clone()), (None, None));
    }

    #[test]
    fn shifts_out_of_order_give_the_same_answer() {
        let mut s = weeks();
        let t = at("2026-12-15T22:00:00Z");
        let sorted = on_call_at(&org(), &s, t);
        s.shifts.reverse();
        assert_eq!(on_call_at(&org(), &s, t), sorted);
    }

    #[test]
    fn upcoming_includes_the_shift_in_progress() {
        let s = weeks();
        let t = Utc.with_ymd_and_hms(2026, 12, 15, 0, 0, 0).unwrap();
        let ava: Vec<_> = upcoming(&s, "ava", t).iter().map(|s| s.start).collect();
        assert_eq!(ava, [s.shifts[1].start]);
        assert_eq!(upcoming(&s, "ben", t).len(), 1);
        assert!(upcoming(&s, "cat", t).is_empty());
    }
}
