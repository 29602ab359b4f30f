//! Every draw priced for every option by the exact engine: the bills' p10/p50/p90 and mean, the saving
//! against the first option listed (the baseline, REST when it is compared), and the probability that
//! each option is the cheapest.
//!
//! Quantiles are Hazen's (the sorted values at position N p - 1/2, interpolated linearly): with the
//! stratified draws of `draws`, a quantile of a cost that is linear between two neighbouring draws is
//! the cost at the input's own quantile, exactly. They are taken of the exact bills; each draw's
//! cheapest option is decided on its bills to the cent (ties go to the first listed, as `compare`
//! ranks a point).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::draws::{self, Draws};
use super::{apply, Range};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::cost::Pricer;
use crate::model::free_tier::FreeTier;
use crate::model::projection;
use crate::model::workload::Workload;
use crate::money::to_cents;

/// The most months priced over all draws and options of one projection (draws x options x months):
/// ten thousand draws of three options over ten years is 3.6 million. It bounds time and memory.
pub const MAX_PRICED_MONTHS: u64 = 5_000_000;

/// p10, p50, p90 and mean of a set of amounts (exact).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub p10: Decimal,
    pub p50: Decimal,
    pub p90: Decimal,
    pub mean: Decimal,
}

/// The quantile `p` (0 <= p <= 1) of ascending `sorted` (Hazen: position N p - 1/2, interpolated).
pub fn quantile(sorted: &[Decimal], p: Decimal) -> Decimal {
    let Some(last) = sorted.len().checked_sub(1) else {
        return Decimal::ZERO;
    };
    let h = Decimal::from(sorted.len() as u64) * p - Decimal::new(5, 1);
    if h <= Decimal::ZERO {
        return sorted[0];
    }
    let i = h.trunc();
    let k = i.to_usize().unwrap_or(usize::MAX);
    if k >= last {
        return sorted[last];
    }
    sorted[k] + (sorted[k + 1] - sorted[k]) * (h - i)
}

/// The band of `values` (sorted in place).
pub fn band(values: &mut [Decimal]) -> Result<Band> {
    values.sort_unstable();
    let mut sum = Decimal::ZERO;
    for v in values.iter() {
        sum = sum
            .checked_add(*v)
            .ok_or_else(|| Error::overflow("the sum of the draws' bills"))?;
    }
    let n = Decimal::from(values.len().max(1) as u64);
    Ok(Band {
        p10: quantile(values, Decimal::new(1, 1)),
        p50: quantile(values, Decimal::new(5, 1)),
        p90: quantile(values, Decimal::new(9, 1)),
        mean: sum / n,
    })
}

/// One option over the draws.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionBand {
    pub api: ApiKind,
    pub bill: Band,
    /// The baseline's bill minus this option's, draw by draw (`None` for the baseline itself).
    pub saving: Option<Band>,
    /// Share of draws in which this option is the cheapest.
    pub cheapest: Decimal,
}

/// Every option over the draws of one period (a month, or a horizon's cumulative total).
#[derive(Debug, Clone, PartialEq)]
pub struct Bands {
    /// The first option listed: savings are against it.
    pub baseline: ApiKind,
    pub options: Vec<OptionBand>,
}

/// Bands from each option's amount in each draw (`amounts[option][draw]`).
pub fn bands(apis: &[ApiKind], mut amounts: Vec<Vec<Decimal>>) -> Result<Bands> {
    let n = amounts.first().map_or(0, Vec::len);
    let mut wins = vec![0u64; apis.len()];
    for i in 0..n {
        // The first listed wins a tie: only a strictly lower bill to the cent takes it.
        let cents: Vec<Decimal> = amounts.iter().map(|a| to_cents(a[i])).collect();
        let best = (1..cents.len()).fold(0, |b, o| if cents[o] < cents[b] { o } else { b });
        wins[best] += 1;
    }
    let total = Decimal::from(n.max(1) as u64);
    let mut savings: Vec<Option<Band>> = Vec::with_capacity(apis.len());
    for o in 0..apis.len() {
        savings.push(match o {
            0 => None,
            _ => {
                let mut s: Vec<Decimal> = amounts[0]
                    .iter()
                    .zip(&amounts[o])
                    .map(|(b, x)| *b - *x)
                    .collect();
                Some(band(&mut s)?)
            }
        });
    }
    let mut options = Vec::with_capacity(apis.len());
    for (o, api) in apis.iter().enumerate() {
        options.push(OptionBand {
            api: *api,
            bill: band(&mut amounts[o])?,
            saving: savings[o],
            cheapest: Decimal::from(wins[o]) / total,
        });
    }
    Ok(Bands {
        baseline: apis[0],
        options,
    })
}

/// What the draws are of.
pub struct Setup<'a> {
    pub catalog: &'a Catalog,
    pub region: &'a str,
    pub apis: &'a [ApiKind],
    /// The workload at the ranges' medians (the point a point command prices).
    pub base: &'a Workload,
    /// Monthly growth at its median.
    pub growth: Decimal,
    pub free_tier: &'a FreeTier,
    pub ranges: &'a [Range],
    pub draws: usize,
    pub seed: u64,
}

/// One month of every option at each draw (the free tier's first month, as `compare` prices it).
pub fn monthly(s: &Setup) -> Result<Bands> {
    let d = draws::draw(s.ranges, s.draws, s.seed);
    let pricer = Pricer::new(s.catalog, s.region)?;
    let allowance = s.free_tier.month(0, s.free_tier.initial_credit());
    let mut amounts = vec![Vec::with_capacity(d.n); s.apis.len()];
    for i in 0..d.n {
        let w = apply(s.base, s.growth, &d.row(i))?.workload;
        for (o, api) in s.apis.iter().enumerate() {
            amounts[o].push(pricer.quote(*api, &w.for_option(*api), &allowance)?.total);
        }
    }
    bands(s.apis, amounts)
}

/// A projection over the draws: each month's bands and the cumulative total's.
#[derive(Debug, Clone, PartialEq)]
pub struct HorizonBands {
    pub labels: Vec<String>,
    pub months: Vec<Bands>,
    /// The sum of the months' bills (each to the cent), as `project` totals a horizon.
    pub cumulative: Bands,
}

/// `months` months from `start` (calendar month, optional) with compound growth, at each draw.
pub fn projected(
    s: &Setup,
    months: u32,
    start: Option<crate::model::calendar::CalendarMonth>,
) -> Result<HorizonBands> {
    let priced = (s.draws as u64)
        .saturating_mul(s.apis.len() as u64)
        .saturating_mul(u64::from(months));
    if priced > MAX_PRICED_MONTHS {
        return Err(Error::usage(
            "--draws",
            s.draws.to_string(),
            format!(
                "at most {MAX_PRICED_MONTHS} priced months in all (draws x options x months = {priced}): \
                 fewer draws or months"
            ),
        ));
    }
    let d: Draws = draws::draw(s.ranges, s.draws, s.seed);
    let m = months as usize;
    let mut monthly = vec![vec![Vec::with_capacity(d.n); s.apis.len()]; m];
    let mut cumulative = vec![Vec::with_capacity(d.n); s.apis.len()];
    let mut labels = Vec::new();
    for i in 0..d.n {
        let sample = apply(s.base, s.growth, &d.row(i))?;
        let volumes =
            projection::compound_volumes(sample.workload.requests, sample.growth, months)?;
        let mut base = sample.workload;
        base.month = start;
        let p = projection::project(s.catalog, s.region, s.apis, &base, &volumes, s.free_tier)?;
        for (o, op) in p.options.iter().enumerate() {
            for (k, mc) in op.months.iter().enumerate() {
                monthly[k][o].push(mc.quote.total);
            }
            cumulative[o].push(op.total);
        }
        if labels.is_empty() {
            labels = p.options[0]
                .months
                .iter()
                .map(|mc| mc.label.clone())
                .collect();
        }
    }
    Ok(HorizonBands {
        labels,
        months: monthly
            .into_iter()
            .map(|a| bands(s.apis, a))
            .collect::<Result<_>>()?,
        cumulative: bands(s.apis, cumulative)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn hazen_quantiles_interpolate_between_neighbours() {
        let v: Vec<Decimal> = (1..=10).map(Decimal::from).collect();
        // position 10 x 0.1 - 0.5 = 0.5: halfway between the first two.
        assert_eq!(quantile(&v, d("0.1")), d("1.5"));
        assert_eq!(quantile(&v, d("0.5")), d("5.5"));
        assert_eq!(quantile(&v, d("0.9")), d("9.5"));
        assert_eq!(quantile(&v, d("0")), d("1"));
        assert_eq!(quantile(&v, d("1")), d("10"));
        assert_eq!(quantile(&[], d("0.5")), d("0"));
    }

    #[test]
    fn cheapest_ties_go_to_the_first_listed() {
        let b = bands(
            &[ApiKind::Rest, ApiKind::Http],
            vec![
                vec![d("1"), d("2"), d("3.001")],
                vec![d("1"), d("1"), d("3")],
            ],
        )
        .unwrap();
        // Draw 3: 3.001 and 3 are both $3.00 to the cent.
        assert_eq!(b.options[0].cheapest, d("2") / d("3"));
        assert_eq!(b.options[1].cheapest, d("1") / d("3"));
        assert_eq!(b.options[1].saving.unwrap().p50, d("0.001"));
    }

    use crate::model::uncertainty::{Dist, Input};

    fn requests(low: &str, high: &str) -> Range {
        Range {
            input: Input::Requests,
            dist: Dist::Uniform {
                low: d(low),
                high: d(high),
            },
            text: format!("{low}..{high}"),
            from: "flag".into(),
        }
    }

    fn month(apis: &[ApiKind], ranges: &[Range], seed: u64) -> Bands {
        let c = Catalog::embedded().unwrap();
        let base = Workload::requests(ranges[0].dist.median());
        monthly(&Setup {
            catalog: &c,
            region: "us-east-1",
            apis,
            base: &base,
            growth: Decimal::ZERO,
            free_tier: &FreeTier::None,
            ranges,
            draws: 10_000,
            seed,
        })
        .unwrap()
    }

    #[test]
    fn inside_one_tier_the_bill_band_is_the_volume_band_times_the_price() {
        // HTTP's first tier ($1.00/M) runs to 300M: 100M..200M stays inside it.
        let b = month(&[ApiKind::Http], &[requests("100000000", "200000000")], 1);
        let bill = b.options[0].bill;
        // Volume p10/p50/p90 = 110M/150M/190M, exactly, at $1.00 per million.
        assert_eq!(bill.p10, d("110"));
        assert_eq!(bill.p50, d("150"));
        assert_eq!(bill.p90, d("190"));
        assert_eq!(bill.mean, d("150"));
        assert_eq!(bill.p90 - bill.p10, d("80"));
        assert_eq!(b.options[0].cheapest, Decimal::ONE);
    }

    #[test]
    fn across_the_333m_rest_tier_the_quantiles_are_the_hand_worked_ones() {
        let b = month(
            &[ApiKind::Rest, ApiKind::Http],
            &[requests("200000000", "500000000")],
            1,
        );
        let rest = b.options[0].bill;
        // p10 230M: 230 x $3.50 = $805.00.
        assert_eq!(rest.p10, d("805"));
        // p50 350M: 333 x $3.50 + 17 x $2.80 = $1,165.50 + $47.60 = $1,213.10.
        assert_eq!(rest.p50, d("1213.1"));
        // p90 470M: $1,165.50 + 137 x $2.80 = $1,165.50 + $383.60 = $1,549.10.
        assert_eq!(rest.p90, d("1549.1"));
        let http = b.options[1].bill;
        // HTTP: $1.00/M to 300M, then $0.90/M. 230M = $230; 350M = $300 + $45 = $345; 470M = $453.
        assert_eq!(
            (http.p10, http.p50, http.p90),
            (d("230"), d("345"), d("453"))
        );
        // HTTP is cheaper in every draw: the probability is exactly 1 and 0.
        assert_eq!(b.options[1].cheapest, Decimal::ONE);
        assert_eq!(b.options[0].cheapest, Decimal::ZERO);
        // The saving is REST - HTTP: 805 - 230 = 575 at p10 (both linear there).
        assert_eq!(b.options[1].saving.unwrap().p10, d("575"));
    }

    #[test]
    fn the_same_seed_gives_the_same_bands_and_another_seed_the_same_strata() {
        let apis = [ApiKind::Rest, ApiKind::Http];
        let r = [Range {
            input: Input::Requests,
            dist: Dist::log_normal(d("60000000"), d("100000000"), d("180000000")),
            text: String::new(),
            from: "flag".into(),
        }];
        assert_eq!(month(&apis, &r, 42), month(&apis, &r, 42));
        // One input: the seed only reorders the strata, so the bands are the same for any seed.
        assert_eq!(month(&apis, &r, 42), month(&apis, &r, 43));
    }
}
