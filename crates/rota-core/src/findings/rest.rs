//! Rest after a night's work, from the recorded callouts (UK Working Time
//! Regulations 1998: 11 consecutive hours' rest in each 24, reg. 10; 24
//! hours' uninterrupted rest in each 7 days, reg. 11).
//!
//! Standby alone is not work; a callout is. So these rules look only at
//! recorded callouts: the rest left between the end of one and the start
//! of the person's next working day, and how many nights of a week on call
//! were broken by one.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::analysis::callouts::ValidCallout;
use crate::findings::{Code, Warning};
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::Schedule;

/// The days after a callout searched for the next working day (a long
/// holiday plus time off; beyond that the person is not coming back soon).
const LOOKAHEAD_DAYS: u64 = 60;

/// `short-rest` for every recorded callout that leaves less than
/// `min_daily_rest_hours` before the person's next working day, and
/// `callout-nights` for a person called out on more than
/// `max_callout_nights_per_week` slices of any 7 in a row.
pub fn rest_warnings(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    valid: &[ValidCallout],
) -> Vec<Warning> {
    let mut out = Vec::new();
    for c in valid {
        let recorded = &schedule.callouts[c.callout];
        let end = recorded.at.with_timezone(&Utc) + Duration::minutes(i64::from(recorded.minutes));
        if let Some(w) = short_rest(org, coverage, c, end) {
            out.push(w);
        }
    }
    out.extend(callout_nights(org, coverage, valid));
    out
}

/// When a working day of a person starts and ends, if `date` is one
/// (a working weekday, not a public holiday, not in their time off).
fn working_day(
    org: &Organisation,
    person: usize,
    date: NaiveDate,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    use chrono::Datelike;
    let wh = &org.working_hours;
    if !wh.is_working_weekday(date.weekday())
        || org.holiday(date).is_some()
        || org.people[person].is_off(date)
    {
        return None;
    }
    let at = |t| {
        org.timezone
            .from_local_datetime(&date.and_time(t))
            .earliest()
            .map(|d| d.with_timezone(&Utc))
    };
    Some((at(wh.start)?, at(wh.end)?))
}

fn short_rest(
    org: &Organisation,
    coverage: &Coverage,
    c: &ValidCallout,
    end: DateTime<Utc>,
) -> Option<Warning> {
    let min_hours = org.rules.min_daily_rest_hours;
    let first = end.with_timezone(&org.timezone).date_naive();
    // The next working day is the first one still going on when the
    // callout ends; one that has already started leaves no rest at all.
    let (date, start) = first
        .iter_days()
        .take(LOOKAHEAD_DAYS as usize)
        .find_map(|d| {
            working_day(org, c.person, d)
                .filter(|&(_, day_end)| day_end > end)
                .map(|(start, _)| (d, start))
        })?;
    let rest = (start - end).num_minutes().max(0);
    if rest as f64 >= min_hours * 60.0 - 1e-9 {
        return None;
    }
    let p = &org.people[c.person];
    let night = coverage.horizon.date(c.slice);
    let rota = &coverage.rotas[c.rota].id;
    let local_end = end.with_timezone(&org.timezone);
    let hours = rest as f64 / 60.0;
    let start_time = org.working_hours.start.format("%H:%M");
    let late = start + Duration::minutes((min_hours * 60.0).round() as i64 - rest);
    Some(
        Warning::new(
            Code::ShortRest,
            format!(
                "{} has {} hours' rest after a callout on the night of {night} that ended at {}, before work at {start_time} on {date} (at least {} needed)",
                p.id,
                hours_text(hours),
                local_end.format("%H:%M"),
                hours_text(min_hours),
            ),
            format!(
                "let {} start late on {date} (not before {}) or swap their next working day with someone",
                p.id,
                late.with_timezone(&org.timezone).format("%H:%M"),
            ),
        )
        .rota(rota.clone())
        .person(p.id.clone())
        .dates(night, date),
    )
}

/// Hours to a tenth, whole hours without the tenth: `4.5`, `11`.
fn hours_text(h: f64) -> String {
    let tenths = (h * 10.0).round();
    if tenths % 10.0 == 0.0 {
        format!("{:.0}", tenths / 10.0)
    } else {
        format!("{:.1}", tenths / 10.0)
    }
}

/// Distinct callout slices per person, then every run of 7 slices with more
/// than the allowed number of them, each reported once.
fn callout_nights(org: &Organisation, coverage: &Coverage, valid: &[ValidCallout]) -> Vec<Warning> {
    let max = org.rules.max_callout_nights_per_week as usize;
    let mut nights: std::collections::BTreeMap<usize, Vec<(usize, usize)>> =
        std::collections::BTreeMap::new();
    for c in valid {
        nights.entry(c.person).or_default().push((c.slice, c.rota));
    }
    let mut out = Vec::new();
    for (person, mut days) in nights {
        days.sort_unstable();
        days.dedup_by_key(|d| d.0);
        let mut i = 0;
        while i < days.len() {
            let j = days[i..].partition_point(|d| d.0 < days[i].0 + 7) + i;
            if j - i > max {
                let p = &org.people[person];
                let (from, to) = (
                    coverage.horizon.date(days[i].0),
                    coverage.horizon.date(days[j - 1].0),
                );
                let rota = &coverage.rotas[days[i].1].id;
                out.push(
                    Warning::new(
                        Code::CalloutNights,
                        format!(
                            "{} was called out on {} nights from {from} to {to} (at most {max} in any 7)",
                            p.id,
                            j - i
                        ),
                        format!(
                            "give {} a full day off to recover and share {rota}'s nights with someone else until the pages calm down",
                            p.id
                        ),
                    )
                    .rota(rota.clone())
                    .person(p.id.clone())
                    .dates(from, to),
                );
                i = j;
            } else {
                i += 1;
            }
        }
    }
    out
}
