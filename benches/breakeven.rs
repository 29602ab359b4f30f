//! Benchmark: a full-range break-even search (requests from 1 to 100B) for every pair of options that
//! every region prices. `cargo bench --bench breakeven`
use std::time::Instant;

use apigw_cost::model::breakeven::{search, OptionSpec, Query, Variable};
use apigw_cost::model::catalog::Catalog;
use apigw_cost::model::free_tier::FreeTier;
use apigw_cost::model::workload::Workload;
use rust_decimal::Decimal;

fn main() {
    let catalog = Catalog::embedded().expect("embedded catalog");
    let mut w = Workload::requests(Decimal::ONE);
    w.request_size_kb = Some(Decimal::from(700));
    w.response_size_kb = Some(Decimal::from(4));
    let pairs = [("rest", "http"), ("alb", "http"), ("alb", "rest")];
    for free in [
        FreeTier::None,
        FreeTier::Legacy {
            account_age_months: 0,
        },
    ] {
        let start = Instant::now();
        let (mut searches, mut points) = (0, 0);
        for region in catalog.regions.keys() {
            for (a, b) in pairs {
                let (a, b) = (OptionSpec::parse(a).unwrap(), OptionSpec::parse(b).unwrap());
                let r = catalog.region(region).unwrap();
                if !r.prices(a.api) || !r.prices(b.api) {
                    continue;
                }
                let be = search(&Query {
                    catalog: &catalog,
                    region,
                    a,
                    b,
                    variable: Variable::Requests,
                    workload: &w,
                    free_tier: &free,
                    from: None,
                    to: None,
                    migration_cost: None,
                    growth: Decimal::ZERO,
                })
                .expect("search");
                searches += 1;
                points += be.points.len();
            }
        }
        let elapsed = start.elapsed();
        println!(
            "free tier {:<6}: {searches} full-range searches (1 to 100B requests, {} regions) in {:.1} ms ({:.2} ms each), {points} crossings",
            free.label(),
            catalog.regions.len(),
            elapsed.as_secs_f64() * 1e3,
            elapsed.as_secs_f64() * 1e3 / searches as f64
        );
    }
}
