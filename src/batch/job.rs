//! One run's state, shared by both account modes (`separate.rs`, `shared.rs`): the rater, the input,
//! the rejects file and the counts; what a bad row does; and the `--summary` output's header and row
//! prefix (the input's cells echoed, id first).

use rust_decimal::Decimal;

use super::input::Input;
use super::rater::Rater;
use super::row::RowError;
use super::sink::{clean, escaped, push_cell, Sink};
use super::{OnError, Options, Stats};
use crate::error::Result;

pub(super) struct Job<'a, 'c> {
    pub(super) rater: Rater<'c>,
    pub(super) input: &'a Input,
    pub(super) opts: &'a Options,
    pub(super) rejects: Option<&'a mut Sink>,
    pub(super) stats: Stats,
}

impl Job<'_, '_> {
    /// A bad row: stop (fail) or count it and list it (skip).
    pub(super) fn reject(&mut self, n: u64, rec: &csv::ByteRecord, e: RowError) -> Result<()> {
        let line = rec.position().map(|p| p.line()).unwrap_or(n + 1);
        self.reject_at(n, line, rec, e)
    }

    /// `reject` with the row's line given (`threads.rs`: a block's rows are numbered within it).
    pub(super) fn reject_at(
        &mut self,
        n: u64,
        line: u64,
        rec: &csv::ByteRecord,
        e: RowError,
    ) -> Result<()> {
        if self.opts.on_error == OnError::Fail {
            // A value is quoted as typed; an error about a cell left empty or about the row's other
            // cells names the column alone.
            let value = match e.value.is_empty() {
                true => String::new(),
                false => format!(", value '{}'", crate::output::shorten(&e.value)),
            };
            return Err(self.input.error(format!(
                "row {n} (line {line}), column {}{value}: {} (--on-error skip goes on past bad rows)",
                crate::output::shorten(&e.column),
                e.expected
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
            r.escaped_record(head.into_iter().chain(rec.iter()))?;
        }
        Ok(())
    }

    /// The `--summary` header: id, the other input columns, total, billed.
    pub(super) fn summary_header(&self, out: &mut Sink) -> Result<()> {
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

    /// Starts a summary row: id and the other input cells, each followed by a comma; the caller
    /// appends total, billed and the newline, then calls `Sink::end_raw_row`.
    #[inline]
    pub(super) fn summary_prefix<'s>(
        &self,
        out: &'s mut Sink,
        rec: &csv::ByteRecord,
    ) -> Result<&'s mut Vec<u8>> {
        let buf = out.raw_row()?;
        self.prefix_into(buf, rec);
        Ok(buf)
    }

    /// Appends a summary row's id and other input cells, each followed by a comma.
    #[inline]
    pub(super) fn prefix_into(&self, buf: &mut Vec<u8>, rec: &csv::ByteRecord) {
        let id = self.rater.cols.id;
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
            return;
        }
        push_cell(buf, &escaped(rec.get(id).unwrap_or_default()));
        buf.push(b',');
        for (i, cell) in rec.iter().enumerate() {
            if i != id {
                push_cell(buf, &escaped(cell));
                buf.push(b',');
            }
        }
    }
}

/// A non-negative amount already rounded to cents (`to_cents`: scale 2), as whole cents: its mantissa,
/// so that no multiplication can overflow however large the bill.
pub(super) fn cents_u128(cents: Decimal) -> u128 {
    // Bills are never negative here (credits are refused in shared mode and a credit never takes a
    // separate bill below zero).
    debug_assert!(!cents.is_sign_negative(), "negative bill {cents}");
    // `to_cents` leaves scale 2; a bill too large for that keeps a smaller scale. u128 holds any
    // Decimal times 100 (at most about 7.9e30), so the scaling below cannot overflow.
    let m = u128::try_from(cents.mantissa()).unwrap_or(0);
    match cents.scale() {
        s @ 0..=2 => m * 10u128.pow(2 - s),
        s => m / 10u128.pow(s - 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::to_cents;

    #[test]
    fn cents_are_exact_and_never_overflow() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(cents_u128(to_cents(d("12.345"))), 1235);
        assert_eq!(cents_u128(to_cents(d("0"))), 0);
        // The largest bill a Decimal holds: its cents fit a u128, no multiplication overflows.
        assert_eq!(
            cents_u128(to_cents(Decimal::MAX)),
            79_228_162_514_264_337_593_543_950_335u128 * 100
        );
    }
}
