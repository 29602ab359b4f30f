//! Monte Carlo: log-normal components summed sample by sample, with a seeded generator so that the same
//! seed gives the same output on every machine.
//!
//! Latency is not money: it is simulated in `f64` milliseconds.

/// z-scores of the standard normal at 0.90 and 0.99.
pub const Z90: f64 = 1.281_551_565_544_600_5;
pub const Z99: f64 = 2.326_347_874_040_841;

/// A log-normal fitted to two percentiles: median `exp(mu)`, p99 `exp(mu + Z99 sigma)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogNormal {
    pub mu: f64,
    pub sigma: f64,
}

impl LogNormal {
    /// Fits p50 and p99 (ms). `p99 == p50` gives a constant. Caller guarantees 0 < p50 <= p99.
    pub fn from_p50_p99(p50: f64, p99: f64) -> LogNormal {
        LogNormal {
            mu: p50.ln(),
            sigma: (p99 / p50).ln() / Z99,
        }
    }

    /// The value at standard-normal score `z`.
    pub fn at(&self, z: f64) -> f64 {
        (self.mu + self.sigma * z).exp()
    }

    pub fn p50(&self) -> f64 {
        self.at(0.0)
    }
    pub fn p90(&self) -> f64 {
        self.at(Z90)
    }
    pub fn p99(&self) -> f64 {
        self.at(Z99)
    }
    pub fn mean(&self) -> f64 {
        (self.mu + self.sigma * self.sigma / 2.0).exp()
    }
}

/// xoshiro256++ seeded through SplitMix64: small, fast, and fixed here so results never change with a
/// crate upgrade.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by the ziggurat method (Marsaglia & Tsang 2000, 128 layers): one multiply and
    /// one compare for about 98% of draws; exact in the tail.
    #[inline]
    pub fn normal(&mut self) -> f64 {
        let z = ziggurat();
        let hz = (self.next_u64() >> 32) as u32 as i32;
        let iz = (hz & 127) as usize;
        if (hz.unsigned_abs() as u64) < z.k[iz] {
            return f64::from(hz) * z.w[iz];
        }
        self.normal_slow(hz, iz)
    }

    #[cold]
    fn normal_slow(&mut self, mut hz: i32, mut iz: usize) -> f64 {
        let z = ziggurat();
        loop {
            let x = f64::from(hz) * z.w[iz];
            if iz == 0 {
                // The base strip's tail beyond R, by Marsaglia's exponential method.
                loop {
                    let x = -(1.0 - self.uniform()).ln() / ZIG_R;
                    let y = -(1.0 - self.uniform()).ln();
                    if y + y >= x * x {
                        return if hz > 0 { ZIG_R + x } else { -ZIG_R - x };
                    }
                }
            }
            if z.f[iz] + self.uniform() * (z.f[iz - 1] - z.f[iz]) < (-0.5 * x * x).exp() {
                return x;
            }
            hz = (self.next_u64() >> 32) as u32 as i32;
            iz = (hz & 127) as usize;
            if (hz.unsigned_abs() as u64) < z.k[iz] {
                return f64::from(hz) * z.w[iz];
            }
        }
    }
}

/// The ziggurat's right edge and the area of each of its 128 layers.
const ZIG_R: f64 = 3.442_619_855_899;
const ZIG_V: f64 = 9.912_563_035_262_17e-3;

struct Ziggurat {
    k: [u64; 128],
    w: [f64; 128],
    f: [f64; 128],
}

fn ziggurat() -> &'static Ziggurat {
    static Z: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
    Z.get_or_init(|| {
        let m1 = 2_147_483_648.0f64;
        let mut z = Ziggurat {
            k: [0; 128],
            w: [0.0; 128],
            f: [0.0; 128],
        };
        let mut dn = ZIG_R;
        let mut tn = dn;
        let q = ZIG_V / (-0.5 * dn * dn).exp();
        z.k[0] = ((dn / q) * m1) as u64;
        z.k[1] = 0;
        z.w[0] = q / m1;
        z.w[127] = dn / m1;
        z.f[0] = 1.0;
        z.f[127] = (-0.5 * dn * dn).exp();
        for i in (1..=126).rev() {
            dn = (-2.0 * (ZIG_V / dn + (-0.5 * dn * dn).exp()).ln()).sqrt();
            z.k[i + 1] = ((dn / tn) * m1) as u64;
            tn = dn;
            z.f[i] = (-0.5 * dn * dn).exp();
            z.w[i] = dn / m1;
        }
        z
    })
}

/// The value at quantile `q` of `samples` (nearest rank: the smallest value with at least q of the
/// samples at or below it). Reorders `samples`.
pub fn quantile(samples: &mut [f64], q: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    let n = samples.len();
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
    let (_, v, _) = samples.select_nth_unstable_by(rank - 1, f64::total_cmp);
    *v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_reproduces_its_percentiles() {
        let d = LogNormal::from_p50_p99(4.0, 10.0);
        assert!((d.p50() - 4.0).abs() < 1e-12);
        assert!((d.p99() - 10.0).abs() < 1e-9);
        // The reference's consistency check: implied p90 6.6 ms for the HTTP API triple.
        assert!((d.p90() - 6.6).abs() < 0.05, "{}", d.p90());
        let c = LogNormal::from_p50_p99(7.0, 7.0);
        assert!((c.at(3.0) - 7.0).abs() < 1e-12);
    }

    #[test]
    fn same_seed_same_stream_other_seed_other_stream() {
        let a: Vec<u64> = {
            let mut r = Rng::new(42);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(42);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(43);
            (0..5).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn normals_have_mean_zero_and_unit_variance() {
        let mut r = Rng::new(7);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "{mean}");
        assert!((var - 1.0).abs() < 0.01, "{var}");
    }

    #[test]
    fn normal_tails_have_the_right_mass() {
        let mut r = Rng::new(99);
        let n = 2_000_000;
        let (mut above99, mut above999, mut below01) = (0, 0, 0);
        for _ in 0..n {
            let z = r.normal();
            if z > Z99 {
                above99 += 1;
            }
            if z > 3.090_232_306_167_813 {
                above999 += 1;
            }
            if z < -Z99 {
                below01 += 1;
            }
        }
        let share = |c: i32| f64::from(c) / n as f64;
        assert!((share(above99) - 0.01).abs() < 0.0005, "{}", share(above99));
        assert!((share(below01) - 0.01).abs() < 0.0005, "{}", share(below01));
        assert!(
            (share(above999) - 0.001).abs() < 0.0001,
            "{}",
            share(above999)
        );
    }

    #[test]
    fn nearest_rank_quantiles() {
        let mut v: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert_eq!(quantile(&mut v, 0.5), 50.0);
        assert_eq!(quantile(&mut v, 0.99), 99.0);
        assert_eq!(quantile(&mut v, 1.0), 100.0);
        assert_eq!(quantile(&mut v, 0.0), 1.0);
    }
}
