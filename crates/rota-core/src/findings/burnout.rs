//! Burnout and cost findings: the soft rules of `[rules]` applied to a
//! schedule (on-call share, consecutive slices, rest between shifts, callout
//! load, weekend and holiday balance), to the rotas of a coverage (size,
//! participation) and to the run cost (linear growth).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::analysis::callouts::{CalloutRates, validate_callouts};
use crate::analysis::runcost::RunCost;
use crate::calendar::SliceKind;
use crate::display::{count_words, counted};
use crate::findings::{Code, Warning};
use crate::org::Organisation;
use crate::rotas::{Coverage, RotaKind};
use crate::rules::{SHARE_WINDOW, busiest_window, share_exceeded};
use crate::schedule::{Assignment, Schedule, resolve};

/// Every schedule finding of the burnout rules, and the recorded callouts
/// that do not check out.
pub fn schedule_warnings(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
) -> Vec<Warning> {
    let resolved = resolve(org, coverage, schedule);
    let mut out = Vec::new();
    let runs = person_runs(&resolved.assignments);
    for (&person, shifts) in &runs {
        oncall_share(org, coverage, person, shifts, &mut out);
        consecutive_and_rest(org, coverage, person, shifts, &mut out);
    }
    callout_load(org, coverage, schedule, &resolved.assignments, &mut out);
    let (valid, problems) = validate_callouts(org, coverage, schedule, &resolved);
    out.extend(problems.iter().map(|p| p.to_warning(schedule)));
    out.extend(super::rest_warnings(org, coverage, schedule, &valid));
    holiday_imbalance(org, coverage, &resolved.assignments, &mut out);
    out
}

/// Each person's shifts as sorted `(first_slice, end_slice)` slice ranges.
fn person_runs(assignments: &[Assignment]) -> BTreeMap<usize, Vec<(usize, usize)>> {
    let mut runs: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for a in assignments {
        runs.entry(a.person)
            .or_default()
            .push((a.first_slice, a.first_slice + a.slices));
    }
    for r in runs.values_mut() {
        r.sort_unstable();
    }
    runs
}

fn date(coverage: &Coverage, slice: usize) -> NaiveDate {
    coverage.horizon.date(slice)
}

fn oncall_share(
    org: &Organisation,
    coverage: &Coverage,
    person: usize,
    shifts: &[(usize, usize)],
    out: &mut Vec<Warning>,
) {
    let len = coverage.horizon.len();
    if len == 0 {
        return;
    }
    // Days outside the schedule count as free, so a short schedule is one
    // window over its whole length measured against 28 slices.
    let mut on = vec![false; len];
    for &(a, b) in shifts {
        for d in on.iter_mut().take(b.min(len)).skip(a) {
            *d = true;
        }
    }
    let window = SHARE_WINDOW.min(len);
    let (best, best_start) = busiest_window(len, |d| on[d]);
    let best = best as u32;
    let limit = org.rules.max_oncall_share;
    let share = f64::from(best) / SHARE_WINDOW as f64;
    if !share_exceeded(&org.rules, best as usize) {
        return;
    }
    let p = &org.people[person];
    let allowed = (limit * SHARE_WINDOW as f64).floor() as usize;
    out.push(
        Warning::new(
            Code::OncallShare,
            format!(
                "{} is on call {} of the 28 slices from {} ({:.0}%, more than the {:.0}% allowed)",
                p.id,
                best,
                date(coverage, best_start),
                share * 100.0,
                limit * 100.0
            ),
            format!(
                "give {} of {}'s slices in those four weeks to someone else (at most {} in any 28)",
                count_words(best as usize - allowed),
                p.id,
                allowed
            ),
        )
        .person(p.id.clone())
        .dates(
            date(coverage, best_start),
            date(coverage, (best_start + window - 1).min(len - 1)),
        ),
    );
}

fn consecutive_and_rest(
    org: &Organisation,
    coverage: &Coverage,
    person: usize,
    shifts: &[(usize, usize)],
    out: &mut Vec<Warning>,
) {
    let p = &org.people[person];
    // Merge adjacent or overlapping shifts into runs of on-call slices.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for &(a, b) in shifts {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let max = org.rules.max_consecutive_slices as usize;
    for &(a, b) in &merged {
        if b - a > max {
            out.push(
                Warning::new(
                    Code::ConsecutiveSlices,
                    format!(
                        "{} is on call {} slices in a row from {} to {} (at most {})",
                        p.id,
                        b - a,
                        date(coverage, a),
                        date(coverage, b - 1),
                        max
                    ),
                    format!(
                        "hand {} of those slices to someone else so {} has at most {} in a row",
                        count_words(b - a - max),
                        p.id,
                        max
                    ),
                )
                .person(p.id.clone())
                .dates(date(coverage, a), date(coverage, b - 1)),
            );
        }
    }
    let rest = org.rules.min_rest_slices as usize;
    for pair in merged.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        let gap = next.0 - prev.1;
        if gap < rest {
            out.push(
                Warning::new(
                    Code::BackToBack,
                    format!(
                        "{} has only {} between a shift ending {} and the next starting {} (at least {} wanted)",
                        p.id,
                        counted(gap, "free slice", "free slices"),
                        date(coverage, prev.1 - 1),
                        date(coverage, next.0),
                        rest
                    ),
                    format!(
                        "swap {}'s shift starting {} with someone who has been off longer",
                        p.id,
                        date(coverage, next.0)
                    ),
                )
                .person(p.id.clone())
                .dates(date(coverage, prev.1 - 1), date(coverage, next.0)),
            );
        }
    }
}

fn callout_load(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    assignments: &[Assignment],
    out: &mut Vec<Warning>,
) {
    let max = org.rules.max_callouts_per_slice;
    let rates = CalloutRates::new(org, coverage);
    // Expected: runs of slices where a rota's expected callouts per slice are
    // above the limit, whoever is on call.
    for r in 0..coverage.rotas.len() {
        let mut run: Option<(usize, usize, f64)> = None;
        let mut flush = |run: &mut Option<(usize, usize, f64)>| {
            if let Some((a, b, peak)) = run.take() {
                let rota = &coverage.rotas[r].id;
                let mut w = Warning::new(
                    Code::CalloutLoad,
                    format!(
                        "{rota} expects up to {peak:.1} callouts a slice from {} to {} (at most {max:.1}); an estimate from the services' callouts_per_week",
                        date(coverage, a),
                        date(coverage, b - 1)
                    ),
                    format!("split {rota} into smaller rotas or cut the callout rate of its noisiest services"),
                )
                .rota(rota.clone())
                .dates(date(coverage, a), date(coverage, b - 1));
                let mut people: Vec<&str> = assignments
                    .iter()
                    .filter(|x| x.rota == r && x.first_slice < b && a < x.first_slice + x.slices)
                    .map(|x| org.people[x.person].id.as_str())
                    .collect();
                people.sort_unstable();
                people.dedup();
                for p in people {
                    w = w.person(p);
                }
                out.push(w);
            }
        };
        for slice in 0..coverage.horizon.len() {
            let rate = rates.per_slice(org, coverage, r, slice);
            if rate > max + 1e-9 {
                match &mut run {
                    Some((_, b, peak)) => {
                        *b = slice + 1;
                        *peak = peak.max(rate);
                    }
                    None => run = Some((slice, slice + 1, rate)),
                }
            } else {
                flush(&mut run);
            }
        }
        flush(&mut run);
    }
    // Recorded: callouts one person took in one slice.
    let resolved_callouts = {
        let resolved = crate::schedule::Resolved {
            assignments: assignments.to_vec(),
            problems: Vec::new(),
        };
        validate_callouts(org, coverage, schedule, &resolved).0
    };
    let mut per_slice: BTreeMap<(usize, usize), (u32, Vec<usize>)> = BTreeMap::new();
    for c in &resolved_callouts {
        let e = per_slice.entry((c.person, c.slice)).or_default();
        e.0 += 1;
        e.1.push(c.rota);
    }
    for ((person, slice), (n, rotas)) in per_slice {
        if f64::from(n) > max + 1e-9 {
            let p = &org.people[person];
            let rota = &coverage.rotas[rotas[0]].id;
            out.push(
                Warning::new(
                    Code::CalloutLoad,
                    format!(
                        "{} was called out {n} times in the slice of {} on {rota} (at most {max:.1})",
                        p.id,
                        date(coverage, slice)
                    ),
                    format!(
                        "give {} the next slice off and look at what paged them on {}",
                        p.id,
                        date(coverage, slice)
                    ),
                )
                .rota(rota.clone())
                .person(p.id.clone())
                .dates(date(coverage, slice), date(coverage, slice)),
            );
        }
    }
}

/// Weekend and holiday slices compared with the fairest spread the time off
/// allows: the water level that shares the rota's slices of that kind among
/// its members, each capped by the slices they could have taken.
fn holiday_imbalance(
    org: &Organisation,
    coverage: &Coverage,
    assignments: &[Assignment],
    out: &mut Vec<Warning>,
) {
    let mut by_rota: Vec<Vec<&Assignment>> = vec![Vec::new(); coverage.rotas.len()];
    for a in assignments {
        if let Some(v) = by_rota.get_mut(a.rota) {
            v.push(a);
        }
    }
    for (r, of_rota) in by_rota.iter().enumerate() {
        for kind in [SliceKind::Weekend, SliceKind::Holiday] {
            let members = coverage.all_members(r);
            if members.len() < 2 {
                continue;
            }
            let mut cap: BTreeMap<usize, usize> = members.iter().map(|&m| (m, 0)).collect();
            for slice in 0..coverage.horizon.len() {
                if coverage.slices[slice].kind != kind {
                    continue;
                }
                let Some(cover) = coverage.cover(r, slice) else {
                    continue;
                };
                let d = date(coverage, slice);
                for &m in &cover.members {
                    if !org.people[m].is_off(d) {
                        *cap.entry(m).or_default() += 1;
                    }
                }
            }
            let mut got: BTreeMap<usize, usize> = cap.keys().map(|&m| (m, 0)).collect();
            // The most slices of this kind any one shift window holds: the
            // unavoidable lumpiness of the handoff policy.
            let lump = coverage
                .shift_windows(r)
                .iter()
                .map(|&(a, n)| {
                    (a..a + n)
                        .filter(|&d| coverage.slices[d].kind == kind)
                        .count()
                })
                .max()
                .unwrap_or(0);
            let mut total = 0usize;
            for a in of_rota {
                let n = a
                    .slice_range()
                    .filter(|&d| coverage.slices[d].kind == kind)
                    .count();
                *got.entry(a.person).or_default() += n;
                total += n;
            }
            if total == 0 {
                continue;
            }
            let level = water_level(&cap.values().copied().collect::<Vec<_>>(), total);
            let fair = |m: usize| (cap.get(&m).copied().unwrap_or(0) as f64).min(level);
            let over: Vec<(usize, usize)> = got
                .iter()
                .filter(|(m, n)| **n as f64 - fair(**m) > lump as f64 + 1e-9)
                .map(|(m, n)| (*m, *n))
                .collect();
            if over.is_empty() {
                continue;
            }
            let mut under: Vec<(usize, usize)> = got
                .iter()
                .filter(|(m, n)| fair(**m) - **n as f64 > 1e-9)
                .map(|(m, n)| (*m, *n))
                .collect();
            under.sort_by(|a, b| {
                (fair(b.0) - b.1 as f64)
                    .total_cmp(&(fair(a.0) - a.1 as f64))
                    .then(a.0.cmp(&b.0))
            });
            let rota = &coverage.rotas[r].id;
            let kind_name = if kind == SliceKind::Weekend {
                "weekend"
            } else {
                "holiday"
            };
            let heavy = over
                .iter()
                .map(|(m, n)| format!("{} {n}", org.people[*m].id))
                .collect::<Vec<_>>()
                .join(", ");
            let light = under
                .iter()
                .take(3)
                .map(|(m, n)| format!("{} {n}", org.people[*m].id))
                .collect::<Vec<_>>()
                .join(", ");
            let fix_to = under
                .first()
                .map_or("a member with fewer".to_string(), |(m, _)| {
                    org.people[*m].id.clone()
                });
            let mut w = Warning::new(
                Code::HolidayImbalance,
                format!(
                    "{rota}: {kind_name} slices are spread more unevenly than time off requires ({heavy}; fair share about {level:.1}; fewest: {light})"
                ),
                format!(
                    "give one of {}'s {kind_name} shifts on {rota} to {fix_to}",
                    org.people[over[0].0].id
                ),
            )
            .rota(rota.clone())
            .dates(coverage.horizon.start, date(coverage, coverage.horizon.len().saturating_sub(1)));
            for (m, _) in over.iter().chain(under.iter().take(3)) {
                w = w.person(org.people[*m].id.clone());
            }
            out.push(w);
        }
    }
}

/// The level L with sum(min(cap, L)) = total (or the largest cap when the
/// caps cannot hold the total).
pub fn water_level(caps: &[usize], total: usize) -> f64 {
    let mut sorted: Vec<usize> = caps.to_vec();
    sorted.sort_unstable();
    let mut left = total as f64;
    let mut remaining = sorted.len();
    for &c in &sorted {
        let even = left / remaining as f64;
        if (c as f64) >= even {
            return even;
        }
        left -= c as f64;
        remaining -= 1;
    }
    sorted.last().map_or(0.0, |&c| c as f64)
}

/// Findings about the rotas of a coverage: too few members, or a team that
/// mostly leaves on-call to a few of its people.
pub fn coverage_warnings(org: &Organisation, coverage: &Coverage) -> Vec<Warning> {
    let mut out = Vec::new();
    let len = coverage.horizon.len();
    // A span from the horizon's first to its last day needs no dates.
    let whole = |a: usize, b: usize| a == 0 && b == len;
    for r in 0..coverage.rotas.len() {
        let rota = &coverage.rotas[r];
        // One finding per rota: its fewest members, over the slices it is
        // short. A slice that needs a secondary wants the larger minimum.
        let single = org.rules.min_rota_size as usize;
        let double = single.max(org.rules.min_rota_size_secondary as usize);
        let mut min = single;
        let mut two_level = false;
        let mut short: Option<(usize, usize, usize, Vec<usize>)> = None; // first, last, fewest, teams
        for slice in 0..len {
            let Some(cover) = coverage.cover(r, slice) else {
                continue;
            };
            let n = cover.members.len();
            let wanted = if cover.secondary { double } else { single };
            if n >= wanted {
                continue;
            }
            if cover.secondary {
                two_level = true;
                min = min.max(double);
            }
            let e = short.get_or_insert((slice, slice, n, Vec::new()));
            e.1 = slice;
            e.2 = e.2.min(n);
            for &t in &cover.teams {
                if !e.3.contains(&t) {
                    e.3.push(t);
                }
            }
        }
        if let Some((first, last, n, mut teams)) = short {
            let add = counted(min - n, "member", "members");
            let fix = match merge_partner(org, coverage, r) {
                Some(other) => format!("add {add} to {} or merge it with {other}", rota.id),
                None => format!("add {add} to {}", rota.id),
            };
            let span = if whole(first, last + 1) {
                String::new()
            } else {
                format!(
                    " from {} to {}",
                    date(coverage, first),
                    date(coverage, last)
                )
            };
            let two = if two_level {
                " for a primary and a secondary"
            } else {
                ""
            };
            let mut w = Warning::new(
                Code::RotaTooSmall,
                format!(
                    "{} has {} opted-in member{}{span} (at least {min} wanted{two})",
                    rota.id,
                    n,
                    crate::display::plural(n),
                ),
                fix,
            )
            .rota(rota.id.clone());
            teams.sort_unstable();
            for t in teams {
                w = w.team(org.teams[t].id.clone());
            }
            if !whole(first, last + 1) {
                w = w.dates(date(coverage, first), date(coverage, last));
            }
            out.push(w);
        }
        // Participation per team covered.
        let mut seen: BTreeMap<usize, (usize, usize, usize)> = BTreeMap::new(); // team -> (first, last, opted)
        for d in 0..len {
            if let Some(cover) = coverage.cover(r, d) {
                for &t in &cover.teams {
                    let opted = cover
                        .members
                        .iter()
                        .filter(|&&m| org.people[m].team == t)
                        .count();
                    let e = seen.entry(t).or_insert((d, d, opted));
                    e.1 = d;
                    e.2 = e.2.min(opted);
                }
            }
        }
        for (t, (first, last, opted)) in seen {
            let team = &org.teams[t];
            let size = org.team_people(t).count();
            if size == 0 {
                continue;
            }
            let share = opted as f64 / size as f64;
            let min = org.rules.min_participation;
            if share + 1e-9 >= min {
                continue;
            }
            let needed = ((min * size as f64) - 1e-9).ceil() as usize;
            let more = needed.saturating_sub(opted);
            let mut w = Warning::new(
                Code::LimitedParticipation,
                format!(
                    "only {opted} of {size} people of {} are on {} ({:.0}%, at least {:.0}% wanted)",
                    team.id,
                    rota.id,
                    share * 100.0,
                    min * 100.0
                ),
                format!(
                    "ask {} of {} to opt in to on-call{}",
                    count_words(more),
                    team.id,
                    if matches!(rota.kind, RotaKind::Explicit(_)) {
                        format!(" or add them to {}'s members", rota.id)
                    } else {
                        String::new()
                    }
                ),
            )
            .rota(rota.id.clone())
            .team(team.id.clone());
            if !whole(first, last + 1) {
                w = w.dates(date(coverage, first), date(coverage, last));
            }
            out.push(w);
        }
    }
    out
}

/// A rota a small one could merge with: for a team rota, its domain's rota;
/// for a domain rota, the smallest other domain rota; failing those, the
/// smallest other rota of the same domain, then the smallest other rota.
fn merge_partner(org: &Organisation, coverage: &Coverage, r: usize) -> Option<String> {
    let domain_of = |k: RotaKind| match k {
        RotaKind::Team(t) => Some(org.teams[t].domain),
        RotaKind::Domain(d) => Some(d),
        RotaKind::Explicit(_) => None,
    };
    let kind = coverage.rotas[r].kind;
    let mine = domain_of(kind);
    let others: Vec<usize> = (0..coverage.rotas.len()).filter(|&i| i != r).collect();
    let smallest = |pred: &dyn Fn(RotaKind) -> bool| {
        others
            .iter()
            .copied()
            .filter(|&i| pred(coverage.rotas[i].kind))
            .min_by_key(|&i| (coverage.all_members(i).len(), i))
    };
    let first = match kind {
        RotaKind::Team(t) => smallest(&|k| k == RotaKind::Domain(org.teams[t].domain)),
        RotaKind::Domain(_) => smallest(&|k| matches!(k, RotaKind::Domain(_))),
        RotaKind::Explicit(_) => None,
    };
    first
        .or_else(|| smallest(&|k| mine.is_some() && domain_of(k) == mine))
        .or_else(|| smallest(&|_| true))
        .map(|i| coverage.rotas[i].id.clone())
}

/// The share of teams above which a plan counts as one rota per team.
pub const LINEAR_TEAM_SHARE: f64 = 0.5;
/// The share of the baseline above which a plan costs like one rota per team.
pub const LINEAR_COST_SHARE: f64 = 0.75;

/// `linear-run-cost` when the plan behaves like one rota per team.
pub fn linear_run_cost(org: &Organisation, cost: &RunCost) -> Option<Warning> {
    let n = cost.current.teams;
    if n < 2 || cost.current.per_team_yearly_cost.minor() == 0 {
        return None;
    }
    let own_share = cost.own_rota_teams as f64 / n as f64;
    let cost_share = cost.tiered_share();
    if own_share <= LINEAR_TEAM_SHARE && cost_share <= LINEAR_COST_SHARE {
        return None;
    }
    let last = cost.projections.iter().max_by_key(|r| r.teams);
    let growth = last.map_or(String::new(), |r| {
        format!(
            "; at {} teams it would be {} against {}",
            r.teams, r.tiered_yearly_cost, r.per_team_yearly_cost
        )
    });
    let mut w = Warning::new(
        Code::LinearRunCost,
        format!(
            "run cost grows with the number of teams: {} of {n} teams carry their own rota and the plan costs {} {} a year, {:.0}% of one rota per team ({}){growth}. Rule: warn when more than {:.0}% of teams carry their own rota or the plan costs more than {:.0}% of the one-rota-per-team baseline",
            cost.own_rota_teams,
            cost.current.tiered_yearly_cost,
            cost.currency,
            cost_share * 100.0,
            cost.current.per_team_yearly_cost,
            LINEAR_TEAM_SHARE * 100.0,
            LINEAR_COST_SHARE * 100.0
        ),
        String::new(),
    );
    let own: Vec<usize> = (0..org.teams.len())
        .filter(|&t| crate::tier::team_base_level(org, t) == crate::org::Level::Team)
        .collect();
    let names: Vec<&str> = own.iter().map(|&t| org.teams[t].id.as_str()).collect();
    w.fix = if names.is_empty() {
        "have teams with single-team explicit rotas share a rota with their siblings".to_string()
    } else {
        format!(
            "recheck the hourly exposure of {}: a team whose services are below the team band shares its domain's rota",
            names.join(", ")
        )
    };
    for &t in &own {
        w = w.team(org.teams[t].id.clone());
    }
    Some(w)
}
