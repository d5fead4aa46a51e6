//! The rota calendar: one row per rota, one column per date; a rota that
//! needs a secondary has a second row under it (`└ 2nd`), which the cursor
//! walks onto like any other and edits the same way. A cell shows
//! the initials of who is on (in their colour); `│` marks the first night of
//! a shift, `*` a pinned one; `!!` a night with nobody; `·` a night the rota
//! needs no cover. A clash (time off, not a member) is drawn as an error and
//! marked `✗` before the initials; a weekend is marked `•` before its weekday,
//! so both read without colour (`NO_COLOR`).
//! History (a shift that started before today, a night that did) is drawn
//! dimmed with lower-case initials, so it reads as past without colour too;
//! its day numbers are dimmed as well.
//! Today's date is marked `▸` in the header, a public holiday `PH` under
//! its date.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;

use crate::tui::app::{App, CellState};
use crate::tui::theme::Theme;
use rota_core::calendar::SliceKind;
use rota_core::schedule::Role;

pub const CELL: u16 = 3;
const HEADER: u16 = 3;

pub struct RotaGrid<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

/// Two-letter initials: first letters of the first and last words.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let first = words.first().and_then(|w| w.chars().next());
    let last = if words.len() > 1 {
        words.last().and_then(|w| w.chars().next())
    } else {
        words.first().and_then(|w| w.chars().nth(1))
    };
    [first, last]
        .into_iter()
        .flatten()
        .flat_map(char::to_uppercase)
        .collect()
}

/// What the header shows under a public holiday's date, in place of its
/// weekday.
pub const HOLIDAY_MARK: &str = "PH";

/// The name of a rota's secondaries' row, under its primaries'.
pub const SECONDARY_ROW: &str = "└ 2nd";

/// Before a weekend's weekday in the header.
pub const WEEKEND_MARK: char = '•';

/// Before the initials of someone on call when they may not be (on time
/// off, or not a member of the rota then).
pub const CLASH_MARK: char = '✗';

/// The month labels over the visible columns from `x0`: one where a month
/// starts, and one over the first column unless the next month's label
/// would run into it (a space must part two labels).
fn month_labels(
    x0: u16,
    slices: std::ops::Range<usize>,
    date: impl Fn(usize) -> NaiveDate,
) -> Vec<(u16, String)> {
    let first = slices.start;
    let x = |d: usize| x0 + ((d - first) as u16) * CELL;
    let label = |d: usize| date(d).format("%b").to_string();
    let mut out: Vec<(u16, String)> = slices
        .clone()
        .filter(|&d| d > first && date(d).day() == 1)
        .map(|d| (x(d), label(d)))
        .collect();
    if !slices.is_empty() {
        let own = label(first);
        let fits = out
            .first()
            .is_none_or(|(next, _)| x(first) + (own.chars().count() as u16) < *next);
        if fits {
            out.insert(0, (x(first), own));
        }
    }
    out
}

/// The first visible slice for a cursor slice and a number of columns: weeks
/// start at the left edge when the cursor's week fits.
pub fn first_visible(slice: usize, columns: usize) -> usize {
    let columns = columns.max(1);
    let week = slice / 7 * 7;
    if slice - week < columns {
        week
    } else {
        slice + 1 - columns
    }
}

/// A row of the grid: a rota's primaries, or under them its secondaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    rota: usize,
    secondary: bool,
}

impl Row {
    fn role(self) -> Role {
        if self.secondary {
            Role::Secondary
        } else {
            Role::Primary
        }
    }
}

impl RotaGrid<'_> {
    pub fn name_width(area: Rect) -> u16 {
        (area.width / 4).clamp(6, 18)
    }

    /// Every row in order: one per rota, and a second under a rota that
    /// needs a secondary.
    fn rows(&self) -> Vec<Row> {
        let d = &self.app.derived;
        (0..d.coverage.rotas.len())
            .flat_map(|rota| {
                let two = d.secondary_cells.get(rota).is_some_and(Option::is_some);
                [
                    Some(Row {
                        rota,
                        secondary: false,
                    }),
                    two.then_some(Row {
                        rota,
                        secondary: true,
                    }),
                ]
            })
            .flatten()
            .collect()
    }

    /// The first visible row for the area's height: the cursor's rota with
    /// its secondary row, when it has one, in view.
    fn first_row(&self, all: &[Row], rows: usize) -> usize {
        let rows = rows.max(1);
        let cursor = self.app.rota_row;
        let last = all.iter().rposition(|r| r.rota == cursor).unwrap_or(cursor);
        (last + 1).saturating_sub(rows)
    }

    /// The slices drawn as columns in `area`.
    pub fn visible_slices(&self, area: Rect) -> std::ops::Range<usize> {
        let name_w = RotaGrid::name_width(area);
        if area.width <= name_w + CELL {
            return 0..0;
        }
        let columns = ((area.width - name_w) / CELL) as usize;
        let first = first_visible(self.app.slice, columns);
        first..(first + columns).min(self.app.horizon().len())
    }

    /// The `(rota, role, slice)` drawn at a screen position, for mouse
    /// clicks: the role is the row's, primaries or secondaries.
    pub fn cell_at(&self, area: Rect, x: u16, y: u16) -> Option<(usize, Role, usize)> {
        let name_w = RotaGrid::name_width(area);
        if area.width <= name_w + CELL || area.height <= HEADER {
            return None;
        }
        if x < area.x + name_w || x >= area.right() || y < area.y + HEADER || y >= area.bottom() {
            return None;
        }
        let columns = ((area.width - name_w) / CELL) as usize;
        let first = first_visible(self.app.slice, columns);
        let slice = first + ((x - area.x - name_w) / CELL) as usize;
        let rows = (area.height - HEADER) as usize;
        let all = self.rows();
        let row = all.get(self.first_row(&all, rows) + (y - area.y - HEADER) as usize)?;
        (slice < self.app.horizon().len()).then_some((row.rota, row.role(), slice))
    }
}

impl Widget for &RotaGrid<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = self.theme;
        let name_w = RotaGrid::name_width(area);
        if area.width <= name_w + CELL || area.height <= HEADER {
            return;
        }
        let columns = ((area.width - name_w) / CELL) as usize;
        let horizon = app.horizon();
        let slice_count = horizon.len();
        let first = first_visible(app.slice, columns);
        let last = (first + columns).min(slice_count);
        let slices = &app.derived.coverage.slices;

        buf.set_stringn(area.x, area.y, "Rota", name_w as usize, t.header);
        for (x, label) in month_labels(area.x + name_w, first..last, |d| horizon.date(d)) {
            buf.set_stringn(x, area.y, label, (area.right() - x) as usize, t.header);
        }
        for d in first..last {
            let date: NaiveDate = horizon.date(d);
            let x = area.x + name_w + ((d - first) as u16) * CELL;
            let style = match slices.get(d).map(|s| s.kind) {
                Some(SliceKind::Holiday) => t.holiday,
                Some(SliceKind::Weekend) => t.weekend,
                _ => t.dim,
            };
            let style = if app.is_past(d) {
                style.add_modifier(Modifier::DIM)
            } else {
                style
            };
            let today = date == app.today;
            let style = if today { style.patch(t.now) } else { style };
            let style = if d == app.slice {
                style.patch(t.cursor)
            } else {
                style
            };
            let mark = if today { '▸' } else { ' ' };
            buf.set_string(x, area.y + 1, format!("{mark}{:02}", date.day()), style);
            // Weekday, or `PH` on a public holiday, readable without colour;
            // two letters after a space, so it never runs into its neighbour.
            let below = if app.org.holiday(date).is_some() {
                format!(" {HOLIDAY_MARK}")
            } else if matches!(slices.get(d).map(|s| s.kind), Some(SliceKind::Weekend)) {
                // A weekend is marked by a symbol too, not by colour alone.
                format!(
                    "{WEEKEND_MARK}{}",
                    date.format("%a").to_string().get(..2).unwrap_or("")
                )
            } else {
                format!(" {}", date.format("%a").to_string().get(..2).unwrap_or(""))
            };
            buf.set_string(x, area.y + 2, below, style);
        }

        let rows = (area.height - HEADER) as usize;
        let all = self.rows();
        let top = self.first_row(&all, rows);
        let rotas = &app.derived.coverage.rotas;
        for (i, row) in all.iter().enumerate().skip(top).take(rows) {
            let r = row.rota;
            let y = area.y + HEADER + (i - top) as u16;
            // The cursor is on one row: a rota's primaries or, under them,
            // its secondaries.
            let cursor_row = r == app.rota_row && row.role() == app.rota_role;
            let name = if row.secondary {
                SECONDARY_ROW
            } else {
                rotas[r].id.as_str()
            };
            let name_style = match (cursor_row, row.secondary) {
                (true, _) => t.selected,
                (false, true) => t.dim,
                (false, false) => t.base,
            };
            // An id cut to fit says so with its last character.
            let room = name_w as usize - 1;
            let label = if name.chars().count() > room && room > 1 {
                let mut cut: String = name.chars().take(room - 1).collect();
                cut.push('…');
                cut
            } else {
                name.to_string()
            };
            buf.set_stringn(area.x, y, &label, room, name_style);
            for d in first..last {
                let x = area.x + name_w + ((d - first) as u16) * CELL;
                let cell = app.cell_in(r, row.role(), d);
                let (text, style) = match cell {
                    CellState::NoCover => (" · ".to_string(), t.dim),
                    CellState::Unfilled if app.is_past(d) => (" --".to_string(), t.dim),
                    CellState::Unfilled => (" !!".to_string(), t.error),
                    CellState::Filled {
                        person,
                        first_slice,
                        pinned,
                        problem,
                        history,
                        ..
                    } => {
                        // A clash (time off, not a member) is marked by a
                        // symbol, readable without colour; it matters more
                        // than where the shift starts.
                        let mark = match (problem && !history, first_slice, pinned) {
                            (true, _, _) => CLASH_MARK,
                            (false, true, true) => '*',
                            (false, true, false) => '│',
                            (false, false, _) => ' ',
                        };
                        let name = &app.org.people[person].name;
                        if history {
                            let worked = initials(name).to_lowercase();
                            (
                                format!("{mark}{worked:<2}"),
                                t.person(person).add_modifier(Modifier::DIM),
                            )
                        } else {
                            let style = if problem { t.error } else { t.person(person) };
                            (format!("{mark}{:<2}", initials(name)), style)
                        }
                    }
                };
                let style = if cursor_row && d == app.slice {
                    style.patch(t.cursor)
                } else {
                    style
                };
                buf.set_stringn(x, y, text, CELL as usize, style);
            }
        }
    }
}
