//! The CSV of shifts (docs/format.md, `export --format csv`): the contract's
//! columns first, then extra columns a spreadsheet reader finds useful.

use chrono::SecondsFormat;

use super::ExportShift;

/// Column names, in order. The first nine are the contract's; `role` was
/// added to it later and comes last, so the others keep their places.
pub const HEADER: [&str; 15] = [
    "rota",
    "person",
    "start",
    "end",
    "slices",
    "weekend_slices",
    "holiday_slices",
    "standby_pay",
    "pinned",
    "weeknight_slices",
    "name",
    "rota_name",
    "teams",
    "note",
    "role",
];

/// The shifts as CSV text: a header row, then one row per shift. Fields are
/// quoted when they hold a comma, a quote or a line break, and text a
/// spreadsheet would run as a formula gets a leading `'`.
pub fn shifts_csv(shifts: &[ExportShift]) -> String {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail; a failure here would be a bug in the
    // writer, and an empty export is the honest outcome.
    let _ = write_shifts_csv(&mut bytes, shifts);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The same CSV written row by row to `out`, never held whole.
pub fn write_shifts_csv(
    out: &mut dyn std::io::Write,
    shifts: &[ExportShift],
) -> std::io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(HEADER)?;
    for s in shifts {
        let record = [
            s.rota.clone(),
            s.person.clone(),
            s.start.to_rfc3339_opts(SecondsFormat::Secs, true),
            s.end.to_rfc3339_opts(SecondsFormat::Secs, true),
            s.slices.to_string(),
            s.weekend_slices.to_string(),
            s.holiday_slices.to_string(),
            s.standby_pay.plain(),
            s.pinned.to_string(),
            s.weeknight_slices.to_string(),
            s.person_name.clone(),
            s.rota_name.clone(),
            s.teams.join("; "),
            s.note.clone(),
            s.role.as_str().to_string(),
        ];
        w.write_record(crate::display::spreadsheet_row(&record))?;
    }
    w.flush()
}
