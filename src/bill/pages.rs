//! One column chunk of a Parquet row group decoded from its pages, without the `parquet` crate's value
//! readers: a dictionary page is decoded once (each entry written as text, or read as an amount, once),
//! and each row holds the index of its entry. Plain pages add their values as entries (a run of equal
//! values once). Only what AWS's and the common writers produce is read here (data pages v1 and v2,
//! PLAIN and dictionary encodings, RLE definition levels, no lists); anything else, or anything
//! inconsistent, gives `None` and the row group is read by the crate's readers instead (`parquet.rs`),
//! which name the fault exactly as before.

use parquet::basic::{Encoding, Type as Physical};
use parquet::column::page::{Page, PageReader};
use rust_decimal::Decimal;

use super::{amount_of_f64, amount_of_text, short_amount};

/// How a column's values become what a row holds.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum As {
    /// Text as it is (BYTE_ARRAY, UTF-8).
    Text,
    /// An integer written as text.
    Integer,
    /// An INT64 timestamp (nanoseconds per unit) written as its date.
    Timestamp(i64),
    /// INT32 days since 1970-01-01 written as a date.
    Date,
    /// An amount (DOUBLE, FLOAT, INT64, INT32) as a decimal.
    Amount,
}

/// The index of a null's entry.
pub(super) const NULL: u32 = u32::MAX;

/// A decoded text column: its entries, and per row the index of its entry ([`NULL`] for a null).
#[derive(Default)]
pub(super) struct Texts {
    buf: String,
    ends: Vec<u32>,
    pub rows: Vec<u32>,
}

impl Texts {
    /// The text of a row ("" for a null).
    pub fn get(&self, row: usize) -> &str {
        match self.rows.get(row) {
            Some(&e) if e != NULL => self.entry(e as usize),
            _ => "",
        }
    }

    /// How many entries there are (each row's is below, or [`NULL`]).
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Empties it, keeping its buffers for the next column chunk.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
        self.rows.clear();
    }

    fn entry(&self, e: usize) -> &str {
        let start = if e == 0 { 0 } else { self.ends[e - 1] as usize };
        self.buf
            .get(start..self.ends.get(e).map_or(start, |&x| x as usize))
            .unwrap_or("")
    }

    fn push(&mut self, s: &str) -> Option<u32> {
        self.buf.push_str(s);
        self.ends.push(u32::try_from(self.buf.len()).ok()?);
        u32::try_from(self.ends.len() - 1).ok()
    }
}

/// Where a column chunk is decoded to: texts, or per row the amount (zero for a null). Its buffers
/// are emptied first and kept (a decoder reuses them row group after row group).
pub(super) enum Into<'a> {
    Texts(&'a mut Texts),
    Amounts(&'a mut Vec<Decimal>),
}

/// A decoder's buffers for one page's definition levels and dictionary indices, kept between pages.
#[derive(Default)]
pub(super) struct Scratch {
    levels: Vec<u32>,
    idx: Vec<u32>,
}

/// A dictionary or a page's plain values, decoded into entries.
enum Dict {
    Texts(Vec<u32>),
    Amounts(Vec<Decimal>),
}

impl Dict {
    /// A text dictionary's size if its entries are numbered as the dictionary numbers them (its
    /// values all differ, as a writer writes them, and were the chunk's first entries).
    fn numbers_itself(&self) -> Option<usize> {
        match self {
            Dict::Texts(ids) => ids
                .iter()
                .enumerate()
                .all(|(i, &e)| e as usize == i)
                .then_some(ids.len()),
            Dict::Amounts(_) => None,
        }
    }
}

/// Values of one physical type, read from a PLAIN buffer.
enum Plain<'a> {
    Bytes(&'a [u8]),
    F64(f64),
    F32(f32),
    I64(i64),
    I32(i32),
}

fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, rest) = (b.get(..n)?, b.get(n..)?);
    *b = rest;
    Some(head)
}

fn plain<'a>(b: &mut &'a [u8], t: Physical) -> Option<Plain<'a>> {
    Some(match t {
        Physical::BYTE_ARRAY => {
            let n = u32::from_le_bytes(take(b, 4)?.try_into().ok()?) as usize;
            Plain::Bytes(take(b, n)?)
        }
        Physical::DOUBLE => Plain::F64(f64::from_le_bytes(take(b, 8)?.try_into().ok()?)),
        Physical::FLOAT => Plain::F32(f32::from_le_bytes(take(b, 4)?.try_into().ok()?)),
        Physical::INT64 => Plain::I64(i64::from_le_bytes(take(b, 8)?.try_into().ok()?)),
        Physical::INT32 => Plain::I32(i32::from_le_bytes(take(b, 4)?.try_into().ok()?)),
        _ => return None,
    })
}

/// A plain value as the text a row shows (`parquet.rs`'s `Column::text` writes the same).
fn text_of(v: &Plain, how: As) -> Option<String> {
    use crate::model::calendar::iso_date;
    Some(match (v, how) {
        (Plain::Bytes(b), As::Text) => std::str::from_utf8(b).ok()?.to_string(),
        (Plain::I64(t), As::Timestamp(per)) => iso_date(t.div_euclid(86_400_000_000_000 / per)),
        (Plain::I64(x), As::Integer) => x.to_string(),
        (Plain::I32(d), As::Date) => iso_date(i64::from(*d)),
        (Plain::I32(x), As::Integer) => x.to_string(),
        _ => return None,
    })
}

fn amount_of(v: &Plain) -> Option<Decimal> {
    match v {
        Plain::F64(x) => amount_of_f64(*x),
        Plain::F32(x) => amount_of_f64(f64::from(*x)),
        Plain::I64(x) => Some(Decimal::from(*x)),
        Plain::I32(x) => Some(Decimal::from(*x)),
        Plain::Bytes(_) => None,
    }
}

/// Reads `n` values of the RLE / bit-packed hybrid encoding, `width` bits each, onto `out`.
fn hybrid(mut b: &[u8], width: u32, n: usize, out: &mut Vec<u32>) -> Option<()> {
    if width > 32 {
        return None;
    }
    let mask = if width == 32 {
        u64::from(u32::MAX)
    } else {
        (1u64 << width) - 1
    };
    let end = out.len() + n;
    while out.len() < end {
        let h = run_header(&mut b)?;
        let left = end - out.len();
        if h & 1 == 1 {
            let groups = usize::try_from(h >> 1).ok()?;
            let data = take(&mut b, groups.checked_mul(width as usize)?)?;
            let (mut acc, mut bits, mut bytes) = (0u64, 0u32, data.iter());
            for _ in 0..left.min(groups.checked_mul(8)?) {
                while bits < width {
                    acc |= u64::from(*bytes.next()?) << bits;
                    bits += 8;
                }
                out.push((acc & mask) as u32);
                acc = acc.checked_shr(width).unwrap_or(0);
                bits -= width;
            }
        } else {
            let count = usize::try_from(h >> 1).ok()?;
            let x = run_value(&mut b, width)?;
            out.extend(std::iter::repeat_n(x, left.min(count)));
        }
    }
    Some(())
}

/// Decodes one column chunk of `rows` rows into `out` (texts for text columns, amounts for
/// [`As::Amount`]); `None` if it is not one this reader reads, or damaged.
pub(super) fn chunk(
    pages: &mut dyn PageReader,
    t: Physical,
    how: As,
    max_def: i16,
    rows: usize,
    out: Into,
    scratch: &mut Scratch,
) -> Option<()> {
    // The buffer not asked for stays empty (a chunk is texts or amounts, as `how` says).
    let (mut spare_texts, mut spare_amounts) = (Texts::default(), Vec::new());
    let (texts, amounts) = match out {
        Into::Texts(t) if how != As::Amount => (t, &mut spare_amounts),
        Into::Amounts(a) if how == As::Amount => (&mut spare_texts, a),
        _ => return None,
    };
    texts.clear();
    amounts.clear();
    match how {
        As::Amount => amounts.reserve_exact(rows),
        _ => texts.rows.reserve_exact(rows),
    }
    let mut dict: Option<Dict> = None;
    // The dictionary's size where its entries are its own numbers ([`Dict::numbers_itself`]).
    let mut own_numbers: Option<usize> = None;
    let Scratch { levels, idx } = scratch;
    let mut done = 0;
    while let Some(page) = pages.get_next_page().ok()? {
        let (n, values, encoding) = match &page {
            Page::DictionaryPage {
                buf,
                num_values,
                encoding,
                ..
            } => {
                if dict.is_some()
                    || !matches!(encoding, Encoding::PLAIN | Encoding::PLAIN_DICTIONARY)
                {
                    return None;
                }
                let d = entries(buf, *num_values as usize, t, how, texts)?;
                own_numbers = d.numbers_itself();
                dict = Some(d);
                continue;
            }
            page => data_page(page, max_def, rows - done, levels)?,
        };
        let present = if max_def > 0 && !levels.is_empty() {
            let top = max_def as u32;
            levels
                .iter()
                .fold(0usize, |n, &l| n.wrapping_add(usize::from(l == top)))
        } else {
            n
        };
        // A page without nulls: its rows are its values.
        let levels: &[u32] = if present == n { &[] } else { levels };
        idx.clear();
        match encoding {
            // A plain page without nulls: its values are its rows'.
            Encoding::PLAIN if levels.is_empty() && how == As::Amount => {
                amounts_into(values, n, t, amounts)?;
            }
            Encoding::PLAIN if levels.is_empty() => {
                let mut rows = std::mem::take(&mut texts.rows);
                texts_into(values, n, t, how, texts, &mut rows)?;
                texts.rows = rows;
            }
            Encoding::PLAIN => {
                let d = entries(values, present, t, how, texts)?;
                page_rows(&d, None, levels, max_def, n, texts, amounts)?;
            }
            // A dictionary page of texts without nulls whose entries are the dictionary's own
            // numbers (0, 1, 2...: no entry repeated): its indices are its rows, read straight in.
            Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY
                if levels.is_empty() && own_numbers.is_some() =>
            {
                indices_into(values, n, own_numbers?, &mut texts.rows)?;
            }
            Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY => {
                if present > 0 {
                    let (w, rest) = values.split_first()?;
                    hybrid(rest, u32::from(*w), present, idx)?;
                }
                page_rows(
                    dict.as_ref()?,
                    Some(idx.as_slice()),
                    levels,
                    max_def,
                    n,
                    texts,
                    amounts,
                )?;
            }
            _ => return None,
        }
        done += n;
    }
    (done == rows).then_some(())
}

/// Reads a dictionary page's `n` indices (each below `entries`) onto `rows`.
fn indices_into(values: &[u8], n: usize, entries: usize, rows: &mut Vec<u32>) -> Option<()> {
    let at = rows.len();
    if n > 0 {
        let (w, rest) = values.split_first()?;
        hybrid(rest, u32::from(*w), n, rows)?;
    }
    (rows.get(at..)?.iter().all(|&e| (e as usize) < entries)).then_some(())
}

/// A data page's rows (at most `left`), its values' bytes and encoding; its definition levels onto
/// `levels`.
fn data_page<'p>(
    page: &'p Page,
    max_def: i16,
    left: usize,
    levels: &mut Vec<u32>,
) -> Option<(usize, &'p [u8], Encoding)> {
    levels.clear();
    match page {
        Page::DataPage {
            buf,
            num_values,
            encoding,
            def_level_encoding,
            ..
        } => {
            let n = *num_values as usize;
            if n > left {
                return None;
            }
            let mut b: &[u8] = buf;
            if max_def > 0 {
                if *def_level_encoding != Encoding::RLE {
                    return None;
                }
                let len = u32::from_le_bytes(take(&mut b, 4)?.try_into().ok()?) as usize;
                def_levels(take(&mut b, len)?, max_def, n, levels)?;
            }
            Some((n, b, *encoding))
        }
        Page::DataPageV2 {
            buf,
            num_values,
            encoding,
            def_levels_byte_len,
            rep_levels_byte_len,
            ..
        } => {
            let n = *num_values as usize;
            if n > left {
                return None;
            }
            let mut b: &[u8] = buf;
            if *rep_levels_byte_len != 0 {
                return None;
            }
            let def = take(&mut b, *def_levels_byte_len as usize)?;
            if max_def > 0 {
                def_levels(def, max_def, n, levels)?;
            }
            Some((n, b, *encoding))
        }
        Page::DictionaryPage { .. } => None,
    }
}

/// The definition levels of a page's `n` values onto `levels`; none at all (so `chunk` counts every
/// value present) where they start with one run of `max_def` as long as the page (a column declared
/// optional without a null here, as DuckDB writes every column), which [`hybrid`] would write out
/// level by level.
fn def_levels(b: &[u8], max_def: i16, n: usize, levels: &mut Vec<u32>) -> Option<()> {
    let width = width(max_def);
    match first_run(b, width) {
        Some((count, level)) if count >= n && level == max_def as u32 => Some(()),
        _ => hybrid(b, width, n, levels),
    }
}

/// The length and value of the run a hybrid-encoded buffer starts with, if it starts with a run
/// (read as [`hybrid`] reads it).
fn first_run(mut b: &[u8], width: u32) -> Option<(usize, u32)> {
    let h = run_header(&mut b)?;
    if h & 1 == 1 {
        return None;
    }
    let level = run_value(&mut b, width)?;
    Some((usize::try_from(h >> 1).ok()?, level))
}

/// The header of a hybrid run (an unsigned LEB128 of at most 5 bytes): its length and kind.
#[inline(always)]
fn run_header(b: &mut &[u8]) -> Option<u64> {
    let mut h: u64 = 0;
    let mut shift = 0;
    loop {
        let byte = *take(b, 1)?.first()?;
        h |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(h);
        }
        shift += 7;
        if shift > 35 {
            return None;
        }
    }
}

/// The repeated value of an RLE run: `width` bits in whole little-endian bytes.
#[inline(always)]
fn run_value(b: &mut &[u8], width: u32) -> Option<u32> {
    let v = take(b, width.div_ceil(8) as usize)?;
    Some(
        v.iter()
            .enumerate()
            .fold(0u32, |x, (i, &byte)| x | u32::from(byte) << (8 * i)),
    )
}

fn width(max_def: i16) -> u32 {
    16 - (max_def as u16).leading_zeros()
}

/// Decodes `n` PLAIN values into entries: texts pushed onto `texts` (a run of equal values once),
/// amounts read.
fn entries(b: &[u8], n: usize, t: Physical, how: As, texts: &mut Texts) -> Option<Dict> {
    if how == As::Amount {
        let mut out = Vec::with_capacity(n.min(b.len()));
        amounts_into(b, n, t, &mut out)?;
        return Some(Dict::Amounts(out));
    }
    let mut ids = Vec::with_capacity(n.min(b.len()));
    texts_into(b, n, t, how, texts, &mut ids)?;
    Some(Dict::Texts(ids))
}

/// Reads `n` PLAIN amounts onto `out`.
fn amounts_into(mut b: &[u8], n: usize, t: Physical, out: &mut Vec<Decimal>) -> Option<()> {
    if t == Physical::DOUBLE {
        // Written in place, each value's parts straight to its slot (pushed, a `Decimal` went through
        // the stack and its 16-byte reload stalled on the parts' stores).
        let b = b.get(..n.checked_mul(8)?)?;
        let at = out.len();
        out.resize(at + n, Decimal::ZERO);
        for (o, v) in out.get_mut(at..)?.iter_mut().zip(b.chunks_exact(8)) {
            let v = f64::from_le_bytes(v.try_into().ok()?);
            match short_amount(v) {
                Some(d) => *o = d,
                None => *o = amount_of_text(v)?,
            }
        }
        return Some(());
    }
    for _ in 0..n {
        out.push(amount_of(&plain(&mut b, t)?)?);
    }
    Some(())
}

/// Pushes `n` PLAIN values onto `texts` as entries (a run of equal values once), their numbers onto
/// `ids`.
fn texts_into(
    mut b: &[u8],
    n: usize,
    t: Physical,
    how: As,
    texts: &mut Texts,
    ids: &mut Vec<u32>,
) -> Option<()> {
    let mut last: Option<(&[u8], u32)> = None;
    // Texts checked as UTF-8 all at once where the page's bytes, length prefixes and all, are UTF-8
    // (short texts, such as line ids, cost more to check one by one than their bytes do): a value is
    // then the page's text between its bounds, where those are character boundaries; else it is
    // checked on its own, as every value of a page that is not UTF-8 as a whole is.
    let page = b;
    let whole = match (t, how) {
        (Physical::BYTE_ARRAY, As::Text) => std::str::from_utf8(page).ok(),
        _ => None,
    };
    for _ in 0..n {
        let start = b;
        let v = plain(&mut b, t)?;
        let raw = &start[..start.len() - b.len()];
        // (The last bytes first: ids and other texts that differ at their end skip the compare.)
        let id = match (last, &v) {
            (Some((l, id)), _) if l.last() == raw.last() && l == raw => id,
            (_, Plain::Bytes(v)) if how == As::Text => {
                let end = page.len() - b.len();
                let text = whole.and_then(|w| w.get(end - v.len()..end));
                texts.push(match text {
                    Some(s) => s,
                    None => std::str::from_utf8(v).ok()?,
                })?
            }
            _ => texts.push(&text_of(&v, how)?)?,
        };
        last = Some((raw, id));
        ids.push(id);
    }
    Some(())
}

/// [`page_rows`] of a page without nulls (no definition levels, or all of them `max_def`).
fn all_rows(
    d: &Dict,
    idx: Option<&[u32]>,
    n: usize,
    texts: &mut Texts,
    amounts: &mut Vec<Decimal>,
) -> Option<()> {
    fn pick<T: Copy>(v: &[T], idx: Option<&[u32]>, n: usize, out: &mut Vec<T>) -> Option<()> {
        match idx {
            None => out.extend_from_slice(v.get(..n)?),
            Some(i) => {
                let i = i.get(..n)?;
                if i.iter().any(|&x| x as usize >= v.len()) {
                    return None;
                }
                out.extend(i.iter().map(|&x| v[x as usize]));
            }
        }
        Some(())
    }
    match d {
        Dict::Texts(ids) => pick(ids, idx, n, &mut texts.rows),
        Dict::Amounts(v) => pick(v, idx, n, amounts),
    }
}

/// Appends a page's `n` rows: the present ones take the next value (through `idx` into the
/// dictionary, else the page's own values in order), the others are nulls.
fn page_rows(
    d: &Dict,
    idx: Option<&[u32]>,
    levels: &[u32],
    max_def: i16,
    n: usize,
    texts: &mut Texts,
    amounts: &mut Vec<Decimal>,
) -> Option<()> {
    if levels.is_empty() {
        return all_rows(d, idx, n, texts, amounts);
    }
    let mut next = 0usize;
    for r in 0..n {
        let present = max_def == 0 || *levels.get(r)? == max_def as u32;
        if !present {
            match d {
                Dict::Texts(_) => texts.rows.push(NULL),
                Dict::Amounts(_) => amounts.push(Decimal::ZERO),
            }
            continue;
        }
        let at = match idx {
            Some(i) => *i.get(next)? as usize,
            None => next,
        };
        next += 1;
        match d {
            Dict::Texts(ids) => texts.rows.push(*ids.get(at)?),
            Dict::Amounts(v) => amounts.push(*v.get(at)?),
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PLAIN page of BYTE_ARRAY values: each one's length (4 bytes, little-endian), then its bytes.
    fn plain_page(values: &[&[u8]]) -> Vec<u8> {
        values
            .iter()
            .flat_map(|v| [&(v.len() as u32).to_le_bytes()[..], v].concat())
            .collect()
    }

    /// The texts `texts_into` reads from a page, or `None` where it refuses it.
    fn texts_of(values: &[&[u8]]) -> Option<Vec<String>> {
        let (mut texts, mut ids) = (Texts::default(), Vec::new());
        let page = plain_page(values);
        texts_into(
            &page,
            values.len(),
            Physical::BYTE_ARRAY,
            As::Text,
            &mut texts,
            &mut ids,
        )?;
        Some(
            ids.iter()
                .map(|&e| texts.entry(e as usize).to_string())
                .collect(),
        )
    }

    #[test]
    fn texts_of_a_page_are_its_values_whether_it_is_utf8_as_a_whole_or_not() {
        let owned = |v: &[&[u8]]| {
            v.iter()
                .map(|b| String::from_utf8(b.to_vec()).unwrap())
                .collect()
        };
        // All ASCII (checked as one text), repeats kept as one entry each run.
        let ascii: [&[u8]; 4] = [b"li000000001", b"li000000002", b"li000000002", b""];
        assert_eq!(texts_of(&ascii), Some(owned(&ascii)));
        // Multi-byte characters in values whose lengths are ASCII bytes: one text too.
        let accents: [&[u8]; 2] = [
            "caf\u{e9} \u{20ac}".as_bytes(),
            "\u{65e5}\u{672c}".as_bytes(),
        ];
        assert_eq!(texts_of(&accents), Some(owned(&accents)));
        // A value of 200 bytes: its length byte (0xC8) is not UTF-8, so values are checked one by one.
        let long = "\u{e9}".repeat(100);
        let mixed: [&[u8]; 3] = [b"a", long.as_bytes(), "\u{e9}".as_bytes()];
        assert_eq!(texts_of(&mixed), Some(owned(&mixed)));
        // A value that is not UTF-8 is refused, both ways.
        assert_eq!(texts_of(&[b"ok", b"li\xff"]), None);
        assert_eq!(texts_of(&[long.as_bytes(), b"li\xff"]), None);
        // The page is UTF-8 as a whole, but only because a value's unfinished character (E2 82) is
        // finished by the next value's length byte (0xAC = 172): that value is not UTF-8 alone.
        let x = [b'x'; 172];
        let page = plain_page(&[b"a\xe2\x82", &x]);
        assert!(std::str::from_utf8(&page).is_ok());
        assert_eq!(texts_of(&[b"a\xe2\x82", &x]), None);
    }

    #[test]
    fn definition_levels_are_left_out_only_where_one_run_says_every_value_is_present() {
        // Runs: a header (length << 1, then the level in one byte); bit-packed: (groups << 1) | 1.
        let levels = |b: &[u8], max_def: i16, n: usize| {
            let mut out = Vec::new();
            def_levels(b, max_def, n, &mut out).map(|()| out)
        };
        // 10 values present (level 1 of 1), one run of 10 or of 12: no levels.
        assert_eq!(levels(&[20, 1], 1, 10), Some(vec![]));
        assert_eq!(levels(&[24, 1], 1, 10), Some(vec![]));
        // A run of 10 nulls, or of level 1 where the top is 2: written out.
        assert_eq!(levels(&[20, 0], 1, 10), Some(vec![0; 10]));
        assert_eq!(levels(&[20, 1], 2, 10), Some(vec![1; 10]));
        // A run shorter than the page, then nulls: written out, as the hybrid reader reads them.
        assert_eq!(
            levels(&[12, 1, 8, 0], 1, 10),
            Some([vec![1; 6], vec![0; 4]].concat())
        );
        // Bit-packed (one group of 8, width 1: 0b1011_0111), and a run that ends too soon.
        assert_eq!(
            levels(&[3, 0b1011_0111], 1, 8),
            Some(vec![1, 1, 1, 0, 1, 1, 0, 1])
        );
        assert_eq!(levels(&[12, 1], 1, 10), None);
        assert_eq!(levels(&[], 1, 0), Some(vec![]));
    }
}
