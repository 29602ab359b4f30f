//! The review pack's `review.html`: `review.md`'s text as one self-contained HTML page, for readers who
//! will not open Markdown. The Markdown the pack writes uses a small subset (headings, paragraphs,
//! tables, lists, quotes, rules, bold, code, links, images), converted here line by line so that both
//! files say the same thing. Charts are inlined as SVG; the page loads nothing (no script, font, image
//! or stylesheet from anywhere) and has a print stylesheet, so it prints to a clean PDF.

/// The page's stylesheet: screen, then print (A4, no link colours, tables and charts kept whole).
const STYLE: &str = "
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; color: #1a1a1a;
       background: #fff; max-width: 1100px; margin: 0 auto; padding: 24px 32px; }
h1 { font-size: 26px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; }
h3, h4, h5 { font-size: 16px; margin: 20px 0 6px; }
table { border-collapse: collapse; margin: 0; font-size: 13.5px; }
.scroll { overflow-x: auto; max-width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; }
th { background: #f3f5f7; text-align: left; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.n { white-space: nowrap; font-variant-numeric: tabular-nums; }
code { font: 12.5px/1.4 ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; background: #f3f5f7;
       padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
blockquote { margin: 8px 0; padding: 4px 12px; border-left: 4px solid #bf8700; background: #fff8e5; }
figure { margin: 12px 0 20px; }
figure .chart { overflow-x: auto; max-width: 100%; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid #d0d7de; }
figcaption { font-size: 13px; color: #555; }
p, li, h1, h2, h3 { overflow-wrap: anywhere; }
/* In a scroll box a table keeps readable columns (the box scrolls) rather than one letter a line. */
.scroll td { min-width: 6.5em; }
.scroll th { white-space: nowrap; }
section.summary { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 20px 12px; }
hr { border: 0; border-top: 1px solid #d0d7de; margin: 24px 0; }
footer, .muted { color: #555; font-size: 13px; }
a { color: #0b5cad; }
/* A phone: the page is as wide as the screen; tables and charts scroll inside their own boxes, and a
   chart keeps a readable width (its full-size link opens the drawing alone). */
@media (max-width: 700px) {
  body { padding: 12px 14px; font-size: 15px; }
  section.summary { padding: 2px 10px 8px; }
  figure svg { width: 720px; max-width: none; }
}
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .keep { break-inside: avoid; page-break-inside: avoid; }
  .scroll, figure .chart { overflow: visible; }
  .scroll td { min-width: 0; }
  .scroll th { white-space: normal; }
  figure svg { width: 100%; max-width: 100%; }
  a.full { display: none; }
  h2:not(:first-of-type) { break-before: auto; }
  table, figure, blockquote, section.summary { break-inside: avoid; page-break-inside: avoid; }
  table { font-size: 8.5pt; }
  a { color: inherit; text-decoration: none; }
  section.summary { background: none; }
  figure svg { border: 0; }
}
";

/// HTML-escapes text.
fn escape(s: &str) -> String {
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

/// Inline Markdown: [text](href) (only relative file names and https addresses become links), then
/// `code`, **bold** and `\|` in the text and in the links' text; everything else escaped.
fn inline(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((before, text, href, after)) = link(rest) {
        out.push_str(&marks(before));
        out.push_str(&format!("<a href=\"{}\">{}</a>", escape(href), marks(text)));
        rest = after;
    }
    out.push_str(&marks(rest));
    out
}

/// The first `[text](href)` whose href is safe to link: (before, text, href, after).
fn link(s: &str) -> Option<(&str, &str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = s[from..].find('[').map(|o| from + o) {
        let found = s[open..].find("](").map(|m| open + m).and_then(|mid| {
            let close = s[mid..].find(')').map(|c| mid + c)?;
            Some((mid, close))
        });
        let (mid, close) = found?;
        let (text, href) = (&s[open + 1..mid], &s[mid + 2..close]);
        let safe = href.starts_with("https://")
            || (!href.is_empty()
                && href
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)));
        if safe && !text.contains('[') {
            return Some((&s[..open], text, href, &s[close + 1..]));
        }
        from = open + 1;
    }
    None
}

/// `code`, **bold** and `\|` on text without links.
fn marks(s: &str) -> String {
    let mut out = String::new();
    // Odd pieces between backticks are code, shown as typed.
    for (i, piece) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{}</code>", escape(piece)));
        } else {
            out.push_str(&autolinks(piece));
        }
    }
    out
}

/// Text outside code: `<https://...>` autolinks as links, the Markdown escapes (`\|`, `\[`, `\]`,
/// `\<`) as their characters, **bold**; everything else escaped.
fn autolinks(s: &str) -> String {
    let plain = |t: &str| {
        let t = t
            .replace("\\|", "|")
            .replace("\\[", "[")
            .replace("\\]", "]")
            .replace("\\<", "<");
        bold(&escape(&t))
    };
    let mut out = String::new();
    let mut rest = s;
    loop {
        let found = rest.match_indices('<').find_map(|(at, _)| {
            let escaped = rest[..at].ends_with('\\');
            let end = rest[at..].find('>')? + at;
            let href = &rest[at + 1..end];
            let ok = !escaped
                && (href.starts_with("https://") || href.starts_with("http://"))
                && !href.contains(char::is_whitespace);
            ok.then_some((at, end))
        });
        let Some((at, end)) = found else { break };
        out.push_str(&plain(&rest[..at]));
        let href = &rest[at + 1..end];
        out.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            escape(href),
            escape(href)
        ));
        rest = &rest[end + 1..];
    }
    out.push_str(&plain(rest));
    out
}

/// `**x**` as `<strong>x</strong>` (on escaped text).
fn bold(s: &str) -> String {
    let parts: Vec<&str> = s.split("**").collect();
    if parts.len() < 3 {
        return s.to_string();
    }
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        match (i % 2 == 1, i + 1 == parts.len()) {
            (true, false) => out.push_str(&format!("<strong>{p}</strong>")),
            (true, true) => out.push_str(&format!("**{p}")),
            (false, _) => out.push_str(p),
        }
    }
    out
}

/// The cells of a table row (`| a | b |`), `\|` kept inside a cell.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cur.push_str("\\|");
            }
            '|' => out.push(std::mem::take(&mut cur).trim().to_string()),
            c => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}

fn table(out: &mut String, lines: &[&str]) {
    let head = cells(lines[0]);
    let right: Vec<bool> = lines
        .get(1)
        .map(|l| cells(l).iter().map(|c| c.ends_with(':')).collect())
        .unwrap_or_default();
    let class = |i: usize| match right.get(i) {
        Some(true) => " class=\"r\"",
        _ => "",
    };
    out.push_str("<div class=\"scroll\">\n<table>\n<thead><tr>");
    for (i, h) in head.iter().enumerate() {
        out.push_str(&format!("<th{}>{}</th>", class(i), inline(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for l in lines.iter().skip(2) {
        out.push_str("<tr>");
        for (i, c) in cells(l).iter().enumerate() {
            let class = match class(i) {
                "" if numeric(c) => " class=\"n\"",
                c => c,
            };
            out.push_str(&format!("<td{class}>{}</td>", inline(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// A short cell holding a figure (`12.0 ms`, `$1,913.10`, `45 ms / 180 ms`): kept on one line.
fn numeric(c: &str) -> bool {
    c.chars().count() <= 20 && c.chars().any(|ch| ch.is_ascii_digit()) && !c.contains("](")
}

/// A list (`- ` items, `  - ` nested under the item before; or `1. ` items).
fn list(out: &mut String, lines: &[&str]) {
    let ordered = !lines[0].trim_start().starts_with("- ");
    let tag = if ordered { "ol" } else { "ul" };
    out.push_str(&format!("<{tag}>\n"));
    let mut nested = false;
    for (i, l) in lines.iter().enumerate() {
        let deep = l.starts_with("  ");
        let item = l.trim_start();
        let text = match item.split_once(' ') {
            Some((_, t)) => t,
            None => "",
        };
        match (deep, nested) {
            (true, false) => out.push_str("\n<ul>\n"),
            (false, true) => out.push_str("</ul>\n</li>\n"),
            (false, false) if i > 0 => out.push_str("</li>\n"),
            _ => {}
        }
        match deep {
            true => out.push_str(&format!("<li>{}</li>\n", inline(text))),
            false => out.push_str(&format!("<li>{}", inline(text))),
        }
        nested = deep;
    }
    out.push_str(if nested { "</ul>\n</li>\n" } else { "</li>\n" });
    out.push_str(&format!("</{tag}>\n"));
}

/// An SVG file's text ready to inline: from its `<svg`, with a viewBox so that it scales.
fn inline_svg(svg: &str) -> Option<String> {
    let start = svg.find("<svg")?;
    let svg = &svg[start..];
    if svg.contains("viewBox") {
        return Some(svg.to_string());
    }
    let attr = |name: &str| -> Option<String> {
        let head = &svg[..svg.find('>')?];
        let i = head.find(&format!(" {name}=\""))? + name.len() + 3;
        let j = head[i..].find('"')? + i;
        Some(head[i..j].trim_end_matches("px").to_string())
    };
    let (w, h) = (attr("width")?, attr("height")?);
    Some(svg.replacen("<svg", &format!("<svg viewBox=\"0 0 {w} {h}\""), 1))
}

/// The kind of a Markdown line, for grouping lines into blocks.
fn is_list_item(l: &str) -> bool {
    let t = l.trim_start();
    t.starts_with("- ")
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The whole page: `markdown` converted, `svg(name)` giving each chart's SVG text to inline.
pub fn render(title: &str, markdown: &str, svg: &dyn Fn(&str) -> Option<String>) -> String {
    let mut body = String::new();
    let lines: Vec<&str> = markdown.lines().collect();
    let mut i = 0;
    let mut in_summary = false;
    let mut keep_from: Option<usize> = None;
    while i < lines.len() {
        if let Some(from) = keep_from.filter(|f| *f < body.len() && block_done(&body[*f..])) {
            body.insert_str(from, "<div class=\"keep\">\n");
            body.push_str("</div>\n");
            keep_from = None;
        }
        let l = lines[i];
        let t = l.trim_end();
        if t.is_empty() {
            i += 1;
            continue;
        }
        if let Some(level) = (1..=6).find(|n| t.starts_with(&format!("{} ", "#".repeat(*n)))) {
            let text = &t[level + 1..];
            if level == 2 {
                if in_summary {
                    if let Some(from) = keep_from.take() {
                        body.insert_str(from, "<div class=\"keep\">\n");
                        body.push_str("</div>\n");
                    }
                    body.push_str("</section>\n");
                    in_summary = false;
                }
                if text.ends_with("Summary") {
                    if let Some(from) = keep_from.take() {
                        body.insert_str(from, "<div class=\"keep\">\n");
                        body.push_str("</div>\n");
                    }
                    body.push_str("<section class=\"summary\">\n");
                    in_summary = true;
                }
            }
            // A heading is kept on one printed page with the block after it (a `keep` box).
            if keep_from.is_none() {
                keep_from = Some(body.len());
            }
            body.push_str(&format!("<h{level}>{}</h{level}>\n", inline(text)));
            i += 1;
            continue;
        }
        if t == "---" {
            body.push_str("<hr>\n");
            i += 1;
            continue;
        }
        let run = |pred: &dyn Fn(&str) -> bool| {
            lines[i..]
                .iter()
                .take_while(|x| !x.trim().is_empty() && pred(x))
                .count()
        };
        if t.starts_with('|') {
            let n = run(&|x: &str| x.trim_start().starts_with('|'));
            table(&mut body, &lines[i..i + n]);
            i += n;
        } else if is_list_item(t) {
            let n = run(&|x: &str| is_list_item(x));
            list(&mut body, &lines[i..i + n]);
            i += n;
        } else if t.starts_with("> ") {
            let n = run(&|x: &str| x.starts_with("> "));
            let text: Vec<String> = lines[i..i + n].iter().map(|x| inline(&x[2..])).collect();
            body.push_str(&format!(
                "<blockquote>{}</blockquote>\n",
                text.join("<br>\n")
            ));
            i += n;
        } else if let Some(fig) = figure(t, svg) {
            body.push_str(&fig);
            i += 1;
        } else {
            let n =
                run(&|x: &str| !x.starts_with('|') && !x.starts_with('#') && !x.starts_with("> "))
                    .max(1);
            let text: Vec<String> = lines[i..i + n].iter().map(|x| inline(x.trim())).collect();
            body.push_str(&format!("<p>{}</p>\n", text.join("<br>\n")));
            i += n;
        }
    }
    if let Some(from) = keep_from {
        body.insert_str(from, "<div class=\"keep\">\n");
        body.push_str("</div>\n");
    }
    if in_summary {
        body.push_str("</section>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// Whether what follows a heading holds a block besides headings (so the keep box can close).
fn block_done(after: &str) -> bool {
    after
        .lines()
        .any(|l| !l.is_empty() && !l.starts_with("<h") && !l.starts_with("<section"))
}

/// `![caption](name.svg)` alone on a line: the chart inlined, with its caption.
fn figure(line: &str, svg: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let rest = line.strip_prefix("![")?;
    let (caption, rest) = rest.split_once("](")?;
    let file = rest.strip_suffix(')')?;
    let name = file.strip_suffix(".svg")?;
    let drawing = inline_svg(&svg(name)?)?;
    // On a phone the chart scrolls inside its box at a readable width; the link opens it full size.
    Some(format!(
        "<figure>\n<div class=\"chart\">\n{drawing}\n</div>\n<figcaption>{} <a class=\"full\" href=\"{}\">(full size)</a></figcaption>\n</figure>\n",
        escape(caption),
        escape(file)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(md: &str) -> String {
        render("t", md, &|_| {
            Some("<svg width=\"10\" height=\"5\"><rect/></svg>".into())
        })
    }

    #[test]
    fn text_is_escaped_and_inline_marks_become_tags() {
        let h = page("a <b> & **bold** `x<y` [costs.csv](costs.csv) [`a.svg`](a.svg) [x](javascript:alert)\n");
        assert!(h.contains("a &lt;b&gt; &amp; <strong>bold</strong> <code>x&lt;y</code>"));
        assert!(h.contains("<a href=\"costs.csv\">costs.csv</a>"));
        assert!(h.contains("<a href=\"a.svg\"><code>a.svg</code></a>"));
        assert!(!h.contains("href=\"javascript"));
    }

    #[test]
    fn autolinks_and_markdown_escapes() {
        let h = page("- \\[1\\] see <https://a.example/p?x=1&y=2> not \\<option> nor `<b>`\n");
        assert!(h.contains("<li>[1] see <a href=\"https://a.example/p?x=1&amp;y=2\">https://a.example/p?x=1&amp;y=2</a> not &lt;option&gt; nor <code>&lt;b&gt;</code></li>"), "{h}");
    }

    #[test]
    fn tables_lists_headings_and_figures() {
        let h = page("## 1. Summary\n\n| A | B |\n|---|--:|\n| x \\| y | 1 |\n\n- one\n  - nested\n- two\n\n![Cost](cost.svg)\n");
        assert!(
            h.contains("<section class=\"summary\">\n<div class=\"keep\">\n<h2>1. Summary</h2>")
        );
        assert!(h.contains("<td>x | y</td><td class=\"r\">1</td>"));
        assert!(h.contains("<div class=\"scroll\">\n<table>"));
        assert!(h.contains("<div class=\"keep\">\n<h2>1. Summary</h2>\n<div class=\"scroll\">"));
        assert!(h.contains("<a class=\"full\" href=\"cost.svg\">(full size)</a>"));
        assert!(h.contains("<li>one\n<ul>\n<li>nested</li>\n</ul>\n</li>\n<li>two</li>"));
        assert!(h.contains("<svg viewBox=\"0 0 10 5\" width=\"10\""));
        assert!(h.contains(
            "<figcaption>Cost <a class=\"full\" href=\"cost.svg\">(full size)</a></figcaption>"
        ));
        // Nothing is fetched: no script, no external resource.
        assert!(!h.contains("<script") && !h.contains("src=") && !h.contains("<link"));
    }
}
