//! `import cloudwatch`'s report: per API stage, every derived figure with how it was derived, as a
//! table, Markdown or JSON; then the warnings. Formats only: the figures come from
//! `model::cloudwatch`.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use super::markup::Markup;
use super::Format;
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::cloudwatch::derive::{ApiTraffic, Pct};
use crate::model::cloudwatch::time;
use crate::model::numbers::group;

/// What the report shows.
pub struct CloudWatchReport<'a> {
    pub apis: &'a [ApiTraffic],
    /// The profile written for each API (same order), with `--out`.
    pub profiles: &'a [Option<String>],
    pub warnings: &'a [String],
}

/// The report in `format` (table, Markdown or JSON; there are no line items for CSV).
pub fn report(format: Format, r: &CloudWatchReport) -> Result<String> {
    if let Some(w) = super::markup::writer(format) {
        return Ok(text(r, w));
    }
    match format {
        Format::Json => json(r),
        _ => Err(Error::usage(
            "--format",
            "csv",
            "table, json or markdown (import cloudwatch has no line items to put in a finance CSV)",
        )),
    }
}

/// What the gateway overhead is, wherever it is shown.
pub const APPROXIMATION: &str = "Gateway overhead = Latency - IntegrationLatency percentile by percentile: a difference of percentiles, not the percentile of the difference (an approximation)";

fn num(d: Decimal) -> String {
    group(d.round_dp(2))
}

fn ms(p: &Pct) -> String {
    [p.p50, p.p90, p.p99]
        .iter()
        .map(|v| v.map_or("-".into(), num))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The rows (figure, value, how) of one API stage.
fn rows(t: &ApiTraffic, profile: Option<&String>) -> Vec<[String; 3]> {
    let mut r = Vec::new();
    let hours = num(t.hours);
    r.push([
        "hours covered".into(),
        format!("{hours} h"),
        format!(
            "{} of {} periods of {} s have a {} datapoint{}",
            t.periods,
            t.expected,
            group(Decimal::from(t.period)),
            t.volume_metric.name(),
            if t.missing_count > 0 {
                format!(", {} missing (see the warnings)", t.missing_count)
            } else {
                ", none missing".into()
            }
        ),
    ]);
    let unit = if t.api.kind == ApiKind::WebSocket {
        "messages"
    } else {
        "requests"
    };
    r.push([
        format!("{unit} a month"),
        group(t.monthly),
        format!(
            "{} {} (Sum) in {hours} h x 730 / {hours}, rounded",
            num(t.total),
            t.volume_metric.name()
        ),
    ]);
    if let (Some(p), Some(f)) = (t.peak, t.peak_factor()) {
        r.push([
            "peak factor".into(),
            f.to_string(),
            format!(
                "busiest period {} at {} / average {} per period",
                num(p.value),
                time::short(p.at),
                num(t.total / Decimal::from(t.periods as u64))
            ),
        ]);
    }
    if let Some(c) = t.cache {
        r.push([
            "cache hit".into(),
            c.hit_rate
                .map_or("-".into(), |h| format!("{}%", num(h * Decimal::from(100)))),
            format!(
                "CacheHitCount / (CacheHitCount + CacheMissCount) = {} / {}",
                num(c.hits),
                num(c.hits + c.misses)
            ),
        ]);
    }
    if let (Some(b), Some(kb)) = (t.bytes_per_request, t.request_size_kb()) {
        r.push([
            "bytes processed per request".into(),
            format!("{} bytes ({} KB)", num(b), num(kb)),
            "DataProcessed / Count: what the API processed, which may include responses; the 512 KB metering counts each request's own size".into(),
        ]);
    }
    if let Some(c) = t.connections {
        r.push([
            "connections a month".into(),
            group(c),
            "ConnectCount (calls to $connect) scaled like the messages; connection minutes are not in CloudWatch (--connection-duration)".into(),
        ]);
    }
    latency_rows(t, &mut r);
    if let Some(p) = profile {
        r.push([
            "profile".into(),
            p.clone(),
            "--out: compare/project/review/quote --profile, latency --profile".into(),
        ]);
    }
    r
}

/// The latency percentiles CloudWatch gave: end to end, the backend's, and the gateway's between.
fn latency_rows(t: &ApiTraffic, r: &mut Vec<[String; 3]>) {
    let l = &t.latency;
    if !l.latency.is_empty() {
        r.push([
            "Latency p50 / p90 / p99".into(),
            format!("{} ms", ms(&l.latency)),
            "request received to response returned".into(),
        ]);
    }
    if !l.integration.is_empty() {
        r.push([
            "IntegrationLatency p50 / p90 / p99".into(),
            format!("{} ms", ms(&l.integration)),
            "the backend's share".into(),
        ]);
    }
    if !l.overhead.is_empty() {
        r.push([
            "gateway overhead p50 / p90 / p99".into(),
            format!("{} ms", ms(&l.overhead)),
            "Latency - IntegrationLatency, percentile by percentile (an approximation, see below)"
                .into(),
        ]);
    }
}

fn heading(t: &ApiTraffic) -> String {
    format!(
        "{}: {} (UTC){}",
        t.api.describe(),
        t.range.describe(),
        if t.range_given {
            ""
        } else {
            ", from the first to the last datapoint"
        }
    )
}

/// The report's one layout, in the table or Markdown writer.
fn text(r: &CloudWatchReport, mut w: Box<dyn Markup>) -> String {
    for (i, t) in r.apis.iter().enumerate() {
        let rows: Vec<Vec<String>> = rows(t, r.profiles.get(i).and_then(Option::as_ref))
            .into_iter()
            .map(Vec::from)
            .collect();
        w.heading(&heading(t));
        w.table(&["Figure", "Value", "How"], &rows, &[1]);
        if !t.latency.overhead.is_empty() {
            w.paragraph(&format!("{APPROXIMATION}."));
        }
        w.end_section();
    }
    if !r.warnings.is_empty() {
        w.list("Warnings", r.warnings);
    }
    w.finish()
}

#[derive(Serialize)]
struct RangeJson {
    start: String,
    end: String,
    given: bool,
}

#[derive(Serialize)]
struct LatencyJson {
    latency_p50_ms: Option<f64>,
    latency_p90_ms: Option<f64>,
    latency_p99_ms: Option<f64>,
    integration_p50_ms: Option<f64>,
    integration_p90_ms: Option<f64>,
    integration_p99_ms: Option<f64>,
    overhead_p50_ms: Option<f64>,
    overhead_p90_ms: Option<f64>,
    overhead_p99_ms: Option<f64>,
    averaged_over_periods: bool,
    approximation: &'static str,
}

#[derive(Serialize)]
struct PeakJson {
    at: String,
    value: Decimal,
    factor_exact: Decimal,
}

#[derive(Serialize)]
struct ApiJson<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    stage: &'a str,
    range: RangeJson,
    period_s: i64,
    hours: Decimal,
    periods: usize,
    periods_expected: usize,
    periods_missing: usize,
    missing: Vec<String>,
    volume_metric: &'static str,
    volume_in_range: Decimal,
    requests: Option<Decimal>,
    messages: Option<Decimal>,
    monthly_if_missing_were_idle: Decimal,
    peak_factor: Option<Decimal>,
    peak: Option<PeakJson>,
    cache_hit: Option<Decimal>,
    cache_hits: Option<Decimal>,
    cache_misses: Option<Decimal>,
    request_size_kb: Option<Decimal>,
    bytes_per_request: Option<Decimal>,
    data_processed_bytes: Option<Decimal>,
    connections: Option<Decimal>,
    latency: LatencyJson,
    profile: Option<&'a str>,
}

fn ms_f64(d: Option<Decimal>) -> Option<f64> {
    d.and_then(|v| v.round_dp(3).to_f64())
}

fn api_json<'a>(t: &'a ApiTraffic, profile: Option<&'a String>) -> ApiJson<'a> {
    let ws = t.api.kind == ApiKind::WebSocket;
    let l = &t.latency;
    ApiJson {
        kind: t.api.kind.name(),
        name: (t.api.kind == ApiKind::Rest).then_some(t.api.name.as_str()),
        id: (t.api.kind != ApiKind::Rest).then_some(t.api.name.as_str()),
        stage: &t.api.stage,
        range: RangeJson {
            start: time::format(t.range.start),
            end: time::format(t.range.end),
            given: t.range_given,
        },
        period_s: t.period,
        hours: t.hours.normalize(),
        periods: t.periods,
        periods_expected: t.expected,
        periods_missing: t.missing_count,
        missing: t.missing.iter().map(|m| time::format(*m)).collect(),
        volume_metric: t.volume_metric.name(),
        volume_in_range: t.total.normalize(),
        requests: (!ws).then_some(t.monthly),
        messages: ws.then_some(t.monthly),
        monthly_if_missing_were_idle: t.monthly_if_idle,
        peak_factor: t.peak_factor(),
        peak: t.peak.map(|p| PeakJson {
            at: time::format(p.at),
            value: p.value.normalize(),
            factor_exact: p.factor.normalize(),
        }),
        cache_hit: t.cache.and_then(|c| c.hit_rate).map(|d| d.normalize()),
        cache_hits: t.cache.map(|c| c.hits.normalize()),
        cache_misses: t.cache.map(|c| c.misses.normalize()),
        request_size_kb: t.request_size_kb().map(|k| k.round_dp(6).normalize()),
        bytes_per_request: t.bytes_per_request.map(|b| b.round_dp(6).normalize()),
        data_processed_bytes: t.data_processed.map(|d| d.normalize()),
        connections: t.connections,
        latency: LatencyJson {
            latency_p50_ms: ms_f64(l.latency.p50),
            latency_p90_ms: ms_f64(l.latency.p90),
            latency_p99_ms: ms_f64(l.latency.p99),
            integration_p50_ms: ms_f64(l.integration.p50),
            integration_p90_ms: ms_f64(l.integration.p90),
            integration_p99_ms: ms_f64(l.integration.p99),
            overhead_p50_ms: ms_f64(l.overhead.p50),
            overhead_p90_ms: ms_f64(l.overhead.p90),
            overhead_p99_ms: ms_f64(l.overhead.p99),
            averaged_over_periods: l.averaged,
            approximation: APPROXIMATION,
        },
        profile: profile.map(String::as_str),
    }
}

fn json(r: &CloudWatchReport) -> Result<String> {
    let apis: Vec<ApiJson> = r
        .apis
        .iter()
        .enumerate()
        .map(|(i, t)| api_json(t, r.profiles.get(i).and_then(Option::as_ref)))
        .collect();
    let doc = serde_json::json!({
        "schema_version": crate::render::json::SCHEMA_VERSION,
        "apis": apis,
        "warnings": r.warnings,
    });
    let mut s = serde_json::to_string_pretty(&doc).map_err(|e| Error::Other(e.to_string()))?;
    s.push('\n');
    Ok(s)
}
