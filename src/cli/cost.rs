use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use color_eyre::eyre::Result;

use super::{emit, load_org};
use rota_core::analysis::{run_cost, run_cost_from};
use rota_core::report::{csv, json, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CostFormat {
    Text,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct CostArgs {
    /// The organisation file.
    pub org: PathBuf,
    /// Team counts to project the run cost to, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "10,20,40,80", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub teams: Vec<u32>,
    /// Cost the 52 weeks from this date (default: from the first Monday of
    /// the year with the most public holidays in the file).
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    pub from: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CostFormat::Text)]
    pub format: CostFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: CostArgs) -> Result<ExitCode> {
    let (org, _) = match load_org(&args.org) {
        Ok(o) => o,
        Err(code) => return Ok(code),
    };
    if let Some(from) = args.from
        && from.checked_add_days(chrono::Days::new(7 * 53)).is_none()
    {
        eprintln!("error: --from {from} leaves no room for 52 weeks in the calendar");
        return Ok(ExitCode::from(super::EXIT_USAGE));
    }
    let teams: Vec<usize> = args.teams.iter().map(|&t| t as usize).collect();
    let cost = match args.from {
        Some(from) => run_cost_from(&org, from, &teams),
        None => run_cost(&org, &teams),
    };
    let mut out = match args.format {
        CostFormat::Text => text::cost(&cost),
        CostFormat::Csv => csv::cost(&cost),
        CostFormat::Json => json::cost(&cost),
    };
    if args.format == CostFormat::Text
        && let Some(w) = rota_core::findings::linear_run_cost(&org, &cost)
    {
        out.push('\n');
        out.push_str(&text::warnings(&[w]));
    }
    emit(args.output.as_deref(), &out)?;
    Ok(ExitCode::SUCCESS)
}
