//! `rota diff OLD NEW`: what changed between two schedule files, per person,
//! with the warnings each side has and whether history was touched.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use color_eyre::eyre::Result;

use super::emit;
use rota_core::findings::{Findings, Scheduled, Warning};
use rota_core::org::Organisation;
use rota_core::report::diff::{self, Diff};
use rota_core::rotas::Coverage;
use rota_core::schedule::{Changes, Schedule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Md,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The schedule as it was (for example the one committed on main).
    pub old: PathBuf,
    /// The schedule as it is to be; its organisation prices both.
    pub new: PathBuf,
    /// text for a terminal, md for a pull-request comment, json for scripts.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Every finding `rota check ORG --schedule FILE` prints for a schedule.
fn checks(
    org: &Organisation,
    org_text: &str,
    schedule: &Schedule,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Warning> {
    let coverage = Coverage::build(org, schedule.horizon());
    let scheduled = Scheduled {
        org_text,
        coverage: &coverage,
        schedule,
        now: Some(now),
    };
    Findings::gather(org, Some(scheduled)).all()
}

pub fn run(args: DiffArgs, today: Option<NaiveDate>) -> Result<ExitCode> {
    let (old, old_org, old_text) = match super::report::load_schedule_and_org(&args.old) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let (new, org, org_text) = match super::report::load_schedule_and_org(&args.new) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let now = super::now(&org, today);
    let changes = Changes::between(&org, &old, &new, now);
    let built = Diff::new(
        args.old.display().to_string(),
        args.new.display().to_string(),
        &org,
        changes,
        &checks(&old_org, &old_text, &old, now),
        &checks(&org, &org_text, &new, now),
    );
    let out = match args.format {
        DiffFormat::Text => diff::text(&built),
        DiffFormat::Md => diff::markdown(&built),
        DiffFormat::Json => diff::json(&built),
    };
    emit(args.output.as_deref(), &out)?;
    Ok(ExitCode::SUCCESS)
}
