//! `import cloudwatch`'s files: the GetMetricData input `--print-query` prints, and the traffic profile
//! (TOML, the format of `data/profiles/`) written per API stage, every value with a comment saying
//! where it came from.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::profile_toml::{strings, ProfileDoc};
use crate::error::Result;

use crate::model::api::ApiKind;
use crate::model::cloudwatch::derive::ApiTraffic;
use crate::model::cloudwatch::profile::{peak_at, Plan};
use crate::model::cloudwatch::query::{dimensions, envelope, Query, QueryRequest};
use crate::model::numbers::group;

/// The input of `aws cloudwatch get-metric-data --cli-input-json file://q.json`.
pub fn query_json(queries: &[Query], r: &QueryRequest) -> String {
    let (namespace, start, end) = envelope(r);
    let q: Vec<serde_json::Value> = queries
        .iter()
        .map(|q| {
            let dims: Vec<serde_json::Value> = dimensions(&q.api)
                .iter()
                .map(|(n, v)| serde_json::json!({ "Name": n, "Value": v }))
                .collect();
            serde_json::json!({
                "Id": q.id,
                "Label": q.label,
                "MetricStat": {
                    "Metric": {
                        "Namespace": namespace,
                        "MetricName": q.metric.name(),
                        "Dimensions": dims,
                    },
                    "Period": q.period,
                    "Stat": q.stat.name(),
                },
                "ReturnData": true,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "MetricDataQueries": q,
        "StartTime": start,
        "EndTime": end,
        "ScanBy": "TimestampDescending",
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// A whole count: an integer, or a string beyond a 64-bit integer (profiles read both).
fn whole(d: Decimal) -> toml::Value {
    match i64::try_from(d) {
        Ok(i) => toml::Value::Integer(i),
        Err(_) => toml::Value::String(d.normalize().to_string()),
    }
}

/// A measured figure (a size, a factor, a share, minutes) as a TOML number: an integer when whole, else
/// a float (rounded to a few decimals, its shortest form is the decimal's own digits).
fn number(d: Decimal) -> toml::Value {
    let d = d.normalize();
    match i64::try_from(d) {
        Ok(i) if d.fract().is_zero() => toml::Value::Integer(i),
        _ => toml::Value::Float(d.to_f64().unwrap_or_default()),
    }
}

fn num(d: Decimal) -> String {
    group(d.round_dp(2))
}

/// The profile of one API stage, written by the one profile writer ([`ProfileDoc`]: every value
/// through the `toml` serializer, comments made safe, the text read back).
pub fn profile_toml(t: &ApiTraffic, p: &Plan, region: &str, region_given: bool) -> Result<String> {
    let api = &t.api;
    let range = t.range.describe();
    let dim = api.dimension();
    let mut d = ProfileDoc::new();
    d.comment(&format!(
        "Traffic of {}, imported from CloudWatch by `apigw-cost import cloudwatch`.",
        api.describe()
    ));
    d.comment(&format!(
        "Range {range} (UTC): {} of {} periods of {} s have a {} datapoint, {} hours covered{}.",
        t.periods,
        t.expected,
        group(Decimal::from(t.period)),
        t.volume_metric.name(),
        num(t.hours),
        if t.missing_count > 0 {
            format!(" ({} missing, left out)", t.missing_count)
        } else {
            String::new()
        }
    ));
    d.key("name", format!("{} ({})", api.name, api.stage));
    d.key(
        "source",
        format!(
            "CloudWatch AWS/ApiGateway, {dim}={}, Stage={}, {range}",
            api.name, api.stage
        ),
    );
    d.comment(if region_given {
        "The region the metrics were read in (--region)."
    } else {
        "CloudWatch's output does not name its region: the default, us-east-1 (import with --region CODE to set it)."
    });
    d.key("region", region);
    let apis: &[&str] = match api.kind {
        ApiKind::Rest => &["rest", "http"],
        ApiKind::Http => &["http", "rest"],
        _ => &["websocket"],
    };
    d.key("api", api.kind.name());
    d.key("apis", strings(apis));
    if let Some(r) = p.requests {
        d.comment(&format!(
            "Count (Sum): {} in {} hours covered x 730 / {}, rounded to a whole number.",
            num(t.total),
            num(t.hours),
            num(t.hours)
        ));
        d.key("requests", whole(r));
    }
    peak(&mut d, t, p);
    if let Some(kb) = p.request_size_kb {
        d.comment(&format!(
            "DataProcessed / Count = {} bytes processed per request (/ 1,024 = KB): what the API processed,\nwhich may include responses; HTTP requests are metered in 512 KB increments of their own size.",
            num(t.bytes_per_request.unwrap_or_default())
        ));
        d.key("request_size", number(kb));
    }
    sections(&mut d, t, p);
    d.finish()
}

fn peak(d: &mut ProfileDoc, t: &ApiTraffic, p: &Plan) {
    let Some(pk) = t.peak else { return };
    let avg = t.total / Decimal::from(t.periods as u64);
    let text = format!(
        "Busiest period: {} at {} over the average {} per period of {} s = {}, to 2 decimals.\nA per-second peak inside that period can be higher.",
        num(pk.value),
        peak_at(t).unwrap_or_default(),
        num(avg),
        group(Decimal::from(t.period)),
        pk.factor.round_dp(6).normalize()
    );
    match p.peak_factor {
        Some(f) => {
            d.comment(&text);
            d.key("peak_factor", number(f));
        }
        None if t.api.kind == ApiKind::WebSocket => {
            d.comment(&format!(
                "{text}\n(peak of messages; a profile's peak_factor is of requests: not set)"
            ));
        }
        None => {}
    }
}

fn sections(d: &mut ProfileDoc, t: &ApiTraffic, p: &Plan) {
    if let (Some((size, rate)), Some(c)) = (p.cache, t.cache) {
        d.blank();
        d.section("cache");
        d.comment("The size from --cache-size (CloudWatch does not say it).");
        d.key("size_gb", number(size));
        d.comment(&format!(
            "CacheHitCount / (CacheHitCount + CacheMissCount) = {} / {}, to 4 decimals.",
            num(c.hits),
            num(c.hits + c.misses)
        ));
        d.key("hit_rate", number(rate));
    } else if let Some(rate) = t.cache.and_then(|c| c.hit_rate) {
        d.blank();
        d.comment(&format!(
            "Cache hit rate measured {}% (CacheHitCount / (CacheHitCount + CacheMissCount)); CloudWatch does not\nsay the cache's size: import with --cache-size GB to write [cache].",
            num(rate * Decimal::from(100))
        ));
    }
    if let Some(m) = p.messages {
        d.blank();
        d.section("websocket");
        d.comment(&format!(
            "MessageCount (Sum): {} in {} hours covered x 730 / {}, rounded.",
            num(t.total),
            num(t.hours),
            num(t.hours)
        ));
        d.key("messages", whole(m));
        match (p.connections, t.connections) {
            (Some((c, minutes)), _) => {
                d.comment("ConnectCount (Sum, calls to $connect) scaled the same way; minutes each from --connection-duration.");
                d.key("connections", whole(c));
                d.key("connection_duration_minutes", number(minutes));
            }
            (None, Some(c)) => d.comment(&format!(
                "ConnectCount scaled: {c} connections a month. Connection minutes are not in CloudWatch: add\nconnections = {c} and connection_duration_minutes, or import with --connection-duration MINUTES."
            )),
            _ => {}
        }
    }
    latency(d, t, p);
}

fn latency(d: &mut ProfileDoc, t: &ApiTraffic, p: &Plan) {
    let l = &t.latency;
    let pct = |x: &crate::model::cloudwatch::derive::Pct| {
        [x.p50, x.p90, x.p99]
            .iter()
            .map(|v| v.map_or("-".to_string(), num))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    if l.latency.is_empty() && l.integration.is_empty() {
        return;
    }
    d.blank();
    d.section("latency");
    if !l.latency.is_empty() {
        d.comment(&format!(
            "Latency p50 / p90 / p99: {} ms (request received to response returned).",
            pct(&l.latency)
        ));
    }
    d.comment(&format!(
        "IntegrationLatency p50 / p90 / p99: {} ms (the backend's share; for reference, not a model input).",
        pct(&l.integration)
    ));
    if let Some((p50, p99, source)) = &p.overhead {
        d.comment("Gateway overhead = Latency - IntegrationLatency, p50 and p99: a difference of percentiles, not the\npercentile of the difference (an approximation). `latency --profile` uses it for this API's gateway.");
        d.key("gateway_overhead_ms", format!("{p50},{p99}"));
        d.key("gateway_overhead_source", source.as_str());
    }
}
