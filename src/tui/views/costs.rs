//! Costs: standby pay per person, team and rota over the horizon or one
//! month of it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::Ui;
use crate::money::Money;
use crate::tui::widgets::bars::Bars;

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let app = ui.app;
    let org = &app.org;
    let t = ui.theme;
    let d = &app.derived;
    let (period, label) = app.cost_period();
    let mut per_person = vec![Money(0); org.people.len()];
    let mut per_rota = vec![Money(0); d.coverage.rotas.len()];
    for a in &d.resolved.assignments {
        for day in a.days() {
            if !period.contains(&day) {
                continue;
            }
            if let Some(s) = d.coverage.slices.get(day) {
                let pay = org.pay.standby(s.kind);
                per_rota[a.rota] += pay;
                per_person[a.person] += pay;
            }
        }
    }
    let mut per_team = vec![Money(0); org.teams.len()];
    for (p, m) in per_person.iter().enumerate() {
        per_team[org.people[p].team] += *m;
    }
    let total: Money = per_team.iter().copied().sum();
    let [head, panels] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                " Standby pay for {label}: {} {}",
                org.currency,
                total.grouped()
            ),
            t.title,
        )),
        head,
    );
    let [left, middle, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(panels);
    let bars = |names: Vec<String>, money: &[Money]| -> Vec<(String, u64, String)> {
        names
            .into_iter()
            .zip(money)
            .map(|(n, m)| (n, m.0.max(0) as u64, m.grouped()))
            .collect()
    };
    // The best-paid people first, so the chart shows who carries the load.
    let mut people: Vec<usize> = (0..org.people.len())
        .filter(|&p| per_person[p].0 > 0)
        .collect();
    people.sort_by_key(|&p| (std::cmp::Reverse(per_person[p].0), p));
    let person_rows = people
        .iter()
        .map(|&p| {
            (
                org.people[p].id.clone(),
                per_person[p].0 as u64,
                per_person[p].grouped(),
            )
        })
        .collect();
    let panels = [
        (person_rows, left, " Per person ", t.bar),
        (
            bars(org.teams.iter().map(|x| x.id.clone()).collect(), &per_team),
            middle,
            " Per team ",
            t.bar,
        ),
        (
            bars(
                d.coverage.rotas.iter().map(|r| r.id.clone()).collect(),
                &per_rota,
            ),
            right,
            " Per rota ",
            t.bar_alt,
        ),
    ];
    for (rows, rect, title, style) in panels {
        let mut chart = Bars::new(rows);
        chart.style = style;
        let block = Block::bordered().title(title);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        frame.render_widget(&chart, inner);
    }
}
