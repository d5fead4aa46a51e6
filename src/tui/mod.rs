//! The interactive planner. `run` owns the terminal; everything else is the
//! model (`app`), the keymap, the theme, the views and the words they show
//! (`strings`).

pub mod app;
pub mod export;
pub mod keymap;
pub mod strings;
pub mod theme;
pub mod views;
pub mod widgets;

use std::path::Path;
use std::time::Duration;

use color_eyre::eyre::{Result, WrapErr};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use ratatui::crossterm::execute;

use app::{Action, App, Effect};
use keymap::{Key, Keymap};
use theme::Theme;

/// Whether the TUI can run here: it reads keys from standard input and
/// draws on standard output, so both must be a terminal. Checked before the
/// terminal is touched (no raw mode, no mouse reporting) or anything created.
pub fn has_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// The example organisation, for `rota` run where there is no example file;
/// the first save writes it out at [`EXAMPLE_PATH`].
pub const EXAMPLE: &str = include_str!("../../schedules/example.toml");
pub const EXAMPLE_PATH: &str = "schedules/example.toml";

/// Runs the TUI until the user quits. The terminal is restored on return,
/// on error and on panic; a terminal that cannot be set up is an error, not
/// a crash, and mouse reporting is switched on only once it is.
pub fn run(mut app: App, keymap: Keymap, theme: Theme) -> Result<()> {
    app.background = true;
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    let _ = execute!(std::io::stdout(), event::EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut app, &keymap, &theme);
    let _ = execute!(std::io::stdout(), event::DisableMouseCapture);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    keymap: &Keymap,
    theme: &Theme,
) -> Result<()> {
    // The help overlay's length with these keys, for its scrolling.
    app.help_len = views::help_len(keymap);
    while app.running {
        if app.follow_clock {
            app.advance_to(chrono::Utc::now());
        }
        let size = terminal.size()?;
        app.body_rows = views::body_rows(
            &views::Ui { app, keymap, theme },
            ratatui::layout::Rect::new(0, 0, size.width, size.height),
        );
        app.body_cols = size.width;
        app.overview_len = views::overview_len(
            &views::Ui { app, keymap, theme },
            ratatui::layout::Rect::new(0, 0, size.width, size.height),
        );
        terminal.draw(|frame| views::draw(frame, &views::Ui { app, keymap, theme }))?;
        // While work goes on off the keystroke's path, look for its result
        // often; otherwise wake up now and then only.
        let wait = if app.is_rebuilding() {
            // The grid is not shown until it is in.
            5
        } else if app.is_busy() || app.is_checking() {
            20
        } else {
            250
        };
        if !event::poll(Duration::from_millis(wait))? {
            app.poll_background();
            continue;
        }
        app.poll_background();
        let action = match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                Key::from_event(k).and_then(|key| keymap.action(&app.mode, app.tab, key))
            }
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) if m.row == 0 => {
                    views::tab_at(m.column, terminal.size()?.width).map(Action::GoTab)
                }
                MouseEventKind::Down(MouseButton::Left) => {
                    let size = terminal.size()?;
                    let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
                    let ui = views::Ui { app, keymap, theme };
                    views::rota_cell_at(&ui, area, m.column, m.row)
                        .map(|(r, role, d)| Action::SelectCell(r, role, d))
                }
                MouseEventKind::ScrollDown => Some(Action::Down),
                MouseEventKind::ScrollUp => Some(Action::Up),
                _ => None,
            },
            // A resize just redraws.
            _ => None,
        };
        if let Some(action) = action {
            for effect in app::update(app, action) {
                perform(app, effect);
            }
        }
    }
    Ok(())
}

/// Carries out an effect, reporting the outcome in the status line.
pub fn perform(app: &mut App, effect: Effect) {
    // Saving and exporting see every finding.
    app.settle();
    match effect {
        Effect::Quit => app.running = false,
        Effect::Save => {
            if let Err(e) = save(app) {
                app.status = strings::not_saved(e);
            }
        }
        Effect::SaveAndQuit => match save(app) {
            Ok(()) => app.running = false,
            Err(e) => app.status = strings::not_saved_not_quitting(e),
        },
        Effect::ExportIfNew(path) if path.exists() => {
            app.mode = app::Mode::ConfirmReplace(path);
        }
        Effect::Export(path) | Effect::ExportIfNew(path) => {
            app.status = match export::export_to(app, &path) {
                Ok(what) => strings::exported(&what, path.display()),
                Err(e) => strings::not_exported(e),
            };
        }
    }
}

/// Saves the schedule and, when it was edited, the organisation file, both
/// atomically; the organisation file keeps its comments and layout.
pub fn save(app: &mut App) -> Result<()> {
    let org_text = if app.org_edited() || !app.org_path.exists() {
        let text = rota_core::org::edit::apply(&app.org_text, &app.org_saved, &app.org)?;
        // The built-in example is written out on its first save, and only
        // then: starting the TUI creates nothing. Any other missing
        // directory is the user's to create.
        let example = Path::new(EXAMPLE_PATH);
        if app.org_path == example
            && let Some(dir) = example.parent()
        {
            std::fs::create_dir_all(dir)
                .wrap_err_with(|| format!("cannot create {}", dir.display()))?;
        }
        rota_core::input::storage::write_atomic(&app.org_path, text.as_bytes())
            .wrap_err_with(|| format!("cannot write {}", app.org_path.display()))?;
        text
    } else {
        app.org_text.clone()
    };
    let schedule = app.schedule_to_save(&org_text);
    rota_core::schedule::save_schedule(&app.schedule_path, &schedule)
        .wrap_err_with(|| format!("cannot write {}", app.schedule_path.display()))?;
    app.schedule = schedule;
    app.saved(org_text);
    Ok(())
}

/// The config directory: `--config DIR`, else `ROTA_CONFIG_DIR`, else the
/// platform's (e.g. `~/.config/rota`).
pub fn config_dir(flag: Option<&Path>) -> Option<std::path::PathBuf> {
    if let Some(dir) = flag {
        return Some(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os("ROTA_CONFIG_DIR") {
        return Some(dir.into());
    }
    directories::ProjectDirs::from("", "", "rota").map(|d| d.config_dir().to_path_buf())
}
