//! A Parquet bill's row groups decoded whole from their pages (`pages.rs`) and summed per distinct
//! key: a row whose key texts are entries already met in its row group goes to the group the first
//! such row went to, without reading its texts again; only its id and amounts are its own.
//!
//! Exactness: the first row of each distinct key of a row group is added by `RowFeed::add` as the
//! row-by-row reader adds it (every check, every error); the others repeat its texts, so `add` would
//! find them valid and in the same group, and they are added with the same sums, after the same
//! id check (`Aggregator::fits` failing sends the row to `add` too, which says why). A row group the
//! page decoder does not read (an encoding it lacks, a damaged page, a column chunk over
//! [`FAST_CHUNK_BYTES`]) is read by the row-by-row reader; so is a whole file with an INT96 or text
//! amount column. Row groups are decoded on a second thread while the previous one is summed.

use std::collections::HashMap;

use parquet::basic::{Encoding, Type as Physical};
use parquet::file::reader::RowGroupReader;
use rust_decimal::Decimal;

pub(super) use super::pages::As;
use super::pages::{self, Chunk, Texts};
use super::schema::FIELDS;
use super::{file_error, period_of, Field, RowFeed, Schema};
use crate::error::Result;
use crate::model::reconcile::ids::PairHasher;
use crate::model::reconcile::Aggregator;

/// The largest column chunk decoded whole (uncompressed): 64 MiB; larger ones are read 8,192 rows at
/// a time by the row-by-row reader.
pub const FAST_CHUNK_BYTES: i64 = 64 << 20;
/// The most rows of a row group decoded whole: 1,048,576.
pub const FAST_ROWS: i64 = 1 << 20;

/// A needed column, as the page decoder reads it.
#[derive(Clone, Copy)]
pub(super) struct Need {
    pub field: Field,
    pub col: usize,
    pub t: Physical,
    pub how: As,
    pub max_def: i16,
}

/// A row group decoded: per field, its texts or amounts, and each row's id pair hashed.
pub(super) struct Group {
    pub rows: usize,
    texts: Vec<Option<Texts>>,
    usage: Option<Vec<Decimal>>,
    cost: Option<Vec<Decimal>>,
    /// Per row with an id, its pair's hash (rows without one: unused).
    hashes: Vec<(u64, u64)>,
}

impl Group {
    fn text(&self, f: Field, row: usize) -> &str {
        self.texts[f as usize].as_ref().map_or("", |t| t.get(row))
    }

    fn entry(&self, f: Field, row: usize) -> u32 {
        self.texts[f as usize]
            .as_ref()
            .map_or(0, |t| t.rows.get(row).copied().unwrap_or(pages::NULL))
    }

    fn amount(v: &Option<Vec<Decimal>>, row: usize) -> Decimal {
        v.as_ref()
            .and_then(|v| v.get(row).copied())
            .unwrap_or(Decimal::ZERO)
    }

    /// The pair a row's id is checked under: its id and interval (the period's month for none).
    fn pair(&self, row: usize) -> (&str, &str) {
        let id = self.text(Field::LineId, row);
        let interval = match self.text(Field::TimeInterval, row) {
            "" => period_of(self.text(Field::Period, row)).unwrap_or(""),
            i => i,
        };
        (id, interval)
    }
}

/// Decodes a row group, or `None` to leave it to the row-by-row reader.
pub(super) fn decode(rg: &dyn RowGroupReader, plan: &[Need], hasher: &PairHasher) -> Option<Group> {
    let rows = rg.metadata().num_rows();
    if !(0..=FAST_ROWS).contains(&rows) {
        return None;
    }
    let rows = rows as usize;
    let mut g = Group {
        rows,
        texts: (0..FIELDS).map(|_| None).collect(),
        usage: None,
        cost: None,
        hashes: Vec::new(),
    };
    for n in plan {
        let meta = rg.metadata().column(n.col);
        let plain = |e: &Encoding| {
            matches!(
                e,
                Encoding::PLAIN
                    | Encoding::PLAIN_DICTIONARY
                    | Encoding::RLE_DICTIONARY
                    | Encoding::RLE
            )
        };
        if meta.uncompressed_size() > FAST_CHUNK_BYTES || !meta.encodings().all(|e| plain(&e)) {
            return None;
        }
        let mut pages = rg.get_column_page_reader(n.col).ok()?;
        match pages::chunk(pages.as_mut(), n.t, n.how, n.max_def, rows)? {
            Chunk::Texts(t) => g.texts[n.field as usize] = Some(t),
            Chunk::Amounts(a) if n.field == Field::Usage => g.usage = Some(a),
            Chunk::Amounts(a) => g.cost = Some(a),
        }
    }
    if g.texts[Field::LineId as usize].is_some() {
        g.hashes = (0..rows)
            .map(|i| match g.pair(i) {
                ("", _) => (0, 0),
                (id, interval) => hasher.pair(id, interval),
            })
            .collect();
    }
    Some(g)
}

/// Adds a decoded row group's rows (numbered after `first`) to the aggregator.
pub(super) fn feed(
    g: &Group,
    schema: &Schema,
    name: &str,
    first: u64,
    agg: &mut Aggregator,
) -> Result<()> {
    let mut known: HashMap<[u32; 10], u32, ahash::RandomState> = HashMap::default();
    let mut last: Option<([u32; 10], u32)> = None;
    for i in 0..g.rows {
        let feed = RowFeed {
            file: name,
            schema,
            row: first + i as u64 + 1,
            line: 0,
        };
        let key = Field::KEY.map(|f| g.entry(f, i));
        let usage = Group::amount(&g.usage, i);
        let cost = Group::amount(&g.cost, i);
        let group = match last {
            Some((k, group)) if k == key => Some(group),
            _ => known.get(&key).copied(),
        };
        match group {
            Some(group) if agg.fits(usage, cost) => {
                let (id, interval) = g.pair(i);
                if !id.is_empty() {
                    let hash = g.hashes.get(i).copied().unwrap_or_default();
                    agg.ids
                        .check_hashed(hash, id, interval, feed.row)
                        .map_err(|m| file_error(name, format!("{}: {m}", feed.at())))?;
                }
                agg.add_to(group, usage, cost);
                last = Some((key, group));
            }
            _ => {
                feed.add(agg, &|f| Ok(g.text(f, i)), usage, cost)?;
                if let Some(group) = agg.last_group() {
                    known.insert(key, group);
                    last = Some((key, group));
                }
            }
        }
    }
    Ok(())
}
