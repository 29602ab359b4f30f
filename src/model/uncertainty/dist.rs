//! The three shapes a range may take, and their quantile functions.
//!
//! A draw is taken at a probability `u` in (0, 1) (stratified: see `draws`) and turned into a value by
//! the shape's inverse CDF. The uniform range is computed in `Decimal` (so a range inside one price tier
//! gives a bill band exactly linear in the volume band); the normal and log-normal in `f64` (volumes are
//! then rounded to whole units, sizes to bytes: money is never an `f64`).

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;

/// The standard-normal score of the 90th percentile (the 10th is its negative).
pub const Z90: f64 = crate::model::latency::sim::Z90;

/// A distribution of one input.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    /// Every value from `low` to `high` equally likely (`80M..120M`).
    Uniform { low: Decimal, high: Decimal },
    /// Normal with this mean and standard deviation (`100M~20%`: sd = 20% of the mean).
    Normal { mean: Decimal, sd: Decimal },
    /// Log-normal through the given p10, p50, p90 (`p10=60M,p50=100M,p90=180M`): `ln X` is normal
    /// with mean `mu = ln p50` and sd `sigma = ln(p90 / p10) / (2 z90)`. Three quantiles, two
    /// parameters: the median is kept exactly and the spread is the p10-p90 spread in log space; when
    /// the given p10 and p90 are not symmetric about the median in log space, the fitted p10 and p90
    /// ([`Dist::quantile`]) differ from the given ones, and the fit says by how much ([`Dist::fit_note`]).
    LogNormal {
        p10: Decimal,
        p50: Decimal,
        p90: Decimal,
        mu: f64,
        sigma: f64,
    },
}

impl Dist {
    /// The log-normal through p10, p50 and p90 (checked by the parser: 0 < p10 < p50 < p90).
    pub fn log_normal(p10: Decimal, p50: Decimal, p90: Decimal) -> Dist {
        let ln = |d: Decimal| d.to_f64().unwrap_or(f64::MIN_POSITIVE).ln();
        Dist::LogNormal {
            p10,
            p50,
            p90,
            mu: ln(p50),
            sigma: (ln(p90) - ln(p10)) / (2.0 * Z90),
        }
    }

    /// The value at probability `u` (0 < u < 1), before the input's rounding and bounds.
    pub fn quantile(&self, u: Decimal) -> Decimal {
        match self {
            Dist::Uniform { low, high } => *low + (*high - *low) * u,
            Dist::Normal { mean, sd } => {
                let z = inverse_normal(u.to_f64().unwrap_or(0.5));
                *mean + Decimal::from_f64(z).unwrap_or_default() * *sd
            }
            Dist::LogNormal { mu, sigma, .. } => {
                let z = inverse_normal(u.to_f64().unwrap_or(0.5));
                Decimal::from_f64((mu + sigma * z).exp()).unwrap_or(Decimal::MAX)
            }
        }
    }

    /// The median: what a command that prices one point uses.
    pub fn median(&self) -> Decimal {
        match self {
            Dist::Uniform { low, high } => (*low + *high) / Decimal::TWO,
            Dist::Normal { mean, .. } => *mean,
            Dist::LogNormal { p50, .. } => *p50,
        }
    }

    /// The shape's name, as the reports show it.
    pub fn shape(&self) -> &'static str {
        match self {
            Dist::Uniform { .. } => "uniform",
            Dist::Normal { .. } => "normal",
            Dist::LogNormal { .. } => "log-normal",
        }
    }

    /// For a log-normal whose given p10/p90 are not log-symmetric about p50: the fitted p10 and p90.
    pub fn fit_note(&self) -> Option<(Decimal, Decimal)> {
        let Dist::LogNormal { p10, p90, .. } = self else {
            return None;
        };
        let (a, b) = (self.at_z(-Z90)?, self.at_z(Z90)?);
        let rel = |x: Decimal, y: Decimal| ((x - y) / y).abs();
        // More than 0.1% away from a given quantile.
        let off = rel(a, *p10) > Decimal::new(1, 3) || rel(b, *p90) > Decimal::new(1, 3);
        off.then_some((a, b))
    }

    fn at_z(&self, z: f64) -> Option<Decimal> {
        match self {
            Dist::LogNormal { mu, sigma, .. } => Decimal::from_f64((mu + sigma * z).exp()),
            _ => None,
        }
    }
}

/// The standard normal's inverse CDF (Acklam's rational approximation, relative error below 1.2e-9:
/// far finer than the whole request or byte a draw is rounded to).
pub fn inverse_normal(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    const LOW: f64 = 0.024_25;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn inverse_normal_matches_known_scores() {
        assert!((inverse_normal(0.9) - Z90).abs() < 1e-8);
        assert!((inverse_normal(0.1) + Z90).abs() < 1e-8);
        assert!(inverse_normal(0.5).abs() < 1e-12);
        assert!((inverse_normal(0.975) - 1.959_963_984_540_054).abs() < 1e-8);
        assert!((inverse_normal(0.001) + 3.090_232_306_167_813_5).abs() < 1e-8);
    }

    #[test]
    fn uniform_quantiles_are_exact() {
        let u = Dist::Uniform {
            low: d("80000000"),
            high: d("120000000"),
        };
        assert_eq!(u.quantile(d("0.1")), d("84000000"));
        assert_eq!(u.median(), d("100000000"));
    }

    #[test]
    fn log_normal_keeps_the_median_and_reports_an_asymmetric_fit() {
        let l = Dist::log_normal(d("60000000"), d("100000000"), d("180000000"));
        let p50 = l.quantile(d("0.5")).to_f64().unwrap();
        assert!((p50 - 1e8).abs() < 1.0, "{p50}");
        // ln(180/60) / 2 = 0.5493: fitted p10 = 100M / e^0.5493 = 57.735M, p90 = 173.205M.
        let (a, b) = l.fit_note().unwrap();
        assert!((a.to_f64().unwrap() - 57_735_026.9).abs() < 10.0, "{a}");
        assert!((b.to_f64().unwrap() - 173_205_080.8).abs() < 10.0, "{b}");
        // Log-symmetric quantiles are reproduced exactly: no note.
        let s = Dist::log_normal(d("50000000"), d("100000000"), d("200000000"));
        assert!(s.fit_note().is_none());
        let p90 = s.quantile(d("0.9")).to_f64().unwrap();
        assert!((p90 - 2e8).abs() < 2.0, "{p90}");
    }
}
