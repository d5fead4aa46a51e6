use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, NaiveDate};
use clap::Args;
use color_eyre::eyre::{Result, WrapErr};

use super::progress::Progress;
use super::{EXIT_INVALID, EXIT_USAGE, emit, emit_with, load_org_quietly, report_diagnostics};
use rota_core::calendar::Horizon;
use rota_core::display::plural;
use rota_core::planner::{Plan, PlanOptions, plan_schedule};
use rota_core::schedule::{Changes, Schedule, Shift, load_schedule, save_schedule};

/// The longest horizon `plan` accepts, in days (ten years).
const MAX_DAYS: i64 = 3653;

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("length").required(true).multiple(false))]
pub struct PlanArgs {
    /// The organisation file.
    pub org: PathBuf,
    /// First date of the schedule (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub start: NaiveDate,
    /// Length of the schedule in weeks.
    #[arg(long, value_name = "N", group = "length")]
    pub weeks: Option<u32>,
    /// Day after the last date of the schedule (exclusive, YYYY-MM-DD).
    #[arg(long, value_name = "DATE", group = "length", value_parser = super::parse_date)]
    pub end: Option<NaiveDate>,
    /// Write the schedule here (atomically, keeping FILE.bak) instead of to
    /// standard output. When FILE exists its pinned shifts are kept and its
    /// other shifts are kept where they are still valid and fair.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// An earlier schedule whose load counts towards fairness.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
}

pub fn run(args: PlanArgs, today: Option<NaiveDate>) -> Result<ExitCode> {
    let args = PlanArgs {
        output: super::output_file(args.output.as_deref()).map(Path::to_path_buf),
        ..args
    };
    let end = match (args.weeks, args.end) {
        (Some(w), _) => args.start.checked_add_days(chrono::Days::new(7 * w as u64)),
        (None, Some(e)) => Some(e),
        (None, None) => None,
    };
    let horizon = match end {
        Some(end) if end > args.start && !rota_core::calendar::fits_the_file_format(end) => {
            eprintln!(
                "error: the schedule would end on {end}, after 9999-12-31, the last date a \
                 schedule file can hold; start it earlier"
            );
            return Ok(ExitCode::from(EXIT_USAGE));
        }
        Some(end) if end > args.start && (end - args.start).num_days() <= MAX_DAYS => {
            Horizon::new(args.start, end)
        }
        _ => {
            eprintln!(
                "error: the schedule must end after it starts and last at most ten years \
                 (use --weeks 1..521 or an --end after --start)"
            );
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let progress = Progress::start(&format!("reading {}", args.org.display()));
    let (org, org_text) = match load_org_quietly(&args.org) {
        Ok(o) => o,
        Err(d) => {
            drop(progress);
            return Ok(report_diagnostics(&d));
        }
    };
    let mut schedules = Vec::new();
    for path in [
        args.output.as_deref().filter(|p| p.exists()),
        args.previous.as_deref(),
    ] {
        schedules.push(match path {
            Some(path) => {
                progress.step(&format!("reading {}", path.display()));
                match load_schedule(path) {
                    Ok((s, _)) => Some(s),
                    Err(d) => {
                        drop(progress);
                        return Ok(report_diagnostics(&d));
                    }
                }
            }
            None => None,
        });
    }
    let previous = schedules.pop().flatten();
    let existing = schedules.pop().flatten();
    let relative = match args.output.as_deref() {
        Some(out) => rota_core::input::storage::relative_to_dir(
            &args.org,
            out.parent().unwrap_or(Path::new("")),
        ),
        None => slashed(&args.org),
    };
    // What started before now (the start of --today, else the clock) is
    // history: kept as it is.
    let now = super::now(&org, today);
    let options = PlanOptions {
        existing: existing.as_ref(),
        previous: previous.as_ref(),
        now: Some(now),
    };
    progress.step(&format!(
        "planning {} days for {} people",
        horizon.len(),
        org.people.len()
    ));
    let (mut schedule, plan) = plan_schedule(&org, &org_text, &relative, horizon, &options);
    // Onto an existing file: a new revision when shifts changed.
    if let Some(existing) = &existing {
        rota_core::schedule::revise(existing, &mut schedule, now);
    }

    if let Some(path) = args.output.as_deref() {
        let coverage = rota_core::rotas::Coverage::build(&org, horizon);
        let broken = rota_core::findings::broken_pins(&org, &coverage, &schedule, now);
        if !broken.is_empty() {
            drop(progress);
            return Ok(refuse_broken_pins(path, &broken));
        }
    }
    let mut summary = summary(&schedule, &plan, existing.as_ref(), args.output.as_deref());
    if let Some(existing) = &existing {
        let changes = Changes::between(&org, existing, &schedule, now);
        summary.push_str(&rota_core::report::replan::text(&changes, &org.currency));
    }
    match args.output.as_deref() {
        Some(path) => {
            progress.step(&format!("writing {}", path.display()));
            let saved = save_schedule(path, &schedule);
            drop(progress);
            saved.wrap_err_with(|| format!("cannot write {}", path.display()))?;
            emit(None, &summary)?;
        }
        None => {
            drop(progress);
            emit_with(None, |w| {
                rota_core::schedule::write_schedule_to(w, &schedule)
            })?;
            let _ = std::io::stderr().lock().write_all(summary.as_bytes());
        }
    }
    if plan.unfilled.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(EXIT_INVALID))
    }
}

/// Pins are kept exactly, so pins that break a hard rule would be written
/// into a schedule that fails `check`: name them and write nothing.
fn refuse_broken_pins(path: &Path, broken: &[rota_core::findings::Warning]) -> ExitCode {
    let mut s = format!(
        "error: {} pinned shift problem{} in {}; nothing was written\n",
        broken.len(),
        plural(broken.len()),
        path.display()
    );
    for w in broken {
        let _ = writeln!(s, "{} [{}] {}", w.severity, w.code.as_str(), w.message);
        let _ = writeln!(s, "  fix: {}, or unpin it (pinned = false)", w.fix);
    }
    super::say(s.trim_end());
    ExitCode::from(EXIT_INVALID)
}

fn summary(
    schedule: &Schedule,
    plan: &Plan,
    existing: Option<&Schedule>,
    out: Option<&Path>,
) -> String {
    let mut s = String::new();
    let mut rotas: Vec<&str> = schedule.shifts.iter().map(|s| s.rota.as_str()).collect();
    rotas.dedup();
    let pinned = schedule.shifts.iter().filter(|s| s.pinned).count();
    let _ = writeln!(
        s,
        "Planned {} to {} ({} days): {} rota{}, {} shift{} ({} pinned), {} split{}, {} unfilled slice{}",
        schedule.start,
        schedule.end,
        (schedule.end - schedule.start).num_days(),
        rotas.len(),
        plural(rotas.len()),
        schedule.shifts.len(),
        plural(schedule.shifts.len()),
        pinned,
        plan.splits,
        plural(plan.splits),
        plan.unfilled.len(),
        plural(plan.unfilled.len()),
    );
    if let Some(existing) = existing {
        // Sorted once and searched: a linear search per shift is quadratic,
        // seconds on a year of daily shifts.
        let mut before: Vec<_> = existing.shifts.iter().map(key).collect();
        before.sort_unstable();
        let kept = schedule
            .shifts
            .iter()
            .filter(|s| before.binary_search(&key(s)).is_ok())
            .count();
        let _ = writeln!(
            s,
            "Kept {kept} of the {} shifts already in the file",
            existing.shifts.len()
        );
    }
    if !plan.unfilled.is_empty() {
        let _ = writeln!(
            s,
            "Some slices have nobody: run `rota check ORG --schedule FILE` to see which and why"
        );
    }
    match out {
        Some(path) => {
            let _ = writeln!(s, "Wrote {}", path.display());
        }
        None => {
            let _ = writeln!(s, "Wrote the schedule to standard output");
        }
    }
    s
}

/// Everything a shift's equality compares, in an order for sorting.
type ShiftKey<'a> = (
    &'a str,
    &'a str,
    DateTime<FixedOffset>,
    DateTime<FixedOffset>,
    u32,
    bool,
    &'a str,
);

fn key(s: &Shift) -> ShiftKey<'_> {
    (
        &s.rota, &s.person, s.start, s.end, s.slices, s.pinned, &s.note,
    )
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
        .replace("//", "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The count of kept shifts is the count of planned shifts equal to one
    /// already in the file, as a linear search would find them.
    #[test]
    fn kept_counts_shifts_equal_to_one_in_the_file() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let shift = |person: &str, start: &str, note: &str| Shift {
            rota: "team-a".into(),
            person: person.into(),
            start: at(start),
            end: at("2026-12-01T09:00:00Z"),
            slices: 1,
            pinned: false,
            note: note.into(),
            role: Default::default(),
        };
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let schedule = |shifts: Vec<Shift>| Schedule {
            organisation: "org.toml".into(),
            organisation_digest: String::new(),
            start: day,
            end: day,
            generated_by: String::new(),
            revision: 0,
            updated: None,
            shifts,
            callouts: Vec::new(),
            moved: Vec::new(),
        };
        let before = schedule(vec![
            shift("zoe", "2026-11-30T17:30:00Z", ""),
            shift("ava", "2026-11-30T17:30:00Z", "swapped"),
            shift("ben", "2026-11-30T17:30:00Z", ""),
        ]);
        let after = schedule(vec![
            // The same instant written with another offset is the same shift.
            shift("ava", "2026-11-30T18:30:00+01:00", "swapped"),
            shift("ben", "2026-11-30T17:30:00Z", "a note"),
            shift("cas", "2026-11-30T17:30:00Z", ""),
            shift("zoe", "2026-11-30T17:30:00Z", ""),
        ]);
        let linear = after
            .shifts
            .iter()
            .filter(|s| before.shifts.contains(s))
            .count();
        assert_eq!(linear, 2);
        let text = summary(&after, &Plan::default(), Some(&before), None);
        assert!(text.contains("Kept 2 of the 3 shifts"), "{text}");
    }
}
