//! Reading input files and writing output files: the span-keeping TOML
//! reader, located diagnostics, and atomic saves.

pub(crate) mod decode;
pub mod diag;
pub(crate) mod layout;
pub mod storage;

#[cfg(test)]
mod keys;
