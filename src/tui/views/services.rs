//! Services: the targets table; Enter edits a service's hourly exposure.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use crate::tui::strings;

use super::{Ui, visible_rows};
use rota_core::display::{format_exposure, format_percent};
use rota_core::tier::{base_tier, error_budget, format_duration, team_base_level};

/// Below this width the weekly downtime column is left out, so the names
/// keep room to be read.
const WIDE: u16 = 78;

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let org = &ui.app.org;
    let t = ui.theme;
    let wide = area.width >= WIDE;
    let (shown, selected) = visible_rows(org.services.len(), ui.app.service_row, area);
    let rows: Vec<Row> = shown
        .map(|i| {
            let s = &org.services[i];
            let tier = base_tier(org, i);
            let mut cells = vec![
                Cell::from(s.id.clone()),
                Cell::from(org.teams[s.team].id.clone()),
                Cell::from(format_exposure(s.hourly_exposure)),
                Cell::from(org.bands[tier.band].name.clone()),
                Cell::from(format_percent(tier.availability)),
            ];
            if wide {
                cells.push(Cell::from(format_duration(
                    error_budget(tier.availability).week_secs,
                )));
            }
            cells.push(Cell::from(tier.level.as_str()));
            cells.push(Cell::from(team_base_level(org, s.team).as_str()));
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![
        Constraint::Fill(3),
        Constraint::Fill(2),
        Constraint::Length(9),
        Constraint::Fill(1),
        Constraint::Length(6),
    ];
    let mut header = vec![
        "service".to_string(),
        "team".to_string(),
        strings::per_hour(&org.currency),
        "band".to_string(),
        "avail%".to_string(),
    ];
    if wide {
        widths.push(Constraint::Length(11));
        header.push("down/week".to_string());
    }
    widths.extend([Constraint::Length(7), Constraint::Length(8)]);
    header.extend(["own lvl".to_string(), "team lvl".to_string()]);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(t.header))
        .row_highlight_style(t.selected)
        .block(Block::bordered().title(strings::SERVICES_TITLE));
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}
