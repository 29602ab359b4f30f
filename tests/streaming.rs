//! REST response streaming (issue 29): a streamed response is metered as ceil(size / 10 MB) requests,
//! at least one (data/prices.json `metering.rest_streaming`, marked unconfirmed there). HTTP APIs
//! cannot stream; a Function URL can. Every figure is worked by hand from the catalog's us-east-1
//! prices: REST $3.50 per million (first 333M), data transfer out $0.09/GB (first 10,240 GB), then
//! $0.085/GB (to 51,200 GB).
mod common;
use common::*;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

#[test]
fn a_25_mb_stream_is_three_requests() {
    // 1M streamed responses of 25 MB: ceil(25 / 10) = 3 requests each = 3,000,000 requests
    // x $3.50/M = $10.50. Egress (the same as buffered): 1M x 25,600 KB / 1,048,576 = 24,414.0625 GB:
    // 10,240 x $0.09 = $921.60; 14,174.0625 x $0.085 = $1,204.7953125.
    // Total 10.50 + 921.60 + 1,204.7953125 = $2,136.8953125 -> $2,136.90.
    let j = quote(&[
        "--api",
        "rest",
        "--requests",
        "1M",
        "--response-size",
        "25MB",
        "--streaming",
    ]);
    let r = line(&j, "REST API requests");
    assert_eq!(money(&r["quantity"]), d("3000000"));
    assert_eq!(money(&r["amount_exact"]), d("10.50"));
    let basis = r["basis"].as_str().unwrap();
    assert!(
        basis.contains("1,000,000 streamed responses x 3 requests each")
            && basis.contains("metered per 10 MB"),
        "{basis}"
    );
    let sources = r["sources"].to_string();
    assert!(
        sources.contains("SRC-AWS-APIGW-STREAMING-PRICING"),
        "{sources}"
    );
    assert_eq!(money(&j["total_exact"]), d("2136.8953125"));
    assert_eq!(money(&j["total"]), d("2136.90"));
    assert!(
        j["warnings"].to_string().contains("do not confirm"),
        "the unconfirmed increment is said: {}",
        j["warnings"]
    );
}

#[test]
fn increments_round_up_with_at_least_one() {
    // 4 KB: 1 request each (at least one): 1M x $3.50/M = $3.50.
    // Exactly 10 MB (10,240 KB): 1 each; 10,241 KB: 2 each -> 2M x $3.50/M = $7.00.
    for (size, requests, amount) in [
        ("4KB", "1000000", "3.50"),
        ("10MB", "1000000", "3.50"),
        ("10241KB", "2000000", "7.00"),
        ("100MB", "10000000", "35.00"),
    ] {
        let j = quote(&[
            "--api",
            "rest",
            "--requests",
            "1M",
            "--response-size",
            size,
            "--streaming",
            "100%",
        ]);
        let r = line(&j, "REST API requests");
        assert_eq!(money(&r["quantity"]), d(requests), "{size}");
        assert_eq!(money(&r["amount_exact"]), d(amount), "{size}");
    }
}

#[test]
fn a_share_of_streamed_responses() {
    // 30% of 1M streamed: 700,000 buffered + 300,000 x 3 = 1,600,000 requests x $3.50/M = $5.60.
    // The same with 0.3 (one rate rule).
    for share in ["30%", "0.3"] {
        let j = quote(&[
            "--api",
            "rest",
            "--requests",
            "1M",
            "--response-size",
            "25MB",
            "--streaming",
            share,
        ]);
        let r = line(&j, "REST API requests");
        assert_eq!(money(&r["quantity"]), d("1600000"), "{share}");
        assert_eq!(money(&r["amount_exact"]), d("5.60"), "{share}");
        assert!(
            r["basis"]
                .as_str()
                .unwrap()
                .contains("700,000 buffered + 300,000 streamed (30%)"),
            "{}",
            r["basis"]
        );
    }
    // 0% streamed is every response buffered: 1M x $3.50/M.
    let j = quote(&[
        "--api",
        "rest",
        "--requests",
        "1M",
        "--response-size",
        "25MB",
        "--streaming",
        "0%",
    ]);
    assert_eq!(
        money(&line(&j, "REST API requests")["quantity"]),
        d("1000000")
    );
}

#[test]
fn the_share_follows_the_one_rate_rule() {
    let base = [
        "quote",
        "--api",
        "rest",
        "--requests",
        "1M",
        "--response-size",
        "1MB",
    ];
    bin()
        .args(base)
        .args(["--streaming", "7"])
        .assert()
        .code(2)
        .stderr(
            contains("--streaming")
                .and(contains("7%"))
                .and(contains("0.07")),
        );
    bin()
        .args(base)
        .args(["--streaming", "1"])
        .assert()
        .code(2)
        .stderr(contains("100%").and(contains("1%")));
    bin()
        .args(base)
        .args(["--streaming", "120%"])
        .assert()
        .code(2)
        .stderr(contains("--streaming"));
}

#[test]
fn streaming_needs_a_response_size() {
    bin()
        .args(["quote", "--api", "rest", "--requests", "1M", "--streaming"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--response-size").and(contains("10 MB")));
}

#[test]
fn an_http_api_cannot_stream() {
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "1M",
            "--response-size",
            "25MB",
            "--streaming",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--streaming").and(contains("HTTP APIs cannot stream")));
    for api in ["alb", "websocket"] {
        bin()
            .args(["quote", "--api", api, "--requests", "1M"])
            .args(["--response-size", "1MB", "--streaming"])
            .args(["--messages", "1M"])
            .assert()
            .failure()
            .stderr(contains("cannot stream"));
    }
}

#[test]
fn compare_marks_the_http_api_as_not_streaming() {
    // REST $2,136.90 (above); HTTP priced buffered: 1M x $1.00/M = $1.00 + the same egress
    // $2,126.3953125 -> $2,127.3953125 -> $2,127.40; marked, and lacking the feature.
    let j = json(&[
        "compare",
        "--requests",
        "1M",
        "--response-size",
        "25MB",
        "--streaming",
    ]);
    let text = j.to_string();
    assert!(text.contains("response-streaming"), "{text}");
    assert!(text.contains("HTTP API cannot stream responses"), "{text}");
    assert!(text.contains("2127.3953125"), "{text}");
    assert!(text.contains("2136.8953125"), "{text}");
    bin()
        .args(["compare", "--requests", "1M", "--response-size", "25MB"])
        .args(["--streaming"])
        .assert()
        .success()
        .stdout(contains("lacks response-streaming").and(contains("$2,136.90")));
}

#[test]
fn needs_streaming_names_the_feature() {
    // `streaming` is the feature's alias: the HTTP API lacks it, a Function URL has it.
    bin()
        .args(["compare", "--requests", "1M", "--needs", "streaming"])
        .args(["--apis", "rest,http,function-url"])
        .args([
            "--backend",
            "lambda",
            "--duration-ms",
            "100",
            "--memory-mb",
            "128",
        ])
        .assert()
        .success()
        .stdout(
            contains("HTTP API lacks response-streaming")
                .and(contains("Function URL lacks response-streaming").not()),
        );
}

#[test]
fn breakeven_says_the_http_api_cannot_stream() {
    bin()
        .args(["breakeven", "--vary", "requests", "--between", "rest,http"])
        .args(["--response-size", "25MB", "--streaming"])
        .assert()
        .success()
        .stdout(contains("HTTP API cannot stream responses"));
}

#[test]
fn a_profile_gives_the_share() {
    // `streaming = "30%"` in a profile: $5.60 of REST requests, as with the flag.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.toml");
    std::fs::write(
        &p,
        "api = \"rest\"\nrequests = \"1M\"\nresponse_size = \"25MB\"\nstreaming = \"30%\"\n",
    )
    .unwrap();
    let j = quote(&["--profile", p.to_str().unwrap()]);
    assert_eq!(
        money(&line(&j, "REST API requests")["amount_exact"]),
        d("5.60")
    );
    std::fs::write(&p, "api = \"rest\"\nrequests = \"1M\"\nstreaming = 7\n").unwrap();
    bin()
        .args(["quote", "--profile", p.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(contains("streaming").and(contains("line 3")));
}

#[test]
fn latency_reports_time_to_first_byte() {
    // 25 MB: (25 - 10) MB / 2 MB/s = 7.5 s after the first byte (AWS-STREAMING-DOC).
    bin()
        .args(["latency", "--api", "rest,http", "--requests", "1M"])
        .args(["--response-size", "25MB", "--streaming"])
        .assert()
        .success()
        .stdout(
            contains("time to first byte")
                .and(contains("at least 7.5 s more"))
                .and(contains("HTTP API cannot stream")),
        );
}
