//! The organisation as rota understands it, after loading and checking.
//! References between records are indices into the organisation's vectors.

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;

use super::records::{Keyed, Records};
use crate::money::Money;

/// Out-of-hours on-call level, ordered from least to most cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Best efforts, next working day.
    None,
    /// One person covers every domain-level team of a product domain.
    Domain,
    /// One person from the team covers it.
    Team,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::None, Level::Domain, Level::Team];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Domain => "domain",
            Level::Team => "team",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// How a rota's slices are cut into shifts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Handoff {
    /// Seven slices, from the handoff day to the day before it.
    Weekly,
    /// One slice each.
    Daily,
    /// Monday–Thursday together, Friday–Sunday together.
    Split,
}

impl Handoff {
    pub const ALL: [Handoff; 3] = [Handoff::Weekly, Handoff::Daily, Handoff::Split];

    pub fn as_str(self) -> &'static str {
        match self {
            Handoff::Weekly => "weekly",
            Handoff::Daily => "daily",
            Handoff::Split => "split",
        }
    }

    pub fn parse(s: &str) -> Option<Handoff> {
        Handoff::ALL.into_iter().find(|h| h.as_str() == s)
    }
}

pub const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

pub fn parse_weekday(s: &str) -> Option<Weekday> {
    WEEKDAY_NAMES
        .iter()
        .position(|n| *n == s)
        .and_then(|i| Weekday::try_from(i as u8).ok())
}

pub fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAY_NAMES[day.num_days_from_monday() as usize]
}

#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub name: String,
    pub timezone: Tz,
    pub currency: String,
    pub working_hours: WorkingHours,
    pub holidays: Vec<Holiday>,
    pub pay: Pay,
    pub rotation: Rotation,
    pub rules: Rules,
    pub bands: Vec<Band>,
    /// The id-keyed lists carry their lookups (id to index, a domain's
    /// teams, a team's people and services); see [`Records`].
    pub domains: Records<Domain>,
    pub teams: Records<Team>,
    pub people: Records<Person>,
    pub services: Records<Service>,
    pub peaks: Vec<Peak>,
    pub rotas: Vec<ExplicitRota>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingHours {
    /// Indexed by `Weekday::num_days_from_monday`.
    pub days: [bool; 7],
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl WorkingHours {
    pub fn is_working_weekday(&self, day: Weekday) -> bool {
        self.days[day.num_days_from_monday() as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// Standby pay per slice by kind, and pay per callout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pay {
    pub weeknight: Money,
    pub weekend_day: Money,
    pub holiday: Money,
    pub callout: Money,
    /// When set, `callout` pays for this many minutes and a longer callout
    /// is paid pro rata by the minute; unset, every callout pays `callout`
    /// whatever its length.
    pub callout_minimum_minutes: Option<u32>,
    /// Applied to a callout on a weekend day, in [`Multiplier`] units.
    pub callout_weekend_multiplier: Multiplier,
    /// Applied to a callout on a public holiday.
    pub callout_holiday_multiplier: Multiplier,
    /// The share of the standby rates a secondary is paid, from 0 to 1 in
    /// [`Multiplier`] units (ten-thousandths); 1 by default.
    pub secondary_share: Multiplier,
}

/// A pay multiplier kept exact: ten-thousandths, so 1.5 is 15,000 and pay
/// arithmetic stays in whole numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Multiplier(pub u32);

impl Multiplier {
    /// The denominator: `Multiplier(ONE)` is 1.0.
    pub const ONE: u32 = 10_000;
    pub const UNIT: Multiplier = Multiplier(Multiplier::ONE);

    /// From the decimal written in a file, to the nearest ten-thousandth.
    pub fn from_f64(v: f64) -> Multiplier {
        Multiplier((v * f64::from(Multiplier::ONE)).round() as u32)
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / f64::from(Multiplier::ONE)
    }
}

impl Default for Multiplier {
    fn default() -> Self {
        Multiplier::UNIT
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    pub handoff: Handoff,
    pub handoff_day: Weekday,
}

/// Burnout thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rules {
    pub min_rota_size: u32,
    pub max_oncall_share: f64,
    pub max_consecutive_slices: u32,
    pub min_rest_slices: u32,
    pub min_participation: f64,
    pub max_callouts_per_slice: f64,
    /// Hours of rest a person needs between the end of a callout and the
    /// start of their next working day (UK Working Time Regulations, reg. 10).
    pub min_daily_rest_hours: f64,
    /// Nights with a recorded callout allowed in one person's 7 days on call.
    pub max_callout_nights_per_week: u32,
    /// `rota-too-small` for a rota that needs a secondary on some date.
    pub min_rota_size_secondary: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            min_rota_size: 4,
            max_oncall_share: 0.25,
            max_consecutive_slices: 7,
            min_rest_slices: 7,
            min_participation: 0.5,
            max_callouts_per_slice: 2.0,
            min_daily_rest_hours: 11.0,
            max_callout_nights_per_week: 3,
            min_rota_size_secondary: 8,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub name: String,
    pub max_hourly_exposure: f64,
    /// Percent, strictly between 0 and 100.
    pub availability: f64,
    pub on_call: Level,
    /// Rotas covering a team at this band need a secondary too.
    pub secondary: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub domain: usize,
    /// Line of the team's table in the organisation file (1-based).
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeOff {
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub team: usize,
    /// Opted in to out-of-hours on-call.
    pub on_call: bool,
    pub time_off: Vec<TimeOff>,
    pub line: usize,
    /// For matching a pager's responders to people; unique when given.
    pub email: Option<String>,
    /// The payroll system's id, carried into the payroll export.
    pub employee_id: Option<String>,
    /// When they joined and left, dated opt-outs and earlier teams: the
    /// organisation as it was on each date.
    pub dated: PersonDates,
}

impl Person {
    pub fn is_off(&self, date: NaiveDate) -> bool {
        self.time_off.iter().any(|t| t.from <= date && date <= t.to)
    }

    /// The person's team on a date: the team they moved from when the date
    /// is before that move, else `team`.
    pub fn team_on(&self, date: NaiveDate) -> usize {
        self.dated
            .moves
            .iter()
            .find(|m| date < m.on)
            .map_or(self.team, |m| m.from)
    }

    /// Are they opted in to on-call on a date: opted in, joined, not yet
    /// left and not in a dated opt-out?
    pub fn on_call_on(&self, date: NaiveDate) -> bool {
        let d = &self.dated;
        self.on_call
            && d.joined.is_none_or(|j| j <= date)
            && d.left.is_none_or(|l| date < l)
            && !d.off_call.iter().any(|o| o.contains(date))
    }

    /// Why they may not be on call on a date, when they may not.
    pub fn not_on_call_because(&self, date: NaiveDate) -> Option<&'static str> {
        let d = &self.dated;
        if d.joined.is_some_and(|j| date < j) {
            Some("has not joined yet")
        } else if d.left.is_some_and(|l| l <= date) {
            Some("has left")
        } else if !self.on_call || d.off_call.iter().any(|o| o.contains(date)) {
            Some("has opted out of on-call")
        } else {
            None
        }
    }

    /// Every date on which the person's team or opt-in may change.
    pub fn change_dates(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        let d = &self.dated;
        let off = d
            .off_call
            .iter()
            .flat_map(|o| [o.from, o.to.and_then(|t| t.succ_opt())]);
        d.joined
            .into_iter()
            .chain(d.left)
            .chain(off.flatten())
            .chain(d.moves.iter().map(|m| m.on))
    }
}

/// A person's changes that take effect from a date. Empty for a person
/// whose file says nothing dated: they are as `team` and `on_call` say on
/// every date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonDates {
    /// The first date they may be on call.
    pub joined: Option<NaiveDate>,
    /// The first date they are gone: on no rota from then on.
    pub left: Option<NaiveDate>,
    /// Dated opt-outs, by start.
    pub off_call: Vec<OffCall>,
    /// Team moves, oldest first.
    pub moves: Vec<TeamMove>,
}

/// Opted out of on-call over inclusive dates; an open end runs on forever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffCall {
    pub from: Option<NaiveDate>,
    /// Inclusive.
    pub to: Option<NaiveDate>,
}

impl OffCall {
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// A move to another team that took effect on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamMove {
    /// The first date in the new team.
    pub on: NaiveDate,
    /// The team before that date, by index.
    pub from: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub team: usize,
    pub hourly_exposure: f64,
    pub callouts_per_week: f64,
    /// The target the team asks for, when it says.
    pub availability: Option<f64>,
    pub line: usize,
    /// Earlier exposures, oldest first: `hourly_exposure` applies from the
    /// last change on.
    pub exposure_changes: Vec<ExposureChange>,
}

/// A change of a service's hourly exposure that took effect on a date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExposureChange {
    /// The first date of the new exposure.
    pub on: NaiveDate,
    /// The exposure before that date.
    pub from: f64,
}

impl Service {
    /// The service's hourly exposure on a date (peaks not applied): the
    /// exposure a change replaced when the date is before that change.
    pub fn exposure_at(&self, date: NaiveDate) -> f64 {
        self.exposure_changes
            .iter()
            .find(|c| date < c.on)
            .map_or(self.hourly_exposure, |c| c.from)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Peak {
    pub name: String,
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    /// `None`: every service.
    pub services: Option<Vec<usize>>,
    pub exposure_multiplier: f64,
}

impl Peak {
    pub fn applies(&self, service: usize, date: NaiveDate) -> bool {
        self.from <= date
            && date <= self.to
            && self.services.as_ref().is_none_or(|s| s.contains(&service))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplicitRota {
    pub id: String,
    pub name: String,
    pub teams: Vec<usize>,
    /// Explicit member list; `None`: the opted-in people of `teams`.
    pub members: Option<Vec<usize>>,
    pub handoff: Option<Handoff>,
    pub handoff_day: Option<Weekday>,
    /// Needs a secondary on every date, as well as a primary.
    pub secondary: bool,
    pub line: usize,
}

impl Organisation {
    pub fn team_index(&self, id: &str) -> Option<usize> {
        self.teams.index_of(id)
    }

    pub fn person_index(&self, id: &str) -> Option<usize> {
        self.people.index_of(id)
    }

    pub fn service_index(&self, id: &str) -> Option<usize> {
        self.services.index_of(id)
    }

    pub fn domain_index(&self, id: &str) -> Option<usize> {
        self.domains.index_of(id)
    }

    /// The holiday on a date; holidays are sorted by date when loaded.
    pub fn holiday(&self, date: NaiveDate) -> Option<&Holiday> {
        self.holidays
            .binary_search_by_key(&date, |h| h.date)
            .ok()
            .map(|i| &self.holidays[i])
    }

    /// People of a team, in file order.
    pub fn team_people(&self, team: usize) -> impl Iterator<Item = usize> + '_ {
        self.people.in_group(team).iter().copied()
    }

    /// Services of a team, in file order.
    pub fn team_services(&self, team: usize) -> impl Iterator<Item = usize> + '_ {
        self.services.in_group(team).iter().copied()
    }

    /// Teams of a domain, in file order.
    pub fn domain_teams(&self, domain: usize) -> impl Iterator<Item = usize> + '_ {
        self.teams.in_group(domain).iter().copied()
    }
}

impl Keyed for Domain {
    fn key(&self) -> &str {
        &self.id
    }
}

impl Keyed for Team {
    fn key(&self) -> &str {
        &self.id
    }
    fn group(&self) -> Option<usize> {
        Some(self.domain)
    }
}

impl Keyed for Person {
    fn key(&self) -> &str {
        &self.id
    }
    fn group(&self) -> Option<usize> {
        Some(self.team)
    }
}

impl Keyed for Service {
    fn key(&self) -> &str {
        &self.id
    }
    fn group(&self) -> Option<usize> {
        Some(self.team)
    }
}

#[cfg(test)]
mod tests {
    use crate::org::parse_organisation;

    const EXAMPLE: &str = include_str!("../../../../schedules/example.toml");

    /// The lookups of a loaded organisation answer what a linear search
    /// would, before and after an edit that moves a person and renames a
    /// service.
    #[test]
    fn lookups_agree_with_a_linear_search_across_edits() {
        let mut org = parse_organisation("example.toml", EXAMPLE).unwrap();
        let check = |org: &super::Organisation| {
            for (i, p) in org.people.iter().enumerate() {
                assert_eq!(org.person_index(&p.id), Some(i));
            }
            for (i, s) in org.services.iter().enumerate() {
                assert_eq!(org.service_index(&s.id), Some(i));
            }
            for (i, t) in org.teams.iter().enumerate() {
                assert_eq!(org.team_index(&t.id), Some(i));
                let people: Vec<usize> = (0..org.people.len())
                    .filter(|&p| org.people[p].team == i)
                    .collect();
                assert_eq!(org.team_people(i).collect::<Vec<_>>(), people);
                let services: Vec<usize> = (0..org.services.len())
                    .filter(|&s| org.services[s].team == i)
                    .collect();
                assert_eq!(org.team_services(i).collect::<Vec<_>>(), services);
            }
            for (d, domain) in org.domains.iter().enumerate() {
                assert_eq!(org.domain_index(&domain.id), Some(d));
                let teams: Vec<usize> = (0..org.teams.len())
                    .filter(|&t| org.teams[t].domain == d)
                    .collect();
                assert_eq!(org.domain_teams(d).collect::<Vec<_>>(), teams);
            }
        };
        check(&org);
        let ava = org.person_index("ava").unwrap();
        let other = (org.people[ava].team + 1) % org.teams.len();
        org.people.edit(ava).team = other;
        org.services.edit(0).id = "renamed".into();
        check(&org);
        assert!(org.team_people(other).any(|p| p == ava));
        assert_eq!(org.service_index("renamed"), Some(0));
        for (date, h) in org.holidays.iter().map(|h| (h.date, h)) {
            assert_eq!(org.holiday(date), Some(h));
        }
    }
}
