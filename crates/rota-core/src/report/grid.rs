//! Who is on call when: for each date of a report's range and each rota,
//! the person who holds that date's out-of-hours slice. The managers' page
//! prints it so a reader sees the plan itself beside what it costs.

use chrono::NaiveDate;

use crate::calendar::SliceKind;
use crate::org::Organisation;
use crate::rotas::Coverage;
use crate::schedule::{Schedule, resolve};

/// One date of the grid: the night (or weekend or holiday day) it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridDate {
    pub date: NaiveDate,
    pub kind: SliceKind,
}

/// One rota's slice on one date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// The person's name.
    Held(String),
    /// The rota needs cover and nobody holds it.
    Unfilled,
    /// The rota needs no cover on this date (a peak rota off its peak, a
    /// team with no out-of-hours exposure then).
    NotNeeded,
}

/// One rota's row of the grid, one cell per date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRota {
    pub id: String,
    pub name: String,
    pub cells: Vec<Cell>,
}

/// Rotas by dates, for the dates of a range.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OnCallGrid {
    pub dates: Vec<GridDate>,
    /// In the coverage's order; rotas with nothing to show in the range
    /// (neither needed nor held) are left out.
    pub rotas: Vec<GridRota>,
}

/// The grid of `[from, to_exclusive)`, cut to the coverage's horizon.
pub fn on_call_grid(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    from: NaiveDate,
    to_exclusive: NaiveDate,
) -> OnCallGrid {
    let horizon = coverage.horizon;
    let from = from.max(horizon.start);
    let until = to_exclusive.min(horizon.end).max(from);
    let lo = horizon.index_of(from).unwrap_or(horizon.len());
    let hi = lo + (until - from).num_days().max(0) as usize;
    let mut cells: Vec<Vec<Cell>> = (0..coverage.rotas.len())
        .map(|r| {
            (lo..hi)
                .map(|slice| {
                    if coverage.needs_cover(r, slice) {
                        Cell::Unfilled
                    } else {
                        Cell::NotNeeded
                    }
                })
                .collect()
        })
        .collect();
    for a in resolve(org, coverage, schedule).assignments {
        for slice in a.slice_range().filter(|s| (lo..hi).contains(s)) {
            cells[a.rota][slice - lo] = Cell::Held(org.people[a.person].name.clone());
        }
    }
    OnCallGrid {
        dates: (lo..hi)
            .map(|s| GridDate {
                date: coverage.slices[s].date,
                kind: coverage.slices[s].kind,
            })
            .collect(),
        rotas: coverage
            .rotas
            .iter()
            .zip(cells)
            .filter(|(_, cells)| cells.iter().any(|c| *c != Cell::NotNeeded))
            .map(|(r, cells)| GridRota {
                id: r.id.clone(),
                name: r.name.clone(),
                cells,
            })
            .collect(),
    }
}
