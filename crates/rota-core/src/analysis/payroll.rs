//! The payroll export: one row per person per calendar month of history,
//! payable money only (standby plus recorded callouts, never an estimate).
//!
//! History is what has been worked: the slices that started before "now",
//! the start of today in the organisation's time zone. A slice of date D
//! starts on D, so the history slices are those of the dates before today.
//! Each slice, and each callout recorded in it, is paid in the month of the
//! slice's date, so a month's rows add up to the remuneration of that month.

use chrono::{Datelike, NaiveDate};

use super::pay::{Basis, remuneration};
use crate::money::Money;
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::Schedule;

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// From `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let month = Month {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
        };
        month.first().map(|_| month)
    }

    pub fn first(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One person's payable money for one month.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PayrollRow {
    pub month: Month,
    pub person: String,
    /// The organisation file's `employee_id`, when it gives one.
    pub employee_id: Option<String>,
    pub name: String,
    pub team: String,
    pub weeknight_slices: u32,
    pub weekend_slices: u32,
    pub holiday_slices: u32,
    pub standby_pay: Money,
    /// Recorded callouts only.
    pub callouts: u32,
    pub callout_pay: Money,
    /// Standby plus recorded callout pay.
    pub payable_pay: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Payroll {
    pub currency: String,
    /// The last date whose slice is history (inclusive); `None` when
    /// nothing in the schedule has been worked yet.
    pub history_to: Option<NaiveDate>,
    pub rows: Vec<PayrollRow>,
    pub standby_pay: Money,
    pub callout_pay: Money,
    pub payable_pay: Money,
}

/// Payable money per person and month of the schedule's history before
/// `today`, for every month or only `only`.
pub fn payroll(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    today: NaiveDate,
    only: Option<Month>,
) -> Payroll {
    let start = coverage.horizon.start;
    let end = coverage.horizon.end.min(today);
    let mut rows = Vec::new();
    let mut month = Month::of(start);
    while let Some(first) = month.first()
        && first < end
    {
        let next = month.next();
        let from = first.max(start);
        let until = next.first().map_or(end, |d| d.min(end));
        if only.is_none_or(|m| m == month) {
            let pay = remuneration(org, coverage, schedule, from, until);
            for p in &pay.people {
                let recorded = p.callout_basis == Basis::Recorded;
                rows.push(PayrollRow {
                    month,
                    person: p.person.clone(),
                    employee_id: org.people[p.index].employee_id.clone(),
                    name: p.name.clone(),
                    team: p.team.clone(),
                    weeknight_slices: p.weeknight_slices,
                    weekend_slices: p.weekend_slices,
                    holiday_slices: p.holiday_slices,
                    standby_pay: p.standby_pay,
                    callouts: if recorded { p.callouts as u32 } else { 0 },
                    callout_pay: if recorded { p.callout_pay } else { Money::ZERO },
                    payable_pay: p.payable_pay,
                });
            }
        }
        month = next;
    }
    Payroll {
        currency: org.currency.clone(),
        history_to: (end > start).then(|| end.pred_opt().unwrap_or(end)),
        standby_pay: rows.iter().map(|r| r.standby_pay).sum(),
        callout_pay: rows.iter().map(|r| r.callout_pay).sum(),
        payable_pay: rows.iter().map(|r| r.payable_pay).sum(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_and_roll_over() {
        let m = Month::parse("2026-12").expect("a month");
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("2026-1"), None);
        assert_eq!(Month::parse("december"), None);
    }
}
