//! The shared mode's spill: what pass 1 learnt of each row (rejected, or its pools and units), written
//! to an unnamed temporary file so that the allocation passes read a few bytes a row instead of parsing
//! the CSV again, and the writing pass needs no row parsing at all.
//!
//! A row is one byte (0 rejected, else its number of pool contributions, 1 or 2) and per contribution
//! its pool index and units as LEB128 varints: about 6 bytes a row for typical volumes. The file is in
//! `$TMPDIR`, deleted by the OS when the process ends (and on every error path, being unnamed); memory
//! stays two 256 KB buffers whatever the number of rows.
//!
//! The spill is cut into segments (`Segment`) that the later passes share out between threads: a
//! block a worker of `threads.rs` spilled in pass 1, appended as it is with its pool numbers (the
//! block's own, mapped to the run's when read: the main thread only copies it), or `SEGMENT_ROWS` rows
//! spilled by the main thread with the run's numbers. A segment's list entry is 40 bytes for thousands
//! of rows.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};

use crate::error::{Error, Result};

/// Buffer of the spill's reader and writer.
const BUFFER: usize = 256 << 10;

/// One row's contributions: (pool index, units); at most two (a WebSocket row's two meters).
pub(super) type Entry = [(usize, u128); 2];

/// The most bytes one row takes: its tag and two (pool, units) varints of at most 19 bytes each.
const MAX_ROW: usize = 1 + 2 * (19 + 19);

/// Rows the main thread spills into one segment.
const SEGMENT_ROWS: u32 = 8192;

/// A run of the spill's rows: its bytes in the spill and in the text, and its pools' numbers.
pub(super) struct Segment {
    pub(super) rows: usize,
    pub(super) text: usize,
    /// The block's pool numbers to the run's (`None`: the run's own numbers).
    pub(super) map: Option<Vec<usize>>,
}

/// The segment being spilled by the main thread.
#[derive(Default)]
struct Open {
    rows: usize,
    text: usize,
    count: u32,
}

/// The spill being written by pass 1 (in memory: a block's rows on a worker of `threads.rs`, appended
/// to the file by `append`).
pub(super) struct SpillWriter<W: Write = BufWriter<File>> {
    out: W,
    /// `--summary`: each rated row's output cells (id first, escaped, each followed by a comma), so
    /// that the writing pass copies them instead of reading and parsing the CSV again.
    text: Option<W>,
    segments: Vec<Segment>,
    open: Open,
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
            segments: Vec::new(),
            open: Open::default(),
        })
    }

    /// Appends a block of rows spilled in memory by a worker and its rows' output cells, as they are:
    /// a segment of its own, its pool numbers mapped through `map` (the worker's pools, numbered in
    /// the order the block met them, to the run's) when it is read.
    pub(super) fn append(&mut self, rows: &[u8], map: &[usize], text: &[u8]) -> Result<()> {
        self.close();
        self.out.write_all(rows).map_err(temp_error)?;
        if let Some(t) = &mut self.text {
            t.write_all(text).map_err(temp_error)?;
        }
        self.segments.push(Segment {
            rows: rows.len(),
            text: if self.text.is_some() { text.len() } else { 0 },
            map: Some(map.to_vec()),
        });
        Ok(())
    }

    /// Ends pass 1: the spill, ready to be read from its start (once per later pass).
    pub(super) fn finish(mut self) -> Result<Spill> {
        self.close();
        let done = |w: BufWriter<File>| w.into_inner().map_err(|e| temp_error(e.into_error()));
        Ok(Spill {
            file: done(self.out)?,
            text: self.text.map(done).transpose()?,
            segments: self.segments,
        })
    }
}

impl SpillWriter<Vec<u8>> {
    /// A spill in memory (`text`: also each rated row's output cells).
    pub(super) fn memory(text: bool) -> Self {
        SpillWriter {
            out: Vec::new(),
            text: text.then(Vec::new),
            segments: Vec::new(),
            open: Open::default(),
        }
    }

    /// The rows and the output cells spilled so far, the spill left empty.
    pub(super) fn take(&mut self) -> (Vec<u8>, Vec<u8>) {
        let text = self.text.as_mut().map(std::mem::take).unwrap_or_default();
        self.open = Open::default();
        self.segments.clear();
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
            self.open.text += n + cells.len();
        }
        Ok(())
    }

    /// A row pass 1 rejected (left out of every later pass).
    pub(super) fn rejected(&mut self) -> Result<()> {
        self.put(&[0])
    }

    /// Closes the segment being spilled (the rows spilled since the last).
    fn close(&mut self) {
        let open = std::mem::take(&mut self.open);
        if open.rows > 0 {
            self.segments.push(Segment {
                rows: open.rows,
                text: open.text,
                map: None,
            });
        }
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

    /// A row's bytes (one call per row: a row is counted). A full segment is closed here, before
    /// the next row, not after its last: a row's output cells (`text`) come after its `row`.
    fn put(&mut self, b: &[u8]) -> Result<()> {
        if self.open.count == SEGMENT_ROWS {
            self.close();
        }
        self.out.write_all(b).map_err(temp_error)?;
        self.open.rows += b.len();
        self.open.count += 1;
        Ok(())
    }
}

/// The finished spill.
pub(super) struct Spill {
    file: File,
    text: Option<File>,
    segments: Vec<Segment>,
}

impl Spill {
    /// A reader from the spill's first row.
    pub(super) fn reader(&self) -> Result<SpillReader<'_>> {
        Ok(SpillReader {
            inp: Stream::new(&self.file)?,
            segments: &self.segments,
            next: 0,
            left: 0,
            map: None,
        })
    }

    /// The rated rows' output cells, in input order (`None` unless pass 1 kept them).
    pub(super) fn text(&self) -> Result<Option<TextReader>> {
        self.text
            .as_ref()
            .map(|f| {
                Ok(TextReader {
                    inp: Stream::new(f)?,
                })
            })
            .transpose()
    }

    /// The segments, in input order.
    pub(super) fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Reads the segments' bytes in order: `Segments::next` gives each one's rows and (`text`) output
    /// cells.
    pub(super) fn read_segments(&self, text: bool) -> Result<Segments<'_>> {
        Ok(Segments {
            rows: Stream::new(&self.file)?,
            text: match text {
                true => self.text.as_ref().map(Stream::new).transpose()?,
                false => None,
            },
            segments: self.segments.iter(),
        })
    }
}

/// A spill file read from its start through a buffer that keeps a whole row in view (`MAX_ROW`), so
/// that a row is decoded in place.
struct Stream {
    file: File,
    buf: Vec<u8>,
    at: usize,
    end: usize,
    eof: bool,
}

impl Stream {
    fn new(file: &File) -> Result<Stream> {
        let mut f = file.try_clone().map_err(temp_error)?;
        f.seek(SeekFrom::Start(0)).map_err(temp_error)?;
        Ok(Stream {
            file: f,
            buf: vec![0; BUFFER],
            at: 0,
            end: 0,
            eof: false,
        })
    }

    /// The bytes in view: at least `MAX_ROW` unless the file ends first.
    fn view(&mut self) -> Result<&[u8]> {
        if self.end - self.at < MAX_ROW && !self.eof {
            self.buf.copy_within(self.at..self.end, 0);
            self.end -= self.at;
            self.at = 0;
            while self.end < self.buf.len() {
                let n = self
                    .file
                    .read(&mut self.buf[self.end..])
                    .map_err(temp_error)?;
                if n == 0 {
                    self.eof = true;
                    break;
                }
                self.end += n;
            }
        }
        Ok(&self.buf[self.at..self.end])
    }

    /// Appends the next `n` bytes to `out`.
    fn take_into(&mut self, mut n: usize, out: &mut Vec<u8>) -> Result<()> {
        while n > 0 {
            let v = self.view()?;
            if v.is_empty() {
                return Err(corrupt());
            }
            let k = v.len().min(n);
            out.extend_from_slice(&v[..k]);
            self.at += k;
            n -= k;
        }
        Ok(())
    }
}

/// Reads the rated rows' output cells back.
pub(super) struct TextReader {
    inp: Stream,
}

impl TextReader {
    /// Appends the next rated row's cells to `out`.
    pub(super) fn next_into(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let v = self.inp.view()?;
        let mut at = 0;
        let len = usize::try_from(varint_at(v, &mut at)?).map_err(|_| corrupt())?;
        self.inp.at += at;
        self.inp.take_into(len, out)
    }
}

/// Appends a row's output cells from a segment's text (`Segments::next`) at `*at` to `out`; advances `at`.
#[inline]
pub(super) fn text_at(text: &[u8], at: &mut usize, out: &mut Vec<u8>) -> Result<()> {
    let len = usize::try_from(varint_at(text, at)?).map_err(|_| corrupt())?;
    let cells = text.get(*at..*at + len).ok_or_else(corrupt)?;
    out.extend_from_slice(cells);
    *at += len;
    Ok(())
}

/// Reads the spill's rows in input order.
pub(super) struct SpillReader<'s> {
    inp: Stream,
    segments: &'s [Segment],
    /// The next segment, the bytes left in the current one, and its pool map.
    next: usize,
    left: usize,
    map: Option<&'s [usize]>,
}

impl SpillReader<'_> {
    /// The next row: `Some(n)` with its `n` contributions in `entry` (0 for a rejected row), `None` at
    /// the end.
    pub(super) fn next(&mut self, entry: &mut Entry) -> Result<Option<usize>> {
        while self.left == 0 {
            let Some(s) = self.segments.get(self.next) else {
                return Ok(None);
            };
            self.next += 1;
            self.left = s.rows;
            self.map = s.map.as_deref();
        }
        let (n, used) = decode(self.inp.view()?, entry)?;
        self.inp.at += used;
        self.left = self.left.checked_sub(used).ok_or_else(corrupt)?;
        map_pools(&mut entry[..n], self.map)?;
        Ok(Some(n))
    }
}

/// A row's pools numbered by the run (`map`: from a block's numbers).
#[inline]
pub(super) fn map_pools(parts: &mut [(usize, u128)], map: Option<&[usize]>) -> Result<()> {
    if let Some(map) = map {
        for slot in parts {
            slot.0 = *map.get(slot.0).ok_or_else(corrupt)?;
        }
    }
    Ok(())
}

/// The segments' bytes in input order.
pub(super) struct Segments<'s> {
    rows: Stream,
    text: Option<Stream>,
    segments: std::slice::Iter<'s, Segment>,
}

impl<'s> Segments<'s> {
    /// The next segment: its rows' and output cells' bytes read into `rows` and `text` (cleared).
    pub(super) fn next(
        &mut self,
        rows: &mut Vec<u8>,
        text: &mut Vec<u8>,
    ) -> Result<Option<&'s Segment>> {
        let Some(s) = self.segments.next() else {
            return Ok(None);
        };
        rows.clear();
        text.clear();
        self.rows.take_into(s.rows, rows)?;
        if let Some(t) = &mut self.text {
            t.take_into(s.text, text)?;
        }
        Ok(Some(s))
    }
}

/// One row from the start of `b` (the reader's view, or a segment's rows): its contributions (as
/// spilled: a block's pool numbers are mapped by `map_pools`) and the bytes used.
#[inline]
pub(super) fn decode(b: &[u8], entry: &mut Entry) -> Result<(usize, usize)> {
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
        bad.append(&rows, &[5], b"").unwrap();
        let bad = bad.finish().unwrap();
        let mut r = bad.reader().unwrap();
        let mut e: Entry = [(0, 0); 2];
        assert_eq!(r.next(&mut e).unwrap(), Some(1));
        assert_eq!(r.next(&mut e).unwrap(), Some(0));
        assert!(r.next(&mut e).is_err(), "a pool the map lacks");
        let spill = w.finish().unwrap();
        let sizes: Vec<(usize, usize, bool)> = spill
            .segments()
            .iter()
            .map(|s| (s.rows, s.text, s.map.is_some()))
            .collect();
        assert_eq!(sizes, [(3, 7, false), (rows.len(), 6, true)]);
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
        let mut seg = spill.read_segments(true).unwrap();
        let (mut r, mut t) = (Vec::new(), Vec::new());
        let s = seg.next(&mut r, &mut t).unwrap().unwrap();
        assert_eq!(
            (r.as_slice(), t.as_slice(), s.map.is_none()),
            (&[1u8, 4, 1][..], &b"\x06first,"[..], true)
        );
        let s = seg.next(&mut r, &mut t).unwrap().unwrap();
        assert_eq!((r, t, s.map.as_deref()), (rows, text, Some(&[5, 2][..])));
        assert!(seg
            .next(&mut Vec::new(), &mut Vec::new())
            .unwrap()
            .is_none());
    }

    /// The main thread's rows are cut into segments of `SEGMENT_ROWS` rows; a worker's block is one.
    #[test]
    fn segments_cut_the_rows() {
        let mut w = SpillWriter::new(true).unwrap();
        let n = 2 * SEGMENT_ROWS as usize + 5;
        for i in 0..n {
            if i % 2 == 1 {
                w.row(&[(0, 1)]).unwrap();
                w.text(b"ab,").unwrap();
            } else {
                w.rejected().unwrap();
            }
        }
        let spill = w.finish().unwrap();
        let segs: Vec<(usize, usize)> = spill.segments().iter().map(|s| (s.rows, s.text)).collect();
        let full = SEGMENT_ROWS as usize;
        // A rated row is 3 bytes (tag, pool, units) and 4 of text, a rejected one 1 byte.
        assert_eq!(
            segs,
            [
                (2 * full, 2 * full),
                (2 * full, 2 * full),
                (2 * 3 + 3, 2 * 4)
            ]
        );
        let mut r = spill.reader().unwrap();
        let mut e: Entry = [(0, 0); 2];
        for i in 0..n {
            assert_eq!(
                r.next(&mut e).unwrap(),
                Some(usize::from(i % 2 == 1)),
                "row {i}"
            );
        }
        assert_eq!(r.next(&mut e).unwrap(), None);
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
