//! `rota export SCHEDULE --format csv|ics`: shifts for calendars and spreadsheets.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use color_eyre::eyre::Result;

use super::{EXIT_INVALID, EXIT_USAGE, emit};
use rota_core::export::{self, Filter};
use rota_core::findings::{self, Code, Warning};
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
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Only shifts that overlap this date or earlier (inclusive).
    #[arg(long, value_name = "DATE")]
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
    let (schedule, org, org_text) = match super::report::load_schedule_and_org(&args.schedule) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let coverage = Coverage::build(&org, schedule.horizon());

    if let Some(rota) = &args.rota
        && coverage.rota_index(rota).is_none()
        && !schedule.shifts.iter().any(|s| &s.rota == rota)
    {
        let known = coverage.rotas.iter().map(|r| r.id.as_str());
        return Ok(unknown("rota", rota, known));
    }
    if let Some(person) = &args.person
        && org.person_index(person).is_none()
        && !schedule.shifts.iter().any(|s| &s.person == person)
    {
        let known = org.people.iter().map(|p| p.id.as_str());
        return Ok(unknown("person", person, known));
    }

    // Shifts that no longer fit are still exported, from their own instants;
    // say which, as `check` does.
    let stale: Vec<Warning> = findings::schedule_findings(&org, &org_text, &coverage, &schedule)
        .into_iter()
        .filter(|w| w.code == Code::StaleSchedule)
        .collect();
    if !stale.is_empty() {
        eprint!("{}", rota_core::report::text::findings(&stale));
        eprintln!("note: shifts that do not fit are exported from their own start and end");
    }

    let filter = Filter {
        rota: args.rota,
        person: args.person,
        from: args.from,
        to: args.to,
    };
    let data = export::build(&org, &coverage, &schedule, &filter);
    let text = args.format.render(&data);
    emit(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

fn unknown<'a>(kind: &str, id: &str, known: impl Iterator<Item = &'a str>) -> ExitCode {
    let mut err = std::io::stderr().lock();
    let suggestion = rota_core::input::diag::nearest(id, known);
    let _ = match suggestion {
        Some(s) => writeln!(err, "no {kind} with id '{id}' (did you mean '{s}'?)"),
        None => writeln!(
            err,
            "no {kind} with id '{id}' in the schedule or its organisation"
        ),
    };
    ExitCode::from(EXIT_INVALID)
}
