//! Ties a schedule's shifts to the rotas and slices of an organisation: which
//! rota, which person, which slices. A shift that does not line up with the
//! current slices means the schedule is stale or was edited by hand.

use chrono::Utc;

use super::Schedule;
use crate::org::Organisation;
use crate::rotas::Coverage;

/// A shift placed on the coverage: rota and person indices and its slices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    /// Index into `Schedule::shifts`.
    pub shift: usize,
    pub rota: usize,
    pub person: usize,
    /// Index of its first slice in the coverage's horizon.
    pub first_slice: usize,
    /// How many slices it holds.
    pub slices: usize,
    /// Its instants are not slice boundaries of the organisation as it is
    /// now (it was planned under other working hours or another time zone):
    /// it holds the slices most of which it covers, and is also among the
    /// problems. Kept history is paid and shown on these; a future one is
    /// `stale-schedule`, and a re-plan re-cuts it to the slices.
    pub off_grid: bool,
}

impl Assignment {
    pub fn slice_range(&self) -> std::ops::Range<usize> {
        self.first_slice..self.first_slice + self.slices
    }
}

/// Why a shift could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShiftProblem {
    UnknownRota {
        shift: usize,
    },
    UnknownPerson {
        shift: usize,
    },
    /// Its start or end is not a slice boundary of the organisation as it is now.
    OffSlices {
        shift: usize,
    },
    /// Its `slices` count disagrees with its instants.
    WrongSliceCount {
        shift: usize,
        expected: usize,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub assignments: Vec<Assignment>,
    pub problems: Vec<ShiftProblem>,
}

impl Resolved {
    /// Shifts that hold no slice at all: the problems but the off-grid
    /// shifts placed on the slices they mostly cover.
    pub fn unplaced(&self) -> usize {
        let off_grid = self.assignments.iter().filter(|a| a.off_grid).count();
        self.problems.len() - off_grid
    }
}

/// Places every shift of a schedule on the coverage.
pub fn resolve(org: &Organisation, coverage: &Coverage, schedule: &Schedule) -> Resolved {
    let mut out = Resolved::default();
    // Ids to indices once, not a scan of every person per shift.
    let people: std::collections::HashMap<&str, usize> = org
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let rotas: std::collections::HashMap<&str, usize> = coverage
        .rotas
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    for (i, shift) in schedule.shifts.iter().enumerate() {
        let Some(&rota) = rotas.get(shift.rota.as_str()) else {
            out.problems.push(ShiftProblem::UnknownRota { shift: i });
            continue;
        };
        let Some(&person) = people.get(shift.person.as_str()) else {
            out.problems.push(ShiftProblem::UnknownPerson { shift: i });
            continue;
        };
        let first = coverage.slice_starting_at(shift.start.with_timezone(&Utc));
        let last = coverage.slice_ending_at(shift.end.with_timezone(&Utc));
        match (first, last) {
            (Some(first), Some(last)) if last >= first => {
                let slices = last - first + 1;
                if slices != shift.slices as usize {
                    out.problems.push(ShiftProblem::WrongSliceCount {
                        shift: i,
                        expected: slices,
                    });
                    continue;
                }
                out.assignments.push(Assignment {
                    shift: i,
                    rota,
                    person,
                    first_slice: first,
                    slices,
                    off_grid: false,
                });
            }
            _ => {
                out.problems.push(ShiftProblem::OffSlices { shift: i });
                let held = coverage.slices_mostly_within(
                    shift.start.with_timezone(&Utc),
                    shift.end.with_timezone(&Utc),
                );
                if !held.is_empty() {
                    out.assignments.push(Assignment {
                        shift: i,
                        rota,
                        person,
                        first_slice: held.start,
                        slices: held.len(),
                        off_grid: true,
                    });
                }
            }
        }
    }
    out
}

/// The index of the shift a problem is about.
pub fn problem_shift(problem: &ShiftProblem) -> usize {
    match *problem {
        ShiftProblem::UnknownRota { shift }
        | ShiftProblem::UnknownPerson { shift }
        | ShiftProblem::OffSlices { shift }
        | ShiftProblem::WrongSliceCount { shift, .. } => shift,
    }
}
