//! Exports of a schedule for other programs: calendars (iCalendar) and
//! spreadsheets (CSV). Each format is a module that takes the shifts as
//! plain data and returns text, so the command line and the TUI share them;
//! `output::ShiftFormat` names the formats and picks the renderer.

pub mod csv;
pub mod ics;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime, Utc};

use crate::calendar::{SliceKind, local_instant};
use crate::money::Money;
use crate::org::Organisation;
use crate::rotas::{Coverage, RotaKind};
use crate::schedule::{Assignment, Schedule, resolve};

/// A path to offer for an export: beside the schedule, named after it and the
/// filter (`winter-ava.ics`, `winter-domain-checkout.csv`).
pub fn default_path(schedule: &Path, filter: &Filter, extension: &str) -> PathBuf {
    let stem = schedule
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "schedule".to_string());
    let mut name = stem;
    for part in [&filter.rota, &filter.person].into_iter().flatten() {
        name.push('-');
        name.push_str(part);
    }
    name.push('.');
    name.push_str(extension);
    schedule.with_file_name(name)
}

/// Which shifts to export. Dates are inclusive; a shift that overlaps the
/// range is exported whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub rota: Option<String>,
    pub person: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// One shift (or cover segment of a split shift) with everything the
/// formats show about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportShift {
    pub rota: String,
    /// What people call the rota: "Checkout domain rota", or an explicit
    /// rota's own name. The id when the rota is unknown.
    pub rota_name: String,
    pub person: String,
    /// The id when the person is unknown.
    pub person_name: String,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// As the schedule says.
    pub slices: u32,
    pub weeknight_slices: u32,
    pub weekend_slices: u32,
    pub holiday_slices: u32,
    pub standby_pay: Money,
    pub pinned: bool,
    pub note: String,
    /// Primary or secondary.
    pub role: crate::schedule::Role,
    /// Names of the teams covered, in organisation order. Shifts that
    /// cover the same teams of a rota share the list.
    pub teams: Arc<[String]>,
    /// Names of the services of those teams, in organisation order; shared
    /// as the teams are.
    pub services: Arc<[String]>,
    /// False when the shift does not line up with the organisation's rotas
    /// and slices as they are now (a stale schedule); what is shown then is
    /// worked out from its instants alone.
    pub placed: bool,
}

/// The shifts of a schedule selected by a filter, with what a calendar or a
/// spreadsheet needs to present them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub organisation: String,
    pub currency: String,
    /// First date of the schedule; calendars derive their timestamps from it
    /// when the schedule has no stored time, so that two exports of one
    /// schedule are identical.
    pub schedule_start: NaiveDate,
    /// The schedule's revision: calendars' SEQUENCE.
    pub revision: u32,
    /// When a save last changed the schedule's shifts: calendars' DTSTAMP
    /// and LAST-MODIFIED.
    pub updated: Option<DateTime<Utc>>,
    /// "Example Retail on call", narrowed by the filter's rota or person.
    pub title: String,
    /// Set when the export is for one person, who then need not be named on
    /// every event.
    pub for_person: bool,
    pub shifts: Vec<ExportShift>,
    /// Shifts that were in this feed and are no longer: in one person's
    /// feed the shifts moved from them; in any feed the shifts whose slot
    /// (rota and start) no longer exists. Calendars cancel them; tables leave
    /// them out. Sorted by rota, then start.
    pub cancelled: Vec<ExportShift>,
}

/// Builds the export of a schedule against its organisation.
pub fn build(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    filter: &Filter,
) -> Export {
    let resolved = resolve(org, coverage, schedule);
    let mut placed: Vec<Option<&Assignment>> = vec![None; schedule.shifts.len()];
    for a in &resolved.assignments {
        placed[a.shift] = Some(a);
    }
    let window = date_window(org, filter);
    // What the shifts of a rota share, worked out once per rota: its name,
    // and the names of the teams and services of the last set of teams one
    // of its shifts covered (a rota's shifts mostly cover the same teams).
    let mut rota_names: Vec<Option<String>> = vec![None; coverage.rotas.len()];
    let mut covers: Vec<Option<Cover>> = vec![None; coverage.rotas.len()];
    let no_names: Arc<[String]> = Arc::from(Vec::new());

    // At most every shift: room for them all at once, not grown and copied.
    let mut shifts = Vec::with_capacity(schedule.shifts.len());
    let mut teams: Vec<usize> = Vec::new();
    for (i, shift) in schedule.shifts.iter().enumerate() {
        if filter.rota.as_deref().is_some_and(|r| r != shift.rota)
            || filter.person.as_deref().is_some_and(|p| p != shift.person)
        {
            continue;
        }
        let (start, end) = (
            shift.start.with_timezone(&Utc),
            shift.end.with_timezone(&Utc),
        );
        if let Some((from, to)) = window
            && (end <= from || start >= to)
        {
            continue;
        }
        let rota = coverage.rota_index(&shift.rota);
        // The slices the shift covers: exact when it lines up, otherwise
        // those most of which lie within its instants.
        let slices = match placed[i] {
            Some(a) => a.slice_range(),
            None => coverage.slices_mostly_within(start, end),
        };
        let mut out = ExportShift {
            rota: shift.rota.clone(),
            rota_name: match rota {
                Some(r) => rota_names[r]
                    .get_or_insert_with(|| rota_name(coverage, r))
                    .clone(),
                None => shift.rota.clone(),
            },
            person: shift.person.clone(),
            person_name: org
                .person_index(&shift.person)
                .map(|p| org.people[p].name.clone())
                .unwrap_or_else(|| shift.person.clone()),
            start: shift.start,
            end: shift.end,
            slices: shift.slices,
            weeknight_slices: 0,
            weekend_slices: 0,
            holiday_slices: 0,
            standby_pay: Money::ZERO,
            pinned: shift.pinned,
            note: shift.note.clone(),
            role: shift.role,
            teams: no_names.clone(),
            services: no_names.clone(),
            placed: placed[i].is_some_and(|a| !a.off_grid),
        };
        teams.clear();
        for d in slices {
            let slice = &coverage.slices[d];
            match slice.kind {
                SliceKind::Weeknight => out.weeknight_slices += 1,
                SliceKind::Weekend => out.weekend_slices += 1,
                SliceKind::Holiday => out.holiday_slices += 1,
            }
            out.standby_pay += slice.kind.standby_as(&org.pay, shift.role);
            if let Some(cover) = rota.and_then(|r| coverage.cover(r, d)) {
                teams.extend(cover.teams.iter().copied());
            }
        }
        teams.sort_unstable();
        teams.dedup();
        if let Some(r) = rota
            && !teams.is_empty()
        {
            let cover = match &mut covers[r] {
                Some(c) if c.teams == teams => c,
                slot => slot.insert(Cover::of(org, &teams)),
            };
            out.teams = cover.team_names.clone();
            out.services = cover.service_names.clone();
        }
        shifts.push(out);
    }

    let cancelled = cancelled(org, coverage, schedule, filter, window);
    Export {
        organisation: org.name.clone(),
        currency: org.currency.clone(),
        schedule_start: schedule.start,
        revision: schedule.revision,
        updated: schedule.updated.map(|t| t.with_timezone(&Utc)),
        title: title(org, coverage, filter),
        for_person: filter.person.is_some(),
        shifts,
        cancelled,
    }
}

/// The teams one or more shifts of a rota cover, and their names and their
/// services' names, shared by those shifts.
#[derive(Clone)]
struct Cover {
    /// Sorted, each once.
    teams: Vec<usize>,
    team_names: Arc<[String]>,
    service_names: Arc<[String]>,
}

impl Cover {
    fn of(org: &Organisation, teams: &[usize]) -> Cover {
        let team_names = teams.iter().map(|&t| org.teams[t].name.clone()).collect();
        let service_names = teams
            .iter()
            .flat_map(|&t| org.team_services(t))
            .collect::<std::collections::BTreeSet<usize>>()
            .into_iter()
            .map(|s| org.services[s].name.clone())
            .collect();
        Cover {
            teams: teams.to_vec(),
            team_names,
            service_names,
        }
    }
}

/// The moved shifts a feed with this filter must cancel. A person's feed
/// had every shift moved from them, unless they hold that slot again; a
/// feed of everyone (or of a rota) had every slot, so only a slot nobody
/// holds any more is gone from it.
fn cancelled(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    filter: &Filter,
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
) -> Vec<ExportShift> {
    use std::collections::BTreeSet;
    if schedule.moved.is_empty() {
        return Vec::new();
    }
    let slot = |rota: &str, start: DateTime<FixedOffset>, role: crate::schedule::Role| {
        (rota.to_string(), start.with_timezone(&Utc), role)
    };
    let slots: BTreeSet<(String, DateTime<Utc>, crate::schedule::Role)> = schedule
        .shifts
        .iter()
        .filter(|s| filter.person.as_deref().is_none_or(|p| p == s.person))
        .map(|s| slot(&s.rota, s.start, s.role))
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for m in &schedule.moved {
        if filter.rota.as_deref().is_some_and(|r| r != m.rota)
            || filter.person.as_deref().is_some_and(|p| p != m.person)
        {
            continue;
        }
        let key = slot(&m.rota, m.start, m.role);
        if slots.contains(&key) || !seen.insert(key) {
            continue;
        }
        let (start, end) = (m.start.with_timezone(&Utc), m.end.with_timezone(&Utc));
        if let Some((from, to)) = window
            && (end <= from || start >= to)
        {
            continue;
        }
        out.push(ExportShift {
            rota: m.rota.clone(),
            rota_name: coverage
                .rota_index(&m.rota)
                .map(|r| rota_name(coverage, r))
                .unwrap_or_else(|| m.rota.clone()),
            person: m.person.clone(),
            person_name: org
                .person_index(&m.person)
                .map(|p| org.people[p].name.clone())
                .unwrap_or_else(|| m.person.clone()),
            start: m.start,
            end: m.end,
            slices: 0,
            weeknight_slices: 0,
            weekend_slices: 0,
            holiday_slices: 0,
            standby_pay: Money::ZERO,
            pinned: false,
            note: String::new(),
            role: m.role,
            teams: Arc::from(Vec::new()),
            services: Arc::from(Vec::new()),
            placed: false,
        });
    }
    out
}

/// The rota's name as people say it.
pub fn rota_name(coverage: &Coverage, rota: usize) -> String {
    let r = &coverage.rotas[rota];
    match r.kind {
        RotaKind::Team(_) | RotaKind::Domain(_) => format!("{} rota", r.name),
        RotaKind::Explicit(_) => r.name.clone(),
    }
}

fn title(org: &Organisation, coverage: &Coverage, filter: &Filter) -> String {
    let mut parts = vec![format!("{} on call", org.name)];
    if let Some(rota) = &filter.rota {
        parts.push(
            coverage
                .rota_index(rota)
                .map(|r| rota_name(coverage, r))
                .unwrap_or_else(|| rota.clone()),
        );
    }
    if let Some(person) = &filter.person {
        parts.push(
            org.person_index(person)
                .map(|p| org.people[p].name.clone())
                .unwrap_or_else(|| person.clone()),
        );
    }
    parts.join(": ")
}

/// The filter's dates as instants `[from, to)`: local midnight of `from` to
/// local midnight after `to`.
fn date_window(org: &Organisation, filter: &Filter) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    if filter.from.is_none() && filter.to.is_none() {
        return None;
    }
    let midnight = NaiveTime::MIN;
    let from = filter
        .from
        .map(|d| local_instant(org.timezone, d, midnight))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let to = filter
        .to
        .and_then(|d| d.checked_add_days(Days::new(1)))
        .map(|d| local_instant(org.timezone, d, midnight))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    Some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_paths_sit_beside_the_schedule() {
        let schedule = Path::new("rotas/winter.toml");
        let all = Filter::default();
        assert_eq!(
            default_path(schedule, &all, "ics"),
            Path::new("rotas/winter.ics")
        );
        let ava = Filter {
            person: Some("ava".into()),
            rota: Some("domain-checkout".into()),
            ..Filter::default()
        };
        assert_eq!(
            default_path(schedule, &ava, crate::output::ShiftFormat::Csv.extension()),
            Path::new("rotas/winter-domain-checkout-ava.csv")
        );
        assert_eq!(
            default_path(Path::new("w.toml"), &all, "html"),
            Path::new("w.html")
        );
    }
}
