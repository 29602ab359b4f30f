//! Benchmark (issue 30): 10,000 Latin-hypercube draws x 3 options x 12 months priced by the exact engine
//! (a `project` with ranges), one core; and one month of 10,000 draws x 3 options (a `compare`), and
//! `sensitivity` and `forecast` on their README examples' sizes. Goal: the projection under a second.
//! `cargo bench --bench uncertainty`
use std::time::Instant;

use apigw_cost::model::api::ApiKind;
use apigw_cost::model::catalog::Catalog;
use apigw_cost::model::forecast::{self, history};
use apigw_cost::model::free_tier::FreeTier;
use apigw_cost::model::uncertainty::bands::{monthly, projected, Setup};
use apigw_cost::model::uncertainty::sensitivity::{
    analyse, Setup as SensitivitySetup, DEFAULT_SHARE,
};
use apigw_cost::model::uncertainty::{parse, Input, Range};
use apigw_cost::model::workload::Workload;

fn range(input: Input, text: &str) -> Range {
    Range {
        input,
        dist: parse::parse(input, text).unwrap().unwrap(),
        text: text.into(),
        from: "flag".into(),
    }
}

/// This process's CPU time (user + system), seconds, from /proc/self/stat (Linux; 0 elsewhere): on a
/// machine shared with other builds the wall time counts their turns too, the CPU time does not.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of the line (utime, stime), in clock ticks of 1/100 s.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

/// The best of `runs` timings: (wall, CPU) seconds.
fn best(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    (0..runs)
        .map(|_| {
            let (t, c) = (Instant::now(), cpu());
            f();
            (t.elapsed().as_secs_f64(), cpu() - c)
        })
        .fold((f64::MAX, f64::MAX), |a, b| (a.0.min(b.0), a.1.min(b.1)))
}

fn main() {
    let catalog = Catalog::embedded().expect("embedded catalog");
    let apis = [ApiKind::Rest, ApiKind::Http, ApiKind::Alb];
    let ranges = [
        range(Input::Requests, "p10=60M,p50=100M,p90=180M"),
        range(Input::Growth, "2%..8%"),
        range(Input::RequestSize, "1KB..4KB"),
    ];
    let mut base = Workload::requests(ranges[0].dist.median());
    base.request_size_kb = Some(ranges[2].dist.median());
    let setup = Setup {
        catalog: &catalog,
        region: "us-east-1",
        apis: &apis,
        base: &base,
        growth: ranges[1].dist.median(),
        free_tier: &FreeTier::None,
        ranges: &ranges,
        draws: 10_000,
        seed: 1,
    };
    let t = best(5, || {
        projected(&setup, 12, None).expect("projection");
    });
    println!(
        "project: 10,000 draws x 3 options x 12 months = 360,000 priced months in {:.3} s wall, {:.2} s CPU ({:.2} us CPU each)",
        t.0,
        t.1,
        t.1 * 1e6 / 360_000.0
    );
    let t = best(3, || {
        monthly(&setup).expect("month");
    });
    println!(
        "compare: 10,000 draws x 3 options, one month, in {:.3} s wall, {:.2} s CPU",
        t.0, t.1
    );
    let s = SensitivitySetup {
        catalog: &catalog,
        region: "us-east-1",
        apis: &apis[..2],
        base: &base,
        free_tier: &FreeTier::None,
        ranges: &ranges,
        share: DEFAULT_SHARE,
    };
    let t = best(3, || {
        analyse(&s).expect("sensitivity");
    });
    println!(
        "sensitivity: 2 inputs x 2 options with their break-even searches in {:.3} s wall",
        t.0
    );
    // The longest history forecast (ten years of days) and the longest horizon (120 months).
    let points: Vec<(i64, rust_decimal::Decimal)> = (0..3_660i64)
        .map(|k| {
            let wave = 1.0 + 0.2 * ((k as f64) * 0.9).sin();
            let v = (1e6 * (1.0 + k as f64 / 3_660.0) * wave).round() as u64;
            ((20_000 + k) * 86_400, rust_decimal::Decimal::from(v))
        })
        .collect();
    let daily = history::by_day(points, None).expect("history");
    let t = best(3, || {
        forecast::forecast(&daily, 120).expect("forecast");
    });
    println!(
        "forecast: 3,660 days fitted (trend, weekly, yearly), 120 months ahead, in {:.3} s",
        t.0
    );
}
