//! The planner's working state: who is busy on which slice, each person's
//! load, and the segments (shifts) given so far.

use crate::calendar::slice_kind;
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::rules::{SHARE_WINDOW, busiest_window, share_exceeded};
use crate::schedule::{Role, Schedule};

use super::bits::Bits;
use super::is_heavy;

mod cross;
mod flatten;
mod spread;
mod trade;

/// A run of consecutive slices of one lane (a rota's primary or secondary)
/// given to one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Segment {
    /// The lane: below the number of rotas, that rota's primary; above, a
    /// rota's secondary (see [`Planner::lane_rota`]).
    pub rota: usize,
    pub person: usize,
    pub first: usize,
    pub len: usize,
    pub pinned: bool,
    /// The shift of the existing schedule this segment keeps unchanged.
    pub origin: Option<usize>,
    /// Weekend and holiday slices in it.
    pub heavy: i64,
}

impl Segment {
    fn slice_range(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.len
    }
}

/// Rest and share breaches first, then load, then the role balance (for a
/// primary the fewest primary slices, for a secondary the most), then
/// weekend and holiday load, then id: smaller is a better choice.
type Key = (u8, i64, i64, i64, u32);

/// A segment's own breaches by kind (see [`Planner::own_kinds`]): with
/// whom, at which [`Planner::held_version`] of theirs, and from what
/// ([`Planner::near_slices`]).
#[derive(Debug, Clone, Copy)]
struct OwnKinds {
    person: usize,
    version: u64,
    near: Option<(u128, u32)>,
    kinds: [u8; 2],
}

impl OwnKinds {
    const UNKNOWN: OwnKinds = OwnKinds {
        person: usize::MAX,
        version: 0,
        near: None,
        kinds: [0, 0],
    };
}

/// A [`Key`]'s breaches before they are counted.
const UNCOUNTED: u8 = u8::MAX;

/// How good a whole plan is, soft constraints in their order: unfilled
/// slices, rest and share breaches, then fairness (sum of squared loads, then of
/// squared weekend and holiday loads, then of squared primary loads).
/// Smaller is better.
pub(super) type Score = (usize, usize, i64, i64, i64);

#[derive(Clone)]
pub(super) struct Planner<'a> {
    org: &'a Organisation,
    cov: &'a Coverage,
    slices: usize,
    /// `busy[person * slices + slice]`: 0 when free, else segment index + 1.
    /// Read only for which segment holds a slice; whether one does is `held`.
    busy: Vec<u32>,
    /// `held.get(person, slice)`: `busy` is not 0 there. As bits, so the
    /// planner's most frequent question stays in cache.
    held: Bits,
    /// `off.get(person, slice)`: time off.
    off: Bits,
    /// `covered[rota * slices + slice]`: 0 when nobody has it, else segment index + 1.
    covered: Vec<u32>,
    /// `window[rota * slices + slice]`: which shift window the slice belongs to.
    window: Vec<u32>,
    /// Every rota's windows, `(first_slice, rota, len)`, in time order.
    windows: Vec<(usize, usize, usize)>,
    heavy_slice: Vec<bool>,
    /// Slices per person: carried over plus planned.
    load: Vec<i64>,
    /// Weekend and holiday slices per person: carried over plus planned.
    heavy_load: Vec<i64>,
    /// Primary slices per person: carried over plus planned. Equal to
    /// `load` when no rota needs a secondary.
    primary_load: Vec<i64>,
    /// Lanes: `lane_rota[lane]` and `lane_role[lane]`; the first
    /// `cov.rotas.len()` are the rotas' primaries, in rota order, then the
    /// secondaries of the rotas that need one on some slice.
    lane_rota: Vec<usize>,
    lane_role: Vec<Role>,
    /// `secondary_lane[rota]`: the rota's secondary lane, if it has one.
    secondary_lane: Vec<Option<usize>>,
    /// Position of each person's id in id order, for ties.
    rank: Vec<u32>,
    rest: usize,
    max_run: usize,
    /// The most on-call slices any 28 may hold under the share rule.
    share_allowed: Option<usize>,
    segments: Vec<Segment>,
    by_person: Vec<Vec<usize>>,
    unfilled: Vec<(usize, usize)>,
    splits: usize,
    /// Change counter, and when each person's shifts last changed: a
    /// two-step search that failed is not repeated until one of the rota's
    /// members changes (its outcome depends on nothing else).
    clock: u64,
    changed_at: Vec<u64>,
    failed_at: Vec<u64>,
    /// The same for the cross-rota chains (see [`cross`]).
    failed_cross: Vec<u64>,
    /// The same for the repairs by a chain: tried again once a member of
    /// the shift's rota changes.
    failed_repair: Vec<u64>,
    /// Rotas and their members for the cross-rota chains, once needed.
    rotas_of_people: Option<std::sync::Arc<cross::RotasOfPeople>>,
    /// Slices before this are history: nothing new is planned on them.
    frozen: usize,
    /// `held_verbatim[rota * slices + slice]`: covered by a shift kept as it
    /// was outside the slice grid; see [`Planner::hold_verbatim`].
    held_verbatim: Vec<bool>,
    /// Shifts freed for a re-plan, by `(rota, first slice)`: who held them
    /// (`person`, `len`, `origin`); the fill gives a freed shift back to its
    /// holder when that breaks no more rest than any other choice.
    preferred: std::collections::HashMap<(usize, usize), (usize, usize, usize)>,
    /// The fill's list of who can take a run, kept to save allocating it.
    able: Vec<(Key, usize)>,
    /// Which rotas are planned together, worked out once for the fill and
    /// the improvement (see [`Planner::groups`]).
    groups: Option<std::sync::Arc<Groups>>,
    /// Changes are judged by the rotas' spreads before the squares (see
    /// [`spread`]).
    by_spread: bool,
    /// While the spread comes first, each rota's least and greatest member
    /// load, `None` once a member's load changed (see [`spread`]).
    extremes: Vec<Option<spread::Extremes>>,
    /// While the spread comes first, whether each person is the only
    /// busiest or the only idlest member of a rota of theirs
    /// ([`spread::EDGE_UNKNOWN`] once a load on one of their rotas changed).
    edges: Vec<u8>,
    /// How often each person's slices have changed, never wound back (an
    /// undo counts as a change), so that a count seen again means the same
    /// slices.
    held_version: Vec<u64>,
    /// Each segment's breaches with its holder by kind (see
    /// [`Planner::own_kinds`]), the holder's [`Planner::held_version`]
    /// they were counted at and what they were counted from.
    own_kinds: Vec<std::cell::Cell<OwnKinds>>,
    /// Each person's shapes of shifts (see `Planner::shapes_of`), and the
    /// [`Planner::held_version`] they were found at.
    shapes: Vec<(u64, Vec<(usize, i64)>)>,
    /// The path search's marks, kept to save allocating them per search.
    reach: cross::Reach,
}

impl<'a> Planner<'a> {
    pub fn new(org: &'a Organisation, cov: &'a Coverage) -> Planner<'a> {
        let slices = cov.horizon.len();
        let people = org.people.len();
        let mut off = Bits::new(people, slices);
        for (p, person) in org.people.iter().enumerate() {
            for t in &person.time_off {
                let from = (t.from - cov.horizon.start)
                    .num_days()
                    .clamp(0, slices as i64) as usize;
                let to =
                    ((t.to - cov.horizon.start).num_days() + 1).clamp(0, slices as i64) as usize;
                for slice in from..to.max(from) {
                    off.set(p, slice, true);
                }
            }
        }
        let rotas = cov.rotas.len();
        let mut lane_rota: Vec<usize> = (0..rotas).collect();
        let mut lane_role = vec![Role::Primary; rotas];
        let mut secondary_lane = vec![None; rotas];
        for (rota, lane) in secondary_lane.iter_mut().enumerate() {
            if cov.has_secondary(rota) {
                *lane = Some(lane_rota.len());
                lane_rota.push(rota);
                lane_role.push(Role::Secondary);
            }
        }
        let lanes = lane_rota.len();
        let mut window = vec![u32::MAX; lanes * slices];
        let mut windows = Vec::new();
        for lane in 0..lanes {
            for (first, len) in cov.role_windows(lane_rota[lane], lane_role[lane]) {
                let id = windows.len() as u32;
                for slice in first..first + len {
                    window[lane * slices + slice] = id;
                }
                windows.push((first, lane, len));
            }
        }
        windows.sort_unstable();
        let mut order: Vec<usize> = (0..people).collect();
        order.sort_by(|&a, &b| org.people[a].id.cmp(&org.people[b].id));
        let mut rank = vec![0u32; people];
        for (r, &p) in order.iter().enumerate() {
            rank[p] = r as u32;
        }
        Planner {
            org,
            cov,
            slices,
            busy: vec![0; people * slices],
            held: Bits::new(people, slices),
            off,
            covered: vec![0; lanes * slices],
            window,
            windows,
            heavy_slice: cov.slices.iter().map(|s| is_heavy(s.kind)).collect(),
            load: vec![0; people],
            heavy_load: vec![0; people],
            primary_load: vec![0; people],
            lane_rota,
            lane_role,
            secondary_lane,
            rank,
            rest: org.rules.min_rest_slices as usize,
            max_run: (org.rules.max_consecutive_slices as usize).max(1),
            share_allowed: (0..=SHARE_WINDOW)
                .take_while(|&n| !share_exceeded(&org.rules, n))
                .last(),
            segments: Vec::new(),
            by_person: vec![Vec::new(); people],
            unfilled: Vec::new(),
            splits: 0,
            clock: 1,
            changed_at: vec![0; people],
            failed_at: Vec::new(),
            failed_cross: Vec::new(),
            failed_repair: Vec::new(),
            rotas_of_people: None,
            frozen: 0,
            held_verbatim: vec![false; lanes * slices],
            preferred: std::collections::HashMap::new(),
            able: Vec::new(),
            groups: None,
            by_spread: false,
            extremes: Vec::new(),
            edges: Vec::new(),
            held_version: vec![0; people],
            own_kinds: Vec::new(),
            shapes: Vec::new(),
            reach: cross::Reach::default(),
        }
    }

    /// The lane of a rota's role, when the rota has that role.
    pub fn lane(&self, rota: usize, role: Role) -> Option<usize> {
        match role {
            Role::Primary => (rota < self.secondary_lane.len()).then_some(rota),
            Role::Secondary => self.secondary_lane.get(rota).copied().flatten(),
        }
    }

    /// The rota and role of a lane.
    pub fn lane_of(&self, lane: usize) -> (usize, Role) {
        (self.lane_rota[lane], self.lane_role[lane])
    }

    /// Remembers who held a shift freed for re-planning; see `preferred`.
    pub fn prefer(&mut self, rota: usize, person: usize, first: usize, len: usize, origin: usize) {
        self.preferred.insert((rota, first), (person, len, origin));
    }

    /// A shift kept as it was although it does not line up with the slices
    /// (history planned under other working hours, a misaligned pin): the
    /// rota's slices `[first, first + len)` it overlaps are held by it, so
    /// nothing new is planned on them, and its holder (when a person of the
    /// organisation) is not free for another rota then.
    pub fn hold_verbatim(
        &mut self,
        rota: Option<usize>,
        person: Option<usize>,
        first: usize,
        len: usize,
    ) {
        let end = (first + len).min(self.slices);
        for slice in first.min(end)..end {
            if let Some(rota) = rota {
                self.held_verbatim[rota * self.slices + slice] = true;
            }
            if let Some(p) = person {
                self.off.set(p, slice, true);
            }
        }
    }

    /// Plans nothing new on the first `slices` slices (they are history);
    /// the shifts already there were kept with [`Planner::pin`].
    pub fn freeze(&mut self, slices: usize) {
        self.frozen = slices.min(self.slices);
    }

    /// Counts the slices of an earlier schedule outside this horizon
    /// towards each person's load.
    pub fn carry(&mut self, previous: &Schedule) {
        let tz = self.org.timezone;
        for shift in &previous.shifts {
            let Some(p) = self.org.person_index(&shift.person) else {
                continue;
            };
            let first = shift.start.with_timezone(&tz).date_naive();
            for k in 0..shift.slices.min(366 * 10) {
                let Some(date) = first.checked_add_days(chrono::Days::new(k as u64)) else {
                    break;
                };
                if self.cov.horizon.contains(date) {
                    continue;
                }
                self.load[p] += 1;
                if !shift.role.is_secondary() {
                    self.primary_load[p] += 1;
                }
                if is_heavy(slice_kind(self.org, date)) {
                    self.heavy_load[p] += 1;
                }
            }
        }
    }

    /// The plan's score; see [`Score`].
    pub fn score(&self) -> Score {
        let breaches = (0..self.segments.len())
            .map(|i| usize::from(self.own_breaches(i)))
            .sum();
        (
            self.unfilled.len(),
            breaches,
            self.load.iter().map(|l| l * l).sum(),
            self.heavy_load.iter().map(|l| l * l).sum(),
            self.primary_load.iter().map(|l| l * l).sum(),
        )
    }

    /// Keeps a pinned shift exactly as it is.
    pub fn pin(&mut self, rota: usize, person: usize, first: usize, len: usize, origin: usize) {
        self.add(rota, person, first, len, true, Some(origin));
    }

    /// Keeps an unpinned shift of the existing schedule when it is still
    /// valid: inside one shift window, needed, free, eligible.
    pub fn keep(
        &mut self,
        rota: usize,
        person: usize,
        first: usize,
        len: usize,
        origin: usize,
    ) -> bool {
        let w = self.window[rota * self.slices + first];
        let ok = w != u32::MAX
            && (first..first + len).all(|d| {
                self.window[rota * self.slices + d] == w
                    && self.covered[rota * self.slices + d] == 0
                    && self.available(person, rota, d)
            });
        if ok {
            self.add(rota, person, first, len, false, Some(origin));
        }
        ok
    }

    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter()
    }

    /// Position of a person's id in id order.
    pub fn rank(&self, person: usize) -> u32 {
        self.rank[person]
    }

    pub fn unfilled(&self) -> Vec<(usize, usize)> {
        let mut u = self.unfilled.clone();
        u.sort_unstable();
        u
    }

    pub fn splits(&self) -> usize {
        self.splits
    }

    fn available(&self, person: usize, rota: usize, slice: usize) -> bool {
        !self.held.get(person, slice)
            && !self.off.get(person, slice)
            && self.is_member(rota, slice, person)
    }

    /// Is `person` a member of the lane's rota on a slice where the lane
    /// needs someone?
    fn is_member(&self, lane: usize, slice: usize, person: usize) -> bool {
        self.member_throughout(lane, person, slice, slice + 1)
    }

    /// Is `person` a member of the lane's rota on every slice of `[a, b)`,
    /// and does the lane need someone on each? A cover is looked at once
    /// however many slices in a row have it.
    fn member_throughout(&self, lane: usize, person: usize, a: usize, b: usize) -> bool {
        let (rota, role) = self.lane_of(lane);
        let mut seen = None;
        (a..b).all(|d| match self.cov.cover_number(rota, d) {
            None => false,
            Some(n) if seen == Some(n) => true,
            Some(n) => {
                seen = Some(n);
                let c = self.cov.numbered_cover(n);
                (!role.is_secondary() || c.secondary) && c.members.binary_search(&person).is_ok()
            }
        })
    }

    /// Does the lane's rota have the same cover on every slice of `[a, b)`?
    /// Then whoever is a member on the first is a member throughout.
    fn one_cover(&self, lane: usize, a: usize, b: usize) -> bool {
        let rota = self.lane_rota[lane];
        let first = self.cov.cover_number(rota, a);
        first.is_some() && (a + 1..b).all(|d| self.cov.cover_number(rota, d) == first)
    }

    /// Who of `able` (free members with their keys, breaches not counted
    /// yet) takes slices `[a, b)` whole, and the shift of the existing
    /// schedule it keeps, if anyone. Breaches are counted only for the
    /// members that could be chosen, in the order they would be: the first
    /// without one is the choice, as if every key had been counted.
    fn take_whole(
        &self,
        lane: usize,
        a: usize,
        b: usize,
        able: &mut [(Key, usize)],
    ) -> Option<(usize, Option<usize>)> {
        let (best, first) = self.least_key(lane, a, b, able)?;
        // A freed shift goes back to its holder when that is no worse on rest.
        if !self.preferred.is_empty()
            && let Some(&(holder, len, origin)) = self.preferred.get(&(lane, a))
            && len == b - a
            && able
                .iter_mut()
                .find(|(_, p)| *p == holder)
                .is_some_and(|e| self.counted(lane, a, b, e) == best.0)
        {
            return Some((holder, Some(origin)));
        }
        // A window with weekend or holiday slices goes to whoever has had
        // the fewest of them, among those within one shift of the least
        // loaded (and with no worse rest): weekends even out as they come.
        if self.heavy(a, b) == 0 {
            return Some((first, None));
        }
        let most = best.1 + (b - a) as i64;
        let order = |k: &Key| (k.3, k.1, k.2, k.4);
        // The first in that order is most often the one: tried before
        // sorting them all (the order has no ties: the rank is last).
        let within = |e: &(Key, usize)| e.0.1 <= most;
        if let Some(e) = able
            .iter_mut()
            .filter(|e| within(e))
            .min_by_key(|e| order(&e.0))
            && self.counted(lane, a, b, e) == best.0
        {
            return Some((e.1, None));
        }
        able.sort_unstable_by_key(|e| order(&e.0));
        for e in able.iter_mut().filter(|e| within(e)) {
            if self.counted(lane, a, b, e) == best.0 {
                return Some((e.1, None));
            }
        }
        None
    }

    /// Of `able` (members with their keys, breaches not counted yet), the
    /// least key on slices `[a, b)` once counted: the first member without
    /// a breach in the order of the rest of the key, else the least of all.
    /// Breaches are counted only as far as that needs.
    fn least_key(
        &self,
        lane: usize,
        a: usize,
        b: usize,
        able: &mut [(Key, usize)],
    ) -> Option<(Key, usize)> {
        let order = |k: &Key| (k.1, k.2, k.3, k.4);
        // The first in that order most often breaks nothing, and is then the
        // choice without sorting them all (the order has no ties).
        let first = able.iter_mut().min_by_key(|e| order(&e.0))?;
        if self.counted(lane, a, b, first) == 0 {
            return Some(*first);
        }
        able.sort_unstable_by_key(|e| order(&e.0));
        match able
            .iter_mut()
            .position(|e| self.counted(lane, a, b, e) == 0)
        {
            Some(i) => Some(able[i]),
            None => able.iter().min().copied(),
        }
    }

    /// The breaches of a member of a list like `able` on slices `[a, b)`
    /// of a lane, counted the first time they are asked for.
    fn counted(&self, lane: usize, a: usize, b: usize, (key, person): &mut (Key, usize)) -> u8 {
        if key.0 == UNCOUNTED {
            key.0 = self.breaches(lane, *person, a, b, 0);
        }
        key.0
    }

    /// [`Planner::available_throughout`]; for a member of the lane's rota on
    /// slice `a`, `one_cover` (see [`Planner::one_cover`]) says they are one
    /// throughout, and membership is not looked up again.
    fn free_member(&self, lane: usize, person: usize, a: usize, b: usize, one_cover: bool) -> bool {
        self.held.count(person, a, b) == 0
            && self.off.count(person, a, b) == 0
            && (one_cover || self.member_throughout(lane, person, a, b))
    }

    /// Is `person` free (neither on call nor off) and a member of the lane's
    /// rota on every slice of `[a, b)`?
    fn available_throughout(&self, person: usize, lane: usize, a: usize, b: usize) -> bool {
        self.free_member(lane, person, a, b, false)
    }

    /// Would `person` as secondary of a lane on slices from `a` on follow
    /// straight after their own primary shift of the same rota? Soft: the
    /// secondary is someone else unless the rota is too small.
    fn follows_own_primary(&self, lane: usize, person: usize, a: usize, ignore: u32) -> bool {
        let (rota, role) = self.lane_of(lane);
        if !role.is_secondary() || a == 0 {
            return false;
        }
        let b = self.busy[person * self.slices + a - 1];
        b != 0 && b != ignore && self.segments[b as usize - 1].rota == rota
    }

    /// Would `person` on slices `[a, b)` break a rest rule? Slices held by the
    /// segment `ignore` (index + 1, or 0) count as free.
    fn rest_breach(&self, person: usize, a: usize, b: usize, ignore: u32) -> bool {
        let row = &self.busy[person * self.slices..(person + 1) * self.slices];
        let held = |d: usize| self.held.get(person, d) && (ignore == 0 || row[d] != ignore);
        if self.rest > 0 {
            let before = a.saturating_sub(self.rest)..a;
            let after = b..(b + self.rest).min(self.slices);
            if before.chain(after).any(held) {
                return true;
            }
        }
        let mut run = b - a;
        let mut d = a;
        while d > 0 && held(d - 1) {
            d -= 1;
            run += 1;
        }
        let mut d = b;
        while d < self.slices && held(d) {
            d += 1;
            run += 1;
        }
        run > self.max_run
    }

    fn set_busy(&mut self, person: usize, slice: usize, segment: u32) {
        self.busy[person * self.slices + slice] = segment;
        self.held.set(person, slice, segment != 0);
        self.held_version[person] += 1;
    }

    /// How many of slices `[a, b)` `person` holds.
    fn held_between(&self, person: usize, a: usize, b: usize) -> usize {
        self.held.count(person, a, b)
    }

    /// Would `person` on slices `[a, b)` be on call more than the rules'
    /// share of some 28-slice window that holds those slices? Measured as the
    /// `oncall-share` warning measures it; slices held by `ignore` count as
    /// free.
    fn share_breach(&self, person: usize, a: usize, b: usize, ignore: u32) -> bool {
        let row = &self.busy[person * self.slices..(person + 1) * self.slices];
        let held = |d: usize| self.held.get(person, d) && (ignore == 0 || row[d] != ignore);
        // Only the windows that hold a slice of `[a, b)`.
        let lo = a.saturating_sub(SHARE_WINDOW - 1);
        let hi = (b + SHARE_WINDOW - 1).min(self.slices);
        // Cheap first: no window can hold more than all of these.
        let mut around = self.held_between(person, lo, hi);
        if let Some(s) = (ignore as usize)
            .checked_sub(1)
            .and_then(|i| self.segments.get(i))
        {
            around -= (s.first.max(lo)..(s.first + s.len).min(hi))
                .filter(|&d| row[d] == ignore)
                .count();
        }
        if self.share_allowed.is_some_and(|n| around + (b - a) <= n) {
            return false;
        }
        let on = |d: usize| (a..b).contains(&d) || held(d);
        let (busiest, _) = busiest_window(hi - lo, |d| on(lo + d));
        share_exceeded(&self.org.rules, busiest)
    }

    /// How many soft rules of the first rank `person` on slices `[a, b)`
    /// would break: rest (between shifts, consecutive slices) and the
    /// on-call share, 0 to 2. Counted rather than merged so that on a rota
    /// too small to keep the share, rest is still kept.
    fn breaches(&self, lane: usize, person: usize, a: usize, b: usize, ignore: u32) -> u8 {
        let (rest, share) = self.rest_and_share(person, a, b, ignore);
        u8::from(rest)
            + u8::from(share)
            + u8::from(self.follows_own_primary(lane, person, a, ignore))
    }

    /// [`Planner::breaches`] by kind: rest (with a secondary straight after
    /// one's own primary), then the on-call share. While the spread comes
    /// first a change may not trade one kind for the other.
    fn breach_kinds(&self, lane: usize, person: usize, a: usize, b: usize, ignore: u32) -> [u8; 2] {
        let (rest, share) = self.rest_and_share(person, a, b, ignore);
        [
            u8::from(rest) + u8::from(self.follows_own_primary(lane, person, a, ignore)),
            u8::from(share),
        ]
    }

    /// [`Planner::breach_kinds`] of segment `i` with its holder. They depend
    /// on the holder's slices alone, and on those near the shift only, and
    /// the searches ask them of every shift in every round while few
    /// holders change: each is kept until its holder's slices change, and
    /// then still while the slices near it are as they were (most changes
    /// are elsewhere, or tried and undone).
    fn own_kinds(&self, i: usize) -> [u8; 2] {
        let s = &self.segments[i];
        let version = self.held_version[s.person];
        let seen = self.own_kinds[i].get();
        if seen.person == s.person && seen.version == version {
            return seen.kinds;
        }
        let near = self.near_slices(s.rota, s.person, s.first, s.first + s.len);
        if seen.person == s.person && near.is_some() && seen.near == near {
            self.own_kinds[i].set(OwnKinds { version, ..seen });
            return seen.kinds;
        }
        let kinds = self.breach_kinds(s.rota, s.person, s.first, s.first + s.len, i as u32 + 1);
        self.own_kinds[i].set(OwnKinds {
            person: s.person,
            version,
            near,
            kinds,
        });
        kinds
    }

    /// What [`Planner::breach_kinds`] of `person` on slices `[a, b)` of
    /// `lane` reads, where [`Planner::rest_and_share`] reads it in one
    /// number: the slices they hold around the shift, and for a secondary
    /// the shift they hold just before it. `None` for a longer shift.
    fn near_slices(&self, lane: usize, person: usize, a: usize, b: usize) -> Option<(u128, u32)> {
        let (lo, hi) = self.rule_window(a, b)?;
        let before = if self.lane_role[lane].is_secondary() && a > 0 {
            self.busy[person * self.slices + a - 1]
        } else {
            0
        };
        Some((self.held.range(person, lo, hi), before))
    }

    /// The slices around `[a, b)` whose holding decides the rest and share
    /// rules there, when they fit in one number (every shift up to two
    /// months long): far enough either side that a run longer than allowed
    /// or a share window is seen whole, or reaches the edge of what is
    /// looked at and is then too long anyway.
    fn rule_window(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        let margin = (SHARE_WINDOW - 1).max(self.rest).max(self.max_run + 1);
        let lo = a.saturating_sub(margin);
        let hi = (b + margin).min(self.slices);
        (hi - lo <= 128).then_some((lo, hi))
    }

    /// [`Planner::breaches`] of segment `i` with its holder.
    fn own_breaches(&self, i: usize) -> u8 {
        let [rest, share] = self.own_kinds(i);
        rest + share
    }

    /// [`Planner::rest_breach`] and [`Planner::share_breach`], answered
    /// together from the bits of the slices around `[a, b)` when they fit in
    /// one number (every shift up to two months long), else one by one.
    fn rest_and_share(&self, person: usize, a: usize, b: usize, ignore: u32) -> (bool, bool) {
        let Some((lo, hi)) = self.rule_window(a, b) else {
            return (
                self.rest_breach(person, a, b, ignore),
                self.share_breach(person, a, b, ignore),
            );
        };
        let held = self.held_bits(person, lo, hi, ignore);
        let (a, b, n) = (a - lo, b - lo, hi - lo);
        let rest = {
            let near = if self.rest > 0 {
                // Slices `[a - rest, a)` and `[b, b + rest)`.
                (ones(a) & !ones(a.saturating_sub(self.rest)))
                    | (ones((b + self.rest).min(n)) & !ones(b))
            } else {
                0
            };
            let run_before = if a == 0 {
                0
            } else {
                (held << (128 - a)).leading_ones()
            };
            let run_after = held.checked_shr(b as u32).unwrap_or(0).trailing_ones();
            held & near != 0 || b - a + (run_before + run_after) as usize > self.max_run
        };
        // The share windows that hold a slice of `[a, b)`, from `from` on.
        let from = a.saturating_sub(SHARE_WINDOW - 1);
        let len = (b + SHARE_WINDOW - 1).min(n) - from;
        let around = held >> from & ones(len);
        if self
            .share_allowed
            .is_some_and(|m| around.count_ones() as usize + (b - a) <= m)
        {
            return (rest, false);
        }
        let on = around | ones(b - a) << (a - from);
        let window = SHARE_WINDOW.min(len);
        let bit = |k: usize| (on >> k & 1) as usize;
        let mut count = (on & ones(window)).count_ones() as usize;
        let mut busiest = count;
        for k in 1..=len - window {
            count = count + bit(k + window - 1) - bit(k - 1);
            busiest = busiest.max(count);
        }
        (rest, share_exceeded(&self.org.rules, busiest))
    }

    /// Slices `[lo, hi)` that `person` holds, other than those of segment
    /// `ignore` (index + 1, or 0), as bits, slice `lo` lowest; at most 128.
    fn held_bits(&self, person: usize, lo: usize, hi: usize, ignore: u32) -> u128 {
        let mut held = self.held.range(person, lo, hi);
        if let Some(s) = (ignore as usize)
            .checked_sub(1)
            .and_then(|i| self.segments.get(i))
        {
            let from = s.first.max(lo);
            let to = (s.first + s.len).min(hi).max(from);
            let row = &self.busy[person * self.slices + from..person * self.slices + to];
            for (d, &b) in (from..).zip(row) {
                if b == ignore {
                    held &= !(1u128 << (d - lo));
                }
            }
        }
        held
    }

    fn key(&self, lane: usize, person: usize, a: usize, b: usize, ignore: u32) -> Key {
        let mut key = self.uncounted_key(lane, person);
        key.0 = self.breaches(lane, person, a, b, ignore);
        key
    }

    /// [`Planner::key`] without the breaches, [`UNCOUNTED`] in their place.
    fn uncounted_key(&self, lane: usize, person: usize) -> Key {
        let balance = match self.lane_role[lane] {
            Role::Primary => self.primary_load[person],
            Role::Secondary => -self.primary_load[person],
        };
        (
            UNCOUNTED,
            self.load[person],
            balance,
            self.heavy_load[person],
            self.rank[person],
        )
    }

    fn heavy(&self, a: usize, b: usize) -> i64 {
        self.heavy_slice[a..b].iter().filter(|&&h| h).count() as i64
    }

    fn add(
        &mut self,
        rota: usize,
        person: usize,
        first: usize,
        len: usize,
        pinned: bool,
        origin: Option<usize>,
    ) -> usize {
        let index = self.segments.len();
        let heavy = self.heavy(first, first + len);
        self.segments.push(Segment {
            rota,
            person,
            first,
            len,
            pinned,
            origin,
            heavy,
        });
        self.own_kinds.push(std::cell::Cell::new(OwnKinds::UNKNOWN));
        for d in first..first + len {
            let c = &mut self.covered[rota * self.slices + d];
            if *c == 0 {
                *c = index as u32 + 1;
            }
            self.set_busy(person, d, index as u32 + 1);
        }
        self.load[person] += len as i64;
        self.heavy_load[person] += heavy;
        if !self.lane_role[rota].is_secondary() {
            self.primary_load[person] += len as i64;
        }
        self.by_person[person].push(index);
        index
    }

    /// Gives a shift that was freed for re-planning back to the person who
    /// held it, when the plan has it whole (same rota and days) under
    /// someone else and giving it back adds no rest or share breach: a
    /// re-plan keeps what it need not move. `origin` is what the shift
    /// becomes when it goes back. Returns whether it went back.
    pub fn restore(
        &mut self,
        rota: usize,
        person: usize,
        first: usize,
        len: usize,
        origin: usize,
    ) -> bool {
        let Some(index) = self.covered[rota * self.slices + first].checked_sub(1) else {
            return false;
        };
        let index = index as usize;
        let s = self.segments[index];
        if s.pinned || s.first != first || s.len != len || s.person == person {
            return false;
        }
        let ii = index as u32 + 1;
        if !self.can_take(person, index, 0)
            || self.breaches(rota, person, first, first + len, 0)
                > self.breaches(rota, s.person, first, first + len, ii)
        {
            return false;
        }
        self.reassign(index, person);
        self.segments[index].origin = Some(origin);
        true
    }

    /// Gives a segment to someone else.
    fn reassign(&mut self, index: usize, to: usize) {
        self.release(index);
        self.give(index, to);
    }

    /// Takes a segment from its holder: their slices are free and their
    /// loads without it. The segment holds nobody until [`Planner::give`].
    fn release(&mut self, index: usize) {
        let s = self.segments[index];
        for d in s.slice_range() {
            self.set_busy(s.person, d, 0);
        }
        self.load[s.person] -= s.len as i64;
        self.heavy_load[s.person] -= s.heavy;
        if !self.lane_role[s.rota].is_secondary() {
            self.primary_load[s.person] -= s.len as i64;
        }
        self.by_person[s.person].retain(|&i| i != index);
        self.clock += 1;
        self.changed_at[s.person] = self.clock;
        self.load_changed(s.person);
    }

    /// Gives a released segment to `to`.
    fn give(&mut self, index: usize, to: usize) {
        let s = self.segments[index];
        for d in s.slice_range() {
            self.set_busy(to, d, index as u32 + 1);
        }
        self.load[to] += s.len as i64;
        self.heavy_load[to] += s.heavy;
        if !self.lane_role[s.rota].is_secondary() {
            self.primary_load[to] += s.len as i64;
        }
        self.by_person[to].push(index);
        self.clock += 1;
        self.changed_at[to] = self.clock;
        self.load_changed(to);
        let seg = &mut self.segments[index];
        seg.person = to;
        seg.origin = None;
    }

    /// Gives every needed slice not yet held to someone, window by window in
    /// time order. The plan does this and [`Planner::improve`] together,
    /// group by group ([`Planner::fill_and_improve`]); the tests one after
    /// the other.
    #[cfg(test)]
    pub fn fill(&mut self) {
        self.fill_windows();
        self.repair_unfilled();
    }

    #[cfg(test)]
    fn fill_windows(&mut self) {
        self.sort_windows();
        self.fill_windows_in(0..self.windows.len());
    }

    /// Puts the windows group by group (see [`Planner::groups`]), each in
    /// time order, and returns where each group's are.
    fn sort_windows(&mut self) -> Vec<std::ops::Range<usize>> {
        let groups = self.groups();
        let lane_rota = &self.lane_rota;
        let of = |&(_, lane, _): &(usize, usize, usize)| groups.of_rota[lane_rota[lane]];
        self.windows.sort_by_key(of);
        let mut ranges = vec![0..0; groups.count];
        let mut w = 0;
        while w < self.windows.len() {
            let group = of(&self.windows[w]);
            let end = w + self.windows[w..]
                .iter()
                .take_while(|x| of(x) == group)
                .count();
            ranges[group] = w..end;
            w = end;
        }
        ranges
    }

    /// Fills windows `range` in order.
    fn fill_windows_in(&mut self, range: std::ops::Range<usize>) {
        for w in range {
            let (first, rota, len) = self.windows[w];
            let end = first + len;
            let mut d = first.max(self.frozen);
            let taken = |p: &Self, d: usize| {
                p.covered[rota * p.slices + d] != 0 || p.held_verbatim[rota * p.slices + d]
            };
            while d < end {
                if taken(self, d) {
                    d += 1;
                    continue;
                }
                let mut e = d + 1;
                while e < end && !taken(self, e) {
                    e += 1;
                }
                self.fill_run(rota, d, e);
                d = e;
            }
        }
    }

    /// The members of a lane's rota on a slice where the lane needs someone.
    fn members(&self, lane: usize, slice: usize) -> &'a [usize] {
        let (rota, role) = self.lane_of(lane);
        self.cov
            .cover(rota, slice)
            .filter(|c| !role.is_secondary() || c.secondary)
            .map(|c| c.members.as_slice())
            .unwrap_or(&[])
    }

    /// Gives slices `[a, b)` of a rota to one member when anyone can take them
    /// all, else to the fewest cover segments.
    fn fill_run(&mut self, rota: usize, a: usize, b: usize) {
        // Who is free and a member throughout, with their keys; the list is
        // kept between calls.
        let mut able = std::mem::take(&mut self.able);
        able.clear();
        let one_cover = self.one_cover(rota, a, b);
        able.extend(
            self.members(rota, a)
                .iter()
                .copied()
                .filter(|&p| self.free_member(rota, p, a, b, one_cover))
                .map(|p| (self.uncounted_key(rota, p), p)),
        );
        let whole = self.take_whole(rota, a, b, &mut able);
        self.able = able;
        if let Some((p, origin)) = whole {
            self.add(rota, p, a, b - a, false, origin);
            return;
        }
        // Nobody can take it whole: from each slice on, the member who can go
        // furthest takes it (the fewest segments), the fairest among equals.
        let mut segments = 0;
        let mut d = a;
        while d < b {
            let best = self
                .members(rota, d)
                .iter()
                .copied()
                .filter_map(|p| {
                    let reach = (d..b).take_while(|&x| self.available(p, rota, x)).count();
                    (reach > 0).then(|| {
                        (
                            std::cmp::Reverse(reach),
                            self.key(rota, p, d, d + reach, 0),
                            p,
                        )
                    })
                })
                .min();
            match best {
                Some((std::cmp::Reverse(reach), _, p)) => {
                    self.add(rota, p, d, reach, false, None);
                    segments += 1;
                    d += reach;
                }
                None => {
                    self.unfilled.push((rota, d));
                    d += 1;
                }
            }
        }
        if segments > 0 {
            self.splits += 1;
        }
    }

    /// A slice left unfilled because every free member was already on
    /// another rota: when someone else can take that other shift whole, move
    /// it to them and give the freed member this slice.
    fn repair_unfilled(&mut self) {
        self.repair_unfilled_from(0);
    }

    /// [`Planner::repair_unfilled`] on the unfilled slices from the
    /// `from`th on.
    fn repair_unfilled_from(&mut self, from: usize) {
        let unfilled = self.unfilled.split_off(from);
        for (rota, slice) in unfilled {
            if self.covered[rota * self.slices + slice] != 0 || !self.repair(rota, slice) {
                self.unfilled.push((rota, slice));
            }
        }
    }

    fn repair(&mut self, rota: usize, slice: usize) -> bool {
        for &m in self.members(rota, slice) {
            let x = m * self.slices + slice;
            if self.off.get(m, slice) || !self.held.get(m, slice) {
                continue;
            }
            let k = self.busy[x] as usize - 1;
            let held = self.segments[k];
            if held.pinned || held.rota == rota {
                continue;
            }
            let stand_in = self
                .members(held.rota, held.first)
                .iter()
                .copied()
                .filter(|&q| q != m && self.can_take(q, k, 0))
                .min_by_key(|&q| self.key(held.rota, q, held.first, held.first + held.len, 0));
            if let Some(q) = stand_in {
                self.reassign(k, q);
                self.add(rota, m, slice, 1, false, None);
                return true;
            }
        }
        false
    }

    /// Can `person` take segment `index` (other than slices held by `ignore`)?
    fn can_take(&self, person: usize, index: usize, ignore: u32) -> bool {
        let s = &self.segments[index];
        let (a, b) = (s.first, s.first + s.len);
        if ignore == 0 {
            return self.available_throughout(person, s.rota, a, b);
        }
        self.off.count(person, a, b) == 0
            && self.member_throughout(s.rota, person, a, b)
            && (a..b)
                .all(|d| !self.held.get(person, d) || self.busy[person * self.slices + d] == ignore)
    }

    /// Moves and swaps shifts while that strictly improves fairness without
    /// adding a rest or share breach, group by group (see
    /// [`Planner::groups`]). The plan does this with the fill, on threads
    /// ([`Planner::fill_and_improve`]); the tests one after the other.
    #[cfg(test)]
    pub fn improve(&mut self) {
        self.improve_here();
    }

    /// [`Planner::fill`], then [`Planner::improve`]: with threads, each of
    /// the groups where people share rotas is filled and improved on one,
    /// which gives what filling every group and then improving every group
    /// gives (groups are independent, and each is filled in its own time
    /// order either way).
    pub fn fill_and_improve(&mut self) {
        self.fill_and_improve_on(workers());
    }

    fn fill_and_improve_on(&mut self, workers: usize) {
        let windows = self.sort_windows();
        let groups = self.groups();
        let census = self.census(&groups);
        let shared = census.shared();
        let in_shared: usize = shared.iter().map(|&group| windows[group].len()).sum();
        let workers = threads_for(workers, &shared, in_shared, self.windows.len());
        if workers <= 1 {
            self.fill_windows_in(0..self.windows.len());
            self.repair_unfilled();
            self.improve_here();
            return;
        }
        // The shifts there before the fill (pinned, kept), by group.
        let mut before: Vec<Vec<usize>> = vec![Vec::new(); groups.count];
        for (i, s) in self.segments.iter().enumerate() {
            before[groups.of_rota[self.lane_rota[s.rota]]].push(i);
        }
        // The costliest first: chains move the longer shifts, and cost
        // with their length.
        let weight = |group: usize| -> usize {
            self.windows[windows[group].clone()]
                .iter()
                .map(|&(_, _, len)| len.pow(2))
                .sum()
        };
        let mut shared = shared;
        shared.sort_by_cached_key(|&group| std::cmp::Reverse(weight(group)));
        let (windows, before) = (&windows, &before);
        self.on_threads(
            workers,
            &groups,
            &shared,
            |planner| {
                for group in 0..groups.count {
                    if census.rotas_in[group] <= 1 {
                        let grown = planner.fill_group(windows[group].clone(), &before[group]);
                        planner.improve_group(&grown.shifts, census.lanes_in[group] > 1);
                    }
                }
            },
            |planner, group| {
                let grown = planner.fill_group(windows[group].clone(), &before[group]);
                planner.improve_shared(&grown.shifts);
                grown
            },
        );
    }

    /// [`Planner::improve`] on this thread, group by group.
    fn improve_here(&mut self) {
        let groups = self.groups();
        let mut shifts: Vec<Vec<usize>> = vec![Vec::new(); groups.count];
        for (i, s) in self.segments.iter().enumerate() {
            shifts[groups.of_rota[self.lane_rota[s.rota]]].push(i);
        }
        let census = self.census(&groups);
        for (group, shifts) in shifts.iter().enumerate() {
            if census.rotas_in[group] <= 1 {
                self.improve_group(shifts, census.lanes_in[group] > 1);
            } else {
                self.improve_shared(shifts);
            }
        }
    }

    /// How many lanes and rotas each group has: a rota's primary and
    /// secondary are two lanes.
    fn census(&self, groups: &Groups) -> Census {
        let mut lanes_in = vec![0usize; groups.count];
        for &rota in &self.lane_rota {
            lanes_in[groups.of_rota[rota]] += 1;
        }
        let mut rotas_in = vec![0usize; groups.count];
        for &group in &groups.of_rota {
            rotas_in[group] += 1;
        }
        #[cfg(test)]
        if EVERY_GROUP_SHARED.with(std::cell::Cell::get) {
            lanes_in.fill(2);
        }
        Census { lanes_in, rotas_in }
    }

    /// Plans groups on up to `workers` threads. Groups are independent (each
    /// reads and writes only its own members' time and loads, and its own
    /// shifts), so a group planned on a copy of the planner and taken back
    /// from it is the group planned here: the plan is the same however many
    /// threads, and in whatever order they take the groups. This thread
    /// runs `first` on itself, then it and a thread for each copy take the
    /// groups of `queue` in turn and run `plan` on them; then each group
    /// planned on a copy is taken back ([`Planner::adopt`]).
    fn on_threads<'s>(
        &'s mut self,
        workers: usize,
        groups: &Groups,
        queue: &[usize],
        first: impl FnOnce(&mut Self),
        plan: impl Fn(&mut Self, usize) -> Grown + Sync,
    ) where
        'a: 's,
    {
        self.rotas_of_people();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let take = || {
            queue
                .get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                .copied()
        };
        let copies: Vec<Planner<'a>> = (1..workers).map(|_| self.clone()).collect();
        let plan = &plan;
        let done: Vec<(Planner<'a>, Vec<(usize, Grown)>)> = std::thread::scope(|scope| {
            let threads: Vec<_> = copies
                .into_iter()
                .map(|mut planner| {
                    scope.spawn(move || {
                        let mut planned = Vec::new();
                        while let Some(group) = take() {
                            planned.push((group, plan(&mut planner, group)));
                        }
                        (planner, planned)
                    })
                })
                .collect();
            first(self);
            while let Some(group) = take() {
                plan(self, group);
            }
            threads
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        let mut lanes: Vec<Vec<usize>> = vec![Vec::new(); groups.count];
        for (lane, &rota) in self.lane_rota.iter().enumerate() {
            lanes[groups.of_rota[rota]].push(lane);
        }
        for (planner, planned) in done {
            for (group, grown) in planned {
                self.adopt(&planner, &grown, &groups.people[group], &lanes[group]);
            }
        }
    }

    /// Fills windows `windows` (one group's, see [`Planner::sort_windows`])
    /// and mends what they left unfilled where it can; `before` are the
    /// group's shifts from before the fill.
    fn fill_group(&mut self, windows: std::ops::Range<usize>, before: &[usize]) -> Grown {
        let (first, unfilled, splits) = (self.segments.len(), self.unfilled.len(), self.splits);
        self.fill_windows_in(windows);
        self.repair_unfilled_from(unfilled);
        let count = self.segments.len() - first;
        Grown {
            shifts: before.iter().copied().chain(first..first + count).collect(),
            first,
            count,
            unfilled: self.unfilled[unfilled..].to_vec(),
            splits: self.splits - splits,
        }
    }

    /// [`Planner::improve`] on a group where people are on more than one
    /// rota.
    fn improve_shared(&mut self, shifts: &[usize]) {
        // The search by the squares first, then with the spread first,
        // then the rotas of weeks tried at one level (see [`flatten`])
        // and the daily rotas' slices traded between them (see
        // [`trade`]); but on a schedule being re-planned, with the
        // spread first only: a plan this made is where that search
        // ends, and the squares alone would move kept shifts back out
        // of it.
        let kept = shifts.iter().any(|&i| {
            let s = &self.segments[i];
            s.origin.is_some() && !s.pinned
        });
        if !kept {
            self.improve_group(shifts, true);
        }
        self.spread_improve(shifts);
        #[cfg(test)]
        if NO_FLATTEN.with(std::cell::Cell::get) {
            return;
        }
        if !kept {
            self.flatten(shifts);
            #[cfg(test)]
            if NO_TRADE.with(std::cell::Cell::get) {
                return;
            }
            self.trade(shifts);
        }
    }

    /// Takes a group as `other` planned it ([`Grown`]): its shifts, its
    /// people's time, loads and marks, its lanes' cover, and what it left
    /// unfilled. The shifts `other` added get the next indices here, in the
    /// order it added them (nothing depends on a shift's index but the
    /// order of a group's shifts).
    fn adopt(&mut self, other: &Planner, grown: &Grown, people: &[usize], lanes: &[usize]) {
        let here = self.segments.len();
        let added = grown.first..grown.first + grown.count;
        let index = |i: usize| {
            if added.contains(&i) {
                i - grown.first + here
            } else {
                i
            }
        };
        let slot = |v: u32| {
            if v == 0 {
                0
            } else {
                index(v as usize - 1) as u32 + 1
            }
        };
        for &i in &grown.shifts {
            let at = index(i);
            // What the breaches were counted from names the shift before
            // by its index there.
            let mut kinds = other.own_kinds[i].get();
            kinds.near = kinds.near.map(|(held, before)| (held, slot(before)));
            if at == self.segments.len() {
                self.segments.push(other.segments[i]);
                self.own_kinds.push(std::cell::Cell::new(kinds));
            } else {
                self.segments[at] = other.segments[i];
                self.own_kinds[at].set(kinds);
            }
        }
        let segments = self.segments.len();
        for (mine, theirs) in [
            (&mut self.failed_at, &other.failed_at),
            (&mut self.failed_cross, &other.failed_cross),
            (&mut self.failed_repair, &other.failed_repair),
        ] {
            if theirs.is_empty() {
                continue;
            }
            if mine.len() < segments {
                mine.resize(segments, 0);
            }
            for &i in &grown.shifts {
                if let Some(&f) = theirs.get(i) {
                    mine[index(i)] = f;
                }
            }
        }
        let n = self.slices;
        for &p in people {
            self.load[p] = other.load[p];
            self.heavy_load[p] = other.heavy_load[p];
            self.primary_load[p] = other.primary_load[p];
            self.changed_at[p] = other.changed_at[p];
            self.held_version[p] = other.held_version[p];
            self.by_person[p].clear();
            self.by_person[p].extend(other.by_person[p].iter().map(|&i| index(i)));
            for (mine, &theirs) in self.busy[p * n..(p + 1) * n]
                .iter_mut()
                .zip(&other.busy[p * n..(p + 1) * n])
            {
                *mine = slot(theirs);
            }
            self.held.copy_row(&other.held, p);
        }
        for &lane in lanes {
            for (mine, &theirs) in self.covered[lane * n..(lane + 1) * n]
                .iter_mut()
                .zip(&other.covered[lane * n..(lane + 1) * n])
            {
                *mine = slot(theirs);
            }
        }
        self.unfilled.extend_from_slice(&grown.unfilled);
        self.splits += grown.splits;
        self.clock = self.clock.max(other.clock);
    }

    /// [`Planner::improve`] on the shifts of one group of rotas (see
    /// [`Planner::groups`]), in index order. The passes for people on more
    /// than one lane need a group of more than one (`shared`): in a group of
    /// one lane nobody is on another, and a chain across lanes could only be
    /// a move or a swap.
    fn improve_group(&mut self, shifts: &[usize], shared: bool) {
        // Each change lowers the sum of squared loads (moves) or of squared
        // weekend loads at equal loads (swaps), so this ends; the bound is a
        // guard only.
        for round in 0..10_000 {
            rounds_taken(round);
            let repaired = self.repair_pass(shifts) || (shared && self.repair_chain_pass(shifts));
            let moved = self.move_pass(shifts);
            let swapped = self.chain_pass(shifts);
            // Chains across rotas only once the cheaper changes run out.
            let changed = repaired
                || moved
                || swapped
                || (shared
                    && (self.path_pass(shifts)
                        || self.level_pass(shifts)
                        || self.cross_pass(shifts)));
            if !changed {
                break;
            }
        }
    }

    /// Which rotas are planned together: rotas joined by a member (on any
    /// date of the horizon) or by the holder of a shift already given,
    /// and so on transitively. Nothing the fill or a change does to one
    /// group reaches another: each reads and writes only its own members'
    /// time and loads. So groups are planned one after the other, which
    /// gives the plan that interleaving them gives, while the planner's
    /// working set is one group's members rather than everyone. Worked out
    /// once: the fill gives shifts to members only, which joins nothing.
    fn groups(&mut self) -> std::sync::Arc<Groups> {
        if let Some(g) = &self.groups {
            return g.clone();
        }
        let rotas = self.cov.rotas.len();
        // Union-find over rotas (0..rotas) and people (rotas..).
        let mut parent: Vec<usize> = (0..rotas + self.load.len()).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        let join = |parent: &mut Vec<usize>, a: usize, b: usize| {
            let (a, b) = (root(parent, a), root(parent, b));
            parent[a.max(b)] = a.min(b);
        };
        let of = self.rotas_of_people();
        for (rota, members) in of.members.iter().enumerate() {
            for &m in members {
                join(&mut parent, rota, rotas + m);
            }
        }
        for s in &self.segments {
            join(&mut parent, self.lane_rota[s.rota], rotas + s.person);
        }
        let mut number = vec![usize::MAX; rotas];
        let mut of_rota = vec![0; rotas];
        let mut count = 0;
        for (rota, group) in of_rota.iter_mut().enumerate() {
            let r = root(&mut parent, rota);
            if number[r] == usize::MAX {
                number[r] = count;
                count += 1;
            }
            *group = number[r];
        }
        let mut people = vec![Vec::new(); count];
        for person in 0..self.load.len() {
            let r = root(&mut parent, rotas + person);
            if r < rotas {
                people[number[r]].push(person);
            }
        }
        let groups = std::sync::Arc::new(Groups {
            of_rota,
            people,
            count,
        });
        self.groups = Some(groups.clone());
        groups
    }

    fn move_pass(&mut self, shifts: &[usize]) -> bool {
        let mut changed = false;
        for &i in shifts {
            let s = self.segments[i];
            if s.pinned {
                continue;
            }
            // A move may not add a rest or share breach; it may trade one for
            // another. Counted only once someone could take the shift.
            let mut breaches_now = None;
            let best = self
                .members(s.rota, s.first)
                .iter()
                .copied()
                .filter(|&q| {
                    q != s.person
                        && self.load[q] + (s.len as i64) < self.load[s.person]
                        && self.can_take(q, i, 0)
                        && self.breaches(s.rota, q, s.first, s.first + s.len, 0)
                            <= *breaches_now.get_or_insert_with(|| self.own_breaches(i))
                })
                .min_by_key(|&q| self.key(s.rota, q, s.first, s.first + s.len, 0));
            if let Some(q) = best {
                self.reassign(i, q);
                changed = true;
            }
        }
        changed
    }

    /// Two-step changes: `q` takes shift `i` from `p` and hands one of its
    /// own shifts `j` to `r` (when `r` is `p`, a swap). Taken when it lowers
    /// the sum of squared loads, or at equal loads the sum of squared
    /// weekend and holiday loads, without adding a rest breach. Only shifts
    /// of people above the least loaded member by more than one slice are
    /// tried, which keeps this cheap on balanced rotas.
    fn chain_pass(&mut self, shifts: &[usize]) -> bool {
        let mut changed = false;
        for &i in shifts {
            let s = self.segments[i];
            if s.pinned {
                continue;
            }
            if !self.worth_trying(i, &self.failed_at) {
                continue;
            }
            if let Some((q, j, r)) = self.find_chain(i) {
                self.apply_chain(i, q, j, r);
                changed = true;
            } else {
                failed(&mut self.failed_at, i, self.segments.len(), self.clock);
            }
        }
        changed
    }

    /// Is segment `i` a shift of its rota's busiest (or weekend-busiest)
    /// member while someone is more than a slice behind them, that has not
    /// failed (`failed`, by segment) since a member of the rota changed?
    fn worth_trying(&self, i: usize, failed: &[u64]) -> bool {
        let s = self.segments[i];
        let members = self.members(s.rota, s.first);
        let (mut min_load, mut max_load) = (i64::MAX, i64::MIN);
        let (mut min_heavy, mut max_heavy) = (i64::MAX, i64::MIN);
        for &m in members {
            min_load = min_load.min(self.load[m]);
            max_load = max_load.max(self.load[m]);
            min_heavy = min_heavy.min(self.heavy_load[m]);
            max_heavy = max_heavy.max(self.heavy_load[m]);
        }
        let p = s.person;
        let by_load = self.load[p] == max_load && max_load - min_load > 1;
        let by_heavy = self.heavy_load[p] == max_heavy && max_heavy - min_heavy > 1;
        if !by_load && !by_heavy {
            return false;
        }
        let last_change = members
            .iter()
            .map(|&m| self.changed_at[m])
            .max()
            .unwrap_or(0);
        // 0: never failed (the clock starts at 1).
        !failed.get(i).is_some_and(|&f| f != 0 && f >= last_change)
    }

    fn find_chain(&self, i: usize) -> Option<(usize, usize, usize)> {
        let s = self.segments[i];
        let p = s.person;
        let ii = i as u32 + 1;
        let members = self.members(s.rota, s.first);
        // Who may end up with the passed-on shift: someone less busy than
        // `p`, or `p` itself (a swap).
        let targets: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&r| {
                r == p
                    || self.load[r] + 1 < self.load[p]
                    || (self.load[r] <= self.load[p] && self.heavy_load[r] + 1 < self.heavy_load[p])
            })
            .collect();
        let mut p_now: Option<u8> = None;
        let mut shapes: Vec<((usize, i64), std::ops::Range<usize>)> = Vec::new();
        let mut better: Vec<usize> = Vec::new();
        // Every member on the first slice is one throughout when the cover
        // does not change within the shift.
        let one_cover = self.one_cover(s.rota, s.first, s.first + s.len);
        for &q in members {
            if q == p || !(one_cover || self.member_throughout(s.rota, q, s.first, s.first + s.len))
            {
                continue;
            }
            // `q` can take `s` only if at most one of its shifts is in the way.
            let mut block = 0u32;
            let mut possible = true;
            for d in s.slice_range() {
                let b = if self.held.get(q, d) {
                    self.busy[q * self.slices + d]
                } else {
                    0
                };
                if self.off.get(q, d) || (b != 0 && block != 0 && b != block) {
                    possible = false;
                    break;
                }
                if b != 0 {
                    block = b;
                }
            }
            if !possible {
                continue;
            }
            let single;
            let candidates: &[usize] = if block == 0 {
                &self.by_person[q]
            } else {
                single = [block as usize - 1];
                &single
            };
            // Whether a chain is better depends on `t` only by its length
            // and weekend slices: the targets it is better through are
            // worked out once for each such shape of `q`'s shifts.
            shapes.clear();
            better.clear();
            for &j in candidates {
                let t = self.segments[j];
                let jj = j as u32 + 1;
                if t.pinned || j == i {
                    continue;
                }
                let shape = (t.len, t.heavy);
                let through = match shapes.iter().find(|(k, _)| *k == shape) {
                    Some((_, range)) => range.clone(),
                    None => {
                        let from = better.len();
                        better.extend(
                            targets
                                .iter()
                                .copied()
                                .filter(|&r| r != q && self.better_chain(&s, &t, p, q, r)),
                        );
                        shapes.push((shape, from..better.len()));
                        from..better.len()
                    }
                };
                let mut q_breaches: Option<(u8, u8)> = None;
                for &r in &better[through] {
                    let ignore = if r == p { ii } else { 0 };
                    if !self.can_take(r, j, ignore) {
                        continue;
                    }
                    // Only `r`'s part depends on `r`: the rest is counted once.
                    let p_now = *p_now.get_or_insert_with(|| self.own_breaches(i));
                    let (q_now, q_then) = *q_breaches.get_or_insert_with(|| {
                        (
                            self.breaches(t.rota, q, t.first, t.first + t.len, jj),
                            self.breaches(s.rota, q, s.first, s.first + s.len, jj),
                        )
                    });
                    let before = p_now + q_now;
                    let after = q_then + self.breaches(t.rota, r, t.first, t.first + t.len, ignore);
                    if after <= before {
                        return Some((q, j, r));
                    }
                }
            }
        }
        None
    }

    /// Does `p` → `q` (shift `s`), `q` → `r` (shift `t`) lower the sums of
    /// squares, loads first?
    fn better_chain(&self, s: &Segment, t: &Segment, p: usize, q: usize, r: usize) -> bool {
        // `q` is never `p` or `r`; `r` may be `p` (a swap).
        let delta = |v: &[i64], si: i64, ti: i64| -> i64 {
            let sq = |x: i64| x * x;
            let (vp, vq) = (v[p], v[q]);
            let through_q = sq(vq + si - ti) - sq(vq);
            if r == p {
                sq(vp - si + ti) - sq(vp) + through_q
            } else {
                let vr = v[r];
                sq(vp - si) - sq(vp) + through_q + sq(vr + ti) - sq(vr)
            }
        };
        let loads = delta(&self.load, s.len as i64, t.len as i64);
        if loads != 0 {
            return loads < 0;
        }
        delta(&self.heavy_load, s.heavy, t.heavy) < 0
    }

    fn apply_chain(&mut self, i: usize, q: usize, j: usize, r: usize) {
        self.release(i);
        self.release(j);
        self.give(i, q);
        self.give(j, r);
    }
}

#[cfg(test)]
thread_local! {
    /// Runs the passes for people on more than one lane in every group, to
    /// show that skipping them in groups of one lane changes nothing.
    pub(super) static EVERY_GROUP_SHARED: std::cell::Cell<bool> =
        const { std::cell::Cell::new(false) };
    /// Leaves the rotas of longer shifts as the spread search left them, to
    /// show what bringing them to their levels does.
    pub(super) static NO_FLATTEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Leaves the rotas of one-slice shifts as the searches before the
    /// trading left them, to show what it does.
    pub(super) static NO_TRADE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The most rounds any one search took, to show that the searches end
    /// long before their guard.
    pub(super) static MOST_ROUNDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A year of [`crate::org::generate::generate_shared`]`(teams, per_team,
/// weekly)` planned afresh, with the levelling and the trading as asked:
/// the rest and share breaches and each rota's spread, in the file's rota
/// order.
#[cfg(test)]
fn plan_shared(
    (teams, per_team, weekly): (usize, usize, usize),
    flatten: bool,
    trade: bool,
) -> (usize, Vec<i64>) {
    let org = crate::org::parse_organisation(
        "shared.toml",
        &crate::org::generate::generate_shared(teams, per_team, weekly),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let cov = Coverage::build(&org, crate::calendar::Horizon::weeks(start, 52));
    let mut p = Planner::new(&org, &cov);
    p.fill();
    NO_FLATTEN.with(|f| f.set(!flatten));
    NO_TRADE.with(|f| f.set(!trade));
    p.improve();
    NO_FLATTEN.with(|f| f.set(false));
    NO_TRADE.with(|f| f.set(false));
    let rotas = p.rotas_of_people();
    let spreads = rotas
        .members
        .iter()
        .map(|members| {
            let (lo, hi) = p.range(members);
            hi - lo
        })
        .collect();
    (p.score().1, spreads)
}

/// Notes, in tests, that a search took `rounds` rounds.
fn rounds_taken(rounds: usize) {
    #[cfg(test)]
    MOST_ROUNDS.with(|m| m.set(m.get().max(rounds)));
    let _ = rounds;
}

/// A number whose low `n` bits are set (`n` at most 128).
fn ones(n: usize) -> u128 {
    u128::MAX.checked_shr(128 - n as u32).unwrap_or(0)
}

/// Which group each rota is planned in; see [`Planner::groups`].
struct Groups {
    of_rota: Vec<usize>,
    /// Each group's people: its rotas' members and its shifts' holders,
    /// ascending.
    people: Vec<Vec<usize>>,
    count: usize,
}

/// How many lanes and rotas each group has (see [`Planner::census`]).
struct Census {
    lanes_in: Vec<usize>,
    rotas_in: Vec<usize>,
}

impl Census {
    /// The groups of more than one rota, where people share rotas: only
    /// there can the rotas' spreads and the squares disagree (see
    /// [`spread`]).
    fn shared(&self) -> Vec<usize> {
        (0..self.rotas_in.len())
            .filter(|&group| self.rotas_in[group] > 1)
            .collect()
    }
}

/// What planning a group on a copy of the planner did, for
/// [`Planner::adopt`]: the group's shifts, of which the copy added `count`
/// from index `first` on, the slices it left unfilled and the windows it
/// split.
struct Grown {
    shifts: Vec<usize>,
    first: usize,
    count: usize,
    unfilled: Vec<(usize, usize)>,
    splits: usize,
}

/// How many threads to plan the groups of `shared` on, of `workers`: each
/// but this one works on a copy of the planner, which is the size of the
/// whole organisation's year, so only where those groups hold a good part
/// (`in_shared` of `all` windows) of it. A 50,000-person year
/// with 172 such groups among thousands planned no faster on two threads,
/// with half as much memory again.
fn threads_for(workers: usize, shared: &[usize], in_shared: usize, all: usize) -> usize {
    if in_shared * 4 < all {
        1
    } else {
        workers.min(shared.len())
    }
}

/// How many threads [`Planner::improve`] may use: as many as the machine
/// has, up to four (each but the first holds a copy of the planner). One in
/// unit tests, whose switches are the test thread's own; see
/// `planning_on_threads_plans_what_one_thread_plans`.
fn workers() -> usize {
    if cfg!(test) {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// Remembers that segment `i` failed at `clock` (see
/// [`Planner::worth_trying`]); `segments` is how many there are.
fn failed(failed: &mut Vec<u64>, i: usize, segments: usize, clock: u64) {
    if failed.len() < segments {
        failed.resize(segments, 0);
    }
    failed[i] = clock;
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};

    use super::*;
    use crate::calendar::Horizon;
    use crate::org::generate::Prng;
    use crate::org::parse_organisation;

    fn org(share: &str) -> Organisation {
        org_with(&format!("max_oncall_share = {share}"))
    }

    fn org_with(rules: &str) -> Organisation {
        let text = format!(
            "[organisation]\nname = \"T\"\ntimezone = \"Europe/London\"\ncurrency = \"GBP\"\n\
             [working_hours]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nstart = \"09:00\"\nend = \"17:30\"\n\
             [pay]\nweeknight = 1.0\nweekend_day = 2.0\nholiday = 3.0\n\
             [rules]\n{rules}\n\
             [[bands]]\nname = \"high\"\nmax_hourly_exposure = 800000\navailability = 99.9\non_call = \"team\"\n\
             [[domains]]\nid = \"d\"\nname = \"D\"\n[[teams]]\nid = \"a\"\nname = \"A\"\ndomain = \"d\"\n\
             [[services]]\nid = \"s\"\nname = \"S\"\nteam = \"a\"\nhourly_exposure = 500000\n\
             [[people]]\nid = \"p\"\nname = \"P\"\nteam = \"a\"\n"
        );
        parse_organisation("t.toml", &text).unwrap_or_else(|d| panic!("{d}"))
    }

    /// The planner looks only at the windows around a shift and skips the
    /// count when it cannot matter; on random shifts that must agree with
    /// the warning's measure over the whole horizon.
    #[test]
    fn the_local_share_check_agrees_with_the_warnings_measure() {
        let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut rng = Prng::new(7);
        for share in ["0.1", "0.25", "0.5", "1.0"] {
            let org = org(share);
            for len in [1, 5, 20, 27, 28, 29, 40, 90] {
                let horizon = Horizon::new(start, start + Days::new(len));
                let cov = Coverage::build(&org, horizon);
                for _ in 0..40 {
                    let mut planner = Planner::new(&org, &cov);
                    let slices = len as usize;
                    let mut d = rng.below(8) as usize;
                    while d < slices {
                        let n = (1 + rng.below(7) as usize).min(slices - d);
                        planner.pin(0, 0, d, n, 0);
                        d += n + rng.below(12) as usize;
                    }
                    let on = |p: &Planner, extra: (usize, usize)| {
                        let (busiest, _) = busiest_window(slices, |d| {
                            p.busy[d] != 0 || (extra.0..extra.1).contains(&d)
                        });
                        share_exceeded(&org.rules, busiest)
                    };
                    let a = rng.below(len) as usize;
                    let b = a + rng.below(len - a as u64 + 1) as usize;
                    let counted = (a..b).filter(|&d| planner.busy[d] != 0).count();
                    assert_eq!(planner.held_between(0, a, b), counted);
                    let whole = on(&planner, (0, 0));
                    let local = planner.segments.iter().enumerate().any(|(i, s)| {
                        planner.share_breach(0, s.first, s.first + s.len, i as u32 + 1)
                    });
                    assert_eq!(whole, local, "share {share}, {len} days");
                    // A free run as a candidate, when the rest is clean.
                    if let Some(a) = (0..slices).find(|&d| planner.busy[d] == 0) {
                        let b = (a..slices).take_while(|&d| planner.busy[d] == 0).count() + a;
                        if !whole {
                            assert_eq!(planner.share_breach(0, a, b, 0), on(&planner, (a, b)));
                        }
                    }
                }
            }
        }
    }

    /// The rest and share rules answered from bits agree with the rules
    /// answered slice by slice, for candidates and for held shifts (their
    /// own slices free), under rules from none to strict, near the edges of
    /// the horizon and for shifts too long for the bits.
    #[test]
    fn rules_from_bits_agree_with_rules_slice_by_slice() {
        let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut rng = Prng::new(11);
        for (rest, run, share) in [
            (0, 1, "1.0"),
            (4, 7, "0.25"),
            (1, 3, "0.5"),
            (30, 14, "0.1"),
            (2, 60, "0.75"),
        ] {
            let org = org_with(&format!(
                "min_rest_slices = {rest}\nmax_consecutive_slices = {run}\nmax_oncall_share = {share}"
            ));
            for len in [3u64, 40, 120, 364] {
                let horizon = Horizon::new(start, start + Days::new(len));
                let cov = Coverage::build(&org, horizon);
                let slices = len as usize;
                for _ in 0..30 {
                    let mut planner = Planner::new(&org, &cov);
                    let mut d = rng.below(6) as usize;
                    while d < slices {
                        let long = rng.below(8) == 0;
                        let n = (1 + rng.below(if long { 90 } else { 8 }) as usize).min(slices - d);
                        planner.pin(0, 0, d, n, 0);
                        d += n + rng.below(10) as usize;
                    }
                    let plain = |p: &Planner, a: usize, b: usize, ignore: u32| {
                        (
                            p.rest_breach(0, a, b, ignore),
                            p.share_breach(0, a, b, ignore),
                        )
                    };
                    for (i, seg) in planner.segments.clone().iter().enumerate() {
                        let (a, b, ii) = (seg.first, seg.first + seg.len, i as u32 + 1);
                        assert_eq!(
                            planner.rest_and_share(0, a, b, ii),
                            plain(&planner, a, b, ii),
                            "rules {rest}/{run}/{share}, {len} days, held [{a}, {b})"
                        );
                    }
                    for _ in 0..20 {
                        let a = rng.below(len) as usize;
                        let free = (a..slices).take_while(|&d| !planner.held.get(0, d)).count();
                        if free == 0 {
                            continue;
                        }
                        let b = a + 1 + rng.below(free as u64) as usize;
                        assert_eq!(
                            planner.rest_and_share(0, a, b, 0),
                            plain(&planner, a, b, 0),
                            "rules {rest}/{run}/{share}, {len} days, candidate [{a}, {b})"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn breaches_kept_by_the_slices_near_a_shift_are_those_counted_afresh() {
        // Planned on threads (the shifts planned on a copy are numbered
        // again when taken back, and so is what their breaches were counted
        // from), with secondaries on the team rotas (a secondary's breaches
        // read which shift its holder has just before it).
        let text = crate::org::generate::generate_shared(10, 6, 2).replacen(
            "on_call = \"team\"\n",
            "on_call = \"team\"\nsecondary = true\n",
            1,
        );
        let org = parse_organisation("s.toml", &text).unwrap_or_else(|d| panic!("{d}"));
        let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let cov = Coverage::build(&org, Horizon::weeks(start, 26));
        for workers in [2, 3] {
            let mut p = Planner::new(&org, &cov);
            assert!(p.lane_role.iter().any(|r| r.is_secondary()));
            p.fill_and_improve_on(workers);
            // As though every holder's slices had changed since: what is
            // kept must still be what the slices near each shift give.
            for v in &mut p.held_version {
                *v += 1;
            }
            for i in 0..p.segments.len() {
                let s = p.segments[i];
                let fresh =
                    p.breach_kinds(s.rota, s.person, s.first, s.first + s.len, i as u32 + 1);
                assert_eq!(p.own_kinds(i), fresh, "{workers} threads, shift {i}: {s:?}");
            }
        }
    }

    /// Groups filled and improved on several threads, each on its own copy
    /// of the planner and taken back from it, come out as on one thread
    /// (the fill of every group, then the improvement of every group): the
    /// same shifts with the same holders, loads, slices, cover, unfilled
    /// slices and score, whatever the number of threads.
    #[test]
    fn planning_on_threads_plans_what_one_thread_plans() {
        // Two domains, so two groups where people share rotas, one with
        // weekly team rotas; half a year; a pinned night in the second.
        let text = crate::org::generate::generate_shared(10, 6, 2);
        let org = parse_organisation("s.toml", &text).unwrap_or_else(|d| panic!("{d}"));
        let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let cov = Coverage::build(&org, Horizon::weeks(start, 26));
        let dom = cov.rota_index("dom1").expect("the second domain rota");
        let planner = || {
            let mut p = Planner::new(&org, &cov);
            let member = p.members(dom, 3)[0];
            p.pin(dom, member, 3, 1, 0);
            p
        };
        let state = |p: &Planner| {
            let mut shifts: Vec<(usize, usize, usize, usize)> = p
                .segments
                .iter()
                .map(|s| (s.rota, s.first, s.len, s.person))
                .collect();
            shifts.sort_unstable();
            // Who holds each slice, by the shift's place in that order.
            let holder = |v: u32| {
                (v != 0).then(|| {
                    let s = p.segments[v as usize - 1];
                    (s.rota, s.first)
                })
            };
            let busy: Vec<_> = p.busy.iter().map(|&v| holder(v)).collect();
            let covered: Vec<_> = p.covered.iter().map(|&v| holder(v)).collect();
            (
                shifts,
                (p.load.clone(), p.heavy_load.clone(), p.primary_load.clone()),
                (busy, covered),
                (p.unfilled(), p.splits(), p.score()),
            )
        };
        let mut one = planner();
        one.fill();
        let filled: Vec<usize> = one.segments.iter().map(|s| s.person).collect();
        one.improve();
        let moved = one
            .segments
            .iter()
            .zip(&filled)
            .filter(|(s, f)| s.person != **f)
            .count();
        assert!(moved > 0, "the improvement moved nothing");
        let one = state(&one);
        for workers in [2, 3, 8] {
            let mut p = planner();
            p.fill_and_improve_on(workers);
            assert!(
                state(&p) == one,
                "{workers} threads filled and planned otherwise"
            );
        }
    }

    /// A day can reach the least loaded member only along a path of three
    /// (each member can take only the next one's days): no move or two-step
    /// exchange evens the loads out, the path pass does, to the day.
    #[test]
    fn a_path_of_days_evens_out_what_no_move_can() {
        let off = |days: &str| format!("time_off = [{days}]\n");
        let range = |from: &str, to: &str| format!("{{ from = \"{from}\", to = \"{to}\" }}");
        let text = format!(
            "[organisation]\nname = \"T\"\ntimezone = \"Europe/London\"\ncurrency = \"GBP\"\n\
             [working_hours]\ndays = []\nstart = \"09:00\"\nend = \"17:30\"\n\
             [pay]\nweeknight = 1.0\nweekend_day = 1.0\nholiday = 1.0\n\
             [rules]\nmin_rest_slices = 0\nmax_consecutive_slices = 366\nmax_oncall_share = 1.0\nmin_rota_size = 1\n\
             [[bands]]\nname = \"high\"\nmax_hourly_exposure = 800000\navailability = 99.9\non_call = \"team\"\n\
             [[domains]]\nid = \"d\"\nname = \"D\"\n[[teams]]\nid = \"t\"\nname = \"T\"\ndomain = \"d\"\n\
             [[services]]\nid = \"s\"\nname = \"S\"\nteam = \"t\"\nhourly_exposure = 500000\n\
             [[people]]\nid = \"a\"\nname = \"A\"\nteam = \"t\"\n{}\
             [[people]]\nid = \"b\"\nname = \"B\"\nteam = \"t\"\n{}\
             [[people]]\nid = \"c\"\nname = \"C\"\nteam = \"t\"\n{}\
             [[people]]\nid = \"e\"\nname = \"E\"\nteam = \"t\"\n{}\
             [[rotas]]\nid = \"r\"\nname = \"R\"\nteams = [\"t\"]\nhandoff = \"daily\"\n",
            off(&range("2026-11-26", "2026-11-27")),
            off(&range("2026-11-28", "2026-11-29")),
            off(&range("2026-11-23", "2026-11-25")),
            off(&[range("2026-11-23", "2026-11-27")].join(", ")),
        );
        let org = parse_organisation("t.toml", &text).unwrap_or_else(|d| panic!("{d}"));
        let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let cov = Coverage::build(&org, Horizon::new(start, start + Days::new(8)));
        let mut planner = Planner::new(&org, &cov);
        // a: days 0-2 (only b is free then but them); b: 3-4 (only c);
        // c: 5-6 (only e); e: 7.
        for (person, days) in [(0, 0..3), (1, 3..5), (2, 5..7), (3, 7..8)] {
            for d in days {
                planner.add(0, person, d, 1, false, None);
            }
        }
        let shifts: Vec<usize> = (0..planner.segments.len()).collect();
        assert_eq!(planner.load, [3, 2, 2, 1]);
        assert!(!planner.move_pass(&shifts) && !planner.chain_pass(&shifts));
        assert!(planner.path_pass(&shifts));
        assert_eq!(planner.load, [2, 2, 2, 2]);
        assert!(!planner.path_pass(&shifts), "no path is left");
    }
}
