//! The batch output: CSV on stdout, or in a temporary file renamed into place on success (also the
//! rejects file), or written in place into a device or FIFO (`output::destination` decides). Rows are formatted into a 128 KB block by hand (quoting only cells that need it, as the
//! csv crate does) and written when the block is full: the --summary fast path then costs no more than
//! copying bytes. Also the cell escaping against formula injection, on bytes.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;

use rust_decimal::Decimal;

use super::row::Columns;
use crate::error::{Error, Result};
use crate::output::{Destination, Pending};

pub(super) struct Sink {
    out: Out,
    raw: Vec<u8>,
    /// The buffered bytes that make a write (`RAW_BLOCK`; never for `Out::Memory`).
    limit: usize,
    writeback: Writeback,
}

enum Out {
    Stdout(std::io::StdoutLock<'static>),
    /// A temporary file renamed into place by `commit`, or a device or FIFO written in place.
    File(Pending),
    /// Kept in memory and taken by `take` (a block rated by a worker of `threads.rs`).
    Memory,
}

impl Sink {
    /// Stdout (`None`), or the output file, opened (checked already by `output::destination`).
    pub(super) fn create(dest: Option<&Destination>) -> Result<Sink> {
        let out = match dest {
            Some(d) => Out::File(d.open()?),
            None => Out::Stdout(std::io::stdout().lock()),
        };
        let synced = matches!(&out, Out::File(p) if p.synced());
        Ok(Sink {
            out,
            raw: Vec::with_capacity(RAW_BLOCK + 4096),
            limit: RAW_BLOCK,
            writeback: Writeback::new(synced),
        })
    }

    /// A sink in memory: everything written stays in it until `take`.
    pub(super) fn memory() -> Sink {
        Sink {
            out: Out::Memory,
            raw: Vec::new(),
            limit: usize::MAX,
            writeback: Writeback::new(false),
        }
    }

    /// What a memory sink holds, `empty` (a recycled buffer) taking its place.
    pub(super) fn take(&mut self, empty: Vec<u8>) -> Vec<u8> {
        std::mem::replace(&mut self.raw, empty)
    }

    /// Writes bytes already formatted as whole rows, after what is buffered.
    pub(super) fn rows(&mut self, bytes: &[u8]) -> Result<()> {
        if self.raw.len() + bytes.len() < self.limit {
            self.raw.extend_from_slice(bytes);
            return Ok(());
        }
        self.drain_raw()?;
        self.write(|w, _| w.write_all(bytes))?;
        self.wrote(bytes.len());
        Ok(())
    }

    /// The rejects file (`--rejects`), its header written: where and why, then the input's columns.
    pub(super) fn rejects(dest: &Destination, cols: &Columns) -> Result<Sink> {
        let mut r = Sink::create(Some(dest))?;
        let mut h: Vec<&str> = vec!["row", "line", "column", "value", "reason"];
        h.extend(cols.names.iter().map(String::as_str));
        r.record(h.iter().map(|s| s.as_bytes()))?;
        Ok(r)
    }
    /// Writes one record.
    pub(super) fn record<'a>(&mut self, fields: impl IntoIterator<Item = &'a [u8]>) -> Result<()> {
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                self.raw.push(b',');
            }
            push_cell(&mut self.raw, f);
        }
        self.raw.push(b'\n');
        self.end_raw_row()
    }

    /// Writes one record, each cell escaped against formula injection (`escaped`).
    pub(super) fn escaped_record<'a>(
        &mut self,
        fields: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<()> {
        for (i, f) in fields.into_iter().enumerate() {
            if i > 0 {
                self.raw.push(b',');
            }
            push_cell(&mut self.raw, &escaped(f));
        }
        self.raw.push(b'\n');
        self.end_raw_row()
    }

    /// The buffer for a hand-written row (call `end_raw_row` after it).
    #[inline]
    pub(super) fn raw_row(&mut self) -> Result<&mut Vec<u8>> {
        Ok(&mut self.raw)
    }

    #[inline]
    pub(super) fn end_raw_row(&mut self) -> Result<()> {
        if self.raw.len() >= self.limit {
            self.drain_raw()?;
        }
        Ok(())
    }

    fn drain_raw(&mut self) -> Result<()> {
        if !self.raw.is_empty() && !matches!(self.out, Out::Memory) {
            self.write(|w, raw| w.write_all(raw))?;
            self.wrote(self.raw.len());
            self.raw.clear();
        }
        Ok(())
    }

    /// Counts bytes written to the output file (`Writeback`).
    fn wrote(&mut self, n: usize) {
        if let Out::File(p) = &mut self.out {
            self.writeback.wrote(p.file(), n);
        }
    }

    /// Runs a write on the output; an error names it (`write_error`).
    fn write(
        &mut self,
        f: impl FnOnce(&mut dyn Write, &[u8]) -> std::io::Result<()>,
    ) -> Result<()> {
        let Sink { out, raw, .. } = self;
        let r = match out {
            Out::Stdout(s) => f(s, raw),
            Out::File(p) => f(p.file(), raw),
            Out::Memory => Ok(()),
        };
        r.map_err(|e| self.write_error(e))
    }

    /// An error writing the output, naming it (a closed stdout pipe stays `Error::Io`, which
    /// `batch::run` ends quietly on).
    pub(super) fn write_error(&self, e: std::io::Error) -> Error {
        match &self.out {
            Out::Stdout(_) if e.kind() == std::io::ErrorKind::BrokenPipe => Error::Io(e),
            Out::Stdout(_) | Out::Memory => Error::Write {
                path: PathBuf::from(crate::output::STDOUT_NAME),
                source: e,
            },
            Out::File(p) => p.write_error(e),
        }
    }

    /// Writes out what is buffered and gives a second handle on the output (its file, or stdout's
    /// descriptor duplicated), sharing its offset, with its `Writeback`: `threads.rs`' workers write
    /// blocks through it, in input order, while this sink writes nothing. `None` for a memory sink.
    pub(super) fn handle(&mut self) -> Result<Option<(File, Writeback)>> {
        self.drain_raw()?;
        self.write(|w, _| w.flush())?;
        let dup = match &mut self.out {
            #[cfg(unix)]
            Out::Stdout(s) => {
                use std::os::fd::AsFd;
                s.as_fd().try_clone_to_owned().map(File::from)
            }
            // Elsewhere the main thread writes the blocks to stdout itself.
            #[cfg(not(unix))]
            Out::Stdout(_) => return Ok(None),
            Out::File(p) => p.file().try_clone(),
            Out::Memory => return Ok(None),
        };
        let writeback = std::mem::replace(&mut self.writeback, Writeback::new(false));
        dup.map(|f| Some((f, writeback)))
            .map_err(|e| self.write_error(e))
    }

    /// Writes what is buffered and makes it durable (a file synced), renaming nothing yet: every
    /// output of a run is finished before any is committed.
    pub(super) fn finish(&mut self) -> Result<()> {
        self.drain_raw()?;
        self.write(|w, _| w.flush())?;
        match &mut self.out {
            Out::File(p) => p.finish(),
            Out::Stdout(_) | Out::Memory => Ok(()),
        }
    }

    /// Finishes and puts the file in place (renamed onto its path).
    pub(super) fn commit(mut self) -> Result<()> {
        self.finish()?;
        match self.out {
            Out::File(p) => p.commit(),
            Out::Stdout(_) | Out::Memory => Ok(()),
        }
    }
}

const RAW_BLOCK: usize = 1 << 17;

/// Bytes written to an output file between two starts of its writeback (`Writeback`).
const WRITEBACK_EVERY: u64 = 8 << 20;

/// Starts the disk writes of an output file that is synced before it is put in place (a temporary
/// file) every `WRITEBACK_EVERY` bytes written, without waiting for them: the kernel otherwise keeps
/// the pages dirty until the sync at the end, which then waited for the whole file (0.18 s of 1M line
/// items' 0.57 s, 339 MB, after the rows were all rated); now the disk writes while the rows are rated,
/// and the sync waits for the last few MiB. Linux only (`sync_file_range(2)`); elsewhere it does nothing.
pub(super) struct Writeback {
    on: bool,
    /// Bytes written since the last start.
    pending: u64,
}

impl Writeback {
    pub(super) fn new(on: bool) -> Writeback {
        Writeback { on, pending: 0 }
    }

    /// `n` more bytes were written to `file` (the file this writeback was made for).
    #[inline]
    pub(super) fn wrote(&mut self, file: &File, n: usize) {
        if !self.on {
            return;
        }
        self.pending += n as u64;
        if self.pending >= WRITEBACK_EVERY {
            self.pending = 0;
            start_writeback(file);
        }
    }
}

/// Starts writing `file`'s dirty pages to disk (those already being written are left to finish); an
/// error only means they are written at the sync, as before.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File) {
    use std::os::fd::AsRawFd;
    // SAFETY: a plain system call on a descriptor `file` owns and keeps open for the call; no memory
    // is passed.
    let _ = unsafe { libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE) };
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_: &File) {}

/// Appends a CSV cell, quoted only when it must be (as the csv writer does).
#[inline]
pub(super) fn push_cell(buf: &mut Vec<u8>, cell: &[u8]) {
    if cell.iter().any(|&b| SPECIAL[b as usize]) {
        buf.push(b'"');
        for &b in cell {
            if b == b'"' {
                buf.push(b'"');
            }
            buf.push(b);
        }
        buf.push(b'"');
    } else {
        buf.extend_from_slice(cell);
    }
}

/// Bytes that make a cell need quoting.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t
};

/// Whether `bytes` may hold a byte that needs quoting: 8 bytes at a time, any byte below `-` (0x2D)
/// counts (`,` `"` `\n` `\r` are all below it; a false alarm only takes the careful path).
#[inline]
fn maybe_special(bytes: &[u8]) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const N: u64 = LO * 0x2D;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let v = u64::from_le_bytes(w);
        // Some byte is below 0x2D (for bytes below 0x80; UTF-8 bytes above are never special).
        if v.wrapping_sub(N) & !v & HI != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| SPECIAL[b as usize])
}

/// True when no cell of the record needs quoting or formula escaping.
#[inline]
pub(super) fn clean(rec: &csv::ByteRecord) -> bool {
    !maybe_special(rec.as_slice())
        && !rec
            .iter()
            .any(|c| matches!(c.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')))
}

/// Escapes a cell against formula injection (as the finance CSV does), without allocating for the
/// cells that need nothing.
pub(super) fn escaped(cell: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match cell.first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => {
            let is_number = std::str::from_utf8(cell)
                .ok()
                .and_then(|s| s.parse::<Decimal>().ok())
                .is_some();
            if is_number {
                cell.into()
            } else {
                let mut v = Vec::with_capacity(cell.len() + 1);
                v.push(b'\'');
                v.extend_from_slice(cell);
                v.into()
            }
        }
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The 8-bytes-at-a-time scan never misses a byte that needs quoting.
        #[test]
        fn special_bytes_are_never_missed(v in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            if v.iter().any(|&b| SPECIAL[b as usize]) {
                proptest::prop_assert!(maybe_special(&v));
            }
            let plain: Vec<u8> = v.iter().map(|b| b'a' + b % 26).collect();
            proptest::prop_assert!(!maybe_special(&plain));
        }
    }
}
