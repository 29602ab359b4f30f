//! Service limits a workload is checked against (`data/limits.json`, with sources).

use rust_decimal::Decimal;

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::numbers::SECONDS_PER_MONTH;
use crate::model::workload::Workload;

mod data;

use data::Limits;

/// `data/limits.json` as the build script validated and wrote it (`data::LIMITS`): read without a
/// JSON parse at run time.
fn raw() -> &'static Limits {
    &data::LIMITS
}

/// Lambda's hard limits on a function's settings: memory (128 to 10,240 MB) and duration (up to the
/// 900-second timeout), from `data/limits.json` (AWS Lambda quotas). A value outside is a usage error
/// naming the limit and its source.
pub fn check_lambda(memory_mb: Decimal, duration_ms: Decimal) -> Result<()> {
    let l = &raw().limits.lambda;
    let [lo, hi] = l.memory_mb;
    let source = format!(
        "{} ({})",
        l.quota_source, "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    );
    if memory_mb < Decimal::from(lo) || memory_mb > Decimal::from(hi) {
        return Err(Error::invalid(
            Field::MemoryMb,
            memory_mb.normalize().to_string(),
            format!("{lo} to {hi} MB, the memory a Lambda function can have (AWS Lambda quotas, {source})"),
        ));
    }
    if duration_ms > Decimal::from(l.duration_ms_max) {
        return Err(Error::invalid(
            Field::DurationMs,
            duration_ms.normalize().to_string(),
            format!(
                "at most {} ms, Lambda's 15-minute timeout (AWS Lambda quotas, {source})",
                l.duration_ms_max
            ),
        ));
    }
    Ok(())
}

/// The most Free Tier credit AWS grants an account created since 2025-07-15: up to USD 200
/// (SRC-AWS-PRICING-PAGE, SRC-APIEVANGELIST-APIGW: "up to $200 in AWS Free Tier credits").
pub const MAX_FREE_TIER_CREDIT_USD: u32 = 200;

/// A warning when `--free-tier credits:AMOUNT` is more than AWS grants (still applied as given).
pub fn credit_warning(free_tier: &crate::model::free_tier::FreeTier) -> Option<String> {
    let amount = free_tier.initial_credit();
    (amount > Decimal::from(MAX_FREE_TIER_CREDIT_USD)).then(|| {
        format!(
            "credits:{} is more than AWS grants: new accounts get up to {MAX_FREE_TIER_CREDIT_USD} USD of Free Tier credits (SRC-AWS-PRICING-PAGE); applied as given",
            amount.normalize()
        )
    })
}

/// The largest request payload of an option, in KB, with the source id of the quota page. An ALB
/// limits the request body only in front of a Lambda target (`lambda_target`, 1 MB: Lambda's limit, not
/// the load balancer's); with instance or IP targets it has none.
pub fn max_payload_kb(kind: ApiKind, lambda_target: bool) -> Option<(Decimal, String)> {
    let p = &raw().payload_limits_mb;
    let (mb, key) = match kind {
        ApiKind::Rest => (p.rest, "rest"),
        ApiKind::Http | ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => (p.http, "http"),
        ApiKind::Alb if !lambda_target => return None,
        ApiKind::Alb => (p.alb_lambda_request_body_mb, "alb_lambda_request_body_mb"),
        ApiKind::FunctionUrl => (p.function_url_buffered_mb, "function_url_buffered_mb"),
        ApiKind::WebSocket => return None,
    };
    Some((
        mb * Decimal::from(1024),
        data::get(p.sources, key).unwrap_or_default().to_string(),
    ))
}

/// The account throttle of a region: (steady requests per second, burst, source).
pub fn throttle(region: &str) -> (u32, u32, &'static str) {
    let t = &raw().limits.account_throttle;
    if data::get(t.reduced_regions, region).is_some() {
        (t.reduced_regions_rps, t.reduced_regions_burst, t.source)
    } else {
        (t.rps, t.burst, t.source)
    }
}

/// Soft limits a month of traffic would run into: the account throttle at the peak (average rate x
/// `peak_factor`) and WebSocket new connections per second. Each warning names the limit and its source.
pub fn warnings(kind: ApiKind, region: &str, w: &Workload, peak_factor: Decimal) -> Vec<String> {
    let mut out = Vec::new();
    if !kind.is_gateway() {
        return out;
    }
    // Volumes near Decimal's limit: a peak that cannot be computed is far beyond every quota anyway.
    let per_s = |n: Decimal| {
        (n / Decimal::from(SECONDS_PER_MONTH))
            .checked_mul(peak_factor)
            .unwrap_or(Decimal::MAX)
    };
    let (rps, burst, source) = throttle(region);
    let units = if kind == ApiKind::WebSocket {
        w.messages.unwrap_or_default()
    } else {
        w.requests
    };
    let peak = per_s(units);
    if peak > Decimal::from(rps) {
        out.push(format!(
            "peak {} {}/s (average x {peak_factor} peak factor) exceeds the account throttle of {} requests/s in {region}, shared by all REST, HTTP and WebSocket APIs of the account [{source}]: ask AWS for an increase (the {} burst is set by AWS)",
            crate::model::numbers::group(peak.round_dp(0)),
            if kind == ApiKind::WebSocket { "messages" } else { "requests" },
            crate::model::numbers::group(Decimal::from(rps)),
            crate::model::numbers::group(Decimal::from(burst)),
        ));
    }
    if kind == ApiKind::WebSocket {
        let ws = &raw().limits.websocket;
        if let Some(minutes) = w.connection_minutes {
            // Connections are not in the workload; the minutes are. A connection lasts at most
            // `connection_duration_h`, so at least minutes / (h x 60) connections open a month.
            let min_connections = minutes / Decimal::from(ws.connection_duration_h * 60);
            let peak_new = per_s(min_connections);
            if peak_new > Decimal::from(ws.new_connections_per_s_per_account_region) {
                out.push(format!(
                    "at least {} new WebSocket connections/s at the peak (connections last at most {} h) exceeds the quota of {} per second per account and Region [{}]: ask AWS for an increase",
                    crate::model::numbers::group(peak_new.round_dp(0)),
                    ws.connection_duration_h,
                    ws.new_connections_per_s_per_account_region,
                    ws.source
                ));
            }
        }
    }
    out
}

/// A WebSocket connection lasts at most 2 hours (idle: 10 minutes): a longer average is impossible.
pub fn check_connection_duration(minutes: Decimal) -> Result<()> {
    let ws = &raw().limits.websocket;
    let max = Decimal::from(ws.connection_duration_h * 60);
    if minutes > max {
        return Err(Error::limit(Field::ConnectionDuration, format!(
            "--connection-duration {minutes} minutes exceeds the WebSocket connection limit of {} h ({max} minutes; idle connections close after {} minutes) [{}]: clients must reconnect, so count each reconnection as a connection",
            ws.connection_duration_h, ws.idle_timeout_min, ws.source
        )));
    }
    Ok(())
}

/// The integration timeout: a handler slower than a fixed limit is an error; above REST's raisable
/// 29 s default a warning.
pub fn check_timeout(kind: ApiKind, handler_ms: f64, what: &str) -> Result<Option<String>> {
    let q = &raw().limits;
    match kind {
        ApiKind::Http | ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => {
            let max = f64::from(q.http_api.integration_timeout_s_max) * 1000.0;
            if handler_ms > max {
                return Err(Error::limit(Field::HandlerMs, format!(
                    "{what} {handler_ms} ms exceeds the HTTP API integration timeout of {} s, which cannot be raised [{}]: answer at once and finish asynchronously, or use a Regional REST API with a raised timeout",
                    q.http_api.integration_timeout_s_max, q.http_api.source
                )));
            }
        }
        ApiKind::WebSocket => {
            let max = f64::from(q.websocket.integration_timeout_ms[1]);
            if handler_ms > max {
                return Err(Error::limit(
                    Field::HandlerMs,
                    format!(
                    "{what} {handler_ms} ms exceeds the WebSocket integration timeout of {} s [{}]",
                    max / 1000.0,
                    q.websocket.source
                ),
                ));
            }
        }
        ApiKind::Rest => {
            let max = f64::from(q.rest_api.integration_timeout_ms[1]);
            if handler_ms > max {
                return Ok(Some(format!(
                    "{what} {handler_ms} ms exceeds the REST API's default integration timeout of {} s [AWS-QUOTAS-REST]: it can be raised for {} [AWS-TIMEOUT-2024]",
                    max / 1000.0,
                    q.rest_api.timeout_increase_beyond_29s
                )));
            }
        }
        ApiKind::Alb | ApiKind::FunctionUrl => {}
    }
    Ok(None)
}

/// The integration timeout of an option: (milliseconds, whether AWS raises it on request, source id);
/// `None` where the gateway sets none (an ALB or a Function URL: the function's own timeout).
pub fn integration_timeout(kind: ApiKind) -> Option<(u32, bool, String)> {
    let q = &raw().limits;
    match kind {
        ApiKind::Rest => Some((
            q.rest_api.integration_timeout_ms[1],
            true,
            "AWS-QUOTAS-REST".to_string(),
        )),
        ApiKind::Http | ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => Some((
            q.http_api.integration_timeout_s_max * 1000,
            false,
            q.http_api.source.to_string(),
        )),
        ApiKind::WebSocket => Some((
            q.websocket.integration_timeout_ms[1],
            false,
            q.websocket.source.to_string(),
        )),
        ApiKind::Alb | ApiKind::FunctionUrl => None,
    }
}

/// WebSocket quotas: new connections per second per account and Region, the longest connection in
/// hours, the idle timeout in minutes, and their source id.
pub fn websocket_quotas() -> (u32, u32, u32, String) {
    let ws = &raw().limits.websocket;
    (
        ws.new_connections_per_s_per_account_region,
        ws.connection_duration_h,
        ws.idle_timeout_min,
        ws.source.to_string(),
    )
}

/// The JWKS / OIDC discovery timeout of JWT authorizers, ms.
pub fn jwks_timeout_ms() -> u32 {
    raw().limits.http_api.jwks_timeout_ms
}

/// The payload limit in words: "the HTTP API payload limit", "the ALB-to-Lambda target payload limit".
pub fn payload_limit_name(kind: ApiKind) -> String {
    match kind {
        ApiKind::Alb => "the ALB-to-Lambda target payload limit".into(),
        k => format!("the {} payload limit", k.title()),
    }
}

/// A request payload above the kind's hard limit is an error naming the limit and its source (an ALB's
/// only with a Lambda target, `lambda_target`).
pub fn check_payload(kind: ApiKind, request_size_kb: Decimal, lambda_target: bool) -> Result<()> {
    if let Some((max_kb, source)) = max_payload_kb(kind, lambda_target) {
        if request_size_kb > max_kb {
            return Err(Error::limit(
                Field::RequestSize,
                format!(
                    "--request-size {request_size_kb} KB exceeds {} of {} MB ({} KB) [{source}]; \
                 larger uploads usually go straight to S3 with a pre-signed URL",
                    payload_limit_name(kind),
                    max_kb / Decimal::from(1024),
                    max_kb
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The static the build wrote holds what `data/limits.json` says, field by field (numbers read as
    /// serde reads them, maps in key order).
    #[test]
    fn compiled_limits_equal_data_limits_json() {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../../data/limits.json")).unwrap();
        let at = |path: &str| path.split('.').fold(&json, |v, k| &v[k]);
        let n = |path: &str| at(path).as_u64().unwrap();
        let s = |path: &str| at(path).as_str().unwrap().to_string();
        let d = |path: &str| serde_json::from_value::<Decimal>(at(path).clone()).unwrap();
        let two = |path: &str| [0, 1].map(|i| at(path)[i].as_u64().unwrap());
        let map = |path: &str| {
            let mut m: Vec<(String, String)> = at(path)
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect();
            m.sort();
            m
        };
        let names = |n: data::Names| -> Vec<(String, String)> {
            n.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let l = raw();
        let p = &l.payload_limits_mb;
        for (got, key) in [
            (p.rest, "rest"),
            (p.http, "http"),
            (p.alb_lambda_request_body_mb, "alb_lambda_request_body_mb"),
            (p.function_url_buffered_mb, "function_url_buffered_mb"),
        ] {
            let want = d(&format!("payload_limits_mb.{key}"));
            assert_eq!((got, got.scale()), (want, want.scale()), "{key}");
        }
        assert_eq!(names(p.sources), map("payload_limits_mb.sources"));
        let t = &l.limits.account_throttle;
        let u = |v: u32| u64::from(v);
        assert_eq!(u(t.rps), n("limits.account_throttle.rps"));
        assert_eq!(u(t.burst), n("limits.account_throttle.burst"));
        assert_eq!(
            u(t.reduced_regions_rps),
            n("limits.account_throttle.reduced_regions_rps")
        );
        assert_eq!(
            u(t.reduced_regions_burst),
            n("limits.account_throttle.reduced_regions_burst")
        );
        assert_eq!(
            names(t.reduced_regions),
            map("limits.account_throttle.reduced_regions")
        );
        assert_eq!(t.source, s("limits.account_throttle.source"));
        let h = &l.limits.http_api;
        assert_eq!(
            u(h.integration_timeout_s_max),
            n("limits.http_api.integration_timeout_s_max")
        );
        assert_eq!(u(h.jwks_timeout_ms), n("limits.http_api.jwks_timeout_ms"));
        assert_eq!(h.source, s("limits.http_api.source"));
        let r = &l.limits.rest_api;
        assert_eq!(
            r.integration_timeout_ms.map(u),
            two("limits.rest_api.integration_timeout_ms")
        );
        assert_eq!(
            r.timeout_increase_beyond_29s,
            s("limits.rest_api.timeout_increase_beyond_29s")
        );
        let w = &l.limits.websocket;
        assert_eq!(
            u(w.new_connections_per_s_per_account_region),
            n("limits.websocket.new_connections_per_s_per_account_region")
        );
        assert_eq!(
            w.integration_timeout_ms.map(u),
            two("limits.websocket.integration_timeout_ms")
        );
        assert_eq!(
            u(w.connection_duration_h),
            n("limits.websocket.connection_duration_h")
        );
        assert_eq!(
            u(w.idle_timeout_min),
            n("limits.websocket.idle_timeout_min")
        );
        assert_eq!(w.source, s("limits.websocket.source"));
        let la = &l.limits.lambda;
        assert_eq!(la.memory_mb.map(u), two("limits.lambda.memory_mb"));
        assert_eq!(u(la.duration_ms_max), n("limits.lambda.duration_ms_max"));
        assert_eq!(la.quota_source, s("limits.lambda.quota_source"));
        // Looked up by key as the maps were: Milan is reduced, Virginia is not.
        assert_eq!(data::get(t.reduced_regions, "eu-south-1"), Some("Milan"));
        assert_eq!(data::get(t.reduced_regions, "us-east-1"), None);
    }

    #[test]
    fn ten_megabytes_for_rest_and_http() {
        assert_eq!(
            max_payload_kb(ApiKind::Http, true).unwrap().0,
            Decimal::from(10240)
        );
        assert_eq!(
            max_payload_kb(ApiKind::Rest, false).unwrap().0,
            Decimal::from(10240)
        );
        assert!(check_payload(ApiKind::Http, Decimal::from(10240), false).is_ok());
        let e = check_payload(ApiKind::Http, Decimal::from(10241), false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("10 MB") && e.contains("AWS-QUOTAS-HTTP"), "{e}");
        // The ALB's 1 MB is Lambda's: in front of instance or IP targets the body has no limit.
        assert_eq!(
            max_payload_kb(ApiKind::Alb, true).unwrap().0,
            Decimal::from(1024)
        );
        assert!(max_payload_kb(ApiKind::Alb, false).is_none());
        assert!(check_payload(ApiKind::Alb, Decimal::from(2048), false).is_ok());
        let e = check_payload(ApiKind::Alb, Decimal::from(2048), true)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("ALB-to-Lambda target payload limit of 1 MB"),
            "{e}"
        );
    }

    #[test]
    fn throttle_warns_at_the_peak_and_knows_reduced_regions() {
        assert_eq!(throttle("us-east-1").0, 10_000);
        assert_eq!(throttle("eu-south-1").0, 2_500);
        // 10B requests a month = 3,805 req/s on average; x3 peak = 11,416 > 10,000.
        let w = Workload::requests(Decimal::from(10_000_000_000u64));
        assert!(warnings(ApiKind::Http, "us-east-1", &w, Decimal::ONE).is_empty());
        let warned = warnings(ApiKind::Http, "us-east-1", &w, Decimal::from(3));
        assert_eq!(warned.len(), 1);
        assert!(
            warned[0].contains("11,416") && warned[0].contains("AWS-QUOTAS-ACCOUNT"),
            "{}",
            warned[0]
        );
        // Milan's throttle is 2,500/s: the average alone exceeds it.
        assert_eq!(
            warnings(ApiKind::Rest, "eu-south-1", &w, Decimal::ONE).len(),
            1
        );
        assert!(warnings(ApiKind::Alb, "eu-south-1", &w, Decimal::ONE).is_empty());
    }

    #[test]
    fn timeouts_fixed_and_raisable() {
        assert!(check_timeout(ApiKind::Http, 30_000.0, "x")
            .unwrap()
            .is_none());
        let e = check_timeout(ApiKind::Http, 30_001.0, "--handler-ms p99")
            .unwrap_err()
            .to_string();
        assert!(e.contains("30 s") && e.contains("cannot be raised"), "{e}");
        let w = check_timeout(ApiKind::Rest, 45_000.0, "x")
            .unwrap()
            .unwrap();
        assert!(w.contains("29 s") && w.contains("Regional"), "{w}");
        assert!(check_connection_duration(Decimal::from(120)).is_ok());
        assert!(check_connection_duration(Decimal::from(121)).is_err());
    }
}
