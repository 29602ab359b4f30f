//! The price catalog: regions → API kinds → meters → tiers, with the source of every price.
//!
//! The schema is `data/prices.json` (the researched table built from AWS's own published price file).
//! The binary embeds a compact copy of it (see `build.rs`); `--prices FILE` loads another file of the same
//! schema. Every catalog is validated on load: tiers ascending, last tier unbounded, prices non-negative,
//! units known. A bad catalog is an error naming the region, the API kind and the tier.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::meter::Meter;
use crate::model::tiers::{Tier, TierTable};

/// The compact copy of `data/prices.json` compiled into the binary.
pub const EMBEDDED: &str = include_str!(concat!(env!("OUT_DIR"), "/prices.min.json"));
/// How the embedded catalog is named in messages and outputs.
pub const EMBEDDED_ORIGIN: &str = "embedded data/prices.json";

// ---------------------------------------------------------------------------------------------------
// The file format (serde), kept private: the rest of the crate sees only the validated model below.

#[derive(Deserialize)]
struct RawCatalog {
    schema_version: u32,
    generated_on: String,
    currency: String,
    #[serde(default)]
    metering: Option<RawMetering>,
    #[serde(default)]
    free_tier: Option<RawFreeTier>,
    /// Kept raw so that a run which needs one region parses only that one.
    regions: BTreeMap<String, Box<serde_json::value::RawValue>>,
    #[serde(default)]
    alternatives: BTreeMap<String, RawAlternatives>,
    #[serde(default)]
    sources: BTreeMap<String, Box<serde_json::value::RawValue>>,
}

#[derive(Deserialize)]
struct RawMetering {
    http: Option<RawIncrement>,
    websocket: Option<RawWsMetering>,
    rest_cache: Option<RawCacheMetering>,
}
#[derive(Deserialize)]
struct RawIncrement {
    size_increment_kb: Decimal,
    #[serde(default)]
    sources: Vec<String>,
}
#[derive(Deserialize)]
struct RawWsMetering {
    messages: RawWsMessageRule,
    #[serde(default)]
    sources: Vec<String>,
}
#[derive(Deserialize)]
struct RawWsMessageRule {
    max_message_kb: Decimal,
    size_increment_kb: Decimal,
}
#[derive(Deserialize)]
struct RawCacheMetering {
    sizes_gb: Vec<String>,
}

#[derive(Deserialize)]
struct RawFreeTier {
    legacy_12_month: Option<RawLegacyFree>,
}
#[derive(Deserialize)]
struct RawLegacyFree {
    per_month: RawLegacyPerMonth,
    #[serde(default)]
    sources: Vec<String>,
}
#[derive(Deserialize)]
struct RawLegacyPerMonth {
    rest_api_calls: Decimal,
    http_api_calls: Decimal,
    websocket_messages: Decimal,
    websocket_connection_minutes: Decimal,
}

#[derive(Deserialize)]
struct RawRegion {
    location: String,
    #[serde(default)]
    partition: Option<String>,
    #[serde(default)]
    flags: Vec<String>,
    rest: Option<RawTiered>,
    http: Option<RawTiered>,
    websocket: Option<RawWebSocket>,
    rest_cache: Option<RawCache>,
    data_transfer_out_internet: Option<RawDto>,
}

#[derive(Deserialize)]
struct RawTiered {
    tiers: Vec<RawTier>,
    #[serde(default)]
    sources: Vec<String>,
}
#[derive(Deserialize)]
struct RawTier {
    up_to: Option<Decimal>,
    usd_per_million: Decimal,
    aws_rate_code: Option<String>,
}
#[derive(Deserialize)]
struct RawWebSocket {
    messages: Option<RawTiered>,
    connection_minutes: Option<RawMinutes>,
}
#[derive(Deserialize)]
struct RawMinutes {
    usd_per_million_minutes: Decimal,
    aws_rate_code: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
}
#[derive(Deserialize)]
struct RawCache {
    by_size_gb: BTreeMap<String, RawCacheSize>,
    #[serde(default)]
    sources: Vec<String>,
}
#[derive(Deserialize)]
struct RawCacheSize {
    usd_per_hour: Decimal,
    aws_rate_code: Option<String>,
}
#[derive(Deserialize)]
struct RawDto {
    tiers: Vec<RawDtoTier>,
}
#[derive(Deserialize)]
struct RawDtoTier {
    up_to_gb: Option<Decimal>,
    usd_per_gb: Decimal,
    #[serde(default)]
    sources: Vec<String>,
}

#[derive(Deserialize)]
struct RawAlternatives {
    application_load_balancer: Option<RawAlb>,
    lambda: Option<RawLambda>,
}
#[derive(Deserialize)]
struct RawAlb {
    usd_per_alb_hour: Decimal,
    usd_per_lcu_hour: Decimal,
    lcu_dimensions: Option<RawLcu>,
    #[serde(default)]
    sources: Vec<String>,
}
#[derive(Deserialize)]
struct RawLcu {
    new_connections_per_second: Decimal,
    active_connections_per_minute: Decimal,
    processed_gb_per_hour_ec2_ip_container_targets: Decimal,
    processed_gb_per_hour_lambda_targets: Decimal,
    rule_evaluations_per_second: Decimal,
}
#[derive(Deserialize)]
struct RawLambda {
    usd_per_million_requests: Decimal,
    duration_x86_usd_per_gb_second: Vec<RawGbSecondTier>,
    duration_arm64_usd_per_gb_second: Vec<RawGbSecondTier>,
    always_free_per_month: Option<RawLambdaFree>,
    #[serde(default)]
    sources: Vec<String>,
}
#[derive(Deserialize)]
struct RawGbSecondTier {
    up_to_gb_seconds: Option<Decimal>,
    usd: Decimal,
}
#[derive(Deserialize)]
struct RawLambdaFree {
    requests: Decimal,
    gb_seconds: Decimal,
}

// ---------------------------------------------------------------------------------------------------
// The validated model.

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
}

/// Size-based metering rules (from the catalog's `metering` section).
#[derive(Debug, Clone, PartialEq)]
pub struct Metering {
    /// HTTP API requests are metered in increments of this many KB (512).
    pub http_increment_kb: Decimal,
    pub http_sources: Vec<String>,
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
    pub requests: TierTable,
    pub gb_seconds_x86: TierTable,
    pub gb_seconds_arm: TierTable,
    pub free_requests: Decimal,
    pub free_gb_seconds: Decimal,
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
}

/// A source the catalog cites.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    /// A one-line description (kind and what/where).
    pub summary: String,
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
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn embedded() -> Result<Catalog> {
        Catalog::from_json(EMBEDDED, EMBEDDED_ORIGIN)
    }

    /// The embedded catalog with only `regions` parsed: what a one-region quote needs, without parsing
    /// the other 35 on every start. Unknown codes are left out (and reported by `region()`).
    pub fn embedded_regions(regions: &[&str]) -> Result<Catalog> {
        parse(EMBEDDED, EMBEDDED_ORIGIN, Some(regions))
    }

    /// Parses and validates a catalog; `origin` names it in errors (a path or "embedded ...").
    pub fn from_json(text: &str, origin: &str) -> Result<Catalog> {
        parse(text, origin, None)
    }

    /// The prices of one region, or an error that lists the known regions.
    pub fn region(&self, code: &str) -> Result<&RegionPrices> {
        self.regions.get(code).ok_or_else(|| {
            if !self.complete {
                if let Ok(full) = Catalog::embedded() {
                    if let Err(e) = full.region(code) {
                        return e;
                    }
                }
            }
            let close: Vec<&str> = self
                .regions
                .keys()
                .filter(|k| similar(k, code))
                .map(|k| k.as_str())
                .collect();
            let hint = if close.is_empty() {
                format!(
                    "; the catalog prices {} regions (see `apigw-cost prices list`)",
                    self.regions.len()
                )
            } else {
                format!("; did you mean {}?", close.join(" or "))
            };
            Error::UnknownRegion {
                region: code.to_string(),
                hint,
            }
        })
    }

    /// Regions whose catalog entry prices the given API kind.
    pub fn regions_pricing(&self, kind: ApiKind) -> Vec<&str> {
        self.regions
            .values()
            .filter(|r| r.prices(kind))
            .map(|r| r.code.as_str())
            .collect()
    }

    /// The "where it is available" tail of a not-priced error.
    pub fn availability_hint(&self, kind: ApiKind) -> String {
        if !self.complete {
            if let Ok(full) = Catalog::embedded() {
                return full.availability_hint(kind);
            }
        }
        let regions = self.regions_pricing(kind);
        if regions.is_empty() {
            String::from("; no region in this catalog prices it")
        } else if regions.len() > 8 {
            format!(
                "; {} regions price it, e.g. {} (see `apigw-cost prices list`)",
                regions.len(),
                regions[..6].join(", ")
            )
        } else {
            format!("; it is priced in {}", regions.join(", "))
        }
    }

    /// A source's one-line summary, or the id itself when the catalog does not describe it.
    pub fn source_summary(&self, id: &str) -> String {
        let key = id.split_whitespace().next().unwrap_or(id);
        self.sources
            .get(key)
            .map(|s| s.summary.clone())
            .unwrap_or_else(|| id.to_string())
    }
}

impl RegionPrices {
    /// Whether this region prices an API kind (or alternative) at all.
    pub fn prices(&self, kind: ApiKind) -> bool {
        match kind {
            ApiKind::Rest => self.rest.is_some(),
            ApiKind::Http => self.http.is_some(),
            ApiKind::WebSocket => self.ws_messages.is_some() && self.ws_minutes.is_some(),
            ApiKind::Alb => self.alb.is_some(),
            ApiKind::FunctionUrl => self.lambda.is_some(),
        }
    }

    /// The cache price of a size AWS sells, matched by value (0.5 == 0.50).
    pub fn cache_rate(&self, size_gb: Decimal) -> Option<&CacheRate> {
        self.cache.iter().find(|c| c.size_gb == size_gb)
    }
}

fn similar(a: &str, b: &str) -> bool {
    let a = a.to_ascii_lowercase();
    let b = b.to_ascii_lowercase();
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    // Same prefix before the number, or an edit distance of at most 2.
    edit_distance(&a, &b) <= 2
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

// ---------------------------------------------------------------------------------------------------
// Conversion and validation.

struct Ctx<'a> {
    origin: &'a str,
}

impl Ctx<'_> {
    fn err(
        &self,
        region: &str,
        kind: &str,
        tier: Option<usize>,
        problem: impl Into<String>,
    ) -> Error {
        Error::Catalog {
            origin: self.origin.to_string(),
            region: region.to_string(),
            kind: kind.to_string(),
            tier: tier.map(|t| format!(" tier {}", t + 1)).unwrap_or_default(),
            problem: problem.into(),
        }
    }

    /// Checks a tier list: prices non-negative, bounds positive and strictly ascending, last unbounded.
    fn table(
        &self,
        region: &str,
        kind: &str,
        meter: Meter,
        tiers: Vec<Tier>,
        sources: Vec<String>,
    ) -> Result<TierTable> {
        if tiers.is_empty() {
            return Err(self.err(region, kind, None, "has no tiers"));
        }
        let mut previous = Decimal::ZERO;
        let last = tiers.len() - 1;
        for (i, t) in tiers.iter().enumerate() {
            if t.price.is_sign_negative() {
                return Err(self.err(
                    region,
                    kind,
                    Some(i),
                    format!("price {} is negative", t.price),
                ));
            }
            match t.up_to {
                Some(u) if i == last => {
                    return Err(self.err(
                        region,
                        kind,
                        Some(i),
                        format!("the last tier must be unbounded (up_to null), found up_to {u}"),
                    ))
                }
                Some(u) if u <= previous => {
                    return Err(self.err(
                        region,
                        kind,
                        Some(i),
                        format!("tier bounds must ascend: up_to {u} is not above the previous bound {previous}"),
                    ))
                }
                Some(u) => previous = u,
                None if i != last => {
                    return Err(self.err(region, kind, Some(i), "only the last tier may be unbounded (up_to null)"))
                }
                None => {}
            }
        }
        Ok(TierTable {
            meter,
            tiers,
            sources,
        })
    }

    fn tiered(&self, region: &str, kind: &str, meter: Meter, raw: RawTiered) -> Result<TierTable> {
        let tiers = raw
            .tiers
            .into_iter()
            .map(|t| Tier {
                up_to: t.up_to,
                price: t.usd_per_million,
                rate_code: t.aws_rate_code,
            })
            .collect();
        self.table(region, kind, meter, tiers, raw.sources)
    }
}

fn source_summary(id: &str, value: &serde_json::Value) -> String {
    let field = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let what = field("what")
        .or_else(|| field("title"))
        .or_else(|| field("kind"))
        .unwrap_or_default();
    let loc = field("origin_url")
        .or_else(|| field("url"))
        .or_else(|| match (field("repo"), field("path")) {
            (Some(r), Some(p)) => Some(format!("{r} {p}")),
            (Some(r), None) => Some(r),
            _ => None,
        })
        .unwrap_or_default();
    let mut s = format!("{id}: {what}");
    if !loc.is_empty() {
        s.push_str(&format!(" <{loc}>"));
    }
    s
}

fn parse(text: &str, origin: &str, only: Option<&[&str]>) -> Result<Catalog> {
    let raw: RawCatalog = serde_json::from_str(text).map_err(|e| Error::File {
        path: origin.to_string(),
        message: format!("not a price catalog in the data/prices.json schema: {e}"),
    })?;
    build(raw, origin, only)
}

fn build(raw: RawCatalog, origin: &str, only: Option<&[&str]>) -> Result<Catalog> {
    let cx = Ctx { origin };
    if raw.schema_version != 1 {
        return Err(cx.err(
            "(catalog)",
            "schema_version",
            None,
            format!(
                "unsupported schema_version {}, expected 1",
                raw.schema_version
            ),
        ));
    }
    if raw.currency != "USD" {
        return Err(cx.err(
            "(catalog)",
            "currency",
            None,
            format!("unsupported currency '{}', expected USD", raw.currency),
        ));
    }
    let metering = match raw.metering {
        Some(RawMetering {
            http: Some(http),
            websocket: Some(ws),
            rest_cache,
        }) => Metering {
            http_increment_kb: positive(&cx, "http", "metering.size_increment_kb", http.size_increment_kb)?,
            http_sources: http.sources,
            ws_increment_kb: positive(&cx, "websocket", "metering.size_increment_kb", ws.messages.size_increment_kb)?,
            ws_max_message_kb: positive(&cx, "websocket", "metering.max_message_kb", ws.messages.max_message_kb)?,
            ws_sources: ws.sources,
            cache_sizes_gb: rest_cache.map(|c| c.sizes_gb).unwrap_or_default(),
        },
        _ => {
            return Err(cx.err(
                "(catalog)",
                "metering",
                None,
                "missing the metering rules (metering.http.size_increment_kb, metering.websocket.messages)",
            ))
        }
    };
    let legacy_free_tier = raw
        .free_tier
        .and_then(|f| f.legacy_12_month)
        .map(|l| LegacyFreeTier {
            rest_requests: l.per_month.rest_api_calls,
            http_requests: l.per_month.http_api_calls,
            ws_messages: l.per_month.websocket_messages,
            ws_connection_minutes: l.per_month.websocket_connection_minutes,
            sources: l.sources,
        });

    let mut alternatives = raw.alternatives;
    let global_lcu: Option<LcuDimensions> = alternatives
        .values()
        .find_map(|a| {
            a.application_load_balancer
                .as_ref()
                .and_then(|alb| alb.lcu_dimensions.as_ref())
        })
        .map(|l| LcuDimensions {
            new_connections_per_second: l.new_connections_per_second,
            active_connections_per_minute: l.active_connections_per_minute,
            processed_gb_per_hour_instance_targets: l
                .processed_gb_per_hour_ec2_ip_container_targets,
            processed_gb_per_hour_lambda_targets: l.processed_gb_per_hour_lambda_targets,
            rule_evaluations_per_second: l.rule_evaluations_per_second,
        });
    if let Some(code) = alternatives.keys().find(|k| !raw.regions.contains_key(*k)) {
        return Err(cx.err(
            code,
            "alternatives",
            None,
            "prices alternatives for a region the catalog does not list",
        ));
    }
    let mut regions = BTreeMap::new();
    for (code, text) in raw.regions {
        if let Some(only) = only {
            if !only.contains(&code.as_str()) {
                continue;
            }
        }
        let r: RawRegion = serde_json::from_str(text.get()).map_err(|e| {
            cx.err(
                &code,
                "region",
                None,
                format!("does not match the schema: {e}"),
            )
        })?;
        let rest = r
            .rest
            .map(|t| cx.tiered(&code, "rest", Meter::Requests, t))
            .transpose()?;
        let http = r
            .http
            .map(|t| cx.tiered(&code, "http", Meter::Requests, t))
            .transpose()?;
        let (ws_messages, ws_minutes) = match r.websocket {
            Some(ws) => (
                ws.messages
                    .map(|t| cx.tiered(&code, "websocket messages", Meter::Messages, t))
                    .transpose()?,
                ws.connection_minutes
                    .map(|m| {
                        let t = vec![Tier {
                            up_to: None,
                            price: m.usd_per_million_minutes,
                            rate_code: m.aws_rate_code,
                        }];
                        cx.table(
                            &code,
                            "websocket connection minutes",
                            Meter::ConnectionMinutes,
                            t,
                            m.sources,
                        )
                    })
                    .transpose()?,
            ),
            None => (None, None),
        };
        let mut cache = Vec::new();
        if let Some(c) = r.rest_cache {
            for (label, rate) in c.by_size_gb {
                let size_gb: Decimal = label.parse().map_err(|_| {
                    cx.err(
                        &code,
                        "rest cache",
                        None,
                        format!("cache size '{label}' is not a number of GB"),
                    )
                })?;
                if !metering.cache_sizes_gb.is_empty() && !metering.cache_sizes_gb.contains(&label)
                {
                    return Err(cx.err(
                        &code,
                        "rest cache",
                        None,
                        format!(
                            "unknown cache size {label} GB; AWS sells {} GB",
                            metering.cache_sizes_gb.join(", ")
                        ),
                    ));
                }
                let t = vec![Tier {
                    up_to: None,
                    price: rate.usd_per_hour,
                    rate_code: rate.aws_rate_code,
                }];
                let table = cx.table(
                    &code,
                    &format!("rest cache {label} GB"),
                    Meter::CacheHours,
                    t,
                    c.sources.clone(),
                )?;
                cache.push(CacheRate {
                    size_gb,
                    label,
                    table,
                });
            }
            cache.sort_by_key(|c| c.size_gb);
        }
        let data_transfer_out = r
            .data_transfer_out_internet
            .map(|d| {
                let mut sources: Vec<String> = Vec::new();
                let tiers = d
                    .tiers
                    .into_iter()
                    .map(|t| {
                        for s in t.sources {
                            if !sources.contains(&s) {
                                sources.push(s);
                            }
                        }
                        Tier {
                            up_to: t.up_to_gb,
                            price: t.usd_per_gb,
                            rate_code: None,
                        }
                    })
                    .collect();
                cx.table(
                    &code,
                    "data transfer out",
                    Meter::DataTransferOut,
                    tiers,
                    sources,
                )
            })
            .transpose()?;
        let (alb, lambda) = match alternatives.remove(&code) {
            Some(a) => (
                a.application_load_balancer
                    .map(|a| build_alb(&cx, &code, a))
                    .transpose()?,
                a.lambda.map(|l| build_lambda(&cx, &code, l)).transpose()?,
            ),
            None => (None, None),
        };
        regions.insert(
            code.clone(),
            RegionPrices {
                code,
                location: r.location,
                partition: r.partition.unwrap_or_else(|| "aws".into()),
                flags: r.flags,
                rest,
                http,
                ws_messages,
                ws_minutes,
                cache,
                data_transfer_out,
                alb,
                lambda,
            },
        );
    }
    // The primary source is the newest AWS metered unit map for API Gateway the catalog cites
    // (`SRC-AWS-METER-YYYY-MM-DD`; `prices import` adds one).
    let primary = raw
        .sources
        .keys()
        .filter(|k| k.len() == "SRC-AWS-METER-".len() + 10 && k.starts_with("SRC-AWS-METER-20"))
        .max()
        .cloned();
    // Source descriptions are only shown by `prices show`; a partial (fast-start) catalog skips them.
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    if only.is_none() {
        for (id, text) in &raw.sources {
            let v: serde_json::Value = serde_json::from_str(text.get())
                .map_err(|e| cx.err("(catalog)", "sources", None, format!("{id}: {e}")))?;
            sources.insert(
                id.clone(),
                Source {
                    id: id.clone(),
                    summary: source_summary(id, &v),
                },
            );
        }
    }
    let (source, published) = if let Some(primary) = primary {
        (
            format!("AWS metered unit map for API Gateway ({primary})"),
            primary["SRC-AWS-METER-".len()..].to_string(),
        )
    } else {
        (format!("price catalog {origin}"), raw.generated_on.clone())
    };
    // An LCU is defined once for all regions (AWS ELB pricing page); a region that prices ALB hours and
    // LCU-hours without repeating the dimensions uses the catalog's definition.
    let shared_lcu = match &global_lcu {
        Some(l) => Some(l.clone()),
        None => regions
            .values()
            .find_map(|r: &RegionPrices| r.alb.as_ref().and_then(|a| a.lcu.clone())),
    };
    for r in regions.values_mut() {
        if let Some(a) = r.alb.as_mut() {
            if a.lcu.is_none() {
                a.lcu = shared_lcu.clone();
            }
        }
    }
    Ok(Catalog {
        complete: only.is_none(),
        provenance: Provenance {
            origin: origin.to_string(),
            source,
            published,
            generated_on: raw.generated_on,
        },
        currency: raw.currency,
        metering,
        legacy_free_tier,
        regions,
        sources,
    })
}

fn positive(cx: &Ctx, kind: &str, field: &str, v: Decimal) -> Result<Decimal> {
    if v <= Decimal::ZERO {
        return Err(cx.err(
            "(catalog)",
            kind,
            None,
            format!("{field} must be positive, found {v}"),
        ));
    }
    Ok(v)
}

fn build_alb(cx: &Ctx, code: &str, a: RawAlb) -> Result<AlbPrices> {
    let hours = cx.table(
        code,
        "alb hours",
        Meter::AlbHours,
        vec![Tier {
            up_to: None,
            price: a.usd_per_alb_hour,
            rate_code: None,
        }],
        a.sources.clone(),
    )?;
    let lcu_hours = cx.table(
        code,
        "alb lcu-hours",
        Meter::AlbLcuHours,
        vec![Tier {
            up_to: None,
            price: a.usd_per_lcu_hour,
            rate_code: None,
        }],
        a.sources,
    )?;
    let lcu = a.lcu_dimensions.map(|l| LcuDimensions {
        new_connections_per_second: l.new_connections_per_second,
        active_connections_per_minute: l.active_connections_per_minute,
        processed_gb_per_hour_instance_targets: l.processed_gb_per_hour_ec2_ip_container_targets,
        processed_gb_per_hour_lambda_targets: l.processed_gb_per_hour_lambda_targets,
        rule_evaluations_per_second: l.rule_evaluations_per_second,
    });
    if let Some(l) = &lcu {
        for (name, v) in [
            ("new_connections_per_second", l.new_connections_per_second),
            (
                "active_connections_per_minute",
                l.active_connections_per_minute,
            ),
            (
                "processed_gb_per_hour_ec2_ip_container_targets",
                l.processed_gb_per_hour_instance_targets,
            ),
            (
                "processed_gb_per_hour_lambda_targets",
                l.processed_gb_per_hour_lambda_targets,
            ),
            ("rule_evaluations_per_second", l.rule_evaluations_per_second),
        ] {
            positive(cx, "alb lcu_dimensions", name, v).map_err(|_| {
                cx.err(
                    code,
                    "alb lcu_dimensions",
                    None,
                    format!("{name} must be positive, found {v}"),
                )
            })?;
        }
    }
    Ok(AlbPrices {
        hours,
        lcu_hours,
        lcu,
    })
}

fn build_lambda(cx: &Ctx, code: &str, l: RawLambda) -> Result<LambdaPrices> {
    let sources = l.sources;
    let gbs = |kind: &str, t: Vec<RawGbSecondTier>| {
        let tiers = t
            .into_iter()
            .map(|t| Tier {
                up_to: t.up_to_gb_seconds,
                price: t.usd,
                rate_code: None,
            })
            .collect();
        cx.table(code, kind, Meter::LambdaGbSeconds, tiers, sources.clone())
    };
    let gb_seconds_x86 = gbs("lambda duration x86", l.duration_x86_usd_per_gb_second)?;
    let gb_seconds_arm = gbs("lambda duration arm64", l.duration_arm64_usd_per_gb_second)?;
    let requests = cx.table(
        code,
        "lambda requests",
        Meter::LambdaRequests,
        vec![Tier {
            up_to: None,
            price: l.usd_per_million_requests,
            rate_code: None,
        }],
        sources.clone(),
    )?;
    let (free_requests, free_gb_seconds) = l
        .always_free_per_month
        .map(|f| (f.requests, f.gb_seconds))
        .unwrap_or((Decimal::ZERO, Decimal::ZERO));
    Ok(LambdaPrices {
        requests,
        gb_seconds_x86,
        gb_seconds_arm,
        free_requests,
        free_gb_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_is_valid_and_complete() {
        let c = Catalog::embedded().unwrap();
        assert_eq!(c.regions.len(), 36);
        assert_eq!(c.provenance.published, "2025-10-20");
        let use1 = c.region("us-east-1").unwrap();
        assert_eq!(use1.rest.as_ref().unwrap().tiers.len(), 4);
        assert_eq!(use1.cache.len(), 8);
        assert!(use1.alb.is_some() && use1.lambda.is_some());
        assert_eq!(c.metering.http_increment_kb, Decimal::from(512));
        assert_eq!(c.metering.ws_increment_kb, Decimal::from(32));
    }

    #[test]
    fn partial_catalog_prices_the_same_and_still_knows_the_others() {
        let full = Catalog::embedded().unwrap();
        let part = Catalog::embedded_regions(&["eu-west-1"]).unwrap();
        assert_eq!(part.regions.len(), 1);
        assert_eq!(
            part.region("eu-west-1").unwrap(),
            full.region("eu-west-1").unwrap()
        );
        assert!(part
            .region("us-east-9")
            .unwrap_err()
            .to_string()
            .contains("did you mean"));
        assert_eq!(
            part.availability_hint(ApiKind::Http),
            full.availability_hint(ApiKind::Http)
        );
    }

    #[test]
    fn unknown_region_suggests_a_close_one() {
        let c = Catalog::embedded().unwrap();
        let e = c.region("us-east-9").unwrap_err().to_string();
        assert!(e.contains("did you mean"), "{e}");
    }

    fn with_rest_tiers(tiers: &str) -> String {
        let mut v: serde_json::Value = serde_json::from_str(EMBEDDED).unwrap();
        v["regions"]["eu-west-1"]["rest"]["tiers"] = serde_json::from_str(tiers).unwrap();
        v.to_string()
    }

    #[test]
    fn descending_tiers_are_rejected_naming_region_kind_and_tier() {
        let text = with_rest_tiers(
            r#"[{"up_to":"500","usd_per_million":"1"},{"up_to":"400","usd_per_million":"1"},{"up_to":null,"usd_per_million":"1"}]"#,
        );
        let e = Catalog::from_json(&text, "test.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("eu-west-1 / rest tier 2"), "{e}");
        assert!(e.contains("must ascend"), "{e}");
    }

    #[test]
    fn bounded_last_tier_is_rejected() {
        let text = with_rest_tiers(r#"[{"up_to":"500","usd_per_million":"1"}]"#);
        let e = Catalog::from_json(&text, "test.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("eu-west-1 / rest tier 1") && e.contains("unbounded"),
            "{e}"
        );
    }

    #[test]
    fn negative_price_is_rejected() {
        let text = with_rest_tiers(r#"[{"up_to":null,"usd_per_million":"-1"}]"#);
        let e = Catalog::from_json(&text, "test.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("negative"), "{e}");
    }

    #[test]
    fn unknown_cache_size_is_rejected() {
        let mut v: serde_json::Value = serde_json::from_str(EMBEDDED).unwrap();
        v["regions"]["us-east-1"]["rest_cache"]["by_size_gb"]["3"] =
            serde_json::json!({"usd_per_hour": "0.1"});
        let e = Catalog::from_json(&v.to_string(), "t.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("us-east-1 / rest cache") && e.contains("unknown cache size 3 GB"),
            "{e}"
        );
    }
}
