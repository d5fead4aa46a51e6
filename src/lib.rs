//! rota: the two front ends (command line and TUI) over `rota_core`, which
//! holds the domain and has no terminal code.

pub mod cli;
pub mod tui;
