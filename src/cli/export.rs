//! `rota export SCHEDULE --format csv|ics`: shifts for calendars and spreadsheets.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use color_eyre::eyre::Result;

use super::progress::Progress;
use super::{EXIT_INVALID, EXIT_USAGE, emit_with};
use rota_core::export::{self, Filter};
use rota_core::findings::{self, Warning};
use rota_core::output::ShiftFormat;
use rota_core::rotas::Coverage;

/// `--format`'s values: the shift formats of the output registry.
fn shift_format() -> impl TypedValueParser<Value = ShiftFormat> {
    PossibleValuesParser::new(ShiftFormat::all().map(ShiftFormat::name))
        .try_map(|name| ShiftFormat::from_name(&name).ok_or("not a shift format"))
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The schedule file; its organisation file is found from it.
    pub schedule: PathBuf,
    /// ics: iCalendar (RFC 5545), one event per shift, for calendars; csv:
    /// one row per shift, for spreadsheets.
    #[arg(long, value_parser = shift_format())]
    pub format: ShiftFormat,
    /// Only this rota's shifts.
    #[arg(long, value_name = "ID")]
    pub rota: Option<String>,
    /// Only this person's shifts.
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,
    /// Only shifts that overlap this date or later (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub from: Option<NaiveDate>,
    /// Only shifts that overlap this date or earlier (inclusive).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub to: Option<NaiveDate>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: ExportArgs) -> Result<ExitCode> {
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        eprintln!("--from {from} is after --to {to}");
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let progress = Progress::start(&format!("reading {}", args.schedule.display()));
    let (schedule, org, org_text, progress) =
        match super::report::load_schedule_and_org_with(&args.schedule, progress) {
            Ok(x) => x,
            Err(code) => return Ok(code),
        };
    progress.step(&format!("exporting {} shifts", schedule.shifts.len()));
    let coverage = Coverage::build(&org, schedule.horizon());

    if let Some(rota) = &args.rota
        && coverage.rota_index(rota).is_none()
        && !schedule.shifts.iter().any(|s| &s.rota == rota)
    {
        drop(progress);
        let known = coverage.rotas.iter().map(|r| r.id.as_str());
        return Ok(unknown("rota", rota, known));
    }
    if let Some(person) = &args.person
        && org.person_index(person).is_none()
        && !schedule.shifts.iter().any(|s| &s.person == person)
    {
        drop(progress);
        let known = org.people.iter().map(|p| p.id.as_str());
        return Ok(unknown("person", person, known));
    }

    // Shifts that no longer fit are still exported, from their own instants;
    // say which, as `check` does.
    let stale: Vec<Warning> = findings::stale_findings(&org, &org_text, &coverage, &schedule);
    let progress = if stale.is_empty() {
        progress
    } else {
        // The findings go on lines of their own, then the work goes on.
        drop(progress);
        eprint!("{}", rota_core::report::text::findings(&stale));
        eprintln!("note: shifts that do not fit are exported from their own start and end");
        Progress::start(&format!("exporting {} shifts", schedule.shifts.len()))
    };

    let filter = Filter {
        rota: args.rota,
        person: args.person,
        from: args.from,
        to: args.to,
    };
    let data = export::build(&org, &coverage, &schedule, &filter);
    drop(progress);
    emit_with(args.output.as_deref(), |w| args.format.write(w, &data))?;
    Ok(ExitCode::SUCCESS)
}

fn unknown<'a>(kind: &str, id: &str, known: impl Iterator<Item = &'a str>) -> ExitCode {
    let suggestion = rota_core::input::diag::nearest(id, known);
    // The id is the user's text, echoed: `say` makes it terminal-safe.
    super::say(&match suggestion {
        Some(s) => format!("no {kind} with id '{id}' (did you mean '{s}'?)"),
        None => format!("no {kind} with id '{id}' in the schedule or its organisation"),
    });
    ExitCode::from(EXIT_INVALID)
}
