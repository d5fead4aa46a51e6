//! Overview: the organisation at a glance.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::Ui;
use crate::money::Money;
use crate::org::Level;
use crate::tier::team_base_level;

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let app = ui.app;
    let org = &app.org;
    let t = ui.theme;
    let d = &app.derived;
    let mut per_level = [0usize; 3];
    for team in 0..org.teams.len() {
        per_level[team_base_level(org, team) as usize] += 1;
    }
    let horizon = app.horizon();
    let standby: Money = d.loads.iter().map(|l| l.pay).sum();
    let days = horizon.len().max(1) as i64;
    let yearly = Money(standby.0 * 365 / days);
    let (errors, warnings) = crate::tui::app::severity_counts(&d.warnings);
    let filled = d.loads.iter().map(|l| l.slices as usize).sum::<usize>();
    let needed: usize = (0..d.coverage.rotas.len())
        .map(|r| d.coverage.needed_slices(r))
        .sum();
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<22}"), t.header),
            Span::raw(v),
        ])
    };
    let lines = vec![
        kv(
            "Organisation",
            format!("{} ({}, {})", org.name, org.timezone, org.currency),
        ),
        kv(
            "Horizon",
            format!(
                "{} to {} ({} nights)",
                horizon.start,
                horizon.end.pred_opt().unwrap_or(horizon.end),
                horizon.len()
            ),
        ),
        kv(
            "People / teams",
            format!(
                "{} people ({} opted in), {} teams, {} services",
                org.people.len(),
                org.people.iter().filter(|p| p.on_call).count(),
                org.teams.len(),
                org.services.len()
            ),
        ),
        kv(
            "Teams per level",
            format!(
                "team {}, domain {}, none {}",
                per_level[Level::Team as usize],
                per_level[Level::Domain as usize],
                per_level[Level::None as usize]
            ),
        ),
        kv("Rotas", format!("{}", d.coverage.rotas.len())),
        kv(
            "On call per night",
            format!(
                "{} to {} people (average {:.1})",
                d.head_count.0, d.head_count.1, d.head_count.2
            ),
        ),
        kv("Nights covered", format!("{filled} of {needed}")),
        kv(
            "Standby pay",
            format!(
                "{} {} this horizon, {} a year",
                org.currency,
                standby.grouped(),
                yearly.grouped()
            ),
        ),
        Line::from(vec![
            Span::styled(format!("{:<22}", "Findings"), t.header),
            Span::styled(
                format!("{errors} errors"),
                if errors > 0 { t.error } else { t.ok },
            ),
            Span::raw(", "),
            Span::styled(
                format!("{warnings} warnings"),
                if warnings > 0 { t.warning } else { t.ok },
            ),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Overview ")),
        area,
    );
}
