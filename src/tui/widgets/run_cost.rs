//! The run-cost chart: yearly standby cost of the tiered plan against one
//! rota per team, as the organisation grows. One line per team count; the
//! baseline is drawn light (`░`) and the tiered cost solid (`█`) over it, so
//! the gap between them is what tiering saves.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use rota_core::analysis::RunCost;
use rota_core::money::Money;

/// One team count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunCostBar {
    pub teams: usize,
    pub tiered: Money,
    pub per_team: Money,
    /// The organisation as it is (not a projection).
    pub now: bool,
    /// The tiered cost at this team count when domains grow with the teams
    /// (the bar itself keeps today's domains).
    pub grown: Option<Money>,
}

pub struct RunCostChart {
    /// Sorted by team count.
    pub bars: Vec<RunCostBar>,
    pub tiered_style: Style,
    pub baseline_style: Style,
    pub label_style: Style,
    pub now_style: Style,
}

impl RunCostChart {
    /// The organisation and its projections by team count: bars with
    /// today's domains, and beside them the cost with domains growing.
    pub fn new(cost: &RunCost) -> RunCostChart {
        let mut bars: Vec<RunCostBar> = std::iter::once(&cost.current)
            .chain(&cost.fixed_domains)
            .map(|r| RunCostBar {
                teams: r.teams,
                tiered: r.tiered_yearly_cost,
                per_team: r.per_team_yearly_cost,
                now: !r.projected,
                grown: cost
                    .projections
                    .iter()
                    .find(|g| r.projected && g.teams == r.teams)
                    .map(|g| g.tiered_yearly_cost),
            })
            .collect();
        bars.sort_by_key(|b| (b.teams, !b.now));
        RunCostChart {
            bars,
            tiered_style: Style::new(),
            baseline_style: Style::new(),
            label_style: Style::new(),
            now_style: Style::new(),
        }
    }
}

/// `950`, `12k`, `1.2m`: whole major units, short enough for a chart.
pub fn short_money(m: Money) -> String {
    let major = m.minor().max(0) / 100;
    if major < 1_000 {
        format!("{major}")
    } else if major < 999_500 {
        format!("{}k", (major + 500) / 1_000)
    } else if major < 99_950_000 {
        let tenths = (major + 50_000) / 100_000;
        format!("{}.{}m", tenths / 10, tenths % 10)
    } else {
        format!("{}m", (major + 500_000) / 1_000_000)
    }
}

impl Widget for &RunCostChart {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 12 || area.height == 0 {
            return;
        }
        let mut y = area.y;
        buf.set_stringn(
            area.x,
            y,
            if self.bars.iter().any(|b| b.grown.is_some()) {
                "█ tiered (new domains)  ░ one rota per team"
            } else {
                "█ tiered  ░ one rota per team"
            },
            area.width as usize,
            self.label_style,
        );
        y += 1;
        let labels: Vec<String> = self
            .bars
            .iter()
            .map(|b| format!("{:>3}{}", b.teams, if b.now { "*" } else { " " }))
            .collect();
        let values: Vec<String> = self
            .bars
            .iter()
            .map(|b| match b.grown {
                Some(g) => format!(
                    "{} ({}) / {}",
                    short_money(b.tiered),
                    short_money(g),
                    short_money(b.per_team)
                ),
                None => format!("{} / {}", short_money(b.tiered), short_money(b.per_team)),
            })
            .collect();
        let label_w = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u16;
        let value_w = values.iter().map(|v| v.chars().count()).max().unwrap_or(0) as u16;
        let bar_w = area.width.saturating_sub(label_w + value_w + 2);
        let max = self
            .bars
            .iter()
            .map(|b| b.per_team.minor().max(b.tiered.minor()))
            .max()
            .unwrap_or(0)
            .max(1) as u128;
        let cells = |m: Money| -> u16 {
            // Round to the nearest cell, but never hide a non-zero cost.
            let v = m.minor().max(0) as u128;
            let n = ((v * bar_w as u128 * 2 + max) / (max * 2)) as u16;
            if v > 0 { n.max(1) } else { 0 }
        };
        for ((bar, label), value) in self.bars.iter().zip(&labels).zip(&values) {
            if y >= area.bottom() {
                break;
            }
            let label_style = if bar.now {
                self.now_style
            } else {
                self.label_style
            };
            buf.set_stringn(area.x, y, label, label_w as usize, label_style);
            let x0 = area.x + label_w + 1;
            let (tiered, baseline) = (cells(bar.tiered), cells(bar.per_team));
            for c in 0..baseline.max(tiered) {
                let (ch, style) = if c < tiered {
                    ('█', self.tiered_style)
                } else {
                    ('░', self.baseline_style)
                };
                buf[(x0 + c, y)].set_char(ch).set_style(style);
            }
            let vx = x0 + baseline.max(tiered) + 1;
            if vx + value.chars().count() as u16 <= area.right() {
                buf.set_string(vx, y, value, self.label_style);
            }
            y += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(teams: usize, tiered: i64, per_team: i64, now: bool) -> RunCostBar {
        RunCostBar {
            teams,
            tiered: Money(tiered * 100),
            per_team: Money(per_team * 100),
            now,
            grown: None,
        }
    }

    #[test]
    fn tiered_over_the_baseline_scaled_to_the_largest() {
        let chart = RunCostChart {
            bars: vec![
                bar(10, 200_000, 500_000, false),
                bar(12, 250_000, 600_000, true),
                bar(40, 500_000, 2_000_000, false),
            ],
            tiered_style: Style::new(),
            baseline_style: Style::new(),
            label_style: Style::new(),
            now_style: Style::new(),
        };
        let mut buf = Buffer::empty(Rect::new(0, 0, 36, 5));
        (&chart).render(buf.area, &mut buf);
        assert_eq!(
            buf,
            Buffer::with_lines([
                "█ tiered  ░ one rota per team       ",
                " 10  ██░░░ 200k / 500k              ",
                " 12* ██░░░░ 250k / 600k             ",
                " 40  █████░░░░░░░░░░░░░░ 500k / 2.0m",
                "                                    ",
            ])
        );
    }

    #[test]
    fn short_money_rounds_to_a_few_digits() {
        assert_eq!(short_money(Money(95_000)), "950");
        assert_eq!(short_money(Money(1_249_900)), "12k");
        assert_eq!(short_money(Money(61_234_500)), "612k");
        assert_eq!(short_money(Money(123_456_700)), "1.2m");
        assert_eq!(short_money(Money(-5)), "0");
    }
}
