//! Each warning code of the analysis: a fixture where it fires and a near
//! miss where it does not.

use crate::common::{callout, coverage, date, org, schedule, shift};
use rota_core::analysis::run_cost;
use rota_core::findings::{Code, Warning};
use rota_core::findings::{
    coverage_warnings, linear_run_cost, organisation_warnings, schedule_warnings,
};
use rota_core::org::Organisation;
use rota_core::rotas::Coverage;
use rota_core::schedule::{Callout, Shift};

/// A person of the test team: id, opted in, time off (from, to).
type Member = (&'static str, bool, Option<(&'static str, &'static str)>);

/// One domain, one team-level team `core` with the given people (id,
/// opted in, time off as "from..to"), a service with a callout rate, and
/// the rules given.
fn team_org(people: &[Member], rate: f64, handoff: &str, rules: &str) -> Organisation {
    let mut text = format!(
        r#"
[organisation]
name = "Test"
timezone = "Europe/London"
currency = "GBP"

[working_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:30"

[pay]
weeknight = 40.0
weekend_day = 80.0
holiday = 120.0
callout = 50.0

[rotation]
handoff = "{handoff}"
handoff_day = "mon"

[rules]
{rules}

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

[[domains]]
id = "main"
name = "Main"

[[teams]]
id = "core"
name = "Core"
domain = "main"

[[teams]]
id = "side"
name = "Side"
domain = "main"

[[services]]
id = "core-api"
name = "Core API"
team = "core"
hourly_exposure = 500000
callouts_per_week = {rate}

[[services]]
id = "side-api"
name = "Side API"
team = "side"
hourly_exposure = 1000
"#
    );
    for (id, on_call, off) in people {
        text.push_str(&format!(
            "\n[[people]]\nid = \"{id}\"\nname = \"{id}\"\nteam = \"core\"\non_call = {on_call}\n"
        ));
        if let Some((from, to)) = off {
            text.push_str(&format!(
                "time_off = [ {{ from = \"{from}\", to = \"{to}\" }} ]\n"
            ));
        }
    }
    org(&text)
}

fn four() -> Vec<Member> {
    vec![
        ("a", true, None),
        ("b", true, None),
        ("c", true, None),
        ("d", true, None),
    ]
}

/// Eight weeks from Monday 4 January 2027.
fn weeks(o: &Organisation) -> Coverage {
    coverage(o, "2027-01-04", "2027-03-01")
}

fn weekly(cov: &Coverage, who: &[&str]) -> Vec<Shift> {
    who.iter()
        .enumerate()
        .map(|(w, p)| shift(cov, "team-core", p, cov.horizon.date(7 * w), 7))
        .collect()
}

fn run(
    o: &Organisation,
    cov: &Coverage,
    shifts: Vec<Shift>,
    callouts: Vec<Callout>,
) -> Vec<Warning> {
    schedule_warnings(o, cov, &schedule(cov, shifts, callouts))
}

fn codes(ws: &[Warning], code: Code) -> Vec<&Warning> {
    ws.iter().filter(|w| w.code == code).collect()
}

#[test]
fn oncall_share() {
    let o = team_org(&four(), 0.0, "weekly", "");
    let cov = weeks(&o);
    // One week in four each: exactly 25%, allowed.
    let fair = run(
        &o,
        &cov,
        weekly(&cov, &["a", "b", "c", "d", "a", "b", "c", "d"]),
        vec![],
    );
    assert!(codes(&fair, Code::OncallShare).is_empty(), "{fair:#?}");
    // a takes weeks 1 and 3: 14 of 28.
    let ws = run(
        &o,
        &cov,
        weekly(&cov, &["a", "b", "a", "d", "a", "b", "c", "d"]),
        vec![],
    );
    let found = codes(&ws, Code::OncallShare);
    assert_eq!(found.len(), 1, "{ws:#?}");
    assert_eq!(found[0].people, vec!["a"]);
    assert_eq!(found[0].from, Some(date("2027-01-04")));
    assert!(
        found[0].message.contains("14 of the 28"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].fix.contains("seven of a's slices"),
        "{}",
        found[0].fix
    );
}

#[test]
fn consecutive_slices_and_back_to_back() {
    let o = team_org(&four(), 0.0, "weekly", "max_oncall_share = 1.0");
    let cov = weeks(&o);
    // Two weeks running: 14 in a row.
    let ws = run(&o, &cov, weekly(&cov, &["a", "a", "c", "d"]), vec![]);
    let found = codes(&ws, Code::ConsecutiveSlices);
    assert_eq!(found.len(), 1, "{ws:#?}");
    assert_eq!(
        (found[0].from, found[0].to),
        (Some(date("2027-01-04")), Some(date("2027-01-17")))
    );
    // One week then a week off: seven free slices, allowed.
    let ok = run(&o, &cov, weekly(&cov, &["a", "b", "a", "d"]), vec![]);
    assert!(codes(&ok, Code::ConsecutiveSlices).is_empty());
    assert!(codes(&ok, Code::BackToBack).is_empty(), "{ok:#?}");

    // Daily handoff: six free slices between two shifts is too few, seven is enough.
    let o = team_org(&four(), 0.0, "daily", "max_oncall_share = 1.0");
    let cov = weeks(&o);
    let d = |i: usize| cov.horizon.date(i);
    let ws = run(
        &o,
        &cov,
        vec![
            shift(&cov, "team-core", "a", d(0), 1),
            shift(&cov, "team-core", "a", d(7), 1),
        ],
        vec![],
    );
    let found = codes(&ws, Code::BackToBack);
    assert_eq!(found.len(), 1, "{ws:#?}");
    assert!(
        found[0].message.contains("six free slices"),
        "{}",
        found[0].message
    );
    let ok = run(
        &o,
        &cov,
        vec![
            shift(&cov, "team-core", "a", d(0), 1),
            shift(&cov, "team-core", "a", d(8), 1),
        ],
        vec![],
    );
    assert!(codes(&ok, Code::BackToBack).is_empty());
}

#[test]
fn callout_load_expected() {
    // 12 a week over 125.5 hours: a 24-hour weekend slice expects 2.29.
    let o = team_org(&four(), 12.0, "weekly", "");
    let cov = weeks(&o);
    let ws = run(&o, &cov, weekly(&cov, &["a", "b", "c", "d"]), vec![]);
    let found = codes(&ws, Code::CalloutLoad);
    // Every weekend of the eight weeks, each its own run.
    assert_eq!(found.len(), 8, "{ws:#?}");
    assert_eq!(found[0].rota.as_deref(), Some("team-core"));
    assert_eq!(
        (found[0].from, found[0].to),
        (Some(date("2027-01-09")), Some(date("2027-01-10")))
    );
    assert_eq!(found[0].people, vec!["a"]);
    assert!(found[0].message.contains("estimate"));
    // 10 a week: 1.91 at most, allowed.
    let o = team_org(&four(), 10.0, "weekly", "");
    let cov = weeks(&o);
    let ok = run(&o, &cov, weekly(&cov, &["a", "b", "c", "d"]), vec![]);
    assert!(codes(&ok, Code::CalloutLoad).is_empty(), "{ok:#?}");
}

#[test]
fn callout_load_recorded_and_invalid_callouts() {
    let o = team_org(&four(), 0.0, "weekly", "");
    let cov = weeks(&o);
    let at = [
        "2027-01-05T22:00:00Z",
        "2027-01-06T01:00:00Z",
        "2027-01-06T03:00:00Z",
    ];
    let three: Vec<Callout> = at
        .iter()
        .map(|t| callout("team-core", "a", t, "core-api"))
        .collect();
    let ws = run(&o, &cov, weekly(&cov, &["a", "b", "c", "d"]), three.clone());
    let found = codes(&ws, Code::CalloutLoad);
    assert_eq!(found.len(), 1, "{ws:#?}");
    assert_eq!(found[0].people, vec!["a"]);
    assert_eq!(found[0].from, Some(date("2027-01-05")));
    assert!(codes(&ws, Code::InvalidCallout).is_empty());
    // Two in one slice is the limit, not above it.
    let ok = run(
        &o,
        &cov,
        weekly(&cov, &["a", "b", "c", "d"]),
        three[..2].to_vec(),
    );
    assert!(codes(&ok, Code::CalloutLoad).is_empty());

    // b was not on call in week one; 12:00 is working hours; the service is unknown.
    let bad = vec![
        callout("team-core", "b", "2027-01-05T22:00:00Z", "core-api"),
        callout("team-core", "a", "2027-01-06T12:00:00Z", "core-api"),
        callout("team-core", "a", "2027-01-06T01:00:00Z", "core-apj"),
        callout("team-nope", "a", "2027-01-06T01:00:00Z", "core-api"),
    ];
    let ws = run(&o, &cov, weekly(&cov, &["a", "b", "c", "d"]), bad);
    let found = codes(&ws, Code::InvalidCallout);
    assert_eq!(found.len(), 4, "{ws:#?}");
    assert!(
        found
            .iter()
            .all(|w| w.severity == rota_core::findings::Severity::Error)
    );
    assert!(
        found
            .iter()
            .any(|w| w.message.contains("b was not on call for team-core"))
    );
}

#[test]
fn holiday_imbalance_against_what_time_off_allows() {
    let o = team_org(
        &four(),
        0.0,
        "weekly",
        "max_oncall_share = 1.0\nmax_consecutive_slices = 28",
    );
    let cov = weeks(&o);
    // a has four weekends, d none, with nobody away: uneven.
    let ws = run(
        &o,
        &cov,
        weekly(&cov, &["a", "b", "a", "c", "a", "b", "a", "c"]),
        vec![],
    );
    let found = codes(&ws, Code::HolidayImbalance);
    assert_eq!(found.len(), 1, "{ws:#?}");
    assert_eq!(found[0].people[0], "a");
    assert!(found[0].people.contains(&"d".to_string()));
    assert!(
        found[0]
            .fix
            .contains("give one of a's weekend shifts on team-core to d"),
        "{}",
        found[0].fix
    );
    // Even: two weekends each.
    let ok = run(
        &o,
        &cov,
        weekly(&cov, &["a", "b", "c", "d", "a", "b", "c", "d"]),
        vec![],
    );
    assert!(codes(&ok, Code::HolidayImbalance).is_empty());

    // d is away all eight weeks, so a, b and c must share the weekends: 3, 3, 2 is fair.
    let mut people = four();
    people[3].2 = Some(("2027-01-01", "2027-03-31"));
    let o = team_org(&people, 0.0, "weekly", "max_oncall_share = 1.0");
    let cov = weeks(&o);
    let ok = run(
        &o,
        &cov,
        weekly(&cov, &["a", "b", "c", "a", "b", "c", "a", "b"]),
        vec![],
    );
    assert!(codes(&ok, Code::HolidayImbalance).is_empty(), "{ok:#?}");
}

#[test]
fn rota_too_small_and_limited_participation() {
    // Three of eight opted in: too small for four, and under half the team.
    let mut people: Vec<Member> = vec![("a", true, None), ("b", true, None), ("c", true, None)];
    for id in ["d", "e", "f", "g", "h"] {
        people.push((id, false, None));
    }
    let o = team_org(&people, 0.0, "weekly", "");
    let ws = coverage_warnings(&o, &weeks(&o));
    let small = codes(&ws, Code::RotaTooSmall);
    assert_eq!(small.len(), 1, "{ws:#?}");
    assert_eq!(small[0].fix, "add one member to team-core");
    let limited = codes(&ws, Code::LimitedParticipation);
    assert_eq!(limited.len(), 1, "{ws:#?}");
    assert!(limited[0].message.contains("only 3 of 8 people of core"));
    assert_eq!(limited[0].fix, "ask one of core to opt in to on-call");
    assert_eq!(limited[0].teams, vec!["core"]);

    // Four of eight: exactly half, and four members.
    people[3].1 = true;
    let o = team_org(&people, 0.0, "weekly", "");
    let ws = coverage_warnings(&o, &weeks(&o));
    assert!(codes(&ws, Code::RotaTooSmall).is_empty(), "{ws:#?}");
    assert!(codes(&ws, Code::LimitedParticipation).is_empty(), "{ws:#?}");
    // And organisation_warnings reports them too, over its typical year.
    people[3].1 = false;
    let o = team_org(&people, 0.0, "weekly", "");
    let ws = organisation_warnings(&o);
    assert_eq!(codes(&ws, Code::RotaTooSmall).len(), 1);
}

#[test]
fn rota_too_small_names_a_rota_to_merge_with() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/analysis/playbook.toml"
    ))
    .expect("fixture");
    let o = org(&text);
    let mut rules = o.clone();
    rules.rules.min_rota_size = 6;
    let ws = coverage_warnings(&rules, &coverage(&rules, "2027-01-04", "2027-02-01"));
    let checkout = ws
        .iter()
        .find(|w| w.code == Code::RotaTooSmall && w.rota.as_deref() == Some("team-checkout"))
        .expect("team-checkout is too small for six");
    assert_eq!(
        checkout.fix,
        "add two members to team-checkout or merge it with domain-shop"
    );
    let shop = ws
        .iter()
        .find(|w| w.code == Code::RotaTooSmall && w.rota.as_deref() == Some("domain-shop"))
        .expect("domain-shop is too small for six");
    assert_eq!(
        shop.fix,
        "add two members to domain-shop or merge it with domain-content"
    );
}

#[test]
fn linear_run_cost_fires_for_per_team_plans_only() {
    // Playbook: three rotas for four teams, exactly 75% of the baseline: not above.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/analysis/playbook.toml"
    ))
    .expect("fixture");
    let tiered = org(&text);
    assert!(super_linear(&tiered).is_none());
    // The example organisation is tiered: 7 rotas for 12 teams.
    let example = org(&std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schedules/example.toml"
    ))
    .expect("example"));
    assert!(super_linear(&example).is_none());
    // Raise basket and media to the team band: every on-call team carries its own rota.
    let per_team = org(&text
        .replace("hourly_exposure = 100000", "hourly_exposure = 300000")
        .replace("hourly_exposure = 60000", "hourly_exposure = 300000"));
    let w = super_linear(&per_team).expect("fires for a mostly per-team organisation");
    assert!(
        w.message.contains("3 of 4 teams carry their own rota"),
        "{}",
        w.message
    );
    assert!(
        w.message.contains("Rule: warn when more than 50% of teams"),
        "{}",
        w.message
    );
    assert_eq!(w.teams, vec!["checkout", "basket", "media"]);
}

fn super_linear(o: &Organisation) -> Option<Warning> {
    let found = linear_run_cost(o, &run_cost(o, &[10, 20, 40, 80]));
    let from_check: Vec<Warning> = organisation_warnings(o)
        .into_iter()
        .filter(|w| w.code == Code::LinearRunCost)
        .collect();
    assert_eq!(found.is_some(), !from_check.is_empty());
    found
}

mod any_schedule {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Shifts on any rota for anyone, overlapping or not, and callouts at
        /// any instant: the analysis never panics and totals still add up.
        #[test]
        fn never_panics(
            shifts in prop::collection::vec((0usize..4, 0usize..14, 0usize..28, 1usize..10), 0..30),
            calls in prop::collection::vec((0usize..4, 0usize..14, 0i64..(28 * 24 * 60)), 0..10),
        ) {
            let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/analysis/playbook.toml"))
                .expect("fixture");
            let o = org(&text);
            let cov = coverage(&o, "2026-12-14", "2027-01-11");
            let len = cov.horizon.len();
            let rota_id = |r: usize| cov.rotas.get(r).map_or("team-none".to_string(), |x| x.id.clone());
            let person_id = |p: usize| o.people.get(p).map_or("nobody".to_string(), |x| x.id.clone());
            let made: Vec<Shift> = shifts
                .iter()
                .filter(|(_, _, first, days)| first + days <= len)
                .map(|&(r, p, first, days)| shift(&cov, &rota_id(r), &person_id(p), cov.horizon.date(first), days))
                .collect();
            let start = cov.slices[0].start;
            let made_calls: Vec<Callout> = calls
                .iter()
                .map(|&(r, p, minutes)| {
                    let at = (start + chrono::Duration::minutes(minutes)).to_rfc3339();
                    callout(&rota_id(r), &person_id(p), &at, "checkout-api")
                })
                .collect();
            let sched = schedule(&cov, made, made_calls);
            let ws = schedule_warnings(&o, &cov, &sched);
            prop_assert!(ws.iter().all(|w| !w.message.is_empty() && !w.fix.is_empty()));
            let pay = rota_core::analysis::remuneration(&o, &cov, &sched, cov.horizon.start, cov.horizon.end);
            let people: rota_core::money::Money = pay.people.iter().map(|p| p.total_pay).sum();
            prop_assert_eq!(pay.total.total_pay, people);
            let rotas: rota_core::money::Money = pay.rotas.iter().map(|r| r.total_pay).sum();
            prop_assert_eq!(rotas, people);
        }
    }
}
