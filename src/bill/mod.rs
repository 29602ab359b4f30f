//! Reading bills: CUR 2.0, legacy CUR and FOCUS exports as CSV, gzipped CSV or Parquet, streamed line by
//! line into the model's [`Aggregator`] (nothing but the sums per key is kept).
//!
//! - `schema.rs`: which layout a header is and where its columns are (by name);
//! - `text.rs`: a CSV or gzipped CSV, split into records by `csv_split.rs` (csv-core's records, found
//!   64 bytes at a time) on one thread and summed on another;
//! - `parquet.rs`: a Parquet file, only the needed columns decoded, 8,192 rows at a time;
//! - `sql.rs`: the same rating as SQL for DuckDB, Athena or Spark (`--emit-sql`).
//!
//! The format is told by the first bytes (`1f 8b` gzip, `PAR1` Parquet, anything else CSV), never by
//! the extension. Every error names the file, and the row and column where there is one.

mod csv_split;
mod pages;
pub mod parquet;
mod parquet_fast;
pub mod schema;
pub mod sql;
pub mod text;

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::model::reconcile::{Aggregator, BillLine};
pub use schema::{Field, Layout, Schema};

/// The most bill files one run reads: 10,000.
pub const MAX_FILES: usize = 10_000;

/// How a bill file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Csv,
    Gzip,
    Parquet,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Csv => "CSV",
            Encoding::Gzip => "gzipped CSV",
            Encoding::Parquet => "Parquet",
        }
    }
}

/// What was read from one file.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: String,
    pub encoding: Encoding,
    pub schema: Schema,
    pub rows: u64,
}

/// The error of a file.
pub fn file_error(path: &str, message: impl Into<String>) -> Error {
    Error::File {
        path: path.to_string(),
        message: message.into(),
    }
}

/// Opens a path (`-` is stdin) and tells its encoding from its first bytes.
fn open(path: &Path) -> Result<(Box<dyn BufRead + Send>, Encoding, Option<u64>)> {
    let name = path.display().to_string();
    let (mut r, len): (Box<dyn BufRead + Send>, Option<u64>) = if path.as_os_str() == "-" {
        (
            Box::new(BufReader::with_capacity(1 << 17, std::io::stdin())),
            None,
        )
    } else {
        let f = File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let meta = f.metadata().map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        if meta.is_dir() {
            return Err(file_error(&name, "is a directory; expected a bill file"));
        }
        (
            Box::new(BufReader::with_capacity(1 << 17, f)),
            Some(meta.len()),
        )
    };
    let head = r.fill_buf().map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let encoding = if head.starts_with(&[0x1f, 0x8b]) {
        Encoding::Gzip
    } else if head.starts_with(b"PAR1") {
        Encoding::Parquet
    } else {
        Encoding::Csv
    };
    Ok((r, encoding, len))
}

/// Reads every bill into the aggregator; returns what each file was.
pub fn read_all(paths: &[PathBuf], agg: &mut Aggregator, progress: bool) -> Result<Vec<FileInfo>> {
    if paths.len() > MAX_FILES {
        return Err(Error::usage(
            "FILE",
            format!("{} files", paths.len()),
            format!("at most {MAX_FILES} bill files a run"),
        ));
    }
    distinct(paths)?;
    let mut out = Vec::new();
    for p in paths {
        out.push(read_one(p, agg, progress)?);
    }
    Ok(out)
}

/// Refuses a file given twice (the same file, through any path or link, or another file with the same
/// bytes): its bill would count twice. Contents are compared only between files of one size.
fn distinct(paths: &[PathBuf]) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mut seen: Vec<(&Path, u64, u64, u64)> = Vec::new();
    let mut stdin = false;
    for p in paths {
        let name = p.display().to_string();
        if p.as_os_str() == "-" {
            if std::mem::replace(&mut stdin, true) {
                return Err(file_error(
                    "stdin",
                    "given twice; its bill would count twice",
                ));
            }
            continue;
        }
        let Ok(m) = std::fs::metadata(p) else {
            continue;
        };
        if !m.is_file() {
            continue;
        }
        for &(q, dev, ino, len) in &seen {
            let why = if (dev, ino) == (m.dev(), m.ino()) {
                "is the same file as"
            } else if len == m.len() && same_bytes(p, q)? {
                "has the same bytes as"
            } else {
                continue;
            };
            return Err(file_error(
                &name,
                format!(
                    "{why} {}: the same bill read twice would count twice; give each bill once",
                    q.display()
                ),
            ));
        }
        seen.push((p, m.dev(), m.ino(), m.len()));
    }
    Ok(())
}

/// Whether two files of one length hold the same bytes.
fn same_bytes(a: &Path, b: &Path) -> Result<bool> {
    let open = |p: &Path| {
        File::open(p)
            .map(|f| BufReader::with_capacity(1 << 16, f))
            .map_err(|source| Error::Read {
                path: p.to_path_buf(),
                source,
            })
    };
    let (mut x, mut y) = (open(a)?, open(b)?);
    loop {
        let (bx, by) = match (x.fill_buf(), y.fill_buf()) {
            (Ok(bx), Ok(by)) => (bx, by),
            _ => return Ok(false),
        };
        if bx.is_empty() || by.is_empty() {
            return Ok(bx.is_empty() && by.is_empty());
        }
        let n = bx.len().min(by.len());
        if bx[..n] != by[..n] {
            return Ok(false);
        }
        x.consume(n);
        y.consume(n);
    }
}

/// Reads one bill into the aggregator.
pub fn read_one(path: &Path, agg: &mut Aggregator, progress: bool) -> Result<FileInfo> {
    let name = path.display().to_string();
    let (r, encoding, len) = open(path)?;
    match encoding {
        Encoding::Parquet => {
            if path.as_os_str() == "-" {
                return Err(file_error(
                    "stdin",
                    "a Parquet bill must be a file (its index is at the end); save it first",
                ));
            }
            drop(r);
            agg.ids.begin_file(&name);
            contained(&name, || parquet::read(path, &name, agg, progress))
        }
        Encoding::Gzip | Encoding::Csv => {
            agg.ids.begin_file(&name);
            text::read(r, encoding, len, &name, agg, progress)
        }
    }
}

/// Runs the Parquet decoder with its panics contained: the `parquet` crate panics on some damaged
/// files (a page without its dictionary, a slice past a page's end) instead of returning an error. A
/// panic there becomes an error naming the file, printed once like any other; nothing of the run
/// goes on (its sums are dropped with the error). The panic hook is silenced for the call only.
fn contained<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    r.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(file_error(
            name,
            format!(
                "a damaged Parquet file: its decoder failed ({})",
                why.chars().take(120).collect::<String>()
            ),
        ))
    })
}

/// The schema and encoding of a bill without reading its rows (for `--emit-sql`).
pub fn sniff(path: &Path) -> Result<(Encoding, Schema)> {
    let name = path.display().to_string();
    let (r, encoding, _) = open(path)?;
    let schema = match encoding {
        Encoding::Parquet => {
            drop(r);
            contained(&name, || parquet::schema_of(path, &name))?
        }
        _ => text::header(r, encoding, &name)?,
    };
    Ok((encoding, schema))
}

/// One row's text fields, by [`Field`], and its two amounts: checked, then added.
pub(crate) struct RowFeed<'a> {
    pub file: &'a str,
    pub schema: &'a Schema,
    pub row: u64,
    /// The line of a CSV file the row starts on (0 for Parquet, which has rows only).
    pub line: u64,
}

impl RowFeed<'_> {
    /// Where the row is: `row 3 (line 4)` in a CSV file, `row 3` in a Parquet file.
    pub(crate) fn at(&self) -> String {
        match self.line {
            0 => format!("row {}", self.row),
            l => format!("row {} (line {l})", self.row),
        }
    }

    /// The error of a cell.
    pub(crate) fn cell_error(&self, f: Field, value: &str, expected: &str) -> Error {
        let v: String = value.chars().take(48).collect();
        let cut = if v.len() < value.len() { "..." } else { "" };
        file_error(
            self.file,
            format!(
                "{}, column {}, value '{v}{cut}': expected {expected}",
                self.at(),
                self.schema.name(f).unwrap_or("?")
            ),
        )
    }

    /// Adds a row given its fields (`text(f)` is "" for a column the file lacks or a null).
    pub(crate) fn add<'t>(
        &self,
        agg: &mut Aggregator,
        text: &dyn Fn(Field) -> Result<&'t str>,
        usage: Decimal,
        cost: Decimal,
    ) -> Result<()> {
        let raw_period = text(Field::Period)?;
        let period = period_of(raw_period).ok_or_else(|| {
            self.cell_error(
                Field::Period,
                raw_period,
                "a date such as 2026-10-01T00:00:00Z (the billing period's start; month 01-12, a day the month has)",
            )
        })?;
        let id = text(Field::LineId)?;
        if !id.is_empty() {
            let interval = match text(Field::TimeInterval)? {
                "" => period,
                i => i,
            };
            agg.ids
                .check(id, interval, self.row)
                .map_err(|m| file_error(self.file, format!("{}: {m}", self.at())))?;
        }
        let account = text(Field::Account)?;
        let payer = match text(Field::Payer)? {
            "" => account,
            p => p,
        };
        let line_type = text(Field::LineType)?;
        let description = text(Field::Description)?;
        let currency = match text(Field::Currency)? {
            "" => "USD",
            c => c,
        };
        agg.currency(currency, self.file)
            .map_err(|m| file_error(self.file, format!("{}: {m}", self.at())))?;
        let line = BillLine {
            period,
            payer,
            account,
            charge: self.schema.layout.charge(line_type, description),
            line_type,
            product: text(Field::Product)?,
            usage_type: text(Field::UsageType)?,
            operation: text(Field::Operation)?,
            region: text(Field::Region)?,
            description,
            usage,
            cost,
        };
        agg.add(&line)
            .map_err(|m| file_error(self.file, format!("{}: {m}", self.at())))
    }
}

/// `YYYY-MM` of a date written `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DD` followed by a time (`T...` or
/// ` ...`): the month 01-12 and the day one the month has (2026-13, 2026-00 or day 99 are refused).
pub fn period_of(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let year = digits(0..4)?;
    let month = digits(5..7)?;
    if b.get(4) != Some(&b'-') || !(1..=12).contains(&month) {
        return None;
    }
    if b.len() > 7 {
        let day = digits(8..10)?;
        let days = crate::model::calendar::CalendarMonth {
            year: u16::try_from(year).ok()?,
            month: month as u8,
        }
        .days();
        if b[7] != b'-' || day == 0 || day > days || !matches!(b.get(10), None | Some(b'T' | b' '))
        {
            return None;
        }
    }
    s.get(..7)
}

/// An amount as a bill writes it: a decimal (`0.0000035`), a float (`3.5E-6`), or empty for zero.
pub fn parse_amount(s: &str) -> Option<Decimal> {
    let s = s.trim();
    if s.is_empty() {
        return Some(Decimal::ZERO);
    }
    if s.len() > 64 {
        return None;
    }
    if s.contains(['e', 'E']) {
        return Decimal::from_scientific(s).ok();
    }
    s.parse::<Decimal>().ok()
}

/// A Parquet double as the decimal it was written from (the shortest text that reads back as it).
pub fn amount_of_f64(v: f64) -> Option<Decimal> {
    short_amount(v).or_else(|| amount_of_text(v))
}

/// [`amount_of_f64`] of a double with a short decimal (at most 15 decimals, under 2^50 once scaled;
/// every amount a bill has), `None` for the others (the text path, [`amount_of_text`], says).
/// Inlined where doubles are read by the page (a `Decimal` returned in memory costs a stall per value).
#[inline(always)]
pub(crate) fn short_amount(v: f64) -> Option<Decimal> {
    // Worked on |v|, the sign put back at the end: every step below is symmetric in the sign (a
    // product, a quotient and a difference of negated values are the negated ones, exactly). NaN
    // fails every compare and goes to the text path, as infinities do.
    let a = v.abs();
    if a < 1e-18 {
        return Some(Decimal::ZERO);
    }
    const TWO_50: f64 = (1u64 << 50) as f64;
    const TWO_52: f64 = (1u64 << 52) as f64;
    if a < TWO_50 {
        // An integer is its own shortest text (no decimals). Else k = 0 fails: m / 1 is not v.
        if (a as i64) as f64 == a {
            return Some(decimal_of(a, 0, v < 0.0));
        }
        // The fewest decimals k whose multiple m x 10^-k reads back as v is the shortest text of v
        // (what `{v:e}` writes): fewer decimals are fewer digits, and while v x 10^k < 2^50 only one
        // multiple is that close to v and rounding v x 10^k finds it (both errors are under 2^-52 of
        // it). m and 10^k are exact doubles, so m / 10^k is the double that text reads as. Else (no
        // such k up to 15, or v x 10^k reaching 2^50 first) the text itself.
        const POW: [f64; 16] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        ];
        // Every k is tried at once, without a branch (which k matches differs from one value to the
        // next, and a loop that stopped at it mispredicted its exit each value): a bit for each k
        // whose m is below 2^50 (m grows with k, so these are the ks before the loop stopped) and
        // whose product is near enough to m; then the division, for those bits in order, lowest
        // first.
        let mut near: u32 = 0;
        #[allow(clippy::needless_range_loop)]
        for k in 1..POW.len() {
            let p = POW[k];
            let x = a * p;
            // x rounded to the nearest integer (ties to even) by adding and taking away 2^52; from
            // 2^52 on, m stays at least 2^50 and the k is out. A tie is never a match, as x is then
            // 1/2 from every integer.
            let m = (x + TWO_52) - TWO_52;
            // m / 10^k reads as v only if v x 10^k is within m x 2^-51 of m (v = m / 10^k x (1 + d)
            // and x = v x 10^k x (1 + e), |d|, |e| <= 2^-53; x - m is exact, x being within 2x of
            // m): a k whose product is farther from an integer is passed over without a division.
            let within = m * (1.0 / (1u64 << 51) as f64);
            let ok = (m < TWO_50) & (x - m <= within) & (m - x <= within);
            near |= u32::from(ok) << k;
        }
        while near != 0 {
            let k = near.trailing_zeros();
            let p = POW[k as usize];
            let m = (a * p + TWO_52) - TWO_52;
            if m / p == a {
                return Some(decimal_of(m, k, v < 0.0));
            }
            near &= near - 1;
        }
    }
    None
}

/// `Decimal::new(+-m, k)` of an integer 0 <= m < 2^50, built inline (two 32-bit words).
#[inline(always)]
fn decimal_of(m: f64, k: u32, negative: bool) -> Decimal {
    let a = m as i64 as u64;
    Decimal::from_parts(a as u32, (a >> 32) as u32, 0, negative, k)
}

/// [`amount_of_f64`] of a double with no short decimal: its text read back; `None` for a NaN, an
/// infinity or a value over 10^18.
#[cold]
#[inline(never)]
pub(crate) fn amount_of_text(v: f64) -> Option<Decimal> {
    if !v.is_finite() || v.abs() > 1e18 {
        return None;
    }
    Decimal::from_scientific(&format!("{v:e}")).ok()
}

/// A reader that counts the bytes read through it (the compressed bytes of a gzip, for progress).
pub(crate) struct Counting<R> {
    pub inner: R,
    pub count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_as_decimals_floats_or_empty() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(parse_amount("0.0000035"), Some(d("0.0000035")));
        assert_eq!(parse_amount("3.5E-6"), Some(d("0.0000035")));
        assert_eq!(parse_amount(""), Some(Decimal::ZERO));
        assert_eq!(parse_amount("ten"), None);
        assert_eq!(amount_of_f64(1165.5), Some(d("1165.5")));
        assert_eq!(amount_of_f64(0.1 + 0.2), Some(d("0.30000000000000004")));
        assert_eq!(amount_of_f64(f64::NAN), None);
    }

    #[test]
    fn doubles_read_as_their_shortest_text_exactly_as_the_text_path_does() {
        // The fast path must give the value and the scale `{v:e}` read back gives, for amounts of
        // every size a bill has (integers, cents, per-request rates, products of them) and for doubles
        // with no short text at all.
        let slow = |v: f64| Decimal::from_scientific(&format!("{v:e}")).unwrap();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..300_000 {
            let r = next();
            let digits = (r % 1_000_000_000) as f64;
            let scale = 10f64.powi((next() % 25) as i32 - 12);
            let v = match r % 6 {
                0 => digits * scale,
                1 => digits / 10f64.powi((next() % 13) as i32),
                2 => (digits / 7.0) * scale,
                // Integers up to 2^53 (the integer path ends at 2^50), and halves and quarters.
                3 => (next() >> (11 + next() % 40)) as f64,
                4 => (next() >> (13 + next() % 40)) as f64 / 4.0,
                _ => f64::from_bits(0x3f00_0000_0000_0000 + (next() >> 20)),
            };
            for v in [v, -v] {
                if let Some(fast) = amount_of_f64(v) {
                    let want = slow(v);
                    assert_eq!(fast, want, "{v:e}");
                    assert_eq!(fast.scale(), want.scale(), "{v:e}");
                }
            }
        }
        assert_eq!(amount_of_f64(3.5e-6), Some(Decimal::new(35, 7)));
        assert_eq!(amount_of_f64(1e6).map(|d| d.scale()), Some(0));
        assert_eq!(amount_of_f64(-690487.0), Some(Decimal::new(-690487, 0)));
        assert_eq!(amount_of_f64(-2.4167045), Some(Decimal::new(-24167045, 7)));
        // Either side of 2^50, where the integer and decimal paths end.
        for v in [
            (1u64 << 50) as f64 - 1.0,
            (1u64 << 50) as f64,
            (1u64 << 50) as f64 - 0.125,
        ] {
            for v in [v, -v] {
                assert_eq!(amount_of_f64(v), Some(slow(v)), "{v:e}");
                assert_eq!(amount_of_f64(v).map(|d| d.scale()), Some(slow(v).scale()));
            }
        }
    }

    #[test]
    fn periods_are_the_month_of_a_date() {
        assert_eq!(period_of("2026-10-01T00:00:00Z"), Some("2026-10"));
        assert_eq!(period_of("2026-10-01 00:00:00"), Some("2026-10"));
        assert_eq!(period_of("10/01/2026"), None);
        assert_eq!(period_of("2026-"), None);
        assert_eq!(period_of("2026-10"), Some("2026-10"));
        assert_eq!(period_of("2028-02-29T00:00:00Z"), Some("2028-02"));
        for bad in [
            "2026-13-01T00:00:00Z",
            "2026-00-01",
            "2026-10-99T00:00:00Z",
            "2026-02-29",
            "2026-10-00",
            "2026-1-01",
            "2026-10-01X",
        ] {
            assert_eq!(period_of(bad), None, "{bad}");
        }
    }
}
