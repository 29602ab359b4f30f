//! What the same architecture pays around the gateway (issue 21): authorizer invocations, CloudWatch
//! Logs, X-Ray, interface VPC endpoints, Cognito and a negotiated discount, each worked by hand from
//! the catalog's prices (AWS's metered-unit maps, see data/prices.json `sources`).
mod common;
use common::*;
use predicates::prelude::PredicateBooleanExt;

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

#[test]
fn access_logs_on_a_100m_request_http_api() {
    // 100M x 1,024 bytes / 2^30 = 95.367431640625 GB x $0.50 (Standard, us-east-1) = $47.6837158203125;
    // HTTP 100M x $1.00 = $100 -> $147.6837158203125, billed $147.68.
    let j = quote(&[
        "--api",
        "http",
        "--requests",
        "100M",
        "--access-log-bytes",
        "1024",
    ]);
    let l = line(&j, "CloudWatch Logs ingestion: access logs (Standard)");
    assert_eq!(money(&l["quantity"]), d("95.367431640625"));
    assert_eq!(l["price_unit"], "per GB");
    assert_eq!(l["sources"][0], "SRC-CW-METER-2025-12-03");
    assert_eq!(money(&j["total_exact"]), d("147.6837158203125"));
    // The issue's figure: 300M x 1 KB = 286.102294921875 GB x $0.50 = $143.05.
    let j = quote(&[
        "--api",
        "http",
        "--requests",
        "300M",
        "--access-log-bytes",
        "1024",
    ]);
    assert_eq!(
        money(&line(&j, "CloudWatch Logs ingestion: access logs (Standard)")["amount"]),
        d("143.05")
    );
}

#[test]
fn infrequent_access_logs_with_retention_and_execution_logs_in_other_regions() {
    // eu-west-1, IA class: 95.367431640625 GB x $0.285 = $27.179718017578125; kept 3 months:
    // 286.102294921875 GB-months x $0.03 = $8.58306884765625; HTTP 100M x $1.11 = $111.
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "100M",
            "--region",
            "eu-west-1",
            "--access-log-bytes",
            "1024",
            "--log-class",
            "infrequent-access",
            "--log-retention-months",
            "3",
        ]),
        d("146.762786865234375")
    );
    // sa-east-1 REST 10M: access 9.5367431640625 GB + execution (4,096 bytes) 38.14697265625 GB, both x
    // $0.90 = $42.91534423828125; REST 10M x $4.25 = $42.50.
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "10M",
            "--region",
            "sa-east-1",
            "--access-log-bytes",
            "1024",
            "--execution-log-bytes",
            "4096",
        ]),
        d("85.41534423828125")
    );
    // HTTP APIs have no execution logs: `quote` refuses it (a usage error), `compare` prices the
    // option without it and says so, in the same words.
    bin()
        .args(["quote", "--api", "http", "--requests", "1M", "--execution-log-bytes", "4096"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--execution-log-bytes does not apply: the HTTP API has no execution logs (only REST APIs write them)",
        ));
    let j = common::json(&[
        "compare",
        "--apis",
        "http",
        "--requests",
        "1M",
        "--execution-log-bytes",
        "4096",
    ]);
    let s = j.to_string();
    assert!(s.contains("\"1.00\""), "{s}");
    assert!(
        s.contains("the HTTP API has no execution logs (only REST APIs write them): priced without --execution-log-bytes"),
        "{s}"
    );
}

#[test]
fn xray_at_five_percent_on_100m_rest_requests() {
    // 100M x 5% = 5M traces x $5.00/1M = $25.00; REST $350 -> $375.
    let j = quote(&[
        "--api",
        "rest",
        "--requests",
        "100M",
        "--xray-sampling",
        "5%",
    ]);
    let x = line(&j, "X-Ray traces recorded");
    assert_eq!(money(&x["quantity"]), d("5000000"));
    assert_eq!(money(&x["amount"]), d("25.00"));
    assert_eq!(x["price_unit"], "per 1M traces");
    assert_eq!(money(&j["total"]), d("375.00"));
    assert!(j["warnings"]
        .to_string()
        .contains("$0.50 per 1M traces in us-east-1"));
    // ap-southeast-5: 5M x $4.25 = $21.25 + REST 100M x $3.825 = $382.50.
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "100M",
            "--region",
            "ap-southeast-5",
            "--xray-sampling",
            "5%"
        ]),
        d("403.75")
    );
    // eu-west-3 records traces at $5.00/1M but AWS publishes no retrieval price there: said.
    let j = quote(&[
        "--api",
        "rest",
        "--requests",
        "100M",
        "--region",
        "eu-west-3",
        "--xray-sampling",
        "5%",
    ]);
    assert_eq!(money(&j["total"]), d("375.00"));
    assert!(j["warnings"]
        .to_string()
        .contains("AWS publishes no price for them in eu-west-3"));
    // On HTTP it is the feature gap, not a zero: a usage error in `quote`, a note in `compare`.
    bin()
        .args(["quote", "--api", "http", "--requests", "100M", "--xray-sampling", "5%"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--xray-sampling does not apply: the HTTP API cannot be traced with X-Ray (only REST APIs)",
        ));
    let s = common::json(&[
        "compare",
        "--apis",
        "http",
        "--requests",
        "100M",
        "--xray-sampling",
        "5%",
    ])
    .to_string();
    assert!(s.contains("\"100.00\""), "{s}");
    assert!(
        s.contains("the HTTP API cannot be traced with X-Ray (only REST APIs): priced without --xray-sampling"),
        "{s}"
    );
}

#[test]
fn a_private_rest_api_on_three_azs() {
    // us-east-1: 3 AZs x 730 h = 2,190 endpoint-hours x $0.01 = $21.90; data processed 100M x (2 + 8)
    // KB / 1,048,576 = 953.67431640625 GB x $0.01 = $9.5367431640625; REST $350; no internet egress.
    let a = [
        "--api",
        "rest",
        "--requests",
        "100M",
        "--endpoint",
        "private",
        "--azs",
        "3",
        "--request-size",
        "2KB",
        "--response-size",
        "8KB",
    ];
    let j = quote(&a);
    assert_eq!(
        money(&line(&j, "Interface VPC endpoint hours")["quantity"]),
        d("2190")
    );
    assert_eq!(
        money(&line(&j, "Interface VPC endpoint data processed")["amount_exact"]),
        d("9.5367431640625")
    );
    assert!(!j.to_string().contains("data-transfer-out"));
    assert_eq!(money(&j["total_exact"]), d("381.4367431640625"));
    // sa-east-1: 2,190 x $0.021 = $45.99 + $9.5367431640625 + REST 100M x $4.25 = $425.
    let mut b = a.to_vec();
    b.extend(["--region", "sa-east-1"]);
    assert_eq!(quote_total(&b), d("480.5267431640625"));
    // eu-west-1, 2 AZs, no payload sizes: 1,460 x $0.011 = $16.06 + $350; data processed not included.
    let j = quote(&[
        "--api",
        "rest",
        "--requests",
        "100M",
        "--region",
        "eu-west-1",
        "--endpoint",
        "private",
        "--azs",
        "2",
    ]);
    assert_eq!(money(&j["total_exact"]), d("366.06"));
    assert!(j["warnings"]
        .to_string()
        .contains("data processed not included"));
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--endpoint",
            "private",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--azs"));
    bin()
        .args(["quote", "--api", "rest", "--requests", "1M", "--azs", "3"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--endpoint private"));
}

#[test]
fn cognito_user_pool_mau_tiers() {
    // us-east-1 100,000 MAU, by total MAU (no free tier): 100,000 x $0.0055 = $550; REST 1M = $3.50.
    let a = [
        "--api",
        "rest",
        "--requests",
        "1M",
        "--authorizer",
        "cognito",
        "--monthly-active-users",
        "100k",
    ];
    assert_eq!(quote_total(&a), d("553.50"));
    // us-gov-west-1 writes the same bounds: 100,000 x $0.0055 = $550 + $3.50.
    let mut b = a.to_vec();
    b.extend(["--region", "us-gov-west-1"]);
    assert_eq!(quote_total(&b), d("553.50"));
    // ap-northeast-1 1M MAU: 550 + 900,000 x 0.0046 = 4,140 (= 4,690); HTTP 1M x $1.29.
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "1M",
            "--region",
            "ap-northeast-1",
            "--authorizer",
            "cognito",
            "--monthly-active-users",
            "1M",
        ]),
        d("4691.29")
    );
    // AWS's file has no Cognito prices for ap-east-2: an error naming the region, never a zero.
    let mut c = a.to_vec();
    c.extend(["--region", "ap-east-2"]);
    bin()
        .arg("quote")
        .args(&c)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("Cognito"))
        .stderr(predicates::str::contains("ap-east-2"));
}

#[test]
fn x_ray_retrieval_gap_and_private_endpoint_in_compare() {
    // compare REST vs HTTP with everything: HTTP gets notes for X-Ray and the private endpoint.
    let j = json(&[
        "compare",
        "--requests",
        "100M",
        "--xray-sampling",
        "5%",
        "--access-log-bytes",
        "1024",
        "--discount",
        "7%",
    ]);
    let s = j.to_string();
    // REST: (350 + 25 + 47.6837158203125) x 0.93 = 393.0958557128906; HTTP: (100 + 47.68...) x 0.93
    // = 137.3458557128906.
    assert!(s.contains("393.10"), "{s}");
    assert!(s.contains("137.35"), "{s}");
    assert!(s.contains("cannot be traced"), "{s}");
}

/// AWS's files for the services around the gateway, as kept under tests/fixtures: X-Ray whole; the
/// CloudWatch, VPC and Cognito maps (0.9 to 1.6 MB) as verbatim subsets holding the labels the catalog
/// reads, for every location that has them (each entry byte-for-byte as AWS wrote it).
const AROUND_FILES: [&str; 4] = [
    "tests/fixtures/aws-meteredUnitMaps-cloudwatch-USD-published-2025-12-03-SUBSET.json",
    "tests/fixtures/aws-meteredUnitMaps-xray-USD-published-2025-08-28.json",
    "tests/fixtures/aws-meteredUnitMaps-vpc-USD-published-2025-11-19-SUBSET.json",
    "tests/fixtures/aws-meteredUnitMaps-cognito-USD-published-2025-11-19-SUBSET.json",
];

fn read_json(path: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn importing_the_four_files_rebuilds_their_prices_exactly() {
    // A catalog without CloudWatch Logs, X-Ray, VPC endpoints and Cognito ...
    let dir = tempfile::tempdir().unwrap();
    let mut base = read_json(std::path::Path::new("data/prices.json"));
    for (_, a) in base["alternatives"].as_object_mut().unwrap() {
        let a = a.as_object_mut().unwrap();
        for k in ["cloudwatch_logs", "xray", "vpc_endpoint", "cognito"] {
            a.remove(k);
        }
    }
    let base_path = dir.path().join("base.json");
    std::fs::write(&base_path, serde_json::to_string_pretty(&base).unwrap()).unwrap();
    // ... is a catalog where a private API is not priced ...
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--endpoint",
            "private",
        ])
        .args(["--azs", "2", "--prices", base_path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("interface VPC endpoints"));
    // ... and importing AWS's four files gives data/prices.json back, value for value.
    let out = dir.path().join("imported.json");
    let mut args = vec!["prices", "import", "--prices", base_path.to_str().unwrap()];
    args.extend(AROUND_FILES);
    args.extend(["-o", out.to_str().unwrap()]);
    bin().args(&args).assert().success().stderr(
        predicates::str::contains(
            "imported 36 regions from tests/fixtures/aws-meteredUnitMaps-cloudwatch-USD-published-2025-12-03-SUBSET.json (CloudWatch metered unit map",
        )
        .and(predicates::str::contains("imported 36 regions from tests/fixtures/aws-meteredUnitMaps-xray"))
        .and(predicates::str::contains("imported 36 regions from tests/fixtures/aws-meteredUnitMaps-vpc"))
        .and(predicates::str::contains(
            "imported 34 regions from tests/fixtures/aws-meteredUnitMaps-cognito",
        )),
    );
    // (An import that changes prices dates the catalog by its newest file.)
    let mut got = read_json(&out);
    assert_eq!(got["generated_on"], "2025-12-03");
    let mut want = read_json(std::path::Path::new("data/prices.json"));
    got["generated_on"].take();
    want["generated_on"].take();
    assert_eq!(got, want);
    // Re-importing onto the embedded catalog changes nothing.
    let mut args = vec!["prices", "import", "--prices", "data/prices.json"];
    args.extend(AROUND_FILES);
    args.extend(["-o", out.to_str().unwrap()]);
    bin()
        .args(&args)
        .assert()
        .success()
        .stderr(predicates::str::contains("0 prices changed"));
}

#[test]
fn a_tier_list_with_a_gap_is_refused_naming_the_location() {
    let mut v = read_json(std::path::Path::new(AROUND_FILES[2]));
    v["regions"]["US East (N. Virginia)"]
        .as_object_mut()
        .unwrap()
        .remove("Charge for per GB data processed by VPC Endpoints per GB from 1048576 to 5242880");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("vpc.json");
    std::fs::write(&p, v.to_string()).unwrap();
    bin()
        .args(["prices", "import", p.to_str().unwrap(), "-o"])
        .arg(dir.path().join("out.json"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("US East (N. Virginia)"))
        .stderr(predicates::str::contains("without gaps"));
}

#[test]
fn access_logs_move_the_http_alb_crossing() {
    // ALB (us-east-1): $0.0225 x 730 h = $16.425 a month plus, one new connection per request, 1 LCU per
    // 25 new connections a second: $0.008 / (25 x 3,600) = $0.0000000888... a request. HTTP: $1.00/M =
    // $0.000001 a request; with 1 KB access logs also 1,024 / 2^30 GB x $0.50 = $0.000000476837...
    // Crossing: 16.425 / (0.000001 - 0.0000000888...) = 18,027,440 requests; with the logs
    // 16.425 / (0.000001476837... - 0.0000000888...) = 11,834,015 requests.
    let base = json(&["breakeven", "--vary", "requests", "--between", "http,alb"]);
    let logs = json(&[
        "breakeven",
        "--vary",
        "requests",
        "--between",
        "http,alb",
        "--access-log-bytes",
        "1024",
    ]);
    let at = |j: &serde_json::Value| j.to_string();
    assert!(at(&base).contains("18027440"), "{}", at(&base));
    assert!(at(&logs).contains("11834015"), "{}", at(&logs));
}

#[test]
fn the_same_names_as_profile_keys_and_their_errors_name_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(
        &p,
        "api = \"rest\"\nrequests = \"100M\"\naccess_log_bytes = 1024\nxray_sampling = \"5%\"\n\
         discount = \"7%\"\nazs = 3\n\n[latency]\nendpoint = \"private\"\n",
    )
    .unwrap();
    // REST 350 + 47.6837158203125 (1 KB access logs) + 25 (X-Ray, 5M traces) + 21.90 (3 AZs x 730 h x
    // $0.01) = 444.5837158203125, x 0.93 = 413.462855712890625.
    let j = json(&["quote", "--profile", p.to_str().unwrap()]);
    assert_eq!(money(&j["total_exact"]), d("413.462855712890625"));
    // A flag overrides the profile's key.
    let j = json(&["quote", "--profile", p.to_str().unwrap(), "--discount", "0"]);
    assert_eq!(money(&j["total_exact"]), d("444.5837158203125"));
    std::fs::write(
        &p,
        "api = \"rest\"\nrequests = \"1M\"\ndiscount = \"seven\"\n",
    )
    .unwrap();
    bin()
        .args(["quote", "--profile", p.to_str().unwrap()])
        .assert()
        .code(1) // a bad profile is a file error, as for every profile key
        .stderr(predicates::str::contains("discount"))
        .stderr(predicates::str::contains("line 3"));
    std::fs::write(
        &p,
        "api = \"rest\"\nrequests = \"1M\"\nlog_class = \"glacier\"\n",
    )
    .unwrap();
    bin()
        .args(["quote", "--profile", p.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("log_class"));
}

#[test]
fn bounds_of_the_new_inputs() {
    for (flag, value, expected) in [
        ("--azs", "7", "1 to 6"),
        ("--access-log-bytes", "2000000", "1,048,576"),
        ("--log-retention-months", "121", "120 months"),
    ] {
        let mut a = vec!["quote", "--api", "rest", "--requests", "1M", flag, value];
        if flag == "--azs" {
            a.extend(["--endpoint", "private"]);
        }
        if flag == "--log-retention-months" {
            a.extend(["--access-log-bytes", "100"]);
        }
        bin()
            .args(&a)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(flag))
            .stderr(predicates::str::contains(expected));
    }
}

/// Options priced on a narrower scope (an authorizer, logs or tracing asked for that they have none
/// of) are not compared with the others: the headline's saving is among the options priced on the
/// whole scope and says which differ and how; the table shows them as "narrower scope", no saving.
#[test]
fn the_headline_and_the_table_compare_only_options_priced_on_the_whole_scope() {
    let compare = |extra: &[&str]| {
        let out = bin()
            .args([
                "compare",
                "--requests",
                "100M",
                "--apis",
                "rest,http,function-url",
            ])
            .args(["--access-log-bytes", "1KB", "--backend", "lambda"])
            .args(["--duration-ms", "100", "--memory-mb", "512"])
            .args(extra)
            .env("COLUMNS", "200")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // A sentence as read, whatever the width wrapped it at.
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let row = |text: &str, name: &str| {
        text.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no row {name}: {text}"))
            .to_string()
    };
    // REST 100M x $3.50 = $350.00; Lambda 100M x $0.20 = $20.00 and 100M x 0.1 s x 0.5 GB =
    // 5,000,000 GB-s x $0.0000166667 = $83.3335; access logs 100M x 1,024 B = 95.367431640625 GB x
    // $0.50 = $47.68: $501.02. HTTP: $100.00 of requests instead of $350.00: $251.02, saving
    // $250.00 (50%). The Function URL writes no access logs: $103.33, not like-for-like.
    let text = compare(&[]);
    assert!(
        flat(&text).contains("HTTP saves $250.00 (50%) against the REST API. The options differ in scope: Lambda Function URL without the logs (they have none), so the saving compares only the REST API and HTTP API priced on the whole scope."),
        "{text}"
    );
    assert!(
        row(&text, "REST API ").contains("$501.02") && row(&text, "REST API ").contains("dearest")
    );
    assert!(
        row(&text, "HTTP API ").contains("$251.02")
            && row(&text, "HTTP API ").contains("saves $250.00 (50%)")
    );
    let furl = row(&text, "Lambda Function URL");
    assert!(
        furl.contains("$103.33") && furl.contains("narrower scope") && !furl.contains("saves"),
        "{furl}"
    );
    // With X-Ray at 5% only REST is priced on the whole scope: no saving anywhere.
    let text = compare(&["--xray-sampling", "5%"]);
    assert!(
        flat(&text).contains("The options differ in scope: HTTP API without X-Ray tracing and Lambda Function URL without the logs and X-Ray tracing (they have none), so no saving is given: only the REST API priced on the whole scope."),
        "{text}"
    );
    assert!(!text.contains("saves"), "{text}");
    assert!(row(&text, "HTTP API ").contains("narrower scope"));
}

/// compare's JSON gives the same verdict as the table: an option priced on a narrower scope gets no
/// saving (`amount` and `percent` null, `not_priced` saying what it lacks), and the dearest and the
/// cheapest are taken among the like-for-like options, even when a narrower option costs most.
#[test]
fn json_savings_compare_only_options_priced_on_the_same_scope() {
    let json = |requests: &str| -> serde_json::Value {
        let out = bin()
            .args(["compare", "--requests", requests])
            .args(["--apis", "rest,http,function-url,alb", "--format", "json"])
            .args(["--access-log-bytes", "1KB", "--backend", "lambda"])
            .args(["--duration-ms", "100", "--memory-mb", "512"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // 100M requests: REST $501.02 and HTTP $251.02 as in the test above; the Function URL and the
    // ALB write no access logs.
    let d = json("100M");
    let s = &d["savings"];
    assert_eq!(s["http"]["amount"], "250.00", "{s}");
    assert_eq!(s["http"]["percent"], "49.90", "{s}");
    assert_eq!(s["http"]["versus"], "rest");
    for narrower in ["function-url", "alb"] {
        assert!(s[narrower]["amount"].is_null(), "{s}");
        assert!(s[narrower]["percent"].is_null(), "{s}");
        assert_eq!(s[narrower]["not_priced"], serde_json::json!(["the logs"]));
    }
    assert!(s["http"].get("not_priced").is_none(), "{s}");
    assert_eq!(d["cheapest"], "http");
    // 10,000 requests: the ALB's hours make it the dearest bill, but it is not like-for-like, so the
    // REST API is the dearest the saving is taken against.
    let d = json("10k");
    assert_eq!(d["regions"][0]["dearest"], "rest", "{}", d["regions"][0]);
    assert_eq!(d["savings"]["rest"]["amount"], "0.00");
    assert!(d["savings"]["alb"]["amount"].is_null());
    assert_eq!(d["cheapest"], "http");
}
