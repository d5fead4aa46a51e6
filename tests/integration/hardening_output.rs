//! Hostile names through every output format, terminal escapes refused at
//! load and scrubbed from messages, and spreadsheet formulas neutralised.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const ORG: &str = "tests/fixtures/plan/org.toml";

fn rota() -> Command {
    let mut c = Command::cargo_bin("rota").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ROTA_TODAY")
        .env_remove("NO_COLOR");
    c
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// No escape, bell, backspace, lone carriage return or other control
/// character (line breaks, tabs and CRLF line ends are fine).
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let s = text(bytes);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let ok =
            !c.is_control() || c == '\n' || c == '\t' || (c == '\r' && chars.peek() == Some(&'\n'));
        assert!(ok, "{what} holds {c:?}:\n{s}");
    }
}

/// The plan fixture with names a spreadsheet would run and a browser would
/// parse: every one is legal, so it loads, plans and reports.
fn hostile_org(dir: &Path) -> PathBuf {
    let t = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ORG))
        .unwrap()
        .replace(
            "name = \"Small Shop\"",
            "name = \"=HYPERLINK(\\\"http://x\\\")\"",
        )
        .replace("name = \"Ava\"", "name = \"@SUM(A1:A9)\"")
        .replace("name = \"Ben\"", "name = \"-2+3\"")
        .replace("name = \"Cat\"", "name = \"+cmd|' /C calc'!A0\"")
        .replace(
            "name = \"Dev\"",
            "name = \"<script>alert(1)</script>, \\\"q\\\"\"",
        )
        .replace("name = \"Payments\"", "name = \"=1+1\"")
        .replace("name = \"Christmas Day\"", "name = \"@Christmas\"");
    let path = dir.join("org.toml");
    fs::write(&path, t).unwrap();
    path
}

#[test]
fn control_characters_in_names_are_refused_at_load_with_their_location() {
    let dir = tempfile::tempdir().unwrap();
    let t = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ORG))
        .unwrap()
        .replace(
            "name = \"Small Shop\"",
            "name = \"Evil\\u001b]0;pwned\\u0007\\u001b[2J Shop\"",
        )
        .replace("name = \"Christmas Day\"", "name = \"Xmas\\u001b[31m\"")
        .replace("name = \"Ava\"", "name = \"A\\u202eva\"");
    let org = dir.path().join("org.toml");
    fs::write(&org, t).unwrap();
    let out = rota().arg("check").arg(&org).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_terminal_safe("check's errors", &out.stderr);
    let err = text(&out.stderr);
    assert!(
        err.contains(":4:8: organisation.name: contains the control character U+001B"),
        "{err}"
    );
    assert!(
        err.contains("holidays[1].name: contains the control character U+001B"),
        "{err}"
    );
    assert!(
        err.contains("people.ava.name: contains the control character U+202E"),
        "{err}"
    );
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn escapes_in_keys_and_command_line_ids_are_scrubbed_from_messages() {
    let dir = tempfile::tempdir().unwrap();
    let t = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(ORG)).unwrap()
        + "\n\"\\u001b[2J\\u001b]0;x\\u0007\" = 1\n";
    let org = dir.path().join("org.toml");
    fs::write(&org, t).unwrap();
    let out = rota().arg("check").arg(&org).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_terminal_safe("an unknown key's message", &out.stderr);
    assert!(text(&out.stderr).contains("unknown key"));

    // An id typed on the command line and echoed back.
    let out = rota()
        .args([
            "export",
            "tests/fixtures/plan/good.schedule.toml",
            "--format",
            "csv",
            "--person",
            "\u{1b}[2J\u{1b}]0;x\u{7}",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_terminal_safe("export's error", &out.stderr);
    assert!(text(&out.stderr).contains("no person with id"));
}

#[test]
fn hostile_names_through_every_output_format() {
    let dir = tempfile::tempdir().unwrap();
    let org = hostile_org(dir.path());
    let schedule = dir.path().join("s.toml");
    let out = rota()
        .arg("plan")
        .arg(&org)
        .args(["--start", "2026-11-30", "--weeks", "5", "-o"])
        .arg(&schedule)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let run = |args: &[&str]| {
        let out = rota().args(args).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_terminal_safe(&format!("{args:?} stdout"), &out.stdout);
        assert_terminal_safe(&format!("{args:?} stderr"), &out.stderr);
        text(&out.stdout)
    };
    let org_s = org.to_str().unwrap();
    let sched = schedule.to_str().unwrap();
    let check = run(&["check", org_s, "--schedule", sched]);
    assert!(check.contains("=HYPERLINK"), "{check}");
    let json = run(&["check", org_s, "--schedule", sched, "--format", "json"]);
    serde_json::from_str::<serde_json::Value>(&json).expect("check's JSON parses");
    for format in ["text", "md", "json"] {
        run(&["report", sched, "--format", format]);
    }
    let html = run(&["report", sched, "--format", "html"]);
    assert!(!html.contains("<script>alert"), "escaped in HTML");
    assert!(html.contains("&lt;script&gt;"));
    run(&["export", sched, "--format", "ics"]);
    run(&["targets", org_s, "--format", "csv"]);
    run(&["cost", org_s, "--format", "csv"]);

    // Spreadsheet cells: formulas get a leading quote, numbers stay numbers.
    let csv_cells = |csv: &str| -> Vec<Vec<String>> {
        csv::Reader::from_reader(csv.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let pay = csv_cells(&run(&["report", sched, "--format", "csv"]));
    let names: Vec<&str> = pay.iter().map(|r| r[1].as_str()).collect();
    for want in ["'@SUM(A1:A9)", "'-2+3", "'+cmd|' /C calc'!A0"] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    for row in &pay {
        assert!(
            !row[2].starts_with('=') && !row[2].starts_with("'="),
            "team ids are plain"
        );
        for money in [&row[6], &row[8], &row[9]] {
            money.parse::<f64>().expect("money stays a number");
        }
    }
    let shifts = csv_cells(&run(&["export", sched, "--format", "csv"]));
    assert!(!shifts.is_empty());
    for row in &shifts {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '@', '\t', '\r'])
                    && (!cell.starts_with('-') || cell.parse::<f64>().is_ok()),
                "{cell:?} would run as a formula"
            );
        }
        row[7].parse::<f64>().expect("standby pay stays a number");
    }
    assert!(
        shifts.iter().any(|r| r[10] == "'@SUM(A1:A9)"),
        "the person's name is neutralised"
    );
}
