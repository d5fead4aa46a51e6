//! The hard constraints of a schedule, checked against the organisation as
//! it is on each date (its dated changes applied): a hand-edited or stale
//! schedule can break any of them. History (what started before now) is
//! not judged by `unfilled`, `time-off-clash`, `not-eligible` or
//! `stale-schedule`: it was worked, and a change made today must not turn
//! it into an error. `double-booked` is about the file itself and is kept.

use chrono::{DateTime, Utc};

use crate::findings::{Code, Warning};
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::{Assignment, Schedule, ShiftProblem, digest, resolve};

/// `unfilled`, `time-off-clash`, `double-booked`, `not-eligible` and
/// `stale-schedule` findings for a schedule planned over `coverage`, with
/// nothing taken as history.
pub fn schedule_findings(
    org: &Organisation,
    org_text: &str,
    coverage: &Coverage,
    schedule: &Schedule,
) -> Vec<Warning> {
    schedule_findings_at(org, org_text, coverage, schedule, None)
}

/// [`schedule_findings`] with the shifts that started before `now` (and the
/// slices that did) taken as history.
pub fn schedule_findings_at(
    org: &Organisation,
    org_text: &str,
    coverage: &Coverage,
    schedule: &Schedule,
    now: Option<DateTime<Utc>>,
) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut resolved = resolve(org, coverage, schedule);
    let history = |shift: usize| now.is_some_and(|n| schedule.shifts[shift].is_history(n));
    // History that no longer lines up with the slices (planned under other
    // working hours) is not judged; it holds the slices it mostly covers.
    resolved
        .problems
        .retain(|p| !history(crate::schedule::problem_shift(p)));
    let past_slices = now.map_or(0, |n| crate::schedule::history_slices(coverage, n));
    let slices = coverage.horizon.len();
    let changed = !schedule.organisation_digest.is_empty()
        && schedule.organisation_digest != digest(org_text.as_bytes());
    let date = |d: usize| coverage.horizon.date(d);

    // A few shifts that do not line up are named one by one; many (the
    // working hours or time zone changed) are summed up in one finding.
    if resolved.problems.len() <= 3 {
        for problem in &resolved.problems {
            out.push(stale(org, schedule, problem, changed));
        }
    } else if let Some(first) = resolved.problems.first() {
        let mut w = stale(org, schedule, first, false);
        w.message = format!(
            "{} of the {} shifts do not fit the organisation{}; the first: {}",
            resolved.problems.len(),
            schedule.shifts.len(),
            changed_note(changed),
            w.message
        );
        w.people.clear();
        out.push(w);
    }

    // Per rota and slice, how many shifts cover it; per person and slice, which.
    let mut covered = vec![0u32; coverage.rotas.len() * slices];
    let mut held: Vec<Vec<(usize, &Assignment)>> = vec![Vec::new(); org.people.len()];
    let mut off_rota = Vec::new();
    for a in &resolved.assignments {
        let rota = &coverage.rotas[a.rota];
        let person = &org.people[a.person];
        for d in a.slice_range() {
            covered[a.rota * slices + d] += 1;
            held[a.person].push((d, a));
        }
        if history(a.shift) {
            if a.off_grid {
                out.extend(tail_gap(org, coverage, schedule, a, now));
            }
            continue;
        }
        let needless: Vec<usize> = a
            .slice_range()
            .filter(|&d| !coverage.needs_cover(a.rota, d))
            .collect();
        for (from, to) in runs(&needless) {
            off_rota.push(
                Warning::new(
                    Code::StaleSchedule,
                    format!(
                        "{} is on {} {}, but {} needs no cover then{}",
                        person.id,
                        rota.id,
                        when(date(from), date(to)),
                        rota.id,
                        changed_note(changed)
                    ),
                    replan_fix(schedule),
                )
                .rota(rota.id.clone())
                .person(person.id.clone())
                .dates(date(from), date(to)),
            );
        }
        let off: Vec<usize> = a
            .slice_range()
            .filter(|&d| person.is_off(date(d)))
            .collect();
        for (from, to) in runs(&off) {
            out.push(
                Warning::new(
                    Code::TimeOffClash,
                    format!(
                        "{} is on call for {} {} during their time off",
                        person.id,
                        rota.id,
                        when(date(from), date(to))
                    ),
                    format!(
                        "give {} on those dates to another member, or re-plan",
                        rota.id
                    ),
                )
                .rota(rota.id.clone())
                .person(person.id.clone())
                .dates(date(from), date(to)),
            );
        }
        let ineligible: Vec<usize> = a
            .slice_range()
            .filter(|&d| {
                coverage.needs_cover(a.rota, d) && !coverage.is_member(a.rota, d, a.person)
            })
            .collect();
        for (from, to) in runs(&ineligible) {
            let why = if let Some(why) = person.not_on_call_because(date(from)) {
                why.to_string()
            } else {
                format!("is not a member of {} then", rota.id)
            };
            out.push(
                Warning::new(
                    Code::NotEligible,
                    format!(
                        "{} is on {} {} but {why}",
                        person.id,
                        rota.id,
                        when(date(from), date(to))
                    ),
                    format!(
                        "give {} on those dates to one of its members, or re-plan",
                        rota.id
                    ),
                )
                .rota(rota.id.clone())
                .person(person.id.clone())
                .dates(date(from), date(to)),
            );
        }
    }
    out.extend(off_rota);

    for (p, slices_held) in held.iter_mut().enumerate() {
        slices_held.sort_by_key(|&(d, a)| (d, a.shift));
        // Days on which the person holds more than one shift, per pair of rotas.
        let mut clashes: Vec<((usize, usize), usize)> = Vec::new();
        for pair in slices_held.windows(2) {
            let ((d1, a1), (d2, a2)) = (pair[0], pair[1]);
            if d1 == d2 {
                clashes.push(((a1.rota.min(a2.rota), a1.rota.max(a2.rota)), d1));
            }
        }
        clashes.sort_unstable();
        clashes.dedup();
        let mut i = 0;
        while i < clashes.len() {
            let rotas = clashes[i].0;
            let group: Vec<usize> = clashes[i..]
                .iter()
                .take_while(|c| c.0 == rotas)
                .map(|c| c.1)
                .collect();
            i += group.len();
            for (from, to) in runs(&group) {
                let (r1, r2) = (&coverage.rotas[rotas.0].id, &coverage.rotas[rotas.1].id);
                let what = if r1 == r2 {
                    format!("holds two overlapping shifts of {r1}")
                } else {
                    format!("is on both {r1} and {r2}")
                };
                out.push(
                    Warning::new(
                        Code::DoubleBooked,
                        format!("{} {what} {}", org.people[p].id, when(date(from), date(to))),
                        format!("give one of them to another member of {r2}, or re-plan"),
                    )
                    .rota(r1.clone())
                    .person(org.people[p].id.clone())
                    .dates(date(from), date(to)),
                );
            }
        }
    }

    out.extend(overlapping_shifts(org, schedule));

    for (r, rota) in coverage.rotas.iter().enumerate() {
        let empty: Vec<usize> = (0..slices)
            .filter(|&d| {
                d >= past_slices && coverage.needs_cover(r, d) && covered[r * slices + d] == 0
            })
            .collect();
        for (from, to) in runs(&empty) {
            let n = to - from + 1;
            out.push(
                Warning::new(
                    Code::Unfilled,
                    format!(
                        "{} has nobody on call {} ({} slice{})",
                        rota.id,
                        when(date(from), date(to)),
                        n,
                        crate::display::plural(n)
                    ),
                    format!(
                        "assign a member of {} who is free then, or re-plan; if nobody is free, add a member or move time off",
                        rota.id
                    ),
                )
                .rota(rota.id.clone())
                .dates(date(from), date(to)),
            );
        }
    }
    out
}

/// `unfilled` after a kept shift that ends before the last slice it holds:
/// history planned under working hours that ended earlier leaves the rest
/// of that slice uncovered, and when that is still to come it is a gap.
fn tail_gap(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    a: &Assignment,
    now: Option<DateTime<Utc>>,
) -> Option<Warning> {
    let shift = &schedule.shifts[a.shift];
    let last = a.first_slice + a.slices - 1;
    let slice = &coverage.slices[last];
    let end = shift.end.with_timezone(&Utc);
    if slice.end <= end
        || now.is_some_and(|n| slice.end <= n)
        || !coverage.needs_cover(a.rota, last)
    {
        return None;
    }
    let rota = &coverage.rotas[a.rota].id;
    let local = |t: DateTime<Utc>| t.with_timezone(&org.timezone).format("%Y-%m-%d %H:%M");
    let date = coverage.horizon.date(last);
    Some(
        Warning::new(
            Code::Unfilled,
            format!(
                "{rota} has nobody on call from {} to {}: {}'s shift, kept as worked, ends before the slice does (the working hours or time zone changed)",
                local(end),
                local(slice.end),
                shift.person
            ),
            format!(
                "cover the gap by hand, or give the working hours or time zone a date after {} ends",
                shift.person
            ),
        )
        .rota(rota.clone())
        .person(shift.person.clone())
        .dates(date, date),
    )
}

fn stale(
    org: &Organisation,
    schedule: &Schedule,
    problem: &ShiftProblem,
    changed: bool,
) -> Warning {
    let (shift, what) = match *problem {
        ShiftProblem::UnknownRota { shift } => (
            shift,
            format!("rota {} does not exist", schedule.shifts[shift].rota),
        ),
        ShiftProblem::UnknownPerson { shift } => (
            shift,
            format!("person {} does not exist", schedule.shifts[shift].person),
        ),
        ShiftProblem::OffSlices { shift } => (
            shift,
            "its start or end is not a slice boundary inside the schedule's dates".to_string(),
        ),
        ShiftProblem::WrongSliceCount { shift, expected } => (
            shift,
            format!(
                "it says {} slices but spans {expected}",
                schedule.shifts[shift].slices
            ),
        ),
    };
    let s = &schedule.shifts[shift];
    let from = s.start.with_timezone(&org.timezone).date_naive();
    let to = s.end.with_timezone(&org.timezone).date_naive();
    let to = to.pred_opt().unwrap_or(to).max(from);
    let mut w = Warning::new(
        Code::StaleSchedule,
        format!(
            "the shift of {} on {} starting {} does not fit the organisation: {what}{}",
            s.person,
            s.rota,
            s.start.to_rfc3339(),
            changed_note(changed)
        ),
        replan_fix(schedule),
    )
    .rota(s.rota.clone())
    .dates(from, to);
    if org.person_index(&s.person).is_some() {
        w = w.person(s.person.clone());
    }
    w
}

/// "on D" for one date, "from D to E" for more.
fn when(from: chrono::NaiveDate, to: chrono::NaiveDate) -> String {
    if from == to {
        format!("on {from}")
    } else {
        format!("from {from} to {to}")
    }
}

/// Runs of consecutive slice indices as `(first, last)`; `slices` ascending.
fn runs(slices: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &d in slices {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == d => *last = d,
            _ => out.push((d, d)),
        }
    }
    out
}

/// Said after a stale finding when the organisation file's digest differs.
fn changed_note(changed: bool) -> &'static str {
    if changed {
        " (the organisation file has changed since this was planned)"
    } else {
        ""
    }
}

/// The fix for a stale schedule: re-plan its horizon.
fn replan_fix(schedule: &Schedule) -> String {
    format!(
        "re-plan: rota plan ORG --start {} --end {} -o SCHEDULE",
        schedule.start, schedule.end
    )
}

/// `overlapping-shifts`: two shifts of one rota that cover the same instant,
/// by their instants as written (so a hand-edited or stale shift counts too).
/// A rota has one person on call at a time; two would both be paid.
fn overlapping_shifts(org: &Organisation, schedule: &Schedule) -> Vec<Warning> {
    let mut order: Vec<usize> = (0..schedule.shifts.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&schedule.shifts[a], &schedule.shifts[b]);
        (&a.rota, a.start, a.end).cmp(&(&b.rota, b.start, b.end))
    });
    // The date whose slice holds an instant: slices run from one working
    // start to the next, so an early-morning instant is the previous date's.
    let since_midnight = org.working_hours.start - chrono::NaiveTime::MIN;
    let local = |t: &chrono::DateTime<chrono::FixedOffset>| {
        (t.with_timezone(&org.timezone).naive_local() - since_midnight).date()
    };
    let mut out = Vec::new();
    // The shift reaching furthest so far in this rota: any later-starting
    // shift that begins before it ends overlaps it.
    let mut reach: Option<usize> = None;
    for &i in &order {
        let shift = &schedule.shifts[i];
        if let Some(j) = reach.filter(|&j| schedule.shifts[j].rota == shift.rota) {
            let earlier = &schedule.shifts[j];
            // One person holding both is `double-booked` already.
            if shift.start < earlier.end && shift.person != earlier.person {
                let end = shift.end.min(earlier.end);
                let last = local(&(end - chrono::Duration::seconds(1)));
                let first = local(&shift.start);
                out.push(
                    Warning::new(
                        Code::OverlappingShifts,
                        format!(
                            "{} and {} both hold {} {}",
                            earlier.person,
                            shift.person,
                            shift.rota,
                            when(first, last.max(first))
                        ),
                        format!(
                            "keep one shift of {} at a time: shorten or remove one of them, or re-plan",
                            shift.rota
                        ),
                    )
                    .rota(shift.rota.clone())
                    .person(earlier.person.clone())
                    .person(shift.person.clone())
                    .dates(first, last.max(first)),
                );
            }
            if shift.end > earlier.end {
                reach = Some(i);
            }
        } else {
            reach = Some(i);
        }
    }
    out
}
