//! Publication dates: each must be a real calendar date (a file dated 2025-13-45 is refused, not
//! imported under that name), none after today, and a file older than the prices the catalog already
//! holds for the same service is listed (and skipped unless asked for).

use super::edit::Edit;
use super::{bad, FileReport, Older};
use crate::error::shorten;
use crate::error::Result;

/// The oldest publication year accepted: AWS's price files do not predate its price list.
const MIN_YEAR: u32 = 2000;

/// Source-id prefixes that price the same service (an id is a prefix and a date, `SRC-ELB-METER-2025-11-03`):
/// API Gateway from its metered-unit map or its offer file, data transfer from the map as AWS publishes
/// it or flattened. Any other prefix is its own service.
const SAME_SERVICE: &[&[&str]] = &[
    &["SRC-AWS-METER-", "SRC-AWS-OFFER-APIGW-"],
    &["SRC-DT-METER-", "SRC-DT-PROCESSED-"],
];

/// Why `s` does not start with a real `YYYY-MM-DD` date (years 2000 to 9999), or None.
pub fn date_problem(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let shape = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return Some("does not start with a date (YYYY-MM-DD)".into());
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    if y < MIN_YEAR {
        return Some(format!("year {y} is before {MIN_YEAR}"));
    }
    if !(1..=12).contains(&m) {
        return Some(format!("month {m:02} is not 01 to 12"));
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d == 0 || d > days {
        return Some(format!("day {d:02} is not in {y}-{m:02} (01 to {days})"));
    }
    None
}

/// A file's publication date checked again once its kind has read it, and against today.
pub fn check_published(origin: &str, published: &str, today: Option<&str>) -> Result<()> {
    if let Some(p) = date_problem(published) {
        return Err(bad(
            origin,
            format!("publication date '{}' {p}", shorten(published)),
        ));
    }
    if let Some(today) = today {
        if &published[..10] > today {
            return Err(bad(
                origin,
                format!(
                    "publication date {} is after today ({today}): not a file AWS published",
                    &published[..10]
                ),
            ));
        }
    }
    Ok(())
}

/// The prefixes that price the same service as `source_id`.
fn service_prefixes(source_id: &str) -> Vec<&str> {
    let own = &source_id[..source_id.len().saturating_sub(10)];
    SAME_SERVICE
        .iter()
        .find(|g| g.contains(&own))
        .map_or_else(|| vec![own], |g| g.to_vec())
}

/// The file as an [`Older`] when the catalog (before it) cites a newer source of the same service.
pub fn older(report: &FileReport, before: &Edit, allow_older: bool) -> Option<Older> {
    let prefixes = service_prefixes(&report.source_id);
    let newest = before
        .cited_ids()
        .into_iter()
        .filter_map(|id| {
            let p = prefixes.iter().find(|p| {
                id.len() == p.len() + 10
                    && id.starts_with(**p)
                    && date_problem(&id[p.len()..]).is_none()
            })?;
            Some((id[p.len()..].to_string(), id))
        })
        .max()?;
    let date = &report.published[..10];
    (date < newest.0.as_str()).then(|| Older {
        origin: report.origin.clone(),
        kind: report.kind,
        published: date.to_string(),
        catalog_source: newest.1.clone(),
        catalog_date: newest.0.clone(),
        imported: allow_older,
    })
}

#[cfg(test)]
mod tests {
    use super::date_problem;

    #[test]
    fn calendar_dates_only() {
        assert_eq!(date_problem("2025-10-20T13:22:36Z"), None);
        assert_eq!(date_problem("2024-02-29"), None);
        assert!(date_problem("2025-02-29").unwrap().contains("day 29"));
        assert!(date_problem("2025-13-45").unwrap().contains("month 13"));
        assert!(date_problem("2025-12-00").unwrap().contains("day 00"));
        assert!(date_problem("1999-12-31").unwrap().contains("year 1999"));
        assert!(date_problem("2025-1-1").unwrap().contains("YYYY-MM-DD"));
    }
}
