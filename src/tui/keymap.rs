//! The one keymap: which key does what, where. Defaults are built in; a
//! user's `keys.toml` in the config directory rebinds actions by name. The
//! footer and the help overlay are generated from the same table.
//!
//! ```toml
//! # keys.toml
//! quit = "ctrl+q"
//! assign = ["enter", "a"]
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{Action, Mode, Tab};

/// The width the help overlay packs its bindings to: the smallest screen's
/// inside its border.
pub const HELP_WIDTH: usize = 56;
/// Spaces before each binding on a help line.
pub const HELP_GAP: usize = 2;

/// A line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Heading(Context),
    /// `(keys, help)` pairs.
    Bindings(Vec<(String, &'static str)>),
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    Global,
    Services,
    People,
    Rota,
    Costs,
    Warnings,
    Picker,
    Prompt,
    Confirm,
    /// A yes-or-no question: a picker's choice that breaks a hard rule, an
    /// export over an existing file.
    Ask,
}

impl Context {
    /// The bindings a tab adds to the global ones; the Overview adds none.
    pub fn of_tab(tab: Tab) -> Option<Context> {
        match tab {
            Tab::Overview => None,
            Tab::Services => Some(Context::Services),
            Tab::People => Some(Context::People),
            Tab::Rota => Some(Context::Rota),
            Tab::Costs => Some(Context::Costs),
            Tab::Warnings => Some(Context::Warnings),
        }
    }

    /// Whether some tab is this context: its keys are live beside the
    /// global ones.
    fn is_a_tab(self) -> bool {
        Tab::ALL.iter().any(|&t| Context::of_tab(t) == Some(self))
    }

    /// Whether two contexts can be live at once, so one key must not be
    /// bound in both: any context with itself, and the global one with
    /// every tab's (as [`Keymap::contexts`] puts them together).
    fn overlaps(self, other: Context) -> bool {
        self == other
            || (self == Context::Global && other.is_a_tab())
            || (other == Context::Global && self.is_a_tab())
    }
}

/// A key with its modifiers, as written in the config: `ctrl+s`, `shift+tab`,
/// `enter`, `?`, `J`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` subset with an order, so the keymap prints deterministically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    pub fn parse(s: &str) -> Result<Key, String> {
        let lower = s.to_ascii_lowercase();
        let mut parts: Vec<&str> = if s.len() > 1 {
            lower.split('+').collect()
        } else {
            vec![s]
        };
        // "+" on its own, or "ctrl++".
        if s.ends_with("++") || s == "+" {
            parts.retain(|p| !p.is_empty());
            parts.push("+");
        }
        let last = parts.pop().ok_or_else(|| format!("empty key \"{s}\""))?;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        for m in parts {
            match m {
                "ctrl" | "control" => ctrl = true,
                "alt" => alt = true,
                "shift" => shift = true,
                other => return Err(format!("unknown modifier \"{other}\" in \"{s}\"")),
            }
        }
        let code = match last {
            "enter" | "return" => KeyCodeOrd::Enter,
            "esc" | "escape" => KeyCodeOrd::Esc,
            "tab" if shift => KeyCodeOrd::BackTab,
            "tab" => KeyCodeOrd::Tab,
            "backtab" => KeyCodeOrd::BackTab,
            "backspace" => KeyCodeOrd::Backspace,
            "delete" | "del" => KeyCodeOrd::Delete,
            "up" => KeyCodeOrd::Up,
            "down" => KeyCodeOrd::Down,
            "left" => KeyCodeOrd::Left,
            "right" => KeyCodeOrd::Right,
            "pageup" => KeyCodeOrd::PageUp,
            "pagedown" => KeyCodeOrd::PageDown,
            "home" => KeyCodeOrd::Home,
            "end" => KeyCodeOrd::End,
            "space" => KeyCodeOrd::Char(' '),
            _ => {
                // Keep the case of a single character as written ("J" is shift+j).
                let original = s
                    .rsplit('+')
                    .next()
                    .filter(|o| !o.is_empty())
                    .unwrap_or("+");
                let mut chars = original.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if shift => KeyCodeOrd::Char(c.to_ascii_uppercase()),
                    (Some(c), None) => KeyCodeOrd::Char(c),
                    _ => return Err(format!("unknown key \"{s}\"")),
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }

    pub fn from_event(e: KeyEvent) -> Option<Key> {
        let code = match e.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            _ => return None,
        };
        Some(Key {
            code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        })
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCodeOrd::Char(' ') => "space".to_string(),
            KeyCodeOrd::Char(c) => c.to_string(),
            KeyCodeOrd::Enter => "enter".into(),
            KeyCodeOrd::Esc => "esc".into(),
            KeyCodeOrd::Tab => "tab".into(),
            KeyCodeOrd::BackTab => "shift+tab".into(),
            KeyCodeOrd::Backspace => "backspace".into(),
            KeyCodeOrd::Delete => "delete".into(),
            KeyCodeOrd::Up => "↑".into(),
            KeyCodeOrd::Down => "↓".into(),
            KeyCodeOrd::Left => "←".into(),
            KeyCodeOrd::Right => "→".into(),
            KeyCodeOrd::PageUp => "pgup".into(),
            KeyCodeOrd::PageDown => "pgdn".into(),
            KeyCodeOrd::Home => "home".into(),
            KeyCodeOrd::End => "end".into(),
        };
        let mut s = String::new();
        if self.ctrl {
            s.push_str("ctrl+");
        }
        if self.alt {
            s.push_str("alt+");
        }
        s + &base
    }
}

/// One bindable action: its name in the config file, where it applies, what
/// it does, its help text and its default keys.
#[derive(Debug)]
pub struct Binding {
    pub name: &'static str,
    pub context: Context,
    pub action: Action,
    pub help: &'static str,
    pub defaults: &'static [&'static str],
    /// Shown in the footer.
    pub footer: bool,
}

fn bindings() -> Vec<Binding> {
    use Action as A;
    use Context as C;
    let b = |name, context, action, help, defaults, footer| Binding {
        name,
        context,
        action,
        help,
        defaults,
        footer,
    };
    vec![
        b("quit", C::Global, A::Quit, "quit", &["q"], true),
        b("help", C::Global, A::Help, "help", &["?"], true),
        b("save", C::Global, A::Save, "save", &["ctrl+s"], true),
        b("undo", C::Global, A::Undo, "undo", &["u", "ctrl+z"], true),
        b(
            "redo",
            C::Global,
            A::Redo,
            "redo",
            &["ctrl+r", "ctrl+y"],
            false,
        ),
        b("export", C::Global, A::Export, "export", &["e"], false),
        b(
            "next_tab",
            C::Global,
            A::NextTab,
            "next tab",
            &["tab"],
            false,
        ),
        b(
            "prev_tab",
            C::Global,
            A::PrevTab,
            "previous tab",
            &["shift+tab"],
            false,
        ),
        b(
            "tab_overview",
            C::Global,
            A::GoTab(Tab::Overview),
            "overview",
            &["1"],
            false,
        ),
        b(
            "tab_services",
            C::Global,
            A::GoTab(Tab::Services),
            "services",
            &["2"],
            false,
        ),
        b(
            "tab_people",
            C::Global,
            A::GoTab(Tab::People),
            "people",
            &["3"],
            false,
        ),
        b(
            "tab_rota",
            C::Global,
            A::GoTab(Tab::Rota),
            "rota",
            &["4"],
            false,
        ),
        b(
            "tab_costs",
            C::Global,
            A::GoTab(Tab::Costs),
            "costs",
            &["5"],
            false,
        ),
        b(
            "tab_warnings",
            C::Global,
            A::GoTab(Tab::Warnings),
            "warnings",
            &["6"],
            false,
        ),
        b("up", C::Global, A::Up, "up", &["k", "up"], false),
        b("down", C::Global, A::Down, "down", &["j", "down"], false),
        b(
            "cancel",
            C::Global,
            A::Cancel,
            "clear the message",
            &["esc"],
            false,
        ),
        b(
            "exposure",
            C::Services,
            A::EditExposure,
            "edit exposure",
            &["enter", "x"],
            true,
        ),
        b(
            "add_time_off",
            C::People,
            A::AddTimeOff,
            "add time off",
            &["a"],
            true,
        ),
        b(
            "remove_time_off",
            C::People,
            A::RemoveTimeOff,
            "remove last time off",
            &["d"],
            true,
        ),
        b(
            "opt_in_out",
            C::People,
            A::ToggleOptIn,
            "opt in/out",
            &["o"],
            true,
        ),
        b(
            "left",
            C::Rota,
            A::Left,
            "previous day",
            &["h", "left"],
            false,
        ),
        b(
            "right",
            C::Rota,
            A::Right,
            "next day",
            &["l", "right"],
            false,
        ),
        b(
            "next_week",
            C::Rota,
            A::NextWeek,
            "next week",
            &["w", "pagedown"],
            false,
        ),
        b(
            "prev_week",
            C::Rota,
            A::PrevWeek,
            "previous week",
            &["b", "pageup"],
            false,
        ),
        b(
            "next_month",
            C::Rota,
            A::NextMonth,
            "next month",
            &["}"],
            false,
        ),
        b(
            "prev_month",
            C::Rota,
            A::PrevMonth,
            "previous month",
            &["{"],
            false,
        ),
        b(
            "assign",
            C::Rota,
            A::Assign,
            "assign/swap",
            &["enter", "a"],
            true,
        ),
        b("pin", C::Rota, A::TogglePin, "pin/unpin", &["p"], true),
        b("split", C::Rota, A::Split, "split here", &["s"], true),
        b("clear", C::Rota, A::Clear, "clear", &["x", "delete"], true),
        b(
            "add_callout",
            C::Rota,
            A::AddCallout,
            "add callout",
            &["c"],
            false,
        ),
        b(
            "edit_callout",
            C::Rota,
            A::EditCallout,
            "edit callout",
            &["C"],
            false,
        ),
        b(
            "remove_callout",
            C::Rota,
            A::RemoveCallout,
            "remove callout",
            &["X"],
            false,
        ),
        b(
            "show_person",
            C::Rota,
            A::ShowPerson,
            "go to person",
            &["g"],
            false,
        ),
        b(
            "replan",
            C::Rota,
            A::Replan,
            "re-plan (keeps pins)",
            &["R"],
            true,
        ),
        b("extend", C::Rota, A::Extend, "extend", &["E"], true),
        b(
            "next_period",
            C::Costs,
            A::NextPeriod,
            "next month",
            &["}", "l", "right"],
            true,
        ),
        b(
            "prev_period",
            C::Costs,
            A::PrevPeriod,
            "previous month",
            &["{", "h", "left"],
            true,
        ),
        b("jump", C::Warnings, A::Select, "go to", &["enter"], true),
        b("picker_up", C::Picker, A::Up, "up", &["k", "up"], true),
        b(
            "picker_down",
            C::Picker,
            A::Down,
            "down",
            &["j", "down"],
            true,
        ),
        b(
            "picker_choose",
            C::Picker,
            A::Select,
            "choose",
            &["enter"],
            true,
        ),
        b(
            "picker_cancel",
            C::Picker,
            A::Cancel,
            "cancel",
            &["esc", "q"],
            true,
        ),
        b(
            "prompt_submit",
            C::Prompt,
            A::Select,
            "done",
            &["enter"],
            true,
        ),
        b(
            "prompt_cancel",
            C::Prompt,
            A::Cancel,
            "cancel",
            &["esc"],
            true,
        ),
        b(
            "prompt_erase",
            C::Prompt,
            A::Backspace,
            "erase",
            &["backspace"],
            false,
        ),
        b(
            "prompt_clear",
            C::Prompt,
            A::ClearInput,
            "clear the line",
            &["ctrl+u"],
            true,
        ),
        b(
            "confirm_quit",
            C::Confirm,
            A::Confirm,
            "quit without saving",
            &["y"],
            true,
        ),
        b(
            "confirm_save",
            C::Confirm,
            A::Save,
            "save and quit",
            &["ctrl+s"],
            true,
        ),
        b(
            "confirm_stay",
            C::Confirm,
            A::Cancel,
            "stay",
            &["n", "esc"],
            true,
        ),
        b("answer_yes", C::Ask, A::Confirm, "yes", &["y"], true),
        b("answer_no", C::Ask, A::Cancel, "no", &["n", "esc"], true),
    ]
}

/// Bindings that must keep a key, with what would be impossible without it:
/// leaving the TUI, its help, a message, a picker, a prompt and the
/// quit confirmation.
const ESSENTIAL: &[(&str, &str)] = &[
    ("quit", "quit"),
    ("help", "open the help"),
    ("cancel", "clear a message"),
    ("picker_cancel", "leave a picker"),
    ("prompt_cancel", "leave a prompt"),
    ("confirm_stay", "answer the quit question"),
    ("answer_no", "answer a question"),
];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeymapError {
    #[error("{file}: not valid TOML: {message}")]
    Toml { file: String, message: String },
    #[error("{file}: \"{name}\" is not an action{}", suggestion.as_ref().map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default())]
    UnknownAction {
        file: String,
        name: String,
        suggestion: Option<String>,
    },
    #[error("{file}: {name}: {message}")]
    BadKey {
        file: String,
        name: String,
        message: String,
    },
    #[error("{file}: {name}: needs at least one key, or there is no way to {what}")]
    Unbound {
        file: String,
        name: String,
        what: &'static str,
    },
    #[error("{file}: cannot read the file: {message}")]
    Unreadable { file: String, message: String },
    #[error("{file}: \"{key}\" is bound to both {first} and {second}")]
    Duplicate {
        file: String,
        key: String,
        first: String,
        second: String,
    },
}

#[derive(Debug)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
    /// Keys per binding, same order as `bindings`.
    pub keys: Vec<Vec<Key>>,
}

impl Keymap {
    pub fn defaults() -> Keymap {
        let bindings = bindings();
        let keys = bindings
            .iter()
            .map(|b| {
                b.defaults
                    .iter()
                    .filter_map(|k| Key::parse(k).ok())
                    .collect()
            })
            .collect();
        Keymap { bindings, keys }
    }

    /// The defaults with a user's `keys.toml` text on top.
    pub fn with_overrides(file: &str, text: &str) -> Result<Keymap, KeymapError> {
        let mut map = Keymap::defaults();
        let table: toml::Table = toml::from_str(text).map_err(|e| KeymapError::Toml {
            file: file.into(),
            message: e.message().to_string(),
        })?;
        let names: Vec<&str> = map.bindings.iter().map(|b| b.name).collect();
        for (name, value) in &table {
            let Some(i) = names.iter().position(|n| n == name) else {
                return Err(KeymapError::UnknownAction {
                    file: file.into(),
                    name: name.clone(),
                    suggestion: rota_core::input::diag::nearest(name, names.iter().copied()),
                });
            };
            let bad = |message: String| KeymapError::BadKey {
                file: file.into(),
                name: name.clone(),
                message,
            };
            let strings: Vec<&str> = match value {
                toml::Value::String(s) => vec![s.as_str()],
                toml::Value::Array(a) => a
                    .iter()
                    .map(|v| v.as_str().ok_or_else(|| bad("expected key strings".into())))
                    .collect::<Result<_, _>>()?,
                _ => return Err(bad("expected a key string or a list of them".into())),
            };
            map.keys[i] = strings
                .iter()
                .map(|s| Key::parse(s).map_err(&bad))
                .collect::<Result<_, _>>()?;
        }
        map.check_duplicates(file)?;
        map.check_essentials(file)?;
        Ok(map)
    }

    /// Every way out of where the user can be keeps a key: `quit = []` would
    /// leave no way to leave the TUI, `cancel = []` no way out of a message.
    fn check_essentials(&self, file: &str) -> Result<(), KeymapError> {
        for (name, what) in ESSENTIAL {
            let unbound = self
                .bindings
                .iter()
                .zip(&self.keys)
                .any(|(b, keys)| b.name == *name && keys.is_empty());
            if unbound {
                return Err(KeymapError::Unbound {
                    file: file.into(),
                    name: (*name).into(),
                    what,
                });
            }
        }
        Ok(())
    }

    /// Loads `keys.toml` from a config directory, when there is one.
    pub fn load(dir: Option<&Path>) -> Result<Keymap, KeymapError> {
        let Some(dir) = dir else {
            return Ok(Keymap::defaults());
        };
        let path = dir.join("keys.toml");
        let file = path.display().to_string();
        // No keys.toml is the usual case; one that cannot be read (a
        // directory, not UTF-8, a FIFO) is as wrong as one that does not parse.
        let bytes = match rota_core::input::storage::read_input(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Keymap::defaults()),
            Err(e) => {
                return Err(KeymapError::Unreadable {
                    file,
                    message: e.to_string(),
                });
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Keymap::with_overrides(&file, &text),
            Err(e) => Err(KeymapError::Unreadable {
                file,
                message: format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            }),
        }
    }

    fn check_duplicates(&self, file: &str) -> Result<(), KeymapError> {
        for (i, a) in self.bindings.iter().enumerate() {
            for (j, b) in self.bindings.iter().enumerate().skip(i + 1) {
                if !a.context.overlaps(b.context) {
                    continue;
                }
                if let Some(k) = self.keys[i].iter().find(|k| self.keys[j].contains(k)) {
                    return Err(KeymapError::Duplicate {
                        file: file.into(),
                        key: k.label(),
                        first: a.name.into(),
                        second: b.name.into(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The contexts that apply, most specific first.
    pub fn contexts(mode: &Mode, tab: Tab) -> Vec<Context> {
        match mode {
            Mode::Picker { .. } => vec![Context::Picker],
            Mode::Prompt { .. } => vec![Context::Prompt],
            Mode::ConfirmQuit => vec![Context::Confirm],
            Mode::ConfirmPick { .. } | Mode::ConfirmReplace(_) => vec![Context::Ask],
            Mode::Help | Mode::Changes(_) => vec![Context::Global],
            Mode::Normal => Context::of_tab(tab)
                .into_iter()
                .chain([Context::Global])
                .collect(),
        }
    }

    /// The action for a key where the user is.
    pub fn action(&self, mode: &Mode, tab: Tab, key: Key) -> Option<Action> {
        if let Mode::Prompt { .. } = mode
            && let KeyCodeOrd::Char(c) = key.code
            && !key.ctrl
            && !key.alt
        {
            return Some(Action::Input(c));
        }
        for ctx in Keymap::contexts(mode, tab) {
            for (b, keys) in self.bindings.iter().zip(&self.keys) {
                if b.context == ctx && keys.contains(&key) {
                    return Some(b.action.clone());
                }
            }
        }
        None
    }

    /// Footer hints for where the user is: `(keys, help)`.
    pub fn footer(&self, mode: &Mode, tab: Tab) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        for ctx in Keymap::contexts(mode, tab) {
            for (b, keys) in self.bindings.iter().zip(&self.keys) {
                if b.context == ctx
                    && b.footer
                    && let Some(k) = keys.first()
                {
                    out.push((k.label(), b.help));
                }
            }
        }
        out
    }

    /// The help overlay's lines: per context a heading, then its bindings
    /// `(keys, help)` packed a few to a line, never one cut across two. The
    /// packing is to a fixed width that fits the smallest screen, so the
    /// count is the same on every screen and scrolling can be bounded
    /// without drawing.
    pub fn help_lines(&self) -> Vec<HelpLine> {
        let mut out = Vec::new();
        for (ctx, bindings) in self.help() {
            out.push(HelpLine::Heading(ctx));
            let mut line: Vec<(String, &'static str)> = Vec::new();
            let mut used = 0;
            for (keys, help) in bindings {
                let w = HELP_GAP + keys.chars().count() + 1 + help.chars().count();
                if !line.is_empty() && used + w > HELP_WIDTH {
                    out.push(HelpLine::Bindings(std::mem::take(&mut line)));
                    used = 0;
                }
                used += w;
                line.push((keys, help));
            }
            if !line.is_empty() {
                out.push(HelpLine::Bindings(line));
            }
        }
        out
    }

    /// The help key's footer hint, when it is in the footer: a short
    /// footer keeps it, since the help lists what was left out.
    pub fn footer_help(&self) -> Option<(String, &'static str)> {
        self.bindings
            .iter()
            .zip(&self.keys)
            .find(|(b, _)| b.action == Action::Help && b.footer)
            .and_then(|(b, keys)| keys.first().map(|k| (k.label(), b.help)))
    }

    /// Every binding grouped by context, for the help overlay.
    pub fn help(&self) -> BTreeMap<Context, Vec<(String, &'static str)>> {
        let mut out: BTreeMap<Context, Vec<(String, &'static str)>> = BTreeMap::new();
        for (b, keys) in self.bindings.iter().zip(&self.keys) {
            let labels: Vec<String> = keys.iter().map(Key::label).collect();
            out.entry(b.context)
                .or_default()
                .push((labels.join(" "), b.help));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_strings() {
        let k = Key::parse("ctrl+s").unwrap();
        assert_eq!((k.code, k.ctrl), (KeyCodeOrd::Char('s'), true));
        assert_eq!(Key::parse("shift+tab").unwrap().code, KeyCodeOrd::BackTab);
        assert_eq!(Key::parse("R").unwrap().code, KeyCodeOrd::Char('R'));
        assert_eq!(Key::parse("shift+r").unwrap().code, KeyCodeOrd::Char('R'));
        assert_eq!(Key::parse("?").unwrap().code, KeyCodeOrd::Char('?'));
        assert!(Key::parse("hyper+x").is_err());
        assert!(Key::parse("ctrl+nope").is_err());
    }

    #[test]
    fn help_lines_fit_the_smallest_screen_and_hold_every_binding_whole() {
        let map = Keymap::defaults();
        let lines = map.help_lines();
        let mut bindings = 0;
        for line in &lines {
            if let HelpLine::Bindings(b) = line {
                let w: usize = b
                    .iter()
                    .map(|(k, h)| HELP_GAP + k.chars().count() + 1 + h.chars().count())
                    .sum();
                assert!(w <= HELP_WIDTH || b.len() == 1, "{b:?}");
                bindings += b.len();
            }
        }
        assert_eq!(bindings, map.bindings.len());
    }

    #[test]
    fn defaults_have_no_duplicates() {
        Keymap::defaults().check_duplicates("defaults").unwrap();
    }

    #[test]
    fn the_overlap_check_covers_every_tab_and_only_live_pairs() {
        let tabs: Vec<Context> = Tab::ALL
            .iter()
            .filter_map(|&t| Context::of_tab(t))
            .collect();
        for &c in &tabs {
            assert!(
                Context::Global.overlaps(c) && c.overlaps(Context::Global),
                "{c:?}"
            );
            // A tab's keys are live with the global ones, so the overlap
            // check sees the same pairs the lookup does.
            assert!(Keymap::contexts(&Mode::Normal, tab_of(c)).contains(&Context::Global));
            for &d in &tabs {
                assert_eq!(c.overlaps(d), c == d, "{c:?} {d:?}");
            }
        }
        for c in [
            Context::Picker,
            Context::Prompt,
            Context::Confirm,
            Context::Ask,
        ] {
            assert!(
                !Context::Global.overlaps(c) && !c.overlaps(Context::Global),
                "{c:?}"
            );
        }
    }

    fn tab_of(c: Context) -> Tab {
        *Tab::ALL
            .iter()
            .find(|&&t| Context::of_tab(t) == Some(c))
            .unwrap()
    }

    #[test]
    fn a_tab_key_that_shadows_a_global_one_is_refused() {
        let err = Keymap::with_overrides("keys.toml", "next_period = \"q\"").unwrap_err();
        assert_eq!(
            err.to_string(),
            "keys.toml: \"q\" is bound to both quit and next_period"
        );
        let err = Keymap::with_overrides("keys.toml", "jump = \"?\"").unwrap_err();
        assert_eq!(
            err.to_string(),
            "keys.toml: \"?\" is bound to both help and jump"
        );
        // The picker is never live with the global keys: `q` may cancel it.
        Keymap::with_overrides("keys.toml", "picker_cancel = \"q\"").unwrap();
    }

    #[test]
    fn user_file_rebinds_an_action() {
        let map = Keymap::with_overrides("keys.toml", "quit = \"ctrl+q\"").unwrap();
        let q = Key::parse("ctrl+q").unwrap();
        assert_eq!(
            map.action(&Mode::Normal, Tab::Overview, q),
            Some(Action::Quit)
        );
        let old = Key::parse("q").unwrap();
        assert_eq!(map.action(&Mode::Normal, Tab::Overview, old), None);
    }

    #[test]
    fn duplicates_and_unknown_names_are_clear_errors() {
        let err = Keymap::with_overrides("keys.toml", "save = \"u\"").unwrap_err();
        assert_eq!(
            err.to_string(),
            "keys.toml: \"u\" is bound to both save and undo"
        );
        let err = Keymap::with_overrides("keys.toml", "sav = \"z\"").unwrap_err();
        assert_eq!(
            err.to_string(),
            "keys.toml: \"sav\" is not an action (did you mean \"save\"?)"
        );
        let err = Keymap::with_overrides("keys.toml", "save = 3").unwrap_err();
        assert!(err.to_string().contains("expected a key string"), "{err}");
    }

    #[test]
    fn every_way_out_keeps_a_key() {
        let names: Vec<&str> = bindings().iter().map(|b| b.name).collect();
        for (name, _) in ESSENTIAL {
            assert!(names.contains(name), "{name} is not a binding");
            let err = Keymap::with_overrides("keys.toml", &format!("{name} = []")).unwrap_err();
            assert!(
                matches!(&err, KeymapError::Unbound { name: n, .. } if n == name),
                "{err}"
            );
        }
        // Moving quit to another key is fine.
        assert!(Keymap::with_overrides("keys.toml", "quit = \"ctrl+q\"").is_ok());
    }

    #[test]
    fn tab_keys_win_over_global_ones_and_prompts_take_letters() {
        let map = Keymap::defaults();
        let x = Key::parse("x").unwrap();
        assert_eq!(map.action(&Mode::Normal, Tab::Rota, x), Some(Action::Clear));
        assert_eq!(
            map.action(&Mode::Normal, Tab::Services, x),
            Some(Action::EditExposure)
        );
        let prompt = Mode::Prompt {
            kind: super::super::app::PromptKind::Export,
            input: String::new(),
        };
        assert_eq!(map.action(&prompt, Tab::Rota, x), Some(Action::Input('x')));
        let footer = map.footer(&Mode::Normal, Tab::Rota);
        assert_eq!(footer[0], ("enter".to_string(), "assign/swap"));
    }
}
