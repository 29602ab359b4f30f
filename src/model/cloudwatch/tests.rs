//! The derivations on series built by hand (the end-to-end tests read files: `tests/cloudwatch.rs`).

use rust_decimal::Decimal;

use super::assemble::{
    assemble, query_series, settle_kinds, Page, Queries, QueryDef, RawResult, Status,
};
use super::derive::{derive, Options};
use super::{ApiRef, Metric, Range, Series, SeriesKey, Stat};
use crate::model::api::ApiKind;

const T0: i64 = 1_793_491_200; // 2026-11-01T00:00:00Z

fn api() -> ApiRef {
    ApiRef {
        kind: ApiKind::Rest,
        name: "orders".into(),
        stage: "prod".into(),
    }
}

fn series(metric: Metric, stat: Stat, period: i64, points: Vec<(i64, i64)>) -> Series {
    Series {
        key: SeriesKey {
            api: api(),
            metric,
            stat,
        },
        period,
        points: points
            .into_iter()
            .map(|(t, v)| (t, Decimal::from(v)))
            .collect(),
        origin: "test".into(),
    }
}

fn week() -> Vec<(i64, i64)> {
    let peak = T0 + (2 * 24 + 14) * 3600;
    (0..168)
        .map(|h| T0 + h * 3600)
        .map(|t| (t, if t == peak { 400_000 } else { 100_000 }))
        .collect()
}

/// 167 x 100,000 + 400,000 = 17,100,000 in 168 h; x 730 / 168 = 74,303,571.43 -> 74,303,571;
/// peak 400,000 x 168 / 17,100,000 = 3.9298 -> 3.93.
#[test]
fn the_worked_example() {
    let s = vec![series(Metric::Count, Stat::Sum, 3600, week())];
    let out = derive(&s, &Options::default()).unwrap();
    let t = &out.apis[0];
    assert_eq!(t.total, Decimal::from(17_100_000));
    assert_eq!(t.monthly, Decimal::from(74_303_571));
    assert_eq!(t.hours, Decimal::from(168));
    assert_eq!(t.peak_factor(), Some("3.93".parse().unwrap()));
    assert_eq!(t.peak.unwrap().at, T0 + 62 * 3600);
    assert_eq!((t.expected, t.missing_count), (168, 0));
}

#[test]
fn missing_periods_at_the_ends_need_the_range() {
    // Hours 2..166 of the week only: 164 periods with data.
    let pts: Vec<_> = week().into_iter().skip(2).take(164).collect();
    let s = vec![series(Metric::Count, Stat::Sum, 3600, pts)];
    let without = derive(&s, &Options::default()).unwrap();
    assert_eq!(without.apis[0].missing_count, 0);
    let range = Range {
        start: T0,
        end: T0 + 168 * 3600,
    };
    let with = derive(&s, &Options { range: Some(range) }).unwrap();
    let t = &with.apis[0];
    assert_eq!((t.expected, t.missing_count, t.periods), (168, 4, 164));
    assert_eq!(
        t.missing,
        vec![T0, T0 + 3600, T0 + 166 * 3600, T0 + 167 * 3600]
    );
    assert!(with.warnings.iter().any(|w| w.contains("4 of 168 periods")));
    // A datapoint outside the range is refused.
    let short = Range {
        start: T0 + 10 * 3600,
        end: T0 + 20 * 3600,
    };
    let e = derive(&s, &Options { range: Some(short) }).unwrap_err();
    assert!(e.contains("outside the range asked for"), "{e}");
}

#[test]
fn counts_must_share_one_period() {
    let s = vec![
        series(Metric::Count, Stat::Sum, 3600, week()),
        series(Metric::CacheHitCount, Stat::Sum, 300, vec![(T0, 5)]),
        series(Metric::CacheMissCount, Stat::Sum, 3600, vec![(T0, 5)]),
    ];
    let e = derive(&s, &Options::default()).unwrap_err();
    assert!(
        e.contains("mismatched periods") && e.contains("per 300 s"),
        "{e}"
    );
    let s = vec![
        series(Metric::Count, Stat::Sum, 3600, week()),
        series(Metric::CacheHitCount, Stat::Sum, 3600, vec![(T0 + 60, 5)]),
    ];
    let e = derive(&s, &Options::default()).unwrap_err();
    assert!(e.contains("not a whole number of 3600 s periods"), "{e}");
}

#[test]
fn hourly_percentiles_are_averaged_by_requests_with_a_warning() {
    // Two hours: 100 requests at p99 10 ms, 300 at p99 30 ms: (100 x 10 + 300 x 30) / 400 = 25.
    let s = vec![
        series(
            Metric::Count,
            Stat::Sum,
            3600,
            vec![(T0, 100), (T0 + 3600, 300)],
        ),
        series(
            Metric::Latency,
            Stat::P99,
            3600,
            vec![(T0, 10), (T0 + 3600, 30)],
        ),
        series(
            Metric::IntegrationLatency,
            Stat::P99,
            3600,
            vec![(T0, 5), (T0 + 3600, 5)],
        ),
    ];
    let out = derive(&s, &Options::default()).unwrap();
    let l = &out.apis[0].latency;
    assert_eq!(l.latency.p99, Some(Decimal::from(25)));
    assert_eq!(l.overhead.p99, Some(Decimal::from(20)));
    assert!(l.averaged);
    assert!(out.warnings.iter().any(|w| w.contains("weighted by Count")));
    // An overhead that is not positive is not derived, and the warning says so.
    let s = vec![
        series(Metric::Count, Stat::Sum, 3600, vec![(T0, 100)]),
        series(Metric::Latency, Stat::P50, 86_400, vec![(T0, 10)]),
        series(
            Metric::IntegrationLatency,
            Stat::P50,
            86_400,
            vec![(T0, 12)],
        ),
    ];
    let out = derive(&s, &Options::default()).unwrap();
    assert_eq!(out.apis[0].latency.overhead.p50, None);
    assert!(out
        .warnings
        .iter()
        .any(|w| w.contains("is not above IntegrationLatency")));
}

fn raw(id: &str, status: Status, ts: Vec<i64>, vs: Vec<i64>) -> RawResult {
    RawResult {
        id: id.into(),
        label: Some("apigw-cost rest prod Count Sum 3600 orders".to_string()),
        status,
        timestamps: ts,
        values: vs.into_iter().map(Decimal::from).collect(),
        messages: vec![],
        known: None,
    }
}

#[test]
fn pages_complete_partial_series_and_refuse_mismatched_lengths() {
    let p1 = Page {
        origin: "p1.json".into(),
        next_token: true,
        metric_data: true,
        results: vec![raw("a", Status::PartialData, vec![T0 + 3600], vec![2])],
        messages: vec![],
    };
    let p2 = Page {
        origin: "p2.json".into(),
        results: vec![raw("a", Status::Complete, vec![T0], vec![1])],
        metric_data: true,
        ..Page::default()
    };
    let a = assemble(&[p1.clone(), p2], &Queries::default()).unwrap();
    assert_eq!(a.series[0].points.len(), 2);
    assert_eq!(a.series[0].points[0].0, T0);
    let e = assemble(&[p1], &Queries::default()).unwrap_err();
    assert!(e.contains("PartialData") && e.contains("p1.json"), "{e}");
    let bad = Page {
        origin: "b.json".into(),
        results: vec![raw("a", Status::Complete, vec![T0, T0 + 3600], vec![1])],
        metric_data: true,
        ..Page::default()
    };
    let e = assemble(&[bad], &Queries::default()).unwrap_err();
    assert!(e.contains("2 timestamps but 1 values"), "{e}");
}

#[test]
fn queries_are_read_by_their_dimensions() {
    let dims = |a: &str, v: &str| {
        vec![
            (a.to_string(), v.to_string()),
            ("Stage".to_string(), "prod".to_string()),
        ]
    };
    let (k, p) = query_series(
        "AWS/ApiGateway",
        "Count",
        &dims("ApiName", "orders"),
        "Sum",
        300,
    )
    .unwrap();
    assert_eq!(
        (k.api.kind, k.metric, p),
        (ApiKind::Rest, Metric::Count, 300)
    );
    let (k, _) = query_series(
        "AWS/ApiGateway",
        "MessageCount",
        &dims("ApiId", "w1"),
        "Sum",
        60,
    )
    .unwrap();
    assert_eq!(k.api.kind, ApiKind::WebSocket);
    for (ns, m, s, expected) in [
        ("AWS/Lambda", "Count", "Sum", "namespace"),
        (
            "AWS/ApiGateway",
            "4XXError",
            "Sum",
            "not one the importer reads",
        ),
        (
            "AWS/ApiGateway",
            "Count",
            "Average",
            "not Sum, p50, p90 or p99",
        ),
        (
            "AWS/ApiGateway",
            "Latency",
            "Sum",
            "is read as p50, p90 or p99",
        ),
    ] {
        let e = query_series(ns, m, &dims("ApiName", "x"), s, 60).unwrap_err();
        assert!(e.contains(expected), "{m} {s}: {e}");
    }
    let e = query_series(
        "AWS/ApiGateway",
        "Count",
        &[("ApiName".into(), "x".into())],
        "Sum",
        60,
    )
    .unwrap_err();
    assert!(e.contains("exactly ApiName and Stage"), "{e}");
    // IntegrationLatency by ApiId is WebSocket when the same API's other queries say so.
    let mut q = Queries::default();
    for (id, metric, stat) in [
        ("m", "MessageCount", "Sum"),
        ("i", "IntegrationLatency", "p99"),
    ] {
        q.defs.insert(
            id.into(),
            QueryDef {
                id: id.into(),
                series: query_series("AWS/ApiGateway", metric, &dims("ApiId", "w1"), stat, 60),
                origin: "q.json".into(),
            },
        );
    }
    assert_eq!(
        q.defs["i"].series.as_ref().unwrap().0.api.kind,
        ApiKind::Http
    );
    settle_kinds(&mut q);
    assert_eq!(
        q.defs["i"].series.as_ref().unwrap().0.api.kind,
        ApiKind::WebSocket
    );
}
