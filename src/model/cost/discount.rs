//! A negotiated discount (enterprise agreement, private pricing): `--discount RATE` comes off every
//! line of the month, shown as its own negative line per AWS service (never hidden in unit prices), so
//! the list prices stay visible and the month's total is still exactly the sum of its lines.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Builder, LineItem};
use crate::error::{Error, Result};
use crate::model::meter::Meter;
use crate::model::numbers::group;

/// The component of a service's discount line: "Discount 7% (AWS Lambda)".
pub fn component(rate: Decimal, service: &str) -> String {
    format!(
        "Discount {}% ({service})",
        (rate * Decimal::from(100)).normalize()
    )
}

/// Adds one negative line per service that has a charge this month (in the order the services first
/// appear), each `-rate x` the service's lines.
pub(super) fn apply(b: &mut Builder, rate: Option<Decimal>) -> Result<()> {
    let Some(rate) = rate.filter(|r| !r.is_zero()) else {
        return Ok(());
    };
    let mut order: Vec<&'static str> = Vec::new();
    let mut spend: BTreeMap<&'static str, Decimal> = BTreeMap::new();
    for l in b.lines.iter().filter(|l| !l.free) {
        let s = l.meter.service();
        if !spend.contains_key(s) {
            order.push(s);
        }
        let e = spend.entry(s).or_default();
        *e = e
            .checked_add(l.amount)
            .ok_or_else(|| Error::overflow("the month's total"))?;
    }
    for s in order {
        let base = spend[s];
        if base.is_zero() {
            continue;
        }
        let amount = -(base
            .checked_mul(rate)
            .ok_or_else(|| Error::overflow("the discount"))?);
        b.lines.push(LineItem {
            component: component(rate, s),
            meter: Meter::Discount,
            tier: None,
            quantity: base,
            unit_price: -rate,
            price: -rate,
            price_per: Decimal::ONE,
            amount,
            basis: Some(format!(
                "{}% of {} USD of {s} charges this month (--discount)",
                (rate * Decimal::from(100)).normalize(),
                group(base.round_dp(2))
            )),
            sources: vec![DISCOUNT_SOURCE.into()],
            rate_code: None,
            free: false,
        });
    }
    Ok(())
}

/// The source id of a discount line: the user's own agreement, not an AWS price.
pub const DISCOUNT_SOURCE: &str = "SRC-USER-DISCOUNT";
