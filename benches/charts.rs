//! Benchmark: building and drawing each chart kind, as SVG and as PNG (1200 x 700), on the workloads of
//! reports/. Target: at most 100 ms per chart. `cargo bench --bench charts` prints the fastest of 20 runs
//! and their mean.
use std::time::{Duration, Instant};

use apigw_cost::model::api::ApiKind;
use apigw_cost::model::catalog::Catalog;
use apigw_cost::model::free_tier::FreeTier;
use apigw_cost::model::latency::{self, LatencyData, LatencyOptions};
use apigw_cost::model::projection::compound_volumes;
use apigw_cost::model::workload::Workload;
use apigw_cost::render::chart::{render, ImageFormat};
use apigw_cost::render::chart_data::{self as cd, Chart};
use rust_decimal::Decimal;

const RUNS: u32 = 20;

/// The fastest of RUNS runs of `f` (after one warm-up run) and their mean: on a machine shared with
/// other builds the mean counts their turns on the cores too, the fastest run much less.
fn time<T>(mut f: impl FnMut() -> T) -> ((Duration, Duration), T) {
    let mut last = f();
    let (mut best, mut total) = (Duration::MAX, Duration::ZERO);
    for _ in 0..RUNS {
        let start = Instant::now();
        last = f();
        let took = start.elapsed();
        best = best.min(took);
        total += took;
    }
    ((best, total / RUNS), last)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let one = Catalog::embedded_regions(&["us-east-1"]).expect("catalog");
    let all = Catalog::embedded().expect("catalog");
    let m = |n: u64| Decimal::from(n);
    let w600m = Workload::requests(m(600_000_000));
    let w10m = Workload::requests(m(10_000_000));
    let three = [ApiKind::Rest, ApiKind::Http, ApiKind::Alb];
    let two = [ApiKind::Rest, ApiKind::Http];
    let legacy = FreeTier::Legacy {
        account_age_months: 0,
    };
    let volumes = compound_volumes(m(10_000_000), Decimal::new(15, 2), 24).unwrap();
    let inputs = |catalog, apis, workload, free_tier, mark| cd::Inputs {
        catalog,
        region: "us-east-1",
        apis,
        workload,
        free_tier,
        mark,
    };
    let ldata = LatencyData::embedded().expect("latency data");
    let lopts = |api| {
        let mut o = LatencyOptions::new(api);
        o.lambda = true;
        o.handler = Some(latency::Given {
            p50: 50.0,
            p99: 50.0,
        });
        o
    };
    type Build<'a> = Box<dyn Fn() -> Chart + 'a>;
    let kinds: Vec<(&str, Build)> = vec![
        (
            "cost-vs-requests (REST, HTTP, ALB; 3 break-even searches)",
            Box::new(|| {
                cd::cost_vs_requests(&inputs(
                    &one,
                    &three,
                    &w600m,
                    &FreeTier::None,
                    Some(m(600_000_000)),
                ))
                .unwrap()
            }),
        ),
        (
            "effective-price (REST, HTTP, ALB)",
            Box::new(|| {
                cd::effective_price(&inputs(&one, &three, &w600m, &FreeTier::None, None)).unwrap()
            }),
        ),
        (
            "projection (24 months, REST and HTTP, legacy free tier)",
            Box::new(|| {
                cd::projection(
                    &inputs(&one, &two, &w10m, &legacy, None),
                    &volumes,
                    Decimal::new(15, 2),
                )
                .unwrap()
            }),
        ),
        (
            "regions (HTTP 600M, 33 regions)",
            Box::new(|| {
                cd::regions(
                    &inputs(&all, &[ApiKind::Http], &w600m, &FreeTier::None, None),
                    ApiKind::Http,
                )
                .unwrap()
            }),
        ),
        (
            "latency (REST and HTTP, 200,000 Monte Carlo samples each)",
            Box::new(|| {
                let results: Vec<_> = two
                    .iter()
                    .map(|&api| latency::estimate(&ldata, &lopts(api), 200_000, 42).unwrap())
                    .collect();
                cd::latency(&results).unwrap()
            }),
        ),
    ];
    println!("{RUNS} runs each, fastest (mean); 1200 x 700");
    let both = |t: (Duration, Duration)| format!("{} ({})", ms(t.0), ms(t.1));
    for (name, build) in &kinds {
        let (t_data, chart) = time(build);
        let (t_svg, svg) = time(|| render(&chart, ImageFormat::Svg, 1200, 700).unwrap());
        let (t_png, png) = time(|| render(&chart, ImageFormat::Png, 1200, 700).unwrap());
        println!(
            "{name}: data {}, SVG {} ({} KB), PNG {} ({} KB); fastest data + PNG {}",
            both(t_data),
            both(t_svg),
            svg.len() / 1024,
            both(t_png),
            png.len() / 1024,
            ms(t_data.0 + t_png.0),
        );
    }
}
