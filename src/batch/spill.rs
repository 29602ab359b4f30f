//! The shared mode's spill: what pass 1 learnt of each row (rejected, or its pools and units), written
//! to an unnamed temporary file so that the allocation passes read a few bytes a row instead of parsing
//! the CSV again, and the writing pass needs no row parsing at all.
//!
//! A row is one byte (0 rejected, else its number of pool contributions, 1 or 2) and per contribution
//! its pool index and units as LEB128 varints: about 6 bytes a row for typical volumes. The file is in
//! `$TMPDIR`, deleted by the OS when the process ends (and on every error path, being unnamed); memory
//! stays two 256 KB buffers whatever the number of rows.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use crate::error::{Error, Result};

/// Buffer of the spill's reader and writer.
const BUFFER: usize = 256 << 10;

/// One row's contributions: (pool index, units); at most two (a WebSocket row's two meters).
pub(super) type Entry = [(usize, u128); 2];

/// The most bytes one row takes: its tag and two (pool, units) varints of at most 19 bytes each.
const MAX_ROW: usize = 1 + 2 * (19 + 19);

/// The spill being written by pass 1 (in memory: a block's rows on a worker of `threads.rs`, appended
/// to the file by `append`).
pub(super) struct SpillWriter<W: Write = BufWriter<File>> {
    out: W,
    /// `--summary`: each rated row's output cells (id first, escaped, each followed by a comma), so
    /// that the writing pass copies them instead of reading and parsing the CSV again.
    text: Option<W>,
}

fn temp_error(source: std::io::Error) -> Error {
    Error::Write {
        path: std::env::temp_dir(),
        source,
    }
}

impl SpillWriter {
    /// `text`: also keep each rated row's output cells (`SpillWriter::text`).
    pub(super) fn new(text: bool) -> Result<SpillWriter> {
        let f = tempfile::tempfile().map_err(temp_error)?;
        let text = match text {
            true => Some(BufWriter::with_capacity(
                BUFFER,
                tempfile::tempfile().map_err(temp_error)?,
            )),
            false => None,
        };
        Ok(SpillWriter {
            out: BufWriter::with_capacity(BUFFER, f),
            text,
        })
    }

    /// Appends a block of rows spilled in memory by a worker, its pool indices mapped through `map`
    /// (the worker's pools, numbered in the order the block met them, to the run's), and its rows'
    /// output cells.
    pub(super) fn append(&mut self, rows: &[u8], map: &[usize], text: &[u8]) -> Result<()> {
        let mut at = 0;
        let mut e: Entry = [(0, 0); 2];
        while at < rows.len() {
            let (n, used) = decode(&rows[at..], &mut e)?;
            at += used;
            for slot in &mut e[..n] {
                slot.0 = *map.get(slot.0).ok_or_else(corrupt)?;
            }
            self.row(&e[..n])?;
        }
        if let Some(t) = &mut self.text {
            t.write_all(text).map_err(temp_error)?;
        }
        Ok(())
    }

    /// Ends pass 1: the spill, ready to be read from its start (once per later pass).
    pub(super) fn finish(self) -> Result<Spill> {
        let done = |w: BufWriter<File>| w.into_inner().map_err(|e| temp_error(e.into_error()));
        Ok(Spill {
            file: done(self.out)?,
            text: self.text.map(done).transpose()?,
        })
    }
}

impl SpillWriter<Vec<u8>> {
    /// A spill in memory (`text`: also each rated row's output cells).
    pub(super) fn memory(text: bool) -> Self {
        SpillWriter {
            out: Vec::new(),
            text: text.then(Vec::new),
        }
    }

    /// The rows and the output cells spilled so far, the spill left empty.
    pub(super) fn take(&mut self) -> (Vec<u8>, Vec<u8>) {
        let text = self.text.as_mut().map(std::mem::take).unwrap_or_default();
        (std::mem::take(&mut self.out), text)
    }
}

impl<W: Write> SpillWriter<W> {
    /// A rated row's output cells (after its `row`), as its length and its bytes.
    pub(super) fn text(&mut self, cells: &[u8]) -> Result<()> {
        if let Some(t) = &mut self.text {
            let mut b = [0u8; 19];
            let n = varint(&mut b, cells.len() as u128);
            t.write_all(&b[..n]).map_err(temp_error)?;
            t.write_all(cells).map_err(temp_error)?;
        }
        Ok(())
    }

    /// A row pass 1 rejected (left out of every later pass).
    pub(super) fn rejected(&mut self) -> Result<()> {
        self.put(&[0])
    }

    /// A rated row's contributions.
    pub(super) fn row(&mut self, parts: &[(usize, u128)]) -> Result<()> {
        let mut b = [0u8; 1 + 2 * (10 + 19)];
        b[0] = parts.len() as u8;
        let mut n = 1;
        for &(pool, units) in parts {
            n += varint(&mut b[n..], pool as u128);
            n += varint(&mut b[n..], units);
        }
        self.put(&b[..n])
    }

    fn put(&mut self, b: &[u8]) -> Result<()> {
        self.out.write_all(b).map_err(temp_error)
    }
}

/// The finished spill.
pub(super) struct Spill {
    file: File,
    text: Option<File>,
}

/// A buffered reader from the start of `file`.
fn rewound(file: &File) -> Result<BufReader<File>> {
    let mut f = file.try_clone().map_err(temp_error)?;
    f.seek(SeekFrom::Start(0)).map_err(temp_error)?;
    Ok(BufReader::with_capacity(BUFFER, f))
}

impl Spill {
    /// A reader from the spill's first row.
    pub(super) fn reader(&self) -> Result<SpillReader> {
        Ok(SpillReader {
            inp: rewound(&self.file)?,
        })
    }

    /// The rated rows' output cells, in input order (`None` unless pass 1 kept them).
    pub(super) fn text(&self) -> Result<Option<TextReader>> {
        self.text
            .as_ref()
            .map(|f| Ok(TextReader { inp: rewound(f)? }))
            .transpose()
    }
}

/// Reads the rated rows' output cells back.
pub(super) struct TextReader {
    inp: BufReader<File>,
}

impl TextReader {
    /// Appends the next rated row's cells to `out`.
    pub(super) fn next_into(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let mut len = 0u128;
        for shift in (0..128).step_by(7) {
            let mut b = [0u8; 1];
            self.inp.read_exact(&mut b).map_err(|_| corrupt())?;
            len |= u128::from(b[0] & 0x7f) << shift;
            if b[0] & 0x80 == 0 {
                break;
            }
        }
        let mut left = usize::try_from(len).map_err(|_| corrupt())?;
        while left > 0 {
            let buf = self.inp.fill_buf().map_err(temp_error)?;
            if buf.is_empty() {
                return Err(corrupt());
            }
            let k = buf.len().min(left);
            out.extend_from_slice(&buf[..k]);
            self.inp.consume(k);
            left -= k;
        }
        Ok(())
    }
}

/// Reads the spill's rows in input order.
pub(super) struct SpillReader {
    inp: BufReader<File>,
}

impl SpillReader {
    /// The next row: `Some(n)` with its `n` contributions in `entry` (0 for a rejected row), `None` at
    /// the end.
    pub(super) fn next(&mut self, entry: &mut Entry) -> Result<Option<usize>> {
        // Decoded in place from the reader's buffer while a whole row is sure to be in it (a few
        // instructions a row instead of a read call per byte); byte by byte near the buffer's end.
        let buf = self.inp.fill_buf().map_err(temp_error)?;
        if buf.len() >= MAX_ROW {
            let (n, used) = decode(buf, entry)?;
            self.inp.consume(used);
            return Ok(Some(n));
        }
        let mut tag = [0u8; 1];
        if self.inp.read(&mut tag).map_err(temp_error)? == 0 {
            return Ok(None);
        }
        let n = usize::from(tag[0]);
        if n > entry.len() {
            return Err(corrupt());
        }
        for slot in entry.iter_mut().take(n) {
            let pool = usize::try_from(self.varint()?).map_err(|_| corrupt())?;
            *slot = (pool, self.varint()?);
        }
        Ok(Some(n))
    }

    fn varint(&mut self) -> Result<u128> {
        let mut v: u128 = 0;
        for shift in (0..128).step_by(7) {
            let mut b = [0u8; 1];
            self.inp.read_exact(&mut b).map_err(temp_error)?;
            v |= u128::from(b[0] & 0x7f) << shift;
            if b[0] & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(corrupt())
    }
}

/// One row from the start of `b` (the reader's in-place path: at least `MAX_ROW` bytes; `append`: a
/// worker's whole rows): its contributions and the bytes used.
#[inline]
fn decode(b: &[u8], entry: &mut Entry) -> Result<(usize, usize)> {
    let n = usize::from(b[0]);
    if n > entry.len() {
        return Err(corrupt());
    }
    let mut at = 1;
    for slot in entry.iter_mut().take(n) {
        let pool = usize::try_from(varint_at(b, &mut at)?).map_err(|_| corrupt())?;
        *slot = (pool, varint_at(b, &mut at)?);
    }
    Ok((n, at))
}

/// A LEB128 varint of at most 19 bytes at `b[*at..]`; advances `at`.
#[inline]
fn varint_at(b: &[u8], at: &mut usize) -> Result<u128> {
    let mut v: u128 = 0;
    for shift in (0..128).step_by(7) {
        let byte = *b.get(*at).ok_or_else(corrupt)?;
        *at += 1;
        v |= u128::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(corrupt())
}

fn corrupt() -> Error {
    Error::Other("the batch spill file was changed while it was read".into())
}

/// Writes `v` as LEB128 into `out`; returns the bytes written (at most 19 for a u128).
fn varint(out: &mut [u8], mut v: u128) -> usize {
    let mut n = 0;
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out[n] = b;
            return n + 1;
        }
        out[n] = b | 0x80;
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_in_order() {
        let mut w = SpillWriter::new(false).unwrap();
        w.row(&[(0, 5)]).unwrap();
        w.rejected().unwrap();
        w.row(&[(3, u128::MAX), (70_000, 0)]).unwrap();
        let spill = w.finish().unwrap();
        for _ in 0..2 {
            let mut r = spill.reader().unwrap();
            let mut e: Entry = [(0, 0); 2];
            assert_eq!(r.next(&mut e).unwrap(), Some(1));
            assert_eq!(e[0], (0, 5));
            assert_eq!(r.next(&mut e).unwrap(), Some(0));
            assert_eq!(r.next(&mut e).unwrap(), Some(2));
            assert_eq!(e, [(3, u128::MAX), (70_000, 0)]);
            assert_eq!(r.next(&mut e).unwrap(), None);
        }
    }

    /// Rows across the reader's buffer boundary read back the same (in-place and byte-by-byte paths).
    #[test]
    fn rows_across_buffer_ends() {
        let mut w = SpillWriter::new(false).unwrap();
        let rows = 200_000u128;
        for i in 0..rows {
            match i % 3 {
                0 => w.row(&[(i as usize % 7, i * 1_000_003)]).unwrap(),
                1 => w.rejected().unwrap(),
                _ => w.row(&[(1, u128::MAX - i), (300, i)]).unwrap(),
            }
        }
        let spill = w.finish().unwrap();
        let mut r = spill.reader().unwrap();
        let mut e: Entry = [(0, 0); 2];
        for i in 0..rows {
            match i % 3 {
                0 => {
                    assert_eq!(r.next(&mut e).unwrap(), Some(1));
                    assert_eq!(e[0], (i as usize % 7, i * 1_000_003));
                }
                1 => assert_eq!(r.next(&mut e).unwrap(), Some(0)),
                _ => {
                    assert_eq!(r.next(&mut e).unwrap(), Some(2));
                    assert_eq!(e, [(1, u128::MAX - i), (300, i)]);
                }
            }
        }
        assert_eq!(r.next(&mut e).unwrap(), None);
    }

    /// A worker's block spilled in memory comes back after the rows before it, its pools mapped.
    #[test]
    fn appended_blocks_map_their_pools() {
        let mut block = SpillWriter::memory(true);
        block.row(&[(0, 7)]).unwrap();
        block.text(b"a,").unwrap();
        block.rejected().unwrap();
        block.row(&[(1, u128::MAX), (0, 3)]).unwrap();
        block.text(b"b,").unwrap();
        let (rows, text) = block.take();
        assert!(
            block.take().0.is_empty(),
            "taken: the block's spill starts empty again"
        );
        let mut w = SpillWriter::new(true).unwrap();
        w.row(&[(4, 1)]).unwrap();
        w.text(b"first,").unwrap();
        w.append(&rows, &[5, 2], &text).unwrap();
        let mut bad = SpillWriter::new(false).unwrap();
        assert!(
            bad.append(&rows, &[5], b"").is_err(),
            "a pool the map lacks"
        );
        let spill = w.finish().unwrap();
        let mut r = spill.reader().unwrap();
        let mut e: Entry = [(0, 0); 2];
        assert_eq!(r.next(&mut e).unwrap(), Some(1));
        assert_eq!(e[0], (4, 1));
        assert_eq!(r.next(&mut e).unwrap(), Some(1));
        assert_eq!(e[0], (5, 7));
        assert_eq!(r.next(&mut e).unwrap(), Some(0));
        assert_eq!(r.next(&mut e).unwrap(), Some(2));
        assert_eq!(e, [(2, u128::MAX), (5, 3)]);
        assert_eq!(r.next(&mut e).unwrap(), None);
        let mut t = spill.text().unwrap().unwrap();
        let mut out = Vec::new();
        for _ in 0..3 {
            t.next_into(&mut out).unwrap();
        }
        assert_eq!(out, b"first,a,b,");
    }

    /// Output cells come back in order, whatever their length (one longer than the buffer).
    #[test]
    fn text_comes_back_in_order() {
        let mut w = SpillWriter::new(true).unwrap();
        let long = vec![b'x'; 3 * BUFFER + 7];
        let cells: [&[u8]; 4] = [b"a,rest,", b"", &long, b"\"q,\"\",http,"];
        for c in cells {
            w.row(&[(0, 1)]).unwrap();
            w.text(c).unwrap();
        }
        let spill = w.finish().unwrap();
        let mut t = spill.text().unwrap().unwrap();
        for c in cells {
            let mut out = b"head".to_vec();
            t.next_into(&mut out).unwrap();
            assert_eq!(&out[4..], c);
        }
        assert!(t.next_into(&mut Vec::new()).is_err());
        assert!(SpillWriter::new(false)
            .unwrap()
            .finish()
            .unwrap()
            .text()
            .unwrap()
            .is_none());
    }
}
