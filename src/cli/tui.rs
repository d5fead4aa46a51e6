//! `rota tui [ORG] [--schedule FILE]`, and `rota` on its own.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;

/// The example organisation, for `rota` run where there is no example file.
pub const EXAMPLE: &str = include_str!("../../schedules/example.toml");
pub const EXAMPLE_PATH: &str = "schedules/example.toml";

/// Where `keys.toml` is read from, for `rota tui --help`: the directory
/// as it is resolved on this machine, and the rule that picks it.
pub fn keys_help() -> String {
    let place = match crate::tui::config_dir(None) {
        Some(dir) => dir.join("keys.toml").display().to_string(),
        None => "(no config directory found on this system)".to_string(),
    };
    format!(
        "Keys: rebind actions in keys.toml, read from --config DIR, else $ROTA_CONFIG_DIR, \
         else the platform config directory; here: {place}\n\
         Each line names an action and its keys, e.g. quit = \"ctrl+q\" or \
         assign = [\"enter\", \"a\"]; the README lists every action name."
    )
}

#[derive(Debug, clap::Args)]
#[command(after_help = keys_help())]
pub struct TuiArgs {
    /// The organisation file [default: schedules/example.toml]
    pub org: Option<PathBuf>,
    /// The schedule file [default: ORG's stem + .schedule.toml beside it; a
    /// new 13-week plan from the coming Monday when it does not exist]
    #[arg(long, value_name = "FILE")]
    pub schedule: Option<PathBuf>,
    /// Directory holding keys.toml [default: the platform config directory;
    /// also ROTA_CONFIG_DIR]
    #[arg(long, value_name = "DIR")]
    pub config: Option<PathBuf>,
}

/// The schedule path that goes with an organisation file.
pub fn default_schedule_path(org: &Path) -> PathBuf {
    let stem = org
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "rota".into());
    org.with_file_name(format!("{stem}.schedule.toml"))
}

pub fn run(args: TuiArgs, today: Option<NaiveDate>) -> Result<ExitCode> {
    let org_path = args
        .org
        .clone()
        .unwrap_or_else(|| PathBuf::from(EXAMPLE_PATH));
    let (org, text) = if args.org.is_none() && !org_path.exists() {
        // The built-in copy; saving writes it out as schedules/example.toml.
        match rota_core::org::parse_organisation(EXAMPLE_PATH, EXAMPLE) {
            Ok(org) => (org, EXAMPLE.to_string()),
            Err(d) => return Ok(super::report_diagnostics(&d)),
        }
    } else {
        match super::load_org(&org_path) {
            Ok(x) => x,
            Err(code) => return Ok(code),
        }
    };
    let schedule_path = args
        .schedule
        .clone()
        .unwrap_or_else(|| default_schedule_path(&org_path));
    let schedule = if schedule_path.exists() {
        match rota_core::schedule::load_schedule(&schedule_path) {
            Ok((s, _)) => Some(s),
            Err(d) => return Ok(super::report_diagnostics(&d)),
        }
    } else {
        None
    };
    let dir = crate::tui::config_dir(args.config.as_deref());
    let keymap = match Keymap::load(dir.as_deref()) {
        Ok(k) => k,
        Err(e) => {
            super::say(&e.to_string());
            return Ok(ExitCode::from(super::EXIT_INVALID));
        }
    };
    if !crate::tui::has_terminal() {
        super::say(
            "error: the planner needs a terminal (standard input and output are not one); \
             from a script use `rota check`, `rota plan`, `rota report` or `rota export`",
        );
        return Ok(ExitCode::from(super::EXIT_INVALID));
    }
    // The same "now" as every other command: history is what started
    // before it, the shift in progress included.
    let now = super::now(&org, today);
    let app = App::new_at(org_path, text, org, schedule_path, schedule, now);
    crate::tui::run(app, keymap, Theme::from_env())?;
    Ok(ExitCode::SUCCESS)
}
