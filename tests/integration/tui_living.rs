//! The TUI on a lived rota: today falls inside the schedule, so its first
//! week is history. Edits never touch history, re-plans keep it, the grid
//! shows it, and organisation changes are written with their dates.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;
use rota::tui::app::{Action, App, CellState, Mode, PromptKind, Tab, update};
use rota::tui::strings;
use rota::tui::theme::Theme;
use rota::tui::widgets::rota_grid::RotaGrid;
use rota_core::calendar::Horizon;
use rota_core::planner::{PlanOptions, plan_schedule};
use rota_core::schedule::{Role, Schedule};

const EXAMPLE: &str = include_str!("../../schedules/example.toml");

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The example planned from Monday 2026-11-23, opened on 2026-12-01: the
/// week of the 23rd and the shifts that started on the 30th are history.
fn lived(text: &str, schedule: Option<Schedule>) -> App {
    let org = rota_core::org::parse_organisation("example.toml", text).unwrap();
    let schedule = schedule.unwrap_or_else(|| planned(text));
    App::new(
        PathBuf::from("/nonexistent/example.toml"),
        text.to_string(),
        org,
        PathBuf::from("/nonexistent/example.schedule.toml"),
        Some(schedule),
        date("2026-12-01"),
    )
}

fn planned(text: &str) -> Schedule {
    let org = rota_core::org::parse_organisation("example.toml", text).unwrap();
    let horizon = Horizon::weeks(date("2026-11-23"), 13);
    plan_schedule(&org, text, "example.toml", horizon, &PlanOptions::default()).0
}

fn run(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, a.clone());
    }
}

#[test]
fn an_edit_on_a_past_cell_is_refused_and_changes_nothing() {
    let mut app = lived(EXAMPLE, None);
    app.tab = Tab::Rota;
    app.rota_row = 0;
    // Day 0 (Monday 23rd) and day 7 (Monday 30th, in progress) are history;
    // day 8's shift started on the 30th, so it is history too.
    for day in [0, 3, 7, 8] {
        app.slice = day;
        assert!(app.is_history_cell(0, Role::Primary, day), "day {day}");
        let before = app.schedule.clone();
        for action in [
            Action::Assign,
            Action::Select,
            Action::TogglePin,
            Action::Split,
            Action::Clear,
        ] {
            app.status.clear();
            update(&mut app, action.clone());
            assert_eq!(
                app.status,
                strings::HISTORY_REFUSED,
                "{action:?} on day {day}"
            );
            assert_eq!(app.mode, Mode::Normal, "{action:?}: no picker on history");
            assert_eq!(app.schedule, before, "{action:?} changed history");
            assert!(!app.can_undo(), "{action:?} recorded an edit");
        }
    }
    // The future is editable as ever: the next week's shift can be pinned.
    app.slice = 14;
    assert!(!app.is_history_cell(0, Role::Primary, 14));
    update(&mut app, Action::TogglePin);
    assert_eq!(app.status, strings::PIN_TOGGLED);
}

#[test]
fn an_empty_past_night_cannot_be_filled() {
    let mut schedule = planned(EXAMPLE);
    let first = schedule
        .shifts
        .iter()
        .position(|s| s.rota == "domain-checkout")
        .unwrap();
    let removed = schedule.shifts.remove(first);
    let mut app = lived(EXAMPLE, Some(schedule));
    app.tab = Tab::Rota;
    app.rota_row = app.derived.coverage.rota_index(&removed.rota).unwrap();
    app.slice = 2;
    assert_eq!(app.cell(app.rota_row, 2), CellState::Unfilled);
    let before = app.schedule.clone();
    run(&mut app, &[Action::Assign]);
    assert_eq!(app.status, strings::HISTORY_REFUSED);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.schedule, before);
    // Nor does it count as an error: the past is not judged today.
    assert!(
        !app.derived
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "unfilled")
    );
    // R leaves it empty too.
    run(&mut app, &[Action::Replan]);
    assert_eq!(app.cell(app.rota_row, 2), CellState::Unfilled);
}

#[test]
fn replan_after_an_opt_out_keeps_history_and_says_what_moved() {
    let mut app = lived(EXAMPLE, None);
    let history: Vec<_> = app
        .schedule
        .shifts
        .iter()
        .filter(|s| s.is_history(app.now()))
        .cloned()
        .collect();
    let who = history[0].person.clone();
    let p = app.org.person_index(&who).unwrap();
    app.tab = Tab::People;
    app.person_row = p;
    run(&mut app, &[Action::ToggleOptIn]);
    assert!(matches!(
        &app.mode,
        Mode::Prompt { kind: PromptKind::OptFrom(_, false), input } if input == "2026-12-01"
    ));
    run(&mut app, &[Action::Select]);
    // Their worked week is no error, though they have opted out since.
    assert!(
        !app.derived
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "not-eligible"
                && w.people.contains(&who)
                && w.from.is_some_and(|f| f < date("2026-12-01"))),
        "{:#?}",
        app.derived.warnings
    );
    app.tab = Tab::Rota;
    run(&mut app, &[Action::Replan]);
    assert!(app.status.starts_with("Re-planned: "), "{}", app.status);
    // The overlay says who gained and lost what, with dates and pay.
    let Mode::Changes(text) = app.mode.clone() else {
        panic!("no changes overlay: {:?}", app.mode)
    };
    assert!(text.contains(&format!("  {who} (")), "{text}");
    assert!(
        text.contains("    lost   ") && text.contains("    gained "),
        "{text}"
    );
    assert!(text.contains("standby -"), "{text}");
    run(&mut app, &[Action::Cancel]);
    assert_eq!(app.mode, Mode::Normal);
    assert!(
        app.status.contains("history kept as it was"),
        "{}",
        app.status
    );
    for shift in &history {
        assert!(app.schedule.shifts.contains(shift), "{shift:?} rewritten");
    }
    assert!(
        app.schedule
            .shifts
            .iter()
            .all(|s| s.person != who || s.is_history(app.now()))
    );
    // The organisation file gets the dated opt-out, comments kept.
    let text = rota_core::org::edit::apply(&app.org_text, &app.org_saved, &app.org).unwrap();
    assert!(
        text.contains("off_call = [ { from = \"2026-12-01\" } ]"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with('#')).count(),
        EXAMPLE.lines().filter(|l| l.starts_with('#')).count()
    );
}

#[test]
fn an_exposure_change_from_a_date_applies_from_it() {
    let mut app = lived(EXAMPLE, None);
    app.tab = Tab::Services;
    app.service_row = app.org.service_index("returns-portal").unwrap();
    run(&mut app, &[Action::EditExposure, Action::ClearInput]);
    for c in "900000 2027-01-04".chars() {
        update(&mut app, Action::Input(c));
    }
    run(&mut app, &[Action::Select]);
    let rota = app
        .derived
        .coverage
        .rota_index("team-returns")
        .expect("a new rota");
    let horizon = app.horizon();
    let first = (0..horizon.len())
        .find(|&d| app.derived.coverage.needs_cover(rota, d))
        .unwrap();
    assert_eq!(horizon.date(first), date("2027-01-04"));
    let text = rota_core::org::edit::apply(&app.org_text, &app.org_saved, &app.org).unwrap();
    assert!(
        text.contains(
            "hourly_exposure = 900000\nexposure_changed = [ { on = \"2027-01-04\", from = 6500 } ]"
        ),
        "{text}"
    );
    // A bad date is a message, not an edit.
    let edits = app.can_redo();
    run(&mut app, &[Action::EditExposure, Action::ClearInput]);
    for c in "5 soon".chars() {
        update(&mut app, Action::Input(c));
    }
    run(&mut app, &[Action::Select]);
    let why = app.prompt_error.clone().unwrap_or_default();
    assert!(why.contains("not a date"), "{why}");
    assert!(matches!(&app.mode, Mode::Prompt { input, .. } if input == "5 soon"));
    assert_eq!(app.can_redo(), edits);
}

#[test]
fn extend_rolls_forward_keeping_every_shift() {
    let mut app = lived(EXAMPLE, None);
    app.tab = Tab::Rota;
    let before = app.schedule.clone();
    run(&mut app, &[Action::Extend]);
    assert_eq!(app.schedule.end, date("2027-03-22"));
    assert_eq!(app.horizon().end, date("2027-03-22"));
    for shift in &before.shifts {
        assert!(app.schedule.shifts.contains(shift), "{shift:?}");
    }
    assert!(app.schedule.shifts.len() > before.shifts.len());
    assert!(
        app.status
            .starts_with("Extended 4 weeks to 2027-03-22: 0 shifts moved"),
        "{}",
        app.status
    );
    assert!(
        !app.derived
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "unfilled")
    );
    run(&mut app, &[Action::Undo]);
    assert_eq!(app.schedule, before);
    assert_eq!(app.horizon().end, before.end);
}

#[test]
fn past_cells_read_as_past_without_colour() {
    let app = lived(EXAMPLE, None);
    let theme = Theme::mono();
    let grid = RotaGrid {
        app: &app,
        theme: &theme,
    };
    let mut buf = Buffer::empty(Rect::new(0, 0, 60, 5));
    (&grid).render(buf.area, &mut buf);
    let row: String = (0..60).map(|x| buf[(x, 3)].symbol().to_string()).collect();
    // The cursor is on today (night 8), so the grid starts at its week's
    // Monday, night 7 (the 30th). Columns from x = 15 (the name width), three
    // per night: the shift that started on the 30th in lower case, the
    // next week's in capitals.
    let cell = |d: u16| {
        row.chars()
            .skip(15 + 3 * d as usize)
            .take(3)
            .collect::<String>()
    };
    let past = cell(1);
    let future = cell(9);
    assert_eq!(past.trim(), past.trim().to_lowercase(), "{row}");
    assert_eq!(future.trim(), future.trim().to_uppercase(), "{row}");
    assert!(buf[(15 + 3, 3)].modifier.contains(Modifier::DIM));
    assert!(!buf[(15 + 27, 3)].modifier.contains(Modifier::DIM));
    // The night that started before today has its number dimmed; today's
    // night (it starts this evening) has not.
    assert!(buf[(15 + 1, 1)].modifier.contains(Modifier::DIM));
    assert!(!buf[(15 + 3 + 1, 1)].modifier.contains(Modifier::DIM));
}

/// The example at `now`, an instant: the planner opened from the clock.
fn lived_at(now: chrono::DateTime<chrono::Utc>) -> App {
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    App::new_at(
        PathBuf::from("/nonexistent/example.toml"),
        EXAMPLE.to_string(),
        org,
        PathBuf::from("/nonexistent/example.schedule.toml"),
        Some(planned(EXAMPLE)),
        now,
    )
}

#[test]
fn opened_from_the_clock_the_slice_in_progress_is_history_as_on_the_command_line() {
    // Saturday 2026-12-05 at noon in London: the weekend day's slice began
    // at 09:00. From the date alone (midnight) it is still to come.
    let noon = chrono::DateTime::parse_from_rfc3339("2026-12-05T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let from_clock = lived_at(noon);
    assert_eq!(from_clock.now(), noon);
    assert_eq!(from_clock.today, date("2026-12-05"));
    let saturday = from_clock.horizon().index_of(date("2026-12-05")).unwrap();
    assert!(from_clock.is_past(saturday));
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    let midnight = App::new(
        PathBuf::from("/nonexistent/example.toml"),
        EXAMPLE.to_string(),
        org,
        PathBuf::from("/nonexistent/example.schedule.toml"),
        Some(planned(EXAMPLE)),
        date("2026-12-05"),
    );
    assert!(!midnight.is_past(saturday));
    // An empty Saturday cannot be filled once it has begun.
    let mut schedule = planned(EXAMPLE);
    let rota = "domain-checkout";
    let k = schedule
        .shifts
        .iter()
        .position(|s| {
            s.rota == rota
                && s.start.with_timezone(&chrono::Utc) <= noon
                && s.end.with_timezone(&chrono::Utc) > noon
        })
        .unwrap();
    schedule.shifts.remove(k);
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    let mut app = App::new_at(
        PathBuf::from("/nonexistent/example.toml"),
        EXAMPLE.to_string(),
        org,
        PathBuf::from("/nonexistent/example.schedule.toml"),
        Some(schedule),
        noon,
    );
    app.tab = Tab::Rota;
    app.rota_row = app.derived.coverage.rota_index(rota).unwrap();
    app.slice = saturday;
    assert_eq!(app.cell(app.rota_row, saturday), CellState::Unfilled);
    let before = app.schedule.clone();
    run(&mut app, &[Action::Assign]);
    assert_eq!(app.status, strings::HISTORY_REFUSED);
    assert_eq!(app.schedule, before);
}

#[test]
fn a_change_dated_before_today_is_refused_with_its_reason() {
    let mut app = lived(EXAMPLE, None);
    let org = app.org.clone();
    app.tab = Tab::People;
    app.person_row = 0;
    run(&mut app, &[Action::ToggleOptIn, Action::ClearInput]);
    for c in "2026-11-23".chars() {
        update(&mut app, Action::Input(c));
    }
    run(&mut app, &[Action::Select]);
    // The prompt stays open with the date as typed, and says why.
    assert!(
        matches!(&app.mode, Mode::Prompt { input, .. } if input == "2026-11-23"),
        "{:?}",
        app.mode
    );
    let why = app.prompt_error.clone().unwrap_or_default();
    assert!(why.contains("is before today (2026-12-01)"), "{why}");
    assert_eq!(app.org, org, "a back-dated opt-out was applied");
    run(&mut app, &[Action::Cancel]);
    app.tab = Tab::Services;
    app.service_row = 0;
    run(&mut app, &[Action::EditExposure, Action::ClearInput]);
    for c in "900000 2026-11-30".chars() {
        update(&mut app, Action::Input(c));
    }
    run(&mut app, &[Action::Select]);
    let why = app.prompt_error.clone().unwrap_or_default();
    assert!(why.contains("is before today (2026-12-01)"), "{why}");
    assert_eq!(app.org, org, "a back-dated exposure was applied");
    assert!(!app.can_undo());
}

#[test]
fn history_planned_under_other_working_hours_is_shown_paid_and_kept() {
    // Planned when the working day ended at 17:30; now it ends at 18:00, so
    // no shift of the worked week starts on a slice boundary any more.
    let schedule = planned(EXAMPLE);
    let text = EXAMPLE.replace("end = \"17:30\"", "end = \"18:00\"");
    let mut app = lived(&text, Some(schedule.clone()));
    app.tab = Tab::Rota;
    app.rota_row = 0;
    let rota = app.derived.coverage.rotas[0].id.clone();
    let first = schedule.shifts.iter().find(|s| s.rota == rota).unwrap();
    let holder = app.org.person_index(&first.person).unwrap();
    // Every night of the worked week shows its holder, as history.
    for day in 0..7 {
        match app.cell(0, day) {
            CellState::Filled {
                person, history, ..
            } => {
                assert_eq!(person, holder, "day {day}");
                assert!(history, "day {day}");
            }
            other => panic!("day {day}: {other:?}"),
        }
        app.slice = day;
        let before = app.schedule.clone();
        run(&mut app, &[Action::Assign]);
        assert_eq!(app.status, strings::HISTORY_REFUSED, "day {day}");
        assert_eq!(app.schedule, before);
    }
    // Its pay is what it was under the old hours.
    let pay = |app: &App, id: &str| {
        app.derived
            .pay
            .people
            .iter()
            .find(|p| p.person == id)
            .map(|p| (p.weeknight_slices, p.weekend_slices, p.standby_pay))
    };
    let old = lived(EXAMPLE, Some(schedule.clone()));
    assert_eq!(pay(&app, &first.person), pay(&old, &first.person));
    // R keeps it as it was.
    run(&mut app, &[Action::Replan]);
    assert!(app.schedule.shifts.contains(first));
}

#[test]
fn a_save_from_the_clock_is_stamped_with_that_instant() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-09T14:58:17Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let mut app = lived_at(at);
    app.tab = Tab::Rota;
    app.rota_row = 0;
    app.slice = app.horizon().index_of(date("2027-01-20")).unwrap();
    run(&mut app, &[Action::TogglePin]);
    let saved = app.schedule_to_save(EXAMPLE);
    assert_eq!(saved.revision, 1);
    assert_eq!(
        saved.updated.map(|t| t.with_timezone(&chrono::Utc)),
        Some(at)
    );
}

#[test]
fn left_open_on_the_clock_what_starts_meanwhile_becomes_history() {
    // Opened at 17:00 on Monday 7 December; the week's handoff is 17:30.
    let at = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let mut app = lived_at(at("2026-12-07T17:00:00Z"));
    app.tab = Tab::Rota;
    app.rota_row = 0;
    let monday = app.horizon().index_of(date("2026-12-07")).unwrap();
    app.slice = monday;
    assert!(!app.is_history_cell(0, Role::Primary, monday));
    // A tick before the handoff changes nothing.
    app.advance_to(at("2026-12-07T17:10:00Z"));
    assert!(!app.is_history_cell(0, Role::Primary, monday));
    // After it, the new week is being worked: history.
    app.advance_to(at("2026-12-07T17:45:00Z"));
    assert!(app.is_history_cell(0, Role::Primary, monday));
    let before = app.schedule.clone();
    run(&mut app, &[Action::TogglePin]);
    assert_eq!(app.status, strings::HISTORY_REFUSED);
    assert_eq!(app.schedule, before);
    // The clock never runs back.
    app.advance_to(at("2026-12-07T09:00:00Z"));
    assert_eq!(app.now(), at("2026-12-07T17:45:00Z"));
}

#[test]
fn a_new_schedule_elsewhere_names_its_organisation_from_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let org_path = dir.path().join("org.toml");
    std::fs::write(&org_path, EXAMPLE).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let org = rota_core::org::parse_organisation("org.toml", EXAMPLE).unwrap();
    let app = App::new(
        org_path,
        EXAMPLE.to_string(),
        org,
        dir.path().join("out").join("rota.schedule.toml"),
        None,
        date("2026-12-01"),
    );
    assert_eq!(app.schedule.organisation, "../org.toml");
}
