//! Finance line items in the batch output: the finance CSV (`render::csv::FinanceRow`) with the row's
//! id in front. The general path writes `FinanceRow`s; the fast path writes requests-only REST/HTTP
//! rows from byte templates cut out of a real quote's `FinanceRow`s at the quantity and amount columns.

use super::fast::{self, FastTiers, MAX_FAST_TIERS};
use super::sink::{escaped, push_cell, Sink};
use super::PERIOD;
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::cost::Pricer;
use crate::model::free_tier::Allowance;
use crate::model::workload::Workload;
use crate::render::csv::{quote_rows, Column, FinanceRow, RowType};

/// Where the templates cut a row: the cells that vary with the volume.
const QUANTITY: usize = Column::Quantity.index();
const AMOUNT: usize = Column::Amount.index();
const AMOUNT_EXACT: usize = Column::AmountExact.index();
const _: () = assert!(
    QUANTITY < AMOUNT && AMOUNT + 1 == AMOUNT_EXACT,
    "the templates expect the quantity, then the amount and its exact amount side by side"
);

/// The header of the line-item output: `id`, then the finance CSV's columns.
pub(super) fn header(out: &mut Sink) -> Result<()> {
    let mut h: Vec<&[u8]> = vec![b"id"];
    h.extend(FinanceRow::HEADER.iter().map(|s| s.as_bytes()));
    out.record(h)
}

/// Finance rows, each prefixed with `id` (cells escaped).
pub(super) fn write<'a>(
    out: &mut Sink,
    id: &[u8],
    rows: impl IntoIterator<Item = &'a FinanceRow>,
) -> Result<()> {
    for r in rows {
        let cells = r.cells();
        out.escaped_record(std::iter::once(id).chain(cells.iter().map(|c| c.as_bytes())))?;
    }
    Ok(())
}

/// The constant parts of the finance CSV lines of a requests-only REST or HTTP quote in one region,
/// taken from a real quote (`quote_rows`) so that the fast path writes exactly what the cost model
/// would: per tier the cells before the quantity, between quantity and amount, and after the exact
/// amount; the total row's cells before its amount and after its exact amount.
pub(super) struct ItemTemplates {
    tiers: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)>,
    total: Vec<u8>,
    total_tail: Vec<u8>,
}

/// Cells escaped and quoted as `Sink` writes them, each preceded by a comma.
fn cells(r: &[&str]) -> Vec<u8> {
    let mut b = Vec::new();
    for c in r {
        b.push(b',');
        push_cell(&mut b, &escaped(c.as_bytes()));
    }
    b
}

impl ItemTemplates {
    /// From a quote of a volume that reaches every tier of `ft`; `None` if its rows are not one line
    /// per tier then the total (then rows take the general path).
    pub(super) fn new(
        catalog: &Catalog,
        region: &str,
        kind: ApiKind,
        ft: &FastTiers,
    ) -> Option<Self> {
        let probe = ft.reach_all();
        let q = Pricer::new(catalog, region)
            .ok()?
            .quote(
                kind,
                &Workload::requests(super::row::requests_decimal(probe)),
                &Allowance::default(),
            )
            .ok()?;
        let rows = quote_rows(PERIOD, &q);
        let (total_row, line_rows) = rows.split_last()?;
        if total_row.row_type != RowType::Total
            || line_rows.iter().any(|r| r.row_type != RowType::Line)
        {
            return None;
        }
        let mut tiers = Vec::with_capacity(line_rows.len());
        for r in line_rows {
            let r = r.cells();
            let mut pre = cells(&r[..QUANTITY]);
            pre.push(b',');
            let mut mid = cells(&r[QUANTITY + 1..AMOUNT]);
            mid.push(b',');
            let mut tail = cells(&r[AMOUNT_EXACT + 1..]);
            tail.push(b'\n');
            tiers.push((pre, mid, tail));
        }
        let total_row = total_row.cells();
        let mut total_tail = cells(&total_row[AMOUNT_EXACT + 1..]);
        total_tail.push(b'\n');
        let mut total = cells(&total_row[..AMOUNT]);
        total.push(b',');
        // Every line must be a tier of the table, in order (no other meter on a requests-only quote).
        let mut n = 0;
        ft.each_tier(probe, |_, _, _| n += 1);
        (n == tiers.len()).then_some(ItemTemplates {
            tiers,
            total,
            total_tail,
        })
    }

    /// Writes the line items and the total row of `quantity` units for row `id`; returns the total in
    /// cents, or `None` when the total or its cents overflow (nothing written: the general path then
    /// reports it).
    pub(super) fn write(
        &self,
        buf: &mut Vec<u8>,
        id: &[u8],
        ft: &FastTiers,
        quantity: u128,
    ) -> Option<u128> {
        let total = ft.cost(quantity)?;
        let cents = fast::cents_of(total, ft.scale)?;
        let id = escaped(id);
        let mut lines = [(0u128, 0u128, 0u128); MAX_FAST_TIERS];
        let n = ft.tier_cents(quantity, cents, &mut lines);
        for (i, &(units, amount, line_cents)) in lines[..n].iter().enumerate() {
            let (pre, mid, tail) = &self.tiers[i];
            push_cell(buf, &id);
            buf.extend_from_slice(pre);
            fast::write_int(buf, units);
            buf.extend_from_slice(mid);
            fast::write_cents_int(buf, line_cents);
            buf.push(b',');
            fast::write_exact(buf, amount, ft.scale);
            buf.extend_from_slice(tail);
        }
        push_cell(buf, &id);
        buf.extend_from_slice(&self.total);
        fast::write_cents_int(buf, cents);
        buf.push(b',');
        fast::write_exact(buf, total, ft.scale);
        buf.extend_from_slice(&self.total_tail);
        Some(cents)
    }
}
