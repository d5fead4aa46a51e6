//! People: the roster with load and pay, and a chart of load across the
//! selected person's team.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, TableState};

use super::{Ui, column_table, column_width, columns_shown, visible_rows};
use crate::tui::strings;
use crate::tui::widgets::bars::Bars;

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let app = ui.app;
    let org = &app.org;
    let t = ui.theme;
    let nights = app.horizon().len().max(1) as f64;
    // Over a burnout limit, or on call when off or on two rotas.
    let at_risk = |p: usize| app.derived.at_risk.get(p).copied().unwrap_or(false);
    let [table_area, chart_area] =
        Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(area);
    // The columns: name (after the at-risk mark), team, on call, nights,
    // weekend and holiday nights, pay, share, the last time off.
    let header = [
        " name".to_string(),
        "team".to_string(),
        "on call".to_string(),
        "nights".to_string(),
        "wknd/hol".to_string(),
        strings::pay_in(&org.currency),
        "share".to_string(),
        "time off".to_string(),
    ];
    // Measured without formatting every row: the longest name and team,
    // the largest figures.
    let loads = &app.derived.loads;
    let most = |f: fn(&crate::tui::app::Load) -> u32| loads.iter().map(f).max().unwrap_or(0);
    let width = [
        (org.people
            .iter()
            .map(|p| p.name.chars().count())
            .max()
            .unwrap_or(0)
            + 1)
        .max(header[0].chars().count()),
        column_width(&header[1], org.teams.iter().map(|t| t.id.as_str())),
        column_width(&header[2], ["out"].into_iter()),
        column_width(
            &header[3],
            [most(|l| l.slices).to_string().as_str()].into_iter(),
        ),
        column_width(
            &header[4],
            [format!("{}/{}", most(|l| l.weekend), most(|l| l.holiday)).as_str()].into_iter(),
        ),
        column_width(
            &header[5],
            [loads
                .iter()
                .map(|l| l.pay)
                .max()
                .unwrap_or_default()
                .grouped()
                .as_str()]
            .into_iter(),
        ),
        column_width(&header[6], ["100%"].into_iter()),
        column_width(&header[7], ["12-31..01-01"].into_iter()),
    ];
    // The last time off, then the team (the chart below names it), are left
    // out when the names and figures would not fit whole with them.
    const REQUIRED: [usize; 6] = [0, 2, 3, 4, 5, 6];
    const OPTIONAL: [usize; 2] = [7, 1];
    let (columns, fits) = columns_shown(area.width, &width, &REQUIRED, &OPTIONAL);
    let (shown, selected) = visible_rows(org.people.len(), app.person_row, table_area);
    let rows: Vec<Row> = shown
        .map(|i| {
            let p = &org.people[i];
            let l = app.derived.loads[i];
            let cell = |c: usize| -> Cell {
                match c {
                    0 => Cell::from(Line::from(vec![
                        Span::styled(if at_risk(i) { "!" } else { " " }, t.error),
                        Span::raw(p.name.clone()),
                    ])),
                    1 => Cell::from(org.teams[p.team].id.clone()),
                    2 => Cell::from(if p.on_call { "in" } else { "out" }),
                    3 => Cell::from(l.slices.to_string()),
                    4 => Cell::from(format!("{}/{}", l.weekend, l.holiday)),
                    5 => Cell::from(l.pay.grouped()),
                    6 => Cell::from(format!("{:.0}%", l.slices as f64 / nights * 100.0)),
                    _ => Cell::from(
                        p.time_off
                            .last()
                            .map(|t| {
                                format!("{}..{}", t.from.format("%m-%d"), t.to.format("%m-%d"))
                            })
                            .unwrap_or_default(),
                    ),
                }
            };
            Row::new(columns.iter().map(|&c| cell(c)))
        })
        .collect();
    let table = column_table(
        rows,
        &header,
        (&columns, fits),
        &width,
        strings::PEOPLE_TITLE,
        t,
    );
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
