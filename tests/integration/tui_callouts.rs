//! Recording callouts in the TUI: on a worked night, add, edit and remove a
//! callout, with undo; the Costs and People figures switch from estimated
//! to recorded callouts and back.

use chrono::NaiveDate;
use rota::tui::app::{Action, App, CellState, Mode, PromptKind, Tab, update};

const EXAMPLE: &str = include_str!("../../schedules/example.toml");

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// The example planned from Monday 2026-11-23, looked at on 2 December, so
/// its first nights have been worked.
fn worked() -> App {
    let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).expect("loads");
    let mut app = App::new(
        "/nonexistent/example.toml".into(),
        EXAMPLE.to_string(),
        org,
        "/nonexistent/example.schedule.toml".into(),
        None,
        date("2026-11-23"),
    );
    // Looked at later: now moves on to the start of 2 December.
    let now = rota_core::schedule::start_of_day(&app.org, date("2026-12-02"));
    app.advance_to(now);
    app.tab = Tab::Rota;
    app.rota_row = 0;
    app.slice = app
        .horizon()
        .index_of(date("2026-11-24"))
        .expect("in the horizon");
    app
}

fn run(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, a.clone());
    }
}

fn type_in(app: &mut App, text: &str) {
    run(app, &[Action::ClearInput]);
    for c in text.chars() {
        update(app, Action::Input(c));
    }
    update(app, Action::Select);
}

fn person_on_cell(app: &App) -> usize {
    match app.cell(app.rota_row, app.slice) {
        CellState::Filled { person, .. } => person,
        other => panic!("the cell is {other:?}"),
    }
}

#[test]
fn record_edit_remove_a_callout_and_undo_it_all() {
    let mut app = worked();
    let person = person_on_cell(&app);
    let before_pay = app.cost_pay.clone();
    let before_load = app.derived.loads[person].pay;
    assert!(before_pay.callouts_estimated);
    assert_eq!(before_pay.total.payable_pay, before_pay.total.standby_pay);

    run(&mut app, &[Action::AddCallout]);
    let Mode::Prompt { kind, input } = app.mode.clone() else {
        panic!("a prompt opens: {:?}", app.mode);
    };
    assert!(matches!(kind, PromptKind::Callout { replace: None, .. }));
    let service = input
        .split_whitespace()
        .nth(2)
        .expect("a default service")
        .to_string();
    assert!(app.org.service_index(&service).is_some(), "{input}");
    // 03:00 the next morning (London is on GMT), 90 minutes.
    type_in(&mut app, &format!("03:00 90 {service}"));
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(app.schedule.callouts.len(), 1, "{}", app.status);
    let c = &app.schedule.callouts[0];
    assert_eq!(c.at.to_rfc3339(), "2026-11-25T03:00:00+00:00");
    assert_eq!(c.minutes, 90);
    assert_eq!(c.person, app.org.people[person].id);
    assert!(
        app.status.starts_with("Callout recorded for"),
        "{}",
        app.status
    );

    // Costs: recorded now, one callout at the flat 60.00, payable with it.
    let pay = &app.cost_pay;
    assert!(!pay.callouts_estimated);
    assert_eq!(pay.total.callouts, 1.0);
    assert_eq!(pay.total.callout_pay, rota_core::money::Money(6000));
    assert_eq!(
        pay.total.payable_pay,
        pay.total.standby_pay + rota_core::money::Money(6000)
    );
    assert_eq!(pay.total.standby_pay, before_pay.total.standby_pay);
    assert_ne!(pay.total.total_pay, before_pay.total.total_pay);
    // People: the person's pay is standby plus the recorded callout.
    let row = pay
        .people
        .iter()
        .find(|p| p.index == person)
        .expect("on call");
    assert_eq!(
        app.derived.loads[person].pay,
        row.standby_pay + rota_core::money::Money(6000)
    );
    assert_ne!(app.derived.loads[person].pay, before_load);

    // Edit it: the prompt starts from the recorded values.
    run(&mut app, &[Action::EditCallout]);
    let Mode::Prompt { kind, input } = app.mode.clone() else {
        panic!("a prompt opens");
    };
    assert!(matches!(
        kind,
        PromptKind::Callout {
            replace: Some(0),
            ..
        }
    ));
    assert_eq!(input, format!("03:00 90 {service}"));
    type_in(&mut app, &format!("21:15 45 {service}"));
    assert_eq!(app.schedule.callouts.len(), 1);
    assert_eq!(
        app.schedule.callouts[0].at.to_rfc3339(),
        "2026-11-24T21:15:00+00:00"
    );
    assert_eq!(app.schedule.callouts[0].minutes, 45);

    run(&mut app, &[Action::RemoveCallout]);
    assert!(app.schedule.callouts.is_empty());
    assert!(app.cost_pay.callouts_estimated);

    run(&mut app, &[Action::Undo]);
    assert_eq!(app.schedule.callouts[0].minutes, 45);
    run(&mut app, &[Action::Undo]);
    assert_eq!(app.schedule.callouts[0].minutes, 90);
    assert!(!app.cost_pay.callouts_estimated);
    run(&mut app, &[Action::Undo]);
    assert!(app.schedule.callouts.is_empty());
    assert_eq!(app.cost_pay, before_pay, "back to the estimate");
    assert_eq!(app.derived.loads[person].pay, before_load);
}

#[test]
fn callouts_only_on_worked_nights_and_only_well_formed() {
    let mut app = worked();
    // A night after today: refused, nothing opens.
    app.slice = app
        .horizon()
        .index_of(date("2026-12-20"))
        .expect("in the horizon");
    run(&mut app, &[Action::AddCallout]);
    assert_eq!(app.mode, Mode::Normal);
    assert!(
        app.status.starts_with("Callouts are recorded on nights"),
        "{}",
        app.status
    );
    run(&mut app, &[Action::EditCallout, Action::RemoveCallout]);
    assert!(app.schedule.callouts.is_empty());
    assert!(!app.can_undo());

    // A worked night with nothing recorded: nothing to edit or remove.
    app.slice = app
        .horizon()
        .index_of(date("2026-11-24"))
        .expect("in the horizon");
    run(&mut app, &[Action::RemoveCallout]);
    assert_eq!(app.status, "No callout is recorded on this night");

    // Bad input says why and changes nothing.
    for bad in [
        "25:00 30 checkout-web",
        "03:00 lots checkout-web",
        "03:00 30 nowhere",
        "12:00 30 checkout-web",
    ] {
        run(&mut app, &[Action::AddCallout]);
        type_in(&mut app, bad);
        let why = app.prompt_error.clone().unwrap_or_default();
        assert!(why.starts_with("Not a callout"), "{bad}: {why}");
        assert!(matches!(&app.mode, Mode::Prompt { input, .. } if input == bad));
        run(&mut app, &[Action::Cancel]);
        assert!(app.schedule.callouts.is_empty());
    }
    assert!(!app.can_undo());
}

#[test]
fn a_callout_still_to_come_cannot_be_recorded() {
    // At 02:00 on 2 December the night of the 1st is still being worked:
    // 01:00 has happened, 05:00 has not.
    let mut app = worked();
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-02T02:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    app.advance_to(at);
    app.slice = app
        .horizon()
        .index_of(date("2026-12-01"))
        .expect("in the horizon");
    run(&mut app, &[Action::AddCallout]);
    type_in(&mut app, "05:00 20 checkout-web");
    let why = app.prompt_error.clone().unwrap_or_default();
    assert!(why.contains("05:00 has not happened yet"), "{why}");
    assert!(app.schedule.callouts.is_empty());
    run(&mut app, &[Action::Cancel]);
    run(&mut app, &[Action::AddCallout]);
    type_in(&mut app, "01:00 20 checkout-web");
    assert_eq!(app.schedule.callouts.len(), 1, "{:?}", app.prompt_error);
}
