//! Rest after a night's work: `short-rest` when a recorded callout leaves
//! less than `min_daily_rest_hours` before the next working day, and
//! `callout-nights` when more than `max_callout_nights_per_week` nights of
//! seven are broken by callouts.

use crate::common::{callout, coverage, date, one_team, schedule, shift};
use rota_core::findings::{Code, Warning, schedule_warnings};
use rota_core::schedule::Callout;

fn warnings(extra: &str, callouts: Vec<Callout>) -> Vec<Warning> {
    let (org, _) = one_team("weekly", &[("ava", &[]), ("ben", &[])], extra);
    let cov = coverage(&org, "2026-12-07", "2026-12-21");
    let shifts = vec![
        shift(&cov, "team-a", "ava", date("2026-12-07"), 7),
        shift(&cov, "team-a", "ben", date("2026-12-14"), 7),
    ];
    schedule_warnings(&org, &cov, &schedule(&cov, shifts, callouts))
}

fn with_minutes(mut c: Callout, minutes: u32) -> Callout {
    c.minutes = minutes;
    c
}

fn of(ws: &[Warning], code: Code) -> Vec<&Warning> {
    ws.iter().filter(|w| w.code == code).collect()
}

#[test]
fn a_callout_ending_at_half_past_four_leaves_four_and_a_half_hours() {
    // Tuesday 8 December 2026, London is on GMT: 03:00-04:30, work at 09:00.
    let ws = warnings(
        "",
        vec![with_minutes(
            callout("team-a", "ava", "2026-12-08T03:00:00Z", "s"),
            90,
        )],
    );
    let short = of(&ws, Code::ShortRest);
    assert_eq!(short.len(), 1, "{ws:#?}");
    let w = short[0];
    assert_eq!(w.people, ["ava"]);
    assert_eq!(w.from, Some(date("2026-12-07")), "the night of Monday");
    assert_eq!(
        w.to,
        Some(date("2026-12-08")),
        "the working day it cuts into"
    );
    assert!(w.message.contains("4.5 hours' rest"), "{}", w.message);
    assert!(w.message.contains("ended at 04:30"), "{}", w.message);
    assert!(w.fix.contains("start late"), "{}", w.fix);
    assert!(w.fix.contains("15:30"), "11 hours after 04:30: {}", w.fix);
    assert_eq!(w.code.as_str(), "short-rest");
}

#[test]
fn a_callout_ending_at_nine_in_the_evening_leaves_enough_rest() {
    let ws = warnings(
        "",
        vec![with_minutes(
            callout("team-a", "ava", "2026-12-07T20:00:00Z", "s"),
            60,
        )],
    );
    assert!(of(&ws, Code::ShortRest).is_empty(), "{ws:#?}");
}

#[test]
fn the_rest_threshold_is_a_rule_and_weekends_are_rest() {
    let late = || {
        vec![with_minutes(
            callout("team-a", "ava", "2026-12-07T20:00:00Z", "s"),
            60,
        )]
    };
    // 12 hours' rest is short when 13 are asked for.
    let ws = warnings("\n[rules]\nmin_daily_rest_hours = 13\n", late());
    assert_eq!(of(&ws, Code::ShortRest).len(), 1, "{ws:#?}");
    // Saturday 03:00-04:30: the next working day is Monday.
    let ws = warnings(
        "",
        vec![with_minutes(
            callout("team-a", "ava", "2026-12-12T03:00:00Z", "s"),
            90,
        )],
    );
    assert!(of(&ws, Code::ShortRest).is_empty(), "{ws:#?}");
    // A callout that runs into the working day leaves no rest at all.
    let ws = warnings(
        "",
        vec![with_minutes(
            callout("team-a", "ava", "2026-12-09T08:00:00Z", "s"),
            120,
        )],
    );
    let short = of(&ws, Code::ShortRest);
    assert_eq!(short.len(), 1, "{ws:#?}");
    assert!(
        short[0].message.contains("has 0 hours' rest"),
        "{}",
        short[0].message
    );
}

#[test]
fn callouts_on_more_than_three_nights_of_a_week_are_a_warning() {
    // Evening callouts, so no short rest: ava on four nights, ben on three.
    let evening = |who: &str, day: &str| {
        with_minutes(callout("team-a", who, &format!("{day}T19:00:00Z"), "s"), 30)
    };
    let ws = warnings(
        "",
        vec![
            evening("ava", "2026-12-07"),
            evening("ava", "2026-12-08"),
            evening("ava", "2026-12-08"),
            evening("ava", "2026-12-10"),
            evening("ava", "2026-12-11"),
            evening("ben", "2026-12-14"),
            evening("ben", "2026-12-15"),
            evening("ben", "2026-12-16"),
        ],
    );
    let nights = of(&ws, Code::CalloutNights);
    assert_eq!(nights.len(), 1, "{ws:#?}");
    assert_eq!(nights[0].people, ["ava"]);
    assert!(
        nights[0].message.contains("4 nights"),
        "{}",
        nights[0].message
    );
    assert_eq!(nights[0].from, Some(date("2026-12-07")));
    assert_eq!(nights[0].to, Some(date("2026-12-11")));
    assert!(of(&ws, Code::ShortRest).is_empty(), "{ws:#?}");
    let ws = warnings(
        "\n[rules]\nmax_callout_nights_per_week = 2\n",
        vec![
            evening("ben", "2026-12-14"),
            evening("ben", "2026-12-15"),
            evening("ben", "2026-12-16"),
        ],
    );
    assert_eq!(of(&ws, Code::CalloutNights).len(), 1, "{ws:#?}");
}
