//! The shared mode's spill: what pass 1 learnt of each row (rejected, or its pools and units), written
//! to an unnamed temporary file so that the allocation passes read a few bytes a row instead of parsing
//! the CSV again, and the writing pass needs no row parsing at all.
//!
//! A row is one byte (0 rejected, else its number of pool contributions, 1 or 2) and per contribution
//! its pool index and units as LEB128 varints: about 6 bytes a row for typical volumes. The file is in
//! `$TMPDIR`, deleted by the OS when the process ends (and on every error path, being unnamed); memory
//! stays two 256 KB buffers whatever the number of rows.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use crate::error::{Error, Result};

/// Buffer of the spill's reader and writer.
const BUFFER: usize = 256 << 10;

/// One row's contributions: (pool index, units); at most two (a WebSocket row's two meters).
pub(super) type Entry = [(usize, u128); 2];

/// The spill being written by pass 1.
pub(super) struct SpillWriter {
    out: BufWriter<File>,
}

fn temp_error(source: std::io::Error) -> Error {
    Error::Write {
        path: std::env::temp_dir(),
        source,
    }
}

impl SpillWriter {
    pub(super) fn new() -> Result<SpillWriter> {
        let f = tempfile::tempfile().map_err(temp_error)?;
        Ok(SpillWriter {
            out: BufWriter::with_capacity(BUFFER, f),
        })
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

    /// Ends pass 1: the spill, ready to be read from its start (once per later pass).
    pub(super) fn finish(self) -> Result<Spill> {
        let f = self
            .out
            .into_inner()
            .map_err(|e| temp_error(e.into_error()))?;
        Ok(Spill { file: f })
    }
}

/// The finished spill.
pub(super) struct Spill {
    file: File,
}

impl Spill {
    /// A reader from the spill's first row.
    pub(super) fn reader(&self) -> Result<SpillReader> {
        let mut f = self.file.try_clone().map_err(temp_error)?;
        f.seek(SeekFrom::Start(0)).map_err(temp_error)?;
        Ok(SpillReader {
            inp: BufReader::with_capacity(BUFFER, f),
        })
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
        let mut w = SpillWriter::new().unwrap();
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
}
