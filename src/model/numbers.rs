//! Parsing the numbers people type: `600M`, `1.5B`, `300_000_000`, `1,000`, `600KB`, `1.5MB`, `20%`.
//!
//! Every parser returns an exact `Decimal` or a message saying what was expected; the CLI turns that
//! message into a usage error naming the flag and the value (exit 2).

use rust_decimal::Decimal;

/// Hours in AWS's billing month.
pub const HOURS_PER_MONTH: u32 = 730;
/// Seconds in AWS's billing month (730 h).
pub const SECONDS_PER_MONTH: u32 = 730 * 3600;

fn clean(s: &str) -> String {
    s.trim()
        .chars()
        .filter(|c| *c != '_' && *c != ',')
        .collect()
}

fn decimal(body: &str, original: &str, what: &str) -> Result<Decimal, String> {
    if body.is_empty() {
        return Err(format!("expected {what}, got an empty value"));
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return Err(format!(
            "expected {what} such as 600M, 1.5B or 300_000_000, got '{original}'"
        ));
    }
    body.parse::<Decimal>()
        .map_err(|_| format!("expected {what} such as 600M, 1.5B or 300_000_000, got '{original}' (not a number, or too many digits)"))
}

/// A non-negative amount with an optional `k`, `M`, `B` (or `T`) suffix; `_` and `,` separators allowed.
pub fn parse_amount(s: &str) -> Result<Decimal, String> {
    let c = clean(s);
    let (body, mult) = match c.chars().last() {
        Some('k' | 'K') => (&c[..c.len() - 1], Decimal::from(1_000u64)),
        Some('M' | 'm') => (&c[..c.len() - 1], Decimal::from(1_000_000u64)),
        Some('B' | 'b' | 'G' | 'g') => (&c[..c.len() - 1], Decimal::from(1_000_000_000u64)),
        Some('T' | 't') => (&c[..c.len() - 1], Decimal::from(1_000_000_000_000u64)),
        _ => (c.as_str(), Decimal::ONE),
    };
    let v = decimal(body, s, "a number")?;
    if v.is_sign_negative() {
        return Err(format!("must not be negative, got '{s}'"));
    }
    v.checked_mul(mult)
        .ok_or_else(|| {
            format!("'{s}' is too large (the largest supported value is about 7.9 x 10^28)")
        })
        .map(|v| v.normalize())
}

/// A whole, non-negative count (requests, messages): `1.5B` is fine, `0.5` is not.
pub fn parse_count(s: &str) -> Result<Decimal, String> {
    let v = parse_amount(s)?;
    if v.fract() != Decimal::ZERO {
        return Err(format!("expected a whole number, got '{s}' = {v}"));
    }
    if v > Decimal::from(10u64.pow(18)) * Decimal::from(10_000_000u64) {
        return Err(format!(
            "'{s}' is too large to price (more than 10^25 a month)"
        ));
    }
    Ok(v)
}

/// A size in KB: `600KB`, `1.5MB` (= 1,536 KB), `512` (KB), `2048B` (bytes). 1 MB = 1,024 KB.
pub fn parse_size_kb(s: &str) -> Result<Decimal, String> {
    let c = clean(s).to_ascii_lowercase();
    let (body, mult, div) = if let Some(b) = c
        .strip_suffix("kib")
        .or_else(|| c.strip_suffix("kb"))
        .or_else(|| c.strip_suffix('k'))
    {
        (b, 1u32, 1u32)
    } else if let Some(b) = c
        .strip_suffix("mib")
        .or_else(|| c.strip_suffix("mb"))
        .or_else(|| c.strip_suffix('m'))
    {
        (b, 1024, 1)
    } else if let Some(b) = c
        .strip_suffix("gib")
        .or_else(|| c.strip_suffix("gb"))
        .or_else(|| c.strip_suffix('g'))
    {
        (b, 1024 * 1024, 1)
    } else if let Some(b) = c.strip_suffix('b') {
        (b, 1, 1024)
    } else {
        (c.as_str(), 1, 1)
    };
    let v = decimal(body, s, "a size such as 600KB or 1.5MB")?;
    if v.is_sign_negative() {
        return Err(format!("a size must not be negative, got '{s}'"));
    }
    Ok((v * Decimal::from(mult) / Decimal::from(div)).normalize())
}

/// A rate as a fraction: `20%` = 0.2, `0.2` = 0.2. With `percent_default`, a bare number above 1 is read
/// as a percentage (`--cache-hit 80` = 0.8).
pub fn parse_rate(s: &str) -> Result<Decimal, String> {
    let c = clean(s);
    let v = if let Some(p) = c.strip_suffix('%') {
        decimal(p, s, "a rate such as 20% or 0.2")? / Decimal::from(100)
    } else {
        let v = decimal(&c, s, "a rate such as 20% or 0.2")?;
        if v.abs() > Decimal::ONE {
            v / Decimal::from(100)
        } else {
            v
        }
    };
    Ok(v.normalize())
}

/// A fraction in [0, 1] (cache hit rate, cold-start rate).
pub fn parse_fraction(s: &str) -> Result<Decimal, String> {
    let v = parse_rate(s)?;
    if v.is_sign_negative() || v > Decimal::ONE {
        return Err(format!(
            "expected a rate between 0 and 100% (or 0 and 1), got '{s}'"
        ));
    }
    Ok(v)
}

/// A positive decimal (durations, memory, rps).
/// A peak factor: how many times the monthly average rate the peak reaches, from 1 to 1,000.
pub fn parse_peak_factor(s: &str) -> Result<Decimal, String> {
    let v = parse_positive(s)?;
    if v < Decimal::ONE || v > Decimal::from(1000) {
        return Err(format!(
            "expected a peak factor from 1 (a flat month) to 1,000, got {v}"
        ));
    }
    Ok(v)
}

pub fn parse_positive(s: &str) -> Result<Decimal, String> {
    let v = parse_amount(s)?;
    if v <= Decimal::ZERO {
        return Err(format!("expected a number above zero, got '{s}'"));
    }
    Ok(v)
}

/// Requests a month from a steady rate: R x 3,600 x 730.
pub fn requests_from_rps(rps: Decimal) -> Option<Decimal> {
    rps.checked_mul(Decimal::from(SECONDS_PER_MONTH))
}

/// 1234567 → "1,234,567" (explanations only; renderers format their own columns).
pub fn group(d: Decimal) -> String {
    let s = d.normalize().to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", int),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn suffixes_and_separators() {
        assert_eq!(parse_count("600M").unwrap(), d("600000000"));
        assert_eq!(parse_count("1.5B").unwrap(), d("1500000000"));
        assert_eq!(parse_count("300_000_000").unwrap(), d("300000000"));
        assert_eq!(parse_count("1,000,000").unwrap(), d("1000000"));
        assert_eq!(parse_count("10k").unwrap(), d("10000"));
        assert_eq!(parse_count("0").unwrap(), d("0"));
    }

    #[test]
    fn bad_counts_say_what_was_expected() {
        assert!(parse_count("ten")
            .unwrap_err()
            .contains("expected a number"));
        assert!(parse_count("-5").unwrap_err().contains("negative"));
        assert!(parse_count("0.5").unwrap_err().contains("whole number"));
        assert!(parse_count("").is_err());
        assert!(parse_count("99999999999999999999999999999999").is_err());
        assert!(parse_count("79228162514264337593543950335B").is_err());
        assert!(parse_count("1e9").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size_kb("600KB").unwrap(), d("600"));
        assert_eq!(parse_size_kb("1.5MB").unwrap(), d("1536"));
        assert_eq!(parse_size_kb("512").unwrap(), d("512"));
        assert_eq!(parse_size_kb("512.001kb").unwrap(), d("512.001"));
        assert_eq!(parse_size_kb("2048B").unwrap(), d("2"));
        assert!(parse_size_kb("big").is_err());
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("20%").unwrap(), d("0.2"));
        assert_eq!(parse_rate("0.1").unwrap(), d("0.1"));
        assert_eq!(parse_fraction("80").unwrap(), d("0.8"));
        assert!(parse_fraction("150%").is_err());
    }

    #[test]
    fn rps_uses_a_730_hour_month() {
        assert_eq!(requests_from_rps(d("1")).unwrap(), d("2628000"));
    }
}
