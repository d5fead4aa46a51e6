use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use color_eyre::eyre::Result;

use super::emit;
use rota_core::org::generate::{GenerateOptions, generate};

#[derive(Debug, Args)]
pub struct ExampleArgs {
    /// Number of teams.
    #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub teams: u32,
    /// People in each team.
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=200))]
    pub people_per_team: u32,
    /// Seed: the same seed gives the same organisation.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Give the highest exposure band (team level) a secondary on call.
    #[arg(long)]
    pub secondary: bool,
    /// Write the organisation here instead of to standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: ExampleArgs) -> Result<ExitCode> {
    let text = generate(&GenerateOptions {
        teams: args.teams as usize,
        people_per_team: args.people_per_team as usize,
        seed: args.seed,
        secondary: args.secondary,
        ..GenerateOptions::default()
    });
    emit(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
