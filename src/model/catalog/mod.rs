//! The price catalog: regions → API kinds → meters → tiers, with the source of every price.
//!
//! The schema is `data/prices.json` (the researched table built from AWS's own published price file).
//! The binary embeds a compact copy of it (see the crate's `build.rs`); `--prices FILE` loads another file
//! of the same schema. Every catalog is validated on load: tiers ascending, last tier unbounded, prices
//! non-negative, units known, every value within the bounds of `bounds.rs`, no key written twice. A bad catalog is an error naming the region, the API kind and the tier.
//!
//! Where things live:
//! - this file: the validated model (`Catalog`, `RegionPrices`, `Metering`, `Provenance`, ...), the
//!   embedded copy (`EMBEDDED`, `EMBEDDED_ORIGIN`), region lookup with "did you mean" suggestions
//!   (`Catalog::region`, `similar`) and where an API kind is priced (`Catalog::availability_hint`);
//! - `raw.rs`: the file format, the serde structs (`RawCatalog`, `RawRegion`, ...);
//! - `build.rs`: every validation rule and its error message, turning a `RawCatalog` into a `Catalog`
//!   (`parse`, `build`, one function per section of the file, `Ctx::table` for the tier rules);
//! - `bounds.rs`: the limits a catalog must stay within (file size, regions, tiers, prices, tier bounds,
//!   LCU dimensions, metering sizes), so that every product the model forms from it stays exact;
//! - `json.rs`: checks serde cannot make, shared with the latency data and the price importer (a key
//!   written twice in one object) and `shorten` for values quoted in messages.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::tiers::TierTable;

mod bounds;
mod build;
pub mod json;
mod raw;
mod summary;

pub use bounds::{
    MAX_CATALOG_BYTES, MAX_INCREMENT_KB, MAX_LCU_DIMENSION, MAX_PRICE, MAX_PRICE_DECIMALS,
    MAX_QUANTITY, MAX_REGIONS, MAX_REGION_CODE_CHARS, MAX_TIERS, MAX_TIER_BOUND, MIN_INCREMENT_KB,
    MIN_LCU_DIMENSION,
};

use build::parse;

/// The compact copy of `data/prices.json` compiled into the binary.
pub const EMBEDDED: &str = include_str!(concat!(env!("OUT_DIR"), "/prices.min.json"));
/// Among the regions of `Catalog::embedded_regions`: also load CloudFront's edge geographies (not a
/// region; a one-region quote does not parse them).
pub const CLOUDFRONT: &str = "cloudfront";

/// The embedded catalog as Rust (written by `build.rs` from the validated catalog): `REGIONS`,
/// `region(code)`, `head()` and `cloudfront()`; see `Catalog::embedded_regions`.
#[allow(clippy::all)]
mod statics {
    use super::*;
    use crate::model::meter::Meter;
    use crate::model::tiers::Tier;
    use std::collections::BTreeSet;
    include!(concat!(env!("OUT_DIR"), "/catalog_statics.rs"));
}

/// How the embedded catalog is named in messages and outputs.
pub const EMBEDDED_ORIGIN: &str = "embedded data/prices.json";

// The validated model (`types.rs`, shared with the crate's `build.rs`).
mod types;
pub use types::*;

impl Catalog {
    /// The catalog compiled into the binary: every region (see `embedded_regions`).
    pub fn embedded() -> Result<Catalog> {
        let mut c = Catalog::embedded_regions(statics::REGIONS)?;
        (c.cloudfront, c.cloudfront_plans) = statics::cloudfront();
        c.complete = true;
        Ok(c)
    }

    /// The embedded catalog with only `regions` (and CloudFront's edge geographies when `CLOUDFRONT`
    /// is among them): what a one-region quote needs. Unknown codes are left out (and reported by
    /// `region()`).
    ///
    /// Nothing is parsed: `build.rs` validated the catalog when the binary was built (the rules of
    /// `from_json`) and wrote it out as Rust, one function per region (`statics`), so a quote builds
    /// its region's tables and the catalog's head (metering, free tier, the sources' summaries), never
    /// the other regions'.
    pub fn embedded_regions(regions: &[&str]) -> Result<Catalog> {
        let mut c = statics::head();
        for &code in regions {
            if let Some(r) = statics::region(code) {
                c.regions.insert(code.to_string(), r);
            }
        }
        if regions.contains(&CLOUDFRONT) {
            (c.cloudfront, c.cloudfront_plans) = statics::cloudfront();
        }
        Ok(c)
    }

    /// Parses and validates a catalog; `origin` names it in errors (a path or "embedded ...").
    pub fn from_json(text: &str, origin: &str) -> Result<Catalog> {
        parse(text, origin, None, None)
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

    /// Where a service around the gateway is priced (`pred` says whether a region prices it), for a
    /// "not priced here" error: "; it is priced in ..." as [`Catalog::availability_hint`] words it.
    pub fn regions_with(&self, pred: impl Fn(&RegionPrices) -> bool) -> String {
        if !self.complete {
            if let Ok(full) = Catalog::embedded() {
                return full.regions_with(pred);
            }
        }
        let regions: Vec<&str> = self
            .regions
            .values()
            .filter(|r| pred(r))
            .map(|r| r.code.as_str())
            .collect();
        match regions.len() {
            0 => String::from("; no region in this catalog prices it"),
            n if n > 8 => format!(
                "; {n} regions price it, e.g. {} (see `apigw-cost prices list`)",
                regions[..6].join(", ")
            ),
            _ => format!("; it is priced in {}", regions.join(", ")),
        }
    }

    /// An edge geography by name, case-insensitive, or an error listing those the catalog prices.
    pub fn edge_geography(&self, name: &str) -> Result<&EdgeGeography> {
        if self.cloudfront.is_empty() {
            return Err(Error::NotPriced {
                what: "CloudFront".into(),
                region: "any edge geography".into(),
                available: if self.complete {
                    "; the catalog has no `cloudfront` section".into()
                } else {
                    format!("; load the catalog with `{CLOUDFRONT}` among its regions")
                },
            });
        }
        self.cloudfront
            .iter()
            .find(|g| g.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                Error::usage(
                    "--edge-geography",
                    crate::error::shorten(name),
                    format!(
                        "one of CloudFront's edge geographies: {}",
                        self.cloudfront
                            .iter()
                            .map(|g| g.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
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
            // CloudFront and its web ACL are priced outside the region (edge geography, us-east-1).
            ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => self.http.is_some(),
        }
    }

    /// The services this region prices, by short name, in a stable order (`prices list`): `rest`,
    /// `http`, `websocket` (or `websocket-minutes` when only connection minutes are priced),
    /// `rest-cache`, `lambda`, `alb`, `internet-egress`, `waf`.
    pub fn services(&self) -> Vec<&'static str> {
        self.coverage()
            .into_iter()
            .filter_map(|(name, _, priced)| priced.then_some(name))
            .chain(
                (self.ws_minutes.is_some() && self.ws_messages.is_none())
                    .then_some("websocket-minutes"),
            )
            .collect()
    }

    /// What this region does not price, in words ("HTTP APIs", "WebSocket messages").
    pub fn missing(&self) -> Vec<&'static str> {
        self.coverage()
            .into_iter()
            .filter_map(|(_, what, priced)| (!priced).then_some(what))
            .collect()
    }

    /// (short name, what it is in words, whether it is priced) for every service the catalog knows.
    fn coverage(&self) -> Vec<(&'static str, &'static str, bool)> {
        let ws = match (&self.ws_messages, &self.ws_minutes) {
            (Some(_), Some(_)) => ("websocket", "WebSocket APIs", true),
            (None, Some(_)) => ("websocket", "WebSocket messages", false),
            _ => ("websocket", "WebSocket APIs", false),
        };
        vec![
            ("rest", "REST APIs", self.rest.is_some()),
            ("http", "HTTP APIs", self.http.is_some()),
            ws,
            ("rest-cache", "REST API cache", !self.cache.is_empty()),
            ("lambda", "Lambda", self.lambda.is_some()),
            ("alb", "Application Load Balancer", self.alb.is_some()),
            (
                "internet-egress",
                "internet egress",
                self.data_transfer_out.is_some(),
            ),
            ("waf", "AWS WAF", self.waf.is_some()),
        ]
    }

    /// Every price table of the region with its display name, in a stable order (`prices show`,
    /// `prices diff`).
    pub fn tables(&self) -> Vec<(String, &TierTable)> {
        use crate::model::cost::component;
        use crate::model::workload::Arch;
        let mut out: Vec<(String, &TierTable)> = [
            (component::requests(ApiKind::Rest), self.rest.as_ref()),
            (component::requests(ApiKind::Http), self.http.as_ref()),
            (component::WS_MESSAGES.into(), self.ws_messages.as_ref()),
            (
                component::WS_CONNECTION_MINUTES.into(),
                self.ws_minutes.as_ref(),
            ),
            (
                component::DATA_TRANSFER_OUT.into(),
                self.data_transfer_out.as_ref(),
            ),
        ]
        .into_iter()
        .filter_map(|(n, t)| t.map(|t| (n, t)))
        .collect();
        for c in &self.cache {
            out.push((component::rest_cache(&c.label), &c.table));
        }
        if let Some(a) = &self.alb {
            out.push((component::ALB_HOURS.into(), &a.hours));
            out.push((component::ALB_LCU_HOURS.into(), &a.lcu_hours));
        }
        if let Some(l) = &self.lambda {
            out.push((component::LAMBDA_REQUESTS.into(), &l.requests));
            out.push((
                format!("{} (arm)", component::LAMBDA_REQUESTS),
                &l.requests_arm,
            ));
            out.push((component::lambda_duration(Arch::X86), &l.gb_seconds_x86));
            out.push((component::lambda_duration(Arch::Arm), &l.gb_seconds_arm));
        }
        if let Some(w) = &self.waf {
            out.push((component::WAF_WEB_ACL.into(), &w.web_acl));
            out.push((component::WAF_RULES.into(), &w.rules));
            out.push((component::WAF_REQUESTS.into(), &w.requests));
        }
        let a = &self.around;
        if let Some(l) = &a.logs {
            out.push((
                "CloudWatch Logs ingestion (Standard)".into(),
                &l.ingest_standard,
            ));
            out.push((
                "CloudWatch Logs ingestion (Infrequent Access)".into(),
                &l.ingest_infrequent_access,
            ));
            out.push(("CloudWatch Logs storage".into(), &l.storage));
        }
        if let Some(x) = &a.xray {
            out.push(("X-Ray traces recorded".into(), &x.recorded));
            if let Some(r) = &x.retrieved {
                out.push(("X-Ray traces retrieved".into(), r));
            }
        }
        if let Some(v) = &a.vpce {
            out.push(("Interface VPC endpoint hours".into(), &v.hours));
            out.push((
                "Interface VPC endpoint data processed".into(),
                &v.data_processed,
            ));
        }
        if let Some(c) = &a.cognito {
            out.push(("Cognito user pool MAUs (Lite plan)".into(), c));
        }
        out
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

    /// The catalog compiled as Rust by `build.rs` is the one `from_json` reads from the embedded
    /// JSON, whole and region by region (each region alone, as a one-region quote loads it).
    #[test]
    fn compiled_catalog_equals_the_parsed_json() {
        let parsed = Catalog::from_json(EMBEDDED, EMBEDDED_ORIGIN).unwrap();
        assert_eq!(Catalog::embedded().unwrap(), parsed);
        for code in parsed.regions.keys() {
            let one = Catalog::embedded_regions(&[code.as_str()]).unwrap();
            assert!(!one.complete);
            assert_eq!(one.regions.len(), 1);
            assert_eq!(one.regions[code], parsed.regions[code], "{code}");
            assert_eq!(
                (&one.provenance, &one.metering, &one.sources),
                (&parsed.provenance, &parsed.metering, &parsed.sources)
            );
            assert_eq!(one.legacy_free_tier, parsed.legacy_free_tier);
            assert!(one.cloudfront.is_empty() && one.cloudfront_plans.is_none());
        }
        let cf = Catalog::embedded_regions(&[CLOUDFRONT]).unwrap();
        assert!(cf.regions.is_empty());
        assert_eq!(
            (cf.cloudfront, cf.cloudfront_plans),
            (parsed.cloudfront, parsed.cloudfront_plans)
        );
    }

    #[test]
    fn unknown_region_suggests_a_close_one() {
        let c = Catalog::embedded().unwrap();
        let e = c.region("us-east-9").unwrap_err().to_string();
        assert!(e.contains("did you mean"), "{e}");
    }
}
