//! API Gateway's metered-unit map (`.../meteredUnitMaps/apigateway/USD/current/apigateway.json`): REST
//! and HTTP request tiers, WebSocket messages and connection minutes, and the REST cache by size, for
//! every location the catalog knows.

use rust_decimal::Decimal;

use super::edit::{as_quoted, cite, per_million, set_price, set_text, set_tiers, At, Edit};
use super::edit::{NewTier, Priced, TierFields};
use super::metered::{all_or_none, entry, Location, Service};
use crate::error::Result;

pub struct ApiGateway;

/// The source id of an API Gateway map published on a date (`SRC-AWS-METER-2025-10-20`): the catalog's
/// primary source, named in every output's provenance.
const PREFIX: &str = "SRC-AWS-METER-20";

const REST: [(&str, Option<u64>); 4] = [
    ("API Calls Number of up to 333 million", Some(333_000_000)),
    (
        "API Calls Number of Request Next 667 million",
        Some(1_000_000_000),
    ),
    (
        "API Calls Number of Request Next 19 billion",
        Some(20_000_000_000),
    ),
    ("API Calls Number of Request Over 20 billion", None),
];
const HTTP: [(&str, Option<u64>); 2] = [
    ("ApiGatewayHttpApi First 300 million", Some(300_000_000)),
    ("ApiGatewayHttpApi more than 300 million", None),
];
const WS_MESSAGES: [(&str, Option<u64>); 2] = [
    (
        "WebSocket Messages Messages first 1 billion",
        Some(1_000_000_000),
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

const REQUEST_TIERS: TierFields = TierFields {
    bound: "up_to",
    price: "usd_per_million",
    rate_code: "aws_rate_code",
    per_tier_sources: false,
};

impl Service for ApiGateway {
    const NAME: &'static str = "API Gateway metered unit map";
    const SERVICE: &'static str = "apigateway";
    const PREFIX: &'static str = "SRC-AWS-METER-";
    const TITLE: &'static str = "API Gateway";
    const DETAIL: &'static str = "";

    fn location(&self, at: &Location, cat: &mut Edit) -> Result<bool> {
        import_request_tiers(at, cat)?;
        import_websocket(at, cat)?;
        import_cache(at, cat)?;
        Ok(true)
    }
}

/// The tiers of one meter, per million units, when the location prices it.
fn tiers(at: &Location, spec: &[(&str, Option<u64>)]) -> Result<Option<Vec<NewTier>>> {
    let keys: Vec<&str> = spec.iter().map(|(k, _)| *k).collect();
    let Some(found) = all_or_none(at.origin, at.loc, at.entries, &keys)? else {
        return Ok(None);
    };
    spec.iter()
        .zip(found)
        .map(|((key, up_to), (price, rate))| {
            Ok(NewTier {
                up_to: up_to.map(Decimal::from),
                price: Priced {
                    value: per_million(at.origin, at.loc, key, price)?,
                    rate_code: Some(rate),
                },
            })
        })
        .collect::<Result<_>>()
        .map(Some)
}

/// REST and HTTP request tiers: replaced when the location prices them.
fn import_request_tiers(at: &Location, cat: &mut Edit) -> Result<()> {
    for (kind, spec) in [("rest", &REST[..]), ("http", &HTTP[..])] {
        if let Some(t) = tiers(at, spec)? {
            let (slot, changes) = cat.slot(&["regions", at.code, kind]);
            let where_ = At {
                region: at.code,
                meter: kind,
                unit: "USD per 1M",
            };
            set_tiers(
                slot,
                "tiers",
                &t,
                &REQUEST_TIERS,
                at.source_id,
                changes,
                &where_,
            );
            cite(slot, at.source_id, PREFIX, &[]);
        }
    }
    Ok(())
}

/// WebSocket message tiers and the connection-minute price, each replaced when the location prices it.
fn import_websocket(at: &Location, cat: &mut Edit) -> Result<()> {
    if let Some(t) = tiers(at, &WS_MESSAGES)? {
        let (slot, changes) = cat.slot(&["regions", at.code, "websocket", "messages"]);
        let where_ = At {
            region: at.code,
            meter: "websocket messages",
            unit: "USD per 1M",
        };
        set_tiers(
            slot,
            "tiers",
            &t,
            &REQUEST_TIERS,
            at.source_id,
            changes,
            &where_,
        );
        cite(slot, at.source_id, PREFIX, &[]);
    }
    if let Some((price, rate)) = entry(at.origin, at.loc, at.entries, WS_MINUTES)? {
        let price = per_million(at.origin, at.loc, WS_MINUTES, price)?;
        let (slot, changes) = cat.slot(&["regions", at.code, "websocket", "connection_minutes"]);
        let where_ = At {
            region: at.code,
            meter: "websocket connection minutes",
            unit: "USD per 1M",
        };
        set_price(slot, "usd_per_million_minutes", price, changes, &where_);
        set_text(slot, "aws_rate_code", Some(&rate));
        cite(slot, at.source_id, PREFIX, &[]);
    }
    Ok(())
}

/// REST cache hourly prices, one per size the location prices.
fn import_cache(at: &Location, cat: &mut Edit) -> Result<()> {
    let mut any = false;
    for (key, size) in CACHE {
        let Some((price, rate)) = entry(at.origin, at.loc, at.entries, key)? else {
            continue;
        };
        let price = as_quoted(at.origin, at.loc, key, price)?;
        let (slot, changes) = cat.slot(&["regions", at.code, "rest_cache", "by_size_gb", size]);
        let meter = format!("rest cache {size} GB");
        let where_ = At {
            region: at.code,
            meter: &meter,
            unit: "USD per hour",
        };
        set_price(slot, "usd_per_hour", price, changes, &where_);
        set_text(slot, "aws_rate_code", Some(&rate));
        any = true;
    }
    if any {
        let (slot, _) = cat.slot(&["regions", at.code, "rest_cache"]);
        cite(slot, at.source_id, PREFIX, &[]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::import_files;

    #[test]
    fn rejects_other_files() {
        let e = import_files(
            crate::model::catalog::EMBEDDED,
            "embedded",
            &[("x.json".into(), "{\"manifest\":{}}".into())],
        )
        .unwrap_err();
        assert!(e.to_string().contains("not an AWS price file"), "{e}");
    }
}
