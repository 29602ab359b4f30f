//! The fast path of batch rating: a tier table as integers, so that a requests-only row is priced and
//! written with no allocation and no decimal division, and still exactly.
//!
//! Every unit price of a tier table is `price / price_per` (a division by 10^6 or 1, so it terminates);
//! the table keeps them as integer mantissas at one common scale `S`, and a volume's cost is
//! `sum(quantity_in_tier x mantissa)` units of 10^-S USD, exact in `u128`. Anything that would overflow
//! returns `None` and the caller takes the general path (`Pricer::quote`). Tests check both agree.

use rust_decimal::Decimal;

use crate::model::tiers::TierTable;

/// The most tiers a table may have to take the fast path (the catalog's have at most 4).
pub const MAX_FAST_TIERS: usize = 8;

/// A tier table as integers at one scale.
#[derive(Debug, Clone, PartialEq)]
pub struct FastTiers {
    /// Decimal places of the mantissas: a mantissa m is m x 10^-scale USD per unit.
    pub scale: u32,
    /// (cumulative upper bound in units, `None` = unbounded; unit price mantissa), in tier order.
    tiers: Vec<(Option<u128>, u128)>,
}

impl FastTiers {
    /// The integer form of `table`, or `None` when a bound is fractional or a price does not fit.
    pub fn new(table: &TierTable) -> Option<FastTiers> {
        let per = table.meter.price_per();
        let units: Vec<Decimal> = table
            .tiers
            .iter()
            .map(|t| t.price.checked_div(per).map(|u| u.normalize()))
            .collect::<Option<_>>()?;
        let scale = units.iter().map(|u| u.scale()).max()?;
        if scale > 28 {
            return None;
        }
        if units.len() > MAX_FAST_TIERS {
            return None;
        }
        let mut tiers = Vec::with_capacity(units.len());
        for (t, u) in table.tiers.iter().zip(&units) {
            if u.is_sign_negative() {
                return None;
            }
            let m = u128::try_from(u.mantissa())
                .ok()?
                .checked_mul(10u128.checked_pow(scale - u.scale())?)?;
            let bound = match t.up_to {
                None => None,
                Some(b) if b.fract().is_zero() && !b.is_sign_negative() => {
                    Some(u128::try_from(b.trunc().mantissa()).ok()? / 10u128.pow(b.scale()))
                }
                Some(_) => return None,
            };
            tiers.push((bound, m));
        }
        Some(FastTiers { scale, tiers })
    }

    /// A volume that reaches every tier (one unit into the last).
    pub fn reach_all(&self) -> u128 {
        self.tiers
            .iter()
            .filter_map(|t| t.0)
            .max()
            .map_or(1, |b| b + 1)
    }

    /// Calls `f(tier index, units in the tier, cost mantissa)` for every tier `quantity` uses, in order.
    /// Call after `cost(quantity)` returned `Some`: then no product here overflows.
    ///
    /// The walk repeats `cost`'s on purpose: `cost` is the `--summary` hot loop, and sharing one tier
    /// iterator between the two measured 4.17M -> 3.03M rows/s (`benches/batch.sh 1000000`).
    pub fn each_tier(&self, quantity: u128, mut f: impl FnMut(usize, u128, u128)) {
        let mut lower: u128 = 0;
        for (i, &(upper, m)) in self.tiers.iter().enumerate() {
            let hi = match upper {
                Some(u) => quantity.min(u),
                None => quantity,
            };
            if hi > lower {
                f(i, hi - lower, (hi - lower) * m);
            }
            match upper {
                Some(u) if u < quantity => lower = u,
                _ => break,
            }
        }
    }

    /// The tiers `quantity` uses, each as (units, cost mantissa, cents), the cents by largest
    /// remainder (`money::allocate_cents` in integers: each tier's cost floored to the cent, then one
    /// more cent to the largest remainders, ties to the earlier tier) so that they add up to
    /// `total_cents`, the rounded total. Call after `cost(quantity)` returned `Some`. Returns how many
    /// entries of `out` were filled.
    pub fn tier_cents(
        &self,
        quantity: u128,
        total_cents: u128,
        out: &mut [(u128, u128, u128); MAX_FAST_TIERS],
    ) -> usize {
        let mut n = 0;
        let mut rems = [0u128; MAX_FAST_TIERS];
        let mut floors: u128 = 0;
        self.each_tier(quantity, |_, units, amount| {
            let (cents, rem) = if self.scale <= 2 {
                (amount * 10u128.pow(2 - self.scale), 0)
            } else if let (Ok(a), true) = (u64::try_from(amount), self.scale <= 21) {
                // The usual case: a 64-bit division by a constant, not a 128-bit one.
                let (q, r) = split_pow10(a, self.scale as usize - 2);
                (u128::from(q), u128::from(r))
            } else {
                let div = 10u128.pow(self.scale - 2);
                (amount / div, amount % div)
            };
            out[n] = (units, amount, cents);
            rems[n] = rem;
            floors += cents;
            n += 1;
        });
        let mut missing = total_cents.saturating_sub(floors);
        while missing > 0 {
            // The largest remainder left, the earlier tier on a tie; a tier takes at most one cent.
            let mut best: Option<usize> = None;
            for i in 0..n {
                if rems[i] > 0 && best.is_none_or(|b| rems[i] > rems[b]) {
                    best = Some(i);
                }
            }
            let Some(b) = best else { break };
            out[b].2 += 1;
            rems[b] = 0;
            missing -= 1;
        }
        n
    }

    /// The exact cost of `quantity` units in a fresh month, as a mantissa at `self.scale`.
    #[inline]
    pub fn cost(&self, quantity: u128) -> Option<u128> {
        let mut total: u128 = 0;
        let mut lower: u128 = 0;
        for &(upper, m) in &self.tiers {
            let hi = match upper {
                Some(u) => quantity.min(u),
                None => quantity,
            };
            if hi > lower {
                total = total.checked_add((hi - lower).checked_mul(m)?)?;
            }
            match upper {
                Some(u) if u < quantity => lower = u,
                _ => break,
            }
        }
        Some(total)
    }
}

/// Appends `mantissa x 10^-scale` as the finance CSV writes exact amounts (`money::exact`): no
/// trailing zeros beyond two decimals (`0.30`, `0.0000035`, `570.00`).
pub fn write_exact(buf: &mut Vec<u8>, mantissa: u128, scale: u32) {
    if let (Ok(m), true) = (u64::try_from(mantissa), scale <= 19) {
        return write_exact_u64(buf, m, scale as usize);
    }
    let mut digits = [0u8; 40];
    let n = fmt_u128(mantissa, &mut digits);
    let d = &digits[40 - n..];
    let s = scale as usize;
    if n > s {
        buf.extend_from_slice(&d[..n - s]);
    } else {
        buf.push(b'0');
    }
    // Fraction: `s` digits, left-padded with zeros, trailing zeros trimmed to at least 2.
    let mut frac = [b'0'; 40];
    let k = s.min(n);
    frac[s - k..s].copy_from_slice(&d[n - k..]);
    let mut end = s;
    while end > 2 && frac[end - 1] == b'0' {
        end -= 1;
    }
    buf.push(b'.');
    buf.extend_from_slice(&frac[..end.max(s.min(2))]);
    for _ in s..2 {
        buf.push(b'0');
    }
}

/// Whether `write_exact` writes `mantissa x 10^-scale` as `money::exact` does: always at two
/// decimals or more; below, when the two decimals still fit a `Decimal` (`exact` cannot add them to a
/// 27-digit whole number, and writes `792281625880513138883821568.0`).
pub fn exact_fits(mantissa: u128, scale: u32) -> bool {
    const MAX: u128 = (1 << 96) - 1;
    scale >= 2
        || mantissa
            .checked_mul(10u128.pow(2 - scale))
            .is_some_and(|m| m <= MAX)
}

/// `write_exact` for a 64-bit mantissa: one pass from the right into a stack buffer, one copy.
#[inline]
fn write_exact_u64(buf: &mut Vec<u8>, m: u64, scale: usize) {
    let mut out = [b'0'; 48];
    let end = out.len();
    let (mut int, mut frac) = split_pow10(m, scale);
    let mut i = end;
    if scale < 2 {
        // Pad to two decimals: 5 at scale 0 is 5.00, 3 at scale 1 is 0.30.
        i -= 2 - scale;
    }
    // Trailing zeros beyond two decimals are dropped.
    let mut digits = scale;
    while digits > 2 && frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    for _ in 0..digits {
        i -= 1;
        out[i] = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    i -= 1;
    out[i] = b'.';
    loop {
        i -= 1;
        out[i] = b'0' + (int % 10) as u8;
        int /= 10;
        if int == 0 {
            break;
        }
    }
    buf.extend_from_slice(&out[i..end]);
}

/// `(m / 10^scale, m % 10^scale)`, with constant divisors for the usual scales (a multiply, not a
/// hardware division).
#[inline]
fn split_pow10(m: u64, scale: usize) -> (u64, u64) {
    #[inline(always)]
    fn by<const P: u64>(m: u64) -> (u64, u64) {
        (m / P, m % P)
    }
    match scale {
        2 => by::<100>(m),
        5 => by::<100_000>(m),
        6 => by::<1_000_000>(m),
        7 => by::<10_000_000>(m),
        8 => by::<100_000_000>(m),
        9 => by::<1_000_000_000>(m),
        10 => by::<10_000_000_000>(m),
        s => {
            let p = 10u64.pow(s as u32);
            (m / p, m % p)
        }
    }
}

/// Appends `mantissa x 10^-scale` rounded to the cent, half away from zero (`cost::to_cents`);
/// `None` (nothing written) when the cents do not fit in 128 bits.
pub fn write_cents(buf: &mut Vec<u8>, mantissa: u128, scale: u32) -> Option<()> {
    write_cents_int(buf, cents_of(mantissa, scale)?);
    Some(())
}

/// `mantissa x 10^-scale` in whole cents, half away from zero; `None` when a scale below 2 (a
/// `--prices` catalog of whole-dollar unit prices) takes the cents past 128 bits.
#[inline]
pub fn cents_of(mantissa: u128, scale: u32) -> Option<u128> {
    Some(if scale <= 2 {
        mantissa.checked_mul(10u128.pow(2 - scale))?
    } else if let (Ok(m), true) = (u64::try_from(mantissa), scale <= 19) {
        let (whole, rest) = split_pow10(m, scale as usize - 2);
        let half = 10u64.pow(scale - 2) / 2;
        u128::from(whole + u64::from(rest >= half))
    } else {
        let div = 10u128.pow(scale - 2);
        mantissa / div + u128::from(mantissa % div >= div / 2)
    })
}

/// Appends a whole number of cents as `D.CC`.
/// Appends a whole number.
pub fn write_int(buf: &mut Vec<u8>, v: u128) {
    let mut digits = [0u8; 40];
    let n = fmt_u128(v, &mut digits);
    buf.extend_from_slice(&digits[40 - n..]);
}

pub fn write_cents_int(buf: &mut Vec<u8>, cents: u128) {
    if let Ok(mut c) = u64::try_from(cents) {
        let mut out = [0u8; 24];
        let mut i = out.len();
        for _ in 0..2 {
            i -= 1;
            out[i] = b'0' + (c % 10) as u8;
            c /= 10;
        }
        i -= 1;
        out[i] = b'.';
        loop {
            i -= 1;
            out[i] = b'0' + (c % 10) as u8;
            c /= 10;
            if c == 0 {
                break;
            }
        }
        buf.extend_from_slice(&out[i..]);
        return;
    }
    let mut digits = [0u8; 40];
    let (whole, c) = match u64::try_from(cents) {
        Ok(small) => (u128::from(small / 100), (small % 100) as u8),
        Err(_) => (cents / 100, (cents % 100) as u8),
    };
    let n = fmt_u128(whole, &mut digits);
    buf.extend_from_slice(&digits[40 - n..]);
    buf.extend_from_slice(&[b'.', b'0' + c / 10, b'0' + c % 10]);
}

/// Writes the decimal digits of `v` right-aligned into `out`; returns how many. Values that fit in a
/// `u64` (all realistic amounts) avoid the slow 128-bit division.
fn fmt_u128(v: u128, out: &mut [u8; 40]) -> usize {
    /// 10^19, the most digits a `u64` always holds.
    const P: u128 = 10_000_000_000_000_000_000;
    let mut i = 40;
    let mut big = v;
    // Above u64: the low 19 digits at a time (one 128-bit division each, not one a digit; a shared
    // account's exact shares have 28 or 29 significant digits).
    while big > u128::from(u64::MAX) {
        let mut low = (big % P) as u64;
        big /= P;
        for _ in 0..19 {
            i -= 1;
            out[i] = b'0' + (low % 10) as u8;
            low /= 10;
        }
    }
    let mut low = big as u64;
    loop {
        i -= 1;
        out[i] = b'0' + (low % 10) as u8;
        low /= 10;
        if low == 0 {
            break;
        }
    }
    40 - i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::{fast, row};
    use crate::model::api::ApiKind;
    use crate::model::catalog::Catalog;
    use crate::model::cost::Pricer;
    use crate::model::free_tier::Allowance;
    use crate::model::workload::Workload;
    use crate::money::exact;
    use crate::money::to_cents;
    use rust_decimal::prelude::ToPrimitive;

    fn s(f: impl Fn(&mut Vec<u8>)) -> String {
        let mut b = Vec::new();
        f(&mut b);
        String::from_utf8(b).unwrap()
    }

    #[test]
    fn cents_past_128_bits_are_none_not_a_panic() {
        assert_eq!(cents_of(u128::MAX, 0), None);
        assert_eq!(cents_of(u128::MAX / 10 + 1, 1), None);
        assert_eq!(cents_of(5, 0), Some(500));
        assert!(write_cents(&mut Vec::new(), u128::MAX, 0).is_none());
    }

    #[test]
    fn exact_and_cents_formats_match_the_decimal_ones() {
        for (m, sc) in [
            (0u128, 7u32),
            (3, 1),
            (5, 0),
            (35, 7),
            (3_000_000, 7),
            (5_700_000_000, 7),
            (123_456_789, 3),
            (2_850_000, 7),
            (2_849_999, 7),
            (1_234, 2),
            (99_995, 4),
            (100, 7),
            (1_000_000_000, 7),
            (10, 1),
            (7, 2),
            (1234, 0),
            (5_000_001, 7),
            (u128::from(u64::MAX) * 1000 + 5, 7),
            (79_228_162_514_264_337_593_543_950_335, 9),
        ] {
            let d = Decimal::from_i128_with_scale(m as i128, sc);
            assert_eq!(s(|b| write_exact(b, m, sc)), exact(d).to_string(), "{d}");
            assert_eq!(
                s(|b| write_cents(b, m, sc).unwrap()),
                to_cents(d).to_string(),
                "{d}"
            );
        }
    }

    /// The integer fast path gives the same total as `Pricer::quote`, around every tier bound.
    #[test]
    fn fast_path_equals_the_full_quote() {
        let catalog = Catalog::embedded().unwrap();
        let mut checked = 0;
        for (code, region) in &catalog.regions {
            let pricer = Pricer::new(&catalog, code).unwrap();
            for (kind, table) in [(ApiKind::Rest, &region.rest), (ApiKind::Http, &region.http)] {
                let Some(table) = table else { continue };
                let ft = fast::FastTiers::new(table).expect("catalog tables are integral");
                let mut volumes: Vec<u128> = vec![
                    0,
                    1,
                    2,
                    999_999,
                    1_000_000,
                    300_000,
                    600_000_000,
                    21_000_000_000,
                ];
                for b in table.boundaries() {
                    let b = b.to_u128().unwrap();
                    volumes.extend([b - 1, b, b + 1, b * 3 + 7]);
                }
                for v in volumes {
                    let q = pricer
                        .quote(
                            kind,
                            &Workload::requests(row::requests_decimal(v)),
                            &Allowance::default(),
                        )
                        .unwrap();
                    let m = ft.cost(v).unwrap();
                    let mut a = Vec::new();
                    fast::write_exact(&mut a, m, ft.scale);
                    assert_eq!(
                        String::from_utf8(a).unwrap(),
                        exact(q.total).to_string(),
                        "{code} {kind} {v}"
                    );
                    assert_eq!(
                        Decimal::from_i128_with_scale(
                            fast::cents_of(m, ft.scale).unwrap() as i128,
                            2
                        ),
                        to_cents(q.total)
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 300);
    }

    proptest::proptest! {
        /// Any non-negative `Decimal` (96-bit mantissa, scale 0 to 28: a shared account's exact
        /// shares among them) is written as `money::exact` displays it, and any u128 as `to_string`.
        #[test]
        fn write_exact_is_exact_display(lo: u64, hi in 0u64..(1 << 32), scale in 0u32..=28, v: u128) {
            // (lo 0, hi 42949673, scale 0: 792281625880513138883821568, too large for two decimals.)
            let m = (u128::from(hi) << 64) | u128::from(lo);
            let d = Decimal::from_i128_with_scale(m as i128, scale);
            // Beyond `exact_fits`, `exact` writes fewer than two decimals and callers use it.
            if exact_fits(m, scale) {
                proptest::prop_assert_eq!(s(|b| write_exact(b, m, scale)), exact(d).to_string());
            }
            proptest::prop_assert_eq!(s(|b| write_int(b, v)), v.to_string());
        }
    }
}
