// The validated model: plain data, no I/O. Included by `mod.rs` (as `types`) and by the crate's
// `build.rs`, which validates the embedded catalog at build time with the same code and writes it out
// as Rust (`statics`), so this file holds only items (no inner attributes) and names only
// `rust_decimal`, `std` and `crate::model::tiers`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::tiers::TierTable;

/// Where the catalog came from, carried into every output's footer or columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// `embedded data/prices.json` or the path of `--prices FILE`.
    pub origin: String,
    /// The primary source, e.g. "AWS metered unit map (SRC-AWS-METER-2025-10-20)".
    pub source: String,
    /// Publication date of the AWS file the API Gateway prices were read from.
    pub published: String,
    /// When the catalog was compiled.
    pub generated_on: String,
    /// Every source the catalog cites: its id and a one-line title (`prices sources`).
    pub sources: BTreeMap<String, String>,
    /// The sources that are AWS's own (their `kind` starts with "AWS": AWS's price files, pages and
    /// docs), as against third-party transcriptions, tools and secondary notes. A reader-facing
    /// output cites only these for a line that has any (the others stay in `prices sources`).
    pub aws_own: std::collections::BTreeSet<String>,
}

/// Size-based metering rules (from the catalog's `metering` section).
#[derive(Debug, Clone, PartialEq)]
pub struct Metering {
    /// HTTP API requests are metered in increments of this many KB (512).
    pub http_increment_kb: Decimal,
    pub http_sources: Vec<String>,
    /// A streamed REST response is metered as one request per this many MB (10), at least one;
    /// `None` when the catalog has no streaming rule (streaming is then refused).
    pub rest_stream_increment_mb: Option<Decimal>,
    pub rest_stream_sources: Vec<String>,
    /// WebSocket messages are metered in increments of this many KB (32).
    pub ws_increment_kb: Decimal,
    /// Largest WebSocket message, KB (128).
    pub ws_max_message_kb: Decimal,
    pub ws_sources: Vec<String>,
    /// Cache sizes AWS sells, GB, as written in the catalog ("0.5", "1.6", ...).
    pub cache_sizes_gb: Vec<String>,
}

/// The legacy 12-month free tier, units per month.
#[derive(Debug, Clone, PartialEq)]
pub struct LegacyFreeTier {
    pub rest_requests: Decimal,
    pub http_requests: Decimal,
    pub ws_messages: Decimal,
    pub ws_connection_minutes: Decimal,
    pub sources: Vec<String>,
}

/// One REST cache size and its hourly price.
#[derive(Debug, Clone, PartialEq)]
pub struct CacheRate {
    pub size_gb: Decimal,
    /// The size as the catalog writes it ("0.5", "237").
    pub label: String,
    pub table: TierTable,
}

/// Application Load Balancer prices and LCU dimensions.
#[derive(Debug, Clone, PartialEq)]
pub struct AlbPrices {
    pub hours: TierTable,
    pub lcu_hours: TierTable,
    pub lcu: Option<LcuDimensions>,
}

/// What one LCU buys, per dimension (an hour's LCU count is the largest of the dimensions).
#[derive(Debug, Clone, PartialEq)]
pub struct LcuDimensions {
    pub new_connections_per_second: Decimal,
    pub active_connections_per_minute: Decimal,
    pub processed_gb_per_hour_instance_targets: Decimal,
    pub processed_gb_per_hour_lambda_targets: Decimal,
    pub rule_evaluations_per_second: Decimal,
}

/// Lambda prices (backend and Function URL).
#[derive(Debug, Clone, PartialEq)]
pub struct LambdaPrices {
    /// Requests of x86_64 functions.
    pub requests: TierTable,
    /// Requests of arm64 functions (their own AWS rate code; the same price in every region in 2025).
    pub requests_arm: TierTable,
    pub gb_seconds_x86: TierTable,
    pub gb_seconds_arm: TierTable,
    pub free_requests: Decimal,
    pub free_gb_seconds: Decimal,
}

/// AWS WAF in one region (also the prices of a web ACL on CloudFront, created in us-east-1).
#[derive(Debug, Clone, PartialEq)]
pub struct WafPrices {
    /// Per web ACL per month.
    pub web_acl: TierTable,
    /// Per rule per month.
    pub rules: TierTable,
    /// Per 1M requests inspected.
    pub requests: TierTable,
}

/// CloudFront in one edge geography (where viewers are served).
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeGeography {
    pub name: String,
    pub https_requests: TierTable,
    pub http_requests: TierTable,
    /// Internet egress tiers, GB.
    pub egress: TierTable,
    /// Transfer from the edge to the origin, GB.
    pub to_origin: TierTable,
}

/// Everything the catalog prices in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionPrices {
    pub code: String,
    pub location: String,
    pub partition: String,
    /// Caveats the catalog records for the region (shared tiers, missing kinds).
    pub flags: Vec<String>,
    pub rest: Option<TierTable>,
    pub http: Option<TierTable>,
    pub ws_messages: Option<TierTable>,
    pub ws_minutes: Option<TierTable>,
    pub cache: Vec<CacheRate>,
    pub data_transfer_out: Option<TierTable>,
    pub alb: Option<AlbPrices>,
    pub lambda: Option<LambdaPrices>,
    pub waf: Option<WafPrices>,
    /// CloudWatch Logs, X-Ray, interface VPC endpoints and Cognito (what is paid around the gateway).
    pub around: AroundPrices,
}

/// CloudWatch Logs prices in one region (USD per GB ingested, per GB-month stored).
#[derive(Debug, Clone, PartialEq)]
pub struct LogsPrices {
    pub ingest_standard: TierTable,
    pub ingest_infrequent_access: TierTable,
    pub storage: TierTable,
}

/// X-Ray prices in one region (USD per 1M traces); AWS publishes no retrieval price in some regions.
#[derive(Debug, Clone, PartialEq)]
pub struct XrayPrices {
    pub recorded: TierTable,
    pub retrieved: Option<TierTable>,
}

/// Interface VPC endpoint prices in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct VpcePrices {
    /// Per endpoint per Availability Zone per hour.
    pub hours: TierTable,
    /// Data processed, GB, tiered.
    pub data_processed: TierTable,
}

/// What the catalog prices around the gateway in one region (each `None` where AWS's file has no price).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AroundPrices {
    pub logs: Option<LogsPrices>,
    pub xray: Option<XrayPrices>,
    pub vpce: Option<VpcePrices>,
    /// Cognito user pool MAU tiers.
    pub cognito: Option<TierTable>,
}

/// A source the catalog cites.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    /// A one-line description (kind and what/where).
    pub summary: String,
    /// Whether the source is AWS's own (its `kind` starts with "AWS").
    pub aws_own: bool,
}

/// A validated price catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    /// False when only some regions were loaded (`Catalog::embedded_regions`); lookups that need the
    /// whole catalog (suggestions, availability) then consult the full embedded catalog.
    pub complete: bool,
    pub provenance: Provenance,
    pub currency: String,
    pub metering: Metering,
    pub legacy_free_tier: Option<LegacyFreeTier>,
    pub regions: BTreeMap<String, RegionPrices>,
    pub sources: BTreeMap<String, Source>,
    /// CloudFront by edge geography (empty when the catalog has no CloudFront prices).
    pub cloudfront: Vec<EdgeGeography>,
    /// CloudFront's flat-rate plans, when the catalog has them.
    pub cloudfront_plans: Option<FlatPlans>,
}

/// One CloudFront flat-rate plan: a monthly price and its allowance.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatPlan {
    pub name: String,
    pub usd_per_month: Decimal,
    pub requests: Decimal,
    pub transfer_gb: Decimal,
}

/// CloudFront's flat-rate plans, what they leave out and how sure the figures are.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatPlans {
    pub plans: Vec<FlatPlan>,
    pub leaves_out: String,
    pub confidence: String,
    pub sources: Vec<String>,
}
