//! What a traffic profile written by `import cloudwatch --out DIR` holds for one API stage: the values
//! the derivation gives that a profile can take as they are, and for each one left out, why. The TOML
//! text (with a comment on where each value came from) is written by `render::cloudwatch`.

use rust_decimal::{Decimal, RoundingStrategy};

use super::derive::ApiTraffic;
use super::time;
use crate::model::api::ApiKind;
use crate::model::latency::Given;

/// What the command line adds to the measured figures.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// `--region`, and whether it was typed.
    pub region: String,
    pub region_given: bool,
    /// `--cache-size GB` (REST): CloudWatch does not say the cache's size.
    pub cache_size: Option<Decimal>,
    /// `--connection-duration MINUTES` (WebSocket): CloudWatch has no connection minutes.
    pub connection_duration: Option<Decimal>,
}

/// The values a profile gets, and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// REST/HTTP: requests a month.
    pub requests: Option<Decimal>,
    /// Rounded to 2 decimals; `None` when it cannot be a profile's (above 1,000, or no traffic).
    pub peak_factor: Option<Decimal>,
    /// `(size_gb, hit_rate)`: with `--cache-size`.
    pub cache: Option<(Decimal, Decimal)>,
    /// HTTP: `DataProcessed / Count` in KB, to 3 decimals.
    pub request_size_kb: Option<Decimal>,
    /// WebSocket: messages a month; connections a month with the minutes each (`--connection-duration`).
    pub messages: Option<Decimal>,
    pub connections: Option<(Decimal, Decimal)>,
    /// The gateway overhead, p50 and p99 ms (to 3 decimals), with where it was measured.
    pub overhead: Option<(Decimal, Decimal, String)>,
    /// Each value measured but not written, and why (shown as warnings and as comments).
    pub left_out: Vec<String>,
}

/// `CloudWatch, 2026-11-01 to 2026-11-08`: where and when the overhead was measured.
pub fn measured_source(t: &ApiTraffic) -> String {
    format!("CloudWatch, {}", t.range.describe())
}

fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// The plan for one API stage.
pub fn plan(t: &ApiTraffic, x: &Extras) -> Plan {
    let what = t.api.describe();
    let mut left_out = Vec::new();
    let ws = t.api.kind == ApiKind::WebSocket;
    let peak_factor = match t.peak_factor() {
        Some(p) if p > Decimal::from(1000) => {
            left_out.push(format!(
                "{what}: peak factor {p} is above the 1,000 a profile takes: not written"
            ));
            None
        }
        Some(_) if ws => None,
        p => p,
    };
    let cache = match (t.cache.and_then(|c| c.hit_rate), x.cache_size) {
        (Some(rate), Some(size)) => Some((size, round(rate, 4))),
        (Some(rate), None) => {
            left_out.push(format!(
                "{what}: cache hit rate {}% measured, but CloudWatch does not say the cache's size: give --cache-size GB to write [cache] to the profile",
                round(rate * Decimal::from(100), 2)
            ));
            None
        }
        (None, _) => None,
    };
    let request_size_kb = t
        .request_size_kb()
        .map(|k| round(k, 3))
        .filter(|k| !k.is_zero());
    let connections = match (t.connections, x.connection_duration) {
        (Some(c), Some(d)) => Some((c, d)),
        (Some(_), None) => {
            left_out.push(format!(
                "{what}: connection minutes are not in CloudWatch: give --connection-duration MINUTES to write the connections to the profile"
            ));
            None
        }
        _ => None,
    };
    Plan {
        requests: (!ws).then_some(t.monthly),
        peak_factor,
        cache,
        request_size_kb,
        messages: ws.then_some(t.monthly),
        connections,
        overhead: overhead(t, &mut left_out),
        left_out,
    }
}

/// The gateway overhead a profile can take: p50 and p99 both measured, within the latency model's
/// bounds (`Given::parse`: positive, p99 >= p50, p99 at most 1,000 x p50).
fn overhead(t: &ApiTraffic, left_out: &mut Vec<String>) -> Option<(Decimal, Decimal, String)> {
    let o = &t.latency.overhead;
    let (p50, p99) = match (o.p50, o.p99) {
        (Some(a), Some(b)) => (round(a, 3), round(b, 3)),
        _ => {
            if t.api.kind != ApiKind::WebSocket
                && !(t.latency.latency.is_empty() && t.latency.integration.is_empty())
            {
                left_out.push(format!(
                    "{}: no gateway overhead written (Latency and IntegrationLatency p50 and p99 are all needed, with Latency above)",
                    t.api.describe()
                ));
            }
            return None;
        }
    };
    match Given::parse(&format!("{p50},{p99}")) {
        Ok(_) => Some((p50, p99, measured_source(t))),
        Err(e) => {
            left_out.push(format!(
                "{}: gateway overhead p50 {p50} ms, p99 {p99} ms not written: {e}",
                t.api.describe()
            ));
            None
        }
    }
}

/// The profile's file name: `KIND-NAME-STAGE.toml`, with any character other than letters, digits,
/// `.`, `-` and `_` as `_`, name and stage cut to 60 characters each.
pub fn file_name(t: &ApiTraffic) -> String {
    let clean = |s: &str| -> String {
        let c: String = s
            .chars()
            .take(60)
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        c.trim_start_matches('.').to_string()
    };
    format!(
        "{}-{}-{}.toml",
        t.api.kind.name(),
        clean(&t.api.name),
        clean(&t.api.stage)
    )
}

/// `2026-11-03T14:00:00Z` of the peak, for comments.
pub fn peak_at(t: &ApiTraffic) -> Option<String> {
    t.peak.map(|p| time::format(p.at))
}
