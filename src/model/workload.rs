//! A workload: the traffic inputs one quote is priced from (one month, one account, one region).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, Field, Result};
use crate::model::numbers::group;

/// Lambda architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Arch {
    #[default]
    X86,
    Arm,
}

impl Arch {
    pub fn name(self) -> &'static str {
        match self {
            Arch::X86 => "x86",
            Arch::Arm => "arm",
        }
    }
}

/// A REST API stage cache.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheConfig {
    /// One of the sizes AWS sells (0.5 ... 237 GB).
    pub size_gb: Decimal,
    /// Share of requests answered from the cache (0..=1); those do not invoke the backend.
    pub hit_rate: Decimal,
}

/// A Lambda function behind the front door.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LambdaBackend {
    /// Average billed duration per invocation, milliseconds.
    pub duration_ms: Decimal,
    /// Configured memory, MB (1 GB = 1,024 MB).
    pub memory_mb: Decimal,
    pub arch: Arch,
}

/// Assumptions that only an Application Load Balancer needs (its LCU dimensions).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlbAssumptions {
    /// Requests carried per new client connection (1 = a new connection per request, the conservative
    /// default; keep-alive clients reuse connections and use fewer LCUs).
    pub requests_per_connection: Decimal,
    /// Listener rule evaluations per request beyond the 10 free ones.
    pub rule_evaluations_per_request: Decimal,
}

impl Default for AlbAssumptions {
    fn default() -> Self {
        AlbAssumptions {
            requests_per_connection: Decimal::ONE,
            rule_evaluations_per_request: Decimal::ZERO,
        }
    }
}

/// The Lambda backend's cold starts as billed since 2025-08-01 (the INIT phase of on-demand ZIP
/// functions on managed runtimes, at the GB-second rate): a share of invocations x their Init Duration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColdStarts {
    /// Share of invocations that start an execution environment (0 to 1).
    pub rate: Decimal,
    /// Where the share came from ("given", the latency model's estimate).
    pub rate_how: String,
    /// Init Duration per cold start, ms.
    pub init_ms: Decimal,
    /// Where the Init Duration came from.
    pub init_how: String,
}

/// Everything one month of traffic needs for pricing.
/// AWS WAF in front of the option: one web ACL with `rules` rules, every request inspected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WafUse {
    pub rules: Decimal,
}

/// What the "HTTP API + CloudFront + WAF" workaround assumes about the viewers and the responses.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct EdgeAssumptions {
    /// CloudFront edge geography the viewers are served from ("EU"); `None` = the region's own.
    pub geography: Option<String>,
    /// Share of requests answered from CloudFront's cache (0 to 1): they reach neither the API nor
    /// the backend.
    pub cacheable_share: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Workload {
    /// API requests this month (REST, HTTP, ALB, Function URL).
    pub requests: Decimal,
    /// Average request payload, KB (HTTP APIs meter it in 512 KB increments).
    pub request_size_kb: Option<Decimal>,
    /// Average response payload, KB (data transferred out).
    pub response_size_kb: Option<Decimal>,
    /// `--streaming`: the share of responses a REST API streams (0 to 1), each metered as one request
    /// per 10 MB of the response; `None` = every response buffered.
    pub streaming: Option<Decimal>,
    /// WebSocket messages sent and received this month.
    pub messages: Option<Decimal>,
    /// Average WebSocket message size, KB (32 KB increments, 128 KB max).
    pub message_size_kb: Option<Decimal>,
    /// WebSocket connection minutes this month.
    pub connection_minutes: Option<Decimal>,
    pub cache: Option<CacheConfig>,
    pub backend: Option<LambdaBackend>,
    /// The backend's billed cold starts (`None`: no backend, or not priced).
    pub cold_starts: Option<ColdStarts>,
    pub alb: AlbAssumptions,
    /// `--waf`: AWS WAF on a REST API or an ALB (and on CloudFront for the workaround).
    pub waf: Option<WafUse>,
    /// Assumptions of the CloudFront workaround (`--edge-geography`, `--cacheable-share`).
    pub edge: EdgeAssumptions,
    /// The calendar month priced (`--start`): hourly meters bill its real hours; `None` = 730 hours.
    pub month: Option<crate::model::calendar::CalendarMonth>,
    /// `requests` came from a steady rate (`--rps`) over a 730-hour month: in a calendar month the
    /// volume priced is that rate over the month's own hours ([`Workload::priced_requests`]). A volume
    /// set explicitly ([`Workload::with_requests`]) is not the rate's and clears it.
    pub rate_derived: bool,
    /// What is paid around the gateway: authorizer, logs, tracing, private endpoints, discount.
    pub around: crate::model::around::Around,
}

impl Workload {
    /// The workload as one option sees it: the REST stage cache exists only on REST APIs, so in a
    /// comparison the other options are priced without it (their requests all reach the backend).
    pub fn for_option(&self, api: crate::model::api::ApiKind) -> Workload {
        let mut w = self.clone();
        if api != crate::model::api::ApiKind::Rest {
            w.cache = None;
        }
        if !Self::takes_waf(api) {
            w.waf = None;
        }
        if api != crate::model::api::ApiKind::Rest {
            w.streaming = None;
        }
        w
    }

    /// Each input the option cannot have, with why, in one wording: `quote` refuses the first as a
    /// usage error (`--xray-sampling does not apply: the HTTP API cannot be traced with X-Ray (only
    /// REST APIs)`) and `compare` prices the option without them, one note each with the same why
    /// ([`Workload::dropped_note`]).
    pub fn not_applicable(
        &self,
        api: crate::model::api::ApiKind,
    ) -> Vec<(crate::error::Field, String)> {
        use crate::error::Field;
        use crate::model::api::ApiKind;
        let t = api.title();
        let rest_only = api != ApiKind::Rest;
        let logs = self.around.logs.as_ref();
        let mut out = Vec::new();
        if rest_only && self.cache.is_some() {
            out.push((
                Field::Cache,
                format!("the {t} has no stage cache (only REST APIs offer one)"),
            ));
        }
        if self.waf.is_some() && !Self::takes_waf(api) {
            out.push((Field::Waf, format!("AWS WAF cannot attach to the {t} (it attaches to REST APIs, ALBs and CloudFront: see the HTTP API + CloudFront + WAF option, `--needs waf`)")));
        }
        if rest_only && self.around.private_azs.is_some() {
            out.push((
                Field::Endpoint,
                format!("the {t} cannot be private (only REST APIs have private endpoints)"),
            ));
        }
        if rest_only && self.around.xray_sampling.is_some() {
            out.push((
                Field::XraySampling,
                format!("the {t} cannot be traced with X-Ray (only REST APIs)"),
            ));
        }
        let gateway_logs = matches!(
            api,
            ApiKind::Rest | ApiKind::Http | ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront
        );
        if !gateway_logs && logs.is_some_and(|l| l.access_bytes.is_some()) {
            out.push((
                Field::AccessLogBytes,
                format!("the {t} writes no API Gateway access logs (only REST and HTTP APIs)"),
            ));
        }
        if rest_only && logs.is_some_and(|l| l.execution_bytes.is_some()) {
            out.push((
                Field::ExecutionLogBytes,
                format!("the {t} has no execution logs (only REST APIs write them)"),
            ));
        }
        out
    }

    /// The note a comparison shows for an input its option was priced without.
    pub fn dropped_note(field: crate::error::Field, why: &str) -> String {
        match field {
            crate::error::Field::Cache => {
                format!("{why}: priced without the cache, every request reaches the backend")
            }
            f => format!("{why}: priced without {}", f.flag()),
        }
    }

    /// [`Workload::dropped_note`] of `field` when `api` cannot have it.
    pub fn dropped(
        &self,
        api: crate::model::api::ApiKind,
        field: crate::error::Field,
    ) -> Option<String> {
        self.not_applicable(api)
            .into_iter()
            .find(|(f, _)| *f == field)
            .map(|(f, why)| Self::dropped_note(f, &why))
    }

    /// The note of a compared option priced without the `--streaming` it cannot do (REST streams
    /// through API Gateway; a Function URL streams through Lambda, whose own streaming charge the
    /// catalog does not hold; the others cannot stream).
    pub fn streaming_note(&self, api: crate::model::api::ApiKind) -> Option<String> {
        use crate::model::api::ApiKind;
        let share = self.streaming.filter(|s| !s.is_zero())?;
        let pct = (share * Decimal::ONE_HUNDRED).normalize();
        match api {
            ApiKind::Rest => None,
            ApiKind::FunctionUrl => Some(format!(
                "a Function URL can stream ({pct}% of responses asked for): priced on its Lambda function and data transfer; Lambda's own charge for streamed bytes beyond 6 MB a response is not in the catalog, not included"
            )),
            k => Some(format!(
                "{} cannot stream responses (a REST API or a Function URL can): priced with every response buffered, not like-for-like for the {pct}% streamed",
                k.title()
            )),
        }
    }

    /// Whether AWS WAF can protect the option (a REST API, an ALB, or CloudFront in front).
    pub fn takes_waf(api: crate::model::api::ApiKind) -> bool {
        use crate::model::api::ApiKind;
        matches!(
            api,
            ApiKind::Rest | ApiKind::Alb | ApiKind::HttpCloudFrontWaf
        )
    }

    /// The note of a compared option priced without the `--waf` it cannot take.
    pub fn waf_note(&self, api: crate::model::api::ApiKind) -> Option<String> {
        self.dropped(api, crate::error::Field::Waf)
    }

    /// The note a comparison shows when `for_option` dropped the cache. The CloudFront option caches
    /// at CloudFront: its note says how much CloudFront answers, not that every request reaches
    /// the backend.
    pub fn cache_note(&self, api: crate::model::api::ApiKind) -> Option<String> {
        if api.is_cloudfront() && self.cache.is_some() {
            let pct = (self.edge.cacheable_share * Decimal::ONE_HUNDRED).normalize();
            return Some(format!(
                "the {} caches at CloudFront, not in a stage cache: CloudFront answers {pct}% of responses (--cacheable-share), the rest reach the backend",
                api.title()
            ));
        }
        self.dropped(api, crate::error::Field::Cache)
    }

    /// A workload of `requests` requests and nothing else.
    pub fn requests(requests: Decimal) -> Workload {
        Workload {
            requests,
            ..Workload::default()
        }
    }

    /// The requests priced: `requests`, or for a volume derived from a steady rate in a calendar month,
    /// `requests x the month's hours / 730` (100 req/s in 2026-02: 262,800,000 x 672 / 730 =
    /// 241,920,000), rounded to a whole request when `requests` is whole.
    pub fn priced_requests(&self) -> Decimal {
        match (self.rate_derived, self.month) {
            (true, Some(m)) => {
                let hours = crate::model::calendar::month_hours(Some(m));
                let v = self
                    .requests
                    .checked_mul(hours)
                    .map(|v| v / Decimal::from(crate::model::numbers::HOURS_PER_MONTH))
                    .unwrap_or(self.requests);
                if self.requests.fract().is_zero() {
                    v.round_dp_with_strategy(
                        0,
                        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                    )
                } else {
                    v
                }
            }
            _ => self.requests,
        }
    }

    /// The same workload scaled to another request volume (WebSocket traffic scales with it).
    ///
    /// A scaled volume beyond Decimal's range saturates at `Decimal::MAX` (far above every count the
    /// CLI accepts, 10^25), which pricing then reports as an overflow; [`Workload::try_with_requests`]
    /// reports it directly.
    pub fn with_requests(&self, requests: Decimal) -> Workload {
        let mut w = self.clone();
        if !self.requests.is_zero() {
            let scale = |m: Decimal| scaled(m, requests, self.requests).unwrap_or(Decimal::MAX);
            w.messages = self.messages.map(scale);
            w.connection_minutes = self.connection_minutes.map(scale);
        }
        w.requests = requests;
        w.rate_derived = false;
        w
    }

    /// [`Workload::with_requests`], or an error naming the WebSocket count that cannot follow the
    /// volume exactly (scaled with it, it is beyond Decimal's range).
    pub fn try_with_requests(&self, requests: Decimal) -> Result<Workload> {
        if !self.requests.is_zero() {
            for (field, v) in [
                (Field::Messages, self.messages),
                (Field::ConnectionMinutes, self.connection_minutes),
            ] {
                if let Some(m) = v {
                    scaled(m, requests, self.requests).ok_or_else(|| {
                        Error::invalid(
                            field,
                            m.to_string(),
                            format!(
                                "a count that can follow the volume from {} to {} requests exactly \
                                 (scaled with it, it overflows a decimal)",
                                group(self.requests),
                                group(requests)
                            ),
                        )
                    })?;
                }
            }
        }
        Ok(self.with_requests(requests))
    }
}

/// `m` x `to` / `from`, rounded to a whole unit as before (m x (to / from)), or `None` on overflow.
fn scaled(m: Decimal, to: Decimal, from: Decimal) -> Option<Decimal> {
    let factor = to.checked_div(from)?;
    Some(m.checked_mul(factor)?.round())
}
