//! Every meter beyond requests (issue 4): payload metering, WebSocket, cache, data transfer, Lambda,
//! ALB and Function URLs; hand-computed from the us-east-1 tables unless stated.
mod common;
use common::*;
use predicates::prelude::*;

#[test]
fn http_512_kb_increments_at_the_boundaries() {
    // 10M requests: 512 KB = 1 unit ($10), 512.001 KB = 2 units ($20), 1024 KB = 2 units ($20), 1025 KB = 3
    let q =
        |size: &str| quote_total(&["--api", "http", "--requests", "10M", "--request-size", size]);
    assert_eq!(q("512KB"), d("10.00"));
    assert_eq!(q("512.001KB"), d("20.00"));
    assert_eq!(q("1024KB"), d("20.00"));
    assert_eq!(q("1025KB"), d("30.00"));
    // 600 KB counts as 2 and the line says so
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "100M",
        "--request-size",
        "600KB",
    ]);
    assert_eq!(
        j["lines"][0]["basis"],
        "100,000,000 requests x 2 units (600 KB, 512 KB increments)"
    );
    assert_eq!(money(&j["total"]), d("200.00"));
}

#[test]
fn rest_has_no_size_increment() {
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "10M",
            "--request-size",
            "5MB"
        ]),
        d("35.00")
    );
}

#[test]
fn payload_over_ten_megabytes_is_an_error() {
    for api in ["rest", "http"] {
        bin()
            .args([
                "quote",
                "--api",
                api,
                "--requests",
                "1M",
                "--request-size",
                "10241KB",
            ])
            .assert()
            .code(1)
            .stderr(predicates::str::contains("payload limit of 10 MB"));
    }
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "1M",
            "--request-size",
            "10MB"
        ]),
        d("20.00")
    );
}

#[test]
fn websocket_messages_and_minutes() {
    // 1B x 1.00 + 0.5B x 0.80 + 10M minutes x 0.25 = 1,000 + 400 + 2.50
    assert_eq!(
        quote_total(&[
            "--api",
            "websocket",
            "--messages",
            "1.5B",
            "--connection-minutes",
            "10M"
        ]),
        d("1402.50")
    );
    // 10,000 connections x 30 minutes = 300,000 minutes x 0.25/M = 0.075 ; 1M messages = 1.00
    assert_eq!(
        quote_total(&[
            "--api",
            "websocket",
            "--messages",
            "1M",
            "--connections",
            "10k",
            "--connection-duration",
            "30"
        ]),
        d("1.075")
    );
}

#[test]
fn websocket_32_kb_increments_and_128_kb_limit() {
    let q = |size: &str| {
        quote_total(&[
            "--api",
            "websocket",
            "--messages",
            "1M",
            "--message-size",
            size,
        ])
    };
    assert_eq!(q("32KB"), d("1.00"));
    assert_eq!(q("33KB"), d("2.00"));
    assert_eq!(q("128KB"), d("4.00"));
    bin()
        .args([
            "quote",
            "--api",
            "websocket",
            "--messages",
            "1M",
            "--message-size",
            "129KB",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("128 KB"));
}

#[test]
fn cache_in_another_region_and_cache_on_http_is_an_error() {
    // ap-northeast-1 cache 6.1 GB at $0.245/h x 730 = $178.85; plus 10M REST x 4.25 = 42.50
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "10M",
            "--cache",
            "6.1",
            "--region",
            "ap-northeast-1"
        ]),
        d("221.35")
    );
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "1M",
            "--cache",
            "0.5",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("the HTTP API has no stage cache"));
    bin()
        .args(["quote", "--api", "rest", "--requests", "1M", "--cache", "3"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("0.5, 1.6, 6.1"));
}

#[test]
fn data_transfer_out_tiers_and_missing_regions() {
    // 1M responses of 10 MB = 10,240,000,000 KB / 1,048,576 = 9,765.625 GB, all in the first 10 TB tier:
    // 9,765.625 x $0.09 = $878.90625, plus 1M HTTP requests = $1.00
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "1M",
            "--response-size",
            "10MB"
        ]),
        d("879.90625")
    );
    // 2M x 10 MB = 19,531.25 GB: 10,240 x 0.09 + 9,291.25 x 0.085 = 921.60 + 789.75625 (+ $2 requests)
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "2M",
            "--response-size",
            "10MB"
        ]),
        d("1713.35625")
    );
    // A catalog without egress prices for eu-central-2: a warning, never a silent zero
    let dir = tempfile::tempdir().unwrap();
    let cat = edited_catalog(dir.path(), |c| {
        c["regions"]["eu-central-2"]
            .as_object_mut()
            .unwrap()
            .remove("data_transfer_out_internet");
    });
    let j = json(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "1M",
        "--response-size",
        "10KB",
        "--region",
        "eu-central-2",
        "--prices",
        cat.to_str().unwrap(),
    ]);
    assert!(j["warnings"][0].as_str().unwrap().contains("NOT included"));
}

#[test]
fn lambda_backend_with_cache_hits() {
    // REST 10M x 3.50 = 35.00; cache 0.5 GB = 14.60; 50% hits -> 5M invocations x $0.20/M = 1.00;
    // 5M x 100 ms x 1024 MB = 500,000 GB-s x 0.0000166667 = 8.33335 ; total 58.93335
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "10M",
            "--cache",
            "0.5",
            "--cache-hit",
            "50%",
            "--backend",
            "lambda",
            "--duration-ms",
            "100",
            "--memory-mb",
            "1024"
        ]),
        d("58.93335")
    );
    // arm: 500,000 GB-s x 0.0000133334 = 6.6667 ; HTTP 10M = 10 ; 10M invocations = 2.00 ; 10M x 50ms x 1GB = 500,000 GB-s
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "10M",
            "--backend",
            "lambda",
            "--duration-ms",
            "50",
            "--memory-mb",
            "1024",
            "--arch",
            "arm"
        ]),
        d("18.6667")
    );
}

#[test]
fn alb_checked_by_hand() {
    // ALB us-east-1: 730 h x $0.0225 = $16.425.
    // 100M requests of 10 KB in + 10 KB out, Lambda target: processed = 100M x 20 KB / 1,048,576 = 1,907.3486328125 GB
    //   -> / 0.4 GB per LCU-hour = 4,768.37158203125 LCU-hours (largest dimension);
    //   new connections: 100M / (25 x 3,600) = 1,111.11 LCU-hours (smaller).
    // LCU: 4,768.37158203125 x $0.008 = $38.14697265625 ; Lambda: 100M x 0.20/M = 20 ; 100M x 100 ms x 0.5 GB
    //   = 5,000,000 GB-s x 0.0000166667 = 83.3335 ; data out 100M x 10 KB = 953.67431640625 GB x 0.09 = 85.8306884765625
    // total = 16.425 + 38.14697265625 + 20 + 83.3335 + 85.8306884765625 = 243.7361611328125
    let args = [
        "--api",
        "alb",
        "--requests",
        "100M",
        "--request-size",
        "10KB",
        "--response-size",
        "10KB",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
    ];
    assert_eq!(quote_total(&args), d("243.7361611328125"));
}

#[test]
fn compare_with_a_lambda_backend_shows_four_options_with_lines() {
    let j = json(&[
        "compare",
        "--apis",
        "rest,http,alb,function-url",
        "--requests",
        "100M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
    ]);
    let opts = j["options"].as_array().unwrap();
    assert_eq!(opts.len(), 4);
    // Function URL = Lambda only: 20 + 83.3335 = 103.3335 ; HTTP adds 100 ; REST adds 350
    let total = |api: &str| money(&opts.iter().find(|o| o["api"] == api).unwrap()["total_exact"]);
    assert_eq!(total("function-url"), d("103.3335"));
    assert_eq!(total("http"), d("203.3335"));
    assert_eq!(total("rest"), d("453.3335"));
    // ALB with no payload sizes: the new-connection dimension, 100M / 90,000 LCU-hours x 0.008 + 16.425 + Lambda
    assert!(opts
        .iter()
        .all(|o| !o["lines"].as_array().unwrap().is_empty()));
    assert_eq!(j["cheapest"], "function-url");
}

#[test]
fn function_url_needs_its_function() {
    bin()
        .args(["quote", "--api", "function-url", "--requests", "1M"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "give --duration-ms MS and --memory-mb MB",
        ));
    // Its duration and memory are enough: the Lambda backend is the only one modelled.
    // 1M x $0.20/M = $0.20 + 1M x 0.1 s x 0.5 GB = 50,000 GB-s x $0.0000166667 = $0.833335.
    let out = bin()
        .args([
            "quote",
            "--api",
            "function-url",
            "--requests",
            "1M",
            "--duration-ms",
            "100",
            "--memory-mb",
            "512",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let j: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(j["total_exact"], "1.033335");
    assert_eq!(j["total"], "1.03");
}

#[test]
fn alb_outside_its_priced_regions_is_a_pricing_gap() {
    // A catalog that prices ALB in us-east-1 only: eu-west-1 is a gap naming where it is priced.
    let dir = tempfile::tempdir().unwrap();
    let cat = edited_catalog(dir.path(), |c| {
        for (code, a) in c["alternatives"].as_object_mut().unwrap() {
            if code != "us-east-1" {
                a.as_object_mut()
                    .unwrap()
                    .remove("application_load_balancer");
            }
        }
    });
    bin()
        .args([
            "quote",
            "--api",
            "alb",
            "--requests",
            "1M",
            "--region",
            "eu-west-1",
            "--prices",
            cat.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(
            predicates::str::contains("no price for")
                .and(predicates::str::contains("eu-west-1"))
                .and(predicates::str::contains("us-east-1")),
        );
}
