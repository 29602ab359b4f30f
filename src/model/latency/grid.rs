//! The added latency without sampling: each event combination's components convolved on a grid, the
//! combinations mixed by their probabilities, and the percentiles read off the mixture's CDF.
//!
//! A request's added latency is the sum of the components active in its event combination (stage
//! cache hit, warm or cold invoke; Lambda authorizer cache hit or miss). Each component is a scaled
//! log-normal; a combination with one component has a closed-form CDF, one with several is the
//! convolution of its components' cell masses on a common grid (by FFT). The end-to-end CDF is the
//! probability-weighted sum of the combinations' CDFs, so its percentiles follow by bisection, and the
//! means are exact (`E[lognormal] = exp(mu + sigma^2 / 2)`).
//!
//! Precision: the percentiles are computed at two resolutions (N and N/2 cells); the result is the
//! finer one, accepted only when the two agree within [`TOLERANCE_MS`] or [`TOLERANCE_REL`] of the
//! value (whichever is larger). The discretisation error falls with the square of the cell width, so
//! the finer result is then well inside that bound. A scenario the grid cannot resolve (components of
//! very different scales with long tails) returns `None` and the caller falls back to Monte Carlo.

use super::sim::LogNormal;
use super::{Scenario, When};

/// Largest accepted difference between the two resolutions, ms (or [`TOLERANCE_REL`] of the value).
pub const TOLERANCE_MS: f64 = 0.01;
/// Largest accepted relative difference between the two resolutions.
pub const TOLERANCE_REL: f64 = 0.001;
/// Cells of the finer grid.
pub const CELLS: usize = 1 << 14;
/// Each component is cut at this standard-normal score (tail mass 1e-9, lumped into the last cell).
const Z_CUT: f64 = 6.0;

/// End-to-end percentiles (p50, p90, p99, p99.9) and the grid that computed them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridPercentiles {
    pub p: [f64; 4],
    /// Cells of the grid (0 when every event combination had a closed form).
    pub cells: usize,
    /// The largest difference between the two resolutions, ms (0 for closed forms).
    pub difference_ms: f64,
}

/// One event combination: its probability, the indices of the varying components active in it and
/// the sum of its constant ones (p99 = p50: a point mass, added exactly rather than put on the grid).
struct State {
    prob: f64,
    active: Vec<usize>,
    shift: f64,
}

/// The event combinations with a non-zero probability, as the Monte Carlo draws them.
fn states(s: &Scenario) -> Vec<State> {
    let e = s.events;
    let mut out = Vec::new();
    // cache: 0 hit, 1 warm miss, 2 cold miss; authorizer: 0 hit, 1 miss.
    for cache in 0..3 {
        let pc = match cache {
            0 => e.cache_hit,
            1 => (1.0 - e.cache_hit) * (1.0 - e.cold_start),
            _ => (1.0 - e.cache_hit) * e.cold_start,
        };
        for auth in 0..2 {
            let pa = if auth == 0 {
                e.authorizer_cache_hit
            } else {
                1.0 - e.authorizer_cache_hit
            };
            let prob = pc * pa;
            if prob <= 0.0 {
                continue;
            }
            let (mut active, mut shift) = (Vec::new(), 0.0);
            for (i, c) in s.components.iter().enumerate() {
                let on = match c.when {
                    When::Always => true,
                    When::CacheHit => cache == 0,
                    When::CacheMiss => cache != 0,
                    When::ColdStart => cache == 2,
                    When::AuthMiss => auth == 1,
                    When::AuthHit => auth == 0,
                };
                match (on, c.dist.sigma > 0.0) {
                    (true, true) => active.push(i),
                    (true, false) => shift += scaled(s, i).p50(),
                    (false, _) => {}
                }
            }
            out.push(State {
                prob,
                active,
                shift,
            });
        }
    }
    out
}

/// A component as a log-normal of the value it adds (its `times` folded into `mu`).
fn scaled(s: &Scenario, i: usize) -> LogNormal {
    let c = &s.components[i];
    LogNormal {
        mu: c.dist.mu + c.times.ln(),
        sigma: c.dist.sigma,
    }
}

/// The log-normal's CDF at `x` (a step at the median when sigma is 0).
fn cdf(d: LogNormal, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let t = x.ln() - d.mu;
    if d.sigma <= 0.0 {
        return if t >= 0.0 { 1.0 } else { 0.0 };
    }
    0.5 * libm::erfc(-t / (d.sigma * std::f64::consts::SQRT_2))
}

/// How one event combination's CDF is evaluated.
enum Dist {
    /// No component: the sum is 0.
    Zero,
    One(LogNormal),
    /// Cumulative cell masses of the sum; cell `j` holds values around `(j + offset) * dx`.
    Grid {
        cum: Vec<f64>,
        offset: f64,
        dx: f64,
    },
}

impl Dist {
    fn cdf(&self, x: f64) -> f64 {
        match self {
            Dist::Zero => f64::from(u8::from(x >= 0.0)),
            Dist::One(d) => cdf(*d, x),
            Dist::Grid { cum, offset, dx } => {
                // The mass of cell j spread evenly over [(j + offset - 0.5) dx, (j + offset + 0.5) dx).
                let t = x / dx - offset + 0.5;
                if t < 0.0 {
                    return 0.0;
                }
                let j = t.floor() as usize;
                if j >= cum.len() {
                    return 1.0;
                }
                let below = if j == 0 { 0.0 } else { cum[j - 1] };
                below + (cum[j] - below) * (t - j as f64)
            }
        }
    }
}

/// The percentiles of `s`, or `None` when the grid cannot resolve them within the tolerance.
pub fn percentiles(s: &Scenario) -> Option<GridPercentiles> {
    let states = states(s);
    if states.iter().all(|st| st.active.len() <= 1) {
        let dists: Vec<(f64, f64, Dist)> = states
            .iter()
            .map(|st| match st.active.first() {
                None => (st.prob, st.shift, Dist::Zero),
                Some(&i) => (st.prob, st.shift, Dist::One(scaled(s, i))),
            })
            .collect();
        let p = mixture_quantiles(&dists)?;
        return Some(GridPercentiles {
            p,
            cells: 0,
            difference_ms: 0.0,
        });
    }
    let coarse = mixture_quantiles(&grid_dists(s, &states, CELLS / 2)?)?;
    let fine = mixture_quantiles(&grid_dists(s, &states, CELLS)?)?;
    let mut difference_ms: f64 = 0.0;
    for (a, b) in coarse.iter().zip(&fine) {
        let d = (a - b).abs();
        if d > TOLERANCE_MS.max(TOLERANCE_REL * b.abs()) {
            return None;
        }
        difference_ms = difference_ms.max(d);
    }
    Some(GridPercentiles {
        p: fine,
        cells: CELLS,
        difference_ms,
    })
}

/// Each combination's distribution on a grid of `n` cells shared by every component.
fn grid_dists(s: &Scenario, states: &[State], n: usize) -> Option<Vec<(f64, f64, Dist)>> {
    let dists: Vec<LogNormal> = (0..s.components.len()).map(|i| scaled(s, i)).collect();
    let used: Vec<usize> = {
        let mut u: Vec<usize> = states.iter().flat_map(|st| st.active.clone()).collect();
        u.sort_unstable();
        u.dedup();
        u
    };
    // Every combination's sum lies below the sum of its components' cut points.
    let top: f64 = used.iter().map(|&i| dists[i].at(Z_CUT)).sum();
    let dx = top / (n - used.len() - 1) as f64;
    if !(dx.is_finite() && dx > 0.0) {
        return None;
    }
    let fft = Fft::new(n);
    let mut spectra: Vec<Option<Vec<C>>> = vec![None; s.components.len()];
    for &i in &used {
        spectra[i] = Some(fft.forward(&masses(dists[i], dx, n)));
    }
    let mut out = Vec::with_capacity(states.len());
    for st in states {
        let d = match st.active.as_slice() {
            [] => Dist::Zero,
            [i] => Dist::One(dists[*i]),
            [first, rest @ ..] => {
                let mut acc = spectra[*first].clone()?;
                for &i in rest {
                    for (a, b) in acc.iter_mut().zip(spectra[i].as_ref()?) {
                        *a = a.mul(*b);
                    }
                }
                let mut cum = fft.inverse(&acc);
                let mut run = 0.0f64;
                for v in cum.iter_mut() {
                    // Rounding leaves tiny negative masses: keep the CDF non-decreasing.
                    run = (run + v.max(0.0)).min(1.0);
                    *v = run;
                }
                Dist::Grid {
                    cum,
                    offset: st.active.len() as f64 / 2.0,
                    dx,
                }
            }
        };
        out.push((st.prob, st.shift, d));
    }
    Some(out)
}

/// The component's probability mass per cell `[j dx, (j + 1) dx)`, the tail beyond the cut in the
/// last cell.
fn masses(d: LogNormal, dx: f64, n: usize) -> Vec<f64> {
    let mut m = vec![0.0; n];
    let last = ((d.at(Z_CUT) / dx).floor() as usize).min(n - 1);
    let mut prev = 0.0;
    for (j, slot) in m.iter_mut().enumerate().take(last) {
        let c = cdf(d, (j + 1) as f64 * dx);
        *slot = c - prev;
        prev = c;
    }
    m[last] = 1.0 - prev;
    m
}

/// p50, p90, p99 and p99.9 of the probability-weighted mixture (probability, shift, distribution),
/// by bisection on its CDF.
fn mixture_quantiles(dists: &[(f64, f64, Dist)]) -> Option<[f64; 4]> {
    let total: f64 = dists.iter().map(|(p, _, _)| p).sum();
    let cdf = |x: f64| {
        dists
            .iter()
            .map(|(p, shift, d)| p * d.cdf(x - shift))
            .sum::<f64>()
            / total
    };
    let mut hi = 1.0f64;
    while cdf(hi) < 0.9995 {
        hi *= 2.0;
        if !hi.is_finite() || hi > 1e12 {
            return None;
        }
    }
    let mut out = [0.0; 4];
    for (slot, q) in out.iter_mut().zip([0.50, 0.90, 0.99, 0.999]) {
        let (mut a, mut b) = (0.0, hi);
        for _ in 0..100 {
            let m = 0.5 * (a + b);
            if cdf(m) < q {
                a = m;
            } else {
                b = m;
            }
            if b - a <= 1e-9 * b {
                break;
            }
        }
        *slot = b;
    }
    Some(out)
}

/// A complex number, for the FFT.
#[derive(Debug, Clone, Copy, PartialEq)]
struct C {
    re: f64,
    im: f64,
}

impl C {
    fn mul(self, o: C) -> C {
        C {
            re: self.re * o.re - self.im * o.im,
            im: self.re * o.im + self.im * o.re,
        }
    }
}

/// An iterative radix-2 FFT of one power-of-two size, twiddles computed once.
struct Fft {
    n: usize,
    twiddles: Vec<C>,
}

impl Fft {
    fn new(n: usize) -> Fft {
        debug_assert!(n.is_power_of_two());
        let twiddles = (0..n / 2)
            .map(|k| {
                let a = -2.0 * std::f64::consts::PI * k as f64 / n as f64;
                C {
                    re: a.cos(),
                    im: a.sin(),
                }
            })
            .collect();
        Fft { n, twiddles }
    }

    fn forward(&self, real: &[f64]) -> Vec<C> {
        let mut v: Vec<C> = real.iter().map(|&re| C { re, im: 0.0 }).collect();
        self.transform(&mut v, false);
        v
    }

    /// The real part of the inverse transform.
    fn inverse(&self, spectrum: &[C]) -> Vec<f64> {
        let mut v = spectrum.to_vec();
        self.transform(&mut v, true);
        let scale = 1.0 / self.n as f64;
        v.iter().map(|c| c.re * scale).collect()
    }

    fn transform(&self, v: &mut [C], inverse: bool) {
        let n = self.n;
        let bits = n.trailing_zeros();
        for i in 0..n {
            let j = i.reverse_bits() >> (usize::BITS - bits);
            if i < j {
                v.swap(i, j);
            }
        }
        let mut len = 2;
        while len <= n {
            let step = n / len;
            for start in (0..n).step_by(len) {
                for k in 0..len / 2 {
                    let mut w = self.twiddles[k * step];
                    if inverse {
                        w.im = -w.im;
                    }
                    let a = v[start + k];
                    let b = v[start + k + len / 2].mul(w);
                    v[start + k] = C {
                        re: a.re + b.re,
                        im: a.im + b.im,
                    };
                    v[start + k + len / 2] = C {
                        re: a.re - b.re,
                        im: a.im - b.im,
                    };
                }
            }
            len <<= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fft_convolves() {
        let f = Fft::new(8);
        let a = f.forward(&[1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        let b = f.forward(&[0.5, 0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
        let prod: Vec<C> = a.iter().zip(&b).map(|(x, y)| x.mul(*y)).collect();
        let c = f.inverse(&prod);
        for (got, want) in c.iter().zip([0.5, 1.0, 3.0, 6.0, 0.0, 0.0, 0.0, 0.0]) {
            assert!((got - want).abs() < 1e-12, "{c:?}");
        }
    }

    #[test]
    fn the_lognormal_cdf_meets_its_percentiles() {
        let d = LogNormal::from_p50_p99(4.0, 10.0);
        assert!((cdf(d, 4.0) - 0.5).abs() < 1e-12);
        assert!((cdf(d, 10.0) - 0.99).abs() < 1e-9);
        let point = LogNormal::from_p50_p99(7.0, 7.0);
        assert_eq!(cdf(point, 6.999), 0.0);
        assert_eq!(cdf(point, 7.0), 1.0);
    }

    #[test]
    fn cell_masses_sum_to_one() {
        let d = LogNormal::from_p50_p99(12.0, 120.0);
        let m = masses(d, 0.5, 1 << 14);
        assert!((m.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    use crate::model::api::ApiKind;
    use crate::model::latency::{
        evaluate, scenario, simulate, Authorizer, Endpoint, Given, LatencyData, LatencyOptions,
        Method,
    };

    /// Options covering every event combination: cache hits, cold starts, authorizer cache hits,
    /// components of very different scales.
    fn cases() -> Vec<LatencyOptions> {
        let mut out = vec![
            LatencyOptions::new(ApiKind::Http),
            LatencyOptions::new(ApiKind::Rest),
        ];
        let mut o = LatencyOptions::new(ApiKind::Rest);
        o.lambda = true;
        o.handler = Some(Given {
            p50: 20.0,
            p99: 80.0,
        });
        o.cold_start_rate = Some(0.02);
        o.authorizer = Authorizer::LambdaCached;
        o.authorizer_hit_rate = Some(0.9);
        o.cache_hit = 0.3;
        o.client_rtt = Some(Given {
            p50: 30.0,
            p99: 60.0,
        });
        o.new_connections = true;
        out.push(o.clone());
        o.endpoint = Endpoint::Edge;
        o.authorizer = Authorizer::Lambda;
        o.runtime = "java21".into();
        o.cold_start_rate = Some(0.2);
        out.push(o);
        let mut h = LatencyOptions::new(ApiKind::Http);
        h.lambda = true;
        h.authorizer = Authorizer::Jwt;
        h.handler = Some(Given { p50: 5.0, p99: 5.0 });
        h.cold_start_rate = Some(0.01);
        out.push(h);
        out
    }

    #[test]
    fn the_grid_agrees_with_a_large_monte_carlo() {
        let data = LatencyData::embedded().unwrap();
        for o in cases() {
            let s = scenario(&data, &o).unwrap();
            let g = evaluate(&s, 1, 1).unwrap();
            assert!(
                matches!(g.method, Method::Grid { .. }),
                "{:?}: {:?}",
                o.api,
                g.method
            );
            // The share of 2M Monte Carlo draws at or below each grid percentile is that percentile's
            // probability, within five standard errors (a quantile in a gap of the mixture, e.g. p99
            // at a 1% cold-start rate, is ill-conditioned, its CDF is not).
            let n = 2_000_000;
            let (totals, _) = super::super::draw(&s, n, 7);
            let e = g.end_to_end;
            for (q, x) in [0.5, 0.9, 0.99, 0.999]
                .into_iter()
                .zip([e.p50_ms, e.p90_ms, e.p99_ms, e.p999_ms])
            {
                let share = totals.iter().filter(|&&t| t <= x).count() as f64 / n as f64;
                let se = (q * (1.0 - q) / n as f64).sqrt();
                assert!(
                    (share - q).abs() <= 5.0 * se,
                    "{:?} p{}: {x} ms has {share} of the draws below it\n{o:?}",
                    o.api,
                    q * 100.0
                );
            }
            let mc = simulate(&s, n, 7).unwrap().end_to_end.mean_ms;
            assert!(
                (e.mean_ms - mc).abs() < 0.01 * mc,
                "{:?} mean {} vs {mc}",
                o.api,
                e.mean_ms
            );
            let shares: f64 = g.components.iter().map(|c| c.share).sum();
            assert!((shares - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn one_component_is_exact() {
        let data = LatencyData::embedded().unwrap();
        let s = scenario(&data, &LatencyOptions::new(ApiKind::Http)).unwrap();
        let g = percentiles(&s).unwrap();
        assert_eq!(g.cells, 0);
        let d = LogNormal::from_p50_p99(4.0, 10.0);
        assert!((g.p[0] - 4.0).abs() < 1e-6, "{:?}", g.p);
        assert!((g.p[1] - d.p90()).abs() < 1e-6, "{:?}", g.p);
        assert!((g.p[2] - 10.0).abs() < 1e-6, "{:?}", g.p);
    }
}
