//! The review read by a board, not typed by an engineer: flags only in each section's "Reproduce with"
//! line, the Inputs table's values in words, and a region that prices only some options reviewed on
//! those (the rest named under "Not included").

mod common;

use common::bin;
use std::path::Path;

fn review(profile: &str, extra: &[&str], out: &Path) -> String {
    let run = bin()
        .args(["review", profile, "--date", "2026-12-01", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{profile} {extra:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read_to_string(out.join("review.md")).unwrap()
}

/// Every profile shipped: no `--flag` anywhere in review.md but the "Reproduce with" lines, and each
/// section has one.
#[test]
fn flags_appear_only_in_the_reproduce_with_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut profiles = Vec::new();
    for folder in ["data/profiles", "examples/profiles"] {
        for e in std::fs::read_dir(folder).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                profiles.push(p);
            }
        }
    }
    assert!(profiles.len() >= 5, "{profiles:?}");
    for (n, p) in profiles.iter().enumerate() {
        let md = review(p.to_str().unwrap(), &[], &dir.path().join(n.to_string()));
        let reproduce = md
            .lines()
            .filter(|l| l.starts_with("Reproduce with: `apigw-cost "))
            .count();
        assert!(
            reproduce >= 2,
            "{}: {reproduce} Reproduce lines",
            p.display()
        );
        assert!(!md.contains("Printed by:"), "{}", p.display());
        let flags = flags_in_prose(&md);
        assert!(
            flags.is_empty(),
            "{}: flags in prose: {flags:#?}",
            p.display()
        );
        let html =
            std::fs::read_to_string(dir.path().join(n.to_string()).join("review.html")).unwrap();
        let flags = flags_in_prose(&html_text(&html));
        assert!(
            flags.is_empty(),
            "{}: flags in the page: {flags:#?}",
            p.display()
        );
    }
}

/// The lines of `text` that name a `--flag` (a `--` starting a word, then a lowercase letter), the
/// "Reproduce with" lines left out.
fn flags_in_prose(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("Reproduce with: "))
        .filter(|line| {
            line.match_indices("--").any(|(at, _)| {
                let before = line[..at].chars().last();
                let after = line[at + 2..].chars().next();
                before.is_none_or(|c| c == ' ' || c == '(' || c == '`')
                    && after.is_some_and(|c| c.is_ascii_lowercase())
            })
        })
        .map(str::to_string)
        .collect()
}

/// The text a reader sees on review.html, line by line: the stylesheet (its `--custom-properties`)
/// and the inline charts left out, tags removed.
fn html_text(html: &str) -> String {
    let mut text = html.to_string();
    for (open, close) in [
        ("<style", "</style>"),
        ("<svg", "</svg>"),
        ("<script", "</script>"),
    ] {
        while let Some(a) = text.find(open) {
            let b = text[a..]
                .find(close)
                .map_or(text.len(), |b| a + b + close.len());
            text.replace_range(a..b, "");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `review --template` on every template shipped or in the fixtures that has a REST API: no `--flag`
/// in review.md or on review.html but the "Reproduce with" line, which is there once, runs, and prints
/// the same page.
#[test]
fn a_template_review_names_flags_only_in_its_reproduce_with_line() {
    let dir = tempfile::tempdir().unwrap();
    let orders = "examples/templates/orders-platform.yaml";
    let usage = "examples/templates/orders-platform.usage.yml";
    let mut runs: Vec<Vec<String>> = vec![
        // The region typed, the traffic from the usage file (reports/08).
        vec![orders, "--usage", usage, "--region", "eu-west-1"],
        // The region the tool's default, the traffic a flag, a free tier given.
        vec![orders, "--requests", "300M", "--free-tier", "always"],
        // The traffic from a profile with a stage cache: the cache and WAF notes.
        vec![orders, "--profile", "data/profiles/partner-api-review.toml"],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(String::from).collect())
    .collect();
    for e in std::fs::read_dir("tests/fixtures/templates").unwrap() {
        let p = e.unwrap().path();
        if p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "json") {
            runs.push(vec![
                p.display().to_string(),
                "--requests".into(),
                "50M".into(),
            ]);
        }
    }
    let mut reviewed = 0;
    for (n, args) in runs.iter().enumerate() {
        let out = dir.path().join(format!("pack{n}"));
        let run = bin()
            .args(["review", "--template"])
            .args(args)
            .args(["--date", "2026-12-01", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        // Files without a REST API (or not templates) write no pack: nothing to read.
        if !out.join("review.md").exists() {
            continue;
        }
        assert!(run.status.success(), "{args:?}");
        reviewed += 1;
        let md = std::fs::read_to_string(out.join("review.md")).unwrap();
        let flags = flags_in_prose(&md);
        assert!(flags.is_empty(), "{args:?}: flags in prose: {flags:#?}");
        let html = std::fs::read_to_string(out.join("review.html")).unwrap();
        let flags = flags_in_prose(&html_text(&html));
        assert!(flags.is_empty(), "{args:?}: flags on the page: {flags:#?}");
        let reproduce: Vec<&str> = md
            .lines()
            .filter(|l| l.starts_with("Reproduce with: `apigw-cost review --template "))
            .collect();
        assert_eq!(reproduce.len(), 1, "{args:?}\n{md}");
        assert!(html.contains("Reproduce with: <code>apigw-cost review --template "));
        // The line runs (its pack written elsewhere) and prints the same review.md.
        let typed = reproduce[0]
            .trim_start_matches("Reproduce with: `apigw-cost ")
            .trim_end_matches('`');
        let mut words: Vec<String> = typed.split(' ').map(String::from).collect();
        assert_eq!(
            words[words.len() - 2..],
            ["--out".to_string(), format!("pack{n}")],
            "{typed}"
        );
        let again = dir.path().join(format!("again{n}"));
        *words.last_mut().unwrap() = again.display().to_string();
        let rerun = bin().args(&words).output().unwrap();
        assert!(
            rerun.status.success(),
            "{typed}: {}",
            String::from_utf8_lossy(&rerun.stderr)
        );
        // The same page, but for the pack's name in its own Reproduce line.
        let md_again = std::fs::read_to_string(again.join("review.md"))
            .unwrap()
            .replace(&format!("--out again{n}"), &format!("--out pack{n}"));
        assert_eq!(md_again, md, "{typed}");
    }
    assert!(reviewed >= 6, "{reviewed} template reviews");
}

#[test]
fn the_board_text_names_features_and_profile_keys() {
    let dir = tempfile::tempdir().unwrap();
    let md = review(
        "data/profiles/partner-api-review.toml",
        &[],
        &dir.path().join("r"),
    );
    for expected in [
        // Was "meets --needs api-keys,request-validation".
        "REST API is the cheapest option that has every feature this workload needs (api-keys, request-validation) ($1,204.23).",
        "Feature fit for needs: api-keys, request-validation:",
        "AWS says under 1% in steady production: the profile's `latency.cold_start_rate` gives yours)",
        "(no allowance applied; the profile's `free_tier` applies one: always, legacy or credits:AMOUNT)",
        // The Inputs table: the handler's percentiles named (was "45,180"), the needs a list (was a
        // TOML array), units on milliseconds and megabytes.
        "| latency.handler_ms | p50 45 ms, p99 180 ms | profile, line 28 |",
        "| needs | api-keys, request-validation | profile, line 11 |",
        "| backend.duration_ms | 45 ms | profile, line 22 |",
        "| backend.memory_mb | 512 MB | profile, line 23 |",
        "Reproduce with: `apigw-cost compare --profile data/profiles/partner-api-review.toml --apis rest,http --format markdown`",
        // The footers' pointer to the rounding rule points to the glossary, which states it (it was
        // "the rule: apigw-cost the profile's `help`", a flag turned into a profile key).
        "Rounding: each month billed to the cent (the rule: \"Money\" in the Glossary).",
        "Money: exact amounts, rounded for the bill. Each month is billed to the cent: its exact total rounded half away from zero, its lines by largest remainder",
    ] {
        assert!(md.contains(expected), "review.md lacks {expected:?}");
    }
    assert!(!md.contains("`help`"), "{md}");
}

/// ap-east-2 prices REST APIs ($3.825 per million) but not HTTP APIs: the review covers REST and says
/// why HTTP is left out; the printed commands reproduce it (`--apis rest`).
#[test]
fn a_region_without_an_http_price_reviews_what_is_priced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let md = review(
        "data/profiles/partner-api-review.toml",
        &["--region", "ap-east-2"],
        &out,
    );
    for expected in [
        "**Recommendation: REST API.**",
        "- HTTP API: not reviewed, because the AWS price list has no price for HTTP API requests in ap-east-2; this review covers REST API.",
        // 300,000,000 x $3.825 / 1M.
        "| REST API requests | 1 of 4 (first 333M) | 300,000,000 requests | $3.825 / 1M requests | $1,147.50 |",
        "Reproduce with: `apigw-cost compare --profile data/profiles/partner-api-review.toml --apis rest --region ap-east-2 --format markdown`",
    ] {
        assert!(md.contains(expected), "review.md lacks {expected:?}\n{md}");
    }
    assert!(!md.contains("| HTTP API | $"), "{md}");
    for chart in [
        "cost-vs-requests",
        "effective-price",
        "projection",
        "latency",
    ] {
        assert!(out.join(format!("{chart}.png")).exists(), "{chart}");
    }
    // The reproduce command prints the same REST total.
    let cmd = bin()
        .args([
            "compare",
            "--profile",
            "data/profiles/partner-api-review.toml",
            "--apis",
            "rest",
            "--region",
            "ap-east-2",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert!(cmd.status.success());
    let total = String::from_utf8(cmd.stdout).unwrap();
    let line = total
        .lines()
        .find(|l| l.starts_with("| REST API | $"))
        .unwrap();
    assert!(md.contains(line), "{line}");
}

/// `review --template` has the profile review's page: version and date, a chart (inline in the HTML),
/// the inputs with where each came from, what is not included and the files.
#[test]
fn the_template_review_has_the_profile_reviews_page_parts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t");
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
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    for expected in [
        "Template: `examples/templates/orders-platform.yaml` · generated 2026-12-01 by apigw-cost 0.1.0",
        "## Chart",
        "![Each REST API's monthly bill now and moved to HTTP](moves.svg)",
        "## Inputs",
        "| requests (PublicApi) | 250,000,000 | usage file examples/templates/orders-platform.usage.yml: resource_usage.PublicApi |",
        "| region (PublicApi) | eu-west-1 |",
        "| free_tier | none | default |",
        "## Not included",
        "- The work of the move itself:",
        "## Files",
        "- [`moves.png`](moves.png):",
        "Generated by apigw-cost 0.1.0 on 2026-12-01.",
    ] {
        assert!(md.contains(expected), "review.md lacks {expected:?}\n{md}");
    }
    // The order a profile review has: summary, chart, inputs, not included, then each API.
    let at = |s: &str| md.find(s).unwrap();
    assert!(at("## Summary") < at("## Chart"));
    assert!(at("## Chart") < at("## Inputs"));
    assert!(at("## Not included") < at("## 1. "));
    // The bars carry the review's cents: PublicApi $1,057.74 now, $277.50 HTTP + $455.00 of CloudFront
    // and WAF = $732.50 moved; PartnerApi $140.00 and $44.40.
    let svg = std::fs::read_to_string(out.join("moves.svg")).unwrap();
    for label in [
        "$1,057.74",
        "$732.50",
        "$140.00",
        "$44.40",
        "$70.00",
        "$22.20",
    ] {
        assert!(svg.contains(&format!(">{label}<")), "{label}");
    }
    let png = std::fs::read(out.join("moves.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let html = std::fs::read_to_string(out.join("review.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("generated 2026-12-01 by apigw-cost 0.1.0"));
}

/// A REST API that needs CloudFront only for its cache is reviewed with the CloudFront option
/// without WAF, and the words say so: no web ACL deployed, CloudFront alone adds the difference.
/// us-east-1, 10M requests, by hand: HTTP 10M x $1.00/M = $10.00; CloudFront HTTPS requests
/// 10M x $1.00/M = $10.00; the option $20.00, CloudFront adds $10.00.
#[test]
fn a_cache_only_move_is_fronted_by_cloudfront_without_waf_in_the_words() {
    let dir = tempfile::tempdir().unwrap();
    let md = review(
        "--template=tests/fixtures/templates/sam-implicit.yaml",
        &["--requests", "10M"],
        &dir.path().join("pack"),
    );
    let at = md.find("### As HTTP API + CloudFront: $20.00").expect(&md);
    let section = &md[at..at + md[at..].find("**Saving:").expect(&md)];
    assert!(
        section.contains(
            "What the move deploys for caching: the HTTP API behind a CloudFront distribution.\n"
        ),
        "{section}"
    );
    assert!(
        section.contains("CloudFront adds $10.00 a month to the HTTP API ($20.00 - $10.00)."),
        "{section}"
    );
    assert!(
        section.contains("pay-as-you-go ($10.00 for CloudFront) is not dearer"),
        "{section}"
    );
    assert!(!section.contains("WAF web ACL on it"), "{section}");
    assert!(!section.contains("CloudFront and WAF"), "{section}");
}
