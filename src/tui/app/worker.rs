//! The thread that works out what an edit needs beyond the keystroke: after
//! an organisation edit the rotas' coverage over the horizon and the grid
//! built from it, and after any edit the schedule's analysis (pay, loads,
//! findings). It works on the latest edit's state only: an edit made while
//! it is busy replaces the waiting one, an analysis is not begun when a
//! newer edit waits, and a result for an older edit is dropped on arrival.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Condvar, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use rota_core::calendar::Horizon;
use rota_core::org::Organisation;
use rota_core::rotas::Coverage;
use rota_core::schedule::Schedule;

use super::derived::{Grid, OrgAnalysis, ScheduleAnalysis, grid};

/// The coverage a job's analysis is against.
pub(super) enum Cover {
    /// The one the grid shows already (a schedule edit).
    Ready(Arc<Coverage>),
    /// To be built over the horizon, and the grid with it (an organisation
    /// edit, or anything after one whose coverage is not in yet).
    Build(Horizon),
}

/// One edit's state, shared with the model (nothing is copied for it).
pub(super) struct Job {
    /// Which edit it is, counted by the model.
    pub edit: u64,
    pub org: Arc<Organisation>,
    pub org_text: Arc<str>,
    pub schedule: Arc<Schedule>,
    pub cover: Cover,
    pub now: DateTime<Utc>,
    pub cost_period: Option<(NaiveDate, NaiveDate)>,
}

/// What the worker sends back, each for the edit it names. A job that
/// builds the coverage sends its grid first, then (unless a newer edit is
/// waiting by then) its analysis.
pub(super) enum Output {
    Grid(u64, Arc<Coverage>, Grid),
    Analysis(u64, Box<ScheduleAnalysis>),
}

/// The rotas' coverage and the grid of an organisation as it is now.
pub(super) fn build_grid(
    org: &Organisation,
    schedule: &Schedule,
    horizon: Horizon,
    now: DateTime<Utc>,
) -> (Arc<Coverage>, Grid) {
    let coverage = Arc::new(Coverage::build(org, horizon));
    let grid = grid(org, schedule, &coverage, now);
    (coverage, grid)
}

impl Job {
    fn analyse(&self, coverage: &Coverage) -> ScheduleAnalysis {
        ScheduleAnalysis::of(
            &self.org,
            &self.org_text,
            &self.schedule,
            coverage,
            self.now,
            self.cost_period,
        )
    }
}

/// The background threads take turns when the machine has no more than
/// two cores, so that a keystroke always has one: background work can
/// wait, a keystroke should not. The guard is held for one piece of work.
fn turn() -> Option<std::sync::MutexGuard<'static, ()>> {
    static TURN: Mutex<()> = Mutex::new(());
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    (cores <= 2).then(|| TURN.lock().unwrap_or_else(|e| e.into_inner()))
}

/// The one job a background thread is to do next: the latest handed to
/// it, replacing one it has not begun, so edits made faster than it works
/// do not pile up. Shared by the thread and its owner.
struct Latest<T> {
    slot: Mutex<(Option<T>, bool)>,
    wake: Condvar,
}

impl<T> Latest<T> {
    fn new() -> Arc<Latest<T>> {
        Arc::new(Latest {
            slot: Mutex::new((None, false)),
            wake: Condvar::new(),
        })
    }

    /// Hands over the latest job.
    fn put(&self, job: T) {
        if let Ok(mut slot) = self.slot.lock() {
            slot.0 = Some(job);
            self.wake.notify_one();
        }
    }

    /// Waits for a job; `None` once the owner has gone.
    fn take(&self) -> Option<T> {
        let mut slot = self.slot.lock().ok()?;
        loop {
            if slot.1 {
                return None;
            }
            if let Some(job) = slot.0.take() {
                return Some(job);
            }
            slot = self.wake.wait(slot).ok()?;
        }
    }

    /// Is a newer job waiting? `None` when the lock is poisoned.
    fn newer(&self) -> Option<bool> {
        self.slot.lock().ok().map(|slot| slot.0.is_some())
    }

    /// Tells the thread to end.
    fn stop(&self) {
        if let Ok(mut slot) = self.slot.lock() {
            slot.1 = true;
            self.wake.notify_one();
        }
    }
}

pub(super) struct Worker {
    slot: Arc<Latest<Job>>,
    results: Receiver<Output>,
}

impl Worker {
    pub fn start() -> Worker {
        let slot: Arc<Latest<Job>> = Latest::new();
        let (tx, results) = mpsc::channel();
        let theirs = Arc::clone(&slot);
        std::thread::spawn(move || {
            while let Some(job) = theirs.take() {
                let coverage = match &job.cover {
                    Cover::Ready(coverage) => Arc::clone(coverage),
                    Cover::Build(horizon) => {
                        let (coverage, grid) = {
                            let _turn = turn();
                            build_grid(&job.org, &job.schedule, *horizon, job.now)
                        };
                        if tx
                            .send(Output::Grid(job.edit, Arc::clone(&coverage), grid))
                            .is_err()
                        {
                            return;
                        }
                        // A newer edit waits: its work, not this one's, is
                        // what will be shown.
                        match theirs.newer() {
                            Some(true) => continue,
                            Some(false) => {}
                            None => return,
                        }
                        coverage
                    }
                };
                let analysis = {
                    let _turn = turn();
                    Box::new(job.analyse(&coverage))
                };
                if tx.send(Output::Analysis(job.edit, analysis)).is_err() {
                    return;
                }
            }
        });
        Worker { slot, results }
    }

    /// Hands the worker the latest edit, replacing one it has not begun.
    pub fn submit(&self, job: Job) {
        self.slot.put(job);
    }

    /// The next result if one has arrived. `Err` when the worker is gone.
    pub fn try_next(&self) -> Result<Option<Output>, ()> {
        match self.results.try_recv() {
            Ok(out) => Ok(Some(out)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err(()),
        }
    }

    /// Waits for the next result; `None` when the worker is gone.
    pub fn next(&self) -> Option<Output> {
        self.results.recv().ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.slot.stop();
    }
}

/// A thread that works out an organisation's own analysis (its typical
/// year) after an organisation edit, on the latest one only, as [`Worker`]
/// does the schedule's: edits made faster than it works do not pile up.
pub(super) struct OrgWorker {
    slot: Arc<Latest<(u64, Arc<Organisation>)>>,
    results: Receiver<(u64, OrgAnalysis)>,
}

impl OrgWorker {
    pub fn start() -> OrgWorker {
        let slot: Arc<Latest<(u64, Arc<Organisation>)>> = Latest::new();
        let (tx, results) = mpsc::channel();
        let theirs = Arc::clone(&slot);
        std::thread::spawn(move || {
            while let Some((edit, org)) = theirs.take() {
                let analysis = {
                    let _turn = turn();
                    OrgAnalysis::of(&org)
                };
                if tx.send((edit, analysis)).is_err() {
                    return;
                }
            }
        });
        OrgWorker { slot, results }
    }

    /// Hands it the organisation after edit `edit`, replacing one it has
    /// not begun.
    pub fn submit(&self, edit: u64, org: Arc<Organisation>) {
        self.slot.put((edit, org));
    }

    /// The analysis after edit `edit` if it has arrived (older ones are
    /// dropped). `Err` when the thread is gone.
    pub fn try_take(&self, edit: u64) -> Result<Option<OrgAnalysis>, ()> {
        loop {
            match self.results.try_recv() {
                Ok((e, analysis)) if e == edit => return Ok(Some(analysis)),
                Ok(_) => continue,
                Err(TryRecvError::Empty) => return Ok(None),
                Err(TryRecvError::Disconnected) => return Err(()),
            }
        }
    }

    /// Waits for the analysis after edit `edit`; `None` when the thread is
    /// gone.
    pub fn wait(&self, edit: u64) -> Option<OrgAnalysis> {
        loop {
            match self.results.recv() {
                Ok((e, analysis)) if e == edit => return Some(analysis),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }
}

impl Drop for OrgWorker {
    fn drop(&mut self) {
        self.slot.stop();
    }
}
