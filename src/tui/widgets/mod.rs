//! Custom widgets: the rota calendar grid, horizontal bar charts and the
//! run-cost chart.

pub mod bars;
pub mod rota_grid;
pub mod run_cost;
