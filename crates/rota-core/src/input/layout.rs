//! The simple layout rota writes its long arrays in, read without a TOML
//! tree: a `[[key]]` line, then one `key = value` line a key, values plain
//! strings (printable ASCII without quotes or backslashes), integers,
//! booleans or one-line arrays of inline tables of plain strings. Each
//! helper returns `None` for anything else; the callers then leave the text
//! to the TOML reader, which reads it the same and reports what is wrong.

/// `key = value`, split at the first `=`, which has one space either side.
pub(crate) fn key_value(line: &str) -> Option<(&str, &str)> {
    let eq = line.find('=')?;
    Some((
        line.get(..eq)?.strip_suffix(' ')?,
        line.get(eq + 1..)?.strip_prefix(' ')?,
    ))
}

/// Printable ASCII without quotes or backslashes: a string that means what
/// it says between quotes, in TOML and everywhere rota writes it.
pub(crate) fn is_plain(s: &str) -> bool {
    s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
}

/// The text of a quoted plain string.
pub(crate) fn plain_string(value: &str) -> Option<&str> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    is_plain(inner).then_some(inner)
}

/// `true` or `false`.
pub(crate) fn boolean(value: &str) -> Option<bool> {
    match value {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// Fills an empty slot with `value`; `None` when the slot is filled already
/// (a key given twice) or there is no value.
pub(crate) fn set<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value?);
    Some(())
}

/// `[ { a = "x", b = "y" }, { a = "z" } ]` (spaces optional between the
/// parts): each inline table's keys and plain strings, in order. Keys are
/// bare lower-case words.
pub(crate) fn inline_tables(value: &str) -> Option<Vec<Vec<(&str, &str)>>> {
    let mut rest = value.strip_prefix('[')?.trim_start_matches(' ');
    let mut tables = Vec::new();
    if let Some(after) = rest.strip_prefix(']') {
        return after.is_empty().then_some(tables);
    }
    loop {
        rest = rest.strip_prefix('{')?;
        let mut table = Vec::new();
        loop {
            rest = rest.trim_start_matches(' ');
            let key_end = rest.find(|c: char| !(c.is_ascii_lowercase() || c == '_'))?;
            let key = &rest[..key_end];
            rest = rest[key_end..].trim_start_matches(' ').strip_prefix('=')?;
            rest = rest.trim_start_matches(' ').strip_prefix('"')?;
            let close = rest.find('"')?;
            let text = &rest[..close];
            if key.is_empty() || !is_plain(text) {
                return None;
            }
            table.push((key, text));
            rest = rest[close + 1..].trim_start_matches(' ');
            match rest.as_bytes().first()? {
                b',' => rest = &rest[1..],
                b'}' => {
                    rest = &rest[1..];
                    break;
                }
                _ => return None,
            }
        }
        tables.push(table);
        rest = rest.trim_start_matches(' ');
        match rest.as_bytes().first()? {
            b',' => rest = rest[1..].trim_start_matches(' '),
            b']' => return (rest.len() == 1).then_some(tables),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_tables_read_the_simple_layout_and_nothing_else() {
        let two =
            r#"[ { from = "2027-05-29", to = "2027-06-02", reason = "a, b } c" }, {from="x"} ]"#;
        assert_eq!(
            inline_tables(two),
            Some(vec![
                vec![
                    ("from", "2027-05-29"),
                    ("to", "2027-06-02"),
                    ("reason", "a, b } c")
                ],
                vec![("from", "x")],
            ])
        );
        assert_eq!(inline_tables("[]"), Some(vec![]));
        assert_eq!(inline_tables("[ ]"), Some(vec![]));
        for odd in [
            "[ { from = \"x\" } ] # note",
            "[ { from = 'x' } ]",
            "[ { from = \"x\\\"\" } ]",
            "[ { from = 1 } ]",
            "[ { \"from\" = \"x\" } ]",
            "[ { from = \"x\" }, ]",
            "[ { from = \"x\" }",
            "[ { from = \"x\", } ]",
            "[ { a.b = \"x\" } ]",
            "[ { = \"x\" } ]",
            "[ [ ] ]",
            "[ { from = \"é\" } ]",
        ] {
            assert_eq!(inline_tables(odd), None, "{odd}");
        }
    }

    #[test]
    fn key_values_and_plain_strings() {
        assert_eq!(key_value("id = \"p1\""), Some(("id", "\"p1\"")));
        assert_eq!(key_value("id=\"p1\""), None);
        assert_eq!(key_value("id  = \"p1\""), Some(("id ", "\"p1\"")));
        assert_eq!(plain_string("\"a b\""), Some("a b"));
        assert_eq!(plain_string("\"a\\tb\""), None);
        assert_eq!(plain_string("\"a\"b\""), None);
        assert_eq!(plain_string("'a'"), None);
        assert_eq!(
            (boolean("true"), boolean("false"), boolean("True")),
            (Some(true), Some(false), None)
        );
        let mut slot = None;
        assert_eq!(set(&mut slot, Some(1)), Some(()));
        assert_eq!(set(&mut slot, Some(2)), None);
        assert_eq!(slot, Some(1));
    }
}
