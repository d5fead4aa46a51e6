//! JSON forms of the report and the run cost.

use super::analysis::Report;
use crate::analysis::runcost::RunCost;

fn pretty<T: serde::Serialize>(value: &T) -> String {
    let mut text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

pub fn report(r: &Report) -> String {
    pretty(r)
}

pub fn cost(c: &RunCost) -> String {
    pretty(c)
}

pub fn payroll(p: &crate::analysis::Payroll) -> String {
    pretty(p)
}
