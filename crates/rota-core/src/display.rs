//! How numbers and words are shown to people, whatever the output format:
//! counts and plurals, percentages, exposures, and text made safe for HTML,
//! for terminals and for spreadsheets.

/// `"s"` after a count other than one: `format!("{n} error{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `person` for one, `people` for any other count.
pub fn people_noun(n: usize) -> &'static str {
    if n == 1 { "person" } else { "people" }
}

/// Small counts in words, for fixes people read.
pub fn count_words(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// A count in words with its noun: `counted(2, "member", "members")` is
/// "two members".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count_words(n), if n == 1 { one } else { many })
}

/// An exposure as people write it: whole numbers grouped, fractions kept.
pub fn format_exposure(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        crate::money::Money((x as i64) * 100)
            .grouped()
            .trim_end_matches(".00")
            .to_string()
    } else {
        format!("{x:.2}")
    }
}

/// A percentage without needless zeros: `99.9`, `95.0`, `99.95`.
pub fn format_percent(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0');
    if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a character could take over a terminal or hide text: control
/// characters (escape, bell, backspace, carriage return…, C0 and C1) and the
/// bidirectional overrides that reorder what is shown.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Printable ASCII, tabs and line ends only: what [`terminal_safe`] keeps
/// as it is, decided byte by byte.
fn plain_bytes(bytes: &[u8]) -> bool {
    // Each byte is checked with the one after it (a carriage return needs a
    // line feed next), in blocks, without a branch per byte: the compiler
    // then checks many bytes at a time. A calendar has a carriage return on
    // every line, so they are not looked up one by one.
    // 0x20 to 0x7e: printable ASCII.
    let allowed =
        |b: u8| (b.wrapping_sub(0x20) < 0x5f) | (b == b'\n') | (b == b'\t') | (b == b'\r');
    let Some((&last, _)) = bytes.split_last() else {
        return true;
    };
    if !allowed(last) || last == b'\r' {
        return false;
    }
    let (this, next) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    const BLOCK: usize = 256;
    this.chunks(BLOCK)
        .zip(next.chunks(BLOCK))
        .all(|(this, next)| {
            this.iter().zip(next).fold(true, |plain, (&b, &after)| {
                plain & allowed(b) & ((b != b'\r') | (after == b'\n'))
            })
        })
}

/// Text made safe to print to a terminal or write to a text report: every
/// unsafe character (see [`is_unsafe_char`]) becomes `�`, except line
/// breaks and tabs, and a carriage return that ends a line (`\r\n`, as
/// iCalendar writes). Names are already refused at load when they hold such
/// characters; this is the second line of defence, for whatever else reaches
/// the output (ids typed on the command line, file paths, messages).
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    // Fast path for the common case, a whole report or calendar of printable
    // ASCII: decided byte by byte, which is what the rule below says for
    // ASCII. Anything else goes through the rule character by character.
    if plain_bytes(text.as_bytes()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut chars = text.chars().peekable();
    let safe = |c: char, next: Option<&char>| {
        !is_unsafe_char(c) || c == '\n' || c == '\t' || (c == '\r' && next == Some(&'\n'))
    };
    let mut probe = text.chars().peekable();
    let mut clean = true;
    while let Some(c) = probe.next() {
        if !safe(c, probe.peek()) {
            clean = false;
            break;
        }
    }
    if clean {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    while let Some(c) = chars.next() {
        out.push(if safe(c, chars.peek()) { c } else { '\u{fffd}' });
    }
    std::borrow::Cow::Owned(out)
}

/// A writer that makes text [`terminal_safe`] on its way through, for
/// output streamed rather than built whole. It gathers what it is given and
/// passes it on in blocks of whole lines (the rule looks one character past
/// a carriage return, and a line never ends inside a character), so the
/// bytes that come out are exactly those of `terminal_safe` over the whole
/// text; the blocks make it a buffer too. [`SafeWriter::finish`] passes on
/// the rest.
pub struct SafeWriter<W: std::io::Write> {
    inner: W,
    /// Text not passed on yet.
    pending: Vec<u8>,
    /// Lines are passed on once this much is gathered.
    block: usize,
}

/// How much a [`SafeWriter`] gathers before it passes lines on.
const SAFE_BLOCK: usize = 64 * 1024;

impl<W: std::io::Write> SafeWriter<W> {
    pub fn new(inner: W) -> SafeWriter<W> {
        SafeWriter::with_block(inner, SAFE_BLOCK)
    }

    fn with_block(inner: W, block: usize) -> SafeWriter<W> {
        SafeWriter {
            inner,
            pending: Vec::with_capacity(block + block / 4),
            block,
        }
    }

    fn pass(inner: &mut W, bytes: &[u8]) -> std::io::Result<()> {
        if plain_bytes(bytes) {
            return inner.write_all(bytes);
        }
        let text = String::from_utf8_lossy(bytes);
        inner.write_all(terminal_safe(&text).as_bytes())
    }

    /// Writes what is left and flushes; returns the inner writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        Self::pass(&mut self.inner, &self.pending)?;
        self.pending.clear();
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: std::io::Write> std::io::Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= self.block
            && let Some(last) = self.pending.iter().rposition(|&b| b == b'\n')
        {
            Self::pass(&mut self.inner, &self.pending[..=last])?;
            self.pending.drain(..=last);
        }
        Ok(buf.len())
    }

    /// Flushes the lines passed on; text after the last line break waits
    /// for the rest of its line.
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A CSV cell made safe to open in a spreadsheet: text that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be read as a formula, so
/// it gets a leading `'` (as OWASP recommends); numbers such as `-12.50` are
/// left as they are so they stay numbers.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || cell.parse::<f64>().is_ok_and(f64::is_finite) {
        return std::borrow::Cow::Borrowed(cell);
    }
    std::borrow::Cow::Owned(format!("'{cell}"))
}

/// A CSV row with every cell made [`spreadsheet_safe`]; every CSV writer
/// passes its data rows (not its fixed header) through this.
pub fn spreadsheet_row<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> Vec<String> {
    cells
        .into_iter()
        .map(|c| spreadsheet_safe(c.as_ref()).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick check says what the rule says byte by byte.
        #[test]
        fn plain_bytes_is_the_byte_by_byte_rule(text in "[ -~\\t\\r\\n\\x00-\\x1f\u{e9}]{0,60}|[ -~\\n]{200,600}[\\r\\x01]?[ -~\\n]{0,300}|([ -~]{0,80}\\r\\n){0,12}\\r?") {
            let bytes = text.as_bytes();
            let rule = bytes.iter().enumerate().all(|(i, &b)| {
                (0x20..0x7f).contains(&b)
                    || b == b'\n'
                    || b == b'\t'
                    || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n'))
            });
            proptest::prop_assert_eq!(plain_bytes(bytes), rule);
        }
    }

    #[test]
    fn terminal_safe_replaces_escapes_and_keeps_line_breaks() {
        assert_eq!(terminal_safe("plain\ttext\n"), "plain\ttext\n");
        assert!(matches!(
            terminal_safe("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            terminal_safe("a\u{1b}]0;title\u{7}b\u{1b}[2Jc"),
            "a\u{fffd}]0;title\u{fffd}b\u{fffd}[2Jc"
        );
        assert_eq!(
            terminal_safe("line\r\nover\rwrite"),
            "line\r\nover\u{fffd}write"
        );
        assert_eq!(terminal_safe("x\u{202e}y\u{9b}z"), "x\u{fffd}y\u{fffd}z");
    }

    proptest::proptest! {
        /// The byte-by-byte fast path agrees with the character rule on
        /// text mixing plain ASCII, line ends, escapes and bidi controls.
        #[test]
        fn terminal_safe_agrees_with_the_character_rule(
            picks in proptest::collection::vec(0usize..12, 0..40)
        ) {
            const PIECES: [&str; 12] =
                ["a", " ", "\n", "\r", "\r\n", "\t", "\u{1b}", "\u{7f}", "é", "\u{202e}", "\u{9b}", "~"];
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let chars: Vec<char> = text.chars().collect();
            let want: String = chars
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let keep = !is_unsafe_char(c)
                        || c == '\n'
                        || c == '\t'
                        || (c == '\r' && chars.get(i + 1) == Some(&'\n'));
                    if keep { c } else { '\u{fffd}' }
                })
                .collect();
            proptest::prop_assert_eq!(terminal_safe(&text), want);
        }
    }

    proptest::proptest! {
        /// Text written through a `SafeWriter` in pieces cut anywhere on a
        /// character boundary comes out as `terminal_safe` of the whole.
        #[test]
        fn safe_writer_matches_terminal_safe_of_the_whole(
            picks in proptest::collection::vec(0usize..10, 0..60),
            cuts in proptest::collection::vec(0usize..8, 0..20),
            block in 1usize..24,
        ) {
            use std::io::Write as _;
            const PIECES: [&str; 10] =
                ["ab", "\n", "\r", "\r\n", "\u{1b}[2J", "é", "\u{202e}", " ", "x\ny", "\t"];
            let pieces: Vec<&str> = picks.iter().map(|&i| PIECES[i]).collect();
            let whole: String = pieces.concat();
            let mut w = SafeWriter::with_block(Vec::new(), block);
            // Join neighbouring pieces by the cuts, so writes vary in size.
            let mut i = 0;
            for (k, &n) in cuts.iter().chain(std::iter::repeat(&1)).enumerate() {
                if i >= pieces.len() || k > 200 {
                    break;
                }
                let j = (i + n.max(1)).min(pieces.len());
                w.write_all(pieces[i..j].concat().as_bytes()).unwrap();
                i = j;
            }
            let out = w.finish().unwrap();
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), terminal_safe(&whole));
        }
    }

    #[test]
    fn spreadsheet_safe_neutralises_formulas_and_keeps_numbers() {
        for (cell, want) in [
            ("=1+2", "'=1+2"),
            ("+cmd", "'+cmd"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-12.50", "-12.50"),
            ("+3", "+3"),
            ("12.5", "12.5"),
            ("Ava Patel", "Ava Patel"),
            ("", ""),
            ("-inf", "'-inf"),
        ] {
            assert_eq!(spreadsheet_safe(cell), want, "{cell:?}");
        }
    }
}
