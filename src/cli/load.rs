//! File loading for the command line: profiles, catalogs, latency figures and volume files, from a path
//! or stdin (`-`). Errors name the file.

use std::path::Path;

pub use crate::io::read_text_at_most;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::model::catalog::{self, Catalog};
use crate::model::latency::data::MAX_LATENCY_DATA_BYTES;
use crate::model::latency::LatencyData;
use crate::model::numbers;
use crate::model::profile::LoadedProfile;

/// The largest profile read: the model's own bound, checked before reading.
pub const MAX_PROFILE_BYTES: u64 = crate::model::profile::MAX_PROFILE_BYTES as u64;

/// Reads a profile file (`-` = stdin), at most `MAX_PROFILE_BYTES`.
pub fn profile(path: &Path) -> Result<LoadedProfile> {
    let text = read_text_at_most(path, MAX_PROFILE_BYTES, "profile")?;
    let lp = LoadedProfile::parse(&path.display().to_string(), &text)?;
    for w in lp.renamed() {
        crate::output::eprint_line(&format!("warning: {w}"));
    }
    Ok(lp)
}

/// Loads the embedded catalog or `--prices FILE` (`-` = stdin), at most `MAX_CATALOG_BYTES`.
pub fn catalog(path: Option<&Path>) -> Result<Catalog> {
    match path {
        None => Catalog::embedded(),
        Some(p) => Catalog::from_json(&catalog_file(p)?, &p.display().to_string()),
    }
}

/// The text of a catalog file, at most `MAX_CATALOG_BYTES`.
fn catalog_file(path: &Path) -> Result<String> {
    read_text_at_most(path, catalog::MAX_CATALOG_BYTES, "price catalog")
}

/// The catalog for a run that prices `regions`: only those regions of the embedded catalog (fast
/// start), or the whole `--prices FILE`.
pub fn catalog_for(prices: Option<&Path>, regions: &[&str]) -> Result<Catalog> {
    match prices {
        None => Catalog::embedded_regions(regions),
        Some(path) => catalog(Some(path)),
    }
}

/// The text of the catalog `prices import` builds on: `--prices FILE`, else the embedded one.
pub fn catalog_text(prices: Option<&Path>) -> Result<String> {
    match prices {
        Some(p) => catalog_file(p),
        None => Ok(catalog::EMBEDDED.to_string()),
    }
}

/// Loads the embedded latency figures or `--latency-data FILE` (`-` = stdin), at most
/// `MAX_LATENCY_DATA_BYTES`.
pub fn latency_data(path: Option<&Path>) -> Result<LatencyData> {
    match path {
        None => LatencyData::embedded(),
        Some(p) => {
            let text = read_text_at_most(p, MAX_LATENCY_DATA_BYTES, "latency data file")?;
            LatencyData::parse(&text, &p.display().to_string())
        }
    }
}

/// Monthly volumes read from a file, with the months' labels when it has a `month` column.
pub struct Volumes {
    pub requests: Vec<Decimal>,
    /// The `month` column's cells (at most 64 characters each), in order.
    pub labels: Option<Vec<String>>,
}

impl Volumes {
    /// The calendar month the labels start on, when every label is `YYYY-MM` and they follow each
    /// other month by month (then the projection bills those months' real hours).
    pub fn start(&self) -> Option<crate::model::calendar::CalendarMonth> {
        use crate::model::calendar::CalendarMonth;
        let labels = self.labels.as_ref()?;
        let first = CalendarMonth::parse(labels.first()?).ok()?;
        labels
            .iter()
            .enumerate()
            .all(|(i, l)| {
                CalendarMonth::parse(l).ok() == first.plus(u32::try_from(i).unwrap_or(u32::MAX))
            })
            .then_some(first)
    }
}

/// Reads monthly volumes: one number per line (blank lines and `#` comments skipped), or a CSV whose
/// header has a `requests` column (and optionally a `month` column, whose cells label the periods).
/// At most `projection::MAX_MONTHS` volumes, from a file of at most
/// `MAX_BYTES` ([`read_text_at_most`]: checked on its size before reading, capped for pipes and FIFOs).
pub fn volumes(path: &Path) -> Result<Volumes> {
    /// The largest volumes file read: 1 MiB holds 1,200 lines of a wide CSV export many times over,
    /// and a 50 MB (or endless) file is refused before it takes memory.
    const MAX_BYTES: u64 = 1 << 20;
    /// The longest cell parsed as a number (`1,000,000,000,000,000,000,000,000` is 33 characters);
    /// longer cells are refused unread and quoted shortened.
    const MAX_CELL_CHARS: usize = 64;
    use crate::model::projection;
    let name = path.display().to_string();
    let file_error = |message: String| Error::File {
        path: name.clone(),
        message,
    };
    let text = read_text_at_most(path, MAX_BYTES, "file of monthly volumes")?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .peekable();
    let mut column = None;
    let mut month_column = None;
    if let Some((_, first)) = lines.peek() {
        if first.chars().any(|c| c.is_ascii_alphabetic()) && numbers::parse_count(first).is_err() {
            let cols: Vec<&str> = first.split(',').map(str::trim).collect();
            column = Some(
                cols.iter()
                    .position(|c| c.eq_ignore_ascii_case("requests"))
                    .ok_or_else(|| {
                        file_error(format!(
                            "line 1: expected a `requests` column in the header, found {}",
                            crate::error::shorten(&cols.join(", "))
                        ))
                    })?,
            );
            month_column = cols.iter().position(|c| c.eq_ignore_ascii_case("month"));
            lines.next();
        }
    }
    let mut out = Vec::new();
    let mut labels = Vec::new();
    for (i, line) in lines {
        if out.len() == projection::MAX_MONTHS as usize {
            return Err(file_error(format!(
                "line {}: more than {} monthly volumes (a projection covers at most {} months, 100 \
                 years)",
                i + 1,
                projection::MAX_MONTHS,
                projection::MAX_MONTHS
            )));
        }
        let cell = match column {
            Some(c) => line.split(',').nth(c).unwrap_or("").trim(),
            None => line.trim(),
        };
        if let Some(c) = month_column {
            let label = line.split(',').nth(c).unwrap_or("").trim();
            if label.chars().nth(MAX_CELL_CHARS).is_some() {
                return Err(file_error(format!(
                    "line {}: invalid month '{}': expected a label of at most {MAX_CELL_CHARS} characters (e.g. 2026-02)",
                    i + 1,
                    crate::error::shorten(label)
                )));
            }
            labels.push(label.to_string());
        }
        let parsed = if cell.chars().nth(MAX_CELL_CHARS).is_some() {
            Err(format!(
                "expected a number such as 600M, of at most {MAX_CELL_CHARS} characters"
            ))
        } else {
            numbers::parse_count(cell)
        };
        out.push(parsed.map_err(|e| {
            file_error(format!(
                "line {}: invalid requests '{}': {e}",
                i + 1,
                crate::error::shorten(cell)
            ))
        })?);
    }
    if out.is_empty() {
        return Err(file_error(
            "no monthly volumes found (one number per line, or a CSV with a `requests` column)"
                .into(),
        ));
    }
    Ok(Volumes {
        requests: out,
        labels: month_column.map(|_| labels),
    })
}
