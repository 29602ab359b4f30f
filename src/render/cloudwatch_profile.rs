//! `import cloudwatch`'s files: the GetMetricData input `--print-query` prints, and the traffic profile
//! (TOML, the format of `data/profiles/`) written per API stage, every value with a comment saying
//! where it came from.

use rust_decimal::Decimal;

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

/// A TOML string, escaped.
fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Text for a comment: one line, no control characters.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A whole count as TOML: an integer, or a string beyond a 64-bit integer (profiles read both).
fn whole(d: Decimal) -> String {
    match i64::try_from(d) {
        Ok(i) => i.to_string(),
        Err(_) => format!("\"{}\"", d.normalize()),
    }
}

fn num(d: Decimal) -> String {
    group(d.round_dp(2))
}

/// The profile of one API stage.
pub fn profile_toml(t: &ApiTraffic, p: &Plan, region: &str, region_given: bool) -> String {
    let api = &t.api;
    let range = t.range.describe();
    let dim = api.dimension();
    let mut o = String::new();
    let line = |o: &mut String, s: &str| {
        o.push_str(s);
        o.push('\n');
    };
    line(
        &mut o,
        &format!(
            "# Traffic of {}, imported from CloudWatch by `apigw-cost import cloudwatch`.",
            comment(&api.describe())
        ),
    );
    line(
        &mut o,
        &format!(
            "# Range {range} (UTC): {} of {} periods of {} s have a {} datapoint, {} hours covered{}.",
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
        ),
    );
    line(
        &mut o,
        &format!(
            "name = {}",
            string(&format!("{} ({})", api.name, api.stage))
        ),
    );
    line(
        &mut o,
        &format!(
            "source = {}",
            string(&format!(
                "CloudWatch AWS/ApiGateway, {dim}={}, Stage={}, {range}",
                api.name, api.stage
            ))
        ),
    );
    if region_given {
        line(&mut o, "# The region the metrics were read in (--region).");
    } else {
        line(
            &mut o,
            "# CloudWatch's output does not name its region: the default, us-east-1 (import with --region CODE to set it).",
        );
    }
    line(&mut o, &format!("region = {}", string(region)));
    let apis = match api.kind {
        ApiKind::Rest => "[\"rest\", \"http\"]",
        ApiKind::Http => "[\"http\", \"rest\"]",
        _ => "[\"websocket\"]",
    };
    line(&mut o, &format!("api = \"{}\"", api.kind.name()));
    line(&mut o, &format!("apis = {apis}"));
    let scaled = format!(
        "{} in {} hours covered x 730 / {}, rounded to a whole number",
        num(t.total),
        num(t.hours),
        num(t.hours)
    );
    if let Some(r) = p.requests {
        line(&mut o, &format!("# Count (Sum): {scaled}."));
        line(&mut o, &format!("requests = {}", whole(r)));
    }
    peak(&mut o, t, p);
    if let Some(kb) = p.request_size_kb {
        line(
            &mut o,
            &format!(
                "# DataProcessed / Count = {} bytes processed per request (/ 1,024 = KB): what the API processed,\n# which may include responses; HTTP requests are metered in 512 KB increments of their own size.",
                num(t.bytes_per_request.unwrap_or_default())
            ),
        );
        line(&mut o, &format!("request_size = {kb}"));
    }
    sections(&mut o, t, p);
    o
}

fn peak(o: &mut String, t: &ApiTraffic, p: &Plan) {
    let Some(pk) = t.peak else { return };
    let avg = t.total / Decimal::from(t.periods as u64);
    let text = format!(
        "# Busiest period: {} at {} over the average {} per period of {} s = {}, to 2 decimals.\n# A per-second peak inside that period can be higher.",
        num(pk.value),
        peak_at(t).unwrap_or_default(),
        num(avg),
        group(Decimal::from(t.period)),
        pk.factor.round_dp(6).normalize()
    );
    match p.peak_factor {
        Some(f) => {
            o.push_str(&text);
            o.push_str(&format!("\npeak_factor = {f}\n"));
        }
        None if t.api.kind == ApiKind::WebSocket => {
            o.push_str(&format!(
                "{text}\n# (peak of messages; a profile's peak_factor is of requests: not set)\n"
            ));
        }
        None => {}
    }
}

fn sections(o: &mut String, t: &ApiTraffic, p: &Plan) {
    if let (Some((size, rate)), Some(c)) = (p.cache, t.cache) {
        o.push_str(&format!(
            "\n[cache]\n# The size from --cache-size (CloudWatch does not say it).\nsize_gb = {size}\n# CacheHitCount / (CacheHitCount + CacheMissCount) = {} / {}, to 4 decimals.\nhit_rate = {rate}\n",
            num(c.hits),
            num(c.hits + c.misses)
        ));
    } else if let Some(rate) = t.cache.and_then(|c| c.hit_rate) {
        o.push_str(&format!(
            "\n# Cache hit rate measured {}% (CacheHitCount / (CacheHitCount + CacheMissCount)); CloudWatch does not\n# say the cache's size: import with --cache-size GB to write [cache].\n",
            num(rate * Decimal::from(100))
        ));
    }
    if let Some(m) = p.messages {
        o.push_str(&format!(
            "\n[websocket]\n# MessageCount (Sum): {} in {} hours covered x 730 / {}, rounded.\nmessages = {}\n",
            num(t.total),
            num(t.hours),
            num(t.hours),
            whole(m)
        ));
        match (p.connections, t.connections) {
            (Some((c, d)), _) => o.push_str(&format!(
                "# ConnectCount (Sum, calls to $connect) scaled the same way; minutes each from --connection-duration.\nconnections = {}\nconnection_duration_minutes = {d}\n",
                whole(c)
            )),
            (None, Some(c)) => o.push_str(&format!(
                "# ConnectCount scaled: {c} connections a month. Connection minutes are not in CloudWatch: add\n# connections = {c} and connection_duration_minutes, or import with --connection-duration MINUTES.\n"
            )),
            _ => {}
        }
    }
    latency(o, t, p);
}

fn latency(o: &mut String, t: &ApiTraffic, p: &Plan) {
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
    o.push_str("\n[latency]\n");
    if !l.latency.is_empty() {
        o.push_str(&format!(
            "# Latency p50 / p90 / p99: {} ms (request received to response returned).\n",
            pct(&l.latency)
        ));
    }
    o.push_str(&format!(
        "# IntegrationLatency p50 / p90 / p99: {} ms (the backend's share; for reference, not a model input).\n",
        pct(&l.integration)
    ));
    if let Some((p50, p99, source)) = &p.overhead {
        o.push_str(&format!(
            "# Gateway overhead = Latency - IntegrationLatency, p50 and p99: a difference of percentiles, not the\n# percentile of the difference (an approximation). `latency --profile` uses it for this API's gateway.\ngateway_overhead_ms = \"{p50},{p99}\"\ngateway_overhead_source = {}\n",
            string(source)
        ));
    }
}
