//! A small reader over a span-keeping TOML tree that collects every problem
//! instead of stopping at the first, each with its location.
//!
//! The tree is the `toml` crate's borrowed one (`DeTable`): values keep
//! their spans and point into the file's text, with none of the formatting
//! an editor needs, so a 50,000-person organisation is read in a fraction of
//! the memory and time a format-preserving document takes. Edits that keep
//! the formatting (`org::edit`) use `toml_edit` on their own.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::input::diag::{Diagnostic, Diagnostics, LineIndex, nearest};

/// A value of the tree, with its span.
type Item<'t> = Spanned<DeValue<'t>>;

pub(crate) type Span = Option<Range<usize>>;

/// A value with where it was written.
#[derive(Debug, Clone)]
pub(crate) struct At<T> {
    pub value: T,
    pub span: Span,
}

/// One table being read: the path to it, its span, its entries and the keys
/// it may have.
pub(crate) struct Fields<'t> {
    table: &'t DeTable<'t>,
    pub path: String,
    pub span: Span,
    /// Read back only by the test that holds the key lists to the loaders.
    #[cfg_attr(not(test), allow(dead_code))]
    known: &'static [&'static str],
}

#[cfg(test)]
thread_local! {
    /// Under test: every key a loader asked a table for, with the table's
    /// list of known keys, so a test can hold each list to what is read.
    pub(crate) static ASKED: std::cell::RefCell<Vec<(&'static [&'static str], String)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

impl<'t> Fields<'t> {
    pub fn child(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Renames the path, e.g. from `people[3]` to `people.ava` once the id is known.
    pub fn rename(&mut self, path: String) {
        self.path = path;
    }

    fn get(&self, key: &str) -> Option<&'t Item<'t>> {
        #[cfg(test)]
        ASKED.with(|a| a.borrow_mut().push((self.known, key.to_string())));
        self.table.get(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

pub(crate) struct Reader<'a> {
    pub file: &'a str,
    pub text: &'a str,
    /// Built the first time a place is asked for: a file read without a
    /// problem needs it only for the few lines the model keeps.
    index: std::cell::OnceCell<LineIndex>,
    /// An offset and how many line breaks come before it: lines asked for
    /// in file order (the tables of an array, one by one) are counted on
    /// from the last one, without the index.
    counted: std::cell::Cell<(usize, usize)>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the tree being read starts in `text`: a piece's spans count
    /// from the piece (see [`read_toml_in_pieces`]).
    base: usize,
    /// Reading the rest of a file read in pieces: the rest is the text with
    /// the pieces' runs cut out, and each entry is where in the rest a run
    /// was cut out and how far the text after it is in the file by then.
    cuts: Vec<(usize, usize)>,
    /// Reading a piece, whose spans count from `base`, not from the rest.
    in_piece: bool,
    /// The arrays of tables read apart from the rest of the document, each
    /// as pieces of `text`.
    pieces: Pieces,
}

/// What a value is, for "wrong type" messages. `text` tells an array of
/// tables (`[[x]]`, spanned by its header) from an inline array.
fn kind_of(item: &Item<'_>, span: Range<usize>, text: &str) -> &'static str {
    match item.get_ref() {
        DeValue::Table(_) => "a table",
        DeValue::Array(_) if text.get(span).is_some_and(|t| t.starts_with("[[")) => {
            "an array of tables"
        }
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
    }
}

/// `people.ava` when the element has a well-formed id, else `people[3]` (1-based).
fn element_path(path: &str, index: usize, table: &DeTable<'_>) -> String {
    match table.get("id").and_then(|i| i.get_ref().as_str()) {
        Some(id)
            if !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') =>
        {
            format!("{path}.{id}")
        }
        _ => format!("{path}[{}]", index + 1),
    }
}

/// A date written `YYYY-MM-DD` with four, two and two digits, read
/// directly: what `%Y-%m-%d` reads from it (`None` for anything else, and
/// for a date that does not exist, which that reader then reports).
pub(crate) fn plain_date(text: &str) -> Option<chrono::NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let (year, month, day) = (number(&b[..4])?, number(&b[5..7])?, number(&b[8..])?);
    chrono::NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

fn as_integer(item: &Item<'_>) -> Option<i64> {
    let i = item.get_ref().as_integer()?;
    i64::from_str_radix(i.as_str(), i.radix()).ok()
}

fn as_float(item: &Item<'_>) -> Option<f64> {
    item.get_ref().as_float()?.as_str().parse().ok()
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Reader {
            file,
            text,
            index: std::cell::OnceCell::new(),
            counted: std::cell::Cell::new((0, 0)),
            diagnostics: Vec::new(),
            base: 0,
            cuts: Vec::new(),
            in_piece: false,
            pieces: Vec::new(),
        }
    }

    /// Where a value is in the file.
    fn span_of(&self, item: &Item<'_>) -> Span {
        Some(self.in_file(item.span()))
    }

    /// A span of the tree being read, as a span of the file.
    fn in_file(&self, span: Range<usize>) -> Range<usize> {
        if self.in_piece {
            return span.start + self.base..span.end + self.base;
        }
        // The text after a cut is later in the file by the runs cut out
        // before it; a span that ends at a cut ends before the run.
        let shift = |at: usize, strict: bool| {
            let i = self
                .cuts
                .partition_point(|&(cut, _)| cut < at || (!strict && cut == at));
            at + i.checked_sub(1).map_or(0, |i| self.cuts[i].1)
        };
        shift(span.start, false)..shift(span.end, true).max(shift(span.start, false))
    }

    fn kind(&self, item: &Item<'_>) -> &'static str {
        kind_of(item, self.in_file(item.span()), self.text)
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(self.text))
    }

    pub fn line_of(&self, span: &Span) -> usize {
        let Some(s) = span else {
            return 0;
        };
        let offset = s.start.min(self.text.len());
        let (at, breaks) = self.counted.get();
        if offset < at || self.index.get().is_some() {
            return self.index().locate(self.text, offset).0;
        }
        // No branch per byte: the compiler counts many at a time.
        let more = self.text.as_bytes()[at..offset]
            .iter()
            .fold(0, |n, &b| n + usize::from(b == b'\n'));
        self.counted.set((offset, breaks + more));
        breaks + more + 1
    }

    pub fn locate(&self, span: &Span) -> (usize, usize) {
        span.as_ref()
            .map_or((0, 0), |s| self.index().locate(self.text, s.start))
    }

    /// Records a problem; `expected` and `found` go in brackets after it.
    pub fn report(
        &mut self,
        span: &Span,
        field: &str,
        message: impl Into<String>,
        expected: Option<String>,
        found: Option<String>,
        suggestion: Option<String>,
    ) {
        let (line, column) = self.locate(span);
        self.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            line,
            column,
            field: field.to_string(),
            message: message.into(),
            expected,
            found,
            suggestion,
        });
    }

    pub fn error(&mut self, span: &Span, field: &str, message: impl Into<String>) {
        self.report(span, field, message, None, None, None);
    }

    /// Opens a table and reports every key it has that is not in `known`.
    pub fn fields<'t>(
        &mut self,
        table: &'t DeTable<'t>,
        path: String,
        span: Span,
        known: &'static [&'static str],
    ) -> Fields<'t> {
        for key in table.keys() {
            let key_span = Some(self.in_file(key.span()));
            let key: &str = key.get_ref();
            if known.contains(&key) {
                continue;
            }
            let field = if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            };
            let suggestion = nearest(key, known.iter().copied());
            let expected = if known.len() <= 14 {
                Some(format!("one of {}", known.join(", ")))
            } else {
                None
            };
            self.report(
                &key_span.or_else(|| span.clone()),
                &field,
                format!("unknown key `{key}`"),
                expected,
                None,
                suggestion,
            );
        }
        Fields {
            table,
            path,
            span,
            known,
        }
    }

    fn missing(&mut self, fields: &Fields<'_>, key: &str, expected: &str) {
        self.report(
            &fields.span,
            &fields.child(key),
            "missing required key",
            Some(expected.to_string()),
            None,
            None,
        );
    }

    fn wrong_type(&mut self, item: &Item<'_>, field: &str, expected: &str) {
        self.report(
            &self.span_of(item),
            field,
            "wrong type",
            Some(expected.to_string()),
            Some(self.kind(item).to_string()),
            None,
        );
    }

    /// An integer written with more digits than 64 bits hold: reported as
    /// out of range (the tree keeps integers as written).
    fn too_large(&mut self, item: &Item<'_>, span: &Span, field: impl FnOnce() -> String) -> bool {
        let Some(i) = item.get_ref().as_integer() else {
            return false;
        };
        if as_integer(item).is_some() {
            return false;
        }
        self.report(
            span,
            &field(),
            "number too large to fit in 64 bits",
            Some("a whole number from -9223372036854775808 to 9223372036854775807".into()),
            Some(i.to_string()),
            None,
        );
        true
    }

    /// A sub-table (`[pay]` or `pay = { … }`), reporting unknown keys in it.
    pub fn table<'t>(
        &mut self,
        parent: &Fields<'t>,
        key: &str,
        known: &'static [&'static str],
        required: bool,
    ) -> Option<Fields<'t>> {
        let Some(item) = parent.get(key) else {
            if required {
                self.report(
                    &parent.span,
                    &parent.child(key),
                    "missing required section",
                    Some(format!("a [{}] table", parent.child(key))),
                    None,
                    None,
                );
            }
            return None;
        };
        let path = parent.child(key);
        match item.get_ref().as_table() {
            Some(t) => Some(self.fields(t, path, self.span_of(item), known)),
            None => {
                self.wrong_type(item, &path, "a table");
                None
            }
        }
    }

    /// An array of tables (`[[people]]` or `people = [ { … } ]`); each element
    /// is opened with path `key[N]` (1-based) and checked against `known`.
    pub fn tables<'t>(
        &mut self,
        parent: &Fields<'t>,
        key: &str,
        known: &'static [&'static str],
    ) -> Vec<Fields<'t>> {
        let Some(item) = parent.get(key) else {
            return Vec::new();
        };
        let path = parent.child(key);
        let mut out = Vec::new();
        // `[[people]]` and `people = [ { … } ]` read the same.
        match item.get_ref().as_array() {
            Some(array) => {
                for (i, v) in array.iter().enumerate() {
                    match v.get_ref().as_table() {
                        Some(t) => {
                            let element = element_path(&path, i, t);
                            out.push(self.fields(t, element, self.span_of(v), known))
                        }
                        None => self.report(
                            &self.span_of(v),
                            &format!("{path}[{}]", i + 1),
                            "wrong type",
                            Some("a table".into()),
                            Some(self.kind(v).into()),
                            None,
                        ),
                    }
                }
            }
            None => self.wrong_type(item, &path, "an array of tables"),
        }
        out
    }

    /// Reads each table of an array of tables with `f`, as [`Reader::tables`]
    /// gives them; an array of the top level that is read in pieces (see
    /// [`read_toml_in_pieces`]) is parsed and read a piece at a time.
    pub fn each_table(
        &mut self,
        parent: &Fields<'_>,
        key: &str,
        known: &'static [&'static str],
        f: impl FnMut(&mut Self, Fields<'_>),
    ) {
        self.each_table_or(parent, key, known, |_, _, _| false, f);
    }

    /// [`Reader::each_table`], with `piece` given each piece's text and
    /// where it starts in the file first: when it reads the piece itself (a
    /// quicker reader for the simple layout rota writes), it says so and the
    /// piece is not parsed.
    pub fn each_table_or(
        &mut self,
        parent: &Fields<'_>,
        key: &str,
        known: &'static [&'static str],
        mut piece: impl FnMut(&Self, &str, usize) -> bool,
        mut f: impl FnMut(&mut Self, Fields<'_>),
    ) {
        let at = self.pieces.iter().position(|(k, _)| *k == key);
        let Some(at) = at.filter(|_| parent.path.is_empty()) else {
            for t in self.tables(parent, key, known) {
                f(self, t);
            }
            return;
        };
        if parent.has(key) {
            // Also outside the pieces: not laid out as expected.
            self.error(&parent.span, key, "read in pieces and whole");
            return;
        }
        let text = self.text;
        for range in std::mem::take(&mut self.pieces[at].1) {
            if piece(self, &text[range.clone()], range.start) {
                continue;
            }
            let document = match DeTable::parse(&text[range.clone()]) {
                Ok(d) => d,
                Err(_) => {
                    self.error(&Some(range), key, "a piece that is not TOML on its own");
                    return;
                }
            };
            let table = document.get_ref();
            if table.len() != 1 {
                self.error(&Some(range), key, "a piece with more than its tables");
                return;
            }
            let root = Fields {
                table,
                path: String::new(),
                span: parent.span.clone(),
                known: parent.known,
            };
            self.base = range.start;
            self.in_piece = true;
            for t in self.tables(&root, key, known) {
                f(self, t);
            }
            self.base = 0;
            self.in_piece = false;
        }
    }

    fn value<'t>(&mut self, fields: &Fields<'t>, key: &str) -> Option<(&'t Item<'t>, Span)> {
        let item = fields.get(key)?;
        Some((item, self.span_of(item)))
    }

    pub fn string(&mut self, fields: &Fields<'_>, key: &str, required: bool) -> Option<At<String>> {
        let Some((item, span)) = self.value(fields, key) else {
            if required {
                self.missing(fields, key, "a string");
            }
            return None;
        };
        match item.get_ref().as_str() {
            Some(s) if self.printable(s, &span, || fields.child(key)) => Some(At {
                value: s.to_string(),
                span,
            }),
            Some(_) => None,
            None => {
                self.wrong_type(item, &fields.child(key), "a string");
                None
            }
        }
    }

    /// Whether a string is free of control characters (escape sequences, bell,
    /// line breaks, bidirectional overrides); reports it when it is not, since
    /// every string in a file ends up on a terminal, a report or a calendar.
    /// `field` names it, worked out only for a report.
    fn printable(&mut self, s: &str, span: &Span, field: impl FnOnce() -> String) -> bool {
        let Some(bad) = s.chars().find(|&c| crate::display::is_unsafe_char(c)) else {
            return true;
        };
        self.report(
            span,
            &field(),
            format!("contains the control character U+{:04X}", u32::from(bad)),
            Some("printable text without escape sequences or line breaks".into()),
            Some(format!("\"{}\"", s.escape_debug())),
            None,
        );
        false
    }

    /// A number; integers are accepted where a float is wanted.
    pub fn number(&mut self, fields: &Fields<'_>, key: &str, required: bool) -> Option<At<f64>> {
        let Some((item, span)) = self.value(fields, key) else {
            if required {
                self.missing(fields, key, "a number");
            }
            return None;
        };
        if self.too_large(item, &span, || fields.child(key)) {
            return None;
        }
        let value = as_float(item).or_else(|| as_integer(item).map(|i| i as f64));
        match value {
            Some(v) if v.is_finite() => Some(At { value: v, span }),
            Some(v) => {
                self.report(
                    &span,
                    &fields.child(key),
                    "not a finite number",
                    Some("a finite number".into()),
                    Some(v.to_string()),
                    None,
                );
                None
            }
            None => {
                self.wrong_type(item, &fields.child(key), "a number");
                None
            }
        }
    }

    pub fn integer(&mut self, fields: &Fields<'_>, key: &str) -> Option<At<i64>> {
        let (item, span) = self.value(fields, key)?;
        if self.too_large(item, &span, || fields.child(key)) {
            return None;
        }
        match as_integer(item) {
            Some(v) => Some(At { value: v, span }),
            None => {
                self.wrong_type(item, &fields.child(key), "an integer");
                None
            }
        }
    }

    pub fn boolean(&mut self, fields: &Fields<'_>, key: &str) -> Option<At<bool>> {
        let (item, span) = self.value(fields, key)?;
        match item.get_ref().as_bool() {
            Some(v) => Some(At { value: v, span }),
            None => {
                self.wrong_type(item, &fields.child(key), "true or false");
                None
            }
        }
    }

    /// A date, written as a string `"2026-12-25"` or a bare TOML date.
    pub fn date(
        &mut self,
        fields: &Fields<'_>,
        key: &str,
        required: bool,
    ) -> Option<At<chrono::NaiveDate>> {
        let Some((item, span)) = self.value(fields, key) else {
            if required {
                self.missing(fields, key, "a date YYYY-MM-DD");
            }
            return None;
        };
        let text: std::borrow::Cow<'_, str> = match item.get_ref() {
            DeValue::String(s) => std::borrow::Cow::Borrowed(s),
            DeValue::Datetime(d) if d.time.is_none() => std::borrow::Cow::Owned(d.to_string()),
            _ => {
                self.wrong_type(item, &fields.child(key), "a date YYYY-MM-DD");
                return None;
            }
        };
        if let Some(d) = plain_date(&text) {
            return Some(At { value: d, span });
        }
        match chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(d) if text.len() == 10 => Some(At { value: d, span }),
            _ => {
                self.report(
                    &span,
                    &fields.child(key),
                    "not a real date",
                    Some("a date YYYY-MM-DD".into()),
                    Some(format!("\"{text}\"")),
                    None,
                );
                None
            }
        }
    }

    /// An array of strings.
    pub fn strings(&mut self, fields: &Fields<'_>, key: &str) -> Option<Vec<At<String>>> {
        let (item, _) = self.value(fields, key)?;
        let Some(array) = item.get_ref().as_array() else {
            self.wrong_type(item, &fields.child(key), "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        for (i, v) in array.iter().enumerate() {
            match v.get_ref().as_str() {
                Some(s) => {
                    let field = || format!("{}[{}]", fields.child(key), i + 1);
                    if self.printable(s, &self.span_of(v), field) {
                        out.push(At {
                            value: s.to_string(),
                            span: self.span_of(v),
                        })
                    }
                }
                None => self.report(
                    &self.span_of(v),
                    &format!("{}[{}]", fields.child(key), i + 1),
                    "wrong type",
                    Some("a string".into()),
                    Some(self.kind(v).into()),
                    None,
                ),
            }
        }
        Some(out)
    }

    /// Parses a string as one of a fixed set of words, suggesting the nearest.
    pub fn choice<T: Copy>(
        &mut self,
        at: &At<String>,
        field: &str,
        what: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == at.value) {
            return Some(*v);
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        self.report(
            &at.span,
            field,
            format!("unknown {what} `{}`", at.value),
            Some(format!("one of {}", names.join(", "))),
            None,
            nearest(&at.value, names.iter().copied()),
        );
        None
    }
}

/// One problem about a whole file (no line or column).
pub(crate) fn whole_file(file: &str, message: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic {
        file: file.to_string(),
        line: 0,
        column: 0,
        field: String::new(),
        message,
        expected: None,
        found: None,
        suggestion: None,
    }])
}

/// Parses a TOML file's text and reads it with `read`, which reports into
/// the reader. The result stands only when nothing was reported; otherwise
/// every problem comes back, in file order. `what` names the kind of file
/// for an empty one ("a schedule: [schedule] and [[shifts]]"). The first of
/// `top_keys` marks this kind of file: when it is missing and a key of
/// `wrong_kind` is there, the file is another kind, said in one problem
/// instead of a dozen unknown keys.
pub(crate) fn read_toml<T>(
    file: &str,
    text: &str,
    what: &str,
    top_keys: &'static [&'static str],
    wrong_kind: &[(&str, &str)],
    read: impl FnOnce(&mut Reader<'_>, &Fields<'_>) -> Option<T>,
) -> Result<T, Diagnostics> {
    if text.trim().is_empty() {
        return Err(whole_file(
            file,
            format!("the file is empty (expected {what})"),
        ));
    }
    read_parsed(Reader::new(file, text), text, top_keys, wrong_kind, read)
}

/// Each array read in pieces, with the byte ranges of its pieces in order.
type Pieces = Vec<(&'static str, Vec<Range<usize>>)>;

/// Tables of one array read as one piece (see [`read_toml_in_pieces`]).
pub(crate) const TABLES_PER_PIECE: usize = 1024;

#[cfg(test)]
thread_local! {
    /// Under test: how many files were read in pieces, so a test can tell
    /// that the pieces were read rather than the whole file again.
    pub(crate) static READ_IN_PIECES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// [`read_toml`] for a file whose big arrays of tables (`[[people]]`,
/// `[[shifts]]`: `split` names them) are read a piece at a time, so that the
/// parsed tree, and the parser's buffers, of only one piece are alive at a
/// time (a whole 50,000-person organisation's take about 200 MB), of
/// `per_piece` tables each ([`TABLES_PER_PIECE`]; 0 reads the file whole).
/// `read` reads those arrays with [`Reader::each_table`]. When the file is
/// not laid out so (see [`pieces`]) or anything at all is wrong, the file is
/// read again as one document, so what is read and every problem reported
/// are exactly what [`read_toml`] gives.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_toml_in_pieces<T>(
    file: &str,
    text: &str,
    what: &str,
    top_keys: &'static [&'static str],
    wrong_kind: &[(&str, &str)],
    split: &[&'static str],
    per_piece: usize,
    read: impl Fn(&mut Reader<'_>, &Fields<'_>) -> Option<T>,
) -> Result<T, Diagnostics> {
    if per_piece > 0
        && let Some((rest, cuts, pieces)) = self::pieces(text, split, per_piece)
    {
        let mut reader = Reader::new(file, text);
        reader.pieces = pieces;
        reader.cuts = cuts;
        if let Ok(value) = read_parsed(reader, &rest, top_keys, wrong_kind, &read) {
            #[cfg(test)]
            READ_IN_PIECES.with(|n| n.set(n.get() + 1));
            return Ok(value);
        }
    }
    read_toml(file, text, what, top_keys, wrong_kind, read)
}

/// `text` with the runs of each `split` array's tables cut out (whole
/// lines, so what is left is the same TOML as with them blank), where they
/// were cut (see [`Reader::in_file`]), and those runs cut into pieces of
/// `per_piece` tables; `None` when no array is there or the file is not
/// laid out as rota writes it.
///
/// A run starts at the first line `[[key]]` and takes the lines up to the
/// next line that opens a table other than `[[key]]`, `[key.…]` or
/// `[[key.…]]`; a second run of the same array is not read in pieces.
/// The cut is by lines, not by TOML: a string or array that a cut falls
/// into leaves either a piece that does not parse or a string holding a
/// line break, which the reader refuses, so such a file is read whole.
#[allow(clippy::type_complexity)]
fn pieces(
    text: &str,
    split: &[&'static str],
    per_piece: usize,
) -> Option<(String, Vec<(usize, usize)>, Pieces)> {
    let headers: Vec<String> = split.iter().map(|k| format!("[[{k}]]")).collect();
    let mut out: Pieces = Vec::new();
    // The array whose run is open, and how many of its tables are in the last piece.
    let mut open: Option<(usize, usize)> = None;
    let mut pos = 0;
    let close = |out: &mut Pieces, at: usize| {
        if let Some((_, last)) = out.last_mut()
            && let Some(piece) = last.last_mut()
        {
            piece.end = at;
        }
    };
    for line in text.split_inclusive('\n') {
        if line.starts_with('[') {
            let bare = line.trim_end_matches('\n').trim_end_matches('\r');
            match headers.iter().position(|h| h == bare) {
                Some(k) if open.is_some_and(|(o, _)| o == k) => {
                    let (_, count) = open.as_mut()?;
                    if *count == per_piece {
                        close(&mut out, pos);
                        out.last_mut()?.1.push(pos..pos);
                        *count = 0;
                    }
                    *count += 1;
                }
                Some(k) => {
                    if out.iter().any(|(key, _)| *key == split[k]) {
                        return None;
                    }
                    if open.is_some() {
                        close(&mut out, pos);
                    }
                    out.push((split[k], std::iter::once(pos..pos).collect()));
                    open = Some((k, 1));
                }
                None => {
                    let within = open.is_some_and(|(o, _)| {
                        let key = split[o];
                        [&bare[1..], bare.get(2..).unwrap_or_default()]
                            .iter()
                            .any(|h| h.strip_prefix(key).is_some_and(|r| r.starts_with('.')))
                    });
                    if open.is_some() && !within {
                        close(&mut out, pos);
                        open = None;
                    }
                }
            }
        }
        pos += line.len();
    }
    if open.is_some() {
        close(&mut out, pos);
    }
    if out.is_empty() {
        return None;
    }
    let mut runs: Vec<Range<usize>> = out
        .iter()
        .map(|(_, pieces)| {
            pieces.first().map_or(0, |p| p.start)..pieces.last().map_or(0, |p| p.end)
        })
        .collect();
    runs.sort_by_key(|r| r.start);
    let mut rest = String::with_capacity(text.len() - runs.iter().map(|r| r.len()).sum::<usize>());
    let mut cuts = Vec::with_capacity(runs.len());
    let (mut from, mut cut_out) = (0, 0);
    for run in runs {
        rest.push_str(text.get(from..run.start)?);
        cut_out += run.len();
        cuts.push((rest.len(), cut_out));
        from = run.end;
    }
    rest.push_str(text.get(from..)?);
    Some((rest, cuts, out))
}

/// Parses `source` (the reader's text, or a copy with the same layout)
/// and reads it.
fn read_parsed<T>(
    mut reader: Reader<'_>,
    source: &str,
    top_keys: &'static [&'static str],
    wrong_kind: &[(&str, &str)],
    read: impl FnOnce(&mut Reader<'_>, &Fields<'_>) -> Option<T>,
) -> Result<T, Diagnostics> {
    let file = reader.file;
    let document = match DeTable::parse(source) {
        Ok(d) => d,
        Err(e) => {
            let message = e.message().trim().replace('\n', " ");
            let span = e.span().map(|s| reader.in_file(s));
            reader.error(&span, "", format!("not valid TOML: {message}"));
            return Err(Diagnostics(reader.diagnostics));
        }
    };
    let table = document.get_ref();
    let ours = top_keys.first().is_some_and(|k| table.contains_key(*k));
    if !ours && let Some((_, message)) = wrong_kind.iter().find(|(k, _)| table.contains_key(*k)) {
        return Err(whole_file(file, (*message).to_string()));
    }
    let root = reader.fields(table, String::new(), Some(0..0), top_keys);
    let value = read(&mut reader, &root);
    match value {
        Some(v) if reader.diagnostics.is_empty() => Ok(v),
        _ => {
            let mut d = reader.diagnostics;
            if d.is_empty() {
                d = whole_file(file, "the file could not be read".into()).0;
            }
            d.sort_by_key(|d| (d.line, d.column));
            Err(Diagnostics(d))
        }
    }
}

/// Reads a file as UTF-8 text; an unreadable, binary, special (a FIFO, a
/// device) or oversized file is one clear problem. `what` names the kind of file expected ("a TOML schedule file").
pub(crate) fn read_text(path: &std::path::Path, what: &str) -> Result<String, Diagnostics> {
    let file = path.display().to_string();
    let bytes = crate::input::storage::read_input(path)
        .map_err(|e| whole_file(&file, format!("cannot read the file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        whole_file(
            &file,
            format!(
                "not UTF-8 text (invalid byte at offset {}); expected {what}",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys and values of what is left of a file read in pieces are found
    /// where they are in the file.
    #[test]
    fn spans_of_the_rest_are_spans_of_the_file() {
        let text = "[a]\nx = 1\n[[p]]\nid = \"1\"\n\n[[p]]\nid = \"2\"\n[b]\ny = 22\n[[q]]\nz = 3\n[c]\nw = 444\n";
        let (rest, cuts, _) = pieces(text, &["p", "q"], 1).expect("laid out in runs");
        assert_eq!(rest, "[a]\nx = 1\n[b]\ny = 22\n[c]\nw = 444\n");
        let mut reader = Reader::new("f.toml", text);
        reader.cuts = cuts;
        let document = DeTable::parse(&rest).expect("TOML");
        let mut seen = Vec::new();
        for (name, table) in document.get_ref() {
            assert_eq!(
                &text[reader.in_file(name.span())],
                name.get_ref().as_ref() as &str
            );
            for (key, value) in table.get_ref().as_table().expect("a table") {
                assert_eq!(
                    &text[reader.in_file(key.span())],
                    key.get_ref().as_ref() as &str
                );
                let written = &text[reader.in_file(value.span())];
                assert_eq!(written.parse::<i64>().ok(), as_integer(value));
                seen.push(written.to_string());
            }
        }
        assert_eq!(seen, ["1", "22", "444"]);
    }

    proptest::proptest! {
        /// Dates read directly are those `%Y-%m-%d` reads, on text that
        /// nearly is a date too.
        #[test]
        fn plain_dates_are_read_as_the_format_reads_them(
            text in "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9+ -]{8,11}|20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
        ) {
            if let Some(d) = plain_date(&text) {
                proptest::prop_assert_eq!(
                    chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok(),
                    Some(d)
                );
            }
        }
    }

    proptest::proptest! {
        /// Lines counted on from the last one asked for, in file order or
        /// not, are those the line index gives.
        #[test]
        fn lines_counted_on_are_the_index_lines(
            text in "[a\né\r]{0,200}",
            offsets in proptest::collection::vec(0usize..220, 0..20),
            sorted: bool,
        ) {
            let reader = Reader::new("f.toml", &text);
            let index = LineIndex::new(&text);
            let mut offsets = offsets;
            if sorted {
                offsets.sort_unstable();
            }
            for o in offsets {
                proptest::prop_assert_eq!(reader.line_of(&Some(o..o)), index.locate(&text, o).0);
            }
        }
    }
}
