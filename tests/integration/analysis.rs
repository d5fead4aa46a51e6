//! Remuneration and run cost, costed by hand on the playbook organisation
//! (tests/fixtures/analysis/playbook.toml), and the totals' invariants.

use std::path::Path;

use crate::common::{callout, coverage, date, org, round_robin, schedule, shift};
use proptest::prelude::*;
use rota_core::analysis::{remuneration, run_cost};
use rota_core::calendar::SliceKind;
use rota_core::money::Money;
use rota_core::org::load_organisation;
use rota_core::rotas::Coverage;
use rota_core::schedule::{load_schedule, resolve};

fn playbook() -> (
    rota_core::org::Organisation,
    rota_core::schedule::Schedule,
    Coverage,
) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/analysis");
    let (org, _) = load_organisation(&dir.join("playbook.toml")).expect("playbook loads");
    let (schedule, _) = load_schedule(&dir.join("playbook-schedule.toml")).expect("schedule loads");
    let coverage = Coverage::build(&org, schedule.horizon());
    (org, schedule, coverage)
}

fn person<'a>(
    pay: &'a rota_core::analysis::Remuneration,
    id: &str,
) -> &'a rota_core::analysis::PersonPay {
    pay.people
        .iter()
        .find(|p| p.person == id)
        .unwrap_or_else(|| panic!("{id} has pay"))
}

/// Christmas fortnight 2026, pay 40 / 80 / 120 per weeknight / weekend day /
/// holiday slice, 60 per callout; holidays on Fri 25 Dec, Mon 28 Dec and
/// Fri 1 Jan.
#[test]
fn playbook_costed_by_hand() {
    let (org, schedule, coverage) = playbook();
    let pay = remuneration(
        &org,
        &coverage,
        &schedule,
        date("2026-12-21"),
        date("2027-01-04"),
    );

    // Ava: Mon-Thu weeknights 4 x 40, Christmas Day 120, Sat+Sun 2 x 80,
    // and one recorded callout at 02:14 on Wednesday 23rd (Tuesday's slice).
    let ava = person(&pay, "ava");
    assert_eq!(
        (ava.weeknight_slices, ava.weekend_slices, ava.holiday_slices),
        (4, 2, 1)
    );
    assert_eq!(ava.standby_pay, Money(44_000));
    assert_eq!(ava.callouts, 1.0);
    assert_eq!(ava.callout_pay, Money(6_000));
    assert_eq!(ava.total_pay, Money(50_000));
    assert_eq!(ava.oncall_share, 0.5);

    // The split week: Ben Mon 28 (holiday) to Wed 30, Cara Thu 31 to Sun 3.
    let ben = person(&pay, "ben");
    assert_eq!(
        (ben.weeknight_slices, ben.weekend_slices, ben.holiday_slices),
        (2, 0, 1)
    );
    assert_eq!(ben.standby_pay, Money(20_000));
    let cara = person(&pay, "cara");
    assert_eq!(
        (
            cara.weeknight_slices,
            cara.weekend_slices,
            cara.holiday_slices
        ),
        (1, 2, 1)
    );
    assert_eq!(cara.standby_pay, Money(32_000));
    assert_eq!(cara.total_pay, Money(32_000));

    // Eve's week holds two holidays: 3 x 40 + 2 x 120 + 2 x 80.
    assert_eq!(person(&pay, "eve").standby_pay, Money(52_000));

    // Recorded callouts in the range: no estimates anywhere.
    assert!(!pay.callouts_estimated);
    assert_eq!(pay.total.standby_pay, Money(288_000));
    assert_eq!(pay.total.callout_pay, Money(6_000));
    assert_eq!(pay.total.total_pay, Money(294_000));
    assert_eq!(pay.total.people, 7);
    let checkout = pay
        .rotas
        .iter()
        .find(|r| r.id == "team-checkout")
        .expect("rota total");
    assert_eq!(checkout.total_pay, Money(102_000));
    let shop = pay
        .domains
        .iter()
        .find(|d| d.id == "shop")
        .expect("domain total");
    assert_eq!(shop.total_pay, Money(198_000));
}

/// With no callout recorded in the range, callouts are expected from the
/// services' weekly rates spread over the out-of-hours week (5 x 15.5 + 2 x
/// 24 = 125.5 hours).
#[test]
fn expected_callouts_without_recorded_ones() {
    let (org, schedule, coverage) = playbook();
    let pay = remuneration(
        &org,
        &coverage,
        &schedule,
        date("2026-12-28"),
        date("2027-01-04"),
    );
    assert!(pay.callouts_estimated);
    // Ben: 24 h (Boxing Day substitute) + 15.5 + 15.5 = 55 h of checkout-api at 1.4 a week.
    let ben = person(&pay, "ben");
    let expected = 1.4 * 55.0 / 125.5;
    assert!((ben.callouts - expected).abs() < 1e-9, "{}", ben.callouts);
    assert_eq!(ben.callout_pay, Money(3_681)); // 60 x 0.61355 = 36.81
    // The blog's service is low band: it pages nobody, and its team has no rota.
    assert!(pay.people.iter().all(|p| p.team != "blog"));
    // Jon's media team has a medium service with no rate: nothing expected.
    assert_eq!(person(&pay, "jon").callout_pay, Money::ZERO);
    assert_eq!(pay.from, date("2026-12-28"));
    assert_eq!(pay.to, date("2027-01-03"));
    assert_eq!(pay.range_slices, 7);
}

#[test]
fn range_is_clipped_and_partial_shifts_are_counted_by_slice() {
    let (org, schedule, coverage) = playbook();
    // Wednesday 23rd to Christmas Day inclusive: three of Ava's slices.
    let pay = remuneration(
        &org,
        &coverage,
        &schedule,
        date("2026-12-23"),
        date("2026-12-26"),
    );
    let ava = person(&pay, "ava");
    assert_eq!((ava.weeknight_slices, ava.holiday_slices), (2, 1));
    assert_eq!(ava.standby_pay, Money(20_000));
    // The recorded callout (Tuesday's slice) is outside: estimates again.
    assert!(pay.callouts_estimated);
    // A range beyond the schedule is clipped to it.
    let all = remuneration(
        &org,
        &coverage,
        &schedule,
        date("2026-01-01"),
        date("2028-01-01"),
    );
    assert_eq!(all.from, date("2026-12-21"));
    assert_eq!(all.to, date("2027-01-03"));
    assert_eq!(all.total.standby_pay, Money(288_000));
}

#[test]
fn run_cost_of_the_playbook() {
    let (org, _, _) = playbook();
    let cost = run_cost(&org, &[8, 40]);
    // 52 weeks from Monday 5 January 2026 (2026 lists the most holidays).
    assert_eq!(cost.year_start, date("2026-01-05"));
    assert_eq!(cost.year_end, date("2027-01-03"));
    assert_eq!(
        (
            cost.weeknight_slices,
            cost.weekend_slices,
            cost.holiday_slices
        ),
        (257, 104, 3)
    );
    // 257 x 40 + 104 x 80 + 3 x 120
    assert_eq!(cost.rota_year, Money(1_896_000));
    // Three rotas (team-checkout, domain-shop, domain-content) for four teams.
    assert_eq!(cost.current.rotas, 3);
    assert_eq!(cost.current.tiered_yearly_cost, Money(1_896_000 * 3));
    assert_eq!(cost.current.per_team_yearly_cost, Money(1_896_000 * 4));
    assert_eq!(cost.current.on_call_per_night, 3);
    // Twice the teams: twice each level, twice the domains.
    assert_eq!(cost.projections[0].teams, 8);
    assert_eq!(cost.projections[0].rotas, 6);
    assert_eq!(cost.projections[1].rotas, 30);
    assert_eq!(
        cost.projections[1].per_team_yearly_cost,
        Money(1_896_000 * 40)
    );
}

#[test]
fn run_cost_of_the_example_counts_the_black_friday_rota() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/example.toml"),
    )
    .expect("example exists");
    let org = org(&text);
    let cost = run_cost(&org, &[10, 20, 40, 80]);
    // 3 team rotas and 4 domain rotas all year, plus team-promotions for the
    // four Black Friday days (Fri weeknight, Sat, Sun, Mon weeknight).
    assert_eq!(cost.current.rotas, 8);
    assert_eq!(cost.current.on_call_per_night, 7);
    assert_eq!(
        cost.current.tiered_yearly_cost,
        cost.rota_year * 7 + Money(24_000)
    );
    assert!(cost.tiered_share() < 0.75);
    let rows: Vec<usize> = cost.projections.iter().map(|r| r.rotas).collect();
    assert_eq!(rows, vec![6, 12, 23, 47]);
}

/// Pay over random schedules of the playbook: a shuffled member for each
/// shift window, sometimes split in two, and a random range.
fn arb_case() -> impl Strategy<Value = (Vec<(u8, u8)>, u8, u8)> {
    (
        prop::collection::vec((any::<u8>(), any::<u8>()), 0..40),
        0u8..60,
        0u8..60,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn totals_add_up((choices, a, b) in arb_case()) {
        let (org, _, _) = playbook();
        let cov = coverage(&org, "2026-11-30", "2027-01-25");
        let mut shifts = Vec::new();
        let mut k = 0usize;
        for r in 0..cov.rotas.len() {
            for (first, days) in cov.shift_windows(r) {
                let (who, cut) = choices.get(k % choices.len().max(1)).copied().unwrap_or((0, 0));
                k += 1;
                let members = &cov.cover(r, first).expect("needed").members;
                let pick = |n: u8| org.people[members[n as usize % members.len()]].id.clone();
                let cut = cut as usize % (days + 1);
                let day = |i: usize| cov.horizon.date(i);
                if cut > 0 && cut < days {
                    shifts.push(shift(&cov, &cov.rotas[r].id, &pick(who), day(first), cut));
                    shifts.push(shift(&cov, &cov.rotas[r].id, &pick(who.wrapping_add(1)), day(first + cut), days - cut));
                } else if cut == 0 {
                    shifts.push(shift(&cov, &cov.rotas[r].id, &pick(who), day(first), days));
                }
            }
        }
        let sched = schedule(&cov, shifts, vec![callout("team-checkout", "ava", "2026-12-02T01:00:00Z", "checkout-api")]);
        let (lo, hi) = (a.min(b) as u64, a.max(b) as u64);
        let from = cov.horizon.start + chrono::Days::new(lo);
        let to = cov.horizon.start + chrono::Days::new(hi);
        let pay = remuneration(&org, &cov, &sched, from, to);

        let people_total: Money = pay.people.iter().map(|p| p.total_pay).sum();
        let people_standby: Money = pay.people.iter().map(|p| p.standby_pay).sum();
        for group in [&pay.teams, &pay.domains, &pay.rotas] {
            prop_assert_eq!(group.iter().map(|t| t.total_pay).sum::<Money>(), people_total);
            prop_assert_eq!(group.iter().map(|t| t.standby_pay).sum::<Money>(), people_standby);
            prop_assert_eq!(group.iter().map(|t| t.callout_pay).sum::<Money>(), pay.total.callout_pay);
        }
        prop_assert_eq!(pay.total.total_pay, people_total);
        for p in &pay.people {
            prop_assert_eq!(p.total_pay, p.standby_pay + p.callout_pay);
        }
        for t in &pay.teams {
            let members: Money = pay.people.iter().filter(|p| p.team == t.id).map(|p| p.total_pay).sum();
            prop_assert_eq!(t.total_pay, members);
        }
        // The shifts' standby pay, slice by slice, inside the range.
        let resolved = resolve(&org, &cov, &sched);
        prop_assert!(resolved.problems.is_empty());
        let (lo, hi) = (lo as usize, hi as usize);
        let by_shift: Money = resolved
            .assignments
            .iter()
            .flat_map(|x| x.slice_range())
            .filter(|&d| lo <= d && d < hi)
            .map(|d| match cov.slices[d].kind {
                SliceKind::Weeknight => Money(4_000),
                SliceKind::Weekend => Money(8_000),
                SliceKind::Holiday => Money(12_000),
            })
            .sum();
        prop_assert_eq!(people_standby, by_shift);
    }
}

#[test]
fn round_robin_helper_fills_every_window() {
    let (org, _, _) = playbook();
    let cov = coverage(&org, "2026-12-07", "2027-01-04");
    let shifts = round_robin(&org, &cov);
    let sched = schedule(&cov, shifts, Vec::new());
    let resolved = resolve(&org, &cov, &sched);
    assert!(resolved.problems.is_empty());
    let days: usize = resolved.assignments.iter().map(|a| a.slices).sum();
    assert_eq!(
        days,
        (0..cov.rotas.len())
            .map(|r| cov.needed_slices(r))
            .sum::<usize>()
    );
}

/// Writes tests/fixtures/analysis/example-winter.toml: thirteen weeks of the
/// example organisation filled in turn, for the report snapshots until a
/// planned schedule replaces it. Run with `--ignored` to regenerate.
#[test]
#[ignore]
fn regenerate_example_schedule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("schedules/example.toml")).expect("example");
    let org = org(&text);
    let cov = coverage(&org, "2026-11-02", "2027-02-01");
    let mut s = schedule(&cov, round_robin(&org, &cov), Vec::new());
    s.organisation = "../../../schedules/example.toml".to_string();
    s.organisation_digest = rota_core::schedule::digest(text.as_bytes());
    s.generated_by = "tests: in turn".to_string();
    // Two recorded callouts, answered by whoever the turn gave those nights.
    let on_call = |rota: &str, at: &str| {
        let t = crate::common::instant(at);
        s.shifts
            .iter()
            .find(|x| x.rota == rota && x.start <= t && t < x.end)
            .map(|x| x.person.clone())
            .expect("someone is on call")
    };
    let calls = [
        ("team-payments", "2026-11-03T02:10:00Z", "checkout-web"),
        (
            "domain-fulfilment",
            "2026-11-28T14:00:00Z",
            "courier-integration",
        ),
        (
            "domain-fulfilment",
            "2026-11-28T16:30:00Z",
            "courier-integration",
        ),
        ("domain-fulfilment", "2026-11-28T23:05:00Z", "stock-levels"),
    ];
    let people: Vec<String> = calls.iter().map(|(r, at, _)| on_call(r, at)).collect();
    s.callouts = calls
        .iter()
        .zip(people)
        .map(|((r, at, svc), p)| callout(r, &p, at, svc))
        .collect();
    std::fs::write(
        root.join("tests/fixtures/analysis/example-winter.toml"),
        rota_core::schedule::write_schedule(&s),
    )
    .expect("write fixture");
}
