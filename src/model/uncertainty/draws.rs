//! Seeded, stratified draws: Latin hypercube sampling with stratum midpoints.
//!
//! For N draws, each input takes the values at probabilities (2k + 1) / 2N, k = 0 .. N-1 (one per
//! stratum, at its middle), in an order shuffled by the input's own seeded stream (the project's
//! xoshiro256++ of the latency Monte Carlo, `model::latency::sim::Rng`). The inputs are independent of
//! each other; every option is priced at the same draw. Midpoints make the draws' quantiles (Hazen's
//! definition, see `bands`) those of the distribution itself where the cost is linear: a uniform
//! 200M..500M has its p10 at exactly 230M.

use rust_decimal::Decimal;

use super::{Input, Range};
use crate::model::latency::sim::Rng;

/// The default number of draws.
pub const DEFAULT_DRAWS: u32 = 10_000;
/// The most draws a command takes (each is priced for every option and month).
pub const MAX_DRAWS: u32 = 200_000;
/// The fewest: below this the p10 and p90 rest on too few draws.
pub const MIN_DRAWS: u32 = 100;
/// The default seed.
pub const DEFAULT_SEED: u64 = 1;

/// N draws of each ranged input: `columns[j][i]` is input j's value in draw i.
#[derive(Debug, Clone, PartialEq)]
pub struct Draws {
    pub n: usize,
    pub inputs: Vec<Input>,
    pub columns: Vec<Vec<Decimal>>,
}

impl Draws {
    /// The drawn values of draw `i`, one per ranged input.
    pub fn row(&self, i: usize) -> Vec<(Input, Decimal)> {
        self.inputs
            .iter()
            .zip(&self.columns)
            .map(|(input, col)| (*input, col[i]))
            .collect()
    }
}

/// The probability at the middle of stratum `k` of `n`: (2k + 1) / 2n, exact in `Decimal`.
pub fn midpoint(k: usize, n: usize) -> Decimal {
    Decimal::from(2 * k as u64 + 1) / Decimal::from(2 * n as u64)
}

/// `n` draws of every range, seeded.
pub fn draw(ranges: &[Range], n: usize, seed: u64) -> Draws {
    let columns = ranges
        .iter()
        .map(|r| {
            let sorted: Vec<Decimal> = (0..n)
                .map(|k| r.input.settle(r.dist.quantile(midpoint(k, n))))
                .collect();
            let order = shuffled(n, stream_seed(seed, r.input));
            order.into_iter().map(|k| sorted[k]).collect()
        })
        .collect();
    Draws {
        n,
        inputs: ranges.iter().map(|r| r.input).collect(),
        columns,
    }
}

/// Each input's own stream, so that adding a range on one input leaves the others' draws as they were.
fn stream_seed(seed: u64, input: Input) -> u64 {
    seed ^ (input as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// 0..n in a seeded random order (Fisher-Yates, with an unbiased bounded draw).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut rng = Rng::new(seed);
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let bound = i as u64 + 1;
        // Lemire's rejection: the largest multiple of `bound` below 2^64 keeps every j equally likely.
        let zone = u64::MAX - (u64::MAX % bound);
        let j = loop {
            let x = rng.next_u64();
            if x < zone {
                break (x % bound) as usize;
            }
        };
        v.swap(i, j);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::uncertainty::Dist;

    fn range(input: Input, dist: Dist) -> Range {
        Range {
            input,
            dist,
            text: String::new(),
            from: "flag".into(),
        }
    }

    #[test]
    fn every_stratum_once_and_the_same_seed_the_same_order() {
        let r = range(
            Input::Requests,
            Dist::Uniform {
                low: Decimal::ZERO,
                high: Decimal::from(1000),
            },
        );
        let a = draw(std::slice::from_ref(&r), 1000, 7);
        let b = draw(std::slice::from_ref(&r), 1000, 7);
        let c = draw(std::slice::from_ref(&r), 1000, 8);
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut sorted = a.columns[0].clone();
        sorted.sort();
        // Midpoints 0.5, 1.5, ... rounded half away from zero: 1, 2, ..., 1000.
        let expected: Vec<Decimal> = (1..=1000).map(Decimal::from).collect();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn inputs_are_shuffled_independently() {
        let u = Dist::Uniform {
            low: Decimal::ZERO,
            high: Decimal::from(100),
        };
        let d = draw(
            &[range(Input::Requests, u.clone()), range(Input::Messages, u)],
            100,
            1,
        );
        // Same values, each input in its own order.
        assert_ne!(d.columns[0], d.columns[1]);
        let (mut a, mut b) = (d.columns[0].clone(), d.columns[1].clone());
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}
