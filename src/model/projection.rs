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
    /// The period as shown: the calendar month (`2026-02`) when the projection starts on one (or the
    /// label a volumes file gives it), else the month's number.
    pub label: String,
    pub requests: Decimal,
    /// The month's bill, line by line (free units and credit included as lines).
    pub quote: Quote,
    /// What the free tier saved this month: the bill without it minus the bill with it (both to the
    /// cent).
    pub free_tier_effect: Decimal,
    /// Cumulative bill to the end of this month: the sum of the months' bills to the cent.
    pub cumulative: Decimal,
    /// Credit balance left after this month.
    pub credit_left: Decimal,
}

/// All months of one option.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionProjection {
    pub api: ApiKind,
    pub months: Vec<MonthCost>,
    /// The sum of the months' bills, each to the cent (what AWS would bill over the horizon).
    pub total: Decimal,
    /// Exactly the sum of the months' exact totals.
    pub total_exact: Decimal,
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

/// The longest horizon priced month by month: 1,200 months (100 years). A projection holds a quote
/// for every month of every option, so the horizon bounds its time and memory (a billion months once
/// asked for tens of GB and aborted). Checked by [`check_months`] before anything is allocated, for
/// every caller: `project`, `compare --months`, `chart projection`, a profile's `months`, the review
/// pack; `breakeven --vary months` bounds its `--to` by it and `--volumes` its number of lines.
pub const MAX_MONTHS: u32 = 1200;

/// The most requests a month compound growth may reach: 10^25, the largest count the tool reads
/// (`numbers::parse_count`) and about where exact decimal pricing ends. Beyond it growth is an error
/// naming `--growth`, not a decimal overflow deep in the cost model.
pub const MAX_GROWN_REQUESTS: Decimal = crate::model::numbers::MAX_UNITS;

/// Refuses a horizon longer than [`MAX_MONTHS`]; call it before allocating anything for the horizon.
pub fn check_months(months: usize) -> Result<()> {
    if months > MAX_MONTHS as usize {
        return Err(Error::invalid(
            Field::Months,
            months.to_string(),
            format!(
                "a horizon of at most {} months (100 years), by flag or a profile's `months`",
                crate::model::numbers::group(Decimal::from(MAX_MONTHS))
            ),
        ));
    }
    Ok(())
}

/// A monthly growth rate as typed: `0.15` as `15%`.
fn percent(growth: Decimal) -> String {
    match growth.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => growth.to_string(),
    }
}

impl Projection {
    /// Gives the months the labels of a volumes file (`month` column), in order.
    pub fn relabel(&mut self, labels: &[String]) {
        for o in &mut self.options {
            for (m, l) in o.months.iter_mut().zip(labels) {
                m.label = l.clone();
            }
        }
    }
}

/// Monthly volumes from `base` growing by `growth` a month, compounded: month m (0-based) has
/// base × (1 + growth)^m requests, rounded to a whole request (half away from zero). The horizon is
/// checked against [`MAX_MONTHS`] first, and growth may not take a month past [`MAX_GROWN_REQUESTS`].
pub fn compound_volumes(base: Decimal, growth: Decimal, months: u32) -> Result<Vec<Decimal>> {
    check_months(months as usize)?;
    let factor = Decimal::ONE + growth;
    if factor.is_sign_negative() {
        return Err(Error::invalid(
            Field::Growth,
            percent(growth),
            "a monthly growth of -100% (traffic stops) or more, e.g. 15% or -5%",
        ));
    }
    if base.is_zero() {
        // Nothing grows from nothing (and the growth factor alone may not fit in a decimal).
        return Ok(vec![Decimal::ZERO; months as usize]);
    }
    let too_fast = |month: usize| {
        Error::invalid(
            Field::Growth,
            percent(growth),
            format!(
                "a growth the volume can keep up for {months} months: from {} requests it passes {} \
                 requests a month (the most that can be priced exactly) in month {}; give a smaller \
                 growth or a shorter horizon",
                crate::model::numbers::group(base),
                crate::model::numbers::group(MAX_GROWN_REQUESTS),
                month + 1
            ),
        )
    };
    let limit = base.max(MAX_GROWN_REQUESTS);
    let mut out = Vec::with_capacity(months as usize);
    let mut scale = Decimal::ONE;
    for m in 0..months as usize {
        let v = base.checked_mul(scale).ok_or_else(|| too_fast(m))?;
        if v > limit {
            return Err(too_fast(m));
        }
        out.push(v.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero));
        if m + 1 < months as usize {
            scale = scale.checked_mul(factor).ok_or_else(|| too_fast(m + 1))?;
        }
    }
    Ok(out)
}

/// Prices each month's volume for each option with the free tier as it stands that month. When the base
/// workload has a calendar month (`--start`), month i is that month plus i (its real hours).
pub fn project(
    catalog: &Catalog,
    region: &str,
    apis: &[ApiKind],
    base: &Workload,
    volumes: &[Decimal],
    free_tier: &FreeTier,
) -> Result<Projection> {
    check_months(volumes.len())?;
    let pricer = Pricer::new(catalog, region)?;
    let options = apis
        .iter()
        .map(|&api| {
            let mut credit = free_tier.initial_credit();
            let mut cumulative = Decimal::ZERO;
            let mut exact = Decimal::ZERO;
            let mut months = Vec::with_capacity(volumes.len());
            for (i, &requests) in volumes.iter().enumerate() {
                let mut w = base.for_option(api).try_with_requests(requests)?;
                // `i` < MAX_MONTHS (checked above): the month index fits.
                let calendar = match base.month {
                    Some(start) => Some(start.plus(i as u32).ok_or_else(|| {
                        Error::invalid(
                            Field::Months,
                            volumes.len().to_string(),
                            format!("a horizon that ends by 9999-12 from {}", start.label()),
                        )
                    })?),
                    None => None,
                };
                w.month = calendar;
                // A volume from a steady rate follows each calendar month's hours.
                w.rate_derived = base.rate_derived;
                let requests = w.priced_requests();
                let allowance = free_tier.month(i as u32, credit);
                let quote = pricer.quote(api, &w, &allowance)?;
                let without = if allowance == Allowance::default() {
                    quote.total
                } else {
                    pricer.quote(api, &w, &Allowance::default())?.total
                };
                credit -= quote.credit_used;
                let overflow =
                    || Error::overflow(format!("the cumulative cost after {} months", i + 1));
                cumulative = cumulative
                    .checked_add(quote.billed())
                    .ok_or_else(overflow)?;
                exact = exact.checked_add(quote.total).ok_or_else(overflow)?;
                months.push(MonthCost {
                    month: i as u32 + 1,
                    label: calendar.map_or_else(|| (i + 1).to_string(), |c| c.label()),
                    requests,
                    // The difference of the bills with and without the free tier, to the cent.
                    free_tier_effect: crate::money::to_cents(without) - quote.billed(),
                    cumulative,
                    credit_left: credit,
                    quote,
                });
            }
            Ok(OptionProjection {
                api,
                total: cumulative,
                total_exact: exact,
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
    fn the_horizon_is_bounded_before_anything_is_allocated() {
        assert_eq!(
            compound_volumes(d("1"), d("0"), MAX_MONTHS).unwrap().len(),
            1200
        );
        let e = compound_volumes(d("1000000"), d("0"), 1_000_000_000).unwrap_err();
        assert!(e.to_string().contains("--months"), "{e}");
        assert_eq!(e.exit_code(), 2);
        assert_eq!(MAX_GROWN_REQUESTS, d("10000000000000000000000000"));
    }

    #[test]
    fn growth_past_the_largest_volume_names_the_growth() {
        let e = compound_volumes(d("1000000"), d("10"), 1200).unwrap_err();
        assert!(e.to_string().contains("'1000%' for --growth"), "{e}");
        assert!(e.to_string().contains("in month 20"), "{e}");
        // Nothing grows from nothing, however fast.
        let zeros = compound_volumes(d("0"), d("10"), 1200).unwrap();
        assert!(zeros.iter().all(|v| v.is_zero()));
        // Shrinking traffic never overflows.
        let v = compound_volumes(d("100000000"), d("-0.5"), 1200).unwrap();
        assert_eq!(v[1], d("50000000"));
        assert!(v[1199].is_zero());
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
