//! Explanations the fixture bill does not show: a uniform discount, a period older than the catalog.

use rust_decimal::Decimal;

use super::explain::Kind;
use super::rate::{reconcile, Options};
use super::{Aggregator, BillLine, Charge};
use crate::model::catalog::Catalog;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn line<'a>(
    period: &'a str,
    account: &'a str,
    ut: &'a str,
    usage: &str,
    cost: &str,
) -> BillLine<'a> {
    BillLine {
        period,
        payer: "111",
        account,
        charge: Charge::Usage,
        line_type: "Usage",
        product: "AmazonApiGateway",
        usage_type: ut,
        operation: "",
        region: "",
        description: "",
        usage: d(usage),
        cost: d(cost),
    }
}

fn run(lines: &[BillLine]) -> super::Reconciliation {
    let mut a = Aggregator::new();
    for l in lines {
        a.add(l).unwrap();
    }
    let n = a.lines;
    reconcile(
        a.into_groups(),
        &Catalog::embedded().unwrap(),
        "USD",
        n,
        Options::default(),
    )
    .unwrap()
}

#[test]
fn one_discount_rate_on_every_differing_meter_is_named() {
    // us-east-1 REST 10M x $3.50/M = 35.00, billed 31.50 (x 0.9); eu-west-1 HTTP 10M x $1.11/M = 11.10,
    // billed 9.99 (x 0.9): a uniform 10% discount.
    let r = run(&[
        line("2026-10", "a", "USE1-ApiGatewayRequest", "10000000", "31.5"),
        line(
            "2026-10",
            "b",
            "EU-ApiGatewayHttpRequest",
            "10000000",
            "9.99",
        ),
    ]);
    assert_eq!(r.rows[0].model + r.rows[1].model, d("46.10"));
    assert_eq!(r.explanations.len(), 1);
    let e = &r.explanations[0];
    assert_eq!(e.kind, Kind::UniformDiscount);
    assert_eq!(e.rows, vec![0, 1]);
    assert!(
        e.text.contains("x 0.9") && e.text.contains("discount of 10%"),
        "{}",
        e.text
    );
}

#[test]
fn different_rates_are_each_unexplained() {
    let r = run(&[
        line("2026-10", "a", "USE1-ApiGatewayRequest", "10000000", "31.5"),
        line("2026-10", "b", "EU-ApiGatewayHttpRequest", "10000000", "11"),
    ]);
    let kinds: Vec<Kind> = r.explanations.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, vec![Kind::Unexplained, Kind::Unexplained]);
    // 31.50 for 10M: $3.15 per 1M against the catalog's $3.50.
    assert!(
        r.explanations[0].text.contains("($3.15 per 1M requests)"),
        "{}",
        r.explanations[0].text
    );
}

/// The catalog's publication month (`2025-10` for 2025-10-20) and the months before and after it.
fn months() -> (String, String, String) {
    let p = Catalog::embedded().unwrap().provenance.published;
    let (y, m): (i32, u32) = (p[..4].parse().unwrap(), p[5..7].parse().unwrap());
    let before = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let after = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    (
        format!("{:04}-{:02}", before.0, before.1),
        p[..7].to_string(),
        format!("{:04}-{:02}", after.0, after.1),
    )
}

#[test]
fn a_period_before_the_catalogs_prices_is_named() {
    // The month before the catalog's prices (2025-09 for 2025-10-20): 10M REST billed 37.00, not 35.00.
    let (before, _, _) = months();
    let r = run(&[line(
        &before,
        "a",
        "USE1-ApiGatewayRequest",
        "10000000",
        "37",
    )]);
    assert_eq!(r.explanations.len(), 1);
    assert_eq!(r.explanations[0].kind, Kind::PriceDate);
    assert!(r.explanations[0]
        .text
        .contains(&format!("period {before} is older")));
    assert_eq!(r.difference_total, d("2"));
}

#[test]
fn a_region_the_catalog_lacks_is_unmatched_not_zero() {
    // HTTP APIs have no price in ap-east-2 (APE2): listed with its cost, never rated at zero.
    let r = run(&[line(
        "2026-10",
        "a",
        "APE2-ApiGatewayHttpRequest",
        "1000",
        "0.01",
    )]);
    assert!(r.rows.is_empty());
    assert_eq!(r.unmatched.len(), 1);
    assert!(
        r.unmatched[0]
            .reason
            .contains("no HTTP API prices for ap-east-2"),
        "{}",
        r.unmatched[0].reason
    );
    assert_eq!(r.unmatched_total, d("0.01"));
}

#[test]
fn a_period_that_holds_the_catalogs_date_is_named() {
    // The publication month (2025-10 for 2025-10-20) may hold a price change inside the period.
    let (_, month, after) = months();
    let r = run(&[line(
        &month,
        "a",
        "USE1-ApiGatewayRequest",
        "10000000",
        "36",
    )]);
    assert_eq!(r.explanations[0].kind, Kind::PriceDate);
    let text = &r.explanations[0].text;
    assert!(
        text.contains(&format!("inside the bill's period {month}")),
        "{text}"
    );
    // The month after it: unexplained.
    let r = run(&[line(
        &after,
        "a",
        "USE1-ApiGatewayRequest",
        "10000000",
        "36",
    )]);
    assert_eq!(r.explanations[0].kind, Kind::Unexplained);
}

#[test]
fn a_contradicting_region_column_and_an_unconfirmed_code_are_warned_about() {
    let mut l = line("2026-10", "a", "USE1-ApiGatewayRequest", "1000", "0.0035");
    l.region = "us-east-2";
    let r = run(&[
        l,
        line("2026-10", "a", "EUC2-ApiGatewayRequest", "1000", "0.00407"),
    ]);
    assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
    assert!(r.warnings[0].contains("EUC2") && r.warnings[0].contains("eu-central-2"));
    assert!(r.warnings[1].contains("prefix USE1 is us-east-1 but the region column says us-east-2"));
    // The column won: the row is us-east-2's (REST 3.50/M there too: 1,000 x 0.0000035 = 0.0035).
    assert!(r
        .rows
        .iter()
        .any(|x| x.region == "us-east-2" && x.model == d("0.0035")));
}

#[test]
fn lambda_alb_and_egress_lines_are_rated_where_the_catalog_prices_them() {
    // eu-central-1 (catalog: ALB $0.027/h and $0.008/LCU-h, Lambda arm $0.20/M requests and
    // $0.0000133334/GB-s, egress $0.09/GB first 10 TB):
    // 744 h x 0.027 = 20.088; 1,000 LCU-h x 0.008 = 8; 10M x 0.20/M = 2; 1M GB-s x 0.0000133334 = 13.3334;
    // 100 GB x 0.09 = 9.
    let mut lines = vec![
        line("2026-10", "a", "EUC1-LoadBalancerUsage", "744", "20.088"),
        line("2026-10", "a", "EUC1-LCUUsage", "1000", "8"),
        line("2026-10", "a", "EUC1-Request-ARM", "10000000", "2"),
        line(
            "2026-10",
            "a",
            "EUC1-Lambda-GB-Second-ARM",
            "1000000",
            "13.3334",
        ),
        line("2026-10", "a", "EUC1-DataTransfer-Out-Bytes", "100", "9"),
    ];
    for l in &mut lines[..2] {
        l.product = "AWSELB";
        l.operation = "LoadBalancing:Application";
    }
    for l in &mut lines[2..4] {
        l.product = "AWSLambda";
    }
    lines[4].product = "AWSDataTransfer";
    let r = run(&lines);
    let names: Vec<String> = r.rows.iter().map(|x| x.meter.name()).collect();
    assert_eq!(
        names,
        vec![
            "data-transfer-out",
            "lambda:requests:arm",
            "lambda:gb-seconds:arm",
            "alb:hours",
            "alb:lcu-hours"
        ]
    );
    assert!(r.unmatched.is_empty());
    assert_eq!(r.model_total, d("52.4214"));
    assert_eq!(r.difference_total, Decimal::ZERO);
    assert!(r.explanations.is_empty());
}
