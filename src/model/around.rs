//! What the same architecture pays around the gateway (issue 21): the authorizer's own invocations
//! (or Cognito's monthly active users), CloudWatch Logs for access and execution logs, X-Ray traces,
//! interface VPC endpoints of a private REST API, and a negotiated discount. Each is an input of a
//! [`crate::model::workload::Workload`]; `None` means "not included" (never a silent zero): the cost
//! model prices only what is given, and says what a given input left unpriced.

use rust_decimal::Decimal;
use serde::Serialize;

/// How the Lambda authorizer's result cache is described.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthorizerCache {
    /// No cache (`--authorizer lambda`): every request invokes the authorizer.
    Off,
    /// A share of requests answered from the cache (`--authorizer-hit-rate`).
    HitRate(Decimal),
    /// `--identities` distinct tokens per TTL window (`--authorizer-ttl`, default 300 s): each
    /// identity misses once per window, so invocations = identities x (2,628,000 s / TTL), at most the
    /// requests.
    Identities { identities: Decimal, ttl_s: Decimal },
    /// A cached authorizer with neither hit rate nor identities: its invocations are unknown.
    Unknown,
}

/// The authorizer on every request, as it bills.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthorizerUse {
    /// A Lambda authorizer: each cache miss is a Lambda invocation (x86, requests + GB-seconds).
    /// Duration and memory are needed to price it; without them its cost is "not included".
    Lambda {
        cache: AuthorizerCache,
        duration_ms: Option<Decimal>,
        memory_mb: Option<Decimal>,
    },
    /// IAM (SigV4): no charge beyond the requests.
    Iam,
    /// A JWT authorizer validated inside the gateway: no charge beyond the requests.
    Jwt,
    /// A Cognito user pool: billed per monthly active user (tiered); unpriced without the MAUs.
    Cognito {
        monthly_active_users: Option<Decimal>,
    },
}

/// CloudWatch Logs log class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogClass {
    #[default]
    Standard,
    InfrequentAccess,
}

impl LogClass {
    pub fn name(self) -> &'static str {
        match self {
            LogClass::Standard => "standard",
            LogClass::InfrequentAccess => "infrequent-access",
        }
    }
}

/// API Gateway logs delivered to CloudWatch Logs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogUse {
    /// Access-log bytes per request (REST and HTTP).
    pub access_bytes: Option<Decimal>,
    /// Execution-log bytes per request (REST only).
    pub execution_bytes: Option<Decimal>,
    pub class: LogClass,
    /// Months each month's logs are kept (storage priced on the ingested bytes: an upper bound, as
    /// CloudWatch stores them compressed); `None` = storage not included.
    pub retention_months: Option<Decimal>,
}

/// Everything around the gateway a quote may include.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Around {
    pub authorizer: Option<AuthorizerUse>,
    pub logs: Option<LogUse>,
    /// X-Ray sampling rate (REST only), 0 to 1.
    pub xray_sampling: Option<Decimal>,
    /// A private REST API reached through one interface VPC endpoint in this many Availability Zones.
    pub private_azs: Option<Decimal>,
    /// A negotiated discount (0 to 1) taken off every line, shown as a negative line per service.
    pub discount: Option<Decimal>,
}

impl Around {
    /// Nothing around the gateway is included.
    pub fn is_empty(&self) -> bool {
        *self == Around::default()
    }
}
