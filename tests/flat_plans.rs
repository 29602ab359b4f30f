//! CloudFront flat-rate plans (issue 29) in the "HTTP API + CloudFront + WAF" workaround: the cheapest of
//! pay-as-you-go and the plans whose allowance covers the month (data/prices.json
//! `cloudfront.flat_rate_plans`: Free $0 1M requests 100 GB, Pro $15 10M 51,200 GB, Business $200 125M,
//! Premium $1,000 500M; marked unconfirmed). us-east-1, United States edge: CloudFront HTTPS $1.00 per
//! million (= $0.0100 per 10,000), egress $0.085/GB first tier; WAF web ACL $5.00, requests $0.60/M;
//! HTTP API $1.00/M.
mod common;
use common::*;

/// The workaround's quote of a `compare --needs waf --apis http` run.
fn workaround(args: &[&str]) -> serde_json::Value {
    let mut a = vec!["compare", "--needs", "waf", "--apis", "http"];
    a.extend_from_slice(args);
    let j = json(&a);
    let options = j["options"].as_array().unwrap().clone();
    options
        .into_iter()
        .find(|o| o["api"] == "http+cloudfront+waf")
        .unwrap_or_else(|| panic!("no workaround in {j}"))
}

fn components(q: &serde_json::Value) -> Vec<String> {
    q["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["component"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn five_million_requests_choose_the_pro_plan() {
    // Pay-as-you-go for CloudFront and WAF at 5M requests of 10 KB:
    // CloudFront requests 5M x $1.00/M = $5.00; egress 5M x 10 KB / 1,048,576 = 47.6837158203125 GB
    // x $0.085 = $4.0531158447265625; WAF $5.00 + 5M x $0.60/M = $3.00: $17.0531... -> $17.05.
    // Pro ($15, 10M requests, 51,200 GB) covers it and is cheaper: one $15.00 line replaces those four.
    // The HTTP API behind it is still billed: 5M x $1.00/M = $5.00. Total $20.00.
    let q = workaround(&["--requests", "5M", "--response-size", "10KB"]);
    let c = components(&q);
    assert!(
        c.contains(&"CloudFront flat-rate plan (Pro)".to_string()),
        "{c:?}"
    );
    for gone in [
        "CloudFront HTTPS requests",
        "AWS WAF web ACL",
        "AWS WAF requests",
    ] {
        assert!(!c.iter().any(|x| x == gone), "{gone} in {c:?}");
    }
    assert_eq!(money(&q["total_exact"]), d("20.00"), "{q}");
    let text = q.to_string();
    assert!(text.contains("$17.05"), "pay-as-you-go named: {text}");
    assert!(
        text.contains("Lambda@Edge"),
        "what a plan leaves out: {text}"
    );
    assert!(text.contains("unconfirmed"), "{text}");
}

#[test]
fn pay_as_you_go_where_it_is_cheaper_or_the_volume_exceeds_the_plans() {
    // 12M requests, no response size: Pro covers only 10M; Business ($200) covers 12M but
    // pay-as-you-go is 12M x $1.00/M + $5.00 + 12M x $0.60/M = $24.20: pay-as-you-go kept.
    // Total with the HTTP API (12M x $1.00/M = $12.00): $36.20.
    let q = workaround(&["--requests", "12M"]);
    let c = components(&q);
    assert!(
        c.contains(&"CloudFront HTTPS requests".to_string()),
        "{c:?}"
    );
    assert!(
        !c.iter().any(|x| x.starts_with("CloudFront flat-rate plan")),
        "{c:?}"
    );
    assert_eq!(money(&q["total_exact"]), d("36.20"));
    assert!(q.to_string().contains("Business, $200.00"), "{q}");
    // 600M requests exceed Premium's 500M: pay-as-you-go, said.
    let q = workaround(&["--requests", "600M"]);
    assert!(!components(&q)
        .iter()
        .any(|x| x.starts_with("CloudFront flat-rate plan")));
    assert!(q.to_string().contains("exceeds every plan"), "{q}");
}

#[test]
fn a_small_month_fits_the_free_plan() {
    // 1M requests, 10 KB: 9.5367431640625 GB, within Free's 1M requests and 100 GB: $0 instead of
    // $1.00 + $0.81 + $5.00 + $0.60 = $7.41; the HTTP API's 1M x $1.00/M = $1.00 remains.
    let q = workaround(&["--requests", "1M", "--response-size", "10KB"]);
    assert!(components(&q).contains(&"CloudFront flat-rate plan (Free)".to_string()));
    assert_eq!(money(&q["total_exact"]), d("1.00"));
}
