//! What reaches the terminal: messages on stderr never panic, carry no raw control character from an
//! input and no value of unbounded length.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

/// A value quoted in a message longer than this many characters is shortened ([`shorten`]). It is
/// above the length of a value the model already cut (`crate::error::shorten`: 40 characters, `...`
/// and its length), so that a cut value keeps the length of the original.
pub const MAX_QUOTED_CHARS: usize = 80;

/// A file path in a message longer than this many characters is shortened ([`shorten_path`]): real
/// paths are rarely this long, a hostile one is cut.
pub const MAX_PATH_CHARS: usize = 256;

/// A word (a run of characters without a space) longer than this in any printed line is shortened:
/// the net for values a message does not quote.
pub const MAX_WORD_CHARS: usize = 256;

/// A printed line longer than this many characters is cut.
pub const MAX_LINE_CHARS: usize = 2_000;

/// A printed message longer than this many characters is cut.
pub const MAX_MESSAGE_CHARS: usize = 16_384;

/// Writes one line of text to stderr, made [`terminal_safe`]; a full or closed stderr is ignored
/// (never a panic: `eprintln!` panics when it cannot write).
pub fn eprint_line(text: &str) {
    let mut line = terminal_safe(text);
    line.push('\n');
    let mut err = io::stderr().lock();
    let _ = err.write_all(line.as_bytes()).and_then(|_| err.flush());
}

/// A value from the input as a message quotes it: control characters escaped ([`escape_controls`]),
/// and when longer than [`MAX_QUOTED_CHARS`], cut as every message cuts a value
/// (`crate::error::shorten`: its first 40 characters, `...` and its length).
pub fn shorten(value: &str) -> String {
    shorten_to(value, MAX_QUOTED_CHARS)
}

/// A file path as a message shows it: as [`shorten`], cut beyond [`MAX_PATH_CHARS`].
pub fn shorten_path(path: &Path) -> String {
    shorten_to(&path.display().to_string(), MAX_PATH_CHARS)
}

fn shorten_to(value: &str, max: usize) -> String {
    let n = value.chars().count();
    if n <= max && !value.chars().any(needs_escape) {
        return value.to_string();
    }
    let mut out = String::new();
    let mut kept = 0;
    let keep = if n <= max {
        usize::MAX
    } else {
        crate::error::QUOTE_CHARS
    };
    for c in value.chars() {
        let piece = escape_char(c);
        if kept + piece.chars().count() > keep {
            break;
        }
        kept += piece.chars().count();
        out.push_str(&piece);
    }
    if n > max {
        out.push_str(&format!("... ({n} characters)"));
    }
    out
}

/// Characters that must not reach a terminal raw: C0 and C1 controls and DEL (ESC starts the sequences
/// that move the cursor, retitle the window or write the clipboard) and the bidirectional overrides
/// and isolates (they reorder what is shown).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `c` as shown: itself, or an escape (`\n`, `\t`, `\r`, `\u{1b}`).
fn escape_char(c: char) -> Cow<'static, str> {
    match c {
        '\n' => "\\n".into(),
        '\t' => "\\t".into(),
        '\r' => "\\r".into(),
        c if needs_escape(c) => format!("\\u{{{:x}}}", c as u32).into(),
        c => c.to_string().into(),
    }
}

/// `text` with every character of [`needs_escape`] escaped (newlines too).
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return text.into();
    }
    text.chars().map(escape_char).collect::<String>().into()
}

/// Human-readable output (a table, Markdown) as it may reach a terminal: every control character and
/// bidirectional override escaped ([`escape_controls`]) except the newlines between lines, so an
/// input's escape sequence (a window title, the clipboard, a cleared screen, C1 `0x9B`, U+202E) is
/// shown as text, never run. Output without one passes unchanged.
pub fn human_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && needs_escape(c)) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&escape_controls(line));
    }
    out.into()
}

/// A message as it may be printed on a terminal: on each line, control characters escaped (newlines
/// between lines kept), quoted values (`'...'`) longer than [`MAX_QUOTED_CHARS`] and words longer than
/// [`MAX_WORD_CHARS`] shortened, the line cut at [`MAX_LINE_CHARS`]; the whole cut at
/// [`MAX_MESSAGE_CHARS`]. Ordinary messages pass unchanged.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_MESSAGE_CHARS));
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Each step is linear in the line, so a line of megabytes costs milliseconds.
        let line = escape_controls(line);
        let line = shorten_quoted(&line);
        let line = shorten_words(&line);
        let n = line.chars().count();
        match line.char_indices().nth(MAX_LINE_CHARS) {
            Some((cut, _)) => {
                out.push_str(&line[..cut]);
                out.push_str(&format!("…(line of {n} chars cut)"));
            }
            None => out.push_str(&line),
        }
        if out.len() > MAX_MESSAGE_CHARS * 4 {
            break;
        }
    }
    let total = out.chars().count();
    if total > MAX_MESSAGE_CHARS {
        let cut: String = out.chars().take(MAX_MESSAGE_CHARS).collect();
        return format!("{cut}…(message of {total} chars cut)");
    }
    out
}

/// Shortens the content of every `'...'` quotation longer than [`MAX_QUOTED_CHARS`]. A quotation opens
/// at a `'` that starts the line or follows a space, a bracket, `=`, `:` or `,` (an apostrophe inside a
/// word does not), and closes at the next `'` followed by the end, a space or punctuation.
fn shorten_quoted(line: &str) -> Cow<'_, str> {
    if line.chars().count() <= MAX_QUOTED_CHARS {
        return line.into();
    }
    let chars: Vec<char> = line.chars().collect();
    let closes = |j: usize| {
        chars[j] == '\''
            && chars
                .get(j + 1)
                .is_none_or(|n| matches!(n, ' ' | ':' | ';' | ',' | '.' | ')' | ']' | '!' | '?'))
    };
    // next_close[i]: the first closing quote at or after i (one backward pass: linear in the line).
    let mut next_close = vec![usize::MAX; chars.len() + 1];
    for j in (0..chars.len()).rev() {
        next_close[j] = if closes(j) { j } else { next_close[j + 1] };
    }
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut changed = false;
    while i < chars.len() {
        let c = chars[i];
        out.push(c);
        i += 1;
        let opens =
            c == '\'' && (i == 1 || matches!(chars[i - 2], ' ' | '(' | '[' | '=' | ':' | ','));
        let close = next_close[i];
        if !opens || close == usize::MAX {
            continue;
        }
        let content: String = chars[i..close].iter().collect();
        if close - i > MAX_QUOTED_CHARS {
            out.push_str(&shorten(&content));
            changed = true;
        } else {
            out.push_str(&content);
        }
        out.push('\'');
        i = close + 1;
    }
    if changed {
        out.into()
    } else {
        line.into()
    }
}

/// Shortens every run of characters without a space longer than [`MAX_WORD_CHARS`].
fn shorten_words(line: &str) -> Cow<'_, str> {
    if line.len() <= MAX_WORD_CHARS || !line.split(' ').any(|w| w.chars().count() > MAX_WORD_CHARS)
    {
        return line.into();
    }
    line.split(' ')
        .map(|w| shorten_to(w, MAX_WORD_CHARS))
        .collect::<Vec<_>>()
        .join(" ")
        .into()
}

/// The width tables are fitted to: `COLUMNS` when it is a positive whole number, else the width the
/// terminal on stdout reports when it reports one above zero; `None` (unknown: tables are not
/// wrapped) otherwise. A terminal reporting 0 columns (some CI pseudo-terminals) is unknown, not 1.
pub fn columns() -> Option<u16> {
    columns_from(std::env::var("COLUMNS").ok().as_deref(), reported_width())
}

/// [`columns`] from the `COLUMNS` value and the width the terminal reports.
pub fn columns_from(env: Option<&str>, reported: Option<u16>) -> Option<u16> {
    match env.map(str::trim).and_then(|c| c.parse::<u16>().ok()) {
        Some(w) if w > 0 => Some(w),
        _ => reported.filter(|w| *w > 0),
    }
}

/// The width of the terminal on stdout, if stdout is one (comfy-table asks it).
fn reported_width() -> Option<u16> {
    comfy_table::Table::new().width()
}

/// Colour is never written by this tool's reports; where a library would colour its text (clap's
/// help and errors), `NO_COLOR` set to anything non-empty turns it off (<https://no-color.org>).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Whether colour is forced on (`CLICOLOR_FORCE` set to anything but `0`) and not turned off by
/// `NO_COLOR`: the conventions clap follows for its help.
pub fn colour_forced() -> bool {
    !no_color() && std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_ordinary_text_is_not() {
        assert_eq!(
            terminal_safe("unknown region '\u{1b}]0;pwned\u{7}'"),
            "unknown region '\\u{1b}]0;pwned\\u{7}'"
        );
        assert_eq!(terminal_safe("a\u{9b}b\u{7f}c\td"), "a\\u{9b}b\\u{7f}c\\td");
        assert_eq!(terminal_safe("two\nlines"), "two\nlines");
        let plain = "invalid value 'x' for --region: AWS's code, as 'us-east-1'";
        assert_eq!(terminal_safe(plain), plain);
        assert_eq!(shorten("a\nb"), "a\\nb");
        assert_eq!(shorten("\u{202e}evil"), "\\u{202e}evil");
    }

    #[test]
    fn long_values_are_shortened_with_their_length() {
        let long = "a".repeat(10_000);
        let s = shorten(&long);
        assert_eq!(
            s,
            format!(
                "{}... (10000 characters)",
                "a".repeat(crate::error::QUOTE_CHARS)
            )
        );
        // Shortening is stable: a shortened value printed again is not shortened twice.
        let msg = format!("invalid value '{s}' for --region: a code");
        assert_eq!(terminal_safe(&msg), msg);
        let printed = terminal_safe(&format!("invalid value '{long}' for --region: a code"));
        assert_eq!(printed, msg);
        let word = terminal_safe(&format!("cannot write {long}: too long"));
        assert!(word.len() < 400, "{word}");
        let spaced = terminal_safe(&"a ".repeat(100_000));
        assert!(spaced.chars().count() < MAX_LINE_CHARS + 100);
        let many = terminal_safe(&"a\n".repeat(100_000));
        assert!(many.chars().count() < MAX_MESSAGE_CHARS + 100);
    }

    #[test]
    fn shortened_escapes_are_never_cut_in_half() {
        let s = shorten(&"\u{1b}".repeat(100));
        assert!(s.starts_with("\\u{1b}"));
        assert!(s.ends_with("\\u{1b}... (100 characters)"), "{s}");
    }

    #[test]
    fn columns_come_from_the_environment_then_the_terminal() {
        assert_eq!(columns_from(Some("60"), Some(200)), Some(60));
        assert_eq!(columns_from(Some("0"), Some(120)), Some(120));
        assert_eq!(columns_from(Some("0"), Some(0)), None);
        assert_eq!(columns_from(None, Some(0)), None);
        assert_eq!(columns_from(Some("wide"), None), None);
        assert_eq!(columns_from(None, None), None);
    }
}
