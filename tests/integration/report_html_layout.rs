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
