//! Lambda, ALB and internet egress priced outside us-east-1, worked out by hand from AWS's own files
//! (Lambda map 2025-10-30, ELB map 2025-11-03, data-transfer map 2025-08-28, API Gateway map 2025-10-20;
//! the prices quoted below are theirs, as copied into data/prices.json).
mod common;
use common::*;
use predicates::prelude::*;

/// The line of a quote whose component starts with `component`, in tier `tier` (1-based).
fn line<'a>(j: &'a serde_json::Value, component: &str, tier: usize) -> &'a serde_json::Value {
    j["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| {
            l["component"].as_str().unwrap().starts_with(component)
                && l["tier"].as_u64().unwrap_or(1) == tier as u64
        })
        .unwrap_or_else(|| panic!("no line {component} tier {tier} in {j}"))
}

#[test]
fn lambda_x86_across_a_gb_second_tier_in_zurich() {
    // eu-central-2: requests $0.22 / 1M (x86 rate code); duration x86 $0.0000183334 first 6B GB-s,
    // $0.0000165 next 9B. 4B invocations x 1,000 ms x 2,048 MB / 1,024 = 8B GB-s:
    // 6,000,000,000 x 0.0000183334 = 110,000.40 ; 2,000,000,000 x 0.0000165 = 33,000.00
    // requests 4,000 x 0.22 = 880.00 ; total 143,880.40
    let args = [
        "quote",
        "--api",
        "function-url",
        "--requests",
        "4B",
        "--backend",
        "lambda",
        "--duration-ms",
        "1000",
        "--memory-mb",
        "2048",
        "--region",
        "eu-central-2",
    ];
    let j = json(&args);
    assert_eq!(money(&j["total_exact"]), d("143880.40"));
    let t1 = line(&j, "Lambda duration", 1);
    assert_eq!(money(&t1["amount_exact"]), d("110000.40"));
    let t2 = line(&j, "Lambda duration", 2);
    assert_eq!(money(&t2["amount_exact"]), d("33000.00"));
    assert_eq!(t2["rate_code"], "U6YRFNVKQZTX8VF2.JRTCKXETXF.QZE2SB4KVB");
    assert_eq!(t2["sources"][0], "SRC-AWS-METER-LAMBDA-2025-10-30");
    let r = line(&j, "Lambda requests", 1);
    assert_eq!(money(&r["amount_exact"]), d("880.00"));
}

#[test]
fn lambda_arm_across_a_gb_second_tier_in_thailand() {
    // ap-southeast-7: requests $0.18 / 1M (arm64 rate code); duration arm64 $0.000012 first 7.5B GB-s,
    // $0.0000108 next 11.25B. 5B x 1,000 ms x 2,048 MB / 1,024 = 10B GB-s:
    // 7,500,000,000 x 0.000012 = 90,000 ; 2,500,000,000 x 0.0000108 = 27,000 ; requests 5,000 x 0.18 = 900
    // total 117,900
    let j = json(&[
        "quote",
        "--api",
        "function-url",
        "--requests",
        "5B",
        "--backend",
        "lambda",
        "--duration-ms",
        "1000",
        "--memory-mb",
        "2048",
        "--arch",
        "arm",
        "--region",
        "ap-southeast-7",
    ]);
    assert_eq!(money(&j["total_exact"]), d("117900"));
    assert_eq!(
        money(&line(&j, "Lambda duration", 1)["amount_exact"]),
        d("90000")
    );
    assert_eq!(
        money(&line(&j, "Lambda duration", 2)["amount_exact"]),
        d("27000")
    );
    let r = line(&j, "Lambda requests", 1);
    assert_eq!(money(&r["amount_exact"]), d("900"));
    // the arm64 request meter has its own AWS rate code
    assert_eq!(
        r["rate_code"].as_str().unwrap(),
        arm_request_rate_code("ap-southeast-7")
    );
}

fn arm_request_rate_code(region: &str) -> String {
    let c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("data/prices.json").unwrap()).unwrap();
    c["alternatives"][region]["lambda"]["arm64_requests_aws_rate_code"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn alb_hours_and_lcu_hours_in_sao_paulo_and_new_zealand() {
    // sa-east-1: $0.034 per ALB-hour, $0.011 per LCU-hour. 900M requests, one new connection each:
    // 900,000,000 / (25 new connections/s x 3,600) = 10,000 LCU-hours (the largest dimension)
    // 730 x 0.034 = 24.82 ; 10,000 x 0.011 = 110.00 ; total 134.82
    let j = json(&[
        "quote",
        "--api",
        "alb",
        "--requests",
        "900M",
        "--region",
        "sa-east-1",
    ]);
    assert_eq!(money(&j["total_exact"]), d("134.82"));
    let h = line(&j, "Application Load Balancer hours", 1);
    assert_eq!(h["rate_code"], "4AJP3GA9ECKSCY5M.JRTCKXETXF.6YS6EN2CT7");
    assert_eq!(h["sources"][0], "SRC-ELB-METER-2025-11-03");
    // ap-southeast-6: $0.02646 per hour, $0.0084 per LCU-hour; 90M requests = 1,000 LCU-hours
    // 730 x 0.02646 = 19.3158 ; 1,000 x 0.0084 = 8.40 ; total 27.7158
    assert_eq!(
        quote_total(&[
            "--api",
            "alb",
            "--requests",
            "90M",
            "--region",
            "ap-southeast-6"
        ]),
        d("27.7158")
    );
}

#[test]
fn egress_in_regions_that_had_none() {
    // ap-southeast-4 (Melbourne): 2M responses of 10 MB = 20,480,000,000 KB / 1,048,576 = 19,531.25 GB
    // 10,240 x 0.114 = 1,167.36 ; 9,291.25 x 0.098 = 910.5425 ; HTTP 2M x $1.29 = 2.58
    // total 2,080.4825
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "2M",
            "--response-size",
            "10MB",
            "--region",
            "ap-southeast-4"
        ]),
        d("2080.4825")
    );
    // ap-east-2 (Taipei): 1M x 10 KB = 10,000,000 KB = 9.5367431640625 GB x 0.1083
    // = 1.03282928466796875 ; REST 1M x $3.825 = 3.825 ; total 4.85782928466796875
    let j = json(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "1M",
        "--response-size",
        "10KB",
        "--region",
        "ap-east-2",
    ]);
    assert_eq!(money(&j["total_exact"]), d("4.85782928466796875"));
    assert!(j["warnings"].as_array().unwrap().is_empty(), "{j}");
    assert_eq!(
        line(&j, "Data transfer out", 1)["sources"][0],
        "SRC-DT-PROCESSED-2025-08-28"
    );
}

#[test]
fn websocket_minutes_in_new_zealand_but_no_messages() {
    // ap-southeast-6 prices connection minutes ($0.3413 / 1M) but no messages:
    // 100,000,000 minutes x 0.3413 / 1M = 34.13
    assert_eq!(
        quote_total(&[
            "--api",
            "websocket",
            "--messages",
            "0",
            "--connection-minutes",
            "100M",
            "--region",
            "ap-southeast-6"
        ]),
        d("34.13")
    );
    bin()
        .args([
            "quote",
            "--api",
            "websocket",
            "--messages",
            "1",
            "--connection-minutes",
            "100M",
            "--region",
            "ap-southeast-6",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no price for WebSocket messages in ap-southeast-6",
        ));
}

#[test]
fn every_region_prices_lambda_alb_and_egress() {
    let j = json(&["prices", "list"]);
    let regions = j["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 36);
    // CloudFront is priced by edge geography, not by region: its 10 geographies.
    assert_eq!(
        j["cloudfront_edge_geographies"].as_array().unwrap().len(),
        10
    );
    // The gaps are named: WAF in ap-east-2 and ap-southeast-6, WebSocket messages in ap-southeast-6.
    let missing =
        |code: &str| regions.iter().find(|r| r["region"] == code).unwrap()["missing"].to_string();
    assert!(missing("ap-east-2").contains("AWS WAF"));
    assert!(missing("ap-southeast-6").contains("WebSocket messages"));
    assert!(missing("mx-central-1").contains("HTTP APIs"));
    for r in regions {
        let services: Vec<&str> = r["services"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        for s in ["lambda", "alb", "internet-egress"] {
            assert!(
                services.contains(&s),
                "{} lacks {s}: {services:?}",
                r["region"]
            );
        }
    }
}
