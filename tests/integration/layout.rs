//! Rules about the code itself that the compiler cannot keep: a choice made
//! in one place stays in one place.

use std::path::{Path, PathBuf};

/// Every Rust source file of both crates.
fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut dirs = vec![root.join("src"), root.join("crates")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && path.file_name().is_some_and(|n| n != "target") {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(out.len() > 50, "the sources were not found: {out:?}");
    out
}

#[test]
fn plurals_come_from_display_plural_alone() {
    let mut found = Vec::new();
    for path in sources() {
        if path.ends_with("display.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let squashed: String = line.split_whitespace().collect();
            if squashed.contains("{\"\"}else{\"s\"}") || squashed.contains("fnplural(") {
                found.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "use rota_core::display::plural instead:\n{}",
        found.join("\n")
    );
}
