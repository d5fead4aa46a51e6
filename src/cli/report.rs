use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use color_eyre::eyre::Result;

use super::progress::Progress;
use super::{EXIT_USAGE, emit, load_org_quietly, report_diagnostics};
use rota_core::findings::{Findings, Scheduled};
use rota_core::output::ReportFormat;
use rota_core::report;
use rota_core::rotas::Coverage;
use rota_core::schedule::{Schedule, load_schedule};

/// `--format`'s values: the report formats of the output registry.
fn report_format() -> impl TypedValueParser<Value = ReportFormat> {
    PossibleValuesParser::new(ReportFormat::all().map(ReportFormat::name))
        .try_map(|name| ReportFormat::from_name(&name).ok_or("not a report format"))
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The schedule file; its organisation is found from its `organisation`
    /// path, relative to the schedule file's directory.
    pub schedule: PathBuf,
    /// First date of the range (default: the schedule's start).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub from: Option<NaiveDate>,
    /// Last date of the range, inclusive (default: the schedule's last date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub to: Option<NaiveDate>,
    /// Output format: text for a terminal, md for a pull request, csv
    /// (remuneration per person), json (everything) or html (the managers'
    /// report, one self-contained page with charts).
    #[arg(long, value_parser = report_format(), default_value = ReportFormat::Text.name())]
    pub format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The payroll export instead: one row per person per calendar month of
    /// history (slices before --today), payable money only (standby plus
    /// recorded callouts); formats text, csv or json.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub payroll: bool,
    /// With --payroll: only this month (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM", requires = "payroll", value_parser = parse_month)]
    pub month: Option<rota_core::analysis::Month>,
}

fn parse_month(s: &str) -> std::result::Result<rota_core::analysis::Month, String> {
    rota_core::analysis::Month::parse(s).ok_or_else(|| format!("`{s}` is not a month like 2026-12"))
}

/// Loads a schedule and the organisation it names, relative to it.
pub(crate) fn load_schedule_and_org(
    path: &Path,
) -> std::result::Result<(Schedule, rota_core::org::Organisation, String), ExitCode> {
    let progress = Progress::start(&format!("reading {}", path.display()));
    load_schedule_and_org_with(path, progress).map(|(s, o, t, _)| (s, o, t))
}

/// [`load_schedule_and_org`] showing its steps on `progress`, which it
/// hands back; problems are printed after the progress line is cleared.
pub(crate) fn load_schedule_and_org_with(
    path: &Path,
    progress: Progress,
) -> std::result::Result<(Schedule, rota_core::org::Organisation, String, Progress), ExitCode> {
    let (schedule, _) = match load_schedule(path) {
        Ok(s) => s,
        Err(d) => {
            drop(progress);
            return Err(report_diagnostics(&d));
        }
    };
    let org_path = path
        .parent()
        .unwrap_or(Path::new(""))
        .join(&schedule.organisation);
    progress.step(&format!("reading {}", org_path.display()));
    match load_org_quietly(&org_path) {
        Ok((org, org_text)) => Ok((schedule, org, org_text, progress)),
        Err(d) => {
            drop(progress);
            Err(report_diagnostics(&d))
        }
    }
}

pub fn run(args: ReportArgs, today: Option<NaiveDate>) -> Result<ExitCode> {
    if args.payroll && matches!(args.format, ReportFormat::Markdown | ReportFormat::Html) {
        let _ = writeln!(
            std::io::stderr(),
            "error: --payroll writes text, csv or json, not {}",
            args.format.name()
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let progress = Progress::start(&format!("reading {}", args.schedule.display()));
    let (schedule, org, org_text, progress) =
        match load_schedule_and_org_with(&args.schedule, progress) {
            Ok(x) => x,
            Err(code) => return Ok(code),
        };
    if args.payroll {
        drop(progress);
        return payroll(&args, &schedule, &org, today);
    }
    let from = args.from.unwrap_or(schedule.start);
    let to = args
        .to
        .unwrap_or_else(|| schedule.end.pred_opt().unwrap_or(schedule.end));
    if to < from {
        drop(progress);
        let _ = writeln!(
            std::io::stderr(),
            "error: --to {to} is before --from {from}; the range is inclusive of both dates"
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    if to < schedule.start || from >= schedule.end {
        drop(progress);
        let _ = writeln!(
            std::io::stderr(),
            "error: {from} to {to} is outside the schedule, which runs from {} to {}",
            schedule.start,
            schedule.end.pred_opt().unwrap_or(schedule.end)
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let to_exclusive = to.succ_opt().unwrap_or(to);
    progress.step(&format!("reporting on {} shifts", schedule.shifts.len()));
    let coverage = Coverage::build(&org, schedule.horizon());
    let findings = Findings::gather(
        &org,
        Some(Scheduled {
            org_text: &org_text,
            coverage: &coverage,
            schedule: &schedule,
            // History (what started before today) is not judged by today's
            // organisation.
            now: Some(super::now(&org, today)),
        }),
    );
    let built = report::build(&org, &coverage, &schedule, from, to_exclusive, &findings);
    drop(progress);
    if built.remuneration.unplaced_shifts > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "warning: {} shift(s) name an unknown rota or person or do not line up with the organisation's slices, and are left out of pay; run `rota check ORG --schedule {}`",
            built.remuneration.unplaced_shifts,
            args.schedule.display()
        );
    }
    let out = args.format.render(&built);
    emit(args.output.as_deref(), &out)?;
    Ok(ExitCode::SUCCESS)
}

/// `report --payroll`: history is the slices of the dates before today in
/// the organisation's time zone (the clock's date there unless --today).
fn payroll(
    args: &ReportArgs,
    schedule: &Schedule,
    org: &rota_core::org::Organisation,
    today: Option<NaiveDate>,
) -> Result<ExitCode> {
    let today =
        today.unwrap_or_else(|| chrono::Utc::now().with_timezone(&org.timezone).date_naive());
    let coverage = Coverage::build(org, schedule.horizon());
    let p = rota_core::analysis::payroll(org, &coverage, schedule, today, args.month);
    if let Some(m) = args.month
        && p.rows.is_empty()
    {
        let _ = writeln!(
            std::io::stderr(),
            "note: nobody has payable on-call pay in {m} (history runs {})",
            match p.history_to {
                Some(to) => format!("from {} to {to}", schedule.start),
                None => "nowhere yet: nothing has been worked".to_string(),
            }
        );
    }
    let out = match args.format {
        ReportFormat::Csv => report::csv::payroll(&p),
        ReportFormat::Json => report::json::payroll(&p),
        _ => report::text::payroll(&p),
    };
    emit(args.output.as_deref(), &out)?;
    Ok(ExitCode::SUCCESS)
}
