//! Benchmark: Monte Carlo latency, 1M samples (target <= 200 ms). `cargo bench --bench latency`
use std::time::Instant;

use apigw_cost::model::api::ApiKind;
use apigw_cost::model::latency::{estimate, Authorizer, Given, LatencyData, LatencyOptions};

fn time(label: &str, o: &LatencyOptions, data: &LatencyData) {
    // One warm-up run, then the best of five (the figure least disturbed by other processes).
    let _ = estimate(data, o, 1_000_000, 42).expect("estimate");
    let mut best = f64::MAX;
    let mut p99 = 0.0;
    for _ in 0..5 {
        let start = Instant::now();
        let r = estimate(data, o, 1_000_000, 42).expect("estimate");
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        p99 = r.end_to_end.p99_ms;
    }
    println!(
        "{label:<58} 1,000,000 samples, {} components: {best:>6.1} ms (p99 {p99:.1} ms)",
        estimate(data, o, 1, 42).unwrap().components.len()
    );
}

fn main() {
    let data = LatencyData::embedded().expect("embedded latency data");
    time(
        "HTTP API gateway only (the default)",
        &LatencyOptions::new(ApiKind::Http),
        &data,
    );
    let mut o = LatencyOptions::new(ApiKind::Rest);
    o.authorizer = Authorizer::LambdaCached;
    o.authorizer_hit_rate = Some(0.9);
    o.lambda = true;
    o.handler = Some(Given {
        p50: 30.0,
        p99: 120.0,
    });
    o.cold_start_rate = Some(0.01);
    o.cache_hit = 0.3;
    o.client_rtt = Some(Given {
        p50: 20.0,
        p99: 60.0,
    });
    o.new_connections = true;
    time(
        "REST + cached Lambda authorizer + cache + Lambda + client",
        &o,
        &data,
    );
}
