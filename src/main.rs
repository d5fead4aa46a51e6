use std::process::ExitCode;

use clap::Parser;

fn main() -> color_eyre::Result<ExitCode> {
    color_eyre::install()?;
    let cli = rota::cli::Cli::parse();
    rota::cli::run(cli)
}
