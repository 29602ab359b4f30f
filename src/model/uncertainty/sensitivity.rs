//! Which input moves the answer most: each workload input alone from its p10 to its p90 (a range) or
//! from -SHARE to +SHARE of its value (a point, 20% by default), every other input at its median, each
//! end priced exactly for every option; inputs sorted by how far they move the saving of the second
//! option against the first (the bill when one option is priced). And, where the break-even engine can
//! move along the input, the values at which the recommendation (the cheapest option at the medians)
//! flips: the nearest crossing below and above the median, found by `breakeven::search` itself (the
//! same search, defaults and figures as `apigw-cost breakeven`), not by sampling.
//!
//! The swing is taken between the two ends (a tornado chart's bar): a cost that is not monotone inside
//! the range (a payload across a 512 KB metering step and back) is still described by its ends.

use rust_decimal::Decimal;

use super::{apply, Input, Range};
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::breakeven::{self, Crossing, OptionSpec, Variable};
use crate::model::catalog::Catalog;
use crate::model::cost::Pricer;
use crate::model::free_tier::FreeTier;
use crate::model::workload::Workload;
use crate::money::to_cents;

/// The share a point input is moved by unless told: 20% either way.
pub const DEFAULT_SHARE: Decimal = Decimal::from_parts(2, 0, 0, false, 1);

/// What is moved and priced.
pub struct Setup<'a> {
    pub catalog: &'a Catalog,
    pub region: &'a str,
    /// The options; the first is the baseline savings are measured against.
    pub apis: &'a [ApiKind],
    /// The workload at the ranges' medians.
    pub base: &'a Workload,
    pub free_tier: &'a FreeTier,
    pub ranges: &'a [Range],
    /// How far a point input is moved either way (0.2 = +-20%).
    pub share: Decimal,
}

/// Amounts at the low end, the median and the high end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ends {
    pub low: Decimal,
    pub base: Decimal,
    pub high: Decimal,
}

impl Ends {
    /// `|high - low|`: how far the amount moves across the input's span.
    pub fn swing(&self) -> Decimal {
        (self.high - self.low).abs()
    }
}

/// One option along one input.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionSwing {
    pub api: ApiKind,
    pub bill: Ends,
    /// The baseline's bill minus this option's (`None` for the baseline).
    pub saving: Option<Ends>,
}

/// A value at which the recommendation flips, from the break-even search.
#[derive(Debug, Clone, PartialEq)]
pub struct Flip {
    /// In the input's own unit (a hit rate as a share, sizes in KB, durations in ms).
    pub at: Decimal,
    /// The option cheaper past the flip (away from the median).
    pub to: ApiKind,
    /// The break-even variable searched and the crossing as `breakeven` reports it.
    pub variable: Variable,
    pub crossing: Crossing,
    /// The flip lies inside the span moved over (low..high).
    pub within: bool,
}

/// One input moved across its span.
#[derive(Debug, Clone, PartialEq)]
pub struct InputSwing {
    pub input: Input,
    /// The input's values at the ends and median.
    pub value: Ends,
    /// The span is the range's p10..p90 (else +-share of a point).
    pub ranged: bool,
    pub options: Vec<OptionSwing>,
    /// The nearest flip below the median and above it (where one exists).
    pub below: Option<Flip>,
    pub above: Option<Flip>,
    /// Why no flip was searched (no break-even variable along this input), or a pair not searched.
    pub flip_note: Option<String>,
}

impl InputSwing {
    /// The figure the inputs are sorted by: the largest saving swing of any option against the
    /// baseline, or with one option its bill's swing.
    pub fn swing(&self) -> Decimal {
        let savings = self
            .options
            .iter()
            .filter_map(|o| o.saving.map(|s| s.swing()));
        match self.options.len() {
            1 => self.options[0].bill.swing(),
            _ => savings.max().unwrap_or_default(),
        }
    }

    /// The largest bill swing of any option (the tie-break).
    pub fn bill_swing(&self) -> Decimal {
        self.options
            .iter()
            .map(|o| o.bill.swing())
            .max()
            .unwrap_or_default()
    }
}

/// The whole analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub apis: Vec<ApiKind>,
    /// The cheapest option at the medians (ties to the first listed, to the cent).
    pub recommended: ApiKind,
    /// Each option's bill at the medians.
    pub base_bills: Vec<Decimal>,
    /// Sorted: the largest swing first.
    pub inputs: Vec<InputSwing>,
    /// The share a point input was moved by.
    pub share: Decimal,
    /// Inputs given but not moved, and why (growth moves no single month's bill).
    pub left_out: Vec<(Input, String)>,
}

/// The inputs the workload has, with their median value.
fn present(base: &Workload) -> Vec<(Input, Decimal)> {
    let mut out = vec![(Input::Requests, base.requests)];
    let opt = [
        (Input::RequestSize, base.request_size_kb),
        (Input::ResponseSize, base.response_size_kb),
        (Input::CacheHit, base.cache.as_ref().map(|c| c.hit_rate)),
        (Input::Messages, base.messages),
        (
            Input::DurationMs,
            base.backend.as_ref().map(|b| b.duration_ms),
        ),
    ];
    out.extend(opt.into_iter().filter_map(|(i, v)| v.map(|v| (i, v))));
    out
}

/// Every option's bill with one input set to `v`.
fn bills(s: &Setup, pricer: &Pricer, input: Input, v: Decimal) -> Result<Vec<Decimal>> {
    let w = apply(s.base, Decimal::ZERO, &[(input, v)])?.workload;
    let allowance = s.free_tier.month(0, s.free_tier.initial_credit());
    s.apis
        .iter()
        .map(|api| Ok(pricer.quote(*api, &w.for_option(*api), &allowance)?.total))
        .collect()
}

/// The cheapest at the cent, ties to the first listed (as `compare` and the bands rank).
fn cheapest(apis: &[ApiKind], bills: &[Decimal]) -> ApiKind {
    let best = (1..bills.len()).fold(0, |b, o| {
        if to_cents(bills[o]) < to_cents(bills[b]) {
            o
        } else {
            b
        }
    });
    apis[best]
}

/// The analysis: see the module's documentation.
pub fn analyse(s: &Setup) -> Result<Sensitivity> {
    let pricer = Pricer::new(s.catalog, s.region)?;
    let allowance = s.free_tier.month(0, s.free_tier.initial_credit());
    let base_bills: Vec<Decimal> = s
        .apis
        .iter()
        .map(|api| {
            Ok(pricer
                .quote(*api, &s.base.for_option(*api), &allowance)?
                .total)
        })
        .collect::<Result<_>>()?;
    let recommended = cheapest(s.apis, &base_bills);
    let mut inputs = Vec::new();
    for (input, base) in present(s.base) {
        let range = s.ranges.iter().find(|r| r.input == input);
        let (low, high) = match range {
            Some(r) => {
                let [a, _, c] = r.quantiles();
                (a, c)
            }
            None => (
                input.settle(base * (Decimal::ONE - s.share)),
                input.settle(base * (Decimal::ONE + s.share)),
            ),
        };
        let (lo, hi) = (
            bills(s, &pricer, input, low)?,
            bills(s, &pricer, input, high)?,
        );
        let options = s
            .apis
            .iter()
            .enumerate()
            .map(|(o, api)| {
                let ends = |v: &[Decimal], b: &[Decimal], h: &[Decimal]| Ends {
                    low: v[o],
                    base: b[o],
                    high: h[o],
                };
                let diff = |x: &[Decimal]| -> Vec<Decimal> { x.iter().map(|v| x[0] - v).collect() };
                OptionSwing {
                    api: *api,
                    bill: ends(&lo, &base_bills, &hi),
                    saving: (o > 0).then(|| ends(&diff(&lo), &diff(&base_bills), &diff(&hi))),
                }
            })
            .collect();
        let value = Ends { low, base, high };
        let (below, above, flip_note) = flips(s, recommended, input, &value)?;
        inputs.push(InputSwing {
            input,
            value,
            ranged: range.is_some(),
            options,
            below,
            above,
            flip_note,
        });
    }
    inputs.sort_by(|a, b| {
        b.swing()
            .cmp(&a.swing())
            .then(b.bill_swing().cmp(&a.bill_swing()))
            .then(a.input.cmp(&b.input))
    });
    let left_out = s
        .ranges
        .iter()
        .filter(|r| r.input == Input::Growth)
        .map(|r| {
            (
                r.input,
                "growth moves no single month's bill (the first month is priced): see `project` for \
                 its band over the months"
                    .to_string(),
            )
        })
        .collect();
    Ok(Sensitivity {
        apis: s.apis.to_vec(),
        recommended,
        base_bills,
        inputs,
        share: s.share,
        left_out,
    })
}

/// The break-even variable along an input, and the factor from the input's unit to the variable's.
pub fn variable_of(input: Input) -> Option<(Variable, Decimal)> {
    match input {
        Input::Requests => Some((Variable::Requests, Decimal::ONE)),
        Input::RequestSize => Some((Variable::RequestSize, Decimal::ONE)),
        Input::CacheHit => Some((Variable::CacheHit, Decimal::ONE_HUNDRED)),
        Input::DurationMs => Some((Variable::Duration, Decimal::ONE)),
        Input::ResponseSize | Input::Messages | Input::Growth => None,
    }
}

/// The option as the break-even search prices it: REST with the workload's cache when it has one (as
/// `compare` prices it), every other option without.
fn spec(api: ApiKind, w: &Workload) -> OptionSpec {
    OptionSpec {
        api,
        cache: api == ApiKind::Rest && w.cache.is_some(),
    }
}

type Flips = (Option<Flip>, Option<Flip>, Option<String>);

/// The nearest flips of the recommendation below and above the median along `input`: the crossings of
/// the recommended option with each other one, over the variable's default search range.
fn flips(s: &Setup, rec: ApiKind, input: Input, value: &Ends) -> Result<Flips> {
    let Some((variable, factor)) = variable_of(input) else {
        return Ok((
            None,
            None,
            Some(format!(
                "the break-even engine does not move along {}: no flip point is searched",
                input.name()
            )),
        ));
    };
    let (mut below, mut above): (Option<Flip>, Option<Flip>) = (None, None);
    let mut notes = Vec::new();
    for other in s.apis.iter().copied().filter(|a| *a != rec) {
        let q = breakeven::Query {
            catalog: s.catalog,
            region: s.region,
            a: spec(rec, s.base),
            b: spec(other, s.base),
            variable,
            workload: s.base,
            free_tier: s.free_tier,
            from: None,
            to: None,
            migration_cost: None,
            growth: Decimal::ZERO,
        };
        let found = match breakeven::search(&q) {
            Ok(b) => b,
            Err(e) => {
                notes.push(format!("{} against {}: {e}", rec.short(), other.short()));
                continue;
            }
        };
        let base_x = value.base * factor;
        for c in found.points {
            let at = c.at / factor;
            let flip = Flip {
                at,
                to: other,
                variable,
                within: value.low.min(value.high) <= at && at <= value.low.max(value.high),
                crossing: c,
            };
            if flip.crossing.at <= base_x {
                if below.as_ref().is_none_or(|b| flip.at > b.at) {
                    below = Some(flip);
                }
            } else if above.as_ref().is_none_or(|b| flip.at < b.at) {
                above = Some(flip);
            }
        }
    }
    let note = (!notes.is_empty()).then(|| format!("not searched: {}", notes.join("; ")));
    Ok((below, above, note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::uncertainty::Dist;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn run(apis: &[ApiKind], base: &Workload, ranges: &[Range]) -> Sensitivity {
        let c = Catalog::embedded().unwrap();
        analyse(&Setup {
            catalog: &c,
            region: "us-east-1",
            apis,
            base,
            free_tier: &FreeTier::None,
            ranges,
            share: DEFAULT_SHARE,
        })
        .unwrap()
    }

    #[test]
    fn a_point_volume_moves_twenty_percent_either_way() {
        // 100M +-20%: 80M and 120M. REST $3.50/M: $280.00 .. $420.00; HTTP $1.00/M: $80.00 .. $120.00.
        let s = run(
            &[ApiKind::Rest, ApiKind::Http],
            &Workload::requests(d("100000000")),
            &[],
        );
        let r = &s.inputs[0];
        assert_eq!(r.input, Input::Requests);
        assert_eq!((r.value.low, r.value.high), (d("80000000"), d("120000000")));
        assert_eq!(r.options[0].bill.low, d("280"));
        assert_eq!(r.options[0].bill.high, d("420"));
        // Saving REST - HTTP: $200.00 .. $300.00, a $100.00 swing.
        let saving = r.options[1].saving.unwrap();
        assert_eq!((saving.low, saving.high), (d("200"), d("300")));
        assert_eq!(r.swing(), d("100"));
        assert_eq!(s.recommended, ApiKind::Http);
        // HTTP is cheaper at every volume: no flip.
        assert!(r.below.is_none() && r.above.is_none());
    }

    #[test]
    fn a_range_moves_from_its_p10_to_its_p90_and_the_larger_swing_sorts_first() {
        let mut w = Workload::requests(d("100000000"));
        let ranges = [Range {
            input: Input::RequestSize,
            dist: Dist::Uniform {
                low: d("100"),
                high: d("900"),
            },
            text: "100KB..900KB".into(),
            from: "flag".into(),
        }];
        w.request_size_kb = Some(d("500"));
        let s = run(&[ApiKind::Rest, ApiKind::Http], &w, &ranges);
        // p10 180 KB, p90 820 KB: HTTP meters 820 KB as two 512 KB units, $200.00 instead of $100.00.
        let size = s
            .inputs
            .iter()
            .find(|i| i.input == Input::RequestSize)
            .unwrap();
        assert!(size.ranged);
        assert_eq!((size.value.low, size.value.high), (d("180"), d("820")));
        assert_eq!(size.options[1].bill.low, d("100"));
        assert_eq!(size.options[1].bill.high, d("200"));
        // Requests +-20% move the saving $100.00; the payload $100.00 too: ties go by the bill swing
        // (REST's $140.00 along requests), so requests come first.
        assert_eq!(s.inputs[0].input, Input::Requests);
    }
}
