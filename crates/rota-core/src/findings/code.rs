//! Findings about an organisation and its schedule: hard errors (a broken
//! constraint) and warnings (burnout and cost risks), each with a stable code.

use chrono::NaiveDate;

pub use crate::input::diag::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Unfilled,
    TimeOffClash,
    DoubleBooked,
    NotEligible,
    StaleSchedule,
    RotaTooSmall,
    OncallShare,
    ConsecutiveSlices,
    BackToBack,
    LimitedParticipation,
    CalloutLoad,
    HolidayImbalance,
    LinearRunCost,
    InflatedTarget,
    InvalidCallout,
    ShortRest,
    CalloutNights,
    OverlappingShifts,
    CoverGap,
}

impl Code {
    pub const ALL: [Code; 19] = [
        Code::Unfilled,
        Code::TimeOffClash,
        Code::DoubleBooked,
        Code::NotEligible,
        Code::StaleSchedule,
        Code::RotaTooSmall,
        Code::OncallShare,
        Code::ConsecutiveSlices,
        Code::BackToBack,
        Code::LimitedParticipation,
        Code::CalloutLoad,
        Code::HolidayImbalance,
        Code::LinearRunCost,
        Code::InflatedTarget,
        Code::InvalidCallout,
        Code::ShortRest,
        Code::CalloutNights,
        Code::OverlappingShifts,
        Code::CoverGap,
    ];

    /// The stable, greppable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unfilled => "unfilled",
            Code::TimeOffClash => "time-off-clash",
            Code::DoubleBooked => "double-booked",
            Code::NotEligible => "not-eligible",
            Code::StaleSchedule => "stale-schedule",
            Code::RotaTooSmall => "rota-too-small",
            Code::OncallShare => "oncall-share",
            Code::ConsecutiveSlices => "consecutive-slices",
            Code::BackToBack => "back-to-back",
            Code::LimitedParticipation => "limited-participation",
            Code::CalloutLoad => "callout-load",
            Code::HolidayImbalance => "holiday-imbalance",
            Code::LinearRunCost => "linear-run-cost",
            Code::InflatedTarget => "inflated-target",
            Code::InvalidCallout => "invalid-callout",
            Code::ShortRest => "short-rest",
            Code::CalloutNights => "callout-nights",
            Code::OverlappingShifts => "overlapping-shifts",
            Code::CoverGap => "cover-gap",
        }
    }

    /// Errors are broken hard constraints; warnings are risks. Every code is
    /// named, so the compiler asks about a new one.
    pub fn severity(self) -> Severity {
        match self {
            Code::Unfilled
            | Code::TimeOffClash
            | Code::DoubleBooked
            | Code::NotEligible
            | Code::StaleSchedule
            | Code::InvalidCallout
            | Code::OverlappingShifts => Severity::Error,
            Code::RotaTooSmall
            | Code::OncallShare
            | Code::ConsecutiveSlices
            | Code::BackToBack
            | Code::LimitedParticipation
            | Code::CalloutLoad
            | Code::HolidayImbalance
            | Code::LinearRunCost
            | Code::InflatedTarget
            | Code::ShortRest
            | Code::CalloutNights
            | Code::CoverGap => Severity::Warning,
        }
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One finding: what, who, where, when, and a one-line fix.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Warning {
    pub code: Code,
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// One line saying how to fix it.
    pub fix: String,
    pub rota: Option<String>,
    /// Person ids involved.
    pub people: Vec<String>,
    /// Team ids involved.
    pub teams: Vec<String>,
    /// Service ids involved.
    pub services: Vec<String>,
    pub from: Option<NaiveDate>,
    /// Inclusive.
    pub to: Option<NaiveDate>,
}

impl Warning {
    pub fn new(code: Code, message: impl Into<String>, fix: impl Into<String>) -> Warning {
        Warning {
            code,
            severity: code.severity(),
            message: message.into(),
            fix: fix.into(),
            rota: None,
            people: Vec::new(),
            teams: Vec::new(),
            services: Vec::new(),
            from: None,
            to: None,
        }
    }

    pub fn rota(mut self, rota: impl Into<String>) -> Warning {
        self.rota = Some(rota.into());
        self
    }

    pub fn person(mut self, person: impl Into<String>) -> Warning {
        self.people.push(person.into());
        self
    }

    pub fn team(mut self, team: impl Into<String>) -> Warning {
        self.teams.push(team.into());
        self
    }

    pub fn service(mut self, service: impl Into<String>) -> Warning {
        self.services.push(service.into());
        self
    }

    pub fn dates(mut self, from: NaiveDate, to: NaiveDate) -> Warning {
        self.from = Some(from);
        self.to = Some(to);
        self
    }
}

/// Sorts findings errors first, then by code, rota, first date and people,
/// so output is stable.
pub fn sort(warnings: &mut [Warning]) {
    warnings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.code.cmp(&b.code))
            .then(a.rota.cmp(&b.rota))
            .then(a.from.cmp(&b.from))
            .then(a.people.cmp(&b.people))
            .then(a.message.cmp(&b.message))
    });
}
