//! Every report's footer says where its prices come from as the lines it prints cite them (issue 29):
//! an ALB quote names the ELB file, an egress line the data-transfer file, a catalog imported from other
//! files names those; never one fixed "API Gateway" line for everything.
mod common;
use common::*;

fn stdout(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn prices_line(text: &str) -> &str {
    text.lines()
        .find(|l| l.starts_with("Prices: "))
        .unwrap_or_else(|| panic!("no Prices line:\n{text}"))
}

const TAIL: &str = " (the sources of the lines above; titles: apigw-cost prices sources); catalog embedded data/prices.json (compiled 2026-12-01).";

#[test]
fn a_quote_names_the_sources_of_its_own_lines() {
    // HTTP requests (API Gateway map) and egress (data-transfer map).
    let t = stdout(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "10M",
        "--response-size",
        "10KB",
    ]);
    assert_eq!(
        prices_line(&t),
        format!("Prices: SRC-AWS-METER-2025-10-20, SRC-DT-PROCESSED-2025-08-28{TAIL}")
    );
    // An ALB quote has no API Gateway line, so no API Gateway source.
    let t = stdout(&["quote", "--api", "alb", "--requests", "10M"]);
    assert_eq!(
        prices_line(&t),
        format!("Prices: SRC-ELB-METER-2025-11-03{TAIL}")
    );
    assert!(!t.contains("API Gateway (SRC"), "{t}");
    // Markdown too.
    let m = stdout(&[
        "quote",
        "--api",
        "alb",
        "--requests",
        "10M",
        "--format",
        "markdown",
    ]);
    assert!(
        m.contains(&format!("Prices: SRC-ELB-METER-2025-11-03{TAIL}")),
        "{m}"
    );
}

#[test]
fn the_footer_follows_the_catalog_the_lines_were_priced_from() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat.json");
    bin()
        .args([
            "prices",
            "import",
            "tests/fixtures/datatransfer-map-SHAPE-2025-08-28.json",
            "-o",
            cat.to_str().unwrap(),
        ])
        .assert()
        .success();
    let c = cat.to_str().unwrap();
    let t = stdout(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "1M",
        "--response-size",
        "1024KB",
        "--prices",
        c,
    ]);
    assert!(
        prices_line(&t).starts_with("Prices: SRC-AWS-METER-2025-10-20, SRC-DT-METER-2025-08-28 (the sources of the lines above"),
        "{t}"
    );
    assert!(
        prices_line(&t).contains(&format!("catalog {c} (compiled")),
        "{t}"
    );
}

#[test]
fn compare_and_project_footers_list_every_options_sources() {
    let t = stdout(&["compare", "--requests", "10M", "--apis", "http,alb"]);
    let line = prices_line(&t);
    for id in ["SRC-AWS-METER-2025-10-20", "SRC-ELB-METER-2025-11-03"] {
        assert!(line.contains(id), "{line}");
    }
    let t = stdout(&[
        "project",
        "--api",
        "http",
        "--requests",
        "10M",
        "--months",
        "2",
    ]);
    assert_eq!(
        prices_line(&t),
        format!("Prices: SRC-AWS-METER-2025-10-20{TAIL}")
    );
}

#[test]
fn reports_without_lines_describe_the_catalogs_sources() {
    // The embedded catalog's AWS price files (ids ending in their publication date) run from 2025-07-01
    // (CloudFront) to 2025-12-03 (CloudWatch) when this was written; later files may widen the range.
    let t = stdout(&["prices", "list"]);
    let line = prices_line(&t);
    assert!(line.starts_with("Prices: catalog embedded data/prices.json (compiled 2026-12-01), from AWS price files published 2025-07-01 to "), "{line}");
    assert!(
        line.ends_with(" (every source: apigw-cost prices sources)."),
        "{line}"
    );
    assert!(!line.contains("API Gateway"), "{line}");
    let t = stdout(&["breakeven", "--vary", "requests", "--between", "rest,http"]);
    assert_eq!(prices_line(&t), line);
}

#[test]
fn a_line_with_an_aws_source_cites_only_aws_sources_the_rest_stay_in_prices_sources() {
    // Lambda's lines cite AWS's Lambda meter file beside a third-party transcription, Infracost's
    // fixtures and an offer-file extraction (issue 28): the footer and JSON name AWS's own alone.
    let args = [
        "quote",
        "--api",
        "function-url",
        "--requests",
        "10M",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
    ];
    let t = stdout(&args);
    assert_eq!(
        prices_line(&t),
        format!("Prices: SRC-AWS-LAMBDA-INIT-BILLING-2025, SRC-AWS-METER-LAMBDA-2025-10-30{TAIL}")
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json_args)).unwrap();
    let cited: Vec<&str> = v["sources"]
        .as_object()
        .expect("sources object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        cited,
        [
            "SRC-AWS-LAMBDA-INIT-BILLING-2025",
            "SRC-AWS-METER-LAMBDA-2025-10-30"
        ]
    );
    // Their titles read as a citation: no note about how a copy was fetched (issue 28's
    // "pipeline jargon"), and the link is the URL alone.
    for (id, title) in v["sources"].as_object().unwrap() {
        let title = title.as_str().unwrap();
        assert!(
            !title.contains("data-sources.ts") && !title.contains("repository not known"),
            "{id}: {title}"
        );
    }
    assert!(v["sources"]["SRC-AWS-METER-LAMBDA-2025-10-30"]
        .as_str()
        .unwrap()
        .ends_with("<https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json>"));
    // The corroborating sources are still listed where every source is.
    let all = stdout(&["prices", "sources"]);
    for id in [
        "SRC-APIEVANGELIST-LAMBDA",
        "SRC-INFRACOST-GOLDEN",
        "SRC-OFFER-EUW1-2026-09",
    ] {
        assert!(all.contains(id), "{id} missing from prices sources");
    }
}
