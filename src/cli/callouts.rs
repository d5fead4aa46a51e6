use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use color_eyre::eyre::{Result, WrapErr};

use super::EXIT_INVALID;
use super::report::load_schedule_and_org;
use rota_core::rotas::Coverage;
use rota_core::schedule::import::{ImportFormat, import_callouts};
use rota_core::schedule::save_schedule;

#[derive(Debug, Args)]
pub struct CalloutsArgs {
    #[command(subcommand)]
    pub command: CalloutsCommand,
}

#[derive(Debug, Subcommand)]
pub enum CalloutsCommand {
    /// Record callouts from a file: a CSV (at,minutes,person,service and
    /// optionally rota), a PagerDuty incident list or an Opsgenie alert list
    /// (JSON as the REST APIs return them). Responders are matched to people
    /// by id, email or exact name, and each callout goes to the rota they
    /// were on call for then. If any row cannot be matched, each is reported
    /// and nothing is imported; callouts already recorded are not added twice.
    Import(ImportArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    Csv,
    Pagerduty,
    Opsgenie,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The schedule file to record the callouts in (saved atomically).
    pub schedule: PathBuf,
    /// The file of incidents.
    pub file: PathBuf,
    /// The file's format (default: JSON with `incidents` is PagerDuty's,
    /// with `data` Opsgenie's, anything else CSV).
    #[arg(long, value_enum)]
    pub format: Option<FileFormat>,
}

pub fn run(args: CalloutsArgs, today: Option<NaiveDate>) -> Result<ExitCode> {
    match args.command {
        CalloutsCommand::Import(a) => import(a, today),
    }
}

fn import(args: ImportArgs, today: Option<NaiveDate>) -> Result<ExitCode> {
    let (mut schedule, org, _) = match load_schedule_and_org(&args.schedule) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    // An incident export is someone else's file: read it like every input
    // (regular files only, bounded), and print nothing of it unscrubbed.
    let text = match rota_core::input::storage::read_input(&args.file).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(_)) => {
            super::say(&format!(
                "{}: not UTF-8 text: expected a CSV or JSON file of incidents; nothing was imported",
                args.file.display()
            ));
            return Ok(ExitCode::from(EXIT_INVALID));
        }
        Err(e) => {
            super::say(&format!(
                "{}: cannot read the file: {e}; nothing was imported",
                args.file.display()
            ));
            return Ok(ExitCode::from(EXIT_INVALID));
        }
    };
    let format = match args.format {
        Some(FileFormat::Csv) => ImportFormat::Csv,
        Some(FileFormat::Pagerduty) => ImportFormat::PagerDuty,
        Some(FileFormat::Opsgenie) => ImportFormat::Opsgenie,
        None => ImportFormat::sniff(&text),
    };
    let coverage = Coverage::build(&org, schedule.horizon());
    let file = args.file.display();
    let now = super::now(&org, today);
    match import_callouts(&org, &coverage, &schedule, format, &text, now) {
        Err(rejected) => {
            for r in &rejected {
                super::say(&format!("{file}: {r}"));
            }
            let n = rejected.len();
            super::say(&format!(
                "{n} row{} cannot be imported; nothing was imported",
                rota_core::display::plural(n)
            ));
            Ok(ExitCode::from(EXIT_INVALID))
        }
        Ok(imported) => {
            let added = imported.added.len();
            if added > 0 {
                schedule.callouts.extend(imported.added);
                schedule.sort();
                save_schedule(&args.schedule, &schedule)
                    .wrap_err_with(|| format!("cannot write {}", args.schedule.display()))?;
            }
            let _ = writeln!(
                std::io::stdout(),
                "{added} callout{} imported into {}{}",
                rota_core::display::plural(added),
                args.schedule.display(),
                if imported.already > 0 {
                    format!("; {} already recorded, not added again", imported.already)
                } else {
                    String::new()
                }
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
