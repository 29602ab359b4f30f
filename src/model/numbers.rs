//! Parsing the numbers people type: `600M`, `1.5B`, `300_000_000`, `1,000`, `600KB`, `1.5MB`, `20%`.
//!
//! Every parser returns an exact `Decimal` or a message saying what was expected; the CLI turns that
//! message into a usage error naming the flag and the value (exit 2). Nothing is rounded: a value with
//! more digits than a `Decimal` holds exactly (28 significant digits) is an error, never a nearby number.
//! Messages quote the value as typed, shortened ([`shorten`]) when it is long.

use rust_decimal::Decimal;

use crate::error::shorten;

/// Hours in AWS's billing month.
pub const HOURS_PER_MONTH: u32 = 730;
/// Seconds in AWS's billing month (730 h).
pub const SECONDS_PER_MONTH: u32 = 730 * 3600;

/// The largest monthly volume priced (requests, messages, connection minutes): 10^25 units. Checked by
/// [`parse_count`] and by the CLI for volumes it derives (rps x seconds, customers x requests). It leaves
/// Decimal's range (about 7.9 x 10^28) room for the tier arithmetic; products of a volume with a size or
/// a duration are still checked where they are computed.
pub const MAX_UNITS: Decimal = Decimal::from_parts(1_241_513_984, 370_409_800, 542_101, false, 0);

/// The longest number accepted, in characters after trimming (`1,000,000,000,000.000001` is 24): a
/// longer value is refused before it is scanned, so a huge argument or profile value costs nothing.
pub const MAX_NUMBER_CHARS: usize = 64;

/// The largest payload size accepted, in KB: 1 TiB (2^30 KB). AWS's payload limits are megabytes
/// (checked per option in `limits`); this bound only keeps size arithmetic far from Decimal's range.
pub const MAX_SIZE_KB: u64 = 1 << 30;

/// Decimal digits a `Decimal` holds exactly: more would be rounded, so they are refused.
const MAX_DIGITS: usize = 28;

/// What a number may look like, for messages.
const SHAPE: &str = "such as 600M, 1.5B or 300_000_000";
/// What a count is, in an error: `expected a number such as 600M, ...` (a size or a rate names its own).
const NUMBER: &str = "a number such as 600M, 1.5B or 300_000_000";

/// A number as typed, split into its exact digits: value = sign x digits x 10^-scale.
struct Parsed {
    negative: bool,
    /// Significant digits, no leading zeros (empty for zero).
    digits: String,
    /// Digits after the decimal point (may be negative: trailing zeros not written).
    scale: i64,
}

/// Checks the separators of `body` and returns it without them: `_` between two digits anywhere, `,`
/// between digits of the integer part, grouping exactly three digits (`1,000,000`; `1,5` is refused,
/// it is not a decimal point here).
fn strip_separators(body: &str, original: &str, what: &str) -> Result<String, String> {
    let b = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    let mut in_fraction = false;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'_' | b',' => {
                let prev = i.checked_sub(1).map(|p| b[p]);
                let next = b.get(i + 1).copied();
                if !prev.is_some_and(|p| p.is_ascii_digit())
                    || !next.is_some_and(|n| n.is_ascii_digit())
                {
                    return Err(format!(
                        "expected {what}, got '{}' (a '{}' separator goes between two digits)",
                        shorten(original),
                        c as char
                    ));
                }
                if c == b',' {
                    let group = b[i + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
                    let after = b.get(i + 1 + group).copied();
                    if in_fraction || group != 3 || !matches!(after, None | Some(b',' | b'.')) {
                        return Err(format!(
                            "expected {what}, got '{}' (',' separates thousands, as in 1,000,000; use '.' for decimals)",
                            shorten(original)
                        ));
                    }
                }
            }
            b'.' => {
                in_fraction = true;
                out.push('.');
            }
            _ => out.push(c as char),
        }
    }
    Ok(out)
}

/// Splits `body` (separators removed) into sign, digits and scale, refusing anything but an optional
/// sign, digits and one decimal point.
fn split(body: &str, original: &str, what: &str) -> Result<Parsed, String> {
    if body.is_empty() {
        return Err(format!("expected {what}, got an empty value"));
    }
    let (negative, unsigned) = match body.as_bytes()[0] {
        b'-' => (true, &body[1..]),
        b'+' => (false, &body[1..]),
        _ => (false, body),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let all_digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return Err(format!("expected {what}, got '{}'", shorten(original)));
    }
    let frac = frac.trim_end_matches('0');
    let digits = format!("{int}{frac}").trim_start_matches('0').to_string();
    Ok(Parsed {
        negative,
        digits,
        scale: frac.len() as i64,
    })
}

impl Parsed {
    /// The exact Decimal x 10^`shift`, or why it cannot be represented.
    fn to_decimal(&self, shift: i64, original: &str) -> Result<Decimal, String> {
        if self.digits.is_empty() {
            return Ok(Decimal::ZERO);
        }
        let mut digits = self.digits.clone();
        let mut scale = self.scale - shift;
        // Trailing zeros of the digits lower the scale first (1.5 x 10^9 = 15 x 10^8).
        while scale > 0 && digits.ends_with('0') {
            digits.pop();
            scale -= 1;
        }
        let too_large = || {
            format!(
                "'{}' is too large: too many digits (the largest supported value is about 7.9 x 10^28)",
                shorten(original)
            )
        };
        let int_digits = digits.len() as i64 - scale;
        if int_digits > MAX_DIGITS as i64 + 1 {
            return Err(too_large());
        }
        if scale < 0 {
            digits.extend(std::iter::repeat_n('0', (-scale) as usize));
            scale = 0;
        }
        let too_precise = || {
            format!(
                "'{}' has too many digits to be represented exactly (at most {MAX_DIGITS} significant digits and {MAX_DIGITS} decimals); it would be rounded",
                shorten(original)
            )
        };
        if digits.len() > MAX_DIGITS + 1 || scale > MAX_DIGITS as i64 {
            return Err(too_precise());
        }
        let unrepresentable = || match scale {
            0 => too_large(),
            _ => too_precise(),
        };
        let mantissa: i128 = digits.parse().map_err(|_| unrepresentable())?;
        Decimal::try_from_i128_with_scale(
            if self.negative { -mantissa } else { mantissa },
            scale as u32,
        )
        .map_err(|_| unrepresentable())
    }
}

/// Refuses values too long to be a number, then trims them.
fn bounded(s: &str) -> Result<&str, String> {
    let t = s.trim();
    if t.chars().count() > MAX_NUMBER_CHARS {
        return Err(format!(
            "expected a number of at most {MAX_NUMBER_CHARS} characters, got '{}'",
            shorten(t)
        ));
    }
    Ok(t)
}

/// `v` x `mul` / 10^`div_pow10`, exactly, or `None` when the result cannot be represented exactly.
fn times(v: Decimal, mul: u32, div_pow10: u32) -> Option<Decimal> {
    let mut m = v.mantissa().checked_mul(i128::from(mul))?;
    let mut scale = v.scale() + div_pow10;
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    if scale > MAX_DIGITS as u32 {
        return None;
    }
    Decimal::try_from_i128_with_scale(m, scale).ok()
}

/// A suffix's power of ten: `k` 3, `M` 6, `B`/`G` 9, `T` 12.
fn suffix_power(c: char) -> Option<i64> {
    match c {
        'k' | 'K' => Some(3),
        'M' | 'm' => Some(6),
        'B' | 'b' | 'G' | 'g' => Some(9),
        'T' | 't' => Some(12),
        _ => None,
    }
}

/// A non-negative amount with an optional `k`, `M`, `B` (or `T`) suffix; `_` and `,` separators allowed.
pub fn parse_amount(s: &str) -> Result<Decimal, String> {
    let t = bounded(s)?;
    if let Some((mantissa, exponent)) = t.split_once(['e', 'E']) {
        return scientific(mantissa, exponent, s);
    }
    let (body, power) = match t.chars().last().and_then(suffix_power) {
        Some(p) => (&t[..t.len() - 1], p),
        None => (t, 0),
    };
    if body.is_empty() && !t.is_empty() {
        return Err(format!(
            "expected a number before the suffix, {SHAPE}, got '{}'",
            shorten(s)
        ));
    }
    let body = strip_separators(body, s, NUMBER)?;
    let p = split(&body, s, NUMBER)?;
    if p.negative {
        return Err(format!("must not be negative, got '{}'", shorten(s)));
    }
    p.to_decimal(power, s)
}

/// The largest power of ten accepted in scientific notation (`1e28`; more is beyond `Decimal`).
const MAX_EXPONENT: i64 = 28;

/// Scientific notation, as spreadsheets and other tools write large counts: `1e9`, `2.5E6`, `1e+9`.
/// The power is whole and not negative (`1e-3` is refused: write 0.001); the value is exact.
fn scientific(mantissa: &str, exponent: &str, original: &str) -> Result<Decimal, String> {
    const WHAT: &str = "a number in scientific notation such as 1e9 or 2.5e6";
    let digits = exponent.strip_prefix('+').unwrap_or(exponent);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "expected {WHAT} (a whole, non-negative power of ten), got '{}'",
            shorten(original)
        ));
    }
    let power: i64 = digits.parse().unwrap_or(i64::MAX);
    if power > MAX_EXPONENT {
        return Err(format!(
            "'{}' is too large (the largest supported value is about 7.9 x 10^28)",
            shorten(original)
        ));
    }
    let p = split(mantissa, original, WHAT)?;
    if p.negative {
        return Err(format!("must not be negative, got '{}'", shorten(original)));
    }
    p.to_decimal(power, original)
}

/// A whole, non-negative count (requests, messages): `1.5B` is fine, `0.5` is not; at most
/// [`MAX_UNITS`].
pub fn parse_count(s: &str) -> Result<Decimal, String> {
    let v = parse_amount(s)?;
    if v.fract() != Decimal::ZERO {
        return Err(format!(
            "expected a whole number, got '{}' = {v}",
            shorten(s)
        ));
    }
    if v > MAX_UNITS {
        return Err(format!(
            "'{}' is too large to price (more than 10^25 a month)",
            shorten(s)
        ));
    }
    Ok(v)
}

/// A size in KB: `600KB`, `1.5MB` (= 1,536 KB), `512` (KB), `2048B` (bytes). 1 MB = 1,024 KB. At most
/// [`MAX_SIZE_KB`].
pub fn parse_size_kb(s: &str) -> Result<Decimal, String> {
    const WHAT: &str = "a size such as 600KB or 1.5MB";
    let t = bounded(s)?;
    let c = t.to_ascii_lowercase();
    // (body, KB per unit: 1024^n, or bytes)
    let units: [(&[&str], u32, bool); 4] = [
        (&["kib", "kb", "k"], 1, false),
        (&["mib", "mb", "m"], 1024, false),
        (&["gib", "gb", "g"], 1024 * 1024, false),
        (&["b"], 1, true),
    ];
    let (body, mult, bytes) = units
        .iter()
        .find_map(|(suffixes, mult, bytes)| {
            suffixes
                .iter()
                .find_map(|x| c.strip_suffix(x))
                .map(|b| (b, *mult, *bytes))
        })
        .unwrap_or((c.as_str(), 1, false));
    let body = strip_separators(body, s, WHAT)?;
    let p = split(&body, s, WHAT)?;
    if p.negative {
        return Err(format!("a size must not be negative, got '{}'", shorten(s)));
    }
    let v = p.to_decimal(0, s)?;
    let too_large = || {
        format!(
            "'{}' is too large for a payload (at most 1 TB, {} KB)",
            shorten(s),
            group(Decimal::from(MAX_SIZE_KB))
        )
    };
    let limit = if bytes {
        MAX_SIZE_KB * 1024
    } else {
        MAX_SIZE_KB / u64::from(mult)
    };
    if v > Decimal::from(limit) {
        return Err(too_large());
    }
    // 1 byte = 1/1024 KB = 0.0009765625 KB: exact in 10 decimals.
    let kb = if bytes {
        times(v, 9_765_625, 10)
    } else {
        times(v, mult, 0)
    };
    kb.map(|v| v.normalize()).ok_or_else(|| {
        format!(
            "'{}' has too many digits to be represented exactly in KB (at most {MAX_DIGITS} decimals)",
            shorten(s)
        )
    })
}

/// A rate as a fraction, one meaning per spelling: `7%` = 0.07 and `0.07` = 0.07. A bare number above
/// 1 (`7`) is refused with both spellings, and `1` alone as ambiguous (100% or 1%?). May be negative
/// (a shrinking volume: `-5%`, `-0.05`).
pub fn parse_rate(s: &str) -> Result<Decimal, String> {
    const WHAT: &str = "a rate such as 20% or 0.2";
    let t = bounded(s)?;
    let (body, percent) = match t.strip_suffix('%') {
        Some(p) => (p.trim_end(), true),
        None => (t, false),
    };
    let body = strip_separators(body, s, WHAT)?;
    let v = split(&body, s, WHAT)?.to_decimal(0, s)?;
    if !percent && v.abs() == Decimal::ONE {
        let sign = if v.is_sign_negative() { "-" } else { "" };
        return Err(format!(
            "'{}' is ambiguous: write {sign}100% or {sign}1%",
            shorten(s)
        ));
    }
    if !percent && v.abs() > Decimal::ONE {
        let fraction = times(v, 1, 2).map(|f| f.normalize().to_string());
        return Err(match fraction {
            Some(f) => format!(
                "'{}' is not a rate: write {}% for a percentage, or {f} as a fraction",
                shorten(s),
                v.normalize()
            ),
            None => format!(
                "'{}' is not a rate: write it with % (20%) or as a fraction (0.2)",
                shorten(s)
            ),
        });
    }
    let v = if percent {
        times(v, 1, 2).ok_or_else(|| {
            format!(
                "'{}' has too many digits to be represented exactly as a fraction (at most {} decimals in percent)",
                shorten(s),
                MAX_DIGITS - 2
            )
        })?
    } else {
        v
    };
    Ok(v.normalize())
}

/// A fraction in [0, 1] (cache hit rate, cold-start rate).
pub fn parse_fraction(s: &str) -> Result<Decimal, String> {
    let v = parse_rate(s)?;
    if v.is_sign_negative() || v > Decimal::ONE {
        return Err(format!(
            "expected a rate between 0 and 100% (or 0 and 1), got '{}'",
            shorten(s)
        ));
    }
    Ok(v)
}

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

/// A positive decimal (durations, memory, rps).
pub fn parse_positive(s: &str) -> Result<Decimal, String> {
    let v = parse_amount(s)?;
    if v <= Decimal::ZERO {
        return Err(format!(
            "expected a number above zero, got '{}'",
            shorten(s)
        ));
    }
    Ok(v)
}

/// A Lambda duration in ms, an average per invocation: at least 1 ms (Lambda bills in 1 ms
/// increments, at least 1 ms an invocation); the 900,000 ms quota is checked with its source where the
/// function is priced.
pub fn parse_duration_ms(s: &str) -> Result<Decimal, String> {
    let v = parse_amount(s)?;
    if v < Decimal::ONE {
        return Err(format!(
            "expected a duration of at least 1 ms (Lambda bills at least 1 ms an invocation), got '{}'",
            shorten(s)
        ));
    }
    Ok(v)
}

/// Lambda memory in whole MB, 128 to 10,240 (AWS Lambda quotas).
pub fn parse_memory_mb(s: &str) -> Result<Decimal, String> {
    let v = parse_amount(s)?;
    if !v.fract().is_zero() || v < Decimal::from(128) || v > Decimal::from(10_240) {
        return Err(format!(
            "expected whole MB, 128 to 10240 MB (AWS Lambda quotas, LAMBDA-QUOTAS-DOC in data/limits.json), got '{}'",
            shorten(s)
        ));
    }
    Ok(v.normalize())
}

/// Bytes a request (log lines): `1024`, or with a unit, `1KB` = 1,024, `1.5KB` = 1,536; whole, at
/// most 1 MB (CloudWatch Logs' largest event).
pub fn parse_log_bytes(s: &str) -> Result<Decimal, String> {
    let t = bounded(s)?;
    let bare = t
        .bytes()
        .all(|c| c.is_ascii_digit() || c == b'_' || c == b',' || c == b'.');
    let bytes = if bare {
        parse_amount(t)?
    } else {
        parse_size_kb(t)?
            .checked_mul(Decimal::from(1024))
            .ok_or_else(|| format!("'{}' is too large", shorten(s)))?
            .normalize()
    };
    if !bytes.fract().is_zero() || bytes > Decimal::from(1_048_576) {
        return Err(format!(
            "expected whole bytes, at most 1,048,576 (1MB: CloudWatch Logs' largest event), got '{}'",
            shorten(s)
        ));
    }
    Ok(bytes)
}

/// Log retention, whole months from 0 to 120 (CloudWatch Logs' longest setting is 10 years).
pub fn parse_retention_months(s: &str) -> Result<Decimal, String> {
    whole_between(
        s,
        0,
        120,
        "0 to 120 months (CloudWatch Logs' longest retention setting is 10 years)",
    )
}

/// Availability Zones of an interface VPC endpoint, 1 to 6.
pub fn parse_azs(s: &str) -> Result<Decimal, String> {
    whole_between(s, 1, 6, "1 to 6 Availability Zones")
}

fn whole_between(s: &str, lo: u32, hi: u32, what: &str) -> Result<Decimal, String> {
    let v = parse_amount(s)?;
    if !v.fract().is_zero() || v < Decimal::from(lo) || v > Decimal::from(hi) {
        return Err(format!("expected {what}, got '{}'", shorten(s)));
    }
    Ok(v.normalize())
}

/// Requests a month from a steady rate: R x 3,600 x 730 (`None` above [`MAX_UNITS`]).
pub fn requests_from_rps(rps: Decimal) -> Option<Decimal> {
    rps.checked_mul(Decimal::from(SECONDS_PER_MONTH))
        .filter(|r| *r <= MAX_UNITS)
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
    fn group_inserts_thousands_separators() {
        assert_eq!(group(d("1234567")), "1,234,567");
        assert_eq!(group(d("100")), "100");
        assert_eq!(group(d("1234.5")), "1,234.5");
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
    }

    #[test]
    fn scientific_notation_for_whole_numbers() {
        assert_eq!(parse_count("1e9").unwrap(), d("1000000000"));
        assert_eq!(parse_count("2.5E6").unwrap(), d("2500000"));
        assert_eq!(parse_count("1e+3").unwrap(), d("1000"));
        assert_eq!(parse_count("1e25").unwrap(), MAX_UNITS);
        assert!(parse_count("1e26").unwrap_err().contains("too large"));
        assert!(parse_count("1.5e0").unwrap_err().contains("whole number"));
        assert!(parse_count("1e-3").unwrap_err().contains("power of ten"));
        assert!(parse_count("1e99999999999999999999")
            .unwrap_err()
            .contains("too large"));
        assert_eq!(parse_amount("1.5e0").unwrap(), d("1.5"));
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
        assert_eq!(parse_rate("7%").unwrap(), parse_rate("0.07").unwrap());
        assert_eq!(parse_rate("-5%").unwrap(), d("-0.05"));
        assert_eq!(parse_rate("100%").unwrap(), d("1"));
        assert_eq!(parse_rate("0").unwrap(), d("0"));
        // A bare number above 1 is refused with both spellings; 1 alone is ambiguous.
        let e = parse_fraction("80").unwrap_err();
        assert!(e.contains("80%") && e.contains("0.8"), "{e}");
        let e = parse_rate("1").unwrap_err();
        assert!(e.contains("100%") && e.contains("1%"), "{e}");
        let e = parse_rate("1.0").unwrap_err();
        assert!(e.contains("ambiguous"), "{e}");
        let e = parse_rate("-1").unwrap_err();
        assert!(e.contains("-100%") && e.contains("-1%"), "{e}");
        assert!(parse_fraction("150%").is_err());
    }

    #[test]
    fn lambda_settings_and_log_sizes() {
        assert!(parse_memory_mb("128.5").is_err());
        assert!(parse_memory_mb("127").is_err());
        assert_eq!(parse_memory_mb("10240").unwrap(), d("10240"));
        assert!(parse_duration_ms("0.0001").is_err());
        assert_eq!(parse_duration_ms("1.5").unwrap(), d("1.5"));
        assert_eq!(parse_log_bytes("1KB").unwrap(), d("1024"));
        assert_eq!(parse_log_bytes("1,024").unwrap(), d("1024"));
        assert_eq!(parse_log_bytes("1MB").unwrap(), d("1048576"));
        assert!(parse_log_bytes("1.5").is_err());
        assert!(parse_log_bytes("2MB").is_err());
        assert!(parse_azs("7").is_err() && parse_azs("0").is_err() && parse_azs("2.5").is_err());
        assert!(parse_retention_months("121").is_err());
    }

    #[test]
    fn rps_uses_a_730_hour_month() {
        assert_eq!(requests_from_rps(d("1")).unwrap(), d("2628000"));
        assert!(requests_from_rps(MAX_UNITS).is_none());
    }

    #[test]
    fn max_units_is_ten_to_the_25th() {
        assert_eq!(MAX_UNITS, d("10000000000000000000000000"));
        assert_eq!(
            parse_count("10000000000000000000000000").unwrap(),
            MAX_UNITS
        );
        assert!(parse_count("10000000000000000000000001").is_err());
    }

    #[test]
    fn nothing_is_rounded() {
        // More digits than a Decimal holds: an error, never the nearest value.
        let e = parse_count("1.0000000000000000000000000000000001").unwrap_err();
        assert!(e.contains("too many digits"), "{e}");
        // The suffix shifts the point exactly: 10^-29 x 10^6 is 10^-23, a fraction of a request.
        let e = parse_count("0.00000000000000000000000000001M").unwrap_err();
        assert!(e.contains("whole number"), "{e}");
        assert_eq!(
            parse_amount("0.00000000000000000000000000001M").unwrap(),
            d("0.00000000000000000000001")
        );
        assert_eq!(parse_count("0.000001T").unwrap(), d("1000000"));
        assert_eq!(parse_count("1.5B").unwrap().scale(), 0);
        assert_eq!(
            parse_amount("1234567890123456789012345678").unwrap(),
            d("1234567890123456789012345678")
        );
        assert!(parse_amount("12345678901234567890123456789012").is_err());
        assert_eq!(
            parse_amount("79228162514264337593543950335").unwrap(),
            Decimal::MAX
        );
        assert!(parse_amount("79228162514264337593543950336")
            .unwrap_err()
            .contains("too large"));
        assert!(parse_amount("7922816251426433759354395033.6")
            .unwrap_err()
            .contains("too many digits"));
        assert_eq!(parse_rate("12.5%").unwrap(), d("0.125"));
        assert!(parse_rate("0.00000000000000000000000000001%").is_err());
    }

    #[test]
    fn junk_is_refused() {
        for s in [
            "",
            " ",
            "1e",
            "1e-3",
            "1.5e0",
            "e9",
            "1e9k",
            "1M1",
            "NaN",
            "inf",
            "-0",
            "1_000__000",
            "_1",
            "1_",
            "1,5",
            "1,0000",
            "1.000,5",
            "1..0",
            ".",
            "+",
            "-",
            "k",
            "1kk",
            "١٢٣",
            "１２",
            "0x10",
            "1 000",
        ] {
            assert!(parse_count(s).is_err(), "{s:?} was accepted");
        }
        assert_eq!(parse_count("1_000_000").unwrap(), d("1000000"));
        assert_eq!(parse_count("1,000,000.0").unwrap(), d("1000000"));
        assert_eq!(parse_count("+5").unwrap(), d("5"));
        assert_eq!(parse_rate("-0").unwrap(), Decimal::ZERO);
        assert_eq!(parse_rate("-5%").unwrap(), d("-0.05"));
    }

    #[test]
    fn long_values_are_refused_and_quoted_short() {
        let long = "9".repeat(100_000);
        for e in [
            parse_count(&long).unwrap_err(),
            parse_size_kb(&long).unwrap_err(),
            parse_rate(&long).unwrap_err(),
        ] {
            assert!(e.len() < 200, "{e}");
            assert!(e.contains("100000 characters"), "{e}");
        }
        assert_eq!(shorten("abc"), "abc");
    }

    #[test]
    fn sizes_are_bounded_and_exact() {
        assert_eq!(parse_size_kb("1B").unwrap(), d("0.0009765625"));
        assert_eq!(parse_size_kb("1GB").unwrap(), d("1048576"));
        assert_eq!(parse_size_kb("1024GB").unwrap(), d("1073741824"));
        assert!(parse_size_kb("1025GB").unwrap_err().contains("too large"));
        assert!(parse_size_kb("79228162514264337593543950335MB").is_err());
        assert!(parse_size_kb("-5").unwrap_err().contains("negative"));
        assert!(parse_size_kb("0.0000000000000000000000001B").is_err());
    }
}
