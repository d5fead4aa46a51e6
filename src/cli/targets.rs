use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use color_eyre::eyre::Result;

use super::{TableFormat, emit, load_org};
use rota_core::report::targets;

#[derive(Debug, Args)]
pub struct TargetsArgs {
    /// The organisation file.
    pub org: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Tier on this date, with its peaks applied (default: an ordinary day, no peaks).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub date: Option<NaiveDate>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: TargetsArgs) -> Result<ExitCode> {
    let (org, _) = match load_org(&args.org) {
        Ok(o) => o,
        Err(code) => return Ok(code),
    };
    let rows = targets::target_rows(&org, args.date);
    let text = match args.format {
        TableFormat::Table => targets::table(&rows),
        TableFormat::Csv => targets::csv(&rows),
        TableFormat::Json => targets::json(&rows),
    };
    emit(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
