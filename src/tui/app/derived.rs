//! What the views read, worked out from the organisation and the schedule
//! after every edit: the grid's cells, each person's load, pay and findings.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rota_core::analysis::{Remuneration, RunCost, remuneration};
use rota_core::findings::{Findings, Scheduled, Warning};
use rota_core::money::Money;
use rota_core::org::Organisation;
use rota_core::rotas::Coverage;
use rota_core::schedule::{self, Resolved, Schedule};

/// One person's share of the schedule over the horizon, as the analysis
/// pays it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Load {
    pub slices: u32,
    pub weekend: u32,
    pub holiday: u32,
    /// Standby and callouts (expected ones when none are recorded).
    pub pay: Money,
}

/// Team counts the run-cost chart projects the organisation to, besides its
/// own.
pub const RUN_COST_TEAMS: [usize; 4] = rota_core::report::analysis::DEFAULT_PROJECTION;

/// What depends on the organisation alone: its own findings and its yearly
/// run cost, both over its typical year. Rebuilt only when the organisation
/// changes (building a year's coverage takes a few milliseconds at 1,000
/// people), not on a schedule edit.
#[derive(Debug, Clone)]
pub struct OrgAnalysis {
    pub warnings: Vec<Warning>,
    pub run_cost: RunCost,
}

impl OrgAnalysis {
    pub fn of(org: &Organisation) -> OrgAnalysis {
        let year = Coverage::build(org, rota_core::analysis::typical_year(org));
        OrgAnalysis {
            warnings: rota_core::findings::organisation_warnings_over(org, &year),
            run_cost: rota_core::analysis::runcost::run_cost_over(org, &year, &RUN_COST_TEAMS),
        }
    }
}

/// What a cell of the rota grid holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    /// The rota needs no cover on that slice.
    NoCover,
    /// Needs cover and has nobody.
    Unfilled,
    Filled {
        person: usize,
        /// Index into `Schedule::shifts`.
        shift: usize,
        first_slice: bool,
        pinned: bool,
        /// Time off, opted out or not a member.
        problem: bool,
        /// The shift started before now: worked, kept as it is.
        history: bool,
    },
}

/// Everything worked out from the organisation and schedule; rebuilt after
/// every edit (the coverage only when the organisation changed). The grid's
/// part (`resolved`, the cells) is rebuilt on the keystroke; the schedule's
/// analysis (pay, loads, findings, at risk) may come in afterwards from
/// another thread (see [`ScheduleAnalysis`]).
#[derive(Debug, Clone)]
pub struct Derived {
    /// Shared with the thread that analyses the schedule.
    pub coverage: Arc<Coverage>,
    pub resolved: Resolved,
    /// `cells[rota][slice]`: the primaries.
    pub cells: Vec<Vec<CellState>>,
    /// `secondary_cells[rota][slice]`, for a rota that needs a secondary on
    /// some slice (`None` for the others): the grid's second row.
    pub secondary_cells: Vec<Option<Vec<CellState>>>,
    pub loads: Vec<Load>,
    /// Pay over the whole horizon.
    pub pay: Remuneration,
    /// Every finding as gathered, in its two parts (the export's report
    /// takes them so).
    pub findings: Findings,
    /// Every finding: the organisation's, the schedule's hard ones and the
    /// burnout rules', sorted.
    pub warnings: Vec<Warning>,
    /// Per person: named by a finding that puts them at risk (a burnout
    /// limit, on call when off or on two rotas).
    pub at_risk: Vec<bool>,
    pub org: OrgAnalysis,
    /// People needed on call on the quietest and busiest night, and on
    /// average: a primary per rota that needs cover, and a secondary per
    /// rota that needs one too.
    pub head_count: (usize, usize, f64),
    /// Nights (days) of the horizon that started before now: history.
    pub history_slices: usize,
}

/// Per person: named by a finding that puts them at risk.
fn at_risk(org: &Organisation, warnings: &[Warning]) -> Vec<bool> {
    let mut at_risk = vec![false; org.people.len()];
    for id in warnings
        .iter()
        .filter(|w| rota_core::findings::puts_people_at_risk(w.code))
        .flat_map(|w| &w.people)
    {
        if let Some(p) = org.person_index(id) {
            at_risk[p] = true;
        }
    }
    at_risk
}

impl Derived {
    /// Takes the organisation's own analysis once it is ready (it is worked
    /// out off the keystroke's path after an organisation edit): its
    /// findings join the schedule's, which do not depend on it.
    pub fn with_org_analysis(&mut self, org: &Organisation, analysis: OrgAnalysis) {
        self.findings.organisation = analysis.warnings.clone();
        self.warnings = self.findings.all();
        self.at_risk = at_risk(org, &self.warnings);
        self.org = analysis;
    }

    /// Takes the schedule's analysis once it is ready: pay, loads and the
    /// schedule's findings, joined to the organisation's findings as they
    /// stand now (whichever of the two analyses comes in last, the result is
    /// the same).
    pub fn with_schedule_analysis(&mut self, org: &Organisation, analysis: ScheduleAnalysis) {
        self.pay = analysis.pay;
        self.loads = analysis.loads;
        self.findings = Findings {
            organisation: self.org.warnings.clone(),
            schedule: analysis.findings,
        };
        self.warnings = self.findings.all();
        self.at_risk = at_risk(org, &self.warnings);
    }
}

/// What is worked out from the whole schedule rather than the cells an edit
/// touched: the pay over the horizon (and over the Costs tab's month), each
/// person's load, and the schedule's findings with the burnout rules. After
/// a schedule edit the TUI works it out on another thread; tests and
/// benches get it at once.
#[derive(Debug, Clone)]
pub struct ScheduleAnalysis {
    pub pay: Remuneration,
    pub loads: Vec<Load>,
    /// The schedule's findings (the organisation's are not among them).
    pub findings: Vec<Warning>,
    /// The pay over `cost_period` when one was asked for.
    pub cost_pay: Option<Remuneration>,
    pub cost_period: Option<(NaiveDate, NaiveDate)>,
}

impl ScheduleAnalysis {
    pub fn of(
        org: &Organisation,
        org_text: &str,
        schedule: &Schedule,
        coverage: &Coverage,
        now: DateTime<Utc>,
        cost_period: Option<(NaiveDate, NaiveDate)>,
    ) -> ScheduleAnalysis {
        let pay = remuneration(
            org,
            coverage,
            schedule,
            coverage.horizon.start,
            coverage.horizon.end,
        );
        let mut loads = vec![Load::default(); org.people.len()];
        for p in &pay.people {
            if let Some(load) = loads.get_mut(p.index) {
                load.slices += p.weeknight_slices + p.weekend_slices + p.holiday_slices;
                load.weekend += p.weekend_slices;
                load.holiday += p.holiday_slices;
                load.pay += p.total_pay;
            }
        }
        let findings = Findings::gather_with(
            Vec::new(),
            org,
            Some(Scheduled {
                org_text,
                coverage,
                schedule,
                // History is not judged by today's organisation.
                now: Some(now),
            }),
        )
        .schedule;
        let cost_pay =
            cost_period.map(|(from, to)| remuneration(org, coverage, schedule, from, to));
        ScheduleAnalysis {
            pay,
            loads,
            findings,
            cost_pay,
            cost_period,
        }
    }
}

/// Derives everything shown from the organisation, schedule and coverage;
/// the organisation's own analysis comes in ready made.
pub fn derive(
    org: &Organisation,
    org_text: &str,
    schedule: &Schedule,
    coverage: Coverage,
    org_analysis: OrgAnalysis,
    now: DateTime<Utc>,
) -> Derived {
    derive_shared(
        org,
        org_text,
        schedule,
        Arc::new(coverage),
        org_analysis,
        now,
    )
}

/// [`derive`] with the coverage shared.
pub(super) fn derive_shared(
    org: &Organisation,
    org_text: &str,
    schedule: &Schedule,
    coverage: Arc<Coverage>,
    org_analysis: OrgAnalysis,
    now: DateTime<Utc>,
) -> Derived {
    let analysis = ScheduleAnalysis::of(org, org_text, schedule, &coverage, now, None);
    let grid = grid(org, schedule, &coverage, now);
    let findings = Findings {
        organisation: org_analysis.warnings.clone(),
        schedule: analysis.findings,
    };
    let warnings = findings.all();
    let at_risk = at_risk(org, &warnings);
    Derived {
        coverage,
        resolved: grid.resolved,
        cells: grid.cells,
        secondary_cells: grid.secondary_cells,
        loads: analysis.loads,
        pay: analysis.pay,
        findings,
        warnings,
        at_risk,
        org: org_analysis,
        head_count: grid.head_count,
        history_slices: grid.history_slices,
    }
}

impl Derived {
    /// After an edit, the part a keystroke waits for: the schedule resolved
    /// against `coverage` and the grid's cells. Pay, loads and findings stay
    /// as they were until [`Derived::with_schedule_analysis`] brings the new
    /// ones (no edit adds or removes a person, so they still fit).
    pub(super) fn regrid(
        &mut self,
        org: &Organisation,
        schedule: &Schedule,
        coverage: Arc<Coverage>,
        now: DateTime<Utc>,
    ) {
        let grid = grid(org, schedule, &coverage, now);
        self.with_grid(org, coverage, grid);
    }

    /// Takes a grid worked out elsewhere (after an organisation edit, the
    /// coverage is built off the keystroke's path) with the coverage it was
    /// built from.
    pub(super) fn with_grid(&mut self, org: &Organisation, coverage: Arc<Coverage>, grid: Grid) {
        self.coverage = coverage;
        self.resolved = grid.resolved;
        self.cells = grid.cells;
        self.secondary_cells = grid.secondary_cells;
        self.head_count = grid.head_count;
        self.history_slices = grid.history_slices;
        self.loads.resize(org.people.len(), Load::default());
        self.at_risk.resize(org.people.len(), false);
    }
}

impl Derived {
    /// After an edit that only pinned or unpinned shifts (`changed`, indices
    /// into `schedule.shifts`): the schedule resolves as before, so only
    /// those shifts' cells change, as [`Derived::regrid`] would change them.
    pub(super) fn repin(&mut self, schedule: &Schedule, changed: &[usize]) {
        for a in self
            .resolved
            .assignments
            .iter()
            .filter(|a| changed.contains(&a.shift))
        {
            let row = if a.role.is_secondary() {
                match self
                    .secondary_cells
                    .get_mut(a.rota)
                    .and_then(Option::as_mut)
                {
                    Some(row) => row,
                    None => continue,
                }
            } else {
                &mut self.cells[a.rota]
            };
            for d in a.slice_range() {
                if let Some(CellState::Filled { shift, pinned, .. }) = row.get_mut(d)
                    && *shift == a.shift
                {
                    *pinned = schedule.shifts[a.shift].pinned;
                }
            }
        }
    }
}

/// The grid's part of [`Derived`].
pub(super) struct Grid {
    resolved: Resolved,
    cells: Vec<Vec<CellState>>,
    secondary_cells: Vec<Option<Vec<CellState>>>,
    head_count: (usize, usize, f64),
    history_slices: usize,
}

pub(super) fn grid(
    org: &Organisation,
    schedule: &Schedule,
    coverage: &Coverage,
    now: DateTime<Utc>,
) -> Grid {
    let resolved = schedule::resolve(org, coverage, schedule);
    let history_slices = schedule::history_slices(coverage, now);
    let slices = coverage.horizon.len();
    let mut cells: Vec<Vec<CellState>> = (0..coverage.rotas.len())
        .map(|r| {
            (0..slices)
                .map(|d| {
                    if coverage.needs_cover(r, d) {
                        CellState::Unfilled
                    } else {
                        CellState::NoCover
                    }
                })
                .collect()
        })
        .collect();
    let mut secondary_cells: Vec<Option<Vec<CellState>>> = (0..coverage.rotas.len())
        .map(|r| {
            coverage.has_secondary(r).then(|| {
                (0..slices)
                    .map(|d| {
                        if coverage.needs_secondary(r, d) {
                            CellState::Unfilled
                        } else {
                            CellState::NoCover
                        }
                    })
                    .collect()
            })
        })
        .collect();
    // A secondary goes on its rota's second row, so a cell is one shift; a
    // secondary of a rota that needs none any more is not drawn (`check`
    // reports it).
    for a in &resolved.assignments {
        let shift = &schedule.shifts[a.shift];
        let person = &org.people[a.person];
        let row = if a.role.is_secondary() {
            match secondary_cells.get_mut(a.rota).and_then(Option::as_mut) {
                Some(row) => row,
                None => continue,
            }
        } else {
            &mut cells[a.rota]
        };
        for d in a.slice_range() {
            let Some(slice) = coverage.slices.get(d) else {
                continue;
            };
            let off = person.is_off(slice.date);
            let member = coverage.is_member(a.rota, d, a.person);
            row[d] = CellState::Filled {
                person: a.person,
                shift: a.shift,
                first_slice: d == a.first_slice,
                pinned: shift.pinned,
                problem: off || !member,
                history: shift.is_history(now),
            };
        }
    }
    let per_night: Vec<usize> = (0..slices)
        .map(|d| {
            (0..coverage.rotas.len())
                .map(|r| {
                    usize::from(coverage.needs_cover(r, d))
                        + usize::from(coverage.needs_secondary(r, d))
                })
                .sum::<usize>()
        })
        .collect();
    let head_count = (
        per_night.iter().copied().min().unwrap_or(0),
        per_night.iter().copied().max().unwrap_or(0),
        if slices == 0 {
            0.0
        } else {
            per_night.iter().sum::<usize>() as f64 / slices as f64
        },
    );
    Grid {
        resolved,
        cells,
        secondary_cells,
        head_count,
        history_slices,
    }
}
