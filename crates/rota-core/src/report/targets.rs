//! The targets listing: per service, its band, availability target, error
//! budget and on-call level, in table, CSV and JSON forms.

use crate::display::{format_exposure, format_percent};
use chrono::NaiveDate;

use super::table::{Align, render};
use crate::org::Organisation;
use crate::tier::{ServiceTier, base_tier, error_budget, format_duration, service_tier};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TargetRow {
    pub service: String,
    pub team: String,
    pub band: String,
    pub hourly_exposure: f64,
    pub availability: f64,
    pub downtime_per_week: String,
    pub downtime_per_30_days: String,
    pub downtime_per_quarter: String,
    pub on_call: String,
    /// The availability the team declared, when it is above its band's.
    pub inflated_from: Option<f64>,
}

/// One row per service, in file order; `date` applies that date's peaks.
pub fn target_rows(org: &Organisation, date: Option<NaiveDate>) -> Vec<TargetRow> {
    (0..org.services.len())
        .map(|i| {
            let s = &org.services[i];
            let tier: ServiceTier = match date {
                Some(d) => service_tier(org, i, d),
                None => base_tier(org, i),
            };
            let budget = error_budget(tier.availability);
            TargetRow {
                service: s.id.clone(),
                team: org.teams[s.team].id.clone(),
                band: org.bands[tier.band].name.clone(),
                hourly_exposure: tier.exposure,
                availability: tier.availability,
                downtime_per_week: format_duration(budget.week_secs),
                downtime_per_30_days: format_duration(budget.days30_secs),
                downtime_per_quarter: format_duration(budget.quarter_secs),
                on_call: tier.level.as_str().to_string(),
                inflated_from: s.availability.filter(|a| *a > tier.availability + 1e-9),
            }
        })
        .collect()
}

pub fn table(rows: &[TargetRow]) -> String {
    let header = [
        "service",
        "team",
        "band",
        "exposure/h",
        "target %",
        "downtime/week",
        "per 30 days",
        "per quarter",
        "on-call",
    ];
    let align = [
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Left,
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut target = format_percent(r.availability);
            if let Some(asked) = r.inflated_from {
                target = format!("{target} (asks {})", format_percent(asked));
            }
            vec![
                r.service.clone(),
                r.team.clone(),
                r.band.clone(),
                format_exposure(r.hourly_exposure),
                target,
                r.downtime_per_week.clone(),
                r.downtime_per_30_days.clone(),
                r.downtime_per_quarter.clone(),
                r.on_call.clone(),
            ]
        })
        .collect();
    render(&header, &align, &cells)
}

pub fn csv(rows: &[TargetRow]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "service",
        "team",
        "band",
        "hourly_exposure",
        "availability",
        "downtime_per_week",
        "on_call",
    ]);
    for r in rows {
        let _ = w.write_record(crate::display::spreadsheet_row([
            r.service.as_str(),
            r.team.as_str(),
            r.band.as_str(),
            &r.hourly_exposure.to_string(),
            &format_percent(r.availability),
            r.downtime_per_week.as_str(),
            r.on_call.as_str(),
        ]));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub fn json(rows: &[TargetRow]) -> String {
    let mut s = serde_json::to_string_pretty(rows).unwrap_or_default();
    s.push('\n');
    s
}
