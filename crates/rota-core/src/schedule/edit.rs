//! Edits to a schedule's shifts in the terms a person uses: give a window of
//! a rota to someone, split a shift on a slice, clear it. Shifts stay on slice
//! boundaries so they always resolve against the coverage they were made on.

use chrono::{DateTime, FixedOffset, Utc};

use super::{Role, Schedule, Shift};
use crate::org::Organisation;
use crate::rotas::Coverage;

fn stamp(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.fixed_offset()
}

/// A shift of `rota` over slices `first..first + slices` for a person.
pub fn make_shift(
    org: &Organisation,
    coverage: &Coverage,
    rota: usize,
    first: usize,
    slices: usize,
    person: usize,
) -> Option<Shift> {
    make_role_shift(org, coverage, rota, first, slices, person, Role::Primary)
}

/// A shift of `rota` in a role over slices `first..first + slices`.
pub fn make_role_shift(
    org: &Organisation,
    coverage: &Coverage,
    rota: usize,
    first: usize,
    slices: usize,
    person: usize,
    role: Role,
) -> Option<Shift> {
    let start = coverage.slices.get(first)?.start;
    let end = coverage.slices.get((first + slices).checked_sub(1)?)?.end;
    Some(Shift {
        rota: coverage.rotas.get(rota)?.id.clone(),
        person: org.people.get(person)?.id.clone(),
        start: stamp(start),
        end: stamp(end),
        slices: slices as u32,
        pinned: false,
        note: String::new(),
        role,
    })
}

/// The shift window of a rota that contains a slice, as `(first, len)`.
pub fn window_at(coverage: &Coverage, rota: usize, slice: usize) -> Option<(usize, usize)> {
    role_window_at(coverage, rota, Role::Primary, slice)
}

/// The shift window of a rota's role that contains a slice, as
/// `(first, len)`: for the secondary, a run of the slices that need one.
pub fn role_window_at(
    coverage: &Coverage,
    rota: usize,
    role: Role,
    slice: usize,
) -> Option<(usize, usize)> {
    coverage
        .role_windows(rota, role)
        .into_iter()
        .find(|&(first, len)| first <= slice && slice < first + len)
}

/// Splits the shift at index `shift` (placed on `first..first + slices`) so a
/// new shift starts on `slice`; both halves keep the person and the pin.
/// Returns false when `slice` is not strictly inside the shift.
pub fn split_shift(
    schedule: &mut Schedule,
    coverage: &Coverage,
    shift: usize,
    first: usize,
    slices: usize,
    slice: usize,
) -> bool {
    if slice <= first || slice >= first + slices || shift >= schedule.shifts.len() {
        return false;
    }
    let (Some(cut_end), Some(cut_start)) =
        (coverage.slices.get(slice - 1), coverage.slices.get(slice))
    else {
        return false;
    };
    let mut second = schedule.shifts[shift].clone();
    let head = &mut schedule.shifts[shift];
    head.end = stamp(cut_end.end);
    head.slices = (slice - first) as u32;
    second.start = stamp(cut_start.start);
    second.slices = (first + slices - slice) as u32;
    schedule.shifts.push(second);
    schedule.sort();
    true
}
