//! Reading and writing the schedule file.

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, FixedOffset, SecondsFormat};

use super::{Callout, Moved, Role, Schedule, Shift};
use crate::digits::{push_u32, put};
use crate::input::decode::{At, Fields, Reader, TABLES_PER_PIECE, read_text, read_toml_in_pieces};
use crate::input::diag::Diagnostics;
use crate::input::layout::{boolean, is_plain, key_value, plain_string, set};

const TOP_KEYS: &[&str] = &["schedule", "shifts", "callouts", "moved"];
const SCHEDULE_KEYS: &[&str] = &[
    "organisation",
    "organisation_digest",
    "start",
    "end",
    "generated_by",
    "revision",
    "updated",
];
const SHIFT_KEYS: &[&str] = &[
    "rota", "person", "start", "end", "slices", "pinned", "note", "role",
];
const CALLOUT_KEYS: &[&str] = &["rota", "person", "at", "minutes", "service"];
const MOVED_KEYS: &[&str] = &["rota", "person", "start", "end", "role"];

/// Every table the schedule reader reads, with the keys it accepts there;
/// held to the reader and to docs/format.md by a test.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const TABLES: [(&str, &[&str]); 5] = [
    ("", TOP_KEYS),
    ("schedule", SCHEDULE_KEYS),
    ("shifts", SHIFT_KEYS),
    ("callouts", CALLOUT_KEYS),
    ("moved", MOVED_KEYS),
];

/// Reads and checks a schedule file's text, reporting every problem.
///
/// The `[[shifts]]` are read a piece at a time (a whole 50,000-person
/// year's parsed tree and the parser's buffers take about 3 KB a shift).
pub fn parse_schedule(file: &str, text: &str) -> Result<Schedule, Diagnostics> {
    parse_schedule_in(file, text, TABLES_PER_PIECE)
}

/// [`parse_schedule`], reading the shifts `per_piece` at a time (0: the
/// whole file at once).
pub(crate) fn parse_schedule_in(
    file: &str,
    text: &str,
    per_piece: usize,
) -> Result<Schedule, Diagnostics> {
    read_toml_in_pieces(
        file,
        text,
        "a schedule: [schedule] and [[shifts]]",
        TOP_KEYS,
        &[(
            "organisation",
            "this is an organisation file, not a schedule file (make a schedule from it \
             with `rota plan ORG --start DATE --weeks N -o FILE`)",
        )],
        &["shifts"],
        per_piece,
        read,
    )
}

/// The shifts of a piece written in rota's own layout (a `[[shifts]]`
/// line, then one `key = value` line a key, values in printable ASCII,
/// nothing else but empty lines), read without a TOML tree; `None` for
/// anything else or anything wrong, which the TOML reader then reads and
/// reports. What it reads is what that reader reads (the tests hold the
/// two to each other).
fn quick_shifts(piece: &str) -> Option<Vec<Shift>> {
    #[derive(Default)]
    struct Table<'p> {
        rota: Option<&'p str>,
        person: Option<&'p str>,
        start: Option<&'p str>,
        end: Option<&'p str>,
        slices: Option<u32>,
        pinned: Option<bool>,
        note: Option<&'p str>,
        role: Option<Role>,
    }
    fn shift(t: Table<'_>) -> Option<Shift> {
        let start = DateTime::parse_from_rfc3339(t.start?).ok()?;
        let end = DateTime::parse_from_rfc3339(t.end?).ok()?;
        let slices = t.slices.filter(|&n| n >= 1)?;
        if end <= start {
            return None;
        }
        Some(Shift {
            rota: t.rota?.to_string(),
            person: t.person?.to_string(),
            start,
            end,
            slices,
            pinned: t.pinned.unwrap_or_default(),
            note: t.note.unwrap_or_default().to_string(),
            role: t.role.unwrap_or(Role::Primary),
        })
    }
    let mut shifts = Vec::new();
    let mut table: Option<Table<'_>> = None;
    for line in piece.split('\n') {
        if line.is_empty() {
            continue;
        }
        if line == "[[shifts]]" {
            if let Some(t) = table.replace(Table::default()) {
                shifts.push(shift(t)?);
            }
            continue;
        }
        let t = table.as_mut()?;
        // A key holding `=` is none of the keys below either way.
        let (key, value) = key_value(line)?;
        match key {
            "rota" => set(&mut t.rota, plain_string(value))?,
            "person" => set(&mut t.person, plain_string(value))?,
            "start" => set(&mut t.start, plain_string(value))?,
            "end" => set(&mut t.end, plain_string(value))?,
            "note" => set(&mut t.note, plain_string(value))?,
            "slices" => set(
                &mut t.slices,
                (!value.starts_with('0') && value.len() < 10)
                    .then(|| value.parse().ok())
                    .flatten(),
            )?,
            "pinned" => set(&mut t.pinned, boolean(value))?,
            "role" => set(
                &mut t.role,
                Role::ALL
                    .into_iter()
                    .find(|r| plain_string(value) == Some(r.as_str())),
            )?,
            _ => return None,
        }
    }
    shifts.push(shift(table?)?);
    Some(shifts)
}

fn instant(r: &mut Reader<'_>, t: &Fields<'_>, key: &str) -> Option<At<DateTime<FixedOffset>>> {
    let at = r.string(t, key, true)?;
    match DateTime::parse_from_rfc3339(&at.value) {
        Ok(v) => Some(At {
            value: v,
            span: at.span,
        }),
        Err(_) => {
            r.report(
                &at.span,
                &t.child(key),
                "not a date-time",
                Some("RFC 3339 with an offset, like 2026-12-07T17:30:00Z".into()),
                Some(format!("\"{}\"", at.value)),
                None,
            );
            None
        }
    }
}

fn count(r: &mut Reader<'_>, t: &Fields<'_>, key: &str, min: i64) -> Option<u32> {
    let Some(at) = r.integer(t, key) else {
        if !t.has(key) {
            r.report(
                &t.span,
                &t.child(key),
                "missing required key",
                Some("a whole number".into()),
                None,
                None,
            );
        }
        return None;
    };
    if at.value < min || at.value > u32::MAX as i64 {
        r.report(
            &at.span,
            &t.child(key),
            "out of range",
            Some(format!("a whole number >= {min}")),
            Some(at.value.to_string()),
            None,
        );
        return None;
    }
    Some(at.value as u32)
}

/// A shift's optional role: missing means primary.
fn role(r: &mut Reader<'_>, t: &Fields<'_>) -> Option<Role> {
    match r.string(t, "role", false) {
        None => Some(Role::Primary),
        Some(at) => {
            let options: Vec<(&str, Role)> = Role::ALL.iter().map(|r| (r.as_str(), *r)).collect();
            r.choice(&at, &t.child("role"), "role", &options)
        }
    }
}

fn read(r: &mut Reader<'_>, root: &Fields<'_>) -> Option<Schedule> {
    let head = r.table(root, "schedule", SCHEDULE_KEYS, true);
    let (organisation, digest, start, end, generated_by) = match &head {
        Some(t) => (
            r.string(t, "organisation", true),
            r.string(t, "organisation_digest", false),
            r.date(t, "start", true),
            r.date(t, "end", true),
            r.string(t, "generated_by", false),
        ),
        None => (None, None, None, None, None),
    };
    // Both optional: a file no save has changed has neither.
    let (revision, updated) = match &head {
        Some(t) => (
            if t.has("revision") {
                count(r, t, "revision", 1)
            } else {
                Some(0)
            },
            if t.has("updated") {
                instant(r, t, "updated").map(|a| Some(a.value))
            } else {
                Some(None)
            },
        ),
        None => (Some(0), Some(None)),
    };
    if let (Some(t), Some(s), Some(e)) = (&head, &start, &end)
        && e.value <= s.value
    {
        r.report(
            &e.span,
            &t.child("end"),
            "the schedule ends before it starts",
            Some(format!("a date after {}", s.value)),
            Some(e.value.to_string()),
            None,
        );
    }

    let shifts = std::cell::RefCell::new(Vec::new());
    let quick = |_: &Reader<'_>, piece: &str, _| {
        quick_shifts(piece)
            .map(|s| shifts.borrow_mut().extend(s))
            .is_some()
    };
    r.each_table_or(root, "shifts", SHIFT_KEYS, quick, |r, t| {
        let rota = r.string(&t, "rota", true);
        let person = r.string(&t, "person", true);
        let s = instant(r, &t, "start");
        let e = instant(r, &t, "end");
        let slices = count(r, &t, "slices", 1);
        let pinned = r.boolean(&t, "pinned").is_some_and(|a| a.value);
        let note = r.string(&t, "note", false).map(|a| a.value);
        let role = role(r, &t);
        if let (Some(s), Some(e)) = (&s, &e)
            && e.value <= s.value
        {
            r.report(
                &e.span,
                &t.child("end"),
                "the shift ends before it starts",
                Some(format!("a time after {}", s.value.to_rfc3339())),
                None,
                None,
            );
            return;
        }
        if let (Some(rota), Some(person), Some(s), Some(e), Some(slices), Some(role)) =
            (rota, person, s, e, slices, role)
        {
            shifts.borrow_mut().push(Shift {
                rota: rota.value,
                person: person.value,
                start: s.value,
                end: e.value,
                slices,
                pinned,
                note: note.unwrap_or_default(),
                role,
            });
        }
    });
    let shifts = shifts.into_inner();

    let mut callouts = Vec::new();
    for t in r.tables(root, "callouts", CALLOUT_KEYS) {
        let rota = r.string(&t, "rota", true);
        let person = r.string(&t, "person", true);
        let at = instant(r, &t, "at");
        let minutes = count(r, &t, "minutes", 0);
        let service = r.string(&t, "service", true);
        if let (Some(rota), Some(person), Some(at), Some(minutes), Some(service)) =
            (rota, person, at, minutes, service)
        {
            callouts.push(Callout {
                rota: rota.value,
                person: person.value,
                at: at.value,
                minutes,
                service: service.value,
            });
        }
    }

    let mut moved = Vec::new();
    for t in r.tables(root, "moved", MOVED_KEYS) {
        let rota = r.string(&t, "rota", true);
        let person = r.string(&t, "person", true);
        let s = instant(r, &t, "start");
        let e = instant(r, &t, "end");
        let role = role(r, &t);
        if let (Some(rota), Some(person), Some(s), Some(e), Some(role)) = (rota, person, s, e, role)
        {
            moved.push(Moved {
                rota: rota.value,
                person: person.value,
                start: s.value,
                end: e.value,
                role,
            });
        }
    }

    Some(Schedule {
        organisation: organisation?.value,
        organisation_digest: digest.map(|a| a.value).unwrap_or_default(),
        start: start?.value,
        end: end?.value,
        generated_by: generated_by.map(|a| a.value).unwrap_or_default(),
        revision: revision?,
        updated: updated?,
        shifts,
        callouts,
        moved,
    })
}

/// Loads a schedule file from disk.
pub fn load_schedule(path: &Path) -> Result<(Schedule, String), Diagnostics> {
    let text = read_text(path, "a TOML schedule file")?;
    let schedule = parse_schedule(&path.display().to_string(), &text)?;
    Ok((schedule, text))
}

fn quoted(s: &str) -> String {
    let mut out = String::new();
    push_quoted(&mut out, s);
    out
}

/// Writes a string as TOML: printable ASCII without quotes or backslashes
/// as it is, anything else as the TOML library writes it.
fn push_quoted(out: &mut String, s: &str) {
    if is_plain(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&toml_edit::Value::from(s).to_string());
    }
}

fn stamp(t: &DateTime<FixedOffset>) -> String {
    let mut out = String::new();
    push_stamp(&mut out, t);
    out
}

/// Writes an instant quoted, as RFC 3339 in whole seconds with its offset
/// (`Z` for none): digit by digit for years 0 to 9999 and offsets in whole
/// minutes, otherwise as chrono writes it.
fn push_stamp(out: &mut String, t: &DateTime<FixedOffset>) {
    use chrono::{Datelike, Timelike};
    let local = t.naive_local();
    let offset = t.offset().local_minus_utc();
    let year = local.year();
    if !(0..=9999).contains(&year) || offset % 60 != 0 || local.nanosecond() >= 1_000_000_000 {
        push_quoted(out, &t.to_rfc3339_opts(SecondsFormat::Secs, true));
        return;
    }
    let mut b = *b"\"0000-00-00T00:00:00+00:00\"";
    put(&mut b, 1, 4, year as u32);
    put(&mut b, 6, 2, local.month());
    put(&mut b, 9, 2, local.day());
    put(&mut b, 12, 2, local.hour());
    put(&mut b, 15, 2, local.minute());
    put(&mut b, 18, 2, local.second());
    let text = if offset == 0 {
        b[20] = b'Z';
        b[21] = b'"';
        &b[..22]
    } else {
        let minutes = offset.unsigned_abs() / 60;
        b[20] = if offset < 0 { b'-' } else { b'+' };
        put(&mut b, 21, 2, minutes / 60);
        put(&mut b, 24, 2, minutes % 60);
        &b[..]
    };
    // Only ASCII was written.
    out.push_str(std::str::from_utf8(text).unwrap_or_default());
}

/// Starts a `[[key]]` table after an empty line, first handing `w` what is
/// written when it comes to a block: written out in blocks, not table by
/// table, since `w` may be a terminal or a pipe with no buffer of its own.
fn table(w: &mut dyn std::io::Write, out: &mut String, key: &str) -> std::io::Result<()> {
    if out.len() >= 1 << 16 {
        w.write_all(out.as_bytes())?;
        out.clear();
    }
    out.push_str("\n[[");
    out.push_str(key);
    out.push_str("]]\n");
    Ok(())
}

/// Writes `key = value` and a line feed, `value` written by `put`.
fn line(out: &mut String, key: &str, put: impl FnOnce(&mut String)) {
    out.push_str(key);
    out.push_str(" = ");
    put(out);
    out.push('\n');
}

/// The canonical text of a schedule. Shifts are written in the order given
/// (call [`Schedule::sort`] first for the file's order).
pub fn write_schedule(s: &Schedule) -> String {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_schedule_to(&mut bytes, s);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The canonical text of a schedule written to `out` shift by shift: a
/// 50,000-person year is 18 MB of text, which need never be held whole.
pub fn write_schedule_to(w: &mut dyn std::io::Write, s: &Schedule) -> std::io::Result<()> {
    let mut out = String::new();
    let _ = writeln!(out, "[schedule]");
    let _ = writeln!(out, "organisation = {}", quoted(&s.organisation));
    let _ = writeln!(
        out,
        "organisation_digest = {}",
        quoted(&s.organisation_digest)
    );
    let _ = writeln!(out, "start = {}", quoted(&s.start.to_string()));
    let _ = writeln!(out, "end = {}", quoted(&s.end.to_string()));
    let _ = writeln!(out, "generated_by = {}", quoted(&s.generated_by));
    if s.revision > 0 {
        let _ = writeln!(out, "revision = {}", s.revision);
    }
    if let Some(updated) = &s.updated {
        let _ = writeln!(out, "updated = {}", stamp(updated));
    }
    for shift in &s.shifts {
        table(w, &mut out, "shifts")?;
        line(&mut out, "rota", |o| push_quoted(o, &shift.rota));
        line(&mut out, "person", |o| push_quoted(o, &shift.person));
        line(&mut out, "start", |o| push_stamp(o, &shift.start));
        line(&mut out, "end", |o| push_stamp(o, &shift.end));
        line(&mut out, "slices", |o| push_u32(o, shift.slices));
        line(&mut out, "pinned", |o| {
            o.push_str(if shift.pinned { "true" } else { "false" })
        });
        if !shift.note.is_empty() {
            line(&mut out, "note", |o| push_quoted(o, &shift.note));
        }
        // Only for secondaries: a file without them is written as it always was.
        if shift.role.is_secondary() {
            line(&mut out, "role", |o| push_quoted(o, shift.role.as_str()));
        }
    }
    for c in &s.callouts {
        table(w, &mut out, "callouts")?;
        line(&mut out, "rota", |o| push_quoted(o, &c.rota));
        line(&mut out, "person", |o| push_quoted(o, &c.person));
        line(&mut out, "at", |o| push_stamp(o, &c.at));
        line(&mut out, "minutes", |o| push_u32(o, c.minutes));
        line(&mut out, "service", |o| push_quoted(o, &c.service));
    }
    for m in &s.moved {
        table(w, &mut out, "moved")?;
        line(&mut out, "rota", |o| push_quoted(o, &m.rota));
        line(&mut out, "person", |o| push_quoted(o, &m.person));
        line(&mut out, "start", |o| push_stamp(o, &m.start));
        line(&mut out, "end", |o| push_stamp(o, &m.end));
        if m.role.is_secondary() {
            line(&mut out, "role", |o| push_quoted(o, m.role.as_str()));
        }
    }
    w.write_all(out.as_bytes())
}

/// Saves a schedule atomically, keeping the previous file as `FILE.bak`.
pub fn save_schedule(path: &Path, s: &Schedule) -> std::io::Result<()> {
    crate::input::storage::write_atomic_with(path, |w| write_schedule_to(w, s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::decode::READ_IN_PIECES;

    /// A schedule text of `n` shifts as rota writes it, with a callout and
    /// a moved shift after them.
    fn text(n: usize) -> String {
        let mut t = String::from(
            "[schedule]\norganisation = \"org.toml\"\nstart = \"2026-01-05\"\nend = \"2036-01-05\"\n",
        );
        let first = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        for i in 0..n {
            let day = first + chrono::Days::new(i as u64);
            let _ = write!(
                t,
                "\n[[shifts]]\nrota = \"r{}\"\nperson = \"p{}\"\nstart = \"{day}T17:30:00Z\"\n\
                 end = \"{}T09:00:00Z\"\nslices = 1\npinned = {}\n{}",
                i % 7,
                i % 13,
                day + chrono::Days::new(1),
                i % 5 == 0,
                if i % 3 == 1 {
                    "role = \"secondary\"\n"
                } else {
                    ""
                }
            );
        }
        t.push_str(
            "\n[[callouts]]\nrota = \"r1\"\nperson = \"p1\"\nat = \"2026-01-05T20:00:00Z\"\n\
             minutes = 30\nservice = \"s\"\n\n[[moved]]\nrota = \"r2\"\nperson = \"p2\"\n\
             start = \"2026-01-06T17:30:00Z\"\nend = \"2026-01-07T09:00:00Z\"\n",
        );
        t
    }

    /// Edits that break or bend a schedule's layout (see the organisation's).
    const EDITS: &[(&str, &str)] = &[
        ("slices = 1", "slices = 0"),
        ("pinned = false", "pinned = \"no\""),
        ("rota = \"r", "rotta = \"r"),
        ("person = \"p", "[schedule]\nperson = \"p"),
        ("end = \"", "end = 2026"),
        ("[[shifts]]", "[[shifts]]\n[[shifts]]"),
        (
            "pinned = true",
            "pinned = true\nnote = \"\"\"\nsee\n[[shifts]]\nrota = \"x\"\n[elsewhere]\n\"\"\"",
        ),
        ("pinned = true", "pinned = true\nnote = \"plain\""),
        ("\n[[callouts]]", "\n[[shifts]]\nrota = \"r\"\n[[callouts]]"),
        ("minutes = 30", "minutes = -1"),
        ("[schedule]", "shifts = []\n[schedule]"),
        ("\n[[shifts]]", "\n [[shifts]]"),
        ("pinned = true", "pinned = true\nnote = \"caf\u{e9} \\\" \""),
        ("slices = 1", "slices = +1"),
        ("slices = 1", "slices = 01"),
        ("slices = 1", "slices = 1_0"),
        ("pinned = false", "pinned = false # kept"),
        ("person = \"p", "person = \"p\"\nperson = \"p"),
        ("rota = \"r", "\"rota\" = \"r"),
        ("T09:00:00Z", "T09:00:00+01:00"),
        ("T09:00:00Z", "T09:00:00"),
        ("end = ", "end  = "),
        ("role = \"secondary\"", "role = \"tertiary\""),
        ("role = \"secondary\"", "role = \"primary\""),
        (
            "role = \"secondary\"",
            "role = \"secondary\"\nrole = \"secondary\"",
        ),
    ];

    proptest::proptest! {
        /// A string is written as the TOML library writes it.
        #[test]
        fn strings_are_quoted_as_toml_quotes_them(s in "[ -~]{0,40}|\\PC{0,20}") {
            proptest::prop_assert_eq!(quoted(&s), toml_edit::Value::from(s.as_str()).to_string());
        }

        /// An instant is written as chrono writes RFC 3339 in seconds, at any
        /// offset (whole minutes or not) and in any year chrono has.
        #[test]
        fn instants_are_written_as_chrono_writes_them(
            secs in -400_000_000_000i64..400_000_000_000,
            nanos in 0u32..2_000_000_000,
            offset in -86_399i32..86_400,
            whole_minutes: bool,
        ) {
            let offset = if whole_minutes { offset / 60 * 60 } else { offset };
            let utc = DateTime::from_timestamp(secs, nanos).or_else(|| DateTime::from_timestamp(secs, 0));
            let (Some(utc), Some(zone)) = (utc, FixedOffset::east_opt(offset)) else {
                return Ok(());
            };
            let t = utc.with_timezone(&zone);
            let want = format!("\"{}\"", t.to_rfc3339_opts(SecondsFormat::Secs, true));
            proptest::prop_assert_eq!(stamp(&t), want);
        }

        /// Read in pieces of any size or whole, a schedule is the same, and
        /// so is every problem with it.
        #[test]
        fn pieces_read_as_the_whole_file_does(
            n in 1usize..14,
            per_piece in 1usize..5,
            edit in proptest::option::of((0..EDITS.len(), 0usize..20)),
            crlf: bool,
        ) {
            let mut t = text(n);
            if let Some((e, nth)) = edit {
                let (from, to) = EDITS[e];
                let at: Vec<usize> = t.match_indices(from).map(|(i, _)| i).collect();
                if !at.is_empty() {
                    let i = at[nth % at.len()];
                    t.replace_range(i..i + from.len(), to);
                }
            }
            if crlf {
                t = t.replace('\n', "\r\n");
            }
            let whole = parse_schedule_in("s.toml", &t, 0);
            let before = READ_IN_PIECES.with(|n| n.get());
            proptest::prop_assert_eq!(&parse_schedule_in("s.toml", &t, per_piece), &whole);
            if edit.is_none() {
                let secondaries = (0..n).filter(|i| i % 3 == 1).count();
                proptest::prop_assert_eq!(
                    whole.as_ref().map(|s| s.shifts.iter().filter(|x| x.role.is_secondary()).count()),
                    Ok(secondaries)
                );
                proptest::prop_assert_eq!(whole.map(|s| s.shifts.len()), Ok(n));
                proptest::prop_assert_eq!(READ_IN_PIECES.with(|n| n.get()), before + 1);
            }
        }
    }
}
