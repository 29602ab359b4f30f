//! `--accounts separate` (the default): every row is its own account, rated and written in one pass.
//! A requests-only REST/HTTP row without a free tier takes the integer fast path (`fast.rs`, and
//! `items.rs`' templates for line items); every other row is priced by `Pricer::quote`.

use std::io::Write;

use super::fast;
use super::input::each_row;
use super::items;
use super::job::{cents_u128, Job};
use super::row::{Row, RowError};
use super::sink::Sink;
use super::PERIOD;
use crate::error::{Error, Result};
use crate::money::{exact, to_cents};
use crate::render::csv::quote_rows;

/// A row rated (`Ok`) or bad (`Err`, nothing written for it).
pub(super) type Rated = std::result::Result<(), RowError>;

impl Job<'_, '_> {
    /// Every row its own account: one pass.
    pub(super) fn separate(&mut self, out: &mut Sink) -> Result<()> {
        if self.opts.summary {
            self.summary_header(out)?;
        } else {
            items::header(out)?;
        }
        self.stats.passes = 1;
        let (input, progress) = (self.input, self.opts.progress);
        if self.opts.threads > 1 {
            if let Some(path) = input.path() {
                return super::threads::separate(self, out, path);
            }
        }
        each_row(input, progress, "rating", |n, rec| {
            self.stats.rows += 1;
            match self.rate(out, rec)? {
                Ok(()) => {
                    self.stats.rated += 1;
                    Ok(())
                }
                Err(e) => self.reject(n, rec, e),
            }
        })
    }

    /// Rates one record and writes its output (summary row or line items); a bad row is `Ok(Err)`
    /// with nothing written.
    #[inline]
    pub(super) fn rate(&mut self, out: &mut Sink, rec: &csv::ByteRecord) -> Result<Rated> {
        match self.rater.parse(rec) {
            Ok((row, region)) if self.opts.summary => self.summary_row(out, rec, &row, region),
            Ok((row, region)) => self.item_rows(out, &row, region),
            Err(e) => Ok(Err(e)),
        }
    }

    /// Prices a row and writes its summary row (the input's cells, total, billed).
    #[inline]
    fn summary_row(
        &mut self,
        out: &mut Sink,
        rec: &csv::ByteRecord,
        row: &Row,
        region: usize,
    ) -> Result<Rated> {
        let fast = match (&row.workload, self.rater.fast_ok) {
            (None, true) => self.rater.fast(region, row.kind).and_then(|ft| {
                let m = ft.cost(row.requests)?;
                Some((m, ft.scale, fast::cents_of(m, ft.scale)?))
            }),
            _ => None,
        };
        let cents = match fast {
            Some((m, scale, c)) => {
                let buf = self.summary_prefix(out, rec)?;
                fast::write_exact(buf, m, scale);
                buf.push(b',');
                fast::write_cents_int(buf, c);
                buf.push(b'\n');
                c
            }
            None => {
                let q = match self.rater.quote(region, row) {
                    Ok(q) => q,
                    Err(e) => return Ok(Err(e)),
                };
                let c = to_cents(q.total);
                let buf = self.summary_prefix(out, rec)?;
                writeln!(buf, "{},{c}", exact(q.total))?;
                cents_u128(c)
            }
        };
        out.end_raw_row()?;
        self.bill(cents)?;
        Ok(Ok(()))
    }

    /// Adds a rated row's cents to the run's total (checked: an overflow is an error, not a panic).
    #[inline]
    pub(super) fn bill(&mut self, cents: u128) -> Result<()> {
        self.stats.billed_cents = self
            .stats
            .billed_cents
            .checked_add(cents)
            .ok_or_else(|| Error::overflow("the sum of the billed column"))?;
        Ok(())
    }

    /// Prices a row and writes its finance line items and total, each prefixed with its id.
    #[inline]
    fn item_rows(&mut self, out: &mut Sink, row: &Row, region: usize) -> Result<Rated> {
        if let (None, true, Some(ft), Some(templates)) = (
            &row.workload,
            self.rater.fast_ok,
            self.rater.fast(region, row.kind),
            self.rater.items(region, row.kind),
        ) {
            let buf = out.raw_row()?;
            if let Some(cents) = templates.write(buf, row.id, ft, row.requests) {
                out.end_raw_row()?;
                self.bill(cents)?;
                return Ok(Ok(()));
            }
        }
        let q = match self.rater.quote(region, row) {
            Ok(q) => q,
            Err(e) => return Ok(Err(e)),
        };
        items::write(out, row.id, &quote_rows(PERIOD, &q))?;
        self.bill(cents_u128(to_cents(q.total)))?;
        Ok(Ok(()))
    }
}
