//! Drawing: the frame around the tabs, the overlays, and one module per tab.
//! Views only read the app.

mod costs;
mod overview;
mod people;
mod rota;
mod services;
mod warnings;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, Mode, Tab};
use super::keymap::{Context, HELP_GAP, HelpLine, Keymap};
use super::strings;
use super::theme::Theme;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// What a view needs besides the app.
pub struct Ui<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
}

/// The most lines the status may grow to before the body gives way.
const STATUS_MAX_LINES: u16 = 3;

/// The screen's parts: the tab bar, the body, the status (as many lines as
/// its message needs, up to [`STATUS_MAX_LINES`], so a message is read in
/// full rather than cut at the edge) and the footer.
fn layout(ui: &Ui, area: Rect) -> [Rect; 4] {
    let status = status_line(ui);
    let width = area.width.max(1) as usize;
    let lines = status
        .width()
        .div_ceil(width)
        .clamp(1, STATUS_MAX_LINES as usize) as u16;
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(lines),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The body of the screen, between the tab bar and the status lines.
fn body(ui: &Ui, area: Rect) -> Rect {
    layout(ui, area)[1]
}

/// How many rows the body has on a screen of `area`.
pub fn body_rows(ui: &Ui, area: Rect) -> u16 {
    body(ui, area).height
}

/// How many lines the Overview has, as wrapped on a screen of `area`.
pub fn overview_len(ui: &Ui, area: Rect) -> usize {
    overview::line_count(ui, body(ui, area))
}

/// The rota cell under a click on a screen of `area`, on the Rota tab.
pub fn rota_cell_at(
    ui: &Ui,
    area: Rect,
    x: u16,
    y: u16,
) -> Option<(usize, rota_core::schedule::Role, usize)> {
    // While the grid is being worked out there is none to click on.
    (ui.app.tab == Tab::Rota && ui.app.mode == Mode::Normal && !ui.app.is_rebuilding())
        .then(|| rota::cell_at(ui, body(ui, area), x, y))
        .flatten()
}

pub fn draw(frame: &mut Frame, ui: &Ui) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = strings::too_small(MIN_WIDTH, MIN_HEIGHT, area.width, area.height);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [tabs, body, status, footer] = layout(ui, area);
    frame.render_widget(tab_bar(ui, area.width), tabs);
    match ui.app.tab {
        Tab::Overview => overview::render(frame, body, ui),
        Tab::Services => services::render(frame, body, ui),
        Tab::People => people::render(frame, body, ui),
        Tab::Rota => rota::render(frame, body, ui),
        Tab::Costs => costs::render(frame, body, ui),
        Tab::Warnings => warnings::render(frame, body, ui),
    }
    frame.render_widget(
        Paragraph::new(status_line(ui)).wrap(Wrap { trim: false }),
        status,
    );
    frame.render_widget(footer_line(ui, area.width), footer);
    match &ui.app.mode {
        Mode::Normal => {}
        Mode::Help => help(frame, body, ui),
        Mode::Picker {
            candidates,
            selected,
        } => rota::picker(frame, body, ui, candidates, *selected),
        Mode::Prompt { kind, input } => {
            let mut text = vec![
                Line::from(Span::styled(kind.label(ui.app), ui.theme.title)),
                Line::from(vec![
                    Span::raw(input.clone()),
                    Span::styled("█", ui.theme.dim),
                ]),
            ];
            // Why the last entry was not taken, under the text kept.
            if let Some(why) = &ui.app.prompt_error {
                text.push(Line::from(Span::styled(why.clone(), ui.theme.error)));
            }
            popup(frame, body, 5, text, strings::POPUP_EDIT, ui.theme);
        }
        Mode::ConfirmQuit => {
            let text = vec![Line::from(strings::QUIT_UNSAVED)];
            popup(frame, body, 3, text, strings::POPUP_QUIT, ui.theme);
        }
        Mode::Changes(text) => changes(frame, body, ui, text),
        Mode::ConfirmPick {
            candidates,
            selected,
        } => {
            rota::picker(frame, body, ui, candidates, *selected);
            let name = candidates
                .get(*selected)
                .map(|&p| ui.app.org.people[p].name.as_str())
                .unwrap_or_default();
            let broken = candidates
                .get(*selected)
                .map(|&p| {
                    let app = ui.app;
                    app.pick_notes(app.rota_row, app.rota_role, app.slice, p)
                        .broken()
                })
                .unwrap_or_default();
            let text = vec![Line::from(strings::confirm_pick(name, &broken))];
            popup(frame, body, 3, text, strings::POPUP_CONFIRM_PICK, ui.theme);
        }
        Mode::ConfirmReplace(path) => {
            let text = vec![Line::from(strings::confirm_replace(path.display()))];
            popup(frame, body, 3, text, strings::POPUP_REPLACE, ui.theme);
        }
    }
}

/// The tab titles as drawn on a screen `width` wide, so a click can be
/// mapped back to a tab: the full names when they fit, else their first
/// four letters, else the numbers alone; never cut mid-title.
fn tab_titles(width: u16) -> Vec<String> {
    let fits = |titles: &[String]| {
        titles.iter().map(|t| t.chars().count() + 1).sum::<usize>() <= width as usize + 1
    };
    let full: Vec<String> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| format!(" {} {} ", i + 1, t.title()))
        .collect();
    if fits(&full) {
        return full;
    }
    let short: Vec<String> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                " {} {} ",
                i + 1,
                t.title().chars().take(4).collect::<String>()
            )
        })
        .collect();
    if fits(&short) {
        return short;
    }
    (1..=Tab::ALL.len()).map(|i| format!(" {i} ")).collect()
}

/// Which tab a click on the top line at column `x` of a screen `width`
/// wide selects.
pub fn tab_at(x: u16, width: u16) -> Option<Tab> {
    let mut left = 0u16;
    for (i, title) in tab_titles(width).iter().enumerate() {
        let w = title.chars().count() as u16;
        if x >= left && x < left + w {
            return Some(Tab::ALL[i]);
        }
        left += w + 1;
    }
    None
}

fn tab_bar<'a>(ui: &Ui, width: u16) -> Line<'a> {
    let mut spans = Vec::new();
    for (i, title) in tab_titles(width).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", ui.theme.dim));
        }
        let style = if Tab::ALL[i] == ui.app.tab {
            ui.theme.tab_selected
        } else {
            ui.theme.tab
        };
        spans.push(Span::styled(title, style));
    }
    Line::from(spans)
}

fn status_line<'a>(ui: &Ui) -> Line<'a> {
    let app = ui.app;
    let (errors, warnings) = rota_core::findings::severity_counts(&app.derived.warnings);
    let mut spans = vec![
        Span::styled(
            format!(
                " {} │ {} to {} ",
                app.org.name,
                app.horizon().start,
                app.horizon().end.pred_opt().unwrap_or(app.horizon().end)
            ),
            ui.theme.dim,
        ),
        Span::styled(
            format!("{errors} error{} ", rota_core::display::plural(errors)),
            if errors > 0 {
                ui.theme.error
            } else {
                ui.theme.ok
            },
        ),
        Span::styled(
            format!(
                "{warnings} warning{} ",
                rota_core::display::plural(warnings)
            ),
            if warnings > 0 {
                ui.theme.warning
            } else {
                ui.theme.ok
            },
        ),
    ];
    if app.unsaved() {
        spans.push(Span::styled(strings::UNSAVED_MARK, ui.theme.warning));
    }
    if app.is_rebuilding() {
        spans.push(Span::styled(strings::REBUILDING_MARK, ui.theme.warning));
    } else if app.is_busy() {
        spans.push(Span::styled(strings::BUSY_MARK, ui.theme.warning));
    } else if app.is_checking() {
        spans.push(Span::styled(strings::CHECKING_MARK, ui.theme.warning));
    }
    spans.push(Span::raw(app.status.clone()));
    Line::from(spans)
}

/// The key hints that fit in `width`, whole: hints are left out from the
/// end rather than cut, keeping the help key's, which lists the rest.
fn footer_line<'a>(ui: &Ui, width: u16) -> Line<'a> {
    let hints = ui.keymap.footer(&ui.app.mode, ui.app.tab);
    let w = |(key, help): &(String, &str)| key.chars().count() + help.chars().count() + 3;
    let total: usize = hints.iter().map(w).sum();
    let kept: Vec<&(String, &str)> = if total <= width as usize {
        hints.iter().collect()
    } else {
        let help = ui.keymap.footer_help();
        let reserve = help.as_ref().map(w).unwrap_or(0);
        let mut used = 0;
        let mut out = Vec::new();
        for h in hints.iter().filter(|h| Some(*h) != help.as_ref()) {
            if used + w(h) + reserve > width as usize {
                break;
            }
            used += w(h);
            out.push(h);
        }
        if let Some(h) = hints.iter().find(|h| Some(*h) == help.as_ref()) {
            out.push(h);
        }
        out
    };
    let mut spans = Vec::new();
    for (key, help) in kept {
        spans.push(Span::styled(format!(" {key}"), ui.theme.key));
        spans.push(Span::raw(format!(" {help} ")));
    }
    Line::from(spans)
}

/// The help overlay: every binding under its context, a few to a line, over the
/// whole body (so nothing underneath shows through), scrolled with the
/// up and down keys when it does not fit; the bottom border says how many
/// lines are below.
fn help(frame: &mut Frame, area: Rect, ui: &Ui) {
    let mut lines = Vec::new();
    for line in ui.keymap.help_lines() {
        match line {
            HelpLine::Heading(ctx) => {
                lines.push(Line::from(Span::styled(help_heading(ctx), ui.theme.header)))
            }
            HelpLine::Bindings(bindings) => lines.push(Line::from(
                bindings
                    .into_iter()
                    .flat_map(|(keys, text)| {
                        [
                            Span::styled(
                                format!("{:gap$}{keys}", "", gap = HELP_GAP),
                                ui.theme.key,
                            ),
                            Span::raw(format!(" {text}")),
                        ]
                    })
                    .collect::<Vec<_>>(),
            )),
        }
    }
    lines.push(Line::from(Span::styled(
        strings::HELP_KEYS_FILE,
        ui.theme.dim,
    )));
    let visible = area.height.saturating_sub(2) as usize;
    debug_assert_eq!(lines.len(), help_len(ui.keymap));
    let top = ui.app.help_scroll.min(lines.len().saturating_sub(visible));
    let below = lines.len().saturating_sub(top + visible);
    let mut block = Block::bordered().title(strings::HELP_TITLE);
    if top > 0 || below > 0 {
        block = block.title_bottom(strings::help_more(top > 0, below));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((top as u16, 0))
            .style(ui.theme.popup),
        area,
    );
}

/// The help overlay's lines with a keymap: its packed lines and the line
/// about the keys file.
pub fn help_len(keymap: &Keymap) -> usize {
    keymap.help_lines().len() + 1
}

fn help_heading(ctx: Context) -> &'static str {
    match ctx {
        Context::Global => strings::HELP_EVERYWHERE,
        Context::Services => strings::TAB_SERVICES,
        Context::People => strings::TAB_PEOPLE,
        Context::Rota => strings::TAB_ROTA,
        Context::Costs => strings::TAB_COSTS,
        Context::Warnings => strings::TAB_WARNINGS,
        Context::Picker => strings::HELP_PICKER,
        Context::Prompt => strings::HELP_PROMPT,
        Context::Confirm => strings::HELP_CONFIRM,
        Context::Ask => strings::HELP_ASK,
    }
}

/// What a re-plan changed, over the tab, as the command line says it;
/// scrolled with the up and down keys when it does not fit, the bottom
/// border saying how many lines are below.
fn changes(frame: &mut Frame, area: Rect, ui: &Ui, text: &str) {
    let inner = area.inner(ratatui::layout::Margin::new(1, 0));
    let all = crate::tui::app::changes_lines(
        text,
        area.width.saturating_sub(crate::tui::app::CHANGES_INSET) as usize,
    );
    let visible = area.height.saturating_sub(2) as usize;
    let top = ui.app.changes_scroll.min(all.len().saturating_sub(visible));
    let below = all.len().saturating_sub(top + visible);
    let mut block = Block::bordered().title(strings::CHANGES_TITLE);
    if top > 0 || below > 0 {
        block = block.title_bottom(strings::help_more(top > 0, below));
    }
    let lines: Vec<Line> = all.into_iter().skip(top).map(Line::from).collect();
    // The whole body is cleared, so nothing beside the box shows through.
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(block).style(ui.theme.popup),
        inner,
    );
}

/// A centred box of `height` inner lines.
pub fn popup(
    frame: &mut Frame,
    area: Rect,
    height: u16,
    lines: Vec<Line>,
    title: &str,
    theme: &Theme,
) {
    let width = area.width.saturating_sub(4).min(70);
    let h = (height + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - h) / 2,
        width,
        height: h,
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(title.to_string()))
            .style(theme.popup)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

/// How many of a bordered table's `optional` columns (widths, most wanted
/// first) fit beside its `required` ones in `area_width`, each column one
/// space from the next: columns are left out whole, from the least wanted,
/// rather than every column cut to fit.
pub fn columns_that_fit(area_width: u16, required: &[usize], optional: &[usize]) -> usize {
    let room = area_width.saturating_sub(2) as usize;
    let need = |cols: &[usize]| cols.iter().sum::<usize>() + cols.len().saturating_sub(1);
    let mut cols = required.to_vec();
    let mut kept = 0;
    for &w in optional {
        cols.push(w);
        if need(&cols) > room {
            break;
        }
        kept += 1;
    }
    kept
}

/// The columns of a bordered table to show, in table order: every
/// `required` one and as many `optional` ones (most wanted first) as fit
/// beside them in `area_width`, by `width[column]`; and whether the
/// required ones fit whole at all (when not, the first column gives way).
pub fn columns_shown(
    area_width: u16,
    width: &[usize],
    required: &[usize],
    optional: &[usize],
) -> (Vec<usize>, bool) {
    let of = |cols: &[usize]| cols.iter().map(|&c| width[c]).collect::<Vec<_>>();
    let kept = columns_that_fit(area_width, &of(required), &of(optional));
    let fits = columns_that_fit(area_width, &[], &of(required)) == required.len();
    let columns = (0..width.len())
        .filter(|c| required.contains(c) || optional[..kept].contains(c))
        .collect();
    (columns, fits)
}

/// A bordered table of the `columns` chosen by [`columns_shown`], each its
/// width wide, but the first, which gives way when even the required
/// columns do not fit whole (`fits` false).
pub fn column_table<'a>(
    rows: Vec<ratatui::widgets::Row<'a>>,
    header: &[String],
    (columns, fits): (&[usize], bool),
    width: &[usize],
    title: &'a str,
    theme: &Theme,
) -> ratatui::widgets::Table<'a> {
    use ratatui::layout::Constraint;
    use ratatui::widgets::{Block, Row, Table};
    let widths: Vec<Constraint> = columns
        .iter()
        .map(|&c| match c {
            0 if !fits => Constraint::Fill(1),
            c => Constraint::Length(width[c] as u16),
        })
        .collect();
    Table::new(rows, widths)
        .header(Row::new(columns.iter().map(|&c| header[c].clone())).style(theme.header))
        .row_highlight_style(theme.selected)
        .block(Block::bordered().title(title))
}

/// A column's width: its header's or its widest value's.
pub fn column_width<'a>(header: &str, values: impl Iterator<Item = &'a str>) -> usize {
    values
        .map(|v| v.chars().count())
        .chain(std::iter::once(header.chars().count()))
        .max()
        .unwrap_or(0)
}

/// A style for a selected table row.
pub fn row_style(selected: bool, theme: &Theme) -> Style {
    if selected { theme.selected } else { theme.base }
}

/// The rows a bordered table with a one-line header shows in `area`, and
/// the selected row's place among them. Lists build only these rows, so a
/// keystroke on a 10,000-person roster formats the twenty or so on screen;
/// the window scrolls as a fresh `TableState` would (the selected row last
/// on screen once it is past the first screenful).
pub fn visible_rows(len: usize, selected: usize, area: Rect) -> (std::ops::Range<usize>, usize) {
    let height = area.height.saturating_sub(3) as usize;
    if len == 0 || height == 0 {
        return (0..0, 0);
    }
    let selected = selected.min(len - 1);
    let first = (selected + 1).saturating_sub(height);
    (first..(first + height).min(len), selected - first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_columns_are_left_out_whole_from_the_least_wanted() {
        // 10 + 1 + 5 = 16 columns inside a table 18 wide.
        assert_eq!(columns_that_fit(18, &[10, 5], &[3, 4]), 0);
        assert_eq!(columns_that_fit(22, &[10, 5], &[3, 4]), 1);
        assert_eq!(columns_that_fit(26, &[10, 5], &[3, 4]), 1);
        assert_eq!(columns_that_fit(27, &[10, 5], &[3, 4]), 2);
        // The second is not kept without the first, though it would fit.
        assert_eq!(columns_that_fit(22, &[10, 5], &[9, 1]), 0);
        assert_eq!(column_width("share", ["15%", "100%"].into_iter()), 5);
        assert_eq!(column_width("pay", ["1,085.35"].into_iter()), 8);
    }

    #[test]
    fn the_window_keeps_the_selected_row_on_screen() {
        let area = Rect::new(0, 0, 40, 13); // ten rows
        assert_eq!(visible_rows(10_000, 0, area), (0..10, 0));
        assert_eq!(visible_rows(10_000, 9, area), (0..10, 9));
        assert_eq!(visible_rows(10_000, 10, area), (1..11, 9));
        assert_eq!(visible_rows(10_000, 9_999, area), (9_990..10_000, 9));
        assert_eq!(visible_rows(4, 2, area), (0..4, 2));
        assert_eq!(visible_rows(4, 99, area), (0..4, 3));
        assert_eq!(visible_rows(0, 0, area), (0..0, 0));
        assert_eq!(visible_rows(5, 1, Rect::new(0, 0, 40, 3)), (0..0, 0));
    }

    /// Only the visible rows are built, yet the table looks as it would
    /// with every row given to it: the same cells, the same highlight.
    #[test]
    fn a_window_draws_what_the_whole_table_draws() {
        use ratatui::buffer::Buffer;
        use ratatui::widgets::{Row, StatefulWidget, Table, TableState};
        let area = Rect::new(0, 0, 20, 8);
        let table = |rows: std::ops::Range<usize>| {
            Table::new(
                rows.map(|i| Row::new([format!("row {i}")])),
                [Constraint::Fill(1)],
            )
            .header(Row::new(["head"]))
            .row_highlight_style(Style::new().reversed())
            .block(Block::bordered())
        };
        for selected in [0, 3, 4, 5, 17, 29] {
            let mut whole = Buffer::empty(area);
            let mut state = TableState::default().with_selected(Some(selected));
            StatefulWidget::render(table(0..30), area, &mut whole, &mut state);
            let (rows, at) = visible_rows(30, selected, area);
            let mut window = Buffer::empty(area);
            let mut state = TableState::default().with_selected(Some(at));
            StatefulWidget::render(table(rows), area, &mut window, &mut state);
            assert_eq!(window, whole, "selected {selected}");
        }
    }
}
