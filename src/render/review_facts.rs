//! The facts of a review pack's summary, limits and "not included" list, in words: each limit the
//! workload is checked against (whether reached or not), the risks (limits reached or close at the
//! peak, low-confidence latency figures, pricing assumptions) and what the figures leave out. Every
//! figure is computed by the model (`model::review::peak_share`, `model::limits`); this only words it.

use rust_decimal::Decimal;

use crate::model::api::ApiKind;
use crate::model::catalog::Metering;
use crate::model::cost::Quote;
use crate::model::free_tier::FreeTier;
use crate::model::latency::LatencyResult;
use crate::model::review::peak_share;
use crate::model::workload::Workload;
use crate::render::review_md::Limit;

/// What the review's words rest on.
pub struct Facts<'a> {
    pub region: &'a str,
    pub workload: &'a Workload,
    /// Peak rate over the monthly average.
    pub peak_factor: Decimal,
    /// The profile gave the peak factor (else it is 1, the average).
    pub peak_given: bool,
    pub free_tier: &'a FreeTier,
    pub apis: &'a [ApiKind],
    pub latency: &'a [LatencyResult],
    pub metering: &'a Metering,
    pub quotes: &'a [Quote],
    /// The latency model includes a Lambda authorizer (its cost is not priced).
    pub lambda_authorizer: bool,
    /// WebSocket connections opened a month and their average duration in minutes, when given.
    pub connections: Option<(Decimal, Decimal)>,
}

/// A size in KB as people read it: `4 KB`, `1.5 MB`.
fn kb(v: rust_decimal::Decimal) -> String {
    let mb = rust_decimal::Decimal::from(1024);
    match v >= mb {
        true => format!("{} MB", (v / mb).round_dp(2).normalize()),
        false => format!("{} KB", v.normalize()),
    }
}

/// The account throttle against the peak rate; a risk when the peak passes half of it.
fn throttle(f: &Facts, api: ApiKind) -> (Limit, Option<String>) {
    use crate::model::numbers::group;
    let (rps, burst, source) = crate::model::limits::throttle(f.region);
    let (units, unit) = match api == ApiKind::WebSocket {
        true => (f.workload.messages.unwrap_or_default(), "messages"),
        false => (f.workload.requests, "requests"),
    };
    let (peak, share) = peak_share(units, f.peak_factor, rps);
    let pct = (share * Decimal::from(100)).round_dp(1);
    let status = match share > Decimal::ONE {
        true => "exceeded: ask AWS for an increase".to_string(),
        false => format!("within: {pct}% of it"),
    };
    let risk = (share > Decimal::ONE / Decimal::TWO).then(|| {
        format!(
            "{}: the peak of {} {unit}/s is {pct}% of the account throttle of {} requests/s in {}, which every REST, HTTP and WebSocket API of the account shares [{source}].",
            api.title(), group(peak.round_dp(0)), group(Decimal::from(rps)), f.region
        )
    });
    let row = Limit {
        option: api.title().into(),
        limit: "Account throttle (steady rate)".into(),
        workload: format!(
            "{} {unit}/s at the peak (average x {})",
            group(peak.round_dp(1)),
            f.peak_factor.normalize()
        ),
        quota: format!(
            "{} requests/s, burst {}",
            group(Decimal::from(rps)),
            group(Decimal::from(burst))
        ),
        status,
        source: source.to_string(),
    };
    (row, risk)
}

/// Every limit each option is checked against, whether reached or not; and the risks among them (a
/// limit exceeded, or the peak above half the account throttle).
pub fn limits(f: &Facts) -> (Vec<Limit>, Vec<String>) {
    let (mut out, mut risks) = (Vec::new(), Vec::new());
    for &api in f.apis {
        if api.is_gateway() {
            let (row, risk) = throttle(f, api);
            out.push(limit(
                api,
                &row.limit,
                row.workload,
                row.quota,
                row.status,
                row.source,
            ));
            risks.extend(risk);
        }
        if api == ApiKind::WebSocket {
            out.extend(websocket_limits(f, api));
        } else if let Some(row) = payload_limit(f, api) {
            out.push(row);
        }
        if let Some((row, risk)) = timeout_limit(f, api) {
            out.push(row);
            risks.extend(risk);
        }
    }
    (out, risks)
}

/// One row of the limits table, for an option.
fn limit(
    api: ApiKind,
    limit: &str,
    workload: String,
    quota: String,
    status: String,
    source: String,
) -> Limit {
    Limit {
        option: api.title().into(),
        limit: limit.into(),
        workload,
        quota,
        status,
        source,
    }
}

fn status(over: bool) -> String {
    match over {
        true => "exceeded".to_string(),
        false => "within".to_string(),
    }
}

/// A WebSocket API's message size, new connections a second and connection duration.
fn websocket_limits(f: &Facts, api: ApiKind) -> Vec<Limit> {
    use crate::model::limits as l;
    let max = f.metering.ws_max_message_kb;
    let size = f.workload.message_size_kb;
    let mut out = vec![limit(
        api,
        "Message size",
        size.map_or("not given".into(), kb),
        kb(max),
        size.map_or("not checked".into(), |v| status(v > max)),
        f.metering.ws_sources.join(", "),
    )];
    let (per_s, hours, idle, source) = l::websocket_quotas();
    let (new_row, duration_row) = match f.connections {
        Some((connections, minutes)) => {
            let (peak, share) = peak_share(connections, f.peak_factor, per_s);
            (
                (
                    format!("{} connections/s at the peak", peak.round_dp(2).normalize()),
                    status(share > Decimal::ONE),
                ),
                (
                    format!("{} min on average", minutes.normalize()),
                    status(minutes > Decimal::from(hours * 60)),
                ),
            )
        }
        None => (
            ("not given".to_string(), "not checked".to_string()),
            ("not given".to_string(), "not checked".to_string()),
        ),
    };
    out.push(limit(
        api,
        "New connections",
        new_row.0,
        format!("{per_s} per second"),
        new_row.1,
        source.clone(),
    ));
    out.push(limit(
        api,
        "Connection duration",
        duration_row.0,
        format!("{hours} h (idle: {idle} min)"),
        duration_row.1,
        source,
    ));
    out
}

/// A REST or HTTP API's (or a backend's) largest request payload.
fn payload_limit(f: &Facts, api: ApiKind) -> Option<Limit> {
    let (max, source) = crate::model::limits::max_payload_kb(api, f.workload.backend.is_some())?;
    let size = f.workload.request_size_kb;
    Some(limit(
        api,
        "Request payload",
        size.map_or("not given".into(), kb),
        kb(max),
        size.map_or("not checked".into(), |v| status(v > max)),
        source,
    ))
}

/// The integration timeout against the handler's p99, and the risk when it is longer.
fn timeout_limit(f: &Facts, api: ApiKind) -> Option<(Limit, Option<String>)> {
    let (ms, raisable, source) = crate::model::limits::integration_timeout(api)?;
    let handler = f
        .latency
        .iter()
        .find(|r| r.api == api)
        .and_then(|r| r.handler_p99_ms())
        .or_else(|| {
            f.workload
                .backend
                .as_ref()
                .and_then(|b| rust_decimal::prelude::ToPrimitive::to_f64(&b.duration_ms))
        });
    let over = handler.is_some_and(|h| h > f64::from(ms));
    let risk = over.then(|| {
        format!(
            "{}: the handler's p99 ({:.0} ms) is longer than the {} s integration timeout{}.",
            api.title(),
            handler.unwrap_or_default(),
            ms / 1000,
            if raisable {
                " (it can be raised for Regional and private APIs)"
            } else {
                ", which cannot be raised"
            }
        )
    });
    let row = limit(
        api,
        "Integration timeout",
        handler.map_or("no backend given".into(), |h| {
            format!("handler p99 {h:.0} ms")
        }),
        format!(
            "{} s{}",
            ms / 1000,
            if raisable { " (raisable)" } else { " (fixed)" }
        ),
        match handler {
            Some(_) => status(over),
            None => "not checked".into(),
        },
        source,
    );
    Some((row, risk))
}

/// The risks: limits reached at the peak, a peak not given, low-confidence latency figures that weigh
/// on the recommended option, the pricing assumption a volume past the first tier rests on, and the
/// warnings of its quote.
pub fn risks(f: &Facts, api: Option<ApiKind>, mut risks: Vec<String>) -> Vec<String> {
    if !f.peak_given {
        risks.push("No peak factor in the profile (`peak_factor`): the peak rate is taken as the monthly average, so the throttle check is optimistic.".into());
    }
    let Some(api) = api else {
        return risks;
    };
    if let Some(r) = f.latency.iter().find(|r| r.api == api) {
        for c in r.components.iter().filter(|c| c.share >= 0.05) {
            let low = c.confidence.starts_with('L');
            if low {
                risks.push(format!(
                    "{}: {} is {:.0}% of the mean added latency and rests on low confidence ({}, {}) [{}].",
                    api.title(), c.name, c.share * 100.0, c.confidence, c.basis.name(), c.sources.join(", ")
                ));
            }
        }
    }
    if let Some(q) = f.quotes.iter().find(|q| q.api == api) {
        if q.lines
            .iter()
            .any(|l| l.tier.as_ref().is_some_and(|t| t.number > 1))
        {
            risks.push(format!("{}: the volume reaches past the first price tier; tiers are assumed to count per account and Region (AWS's usual convention, not confirmed for API Gateway), so other APIs of the account would reach the cheaper tiers sooner.", api.title()));
        }
        for w in &q.warnings {
            risks.push(format!("{}: {w}.", api.title()));
        }
    }
    risks
}

/// What the figures leave out, so nobody reads them as the whole bill.
pub fn not_included(f: &Facts) -> Vec<String> {
    let mut out = Vec::new();
    if f.workload.response_size_kb.is_none() {
        out.push("Data transfer out to the internet: the profile gives no response size (`response_size`), so egress is not priced.".to_string());
    }
    if f.workload.backend.is_none() {
        out.push("The backend behind the API: the profile has no `[backend]` section, so no Lambda function is priced.".to_string());
    } else if f.apis.contains(&ApiKind::WebSocket) {
        out.push("The Lambda backend of a WebSocket API: how many messages invoke it depends on its routes.".to_string());
    }
    let authorizer_priced = f.quotes.iter().any(|q| {
        q.lines
            .iter()
            .any(|l| l.component.starts_with("Lambda authorizer"))
    });
    if f.lambda_authorizer && !authorizer_priced {
        out.push("The Lambda authorizer's own invocations and duration: its time is in the latency figures, its cost is not (the profile's `authorizer_duration_ms` and `authorizer_memory_mb` price it).".to_string());
    }
    if f.workload.cache.is_none() && f.apis.contains(&ApiKind::Rest) {
        out.push("A REST API stage cache: none in the profile (`[cache]`).".to_string());
    }
    if *f.free_tier == crate::model::free_tier::FreeTier::None {
        out.push("Any free tier: none is applied (the profile's `free_tier`: `legacy`, `always` or `credits:AMOUNT`).".to_string());
    }
    out.extend(around_not_included(f.workload, f.apis));
    out.push("Services outside the model: CloudWatch metrics and alarms, custom domains (ACM, Route 53), VPC links, and data stores such as DynamoDB.".to_string());
    out.push(
        "Taxes, AWS Support plans, Savings Plans and credits other than the free tier chosen."
            .to_string(),
    );
    out
}

/// The services the model prices when the profile asks for them, listed while it does not.
fn around_not_included(w: &Workload, apis: &[ApiKind]) -> Vec<String> {
    let a = &w.around;
    let mut out = Vec::new();
    let rest = apis.contains(&ApiKind::Rest);
    let logs = a.logs.as_ref();
    let logged = rest || apis.contains(&ApiKind::Http);
    let no_lines = logs.and_then(|l| l.access_bytes).is_none()
        && logs.and_then(|l| l.execution_bytes).is_none();
    if logged && no_lines {
        out.push("CloudWatch Logs for access and execution logs: the profile gives no log line size (`access_log_bytes`, `execution_log_bytes`).".to_string());
    } else if logged && logs.and_then(|l| l.retention_months).is_none() {
        out.push("CloudWatch Logs storage: the profile gives no retention (`log_retention_months`), so only ingestion is priced.".to_string());
    }
    if rest && a.xray_sampling.is_none() {
        out.push(
            "AWS X-Ray tracing: the profile gives no sampling rate (`xray_sampling`).".to_string(),
        );
    }
    if w.waf.is_none() && (rest || apis.contains(&ApiKind::Alb)) {
        out.push("AWS WAF: not in this review's options (`waf` in the profile's `needs` prices it on REST and adds the HTTP API + CloudFront + WAF option).".to_string());
    }
    if rest && a.private_azs.is_none() {
        out.push("Interface VPC endpoints of a private REST API: the profile asks for none (`endpoint = \"private\"` with `azs`).".to_string());
    }
    if a.discount.is_none() {
        out.push("Negotiated discounts (enterprise agreements, private pricing): none given (`discount`).".to_string());
    }
    out
}
