//! The planner's invariants over generated organisations.

use proptest::prelude::*;
use rota_core::calendar::Horizon;
use rota_core::findings::Code;
use rota_core::findings::{schedule_findings, schedule_warnings};
use rota_core::org::generate::{GenerateOptions, generate};
use rota_core::org::{Handoff, Organisation, parse_organisation};
use rota_core::planner::{Plan, PlanOptions, plan_schedule};
use rota_core::rotas::Coverage;
use rota_core::schedule::{Schedule, resolve, write_schedule};

fn organisation(teams: usize, people: usize, seed: u64, handoff: usize) -> (Organisation, String) {
    let text = generate(&GenerateOptions {
        shared_rota: seed.is_multiple_of(3),
        teams,
        people_per_team: people,
        seed,
        handoff: Handoff::ALL[handoff % 3],
        teams_per_domain: 2,
        time_off_span: 40,
        ..GenerateOptions::default()
    });
    let org = parse_organisation("gen.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    (org, text)
}

/// A generated organisation where the rest and share rules can all be kept:
/// weekly handoff, at least four people a team (so every rota, team or
/// domain, has at least four members), nobody opted out, no time off, no
/// peak (so nobody changes rota mid-horizon) and no explicit rota sharing
/// members with a derived one. With the default rules (rest 7 slices, at
/// most 7 in a row, a quarter of any 28 slices) plain turns of four or more
/// keep them all.
fn restful_organisation(teams: usize, people: usize, seed: u64) -> (Organisation, String) {
    let text = generate(&GenerateOptions {
        shared_rota: false,
        teams,
        people_per_team: people,
        seed,
        handoff: Handoff::Weekly,
        teams_per_domain: 2,
        peak: false,
        ..GenerateOptions::default()
    });
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("time_off") && !l.starts_with("on_call = false"))
        .map(|l| format!("{l}\n"))
        .collect();
    let org = parse_organisation("gen.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    assert!(org.people.iter().all(|p| p.time_off.is_empty()));
    (org, text)
}

fn horizon(weeks: u32) -> Horizon {
    Horizon::weeks(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        weeks,
    )
}

fn run(org: &Organisation, text: &str, h: Horizon, options: &PlanOptions) -> (Schedule, Plan) {
    plan_schedule(org, text, "gen.toml", h, options)
}

/// Every needed slice is covered exactly once or reported unfilled, and an
/// unfilled slice really had nobody: every member was off or on another rota.
fn assert_hard(org: &Organisation, text: &str, coverage: &Coverage, s: &Schedule, p: &Plan) {
    let findings = schedule_findings(org, text, coverage, s);
    for f in &findings {
        assert_eq!(f.code, Code::Unfilled, "{f:#?}");
    }
    let days = coverage.horizon.len();
    let r = resolve(org, coverage, s);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let mut count = vec![0; coverage.rotas.len() * days];
    let mut busy = vec![false; org.people.len() * days];
    for a in &r.assignments {
        for d in a.slice_range() {
            count[a.rota * days + d] += 1;
            busy[a.person * days + d] = true;
        }
    }
    for rota in 0..coverage.rotas.len() {
        for d in 0..days {
            let n = count[rota * days + d];
            let unfilled = p.unfilled.contains(&(rota, d));
            if coverage.needs_cover(rota, d) {
                assert_eq!(
                    n + unfilled as i32,
                    1,
                    "rota {rota} day {d}: {n} shifts, unfilled {unfilled}"
                );
            } else {
                assert_eq!(n, 0);
            }
            if unfilled {
                let date = coverage.horizon.date(d);
                for &m in &coverage.cover(rota, d).unwrap().members {
                    assert!(
                        org.people[m].is_off(date) || busy[m * days + d],
                        "{} was free for rota {rota} on {date}",
                        org.people[m].id
                    );
                }
            }
        }
    }
    let reported: usize = findings.len();
    assert_eq!(reported == 0, p.unfilled.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn plans_keep_every_hard_constraint(
        teams in 1usize..=4, people in 3usize..=8, seed in any::<u64>(),
        weeks in 2u32..=6, handoff in 0usize..3,
    ) {
        let (org, text) = organisation(teams, people, seed, handoff);
        let h = horizon(weeks);
        let coverage = Coverage::build(&org, h);
        let (s, p) = run(&org, &text, h, &PlanOptions::default());
        assert_hard(&org, &text, &coverage, &s, &p);

        // Determinism: the same inputs give the same bytes.
        let (again, _) = run(&org, &text, h, &PlanOptions::default());
        prop_assert_eq!(write_schedule(&s), write_schedule(&again));

        // Stability: re-planning with its own output changes nothing.
        let options = PlanOptions { existing: Some(&s), previous: None, now: None };
        let (replanned, _) = run(&org, &text, h, &options);
        prop_assert_eq!(write_schedule(&s), write_schedule(&replanned));
    }

    #[test]
    fn plans_keep_rest_and_share_when_they_can(
        teams in 1usize..=5, people in 4usize..=8, seed in any::<u64>(), weeks in 1u32..=13,
    ) {
        let (org, text) = restful_organisation(teams, people, seed);
        let h = horizon(weeks);
        let coverage = Coverage::build(&org, h);
        for r in 0..coverage.rotas.len() {
            prop_assert!(coverage.all_members(r).len() >= 4);
        }
        let (s, p) = run(&org, &text, h, &PlanOptions::default());
        prop_assert!(p.unfilled.is_empty());
        let broken: Vec<String> = schedule_warnings(&org, &coverage, &s)
            .into_iter()
            .filter(|w| matches!(w.code, Code::OncallShare | Code::BackToBack | Code::ConsecutiveSlices))
            .map(|w| w.message)
            .collect();
        prop_assert!(broken.is_empty(), "{:#?}", broken);
    }

    #[test]
    fn pinned_shifts_are_untouched(
        teams in 1usize..=3, people in 3usize..=6, seed in any::<u64>(),
        weeks in 2u32..=5, handoff in 0usize..3, pick in any::<usize>(), who in any::<usize>(),
    ) {
        let (org, text) = organisation(teams, people, seed, handoff);
        let h = horizon(weeks);
        let coverage = Coverage::build(&org, h);
        let (mut s, _) = run(&org, &text, h, &PlanOptions::default());
        prop_assume!(!s.shifts.is_empty());
        let r = resolve(&org, &coverage, &s);
        let a = r.assignments[pick % r.assignments.len()];
        // Someone else who is a member and not off on every day of it.
        let others: Vec<usize> = coverage.cover(a.rota, a.first_slice).unwrap().members.iter().copied()
            .filter(|&m| m != a.person && a.slice_range().all(|d| {
                coverage.is_member(a.rota, d, m) && !org.people[m].is_off(h.date(d))
            }))
            .collect();
        prop_assume!(!others.is_empty());
        let chosen = others[who % others.len()];
        s.shifts[a.shift].person = org.people[chosen].id.clone();
        s.shifts[a.shift].pinned = true;
        s.shifts[a.shift].note = "asked for".into();
        let pin = s.shifts[a.shift].clone();

        let options = PlanOptions { existing: Some(&s), previous: None, now: None };
        let (replanned, p) = run(&org, &text, h, &options);
        prop_assert!(replanned.shifts.contains(&pin));
        assert_hard(&org, &text, &coverage, &replanned, &p);
    }
}
