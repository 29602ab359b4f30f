//! Benchmark: Monte Carlo latency, 1M samples (target <= 200 ms), and the grid convolution `compare`
//! uses (`latency::evaluate`) against the 200k-sample Monte Carlo it replaced. `cargo bench --bench latency`
use std::time::Instant;

use apigw_cost::model::api::ApiKind;
use apigw_cost::model::latency::{
    estimate, evaluate, scenario, simulate, Authorizer, Given, LatencyData, LatencyOptions,
};

/// The best of `runs` timings of `f`, ms.
fn best_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::MAX, f64::min)
}

/// `compare`'s latency column: the grid against a 200,000-sample Monte Carlo of the same scenario.
fn compare_column(label: &str, o: &LatencyOptions, data: &LatencyData) {
    let s = scenario(data, o).expect("scenario");
    let grid = best_ms(20, || {
        evaluate(&s, 200_000, 42).expect("evaluate");
    });
    let mc = best_ms(5, || {
        simulate(&s, 200_000, 42).expect("simulate");
    });
    let g = evaluate(&s, 200_000, 42).expect("evaluate");
    let m = simulate(&s, 200_000, 42).expect("simulate");
    println!(
        "{label:<58} grid {grid:>7.3} ms ({:?}, p50/p99 {:.2}/{:.2}) vs 200k Monte Carlo {mc:>6.1} ms (p50/p99 {:.2}/{:.2}): {:.0}x",
        g.method,
        g.end_to_end.p50_ms,
        g.end_to_end.p99_ms,
        m.end_to_end.p50_ms,
        m.end_to_end.p99_ms,
        mc / grid
    );
}

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
    compare_column(
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
    compare_column(
        "REST + cached Lambda authorizer + cache + Lambda + client",
        &o,
        &data,
    );
}
