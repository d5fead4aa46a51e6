//! Growth with organisation size: 1,000, 10,000 and 50,000 people (10 per
//! team, weekly handoff, 52 weeks) for what `check`, `plan`, a re-plan,
//! `report` and `export --format ics` do, from the files' text to the output
//! text. Each command should grow with the organisation, no faster: the
//! table at the end gives each size's time against the size before it,
//! per person (1.0 is linear).
//!
//! `ROTA_SCALE_SIZES=1000,10000` runs fewer sizes.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group};
use rota_core::calendar::Horizon;
use rota_core::export::{self, Filter};
use rota_core::findings::{self, Findings, Scheduled};
use rota_core::org::generate::{GenerateOptions, generate};
use rota_core::org::parse_organisation;
use rota_core::output::ShiftFormat;
use rota_core::planner::{PlanOptions, plan_schedule};
use rota_core::report::{self, text};
use rota_core::rotas::Coverage;
use rota_core::schedule::{parse_schedule, write_schedule};

const PEOPLE_PER_TEAM: usize = 10;
const COMMANDS: [&str; 5] = ["check", "plan", "re-plan", "report", "export ics"];

/// Mean seconds per run, by command and people.
static MEANS: Mutex<BTreeMap<(usize, usize), (Duration, u64)>> = Mutex::new(BTreeMap::new());

fn sizes() -> Vec<usize> {
    std::env::var("ROTA_SCALE_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 50_000])
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// Times `run` with criterion and keeps the total for the growth table.
fn measure(c: &mut Criterion, command: usize, people: usize, mut run: impl FnMut() -> usize) {
    let mut group = c.benchmark_group(COMMANDS[command]);
    group.sample_size(10);
    group.bench_with_input(BenchmarkId::from_parameter(people), &people, |b, _| {
        b.iter_custom(|iters| {
            let t = Instant::now();
            for _ in 0..iters {
                black_box(run());
            }
            let spent = t.elapsed();
            let mut means = MEANS.lock().unwrap_or_else(|e| e.into_inner());
            let e = means.entry((command, people)).or_default();
            e.0 += spent;
            e.1 += iters;
            spent
        })
    });
    group.finish();
}

fn scale(c: &mut Criterion) {
    let horizon = Horizon::weeks(start(), 52);
    for people in sizes() {
        let org_text = generate(&GenerateOptions {
            teams: people / PEOPLE_PER_TEAM,
            people_per_team: PEOPLE_PER_TEAM,
            seed: 1,
            ..GenerateOptions::default()
        });
        let org = parse_organisation("org.toml", &org_text).unwrap_or_else(|d| panic!("{d}"));
        let (planned, _) = plan_schedule(
            &org,
            &org_text,
            "org.toml",
            horizon,
            &PlanOptions::default(),
        );
        let schedule_text = write_schedule(&planned);
        drop((org, planned));

        measure(c, 0, people, || {
            let org = parse_organisation("org.toml", &org_text).expect("loads");
            findings::organisation_warnings(&org).len()
        });
        measure(c, 1, people, || {
            let org = parse_organisation("org.toml", &org_text).expect("loads");
            let options = PlanOptions::default();
            let (s, _) = plan_schedule(&org, &org_text, "org.toml", horizon, &options);
            write_schedule(&s).len()
        });
        measure(c, 2, people, || {
            let org = parse_organisation("org.toml", &org_text).expect("loads");
            let existing = parse_schedule("s.toml", &schedule_text).expect("loads");
            let options = PlanOptions {
                existing: Some(&existing),
                previous: None,
                // The year is ahead: nothing in it is history yet.
                now: None,
            };
            let (s, _) = plan_schedule(&org, &org_text, "org.toml", horizon, &options);
            write_schedule(&s).len()
        });
        measure(c, 3, people, || {
            let org = parse_organisation("org.toml", &org_text).expect("loads");
            let schedule = parse_schedule("s.toml", &schedule_text).expect("loads");
            let coverage = Coverage::build(&org, schedule.horizon());
            let findings = Findings::gather(
                &org,
                Some(Scheduled {
                    org_text: &org_text,
                    coverage: &coverage,
                    schedule: &schedule,
                    now: None,
                }),
            );
            let built = report::build(
                &org,
                &coverage,
                &schedule,
                schedule.start,
                schedule.end,
                &findings,
            );
            text::report(&built).len()
        });
        measure(c, 4, people, || {
            let org = parse_organisation("org.toml", &org_text).expect("loads");
            let schedule = parse_schedule("s.toml", &schedule_text).expect("loads");
            let coverage = Coverage::build(&org, schedule.horizon());
            // As `rota export`: the stale shifts are named first.
            let stale = findings::stale_findings(&org, &org_text, &coverage, &schedule);
            let data = export::build(&org, &coverage, &schedule, &Filter::default());
            ShiftFormat::Ics.render(&data).len() + stale.len()
        });
    }
}

/// Mean time per run for each command and size, and each size's time per
/// person against the size before it (1.0: linear; 2.0: twice as slow per
/// person).
fn growth_table() {
    let means = MEANS.lock().unwrap_or_else(|e| e.into_inner());
    let sizes = sizes();
    println!("\nGrowth (mean per run; in brackets, time per person against the size before):");
    for (command, name) in COMMANDS.iter().enumerate() {
        let mut line = format!("{name:>11}:");
        let mut before: Option<(usize, f64)> = None;
        for &people in &sizes {
            let Some(&(total, iters)) = means.get(&(command, people)) else {
                continue;
            };
            let secs = total.as_secs_f64() / iters.max(1) as f64;
            line.push_str(&format!("  {people} people {secs:.3} s"));
            if let Some((p0, s0)) = before {
                let per_person = (secs / people as f64) / (s0 / p0 as f64);
                line.push_str(&format!(" (x{per_person:.2})"));
            }
            before = Some((people, secs));
        }
        println!("{line}");
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = scale
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    growth_table();
}
