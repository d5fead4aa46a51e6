//! A small reader over a span-keeping TOML tree (toml_edit) that collects
//! every problem instead of stopping at the first, each with its location.

use std::ops::Range;

use toml_edit::{Item, TableLike, Value};

use crate::input::diag::{Diagnostic, Diagnostics, LineIndex, nearest};

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
    table: &'t dyn TableLike,
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

    fn get(&self, key: &str) -> Option<&'t Item> {
        #[cfg(test)]
        ASKED.with(|a| a.borrow_mut().push((self.known, key.to_string())));
        self.table.get(key).filter(|i| !i.is_none())
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

pub(crate) struct Reader<'a> {
    pub file: &'a str,
    pub text: &'a str,
    index: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) fn kind_of(item: &Item) -> &'static str {
    match item {
        Item::None => "nothing",
        Item::Table(_) => "a table",
        Item::ArrayOfTables(_) => "an array of tables",
        Item::Value(v) => match v {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Boolean(_) => "a boolean",
            Value::Datetime(_) => "a date-time",
            Value::Array(_) => "an array",
            Value::InlineTable(_) => "a table",
        },
    }
}

/// `people.ava` when the element has a well-formed id, else `people[3]` (1-based).
fn element_path(path: &str, index: usize, table: &dyn TableLike) -> String {
    match table.get("id").and_then(Item::as_str) {
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

fn span_of(item: &Item) -> Span {
    match item {
        Item::Value(v) => v.span(),
        Item::Table(t) => t.span(),
        Item::ArrayOfTables(a) => a.span(),
        Item::None => None,
    }
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Reader {
            file,
            text,
            index: LineIndex::new(text),
            diagnostics: Vec::new(),
        }
    }

    pub fn line_of(&self, span: &Span) -> usize {
        span.as_ref()
            .map_or(0, |s| self.index.locate(self.text, s.start).0)
    }

    pub fn locate(&self, span: &Span) -> (usize, usize) {
        span.as_ref()
            .map_or((0, 0), |s| self.index.locate(self.text, s.start))
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
        table: &'t dyn TableLike,
        path: String,
        span: Span,
        known: &'static [&'static str],
    ) -> Fields<'t> {
        for (key, item) in table.iter() {
            if item.is_none() || known.contains(&key) {
                continue;
            }
            let key_span = table
                .get_key_value(key)
                .and_then(|(k, _)| k.span())
                .or_else(|| span_of(item));
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

    fn wrong_type(&mut self, item: &Item, field: &str, expected: &str) {
        self.report(
            &span_of(item),
            field,
            "wrong type",
            Some(expected.to_string()),
            Some(kind_of(item).to_string()),
            None,
        );
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
        match item.as_table_like() {
            Some(t) => Some(self.fields(t, path, span_of(item), known)),
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
        match item {
            Item::ArrayOfTables(array) => {
                for (i, t) in array.iter().enumerate() {
                    let span = t.span();
                    out.push(self.fields(t, element_path(&path, i, t), span, known));
                }
            }
            Item::Value(Value::Array(array)) => {
                for (i, v) in array.iter().enumerate() {
                    let element = format!("{path}[{}]", i + 1);
                    match v.as_inline_table() {
                        Some(t) => {
                            let element = element_path(&path, i, t);
                            out.push(self.fields(t, element, v.span(), known))
                        }
                        None => self.report(
                            &v.span(),
                            &element,
                            "wrong type",
                            Some("a table".into()),
                            Some(kind_of(&Item::Value(v.clone())).into()),
                            None,
                        ),
                    }
                }
            }
            other => self.wrong_type(other, &path, "an array of tables"),
        }
        out
    }

    fn value<'t>(&mut self, fields: &Fields<'t>, key: &str) -> Option<(&'t Item, Span)> {
        let item = fields.get(key)?;
        Some((item, span_of(item)))
    }

    pub fn string(&mut self, fields: &Fields<'_>, key: &str, required: bool) -> Option<At<String>> {
        let Some((item, span)) = self.value(fields, key) else {
            if required {
                self.missing(fields, key, "a string");
            }
            return None;
        };
        match item.as_str() {
            Some(s) => Some(At {
                value: s.to_string(),
                span,
            }),
            None => {
                self.wrong_type(item, &fields.child(key), "a string");
                None
            }
        }
    }

    /// A number; integers are accepted where a float is wanted.
    pub fn number(&mut self, fields: &Fields<'_>, key: &str, required: bool) -> Option<At<f64>> {
        let Some((item, span)) = self.value(fields, key) else {
            if required {
                self.missing(fields, key, "a number");
            }
            return None;
        };
        let value = item
            .as_float()
            .or_else(|| item.as_integer().map(|i| i as f64));
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
        match item.as_integer() {
            Some(v) => Some(At { value: v, span }),
            None => {
                self.wrong_type(item, &fields.child(key), "an integer");
                None
            }
        }
    }

    pub fn boolean(&mut self, fields: &Fields<'_>, key: &str) -> Option<At<bool>> {
        let (item, span) = self.value(fields, key)?;
        match item.as_bool() {
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
        let text = match item {
            Item::Value(Value::String(s)) => s.value().clone(),
            Item::Value(Value::Datetime(d)) if d.value().time.is_none() => d.value().to_string(),
            other => {
                self.wrong_type(other, &fields.child(key), "a date YYYY-MM-DD");
                return None;
            }
        };
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
        let Some(array) = item.as_array() else {
            self.wrong_type(item, &fields.child(key), "an array of strings");
            return None;
        };
        let mut out = Vec::new();
        for (i, v) in array.iter().enumerate() {
            match v.as_str() {
                Some(s) => out.push(At {
                    value: s.to_string(),
                    span: v.span(),
                }),
                None => self.report(
                    &v.span(),
                    &format!("{}[{}]", fields.child(key), i + 1),
                    "wrong type",
                    Some("a string".into()),
                    Some(kind_of(&Item::Value(v.clone())).into()),
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
/// for an empty one ("a schedule: [schedule] and [[shifts]]").
pub(crate) fn read_toml<T>(
    file: &str,
    text: &str,
    what: &str,
    top_keys: &'static [&'static str],
    read: impl FnOnce(&mut Reader<'_>, &Fields<'_>) -> Option<T>,
) -> Result<T, Diagnostics> {
    if text.trim().is_empty() {
        return Err(whole_file(
            file,
            format!("the file is empty (expected {what})"),
        ));
    }
    let mut reader = Reader::new(file, text);
    let document = match toml_edit::Document::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let message = e.message().trim().replace('\n', " ");
            reader.error(&e.span(), "", format!("not valid TOML: {message}"));
            return Err(Diagnostics(reader.diagnostics));
        }
    };
    let root = reader.fields(document.as_table(), String::new(), Some(0..0), top_keys);
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

/// Reads a file as UTF-8 text; an unreadable or binary file is one clear
/// problem. `what` names the kind of file expected ("a TOML schedule file").
pub(crate) fn read_text(path: &std::path::Path, what: &str) -> Result<String, Diagnostics> {
    let file = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| whole_file(&file, format!("cannot read the file: {e}")))?;
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
