//! A CSV bill, plain or gzipped (one or several gzip members, as AWS writes them), streamed through one
//! reused record.

use std::io::{BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::bufread::MultiGzDecoder;

use super::{file_error, parse_amount, Counting, Encoding, Field, FileInfo, RowFeed, Schema};
use crate::error::{Error, Result};
use crate::io::{Counts, LineBound, LineLimit, Progress};
use crate::model::reconcile::Aggregator;

/// The longest line a CSV bill may have: 16 MiB (a legacy CUR with thousands of tag columns has
/// lines of a few KB). The csv reader holds a whole record in memory; a line without an end is an
/// error naming the file, not an allocation that grows until the process is killed.
pub const MAX_LINE_BYTES: u64 = 16 << 20;

/// A bill line's bound (the reader fails past it).
const LINE: LineLimit = LineLimit {
    max_bytes: MAX_LINE_BYTES,
    max_commas: None,
    expected: "one bill line",
};

type CsvReader = csv::Reader<Box<dyn Read + Send>>;

fn reader(r: Box<dyn BufRead + Send>, encoding: Encoding, count: Arc<AtomicU64>) -> CsvReader {
    let counted = Counting { inner: r, count };
    let inner: Box<dyn Read + Send> = match encoding {
        Encoding::Gzip => Box::new(MultiGzDecoder::new(std::io::BufReader::with_capacity(
            1 << 17,
            counted,
        ))),
        _ => Box::new(counted),
    };
    // Records end at `\n` only (a CRLF line keeps its `\r` on its last field, trimmed where read): the
    // reader then counts lines exactly, which it does not for CRLF, so errors name the right line.
    csv::ReaderBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(1 << 17)
        .from_reader(Box::new(LineBound::new(inner, LINE)))
}

/// A read error, in words: gzip damage says so.
fn read_error(name: &str, encoding: Encoding, row: u64, e: &csv::Error) -> Error {
    let what = match (encoding, e.kind()) {
        (Encoding::Gzip, csv::ErrorKind::Io(io)) if !io.to_string().contains("line longer") => {
            format!("cannot decompress it ({io}): a corrupt or truncated gzip file")
        }
        (_, csv::ErrorKind::Utf8 { .. }) => {
            "a value that is not UTF-8 text; a bill is UTF-8 CSV".to_string()
        }
        _ => e.to_string(),
    };
    let at = if row == 0 {
        "the header".to_string()
    } else {
        format!("row {row}")
    };
    file_error(name, format!("{at}: {what}"))
}

fn header_of(rdr: &mut CsvReader, encoding: Encoding, name: &str) -> Result<Schema> {
    let h = rdr
        .byte_headers()
        .map_err(|e| read_error(name, encoding, 0, &e))?;
    if h.is_empty() || (h.len() == 1 && h.get(0).is_some_and(|c| c.is_empty())) {
        return Err(file_error(
            name,
            "is empty; expected a bill (CUR 2.0, legacy CUR or FOCUS) with a header row",
        ));
    }
    let cols: Vec<String> = h
        .iter()
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    Schema::detect(&cols).map_err(|m| file_error(name, m))
}

/// The schema of a CSV bill (its header only).
pub fn header(r: Box<dyn BufRead + Send>, encoding: Encoding, name: &str) -> Result<Schema> {
    let mut rdr = reader(r, encoding, Arc::default());
    header_of(&mut rdr, encoding, name)
}

/// Streams a CSV bill into the aggregator.
pub fn read(
    r: Box<dyn BufRead + Send>,
    encoding: Encoding,
    len: Option<u64>,
    name: &str,
    agg: &mut Aggregator,
    progress: bool,
) -> Result<FileInfo> {
    let count = Arc::new(AtomicU64::new(0));
    let mut rdr = reader(r, encoding, count.clone());
    let schema = header_of(&mut rdr, encoding, name)?;
    let idx: Vec<Option<usize>> = Field::ALL.iter().map(|&f| schema.col(f)).collect();
    let width = rdr
        .byte_headers()
        .map_err(|e| read_error(name, encoding, 0, &e))?
        .len();
    let bar = Progress::new(progress, len, name, Counts::Bytes);
    let mut row: u64 = 0;
    let result = std::thread::scope(|scope| {
        let (batches, filled) = std::sync::mpsc::sync_channel::<Batch>(2);
        let (empties, recycled) = std::sync::mpsc::channel::<Vec<csv::ByteRecord>>();
        scope.spawn(move || parse(rdr, &batches, &recycled));
        for batch in filled {
            let (recs, end) = batch;
            for rec in &recs {
                row += 1;
                add_record(rec, width, &idx, &schema, name, row, agg)?;
                if row & 0xFFFF == 0 {
                    bar.update(row, count.load(Ordering::Relaxed));
                }
            }
            let _ = empties.send(recs);
            if let Some(e) = end {
                return Err(read_error(name, encoding, row + 1, &e));
            }
        }
        Ok(())
    });
    bar.finish();
    result?;
    Ok(FileInfo {
        path: name.to_string(),
        encoding,
        schema,
        rows: row,
    })
}

/// Records parsed on one thread and summed on another: a batch, and the error that ended the file.
type Batch = (Vec<csv::ByteRecord>, Option<csv::Error>);

/// Records per batch, and the bytes after which a batch is sent with fewer: with two batches queued,
/// one being filled and one being summed, at most about 4 MiB of bill (4 x 16 MiB for lines at the
/// limit) is held at once.
const BATCH_RECORDS: usize = 2048;
const BATCH_BYTES: usize = 1 << 20;

/// Parses the bill into batches until its end, an error, or the summing side hangs up (it failed).
fn parse(
    mut rdr: CsvReader,
    batches: &std::sync::mpsc::SyncSender<Batch>,
    recycled: &std::sync::mpsc::Receiver<Vec<csv::ByteRecord>>,
) {
    loop {
        let mut recs = recycled.try_recv().unwrap_or_default();
        let (mut n, mut bytes) = (0, 0);
        let end = loop {
            if n == recs.len() {
                recs.push(csv::ByteRecord::new());
            }
            match rdr.read_byte_record(&mut recs[n]) {
                Ok(true) => {
                    bytes += recs[n].as_slice().len();
                    n += 1;
                    if n == BATCH_RECORDS || bytes >= BATCH_BYTES {
                        break None;
                    }
                }
                Ok(false) => break Some(None),
                Err(e) => break Some(Some(e)),
            }
        };
        recs.truncate(n);
        let (done, error) = match end {
            None => (false, None),
            Some(e) => (true, e),
        };
        if batches.send((recs, error)).is_err() || done {
            return;
        }
    }
}

fn add_record(
    rec: &csv::ByteRecord,
    width: usize,
    idx: &[Option<usize>],
    schema: &Schema,
    name: &str,
    row: u64,
    agg: &mut Aggregator,
) -> Result<()> {
    let feed = RowFeed {
        file: name,
        schema,
        row,
        line: rec.position().map_or(0, |p| p.line()),
    };
    if rec.len() == 1 && rec.get(0).is_some_and(|c| c.is_empty() || c == b"\r") {
        return Ok(()); // a blank line
    }
    let swallowed = rec.as_slice().contains(&b'\n')
        && rec.iter().any(|f| {
            f.contains(&b'\n') && f.iter().filter(|&&b| b == b',').count() + 1 >= width.max(2)
        });
    if rec.len() != width || swallowed {
        // AWS writes every field of every line: another count is a damaged line; a field holding a
        // whole line's commas is an unclosed quote that swallowed the lines after it (whose bill
        // would silently be lost).
        let quote = rec.iter().find(|f| f.contains(&b'\n')).map(|f| {
            let v = String::from_utf8_lossy(f);
            let start: String = v.chars().take_while(|&c| c != '\n').take(40).collect();
            format!("; the field starting '{start}' runs across lines: an unclosed quote")
        });
        return Err(file_error(
            name,
            format!(
                "{} has {} fields (the header has {width}){}",
                feed.at(),
                rec.len(),
                quote.unwrap_or_default()
            ),
        ));
    }
    let text = |f: Field| -> Result<&str> {
        let Some(i) = idx[f as usize] else {
            return Ok("");
        };
        let Some(bytes) = rec.get(i).map(|b| b.strip_suffix(b"\r").unwrap_or(b)) else {
            return Err(file_error(
                name,
                format!(
                    "row {row} has {} fields but the header has the column {} at position {}",
                    rec.len(),
                    schema.name(f).unwrap_or("?"),
                    i + 1
                ),
            ));
        };
        std::str::from_utf8(bytes).map_err(|_| {
            feed.cell_error(
                f,
                &String::from_utf8_lossy(bytes),
                "UTF-8 text; a bill is UTF-8 CSV",
            )
        })
    };
    let amount = |f: Field| -> Result<rust_decimal::Decimal> {
        let s = text(f)?;
        parse_amount(s).ok_or_else(|| feed.cell_error(f, s, "a number such as 0.0000035 or 3.5E-6"))
    };
    let usage = amount(Field::Usage)?;
    let cost = amount(Field::Cost)?;
    feed.add(agg, &text, usage, cost)
}
