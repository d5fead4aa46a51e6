//! Tiering: every service's exposure band, availability target, error budget
//! and on-call level on a date, peaks applied; every team's level.

use chrono::NaiveDate;

use crate::org::{Level, Organisation};

/// Seconds in the periods error budgets are shown for.
pub const WEEK_SECS: f64 = 7.0 * 86_400.0;
pub const DAYS30_SECS: f64 = 30.0 * 86_400.0;
/// A quarter is a quarter of an average Gregorian year: 91.3125 days.
pub const QUARTER_SECS: f64 = 365.25 / 4.0 * 86_400.0;

/// The band index for an hourly exposure: the lowest band whose maximum
/// covers it, or the highest band when it is above every maximum.
pub fn band_for(org: &Organisation, exposure: f64) -> usize {
    org.bands
        .iter()
        .position(|b| exposure <= b.max_hourly_exposure)
        .unwrap_or(org.bands.len() - 1)
}

/// A service's hourly exposure on a date: its base exposure then (before
/// a dated change, the exposure it replaced) times the largest multiplier
/// of the peaks that apply then.
pub fn exposure_on(org: &Organisation, service: usize, date: NaiveDate) -> f64 {
    let base = org.services[service].exposure_at(date);
    let multiplier = org
        .peaks
        .iter()
        .filter(|p| p.applies(service, date))
        .map(|p| p.exposure_multiplier)
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    base * multiplier.unwrap_or(1.0)
}

/// What a service gets on one date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceTier {
    pub exposure: f64,
    pub band: usize,
    /// Percent.
    pub availability: f64,
    pub level: Level,
}

pub fn service_tier(org: &Organisation, service: usize, date: NaiveDate) -> ServiceTier {
    tier_for_exposure(org, exposure_on(org, service, date))
}

/// A service's tier without peaks: what it gets on an ordinary day.
pub fn base_tier(org: &Organisation, service: usize) -> ServiceTier {
    tier_for_exposure(org, org.services[service].hourly_exposure)
}

fn tier_for_exposure(org: &Organisation, exposure: f64) -> ServiceTier {
    let band = band_for(org, exposure);
    let b = &org.bands[band];
    ServiceTier {
        exposure,
        band,
        availability: b.availability,
        level: b.on_call,
    }
}

/// A team's level on a date: the highest level among its services (peaks
/// applied); `none` for a team without services.
pub fn team_level(org: &Organisation, team: usize, date: NaiveDate) -> Level {
    org.team_services(team)
        .map(|s| service_tier(org, s, date).level)
        .max()
        .unwrap_or(Level::None)
}

/// A team's level on an ordinary day (no peaks).
pub fn team_base_level(org: &Organisation, team: usize) -> Level {
    org.team_services(team)
        .map(|s| base_tier(org, s).level)
        .max()
        .unwrap_or(Level::None)
}

/// Does a team need a secondary on an ordinary day (no peaks): is one of
/// its services at a band with `secondary = true`?
pub fn team_base_secondary(org: &Organisation, team: usize) -> bool {
    org.team_services(team)
        .any(|s| org.bands[base_tier(org, s).band].secondary)
}

/// Does a team need a secondary on a date (peaks applied)?
pub fn team_secondary(org: &Organisation, team: usize, date: NaiveDate) -> bool {
    org.team_services(team)
        .any(|s| org.bands[service_tier(org, s, date).band].secondary)
}

/// Tolerable unavailability, in whole seconds (rounded), over a period.
pub fn downtime_secs(availability: f64, period_secs: f64) -> u64 {
    ((100.0 - availability) / 100.0 * period_secs)
        .round()
        .max(0.0) as u64
}

/// The error budget a target leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ErrorBudget {
    pub week_secs: u64,
    pub days30_secs: u64,
    pub quarter_secs: u64,
}

pub fn error_budget(availability: f64) -> ErrorBudget {
    ErrorBudget {
        week_secs: downtime_secs(availability, WEEK_SECS),
        days30_secs: downtime_secs(availability, DAYS30_SECS),
        quarter_secs: downtime_secs(availability, QUARTER_SECS),
    }
}

/// `10m 5s`, `1h 40m 48s`, `8h 24m 0s`, `4d 13h 30m 0s`.
pub fn format_duration(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3_600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}d {h}h {m}m {s}s")
    } else if h > 0 {
        format!("{h}h {m}m {s}s")
    } else if m > 0 {
        format!("{m}m {s}s")
    } else {
        format!("{s}s")
    }
}

/// A service whose declared availability is above what its exposure band
/// gives on an ordinary day.
#[derive(Debug, Clone, PartialEq)]
pub struct InflatedTarget {
    pub service: usize,
    pub declared: f64,
    pub band_availability: f64,
}

pub fn inflated_targets(org: &Organisation) -> Vec<InflatedTarget> {
    org.services
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let declared = s.availability?;
            let band_availability = base_tier(org, i).availability;
            (declared > band_availability + 1e-9).then_some(InflatedTarget {
                service: i,
                declared,
                band_availability,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_durations() {
        assert_eq!(format_duration(605), "10m 5s");
        assert_eq!(format_duration(6048), "1h 40m 48s");
        assert_eq!(format_duration(30240), "8h 24m 0s");
        assert_eq!(format_duration(42), "42s");
        assert_eq!(format_duration(86_400 + 3_600), "1d 1h 0m 0s");
    }

    #[test]
    fn error_budget_per_week() {
        assert_eq!(error_budget(99.9).week_secs, 605);
        assert_eq!(error_budget(99.0).week_secs, 6048);
        assert_eq!(error_budget(95.0).week_secs, 30240);
        assert_eq!(error_budget(99.9).days30_secs, 2592);
    }
}
