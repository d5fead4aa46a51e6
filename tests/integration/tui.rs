//! The TUI without a terminal: `update` for every action, snapshots of every
//! tab, and the rota grid cell by cell.

use crate::common::render;
use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use rota::tui::app::{Action, App, CellState, Effect, Mode, PromptKind, Tab, update};
use rota::tui::keymap::Keymap;
use rota::tui::theme::Theme;
use rota::tui::views::{self, Ui};
use rota::tui::widgets::rota_grid::RotaGrid;
use rota_core::schedule::Role;

const EXAMPLE: &str = include_str!("../../schedules/example.toml");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The example organisation with a new (empty) 13-week schedule from
/// Monday 2026-11-23.
fn app_in(dir: &std::path::Path) -> App {
    let org_path = dir.join("example.toml");
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    App::new(
        org_path,
        EXAMPLE.to_string(),
        org,
        dir.join("example.schedule.toml"),
        None,
        today(),
    )
}

/// The example as planned for a new 13-week horizon.
fn planned() -> App {
    app_in(std::path::Path::new("/nonexistent"))
}

/// The example with every shift cleared, to build a rota by hand.
fn app() -> App {
    let mut app = planned();
    app.schedule.shifts.clear();
    app.recompute(false);
    app
}

fn run(app: &mut App, actions: &[Action]) -> Vec<Effect> {
    actions
        .iter()
        .flat_map(|a| update(app, a.clone()))
        .collect()
}

/// Fills every rota for the first `weeks` weeks, giving each window to the
/// next member in turn, through the same actions a user presses.
fn fill(app: &mut App, weeks: usize) {
    app.tab = Tab::Rota;
    for r in 0..app.derived.coverage.rotas.len() {
        app.rota_row = r;
        app.slice = 0;
        let mut turn = 0;
        while app.slice < weeks * 7 {
            if app.cell(r, app.slice) != CellState::Unfilled {
                if app.slice + 1 >= app.horizon().len() {
                    break;
                }
                app.slice += 1;
                continue;
            }
            update(app, Action::Assign);
            let Mode::Picker { candidates, .. } = &app.mode else {
                panic!("picker expected")
            };
            // Skip people on time off that night.
            let date = app.horizon().date(app.slice);
            let n = candidates.len();
            let mut pick = turn % n;
            while app.org.people[candidates[pick]].is_off(date) {
                pick = (pick + 1) % n;
            }
            app.mode = Mode::Picker {
                candidates: candidates.clone(),
                selected: pick,
            };
            update(app, Action::Select);
            if matches!(app.mode, Mode::ConfirmPick { .. }) {
                update(app, Action::Confirm);
            }
            turn += 1;
        }
    }
    app.slice = 0;
    app.rota_row = 0;
}

fn shift_count(app: &App) -> usize {
    app.schedule.shifts.len()
}

#[test]
fn a_new_schedule_starts_today_unsaved() {
    let app = planned();
    assert!(!app.schedule.shifts.is_empty(), "it is planned");
    assert!(
        !app.derived
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "unfilled"),
        "{:?}",
        app.derived.warnings
    );
    assert_eq!(app.horizon().start, today());
    assert_eq!(app.horizon().len(), 91, "from a Monday: 13 whole weeks");
    assert!(app.unsaved());
    assert_eq!(app.tab, Tab::Overview);
}

#[test]
fn a_new_schedule_opened_on_a_tuesday_covers_tonight_not_from_monday() {
    let tuesday = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    let app = App::new(
        PathBuf::from("/nonexistent/example.toml"),
        EXAMPLE.to_string(),
        org,
        PathBuf::from("/nonexistent/example.schedule.toml"),
        None,
        tuesday,
    );
    assert_eq!(app.horizon().start, tuesday);
    // 13 weeks and on to the next Monday: the last week is a whole one.
    assert_eq!(
        app.horizon().end,
        NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
    );
    assert_eq!(app.slice, 0, "the cursor is on tonight");
    for r in 0..app.derived.coverage.rotas.len() {
        if app.derived.coverage.needs_cover(r, 0) {
            assert!(
                matches!(app.cell(r, 0), CellState::Filled { .. }),
                "rota {r} is covered tonight"
            );
        }
    }
    assert!(
        !app.derived
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "unfilled"),
        "{:?}",
        app.derived.warnings
    );
}

#[test]
fn tabs_switch_by_number_and_cycle_both_ways() {
    let mut app = app();
    run(&mut app, &[Action::GoTab(Tab::Rota)]);
    assert_eq!(app.tab, Tab::Rota);
    run(&mut app, &[Action::NextTab, Action::NextTab]);
    assert_eq!(app.tab, Tab::Warnings);
    run(&mut app, &[Action::NextTab]);
    assert_eq!(app.tab, Tab::Overview);
    run(&mut app, &[Action::PrevTab]);
    assert_eq!(app.tab, Tab::Warnings);
}

#[test]
fn cursor_moves_and_stays_in_bounds() {
    let mut app = app();
    app.tab = Tab::Rota;
    run(&mut app, &[Action::Left, Action::Up]);
    assert_eq!((app.rota_row, app.slice), (0, 0));
    run(&mut app, &[Action::Right, Action::NextWeek, Action::Down]);
    assert_eq!((app.rota_row, app.slice), (1, 8));
    run(&mut app, &[Action::PrevWeek]);
    assert_eq!(app.slice, 1);
    run(&mut app, &[Action::NextMonth]);
    assert_eq!(
        app.horizon().date(app.slice),
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    );
    run(&mut app, &[Action::PrevMonth]);
    assert_eq!(
        app.horizon().date(app.slice),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    );
    for _ in 0..30 {
        update(&mut app, Action::NextWeek);
    }
    assert_eq!(app.slice, 90);
    for _ in 0..30 {
        update(&mut app, Action::Down);
    }
    assert_eq!(app.rota_row, app.derived.coverage.rotas.len() - 1);
    app.tab = Tab::Services;
    run(&mut app, &[Action::Down, Action::Down, Action::Up]);
    assert_eq!(app.service_row, 1);
    app.tab = Tab::People;
    run(&mut app, &[Action::Down]);
    assert_eq!(app.person_row, 1);
    app.tab = Tab::Warnings;
    run(&mut app, &[Action::Down]);
    assert_eq!(app.warning_row, 1);
}

#[test]
fn assign_fills_the_window_then_swap_undo_redo() {
    let mut app = app();
    app.tab = Tab::Rota;
    let needed_before = app.derived.warnings.len();
    run(&mut app, &[Action::Assign]);
    let Mode::Picker {
        candidates,
        selected,
    } = app.mode.clone()
    else {
        panic!("the picker opens")
    };
    assert_eq!(selected, 0);
    run(&mut app, &[Action::Select]);
    assert_eq!(shift_count(&app), 1);
    let shift = &app.schedule.shifts[0];
    assert_eq!(shift.slices, 7, "a weekly window");
    assert_eq!(shift.person, app.org.people[candidates[0]].id);
    assert_eq!(app.slice, 0, "the cursor stays on the night just filled");
    assert!(app.derived.warnings.len() <= needed_before);

    // Swap: the whole shift goes to someone else.
    app.slice = 3;
    run(&mut app, &[Action::Assign, Action::Up, Action::Select]);
    assert_eq!(shift_count(&app), 1);
    let swapped = app.schedule.shifts[0].person.clone();
    assert_ne!(swapped, app.org.people[candidates[0]].id);

    run(&mut app, &[Action::Undo]);
    assert_eq!(
        app.schedule.shifts[0].person,
        app.org.people[candidates[0]].id
    );
    run(&mut app, &[Action::Redo]);
    assert_eq!(app.schedule.shifts[0].person, swapped);
    run(&mut app, &[Action::Undo, Action::Undo]);
    assert_eq!(shift_count(&app), 0);
    run(&mut app, &[Action::Undo]);
    assert_eq!(app.status, "Nothing to undo");
    run(&mut app, &[Action::Redo, Action::Redo, Action::Redo]);
    assert_eq!(app.schedule.shifts[0].person, swapped);
    assert_eq!(app.status, "Nothing to redo");
}

#[test]
fn picker_cancels_without_an_edit() {
    let mut app = app();
    app.tab = Tab::Rota;
    run(&mut app, &[Action::Assign, Action::Down, Action::Cancel]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(shift_count(&app), 0);
    assert!(!app.can_undo());
}

#[test]
fn pin_split_and_clear() {
    let mut app = app();
    fill(&mut app, 1);
    let before = shift_count(&app);
    app.tab = Tab::Rota;
    app.rota_row = 0;
    app.slice = 2;
    run(&mut app, &[Action::TogglePin]);
    assert!(app.schedule.shifts.iter().any(|s| s.pinned));
    run(&mut app, &[Action::Split]);
    assert_eq!(shift_count(&app), before + 1);
    let rota = app.derived.coverage.rotas[0].id.clone();
    let mut halves: Vec<u32> = app
        .schedule
        .shifts
        .iter()
        .filter(|s| s.rota == rota)
        .map(|s| s.slices)
        .collect();
    halves.sort();
    assert_eq!(halves, vec![2, 5]);
    assert!(
        app.schedule
            .shifts
            .iter()
            .filter(|s| s.rota == rota)
            .all(|s| s.pinned)
    );
    // Splitting on a shift's first night does nothing.
    app.slice = 0;
    run(&mut app, &[Action::Split]);
    assert_eq!(shift_count(&app), before + 1);
    run(&mut app, &[Action::Clear]);
    assert_eq!(shift_count(&app), before);
    assert_eq!(app.cell(0, 0), CellState::Unfilled);
    run(&mut app, &[Action::Undo]);
    assert_eq!(shift_count(&app), before + 1);
    run(&mut app, &[Action::TogglePin]);
    assert!(!matches!(
        app.cell(0, 0),
        CellState::Filled { pinned: true, .. }
    ));
}

#[test]
fn replan_fills_the_horizon_keeping_pins_and_undoes() {
    let mut app = app();
    app.tab = Tab::Rota;
    // Give domain-checkout's first week to its last candidate and pin it.
    run(&mut app, &[Action::Assign]);
    let Mode::Picker { candidates, .. } = app.mode.clone() else {
        panic!()
    };
    let chosen = *candidates.last().unwrap();
    app.mode = Mode::Picker {
        selected: candidates.len() - 1,
        candidates,
    };
    run(&mut app, &[Action::Select]);
    if matches!(app.mode, Mode::ConfirmPick { .. }) {
        run(&mut app, &[Action::Confirm]);
    }
    app.slice = 0;
    run(&mut app, &[Action::TogglePin, Action::Replan]);
    // Today is before the horizon: nothing is history, and the status says
    // what changed.
    assert!(
        app.status.starts_with("Re-planned: 0 shifts moved, "),
        "{}",
        app.status
    );
    assert!(
        app.status.ends_with("history kept as it was"),
        "{}",
        app.status
    );
    assert!(
        !app.derived
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "unfilled")
    );
    assert!(matches!(
        app.cell(0, 0),
        CellState::Filled { person, pinned: true, .. } if person == chosen
    ));
    run(&mut app, &[Action::Replan]);
    assert_eq!(app.status, "Re-planning changes nothing");
    run(&mut app, &[Action::Undo]);
    assert_eq!(shift_count(&app), 1);
}

#[test]
fn time_off_and_opt_in_edit_the_organisation_and_flag_clashes() {
    let mut app = app();
    fill(&mut app, 2);
    // Who is on domain-checkout on the first night?
    let CellState::Filled { person, .. } = app.cell(0, 0) else {
        panic!("filled")
    };
    app.tab = Tab::People;
    app.person_row = person;
    run(&mut app, &[Action::AddTimeOff]);
    let Mode::Prompt { kind, input } = app.mode.clone() else {
        panic!("prompt")
    };
    assert_eq!(kind, PromptKind::TimeOff(person));
    assert_eq!(input, "2026-11-23 2026-11-23 leave");
    update(&mut app, Action::Backspace);
    assert!(
        matches!(&app.mode, Mode::Prompt { input, .. } if input == "2026-11-23 2026-11-23 leav")
    );
    update(&mut app, Action::ClearInput);
    assert!(matches!(&app.mode, Mode::Prompt { input, .. } if input.is_empty()));
    for c in "2026-11-24 2026-11-25 dentist".chars() {
        update(&mut app, Action::Input(c));
    }
    run(&mut app, &[Action::Select]);
    assert!(app.org_edited());
    let t = app.org.people[person].time_off.last().unwrap();
    assert_eq!(t.reason, "dentist");
    assert!(matches!(
        app.cell(0, 1),
        CellState::Filled { problem: true, .. }
    ));
    assert!(
        app.derived
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "time-off-clash")
    );

    run(&mut app, &[Action::RemoveTimeOff]);
    assert!(matches!(
        app.cell(0, 1),
        CellState::Filled { problem: false, .. }
    ));
    run(&mut app, &[Action::Undo]);
    assert!(matches!(
        app.cell(0, 1),
        CellState::Filled { problem: true, .. }
    ));

    // A bad date is a message, not an edit.
    run(&mut app, &[Action::AddTimeOff]);
    for _ in 0..40 {
        update(&mut app, Action::Backspace);
    }
    let edits = app.can_redo();
    run(&mut app, &[Action::Input('x'), Action::Select]);
    let why = app.prompt_error.clone().unwrap_or_default();
    assert!(why.contains("not a date"), "{why}");
    assert!(matches!(&app.mode, Mode::Prompt { input, .. } if input == "x"));
    run(&mut app, &[Action::Cancel]);
    assert_eq!(app.can_redo(), edits, "no edit was recorded");

    // Opting out asks from when (today by default) and writes it dated.
    let first_night = app.horizon().start;
    let on = app.org.people[person].on_call_on(first_night);
    run(&mut app, &[Action::ToggleOptIn]);
    assert!(matches!(
        &app.mode,
        Mode::Prompt { kind: PromptKind::OptFrom(p, false), input } if *p == person && *input == today().to_string()
    ));
    run(&mut app, &[Action::Select]);
    assert_eq!(app.org.people[person].on_call_on(first_night), !on);
    assert!(
        app.org.people[person].on_call,
        "the dated form, not on_call = false"
    );
    assert!(
        app.derived
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "not-eligible")
    );
    run(&mut app, &[Action::Undo]);
    assert_eq!(app.org.people[person].on_call_on(first_night), on);
}

#[test]
fn exposure_edit_re_tiers_at_once() {
    let mut app = app();
    app.tab = Tab::Services;
    let s = app.org.service_index("promo-engine").unwrap_or(0);
    app.service_row = s;
    let rotas_before = app.derived.coverage.rotas.len();
    run(&mut app, &[Action::Select]);
    assert!(matches!(
        app.mode,
        Mode::Prompt {
            kind: PromptKind::Exposure(_),
            ..
        }
    ));
    run(&mut app, &[Action::Cancel]);
    assert_eq!(app.mode, Mode::Normal);
    run(&mut app, &[Action::EditExposure]);
    let Mode::Prompt { input, .. } = app.mode.clone() else {
        panic!()
    };
    for _ in 0..input.len() {
        update(&mut app, Action::Backspace);
    }
    // The value alone: from today.
    for c in "900000".chars() {
        update(&mut app, Action::Input(c));
    }
    run(&mut app, &[Action::Select]);
    assert_eq!(app.org.services[s].hourly_exposure, 900000.0);
    assert_eq!(app.org.services[s].exposure_changes.len(), 1);
    assert_eq!(app.org.services[s].exposure_changes[0].on, today());
    let team = app.org.services[s].team;
    let id = format!("team-{}", app.org.teams[team].id);
    assert!(
        app.derived.coverage.rota_index(&id).is_some(),
        "{id} now has its own rota"
    );
    assert!(app.derived.coverage.rotas.len() >= rotas_before);
    run(&mut app, &[Action::Undo]);
    assert_eq!(app.derived.coverage.rotas.len(), rotas_before);
    // Not a number: nothing changes.
    run(&mut app, &[Action::EditExposure, Action::ClearInput]);
    run(&mut app, &[Action::Input('x'), Action::Select]);
    // The prompt stays open with the text as typed, and says why.
    let why = app.prompt_error.clone().unwrap_or_default();
    assert!(why.contains("not an hourly exposure"), "{why}");
    assert!(matches!(&app.mode, Mode::Prompt { input, .. } if input == "x"));
    run(&mut app, &[Action::Cancel]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.prompt_error, None);
    assert!(!app.can_redo() || app.org.services[s].hourly_exposure != 900000.0);
}

#[test]
fn warnings_jump_to_the_cell() {
    let mut app = app();
    app.tab = Tab::Warnings;
    let i = app
        .derived
        .warnings
        .iter()
        .position(|w| w.code.as_str() == "unfilled" && w.rota.as_deref() == Some("team-promotions"))
        .unwrap();
    app.warning_row = i;
    run(&mut app, &[Action::Select]);
    assert_eq!(app.tab, Tab::Rota);
    assert_eq!(
        app.derived.coverage.rotas[app.rota_row].id,
        "team-promotions"
    );
    assert_eq!(
        app.horizon().date(app.slice),
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    );
    // An organisation warning about a service goes to the service.
    app.tab = Tab::Warnings;
    let i = app
        .derived
        .warnings
        .iter()
        .position(|w| w.code.as_str() == "inflated-target")
        .unwrap();
    app.warning_row = i;
    run(&mut app, &[Action::Select]);
    assert_eq!(app.tab, Tab::Services);
}

#[test]
fn quit_guard_asks_when_there_are_unsaved_edits() {
    let mut app = app();
    // A new schedule is unsaved.
    assert!(run(&mut app, &[Action::Quit]).is_empty());
    assert_eq!(app.mode, Mode::ConfirmQuit);
    run(&mut app, &[Action::Cancel]);
    assert_eq!(app.mode, Mode::Normal);
    assert!(app.running);
    run(&mut app, &[Action::Quit]);
    assert_eq!(run(&mut app, &[Action::Save]), vec![Effect::SaveAndQuit]);
    // A save that fails (no such directory) does not quit.
    rota::tui::perform(&mut app, Effect::SaveAndQuit);
    assert!(app.running);
    assert!(
        app.status.starts_with("Not saved, so not quitting"),
        "{}",
        app.status
    );
    run(&mut app, &[Action::Quit]);
    assert_eq!(run(&mut app, &[Action::Confirm]), vec![Effect::Quit]);
    assert!(!app.running);
}

#[test]
fn save_writes_both_files_then_quit_needs_no_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("example.toml"), EXAMPLE).unwrap();
    let mut app = app_in(dir.path());
    fill(&mut app, 1);
    app.tab = Tab::People;
    app.person_row = 1;
    run(&mut app, &[Action::AddTimeOff, Action::Select]);
    assert_eq!(run(&mut app, &[Action::Save]), vec![Effect::Save]);
    rota::tui::perform(&mut app, Effect::Save);
    assert!(!app.unsaved(), "{}", app.status);
    let org_text = std::fs::read_to_string(dir.path().join("example.toml")).unwrap();
    let sched_text = std::fs::read_to_string(dir.path().join("example.schedule.toml")).unwrap();
    let (s, _) =
        rota_core::schedule::load_schedule(&dir.path().join("example.schedule.toml")).unwrap();
    assert_eq!(s.organisation, "example.toml");
    assert_eq!(
        s.organisation_digest,
        rota_core::schedule::digest(org_text.as_bytes())
    );
    assert_eq!(s.shifts.len(), app.schedule.shifts.len());
    assert!(sched_text.starts_with("[schedule]"));
    // Only Ben's new time_off line differs: take it out and the file is as it was.
    let line = "time_off = [ { from = \"2026-11-23\", to = \"2026-11-23\", reason = \"leave\" } ]";
    assert_eq!(org_text.lines().filter(|l| *l == line).count(), 1);
    let added = [line];
    let without: String = org_text
        .lines()
        .filter(|l| *l != added[0])
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(without, EXAMPLE);
    assert!(
        org_text
            .contains("id = \"ben\"\nname = \"Ben Carter\"\nteam = \"payments\"\ntime_off = [ {")
    );
    assert_eq!(run(&mut app, &[Action::Quit]), vec![Effect::Quit]);
}

#[test]
fn help_opens_and_closes_and_export_prompts_for_a_path() {
    let mut app = app();
    run(&mut app, &[Action::Help]);
    assert_eq!(app.mode, Mode::Help);
    run(&mut app, &[Action::Down]);
    assert_eq!(app.mode, Mode::Help, "other keys do nothing under help");
    run(&mut app, &[Action::Cancel]);
    assert_eq!(app.mode, Mode::Normal);
    run(&mut app, &[Action::Export]);
    let Mode::Prompt { kind, input } = app.mode.clone() else {
        panic!()
    };
    assert_eq!(kind, PromptKind::Export);
    assert!(input.ends_with("example.report.md"));
    let effects = run(&mut app, &[Action::Input('x'), Action::Select]);
    assert_eq!(
        effects,
        vec![Effect::ExportIfNew(PathBuf::from(format!("{input}x")))]
    );
}

#[test]
fn every_tab_snapshot() {
    let mut app = planned();

    for (w, h) in [(80, 24), (60, 20), (60, 16)] {
        for tab in Tab::ALL {
            app.tab = tab;
            let name = format!("{}_{w}x{h}", tab.title().to_lowercase());
            insta::assert_snapshot!(name, render(&app, w, h).backend());
        }
    }
}

#[test]
fn overlays_and_small_terminal_snapshot() {
    let mut app = app();
    fill(&mut app, 2);
    app.tab = Tab::Rota;
    update(&mut app, Action::Assign);
    insta::assert_snapshot!("picker_80x24", render(&app, 80, 24).backend());
    app.mode = Mode::Normal;
    update(&mut app, Action::Help);
    insta::assert_snapshot!("help_80x24", render(&app, 80, 24).backend());
    app.mode = Mode::Normal;
    insta::assert_snapshot!("too_small", render(&app, 40, 10).backend());
}

#[test]
fn rota_grid_cells_exactly() {
    let mut app = app();
    fill(&mut app, 1);
    // Pin the first shift and put its person on time off on night 3.
    app.tab = Tab::Rota;
    update(&mut app, Action::TogglePin);
    let theme = Theme::mono();
    let grid = RotaGrid {
        app: &app,
        theme: &theme,
    };
    let mut buf = Buffer::empty(Rect::new(0, 0, 40, 6));
    (&grid).render(buf.area, &mut buf);
    let mut expected = Buffer::with_lines([
        "Rota      Nov                     Dec   ",
        "          ▸23 24 25 26 27 28 29 30 01 02",
        "           Mo Tu We Th Fr•Sa•Su Mo Tu We",
        "domain-c… *HE HE HE HE HE HE HE !! !! !!",
        "team-pay… │AP AP AP AP AP AP AP !! !! !!",
        "team-pro…  ·  ·  ·  · │NO NO NO !! ·  · ",
    ]);
    // Styles are checked separately below; compare the symbols.
    expected.set_style(expected.area, buf.content()[0].style());
    let symbols = |b: &Buffer| -> Vec<String> {
        (0..b.area.height)
            .map(|y| {
                (0..b.area.width)
                    .map(|x| b[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect()
    };
    assert_eq!(symbols(&buf), symbols(&expected));
    // The cursor cell and the selected rota name are reversed.
    use ratatui::style::Modifier;
    assert!(buf[(10, 3)].modifier.contains(Modifier::REVERSED));
    assert!(buf[(0, 3)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(13, 3)].modifier.contains(Modifier::REVERSED));
    // Unfilled nights are bold (the error style in monochrome).
    assert!(buf[(32, 3)].modifier.contains(Modifier::BOLD));
}

#[test]
fn show_person_goes_from_a_cell_to_the_people_tab() {
    let mut empty = app();
    let mut app = planned();
    app.tab = Tab::Rota;
    let CellState::Filled { person, .. } = app.cell(0, 0) else {
        panic!("planned")
    };
    run(&mut app, &[Action::ShowPerson]);
    assert_eq!((app.tab, app.person_row), (Tab::People, person));
    empty.tab = Tab::Rota;
    run(&mut empty, &[Action::ShowPerson]);
    assert_eq!(empty.tab, Tab::Rota);
    assert_eq!(empty.status, "Nobody is on this night");
}

#[test]
fn costs_period_cycles_through_the_months() {
    let mut app = planned();
    app.tab = Tab::Costs;
    assert_eq!(app.cost_period().1, "the horizon");
    run(&mut app, &[Action::NextPeriod]);
    assert_eq!(app.cost_period(), (0..8, "November 2026".to_string()));
    run(&mut app, &[Action::NextPeriod]);
    assert_eq!(app.cost_period(), (8..39, "December 2026".to_string()));
    insta::assert_snapshot!("costs_december_80x24", render(&app, 80, 24).backend());
    run(&mut app, &[Action::PrevPeriod, Action::PrevPeriod]);
    assert_eq!(app.cost_month, None);
    run(&mut app, &[Action::PrevPeriod]);
    assert_eq!(app.cost_period().1, "February 2027");
    run(&mut app, &[Action::NextPeriod]);
    assert_eq!(app.cost_month, None);
}

#[test]
fn a_click_on_the_grid_selects_that_cell() {
    let mut app = planned();
    app.tab = Tab::Rota;
    let keymap = Keymap::defaults();
    let theme = Theme::mono();
    let area = Rect::new(0, 0, 80, 24);
    let at = |app: &App, x, y| {
        views::rota_cell_at(
            &Ui {
                app,
                keymap: &keymap,
                theme: &theme,
            },
            area,
            x,
            y,
        )
    };
    // Row 1 is the month line; rotas start on row 4 (tab bar + 3 header
    // lines); the names take 18 columns, then 3 per night.
    assert_eq!(at(&app, 18, 4), Some((0, Role::Primary, 0)));
    assert_eq!(at(&app, 24, 6), Some((2, Role::Primary, 2)));
    assert_eq!(at(&app, 5, 6), None, "the rota names");
    assert_eq!(at(&app, 20, 2), None, "the header");
    let (r, role, d) = at(&app, 24, 6).unwrap();
    run(&mut app, &[Action::SelectCell(r, role, d)]);
    assert_eq!((app.rota_row, app.slice), (2, 2));
    run(&mut app, &[Action::SelectCell(99, Role::Primary, 999)]);
    assert_eq!(
        (app.rota_row, app.slice),
        (2, 2),
        "out of range clicks do nothing"
    );
    app.tab = Tab::People;
    assert_eq!(at(&app, 24, 6), None, "only on the Rota tab");
}

#[test]
fn a_click_on_the_tab_bar_picks_that_tab() {
    assert_eq!(views::tab_at(0, 80), Some(Tab::Overview));
    assert_eq!(views::tab_at(11, 80), Some(Tab::Overview));
    // The divider between tabs selects nothing.
    assert_eq!(views::tab_at(12, 80), None);
    assert_eq!(views::tab_at(13, 80), Some(Tab::Services));
    assert_eq!(views::tab_at(60, 80), Some(Tab::Warnings));
    assert_eq!(views::tab_at(75, 80), None);
    // At the smallest width the titles are shortened, never cut, and a
    // click still finds them.
    assert_eq!(views::tab_at(0, 60), Some(Tab::Overview));
    assert_eq!(views::tab_at(8, 60), None);
    assert_eq!(views::tab_at(9, 60), Some(Tab::Services));
    assert_eq!(views::tab_at(50, 60), Some(Tab::Warnings));
    assert_eq!(views::tab_at(55, 60), None);
}

#[test]
fn costs_come_from_the_analysis_for_the_period_with_callouts() {
    let mut app = planned();
    let h = app.horizon();
    let whole = rota_core::analysis::remuneration(
        &app.org,
        &app.derived.coverage,
        &app.schedule,
        h.start,
        h.end,
    );
    assert_eq!(app.cost_pay, whole);
    assert_eq!(app.derived.pay, whole);
    // No callouts recorded: expected ones, said to be estimates.
    assert!(whole.callouts_estimated);
    assert!(whole.total.callout_pay.minor() > 0);
    assert_eq!(
        whole.total.total_pay,
        whole.total.standby_pay + whole.total.callout_pay
    );
    // People's pay is the analysis's too, callouts included.
    for p in &whole.people {
        assert_eq!(app.derived.loads[p.index].pay, p.total_pay, "{}", p.person);
    }
    // December: the month's pay, re-costed after an edit.
    run(&mut app, &[Action::NextPeriod, Action::NextPeriod]);
    let dec = |app: &App| {
        rota_core::analysis::remuneration(
            &app.org,
            &app.derived.coverage,
            &app.schedule,
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        )
    };
    assert_eq!(app.cost_pay, dec(&app));
    assert!(app.cost_pay.total.total_pay < whole.total.total_pay);
    app.tab = Tab::Rota;
    app.slice = 10;
    run(&mut app, &[Action::Clear]);
    assert_eq!(app.cost_pay, dec(&app));
    assert!(app.cost_pay.total.standby_pay < dec(&planned()).total.standby_pay);
}

#[test]
fn run_cost_is_the_analysis_year_with_projections() {
    let app = planned();
    let want = rota_core::analysis::run_cost(&app.org, &[10, 20, 40, 80]);
    assert_eq!(app.derived.org.run_cost, want);
    let chart = rota::tui::widgets::run_cost::RunCostChart::new(&want);
    let teams: Vec<usize> = chart.bars.iter().map(|b| b.teams).collect();
    assert_eq!(teams, vec![10, 12, 20, 40, 80]);
    assert!(chart.bars.iter().any(|b| b.now && b.teams == 12));
    // Tall enough for the Overview's organisation figures, below tonight's.
    let screen = render(&app, 100, 40);
    let text: String = screen
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        text.contains(&format!(
            "GBP {} tiered",
            want.current
                .tiered_yearly_cost
                .grouped()
                .trim_end_matches(".00")
        )),
        "{text}"
    );
}

#[test]
fn burnout_warnings_are_shown_and_mark_the_person_at_risk() {
    let mut app = planned();
    // Everyone's shifts on the first rota go to one person: far too many
    // nights in a row and too large a share.
    let rota = app.derived.coverage.rotas[0].id.clone();
    let person = app
        .schedule
        .shifts
        .iter()
        .find(|s| s.rota == rota)
        .unwrap()
        .person
        .clone();
    let p = app.org.person_index(&person).unwrap();
    assert!(!app.derived.at_risk[p]);
    for s in app.schedule.shifts.iter_mut().filter(|s| s.rota == rota) {
        s.person = person.clone();
    }
    app.recompute(false);
    let burnout: Vec<_> = app
        .derived
        .warnings
        .iter()
        .filter(|w| {
            matches!(
                w.code,
                rota_core::findings::Code::ConsecutiveSlices
                    | rota_core::findings::Code::OncallShare
            ) && w.people.contains(&person)
        })
        .collect();
    assert!(!burnout.is_empty(), "{:#?}", app.derived.warnings);
    assert!(app.derived.at_risk[p]);
    // Only findings that put people at risk mark them: the members a
    // holiday imbalance names as lightly loaded are not.
    let imbalance = app
        .derived
        .warnings
        .iter()
        .find(|w| w.code == rota_core::findings::Code::HolidayImbalance)
        .expect("one person with every weekend is an imbalance");
    let light: Vec<usize> = imbalance
        .people
        .iter()
        .filter(|id| **id != person)
        .map(|id| app.org.person_index(id).unwrap())
        .collect();
    assert!(!light.is_empty());
    assert!(light.iter().all(|&q| !app.derived.at_risk[q]));
    for (q, risk) in app.derived.at_risk.iter().enumerate() {
        let named = app.derived.warnings.iter().any(|w| {
            rota_core::findings::puts_people_at_risk(w.code)
                && w.people.contains(&app.org.people[q].id)
        });
        assert_eq!(*risk, named, "{}", app.org.people[q].id);
    }
    // The same findings `check --schedule` gathers, plus the organisation's.
    let want = rota_core::findings::Findings::gather(
        &app.org,
        Some(rota_core::findings::Scheduled {
            org_text: &app.org_text,
            coverage: &app.derived.coverage,
            schedule: &app.schedule,
            now: Some(app.now()),
        }),
    )
    .all();
    assert_eq!(app.derived.warnings, want);
    // And the People tab marks them.
    app.tab = Tab::People;
    app.person_row = p;
    let screen = render(&app, 80, 24);
    let name = &app.org.people[p].name;
    let row = (0..24)
        .map(|y| {
            (0..80)
                .map(|x| screen.backend().buffer()[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .find(|line| line.contains(name.as_str()))
        .unwrap();
    assert!(row.starts_with(&format!("│!{name} ")), "{row}");
}

#[test]
fn an_organisation_edit_recomputes_its_own_findings_and_run_cost() {
    let mut app = planned();
    let before = app.derived.org.run_cost.clone();
    // Payments opts everyone out but one: the rota is too small.
    let team = app.org.team_index("payments").unwrap();
    let members: Vec<usize> = app.org.team_people(team).collect();
    app.tab = Tab::People;
    for &p in &members[1..] {
        app.person_row = p;
        run(&mut app, &[Action::ToggleOptIn, Action::Select]);
    }
    assert_eq!(
        app.derived.org.warnings,
        rota_core::findings::organisation_warnings(&app.org)
    );
    assert!(
        app.derived
            .warnings
            .iter()
            .any(|w| w.code == rota_core::findings::Code::RotaTooSmall)
    );
    assert_eq!(
        app.derived.org.run_cost,
        rota_core::analysis::run_cost(&app.org, &[10, 20, 40, 80])
    );
    for _ in &members[1..] {
        run(&mut app, &[Action::Undo]);
    }
    assert_eq!(app.derived.org.run_cost, before);
}

#[test]
fn export_writes_the_report_of_the_plan_as_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path());
    // An unsaved edit is in the export: one shift cleared.
    app.tab = Tab::Rota;
    run(&mut app, &[Action::Clear]);
    let path = dir.path().join("winter.md");
    rota::tui::perform(&mut app, Effect::Export(path.clone()));
    assert_eq!(
        app.status,
        format!("Exported the report to {}", path.display())
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let h = app.horizon();
    let findings = rota_core::findings::Findings::gather(
        &app.org,
        Some(rota_core::findings::Scheduled {
            org_text: &app.org_text,
            coverage: &app.derived.coverage,
            schedule: &app.schedule,
            now: Some(app.now()),
        }),
    );
    let want = rota_core::report::markdown::report(&rota_core::report::build(
        &app.org,
        &app.derived.coverage,
        &app.schedule,
        h.start,
        h.end,
        &findings,
    ));
    assert_eq!(text, want);
    assert!(text.starts_with("# Example Retail on-call report"));
    assert!(text.contains("unfilled"), "the cleared shift shows");
    // Nothing is written for a format it does not know, and it says so.
    let bad = dir.path().join("winter.docx");
    rota::tui::perform(&mut app, Effect::Export(bad.clone()));
    assert!(app.status.starts_with("Not exported"), "{}", app.status);
    assert!(!bad.exists());
    // A path with no extension says so, rather than naming an empty one.
    let bare = dir.path().join("winter");
    rota::tui::perform(&mut app, Effect::Export(bare.clone()));
    assert_eq!(
        app.status,
        format!(
            "Not exported: {} has no extension to pick a format: use .ics, .csv, .html or .md",
            bare.display()
        )
    );
    assert!(!bare.exists());
    // Nor where it cannot write.
    rota::tui::perform(
        &mut app,
        Effect::Export(dir.path().join("no/such/dir/x.md")),
    );
    assert!(app.status.starts_with("Not exported"), "{}", app.status);
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(|c| c.symbol()).collect()
}

/// With the analysis off the keystroke's path, an organisation edit is
/// shown at once with a busy marker, and once the organisation's own
/// findings are in, everything matches the edit done all at once.
#[test]
fn an_organisation_edit_in_the_background_shows_it_is_busy_then_catches_up() {
    let mut at_once = app();
    let mut background = app();
    background.background = true;
    for app in [&mut at_once, &mut background] {
        app.tab = Tab::People;
        app.person_row = 0;
        // Opting out asks from when; today, as offered.
        run(app, &[Action::ToggleOptIn, Action::Select]);
    }
    assert!(!at_once.is_busy());
    assert!(background.is_busy());
    assert_eq!(background.org, at_once.org, "the edit itself is done");
    // The rotas first, then the typical year.
    assert!(screen_text(&render(&background, 120, 24)).contains("[updating rotas…]"));
    background.settle_grid();
    assert!(background.is_busy());
    assert!(screen_text(&render(&background, 120, 24)).contains("[re-tiering…]"));
    assert!(!screen_text(&render(&at_once, 120, 24)).contains("[re-tiering…]"));

    background.settle();
    assert!(!background.is_busy());
    assert!(!background.poll_background(), "nothing left to take");
    assert_eq!(background.derived.warnings, at_once.derived.warnings);
    assert_eq!(background.derived.at_risk, at_once.derived.at_risk);
    assert_eq!(
        background.derived.org.run_cost,
        at_once.derived.org.run_cost
    );
    assert!(!screen_text(&render(&background, 120, 24)).contains("[re-tiering…]"));

    // Opting back in from the same day is an edit too, worked out the same way.
    let on = background.org.people[0].on_call_on(background.today);
    run(&mut background, &[Action::ToggleOptIn, Action::Select]);
    assert_eq!(background.org.people[0].on_call_on(background.today), !on);
    assert!(background.is_busy());
    background.settle();

    // A schedule edit needs no background work.
    background.tab = Tab::Rota;
    run(&mut background, &[Action::Assign, Action::Select]);
    assert!(!background.is_busy());
}

/// The example with its high band asking for a secondary, planned afresh:
/// the grid shows each two-level rota's secondaries on a second row.
#[test]
fn the_grid_shows_secondaries_on_a_second_row() {
    let text = EXAMPLE.replacen(
        "on_call = \"team\"\n",
        "on_call = \"team\"\nsecondary = true\n",
        1,
    );
    assert_ne!(text, EXAMPLE);
    let org = rota_core::org::parse_organisation("example.toml", &text).unwrap();
    let dir = std::path::Path::new("/nonexistent");
    let mut app = App::new(
        dir.join("example.toml"),
        text.clone(),
        org,
        dir.join("example.schedule.toml"),
        None,
        today(),
    );
    app.tab = Tab::Rota;
    let two: Vec<usize> = (0..app.derived.coverage.rotas.len())
        .filter(|&r| app.derived.secondary_cells[r].is_some())
        .collect();
    assert!(!two.is_empty());
    // Every secondary cell holds someone other than the primary that night.
    for &r in &two {
        let row = app.derived.secondary_cells[r].as_ref().unwrap();
        for (d, cell) in row.iter().enumerate() {
            if let (CellState::Filled { person: a, .. }, CellState::Filled { person: b, .. }) =
                (app.cell(r, d), *cell)
            {
                assert_ne!(a, b, "rota {r} night {d}");
            }
        }
    }
    app.rota_row = two[0];
    for (w, h) in [(80, 24), (60, 16)] {
        let name = format!("rota_secondary_{w}x{h}");
        insta::assert_snapshot!(name, render(&app, w, h).backend());
    }
}

/// Everything the schedule's analysis brings (findings, pay, loads, who is
/// at risk, the Costs tab's pay) and every screen, the same in both apps.
fn assert_same_analysis(background: &App, at_once: &App) {
    assert_eq!(background.schedule, at_once.schedule);
    assert_eq!(background.derived.cells, at_once.derived.cells);
    assert_eq!(background.derived.findings, at_once.derived.findings);
    assert_eq!(background.derived.warnings, at_once.derived.warnings);
    assert_eq!(background.derived.pay, at_once.derived.pay);
    assert_eq!(background.derived.loads, at_once.derived.loads);
    assert_eq!(background.derived.at_risk, at_once.derived.at_risk);
    assert_eq!(background.cost_pay, at_once.cost_pay);
}

/// With the schedule's analysis off the keystroke's path, a schedule edit
/// redraws the grid at once and says the checks are pending; once they are
/// in, the findings, pay and loads are those of the edit done all at once,
/// and so is every screen.
#[test]
fn a_schedule_edit_in_the_background_is_checked_then_matches_the_edit_done_at_once() {
    let mut at_once = planned();
    let mut background = planned();
    background.background = true;
    for app in [&mut at_once, &mut background] {
        app.tab = Tab::Rota;
        // Another person takes the cell (the picker waits for the loads it
        // orders people by), then two pins in a row, the second made while
        // the first is still being checked.
        run(app, &[Action::Assign, Action::Down, Action::Select]);
        run(app, &[Action::Right, Action::TogglePin]);
        run(app, &[Action::Down, Action::TogglePin]);
    }
    assert!(!at_once.is_checking());
    assert!(background.is_checking());
    assert_eq!(
        background.schedule, at_once.schedule,
        "the edit itself is done"
    );
    assert_eq!(
        background.derived.cells, at_once.derived.cells,
        "the grid is drawn at once"
    );
    assert!(screen_text(&render(&background, 120, 24)).contains("[checking…]"));
    assert!(!screen_text(&render(&at_once, 120, 24)).contains("[checking…]"));

    background.settle();
    assert!(!background.is_checking());
    assert!(!background.poll_background(), "nothing left to take");
    assert_same_analysis(&background, &at_once);
    for tab in Tab::ALL {
        background.tab = tab;
        at_once.tab = tab;
        assert_eq!(
            screen_text(&render(&background, 120, 40)),
            screen_text(&render(&at_once, 120, 40)),
            "{tab:?}"
        );
    }

    // On Costs with a month chosen, the month's pay comes in too, and an
    // undo is checked the same way.
    for app in [&mut at_once, &mut background] {
        app.tab = Tab::Costs;
        run(app, &[Action::NextPeriod, Action::NextPeriod]);
        app.tab = Tab::Rota;
        run(app, &[Action::TogglePin, Action::Undo]);
    }
    assert!(background.is_checking());
    background.settle();
    assert_same_analysis(&background, &at_once);
}

/// Saving waits for the checks of the last edit: nothing is left pending
/// after it, and the file written is the one saved without the background.
#[test]
fn save_waits_for_the_schedule_checks() {
    let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
    let mut apps = dirs.each_ref().map(|dir| {
        std::fs::write(dir.path().join("example.toml"), EXAMPLE).unwrap();
        app_in(dir.path())
    });
    apps[1].background = true;
    for app in apps.iter_mut() {
        app.tab = Tab::Rota;
        run(app, &[Action::TogglePin]);
    }
    assert!(apps[1].is_checking());
    for app in apps.iter_mut() {
        assert_eq!(run(app, &[Action::Save]), vec![Effect::Save]);
        rota::tui::perform(app, Effect::Save);
        assert!(!app.unsaved(), "{}", app.status);
    }
    assert!(!apps[1].is_checking(), "saving waited for the checks");
    assert_same_analysis(&apps[1], &apps[0]);
    let read = |dir: &tempfile::TempDir| {
        std::fs::read_to_string(dir.path().join("example.schedule.toml")).unwrap()
    };
    assert_eq!(read(&dirs[1]), read(&dirs[0]));
}

/// The grid's part of the derived state, the same in both apps.
fn assert_same_grid(background: &App, at_once: &App) {
    assert_eq!(background.org, at_once.org);
    assert_eq!(background.horizon(), at_once.horizon());
    assert_eq!(background.derived.cells, at_once.derived.cells);
    assert_eq!(
        background.derived.secondary_cells,
        at_once.derived.secondary_cells
    );
    assert_eq!(
        background.derived.resolved.assignments,
        at_once.derived.resolved.assignments
    );
    assert_eq!(background.derived.head_count, at_once.derived.head_count);
    assert_eq!(
        background.derived.history_slices,
        at_once.derived.history_slices
    );
}

/// Everything shown, in both apps: the derived state and every tab's
/// screen.
fn assert_same_screens(background: &mut App, at_once: &mut App) {
    assert_same_grid(background, at_once);
    assert_same_analysis(background, at_once);
    assert_eq!(
        background.derived.org.warnings,
        at_once.derived.org.warnings
    );
    assert_eq!(
        background.derived.org.run_cost,
        at_once.derived.org.run_cost
    );
    let tab = background.tab;
    for t in Tab::ALL {
        background.tab = t;
        at_once.tab = t;
        assert_eq!(
            screen_text(&render(background, 120, 40)),
            screen_text(&render(at_once, 120, 40)),
            "{t:?}"
        );
    }
    background.tab = tab;
    at_once.tab = tab;
}

/// A person holding tonight's shift on some rota (tonight has not started,
/// so it can be edited), with that rota.
fn tonights_holder(app: &App) -> (usize, usize) {
    let night = app.horizon().index_of(app.today).unwrap();
    (0..app.derived.coverage.rotas.len())
        .find_map(|r| match app.cell(r, night) {
            CellState::Filled {
                person,
                history: false,
                ..
            } => Some((person, r)),
            _ => None,
        })
        .expect("someone is on call tonight")
}

/// Opts the person out from today on the People tab, as the keys do.
fn opt_out(app: &mut App, person: usize) {
    app.tab = Tab::People;
    app.person_row = person;
    run(app, &[Action::ToggleOptIn, Action::Select]);
}

/// After an opt-out in the background, the rotas are worked out off the
/// keystroke: the status line says so and the Rota tab shows no grid (the
/// one before the edit would show the person as still on the rota) until
/// they are in; then every screen is the one of the edit done at once.
#[test]
fn an_opt_out_in_the_background_shows_the_rotas_pending_then_matches_the_edit_done_at_once() {
    let mut at_once = planned();
    let mut background = planned();
    background.background = true;
    let (person, _) = tonights_holder(&at_once);
    let cells_before = background.derived.cells.clone();
    for app in [&mut at_once, &mut background] {
        opt_out(app, person);
        assert!(!app.org.people[person].on_call_on(app.today));
    }
    assert!(!at_once.is_rebuilding());
    assert!(background.is_rebuilding());
    assert!(background.is_checking());
    assert_ne!(
        at_once.derived.cells, cells_before,
        "the opt-out changes the grid"
    );
    assert_eq!(
        background.derived.cells, cells_before,
        "not yet in: the cells are those of before, and not shown"
    );
    let people = screen_text(&render(&background, 120, 24));
    assert!(people.contains("[updating rotas…]"), "{people}");
    assert!(!screen_text(&render(&at_once, 120, 24)).contains("[updating rotas…]"));
    background.tab = Tab::Rota;
    let rota = screen_text(&render(&background, 120, 24));
    assert!(
        rota.contains("Working out the rotas after the edit…"),
        "{rota}"
    );
    at_once.tab = Tab::Rota;
    assert!(!screen_text(&render(&at_once, 120, 24)).contains("Working out the rotas"));
    let click = views::rota_cell_at(
        &Ui {
            app: &background,
            keymap: &Keymap::defaults(),
            theme: &Theme::mono(),
        },
        Rect::new(0, 0, 120, 24),
        30,
        5,
    );
    assert_eq!(click, None, "no grid to click on while it is pending");

    background.settle();
    assert!(!background.is_rebuilding());
    assert!(!background.is_busy());
    assert!(!background.is_checking());
    assert!(!background.poll_background(), "nothing left to take");
    let rota = screen_text(&render(&background, 120, 24));
    assert!(!rota.contains("[updating rotas…]"));
    assert!(!rota.contains("Working out the rotas"));
    assert_same_screens(&mut background, &mut at_once);
}

/// The grid comes in by itself too: polled, as the run loop does, the
/// marker goes once the worker has sent it.
#[test]
fn the_rotas_pending_marker_goes_once_polled_after_the_grid_is_in() {
    let mut background = planned();
    background.background = true;
    let (person, _) = tonights_holder(&background);
    opt_out(&mut background, person);
    assert!(background.is_rebuilding());
    // Nothing to time: poll until the worker's grid has been taken.
    while background.is_rebuilding() {
        background.poll_background();
        std::thread::yield_now();
    }
    assert!(!screen_text(&render(&background, 120, 24)).contains("[updating rotas…]"));
    let mut at_once = planned();
    opt_out(&mut at_once, person);
    assert_same_grid(&background, &at_once);
}

/// A key pressed right after an opt-out, before its rotas are in, acts on
/// the new ones: the picker lists the rota's members as they are after the
/// opt-out, a pin and a split are made on the new grid, and another
/// organisation edit on top of the pending one ends as both done at once.
#[test]
fn an_edit_right_after_an_opt_out_acts_on_the_new_coverage() {
    let mut at_once = planned();
    let mut background = planned();
    background.background = true;
    let (person, rota) = tonights_holder(&at_once);
    let night = at_once.horizon().index_of(at_once.today).unwrap();
    let members_before = at_once.candidates(rota, Role::Primary, night);
    assert!(members_before.contains(&person));
    for app in [&mut at_once, &mut background] {
        opt_out(app, person);
        app.tab = Tab::Rota;
        app.rota_row = rota;
        app.rota_role = Role::Primary;
        app.slice = night;
    }
    assert!(background.is_rebuilding());
    // The picker, opened while the rotas are pending.
    run(&mut background, &[Action::Assign]);
    run(&mut at_once, &[Action::Assign]);
    assert!(
        !background.is_rebuilding(),
        "the picker waited for the rotas"
    );
    assert_eq!(background.mode, at_once.mode);
    let Mode::Picker { candidates, .. } = &background.mode else {
        panic!("the picker is open: {:?}", background.mode);
    };
    assert!(!candidates.contains(&person), "opted out: not offered");
    for app in [&mut at_once, &mut background] {
        run(app, &[Action::Cancel]);
    }

    // A pin right after another opt-out (the grid pending again), then the
    // same night's shift split; a second opt-out made on top of a first one
    // still pending.
    let (other, _) = tonights_holder(&at_once);
    for app in [&mut at_once, &mut background] {
        opt_out(app, other);
        app.tab = Tab::Rota;
        run(app, &[Action::TogglePin]);
    }
    assert!(!background.is_rebuilding(), "the pin waited for the rotas");
    assert_same_grid(&background, &at_once);
    assert_eq!(background.schedule, at_once.schedule);
    let last = at_once.org.people.len() - 1;
    for app in [&mut at_once, &mut background] {
        opt_out(app, 0);
        opt_out(app, last);
    }
    assert!(background.is_rebuilding());
    background.settle();
    assert_same_screens(&mut background, &mut at_once);
}

/// Undo right after an opt-out, before its rotas are in, goes back to the
/// state before it (and redo forward again), as at once.
#[test]
fn undo_after_an_opt_out_restores_the_old_state() {
    let mut at_once = planned();
    let mut background = planned();
    background.background = true;
    let (person, _) = tonights_holder(&at_once);
    let org_before = at_once.org.clone();
    let cells_before = at_once.derived.cells.clone();
    let warnings_before = at_once.derived.warnings.clone();
    for app in [&mut at_once, &mut background] {
        opt_out(app, person);
        run(app, &[Action::Undo]);
    }
    assert_eq!(background.status, at_once.status);
    assert_eq!(*background.org, *org_before);
    assert!(background.is_rebuilding());
    assert!(screen_text(&render(&background, 120, 24)).contains("[updating rotas…]"));
    background.settle();
    assert_eq!(background.derived.cells, cells_before);
    assert_eq!(background.derived.warnings, warnings_before);
    assert!(
        !background.org_edited(),
        "back to the organisation as on disk"
    );
    assert_same_screens(&mut background, &mut at_once);

    // Redo, then undo once its rotas are in.
    for app in [&mut at_once, &mut background] {
        run(app, &[Action::Redo]);
    }
    assert!(background.is_rebuilding());
    background.settle();
    assert!(!background.org.people[person].on_call_on(background.today));
    assert_same_screens(&mut background, &mut at_once);
    for app in [&mut at_once, &mut background] {
        run(app, &[Action::Undo]);
    }
    background.settle();
    assert_eq!(background.derived.cells, cells_before);
    assert_same_screens(&mut background, &mut at_once);

    // An opt-out refused (from before today) changes nothing and leaves
    // nothing pending.
    background.tab = Tab::People;
    background.person_row = person;
    run(&mut background, &[Action::ToggleOptIn, Action::ClearInput]);
    for c in "2026-01-01".chars() {
        run(&mut background, &[Action::Input(c)]);
    }
    run(&mut background, &[Action::Select]);
    assert!(background.prompt_error.is_some());
    assert!(!background.is_rebuilding());
    assert_eq!(*background.org, *org_before);
}
