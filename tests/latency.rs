//! The latency model, limits and feature fit (issue 7): statistics of the Monte Carlo, the defaults
//! AWS published, determinism, and the CLI end to end.

mod common;

use apigw_cost::model::api::ApiKind;
use apigw_cost::model::latency::{
    estimate, scenario, simulate, Authorizer, Given, LatencyData, LatencyOptions, Scenario,
};
use common::{bin, json, money};
use predicates::prelude::*;

fn data() -> LatencyData {
    LatencyData::embedded().unwrap()
}

/// A scenario of one component of the data file, alone.
fn alone(key: &str) -> Scenario {
    let mut s = scenario(&data(), &LatencyOptions::new(ApiKind::Http)).unwrap();
    let f = data().component(key).clone();
    s.components[0].key = key.into();
    s.components[0].dist =
        apigw_cost::model::latency::sim::LogNormal::from_p50_p99(f.p50_ms, f.p99_ms);
    s
}

#[test]
fn one_million_samples_reproduce_a_components_p50_and_p99_within_5_percent() {
    for key in ["gateway.http", "gateway.rest", "authorizer.lambda_uncached"] {
        let f = data().component(key).clone();
        let r = simulate(&alone(key), 1_000_000, 7).unwrap();
        let e = r.end_to_end;
        assert!(
            (e.p50_ms / f.p50_ms - 1.0).abs() < 0.05,
            "{key}: p50 {} vs {}",
            e.p50_ms,
            f.p50_ms
        );
        assert!(
            (e.p99_ms / f.p99_ms - 1.0).abs() < 0.05,
            "{key}: p99 {} vs {}",
            e.p99_ms,
            f.p99_ms
        );
    }
}

#[test]
fn sums_behave_end_to_end_p50_is_at_least_the_largest_components() {
    let mut o = LatencyOptions::new(ApiKind::Rest);
    o.authorizer = Authorizer::Lambda;
    o.lambda = true;
    o.handler = Some(Given {
        p50: 30.0,
        p99: 200.0,
    });
    o.cold_start_rate = Some(0.01);
    let r = estimate(&data(), &o, 200_000, 11).unwrap();
    let largest = r
        .components
        .iter()
        .filter(|c| c.probability == 1.0)
        .map(|c| c.p50_ms)
        .fold(0.0, f64::max);
    let e = r.end_to_end;
    assert!(e.p50_ms >= largest, "{} < {largest}", e.p50_ms);
    assert!(e.p50_ms <= e.p90_ms && e.p90_ms <= e.p99_ms && e.p99_ms <= e.p999_ms);
    // Percentiles do not add: the p99 of the sum is below the sum of the p99s.
    let sum_p99: f64 = r
        .components
        .iter()
        .filter(|c| c.probability == 1.0)
        .map(|c| c.p99_ms)
        .sum();
    assert!(e.p99_ms < sum_p99, "{} vs {sum_p99}", e.p99_ms);
}

#[test]
fn cold_starts_move_the_tail_not_the_median() {
    let mut o = LatencyOptions::new(ApiKind::Http);
    o.lambda = true;
    o.handler = Some(Given {
        p50: 10.0,
        p99: 10.0,
    });
    o.cold_start_rate = Some(0.0);
    let warm = estimate(&data(), &o, 200_000, 5).unwrap().end_to_end;
    o.cold_start_rate = Some(0.05);
    let some = estimate(&data(), &o, 200_000, 5).unwrap().end_to_end;
    assert!((some.p50_ms - warm.p50_ms).abs() < 1.0, "{some:?} {warm:?}");
    // With 5% cold starts the p99 is a cold start: Init Duration (nodejs22.x p50 141 ms) and more.
    assert!(some.p99_ms > warm.p99_ms + 141.0, "{some:?} {warm:?}");
    o.cold_start_rate = Some(1.0);
    let all = estimate(&data(), &o, 200_000, 5).unwrap().end_to_end;
    assert!(all.p50_ms > 141.0 + 50.0, "{all:?}");
}

#[test]
fn more_rest_cache_hits_never_slow_the_average_request() {
    let mut o = LatencyOptions::new(ApiKind::Rest);
    o.lambda = true;
    o.handler = Some(Given {
        p50: 40.0,
        p99: 120.0,
    });
    o.cold_start_rate = Some(0.01);
    let mut last = f64::MAX;
    for hit in [0.0, 0.25, 0.5, 0.75, 1.0] {
        o.cache_hit = hit;
        let m = estimate(&data(), &o, 100_000, 9)
            .unwrap()
            .end_to_end
            .mean_ms;
        assert!(m < last, "hit {hit}: mean {m} after {last}");
        last = m;
    }
}

#[test]
fn http_defaults_match_the_aws_claim_and_rest_is_higher_with_bases_named() {
    let http = json(&["latency", "--api", "http"]);
    let p99 = http["end_to_end"]["p99_ms"].as_f64().unwrap();
    assert!(
        (p99 - 10.0).abs() < 0.5,
        "HTTP API added p99 {p99} ms, AWS says about 10"
    );
    assert_eq!(http["components"][0]["basis"], "official_claim");
    assert_eq!(http["samples"], 200_000);
    assert_eq!(http["seed"], 42);
    let rest = json(&["latency", "--api", "rest"]);
    assert!(rest["end_to_end"]["p99_ms"].as_f64().unwrap() > p99 * 3.0);
    assert_eq!(rest["components"][0]["basis"], "measured");
    let alb = json(&["latency", "--api", "alb"]);
    assert_eq!(alb["components"][0]["basis"], "assumption");
    // The table says which figures are measured, claims or assumptions.
    bin()
        .args(["latency", "--api", "rest,http,alb"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("official claim")
                .and(predicate::str::contains("measured"))
                .and(predicate::str::contains("assumption"))
                .and(predicate::str::contains("[AWS-HTTPAPI-GA-2020]")),
        );
}

#[test]
fn same_seed_same_output_other_seed_other_output() {
    let args = [
        "latency",
        "--api",
        "http",
        "--backend",
        "lambda",
        "--handler-ms",
        "20,90",
        "--cold-start-rate",
        "2%",
        "--samples",
        "50k",
        "--format",
        "json",
    ];
    let run = |seed: &str| {
        bin()
            .args(args)
            .args(["--seed", seed])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("1"));
    assert_ne!(run("1"), run("2"));
}

#[test]
fn a_backend_adds_invoke_handler_and_cold_start_components_with_sources() {
    let j = json(&[
        "latency",
        "--api",
        "http",
        "--backend",
        "lambda",
        "--runtime",
        "python3.13",
        "--arch",
        "arm",
        "--handler-ms",
        "25",
        "--cold-start-rate",
        "1%",
    ]);
    let keys: Vec<&str> = j["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "gateway.http",
            "lambda.invoke",
            "lambda.handler",
            "lambda.cold_init",
            "lambda.cold_extra"
        ]
    );
    let init = &j["components"][3];
    // lambda-perf: python3.13 zip arm64 Init Duration p50 80.2 ms, p99 119.0 ms.
    assert_eq!(init["p50_ms"].as_f64().unwrap().round(), 80.0);
    assert_eq!(init["source"], "LAMBDA-PERF-2026");
    assert_eq!(init["probability"].as_f64().unwrap(), 0.01);
    assert_eq!(j["cold_start"]["basis"], "user_input");
}

#[test]
fn the_cold_start_rate_is_derived_from_traffic() {
    // 100 requests a month: one every 26,280 s (7.3 h) on average; the chance the gap outlasts the
    // 10-minute idle lifetime is exp(-600 / 26,280) = 97.7%: nearly all cold.
    let sparse = json(&[
        "latency",
        "--api",
        "http",
        "--backend",
        "lambda",
        "--requests",
        "100",
    ]);
    assert_eq!(sparse["cold_start"]["basis"], "derived");
    let rate = sparse["cold_start"]["rate"].as_f64().unwrap();
    assert!((rate - (-600.0f64 / 26_280.0).exp()).abs() < 1e-9, "{rate}");
    let busy = json(&[
        "latency",
        "--api",
        "http",
        "--backend",
        "lambda",
        "--requests",
        "100M",
    ]);
    assert!(busy["cold_start"]["rate"].as_f64().unwrap() < 1e-6);
    // No volume: AWS's steady-state bound as an assumption.
    let none = json(&["latency", "--api", "http", "--backend", "lambda"]);
    assert_eq!(none["cold_start"]["basis"], "assumption");
    assert_eq!(none["cold_start"]["rate"].as_f64().unwrap(), 0.01);
}

#[test]
fn compare_shows_latency_and_flags_http_for_api_keys_and_still_prices_it() {
    let j = json(&["compare", "--requests", "100M", "--needs", "api-keys"]);
    let opts = j["options"].as_array().unwrap();
    let http = opts.iter().find(|o| o["api"] == "http").unwrap();
    let rest = opts.iter().find(|o| o["api"] == "rest").unwrap();
    assert_eq!(money(&http["total"]).to_string(), "100.00");
    assert_eq!(http["unsupported"], serde_json::json!(["api-keys"]));
    assert!(http["feature_gaps"][0]["workaround"]
        .as_str()
        .unwrap()
        .contains("REST"));
    assert_eq!(rest["unsupported"], serde_json::json!([]));
    let hp99 = http["latency_ms"]["p99_ms"].as_f64().unwrap();
    let rp99 = rest["latency_ms"]["p99_ms"].as_f64().unwrap();
    assert!((hp99 - 10.0).abs() < 0.5 && rp99 > hp99, "{hp99} {rp99}");
    bin()
        .args(["compare", "--requests", "100M", "--needs", "api-keys"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("✗ lacks api-keys")
                .and(predicate::str::contains("Added latency p50 / p99"))
                .and(predicate::str::contains("$100.00")),
        );
}

#[test]
fn an_unknown_need_or_impossible_combination_is_a_usage_error() {
    bin()
        .args(["compare", "--requests", "1M", "--needs", "teleport"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--needs").and(predicate::str::contains("api-keys")));
    bin()
        .args(["latency", "--api", "http", "--endpoint", "edge"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "only REST APIs have edge-optimized",
        ));
    bin()
        .args(["latency", "--api", "http", "--handler-ms", "abc"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--handler-ms"));
}

#[test]
fn limits_warn_at_the_peak_and_hard_limits_are_errors() {
    // 10B requests = 3,805 req/s on average; x3 at the peak breaks the 10,000 req/s account throttle.
    let q = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "10B",
        "--peak-factor",
        "3",
    ]);
    let w = q["warnings"].as_array().unwrap();
    assert!(
        w.iter().any(|w| {
            let s = w.as_str().unwrap();
            s.contains("10,000") && s.contains("AWS-QUOTAS-ACCOUNT")
        }),
        "{w:?}"
    );
    // HTTP APIs time out at 30 s, fixed.
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "1M",
            "--backend",
            "lambda",
            "--duration-ms",
            "45000",
            "--memory-mb",
            "512",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("30 s").and(predicate::str::contains("AWS-QUOTAS-HTTP")));
    // REST's 29 s can be raised: a warning.
    let rest = json(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "1M",
        "--backend",
        "lambda",
        "--duration-ms",
        "45000",
        "--memory-mb",
        "512",
    ]);
    assert!(rest["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("29 s")));
    // WebSocket connections close after 2 hours.
    bin()
        .args([
            "quote",
            "--api",
            "websocket",
            "--messages",
            "1M",
            "--connections",
            "1000",
            "--connection-duration",
            "180",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("2 h").and(predicate::str::contains("AWS-QUOTAS-WS")));
    // An ALB hands Lambda at most 1 MB.
    bin()
        .args([
            "quote",
            "--api",
            "alb",
            "--requests",
            "1M",
            "--request-size",
            "2MB",
            "--backend",
            "lambda",
            "--duration-ms",
            "10",
            "--memory-mb",
            "128",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 MB").and(predicate::str::contains("ALB-LAMBDA-DOC")));
}

#[test]
fn features_prints_the_whole_matrix_in_every_format() {
    let j = json(&["features"]);
    let f = j["features"].as_array().unwrap();
    let keys = f.iter().find(|x| x["id"] == "api-keys").unwrap();
    assert_eq!(keys["support"]["http"], "no");
    assert_eq!(keys["support"]["rest"], "yes");
    assert!(f.len() >= 30);
    let csv = bin()
        .args(["features", "--format", "csv"])
        .output()
        .unwrap()
        .stdout;
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("feature,title,group,rest,http,websocket,alb,function-url,"));
    assert_eq!(text.lines().count(), f.len() + 1);
    bin()
        .args(["features", "--format", "markdown"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| Usage plans and API keys (api-keys) | yes | no |",
        ));
}

#[test]
fn a_profile_carries_needs_latency_inputs_and_peak_factor() {
    let profile = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/profiles/partner-api-review.toml"
    );
    let j = json(&["compare", "--profile", profile]);
    let http = j["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["api"] == "http")
        .unwrap()
        .clone();
    assert_eq!(
        http["unsupported"],
        serde_json::json!(["api-keys", "request-validation"])
    );
    // The profile's cost, by hand (us-east-1): Lambda arm 300M x $0.20/M = $60.00 plus 300M x 0.045 s x
    // 0.5 GB = 6,750,000 GB-s x $0.0000133334 = $90.00045; REST 300M x $3.50/M = $1,050.00, HTTP
    // 300M x $1.00/M = $300.00 (4 KB is one 512 KB unit). The cached Lambda authorizer (x86, 20 ms,
    // 128 MB): 2,000 identities x 2,628,000 s / 300 s TTL = 17,520,000 invocations x $0.20/M = $3.504,
    // 17,520,000 x 0.02 s x 0.125 GB = 43,800 GB-s x $0.0000166667 = $0.73000146.
    let rest = &j["options"][0];
    assert_eq!(money(&rest["total_exact"]), common::d("1204.23445146"));
    assert_eq!(money(&http["total_exact"]), common::d("454.23445146"));
    // Flags override the profile.
    let j = json(&["compare", "--profile", profile, "--needs", "caching"]);
    assert_eq!(
        j["options"][1]["unsupported"],
        serde_json::json!(["caching"])
    );
    let l = json(&["latency", "--api", "http", "--profile", profile]);
    let names: Vec<&str> = l["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("python3.13, arm64")),
        "{names:?}"
    );
    assert!(names
        .iter()
        .any(|n| n.contains("Lambda authorizer, cache hit")));
    // 300M requests = 114.16 req/s on average; the profile's peak factor 4 stays under 10,000 req/s,
    // a peak factor of 100 (11,416 req/s) does not.
    let q = json(&["quote", "--profile", profile]);
    assert!(!q["warnings"].to_string().contains("AWS-QUOTAS-ACCOUNT"));
    let q = json(&["quote", "--profile", profile, "--peak-factor", "100"]);
    assert!(
        q["warnings"].to_string().contains("11,416"),
        "{}",
        q["warnings"]
    );
    // The profile's own factor applies: 10B requests = 3,805 req/s x 4 = 15,221 req/s.
    let q = json(&["quote", "--profile", profile, "--requests", "10B"]);
    assert!(
        q["warnings"].to_string().contains("15,221"),
        "{}",
        q["warnings"]
    );
}

#[test]
fn a_bad_latency_value_in_a_profile_names_the_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.toml");
    std::fs::write(
        &path,
        "requests = \"1M\"\n\n[latency]\nauthorizer = \"magic\"\n",
    )
    .unwrap();
    bin()
        .args([
            "latency",
            "--api",
            "http",
            "--profile",
            path.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("latency.authorizer")
                .and(predicate::str::contains("line 4"))
                .and(predicate::str::contains("magic")),
        );
}

#[test]
fn the_peak_factor_is_bounded_and_huge_volumes_never_panic() {
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--peak-factor",
            "1000000000000",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--peak-factor").and(predicate::str::contains("1,000")));
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--peak-factor",
            "0.5",
        ])
        .assert()
        .code(2);
    // The largest volume the engine prices, at the largest peak factor: a warning, not a panic.
    let q = json(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "10000000000000000000000000",
        "--peak-factor",
        "1000",
    ]);
    assert!(q["warnings"].to_string().contains("AWS-QUOTAS-ACCOUNT"));
}

#[test]
fn the_gateway_overhead_is_reported_apart_from_the_handler() {
    // With --handler-ms the headline includes the user's handler; `without_handler` is the same
    // estimate (same seed) with the handler left out: exactly the run without --handler-ms.
    let with = common::json(&[
        "latency",
        "--api",
        "http",
        "--backend",
        "lambda",
        "--handler-ms",
        "20,80",
    ]);
    let without = common::json(&["latency", "--api", "http", "--backend", "lambda"]);
    assert_eq!(with["without_handler"], without["end_to_end"]);
    assert!(without.get("without_handler").is_none());
    let p50 = |v: &serde_json::Value| v["p50_ms"].as_f64().unwrap();
    assert!(p50(&with["end_to_end"]) > p50(&with["without_handler"]) + 15.0);
    let out = common::bin()
        .args([
            "latency",
            "--api",
            "http",
            "--backend",
            "lambda",
            "--handler-ms",
            "20,80",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Gateway and platform overhead without your handler: p50 ")
            && text.contains("your handler alone: p50 20.0 ms, p99 80.0 ms (as given)"),
        "{text}"
    );
}
