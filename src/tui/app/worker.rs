//! The thread that analyses the schedule after an edit (pay, loads,
//! findings), so the keystroke waits only for the grid. It works on the
//! latest edit's state only: an edit made while it is busy replaces the
//! waiting one, and a result for an older edit is dropped on arrival.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Condvar, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use rota_core::org::Organisation;
use rota_core::rotas::Coverage;
use rota_core::schedule::Schedule;

use super::derived::ScheduleAnalysis;

/// One edit's state, shared with the model (nothing is copied for it).
pub(super) struct Job {
    /// Which edit it is, counted by the model.
    pub edit: u64,
    pub org: Arc<Organisation>,
    pub org_text: Arc<str>,
    pub schedule: Arc<Schedule>,
    pub coverage: Arc<Coverage>,
    pub now: DateTime<Utc>,
    pub cost_period: Option<(NaiveDate, NaiveDate)>,
}

impl Job {
    pub fn run(&self) -> ScheduleAnalysis {
        ScheduleAnalysis::of(
            &self.org,
            &self.org_text,
            &self.schedule,
            &self.coverage,
            self.now,
            self.cost_period,
        )
    }
}

#[derive(Default)]
struct Slot {
    job: Option<Job>,
    stop: bool,
}

pub(super) struct Worker {
    slot: Arc<(Mutex<Slot>, Condvar)>,
    results: Receiver<(u64, ScheduleAnalysis)>,
}

impl Worker {
    pub fn start() -> Worker {
        let slot: Arc<(Mutex<Slot>, Condvar)> = Arc::default();
        let (tx, results) = mpsc::channel();
        let theirs = Arc::clone(&slot);
        std::thread::spawn(move || {
            let (lock, wake) = &*theirs;
            loop {
                let job = {
                    let Ok(mut slot) = lock.lock() else { return };
                    loop {
                        if slot.stop {
                            return;
                        }
                        if let Some(job) = slot.job.take() {
                            break job;
                        }
                        slot = match wake.wait(slot) {
                            Ok(slot) => slot,
                            Err(_) => return,
                        };
                    }
                };
                if tx.send((job.edit, job.run())).is_err() {
                    return;
                }
            }
        });
        Worker { slot, results }
    }

    /// Hands the worker the latest edit, replacing one it has not begun.
    pub fn submit(&self, job: Job) {
        let (lock, wake) = &*self.slot;
        if let Ok(mut slot) = lock.lock() {
            slot.job = Some(job);
            wake.notify_one();
        }
    }

    /// The analysis of edit `edit` if it has arrived (older ones are
    /// dropped). `Err` when the worker is gone.
    pub fn try_take(&self, edit: u64) -> Result<Option<ScheduleAnalysis>, ()> {
        loop {
            match self.results.try_recv() {
                Ok((e, analysis)) if e == edit => return Ok(Some(analysis)),
                Ok(_) => continue,
                Err(TryRecvError::Empty) => return Ok(None),
                Err(TryRecvError::Disconnected) => return Err(()),
            }
        }
    }

    /// Waits for the analysis of edit `edit`; `None` when the worker is
    /// gone.
    pub fn wait(&self, edit: u64) -> Option<ScheduleAnalysis> {
        loop {
            match self.results.recv() {
                Ok((e, analysis)) if e == edit => return Some(analysis),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let (lock, wake) = &*self.slot;
        if let Ok(mut slot) = lock.lock() {
            slot.stop = true;
            wake.notify_one();
        }
    }
}
