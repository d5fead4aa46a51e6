//! The planner's working state: who is busy on which day, each person's
//! load, and the segments (shifts) given so far.

use crate::calendar::slice_kind;
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::Schedule;

use super::is_heavy;

/// A run of consecutive days of one rota given to one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Segment {
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
    fn days(&self) -> std::ops::Range<usize> {
        self.first..self.first + self.len
    }
}

/// Rest breaches first, then load, then weekend and holiday load, then id:
/// smaller is a better choice.
type Key = (bool, i64, i64, u32);

pub(super) struct Planner<'a> {
    org: &'a Organisation,
    cov: &'a Coverage,
    days: usize,
    /// `busy[person * days + day]`: 0 when free, else segment index + 1.
    busy: Vec<u32>,
    /// `off[person * days + day]`: time off.
    off: Vec<bool>,
    /// `covered[rota * days + day]`: 0 when nobody has it, else segment index + 1.
    covered: Vec<u32>,
    /// `window[rota * days + day]`: which shift window the day belongs to.
    window: Vec<u32>,
    /// Every rota's windows, `(first_day, rota, len)`, in time order.
    windows: Vec<(usize, usize, usize)>,
    heavy_day: Vec<bool>,
    /// Slices per person: carried over plus planned.
    load: Vec<i64>,
    /// Weekend and holiday slices per person: carried over plus planned.
    heavy_load: Vec<i64>,
    /// Position of each person's id in id order, for ties.
    rank: Vec<u32>,
    rest: usize,
    max_run: usize,
    segments: Vec<Segment>,
    by_person: Vec<Vec<usize>>,
    unfilled: Vec<(usize, usize)>,
    splits: usize,
}

impl<'a> Planner<'a> {
    pub fn new(org: &'a Organisation, cov: &'a Coverage) -> Planner<'a> {
        let days = cov.horizon.len();
        let people = org.people.len();
        let mut off = vec![false; people * days];
        for (p, person) in org.people.iter().enumerate() {
            for t in &person.time_off {
                for day in 0..days {
                    let date = cov.horizon.date(day);
                    if t.from <= date && date <= t.to {
                        off[p * days + day] = true;
                    }
                }
            }
        }
        let mut window = vec![u32::MAX; cov.rotas.len() * days];
        let mut windows = Vec::new();
        for rota in 0..cov.rotas.len() {
            for (first, len) in cov.shift_windows(rota) {
                let id = windows.len() as u32;
                for day in first..first + len {
                    window[rota * days + day] = id;
                }
                windows.push((first, rota, len));
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
            days,
            busy: vec![0; people * days],
            off,
            covered: vec![0; cov.rotas.len() * days],
            window,
            windows,
            heavy_day: cov.slices.iter().map(|s| is_heavy(s.kind)).collect(),
            load: vec![0; people],
            heavy_load: vec![0; people],
            rank,
            rest: org.rules.min_rest_slices as usize,
            max_run: (org.rules.max_consecutive_slices as usize).max(1),
            segments: Vec::new(),
            by_person: vec![Vec::new(); people],
            unfilled: Vec::new(),
            splits: 0,
        }
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
                if is_heavy(slice_kind(self.org, date)) {
                    self.heavy_load[p] += 1;
                }
            }
        }
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
        let w = self.window[rota * self.days + first];
        let ok = w != u32::MAX
            && (first..first + len).all(|d| {
                self.window[rota * self.days + d] == w
                    && self.covered[rota * self.days + d] == 0
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

    pub fn unfilled(&self) -> Vec<(usize, usize)> {
        let mut u = self.unfilled.clone();
        u.sort_unstable();
        u
    }

    pub fn splits(&self) -> usize {
        self.splits
    }

    fn available(&self, person: usize, rota: usize, day: usize) -> bool {
        let i = person * self.days + day;
        self.busy[i] == 0 && !self.off[i] && self.cov.is_member(rota, day, person)
    }

    /// Would `person` on days `[a, b)` break a rest rule? Days held by the
    /// segment `ignore` (index + 1, or 0) count as free.
    fn rest_breach(&self, person: usize, a: usize, b: usize, ignore: u32) -> bool {
        let row = &self.busy[person * self.days..(person + 1) * self.days];
        let held = |d: usize| row[d] != 0 && row[d] != ignore;
        if self.rest > 0 {
            let before = a.saturating_sub(self.rest)..a;
            let after = b..(b + self.rest).min(self.days);
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
        while d < self.days && held(d) {
            d += 1;
            run += 1;
        }
        run > self.max_run
    }

    fn key(&self, person: usize, a: usize, b: usize, ignore: u32) -> Key {
        (
            self.rest_breach(person, a, b, ignore),
            self.load[person],
            self.heavy_load[person],
            self.rank[person],
        )
    }

    fn heavy(&self, a: usize, b: usize) -> i64 {
        self.heavy_day[a..b].iter().filter(|&&h| h).count() as i64
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
        for d in first..first + len {
            let c = &mut self.covered[rota * self.days + d];
            if *c == 0 {
                *c = index as u32 + 1;
            }
            self.busy[person * self.days + d] = index as u32 + 1;
        }
        self.load[person] += len as i64;
        self.heavy_load[person] += heavy;
        self.by_person[person].push(index);
        index
    }

    /// Gives a segment to someone else.
    fn reassign(&mut self, index: usize, to: usize) {
        let s = self.segments[index];
        for d in s.days() {
            self.busy[s.person * self.days + d] = 0;
        }
        self.take(index, to);
        self.by_person[s.person].retain(|&i| i != index);
        self.by_person[to].push(index);
    }

    fn take(&mut self, index: usize, to: usize) {
        let s = self.segments[index];
        for d in s.days() {
            self.busy[to * self.days + d] = index as u32 + 1;
        }
        self.load[s.person] -= s.len as i64;
        self.heavy_load[s.person] -= s.heavy;
        self.load[to] += s.len as i64;
        self.heavy_load[to] += s.heavy;
        let seg = &mut self.segments[index];
        seg.person = to;
        seg.origin = None;
    }

    /// Gives every needed slice not yet held to someone, window by window in
    /// time order.
    pub fn fill(&mut self) {
        for w in 0..self.windows.len() {
            let (first, rota, len) = self.windows[w];
            let end = first + len;
            let mut d = first;
            while d < end {
                if self.covered[rota * self.days + d] != 0 {
                    d += 1;
                    continue;
                }
                let mut e = d + 1;
                while e < end && self.covered[rota * self.days + e] == 0 {
                    e += 1;
                }
                self.fill_run(rota, d, e);
                d = e;
            }
        }
    }

    fn members(&self, rota: usize, day: usize) -> &'a [usize] {
        self.cov
            .cover(rota, day)
            .map(|c| c.members.as_slice())
            .unwrap_or(&[])
    }

    /// Gives days `[a, b)` of a rota to one member when anyone can take them
    /// all, else to the fewest cover segments.
    fn fill_run(&mut self, rota: usize, a: usize, b: usize) {
        let whole = self
            .members(rota, a)
            .iter()
            .copied()
            .filter(|&p| (a..b).all(|d| self.available(p, rota, d)))
            .min_by_key(|&p| self.key(p, a, b, 0));
        if let Some(p) = whole {
            self.add(rota, p, a, b - a, false, None);
            return;
        }
        // Nobody can take it whole: from each day on, the member who can go
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
                    (reach > 0).then(|| (std::cmp::Reverse(reach), self.key(p, d, d + reach, 0), p))
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

    /// Can `person` take segment `index` (other than days held by `ignore`)?
    fn can_take(&self, person: usize, index: usize, ignore: u32) -> bool {
        let s = &self.segments[index];
        s.days().all(|d| {
            let i = person * self.days + d;
            (self.busy[i] == 0 || self.busy[i] == ignore)
                && !self.off[i]
                && self.cov.is_member(s.rota, d, person)
        })
    }

    /// Moves and swaps shifts while that strictly improves fairness without
    /// breaking a rest rule.
    pub fn improve(&mut self) {
        // Each change lowers the sum of squared loads (moves) or of squared
        // weekend loads at equal loads (swaps), so this ends; the bound is a
        // guard only.
        for _ in 0..10_000 {
            let moved = self.move_pass();
            let swapped = self.swap_pass();
            if !moved && !swapped {
                break;
            }
        }
    }

    fn move_pass(&mut self) -> bool {
        let mut changed = false;
        for i in 0..self.segments.len() {
            let s = self.segments[i];
            if s.pinned {
                continue;
            }
            let best = self
                .members(s.rota, s.first)
                .iter()
                .copied()
                .filter(|&q| {
                    q != s.person
                        && self.load[q] + (s.len as i64) < self.load[s.person]
                        && self.can_take(q, i, 0)
                        && !self.rest_breach(q, s.first, s.first + s.len, 0)
                })
                .min_by_key(|&q| self.key(q, s.first, s.first + s.len, 0));
            if let Some(q) = best {
                self.reassign(i, q);
                changed = true;
            }
        }
        changed
    }

    fn swap_pass(&mut self) -> bool {
        let mut changed = false;
        for i in 0..self.segments.len() {
            let s = self.segments[i];
            if s.pinned || s.heavy == 0 {
                continue;
            }
            let p = s.person;
            let mut found = None;
            'people: for &q in self.members(s.rota, s.first) {
                if q == p || self.heavy_load[p] - self.heavy_load[q] < 2 {
                    continue;
                }
                for &j in &self.by_person[q] {
                    let t = self.segments[j];
                    let delta = s.heavy - t.heavy;
                    if t.pinned || t.len != s.len || delta <= 0 {
                        continue;
                    }
                    if self.heavy_load[p] - self.heavy_load[q] <= delta {
                        continue;
                    }
                    let (ii, jj) = (i as u32 + 1, j as u32 + 1);
                    if self.can_take(q, i, jj)
                        && self.can_take(p, j, ii)
                        && !self.rest_breach(q, s.first, s.first + s.len, jj)
                        && !self.rest_breach(p, t.first, t.first + t.len, ii)
                    {
                        found = Some((q, j));
                        break 'people;
                    }
                }
            }
            if let Some((_, j)) = found {
                self.swap(i, j);
                changed = true;
            }
        }
        changed
    }

    fn swap(&mut self, i: usize, j: usize) {
        let (s, t) = (self.segments[i], self.segments[j]);
        for d in s.days() {
            self.busy[s.person * self.days + d] = 0;
        }
        for d in t.days() {
            self.busy[t.person * self.days + d] = 0;
        }
        self.take(i, t.person);
        self.take(j, s.person);
        for &(index, from, to) in &[(i, s.person, t.person), (j, t.person, s.person)] {
            self.by_person[from].retain(|&x| x != index);
            self.by_person[to].push(index);
        }
    }
}
