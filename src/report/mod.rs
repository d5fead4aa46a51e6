//! Output formats shared by the command line and the TUI.

pub mod html;
pub mod svg;
pub mod table;
pub mod targets;
