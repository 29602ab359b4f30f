//! Calendar months (`--start YYYY-MM`): a period's label and its real hours, for the hourly meters
//! (REST cache, ALB hours). Without a calendar month a month is AWS's convention of 730 hours and
//! periods are numbered.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::numbers::HOURS_PER_MONTH;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (the inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The date of a day count since 1970-01-01 as `YYYY-MM-DD`.
pub fn iso_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// One calendar month, `YYYY-MM` (years 1 to 9999, proleptic Gregorian calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CalendarMonth {
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
}

impl CalendarMonth {
    /// Parses `YYYY-MM` (`2026-02`); the error says what was expected.
    pub fn parse(s: &str) -> Result<CalendarMonth, String> {
        let t = s.trim();
        let bad = || format!("expected a calendar month as YYYY-MM (e.g. 2026-02), got '{t}'");
        let (y, m) = t.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: u16 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        if year == 0 || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(CalendarMonth { year, month })
    }

    /// The month `n` months later, `None` past the year 9999.
    pub fn plus(self, n: u32) -> Option<CalendarMonth> {
        let index = (u32::from(self.year) * 12 + u32::from(self.month) - 1).checked_add(n)?;
        let year = u16::try_from(index / 12).ok().filter(|y| *y <= 9999)?;
        Some(CalendarMonth {
            year,
            month: (index % 12) as u8 + 1,
        })
    }

    /// Days in the month (leap years: divisible by 4, except centuries not divisible by 400).
    pub fn days(self) -> u32 {
        match self.month {
            4 | 6 | 9 | 11 => 30,
            2 if self.is_leap() => 29,
            2 => 28,
            _ => 31,
        }
    }

    fn is_leap(self) -> bool {
        let y = u32::from(self.year);
        (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
    }

    /// The month's hours: 672 in February 2026, 744 in March.
    pub fn hours(self) -> u32 {
        self.days() * 24
    }

    /// `2026-02`.
    pub fn label(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// The hours an hourly meter bills in a month: the calendar month's real hours, else 730.
pub fn month_hours(month: Option<CalendarMonth>) -> Decimal {
    Decimal::from(month.map_or(HOURS_PER_MONTH, CalendarMonth::hours))
}

/// How the hours of a month were counted, for a line's basis: "672 hours (2026-02)" or
/// "730 hours (730-hour month)".
pub fn hours_basis(month: Option<CalendarMonth>) -> String {
    match month {
        Some(m) => format!(
            "{} hours ({}: {} days x 24)",
            m.hours(),
            m.label(),
            m.days()
        ),
        None => format!("{HOURS_PER_MONTH} hours (730-hour month)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_of_real_months() {
        let feb = CalendarMonth::parse("2026-02").unwrap();
        assert_eq!(feb.hours(), 672);
        assert_eq!(feb.plus(1).unwrap().hours(), 744);
        assert_eq!(feb.plus(1).unwrap().label(), "2026-03");
        assert_eq!(feb.plus(11).unwrap().label(), "2027-01");
        assert_eq!(CalendarMonth::parse("2028-02").unwrap().hours(), 696);
        assert_eq!(CalendarMonth::parse("2100-02").unwrap().days(), 28);
        assert_eq!(CalendarMonth::parse("2000-02").unwrap().days(), 29);
        assert_eq!(CalendarMonth::parse("2026-04").unwrap().hours(), 720);
        assert_eq!(CalendarMonth::parse("9999-12").unwrap().plus(1), None);
        assert_eq!(
            CalendarMonth::parse("2026-02").unwrap().plus(u32::MAX),
            None
        );
    }

    #[test]
    fn bad_months_say_what_is_expected() {
        for bad in [
            "2026-13",
            "2026-00",
            "26-02",
            "2026-2",
            "2026/02",
            "0000-01",
            "x",
            "",
            "2026-02-01",
        ] {
            let e = CalendarMonth::parse(bad).unwrap_err();
            assert!(e.contains("YYYY-MM"), "{bad}: {e}");
        }
    }

    #[test]
    fn days_are_calendar_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(20727), "2026-10-01");
        assert_eq!(iso_date(-1), "1969-12-31");
    }
}
