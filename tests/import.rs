//! `prices import`: AWS's own metered unit map (the 2025-10-20 file the catalog was built from, copied into
//! tests/fixtures) reproduces the catalog's API Gateway prices, and a changed price flows through.
mod common;
use common::*;
use predicates::prelude::*;

const FIXTURE: &str = "tests/fixtures/aws-meteredUnitMaps-apigateway-USD-published-2025-10-20.json";

#[test]
fn the_aws_file_reproduces_every_catalog_price() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.json");
    // The only difference: the file prices WebSocket connection minutes in ap-southeast-6, which the
    // catalog leaves out because that region has no WebSocket message prices.
    bin()
        .args(["prices", "import", FIXTURE, "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("imported 36 regions")
                .and(predicate::str::contains("1 prices changed"))
                .and(predicate::str::contains(
                    "ap-southeast-6 websocket connection minutes: (none) -> 0.3413",
                )),
        );
    let p = out.to_str().unwrap();
    for (api, region, requests, total) in [
        ("rest", "us-east-1", "21B", "49763.10"),
        ("http", "us-east-1", "600M", "570.00"),
        ("rest", "ap-southeast-2", "2B", "6480.00"),
        ("http", "eu-west-1", "100M", "111.00"),
    ] {
        let j = json(&[
            "quote",
            "--api",
            api,
            "--requests",
            requests,
            "--region",
            region,
            "--prices",
            p,
        ]);
        assert_eq!(money(&j["total_exact"]), d(total), "{api} {region}");
    }
}

#[test]
fn a_changed_price_is_reported_and_used() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    // us-east-1 HTTP first tier: 0.0000010000 per request -> 0.0000012000 (rate code 9NXBCPDZYR)
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["regions"]["US East (N. Virginia)"]["ApiGatewayHttpApi First 300 million"]["price"] =
        serde_json::json!("0.0000012000");
    v["manifest"]["hawkFilePublicationDate"] = serde_json::json!("2026-11-20T00:00:00Z");
    let changed = dir.path().join("map.json");
    std::fs::write(&changed, v.to_string()).unwrap();
    let out = dir.path().join("cat.json");
    bin()
        .args([
            "prices",
            "import",
            changed.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "us-east-1 http tier 1: 1.00 -> 1.2 USD per 1M",
        ));
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "100M",
        "--prices",
        out.to_str().unwrap(),
    ]);
    assert_eq!(money(&j["total"]), d("120.00"));
    assert_eq!(j["catalog"]["published"], "2026-11-20");
    assert_eq!(j["lines"][0]["sources"][0], "SRC-AWS-METER-2026-11-20");
}

#[test]
fn a_file_that_is_not_a_price_map_is_refused() {
    bin()
        .args(["prices", "import", "data/limits.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not an AWS metered unit map"));
}
