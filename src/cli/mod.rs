//! The command line: a thin front end over the library.

mod callouts;
mod check;
mod cost;
mod diff;
mod example;
mod export;
mod oncall;
mod plan;
mod progress;
mod report;
mod shell;
mod targets;
pub mod tui;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use color_eyre::eyre::{Result, WrapErr};

use rota_core::input::diag::Diagnostics;
use rota_core::org::Organisation;

/// Exit codes (docs/format.md, "Command line").
pub const EXIT_OK: u8 = 0;
pub const EXIT_INVALID: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "rota",
    version,
    about = "Tiered, fair, costed out-of-hours on-call rotas from a TOML roster",
    long_about = "rota tiers every service by financial exposure, builds fair out-of-hours \
rotas around people's time off, flags burnout risk and linear run-cost growth, and costs it \
all.\n\nWith no command it opens the planner on schedules/example.toml.",
    after_help = "Examples:
  rota check org.toml                                 validate, list warnings
  rota plan org.toml --start 2026-12-07 --weeks 13 -o winter.toml
  rota report winter.toml --format md                 remuneration for a pull request
  rota export winter.toml --format ics --person ava -o ava.ics
  rota tui org.toml                                   plan interactively

Exit codes: 0 success; 1 invalid input or a broken hard constraint (or, with \
--strict, any warning); 2 usage error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Treat this date as today (YYYY-MM-DD); defaults to the system date.
    /// Also read from the ROTA_TODAY environment variable.
    #[arg(long, global = true, value_name = "DATE", env = "ROTA_TODAY", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate an organisation file (and a schedule); print a summary, every
    /// problem and every warning.
    Check(check::CheckArgs),
    /// Per service: band, exposure, availability target, tolerable downtime
    /// and on-call level.
    Targets(targets::TargetsArgs),
    /// Open the interactive planner on an organisation and its schedule.
    Tui(tui::TuiArgs),
    /// Plan a schedule: give every out-of-hours shift of every rota to a
    /// person, fairly, around time off; keep the pinned shifts of -o FILE.
    Plan(plan::PlanArgs),
    /// Remuneration per person, team, domain and rota for a date range of a
    /// schedule, with run cost and warnings.
    Report(report::ReportArgs),
    /// Yearly run cost of the tiered plan against one rota per team, now and
    /// projected for other team counts.
    Cost(cost::CostArgs),
    /// Shifts of a schedule as iCalendar (for calendars) or CSV (for
    /// spreadsheets).
    Export(export::ExportArgs),
    /// Record actual callouts in a schedule (from a CSV, PagerDuty or Opsgenie).
    Callouts(callouts::CalloutsArgs),
    /// What changed between two schedule files: per person shifts gained
    /// and lost and standby pay, warnings new and resolved, history touched.
    Diff(diff::DiffArgs),
    /// Who is on call on every rota at an instant (default: now), since and
    /// until when, and who takes over next.
    Now(oncall::NowArgs),
    /// A person's upcoming shifts (the one in progress included).
    Next(oncall::NextArgs),
    /// Print a generated organisation file of any size (for trying rota out
    /// and for benchmarks); the same seed gives the same file.
    Example(example::ExampleArgs),
    /// Print a shell completion script to standard output, e.g.
    /// `rota completions bash > /etc/bash_completion.d/rota`.
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff) to standard output, e.g.
    /// `rota man > rota.1`.
    Man,
}

/// Output formats for tabular data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Csv,
    Json,
}

/// A date on the command line: `YYYY-MM-DD`, with a four-digit year as the
/// files hold them; anything else is a usage error naming the format.
pub fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
    let wrong = || format!("expected a date YYYY-MM-DD, like 2026-12-07, not `{text}`");
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| wrong())?;
    if text.len() != 10 || !rota_core::calendar::fits_the_file_format(date) {
        return Err(wrong());
    }
    Ok(date)
}

/// Whether stderr may carry colour: a terminal, and `NO_COLOR` unset or empty.
pub fn colour_allowed() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Installs the report for panics (real bugs: a backtrace hint, colour only
/// where [`colour_allowed`]). Errors for users never go through it; see
/// [`report_error`].
pub fn install_panic_report() -> Result<()> {
    let theme = if colour_allowed() {
        color_eyre::config::Theme::dark()
    } else {
        color_eyre::config::Theme::new()
    };
    color_eyre::config::HookBuilder::default()
        .theme(theme)
        .display_env_section(false)
        .install()
}

/// Prints a failure for the user as one plain line, `error: what: why`, and
/// returns exit code 1. Only a panic (a bug) prints a backtrace.
pub fn report_error(e: &color_eyre::Report) -> ExitCode {
    let text = rota_core::display::terminal_safe(&format!("{e:#}")).replace('\n', " ");
    let label = if colour_allowed() {
        "\u{1b}[1;31merror\u{1b}[0m"
    } else {
        "error"
    };
    let _ = writeln!(std::io::stderr().lock(), "{label}: {text}");
    ExitCode::from(EXIT_INVALID)
}

/// Runs the command line; returns the process exit code.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Some(Command::Check(args)) => check::run(args, cli.today),
        Some(Command::Targets(args)) => targets::run(args),
        Some(Command::Tui(args)) => tui::run(args, cli.today),
        Some(Command::Plan(args)) => plan::run(args, cli.today),
        Some(Command::Report(args)) => report::run(args, cli.today),
        Some(Command::Cost(args)) => cost::run(args),
        Some(Command::Export(args)) => export::run(args),
        Some(Command::Diff(args)) => diff::run(args, cli.today),
        Some(Command::Now(args)) => oncall::run_now(args, cli.today),
        Some(Command::Next(args)) => oncall::run_next(args, cli.today),
        Some(Command::Example(args)) => example::run(args),
        Some(Command::Callouts(args)) => callouts::run(args, cli.today),
        Some(Command::Completions(args)) => shell::completions(args),
        Some(Command::Man) => shell::man(),
        None => tui::run(
            tui::TuiArgs {
                org: None,
                schedule: None,
                config: None,
            },
            cli.today,
        ),
    }
}

/// "Now" for an organisation: the start of `--today` in its time zone when
/// given, else the clock. Shifts that started before it are history.
pub(crate) fn now(org: &Organisation, today: Option<NaiveDate>) -> chrono::DateTime<chrono::Utc> {
    match today {
        Some(date) => {
            rota_core::calendar::local_instant(org.timezone, date, chrono::NaiveTime::MIN)
        }
        None => chrono::Utc::now(),
    }
}

/// Loads an organisation, printing its problems to stderr when it has any.
pub(crate) fn load_org(path: &Path) -> std::result::Result<(Organisation, String), ExitCode> {
    load_org_quietly(path).map_err(|d| report_diagnostics(&d))
}

/// Loads an organisation; its problems are for the caller to print (once a
/// progress line is cleared).
pub(crate) fn load_org_quietly(
    path: &Path,
) -> std::result::Result<(Organisation, String), Diagnostics> {
    rota_core::org::load_organisation(path)
}

pub(crate) fn report_diagnostics(d: &Diagnostics) -> ExitCode {
    let mut err = std::io::stderr().lock();
    // At most MAX_LISTED problems, then "and N more"; the total follows.
    let _ = writeln!(err, "{d}");
    let n = d.0.len();
    let _ = writeln!(
        err,
        "{n} problem{} found; nothing was loaded",
        rota_core::display::plural(n)
    );
    ExitCode::from(EXIT_INVALID)
}

/// Prints a message for the user on stderr, made terminal-safe: messages
/// echo ids and paths the user typed or a file held.
pub(crate) fn say(text: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        rota_core::display::terminal_safe(text)
    );
}

/// `-o -` names standard output, as most tools read it.
pub(crate) fn output_file(output: Option<&Path>) -> Option<&Path> {
    output.filter(|p| p.as_os_str() != "-")
}

/// Writes data to `-o FILE` (atomically) or to stdout (no `-o`, or `-o -`).
/// Text reports never carry a raw control character to a terminal or file.
pub(crate) fn emit(output: Option<&Path>, text: &str) -> Result<()> {
    let text = rota_core::display::terminal_safe(text);
    match output_file(output) {
        Some(path) => rota_core::input::storage::write_atomic(path, text.as_bytes())
            .wrap_err_with(|| format!("cannot write {}", path.display())),
        None => write_stdout(text.as_bytes()),
    }
}

/// Like [`emit`], with the text written by `write` as it is made instead of
/// built whole first: a 50,000-person calendar or schedule is tens of
/// megabytes. The bytes are the same as `emit` of the whole text.
pub(crate) fn emit_with(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<()> {
    use rota_core::display::SafeWriter;
    let safely = |w: &mut dyn std::io::Write| {
        let mut safe = SafeWriter::new(w);
        write(&mut safe)?;
        safe.finish().map(|_| ())
    };
    match output_file(output) {
        Some(path) => rota_core::input::storage::write_atomic_with(path, safely)
            .wrap_err_with(|| format!("cannot write {}", path.display())),
        None => {
            // The safe writer gathers blocks of lines itself.
            let mut out = std::io::stdout().lock();
            match safely(&mut out).and_then(|_| out.flush()) {
                // A closed pipe (`rota … | head`) is not an error worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.wrap_err("cannot write to standard output"),
            }
        }
    }
}

/// Writes bytes to standard output as they are.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        // A closed pipe (`rota … | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.wrap_err("cannot write to standard output"),
    }
}
