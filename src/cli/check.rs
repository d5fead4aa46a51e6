use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use color_eyre::eyre::Result;

use super::progress::Progress;
use super::{EXIT_INVALID, emit, load_org_quietly};
use rota_core::findings::{Findings, Scheduled};
use rota_core::input::diag::Severity;
use rota_core::org::{Level, Organisation};
use rota_core::tier::{base_tier, team_base_level};

/// Any date serves for the rotas of an ordinary day; this one is a Monday.
const ORDINARY_DAY: NaiveDate = NaiveDate::from_ymd_opt(2001, 1, 1).expect("a valid date");

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The organisation file.
    pub org: PathBuf,
    /// A schedule file to check against the organisation.
    #[arg(long, value_name = "FILE")]
    pub schedule: Option<PathBuf>,
    /// Fail (exit 1) on any warning, not only on errors; for CI.
    #[arg(long)]
    pub strict: bool,
    /// text: a summary, then every finding with its fix; json: the findings
    /// alone, for CI (code, severity, message, fix, rota, people, dates).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

pub fn run(args: CheckArgs, today: Option<NaiveDate>) -> Result<ExitCode> {
    let progress = Progress::start(&format!("reading {}", args.org.display()));
    let (org, org_text) = match load_org_quietly(&args.org) {
        Ok(o) => o,
        Err(d) => {
            drop(progress);
            return Ok(super::report_diagnostics(&d));
        }
    };
    let mut out = summary(&org);
    let schedule = match &args.schedule {
        Some(path) => {
            progress.step(&format!("reading {}", path.display()));
            match rota_core::schedule::load_schedule(path) {
                Ok((s, _)) => Some(s),
                Err(d) => {
                    drop(progress);
                    return Ok(super::report_diagnostics(&d));
                }
            }
        }
        None => None,
    };
    progress.step(&format!("checking {} people", org.people.len()));
    let coverage = schedule
        .as_ref()
        .map(|s| rota_core::rotas::Coverage::build(&org, s.horizon()));
    let scheduled = schedule
        .as_ref()
        .zip(coverage.as_ref())
        .map(|(schedule, coverage)| Scheduled {
            org_text: &org_text,
            coverage,
            schedule,
            // What started before today is history: worked, and not judged
            // by today's organisation.
            now: Some(super::now(&org, today)),
        });
    let warnings = Findings::gather(&org, scheduled).all();
    drop(progress);
    if let (Some(path), Some(schedule)) = (&args.schedule, &schedule) {
        let _ = writeln!(
            out,
            "\nSchedule {}: {} to {}, {} shifts",
            path.display(),
            schedule.start,
            schedule.end,
            schedule.shifts.len()
        );
    }

    match args.format {
        CheckFormat::Text => {
            out.push_str(&rota_core::report::text::warning_list(&warnings));
            emit(None, &out)?;
        }
        CheckFormat::Json => emit(None, &findings_json(&org, &warnings))?,
    }

    let errors = warnings.iter().any(|w| w.severity == Severity::Error);
    if errors || (args.strict && !warnings.is_empty()) {
        return Ok(ExitCode::from(EXIT_INVALID));
    }
    Ok(ExitCode::SUCCESS)
}

/// Teams per on-call level, rotas, services per band, on an ordinary day.
pub fn summary(org: &Organisation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} domains, {} teams, {} people ({} opted in), {} services",
        org.name,
        org.domains.len(),
        org.teams.len(),
        org.people.len(),
        org.people.iter().filter(|p| p.on_call).count(),
        org.services.len()
    );
    let levels: Vec<Level> = (0..org.teams.len())
        .map(|t| team_base_level(org, t))
        .collect();
    let _ = writeln!(out, "\nOn-call level per team (ordinary day):");
    for level in [Level::Team, Level::Domain, Level::None] {
        let teams: Vec<&str> = (0..org.teams.len())
            .filter(|&t| levels[t] == level)
            .map(|t| org.teams[t].id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "  {:<7} {:>2}  {}",
            level.as_str(),
            teams.len(),
            teams.join(", ")
        );
    }
    let ordinary = rota_core::rotas::Coverage::ordinary(org, ORDINARY_DAY);
    let _ = writeln!(out, "\nRotas (ordinary day): {}", ordinary.rotas.len());
    for (r, rota) in ordinary.rotas.iter().enumerate() {
        let cover = ordinary.cover(r, 0).cloned().unwrap_or_default();
        let teams: Vec<&str> = cover
            .teams
            .iter()
            .map(|&t| org.teams[t].id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "  {:<24} {:>2} members  covers {}",
            rota.id,
            cover.members.len(),
            teams.join(", ")
        );
    }
    if !org.peaks.is_empty() {
        let _ = writeln!(out, "\nPeaks:");
        for peak in &org.peaks {
            let raised: Vec<String> = (0..org.teams.len())
                .filter_map(|t| {
                    let base = team_base_level(org, t);
                    let top = peak_dates(peak)
                        .map(|d| rota_core::tier::team_level(org, t, d))
                        .max()
                        .unwrap_or(base);
                    (top > base).then(|| {
                        format!("{} {} -> {}", org.teams[t].id, base.as_str(), top.as_str())
                    })
                })
                .collect();
            let _ = writeln!(
                out,
                "  {} {}..{} x{}: {}",
                peak.name,
                peak.from,
                peak.to,
                peak.exposure_multiplier,
                if raised.is_empty() {
                    "no team changes level".to_string()
                } else {
                    raised.join(", ")
                }
            );
        }
    }
    let _ = writeln!(out, "\nServices per band:");
    for (b, band) in org.bands.iter().enumerate() {
        let n = (0..org.services.len())
            .filter(|&s| base_tier(org, s).band == b)
            .count();
        let _ = writeln!(
            out,
            "  {:<7} {:>2}  up to {}/h, {}%, on-call {}",
            band.name,
            n,
            rota_core::display::format_exposure(band.max_hourly_exposure),
            rota_core::display::format_percent(band.availability),
            band.on_call.as_str()
        );
    }
    out
}

fn peak_dates(peak: &rota_core::org::Peak) -> impl Iterator<Item = NaiveDate> + '_ {
    peak.from.iter_days().take_while(move |d| *d <= peak.to)
}

/// The findings as JSON for CI: counts, then one object per finding with
/// its code, severity, message, fix, rota, people, teams, services and dates
/// (`from`, `to`, inclusive; null when a finding has none).
pub fn findings_json(org: &Organisation, warnings: &[rota_core::findings::Warning]) -> String {
    let errors = warnings
        .iter()
        .filter(|w| w.severity == Severity::Error)
        .count();
    let findings: Vec<serde_json::Value> = warnings
        .iter()
        .map(|w| {
            serde_json::json!({
                "code": w.code.as_str(),
                "severity": w.severity,
                "message": w.message,
                "fix": w.fix,
                "rota": w.rota,
                "people": w.people,
                "teams": w.teams,
                "services": w.services,
                "dates": w.from.map(|from| serde_json::json!({
                    "from": from.to_string(),
                    "to": w.to.unwrap_or(from).to_string(),
                })),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "organisation": org.name,
        "errors": errors,
        "warnings": warnings.len() - errors,
        "findings": findings,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
