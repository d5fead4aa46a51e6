//! `rota diff`: what changed between two schedules, for a terminal, a
//! pull-request comment (Markdown) or a script (JSON).
//!
//! History touched comes first and loudly in every format: planning never
//! changes a shift that has started, so any such change was made by hand
//! and may change what people are paid for work already done.

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::display::{people_noun, plural};
use crate::findings::{self, Warning};
use crate::money::Money;
use crate::org::Organisation;
use crate::schedule::{Changes, ShiftChange};

/// Everything `rota diff` shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diff {
    /// How the old schedule was named (its path as given).
    pub old: String,
    pub new: String,
    pub organisation: String,
    pub currency: String,
    pub changes: Changes,
    /// Findings of the new schedule that the old one did not have.
    pub warnings_new: Vec<Warning>,
    /// Findings of the old schedule that the new one no longer has.
    pub warnings_resolved: Vec<Warning>,
}

impl Diff {
    /// Puts the comparison and both schedules' findings side by side. A
    /// finding is the same in both when its code and message are: messages
    /// name the people, rotas and dates involved.
    pub fn new(
        old: impl Into<String>,
        new: impl Into<String>,
        org: &Organisation,
        changes: Changes,
        old_warnings: &[Warning],
        new_warnings: &[Warning],
    ) -> Diff {
        let mut warnings_new = only_in(new_warnings, old_warnings);
        let mut warnings_resolved = only_in(old_warnings, new_warnings);
        findings::sort(&mut warnings_new);
        findings::sort(&mut warnings_resolved);
        Diff {
            old: old.into(),
            new: new.into(),
            organisation: org.name.clone(),
            currency: org.currency.clone(),
            changes,
            warnings_new,
            warnings_resolved,
        }
    }

    fn history_count(&self) -> usize {
        self.changes.history_touched.count()
    }
}

/// The warnings of `a` that `b` does not have, counting repeats.
fn only_in(a: &[Warning], b: &[Warning]) -> Vec<Warning> {
    let mut left: Vec<&Warning> = b.iter().collect();
    let mut out = Vec::new();
    for w in a {
        match left
            .iter()
            .position(|x| x.code == w.code && x.message == w.message)
        {
            Some(i) => {
                left.swap_remove(i);
            }
            None => out.push(w.clone()),
        }
    }
    out
}

fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `+320.00`, `-80.00`, `0.00`: a change of pay.
fn signed(m: Money) -> String {
    if m > Money::ZERO {
        format!("+{}", m.grouped())
    } else {
        m.grouped()
    }
}

fn dates(s: &ShiftChange) -> String {
    if s.first_date == s.last_date {
        s.first_date.to_string()
    } else {
        format!("{} to {}", s.first_date, s.last_date)
    }
}

/// Shifts re-cut to new working hours with the same holders: said, not
/// counted as moves.
fn retimed_line(n: usize) -> String {
    format!(
        "{} re-timed to the organisation's slices, with the same holders on the same nights (not moves).",
        shift_count(n)
    )
}

fn shift_count(n: usize) -> String {
    format!("{n} shift{}", plural(n))
}

/// For a terminal.
pub fn text(d: &Diff) -> String {
    let c = &d.changes;
    let mut out = String::new();
    let touched = d.history_count();
    if touched > 0 {
        let _ = writeln!(
            out,
            "!! HISTORY TOUCHED: {touched} change{} to shifts that started before {} !!",
            plural(touched),
            instant(c.now)
        );
        let _ = writeln!(
            out,
            "!! Planning never changes history: someone edited the schedule by hand. Worked shifts and their pay changed. !!"
        );
        for s in &c.history_touched.lost {
            let _ = writeln!(out, "  - {:<10} lost   {}", s.person, shift_line(s));
        }
        for s in &c.history_touched.gained {
            let _ = writeln!(out, "  + {:<10} gained {}", s.person, shift_line(s));
        }
        for e in &c.history_touched.edited {
            let _ = writeln!(
                out,
                "  ~ {:<10} {} {}",
                e.shift.person,
                e.change,
                shift_line(&e.shift)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}: {} -> {}", d.organisation, d.old, d.new);
    let _ = writeln!(
        out,
        "{} moved, {} {} affected; history before {} {}. Money in {}.",
        shift_count(c.moved_shifts()),
        c.per_person.len(),
        people_noun(c.per_person.len()),
        instant(c.now),
        if touched > 0 { "TOUCHED" } else { "untouched" },
        d.currency
    );
    if !c.retimed.is_empty() {
        let _ = writeln!(out, "{}", retimed_line(c.retimed.len()));
    }
    if c.is_empty() {
        let _ = writeln!(out, "\nNo shift changed hands.");
    }
    for p in &c.per_person {
        let _ = writeln!(
            out,
            "\n{} ({}): gained {}, lost {}; standby {} -> {} ({})",
            p.person,
            p.name,
            p.gained.len(),
            p.lost.len(),
            p.standby_before.grouped(),
            p.standby_after.grouped(),
            signed(p.standby_change())
        );
        for s in &p.lost {
            let _ = writeln!(out, "  - lost   {}", shift_line(s));
        }
        for s in &p.gained {
            let _ = writeln!(out, "  + gained {}", shift_line(s));
        }
    }
    let _ = writeln!(
        out,
        "\nWarnings: {} new, {} resolved",
        d.warnings_new.len(),
        d.warnings_resolved.len()
    );
    for (label, list) in [("new", &d.warnings_new), ("resolved", &d.warnings_resolved)] {
        for w in list.iter() {
            let _ = writeln!(
                out,
                "  {label:<8} {} [{}] {}",
                w.severity,
                w.code.as_str(),
                w.message
            );
        }
    }
    out
}

fn shift_line(s: &ShiftChange) -> String {
    format!(
        "{}  {}  ({} slice{}, {}){}",
        s.rota,
        dates(s),
        s.slices,
        plural(s.slices as usize),
        s.standby_pay.grouped(),
        if s.history { "  [history]" } else { "" }
    )
}

/// Pipes and line breaks would break a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// For a pull-request comment: a summary line, a caution block when history
/// was touched, a table per person, every shift in a second table, then the
/// warnings.
pub fn markdown(d: &Diff) -> String {
    let c = &d.changes;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## On-call changes: `{}` → `{}`\n",
        cell(&d.old),
        cell(&d.new)
    );
    let touched = d.history_count();
    if touched > 0 {
        let _ = writeln!(out, "> [!CAUTION]");
        let _ = writeln!(
            out,
            "> **History touched: {touched} change{} to shifts that started before {}.** \
Planning never changes history, so someone edited the schedule by hand: worked shifts \
and the pay for them changed.\n>",
            plural(touched),
            instant(c.now)
        );
        for (sign, list) in [
            ("lost", &c.history_touched.lost),
            ("gained", &c.history_touched.gained),
        ] {
            for s in list.iter() {
                let _ = writeln!(
                    out,
                    "> - `{}` {sign} `{}` {} ({} slice{})",
                    s.person,
                    s.rota,
                    dates(s),
                    s.slices,
                    plural(s.slices as usize)
                );
            }
        }
        for e in &c.history_touched.edited {
            let s = &e.shift;
            let _ = writeln!(
                out,
                "> - `{}` {} on `{}` {} ({} slice{})",
                s.person,
                e.change,
                s.rota,
                dates(s),
                s.slices,
                plural(s.slices as usize)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "**{} moved**, {} {} affected, {} new and {} resolved warning{}. {} Money in {}.\n",
        shift_count(c.moved_shifts()),
        c.per_person.len(),
        people_noun(c.per_person.len()),
        d.warnings_new.len(),
        d.warnings_resolved.len(),
        plural(d.warnings_resolved.len()),
        if touched > 0 {
            "**History touched.**".to_string()
        } else {
            format!("History before {} untouched.", instant(c.now))
        },
        d.currency
    );
    if !c.retimed.is_empty() {
        let _ = writeln!(out, "{}\n", retimed_line(c.retimed.len()));
    }
    if c.is_empty() {
        let _ = writeln!(out, "No shift changed hands.\n");
    } else {
        let _ = writeln!(
            out,
            "| Person | Gained | Lost | Standby before | Standby after | Change |"
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|");
        for p in &c.per_person {
            let _ = writeln!(
                out,
                "| {} (`{}`) | {} | {} | {} | {} | {} |",
                cell(&p.name),
                p.person,
                p.gained.len(),
                p.lost.len(),
                p.standby_before.grouped(),
                p.standby_after.grouped(),
                signed(p.standby_change())
            );
        }
        let _ = writeln!(
            out,
            "\n<details><summary>Shifts gained and lost</summary>\n"
        );
        let _ = writeln!(out, "| Person | | Rota | Dates | Slices | Standby |");
        let _ = writeln!(out, "|---|---|---|---|---:|---:|");
        for p in &c.per_person {
            for (sign, list) in [("lost", &p.lost), ("gained", &p.gained)] {
                for s in list.iter() {
                    let _ = writeln!(
                        out,
                        "| `{}` | {sign}{} | `{}` | {} | {} | {} |",
                        p.person,
                        if s.history { " (history)" } else { "" },
                        s.rota,
                        dates(s),
                        s.slices,
                        s.standby_pay.grouped()
                    );
                }
            }
        }
        let _ = writeln!(out, "\n</details>\n");
    }
    for (title, list) in [
        ("New warnings", &d.warnings_new),
        ("Resolved warnings", &d.warnings_resolved),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for w in list.iter() {
            let _ = writeln!(
                out,
                "- {} `{}`: {}",
                w.severity,
                w.code.as_str(),
                cell(&w.message)
            );
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// For scripts: the whole comparison, with `history_touched` counted at the
/// top so a check can fail on it without walking the lists.
pub fn json(d: &Diff) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        history_touched: usize,
        moved_shifts: usize,
        #[serde(flatten)]
        diff: &'a Diff,
    }
    let value = Out {
        history_touched: d.history_count(),
        moved_shifts: d.changes.moved_shifts(),
        diff: d,
    };
    let mut text =
        serde_json::to_string_pretty(&value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Code;

    #[test]
    fn a_finding_in_both_is_neither_new_nor_resolved() {
        let a = Warning::new(Code::BackToBack, "ava: two shifts", "fix");
        let b = Warning::new(Code::OncallShare, "ben: 40%", "fix");
        let b2 = Warning::new(Code::OncallShare, "ben: 40%", "other fix");
        let one = std::slice::from_ref;
        assert_eq!(only_in(&[a.clone(), b.clone()], one(&b2)), vec![a]);
        assert!(only_in(one(&b), one(&b2)).is_empty());
        // Repeats count: two of one finding against one leaves one.
        assert_eq!(only_in(&[b.clone(), b.clone()], one(&b)), vec![b]);
    }

    #[test]
    fn pay_changes_carry_their_sign() {
        assert_eq!(signed(Money(32000)), "+320.00");
        assert_eq!(signed(Money(-8000)), "-80.00");
        assert_eq!(signed(Money::ZERO), "0.00");
    }
}
