//! Writes edits made to an organisation back into its file text, keeping
//! every comment, blank line and key order that was not edited.
//!
//! The edits rota makes in place are a person's time off and opt-in and a
//! service's hourly exposure; [`apply`] compares the organisation as loaded
//! with the organisation as edited and rewrites only the values that differ.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Value};

use super::{Organisation, TimeOff};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    #[error("the organisation file is not valid TOML any more: {0}")]
    Parse(String),
    #[error("the organisation file has no [[{kind}]] with id = \"{id}\"")]
    Missing { kind: &'static str, id: String },
}

/// The organisation file's text with the edits from `before` to `after`
/// applied. Both must describe the same people and services (same ids, same
/// order), as the in-place edits never add or remove any.
pub fn apply(text: &str, before: &Organisation, after: &Organisation) -> Result<String, EditError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| EditError::Parse(e.message().to_string()))?;
    let mut changed = false;
    for (old, new) in before.people.iter().zip(&after.people) {
        if old.time_off != new.time_off {
            let table = record(&mut doc, "people", &new.id)?;
            set_time_off(table, &new.time_off);
            changed = true;
        }
        if old.on_call != new.on_call {
            let table = record(&mut doc, "people", &new.id)?;
            set_value(table, "on_call", Value::from(new.on_call));
            changed = true;
        }
    }
    for (old, new) in before.services.iter().zip(&after.services) {
        if old.hourly_exposure != new.hourly_exposure {
            let table = record(&mut doc, "services", &new.id)?;
            set_value(
                table,
                "hourly_exposure",
                exposure_value(new.hourly_exposure),
            );
            changed = true;
        }
    }
    if !changed {
        return Ok(text.to_string());
    }
    Ok(doc.to_string())
}

fn record<'a>(
    doc: &'a mut DocumentMut,
    kind: &'static str,
    id: &str,
) -> Result<&'a mut toml_edit::Table, EditError> {
    let missing = || EditError::Missing {
        kind,
        id: id.to_string(),
    };
    doc.get_mut(kind)
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|tables| {
            tables
                .iter_mut()
                .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
        })
        .ok_or_else(missing)
}

/// Replaces a value, keeping the comment and spacing around the old one.
fn set_value(table: &mut toml_edit::Table, key: &str, mut value: Value) {
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

fn set_time_off(table: &mut toml_edit::Table, time_off: &[TimeOff]) {
    if time_off.is_empty() {
        table.remove("time_off");
        return;
    }
    let mut array = Array::new();
    for t in time_off {
        let mut entry = InlineTable::new();
        entry.insert("from", Value::from(t.from.to_string()));
        entry.insert("to", Value::from(t.to.to_string()));
        if !t.reason.is_empty() {
            entry.insert("reason", Value::from(t.reason.as_str()));
        }
        entry.fmt();
        array.push(Value::InlineTable(entry));
    }
    array.fmt();
    // The file's own style: `[ { … }, { … } ]`.
    array.set_trailing(" ");
    if let Some(first) = array.get_mut(0) {
        first.decor_mut().set_prefix(" ");
    }
    set_value(table, "time_off", Value::Array(array));
}

/// Whole numbers are written without a fraction, as people write them.
fn exposure_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::parse_organisation;
    use chrono::NaiveDate;

    const EXAMPLE: &str = include_str!("../../../../schedules/example.toml");

    fn changed_lines(a: &str, b: &str) -> Vec<(usize, String, String)> {
        assert_eq!(a.lines().count(), b.lines().count(), "same number of lines");
        a.lines()
            .zip(b.lines())
            .enumerate()
            .filter(|(_, (x, y))| x != y)
            .map(|(i, (x, y))| (i + 1, x.to_string(), y.to_string()))
            .collect()
    }

    #[test]
    fn no_edit_gives_the_same_text() {
        let org = parse_organisation("example.toml", EXAMPLE).unwrap();
        assert_eq!(apply(EXAMPLE, &org, &org).unwrap(), EXAMPLE);
    }

    #[test]
    fn time_off_edit_changes_only_that_line() {
        let before = parse_organisation("example.toml", EXAMPLE).unwrap();
        let mut after = before.clone();
        let ava = after.person_index("ava").unwrap();
        after.people.edit(ava).time_off.push(TimeOff {
            from: NaiveDate::from_ymd_opt(2027, 2, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2027, 2, 5).unwrap(),
            reason: "ski".into(),
        });
        let text = apply(EXAMPLE, &before, &after).unwrap();
        let diff = changed_lines(EXAMPLE, &text);
        assert_eq!(diff.len(), 1, "{diff:?}");
        assert_eq!(
            diff[0].2,
            r#"time_off = [ { from = "2026-12-21", to = "2027-01-01", reason = "leave" }, { from = "2027-02-01", to = "2027-02-05", reason = "ski" } ]"#
        );
        // And it reads back as the edited organisation.
        assert_eq!(parse_organisation("example.toml", &text).unwrap(), after);
    }

    #[test]
    fn first_time_off_adds_one_line_and_removing_it_restores_the_file() {
        let before = parse_organisation("example.toml", EXAMPLE).unwrap();
        let mut after = before.clone();
        let ben = after.person_index("ben").unwrap();
        after.people.edit(ben).time_off.push(TimeOff {
            from: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            to: NaiveDate::from_ymd_opt(2027, 1, 8).unwrap(),
            reason: "leave".into(),
        });
        let text = apply(EXAMPLE, &before, &after).unwrap();
        assert_eq!(text.lines().count(), EXAMPLE.lines().count() + 1);
        assert!(text.contains(
            "team = \"payments\"\ntime_off = [ { from = \"2027-01-04\", to = \"2027-01-08\", reason = \"leave\" } ]\n\n[[people]]\nid = \"chloe\""
        ));
        let back = apply(&text, &after, &before).unwrap();
        assert_eq!(back, EXAMPLE);
    }

    #[test]
    fn opt_out_and_exposure_keep_comments() {
        let before = parse_organisation("example.toml", EXAMPLE).unwrap();
        let mut after = before.clone();
        let jess = after.person_index("jess").unwrap();
        after.people.edit(jess).on_call = true;
        after.services.edit(0).hourly_exposure = 1234.0;
        let text = apply(EXAMPLE, &before, &after).unwrap();
        let diff = changed_lines(EXAMPLE, &text);
        assert_eq!(diff.len(), 2, "{diff:?}");
        assert_eq!(diff[0].2, "on_call = true");
        assert!(diff[1].2.starts_with("hourly_exposure = 1234"), "{diff:?}");
        assert_eq!(parse_organisation("example.toml", &text).unwrap(), after);
    }
}
