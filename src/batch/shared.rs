//! `--accounts shared`: rows share one account per region and API kind. Pass 1 over the CSV parses
//! every row, sums each pool's volume (a pool is one account's meter: region x kind x meter) and
//! spills each row's pools and units (`spill.rs`, a few bytes a row) and, with `--summary`, the row's
//! output cells; each account is then priced once on its summed volume; the allocation passes split
//! each pool's bill, to the cent, over its rows by largest remainder (`alloc.rs`) reading the spill,
//! not the CSV; the last pass writes each row's share from the spill alone (`--summary`: one pass
//! over the CSV in all), or reads the CSV again beside it for the line items' ids. Memory is bounded
//! by the number of pools, not rows. Exact shares are written from their mantissa (`write_share`).
//! With `--threads N`, pass 1 runs on N threads (`threads::run`), and so do the allocation passes and
//! the `--summary` writing pass over the spill's segments (`spread.rs`).

use std::io::Write;

use rust_decimal::Decimal;

mod spread;

use super::alloc;
use super::fast;
use super::input::each_row;
use super::items;
use super::job::{cents_u128, Job};
use super::row;
use super::sink::Sink;
use super::spill::{Entry, Spill, SpillWriter, TextReader};
use super::threads::{self, Rated};
use super::PERIOD;
use crate::error::{Error, Result};
use crate::io::progress::{Counts, Progress};
use crate::model::api::ApiKind;
use crate::model::catalog::Metering;
use crate::model::cost::{component, Pricer, Quote};
use crate::model::meter::Meter;
use crate::model::workload::Workload;
use crate::money::exact;
use crate::render::csv::{quote_rows, FinanceRow, RowType, TOTAL};

/// The tier cell of a row's share of a pool.
const SHARED_TIER: &str = "shared account";

/// One shared account, priced on the summed volumes of its pools.
struct Account {
    region: usize,
    kind: ApiKind,
    quote: Quote,
}

/// A row's billable units per meter (see `row::shared_units`).
type Units = [(Meter, u128); 2];

impl Job<'_, '_> {
    /// Rows share one account per region and API kind.
    pub(super) fn shared(&mut self, out: &mut Sink) -> Result<()> {
        let metering = self.rater.catalog.metering.clone();
        let mut pools = Pools::default();
        let spill = self.sum_volumes(&mut pools, &metering)?;
        self.stats.passes = 1;
        let accounts = self.price_accounts(&mut pools)?;
        self.stats.accounts = accounts.len();
        let applies = self.allocate(&mut pools, &spill)?;
        self.write_accounts(out, &accounts)?;
        // --summary writes from the spill; line items read the CSV again for the rows' ids.
        self.stats.passes = if self.opts.summary { 1 } else { 2 };
        self.write_shares(out, &mut pools, applies, &spill)
    }

    /// Pass 1: validates every row (a bad one is rejected), sums each pool's volume and spills each
    /// row's pools and units. With `--threads N` and a file, on N threads (`threads::run`): each
    /// worker sums its block's pools and spills its rows in memory, the main thread adds the blocks'
    /// pools in input order (so they are numbered as one thread numbers them) and appends their rows.
    fn sum_volumes(&mut self, pools: &mut Pools, metering: &Metering) -> Result<Spill> {
        let (input, progress) = (self.input, self.opts.progress);
        let mut spill = SpillWriter::new(self.opts.summary)?;
        let mut cells = Vec::new();
        if let Some(path) = input.path().filter(|_| self.opts.threads > 1) {
            let pass = Volumes {
                metering,
                summary: self.opts.summary,
            };
            let mut main = Merged {
                pools,
                spill: &mut spill,
                metering,
                cells,
            };
            threads::run(
                self,
                path,
                threads::BLOCK_BYTES,
                "pass 1: volumes",
                &pass,
                &mut main,
            )?;
            return spill.finish();
        }
        each_row(input, progress, "pass 1: volumes", |n, rec| {
            self.stats.rows += 1;
            match self.volume_row(pools, &mut spill, metering, &mut cells, rec)? {
                Ok(()) => {
                    self.stats.rated += 1;
                    Ok(())
                }
                Err(e) => self.reject(n, rec, e),
            }
        })?;
        spill.finish()
    }

    /// Pass 1 for one row: its volume added to its pools, its pools and units spilled (a bad row
    /// spilled as rejected, nothing added).
    fn volume_row<W: Write>(
        &mut self,
        pools: &mut Pools,
        spill: &mut SpillWriter<W>,
        metering: &Metering,
        cells: &mut Vec<u8>,
        rec: &csv::ByteRecord,
    ) -> Result<Rated> {
        let parsed = self
            .rater
            .parse(rec)
            .and_then(|(row, region)| Ok((row::shared_units(&row, metering)?, row.kind, region)));
        let (units, kind, region) = match parsed {
            Ok(p) => p,
            Err(e) => {
                spill.rejected()?;
                return Ok(Err(e));
            }
        };
        let mut parts: Entry = [(0, 0); 2];
        let contributions = contributions(kind, &units);
        for (slot, &(meter, u)) in parts.iter_mut().zip(contributions) {
            *slot = (pools.add(region, kind, meter, u)?, u);
        }
        spill.row(&parts[..contributions.len()])?;
        if self.opts.summary {
            cells.clear();
            self.prefix_into(cells, rec);
            spill.text(cells)?;
        }
        Ok(Ok(()))
    }

    /// Prices each account once on its summed volume; each pool's bill, exact and to the cent.
    fn price_accounts(&mut self, pools: &mut Pools) -> Result<Vec<Account>> {
        let mut accounts = Vec::new();
        for (region, kind) in pools.accounts() {
            let w = pools.workload(region, kind)?;
            let name = self.rater.region_name(region);
            let q =
                Pricer::new(self.rater.catalog, name)?.quote(kind, &w, &self.rater.allowance)?;
            self.stats.billed_cents += pools.bill(region, kind, &q);
            accounts.push(Account {
                region,
                kind,
                quote: q,
            });
        }
        Ok(accounts)
    }

    /// The allocation: floors and the remainders' histograms over the spill, again until every pool's
    /// threshold is known (with `--threads N`, each pass on N threads: `spread.rs`). Returns each
    /// pool's rule for its rows' extra cents.
    fn allocate(&mut self, pools: &mut Pools, spill: &Spill) -> Result<Vec<alloc::Apply>> {
        let mut first = true;
        loop {
            match self.opts.threads {
                0 | 1 => allocation_pass(pools, spill, first)?,
                n => spread::allocation_pass(pools, spill, n, first)?,
            }
            let open = pools.finish_pass(first);
            self.stats.spill_passes += 1;
            first = false;
            if !open {
                break;
            }
        }
        Ok(pools
            .list
            .iter()
            .map(|p| alloc::Apply::new(p.select.rule.expect("resolved")))
            .collect())
    }

    /// The header; with line items also each account's own lines and its TOTAL (its bill to the cent,
    /// and exact), under the account's id.
    fn write_accounts(&self, out: &mut Sink, accounts: &[Account]) -> Result<()> {
        if self.opts.summary {
            return self.summary_header(out);
        }
        items::header(out)?;
        for a in accounts {
            let id = account_id(self.rater.region_name(a.region), a.kind);
            // The account's own lines and its TOTAL: the bill to the cent (and exact), which the
            // pools' cents add up to.
            items::write(out, id.as_bytes(), &quote_rows(PERIOD, &a.quote))?;
        }
        Ok(())
    }

    /// The last pass: each row's share of its pools' bills, as a summary row (exact share, cents) or
    /// as one line item per pool and a total. The CSV is read beside the spill, record by record; the
    /// row is not parsed again (its pools and units are in the spill, its cells are copied).
    fn write_shares(
        &mut self,
        out: &mut Sink,
        pools: &mut Pools,
        mut applies: Vec<alloc::Apply>,
        spill: &Spill,
    ) -> Result<()> {
        // --summary: the cells were kept in the spill; line items read the CSV for the id alone.
        if let Some(text) = spill.text()? {
            if self.opts.threads > 1 {
                let rules: Vec<alloc::Rule> = applies.iter().map(|a| a.rule).collect();
                return self.write_summary_threads(out, pools, &rules, spill);
            }
            return self.write_summary(out, pools, applies, spill, text);
        }
        let (input, progress) = (self.input, self.opts.progress);
        let mut rdr = spill.reader()?;
        let mut e: Entry = [(0, 0); 2];
        each_row(input, progress, "pass 2: writing", |_, rec| {
            let n = rdr.next(&mut e)?.ok_or_else(spill_changed)?;
            if n == 0 {
                // Rejected in pass 1: left out.
                return Ok(());
            }
            let mut share = Decimal::ZERO;
            let mut cents_sum: u128 = 0;
            // At most two lines (a WebSocket row's two meters), kept off the heap.
            let mut lines: [Option<FinanceRow>; 2] = [None, None];
            for (i, &(p, u)) in e[..n].iter().enumerate() {
                let pool = pools.list.get(p).ok_or_else(spill_changed)?;
                let (f, r) = alloc::split(pool.cents, u, pool.volume).ok_or_else(too_large)?;
                let cents = f + u128::from(applies[p].extra(r));
                cents_sum += cents;
                share += proportion(pool.exact, u, pool.volume)?;
                lines[i] = Some(self.share_line(u, pool, cents)?);
            }
            let pool = &pools.list[e[0].0];
            let total = FinanceRow::total(
                PERIOD,
                self.rater.region_name(pool.region),
                pool.kind.name(),
                TOTAL,
                cents_string(cents_sum),
                exact(share).to_string(),
            );
            let id = rec.get(self.rater.cols.id).unwrap_or_default();
            items::write(out, id, lines.iter().flatten().chain([&total]))
        })
    }

    /// The last pass of `--summary`: each rated row's cells from the spill (kept by pass 1, so the
    /// CSV is not read again), its exact share and its cents.
    fn write_summary(
        &mut self,
        out: &mut Sink,
        pools: &Pools,
        mut applies: Vec<alloc::Apply>,
        spill: &Spill,
        mut text: TextReader,
    ) -> Result<()> {
        let rows = self.stats.rows;
        let bar = Progress::new(
            self.opts.progress,
            Some(rows),
            "pass 2: writing",
            Counts::Rows,
        );
        let mut rdr = spill.reader()?;
        let mut e: Entry = [(0, 0); 2];
        let mut n: u64 = 0;
        while let Some(k) = rdr.next(&mut e)? {
            n += 1;
            if n & 0xFFFF == 0 {
                bar.update(n, n);
            }
            if k == 0 {
                continue; // rejected in pass 1: left out
            }
            let mut share = Decimal::ZERO;
            let mut cents_sum: u128 = 0;
            for &(p, u) in &e[..k] {
                let pool = pools.list.get(p).ok_or_else(spill_changed)?;
                let (f, r) = alloc::split(pool.cents, u, pool.volume).ok_or_else(too_large)?;
                cents_sum += f + u128::from(applies[p].extra(r));
                share += proportion(pool.exact, u, pool.volume)?;
            }
            let buf = out.raw_row()?;
            text.next_into(buf)?;
            write_share(buf, share)?;
            buf.push(b',');
            fast::write_cents_int(buf, cents_sum);
            buf.push(b'\n');
            out.end_raw_row()?;
        }
        bar.finish();
        Ok(())
    }

    /// A row's line item for one pool: its units, the pool's unit price and the row's cents.
    fn share_line(&self, units: u128, pool: &Pool, cents: u128) -> Result<FinanceRow> {
        let (region, kind, meter) = (pool.region, pool.kind, pool.meter);
        let name = self.rater.region_name(region);
        // The account's average price, quoted per 1M units as AWS quotes the meter.
        let unit_price = proportion(pool.exact, 1, pool.volume)?
            .checked_mul(meter.price_per())
            .ok_or_else(|| Error::overflow("a shared account's average unit price"))?;
        let exact_share = proportion(pool.exact, units, pool.volume)?;
        Ok(FinanceRow {
            component: format!(
                "{} (share of {})",
                pool_component(kind, meter),
                account_id(name, kind)
            ),
            meter: meter.name().into(),
            tier: SHARED_TIER.into(),
            quantity: units.to_string(),
            unit: meter.unit().into(),
            unit_price: exact(unit_price).to_string(),
            price_unit: meter.price_unit(),
            amount: cents_string(cents),
            amount_exact: exact(exact_share).to_string(),
            source: pool.sources.clone(),
            ..FinanceRow::new(PERIOD, name, kind.name(), RowType::Line)
        })
    }
}

/// One pass of the allocation over the spill on this thread: each pool's floors (the first pass) and
/// its remainders' histogram.
fn allocation_pass(pools: &mut Pools, spill: &Spill, first: bool) -> Result<()> {
    let mut rdr = spill.reader()?;
    let mut e: Entry = [(0, 0); 2];
    while let Some(n) = rdr.next(&mut e)? {
        for &(p, u) in &e[..n] {
            let pool = pools.list.get_mut(p).ok_or_else(spill_changed)?;
            let (f, r) = alloc::split(pool.cents, u, pool.volume).ok_or_else(too_large)?;
            if first {
                pool.floors += f;
            }
            pool.select.observe(r);
        }
    }
    Ok(())
}

/// Pass 1 on a worker of `threads.rs`: its block's pools (numbered in the order the block met them)
/// and rows spilled in memory.
struct Volumes<'m> {
    metering: &'m Metering,
    summary: bool,
}

/// A worker's pass 1 so far in its block.
struct VolumeState {
    pools: Pools,
    spill: SpillWriter<Vec<u8>>,
    cells: Vec<u8>,
}

/// A block's pass 1: its pools (region code, kind, meter, volume) in the order it met them, its
/// spilled rows and output cells.
struct Part {
    pools: Vec<(String, ApiKind, Meter, u128)>,
    rows: Vec<u8>,
    text: Vec<u8>,
}

impl threads::Pass for Volumes<'_> {
    type State = VolumeState;
    type Out = Part;

    fn state(&self) -> VolumeState {
        VolumeState {
            pools: Pools::default(),
            spill: SpillWriter::memory(self.summary),
            cells: Vec::new(),
        }
    }

    fn row(&self, st: &mut VolumeState, job: &mut Job, rec: &csv::ByteRecord) -> Result<Rated> {
        job.volume_row(
            &mut st.pools,
            &mut st.spill,
            self.metering,
            &mut st.cells,
            rec,
        )
    }

    fn end(&self, st: &mut VolumeState, job: &Job, _: u64, _: bool) -> Part {
        let pools = std::mem::take(&mut st.pools);
        let (rows, text) = st.spill.take();
        Part {
            pools: pools
                .list
                .iter()
                .map(|p| {
                    let name = job.rater.region_name(p.region).to_string();
                    (name, p.kind, p.meter, p.volume)
                })
                .collect(),
            rows,
            text,
        }
    }
}

/// Pass 1 on the main thread: the blocks' pools added to the run's, their rows appended to the spill.
struct Merged<'m> {
    pools: &'m mut Pools,
    spill: &'m mut SpillWriter,
    metering: &'m Metering,
    cells: Vec<u8>,
}

impl threads::Merger<Part> for Merged<'_> {
    fn merge(&mut self, job: &mut Job, part: Part) -> Result<()> {
        let mut map = Vec::with_capacity(part.pools.len());
        for (name, kind, meter, volume) in part.pools {
            let region = job
                .rater
                .region_of(&name)
                .map_err(|e| Error::Other(format!("region {name}: {}", e.expected)))?;
            map.push(self.pools.add(region, kind, meter, volume)?);
        }
        self.spill.append(&part.rows, &map, &part.text)
    }

    fn row(&mut self, job: &mut Job, rec: &csv::ByteRecord) -> Result<Rated> {
        job.volume_row(self.pools, self.spill, self.metering, &mut self.cells, rec)
    }

    fn ended(&mut self) -> Result<()> {
        Ok(())
    }
}

/// The pools a row contributes to (a WebSocket row to two meters, REST/HTTP to one).
fn contributions(kind: ApiKind, units: &Units) -> &[(Meter, u128)] {
    if kind == ApiKind::WebSocket {
        &units[..]
    } else {
        &units[..1]
    }
}

fn spill_changed() -> Error {
    Error::Other(
        "the batch spill file does not match the input (was the input changed while it was read?)"
            .into(),
    )
}

fn too_large() -> Error {
    Error::overflow("a shared account's bill x a row's volume (the cents allocation)")
}

fn account_id(region: &str, kind: ApiKind) -> String {
    format!("account:{region}:{}", kind.name())
}

fn pool_component(kind: ApiKind, meter: Meter) -> String {
    match meter {
        Meter::Messages => component::WS_MESSAGES.into(),
        Meter::ConnectionMinutes => component::WS_CONNECTION_MINUTES.into(),
        _ => component::requests(kind),
    }
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

/// Appends an exact share as `money::exact` writes it (`766.78868991902778976762627165`, `0.00`),
/// from its mantissa and scale: `Decimal`'s `Display` was a quarter of the shared mode's time.
fn write_share(buf: &mut Vec<u8>, share: Decimal) -> Result<()> {
    match u128::try_from(share.mantissa()) {
        Ok(m) if fast::exact_fits(m, share.scale()) => fast::write_exact(buf, m, share.scale()),
        // Never negative here (shares of non-negative bills), and never 10^26 dollars: written as
        // `exact` would all the same.
        _ => write!(buf, "{}", exact(share))?,
    }
    Ok(())
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
    /// The short source ids of the pool's price.
    sources: String,
    cents: u128,
    floors: u128,
    select: alloc::Select,
}

#[derive(Default)]
struct Pools {
    list: Vec<Pool>,
    /// Per region index (the rater's, dense from 0): its pools' (kind, meter, index in `list`), a
    /// handful at most, so a row finds its pool by a short scan instead of hashing its key.
    by_region: Vec<Vec<(ApiKind, Meter, usize)>>,
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
        if self.by_region.len() <= region {
            self.by_region.resize_with(region + 1, Vec::new);
        }
        let next = self.list.len();
        let known = &mut self.by_region[region];
        let i = match known.iter().find(|&&(k, m, _)| k == kind && m == meter) {
            Some(&(_, _, i)) => i,
            None => {
                known.push((kind, meter, next));
                next
            }
        };
        if i == next {
            self.list.push(Pool {
                region,
                kind,
                meter,
                volume: 0,
                exact: Decimal::ZERO,
                sources: String::new(),
                cents: 0,
                floors: 0,
                select: alloc::Select::new(0),
            });
        }
        self.last = Some(i);
        i
    }

    /// Adds a row's units to a pool's volume; returns the pool's index.
    fn add(&mut self, region: usize, kind: ApiKind, meter: Meter, units: u128) -> Result<usize> {
        let p = self.index(region, kind, meter);
        let pool = &mut self.list[p];
        pool.volume = pool.volume.checked_add(units).ok_or_else(|| {
            Error::overflow(format!("the shared account's {} volume", meter.name()))
        })?;
        Ok(p)
    }

    /// The accounts (region, kind) in the order their first pool appeared.
    fn accounts(&self) -> Vec<(usize, ApiKind)> {
        let mut order: Vec<(usize, ApiKind)> = Vec::new();
        for p in &self.list {
            if !order.contains(&(p.region, p.kind)) {
                order.push((p.region, p.kind));
            }
        }
        order
    }

    /// What an account uses: its pools' summed volumes.
    fn workload(&self, region: usize, kind: ApiKind) -> Result<Workload> {
        let vol = |m: Meter| -> Result<Option<Decimal>> {
            match self
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
        Ok(match kind {
            ApiKind::WebSocket => Workload {
                messages: vol(Meter::Messages)?,
                connection_minutes: vol(Meter::ConnectionMinutes)?,
                ..Workload::default()
            },
            _ => Workload::requests(vol(Meter::Requests)?.unwrap_or_default()),
        })
    }

    /// Gives each pool of an account its share of the account's quote (the lines of its meter), exact
    /// and in cents, and opens its remainder selection; returns the account's cents.
    fn bill(&mut self, region: usize, kind: ApiKind, q: &Quote) -> u128 {
        let mut billed = 0;
        for pool in self
            .list
            .iter_mut()
            .filter(|p| p.region == region && p.kind == kind)
        {
            // The pool's cents are its lines' cents in the account's bill (largest remainder within
            // the account's month), so the pools of an account add up to its bill.
            let mut cents = Decimal::ZERO;
            pool.exact = Decimal::ZERO;
            for (l, c) in q.lines.iter().zip(q.line_cents()) {
                if l.meter == pool.meter {
                    pool.exact += l.amount;
                    cents += c;
                    pool.sources = crate::render::source_ids(&l.sources);
                }
            }
            pool.cents = cents_u128(cents);
            pool.select = alloc::Select::new(pool.volume);
            billed += pool.cents;
        }
        billed
    }

    /// Ends a pass of the allocation (after the first, each pool's leftover cents are known); true
    /// while some pool's threshold is still open.
    fn finish_pass(&mut self, first: bool) -> bool {
        let mut open = false;
        for pool in &mut self.list {
            if first {
                pool.select
                    .set_leftover(pool.cents - pool.floors.min(pool.cents));
            }
            if !pool.select.finish_pass() {
                open = true;
            }
        }
        open
    }
}
