//! The tiered pricing engine: a meter's monthly volume priced across cumulative tiers, exactly.
//!
//! Tiers are cumulative within one month, one account, one region: a tier covers
//! `(previous up_to, up_to]` of the month's billable units. The 400,000,000th REST request of a month is
//! priced at the second tier. Tier bounds and prices come from the catalog, never from code.

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::model::meter::Meter;

/// The largest price a tier may have, USD per unit as the catalog quotes it (per 1M requests, per hour,
/// per GB, per GB-second): 1,000 (the dearest real one is a 237 GB cache at about $6 an hour). With
/// volumes of at most 10^25, `quantity x price` stays within `Decimal`'s range. The catalog's
/// validation enforces it; the tier engine names it when an unvalidated price overflows.
pub const MAX_PRICE: Decimal = Decimal::ONE_THOUSAND;

/// One band of a meter's monthly volume.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// Cumulative upper bound in units; `None` = unbounded (only the last tier).
    pub up_to: Option<Decimal>,
    /// Price per `meter.price_per()` units (e.g. USD per 1M requests), exact.
    pub price: Decimal,
    /// The AWS rate code the price was read from, where known.
    pub rate_code: Option<String>,
}

/// A meter's price table in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct TierTable {
    pub meter: Meter,
    pub tiers: Vec<Tier>,
    /// Source ids (keys of the catalog's `sources`).
    pub sources: Vec<String>,
}

/// The part of a volume that falls into one tier.
#[derive(Debug, Clone, PartialEq)]
pub struct TierUse {
    /// 0-based tier index.
    pub index: usize,
    /// Number of tiers in the table.
    pub of: usize,
    /// Lower bound of the tier (exclusive), cumulative units.
    pub from: Decimal,
    /// Upper bound of the tier (inclusive), `None` = unbounded.
    pub to: Option<Decimal>,
    /// Units priced in this tier.
    pub quantity: Decimal,
    /// Price per `meter.price_per()` units.
    pub price: Decimal,
    /// `quantity x price / price_per`, exact.
    pub amount: Decimal,
    pub rate_code: Option<String>,
}

impl TierTable {
    /// A table with one unbounded tier.
    pub fn flat(
        meter: Meter,
        price: Decimal,
        rate_code: Option<String>,
        sources: Vec<String>,
    ) -> Self {
        TierTable {
            meter,
            tiers: vec![Tier {
                up_to: None,
                price,
                rate_code,
            }],
            sources,
        }
    }

    /// The price per single unit of tier `index` (e.g. 0.0000035 USD per request).
    pub fn unit_price(&self, index: usize) -> Decimal {
        self.tiers[index].price / self.meter.price_per()
    }

    /// Prices `quantity` units used after `already` units of the same month (pass zero for a fresh month).
    /// Returns one `TierUse` per tier touched, in tier order; zero quantity gives no uses.
    pub fn price(&self, already: Decimal, quantity: Decimal) -> Result<Vec<TierUse>> {
        let mut uses = Vec::new();
        if quantity <= Decimal::ZERO {
            return Ok(uses);
        }
        let start = already;
        let end = already
            .checked_add(quantity)
            .ok_or_else(|| Error::overflow(self.meter.name()))?;
        let mut lower = Decimal::ZERO;
        for (index, tier) in self.tiers.iter().enumerate() {
            let upper = tier.up_to;
            // Portion of [start, end) inside (lower, upper].
            let lo = start.max(lower);
            let hi = match upper {
                Some(u) => end.min(u),
                None => end,
            };
            if hi > lo {
                let q = hi - lo;
                let amount = q
                    .checked_mul(tier.price)
                    .and_then(|v| v.checked_div(self.meter.price_per()))
                    .ok_or_else(|| self.overflow(index, q, end))?;
                uses.push(TierUse {
                    index,
                    of: self.tiers.len(),
                    from: lower,
                    to: upper,
                    quantity: q,
                    price: tier.price,
                    amount,
                    rate_code: tier.rate_code.clone(),
                });
            }
            match upper {
                Some(u) if u < end => lower = u,
                _ => break,
            }
        }
        Ok(uses)
    }

    /// The error of a tier amount that overflows: the catalog price when it is above what a catalog may
    /// hold (a table built without validation), else the volume.
    fn overflow(&self, index: usize, quantity: Decimal, end: Decimal) -> Error {
        let price = self.tiers[index].price;
        if price.abs() > MAX_PRICE {
            return Error::Other(format!(
                "the catalog price {price} of {} tier {} (USD per {} {}) is too large: {quantity} {} at that price overflow exact decimal arithmetic; a catalog price must be at most {MAX_PRICE}",
                self.meter.name(),
                index + 1,
                self.meter.price_per(),
                self.meter.unit(),
                self.meter.unit(),
            ));
        }
        Error::overflow(format!("{} volume {}", self.meter.name(), end))
    }

    /// Total cost of `quantity` units in a fresh month.
    pub fn cost(&self, quantity: Decimal) -> Result<Decimal> {
        self.price(Decimal::ZERO, quantity)?
            .iter()
            .try_fold(Decimal::ZERO, |sum, u| sum.checked_add(u.amount))
            .ok_or_else(|| Error::overflow(format!("{} volume {quantity}", self.meter.name())))
    }

    /// The tier bounds inside the table (the volumes where the marginal price changes).
    pub fn boundaries(&self) -> Vec<Decimal> {
        self.tiers.iter().filter_map(|t| t.up_to).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn rest_us_east_1() -> TierTable {
        let t = |up: Option<&str>, p: &str| Tier {
            up_to: up.map(d),
            price: d(p),
            rate_code: None,
        };
        TierTable {
            meter: Meter::Requests,
            tiers: vec![
                t(Some("333000000"), "3.50"),
                t(Some("1000000000"), "2.80"),
                t(Some("20000000000"), "2.38"),
                t(None, "1.51"),
            ],
            sources: vec![],
        }
    }

    #[test]
    fn first_tier_only() {
        let uses = rest_us_east_1().price(d("0"), d("100000000")).unwrap();
        assert_eq!(uses.len(), 1);
        assert_eq!(uses[0].amount, d("350"));
    }

    #[test]
    fn boundary_is_inclusive_of_the_upper_bound() {
        let t = rest_us_east_1();
        let at = t.price(d("0"), d("333000000")).unwrap();
        assert_eq!(at.len(), 1);
        assert_eq!(at[0].amount, d("1165.5"));
        let over = t.price(d("0"), d("333000001")).unwrap();
        assert_eq!(over.len(), 2);
        assert_eq!(over[1].quantity, d("1"));
        assert_eq!(over[1].amount, d("0.0000028"));
    }

    #[test]
    fn twenty_one_billion_crosses_all_four_tiers() {
        // 333M x 3.50 + 667M x 2.80 + 19B x 2.38 + 1B x 1.51 (per million)
        // = 1,165.50 + 1,867.60 + 45,220.00 + 1,510.00 = 49,763.10
        assert_eq!(
            rest_us_east_1().cost(d("21000000000")).unwrap(),
            d("49763.10")
        );
    }

    #[test]
    fn offset_starts_inside_a_later_tier() {
        // 100M requests after 300M already used: 33M at 3.50, 67M at 2.80 = 115.50 + 187.60
        let uses = rest_us_east_1()
            .price(d("300000000"), d("100000000"))
            .unwrap();
        assert_eq!(uses.len(), 2);
        assert_eq!(uses[0].quantity, d("33000000"));
        assert_eq!(uses[1].quantity, d("67000000"));
        assert_eq!(uses.iter().map(|u| u.amount).sum::<Decimal>(), d("303.10"));
    }

    #[test]
    fn zero_volume_has_no_lines() {
        assert!(rest_us_east_1().price(d("0"), d("0")).unwrap().is_empty());
    }

    #[test]
    fn an_overflowing_price_is_named_not_the_volume() {
        let mut t = rest_us_east_1();
        t.tiers[0].price = Decimal::MAX;
        let e = t.price(d("0"), d("1000000")).unwrap_err().to_string();
        assert!(
            e.contains("catalog price") && e.contains("requests tier 1"),
            "{e}"
        );
        assert!(!e.contains("largest supported volume"), "{e}");
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let huge = Decimal::MAX;
        assert!(rest_us_east_1().price(d("1"), huge).is_err());
    }
}
