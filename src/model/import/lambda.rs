//! Lambda's metered-unit map (`.../meteredUnitMaps/lambda/USD/current/lambda.json`): requests (x86_64
//! and arm64, each with its rate code) and GB-seconds in three tiers per architecture. The map has no
//! tier bounds: they are the catalog's `metering.lambda.duration_tier_bounds_gb_seconds` (AWS's pricing
//! page and offer files), the same in every region.

use rust_decimal::Decimal;
use serde_json::Value;

use super::bad;
use super::edit::{cite, per_million, set_price, set_text, set_tiers, At, Edit};
use super::edit::{NewTier, Priced, TierFields};
use super::metered::{all_or_none, Location, Service};
use crate::error::Result;

pub struct Lambda;

const PREFIX: &str = "SRC-AWS-METER-LAMBDA-";
const REQUESTS: [&str; 2] = ["Lambda Requests", "Lambda Requests-ARM"];
const X86: [&str; 3] = [
    "Lambda Duration",
    "Lambda Duration Tier2",
    "Lambda Duration Tier3",
];
const ARM: [&str; 3] = [
    "Lambda Duration-ARM",
    "Lambda Duration-ARM Tier2",
    "Lambda Duration-ARM Tier3",
];

const GB_SECOND_TIERS: TierFields = TierFields {
    bound: "up_to_gb_seconds",
    price: "usd",
    rate_code: "aws_rate_code",
    per_tier_sources: false,
};

impl Service for Lambda {
    const NAME: &'static str = "Lambda metered unit map";
    const SERVICE: &'static str = "lambda";
    const PREFIX: &'static str = PREFIX;
    const TITLE: &'static str = "Lambda";
    const DETAIL: &'static str = "";

    fn check(&self, cat: &Edit, origin: &str) -> Result<()> {
        tier_bounds(cat, origin).map(|_| ())
    }

    fn location(&self, at: &Location, cat: &mut Edit) -> Result<bool> {
        let (origin, loc, entries, code, source_id) =
            (at.origin, at.loc, at.entries, at.code, at.source_id);
        let (bounds_x86, bounds_arm, bound_sources) = tier_bounds(cat, origin)?;
        let Some(requests) = all_or_none(origin, loc, entries, &REQUESTS)? else {
            return Ok(false);
        };
        let x86 = all_or_none(origin, loc, entries, &X86)?.ok_or_else(|| {
            bad(
                origin,
                format!("{loc}: Lambda requests without duration prices"),
            )
        })?;
        let arm = all_or_none(origin, loc, entries, &ARM)?.ok_or_else(|| {
            bad(
                origin,
                format!("{loc}: Lambda requests without arm64 duration prices"),
            )
        })?;
        let (slot, changes) = cat.slot(&["alternatives", code, "lambda"]);
        for (i, (price_key, rate_key, meter)) in [
            (
                "usd_per_million_requests",
                "requests_aws_rate_code",
                "lambda requests",
            ),
            (
                "arm64_usd_per_million_requests",
                "arm64_requests_aws_rate_code",
                "lambda requests arm64",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let (price, rate) = &requests[i];
            let at = At {
                region: code,
                meter,
                unit: "USD per 1M",
            };
            let price = per_million(origin, loc, REQUESTS[i], *price)?;
            set_price(slot, price_key, price, changes, &at);
            set_text(slot, rate_key, Some(rate));
        }
        for (key, found, bounds, meter) in [
            (
                "duration_x86_usd_per_gb_second",
                x86,
                &bounds_x86,
                "lambda duration x86",
            ),
            (
                "duration_arm64_usd_per_gb_second",
                arm,
                &bounds_arm,
                "lambda duration arm64",
            ),
        ] {
            let tiers: Vec<NewTier> = found
                .into_iter()
                .enumerate()
                .map(|(i, (price, rate))| NewTier {
                    up_to: bounds.get(i).copied(),
                    price: Priced {
                        value: price.normalize(),
                        rate_code: Some(rate),
                    },
                })
                .collect();
            let at = At {
                region: code,
                meter,
                unit: "USD per GB-second",
            };
            set_tiers(slot, key, &tiers, &GB_SECOND_TIERS, source_id, changes, &at);
        }
        cite(slot, source_id, PREFIX, &bound_sources);
        Ok(true)
    }
}

/// The GB-second tier bounds (x86_64, arm64: the two inner bounds each) and their sources, from the base
/// catalog's `metering.lambda`.
fn tier_bounds(cat: &Edit, origin: &str) -> Result<(Vec<Decimal>, Vec<Decimal>, Vec<String>)> {
    let missing = || {
        bad(
            origin,
            "AWS's Lambda map gives no GB-second tier bounds, and the base catalog has none \
             (metering.lambda.duration_tier_bounds_gb_seconds with x86_64 and arm64 lists)",
        )
    };
    let read = |arch: &str| -> Result<Vec<Decimal>> {
        let list = cat
            .get(&format!(
                "/metering/lambda/duration_tier_bounds_gb_seconds/{arch}"
            ))
            .and_then(Value::as_array)
            .ok_or_else(missing)?;
        let bounds: Vec<Decimal> = list
            .iter()
            .map(|v| v.as_str().and_then(|s| s.parse().ok()))
            .collect::<Option<_>>()
            .ok_or_else(missing)?;
        if bounds.len() != 2 {
            return Err(missing());
        }
        Ok(bounds)
    };
    let sources = cat
        .get("/metering/lambda/sources")
        .and_then(Value::as_array)
        .map(|s| {
            s.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok((read("x86_64")?, read("arm64")?, sources))
}
