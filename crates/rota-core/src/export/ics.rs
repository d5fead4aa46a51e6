//! iCalendar (RFC 5545) export: one VEVENT per shift, for calendars people
//! subscribe to.
//!
//! - A UID names the rota slot (rota and start), not the person, so after a
//!   swap re-importing updates the event rather than adding a second one.
//!   SEQUENCE is the schedule's revision, so the update wins.
//! - A person's own feed cancels (STATUS:CANCELLED, same UID) the shifts that
//!   moved from them, so they leave that person's calendar.
//! - Times are UTC (`…Z`): exact across daylight-saving changes, with no
//!   VTIMEZONE to get wrong.
//! - DTSTAMP and LAST-MODIFIED come from the schedule's stored `updated`
//!   time (else its first date), never the clock, so two exports of one
//!   schedule are byte for byte the same.
//! - Lines end in CRLF and are folded at 75 octets, never inside a UTF-8
//!   character.

use chrono::{DateTime, NaiveTime, Utc};

use super::{Export, ExportShift};
use crate::digits::{push_u32, put};

/// Longest content line, in octets, before folding (RFC 5545 section 3.1).
const MAX_OCTETS: usize = 75;

/// The export as an iCalendar file.
pub fn calendar(export: &Export) -> String {
    let mut text = String::new();
    let _ = calendar_pieces(export, |piece| {
        text.push_str(piece);
        Ok(())
    });
    text
}

/// The export as an iCalendar file, written event by event: a calendar of
/// a 50,000-person year is about 65 MB, which need never be held whole.
pub fn write_calendar(w: &mut dyn std::io::Write, export: &Export) -> std::io::Result<()> {
    calendar_pieces(export, |piece| w.write_all(piece.as_bytes()))
}

/// The calendar's text in pieces of whole lines (the header, each event,
/// the footer), each handed to `emit` in order.
///
/// Every event is written straight into one buffer: the lines are put
/// together in a scratch line (escaped as they go, see [`Escaper`]) and
/// folded from it. What every event has (the stamp and sequence lines) is
/// folded once, and what the events of a rota share is escaped once: the
/// teams and services of their description (at a domain rota a long text).
/// The bytes are those of joining each value's text and escaping and
/// folding it whole, which the tests hold it to.
fn calendar_pieces(
    export: &Export,
    mut emit: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = String::with_capacity(4096);
    let line = |out: &mut String, s: &str| push_folded(out, s);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!("PRODID:-//rota//rota {}//EN", env!("CARGO_PKG_VERSION")),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape_text(&export.title)),
    );
    let stamp = export
        .updated
        .unwrap_or_else(|| export.schedule_start.and_time(NaiveTime::MIN).and_utc());
    // What every event says about itself: which revision, when. These
    // lines are the same in every event, so they are folded once.
    let mut fixed = String::new();
    line(&mut fixed, &format!("DTSTAMP:{}", utc(stamp)));
    if let Some(updated) = export.updated {
        line(&mut fixed, &format!("LAST-MODIFIED:{}", utc(updated)));
    }
    line(&mut fixed, &format!("SEQUENCE:{}", export.revision));
    let mut writer = EventWriter {
        fixed,
        text: String::with_capacity(1024),
        covers: std::collections::HashMap::new(),
    };
    for shift in &export.shifts {
        emit(&out)?;
        out.clear();
        writer.event(&mut out, shift, export, Status::Confirmed);
    }
    for shift in &export.cancelled {
        emit(&out)?;
        out.clear();
        writer.event(&mut out, shift, export, Status::Cancelled);
    }
    line(&mut out, "END:VCALENDAR");
    emit(&out)
}

/// Whether an event stands or is withdrawn.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Confirmed,
    Cancelled,
}

/// Writes events, keeping what they share.
struct EventWriter {
    /// The folded DTSTAMP, LAST-MODIFIED and SEQUENCE lines.
    fixed: String,
    /// The content line being put together, before it is folded.
    text: String,
    /// The escaped teams and services part of a description, by the
    /// shift's (shared) lists of teams and services.
    covers: std::collections::HashMap<(usize, usize), Escaped>,
}

impl EventWriter {
    fn event(&mut self, out: &mut String, shift: &ExportShift, export: &Export, status: Status) {
        push_folded(out, "BEGIN:VEVENT");
        let start = Stamp::of(shift.start.with_timezone(&Utc));
        let text = &mut self.text;

        text.clear();
        text.push_str("UID:");
        push_uid(text, shift, &start);
        push_folded(out, text);
        out.push_str(&self.fixed);

        text.clear();
        text.push_str("DTSTART:");
        start.push(text);
        push_folded(out, text);
        text.clear();
        text.push_str("DTEND:");
        Stamp::of(shift.end.with_timezone(&Utc)).push(text);
        push_folded(out, text);

        text.clear();
        text.push_str("SUMMARY:");
        let mut e = Escaper::new(text);
        if status == Status::Cancelled {
            e.push("Cancelled: ");
        }
        e.push(if shift.role.is_secondary() {
            "On call (secondary): "
        } else {
            "On call: "
        });
        e.push(&shift.rota_name);
        if !export.for_person {
            e.push(" (");
            e.push(&shift.person_name);
            e.push(")");
        }
        e.finish();
        push_folded(out, text);

        text.clear();
        text.push_str("DESCRIPTION:");
        match status {
            Status::Confirmed => {
                let covers = &mut self.covers;
                description_into(text, shift, &export.currency, |e| {
                    // The lists are shared by the shifts of a rota (see
                    // `export::build`): their text is escaped once.
                    let key = (
                        std::sync::Arc::as_ptr(&shift.teams) as *const String as usize,
                        std::sync::Arc::as_ptr(&shift.services) as *const String as usize,
                    );
                    let part = covers.entry(key).or_insert_with(|| {
                        let mut escaped = String::new();
                        let mut pe = Escaper::new(&mut escaped);
                        cover_text(&mut pe, shift);
                        let cr = pe.cr;
                        Escaped { text: escaped, cr }
                    });
                    e.push_escaped(part);
                });
            }
            Status::Cancelled => {
                let mut e = Escaper::new(text);
                e.push(&shift.person_name);
                e.push(" (");
                e.push(&shift.person);
                e.push(") is no longer on call for ");
                e.push(&shift.rota_name);
                e.push(" then: the shift moved to someone else.");
                e.finish();
            }
        }
        push_folded(out, text);

        push_folded(out, "CATEGORIES:On call");
        // Standby is time someone may be called, not time they are busy.
        push_folded(out, "TRANSP:TRANSPARENT");
        push_folded(
            out,
            match status {
                Status::Confirmed => "STATUS:CONFIRMED",
                Status::Cancelled => "STATUS:CANCELLED",
            },
        );
        push_folded(out, "END:VEVENT");
    }
}

/// A shift's description, escaped, onto `text`: its lines joined with line
/// breaks (see [`description`], the same text unescaped). `covers` writes
/// the teams and services part (see [`cover_text`]).
fn description_into(
    text: &mut String,
    shift: &ExportShift,
    currency: &str,
    covers: impl FnOnce(&mut Escaper),
) {
    let mut e = Escaper::new(text);
    e.push("Rota: ");
    e.push(&shift.rota_name);
    e.push(" (");
    e.push(&shift.rota);
    e.push(")\nOn call: ");
    e.push(&shift.person_name);
    e.push(" (");
    e.push(&shift.person);
    e.push(")");
    if shift.role.is_secondary() {
        e.push("\nRole: secondary");
    }
    covers(&mut e);
    e.push("\nSlices: ");
    e.push_u32(shift.slices);
    e.push(" (");
    e.push_u32(shift.weeknight_slices);
    e.push(" weeknight, ");
    e.push_u32(shift.weekend_slices);
    e.push(" weekend, ");
    e.push_u32(shift.holiday_slices);
    e.push(" holiday)\nStandby pay: ");
    e.push(currency);
    e.push(" ");
    e.push(&shift.standby_pay.grouped());
    if shift.pinned {
        e.push("\nPinned: kept by re-plans");
    }
    if !shift.note.is_empty() {
        e.push("\nNote: ");
        e.push(&shift.note);
    }
    if !shift.placed {
        e.push(
            "\nThis shift does not line up with the organisation file as it is now; re-plan the schedule.",
        );
    }
    e.finish();
}

/// The teams and services lines of a description, each after a line
/// break (nothing when the shift covers none).
fn cover_text(e: &mut Escaper, shift: &ExportShift) {
    for (label, names) in [
        ("\nTeams: ", &shift.teams),
        ("\nServices: ", &shift.services),
    ] {
        if names.is_empty() {
            continue;
        }
        e.push(label);
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                e.push(", ");
            }
            e.push(name);
        }
    }
}

/// Text escaped by an [`Escaper`] before, to write again.
struct Escaped {
    text: String,
    /// Whether the text ended in a carriage return still to be written.
    cr: bool,
}

/// Escapes TEXT given in pieces: the result is [`escape_text`] of the
/// pieces joined. Only a carriage return depends on what follows it (one
/// before a line feed is dropped), so a piece's last carriage return waits
/// for the next piece.
struct Escaper<'a> {
    out: &'a mut String,
    /// A carriage return ended the last piece.
    cr: bool,
}

impl<'a> Escaper<'a> {
    fn new(out: &'a mut String) -> Escaper<'a> {
        Escaper { out, cr: false }
    }

    fn push(&mut self, piece: &str) {
        let Some(first) = piece.bytes().next() else {
            return;
        };
        self.settle(first == b'\n');
        let piece = match piece.strip_suffix('\r') {
            Some(head) => {
                self.cr = true;
                head
            }
            None => piece,
        };
        escape_into(self.out, piece);
    }

    /// Text escaped earlier by another escaper, whose unescaped text began
    /// with a line break (or was empty), as every cover text does.
    fn push_escaped(&mut self, part: &Escaped) {
        if part.text.is_empty() && !part.cr {
            return;
        }
        self.settle(true);
        self.out.push_str(&part.text);
        self.cr = part.cr;
    }

    fn push_u32(&mut self, n: u32) {
        self.settle(false);
        push_u32(self.out, n);
    }

    /// Writes a waiting carriage return as the next character decides.
    fn settle(&mut self, next_is_line_feed: bool) {
        if std::mem::take(&mut self.cr) && !next_is_line_feed {
            self.out.push_str("\\n");
        }
    }

    /// Writes a carriage return still waiting at the end of the text.
    fn finish(mut self) {
        self.settle(false);
    }
}

/// An instant as iCalendar writes it in UTC: `%Y%m%dT%H%M%SZ`.
struct Stamp(StampText);

enum StampText {
    /// The usual case, written digit by digit.
    Short([u8; 16]),
    /// Years and seconds outside the usual (a sign, a leap second), as
    /// chrono formats them.
    Long(String),
}

impl Stamp {
    fn of(t: DateTime<Utc>) -> Stamp {
        use chrono::{Datelike, Timelike};
        let naive = t.naive_utc();
        let (date, time) = (naive.date(), naive.time());
        let year = date.year();
        if !(0..=9999).contains(&year) || time.nanosecond() >= 1_000_000_000 {
            return Stamp(StampText::Long(t.format("%Y%m%dT%H%M%SZ").to_string()));
        }
        let secs = time.num_seconds_from_midnight();
        let mut b = *b"00000000T000000Z";
        put(&mut b, 0, 4, year as u32);
        put(&mut b, 4, 2, date.month());
        put(&mut b, 6, 2, date.day());
        put(&mut b, 9, 2, secs / 3600);
        put(&mut b, 11, 2, secs / 60 % 60);
        put(&mut b, 13, 2, secs % 60);
        Stamp(StampText::Short(b))
    }

    fn as_str(&self) -> &str {
        match &self.0 {
            // Only ASCII digits, `T` and `Z` were written.
            StampText::Short(b) => std::str::from_utf8(b).unwrap_or_default(),
            StampText::Long(s) => s,
        }
    }

    fn push(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

/// The rota slot an event stands for: its start instant and rota, whoever
/// holds it, so a swap keeps the UID and updates the event. Rota ids are
/// `[a-z0-9-]`; anything else a hand-edited file has becomes `_`, so the UID
/// needs no escaping. A secondary's slot is another event: `+secondary`
/// after the rota (a character no rota id has, so it never meets another
/// rota's UID).
pub fn uid(shift: &ExportShift) -> String {
    let mut out = String::new();
    push_uid(&mut out, shift, &Stamp::of(shift.start.with_timezone(&Utc)));
    out
}

fn push_uid(out: &mut String, shift: &ExportShift, start: &Stamp) {
    start.push(out);
    out.push('-');
    if shift
        .rota
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        out.push_str(&shift.rota);
    } else {
        out.extend(shift.rota.chars().map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        }));
    }
    if shift.role.is_secondary() {
        out.push_str("+secondary");
    }
    out.push_str("@rota");
}

fn utc(t: DateTime<Utc>) -> String {
    Stamp::of(t).as_str().to_string()
}

/// A shift's description, unescaped: one line per fact. The calendar
/// writes it escaped with [`description_into`]; this is the plain text,
/// kept for the tests to hold that to.
#[cfg(test)]
fn description(shift: &ExportShift, currency: &str) -> String {
    let mut lines = vec![
        format!("Rota: {} ({})", shift.rota_name, shift.rota),
        format!("On call: {} ({})", shift.person_name, shift.person),
    ];
    if shift.role.is_secondary() {
        lines.push("Role: secondary".to_string());
    }
    if !shift.teams.is_empty() {
        lines.push(format!("Teams: {}", shift.teams.join(", ")));
    }
    if !shift.services.is_empty() {
        lines.push(format!("Services: {}", shift.services.join(", ")));
    }
    lines.push(format!(
        "Slices: {} ({} weeknight, {} weekend, {} holiday)",
        shift.slices, shift.weeknight_slices, shift.weekend_slices, shift.holiday_slices
    ));
    lines.push(format!(
        "Standby pay: {currency} {}",
        shift.standby_pay.grouped()
    ));
    if shift.pinned {
        lines.push("Pinned: kept by re-plans".to_string());
    }
    if !shift.note.is_empty() {
        lines.push(format!("Note: {}", shift.note));
    }
    if !shift.placed {
        lines.push(
            "This shift does not line up with the organisation file as it is now; re-plan the schedule."
                .to_string(),
        );
    }
    lines.join("\n")
}

/// Escapes a TEXT value (RFC 5545 section 3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s);
    out
}

/// [`escape_text`] of `s`, appended to `out`.
fn escape_into(out: &mut String, s: &str) {
    // Most text is printable ASCII, with line feeds at most: escaped byte
    // by byte, in one pass; at the first other byte what was written goes
    // and the text is escaped character by character instead.
    let bytes = s.as_bytes();
    // Names and ids have nothing to escape: one check without a branch
    // per byte, then copied as they are.
    let plain = bytes.iter().fold(true, |plain, &b| {
        plain & (b.wrapping_sub(0x20) < 0x5f) & (b != b'\\') & (b != b';') & (b != b',')
    });
    if plain {
        out.push_str(s);
        return;
    }
    let mark = out.len();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = match b {
            b'\\' => "\\\\",
            b';' => "\\;",
            b',' => "\\,",
            b'\n' => "\\n",
            0x20..=0x7e => continue,
            _ => {
                out.truncate(mark);
                escape_chars(out, s);
                return;
            }
        };
        out.push_str(&s[from..i]);
        out.push_str(escaped);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// [`escape_text`] of `s`, appended to `out`, character by character.
fn escape_chars(out: &mut String, s: &str) {
    out.reserve(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            // Other control characters are not allowed in TEXT.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
}

/// Appends one content line, folded at 75 octets and ended with CRLF.
/// Continuation lines start with a space, which counts toward their 75.
pub fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = MAX_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        // Some readers trim trailing blanks from each physical line; never
        // end one with a space so the value survives them.
        let mut tidy = cut;
        while tidy > 1 && rest.as_bytes()[tidy - 1] == b' ' {
            tidy -= 1;
            while !rest.is_char_boundary(tidy) {
                tidy -= 1;
            }
        }
        if tidy > 1 {
            cut = tidy;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        let mut out = String::new();
        push_folded(&mut out, &long);
        assert!(out.ends_with("\r\n"));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 2);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} has {} octets", l.len());
            if i > 0 {
                assert!(l.starts_with(' '));
            }
        }
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, long);
    }

    #[test]
    fn a_fold_never_leaves_a_line_ending_in_a_space() {
        let long = format!("SUMMARY:{}", "ab ".repeat(60));
        let mut out = String::new();
        push_folded(&mut out, &long);
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        let (last, folded) = lines.split_last().unwrap();
        for l in folded {
            assert!(!l.ends_with(' '), "{l:?}");
            assert!(l.len() <= 75);
        }
        assert!(last.len() <= 75);
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, long);
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        push_folded(&mut out, "VERSION:2.0");
        assert_eq!(out, "VERSION:2.0\r\n");
    }

    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            }
        }
        out
    }

    /// The calendar as it is written straightforwardly: each value's text
    /// put together whole, then escaped, then folded. The writer must give
    /// exactly these bytes.
    fn reference_calendar(export: &Export) -> String {
        let mut out = String::new();
        let line = |out: &mut String, s: &str| push_folded(out, s);
        let stamp_of = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
        let uid_of = |shift: &ExportShift| {
            let rota: String = shift
                .rota
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let role = if shift.role.is_secondary() {
                "+secondary"
            } else {
                ""
            };
            format!(
                "{}-{rota}{role}@rota",
                stamp_of(shift.start.with_timezone(&Utc))
            )
        };
        let summary = |shift: &ExportShift| {
            let on = if shift.role.is_secondary() {
                "On call (secondary)"
            } else {
                "On call"
            };
            if export.for_person {
                format!("{on}: {}", shift.rota_name)
            } else {
                format!("{on}: {} ({})", shift.rota_name, shift.person_name)
            }
        };
        line(&mut out, "BEGIN:VCALENDAR");
        line(&mut out, "VERSION:2.0");
        line(
            &mut out,
            &format!("PRODID:-//rota//rota {}//EN", env!("CARGO_PKG_VERSION")),
        );
        line(&mut out, "CALSCALE:GREGORIAN");
        line(&mut out, "METHOD:PUBLISH");
        line(
            &mut out,
            &format!("X-WR-CALNAME:{}", escape_text(&export.title)),
        );
        let stamp = export
            .updated
            .unwrap_or_else(|| export.schedule_start.and_time(NaiveTime::MIN).and_utc());
        let event = |out: &mut String,
                     shift: &ExportShift,
                     summary: &str,
                     description: &str,
                     status: &str| {
            line(out, "BEGIN:VEVENT");
            line(out, &format!("UID:{}", uid_of(shift)));
            line(out, &format!("DTSTAMP:{}", stamp_of(stamp)));
            if let Some(updated) = export.updated {
                line(out, &format!("LAST-MODIFIED:{}", stamp_of(updated)));
            }
            line(out, &format!("SEQUENCE:{}", export.revision));
            line(
                out,
                &format!("DTSTART:{}", stamp_of(shift.start.with_timezone(&Utc))),
            );
            line(
                out,
                &format!("DTEND:{}", stamp_of(shift.end.with_timezone(&Utc))),
            );
            line(out, &format!("SUMMARY:{}", escape_text(summary)));
            line(out, &format!("DESCRIPTION:{}", escape_text(description)));
            line(out, "CATEGORIES:On call");
            line(out, "TRANSP:TRANSPARENT");
            line(out, &format!("STATUS:{status}"));
            line(out, "END:VEVENT");
        };
        for shift in &export.shifts {
            event(
                &mut out,
                shift,
                &summary(shift),
                &description(shift, &export.currency),
                "CONFIRMED",
            );
        }
        for shift in &export.cancelled {
            event(
                &mut out,
                shift,
                &format!("Cancelled: {}", summary(shift)),
                &format!(
                    "{} ({}) is no longer on call for {} then: the shift moved to someone else.",
                    shift.person_name, shift.person, shift.rota_name
                ),
                "CANCELLED",
            );
        }
        line(&mut out, "END:VCALENDAR");
        out
    }

    /// Text for the generated exports: mostly names, sometimes what needs
    /// escaping, carriage returns and line feeds, characters of more than
    /// one octet, or long enough to fold.
    fn text() -> proptest::strategy::BoxedStrategy<String> {
        use proptest::strategy::Strategy;
        proptest::prop_oneof![
            "[A-Za-z0-9 .-]{0,20}",
            "[a-z ,;\\\\\n\r\t\u{1}\u{e9}\u{1F600}]{0,12}",
            "[a-zé ]{60,120}",
        ]
        .boxed()
    }

    fn export_strategy() -> impl proptest::strategy::Strategy<Value = Export> {
        use proptest::prelude::*;
        use std::sync::Arc;
        let names = || proptest::collection::vec(text(), 0..4).prop_map(Arc::<[String]>::from);
        // A few lists of teams and services, shared among the shifts as
        // the export shares them.
        let lists = proptest::collection::vec((names(), names()), 1..4);
        // A shift, and which of the lists it covers.
        let shift = || {
            (
                (text(), text(), text(), text(), text()),
                (-80_000_000_000i64..300_000_000_000, 0i64..2_000_000),
                (0u32..40, 0u32..20, 0u32..20, 0u32..20),
                (
                    -1_000_000_000i64..1_000_000_000,
                    any::<bool>(),
                    any::<bool>(),
                ),
                (
                    any::<bool>(),
                    any::<prop::sample::Index>(),
                    -50_000i32..50_000,
                ),
            )
                .prop_map(
                    |(
                        (rota, rota_name, person, person_name, note),
                        (start, length),
                        (slices, weeknight, weekend, holiday),
                        (pay, pinned, placed),
                        (secondary, list, offset),
                    )| {
                        let zone = chrono::FixedOffset::east_opt(offset)
                            .unwrap_or(chrono::FixedOffset::east_opt(0).unwrap());
                        let at = |s: i64| {
                            DateTime::<Utc>::from_timestamp(s, 0)
                                .unwrap_or_default()
                                .with_timezone(&zone)
                        };
                        let shift = ExportShift {
                            rota,
                            rota_name,
                            person,
                            person_name,
                            start: at(start),
                            end: at(start + length),
                            slices,
                            weeknight_slices: weeknight,
                            weekend_slices: weekend,
                            holiday_slices: holiday,
                            standby_pay: crate::money::Money(pay),
                            pinned,
                            note,
                            role: if secondary {
                                crate::schedule::Role::Secondary
                            } else {
                                crate::schedule::Role::Primary
                            },
                            teams: Arc::from(Vec::new()),
                            services: Arc::from(Vec::new()),
                            placed,
                        };
                        (shift, list)
                    },
                )
        };
        (
            (text(), text(), 0u32..5000, any::<bool>()),
            proptest::option::of(-80_000_000_000i64..300_000_000_000),
            lists,
            proptest::collection::vec(shift(), 0..6),
            proptest::collection::vec(shift(), 0..3),
        )
            .prop_map(
                |((title, currency, revision, for_person), updated, lists, shifts, cancelled)| {
                    let make = |(mut shift, list): (ExportShift, prop::sample::Index)| {
                        let (teams, services) = list.get(&lists);
                        shift.teams = teams.clone();
                        shift.services = services.clone();
                        shift
                    };
                    Export {
                        organisation: "Org".into(),
                        currency,
                        schedule_start: chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
                            .unwrap_or_default(),
                        revision,
                        updated: updated.and_then(|s| DateTime::<Utc>::from_timestamp(s, 0)),
                        title,
                        for_person,
                        shifts: shifts.into_iter().map(make).collect(),
                        cancelled: cancelled.into_iter().map(make).collect(),
                    }
                },
            )
    }

    #[test]
    fn pieces_escape_as_their_text_joined() {
        for pieces in [
            vec!["a\r", "\nb"],
            vec!["a\r", "b"],
            vec!["a\r", ""],
            vec!["a\r"],
            vec!["\r", "\r", "\n"],
            vec!["x", "\r\r", "\n\r"],
        ] {
            let mut out = String::new();
            let mut e = Escaper::new(&mut out);
            for p in &pieces {
                e.push(p);
            }
            e.finish();
            assert_eq!(out, escape_text(&pieces.concat()), "{pieces:?}");
        }
    }

    proptest::proptest! {
        /// The writer gives the bytes of the straightforward writer, on
        /// exports with every kind of text, shared lists and instants.
        #[test]
        fn calendar_is_the_straightforward_calendar(export in export_strategy()) {
            proptest::prop_assert_eq!(calendar(&export), reference_calendar(&export));
        }

        /// Escaping pieces one by one is escaping them joined.
        #[test]
        fn escaping_in_pieces_is_escaping_the_whole(pieces in proptest::collection::vec(text(), 0..6)) {
            let mut out = String::new();
            let mut e = Escaper::new(&mut out);
            for p in &pieces {
                e.push(p);
            }
            e.finish();
            proptest::prop_assert_eq!(out, escape_text(&pieces.concat()));
        }

        /// Escaping then folding, then unfolding then unescaping, gives back
        /// the text (line breaks as LF, other control characters dropped),
        /// and every physical line fits in 75 octets.
        #[test]
        fn text_survives_escaping_and_folding(text in "\\PC{0,300}|[a-z ,;\\\\\n\r\u{e9}\u{1F600}]{0,300}") {
            let mut out = String::new();
            push_folded(&mut out, &format!("DESCRIPTION:{}", escape_text(&text)));
            proptest::prop_assert!(out.ends_with("\r\n"));
            let body = &out[..out.len() - 2];
            for line in body.split("\r\n") {
                proptest::prop_assert!(line.len() <= 75);
            }
            let unfolded = body.replace("\r\n ", "");
            let value = unfolded.strip_prefix("DESCRIPTION:").unwrap_or_default();
            let expected: String = text
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
                .collect();
            proptest::prop_assert_eq!(unescape(value), expected);
        }

        /// The stamps written directly are those chrono's format writes.
        #[test]
        fn stamps_are_formatted_as_chrono_formats_them(seconds in -70_000_000_000i64..300_000_000_000) {
            let t = DateTime::<Utc>::from_timestamp(seconds, 0).unwrap_or_default();
            proptest::prop_assert_eq!(utc(t), t.format("%Y%m%dT%H%M%SZ").to_string());
            // A leap second, which chrono keeps as nanoseconds past a second.
            let leap = seconds - seconds.rem_euclid(60) + 59;
            if let Some(t) = DateTime::<Utc>::from_timestamp(leap, 1_500_000_000) {
                proptest::prop_assert_eq!(utc(t), t.format("%Y%m%dT%H%M%SZ").to_string());
            }
        }

        /// Text with nothing to escape is kept as it is; the quick check
        /// agrees with escaping character by character.
        #[test]
        fn plain_text_is_escaped_as_it_is(text in "[ -~\t\n]{0,80}") {
            let slow: String = text
                .chars()
                .flat_map(|c| match c {
                    '\\' => vec!['\\', '\\'],
                    ';' => vec!['\\', ';'],
                    ',' => vec!['\\', ','],
                    '\n' => vec!['\\', 'n'],
                    c if c.is_control() && c != '\t' => vec![],
                    c => vec![c],
                })
                .collect();
            proptest::prop_assert_eq!(escape_text(&text), slow);
        }
    }
}
