//! What a key or a click asks for, and what an update asks the run loop to
//! do in return.

use std::path::PathBuf;

use rota_core::schedule::Role;

use super::model::Tab;

/// Everything a key (or a click) can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    NextTab,
    PrevTab,
    GoTab(Tab),
    Up,
    Down,
    Left,
    Right,
    NextWeek,
    PrevWeek,
    NextMonth,
    PrevMonth,
    /// Costs: the next or previous period (the horizon, then each month).
    NextPeriod,
    PrevPeriod,
    Undo,
    Redo,
    Save,
    Export,
    /// Enter: the obvious thing for where you are.
    Select,
    Cancel,
    /// Services: edit the selected service's hourly exposure.
    EditExposure,
    /// People: add time off to the selected person.
    AddTimeOff,
    /// People: remove the selected person's last time off.
    RemoveTimeOff,
    ToggleOptIn,
    /// Rota: open the picker on the cell.
    Assign,
    TogglePin,
    Split,
    Clear,
    Replan,
    /// Rota: roll the schedule forward by some weeks.
    Extend,
    /// Rota: record a callout on the worked night under the cursor.
    AddCallout,
    /// Rota: change the night's last recorded callout.
    EditCallout,
    /// Rota: remove the night's last recorded callout.
    RemoveCallout,
    /// Rota: show the person on the cell on the People tab.
    ShowPerson,
    /// Rota: a click on a cell, `(rota, role, slice)`: a rota's primaries'
    /// row or its secondaries'.
    SelectCell(usize, Role, usize),
    /// Typing into a prompt.
    Input(char),
    Backspace,
    /// Empties a prompt's line, to type a new value from scratch.
    ClearInput,
    /// Confirm (quit without saving).
    Confirm,
}

/// What the run loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Save,
    /// Save, then quit only if the save worked.
    SaveAndQuit,
    /// Export, replacing the file if there is one (the user said so).
    Export(PathBuf),
    /// Export unless the file exists; if it does, ask first.
    ExportIfNew(PathBuf),
    Quit,
}
