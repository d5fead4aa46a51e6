//! The manners of the command line: no terminal, no crash and no side
//! effect; plain one-line errors; `-o -`; keys.toml that keeps its ways out;
//! completions, the manual page, JSON findings and help that says where
//! things are.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const ORG: &str = "tests/fixtures/plan/org.toml";

fn rota() -> Command {
    let mut c = Command::cargo_bin("rota").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ROTA_TODAY")
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    c
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn manifest(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A user error is one plain line: no colour, location or backtrace.
fn assert_plain_one_liner(err: &str) {
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    for noise in [
        "\u{1b}",
        "Location",
        "BACKTRACE",
        "RUST_BACKTRACE",
        "panicked",
    ] {
        assert!(!err.contains(noise), "{noise:?} in {err}");
    }
}

#[test]
fn the_tui_without_a_terminal_says_so_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    fs::copy(manifest(ORG), dir.path().join("org.toml")).unwrap();
    // Bare `rota` from a script, and `rota tui ORG </dev/null`.
    for args in [&[][..], &["tui", "org.toml"][..]] {
        let out = rota()
            .current_dir(dir.path())
            .env("ROTA_CONFIG_DIR", config.path())
            .args(["--today", "2026-11-20"])
            .args(args)
            .write_stdin("")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert_plain_one_liner(&err);
        assert!(err.contains("needs a terminal"), "{err}");
        // Nothing was sent to the terminal: no mouse reporting, no screen switch.
        assert!(out.stdout.is_empty(), "{:?}", text(&out.stdout));
    }
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["org.toml"], "no schedules/ or schedule created");
    assert_eq!(fs::read_dir(config.path()).unwrap().count(), 0);
}

#[test]
fn an_ordinary_failure_is_one_plain_line_even_into_a_pipe() {
    let out = rota()
        .args(["plan", ORG, "--start", "2026-11-30", "--weeks", "1"])
        .args(["-o", "no-such-dir/x.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert_plain_one_liner(&err);
    assert!(
        err.starts_with("error: cannot write no-such-dir/x.toml: "),
        "{err}"
    );
}

#[test]
fn dash_means_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = rota()
        .current_dir(dir.path())
        .arg("plan")
        .arg(manifest(ORG))
        .args(["--start", "2026-11-30", "--weeks", "1", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("[schedule]\n"));
    fs::write(dir.path().join("s.toml"), &out.stdout).unwrap();
    for (cmd, format) in [("report", "csv"), ("export", "csv")] {
        let out = rota()
            .current_dir(dir.path())
            .args([cmd, "s.toml", "--format", format, "-o", "-"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(!out.stdout.is_empty());
    }
    let mut left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["s.toml"], "no file named -");
}

#[test]
fn keys_toml_cannot_take_away_the_ways_out() {
    let dir = tempfile::tempdir().unwrap();
    let run = |config: &Path| {
        rota()
            .args(["--today", "2026-11-20", "tui", ORG, "--config"])
            .arg(config)
            .write_stdin("")
            .output()
            .unwrap()
    };
    for (name, what) in [
        ("quit", "no way to quit"),
        ("help", "no way to open the help"),
        ("cancel", "no way to clear a message"),
    ] {
        fs::write(dir.path().join("keys.toml"), format!("{name} = []\n")).unwrap();
        let out = run(dir.path());
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!(
                "keys.toml: {name}: needs at least one key, or there is {what}"
            )),
            "{err}"
        );
    }
    // Not UTF-8: an error like a syntax error, not the defaults.
    fs::write(dir.path().join("keys.toml"), b"quit = \"\xff\"\n").unwrap();
    let out = run(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("keys.toml: cannot read the file: not UTF-8 text"));
    // A directory where keys.toml should be.
    let other = tempfile::tempdir().unwrap();
    fs::create_dir(other.path().join("keys.toml")).unwrap();
    let out = run(other.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("keys.toml: cannot read the file: not a regular file (a directory)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn completions_for_every_shell_and_a_manual_page() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef rota"),
        ("fish", "complete -c rota"),
        ("elvish", "edit:completion:arg-completer[rota]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = rota().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("report"), "{shell} completes subcommands");
    }
    let out = rota().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let out = rota().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    assert!(page.contains(".TH rota 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"));
    assert!(page.contains("completions"));
}

#[test]
fn check_gives_findings_as_json_for_ci() {
    let out = rota()
        .args([
            "check",
            ORG,
            "--schedule",
            "tests/fixtures/plan/broken.schedule.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(
        doc["errors"].as_u64().unwrap() + doc["warnings"].as_u64().unwrap(),
        findings.len() as u64
    );
    let clash = findings
        .iter()
        .find(|f| f["code"] == "time-off-clash")
        .expect("a time-off clash");
    assert_eq!(clash["severity"], "error");
    assert!(clash["message"].as_str().unwrap().contains("time off"));
    assert!(!clash["fix"].as_str().unwrap().is_empty());
    assert!(clash["rota"].is_string());
    assert!(!clash["people"].as_array().unwrap().is_empty());
    let from = clash["dates"]["from"].as_str().unwrap();
    let to = clash["dates"]["to"].as_str().unwrap();
    assert!(from <= to && from.len() == 10, "{from} {to}");

    // A clean organisation: exit 0, and still JSON.
    let out = rota()
        .args(["check", ORG, "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["errors"], 0);
}

#[test]
fn help_shows_examples_and_where_keys_toml_is_read_from() {
    let out = rota().arg("--help").output().unwrap();
    let help = text(&out.stdout);
    assert!(help.contains("Examples:\n  rota check org.toml"), "{help}");

    let dir = tempfile::tempdir().unwrap();
    let out = rota()
        .args(["tui", "--help"])
        .env("ROTA_CONFIG_DIR", dir.path())
        .output()
        .unwrap();
    let help = text(&out.stdout).replace('\n', " ");
    let keys = dir.path().join("keys.toml").display().to_string();
    assert!(help.contains(&keys), "{help}");
}

#[test]
fn the_readme_lists_every_keymap_action() {
    let readme = fs::read_to_string(manifest("README.md")).unwrap();
    for binding in rota::tui::keymap::Keymap::defaults().bindings {
        assert!(
            readme.contains(&format!("`{}`", binding.name)),
            "README does not list the action `{}`",
            binding.name
        );
    }
}

#[test]
fn the_project_carries_its_licences_and_no_outside_references() {
    for file in ["LICENSE-MIT", "LICENSE-APACHE", "CHANGELOG.md"] {
        assert!(manifest(file).is_file(), "{file}");
    }
    let cargo = fs::read_to_string(manifest("Cargo.toml")).unwrap();
    // `repository` waits for the project's public address; an invented one
    // would send people to somebody else's page.
    for key in ["keywords", "categories"] {
        assert!(
            cargo.contains(&format!("\n{key} =")),
            "Cargo.toml lacks {key}"
        );
    }
}
