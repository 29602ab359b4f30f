//! Importing AWS's own price file into the catalog: the "metered unit map" AWS serves to its API Gateway
//! pricing page (`b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/apigateway/USD/current/apigateway.json`).
//!
//! The map lists, per location display name, every API Gateway price with its AWS rate code. The import
//! replaces the REST, HTTP, WebSocket and cache prices of every region it names in a base catalog (the
//! embedded one by default), keeps everything the map does not carry (data transfer, ALB, Lambda, free
//! tier, sources), records the file as a source, and reports every price that changed. The result is
//! validated like any catalog. No I/O here: text in, text and a change list out.

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use crate::error::shorten;
use crate::error::{Error, Result};
use crate::model::catalog::json::{check_structure, Structure};
use crate::model::catalog::{Catalog, MAX_PRICE};

/// What an import changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The new catalog, pretty JSON in the data/prices.json schema.
    pub catalog_json: String,
    /// Regions whose prices came from the file.
    pub regions: Vec<String>,
    /// Prices that differ from the base catalog: "ap-south-1 rest tier 1: 3.50 -> 3.60 USD per 1M".
    pub changes: Vec<String>,
    /// Locations in the file the base catalog does not know (skipped).
    pub unknown_locations: Vec<String>,
    /// The file's publication date (manifest.hawkFilePublicationDate).
    pub published: String,
}

const REST: [(&str, Option<&str>); 4] = [
    ("API Calls Number of up to 333 million", Some("333000000")),
    (
        "API Calls Number of Request Next 667 million",
        Some("1000000000"),
    ),
    (
        "API Calls Number of Request Next 19 billion",
        Some("20000000000"),
    ),
    ("API Calls Number of Request Over 20 billion", None),
];
const HTTP: [(&str, Option<&str>); 2] = [
    ("ApiGatewayHttpApi First 300 million", Some("300000000")),
    ("ApiGatewayHttpApi more than 300 million", None),
];
const WS_MESSAGES: [(&str, Option<&str>); 2] = [
    (
        "WebSocket Messages Messages first 1 billion",
        Some("1000000000"),
    ),
    ("WebSocket Messages Messages over 1 billion", None),
];
const WS_MINUTES: &str = "WebSocket Connection Minutes";
const CACHE: [(&str, &str); 8] = [
    ("Caching Memory Size 0 5", "0.5"),
    ("Caching Memory Size 1 6", "1.6"),
    ("Caching Memory Size 6 1", "6.1"),
    ("Caching Memory Size 13 5", "13.5"),
    ("Caching Memory Size 28 4", "28.4"),
    ("Caching Memory Size 58 2", "58.2"),
    ("Caching Memory Size 118", "118"),
    ("Caching Memory Size 237", "237"),
];

/// The largest metered unit map read, in bytes (4 MiB; AWS's 2025-10-20 file is about 270 KB). Checked
/// before reading (`commands::prices`) and again on the text.
pub const MAX_PRICE_MAP_BYTES: u64 = 4 * 1024 * 1024;

/// The currency of the catalog: a map in any other currency is refused, never converted.
const CURRENCY: &str = "USD";

fn bad(origin: &str, message: impl Into<String>) -> Error {
    Error::File {
        path: origin.to_string(),
        message: message.into(),
    }
}

/// (price per unit, rate code) of an entry.
fn entry(
    origin: &str,
    loc: &str,
    entries: &Map<String, Value>,
    key: &str,
) -> Result<Option<(Decimal, String)>> {
    let Some(e) = entries.get(key) else {
        return Ok(None);
    };
    let price = e
        .get("price")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(origin, format!("{loc} / {key}: no \"price\" string")))?;
    let price: Decimal = price
        .parse()
        .ok()
        .filter(|p: &Decimal| !p.is_sign_negative() || p.is_zero())
        .ok_or_else(|| {
            bad(
                origin,
                format!(
                    "{} / {key}: price '{}' is not a non-negative decimal",
                    shorten(loc),
                    shorten(price)
                ),
            )
        })?;
    let rate = e
        .get("rateCode")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Ok(Some((price, rate)))
}

/// Builds tiers `[{up_to, usd_per_million, aws_rate_code}]` from per-unit prices; all or none must exist.
fn tiers(
    origin: &str,
    loc: &str,
    entries: &Map<String, Value>,
    spec: &[(&str, Option<&str>)],
) -> Result<Option<Vec<Value>>> {
    let found: Vec<Option<(Decimal, String)>> = spec
        .iter()
        .map(|(k, _)| entry(origin, loc, entries, k))
        .collect::<Result<_>>()?;
    if found.iter().all(Option::is_none) {
        return Ok(None);
    }
    if let Some(i) = found.iter().position(Option::is_none) {
        return Err(bad(
            origin,
            format!(
                "{loc}: has some tiers of this meter but not \"{}\"",
                spec[i].0
            ),
        ));
    }
    spec.iter()
        .zip(found.into_iter().flatten())
        .map(|((key, up_to), (price, rate))| {
            Ok(json!({
                "up_to": up_to,
                "usd_per_million": per_million(origin, loc, key, price)?.to_string(),
                "aws_rate_code": rate,
            }))
        })
        .collect::<Result<_>>()
        .map(Some)
}

/// A per-unit price as USD per 1M units, at most the catalog's `MAX_PRICE`: a price the catalog could
/// not hold is named here, by location and entry, not later by region and tier.
fn per_million(origin: &str, loc: &str, key: &str, price: Decimal) -> Result<Decimal> {
    price
        .checked_mul(Decimal::from(1_000_000))
        .filter(|p| *p <= MAX_PRICE)
        .map(|p| p.normalize())
        .ok_or_else(|| {
            bad(
                origin,
                format!(
                    "{} / {key}: price {price} USD per unit is {} USD per 1M, above the largest supported price, {MAX_PRICE} per 1M",
                    shorten(loc),
                    price.checked_mul(Decimal::from(1_000_000)).map_or("over 7.9 x 10^28".into(), |p| p.normalize().to_string())
                ),
            )
        })
}

fn price_of(v: &Value, key: &str) -> Option<Decimal> {
    v.get(key)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
}

fn compare_tiers(
    region: &str,
    kind: &str,
    old: Option<&Value>,
    new: &[Value],
    changes: &mut Vec<String>,
) {
    let old: Vec<Value> = old.and_then(Value::as_array).cloned().unwrap_or_default();
    for (i, n) in new.iter().enumerate() {
        let np = price_of(n, "usd_per_million");
        let op = old.get(i).and_then(|o| price_of(o, "usd_per_million"));
        if np != op {
            changes.push(format!(
                "{region} {kind} tier {}: {} -> {} USD per 1M",
                i + 1,
                op.map(|p| p.to_string()).unwrap_or_else(|| "(none)".into()),
                np.map(|p| p.to_string()).unwrap_or_default()
            ));
        }
    }
}

/// One location of the map, matched to a catalog region: what the per-meter steps read from.
struct Location<'a> {
    /// The map file, as named in messages.
    origin: &'a str,
    /// The location's display name in the map ("US East (N. Virginia)").
    loc: &'a str,
    /// The location's price entries, by AWS usage description.
    entries: &'a Map<String, Value>,
    /// The catalog region code ("us-east-1").
    code: &'a str,
    /// The source id every imported price cites (`SRC-AWS-METER-YYYY-MM-DD`).
    source_id: &'a str,
}

/// Applies an AWS metered unit map (`map_text`, named `origin` in messages) to a base catalog
/// (`base_text`, named `base_origin`), which must itself be a valid catalog.
pub fn import_metered_unit_map(
    base_text: &str,
    base_origin: &str,
    map_text: &str,
    origin: &str,
) -> Result<Imported> {
    let (map, published) = read_map(map_text, origin)?;
    let locations = map
        .get("regions")
        .and_then(Value::as_object)
        .ok_or_else(|| bad(origin, "no \"regions\" object"))?;
    // A valid base has the shape the edits below rely on (objects where they index).
    Catalog::from_json(base_text, base_origin)?;
    let mut base: Value =
        serde_json::from_str(base_text).map_err(|e| bad(base_origin, e.to_string()))?;
    let date = published[..10].to_string();
    let source_id = format!("SRC-AWS-METER-{date}");
    let by_location = codes_by_location(&base);
    let (mut regions, mut changes, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
    for (loc, entries) in locations {
        let entries = entries.as_object().ok_or_else(|| {
            bad(
                origin,
                format!(
                    "regions.{}: expected an object of price entries, found {}",
                    shorten(loc),
                    json_type(entries)
                ),
            )
        })?;
        let Some((_, code)) = by_location.iter().find(|(l, _)| l == loc) else {
            unknown.push(loc.clone());
            continue;
        };
        let region = base
            .get_mut("regions")
            .and_then(|r| r.get_mut(code.as_str()))
            .and_then(Value::as_object_mut)
            .ok_or_else(|| bad(base_origin, format!("regions.{code}: not an object")))?;
        let at = Location {
            origin,
            loc,
            entries,
            code,
            source_id: &source_id,
        };
        import_request_tiers(&at, region, &mut changes)?;
        import_websocket(&at, region, &mut changes)?;
        import_cache(&at, region, &mut changes)?;
        regions.push(code.clone());
    }
    record_source(&mut base, &source_id, &published, origin);
    base["generated_on"] = json!(date);
    let text = serde_json::to_string_pretty(&base).map_err(|e| Error::Other(e.to_string()))? + "\n";
    // The result must pass every catalog rule before anyone can use it.
    Catalog::from_json(&text, &format!("imported from {origin}"))?;
    regions.sort();
    Ok(Imported {
        catalog_json: text,
        regions,
        changes,
        unknown_locations: unknown,
        published,
    })
}

/// Parses the map and checks it is API Gateway's; returns it with its publication date.
fn read_map(map_text: &str, origin: &str) -> Result<(Value, String)> {
    if map_text.len() as u64 > MAX_PRICE_MAP_BYTES {
        return Err(bad(
            origin,
            format!(
                "{} bytes is larger than the largest supported metered unit map ({MAX_PRICE_MAP_BYTES} bytes)",
                map_text.len()
            ),
        ));
    }
    let map: Value =
        serde_json::from_str(map_text).map_err(|e| bad(origin, format!("not JSON: {e}")))?;
    // serde_json keeps the last of two equal keys: a location (or an entry) listed twice would be
    // imported from whichever came last.
    check_structure(map_text).map_err(|s| match s {
        Structure::Duplicate(d) => bad(
            origin,
            format!(
                "{}: '{}' appears twice (JSON keeps only the last one); remove or rename one",
                d.at(),
                shorten(&d.key)
            ),
        ),
        Structure::Invalid(m) => bad(origin, format!("not JSON: {m}")),
    })?;
    let published = map
        .pointer("/manifest/hawkFilePublicationDate")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            bad(
                origin,
                "not an AWS metered unit map: no manifest.hawkFilePublicationDate",
            )
        })?
        .to_string();
    if map.pointer("/manifest/serviceId").and_then(Value::as_str) != Some("apigateway") {
        return Err(bad(
            origin,
            "not the API Gateway metered unit map (manifest.serviceId is not \"apigateway\")",
        ));
    }
    match map.pointer("/manifest/currencyCode").and_then(Value::as_str) {
        Some(CURRENCY) => {}
        other => {
            return Err(bad(
                origin,
                format!(
                    "manifest.currencyCode is {}, expected {CURRENCY}: the catalog is in {CURRENCY} and prices are never converted (use AWS's .../apigateway/USD/... file)",
                    other.map_or("missing".into(), |c| format!("'{}'", shorten(c)))
                ),
            ))
        }
    }
    if !is_date(&published) {
        return Err(bad(
            origin,
            format!(
                "manifest.hawkFilePublicationDate '{}' does not start with a date (YYYY-MM-DD)",
                shorten(&published)
            ),
        ));
    }
    Ok((map, published))
}

/// Whether `s` starts with `YYYY-MM-DD` (ASCII digits and dashes).
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// A JSON value's type, for messages.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// (location display name, region code) of every region in the base catalog.
fn codes_by_location(base: &Value) -> Vec<(String, String)> {
    base.get("regions")
        .and_then(Value::as_object)
        .map(|r| {
            r.iter()
                .filter_map(|(code, v)| {
                    v.get("location")
                        .and_then(Value::as_str)
                        .map(|l| (l.to_string(), code.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// REST and HTTP request tiers: replaced when the location prices them.
fn import_request_tiers(
    at: &Location,
    region: &mut Map<String, Value>,
    changes: &mut Vec<String>,
) -> Result<()> {
    for (kind, spec) in [("rest", &REST[..]), ("http", &HTTP[..])] {
        if let Some(t) = tiers(at.origin, at.loc, at.entries, spec)? {
            compare_tiers(
                at.code,
                kind,
                region.get(kind).and_then(|k| k.get("tiers")),
                &t,
                changes,
            );
            let slot = region.entry(kind).or_insert_with(|| json!({}));
            slot["tiers"] = Value::Array(t);
            slot["sources"] = json!([at.source_id]);
        }
    }
    Ok(())
}

/// WebSocket message tiers and the connection-minute price, each replaced when the location prices it.
fn import_websocket(
    at: &Location,
    region: &mut Map<String, Value>,
    changes: &mut Vec<String>,
) -> Result<()> {
    let messages = tiers(at.origin, at.loc, at.entries, &WS_MESSAGES)?;
    let minutes = entry(at.origin, at.loc, at.entries, WS_MINUTES)?;
    if messages.is_none() && minutes.is_none() {
        return Ok(());
    }
    let ws = region.entry("websocket").or_insert_with(|| json!({}));
    if let Some(t) = messages {
        compare_tiers(
            at.code,
            "websocket messages",
            ws.get("messages").and_then(|m| m.get("tiers")),
            &t,
            changes,
        );
        ws["messages"] = json!({ "tiers": t, "sources": [at.source_id] });
    }
    if let Some((price, rate)) = minutes {
        let per_million = per_million(at.origin, at.loc, WS_MINUTES, price)?;
        let old = ws
            .pointer("/connection_minutes/usd_per_million_minutes")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Decimal>().ok());
        if old != Some(per_million) {
            changes.push(format!(
                "{} websocket connection minutes: {} -> {per_million} USD per 1M",
                at.code,
                old.map(|o| o.to_string())
                    .unwrap_or_else(|| "(none)".into())
            ));
        }
        ws["connection_minutes"] = json!({
            "usd_per_million_minutes": per_million.to_string(),
            "aws_rate_code": rate,
            "sources": [at.source_id],
        });
    }
    Ok(())
}

/// REST cache hourly prices: the sizes the location prices replace the region's cache table.
fn import_cache(
    at: &Location,
    region: &mut Map<String, Value>,
    changes: &mut Vec<String>,
) -> Result<()> {
    let mut sizes = Map::new();
    for (key, size) in CACHE {
        if let Some((price, rate)) = entry(at.origin, at.loc, at.entries, key)? {
            if price > MAX_PRICE {
                return Err(bad(
                    at.origin,
                    format!(
                        "{} / {key}: price {price} USD per hour is above the largest supported price, {MAX_PRICE}",
                        shorten(at.loc)
                    ),
                ));
            }
            let old = region
                .get("rest_cache")
                .and_then(|c| c.get("by_size_gb"))
                .and_then(|b| b.get(size))
                .and_then(|v| price_of(v, "usd_per_hour"));
            if old != Some(price) {
                changes.push(format!(
                    "{} rest cache {size} GB: {} -> {} USD per hour",
                    at.code,
                    old.map(|o| o.to_string())
                        .unwrap_or_else(|| "(none)".into()),
                    price.normalize()
                ));
            }
            sizes.insert(
                size.to_string(),
                json!({ "usd_per_hour": price.normalize().to_string(), "aws_rate_code": rate }),
            );
        }
    }
    if !sizes.is_empty() {
        let cache = region.entry("rest_cache").or_insert_with(|| json!({}));
        cache["by_size_gb"] = Value::Object(sizes);
        cache["sources"] = json!([at.source_id]);
    }
    Ok(())
}

/// Cites the imported file in the catalog's `sources`.
fn record_source(base: &mut Value, source_id: &str, published: &str, origin: &str) {
    base["sources"][source_id] = json!({
        "kind": "AWS-published file (primary), imported with `apigw-cost prices import`",
        "what": format!("AWS metered unit map for API Gateway, manifest.hawkFilePublicationDate {published}"),
        "origin_url": "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/apigateway/USD/current/apigateway.json",
        "local_copy": origin,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_other_files() {
        let e = import_metered_unit_map(
            crate::model::catalog::EMBEDDED,
            "embedded",
            "{\"manifest\":{}}",
            "x.json",
        )
        .unwrap_err();
        assert!(e.to_string().contains("not an AWS metered unit map"));
    }
}
