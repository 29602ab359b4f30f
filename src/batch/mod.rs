//! Batch rating: one workload per CSV row, streamed, exact, in constant memory.
//!
//! - `--accounts separate` (default): every row is its own account (its tiers start at zero), priced in
//!   one pass. A requests-only REST/HTTP row without a free tier takes the fast path (`fast.rs`: the
//!   tier table as integers, no allocation); every other row goes through `Pricer::quote`.
//! - `--accounts shared`: rows share one account per region and API kind. Pass 1 sums each account's
//!   billable units per meter (a *pool*: region x kind x meter) and prices every account once on its
//!   summed volume; each pool's bill, to the cent, is then split over its rows in proportion to their
//!   units by largest remainder (`alloc.rs`), which needs a pass for the floors and the remainders'
//!   histogram and, rarely, more passes to pin down the k-th largest remainder; the last pass writes.
//!   A file is read once per pass; stdin is spooled to an unnamed temporary file first (deleted on exit).
//!
//! Memory is constant in the number of rows: a reused record, a reused output buffer, one entry per
//! region and per pool (plus a 160 KB histogram per pool while its selection is open).

pub mod alloc;
pub mod fast;
pub mod row;

use std::collections::HashMap;
use std::fs::File;
use std::io::{IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::{Catalog, Provenance};
use crate::model::cost::{Pricer, Quote};
use crate::model::free_tier::{Allowance, FreeTier};
use crate::model::meter::Meter;
use crate::model::workload::Workload;
use crate::money::exact;
use crate::money::to_cents;
use crate::render::csv::{quote_rows, HEADER};

pub use row::{Columns, Defaults, RowError};

/// Whose tiers a row's volume counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Accounts {
    /// Each row is its own account: its tiers start at zero.
    #[default]
    Separate,
    /// Rows share one account per region and API kind; the bill is allocated back to the rows.
    Shared,
}

/// What a bad row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OnError {
    /// Stop at the first bad row, naming its number, column and value (no output file is written).
    #[default]
    Fail,
    /// Leave the row out, go on, and list it with its reason in --rejects FILE.
    Skip,
}

/// A batch run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The input CSV, `-` for stdin.
    pub input: PathBuf,
    /// The output CSV (written atomically), `None` or `-` for stdout.
    pub output: Option<PathBuf>,
    pub accounts: Accounts,
    pub summary: bool,
    pub on_error: OnError,
    pub rejects: Option<PathBuf>,
    pub defaults: Defaults,
    pub free_tier: FreeTier,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
}

/// What a run did (also printed on stderr).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub rows: u64,
    pub rated: u64,
    pub rejected: u64,
    /// Shared accounts (region x API kind) in shared mode.
    pub accounts: usize,
    /// Passes over the input.
    pub passes: u32,
    /// The sum of the `billed` column, in cents.
    pub billed_cents: u128,
}

impl Stats {
    pub fn describe(&self, o: &Options) -> String {
        let mut s = format!(
            "batch: {} rows read, {} rated, {} rejected",
            self.rows, self.rated, self.rejected
        );
        if self.rejected > 0 {
            match &o.rejects {
                Some(p) => s += &format!(" (listed in {})", p.display()),
                None => s += " (give --rejects FILE to list them)",
            }
        }
        let mut billed = Vec::new();
        fast::write_cents_int(&mut billed, self.billed_cents);
        s += &format!("; billed {} USD in all", String::from_utf8_lossy(&billed));
        if o.accounts == Accounts::Shared {
            s += &format!(
                " across {} shared account{} ({} passes over the input)",
                self.accounts,
                if self.accounts == 1 { "" } else { "s" },
                self.passes
            );
        }
        s
    }
}

/// Rates `opts.input` and writes the CSV; a closed stdout pipe ends quietly.
pub fn run(catalog: &Catalog, opts: &Options) -> Result<Stats> {
    if opts.rejects.is_some() && opts.on_error != OnError::Skip {
        return Err(Error::usage(
            "--rejects",
            opts.rejects
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            "expected --on-error skip as well (with --on-error fail the first bad row stops the run)",
        ));
    }
    if opts.accounts == Accounts::Shared {
        if let FreeTier::Credits { .. } = opts.free_tier {
            return Err(Error::invalid(
                Field::FreeTier,
                opts.free_tier.label(),
                "expected none or legacy with --accounts shared (a credit is drawn from a whole bill, not from one meter's pool)",
            ));
        }
    }
    let input = Input::open(&opts.input, opts.accounts == Accounts::Shared)?;
    let cols = Columns::from_header(&input.header()?).map_err(|m| input.error(m))?;
    if !cols.unknown.is_empty() {
        let names: Vec<&str> = cols
            .unknown
            .iter()
            .map(|&i| cols.names[i].as_str())
            .collect();
        eprintln!(
            "batch: column{} {} {} not a cost input (echoed with --summary, otherwise ignored)",
            if names.len() > 1 { "s" } else { "" },
            names.join(", "),
            if names.len() > 1 { "are" } else { "is" }
        );
    }
    let to_stdout = opts.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    let mut out = Sink::create(opts.output.as_deref())?;
    let mut rejects = match &opts.rejects {
        Some(p) => {
            let mut r = Sink::create(Some(p))?;
            let mut h: Vec<&str> = vec!["row", "line", "column", "value", "reason"];
            h.extend(cols.names.iter().map(String::as_str));
            r.record(h.iter().map(|s| s.as_bytes()))?;
            Some(r)
        }
        None => None,
    };
    let mut job = Job {
        rater: Rater::new(catalog, cols, opts),
        input: &input,
        opts,
        rejects: rejects.as_mut(),
        stats: Stats::default(),
        provenance: &catalog.provenance,
    };
    let result = match opts.accounts {
        Accounts::Separate => job.separate(&mut out),
        Accounts::Shared => job.shared(&mut out),
    };
    let stats = job.stats.clone();
    drop(job);
    match result.and_then(|()| out.commit()) {
        Ok(()) => {}
        Err(Error::Io(e)) if to_stdout && e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(stats)
        }
        Err(e) => return Err(e),
    }
    if let Some(r) = rejects {
        r.commit()?;
    }
    eprintln!("{}", stats.describe(opts));
    Ok(stats)
}

// ---------------------------------------------------------------------------------------------------
// Input: a file read once per pass, stdin streamed, or stdin spooled for several passes.

type CsvReader = csv::Reader<Box<dyn Read>>;

enum Input {
    Path(PathBuf),
    /// Read once: the reader that read the header is kept for the rows.
    Stdin(std::cell::RefCell<Option<CsvReader>>),
    Spooled(File),
}

impl Input {
    fn open(path: &Path, passes: bool) -> Result<Input> {
        if path.as_os_str() != "-" {
            return Ok(Input::Path(path.to_path_buf()));
        }
        if !passes {
            return Ok(Input::Stdin(Default::default()));
        }
        // Shared accounts read the input several times: stdin is copied to an unnamed temporary file
        // (in $TMPDIR; the OS deletes it when the process ends) and the passes read that.
        let mut f = tempfile::tempfile().map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
        std::io::copy(&mut std::io::stdin().lock(), &mut f).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Input::Spooled(f))
    }

    fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            _ => "stdin".into(),
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::File {
            path: self.name(),
            message: message.into(),
        }
    }

    /// The header row (for stdin, the reader is kept for the rows that follow).
    fn header(&self) -> Result<csv::ByteRecord> {
        let (mut rdr, _) = self.reader()?;
        let header = rdr
            .byte_headers()
            .map_err(|e| self.error(format!("cannot read the header: {e}")))?
            .clone();
        if let Input::Stdin(kept) = self {
            *kept.borrow_mut() = Some(rdr);
        }
        Ok(header)
    }

    fn reader(&self) -> Result<(CsvReader, Option<u64>)> {
        if let Input::Stdin(kept) = self {
            if let Some(rdr) = kept.borrow_mut().take() {
                return Ok((rdr, None));
            }
        }
        let (r, len): (Box<dyn Read>, Option<u64>) = match self {
            Input::Path(p) => {
                let f = File::open(p).map_err(|source| Error::Read {
                    path: p.clone(),
                    source,
                })?;
                let len = f.metadata().ok().map(|m| m.len());
                (Box::new(f), len)
            }
            Input::Stdin(_) => (Box::new(std::io::stdin().lock()), None),
            Input::Spooled(f) => {
                let mut f = f.try_clone()?;
                let len = f.seek(SeekFrom::End(0))?;
                f.seek(SeekFrom::Start(0))?;
                (Box::new(f), Some(len))
            }
        };
        let rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .buffer_capacity(1 << 17)
            .from_reader(r);
        Ok((rdr, len))
    }
}

// ---------------------------------------------------------------------------------------------------
// Output: CSV on stdout, or in a temporary file renamed into place on success. Rows are formatted
// into a 128 KB block by hand (quoting only cells that need it, as the csv crate does) and written
// when the block is full: the --summary fast path then costs no more than copying bytes.

struct Sink {
    out: Box<dyn Write>,
    file: Option<(tempfile::NamedTempFile, PathBuf)>,
    raw: Vec<u8>,
}

impl Sink {
    fn create(path: Option<&Path>) -> Result<Sink> {
        let (out, file): (Box<dyn Write>, _) = match path {
            Some(p) if p.as_os_str() != "-" => {
                let tmp = crate::output::temp_beside(p)?;
                let f = tmp.as_file().try_clone().map_err(|source| Error::Write {
                    path: p.to_path_buf(),
                    source,
                })?;
                (Box::new(f), Some((tmp, p.to_path_buf())))
            }
            _ => (Box::new(std::io::stdout().lock()), None),
        };
        Ok(Sink {
            out,
            file,
            raw: Vec::with_capacity(RAW_BLOCK + 4096),
        })
    }

    /// Writes one record.
    fn record<'a>(&mut self, fields: impl IntoIterator<Item = &'a [u8]>) -> Result<()> {
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                self.raw.push(b',');
            }
            push_cell(&mut self.raw, f);
        }
        self.raw.push(b'\n');
        self.end_raw_row()
    }

    /// The buffer for a hand-written row (call `end_raw_row` after it).
    fn raw_row(&mut self) -> Result<&mut Vec<u8>> {
        Ok(&mut self.raw)
    }

    fn end_raw_row(&mut self) -> Result<()> {
        if self.raw.len() >= RAW_BLOCK {
            self.drain_raw()?;
        }
        Ok(())
    }

    fn drain_raw(&mut self) -> Result<()> {
        if !self.raw.is_empty() {
            self.out.write_all(&self.raw)?;
            self.raw.clear();
        }
        Ok(())
    }

    /// Ends the file: flushes, syncs and renames it into place.
    fn commit(mut self) -> Result<()> {
        self.drain_raw()?;
        self.out.flush()?;
        let Sink { out, file, .. } = self;
        drop(out);
        if let Some((tmp, path)) = file {
            crate::output::persist(tmp, &path)?;
        }
        Ok(())
    }
}

const RAW_BLOCK: usize = 1 << 17;

/// Appends a CSV cell, quoted only when it must be (as the csv writer does).
#[inline]
fn push_cell(buf: &mut Vec<u8>, cell: &[u8]) {
    if cell.iter().any(|&b| SPECIAL[b as usize]) {
        buf.push(b'"');
        for &b in cell {
            if b == b'"' {
                buf.push(b'"');
            }
            buf.push(b);
        }
        buf.push(b'"');
    } else {
        buf.extend_from_slice(cell);
    }
}

/// Bytes that make a cell need quoting.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

/// Whether `bytes` may hold a byte that needs quoting: 8 bytes at a time, any byte below `-` (0x2D)
/// counts (`,` `"` `\n` `\r` are all below it; a false alarm only takes the careful path).
#[inline]
fn maybe_special(bytes: &[u8]) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const N: u64 = LO * 0x2D;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let v = u64::from_le_bytes(w);
        // Some byte is below 0x2D (for bytes below 0x80; UTF-8 bytes above are never special).
        if v.wrapping_sub(N) & !v & HI != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| SPECIAL[b as usize])
}

/// True when no cell of the record needs quoting or formula escaping.
#[inline]
fn clean(rec: &csv::ByteRecord) -> bool {
    !maybe_special(rec.as_slice())
        && !rec
            .iter()
            .any(|c| matches!(c.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')))
}

/// Escapes a cell against formula injection (as the finance CSV does), without allocating for the
/// cells that need nothing.
fn escaped(cell: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match cell.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => {
            let is_number = std::str::from_utf8(cell)
                .ok()
                .and_then(|s| s.parse::<Decimal>().ok())
                .is_some();
            if is_number {
                cell.into()
            } else {
                let mut v = Vec::with_capacity(cell.len() + 1);
                v.push(b'\'');
                v.extend_from_slice(cell);
                v.into()
            }
        }
        _ => cell.into(),
    }
}

// ---------------------------------------------------------------------------------------------------
// Rating rows.

struct RegionEntry {
    /// A cheap fingerprint of `code` (length and a few bytes) checked before comparing it.
    tag: u64,
    code: Vec<u8>,
    name: String,
    priced: [bool; 5],
    fast: [Option<fast::FastTiers>; 2],
    /// The finance CSV text of a requests-only quote's lines, for the fast line-item path.
    items: [Option<ItemTemplates>; 2],
}

/// The constant parts of the finance CSV lines of a requests-only REST or HTTP quote in one region,
/// taken from a real quote (`quote_rows`) so that the fast path writes exactly what the cost model
/// would: per tier the cells before the quantity and between quantity and amount; the cells after the
/// amount; and the total row's cells before its amount.
struct ItemTemplates {
    tiers: Vec<(Vec<u8>, Vec<u8>)>,
    tail: Vec<u8>,
    total: Vec<u8>,
}

impl ItemTemplates {
    /// From a quote of a volume that reaches every tier of `ft`; `None` if its lines do not map one
    /// to one onto the tiers (then rows take the general path).
    fn new(catalog: &Catalog, region: &str, kind: ApiKind, ft: &fast::FastTiers) -> Option<Self> {
        let probe = ft.reach_all();
        let q = Pricer::new(catalog, region)
            .ok()?
            .quote(
                kind,
                &Workload::requests(row::requests_decimal(probe)),
                &Allowance::default(),
            )
            .ok()?;
        let rows = quote_rows("1", &q, &catalog.provenance);
        let cells = |r: &[String]| {
            let mut b = Vec::new();
            for c in r {
                b.push(b',');
                push_cell(&mut b, &escaped(c.as_bytes()));
            }
            b
        };
        let (total_row, line_rows) = rows.split_last()?;
        let mut tiers = Vec::with_capacity(line_rows.len());
        for r in line_rows {
            let mut pre = cells(&r[..6]);
            pre.push(b',');
            let mut mid = cells(&r[7..9]);
            mid.push(b',');
            tiers.push((pre, mid));
        }
        let mut tail = cells(&total_row[10..]);
        tail.push(b'\n');
        let mut total = cells(&total_row[..9]);
        total.push(b',');
        // Every line must be a tier of the table, in order (no other meter on a requests-only quote).
        let mut n = 0;
        ft.each_tier(probe, |_, _, _| n += 1);
        (n == tiers.len()
            && line_rows
                .iter()
                .all(|r| cells(&r[10..]) == tail[..tail.len() - 1]))
        .then_some(ItemTemplates { tiers, tail, total })
    }

    /// Writes the line items and the total row of `quantity` units for row `id`; returns the total's
    /// mantissa (at the table's scale), or `None` when it overflows (nothing written).
    fn write(
        &self,
        buf: &mut Vec<u8>,
        id: &[u8],
        ft: &fast::FastTiers,
        quantity: u128,
    ) -> Option<u128> {
        let total = ft.cost(quantity)?;
        let id = escaped(id);
        ft.each_tier(quantity, |i, units, amount| {
            let (pre, mid) = &self.tiers[i];
            push_cell(buf, &id);
            buf.extend_from_slice(pre);
            fast::write_int(buf, units);
            buf.extend_from_slice(mid);
            fast::write_exact(buf, amount, ft.scale);
            buf.extend_from_slice(&self.tail);
        });
        push_cell(buf, &id);
        buf.extend_from_slice(&self.total);
        fast::write_exact(buf, total, ft.scale);
        buf.extend_from_slice(&self.tail);
        Some(total)
    }
}

/// Parses rows into what to price, with a cache of the regions met so far.
struct Rater<'c> {
    catalog: &'c Catalog,
    cols: Columns,
    defaults: Defaults,
    regions: Vec<RegionEntry>,
    last: usize,
    allowance: Allowance,
    defaults_set: bool,
    /// Requests-only rows may take the integer fast path (no free tier to apply).
    fast_ok: bool,
}

/// Length and four bytes of a region code (`us-east-1` and `us-west-2` differ in them).
#[inline]
fn region_tag(code: &[u8]) -> u64 {
    let n = code.len();
    if n == 0 {
        return 0;
    }
    let at = |i: usize| u64::from(code[i.min(n - 1)]);
    n as u64 | at(0) << 16 | at(3) << 24 | at(n / 2) << 32 | at(n - 1) << 40
}

#[inline]
fn kind_index(k: ApiKind) -> usize {
    match k {
        ApiKind::Rest => 0,
        ApiKind::Http => 1,
        ApiKind::WebSocket => 2,
        ApiKind::Alb => 3,
        ApiKind::FunctionUrl => 4,
    }
}

impl<'c> Rater<'c> {
    fn new(catalog: &'c Catalog, cols: Columns, opts: &Options) -> Rater<'c> {
        Rater {
            catalog,
            cols,
            defaults: opts.defaults.clone(),
            defaults_set: opts.defaults.any(),
            regions: Vec::new(),
            last: 0,
            allowance: opts.free_tier.month(0, opts.free_tier.initial_credit()),
            fast_ok: opts.free_tier == FreeTier::None,
        }
    }

    /// Parses a record; checks the region exists and prices the row's API kind.
    fn parse<'r>(
        &mut self,
        rec: &'r csv::ByteRecord,
    ) -> std::result::Result<(row::Row<'r>, usize), RowError> {
        let row = row::parse(rec, &self.cols, &self.defaults, self.defaults_set)?;
        let region = self.region(row.region)?;
        if !self.regions[region].priced[kind_index(row.kind)] {
            let name = &self.regions[region].name;
            return Err(RowError::new(
                "api",
                row.kind.name(),
                format!(
                    "expected an option the catalog prices in {name}: no price for {} there{}",
                    row.kind.title(),
                    self.catalog.availability_hint(row.kind)
                ),
            ));
        }
        Ok((row, region))
    }

    fn region(&mut self, cell: &[u8]) -> std::result::Result<usize, RowError> {
        let key: &[u8] = if cell.is_empty() {
            self.defaults.region.as_bytes()
        } else {
            cell
        };
        let tag = region_tag(key);
        if let Some(e) = self.regions.get(self.last) {
            if e.tag == tag && e.code == key {
                return Ok(self.last);
            }
        }
        if let Some(i) = self
            .regions
            .iter()
            .position(|e| e.tag == tag && e.code == key)
        {
            self.last = i;
            return Ok(i);
        }
        let text = String::from_utf8_lossy(key).into_owned();
        let prices = self.catalog.region(&text).map_err(|e| match e {
            Error::UnknownRegion { hint, .. } => RowError::new(
                "region",
                text.clone(),
                format!("expected a region code the catalog knows{hint}"),
            ),
            other => RowError::new("region", text.clone(), other.to_string()),
        })?;
        let mut priced = [false; 5];
        for k in ApiKind::ALL {
            priced[kind_index(k)] = prices.prices(k);
        }
        let fast = [
            prices.rest.as_ref().and_then(fast::FastTiers::new),
            prices.http.as_ref().and_then(fast::FastTiers::new),
        ];
        let items = [ApiKind::Rest, ApiKind::Http].map(|k| {
            fast[kind_index(k)]
                .as_ref()
                .and_then(|ft| ItemTemplates::new(self.catalog, &text, k, ft))
        });
        self.regions.push(RegionEntry {
            tag,
            code: key.to_vec(),
            name: text,
            priced,
            fast,
            items,
        });
        self.last = self.regions.len() - 1;
        Ok(self.last)
    }

    fn fast(&self, region: usize, kind: ApiKind) -> Option<&fast::FastTiers> {
        match kind {
            ApiKind::Rest => self.regions[region].fast[0].as_ref(),
            ApiKind::Http => self.regions[region].fast[1].as_ref(),
            _ => None,
        }
    }

    fn items(&self, region: usize, kind: ApiKind) -> Option<&ItemTemplates> {
        match kind {
            ApiKind::Rest => self.regions[region].items[0].as_ref(),
            ApiKind::Http => self.regions[region].items[1].as_ref(),
            _ => None,
        }
    }

    /// Prices a row as its own account with the whole cost model.
    fn quote(&self, region: usize, row: &row::Row) -> std::result::Result<Quote, RowError> {
        let pricer = Pricer::new(self.catalog, &self.regions[region].name).map_err(|e| {
            RowError::new("region", self.regions[region].name.clone(), e.to_string())
        })?;
        let w = match &row.workload {
            Some(w) => (**w).clone(),
            None => Workload::requests(row::requests_decimal(row.requests)),
        };
        pricer
            .quote(row.kind, &w, &self.allowance)
            .map_err(row_error)
    }
}

/// A pricing error of one row, as a row error naming the column.
fn row_error(e: Error) -> RowError {
    match e {
        Error::Invalid {
            field,
            value,
            expected,
        } => RowError::new(field.column(), value, format!("expected {expected}")),
        Error::Limit { field, message } => RowError::new(field.column(), "", message),
        Error::NotPriced { .. } => RowError::new("api", "", e.to_string()),
        Error::Overflow { .. } => RowError::new("requests", "", e.to_string()),
        other => RowError::new("(row)", "", other.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------------
// Progress on stderr (indicatif; drawn only when stderr is a terminal).

struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
}

impl Progress {
    fn new(enabled: bool, len: Option<u64>, label: &str) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let target = indicatif::ProgressDrawTarget::stderr_with_hz(4);
            let (bar, template) = match len {
                Some(n) => (
                    indicatif::ProgressBar::with_draw_target(Some(n), target),
                    "{prefix} [{bar:30}] {bytes}/{total_bytes} {msg} ETA {eta}",
                ),
                None => (
                    indicatif::ProgressBar::with_draw_target(None, target),
                    "{prefix} {spinner} {bytes} {msg}",
                ),
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(label.to_string());
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
        }
    }

    fn update(&self, rows: u64, bytes: u64) {
        if let Some(bar) = &self.bar {
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            bar.set_position(bytes);
            bar.set_message(format!("{rows} rows, {:.0} rows/s", rows as f64 / secs));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// The passes.

struct Job<'a, 'c> {
    rater: Rater<'c>,
    input: &'a Input,
    opts: &'a Options,
    rejects: Option<&'a mut Sink>,
    stats: Stats,
    provenance: &'c Provenance,
}

/// Reads every record of the input once, calling `f(row number, record)`.
fn each_row(
    input: &Input,
    progress: bool,
    label: &str,
    mut f: impl FnMut(u64, &csv::ByteRecord) -> Result<()>,
) -> Result<()> {
    let (mut rdr, len) = input.reader()?;
    let bar = Progress::new(progress, len, label);
    let mut rec = csv::ByteRecord::new();
    let mut n: u64 = 0;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                bar.finish();
                return Err(input.error(format!("row {}: {e}", n + 1)));
            }
        }
        n += 1;
        if let Err(e) = f(n, &rec) {
            bar.finish();
            return Err(e);
        }
        if n & 0xFFFF == 0 {
            bar.update(n, rdr.position().byte());
        }
    }
    bar.finish();
    Ok(())
}

impl Job<'_, '_> {
    /// A bad row: stop (fail) or count it and list it (skip).
    fn reject(&mut self, n: u64, rec: &csv::ByteRecord, e: RowError) -> Result<()> {
        let line = rec.position().map(|p| p.line()).unwrap_or(n + 1);
        if self.opts.on_error == OnError::Fail {
            return Err(self.input.error(format!(
                "row {n} (line {line}), column {}, value '{}': {} (--on-error skip goes on past bad rows)",
                e.column, e.value, e.expected
            )));
        }
        self.stats.rejected += 1;
        if let Some(r) = self.rejects.as_deref_mut() {
            let (n, line) = (n.to_string(), line.to_string());
            let head = [
                n.as_bytes(),
                line.as_bytes(),
                e.column.as_bytes(),
                e.value.as_bytes(),
                e.expected.as_bytes(),
            ];
            let cells: Vec<std::borrow::Cow<[u8]>> =
                head.into_iter().chain(rec.iter()).map(escaped).collect();
            r.record(cells.iter().map(|c| c.as_ref()))?;
        }
        Ok(())
    }

    fn summary_header(&self, out: &mut Sink) -> Result<()> {
        let cols = &self.rater.cols;
        let mut h: Vec<&[u8]> = vec![b"id"];
        h.extend(
            (0..cols.names.len())
                .filter(|&i| i != cols.id)
                .map(|i| cols.names[i].as_bytes()),
        );
        h.extend([b"total".as_slice(), b"billed".as_slice()]);
        out.record(h)
    }

    fn items_header(out: &mut Sink) -> Result<()> {
        let mut h: Vec<&[u8]> = vec![b"id"];
        h.extend(HEADER.iter().map(|s| s.as_bytes()));
        out.record(h)
    }

    /// Starts a summary row: id and the other input cells, each followed by a comma; the caller
    /// appends total, billed and the newline, then calls `Sink::end_raw_row`.
    fn summary_prefix<'s>(
        &self,
        out: &'s mut Sink,
        rec: &csv::ByteRecord,
    ) -> Result<&'s mut Vec<u8>> {
        let id = self.rater.cols.id;
        let buf = out.raw_row()?;
        if clean(rec) {
            // Nothing to quote or escape (the usual case): copy the cells as they are.
            buf.extend_from_slice(rec.get(id).unwrap_or_default());
            buf.push(b',');
            for (i, cell) in rec.iter().enumerate() {
                if i != id {
                    buf.extend_from_slice(cell);
                    buf.push(b',');
                }
            }
            return Ok(buf);
        }
        push_cell(buf, &escaped(rec.get(id).unwrap_or_default()));
        buf.push(b',');
        for (i, cell) in rec.iter().enumerate() {
            if i != id {
                push_cell(buf, &escaped(cell));
                buf.push(b',');
            }
        }
        Ok(buf)
    }

    /// Line items of a quote, each row prefixed with `id`.
    fn item_rows(&self, out: &mut Sink, id: &[u8], rows: &[Vec<String>]) -> Result<()> {
        for r in rows {
            let id_cell = escaped(id);
            let cells: Vec<std::borrow::Cow<[u8]>> = std::iter::once(id_cell)
                .chain(r.iter().map(|c| escaped(c.as_bytes())))
                .collect();
            out.record(cells.iter().map(|c| c.as_ref()))?;
        }
        Ok(())
    }

    /// Every row its own account: one pass.
    fn separate(&mut self, out: &mut Sink) -> Result<()> {
        if self.opts.summary {
            self.summary_header(out)?;
        } else {
            Self::items_header(out)?;
        }
        self.stats.passes = 1;
        let (input, progress) = (self.input, self.opts.progress);
        each_row(input, progress, "rating", |n, rec| {
            self.stats.rows += 1;
            let (row, region) = match self.rater.parse(rec) {
                Ok(r) => r,
                Err(e) => return self.reject(n, rec, e),
            };
            if self.opts.summary {
                let fast = match (&row.workload, self.rater.fast_ok) {
                    (None, true) => self
                        .rater
                        .fast(region, row.kind)
                        .and_then(|ft| ft.cost(row.requests).map(|m| (m, ft.scale))),
                    _ => None,
                };
                let cents = match fast {
                    Some((m, scale)) => {
                        let c = fast::cents_of(m, scale);
                        let buf = self.summary_prefix(out, rec)?;
                        fast::write_exact(buf, m, scale);
                        buf.push(b',');
                        fast::write_cents_int(buf, c);
                        buf.push(b'\n');
                        c
                    }
                    None => {
                        let q = match self.rater.quote(region, &row) {
                            Ok(q) => q,
                            Err(e) => return self.reject(n, rec, e),
                        };
                        let c = to_cents(q.total);
                        let buf = self.summary_prefix(out, rec)?;
                        writeln!(buf, "{},{c}", exact(q.total))?;
                        cents_u128(c)
                    }
                };
                out.end_raw_row()?;
                self.stats.billed_cents += cents;
            } else {
                if let (None, true, Some(ft), Some(items)) = (
                    &row.workload,
                    self.rater.fast_ok,
                    self.rater.fast(region, row.kind),
                    self.rater.items(region, row.kind),
                ) {
                    let buf = out.raw_row()?;
                    if let Some(total) = items.write(buf, row.id, ft, row.requests) {
                        out.end_raw_row()?;
                        self.stats.billed_cents += fast::cents_of(total, ft.scale);
                        self.stats.rated += 1;
                        return Ok(());
                    }
                }
                let q = match self.rater.quote(region, &row) {
                    Ok(q) => q,
                    Err(e) => return self.reject(n, rec, e),
                };
                let rows = quote_rows("1", &q, self.provenance);
                self.item_rows(out, row.id, &rows)?;
                self.stats.billed_cents += cents_u128(to_cents(q.total));
            }
            self.stats.rated += 1;
            Ok(())
        })
    }

    /// Rows share one account per region and API kind.
    fn shared(&mut self, out: &mut Sink) -> Result<()> {
        let metering = self.rater.catalog.metering.clone();
        let mut pools = Pools::default();
        let (input, progress) = (self.input, self.opts.progress);

        // Pass 1: validate every row, sum each pool's volume.
        each_row(input, progress, "pass 1: volumes", |n, rec| {
            self.stats.rows += 1;
            let parsed = self.rater.parse(rec).and_then(|(row, region)| {
                Ok((row::shared_units(&row, &metering)?, row.kind, region))
            });
            let (units, kind, region) = match parsed {
                Ok(p) => p,
                Err(e) => return self.reject(n, rec, e),
            };
            for &(meter, u) in contributions(kind, &units) {
                let p = pools.index(region, kind, meter);
                let pool = &mut pools.list[p];
                pool.volume = pool.volume.checked_add(u).ok_or_else(|| {
                    Error::overflow(format!("the shared account's {} volume", meter.name()))
                })?;
            }
            self.stats.rated += 1;
            Ok(())
        })?;
        self.stats.passes = 1;

        // Price each account once on its summed volume; each pool's bill to the cent.
        let mut accounts: Vec<(usize, ApiKind, Quote)> = Vec::new();
        let mut order: Vec<(usize, ApiKind)> = Vec::new();
        for p in &pools.list {
            if !order.contains(&(p.region, p.kind)) {
                order.push((p.region, p.kind));
            }
        }
        for (region, kind) in order {
            let vol = |m: Meter| -> Result<Option<Decimal>> {
                match pools
                    .list
                    .iter()
                    .find(|p| p.region == region && p.kind == kind && p.meter == m)
                {
                    None => Ok(None),
                    Some(p) => row::units_decimal(p.volume).map(Some).ok_or_else(|| {
                        Error::overflow(format!("the shared account's {} volume", m.name()))
                    }),
                }
            };
            let w = match kind {
                ApiKind::WebSocket => Workload {
                    messages: vol(Meter::Messages)?,
                    connection_minutes: vol(Meter::ConnectionMinutes)?,
                    ..Workload::default()
                },
                _ => Workload::requests(vol(Meter::Requests)?.unwrap_or_default()),
            };
            let name = self.rater.regions[region].name.clone();
            let q =
                Pricer::new(self.rater.catalog, &name)?.quote(kind, &w, &self.rater.allowance)?;
            for pool in pools
                .list
                .iter_mut()
                .filter(|p| p.region == region && p.kind == kind)
            {
                pool.exact = q
                    .lines
                    .iter()
                    .filter(|l| l.meter == pool.meter)
                    .map(|l| l.amount)
                    .sum();
                pool.cents = cents_u128(to_cents(pool.exact));
                pool.select = alloc::Select::new(pool.volume);
                self.stats.billed_cents += pool.cents;
            }
            accounts.push((region, kind, q));
        }
        self.stats.accounts = accounts.len();

        // Pass 2: floors and the remainders' histograms; more passes until every pool's threshold is known.
        let too_large =
            || Error::overflow("a shared account's bill x a row's volume (the cents allocation)");
        let mut pass = 2;
        loop {
            let first = pass == 2;
            let label = if first {
                "pass 2: allocation".to_string()
            } else {
                format!("pass {pass}: remainder selection")
            };
            each_row(input, progress, &label, |_, rec| {
                let Ok((row, region)) = self.rater.parse(rec) else {
                    return Ok(());
                };
                let Ok(units) = row::shared_units(&row, &metering) else {
                    return Ok(());
                };
                for &(meter, u) in contributions(row.kind, &units) {
                    let p = pools.index(region, row.kind, meter);
                    let pool = &mut pools.list[p];
                    let (f, r) = alloc::split(pool.cents, u, pool.volume).ok_or_else(too_large)?;
                    if first {
                        pool.floors += f;
                    }
                    pool.select.observe(r);
                }
                Ok(())
            })?;
            let mut open = false;
            for pool in &mut pools.list {
                if first {
                    pool.select
                        .set_leftover(pool.cents - pool.floors.min(pool.cents));
                }
                if !pool.select.finish_pass() {
                    open = true;
                }
            }
            self.stats.passes = pass;
            pass += 1;
            if !open {
                break;
            }
        }
        let mut applies: Vec<alloc::Apply> = pools
            .list
            .iter()
            .map(|p| alloc::Apply::new(p.select.rule.expect("resolved")))
            .collect();

        // Last pass: write.
        let prov = self.provenance;
        if self.opts.summary {
            self.summary_header(out)?;
        } else {
            Self::items_header(out)?;
            for (region, kind, q) in &accounts {
                let id = account_id(&self.rater.regions[*region].name, *kind);
                self.item_rows(out, id.as_bytes(), &quote_rows("1", q, prov))?;
                let cents: u128 = pools
                    .list
                    .iter()
                    .filter(|p| p.region == *region && p.kind == *kind)
                    .map(|p| p.cents)
                    .sum();
                let billed = cents_string(cents);
                let row = billed_row(&q.region, *kind, "BILLED", &billed, prov);
                self.item_rows(out, id.as_bytes(), &[row])?;
            }
        }
        self.stats.passes = pass;
        each_row(
            input,
            progress,
            &format!("pass {pass}: writing"),
            |_, rec| {
                let Ok((row, region)) = self.rater.parse(rec) else {
                    return Ok(());
                };
                let Ok(units) = row::shared_units(&row, &metering) else {
                    return Ok(());
                };
                let mut share = Decimal::ZERO;
                let mut cents_sum: u128 = 0;
                let mut lines: Vec<Vec<String>> = Vec::new();
                for &(meter, u) in contributions(row.kind, &units) {
                    let p = pools.index(region, row.kind, meter);
                    let pool = &pools.list[p];
                    let (f, r) = alloc::split(pool.cents, u, pool.volume).ok_or_else(too_large)?;
                    let cents = f + u128::from(applies[p].extra(r));
                    cents_sum += cents;
                    let exact_share = proportion(pool.exact, u, pool.volume)?;
                    share += exact_share;
                    if !self.opts.summary {
                        let unit_price = proportion(pool.exact, 1, pool.volume)?;
                        lines.push(vec![
                            "1".into(),
                            self.rater.regions[region].name.clone(),
                            row.kind.name().into(),
                            format!(
                                "{} (share of {})",
                                pool_component(row.kind, meter),
                                account_id(&self.rater.regions[region].name, row.kind)
                            ),
                            meter.name().into(),
                            "shared account".into(),
                            u.to_string(),
                            meter.unit().into(),
                            unit_price.normalize().to_string(),
                            cents_string(cents),
                            "USD".into(),
                            prov.source.clone(),
                            prov.published.clone(),
                        ]);
                    }
                }
                if self.opts.summary {
                    let buf = self.summary_prefix(out, rec)?;
                    write!(buf, "{},", exact(share))?;
                    fast::write_cents_int(buf, cents_sum);
                    buf.push(b'\n');
                    out.end_raw_row()?;
                } else {
                    lines.push(billed_row(
                        &self.rater.regions[region].name,
                        row.kind,
                        "TOTAL",
                        &cents_string(cents_sum),
                        prov,
                    ));
                    self.item_rows(out, row.id, &lines)?;
                }
                Ok(())
            },
        )
    }
}

/// The pools a row contributes to (a WebSocket row to two meters, REST/HTTP to one).
fn contributions(kind: ApiKind, units: &[(Meter, u128); 2]) -> &[(Meter, u128)] {
    if kind == ApiKind::WebSocket {
        &units[..]
    } else {
        &units[..1]
    }
}

fn account_id(region: &str, kind: ApiKind) -> String {
    format!("account:{region}:{}", kind.name())
}

fn pool_component(kind: ApiKind, meter: Meter) -> String {
    match meter {
        Meter::Messages => "WebSocket messages".into(),
        Meter::ConnectionMinutes => "WebSocket connection minutes".into(),
        _ => format!("{} requests", kind.title()),
    }
}

fn billed_row(
    region: &str,
    kind: ApiKind,
    what: &str,
    amount: &str,
    p: &Provenance,
) -> Vec<String> {
    vec![
        "1".into(),
        region.into(),
        kind.name().into(),
        what.into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        amount.into(),
        "USD".into(),
        p.source.clone(),
        p.published.clone(),
    ]
}

/// `amount x units / volume` (28 significant digits), zero for an empty pool.
fn proportion(amount: Decimal, units: u128, volume: u128) -> Result<Decimal> {
    if volume == 0 {
        return Ok(Decimal::ZERO);
    }
    let too_large = || Error::overflow("a row's share of the shared account");
    let u = row::units_decimal(units).ok_or_else(too_large)?;
    let v = row::units_decimal(volume).ok_or_else(too_large)?;
    amount
        .checked_mul(u)
        .and_then(|x| x.checked_div(v))
        .or_else(|| amount.checked_mul(u.checked_div(v)?))
        .ok_or_else(|| Error::overflow("a row's share of the shared account"))
}

/// A non-negative amount already rounded to cents, as whole cents.
fn cents_u128(cents: Decimal) -> u128 {
    // Bills are never negative here (credits are refused in shared mode and a credit never takes a
    // separate bill below zero).
    debug_assert!(!cents.is_sign_negative(), "negative bill {cents}");
    (cents * Decimal::ONE_HUNDRED).to_u128().unwrap_or(0)
}

fn cents_string(cents: u128) -> String {
    let mut b = Vec::new();
    fast::write_cents_int(&mut b, cents);
    String::from_utf8(b).unwrap_or_default()
}

/// One account's meter: its volume, bill and the selection of its rows' extra cents.
struct Pool {
    region: usize,
    kind: ApiKind,
    meter: Meter,
    volume: u128,
    exact: Decimal,
    cents: u128,
    floors: u128,
    select: alloc::Select,
}

#[derive(Default)]
struct Pools {
    list: Vec<Pool>,
    by_key: HashMap<(usize, ApiKind, Meter), usize>,
    last: Option<usize>,
}

impl Pools {
    fn index(&mut self, region: usize, kind: ApiKind, meter: Meter) -> usize {
        if let Some(i) = self.last {
            let p = &self.list[i];
            if p.region == region && p.kind == kind && p.meter == meter {
                return i;
            }
        }
        let next = self.list.len();
        let i = *self.by_key.entry((region, kind, meter)).or_insert(next);
        if i == next {
            self.list.push(Pool {
                region,
                kind,
                meter,
                volume: 0,
                exact: Decimal::ZERO,
                cents: 0,
                floors: 0,
                select: alloc::Select::new(0),
            });
        }
        self.last = Some(i);
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Catalog;

    proptest::proptest! {
        /// The 8-bytes-at-a-time scan never misses a byte that needs quoting.
        #[test]
        fn special_bytes_are_never_missed(v in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            if v.iter().any(|&b| SPECIAL[b as usize]) {
                proptest::prop_assert!(maybe_special(&v));
            }
            let plain: Vec<u8> = v.iter().map(|b| b'a' + b % 26).collect();
            proptest::prop_assert!(!maybe_special(&plain));
        }
    }

    #[test]
    fn region_tags_tell_the_usual_codes_apart() {
        let codes = [
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "eu-west-1",
            "eu-west-2",
        ];
        for a in codes {
            for b in codes {
                assert_eq!(
                    region_tag(a.as_bytes()) == region_tag(b.as_bytes()),
                    a == b,
                    "{a} {b}"
                );
            }
        }
    }

    /// The integer fast path gives the same total as `Pricer::quote`, around every tier bound.
    #[test]
    fn fast_path_equals_the_full_quote() {
        let catalog = Catalog::embedded().unwrap();
        let mut checked = 0;
        for (code, region) in &catalog.regions {
            let pricer = Pricer::new(&catalog, code).unwrap();
            for (kind, table) in [(ApiKind::Rest, &region.rest), (ApiKind::Http, &region.http)] {
                let Some(table) = table else { continue };
                let ft = fast::FastTiers::new(table).expect("catalog tables are integral");
                let mut volumes: Vec<u128> = vec![
                    0,
                    1,
                    2,
                    999_999,
                    1_000_000,
                    300_000,
                    600_000_000,
                    21_000_000_000,
                ];
                for b in table.boundaries() {
                    let b = b.to_u128().unwrap();
                    volumes.extend([b - 1, b, b + 1, b * 3 + 7]);
                }
                for v in volumes {
                    let q = pricer
                        .quote(
                            kind,
                            &Workload::requests(row::requests_decimal(v)),
                            &Allowance::default(),
                        )
                        .unwrap();
                    let m = ft.cost(v).unwrap();
                    let mut a = Vec::new();
                    fast::write_exact(&mut a, m, ft.scale);
                    assert_eq!(
                        String::from_utf8(a).unwrap(),
                        exact(q.total).to_string(),
                        "{code} {kind} {v}"
                    );
                    assert_eq!(
                        Decimal::from_i128_with_scale(fast::cents_of(m, ft.scale) as i128, 2),
                        to_cents(q.total)
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 300);
    }
}
