//! Charts as inline SVG, from plain numbers, for the HTML report. No
//! scripts, no external fonts or styles: the page prints and opens offline.
//! Geometry uses `f64`; every label is text the caller formatted (money
//! stays exact in the labels).

use std::fmt::Write as _;
use std::ops::Add as _;

use crate::display::escape_html;

/// Drawing width of every chart, in SVG user units (scales to the page).
pub const WIDTH: f64 = 720.0;

/// The font size the page gives chart text, in SVG user units.
pub const FONT: f64 = 13.0;

/// How wide `text` is drawn at [`FONT`], estimated on the generous side (0.6
/// em a character; digits and most letters of a sans-serif are narrower), so
/// a margin sized from it holds the label in whatever font the reader has.
/// Margins are sized from this rather than fixed, so a long currency or name
/// does not run off the chart.
pub fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * FONT * 0.6
}

/// Space between a label and what it labels, and between a label and the
/// chart's edge.
const GAP: f64 = 6.0;

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
    let labels: Vec<String> = bars.iter().map(|b| truncate(&b.label, 24)).collect();
    // The label column and the room after the longest bar are as wide as
    // their longest text, so no label is cut at the chart's edge.
    let widest = |texts: &mut dyn Iterator<Item = &str>| texts.map(text_width).fold(0.0, f64::max);
    let label_w = (widest(&mut labels.iter().map(String::as_str)) + 2.0 * GAP).max(40.0);
    let text_w = widest(&mut bars.iter().map(|b| b.text.as_str())) + 2.0 * GAP;
    let top = 8.0;
    let height = top * 2.0 + ROW * bars.len().max(1) as f64;
    let span = (WIDTH - label_w - text_w).max(WIDTH / 4.0);
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
    for (i, (bar, label)) in bars.iter().zip(&labels).enumerate() {
        let y = top + ROW * i as f64;
        let w = if max > 0.0 && bar.value.is_finite() {
            (bar.value.max(0.0) / max * span).max(if bar.value > 0.0 { 1.0 } else { 0.0 })
        } else {
            0.0
        };
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="label" text-anchor="end">{}</text><rect x="{label_w:.1}" y="{:.1}" width="{:.1}" height="{:.1}" class="bar"/><text x="{:.1}" y="{:.1}" class="value">{}</text>"#,
            label_w - GAP,
            y + 15.0,
            escape_html(label),
            y + 3.0,
            w,
            ROW - 6.0,
            label_w + w + GAP,
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
    let y_ticks: Vec<(f64, String)> = ticks(y_max).into_iter().map(|t| (t, y_tick(t))).collect();
    let x_ticks: Vec<(f64, String)> = ticks(x_max)
        .into_iter()
        .map(|t| (t, format_tick(t)))
        .collect();
    // The y labels end at the axis: the margin is the longest of them, so
    // a currency and seven digits keep their first letter.
    let left = y_ticks
        .iter()
        .map(|(_, l)| text_width(l))
        .fold(0.0, f64::max)
        .add(2.0 * GAP)
        .ceil();
    // The last x label is centred on the plot's right edge.
    let right = x_ticks
        .last()
        .map_or(0.0, |(_, l)| text_width(l) / 2.0 + GAP)
        .max(24.0)
        .ceil();
    // The legend wraps onto as many rows as it needs above the plot.
    let mut legend = Vec::new();
    let (mut legend_x, mut legend_row) = (left, 0usize);
    for s in series {
        let w = 30.0 + text_width(&s.name);
        if legend_x > left && legend_x + w > WIDTH - GAP {
            legend_x = left;
            legend_row += 1;
        }
        legend.push((legend_x, 14.0 + 20.0 * legend_row as f64));
        legend_x += w + 16.0;
    }
    let (top, bottom) = (34.0 + 20.0 * legend_row as f64, 46.0);
    let height = 306.0 + top;
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let sx = |x: f64| left + x / x_max * plot_w;
    let sy = |y: f64| top + plot_h - y / y_max * plot_h;

    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape_html(title)
    );
    // Grid and y ticks.
    for (tick, label) in &y_ticks {
        let y = sy(*tick);
        let _ = write!(
            out,
            r#"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" class="grid"/><text x="{:.1}" y="{:.1}" class="label" text-anchor="end">{}</text>"#,
            left + plot_w,
            left - GAP,
            y + 4.0,
            escape_html(label)
        );
    }
    for (tick, label) in &x_ticks {
        let x = sx(*tick);
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" class="axis"/><text x="{x:.1}" y="{:.1}" class="label" text-anchor="middle">{}</text>"#,
            top + plot_h,
            top + plot_h + 5.0,
            top + plot_h + 19.0,
            escape_html(label)
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
        height - 8.0,
        escape_html(x_label)
    );
    // Lines, points and legend.
    for (i, (s, &(legend_x, legend_y))) in series.iter().zip(&legend).enumerate() {
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
            r#"<line x1="{legend_x:.1}" y1="{legend_y}" x2="{:.1}" y2="{legend_y}" class="{class}"/><text x="{:.1}" y="{:.1}" class="label" data-series="{i}">{}</text>"#,
            legend_x + 24.0,
            legend_x + 30.0,
            legend_y + 4.0,
            escape_html(&s.name)
        );
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
        // Labels take 5 characters and 12 of gaps (51), values 3 and 12
        // (35.4): the span is 633.6, the longest bar fills it, half is half.
        assert!(svg.contains(r#"<rect x="51.0""#), "{svg}");
        assert!(svg.contains(r#"width="633.6""#), "{svg}");
        assert!(svg.contains(r#"width="316.8""#), "{svg}");
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
        // x axis to 80, y axis to 800; the y labels (`£800`, 4 characters)
        // and gaps make a margin of 44 (43.2 rounded up): the plot is 652
        // wide from there, 260 high from 34.
        assert!(svg.contains(r#"points="125.5,261.5 696.0,196.5""#), "{svg}");
        assert!(svg.contains(r#"points="125.5,261.5 696.0,34.0""#), "{svg}");
        assert!(svg.contains(">£800</text>"));
        assert!(svg.contains(r#"class="line alt""#));
    }

    #[test]
    fn the_y_margin_holds_the_longest_label_and_the_legend_wraps() {
        let long = |v: f64| format!("SBP {v:.0},000,000");
        let names = [
            "tiered, today's domains",
            "tiered, new domains",
            "one rota per team (linear)",
            "a fourth series with a long name",
        ];
        let series: Vec<Series> = names
            .iter()
            .map(|n| Series {
                name: n.to_string(),
                points: vec![(0.0, 0.0), (80.0, 2.0)],
                dashed: false,
            })
            .collect();
        let svg = line_chart("t", "teams", &series, &long);
        let label = long(2.0);
        let margin = (text_width(&label) + 2.0 * GAP).ceil();
        // The longest label ends at the axis and starts a gap inside the edge.
        assert!(
            svg.contains(&format!(
                r#"<text x="{:.1}" y="58.0" class="label" text-anchor="end">{label}</text>"#,
                margin - GAP
            )),
            "{svg}"
        );
        assert!(
            svg.contains(&format!(r#"<line x1="{margin}" y1="54""#)),
            "{svg}"
        );
        // Four legend entries need two rows: the plot starts a row lower.
        assert!(svg.contains(r#"viewBox="0 0 720 360""#), "{svg}");
        assert!(
            svg.contains(r#" y="38.0" class="label" data-series="2""#),
            "{svg}"
        );
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
