//! Writes edits made to an organisation back into its file text, keeping
//! every comment, blank line and key order that was not edited.
//!
//! The edits rota makes in place are a person's time off and opt-in (dated:
//! `off_call`) and a service's hourly exposure (dated: `exposure_changed`);
//! [`apply`] compares the organisation as loaded with the organisation as
//! edited and rewrites only the values that differ. [`set_on_call_from`] and
//! [`set_exposure_from`] make the dated edits on the model.

use chrono::NaiveDate;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Value};

use super::{ExposureChange, OffCall, Organisation, Person, Service, TimeOff};

/// Opts a person in (`on`) or out of on-call from a date on, never before
/// it: dated opt-outs that start on or after the date give way, one that
/// runs over it ends the day before, and opting out adds an open one from
/// the date. An undated `on_call = false` becomes an opt-out up to the day
/// before. Returns whether anything changed.
pub fn set_on_call_from(person: &mut Person, on: bool, from: NaiveDate) -> bool {
    let before = (person.on_call, person.dated.off_call.clone());
    let eve = from.pred_opt();
    let mut kept: Vec<OffCall> = Vec::new();
    if !person.on_call {
        // Opted out for good until now: out up to the day before, then as
        // asked.
        person.on_call = true;
        kept.push(OffCall {
            from: None,
            to: eve,
        });
    }
    for o in &person.dated.off_call {
        if o.from.is_some_and(|f| f >= from) {
            continue;
        }
        let mut o = *o;
        if o.to.is_none_or(|t| t >= from) {
            o.to = eve;
        }
        kept.push(o);
    }
    if !on {
        kept.push(OffCall {
            from: Some(from),
            to: None,
        });
    }
    kept.retain(|o| !(o.from.is_none() && o.to.is_none()));
    kept.sort_by_key(|o| (o.from, o.to));
    person.dated.off_call = kept;
    // A file that said `on_call = false` and is opted out again from the
    // same date says so the simple way.
    let for_good = [
        OffCall {
            from: None,
            to: eve,
        },
        OffCall {
            from: Some(from),
            to: None,
        },
    ];
    if !on && person.dated.off_call == for_good {
        person.on_call = false;
        person.dated.off_call.clear();
    }
    (person.on_call, person.dated.off_call.clone()) != before
}

/// Sets a service's hourly exposure from a date on: before the date it
/// keeps the exposure it had, recorded in `exposure_changed`; changes on or
/// after the date give way. Returns whether anything changed.
pub fn set_exposure_from(service: &mut Service, exposure: f64, from: NaiveDate) -> bool {
    let before = (service.hourly_exposure, service.exposure_changes.clone());
    let earlier = from.pred_opt().map(|d| service.exposure_at(d));
    service.exposure_changes.retain(|c| c.on < from);
    if let Some(earlier) = earlier
        && earlier != exposure
    {
        service.exposure_changes.push(ExposureChange {
            on: from,
            from: earlier,
        });
    }
    service.hourly_exposure = exposure;
    (service.hourly_exposure, service.exposure_changes.clone()) != before
}

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
        if old.dated.off_call != new.dated.off_call {
            let table = record(&mut doc, "people", &new.id)?;
            set_off_call(table, &new.dated.off_call);
            changed = true;
        }
    }
    for (old, new) in before.services.iter().zip(&after.services) {
        if old.exposure_changes != new.exposure_changes {
            let table = record(&mut doc, "services", &new.id)?;
            set_exposure_changes(table, &new.exposure_changes);
            changed = true;
        }
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

fn set_off_call(table: &mut toml_edit::Table, off_call: &[OffCall]) {
    let entries = off_call.iter().map(|o| {
        let mut entry = InlineTable::new();
        if let Some(f) = o.from {
            entry.insert("from", Value::from(f.to_string()));
        }
        if let Some(t) = o.to {
            entry.insert("to", Value::from(t.to_string()));
        }
        entry
    });
    set_inline_tables(table, "off_call", entries.collect());
}

fn set_exposure_changes(table: &mut toml_edit::Table, changes: &[ExposureChange]) {
    let entries = changes.iter().map(|c| {
        let mut entry = InlineTable::new();
        entry.insert("on", Value::from(c.on.to_string()));
        entry.insert("from", exposure_value(c.from));
        entry
    });
    set_inline_tables(table, "exposure_changed", entries.collect());
}

/// `key = [ { … }, { … } ]` in the file's own style, or no key when empty.
fn set_inline_tables(table: &mut toml_edit::Table, key: &str, entries: Vec<InlineTable>) {
    if entries.is_empty() {
        table.remove(key);
        return;
    }
    let mut array = Array::new();
    for mut entry in entries {
        entry.fmt();
        array.push(Value::InlineTable(entry));
    }
    array.fmt();
    array.set_trailing(" ");
    if let Some(first) = array.get_mut(0) {
        first.decor_mut().set_prefix(" ");
    }
    set_value(table, key, Value::Array(array));
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

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The organisation without the line numbers of its records (a new
    /// line in the file moves the records after it).
    fn unlined(mut org: Organisation) -> Organisation {
        org.people.edit_all(|p| p.line = 0);
        org.services.edit_all(|s| s.line = 0);
        org.teams.edit_all(|t| t.line = 0);
        org.rotas.iter_mut().for_each(|r| r.line = 0);
        org
    }

    #[test]
    fn dated_opt_out_and_in_write_off_call_and_read_back() {
        let before = parse_organisation("example.toml", EXAMPLE).unwrap();
        let mut after = before.clone();
        let ava = after.person_index("ava").unwrap();
        assert!(set_on_call_from(
            &mut after.people.edit(ava),
            false,
            day("2026-12-14")
        ));
        let text = apply(EXAMPLE, &before, &after).unwrap();
        let diff = changed_lines(EXAMPLE, &text.replace("\noff_call", " OFF"));
        assert_eq!(diff.len(), 1, "{diff:?}");
        assert!(
            text.contains("\noff_call = [ { from = \"2026-12-14\" } ]\n"),
            "{text}"
        );
        let read = parse_organisation("example.toml", &text).unwrap();
        assert_eq!(unlined(read.clone()), unlined(after.clone()));
        let p = &read.people[ava];
        assert!(p.on_call_on(day("2026-12-13")) && !p.on_call_on(day("2026-12-14")));

        // Back in from the new year: the opt-out ends the day before.
        let mut again = after.clone();
        assert!(set_on_call_from(
            &mut again.people.edit(ava),
            true,
            day("2027-01-04")
        ));
        let text = apply(&text, &after, &again).unwrap();
        assert!(
            text.contains("off_call = [ { from = \"2026-12-14\", to = \"2027-01-03\" } ]"),
            "{text}"
        );
        let p = &parse_organisation("example.toml", &text).unwrap().people[ava];
        assert!(!p.on_call_on(day("2027-01-03")) && p.on_call_on(day("2027-01-04")));
        // Opting in again from the same date changes nothing.
        assert!(!set_on_call_from(
            &mut again.people.edit(ava),
            true,
            day("2027-01-04")
        ));
    }

    #[test]
    fn opting_in_someone_opted_out_for_good_keeps_their_past_out() {
        let before = parse_organisation("example.toml", EXAMPLE).unwrap();
        let jess = before.person_index("jess").unwrap();
        assert!(!before.people[jess].on_call);
        let mut after = before.clone();
        assert!(set_on_call_from(
            &mut after.people.edit(jess),
            true,
            day("2026-12-14")
        ));
        let p = &after.people[jess];
        assert!(!p.on_call_on(day("2026-12-13")) && p.on_call_on(day("2026-12-14")));
        let text = apply(EXAMPLE, &before, &after).unwrap();
        assert!(
            text.contains("on_call = true\noff_call = [ { to = \"2026-12-13\" } ]"),
            "{text}"
        );
        assert_eq!(
            unlined(parse_organisation("example.toml", &text).unwrap()),
            unlined(after.clone())
        );
        // Out again from the same date is where it started.
        let mut back = after.clone();
        assert!(set_on_call_from(
            &mut back.people.edit(jess),
            false,
            day("2026-12-14")
        ));
        assert_eq!(back, before);
    }

    #[test]
    fn a_dated_exposure_change_keeps_the_old_exposure_before_it() {
        let before = parse_organisation("example.toml", EXAMPLE).unwrap();
        let refunds = before.service_index("refunds").unwrap();
        let mut after = before.clone();
        {
            let s = &mut after.services.edit(refunds);
            assert!(set_exposure_from(s, 900000.0, day("2026-12-14")));
            assert_eq!(s.exposure_at(day("2026-12-13")), 45000.0);
            assert_eq!(s.exposure_at(day("2026-12-14")), 900000.0);
            // A second change later keeps both eras.
            assert!(set_exposure_from(s, 100000.0, day("2027-01-04")));
            assert_eq!(s.exposure_at(day("2026-12-20")), 900000.0);
            assert_eq!(s.exposure_at(day("2027-01-04")), 100000.0);
        }
        let text = apply(EXAMPLE, &before, &after).unwrap();
        assert!(
            text.contains("hourly_exposure = 100000\nexposure_changed = [ { on = \"2026-12-14\", from = 45000 }, { on = \"2027-01-04\", from = 900000 } ]"),
            "{text}"
        );
        assert_eq!(
            unlined(parse_organisation("example.toml", &text).unwrap()),
            unlined(after.clone())
        );
        // Setting it back from the first date drops the later eras.
        assert!(set_exposure_from(
            &mut after.services.edit(refunds),
            45000.0,
            day("2026-12-14")
        ));
        assert_eq!(after.services[refunds], before.services[refunds]);
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
