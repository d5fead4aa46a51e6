//! The TUI's state: the organisation and schedule being edited, where the
//! cursor is on each tab, the mode (a picker, a prompt, the quit guard) and
//! the undo history. Edits go through [`App::edit`], which records undo and
//! says by its return value whether anything changed.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use rota_core::analysis::{Remuneration, remuneration};
use rota_core::calendar::Horizon;
use rota_core::org::Organisation;
use rota_core::rotas::Coverage;
use rota_core::schedule::{self, Schedule};

use crate::tui::strings;

use super::derived::{CellState, Derived, OrgAnalysis, derive};

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
            Tab::Overview => strings::TAB_OVERVIEW,
            Tab::Services => strings::TAB_SERVICES,
            Tab::People => strings::TAB_PEOPLE,
            Tab::Rota => strings::TAB_ROTA,
            Tab::Costs => strings::TAB_COSTS,
            Tab::Warnings => strings::TAB_WARNINGS,
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Exposure(usize),
    TimeOff(usize),
    /// Opting a person out (`false`) or in (`true`) from a date.
    OptFrom(usize, bool),
    Export,
    /// A callout on a worked night: `replace` is the recorded callout an
    /// edit changes, `None` to add one.
    Callout {
        rota: usize,
        day: usize,
        person: usize,
        replace: Option<usize>,
    },
}

impl PromptKind {
    pub fn label(&self) -> String {
        match self {
            PromptKind::Exposure(_) => strings::PROMPT_EXPOSURE_FROM.into(),
            PromptKind::TimeOff(_) => strings::PROMPT_TIME_OFF.into(),
            PromptKind::OptFrom(_, false) => strings::PROMPT_OPT_OUT_FROM.into(),
            PromptKind::OptFrom(_, true) => strings::PROMPT_OPT_IN_FROM.into(),
            PromptKind::Export => strings::prompt_export(),
            PromptKind::Callout { .. } => strings::PROMPT_CALLOUT.into(),
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
    /// What a re-plan or a roll forward changed: shifts moved, per person
    /// the shifts gained and lost and the pay change. Any close key shuts it.
    Changes(String),
}

/// What an edit did, as [`App::edit`] returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    /// The organisation or the schedule changed; undo has the state before.
    Changed,
    /// There was nothing to change; no undo was recorded.
    Unchanged,
}

/// The state an undo goes back to.
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
    /// Now: shifts that started before it are history, which no edit
    /// changes. The start of `--today` when given, else the clock when the
    /// planner opened; the command line draws the same line.
    now: chrono::DateTime<chrono::Utc>,
    pub derived: Derived,
    pub tab: Tab,
    pub mode: Mode,
    pub service_row: usize,
    pub person_row: usize,
    pub rota_row: usize,
    /// The Rota tab's cursor: an index into the horizon's slices (a column
    /// of the grid; the screen calls it a night).
    pub slice: usize,
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
    /// Work out the organisation's own analysis (its typical year's rotas,
    /// findings and run cost) on another thread after an organisation edit,
    /// so the keystroke does not wait for it; the TUI sets this, tests and
    /// benches leave it off and get every edit's result at once.
    pub background: bool,
    /// That analysis while it is being worked out; the views show a busy
    /// marker until it arrives.
    pending_org: Option<std::sync::mpsc::Receiver<OrgAnalysis>>,
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
        let now = schedule::start_of_day(&org, today);
        App::new_at(org_path, org_text, org, schedule_path, schedule, now)
    }

    /// [`App::new`] with "now" an instant (the clock's, when no date is
    /// given): today is its date in the organisation's time zone.
    pub fn new_at(
        org_path: PathBuf,
        org_text: String,
        org: Organisation,
        schedule_path: PathBuf,
        schedule: Option<Schedule>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> App {
        let today = now.with_timezone(&org.timezone).date_naive();
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
        let derived = derive(
            &org,
            &org_text,
            &schedule,
            coverage,
            OrgAnalysis::of(&org),
            now,
        );
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
            now,
            derived,
            tab: Tab::Overview,
            mode: Mode::Normal,
            service_row: 0,
            person_row: 0,
            rota_row: 0,
            slice: 0,
            warning_row: 0,
            cost_month: None,
            cost_pay,
            status: String::new(),
            export_path,
            undo: Vec::new(),
            redo: Vec::new(),
            running: true,
            background: false,
            pending_org: None,
        };
        if let Some(d) = app.derived.coverage.horizon.index_of(today) {
            app.slice = d;
        }
        if app.schedule_saved.is_none() {
            app.status = strings::NEW_SCHEDULE.into();
        }
        app
    }

    pub fn horizon(&self) -> Horizon {
        self.derived.coverage.horizon
    }

    /// Now: shifts that started before it are history, which no edit
    /// changes (see the field).
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.now
    }

    /// Is the night `day` history (its slice started before now)?
    pub fn is_past(&self, day: usize) -> bool {
        day < self.derived.history_slices
    }

    /// Would an edit of the cell change history? The shift there started
    /// before now, or the night itself did.
    pub fn is_history_cell(&self, rota: usize, day: usize) -> bool {
        match self.cell(rota, day) {
            CellState::Filled { history, .. } => history,
            _ => self.is_past(day),
        }
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
        self.status = strings::saved(self.schedule_path.display());
    }

    /// The schedule as it will be written: sorted, with the digest of the
    /// organisation text it goes with, and revised against the file as last
    /// loaded or saved (a new revision, stamped at the start of today, when
    /// its shifts changed; see `schedule::revise`).
    pub fn schedule_to_save(&self, org_text: &str) -> Schedule {
        let mut s = self.schedule.clone();
        s.organisation_digest = schedule::digest(org_text.as_bytes());
        s.generated_by = schedule::generator();
        s.sort();
        if let Some(saved) = &self.schedule_saved {
            let now = rota_core::calendar::local_instant(
                self.org.timezone,
                self.today,
                chrono::NaiveTime::MIN,
            );
            schedule::revise(saved, &mut s, now);
        }
        s
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            org: self.org.clone(),
            schedule: self.schedule.clone(),
        }
    }

    /// Runs an edit with undo. When the edit returns true, the state before
    /// it goes on the undo stack, everything derived is rebuilt and the
    /// status becomes `done`; when it returns false, nothing is recorded and
    /// the status is left alone. The caller learns which from the result,
    /// so it can say why nothing changed.
    pub(super) fn edit(&mut self, done: &str, f: impl FnOnce(&mut App) -> bool) -> Edited {
        let before = self.snapshot();
        if !f(self) {
            return Edited::Unchanged;
        }
        self.undo.push(before.clone());
        self.redo.clear();
        let org_changed = before.org != self.org;
        self.recompute(org_changed);
        self.status = done.to_string();
        Edited::Changed
    }

    /// Goes back one edit, keeping the present for redo; false when there
    /// is nothing to undo.
    pub(super) fn undo_edit(&mut self) -> bool {
        let Some(s) = self.undo.pop() else {
            return false;
        };
        let now = self.snapshot();
        self.redo.push(now);
        self.restore(s);
        true
    }

    /// Goes forward one undone edit; false when there is nothing to redo.
    pub(super) fn redo_edit(&mut self) -> bool {
        let Some(s) = self.redo.pop() else {
            return false;
        };
        let now = self.snapshot();
        self.undo.push(now);
        self.restore(s);
        true
    }

    fn restore(&mut self, s: Snapshot) {
        let org_changed = s.org != self.org;
        self.org = s.org;
        self.schedule = s.schedule;
        self.recompute(org_changed);
    }

    pub fn recompute(&mut self, org_changed: bool) {
        // A new horizon (the schedule rolled forward, or that undone) needs
        // its coverage built too.
        let org_changed = org_changed || self.derived.coverage.horizon != self.schedule.horizon();
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
        let org_analysis = if org_changed && self.background {
            // Shown with the analysis before the edit until the new one is in.
            let (tx, rx) = std::sync::mpsc::channel();
            let org = self.org.clone();
            std::thread::spawn(move || {
                let _ = tx.send(OrgAnalysis::of(&org));
            });
            self.pending_org = Some(rx);
            OrgAnalysis {
                warnings: std::mem::take(&mut self.derived.org.warnings),
                run_cost: self.derived.org.run_cost.clone(),
            }
        } else if org_changed {
            self.pending_org = None;
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
            self.now(),
        );
        self.refresh_cost_pay();
        self.clamp();
    }

    /// Whether the organisation's analysis is still being worked out.
    pub fn is_busy(&self) -> bool {
        self.pending_org.is_some()
    }

    /// Takes the organisation's analysis when it has arrived; true when it
    /// did (the screen then needs a redraw).
    pub fn poll_background(&mut self) -> bool {
        let Some(rx) = &self.pending_org else {
            return false;
        };
        match rx.try_recv() {
            Ok(analysis) => {
                self.pending_org = None;
                self.derived.with_org_analysis(&self.org, analysis);
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                // The worker died: work it out here instead.
                self.pending_org = None;
                let analysis = OrgAnalysis::of(&self.org);
                self.derived.with_org_analysis(&self.org, analysis);
                true
            }
        }
    }

    /// Waits for the organisation's analysis, before anything that must see
    /// every finding (saving, exporting).
    pub fn settle(&mut self) {
        if let Some(rx) = self.pending_org.take() {
            let analysis = rx.recv().unwrap_or_else(|_| OrgAnalysis::of(&self.org));
            self.derived.with_org_analysis(&self.org, analysis);
        }
    }

    /// Re-costs the Costs tab's period (after an edit or a change of period).
    pub(super) fn refresh_cost_pay(&mut self) {
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
        self.slice = self.slice.min(self.horizon().len().saturating_sub(1));
        self.service_row = self
            .service_row
            .min(self.org.services.len().saturating_sub(1));
        self.person_row = self.person_row.min(self.org.people.len().saturating_sub(1));
        self.warning_row = self
            .warning_row
            .min(self.derived.warnings.len().saturating_sub(1));
    }

    pub fn cell(&self, rota: usize, slice: usize) -> CellState {
        self.derived
            .cells
            .get(rota)
            .and_then(|r| r.get(slice))
            .copied()
            .unwrap_or(CellState::NoCover)
    }

    /// The assignment under the cursor, if any.
    pub(super) fn assignment_at(&self, rota: usize, slice: usize) -> Option<schedule::Assignment> {
        match self.cell(rota, slice) {
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

    /// The costs period as slice indices and a label.
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
            None => (0..h.len(), strings::WHOLE_HORIZON.to_string()),
        }
    }

    /// The nights a pick on the cell would cover: the shift there, else the
    /// still-empty part of the rota's shift window around the slice.
    pub fn pick_range(&self, rota: usize, slice: usize) -> std::ops::Range<usize> {
        if let Some(a) = self.assignment_at(rota, slice) {
            return a.slice_range();
        }
        let Some((first, len)) = schedule::edit::window_at(&self.derived.coverage, rota, slice)
        else {
            return slice..slice + 1;
        };
        let mut lo = slice;
        while lo > first && !self.is_past(lo - 1) && self.cell(rota, lo - 1) == CellState::Unfilled
        {
            lo -= 1;
        }
        let mut hi = slice + 1;
        while hi < first + len && self.cell(rota, hi) == CellState::Unfilled {
            hi += 1;
        }
        lo..hi
    }

    /// For the picker: is the person off, or on another rota, on any night
    /// of the range?
    pub fn pick_notes(&self, rota: usize, slice: usize, person: usize) -> (bool, bool) {
        let range = self.pick_range(rota, slice);
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
    pub fn candidates(&self, rota: usize, slice: usize) -> Vec<usize> {
        let Some(cover) = self.derived.coverage.cover(rota, slice) else {
            return Vec::new();
        };
        let mut people = cover.members.clone();
        people.sort_by_key(|&p| (self.derived.loads[p].slices, p));
        people
    }
}
