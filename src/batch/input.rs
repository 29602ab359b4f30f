//! The batch input: a CSV file read once per pass, stdin streamed, or stdin spooled to a temporary file
//! for the shared mode's several passes; and `each_row`, one pass over its records.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::{Counts, LineBound, LineLimit, Progress};

type CsvReader = csv::Reader<Box<dyn Read>>;

/// The longest line the input may have: 128 MiB. The csv reader holds a whole record in memory (and
/// 8 bytes per field), so this bounds what one row can take; a single endless line is an error naming
/// the file, not an allocation that grows until the process is killed. A 100 MB cell still fits (and
/// is rejected as a bad row by its column).
pub(super) const MAX_LINE_BYTES: u64 = 128 << 20;

/// The most commas a line may have: 1,048,576. The csv reader keeps 8 bytes per field, so a line of
/// 128 MiB of commas would take a gigabyte before [`MAX_LINE_BYTES`] stopped it; this keeps a row's
/// field positions under 8 MiB (a header has at most `row::MAX_COLUMNS` columns anyway).
pub(super) const MAX_LINE_COMMAS: u64 = 1 << 20;

/// A batch line's bounds (the reader fails past them).
const LINE: LineLimit = LineLimit {
    max_bytes: MAX_LINE_BYTES,
    max_commas: Some(MAX_LINE_COMMAS),
    expected: "one CSV row",
};

pub(super) enum Input {
    Path(PathBuf),
    /// Read once: the reader that read the header is kept for the rows.
    Stdin(std::cell::RefCell<Option<CsvReader>>),
    Spooled(File),
}

impl Input {
    pub(super) fn open(path: &Path, passes: bool) -> Result<Input> {
        if path.as_os_str() != "-" {
            return Ok(Input::Path(path.to_path_buf()));
        }
        if !passes {
            return Ok(Input::Stdin(Default::default()));
        }
        // Shared accounts read the input several times: stdin is copied to an unnamed temporary file
        // (in $TMPDIR; the OS deletes it when the process ends) and the passes read that.
        let mut f = tempfile::tempfile().map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
        std::io::copy(&mut std::io::stdin().lock(), &mut f).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Input::Spooled(f))
    }

    /// The file read, when the input is one (not stdin).
    pub(super) fn path(&self) -> Option<&Path> {
        match self {
            Input::Path(p) => Some(p),
            _ => None,
        }
    }

    pub(super) fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            _ => "stdin".into(),
        }
    }

    pub(super) fn error(&self, message: impl Into<String>) -> Error {
        Error::File {
            path: self.name(),
            message: message.into(),
        }
    }

    /// The header row (for stdin, the reader is kept for the rows that follow).
    pub(super) fn header(&self) -> Result<csv::ByteRecord> {
        let (mut rdr, _) = self.reader()?;
        let header = rdr
            .byte_headers()
            .map_err(|e| self.error(format!("cannot read the header: {e}")))?
            .clone();
        if let Input::Stdin(kept) = self {
            *kept.borrow_mut() = Some(rdr);
        }
        Ok(header)
    }

    fn reader(&self) -> Result<(CsvReader, Option<u64>)> {
        if let Input::Stdin(kept) = self {
            if let Some(rdr) = kept.borrow_mut().take() {
                return Ok((rdr, None));
            }
        }
        let (r, len): (Box<dyn Read>, Option<u64>) = match self {
            Input::Path(p) => {
                let f = File::open(p).map_err(|source| Error::Read {
                    path: p.clone(),
                    source,
                })?;
                let len = f.metadata().ok().map(|m| m.len());
                (Box::new(f), len)
            }
            Input::Stdin(_) => (Box::new(std::io::stdin().lock()), None),
            Input::Spooled(f) => {
                let mut f = f.try_clone()?;
                let len = f.seek(SeekFrom::End(0))?;
                f.seek(SeekFrom::Start(0))?;
                (Box::new(f), Some(len))
            }
        };
        let rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .buffer_capacity(1 << 17)
            .from_reader(bounded(r));
        Ok((rdr, len))
    }

    /// Where the rows start: the byte offset just after the header and its line number (as the csv
    /// reader counts them: line breaks `\n` seen, plus one).
    pub(super) fn data_start(&self) -> Result<(u64, u64)> {
        let (mut rdr, _) = self.reader()?;
        rdr.byte_headers()
            .map_err(|e| self.error(format!("cannot read the header: {e}")))?;
        let p = rdr.position();
        Ok((p.byte(), p.line()))
    }
}

/// A reader that fails on a line over [`MAX_LINE_BYTES`] or [`MAX_LINE_COMMAS`], from a line's start.
pub(super) fn bounded<R: Read + 'static>(r: R) -> Box<dyn Read> {
    Box::new(LineBound::new(r, LINE))
}

/// Reads every record of the input once, calling `f(row number, record)`.
pub(super) fn each_row(
    input: &Input,
    progress: bool,
    label: &str,
    mut f: impl FnMut(u64, &csv::ByteRecord) -> Result<()>,
) -> Result<()> {
    let (mut rdr, len) = input.reader()?;
    let bar = Progress::new(progress, len, label, Counts::Bytes);
    let mut rec = csv::ByteRecord::new();
    let mut n: u64 = 0;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                bar.finish();
                return Err(input.error(format!("row {}: {e}", n + 1)));
            }
        }
        n += 1;
        if let Err(e) = f(n, &rec) {
            bar.finish();
            return Err(e);
        }
        if n & 0xFFFF == 0 {
            bar.update(n, rdr.position().byte());
        }
    }
    bar.finish();
    Ok(())
}
