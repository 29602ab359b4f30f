//! Rounding money for display, in one place.
//!
//! The model keeps every amount exact. Outputs that show cents (table, Markdown, chart labels) round
//! here: the total is rounded half away from zero (as AWS invoices are), and the line items are rounded
//! by the largest-remainder method so that the displayed lines add up to the displayed total exactly.
//! A period's bill is its exact total rounded to the cent (`to_cents`), its lines by largest remainder
//! (`allocate_cents`); JSON and CSV carry both (`total`/`total_exact`, `amount`/`amount_exact`).

use rust_decimal::{Decimal, RoundingStrategy};

/// Rounds money to cents for display (half away from zero, the convention of AWS invoices).
pub fn to_cents(d: Decimal) -> Decimal {
    let mut c = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    c.rescale(2);
    c
}

/// An exact amount written with at least two decimals (`200` → `200.00`, `0.0000028` unchanged).
pub fn exact(d: Decimal) -> Decimal {
    let mut n = d.normalize();
    if n.scale() < 2 {
        n.rescale(2);
    }
    n
}

/// Money in any human output: `$1,234.50`, `-$3.00`, `$0.00`: rounded to the cent (half away from
/// zero), grouped, always two decimals. Every sentence, table cell and footer that shows an amount
/// goes through here (or `render::fmt::money`, which is this), so `$5` or `$169,053.1` cannot appear.
pub fn usd(d: Decimal) -> String {
    let c = to_cents(d);
    let abs = c.abs();
    let int = abs.trunc();
    let cents = ((abs - int) * Decimal::ONE_HUNDRED).trunc();
    let sign = if c.is_sign_negative() && !c.is_zero() {
        "-"
    } else {
        ""
    };
    let digits = int.normalize().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:0>2}", cents.normalize())
}

const CENT: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// Rounds each amount to cents so that the rounded amounts sum exactly to `to_cents(sum of amounts)`:
/// every amount is first floored to the cent, then the missing cents go to the amounts with the largest
/// remainders (ties to the earlier one). Each result is within one cent of its exact amount.
pub fn allocate_cents(amounts: &[Decimal]) -> Vec<Decimal> {
    let exact_total: Decimal = amounts.iter().copied().sum();
    let target = to_cents(exact_total);
    let floors: Vec<Decimal> = amounts
        .iter()
        .map(|a| a.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToNegativeInfinity))
        .collect();
    let floor_sum: Decimal = floors.iter().copied().sum();
    let mut missing = ((target - floor_sum) / CENT).round();
    let mut order: Vec<usize> = (0..amounts.len()).collect();
    order.sort_by(|&a, &b| {
        (amounts[b] - floors[b])
            .cmp(&(amounts[a] - floors[a]))
            .then(a.cmp(&b))
    });
    let mut out = floors;
    for i in order {
        if missing <= Decimal::ZERO {
            break;
        }
        if amounts[i] != out[i] {
            out[i] += CENT;
            missing -= Decimal::ONE;
        }
    }
    for c in &mut out {
        c.rescale(2);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn usd_always_has_two_decimals() {
        assert_eq!(usd(d("5")), "$5.00");
        assert_eq!(usd(d("5.1")), "$5.10");
        assert_eq!(usd(d("169053.1")), "$169,053.10");
        assert_eq!(usd(d("0")), "$0.00");
        assert_eq!(usd(d("-0.001")), "$0.00");
        assert_eq!(usd(d("-3")), "-$3.00");
        assert_eq!(usd(d("1234567.005")), "$1,234,567.01");
        assert_eq!(usd(d("364.6")), "$364.60");
    }

    #[test]
    fn thirds_add_up() {
        let a = [d("0.3333333"), d("0.3333333"), d("0.3333334")];
        let c = allocate_cents(&a);
        assert_eq!(c.iter().copied().sum::<Decimal>(), d("1.00"));
        assert_eq!(c, vec![d("0.33"), d("0.33"), d("0.34")]);
    }

    #[test]
    fn exact_cents_are_unchanged() {
        let a = [d("300"), d("270")];
        assert_eq!(allocate_cents(&a), vec![d("300.00"), d("270.00")]);
    }

    #[test]
    fn negative_credit_lines() {
        let a = [d("10.004"), d("-3.001")];
        let c = allocate_cents(&a);
        assert_eq!(c.iter().copied().sum::<Decimal>(), to_cents(d("7.003")));
    }

    proptest! {
        #[test]
        fn rounded_lines_sum_to_rounded_total(v in proptest::collection::vec((0i64..10_000_000_000, 0u32..8), 0..12)) {
            let amounts: Vec<Decimal> = v.iter().map(|(m, s)| Decimal::new(*m, *s)).collect();
            let c = allocate_cents(&amounts);
            let total: Decimal = amounts.iter().copied().sum();
            prop_assert_eq!(c.iter().copied().sum::<Decimal>(), to_cents(total));
            for (a, r) in amounts.iter().zip(&c) {
                prop_assert!((*a - *r).abs() < d("0.01"));
            }
        }
    }
}
