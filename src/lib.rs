//! rota: tiered, fair, costed out-of-hours on-call rotas.
//!
//! The domain (organisation, tiering, calendar, rotas, schedule) has no
//! terminal code; the command line and the TUI are thin front ends over it.

pub mod analysis;
pub mod calendar;
pub mod check;
pub mod cli;
pub(crate) mod decode;
pub mod diag;
pub mod export;
pub mod generate;
pub mod money;
pub mod org;
pub mod planner;
pub mod report;
pub mod rotas;
pub mod schedule;
pub mod storage;
pub mod tier;
pub mod tui;
pub mod warning;
