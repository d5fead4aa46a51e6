//! Output formats shared by the command line and the TUI.

pub mod analysis;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod svg;
pub mod table;
pub mod targets;
pub mod text;

pub use analysis::{Report, build};

/// `"s"` after a count other than one: `format!("{n} error{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
