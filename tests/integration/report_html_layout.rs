//! The managers' page as a reader sees it: every chart's text inside its
//! drawing, for the page the real binary writes and for awkward views.

use crate::export_fixture::plan_example;
use crate::report_html::view;
use assert_cmd::Command;
use rota_core::money::Money;
use rota_core::report::html::render;
use rota_core::report::svg::text_width;

/// One `<text>` of a chart: where it is drawn and what it says.
#[derive(Debug)]
struct Text {
    x: f64,
    anchor: String,
    content: String,
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// Entities count as the one character they stand for.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every chart of a page: its drawing width and its texts.
fn charts(html: &str) -> Vec<(f64, Vec<Text>)> {
    html.split("<svg")
        .skip(1)
        .map(|rest| {
            let svg = &rest[..rest.find("</svg>").expect("a closed svg")];
            let view_box = attr(svg, "viewBox").expect("a viewBox");
            let parts: Vec<f64> = view_box.split(' ').map(|n| n.parse().unwrap()).collect();
            assert_eq!((parts[0], parts[1]), (0.0, 0.0), "{view_box}");
            let texts = svg
                .split("<text")
                .skip(1)
                .map(|t| {
                    let open = &t[..t.find('>').unwrap()];
                    let body = &t[open.len() + 1..t.find("</text>").unwrap()];
                    Text {
                        x: attr(open, "x").unwrap().parse().unwrap(),
                        anchor: attr(open, "text-anchor").unwrap_or("start").to_string(),
                        content: unescape(body),
                    }
                })
                .collect();
            (parts[2], texts)
        })
        .collect()
}

/// No chart text starts left of its drawing or ends right of it, by the
/// width estimate the margins are sized from. Returns how many charts.
fn assert_labels_fit(html: &str) -> usize {
    let charts = charts(html);
    for (width, texts) in &charts {
        assert!(!texts.is_empty());
        for t in texts {
            let w = text_width(&t.content);
            let start = match t.anchor.as_str() {
                "end" => t.x - w,
                "middle" => t.x - w / 2.0,
                "start" => t.x,
                other => panic!("anchor {other}"),
            };
            assert!(
                start >= 0.0,
                "{t:?} starts at {start:.1}, left of the chart"
            );
            assert!(
                start + w <= *width,
                "{t:?} ends at {:.1}, right of the chart ({width})",
                start + w
            );
        }
    }
    charts.len()
}

#[test]
fn chart_labels_fit_a_long_currency_and_millions() {
    // The run cost's y labels were cut to `BP 2,000,000` with a fixed margin.
    let mut v = view();
    v.currency = "SBP".into();
    for (i, row) in v.run_cost.iter_mut().enumerate() {
        row.tiered_yearly_cost = Money::from_major(400_000.0 * (i + 1) as f64);
        row.per_team_yearly_cost = Money::from_major(1_800_000.0 * (i + 1) as f64);
    }
    v.people[0].name = "Maximiliana Featherstonehaugh-Wolfeschlegel".into();
    v.teams[0].name = "Payments, Cards, Wallets & Refunds".into();
    let html = render(&v);
    assert!(html.contains(">SBP 8,000,000</text>"), "the top y label");
    assert_eq!(assert_labels_fit(&html), 3, "every chart the page draws");
}

#[test]
fn chart_labels_fit_the_small_report() {
    assert_eq!(assert_labels_fit(&render(&view())), 3);
}

#[test]
fn chart_labels_fit_the_page_the_binary_writes() {
    let dir = tempfile::tempdir().unwrap();
    let schedule = plan_example(dir.path(), &["--start", "2026-11-16", "--weeks", "13"]);
    let out = Command::cargo_bin("rota")
        .unwrap()
        .args(["report", schedule.to_str().unwrap(), "--format", "html"])
        .assert()
        .success();
    let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(assert_labels_fit(&html), 3);
}

/// The CSS rules of the page's `@media print` block.
fn print_css(html: &str) -> &str {
    let at = html.find("@media print {").expect("a print block");
    let rest = &html[at..];
    &rest[..rest.find("\n}\n").expect("the block ends")]
}

#[test]
fn every_table_scrolls_in_its_own_box_on_a_phone() {
    let html = render(&view());
    let tables = html.matches("<table").count();
    assert!(tables >= 5, "{tables}");
    assert_eq!(
        html.matches("<div class=\"wide\"><table").count(),
        tables,
        "each table is in a box that scrolls sideways"
    );
    assert_eq!(
        html.matches("</table></div>").count(),
        tables,
        "and the box closes after it"
    );
    assert!(html.contains(".wide { overflow-x: auto;"));
    assert!(html.contains("<meta name=\"viewport\" content=\"width=device-width"));
    // Cards wrap to the width rather than a fixed four columns.
    assert!(html.contains("grid-template-columns: repeat(auto-fill, minmax("));
    let phone = &html[html
        .find("@media (max-width: 600px)")
        .expect("a phone block")..];
    assert!(phone.contains(".cards { grid-template-columns: repeat(2,"));
}

#[test]
fn headings_print_with_what_they_head_and_charts_fit_a_page() {
    let html = render(&view());
    for heading in [
        "<h2>Remuneration</h2>",
        "<h3>Per team</h3>",
        "<h3>Per rota</h3>",
        "<h3>Per domain</h3>",
        "<h2>Load per person</h2>",
        "<h2>Run cost</h2>",
    ] {
        assert!(
            html.contains(&format!("<div class=\"keep\">\n{heading}")),
            "{heading} opens a block kept whole in print"
        );
    }
    // The run-cost table is kept whole, apart from its chart.
    let run_cost = &html[html.find("<section id=\"run-cost\">").unwrap()..];
    assert!(
        run_cost.contains("</figure>\n</div>\n<div class=\"keep\">\n<div class=\"wide\"><table>")
    );
    let print = print_css(&html);
    for rule in [
        "@page { size: A4;",
        "h2, h3, p.note, figcaption { break-after: avoid; }",
        ".keep, figure, tr, li, .card { break-inside: avoid; }",
        "thead { display: table-header-group; }",
        ".wide { overflow: visible; }",
        "svg.chart { max-width: 100%; max-height: 235mm; }",
    ] {
        assert!(print.contains(rule), "{rule} in {print}");
    }
}
