//! Analysis at the size the product is designed for: 1,000 people in 100 teams over
//! a year. Remuneration, schedule warnings, organisation warnings and run
//! cost must each take milliseconds.

use std::fmt::Write as _;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use rota_core::calendar::Horizon;
use rota_core::org::{Organisation, parse_organisation};
use rota_core::rotas::Coverage;
use rota_core::schedule::{Schedule, Shift};

/// 25 domains of 4 teams of 10 people; a quarter of the teams at team
/// level, half at domain level, a quarter with no cover.
pub fn big_org() -> Organisation {
    let mut t = String::from(
        r#"[organisation]
name = "Big"
timezone = "Europe/London"
currency = "GBP"
[working_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:30"
[[holidays]]
date = "2027-04-02"
name = "Good Friday"
[[holidays]]
date = "2027-12-27"
name = "Christmas"
[pay]
weeknight = 40.0
weekend_day = 80.0
holiday = 120.0
callout = 60.0
[[bands]]
name = "low"
max_hourly_exposure = 7000
availability = 95.0
on_call = "none"
[[bands]]
name = "medium"
max_hourly_exposure = 250000
availability = 99.0
on_call = "domain"
[[bands]]
name = "high"
max_hourly_exposure = 800000
availability = 99.9
on_call = "team"
[[peaks]]
name = "Sale"
from = "2027-11-26"
to = "2027-11-29"
exposure_multiplier = 3.0
"#,
    );
    for d in 0..25 {
        let _ = writeln!(t, "[[domains]]\nid = \"d{d}\"\nname = \"D{d}\"");
    }
    for team in 0..100 {
        let _ = writeln!(
            t,
            "[[teams]]\nid = \"t{team}\"\nname = \"T{team}\"\ndomain = \"d{}\"",
            team / 4
        );
        let exposure = match team % 4 {
            0 => 500_000,
            1 | 2 => 100_000,
            _ => 1_000,
        };
        for s in 0..3 {
            let _ = writeln!(
                t,
                "[[services]]\nid = \"s{team}-{s}\"\nname = \"S\"\nteam = \"t{team}\"\nhourly_exposure = {}\ncallouts_per_week = 0.5",
                exposure / (s + 1)
            );
        }
        for p in 0..10 {
            let _ = writeln!(
                t,
                "[[people]]\nid = \"p{team}-{p}\"\nname = \"P\"\nteam = \"t{team}\""
            );
        }
    }
    parse_organisation("big.toml", &t).unwrap_or_else(|d| panic!("{d}"))
}

/// Every weekly window of every rota to its members in turn.
pub fn big_schedule(org: &Organisation, coverage: &Coverage) -> Schedule {
    let mut shifts = Vec::new();
    for r in 0..coverage.rotas.len() {
        for (k, (first, days)) in coverage.shift_windows(r).into_iter().enumerate() {
            let Some(cover) = coverage.cover(r, first) else {
                continue;
            };
            let p = cover.members[k % cover.members.len()];
            shifts.push(Shift {
                rota: coverage.rotas[r].id.clone(),
                person: org.people[p].id.clone(),
                start: coverage.slices[first].start.fixed_offset(),
                end: coverage.slices[first + days - 1].end.fixed_offset(),
                slices: days as u32,
                pinned: false,
                note: String::new(),
                role: Default::default(),
            });
        }
    }
    let mut s = Schedule {
        organisation: "big.toml".into(),
        organisation_digest: String::new(),
        start: coverage.horizon.start,
        end: coverage.horizon.end,
        generated_by: "bench".into(),
        revision: 0,
        updated: None,
        shifts,
        callouts: Vec::new(),
        moved: Vec::new(),
    };
    s.sort();
    s
}

fn analysis(c: &mut Criterion) {
    let org = big_org();
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).expect("date");
    let horizon = Horizon::weeks(start, 52);
    let coverage = Coverage::build(&org, horizon);
    let schedule = big_schedule(&org, &coverage);
    let end = horizon.end;
    c.bench_function("remuneration 1000 people, year", |b| {
        b.iter(|| rota_core::analysis::remuneration(&org, &coverage, &schedule, start, end))
    });
    c.bench_function("schedule_warnings 1000 people, year", |b| {
        b.iter(|| rota_core::findings::schedule_warnings(&org, &coverage, &schedule))
    });
    c.bench_function("organisation_warnings 1000 people", |b| {
        b.iter(|| rota_core::findings::organisation_warnings(&org))
    });
    c.bench_function("run_cost_over 1000 people, year", |b| {
        b.iter(|| rota_core::analysis::runcost::run_cost_over(&org, &coverage, &[10, 20, 40, 80]))
    });
    c.bench_function("slices, year", |b| {
        b.iter(|| rota_core::calendar::slices(&org, horizon))
    });
    c.bench_function("coverage build 1000 people, year", |b| {
        b.iter(|| Coverage::build(&org, horizon))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = analysis
}
criterion_main!(benches);
