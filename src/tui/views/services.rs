//! Services: the targets table; Enter edits a service's hourly exposure.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Cell, Row, TableState};

use crate::tui::strings;

use super::{Ui, column_table, column_width, columns_shown, visible_rows};
use rota_core::display::{format_exposure, format_percent};
use rota_core::tier::{base_tier, error_budget, format_duration, team_base_level};

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let org = &ui.app.org;
    let t = ui.theme;
    // Every service's cells, so the columns can be measured: service, team,
    // exposure, band, availability, weekly downtime, own level, team level.
    let cells = |i: usize| -> [String; 8] {
        let s = &org.services[i];
        let tier = base_tier(org, i);
        [
            s.id.clone(),
            org.teams[s.team].id.clone(),
            format_exposure(s.hourly_exposure),
            org.bands[tier.band].name.clone(),
            format_percent(tier.availability),
            format_duration(error_budget(tier.availability).week_secs),
            tier.level.as_str().to_string(),
            team_base_level(org, s.team).as_str().to_string(),
        ]
    };
    let all: Vec<[String; 8]> = (0..org.services.len()).map(cells).collect();
    let header = [
        "service".to_string(),
        "team".to_string(),
        strings::per_hour(&org.currency),
        "band".to_string(),
        "avail%".to_string(),
        "down/week".to_string(),
        "own lvl".to_string(),
        "team lvl".to_string(),
    ];
    let width: Vec<usize> = (0..8)
        .map(|c| column_width(&header[c], all.iter().map(|r| r[c].as_str())))
        .collect();
    // The team, then the weekly downtime, are left out when the names and
    // the figures would not fit whole with them.
    const REQUIRED: [usize; 6] = [0, 2, 3, 4, 6, 7];
    const OPTIONAL: [usize; 2] = [1, 5];
    let (columns, fits) = columns_shown(area.width, &width, &REQUIRED, &OPTIONAL);
    let (shown, selected) = visible_rows(org.services.len(), ui.app.service_row, area);
    let rows: Vec<Row> = all[shown]
        .iter()
        .map(|r| Row::new(columns.iter().map(|&c| Cell::from(r[c].clone()))))
        .collect();
    let table = column_table(
        rows,
        &header,
        (&columns, fits),
        &width,
        strings::SERVICES_TITLE,
        t,
    );
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, area, &mut state);
}
