//! Text formatting shared by the renderers (no arithmetic beyond display rounding from `money`).

use rust_decimal::Decimal;

use crate::model::cost::{LineItem, TierRef};
use crate::model::numbers::group;

/// `$1,234.57` (rounded to cents, half away from zero). Negative: `-$3.00`.
pub fn money(d: Decimal) -> String {
    crate::money::usd(d)
}

/// `300,000,000` or `1,907.348633`.
pub fn quantity(d: Decimal) -> String {
    let n = d.normalize();
    if n.scale() > 6 {
        group(n.round_dp(6))
    } else {
        group(n)
    }
}

/// 333000000 → `333M`, 1000000000 → `1B`, 10240 → `10,240`.
pub fn compact(d: Decimal) -> String {
    let n = d.normalize();
    for (div, suffix) in [
        (1_000_000_000_000u64, "T"),
        (1_000_000_000, "B"),
        (1_000_000, "M"),
    ] {
        let dv = Decimal::from(div);
        if n >= dv && (n / dv).fract().is_zero() {
            return format!("{}{}", (n / dv).normalize(), suffix);
        }
        if n >= dv {
            return format!("{}{}", (n / dv).round_dp(2).normalize(), suffix);
        }
    }
    group(n)
}

/// `1 of 4 (first 333M)`, `2 of 4 (333M-1B)`, `4 of 4 (over 20B)`, `1 of 4 (first 10,240 GB)`; `-` for a
/// single-tier meter. Request-like meters leave the unit out (it is in the quantity column).
pub fn tier(t: &Option<TierRef>, meter: crate::model::meter::Meter) -> String {
    match t {
        None => "-".into(),
        Some(t) if t.of == 1 => "-".into(),
        Some(t) => {
            let unit = if meter.price_per() == Decimal::ONE {
                format!(" {}", meter.unit())
            } else {
                String::new()
            };
            let range = match (t.from.is_zero(), t.to) {
                (true, Some(to)) => format!("first {}{unit}", compact(to)),
                (false, Some(to)) => format!("{}-{}{unit}", compact(t.from), compact(to)),
                (_, None) => format!("over {}{unit}", compact(t.from)),
            };
            format!("{} of {} ({})", t.number, t.of, range)
        }
    }
}

/// `$3.50 / 1M requests`, `$0.020 / hour`, `$0.0000166667 / GB-second`; `-` for a credit (money,
/// not a metered quantity).
pub fn price(l: &LineItem) -> String {
    if l.meter == crate::model::meter::Meter::Credit {
        return "-".into();
    }
    if l.meter == crate::model::meter::Meter::Discount {
        return format!("-{}%", (-l.price * Decimal::from(100)).normalize());
    }
    rate(l.price, l.meter)
}

/// A catalog price as it is quoted: `$3.50 / 1M requests`, `$0.020 / hour`.
pub fn rate(price: Decimal, meter: crate::model::meter::Meter) -> String {
    let p = price.normalize();
    let shown = if p.scale() < 2 {
        format!("{:.2}", p)
    } else {
        p.to_string()
    };
    let sign = if p.is_sign_negative() { "-" } else { "" };
    let shown = shown.trim_start_matches('-');
    let unit = meter.unit();
    if meter.price_per() == Decimal::from(1_000_000) {
        format!("{sign}${shown} / 1M {unit}")
    } else {
        let singular = unit.strip_suffix('s').unwrap_or(unit);
        format!("{sign}${shown} / {singular}")
    }
}

/// `71%` from an exact percentage: a whole percent (half away from zero), unless that would show a
/// part as none or all of it: 99.76% is `99.8%`, not `100%`, and 0.4% is `0.4%`, not `0%` (as many
/// decimals as it takes, up to two: `>99.99%` and `<0.01%` beyond).
pub fn percent(p: Decimal) -> String {
    if p.is_sign_negative() && !p.is_zero() {
        return format!("-{}", percent(-p));
    }
    let hundred = Decimal::ONE_HUNDRED;
    let round =
        |dp| p.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    if p.is_zero() || p >= hundred {
        return format!("{}%", round(0));
    }
    match (0..=2).map(round).find(|r| !r.is_zero() && *r != hundred) {
        Some(r) => format!("{r}%"),
        None if p < Decimal::ONE => "<0.01%".into(),
        None => ">99.99%".into(),
    }
}

/// A price per million for the effective-price column: `$3.5000`, `$1,643.3255` (grouped as every
/// amount is).
pub fn per_million(d: Option<Decimal>) -> String {
    match d {
        Some(v) => {
            let r = v
                .abs()
                .round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            let digits = format!("{r:.4}");
            let fraction = digits.find('.').map_or("", |at| &digits[at..]);
            let sign = if v.is_sign_negative() && !r.is_zero() {
                "-"
            } else {
                ""
            };
            format!("{sign}${}{fraction}", group(r.trunc()))
        }
        None => "-".into(),
    }
}

/// What a month of traffic is, in the units each option is billed on: `100,000,000 requests`; a
/// WebSocket API's `300,000,000 messages and 45,000,000 connection minutes`; both when options of
/// both kinds are side by side.
pub fn volume(quotes: &[crate::model::cost::Quote]) -> String {
    use crate::model::api::ApiKind;
    use crate::model::meter::Meter;
    let mut parts = Vec::new();
    if let Some(q) = quotes.iter().find(|q| q.api != ApiKind::WebSocket) {
        parts.push(counted(q.requests, "requests"));
    }
    if let Some(q) = quotes.iter().find(|q| q.api == ApiKind::WebSocket) {
        let minutes: Decimal = q
            .lines
            .iter()
            .filter(|l| l.meter == Meter::ConnectionMinutes)
            .map(|l| l.quantity)
            .sum();
        let ws = format!(
            "{} and {}",
            counted(q.requests, "messages"),
            counted(minutes, "connection minutes")
        );
        parts.push(match parts.is_empty() {
            true => ws,
            false => format!("WebSocket {ws}"),
        });
    }
    parts.join("; ")
}

/// The unit a projection's volume column counts: messages when every option is a WebSocket API.
pub fn volume_unit(apis: &[crate::model::api::ApiKind]) -> &'static str {
    match !apis.is_empty()
        && apis
            .iter()
            .all(|a| *a == crate::model::api::ApiKind::WebSocket)
    {
        true => "Messages",
        false => "Requests",
    }
}

/// `1 request`, `2 requests`, `1 hour`, `730 hours`, `1.5 GB`: a count with its unit, singular for
/// exactly one (units that are not plurals, `GB`, `USD`, stay as they are).
pub fn counted(d: Decimal, unit: &str) -> String {
    format!("{} {}", quantity(d), plural(d, unit))
}

/// `unit` as it reads after the count `d`: `request` for 1, `requests` otherwise.
pub fn plural(d: Decimal, unit: &str) -> String {
    if d == Decimal::ONE {
        match unit {
            "requests" | "messages" | "minutes" | "hours" | "LCU-hours" | "GB-seconds" | "rows"
            | "months" | "web ACL-months" | "rule-months" | "GB-months" | "endpoint-hours"
            | "traces" | "MAUs" | "environments" => unit[..unit.len() - 1].to_string(),
            _ => unit.to_string(),
        }
    } else {
        unit.to_string()
    }
}

/// A line's quantity cell: `100,000,000 requests`, `1 request`; a credit's: `$10.00 of credit`.
pub fn line_quantity(l: &LineItem) -> String {
    if l.meter == crate::model::meter::Meter::Credit {
        format!("{} of credit", money(l.quantity))
    } else if l.meter == crate::model::meter::Meter::Discount {
        format!("{} discounted", money(l.quantity))
    } else {
        counted(l.quantity, l.meter.unit())
    }
}

/// Money with enough decimals to tell `values` apart (at least cents, at most 10 decimals):
/// break-even tables whose costs all round to `$18.03` show `$18.0274`, `$18.0275`.
pub fn money_distinct(values: &[Decimal]) -> Vec<String> {
    let mut dp = 2;
    while dp < 10 {
        let shown: Vec<Decimal> = values
            .iter()
            .map(|v| {
                v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            })
            .collect();
        // Values that differ must read differently.
        let distinct_exact = values.iter().zip(&shown).enumerate().all(|(i, (a, sa))| {
            values[..i]
                .iter()
                .zip(&shown[..i])
                .all(|(b, sb)| a == b || sa != sb)
        });
        if distinct_exact {
            break;
        }
        dp += 1;
    }
    values
        .iter()
        .map(|v| {
            if dp == 2 {
                money(*v)
            } else {
                let r = v.round_dp_with_strategy(
                    dp,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                );
                let mut m = r.abs();
                m.rescale(dp);
                let s = m.to_string();
                let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
                let int: Decimal = int.parse().unwrap_or_default();
                format!(
                    "{}${}.{}",
                    if r.is_sign_negative() && !r.is_zero() {
                        "-"
                    } else {
                        ""
                    },
                    group(int),
                    frac
                )
            }
        })
        .collect()
}

/// The share of invocations that start cold, in words: `1.0000% of invocations`; a share that rounds
/// to 0.0000% reads as what it is, `fewer than 1 in 1,000,000 invocations`, not a 0% that suggests
/// none at all.
pub fn cold_start_share(rate: f64) -> String {
    if rate > 0.0 && rate * 100.0 < 0.00005 {
        "fewer than 1 in 1,000,000 invocations".to_string()
    } else {
        format!("{:.4}% of invocations", rate * 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The effective price keeps four decimals and groups thousands like every amount.
    #[test]
    fn a_price_per_million_has_four_decimals_and_grouped_thousands() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(per_million(Some(d("3.5"))), "$3.5000");
        assert_eq!(per_million(Some(d("1642.58885"))), "$1,642.5889");
        assert_eq!(per_million(Some(d("1234567.00004"))), "$1,234,567.0000");
        assert_eq!(per_million(Some(d("0.00004"))), "$0.0000");
        assert_eq!(per_million(None), "-");
    }

    /// A share is shown as a whole percent, except where that would read as none or all of it.
    #[test]
    fn a_percent_never_rounds_a_part_to_all_or_none() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(percent(d("71.4")), "71%");
        assert_eq!(percent(d("49.5")), "50%");
        assert_eq!(percent(d("99.4")), "99%");
        assert_eq!(percent(d("99.76")), "99.8%");
        assert_eq!(percent(d("99.96")), "99.96%");
        assert_eq!(percent(d("99.9999")), ">99.99%");
        assert_eq!(percent(d("100")), "100%");
        assert_eq!(percent(d("100.00")), "100%");
        assert_eq!(percent(d("150")), "150%");
        assert_eq!(percent(d("0")), "0%");
        assert_eq!(percent(d("0.4")), "0.4%");
        assert_eq!(percent(d("0.04")), "0.04%");
        assert_eq!(percent(d("0.004")), "<0.01%");
        assert_eq!(percent(d("0.5")), "1%");
        assert_eq!(percent(d("-99.76")), "-99.8%");
    }
}
