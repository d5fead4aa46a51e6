//! The one place state changes: an [`Action`] in, the state edited, and the
//! [`Effect`]s the run loop must carry out back.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};

use rota_core::org::TimeOff;
use rota_core::schedule::{self, Role};

use crate::tui::strings;

use super::action::{Action, Effect};
use super::derived::CellState;
use super::model::{App, Edited, Mode, PromptKind, Tab};

/// Parses `FROM TO [reason…]`.
pub fn parse_time_off(input: &str) -> Result<TimeOff, String> {
    let mut words = input.split_whitespace();
    let date = |w: Option<&str>, what: &str| -> Result<NaiveDate, String> {
        let w = w.ok_or_else(|| strings::missing_date(what))?;
        NaiveDate::parse_from_str(w, "%Y-%m-%d").map_err(|_| strings::not_a_date(w))
    };
    let from = date(words.next(), "first")?;
    let to = date(words.next(), "last")?;
    if to < from {
        return Err(strings::before(to, from));
    }
    let reason = words.collect::<Vec<_>>().join(" ");
    Ok(TimeOff {
        from,
        to,
        reason: if reason.is_empty() {
            strings::TIME_OFF_REASON.into()
        } else {
            reason
        },
    })
}

fn step(i: usize, n: usize, down: bool) -> usize {
    if n == 0 {
        0
    } else if down {
        (i + 1).min(n - 1)
    } else {
        i.saturating_sub(1)
    }
}

/// Whether the key acts on the rotas' coverage or the grid, which after an
/// organisation edit may still be being worked out: it then waits for them.
/// Moving about, typing, another organisation edit (made on top of the one
/// pending) and undo or redo (worked out again in the background) do not
/// wait; saving and exporting wait for everything when they are carried out.
fn needs_grid(app: &App, action: &Action) -> bool {
    match &app.mode {
        Mode::Prompt { kind, .. } => {
            *action == Action::Select
                && !matches!(
                    kind,
                    PromptKind::Exposure(_) | PromptKind::OptFrom(..) | PromptKind::TimeOff(_)
                )
        }
        Mode::Help | Mode::ConfirmQuit | Mode::ConfirmReplace(_) => false,
        Mode::Picker { .. } | Mode::ConfirmPick { .. } => true,
        Mode::Normal | Mode::Changes(_) => match action {
            Action::Quit
            | Action::Help
            | Action::NextTab
            | Action::PrevTab
            | Action::GoTab(_)
            | Action::Cancel
            | Action::Save
            | Action::Export
            | Action::Undo
            | Action::Redo
            | Action::ToggleOptIn
            | Action::EditExposure
            | Action::AddTimeOff
            | Action::RemoveTimeOff
            | Action::Input(_)
            | Action::Backspace
            | Action::ClearInput
            | Action::Confirm => false,
            // The grid is what the Rota tab shows: its keys wait for it.
            Action::Up
            | Action::Down
            | Action::Left
            | Action::Right
            | Action::NextWeek
            | Action::PrevWeek
            | Action::NextMonth
            | Action::PrevMonth => app.tab == Tab::Rota,
            // Enter on Services edits the exposure.
            Action::Select => app.tab != Tab::Services,
            _ => true,
        },
    }
}

/// The one place state changes.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if app.is_rebuilding() && needs_grid(app, &action) {
        app.settle_grid();
    }
    match app.mode.clone() {
        Mode::Changes(_) => {
            // The up and down keys scroll it, stopping with the last page
            // in view.
            match action {
                Action::Down => {
                    app.changes_scroll = (app.changes_scroll + 1).min(app.changes_max_scroll());
                    return Vec::new();
                }
                Action::Up => {
                    app.changes_scroll = app.changes_scroll.saturating_sub(1);
                    return Vec::new();
                }
                _ => {}
            }
            // Any other key shuts it; a close key does nothing more,
            // another goes on to do what it does.
            app.mode = Mode::Normal;
            if matches!(
                action,
                Action::Cancel | Action::Help | Action::Select | Action::Quit
            ) {
                return Vec::new();
            }
        }
        Mode::Help => {
            match action {
                Action::Cancel | Action::Help | Action::Select | Action::Quit => {
                    app.mode = Mode::Normal
                }
                // Scrolls, stopping with the last page in view.
                Action::Down => app.help_scroll = (app.help_scroll + 1).min(app.help_max_scroll()),
                Action::Up => app.help_scroll = app.help_scroll.saturating_sub(1),
                _ => {}
            }
            return Vec::new();
        }
        Mode::ConfirmQuit => {
            return match action {
                Action::Confirm => {
                    app.running = false;
                    vec![Effect::Quit]
                }
                Action::Save => {
                    app.mode = Mode::Normal;
                    vec![Effect::SaveAndQuit]
                }
                _ => {
                    app.mode = Mode::Normal;
                    app.status = strings::NOT_QUITTING.into();
                    Vec::new()
                }
            };
        }
        Mode::Picker {
            candidates,
            selected,
        } => {
            match action {
                Action::Up | Action::Down => {
                    let s = step(selected, candidates.len(), action == Action::Down);
                    app.mode = Mode::Picker {
                        candidates,
                        selected: s,
                    };
                }
                Action::Select | Action::Assign => {
                    app.mode = Mode::Normal;
                    if let Some(&person) = candidates.get(selected) {
                        let notes = app.pick_notes(app.rota_row, app.rota_role, app.slice, person);
                        if notes.holder {
                            app.status = strings::already_holds(&app.org.people[person].name);
                        } else if notes.hard() {
                            app.mode = Mode::ConfirmPick {
                                candidates,
                                selected,
                            };
                        } else {
                            assign(app, person);
                        }
                    }
                }
                Action::Cancel | Action::Quit => app.mode = Mode::Normal,
                _ => {}
            }
            return Vec::new();
        }
        Mode::ConfirmReplace(path) => {
            app.mode = Mode::Normal;
            if action == Action::Confirm {
                return vec![Effect::Export(path)];
            }
            app.status = strings::NOT_REPLACED.into();
            return Vec::new();
        }
        Mode::ConfirmPick {
            candidates,
            selected,
        } => {
            match action {
                Action::Confirm => {
                    app.mode = Mode::Normal;
                    if let Some(&person) = candidates.get(selected) {
                        assign(app, person);
                    }
                }
                _ => {
                    // Back to the picker as it was, to choose someone else.
                    app.mode = Mode::Picker {
                        candidates,
                        selected,
                    };
                    app.status = strings::PICK_NOT_GIVEN.into();
                }
            }
            return Vec::new();
        }
        Mode::Prompt { kind, mut input } => {
            match action {
                Action::Input(c) => {
                    input.push(c);
                    app.mode = Mode::Prompt { kind, input };
                }
                Action::Backspace => {
                    input.pop();
                    app.mode = Mode::Prompt { kind, input };
                }
                Action::ClearInput => {
                    app.mode = Mode::Prompt {
                        kind,
                        input: String::new(),
                    }
                }
                Action::Cancel => {
                    app.mode = Mode::Normal;
                    app.prompt_error = None;
                }
                Action::Select => {
                    app.mode = Mode::Normal;
                    app.prompt_error = None;
                    let effects = submit(app, kind.clone(), input.trim());
                    if app.prompt_error.is_some() {
                        // Not read: the text stays, to be put right.
                        app.mode = Mode::Prompt { kind, input };
                    }
                    return effects;
                }
                _ => {}
            }
            return Vec::new();
        }
        Mode::Normal => {}
    }

    match action {
        Action::Quit => {
            if app.unsaved() {
                app.mode = Mode::ConfirmQuit;
            } else {
                app.running = false;
                return vec![Effect::Quit];
            }
        }
        Action::Help => {
            app.mode = Mode::Help;
            app.help_scroll = 0;
        }
        Action::NextTab => app.tab = Tab::ALL[(app.tab.index() + 1) % Tab::ALL.len()],
        Action::PrevTab => {
            app.tab = Tab::ALL[(app.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
        }
        Action::GoTab(t) => app.tab = t,
        Action::Up | Action::Down => {
            let down = action == Action::Down;
            match app.tab {
                Tab::Services => {
                    app.service_row = step(app.service_row, app.org.services.len(), down)
                }
                Tab::People => app.person_row = step(app.person_row, app.org.people.len(), down),
                // Costs: down and up its per-person chart, best paid first;
                // someone it does not chart (no pay) goes to its top.
                Tab::Costs => {
                    let order = app.costs_order();
                    if let Some(&first) = order.first() {
                        app.person_row = match order.iter().position(|&p| p == app.person_row) {
                            Some(at) => order[step(at, order.len(), down)],
                            None => first,
                        };
                    }
                }
                // Down and up the grid's rows: a rota's primaries, its
                // secondaries when it has any, the next rota's primaries.
                Tab::Rota => {
                    let rows = app.rota_rows();
                    let at = rows
                        .iter()
                        .position(|&r| r == (app.rota_row, app.rota_role))
                        .unwrap_or(0);
                    if let Some(&(rota, role)) = rows.get(step(at, rows.len(), down)) {
                        app.rota_row = rota;
                        app.rota_role = role;
                    }
                }
                Tab::Warnings => {
                    app.warning_row = step(app.warning_row, app.derived.warnings.len(), down)
                }
                // Overview: scrolls when it does not fit, stopping with its
                // last line in view.
                Tab::Overview => {
                    let max = app
                        .overview_len
                        .saturating_sub(app.body_rows.saturating_sub(2) as usize);
                    app.overview_scroll = if down {
                        (app.overview_scroll + 1).min(max)
                    } else {
                        app.overview_scroll.saturating_sub(1)
                    };
                }
            }
        }
        Action::Left => move_slice(app, -1),
        Action::Right => move_slice(app, 1),
        Action::NextWeek => move_slice(app, 7),
        Action::PrevWeek => move_slice(app, -7),
        Action::NextMonth | Action::PrevMonth => {
            let date = app.horizon().date(app.slice);
            let target = if action == Action::NextMonth {
                date.checked_add_months(chrono::Months::new(1))
            } else {
                date.checked_sub_months(chrono::Months::new(1))
            };
            if let Some(t) = target {
                let t = t
                    .with_day(1)
                    .filter(|_| action == Action::NextMonth)
                    .unwrap_or(t);
                let delta = (t - date).num_days();
                move_slice(app, delta);
            }
        }
        Action::NextPeriod => {
            let n = app.months().len();
            app.cost_month = match app.cost_month {
                None if n > 0 => Some(0),
                Some(m) if m + 1 < n => Some(m + 1),
                Some(_) | None => None,
            };
            app.refresh_cost_pay();
        }
        Action::PrevPeriod => {
            let n = app.months().len();
            app.cost_month = match app.cost_month {
                None => n.checked_sub(1),
                Some(0) => None,
                Some(m) => Some(m - 1),
            };
            app.refresh_cost_pay();
        }
        Action::Undo => {
            app.status = if app.undo_edit() {
                strings::UNDONE
            } else {
                strings::NOTHING_TO_UNDO
            }
            .into();
        }
        Action::Redo => {
            app.status = if app.redo_edit() {
                strings::REDONE
            } else {
                strings::NOTHING_TO_REDO
            }
            .into();
        }
        Action::Save => return vec![Effect::Save],
        Action::Export => {
            app.prompt_error = None;
            app.mode = Mode::Prompt {
                kind: PromptKind::Export,
                input: app.export_default(),
            }
        }
        Action::Select => match app.tab {
            Tab::Rota => open_picker(app),
            Tab::Services => return update(app, Action::EditExposure),
            Tab::Warnings => jump(app),
            _ => {}
        },
        Action::Cancel => app.status.clear(),
        Action::EditExposure => {
            if let Some(s) = app.org.services.get(app.service_row) {
                app.mode = Mode::Prompt {
                    kind: PromptKind::Exposure(app.service_row),
                    input: format!(
                        "{} {}",
                        rota_core::display::format_exposure(s.hourly_exposure).replace(',', ""),
                        app.today
                    ),
                };
            }
        }
        Action::AddTimeOff => {
            if app.person_row < app.org.people.len() {
                let d = app.horizon().date(app.slice);
                app.mode = Mode::Prompt {
                    kind: PromptKind::TimeOff(app.person_row),
                    input: format!("{d} {d} {}", strings::TIME_OFF_REASON),
                };
            }
        }
        Action::RemoveTimeOff => {
            let p = app.person_row;
            app.edit(strings::TIME_OFF_REMOVED, |app| {
                p < app.org.people.len()
                    && !app.org.people[p].time_off.is_empty()
                    && app.org_mut().people.edit(p).time_off.pop().is_some()
            });
        }
        Action::ToggleOptIn => {
            let p = app.person_row;
            if let Some(person) = app.org.people.get(p) {
                let opt_in = !person.on_call_on(app.today);
                app.mode = Mode::Prompt {
                    kind: PromptKind::OptFrom(p, opt_in),
                    input: app.today.to_string(),
                };
            }
        }
        Action::Assign => open_picker(app),
        Action::TogglePin | Action::Split | Action::Clear
            if app.is_history_cell(app.rota_row, app.rota_role, app.slice) =>
        {
            app.status = strings::HISTORY_REFUSED.into();
        }
        Action::TogglePin => {
            if let Some(a) = app.assignment_at(app.rota_row, app.rota_role, app.slice) {
                app.edit(strings::PIN_TOGGLED, |app| {
                    let s = &mut app.schedule.shifts[a.shift];
                    s.pinned = !s.pinned;
                    true
                });
            }
        }
        Action::Split => {
            if let Some(a) = app.assignment_at(app.rota_row, app.rota_role, app.slice) {
                let slice = app.slice;
                let edited = app.edit(strings::SHIFT_SPLIT, |app| {
                    schedule::edit::split_shift(
                        &mut app.schedule,
                        &app.derived.coverage,
                        a.shift,
                        a.first_slice,
                        a.slices,
                        slice,
                    )
                });
                if edited == Edited::Unchanged {
                    app.status = strings::SPLIT_REFUSED.into();
                }
            }
        }
        Action::Clear => {
            if let Some(a) = app.assignment_at(app.rota_row, app.rota_role, app.slice) {
                app.edit(strings::SHIFT_CLEARED, |app| {
                    app.schedule.shifts.remove(a.shift);
                    true
                });
            }
        }
        Action::SelectCell(rota, role, slice) => {
            if rota < app.derived.coverage.rotas.len()
                && slice < app.horizon().len()
                && (role == Role::Primary || app.has_secondary_row(rota))
            {
                app.rota_row = rota;
                app.rota_role = role;
                app.slice = slice;
            }
        }
        Action::ShowPerson => match app.cell_in(app.rota_row, app.rota_role, app.slice) {
            CellState::Filled { person, .. } => {
                app.tab = Tab::People;
                app.person_row = person;
            }
            _ => app.status = strings::NOBODY_ON_NIGHT.into(),
        },
        Action::Replan => {
            let before = app.schedule.clone();
            let edited = app.edit("", |app| {
                let plan = rota_core::planner::plan(
                    &app.org,
                    &app.derived.coverage,
                    &rota_core::planner::PlanOptions {
                        existing: Some(&app.schedule),
                        previous: None,
                        now: Some(app.now()),
                    },
                );
                let changed = plan.shifts != app.schedule.shifts;
                app.schedule.shifts = plan.shifts;
                app.schedule.sort();
                changed
            });
            app.status = match edited {
                Edited::Unchanged => strings::REPLAN_UNCHANGED.into(),
                Edited::Changed => {
                    show_changes(app, &before);
                    strings::replanned(&what_moved(app, &before))
                }
            };
        }
        Action::Extend => extend(app),
        Action::AddCallout => match worked_night(app) {
            Ok((rota, day, person)) => {
                app.mode = Mode::Prompt {
                    kind: PromptKind::Callout {
                        rota,
                        day,
                        person,
                        replace: None,
                    },
                    input: format!("02:00 30 {}", default_service(app, rota, day)),
                }
            }
            Err(why) => app.status = why.into(),
        },
        Action::EditCallout => match worked_night(app) {
            Ok((rota, day, person)) => match night_callouts(app, rota, day, person).last() {
                Some(&i) => {
                    let c = &app.schedule.callouts[i];
                    let local = c.at.with_timezone(&app.org.timezone);
                    app.mode = Mode::Prompt {
                        kind: PromptKind::Callout {
                            rota,
                            day,
                            person,
                            replace: Some(i),
                        },
                        input: format!("{} {} {}", local.format("%H:%M"), c.minutes, c.service),
                    }
                }
                None => app.status = strings::NO_CALLOUT_HERE.into(),
            },
            Err(why) => app.status = why.into(),
        },
        Action::RemoveCallout => match worked_night(app) {
            Ok((rota, day, person)) => match night_callouts(app, rota, day, person).last() {
                Some(&i) => {
                    app.edit(strings::CALLOUT_REMOVED, |app| {
                        app.schedule.callouts.remove(i);
                        true
                    });
                }
                None => app.status = strings::NO_CALLOUT_HERE.into(),
            },
            Err(why) => app.status = why.into(),
        },
        Action::Input(_) | Action::Backspace | Action::ClearInput | Action::Confirm => {}
    }
    Vec::new()
}

/// The rota, night and person under the cursor when that night has been
/// worked (a filled cell before today): callouts are facts, not plans.
fn worked_night(app: &App) -> Result<(usize, usize, usize), &'static str> {
    let (rota, day) = (app.rota_row, app.slice);
    match app.cell_in(rota, app.rota_role, day) {
        CellState::Filled { person, .. }
            if app.tab == Tab::Rota && app.horizon().date(day) < app.today =>
        {
            Ok((rota, day, person))
        }
        _ => Err(strings::CALLOUT_NOT_WORKED),
    }
}

/// The recorded callouts of a person on a rota's night, by time.
fn night_callouts(app: &App, rota: usize, day: usize, person: usize) -> Vec<usize> {
    let (rota_id, person_id) = (
        &app.derived.coverage.rotas[rota].id,
        &app.org.people[person].id,
    );
    let mut out: Vec<usize> = (0..app.schedule.callouts.len())
        .filter(|&i| {
            let c = &app.schedule.callouts[i];
            &c.rota == rota_id
                && &c.person == person_id
                && rota_core::analysis::callouts::slice_at(
                    &app.derived.coverage,
                    c.at.with_timezone(&chrono::Utc),
                ) == Some(day)
        })
        .collect();
    out.sort_by_key(|&i| app.schedule.callouts[i].at);
    out
}

/// The first service of the teams the rota covers that night.
fn default_service(app: &App, rota: usize, day: usize) -> String {
    app.derived
        .coverage
        .cover(rota, day)
        .and_then(|c| {
            c.teams
                .iter()
                .find_map(|&t| app.org.team_services(t).next())
        })
        .or(if app.org.services.is_empty() {
            None
        } else {
            Some(0)
        })
        .map(|s| app.org.services[s].id.clone())
        .unwrap_or_default()
}

/// Reads `HH:MM MINUTES SERVICE` into a callout on the night of `day`: the
/// time is local, on the night's evening or the next morning, whichever
/// lies in the night's slice.
pub fn parse_callout(
    app: &App,
    rota: usize,
    day: usize,
    person: usize,
    input: &str,
) -> Result<schedule::Callout, String> {
    use chrono::TimeZone;
    let mut words = input.split_whitespace();
    let time = words
        .next()
        .and_then(|w| chrono::NaiveTime::parse_from_str(w, "%H:%M").ok())
        .ok_or_else(|| strings::not_a_callout("the time is not HH:MM"))?;
    let minutes = words
        .next()
        .and_then(|w| w.parse::<u32>().ok())
        .filter(|&m| m <= schedule::import::MAX_MINUTES)
        .ok_or_else(|| strings::not_a_callout("minutes is not a whole number up to a week"))?;
    let service = words
        .next()
        .ok_or_else(|| strings::not_a_callout("no service"))?;
    if app.org.service_index(service).is_none() {
        return Err(strings::not_a_callout(format!("no service `{service}`")));
    }
    let slice = &app.derived.coverage.slices[day];
    let date = app.horizon().date(day);
    let at = [date, date + chrono::Days::new(1)]
        .into_iter()
        .filter_map(|d| {
            app.org
                .timezone
                .from_local_datetime(&d.and_time(time))
                .earliest()
        })
        .map(|t| t.with_timezone(&chrono::Utc))
        .find(|t| slice.start <= *t && *t < slice.end)
        .ok_or_else(|| {
            strings::not_a_callout(format!(
                "{} is not in the night of {date}",
                time.format("%H:%M")
            ))
        })?;
    // A callout is a fact: one still to come cannot be recorded.
    if at >= app.now() {
        return Err(strings::not_a_callout(format!(
            "{} has not happened yet",
            time.format("%H:%M")
        )));
    }
    Ok(schedule::Callout {
        rota: app.derived.coverage.rotas[rota].id.clone(),
        person: app.org.people[person].id.clone(),
        at: at.fixed_offset(),
        minutes,
        service: service.to_string(),
    })
}

fn move_slice(app: &mut App, delta: i64) {
    let n = app.horizon().len() as i64;
    if n == 0 {
        return;
    }
    app.slice = (app.slice as i64 + delta).clamp(0, n - 1) as usize;
}

fn open_picker(app: &mut App) {
    if app.tab != Tab::Rota {
        return;
    }
    if app.is_history_cell(app.rota_row, app.rota_role, app.slice) {
        app.status = strings::HISTORY_REFUSED.into();
        return;
    }
    // The picker orders people by their load as it is now.
    app.settle();
    let candidates = app.candidates(app.rota_row, app.rota_role, app.slice);
    if candidates.is_empty() {
        app.status = strings::NO_CANDIDATES.into();
        return;
    }
    // On the best choice: the holder, if any, is listed last.
    app.mode = Mode::Picker {
        candidates,
        selected: 0,
    };
}

/// Gives the cell (the cursor's rota, role and night) to a person: the
/// whole shift when one is there (a swap), else the role's shift window
/// around the slice.
fn assign(app: &mut App, person: usize) {
    let (rota, role, slice) = (app.rota_row, app.rota_role, app.slice);
    if app.is_history_cell(rota, role, slice) {
        app.status = strings::HISTORY_REFUSED.into();
        return;
    }
    let given = strings::shift_given(&app.org.people[person].name, role);
    if let Some(a) = app.assignment_at(rota, role, slice) {
        if a.person == person {
            return;
        }
        app.edit(&given, |app| {
            app.schedule.shifts[a.shift].person = app.org.people[person].id.clone();
            true
        });
        return;
    }
    if app.cell_in(rota, role, slice) != CellState::Unfilled {
        return;
    }
    // Only the still-empty run of slices around the cursor inside its window.
    let std::ops::Range { start: lo, end: hi } = app.pick_range(rota, role, slice);
    if let Some(shift) = schedule::edit::make_role_shift(
        &app.org,
        &app.derived.coverage,
        rota,
        lo,
        hi - lo,
        person,
        role,
    ) {
        // The cursor stays on the night just filled, so the grid keeps
        // showing what was done.
        app.edit(&given, |app| {
            app.schedule.shifts.push(shift);
            app.schedule.sort();
            true
        });
    }
}

/// Carries out a prompt's entry. An entry that cannot be read leaves its
/// reason in `app.prompt_error`, and the caller keeps the prompt open with
/// the text as typed.
fn submit(app: &mut App, kind: PromptKind, input: &str) -> Vec<Effect> {
    match kind {
        PromptKind::Exposure(s) => {
            let mut words = input.split_whitespace();
            let value = words.next().unwrap_or("");
            let from = match words
                .next()
                .map(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d"))
            {
                None => Ok(app.today),
                Some(Ok(d)) => Ok(d),
                Some(Err(_)) => Err(()),
            };
            match (value.replace([',', '_'], "").parse::<f64>(), from) {
                (Ok(_), Ok(from)) if from < app.today => {
                    app.prompt_error = Some(strings::not_before_today(from, app.today))
                }
                (Ok(x), Ok(from)) if x.is_finite() && x >= 0.0 => {
                    let id = app.org.services[s].id.clone();
                    let edited = app.edit(&strings::exposure_set(&id, from), |app| {
                        rota_core::org::edit::set_exposure_from(
                            &mut app.org_mut().services.edit(s),
                            x,
                            from,
                        )
                    });
                    if edited == Edited::Unchanged {
                        app.status = strings::unchanged_before(from);
                    }
                }
                (Ok(_), Err(())) => {
                    app.prompt_error = Some(strings::not_a_date(
                        input.split_whitespace().nth(1).unwrap_or(""),
                    ))
                }
                _ => app.prompt_error = Some(strings::not_an_exposure(value)),
            }
        }
        PromptKind::OptFrom(p, opt_in) => match NaiveDate::parse_from_str(input, "%Y-%m-%d") {
            Ok(from) if from < app.today => {
                app.prompt_error = Some(strings::not_before_today(from, app.today))
            }
            Ok(from) => {
                let msg = strings::opted(&app.org.people[p].name, opt_in, from);
                let edited = app.edit(&msg, |app| {
                    rota_core::org::edit::set_on_call_from(
                        &mut app.org_mut().people.edit(p),
                        opt_in,
                        from,
                    )
                });
                if edited == Edited::Unchanged {
                    app.status = strings::unchanged_before(from);
                }
            }
            Err(_) => app.prompt_error = Some(strings::not_a_date(input)),
        },
        PromptKind::TimeOff(p) => match parse_time_off(input) {
            Ok(t) => {
                let msg = strings::time_off_added(&app.org.people[p].name);
                app.edit(&msg, |app| {
                    app.org_mut().people.edit(p).time_off.push(t);
                    true
                });
            }
            Err(e) => app.prompt_error = Some(e),
        },
        PromptKind::Callout {
            rota,
            day,
            person,
            replace,
        } => match parse_callout(app, rota, day, person, input) {
            Ok(c) => {
                let local = c.at.with_timezone(&app.org.timezone);
                let msg = strings::callout_recorded(
                    &app.org.people[person].name,
                    local.format("%Y-%m-%d %H:%M"),
                );
                let edited = app.edit(&msg, |app| {
                    match replace {
                        Some(i) if app.schedule.callouts.get(i) == Some(&c) => return false,
                        Some(i) if i < app.schedule.callouts.len() => app.schedule.callouts[i] = c,
                        _ => app.schedule.callouts.push(c),
                    }
                    app.schedule.sort();
                    true
                });
                if edited == Edited::Unchanged {
                    app.status = strings::CALLOUT_UNCHANGED.into();
                }
            }
            Err(e) => app.prompt_error = Some(e),
        },
        PromptKind::Export => {
            if input.is_empty() {
                app.prompt_error = Some(strings::NO_EXPORT_PATH.into());
            } else {
                app.export_path = input.to_string();
                return vec![Effect::ExportIfNew(PathBuf::from(input))];
            }
        }
    }
    Vec::new()
}

/// What changed from `before` to the schedule now, in one line.
fn what_moved(app: &App, before: &schedule::Schedule) -> String {
    let changes = schedule::Changes::between(&app.org, before, &app.schedule, app.now());
    rota_core::report::replan::headline(&changes)
}

/// Opens the overlay that says per person what changed from `before`.
fn show_changes(app: &mut App, before: &schedule::Schedule) {
    let changes = schedule::Changes::between(&app.org, before, &app.schedule, app.now());
    app.mode = Mode::Changes(rota_core::report::replan::text(&changes, &app.org.currency));
    app.changes_scroll = 0;
}

/// How far one roll forward extends the schedule.
const EXTEND_WEEKS: u32 = 4;

/// Rolls the schedule forward: a later end, every existing shift kept
/// unless a hard rule forces a move, the new weeks planned with the whole
/// schedule's load counted.
fn extend(app: &mut App) {
    let Some(end) = app
        .schedule
        .end
        .checked_add_days(chrono::Days::new(7 * EXTEND_WEEKS as u64))
    else {
        app.status = strings::NOTHING_TO_EXTEND.into();
        return;
    };
    let before = app.schedule.clone();
    let edited = app.edit("", |app| {
        let horizon = rota_core::calendar::Horizon::new(app.schedule.start, end);
        let coverage = rota_core::rotas::Coverage::build(&app.org, horizon);
        let plan = rota_core::planner::plan(
            &app.org,
            &coverage,
            &rota_core::planner::PlanOptions {
                existing: Some(&app.schedule),
                previous: None,
                now: Some(app.now()),
            },
        );
        app.schedule.end = end;
        app.schedule.shifts = plan.shifts;
        app.schedule.sort();
        // The horizon changed: the coverage must be built again.
        app.derived.coverage = std::sync::Arc::new(coverage);
        true
    });
    if edited == Edited::Changed {
        show_changes(app, &before);
        app.status = strings::extended(EXTEND_WEEKS, end, &what_moved(app, &before));
    }
}

/// Warnings tab: go to what the selected warning is about.
fn jump(app: &mut App) {
    let Some(w) = app.derived.warnings.get(app.warning_row).cloned() else {
        return;
    };
    if let (Some(rota), Some(from)) = (&w.rota, w.from)
        && let Some(r) = app.derived.coverage.rota_index(rota)
    {
        app.tab = Tab::Rota;
        app.rota_row = r;
        app.rota_role = Role::Primary;
        if let Some(d) = app.horizon().index_of(from) {
            app.slice = d;
        }
        return;
    }
    if let Some(p) = w.people.first().and_then(|id| app.org.person_index(id)) {
        app.tab = Tab::People;
        app.person_row = p;
        return;
    }
    if let Some(s) = w.services.first().and_then(|id| app.org.service_index(id)) {
        app.tab = Tab::Services;
        app.service_row = s;
        return;
    }
    app.status = strings::WHOLE_ORGANISATION.into();
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../../schedules/example.toml");

    /// The example planned for 13 weeks from Monday 2026-11-23.
    fn planned() -> App {
        let org = rota_core::org::parse_organisation("example.toml", EXAMPLE).unwrap();
        App::new(
            PathBuf::from("example.toml"),
            EXAMPLE.to_string(),
            org,
            PathBuf::from("example.schedule.toml"),
            None,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        )
    }

    /// The Rota tab with the cursor on the first night of rota 0's first
    /// shift.
    fn on_first_shift(app: &mut App) -> schedule::Assignment {
        app.tab = Tab::Rota;
        app.rota_row = 0;
        let a = *app
            .derived
            .resolved
            .assignments
            .iter()
            .filter(|a| a.rota == 0 && a.slices > 1)
            .min_by_key(|a| a.first_slice)
            .unwrap();
        app.slice = a.first_slice;
        a
    }

    #[test]
    fn an_edit_that_changes_nothing_says_so_and_records_no_undo() {
        let mut app = planned();
        app.status = "before".into();
        assert_eq!(app.edit("done", |_| false), Edited::Unchanged);
        assert_eq!(app.status, "before");
        assert!(!app.can_undo());
        let edited = app.edit("done", |app| {
            app.schedule.shifts.pop();
            true
        });
        assert_eq!(edited, Edited::Changed);
        assert_eq!(app.status, "done");
        assert!(app.can_undo());
    }

    #[test]
    fn a_refused_split_says_why_even_right_after_a_split() {
        let mut app = planned();
        let a = on_first_shift(&mut app);
        app.slice = a.first_slice + 1;
        update(&mut app, Action::Split);
        assert_eq!(app.status, strings::SHIFT_SPLIT);
        let shifts = app.schedule.shifts.len();
        // On the first night of the second half: nothing to split, and the
        // status must not still read as a success.
        update(&mut app, Action::Split);
        assert_eq!(app.status, strings::SPLIT_REFUSED);
        assert_eq!(app.schedule.shifts.len(), shifts);
    }

    #[test]
    fn replanning_a_plan_the_planner_made_changes_nothing() {
        let mut app = planned();
        app.tab = Tab::Rota;
        update(&mut app, Action::Replan);
        assert_eq!(app.status, strings::REPLAN_UNCHANGED);
        assert!(!app.can_undo());
        app.schedule.shifts.pop();
        app.recompute(false);
        update(&mut app, Action::Replan);
        assert!(app.status.starts_with("Re-planned: "), "{}", app.status);
        assert!(app.can_undo());
        update(&mut app, Action::Replan);
        assert_eq!(app.status, strings::REPLAN_UNCHANGED);
    }
}
