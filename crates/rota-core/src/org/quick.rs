//! The people of a piece of an organisation file written in rota's own
//! layout (see [`crate::input::layout`]), read without a TOML tree: on a
//! 50,000-person organisation most of the file is `[[people]]` tables, and
//! a TOML tree of them costs more than everything the planner does after.
//!
//! Only the keys `id`, `name`, `team`, `on_call` and `time_off` (a one-line
//! array of `{ from, to, reason }`) are read here, and only when every
//! value is well formed; anything else makes the piece `None`, and the
//! TOML reader reads it and reports. The tests hold the two readers to
//! each other (`pieces_read_as_the_whole_file_does`).

use chrono::NaiveDate;

use super::model::TimeOff;
use crate::input::decode::plain_date;
use crate::input::layout::{boolean, inline_tables, key_value, plain_string, set};

/// A person as the piece has them, before their id and team are checked
/// against the rest of the organisation.
#[derive(Debug, Default)]
pub(super) struct QuickPerson<'p> {
    /// Where their `[[people]]` line starts in the piece.
    pub offset: usize,
    pub id: Option<&'p str>,
    pub name: Option<&'p str>,
    pub team: Option<&'p str>,
    pub on_call: Option<bool>,
    pub time_off: Option<Vec<TimeOff>>,
}

/// Every person of a piece, or `None` when the piece is not all in the
/// simple layout, or a value is missing or wrong.
pub(super) fn people(piece: &str) -> Option<Vec<QuickPerson<'_>>> {
    let mut out: Vec<QuickPerson<'_>> = Vec::new();
    let mut offset = 0;
    for line in piece.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let line = line.strip_suffix('\n').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        if line == "[[people]]" {
            out.push(QuickPerson {
                offset: at,
                ..QuickPerson::default()
            });
            continue;
        }
        let p = out.last_mut()?;
        let (key, value) = key_value(line)?;
        match key {
            "id" => set(&mut p.id, plain_string(value))?,
            "name" => set(&mut p.name, plain_string(value))?,
            "team" => set(&mut p.team, plain_string(value))?,
            "on_call" => set(&mut p.on_call, boolean(value))?,
            "time_off" => set(&mut p.time_off, time_off(value))?,
            _ => return None,
        }
    }
    out.iter()
        .all(|p| p.id.is_some() && p.name.is_some() && p.team.is_some())
        .then_some(out)
}

/// `[ { from = "…", to = "…", reason = "…" }, … ]`, each ending on or after
/// it starts.
fn time_off(value: &str) -> Option<Vec<TimeOff>> {
    inline_tables(value)?
        .into_iter()
        .map(|table| {
            let (mut from, mut to, mut reason): (Option<NaiveDate>, Option<NaiveDate>, _) =
                (None, None, None);
            for (key, text) in table {
                match key {
                    "from" => set(&mut from, plain_date(text))?,
                    "to" => set(&mut to, plain_date(text))?,
                    "reason" => set(&mut reason, Some(text))?,
                    _ => return None,
                }
            }
            let (from, to) = (from?, to?);
            (from <= to).then(|| TimeOff {
                from,
                to,
                reason: reason.unwrap_or_default().to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_in_the_simple_layout_is_read_and_anything_else_is_not() {
        let piece = "[[people]]\nid = \"p1\"\nname = \"Ava\"\nteam = \"t\"\n\
                     time_off = [ { from = \"2027-01-04\", to = \"2027-01-05\", reason = \"leave\" } ]\n\n\
                     [[people]]\nid = \"p2\"\nname = \"Bo\"\nteam = \"t\"\non_call = false\n";
        let people = people(piece).expect("simple layout");
        assert_eq!(people.len(), 2);
        assert_eq!(
            (people[0].offset, people[0].id, people[0].name),
            (0, Some("p1"), Some("Ava"))
        );
        let off = people[0].time_off.as_ref().expect("time off");
        assert_eq!(off[0].reason, "leave");
        assert_eq!(off[0].to, NaiveDate::from_ymd_opt(2027, 1, 5).unwrap());
        assert_eq!(
            people[1].offset,
            piece.find("[[people]]\nid = \"p2\"").unwrap()
        );
        assert_eq!(people[1].on_call, Some(false));
        for odd in [
            "id = \"p1\"\n",
            "[[people]]\nid = \"p1\"\nname = \"A\"\n",
            "[[people]]\nid = \"p1\"\nid = \"p2\"\nname = \"A\"\nteam = \"t\"\n",
            "[[people]]\nid = \"p1\"\nname = \"A\"\nteam = \"t\"\nemail = \"a@b\"\n",
            "[[people]]\nid = \"p1\"\nname = \"A\"\nteam = \"t\"\n# note\n",
            "[[people]]\nid = \"p1\"\nname = \"A\"\nteam = \"t\"\non_call = 1\n",
            "[[people]]\nid = \"p1\"\nname = \"A\"\nteam = \"t\"\ntime_off = [ { from = \"2027-01-05\", to = \"2027-01-04\" } ]\n",
            "[[people]]\nid = \"p1\"\nname = \"A\"\nteam = \"t\"\ntime_off = [ { from = \"2027-02-30\", to = \"2027-03-04\" } ]\n",
            "[[people]]\nid = \"p1\"\nname = \"A\"\nteam = \"t\"\ntime_off = [ { from = \"2027-01-04\" } ]\n",
            "[[people]]\r\nid = \"p1\"\r\nname = \"A\"\r\nteam = \"t\"\r\n",
        ] {
            assert!(super::people(odd).is_none(), "{odd:?}");
        }
    }
}
