//! How good the plans are: against an exact solver on small rotas, and
//! against two common schedulers on generated organisations — a plain
//! round-robin (ignores time off) and the "least recently on call" greedy
//! of LinkedIn's open-source oncall tool.

use crate::common::{date, one_team};
use rota_core::calendar::Horizon;
use rota_core::org::generate::{GenerateOptions, Prng, generate};
use rota_core::org::{Handoff, Organisation, parse_organisation};
use rota_core::planner::{PlanOptions, plan};
use rota_core::rotas::Coverage;
use rota_core::schedule::{Role, resolve};

/// `(rota, person, first_slice, slices)`.
type Assigned = Vec<(usize, usize, usize, usize)>;

fn ours(org: &Organisation, coverage: &Coverage) -> Assigned {
    let (schedule, _) = rota_core::planner::plan_schedule(
        org,
        "",
        "org.toml",
        coverage.horizon,
        &PlanOptions::default(),
    );
    resolve(org, coverage, &schedule)
        .assignments
        .iter()
        .map(|a| (a.rota, a.person, a.first_slice, a.slices))
        .collect()
}

/// Each rota hands its windows to its members in turn, whoever is away.
fn round_robin(coverage: &Coverage) -> Assigned {
    let mut out = Vec::new();
    for rota in 0..coverage.rotas.len() {
        let mut turn = 0;
        for (first, len) in coverage.shift_windows(rota) {
            let members = &coverage.cover(rota, first).unwrap().members;
            if members.is_empty() {
                continue;
            }
            out.push((rota, members[turn % members.len()], first, len));
            turn += 1;
        }
    }
    out
}

/// Each rota gives each window to the member who was on call least
/// recently and is not away (anyone, when everyone is away).
fn least_recently_on_call(org: &Organisation, coverage: &Coverage) -> Assigned {
    let mut out = Vec::new();
    let h = coverage.horizon;
    for rota in 0..coverage.rotas.len() {
        let mut last: Vec<Option<usize>> = vec![None; org.people.len()];
        for (first, len) in coverage.shift_windows(rota) {
            let members = &coverage.cover(rota, first).unwrap().members;
            let free: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&p| (first..first + len).all(|d| !org.people[p].is_off(h.date(d))))
                .collect();
            let pool = if free.is_empty() {
                members.clone()
            } else {
                free
            };
            if let Some(&p) = pool.iter().min_by_key(|&&p| (last[p], p)) {
                last[p] = Some(first + len);
                out.push((rota, p, first, len));
            }
        }
    }
    out
}

fn clashes(org: &Organisation, coverage: &Coverage, a: &Assigned) -> usize {
    a.iter()
        .map(|&(_, p, first, len)| {
            (first..first + len)
                .filter(|&d| org.people[p].is_off(coverage.horizon.date(d)))
                .count()
        })
        .sum()
}

/// Sum over rotas of (busiest member's slices − idlest member's slices).
/// Without a peak everyone belongs to one rota for the whole horizon.
fn spread(org: &Organisation, coverage: &Coverage, a: &Assigned) -> usize {
    let mut total = 0;
    for rota in 0..coverage.rotas.len() {
        let mut load = vec![0usize; org.people.len()];
        for &(_, p, _, len) in a {
            load[p] += len;
        }
        let members = coverage.all_members(rota);
        let max = members.iter().map(|&m| load[m]).max().unwrap_or(0);
        let min = members.iter().map(|&m| load[m]).min().unwrap_or(0);
        total += max - min;
    }
    total
}

/// People on call more than the rules' share of some 28 slices, measured
/// as the `oncall-share` warning measures it.
fn over_share(org: &Organisation, coverage: &Coverage, a: &Assigned) -> usize {
    use rota_core::rules::{busiest_window, share_exceeded};
    let days = coverage.horizon.len();
    let mut on = vec![false; org.people.len() * days];
    for &(_, p, first, len) in a {
        for d in first..first + len {
            on[p * days + d] = true;
        }
    }
    (0..org.people.len())
        .filter(|&p| share_exceeded(&org.rules, busiest_window(days, |d| on[p * days + d]).0))
        .count()
}

#[test]
fn beats_round_robin_and_least_recently_on_call() {
    let mut totals = [0usize; 3];
    let mut shares = [0usize; 3];
    for handoff in [Handoff::Weekly, Handoff::Daily, Handoff::Split] {
        for seed in 1..=5 {
            let text = generate(&GenerateOptions {
                teams: 20,
                people_per_team: 6,
                seed,
                handoff,
                peak: false,
                ..GenerateOptions::default()
            });
            let org = parse_organisation("gen.toml", &text).unwrap();
            let coverage = Coverage::build(&org, Horizon::weeks(date("2026-11-23"), 26));
            let (o, rr, lru) = (
                ours(&org, &coverage),
                round_robin(&coverage),
                least_recently_on_call(&org, &coverage),
            );
            let (co, crr, clru) = (
                clashes(&org, &coverage, &o),
                clashes(&org, &coverage, &rr),
                clashes(&org, &coverage, &lru),
            );
            let (so, srr, slru) = (
                spread(&org, &coverage, &o),
                spread(&org, &coverage, &rr),
                spread(&org, &coverage, &lru),
            );
            let (vo, vrr, vlru) = (
                over_share(&org, &coverage, &o),
                over_share(&org, &coverage, &rr),
                over_share(&org, &coverage, &lru),
            );
            eprintln!(
                "{} seed {seed}: time-off clashes ours {co}, round-robin {crr}, least-recent {clru}; \
                 spread ours {so}, round-robin {srr}, least-recent {slru}; \
                 over the on-call share ours {vo}, round-robin {vrr}, least-recent {vlru}",
                handoff.as_str()
            );
            shares[0] += vo;
            shares[1] += vrr;
            shares[2] += vlru;
            assert_eq!(co, 0);
            assert!(crr > 0);
            assert!(so <= slru, "spread ours {so}, least-recent {slru}");
            totals[0] += so;
            totals[1] += srr;
            totals[2] += slru;
        }
    }
    eprintln!(
        "total spread: ours {}, round-robin {}, least-recent {}",
        totals[0], totals[1], totals[2]
    );
    assert!(totals[0] < totals[1] && totals[0] < totals[2], "{totals:?}");
    eprintln!(
        "people over the on-call share: ours {}, round-robin {}, least-recent {}",
        shares[0], shares[1], shares[2]
    );
    assert!(
        shares[0] <= shares[1] && shares[0] <= shares[2],
        "{shares:?}"
    );
}

/// The lowest possible slices of the busiest member when every window goes
/// to one member who is free for all of it (none when some window has
/// nobody free for all of it).
fn exact_best_max(org: &Organisation, coverage: &Coverage) -> Option<usize> {
    let windows = coverage.shift_windows(0);
    let mut options = Vec::new();
    for &(first, len) in &windows {
        let can: Vec<usize> = coverage
            .cover(0, first)
            .unwrap()
            .members
            .iter()
            .copied()
            .filter(|&p| {
                (first..first + len).all(|d| !org.people[p].is_off(coverage.horizon.date(d)))
            })
            .collect();
        if can.is_empty() {
            return None;
        }
        options.push((len, can));
    }
    fn search(i: usize, options: &[(usize, Vec<usize>)], load: &mut Vec<usize>, best: &mut usize) {
        let max = load.iter().copied().max().unwrap_or(0);
        if max >= *best {
            return;
        }
        if i == options.len() {
            *best = max;
            return;
        }
        let (len, can) = &options[i];
        for &p in can {
            load[p] += len;
            search(i + 1, options, load, best);
            load[p] -= len;
        }
    }
    let mut best = usize::MAX;
    search(0, &options, &mut vec![0; org.people.len()], &mut best);
    Some(best)
}

fn small_rota(people: usize, offs: &[(usize, u64, u64)], handoff: &str) -> Organisation {
    small_rota_text(people, offs, handoff).0
}

fn small_rota_text(
    people: usize,
    offs: &[(usize, u64, u64)],
    handoff: &str,
) -> (Organisation, String) {
    let names: Vec<String> = (0..people).map(|i| format!("p{i}")).collect();
    let ranges: Vec<Vec<(String, String)>> = (0..people)
        .map(|i| {
            offs.iter()
                .filter(|o| o.0 % people == i)
                .map(|&(_, from, len)| {
                    let f = date("2026-11-23") + chrono::Days::new(from);
                    (f.to_string(), (f + chrono::Days::new(len)).to_string())
                })
                .collect()
        })
        .collect();
    let refs: Vec<Vec<(&str, &str)>> = ranges
        .iter()
        .map(|r| r.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect())
        .collect();
    let people: Vec<(&str, &[(&str, &str)])> = names
        .iter()
        .zip(&refs)
        .map(|(n, r)| (n.as_str(), r.as_slice()))
        .collect();
    // Rest and share rules off: this compares fairness alone with the exact
    // optimum.
    one_team(
        handoff,
        &people,
        "\n[rules]\nmin_rest_slices = 0\nmax_consecutive_slices = 366\nmax_oncall_share = 1.0\n",
    )
}

/// The busiest member carries no more than one shift above the exact
/// optimum (rest and share rules aside), checked by exhaustive search on 500 small
/// rotas with random time off; and it equals the optimum on almost all.
#[test]
fn matches_the_exact_optimum_on_small_rotas() {
    let mut rng = Prng::new(7);
    let (mut tried, mut exact) = (0, 0);
    while tried < 500 {
        let people = 2 + rng.below(3) as usize;
        let weeks = 2 + rng.below(5) as u32;
        let handoff = if rng.chance(50) { "split" } else { "weekly" };
        let offs: Vec<(usize, u64, u64)> = (0..rng.below(5))
            .map(|_| (rng.below(4) as usize, rng.below(42), rng.below(10)))
            .collect();
        let org = small_rota(people, &offs, handoff);
        let coverage = Coverage::build(&org, Horizon::weeks(date("2026-11-23"), weeks));
        let Some(best) = exact_best_max(&org, &coverage) else {
            continue;
        };
        tried += 1;
        let p = plan(&org, &coverage, &PlanOptions::default());
        assert_eq!(p.splits, 0);
        let mut load = vec![0usize; org.people.len()];
        for a in ours(&org, &coverage) {
            load[a.1] += a.3;
        }
        let max = load.iter().copied().max().unwrap_or(0);
        let longest = coverage
            .shift_windows(0)
            .iter()
            .map(|w| w.1)
            .max()
            .unwrap_or(0);
        assert!(
            max <= best + longest,
            "{people} people, {weeks} weeks, {handoff}, {offs:?}: {load:?}, best {best}"
        );
        exact += (max == best) as usize;
    }
    eprintln!("equal to the exact optimum on {exact} of {tried} rotas");
    assert!(exact * 100 >= tried * 95, "only {exact} of {tried} optimal");
}

/// Two-level cover: the lowest possible total slices of the busiest member
/// when every window goes to two different members, a primary and a
/// secondary, each free for all of it (none when some window has fewer
/// than two free for all of it). Windows are the same for both roles here:
/// the rota needs a secondary every night.
fn exact_best_max_two_level(org: &Organisation, coverage: &Coverage) -> Option<usize> {
    let windows = coverage.shift_windows(0);
    assert_eq!(windows, coverage.role_windows(0, Role::Secondary));
    let mut options = Vec::new();
    for &(first, len) in &windows {
        let can: Vec<usize> = coverage
            .cover(0, first)
            .unwrap()
            .members
            .iter()
            .copied()
            .filter(|&p| {
                (first..first + len).all(|d| !org.people[p].is_off(coverage.horizon.date(d)))
            })
            .collect();
        if can.len() < 2 {
            return None;
        }
        options.push((len, can));
    }
    let people = org.people.len();
    // Slices still to give after window i, both roles.
    let mut rest = vec![0usize; options.len() + 1];
    for i in (0..options.len()).rev() {
        rest[i] = rest[i + 1] + 2 * options[i].0;
    }
    // Fairness is about totals, so which of the two is primary does not
    // change the load: each window takes an unordered pair.
    fn search(
        i: usize,
        options: &[(usize, Vec<usize>)],
        rest: &[usize],
        people: usize,
        load: &mut Vec<usize>,
        best: &mut usize,
    ) {
        let max = load.iter().copied().max().unwrap_or(0);
        let given: usize = load.iter().sum();
        // No one can carry less than an even share of what is left.
        let bound = max.max((given + rest[i]).div_ceil(people));
        if bound >= *best {
            return;
        }
        if i == options.len() {
            *best = max;
            return;
        }
        let (len, can) = &options[i];
        for (k, &a) in can.iter().enumerate() {
            for &b in &can[k + 1..] {
                load[a] += len;
                load[b] += len;
                search(i + 1, options, rest, people, load, best);
                load[a] -= len;
                load[b] -= len;
            }
        }
    }
    let mut best = usize::MAX;
    search(0, &options, &rest, people, &mut vec![0; people], &mut best);
    Some(best)
}

/// Two-level cover on small rotas with random time off: every window has
/// two different people, and the busiest member's total (both roles)
/// carries no more than one shift above the exact optimum, found by
/// exhaustive search (rest and share rules aside); it equals the optimum
/// on nine in ten at least.
#[test]
fn two_level_cover_is_within_one_shift_of_the_exact_optimum() {
    let mut rng = Prng::new(11);
    let (mut tried, mut exact) = (0, 0);
    while tried < 200 {
        let people = 3 + rng.below(3) as usize;
        let weeks = 2 + rng.below(3) as u32;
        let handoff = if rng.chance(50) { "split" } else { "weekly" };
        let offs: Vec<(usize, u64, u64)> = (0..rng.below(5))
            .map(|_| (rng.below(5) as usize, rng.below(28), rng.below(10)))
            .collect();
        let (_, text) = small_rota_text(people, &offs, handoff);
        let text = text.replacen(
            "on_call = \"team\"\n",
            "on_call = \"team\"\nsecondary = true\n",
            1,
        );
        let org = parse_organisation("org.toml", &text).unwrap_or_else(|d| panic!("{d}"));
        let coverage = Coverage::build(&org, Horizon::weeks(date("2026-11-23"), weeks));
        assert!((0..coverage.horizon.len()).all(|d| coverage.needs_secondary(0, d)));
        let Some(best) = exact_best_max_two_level(&org, &coverage) else {
            continue;
        };
        tried += 1;
        let (schedule, p) = rota_core::planner::plan_schedule(
            &org,
            &text,
            "org.toml",
            coverage.horizon,
            &PlanOptions::default(),
        );
        let case = format!("{people} people, {weeks} weeks, {handoff}, {offs:?}");
        assert!(
            p.unfilled.is_empty() && p.unfilled_secondary.is_empty(),
            "{case}: {p:?}"
        );
        let resolved = resolve(&org, &coverage, &schedule);
        let days = coverage.horizon.len();
        let mut load = vec![0usize; org.people.len()];
        let mut holder = vec![[usize::MAX; 2]; days];
        for a in &resolved.assignments {
            load[a.person] += a.slices;
            for d in a.slice_range() {
                holder[d][usize::from(a.role.is_secondary())] = a.person;
            }
        }
        assert!(
            holder
                .iter()
                .all(|h| h[0] != usize::MAX && h[1] != usize::MAX && h[0] != h[1]),
            "{case}: {holder:?}"
        );
        let max = load.iter().copied().max().unwrap_or(0);
        let longest = coverage
            .shift_windows(0)
            .iter()
            .map(|w| w.1)
            .max()
            .unwrap_or(0);
        assert!(max <= best + longest, "{case}: {load:?}, best {best}");
        exact += (max == best) as usize;
    }
    eprintln!("two-level: equal to the exact optimum on {exact} of {tried} rotas");
    assert!(exact * 100 >= tried * 90, "only {exact} of {tried} optimal");
}

/// A weekly team rota of `team` people and a daily domain rota whose
/// members are the team's first two people and two people of another team
/// (who are on no other rota): the two shared people are on both. Time off
/// as `(person, first day, days)`, people `0..team` the team's, then the
/// two others. Rest and share rules off: this compares fairness alone.
fn shared_rota_text(team: usize, offs: &[(usize, u64, u64)]) -> String {
    let mut text = String::from(
        "[organisation]\nname = \"Shared\"\ntimezone = \"Europe/London\"\ncurrency = \"GBP\"\n\
         [working_hours]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nstart = \"09:00\"\nend = \"17:30\"\n\
         [pay]\nweeknight = 40.0\nweekend_day = 80.0\nholiday = 120.0\n\
         [rotation]\nhandoff = \"weekly\"\nhandoff_day = \"mon\"\n\
         [rules]\nmin_rest_slices = 0\nmax_consecutive_slices = 366\nmax_oncall_share = 1.0\nmin_rota_size = 1\n\
         [[bands]]\nname = \"high\"\nmax_hourly_exposure = 800000\navailability = 99.9\non_call = \"team\"\n\
         [[domains]]\nid = \"d\"\nname = \"D\"\n\
         [[teams]]\nid = \"a\"\nname = \"A\"\ndomain = \"d\"\n\
         [[teams]]\nid = \"b\"\nname = \"B\"\ndomain = \"d\"\n\
         [[services]]\nid = \"s\"\nname = \"S\"\nteam = \"a\"\nhourly_exposure = 500000\n",
    );
    let ids: Vec<String> = (0..team)
        .map(|i| format!("a{i}"))
        .chain(["b0".to_string(), "b1".to_string()])
        .collect();
    for (i, id) in ids.iter().enumerate() {
        let team_id = if i < team { "a" } else { "b" };
        text += &format!("[[people]]\nid = \"{id}\"\nname = \"{id}\"\nteam = \"{team_id}\"\n");
        let ranges: Vec<String> = offs
            .iter()
            .filter(|o| o.0 % ids.len() == i)
            .map(|&(_, from, len)| {
                let f = date("2026-11-23") + chrono::Days::new(from);
                let t = f + chrono::Days::new(len);
                format!("{{ from = \"{f}\", to = \"{t}\" }}")
            })
            .collect();
        if !ranges.is_empty() {
            text += &format!("time_off = [{}]\n", ranges.join(", "));
        }
    }
    text += "[[rotas]]\nid = \"dom\"\nname = \"Domain\"\nmembers = [\"a0\", \"a1\", \"b0\", \"b1\"]\nhandoff = \"daily\"\n";
    text
}

/// The sum over both rotas of (busiest − idlest member's total load, both
/// rotas counted): the spread as a member compares themselves with their
/// rota's other members.
fn total_spread(coverage: &Coverage, load: &[usize]) -> usize {
    (0..coverage.rotas.len())
        .map(|rota| {
            let members = coverage.all_members(rota);
            let max = members.iter().map(|&m| load[m]).max().unwrap_or(0);
            let min = members.iter().map(|&m| load[m]).min().unwrap_or(0);
            max - min
        })
        .sum()
}

/// The lowest possible total-load spread (see [`total_spread`]) when every
/// window of both rotas goes whole to one member free for all of it and
/// nobody is on both rotas at once; none when some window has nobody.
///
/// Every way of giving the weekly rota's windows is tried. For each, the
/// daily rota's days only matter by how many each member takes: every
/// vector of counts is tried, and one is possible exactly when, for every
/// set of members, the days only they can take are no more than they take
/// between them (Hall's condition for this transport problem).
fn exact_shared(org: &Organisation, coverage: &Coverage) -> Option<usize> {
    let team = coverage.rota_index("team-a").expect("team rota");
    let domain = coverage.rota_index("dom").expect("domain rota");
    let free = |p: usize, first: usize, len: usize| {
        (first..first + len).all(|d| !org.people[p].is_off(coverage.horizon.date(d)))
    };
    let weeks: Vec<(usize, usize, Vec<usize>)> = coverage
        .shift_windows(team)
        .into_iter()
        .map(|(first, len)| {
            let can = coverage.cover(team, first).unwrap().members.clone();
            (
                first,
                len,
                can.into_iter().filter(|&p| free(p, first, len)).collect(),
            )
        })
        .collect();
    let days = coverage.shift_windows(domain);
    let dom_members = coverage.all_members(domain);
    if weeks.iter().any(|w| w.2.is_empty()) || days.iter().any(|d| d.1 != 1) {
        return None;
    }
    let people = org.people.len();
    let k = dom_members.len();
    let mut best: Option<usize> = None;
    let mut choice = vec![0usize; weeks.len()];
    loop {
        // The team load and who is busy on the team rota each day.
        let mut load = vec![0usize; people];
        let mut on_team = vec![usize::MAX; coverage.horizon.len()];
        for (w, &c) in weeks.iter().zip(&choice) {
            let p = w.2[c];
            load[p] += w.1;
            on_team[w.0..w.0 + w.1].fill(p);
        }
        // Days per set of domain members who can take them.
        let mut count = vec![0usize; 1 << k];
        let mut possible = true;
        for &(d, _) in &days {
            let mask = (0..k)
                .filter(|&i| {
                    let p = dom_members[i];
                    free(p, d, 1) && on_team[d] != p
                })
                .fold(0usize, |m, i| m | 1 << i);
            if mask == 0 {
                possible = false;
                break;
            }
            count[mask] += 1;
        }
        if possible {
            let need: Vec<usize> = (0..1usize << k)
                .map(|set| {
                    (1..1usize << k)
                        .filter(|&m| m & set == m)
                        .map(|m| count[m])
                        .sum()
                })
                .collect();
            let mut c = vec![0usize; k];
            let total = days.len();
            // Every vector of counts summing to the days.
            fn each(i: usize, left: usize, c: &mut Vec<usize>, f: &mut dyn FnMut(&[usize])) {
                if i + 1 == c.len() {
                    c[i] = left;
                    f(c);
                    return;
                }
                for n in 0..=left {
                    c[i] = n;
                    each(i + 1, left - n, c, f);
                }
            }
            each(0, total, &mut c, &mut |c: &[usize]| {
                let fits = (1..1usize << k).all(|set| {
                    need[set] <= (0..k).filter(|&i| set & 1 << i != 0).map(|i| c[i]).sum()
                });
                if fits {
                    let mut with = load.clone();
                    for (i, &n) in c.iter().enumerate() {
                        with[dom_members[i]] += n;
                    }
                    let spread = total_spread(coverage, &with);
                    best = Some(best.map_or(spread, |b| b.min(spread)));
                }
            });
        }
        // The next way of giving the weeks.
        let mut w = 0;
        loop {
            if w == weeks.len() {
                return best;
            }
            choice[w] += 1;
            if choice[w] < weeks[w].2.len() {
                break;
            }
            choice[w] = 0;
            w += 1;
        }
    }
}

/// A weekly team rota and a daily domain rota sharing two people, with
/// random time off: the planner's total-load spread (see [`total_spread`])
/// against the exact optimum found by exhaustive search: the optimum on
/// nearly every case, never more than one slice above.
#[test]
fn shared_members_are_planned_at_the_exact_optimum() {
    let mut rng = Prng::new(16);
    let (mut tried, mut exact, mut above, mut worst, mut split) = (0, 0, 0, 0, 0);
    while tried < 40 {
        let team = 3 + rng.below(2) as usize;
        let weeks = 2 + rng.below(2) as u32;
        let offs: Vec<(usize, u64, u64)> = (0..rng.below(4))
            .map(|_| (rng.below(6) as usize, rng.below(21), 1 + rng.below(5)))
            .collect();
        let text = shared_rota_text(team, &offs);
        let org = parse_organisation("org.toml", &text).unwrap_or_else(|d| panic!("{d}"));
        let coverage = Coverage::build(&org, Horizon::weeks(date("2026-11-23"), weeks));
        let Some(best) = exact_shared(&org, &coverage) else {
            continue;
        };
        let p = plan(&org, &coverage, &PlanOptions::default());
        let case = format!("{team} in the team, {weeks} weeks, {offs:?}");
        assert!(p.unfilled.is_empty(), "{case}: {p:?}");
        // The exact search gives windows whole; a plan that split one is
        // not comparable with it.
        if p.splits > 0 {
            split += 1;
            continue;
        }
        tried += 1;
        let mut load = vec![0usize; org.people.len()];
        for a in ours(&org, &coverage) {
            load[a.1] += a.3;
        }
        let ours = total_spread(&coverage, &load);
        assert!(ours >= best, "{case}: {load:?}, spread {ours}, best {best}");
        assert!(
            ours <= best + 1,
            "{case}: {load:?}, spread {ours}, more than one above {best}"
        );
        worst = worst.max(ours - best);
        exact += usize::from(ours == best);
        above += usize::from(ours > best);
    }
    eprintln!(
        "shared members: the exact optimum on {exact} of {tried}, above it on {above}, at most {worst} above; {split} split"
    );
    // Without the cross-rota chains: 20 of 40 at the optimum and up to 11
    // above it; with them but judged by the squares alone, 31 of 40 and up
    // to 3 above (there the least spread had larger squares). Judged by the
    // spread first where people share rotas: 40 of 40.
    assert!(exact * 20 >= tried * 19, "only {exact} of {tried} optimal");
}
