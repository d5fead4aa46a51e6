//! The TUI's sense of now: today marked on the Rota grid, and who is on
//! call tonight on the Overview, on the example schedule with today fixed
//! inside it.

use crate::common::render;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;

use rota::tui::app::{App, Tab};
use rota::tui::theme::Theme;
use rota::tui::widgets::rota_grid::RotaGrid;

const ORG: &str = include_str!("../../schedules/example.toml");
const SCHEDULE: &str = include_str!("../../schedules/example.schedule.toml");

/// The example and its schedule (from Monday 2026-11-23), today Tuesday
/// 2026-12-01.
fn app() -> App {
    let org = rota_core::org::parse_organisation("example.toml", ORG).unwrap();
    let schedule = rota_core::schedule::parse_schedule("example.schedule.toml", SCHEDULE).unwrap();
    App::new(
        "/nonexistent/example.toml".into(),
        ORG.to_string(),
        org,
        "/nonexistent/example.schedule.toml".into(),
        Some(schedule),
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    )
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn overview_says_who_is_on_call_tonight() {
    let mut app = app();
    app.tab = Tab::Overview;
    let terminal = render(&app, 80, 24);
    insta::assert_snapshot!("overview_tonight_80x24", terminal.backend());
    // The same people `rota now` finds when tonight's slice starts.
    let evening = rota_core::calendar::slice(&app.org, app.today).start;
    let text = screen(&terminal);
    assert!(
        text.contains("On call tonight       from Tue 01 Dec 17:30"),
        "{text}"
    );
    let now = rota_core::schedule::oncall::on_call_at(&app.org, &app.schedule, evening);
    assert_eq!(now.len(), 8);
    let held: Vec<_> = now.iter().filter_map(|r| r.on_call.as_ref()).collect();
    assert_eq!(
        held.len(),
        7,
        "all but promotions, which needs cover only at its peak"
    );
    assert!(
        text.contains("Promotions team      needs no cover tonight"),
        "{text}"
    );
    for on in held {
        let p = app.org.person_index(&on.person).unwrap();
        let name = &app.org.people[p].name;
        // Who holds it, until when, and who takes over: the next handoff.
        assert!(text.contains(&format!("{name} until ")), "{name}\n{text}");
    }
}

#[test]
fn the_rota_grid_marks_today() {
    let mut app = app();
    app.tab = Tab::Rota;
    insta::assert_snapshot!("rota_today_80x24", render(&app, 80, 24).backend());

    // Exactly: the cursor elsewhere, today's date is `▸01` in bold (the
    // monochrome theme's mark), its neighbours plain.
    app.slice = 0;
    let theme = Theme::mono();
    let grid = RotaGrid {
        app: &app,
        theme: &theme,
    };
    let mut buf = Buffer::empty(Rect::new(0, 0, 40, 4));
    (&grid).render(buf.area, &mut buf);
    let row = |y: u16| -> String { (0..40).map(|x| buf[(x, y)].symbol().to_string()).collect() };
    assert_eq!(row(1), "           23 24 25 26 27 28 29 30▸01 02");
    let today = 10 + 8 * 3;
    for x in today..today + 3 {
        assert!(buf[(x, 1)].modifier.contains(Modifier::BOLD), "column {x}");
    }
    assert!(!buf[(today - 1, 1)].modifier.contains(Modifier::BOLD));
    assert!(!buf[(today + 3, 1)].modifier.contains(Modifier::BOLD));
}

#[test]
fn a_tui_save_that_changes_shifts_is_the_next_revision() {
    let mut app = app();
    let unchanged = app.schedule_to_save(&app.org_text);
    assert_eq!(
        rota_core::schedule::write_schedule(&unchanged),
        SCHEDULE,
        "nothing edited: the file is written as it was"
    );
    // An edit: the week of 7 December on the first rota changes hands.
    let i = app
        .schedule
        .shifts
        .iter()
        .position(|s| s.start.to_rfc3339().starts_with("2026-12-07"))
        .unwrap();
    let holder = app.schedule.shifts[i].person.clone();
    assert_ne!(holder, "lucy");
    app.schedule.shifts[i].person = "lucy".to_string();
    let saved = app.schedule_to_save(&app.org_text);
    assert_eq!(saved.revision, 1);
    assert_eq!(
        saved.updated.map(|t| t.to_rfc3339()),
        Some("2026-12-01T00:00:00+00:00".to_string()),
        "stamped at the start of today in London"
    );
    assert_eq!(saved.moved.len(), 1);
    assert_eq!(saved.moved[0].person, holder);
}
