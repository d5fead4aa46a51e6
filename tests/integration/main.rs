//! rota's integration tests, in one binary so the suite links once (each
//! file below is a module; fixtures are under `tests/fixtures/`).

mod common;
mod export_fixture;

mod analysis;
mod callouts_import;
mod diff_cli;
mod dst;
mod export_csv;
mod export_example;
mod export_ics;
mod hardening_cli;
mod hardening_input;
mod hardening_output;
mod hardening_save;
mod layout;
mod living;
mod loader_props;
mod oncall_cli;
mod org_check;
mod payroll;
mod plan_cli;
mod planner;
mod planner_props;
mod planner_quality;
mod report_cli;
mod report_html;
mod report_html_cli;
mod report_html_grid;
mod report_html_layout;
mod rest;
mod revision_cli;
mod runcost_growth;
mod schedule_file;
mod secondary;
mod tiering;
mod tui;
mod tui_callouts;
mod tui_cli;
mod tui_e2e;
mod tui_export;
mod tui_lead;
mod tui_living;
mod tui_now;
mod tui_secondary;
mod warnings;
