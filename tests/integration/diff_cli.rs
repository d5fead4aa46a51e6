//! `rota diff OLD NEW` as a user runs it: the example schedule against a
//! swap in the future and against a hand edit of a worked week, with today
//! injected so history is fixed.

use assert_cmd::Command;

const OLD: &str = "tests/fixtures/diff/old.toml";
/// Kieran takes Jasmine's week of 2026-12-07 on domain-catalogue.
const SWAPPED: &str = "tests/fixtures/diff/swapped.toml";
/// The swap, and Isaac written over Hannah's worked week of 2026-11-23.
const HAND_EDITED: &str = "tests/fixtures/diff/hand-edited.toml";
/// Hannah's worked week of 2026-11-23 pinned and given a note by hand.
const RENOTED: &str = "tests/fixtures/diff/renoted.toml";

fn rota() -> Command {
    let mut cmd = Command::cargo_bin("rota").expect("the rota binary is built");
    cmd.env_remove("ROTA_TODAY").env("NO_COLOR", "1");
    cmd
}

fn diff(old: &str, new: &str, format: &str) -> String {
    let output = rota()
        .args([
            "diff",
            old,
            new,
            "--format",
            format,
            "--today",
            "2026-12-01",
        ])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn diff_of_a_swap_in_each_format() {
    insta::assert_snapshot!("swap_text", diff(OLD, SWAPPED, "text"));
    insta::assert_snapshot!("swap_md", diff(OLD, SWAPPED, "md"));
    insta::assert_snapshot!("swap_json", diff(OLD, SWAPPED, "json"));
}

#[test]
fn diff_of_a_hand_edited_history_in_each_format() {
    let text = diff(OLD, HAND_EDITED, "text");
    assert!(text.starts_with("!! HISTORY TOUCHED: 2 changes"), "{text}");
    insta::assert_snapshot!("hand_edited_text", text);
    let md = diff(OLD, HAND_EDITED, "md");
    assert!(
        md.contains("> [!CAUTION]\n> **History touched: 2 changes"),
        "{md}"
    );
    insta::assert_snapshot!("hand_edited_md", md);
    insta::assert_snapshot!("hand_edited_json", diff(OLD, HAND_EDITED, "json"));
}

#[test]
fn json_counts_history_touched_and_moves_for_scripts() {
    let swap: serde_json::Value = serde_json::from_str(&diff(OLD, SWAPPED, "json")).expect("JSON");
    assert_eq!(swap["history_touched"], 0);
    assert_eq!(swap["moved_shifts"], 1);
    let hand: serde_json::Value =
        serde_json::from_str(&diff(OLD, HAND_EDITED, "json")).expect("JSON");
    assert_eq!(hand["history_touched"], 2);
    assert_eq!(hand["moved_shifts"], 2);
    let lost = &hand["changes"]["history_touched"]["lost"][0];
    assert_eq!(lost["person"], "hannah");
    assert_eq!(lost["first_date"], "2026-11-23");
    assert_eq!(lost["standby_pay"], 360.0);
}

#[test]
fn a_pin_or_note_written_on_history_is_still_history_touched() {
    let text = diff(OLD, RENOTED, "text");
    assert!(text.starts_with("!! HISTORY TOUCHED: 1 change "), "{text}");
    assert!(
        text.contains(
            "~ hannah     pinned, note changed domain-catalogue  2026-11-23 to 2026-11-29"
        ),
        "{text}"
    );
    assert!(text.contains("0 shifts moved"), "{text}");
    let md = diff(OLD, RENOTED, "md");
    assert!(
        md.contains(
            "> - `hannah` pinned, note changed on `domain-catalogue` 2026-11-23 to 2026-11-29"
        ),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&diff(OLD, RENOTED, "json")).expect("JSON");
    assert_eq!(json["history_touched"], 1);
    assert_eq!(json["moved_shifts"], 0);
    let edited = &json["changes"]["history_touched"]["edited"][0];
    assert_eq!(edited["person"], "hannah");
    assert_eq!(edited["change"], "pinned, note changed");
    // Pins and notes on the future are ordinary edits, not history.
    let later = rota()
        .args(["diff", OLD, RENOTED, "--today", "2026-11-20"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&later.stdout).contains("HISTORY TOUCHED"));
}

#[test]
fn the_same_edit_before_it_was_worked_is_not_history() {
    let output = rota()
        .args(["diff", OLD, HAND_EDITED, "--today", "2026-11-20"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains("HISTORY TOUCHED"), "{text}");
    assert!(
        text.contains("history before 2026-11-20T00:00:00Z untouched"),
        "{text}"
    );
}

#[test]
fn a_schedule_against_itself_changes_nothing() {
    let text = diff(OLD, OLD, "text");
    assert!(text.contains("0 shifts moved, 0 people affected"), "{text}");
    assert!(text.contains("No shift changed hands."), "{text}");
    assert!(text.contains("Warnings: 0 new, 0 resolved"), "{text}");
}

#[test]
fn swapping_back_resolves_the_warnings_the_swap_made() {
    let there = diff(OLD, SWAPPED, "json");
    let back = diff(SWAPPED, OLD, "json");
    let there: serde_json::Value = serde_json::from_str(&there).expect("JSON");
    let back: serde_json::Value = serde_json::from_str(&back).expect("JSON");
    assert!(!there["warnings_new"].as_array().unwrap().is_empty());
    assert_eq!(there["warnings_new"], back["warnings_resolved"]);
    assert_eq!(there["warnings_resolved"], back["warnings_new"]);
}

#[test]
fn an_invalid_file_exits_1_with_its_location() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[schedule]\norganisation = 3\n").expect("written");
    let output = rota()
        .args(["diff", OLD, bad.to_str().unwrap()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("bad.toml:2:"), "{err}");
    let missing = rota()
        .args(["diff", "tests/fixtures/diff/nowhere.toml", OLD])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(1));
}
