//! The organisation file: its model, and a loader that reports every problem
//! with its location.

pub mod edit;
pub mod generate;
mod load;
mod model;
mod quick;
mod records;

#[cfg(test)]
pub(crate) use load::TABLES;
pub use load::{load_organisation, parse_organisation};
pub use model::*;
pub use records::{Keyed, RecordMut, Records};
