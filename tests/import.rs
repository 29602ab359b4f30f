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
    // No difference: the catalog now also carries the WebSocket connection minutes of ap-southeast-6.
    bin()
        .args(["prices", "import", FIXTURE, "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("imported 36 regions")
                .and(predicate::str::contains("0 prices changed")),
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
            "us-east-1 http tier 1: 1.00 -> 1.20 USD per 1M",
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
        .stderr(predicate::str::contains(
            "not an AWS price file this build reads",
        ));
}

/// Every AWS file the catalog is built from, as kept under tests/fixtures (the data-transfer map is a
/// verbatim subset: its four internet-egress labels, every location; the whole file is 2.9 MB; the
/// CloudWatch, VPC and Cognito maps are verbatim subsets of the labels read, see tests/around.rs).
const ALL: [&str; 10] = [
    "tests/fixtures/aws-meteredUnitMaps-apigateway-USD-published-2025-10-20.json",
    "tests/fixtures/aws-meteredUnitMaps-lambda-USD-published-2025-10-30.json",
    "tests/fixtures/aws-meteredUnitMaps-elb-USD-published-2025-11-03.json",
    "tests/fixtures/datatransfer-external-outbound-subset-2025-08-28.json",
    "tests/fixtures/aws-meteredUnitMaps-waf-USD-published-2025-10-03.json",
    "tests/fixtures/aws-meteredUnitMaps-cloudfront-USD-published-2025-07-01.json",
    "tests/fixtures/aws-meteredUnitMaps-cloudwatch-USD-published-2025-12-03-SUBSET.json",
    "tests/fixtures/aws-meteredUnitMaps-xray-USD-published-2025-08-28.json",
    "tests/fixtures/aws-meteredUnitMaps-vpc-USD-published-2025-11-19-SUBSET.json",
    "tests/fixtures/aws-meteredUnitMaps-cognito-USD-published-2025-11-19-SUBSET.json",
];

fn read_json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn importing_every_aws_file_gives_the_catalog_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imported.json");
    let mut args = vec!["prices", "import", "--prices", "data/prices.json"];
    args.extend(ALL);
    args.extend(["-o", out.to_str().unwrap()]);
    bin().args(&args).assert().success().stderr(
        predicate::str::contains("0 prices changed")
            .and(predicate::str::contains(
                "(Lambda metered unit map, published 2025-10-30T18:28:01Z, cited as SRC-AWS-METER-LAMBDA-2025-10-30)",
            ))
            .and(predicate::str::contains(
                "imported 36 regions from tests/fixtures/aws-meteredUnitMaps-elb-USD-published-2025-11-03.json",
            ))
            .and(predicate::str::contains(
                "imported 36 regions from tests/fixtures/datatransfer-external-outbound-subset-2025-08-28.json (flattened data-transfer map, published 2025-08-28",
            ))
            .and(predicate::str::contains(
                "imported 34 regions from tests/fixtures/aws-meteredUnitMaps-waf-USD-published-2025-10-03.json",
            ))
            .and(predicate::str::contains(
                "imported 10 regions from tests/fixtures/aws-meteredUnitMaps-cloudfront-USD-published-2025-07-01.json",
            )),
    );
    // The same JSON, value for value (key order aside).
    assert_eq!(
        read_json(&out),
        read_json(std::path::Path::new("data/prices.json"))
    );
}

/// Every meter table of a region without its `sources`, from `prices show --format json`.
fn tables(catalog: Option<&str>, region: &str) -> serde_json::Value {
    let mut args = vec!["prices", "show", "--region", region];
    if let Some(c) = catalog {
        args.extend(["--prices", c]);
    }
    let mut j = json(&args);
    for m in j["regions"][0]["meters"].as_array_mut().unwrap() {
        m.as_object_mut().unwrap().remove("sources");
        // Prices compared as numbers ("0.20" is "0.2").
        for t in m["tiers"].as_array_mut().unwrap() {
            t["price"] = serde_json::json!(money(&t["price"]).normalize().to_string());
        }
    }
    j["regions"][0]["meters"].take()
}

#[test]
fn a_catalog_without_lambda_alb_and_egress_gets_every_price_from_the_files() {
    // Take Lambda, ALB, WAF, egress and CloudFront out of the catalog: the files put every price,
    // bound and rate code back, in all 36 regions.
    let dir = tempfile::tempdir().unwrap();
    let bare = edited_catalog(dir.path(), |c| {
        c["alternatives"] = serde_json::json!({});
        c.as_object_mut().unwrap().remove("cloudfront");
        for (_, r) in c["regions"].as_object_mut().unwrap() {
            r.as_object_mut()
                .unwrap()
                .remove("data_transfer_out_internet");
        }
    });
    let out = dir.path().join("rebuilt.json");
    let mut args = vec!["prices", "import", "--prices", bare.to_str().unwrap()];
    args.extend(ALL);
    args.extend(["-o", out.to_str().unwrap()]);
    bin().args(&args).assert().success().stderr(
        predicate::str::contains("changed: eu-west-1 lambda duration arm64 tier 2: (none) -> 0.0000120001 USD per GB-second")
            .and(predicate::str::contains("changed: ap-east-2 data transfer out tier 1: (none) -> 0.1083 USD per GB")),
    );
    let rebuilt = out.to_str().unwrap();
    let j = json(&["prices", "list", "--prices", rebuilt]);
    for r in j["regions"].as_array().unwrap() {
        let code = r["region"].as_str().unwrap();
        assert_eq!(tables(Some(rebuilt), code), tables(None, code), "{code}");
    }
}

#[test]
fn the_api_gateway_offer_file_is_read_too() {
    // The reconstructed offer file (AWS's offer-file shape, real us-east-1 SKUs and prices; not an AWS
    // file) gives the us-east-1 prices back; one changed price flows through.
    const OFFER: &str = "tests/fixtures/offer_file_shape_us-east-1.RECONSTRUCTED.json";
    bin()
        .args(["prices", "import", OFFER, "-o", "/dev/null"])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("imported 1 regions from")
                .and(predicate::str::contains(
                    "API Gateway Price List offer file",
                ))
                .and(predicate::str::contains("0 prices changed")),
        );
    let dir = tempfile::tempdir().unwrap();
    let mut v = read_json(std::path::Path::new(OFFER));
    // HTTP first 300M: 0.0000010000 -> 0.0000011000 per request
    v["terms"]["OnDemand"]["FC2TWT2UEPTBKVBX"]["FC2TWT2UEPTBKVBX.JRTCKXETXF"]["priceDimensions"]
        ["FC2TWT2UEPTBKVBX.JRTCKXETXF.9NXBCPDZYR"]["pricePerUnit"]["USD"] =
        serde_json::json!("0.0000011000");
    let changed = dir.path().join("offer.json");
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
            "us-east-1 http tier 1: 1.00 -> 1.10 USD per 1M",
        ));
    // 100M HTTP requests at $1.10 / 1M = $110.00
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "100M",
        "--prices",
        out.to_str().unwrap(),
    ]);
    assert_eq!(money(&j["total_exact"]), d("110.00"));
}

#[test]
fn a_changed_lambda_price_is_listed_and_priced() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = read_json(std::path::Path::new(ALL[1]));
    // eu-west-1 x86 GB-second, first tier: 0.0000166667 -> 0.0000170000
    v["regions"]["EU (Ireland)"]["Lambda Duration"]["price"] = serde_json::json!("0.0000170000");
    let map = dir.path().join("lambda-2026-01-01.json");
    std::fs::write(&map, v.to_string()).unwrap();
    let out = dir.path().join("cat.json");
    bin()
        .args([
            "prices",
            "import",
            map.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(
            predicate::str::contains("1 prices changed").and(predicate::str::contains(
                "eu-west-1 lambda duration x86 tier 1: 0.0000166667 -> 0.000017 USD per GB-second",
            )),
        );
    // 1M invocations x 1,000 ms x 1,024 MB = 1,000,000 GB-s x 0.000017 = 17.00 ; requests 1M x 0.20 = 0.20
    let j = json(&[
        "quote",
        "--api",
        "function-url",
        "--requests",
        "1M",
        "--backend",
        "lambda",
        "--duration-ms",
        "1000",
        "--memory-mb",
        "1024",
        "--region",
        "eu-west-1",
        "--prices",
        out.to_str().unwrap(),
    ]);
    assert_eq!(money(&j["total_exact"]), d("17.20"));
}

#[test]
fn a_flattened_map_needs_its_date_in_its_name_and_unknown_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let undated = dir.path().join("datatransfer.json");
    std::fs::copy(ALL[3], &undated).unwrap();
    bin()
        .args(["prices", "import", undated.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("carries no publication date"));
    bin()
        .args([
            "prices",
            "import",
            "tests/fixtures/../../data/features.json",
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("not an AWS price file this build reads")
                .and(predicate::str::contains("Lambda metered unit map")),
        );
}

#[test]
fn prices_diff_exits_like_diff_and_prices_a_workload() {
    bin()
        .args(["prices", "diff", "embedded", "data/prices.json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 prices differ"));
    let dir = tempfile::tempdir().unwrap();
    let new = edited_catalog(dir.path(), |c| {
        // eu-west-1 HTTP first tier 1.11 -> 1.20 per 1M; ALB disappears in sa-east-1
        c["regions"]["eu-west-1"]["http"]["tiers"][0]["usd_per_million"] =
            serde_json::json!("1.20");
        c["alternatives"]["sa-east-1"]
            .as_object_mut()
            .unwrap()
            .remove("application_load_balancer");
    });
    bin()
        .args(["prices", "diff", "embedded", new.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("3 prices differ")
                .and(predicate::str::contains(
                    "eu-west-1 HTTP API requests tier 1: 1.11 -> 1.20 USD per 1M requests (changed)",
                ))
                .and(predicate::str::contains(
                    "sa-east-1 Application Load Balancer hours tier 1: 0.034 -> (none) USD per hour (disappeared)",
                )),
        );
    // 100M HTTP requests in eu-west-1: 100 x 1.11 = 111.00 -> 100 x 1.20 = 120.00 (+9.00)
    let out = bin()
        .args([
            "prices",
            "diff",
            "embedded",
            new.to_str().unwrap(),
            "--requests",
            "100M",
            "--apis",
            "http",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["equal"], false);
    let eu = j["workload_costs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["region"] == "eu-west-1")
        .unwrap();
    assert_eq!(money(&eu["old"]["total_exact"]), d("111.00"));
    assert_eq!(money(&eu["new"]["total_exact"]), d("120.00"));
    assert_eq!(money(&eu["delta_exact"]), d("9.00"));
}

#[test]
fn prices_diff_sees_cloudfront_edge_geographies() {
    // CloudFront is priced by edge geography, not region: a change there is listed as "cloudfront EU".
    let dir = tempfile::tempdir().unwrap();
    let new = edited_catalog(dir.path(), |c| {
        c["cloudfront"]["edge_geographies"]["EU"]["egress_tiers"][0]["usd_per_gb"] =
            serde_json::json!("0.09");
    });
    bin()
        .args(["prices", "diff", "embedded", new.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "cloudfront EU CloudFront data transfer out (internet) tier 1: 0.085 -> 0.09 USD per GB (changed)",
        ));
}
