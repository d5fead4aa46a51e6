//! What a re-plan changed, said plainly: how many shifts moved, and per
//! person the shifts gained and lost (with dates) and the standby pay that
//! moved with them. `plan -o` onto an existing file and the TUI's re-plan
//! both say it this way.

use std::fmt::Write as _;

use crate::display::{people_noun, plural};
use crate::schedule::{Changes, ShiftChange};

/// One line: shifts moved, people affected, whether history was kept.
pub fn headline(changes: &Changes) -> String {
    let moved = changes.moved_shifts();
    let added: usize = changes.per_person.iter().map(|p| p.gained.len()).sum();
    let people = changes.per_person.len();
    let mut s = if changes.is_empty() {
        "Nothing moved".to_string()
    } else {
        format!(
            "{moved} shift{} moved, {added} given, {people} {} affected",
            plural(moved),
            people_noun(people)
        )
    };
    if !changes.retimed.is_empty() {
        let n = changes.retimed.len();
        let _ = write!(s, "; {n} re-timed to the slices, same holders");
    }
    if changes.history_touched.is_empty() {
        s.push_str("; history kept as it was");
    } else {
        let n = changes.history_touched.count();
        let _ = write!(s, "; HISTORY CHANGED ({n} shift{})", plural(n));
    }
    s
}

/// The headline, then a block per person: their standby pay change in the
/// organisation's currency and each shift lost and gained.
pub fn text(changes: &Changes, currency: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", headline(changes));
    for p in &changes.per_person {
        let change = p.standby_change();
        let sign = if change.minor() > 0 { "+" } else { "" };
        let _ = writeln!(
            s,
            "  {} ({}): standby {sign}{} {currency} ({} -> {})",
            p.person,
            p.name,
            change.grouped(),
            p.standby_before.grouped(),
            p.standby_after.grouped()
        );
        for (what, list) in [("lost  ", &p.lost), ("gained", &p.gained)] {
            for c in list {
                let _ = writeln!(s, "    {what} {}", shift(c));
            }
        }
    }
    s
}

fn shift(c: &ShiftChange) -> String {
    let dates = if c.first_date == c.last_date {
        format!("on {}", c.first_date)
    } else {
        format!("{} to {}", c.first_date, c.last_date)
    };
    format!(
        "{} {dates} ({} slice{})",
        c.rota,
        c.slices,
        plural(c.slices as usize)
    )
}
