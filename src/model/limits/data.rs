//! The quotas of `data/limits.json` that a workload is checked against, as the build script writes
//! them (`build/limits.rs`): plain data with static text, so nothing is parsed or allocated at run time.

use rust_decimal::Decimal;

/// A map of the file as (key, value) pairs in key order.
pub type Names = &'static [(&'static str, &'static str)];

#[derive(Debug)]
pub struct Limits {
    pub payload_limits_mb: Payload,
    pub limits: Quotas,
}

#[derive(Debug)]
pub struct Payload {
    pub rest: Decimal,
    pub http: Decimal,
    pub alb_lambda_request_body_mb: Decimal,
    pub function_url_buffered_mb: Decimal,
    pub sources: Names,
}

#[derive(Debug)]
pub struct Quotas {
    pub account_throttle: Throttle,
    pub http_api: Http,
    pub rest_api: Rest,
    pub websocket: WebSocket,
    pub lambda: Lambda,
}

#[derive(Debug)]
pub struct Lambda {
    pub memory_mb: [u32; 2],
    pub duration_ms_max: u32,
    pub quota_source: &'static str,
}

#[derive(Debug)]
pub struct Throttle {
    pub rps: u32,
    pub burst: u32,
    pub reduced_regions_rps: u32,
    pub reduced_regions_burst: u32,
    pub reduced_regions: Names,
    pub source: &'static str,
}

#[derive(Debug)]
pub struct Http {
    pub integration_timeout_s_max: u32,
    pub jwks_timeout_ms: u32,
    pub source: &'static str,
}

#[derive(Debug)]
pub struct Rest {
    pub integration_timeout_ms: [u32; 2],
    pub timeout_increase_beyond_29s: &'static str,
}

#[derive(Debug)]
pub struct WebSocket {
    pub new_connections_per_s_per_account_region: u32,
    pub integration_timeout_ms: [u32; 2],
    pub connection_duration_h: u32,
    pub idle_timeout_min: u32,
    pub source: &'static str,
}

/// The value of `key` in `names`.
pub fn get(names: Names, key: &str) -> Option<&'static str> {
    names.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

include!(concat!(env!("OUT_DIR"), "/limits_static.rs"));
