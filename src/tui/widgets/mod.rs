//! Custom widgets: the rota calendar grid and horizontal bar charts.

pub mod bars;
pub mod rota_grid;
