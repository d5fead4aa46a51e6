//! The export action: the path's extension picks the format from the
//! output registry, and the same library renderers as the command line
//! write it.

use std::path::Path;

use color_eyre::eyre::{Result, WrapErr, bail};

use super::app::App;
use rota_core::export::{self, Filter};
use rota_core::output::Format;
use rota_core::report;

/// Writes the schedule as it is in the planner (edits included) to `path`,
/// atomically; returns what was written, for the status line.
pub fn export_to(app: &App, path: &Path) -> Result<String> {
    let coverage = &app.derived.coverage;
    let schedule = &app.schedule;
    let (text, what) = match Format::from_path(path) {
        Some(format @ Format::Shifts(shifts)) => {
            let data = export::build(&app.org, coverage, schedule, &Filter::default());
            (shifts.render(&data), format.written(data.shifts.len()))
        }
        Some(format @ Format::Report(r)) => {
            // The findings the planner shows, already gathered.
            let built = report::build(
                &app.org,
                coverage,
                schedule,
                schedule.start,
                schedule.end,
                &app.derived.findings,
            );
            (r.render(&built), format.written(schedule.shifts.len()))
        }
        None => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .unwrap_or_default();
            if ext.is_empty() {
                bail!(
                    "{} has no extension to pick a format: use {}",
                    path.display(),
                    Format::path_extensions()
                );
            }
            bail!(
                "unknown export format `.{ext}`: use {}",
                Format::path_extensions()
            );
        }
    };
    rota_core::input::storage::write_atomic(path, text.as_bytes())
        .wrap_err_with(|| format!("cannot write {}", path.display()))?;
    Ok(what)
}
