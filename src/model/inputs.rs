//! One registry of the numeric inputs: each declared once with its flag, profile key, batch column,
//! unit, parser (with its bounds), help text and the words its errors use. The flag parser takes the flag, the
//! help and the parser from here (`cli/args.rs`), the profile reader the key and the parser
//! (`cli/around.rs`, `cli/resolve.rs`, `cli/latency.rs`), batch the column and the parser
//! (`batch/row.rs`), so a name or a rule cannot differ between them (`tests/inputs.rs` checks it).
//!
//! The parsers are the point parsers of [`numbers`]: one value, one meaning. A rate reads `7%` and
//! `0.07` as 7%; a bare number above 1 is refused with both spellings and `1` alone as ambiguous.

use rust_decimal::Decimal;

use super::numbers;

mod choice;
mod typed;
pub use choice::{choice_by_flag, Choice, Pick, CHOICES};
pub use choice::{API, APIS, ARCH, AUTHORIZER, BACKEND, ENDPOINT, LOG_CLASS};
pub use typed::{
    account_age, forecast_months, months, region_code, switch, trimmed, ttl_seconds, TYPED,
};
pub use typed::{
    ACCOUNT_AGE_MONTHS, AUTHORIZER_TTL, CLIENT_RTT_MS, FREE_TIER, HANDLER_MS,
    MAX_ACCOUNT_AGE_MONTHS, MAX_TTL_SECONDS, MONTHS, NEEDS, NEW_CONNECTIONS, REGION, RUNTIME,
};

/// A parser of one typed value.
pub type Parser = fn(&str) -> Result<Decimal, String>;

/// One numeric input, wherever it can be given.
pub type Input = Spec<Decimal>;

/// One input of any type (a number, a region code, the free tier, percentiles), wherever it can be
/// given: the flag, the profile key, the batch column, the unit, the help and the parser, whose
/// message is the error's wording wherever the value was typed.
pub struct Spec<T: 'static> {
    /// The long flag without its dashes (`cache-hit`).
    pub flag: &'static str,
    /// The flag as typed and as errors name it (`--cache-hit`).
    pub dashed: &'static str,
    /// The profile key (`cache.hit_rate`; a dotted key is in a table), if a profile can give it.
    pub key: Option<&'static str>,
    /// The batch CSV column, if a batch row can give it.
    pub column: Option<&'static str>,
    /// The value's unit as help shows it (`RATE`, `SIZE`, `N`, `MS`; empty for a switch).
    pub unit: &'static str,
    /// The help line.
    pub help: &'static str,
    /// Reads the value as typed (in a flag, a profile's string or number, a batch cell).
    pub parse: fn(&str) -> Result<T, String>,
}

impl<T> Clone for Spec<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Spec<T> {}

impl<T> std::fmt::Debug for Spec<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec")
            .field("flag", &self.flag)
            .field("key", &self.key)
            .field("column", &self.column)
            .finish()
    }
}

impl<T> Spec<T> {
    /// (flag, profile key) as a profile's origins record them; an input without a key has none.
    pub fn names(&self) -> (&'static str, &'static str) {
        (self.dashed, self.key.unwrap_or(""))
    }

    /// The names every declaration has, whatever its type.
    pub const fn declared(&self) -> Declared {
        Declared {
            flag: self.flag,
            key: self.key,
            column: self.column,
            unit: self.unit,
            help: self.help,
        }
    }
}

/// What every input of the registry declares, whatever its type: the names that must agree
/// between the flags, the profile reader and batch (`tests/inputs.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declared {
    pub flag: &'static str,
    pub key: Option<&'static str>,
    pub column: Option<&'static str>,
    pub unit: &'static str,
    pub help: &'static str,
}

macro_rules! inputs {
    ($($name:ident = $flag:literal, $key:expr, $column:expr, $unit:literal, $parse:expr, $help:literal;)*) => {
        $(
            #[doc = $help]
            pub const $name: Input = Input {
                flag: $flag,
                dashed: concat!("--", $flag),
                key: $key,
                column: $column,
                unit: $unit,
                help: $help,
                parse: $parse,
            };
        )*
        /// Every input of the registry.
        pub const ALL: &[Input] = &[$($name),*];
    };
}

inputs! {
    REQUESTS = "requests", Some("requests"), Some("requests"), "N", numbers::parse_count,
        "API requests a month (600M, 1.5B, 300_000_000)";
    RPS = "rps", Some("rps"), None, "R", numbers::parse_amount,
        "Steady requests per second instead of --requests (x 3,600 x 730 hours)";
    CUSTOMERS = "customers", Some("customers"), None, "N", numbers::parse_count,
        "Customers (with --requests-per-customer) instead of --requests";
    REQUESTS_PER_CUSTOMER = "requests-per-customer", Some("requests_per_customer"), None, "N", numbers::parse_count,
        "Requests a month per customer";
    REQUEST_SIZE = "request-size", Some("request_size"), Some("request_size_kb"), "SIZE", numbers::parse_size_kb,
        "Average request payload (KB, or with a unit: 600KB, 1.5MB). HTTP APIs meter it in 512 KB increments";
    RESPONSE_SIZE = "response-size", Some("response_size"), Some("response_size_kb"), "SIZE", numbers::parse_size_kb,
        "Average response payload (KB, or 4KB, 1.5MB); priced as data transferred out to the internet";
    STREAMING = "streaming", Some("streaming"), None, "RATE", numbers::parse_fraction,
        "REST response streaming: the share of responses streamed (alone: all; 30% or 0.3); each streamed response is metered as one request per 10 MB of --response-size, at least 1";
    PEAK_FACTOR = "peak-factor", Some("peak_factor"), None, "F", numbers::parse_peak_factor,
        "Peak rate as a multiple of the monthly average (1 to 1,000), checked against the account throttle (default 1)";
    MESSAGES = "messages", Some("websocket.messages"), Some("messages"), "N", numbers::parse_count,
        "WebSocket messages a month (sent and received)";
    MESSAGE_SIZE = "message-size", Some("websocket.message_size"), Some("message_size_kb"), "SIZE", numbers::parse_size_kb,
        "Average WebSocket message size (32 KB increments, 128 KB max)";
    CONNECTION_MINUTES = "connection-minutes", Some("websocket.connection_minutes"), Some("connection_minutes"), "N", numbers::parse_count,
        "WebSocket connection minutes a month";
    CONNECTIONS = "connections", Some("websocket.connections"), None, "C", numbers::parse_count,
        "WebSocket connections a month (with --connection-duration)";
    CONNECTION_DURATION = "connection-duration", Some("websocket.connection_duration_minutes"), None, "MINUTES", numbers::parse_positive,
        "Average connected time per WebSocket connection, minutes";
    CACHE = "cache", Some("cache.size_gb"), Some("cache_gb"), "GB", numbers::parse_positive,
        "REST API cache size in GB (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237)";
    CACHE_HIT = "cache-hit", Some("cache.hit_rate"), Some("cache_hit"), "RATE", numbers::parse_fraction,
        "Share of requests served from the REST cache (80% or 0.8); hits do not invoke the backend";
    DURATION_MS = "duration-ms", Some("backend.duration_ms"), Some("duration_ms"), "MS", numbers::parse_duration_ms,
        "Average Lambda duration per invocation, ms (1 to 900,000)";
    MEMORY_MB = "memory-mb", Some("backend.memory_mb"), Some("memory_mb"), "MB", numbers::parse_memory_mb,
        "Lambda memory, whole MB (128 to 10,240)";
    INIT_MS = "init-ms", Some("backend.init_ms"), None, "MS", numbers::parse_duration_ms,
        "Init Duration of a cold start, ms, billed since 2025-08-01 (default: the runtime's median, data/latency.json)";
    GROWTH = "growth", Some("growth"), None, "RATE", numbers::parse_rate,
        "Compound monthly growth of the volume (15% or 0.15; -5% shrinks it; default 0)";
    CACHEABLE_SHARE = "cacheable-share", None, None, "RATE", numbers::parse_fraction,
        "For the CloudFront workaround: share of responses served from CloudFront's cache (0 to 100%; default 0)";
    AUTHORIZER_HIT_RATE = "authorizer-hit-rate", Some("authorizer_hit_rate"), None, "RATE", numbers::parse_fraction,
        "lambda-cached: share of requests answered from the authorizer cache (90% or 0.9)";
    IDENTITIES = "identities", Some("identities"), None, "N", numbers::parse_count,
        "lambda-cached: distinct identities (tokens) per TTL window: each misses the authorizer cache once per window (the hit share is estimated from them)";
    CONCURRENCY = "concurrency", Some("latency.concurrency"), None, "N", numbers::parse_count,
        "Lambda environments kept busy (raises the environment count used to derive the cold-start rate)";
    COLD_START_RATE = "cold-start-rate", Some("latency.cold_start_rate"), None, "RATE", numbers::parse_fraction,
        "Share of invocations that are cold starts (1% or 0.01; default: derived from the volume, else 1%)";
    AUTHORIZER_DURATION_MS = "authorizer-duration-ms", Some("authorizer_duration_ms"), None, "MS", numbers::parse_duration_ms,
        "Lambda authorizer: average billed duration per invocation, ms (1 to 900,000)";
    AUTHORIZER_MEMORY_MB = "authorizer-memory-mb", Some("authorizer_memory_mb"), None, "MB", numbers::parse_memory_mb,
        "Lambda authorizer: memory, whole MB (128 to 10,240)";
    MONTHLY_ACTIVE_USERS = "monthly-active-users", Some("monthly_active_users"), None, "N", numbers::parse_count,
        "--authorizer cognito: the user pool's monthly active users";
    ACCESS_LOG_BYTES = "access-log-bytes", Some("access_log_bytes"), None, "SIZE", numbers::parse_log_bytes,
        "Access-log bytes per request sent to CloudWatch Logs (REST and HTTP; 1024, or 1KB; at most 1MB)";
    EXECUTION_LOG_BYTES = "execution-log-bytes", Some("execution_log_bytes"), None, "SIZE", numbers::parse_log_bytes,
        "Execution-log bytes per request sent to CloudWatch Logs (REST only; 1024, or 1KB; at most 1MB)";
    LOG_RETENTION_MONTHS = "log-retention-months", Some("log_retention_months"), None, "N", numbers::parse_retention_months,
        "Months the logs are kept (0 to 120): storage priced on the ingested bytes; without it, not included";
    XRAY_SAMPLING = "xray-sampling", Some("xray_sampling"), None, "RATE", numbers::parse_fraction,
        "X-Ray tracing on a REST API at this sampling rate (5% or 0.05): traces recorded";
    AZS = "azs", Some("azs"), None, "N", numbers::parse_azs,
        "--endpoint private: Availability Zones of the interface VPC endpoint (1 to 6)";
    DISCOUNT = "discount", Some("discount"), None, "RATE", numbers::parse_fraction,
        "A negotiated discount off every line (7% or 0.07), shown as a negative line per service";
}

/// Every input of the registry, numeric, typed and choice: the names the flags, the profile reader and
/// batch must agree on.
pub fn declared() -> Vec<Declared> {
    ALL.iter()
        .map(Spec::declared)
        .chain(TYPED.iter().copied())
        .chain(CHOICES.iter().map(Choice::declared))
        .collect()
}

/// The declaration a profile key names (a key moved out of `[latency]` by either name).
pub fn declared_by_key(key: &str) -> Option<Declared> {
    let top = key.strip_prefix("latency.").unwrap_or(key);
    declared()
        .into_iter()
        .find(|d| d.key == Some(key) || d.key == Some(top))
}

/// The input a flag (`--cache-hit` or `cache-hit`) names.
pub fn by_flag(flag: &str) -> Option<&'static Input> {
    let f = flag.trim_start_matches('-');
    ALL.iter().find(|i| i.flag == f)
}

/// The input a profile key (`cache.hit_rate`) names.
pub fn by_key(key: &str) -> Option<&'static Input> {
    ALL.iter().find(|i| i.key == Some(key))
}

/// The input a batch column names.
pub fn by_column(column: &str) -> Option<&'static Input> {
    ALL.iter().find(|i| i.column == Some(column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let all = declared();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.flag, b.flag);
                assert!(a.key.is_none() || a.key != b.key, "{}", a.flag);
                assert!(a.column.is_none() || a.column != b.column, "{}", a.flag);
            }
        }
    }

    #[test]
    fn every_rate_follows_one_rule() {
        for input in ALL.iter().filter(|i| i.unit == "RATE") {
            let p = input.parse;
            assert_eq!(p("7%"), Ok(Decimal::new(7, 2)), "{}", input.flag);
            assert_eq!(p("0.07"), Ok(Decimal::new(7, 2)), "{}", input.flag);
            let e = p("7").unwrap_err();
            assert!(
                e.contains("7%") && e.contains("0.07"),
                "{}: {e}",
                input.flag
            );
            let e = p("1").unwrap_err();
            assert!(
                e.contains("100%") && e.contains("1%"),
                "{}: {e}",
                input.flag
            );
        }
    }
}
