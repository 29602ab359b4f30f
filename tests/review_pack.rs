//! Issue 16: the review pack an architecture review board reads. review.md starts with the summary
//! (recommendation, monthly and yearly cost, saving, blockers of cheaper options, risks), then the
//! inputs with their provenance, the limits, what is not included, the sections, a glossary and a
//! footer; review.html says the same in one self-contained page that a real browser renders. Golden
//! snapshots of review.md for a REST-vs-HTTP and a WebSocket profile, with a pinned --date.

mod common;

use std::path::{Path, PathBuf};

use common::bin;

const DATE: &str = "2026-12-01";

/// Runs `review` from the crate's root with a relative profile path (the printed commands and the
/// snapshots then hold no machine path); returns the pack's directory.
fn pack(dir: &Path, profile: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join("pack");
    bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "review",
            &format!("data/profiles/{profile}"),
            "--date",
            DATE,
            "--out",
        ])
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

/// The text of section `## N. title` up to the next `## `.
fn section<'a>(md: &'a str, title: &str) -> &'a str {
    let start = md
        .find(&format!(". {title}\n"))
        .unwrap_or_else(|| panic!("no section {title}"));
    let rest = &md[start..];
    let end = rest[1..].find("\n## ").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn the_summary_comes_first_with_the_recommendation_costs_saving_blockers_and_risks() {
    let dir = tempfile::tempdir().unwrap();
    let md = read(&pack(dir.path(), "partner-api-review.toml", &[]).join("review.md"));
    // The first section is the summary.
    let first = md.find("\n## ").unwrap();
    assert!(md[first..].starts_with("\n## 1. Summary"), "{md}");
    let s = section(&md, "Summary");
    // REST: 300M x $3.50/M = $1,050.00; Lambda 300M x $0.20/M = $60.00 and 300M x 45 ms x 0.5 GB =
    // 6,750,000 GB-s x $0.0000133334 = $90.00045; the Lambda authorizer on its cache misses (2,000
    // identities per 300 s TTL: 17,520,000 invocations) $3.504, and 17,520,000 x 20 ms x 0.125 GB =
    // 43,800 GB-s x $0.0000166667 = $0.73000146: $1,204.23445146, billed $1,204.23 a month, 12 x
    // $1,204.23 = $14,450.76 a year. HTTP: $300.00 + the same $154.23445146 = $454.23, $5,450.76 a
    // year: $750.00 a month and $9,000.00 a year less, but it lacks API keys and request validation.
    assert!(s.contains("**Recommendation: REST API.**"), "{s}");
    assert!(
        s.contains("**$1,204.23 a month, $14,450.76 over the first 12 months**"),
        "{s}"
    );
    assert!(
        s.contains("| **REST API** (recommended) | $1,204.23 | $14,450.76 | - | - |"),
        "{s}"
    );
    assert!(s.contains(
        "| HTTP API | $454.23 | $5,450.76 | $750.00 a month less ($9,000.00 over 12 months) | api-keys, request-validation |"
    ), "{s}");
    assert!(s.contains("**Cheaper options left out**"), "{s}");
    assert!(
        s.contains("Usage plans and API keys (`api-keys`). Workaround: Issue keys yourself"),
        "{s}"
    );
    assert!(s.contains("**Risks**"));
    // The REST gateway overhead is measured on n = 10 only (confidence L-M): a risk.
    assert!(s.contains("rests on low confidence (L-M, measured)"), "{s}");
}

#[test]
fn without_needs_the_cheapest_option_is_recommended_with_its_saving() {
    // seed-100-customers: 100 x 100,000 = 10M requests; HTTP 10M x $1.00/M = $10.00 a month, REST
    // 10M x $3.50/M = $35.00: HTTP saves $25.00 a month, $300.00 over 12 months.
    let dir = tempfile::tempdir().unwrap();
    let md = read(&pack(dir.path(), "seed-100-customers.toml", &[]).join("review.md"));
    let s = section(&md, "Summary");
    assert!(s.contains("**Recommendation: HTTP API.**"), "{s}");
    assert!(
        s.contains("**$10.00 a month, $120.00 over the first 12 months**"),
        "{s}"
    );
    assert!(
        s.contains(
            "**Saving:** HTTP API saves $25.00 a month ($300.00 over 12 months) against REST API."
        ),
        "{s}"
    );
    // No peak factor in that profile: named as a risk.
    assert!(s.contains("No peak factor in the profile"), "{s}");
}

#[test]
fn inputs_limits_not_included_glossary_and_footer_are_always_there() {
    let dir = tempfile::tempdir().unwrap();
    let md = read(
        &pack(
            dir.path(),
            "partner-api-review.toml",
            &["--free-tier", "legacy"],
        )
        .join("review.md"),
    );
    let inputs = section(&md, "Inputs");
    for row in [
        "| region | us-east-1 | profile, line 5 |",
        "| requests | 300M | profile, line 8 |",
        "| peak_factor | 4 | profile, line 10 |",
        "| backend.duration_ms | 45 ms | profile, line 22 |",
        "| identities | 2000 | profile, line 16 |",
        "| free_tier | legacy | flag |",
        "| growth | none | default |",
        "| latency samples, seed | 200000, 42 | default |",
    ] {
        assert!(inputs.contains(row), "{row}\n{inputs}");
    }
    // The peak: 300M / 2,628,000 s = 114.155 req/s, x 4 = 456.6 req/s, 4.6% of 10,000 req/s.
    let limits = section(&md, "Limits");
    assert!(limits.contains(
        "| REST API | Account throttle (steady rate) | 456.6 requests/s at the peak (average x 4) | 10,000 requests/s, burst 5,000 | within: 4.6% of it | AWS-QUOTAS-ACCOUNT |"
    ), "{limits}");
    assert!(
        limits.contains(
            "| HTTP API | Integration timeout | handler p99 180 ms | 30 s (fixed) | within |"
        ),
        "{limits}"
    );
    assert!(
        limits.contains("| REST API | Request payload | 4 KB | 10 MB | within |"),
        "{limits}"
    );
    let not = section(&md, "Not included");
    assert!(
        not.contains("no response size (`response_size`), so egress is not priced"),
        "{not}"
    );
    assert!(not.contains("Services outside the model"), "{not}");
    assert!(
        !not.contains("Any free tier"),
        "a free tier was chosen: {not}"
    );
    let glossary = section(&md, "Glossary");
    for label in [
        "| L-M |",
        "| H |",
        "| official claim |",
        "| assumption |",
        "| partial |",
    ] {
        assert!(glossary.contains(label), "{label}");
    }
    assert!(md.contains(&format!(
        "Generated by apigw-cost {} on {DATE}.",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(md.contains(
        "Prices: catalog embedded data/prices.json (compiled 2026-12-01), from AWS price files published "
    ));
    // Research-note wording stays out of the pack.
    for phrase in [
        "not identified by the index",
        "file id",
        "Copied here",
        "notes.md",
        "shared/reference",
    ] {
        assert!(!md.contains(phrase), "{phrase}");
    }
}

#[test]
fn a_websocket_review_speaks_of_messages_and_connection_minutes() {
    // 300M messages of 4 KB (1 unit of 32 KB each) x $1.00/M = $300.00; 1.5M connections x 30 min =
    // 45M connection minutes x $0.25/M = $11.25: $311.25 a month, $3,735.00 over 12 months.
    let dir = tempfile::tempdir().unwrap();
    let md = read(&pack(dir.path(), "websocket-chat.toml", &[]).join("review.md"));
    assert!(md.contains("300,000,000 messages and 45,000,000 connection minutes a month"));
    assert!(md.contains("**$311.25 a month, $3,735.00 over the first 12 months**"));
    assert!(
        md.contains("| Month | Messages |"),
        "the projection counts messages"
    );
    assert!(!md.contains("requests a month"), "{md}");
    assert!(!md.contains("| Requests |"));
    // 1.5M connections / 2,628,000 s = 0.57 new connections/s against 500 a second.
    assert!(md.contains("| WebSocket API | New connections | 0.57 connections/s at the peak | 500 per second | within |"));
    assert!(md.contains(
        "| WebSocket API | Connection duration | 30 min on average | 2 h (idle: 10 min) | within |"
    ));
}

#[test]
fn golden_review_md_rest_vs_http() {
    let dir = tempfile::tempdir().unwrap();
    let md = read(&pack(dir.path(), "partner-api-review.toml", &[]).join("review.md"));
    insta::assert_snapshot!("review_md_partner_api", md);
}

#[test]
fn golden_review_md_websocket() {
    let dir = tempfile::tempdir().unwrap();
    let md = read(&pack(dir.path(), "websocket-chat.toml", &[]).join("review.md"));
    insta::assert_snapshot!("review_md_websocket_chat", md);
}

#[test]
fn review_html_is_the_same_report_self_contained_and_printable() {
    let dir = tempfile::tempdir().unwrap();
    let out = pack(dir.path(), "partner-api-review.toml", &[]);
    let html = read(&out.join("review.html"));
    let md = read(&out.join("review.md"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    // The same content: every heading and every summary figure of review.md is on the page.
    for line in md.lines().filter(|l| l.starts_with("## ")) {
        assert!(html.contains(&format!("{}</h2>", &line[3..])), "{line}");
    }
    for figure in [
        "$1,204.23",
        "$14,450.76",
        "$9,000.00 over 12 months",
        "456.6 requests/s",
    ] {
        assert!(html.contains(figure), "{figure}");
    }
    // Charts inline (four SVGs), nothing fetched: no script, no src, no stylesheet link, no font.
    assert_eq!(html.matches("<svg ").count(), 4);
    for fetch in ["<script", " src=", "<link", "@import", "<img"] {
        assert!(!html.contains(fetch), "{fetch}");
    }
    // `url(` only for a chart's own clip path (`url(#p0-clip)`), never an address.
    assert_eq!(html.matches("url(").count(), html.matches("url(#").count());
    assert!(html.contains("@media print"));
    assert!(html.contains("Content-Security-Policy"));
}

/// The Debian chromium binary (`.ci/run` installs it with apt-get): required under CI=true, else a
/// missing one skips the test with a word on how to install it.
fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser"] {
        for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("chromium is required under CI=true: `apt-get install chromium` (.ci/run does it)");
    }
    eprintln!("skipped: chromium is not installed (to run this test: apt-get install chromium)");
    None
}

#[test]
fn review_html_renders_in_headless_chromium_without_console_errors() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = pack(dir.path(), "partner-api-review.toml", &[]);
    let profile_dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("review.png");
    let page = format!("file://{}", out.join("review.html").display());
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
            "--enable-logging=stderr",
            "--v=0",
            "--hide-scrollbars",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", profile_dir.path().display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&page)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "chromium failed: {log}");
    // Every console message (an error, a blocked fetch, a CSP violation) is logged as CONSOLE.
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    // The screenshot is not blank: many pixels are not the white background, in many colours.
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(px).collect();
    let inked = pixels
        .iter()
        .filter(|p| p[..3].iter().any(|c| *c < 200))
        .count();
    let colours: std::collections::HashSet<&[u8]> = pixels.iter().map(|p| &p[..3]).collect();
    assert!(
        (info.width, info.height) == (1200, 1600),
        "{}x{}",
        info.width,
        info.height
    );
    assert!(
        inked * 100 > pixels.len(),
        "{inked} of {} pixels inked",
        pixels.len()
    );
    assert!(colours.len() > 50, "{} colours", colours.len());
    // Kept for a look: $TMPDIR/apigw-cost-review-screenshot.png.
    let _ = std::fs::copy(
        &shot,
        std::env::temp_dir().join("apigw-cost-review-screenshot.png"),
    );
}

/// Text boxes of an SVG chart (`dy` in em or ex from the baseline, none for a baseline at `y`): (x0, y0, x1,
/// y1, text), the width estimated at 0.55 em per character.
fn text_boxes(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut out = Vec::new();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        if t.attribute("transform").is_some() {
            continue;
        }
        let text = t.text().unwrap_or("").trim().to_string();
        if text.is_empty() {
            continue;
        }
        let num = |a: &str| {
            t.attribute(a)
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let size = num("font-size");
        let dy = t.attribute("dy").unwrap_or("0");
        let shift = match (dy.strip_suffix("em"), dy.strip_suffix("ex")) {
            (Some(em), _) => em.parse::<f64>().unwrap_or(0.0) * size,
            (_, Some(ex)) => ex.parse::<f64>().unwrap_or(0.0) * size * 0.5,
            _ => dy.parse().unwrap_or(0.0),
        };
        let baseline = num("y") + shift;
        let width = text.chars().count() as f64 * size * 0.55;
        let x = match t.attribute("text-anchor") {
            Some("middle") => num("x") - width / 2.0,
            Some("end") => num("x") - width,
            _ => num("x"),
        };
        out.push((
            x,
            baseline - 0.76 * size,
            x + width,
            baseline + 0.2 * size,
            text,
        ));
    }
    out
}

fn overlaps(svg: &str) -> Vec<(String, String)> {
    let b = text_boxes(svg);
    let mut bad = Vec::new();
    for i in 0..b.len() {
        for j in i + 1..b.len() {
            let (p, q) = (&b[i], &b[j]);
            if p.0 < q.2 - 1.0 && q.0 < p.2 - 1.0 && p.1 < q.3 - 1.0 && q.1 < p.3 - 1.0 {
                bad.push((p.4.clone(), q.4.clone()));
            }
        }
    }
    bad
}

#[test]
fn the_overlap_check_finds_overlapping_labels() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><text x="10" y="10" dy="0.76em" font-size="15">300M a month</text><text x="40" y="14" dy="0.76em" font-size="15">REST $4.00/M</text><text x="10" y="60" dy="0.76em" font-size="15">apart</text></svg>"#;
    assert_eq!(
        overlaps(svg),
        [("300M a month".to_string(), "REST $4.00/M".to_string())]
    );
}

#[test]
fn no_chart_in_reports_or_a_fresh_pack_has_overlapping_labels() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let mut files: Vec<PathBuf> = Vec::new();
    for e in std::fs::read_dir(&root).unwrap() {
        let p = e.unwrap().path();
        match p.is_dir() {
            true => files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path())),
            false => files.push(p),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = pack(dir.path(), "partner-api-review.toml", &[]);
    files.extend(
        std::fs::read_dir(&fresh)
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    let svgs: Vec<_> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    assert!(svgs.len() >= 14, "{svgs:?}");
    for p in svgs {
        let bad = overlaps(&read(p));
        assert!(bad.is_empty(), "{}: {bad:?}", p.display());
    }
}

/// A profile that needs caching is reviewed as compare prices it: the HTTP API + CloudFront
/// workaround is an option with its own price, and can be the recommendation. It is named without
/// WAF, since no web ACL is priced (caching is needed, not WAF).
#[test]
fn a_needed_cache_brings_the_priced_cloudfront_workaround_into_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("catalog-api.toml");
    std::fs::write(
        &profile,
        "name = \"Catalog API\"\nregion = \"us-east-1\"\napis = [\"rest\", \"http\"]\nrequests = \"100M\"\nneeds = [\"caching\"]\n\n[cache]\nsize_gb = 0.5\nhit_rate = 0.6\n",
    )
    .unwrap();
    let out = dir.path().join("pack");
    assert_cmd::Command::cargo_bin("apigw-cost")
        .unwrap()
        .args([
            "review",
            profile.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--date",
            "2026-12-01",
        ])
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    // us-east-1, 100M requests, by hand:
    //   REST: 100M x $3.50/M = $350.00 + 0.5 GB cache 730 h x $0.020 = $14.60 -> $364.60
    //   HTTP: 100M x $1.00/M = $100.00 (lacks caching)
    //   HTTP + CloudFront (+ WAF only when WAF is needed: here caching is): CloudFront HTTPS
    //   100M x $1.00/M = $100.00, HTTP $100.00 -> $200.00, the cheapest that has caching.
    assert!(
        md.contains("**Recommendation: HTTP API + CloudFront.**")
            && md.matches("CloudFront + WAF").count()
                == md
                    .matches("adds the HTTP API + CloudFront + WAF option")
                    .count(),
        "{md}"
    );
    assert!(
        md.contains("**$200.00 a month, $2,400.00 over the first 12 months**"),
        "{md}"
    );
    assert!(
        md.contains("| REST API | $364.60 | $4,375.20 | $164.60 a month more"),
        "{md}"
    );
    assert!(
        md.contains("the CloudFront workaround is priced above as its own option"),
        "{md}"
    );
    // The inputs table lists the options the profile gave, not the workaround added for it.
    assert!(
        md.contains("| apis (options reviewed) | rest, http | profile, line 3 |"),
        "{md}"
    );
}

/// Issue 31: `review -` reads the profile from standard input once (every part of the pack is computed
/// from that one reading): the pack holds the same figures as the review of the file, its printed
/// commands say `--profile -`, and the summary names the profile's title.
#[test]
fn review_reads_the_profile_from_standard_input_once() {
    let dir = tempfile::tempdir().unwrap();
    let from_file = pack(dir.path(), "partner-api-review.toml", &[]);
    let profile =
        read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/profiles/partner-api-review.toml"));
    let out = dir.path().join("stdin-pack");
    bin()
        .args(["review", "-", "--date", DATE, "--out"])
        .arg(&out)
        .write_stdin(profile)
        .assert()
        .success();
    let md = read(&out.join("review.md"));
    let file_md = read(&from_file.join("review.md"));
    assert!(
        md.contains("apigw-cost compare --profile - --apis rest,http --format markdown"),
        "{md}"
    );
    // The same report but for the profile's name in the printed commands and the footer.
    let as_file = md
        .replace(
            "--profile -",
            "--profile data/profiles/partner-api-review.toml",
        )
        .replace("Profile: `-`", "Profile: `partner-api-review.toml`");
    assert_eq!(as_file, file_md);
    for f in [
        "costs.csv",
        "projection.csv",
        "cost-vs-requests.png",
        "latency.svg",
    ] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(from_file.join(f)).unwrap(),
            "{f}"
        );
    }
}
