//! The billable-unit rule, in one place: an HTTP API request is metered in 512 KB increments and a
//! WebSocket message in 32 KB increments (at most 128 KB), at least one unit each. The increments and
//! the limit come from the catalog's `metering`. Used by the cost model, batch rating and the charts.

use rust_decimal::Decimal;

use crate::model::catalog::Metering;

/// Units of `increment_kb` needed for `size_kb`, rounded up, at least one.
///
/// The catalog's increments are positive (checked when it is loaded); a quotient beyond Decimal's range
/// (a catalog increment of 10^-28 KB) saturates at `Decimal::MAX`, which the checked product of
/// requests x units then reports as an overflow: it never panics.
pub fn increments(size_kb: Decimal, increment_kb: Decimal) -> Decimal {
    let n = size_kb
        .checked_div(increment_kb)
        .unwrap_or(Decimal::MAX)
        .ceil();
    n.max(Decimal::ONE)
}

/// Billable units per HTTP API request of `size_kb` (one when the size is not given).
pub fn http_units_per_request(m: &Metering, size_kb: Option<Decimal>) -> Decimal {
    size_kb.map_or(Decimal::ONE, |s| increments(s, m.http_increment_kb))
}

/// A WebSocket message above the message limit: it cannot be sent, so it is never priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageTooLarge {
    pub size_kb: Decimal,
    pub max_kb: Decimal,
}

/// Billable units per WebSocket message of `size_kb` (one when the size is not given).
pub fn ws_units_per_message(
    m: &Metering,
    size_kb: Option<Decimal>,
) -> Result<Decimal, MessageTooLarge> {
    match size_kb {
        None => Ok(Decimal::ONE),
        Some(size) if size > m.ws_max_message_kb => Err(MessageTooLarge {
            size_kb: size,
            max_kb: m.ws_max_message_kb,
        }),
        Some(size) => Ok(increments(size, m.ws_increment_kb)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn increments_round_up_with_a_minimum_of_one() {
        let inc = d("512");
        assert_eq!(increments(d("0"), inc), d("1"));
        assert_eq!(increments(d("512"), inc), d("1"));
        assert_eq!(increments(d("512.001"), inc), d("2"));
        assert_eq!(increments(d("1024"), inc), d("2"));
        assert_eq!(increments(d("33"), d("32")), d("2"));
    }
}
