//! Remuneration for a date range: standby by slice kind, callouts (recorded
//! when the schedule has any in the range, else expected), per person and
//! totalled per team, domain, rota and organisation.
//!
//! Pay is accumulated per (person, rota) pair in integer minor units, and
//! every total is a sum of those pairs, so totals agree to the penny.
//!
//! Estimated callout pay is for planning only: every figure carries its
//! basis, and `payable_pay` (what payroll may pay) counts standby and
//! recorded callouts, never an estimate.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use super::callouts::{CalloutRates, validate_callouts};
use crate::calendar::SliceKind;
use crate::money::Money;
use crate::org::{Multiplier, Organisation};
use crate::rotas::Coverage;
use crate::schedule::{Schedule, resolve};

/// One person's pay over the range.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PersonPay {
    #[serde(skip)]
    pub index: usize,
    pub person: String,
    pub name: String,
    pub team: String,
    pub domain: String,
    pub weeknight_slices: u32,
    pub weekend_slices: u32,
    pub holiday_slices: u32,
    pub standby_pay: Money,
    /// Recorded callouts, or the expected number when `callouts_estimated`.
    pub callouts: f64,
    pub callout_pay: Money,
    /// Standby plus callout pay, estimated or recorded (for planning).
    pub total_pay: Money,
    /// Share of the range's out-of-hours slices this person was on call, 0 to 1
    /// (above 1 only when double-booked).
    pub oncall_share: f64,
    /// Standby plus recorded callout pay: what payroll may pay.
    pub payable_pay: Money,
    /// Whether `callouts` and `callout_pay` are estimated or recorded.
    pub callout_basis: Basis,
}

/// Where callout figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Expected from the services' `callouts_per_week`; never payable.
    Estimated,
    /// Recorded in the schedule.
    Recorded,
}

impl Basis {
    pub fn of(estimated: bool) -> Basis {
        if estimated {
            Basis::Estimated
        } else {
            Basis::Recorded
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Estimated => "estimated",
            Basis::Recorded => "recorded",
        }
    }
}

/// A sum over a group of people or shifts.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Total {
    pub id: String,
    pub name: String,
    /// People with pay in the group.
    pub people: u32,
    pub weeknight_slices: u32,
    pub weekend_slices: u32,
    pub holiday_slices: u32,
    pub standby_pay: Money,
    pub callouts: f64,
    pub callout_pay: Money,
    pub total_pay: Money,
    /// Standby plus recorded callout pay.
    pub payable_pay: Money,
}

impl Total {
    fn named(id: &str, name: &str) -> Total {
        Total {
            id: id.to_string(),
            name: name.to_string(),
            ..Total::default()
        }
    }

    fn add(&mut self, p: &Piece) {
        self.weeknight_slices += p.weeknight;
        self.weekend_slices += p.weekend;
        self.holiday_slices += p.holiday;
        self.standby_pay += p.standby;
        self.callouts += p.callouts;
        self.callout_pay += p.callout_pay;
        self.total_pay += p.standby + p.callout_pay;
        self.payable_pay += p.payable();
    }

    pub fn slices(&self) -> u32 {
        self.weeknight_slices + self.weekend_slices + self.holiday_slices
    }
}

/// Pay over a date range of a schedule.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Remuneration {
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    /// Out-of-hours slices in the range (one per date).
    pub range_slices: u32,
    pub currency: String,
    /// True when callouts are the expected numbers from the services' rates,
    /// because the schedule records none in the range.
    pub callouts_estimated: bool,
    /// People on call in the range, by team then file order.
    pub people: Vec<PersonPay>,
    pub teams: Vec<Total>,
    pub domains: Vec<Total>,
    pub rotas: Vec<Total>,
    pub total: Total,
    /// Shifts that could not be placed on the organisation's slices, left out.
    pub unplaced_shifts: usize,
    /// Recorded callouts that do not check out, left out.
    pub invalid_callouts: usize,
}

/// One (person, rota) pair's share of the range.
#[derive(Debug, Clone, Default)]
struct Piece {
    weeknight: u32,
    weekend: u32,
    holiday: u32,
    standby: Money,
    expected: f64,
    /// Expected callouts weighted by the weekend and holiday multipliers.
    expected_weighted: f64,
    recorded: u32,
    recorded_pay: Money,
    callouts: f64,
    callout_pay: Money,
    estimated: bool,
}

impl Piece {
    fn payable(&self) -> Money {
        if self.estimated {
            self.standby
        } else {
            self.standby + self.recorded_pay
        }
    }
}

/// Pay for one recorded callout.
///
/// Without `callout_minimum_minutes` a callout pays `callout` whatever its
/// length (as it always has). With it, `callout` pays for that many minutes
/// and a longer callout is paid pro rata by the minute. A callout whose
/// local date is a public holiday takes the holiday multiplier, one on a
/// day that is not a working day the weekend multiplier. The product is
/// worked out in whole numbers and rounded once, to the nearest minor unit
/// (halves up), so the same callout always pays the same.
pub fn callout_pay(org: &Organisation, at: DateTime<FixedOffset>, minutes: u32) -> Money {
    let date = at.with_timezone(&org.timezone).date_naive();
    let multiplier = if org.holiday(date).is_some() {
        org.pay.callout_holiday_multiplier
    } else if !org.working_hours.is_working_weekday(date.weekday()) {
        org.pay.callout_weekend_multiplier
    } else {
        Multiplier::UNIT
    };
    let (paid, per) = match org.pay.callout_minimum_minutes {
        Some(min) => (i128::from(minutes.max(min)), i128::from(min)),
        None => (1, 1),
    };
    let num = i128::from(org.pay.callout.minor()) * paid * i128::from(multiplier.0);
    let den = per * i128::from(Multiplier::ONE);
    let rounded = (2 * num + den).div_euclid(2 * den);
    Money(i64::try_from(rounded).unwrap_or(i64::MAX))
}

/// The multiplier an expected callout in a slice of this kind would take.
fn kind_multiplier(org: &Organisation, kind: SliceKind) -> f64 {
    match kind {
        SliceKind::Weeknight => 1.0,
        SliceKind::Weekend => org.pay.callout_weekend_multiplier.as_f64(),
        SliceKind::Holiday => org.pay.callout_holiday_multiplier.as_f64(),
    }
}

/// Remuneration for the dates `[from, to_exclusive)` of a schedule, clipped
/// to the coverage's horizon.
pub fn remuneration(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    from: NaiveDate,
    to_exclusive: NaiveDate,
) -> Remuneration {
    let horizon = coverage.horizon;
    let from = from.max(horizon.start);
    let until = to_exclusive.min(horizon.end).max(from);
    let lo = horizon.index_of(from).unwrap_or(horizon.len());
    let hi = lo + (until - from).num_days().max(0) as usize;

    let resolved = resolve(org, coverage, schedule);
    let rates = CalloutRates::new(org, coverage);
    let mut pieces: BTreeMap<(usize, usize), Piece> = BTreeMap::new();
    for a in &resolved.assignments {
        let (start, end) = (a.first_slice.max(lo), (a.first_slice + a.slices).min(hi));
        if start >= end {
            continue;
        }
        let piece = pieces.entry((a.person, a.rota)).or_default();
        for slice in start..end {
            let kind = coverage.slices[slice].kind;
            match kind {
                SliceKind::Weeknight => piece.weeknight += 1,
                SliceKind::Weekend => piece.weekend += 1,
                SliceKind::Holiday => piece.holiday += 1,
            }
            piece.standby += kind.standby(&org.pay);
            let expected = rates.per_slice(org, coverage, a.rota, slice);
            piece.expected += expected;
            piece.expected_weighted += expected * kind_multiplier(org, kind);
        }
    }

    let (valid, problems) = validate_callouts(org, coverage, schedule, &resolved);
    let in_range: Vec<_> = valid
        .iter()
        .filter(|c| lo <= c.slice && c.slice < hi)
        .collect();
    let callouts_estimated = in_range.is_empty();
    for c in &in_range {
        let recorded = &schedule.callouts[c.callout];
        let piece = pieces.entry((c.person, c.rota)).or_default();
        piece.recorded += 1;
        piece.recorded_pay += callout_pay(org, recorded.at, recorded.minutes);
    }
    for piece in pieces.values_mut() {
        piece.estimated = callouts_estimated;
        if callouts_estimated {
            piece.callouts = piece.expected;
            piece.callout_pay = org.pay.callout.times_f64(piece.expected_weighted);
        } else {
            piece.callouts = f64::from(piece.recorded);
            piece.callout_pay = piece.recorded_pay;
        }
    }

    let range_slices = (hi - lo) as u32;
    let mut people: BTreeMap<(usize, usize), PersonPay> = BTreeMap::new();
    let mut teams: BTreeMap<usize, Total> = BTreeMap::new();
    let mut domains: BTreeMap<usize, Total> = BTreeMap::new();
    let mut rotas: BTreeMap<usize, Total> = BTreeMap::new();
    let mut total = Total::named("organisation", &org.name);
    let mut counted: BTreeMap<usize, ()> = BTreeMap::new();
    for (&(person, rota), piece) in &pieces {
        let p = &org.people[person];
        let team = &org.teams[p.team];
        let domain = &org.domains[team.domain];
        let row = people.entry((p.team, person)).or_insert_with(|| PersonPay {
            index: person,
            person: p.id.clone(),
            name: p.name.clone(),
            team: team.id.clone(),
            domain: domain.id.clone(),
            weeknight_slices: 0,
            weekend_slices: 0,
            holiday_slices: 0,
            standby_pay: Money::ZERO,
            callouts: 0.0,
            callout_pay: Money::ZERO,
            total_pay: Money::ZERO,
            oncall_share: 0.0,
            payable_pay: Money::ZERO,
            callout_basis: Basis::of(callouts_estimated),
        });
        row.weeknight_slices += piece.weeknight;
        row.weekend_slices += piece.weekend;
        row.holiday_slices += piece.holiday;
        row.standby_pay += piece.standby;
        row.callouts += piece.callouts;
        row.callout_pay += piece.callout_pay;
        row.total_pay += piece.standby + piece.callout_pay;
        row.payable_pay += piece.payable();

        let fresh = counted.insert(person, ()).is_none();
        let r = &coverage.rotas[rota];
        let groups = [
            teams
                .entry(p.team)
                .or_insert_with(|| Total::named(&team.id, &team.name)),
            domains
                .entry(team.domain)
                .or_insert_with(|| Total::named(&domain.id, &domain.name)),
            &mut total,
        ];
        for g in groups {
            g.add(piece);
            if fresh {
                g.people += 1;
            }
        }
        let rt = rotas
            .entry(rota)
            .or_insert_with(|| Total::named(&r.id, &r.name));
        rt.add(piece);
        rt.people += 1;
    }
    let people: Vec<PersonPay> = people
        .into_values()
        .map(|mut row| {
            let slices = row.weeknight_slices + row.weekend_slices + row.holiday_slices;
            row.oncall_share = if range_slices == 0 {
                0.0
            } else {
                f64::from(slices) / f64::from(range_slices)
            };
            row
        })
        .collect();

    Remuneration {
        from,
        to: until.pred_opt().filter(|_| until > from).unwrap_or(from),
        range_slices,
        currency: org.currency.clone(),
        callouts_estimated,
        people,
        teams: teams.into_values().collect(),
        domains: domains.into_values().collect(),
        rotas: rotas.into_values().collect(),
        total,
        unplaced_shifts: resolved.unplaced(),
        invalid_callouts: problems.len(),
    }
}
