//! Services: the targets table; Enter edits a service's hourly exposure.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use crate::tui::strings;

use super::{Ui, visible_rows};
use rota_core::display::{format_exposure, format_percent};
use rota_core::tier::{base_tier, error_budget, format_duration, team_base_level};

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let org = &ui.app.org;
    let t = ui.theme;
    let (shown, selected) = visible_rows(org.services.len(), ui.app.service_row, area);
    let rows: Vec<Row> = shown
        .map(|i| {
            let s = &org.services[i];
            let tier = base_tier(org, i);
            Row::new(vec![
                Cell::from(s.id.clone()),
                Cell::from(org.teams[s.team].id.clone()),
                Cell::from(format_exposure(s.hourly_exposure)),
                Cell::from(org.bands[tier.band].name.clone()),
                Cell::from(format_percent(tier.availability)),
                Cell::from(format_duration(error_budget(tier.availability).week_secs)),
                Cell::from(tier.level.as_str()),
                Cell::from(team_base_level(org, s.team).as_str()),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Length(9),
            Constraint::Fill(1),
            Constraint::Length(6),
            Constraint::Length(11),
            Constraint::Length(6),
            Constraint::Length(6),
        ],
    )
    .header(
        Row::new([
            "service",
            "team",
            "exp./h",
            "band",
            "avail",
            "down/week",
            "level",
            "team",
        ])
        .style(t.header),
    )
    .row_highlight_style(t.selected)
    .block(Block::bordered().title(strings::SERVICES_TITLE));
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}
