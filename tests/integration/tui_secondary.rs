//! The TUI on a two-level rota: the cursor walks onto the secondaries' row
//! under a rota's primaries, and the picker, swap, pin, split, clear and
//! undo work there as on the primaries' row, one role at a time.

use std::path::PathBuf;

use chrono::NaiveDate;
use rota::tui::app::{Action, App, CellState, Mode, Tab, update};
use rota::tui::strings;
use rota_core::calendar::Horizon;
use rota_core::planner::{PlanOptions, plan_schedule};
use rota_core::schedule::{Role, Schedule};

const EXAMPLE: &str = include_str!("../../schedules/example.toml");

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The example with its high band asking for a secondary.
fn two_level() -> String {
    let text = EXAMPLE.replacen(
        "on_call = \"team\"\n",
        "on_call = \"team\"\nsecondary = true\n",
        1,
    );
    assert_ne!(text, EXAMPLE);
    text
}

/// The two-level example planned for 13 weeks from Monday 2026-11-23 and
/// opened on Tuesday 2026-12-01: the week of the 23rd and the shifts that
/// started on the 30th are history.
fn lived() -> App {
    let text = two_level();
    let org = rota_core::org::parse_organisation("example.toml", &text).unwrap();
    let horizon = Horizon::weeks(date("2026-11-23"), 13);
    let schedule: Schedule = plan_schedule(
        &org,
        &text,
        "example.toml",
        horizon,
        &PlanOptions::default(),
    )
    .0;
    let mut app = App::new(
        PathBuf::from("/nonexistent/example.toml"),
        text,
        org,
        PathBuf::from("/nonexistent/example.schedule.toml"),
        Some(schedule),
        date("2026-12-01"),
    );
    app.tab = Tab::Rota;
    app
}

/// Rota 1 of the example (`team-payments`) needs a secondary all along.
const PAYMENTS: usize = 1;

fn run(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, a.clone());
    }
}

/// Puts the cursor on a rota's secondaries' row at a night, the way a user
/// gets there: on its primaries' row, then one row down.
fn on_secondary(app: &mut App, rota: usize, slice: usize) {
    app.rota_row = rota;
    app.rota_role = Role::Primary;
    app.slice = slice;
    run(app, &[Action::Down]);
    assert_eq!((app.rota_row, app.rota_role), (rota, Role::Secondary));
}

fn holder(app: &App, rota: usize, role: Role, slice: usize) -> usize {
    match app.cell_in(rota, role, slice) {
        CellState::Filled { person, .. } => person,
        other => panic!("rota {rota} {role:?} night {slice}: {other:?}"),
    }
}

/// The index of the shift in a role of a rota that holds a night.
fn shift_at(app: &App, rota: usize, role: Role, slice: usize) -> usize {
    match app.cell_in(rota, role, slice) {
        CellState::Filled { shift, .. } => shift,
        other => panic!("rota {rota} {role:?} night {slice}: {other:?}"),
    }
}

fn picker(app: &App) -> (Vec<usize>, usize) {
    match &app.mode {
        Mode::Picker {
            candidates,
            selected,
        } => (candidates.clone(), *selected),
        other => panic!("no picker: {other:?}"),
    }
}

fn screen_text(app: &App, width: u16, height: u16) -> String {
    let terminal = crate::common::render(app, width, height);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn j_and_k_walk_each_rota_then_its_secondaries() {
    let mut app = lived();
    let rows = app.rota_rows();
    // A secondaries' row comes straight after its rota's primaries, for
    // every rota the grid gives one, and for no other.
    for r in 0..app.derived.coverage.rotas.len() {
        let at = rows.iter().position(|&x| x == (r, Role::Primary)).unwrap();
        let two = app.derived.secondary_cells[r].is_some();
        assert_eq!(
            rows.get(at + 1) == Some(&(r, Role::Secondary)),
            two,
            "rota {r}"
        );
        assert_eq!(rows.contains(&(r, Role::Secondary)), two, "rota {r}");
    }
    assert!(rows.contains(&(PAYMENTS, Role::Secondary)));
    app.rota_row = 0;
    let mut seen = vec![(app.rota_row, app.rota_role)];
    for _ in 1..rows.len() {
        run(&mut app, &[Action::Down]);
        seen.push((app.rota_row, app.rota_role));
    }
    assert_eq!(seen, rows);
    run(&mut app, &[Action::Down]);
    assert_eq!((app.rota_row, app.rota_role), *rows.last().unwrap());
    for want in rows.iter().rev().skip(1) {
        run(&mut app, &[Action::Up]);
        assert_eq!((app.rota_row, app.rota_role), *want);
    }
    run(&mut app, &[Action::Up]);
    assert_eq!((app.rota_row, app.rota_role), (0, Role::Primary));

    // A click on a secondaries' row puts the cursor there; a click that
    // names a secondary of a rota with none does nothing.
    run(
        &mut app,
        &[Action::SelectCell(PAYMENTS, Role::Secondary, 20)],
    );
    assert_eq!(
        (app.rota_row, app.rota_role, app.slice),
        (PAYMENTS, Role::Secondary, 20)
    );
    run(&mut app, &[Action::SelectCell(0, Role::Secondary, 3)]);
    assert_eq!(
        (app.rota_row, app.rota_role, app.slice),
        (PAYMENTS, Role::Secondary, 20)
    );
}

#[test]
fn a_secondary_is_given_through_the_picker_and_undone() {
    let mut app = lived();
    // Week 7 (nights 42 to 48) without its secondary.
    let primary = holder(&app, PAYMENTS, Role::Primary, 44);
    let s = shift_at(&app, PAYMENTS, Role::Secondary, 44);
    app.schedule.shifts.remove(s);
    app.recompute(false);
    assert_eq!(
        app.cell_in(PAYMENTS, Role::Secondary, 44),
        CellState::Unfilled
    );
    let primaries = app.schedule.shifts.clone();
    on_secondary(&mut app, PAYMENTS, 44);
    assert_eq!(app.pick_range(PAYMENTS, Role::Secondary, 44), 42..49);

    run(&mut app, &[Action::Assign]);
    let (candidates, selected) = picker(&app);
    assert_eq!(selected, 0);
    // Every member of the rota but the night's primary.
    let mut want = app
        .derived
        .coverage
        .cover(PAYMENTS, 44)
        .unwrap()
        .members
        .clone();
    want.retain(|&p| p != primary);
    let mut got = candidates.clone();
    got.sort_unstable();
    assert_eq!(got, want);
    assert!(screen_text(&app, 80, 24).contains("Who is secondary?"));
    let chosen = candidates[0];
    assert!(!app.pick_notes(PAYMENTS, Role::Secondary, 44, chosen).hard());

    run(&mut app, &[Action::Select]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        app.status,
        format!("Shift given to {} (secondary)", app.org.people[chosen].name)
    );
    for d in 42..49 {
        assert_eq!(
            holder(&app, PAYMENTS, Role::Secondary, d),
            chosen,
            "night {d}"
        );
        assert_eq!(
            holder(&app, PAYMENTS, Role::Primary, d),
            primary,
            "night {d}"
        );
    }
    let given = &app.schedule.shifts[shift_at(&app, PAYMENTS, Role::Secondary, 44)];
    assert_eq!(given.role, Role::Secondary);
    assert_eq!(given.slices, 7);
    assert_eq!(given.person, app.org.people[chosen].id);
    assert!(
        !app.derived
            .warnings
            .iter()
            .any(|w| w.from == Some(date("2027-01-04"))),
        "{:?}",
        app.derived.warnings
    );

    run(&mut app, &[Action::Undo]);
    assert_eq!(app.schedule.shifts, primaries);
    assert_eq!(
        app.cell_in(PAYMENTS, Role::Secondary, 44),
        CellState::Unfilled
    );
    run(&mut app, &[Action::Redo]);
    assert_eq!(holder(&app, PAYMENTS, Role::Secondary, 44), chosen);
}

#[test]
fn a_secondary_is_swapped_pinned_split_and_cleared_without_touching_the_primary() {
    let mut app = lived();
    let original = app.schedule.clone();
    // Week 5 (nights 28 to 34).
    let was = holder(&app, PAYMENTS, Role::Secondary, 30);
    let primary_shift = shift_at(&app, PAYMENTS, Role::Primary, 30);
    let primary = app.schedule.shifts[primary_shift].clone();
    on_secondary(&mut app, PAYMENTS, 30);

    // Swap: the whole shift goes to someone else, still as the secondary.
    run(&mut app, &[Action::Assign]);
    let (candidates, _) = picker(&app);
    assert_eq!(candidates.last(), Some(&was), "the holder comes last");
    assert!(app.pick_notes(PAYMENTS, Role::Secondary, 30, was).holder);
    assert!(!candidates.contains(&holder(&app, PAYMENTS, Role::Primary, 30)));
    let to = candidates[0];
    assert_ne!(to, was);
    run(&mut app, &[Action::Select]);
    let s = shift_at(&app, PAYMENTS, Role::Secondary, 30);
    assert_eq!(app.schedule.shifts[s].person, app.org.people[to].id);
    assert_eq!(app.schedule.shifts[s].role, Role::Secondary);
    for d in 28..35 {
        assert_eq!(holder(&app, PAYMENTS, Role::Secondary, d), to);
    }
    let primary_now =
        |app: &App| app.schedule.shifts[shift_at(app, PAYMENTS, Role::Primary, 30)].clone();
    assert_eq!(primary_now(&app), primary);

    // Pin: the secondary's shift, not the primary's.
    run(&mut app, &[Action::TogglePin]);
    assert!(app.schedule.shifts[shift_at(&app, PAYMENTS, Role::Secondary, 30)].pinned);
    assert!(matches!(
        app.cell_in(PAYMENTS, Role::Secondary, 28),
        CellState::Filled { pinned: true, .. }
    ));
    assert_eq!(primary_now(&app), primary);
    assert!(screen_text(&app, 80, 24).contains("pinned"));

    // Split on the cursor's night: two secondary shifts, the same person.
    let before = app.schedule.shifts.len();
    run(&mut app, &[Action::Split]);
    assert_eq!(app.schedule.shifts.len(), before + 1);
    let (head, tail) = (
        shift_at(&app, PAYMENTS, Role::Secondary, 28),
        shift_at(&app, PAYMENTS, Role::Secondary, 30),
    );
    assert_ne!(head, tail);
    assert_eq!(
        (
            app.schedule.shifts[head].slices,
            app.schedule.shifts[tail].slices
        ),
        (2, 5)
    );
    assert!(matches!(
        app.cell_in(PAYMENTS, Role::Secondary, 30),
        CellState::Filled {
            first_slice: true,
            ..
        }
    ));
    assert_eq!(primary_now(&app), primary);

    // Clear the second half: the first stays, the primary too.
    run(&mut app, &[Action::Clear]);
    for d in 30..35 {
        assert_eq!(
            app.cell_in(PAYMENTS, Role::Secondary, d),
            CellState::Unfilled
        );
    }
    assert_eq!(holder(&app, PAYMENTS, Role::Secondary, 29), to);
    assert_eq!(primary_now(&app), primary);

    // Every step undoes, back to the schedule as it was.
    run(
        &mut app,
        &[Action::Undo, Action::Undo, Action::Undo, Action::Undo],
    );
    assert_eq!(app.schedule, original);
    assert!(!app.can_undo());
}

#[test]
fn history_on_the_secondaries_row_is_refused() {
    let mut app = lived();
    // Night 3 is last week; night 8 is tonight, in the shift that started
    // on Monday the 30th.
    for day in [3, 8] {
        on_secondary(&mut app, PAYMENTS, day);
        assert!(app.is_history_cell(PAYMENTS, Role::Secondary, day));
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
            assert_eq!(app.status, strings::HISTORY_REFUSED, "{action:?} on {day}");
            assert_eq!(app.mode, Mode::Normal, "{action:?}");
            assert_eq!(app.schedule, before, "{action:?} changed history");
        }
    }
    assert!(!app.can_undo());
    // Next week's secondary is not history.
    assert!(!app.is_history_cell(PAYMENTS, Role::Secondary, 14));
}

#[test]
fn the_picker_leaves_out_the_primary_and_asks_before_one_person_holds_both_roles() {
    let mut app = lived();
    // Week 8 (nights 49 to 55): the primary's shift split on night 52 and
    // its second half given to someone else.
    let first = holder(&app, PAYMENTS, Role::Primary, 49);
    let secondary = holder(&app, PAYMENTS, Role::Secondary, 49);
    app.rota_row = PAYMENTS;
    app.slice = 52;
    run(&mut app, &[Action::Split, Action::Assign]);
    let (candidates, _) = picker(&app);
    assert!(
        !candidates.contains(&secondary),
        "the secondary is not offered as the primary"
    );
    let second = candidates[0];
    assert_ne!(second, first);
    run(&mut app, &[Action::Select]);
    assert_eq!(holder(&app, PAYMENTS, Role::Primary, 49), first);
    assert_eq!(holder(&app, PAYMENTS, Role::Primary, 53), second);

    // On the secondaries' row on night 53: its primary is not offered; the
    // first half's primary is, marked as a hard rule (they would hold both
    // roles on nights 49 to 51).
    on_secondary(&mut app, PAYMENTS, 53);
    run(&mut app, &[Action::Assign]);
    let (candidates, _) = picker(&app);
    assert!(!candidates.contains(&second));
    let at = candidates.iter().position(|&p| p == first).unwrap();
    let notes = app.pick_notes(PAYMENTS, Role::Secondary, 53, first);
    assert!(notes.other_role && notes.hard() && !notes.busy, "{notes:?}");
    assert_eq!(notes.broken().first(), Some(&strings::PICK_OTHER_ROLE));
    // Hard breaks come after everyone a choice breaks nothing for; only
    // the holder is after them.
    assert!(
        candidates[..at]
            .iter()
            .all(|&p| !app.pick_notes(PAYMENTS, Role::Secondary, 53, p).hard())
    );
    app.mode = Mode::Picker {
        candidates: candidates.clone(),
        selected: at,
    };
    insta::assert_snapshot!(
        "tui_secondary_picker_80x24",
        crate::common::render(&app, 80, 24).backend()
    );

    // Choosing them asks first; anything but yes goes back to the picker.
    let before = app.schedule.clone();
    run(&mut app, &[Action::Select]);
    assert!(
        matches!(app.mode, Mode::ConfirmPick { .. }),
        "{:?}",
        app.mode
    );
    assert!(screen_text(&app, 80, 24).contains("other role"));
    run(&mut app, &[Action::Cancel]);
    assert_eq!(
        app.mode,
        Mode::Picker {
            candidates: candidates.clone(),
            selected: at
        }
    );
    assert_eq!(app.status, strings::PICK_NOT_GIVEN);
    assert_eq!(app.schedule, before);

    // Yes gives it, and the checks then name the clash.
    run(&mut app, &[Action::Select, Action::Confirm]);
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(holder(&app, PAYMENTS, Role::Secondary, 49), first);
    let id = &app.org.people[first].id;
    assert!(
        app.derived
            .warnings
            .iter()
            .any(|w| w.code.as_str() == "double-booked" && w.people.contains(id)),
        "{:?}",
        app.derived.warnings
    );
    run(&mut app, &[Action::Undo]);
    assert_eq!(app.schedule, before);
}

#[test]
fn the_pickers_marks_count_both_roles() {
    let mut app = lived();
    // Someone on the other rota's primaries is on call elsewhere while a
    // secondary here: a hard rule.
    let q = app.derived.coverage.cover(0, 63).unwrap().members[0];
    let s = shift_at(&app, PAYMENTS, Role::Secondary, 63);
    app.schedule.shifts.remove(s);
    let shift = rota_core::schedule::edit::make_role_shift(
        &app.org,
        &app.derived.coverage,
        PAYMENTS,
        63,
        7,
        q,
        Role::Secondary,
    )
    .unwrap();
    app.schedule.shifts.push(shift);
    app.schedule.sort();
    app.recompute(false);
    assert_eq!(holder(&app, PAYMENTS, Role::Secondary, 65), q);
    let notes = app.pick_notes(0, Role::Primary, 65, q);
    assert!(notes.busy && notes.hard(), "{notes:?}");
    assert!(notes.broken().contains(&strings::PICK_BUSY));

    // A week as a secondary, then a week as the primary: too many nights
    // in a row.
    let week5 = holder(&app, PAYMENTS, Role::Secondary, 30);
    assert_ne!(holder(&app, PAYMENTS, Role::Primary, 37), week5);
    let notes = app.pick_notes(PAYMENTS, Role::Primary, 37, week5);
    assert!(
        notes.in_a_row && notes.strains() && !notes.hard(),
        "{notes:?}"
    );
}

#[test]
fn the_grid_with_the_cursor_on_a_secondaries_row() {
    let mut app = lived();
    on_secondary(&mut app, PAYMENTS, 8);
    for (w, h) in [(80, 24), (60, 16)] {
        let text = screen_text(&app, w, h);
        assert!(text.contains("team-payments (secondary)"), "{text}");
        let name = format!("tui_secondary_grid_{w}x{h}");
        insta::assert_snapshot!(name, crate::common::render(&app, w, h).backend());
    }
}

#[test]
fn the_overview_counts_and_names_both_roles() {
    let mut app = lived();
    app.tab = Tab::Overview;
    // People needed a night: every cell of the grid that needs someone,
    // on the primaries' rows and the secondaries'.
    let d = &app.derived;
    let per_night: Vec<usize> = (0..app.horizon().len())
        .map(|n| {
            let rows = d.cells.iter().chain(d.secondary_cells.iter().flatten());
            rows.filter(|row| row[n] != CellState::NoCover).count()
        })
        .collect();
    let (min, max) = (
        *per_night.iter().min().unwrap(),
        *per_night.iter().max().unwrap(),
    );
    assert_eq!((d.head_count.0, d.head_count.1), (min, max));
    let primaries = (0..d.coverage.rotas.len())
        .filter(|&r| d.coverage.needs_cover(r, 8))
        .count();
    assert!(per_night[8] > primaries, "tonight has secondaries");

    let text = screen_text(&app, 100, 40);
    assert!(
        text.contains(&format!("{min} to {max} this horizon")),
        "{text}"
    );
    // Every night needing someone is covered, in both roles.
    let needed: usize = per_night.iter().sum();
    assert!(
        text.contains(&format!("Nights covered        {needed} of {needed}")),
        "{text}"
    );
    let text = screen_text(&app, 80, 24);
    // Tonight's secondary on team-payments is named under its primary.
    let secondary = &app.org.people[holder(&app, PAYMENTS, Role::Secondary, 8)].name;
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Payments team"))
        .unwrap();
    assert!(lines[at + 1].contains("└ 2nd"), "{text}");
    assert!(lines[at + 1].contains(secondary.as_str()), "{text}");
    insta::assert_snapshot!(
        "tui_secondary_overview_80x24",
        crate::common::render(&app, 80, 24).backend()
    );

    // A rota that needs a secondary tonight and has none says so.
    let s = shift_at(&app, PAYMENTS, Role::Secondary, 8);
    app.schedule.shifts.remove(s);
    app.recompute(false);
    let text = screen_text(&app, 80, 24);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Payments team"))
        .unwrap();
    assert!(lines[at + 1].contains(strings::NOBODY_SECONDARY), "{text}");
}
