//! Every style the TUI uses. `NO_COLOR` gives a monochrome theme that marks
//! things with bold, reverse and underline instead.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub base: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_selected: Style,
    pub header: Style,
    pub selected: Style,
    pub cursor: Style,
    pub dim: Style,
    pub error: Style,
    pub warning: Style,
    pub ok: Style,
    pub key: Style,
    pub holiday: Style,
    pub weekend: Style,
    pub bar: Style,
    pub bar_alt: Style,
    pub popup: Style,
    /// Today on the rota grid (beside its `▸` mark).
    pub now: Style,
}

const PALETTE: [Color; 12] = [
    Color::Rgb(0x4e, 0x79, 0xa7),
    Color::Rgb(0xf2, 0x8e, 0x2b),
    Color::Rgb(0x59, 0xa1, 0x4f),
    Color::Rgb(0xb0, 0x7a, 0xa1),
    Color::Rgb(0x76, 0xb7, 0xb2),
    Color::Rgb(0xed, 0xc9, 0x48),
    Color::Rgb(0x9c, 0x75, 0x5f),
    Color::Rgb(0xff, 0x9d, 0xa7),
    Color::Rgb(0x86, 0xbc, 0xb6),
    Color::Rgb(0xd3, 0x72, 0x95),
    Color::Rgb(0x8c, 0xd1, 0x7d),
    Color::Rgb(0xa0, 0xcb, 0xe8),
];

impl Theme {
    /// The theme for this environment: monochrome when `NO_COLOR` is set to
    /// anything non-empty.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::colour(),
        }
    }

    pub fn colour() -> Theme {
        Theme {
            color: true,
            base: Style::new(),
            title: Style::new().add_modifier(Modifier::BOLD),
            tab: Style::new().fg(Color::Gray),
            tab_selected: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Yellow),
            ok: Style::new().fg(Color::Green),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            holiday: Style::new().fg(Color::Magenta),
            weekend: Style::new().fg(Color::Blue),
            bar: Style::new().fg(Color::Cyan),
            bar_alt: Style::new().fg(Color::Yellow),
            popup: Style::new(),
            now: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
        }
    }

    pub fn mono() -> Theme {
        let plain = Style::new();
        Theme {
            color: false,
            base: plain,
            title: plain.add_modifier(Modifier::BOLD),
            tab: plain,
            tab_selected: plain.add_modifier(Modifier::REVERSED),
            header: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            cursor: plain.add_modifier(Modifier::REVERSED),
            dim: plain,
            error: plain.add_modifier(Modifier::BOLD),
            warning: plain.add_modifier(Modifier::UNDERLINED),
            ok: plain,
            key: plain.add_modifier(Modifier::BOLD),
            holiday: plain.add_modifier(Modifier::UNDERLINED),
            weekend: plain,
            bar: plain,
            bar_alt: plain,
            popup: plain,
            now: plain.add_modifier(Modifier::BOLD),
        }
    }

    /// A stable colour per person (by position in the file).
    pub fn person(&self, person: usize) -> Style {
        if self.color {
            Style::new().fg(PALETTE[person % PALETTE.len()])
        } else {
            Style::new()
        }
    }
}
