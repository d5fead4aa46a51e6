//! The scheduler: gives every shift of every rota to one person.
//!
//! Hard constraints (never broken by the planner): nobody during their time
//! off, nobody on two rotas on the same slice, only members of the rota on
//! that date who opted in, pinned shifts kept as they are. Soft, in order:
//! rest (minimum rest between shifts, at most `max_consecutive_slices` in a
//! row, and at most `max_oncall_share` of any 28 slices on call, measured
//! as the `oncall-share` warning measures it), fairness (total slices, then
//! weekend and holiday slices), stability (a re-plan keeps the shifts it
//! can).
//!
//! It works in three steps, all deterministic:
//! 1. keep: pinned shifts of the existing schedule exactly, then its
//!    unpinned shifts that are still valid (for stability);
//! 2. fill: walk every rota's shift windows in time order and give each to
//!    the eligible member with the fewest rest or share breaches, then the
//!    least load (carried over from a previous schedule plus slices so far),
//!    then the fewest weekend and holiday slices, then the first id; a
//!    window nobody can take whole is split into the fewest cover segments,
//!    and a slice is left unfilled only when nobody at all can take it;
//! 3. improve: move a shift from a busier member to a less busy one, or
//!    swap two shifts of the same length to even out weekends, while that
//!    strictly improves fairness and adds no rest or share breach; every
//!    step lowers a sum of squares, so it ends, and it ends where no such
//!    move is left.

mod state;

use chrono::{DateTime, FixedOffset, Offset, Utc};

use crate::calendar::{Horizon, SliceKind};
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::{Resolved, Schedule, Shift, digest, generator, problem_shift, resolve};

use state::{Planner, Segment};

/// What the planner starts from.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions<'a> {
    /// The schedule being re-planned: its pinned shifts are kept exactly and
    /// its other shifts are kept where they are still valid and fair.
    pub existing: Option<&'a Schedule>,
    /// An earlier schedule whose load counts towards fairness.
    pub previous: Option<&'a Schedule>,
    /// Now: the shifts of `existing` that started before it are history,
    /// kept exactly as they are (pinned or not, valid or not), and no new
    /// shift starts before it. `None`: nothing is history.
    pub now: Option<DateTime<Utc>>,
}

/// A plan: every shift (pinned ones included), the slices nobody could take
/// and how many shift windows had to be split into cover segments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Sorted by rota, then start, as the schedule file has them.
    pub shifts: Vec<Shift>,
    /// `(rota, day)` indices into the coverage, ascending.
    pub unfilled: Vec<(usize, usize)>,
    /// Shift windows split into more than one cover segment.
    pub splits: usize,
}

/// Plans every rota of the coverage.
///
/// With an existing schedule it builds two candidates, one that keeps every
/// still-valid shift and one planned afresh around the pins, and returns the
/// first unless the second is better on unfilled slices, rest or fairness:
/// stability comes after them. A schedule this function made is kept as it
/// is: its fresh candidate is itself.
pub fn plan(org: &Organisation, coverage: &Coverage, options: &PlanOptions) -> Plan {
    if options.existing.is_none() {
        return build(org, coverage, options, None, false).0;
    }
    // Both candidates start from the same reading of the existing schedule.
    let resolved = options.existing.map(|e| resolve(org, coverage, e));
    let (kept, kept_score) = build(org, coverage, options, resolved.as_ref(), true);
    let (fresh, fresh_score) = build(org, coverage, options, resolved.as_ref(), false);
    if fresh_score < kept_score {
        fresh
    } else {
        kept
    }
}

/// One candidate plan; `keep` keeps the existing schedule's valid unpinned
/// shifts, otherwise only its pins. `resolved` is the existing schedule
/// resolved against the coverage.
fn build(
    org: &Organisation,
    coverage: &Coverage,
    options: &PlanOptions,
    resolved: Option<&Resolved>,
    keep: bool,
) -> (Plan, state::Score) {
    let mut planner = Planner::new(org, coverage);
    if let Some(previous) = options.previous {
        planner.carry(previous);
    }
    // Fairness runs over the whole file: its shifts outside the horizon
    // (history before a later start) count too.
    if let Some(existing) = options.existing {
        planner.carry(existing);
    }
    let mut verbatim = Vec::new();
    let mut origins: Vec<Shift> = Vec::new();
    if let (Some(existing), Some(resolved)) = (options.existing, resolved) {
        // History is kept like a pin: it was worked whoever it was.
        let fixed = |shift: &Shift| shift.pinned || options.now.is_some_and(|n| shift.is_history(n));
        // Fixed first, so that unpinned shifts never push a pin out.
        for pinned in [true, false] {
            for a in &resolved.assignments {
                let shift = &existing.shifts[a.shift];
                if fixed(shift) != pinned {
                    continue;
                }
                let origin = origins.len();
                if pinned {
                    origins.push(shift.clone());
                    planner.pin(a.rota, a.person, a.first_day, a.days, origin);
                } else if keep && planner.keep(a.rota, a.person, a.first_day, a.days, origin) {
                    origins.push(shift.clone());
                }
            }
        }
        // A pinned shift that no longer lines up with the slices is still kept
        // as it was, when it touches the horizon; `check` reports it. History
        // is kept wherever it lies.
        let (from, to) = horizon_instants(coverage);
        for problem in &resolved.problems {
            let shift = &existing.shifts[problem_shift(problem)];
            let history = options.now.is_some_and(|n| shift.is_history(n));
            if history
                || (shift.pinned
                    && shift.start.with_timezone(&Utc) < to
                    && shift.end.with_timezone(&Utc) > from)
            {
                verbatim.push(shift.clone());
            }
        }
        // Nothing new starts in the past.
        if let Some(now) = options.now {
            planner.freeze(crate::schedule::history_days(coverage, now));
        }
    }
    planner.fill();
    planner.improve();

    // The file's order: rota id, then start, then person; sorting segments
    // by rank is much cheaper than sorting shifts by their strings.
    let mut rota_rank: Vec<usize> = (0..coverage.rotas.len()).collect();
    rota_rank.sort_by(|&a, &b| coverage.rotas[a].id.cmp(&coverage.rotas[b].id));
    let mut rank_of = vec![0; coverage.rotas.len()];
    for (rank, &r) in rota_rank.iter().enumerate() {
        rank_of[r] = rank;
    }
    let mut segments: Vec<&state::Segment> = planner.segments().collect();
    segments.sort_by_key(|s| (rank_of[s.rota], s.first, planner.rank(s.person)));
    let mut shifts = Vec::with_capacity(segments.len() + verbatim.len());
    for seg in segments {
        shifts.push(shift_of(org, coverage, seg, &origins));
    }
    if !verbatim.is_empty() {
        shifts.extend(verbatim);
        sort_shifts(&mut shifts);
    }
    let plan = Plan {
        shifts,
        unfilled: planner.unfilled(),
        splits: planner.splits(),
    };
    (plan, planner.score())
}

/// Plans a horizon and builds the whole schedule: shifts sorted, the
/// organisation's digest, `generated_by`, and the callouts of `existing`.
pub fn plan_schedule(
    org: &Organisation,
    org_text: &str,
    org_path_relative: &str,
    horizon: Horizon,
    options: &PlanOptions,
) -> (Schedule, Plan) {
    let coverage = Coverage::build(org, horizon);
    let plan = plan(org, &coverage, options);
    let mut schedule = Schedule {
        organisation: org_path_relative.to_string(),
        organisation_digest: digest(org_text.as_bytes()),
        start: horizon.start,
        end: horizon.end,
        generated_by: generator(),
        shifts: plan.shifts.clone(),
        callouts: options
            .existing
            .map(|e| e.callouts.clone())
            .unwrap_or_default(),
    };
    schedule.sort();
    (schedule, plan)
}

/// Weekend and holiday slices count apart from weeknights for fairness.
pub(crate) fn is_heavy(kind: SliceKind) -> bool {
    kind != SliceKind::Weeknight
}

fn horizon_instants(coverage: &Coverage) -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    match (coverage.slices.first(), coverage.slices.last()) {
        (Some(f), Some(l)) => (f.start, l.end),
        _ => (
            chrono::DateTime::<Utc>::MIN_UTC,
            chrono::DateTime::<Utc>::MIN_UTC,
        ),
    }
}

fn shift_of(org: &Organisation, coverage: &Coverage, seg: &Segment, origins: &[Shift]) -> Shift {
    if let Some(origin) = seg.origin.and_then(|o| origins.get(o)) {
        return origin.clone();
    }
    let utc: FixedOffset = Utc.fix();
    Shift {
        rota: coverage.rotas[seg.rota].id.clone(),
        person: org.people[seg.person].id.clone(),
        start: coverage.slices[seg.first].start.with_timezone(&utc),
        end: coverage.slices[seg.first + seg.len - 1]
            .end
            .with_timezone(&utc),
        slices: seg.len as u32,
        pinned: false,
        note: String::new(),
    }
}

fn sort_shifts(shifts: &mut [Shift]) {
    shifts.sort_by(|a, b| {
        a.rota
            .cmp(&b.rota)
            .then(a.start.cmp(&b.start))
            .then(a.person.cmp(&b.person))
    });
}

#[cfg(test)]
mod tests;
