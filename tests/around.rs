//! What the same architecture pays around the gateway (issue 21): authorizer invocations, CloudWatch
//! Logs, X-Ray, interface VPC endpoints, Cognito and a negotiated discount, each worked by hand from
//! the catalog's prices (AWS's metered-unit maps, see data/prices.json `sources`).
mod common;
use common::*;

/// The JSON line of `component` (exactly one).
fn line<'a>(j: &'a serde_json::Value, component: &str) -> &'a serde_json::Value {
    let found: Vec<_> = j["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["component"] == component)
        .collect();
    assert_eq!(found.len(), 1, "{component} in {j}");
    found[0]
}

fn quote(args: &[&str]) -> serde_json::Value {
    let mut a = vec!["quote"];
    a.extend_from_slice(args);
    quote_total(args); // total = sum of lines, cents add up
    json(&a)
}

const AUTH: [&str; 8] = [
    "--authorizer",
    "lambda-cached",
    "--authorizer-hit-rate",
    "90%",
    "--authorizer-duration-ms",
    "20",
    "--authorizer-memory-mb",
    "128",
];

#[test]
fn cached_lambda_authorizer_the_issue_example() {
    // 300M x (1 - 0.90) = 30M invocations: 30 x $0.20 = $6.00;
    // 30M x 20 ms x 128/1,024 GB / 1,000 = 75,000 GB-s x $0.0000166667 = $1.2500025 -> $1.25;
    // REST 300M x $3.50/M = $1,050.00; total 1,057.2500025 -> $1,057.25.
    let mut a = vec!["--api", "rest", "--requests", "300M"];
    a.extend_from_slice(&AUTH);
    let j = quote(&a);
    assert_eq!(
        money(&line(&j, "REST API requests")["amount"]),
        d("1050.00")
    );
    let r = line(&j, "Lambda authorizer requests");
    assert_eq!(money(&r["quantity"]), d("30000000"));
    assert_eq!(money(&r["amount"]), d("6.00"));
    let g = line(&j, "Lambda authorizer duration (x86)");
    assert_eq!(money(&g["quantity"]), d("75000"));
    assert_eq!(money(&g["amount_exact"]), d("1.2500025"));
    assert_eq!(money(&g["amount"]), d("1.25"));
    assert_eq!(money(&j["total"]), d("1057.25"));
}

#[test]
fn lambda_authorizer_in_two_other_regions() {
    // af-south-1: REST 100M x $4.17 = $417; 10M invocations x $0.27/M = $2.70;
    // 10M x 20 ms x 0.125 GB / 1,000 = 25,000 GB-s x $0.0000221 = $0.5525 -> total $420.2525.
    let mut a = vec![
        "--api",
        "rest",
        "--requests",
        "100M",
        "--region",
        "af-south-1",
    ];
    a.extend_from_slice(&AUTH);
    assert_eq!(quote_total(&a), d("420.2525"));
    // ap-east-1, HTTP: 100M x $1.38 = $138; 10M x $0.28/M = $2.80; 25,000 x $0.00002292 = $0.573.
    let mut a = vec![
        "--api",
        "http",
        "--requests",
        "100M",
        "--region",
        "ap-east-1",
    ];
    a.extend_from_slice(&AUTH);
    assert_eq!(quote_total(&a), d("141.373"));
}

#[test]
fn uncached_and_identity_estimated_authorizers() {
    // Uncached: every request invokes it: 10M x $0.20/M = $2 + 10M x 0.1 s x 0.25 GB = 250,000 GB-s
    // x $0.0000166667 = $4.166675; HTTP 10M x $1.00 = $10 -> $16.166675.
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "10M",
            "--authorizer",
            "lambda",
            "--authorizer-duration-ms",
            "100",
            "--authorizer-memory-mb",
            "256",
        ]),
        d("16.166675")
    );
    // 2,000 identities, TTL 300 s: each misses once per window, 2,628,000 / 300 = 8,760 windows:
    // 17,520,000 invocations x $0.20/M = $3.504; x 20 ms x 0.125 GB = 43,800 GB-s x $0.0000166667 =
    // $0.73000146; REST 300M = $1,050 -> $1,054.23400146.
    let j = quote(&[
        "--api",
        "rest",
        "--requests",
        "300M",
        "--authorizer",
        "lambda-cached",
        "--identities",
        "2000",
        "--authorizer-duration-ms",
        "20",
        "--authorizer-memory-mb",
        "128",
    ]);
    assert_eq!(
        money(&line(&j, "Lambda authorizer requests")["quantity"]),
        d("17520000")
    );
    assert_eq!(money(&j["total_exact"]), d("1054.23400146"));
}

#[test]
fn iam_and_jwt_cost_nothing_and_say_so() {
    for auth in ["iam", "jwt"] {
        let j = quote(&["--api", "http", "--requests", "100M", "--authorizer", auth]);
        assert_eq!(money(&j["total"]), d("100.00"));
        assert_eq!(j["lines"].as_array().unwrap().len(), 1);
        let w = j["warnings"].to_string();
        assert!(w.contains("no charge beyond"), "{w}");
    }
}

#[test]
fn a_lambda_authorizer_without_its_size_is_not_included_never_zero() {
    let j = quote(&[
        "--api",
        "rest",
        "--requests",
        "1M",
        "--authorizer",
        "lambda-cached",
        "--authorizer-hit-rate",
        "50%",
    ]);
    assert_eq!(j["lines"].as_array().unwrap().len(), 1);
    let w = j["warnings"].to_string();
    assert!(
        w.contains("Lambda authorizer invocations not included"),
        "{w}"
    );
    // The CSV says it as a note row.
    let out = bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--authorizer",
            "lambda",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains(",note,\"Lambda authorizer invocations not included"),
        "{csv}"
    );
}

#[test]
fn authorizer_flags_need_their_authorizer() {
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--authorizer-duration-ms",
            "20",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--authorizer-duration-ms"))
        .stderr(predicates::str::contains("--authorizer lambda"));
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--authorizer",
            "lambda",
            "--authorizer-duration-ms",
            "20",
            "--authorizer-memory-mb",
            "20000",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--authorizer-memory-mb"));
}

#[test]
fn the_backend_and_the_authorizer_share_the_always_free_allowance() {
    // Backend: 1M invocations x 100 ms x 1 GB = 100,000 GB-s, all free (1M requests, 400,000 GB-s).
    // Authorizer (uncached): 1M more invocations, none of the 1M free requests left: $0.20;
    // 1M x 1,000 ms x 0.5 GB = 500,000 GB-s, 300,000 free left: 200,000 x $0.0000166667 = $3.33334.
    // HTTP 1M x $1.00 = $1.00. Total $4.53334.
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "1M",
            "--free-tier",
            "always",
            "--backend",
            "lambda",
            "--duration-ms",
            "100",
            "--memory-mb",
            "1024",
            "--authorizer",
            "lambda",
            "--authorizer-duration-ms",
            "1000",
            "--authorizer-memory-mb",
            "512",
        ]),
        d("4.53334")
    );
}

#[test]
fn a_seven_percent_discount_is_a_negative_line_per_service() {
    // The authorizer example: API Gateway $1,050.00 -> -$73.50; Lambda $7.2500025 -> -$0.507500175;
    // total 1,057.2500025 x 0.93 = 983.242502325 -> $983.24.
    let mut a = vec!["--api", "rest", "--requests", "300M", "--discount", "7%"];
    a.extend_from_slice(&AUTH);
    let j = quote(&a);
    let gw = line(&j, "Discount 7% (Amazon API Gateway)");
    assert_eq!(money(&gw["amount_exact"]), d("-73.50"));
    assert_eq!(gw["meter"], "discount");
    assert_eq!(gw["price_unit"], "per USD");
    let l = line(&j, "Discount 7% (AWS Lambda)");
    assert_eq!(money(&l["amount_exact"]), d("-0.507500175"));
    assert_eq!(money(&j["total_exact"]), d("983.242502325"));
    assert_eq!(money(&j["total"]), d("983.24"));
    // Unit prices stay the list prices.
    assert_eq!(money(&line(&j, "REST API requests")["price"]), d("3.50"));
}

#[test]
fn a_discount_in_other_regions_and_in_a_comparison() {
    // sa-east-1 REST 100M x $4.25 = $425 x 0.93 = $395.25; eu-west-1 HTTP 100M x $1.11 = $111 x 0.93
    // = $103.23.
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "100M",
            "--region",
            "sa-east-1",
            "--discount",
            "7%"
        ]),
        d("395.25")
    );
    let j = json(&[
        "compare",
        "--requests",
        "100M",
        "--region",
        "eu-west-1",
        "--discount",
        "0.07",
    ]);
    let s = j.to_string();
    assert!(s.contains("103.23"), "{s}");
    // 100% is allowed (a fully credited account), more is not.
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--discount",
            "107%",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--discount"));
}
