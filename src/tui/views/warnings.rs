//! Warnings: every finding with its code, severity and fix.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::tui::strings;

use super::{Ui, visible_rows};
use rota_core::findings::Severity;

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let app = ui.app;
    let t = ui.theme;
    let warnings = &app.derived.warnings;
    // The detail grows to hold the whole message and its fix, wrapped, up
    // to half the body; the list takes the rest.
    let inner_w = area.width.saturating_sub(2).max(1) as usize;
    let wrapped = |s: &str| s.chars().count().div_ceil(inner_w).max(1);
    // People by name, as every screen shows them.
    let message = |w: &rota_core::findings::Warning| app.with_names(&w.message, &w.people);
    let fix = |w: &rota_core::findings::Warning| app.with_names(&w.fix, &w.people);
    let detail_lines = warnings
        .get(app.warning_row)
        .map(|w| wrapped(&message(w)) + wrapped(&format!("fix: {}", fix(w))))
        .unwrap_or(1) as u16;
    let detail_h = (detail_lines + 2).clamp(4, (area.height / 2).max(4));
    let [list, detail] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_h)]).areas(area);
    let (shown, selected) = visible_rows(warnings.len(), app.warning_row, list);
    let (shown_start, shown_end) = (shown.start, shown.end);
    let rows: Vec<Row> = warnings[shown]
        .iter()
        .map(|w| {
            let sev = match w.severity {
                Severity::Error => Cell::from("error").style(t.error),
                Severity::Warning => Cell::from("warn").style(t.warning),
            };
            Row::new(vec![
                sev,
                Cell::from(w.code.as_str()),
                Cell::from(message(w)),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(5),
            Constraint::Length(21),
            Constraint::Fill(1),
        ],
    )
    .header(Row::new(["sev", "code", "what"]).style(t.header))
    .row_highlight_style(t.selected)
    .block({
        let block = Block::bordered().title(strings::warnings_title(warnings.len()));
        let below = warnings.len().saturating_sub(shown_end);
        if shown_start > 0 || below > 0 {
            block.title_bottom(crate::tui::widgets::bars::more_line(shown_start, below))
        } else {
            block
        }
    });
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, list, &mut state);
    let text = match warnings.get(app.warning_row) {
        Some(w) => vec![
            Line::from(message(w)),
            Line::from(vec![Span::styled("fix: ", t.header), Span::raw(fix(w))]),
        ],
        None => vec![Line::from(Span::styled(strings::NOTHING_TO_WARN, t.ok))],
    };
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .block(Block::bordered()),
        detail,
    );
}
