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
use crate::schedule::{Assignment, Role, Schedule, ShiftProblem, digest, resolve};

/// Two shifts' rotas and roles, the smaller first.
type RolePair = ((usize, Role), (usize, Role));

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

    out.extend(problem_findings(org, schedule, &resolved.problems, changed));

    // Per rota, role and slice, how many shifts cover it; per person and
    // slice, which.
    let lane = |rota: usize, role: Role| rota * 2 + usize::from(role.is_secondary());
    let mut covered = vec![0u32; coverage.rotas.len() * 2 * slices];
    let mut held: Vec<Vec<(usize, &Assignment)>> = vec![Vec::new(); org.people.len()];
    let mut off_rota = Vec::new();
    // Built only when kept history is off the grid.
    let mut spans: Option<Spans> = None;
    for a in &resolved.assignments {
        let rota = &coverage.rotas[a.rota];
        let person = &org.people[a.person];
        let role = a.role.suffix();
        for d in a.slice_range() {
            covered[lane(a.rota, a.role) * slices + d] += 1;
            held[a.person].push((d, a));
        }
        if history(a.shift) {
            if a.off_grid {
                let spans = spans.get_or_insert_with(|| spans_by_rota(schedule));
                out.extend(tail_gap(org, coverage, schedule, a, now, spans));
            }
            continue;
        }
        off_rota.extend(off_rota_findings(coverage, schedule, a, person, changed));
        let off: Vec<usize> = a
            .slice_range()
            .filter(|&d| person.is_off(date(d)))
            .collect();
        for (from, to) in runs(&off) {
            out.push(
                Warning::new(
                    Code::TimeOffClash,
                    format!(
                        "{} is on call for {}{role} {} during their time off",
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
                        "{} is on {}{role} {} but {why}",
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
        // Days on which the person holds more than one shift, per pair of
        // rotas and roles.
        let mut clashes: Vec<(RolePair, usize)> = Vec::new();
        for pair in slices_held.windows(2) {
            let ((d1, a1), (d2, a2)) = (pair[0], pair[1]);
            if d1 == d2 {
                let (x, y) = ((a1.rota, a1.role), (a2.rota, a2.role));
                clashes.push(((x.min(y), x.max(y)), d1));
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
                let ((r1, role1), (r2, role2)) = rotas;
                let (r1, r2) = (&coverage.rotas[r1].id, &coverage.rotas[r2].id);
                let what = if r1 == r2 && role1 == role2 {
                    format!("holds two overlapping shifts of {r1}{}", role1.suffix())
                } else if r1 == r2 {
                    format!("is both primary and secondary of {r1}")
                } else {
                    format!(
                        "is on both {r1}{} and {r2}{}",
                        role1.suffix(),
                        role2.suffix()
                    )
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

    // History off the slice grid counts for the slices it holds: where it
    // reaches past them, the next holder of those slices is on call instead.
    let mut reach: Vec<Option<(DateTime<Utc>, DateTime<Utc>)>> = vec![None; schedule.shifts.len()];
    for a in resolved
        .assignments
        .iter()
        .filter(|a| a.off_grid && history(a.shift))
    {
        let shift = &schedule.shifts[a.shift];
        let first = &coverage.slices[a.first_slice];
        let last = &coverage.slices[a.first_slice + a.slices - 1];
        reach[a.shift] = Some((
            shift.start.with_timezone(&Utc).max(first.start),
            shift.end.with_timezone(&Utc).min(last.end),
        ));
    }
    out.extend(overlapping_shifts(org, schedule, &reach));

    for (r, role) in (0..coverage.rotas.len()).flat_map(|r| Role::ALL.map(|role| (r, role))) {
        let rota = &coverage.rotas[r];
        let empty: Vec<usize> = (0..slices)
            .filter(|&d| {
                d >= past_slices
                    && coverage.needs_role(r, d, role)
                    && covered[lane(r, role) * slices + d] == 0
            })
            .collect();
        let nobody = if role.is_secondary() {
            "no secondary"
        } else {
            "nobody"
        };
        // The slice in progress began before now, so nothing is planned on
        // it; when nobody holds it, nobody is on call right now.
        if let Some(d) = past_slices.checked_sub(1).filter(|&d| {
            now.is_some_and(|n| coverage.slices[d].end > n)
                && coverage.needs_role(r, d, role)
                && covered[lane(r, role) * slices + d] == 0
        }) {
            let local = |t: DateTime<Utc>| t.with_timezone(&org.timezone).format("%Y-%m-%d %H:%M");
            let slice = &coverage.slices[d];
            out.push(
                Warning::new(
                    Code::Unfilled,
                    format!(
                        "{} has {nobody} on call now: the slice from {} to {} began with nobody",
                        rota.id,
                        local(slice.start),
                        local(slice.end)
                    ),
                    format!(
                        "call in a member of {} for the rest of it and write their shift in by hand; rota plans no shift that has begun",
                        rota.id
                    ),
                )
                .rota(rota.id.clone())
                .dates(date(d), date(d)),
            );
        }
        for (from, to) in runs(&empty) {
            let n = to - from + 1;
            out.push(
                Warning::new(
                    Code::Unfilled,
                    format!(
                        "{} has {nobody} on call {} ({} slice{})",
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

/// The `stale-schedule` findings of [`schedule_findings`], and nothing
/// else, in the same order: what `rota export` names before it exports
/// the shifts that do not fit, without the rest of the checks.
pub fn stale_findings(
    org: &Organisation,
    org_text: &str,
    coverage: &Coverage,
    schedule: &Schedule,
) -> Vec<Warning> {
    let resolved = resolve(org, coverage, schedule);
    let changed = !schedule.organisation_digest.is_empty()
        && schedule.organisation_digest != digest(org_text.as_bytes());
    let mut out = problem_findings(org, schedule, &resolved.problems, changed);
    for a in &resolved.assignments {
        out.extend(off_rota_findings(
            coverage,
            schedule,
            a,
            &org.people[a.person],
            changed,
        ));
    }
    out
}

/// The shifts that do not line up with the slices: a few named one by
/// one; many (the working hours or time zone changed) summed up in one
/// finding.
fn problem_findings(
    org: &Organisation,
    schedule: &Schedule,
    problems: &[ShiftProblem],
    changed: bool,
) -> Vec<Warning> {
    let mut out = Vec::new();
    if problems.len() <= 3 {
        for problem in problems {
            out.push(stale(org, schedule, problem, changed));
        }
    } else if let Some(first) = problems.first() {
        let mut w = stale(org, schedule, first, false);
        w.message = format!(
            "{} of the {} shifts do not fit the organisation{}; the first: {}",
            problems.len(),
            schedule.shifts.len(),
            changed_note(changed),
            w.message
        );
        w.people.clear();
        out.push(w);
    }
    out
}

/// A shift's runs of slices on which its rota needs nobody in its role.
fn off_rota_findings(
    coverage: &Coverage,
    schedule: &Schedule,
    a: &Assignment,
    person: &crate::org::Person,
    changed: bool,
) -> Vec<Warning> {
    let rota = &coverage.rotas[a.rota];
    let role = a.role.suffix();
    let date = |d: usize| coverage.horizon.date(d);
    let needless: Vec<usize> = a
        .slice_range()
        .filter(|&d| !coverage.needs_role(a.rota, d, a.role))
        .collect();
    let need = if a.role.is_secondary() {
        "no secondary"
    } else {
        "no cover"
    };
    runs(&needless)
        .into_iter()
        .map(|(from, to)| {
            Warning::new(
                Code::StaleSchedule,
                format!(
                    "{} is on {}{role} {}, but {} needs {need} then{}",
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
            .dates(date(from), date(to))
        })
        .collect()
}

/// Per rota id and role, its shifts' instants in order of start.
type Spans<'s> = std::collections::HashMap<(&'s str, Role), Vec<(DateTime<Utc>, DateTime<Utc>)>>;

fn spans_by_rota(schedule: &Schedule) -> Spans<'_> {
    let mut out: Spans = std::collections::HashMap::new();
    for s in &schedule.shifts {
        out.entry((s.rota.as_str(), s.role))
            .or_default()
            .push((s.start.with_timezone(&Utc), s.end.with_timezone(&Utc)));
    }
    for v in out.values_mut() {
        v.sort_unstable();
    }
    out
}

/// `cover-gap` after a kept shift that ends before the last slice it holds:
/// history planned under working hours that ended earlier leaves the rest
/// of that slice uncovered, and when that is still to come and no other
/// shift of the rota covers it, it is a gap. A warning, not an error: rota
/// plans whole slices, so the hour is covered by hand, and it passes.
fn tail_gap(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    a: &Assignment,
    now: Option<DateTime<Utc>>,
    by_rota: &Spans,
) -> Option<Warning> {
    let shift = &schedule.shifts[a.shift];
    let last = a.first_slice + a.slices - 1;
    let slice = &coverage.slices[last];
    let from = shift
        .end
        .with_timezone(&Utc)
        .max(now.unwrap_or(DateTime::<Utc>::MIN_UTC));
    if slice.end <= from || !coverage.needs_role(a.rota, last, a.role) {
        return None;
    }
    // Another shift of the rota in the same role from before the gap to its
    // end covers it: of those that start by then, the latest few (a rota's
    // shifts in one role follow one another).
    let spans = by_rota
        .get(&(shift.rota.as_str(), shift.role))
        .map_or(&[][..], Vec::as_slice);
    let started = spans.partition_point(|&(start, _)| start <= from);
    if spans[..started]
        .iter()
        .rev()
        .take(4)
        .any(|&(_, end)| end >= slice.end)
    {
        return None;
    }
    let rota = &coverage.rotas[a.rota].id;
    let nobody = if a.role.is_secondary() {
        "no secondary"
    } else {
        "nobody"
    };
    let local = |t: DateTime<Utc>| t.with_timezone(&org.timezone).format("%Y-%m-%d %H:%M");
    let date = coverage.horizon.date(last);
    Some(
        Warning::new(
            Code::CoverGap,
            format!(
                "{rota} has {nobody} on call from {} to {}: {}'s shift, kept as worked, ends before the slice does (the working hours or time zone changed)",
                local(from),
                local(slice.end),
                shift.person
            ),
            format!(
                "ask {} to stay on call until {}, or call in another member for that time; rota plans whole slices only",
                shift.person,
                local(slice.end)
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
fn overlapping_shifts(
    org: &Organisation,
    schedule: &Schedule,
    reach: &[Option<(DateTime<Utc>, DateTime<Utc>)>],
) -> Vec<Warning> {
    // Each shift's instants, or for kept history off the grid the part of
    // them within the slices it holds.
    let span = |i: usize| {
        reach[i].unwrap_or_else(|| {
            let s = &schedule.shifts[i];
            (s.start.with_timezone(&Utc), s.end.with_timezone(&Utc))
        })
    };
    let mut order: Vec<usize> = (0..schedule.shifts.len()).collect();
    order.sort_by(|&a, &b| {
        let (sa, sb) = (span(a), span(b));
        let (a, b) = (&schedule.shifts[a], &schedule.shifts[b]);
        (&a.rota, a.role, sa.0, sa.1).cmp(&(&b.rota, b.role, sb.0, sb.1))
    });
    // The date whose slice holds an instant: slices run from one working
    // start to the next, so an early-morning instant is the previous date's.
    let since_midnight = org.working_hours.start - chrono::NaiveTime::MIN;
    let local =
        |t: DateTime<Utc>| (t.with_timezone(&org.timezone).naive_local() - since_midnight).date();
    let mut out = Vec::new();
    // The shift reaching furthest so far in this rota: any later-starting
    // shift that begins before it ends overlaps it.
    let mut furthest: Option<usize> = None;
    for &i in &order {
        let shift = &schedule.shifts[i];
        let (start, end) = span(i);
        if let Some(j) = furthest.filter(|&j| {
            schedule.shifts[j].rota == shift.rota && schedule.shifts[j].role == shift.role
        }) {
            let earlier = &schedule.shifts[j];
            let earlier_end = span(j).1;
            // One person holding both is `double-booked` already.
            if start < earlier_end && shift.person != earlier.person {
                let last = local(end.min(earlier_end) - chrono::Duration::seconds(1));
                let first = local(start);
                out.push(
                    Warning::new(
                        Code::OverlappingShifts,
                        format!(
                            "{} and {} both hold {}{} {}",
                            earlier.person,
                            shift.person,
                            shift.rota,
                            shift.role.suffix(),
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
            if end > earlier_end {
                furthest = Some(i);
            }
        } else {
            furthest = Some(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Horizon;
    use crate::org::generate::{GenerateOptions, generate};
    use crate::org::parse_organisation;
    use crate::planner::{PlanOptions, plan_schedule};

    /// `stale_findings` gives the `stale-schedule` findings of all the
    /// checks, in their order: on a schedule that fits, one planned under
    /// other working hours, one whose secondaries are no longer needed,
    /// and a few hand-edited shifts.
    #[test]
    fn stale_findings_are_those_of_all_the_checks() {
        let text = generate(&GenerateOptions {
            teams: 12,
            people_per_team: 4,
            seed: 3,
            secondary: true,
            ..GenerateOptions::default()
        });
        let org = parse_organisation("org.toml", &text).expect("loads");
        let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let (planned, _) = plan_schedule(
            &org,
            &text,
            "org.toml",
            Horizon::weeks(start, 6),
            &PlanOptions::default(),
        );
        let mut edited = planned.clone();
        edited.shifts[0].slices += 1;
        edited.shifts[3].person = "nobody".into();
        let cases = [
            (text.clone(), &planned, false),
            (
                text.replacen("start = \"09:00\"", "start = \"10:00\"", 1),
                &planned,
                true,
            ),
            (text.replacen("secondary = true\n", "", 1), &planned, true),
            (text.clone(), &edited, true),
        ];
        for (i, (org_text, schedule, stale)) in cases.iter().enumerate() {
            let org = parse_organisation("org.toml", org_text).expect("loads");
            let coverage = Coverage::build(&org, schedule.horizon());
            let all: Vec<Warning> = schedule_findings(&org, org_text, &coverage, schedule)
                .into_iter()
                .filter(|w| w.code == Code::StaleSchedule)
                .collect();
            assert_eq!(!all.is_empty(), *stale, "case {i}: {all:?}");
            assert_eq!(
                stale_findings(&org, org_text, &coverage, schedule),
                all,
                "case {i}"
            );
        }
    }
}
