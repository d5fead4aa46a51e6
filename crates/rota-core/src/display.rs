//! How numbers and words are shown to people, whatever the output format:
//! counts and plurals, percentages, exposures, and text made safe for HTML.

/// `"s"` after a count other than one: `format!("{n} error{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Small counts in words, for fixes people read.
pub fn count_words(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

/// A count in words with its noun: `counted(2, "member", "members")` is
/// "two members".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", count_words(n), if n == 1 { one } else { many })
}

/// An exposure as people write it: whole numbers grouped, fractions kept.
pub fn format_exposure(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        crate::money::Money((x as i64) * 100)
            .grouped()
            .trim_end_matches(".00")
            .to_string()
    } else {
        format!("{x:.2}")
    }
}

/// A percentage without needless zeros: `99.9`, `95.0`, `99.95`.
pub fn format_percent(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0');
    if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
