//! The TUI's model and its one `update` function. Nothing here touches the
//! terminal: keys arrive as [`Action`]s, and anything with an outside effect
//! (saving, exporting, quitting) goes back to the run loop as an [`Effect`].
//!
//! In the order a key travels: `action` (what was asked), `update` (the one
//! place state changes), `model` (the state and the edits with undo) and
//! `derived` (what is worked out from the state after each edit, for the
//! views to read).

mod action;
mod derived;
mod model;
mod update;
mod worker;

pub use action::{Action, Effect};
pub use derived::{CellState, Derived, Load, OrgAnalysis, RUN_COST_TEAMS, derive};
pub use model::{App, CHANGES_INSET, Edited, Mode, PickNotes, PromptKind, Tab, changes_lines};
pub use update::{parse_time_off, update};
