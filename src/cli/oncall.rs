//! `rota now SCHEDULE` (who is on call at an instant, per rota) and
//! `rota next SCHEDULE --person ID` (a person's upcoming shifts).

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use clap::{Args, ValueEnum};
use color_eyre::eyre::Result;

use super::{EXIT_INVALID, emit};
use rota_core::report::oncall;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnCallFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct NowArgs {
    /// The schedule file; its organisation file is found from it.
    pub schedule: PathBuf,
    /// The instant to ask about, RFC 3339 (2026-12-09T22:00:00Z or with an
    /// offset). Default: the start of --today in the organisation's time
    /// zone when given, else the clock.
    #[arg(long, value_name = "TIME", value_parser = parse_instant)]
    pub at: Option<DateTime<FixedOffset>>,
    /// text for people, json for scripts.
    #[arg(long, value_enum, default_value_t = OnCallFormat::Text)]
    pub format: OnCallFormat,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    /// The schedule file; its organisation file is found from it.
    pub schedule: PathBuf,
    /// Whose shifts.
    #[arg(long, value_name = "ID")]
    pub person: String,
    /// text for people, json for scripts.
    #[arg(long, value_enum, default_value_t = OnCallFormat::Text)]
    pub format: OnCallFormat,
}

fn parse_instant(s: &str) -> std::result::Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s).map_err(|_| {
        format!("not an RFC 3339 date-time with an offset, like 2026-12-09T22:00:00Z: {s}")
    })
}

pub fn run_now(args: NowArgs, today: Option<NaiveDate>) -> Result<ExitCode> {
    let (schedule, org, _) = match super::report::load_schedule_and_org(&args.schedule) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let at = args
        .at
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| super::now(&org, today));
    let now = oncall::now(&org, &schedule, at);
    let text = match args.format {
        OnCallFormat::Text => oncall::now_text(&org, &now),
        OnCallFormat::Json => oncall::json(&now),
    };
    emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_next(args: NextArgs, today: Option<NaiveDate>) -> Result<ExitCode> {
    let (schedule, org, _) = match super::report::load_schedule_and_org(&args.schedule) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if org.person_index(&args.person).is_none()
        && !schedule.shifts.iter().any(|s| s.person == args.person)
    {
        let known = org.people.iter().map(|p| p.id.as_str());
        match rota_core::input::diag::nearest(&args.person, known) {
            Some(s) => eprintln!("no person with id '{}' (did you mean '{s}'?)", args.person),
            None => eprintln!(
                "no person with id '{}' in the schedule or its organisation",
                args.person
            ),
        }
        return Ok(ExitCode::from(EXIT_INVALID));
    }
    let at = super::now(&org, today);
    let next = oncall::next(&org, &schedule, &args.person, at);
    let text = match args.format {
        OnCallFormat::Text => oncall::next_text(&org, &next),
        OnCallFormat::Json => oncall::json(&next),
    };
    emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}
