//! The bounds a catalog must stay within for the model to price it exactly and quickly. Each is far
//! above what AWS publishes (the largest real value is given with each) and keeps every product the
//! model forms from catalog values (`quantity x price`, `volume / LCU dimension`, `size / increment`)
//! inside `Decimal`'s range (about 7.9 x 10^28) for any volume the tool accepts (at most 10^25).
//! `build.rs` checks them and names the region, kind and tier that breaks one.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::value::RawValue;

use crate::error::shorten;
use crate::error::{Error, Result};
use crate::model::meter::Meter;
use crate::model::tiers::Tier;

/// The largest catalog file read, in bytes (4 MiB; `data/prices.json` is about 220 KB). Checked before
/// reading (`cli::load`) and again on the text (`Catalog::from_json`): a 70 MB file would otherwise take
/// gigabytes to parse.
pub const MAX_CATALOG_BYTES: u64 = 4 * 1024 * 1024;

/// The most regions a catalog may list (AWS has 36 with API Gateway prices).
pub const MAX_REGIONS: usize = 1_000;

/// The most tiers one meter may have, and the most cache sizes (REST has 4 tiers, the cache 8 sizes).
pub const MAX_TIERS: usize = 64;

/// The longest region code, in characters (`ap-southeast-2` has 14).
pub const MAX_REGION_CODE_CHARS: usize = 64;

pub use crate::model::tiers::MAX_PRICE;

/// The largest free allowance, in units a month: 10^25, the largest volume the tool prices (the largest
/// real allowance is 1 million requests). A negative allowance would add units to the bill.
pub const MAX_QUANTITY: Decimal = crate::model::numbers::MAX_UNITS;

/// The largest tier bound, in units: 10^15 (the largest real bound is 20 billion requests). Batch rating
/// prices a tier table in `u128` integers at the table's finest price scale; with `MAX_PRICE` and
/// `MAX_PRICE_DECIMALS` a quantity up to this bound times any unit price fits (10^15 x 10^21 < 3.4 x
/// 10^38).
pub const MAX_TIER_BOUND: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// The most decimal places of a price as the catalog quotes it: 12 (real prices have at most 10, as
/// 0.0000166667 USD per Lambda GB-second). Unit prices are this scale plus 6 for prices per 1M.
pub const MAX_PRICE_DECIMALS: u32 = 12;

/// The smallest LCU dimension (0.001): ALB LCU-hours divide monthly volumes by the dimensions, and a
/// dimension of 10^-28 overflows the division (real dimensions: 0.4 to 3,000).
pub const MIN_LCU_DIMENSION: Decimal = Decimal::from_parts(1, 0, 0, false, 3);

/// The largest LCU dimension (10^9): the dimensions are multiplied by 3,600 seconds.
pub const MAX_LCU_DIMENSION: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// The smallest metering increment or message limit, KB: 1 (real: 32 and 512 KB). Sizes are divided by
/// the increment.
pub const MIN_INCREMENT_KB: Decimal = Decimal::ONE;

/// The largest metering increment or message limit, KB: 1 GB = 1,048,576 KB (real: at most 512 KB).
pub const MAX_INCREMENT_KB: Decimal = Decimal::from_parts(1_048_576, 0, 0, false, 0);

// ---------------------------------------------------------------------------------------------------
/// The catalog being validated, named in every error.
pub(super) struct Ctx<'a> {
    pub(super) origin: &'a str,
}

impl Ctx<'_> {
    pub(super) fn err(
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
}

// The checks, each naming the region, kind and tier (`Ctx::err`).

/// A tier list has at most `MAX_TIERS` tiers.
pub(super) fn check_tier_count(cx: &Ctx, region: &str, kind: &str, n: usize) -> Result<()> {
    if n > MAX_TIERS {
        return Err(cx.err(
            region,
            kind,
            None,
            format!("has {n} tiers; at most {MAX_TIERS} are supported"),
        ));
    }
    Ok(())
}

/// A tier's price is at most `MAX_PRICE`; its bound, if any, above 0 and at most `MAX_QUANTITY`.
pub(super) fn check_tier(
    cx: &Ctx,
    region: &str,
    kind: &str,
    meter: Meter,
    i: usize,
    t: &Tier,
) -> Result<()> {
    if t.price > MAX_PRICE {
        return Err(cx.err(
            region,
            kind,
            Some(i),
            format!(
                "price {} USD per {} is above the largest supported price, {MAX_PRICE}",
                t.price,
                price_unit(meter)
            ),
        ));
    }
    if t.price.normalize().scale() > MAX_PRICE_DECIMALS {
        return Err(cx.err(
            region,
            kind,
            Some(i),
            format!(
                "price {} has more than {MAX_PRICE_DECIMALS} decimal places",
                t.price
            ),
        ));
    }
    match t.up_to {
        Some(u) if u <= Decimal::ZERO || u > MAX_TIER_BOUND => Err(cx.err(
            region,
            kind,
            Some(i),
            format!("tier bound up_to {u} must be above 0 and at most 10^15 units"),
        )),
        _ => Ok(()),
    }
}

/// One ALB LCU dimension, between `MIN_LCU_DIMENSION` and `MAX_LCU_DIMENSION`.
pub(super) fn lcu_dimension(cx: &Ctx, code: &str, name: &str, v: Decimal) -> Result<()> {
    if v < MIN_LCU_DIMENSION || v > MAX_LCU_DIMENSION {
        return Err(cx.err(
            code,
            "alb lcu_dimensions",
            None,
            format!("{name} must be {MIN_LCU_DIMENSION} to {MAX_LCU_DIMENSION}, found {v}"),
        ));
    }
    Ok(())
}

/// The regions a catalog may list: at most `MAX_REGIONS`, codes of 1 to `MAX_REGION_CODE_CHARS`
/// characters.
pub(super) fn check_region_codes(
    cx: &Ctx,
    regions: &BTreeMap<String, Box<RawValue>>,
) -> Result<()> {
    if regions.len() > MAX_REGIONS {
        return Err(cx.err(
            "(catalog)",
            "regions",
            None,
            format!(
                "lists {} regions; at most {MAX_REGIONS} are supported",
                regions.len()
            ),
        ));
    }
    if let Some(code) = regions
        .keys()
        .find(|c| c.trim().is_empty() || c.chars().count() > MAX_REGION_CODE_CHARS)
    {
        return Err(cx.err(
            &format!("'{}'", shorten(code)),
            "regions",
            None,
            format!("a region code must have 1 to {MAX_REGION_CODE_CHARS} characters"),
        ));
    }
    Ok(())
}

/// A metering size in KB, between `MIN_INCREMENT_KB` and `MAX_INCREMENT_KB`.
pub(super) fn size_kb(cx: &Ctx, kind: &str, field: &str, v: Decimal) -> Result<Decimal> {
    if v < MIN_INCREMENT_KB || v > MAX_INCREMENT_KB {
        return Err(cx.err(
            "(catalog)",
            kind,
            None,
            format!("{field} must be {MIN_INCREMENT_KB} to {MAX_INCREMENT_KB} KB, found {v}"),
        ));
    }
    Ok(v)
}

/// `metering.rest_cache.sizes_gb`: at most `MAX_TIERS` sizes, each a positive number of GB.
pub(super) fn cache_sizes(cx: &Ctx, sizes: Vec<String>) -> Result<Vec<String>> {
    let err = |p: String| cx.err("(catalog)", "metering.rest_cache.sizes_gb", None, p);
    if sizes.len() > MAX_TIERS {
        return Err(err(format!(
            "lists {} cache sizes; at most {MAX_TIERS} are supported",
            sizes.len()
        )));
    }
    for s in &sizes {
        if !s.parse::<Decimal>().is_ok_and(|d| d > Decimal::ZERO) {
            return Err(err(format!(
                "cache size '{}' is not a positive number of GB",
                shorten(s)
            )));
        }
    }
    Ok(sizes)
}

/// A free allowance (units a month): between 0 and `MAX_QUANTITY`. A negative one would add units.
pub(super) fn allowance(
    cx: &Ctx,
    region: &str,
    kind: &str,
    field: &str,
    v: Decimal,
) -> Result<Decimal> {
    if v.is_sign_negative() && !v.is_zero() || v > MAX_QUANTITY {
        return Err(cx.err(
            region,
            kind,
            None,
            format!("{field} must be 0 to 10^25 units a month, found {v}"),
        ));
    }
    Ok(v)
}

/// The unit a meter's price is quoted per: `1M requests`, `hour`, `GB`.
pub(super) fn price_unit(meter: Meter) -> String {
    let unit = meter.unit();
    match meter.price_per() {
        p if p == Decimal::ONE => unit.strip_suffix('s').unwrap_or(unit).to_string(),
        p if p == Decimal::from(1_000_000u32) => format!("1M {unit}"),
        p => format!("{p} {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constants_are_what_their_docs_say() {
        assert_eq!(
            MAX_QUANTITY,
            Decimal::from(10u64.pow(18)) * Decimal::from(10_000_000u64)
        );
        assert_eq!(MAX_TIER_BOUND, Decimal::from(10u64.pow(15)));
        // Batch's integer tiers: the largest bound times the largest unit-price mantissa fits a u128.
        let mantissa = 1_000u128 * 10u128.pow(MAX_PRICE_DECIMALS + 6);
        assert!((1_000_000_000_000_001u128).checked_mul(mantissa).is_some());
        assert_eq!(MIN_LCU_DIMENSION.to_string(), "0.001");
        assert_eq!(MAX_LCU_DIMENSION, Decimal::from(1_000_000_000u64));
        assert_eq!(MAX_INCREMENT_KB, Decimal::from(1024 * 1024));
        // The largest product the model forms from a catalog price stays in range.
        assert!(MAX_QUANTITY.checked_mul(MAX_PRICE).is_some());
    }
}
