//! The TUI's model and its one `update` function. Nothing here touches the
//! terminal: keys arrive as [`Action`]s, and anything with an outside effect
//! (saving, exporting, quitting) goes back to the run loop as an [`Effect`].

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use rota_core::analysis::{Remuneration, RunCost, remuneration};
use rota_core::calendar::Horizon;
use rota_core::findings::{Severity, Warning};
use rota_core::money::Money;
use rota_core::org::{Organisation, TimeOff};
use rota_core::rotas::Coverage;
use rota_core::schedule::{self, Resolved, Schedule};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Services,
    People,
    Rota,
    Costs,
    Warnings,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Services,
        Tab::People,
        Tab::Rota,
        Tab::Costs,
        Tab::Warnings,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Services => "Services",
            Tab::People => "People",
            Tab::Rota => "Rota",
            Tab::Costs => "Costs",
            Tab::Warnings => "Warnings",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// Everything a key (or a click) can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    NextTab,
    PrevTab,
    GoTab(Tab),
    Up,
    Down,
    Left,
    Right,
    NextWeek,
    PrevWeek,
    NextMonth,
    PrevMonth,
    /// Costs: the next or previous period (the horizon, then each month).
    NextPeriod,
    PrevPeriod,
    Undo,
    Redo,
    Save,
    Export,
    /// Enter: the obvious thing for where you are.
    Select,
    Cancel,
    /// Services: edit the selected service's hourly exposure.
    EditExposure,
    /// People: add time off to the selected person.
    AddTimeOff,
    /// People: remove the selected person's last time off.
    RemoveTimeOff,
    ToggleOptIn,
    /// Rota: open the picker on the cell.
    Assign,
    TogglePin,
    Split,
    Clear,
    Replan,
    /// Rota: show the person on the cell on the People tab.
    ShowPerson,
    /// Rota: a click on a cell, `(rota, day)`.
    SelectCell(usize, usize),
    /// Typing into a prompt.
    Input(char),
    Backspace,
    /// Empties a prompt's line, to type a new value from scratch.
    ClearInput,
    /// Confirm (quit without saving).
    Confirm,
}

/// What the run loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Save,
    /// Save, then quit only if the save worked.
    SaveAndQuit,
    Export(PathBuf),
    Quit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Exposure(usize),
    TimeOff(usize),
    Export,
}

impl PromptKind {
    pub fn label(&self) -> &'static str {
        match self {
            PromptKind::Exposure(_) => "Hourly exposure",
            PromptKind::TimeOff(_) => "Time off (FROM TO [reason], dates YYYY-MM-DD)",
            PromptKind::Export => "Export to (.ics, .csv, .html or .md)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Help,
    /// Choosing who takes a cell: candidates are person indices.
    Picker {
        candidates: Vec<usize>,
        selected: usize,
    },
    Prompt {
        kind: PromptKind,
        input: String,
    },
    ConfirmQuit,
}

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
    /// The rota needs no cover that day.
    NoCover,
    /// Needs cover and has nobody.
    Unfilled,
    Filled {
        person: usize,
        /// Index into `Schedule::shifts`.
        shift: usize,
        first_day: bool,
        pinned: bool,
        /// Time off, opted out or not a member.
        problem: bool,
    },
}

/// Everything worked out from the organisation and schedule; rebuilt after
/// every edit (the coverage only when the organisation changed).
#[derive(Debug, Clone)]
pub struct Derived {
    pub coverage: Coverage,
    pub resolved: Resolved,
    /// `cells[rota][day]`.
    pub cells: Vec<Vec<CellState>>,
    pub loads: Vec<Load>,
    /// Pay over the whole horizon.
    pub pay: Remuneration,
    /// Every finding: the organisation's, the schedule's hard ones and the
    /// burnout rules', sorted.
    pub warnings: Vec<Warning>,
    /// Per person: named by a finding that puts them at risk (a burnout
    /// limit, on call when off or on two rotas).
    pub at_risk: Vec<bool>,
    pub org: OrgAnalysis,
    /// Slices needing cover on the busiest and quietest night, on average.
    pub head_count: (usize, usize, f64),
}

#[derive(Debug, Clone)]
struct Snapshot {
    org: Organisation,
    schedule: Schedule,
}

pub struct App {
    pub org_path: PathBuf,
    pub schedule_path: PathBuf,
    /// The organisation file's text as on disk.
    pub org_text: String,
    /// The organisation as on disk, to know what to write back.
    pub org_saved: Organisation,
    pub schedule_saved: Option<Schedule>,
    pub org: Organisation,
    pub schedule: Schedule,
    pub today: NaiveDate,
    pub derived: Derived,
    pub tab: Tab,
    pub mode: Mode,
    pub service_row: usize,
    pub person_row: usize,
    pub rota_row: usize,
    pub day: usize,
    pub warning_row: usize,
    /// Costs: `None` for the whole horizon, else the n-th month it touches.
    pub cost_month: Option<usize>,
    /// Pay over the costs period.
    pub cost_pay: Remuneration,
    pub status: String,
    pub export_path: String,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    pub running: bool,
}

impl App {
    pub fn new(
        org_path: PathBuf,
        org_text: String,
        org: Organisation,
        schedule_path: PathBuf,
        schedule: Option<Schedule>,
        today: NaiveDate,
    ) -> App {
        let saved = schedule.clone();
        let schedule = schedule.unwrap_or_else(|| {
            // A new plan for the next 13 weeks from the coming Monday.
            let start = rota_core::calendar::next_monday(today + chrono::Days::new(1));
            let horizon = Horizon::weeks(start, 13);
            let org_rel = org_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            rota_core::planner::plan_schedule(
                &org,
                &org_text,
                &org_rel,
                horizon,
                &rota_core::planner::PlanOptions::default(),
            )
            .0
        });
        let coverage = Coverage::build(&org, schedule.horizon());
        let derived = derive(&org, &org_text, &schedule, coverage, OrgAnalysis::of(&org));
        let export_path = org_path
            .with_file_name(format!(
                "{}.report.md",
                org_path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "rota".into())
            ))
            .display()
            .to_string();
        let cost_pay = derived.pay.clone();
        let mut app = App {
            org_path,
            schedule_path,
            org_text,
            org_saved: org.clone(),
            schedule_saved: saved,
            org,
            schedule,
            today,
            derived,
            tab: Tab::Overview,
            mode: Mode::Normal,
            service_row: 0,
            person_row: 0,
            rota_row: 0,
            day: 0,
            warning_row: 0,
            cost_month: None,
            cost_pay,
            status: String::new(),
            export_path,
            undo: Vec::new(),
            redo: Vec::new(),
            running: true,
        };
        if let Some(d) = app.derived.coverage.horizon.index_of(today) {
            app.day = d;
        }
        if app.schedule_saved.is_none() {
            app.status = "New schedule: not saved yet".into();
        }
        app
    }

    pub fn horizon(&self) -> Horizon {
        self.derived.coverage.horizon
    }

    pub fn org_edited(&self) -> bool {
        self.org != self.org_saved
    }

    pub fn unsaved(&self) -> bool {
        self.org_edited() || self.schedule_saved.as_ref() != Some(&self.schedule)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Called by the run loop once a save succeeded.
    pub fn saved(&mut self, org_text: String) {
        self.org_text = org_text;
        self.org_saved = self.org.clone();
        self.schedule_saved = Some(self.schedule.clone());
        self.status = format!("Saved {}", self.schedule_path.display());
    }

    /// The schedule as it will be written: sorted, with the digest of the
    /// organisation text it goes with.
    pub fn schedule_to_save(&self, org_text: &str) -> Schedule {
        let mut s = self.schedule.clone();
        s.organisation_digest = schedule::digest(org_text.as_bytes());
        s.generated_by = schedule::generator();
        s.sort();
        s
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            org: self.org.clone(),
            schedule: self.schedule.clone(),
        }
    }

    /// Runs an edit with undo: it changes nothing (and records nothing) when
    /// the edit returns false.
    fn edit(&mut self, what: &str, f: impl FnOnce(&mut App) -> bool) {
        let before = self.snapshot();
        if f(self) {
            self.undo.push(before.clone());
            self.redo.clear();
            let org_changed = before.org != self.org;
            self.recompute(org_changed);
            self.status = what.to_string();
        }
    }

    fn restore(&mut self, s: Snapshot) {
        let org_changed = s.org != self.org;
        self.org = s.org;
        self.schedule = s.schedule;
        self.recompute(org_changed);
    }

    pub fn recompute(&mut self, org_changed: bool) {
        let coverage = if org_changed {
            Coverage::build(&self.org, self.schedule.horizon())
        } else {
            std::mem::replace(
                &mut self.derived.coverage,
                Coverage::build(
                    &self.org,
                    Horizon::new(self.schedule.start, self.schedule.start),
                ),
            )
        };
        let org_analysis = if org_changed {
            OrgAnalysis::of(&self.org)
        } else {
            OrgAnalysis {
                warnings: std::mem::take(&mut self.derived.org.warnings),
                run_cost: self.derived.org.run_cost.clone(),
            }
        };
        self.derived = derive(
            &self.org,
            &self.org_text,
            &self.schedule,
            coverage,
            org_analysis,
        );
        self.refresh_cost_pay();
        self.clamp();
    }

    /// Re-costs the Costs tab's period (after an edit or a change of period).
    fn refresh_cost_pay(&mut self) {
        self.cost_pay = match self.cost_month {
            None => self.derived.pay.clone(),
            Some(_) => {
                let (range, _) = self.cost_period();
                let h = self.horizon();
                let from = h.start + chrono::Days::new(range.start as u64);
                let to = h.start + chrono::Days::new(range.end as u64);
                remuneration(&self.org, &self.derived.coverage, &self.schedule, from, to)
            }
        };
    }

    fn clamp(&mut self) {
        let rotas = self.derived.coverage.rotas.len();
        self.rota_row = self.rota_row.min(rotas.saturating_sub(1));
        self.day = self.day.min(self.horizon().len().saturating_sub(1));
        self.service_row = self
            .service_row
            .min(self.org.services.len().saturating_sub(1));
        self.person_row = self.person_row.min(self.org.people.len().saturating_sub(1));
        self.warning_row = self
            .warning_row
            .min(self.derived.warnings.len().saturating_sub(1));
    }

    pub fn cell(&self, rota: usize, day: usize) -> CellState {
        self.derived
            .cells
            .get(rota)
            .and_then(|r| r.get(day))
            .copied()
            .unwrap_or(CellState::NoCover)
    }

    /// The assignment under the cursor, if any.
    fn assignment_at(&self, rota: usize, day: usize) -> Option<schedule::Assignment> {
        match self.cell(rota, day) {
            CellState::Filled { shift, .. } => self
                .derived
                .resolved
                .assignments
                .iter()
                .find(|a| a.shift == shift)
                .copied(),
            _ => None,
        }
    }

    /// The first day of every month the horizon touches.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut out: Vec<NaiveDate> = Vec::new();
        for d in self.horizon().dates() {
            let first = d.with_day(1).unwrap_or(d);
            if out.last() != Some(&first) {
                out.push(first);
            }
        }
        out
    }

    /// The costs period as day indices and a label.
    pub fn cost_period(&self) -> (std::ops::Range<usize>, String) {
        let h = self.horizon();
        let months = self.months();
        match self.cost_month.and_then(|m| months.get(m)) {
            Some(&first) => {
                let next = first
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(first);
                let from = h.index_of(first).unwrap_or(0);
                let to = h.index_of(next).unwrap_or(h.len());
                (from..to, first.format("%B %Y").to_string())
            }
            None => (0..h.len(), "the horizon".to_string()),
        }
    }

    /// The nights a pick on the cell would cover: the shift there, else the
    /// still-empty part of the rota's shift window around the day.
    pub fn pick_range(&self, rota: usize, day: usize) -> std::ops::Range<usize> {
        if let Some(a) = self.assignment_at(rota, day) {
            return a.days();
        }
        let Some((first, len)) = schedule::edit::window_at(&self.derived.coverage, rota, day)
        else {
            return day..day + 1;
        };
        let mut lo = day;
        while lo > first && self.cell(rota, lo - 1) == CellState::Unfilled {
            lo -= 1;
        }
        let mut hi = day + 1;
        while hi < first + len && self.cell(rota, hi) == CellState::Unfilled {
            hi += 1;
        }
        lo..hi
    }

    /// For the picker: is the person off, or on another rota, on any night
    /// of the range?
    pub fn pick_notes(&self, rota: usize, day: usize, person: usize) -> (bool, bool) {
        let range = self.pick_range(rota, day);
        let p = &self.org.people[person];
        let off = range.clone().any(|d| p.is_off(self.horizon().date(d)));
        let busy = range.into_iter().any(|d| {
            (0..self.derived.cells.len()).any(|r| {
                r != rota
                    && matches!(self.cell(r, d), CellState::Filled { person: q, .. } if q == person)
            })
        });
        (off, busy)
    }

    /// People who may take the cell, most lightly loaded first.
    pub fn candidates(&self, rota: usize, day: usize) -> Vec<usize> {
        let Some(cover) = self.derived.coverage.cover(rota, day) else {
            return Vec::new();
        };
        let mut people = cover.members.clone();
        people.sort_by_key(|&p| (self.derived.loads[p].slices, p));
        people
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
) -> Derived {
    let resolved = schedule::resolve(org, &coverage, schedule);
    let days = coverage.horizon.len();
    let mut cells: Vec<Vec<CellState>> = (0..coverage.rotas.len())
        .map(|r| {
            (0..days)
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
    for a in &resolved.assignments {
        let shift = &schedule.shifts[a.shift];
        let person = &org.people[a.person];
        for d in a.days() {
            let Some(slice) = coverage.slices.get(d) else {
                continue;
            };
            let off = person.is_off(slice.date);
            let member = coverage.is_member(a.rota, d, a.person);
            cells[a.rota][d] = CellState::Filled {
                person: a.person,
                shift: a.shift,
                first_day: d == a.first_day,
                pinned: shift.pinned,
                problem: off || !member,
            };
        }
    }
    let pay = remuneration(
        org,
        &coverage,
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
    let mut warnings = org_analysis.warnings.clone();
    warnings.extend(rota_core::findings::schedule_checks(
        org, org_text, &coverage, schedule,
    ));
    rota_core::findings::sort(&mut warnings);
    let mut at_risk = vec![false; org.people.len()];
    let index: std::collections::HashMap<&str, usize> = org
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    for id in warnings
        .iter()
        .filter(|w| rota_core::findings::puts_people_at_risk(w.code))
        .flat_map(|w| &w.people)
    {
        if let Some(&p) = index.get(id.as_str()) {
            at_risk[p] = true;
        }
    }
    let per_night: Vec<usize> = (0..days)
        .map(|d| {
            (0..coverage.rotas.len())
                .filter(|&r| coverage.needs_cover(r, d))
                .count()
        })
        .collect();
    let head_count = (
        per_night.iter().copied().min().unwrap_or(0),
        per_night.iter().copied().max().unwrap_or(0),
        if days == 0 {
            0.0
        } else {
            per_night.iter().sum::<usize>() as f64 / days as f64
        },
    );
    Derived {
        coverage,
        resolved,
        cells,
        loads,
        pay,
        warnings,
        at_risk,
        org: org_analysis,
        head_count,
    }
}

/// Parses `FROM TO [reason…]`.
pub fn parse_time_off(input: &str) -> Result<TimeOff, String> {
    let mut words = input.split_whitespace();
    let date = |w: Option<&str>, what: &str| -> Result<NaiveDate, String> {
        let w = w.ok_or_else(|| format!("missing the {what} date (YYYY-MM-DD)"))?;
        NaiveDate::parse_from_str(w, "%Y-%m-%d")
            .map_err(|_| format!("\"{w}\" is not a date (YYYY-MM-DD)"))
    };
    let from = date(words.next(), "first")?;
    let to = date(words.next(), "last")?;
    if to < from {
        return Err(format!("{to} is before {from}"));
    }
    let reason = words.collect::<Vec<_>>().join(" ");
    Ok(TimeOff {
        from,
        to,
        reason: if reason.is_empty() {
            "leave".into()
        } else {
            reason
        },
    })
}

fn step(i: usize, n: usize, down: bool) -> usize {
    if n == 0 {
        0
    } else if down {
        (i + 1).min(n - 1)
    } else {
        i.saturating_sub(1)
    }
}

/// The one place state changes.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match app.mode.clone() {
        Mode::Help => {
            if matches!(
                action,
                Action::Cancel | Action::Help | Action::Select | Action::Quit
            ) {
                app.mode = Mode::Normal;
            }
            return Vec::new();
        }
        Mode::ConfirmQuit => {
            return match action {
                Action::Confirm => {
                    app.running = false;
                    vec![Effect::Quit]
                }
                Action::Save => {
                    app.mode = Mode::Normal;
                    vec![Effect::SaveAndQuit]
                }
                _ => {
                    app.mode = Mode::Normal;
                    app.status = "Not quitting".into();
                    Vec::new()
                }
            };
        }
        Mode::Picker {
            candidates,
            selected,
        } => {
            match action {
                Action::Up | Action::Down => {
                    let s = step(selected, candidates.len(), action == Action::Down);
                    app.mode = Mode::Picker {
                        candidates,
                        selected: s,
                    };
                }
                Action::Select | Action::Assign => {
                    app.mode = Mode::Normal;
                    if let Some(&person) = candidates.get(selected) {
                        assign(app, person);
                    }
                }
                Action::Cancel | Action::Quit => app.mode = Mode::Normal,
                _ => {}
            }
            return Vec::new();
        }
        Mode::Prompt { kind, mut input } => {
            match action {
                Action::Input(c) => {
                    input.push(c);
                    app.mode = Mode::Prompt { kind, input };
                }
                Action::Backspace => {
                    input.pop();
                    app.mode = Mode::Prompt { kind, input };
                }
                Action::ClearInput => {
                    app.mode = Mode::Prompt {
                        kind,
                        input: String::new(),
                    }
                }
                Action::Cancel => app.mode = Mode::Normal,
                Action::Select => {
                    app.mode = Mode::Normal;
                    return submit(app, kind, input.trim());
                }
                _ => {}
            }
            return Vec::new();
        }
        Mode::Normal => {}
    }

    match action {
        Action::Quit => {
            if app.unsaved() {
                app.mode = Mode::ConfirmQuit;
            } else {
                app.running = false;
                return vec![Effect::Quit];
            }
        }
        Action::Help => app.mode = Mode::Help,
        Action::NextTab => app.tab = Tab::ALL[(app.tab.index() + 1) % Tab::ALL.len()],
        Action::PrevTab => {
            app.tab = Tab::ALL[(app.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
        }
        Action::GoTab(t) => app.tab = t,
        Action::Up | Action::Down => {
            let down = action == Action::Down;
            match app.tab {
                Tab::Services => {
                    app.service_row = step(app.service_row, app.org.services.len(), down)
                }
                Tab::People | Tab::Costs => {
                    app.person_row = step(app.person_row, app.org.people.len(), down)
                }
                Tab::Rota => {
                    app.rota_row = step(app.rota_row, app.derived.coverage.rotas.len(), down)
                }
                Tab::Warnings => {
                    app.warning_row = step(app.warning_row, app.derived.warnings.len(), down)
                }
                Tab::Overview => {}
            }
        }
        Action::Left => move_day(app, -1),
        Action::Right => move_day(app, 1),
        Action::NextWeek => move_day(app, 7),
        Action::PrevWeek => move_day(app, -7),
        Action::NextMonth | Action::PrevMonth => {
            let date = app.horizon().date(app.day);
            let target = if action == Action::NextMonth {
                date.checked_add_months(chrono::Months::new(1))
            } else {
                date.checked_sub_months(chrono::Months::new(1))
            };
            if let Some(t) = target {
                let t = t
                    .with_day(1)
                    .filter(|_| action == Action::NextMonth)
                    .unwrap_or(t);
                let delta = (t - date).num_days();
                move_day(app, delta);
            }
        }
        Action::NextPeriod => {
            let n = app.months().len();
            app.cost_month = match app.cost_month {
                None if n > 0 => Some(0),
                Some(m) if m + 1 < n => Some(m + 1),
                Some(_) | None => None,
            };
            app.refresh_cost_pay();
        }
        Action::PrevPeriod => {
            let n = app.months().len();
            app.cost_month = match app.cost_month {
                None => n.checked_sub(1),
                Some(0) => None,
                Some(m) => Some(m - 1),
            };
            app.refresh_cost_pay();
        }
        Action::Undo => match app.undo.pop() {
            Some(s) => {
                let now = app.snapshot();
                app.redo.push(now);
                app.restore(s);
                app.status = "Undone".into();
            }
            None => app.status = "Nothing to undo".into(),
        },
        Action::Redo => match app.redo.pop() {
            Some(s) => {
                let now = app.snapshot();
                app.undo.push(now);
                app.restore(s);
                app.status = "Redone".into();
            }
            None => app.status = "Nothing to redo".into(),
        },
        Action::Save => return vec![Effect::Save],
        Action::Export => {
            app.mode = Mode::Prompt {
                kind: PromptKind::Export,
                input: app.export_path.clone(),
            }
        }
        Action::Select => match app.tab {
            Tab::Rota => open_picker(app),
            Tab::Services => return update(app, Action::EditExposure),
            Tab::Warnings => jump(app),
            _ => {}
        },
        Action::Cancel => app.status.clear(),
        Action::EditExposure => {
            if let Some(s) = app.org.services.get(app.service_row) {
                app.mode = Mode::Prompt {
                    kind: PromptKind::Exposure(app.service_row),
                    input: rota_core::display::format_exposure(s.hourly_exposure).replace(',', ""),
                };
            }
        }
        Action::AddTimeOff => {
            if app.person_row < app.org.people.len() {
                let d = app.horizon().date(app.day);
                app.mode = Mode::Prompt {
                    kind: PromptKind::TimeOff(app.person_row),
                    input: format!("{d} {d} leave"),
                };
            }
        }
        Action::RemoveTimeOff => {
            let p = app.person_row;
            app.edit("Time off removed", |app| {
                p < app.org.people.len() && app.org.people.edit(p).time_off.pop().is_some()
            });
        }
        Action::ToggleOptIn => {
            let p = app.person_row;
            if let Some(person) = app.org.people.get(p) {
                let msg = if person.on_call {
                    format!("{} opted out of on-call", person.name)
                } else {
                    format!("{} opted in to on-call", person.name)
                };
                app.edit(&msg, |app| {
                    let mut person = app.org.people.edit(p);
                    person.on_call = !person.on_call;
                    true
                });
            }
        }
        Action::Assign => open_picker(app),
        Action::TogglePin => {
            if let Some(a) = app.assignment_at(app.rota_row, app.day) {
                app.edit("Pin toggled", |app| {
                    let s = &mut app.schedule.shifts[a.shift];
                    s.pinned = !s.pinned;
                    true
                });
            }
        }
        Action::Split => {
            if let Some(a) = app.assignment_at(app.rota_row, app.day) {
                let day = app.day;
                app.status.clear();
                app.edit("Shift split", |app| {
                    schedule::edit::split_shift(
                        &mut app.schedule,
                        &app.derived.coverage,
                        a.shift,
                        a.first_day,
                        a.days,
                        day,
                    )
                });
                if app.status != "Shift split" {
                    app.status = "Split on a day after the shift's first".into();
                }
            }
        }
        Action::Clear => {
            if let Some(a) = app.assignment_at(app.rota_row, app.day) {
                app.edit("Shift cleared", |app| {
                    app.schedule.shifts.remove(a.shift);
                    true
                });
            }
        }
        Action::SelectCell(rota, day) => {
            if rota < app.derived.coverage.rotas.len() && day < app.horizon().len() {
                app.rota_row = rota;
                app.day = day;
            }
        }
        Action::ShowPerson => match app.cell(app.rota_row, app.day) {
            CellState::Filled { person, .. } => {
                app.tab = Tab::People;
                app.person_row = person;
            }
            _ => app.status = "Nobody is on this night".into(),
        },
        Action::Replan => {
            app.status.clear();
            app.edit("Re-planned the horizon, keeping pins", |app| {
                let plan = rota_core::planner::plan(
                    &app.org,
                    &app.derived.coverage,
                    &rota_core::planner::PlanOptions {
                        existing: Some(&app.schedule),
                        previous: None,
                    },
                );
                let changed = plan.shifts != app.schedule.shifts;
                app.schedule.shifts = plan.shifts;
                app.schedule.sort();
                changed
            });
            if app.status != "Re-planned the horizon, keeping pins" {
                app.status = "Re-planning changes nothing".into();
            }
        }
        Action::Input(_) | Action::Backspace | Action::ClearInput | Action::Confirm => {}
    }
    Vec::new()
}

fn move_day(app: &mut App, delta: i64) {
    let n = app.horizon().len() as i64;
    if n == 0 {
        return;
    }
    app.day = (app.day as i64 + delta).clamp(0, n - 1) as usize;
}

fn open_picker(app: &mut App) {
    if app.tab != Tab::Rota {
        return;
    }
    let candidates = app.candidates(app.rota_row, app.day);
    if candidates.is_empty() {
        app.status = "Nobody can take this cell: the rota needs no cover then".into();
        return;
    }
    let current = match app.cell(app.rota_row, app.day) {
        CellState::Filled { person, .. } => candidates.iter().position(|&p| p == person),
        _ => None,
    };
    app.mode = Mode::Picker {
        candidates,
        selected: current.unwrap_or(0),
    };
}

/// Gives the cell to a person: the whole shift when one is there (a swap),
/// else the rota's shift window around the day.
fn assign(app: &mut App, person: usize) {
    let (rota, day) = (app.rota_row, app.day);
    let name = app.org.people[person].name.clone();
    if let Some(a) = app.assignment_at(rota, day) {
        if a.person == person {
            return;
        }
        app.edit(&format!("Shift given to {name}"), |app| {
            app.schedule.shifts[a.shift].person = app.org.people[person].id.clone();
            true
        });
        return;
    }
    if app.cell(rota, day) != CellState::Unfilled {
        return;
    }
    // Only the still-empty run of days around the cursor inside its window.
    let std::ops::Range { start: lo, end: hi } = app.pick_range(rota, day);
    if let Some(shift) =
        schedule::edit::make_shift(&app.org, &app.derived.coverage, rota, lo, hi - lo, person)
    {
        app.edit(&format!("Shift given to {name}"), |app| {
            app.schedule.shifts.push(shift);
            app.schedule.sort();
            true
        });
        // On to the next night, so a rota can be filled Enter after Enter.
        app.day = hi.min(app.horizon().len().saturating_sub(1));
    }
}

fn submit(app: &mut App, kind: PromptKind, input: &str) -> Vec<Effect> {
    match kind {
        PromptKind::Exposure(s) => match input.replace([',', '_'], "").parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 0.0 => {
                let id = app.org.services[s].id.clone();
                app.edit(&format!("{id}: exposure set"), |app| {
                    let old = app.org.services[s].hourly_exposure;
                    app.org.services.edit(s).hourly_exposure = x;
                    old != x
                });
            }
            _ => app.status = format!("\"{input}\" is not an hourly exposure (a number >= 0)"),
        },
        PromptKind::TimeOff(p) => match parse_time_off(input) {
            Ok(t) => {
                let msg = format!("Time off added for {}", app.org.people[p].name);
                app.edit(&msg, |app| {
                    app.org.people.edit(p).time_off.push(t);
                    true
                });
            }
            Err(e) => app.status = e,
        },
        PromptKind::Export => {
            if input.is_empty() {
                app.status = "No path given: nothing exported".into();
            } else {
                app.export_path = input.to_string();
                return vec![Effect::Export(PathBuf::from(input))];
            }
        }
    }
    Vec::new()
}

/// Warnings tab: go to what the selected warning is about.
fn jump(app: &mut App) {
    let Some(w) = app.derived.warnings.get(app.warning_row).cloned() else {
        return;
    };
    if let (Some(rota), Some(from)) = (&w.rota, w.from)
        && let Some(r) = app.derived.coverage.rota_index(rota)
    {
        app.tab = Tab::Rota;
        app.rota_row = r;
        if let Some(d) = app.horizon().index_of(from) {
            app.day = d;
        }
        return;
    }
    if let Some(p) = w.people.first().and_then(|id| app.org.person_index(id)) {
        app.tab = Tab::People;
        app.person_row = p;
        return;
    }
    if let Some(s) = w.services.first().and_then(|id| app.org.service_index(id)) {
        app.tab = Tab::Services;
        app.service_row = s;
        return;
    }
    app.status = "This warning is about the whole organisation".into();
}

/// Warning counts by severity: (errors, warnings).
pub fn severity_counts(warnings: &[Warning]) -> (usize, usize) {
    let errors = warnings
        .iter()
        .filter(|w| w.severity == Severity::Error)
        .count();
    (errors, warnings.len() - errors)
}
