//! `rota completions SHELL` and `rota man`: what packagers and shells expect
//! of a command-line tool, generated from the same clap definition as the
//! commands themselves so they never drift.

use std::process::ExitCode;

use clap::CommandFactory;
use color_eyre::eyre::{Result, WrapErr};

use super::Cli;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn completions(args: CompletionsArgs) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "rota", &mut script);
    super::write_stdout(&script)?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .wrap_err("cannot render the manual page")?;
    super::write_stdout(&page)?;
    Ok(ExitCode::SUCCESS)
}
