//! Every terminal table fitted to the width it is read at (`COLUMNS`, else the terminal's): cells
//! wrap at spaces only, never inside a word, a number or an amount (a column is at least as wide as
//! its longest word); a table that cannot fit that way is shown vertically, one record at a time,
//! each field on its own line. At an unknown width (a pipe, a file) a table is not wrapped.

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Cell, ColumnConstraint, ContentArrangement, Table as Grid, Width,
};

/// A table with this header, in the style of every report.
pub fn grid<S: AsRef<str>>(header: &[S]) -> Grid {
    let mut t = Grid::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(header.iter().map(|h| Cell::new(h.as_ref())));
    t
}

/// The table as text at the width of [`crate::output::columns`] (see the module's rule), without a
/// final newline.
pub fn shown(t: Grid) -> String {
    shown_at(t, crate::output::columns())
}

/// [`shown`] at a given width.
pub fn shown_at(mut t: Grid, width: Option<u16>) -> String {
    t.force_no_tty();
    let Some(width) = width else {
        t.set_content_arrangement(ContentArrangement::Disabled);
        return t.to_string();
    };
    let longest = longest_words(&t);
    // Each column: its longest word and a space either side; then one border per column and one more.
    let least: usize = longest.iter().map(|w| w + 2).sum::<usize>() + longest.len() + 1;
    if least > usize::from(width) {
        return vertical(&t, usize::from(width));
    }
    t.set_width(width);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_constraints(longest.iter().map(|w| {
        let w = u16::try_from(w + 2).unwrap_or(u16::MAX);
        ColumnConstraint::LowerBoundary(Width::Fixed(w))
    }));
    t.to_string()
}

/// The length of the longest word (a run without a space) of each column, header included.
fn longest_words(t: &Grid) -> Vec<usize> {
    let mut longest: Vec<usize> = Vec::new();
    for row in t.header().into_iter().chain(t.row_iter()) {
        for (i, cell) in row.cell_iter().enumerate() {
            let word = cell
                .content()
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            if longest.len() <= i {
                longest.resize(i + 1, 0);
            }
            longest[i] = longest[i].max(word);
        }
    }
    longest
}

/// One record at a time: a rule, then each field as `Header  value`, the value wrapped at spaces to
/// the width (a word longer than the room left stays whole).
fn vertical(t: &Grid, width: usize) -> String {
    let header: Vec<String> = t
        .header()
        .map(|h| h.cell_iter().map(|c| c.content()).collect())
        .unwrap_or_default();
    let key_width = header.iter().map(|h| h.chars().count()).max().unwrap_or(0);
    let room = width.saturating_sub(key_width + 2).max(1);
    let mut out = String::new();
    for (n, row) in t.row_iter().enumerate() {
        let rule = format!("── {} ", n + 1);
        let rest = width.saturating_sub(rule.chars().count());
        out.push_str(&rule);
        out.push_str(&"─".repeat(rest));
        out.push('\n');
        for (i, cell) in row.cell_iter().enumerate() {
            let key = header.get(i).map(String::as_str).unwrap_or("");
            let value = cell.content().split('\n').collect::<Vec<_>>().join(" ");
            let lines = wrap(&value, room);
            for (j, line) in lines.iter().enumerate() {
                let k = if j == 0 { key } else { "" };
                let pad = key_width - k.chars().count();
                let row = format!("{k}{}  {line}", " ".repeat(pad));
                out.push_str(row.trim_end());
                out.push('\n');
            }
        }
    }
    out.trim_end_matches('\n').to_string()
}

/// The prose around the tables (titles, notes, footers) wrapped at spaces to `width`: a line longer
/// than the width is broken between words, its continuation lines keeping its indent; table lines
/// (already fitted) and a word longer than the width (an address) are left whole.
pub fn wrap_prose(text: &str, width: u16) -> String {
    let width = usize::from(width);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let is_table = body.starts_with(['│', '┌', '└', '╞', '├', '┆']);
        if is_table || body.chars().count() <= width {
            out.push_str(line);
            continue;
        }
        let indent: String = body.chars().take_while(|c| *c == ' ').collect();
        let room = width.saturating_sub(indent.len()).max(1);
        let lines = wrap(&body[indent.len()..], room);
        let last = lines.len() - 1;
        for (i, l) in lines.into_iter().enumerate() {
            out.push_str(&indent);
            out.push_str(&l);
            if i < last {
                out.push('\n');
            }
        }
        out.push_str(newline);
    }
    out
}

/// `text` in lines of at most `room` characters, broken at spaces only.
fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        let len = last.chars().count();
        if len == 0 {
            last.push_str(word);
        } else if len + 1 + word.chars().count() <= room {
            last.push(' ');
            last.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Grid {
        let mut t = grid(&["Account", "Meter", "Billed", "Why"]);
        t.add_row(vec![
            "222222222222",
            "rest:requests",
            "$1,353.10",
            "tiers count over the payer's linked accounts",
        ]);
        t
    }

    #[test]
    fn fits_the_width_and_never_splits_a_word() {
        for width in [80u16, 60] {
            let text = shown_at(sample(), Some(width));
            for line in text.lines() {
                assert!(
                    line.chars().count() <= usize::from(width),
                    "{width}: {line}"
                );
            }
            for word in ["222222222222", "rest:requests", "$1,353.10"] {
                assert!(text.contains(word), "{width}: {text}");
            }
        }
    }

    #[test]
    fn too_narrow_becomes_vertical() {
        let text = shown_at(sample(), Some(30));
        assert!(text.starts_with("── 1 "), "{text}");
        assert!(text.contains("Billed   $1,353.10"), "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= 30, "{line}");
        }
    }

    #[test]
    fn prose_wraps_at_spaces_and_keeps_tables_and_long_words() {
        let text = "A note that is longer than twenty characters, with $1,353.10 in it.\n  indented words go on and on here\n│ a table line that is long stays │\n<https://example.com/a/very/long/address>\n";
        let w = wrap_prose(text, 20);
        assert_eq!(
            w,
            "A note that is\nlonger than twenty\ncharacters, with\n$1,353.10 in it.\n  indented words go\n  on and on here\n│ a table line that is long stays │\n<https://example.com/a/very/long/address>\n"
        );
    }

    #[test]
    fn unknown_width_is_not_wrapped() {
        let text = shown_at(sample(), None);
        assert!(text.contains("tiers count over the payer's linked accounts"));
    }
}
