//! The export action: the path's extension picks the format, and the same
//! library renderers as the command line write it.

use std::path::Path;

use color_eyre::eyre::{Result, WrapErr, bail};

use super::app::App;
use rota_core::export::{self, Filter, Format};
use rota_core::report::{self, html, markdown};

/// What the export prompt offers, by extension.
pub const EXTENSIONS: &str = ".ics, .csv, .html or .md";

/// Writes the schedule as it is in the planner (edits included) to `path`,
/// atomically; returns what was written, for the status line.
pub fn export_to(app: &App, path: &Path) -> Result<String> {
    let coverage = &app.derived.coverage;
    let schedule = &app.schedule;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let (text, what) = if let Some(format) = Format::from_path(path) {
        let data = export::build(&app.org, coverage, schedule, &Filter::default());
        let what = match format {
            Format::Ics => format!("{} calendar events", data.shifts.len()),
            Format::Csv => format!("{} shifts", data.shifts.len()),
        };
        (format.render(&data), what)
    } else if matches!(ext.as_str(), "html" | "htm" | "md") {
        let hard =
            rota_core::findings::schedule_findings(&app.org, &app.org_text, coverage, schedule);
        let built = report::build(
            &app.org,
            coverage,
            schedule,
            schedule.start,
            schedule.end,
            hard,
        );
        if ext == "md" {
            (markdown::report(&built), "the report".to_string())
        } else {
            (html::report(&built), "the managers' report".to_string())
        }
    } else if ext.is_empty() {
        bail!(
            "{} has no extension to pick a format: use {EXTENSIONS}",
            path.display()
        );
    } else {
        bail!("unknown export format `.{ext}`: use {EXTENSIONS}");
    };
    rota_core::input::storage::write_atomic(path, text.as_bytes())
        .wrap_err_with(|| format!("cannot write {}", path.display()))?;
    Ok(what)
}
