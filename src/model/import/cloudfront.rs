//! CloudFront's metered-unit map (`.../meteredUnitMaps/cloudfront/USD/current/cloudfront.json`): per
//! edge geography ("United States", "EU", "Japan", ...), HTTPS and HTTP request prices, internet egress
//! in seven tiers (bounds in GB from each entry's "Per Month") and transfer to the origin. CloudFront is
//! priced by where viewers are served, not by AWS region, so these prices sit in the catalog's
//! top-level `cloudfront` section. The file's zero-priced "Regional DT from Any to Internet 0 upto 1024"
//! (the always-free 1 TB a month) is recorded as `always_free_egress_gb_per_month`, applied by no price.

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::edit::{as_quoted, cite, per_million, set_price, set_text, set_tiers, At, Edit};
use super::edit::{NewTier, Priced, TierFields};
use super::metered::{self, entry};
use super::{bad, FileReport, Kind};
use crate::error::shorten;
use crate::error::Result;

pub struct CloudFront;

const PREFIX: &str = "SRC-CLOUDFRONT-METER-";

/// The egress tier labels after "Regional DT from <geography> to Internet ".
const EGRESS: [&str; 7] = [
    "First 10 TB",
    "Next 40 TB",
    "next 100 TB",
    "Next 350 TB",
    "next 524 TB",
    "Next 4 PB",
    "Over 5 PB",
];

const EGRESS_TIERS: TierFields = TierFields {
    bound: "up_to_gb",
    price: "usd_per_gb",
    rate_code: "aws_rate_code",
    per_tier_sources: false,
};

impl Kind for CloudFront {
    fn name(&self) -> &'static str {
        "CloudFront metered unit map"
    }

    fn detect(&self, file: &Value) -> bool {
        metered::is_service(file, "cloudfront")
    }

    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport> {
        let map = metered::read(file, origin)?;
        let source_id = format!("{PREFIX}{}", map.date());
        let mut report = map.report(self.name(), source_id.clone());
        // Every geography's entries are under the location "" ("Regional DT from EU to Internet ...").
        let all = match map.locations.get("") {
            Some(v) => map.entries("(no location)", v)?,
            None => return Err(bad(origin, "no entries under the location \"\" (where CloudFront's map keeps its per-geography prices)")),
        };
        let geographies: Vec<String> = all
            .keys()
            .filter_map(|k| {
                k.strip_prefix("Regional DT from ")?
                    .strip_suffix(" to Internet First 10 TB")
                    .map(str::to_string)
            })
            .filter(|g| g != "Any")
            .collect();
        if geographies.is_empty() {
            return Err(bad(
                origin,
                "no edge geography (\"Regional DT from <geography> to Internet First 10 TB\")",
            ));
        }
        for geo in &geographies {
            import_geography(origin, all, geo, &source_id, cat)?;
            report.regions.push(geo.clone());
        }
        let free = entry(
            origin,
            "",
            all,
            "Regional DT from Any to Internet 0 upto 1024",
        )?;
        let (slot, _) = cat.slot(&["cloudfront"]);
        if let Some((price, rate)) = free.filter(|(p, _)| p.is_zero()) {
            slot.insert("always_free_egress_gb_per_month".into(), json!("1024"));
            set_text(slot, "always_free_egress_aws_rate_code", Some(&rate));
            let _ = price;
        }
        cite(slot, &source_id, PREFIX, &[]);
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS-published file (primary), imported with `apigw-cost prices import`",
                "what": format!("AWS metered unit map for Amazon CloudFront, manifest.hawkFilePublicationDate {}", map.published),
                "origin_url": "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/cloudfront/USD/current/cloudfront.json",
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}

/// One edge geography: requests (HTTPS, HTTP), the egress tiers and transfer to the origin.
fn import_geography(
    origin: &str,
    all: &Map<String, Value>,
    geo: &str,
    source_id: &str,
    cat: &mut Edit,
) -> Result<()> {
    let need = |key: String| -> Result<(Decimal, String, Option<Decimal>)> {
        let (price, rate) = entry(origin, geo, all, &key)?.ok_or_else(|| {
            bad(
                origin,
                format!("{}: no \"{}\"", shorten(geo), shorten(&key)),
            )
        })?;
        let per_month = all
            .get(&key)
            .and_then(|e| e.get("Per Month"))
            .and_then(Value::as_str)
            .and_then(|s| if s == "Inf" { None } else { s.parse().ok() });
        Ok((price, rate, per_month))
    };
    let mut tiers = Vec::new();
    for (i, label) in EGRESS.iter().enumerate() {
        let (price, rate, bound) = need(format!("Regional DT from {geo} to Internet {label}"))?;
        if bound.is_none() != (i == EGRESS.len() - 1) {
            return Err(bad(
                origin,
                format!(
                    "{}: egress tier \"{label}\" has no \"Per Month\" bound in GB",
                    shorten(geo)
                ),
            ));
        }
        tiers.push(NewTier {
            up_to: bound,
            price: Priced {
                value: as_quoted(origin, geo, label, price)?,
                rate_code: Some(rate),
            },
        });
    }
    let https = need(format!("Request HTTPS Methods from {geo}"))?;
    let http = need(format!("Request HTTP Methods from {geo}"))?;
    let to_origin = need(format!("Regional DT to Origin from {geo}"))?;
    let (slot, changes) = cat.slot(&["cloudfront", "edge_geographies", geo]);
    let egress = format!("cloudfront egress {geo}");
    let at = At {
        region: "cloudfront",
        meter: &egress,
        unit: "USD per GB",
    };
    set_tiers(
        slot,
        "egress_tiers",
        &tiers,
        &EGRESS_TIERS,
        source_id,
        changes,
        &at,
    );
    for (what, (price, rate, _), key) in [
        ("https requests", https, "https_requests"),
        ("http requests", http, "http_requests"),
    ] {
        let meter = format!("cloudfront {what} {geo}");
        let at = At {
            region: "cloudfront",
            meter: &meter,
            unit: "USD per 1M",
        };
        let price = per_million(origin, geo, what, price)?;
        set_price(slot, &format!("{key}_usd_per_million"), price, changes, &at);
        set_text(slot, &format!("{key}_aws_rate_code"), Some(&rate));
    }
    let meter = format!("cloudfront to origin {geo}");
    let at = At {
        region: "cloudfront",
        meter: &meter,
        unit: "USD per GB",
    };
    let price = as_quoted(origin, geo, "to origin", to_origin.0)?;
    set_price(slot, "to_origin_usd_per_gb", price, changes, &at);
    set_text(slot, "to_origin_aws_rate_code", Some(&to_origin.1));
    Ok(())
}
