//! A CSV bill, plain or gzipped (one or several gzip members, as AWS writes them), split into blocks of
//! records ([`super::csv_split`]) on one thread and summed on another.

use std::io::{BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::bufread::MultiGzDecoder;
use rust_decimal::Decimal;

use super::csv_split::{Block, Record, Splitter, Status};
use super::{file_error, parse_amount, Counting, Encoding, Field, FileInfo, RowFeed, Schema};
use crate::error::{Error, Result};
use crate::io::{Counts, LineBound, LineLimit, Progress};
use crate::model::reconcile::ids::{LastInterval, PairHasher};
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

type Stream = Box<dyn Read + Send>;

fn reader(
    r: Box<dyn BufRead + Send>,
    encoding: Encoding,
    count: Arc<AtomicU64>,
) -> Splitter<Stream> {
    let counted = Counting { inner: r, count };
    let inner: Box<dyn Read + Send> = match encoding {
        Encoding::Gzip => Box::new(MultiGzDecoder::new(std::io::BufReader::with_capacity(
            1 << 17,
            counted,
        ))),
        _ => Box::new(counted),
    };
    // Records end at `\n` only (a CRLF line keeps its `\r` on its last field, trimmed where read):
    // lines are then counted exactly, which csv-core does not for CRLF, so errors name the right
    // line. The splitter gives csv-core's records (flexible, quote `"`, doubled-quote escape).
    Splitter::new(Box::new(LineBound::new(inner, LINE)))
}

/// A read error, in words: gzip damage says so.
fn read_error(name: &str, encoding: Encoding, row: u64, e: &std::io::Error) -> Error {
    let what = match encoding {
        Encoding::Gzip if !e.to_string().contains("line longer") => {
            format!("cannot decompress it ({e}): a corrupt or truncated gzip file")
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

fn header_of(
    rdr: &mut Splitter<Stream>,
    encoding: Encoding,
    name: &str,
) -> Result<(Schema, usize)> {
    let h = rdr
        .header()
        .map_err(|e| read_error(name, encoding, 0, &e))?;
    if h.is_empty() || (h.len() == 1 && h[0].is_empty()) {
        return Err(file_error(
            name,
            "is empty; expected a bill (CUR 2.0, legacy CUR or FOCUS) with a header row",
        ));
    }
    let cols: Vec<String> = h
        .iter()
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let schema = Schema::detect(&cols).map_err(|m| file_error(name, m))?;
    Ok((schema, h.len()))
}

/// The schema of a CSV bill (its header only).
pub fn header(r: Box<dyn BufRead + Send>, encoding: Encoding, name: &str) -> Result<Schema> {
    let mut rdr = reader(r, encoding, Arc::default());
    header_of(&mut rdr, encoding, name).map(|(schema, _)| schema)
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
    read_as(r, encoding, len, name, agg, progress, KNOWN_BYTES)
}

/// [`read`], keeping at most `known` bytes of keys (0: every line read as the first of its key).
fn read_as(
    r: Box<dyn BufRead + Send>,
    encoding: Encoding,
    len: Option<u64>,
    name: &str,
    agg: &mut Aggregator,
    progress: bool,
    known: usize,
) -> Result<FileInfo> {
    let count = Arc::new(AtomicU64::new(0));
    let mut rdr = reader(r, encoding, count.clone());
    let (schema, width) = header_of(&mut rdr, encoding, name)?;
    let idx: Vec<Option<usize>> = Field::ALL.iter().map(|&f| schema.col(f)).collect();
    let bar = Progress::new(progress, len, name, Counts::Bytes);
    let mut row: u64 = 0;
    let mut known = Known {
        limit: known,
        ..Known::default()
    };
    let mut ids = Ids {
        hasher: agg.ids.hasher(),
        idx: &idx,
        width,
        interval: LastInterval::default(),
    };
    let file = File {
        width,
        idx: &idx,
        schema: &schema,
        name,
    };
    let result = std::thread::scope(|scope| {
        let (batches, filled) = std::sync::mpsc::sync_channel::<Batch>(2);
        let (empties, recycled) = std::sync::mpsc::channel::<Block>();
        scope.spawn(move || parse(rdr, &batches, &recycled));
        let mut digests = Vec::new();
        for batch in filled {
            let (block, end) = batch;
            // The block's ids hashed first, so that the id slots of the next records can be fetched
            // while these are summed: their cache misses overlap (as the Parquet reader does).
            digests.clear();
            digests.extend(block.records().map(|rec| ids.digest(&rec)));
            const AHEAD: usize = 16;
            let hashes = |from: usize| {
                digests
                    .get(from..(from + AHEAD).min(digests.len()))
                    .unwrap_or(&[])
                    .iter()
                    .filter(|d| d.id.0 != 0)
                    .map(|d| d.id)
            };
            let mut touched = agg.ids.touch(hashes(0));
            for (i, (rec, digest)) in block.records().zip(&digests).enumerate() {
                if i % AHEAD == 0 {
                    touched ^= agg.ids.touch(hashes(i + AHEAD));
                }
                row += 1;
                add_record(&rec, digest, &file, row, agg, &mut known)?;
                if row & 0xFFFF == 0 {
                    bar.update(row, count.load(Ordering::Relaxed));
                }
            }
            std::hint::black_box(touched);
            let _ = empties.send(block);
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

/// Records split on one thread and summed on another: a block of them, and the error that ended the
/// file. With two blocks queued, one being split and one being summed, about 4 MiB of bill (more for
/// records longer than a block) is held at once. The splitting thread only splits (with reading, the
/// longer half of the work): ids, amounts and keys are read on the summing thread. perf on the 2M-line
/// bench: the splitting thread had 62% of the samples with the ids hashed there, 52% with them here.
type Batch = (Block, Option<std::io::Error>);

/// Splits the bill into blocks until its end, an error, or the summing side hangs up (it failed).
fn parse(
    mut rdr: Splitter<Stream>,
    batches: &std::sync::mpsc::SyncSender<Batch>,
    recycled: &std::sync::mpsc::Receiver<Block>,
) {
    loop {
        let spare = recycled.try_recv().unwrap_or_default();
        let (block, status) = rdr.next_block(spare);
        let (done, error) = match status {
            Status::More => (false, None),
            Status::End => (true, None),
            Status::Failed(e) => (true, Some(e)),
        };
        if batches.send((block, error)).is_err() || done {
            return;
        }
    }
}

/// What `add_record` needs of the file: its width, the column of each field, the schema and name.
struct File<'a> {
    width: usize,
    idx: &'a [Option<usize>],
    schema: &'a Schema,
    name: &'a str,
}

/// The most bytes of keys [`Known`] keeps: 16 MiB (lines of other keys are added as any first line is).
const KNOWN_BYTES: usize = 16 << 20;

/// A record's field, without the `\r` a CRLF line leaves on its last one.
#[inline]
fn field<'r>(rec: &Record<'r>, idx: &[Option<usize>], f: Field) -> Option<&'r [u8]> {
    let i = idx[f as usize]?;
    rec.get(i).map(|b| b.strip_suffix(b"\r").unwrap_or(b))
}

/// Lines' key fields, as bytes, and the group the first line with them went to. A line with the same
/// bytes has the same texts, so `RowFeed::add` would find them valid and put the line in that group:
/// only its amounts and id are its own (checked and added as `add` does), its texts are not read again.
/// (Kept on the summing thread: with the splitting this cheap, the two threads are even so.)
#[derive(Default)]
struct Known {
    groups: std::collections::HashMap<Box<[u8]>, u32, ahash::RandomState>,
    bytes: usize,
    limit: usize,
    key: Vec<u8>,
}

/// Hashes a block's line ids before its lines are summed, so that the id table's slots of the next
/// lines can be fetched ahead ([`crate::model::reconcile::ids::LineIds::touch`]).
#[derive(Default)]
struct Ids<'a> {
    hasher: PairHasher,
    idx: &'a [Option<usize>],
    width: usize,
    /// The last interval hashed and its part of the hash (lines come in runs of one interval).
    interval: LastInterval,
}

/// What is read of a record before its block is summed: the hash of its line id and interval ((0, 0) for a
/// line without an id, or one the summing side refuses by its width); `slow`: not hashed (a field that
/// is not UTF-8: the summing side reads it and says so).
#[derive(Debug, Clone, Copy, Default)]
struct Digest {
    id: (u64, u64),
    slow: bool,
}

impl Ids<'_> {
    fn digest(&mut self, rec: &Record) -> Digest {
        let mut d = Digest::default();
        if rec.len() != self.width {
            return d; // refused or blank (the summing side says which)
        }
        let idx = self.idx;
        let text = |f: Field| std::str::from_utf8(field(rec, idx, f).unwrap_or_default()).ok();
        match text(Field::LineId) {
            None => d.slow = true,
            Some("") => {}
            Some(id) => {
                let interval = match text(Field::TimeInterval) {
                    Some("") => text(Field::Period).map(|p| super::period_of(p).unwrap_or("")),
                    i => i,
                };
                match interval {
                    None => d.slow = true,
                    Some(interval) => {
                        let part = self.interval.part(&self.hasher, interval);
                        d.id = PairHasher::join(self.hasher.id(id), part);
                    }
                }
            }
        }
        d
    }
}

fn add_record(
    rec: &Record,
    digest: &Digest,
    file: &File,
    row: u64,
    agg: &mut Aggregator,
    known: &mut Known,
) -> Result<()> {
    let File {
        width,
        idx,
        schema,
        name,
    } = *file;
    let feed = RowFeed {
        file: name,
        schema,
        row,
        line: rec.line(),
    };
    if rec.len() == 1 && rec.get(0).is_some_and(|c| c.is_empty() || c == b"\r") {
        return Ok(()); // a blank line
    }
    check_width(rec, width, &feed)?;
    let bytes = |f: Field| field(rec, idx, f);
    let text = |f: Field| -> Result<&str> {
        let Some(i) = idx[f as usize] else {
            return Ok("");
        };
        let Some(bytes) = bytes(f) else {
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
    let amount = |f: Field| -> Result<Decimal> {
        let s = text(f)?;
        parse_amount(s).ok_or_else(|| feed.cell_error(f, s, "a number such as 0.0000035 or 3.5E-6"))
    };
    let usage = amount(Field::Usage)?;
    let cost = amount(Field::Cost)?;
    known.key.clear();
    for f in Field::KEY {
        let b = bytes(f).unwrap_or_default();
        known.key.extend_from_slice(&(b.len() as u32).to_le_bytes());
        known.key.extend_from_slice(b);
    }
    if let Some(&group) = known.groups.get(known.key.as_slice()) {
        if agg.fits(usage, cost) {
            let interval = || -> Result<&str> {
                Ok(match text(Field::TimeInterval)? {
                    "" => super::period_of(text(Field::Period)?).unwrap_or(""),
                    i => i,
                })
            };
            if digest.slow {
                // What the splitting thread could not hash: read here, its error said.
                let id = text(Field::LineId)?;
                if !id.is_empty() {
                    agg.ids
                        .check(id, interval()?, row)
                        .map_err(|m| file_error(name, format!("{}: {m}", feed.at())))?;
                }
            } else if digest.id.0 != 0 {
                agg.ids.check_hashed(digest.id, row).map_err(|r| {
                    let m = match (text(Field::LineId), interval()) {
                        (Ok(id), Ok(interval)) => agg.ids.message(r, id, interval),
                        _ => String::new(),
                    };
                    file_error(name, format!("{}: {m}", feed.at()))
                })?;
            }
            agg.add_to(group, usage, cost);
            return Ok(());
        }
    }
    feed.add(agg, &text, usage, cost)?;
    if let Some(group) = agg.last_group() {
        if known.bytes + known.key.len() <= known.limit {
            known.bytes += known.key.len();
            known.groups.insert(known.key.as_slice().into(), group);
        }
    }
    Ok(())
}

/// Refuses a line with another number of fields than the header, or one whose unclosed quote
/// swallowed the lines after it.
fn check_width(rec: &Record, width: usize, feed: &RowFeed) -> Result<()> {
    let swallowed = rec.multiline()
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
            feed.file,
            format!(
                "{} has {} fields (the header has {width}){}",
                feed.at(),
                rec.len(),
                quote.unwrap_or_default()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a reader made of a bill: its groups (decimals with their scales) and lines, or its error.
    fn summed(bytes: &[u8], known: usize) -> String {
        let mut agg = Aggregator::new();
        agg.ids.begin_file("bill.csv");
        let r: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(bytes.to_vec()));
        match read_as(r, Encoding::Csv, None, "bill.csv", &mut agg, false, known) {
            Ok(info) => {
                let lines = agg.lines;
                format!("{} rows, {lines} lines: {:?}", info.rows, agg.into_groups())
            }
            Err(e) => format!("error: {e}"),
        }
    }

    /// A bill of `rows` lines with 30 keys (quoted fields, CRLF lines, blank and float amounts, lines
    /// without an interval or a payer); `edit` changes a line's cells.
    fn bill(rows: usize, edit: impl Fn(usize, &mut Vec<Vec<u8>>)) -> Vec<u8> {
        let mut out = b"identity_line_item_id,identity_time_interval,bill_billing_period_start_date,bill_payer_account_id,line_item_usage_account_id,line_item_line_item_type,line_item_product_code,line_item_usage_type,line_item_operation,product_region_code,line_item_line_item_description,line_item_currency_code,line_item_usage_amount,line_item_unblended_cost\n".to_vec();
        for i in 0..rows {
            let mut c: Vec<Vec<u8>> = [
                format!("li{i}").as_str(),
                ["", "2026-10-01T00:00:00Z/2026-10-01T01:00:00Z"][i % 2],
                "2026-10-01T00:00:00Z",
                ["111", "111", "111", "111", ""][i % 5],
                ["222", "333", "444"][i % 3],
                ["Usage", "Usage", "Tax", "Credit", "DiscountedUsage"][i % 5],
                "AmazonApiGateway",
                ["USE1-ApiGatewayRequest", "EU-ApiGatewayHttpRequest"][i / 7 % 2],
                "ApiGatewayRequest",
                ["us-east-1", "eu-west-1"][i / 3 % 2],
                ["\"per request, REST\"", "tax"][i / 11 % 2],
                "USD",
                ["1000", "3.5E-3", "", "0.25"][i % 4],
                ["0.0035", "0", "1.50", "2"][i / 2 % 4],
            ]
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
            edit(i, &mut c);
            out.extend(c.join(&b','));
            out.extend_from_slice(if i % 9 == 0 { b"\r\n" } else { b"\n" });
        }
        out
    }

    #[test]
    fn lines_of_a_known_key_sum_and_fail_as_first_lines_do() {
        type Edit = fn(usize, &mut Vec<Vec<u8>>);
        let cases: [(&str, Edit); 7] = [
            ("600 rows, 600 lines", |_, _| {}),
            ("line item 'li5'", |i, c| {
                if i == 405 {
                    c[0] = b"li5".to_vec();
                }
            }),
            ("currency 'EUR'", |i, c| {
                if i == 300 {
                    c[11] = b"EUR".to_vec();
                }
            }),
            ("beyond what one bill line", |i, c| {
                if i == 500 {
                    c[13] = b"2E15".to_vec();
                }
            }),
            ("value 'lots'", |i, c| {
                if i == 450 {
                    c[12] = b"lots".to_vec();
                }
            }),
            ("UTF-8 text", |i, c| {
                if i == 350 {
                    c[0] = b"li\xffx".to_vec();
                }
            }),
            ("has 13 fields", |i, c| {
                if i == 550 {
                    c.pop();
                }
            }),
        ];
        for (what, edit) in cases {
            let bytes = bill(600, edit);
            let fast = summed(&bytes, KNOWN_BYTES);
            assert!(
                fast.contains(what),
                "{what}: {}",
                &fast[..fast.len().min(300)]
            );
            assert_eq!(fast, summed(&bytes, 0), "{what}");
        }
    }
}
