//! Edits to a schedule's shifts in the terms a person uses: give a window of
//! a rota to someone, split a shift on a day, clear it. Shifts stay on slice
//! boundaries so they always resolve against the coverage they were made on.

use chrono::{DateTime, FixedOffset, Utc};

use super::{Schedule, Shift};
use crate::org::Organisation;
use crate::rotas::Coverage;

fn stamp(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.fixed_offset()
}

/// A shift of `rota` over days `first..first + days` for a person.
pub fn make_shift(
    org: &Organisation,
    coverage: &Coverage,
    rota: usize,
    first: usize,
    days: usize,
    person: usize,
) -> Option<Shift> {
    let start = coverage.slices.get(first)?.start;
    let end = coverage.slices.get((first + days).checked_sub(1)?)?.end;
    Some(Shift {
        rota: coverage.rotas.get(rota)?.id.clone(),
        person: org.people.get(person)?.id.clone(),
        start: stamp(start),
        end: stamp(end),
        slices: days as u32,
        pinned: false,
        note: String::new(),
    })
}

/// The shift window of a rota that contains a day, as `(first, len)`.
pub fn window_at(coverage: &Coverage, rota: usize, day: usize) -> Option<(usize, usize)> {
    coverage
        .shift_windows(rota)
        .into_iter()
        .find(|&(first, len)| first <= day && day < first + len)
}

/// Splits the shift at index `shift` (placed on `first..first + days`) so a
/// new shift starts on `day`; both halves keep the person and the pin.
/// Returns false when `day` is not strictly inside the shift.
pub fn split_shift(
    schedule: &mut Schedule,
    coverage: &Coverage,
    shift: usize,
    first: usize,
    days: usize,
    day: usize,
) -> bool {
    if day <= first || day >= first + days || shift >= schedule.shifts.len() {
        return false;
    }
    let (Some(cut_end), Some(cut_start)) = (coverage.slices.get(day - 1), coverage.slices.get(day))
    else {
        return false;
    };
    let mut second = schedule.shifts[shift].clone();
    let head = &mut schedule.shifts[shift];
    head.end = stamp(cut_end.end);
    head.slices = (day - first) as u32;
    second.start = stamp(cut_start.start);
    second.slices = (first + days - day) as u32;
    schedule.shifts.push(second);
    schedule.sort();
    true
}
