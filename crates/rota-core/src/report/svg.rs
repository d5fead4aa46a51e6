//! Charts as inline SVG, from plain numbers, for the HTML report. No
//! scripts, no external fonts or styles: the page prints and opens offline.
//! Geometry uses `f64`; every label is text the caller formatted (money
//! stays exact in the labels).

use std::fmt::Write as _;

use crate::display::escape_html;

/// Drawing width of every chart, in SVG user units (scales to the page).
const WIDTH: f64 = 720.0;

/// One bar: its label, its length, and the text shown at its end.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// A horizontal bar chart, one bar per row, longest value scaled to the width.
pub fn bar_chart(title: &str, bars: &[Bar]) -> String {
    const ROW: f64 = 22.0;
    const LABEL: f64 = 190.0;
    const TEXT: f64 = 110.0;
    let top = 8.0;
    let height = top * 2.0 + ROW * bars.len().max(1) as f64;
    let span = WIDTH - LABEL - TEXT;
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape_html(title)
    );
    if bars.is_empty() {
        let _ = write!(
            out,
            r#"<text x="0" y="{}" class="note">Nothing to show.</text>"#,
            top + 15.0
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = top + ROW * i as f64;
        let w = if max > 0.0 && bar.value.is_finite() {
            (bar.value.max(0.0) / max * span).max(if bar.value > 0.0 { 1.0 } else { 0.0 })
        } else {
            0.0
        };
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="label" text-anchor="end">{}</text><rect x="{LABEL}" y="{:.1}" width="{:.1}" height="{:.1}" class="bar"/><text x="{:.1}" y="{:.1}" class="value">{}</text>"#,
            LABEL - 8.0,
            y + 15.0,
            escape_html(&truncate(&bar.label, 24)),
            y + 3.0,
            w,
            ROW - 6.0,
            LABEL + w + 6.0,
            y + 15.0,
            escape_html(&bar.text)
        );
    }
    out.push_str("</svg>");
    out
}

/// One line of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// `(x, y)`, in increasing x.
    pub points: Vec<(f64, f64)>,
    /// Drawn dashed (a baseline to compare against).
    pub dashed: bool,
}

/// A line chart with axes from zero, ticks at round numbers, and a legend.
/// `x_label` and `y_tick` format the axis labels.
pub fn line_chart(
    title: &str,
    x_label: &str,
    series: &[Series],
    y_tick: &dyn Fn(f64) -> String,
) -> String {
    const HEIGHT: f64 = 340.0;
    let (left, right, top, bottom) = (96.0, 24.0, 34.0, 46.0);
    let plot_w = WIDTH - left - right;
    let plot_h = HEIGHT - top - bottom;
    let finite = |v: &f64| v.is_finite();
    let xs: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .filter(finite)
        .collect();
    let ys: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .filter(finite)
        .collect();
    let x_max = nice_max(xs.iter().copied().fold(0.0, f64::max));
    let y_max = nice_max(ys.iter().copied().fold(0.0, f64::max));
    let sx = |x: f64| left + x / x_max * plot_w;
    let sy = |y: f64| top + plot_h - y / y_max * plot_h;

    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape_html(title)
    );
    // Grid and y ticks.
    for tick in ticks(y_max) {
        let y = sy(tick);
        let _ = write!(
            out,
            r#"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" class="grid"/><text x="{:.1}" y="{:.1}" class="label" text-anchor="end">{}</text>"#,
            left + plot_w,
            left - 6.0,
            y + 4.0,
            escape_html(&y_tick(tick))
        );
    }
    for tick in ticks(x_max) {
        let x = sx(tick);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" class="axis"/><text x="{x:.1}" y="{:.1}" class="label" text-anchor="middle">{}</text>"#,
            top + plot_h,
            top + plot_h + 5.0,
            top + plot_h + 19.0,
            format_tick(tick)
        );
    }
    let _ = write!(
        out,
        r#"<line x1="{left}" y1="{top}" x2="{left}" y2="{:.1}" class="axis"/><line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" class="axis"/><text x="{:.1}" y="{:.1}" class="label" text-anchor="middle">{}</text>"#,
        top + plot_h,
        top + plot_h,
        left + plot_w,
        top + plot_h,
        left + plot_w / 2.0,
        HEIGHT - 8.0,
        escape_html(x_label)
    );
    // Lines, points and legend.
    let mut legend_x = left;
    for (i, s) in series.iter().enumerate() {
        let class = if s.dashed { "line alt" } else { "line" };
        let points: Vec<String> = s
            .points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .map(|&(x, y)| format!("{:.1},{:.1}", sx(x), sy(y)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline points="{}" class="{class}"/>"#,
            points.join(" ")
        );
        for p in &points {
            if let Some((x, y)) = p.split_once(',') {
                let _ = write!(
                    out,
                    r#"<circle cx="{x}" cy="{y}" r="3.5" class="{class}"/>"#
                );
            }
        }
        let _ = write!(
            out,
            r#"<line x1="{legend_x:.1}" y1="14" x2="{:.1}" y2="14" class="{class}"/><text x="{:.1}" y="18" class="label" data-series="{i}">{}</text>"#,
            legend_x + 24.0,
            legend_x + 30.0,
            escape_html(&s.name)
        );
        legend_x += 40.0 + 7.0 * s.name.chars().count() as f64;
    }
    out.push_str("</svg>");
    out
}

/// The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of
/// ten) at or above `v`.
fn nice_max(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(v.log10().floor());
    for m in [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * power >= v {
            return m * power;
        }
    }
    10.0 * power
}

/// About five round ticks from zero to `max` (a `nice_max`).
fn ticks(max: f64) -> Vec<f64> {
    let step = nice_max(max / 5.0);
    let n = (max / step).round() as usize;
    (0..=n.min(10)).map(|i| i as f64 * step).collect()
}

fn format_tick(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: format!("{value}"),
        }
    }

    #[test]
    fn bars_scale_to_the_longest_and_escape_labels() {
        let svg = bar_chart("Pay <per> team", &[bar("A & B", 50.0), bar("C", 100.0)]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title>Pay &lt;per&gt; team</title>"));
        assert!(svg.contains(">A &amp; B</text>"));
        // Span is 720 - 190 - 110 = 420: the longest bar fills it, half is half.
        assert!(svg.contains(r#"width="420.0""#), "{svg}");
        assert!(svg.contains(r#"width="210.0""#), "{svg}");
    }

    #[test]
    fn empty_and_degenerate_input_draws_without_nan() {
        for svg in [
            bar_chart("t", &[]),
            bar_chart(
                "t",
                &[
                    bar("zero", 0.0),
                    Bar {
                        label: "not a number".into(),
                        value: f64::NAN,
                        text: "n/a".into(),
                    },
                ],
            ),
            line_chart("t", "teams", &[], &|v| format!("{v}")),
            line_chart(
                "t",
                "teams",
                &[Series {
                    name: "flat".into(),
                    points: vec![(0.0, 0.0), (f64::NAN, 1.0)],
                    dashed: false,
                }],
                &|v| format!("{v}"),
            ),
        ] {
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        }
    }

    #[test]
    fn lines_map_points_onto_round_axes() {
        let svg = line_chart(
            "Run cost",
            "teams",
            &[
                Series {
                    name: "tiered".into(),
                    points: vec![(10.0, 100.0), (80.0, 300.0)],
                    dashed: false,
                },
                Series {
                    name: "one rota per team".into(),
                    points: vec![(10.0, 100.0), (80.0, 800.0)],
                    dashed: true,
                },
            ],
            &|v| format!("£{v:.0}"),
        );
        // x axis to 80, y axis to 800; plot 600 wide from 96, 260 high from 34.
        assert!(svg.contains(r#"points="171.0,261.5 696.0,196.5""#), "{svg}");
        assert!(svg.contains(r#"points="171.0,261.5 696.0,34.0""#), "{svg}");
        assert!(svg.contains(">£800</text>"));
        assert!(svg.contains(r#"class="line alt""#));
    }

    #[test]
    fn round_maxima() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 8.0);
        assert_eq!(nice_max(9.0), 10.0);
        assert_eq!(nice_max(130.0), 150.0);
        assert_eq!(nice_max(480.0), 500.0);
        assert_eq!(nice_max(624_000.0), 800_000.0);
        assert_eq!(ticks(500.0), vec![0.0, 100.0, 200.0, 300.0, 400.0, 500.0]);
        assert_eq!(ticks(800.0), vec![0.0, 200.0, 400.0, 600.0, 800.0]);
    }
}
