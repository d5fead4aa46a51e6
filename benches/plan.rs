//! Planning a 1,000-person, 100-team organisation over 52 weeks, and a
//! 600-person one whose domain rotas share people with team rotas.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use rota_core::calendar::Horizon;
use rota_core::org::generate::{GenerateOptions, Prng, generate};
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

/// People on two rotas: `teams` teams of `per_team` (the first
/// `weekly_teams` on a weekly rota of their own, the others daily), and for
/// every five teams a daily domain rota of two people from each, who are
/// then on their team's rota too. About 6% of days off. The organisation
/// the planner's quality section of the README compares with an exact
/// solver.
fn shared_organisation(teams: usize, per_team: usize, weekly_teams: usize) -> String {
    let mut rng = Prng::new(3);
    let mut text = String::from(
        "[organisation]\nname = \"Shared\"\ntimezone = \"Europe/London\"\ncurrency = \"GBP\"\n\
         [working_hours]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nstart = \"09:00\"\nend = \"17:30\"\n\
         [pay]\nweeknight = 40.0\nweekend_day = 80.0\nholiday = 120.0\n\
         [rotation]\nhandoff = \"daily\"\nhandoff_day = \"mon\"\n\
         [rules]\nmin_rest_slices = 4\nmax_consecutive_slices = 7\nmax_oncall_share = 0.25\nmin_rota_size = 2\n\
         [[bands]]\nname = \"high\"\nmax_hourly_exposure = 800000\navailability = 99.9\non_call = \"team\"\n",
    );
    let domains = teams.div_ceil(5);
    for d in 0..domains {
        text += &format!("[[domains]]\nid = \"d{d}\"\nname = \"D{d}\"\n");
    }
    for t in 0..teams {
        text += &format!(
            "[[teams]]\nid = \"t{t}\"\nname = \"T{t}\"\ndomain = \"d{}\"\n\
             [[services]]\nid = \"s{t}\"\nname = \"S{t}\"\nteam = \"t{t}\"\nhourly_exposure = 500000\n",
            t / 5
        );
    }
    let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    for t in 0..teams {
        for i in 0..per_team {
            text +=
                &format!("[[people]]\nid = \"p{t}-{i}\"\nname = \"P {t} {i}\"\nteam = \"t{t}\"\n");
            let mut left = 22u64;
            let mut off = Vec::new();
            while left > 0 {
                let n = [3, 5, 7, 10][rng.below(4) as usize].min(left);
                let from = start + chrono::Days::new(rng.below(364));
                off.push(format!(
                    "{{ from = \"{from}\", to = \"{}\" }}",
                    from + chrono::Days::new(n - 1)
                ));
                left -= n;
            }
            text += &format!("time_off = [{}]\n", off.join(", "));
        }
    }
    for t in 0..weekly_teams {
        text += &format!(
            "[[rotas]]\nid = \"wk{t}\"\nname = \"Weekly {t}\"\nteams = [\"t{t}\"]\nhandoff = \"weekly\"\n"
        );
    }
    for d in 0..domains {
        let members: Vec<String> = (d * 5..(d * 5 + 5).min(teams))
            .flat_map(|t| (0..2).map(move |i| format!("\"p{t}-{i}\"")))
            .collect();
        text += &format!(
            "[[rotas]]\nid = \"dom{d}\"\nname = \"Domain {d}\"\nmembers = [{}]\nhandoff = \"daily\"\n",
            members.join(", ")
        );
    }
    text
}

fn bench(c: &mut Criterion) {
    let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let horizon = Horizon::weeks(start, 52);
    // People on two rotas: 600 in 50 teams, 10 weekly team rotas, 40 daily
    // ones and 10 daily domain rotas.
    let org = match parse_organisation("shared.toml", &shared_organisation(50, 12, 10)) {
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
