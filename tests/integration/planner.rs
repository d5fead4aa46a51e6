//! The planner against hand-computed answers.

use std::collections::BTreeMap;

use crate::common::{date, one_team};
use rota_core::calendar::Horizon;
use rota_core::org::Organisation;
use rota_core::planner::{Plan, PlanOptions, plan, plan_schedule};
use rota_core::rotas::Coverage;
use rota_core::schedule::{Schedule, Shift, resolve};

const NONE: &[(&str, &str)] = &[];

/// On a rota of three, one week in three is more than a quarter of some 28
/// slices whoever takes it: tests of fairness there allow half.
const HALF_SHARE: &str = "\n[rules]\nmax_oncall_share = 0.5\n";

/// 2026-11-23 is a Monday.
fn weeks(n: u32) -> Horizon {
    Horizon::weeks(date("2026-11-23"), n)
}

fn schedule_of(
    org: &Organisation,
    text: &str,
    horizon: Horizon,
    options: &PlanOptions,
) -> (Schedule, Plan) {
    plan_schedule(org, text, "test.toml", horizon, options)
}

/// Slices per person id.
fn loads(shifts: &[Shift]) -> BTreeMap<String, u32> {
    let mut m = BTreeMap::new();
    for s in shifts {
        *m.entry(s.person.clone()).or_insert(0) += s.slices;
    }
    m
}

/// (person, first date, slices) of every shift, in order.
fn who(org: &Organisation, horizon: Horizon, schedule: &Schedule) -> Vec<(String, String, usize)> {
    let coverage = Coverage::build(org, horizon);
    let r = resolve(org, &coverage, schedule);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    r.assignments
        .iter()
        .map(|a| {
            (
                org.people[a.person].id.clone(),
                horizon.date(a.first_slice).to_string(),
                a.slices,
            )
        })
        .collect()
}

#[test]
fn four_people_eight_weeks_take_two_weeks_each() {
    let (org, text) = one_team(
        "weekly",
        &[("ann", NONE), ("bob", NONE), ("cat", NONE), ("dan", NONE)],
        "",
    );
    let (s, p) = schedule_of(&org, &text, weeks(8), &PlanOptions::default());
    assert!(p.unfilled.is_empty());
    assert_eq!(p.splits, 0);
    assert_eq!(s.shifts.len(), 8);
    let l = loads(&s.shifts);
    assert_eq!(
        l.values().copied().collect::<Vec<_>>(),
        vec![14, 14, 14, 14]
    );
    // With rest of seven free slices nobody does two weeks in a row.
    let order: Vec<String> = who(&org, weeks(8), &s).into_iter().map(|w| w.0).collect();
    for pair in order.windows(2) {
        assert_ne!(pair[0], pair[1]);
    }
}

#[test]
fn time_off_is_made_up_later_so_loads_end_equal() {
    // cat is away for the first two weeks; the best plan still gives each
    // of the three 14 slices over six weeks.
    let (org, text) = one_team(
        "weekly",
        &[
            ("ann", NONE),
            ("bob", NONE),
            ("cat", &[("2026-11-23", "2026-12-06")]),
        ],
        "",
    );
    let (s, p) = schedule_of(&org, &text, weeks(6), &PlanOptions::default());
    assert!(p.unfilled.is_empty());
    let l = loads(&s.shifts);
    assert_eq!(
        l.values().copied().collect::<Vec<_>>(),
        vec![14, 14, 14],
        "{l:?}"
    );
    let w = who(&org, weeks(6), &s);
    assert!(
        w.iter()
            .all(|(p, d, _)| p != "cat" || d.as_str() >= "2026-12-07")
    );
}

#[test]
fn time_off_inside_a_week_forces_a_split_at_slice_boundaries() {
    // ann is off Wednesday and Thursday, bob Monday and Tuesday: nobody can
    // take the week whole. Fewest segments: ann Mon–Tue, bob Wed–Sun.
    let (org, text) = one_team(
        "weekly",
        &[
            ("ann", &[("2026-11-25", "2026-11-26")]),
            ("bob", &[("2026-11-23", "2026-11-24")]),
        ],
        "",
    );
    let (s, p) = schedule_of(&org, &text, weeks(1), &PlanOptions::default());
    assert!(p.unfilled.is_empty());
    assert_eq!(p.splits, 1);
    assert_eq!(
        who(&org, weeks(1), &s),
        vec![
            ("ann".to_string(), "2026-11-23".to_string(), 2),
            ("bob".to_string(), "2026-11-25".to_string(), 5)
        ]
    );
    // The segment boundaries are slice boundaries: Tuesday's slice ends at
    // 09:00 on Wednesday, Wednesday's starts at 17:30.
    assert_eq!(s.shifts[0].end.to_rfc3339(), "2026-11-25T09:00:00+00:00");
    assert_eq!(s.shifts[1].start.to_rfc3339(), "2026-11-25T17:30:00+00:00");
}

#[test]
fn a_slice_nobody_can_take_is_unfilled_and_only_that_one() {
    let (org, text) = one_team(
        "weekly",
        &[
            ("ann", &[("2026-11-25", "2026-11-25")]),
            ("bob", &[("2026-11-25", "2026-11-25")]),
        ],
        "",
    );
    let (s, p) = schedule_of(&org, &text, weeks(1), &PlanOptions::default());
    assert_eq!(p.unfilled, vec![(0, 2)]);
    let covered: u32 = s.shifts.iter().map(|s| s.slices).sum();
    assert_eq!(covered, 6);
}

#[test]
fn daily_handoff_balances_slices_and_weekends() {
    let people: Vec<(String, &[(&str, &str)])> = (0..7).map(|i| (format!("p{i}"), NONE)).collect();
    let people: Vec<(&str, &[(&str, &str)])> =
        people.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    let (org, text) = one_team("daily", &people, "");
    let horizon = weeks(4);
    let (s, p) = schedule_of(&org, &text, horizon, &PlanOptions::default());
    assert!(p.unfilled.is_empty());
    assert_eq!(s.shifts.len(), 28);
    assert!(loads(&s.shifts).values().all(|&l| l == 4));
    // Eight weekend slices among seven people: nobody has more than two.
    let mut weekend = BTreeMap::new();
    for (person, day, _) in who(&org, horizon, &s) {
        let d = date(&day);
        if chrono::Datelike::weekday(&d).num_days_from_monday() >= 5 {
            *weekend.entry(person).or_insert(0) += 1;
        }
    }
    assert!(weekend.values().all(|&w| w <= 2), "{weekend:?}");
}

#[test]
fn previous_load_is_carried_into_fairness() {
    // Three people cannot keep a quarter share, and in a three-week horizon
    // two weeks are half of 28 slices: allow half, so fairness decides.
    let (org, text) = one_team(
        "weekly",
        &[("ann", NONE), ("bob", NONE), ("cat", NONE)],
        HALF_SHARE,
    );
    // Before the horizon ann did three weeks and bob one.
    let before = Horizon::weeks(date("2026-10-26"), 4);
    let coverage = Coverage::build(&org, before);
    let mut previous = schedule_of(&org, &text, before, &PlanOptions::default()).0;
    let names = ["ann", "ann", "ann", "bob"];
    for (shift, name) in previous.shifts.iter_mut().zip(names) {
        shift.person = name.to_string();
    }
    assert_eq!(coverage.rotas.len(), 1);
    let options = PlanOptions {
        existing: None,
        previous: Some(&previous),
        now: None,
    };
    let (s, _) = schedule_of(&org, &text, weeks(3), &options);
    // Over both schedules: ann 3, bob 1+x, cat y with x + y = 3: bob 1, cat 2.
    let l = loads(&s.shifts);
    assert_eq!(l.get("ann"), None, "{l:?}");
    assert_eq!(l.get("bob"), Some(&7));
    assert_eq!(l.get("cat"), Some(&14));
}

#[test]
fn pinned_shifts_are_kept_exactly_and_the_rest_rebalances() {
    // Three people cannot keep a quarter share (see above).
    let (org, text) = one_team(
        "weekly",
        &[("ann", NONE), ("bob", NONE), ("cat", NONE)],
        HALF_SHARE,
    );
    let horizon = weeks(6);
    let (mut s, _) = schedule_of(&org, &text, horizon, &PlanOptions::default());
    // ann asks for weeks 1 and 2 with a note.
    for i in 0..2 {
        s.shifts[i].person = "ann".into();
        s.shifts[i].pinned = true;
        s.shifts[i].note = "swapped with bob".into();
    }
    let pinned: Vec<Shift> = s.shifts[..2].to_vec();
    let options = PlanOptions {
        existing: Some(&s),
        previous: None,
        now: None,
    };
    let (again, p) = schedule_of(&org, &text, horizon, &options);
    assert!(p.unfilled.is_empty());
    for pin in &pinned {
        assert!(again.shifts.contains(pin), "{pin:?} was not kept");
    }
    let l = loads(&again.shifts);
    assert_eq!(
        l.values().copied().collect::<Vec<_>>(),
        vec![14, 14, 14],
        "{l:?}"
    );
}

#[test]
fn the_example_plans_without_breaking_anything() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/example.toml");
    let (org, text) = rota_core::org::load_organisation(&path).expect("the example loads");
    let horizon = weeks(13);
    let coverage = Coverage::build(&org, horizon);
    let p = plan(&org, &coverage, &PlanOptions::default());
    assert!(p.unfilled.is_empty());
    let (s, _) = schedule_of(&org, &text, horizon, &PlanOptions::default());
    let findings = rota_core::findings::schedule_findings(&org, &text, &coverage, &s);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn a_slice_is_not_left_unfilled_when_moving_someone_frees_a_member() {
    // ann is the only member of night-b; night-a has ann and bob. Taking
    // ann for night-a first would leave night-b empty: bob takes night-a.
    let text = one_team("daily", &[("ann", NONE), ("bob", NONE)], "").1
        + r#"
[[teams]]
id = "b"
name = "B"
domain = "d"

[[rotas]]
id = "night-a"
name = "Night A"
teams = ["a"]
members = ["ann", "bob"]

[[rotas]]
id = "night-b"
name = "Night B"
teams = ["b"]
members = ["ann"]
"#;
    let org = rota_core::org::parse_organisation("t.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    let horizon = weeks(1);
    let coverage = Coverage::build(&org, horizon);
    let p = plan(&org, &coverage, &PlanOptions::default());
    assert!(p.unfilled.is_empty(), "{:?}", p.unfilled);
    let findings = rota_core::findings::schedule_findings(
        &org,
        &text,
        &coverage,
        &schedule_of(&org, &text, horizon, &PlanOptions::default()).0,
    );
    assert!(findings.is_empty(), "{findings:#?}");
    let b: Vec<&Shift> = p.shifts.iter().filter(|s| s.rota == "night-b").collect();
    assert_eq!(b.len(), 7);
    assert!(b.iter().all(|s| s.person == "ann"));
}

/// The codes of the rest and share rules the planner keeps when it can.
fn rest_and_share_warnings(org: &Organisation, horizon: Horizon, s: &Schedule) -> Vec<String> {
    use rota_core::findings::Code;
    let coverage = Coverage::build(org, horizon);
    rota_core::findings::schedule_warnings(org, &coverage, s)
        .into_iter()
        .filter(|w| {
            matches!(
                w.code,
                Code::OncallShare | Code::BackToBack | Code::ConsecutiveSlices
            )
        })
        .map(|w| w.message)
        .collect()
}

#[test]
fn someone_back_from_long_leave_is_not_on_call_twice_in_four_weeks() {
    // eve is away for the first eight weeks; the other four take two weeks
    // each. Back, eve is 14 slices behind: by load alone she would take the
    // weeks of 01-18 and 02-01, 14 of the 28 slices from 01-18 (more than
    // the 25% allowed). The share rule ranks with rest, before fairness.
    let (org, text) = one_team(
        "weekly",
        &[
            ("ann", NONE),
            ("bob", NONE),
            ("cat", NONE),
            ("dan", NONE),
            ("eve", &[("2026-11-23", "2027-01-17")]),
        ],
        "",
    );
    let horizon = weeks(14);
    let (s, p) = schedule_of(&org, &text, horizon, &PlanOptions::default());
    assert!(p.unfilled.is_empty());
    let warnings = rest_and_share_warnings(&org, horizon, &s);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let eve: Vec<String> = who(&org, horizon, &s)
        .into_iter()
        .filter(|w| w.0 == "eve")
        .map(|w| w.1)
        .collect();
    assert_eq!(eve.first().map(String::as_str), Some("2027-01-18"));
    // Every 28 slices hold at most 7 of eve's: her shifts are four weeks apart.
    for pair in eve.windows(2) {
        let gap = (date(&pair[1]) - date(&pair[0])).num_days();
        assert!(gap >= 28, "{eve:?}");
    }
}

#[test]
fn the_example_keeps_rest_and_share_from_several_start_dates() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schedules/example.toml");
    let (org, text) = rota_core::org::load_organisation(&path).expect("the example loads");
    for start in [
        "2026-11-02",
        "2026-11-23",
        "2027-01-04",
        "2027-03-01",
        "2027-06-07",
    ] {
        let horizon = Horizon::weeks(date(start), 13);
        let (s, p) = schedule_of(&org, &text, horizon, &PlanOptions::default());
        assert!(p.unfilled.is_empty(), "{start}");
        let warnings = rest_and_share_warnings(&org, horizon, &s);
        assert!(warnings.is_empty(), "from {start}: {warnings:#?}");
    }
}
