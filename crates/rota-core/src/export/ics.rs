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
fn calendar_pieces(
    export: &Export,
    mut emit: impl FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = String::new();
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
    // What every event says about itself: which slot, which revision, when.
    let dtstamp = format!("DTSTAMP:{}", utc(stamp));
    let modified = export
        .updated
        .map(|updated| format!("LAST-MODIFIED:{}", utc(updated)));
    let sequence = format!("SEQUENCE:{}", export.revision);
    // One event: the slot, what it says, and whether it stands.
    let event =
        |out: &mut String, shift: &ExportShift, summary: &str, description: &str, status: &str| {
            line(out, "BEGIN:VEVENT");
            line(out, &format!("UID:{}", uid(shift)));
            line(out, &dtstamp);
            if let Some(modified) = &modified {
                line(out, modified);
            }
            line(out, &sequence);
            line(
                out,
                &format!("DTSTART:{}", utc(shift.start.with_timezone(&Utc))),
            );
            line(
                out,
                &format!("DTEND:{}", utc(shift.end.with_timezone(&Utc))),
            );
            line(out, &format!("SUMMARY:{}", escape_text(summary)));
            line(out, &format!("DESCRIPTION:{}", escape_text(description)));
            line(out, "CATEGORIES:On call");
            // Standby is time someone may be called, not time they are busy.
            line(out, "TRANSP:TRANSPARENT");
            line(out, &format!("STATUS:{status}"));
            line(out, "END:VEVENT");
        };
    for shift in &export.shifts {
        emit(&out)?;
        out.clear();
        event(
            &mut out,
            shift,
            &summary(shift, export.for_person),
            &description(shift, &export.currency),
            "CONFIRMED",
        );
    }
    for shift in &export.cancelled {
        emit(&out)?;
        out.clear();
        event(
            &mut out,
            shift,
            &format!("Cancelled: {}", summary(shift, export.for_person)),
            &format!(
                "{} ({}) is no longer on call for {} then: the shift moved to someone else.",
                shift.person_name, shift.person, shift.rota_name
            ),
            "CANCELLED",
        );
    }
    line(&mut out, "END:VCALENDAR");
    emit(&out)
}

/// The rota slot an event stands for: its start instant and rota, whoever
/// holds it, so a swap keeps the UID and updates the event. Rota ids are
/// `[a-z0-9-]`; anything else a hand-edited file has becomes `_`, so the UID
/// needs no escaping. A secondary's slot is another event: `+secondary`
/// after the rota (a character no rota id has, so it never meets another
/// rota's UID).
pub fn uid(shift: &ExportShift) -> String {
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
    format!("{}-{rota}{role}@rota", utc(shift.start.with_timezone(&Utc)))
}

fn utc(t: DateTime<Utc>) -> String {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write as _;
    // `%Y%m%dT%H%M%SZ`, written directly: the years and seconds that format
    // writes otherwise (a sign, a leap second) go through it.
    if !(0..=9999).contains(&t.year()) || t.nanosecond() >= 1_000_000_000 {
        return t.format("%Y%m%dT%H%M%SZ").to_string();
    }
    let mut out = String::with_capacity(16);
    let _ = write!(
        out,
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    out
}

fn summary(shift: &ExportShift, for_person: bool) -> String {
    let on = if shift.role.is_secondary() {
        "On call (secondary)"
    } else {
        "On call"
    };
    if for_person {
        format!("{on}: {}", shift.rota_name)
    } else {
        format!("{on}: {} ({})", shift.rota_name, shift.person_name)
    }
}

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
    // Most text is printable ASCII, with line feeds at most: escaped byte
    // by byte.
    let bytes = s.as_bytes();
    if bytes
        .iter()
        .all(|&b| (0x20..0x7f).contains(&b) || b == b'\n')
    {
        let mut out = String::with_capacity(s.len() + 16);
        let mut from = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escaped = match b {
                b'\\' => "\\\\",
                b';' => "\\;",
                b',' => "\\,",
                b'\n' => "\\n",
                _ => continue,
            };
            out.push_str(&s[from..i]);
            out.push_str(escaped);
            from = i + 1;
        }
        out.push_str(&s[from..]);
        return out;
    }
    let mut out = String::with_capacity(s.len());
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
    out
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

    proptest::proptest! {
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
