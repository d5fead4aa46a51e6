//! Small organisations written out in full, for tests with hand-computed
//! answers.
#![allow(dead_code)]

use chrono::NaiveDate;
use rota::org::{Organisation, parse_organisation};

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
}

/// One team `a` with a high-exposure service (so a team rota, `team-a`),
/// the given people (id, time off ranges) and handoff; `extra` is appended
/// inside the file (rules, holidays…).
pub fn one_team(
    handoff: &str,
    people: &[(&str, &[(&str, &str)])],
    extra: &str,
) -> (Organisation, String) {
    let mut text = format!(
        r#"[organisation]
name = "Test"
timezone = "Europe/London"
currency = "GBP"

[working_hours]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "09:00"
end = "17:30"

[pay]
weeknight = 40.0
weekend_day = 80.0
holiday = 120.0

[rotation]
handoff = "{handoff}"
handoff_day = "mon"

[[bands]]
name = "high"
max_hourly_exposure = 800000
availability = 99.9
on_call = "team"

[[domains]]
id = "d"
name = "D"

[[teams]]
id = "a"
name = "A"
domain = "d"

[[services]]
id = "s"
name = "S"
team = "a"
hourly_exposure = 500000
{extra}
"#
    );
    for (id, off) in people {
        text.push_str(&format!(
            "\n[[people]]\nid = \"{id}\"\nname = \"{id}\"\nteam = \"a\"\n"
        ));
        if !off.is_empty() {
            let ranges: Vec<String> = off
                .iter()
                .map(|(f, t)| format!("{{ from = \"{f}\", to = \"{t}\" }}"))
                .collect();
            text.push_str(&format!("time_off = [{}]\n", ranges.join(", ")));
        }
    }
    let org = parse_organisation("test.toml", &text).unwrap_or_else(|d| panic!("{d}\n{text}"));
    (org, text)
}
