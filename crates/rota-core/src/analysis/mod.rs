//! Analysis of a plan: remuneration for a date range, yearly run cost against
//! the one-rota-per-team baseline, and the expected callout rates both use.
//!
//! Pure functions over the organisation, its coverage and a schedule; no I/O,
//! no clock, fast enough to re-run after every edit.

pub mod callouts;
pub mod pay;
pub mod payroll;
pub mod runcost;

pub use callouts::{CalloutProblem, CalloutRates, ValidCallout, validate_callouts};
pub use pay::{Basis, PersonPay, Remuneration, Total, callout_pay, remuneration};
pub use payroll::{Month, Payroll, PayrollRow, payroll};
pub use runcost::{Growth, Marginal, RunCost, RunCostRow, run_cost, run_cost_from, typical_year};
