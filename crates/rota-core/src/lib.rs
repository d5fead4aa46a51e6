//! rota's domain: tiered, fair, costed out-of-hours on-call rotas.
//!
//! This crate has no terminal code (the compiler keeps it so: it does not
//! depend on ratatui, crossterm, clap or color-eyre). The command line and
//! the TUI in the `rota` package are thin front ends over it.
//!
//! The modules read as the pipeline, in the order data flows through it:
//! 1. [`input`]: reading files with located diagnostics, saving atomically;
//! 2. [`org`]: the organisation file: model, loader, edits, generator;
//! 3. [`tier`]: exposure bands, targets and on-call levels per date;
//! 4. [`calendar`]: the horizon and its out-of-hours slices;
//! 5. [`rotas`]: which rotas exist, their members and shift windows;
//! 6. [`schedule`]: the schedule file, who holds each shift;
//! 7. [`rules`]: the burnout rules the planner and the checks share;
//! 8. [`planner`]: gives every shift a person;
//! 9. [`findings`]: hard errors and warnings with stable codes;
//! 10. [`analysis`]: remuneration and run cost;
//! 11. [`report`] and [`export`]: the report and the shifts for other
//!     programs, one module per format; [`output`] is the registry of
//!     those formats the command line and the TUI pick from.
//!
//! [`money`] and [`display`] are small helpers every stage may use.
//! `docs/glossary.md` says what each word (slice, shift, segment, ...) means.

pub mod analysis;
pub mod calendar;
pub mod export;
pub mod findings;
pub mod input;
pub mod org;
pub mod output;
pub mod planner;
pub mod report;
pub mod rotas;
pub mod rules;
pub mod schedule;
pub mod tier;

mod digits;
pub mod display;
pub mod money;
