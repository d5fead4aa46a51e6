//! Long work says so: a command still busy after a second shows a spinner,
//! the step it is on and the time so far on standard error, when standard
//! error is a terminal; never in a pipe or a file, so scripts and tests see
//! nothing of it. The line is cleared when the work is done.

use std::io::{IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long work may take before it says so.
const QUIET_FOR: Duration = Duration::from_secs(1);
const TICK: Duration = Duration::from_millis(120);
const SPINNER: [char; 4] = ['|', '/', '-', '\\'];

/// The progress line of one command; see the module doc.
pub struct Progress {
    step: Arc<Mutex<String>>,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts on a step; shows nothing unless standard error is a terminal.
    pub fn start(step: &str) -> Progress {
        Progress::with(step, std::io::stderr().is_terminal())
    }

    fn with(step: &str, show: bool) -> Progress {
        let step = Arc::new(Mutex::new(step.to_string()));
        if !show {
            return Progress {
                step,
                stop: None,
                thread: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let shared = Arc::clone(&step);
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            if stopped.recv_timeout(QUIET_FOR) != Err(RecvTimeoutError::Timeout) {
                return;
            }
            let mut tick = 0;
            loop {
                let step = shared.lock().map(|s| s.clone()).unwrap_or_default();
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2K{}", line(&step, tick, started.elapsed()));
                let _ = err.flush();
                drop(err);
                tick += 1;
                if stopped.recv_timeout(TICK) != Err(RecvTimeoutError::Timeout) {
                    break;
                }
            }
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        });
        Progress {
            step,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Moves on to the next step.
    pub fn step(&self, step: &str) {
        if let Ok(mut s) = self.step.lock() {
            *s = step.to_string();
        }
    }
}

impl Drop for Progress {
    /// Clears the line before anything else is printed.
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One frame: `| planning 52 weeks (2.4 s)`.
fn line(step: &str, tick: usize, elapsed: Duration) -> String {
    format!(
        "{} {step} ({:.1} s)",
        SPINNER[tick % SPINNER.len()],
        elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_names_the_step_and_the_time_so_far() {
        assert_eq!(
            line("planning 52 weeks", 0, Duration::from_millis(2400)),
            "| planning 52 weeks (2.4 s)"
        );
        assert_eq!(
            line("writing", 5, Duration::from_secs(1)),
            "/ writing (1.0 s)"
        );
    }

    #[test]
    fn nothing_runs_when_standard_error_is_not_a_terminal() {
        let p = Progress::with("reading", false);
        assert!(p.thread.is_none());
        p.step("planning");
        assert_eq!(*p.step.lock().unwrap(), "planning");
    }
}
