//! Timestamps as CloudWatch writes them (ISO 8601 / RFC 3339: `2026-11-01T00:00:00Z`,
//! `2026-11-01T00:00:00+00:00`, `2026-11-01T00:00:00.000Z`), as seconds since 1970 (UTC). No time-zone
//! database is needed: an offset is applied as written.

/// The earliest and latest instants accepted: years 1970 to 9999.
pub const MIN_SECONDS: i64 = 0;
pub const MAX_SECONDS: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

use crate::model::calendar::{civil_from_days, days_from_civil};

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

const EXPECTED: &str =
    "a UTC timestamp such as 2026-11-01T00:00:00Z (ISO 8601, with Z or an offset)";

/// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM|-HH:MM)` (a space may stand for `T`; a date alone is
/// midnight UTC) into seconds since 1970. Fractions of a second are accepted and must be zero: CloudWatch
/// periods are whole minutes.
pub fn parse(s: &str) -> Result<i64, String> {
    let t = s.trim();
    let bad = || format!("expected {EXPECTED}");
    if t.len() > 40 || !t.is_ascii() {
        return Err(bad());
    }
    let num = |a: &str| -> Result<i64, String> {
        if a.is_empty() || !a.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        a.parse::<i64>().map_err(|_| bad())
    };
    let (date, rest) = match t.find(['T', 't', ' ']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None if t.len() == 10 => (t, "00:00:00Z"),
        None => return Err(bad()),
    };
    let d: Vec<&str> = date.split('-').collect();
    if d.len() != 3 || d[0].len() != 4 || d[1].len() != 2 || d[2].len() != 2 {
        return Err(bad());
    }
    let (y, mo, da) = (num(d[0])?, num(d[1])?, num(d[2])?);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&mo) || da < 1 || da > days_in_month(y, mo)
    {
        return Err(format!("{}: no such date; expected {EXPECTED}", date));
    }
    // The offset: Z, or +HH:MM / -HH:MM (or +HHMM).
    let (clock, offset) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (c, o) = (&rest[..i], &rest[i..]);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let digits: String = o[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 {
            return Err(bad());
        }
        let (oh, om) = (num(&digits[..2])?, num(&digits[2..])?);
        if oh > 23 || om > 59 {
            return Err(bad());
        }
        (c, sign * (oh * 3600 + om * 60))
    } else {
        return Err(format!("{t}: no time zone; expected {EXPECTED}"));
    };
    let (clock, frac) = match clock.split_once('.') {
        Some((c, f)) => (c, f),
        None => (clock, ""),
    };
    if !frac.bytes().all(|b| b == b'0') {
        return Err(format!(
            "{t}: a fraction of a second; expected whole seconds ({EXPECTED})"
        ));
    }
    let c: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&c.len()) || c.iter().any(|p| p.len() != 2) {
        return Err(bad());
    }
    let (h, mi) = (num(c[0])?, num(c[1])?);
    let sec = if c.len() == 3 { num(c[2])? } else { 0 };
    if h > 23 || mi > 59 || sec > 59 {
        return Err(bad());
    }
    let at = days_from_civil(y, mo, da) * 86_400 + h * 3600 + mi * 60 + sec - offset;
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&at) {
        return Err(format!("{t}: expected an instant from 1970 to 9999"));
    }
    Ok(at)
}

/// `2026-11-01T00:00:00Z`.
pub fn format(at: i64) -> String {
    let (days, secs) = (at.div_euclid(86_400), at.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// `2026-11-01` when `at` is midnight, else `2026-11-01 14:00` (UTC): for labels and comments.
pub fn short(at: i64) -> String {
    let f = format(at);
    if at.rem_euclid(86_400) == 0 {
        f[..10].to_string()
    } else {
        format!("{} {}", &f[..10], &f[11..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_offsets() {
        let t = parse("2026-11-01T00:00:00Z").unwrap();
        assert_eq!(t, 1_793_491_200);
        assert_eq!(format(t), "2026-11-01T00:00:00Z");
        assert_eq!(parse("2026-11-01T01:00:00+01:00").unwrap(), t);
        assert_eq!(parse("2026-10-31T19:00:00-05:00").unwrap(), t);
        assert_eq!(parse("2026-11-01T00:00:00.000+00:00").unwrap(), t);
        assert_eq!(parse("2026-11-01 00:00Z").unwrap(), t);
        assert_eq!(parse("2026-11-01").unwrap(), t);
        assert_eq!(format(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            parse("2028-02-29T12:30:00Z").map(format).unwrap(),
            "2028-02-29T12:30:00Z"
        );
        assert_eq!(short(t), "2026-11-01");
        assert_eq!(short(t + 14 * 3600), "2026-11-01 14:00");
    }

    #[test]
    fn bad_timestamps_say_what_was_expected() {
        for s in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-01T24:00:00Z",
            "2026-11-01T00:00:00",
            "2026-11-01T00:00:00.5Z",
            "1969-12-31T23:59:59Z",
            "yesterday",
            "2026-11-01T00:00:00+25:00",
            "２０２６-11-01T00:00:00Z",
        ] {
            let e = parse(s).unwrap_err();
            assert!(e.contains("expected"), "{s}: {e}");
        }
    }
}
