//! Break-even points worked out by hand from the price tables, and the switching property.
mod common;
use common::*;

use apigw_cost::model::breakeven::{search, OptionSpec, Query, Variable};
use apigw_cost::model::catalog::Catalog;
use apigw_cost::model::cost::Pricer;
use apigw_cost::model::free_tier::FreeTier;
use apigw_cost::model::workload::{CacheConfig, LambdaBackend, Workload};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn points(args: &[&str]) -> serde_json::Value {
    let mut a = vec!["breakeven"];
    a.extend_from_slice(args);
    json(&a)
}

#[test]
fn alb_against_http_by_volume_us_east_1() {
    // ALB: 730 h x $0.0225 = $16.425 fixed; with no payload sizes its largest LCU dimension is new
    // connections: one per request, 25/s per LCU -> 90,000 requests per LCU-hour at $0.008, i.e.
    // $0.008/90,000 = $0.0000000888.. per request. HTTP: $0.000001 per request (first 300M).
    // 16.425 + x * 0.008/90,000 = x * 0.000001  ->  x = 16.425 / (0.000001 - 0.008/90,000) = 18,027,439.02
    // so HTTP is cheaper up to 18,027,439 requests and the ALB from 18,027,440.
    let j = points(&["--vary", "requests", "--between", "alb,http"]);
    let p = &j["points"][0];
    assert_eq!(p["at"], "18027440");
    assert_eq!(p["cheaper_below"], "http");
    assert_eq!(p["cheaper_above"], "alb");
    assert!(money(&p["cost_a"]) < money(&p["cost_b"]));
    assert!(money(&p["below"]["cost_a"]) > money(&p["below"]["cost_b"]));
    assert_eq!(j["points"].as_array().unwrap().len(), 1);
}

#[test]
fn alb_against_http_in_ap_southeast_1() {
    // ap-southeast-1: ALB 730 x $0.0252 = $18.396; HTTP $1.25/M.
    // x = 18.396 / (0.00000125 - 0.008/90,000) = 15,843,444.5 -> 15,843,445
    let j = points(&[
        "--vary",
        "requests",
        "--between",
        "alb,http",
        "--region",
        "ap-southeast-1",
    ]);
    assert_eq!(j["points"][0]["at"], "15843445");
}

#[test]
fn payload_size_between_rest_and_http() {
    // 10M requests: REST $35.00 at any size; HTTP $10.00 per 512 KB unit: 3 units ($30) up to 1,536 KB,
    // 4 units ($40) from one byte above. The crossing is at 1,536 KB + 1 byte = 1,536.0009765625 KB.
    let j = points(&[
        "--vary",
        "request-size",
        "--between",
        "rest,http",
        "--requests",
        "10M",
    ]);
    let p = &j["points"][0];
    assert_eq!(p["at"], "1536.0009765625");
    assert_eq!(money(&p["below"]["cost_b"]), d("30"));
    assert_eq!(money(&p["cost_b"]), d("40"));
    assert_eq!(money(&p["cost_a"]), d("35"));
    assert_eq!(p["cheaper_below"], "http");
    assert_eq!(j["points"].as_array().unwrap().len(), 1);
}

#[test]
fn migration_payback_in_months() {
    // 100M a month: REST $350, HTTP $100, saving $250 a month; $5,000 of migration pays back in 20 months.
    let j = points(&[
        "--vary",
        "months",
        "--between",
        "rest,http",
        "--requests",
        "100M",
        "--migration-cost",
        "5000",
    ]);
    assert_eq!(j["points"][0]["at"], "20");
    // $4,000 pays back after 16 months; $4,100 in the 17th: 16 + 100/250 = 16.4
    let j = points(&[
        "--vary",
        "months",
        "--between",
        "rest,http",
        "--requests",
        "100M",
        "--migration-cost",
        "4100",
    ]);
    assert_eq!(j["points"][0]["at"], "16.4");
    // With 10% growth: savings 250, 275, 302.50 ... cumulative 250, 525, 827.50; $600 -> 2 + 75/302.5 = 2.2479.. -> 2.25
    let j = points(&[
        "--vary",
        "months",
        "--between",
        "rest,http",
        "--requests",
        "100M",
        "--migration-cost",
        "600",
        "--growth",
        "10%",
    ]);
    assert_eq!(j["points"][0]["at"], "2.25");
}

#[test]
fn cache_pays_for_itself_above_a_hit_rate() {
    // 100M REST requests to a 100 ms, 1,024 MB Lambda: each invocation $0.0000002 + 0.1 GB-s x $0.0000166667
    // = $0.00000186667; 100M invocations = $186.667. A 0.5 GB cache costs $14.60 a month, so it pays when
    // hit x 186.667 > 14.60, hit > 7.8214%: at a resolution of 0.01%, from 7.83%.
    let j = points(&[
        "--vary",
        "cache-hit",
        "--between",
        "rest,rest+cache",
        "--requests",
        "100M",
        "--cache",
        "0.5",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "1024",
    ]);
    assert_eq!(j["points"][0]["at"], "7.83");
    assert_eq!(j["points"][0]["cheaper_above"], "rest+cache");
}

#[test]
fn no_crossing_says_why() {
    let j = points(&["--vary", "requests", "--between", "rest,http"]);
    assert!(j["points"].as_array().unwrap().is_empty());
    let why = j["none_because"].as_str().unwrap();
    assert!(
        why.contains("HTTP is cheaper everywhere")
            && why.contains("$1.00/M")
            && why.contains("$1.51/M"),
        "{why}"
    );
}

#[test]
fn bad_between_is_a_usage_error() {
    bin()
        .args(["breakeven", "--vary", "requests", "--between", "rest"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--between"));
    bin()
        .args(["breakeven", "--vary", "requests", "--between", "rest,grpc"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("'grpc' is not an option"));
}

fn diff_at(q: &Query, x: Decimal) -> Decimal {
    let pricer = Pricer::new(q.catalog, q.region).unwrap();
    let allowance = q.free_tier.month(0, q.free_tier.initial_credit());
    let mut wa = q.variable.apply(q.workload, x).unwrap();
    let mut wb = wa.clone();
    if !q.a.cache {
        wa.cache = None;
    }
    if !q.b.cache {
        wb.cache = None;
    }
    pricer.quote(q.a.api, &wa, &allowance).unwrap().total
        - pricer.quote(q.b.api, &wb, &allowance).unwrap().total
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// At every reported point the cheaper option switches within one unit, and between reported points
    /// (checked at random values) it does not.
    #[test]
    fn the_cheaper_option_switches_exactly_at_the_points(
        pair in prop::sample::select(vec![("alb", "http"), ("alb", "rest"), ("function-url", "http"), ("rest", "http"), ("alb", "function-url")]),
        region in prop::sample::select(vec!["us-east-1", "ap-southeast-1"]),
        kb in 0u32..2048,
        legacy in any::<bool>(),
        samples in prop::collection::vec(1u64..100_000_000_000, 40),
    ) {
        let catalog = Catalog::embedded().unwrap();
        let mut w = Workload::requests(Decimal::ONE);
        // An ALB passes at most 1 MB to Lambda (a hard limit, an error above it).
        let kb = if pair.0 == "alb" { kb.min(1024) } else { kb };
        w.request_size_kb = Some(Decimal::from(kb));
        w.response_size_kb = Some(Decimal::from(kb / 2));
        if region == "us-east-1" || pair.0 != "function-url" {
            w.backend = Some(LambdaBackend { duration_ms: Decimal::from(50), memory_mb: Decimal::from(256), arch: Default::default() });
        }
        if region != "us-east-1" && (pair.0 == "function-url" || pair.1 == "function-url") {
            return Ok(());
        }
        if region != "us-east-1" {
            w.backend = None;
        }
        let free = if legacy { FreeTier::Legacy { account_age_months: 0 } } else { FreeTier::None };
        let q = Query {
            catalog: &catalog, region, a: OptionSpec::parse(pair.0).unwrap(), b: OptionSpec::parse(pair.1).unwrap(),
            variable: Variable::Requests, workload: &w, free_tier: &free, from: None, to: None, migration_cost: None,
            growth: Decimal::ZERO,
        };
        let be = search(&q).unwrap();
        let sign = |x: Decimal| diff_at(&q, x).cmp(&Decimal::ZERO) as i8;
        for p in &be.points {
            let before = sign(p.at - Decimal::ONE);
            let after = sign(p.at);
            prop_assert!(before != after || after == 0, "no switch at {}", p.at);
        }
        // Between consecutive points (and the range ends) the order does not change.
        let mut bounds = vec![be.from];
        bounds.extend(be.points.iter().map(|p| p.at));
        bounds.push(be.to + Decimal::ONE);
        for win in bounds.windows(2) {
            let (lo, hi) = (win[0], win[1] - Decimal::ONE);
            let reference = sign(hi);
            for s in &samples {
                let x = Decimal::from(*s);
                if x >= lo && x <= hi && reference != 0 {
                    let sx = sign(x);
                    prop_assert!(sx == reference || sx == 0, "order changes at {} between {} and {} without a reported point", x, lo, hi);
                }
            }
        }
    }
}

#[test]
fn cache_config_is_required_for_rest_plus_cache() {
    let catalog = Catalog::embedded().unwrap();
    let w = Workload::requests(Decimal::from(1000));
    let q = Query {
        catalog: &catalog,
        region: "us-east-1",
        a: OptionSpec::parse("rest").unwrap(),
        b: OptionSpec::parse("rest+cache").unwrap(),
        variable: Variable::Requests,
        workload: &w,
        free_tier: &FreeTier::None,
        from: None,
        to: None,
        migration_cost: None,
        growth: Decimal::ZERO,
    };
    assert!(search(&q).is_err());
    let mut w2 = w.clone();
    w2.cache = Some(CacheConfig {
        size_gb: Decimal::new(5, 1),
        hit_rate: Decimal::ZERO,
    });
    // REST with an unused cache is always dearer by $14.60: no crossing
    let be = search(&Query { workload: &w2, ..q }).unwrap();
    assert!(be.points.is_empty());
}
