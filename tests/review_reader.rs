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
        for line in md.lines().filter(|l| !l.starts_with("Reproduce with: ")) {
            let flag = line.match_indices("--").any(|(at, _)| {
                let before = line[..at].chars().last();
                let after = line[at + 2..].chars().next();
                before.is_none_or(|c| c == ' ' || c == '(' || c == '`')
                    && after.is_some_and(|c| c.is_ascii_lowercase())
            });
            assert!(!flag, "{}: a flag in prose: {line}", p.display());
        }
    }
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
        "#### Feature fit (needs: api-keys, request-validation)",
        "AWS says under 1% in steady production: the profile's `latency.cold_start_rate` gives yours)",
        "(no allowance applied; the profile's `free_tier` applies one: always, legacy or credits:AMOUNT)",
        // The Inputs table: the handler's percentiles named (was "45,180"), the needs a list (was a
        // TOML array), units on milliseconds and megabytes.
        "| latency.handler_ms | p50 45 ms, p99 180 ms | profile, line 28 |",
        "| needs | api-keys, request-validation | profile, line 11 |",
        "| backend.duration_ms | 45 ms | profile, line 22 |",
        "| backend.memory_mb | 512 MB | profile, line 23 |",
        "Reproduce with: `apigw-cost compare --profile data/profiles/partner-api-review.toml --apis rest,http --format markdown`",
    ] {
        assert!(md.contains(expected), "review.md lacks {expected:?}");
    }
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
