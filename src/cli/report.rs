use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use color_eyre::eyre::Result;

use super::{EXIT_USAGE, emit, load_org, report_diagnostics};
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
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Last date of the range, inclusive (default: the schedule's last date).
    #[arg(long, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Output format: text for a terminal, md for a pull request, csv
    /// (remuneration per person), json (everything) or html (the managers'
    /// report, one self-contained page with charts).
    #[arg(long, value_parser = report_format(), default_value = ReportFormat::Text.name())]
    pub format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Loads a schedule and the organisation it names, relative to it.
pub(crate) fn load_schedule_and_org(
    path: &Path,
) -> std::result::Result<(Schedule, rota_core::org::Organisation, String), ExitCode> {
    let (schedule, _) = load_schedule(path).map_err(|d| report_diagnostics(&d))?;
    let org_path = path
        .parent()
        .unwrap_or(Path::new(""))
        .join(&schedule.organisation);
    let (org, org_text) = load_org(&org_path)?;
    Ok((schedule, org, org_text))
}

pub fn run(args: ReportArgs, today: Option<chrono::NaiveDate>) -> Result<ExitCode> {
    let (schedule, org, org_text) = match load_schedule_and_org(&args.schedule) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let from = args.from.unwrap_or(schedule.start);
    let to = args
        .to
        .unwrap_or_else(|| schedule.end.pred_opt().unwrap_or(schedule.end));
    if to < from {
        let _ = writeln!(
            std::io::stderr(),
            "error: --to {to} is before --from {from}; the range is inclusive of both dates"
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    if to < schedule.start || from >= schedule.end {
        let _ = writeln!(
            std::io::stderr(),
            "error: {from} to {to} is outside the schedule, which runs from {} to {}",
            schedule.start,
            schedule.end.pred_opt().unwrap_or(schedule.end)
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let to_exclusive = to.succ_opt().unwrap_or(to);
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
