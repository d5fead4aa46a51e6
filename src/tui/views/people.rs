//! People: the roster with load and pay, and a chart of load across the
//! selected person's team.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use super::{Ui, visible_rows};
use crate::tui::strings;
use crate::tui::widgets::bars::Bars;

/// Below this width the team and time-off columns are left out.
const WIDE: u16 = 78;

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let app = ui.app;
    let org = &app.org;
    let t = ui.theme;
    let nights = app.horizon().len().max(1) as f64;
    // Over a burnout limit, or on call when off or on two rotas.
    let at_risk = |p: usize| app.derived.at_risk.get(p).copied().unwrap_or(false);
    let [table_area, chart_area] =
        Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(area);
    // Narrow: the team (the chart below names it) and the time off are
    // left out, so the names keep room to be read.
    let wide = area.width >= WIDE;
    let (shown, selected) = visible_rows(org.people.len(), app.person_row, table_area);
    let rows: Vec<Row> = shown
        .map(|i| {
            let p = &org.people[i];
            let l = app.derived.loads[i];
            let off = p
                .time_off
                .last()
                .map(|t| format!("{}..{}", t.from.format("%m-%d"), t.to.format("%m-%d")))
                .unwrap_or_default();
            let mut cells = vec![
                Cell::from(if at_risk(i) { "!" } else { " " }).style(t.error),
                Cell::from(p.name.clone()),
            ];
            if wide {
                cells.push(Cell::from(org.teams[p.team].id.clone()));
            }
            cells.extend([
                Cell::from(if p.on_call { "in" } else { "out" }),
                Cell::from(l.slices.to_string()),
                Cell::from(format!("{}/{}", l.weekend, l.holiday)),
                Cell::from(l.pay.grouped()),
                Cell::from(format!("{:.0}%", l.slices as f64 / nights * 100.0)),
            ]);
            if wide {
                cells.push(Cell::from(off));
            }
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![Constraint::Length(1), Constraint::Fill(3)];
    let mut header: Vec<String> = vec![String::new(), "name".into()];
    if wide {
        widths.push(Constraint::Fill(2));
        header.push("team".into());
    }
    widths.extend([
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(8),
        Constraint::Length(9),
        Constraint::Length(5),
    ]);
    header.extend([
        "on call".into(),
        "nights".into(),
        "wknd/hol".into(),
        strings::pay_in(&org.currency),
        "share".into(),
    ]);
    if wide {
        widths.push(Constraint::Length(12));
        header.push("time off".into());
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(t.header))
        .row_highlight_style(t.selected)
        .block(Block::bordered().title(strings::PEOPLE_TITLE));
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, table_area, &mut state);

    let Some(person) = org.people.get(app.person_row) else {
        return;
    };
    let team = person.team;
    let members: Vec<usize> = org.team_people(team).collect();
    let rows = members
        .iter()
        .map(|&p| {
            let n = app.derived.loads[p].slices;
            (org.people[p].name.clone(), n as u64, n.to_string())
        })
        .collect();
    let mut bars = Bars::new(rows);
    bars.style = t.bar;
    bars.highlight = members.iter().position(|&p| p == app.person_row);
    bars.highlight_style = t.selected;
    let block = Block::bordered().title(strings::team_nights_title(&org.teams[team].name));
    let inner = block.inner(chart_area);
    frame.render_widget(block, chart_area);
    frame.render_widget(&bars, inner);
}
