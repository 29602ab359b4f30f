//! Adding a bill line's amount to a group's running sum: [`add`] gives, bit for bit, the `Decimal`
//! that `sum += amount` gives (value, scale and sign), in fewer steps for the sums a bill makes.
//!
//! rust_decimal's add is exact whenever its result, and the operand it scales up to the other's
//! scale, fit its 96-bit mantissa: the result is then the exact sum at the larger of the two scales,
//! a zero result positive. A zero operand is not added: `0 + x` is `x` and `x + 0` is `x` (scale and
//! sign as they were). [`add`] does exactly that on the two mantissas as `i128` where both scaled
//! operands and the sum fit in 96 bits, and hands every other case (a zero, a scale gap past 10^28,
//! anything wider) to rust_decimal itself. Two million lines summed three ways were a tenth of
//! reconcile's instructions on the 2M-line Parquet bill in rust_decimal's general add.

use rust_decimal::Decimal;

/// 10^0 to 10^19: the scale gaps whose scaled-up mantissa is one widening multiply.
const POW10: [u64; 20] = {
    let mut p = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// The largest magnitude a `Decimal` mantissa holds is below this: 2^96.
const WIDE: u128 = 1 << 96;

/// `*sum += x`, the same `Decimal` to the bit, faster where both are non-zero and narrow.
#[inline]
pub fn add(sum: &mut Decimal, x: Decimal) {
    if let Some(r) = narrow_sum(*sum, x) {
        *sum = r;
    } else {
        *sum += x;
    }
}

/// The sum where both mantissas are non-zero and under 2^64, their scales at most 19 apart, and both
/// scaled operands and the sum under 2^96 (where rust_decimal's sum is exact); `None` for the cases
/// rust_decimal itself must do (the operand checks are more than it needs, never less).
#[inline(always)]
fn narrow_sum(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.unpack(), b.unpack());
    if a.hi != 0 || b.hi != 0 {
        return None;
    }
    let ma = u128::from(u64::from(a.mid) << 32 | u64::from(a.lo));
    let mb = u128::from(u64::from(b.mid) << 32 | u64::from(b.lo));
    if ma == 0 || mb == 0 {
        return None;
    }
    // (Below 2^64 x 10^19 < 2^128: no overflow.)
    let up = |m: u128, gap: u32| Some(m * u128::from(*POW10.get(gap as usize)?));
    let (ma, mb, scale) = match a.scale.cmp(&b.scale) {
        std::cmp::Ordering::Equal => (ma, mb, a.scale),
        std::cmp::Ordering::Greater => (ma, up(mb, a.scale - b.scale)?, a.scale),
        std::cmp::Ordering::Less => (up(ma, b.scale - a.scale)?, mb, b.scale),
    };
    if ma >= WIDE || mb >= WIDE {
        return None;
    }
    // The sign of the first operand, unless the second is larger and of the other sign.
    let (m, negative) = if a.negative == b.negative {
        (ma + mb, a.negative)
    } else if ma >= mb {
        (ma - mb, a.negative)
    } else {
        (mb - ma, b.negative)
    };
    if m >= WIDE {
        return None;
    }
    // (A zero sum is a positive zero, as rust_decimal writes it: `from_parts` does that.)
    Some(Decimal::from_parts(
        m as u32,
        (m >> 32) as u32,
        (m >> 64) as u32,
        negative,
        scale,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decimal's bits: mantissa, scale and sign (a negative zero differs from a positive one).
    fn bits(d: Decimal) -> [u8; 16] {
        d.serialize()
    }

    #[test]
    fn sums_are_rust_decimals_own_to_the_bit() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut checked = 0;
        for case in 0..4000 {
            let (mut fast, mut slow) = (Decimal::ZERO, Decimal::ZERO);
            for _ in 0..60 {
                let r = next();
                // Mantissas of every width (zero, small, 32, 64 and 96 bits), both signs, negative
                // zeros, scales 0 to 28; runs of one scale, as a bill's amounts come.
                let width = [0, 4, 12, 32, 50, 64, 80, 96][(r % 8) as usize];
                let m = if width == 0 {
                    0
                } else {
                    i128::from(next()) << 32 | i128::from(next() as u32)
                } & ((1i128 << width) - 1);
                let scale = if case % 3 == 0 {
                    (r >> 8) as u32 % 29
                } else {
                    [0, 2, 6, 10][(r >> 8) as usize % 4]
                };
                let mut x = Decimal::from_i128_with_scale(m, scale);
                x.set_sign_negative((r >> 16) & 1 == 1);
                let before = slow;
                if before.checked_add(x).is_none() {
                    break; // past Decimal's range: `+=` panics, a bill never gets here
                }
                slow += x;
                add(&mut fast, x);
                assert_eq!(bits(fast), bits(slow), "{before:?} + {x:?}");
                checked += 1;
            }
        }
        assert!(checked > 100_000, "{checked}");
        // The cases named: zeros keep the other operand as it is; a sum to zero is a positive zero
        // at the larger scale; a cancellation of wide operands; a result past 96 bits rounds as
        // rust_decimal rounds it.
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let cases = [
            ("0", "1.50"),
            ("1.50", "0.000"),
            ("-1.5", "1.50"),
            ("2.25", "-0.25"),
            (
                "79228162514264337593543950335",
                "-79228162514264337593543950334",
            ),
            ("79228162514264337593543950334", "0.4"),
            ("7922816251426433759354395033.5", "0.05"),
            ("0.0000000000000000000000000001", "1000000"),
            // 8 x 10^27 at one decimal is past 96 bits, the sum is not: rust_decimal rounds.
            (
                "8000000000000000000000000000",
                "-7900000000000000000000000000.1",
            ),
        ];
        for (a, b) in cases {
            let (mut fast, mut slow) = (d(a), d(a));
            slow += d(b);
            add(&mut fast, d(b));
            assert_eq!(bits(fast), bits(slow), "{a} + {b}");
        }
        let mut neg_zero = Decimal::ZERO;
        neg_zero.set_sign_negative(true);
        let mut s = neg_zero;
        add(&mut s, Decimal::ZERO);
        assert_eq!(bits(s), bits(neg_zero + Decimal::ZERO));
    }
}
