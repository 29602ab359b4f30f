//! One layout per report for the markup family: a report says what it shows (headings, paragraphs,
//! tables, lists) once, through [`Markup`], and each format writes those blocks its own way: [`Table`]
//! for a terminal (boxed tables fitted to its width), [`Markdown`], [`Html`]. Adding a markup format
//! is one more implementation here, not one more layout per report.

use comfy_table::{Cell, CellAlignment};

use super::Format;

/// The markup writer of `format`, `None` for the data formats (JSON and CSV, written from serde rows).
/// A report's text is `layout(report, writer)`: a markup format added here reaches every report.
pub fn writer(format: Format) -> Option<Box<dyn Markup>> {
    match format {
        Format::Table => Some(Box::new(Table::default())),
        Format::Markdown => Some(Box::new(Markdown::default())),
        Format::Json | Format::Csv => None,
    }
}

/// A titled table of a report: its caption, its header and its rows.
pub type Captioned = (String, Vec<String>, Vec<Vec<String>>);

/// The layout shared by reports that are a heading, captioned tables whose figure columns (all but
/// the first) are aligned right, and the sentences under them (forecast, the uncertainty section).
pub fn captioned_tables(
    mut w: Box<dyn Markup>,
    heading: &str,
    tables: Vec<Captioned>,
    sentences: &[String],
) -> String {
    w.heading(heading);
    for (title, h, rows) in tables {
        w.caption(&title);
        let header: Vec<&str> = h.iter().map(String::as_str).collect();
        let right: Vec<usize> = (1..h.len()).collect();
        w.table(&header, &rows, &right);
    }
    let sentences: Vec<String> = sentences
        .iter()
        .map(|s| crate::output::escape_controls(s).into_owned())
        .collect();
    w.notes(&sentences);
    w.finish()
}

/// What a report's layout is made of.
pub trait Markup {
    /// The document's title: a Markdown or HTML document opens with it; a terminal's report has none
    /// (the command typed is its title).
    fn title(&mut self, text: &str);
    /// A section's title.
    fn heading(&mut self, text: &str);
    /// A paragraph (a note under a table, a line of prose).
    fn paragraph(&mut self, text: &str);
    /// A table: its header, its rows, and the columns (by index) aligned right.
    fn table(&mut self, header: &[&str], rows: &[Vec<String>], right: &[usize]);
    /// A reference table a document carries for its reader (the titles of the sources cited): in
    /// Markdown and HTML a table; a terminal leaves it out, its footer names the ids and the command
    /// that prints their titles (`apigw-cost prices sources`).
    fn reference_table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        self.table(header, rows, &[]);
    }
    /// A titled list (warnings, notes).
    fn list(&mut self, title: &str, items: &[String]);
    /// A table's caption, on its own line above it (bold in Markdown).
    fn caption(&mut self, text: &str);
    /// The sentences under a report: one line each on a terminal, a bulleted list in Markdown and HTML.
    fn notes(&mut self, items: &[String]);
    /// A lead line and its items: indented under it on a terminal, a paragraph and a bulleted list in
    /// Markdown and HTML.
    fn bullets(&mut self, lead: &str, items: &[String]);
    /// The end of a section.
    fn end_section(&mut self);
    /// The text written.
    fn finish(self: Box<Self>) -> String;
}

/// Text for a terminal: titles on their own line, tables boxed and fitted to the terminal's width.
#[derive(Default)]
pub struct Table {
    out: String,
}

impl Markup for Table {
    fn title(&mut self, _text: &str) {}

    fn reference_table(&mut self, _header: &[&str], _rows: &[Vec<String>]) {}

    fn heading(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn paragraph(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn table(&mut self, header: &[&str], rows: &[Vec<String>], right: &[usize]) {
        let mut g = super::fit::grid(header);
        for row in rows {
            g.add_row(row.iter().map(Cell::new));
        }
        for &i in right {
            if let Some(c) = g.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        self.out.push_str(&super::fit::shown(g));
        self.out.push('\n');
    }

    fn list(&mut self, title: &str, items: &[String]) {
        self.out.push_str(&format!("{title}:\n"));
        for i in items {
            self.out.push_str(&format!("- {i}\n"));
        }
    }

    fn caption(&mut self, text: &str) {
        self.paragraph(text);
    }

    fn notes(&mut self, items: &[String]) {
        for i in items {
            self.paragraph(i);
        }
    }

    fn bullets(&mut self, lead: &str, items: &[String]) {
        self.paragraph(lead);
        for i in items {
            self.out.push_str(&format!("  {i}\n"));
        }
    }

    fn end_section(&mut self) {
        self.out.push('\n');
    }

    fn finish(self: Box<Self>) -> String {
        self.out
    }
}

/// Markdown: a `#` title, `##` headings, pipe tables (a `|` in a cell escaped, a line break written as
/// a space; right-aligned columns ruled `--:`, the style of every Markdown table here), a blank line
/// after a table (a line right under a pipe table would be read as one more row).
#[derive(Default)]
pub struct Markdown {
    out: String,
    /// A paragraph, a table or a list was the last block: the next block starts with a blank line.
    after_table: bool,
}

impl Markdown {
    fn gap(&mut self) {
        if std::mem::take(&mut self.after_table) {
            self.out.push('\n');
        }
    }
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A table cell: a `|` escaped, a line break written as a space (it would end the row).
fn md_table_cell(s: &str) -> String {
    md_cell(s).replace('\n', " ")
}

impl Markup for Markdown {
    fn title(&mut self, text: &str) {
        self.gap();
        self.out.push_str(&format!("# {text}\n\n"));
    }

    fn heading(&mut self, text: &str) {
        self.gap();
        self.out.push_str(&format!("## {text}\n\n"));
    }

    fn paragraph(&mut self, text: &str) {
        self.gap();
        self.out.push_str(text);
        self.out.push('\n');
        // A line right under a paragraph would join it.
        self.after_table = true;
    }

    fn table(&mut self, header: &[&str], rows: &[Vec<String>], right: &[usize]) {
        self.gap();
        let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        self.out
            .push_str(&line(header.iter().map(|h| md_table_cell(h)).collect()));
        let rule: Vec<&str> = (0..header.len())
            .map(|i| if right.contains(&i) { "--:" } else { "---" })
            .collect();
        self.out.push_str(&format!("|{}|\n", rule.join("|")));
        for row in rows {
            self.out
                .push_str(&line(row.iter().map(|c| md_table_cell(c)).collect()));
        }
        self.after_table = true;
    }

    fn list(&mut self, title: &str, items: &[String]) {
        self.heading(title);
        for i in items {
            self.out.push_str(&format!("- {}\n", md_cell(i)));
        }
    }

    fn caption(&mut self, text: &str) {
        self.gap();
        self.out.push_str(&format!("**{}**\n\n", md_cell(text)));
    }

    fn notes(&mut self, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.gap();
        for i in items {
            self.out.push_str(&format!("- {}\n", md_cell(i)));
        }
        // A block right under a list item would continue it.
        self.after_table = true;
    }

    fn bullets(&mut self, lead: &str, items: &[String]) {
        self.gap();
        self.out.push_str(&format!("{}\n", md_cell(lead)));
        if !items.is_empty() {
            self.out.push('\n');
            for i in items {
                self.out.push_str(&format!("- {}\n", md_cell(i)));
            }
        }
        // A line right under the lead or a list item would continue it.
        self.after_table = true;
    }

    fn end_section(&mut self) {
        self.after_table = false;
        self.out.push('\n');
    }

    fn finish(self: Box<Self>) -> String {
        self.out
    }
}

/// An HTML fragment: `<h2>`, `<p>`, `<table>` (right-aligned cells classed `num`), `<ul>`; every text
/// escaped.
#[derive(Default)]
pub struct Html {
    out: String,
}

fn html(s: &str) -> String {
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

impl Markup for Html {
    fn title(&mut self, text: &str) {
        self.out.push_str(&format!("<h1>{}</h1>\n", html(text)));
    }

    fn heading(&mut self, text: &str) {
        self.out.push_str(&format!("<h2>{}</h2>\n", html(text)));
    }

    fn paragraph(&mut self, text: &str) {
        self.out.push_str(&format!("<p>{}</p>\n", html(text)));
    }

    fn table(&mut self, header: &[&str], rows: &[Vec<String>], right: &[usize]) {
        let class = |i: usize| {
            if right.contains(&i) {
                " class=\"num\""
            } else {
                ""
            }
        };
        self.out.push_str("<table>\n<tr>");
        for (i, h) in header.iter().enumerate() {
            self.out
                .push_str(&format!("<th{}>{}</th>", class(i), html(h)));
        }
        self.out.push_str("</tr>\n");
        for row in rows {
            self.out.push_str("<tr>");
            for (i, c) in row.iter().enumerate() {
                self.out
                    .push_str(&format!("<td{}>{}</td>", class(i), html(c)));
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</table>\n");
    }

    fn list(&mut self, title: &str, items: &[String]) {
        self.heading(title);
        self.out.push_str("<ul>\n");
        for i in items {
            self.out.push_str(&format!("<li>{}</li>\n", html(i)));
        }
        self.out.push_str("</ul>\n");
    }

    fn caption(&mut self, text: &str) {
        self.out
            .push_str(&format!("<p><strong>{}</strong></p>\n", html(text)));
    }

    fn notes(&mut self, items: &[String]) {
        self.out.push_str("<ul>\n");
        for i in items {
            self.out.push_str(&format!("<li>{}</li>\n", html(i)));
        }
        self.out.push_str("</ul>\n");
    }

    fn bullets(&mut self, lead: &str, items: &[String]) {
        self.paragraph(lead);
        if !items.is_empty() {
            self.notes(items);
        }
    }

    fn end_section(&mut self) {}

    fn finish(self: Box<Self>) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One layout, three formats.
    fn layout(w: &mut dyn Markup) {
        w.title("Report <1>");
        w.heading("Stage a|b");
        w.table(
            &["Figure", "Value"],
            &[
                vec!["x|y".into(), "1".into()],
                vec!["<z>".into(), "22".into()],
                vec!["a\nb".into(), "3".into()],
            ],
            &[1],
        );
        w.paragraph("A note.");
        w.end_section();
        w.list("Warnings", &["w|1".into()]);
    }

    fn written(mut w: Box<dyn Markup>) -> String {
        layout(w.as_mut());
        w.finish()
    }

    #[test]
    fn markdown_writes_pipe_tables_with_escaped_cells_and_blank_lines_between_blocks() {
        // A line break in a cell would end the row: it is written as a space.
        assert_eq!(
            written(Box::new(Markdown::default())),
            "# Report <1>\n\n## Stage a|b\n\n| Figure | Value |\n|---|--:|\n| x\\|y | 1 |\n| <z> | 22 |\n| a b | 3 |\n\nA note.\n\n## Warnings\n\n- w\\|1\n"
        );
    }

    #[test]
    fn html_escapes_every_text_and_classes_right_aligned_cells() {
        assert_eq!(
            written(Box::new(Html::default())),
            "<h1>Report &lt;1&gt;</h1>\n<h2>Stage a|b</h2>\n<table>\n<tr><th>Figure</th><th class=\"num\">Value</th></tr>\n<tr><td>x|y</td><td class=\"num\">1</td></tr>\n<tr><td>&lt;z&gt;</td><td class=\"num\">22</td></tr>\n<tr><td>a\nb</td><td class=\"num\">3</td></tr>\n</table>\n<p>A note.</p>\n<h2>Warnings</h2>\n<ul>\n<li>w|1</li>\n</ul>\n"
        );
    }

    /// A captioned table and the sentences under it: bold caption and bullets in Markdown, plain lines
    /// on a terminal (the forecast's layout).
    #[test]
    fn captions_and_notes_are_bold_and_bulleted_in_markdown_and_plain_lines_on_a_terminal() {
        let mut md: Box<dyn Markup> = Box::new(Markdown::default());
        md.caption("Back-test a|b");
        md.table(
            &["Month", "p50"],
            &[vec!["2026-06".into(), "1".into()]],
            &[1],
        );
        md.notes(&["One.".into(), "Two|2.".into()]);
        assert_eq!(
            md.finish(),
            "**Back-test a\\|b**\n\n| Month | p50 |\n|---|--:|\n| 2026-06 | 1 |\n\n- One.\n- Two\\|2.\n"
        );
        let mut t: Box<dyn Markup> = Box::new(Table::default());
        t.caption("Back-test");
        t.table(
            &["Month", "p50"],
            &[vec!["2026-06".into(), "1".into()]],
            &[1],
        );
        t.notes(&["One.".into(), "Two.".into()]);
        let text = t.finish();
        assert!(text.starts_with("Back-test\n┌"), "{text}");
        assert!(text.ends_with("┘\nOne.\nTwo.\n"), "{text}");
    }

    /// A lead line and its items (`prices diff`, inventory's notes): indented on a terminal, a
    /// paragraph and a list in Markdown, each apart from the next block; consecutive paragraphs are
    /// apart in Markdown too (one line under another would join it).
    #[test]
    fn bullets_are_indented_on_a_terminal_and_a_list_in_markdown() {
        let items = vec!["a|1".to_string(), "b".to_string()];
        let mut t: Box<dyn Markup> = Box::new(Table::default());
        t.bullets("2 changes", &items);
        t.bullets("None here", &[]);
        t.paragraph("End.");
        assert_eq!(t.finish(), "2 changes\n  a|1\n  b\nNone here\nEnd.\n");
        let mut md: Box<dyn Markup> = Box::new(Markdown::default());
        md.bullets("2 changes", &items);
        md.bullets("None here", &[]);
        md.paragraph("End.");
        assert_eq!(
            md.finish(),
            "2 changes\n\n- a\\|1\n- b\n\nNone here\n\nEnd.\n"
        );
        let mut h: Box<dyn Markup> = Box::new(Html::default());
        h.bullets("2 <changes>", &items);
        assert_eq!(
            h.finish(),
            "<p>2 &lt;changes&gt;</p>\n<ul>\n<li>a|1</li>\n<li>b</li>\n</ul>\n"
        );
    }

    #[test]
    fn the_data_formats_have_no_markup_writer() {
        assert!(writer(Format::Json).is_none() && writer(Format::Csv).is_none());
        assert!(writer(Format::Table).is_some() && writer(Format::Markdown).is_some());
    }

    #[test]
    fn table_boxes_the_table_and_lists_under_a_title() {
        let text = written(Box::new(Table::default()));
        assert!(text.starts_with("Stage a|b\n"), "{text}");
        assert!(text.contains("A note.\n\nWarnings:\n- w|1\n"), "{text}");
        // The value column is aligned right: "1" ends where "22" ends.
        let one = text.lines().find(|l| l.contains("x|y")).unwrap();
        let two = text.lines().find(|l| l.contains("<z>")).unwrap();
        assert_eq!(one.find(" 1 "), two.find("22 "), "{text}");
    }
}
