//! Horizontal bars with a label and a value: load per person, pay per team.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

pub struct Bars<'a> {
    /// `(label, value, shown value)`.
    pub rows: Vec<(String, u64, String)>,
    pub style: Style,
    pub label_style: Style,
    /// Row drawn highlighted.
    pub highlight: Option<usize>,
    pub highlight_style: Style,
    pub _marker: std::marker::PhantomData<&'a ()>,
}

impl<'a> Bars<'a> {
    pub fn new(rows: Vec<(String, u64, String)>) -> Bars<'a> {
        Bars {
            rows,
            style: Style::new(),
            label_style: Style::new(),
            highlight: None,
            highlight_style: Style::new(),
            _marker: std::marker::PhantomData,
        }
    }
}

/// What a list that does not fit says on its last line.
pub fn more_line(above: usize, below: usize) -> String {
    match (above, below) {
        (0, n) => format!("… {n} more"),
        (m, 0) => format!("… {m} more above"),
        (m, n) => format!("… {n} more, {m} above"),
    }
}

/// [`more_line`] in at most `width` columns: in arrows (`… ↓40 ↑14`) when
/// the words do not fit, so neither count is cut.
pub fn more_line_in(above: usize, below: usize, width: usize) -> String {
    let words = more_line(above, below);
    if words.chars().count() <= width {
        return words;
    }
    match (above, below) {
        (0, n) => format!("… ↓{n}"),
        (m, 0) => format!("… ↑{m}"),
        (m, n) => format!("… ↓{n} ↑{m}"),
    }
}

const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

impl Widget for &Bars<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 4 || area.height == 0 {
            return;
        }
        let label_w = self
            .rows
            .iter()
            .map(|r| r.0.chars().count())
            .max()
            .unwrap_or(0)
            .min(area.width as usize / 2) as u16;
        let value_w = self
            .rows
            .iter()
            .map(|r| r.2.chars().count())
            .max()
            .unwrap_or(0) as u16;
        let bar_w = area.width.saturating_sub(label_w + value_w + 2);
        let max = self.rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
        // When the rows do not fit, the last line says how many are left
        // out, and the highlighted row is kept in view above it.
        let fits = self.rows.len() <= area.height as usize;
        let height = if fits {
            area.height as usize
        } else {
            area.height.saturating_sub(1) as usize
        };
        let skip = self
            .highlight
            .map(|h| (h + 1).saturating_sub(height))
            .unwrap_or(0);
        if !fits {
            let below = self.rows.len().saturating_sub(skip + height);
            buf.set_stringn(
                area.x,
                area.bottom() - 1,
                more_line_in(skip, below, area.width as usize),
                area.width as usize,
                self.label_style,
            );
        }
        for (i, (label, value, shown)) in self.rows.iter().enumerate().skip(skip).take(height) {
            let y = area.y + (i - skip) as u16;
            let label_style = if Some(i) == self.highlight {
                self.highlight_style
            } else {
                self.label_style
            };
            // A label cut to fit says so with its last character.
            let label = if label.chars().count() > label_w as usize && label_w > 1 {
                let mut cut: String = label.chars().take(label_w as usize - 1).collect();
                cut.push('…');
                cut
            } else {
                label.clone()
            };
            buf.set_stringn(area.x, y, &label, label_w as usize, label_style);
            let eighths = (*value as u128 * bar_w as u128 * 8 / max as u128) as usize;
            let x0 = area.x + label_w + 1;
            let full = eighths / 8;
            for c in 0..full {
                buf[(x0 + c as u16, y)].set_char('█').set_style(self.style);
            }
            if !eighths.is_multiple_of(8) {
                buf[(x0 + full as u16, y)]
                    .set_char(EIGHTHS[eighths % 8])
                    .set_style(self.style);
            }
            let vx = x0 + full as u16 + u16::from(!eighths.is_multiple_of(8)) + 1;
            if vx + shown.chars().count() as u16 <= area.right() {
                buf.set_string(vx, y, shown, self.label_style);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_more_line_too_wide_for_its_panel_says_it_in_arrows() {
        assert_eq!(more_line_in(14, 40, 30), "… 40 more, 14 above");
        assert_eq!(more_line_in(14, 40, 18), "… ↓40 ↑14");
        assert_eq!(more_line_in(0, 40, 8), "… ↓40");
        assert_eq!(more_line_in(3, 0, 8), "… ↑3");
    }

    #[test]
    fn a_label_cut_to_fit_ends_with_an_ellipsis() {
        let bars = Bars::new(vec![
            ("Dominika Zielinska".into(), 14, "14".into()),
            ("Ava".into(), 7, "7".into()),
        ]);
        let mut buf = Buffer::empty(Rect::new(0, 0, 16, 2));
        (&bars).render(buf.area, &mut buf);
        assert_eq!(
            buf,
            Buffer::with_lines(["Dominik… ████ 14", "Ava      ██ 7   "])
        );
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let bars = Bars::new(vec![
            ("ava".into(), 14, "14".into()),
            ("ben".into(), 7, "7".into()),
            ("cy".into(), 0, "0".into()),
        ]);
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 3));
        (&bars).render(buf.area, &mut buf);
        assert_eq!(
            buf,
            Buffer::with_lines([
                "ava █████████████ 14",
                "ben ██████▌ 7       ",
                "cy   0              ",
            ])
        );
    }
}
