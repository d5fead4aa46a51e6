//! The TUI as a team lead uses it: the picker says what a choice would
//! break before it is made, asks before a hard rule is broken, and the
//! cursor stays on what was just edited.

use crate::common::render;
use std::path::Path;

use chrono::NaiveDate;
use rota::tui::app::{Action, App, CellState, Mode, PickNotes, Tab, update};
use rota_core::org::TimeOff;
use rota_core::schedule::Role;

const EXAMPLE: &str = include_str!("../../schedules/example.toml");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The example with every shift cleared, on the Rota tab.
fn empty() -> App {
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    let mut app = App::new(
        Path::new("/nonexistent/example.toml").to_path_buf(),
        EXAMPLE.to_string(),
        org,
        Path::new("/nonexistent/example.schedule.toml").to_path_buf(),
        None,
        today(),
    );
    app.schedule.shifts.clear();
    app.recompute(false);
    app.tab = Tab::Rota;
    app.rota_row = 0;
    app.slice = 0;
    app
}

/// Gives `person` the `slices` nights of rota 0 from `first`, as a made
/// shift (no picker).
fn give(app: &mut App, first: usize, slices: usize, person: usize) {
    let shift = rota_core::schedule::edit::make_shift(
        &app.org,
        &app.derived.coverage,
        0,
        first,
        slices,
        person,
    )
    .unwrap();
    app.schedule.shifts.push(shift);
    app.schedule.sort();
    app.recompute(false);
}

fn picker(app: &App) -> (Vec<usize>, usize) {
    match &app.mode {
        Mode::Picker {
            candidates,
            selected,
        } => (candidates.clone(), *selected),
        other => panic!("the picker is open, not {other:?}"),
    }
}

/// The members of rota 0 on its first night.
fn members(app: &App) -> Vec<usize> {
    app.derived.coverage.cover(0, 0).unwrap().members.clone()
}

/// Puts `person` on time off over the first week (an organisation edit).
fn time_off_first_week(app: &mut App, person: usize) {
    let from = app.horizon().start;
    app.org_mut().people.edit(person).time_off.push(TimeOff {
        from,
        to: from + chrono::Days::new(6),
        reason: "leave".into(),
    });
    app.recompute(true);
}

#[test]
fn the_picker_lists_who_can_take_it_first_by_load_and_those_off_last() {
    let mut app = empty();
    let m = members(&app);
    // The lightest member (nobody has a shift) goes on time off: once first
    // by load and index, they must now come after everyone free.
    let off = *m.iter().min().unwrap();
    time_off_first_week(&mut app, off);
    update(&mut app, Action::Assign);
    let (candidates, selected) = picker(&app);
    assert_eq!(selected, 0, "the picker opens on the best choice");
    assert_eq!(candidates.len(), m.len());
    let notes: Vec<PickNotes> = candidates
        .iter()
        .map(|&p| app.pick_notes(0, Role::Primary, 0, p))
        .collect();
    let at = candidates.iter().position(|&p| p == off).unwrap();
    assert!(notes[at].off && notes[at].hard(), "{:?}", notes[at]);
    assert!(!notes[0].hard() && at > 0, "someone free comes first");
    // Everyone a choice would break a hard rule for comes after everyone
    // it would not.
    let first_hard = notes.iter().position(PickNotes::hard).unwrap();
    assert!(notes[first_hard..].iter().all(PickNotes::hard), "{notes:?}");
    // Free first, then strained, then broken; by load within each.
    let keys: Vec<_> = candidates
        .iter()
        .zip(&notes)
        .map(|(&p, n)| (n.hard(), n.strains(), app.derived.loads[p].slices))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
}

#[test]
fn the_picker_marks_another_rota_rest_the_share_and_nights_in_a_row_before_the_choice() {
    let mut app = empty();
    let p = members(&app)[0];
    // Three nights at the start of week one: week two's window then leaves
    // them four free nights, fewer than the seven of rest the rules want.
    give(&mut app, 0, 3, p);
    let notes = app.pick_notes(0, Role::Primary, 7, p);
    assert!(
        notes.short_rest && !notes.in_a_row && !notes.hard(),
        "{notes:?}"
    );
    let other = members(&app)[1];
    assert_eq!(
        app.pick_notes(0, Role::Primary, 7, other),
        PickNotes::default()
    );
    // The rest of week one joins the run: ten nights in a row.
    give(&mut app, 3, 4, p);
    let notes = app.pick_notes(0, Role::Primary, 7, p);
    assert!(notes.in_a_row && !notes.short_rest, "{notes:?}");
    // Sorted after those it would strain nothing for.
    let candidates = app.candidates(0, Role::Primary, 7);
    let at = candidates.iter().position(|&q| q == p).unwrap();
    assert!(
        candidates[..at]
            .iter()
            .all(|&q| !app.pick_notes(0, Role::Primary, 7, q).strains())
    );

    // A week with a week's rest after week one's: the rest is kept, yet
    // fourteen nights in 28 is over the rolling share (a quarter).
    {
        let mut app = empty();
        let r = members(&app)[2];
        give(&mut app, 0, 7, r);
        let notes = app.pick_notes(0, Role::Primary, 14, r);
        assert!(
            notes.share && !notes.short_rest && !notes.in_a_row && !notes.hard(),
            "{notes:?}"
        );
        assert!(notes.broken().contains(&"share"), "{:?}", notes.broken());
        // Five weeks on, outside any window that holds week one: nothing.
        assert_eq!(
            app.pick_notes(0, Role::Primary, 35, r),
            PickNotes::default()
        );
    }

    // Someone on call on another rota that night is marked, as a hard rule.
    let q = members(&app)[3];
    let shift =
        rota_core::schedule::edit::make_shift(&app.org, &app.derived.coverage, 1, 0, 1, q).unwrap();
    app.schedule.shifts.push(shift);
    app.schedule.sort();
    app.recompute(false);
    assert!(matches!(app.cell(1, 0), CellState::Filled { person, .. } if person == q));
    let notes = app.pick_notes(0, Role::Primary, 0, q);
    assert!(notes.busy && notes.hard(), "{notes:?}");
    assert!(notes.broken().contains(&"other rota"));
    assert!(!app.pick_notes(0, Role::Primary, 0, members(&app)[4]).busy);
}

#[test]
fn a_choice_that_breaks_a_hard_rule_asks_first() {
    let mut app = empty();
    let off = members(&app)[0];
    time_off_first_week(&mut app, off);
    update(&mut app, Action::Assign);
    let (candidates, _) = picker(&app);
    let at = candidates.iter().position(|&p| p == off).unwrap();
    app.mode = Mode::Picker {
        candidates: candidates.clone(),
        selected: at,
    };
    update(&mut app, Action::Select);
    assert_eq!(
        app.mode,
        Mode::ConfirmPick {
            candidates: candidates.clone(),
            selected: at
        }
    );
    assert!(
        app.schedule.shifts.is_empty(),
        "nothing given before the answer"
    );
    // No: back to the picker as it was, nothing changed.
    update(&mut app, Action::Cancel);
    assert_eq!(
        app.mode,
        Mode::Picker {
            candidates: candidates.clone(),
            selected: at
        }
    );
    assert!(app.schedule.shifts.is_empty());
    assert!(!app.can_undo());
    // Yes: given, knowingly.
    update(&mut app, Action::Select);
    update(&mut app, Action::Confirm);
    assert_eq!(app.mode, Mode::Normal);
    assert!(matches!(app.cell(0, 0), CellState::Filled { person, .. } if person == off));
}

#[test]
fn choosing_the_current_holder_says_so_and_changes_nothing() {
    let mut app = empty();
    let p = members(&app)[2];
    give(&mut app, 0, 7, p);
    update(&mut app, Action::Assign);
    let (candidates, selected) = picker(&app);
    assert_eq!(*candidates.last().unwrap(), p, "the holder is listed last");
    assert_ne!(candidates[selected], p, "the picker opens on someone else");
    assert!(app.pick_notes(0, Role::Primary, 0, p).holder);
    app.mode = Mode::Picker {
        selected: candidates.len() - 1,
        candidates,
    };
    let before = app.schedule.clone();
    update(&mut app, Action::Select);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        app.status,
        format!(
            "{} already holds this shift: nothing changed",
            app.org.people[p].name
        )
    );
    assert_eq!(app.schedule, before);
    assert!(!app.can_undo());
}

#[test]
fn the_cursor_stays_on_the_night_just_filled() {
    let mut app = empty();
    app.slice = 3;
    update(&mut app, Action::Assign);
    update(&mut app, Action::Select);
    assert_eq!(app.slice, 3);
    assert_eq!(app.rota_row, 0);
    assert!(matches!(app.cell(0, 3), CellState::Filled { .. }));
}

#[test]
fn picker_marks_and_the_confirmation_snapshot() {
    let mut app = empty();
    let m = members(&app);
    time_off_first_week(&mut app, m[0]);
    give(&mut app, 7, 3, m[1]);
    update(&mut app, Action::Assign);
    for (w, h) in [(80, 24), (60, 16)] {
        insta::assert_snapshot!(format!("picker_{w}x{h}"), render(&app, w, h).backend());
    }
    let (candidates, _) = picker(&app);
    app.mode = Mode::Picker {
        selected: candidates.iter().position(|&p| p == m[0]).unwrap(),
        candidates,
    };
    update(&mut app, Action::Select);
    for (w, h) in [(80, 24), (60, 16)] {
        insta::assert_snapshot!(
            format!("confirm_pick_{w}x{h}"),
            render(&app, w, h).backend()
        );
    }
}

/// The grid's three header lines, as text, in an area `width` wide.
fn grid_header(app: &App, width: u16) -> Vec<String> {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    let theme = rota::tui::theme::Theme::mono();
    let grid = rota::tui::widgets::rota_grid::RotaGrid { app, theme: &theme };
    let mut buf = Buffer::empty(Rect::new(0, 0, width, 4));
    (&grid).render(buf.area, &mut buf);
    (0..3)
        .map(|y| {
            (0..width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn the_header_marks_a_holiday_within_its_column_and_parts_month_labels() {
    let mut app = empty();
    // The week of Christmas: Friday 25 and Monday 28 December are public
    // holidays in the example.
    app.slice = app
        .horizon()
        .index_of(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap())
        .unwrap();
    assert_eq!(
        grid_header(&app, 40),
        [
            "Rota      Dec                           ",
            "           21 22 23 24 25 26 27 28 29 30",
            "           Mo Tu We Th PH•Sa•Su PH Tu We",
        ]
    );
    // The week from Monday 30 November: November's label over its one
    // night would run into December's, so only December's is drawn.
    app.slice = app
        .horizon()
        .index_of(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
        .unwrap();
    assert_eq!(
        grid_header(&app, 40),
        [
            "Rota         Dec                        ",
            "           30 01 02 03 04 05 06 07 08 09",
            "           Mo Tu We Th Fr•Sa•Su Mo Tu We",
        ]
    );
}

#[test]
fn the_help_scrolls_within_its_lines_and_opens_at_the_top() {
    let mut app = empty();
    update(&mut app, Action::Help);
    assert_eq!(app.help_scroll, 0);
    update(&mut app, Action::Up);
    assert_eq!(app.help_scroll, 0);
    for _ in 0..5 {
        update(&mut app, Action::Down);
    }
    assert_eq!(app.help_scroll, 5);
    for (w, h) in [(80, 24), (60, 16)] {
        insta::assert_snapshot!(
            format!("help_scrolled_{w}x{h}"),
            render(&app, w, h).backend()
        );
    }
    // Far past the end: it stops, and the last page shows the keys file.
    // The run loop tells the app the body's height, as here for 80x24.
    app.body_rows = {
        let keymap = rota::tui::keymap::Keymap::defaults();
        let theme = rota::tui::theme::Theme::mono();
        let ui = rota::tui::views::Ui {
            app: &app,
            keymap: &keymap,
            theme: &theme,
        };
        rota::tui::views::body_rows(&ui, ratatui::layout::Rect::new(0, 0, 80, 24))
    };
    for _ in 0..500 {
        update(&mut app, Action::Down);
    }
    let bound = app.help_scroll;
    assert!(bound > 5 && bound == app.help_max_scroll(), "{bound}");
    let screen = format!("{}", render(&app, 80, 24).backend());
    assert!(screen.contains("keys.toml"), "{screen}");
    assert!(!screen.contains("more "), "nothing below: {screen}");
    update(&mut app, Action::Up);
    assert_eq!(app.help_scroll, bound - 1);
    // Closed and opened again: at the top.
    update(&mut app, Action::Cancel);
    update(&mut app, Action::Help);
    assert_eq!(app.help_scroll, 0);
    for (w, h) in [(80, 24), (60, 16)] {
        insta::assert_snapshot!(format!("help_{w}x{h}"), render(&app, w, h).backend());
    }
}

#[test]
fn a_long_status_message_is_shown_in_full() {
    let mut app = empty();
    app.status =
        "Not exported: cannot write out/shifts.csv: No such file or directory (os error 2)"
            .to_string();
    for (w, h) in [(80, 24), (60, 16)] {
        let screen = render(&app, w, h);
        let text: String = {
            let buf = screen.backend().buffer();
            (0..h)
                .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
                .collect::<Vec<_>>()
                .join("\n")
        };
        // The message wraps over the status lines: every word is there.
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for word in ["out/shifts.csv:", "directory", "(os", "error", "2)"] {
            assert!(flat.contains(word), "{w}x{h}: {word} missing:\n{text}");
        }
        insta::assert_snapshot!(format!("long_status_{w}x{h}"), screen.backend());
    }
}

#[test]
fn the_rota_names_in_full_whoever_its_initials_stand_for() {
    let mut app = empty();
    let m = members(&app);
    give(&mut app, 0, 7, m[0]);
    give(&mut app, 7, 7, m[1]);
    for (w, h) in [(80, 24), (60, 16)] {
        let screen = render(&app, w, h);
        let buf = screen.backend().buffer();
        let lines: Vec<String> = (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect())
            .collect();
        for p in [m[0], m[1]] {
            let name = &app.org.people[p].name;
            let initials = rota::tui::widgets::rota_grid::initials(name);
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(&format!("{initials} {name}"))),
                "{w}x{h}: no legend for {name}:\n{}",
                lines.join("\n")
            );
        }
    }
}

/// The grid's first rota row, as text, in an area `width` wide.
fn grid_row(app: &App, width: u16) -> String {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    let theme = rota::tui::theme::Theme::mono();
    let grid = rota::tui::widgets::rota_grid::RotaGrid { app, theme: &theme };
    let mut buf = Buffer::empty(Rect::new(0, 0, width, 4));
    (&grid).render(buf.area, &mut buf);
    (0..width)
        .map(|x| buf[(x, 3)].symbol().to_string())
        .collect()
}

#[test]
fn without_colour_a_time_off_clash_and_weekends_are_marked_by_a_symbol() {
    let mut app = empty();
    let p = members(&app)[0];
    give(&mut app, 0, 7, p);
    // On time off on the third night of their shift (Wednesday 25 November).
    let wed = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    app.org_mut().people.edit(p).time_off.push(TimeOff {
        from: wed,
        to: wed,
        reason: "leave".into(),
    });
    app.recompute(true);
    app.slice = 0;
    let ini = rota::tui::widgets::rota_grid::initials(&app.org.people[p].name);
    assert_eq!(
        grid_row(&app, 40),
        format!("domain-c… │{ini} {ini}✗{ini} {ini} {ini} {ini} {ini} !! !! !!")
    );
    assert_eq!(
        grid_header(&app, 40)[2],
        "           Mo Tu We Th Fr•Sa•Su Mo Tu We"
    );
}

#[test]
fn prompts_name_their_subject_and_a_bad_entry_stays_with_its_reason() {
    let mut app = empty();
    app.tab = Tab::People;
    app.person_row = 3;
    let name = app.org.people[3].name.clone();
    update(&mut app, Action::AddTimeOff);
    let Mode::Prompt { kind, .. } = app.mode.clone() else {
        panic!("a prompt")
    };
    assert!(
        kind.label(&app)
            .starts_with(&format!("Time off for {name}: FROM TO"))
    );
    update(&mut app, Action::ClearInput);
    for c in "2026-12-20 2026-12-14".chars() {
        update(&mut app, Action::Input(c));
    }
    update(&mut app, Action::Select);
    assert_eq!(
        app.mode,
        Mode::Prompt {
            kind: kind.clone(),
            input: "2026-12-20 2026-12-14".into()
        }
    );
    assert_eq!(
        app.prompt_error.as_deref(),
        Some("the end (2026-12-14) is before the start (2026-12-20)")
    );
    assert!(app.org.people[3].time_off.is_empty(), "nothing added");
    for (w, h) in [(80, 24), (60, 16)] {
        insta::assert_snapshot!(
            format!("prompt_error_{w}x{h}"),
            render(&app, w, h).backend()
        );
    }
    // Put right: taken, and the reason goes.
    update(&mut app, Action::ClearInput);
    for c in "2026-12-14 2026-12-20 leave".chars() {
        update(&mut app, Action::Input(c));
    }
    update(&mut app, Action::Select);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.prompt_error, None);
    assert_eq!(app.org.people[3].time_off.len(), 1);
    // Opting out names the person too; a date that cannot be read stays.
    update(&mut app, Action::ToggleOptIn);
    let Mode::Prompt { kind, .. } = app.mode.clone() else {
        panic!("a prompt")
    };
    assert!(
        kind.label(&app)
            .starts_with(&format!("Opt {name} out of on-call from")),
        "{}",
        kind.label(&app)
    );
    update(&mut app, Action::ClearInput);
    for c in "2026-13-01".chars() {
        update(&mut app, Action::Input(c));
    }
    update(&mut app, Action::Select);
    assert!(
        matches!(&app.mode, Mode::Prompt { input, .. } if input == "2026-13-01"),
        "{:?}",
        app.mode
    );
    assert!(app.prompt_error.is_some());
    assert!(app.org.people[3].on_call, "not opted out");
    update(&mut app, Action::Cancel);

    app.tab = Tab::Services;
    app.service_row = 0;
    update(&mut app, Action::EditExposure);
    let Mode::Prompt { kind, .. } = app.mode.clone() else {
        panic!("a prompt")
    };
    assert!(
        kind.label(&app).starts_with(&format!(
            "Hourly exposure of {} ({}/h)",
            app.org.services[0].id, app.org.currency
        )),
        "{}",
        kind.label(&app)
    );
}

#[test]
fn the_export_path_follows_the_tab_and_an_existing_file_is_asked_about() {
    use rota::tui::app::Effect;
    let dir = tempfile::tempdir().unwrap();
    let mut app = empty();
    app.org_path = dir.path().join("example.toml");
    app.tab = Tab::Rota;
    update(&mut app, Action::Export);
    let path = dir.path().join("example.shifts.csv");
    assert!(
        matches!(&app.mode, Mode::Prompt { input, .. } if *input == path.display().to_string()),
        "{:?}",
        app.mode
    );
    update(&mut app, Action::Cancel);
    app.tab = Tab::Costs;
    update(&mut app, Action::Export);
    let report = dir.path().join("example.report.md");
    assert!(
        matches!(&app.mode, Mode::Prompt { input, .. } if *input == report.display().to_string()),
        "{:?}",
        app.mode
    );
    update(&mut app, Action::Cancel);

    // A new file is written; an existing one is asked about first.
    app.tab = Tab::Rota;
    update(&mut app, Action::Export);
    let effects = update(&mut app, Action::Select);
    assert_eq!(effects, vec![Effect::ExportIfNew(path.clone())]);
    for e in effects {
        rota::tui::perform(&mut app, e);
    }
    assert!(path.exists());
    std::fs::write(&path, "mine").unwrap();
    update(&mut app, Action::Export);
    for e in update(&mut app, Action::Select) {
        rota::tui::perform(&mut app, e);
    }
    assert_eq!(app.mode, Mode::ConfirmReplace(path.clone()));
    for (w, h) in [(80, 24), (60, 16)] {
        let screen = screen_text(&app, w, h);
        assert!(screen.contains("Replace the file?"), "{screen}");
    }
    // As drawn, with a path that is the same on every machine.
    {
        let mut shown = empty();
        shown.mode = Mode::ConfirmReplace("out/example.shifts.csv".into());
        for (w, h) in [(80, 24), (60, 16)] {
            insta::assert_snapshot!(
                format!("confirm_replace_{w}x{h}"),
                render(&shown, w, h).backend()
            );
        }
    }
    // No: the file is kept.
    assert!(update(&mut app, Action::Cancel).is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    assert_eq!(app.status, "Not exported: the file is kept as it was");
    // Yes: replaced.
    update(&mut app, Action::Export);
    for e in update(&mut app, Action::Select) {
        rota::tui::perform(&mut app, e);
    }
    let effects = update(&mut app, Action::Confirm);
    assert_eq!(effects, vec![Effect::Export(path.clone())]);
    for e in effects {
        rota::tui::perform(&mut app, e);
    }
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("rota,person")
    );
}

/// The screen as lines of text.
fn screen_text(app: &App, w: u16, h: u16) -> String {
    let t = render(app, w, h);
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn lists_that_do_not_fit_say_how_many_more_and_scroll_to_them() {
    // The example as planned: everyone has pay on the Costs tab.
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    let mut app = App::new(
        Path::new("/nonexistent/example.toml").to_path_buf(),
        EXAMPLE.to_string(),
        org,
        Path::new("/nonexistent/example.schedule.toml").to_path_buf(),
        None,
        today(),
    );
    app.tab = Tab::Costs;
    let people = app.derived.pay.people.len();
    assert!(people > 30, "{people}");
    let screen = screen_text(&app, 80, 24);
    assert!(screen.contains("more"), "{screen}");
    // The last person paid is reached by moving down to them.
    let last = app
        .derived
        .pay
        .people
        .iter()
        .min_by_key(|p| (p.total_pay, std::cmp::Reverse(p.index)))
        .unwrap()
        .index;
    let name = app.org.people[last].name.clone();
    assert!(!screen.contains(&name[..9]), "{screen}");
    app.person_row = last;
    let screen = screen_text(&app, 80, 24);
    assert!(screen.contains(&name[..9]), "{name}: {screen}");
    assert!(screen.contains("above"), "{screen}");

    // j/k walk down and up the chart as it is ordered, best paid first,
    // from whoever is selected elsewhere.
    let order = app.costs_order();
    assert_eq!(order.len(), people);
    assert_eq!(order.last(), Some(&last));
    app.person_row = app.org.people.len() - 1;
    update(&mut app, Action::Down);
    assert_eq!(app.person_row, order[0], "not charted: to the top");
    for want in &order[1..] {
        update(&mut app, Action::Down);
        assert_eq!(app.person_row, *want);
    }
    update(&mut app, Action::Down);
    assert_eq!(app.person_row, last, "stops at the end");
    let screen = screen_text(&app, 80, 24);
    assert!(screen.contains(&name[..9]), "{name}: {screen}");
    update(&mut app, Action::Up);
    assert_eq!(app.person_row, order[order.len() - 2]);

    // Warnings: the selected finding's fix is shown whole at 80x24.
    app.tab = Tab::Warnings;
    for row in 0..app.derived.warnings.len() {
        app.warning_row = row;
        let fix = app.derived.warnings[row].fix.clone();
        let screen = screen_text(&app, 80, 24);
        let flat: String = screen
            .split_whitespace()
            .filter(|w| !w.contains('│'))
            .collect::<Vec<_>>()
            .join(" ");
        let last_word = fix.split_whitespace().last().unwrap();
        assert!(
            screen.contains("fix:") && flat.contains(last_word),
            "{row}: {fix}\n{screen}"
        );
    }
    for (w, h) in [(80, 24), (60, 16)] {
        app.tab = Tab::Costs;
        insta::assert_snapshot!(
            format!("costs_scrolled_{w}x{h}"),
            render(&app, w, h).backend()
        );
    }
}

#[test]
fn at_the_smallest_size_the_tab_bar_and_footer_shorten_rather_than_cut() {
    let mut app = empty();
    for tab in Tab::ALL {
        app.tab = tab;
        let screen = screen_text(&app, 60, 16);
        let lines: Vec<&str> = screen.lines().collect();
        assert!(
            lines[0].trim_end().ends_with("6 Warn"),
            "{tab:?}: {}",
            lines[0]
        );
        let footer = lines[15];
        assert!(footer.contains("? help"), "{tab:?}: {footer}");
        // Every hint shown whole: the footer is among the keymap's hints
        // joined, with none cut at the edge.
        let hints = rota::tui::keymap::Keymap::defaults().footer(&app.mode, tab);
        let shown: Vec<_> = hints
            .iter()
            .filter(|(k, h)| footer.contains(&format!(" {k} {h} ")))
            .collect();
        let rebuilt: String = shown.iter().map(|(k, h)| format!(" {k} {h} ")).collect();
        assert_eq!(footer.trim_end(), rebuilt.trim_end(), "{tab:?}");
    }
}

#[test]
fn the_overview_leads_with_tonight_the_next_handoffs_findings_and_load() {
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    let app = App::new(
        Path::new("/nonexistent/example.toml").to_path_buf(),
        EXAMPLE.to_string(),
        org,
        Path::new("/nonexistent/example.schedule.toml").to_path_buf(),
        None,
        today(),
    );
    let screen = screen_text(&app, 80, 24);
    let at = |s: &str| screen.find(s).unwrap_or_else(|| panic!("{s}:\n{screen}"));
    assert!(at("On call tonight") < at("Findings"));
    assert!(at("Findings") < at("Load (nights each)"));
    assert!(at("Load (nights each)") < at("Organisation"));
    // The next handoff of the checkout rota: who takes over from tonight's.
    let now = rota_core::calendar::slice(&app.org, today()).start;
    let rotas = rota_core::schedule::oncall::on_call_at(&app.org, &app.schedule, now);
    let checkout = rotas.iter().find(|r| r.rota == "domain-checkout").unwrap();
    let name = |id: &str| app.org.people.by_id(id).unwrap().name.clone();
    let (on, next) = (
        name(&checkout.on_call.as_ref().unwrap().person),
        name(&checkout.next.as_ref().unwrap().person),
    );
    assert!(
        screen.contains(&format!("{on} until Mon 30 Nov 09:00 → {next}")),
        "{screen}"
    );
    assert!(screen.contains("▁") && screen.contains("█"), "{screen}");
    // On a narrow screen the handoff's time is left out, so each rota
    // keeps to one line: who holds it, and who takes it next.
    let narrow = screen_text(&app, 60, 16);
    assert!(narrow.contains(&format!("{on} → {next}")), "{narrow}");
    assert!(!narrow.contains("until Mon 30 Nov"), "{narrow}");
    assert!(
        narrow.lines().all(|l| !l.starts_with("│→")),
        "no handoff wraps: {narrow}"
    );
    // A rota's name is whole where there is room for it, and where it is
    // cut it says so.
    let long = "Accounts and Identity team";
    assert!(screen_text(&app, 120, 40).contains(&format!("  {long} ")));
    assert!(screen.contains("  Accounts and Identi… "), "{screen}");
}

#[test]
fn an_overview_taller_than_the_screen_says_so_and_scrolls_to_its_end() {
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    let mut app = App::new(
        Path::new("/nonexistent/example.toml").to_path_buf(),
        EXAMPLE.to_string(),
        org,
        Path::new("/nonexistent/example.schedule.toml").to_path_buf(),
        None,
        today(),
    );
    assert!(
        screen_text(&app, 120, 40).contains("Yearly run cost"),
        "all of it fits at 120x40"
    );
    for (w, h) in [(80, 24), (60, 16)] {
        app.overview_scroll = 0;
        sized(&mut app, w, h);
        app.overview_len = {
            let keymap = rota::tui::keymap::Keymap::defaults();
            let theme = rota::tui::theme::Theme::mono();
            let ui = rota::tui::views::Ui {
                app: &app,
                keymap: &keymap,
                theme: &theme,
            };
            rota::tui::views::overview_len(&ui, ratatui::layout::Rect::new(0, 0, w, h))
        };
        let screen = screen_text(&app, w, h);
        assert!(!screen.contains("Yearly run cost"), "{w}x{h}: {screen}");
        assert!(screen.contains("j/↓: "), "{w}x{h}: {screen}");
        for _ in 0..100 {
            update(&mut app, Action::Down);
        }
        let bound = app.overview_scroll;
        let screen = screen_text(&app, w, h);
        assert!(screen.contains("Yearly run cost"), "{w}x{h}: {screen}");
        assert!(screen.contains("k/↑: back up"), "{w}x{h}: {screen}");
        update(&mut app, Action::Up);
        assert_eq!(app.overview_scroll, bound - 1, "{w}x{h}");
        app.overview_scroll = bound;
        insta::assert_snapshot!(
            format!("overview_scrolled_{w}x{h}"),
            render(&app, w, h).backend()
        );
    }
}

/// The app told the body's size on a screen `width` by `height`, as the
/// run loop tells it.
fn sized(app: &mut App, width: u16, height: u16) {
    let keymap = rota::tui::keymap::Keymap::defaults();
    let theme = rota::tui::theme::Theme::mono();
    let ui = rota::tui::views::Ui {
        app,
        keymap: &keymap,
        theme: &theme,
    };
    let rows = rota::tui::views::body_rows(&ui, ratatui::layout::Rect::new(0, 0, width, height));
    app.body_rows = rows;
    app.body_cols = width;
}

#[test]
fn what_a_replan_changed_is_listed_per_person_and_scrolls_to_its_end() {
    let mut app = empty();
    // Re-planning an empty schedule gives every shift: a list of everyone,
    // longer than a screen.
    update(&mut app, Action::Replan);
    let Mode::Changes(text) = app.mode.clone() else {
        panic!("no changes overlay: {:?}", app.mode)
    };
    assert!(
        app.status.starts_with("Re-planned: 0 shifts moved, "),
        "{}",
        app.status
    );
    let someone = &app.org.people[members(&app)[0]];
    assert!(
        text.contains(&format!("  {} ({}): standby ", someone.id, someone.name)),
        "{text}"
    );
    assert!(text.contains("    gained domain-checkout "), "{text}");
    for (w, h) in [(80, 24), (60, 16)] {
        let screen = screen_text(&app, w, h);
        assert!(screen.contains("j/↓: "), "{w}x{h}: {screen}");
        insta::assert_snapshot!(format!("changes_{w}x{h}"), render(&app, w, h).backend());
    }
    // Scrolled as far as it goes: the last line is in view, nothing below.
    sized(&mut app, 80, 24);
    for _ in 0..10_000 {
        update(&mut app, Action::Down);
    }
    let bound = app.changes_scroll;
    assert!(bound > 0 && bound == app.changes_max_scroll(), "{bound}");
    let screen = screen_text(&app, 80, 24);
    let last = text.lines().last().unwrap().trim();
    assert!(screen.contains(last), "{last}: {screen}");
    assert!(screen.contains("k/↑: back up"), "{screen}");
    update(&mut app, Action::Up);
    assert_eq!(app.changes_scroll, bound - 1);
    assert!(matches!(app.mode, Mode::Changes(_)), "still open");
    sized(&mut app, 60, 16);
    for _ in 0..10_000 {
        update(&mut app, Action::Down);
    }
    insta::assert_snapshot!("changes_scrolled_60x16", render(&app, 60, 16).backend());
    update(&mut app, Action::Cancel);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn the_changes_lines_wrap_at_a_space_under_their_indent() {
    let text = "headline\n    gained domain-checkout 2027-01-11 to 2027-01-17 (7 slices)\n";
    let lines = rota::tui::app::changes_lines(text, 30);
    assert_eq!(
        lines,
        [
            "headline",
            "    gained domain-checkout",
            "      2027-01-11 to 2027-01-17",
            "      (7 slices)",
        ]
    );
    assert!(lines.iter().all(|l| l.chars().count() <= 30));
    // A word longer than the line is cut at the edge, not lost.
    let lines = rota::tui::app::changes_lines("abcdefghij", 4);
    assert_eq!(lines.concat().replace(' ', ""), "abcdefghij");
}

/// The text inside the last bordered box on the screen, its lines joined
/// by spaces, its words single-spaced.
fn last_box(screen: &str) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    let top = lines.iter().rposition(|l| l.starts_with('┌')).unwrap();
    let bottom = top
        + lines[top..]
            .iter()
            .position(|l| l.starts_with('└'))
            .unwrap();
    lines[top + 1..bottom]
        .iter()
        .map(|l| l.trim_start_matches('│').trim_end().trim_end_matches('│'))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_selected_warning_shows_its_message_and_fix_whole_at_80x24() {
    // Every finding of a schedule with nothing in it, and of one with a
    // clash and a long run.
    let mut empty_app = empty();
    empty_app.tab = Tab::Warnings;
    let mut busy = empty();
    let m = members(&busy);
    give(&mut busy, 0, 14, m[0]);
    time_off_first_week(&mut busy, m[0]);
    busy.tab = Tab::Warnings;
    let mut seen = 0;
    let mut long = 0;
    for mut app in [empty_app, busy] {
        for row in 0..app.derived.warnings.len() {
            app.warning_row = row;
            let w = &app.derived.warnings[row];
            let want = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let shown = last_box(&screen_text(&app, 80, 24));
            // People by name, as the screen shows them.
            let (message, fix) = (
                app.with_names(&w.message, &w.people),
                app.with_names(&w.fix, &w.people),
            );
            assert!(
                shown.contains(&want(&message)) && shown.contains(&want(&format!("fix: {fix}"))),
                "{row}: {message} / {fix}\nshown: {shown}"
            );
            seen += 1;
            // One that needs more than a line each for its message and fix
            // at this width: the detail must have grown to hold it.
            if w.message.chars().count() + w.fix.chars().count() + 5 > 2 * 78 {
                long += 1;
            }
        }
    }
    assert!(seen > 5 && long > 0, "{seen} findings, {long} long");
}

#[test]
fn tables_keep_names_whole_and_name_their_columns_with_units() {
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
    let mut app = App::new(
        Path::new("/nonexistent/example.toml").to_path_buf(),
        EXAMPLE.to_string(),
        org,
        Path::new("/nonexistent/example.schedule.toml").to_path_buf(),
        None,
        today(),
    );
    for (w, h) in [(120, 40), (80, 24), (60, 16)] {
        app.tab = Tab::Services;
        let screen = screen_text(&app, w, h);
        let lines: Vec<&str> = screen.lines().collect();
        let header: Vec<&str> = lines[2].trim_matches('│').split("  ").collect();
        for want in ["GBP/h", "avail%", "own lvl", "team lvl"] {
            assert!(lines[2].contains(want), "{w}x{h}: {}", lines[2]);
        }
        let mut names: Vec<&str> = header
            .iter()
            .map(|h| h.trim())
            .filter(|h| !h.is_empty())
            .collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all, "{w}x{h}: a header twice: {}", lines[2]);
        // Every service shown is shown by its whole id, with its band.
        let table_end = lines.iter().position(|l| l.starts_with('└')).unwrap();
        for row in lines[3..table_end]
            .iter()
            .filter(|l| !l.trim_matches(['│', ' ']).is_empty())
        {
            let first = row.trim_start_matches('│').split(' ').next().unwrap();
            assert!(
                app.org.services.iter().any(|s| s.id == first),
                "{w}x{h}: {row}"
            );
        }
        assert!(screen.contains(" medium "), "{w}x{h}: {screen}");

        app.tab = Tab::People;
        let screen = screen_text(&app, w, h);
        let lines: Vec<&str> = screen.lines().collect();
        for want in ["nights", "wknd/hol", "pay GBP", "share"] {
            assert!(lines[2].contains(want), "{w}x{h}: {}", lines[2]);
        }
        let table_end = lines.iter().position(|l| l.starts_with('└')).unwrap();
        let mut rows = 0;
        for row in lines[3..table_end]
            .iter()
            .filter(|l| !l.trim_matches(['│', ' ']).is_empty())
        {
            let text = row.trim_start_matches('│').trim_start_matches(['!', ' ']);
            let name = text.split("  ").next().unwrap();
            assert!(
                app.org.people.iter().any(|p| p.name == name),
                "{w}x{h}: {row}"
            );
            rows += 1;
        }
        assert!(rows > 3, "{w}x{h}: {screen}");
    }
    // With the longest name on screen too.
    let longest = (0..app.org.people.len())
        .max_by_key(|&p| app.org.people[p].name.chars().count())
        .unwrap();
    app.person_row = longest;
    for (w, h) in [(80, 24), (60, 16)] {
        let screen = screen_text(&app, w, h);
        let name = &app.org.people[longest].name;
        assert!(screen.contains(&format!("{name} ")), "{w}x{h}: {screen}");
    }
}

#[test]
fn a_picker_taller_than_the_screen_says_how_many_more_and_scrolls_to_them() {
    let mut app = empty();
    update(&mut app, Action::Assign);
    let (candidates, _) = picker(&app);
    let screen = screen_text(&app, 60, 16);
    let box_rows = screen.lines().filter(|l| l.contains(" nights")).count();
    assert!(box_rows < candidates.len(), "{screen}");
    let hidden = candidates.len() - box_rows;
    assert!(screen.contains(&format!("… {hidden} more ┘")), "{screen}");
    // Down to the last: it is shown, and the rest are said to be above.
    for _ in 0..candidates.len() {
        update(&mut app, Action::Down);
    }
    let screen = screen_text(&app, 60, 16);
    let last = &app.org.people[*candidates.last().unwrap()].name;
    assert!(screen.contains(last.as_str()), "{screen}");
    assert!(
        screen.contains(&format!("… {hidden} more above ┘")),
        "{screen}"
    );
    // Where all fit, nothing is said.
    assert!(!screen_text(&app, 120, 40).contains(" more"));
}

#[test]
fn the_nights_detail_wraps_rather_than_being_cut_at_a_narrow_screen() {
    let mut app = empty();
    let m = members(&app);
    // Three more off on the first night: the night's line names them all.
    for &p in &m[..3] {
        time_off_first_week(&mut app, p);
    }
    give(&mut app, 0, 7, m[3]);
    let screen = screen_text(&app, 60, 16);
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    for &p in &m[..3] {
        let name = &app.org.people[p].name;
        assert!(flat.contains(name.as_str()), "{name}: {screen}");
    }
    let holder = &app.org.people[m[3]].name;
    assert!(
        flat.contains(&format!("{holder}, 7 nights from 2026-11-23")),
        "{screen}"
    );
    // The grid keeps its header and first rota row above the detail.
    assert!(
        screen.lines().nth(4).unwrap().starts_with("domain-"),
        "{screen}"
    );
}

#[test]
fn findings_name_people_as_the_other_screens_do() {
    let mut app = empty();
    let m = members(&app);
    give(&mut app, 0, 7, m[0]);
    time_off_first_week(&mut app, m[0]);
    app.tab = Tab::Warnings;
    let person = app.org.people[m[0]].clone();
    let row = app
        .derived
        .warnings
        .iter()
        .position(|w| w.code.as_str() == "time-off-clash")
        .expect("a clash");
    app.warning_row = row;
    let w = &app.derived.warnings[row];
    assert!(w.message.starts_with(&format!("{} is on call", person.id)));
    let detail = last_box(&screen_text(&app, 80, 24));
    assert!(
        detail.starts_with(&format!("{} is on call", person.name)),
        "{detail}"
    );
    assert!(!detail.split(' ').any(|word| word == person.id), "{detail}");
    // Only whole words are names: an id inside another word, or joined to
    // one, is left as it is.
    let ids = vec![person.id.clone()];
    let text = format!("{0} and x{0}, {0}-team; {0}.", person.id);
    assert_eq!(
        app.with_names(&text, &ids),
        format!("{0} and x{1}, {1}-team; {0}.", person.name, person.id)
    );
}
