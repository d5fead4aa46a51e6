//! Costs: standby pay per team and per rota over the horizon.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Block;

use super::Ui;
use crate::money::Money;
use crate::tui::widgets::bars::Bars;

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let app = ui.app;
    let org = &app.org;
    let t = ui.theme;
    let d = &app.derived;
    let mut per_team = vec![Money(0); org.teams.len()];
    for (p, l) in d.loads.iter().enumerate() {
        per_team[org.people[p].team] += l.pay;
    }
    let mut per_rota = vec![Money(0); d.coverage.rotas.len()];
    for a in &d.resolved.assignments {
        for day in a.days() {
            if let Some(s) = d.coverage.slices.get(day) {
                per_rota[a.rota] += org.pay.standby(s.kind);
            }
        }
    }
    let total: Money = per_team.iter().copied().sum();
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(area);
    let team_rows = org
        .teams
        .iter()
        .zip(&per_team)
        .map(|(team, m)| (team.id.clone(), m.0.max(0) as u64, m.grouped()))
        .collect();
    let rota_rows = d
        .coverage
        .rotas
        .iter()
        .zip(&per_rota)
        .map(|(r, m)| (r.id.clone(), m.0.max(0) as u64, m.grouped()))
        .collect();
    for (rows, rect, title, style) in [
        (
            team_rows,
            left,
            format!(
                " Standby pay per team ({} {}) ",
                org.currency,
                total.grouped()
            ),
            t.bar,
        ),
        (
            rota_rows,
            right,
            " Standby pay per rota ".to_string(),
            t.bar_alt,
        ),
    ] {
        let mut bars = Bars::new(rows);
        bars.style = style;
        let block = Block::bordered().title(title);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        frame.render_widget(&bars, inner);
    }
}
