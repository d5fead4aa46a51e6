//! The loaders' lists of known keys, held to the loaders and to the format
//! reference. A key a list accepts but the loader never reads would be
//! silently ignored; a key the loader reads but the list lacks would be
//! refused as unknown; a key the reference does not name cannot be found by
//! the people writing the files. Each fails a test here.

use super::decode::ASKED;

type Asked = Vec<(&'static [&'static str], String)>;

/// Every key the loaders asked a table for while `f` ran.
fn asked_while(f: impl FnOnce()) -> Asked {
    ASKED.with(|a| a.borrow_mut().clear());
    f();
    ASKED.with(|a| a.take())
}

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}/{path}")).unwrap()
}

/// Organisation files that between them use every table.
const ORGANISATIONS: [&str; 5] = [
    "schedules/example.toml",
    "tests/fixtures/org/valid/dated.toml",
    "tests/fixtures/analysis/playbook.toml",
    "tests/fixtures/org/valid/minimal.toml",
    "tests/fixtures/org/valid/explicit-rota.toml",
];

/// Schedule files that between them use every table.
const SCHEDULES: [&str; 3] = [
    "tests/fixtures/analysis/example-winter.toml",
    "tests/fixtures/plan/good.schedule.toml",
    "tests/fixtures/plan/revised.schedule.toml",
];

fn asked_of_organisations() -> Asked {
    asked_while(|| {
        for file in ORGANISATIONS {
            crate::org::parse_organisation(file, &read(file)).unwrap();
        }
    })
}

fn asked_of_schedules() -> Asked {
    asked_while(|| {
        // Read whole: the quicker reader of shifts in rota's own layout
        // reads no tree, and is held to this one by its own tests.
        for file in SCHEDULES {
            crate::schedule::parse_schedule_in(file, &read(file), 0).unwrap();
        }
    })
}

/// Both directions: every key of every list is read, and every key read is
/// in the list of the table it was read from.
fn hold_lists_to_reads(tables: &[(&str, &[&str])], asked: &Asked) {
    for (table, keys) in tables {
        for key in *keys {
            assert!(
                asked.iter().any(|(list, k)| list == keys && k == key),
                "`{key}` is accepted in [{table}] but never read"
            );
        }
    }
    for (list, key) in asked {
        let Some((table, _)) = tables.iter().find(|(_, keys)| keys == list) else {
            panic!("`{key}` was read from a table with keys {list:?}, which is not listed");
        };
        assert!(
            list.contains(&key.as_str()),
            "`{key}` is read from [{table}] but not accepted there"
        );
    }
}

#[test]
fn the_organisation_loader_reads_every_key_it_accepts_and_no_other() {
    hold_lists_to_reads(&crate::org::TABLES, &asked_of_organisations());
}

#[test]
fn the_schedule_reader_reads_every_key_it_accepts_and_no_other() {
    hold_lists_to_reads(&crate::schedule::TABLES, &asked_of_schedules());
}

/// The lines of docs/format.md that document a table: its row in the
/// sections table (`[pay]` or `[[people]]`), the rows of its own table
/// (`[rules]`), or the paragraph about the schedule file.
fn documentation_of<'d>(doc: &'d str, file: &str, table: &str) -> Vec<&'d str> {
    let lines: Vec<&str> = doc.lines().collect();
    if file == "schedule" {
        let start = lines
            .iter()
            .position(|l| *l == "## The schedule file")
            .expect("docs/format.md has a section on the schedule file");
        return lines[start..]
            .iter()
            .skip(1)
            .take_while(|l| !l.starts_with("## "))
            .copied()
            .collect();
    }
    if table.is_empty() {
        return lines
            .iter()
            .filter(|l| l.starts_with("| `["))
            .copied()
            .collect();
    }
    if table == "rules" {
        return lines
            .iter()
            .filter(|l| l.starts_with("| `"))
            .copied()
            .collect();
    }
    let head = table.split('.').next().unwrap_or(table);
    lines
        .iter()
        .filter(|l| {
            l.starts_with(&format!("| `[{head}]`")) || l.starts_with(&format!("| `[[{head}]]`"))
        })
        .copied()
        .collect()
}

/// A key is named in backticks (`` `name` ``), as a section (`[pay]`,
/// `[[people]]`), or inside an inline table (`{ from, to, reason }`).
fn names(lines: &[&str], key: &str) -> bool {
    lines.iter().any(|l| {
        l.contains(&format!("`{key}`"))
            || l.contains(&format!("`[{key}]`"))
            || l.contains(&format!("`[[{key}]]`"))
            || l.split('{').skip(1).any(|inner| {
                inner
                    .split('}')
                    .next()
                    .is_some_and(|t| t.split(',').any(|w| w.trim() == key))
            })
    })
}

#[test]
fn every_key_the_loaders_accept_is_in_the_format_reference() {
    let doc = read("docs/format.md");
    let files = [
        ("organisation", &crate::org::TABLES[..]),
        ("schedule", &crate::schedule::TABLES[..]),
    ];
    for (file, tables) in files {
        for (table, keys) in tables {
            let lines = documentation_of(&doc, file, table);
            assert!(
                !lines.is_empty(),
                "docs/format.md does not document [{table}]"
            );
            for key in *keys {
                assert!(
                    names(&lines, key),
                    "docs/format.md does not name `{key}` of the {file} file's [{table}]"
                );
            }
        }
    }
}

#[test]
fn every_warning_code_is_in_the_format_reference() {
    let doc = read("docs/format.md");
    for code in crate::findings::Code::ALL {
        let row = format!("| `{}` | {} |", code.as_str(), code.severity());
        assert!(
            doc.lines().any(|l| l.starts_with(&row)),
            "docs/format.md has no row `{row}` for {code:?}"
        );
    }
}
