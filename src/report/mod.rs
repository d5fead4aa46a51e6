//! Output formats shared by the command line and the TUI.

pub mod table;
pub mod targets;
