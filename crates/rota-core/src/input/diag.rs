//! Located diagnostics: every problem in an input file names the file, the
//! line and column, the field, what was expected and, where one exists, the
//! nearest valid value.

use std::fmt;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A problem found in an input file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when the problem concerns the whole file.
    pub column: usize,
    /// Dotted path of the field, e.g. `people.ava.team`; empty for the whole file.
    pub field: String,
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
    pub suggestion: Option<String>,
}

impl fmt::Display for Diagnostic {
    /// Everything a file or a command line put in the message (an unknown
    /// key, a found value) is shown [`terminal_safe`](crate::display::terminal_safe).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::new();
        self.write_plain(&mut text)?;
        f.write_str(&crate::display::terminal_safe(&text))
    }
}

impl Diagnostic {
    fn write_plain(&self, f: &mut impl fmt::Write) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        f.write_str(": ")?;
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)?;
        match (&self.expected, &self.found) {
            (Some(e), Some(found)) => write!(f, " (expected {e}, found {found})")?,
            (Some(e), None) => write!(f, " (expected {e})")?,
            (None, Some(found)) => write!(f, " (found {found})")?,
            (None, None) => {}
        }
        if let Some(s) = &self.suggestion {
            write!(f, "; did you mean `{s}`?")?;
        }
        Ok(())
    }
}

/// All the problems found in one file; loading fails whole when there is any.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// The most problems listed for one file; past it a mistake (the wrong
/// kind of file, a generated file gone wrong) would bury the first ones.
pub const MAX_LISTED: usize = 50;

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().take(MAX_LISTED).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() > MAX_LISTED {
            let more = self.0.len() - MAX_LISTED;
            write!(
                f,
                "\nand {more} more problem{}",
                crate::display::plural(more)
            )?;
        }
        Ok(())
    }
}

/// Maps byte offsets of a source text to 1-based line and column numbers
/// (columns count characters, not bytes).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }
}

/// The candidate closest to `wanted`, when it is close enough to be a likely
/// typo (or shares a prefix with it).
pub fn nearest<'a, I>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted_lower = wanted.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(&wanted_lower, &candidate.to_lowercase());
        let limit = (candidate.chars().count().max(wanted.chars().count()) / 3).max(2);
        let candidate_lower = candidate.to_lowercase();
        let prefix = (wanted_lower.len() >= 3 && candidate_lower.starts_with(&wanted_lower))
            || (candidate_lower.len() >= 3 && wanted_lower.starts_with(&candidate_lower));
        if (distance <= limit || prefix) && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns() {
        let text = "ab\ncdé\nf";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(text, 0), (1, 1));
        assert_eq!(index.locate(text, 3), (2, 1));
        assert_eq!(index.locate(text, 7), (2, 4));
        assert_eq!(index.locate(text, 8), (3, 1));
        assert_eq!(index.locate(text, 100), (3, 2));
    }

    #[test]
    fn suggests_nearest_candidate() {
        let ids = ["bedroom", "kitchen", "payments"];
        assert_eq!(nearest("bedrom", ids), Some("bedroom".into()));
        assert_eq!(nearest("paymnts", ids), Some("payments".into()));
        assert_eq!(nearest("zzzzzzzzz", ids), None);
    }

    #[test]
    fn formats_like_a_compiler() {
        let d = Diagnostic {
            file: "org.toml".into(),
            line: 3,
            column: 8,
            field: "people.ava.team".into(),
            message: "unknown team `bedrom`".into(),
            expected: Some("a team id".into()),
            found: None,
            suggestion: Some("bedroom".into()),
        };
        assert_eq!(
            d.to_string(),
            "org.toml:3:8: people.ava.team: unknown team `bedrom` (expected a team id); did you mean `bedroom`?"
        );
    }
}
