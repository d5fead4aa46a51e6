//! What changed between two schedules of one organisation: per person the
//! shifts gained and lost and the standby pay that moves with them, and
//! which of those changes lie in history (shifts that started before now).
//!
//! A shift is kept when the new schedule has one with the same rota, person,
//! start, end and slice count; anything else is lost by the old holder and
//! gained by the new one. Pins and notes are not changes of who is on call,
//! but on history they are a hand edit all the same (`HistoryTouched::edited`).
//! Pay is worked out from the organisation's slices, so a shift edited by
//! hand off the slice boundaries still costs what its whole slices cost.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::{Schedule, Shift};
use crate::calendar::{Horizon, Slice, slices};
use crate::money::Money;
use crate::org::Organisation;

/// One shift that one person gained or lost.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShiftChange {
    pub rota: String,
    pub person: String,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub slices: u32,
    /// The date of its first slice, in the organisation's time zone.
    pub first_date: NaiveDate,
    /// The date of its last slice (inclusive).
    pub last_date: NaiveDate,
    pub standby_pay: Money,
    /// It started before now: it was (being) worked when the change was made.
    pub history: bool,
}

/// One person's side of the changes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PersonChanges {
    pub person: String,
    /// The person's name, or the id when the organisation does not know them.
    pub name: String,
    /// Sorted by start, then rota.
    pub gained: Vec<ShiftChange>,
    /// Sorted by start, then rota.
    pub lost: Vec<ShiftChange>,
    /// Standby pay of all their shifts in the old schedule.
    pub standby_before: Money,
    /// Standby pay of all their shifts in the new schedule.
    pub standby_after: Money,
    /// After less before: positive when they are paid more.
    pub standby_change: Money,
}

impl PersonChanges {
    /// Positive when the person is paid more under the new schedule.
    pub fn standby_change(&self) -> Money {
        self.standby_change
    }
}

/// Changes to shifts that had started before now. Planning never makes them;
/// they mean someone edited the file by hand.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct HistoryTouched {
    /// Sorted by start, rota, then person.
    pub gained: Vec<ShiftChange>,
    /// Sorted by start, rota, then person.
    pub lost: Vec<ShiftChange>,
    /// Kept with the same holder and instants, but pinned, unpinned or
    /// re-noted: still a hand edit of history. Sorted as the others.
    pub edited: Vec<HistoryEdit>,
}

/// A history shift whose pin or note changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HistoryEdit {
    #[serde(flatten)]
    pub shift: ShiftChange,
    /// What changed: "pinned", "unpinned", "note changed", or both.
    pub change: String,
}

impl HistoryTouched {
    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// Every change to history: shifts lost, gained and edited.
    pub fn count(&self) -> usize {
        self.gained.len() + self.lost.len() + self.edited.len()
    }
}

/// What changed from an old schedule to a new one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Changes {
    /// The instant that separates history from the future.
    pub now: DateTime<Utc>,
    /// Everyone who gained or lost a shift, sorted by person id.
    pub per_person: Vec<PersonChanges>,
    pub history_touched: HistoryTouched,
}

/// What makes two shifts the same: who holds which stretch of which rota.
type Key = (String, DateTime<Utc>, DateTime<Utc>, String, u32);

fn key(shift: &Shift) -> Key {
    (
        shift.rota.clone(),
        shift.start.with_timezone(&Utc),
        shift.end.with_timezone(&Utc),
        shift.person.clone(),
        shift.slices,
    )
}

impl Changes {
    /// Compares two schedules of `org`. Shifts that started before `now`
    /// are history.
    pub fn between(
        org: &Organisation,
        old: &Schedule,
        new: &Schedule,
        now: DateTime<Utc>,
    ) -> Changes {
        let pricer = Pricer::new(org, old, new);
        // Multisets of shifts: a duplicated shift kept once is still one lost.
        let mut count: BTreeMap<Key, i64> = BTreeMap::new();
        for s in &old.shifts {
            *count.entry(key(s)).or_default() -= 1;
        }
        for s in &new.shifts {
            *count.entry(key(s)).or_default() += 1;
        }

        let mut people: BTreeMap<String, PersonChanges> = BTreeMap::new();
        for (schedule, before) in [(old, true), (new, false)] {
            for s in &schedule.shifts {
                let pay = pricer.standby(s);
                let p = entry(&mut people, org, &s.person);
                if before {
                    p.standby_before += pay;
                } else {
                    p.standby_after += pay;
                }
            }
        }

        let mut history = HistoryTouched::default();
        // Walk each side in file order, giving the surplus of a key to the
        // first shifts that carry it.
        for (schedule, sign) in [(old, -1i64), (new, 1i64)] {
            let mut left = count.clone();
            for s in &schedule.shifts {
                let n = left.get_mut(&key(s)).expect("every shift was counted");
                if *n * sign <= 0 {
                    continue;
                }
                *n -= sign;
                let change = pricer.change(s, now);
                let p = entry(&mut people, org, &s.person);
                if sign < 0 {
                    if change.history {
                        history.lost.push(change.clone());
                    }
                    p.lost.push(change);
                } else {
                    if change.history {
                        history.gained.push(change.clone());
                    }
                    p.gained.push(change);
                }
            }
        }

        let by_time = |a: &ShiftChange, b: &ShiftChange| {
            (a.start, &a.rota, &a.person, a.end).cmp(&(b.start, &b.rota, &b.person, b.end))
        };
        let per_person: Vec<PersonChanges> = people
            .into_values()
            .filter(|p| !p.gained.is_empty() || !p.lost.is_empty())
            .map(|mut p| {
                p.standby_change = p.standby_after - p.standby_before;
                p.gained.sort_by(by_time);
                p.lost.sort_by(by_time);
                p
            })
            .collect();
        history.gained.sort_by(by_time);
        history.lost.sort_by(by_time);
        history.edited = history_edits(&pricer, old, new, now);
        history.edited.sort_by(|a, b| by_time(&a.shift, &b.shift));
        Changes {
            now,
            per_person,
            history_touched: history,
        }
    }

    /// Shifts of the old schedule that the new one does not keep as they
    /// were: the measure of how much a re-plan disturbed. Shifts that only
    /// the new schedule has (a horizon extended) are not moves.
    pub fn moved_shifts(&self) -> usize {
        self.per_person.iter().map(|p| p.lost.len()).sum()
    }

    /// Nobody gained or lost anything.
    pub fn is_empty(&self) -> bool {
        self.per_person.is_empty()
    }

    /// The changes of one person, if they have any.
    pub fn person(&self, id: &str) -> Option<&PersonChanges> {
        self.per_person
            .binary_search_by(|p| p.person.as_str().cmp(id))
            .ok()
            .map(|i| &self.per_person[i])
    }
}

/// History shifts both files have (same key) whose pin or note differs,
/// paired in file order.
fn history_edits(
    pricer: &Pricer,
    old: &Schedule,
    new: &Schedule,
    now: DateTime<Utc>,
) -> Vec<HistoryEdit> {
    let mut before: BTreeMap<Key, std::collections::VecDeque<&Shift>> = BTreeMap::new();
    for s in old.shifts.iter().filter(|s| s.is_history(now)) {
        before.entry(key(s)).or_default().push_back(s);
    }
    let mut out = Vec::new();
    for s in new.shifts.iter().filter(|s| s.is_history(now)) {
        let Some(was) = before.get_mut(&key(s)).and_then(|q| q.pop_front()) else {
            continue;
        };
        let mut what = Vec::new();
        if was.pinned != s.pinned {
            what.push(if s.pinned { "pinned" } else { "unpinned" });
        }
        if was.note != s.note {
            what.push("note changed");
        }
        if !what.is_empty() {
            out.push(HistoryEdit {
                shift: pricer.change(s, now),
                change: what.join(", "),
            });
        }
    }
    out
}

/// The changes of one person, created empty the first time they are met.
fn entry<'m>(
    people: &'m mut BTreeMap<String, PersonChanges>,
    org: &Organisation,
    id: &str,
) -> &'m mut PersonChanges {
    people
        .entry(id.to_string())
        .or_insert_with(|| PersonChanges {
            person: id.to_string(),
            name: org
                .person_index(id)
                .map(|p| org.people[p].name.clone())
                .unwrap_or_else(|| id.to_string()),
            gained: Vec::new(),
            lost: Vec::new(),
            standby_before: Money::ZERO,
            standby_after: Money::ZERO,
            standby_change: Money::ZERO,
        })
}

/// Standby pay and slice dates of shifts, from the organisation's slices
/// over every date either schedule touches.
struct Pricer<'a> {
    org: &'a Organisation,
    /// In date order, so in start order.
    slices: Vec<Slice>,
}

impl<'a> Pricer<'a> {
    fn new(org: &'a Organisation, old: &Schedule, new: &Schedule) -> Pricer<'a> {
        let tz = org.timezone;
        let dates = [old, new].into_iter().flat_map(|s| {
            let shifts = s.shifts.iter().flat_map(move |shift| {
                [
                    shift.start.with_timezone(&tz).date_naive(),
                    shift.end.with_timezone(&tz).date_naive(),
                ]
            });
            [s.start, s.end].into_iter().chain(shifts)
        });
        let (mut lo, mut hi) = (NaiveDate::MAX, NaiveDate::MIN);
        for d in dates {
            lo = lo.min(d);
            hi = hi.max(d);
        }
        let slices = if lo <= hi {
            // One date more: a shift ends on the morning after its last slice.
            slices(org, Horizon::new(lo, hi.succ_opt().unwrap_or(hi)))
        } else {
            Vec::new()
        };
        Pricer { org, slices }
    }

    /// The slices that lie wholly within a shift's instants.
    fn covered(&self, shift: &Shift) -> &[Slice] {
        let (start, end) = (
            shift.start.with_timezone(&Utc),
            shift.end.with_timezone(&Utc),
        );
        let lo = self.slices.partition_point(|s| s.start < start);
        let hi = self.slices.partition_point(|s| s.end <= end).max(lo);
        &self.slices[lo..hi]
    }

    fn standby(&self, shift: &Shift) -> Money {
        self.covered(shift)
            .iter()
            .map(|s| s.kind.standby(&self.org.pay))
            .sum()
    }

    fn change(&self, shift: &Shift, now: DateTime<Utc>) -> ShiftChange {
        let covered = self.covered(shift);
        let tz = self.org.timezone;
        let (first_date, last_date) = match (covered.first(), covered.last()) {
            (Some(f), Some(l)) => (f.date, l.date),
            _ => {
                let d = shift.start.with_timezone(&tz).date_naive();
                (d, d)
            }
        };
        ShiftChange {
            rota: shift.rota.clone(),
            person: shift.person.clone(),
            start: shift.start,
            end: shift.end,
            slices: shift.slices,
            first_date,
            last_date,
            standby_pay: self.standby(shift),
            history: shift.start.with_timezone(&Utc) < now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::local_instant;
    use crate::org::parse_organisation;
    use crate::planner::{PlanOptions, plan_schedule};
    use chrono::{NaiveTime, TimeZone};

    const EXAMPLE: &str = include_str!("../../../../schedules/example.toml");

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn example() -> (Organisation, Schedule) {
        let org = parse_organisation("example.toml", EXAMPLE).unwrap_or_else(|e| panic!("{e}"));
        let (schedule, _) = plan_schedule(
            &org,
            EXAMPLE,
            "example.toml",
            Horizon::weeks(d(2026, 11, 23), 6),
            &PlanOptions::default(),
        );
        (org, schedule)
    }

    fn midnight(org: &Organisation, date: NaiveDate) -> DateTime<Utc> {
        local_instant(org.timezone, date, NaiveTime::MIN)
    }

    /// The first shift on or after `date` of the first rota, and someone else
    /// on that rota to give it to.
    fn swap_at(org: &Organisation, schedule: &mut Schedule, date: NaiveDate) -> (usize, String) {
        let from = midnight(org, date);
        let i = schedule
            .shifts
            .iter()
            .position(|s| s.start.with_timezone(&Utc) >= from)
            .expect("a shift after the date");
        let rota = schedule.shifts[i].rota.clone();
        let holder = schedule.shifts[i].person.clone();
        let other = schedule
            .shifts
            .iter()
            .find(|s| s.rota == rota && s.person != holder)
            .expect("a second member")
            .person
            .clone();
        schedule.shifts[i].person = other.clone();
        (i, holder)
    }

    #[test]
    fn a_pin_or_note_moves_nothing_but_on_history_it_is_a_touch() {
        let (org, schedule) = example();
        let now = midnight(&org, d(2026, 12, 1));
        assert!(Changes::between(&org, &schedule, &schedule, now).is_empty());
        let mut repinned = schedule.clone();
        repinned.shifts[0].pinned = !repinned.shifts[0].pinned;
        repinned.shifts[0].note = "swapped at the pub".into();
        let c = Changes::between(&org, &schedule, &repinned, now);
        assert!(c.is_empty(), "{c:?}");
        assert_eq!(c.moved_shifts(), 0);
        // The first shift was worked before now: editing it is history touched.
        assert!(repinned.shifts[0].is_history(now));
        assert_eq!(c.history_touched.count(), 1);
        let edit = &c.history_touched.edited[0];
        assert_eq!(edit.shift.person, repinned.shifts[0].person);
        assert!(edit.change.ends_with("note changed"), "{}", edit.change);
        // Before it was worked, the same edit is not history.
        let earlier = midnight(&org, d(2026, 11, 1));
        assert!(
            Changes::between(&org, &schedule, &repinned, earlier)
                .history_touched
                .is_empty()
        );
    }

    #[test]
    fn a_swap_is_one_shift_lost_and_one_gained_with_its_pay() {
        let (org, old) = example();
        let mut new = old.clone();
        let (i, holder) = swap_at(&org, &mut new, d(2026, 12, 14));
        let shift = new.shifts[i].clone();
        let c = Changes::between(&org, &old, &new, midnight(&org, d(2026, 12, 1)));

        assert_eq!(c.moved_shifts(), 1);
        assert_eq!(c.per_person.len(), 2);
        let lost = c.person(&holder).expect("the old holder");
        let gained = c.person(&shift.person).expect("the new holder");
        assert_eq!(lost.lost.len(), 1);
        assert!(lost.gained.is_empty());
        assert_eq!(gained.gained.len(), 1);
        assert!(gained.lost.is_empty());
        let g = &gained.gained[0];
        assert_eq!(
            (g.rota.as_str(), g.start, g.end),
            (shift.rota.as_str(), shift.start, shift.end)
        );
        assert!(!g.history);
        assert_eq!(
            g.first_date,
            shift.start.with_timezone(&org.timezone).date_naive()
        );
        assert_eq!(
            (g.last_date - g.first_date).num_days() + 1,
            i64::from(shift.slices)
        );
        // The pay moves with the shift, to the penny, and is the slices' rates.
        let expected: Money = (0..shift.slices)
            .map(|k| {
                crate::calendar::slice_kind(&org, g.first_date + chrono::Days::new(k.into()))
                    .standby(&org.pay)
            })
            .sum();
        assert!(expected > Money::ZERO);
        assert_eq!(g.standby_pay, expected);
        assert_eq!(gained.standby_change(), expected);
        assert_eq!(lost.standby_change(), Money::ZERO - expected);
        assert!(c.history_touched.is_empty());
    }

    #[test]
    fn a_changed_shift_that_started_before_now_is_history_touched() {
        let (org, old) = example();
        let mut new = old.clone();
        let (i, holder) = swap_at(&org, &mut new, d(2026, 11, 23));
        let now = midnight(&org, d(2026, 12, 1));
        let c = Changes::between(&org, &old, &new, now);
        assert_eq!(c.history_touched.lost.len(), 1);
        assert_eq!(c.history_touched.lost[0].person, holder);
        assert_eq!(c.history_touched.gained.len(), 1);
        assert_eq!(c.history_touched.gained[0].person, new.shifts[i].person);

        // The same edit judged from before it started is not history.
        let earlier = Changes::between(&org, &old, &new, midnight(&org, d(2026, 11, 1)));
        assert!(earlier.history_touched.is_empty());
        assert_eq!(earlier.per_person, {
            let mut p = c.per_person.clone();
            for x in &mut p {
                x.gained
                    .iter_mut()
                    .chain(x.lost.iter_mut())
                    .for_each(|s| s.history = false);
            }
            p
        });
    }

    #[test]
    fn the_shift_in_progress_is_history() {
        let (org, old) = example();
        let mut new = old.clone();
        let (i, _) = swap_at(&org, &mut new, d(2026, 12, 7));
        let start = new.shifts[i].start.with_timezone(&Utc);
        let during = start + chrono::Duration::hours(1);
        // At its very start it has not started yet; an hour in, it has.
        assert!(
            Changes::between(&org, &old, &new, start)
                .history_touched
                .is_empty()
        );
        assert!(
            !Changes::between(&org, &old, &new, during)
                .history_touched
                .is_empty()
        );
    }

    #[test]
    fn a_split_shift_and_an_extended_horizon() {
        let (org, old) = example();
        let mut new = old.clone();
        // Split the first shift into its first slice and the rest, the rest
        // to someone else.
        let first = new.shifts[0].clone();
        let tz = org.timezone;
        let day2 = first
            .start
            .with_timezone(&tz)
            .date_naive()
            .succ_opt()
            .unwrap();
        let cut = crate::calendar::slice(&org, day2).start.fixed_offset();
        let other = new
            .shifts
            .iter()
            .find(|s| s.rota == first.rota && s.person != first.person)
            .unwrap()
            .person
            .clone();
        new.shifts[0].end = cut;
        new.shifts[0].slices = 1;
        new.shifts.insert(
            1,
            Shift {
                person: other.clone(),
                start: cut,
                slices: first.slices - 1,
                ..first.clone()
            },
        );
        // And one shift beyond the old end, as rolling forward adds.
        let beyond = Shift {
            start: Utc
                .with_ymd_and_hms(2027, 1, 4, 17, 30, 0)
                .unwrap()
                .fixed_offset(),
            end: Utc
                .with_ymd_and_hms(2027, 1, 11, 9, 0, 0)
                .unwrap()
                .fixed_offset(),
            slices: 7,
            ..first.clone()
        };
        new.shifts.push(beyond);
        new.end = d(2027, 1, 11);

        let c = Changes::between(&org, &old, &new, midnight(&org, d(2026, 11, 1)));
        // One old shift did not survive; the horizon's new shift is no move.
        assert_eq!(c.moved_shifts(), 1);
        let holder = c.person(&first.person).unwrap();
        assert_eq!(holder.lost.len(), 1);
        assert_eq!(holder.gained.len(), 2, "its first slice and the new week");
        assert!(
            holder.gained[0].start < holder.gained[1].start,
            "sorted by start"
        );
        let taker = c.person(&other).unwrap();
        assert_eq!(taker.gained[0].slices, first.slices - 1);
        assert_eq!(taker.gained[0].first_date, day2);
        // Pay is conserved over the split.
        assert_eq!(
            holder.gained[0].standby_pay + taker.gained[0].standby_pay,
            holder.lost[0].standby_pay
        );
    }

    #[test]
    fn people_the_organisation_does_not_know_keep_their_id() {
        let (org, old) = example();
        let mut new = old.clone();
        new.shifts[3].person = "zed".into();
        let c = Changes::between(&org, &old, &new, midnight(&org, d(2026, 11, 1)));
        let zed = c.person("zed").unwrap();
        assert_eq!(zed.name, "zed");
        assert_eq!(zed.gained.len(), 1);
        let ids: Vec<&str> = c.per_person.iter().map(|p| p.person.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn standby_agrees_with_remuneration() {
        let (org, old) = example();
        let mut new = old.clone();
        swap_at(&org, &mut new, d(2026, 12, 14));
        let c = Changes::between(&org, &old, &new, midnight(&org, d(2026, 12, 1)));
        let coverage = crate::rotas::Coverage::build(&org, new.horizon());
        let pay = crate::analysis::remuneration(&org, &coverage, &new, new.start, new.end);
        assert_eq!(c.per_person.len(), 2);
        for p in &c.per_person {
            let paid = pay
                .people
                .iter()
                .find(|r| r.person == p.person)
                .map_or(Money::ZERO, |r| r.standby_pay);
            assert_eq!(p.standby_after, paid, "{}", p.person);
        }
    }

    proptest::proptest! {
        #[test]
        fn reassigned_shifts_are_the_moves_and_pay_is_conserved(
            picks in proptest::collection::btree_set(0usize..40, 0..10),
            shift_by in 1usize..5,
        ) {
            let (org, old) = example();
            let mut new = old.clone();
            let people: Vec<String> = org.people.iter().map(|p| p.id.clone()).collect();
            let mut changed = 0;
            for &i in &picks {
                let Some(s) = new.shifts.get_mut(i % old.shifts.len()) else { continue };
                let at = people.iter().position(|p| *p == s.person).unwrap();
                let to = people[(at + shift_by) % people.len()].clone();
                if to != s.person && s == &old.shifts[i % old.shifts.len()] {
                    s.person = to;
                    changed += 1;
                }
            }
            let c = Changes::between(&org, &old, &new, midnight(&org, d(2026, 12, 1)));
            proptest::prop_assert_eq!(c.moved_shifts(), changed);
            let gained: usize = c.per_person.iter().map(|p| p.gained.len()).sum();
            proptest::prop_assert_eq!(gained, changed);
            let net: Money = c.per_person.iter().map(|p| p.standby_change()).sum();
            proptest::prop_assert_eq!(net, Money::ZERO);
            // Deterministic: the same comparison twice is the same.
            proptest::prop_assert_eq!(&c, &Changes::between(&org, &old, &new, c.now));
        }
    }
}
