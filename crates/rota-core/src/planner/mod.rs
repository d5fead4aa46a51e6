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
//! 3. improve: move a shift that breaks a rest or share rule to someone
//!    with whom fewer are broken; move a shift from a busier member to a
//!    less busy one, or swap two shifts to even out weekends; and where
//!    people are on more than one rota, chains across rotas through them
//!    (see `state::cross`). Each step adds no rest or share breach and
//!    lowers, in order, the sum of squared loads, of squared weekend and
//!    holiday loads, and the spread within rotas (or keeps them and breaks
//!    fewer rules), so it ends, and it ends where no such step is left.
//!    Where people share rotas the group is then searched with the rotas'
//!    spreads first (`state::spread`), and, planned afresh, its rotas of
//!    weeks are tried at one level through their shared members
//!    (`state::flatten`) and its daily rotas levelled by trading slices
//!    between them (`state::trade`), each kept when that is better. Those
//!    groups are filled and improved on threads when they are a good part
//!    of the organisation; the plan is the same on any number.

mod bits;
mod state;

use chrono::{DateTime, FixedOffset, Offset, Utc};

use crate::calendar::{Horizon, SliceKind};
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::{
    Assignment, Resolved, Role, Schedule, Shift, digest, generator, problem_shift, resolve,
};

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
    /// `(rota, slice)` indices into the coverage, ascending: slices without
    /// a primary.
    pub unfilled: Vec<(usize, usize)>,
    /// The same for slices that need a secondary and have none.
    pub unfilled_secondary: Vec<(usize, usize)>,
    /// Shift windows split into more than one cover segment.
    pub splits: usize,
}

/// Plans every rota of the coverage.
///
/// With an existing schedule it builds several candidates: one that keeps
/// every still-valid shift; some that also free the shifts of the same rota
/// near each shift that could not be kept (a week, two, four either side),
/// so the gap can be filled without breaking rest, with and without giving
/// freed shifts back to their holders first; and one planned afresh around
/// the pins and history. It returns the candidate with the fewest unfilled
/// slices; then one that moves at most twice the shifts that had to change
/// plus two (the disruption budget), over one that moves more; then the
/// fewest rest and share breaches, the fewest moved shifts, the fairest. So
/// a re-plan moves only what must change, what rest needs within the
/// budget, and what its fairness step (which moves a shift only when that
/// strictly evens out the load) asks for. A schedule this function made is
/// kept as it is.
pub fn plan(org: &Organisation, coverage: &Coverage, options: &PlanOptions) -> Plan {
    let Some(existing) = options.existing else {
        return build(org, coverage, options, None, Keep::Nothing).0;
    };
    // Every candidate starts from the same reading of the existing schedule.
    let mut resolved = resolve(org, coverage, existing);
    // A future shift planned under other working hours is re-cut to the
    // slices it mostly covers; nothing new starts before now, so it loses
    // the slices that began before it.
    let history = options
        .now
        .map_or(0, |n| crate::schedule::history_slices(coverage, n));
    let recuts = |a: &Assignment| {
        let shift = &existing.shifts[a.shift];
        a.off_grid && !shift.pinned && !options.now.is_some_and(|n| shift.is_history(n))
    };
    resolved.assignments.retain_mut(|a| {
        if !recuts(a) || a.first_slice >= history {
            return true;
        }
        let end = a.first_slice + a.slices;
        a.first_slice = history.min(end);
        a.slices = end - a.first_slice;
        a.slices > 0
    });
    // Moves are counted against the file as re-cut: keeping a re-cut shift
    // with its holder moves nothing.
    let mut as_kept = existing.shifts.clone();
    for a in resolved.assignments.iter().filter(|a| recuts(a)) {
        as_kept[a.shift] = recut(coverage, &existing.shifts[a.shift], a);
    }
    let (kept, kept_score, rejected) = build(org, coverage, options, Some(&resolved), Keep::Valid);
    let mut candidates = vec![(kept, kept_score)];
    if !rejected.is_empty() {
        for radius in [7, 14, 28] {
            let free = near(&resolved, &rejected, radius);
            for back in [false, true] {
                let (plan, score, _) = build(
                    org,
                    coverage,
                    options,
                    Some(&resolved),
                    Keep::ValidExcept(&free, back),
                );
                candidates.push((plan, score));
            }
        }
    }
    let (fresh, fresh_score, _) = build(org, coverage, options, Some(&resolved), Keep::Nothing);
    candidates.push((fresh, fresh_score));
    let old = shift_keys(&as_kept);
    // The disruption budget: twice the shifts that must change, plus two.
    let budget = 2 * rejected.len() + 2;
    candidates
        .into_iter()
        .enumerate()
        .min_by_key(|(i, (plan, score))| {
            let moved = moved_shifts(&old, &plan.shifts);
            (
                score.0,
                moved > budget,
                score.1,
                moved,
                score.2,
                score.3,
                score.4,
                *i,
            )
        })
        .map(|(_, (plan, _))| plan)
        .unwrap_or_default()
}

/// Which unpinned shifts of the existing schedule a candidate keeps.
#[derive(Debug, Clone, Copy)]
enum Keep<'k> {
    /// None: planned afresh around the pins and history.
    Nothing,
    /// Every one that is still valid.
    Valid,
    /// Every valid one but those marked, by position in the resolved
    /// assignments; with `true`, the fill gives a freed shift back to its
    /// holder when that is no worse on rest.
    ValidExcept(&'k [bool], bool),
}

/// Marks the assignments of the same rota as a rejected one whose slices
/// come within `radius` slices of its slices.
fn near(resolved: &Resolved, rejected: &[usize], radius: usize) -> Vec<bool> {
    let a = &resolved.assignments;
    (0..a.len())
        .map(|i| {
            rejected.iter().any(|&r| {
                a[r].rota == a[i].rota
                    && a[i].first_slice <= a[r].first_slice + a[r].slices + radius
                    && a[r].first_slice <= a[i].first_slice + a[i].slices + radius
            })
        })
        .collect()
}

/// What makes a shift the same shift for counting moves.
type MoveKey<'s> = (&'s str, Role, &'s str, DateTime<Utc>, DateTime<Utc>, u32);

fn shift_keys(shifts: &[Shift]) -> Vec<MoveKey<'_>> {
    let mut keys: Vec<MoveKey> = shifts
        .iter()
        .map(|s| {
            (
                s.rota.as_str(),
                s.role,
                s.person.as_str(),
                s.start.with_timezone(&Utc),
                s.end.with_timezone(&Utc),
                s.slices,
            )
        })
        .collect();
    keys.sort_unstable();
    keys
}

/// Shifts of the old schedule (its sorted keys) the new one does not have.
fn moved_shifts(old: &[MoveKey], new: &[Shift]) -> usize {
    let new = shift_keys(new);
    let (mut i, mut j, mut moved) = (0, 0, 0);
    while i < old.len() {
        if j < new.len() && new[j] < old[i] {
            j += 1;
        } else if j < new.len() && new[j] == old[i] {
            i += 1;
            j += 1;
        } else {
            moved += 1;
            i += 1;
        }
    }
    moved
}

/// One candidate plan, keeping the existing schedule's pins and history and
/// the unpinned shifts `keep` says. `resolved` is the existing schedule
/// resolved against the coverage. Also returns the positions of the
/// assignments it tried to keep and could not.
fn build(
    org: &Organisation,
    coverage: &Coverage,
    options: &PlanOptions,
    resolved: Option<&Resolved>,
    keep: Keep,
) -> (Plan, state::Score, Vec<usize>) {
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
    let mut rejected = Vec::new();
    let mut released = Vec::new();
    if let (Some(existing), Some(resolved)) = (options.existing, resolved) {
        // History is kept like a pin: it was worked whoever it was.
        let fixed =
            |shift: &Shift| shift.pinned || options.now.is_some_and(|n| shift.is_history(n));
        // Fixed first, so that unpinned shifts never push a pin out.
        for pinned in [true, false] {
            for (i, a) in resolved.assignments.iter().enumerate() {
                let shift = &existing.shifts[a.shift];
                if fixed(shift) != pinned {
                    continue;
                }
                let origin = origins.len();
                // A shift planned under other working hours holds the slices
                // it mostly covers: kept as it is when fixed (its instants
                // are written back unchanged), else re-cut to those slices
                // with the same holder.
                let shift = &if a.off_grid && !pinned {
                    recut(coverage, shift, a)
                } else {
                    shift.clone()
                };
                // A secondary of a rota that no longer needs one on any date:
                // kept as it is when fixed (its holder is busy then), else
                // dropped.
                let Some(lane) = planner.lane(a.rota, a.role) else {
                    if pinned {
                        planner.hold_verbatim(None, Some(a.person), a.first_slice, a.slices);
                        verbatim.push(shift.clone());
                    } else if !matches!(keep, Keep::Nothing) {
                        rejected.push(i);
                    }
                    continue;
                };
                let wanted = match keep {
                    Keep::Nothing => false,
                    Keep::Valid => true,
                    Keep::ValidExcept(free, _) => !free[i],
                };
                if !pinned && matches!(keep, Keep::ValidExcept(..)) && !wanted {
                    if matches!(keep, Keep::ValidExcept(_, true)) {
                        planner.prefer(lane, a.person, a.first_slice, a.slices, origin);
                    }
                    origins.push(shift.clone());
                    released.push((*a, origin));
                    continue;
                }
                if pinned {
                    origins.push(shift.clone());
                    planner.pin(lane, a.person, a.first_slice, a.slices, origin);
                } else if wanted {
                    if planner.keep(lane, a.person, a.first_slice, a.slices, origin) {
                        origins.push(shift.clone());
                    } else {
                        rejected.push(i);
                    }
                }
            }
        }
        // A pinned shift that no longer lines up with the slices is still kept
        // as it was, when it touches the horizon; `check` reports it. History
        // is kept wherever it lies.
        let (from, to) = horizon_instants(coverage);
        let off_grid: std::collections::HashSet<usize> = resolved
            .assignments
            .iter()
            .filter(|a| a.off_grid)
            .map(|a| a.shift)
            .collect();
        for problem in &resolved.problems {
            let i = problem_shift(problem);
            if off_grid.contains(&i) {
                // Placed above, on the slices it mostly covers.
                continue;
            }
            let shift = &existing.shifts[i];
            let history = options.now.is_some_and(|n| shift.is_history(n));
            if history
                || (shift.pinned
                    && shift.start.with_timezone(&Utc) < to
                    && shift.end.with_timezone(&Utc) > from)
            {
                // The slices it mostly covers are its own: nobody else is
                // put on them, and its holder is busy then.
                if let Some(rota) = coverage.rota_index(&shift.rota) {
                    let held = coverage.slices_mostly_within(
                        shift.start.with_timezone(&Utc),
                        shift.end.with_timezone(&Utc),
                    );
                    planner.hold_verbatim(
                        planner.lane(rota, shift.role),
                        org.person_index(&shift.person),
                        held.start,
                        held.len(),
                    );
                }
                verbatim.push(shift.clone());
            }
        }
        // Nothing new starts in the past.
        if let Some(now) = options.now {
            planner.freeze(crate::schedule::history_slices(coverage, now));
        }
    }
    planner.fill_and_improve();
    if options.existing.is_some() {
        for (a, origin) in released {
            if let Some(lane) = planner.lane(a.rota, a.role) {
                planner.restore(lane, a.person, a.first_slice, a.slices, origin);
            }
        }
    }

    // The file's order: rota id, then start, then person; sorting segments
    // by rank is much cheaper than sorting shifts by their strings.
    let mut rota_rank: Vec<usize> = (0..coverage.rotas.len()).collect();
    rota_rank.sort_by(|&a, &b| coverage.rotas[a].id.cmp(&coverage.rotas[b].id));
    let mut rank_of = vec![0; coverage.rotas.len()];
    for (rank, &r) in rota_rank.iter().enumerate() {
        rank_of[r] = rank;
    }
    let mut segments: Vec<(usize, Role, &state::Segment)> = planner
        .segments()
        .map(|s| {
            let (rota, role) = planner.lane_of(s.rota);
            (rota, role, s)
        })
        .collect();
    segments.sort_by_key(|&(rota, role, s)| (rank_of[rota], s.first, role, planner.rank(s.person)));
    let mut shifts = Vec::with_capacity(segments.len() + verbatim.len());
    for (rota, role, seg) in segments {
        shifts.push(shift_of(org, coverage, rota, role, seg, &origins));
    }
    if !verbatim.is_empty() {
        shifts.extend(verbatim);
        sort_shifts(&mut shifts);
    }
    let (mut unfilled, mut unfilled_secondary) = (Vec::new(), Vec::new());
    for (lane, slice) in planner.unfilled() {
        match planner.lane_of(lane) {
            (rota, Role::Primary) => unfilled.push((rota, slice)),
            (rota, Role::Secondary) => unfilled_secondary.push((rota, slice)),
        }
    }
    unfilled_secondary.sort_unstable();
    let plan = Plan {
        shifts,
        unfilled,
        unfilled_secondary,
        splits: planner.splits(),
    };
    (plan, planner.score(), rejected)
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
        // As the existing file has them until a save revises them
        // (`schedule::revise`), so nothing is lost by a caller that does not.
        revision: options.existing.map_or(0, |e| e.revision),
        updated: options.existing.and_then(|e| e.updated),
        shifts: plan.shifts.clone(),
        callouts: options
            .existing
            .map(|e| e.callouts.clone())
            .unwrap_or_default(),
        moved: options
            .existing
            .map(|e| e.moved.clone())
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

fn shift_of(
    org: &Organisation,
    coverage: &Coverage,
    rota: usize,
    role: Role,
    seg: &Segment,
    origins: &[Shift],
) -> Shift {
    if let Some(origin) = seg.origin.and_then(|o| origins.get(o)) {
        return origin.clone();
    }
    let utc: FixedOffset = Utc.fix();
    Shift {
        rota: coverage.rotas[rota].id.clone(),
        person: org.people[seg.person].id.clone(),
        start: coverage.slices[seg.first].start.with_timezone(&utc),
        end: coverage.slices[seg.first + seg.len - 1]
            .end
            .with_timezone(&utc),
        slices: seg.len as u32,
        pinned: false,
        note: String::new(),
        role,
    }
}

/// An off-grid shift moved onto the slices it mostly covers: its holder and
/// note, the slices' instants.
fn recut(coverage: &Coverage, shift: &Shift, a: &Assignment) -> Shift {
    let utc: FixedOffset = Utc.fix();
    Shift {
        start: coverage.slices[a.first_slice].start.with_timezone(&utc),
        end: coverage.slices[a.first_slice + a.slices - 1]
            .end
            .with_timezone(&utc),
        slices: a.slices as u32,
        ..shift.clone()
    }
}

fn sort_shifts(shifts: &mut [Shift]) {
    shifts.sort_by(|a, b| {
        a.rota
            .cmp(&b.rota)
            .then(a.start.cmp(&b.start))
            .then(a.role.cmp(&b.role))
            .then(a.person.cmp(&b.person))
    });
}

#[cfg(test)]
mod tests;
