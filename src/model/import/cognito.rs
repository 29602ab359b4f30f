//! Cognito's metered-unit map (`.../meteredUnitMaps/cognito/USD/current/cognito.json`): user pool
//! monthly active users of the Lite feature plan, USD per MAU, in tiers written in the labels
//! ("User Pool MAU 0 upto 50000 per Requests", GovCloud "... 0 upto 100000 ...").
//!
//! The commercial labels count MAUs after a 50,000-MAU allowance: the same rate codes are also written
//! "MAU Frist 50000", "MAU Next 900000", "MAU Greater than 10000000", and GovCloud (no allowance) writes
//! the same prices with bounds 100,000 / 1,000,000 / 10,000,000. The catalog's bounds count total MAUs:
//! where a location has "MAU Greater than N" on the rate code of the last labelled tier ("... upto
//! Inf"), every bound is moved up by N minus that tier's lower bound (50,000). The free MAUs are not in
//! the file (`--free-tier always` applies them, from data/free-allowances.json). Regions the file does
//! not price (ap-east-2, ap-southeast-6 in 2025-11-19) get no entry.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::bad;
use super::edit::{cite, set_tiers, At, Edit, NewTier, TierFields};
use super::labelled::{self, Family};
use super::metered::{self, Location, Service};
use crate::error::{shorten, Result};

pub struct Cognito;

const PREFIX: &str = "SRC-COGNITO-METER-";
const MAU: Family = Family {
    prefix: "User Pool MAU ",
    sep: " upto ",
    suffix: " per Requests",
};
/// The label of the last tier as the total-MAU family writes it: "MAU Greater than 10000000 per Requests".
const GREATER: (&str, &str) = ("MAU Greater than ", " per Requests");
const MAU_TIERS: TierFields = TierFields {
    bound: "up_to_mau",
    price: "usd_per_mau",
    rate_code: "aws_rate_code",
    per_tier_sources: false,
};

impl Service for Cognito {
    const NAME: &'static str = "Cognito metered unit map";
    const SERVICE: &'static str = "cognito";
    const PREFIX: &'static str = PREFIX;
    const TITLE: &'static str = "Amazon Cognito";
    const DETAIL: &'static str = ": Lite user pool MAU tiers by total MAU (commercial label bounds + the 50,000-MAU allowance they count after, from \"MAU Greater than 10000000\"; the free MAUs are not in the file)";

    fn location(&self, at: &Location, cat: &mut Edit) -> Result<bool> {
        let (origin, loc, entries, code, source_id) =
            (at.origin, at.loc, at.entries, at.code, at.source_id);
        let Some(mut tiers) = labelled::tiers(origin, loc, entries, &MAU)? else {
            return Ok(false);
        };
        let offset = allowance_offset(origin, loc, entries, &tiers)?;
        for t in &mut tiers {
            t.up_to = t.up_to.map(|b| b + offset);
        }
        let (slot, changes) = cat.slot(&["alternatives", code, "cognito"]);
        let at = At {
            region: code,
            meter: "cognito user pool mau",
            unit: "USD per MAU",
        };
        set_tiers(
            slot,
            "user_pool_mau_tiers",
            &tiers,
            &MAU_TIERS,
            source_id,
            changes,
            &at,
        );
        cite(slot, source_id, PREFIX, &[]);
        Ok(true)
    }
}

/// How many MAUs the labelled bounds count after: the "MAU Greater than N" entry on the rate code of the
/// unbounded labelled tier gives N; the offset is N minus that tier's lower bound (0 when the location
/// has no such entry, as GovCloud). A "Greater than" bound below the labelled one is an error.
fn allowance_offset(
    origin: &str,
    loc: &str,
    entries: &Map<String, Value>,
    tiers: &[NewTier],
) -> Result<Decimal> {
    let Some(last) = tiers.last() else {
        return Ok(Decimal::ZERO);
    };
    let from = tiers
        .iter()
        .rev()
        .nth(1)
        .and_then(|t| t.up_to)
        .unwrap_or_default();
    for key in entries.keys() {
        let Some(n) = key
            .strip_prefix(GREATER.0)
            .and_then(|r| r.strip_suffix(GREATER.1))
            .and_then(|n| n.trim().parse::<Decimal>().ok())
        else {
            continue;
        };
        let Some((_, rate)) = metered::entry(origin, loc, entries, key)? else {
            continue;
        };
        if last.price.rate_code.as_deref() != Some(rate.as_str()) {
            continue;
        }
        if n < from {
            return Err(bad(
                origin,
                format!(
                    "{}: \"{key}\" starts below its labelled tier ({from}): no allowance can explain it",
                    shorten(loc)
                ),
            ));
        }
        return Ok(n - from);
    }
    Ok(Decimal::ZERO)
}
