//! Callouts: the expected rate from the services' `callouts_per_week`, and the
//! recorded callouts of a schedule, checked against who was on call.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};

use crate::findings::{Code, Warning};
use crate::org::{Level, Organisation};
use crate::rotas::Coverage;
use crate::schedule::{Resolved, Schedule};
use crate::tier::service_tier;

/// Expected callouts per slice for each rota and slice of a coverage.
///
/// A service's weekly rate is spread over the out-of-hours time of an
/// ordinary week, so a 24-hour weekend slice expects more than a 15½-hour
/// weeknight. Only services that need out-of-hours cover on that date (their
/// band's level is not `none`) page the person on call.
#[derive(Debug, Clone)]
pub struct CalloutRates {
    /// Hours of out-of-hours time in an ordinary week.
    week_hours: f64,
    /// Weekly rate per team on an ordinary day (no peaks).
    base: Vec<f64>,
    /// Days of the horizon on which some peak applies.
    peak_slice: Vec<bool>,
}

impl CalloutRates {
    pub fn new(org: &Organisation, coverage: &Coverage) -> CalloutRates {
        let week_hours = ordinary_week_hours(org);
        let base = (0..org.teams.len())
            .map(|t| {
                org.team_services(t)
                    .filter(|&s| crate::tier::base_tier(org, s).level != Level::None)
                    .map(|s| org.services[s].callouts_per_week)
                    .sum()
            })
            .collect();
        let peak_slice = coverage
            .horizon
            .dates()
            .map(|d| org.peaks.iter().any(|p| p.from <= d && d <= p.to))
            .collect();
        CalloutRates {
            week_hours,
            base,
            peak_slice,
        }
    }

    /// A team's weekly callout rate on a slice of the horizon.
    pub fn team_weekly(
        &self,
        org: &Organisation,
        coverage: &Coverage,
        team: usize,
        slice: usize,
    ) -> f64 {
        if !self.peak_slice.get(slice).copied().unwrap_or(false) {
            return self.base.get(team).copied().unwrap_or(0.0);
        }
        let date = coverage.horizon.date(slice);
        org.team_services(team)
            .filter(|&s| service_tier(org, s, date).level != Level::None)
            .map(|s| org.services[s].callouts_per_week)
            .sum()
    }

    /// Expected callouts in one slice of a rota: the weekly rates of the teams
    /// it covers on that slice, spread over the slice's share of an ordinary week.
    pub fn per_slice(
        &self,
        org: &Organisation,
        coverage: &Coverage,
        rota: usize,
        slice: usize,
    ) -> f64 {
        let Some(cover) = coverage.cover(rota, slice) else {
            return 0.0;
        };
        if self.week_hours <= 0.0 {
            return 0.0;
        }
        let weekly: f64 = cover
            .teams
            .iter()
            .map(|&t| self.team_weekly(org, coverage, t, slice))
            .sum();
        weekly * coverage.slices[slice].hours() / self.week_hours
    }
}

/// Out-of-hours hours in a week without holidays or clock changes.
pub fn ordinary_week_hours(org: &Organisation) -> f64 {
    let wh = &org.working_hours;
    let working = (wh.end - wh.start).num_seconds().max(0) as f64 / 3600.0;
    wh.days
        .iter()
        .map(|&w| if w { 24.0 - working } else { 24.0 })
        .sum()
}

/// A recorded callout that checks out: placed on its rota, person, slice
/// and service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidCallout {
    /// Index into `Schedule::callouts`.
    pub callout: usize,
    pub rota: usize,
    pub person: usize,
    pub service: usize,
    /// Day index of the slice it fell in.
    pub slice: usize,
}

/// Why a recorded callout cannot be counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalloutProblem {
    UnknownRota {
        callout: usize,
        rota: String,
    },
    UnknownPerson {
        callout: usize,
        person: String,
    },
    UnknownService {
        callout: usize,
        service: String,
    },
    /// Nobody by that id was on call on that rota at that instant.
    NotOnCall {
        callout: usize,
        rota: String,
        person: String,
        at: DateTime<Utc>,
    },
}

impl fmt::Display for CalloutProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalloutProblem::UnknownRota { callout, rota } => {
                write!(
                    f,
                    "callout {} names rota {rota}, which the organisation does not have",
                    callout + 1
                )
            }
            CalloutProblem::UnknownPerson { callout, person } => {
                write!(
                    f,
                    "callout {} names person {person}, who is not in the organisation",
                    callout + 1
                )
            }
            CalloutProblem::UnknownService { callout, service } => {
                write!(
                    f,
                    "callout {} names service {service}, which the organisation does not have",
                    callout + 1
                )
            }
            CalloutProblem::NotOnCall {
                callout,
                rota,
                person,
                at,
            } => write!(
                f,
                "callout {} at {} has {person} answering for {rota}, but {person} was not on call for {rota} then",
                callout + 1,
                at.format("%Y-%m-%dT%H:%M:%SZ")
            ),
        }
    }
}

impl CalloutProblem {
    pub fn callout(&self) -> usize {
        match self {
            CalloutProblem::UnknownRota { callout, .. }
            | CalloutProblem::UnknownPerson { callout, .. }
            | CalloutProblem::UnknownService { callout, .. }
            | CalloutProblem::NotOnCall { callout, .. } => *callout,
        }
    }

    /// As a finding for `check`, the report and the TUI.
    pub fn to_warning(&self, schedule: &Schedule) -> Warning {
        let c = &schedule.callouts[self.callout()];
        let fix = match self {
            CalloutProblem::UnknownRota { .. } => {
                "correct the callout's rota to one of the schedule's rotas"
            }
            CalloutProblem::UnknownPerson { .. } => "correct the callout's person id",
            CalloutProblem::UnknownService { .. } => "correct the callout's service id",
            CalloutProblem::NotOnCall { .. } => {
                "record the callout against the person who was on call then, or correct its time"
            }
        };
        let date = c.at.date_naive();
        Warning::new(Code::InvalidCallout, self.to_string(), fix)
            .rota(c.rota.clone())
            .person(c.person.clone())
            .service(c.service.clone())
            .dates(date, date)
    }
}

/// Places every recorded callout of a schedule: known rota, person and
/// service, and the person on call for that rota at that instant.
pub fn validate_callouts(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    resolved: &Resolved,
) -> (Vec<ValidCallout>, Vec<CalloutProblem>) {
    // (person, rota) -> the slice ranges of their shifts, and for a shift
    // off the slice grid its own instants, which a callout must lie within.
    type Held = (usize, usize, Option<(DateTime<Utc>, DateTime<Utc>)>);
    let mut shifts: BTreeMap<(usize, usize), Vec<Held>> = BTreeMap::new();
    for a in &resolved.assignments {
        let shift = &schedule.shifts[a.shift];
        let instants = a.off_grid.then(|| {
            (
                shift.start.with_timezone(&Utc),
                shift.end.with_timezone(&Utc),
            )
        });
        shifts.entry((a.person, a.rota)).or_default().push((
            a.first_slice,
            a.first_slice + a.slices,
            instants,
        ));
    }
    let mut valid = Vec::new();
    let mut problems = Vec::new();
    for (i, c) in schedule.callouts.iter().enumerate() {
        let Some(rota) = coverage.rota_index(&c.rota) else {
            problems.push(CalloutProblem::UnknownRota {
                callout: i,
                rota: c.rota.clone(),
            });
            continue;
        };
        let Some(person) = org.person_index(&c.person) else {
            problems.push(CalloutProblem::UnknownPerson {
                callout: i,
                person: c.person.clone(),
            });
            continue;
        };
        let Some(service) = org.service_index(&c.service) else {
            problems.push(CalloutProblem::UnknownService {
                callout: i,
                service: c.service.clone(),
            });
            continue;
        };
        let at = c.at.with_timezone(&Utc);
        let slice = slice_at(coverage, at);
        let on_call = slice.is_some_and(|d| {
            shifts.get(&(person, rota)).is_some_and(|runs| {
                runs.iter().any(|&(a, b, instants)| {
                    a <= d && d < b && instants.is_none_or(|(s, e)| s <= at && at < e)
                })
            })
        });
        match (slice, on_call) {
            (Some(slice), true) => valid.push(ValidCallout {
                callout: i,
                rota,
                person,
                service,
                slice,
            }),
            _ => problems.push(CalloutProblem::NotOnCall {
                callout: i,
                rota: c.rota.clone(),
                person: c.person.clone(),
                at,
            }),
        }
    }
    (valid, problems)
}

/// The slice that contains an instant, if one does (working hours are
/// in no slice).
pub fn slice_at(coverage: &Coverage, at: DateTime<Utc>) -> Option<usize> {
    let i = coverage.slices.partition_point(|s| s.end <= at);
    coverage
        .slices
        .get(i)
        .is_some_and(|s| s.start <= at && at < s.end)
        .then_some(i)
}
