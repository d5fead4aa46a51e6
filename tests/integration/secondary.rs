//! Two-level cover: where a band (or an explicit rota) asks for a
//! secondary, every slice has two different people, one per role, and the
//! planner's other promises hold for both roles.

use proptest::prelude::*;
use rota_core::calendar::Horizon;
use rota_core::findings::{Code, schedule_findings};
use rota_core::org::generate::{GenerateOptions, generate};
use rota_core::org::{Handoff, Organisation, parse_organisation};
use rota_core::planner::{Plan, PlanOptions, plan_schedule};
use rota_core::rotas::Coverage;
use rota_core::schedule::{Role, Schedule, parse_schedule, resolve, write_schedule};

fn organisation(
    teams: usize,
    people: usize,
    seed: u64,
    handoff: usize,
    secondary: bool,
) -> (Organisation, String) {
    let text = generate(&GenerateOptions {
        shared_rota: seed.is_multiple_of(3),
        teams,
        people_per_team: people,
        seed,
        handoff: Handoff::ALL[handoff % 3],
        teams_per_domain: 2,
        time_off_span: 40,
        secondary,
        ..GenerateOptions::default()
    });
    let org = parse_organisation("gen.toml", &text).unwrap_or_else(|d| panic!("{d}"));
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

/// Every slice that needs a role has exactly one shift in it or is reported
/// unfilled (and then every member was off or busy); a secondary only where
/// one is needed; nobody holds two shifts (two roles, two rotas) at once;
/// the only findings are `unfilled`. The first `frozen` slices started
/// before now: nothing new is planned there, so one left empty stays so
/// (at most one shift per role).
fn assert_two_level(
    org: &Organisation,
    text: &str,
    coverage: &Coverage,
    s: &Schedule,
    p: &Plan,
    frozen: usize,
) {
    let findings = schedule_findings(org, text, coverage, s);
    for f in &findings {
        assert_eq!(f.code, Code::Unfilled, "{f:#?}");
    }
    let days = coverage.horizon.len();
    let r = resolve(org, coverage, s);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let lane = |rota: usize, role: Role| (rota * 2 + usize::from(role.is_secondary())) * days;
    let mut frozen_gap = false;
    let mut count = vec![0; coverage.rotas.len() * 2 * days];
    let mut holder = vec![usize::MAX; coverage.rotas.len() * 2 * days];
    let mut busy = vec![0; org.people.len() * days];
    for a in &r.assignments {
        for d in a.slice_range() {
            count[lane(a.rota, a.role) + d] += 1;
            holder[lane(a.rota, a.role) + d] = a.person;
            busy[a.person * days + d] += 1;
            assert!(
                coverage.is_member(a.rota, d, a.person),
                "{} not a member",
                org.people[a.person].id
            );
            assert!(!org.people[a.person].is_off(coverage.horizon.date(d)));
        }
    }
    assert!(
        busy.iter().all(|&n| n <= 1),
        "someone holds two shifts at once"
    );
    for rota in 0..coverage.rotas.len() {
        for d in 0..days {
            for role in Role::ALL {
                let n = count[lane(rota, role) + d];
                let unfilled = match role {
                    Role::Primary => p.unfilled.contains(&(rota, d)),
                    Role::Secondary => p.unfilled_secondary.contains(&(rota, d)),
                };
                if coverage.needs_role(rota, d, role) && d < frozen {
                    assert!(n <= 1, "rota {rota} {role:?} day {d}");
                    frozen_gap |= n == 0;
                } else if coverage.needs_role(rota, d, role) {
                    assert_eq!(n + i32::from(unfilled), 1, "rota {rota} {role:?} day {d}");
                } else {
                    assert_eq!(n, 0, "rota {rota} {role:?} day {d} needs nobody");
                }
                if unfilled {
                    let date = coverage.horizon.date(d);
                    for &m in &coverage.cover(rota, d).unwrap().members {
                        assert!(
                            org.people[m].is_off(date) || busy[m * days + d] > 0,
                            "{} was free for rota {rota} ({role:?}) on {date}",
                            org.people[m].id
                        );
                    }
                }
            }
            let (a, b) = (
                holder[lane(rota, Role::Primary) + d],
                holder[lane(rota, Role::Secondary) + d],
            );
            if a != usize::MAX && b != usize::MAX {
                assert_ne!(a, b, "one person is primary and secondary of rota {rota}");
            }
        }
    }
    // A slice left empty before now is the file's, not the plan's: check
    // names it, the planner (which plans nothing there) does not.
    if !frozen_gap {
        assert_eq!(
            findings.is_empty(),
            p.unfilled.is_empty() && p.unfilled_secondary.is_empty()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, .. ProptestConfig::default() })]

    #[test]
    fn two_level_plans_keep_every_hard_constraint(
        teams in 1usize..=4, people in 3usize..=9, seed in any::<u64>(),
        weeks in 2u32..=6, handoff in 0usize..3,
    ) {
        let (org, text) = organisation(teams, people, seed, handoff, true);
        let h = horizon(weeks);
        let coverage = Coverage::build(&org, h);
        let (s, p) = run(&org, &text, h, &PlanOptions::default());
        assert_two_level(&org, &text, &coverage, &s, &p, 0);
        // Secondaries exist exactly where a rota needs one.
        let needs = (0..coverage.rotas.len()).any(|r| coverage.has_secondary(r));
        let has = s.shifts.iter().any(|x| x.role == Role::Secondary);
        prop_assert!(!has || needs);

        // Determinism: the same inputs give the same bytes.
        let (again, _) = run(&org, &text, h, &PlanOptions::default());
        prop_assert_eq!(write_schedule(&s), write_schedule(&again));

        // Stability: re-planning with its own output changes nothing.
        let options = PlanOptions { existing: Some(&s), previous: None, now: None };
        let (replanned, _) = run(&org, &text, h, &options);
        prop_assert_eq!(write_schedule(&s), write_schedule(&replanned));

        // The file reads back as it was written, roles included.
        let written = write_schedule(&s);
        let read = parse_schedule("s.toml", &written).unwrap();
        prop_assert_eq!(&read, &s);
    }

    #[test]
    fn pinned_secondaries_and_history_are_kept(
        teams in 1usize..=3, people in 4usize..=8, seed in any::<u64>(),
        weeks in 3u32..=6, handoff in 0usize..3, pick in any::<usize>(), who in any::<usize>(),
        today in 1u64..14,
    ) {
        let (org, text) = organisation(teams, people, seed, handoff, true);
        let h = horizon(weeks);
        let coverage = Coverage::build(&org, h);
        let (mut s, _) = run(&org, &text, h, &PlanOptions::default());
        let r = resolve(&org, &coverage, &s);
        let seconds: Vec<_> = r.assignments.iter().filter(|a| a.role == Role::Secondary).collect();
        prop_assume!(!seconds.is_empty());
        let a = *seconds[pick % seconds.len()];
        // Someone else who is a member, not off and holds nothing then.
        let others: Vec<usize> = coverage.cover(a.rota, a.first_slice).unwrap().members.iter().copied()
            .filter(|&m| m != a.person && a.slice_range().all(|d| {
                coverage.is_member(a.rota, d, m)
                    && !org.people[m].is_off(h.date(d))
                    && !r.assignments.iter().any(|b| b.person == m && b.slice_range().contains(&d))
            }))
            .collect();
        prop_assume!(!others.is_empty());
        let chosen = others[who % others.len()];
        s.shifts[a.shift].person = org.people[chosen].id.clone();
        s.shifts[a.shift].pinned = true;
        let pin = s.shifts[a.shift].clone();

        let now = rota_core::schedule::start_of_day(&org, h.start + chrono::Days::new(today));
        let history: Vec<_> = s.shifts.iter().filter(|x| x.is_history(now)).cloned().collect();
        let options = PlanOptions { existing: Some(&s), previous: None, now: Some(now) };
        let (replanned, p) = run(&org, &text, h, &options);
        prop_assert!(replanned.shifts.contains(&pin));
        for x in &history {
            prop_assert!(replanned.shifts.contains(x), "history lost: {:?}", x);
        }
        assert_two_level(
            &org,
            &text,
            &coverage,
            &replanned,
            &p,
            rota_core::schedule::history_slices(&coverage, now),
        );
        let (again, _) = run(&org, &text, h, &options);
        prop_assert_eq!(write_schedule(&replanned), write_schedule(&again));
    }

    /// Without a secondary band nothing changes: no shift has a role, and
    /// the file is the one single cover always wrote.
    #[test]
    fn single_cover_writes_no_role(
        teams in 1usize..=4, people in 3usize..=6, seed in any::<u64>(), weeks in 1u32..=5,
    ) {
        let (org, text) = organisation(teams, people, seed, 0, false);
        let h = horizon(weeks);
        let (s, p) = run(&org, &text, h, &PlanOptions::default());
        prop_assert!(p.unfilled_secondary.is_empty());
        prop_assert!(s.shifts.iter().all(|x| x.role == Role::Primary));
        prop_assert!(!write_schedule(&s).contains("role ="));
    }
}

/// Fairness: on a rota that needs a secondary every night and has enough
/// people, total on-call slices end within one shift of each other, and
/// primary slices too; nobody is secondary straight after their own primary.
#[test]
fn two_level_load_is_fair_and_roles_alternate() {
    let text = generate(&GenerateOptions {
        teams: 1,
        people_per_team: 8,
        seed: 4,
        teams_per_domain: 1,
        peak: false,
        secondary: true,
        ..GenerateOptions::default()
    });
    // One team, made team level with a secondary, nobody off.
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("time_off") && !l.starts_with("on_call = false"))
        .map(|l| {
            if l.starts_with("hourly_exposure") {
                "hourly_exposure = 500000\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let org = parse_organisation("gen.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    let h = horizon(16);
    let coverage = Coverage::build(&org, h);
    assert_eq!(coverage.rotas.len(), 1);
    assert!((0..h.len()).all(|d| coverage.needs_secondary(0, d)));
    let (s, p) = run(&org, &text, h, &PlanOptions::default());
    assert_two_level(&org, &text, &coverage, &s, &p, 0);
    assert!(p.unfilled.is_empty() && p.unfilled_secondary.is_empty());
    let mut total = vec![0i64; org.people.len()];
    let mut primary = vec![0i64; org.people.len()];
    for x in &s.shifts {
        let i = org.person_index(&x.person).unwrap();
        total[i] += i64::from(x.slices);
        if x.role == Role::Primary {
            primary[i] += i64::from(x.slices);
        }
    }
    let spread = |v: &[i64]| v.iter().max().unwrap() - v.iter().min().unwrap();
    assert!(spread(&total) <= 7, "totals {total:?}");
    assert!(spread(&primary) <= 7, "primaries {primary:?}");
    // 16 weeks, two roles: 32 weekly shifts.
    assert_eq!(s.shifts.len(), 32);
    for x in s.shifts.iter().filter(|x| x.role == Role::Secondary) {
        let before = s.shifts.iter().find(|y| {
            y.role == Role::Primary
                && y.end <= x.start
                && x.start - y.end < chrono::Duration::days(1)
        });
        if let Some(before) = before {
            assert_ne!(
                before.person, x.person,
                "secondary straight after own primary"
            );
        }
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan")
        .join(name)
}

/// The small shop of the plan tests with its high band asking for a
/// secondary: team-payments (ava, ben, cat, dev) needs two people a night.
fn two_level_shop() -> (Organisation, String) {
    let text = std::fs::read_to_string(fixture("org.toml"))
        .unwrap()
        .replace(
            "on_call = \"team\"\n",
            "on_call = \"team\"\nsecondary = true\n",
        );
    assert!(text.contains("secondary = true"));
    let org = parse_organisation("org.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    (org, text)
}

#[test]
fn old_schedules_read_as_primaries_and_are_written_unchanged() {
    let text = std::fs::read_to_string(fixture("good.schedule.toml")).unwrap();
    assert!(!text.contains("role"));
    let s = parse_schedule("good.schedule.toml", &text).unwrap();
    assert!(!s.shifts.is_empty());
    assert!(s.shifts.iter().all(|x| x.role == Role::Primary));
    assert_eq!(write_schedule(&s), text);
    // `role = "primary"` says what a missing role says.
    let explicit = text.replace("pinned = false\n", "pinned = false\nrole = \"primary\"\n");
    assert_eq!(parse_schedule("s.toml", &explicit).unwrap(), s);
    // A secondary is written with its role, and read back.
    let mut two = s.clone();
    two.shifts[0].role = Role::Secondary;
    let written = write_schedule(&two);
    assert_eq!(written.matches("role = \"secondary\"").count(), 1);
    assert_eq!(parse_schedule("s.toml", &written).unwrap(), two);
}

#[test]
fn a_wrong_role_is_located() {
    let text = std::fs::read_to_string(fixture("good.schedule.toml")).unwrap();
    let bad = text.replacen("pinned = false\n", "pinned = false\nrole = \"backup\"\n", 1);
    let err = parse_schedule("s.toml", &bad).unwrap_err().to_string();
    assert!(
        err.contains("s.toml:15:8: shifts[1].role: unknown role `backup` (expected one of primary, secondary)"),
        "{err}"
    );
}

#[test]
fn the_format_fields_load_with_their_defaults_and_located_errors() {
    let (org, text) = two_level_shop();
    assert!(org.bands[2].secondary && !org.bands[1].secondary);
    assert_eq!(org.pay.secondary_share.as_f64(), 1.0);
    assert_eq!(org.rules.min_rota_size_secondary, 8);

    let with = text
        .replace(
            "holiday = 120.0\n",
            "holiday = 120.0\nsecondary_share = 0.5\n",
        )
        .replace(
            "handoff_day = \"mon\"\n",
            "handoff_day = \"mon\"\n\n[rules]\nmin_rota_size_secondary = 6\n",
        );
    let org = parse_organisation("org.toml", &with).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(org.pay.secondary_share.as_f64(), 0.5);
    assert_eq!(org.rules.min_rota_size_secondary, 6);

    let bad = text
        .replace(
            "holiday = 120.0\n",
            "holiday = 120.0\nsecondary_share = 1.5\n",
        )
        .replace(
            "on_call = \"none\"\n",
            "on_call = \"none\"\nsecondary = true\n",
        )
        .replace(
            "handoff_day = \"mon\"\n",
            "handoff_day = \"mon\"\n\n[rules]\nmin_rota_size_secondary = 1\n",
        );
    let err = parse_organisation("org.toml", &bad)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("pay.secondary_share: out of range (expected a share of the standby rates from 0 to 1, like 0.5, found 1.5)"),
        "{err}"
    );
    assert!(
        err.contains("bands[1].secondary: a band without on-call has no rota to need a secondary"),
        "{err}"
    );
    assert!(
        err.contains("rules.min_rota_size_secondary: out of range"),
        "{err}"
    );
    assert!(err.contains("org.toml:"), "{err}");

    let typed = text.replace("secondary = true", "secondary = \"yes\"");
    let err = parse_organisation("org.toml", &typed)
        .unwrap_err()
        .to_string();
    assert!(err.contains("secondary: wrong type"), "{err}");
}

#[test]
fn an_explicit_rota_may_ask_for_a_secondary_every_night() {
    let text = std::fs::read_to_string(fixture("org.toml")).unwrap()
        + "\n[[rotas]]\nid = \"night\"\nname = \"Night\"\nteams = [\"basket\", \"search\"]\nsecondary = true\n";
    let org = parse_organisation("org.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    let h = Horizon::weeks(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 2);
    let coverage = Coverage::build(&org, h);
    let night = coverage.rota_index("night").unwrap();
    assert!((0..h.len()).all(|d| coverage.needs_secondary(night, d)));
    let payments = coverage.rota_index("team-payments").unwrap();
    assert!(!coverage.has_secondary(payments));
}

fn messages(org: &Organisation, text: &str, coverage: &Coverage, s: &Schedule) -> Vec<String> {
    schedule_findings(org, text, coverage, s)
        .into_iter()
        .map(|w| format!("{}: {}", w.code.as_str(), w.message))
        .collect()
}

#[test]
fn checks_name_the_secondary() {
    let (org, text) = two_level_shop();
    let h = Horizon::weeks(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 4);
    let coverage = Coverage::build(&org, h);
    let (s, p) = run(&org, &text, h, &PlanOptions::default());
    assert!(
        p.unfilled.is_empty() && p.unfilled_secondary.is_empty(),
        "{p:?}"
    );
    assert!(messages(&org, &text, &coverage, &s).is_empty());
    let second = |s: &Schedule| {
        s.shifts
            .iter()
            .position(|x| x.rota == "team-payments" && x.role == Role::Secondary)
            .unwrap()
    };

    // The secondary's shift removed: unfilled, naming the secondary.
    let mut gap = s.clone();
    let i = second(&gap);
    let first = gap.shifts.remove(i);
    assert_eq!(
        messages(&org, &text, &coverage, &gap),
        [
            "unfilled: team-payments has no secondary on call from 2026-11-30 to 2026-12-06 (7 slices)"
        ]
    );
    assert_eq!(first.start.date_naive().to_string(), "2026-11-30");

    // The primary made secondary too: double-booked and unfilled.
    let mut both = s.clone();
    let i = second(&both);
    let primary = both
        .shifts
        .iter()
        .find(|x| {
            x.rota == "team-payments" && x.role == Role::Primary && x.start == both.shifts[i].start
        })
        .unwrap()
        .person
        .clone();
    both.shifts[i].person = primary.clone();
    let m = messages(&org, &text, &coverage, &both);
    assert!(
        m.contains(&format!(
            "double-booked: {primary} is both primary and secondary of team-payments from 2026-11-30 to 2026-12-06"
        )),
        "{m:#?}"
    );

    // A non-member as secondary, and a member during their time off.
    let mut wrong = s.clone();
    let i = second(&wrong);
    wrong.shifts[i].person = "gus".into();
    let m = messages(&org, &text, &coverage, &wrong);
    assert!(
        m.iter().any(|x| x.starts_with(
            "not-eligible: gus is on team-payments (secondary) from 2026-11-30 to 2026-12-06 but"
        )),
        "{m:#?}"
    );
    let mut off = s.clone();
    let week3 = off
        .shifts
        .iter()
        .position(|x| {
            x.rota == "team-payments"
                && x.role == Role::Secondary
                && x.start.date_naive().to_string() == "2026-12-21"
        })
        .unwrap();
    off.shifts[week3].person = "ava".into();
    off.sort();
    let m = messages(&org, &text, &coverage, &off);
    assert!(
        m.iter().any(|x| x.starts_with("time-off-clash: ava is on call for team-payments (secondary) from 2026-12-21 to 2026-12-27")),
        "{m:#?}"
    );
    // Primary messages read as they always did.
    let mut gap = s.clone();
    let i = gap
        .shifts
        .iter()
        .position(|x| x.rota == "team-payments" && x.role == Role::Primary)
        .unwrap();
    gap.shifts.remove(i);
    assert_eq!(
        messages(&org, &text, &coverage, &gap),
        ["unfilled: team-payments has nobody on call from 2026-11-30 to 2026-12-06 (7 slices)"]
    );
}

#[test]
fn a_two_level_rota_wants_the_larger_minimum() {
    let (org, _) = two_level_shop();
    let h = Horizon::weeks(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 1);
    let coverage = Coverage::build(&org, h);
    let w: Vec<String> = rota_core::findings::coverage_warnings(&org, &coverage)
        .into_iter()
        .filter(|w| w.code == Code::RotaTooSmall)
        .map(|w| w.message)
        .collect();
    assert!(
        w.contains(&"team-payments has 4 opted-in members (at least 8 wanted for a primary and a secondary)".to_string()),
        "{w:#?}"
    );
    // The domain rota has no secondary and keeps the usual minimum.
    assert!(
        w.iter()
            .all(|m| !m.starts_with("domain-checkout") || m.ends_with("(at least 4 wanted)")),
        "{w:#?}"
    );
}

/// The shop's first week (Monday 2026-11-30): five weeknights at 40.00 and
/// a weekend of two days at 80.00 for each of the two people on
/// team-payments, the secondary paid `share` of the rates per slice.
fn shop_week(share: &str) -> (Organisation, String, Coverage, Schedule) {
    let (_, text) = two_level_shop();
    let text = text.replace(
        "holiday = 120.0\n",
        &format!("holiday = 120.0\nsecondary_share = {share}\n"),
    );
    let org = parse_organisation("org.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    let h = Horizon::weeks(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 1);
    let coverage = Coverage::build(&org, h);
    let (s, _) = run(&org, &text, h, &PlanOptions::default());
    (org, text, coverage, s)
}

#[test]
fn pay_by_role_is_the_rates_times_the_share_per_slice() {
    for (share, secondary) in [
        ("1.0", 36_000),
        ("0.5", 18_000),
        ("0.3333", 11_997),
        ("0", 0),
    ] {
        let (org, _, coverage, s) = shop_week(share);
        let of = |role: Role| {
            s.shifts
                .iter()
                .find(|x| x.rota == "team-payments" && x.role == role)
                .unwrap()
                .person
                .clone()
        };
        let (first, second) = (of(Role::Primary), of(Role::Secondary));
        assert_ne!(first, second);
        let pay = rota_core::analysis::remuneration(&org, &coverage, &s, s.start, s.end);
        let row = |id: &str| pay.people.iter().find(|p| p.person == id).unwrap();
        // 5 x 40.00 + 2 x 80.00 = 360.00 for the primary. At a third:
        // 13.332 -> 13.33 a weeknight, 26.664 -> 26.66 a weekend day:
        // 5 x 13.33 + 2 x 26.66 = 119.97.
        assert_eq!(row(&first).standby_pay.minor(), 36_000, "share {share}");
        assert_eq!(row(&first).secondary_standby_pay.unwrap().minor(), 0);
        assert_eq!(row(&second).standby_pay.minor(), secondary, "share {share}");
        assert_eq!(
            row(&second).secondary_standby_pay.unwrap().minor(),
            secondary
        );
        assert_eq!(row(&second).secondary_slices, Some(7));
        assert_eq!(row(&second).primary_standby_pay().minor(), 0);
        // The secondary expects no callouts: they go to the primary.
        assert_eq!(row(&second).callouts, 0.0);

        // The shift CSV: the role last, the secondary's pay at the share.
        let export = rota_core::export::build(&org, &coverage, &s, &Default::default());
        let csv = rota_core::export::csv::shifts_csv(&export.shifts);
        let header = csv.lines().next().unwrap();
        assert!(header.starts_with(
            "rota,person,start,end,slices,weekend_slices,holiday_slices,standby_pay,pinned,"
        ));
        assert!(header.ends_with(",note,role"), "{header}");
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("team-payments,{second},")))
            .unwrap();
        let money = format!("{}.{:02}", secondary / 100, secondary % 100);
        assert!(line.contains(&format!(",{money},")), "{line}");
        assert!(line.ends_with(",secondary"), "{line}");
    }
    // Single cover says primary on every row.
    let text = std::fs::read_to_string(fixture("org.toml")).unwrap();
    let org = parse_organisation("org.toml", &text).unwrap();
    let h = Horizon::weeks(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(), 1);
    let coverage = Coverage::build(&org, h);
    let (s, _) = run(&org, &text, h, &PlanOptions::default());
    let export = rota_core::export::build(&org, &coverage, &s, &Default::default());
    let csv = rota_core::export::csv::shifts_csv(&export.shifts);
    assert!(
        csv.lines().skip(1).all(|l| l.ends_with(",primary")),
        "{csv}"
    );
    let pay = rota_core::analysis::remuneration(&org, &coverage, &s, s.start, s.end);
    assert!(pay.people.iter().all(|p| p.secondary_slices.is_none()));
}

#[test]
fn calendars_say_secondary_and_keep_one_uid_per_slot_and_role() {
    let (org, _, coverage, s) = shop_week("0.5");
    let export = rota_core::export::build(&org, &coverage, &s, &Default::default());
    let ics = rota_core::export::ics::calendar(&export);
    let uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    let mut unique = uids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), uids.len(), "{uids:#?}");
    assert!(uids.contains(&"UID:20261130T173000Z-team-payments@rota"));
    assert!(uids.contains(&"UID:20261130T173000Z-team-payments+secondary@rota"));
    assert_eq!(
        ics.lines()
            .filter(|l| l.starts_with("SUMMARY:On call (secondary): Payments team rota ("))
            .count(),
        1,
        "{ics}"
    );
    assert!(
        ics.lines()
            .any(|l| l.starts_with("SUMMARY:On call: Payments team rota ("))
    );
}

#[test]
fn run_cost_counts_the_second_level_in_the_plan_and_the_baseline() {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let text = std::fs::read_to_string(fixture("org.toml")).unwrap();
    let single = parse_organisation("org.toml", &text).unwrap();
    let (double, _) = two_level_shop();
    let one = rota_core::analysis::run_cost_from(&single, start, &[6]);
    let two = rota_core::analysis::run_cost_from(&double, start, &[6]);
    // team-payments needs a secondary every night of the year, paid in
    // full: one more rota's year, in the plan and in one rota per team.
    let year = one.rota_year.minor();
    assert_eq!(
        two.current.tiered_yearly_cost.minor(),
        one.current.tiered_yearly_cost.minor() + year
    );
    assert_eq!(
        two.current.per_team_yearly_cost.minor(),
        one.current.per_team_yearly_cost.minor() + year
    );
    assert_eq!(
        two.current.on_call_per_night,
        one.current.on_call_per_night + 1
    );
    assert_eq!(
        two.ordinary_yearly_cost.minor(),
        one.ordinary_yearly_cost.minor() + year
    );
    // One more team-level team brings its secondary too (every team-level
    // team has one here); one more team of one rota per team brings a
    // secondary a third of the time (one of three teams has one).
    let m = two
        .marginal(rota_core::analysis::Growth::ExistingDomains)
        .unwrap();
    assert_eq!(m.team.minor(), 2 * year);
    assert_eq!(
        m.per_team.minor(),
        year + one.rota_year.times_f64(1.0 / 3.0).minor()
    );
    // Twice the teams: twice the second levels.
    let (p1, p2) = (&one.fixed_domains[0], &two.fixed_domains[0]);
    assert_eq!(
        p2.tiered_yearly_cost.minor(),
        p1.tiered_yearly_cost.minor() + 2 * year
    );
    assert_eq!(
        p2.per_team_yearly_cost.minor(),
        p1.per_team_yearly_cost.minor() + 2 * year
    );
}

#[test]
fn now_shows_the_primary_on_call_and_the_secondary_beside_them() {
    let (org, _, _, s) = shop_week("0.5");
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T22:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let rows = rota_core::schedule::oncall::on_call_at(&org, &s, at);
    let row = rows.iter().find(|r| r.rota == "team-payments").unwrap();
    let holder = |role: Role| {
        s.shifts
            .iter()
            .find(|x| x.rota == "team-payments" && x.role == role)
            .unwrap()
            .person
            .clone()
    };
    assert_eq!(row.on_call.as_ref().unwrap().person, holder(Role::Primary));
    assert_eq!(
        row.secondary.as_ref().unwrap().person,
        holder(Role::Secondary)
    );
    let other = rows.iter().find(|r| r.rota == "domain-checkout").unwrap();
    assert!(other.secondary.is_none());
}

#[test]
fn reports_split_standby_by_role_only_when_someone_was_secondary() {
    let (org, _, coverage, s) = shop_week("0.5");
    let findings = rota_core::findings::Findings::gather(&org, None);
    let report = rota_core::report::build(&org, &coverage, &s, s.start, s.end, &findings);
    let csv = rota_core::report::csv::remuneration(&report);
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(
            ",primary_slices,primary_standby_pay,secondary_slices,secondary_standby_pay"
        ),
        "{header}"
    );
    let text_report = rota_core::report::text::report(&report);
    assert!(text_report.contains("Standby by role"), "{text_report}");
    let md = rota_core::report::markdown::report(&report);
    assert!(md.contains("### Standby by role"), "{md}");
    let json = rota_core::report::json::report(&report);
    assert!(json.contains("\"secondary_standby_pay\""), "{json}");
    // The HTML page too, per person and in total: at half the rates the
    // week's secondary has 7 slices and 180.00, its primary 7 and 360.00.
    let html = rota_core::report::html::report(&report);
    assert!(html.contains("<h3>Standby by role</h3>"), "{html}");
    let of = |role: Role| {
        let id = &s
            .shifts
            .iter()
            .find(|x| x.rota == "team-payments" && x.role == role)
            .unwrap()
            .person;
        org.people.by_id(id).unwrap().name.clone()
    };
    let n = |v: &str| format!("<td class=\"n\">{v}</td>");
    let cells = |slices: (u32, u32), pay: (&str, &str)| {
        [
            n(&slices.0.to_string()),
            n(pay.0),
            n(&slices.1.to_string()),
            n(pay.1),
        ]
        .concat()
    };
    let by_role = &html[html.find("<h3>Standby by role</h3>").unwrap()..];
    let row = |name: &str| {
        let at = by_role.find(&format!("<tr><td>{name}</td>")).unwrap();
        by_role[at..at + by_role[at..].find("</tr>").unwrap()].to_string()
    };
    let secondary = row(&of(Role::Secondary));
    assert!(
        secondary.ends_with(&cells((0, 7), ("0.00", "180.00"))),
        "{secondary}"
    );
    let primary = row(&of(Role::Primary));
    assert!(
        primary.ends_with(&cells((7, 0), ("360.00", "0.00"))),
        "{primary}"
    );
    let pay = &report.remuneration;
    let slices: u32 = pay
        .people
        .iter()
        .map(|p| p.weeknight_slices + p.weekend_slices + p.holiday_slices)
        .sum();
    let total = &by_role[by_role.find("<tr class=\"total\">").unwrap()..];
    let total = &total[..total.find("</tr>").unwrap()];
    let second_pay: rota_core::money::Money = pay
        .people
        .iter()
        .map(|p| p.secondary_standby_pay.unwrap_or_default())
        .sum();
    assert!(
        total.ends_with(&cells(
            (slices - 7, 7),
            (
                &(pay.total.standby_pay - second_pay).grouped(),
                &second_pay.grouped()
            )
        )),
        "{total}"
    );

    // Single cover: none of it.
    let text = std::fs::read_to_string(fixture("org.toml")).unwrap();
    let org = parse_organisation("org.toml", &text).unwrap();
    let coverage = Coverage::build(&org, s.horizon());
    let (s, _) = run(&org, &text, s.horizon(), &PlanOptions::default());
    let findings = rota_core::findings::Findings::gather(&org, None);
    let report = rota_core::report::build(&org, &coverage, &s, s.start, s.end, &findings);
    assert!(!rota_core::report::csv::remuneration(&report).contains("secondary"));
    assert!(!rota_core::report::text::report(&report).contains("by role"));
    assert!(!rota_core::report::json::report(&report).contains("secondary"));
    assert!(!rota_core::report::html::report(&report).contains("by role"));
}

#[test]
fn next_marks_a_secondarys_shifts_and_prices_them_at_the_share() {
    let (org, _, _, s) = shop_week("0.5");
    let of = |role: Role| {
        s.shifts
            .iter()
            .find(|x| x.rota == "team-payments" && x.role == role)
            .unwrap()
            .person
            .clone()
    };
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let second = rota_core::report::oncall::next(&org, &s, &of(Role::Secondary), at);
    let shift = second
        .shifts
        .iter()
        .find(|x| x.rota == "team-payments")
        .unwrap();
    assert_eq!(shift.role, Some("secondary"));
    // 5 weeknights at 20.00 and 2 weekend days at 40.00: half the rates.
    assert_eq!(shift.standby_pay.minor(), 18_000);
    let text = rota_core::report::oncall::next_text(&org, &second);
    let line = text.lines().find(|l| l.contains("team-payments")).unwrap();
    assert!(line.contains("GBP 180.00  [secondary]"), "{line}");
    let json = rota_core::report::oncall::json(&second);
    assert!(json.contains("\"role\": \"secondary\""), "{json}");

    // The primary's shifts say nothing of a role.
    let first = rota_core::report::oncall::next(&org, &s, &of(Role::Primary), at);
    assert!(first.shifts.iter().all(|x| x.role.is_none()));
    let shift = first
        .shifts
        .iter()
        .find(|x| x.rota == "team-payments")
        .unwrap();
    assert_eq!(shift.standby_pay.minor(), 36_000);
    assert!(!rota_core::report::oncall::next_text(&org, &first).contains("secondary"));
    assert!(!rota_core::report::oncall::json(&first).contains("role"));
}
