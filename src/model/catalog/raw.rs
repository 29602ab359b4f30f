//! The catalog's file format: the serde structs `data/prices.json` (and any `--prices FILE`) is read into.
//!
//! Nothing here is validated; `build.rs` next to this file turns a `RawCatalog` into the checked model of
//! `mod.rs`. These types stay private to the catalog module: the rest of the crate sees only the model.
//!
//! Sections of the file, by struct: `RawCatalog` (top level: `schema_version`, `currency`, `regions`,
//! `alternatives`, `sources`), `RawMetering` (size increments, cache sizes), `RawFreeTier` (legacy
//! 12-month free tier), `RawRegion` (one region: REST, HTTP, WebSocket, cache, data transfer out) and
//! `RawAlternatives` (ALB and Lambda prices per region).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Deserialize)]
pub(super) struct RawCatalog {
    pub(super) schema_version: u32,
    pub(super) generated_on: String,
    pub(super) currency: String,
    #[serde(default)]
    pub(super) metering: Option<RawMetering>,
    #[serde(default)]
    pub(super) free_tier: Option<RawFreeTier>,
    /// Kept raw so that a run which needs one region parses only that one.
    pub(super) regions: BTreeMap<String, Box<serde_json::value::RawValue>>,
    /// Kept raw like `regions`: each entry is parsed (`RawAlternatives`) only for the regions loaded.
    #[serde(default)]
    pub(super) alternatives: BTreeMap<String, Box<serde_json::value::RawValue>>,
    #[serde(default)]
    pub(super) sources: BTreeMap<String, Box<serde_json::value::RawValue>>,
    /// CloudFront by edge geography (not by region): see `RawCloudFront`. Kept raw: a partial load
    /// parses it only when asked for (`catalog::CLOUDFRONT`).
    #[serde(default)]
    pub(super) cloudfront: Option<Box<serde_json::value::RawValue>>,
}

/// CloudFront prices per edge geography ("United States", "EU", ...), from AWS's CloudFront map.
#[derive(Deserialize)]
pub(super) struct RawCloudFront {
    pub(super) edge_geographies: BTreeMap<String, RawEdge>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
    #[serde(default)]
    pub(super) flat_rate_plans: Option<RawFlatPlans>,
}
/// CloudFront's flat-rate plans (2025-11-18).
#[derive(Deserialize)]
pub(super) struct RawFlatPlans {
    pub(super) plans: Vec<RawFlatPlan>,
    pub(super) leaves_out: String,
    pub(super) confidence: String,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawFlatPlan {
    pub(super) name: String,
    pub(super) usd_per_month: Decimal,
    pub(super) requests: Decimal,
    pub(super) data_transfer_gb: Decimal,
}
#[derive(Deserialize)]
pub(super) struct RawEdge {
    pub(super) https_requests_usd_per_million: Decimal,
    #[serde(default)]
    pub(super) https_requests_aws_rate_code: Option<String>,
    pub(super) http_requests_usd_per_million: Decimal,
    #[serde(default)]
    pub(super) http_requests_aws_rate_code: Option<String>,
    pub(super) egress_tiers: Vec<RawDtoTier>,
    pub(super) to_origin_usd_per_gb: Decimal,
    #[serde(default)]
    pub(super) to_origin_aws_rate_code: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct RawMetering {
    pub(super) http: Option<RawIncrement>,
    #[serde(default)]
    pub(super) rest_streaming: Option<RawStreaming>,
    pub(super) websocket: Option<RawWsMetering>,
    pub(super) rest_cache: Option<RawCacheMetering>,
}
#[derive(Deserialize)]
pub(super) struct RawIncrement {
    pub(super) size_increment_kb: Decimal,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
/// REST response streaming: one request per `increment_mb` of a streamed response, at least one.
#[derive(Deserialize)]
pub(super) struct RawStreaming {
    pub(super) increment_mb: Decimal,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawWsMetering {
    pub(super) messages: RawWsMessageRule,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawWsMessageRule {
    pub(super) max_message_kb: Decimal,
    pub(super) size_increment_kb: Decimal,
}
#[derive(Deserialize)]
pub(super) struct RawCacheMetering {
    pub(super) sizes_gb: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct RawFreeTier {
    pub(super) legacy_12_month: Option<RawLegacyFree>,
}
#[derive(Deserialize)]
pub(super) struct RawLegacyFree {
    pub(super) per_month: RawLegacyPerMonth,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawLegacyPerMonth {
    pub(super) rest_api_calls: Decimal,
    pub(super) http_api_calls: Decimal,
    pub(super) websocket_messages: Decimal,
    pub(super) websocket_connection_minutes: Decimal,
}

#[derive(Deserialize)]
pub(super) struct RawRegion {
    pub(super) location: String,
    #[serde(default)]
    pub(super) partition: Option<String>,
    #[serde(default)]
    pub(super) flags: Vec<String>,
    pub(super) rest: Option<RawTiered>,
    pub(super) http: Option<RawTiered>,
    pub(super) websocket: Option<RawWebSocket>,
    pub(super) rest_cache: Option<RawCache>,
    pub(super) data_transfer_out_internet: Option<RawDto>,
}

#[derive(Deserialize)]
pub(super) struct RawTiered {
    pub(super) tiers: Vec<RawTier>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawTier {
    pub(super) up_to: Option<Decimal>,
    pub(super) usd_per_million: Decimal,
    pub(super) aws_rate_code: Option<String>,
}
#[derive(Deserialize)]
pub(super) struct RawWebSocket {
    pub(super) messages: Option<RawTiered>,
    pub(super) connection_minutes: Option<RawMinutes>,
}
#[derive(Deserialize)]
pub(super) struct RawMinutes {
    pub(super) usd_per_million_minutes: Decimal,
    pub(super) aws_rate_code: Option<String>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawCache {
    pub(super) by_size_gb: BTreeMap<String, RawCacheSize>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawCacheSize {
    pub(super) usd_per_hour: Decimal,
    pub(super) aws_rate_code: Option<String>,
}
#[derive(Deserialize)]
pub(super) struct RawDto {
    pub(super) tiers: Vec<RawDtoTier>,
}
#[derive(Deserialize)]
pub(super) struct RawDtoTier {
    pub(super) up_to_gb: Option<Decimal>,
    pub(super) usd_per_gb: Decimal,
    #[serde(default)]
    pub(super) aws_rate_code: Option<String>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}

/// The services priced around the gateway (`build/around.rs` validates them).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLogs {
    pub(super) ingest_standard_usd_per_gb: Decimal,
    #[serde(default)]
    pub(super) ingest_standard_aws_rate_code: Option<String>,
    pub(super) ingest_infrequent_access_usd_per_gb: Decimal,
    #[serde(default)]
    pub(super) ingest_infrequent_access_aws_rate_code: Option<String>,
    pub(super) storage_usd_per_gb_month: Decimal,
    #[serde(default)]
    pub(super) storage_aws_rate_code: Option<String>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawXray {
    pub(super) traces_recorded_usd_per_million: Decimal,
    #[serde(default)]
    pub(super) traces_recorded_aws_rate_code: Option<String>,
    #[serde(default)]
    pub(super) traces_retrieved_usd_per_million: Option<Decimal>,
    #[serde(default)]
    pub(super) traces_retrieved_aws_rate_code: Option<String>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGbTier {
    pub(super) up_to_gb: Option<Decimal>,
    pub(super) usd_per_gb: Decimal,
    #[serde(default)]
    pub(super) aws_rate_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVpce {
    pub(super) usd_per_endpoint_az_hour: Decimal,
    #[serde(default)]
    pub(super) hours_aws_rate_code: Option<String>,
    pub(super) data_processed_tiers: Vec<RawGbTier>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMauTier {
    pub(super) up_to_mau: Option<Decimal>,
    pub(super) usd_per_mau: Decimal,
    #[serde(default)]
    pub(super) aws_rate_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCognito {
    pub(super) user_pool_mau_tiers: Vec<RawMauTier>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct RawAlternatives {
    pub(super) application_load_balancer: Option<RawAlb>,
    pub(super) lambda: Option<RawLambda>,
    #[serde(default)]
    pub(super) waf: Option<RawWaf>,
    #[serde(default)]
    pub(super) cloudwatch_logs: Option<RawLogs>,
    #[serde(default)]
    pub(super) xray: Option<RawXray>,
    #[serde(default)]
    pub(super) vpc_endpoint: Option<RawVpce>,
    #[serde(default)]
    pub(super) cognito: Option<RawCognito>,
}
/// AWS WAF (regional): web ACL and rule per month, requests per million.
#[derive(Deserialize)]
pub(super) struct RawWaf {
    pub(super) usd_per_web_acl_month: Decimal,
    #[serde(default)]
    pub(super) web_acl_aws_rate_code: Option<String>,
    pub(super) usd_per_rule_month: Decimal,
    #[serde(default)]
    pub(super) rule_aws_rate_code: Option<String>,
    pub(super) usd_per_million_requests: Decimal,
    #[serde(default)]
    pub(super) requests_aws_rate_code: Option<String>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawAlb {
    pub(super) usd_per_alb_hour: Decimal,
    #[serde(default)]
    pub(super) hours_aws_rate_code: Option<String>,
    pub(super) usd_per_lcu_hour: Decimal,
    #[serde(default)]
    pub(super) lcu_hours_aws_rate_code: Option<String>,
    pub(super) lcu_dimensions: Option<RawLcu>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawLcu {
    pub(super) new_connections_per_second: Decimal,
    pub(super) active_connections_per_minute: Decimal,
    pub(super) processed_gb_per_hour_ec2_ip_container_targets: Decimal,
    pub(super) processed_gb_per_hour_lambda_targets: Decimal,
    pub(super) rule_evaluations_per_second: Decimal,
}
#[derive(Deserialize)]
pub(super) struct RawLambda {
    pub(super) usd_per_million_requests: Decimal,
    #[serde(default)]
    pub(super) requests_aws_rate_code: Option<String>,
    /// arm64 requests have their own rate code (and, in principle, price); x86's when absent.
    #[serde(default)]
    pub(super) arm64_usd_per_million_requests: Option<Decimal>,
    #[serde(default)]
    pub(super) arm64_requests_aws_rate_code: Option<String>,
    pub(super) duration_x86_usd_per_gb_second: Vec<RawGbSecondTier>,
    pub(super) duration_arm64_usd_per_gb_second: Vec<RawGbSecondTier>,
    pub(super) always_free_per_month: Option<RawLambdaFree>,
    #[serde(default)]
    pub(super) sources: Vec<String>,
}
#[derive(Deserialize)]
pub(super) struct RawGbSecondTier {
    pub(super) up_to_gb_seconds: Option<Decimal>,
    pub(super) usd: Decimal,
    #[serde(default)]
    pub(super) aws_rate_code: Option<String>,
}
#[derive(Deserialize)]
pub(super) struct RawLambdaFree {
    pub(super) requests: Decimal,
    pub(super) gb_seconds: Decimal,
}

/// Which top-level key of a catalog breaks the schema (serde's own error names only a line and column):
/// `schema_version: invalid type: string "1", expected u32`, `alternatives.us-east-1: missing field
/// ...`, or a required key missing. `None` when the text is not a JSON object at all.
pub(super) fn locate_schema_error(text: &str) -> Option<String> {
    fn check<T: DeserializeOwned>(v: &RawValue) -> Result<(), String> {
        serde_json::from_str::<T>(v.get())
            .map(|_| ())
            .map_err(|e| without_position(&e))
    }
    let top: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text).ok()?;
    for (key, v) in &top {
        let r = match key.as_str() {
            "schema_version" => check::<u32>(v),
            "generated_on" | "currency" => check::<String>(v),
            "metering" => check::<Option<RawMetering>>(v),
            "cloudfront" => check::<Option<RawCloudFront>>(v),
            "free_tier" => check::<Option<RawFreeTier>>(v),
            "regions" | "sources" => check::<BTreeMap<String, Box<RawValue>>>(v),
            "alternatives" => {
                match serde_json::from_str::<BTreeMap<String, Box<RawValue>>>(v.get()) {
                    Err(e) => Err(without_position(&e)),
                    Ok(m) => {
                        if let Some((code, e)) = m.iter().find_map(|(code, a)| {
                            check::<RawAlternatives>(a).err().map(|e| (code, e))
                        }) {
                            return Some(format!(
                                "alternatives.{}: {e}",
                                crate::error::shorten(code)
                            ));
                        }
                        Ok(())
                    }
                }
            }
            _ => Ok(()),
        };
        if let Err(e) = r {
            return Some(format!("{key}: {e}"));
        }
    }
    ["schema_version", "generated_on", "currency", "regions"]
        .iter()
        .find(|k| !top.contains_key(**k))
        .map(|k| format!("missing the required key `{k}`"))
}

/// A serde_json error without its ` at line L column C` (which would be relative to a fragment).
fn without_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
