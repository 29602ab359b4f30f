//! A volume history as days: a `date,requests` CSV (daily rows, or hourly or finer timestamps summed by
//! UTC day) or CloudWatch datapoints (`import cloudwatch`'s results files, summed by day). A day that
//! the series only partly covers at either end is left out; a day inside it with fewer periods than a
//! day has is kept as its sum (CloudWatch writes no datapoint for an idle period) and counted.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::shorten;
use crate::model::cloudwatch::time;
use crate::model::numbers;

/// The most rows (or datapoints) read: 1,000,000 (over a century of hourly counts).
pub const MAX_ROWS: usize = 1_000_000;
/// The longest history fitted, in days: ten years.
pub const MAX_SPAN_DAYS: i64 = 3_660;
/// The shortest history a forecast is made from, in days with data: two weeks.
pub const MIN_DAYS: usize = 14;

/// A history as whole UTC days.
#[derive(Debug, Clone, PartialEq)]
pub struct Daily {
    /// (days since 1970-01-01, requests that day), ascending, one per day with data.
    pub days: Vec<(i64, Decimal)>,
    /// `daily`, or `every 3,600 s summed by day`.
    pub granularity: String,
    /// What was left out or is incomplete, in words.
    pub notes: Vec<String>,
}

impl Daily {
    pub fn first(&self) -> i64 {
        self.days.first().map_or(0, |d| d.0)
    }
    pub fn last(&self) -> i64 {
        self.days.last().map_or(0, |d| d.0)
    }
    /// Days inside the span with no data.
    pub fn missing(&self) -> i64 {
        (self.last() - self.first() + 1) - self.days.len() as i64
    }
    /// The requests of each day as `f64` (for the fit only).
    pub fn values(&self) -> Vec<(i64, f64)> {
        self.days
            .iter()
            .map(|(d, v)| (*d, v.to_f64().unwrap_or(0.0)))
            .collect()
    }
}

/// `date,requests` rows (columns found by name in the header; others ignored).
pub fn from_csv(text: &str) -> Result<Daily, String> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = r
        .headers()
        .map_err(|e| format!("line 1: not a CSV header: {e}"))?
        .clone();
    let col = |name: &str| {
        header.iter().position(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(name)
        })
    };
    let (Some(dc), Some(rc)) = (col("date"), col("requests")) else {
        return Err(format!(
            "line 1: a header with the columns date and requests (such as `date,requests`), got '{}'",
            shorten(&header.iter().collect::<Vec<_>>().join(","))
        ));
    };
    let mut points = Vec::new();
    for (k, rec) in r.records().enumerate() {
        let line = k + 2;
        let rec = rec.map_err(|e| format!("line {line}: {e}"))?;
        if points.len() >= MAX_ROWS {
            return Err(format!("at most {MAX_ROWS} rows, and there are more"));
        }
        let date = rec.get(dc).unwrap_or("").trim();
        let at = time::parse(date)
            .map_err(|e| format!("line {line}, column date: '{}': {e}", shorten(date)))?;
        let v = rec.get(rc).unwrap_or("").trim();
        let n = numbers::parse_count(v)
            .map_err(|e| format!("line {line}, column requests: '{}': {e}", shorten(v)))?;
        if n.is_sign_negative() {
            return Err(format!(
                "line {line}, column requests: '{v}': a count of zero or more"
            ));
        }
        points.push((at, n));
    }
    by_day(points, None)
}

/// Datapoints (seconds since 1970, count) summed by UTC day; `period` in seconds when known.
pub fn by_day(mut points: Vec<(i64, Decimal)>, period: Option<i64>) -> Result<Daily, String> {
    if points.len() > MAX_ROWS {
        return Err(format!(
            "at most {MAX_ROWS} datapoints, got {}",
            points.len()
        ));
    }
    points.sort_by_key(|p| p.0);
    if let Some(w) = points.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!("the time {} appears twice", time::format(w[0].0)));
    }
    let (daily, step) = step_of(&points, period)?;
    let per_day = 86_400 / step;
    let mut days: Vec<(i64, Decimal, i64)> = Vec::new();
    for (at, v) in &points {
        let day = at.div_euclid(86_400);
        match days.last_mut() {
            Some(last) if last.0 == day => {
                last.1 = last.1.checked_add(*v).ok_or("a day's sum overflows")?;
                last.2 += 1;
            }
            _ => days.push((day, *v, 1)),
        }
    }
    let mut notes = Vec::new();
    if per_day > 1 {
        let first_partial = points.first().is_some_and(|p| p.0.rem_euclid(86_400) != 0);
        let last_partial = points
            .last()
            .is_some_and(|p| p.0.rem_euclid(86_400) != 86_400 - step);
        if last_partial && days.len() > 1 {
            let d = days.pop().map(|d| d.0).unwrap_or(0);
            notes.push(format!(
                "{} left out: the history ends inside it",
                day_name(d)
            ));
        }
        if first_partial && days.len() > 1 {
            let d = days.remove(0).0;
            notes.push(format!(
                "{} left out: the history starts inside it",
                day_name(d)
            ));
        }
        let short = days.iter().filter(|d| d.2 < per_day).count();
        if short > 0 {
            notes.push(format!(
                "{short} day{} with fewer than {per_day} periods, kept as their sum (a period with no \
                 datapoint counts as no requests)",
                if short == 1 { "" } else { "s" }
            ));
        }
    }
    let out = Daily {
        granularity: if daily {
            "daily".into()
        } else {
            format!(
                "every {} s, summed by UTC day",
                numbers::group(Decimal::from(step))
            )
        },
        days: days.into_iter().map(|d| (d.0, d.1)).collect(),
        notes,
    };
    if out.days.len() < MIN_DAYS {
        return Err(format!(
            "at least {MIN_DAYS} whole days of history to forecast from, got {}",
            out.days.len()
        ));
    }
    let span = out.last() - out.first() + 1;
    if span > MAX_SPAN_DAYS {
        return Err(format!(
            "a history of at most {MAX_SPAN_DAYS} days (ten years), got {span} days ({} to {})",
            day_name(out.first()),
            day_name(out.last())
        ));
    }
    let missing = out.missing();
    let mut out = out;
    if missing > 0 {
        out.notes.push(format!(
            "{missing} day{} inside the history without data (left out of the fit)",
            if missing == 1 { "" } else { "s" }
        ));
    }
    Ok(out)
}

/// Whether the points are daily, and the seconds between them (a period that divides a day).
fn step_of(points: &[(i64, Decimal)], period: Option<i64>) -> Result<(bool, i64), String> {
    let daily =
        period.is_none_or(|p| p == 86_400) && points.iter().all(|p| p.0.rem_euclid(86_400) == 0);
    let step = if daily {
        86_400
    } else {
        let gap = points
            .windows(2)
            .map(|w| w[1].0 - w[0].0)
            .min()
            .unwrap_or(3_600);
        let p = period.unwrap_or(gap);
        if p <= 0 || 86_400 % p != 0 {
            return Err(format!(
                "timestamps a whole day apart, or a period that divides a day (60 s, 300 s, 3,600 s), got {p} s"
            ));
        }
        p
    };
    Ok((daily, step))
}

/// `2026-11-01`.
pub fn day_name(day: i64) -> String {
    time::format(day * 86_400)[..10].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hourly_rows_are_summed_by_day_and_partial_ends_left_out() {
        let mut csv = String::from("date,requests\n");
        // 2026-01-01 12:00 to 2026-01-17 05:00, 10 requests an hour.
        let start = time::parse("2026-01-01T12:00:00Z").unwrap();
        for h in 0..(16 * 24 - 6) {
            csv.push_str(&format!("{},10\n", time::format(start + h * 3600)));
        }
        let d = from_csv(&csv).unwrap();
        assert_eq!(day_name(d.first()), "2026-01-02");
        assert_eq!(day_name(d.last()), "2026-01-16");
        assert!(d.days.iter().all(|x| x.1 == Decimal::from(240)));
        assert_eq!(d.notes.len(), 2, "{:?}", d.notes);
    }

    #[test]
    fn bad_rows_name_line_and_column() {
        let e = from_csv("date,requests\n2026-01-01,12\n2026-13-01,5\n").unwrap_err();
        assert!(e.starts_with("line 3, column date"), "{e}");
        let e = from_csv("date,requests\n2026-01-01,lots\n").unwrap_err();
        assert!(e.contains("line 2, column requests"), "{e}");
        let e = from_csv("day,count\n").unwrap_err();
        assert!(e.contains("date and requests"), "{e}");
        let e = from_csv("date,requests\n2026-01-01,1\n2026-01-02,1\n").unwrap_err();
        assert!(e.contains("at least 14 whole days"), "{e}");
    }
}
