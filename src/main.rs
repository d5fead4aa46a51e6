use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Panics are bugs and keep their report; user errors are one plain line.
    if let Err(e) = rota::cli::install_panic_report() {
        return rota::cli::report_error(&e);
    }
    let cli = rota::cli::Cli::parse();
    match rota::cli::run(cli) {
        Ok(code) => code,
        Err(e) => rota::cli::report_error(&e),
    }
}
