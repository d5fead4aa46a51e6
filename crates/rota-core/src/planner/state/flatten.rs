//! Bringing rotas of longer shifts to one level through their shared
//! members.
//!
//! A weekly team rota whose members include people who also cover a domain
//! rota has two ways to be fair. The members on the team rota alone can
//! carry the weeks unevenly (some a week more, a spread of a week), or
//! evenly, with the shared members taking the weeks left over and, to stay
//! at their colleagues' level, fewer of the domain's shifts. The second
//! narrows the team rota to nothing and widens the domain rota by what its
//! other members take up; often, but not always, that is the better plan,
//! and sometimes only when two or three of a domain's weekly rotas are
//! levelled at once (each one alone widens the domain as much as it
//! narrows itself). No move, swap or chain reaches it from the first: each
//! takes one week, and the team rota is as wide as its other weeks leave
//! it.
//!
//! So [`Planner::flatten`] tries it, in a group of rotas planned afresh
//! once the searches by the squares and by the spread have ended. Each rota
//! with longer shifts, members on it alone and members on other rotas too,
//! and members above its level (its lone members' median load) is brought
//! to that level in turn, the one with the least above it first: its lone
//! members above the level hand longer shifts to shared members (whose
//! shifts of other rotas in the way go to their colleagues there), and its
//! shared members above it hand shifts of their other rotas to colleagues
//! not on it. Then the rota's longer shifts and its shared members are held
//! where they are (so no search moves them back, and this rota's level
//! stays for the next ones) while the search with the spread first evens
//! out the rest, running even where no single move narrows a rota, since
//! the squares can still come down. After each rota the group is measured
//! (rest and share breaches, then the rotas' spreads, then the squares);
//! one narrower but breaking more rules is measured again after the search
//! free to move everything has mended what it can. The group is left as
//! the best of these, then searched once more with nothing held; or as it
//! was when none is better. The trying stops at the first rota that cannot
//! be brought to its level: the ones after it have more above theirs.

use super::Planner;
use super::cross::RotasOfPeople;

/// How good a group is, in the order the spread search judges: rest and
/// share breaches, the sum of the rotas' spreads, the sum of squared loads,
/// of squared weekend and holiday loads. Smaller is better.
type GroupScore = (i64, i64, i64, i64);

impl Planner<'_> {
    /// Tries bringing the group's rotas of longer shifts to their levels;
    /// see the module documentation.
    pub(in crate::planner) fn flatten(&mut self, shifts: &[usize]) {
        let rotas = self.rotas_of_people();
        let of_group = self.rotas_of(shifts);
        let people = self.people_of(&rotas, shifts, &of_group);
        // Each rota to try: its level, and how far its members are above it.
        let mut tries: Vec<(i64, usize, i64)> = Vec::new();
        let longer = self.rotas_with(shifts, |s| s.len > 1 && !self.fixed(s));
        for &rota in &of_group {
            let longer = longer.binary_search(&rota).is_ok();
            let members = &rotas.members[rota];
            let mut alone: Vec<i64> = members
                .iter()
                .filter(|&&m| rotas.of_person[m].len() == 1)
                .map(|&m| self.load[m])
                .collect();
            if !longer || alone.is_empty() || alone.len() == members.len() {
                continue;
            }
            alone.sort_unstable();
            let level = alone[(alone.len() - 1) / 2];
            let above: i64 = members.iter().map(|&m| (self.load[m] - level).max(0)).sum();
            if above > 0 {
                tries.push((above, rota, level));
            }
        }
        if tries.is_empty() {
            return;
        }
        tries.sort_unstable();
        let origin = self.snapshot(shifts, &people);
        let start = self.group_score(&rotas, shifts, &of_group, &people);
        let mut best: (GroupScore, Option<super::cross::Undo>) = (start, None);
        // Who is held where they are, and which shifts.
        let (mut still, mut pinned) = (Vec::new(), Vec::new());
        for (_, rota, level) in tries {
            let reached = self.bring_to_level(rota, level, &still);
            // Its longer shifts and its shared members stay as they now are
            // while the rest evens out, and so on for the rotas after it.
            still.extend(
                rotas.members[rota]
                    .iter()
                    .copied()
                    .filter(|&m| rotas.of_person[m].len() > 1),
            );
            still.sort_unstable();
            still.dedup();
            pinned.extend(shifts.iter().copied().filter(|&i| {
                let s = &self.segments[i];
                !s.pinned
                    && ((self.lane_rota[s.rota] == rota && s.len > 1)
                        || still.binary_search(&s.person).is_ok())
            }));
            let mut away = vec![u64::MAX; still.len() * self.off.row_words()];
            self.hold(&pinned, &still, &mut away, true);
            self.spread_search(shifts, true);
            self.hold(&pinned, &still, &mut away, false);
            let score = self.group_score(&rotas, shifts, &of_group, &people);
            if score < best.0 {
                best = (score, Some(self.snapshot(shifts, &people)));
            } else if score.1 < best.0.1 {
                // Narrower but breaking more rules: the search free to move
                // the held shifts too may mend them at less than it gained.
                let levelled = self.snapshot(shifts, &people);
                self.spread_improve(shifts);
                let mended = self.group_score(&rotas, shifts, &of_group, &people);
                if mended < best.0 {
                    best = (mended, Some(self.snapshot(shifts, &people)));
                }
                self.undo(levelled);
            }
            // The rotas are tried cheapest first: once one cannot be
            // brought to its level, the next, with more to move and on top
            // of it, is not tried.
            if !reached {
                break;
            }
        }
        match best.1 {
            Some(levelled) => {
                self.undo(levelled);
                // Free to move anything again, the search can only better it.
                self.spread_improve(shifts);
            }
            None => self.undo(origin),
        }
        // What failed was measured against a state no longer there.
        self.failed_cross.clear();
        self.failed_repair.clear();
    }

    /// Pins segments `pinned` and makes `people` unable to take any shift
    /// (as though away throughout), `on`; or undoes that. `away` keeps
    /// their time off meanwhile: a row of set bits per person to start.
    fn hold(&mut self, pinned: &[usize], people: &[usize], away: &mut [u64], on: bool) {
        for &i in pinned {
            self.segments[i].pinned = on;
        }
        let words = self.off.row_words();
        for (k, &p) in people.iter().enumerate() {
            self.off.swap_row(p, &mut away[k * words..(k + 1) * words]);
        }
    }

    /// Everyone on rotas `of_group` or holding one of `shifts`, ascending.
    pub(super) fn people_of(
        &self,
        rotas: &RotasOfPeople,
        shifts: &[usize],
        of_group: &[usize],
    ) -> Vec<usize> {
        let mut people: Vec<usize> = of_group
            .iter()
            .flat_map(|&r| rotas.members[r].iter().copied())
            .chain(shifts.iter().map(|&i| self.segments[i].person))
            .collect();
        people.sort_unstable();
        people.dedup();
        people
    }

    /// The group's [`GroupScore`].
    pub(super) fn group_score(
        &self,
        of: &RotasOfPeople,
        shifts: &[usize],
        rotas: &[usize],
        people: &[usize],
    ) -> GroupScore {
        let breaches: i64 = shifts
            .iter()
            .map(|&i| i64::from(self.own_breaches(i)))
            .sum();
        let spread: i64 = rotas
            .iter()
            .map(|&r| {
                let (lo, hi) = self.range(&of.members[r]);
                hi - lo
            })
            .sum();
        let (squares, heavy) = people.iter().fold((0, 0), |(l, h), &p| {
            (l + self.load[p].pow(2), h + self.heavy_load[p].pow(2))
        });
        (breaches, spread, squares, heavy)
    }

    /// Brings `rota` towards `level`: its members on it alone above the
    /// level hand longer shifts to its shared members, and its shared
    /// members above it hand shifts of their other rotas on.
    fn bring_to_level(&mut self, rota: usize, level: i64, still: &[usize]) -> bool {
        let rotas = self.rotas_of_people();
        let members = &rotas.members[rota];
        let shared = |m: usize| rotas.of_person[m].len() > 1;
        for &p in members.iter().filter(|&&m| !shared(m)) {
            while self.hand_to_shared(p, rota, level, members, &shared, still) {}
        }
        for &q in members
            .iter()
            .filter(|&&m| shared(m) && still.binary_search(&m).is_err())
        {
            while self.load[q] > level {
                let Some((j, r)) =
                    self.shed_elsewhere(&rotas, q, rota, self.load[q] - level, still)
                else {
                    break;
                };
                self.reassign(j, r);
            }
        }
        members.iter().all(|&m| self.load[m] <= level)
    }

    /// Gives one of `p`'s longer shifts of `rota` that leaves them at
    /// `level` or above to a shared member, once the shared member's
    /// shifts of other rotas in the way (within the rest, or the share
    /// window when the share is limited) have gone to colleagues there: of
    /// every such shift and member, the pair with which the plan breaks the
    /// fewest rest and share rules (the search after mends what it can, and
    /// the group is kept only if it then breaks none more), the first of
    /// those. Whether one was given.
    fn hand_to_shared(
        &mut self,
        p: usize,
        rota: usize,
        level: i64,
        members: &[usize],
        shared: &dyn Fn(usize) -> bool,
        still: &[usize],
    ) -> bool {
        let own: Vec<usize> = self.by_person[p]
            .iter()
            .copied()
            .filter(|&i| {
                let s = &self.segments[i];
                self.lane_rota[s.rota] == rota
                    && s.len > 1
                    && !self.fixed(s)
                    && self.load[p] - s.len as i64 >= level
            })
            .collect();
        let mut best: Option<(i64, usize, usize)> = None;
        'all: for i in own {
            let s = self.segments[i];
            let (a, b) = (s.first, s.first + s.len);
            let zone = self.rule_zone(a..b, false);
            for &q in members {
                if q == p
                    || !shared(q)
                    || still.binary_search(&q).is_ok()
                    || self.off.count(q, a, b) > 0
                    || !self.member_throughout(s.rota, q, a, b)
                {
                    continue;
                }
                if let Some(undo) = self.clear_and_take(i, q, zone.clone(), still) {
                    let added = self.added_breaches(&undo);
                    self.undo(undo);
                    if best.is_none_or(|(b, ..)| added < b) {
                        best = Some((added, i, q));
                    }
                    if added <= 0 {
                        break 'all;
                    }
                }
            }
        }
        let Some((_, i, q)) = best else {
            return false;
        };
        let s = self.segments[i];
        let zone = self.rule_zone(s.first..s.first + s.len, false);
        self.clear_and_take(i, q, zone, still).is_some()
    }

    /// `q`'s shifts of other rotas within `zone` go to colleagues there
    /// (the fill's choice), and `q` takes segment `i`; `None`, with nothing
    /// changed, when one of them has no taker or `q` still cannot take it.
    fn clear_and_take(
        &mut self,
        i: usize,
        q: usize,
        zone: std::ops::Range<usize>,
        still: &[usize],
    ) -> Option<super::cross::Undo> {
        let mut near = Vec::new();
        self.shifts_within(q, zone.clone(), &mut near);
        let mut undo = self.undo_over(zone);
        self.record(i, &mut undo);
        self.record_person(q, &mut undo);
        for &j in &near {
            let t = self.segments[j];
            let taker = (t.rota != self.segments[i].rota)
                .then(|| {
                    self.members(t.rota, t.first)
                        .iter()
                        .copied()
                        .filter(|&r| {
                            r != q && still.binary_search(&r).is_err() && self.can_take(r, j, 0)
                        })
                        .min_by_key(|&r| self.key(t.rota, r, t.first, t.first + t.len, 0))
                })
                .flatten();
            let Some(r) = taker else {
                self.undo(undo);
                return None;
            };
            self.record(j, &mut undo);
            self.record_person(r, &mut undo);
            self.reassign(j, r);
        }
        if !self.can_take(q, i, 0) {
            self.undo(undo);
            return None;
        }
        self.reassign(i, q);
        Some(undo)
    }

    /// One of `q`'s unpinned shifts of a rota other than `rota`, at most
    /// `room` long, that a colleague there can take breaking no more rest
    /// or share than `q` does: the least loaded colleague's.
    fn shed_elsewhere(
        &self,
        of: &RotasOfPeople,
        q: usize,
        rota: usize,
        room: i64,
        still: &[usize],
    ) -> Option<(usize, usize)> {
        self.shed_to(
            q,
            |_, t| self.lane_rota[t.rota] != rota && t.len as i64 <= room,
            |r, _| {
                of.of_person[r].binary_search(&rota).is_err() && still.binary_search(&r).is_err()
            },
        )
    }
}

#[cfg(test)]
mod tests {
    /// Left to moves, swaps and chains, the weekly rotas' lone members
    /// carry the weeks unevenly; brought to their level, both weekly rotas
    /// are even, nothing breaks a rule, and the rotas' spreads sum to less.
    /// A year of one domain of five teams of ten, the first two on weekly
    /// rotas, the domain rota taking two of each team.
    #[test]
    fn weekly_rotas_are_brought_to_one_level_through_their_shared_members() {
        let (breaches, spreads) = super::super::plan_shared((5, 10, 2), true, false);
        let (breaches_before, spreads_before) = super::super::plan_shared((5, 10, 2), false, false);
        assert_eq!((breaches, breaches_before), (0, 0));
        // Rotas in the order of the file: the two weekly ones first.
        assert!(
            spreads_before[..2].iter().all(|&s| s > 0),
            "{spreads_before:?}"
        );
        assert_eq!(spreads[..2], [0, 0], "{spreads:?}");
        let (sum, before): (i64, i64) = (spreads.iter().sum(), spreads_before.iter().sum());
        assert!(
            sum < before,
            "{sum} against {before}: {spreads:?} {spreads_before:?}"
        );
    }
}
