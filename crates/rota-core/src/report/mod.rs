//! Output formats shared by the command line and the TUI.

pub mod analysis;
pub mod csv;
pub mod diff;
pub mod grid;
pub mod html;
pub mod json;
pub mod markdown;
pub mod oncall;
pub mod replan;
pub mod svg;
pub mod table;
pub mod targets;
pub mod text;

pub use analysis::{Report, build};
