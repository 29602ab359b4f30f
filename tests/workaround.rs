//! AWS WAF on REST and ALB, and the "HTTP API + CloudFront + WAF" workaround for what an HTTP API
//! cannot take, worked out by hand from AWS's WAF map (2025-10-03), CloudFront map (2025-07-01), ELB
//! map (2025-11-03) and API Gateway map (2025-10-20), as copied into data/prices.json. Also Lambda's
//! limits and the credit warning.
mod common;
use common::*;
use predicates::prelude::*;
use rust_decimal::Decimal;

fn option<'a>(j: &'a serde_json::Value, api: &str) -> &'a serde_json::Value {
    j["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["api"] == api)
        .unwrap_or_else(|| panic!("no option {api} in {j}"))
}

fn amount(o: &serde_json::Value, component: &str) -> Decimal {
    o["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["component"].as_str().unwrap().starts_with(component))
        .map(|l| money(&l["amount_exact"]))
        .sum()
}

#[test]
fn waf_on_a_rest_api_in_zurich() {
    // eu-central-2: REST $4.07 / 1M; WAF web ACL $5.00 / month, rule $1.00 / month, $0.65 / 1M requests
    // 10M requests: 10 x 4.07 = 40.70 ; web ACL 5.00 ; 5 rules = 5.00 ; 10 x 0.65 = 6.50 ; total 57.20
    let j = json(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "10M",
        "--waf",
        "--waf-rules",
        "5",
        "--region",
        "eu-central-2",
    ]);
    assert_eq!(money(&j["total_exact"]), d("57.20"));
    let req = j["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["component"] == "AWS WAF requests")
        .unwrap();
    assert_eq!(money(&req["amount_exact"]), d("6.50"));
    assert_eq!(req["rate_code"], "DHZ4VUMDE54YUTTD.JRTCKXETXF.6YS6EN2CT7");
    assert_eq!(req["sources"][0], "SRC-WAF-METER-2025-10-03");
}

#[test]
fn waf_on_an_alb_in_spain() {
    // eu-south-2: ALB $0.0252 / hour, $0.008 / LCU-hour; WAF $0.70 / 1M requests.
    // 90M requests = 90,000,000 / 90,000 = 1,000 LCU-hours = 8.00 ; 730 x 0.0252 = 18.396
    // WAF: web ACL 5.00 + 90 x 0.70 = 63.00 ; total 94.396
    assert_eq!(
        quote_total(&[
            "--api",
            "alb",
            "--requests",
            "90M",
            "--waf",
            "--region",
            "eu-south-2"
        ]),
        d("94.396")
    );
}

#[test]
fn waf_gaps_and_http_apis_are_errors() {
    // AWS publishes no WAF price for ap-east-2: an error naming the region, never a zero.
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--waf",
            "--region",
            "ap-east-2",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no price for AWS WAF in ap-east-2",
        ));
    // An HTTP API cannot take WAF: a usage error pointing at the workaround.
    bin()
        .args(["quote", "--api", "http", "--requests", "1M", "--waf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--waf").and(predicate::str::contains("--needs waf")));
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--waf-rules",
            "3",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--waf"));
}

#[test]
fn http_cloudfront_waf_in_tokyo_with_cached_responses() {
    // ap-northeast-1 -> CloudFront's Japan edge geography (the region's own): HTTPS $1.20 / 1M, egress
    // $0.114 / GB (first 10 TB), to origin $0.06 / GB; HTTP API $1.29 / 1M; WAF on CloudFront at
    // us-east-1's prices ($5.00 web ACL, $0.60 / 1M). 50M requests of 1 KB, responses of 10 KB, 40%
    // served from CloudFront's cache:
    //   CloudFront requests 50 x 1.20                                   =  60.00
    //   egress 50M x 10 KB = 500,000,000 KB / 1,048,576 = 476.837158203125 GB x 0.114
    //                                                                    =  54.35943603515625
    //   to origin 30M x 1 KB = 28.6102294921875 GB x 0.06                =   1.71661376953125
    //   HTTP API 30M x 1.29 / 1M                                        =  38.70
    //   no WAF: caching was needed, not WAF (a web ACL only with --needs waf or --waf)
    //   total                                                            = 154.7760498046875
    let j = json(&[
        "compare",
        "--requests",
        "50M",
        "--request-size",
        "1KB",
        "--response-size",
        "10KB",
        "--needs",
        "caching",
        "--cacheable-share",
        "40%",
        "--region",
        "ap-northeast-1",
    ]);
    // Named without WAF: no web ACL is priced.
    assert!(!j.to_string().contains("http+cloudfront+waf"), "{j}");
    let o = option(&j, "http+cloudfront");
    assert_eq!(money(&o["total_exact"]), d("154.7760498046875"));
    assert_eq!(amount(o, "CloudFront HTTPS requests"), d("60.00"));
    assert_eq!(
        amount(o, "CloudFront data transfer out"),
        d("54.35943603515625")
    );
    assert_eq!(
        amount(o, "CloudFront data transfer to origin"),
        d("1.71661376953125")
    );
    assert_eq!(amount(o, "HTTP API requests"), d("38.70"));
    assert_eq!(amount(o, "AWS WAF"), Decimal::ZERO);
    // The REST API is priced with its stage cache: 0.5 GB x 730 h x $0.02 (ap-northeast-1) and the
    // same 40% of requests answered from it.
    let rest = option(&j, "rest");
    assert!(amount(rest, "REST API cache") > Decimal::ZERO, "{rest}");
    assert!(
        rest["warnings"].to_string().contains("caching is needed"),
        "{rest}"
    );
    // No regional egress line: CloudFront, not the API, sends the responses.
    assert_eq!(amount(o, "Data transfer out (internet)"), Decimal::ZERO);
    let warnings = o["warnings"].to_string();
    assert!(warnings.contains("Japan edge geography"), "{warnings}");
    assert!(
        warnings.contains("HTTP API + CloudFront assumes:"),
        "{warnings}"
    );
    assert!(warnings.contains("40% of responses"), "{warnings}");
    assert!(warnings.contains("no WAF web ACL priced"), "{warnings}");
    // The HTTP API without the workaround lacks caching; the workaround has it.
    assert!(option(&j, "http")["unsupported"]
        .to_string()
        .contains("caching"));
}

#[test]
fn the_edge_geography_is_an_assumption_taken_as_a_flag() {
    // eu-west-1 served from South America's edges: HTTPS $2.20 / 1M. 2M requests (over the Free
    // flat-rate plan's 1M), needs WAF: CloudFront 4.40 + HTTP API 2.22 + WAF 5.00 + 1.20 = 12.82
    // (pay-as-you-go CloudFront + WAF 10.60 < the Pro plan's 15.00); the REST API gets WAF too:
    // REST 7.00 + 5.00 + 1.20 = 13.20
    let j = json(&[
        "compare",
        "--requests",
        "2M",
        "--needs",
        "waf",
        "--edge-geography",
        "south america",
        "--region",
        "eu-west-1",
    ]);
    assert_eq!(
        money(&option(&j, "http+cloudfront+waf")["total_exact"]),
        d("12.82")
    );
    assert_eq!(money(&option(&j, "rest")["total_exact"]), d("13.20"));
    bin()
        .args([
            "compare",
            "--requests",
            "1M",
            "--needs",
            "waf",
            "--edge-geography",
            "Atlantis",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("--edge-geography")
                .and(predicate::str::contains("Atlantis"))
                .and(predicate::str::contains("South America")),
        );
}

#[test]
fn the_workaround_is_a_model_function_other_commands_can_call() {
    use apigw_cost::model::catalog::Catalog;
    use apigw_cost::model::cost::price_http_cloudfront_waf;
    use apigw_cost::model::free_tier::FreeTier;
    use apigw_cost::model::workload::{EdgeAssumptions, WafUse, Workload};
    // The Tokyo workload above with 2 WAF rules: 189.7760498046875 + 2 x 1.00 = 191.7760498046875
    let w = Workload {
        requests: d("50000000"),
        request_size_kb: Some(d("1")),
        response_size_kb: Some(d("10")),
        waf: Some(WafUse { rules: d("2") }),
        edge: EdgeAssumptions {
            geography: None,
            cacheable_share: d("0.4"),
        },
        ..Workload::default()
    };
    let catalog = Catalog::embedded().unwrap();
    let q = price_http_cloudfront_waf(&catalog, "ap-northeast-1", &w, &FreeTier::None).unwrap();
    assert_eq!(q.total, d("191.7760498046875"));
    assert_eq!(q.total, q.lines.iter().map(|l| l.amount).sum::<Decimal>());
}

#[test]
fn lambda_settings_outside_awss_limits_are_usage_errors() {
    for (flag, value, needle) in [
        ("--memory-mb", "20000", "128 to 10240 MB"),
        ("--memory-mb", "64", "128 to 10240 MB"),
        ("--duration-ms", "900001", "at most 900000 ms"),
    ] {
        let mut args = vec![
            "quote",
            "--api",
            "function-url",
            "--requests",
            "1M",
            "--backend",
            "lambda",
            "--duration-ms",
            "100",
            "--memory-mb",
            "512",
        ];
        let i = args.iter().position(|a| *a == flag).unwrap();
        args[i + 1] = value;
        bin().args(&args).assert().code(2).stderr(
            predicate::str::contains(flag)
                .and(predicate::str::contains(needle))
                .and(predicate::str::contains("LAMBDA-QUOTAS-DOC")),
        );
    }
}

#[test]
fn credits_above_what_aws_grants_get_a_warning() {
    // HTTP 10M = $10.00, all of it drawn from the credit; 1000 USD is more than AWS's 200.
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "10M",
        "--free-tier",
        "credits:1000",
    ]);
    assert_eq!(money(&j["total_exact"]), d("0"));
    assert!(
        j["warnings"].to_string().contains("more than AWS grants"),
        "{}",
        j["warnings"]
    );
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "10M",
        "--free-tier",
        "credits:200",
    ]);
    assert!(!j["warnings"].to_string().contains("more than AWS grants"));
}
