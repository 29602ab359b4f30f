//! Tiers whose bounds are written in the entry labels of a metered-unit map, as VPC endpoints'
//! ("... per GB from 0 to 1048576") and Cognito's ("User Pool MAU 0 upto 50000 per Requests") are.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::bad;
use super::edit::{NewTier, Priced};
use super::metered::entry;
use crate::error::{shorten, Result};

/// How a family of labels is written: `{prefix}{from}{sep}{to|Inf}{suffix}`.
pub struct Family {
    pub prefix: &'static str,
    pub sep: &'static str,
    pub suffix: &'static str,
}

/// The family's tiers in a location, ascending from 0, contiguous, the last unbounded; `None` when the
/// location has none of them. `price` turns the file's price into the catalog's.
pub fn tiers(
    origin: &str,
    loc: &str,
    entries: &Map<String, Value>,
    f: &Family,
) -> Result<Option<Vec<NewTier>>> {
    let mut found: Vec<(Decimal, Option<Decimal>, Decimal, String)> = Vec::new();
    for key in entries.keys() {
        let Some(rest) = key
            .strip_prefix(f.prefix)
            .and_then(|r| r.strip_suffix(f.suffix))
        else {
            continue;
        };
        let Some((from, to)) = rest.split_once(f.sep) else {
            continue;
        };
        let num = |s: &str| s.trim().parse::<Decimal>().ok();
        let (Some(from), to) = (num(from), to.trim()) else {
            continue;
        };
        let to = match to {
            "Inf" => None,
            t => match num(t) {
                Some(v) => Some(v),
                None => continue,
            },
        };
        let Some((price, rate)) = entry(origin, loc, entries, key)? else {
            continue;
        };
        found.push((from, to, price, rate));
    }
    if found.is_empty() {
        return Ok(None);
    }
    found.sort_by_key(|t| t.0);
    let mut expected = Decimal::ZERO;
    let last = found.len() - 1;
    for (i, (from, to, _, _)) in found.iter().enumerate() {
        let ok = *from == expected && (to.is_none() == (i == last));
        if !ok {
            return Err(bad(
                origin,
                format!(
                    "{}: the tiers \"{}...\" do not run from 0 without gaps to an unbounded last tier (tier {} starts at {from})",
                    shorten(loc),
                    f.prefix,
                    i + 1
                ),
            ));
        }
        expected = to.unwrap_or_default();
    }
    Ok(Some(
        found
            .into_iter()
            .map(|(_, to, price, rate)| NewTier {
                up_to: to,
                price: Priced {
                    value: price.normalize(),
                    rate_code: (!rate.is_empty()).then_some(rate),
                },
            })
            .collect(),
    ))
}
