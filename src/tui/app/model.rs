//! The TUI's state: the organisation and schedule being edited, where the
//! cursor is on each tab, the mode (a picker, a prompt, the quit guard) and
//! the undo history. Edits go through [`App::edit`], which records undo and
//! says by its return value whether anything changed.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use rota_core::analysis::{Remuneration, remuneration};
use rota_core::calendar::Horizon;
use rota_core::org::Organisation;
use rota_core::rotas::Coverage;
use rota_core::schedule::{self, Role, Schedule};

use crate::tui::strings;

use super::derived::{CellState, Derived, OrgAnalysis, ScheduleAnalysis, derive, derive_shared};
use super::worker::{Cover, Job, OrgWorker, Output, Worker, build_grid};

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
    /// The prompt's question, naming what it is about.
    pub fn label(&self, app: &App) -> String {
        let person = |p: usize| {
            app.org
                .people
                .get(p)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        match self {
            PromptKind::Exposure(s) => strings::prompt_exposure(
                app.org
                    .services
                    .get(*s)
                    .map(|s| s.id.as_str())
                    .unwrap_or(""),
                &app.org.currency,
            ),
            PromptKind::TimeOff(p) => strings::prompt_time_off(&person(*p)),
            PromptKind::OptFrom(p, opt_in) => strings::prompt_opt_from(&person(*p), *opt_in),
            PromptKind::Export => strings::prompt_export(app.tab == Tab::Rota),
            PromptKind::Callout { day, person: p, .. } => {
                strings::prompt_callout(&person(*p), app.horizon().date(*day))
            }
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
    /// An export would replace this existing file: replace it, or not.
    ConfirmReplace(PathBuf),
    /// The picker's choice breaks a hard rule: give it anyway, or go back
    /// to the picker as it was.
    ConfirmPick {
        candidates: Vec<usize>,
        selected: usize,
    },
    /// What a re-plan or a roll forward changed: shifts moved, per person
    /// the shifts gained and lost and the pay change. Any close key shuts it.
    Changes(String),
}

/// What giving a rota cell to one person would do, for the picker.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PickNotes {
    /// They hold the cell already.
    pub holder: bool,
    /// On time off on a night of it (a hard rule).
    pub off: bool,
    /// On call on another rota, in either role, on a night of it (a hard
    /// rule).
    pub busy: bool,
    /// Holds the rota's other role on a night of it: primary and secondary
    /// must be two people (a hard rule).
    pub other_role: bool,
    /// Fewer free nights than the rules want before or after it.
    pub short_rest: bool,
    /// Over the rolling on-call share in a window that holds it.
    pub share: bool,
    /// More nights in a row than the rules allow.
    pub in_a_row: bool,
}

impl PickNotes {
    /// Would the choice break a hard rule (an error in the checks)?
    pub fn hard(&self) -> bool {
        self.hard_count() > 0
    }

    /// How many hard rules it would break: the first of [`Self::broken`].
    pub fn hard_count(&self) -> usize {
        usize::from(self.off) + usize::from(self.busy) + usize::from(self.other_role)
    }

    /// Would it break a burnout limit (a warning in the checks)?
    pub fn strains(&self) -> bool {
        self.short_rest || self.share || self.in_a_row
    }

    /// What it would break, in the words of the picker, hard rules first.
    pub fn broken(&self) -> Vec<&'static str> {
        [
            (self.off, strings::PICK_OFF),
            (self.busy, strings::PICK_BUSY),
            (self.other_role, strings::PICK_OTHER_ROLE),
            (self.short_rest, strings::PICK_REST),
            (self.share, strings::PICK_SHARE),
            (self.in_a_row, strings::PICK_IN_A_ROW),
        ]
        .into_iter()
        .filter_map(|(b, s)| b.then_some(s))
        .collect()
    }
}

/// What an edit did, as [`App::edit`] returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    /// The organisation or the schedule changed; undo has the state before.
    Changed,
    /// There was nothing to change; no undo was recorded.
    Unchanged,
}

/// The state an undo goes back to; shared, so an edit that leaves the
/// organisation alone copies nothing of it.
#[derive(Debug, Clone)]
struct Snapshot {
    org: Arc<Organisation>,
    schedule: Arc<Schedule>,
}

/// A copy of the organisation `of`, made on another thread: `ready` once
/// taken from `rx`.
struct Spare {
    of: Arc<Organisation>,
    rx: std::sync::mpsc::Receiver<Organisation>,
    ready: Option<Organisation>,
}

/// Drops `t` on another thread: an organisation of 10,000 people takes
/// milliseconds to free, which a keystroke should not wait for.
fn drop_later<T: Send + 'static>(t: T) {
    std::thread::spawn(move || drop(t));
}

pub struct App {
    pub org_path: PathBuf,
    pub schedule_path: PathBuf,
    /// The organisation file's text as on disk.
    pub org_text: String,
    /// The organisation as on disk, to know what to write back.
    pub org_saved: Arc<Organisation>,
    pub schedule_saved: Option<Schedule>,
    /// Shared with the undo history and the threads that analyse it; an
    /// edit changes it through [`App::org_mut`].
    pub org: Arc<Organisation>,
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
    /// The Rota tab's cursor row within its rota: the primaries, or the
    /// secondaries on the row under them (a rota that needs a secondary).
    pub rota_role: Role,
    /// The Rota tab's cursor: an index into the horizon's slices (a column
    /// of the grid; the screen calls it a night).
    pub slice: usize,
    pub warning_row: usize,
    /// The help overlay's first line shown.
    pub help_scroll: usize,
    /// How many lines the help overlay has with the keymap in use, and how
    /// many rows the screen's body has: the run loop keeps both current so
    /// scrolling stops at the last page.
    pub help_len: usize,
    pub body_rows: u16,
    /// How many columns the screen's body has (the run loop keeps it
    /// current), so the changes overlay knows how its lines wrap.
    pub body_cols: u16,
    /// The changes overlay's first line shown.
    pub changes_scroll: usize,
    /// The Overview's first line shown, and how many lines it has as
    /// wrapped on the screen (the run loop keeps it current).
    pub overview_scroll: usize,
    pub overview_len: usize,
    /// Costs: `None` for the whole horizon, else the n-th month it touches.
    pub cost_month: Option<usize>,
    /// Pay over the costs period.
    pub cost_pay: Remuneration,
    pub status: String,
    /// The last path exported to, if any; the export prompt offers it
    /// again when it is of the tab's kind.
    pub export_path: String,
    /// Why the open prompt's entry could not be read; shown in the prompt.
    pub prompt_error: Option<String>,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    pub running: bool,
    /// Work out the organisation's own analysis (its typical year's rotas,
    /// findings and run cost) after an organisation edit, and the
    /// schedule's (findings, pay, loads) after any edit, on other threads,
    /// so the keystroke waits only for the grid; the TUI sets this, tests
    /// leave it off and get every edit's result at once.
    pub background: bool,
    /// Now follows the clock while the planner is open (no `--today` was
    /// given); the run loop moves it on.
    pub follow_clock: bool,
    /// That analysis while it is being worked out, by the organisation edit
    /// counted in `org_edits`; the views show a busy marker until it
    /// arrives.
    pending_org: Option<u64>,
    org_edits: u64,
    /// The thread that works it out, started with the first organisation
    /// edit made with `background` on.
    org_worker: Option<OrgWorker>,
    /// The thread that analyses the schedule after an edit, started with
    /// the first edit made with `background` on.
    worker: Option<Worker>,
    /// Edits made, counted; the schedule analysis awaited is the one of
    /// edit `pending_schedule` (the views show a busy marker until then).
    edits: u64,
    pending_schedule: Option<u64>,
    /// After an organisation edit, the edit whose coverage and grid the
    /// worker is building: until they are in, the grid is not shown and a
    /// key that needs it waits for them.
    pending_grid: Option<u64>,
    /// A copy of the organisation made off the keystroke's path, for the
    /// next organisation edit to change while the undo history keeps the
    /// one it was copied from.
    spare: Option<Spare>,
    /// Whether the edit running changed the organisation (asked for it
    /// through [`App::org_mut`]).
    org_touched: bool,
    /// Shared copies of the organisation's text and the schedule as they
    /// are now (checked against them before use), for the undo history and
    /// the worker.
    org_text_shared: Option<Arc<str>>,
    schedule_shared: Option<Arc<Schedule>>,
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
        let org = Arc::new(org);
        let saved = schedule.clone();
        let schedule = schedule.unwrap_or_else(|| {
            // A new plan covers from tonight: waiting for the coming Monday
            // would leave the nights until then uncovered. It runs 13 weeks
            // and on to the next Monday, so its last week is a whole one.
            let horizon = Horizon::new(
                today,
                rota_core::calendar::next_monday(today + chrono::Days::new(7 * 13)),
            );
            // As the schedule file sees it, wherever that is.
            let org_rel = rota_core::input::storage::relative_to_dir(
                &org_path,
                schedule_path.parent().unwrap_or(std::path::Path::new("")),
            );
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
        let cost_pay = derived.pay.clone();
        let mut app = App {
            org_path,
            schedule_path,
            org_text,
            org_saved: Arc::clone(&org),
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
            rota_role: Role::Primary,
            slice: 0,
            warning_row: 0,
            help_scroll: 0,
            help_len: crate::tui::keymap::Keymap::defaults().help_lines().len() + 1,
            body_rows: 21,
            body_cols: 80,
            changes_scroll: 0,
            overview_scroll: 0,
            overview_len: 0,
            cost_month: None,
            cost_pay,
            status: String::new(),
            export_path: String::new(),
            prompt_error: None,
            undo: Vec::new(),
            redo: Vec::new(),
            running: true,
            background: false,
            follow_clock: false,
            pending_org: None,
            org_edits: 0,
            org_worker: None,
            worker: None,
            edits: 0,
            pending_schedule: None,
            pending_grid: None,
            spare: None,
            org_touched: false,
            org_text_shared: None,
            schedule_shared: None,
        };
        if let Some(d) = app.derived.coverage.horizon.index_of(today) {
            app.slice = d;
        }
        if app.schedule_saved.is_none() {
            app.status = strings::NEW_SCHEDULE.into();
        }
        app
    }

    /// The export prompt's path: the shifts as CSV on the Rota tab, the
    /// report elsewhere (Costs above all), beside the organisation file;
    /// the last path typed when it is of that kind.
    pub fn export_default(&self) -> String {
        let shifts = self.tab == Tab::Rota;
        let is_shifts = |p: &str| {
            matches!(
                rota_core::output::Format::from_path(std::path::Path::new(p)),
                Some(rota_core::output::Format::Shifts(_))
            )
        };
        if !self.export_path.is_empty() && is_shifts(&self.export_path) == shifts {
            return self.export_path.clone();
        }
        let stem = self
            .org_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "rota".into());
        let name = if shifts {
            format!("{stem}.shifts.csv")
        } else {
            format!("{stem}.report.md")
        };
        self.org_path.with_file_name(name).display().to_string()
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

    /// Would an edit of the cell (a rota's role on a night) change
    /// history? The shift there started before now, or the night itself did.
    pub fn is_history_cell(&self, rota: usize, role: Role, day: usize) -> bool {
        match self.cell_in(rota, role, day) {
            CellState::Filled { history, .. } => history,
            _ => self.is_past(day),
        }
    }

    /// The help overlay's last useful scroll: its last page in view.
    pub fn help_max_scroll(&self) -> usize {
        self.help_len
            .saturating_sub(self.body_rows.saturating_sub(2) as usize)
    }

    /// A finding's text as the screens name people: each of `ids` (the
    /// people the finding is about) written as the person's name where it
    /// stands as a whole word.
    pub fn with_names(&self, text: &str, ids: &[String]) -> String {
        let id_char = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.';
        let mut out = text.to_string();
        for id in ids {
            let Some(person) = self.org.people.by_id(id) else {
                continue;
            };
            let mut done = String::with_capacity(out.len());
            let mut rest = out.as_str();
            while let Some(at) = rest.find(id.as_str()) {
                let before = rest[..at].chars().next_back();
                let after = rest[at + id.len()..].chars().next();
                done.push_str(&rest[..at]);
                // A trailing full stop ends a sentence, not the id.
                let after_ok = match after {
                    None => true,
                    Some('.') => rest[at + id.len() + 1..]
                        .chars()
                        .next()
                        .is_none_or(|c| !id_char(c)),
                    Some(c) => !id_char(c),
                };
                if before.is_none_or(|c| !id_char(c)) && after_ok {
                    done.push_str(&person.name);
                } else {
                    done.push_str(id);
                }
                rest = &rest[at + id.len()..];
            }
            done.push_str(rest);
            out = done;
        }
        out
    }

    /// The people paid over the costs period, in the order the Costs tab
    /// charts them: the best paid first (then by roster order).
    pub fn costs_order(&self) -> Vec<usize> {
        let mut people: Vec<&rota_core::analysis::PersonPay> =
            self.cost_pay.people.iter().collect();
        people.sort_by_key(|p| (std::cmp::Reverse(p.total_pay), p.index));
        people.into_iter().map(|p| p.index).collect()
    }

    /// The changes overlay's last useful scroll: its last page in view.
    pub fn changes_max_scroll(&self) -> usize {
        let Mode::Changes(text) = &self.mode else {
            return 0;
        };
        changes_lines(text, self.body_cols.saturating_sub(CHANGES_INSET) as usize)
            .len()
            .saturating_sub(self.body_rows.saturating_sub(2) as usize)
    }

    pub fn org_edited(&self) -> bool {
        !Arc::ptr_eq(&self.org, &self.org_saved) && *self.org != *self.org_saved
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
        self.org_text_shared = None;
        self.schedule_shared = None;
        self.org_saved = Arc::clone(&self.org);
        self.schedule_saved = Some(self.schedule.clone());
        self.status = strings::saved(self.schedule_path.display());
    }

    /// The schedule as it will be written: sorted, with the digest of the
    /// organisation text it goes with, and revised against the file as last
    /// loaded or saved (a new revision, stamped with now, when its shifts
    /// changed; see `schedule::revise`).
    pub fn schedule_to_save(&self, org_text: &str) -> Schedule {
        let mut s = self.schedule.clone();
        s.organisation_digest = schedule::digest(org_text.as_bytes());
        s.generated_by = schedule::generator();
        s.sort();
        if let Some(saved) = &self.schedule_saved {
            schedule::revise(saved, &mut s, self.now);
        }
        s
    }

    fn snapshot(&mut self) -> Snapshot {
        Snapshot {
            org: Arc::clone(&self.org),
            schedule: self.shared_schedule(),
        }
    }

    /// The organisation to change, for an edit: its own copy when the undo
    /// history or a thread still has the one before. That copy is made off
    /// the keystroke's path once the last edit's rotas are in (see
    /// [`App::poll_background`]); an edit that comes while it is being made
    /// waits for it, and one that comes before it was begun (right after
    /// another organisation edit, or an undo) makes it here.
    pub fn org_mut(&mut self) -> &mut Organisation {
        self.org_touched = true;
        if let Some(mut spare) = self.spare.take() {
            if Arc::ptr_eq(&spare.of, &self.org)
                && let Some(copy) = spare.ready.take().or_else(|| spare.rx.recv().ok())
            {
                self.org = Arc::new(copy);
            }
            // One of an organisation since changed (an undo) is not kept.
            if spare.ready.is_some() {
                drop_later(spare);
            }
        }
        Arc::make_mut(&mut self.org)
    }

    /// Begins a copy of the organisation as it is now for the next edit to
    /// change (when the TUI works in the background and there is none);
    /// called once the grid is in, so that it does not take a core from the
    /// keystroke or the grid.
    fn prepare_spare(&mut self) {
        if !self.background
            || matches!(&self.spare, Some(spare) if Arc::ptr_eq(&spare.of, &self.org))
        {
            return;
        }
        if let Some(old) = self.spare.take() {
            drop_later(old);
        }
        let of = Arc::clone(&self.org);
        let theirs = Arc::clone(&of);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send((*theirs).clone());
        });
        self.spare = Some(Spare {
            of,
            rx,
            ready: None,
        });
    }

    /// The schedule as it is now, shared, for the worker: the copy kept is
    /// set or dropped by the edit, undo or recompute just made, so it is not
    /// checked again.
    fn current_schedule(&mut self) -> Arc<Schedule> {
        Arc::clone(
            self.schedule_shared
                .get_or_insert_with(|| Arc::new(self.schedule.clone())),
        )
    }

    /// The schedule as it is now, shared; the copy kept is dropped on every
    /// recompute and on saving, and checked against the schedule before use.
    fn shared_schedule(&mut self) -> Arc<Schedule> {
        match &self.schedule_shared {
            Some(schedule) if **schedule == self.schedule => Arc::clone(schedule),
            _ => {
                let schedule = Arc::new(self.schedule.clone());
                self.schedule_shared = Some(Arc::clone(&schedule));
                schedule
            }
        }
    }

    /// The organisation's text, shared; dropped on saving.
    fn shared_org_text(&mut self) -> Arc<str> {
        Arc::clone(
            self.org_text_shared
                .get_or_insert_with(|| Arc::from(self.org_text.as_str())),
        )
    }

    /// Runs an edit with undo. When the edit returns true, the state before
    /// it goes on the undo stack, everything derived is rebuilt and the
    /// status becomes `done`; when it returns false, nothing is recorded and
    /// the status is left alone. The caller learns which from the result,
    /// so it can say why nothing changed.
    pub(super) fn edit(&mut self, done: &str, f: impl FnOnce(&mut App) -> bool) -> Edited {
        let before = self.snapshot();
        self.org_touched = false;
        let changed = f(self);
        let org_changed = self.org_touched && *before.org != *self.org;
        if self.org_touched && !org_changed {
            // Asked for but left as it was: share the one before again.
            drop_later(std::mem::replace(&mut self.org, Arc::clone(&before.org)));
        }
        if !changed {
            return Edited::Unchanged;
        }
        let pins = if org_changed || self.pending_grid.is_some() {
            None
        } else {
            pins_changed(&before.schedule, &self.schedule)
        };
        // An organisation edit leaves the schedule as it was: the copy shared
        // with the worker stays good (a compare costs less than a copy).
        let schedule_kept = org_changed && *before.schedule == self.schedule;
        let kept = schedule_kept.then(|| Arc::clone(&before.schedule));
        self.undo.push(before);
        if !self.redo.is_empty() {
            drop_later(std::mem::take(&mut self.redo));
        }
        match pins {
            // Only pins changed: the grid is patched, the rest worked out in
            // the background.
            Some(changed) if self.background => self.recompute_pins(&changed),
            _ => {
                self.schedule_shared = kept;
                self.rework(org_changed);
            }
        }
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

    /// Goes back (or forward) to `s`; called right after a snapshot of the
    /// present, so the shared copy of the schedule is the schedule as it is:
    /// when `s` has that very copy (the edit changed the organisation
    /// only), the schedule is left as it is rather than copied again.
    fn restore(&mut self, s: Snapshot) {
        let org_changed = !Arc::ptr_eq(&s.org, &self.org) && *s.org != *self.org;
        if org_changed {
            self.org = s.org;
        }
        let same_schedule = self
            .schedule_shared
            .as_ref()
            .is_some_and(|now| Arc::ptr_eq(now, &s.schedule));
        if !same_schedule {
            self.schedule = (*s.schedule).clone();
        }
        self.schedule_shared = Some(s.schedule);
        self.rework(org_changed);
    }

    /// [`App::recompute`] after an edit that only pinned or unpinned the
    /// shifts `changed`, with the analysis in the background.
    fn recompute_pins(&mut self, changed: &[usize]) {
        self.schedule_shared = None;
        self.derived.repin(&self.schedule, changed);
        self.submit(Cover::Ready(Arc::clone(&self.derived.coverage)));
        self.clamp();
    }

    /// Hands the worker the schedule's analysis, and when `cover` says so
    /// the coverage and the grid before it.
    fn submit(&mut self, cover: Cover) {
        self.edits += 1;
        let build = matches!(cover, Cover::Build(_));
        let job = Job {
            edit: self.edits,
            org: Arc::clone(&self.org),
            org_text: self.shared_org_text(),
            schedule: self.current_schedule(),
            cover,
            now: self.now,
            cost_period: self.cost_dates(),
        };
        self.worker.get_or_insert_with(Worker::start).submit(job);
        self.pending_schedule = Some(self.edits);
        self.pending_grid = build.then_some(self.edits);
    }

    /// Works out again what the views read after the organisation
    /// (`org_changed`) or the schedule changed. In the background, after an
    /// organisation edit the coverage and the grid are built off the
    /// keystroke's path too (the views say they are pending, and a key that
    /// needs them waits), and so is anything after it until they are in; a
    /// new horizon (the schedule rolled forward, or that undone) is built
    /// on the keystroke.
    pub fn recompute(&mut self, org_changed: bool) {
        self.schedule_shared = None;
        self.rework(org_changed);
    }

    /// [`App::recompute`] keeping the shared copy of the schedule, which the
    /// caller knows is good.
    fn rework(&mut self, org_changed: bool) {
        let new_horizon = self.derived.coverage.horizon != self.schedule.horizon();
        if org_changed {
            if self.background {
                // Shown with the analysis before the edit until the new one
                // is in.
                self.org_edits += 1;
                self.org_worker
                    .get_or_insert_with(OrgWorker::start)
                    .submit(self.org_edits, Arc::clone(&self.org));
                self.pending_org = Some(self.org_edits);
            } else {
                self.pending_org = None;
                self.derived.org = OrgAnalysis::of(&self.org);
            }
        }
        if self.background && !new_horizon && (org_changed || self.pending_grid.is_some()) {
            self.submit(Cover::Build(self.schedule.horizon()));
        } else if self.background {
            // The grid now; pay, loads and findings from the worker, shown
            // as they were until they come in.
            let coverage = if org_changed || new_horizon || self.pending_grid.is_some() {
                Arc::new(Coverage::build(&self.org, self.schedule.horizon()))
            } else {
                Arc::clone(&self.derived.coverage)
            };
            self.derived
                .regrid(&self.org, &self.schedule, Arc::clone(&coverage), self.now);
            self.submit(Cover::Ready(coverage));
        } else {
            let coverage = if org_changed || new_horizon {
                Arc::new(Coverage::build(&self.org, self.schedule.horizon()))
            } else {
                Arc::clone(&self.derived.coverage)
            };
            self.pending_schedule = None;
            self.pending_grid = None;
            let org_analysis = OrgAnalysis {
                warnings: std::mem::take(&mut self.derived.org.warnings),
                run_cost: self.derived.org.run_cost.clone(),
            };
            self.derived = derive_shared(
                &self.org,
                &self.org_text,
                &self.schedule,
                coverage,
                org_analysis,
                self.now(),
            );
            self.refresh_cost_pay();
        }
        self.clamp();
    }

    /// Moves now on to `now` (the clock, while the planner is open): what
    /// started since becomes history. The derived state is rebuilt only when
    /// a slice has started since, so a tick costs a binary search.
    pub fn advance_to(&mut self, now: chrono::DateTime<chrono::Utc>) {
        if now <= self.now {
            return;
        }
        self.now = now;
        self.today = now.with_timezone(&self.org.timezone).date_naive();
        if schedule::history_slices(&self.derived.coverage, now) != self.derived.history_slices {
            self.recompute(false);
        }
    }

    /// Whether the organisation's analysis (its typical year, after an
    /// organisation edit) is still being worked out.
    pub fn is_busy(&self) -> bool {
        self.pending_org.is_some()
    }

    /// Whether the schedule's analysis (findings, pay, loads, after any
    /// edit) is still being worked out.
    pub fn is_checking(&self) -> bool {
        self.pending_schedule.is_some()
    }

    /// Whether the rotas' coverage and the grid (after an organisation
    /// edit) are still being worked out: the grid is not shown meanwhile.
    pub fn is_rebuilding(&self) -> bool {
        self.pending_grid.is_some()
    }

    /// Takes the analyses that have arrived; true when one did (the screen
    /// then needs a redraw). Once nothing changes the organisation any more,
    /// begins the copy the next organisation edit will change.
    pub fn poll_background(&mut self) -> bool {
        let mut arrived = false;
        if let Some(edit) = self.pending_org {
            let taken = match &self.org_worker {
                Some(worker) => worker.try_take(edit),
                None => Err(()),
            };
            let analysis = match taken {
                Ok(analysis) => analysis,
                // The thread died: work it out here instead.
                Err(()) => {
                    self.org_worker = None;
                    Some(OrgAnalysis::of(&self.org))
                }
            };
            if let Some(analysis) = analysis {
                self.pending_org = None;
                self.derived.with_org_analysis(&self.org, analysis);
                arrived = true;
            }
        }
        while self.pending_grid.is_some() || self.pending_schedule.is_some() {
            let next = match &self.worker {
                Some(worker) => worker.try_next(),
                None => Err(()),
            };
            match next {
                Ok(Some(out)) => arrived |= self.take_output(out),
                Ok(None) => break,
                Err(()) => {
                    self.work_here();
                    arrived = true;
                }
            }
        }
        if self.pending_grid.is_none() {
            self.prepare_spare();
        }
        arrived
    }

    /// Waits for the coverage and the grid being built after an
    /// organisation edit, before a key that acts on them (an edit on the
    /// Rota tab, the picker, a jump to a cell).
    pub fn settle_grid(&mut self) {
        while self.pending_grid.is_some() {
            self.wait_next();
        }
    }

    /// Waits for everything being worked out off the keystroke's path
    /// before anything that must see every finding and the pay as they are
    /// (saving, exporting, the picker's order), and for the copy of the
    /// organisation the next edit will change.
    pub fn settle(&mut self) {
        if let Some(edit) = self.pending_org.take() {
            let analysis = match self.org_worker.as_ref().and_then(|w| w.wait(edit)) {
                Some(analysis) => analysis,
                None => {
                    self.org_worker = None;
                    OrgAnalysis::of(&self.org)
                }
            };
            self.derived.with_org_analysis(&self.org, analysis);
        }
        while self.pending_grid.is_some() || self.pending_schedule.is_some() {
            self.wait_next();
        }
        self.prepare_spare();
        if let Some(spare) = &mut self.spare
            && spare.ready.is_none()
        {
            spare.ready = spare.rx.recv().ok();
        }
    }

    /// Waits for the worker's next result and takes it (or, when the worker
    /// is gone, works out here what was pending).
    fn wait_next(&mut self) {
        match self.worker.as_ref().and_then(Worker::next) {
            Some(out) => {
                self.take_output(out);
            }
            None => self.work_here(),
        }
    }

    /// Takes a result of the worker if it is for the edit awaited (the grid
    /// first, then the analysis); true when it was.
    fn take_output(&mut self, out: Output) -> bool {
        match out {
            Output::Grid(edit, coverage, grid) if self.pending_grid == Some(edit) => {
                self.pending_grid = None;
                self.derived.with_grid(&self.org, coverage, grid);
                self.clamp();
                self.prepare_spare();
                true
            }
            Output::Analysis(edit, analysis)
                if self.pending_grid.is_none() && self.pending_schedule == Some(edit) =>
            {
                self.take_schedule_analysis(*analysis);
                true
            }
            _ => false,
        }
    }

    /// What was pending from the worker, worked out on this thread (the
    /// worker is gone).
    fn work_here(&mut self) {
        self.worker = None;
        if self.pending_grid.take().is_some() {
            let (coverage, grid) =
                build_grid(&self.org, &self.schedule, self.schedule.horizon(), self.now);
            self.derived.with_grid(&self.org, coverage, grid);
            self.clamp();
        }
        if self.pending_schedule.is_some() {
            self.schedule_analysis_here();
        }
    }

    /// The schedule's analysis worked out on this thread (the worker is
    /// gone).
    fn schedule_analysis_here(&mut self) {
        self.worker = None;
        let analysis = ScheduleAnalysis::of(
            &self.org,
            &self.org_text,
            &self.schedule,
            &self.derived.coverage,
            self.now,
            self.cost_dates(),
        );
        self.take_schedule_analysis(analysis);
    }

    fn take_schedule_analysis(&mut self, mut analysis: ScheduleAnalysis) {
        self.pending_schedule = None;
        let cost_pay = analysis.cost_pay.take();
        let period = analysis.cost_period;
        self.derived.with_schedule_analysis(&self.org, analysis);
        match cost_pay {
            // The Costs tab's period may have changed since.
            Some(pay) if period == self.cost_dates() => self.cost_pay = pay,
            _ => self.refresh_cost_pay(),
        }
        self.clamp();
    }

    /// The Costs tab's period as dates, when a month is chosen.
    fn cost_dates(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.cost_month?;
        let (range, _) = self.cost_period();
        let h = self.horizon();
        Some((
            h.start + chrono::Days::new(range.start as u64),
            h.start + chrono::Days::new(range.end as u64),
        ))
    }

    /// Re-costs the Costs tab's period (after an edit or a change of period).
    pub(super) fn refresh_cost_pay(&mut self) {
        self.cost_pay = match self.cost_dates() {
            None => self.derived.pay.clone(),
            Some((from, to)) => {
                remuneration(&self.org, &self.derived.coverage, &self.schedule, from, to)
            }
        };
    }

    fn clamp(&mut self) {
        let rotas = self.derived.coverage.rotas.len();
        self.rota_row = self.rota_row.min(rotas.saturating_sub(1));
        if !self.has_secondary_row(self.rota_row) {
            self.rota_role = Role::Primary;
        }
        self.slice = self.slice.min(self.horizon().len().saturating_sub(1));
        self.service_row = self
            .service_row
            .min(self.org.services.len().saturating_sub(1));
        self.person_row = self.person_row.min(self.org.people.len().saturating_sub(1));
        self.warning_row = self
            .warning_row
            .min(self.derived.warnings.len().saturating_sub(1));
    }

    /// A primary's cell: the grid's row for the rota.
    pub fn cell(&self, rota: usize, slice: usize) -> CellState {
        self.cell_in(rota, Role::Primary, slice)
    }

    /// A cell of the rota in a role: the primaries' row, or the
    /// secondaries' under it (no cover where the rota needs none).
    pub fn cell_in(&self, rota: usize, role: Role, slice: usize) -> CellState {
        let row = match role {
            Role::Primary => self.derived.cells.get(rota),
            Role::Secondary => self
                .derived
                .secondary_cells
                .get(rota)
                .and_then(Option::as_ref),
        };
        row.and_then(|r| r.get(slice))
            .copied()
            .unwrap_or(CellState::NoCover)
    }

    /// Does the grid show a secondaries' row under the rota (it needs a
    /// secondary on some night of the horizon)?
    pub fn has_secondary_row(&self, rota: usize) -> bool {
        self.derived
            .secondary_cells
            .get(rota)
            .is_some_and(Option::is_some)
    }

    /// The grid's rows in order, as `(rota, role)`: each rota's primaries,
    /// and under them its secondaries when it has any.
    pub fn rota_rows(&self) -> Vec<(usize, Role)> {
        (0..self.derived.coverage.rotas.len())
            .flat_map(|r| {
                [
                    Some((r, Role::Primary)),
                    self.has_secondary_row(r).then_some((r, Role::Secondary)),
                ]
            })
            .flatten()
            .collect()
    }

    /// The assignment in a rota's role on a slice, if any.
    pub(super) fn assignment_at(
        &self,
        rota: usize,
        role: Role,
        slice: usize,
    ) -> Option<schedule::Assignment> {
        match self.cell_in(rota, role, slice) {
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
    /// still-empty part of the role's shift window around the slice.
    pub fn pick_range(&self, rota: usize, role: Role, slice: usize) -> std::ops::Range<usize> {
        if let Some(a) = self.assignment_at(rota, role, slice) {
            return a.slice_range();
        }
        let Some((first, len)) =
            schedule::edit::role_window_at(&self.derived.coverage, rota, role, slice)
        else {
            return slice..slice + 1;
        };
        let unfilled = |d: usize| self.cell_in(rota, role, d) == CellState::Unfilled;
        let mut lo = slice;
        while lo > first && !self.is_past(lo - 1) && unfilled(lo - 1) {
            lo -= 1;
        }
        let mut hi = slice + 1;
        while hi < first + len && unfilled(hi) {
            hi += 1;
        }
        lo..hi
    }

    /// For the picker: what giving the cell (a rota's role on a slice) to
    /// `person` would break, worked out before the choice so the picker can
    /// say it beside the name. The rules are the ones the checks judge the
    /// schedule by: time off, another rota and the rota's other role are
    /// hard (errors), rest, the rolling share and nights in a row are
    /// burnout limits (warnings); all of them count both roles.
    pub fn pick_notes(&self, rota: usize, role: Role, slice: usize, person: usize) -> PickNotes {
        let range = self.pick_range(rota, role, slice);
        let holder = matches!(
            self.cell_in(rota, role, slice),
            CellState::Filled { person: q, .. } if q == person
        );
        let p = &self.org.people[person];
        let off = range.clone().any(|d| p.is_off(self.horizon().date(d)));
        // The person's shifts, in either role on any rota: those that meet
        // the range clash, and all of them, with the range added, are the
        // on-call nights the burnout limits count.
        let len = self.horizon().len();
        let mut on = vec![false; len];
        let (mut busy, mut other_role) = (false, false);
        for a in self
            .derived
            .resolved
            .assignments
            .iter()
            .filter(|a| a.person == person)
        {
            let meets = a.first_slice < range.end && range.start < a.first_slice + a.slices;
            if meets && a.rota != rota {
                busy = true;
            } else if meets && a.role != role {
                other_role = true;
            }
            for d in a.slice_range().take_while(|&d| d < len) {
                on[d] = true;
            }
        }
        let (lo, hi) = (range.start, range.end.min(len));
        for d in on.iter_mut().take(hi).skip(lo) {
            *d = true;
        }
        let rules = &self.org.rules;
        // Nights in a row: the run the range joins.
        let mut first = lo;
        while first > 0 && on[first - 1] {
            first -= 1;
        }
        let mut last = hi;
        while last < len && on[last] {
            last += 1;
        }
        let in_a_row = last - first > rules.max_consecutive_slices as usize;
        // Rest: free nights between the run and the person's next or last
        // on-call night, fewer than the rules want.
        let rest = rules.min_rest_slices as usize;
        let before = (0..first).rev().find(|&d| on[d]).map(|d| first - d - 1);
        let after = (last..len).find(|&d| on[d]).map(|d| d - last);
        let short_rest = [before, after]
            .into_iter()
            .flatten()
            .any(|gap| gap > 0 && gap < rest);
        // The rolling share: the busiest window that holds a night of the
        // range.
        let window = rota_core::rules::SHARE_WINDOW.min(len);
        let starts = lo.saturating_sub(window.saturating_sub(1))
            ..=hi.saturating_sub(1).min(len.saturating_sub(window));
        let share = starts.into_iter().any(|s| {
            let n = on[s..s + window].iter().filter(|&&b| b).count();
            rota_core::rules::share_exceeded(rules, n)
        });
        PickNotes {
            holder,
            off,
            busy,
            other_role,
            short_rest: short_rest && !holder,
            share: share && !holder,
            in_a_row: in_a_row && !holder,
        }
    }

    /// People who may take the cell (a rota's role on a slice): those a
    /// choice would break nothing for first, then those it would strain (a
    /// burnout limit), then those it would break a hard rule for, each most
    /// lightly loaded first; the person who holds the cell comes last. The
    /// person in the rota's other role on that slice is not among them.
    pub fn candidates(&self, rota: usize, role: Role, slice: usize) -> Vec<usize> {
        let coverage = &self.derived.coverage;
        let Some(cover) = coverage
            .cover(rota, slice)
            .filter(|_| coverage.needs_role(rota, slice, role))
        else {
            return Vec::new();
        };
        let other = match self.cell_in(rota, role.other(), slice) {
            CellState::Filled { person, .. } => Some(person),
            _ => None,
        };
        let mut people: Vec<(PickNotes, usize)> = cover
            .members
            .iter()
            .filter(|&&p| Some(p) != other)
            .map(|&p| (self.pick_notes(rota, role, slice, p), p))
            .collect();
        people.sort_by_key(|(n, p)| {
            (
                n.holder,
                n.hard(),
                n.strains(),
                self.derived.loads[*p].slices,
                *p,
            )
        });
        people.into_iter().map(|(_, p)| p).collect()
    }
}

/// The shifts whose pin an edit changed, when that is all it changed (the
/// schedule then resolves as before); `None` for any other edit.
fn pins_changed(before: &Schedule, after: &Schedule) -> Option<Vec<usize>> {
    if before.start != after.start
        || before.end != after.end
        || before.shifts.len() != after.shifts.len()
        || before.callouts != after.callouts
        || before.moved != after.moved
    {
        return None;
    }
    let mut changed = Vec::new();
    for (i, (b, a)) in before.shifts.iter().zip(&after.shifts).enumerate() {
        if b == a {
            continue;
        }
        let mut repinned = b.clone();
        repinned.pinned = a.pinned;
        if repinned != *a {
            return None;
        }
        changed.push(i);
    }
    Some(changed)
}

/// The columns the changes overlay takes from the body's width: a margin
/// each side and its border.
pub const CHANGES_INSET: u16 = 4;

/// The changes overlay's lines in `width` columns: a line too long is
/// broken at a space, going on under its own indent and two more, so the
/// overlay can scroll over lines it knows the number of.
pub fn changes_lines(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for line in text.lines() {
        let indent = line.chars().take_while(|c| *c == ' ').count();
        let mut rest: Vec<char> = line.chars().collect();
        let mut first = true;
        loop {
            let lead = if first { 0 } else { indent + 2 };
            let room = width.saturating_sub(lead).max(1);
            if rest.len() <= room {
                out.push(format!("{:lead$}{}", "", rest.iter().collect::<String>()));
                break;
            }
            // The last space that leaves something on this line, else a
            // cut at the edge.
            let cut = (1..=room)
                .rev()
                .find(|&i| rest[i] == ' ' && rest[..i].iter().any(|c| *c != ' '))
                .unwrap_or(room);
            out.push(format!(
                "{:lead$}{}",
                "",
                rest[..cut].iter().collect::<String>().trim_end()
            ));
            rest = rest[cut..]
                .iter()
                .copied()
                .skip_while(|c| *c == ' ')
                .collect();
            first = false;
            if rest.is_empty() {
                break;
            }
        }
    }
    out
}
