//! The schedule file (docs/format.md, "The schedule file"): shifts and
//! recorded callouts, written canonically so that loading and saving
//! reproduces it byte for byte.

pub mod changes;
pub mod edit;
mod file;
mod history;
pub mod import;
pub mod oncall;
mod resolve;
mod revision;

use chrono::{DateTime, FixedOffset, NaiveDate};
use sha2::{Digest, Sha256};

pub use changes::{Changes, HistoryEdit, HistoryTouched, PersonChanges, ShiftChange};
#[cfg(test)]
pub(crate) use file::TABLES;
#[cfg(test)]
pub(crate) use file::parse_schedule_in;
pub use file::{load_schedule, parse_schedule, save_schedule, write_schedule, write_schedule_to};
pub use history::{history_slices, start_of_day};
pub use resolve::{Assignment, Resolved, ShiftProblem, problem_shift, resolve};
pub use revision::revise;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Path of the organisation file, relative to the schedule file.
    pub organisation: String,
    /// `sha256:<hex>` of the organisation file it was planned from.
    pub organisation_digest: String,
    pub start: NaiveDate,
    /// Exclusive.
    pub end: NaiveDate,
    pub generated_by: String,
    /// How many saves changed its shifts; 0 (not written) for a file no save
    /// has changed yet. Calendars take their SEQUENCE from it.
    pub revision: u32,
    /// When a save last changed its shifts ("now" of that save); calendars
    /// take DTSTAMP and LAST-MODIFIED from it, never from the clock.
    pub updated: Option<DateTime<FixedOffset>>,
    /// Sorted by rota, then start.
    pub shifts: Vec<Shift>,
    pub callouts: Vec<Callout>,
    /// Shifts that left their holder's calendar: the holder's own feed
    /// cancels them. Sorted by rota, start, then person.
    pub moved: Vec<Moved>,
}

/// A shift that a person held and a later save gave to someone else (or
/// re-cut), remembered so that the calendar event it was in the person's own
/// feed is cancelled rather than left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub rota: String,
    /// Who held it.
    pub person: String,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    /// The role it was held in.
    pub role: Role,
}

/// A run of consecutive slices of one rota given to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    pub rota: String,
    pub person: String,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
    pub slices: u32,
    /// A person chose this; re-plans keep it.
    pub pinned: bool,
    pub note: String,
    /// Primary unless the file says `role = "secondary"`.
    pub role: Role,
}

/// Which of a rota's two people a shift makes its holder: the primary is
/// called first; the secondary backs them up where the rota needs two.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    #[default]
    Primary,
    Secondary,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Primary, Role::Secondary];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Primary => "primary",
            Role::Secondary => "secondary",
        }
    }

    pub fn is_secondary(self) -> bool {
        self == Role::Secondary
    }

    /// The rota's other role: the one a person in this role must not also
    /// hold on the same slice.
    pub fn other(self) -> Role {
        match self {
            Role::Primary => Role::Secondary,
            Role::Secondary => Role::Primary,
        }
    }

    /// ` (secondary)` for a secondary, nothing for a primary: what messages
    /// append, so that those about primaries read as they always did.
    pub fn suffix(self) -> &'static str {
        match self {
            Role::Primary => "",
            Role::Secondary => " (secondary)",
        }
    }
}

/// An actual callout, for actual pay and the callout-load rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callout {
    pub rota: String,
    pub person: String,
    pub at: DateTime<FixedOffset>,
    pub minutes: u32,
    pub service: String,
}

impl Schedule {
    /// Sorts shifts by rota then start, and callouts by time, as the file has them.
    pub fn sort(&mut self) {
        self.shifts.sort_by(|a, b| {
            a.rota
                .cmp(&b.rota)
                .then(a.start.cmp(&b.start))
                .then(a.role.cmp(&b.role))
                .then(a.person.cmp(&b.person))
        });
        self.callouts.sort_by(|a, b| {
            a.at.cmp(&b.at)
                .then(a.rota.cmp(&b.rota))
                .then(a.person.cmp(&b.person))
        });
        self.moved.sort_by(|a, b| {
            (&a.rota, a.start, a.role, &a.person, a.end)
                .cmp(&(&b.rota, b.start, b.role, &b.person, b.end))
        });
    }

    pub fn horizon(&self) -> crate::calendar::Horizon {
        crate::calendar::Horizon::new(self.start, self.end)
    }
}

/// `sha256:<hex>` of a file's bytes.
pub fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in hash {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// What `generated_by` says.
pub fn generator() -> String {
    format!("rota {}", env!("CARGO_PKG_VERSION"))
}
