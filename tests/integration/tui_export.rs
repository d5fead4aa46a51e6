//! The TUI's export action: the path's extension picks the format.

use std::io::BufReader;

use crate::export_fixture::{DST_ORG, date, dst_org, dst_schedule};
use rota::tui::app::{App, Effect};
use rota::tui::perform;

fn app(dir: &std::path::Path) -> App {
    let org = dst_org();
    let (schedule, _) = dst_schedule(&org);
    App::new(
        dir.join("org.toml"),
        DST_ORG.to_string(),
        org,
        dir.join("schedule.toml"),
        Some(schedule),
        date("2026-10-20"),
    )
}

#[test]
fn exports_each_format_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(dir.path());

    let ics = dir.path().join("rota.ics");
    perform(&mut app, Effect::Export(ics.clone()));
    assert_eq!(
        app.status,
        format!("Exported 5 calendar events to {}", ics.display())
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    let calendar = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(calendar.events.len(), 5);

    let csv_path = dir.path().join("shifts.CSV");
    perform(&mut app, Effect::Export(csv_path.clone()));
    assert!(
        app.status.starts_with("Exported 5 shifts"),
        "{}",
        app.status
    );
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    assert_eq!(reader.records().count(), 5);

    let html = dir.path().join("report.html");
    perform(&mut app, Effect::Export(html.clone()));
    assert!(
        app.status.starts_with("Exported the managers' report"),
        "{}",
        app.status
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<section id=\"run-cost\">"));

    let md = dir.path().join("report.md");
    perform(&mut app, Effect::Export(md.clone()));
    assert!(
        app.status.starts_with("Exported the report"),
        "{}",
        app.status
    );
    assert!(std::fs::read_to_string(&md).unwrap().starts_with('#'));

    let pdf = dir.path().join("report.pdf");
    perform(&mut app, Effect::Export(pdf.clone()));
    assert!(
        app.status
            .starts_with("Not exported: unknown export format `.pdf`"),
        "{}",
        app.status
    );
    assert!(!pdf.exists());
}
