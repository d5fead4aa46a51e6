//! Planning a 1,000-person, 100-team organisation over 52 weeks, and a
//! 600-person one whose domain rotas share people with team rotas.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use rota_core::calendar::Horizon;
use rota_core::org::generate::{GenerateOptions, generate, generate_shared};
use rota_core::org::{Handoff, parse_organisation};
use rota_core::planner::{PlanOptions, plan, plan_schedule};
use rota_core::rotas::Coverage;

fn organisation(handoff: Handoff, secondary: bool) -> (rota_core::org::Organisation, String) {
    let text = generate(&GenerateOptions {
        teams: 100,
        people_per_team: 10,
        seed: 1,
        handoff,
        secondary,
        ..GenerateOptions::default()
    });
    match parse_organisation("generated.toml", &text) {
        Ok(org) => (org, text),
        Err(d) => panic!("the generated organisation does not load: {d}"),
    }
}

fn bench(c: &mut Criterion) {
    let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let horizon = Horizon::weeks(start, 52);
    // People on two rotas: 600 in 50 teams, 10 weekly team rotas, 40 daily
    // ones and 10 daily domain rotas.
    let org = match parse_organisation("shared.toml", &generate_shared(50, 12, 10)) {
        Ok(org) => org,
        Err(d) => panic!("the shared organisation does not load: {d}"),
    };
    let coverage = Coverage::build(&org, horizon);
    c.bench_function("plan 600 people on shared rotas 52 weeks", |b| {
        b.iter(|| {
            plan(
                black_box(&org),
                black_box(&coverage),
                &PlanOptions::default(),
            )
        })
    });
    // Two-level cover: a secondary on every team-level rota, against the
    // same organisation with one person a rota.
    for secondary in [false, true] {
        let (org, _) = organisation(Handoff::Weekly, secondary);
        let coverage = Coverage::build(&org, horizon);
        let name = if secondary { "with" } else { "without" };
        c.bench_function(
            &format!("plan 1000 people 100 teams 52 weeks weekly {name} secondaries"),
            |b| {
                b.iter(|| {
                    plan(
                        black_box(&org),
                        black_box(&coverage),
                        &PlanOptions::default(),
                    )
                })
            },
        );
    }
    for (name, handoff) in [("daily", Handoff::Daily), ("weekly", Handoff::Weekly)] {
        let (org, text) = organisation(handoff, false);
        let coverage = Coverage::build(&org, horizon);
        c.bench_function(
            &format!("plan 1000 people 100 teams 52 weeks {name}"),
            |b| {
                b.iter(|| {
                    plan(
                        black_box(&org),
                        black_box(&coverage),
                        &PlanOptions::default(),
                    )
                })
            },
        );
        // What `rota plan -o FILE` does when FILE exists, and the TUI's
        // re-plan: both candidates (keep and afresh) and the choice.
        let (own, _) = plan_schedule(
            &org,
            &text,
            "generated.toml",
            horizon,
            &PlanOptions::default(),
        );
        c.bench_function(
            &format!("re-plan onto its own schedule 1000 people 100 teams 52 weeks {name}"),
            |b| {
                b.iter(|| {
                    plan(
                        black_box(&org),
                        black_box(&coverage),
                        &PlanOptions {
                            existing: Some(&own),
                            previous: None,
                            now: None,
                        },
                    )
                })
            },
        );
        c.bench_function(
            &format!("coverage and plan 1000 people 100 teams 52 weeks {name}"),
            |b| {
                b.iter(|| {
                    let coverage = Coverage::build(black_box(&org), horizon);
                    plan(&org, &coverage, &PlanOptions::default())
                })
            },
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
