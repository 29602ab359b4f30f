//! Month-by-month projection: volumes with compound growth (or given per month), the free tier over
//! time (legacy allowance for the account's first 12 months, credits drawn down until spent or
//! expired), and the cumulative cost of each option. Each option is priced as its own account.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::cost::{Pricer, Quote};
use crate::model::free_tier::{Allowance, FreeTier};
use crate::model::workload::Workload;

/// One month of one option.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthCost {
    /// 1-based month of the projection.
    pub month: u32,
    pub requests: Decimal,
    /// The month's bill, line by line (free units and credit included as lines).
    pub quote: Quote,
    /// What the free tier saved this month: the bill without it minus the bill with it.
    pub free_tier_effect: Decimal,
    /// Cumulative cost to the end of this month.
    pub cumulative: Decimal,
    /// Credit balance left after this month.
    pub credit_left: Decimal,
}

/// All months of one option.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionProjection {
    pub api: ApiKind,
    pub months: Vec<MonthCost>,
    /// Exactly the sum of the monthly totals.
    pub total: Decimal,
}

/// A projection of several options in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub region: String,
    pub options: Vec<OptionProjection>,
}

impl Projection {
    /// Cumulative saving of `api` against `other` month by month (other − api).
    pub fn cumulative_saving(&self, api: ApiKind, other: ApiKind) -> Option<Vec<Decimal>> {
        let a = self.options.iter().find(|o| o.api == api)?;
        let b = self.options.iter().find(|o| o.api == other)?;
        Some(
            a.months
                .iter()
                .zip(&b.months)
                .map(|(x, y)| y.cumulative - x.cumulative)
                .collect(),
        )
    }

    /// The dearest and cheapest options over the whole horizon.
    pub fn extremes(&self) -> Option<(ApiKind, ApiKind)> {
        let dear = self.options.iter().max_by(|a, b| a.total.cmp(&b.total))?;
        let cheap = self.options.iter().min_by(|a, b| a.total.cmp(&b.total))?;
        Some((cheap.api, dear.api))
    }
}

/// Monthly volumes from `base` growing by `growth` a month, compounded: month m (0-based) has
/// base × (1 + growth)^m requests, rounded to a whole request (half away from zero).
pub fn compound_volumes(base: Decimal, growth: Decimal, months: u32) -> Result<Vec<Decimal>> {
    let factor = Decimal::ONE + growth;
    if factor.is_sign_negative() {
        return Err(Error::invalid(
            Field::Growth,
            growth.to_string(),
            "a monthly growth of -100% (traffic stops) or more, e.g. 15% or -5%",
        ));
    }
    let mut out = Vec::with_capacity(months as usize);
    let mut scale = Decimal::ONE;
    for _ in 0..months {
        let v = base.checked_mul(scale).ok_or_else(|| {
            Error::overflow(format!("requests after {} months of growth", out.len()))
        })?;
        out.push(v.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero));
        scale = scale
            .checked_mul(factor)
            .ok_or_else(|| Error::overflow(format!("growth factor after {} months", out.len())))?;
    }
    Ok(out)
}

/// Prices each month's volume for each option with the free tier as it stands that month.
pub fn project(
    catalog: &Catalog,
    region: &str,
    apis: &[ApiKind],
    base: &Workload,
    volumes: &[Decimal],
    free_tier: &FreeTier,
) -> Result<Projection> {
    let pricer = Pricer::new(catalog, region)?;
    let options = apis
        .iter()
        .map(|&api| {
            let mut credit = free_tier.initial_credit();
            let mut cumulative = Decimal::ZERO;
            let mut months = Vec::with_capacity(volumes.len());
            for (i, &requests) in volumes.iter().enumerate() {
                let w = base.for_option(api).with_requests(requests);
                let allowance = free_tier.month(i as u32, credit);
                let quote = pricer.quote(api, &w, &allowance)?;
                let without = if allowance == Allowance::default() {
                    quote.total
                } else {
                    pricer.quote(api, &w, &Allowance::default())?.total
                };
                credit -= quote.credit_used;
                cumulative += quote.total;
                months.push(MonthCost {
                    month: i as u32 + 1,
                    requests,
                    free_tier_effect: without - quote.total,
                    cumulative,
                    credit_left: credit,
                    quote,
                });
            }
            Ok(OptionProjection {
                api,
                total: cumulative,
                months,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Projection {
        region: region.to_string(),
        options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn ten_percent_growth_compounds() {
        let v = compound_volumes(d("100000000"), d("0.1"), 3).unwrap();
        assert_eq!(v, vec![d("100000000"), d("110000000"), d("121000000")]);
    }

    #[test]
    fn legacy_free_tier_over_fourteen_months() {
        let c = Catalog::embedded().unwrap();
        let p = project(
            &c,
            "us-east-1",
            &[ApiKind::Http],
            &Workload::requests(d("10000000")),
            &[d("10000000"); 14],
            &FreeTier::Legacy {
                account_age_months: 0,
            },
        )
        .unwrap();
        let m = &p.options[0].months;
        assert_eq!(m[11].quote.total, d("9.00"));
        assert_eq!(m[11].free_tier_effect, d("1.00"));
        assert_eq!(m[12].quote.total, d("10.00"));
        assert_eq!(p.options[0].total, d("128.00"));
    }

    #[test]
    fn credits_are_drawn_down_until_spent() {
        let c = Catalog::embedded().unwrap();
        // $25 of credit against $10 a month: 0, 0, 5, 10 ...
        let p = project(
            &c,
            "us-east-1",
            &[ApiKind::Http],
            &Workload::requests(d("10000000")),
            &[d("10000000"); 4],
            &FreeTier::parse("credits:25").unwrap(),
        )
        .unwrap();
        let totals: Vec<Decimal> = p.options[0].months.iter().map(|m| m.quote.total).collect();
        assert_eq!(totals, vec![d("0"), d("0"), d("5"), d("10")]);
        assert_eq!(p.options[0].months[2].credit_left, d("0"));
    }
}
