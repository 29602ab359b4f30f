//! The review page in a real browser: Debian's chromium, headless, at a phone's width (390 px) and a
//! desktop's (1280 px): the page is no wider than the window and logs no console message; printed to an
//! A4 PDF (read back with poppler's pdftotext), no heading is left alone at the foot of a page and no
//! text (the charts' included) is under 8 pt.
//!
//! These tests need outside programs. They run when the programs are installed, are required under
//! `CI=true` (`.ci/run` installs them), and otherwise print that they were skipped and how to install.
mod common;
use common::*;
use std::path::{Path, PathBuf};

/// An outside program: its path when installed; missing, a failure under `CI=true`, else `None` after
/// printing that the test is skipped and how to install the program.
fn program(names: &[&str], install: &str) -> Option<PathBuf> {
    for name in names {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{} is required under CI=true: {install}", names[0]);
    }
    eprintln!(
        "skipped: {} is not installed (to run this test: {install})",
        names[0]
    );
    None
}

fn chromium() -> Option<PathBuf> {
    program(
        &["chromium", "chromium-browser"],
        "apt-get install chromium; .ci/run installs it",
    )
}

/// A fresh review pack of the partner API profile.
fn pack(dir: &Path) -> PathBuf {
    let out = dir.join("pack");
    let run = bin()
        .args([
            "review",
            "data/profiles/partner-api-review.toml",
            "--date",
            "2026-12-01",
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
    out
}

/// Runs headless chromium on `page` with `args`; returns (stdout, stderr).
fn headless(chromium: &Path, page: &Path, args: &[String]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&run.stdout).to_string(),
        String::from_utf8_lossy(&run.stderr).to_string(),
    );
    assert!(run.status.success(), "chromium failed: {err}");
    (out, err)
}

/// Every console message (an error, a blocked fetch, a CSP violation) chromium logged.
fn console(log: &str) -> Vec<String> {
    log.lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect()
}

/// A fresh review pack of the example SAM template with its Infracost usage file.
fn template_pack(dir: &Path) -> PathBuf {
    let out = dir.join("template-pack");
    let run = bin()
        .args([
            "review",
            "--template",
            "examples/templates/orders-platform.yaml",
            "--usage",
            "examples/templates/orders-platform.usage.yml",
            "--region",
            "eu-west-1",
            "--date",
            "2026-12-01",
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
    out
}

#[test]
fn review_html_fits_a_phone_and_a_desktop_with_no_console_message() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    fits(&chromium, dir.path(), &pack(dir.path()));
}

/// `review --template` writes the same page: it fits too, with its chart inline.
#[test]
fn the_template_review_page_fits_a_phone_and_a_desktop_too() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = template_pack(dir.path());
    let html = std::fs::read_to_string(out.join("review.html")).unwrap();
    assert!(html.contains("<svg"), "the chart is inline");
    fits(&chromium, dir.path(), &out);
}

/// review.html of the pack `out` at 390 and 1280 px: no console message, no wider than the window.
fn fits(chromium: &Path, dir: &Path, out: &Path) {
    let page = out.join("review.html");
    for width in [390, 1280] {
        let shot = dir.join(format!("shot-{width}.png"));
        let (_, log) = headless(
            chromium,
            &page,
            &[
                format!("--window-size={width},1000"),
                format!("--screenshot={}", shot.display()),
            ],
        );
        assert!(console(&log).is_empty(), "{width} px: {:#?}", console(&log));
        assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
        // The page's width in a frame as wide as the window, read by a probe page beside it (the review
        // page itself runs no script: its CSP forbids it).
        let probe = out.join(format!("probe-{width}.html"));
        std::fs::write(
            &probe,
            format!(
                r#"<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="review.html" style="width:{width}px;height:1000px;border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load', () => {{
  const f = document.getElementById('f');
  const d = f.contentDocument;
  const r = d ? d.documentElement.scrollWidth + ' ' + f.contentWindow.innerWidth : 'no-access';
  const p = document.createElement('pre');
  p.textContent = 'RESULT ' + r + ' END';
  document.body.appendChild(p);
}});
</script></body></html>"#
            ),
        )
        .unwrap();
        let (dom, _) = headless(
            chromium,
            &probe,
            &[
                "--allow-file-access-from-files".into(),
                "--virtual-time-budget=15000".into(),
                "--dump-dom".into(),
            ],
        );
        let result = dom
            .split("<pre>RESULT ")
            .nth(1)
            .and_then(|r| r.split(" END").next())
            .unwrap_or_else(|| panic!("{width} px: no result in {dom}"));
        let nums: Vec<u32> = result
            .split(' ')
            .map(|n| n.parse().unwrap_or_else(|_| panic!("{result}")))
            .collect();
        assert_eq!(nums[1], width, "{width} px: the frame's window");
        assert!(
            nums[0] <= nums[1],
            "{width} px: the page is {} px wide in a {} px window",
            nums[0],
            nums[1]
        );
    }
}

#[test]
fn review_prints_to_a4_with_headings_kept_with_their_text_and_no_tiny_text() {
    let Some(chromium) = chromium() else { return };
    let Some(pdftotext) = program(
        &["pdftotext"],
        "apt-get install poppler-utils; .ci/run installs it",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = pack(dir.path());
    let pdf = dir.path().join("review.pdf");
    let (_, log) = headless(
        &chromium,
        &out.join("review.html"),
        &[
            "--no-pdf-header-footer".into(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    assert!(console(&log).is_empty(), "{:#?}", console(&log));
    let text = std::process::Command::new(&pdftotext)
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    let headings: Vec<String> = md
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .collect();
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() > 3, "{} pages", pages.len());
    for (k, page) in pages.iter().enumerate().take(pages.len() - 1) {
        let last = page
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        assert!(
            !headings.iter().any(|h| h == last.trim()),
            "page {}: ends with the heading {last:?}",
            k + 1
        );
    }
    // Every word's box: its height is the font size it is set in (pdftotext -bbox, in points).
    let boxes = std::process::Command::new(&pdftotext)
        .arg("-bbox")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&boxes.stdout);
    let mut smallest = (f64::MAX, String::new());
    for w in html.split("<word ").skip(1) {
        let attr = |name: &str| -> f64 {
            w.split(&format!("{name}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0)
        };
        let h = attr("yMax") - attr("yMin");
        let word = w
            .split('>')
            .nth(1)
            .unwrap_or("")
            .split('<')
            .next()
            .unwrap_or("");
        if h < smallest.0 && !word.trim().is_empty() {
            smallest = (h, word.to_string());
        }
    }
    // A word's box is 1.02 to 1.17 times its font size, by font: no box under 8.5 pt.
    assert!(
        smallest.0 >= 8.5,
        "the smallest text is {:.1} pt high ({:?})",
        smallest.0,
        smallest.1
    );
    // The charts' own text, from their geometry: printed across the A4 column (210 mm less 2 x 14 mm
    // margins = 182 mm = 516 pt), a chart `W` px wide sets `size` px text at size x 516 / W pt.
    let html = std::fs::read_to_string(out.join("review.html")).unwrap();
    let mut charts = 0;
    for svg in html.split("<svg").skip(1) {
        let head = &svg[..svg.find('>').unwrap()];
        let width: f64 = head
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|v| v.split(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap();
        let body = &svg[..svg.find("</svg>").unwrap()];
        let min = body
            .split("font-size=\"")
            .skip(1)
            .filter_map(|v| v.split('"').next()?.parse::<f64>().ok())
            .fold(f64::MAX, f64::min);
        let pt = min * 516.0 / width;
        assert!(pt >= 8.0, "chart text prints at {pt:.1} pt");
        charts += 1;
    }
    assert!(charts >= 3, "{charts} charts");
}
