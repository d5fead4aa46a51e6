//! `rota tui` refuses bad input before it touches the terminal.

use assert_cmd::Command;
use predicates::prelude::*;

#[test]
fn a_bad_keymap_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keys.toml"), "sav = \"ctrl+s\"\n").unwrap();
    Command::cargo_bin("rota")
        .unwrap()
        .args(["--today", "2026-11-20", "tui", "schedules/example.toml"])
        .env("ROTA_CONFIG_DIR", dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "keys.toml: \"sav\" is not an action (did you mean \"save\"?)",
        ));
}

#[test]
fn a_duplicate_key_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keys.toml"), "save = \"q\"\n").unwrap();
    Command::cargo_bin("rota")
        .unwrap()
        .args(["--today", "2026-11-20", "tui", "schedules/example.toml"])
        .args(["--config", dir.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "\"q\" is bound to both quit and save",
        ));
}

#[test]
fn a_missing_organisation_is_a_clear_error() {
    Command::cargo_bin("rota")
        .unwrap()
        .args(["--today", "2026-11-20", "tui", "no-such-org.toml"])
        .env("ROTA_CONFIG_DIR", "/nonexistent")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-org.toml"));
}
