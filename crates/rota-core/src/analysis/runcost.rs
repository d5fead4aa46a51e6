//! Yearly run cost: standby pay for 52 weeks of out-of-hours cover under the
//! tiered plan, against the baseline where every team runs its own rota —
//! R(n), linear in the number of teams — now and projected for other team
//! counts.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::calendar::{Horizon, SliceKind, next_monday, slices};
use crate::money::Money;
use crate::org::{Level, Organisation};
use crate::rotas::Coverage;
use crate::schedule::Role;
use crate::tier::{team_base_level, team_base_secondary};

/// Weeks in a run-cost year.
pub const YEAR_WEEKS: u32 = 52;

/// How the organisation is assumed to grow in a projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Growth {
    /// The organisation as it is.
    Now,
    /// New teams join today's domains (the usual way organisations grow).
    ExistingDomains,
    /// Domains grow with the teams, at today's teams per domain.
    NewDomains,
}

impl Growth {
    pub fn as_str(self) -> &'static str {
        match self {
            Growth::Now => "now",
            Growth::ExistingDomains => "existing-domains",
            Growth::NewDomains => "new-domains",
        }
    }
}

/// The yearly cost of one more team at each on-call level, for one way of
/// growing: what tiering charges for a team, against one rota per team.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Marginal {
    pub growth: Growth,
    pub none: Money,
    pub domain: Money,
    pub team: Money,
    /// One rota per team: every team costs a rota's year.
    pub per_team: Money,
}

/// One line of the run-cost table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RunCostRow {
    pub teams: usize,
    /// `now`, or the way the projection grows.
    pub growth: Growth,
    /// Teams at team level (high exposure, a rota each) and domain level.
    pub team_level_teams: usize,
    pub domain_level_teams: usize,
    /// Domain rotas (one per domain with domain-level teams).
    pub domain_rotas: usize,
    /// Rotas in the plan (for the organisation as it is: every rota that
    /// needs cover at some time in the year, peaks included).
    pub rotas: usize,
    pub tiered_yearly_cost: Money,
    /// R(n): every team with its own rota all year.
    pub per_team_yearly_cost: Money,
    /// People on call on a typical night.
    pub on_call_per_night: usize,
    /// False for the organisation as it is.
    pub projected: bool,
}

/// The run cost of an organisation's tiered plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunCost {
    pub currency: String,
    /// First date of the 52 weeks costed.
    pub year_start: NaiveDate,
    /// Last date (inclusive).
    pub year_end: NaiveDate,
    /// Slice kinds in those 52 weeks.
    pub weeknight_slices: u32,
    pub weekend_slices: u32,
    pub holiday_slices: u32,
    /// Standby pay for one rota covered every slice of the year.
    pub rota_year: Money,
    /// Teams per on-call level on an ordinary day (explicit rotas' teams not counted).
    pub team_level_teams: usize,
    pub domain_level_teams: usize,
    pub none_level_teams: usize,
    pub domains: usize,
    /// Teams that carry a rota of their own: team-level teams and explicit
    /// rotas covering a single team.
    pub own_rota_teams: usize,
    /// The organisation as it is.
    pub current: RunCostRow,
    /// The organisation grown (or shrunk) to other team counts, domains
    /// growing with the teams (`Growth::NewDomains`).
    pub projections: Vec<RunCostRow>,
    /// The same team counts with today's domains (`Growth::ExistingDomains`).
    pub fixed_domains: Vec<RunCostRow>,
    /// Domain rotas on an ordinary day.
    pub domain_rotas: usize,
    /// Standby for a year of the rotas of an ordinary day (no peaks): what
    /// the projections grow from, one marginal cost per added team.
    pub ordinary_yearly_cost: Money,
    /// One more team at each level, with domains fixed and growing.
    pub marginal: Vec<Marginal>,
}

impl RunCost {
    /// Tiered cost as a share of the baseline, 0 when there is no baseline.
    pub fn tiered_share(&self) -> f64 {
        share(
            self.current.tiered_yearly_cost,
            self.current.per_team_yearly_cost,
        )
    }

    /// The organisation as it is, then its projections with domains growing
    /// (one row per team count, for charts).
    pub fn rows(&self) -> impl Iterator<Item = &RunCostRow> {
        std::iter::once(&self.current).chain(self.projections.iter())
    }

    /// Every row: now, then for each projected team count the growth with
    /// today's domains and with new domains.
    pub fn all_rows(&self) -> Vec<&RunCostRow> {
        let mut out = vec![&self.current];
        for (fixed, grown) in self.fixed_domains.iter().zip(&self.projections) {
            out.push(fixed);
            out.push(grown);
        }
        out
    }

    /// The marginal costs for one way of growing.
    pub fn marginal(&self, growth: Growth) -> Option<&Marginal> {
        self.marginal.iter().find(|m| m.growth == growth)
    }
}

pub fn share(part: Money, whole: Money) -> f64 {
    if whole.minor() == 0 {
        0.0
    } else {
        part.minor() as f64 / whole.minor() as f64
    }
}

/// The 52 weeks the yearly cost is taken over when no date is given: from
/// the first Monday of the calendar year that has the most public holidays
/// in the file (the earliest on a tie), so the year's holiday slices are
/// counted; 2026 when the file lists none.
pub fn typical_year(org: &Organisation) -> Horizon {
    let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
    for h in &org.holidays {
        *per_year.entry(h.date.year()).or_default() += 1;
    }
    let year = per_year
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(2026, |(y, _)| *y);
    let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    Horizon::weeks(next_monday(jan1), YEAR_WEEKS)
}

/// Run cost over the typical year (see [`typical_year`]).
pub fn run_cost(org: &Organisation, teams_projection: &[usize]) -> RunCost {
    let year = typical_year(org);
    let coverage = Coverage::build(org, year);
    run_cost_over(org, &coverage, teams_projection)
}

/// Run cost over the 52 weeks from a date.
pub fn run_cost_from(org: &Organisation, start: NaiveDate, teams_projection: &[usize]) -> RunCost {
    let coverage = Coverage::build(org, Horizon::weeks(start, YEAR_WEEKS));
    run_cost_over(org, &coverage, teams_projection)
}

/// Run cost over a coverage built for a year; the TUI can reuse one it has.
pub fn run_cost_over(
    org: &Organisation,
    coverage: &Coverage,
    teams_projection: &[usize],
) -> RunCost {
    let year = coverage.horizon;
    let year_slices = if coverage.slices.len() == year.len() {
        coverage.slices.clone()
    } else {
        slices(org, year)
    };
    let mut kinds = [0u32; 3];
    let mut day_pay = Vec::with_capacity(year_slices.len());
    let mut second_pay = Vec::with_capacity(year_slices.len());
    for s in &year_slices {
        kinds[s.kind as usize] += 1;
        day_pay.push(s.kind.standby(&org.pay));
        second_pay.push(s.kind.standby_as(&org.pay, Role::Secondary));
    }
    let rota_year: Money = day_pay.iter().copied().sum();
    // A secondary's year: what a second level adds to a rota.
    let second_year: Money = second_pay.iter().copied().sum();

    let mut tiered = Money::ZERO;
    let mut per_night = vec![0usize; year.len()];
    for r in 0..coverage.rotas.len() {
        for (day, pay) in day_pay.iter().enumerate() {
            if coverage.needs_cover(r, day) {
                tiered += *pay;
                per_night[day] += 1;
            }
            if coverage.needs_secondary(r, day) {
                tiered += second_pay[day];
                per_night[day] += 1;
            }
        }
    }
    per_night.sort_unstable();
    let typical_night = per_night.get(per_night.len() / 2).copied().unwrap_or(0);

    let explicit_teams: Vec<usize> = org.rotas.iter().flat_map(|r| r.teams.clone()).collect();
    let mut levels = [0usize; 3];
    let mut domain_has_rota = vec![false; org.domains.len()];
    // Second levels on an ordinary day: team rotas and domain rotas with a
    // secondary, and the teams whose own rota would have one (the baseline
    // keeps the same second level: a team at a band with a secondary, or
    // covered by an explicit rota with one).
    let mut two_level_team_rotas = 0usize;
    let mut domain_two_level = vec![false; org.domains.len()];
    let mut two_level_teams = 0usize;
    for t in 0..org.teams.len() {
        let secondary = team_base_secondary(org, t);
        let explicit_secondary = org
            .rotas
            .iter()
            .any(|r| r.secondary && r.teams.contains(&t));
        if secondary || explicit_secondary {
            two_level_teams += 1;
        }
        if explicit_teams.contains(&t) {
            continue;
        }
        let level = team_base_level(org, t);
        levels[level as usize] += 1;
        if level == Level::Domain {
            domain_has_rota[org.teams[t].domain] = true;
            domain_two_level[org.teams[t].domain] |= secondary;
        }
        if level == Level::Team && secondary {
            two_level_team_rotas += 1;
        }
    }
    let domain_rotas = domain_has_rota.iter().filter(|&&b| b).count();
    let two_level_domain_rotas = domain_two_level.iter().filter(|&&b| b).count();
    let two_level_explicit = org.rotas.iter().filter(|r| r.secondary).count();
    let single_team_explicit = org.rotas.iter().filter(|r| r.teams.len() == 1).count();
    let own_rota_teams = levels[Level::Team as usize] + single_team_explicit;
    let n = org.teams.len();

    let current = RunCostRow {
        teams: n,
        growth: Growth::Now,
        team_level_teams: levels[Level::Team as usize],
        domain_level_teams: levels[Level::Domain as usize],
        domain_rotas,
        rotas: coverage.rotas.len(),
        tiered_yearly_cost: tiered,
        per_team_yearly_cost: rota_year * n as i64 + second_year * two_level_teams as i64,
        on_call_per_night: typical_night,
        projected: false,
    };

    // Growing the organisation keeps its mix of levels: each level's teams
    // scale with n. With domains fixed the new domain-level teams join the
    // domain rotas there are; with domains growing, domain rotas scale with
    // n too, a domain rota for each domain that has domain-level teams.
    let scale = |count: usize, to: usize| -> usize {
        if n == 0 {
            0
        } else {
            ((count * to) as f64 / n as f64).round() as usize
        }
    };
    let project = |to: usize, growth: Growth| -> RunCostRow {
        let team_rotas = scale(levels[Level::Team as usize], to);
        let domain_level = scale(levels[Level::Domain as usize], to);
        let domains = match growth {
            Growth::NewDomains => scale(domain_rotas, to),
            _ => domain_rotas,
        }
        .min(domain_level)
        .max(usize::from(domain_level > 0));
        let explicit = scale(org.rotas.len(), to);
        let rotas = team_rotas + domains + explicit;
        // The second levels grow with the mix too.
        let seconds = scale(two_level_team_rotas, to)
            + if domain_rotas == 0 {
                0
            } else {
                ((two_level_domain_rotas * domains) as f64 / domain_rotas as f64).round() as usize
            }
            + scale(two_level_explicit, to);
        RunCostRow {
            teams: to,
            growth,
            team_level_teams: team_rotas,
            domain_level_teams: domain_level,
            domain_rotas: domains,
            rotas,
            tiered_yearly_cost: rota_year * rotas as i64 + second_year * seconds as i64,
            per_team_yearly_cost: rota_year * to as i64
                + second_year * scale(two_level_teams, to) as i64,
            on_call_per_night: rotas + seconds,
            projected: true,
        }
    };
    let projections = teams_projection
        .iter()
        .map(|&to| project(to, Growth::NewDomains))
        .collect();
    let fixed_domains = teams_projection
        .iter()
        .map(|&to| project(to, Growth::ExistingDomains))
        .collect();
    let domain_level = levels[Level::Domain as usize];
    // A domain-level team joining a domain that has a rota adds nothing; with
    // domains growing it brings a share of a new domain's rota.
    let first_domain_rota = if domain_rotas == 0 {
        rota_year
    } else {
        Money::ZERO
    };
    let domain_share = if domain_level == 0 {
        rota_year
    } else {
        rota_year.times_f64(domain_rotas as f64 / domain_level as f64)
    };
    let marginal = [
        (Growth::ExistingDomains, first_domain_rota),
        (Growth::NewDomains, domain_share),
    ]
    .into_iter()
    .map(|(growth, domain)| {
        // A second level adds its share of a secondary's year: a
        // team-level team has one as often as today's team-level teams do.
        let share = |part: usize, whole: usize| {
            if whole == 0 || part == 0 {
                Money::ZERO
            } else {
                second_year.times_f64(part as f64 / whole as f64)
            }
        };
        let team_level = levels[Level::Team as usize];
        Marginal {
            growth,
            none: Money::ZERO,
            domain,
            team: rota_year + share(two_level_team_rotas, team_level),
            per_team: rota_year + share(two_level_teams, n),
        }
    })
    .collect();
    let ordinary_rotas = levels[Level::Team as usize] + domain_rotas + org.rotas.len();
    let ordinary_seconds = two_level_team_rotas + two_level_domain_rotas + two_level_explicit;

    RunCost {
        currency: org.currency.clone(),
        year_start: year.start,
        year_end: year.end.pred_opt().unwrap_or(year.end),
        weeknight_slices: kinds[SliceKind::Weeknight as usize],
        weekend_slices: kinds[SliceKind::Weekend as usize],
        holiday_slices: kinds[SliceKind::Holiday as usize],
        rota_year,
        team_level_teams: levels[Level::Team as usize],
        domain_level_teams: levels[Level::Domain as usize],
        none_level_teams: levels[Level::None as usize],
        domains: org.domains.len(),
        own_rota_teams,
        current,
        projections,
        fixed_domains,
        domain_rotas,
        ordinary_yearly_cost: rota_year * ordinary_rotas as i64
            + second_year * ordinary_seconds as i64,
        marginal,
    }
}
