//! The one rule every save of a schedule follows (`plan -o` onto an existing
//! file, the TUI's save): a save that changes shifts is a new revision, stamped
//! with the save's "now", and remembers whose calendars lost a shift.
//!
//! Calendars rely on it: SEQUENCE is the revision, DTSTAMP and LAST-MODIFIED
//! are the stored time, and a person's own feed cancels the shifts recorded
//! as moved from them. A save that changes no shift changes none of these, so
//! re-saving a file reproduces it.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};

use super::{Moved, Role, Schedule};

/// Makes `new`, about to be saved over `old`, carry the revision, stamp and
/// moved shifts it should: `old`'s when the shifts are the same (pins and
/// notes included, since calendars show them), else the next revision,
/// `updated = now`, and every (rota, start, person) of `old` that `new` no
/// longer has added to the moved shifts. A person given a slot back is no
/// longer moved from it. Returns whether this is a new revision.
pub fn revise(old: &Schedule, new: &mut Schedule, now: DateTime<Utc>) -> bool {
    new.sort();
    let sorted_old;
    let old = if is_sorted(old) {
        old
    } else {
        let mut copy = old.clone();
        copy.sort();
        sorted_old = copy;
        &sorted_old
    };
    if old.shifts == new.shifts {
        new.revision = old.revision;
        new.updated = old.updated;
        new.moved = old.moved.clone();
        return false;
    }
    type Slot = (String, DateTime<Utc>, Role, String);
    let slot = |rota: &str, start: &DateTime<FixedOffset>, role: Role, person: &str| -> Slot {
        (
            rota.to_string(),
            start.with_timezone(&Utc),
            role,
            person.to_string(),
        )
    };
    let held: std::collections::BTreeSet<Slot> = new
        .shifts
        .iter()
        .map(|s| slot(&s.rota, &s.start, s.role, &s.person))
        .collect();
    let mut moved: BTreeMap<Slot, Moved> = BTreeMap::new();
    for m in &old.moved {
        moved.insert(slot(&m.rota, &m.start, m.role, &m.person), m.clone());
    }
    for s in &old.shifts {
        let key = slot(&s.rota, &s.start, s.role, &s.person);
        if !held.contains(&key) {
            moved.insert(
                key,
                Moved {
                    rota: s.rota.clone(),
                    person: s.person.clone(),
                    start: s.start,
                    end: s.end,
                    role: s.role,
                },
            );
        }
    }
    moved.retain(|k, _| !held.contains(k));

    new.revision = old.revision.saturating_add(1);
    new.updated = Some(now.fixed_offset());
    new.moved = moved.into_values().collect();
    new.sort();
    true
}

/// Whether the shifts are in the file's order already (a loaded file's are),
/// so the comparison needs no sorted copy.
fn is_sorted(s: &Schedule) -> bool {
    s.shifts.windows(2).all(|w| {
        (&w[0].rota, w[0].start, w[0].role, &w[0].person)
            <= (&w[1].rota, w[1].start, w[1].role, &w[1].person)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Shift;
    use chrono::{NaiveDate, TimeZone};

    fn at(day: u32, hour: u32) -> DateTime<FixedOffset> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0)
            .unwrap()
            .fixed_offset()
    }

    fn shift(person: &str, day: u32) -> Shift {
        Shift {
            rota: "team-a".into(),
            person: person.into(),
            start: at(day, 17),
            end: at(day + 7, 9),
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
            end: NaiveDate::from_ymd_opt(2026, 12, 21).unwrap(),
            generated_by: "test".into(),
            revision: 0,
            updated: None,
            shifts,
            callouts: Vec::new(),
            moved: Vec::new(),
        }
    }

    fn now(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, 0, 0, 0).unwrap()
    }

    #[test]
    fn an_unchanged_save_keeps_revision_stamp_and_moves() {
        let mut old = schedule(vec![shift("ava", 7), shift("ben", 14)]);
        old.revision = 4;
        old.updated = Some(at(1, 0));
        // A fresh plan object, as the planner builds it, with no revision.
        let mut new = schedule(vec![shift("ben", 14), shift("ava", 7)]);
        assert!(!revise(&old, &mut new, now(3)));
        assert_eq!(new, old);
    }

    #[test]
    fn a_swap_is_the_next_revision_and_remembers_the_old_holder() {
        let old = schedule(vec![shift("ava", 7), shift("ben", 14)]);
        let mut new = schedule(vec![shift("cat", 7), shift("ben", 14)]);
        assert!(revise(&old, &mut new, now(3)));
        assert_eq!(new.revision, 1);
        assert_eq!(new.updated, Some(now(3).fixed_offset()));
        assert_eq!(
            new.moved,
            vec![Moved {
                rota: "team-a".into(),
                person: "ava".into(),
                start: at(7, 17),
                end: at(14, 9),
                role: Role::Primary,
            }]
        );

        // A second swap of the same slot remembers both; giving it back to
        // ava forgets hers.
        let mut third = schedule(vec![shift("ava", 7), shift("ben", 14)]);
        assert!(revise(&new, &mut third, now(4)));
        assert_eq!(third.revision, 2);
        let who: Vec<&str> = third.moved.iter().map(|m| m.person.as_str()).collect();
        assert_eq!(who, ["cat"]);
    }

    #[test]
    fn a_pin_is_a_change_a_later_end_is_an_update_not_a_move() {
        let old = schedule(vec![shift("ava", 7)]);
        let mut pinned = old.clone();
        pinned.shifts[0].pinned = true;
        assert!(revise(&old, &mut pinned, now(3)));
        assert!(pinned.moved.is_empty());
        let mut longer = pinned.clone();
        longer.shifts[0].end = at(15, 9);
        longer.shifts[0].slices = 8;
        assert!(revise(&pinned, &mut longer, now(4)));
        assert_eq!(longer.revision, 2);
        assert!(longer.moved.is_empty(), "same slot, same person: updated");
    }
}
