//! The horizon and its out-of-hours slices, in the organisation's time zone.
//!
//! Every date D owns one slice: from D at the start of working hours to D+1
//! at the start of working hours, minus D's working hours when D is a working
//! day. Instants are real elapsed time, so a slice across a daylight-saving
//! change is an hour longer or shorter.

use chrono::{DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::money::Money;
use crate::org::{Organisation, Pay};

/// A range of dates `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Horizon {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Horizon {
    /// Whether a schedule over this horizon can be written and read back:
    /// its dates and instants need four-digit years (0001 to 9999).
    pub fn fits_the_file_format(&self) -> bool {
        fits_the_file_format(self.start) && fits_the_file_format(self.end)
    }

    pub fn new(start: NaiveDate, end: NaiveDate) -> Horizon {
        Horizon {
            start,
            end: end.max(start),
        }
    }

    pub fn weeks(start: NaiveDate, weeks: u32) -> Horizon {
        Horizon::new(start, start + Days::new(7 * weeks as u64))
    }

    pub fn len(&self) -> usize {
        (self.end - self.start).num_days().max(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn date(&self, index: usize) -> NaiveDate {
        self.start + Days::new(index as u64)
    }

    pub fn index_of(&self, date: NaiveDate) -> Option<usize> {
        (self.start <= date && date < self.end).then(|| (date - self.start).num_days() as usize)
    }

    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..self.len()).map(|i| self.date(i))
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date < self.end
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SliceKind {
    /// A working day's evening and the next early morning.
    Weeknight,
    /// A day that is neither a working day nor a holiday.
    Weekend,
    /// A public holiday.
    Holiday,
}

impl SliceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SliceKind::Weeknight => "weeknight",
            SliceKind::Weekend => "weekend",
            SliceKind::Holiday => "holiday",
        }
    }

    /// Standby pay for one slice of this kind.
    pub fn standby(self, pay: &Pay) -> Money {
        match self {
            SliceKind::Weeknight => pay.weeknight,
            SliceKind::Weekend => pay.weekend_day,
            SliceKind::Holiday => pay.holiday,
        }
    }

    /// Standby pay for one slice of this kind in a role: a secondary is paid
    /// `secondary_share` of the rate, rounded to the minor unit, halves up.
    pub fn standby_as(self, pay: &Pay, role: crate::schedule::Role) -> Money {
        let rate = self.standby(pay);
        if !role.is_secondary() {
            return rate;
        }
        let share = i64::from(pay.secondary_share.0);
        let one = i64::from(crate::org::Multiplier::ONE);
        Money((rate.minor().saturating_mul(share) + one / 2).div_euclid(one))
    }
}

/// The out-of-hours time a date owns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    pub date: NaiveDate,
    pub kind: SliceKind,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Slice {
    pub fn hours(&self) -> f64 {
        (self.end - self.start).num_seconds() as f64 / 3600.0
    }
}

/// A local wall-clock time on a date as an instant. A time skipped by a
/// daylight-saving change moves forward to the first instant after the gap;
/// a repeated time takes its first occurrence.
pub fn local_instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Gaps are at most a few hours; step forward a minute at a time.
            let mut probe = naive;
            for _ in 0..(24 * 60) {
                probe += chrono::Duration::minutes(1);
                if let Some(t) = tz.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&naive)
        }
    }
}

pub fn is_working_day(org: &Organisation, date: NaiveDate) -> bool {
    org.working_hours.is_working_weekday(date.weekday()) && org.holiday(date).is_none()
}

pub fn slice_kind(org: &Organisation, date: NaiveDate) -> SliceKind {
    if org.holiday(date).is_some() {
        SliceKind::Holiday
    } else if org.working_hours.is_working_weekday(date.weekday()) {
        SliceKind::Weeknight
    } else {
        SliceKind::Weekend
    }
}

pub fn slice(org: &Organisation, date: NaiveDate) -> Slice {
    let tz = org.timezone;
    let hours = &org.working_hours;
    let kind = slice_kind(org, date);
    let from = if kind == SliceKind::Weeknight {
        hours.end
    } else {
        hours.start
    };
    let next = date.succ_opt().unwrap_or(date);
    Slice {
        date,
        kind,
        start: local_instant(tz, date, from),
        end: local_instant(tz, next, hours.start),
    }
}

/// The slices of every date of a horizon, in order.
pub fn slices(org: &Organisation, horizon: Horizon) -> Vec<Slice> {
    horizon.dates().map(|d| slice(org, d)).collect()
}

/// The Monday on or after a date.
pub fn next_monday(date: NaiveDate) -> NaiveDate {
    let offset = (7 - date.weekday().num_days_from_monday()) % 7;
    date + Days::new(offset as u64)
}

/// Whether a date is written `YYYY-MM-DD` with four digits, as every file
/// rota reads expects (chrono writes later years as `+10000-01-01`).
pub fn fits_the_file_format(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (1..=9999).contains(&date.year())
}

/// The range of `slices` (in time order, not overlapping) most of whose time
/// lies within the instants `[start, end)`: their midpoint does. A shift off
/// the slice grid holds these, so two shifts that follow each other never
/// hold one slice.
pub fn mostly_within(
    slices: &[Slice],
    start: chrono::DateTime<chrono::Utc>,
    end: chrono::DateTime<chrono::Utc>,
) -> std::ops::Range<usize> {
    let mid = |s: &Slice| s.start + (s.end - s.start) / 2;
    let first = slices.partition_point(|s| mid(s) < start);
    let last = slices.partition_point(|s| mid(s) < end);
    first..last.max(first)
}
