//! Rest rules as the planner applies them (fairness and hard constraints are
//! tested from the outside, in `tests/`).

use chrono::NaiveDate;

use super::{PlanOptions, plan};
use crate::calendar::Horizon;
use crate::org::{Organisation, parse_organisation};
use crate::rotas::Coverage;

fn org(handoff: &str, people: usize, rules: &str) -> Organisation {
    let mut text = format!(
        "[organisation]\nname = \"T\"\ntimezone = \"Europe/London\"\ncurrency = \"GBP\"\n\
         [working_hours]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nstart = \"09:00\"\nend = \"17:30\"\n\
         [pay]\nweeknight = 1.0\nweekend_day = 2.0\nholiday = 3.0\n\
         [rotation]\nhandoff = \"{handoff}\"\nhandoff_day = \"mon\"\n\
         [rules]\n{rules}\n\
         [[bands]]\nname = \"high\"\nmax_hourly_exposure = 800000\navailability = 99.9\non_call = \"team\"\n\
         [[domains]]\nid = \"d\"\nname = \"D\"\n[[teams]]\nid = \"a\"\nname = \"A\"\ndomain = \"d\"\n\
         [[services]]\nid = \"s\"\nname = \"S\"\nteam = \"a\"\nhourly_exposure = 500000\n"
    );
    for i in 0..people {
        text.push_str(&format!(
            "[[people]]\nid = \"p{i}\"\nname = \"P{i}\"\nteam = \"a\"\n"
        ));
    }
    parse_organisation("t.toml", &text).unwrap_or_else(|d| panic!("{d}"))
}

/// Who holds each slice, in order.
fn holders(org: &Organisation, weeks: u32) -> Vec<String> {
    let horizon = Horizon::weeks(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), weeks);
    let coverage = Coverage::build(org, horizon);
    let p = plan(org, &coverage, &PlanOptions::default());
    assert!(p.unfilled.is_empty());
    let mut out = Vec::new();
    for s in &p.shifts {
        for _ in 0..s.slices {
            out.push(s.person.clone());
        }
    }
    out
}

#[test]
fn daily_shifts_keep_the_minimum_rest_when_the_rota_is_big_enough() {
    // Eight people, seven free slices between two shifts of one person.
    let who = holders(&org("daily", 8, "min_rest_slices = 7"), 4);
    for (i, p) in who.iter().enumerate() {
        for q in who.iter().skip(i + 1).take(7) {
            assert_ne!(p, q, "{who:?}");
        }
    }
}

#[test]
fn no_more_than_the_consecutive_limit_when_rest_is_not_asked_for() {
    // Two people, no rest asked, at most three slices in a row.
    let who = holders(
        &org(
            "daily",
            2,
            "min_rest_slices = 0\nmax_consecutive_slices = 3",
        ),
        3,
    );
    for window in who.windows(4) {
        assert!(window.iter().any(|p| p != &window[0]), "{who:?}");
    }
}

#[test]
fn a_rota_too_small_for_the_rest_rule_is_still_covered_and_fair() {
    // Two people cannot both rest seven slices between weekly shifts: they
    // alternate, which is the least breach, and share the load evenly.
    let who = holders(&org("weekly", 2, "min_rest_slices = 7"), 4);
    let p0 = who.iter().filter(|p| *p == "p0").count();
    assert_eq!(p0, 14);
    assert_ne!(who[0], who[7]);
}

/// The passes for people on more than one lane are skipped in groups of
/// one lane, where they can change nothing: plans of generated
/// organisations, with secondaries and without, are the same with them
/// run everywhere.
#[test]
fn groups_of_one_lane_lose_nothing_by_skipping_the_shared_passes() {
    use crate::org::generate::{GenerateOptions, generate};
    for (seed, secondary) in [(1, false), (3, true)] {
        let text = generate(&GenerateOptions {
            teams: 100,
            people_per_team: 10,
            seed,
            secondary,
            ..GenerateOptions::default()
        });
        let org = parse_organisation("g.toml", &text).unwrap_or_else(|d| panic!("{d}"));
        let horizon = Horizon::weeks(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), 52);
        let coverage = Coverage::build(&org, horizon);
        let skipped = plan(&org, &coverage, &PlanOptions::default());
        assert!(
            !secondary || skipped.shifts.iter().any(|s| s.role.is_secondary()),
            "seed {seed} has secondaries"
        );
        super::state::EVERY_GROUP_SHARED.with(|c| c.set(true));
        let everywhere = plan(&org, &coverage, &PlanOptions::default());
        super::state::EVERY_GROUP_SHARED.with(|c| c.set(false));
        assert_eq!(skipped, everywhere, "seed {seed}, secondaries {secondary}");
    }
}
