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
//! amount column. Row groups are decoded on two threads (each row's key numbered, its id pair hashed and
//! its amounts checked against the line bound there) while the previous one is summed.

use std::collections::HashMap;

use parquet::basic::{Encoding, Type as Physical};
use parquet::file::reader::RowGroupReader;
use rust_decimal::Decimal;

pub(super) use super::pages::As;
use super::pages::{self, Into, Scratch, Texts};
use super::schema::FIELDS;
use super::{file_error, period_of, Field, RowFeed, Schema};
use crate::error::Result;
use crate::model::reconcile::ids::PairHasher;
use crate::model::reconcile::{within_line_amount, Aggregator};

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

/// A row group decoded: per field, its texts or amounts; each row's id pair hashed and its key as a
/// number of the row group's distinct keys (both on the decoding thread).
pub(super) struct Group {
    pub rows: usize,
    texts: Vec<Option<Texts>>,
    usage: Option<Vec<Decimal>>,
    cost: Option<Vec<Decimal>>,
    /// Per row, its pair's hash; (0, 0) for a row without an id.
    hashes: Vec<(u64, u64)>,
    /// Per row, the number of its key texts (the first distinct key met is 0, the next 1...).
    keys: Vec<u32>,
    /// How many distinct keys the row group has.
    distinct: usize,
    /// Whether every amount is one a line may carry ([`within_line_amount`]).
    fit: bool,
}
impl Group {
    fn text(&self, f: Field, row: usize) -> &str {
        self.texts[f as usize].as_ref().map_or("", |t| t.get(row))
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

/// A decoding thread's buffers: a summed row group taken from the pool the threads share (its buffers
/// are filled again rather than allocated, page-faulted and unmapped row group after row group), and
/// its page scratch.
#[derive(Default)]
pub(super) struct Buffers {
    pub spare: Vec<Group>,
    scratch: Scratch,
    /// Each row's key as one number, before it is numbered ([`distinct_keys`]).
    composite: Vec<u64>,
}

#[cfg(test)]
impl Group {
    /// Everything the summing thread reads of a decoded row group, as text (decimals with their
    /// scales): tests compare decodings with it.
    pub fn dump(&self) -> String {
        let mut s = format!(
            "{} rows, {} keys, fit {}\n",
            self.rows, self.distinct, self.fit
        );
        for i in 0..self.rows {
            for f in Field::ALL {
                s += self.text(f, i);
                s.push('|');
            }
            let (u, c) = (Group::amount(&self.usage, i), Group::amount(&self.cost, i));
            s += &format!(
                "{u:?}|{c:?}|{:?}|{:?}\n",
                self.hashes.get(i),
                self.keys.get(i)
            );
        }
        s
    }
}

/// Decodes a row group, or `None` to leave it to the row-by-row reader; into a spare group's buffers
/// where `buffers` holds one.
pub(super) fn decode(
    rg: &dyn RowGroupReader,
    plan: &[Need],
    hasher: &PairHasher,
    buffers: &mut Buffers,
) -> Option<Group> {
    let rows = rg.metadata().num_rows();
    if !(0..=FAST_ROWS).contains(&rows) {
        return None;
    }
    let rows = rows as usize;
    let mut g = buffers.spare.pop().unwrap_or_else(|| Group {
        rows: 0,
        texts: (0..FIELDS).map(|_| None).collect(),
        usage: None,
        cost: None,
        hashes: Vec::new(),
        keys: Vec::new(),
        distinct: 0,
        fit: false,
    });
    g.rows = rows;
    // The fields the plan fills are filled again below; the others stay empty.
    let (mut texts, mut usage, mut cost) =
        (std::mem::take(&mut g.texts), g.usage.take(), g.cost.take());
    g.texts = (0..FIELDS).map(|_| None).collect();
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
        let mut chunk = |out| {
            pages::chunk(
                pages.as_mut(),
                n.t,
                n.how,
                n.max_def,
                rows,
                out,
                &mut buffers.scratch,
            )
        };
        match (n.how, n.field) {
            (pages::As::Amount, Field::Usage) => {
                let mut a = usage.take().unwrap_or_default();
                chunk(Into::Amounts(&mut a))?;
                g.usage = Some(a);
            }
            (pages::As::Amount, _) => {
                let mut a = cost.take().unwrap_or_default();
                chunk(Into::Amounts(&mut a))?;
                g.cost = Some(a);
            }
            _ => {
                let f = n.field as usize;
                let mut t = texts.get_mut(f).and_then(Option::take).unwrap_or_default();
                chunk(Into::Texts(&mut t))?;
                *g.texts.get_mut(f)? = Some(t);
            }
        }
    }
    g.hashes.clear();
    if g.texts[Field::LineId as usize].is_some() {
        let mut h = std::mem::take(&mut g.hashes);
        hashes(&g, hasher, &mut h);
        g.hashes = h;
    }
    g.fit = [&g.usage, &g.cost].iter().all(|a| {
        a.as_ref()
            .is_none_or(|a| a.iter().all(|&v| within_line_amount(v)))
    });
    let mut keys = std::mem::take(&mut g.keys);
    keys.clear();
    g.distinct = distinct_keys(&g, &mut keys, &mut buffers.composite);
    g.keys = keys;
    Some(g)
}

/// Each row's pair hashed ((0, 0) for a row without an id) onto `out`; each interval of the row
/// group once.
fn hashes(g: &Group, hasher: &PairHasher, out: &mut Vec<(u64, u64)>) {
    let intervals = g.texts[Field::TimeInterval as usize].as_ref();
    let mut parts: Vec<Option<(u64, u64)>> = vec![None; intervals.map_or(0, |t| t.len())];
    out.extend((0..g.rows).map(|i| {
        let id = g.text(Field::LineId, i);
        if id.is_empty() {
            return (0, 0);
        }
        let e = intervals.and_then(|t| t.rows.get(i)).map(|&e| e as usize);
        let part = match e.and_then(|e| parts.get(e).copied().flatten()) {
            Some(part) => part,
            None => {
                let part = hasher.interval(g.pair(i).1);
                // An interval entry's part is kept unless it is empty (the period's month then).
                if let Some(slot) = e.and_then(|e| parts.get_mut(e)) {
                    if !g.text(Field::TimeInterval, i).is_empty() {
                        *slot = Some(part);
                    }
                }
                part
            }
        };
        PairHasher::join(hasher.id(id), part)
    }));
}

/// Each row's key texts as a number of the row group's distinct keys, onto `keys`; how many there are.
fn distinct_keys(g: &Group, keys: &mut Vec<u32>, composite: &mut Vec<u64>) -> usize {
    let cols: Vec<(&[u32], usize)> = Field::KEY
        .iter()
        .filter_map(|&f| g.texts[f as usize].as_ref())
        .map(|t| (t.rows.as_slice(), t.len()))
        .collect();
    // Each row's entries (a null as one more) as the digits of one number, where it fits in 64 bits.
    let mut strides = Vec::with_capacity(cols.len());
    let mut size: Option<u64> = Some(1);
    for &(_, n) in &cols {
        strides.push(size.unwrap_or(0));
        size = size.and_then(|s| s.checked_mul(n as u64 + 1));
    }
    if size.is_none() || cols.iter().any(|(rows, _)| rows.len() != g.rows) {
        return distinct_arrays(g, keys);
    }
    // Each row's number built a column at a time (a loop over one column's indices, which the
    // compiler turns into vector code, where a row at a time read ten columns with a bounds check
    // each). A column whose every row holds its one entry adds the same digit to every number and is
    // left out: the numbers stay distinct exactly where the keys are.
    composite.clear();
    composite.resize(g.rows, 0);
    for (&(rows, n), &s) in cols.iter().zip(&strides) {
        if n == 1 && rows.iter().all(|&e| e == 0) {
            continue;
        }
        for (k, &e) in composite.iter_mut().zip(rows) {
            // An entry is below n (its digit is 1 + it), a null is NULL (its digit is 0).
            // (No overflow: every key is below the product of the digits' bases.)
            let digit = if (e as usize) < n {
                u64::from(e) + 1
            } else {
                0
            };
            *k = k.wrapping_add(s.wrapping_mul(digit));
        }
    }
    let mut known = Numbering::default();
    keys.reserve_exact(g.rows);
    keys.extend(composite.iter().map(|&k| known.number(k)));
    known.len()
}

/// [`distinct_keys`] by the entries' array, for row groups with too many entries for one number.
fn distinct_arrays(g: &Group, keys: &mut Vec<u32>) -> usize {
    let cols: Vec<Option<&[u32]>> = Field::KEY
        .iter()
        .map(|&f| g.texts[f as usize].as_ref().map(|t| t.rows.as_slice()))
        .collect();
    let mut known = Numbering::default();
    keys.reserve_exact(g.rows);
    for i in 0..g.rows {
        let mut key = [0u32; 10];
        for (k, c) in key.iter_mut().zip(&cols) {
            *k = c.map_or(0, |c| c.get(i).copied().unwrap_or(pages::NULL));
        }
        keys.push(known.number(key));
    }
    known.len()
}

/// Keys numbered 0, 1, 2... in the order first seen; the key of the row before is remembered, as rows
/// of one key come in runs.
struct Numbering<K> {
    known: HashMap<K, u32, ahash::RandomState>,
    last: Option<(K, u32)>,
}

impl<K> Default for Numbering<K> {
    fn default() -> Self {
        Numbering {
            known: HashMap::default(),
            last: None,
        }
    }
}

impl<K: Copy + Eq + std::hash::Hash> Numbering<K> {
    /// The key's number: the one it was given when first seen, else the next.
    #[inline(always)]
    fn number(&mut self, key: K) -> u32 {
        let n = match self.last {
            Some((k, n)) if k == key => n,
            _ => {
                let next = self.known.len() as u32;
                *self.known.entry(key).or_insert(next)
            }
        };
        self.last = Some((key, n));
        n
    }

    fn len(&self) -> usize {
        self.known.len()
    }
}

/// Adds a decoded row group's rows (numbered after `first`) to the aggregator.
pub(super) fn feed(
    g: &Group,
    schema: &Schema,
    name: &str,
    first: u64,
    agg: &mut Aggregator,
) -> Result<()> {
    // The aggregator's group of each of the row group's distinct keys, once a row of it is added.
    let mut groups: Vec<Option<u32>> = vec![None; g.distinct];
    // Every row fits when every amount does and the run's line count cannot pass its bound here.
    let fit = g.fit && agg.fits_lines(g.rows as u64);
    // Rows go by in blocks; the id slots of the next block are fetched while one is summed, so
    // their cache misses overlap and are over when they are looked up.
    const BLOCK: usize = 16;
    let mut touched = agg
        .ids
        .touch(g.hashes.iter().take(BLOCK).filter(|k| k.0 != 0).copied());
    for i in 0..g.rows {
        if i % BLOCK == 0 {
            let end = (i + 2 * BLOCK).min(g.hashes.len());
            let keys = g.hashes.get(i + BLOCK..end).unwrap_or(&[]);
            touched ^= agg.ids.touch(keys.iter().filter(|k| k.0 != 0).copied());
        }
        let row = first + i as u64 + 1;
        let usage = Group::amount(&g.usage, i);
        let cost = Group::amount(&g.cost, i);
        let key = g.keys.get(i).copied().unwrap_or(0) as usize;
        match groups.get(key).copied().flatten() {
            Some(group) if fit || agg.fits(usage, cost) => {
                let hash = g.hashes.get(i).copied().unwrap_or_default();
                if hash.0 != 0 {
                    agg.ids.check_hashed(hash, row).map_err(|r| {
                        let (id, interval) = g.pair(i);
                        let m = agg.ids.message(r, id, interval);
                        file_error(name, format!("row {row}: {m}"))
                    })?;
                }
                agg.add_to(group, usage, cost);
            }
            _ => {
                let feed = RowFeed {
                    file: name,
                    schema,
                    row,
                    line: 0,
                };
                feed.add(agg, &|f| Ok(g.text(f, i)), usage, cost)?;
                if let Some(slot) = groups.get_mut(key) {
                    *slot = agg.last_group();
                }
            }
        }
    }
    std::hint::black_box(touched);
    Ok(())
}
