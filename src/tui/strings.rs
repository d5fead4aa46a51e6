//! Every sentence the planner says to its user, in one place: status lines,
//! prompts, overlays and the titles of the boxes. Keeping them together lets
//! the wording be read and kept consistent as a whole (one word for one
//! thing: a slice is a "night" on screen), and keeps the model and the views
//! about state and layout. Short value formats that a layout sizes (a
//! table's cells, a grid's day labels) stay beside the layout.

use std::fmt::Display;

// The tabs, in the order of the tab bar.
pub const TAB_OVERVIEW: &str = "Overview";
pub const TAB_SERVICES: &str = "Services";
pub const TAB_PEOPLE: &str = "People";
pub const TAB_ROTA: &str = "Rota";
pub const TAB_COSTS: &str = "Costs";
pub const TAB_WARNINGS: &str = "Warnings";

// Prompts: each names what it is about.

pub fn prompt_exposure(service: &str, currency: &str) -> String {
    format!("Hourly exposure of {service} ({currency}/h), from a date: VALUE YYYY-MM-DD")
}

pub fn prompt_time_off(name: &str) -> String {
    format!("Time off for {name}: FROM TO [reason] (dates YYYY-MM-DD, TO included)")
}

pub fn prompt_opt_from(name: &str, opt_in: bool) -> String {
    if opt_in {
        format!("Opt {name} in to on-call from (YYYY-MM-DD)")
    } else {
        format!("Opt {name} out of on-call from (YYYY-MM-DD)")
    }
}

pub fn prompt_callout(name: &str, night: impl Display) -> String {
    format!("Callout for {name} on the night of {night}: HH:MM MINUTES SERVICE (local time)")
}

/// The reason time off gets when the prompt names none.
pub const TIME_OFF_REASON: &str = "leave";

// The status line: what an action did, or why it did nothing.
pub const NEW_SCHEDULE: &str = "New schedule: not saved yet";
pub const NOT_QUITTING: &str = "Not quitting";
pub const UNDONE: &str = "Undone";
pub const NOTHING_TO_UNDO: &str = "Nothing to undo";
pub const REDONE: &str = "Redone";
pub const NOTHING_TO_REDO: &str = "Nothing to redo";
pub const TIME_OFF_REMOVED: &str = "Time off removed";
pub const PIN_TOGGLED: &str = "Pin toggled";
pub const SHIFT_SPLIT: &str = "Shift split";
pub const SPLIT_REFUSED: &str = "Split on a day after the shift's first";
pub const SHIFT_CLEARED: &str = "Shift cleared";
pub const NOBODY_ON_NIGHT: &str = "Nobody is on this night";
pub const REPLAN_UNCHANGED: &str = "Re-planning changes nothing";
pub const HISTORY_REFUSED: &str = "Started before now: history is kept as it was";
pub const NOTHING_TO_EXTEND: &str = "The schedule cannot grow any longer";
pub const CALLOUT_NOT_WORKED: &str =
    "Callouts are recorded on nights someone has worked: before today, on a filled cell";
pub const NO_CALLOUT_HERE: &str = "No callout is recorded on this night";
pub const CALLOUT_REMOVED: &str = "Callout removed";
pub const CALLOUT_UNCHANGED: &str = "The callout is as it was";

pub fn callout_recorded(person: &str, at: impl Display) -> String {
    format!("Callout recorded for {person} at {at}")
}

pub fn not_a_callout(why: impl Display) -> String {
    format!("Not a callout: {why} (expected HH:MM MINUTES SERVICE, like 02:30 45 checkout-web)")
}

pub const NO_CANDIDATES: &str = "Nobody can take this cell: the rota needs no cover then";
pub const NO_EXPORT_PATH: &str = "No path given: nothing exported";
pub const WHOLE_ORGANISATION: &str = "This warning is about the whole organisation";

/// The export prompt says what the tab's default is and offers what the
/// output registry picks by extension.
pub fn prompt_export(shifts: bool) -> String {
    format!(
        "Export {} to ({})",
        if shifts { "the shifts" } else { "the report" },
        rota_core::output::Format::path_extensions()
    )
}

pub fn saved(path: impl Display) -> String {
    format!("Saved {path}")
}

pub fn opted(name: &str, now_on_call: bool, from: impl Display) -> String {
    if now_on_call {
        format!("{name} opted in to on-call from {from}")
    } else {
        format!("{name} opted out of on-call from {from}")
    }
}

/// After a re-plan: what moved (the core's one-line summary).
pub fn replanned(what_moved: &str) -> String {
    format!("Re-planned: {what_moved}")
}

/// After rolling the schedule forward.
pub fn extended(weeks: u32, end: impl Display, what_moved: &str) -> String {
    format!("Extended {weeks} weeks to {end}: {what_moved}")
}

pub fn unchanged_before(date: impl Display) -> String {
    format!("Nothing changes from {date}")
}

/// After a pick: ` (secondary)` after the name when the shift is one.
pub fn shift_given(name: &str, role: rota_core::schedule::Role) -> String {
    format!("Shift given to {name}{}", role.suffix())
}

pub fn exposure_set(service: &str, from: impl Display) -> String {
    format!("{service}: exposure set from {from}")
}

pub fn not_an_exposure(input: &str) -> String {
    format!("\"{input}\" is not an hourly exposure (a number >= 0)")
}

pub fn time_off_added(name: &str) -> String {
    format!("Time off added for {name}")
}

/// Errors are shown with their causes (`{:#}`), on one line.
pub fn not_saved(error: impl Display) -> String {
    format!("Not saved: {error:#}")
}

pub fn not_saved_not_quitting(error: impl Display) -> String {
    format!("Not saved, so not quitting: {error:#}")
}

pub fn exported(what: &str, path: impl Display) -> String {
    format!("Exported {what} to {path}")
}

pub fn not_exported(error: impl Display) -> String {
    format!("Not exported: {error:#}")
}

// The time-off prompt's errors.

pub fn missing_date(which: &str) -> String {
    format!("missing the {which} date (YYYY-MM-DD)")
}

/// A change dated before today would rewrite what was already worked.
pub fn not_before_today(date: impl Display, today: impl Display) -> String {
    format!("{date} is before today ({today}): a change takes effect from today or later")
}

pub fn not_a_date(word: &str) -> String {
    format!("\"{word}\" is not a date (YYYY-MM-DD)")
}

pub fn before(to: impl Display, from: impl Display) -> String {
    format!("the end ({to}) is before the start ({from})")
}

// The costs period.
pub const WHOLE_HORIZON: &str = "the horizon";

// Overlays.
pub const POPUP_EDIT: &str = " Edit ";
pub const POPUP_QUIT: &str = " Quit? ";
pub const QUIT_UNSAVED: &str = "There are unsaved edits. Quit without saving?";
pub const HELP_TITLE: &str = " Help (esc closes) ";

/// The help overlay's bottom border when it does not fit.
pub fn help_more(above: bool, below: usize) -> String {
    match (above, below) {
        (_, 0) => " k/↑: back up ".into(),
        (false, n) => format!(" j/↓: {n} more "),
        (true, n) => format!(" j/k: {n} more "),
    }
}
pub const CHANGES_TITLE: &str = " What changed (esc closes) ";
pub const HELP_KEYS_FILE: &str = "Keys can be changed in keys.toml in the config directory.";
pub const HELP_EVERYWHERE: &str = "Everywhere";
pub const HELP_PICKER: &str = "Picker";
pub const HELP_PROMPT: &str = "Editing a value";
pub const HELP_CONFIRM: &str = "Quit guard";
pub const HELP_ASK: &str = "A question (a rule broken, a file replaced)";
pub const UNSAVED_MARK: &str = "[unsaved] ";
/// While the organisation's typical year is re-tiered after an edit.
pub const BUSY_MARK: &str = "[re-tiering…] ";
/// While the rotas' coverage and the grid are worked out after an
/// organisation edit (then its typical year and the checks).
pub const REBUILDING_MARK: &str = "[updating rotas…] ";
/// In place of the grid while it is worked out after an organisation edit.
pub const GRID_PENDING: &str = "Working out the rotas after the edit…";
/// While the schedule's findings, pay and loads are worked out after an
/// edit (the grid is up to date already).
pub const CHECKING_MARK: &str = "[checking…] ";

pub fn too_small(min_width: u16, min_height: u16, width: u16, height: u16) -> String {
    format!(
        "rota needs at least {min_width}x{min_height}; this terminal is {width}x{height}. Make it a little larger (q quits)."
    )
}

// The tabs' boxes and messages.
pub const OVERVIEW_TITLE: &str = " Overview ";
pub const ON_CALL_TONIGHT: &str = "On call tonight";
pub const FINDINGS: &str = "Findings";
pub const LOAD: &str = "Load (nights each)";

/// Beside the load chart: its lightest and heaviest.
pub fn load_range(min: u32, max: u32) -> String {
    format!("{min} to {max}")
}

/// Who holds a rota tonight, until when, and who takes it then: the next
/// handoff.
pub fn on_then_next(person: &str, until: &str, next: &str) -> String {
    format!("{person} until {until} → {next}")
}

/// [`on_then_next`] on a narrow screen: who holds the rota tonight and who
/// takes it next, without the time of the handoff.
pub fn on_then(person: &str, next: &str) -> String {
    format!("{person} → {next}")
}

pub const NO_SHIFTS: &str = "no shifts in the schedule";
pub const NOBODY: &str = "nobody, and no later shift in the schedule";
/// A rota that needs a secondary tonight and has none.
pub const NOBODY_SECONDARY: &str = "no secondary tonight";
pub const NO_COVER_TONIGHT: &str = "needs no cover tonight";

/// Beside "On call tonight": when today's out-of-hours slice starts.
pub fn tonight_from(start: &str) -> String {
    format!("from {start}")
}

/// A rota nobody holds tonight, and who takes it next.
pub fn nobody_then_next(person: &str, from: &str) -> String {
    format!("nobody; {person} from {from}")
}
/// A column of hourly amounts in a currency: `GBP/h`.
pub fn per_hour(currency: &str) -> String {
    format!("{currency}/h")
}

/// A column of pay in a currency: `pay GBP`.
pub fn pay_in(currency: &str) -> String {
    format!("pay {currency}")
}

pub const SERVICES_TITLE: &str = " Services (enter: edit exposure) ";
pub const PEOPLE_TITLE: &str = " People (a: add time off, d: remove, o: opt in/out) ";
pub const PICKER_TITLE: &str = " Who takes it? ";
/// The picker's title on a secondaries' row.
pub const PICKER_TITLE_SECONDARY: &str = " Who is secondary? ";
// What a choice in the picker would break, beside each name.
pub const PICK_OFF: &str = "time off";
pub const PICK_BUSY: &str = "other rota";
/// Holds the rota's other role (primary for a secondary, and the other way
/// round) on a night of the pick.
pub const PICK_OTHER_ROLE: &str = "other role";
pub const PICK_REST: &str = "rest";
pub const PICK_SHARE: &str = "share";
pub const PICK_IN_A_ROW: &str = "in a row";
/// The picker's legend for its marks.
pub const PICK_LEGEND: &str = " ✗ hard rule  ! burnout limit ";
pub const PICK_HOLDER: &str = "holds it";

pub const POPUP_CONFIRM_PICK: &str = " Break a rule? ";
pub const POPUP_REPLACE: &str = " Replace the file? ";
pub const NOT_REPLACED: &str = "Not exported: the file is kept as it was";

pub fn confirm_replace(path: impl Display) -> String {
    format!("{path} exists. Replace it with this export?")
}
pub const PICK_NOT_GIVEN: &str = "Not given: choose someone else or esc";

pub fn pick_nights(n: u32) -> String {
    format!("{n:>3} night{}", rota_core::display::plural(n as usize))
}

pub fn already_holds(name: &str) -> String {
    format!("{name} already holds this shift: nothing changed")
}

/// The question before a choice that breaks a hard rule.
pub fn confirm_pick(name: &str, broken: &[&str]) -> String {
    format!(
        "Giving this to {name} breaks a hard rule ({}). Give it anyway?",
        broken.join(", ")
    )
}
pub const NO_ROTAS: &str = "No rota needs cover over this horizon.";
pub const CELL_NO_COVER: &str = "needs no cover tonight";
pub const CELL_UNFILLED: &str = "nobody on call: enter to assign";
pub const CELL_UNFILLED_PAST: &str = "nobody was on call";
// The same on a secondaries' row.
pub const CELL_NO_SECONDARY: &str = "needs no secondary tonight";
pub const CELL_UNFILLED_SECONDARY: &str = "no secondary on call: enter to assign";
pub const CELL_UNFILLED_PAST_SECONDARY: &str = "no secondary was on call";
pub const CELL_ON_TIME_OFF: &str = " - on time off!";
pub const CELL_NOT_A_MEMBER: &str = " - not a member!";
pub const CELL_HISTORY: &str = " - history: worked, kept as it is";
pub const NOTHING_TO_WARN: &str = "Nothing to warn about.";
pub const PER_PERSON: &str = " Per person ";
pub const PER_TEAM: &str = " Per team ";
pub const PER_ROTA: &str = " Per rota ";
pub const PER_DOMAIN: &str = " Per domain ";

pub fn team_nights_title(team: &str) -> String {
    format!(" Nights on call: {team} ")
}

pub fn warnings_title(count: usize) -> String {
    format!(" Warnings ({count}; enter: go to) ")
}

pub fn run_cost_title(currency: impl Display, share_percent: f64) -> String {
    format!(" Yearly run cost, {currency} (*: now, {share_percent:.0}% of baseline) ")
}

/// [`run_cost_title`] where it does not fit: the share is left out.
pub fn run_cost_title_short(currency: impl Display) -> String {
    format!(" Yearly run cost, {currency} (*: now) ")
}
