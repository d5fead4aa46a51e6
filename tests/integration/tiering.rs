//! Tiering as the playbook describes it: bands, targets, error budgets,
//! on-call levels, and peaks that raise them for their dates only.

use chrono::NaiveDate;
use rota_core::calendar::Horizon;
use rota_core::org::{Level, parse_organisation};
use rota_core::rotas::{Coverage, RotaKind};
use rota_core::tier::{error_budget, format_duration, service_tier, team_level};

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a valid date")
}

const PLAYBOOK: &str = r#"
[organisation]
name = "Playbook"
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
id = "shop"
name = "Shop"

[[teams]]
id = "big"
name = "Big"
domain = "shop"

[[teams]]
id = "small"
name = "Small"
domain = "shop"

[[teams]]
id = "middle"
name = "Middle"
domain = "shop"

[[people]]
id = "a"
name = "A"
team = "middle"

[[services]]
id = "s810"
name = "Above every maximum"
team = "big"
hourly_exposure = 810000

[[services]]
id = "s6"
name = "Low"
team = "small"
hourly_exposure = 6000

[[services]]
id = "s200"
name = "Medium"
team = "middle"
hourly_exposure = 200000

[[peaks]]
name = "Black Friday"
from = "2026-11-27"
to = "2026-11-30"
services = ["s200"]
exposure_multiplier = 3.0
"#;

#[test]
fn the_playbook_worked_example() {
    let org = parse_organisation("playbook.toml", PLAYBOOK).expect("valid");
    let ordinary = date("2026-11-02");
    let expected = [
        ("s810", 99.9, "10m 5s", Level::Team, "high"),
        ("s6", 95.0, "8h 24m 0s", Level::None, "low"),
        ("s200", 99.0, "1h 40m 48s", Level::Domain, "medium"),
    ];
    for (i, (id, availability, downtime, level, band)) in expected.into_iter().enumerate() {
        assert_eq!(org.services[i].id, id);
        let tier = service_tier(&org, i, ordinary);
        assert_eq!(tier.availability, availability, "{id}");
        assert_eq!(org.bands[tier.band].name, band, "{id}");
        assert_eq!(tier.level, level, "{id}");
        assert_eq!(
            format_duration(error_budget(tier.availability).week_secs),
            downtime,
            "{id}"
        );
    }
}

#[test]
fn a_peak_raises_a_domain_team_to_team_level_for_its_dates_only() {
    let org = parse_organisation("playbook.toml", PLAYBOOK).expect("valid");
    let middle = org.team_index("middle").expect("team");
    assert_eq!(team_level(&org, middle, date("2026-11-26")), Level::Domain);
    for d in ["2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30"] {
        assert_eq!(team_level(&org, middle, date(d)), Level::Team, "{d}");
        assert_eq!(service_tier(&org, 2, date(d)).exposure, 600_000.0);
    }
    assert_eq!(team_level(&org, middle, date("2026-12-01")), Level::Domain);

    // The team moves from the domain rota to a team rota for those dates.
    let coverage = Coverage::build(&org, Horizon::new(date("2026-11-23"), date("2026-12-07")));
    let domain = coverage.rota_index("domain-shop").expect("domain rota");
    let team = coverage
        .rota_index("team-middle")
        .expect("team rota during the peak");
    assert!(matches!(coverage.rotas[team].kind, RotaKind::Team(_)));
    for day in 0..14 {
        let in_peak = (4..=7).contains(&day);
        assert_eq!(coverage.needs_cover(team, day), in_peak, "day {day}");
        assert_eq!(coverage.needs_cover(domain, day), !in_peak, "day {day}");
    }
    // Weekly windows are cut where the rota starts and stops needing cover.
    assert_eq!(coverage.shift_windows(team), vec![(4, 3), (7, 1)]);
    assert_eq!(coverage.shift_windows(domain), vec![(0, 4), (8, 6)]);
}

#[test]
fn a_team_without_services_has_no_rota() {
    let org = parse_organisation("playbook.toml", PLAYBOOK).expect("valid");
    let coverage = Coverage::build(&org, Horizon::weeks(date("2026-11-02"), 1));
    let ids: Vec<&str> = coverage.rotas.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["domain-shop", "team-big"]);
}

#[test]
fn error_budgets_per_30_days_and_quarter() {
    let b = error_budget(99.9);
    assert_eq!(format_duration(b.days30_secs), "43m 12s");
    assert_eq!(format_duration(b.quarter_secs), "2h 11m 29s");
    let b = error_budget(95.0);
    assert_eq!(format_duration(b.days30_secs), "1d 12h 0m 0s");
}
