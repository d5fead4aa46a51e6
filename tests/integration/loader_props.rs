//! Whatever the input, the loaders never panic: arbitrary text, and random
//! mutations of the example (deleted lines, changed values).

use proptest::prelude::*;
use rota_core::org::parse_organisation;
use rota_core::schedule::parse_schedule;

const EXAMPLE: &str = include_str!("../../schedules/example.toml");

/// Replacement values that are each wrong somewhere.
const VALUES: &[&str] = &[
    "\"\"",
    "-1",
    "0",
    "1e309",
    "nan",
    "\"2026-02-30\"",
    "2026-11-01",
    "[]",
    "{}",
    "true",
    "\"x\"",
    "\"Europe/Nowhere\"",
    "99999999999999999999",
    "\"25:99\"",
    "[\"mon\", 3]",
    "{ from = \"2027-01-02\", to = \"2027-01-01\" }",
];

fn mutate(lines: &[&str], edits: &[(usize, u8, usize)]) -> String {
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for &(at, kind, value) in edits {
        if out.is_empty() {
            break;
        }
        let i = at % out.len();
        match kind % 4 {
            0 => {
                out.remove(i);
            }
            1 => {
                if let Some((key, _)) = out[i].split_once('=') {
                    out[i] = format!("{key}= {}", VALUES[value % VALUES.len()]);
                }
            }
            2 => {
                let line = out[i].clone();
                out.insert(i, line);
            }
            _ => {
                let line = &out[i];
                let cut = value % (line.len() + 1);
                let cut = (0..=cut)
                    .rev()
                    .find(|c| line.is_char_boundary(*c))
                    .unwrap_or(0);
                out[i] = line[..cut].to_string();
            }
        }
    }
    out.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = parse_organisation("x.toml", &text);
        let _ = parse_schedule("x.toml", &text);
    }

    #[test]
    fn toml_like_text_never_panics(text in "(\\[\\[?[a-z_]{1,12}\\]\\]?\n|[a-z_]{1,12} = (\"[a-zA-Z0-9:/ -]{0,12}\"|[0-9.-]{1,8}|true|\\[\\]|\\{\\})\n){0,30}") {
        let _ = parse_organisation("x.toml", &text);
        let _ = parse_schedule("x.toml", &text);
    }

    #[test]
    fn mutated_example_never_panics(edits in proptest::collection::vec((0usize..2000, 0u8..4, 0usize..64), 1..6)) {
        let lines: Vec<&str> = EXAMPLE.lines().collect();
        let text = mutate(&lines, &edits);
        match parse_organisation("example.toml", &text) {
            Ok(org) => {
                // Whatever loads must be usable: tier and derive rotas over a year.
                let horizon = rota_core::calendar::Horizon::weeks("2026-11-23".parse().unwrap(), 52);
                let coverage = rota_core::rotas::Coverage::build(&org, horizon);
                for r in 0..coverage.rotas.len() {
                    let _ = coverage.shift_windows(r);
                }
            }
            Err(d) => {
                prop_assert!(!d.0.is_empty());
                for problem in &d.0 {
                    prop_assert!(problem.to_string().starts_with("example.toml"));
                }
            }
        }
    }
}

#[test]
fn the_example_loads() {
    let org = parse_organisation("example.toml", EXAMPLE).expect("the example is valid");
    assert!(org.teams.len() >= 10);
    assert!(org.people.len() >= 60);
    assert!(org.services.len() >= 25);
}
