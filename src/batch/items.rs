//! Finance line items in the batch output: the finance CSV (`render::csv::FinanceRow`) with the row's
//! id in front. The general path writes `FinanceRow`s; the fast path writes requests-only REST/HTTP
//! rows from byte templates cut out of a real quote's `FinanceRow`s at the quantity and amount columns.

use super::fast::{self, FastTiers};
use super::sink::{escaped, push_cell, Sink};
use super::PERIOD;
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::cost::Pricer;
use crate::model::free_tier::Allowance;
use crate::model::workload::Workload;
use crate::render::csv::{quote_rows, Column, FinanceRow};

/// Where the templates cut a row: the two cells that vary with the volume.
const QUANTITY: usize = Column::Quantity.index();
const AMOUNT: usize = Column::Amount.index();
const _: () = assert!(
    QUANTITY < AMOUNT,
    "the templates expect the quantity before the amount"
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
/// would: per tier the cells before the quantity and between quantity and amount; the cells after the
/// amount; and the total row's cells before its amount.
pub(super) struct ItemTemplates {
    tiers: Vec<(Vec<u8>, Vec<u8>)>,
    tail: Vec<u8>,
    total: Vec<u8>,
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
    /// From a quote of a volume that reaches every tier of `ft`; `None` if its lines do not map one
    /// to one onto the tiers (then rows take the general path).
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
        let rows = quote_rows(PERIOD, &q, &catalog.provenance);
        let (total_row, line_rows) = rows.split_last()?;
        let mut tiers = Vec::with_capacity(line_rows.len());
        for r in line_rows {
            let r = r.cells();
            let mut pre = cells(&r[..QUANTITY]);
            pre.push(b',');
            let mut mid = cells(&r[QUANTITY + 1..AMOUNT]);
            mid.push(b',');
            tiers.push((pre, mid));
        }
        let total_row = total_row.cells();
        let mut tail = cells(&total_row[AMOUNT + 1..]);
        tail.push(b'\n');
        let mut total = cells(&total_row[..AMOUNT]);
        total.push(b',');
        // Every line must be a tier of the table, in order (no other meter on a requests-only quote).
        let mut n = 0;
        ft.each_tier(probe, |_, _, _| n += 1);
        (n == tiers.len()
            && line_rows
                .iter()
                .all(|r| cells(&r.cells()[AMOUNT + 1..]) == tail[..tail.len() - 1]))
        .then_some(ItemTemplates { tiers, tail, total })
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
        Some(cents)
    }
}
