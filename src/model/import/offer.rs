//! The AWS Price List offer file for API Gateway (JSON, `offers/v1.0/aws/AmazonApiGateway/.../index.json`,
//! one region or all): products by SKU (`attributes.regionCode`, `usagetype`, `productFamily`,
//! `cacheMemorySizeGb`) and their OnDemand terms, whose price dimensions give each tier's range
//! (`beginRange`/`endRange`, "Inf" for the last), per-unit price (`pricePerUnit.USD`) and rate code.
//! Regions are matched by code. Shape: `../shared/reference/pricing/offer-file-format.md`.

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::edit::{as_quoted, cite, per_million, set_price, set_text, set_tiers, At, Edit};
use super::edit::{NewTier, Priced, TierFields};
use super::{bad, is_date, FileReport, Kind};
use crate::error::shorten;
use crate::error::Result;

pub struct ApiGatewayOffer;

const PREFIX: &str = "SRC-AWS-OFFER-APIGW-";

const REQUEST_TIERS: TierFields = TierFields {
    bound: "up_to",
    price: "usd_per_million",
    rate_code: "aws_rate_code",
    per_tier_sources: false,
};

/// One price dimension: begin, end (None = Inf), per-unit price, rate code.
type Dimension = (Decimal, Option<Decimal>, Decimal, String);

impl Kind for ApiGatewayOffer {
    fn name(&self) -> &'static str {
        "API Gateway Price List offer file"
    }

    fn detect(&self, file: &Value) -> bool {
        file.get("offerCode").and_then(Value::as_str) == Some("AmazonApiGateway")
            && file.get("products").is_some_and(Value::is_object)
    }

    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport> {
        let published = file
            .get("publicationDate")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                bad(
                    origin,
                    "no publicationDate (YYYY-MM-DD...) in the offer file",
                )
            })?
            .to_string();
        if !is_date(&published) {
            return Err(bad(
                origin,
                format!(
                    "publicationDate '{}' {}",
                    shorten(&published),
                    super::dates::date_problem(&published).unwrap_or_default()
                ),
            ));
        }
        let source_id = format!("{PREFIX}{}", &published[..10]);
        let products = file
            .get("products")
            .and_then(Value::as_object)
            .expect("detected");
        let terms = file
            .pointer("/terms/OnDemand")
            .and_then(Value::as_object)
            .ok_or_else(|| bad(origin, "no terms.OnDemand object"))?;
        let mut report = FileReport {
            origin: origin.to_string(),
            kind: self.name(),
            published: published.clone(),
            source_id: source_id.clone(),
            regions: Vec::new(),
            unknown_locations: Vec::new(),
        };
        for (sku, p) in products {
            let attr = |k: &str| {
                p.pointer(&format!("/attributes/{k}"))
                    .and_then(Value::as_str)
            };
            let Some(code) = attr("regionCode") else {
                continue;
            };
            if !cat.has_region(code) {
                if !report.unknown_locations.iter().any(|u| u == code) {
                    report.unknown_locations.push(code.to_string());
                }
                continue;
            }
            let usage = attr("usagetype").unwrap_or_default();
            let usage = usage.split_once('-').map_or(usage, |(_, u)| u);
            let dims = dimensions(origin, sku, terms.get(sku))?;
            let cache = attr("cacheMemorySizeGb");
            apply_product(origin, code, usage, cache, &dims, &source_id, cat)?;
            if !report.regions.iter().any(|r| r == code) {
                report.regions.push(code.to_string());
            }
        }
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS Price List offer file (JSON), imported with `apigw-cost prices import`",
                "what": format!("AmazonApiGateway offer file, publicationDate {published}"),
                "origin_url": "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonApiGateway/current/index.json",
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}

/// The price dimensions of a SKU's OnDemand term, ascending, contiguous from 0, the last unbounded.
fn dimensions(origin: &str, sku: &str, term: Option<&Value>) -> Result<Vec<Dimension>> {
    let err = |m: String| bad(origin, format!("terms.OnDemand.{}: {m}", shorten(sku)));
    let term = term
        .and_then(Value::as_object)
        .and_then(|t| t.values().next())
        .ok_or_else(|| err("no OnDemand term".into()))?;
    let dims = term
        .get("priceDimensions")
        .and_then(Value::as_object)
        .ok_or_else(|| err("no priceDimensions".into()))?;
    let num = |d: &Map<String, Value>, k: &str| -> Result<Option<Decimal>> {
        match d.get(k).and_then(Value::as_str) {
            Some("Inf") => Ok(None),
            Some(s) => super::metered::parse_price(s)
                .map(Some)
                .ok_or_else(|| err(format!("{k} '{}' is not a number", shorten(s)))),
            None => Err(err(format!("a price dimension has no {k}"))),
        }
    };
    let mut out = Vec::new();
    for d in dims.values() {
        let d = d
            .as_object()
            .ok_or_else(|| err("a price dimension is not an object".into()))?;
        let begin = num(d, "beginRange")?.ok_or_else(|| err("beginRange is Inf".into()))?;
        let end = num(d, "endRange")?;
        let price: Decimal = d
            .get("pricePerUnit")
            .and_then(|p| p.get("USD"))
            .and_then(Value::as_str)
            .and_then(super::metered::parse_price)
            .ok_or_else(|| {
                err(format!(
                    "pricePerUnit.USD is not a non-negative decimal string of at most {} decimals",
                    super::metered::MAX_PRICE_DECIMALS
                ))
            })?;
        let rate = d
            .get("rateCode")
            .and_then(Value::as_str)
            .unwrap_or_default();
        out.push((begin, end, price, rate.to_string()));
    }
    out.sort_by_key(|d| d.0);
    let mut expect = Some(Decimal::ZERO);
    for d in &out {
        if Some(d.0) != expect {
            return Err(err(format!(
                "the price dimensions are not contiguous at {}",
                d.0
            )));
        }
        expect = d.1;
    }
    if out.is_empty() || expect.is_some() {
        return Err(err("the last price dimension must end at Inf".into()));
    }
    Ok(out)
}

/// One product: its dimensions as the tiers of the catalog meter its usage type names.
fn apply_product(
    origin: &str,
    code: &str,
    usage: &str,
    cache: Option<&str>,
    dims: &[Dimension],
    source_id: &str,
    cat: &mut Edit,
) -> Result<()> {
    let tiers = |cat: &mut Edit, path: &[&str], meter: &str| -> Result<()> {
        let new: Vec<NewTier> = dims
            .iter()
            .map(|(_, end, price, rate)| {
                Ok(NewTier {
                    up_to: *end,
                    price: Priced {
                        value: per_million(origin, code, usage, *price)?,
                        rate_code: Some(rate.clone()),
                    },
                })
            })
            .collect::<Result<_>>()?;
        let (slot, changes) = cat.slot(path);
        let at = At {
            region: code,
            meter,
            unit: "USD per 1M",
        };
        set_tiers(slot, "tiers", &new, &REQUEST_TIERS, source_id, changes, &at);
        cite(slot, source_id, PREFIX, &[]);
        Ok(())
    };
    let single = |what: &str| -> Result<&Dimension> {
        match dims {
            [d] => Ok(d),
            _ => Err(bad(
                origin,
                format!(
                    "{code} {what}: expected one price dimension, found {}",
                    dims.len()
                ),
            )),
        }
    };
    match (usage, cache) {
        ("ApiGatewayRequest", _) => tiers(cat, &["regions", code, "rest"], "rest"),
        ("ApiGatewayHttpRequest", _) => tiers(cat, &["regions", code, "http"], "http"),
        ("ApiGatewayMessage", _) => tiers(
            cat,
            &["regions", code, "websocket", "messages"],
            "websocket messages",
        ),
        ("ApiGatewayMinute", _) => {
            let (_, _, price, rate) = single("websocket connection minutes")?;
            let price = per_million(origin, code, usage, *price)?;
            let (slot, changes) = cat.slot(&["regions", code, "websocket", "connection_minutes"]);
            let at = At {
                region: code,
                meter: "websocket connection minutes",
                unit: "USD per 1M",
            };
            set_price(slot, "usd_per_million_minutes", price, changes, &at);
            set_text(slot, "aws_rate_code", Some(rate));
            cite(slot, source_id, PREFIX, &[]);
            Ok(())
        }
        (_, Some(size)) => {
            let (_, _, price, rate) = single("rest cache")?;
            let size: Decimal = size.parse().map_err(|_| {
                bad(
                    origin,
                    format!(
                        "{code}: cacheMemorySizeGb '{}' is not a number",
                        shorten(size)
                    ),
                )
            })?;
            // The catalog names sizes as AWS sells them ("0.5", "118"): matched by value.
            let label = size.normalize().to_string();
            let price = as_quoted(origin, code, "cache", *price)?;
            let (slot, changes) = cat.slot(&["regions", code, "rest_cache", "by_size_gb", &label]);
            let meter = format!("rest cache {label} GB");
            let at = At {
                region: code,
                meter: &meter,
                unit: "USD per hour",
            };
            set_price(slot, "usd_per_hour", price, changes, &at);
            set_text(slot, "aws_rate_code", Some(rate));
            Ok(())
        }
        _ => Ok(()),
    }
}
