//! Costs: pay (standby and callouts) per person, team, domain and rota over
//! the horizon or one month of it, as `analysis::remuneration` works it out,
//! and the yearly run cost against one rota per team as teams grow.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Ui;
use crate::tui::strings;
use crate::tui::widgets::bars::Bars;
use crate::tui::widgets::run_cost::RunCostChart;
use rota_core::analysis::Total;
use rota_core::money::Money;

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let app = ui.app;
    let t = ui.theme;
    let pay = &app.cost_pay;
    let (_, label) = app.cost_period();
    let total = &pay.total;
    let callouts = if pay.callouts_estimated {
        format!("{:.1} callouts expected (estimated)", total.callouts)
    } else {
        format!("{:.0} callouts recorded", total.callouts)
    };
    let head = vec![
        Line::from(vec![
            Span::styled(
                format!(
                    " Pay for {label}: {} {}",
                    pay.currency,
                    total.total_pay.grouped()
                ),
                t.title,
            ),
            Span::raw(format!(
                "  ({} nights on call by {} people)",
                total.slices(),
                total.people
            )),
        ]),
        Line::from(vec![
            Span::raw(format!(
                " standby {} + callouts {}: ",
                total.standby_pay.grouped(),
                total.callout_pay.grouped()
            )),
            Span::styled(
                callouts,
                if pay.callouts_estimated {
                    t.dim
                } else {
                    t.base
                },
            ),
        ]),
    ];
    // The run-cost chart wants eight lines; on a short screen the bars
    // above keep half of what is left.
    let bottom_h = 8.min(area.height.saturating_sub(2) / 2);
    // The two lines of totals wrap rather than being cut on a narrow
    // screen, taking up to four, so long as the bars keep room for a few
    // people (borders, two rows and the "more" line); on the smallest
    // screen the bars come first and the lines are cut.
    let wrapped = Paragraph::new(head.clone()).wrap(Wrap { trim: false });
    let wrapped_h = (wrapped.line_count(area.width) as u16).clamp(2, 4);
    let (head, head_h) = if area.height.saturating_sub(bottom_h + wrapped_h) >= 5 {
        (wrapped, wrapped_h)
    } else {
        (Paragraph::new(head), 2)
    };
    let [head_area, top, bottom] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Fill(1),
        Constraint::Length(bottom_h),
    ])
    .areas(area);
    frame.render_widget(head, head_area);

    let [left, middle, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(top);
    let [domain_area, run_cost_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Fill(2)]).areas(bottom);

    // The best-paid people first, so the chart shows who carries the load.
    let order = app.costs_order();
    let by_index: std::collections::HashMap<usize, &rota_core::analysis::PersonPay> =
        pay.people.iter().map(|p| (p.index, p)).collect();
    let person_rows = order
        .iter()
        .map(|i| {
            let p = by_index[i];
            (
                // Names, as every screen shows people.
                app.org.people[p.index].name.clone(),
                p.total_pay.minor().max(0) as u64,
                whole(p.total_pay),
            )
        })
        .collect();
    let totals = |rows: &[Total]| -> Vec<(String, u64, String)> {
        rows.iter()
            .map(|r| {
                (
                    r.id.clone(),
                    r.total_pay.minor().max(0) as u64,
                    whole(r.total_pay),
                )
            })
            .collect()
    };
    let panels = [
        (person_rows, left, strings::PER_PERSON, t.bar),
        (totals(&pay.teams), middle, strings::PER_TEAM, t.bar),
        (totals(&pay.rotas), right, strings::PER_ROTA, t.bar_alt),
        (
            totals(&pay.domains),
            domain_area,
            strings::PER_DOMAIN,
            t.bar_alt,
        ),
    ];
    // The person under the cursor (j/k) is kept in view in the per-person
    // chart, so every person can be reached when they do not all fit.
    let person_at = order.iter().position(|&p| p == app.person_row);
    for (k, (rows, rect, title, style)) in panels.into_iter().enumerate() {
        let mut chart = Bars::new(rows);
        chart.style = style;
        if k == 0 {
            chart.highlight = person_at;
            chart.highlight_style = t.selected;
        }
        let block = Block::bordered().title(title);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        frame.render_widget(&chart, inner);
    }

    let cost = &app.derived.org.run_cost;
    let mut chart = RunCostChart::new(cost);
    chart.tiered_style = t.bar;
    chart.baseline_style = t.bar_alt;
    chart.now_style = t.header;
    let mut title = strings::run_cost_title(&cost.currency, cost.tiered_share() * 100.0);
    if title.chars().count() + 2 > run_cost_area.width as usize {
        title = strings::run_cost_title_short(&cost.currency);
    }
    let block = Block::bordered().title(title);
    let inner = block.inner(run_cost_area);
    frame.render_widget(block, run_cost_area);
    frame.render_widget(&chart, inner);
}

/// `6,742` for 6,742.04: bars have no room for pennies (the totals above
/// keep them).
fn whole(m: Money) -> String {
    let rounded = Money((m.minor() + 50).div_euclid(100) * 100).grouped();
    rounded
        .strip_suffix(".00")
        .map(str::to_string)
        .unwrap_or(rounded)
}
