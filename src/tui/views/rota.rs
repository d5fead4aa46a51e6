//! Rota: the calendar grid, what is under the cursor, and the picker.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::Ui;
use crate::tui::app::CellState;
use crate::tui::strings;
use crate::tui::widgets::rota_grid::RotaGrid;

/// The most lines the cursor's detail grows to before the grid gives way.
const DETAIL_MAX_LINES: u16 = 5;

/// The lines about the cursor: the night, who holds it, and whose initials
/// the selected rota shows (the grid's width alone decides which nights are
/// in view).
fn detail_lines<'a>(ui: &Ui, area: Rect) -> Vec<Line<'a>> {
    let grid_widget = RotaGrid {
        app: ui.app,
        theme: ui.theme,
    };
    let mut lines = cell_detail(ui);
    lines.push(legend(ui, grid_widget.visible_slices(area)));
    lines
}

/// The grid, then the lines about the cursor, as many as they need wrapped
/// (three at least, up to [`DETAIL_MAX_LINES`]), so none is cut at the edge.
fn split(ui: &Ui, area: Rect) -> [Rect; 2] {
    let need = Paragraph::new(detail_lines(ui, area))
        .wrap(Wrap { trim: false })
        .line_count(area.width) as u16;
    let height = need.clamp(3, DETAIL_MAX_LINES);
    Layout::vertical([Constraint::Fill(1), Constraint::Length(height)]).areas(area)
}

/// The cell under a click, given the body area of the screen.
pub fn cell_at(
    ui: &Ui,
    body: Rect,
    x: u16,
    y: u16,
) -> Option<(usize, rota_core::schedule::Role, usize)> {
    let [grid, _] = split(ui, body);
    RotaGrid {
        app: ui.app,
        theme: ui.theme,
    }
    .cell_at(grid, x, y)
}

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    if ui.app.is_rebuilding() {
        // The grid before the edit would show the rotas as they were: none
        // is shown until the new one is in.
        frame.render_widget(
            Paragraph::new(Span::styled(strings::GRID_PENDING, ui.theme.warning))
                .wrap(Wrap { trim: false }),
            area,
        );
        return;
    }
    let [grid, detail] = split(ui, area);
    frame.render_widget(
        &RotaGrid {
            app: ui.app,
            theme: ui.theme,
        },
        grid,
    );
    frame.render_widget(
        Paragraph::new(detail_lines(ui, area)).wrap(Wrap { trim: false }),
        detail,
    );
}

/// The initials on the selected row's visible nights (the rota's primaries
/// or its secondaries), each with the name it stands for, in the order they
/// appear.
fn legend<'a>(ui: &Ui, slices: std::ops::Range<usize>) -> Line<'a> {
    let app = ui.app;
    let mut people: Vec<usize> = Vec::new();
    for d in slices {
        if let CellState::Filled { person, .. } = app.cell_in(app.rota_row, app.rota_role, d)
            && !people.contains(&person)
        {
            people.push(person);
        }
    }
    if people.is_empty() {
        return Line::default();
    }
    let mut spans = Vec::new();
    for p in people {
        let name = &app.org.people[p].name;
        spans.push(Span::styled(
            format!("{} ", crate::tui::widgets::rota_grid::initials(name)),
            ui.theme.person(p),
        ));
        spans.push(Span::raw(format!("{name}  ")));
    }
    Line::from(spans)
}

fn cell_detail<'a>(ui: &Ui) -> Vec<Line<'a>> {
    let app = ui.app;
    let t = ui.theme;
    let Some(rota) = app.derived.coverage.rotas.get(app.rota_row) else {
        return vec![Line::from(strings::NO_ROTAS)];
    };
    let date = app.horizon().date(app.slice);
    let slice = app.derived.coverage.slices.get(app.slice);
    let role = app.rota_role;
    let mut head = format!(
        "{}{} {} {}",
        rota.id,
        role.suffix(),
        date.format("%a %d %b %Y"),
        slice.map(|s| s.kind.as_str()).unwrap_or("")
    );
    if let Some(h) = app.org.holiday(date) {
        head.push_str(&format!(" ({})", h.name));
    }
    let secondary = role.is_secondary();
    let second = match app.cell_in(app.rota_row, role, app.slice) {
        CellState::NoCover if secondary => Line::styled(strings::CELL_NO_SECONDARY, t.dim),
        CellState::NoCover => Line::styled(strings::CELL_NO_COVER, t.dim),
        CellState::Unfilled if app.is_past(app.slice) => Line::from(vec![
            Span::styled(
                if secondary {
                    strings::CELL_UNFILLED_PAST_SECONDARY
                } else {
                    strings::CELL_UNFILLED_PAST
                },
                t.dim,
            ),
            Span::styled(strings::CELL_HISTORY, t.dim),
        ]),
        CellState::Unfilled if secondary => Line::styled(strings::CELL_UNFILLED_SECONDARY, t.error),
        CellState::Unfilled => Line::styled(strings::CELL_UNFILLED, t.error),
        CellState::Filled {
            person,
            shift,
            pinned,
            problem,
            history,
            ..
        } => {
            let s = &app.schedule.shifts[shift];
            let p = &app.org.people[person];
            let mut spans = vec![
                Span::styled(p.name.clone(), t.person(person)),
                Span::raw(format!(
                    ", {} nights from {}{}",
                    s.slices,
                    s.start.date_naive(),
                    if pinned { ", pinned" } else { "" }
                )),
            ];
            if problem && !history {
                spans.push(Span::styled(
                    if p.is_off(date) {
                        strings::CELL_ON_TIME_OFF
                    } else {
                        strings::CELL_NOT_A_MEMBER
                    },
                    t.error,
                ));
            }
            if history {
                spans.push(Span::styled(strings::CELL_HISTORY, t.dim));
            }
            Line::from(spans)
        }
    };
    let off: Vec<String> = app
        .derived
        .coverage
        .cover(app.rota_row, app.slice)
        .map(|c| {
            c.members
                .iter()
                .filter(|&&m| app.org.people[m].is_off(date))
                .map(|&m| app.org.people[m].name.clone())
                .collect()
        })
        .unwrap_or_default();
    if !off.is_empty() {
        head.push_str(&format!(" | off: {}", off.join(", ")));
    }
    vec![Line::styled(head, t.header), second]
}

/// The picker: one line per candidate with their nights so far and what
/// choosing them would break (hard rules in the error style, burnout
/// limits in the warning style), so the choice is made knowing it.
pub fn picker(frame: &mut Frame, area: Rect, ui: &Ui, candidates: &[usize], selected: usize) {
    let app = ui.app;
    let t = ui.theme;
    let height = (candidates.len() as u16 + 2).min(area.height);
    let width = area.width.saturating_sub(4).min(64);
    let rect = Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    };
    let inner_h = height.saturating_sub(2) as usize;
    let inner_w = width.saturating_sub(2) as usize;
    let skip = (selected + 1).saturating_sub(inner_h);
    let name_w = app
        .org
        .people
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(inner_w.saturating_sub(12) / 2)
        .max(8);
    let lines: Vec<Line> = candidates
        .iter()
        .enumerate()
        .skip(skip)
        .take(inner_h)
        .map(|(i, &p)| {
            let person = &app.org.people[p];
            let notes = app.pick_notes(app.rota_row, app.rota_role, app.slice, p);
            let name: String = person.name.chars().take(name_w).collect();
            let base = if i == selected { t.selected } else { t.base };
            let mut spans = vec![Span::styled(
                format!(
                    "{:<name_w$} {:<10}",
                    name,
                    strings::pick_nights(app.derived.loads[p].slices)
                ),
                base,
            )];
            if notes.holder {
                spans.push(Span::styled(format!("  {}", strings::PICK_HOLDER), t.dim));
            }
            for (k, what) in notes.broken().into_iter().enumerate() {
                let hard = k < notes.hard_count();
                spans.push(Span::styled(
                    format!("  {}{what}", if hard { "✗ " } else { "! " }),
                    if hard { t.error } else { t.warning },
                ));
            }
            Line::from(spans)
        })
        .collect();
    // When not everyone fits: how many are above and below, at the right
    // of the bottom border.
    let below = candidates.len().saturating_sub(skip + inner_h);
    let title = if app.rota_role.is_secondary() {
        strings::PICKER_TITLE_SECONDARY
    } else {
        strings::PICKER_TITLE
    };
    let mut block = Block::bordered()
        .title(title)
        .title_bottom(strings::PICK_LEGEND);
    if skip > 0 || below > 0 {
        block = block.title_bottom(
            Line::from(format!(
                " {} ",
                crate::tui::widgets::bars::more_line(skip, below)
            ))
            .right_aligned(),
        );
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
