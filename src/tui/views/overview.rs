//! Overview: the organisation at a glance.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Ui;
use crate::tui::strings;
use rota_core::org::Level;
use rota_core::tier::team_base_level;

/// Whole units: the yearly figures are estimates, pennies add nothing.
fn whole(m: rota_core::money::Money) -> String {
    let s = m.grouped();
    s.rsplit_once('.').map_or(s.clone(), |(w, _)| w.to_string())
}

pub fn render(frame: &mut Frame, area: Rect, ui: &Ui) {
    let lines = lines(ui, area);
    let all = line_count(ui, area);
    // Scrolled with j/k when it does not fit; the bottom border says how
    // many lines are below.
    let visible = area.height.saturating_sub(2) as usize;
    let top = ui.app.overview_scroll.min(all.saturating_sub(visible));
    let below = all.saturating_sub(top + visible);
    let mut block = Block::bordered().title(strings::OVERVIEW_TITLE);
    if top > 0 || below > 0 {
        block = block.title_bottom(strings::help_more(top > 0, below));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((top as u16, 0))
            .block(block),
        area,
    );
}

/// How many lines the Overview's text takes in `area`, wrapped.
pub fn line_count(ui: &Ui, area: Rect) -> usize {
    Paragraph::new(lines(ui, area))
        .wrap(Wrap { trim: false })
        .line_count(area.width.saturating_sub(2))
}

/// The Overview's lines for a box `area` wide.
fn lines(ui: &Ui, area: Rect) -> Vec<Line<'static>> {
    let app = ui.app;
    let org = &app.org;
    let t = ui.theme;
    let d = &app.derived;
    let mut per_level = [0usize; 3];
    for team in 0..org.teams.len() {
        per_level[team_base_level(org, team) as usize] += 1;
    }
    let horizon = app.horizon();
    let pay = &d.pay.total;
    let cost = &d.org.run_cost;
    let filled = d.loads.iter().map(|l| l.slices as usize).sum::<usize>();
    // Both roles: the loads count a secondary's slices too.
    let needed: usize = (0..d.coverage.rotas.len())
        .map(|r| {
            d.coverage.needed_slices(r)
                + (0..horizon.len())
                    .filter(|&n| d.coverage.needs_secondary(r, n))
                    .count()
        })
        .sum();
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<22}"), t.header),
            Span::raw(v),
        ])
    };
    // What a lead looks at first: who is on call tonight and who takes
    // over next, the findings by severity, and how the load is spread; the
    // organisation's figures follow.
    let mut lines = tonight(ui, area.width.saturating_sub(2));
    lines.push(findings_line(ui));
    lines.push(load_line(ui, area.width.saturating_sub(2)));
    lines.extend(vec![
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
        kv(
            "Rotas",
            format!(
                "{} this horizon, {} in a year",
                d.coverage.rotas.len(),
                cost.current.rotas
            ),
        ),
        kv(
            "On call per night",
            format!(
                "{} on a typical night; {} to {} this horizon",
                cost.current.on_call_per_night, d.head_count.0, d.head_count.1
            ),
        ),
        kv("Nights covered", format!("{filled} of {needed}")),
        kv(
            "Pay this horizon",
            format!(
                "{} {} (callouts {}{})",
                org.currency,
                pay.total_pay.grouped(),
                pay.callout_pay.grouped(),
                if d.pay.callouts_estimated {
                    ", estimated"
                } else {
                    ""
                }
            ),
        ),
        kv(
            "Yearly run cost",
            format!(
                "{} {} tiered vs {} one rota per team ({:.0}%)",
                cost.currency,
                whole(cost.current.tiered_yearly_cost),
                whole(cost.current.per_team_yearly_cost),
                cost.tiered_share() * 100.0,
            ),
        ),
    ]);
    lines
}

/// The findings by severity, with the codes of the errors (what must be
/// put right) when there are any.
fn findings_line(ui: &Ui) -> Line<'static> {
    let t = ui.theme;
    let warnings = &ui.app.derived.warnings;
    let (errors, warns) = rota_core::findings::severity_counts(warnings);
    let mut codes: Vec<&str> = warnings
        .iter()
        .filter(|w| w.severity == rota_core::findings::Severity::Error)
        .map(|w| w.code.as_str())
        .collect();
    codes.dedup();
    let mut spans = vec![
        Span::styled(format!("{:<22}", strings::FINDINGS), t.header),
        Span::styled(
            format!("{errors} error{}", rota_core::display::plural(errors)),
            if errors > 0 { t.error } else { t.ok },
        ),
        Span::raw(", "),
        Span::styled(
            format!("{warns} warning{}", rota_core::display::plural(warns)),
            if warns > 0 { t.warning } else { t.ok },
        ),
    ];
    if !codes.is_empty() {
        spans.push(Span::raw(format!(" ({})", codes.join(", "))));
    }
    Line::from(spans)
}

/// A one-line chart of the load: each opted-in person's nights as a bar
/// from ▁ to █, lightest first, then the range.
fn load_line(ui: &Ui, width: u16) -> Line<'static> {
    let app = ui.app;
    let t = ui.theme;
    let mut nights: Vec<u32> = (0..app.org.people.len())
        .filter(|&p| app.org.people[p].on_call)
        .map(|p| app.derived.loads[p].slices)
        .collect();
    nights.sort_unstable();
    let max = nights.last().copied().unwrap_or(0);
    let min = nights.first().copied().unwrap_or(0);
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    // One mark a person, or evenly spaced people when they do not all fit
    // beside the label and the range.
    let room = (width as usize).saturating_sub(22 + 1 + 12).max(1);
    let marks = nights.len().min(room);
    let bars: String = (0..marks)
        .map(|i| nights[i * nights.len() / marks])
        .map(|n| LEVELS[(n as usize * 7).checked_div(max as usize).unwrap_or(0)])
        .collect();
    Line::from(vec![
        Span::styled(format!("{:<22}", strings::LOAD), t.header),
        Span::styled(bars, t.bar),
        Span::raw(format!(" {}", strings::load_range(min, max))),
    ])
}

/// The label of a rota's secondary under it, as on the Rota grid.
const SECONDARY_ROW: &str = crate::tui::widgets::rota_grid::SECONDARY_ROW;

/// The rota names' column before who holds each, with the indent and the
/// space after, when the longest name and its line do not fit in full.
const ROTA_COLUMN: usize = 23;

/// "On call tonight": per rota, who holds it when today's out-of-hours slice
/// starts, until when; or who is next when nobody does. A rota with a
/// secondary tonight has a second line (`└ 2nd`) naming them, or saying
/// nobody is when the rota needs one and has none. The rota names are
/// given in full when every line fits beside the longest; otherwise they
/// are cut (marked …) and, where a line still does not fit, the handoff's
/// time is left out rather than the line wrapping.
fn tonight(ui: &Ui, width: u16) -> Vec<Line<'static>> {
    let app = ui.app;
    let t = ui.theme;
    let org = &app.org;
    let evening = rota_core::calendar::slice(org, app.today).start;
    let day = |at: chrono::DateTime<chrono::FixedOffset>| {
        at.with_timezone(&org.timezone)
            .format("%a %d %b %H:%M")
            .to_string()
    };
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{:<22}", strings::ON_CALL_TONIGHT), t.header),
        Span::raw(strings::tonight_from(&day(evening.fixed_offset()))),
    ])];
    let rotas = rota_core::schedule::oncall::on_call_at(org, &app.schedule, evening);
    if rotas.is_empty() {
        out.push(Line::raw(format!("  {}", strings::NO_SHIFTS)));
    }
    let name = |id: &str| {
        org.person_index(id)
            .map_or_else(|| id.to_string(), |p| org.people[p].name.clone())
    };
    let coverage = &app.derived.coverage;
    let today = coverage.horizon.index_of(app.today);
    // Per rota: its name, the line in full, the line without the handoff's
    // time (when it has one), and the line's style.
    type Row = (String, String, Option<String>, ratatui::style::Style);
    let rows: Vec<Row> = rotas
        .iter()
        .flat_map(|r| {
            let index = coverage.rota_index(&r.rota);
            let rota = index.map_or_else(
                || r.rota.clone(),
                |i| rota_core::export::rota_name(coverage, i),
            );
            // "rota" goes without saying under this heading.
            let rota = rota.strip_suffix(" rota").unwrap_or(&rota).to_string();
            let needs_cover = match (index, today) {
                (Some(i), Some(d)) => coverage.needs_cover(i, d),
                _ => true,
            };
            let needs_secondary = match (index, today) {
                (Some(i), Some(d)) => coverage.needs_secondary(i, d),
                _ => false,
            };
            let secondary: Option<Row> = match &r.secondary {
                Some(on) => Some((
                    SECONDARY_ROW.to_string(),
                    format!("{}, until {}", name(&on.person), day(on.until)),
                    Some(name(&on.person)),
                    t.base,
                )),
                None if needs_secondary => Some((
                    SECONDARY_ROW.to_string(),
                    strings::NOBODY_SECONDARY.to_string(),
                    None,
                    t.warning,
                )),
                None => None,
            };
            let (full, short, style) = match (&r.on_call, &r.next) {
                (Some(on), Some(next)) => (
                    strings::on_then_next(&name(&on.person), &day(on.until), &name(&next.person)),
                    Some(strings::on_then(&name(&on.person), &name(&next.person))),
                    t.base,
                ),
                (Some(on), None) => (
                    format!("{}, until {}", name(&on.person), day(on.until)),
                    None,
                    t.base,
                ),
                (None, _) if !needs_cover => (strings::NO_COVER_TONIGHT.to_string(), None, t.dim),
                (None, Some(next)) => (
                    strings::nobody_then_next(&name(&next.person), &day(next.since)),
                    None,
                    t.warning,
                ),
                (None, None) => (strings::NOBODY.to_string(), None, t.warning),
            };
            std::iter::once((rota, full, short, style)).chain(secondary)
        })
        .collect();
    let width = width as usize;
    let longest = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let widest = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let column = if 3 + longest + widest <= width {
        3 + longest
    } else {
        ROTA_COLUMN
    };
    for (rota, full, short, style) in rows {
        let who = match short {
            Some(short) if column + full.chars().count() > width => short,
            _ => full,
        };
        out.push(Line::from(vec![
            Span::raw(format!("  {:<w$} ", fit(&rota, column - 3), w = column - 3)),
            Span::styled(who, style),
        ]));
    }
    out
}

/// `text` in at most `width` characters: whole when it fits, else cut
/// with … as its last.
fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}
