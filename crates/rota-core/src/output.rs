//! Every output format of a schedule in one registry: its name on the
//! command line, the path extensions that pick it, what a person reads when
//! choosing it, and its renderer. `rota report --format`, `rota export
//! --format` and the TUI's export action all look formats up here, so a new
//! format is added in one place.
//!
//! A format renders either the shifts themselves (for calendars and
//! spreadsheets, from an [`Export`]) or the report (from a [`Report`]); the
//! two kinds are separate types so a renderer always gets what it draws.

use std::path::Path;

use crate::export::{self, Export};
use crate::report::{self, Report};

/// The shifts themselves, for other programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShiftFormat {
    /// iCalendar, one event per shift, for calendar programs.
    Ics,
    /// One row per shift, for spreadsheets.
    Csv,
}

/// The report of a schedule: remuneration, run cost and findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportFormat {
    /// Plain text, for a terminal.
    Text,
    /// Markdown, for a pull request.
    Markdown,
    /// Remuneration per person, for a spreadsheet.
    Csv,
    /// Everything, for other programs.
    Json,
    /// The managers' report: one self-contained page with charts.
    Html,
}

/// Any output of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Shifts(ShiftFormat),
    Report(ReportFormat),
}

/// One row of the registry.
struct Entry {
    format: Format,
    /// The value of `--format` on the command line.
    name: &'static str,
    /// Extensions, lower case, the first the one a file is given.
    extensions: &'static [&'static str],
    /// Where the export prompt offers the format, when a path's extension
    /// picks it; `None` when a path never does (the report's CSV would be
    /// taken for the shifts', and text and JSON are for the command line).
    by_path: Option<u8>,
    label: &'static str,
    /// What was written, as a status line says it; `{n}` is the number of
    /// shifts.
    written: &'static str,
}

use Format::{Report as R, Shifts as S};

/// The registry, in the order the command line and the export prompt list
/// formats.
const REGISTRY: [Entry; 7] = [
    Entry {
        format: S(ShiftFormat::Ics),
        name: "ics",
        extensions: &["ics"],
        by_path: Some(0),
        label: "Calendar (iCalendar .ics)",
        written: "{n} calendar events",
    },
    Entry {
        format: S(ShiftFormat::Csv),
        name: "csv",
        extensions: &["csv"],
        by_path: Some(1),
        label: "Spreadsheet of shifts (.csv)",
        written: "{n} shifts",
    },
    Entry {
        format: R(ReportFormat::Text),
        name: "text",
        extensions: &["txt"],
        by_path: None,
        label: "Report as plain text",
        written: "the report",
    },
    Entry {
        format: R(ReportFormat::Markdown),
        name: "md",
        extensions: &["md"],
        by_path: Some(3),
        label: "Report in Markdown (.md)",
        written: "the report",
    },
    Entry {
        format: R(ReportFormat::Csv),
        name: "csv",
        extensions: &["csv"],
        by_path: None,
        label: "Remuneration per person (.csv)",
        written: "the remuneration",
    },
    Entry {
        format: R(ReportFormat::Json),
        name: "json",
        extensions: &["json"],
        by_path: None,
        label: "Report as JSON (.json)",
        written: "the report",
    },
    Entry {
        format: R(ReportFormat::Html),
        name: "html",
        extensions: &["html", "htm"],
        by_path: Some(2),
        label: "The managers' report (.html)",
        written: "the managers' report",
    },
];

impl Format {
    /// Every format, in registry order.
    pub fn all() -> impl Iterator<Item = Format> {
        REGISTRY.iter().map(|e| e.format)
    }

    /// Its row; a match, so the compiler asks for a row for a new format
    /// (and a test checks the row is the format's).
    fn entry(self) -> &'static Entry {
        &REGISTRY[match self {
            S(ShiftFormat::Ics) => 0,
            S(ShiftFormat::Csv) => 1,
            R(ReportFormat::Text) => 2,
            R(ReportFormat::Markdown) => 3,
            R(ReportFormat::Csv) => 4,
            R(ReportFormat::Json) => 5,
            R(ReportFormat::Html) => 6,
        }]
    }

    /// The formats a path's extension picks, as the export prompt offers
    /// them.
    fn by_path() -> Vec<&'static Entry> {
        let mut offered: Vec<&Entry> = REGISTRY.iter().filter(|e| e.by_path.is_some()).collect();
        offered.sort_by_key(|e| e.by_path);
        offered
    }

    /// The format a path's extension asks for (any case), among those a
    /// path can pick.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::by_path()
            .into_iter()
            .find(|e| e.extensions.contains(&ext.as_str()))
            .map(|e| e.format)
    }

    /// The extensions a path can pick a format by, as a prompt offers them:
    /// `.ics, .csv, .html or .md`.
    pub fn path_extensions() -> String {
        let dotted: Vec<String> = Format::by_path()
            .iter()
            .map(|e| format!(".{}", e.format.extension()))
            .collect();
        match dotted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }

    /// The value of `--format` that asks for it.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The extension a file of this format is given.
    pub fn extension(self) -> &'static str {
        self.entry().extensions[0]
    }

    /// What a person picking a format reads.
    pub fn label(self) -> &'static str {
        self.entry().label
    }

    /// What was written, for a status line: "12 calendar events", "the
    /// report".
    pub fn written(self, shifts: usize) -> String {
        self.entry().written.replace("{n}", &shifts.to_string())
    }
}

impl ShiftFormat {
    /// Every shift format, in registry order.
    pub fn all() -> impl Iterator<Item = ShiftFormat> {
        Format::all().filter_map(|f| match f {
            S(s) => Some(s),
            R(_) => None,
        })
    }

    /// The shift format `--format NAME` asks for.
    pub fn from_name(name: &str) -> Option<ShiftFormat> {
        ShiftFormat::all().find(|f| f.name() == name)
    }

    pub fn name(self) -> &'static str {
        S(self).name()
    }

    pub fn extension(self) -> &'static str {
        S(self).extension()
    }

    pub fn label(self) -> &'static str {
        S(self).label()
    }

    pub fn render(self, shifts: &Export) -> String {
        match self {
            ShiftFormat::Ics => export::ics::calendar(shifts),
            ShiftFormat::Csv => export::csv::shifts_csv(&shifts.shifts),
        }
    }

    /// The same text as [`ShiftFormat::render`], written to `w` as it is
    /// made rather than built whole first.
    pub fn write(self, w: &mut dyn std::io::Write, shifts: &Export) -> std::io::Result<()> {
        match self {
            ShiftFormat::Ics => export::ics::write_calendar(w, shifts),
            ShiftFormat::Csv => export::csv::write_shifts_csv(w, &shifts.shifts),
        }
    }
}

impl ReportFormat {
    /// Every report format, in registry order.
    pub fn all() -> impl Iterator<Item = ReportFormat> {
        Format::all().filter_map(|f| match f {
            R(r) => Some(r),
            S(_) => None,
        })
    }

    /// The report format `--format NAME` asks for.
    pub fn from_name(name: &str) -> Option<ReportFormat> {
        ReportFormat::all().find(|f| f.name() == name)
    }

    pub fn name(self) -> &'static str {
        R(self).name()
    }

    pub fn extension(self) -> &'static str {
        R(self).extension()
    }

    pub fn label(self) -> &'static str {
        R(self).label()
    }

    pub fn render(self, r: &Report) -> String {
        match self {
            ReportFormat::Text => report::text::report(r),
            ReportFormat::Markdown => report::markdown::report(r),
            ReportFormat::Csv => report::csv::remuneration(r),
            ReportFormat::Json => report::json::report(r),
            ReportFormat::Html => report::html::report(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_in_the_registry_once() {
        let all: Vec<Format> = Format::all().collect();
        assert_eq!(all.len(), REGISTRY.len());
        for (i, f) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(f), "{f:?} twice");
            assert_eq!(f.entry().format, *f);
        }
        assert_eq!(ShiftFormat::all().count(), 2);
        assert_eq!(ReportFormat::all().count(), 5);
    }

    #[test]
    fn names_pick_formats_of_their_kind() {
        let shifts: Vec<&str> = ShiftFormat::all().map(ShiftFormat::name).collect();
        assert_eq!(shifts, ["ics", "csv"]);
        let reports: Vec<&str> = ReportFormat::all().map(ReportFormat::name).collect();
        assert_eq!(reports, ["text", "md", "csv", "json", "html"]);
        assert_eq!(ShiftFormat::from_name("csv"), Some(ShiftFormat::Csv));
        assert_eq!(ReportFormat::from_name("csv"), Some(ReportFormat::Csv));
        assert_eq!(ReportFormat::from_name("md"), Some(ReportFormat::Markdown));
        assert_eq!(ShiftFormat::from_name("md"), None);
    }

    #[test]
    fn paths_pick_by_extension_in_any_case() {
        let pick = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(pick("a/w.ics"), Some(S(ShiftFormat::Ics)));
        assert_eq!(pick("w.CSV"), Some(S(ShiftFormat::Csv)));
        assert_eq!(pick("w.md"), Some(R(ReportFormat::Markdown)));
        assert_eq!(pick("w.html"), Some(R(ReportFormat::Html)));
        assert_eq!(pick("w.HTM"), Some(R(ReportFormat::Html)));
        assert_eq!(pick("w.json"), None);
        assert_eq!(pick("w.txt"), None);
        assert_eq!(pick("w"), None);
        assert_eq!(Format::path_extensions(), ".ics, .csv, .html or .md");
        // Every extension of a format a path picks is understood, and no
        // two such formats share one.
        for f in Format::all().filter(|f| f.entry().by_path.is_some()) {
            for ext in f.entry().extensions {
                assert_eq!(pick(&format!("x.{ext}")), Some(f));
            }
        }
    }

    #[test]
    fn what_was_written_counts_shifts() {
        assert_eq!(S(ShiftFormat::Ics).written(3), "3 calendar events");
        assert_eq!(S(ShiftFormat::Csv).written(1), "1 shifts");
        assert_eq!(R(ReportFormat::Html).written(3), "the managers' report");
        assert_eq!(R(ReportFormat::Markdown).written(3), "the report");
        assert_eq!(ShiftFormat::Csv.extension(), "csv");
        assert_eq!(ReportFormat::Json.extension(), "json");
        assert_eq!(ReportFormat::Text.extension(), "txt");
        for f in Format::all() {
            assert!(!f.label().is_empty() && !f.extension().is_empty(), "{f:?}");
        }
    }
}
