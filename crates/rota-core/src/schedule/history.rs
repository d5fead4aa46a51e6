//! "Now" divides a schedule: every shift that started before it (the one in
//! progress included) is history, worked and paid, and is never rewritten;
//! only the future is planned.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::Shift;
use crate::calendar::local_instant;
use crate::org::Organisation;
use crate::rotas::Coverage;

/// The instant a date stands for as "now": its start (midnight) in the
/// organisation's time zone. `--today`/`ROTA_TODAY` name a date; the clock
/// names the date it is.
pub fn start_of_day(org: &Organisation, date: NaiveDate) -> DateTime<Utc> {
    local_instant(org.timezone, date, NaiveTime::MIN)
}

impl Shift {
    /// Did the shift start before `now`? Then it is history.
    pub fn is_history(&self, now: DateTime<Utc>) -> bool {
        self.start.with_timezone(&Utc) < now
    }
}

/// How many leading slices of a coverage are history: they started
/// before `now`. Slices are in time order, so they are a prefix.
pub fn history_slices(coverage: &Coverage, now: DateTime<Utc>) -> usize {
    coverage.slices.partition_point(|s| s.start < now)
}
