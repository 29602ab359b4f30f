//! Reading a range as typed, each end by the input's own point parser (so `80M..120M`, `1KB..4KB`,
//! `5%..15%` read their ends exactly as `--requests 80M`, `--request-size 1KB`, `--growth 5%` do):
//!
//! - `LOW..HIGH`: uniform, LOW < HIGH;
//! - `MEAN~SHARE`: normal, sd = SHARE x MEAN (SHARE a rate: `20%` or `0.2`; above zero);
//! - `p10=A,p50=B,p90=C` (any order, each once): log-normal through them, 0 < A < B < C.
//!
//! A value with none of `..`, `~`, `=` is a point, for the point parser.

use rust_decimal::Decimal;

use super::{Dist, Input};
use crate::error::shorten;
use crate::model::numbers;

/// The longest range accepted, in characters (three numbers of at most 64 and their keys).
pub const MAX_RANGE_CHARS: usize = 256;

/// Whether `text` is written as a range (rather than a point).
pub fn is_range(text: &str) -> bool {
    text.contains("..") || text.contains('~') || text.contains('=')
}

/// The distribution `text` gives `input`, or `None` for a point.
pub fn parse(input: Input, text: &str) -> Result<Option<Dist>, String> {
    let t = text.trim();
    if !is_range(t) {
        return Ok(None);
    }
    if t.len() > MAX_RANGE_CHARS {
        return Err(format!(
            "a range of at most {MAX_RANGE_CHARS} characters, got {} characters",
            t.len()
        ));
    }
    let point = input.point_parser();
    let end = |s: &str, which: &str| {
        point(s.trim()).map_err(|e| format!("{which} of the range '{}': {e}", shorten(t)))
    };
    if t.contains('=') {
        return quantiles(input, t, &end).map(Some);
    }
    if let Some((lo, hi)) = t.split_once("..") {
        let (low, high) = (end(lo, "the low end")?, end(hi, "the high end")?);
        if low >= high {
            return Err(format!(
                "a range LOW..HIGH with LOW below HIGH (such as 80M..120M), got '{}'",
                shorten(t)
            ));
        }
        return Ok(Some(Dist::Uniform { low, high }));
    }
    let (m, share) = t.split_once('~').unwrap_or((t, ""));
    let mean = end(m, "the mean")?;
    let share = numbers::parse_rate(share.trim()).map_err(|e| {
        format!(
            "MEAN~SHARE with the standard deviation as a share of the mean (such as 100M~20%): {e}"
        )
    })?;
    if share <= Decimal::ZERO || mean.is_zero() {
        return Err(format!(
            "MEAN~SHARE with a mean other than zero and a share above zero (such as 100M~20%), got '{}'",
            shorten(t)
        ));
    }
    let sd = (mean * share).abs();
    Ok(Some(Dist::Normal { mean, sd }))
}

/// `p10=A,p50=B,p90=C`: the keys found where a `pNN=` begins the text or follows a comma or space
/// (a value may hold commas of its own: `p10=60,000,000,...`).
fn quantiles(
    input: Input,
    t: &str,
    end: &dyn Fn(&str, &str) -> Result<Decimal, String>,
) -> Result<Dist, String> {
    const SHAPE: &str = "p10=A,p50=B,p90=C (such as p10=60M,p50=100M,p90=180M)";
    let lower = t.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut starts: Vec<(usize, &str)> = Vec::new();
    for key in ["p10=", "p50=", "p90="] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(key) {
            let at = from + i;
            if at == 0 || matches!(b[at - 1], b',' | b' ') {
                starts.push((at, &key[..3]));
            }
            from = at + key.len();
        }
    }
    starts.sort();
    let keys: Vec<&str> = starts.iter().map(|(_, k)| *k).collect();
    let once = |k: &str| keys.iter().filter(|x| **x == k).count() == 1;
    if starts.first().map(|(i, _)| *i) != Some(0)
        || keys.len() != 3
        || !["p10", "p50", "p90"].iter().all(|k| once(k))
    {
        return Err(format!("{SHAPE}, got '{}'", shorten(t)));
    }
    let mut v = [Decimal::ZERO; 3];
    for (n, (at, key)) in starts.iter().enumerate() {
        let stop = starts.get(n + 1).map_or(t.len(), |(s, _)| *s);
        let body = t[at + 4..stop].trim().trim_end_matches(',').trim();
        let slot = match *key {
            "p10" => 0,
            "p50" => 1,
            _ => 2,
        };
        v[slot] = end(body, key)?;
    }
    if !(v[0] > Decimal::ZERO && v[0] < v[1] && v[1] < v[2]) {
        return Err(format!(
            "{SHAPE} with 0 < p10 < p50 < p90 (a log-normal), got '{}'{}",
            shorten(t),
            if input == Input::Growth {
                "; for a growth that may be negative, give LOW..HIGH or MEAN~SHARE"
            } else {
                ""
            }
        ));
    }
    Ok(Dist::log_normal(v[0], v[1], v[2]))
}

/// The value a command that prices one point takes from `text`: the point, or the range's median
/// (rounded as a draw is).
pub fn center(input: Input, text: &str) -> Result<Decimal, String> {
    match parse(input, text)? {
        Some(d) => Ok(input.settle(d.median())),
        None => (input.point_parser())(text),
    }
}

/// Value parsers of the flags that take a range: the point, or the range's median (the command
/// reads the range itself from the typed text).
pub fn requests(s: &str) -> Result<Decimal, String> {
    center(Input::Requests, s)
}
pub fn growth(s: &str) -> Result<Decimal, String> {
    center(Input::Growth, s)
}
pub fn size(s: &str) -> Result<Decimal, String> {
    center(Input::RequestSize, s)
}
pub fn cache_hit(s: &str) -> Result<Decimal, String> {
    center(Input::CacheHit, s)
}
pub fn messages(s: &str) -> Result<Decimal, String> {
    center(Input::Messages, s)
}
pub fn duration_ms(s: &str) -> Result<Decimal, String> {
    center(Input::DurationMs, s)
}

/// `sensitivity --share`: a rate above 0 and below 1.
pub fn share(s: &str) -> Result<Decimal, String> {
    let v = numbers::parse_rate(s)?;
    if v <= Decimal::ZERO || v >= Decimal::ONE {
        return Err(format!(
            "a share above 0% and below 100% (such as 20%), got '{}'",
            shorten(s.trim())
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn the_three_shapes() {
        assert_eq!(
            parse(Input::Requests, "80M..120M").unwrap(),
            Some(Dist::Uniform {
                low: d("80000000"),
                high: d("120000000")
            })
        );
        assert_eq!(
            parse(Input::Requests, "100M~20%").unwrap(),
            Some(Dist::Normal {
                mean: d("100000000"),
                sd: d("20000000")
            })
        );
        let l = parse(Input::Requests, "p90=180M, p10=60,000,000,p50=100M")
            .unwrap()
            .unwrap();
        assert_eq!(l.median(), d("100000000"));
        assert!(matches!(l, Dist::LogNormal { p10, .. } if p10 == d("60000000")));
        assert_eq!(parse(Input::Requests, "100M").unwrap(), None);
        assert_eq!(
            parse(Input::Growth, "-5%..10%").unwrap(),
            Some(Dist::Uniform {
                low: d("-0.05"),
                high: d("0.1")
            })
        );
        assert_eq!(center(Input::RequestSize, "1KB..4KB").unwrap(), d("2.5"));
        assert_eq!(center(Input::Requests, "1..2").unwrap(), d("2"));
    }

    #[test]
    fn bad_ranges_say_what_was_expected() {
        let e = parse(Input::Requests, "120M..80M").unwrap_err();
        assert!(e.contains("LOW below HIGH"), "{e}");
        let e = parse(Input::Requests, "80M..lots").unwrap_err();
        assert!(e.contains("the high end") && e.contains("lots"), "{e}");
        let e = parse(Input::Requests, "p10=60M,p50=100M").unwrap_err();
        assert!(e.contains("p10=A,p50=B,p90=C"), "{e}");
        let e = parse(Input::Requests, "p10=60M,p50=50M,p90=180M").unwrap_err();
        assert!(e.contains("0 < p10 < p50 < p90"), "{e}");
        let e = parse(Input::Requests, "p10=1M,p10=2M,p90=3M").unwrap_err();
        assert!(e.contains("p10=A"), "{e}");
        let e = parse(Input::Requests, "100M~0").unwrap_err();
        assert!(e.contains("share above zero"), "{e}");
        let e = parse(Input::CacheHit, "50%..150%").unwrap_err();
        assert!(e.contains("the high end"), "{e}");
        let long = format!("1..{}", "9".repeat(300));
        assert!(parse(Input::Requests, &long)
            .unwrap_err()
            .contains("at most 256"));
    }
}
