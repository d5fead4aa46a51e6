//! Changes that cross rotas through a person on more than one of them,
//! and the repair of rest and share breaches the first fill left.
//!
//! A weekly team rota whose members include people who also cover a daily
//! domain rota gets stuck under single moves and swaps: the members on the
//! team rota alone carry a week more than the shared ones, and moving that
//! week to a shared member only swaps who carries it. What evens it out is a
//! chain: the shared member takes the week and their domain shifts around
//! it go to their domain colleagues.
//!
//! [`Planner::cross_pass`] tries such chains for the longer shifts of each
//! rota's busiest member. A less loaded member `q` takes the shift; every
//! other rota `q` has shifts on within the rest and share windows around it
//! is planned again there (its unpinned shifts given afresh in time order,
//! each to the member the fill would choose); whoever that loaded more hands
//! a shift of theirs in that stretch to a less loaded member; and the giver,
//! when on another rota too, takes up shifts of busier members there. The
//! chain is kept when, as a whole, it adds no rest or share breach and is
//! fairer by [`Planner::fairer`]; otherwise every step is undone exactly,
//! clock and shift lists included, so a failed try leaves no trace.
//!
//! [`Planner::repair_pass`] moves a shift that breaks a rest or share rule
//! to a member with whom the plan breaks fewer, when that is no less fair;
//! [`Planner::repair_chain_pass`] makes room for it with a member's shift
//! of another rota.

use super::{Planner, Segment};
use crate::rules::SHARE_WINDOW;
use crate::schedule::Role;

/// What a chain changed, to undo it.
/// Changes in the spread smaller than this are rounding, not change.
const TIE: f64 = 1e-6;

/// Every rota's members over the horizon (by person index, ascending), and
/// every person's rotas (ascending).
pub(in crate::planner) struct RotasOfPeople {
    pub(super) members: Vec<Vec<usize>>,
    pub(super) of_person: Vec<Vec<usize>>,
}

#[derive(Default, Clone)]
pub(super) struct Undo {
    /// Each segment moved, as it was before its first move.
    segments: Vec<(usize, Segment)>,
    /// Each person touched, as they were: index, load, weekend and holiday
    /// load, primary load, last change, shift list.
    people: Vec<(usize, [i64; 3], u64, Vec<usize>)>,
    clock: u64,
    /// The slices whose shifts' breaches the change can alter: only
    /// shifts holding one are counted.
    reach: std::ops::Range<usize>,
}

impl Planner<'_> {
    /// One round of cross-rota chains; see the module documentation.
    /// Whether anything changed.
    pub(in crate::planner) fn cross_pass(&mut self, shifts: &[usize]) -> bool {
        let mut changed = false;
        for &i in shifts {
            let s = self.segments[i];
            // A shift of one slice moves on its own (the move pass): chains
            // are for the longer shifts that only a chain can place.
            if self.fixed(&s) || s.len < 2 {
                continue;
            }
            if !self.worth_trying(i, &self.failed_cross) {
                continue;
            }
            if self.try_cross(i) {
                changed = true;
            } else {
                super::failed(&mut self.failed_cross, i, self.segments.len(), self.clock);
            }
        }
        changed
    }

    /// Moves a shift that breaks a rest or share rule to a member with whom
    /// the plan breaks fewer of them, when that is no less fair (see
    /// [`Planner::repairs`]). The first fill walks the year in time order
    /// and, where rotas share people, can leave such a breach that another
    /// order avoids. Whether anything changed.
    pub(in crate::planner) fn repair_pass(&mut self, shifts: &[usize]) -> bool {
        let mut changed = false;
        for &i in shifts {
            let s = self.segments[i];
            let now = self.own_breaches(i);
            if self.fixed(&s) || now == 0 {
                continue;
            }
            // Only members with whom the shift itself breaks fewer rules;
            // whether the whole plan then does is counted below.
            let mut candidates: Vec<(super::Key, usize)> = self
                .members(s.rota, s.first)
                .iter()
                .copied()
                .filter(|&q| q != s.person && self.can_take(q, i, 0))
                .map(|q| (self.key(s.rota, q, s.first, s.first + s.len, 0), q))
                .filter(|(k, _)| k.0 < now)
                .collect();
            candidates.sort_unstable();
            for (_, q) in candidates {
                let undo = self.move_to_try(i, q);
                if self.repairs(&undo) {
                    changed = true;
                    break;
                }
                self.undo(undo);
            }
        }
        changed
    }

    /// Where no member can take a breaking shift as things are, gives it to
    /// a member whose one shift of another rota is in the way, and that
    /// shift to a member of its own rota: kept when the plan as a whole
    /// then breaks fewer rest and share rules and, in the search by the
    /// squares, is no less fair. While the spread comes first it is kept on
    /// fewer breaches alone (they come before fairness): every pass of that
    /// search counts the breaches a change adds around it, so none can add
    /// back what this mends. The search by the squares weighs a move by its
    /// own shift's breaches, and a repair less fair could go round with it.
    /// A domain rota's first nights, say, when the teams' rotas have put most
    /// of its members on call: the colleagues left cannot rest between
    /// their nights until one team's shift goes to someone else.
    /// Whether anything changed.
    pub(in crate::planner) fn repair_chain_pass(&mut self, shifts: &[usize]) -> bool {
        let mut changed = false;
        let mut near = Vec::new();
        for &i in shifts {
            let s = self.segments[i];
            let (a, b) = (s.first, s.first + s.len);
            if self.fixed(&s) || self.own_breaches(i) == 0 {
                continue;
            }
            let members = self.members(s.rota, a);
            let last_change = members.iter().map(|&m| self.changed_at[m]).max();
            if self
                .failed_repair
                .get(i)
                .is_some_and(|&f| f != 0 && Some(f) >= last_change)
            {
                continue;
            }
            let zone = self.rule_zone(a..b, false);
            let mut mended = false;
            'members: for &q in members {
                if q == s.person
                    || self.off.count(q, a, b) > 0
                    || !self.member_throughout(s.rota, q, a, b)
                {
                    continue;
                }
                near.clear();
                self.shifts_within(q, zone.clone(), &mut near);
                near.retain(|&j| self.lane_rota[self.segments[j].rota] != self.lane_rota[s.rota]);
                let [j] = near[..] else { continue };
                let t = self.segments[j];
                let mut takers: Vec<(super::Key, usize)> = self
                    .members(t.rota, t.first)
                    .iter()
                    .copied()
                    .filter(|&r| r != q && self.can_take(r, j, 0))
                    .map(|r| (self.key(t.rota, r, t.first, t.first + t.len, 0), r))
                    .collect();
                takers.sort_unstable();
                for (_, r) in takers {
                    let mut undo = self.undo_over(a.min(t.first)..b.max(t.first + t.len));
                    self.record(i, &mut undo);
                    self.record(j, &mut undo);
                    self.record_person(r, &mut undo);
                    self.reassign(j, r);
                    if self.can_take(q, i, 0) {
                        self.reassign(i, q);
                        let mends = if self.by_spread {
                            self.added_breaches(&undo) < 0
                        } else {
                            self.repairs(&undo)
                        };
                        if mends {
                            mended = true;
                            break 'members;
                        }
                    }
                    self.undo(undo);
                }
            }
            if mended {
                changed = true;
            } else {
                super::failed(&mut self.failed_repair, i, self.segments.len(), self.clock);
            }
        }
        changed
    }

    /// Tries a chain that starts with segment `i` going to a less loaded
    /// member who is on another rota near it; keeps the first that is
    /// better. Whether one was kept.
    fn try_cross(&mut self, i: usize) -> bool {
        let s = self.segments[i];
        let p = s.person;
        // Around the shift, the slices whose shifts decide whether taking it
        // breaks the rest or the share rule.
        let zone = self.rule_zone(s.first..s.first + s.len, self.by_spread);
        let mut near: Vec<usize> = Vec::new();
        let p_elsewhere = self.rotas_of_people().of_person[p].len() > 1;
        for &q in self.members(s.rota, s.first) {
            if q == p
                || !(self.load[q] < self.load[p]
                    || (self.load[q] == self.load[p] && self.heavy_load[q] < self.heavy_load[p]))
            {
                continue;
            }
            // Free for the shift but for unpinned shifts of their own.
            let possible = s.slice_range().all(|d| {
                !self.off.get(q, d)
                    && self.is_member(s.rota, d, q)
                    && !(self.held.get(q, d) && self.fixed(self.segment_at(q, d)))
            });
            if !possible {
                continue;
            }
            near.clear();
            self.shifts_within(q, zone.clone(), &mut near);
            near.retain(|&j| self.segments[j].rota != s.rota);
            // Neither has anything on another rota to pass on or take up: a
            // plain move or a swap, which the other passes have weighed.
            if near.is_empty() && !p_elsewhere {
                continue;
            }
            // Unless the giver takes up load elsewhere, the taker must be able
            // to pass on enough to end below the giver's load, or nothing
            // evens out; while the spread comes first, at the giver's load
            // (the two swap totals, which can narrow both their rotas).
            let passed: i64 = near.iter().map(|&j| self.segments[j].len as i64).sum();
            let ends = self.load[q] + s.len as i64 - passed;
            if !p_elsewhere && (ends > self.load[p] || (ends == self.load[p] && !self.by_spread)) {
                continue;
            }
            let mut undo = self.undo_over(zone.clone());
            if self.chain_through(i, q, &near, zone.clone(), &mut undo) {
                return true;
            }
            self.undo(undo);
        }
        false
    }

    /// `q` takes segment `i`; every rota of `q`'s shifts in `near` is planned
    /// again on `zone` around it (its unpinned shifts there given afresh,
    /// in time order, each to the member the fill would choose). Records
    /// everything in `undo`; whether the whole is better (the caller undoes
    /// it when not).
    fn chain_through(
        &mut self,
        i: usize,
        q: usize,
        near: &[usize],
        zone: std::ops::Range<usize>,
        undo: &mut Undo,
    ) -> bool {
        let p = self.segments[i].person;
        let mut lanes: Vec<usize> = near.iter().map(|&j| self.segments[j].rota).collect();
        lanes.sort_unstable();
        lanes.dedup();
        let mut again: Vec<usize> = Vec::new();
        for &lane in &lanes {
            for j in self.lane_segments(lane, zone.clone()) {
                let t = self.segments[j];
                if j != i && !self.fixed(&t) && t.first >= zone.start.saturating_sub(t.len) {
                    again.push(j);
                }
            }
        }
        again.sort_by_key(|&j| (self.segments[j].first, self.segments[j].rota));
        again.dedup();
        for &j in &again {
            self.record(j, undo);
            self.release(j);
        }
        self.record(i, undo);
        self.record_person(q, undo);
        self.release(i);
        self.give(i, q);
        for &j in &again {
            let Some(r) = self.fill_choice(j) else {
                return false;
            };
            self.record_person(r, undo);
            self.give(j, r);
        }
        // Whoever the chain loaded more hands a shift of theirs on, where a
        // less loaded member can take it: the chain's third step.
        let raised: Vec<(usize, i64)> = undo
            .people
            .iter()
            .filter(|(person, [load, ..], _, _)| *person != q && self.load[*person] > *load)
            .map(|(person, [load, ..], _, _)| (*person, self.load[*person] - load))
            .collect();
        for (person, by) in raised {
            let mut shed = 0;
            while shed < by {
                let Some((j, r)) = self.shed_one(person, i, &zone) else {
                    break;
                };
                shed += self.segments[j].len as i64;
                self.record(j, undo);
                self.record_person(r, undo);
                self.reassign(j, r);
            }
        }
        // The giver, lighter now, takes up shifts of busier members of their
        // other rotas around the shift they gave: the chain the other way.
        let was = undo
            .people
            .iter()
            .find(|(person, ..)| *person == p)
            .map_or(0, |(_, [load, ..], _, _)| *load);
        while self.load[p] < was {
            let Some(j) = self.pull_one(p, zone.clone(), i) else {
                break;
            };
            self.record(j, undo);
            self.reassign(j, p);
        }
        // Fairness first: it is cheap, and most chains fail on it.
        self.fairer(undo) == Some(std::cmp::Ordering::Less) && self.added_breaches(undo) <= 0
    }

    /// The member the fill would give released segment `j` to: of those
    /// who can take it, the least [`super::Key`] (see
    /// [`Planner::least_key`]).
    fn fill_choice(&mut self, j: usize) -> Option<usize> {
        let t = self.segments[j];
        let mut able = std::mem::take(&mut self.able);
        able.clear();
        let (a, b) = (t.first, t.first + t.len);
        // As the fill asks it: whoever is a member on the first slice is one
        // throughout when the cover does not change within the shift.
        let one_cover = self.one_cover(t.rota, a, b);
        able.extend(
            self.members(t.rota, a)
                .iter()
                .copied()
                .filter(|&r| self.free_member(t.rota, r, a, b, one_cover))
                .map(|r| (self.uncounted_key(t.rota, r), r)),
        );
        let choice = self.least_key(t.rota, t.first, t.first + t.len, &mut able);
        self.able = able;
        choice.map(|(_, r)| r)
    }

    /// Around slices `range`, from the frozen slice on, the slices whose
    /// shifts decide whether holding `range` breaks the rest or the share
    /// rule: within the rest, or the share window when the share is limited
    /// (or `whole_window` asks for it anyway).
    pub(super) fn rule_zone(
        &self,
        range: std::ops::Range<usize>,
        whole_window: bool,
    ) -> std::ops::Range<usize> {
        let margin = if whole_window || self.share_allowed.is_some_and(|n| n < SHARE_WINDOW) {
            (SHARE_WINDOW - 1).max(self.rest)
        } else {
            self.rest
        };
        range.start.saturating_sub(margin).max(self.frozen)..(range.end + margin).min(self.slices)
    }

    /// An empty record of a change on slices `range` (whose breaches can
    /// alter within [`Planner::reach`] of it), for the change to fill.
    pub(super) fn undo_over(&self, range: std::ops::Range<usize>) -> Undo {
        Undo {
            clock: self.clock,
            reach: self.reach(range),
            ..Undo::default()
        }
    }

    /// Gives segment `i` to `q`, recording what it changes to undo it.
    pub(super) fn move_to_try(&mut self, i: usize, q: usize) -> Undo {
        let s = self.segments[i];
        let mut undo = self.undo_over(s.first..s.first + s.len);
        self.record(i, &mut undo);
        self.record_person(q, &mut undo);
        self.reassign(i, q);
        undo
    }

    /// Gives segment `i` to `q` and segment `j` to `p`, remembering how to
    /// undo it.
    pub(super) fn swap_to_try(&mut self, i: usize, q: usize, j: usize, p: usize) -> Undo {
        let (s, t) = (self.segments[i], self.segments[j]);
        let mut undo = self.undo_over(s.first.min(t.first)..(s.first + s.len).max(t.first + t.len));
        self.record(i, &mut undo);
        self.record(j, &mut undo);
        self.apply_chain(i, q, j, p);
        undo
    }

    /// The rest and share breaches a change added (less those it removed)
    /// among the people it touched, over its reach. Counted only when asked
    /// (most changes tried are turned down on fairness first): the plan is
    /// put back as it was to count them before, then as it is.
    pub(super) fn added_breaches(&mut self, undo: &Undo) -> i64 {
        let count = |p: &Self| -> i64 {
            undo.people
                .iter()
                .map(|(person, ..)| p.person_breaches(*person, &undo.reach))
                .sum()
        };
        let after = count(self);
        let now = Undo {
            segments: undo
                .segments
                .iter()
                .map(|&(j, _)| (j, self.segments[j]))
                .collect(),
            people: undo
                .people
                .iter()
                .map(|(person, ..)| self.person_state(*person))
                .collect(),
            clock: self.clock,
            reach: undo.reach.clone(),
        };
        self.undo(undo.clone());
        let before = count(self);
        self.undo(now);
        after - before
    }

    /// Does a change that breaks fewer rest and share rules keep the plan
    /// as fair (see [`Planner::fairer`])?
    fn repairs(&mut self, undo: &Undo) -> bool {
        self.fairer(undo) != Some(std::cmp::Ordering::Greater) && self.added_breaches(undo) < 0
    }

    /// How a change compares on fairness: while the spread comes first (see
    /// [`super::spread`]), the sum of the rotas' spreads; then the sum of
    /// squared loads, then of squared weekend and holiday loads (as every
    /// other change is judged), then the deviations within rotas. Every
    /// change the planner makes lowers this, or keeps it and breaks fewer
    /// rules, so no pass undoes another's work and the search ends. `None`:
    /// within rounding of no change.
    fn fairer(&mut self, undo: &Undo) -> Option<std::cmp::Ordering> {
        if self.by_spread {
            let people: Vec<(usize, i64)> = undo
                .people
                .iter()
                .map(|(person, [load, ..], _, _)| (*person, *load))
                .collect();
            if let Some(order) = self.spread_order(&people) {
                return Some(order);
            }
        }
        let (mut loads, mut heavy) = (0i64, 0i64);
        for (person, [load, heavy_load, ..], _, _) in &undo.people {
            loads += self.load[*person].pow(2) - load.pow(2);
            heavy += self.heavy_load[*person].pow(2) - heavy_load.pow(2);
        }
        if loads != 0 || heavy != 0 {
            return Some((loads, heavy).cmp(&(0, 0)));
        }
        let (spread, heavy_spread) = self.spread_change(undo);
        for change in [spread, heavy_spread] {
            if change < -TIE {
                return Some(std::cmp::Ordering::Less);
            }
            if change > TIE {
                return Some(std::cmp::Ordering::Greater);
            }
        }
        None
    }

    /// How a chain changed the spread within rotas: the sum over rotas of
    /// the squared deviations of their members' loads from the rota's mean,
    /// for loads and for weekend and holiday loads. Only the rotas of the
    /// people it touched can change.
    fn spread_change(&mut self, undo: &Undo) -> (f64, f64) {
        let rotas = self.rotas_of_people();
        let mut affected: Vec<usize> = undo
            .people
            .iter()
            .flat_map(|(person, ..)| rotas.of_person[*person].iter().copied())
            .collect();
        affected.sort_unstable();
        affected.dedup();
        let (mut loads, mut heavy) = (0.0, 0.0);
        for rota in affected {
            let members = &rotas.members[rota];
            let n = members.len() as f64;
            let (mut sum_load, mut sum_heavy) = (0i64, 0i64);
            for &m in members {
                sum_load += self.load[m];
                sum_heavy += self.heavy_load[m];
            }
            let (mut was_load, mut was_heavy) = (sum_load, sum_heavy);
            let (mut squares_load, mut squares_heavy) = (0i64, 0i64);
            for (person, [load, heavy_load, ..], _, _) in &undo.people {
                if rotas.of_person[*person].binary_search(&rota).is_ok() {
                    was_load -= self.load[*person] - load;
                    was_heavy -= self.heavy_load[*person] - heavy_load;
                    squares_load += self.load[*person].pow(2) - load.pow(2);
                    squares_heavy += self.heavy_load[*person].pow(2) - heavy_load.pow(2);
                }
            }
            let mean_change = |now: i64, was: i64| ((now * now) as f64 - (was * was) as f64) / n;
            loads += squares_load as f64 - mean_change(sum_load, was_load);
            heavy += squares_heavy as f64 - mean_change(sum_heavy, was_heavy);
        }
        (loads, heavy)
    }

    /// Every rota's members over the horizon and every person's rotas,
    /// worked out the first time a chain needs them.
    pub(super) fn rotas_of_people(&mut self) -> std::sync::Arc<RotasOfPeople> {
        if let Some(r) = &self.rotas_of_people {
            return r.clone();
        }
        let members: Vec<Vec<usize>> = (0..self.cov.rotas.len())
            .map(|r| self.cov.all_members(r))
            .collect();
        let mut of_person = vec![Vec::new(); self.load.len()];
        for (rota, list) in members.iter().enumerate() {
            for &m in list {
                of_person[m].push(rota);
            }
        }
        let r = std::sync::Arc::new(RotasOfPeople { members, of_person });
        self.rotas_of_people = Some(r.clone());
        r
    }

    /// Rest and share breaches of a person's shifts that hold a slice of
    /// `reach`, counted as the plan's score counts them. They depend on that
    /// person's shifts alone, and only on those near them.
    fn person_breaches(&self, person: usize, reach: &std::ops::Range<usize>) -> i64 {
        self.by_person[person]
            .iter()
            .filter(|&&j| {
                let t = &self.segments[j];
                t.first < reach.end && t.first + t.len > reach.start
            })
            .map(|&j| i64::from(self.own_breaches(j)))
            .sum()
    }

    /// A change on slices `range` can alter the breaches of shifts this
    /// near it: within the rest, the share window and a run of shifts.
    fn reach(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let margin = self.rest.max(SHARE_WINDOW) + self.max_run + 1;
        range.start.saturating_sub(margin)..(range.end + margin).min(self.slices)
    }

    /// The segment holding `person` on slice `d`, which they hold.
    fn segment_at(&self, person: usize, d: usize) -> &Segment {
        &self.segments[self.busy[person * self.slices + d] as usize - 1]
    }

    /// Appends the unpinned segments of `person` that hold a slice of
    /// `range`, in time order, each once.
    pub(super) fn shifts_within(
        &self,
        person: usize,
        range: std::ops::Range<usize>,
        out: &mut Vec<usize>,
    ) {
        for d in range {
            if self.held.get(person, d) {
                let b = self.busy[person * self.slices + d] as usize - 1;
                if !self.fixed(&self.segments[b]) && out.last() != Some(&b) && !out.contains(&b) {
                    out.push(b);
                }
            }
        }
    }

    /// One of `person`'s unpinned shifts within `zone` (not `keep`) that a member less
    /// loaded by more than its length can take without breaking more rest
    /// or share than `person` does: the one whose taker is least loaded.
    fn shed_one(
        &self,
        person: usize,
        keep: usize,
        zone: &std::ops::Range<usize>,
    ) -> Option<(usize, usize)> {
        self.shed_to(
            person,
            |j, t| j != keep && t.first >= zone.start && t.first + t.len <= zone.end,
            |r, t| self.load[r] + (t.len as i64) < self.load[person],
        )
    }

    /// Of `person`'s unpinned shifts that `shift` accepts (by index and
    /// segment), one that a member `taker` accepts can take without
    /// breaking more rest or share than `person` does: the one whose taker
    /// is least loaded (then has the least weekend and holiday load, then
    /// comes first by id).
    pub(super) fn shed_to(
        &self,
        person: usize,
        shift: impl Fn(usize, &Segment) -> bool,
        taker: impl Fn(usize, &Segment) -> bool,
    ) -> Option<(usize, usize)> {
        let mut best: Option<((i64, i64, u32), usize, usize)> = None;
        for &j in &self.by_person[person] {
            let t = self.segments[j];
            if self.fixed(&t) || !shift(j, &t) {
                continue;
            }
            let mut limit = None;
            for &r in self.members(t.rota, t.first) {
                let k = (self.load[r], self.heavy_load[r], self.rank[r]);
                if r == person
                    || best.is_some_and(|(b, ..)| b <= k)
                    || !taker(r, &t)
                    || !self.can_take(r, j, 0)
                {
                    continue;
                }
                let limit = *limit.get_or_insert_with(|| self.own_breaches(j));
                if self.breaches(t.rota, r, t.first, t.first + t.len, 0) <= limit {
                    best = Some((k, j, r));
                }
            }
        }
        best.map(|(_, j, r)| (j, r))
    }

    /// A shift of another of `person`'s rotas holding a slice of `range`
    /// (not `keep`) that `person` can take from a member busier than them by
    /// more than its length, breaking no more rest or share than its holder
    /// does: the busiest holder's.
    fn pull_one(
        &mut self,
        person: usize,
        range: std::ops::Range<usize>,
        keep: usize,
    ) -> Option<usize> {
        let rotas = self.rotas_of_people();
        let mut best: Option<((i64, std::cmp::Reverse<u32>), usize)> = None;
        for &rota in &rotas.of_person[person] {
            for lane in [
                self.lane(rota, Role::Primary),
                self.lane(rota, Role::Secondary),
            ]
            .into_iter()
            .flatten()
            {
                for j in self.lane_segments(lane, range.clone()) {
                    let t = self.segments[j];
                    let from = t.person;
                    let k = (self.load[from], std::cmp::Reverse(self.rank[from]));
                    if j == keep
                        || self.fixed(&t)
                        || from == person
                        || self.load[from] <= self.load[person] + t.len as i64
                        || best.is_some_and(|(b, _)| b >= k)
                        || !self.can_take(person, j, 0)
                        || self.breaches(t.rota, person, t.first, t.first + t.len, 0)
                            > self.own_breaches(j)
                    {
                        continue;
                    }
                    best = Some((k, j));
                }
            }
        }
        best.map(|(_, j)| j)
    }

    /// The segments of `lane` that hold a slice of `range`, in time order,
    /// each once.
    fn lane_segments(
        &self,
        lane: usize,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = usize> + '_ {
        let mut d = range.start;
        std::iter::from_fn(move || {
            while d < range.end {
                match self.covered[lane * self.slices + d].checked_sub(1) {
                    None => d += 1,
                    Some(j) => {
                        let t = &self.segments[j as usize];
                        d = d.max(t.first + t.len);
                        return Some(j as usize);
                    }
                }
            }
            None
        })
    }

    /// Remembers segment `j` and its holder as they are, once.
    pub(super) fn record(&self, j: usize, undo: &mut Undo) {
        if !undo.segments.iter().any(|&(k, _)| k == j) {
            undo.segments.push((j, self.segments[j]));
        }
        self.record_person(self.segments[j].person, undo);
    }

    /// Remembers a person's loads and shifts as they are, once.
    pub(super) fn record_person(&self, person: usize, undo: &mut Undo) {
        if !undo.people.iter().any(|&(k, ..)| k == person) {
            undo.people.push(self.person_state(person));
        }
    }

    /// A person's loads, last change and shifts as they are, as an
    /// [`Undo`] keeps them.
    fn person_state(&self, person: usize) -> (usize, [i64; 3], u64, Vec<usize>) {
        (
            person,
            [
                self.load[person],
                self.heavy_load[person],
                self.primary_load[person],
            ],
            self.changed_at[person],
            self.by_person[person].clone(),
        )
    }

    /// A record of every segment of `shifts` and every person of
    /// `people` as they are, to put the whole group back with
    /// [`Planner::undo`] from wherever it has got to.
    pub(super) fn snapshot(&self, shifts: &[usize], people: &[usize]) -> Undo {
        Undo {
            segments: shifts.iter().map(|&i| (i, self.segments[i])).collect(),
            people: people.iter().map(|&p| self.person_state(p)).collect(),
            clock: self.clock,
            reach: 0..self.slices,
        }
    }

    /// Puts back everything a chain changed.
    pub(super) fn undo(&mut self, undo: Undo) {
        // A segment is held by its current holder, or by nobody when the
        // chain stopped before giving it again.
        for &(j, _) in &undo.segments {
            let s = self.segments[j];
            for d in s.slice_range() {
                if self.busy[s.person * self.slices + d] == j as u32 + 1 {
                    self.set_busy(s.person, d, 0);
                }
            }
        }
        for &(j, s) in &undo.segments {
            self.segments[j] = s;
            for d in s.slice_range() {
                self.set_busy(s.person, d, j as u32 + 1);
            }
        }
        for (person, [load, heavy, primary], changed, shifts) in undo.people {
            self.load[person] = load;
            self.load_changed(person);
            self.heavy_load[person] = heavy;
            self.primary_load[person] = primary;
            self.changed_at[person] = changed;
            // Into the list as it is: it keeps room for the shifts to come.
            self.by_person[person].clear();
            self.by_person[person].extend_from_slice(&shifts);
        }
        self.clock = undo.clock;
    }
}

impl Planner<'_> {
    /// Paths of one-slice shifts through a group: a member takes one of
    /// the busiest person's shifts, hands one of their own to another, and
    /// so on, until someone at least two slices less loaded than the
    /// busiest takes the last. Only the two ends' loads change, so each path
    /// lowers the sum of squared loads; one is kept when it adds no rest or
    /// share breach. Each step is to someone who can take the shift without
    /// breaking either rule among their own shifts (the path's givers only
    /// lose shifts, so then the path breaks none): the search reaches each
    /// person once, so a first way to them that the rules refuse would hide
    /// every other. Where a daily rota shares people with weekly ones, the
    /// days a shared member should shed often have only a path, not a move
    /// or a two-step exchange, to someone less loaded. Were no rule ever to
    /// refuse a path, a plan with none left would spread its one-slice
    /// shifts as evenly as any can (the load-balancing condition for unit
    /// jobs); with the rules it is a local search like the others. Whether
    /// anything changed.
    pub(in crate::planner) fn path_pass(&mut self, shifts: &[usize]) -> bool {
        let mut people: Vec<usize> = shifts
            .iter()
            .filter(|&&i| self.segments[i].len == 1 && !self.fixed(&self.segments[i]))
            .map(|&i| self.segments[i].person)
            .collect();
        // Each once, then busiest first: the group's shifts far outnumber
        // its people.
        people.sort_unstable();
        people.dedup();
        people.sort_unstable_by_key(|&p| (std::cmp::Reverse(self.load[p]), self.rank[p]));
        // Whoever a failed search reached, no busier than where it began,
        // is not searched from: what they reach, it reached, so a path from
        // them could only be one the rules refused from here too, or a
        // shorter one to the same person (which this may miss). Forgotten
        // once a path is kept.
        let mut reach = std::mem::take(&mut self.reach);
        reach.start(self.load.len());
        let mut changed = false;
        for p in people {
            if reach.dead(p) {
                continue;
            }
            while self.path_from(p, &mut reach) {
                changed = true;
                reach.revive();
            }
            let load = self.load[p];
            reach.bury(|x| self.load[x] <= load);
        }
        self.reach = reach;
        changed
    }

    /// Moves that keep the sum of squared loads (a shift to a member whose
    /// load is the giver's less its length, so the two swap totals) when
    /// they even out the loads within rotas without adding a breach. On a
    /// rota of its own such a move changes nothing; where people are on more
    /// than one rota the same totals can sit better or worse among each
    /// rota's members (a shared member with a day more and a domain
    /// colleague with a day less narrows the team rota's spread). A shift
    /// kept from the schedule being re-planned is not moved for that alone:
    /// no one's total changes, so it is not worth a change people see.
    /// Whether anything changed.
    pub(in crate::planner) fn level_pass(&mut self, shifts: &[usize]) -> bool {
        let mut changed = false;
        for &i in shifts {
            let s = self.segments[i];
            if s.pinned || s.origin.is_some() {
                continue;
            }
            let p = s.person;
            let swapped = self.load[p] - s.len as i64;
            let rotas = self.rotas_of_people();
            let shared = |x: usize| rotas.of_person[x].len() > 1;
            // Cheap first: the same totals, weekends no less even, no more
            // breaches on the shift itself, and someone on another rota.
            let heavy = |q: usize| {
                let (hp, hq) = (self.heavy_load[p], self.heavy_load[q]);
                (hq + s.heavy).pow(2) - hq.pow(2) + (hp - s.heavy).pow(2) - hp.pow(2)
            };
            let mut now = None;
            let takers: Vec<usize> = self
                .members(s.rota, s.first)
                .iter()
                .copied()
                .filter(|&q| {
                    q != p
                        && self.load[q] == swapped
                        && (shared(p) || shared(q))
                        && heavy(q) <= 0
                        && self.can_take(q, i, 0)
                        && self.breaches(s.rota, q, s.first, s.first + s.len, 0)
                            <= *now.get_or_insert_with(|| self.own_breaches(i))
                })
                .collect();
            for q in takers {
                let undo = self.move_to_try(i, q);
                if self.fairer(&undo) == Some(std::cmp::Ordering::Less)
                    && self.added_breaches(&undo) <= 0
                {
                    changed = true;
                    break;
                }
                self.undo(undo);
            }
        }
        changed
    }

    /// Finds and keeps one path from `p` (see [`Planner::path_pass`]), the
    /// shortest, breadth first; whether one was kept. `came` is who was
    /// reached, and through whom and which of their shifts.
    fn path_from(&mut self, p: usize, came: &mut Reach) -> bool {
        // Only the ends' loads change: better when that lowers the squares
        // (or, while the spread comes first, the spread, else the squares
        // at the same spread).
        self.path_to(p, came, Keep::Fairer, |planner, y| {
            if planner.by_spread {
                let (spread, squares, _) = planner.effect(&[(p, -1, 0), (y, 1, 0)]);
                (spread, squares) < (0, 0)
            } else {
                planner.load[y] + 1 < planner.load[p]
            }
        })
    }

    /// Finds a path of one-slice shifts from `p` to someone for whom `end`
    /// holds, breadth first, each step to someone who can take the shift
    /// within the rest and share rules, and keeps the first that `keep`
    /// allows; whether one was kept. A path that `keep` allows to trade a
    /// shift for another on the way ([`Keep::Unbroken`]) trades a weekend
    /// or holiday for one, a weekday for one.
    pub(super) fn path_to(
        &mut self,
        p: usize,
        came: &mut Reach,
        keep: Keep,
        mut end: impl FnMut(&mut Self, usize) -> bool,
    ) -> bool {
        came.forget_paths();
        let mut queue = std::collections::VecDeque::from([p]);
        came.insert(p, (p, usize::MAX));
        while let Some(x) = queue.pop_front() {
            // What `x` takes, when `x` is a step on the way.
            let taken = came
                .get(x)
                .filter(|&(from, _)| from != x)
                .map(|(_, j)| self.segments[j].heavy);
            // By index: a path tried and not kept leaves the list as it was.
            for k in 0..self.by_person[x].len() {
                let j = self.by_person[x][k];
                let t = self.segments[j];
                if self.fixed(&t)
                    || t.len != 1
                    || (matches!(keep, Keep::Unbroken) && taken.is_some_and(|h| h != t.heavy))
                {
                    continue;
                }
                // A person's shifts of a rota mostly have the same members:
                // once all of them are reached, the rest of those shifts
                // lead nowhere new.
                let Some(cover) = self.cov.cover_number(self.lane_rota[t.rota], t.first) else {
                    continue;
                };
                if came.all_reached(cover) {
                    continue;
                }
                let mut all = true;
                for &y in self.members(t.rota, t.first) {
                    if came.reached(y) {
                        continue;
                    }
                    if !self.can_take(y, j, 0)
                        || self.breaches(t.rota, y, t.first, t.first + t.len, 0) > 0
                    {
                        all = false;
                        continue;
                    }
                    came.insert(y, (x, j));
                    if end(self, y) && self.keep_path(came, y, keep) {
                        return true;
                    }
                    queue.push_back(y);
                }
                if all {
                    came.reached_all(cover);
                }
            }
        }
        false
    }

    /// Moves each shift of the path ending at `end` to the next person on
    /// it; keeps that when it adds no rest or share breach, else undoes it.
    fn keep_path(&mut self, came: &Reach, end: usize, keep: Keep) -> bool {
        let mut undo = Undo {
            clock: self.clock,
            reach: 0..self.slices,
            ..Undo::default()
        };
        let mut steps = Vec::new();
        let mut y = end;
        while let Some((x, j)) = came.get(y).filter(|&(x, _)| x != y) {
            steps.push((j, y));
            y = x;
        }
        for &(j, y) in &steps {
            self.record(j, &mut undo);
            self.record_person(y, &mut undo);
        }
        for &(j, _) in &steps {
            self.release(j);
        }
        for &(j, y) in &steps {
            self.give(j, y);
        }
        let fair = match keep {
            Keep::Fairer => self.fairer(&undo) == Some(std::cmp::Ordering::Less),
            Keep::Unbroken => true,
        };
        if fair && self.added_breaches(&undo) <= 0 {
            return true;
        }
        self.undo(undo);
        false
    }
}

/// Which paths [`Planner::path_to`] keeps: those fairer by
/// [`Planner::fairer`], or any that adds no rest or share breach (its ends
/// judged by the caller).
#[derive(Clone, Copy)]
pub(super) enum Keep {
    Fairer,
    Unbroken,
}

/// Who a search for paths reached, and through whom and which shift
/// ([`Planner::path_from`]), and who is not searched from again
/// ([`Planner::path_pass`]). Indexed by person and stamped with a
/// generation, so forgetting is one increment however large the
/// organisation, and a lookup no hash.
#[derive(Default, Clone)]
pub(super) struct Reach {
    came_at: Vec<u32>,
    came: Vec<(usize, usize)>,
    reached: Vec<usize>,
    /// Covers (by [`crate::rotas::Coverage::cover_number`]) all of whose
    /// members are reached, stamped like `came_at`.
    full_at: Vec<u32>,
    paths: u32,
    dead_at: Vec<u32>,
    deaths: u32,
}

impl Reach {
    /// Ready for `people` people, with nobody reached or dead.
    pub(super) fn start(&mut self, people: usize) {
        self.came_at.resize(people, 0);
        self.came.resize(people, (0, 0));
        self.dead_at.resize(people, 0);
        self.forget_paths();
        self.revive();
    }

    /// Nobody reached.
    fn forget_paths(&mut self) {
        self.reached.clear();
        let next = next_generation(self.paths, &mut self.came_at);
        if next < self.paths {
            self.full_at.fill(0);
        }
        self.paths = next;
    }

    /// Are all members of a cover reached?
    fn all_reached(&self, cover: u32) -> bool {
        self.full_at.get(cover as usize) == Some(&self.paths)
    }

    /// All members of a cover are reached (until the paths are forgotten).
    fn reached_all(&mut self, cover: u32) {
        let cover = cover as usize;
        if self.full_at.len() <= cover {
            self.full_at.resize(cover + 1, 0);
        }
        self.full_at[cover] = self.paths;
    }

    /// Nobody dead.
    pub(super) fn revive(&mut self) {
        self.deaths = next_generation(self.deaths, &mut self.dead_at);
    }

    fn insert(&mut self, person: usize, from: (usize, usize)) {
        self.came_at[person] = self.paths;
        self.came[person] = from;
        self.reached.push(person);
    }

    fn reached(&self, person: usize) -> bool {
        self.came_at[person] == self.paths
    }

    fn get(&self, person: usize) -> Option<(usize, usize)> {
        self.reached(person).then(|| self.came[person])
    }

    pub(super) fn dead(&self, person: usize) -> bool {
        self.dead_at[person] == self.deaths
    }

    /// Everyone the last search reached for whom `bury` holds is dead.
    pub(super) fn bury(&mut self, bury: impl Fn(usize) -> bool) {
        for &x in &self.reached {
            if bury(x) {
                self.dead_at[x] = self.deaths;
            }
        }
    }
}

/// The generation after `now`, stamps reset when they run out (0 is never
/// current).
fn next_generation(now: u32, stamps: &mut [u32]) -> u32 {
    if now == u32::MAX {
        stamps.fill(0);
        1
    } else {
        now + 1
    }
}

#[cfg(test)]
mod tests {
    use super::Reach;

    /// Forgetting and reviving are increments of a generation; when the
    /// generation runs out the stamps are reset, so nobody who was reached
    /// or dead long ago seems so again.
    #[test]
    fn reach_forgets_and_revives_across_the_generations_running_out() {
        let mut reach = Reach::default();
        reach.start(3);
        reach.insert(1, (0, 7));
        reach.bury(|x| x == 1);
        assert!(reach.reached(1) && reach.dead(1) && !reach.reached(2));
        assert_eq!(reach.get(1), Some((0, 7)));
        reach.forget_paths();
        reach.revive();
        assert!(!reach.reached(1) && !reach.dead(1));
        // One before running out: stamp person 2, then run out.
        reach.paths = u32::MAX - 1;
        reach.deaths = u32::MAX - 1;
        reach.forget_paths();
        reach.revive();
        reach.insert(2, (1, 3));
        reach.bury(|_| true);
        assert_eq!((reach.paths, reach.deaths), (u32::MAX, u32::MAX));
        assert!(reach.reached(2) && reach.dead(2));
        reach.forget_paths();
        reach.revive();
        assert_eq!((reach.paths, reach.deaths), (1, 1));
        assert!((0..3).all(|p| !reach.reached(p) && !reach.dead(p)));
    }
}
