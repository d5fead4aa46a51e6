//! One keystroke's work in the TUI on a 1,000-person and a 10,000-person
//! organisation (100 and 1,000 teams of 10, a 13-week plan): the edit, what
//! the keystroke recomputes (the grid after a schedule edit) and a full
//! redraw into a 120x40 test terminal, with the checks and costs (and after
//! an organisation edit the rotas' coverage, the grid and the typical year)
//! worked out in the background as the TUI does it; and separately the time
//! until those are in.

use std::path::PathBuf;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rota::tui::app::{Action, App, Tab, update};
use rota::tui::keymap::Keymap;
use rota::tui::theme::Theme;
use rota::tui::views::{Ui, draw};

fn big_app(teams: usize) -> App {
    let text = rota_core::org::generate::generate_org_toml(teams, 10, 7);
    let org =
        rota_core::org::parse_organisation("big.toml", &text).expect("the generator's file loads");
    App::new(
        PathBuf::from("big.toml"),
        text,
        org,
        PathBuf::from("big.schedule.toml"),
        None,
        NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date"),
    )
}

fn keystroke(c: &mut Criterion) {
    for teams in [100, 1_000] {
        keystrokes(c, teams);
    }
}

fn keystrokes(c: &mut Criterion, teams: usize) {
    let size = format!("{} people", teams * 10);
    let keymap = Keymap::defaults();
    let theme = Theme::colour();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut app = big_app(teams);
    let redraw = |app: &App, terminal: &mut Terminal<TestBackend>| {
        terminal
            .draw(|f| {
                draw(
                    f,
                    &Ui {
                        app,
                        keymap: &keymap,
                        theme: &theme,
                    },
                )
            })
            .expect("draws");
    };

    // As the TUI runs: the grid on the keystroke, the schedule's findings,
    // pay and loads (and after an organisation edit its typical year) on
    // other threads.
    app.background = true;

    // A schedule edit: pin/unpin the shift under the cursor on the Rota tab.
    // The worker keeps working on the latest edit meanwhile, on the other
    // core.
    app.tab = Tab::Rota;
    c.bench_function(
        &format!("tui: pin a shift + redraw, checks in the background ({size})"),
        |b| {
            b.iter(|| {
                update(&mut app, Action::TogglePin);
                redraw(&app, &mut terminal);
            })
        },
    );
    app.settle();

    // Undo and redo that pin, a key at a time: the schedule is resolved
    // again and the grid rebuilt on the keystroke.
    update(&mut app, Action::TogglePin);
    let mut undo = true;
    c.bench_function(
        &format!("tui: undo or redo a pin + redraw, checks in the background ({size})"),
        |b| {
            b.iter(|| {
                update(&mut app, if undo { Action::Undo } else { Action::Redo });
                undo = !undo;
                redraw(&app, &mut terminal);
            })
        },
    );
    app.settle();

    // The same until the findings, pay and loads are in and drawn.
    c.bench_function(
        &format!("tui: pin a shift until the checks are in + redraw ({size})"),
        |b| {
            b.iter(|| {
                update(&mut app, Action::TogglePin);
                redraw(&app, &mut terminal);
                app.settle();
                redraw(&app, &mut terminal);
            })
        },
    );

    // The same edit on the Costs tab with a month chosen: the month is
    // re-costed too (in the background), and the charts redrawn.
    app.tab = Tab::Costs;
    update(&mut app, Action::NextPeriod);
    update(&mut app, Action::NextPeriod);
    c.bench_function(
        &format!(
            "tui: pin a shift on Costs, one month + redraw, checks in the background ({size})"
        ),
        |b| {
            b.iter(|| {
                update(&mut app, Action::TogglePin);
                redraw(&app, &mut terminal);
            })
        },
    );
    app.settle();
    app.cost_month = None;

    // An organisation edit: opt a person out and back in, as the TUI runs
    // it: the keystroke makes the edit (on a copy of the organisation made
    // in the background beforehand) and hands the coverage, the grid, the
    // typical year and the checks to other threads. Timed from a keystroke
    // made with nothing left in the background (a person types slower than
    // that work takes), which is left to finish, untimed, after each.
    app.tab = Tab::People;
    app.settle();
    c.bench_function(
        &format!("tui: opt in/out + redraw, the rotas and checks in the background ({size})"),
        |b| {
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let start = std::time::Instant::now();
                    update(&mut app, Action::ToggleOptIn);
                    // From when: today, as the prompt offers.
                    update(&mut app, Action::Select);
                    redraw(&app, &mut terminal);
                    spent += start.elapsed();
                    app.settle();
                }
                spent
            })
        },
    );
    app.settle();

    // The same keys back to back, each edit made on top of the last one's
    // work still going on (and the organisation copied on the keystroke, the
    // copy made beforehand not being ready).
    c.bench_function(
        &format!(
            "tui: opt in/out back to back + redraw, the rotas and checks in the background ({size})"
        ),
        |b| {
            b.iter(|| {
                update(&mut app, Action::ToggleOptIn);
                update(&mut app, Action::Select);
                redraw(&app, &mut terminal);
            })
        },
    );
    app.settle();

    // An undo and a redo of an opt-out, a key at a time, from a keystroke
    // made with nothing left in the background.
    update(&mut app, Action::ToggleOptIn);
    update(&mut app, Action::Select);
    app.settle();
    let mut undo = true;
    c.bench_function(
        &format!(
            "tui: undo or redo an opt-out + redraw, the rotas and checks in the background ({size})"
        ),
        |b| {
            b.iter_custom(|iters| {
                let mut spent = std::time::Duration::ZERO;
                for _ in 0..iters {
                    let start = std::time::Instant::now();
                    update(&mut app, if undo { Action::Undo } else { Action::Redo });
                    redraw(&app, &mut terminal);
                    spent += start.elapsed();
                    undo = !undo;
                    app.settle();
                }
                spent
            })
        },
    );
    app.settle();

    // The same until everything is in and drawn.
    c.bench_function(
        &format!("tui: opt in/out until the rotas and analyses are in + redraw ({size})"),
        |b| {
            b.iter(|| {
                update(&mut app, Action::ToggleOptIn);
                update(&mut app, Action::Select);
                redraw(&app, &mut terminal);
                app.settle();
                redraw(&app, &mut terminal);
            })
        },
    );
    app.settle();
    app.background = false;

    // Moving the cursor on People: a redraw of the rows on screen.
    app.tab = Tab::People;
    c.bench_function(
        &format!("tui: move the cursor on People + redraw ({size})"),
        |b| {
            b.iter(|| {
                update(&mut app, Action::Down);
                update(&mut app, Action::Up);
                redraw(&app, &mut terminal);
            })
        },
    );

    // Moving the cursor: a redraw only.
    app.tab = Tab::Rota;
    c.bench_function(&format!("tui: move the cursor + redraw ({size})"), |b| {
        b.iter(|| {
            update(&mut app, Action::Right);
            update(&mut app, Action::Left);
            redraw(&app, &mut terminal);
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = keystroke
}
criterion_main!(benches);
