//! A Parquet bill: only the columns reconcile needs are decoded (a CUR has a hundred), row group by row
//! group, 8,192 rows at a time. Text columns are strings (or integers, for account ids), amounts
//! doubles, floats, integers or decimal strings, the period a timestamp, a date or a string.

use std::fs::File;
use std::path::Path;

use parquet::basic::{ConvertedType, LogicalType, TimeUnit, Type as Physical};
use parquet::column::reader::{get_typed_column_reader, ColumnReaderImpl};
use parquet::data_type::{
    ByteArray, ByteArrayType, DataType, DoubleType, FloatType, Int32Type, Int64Type, Int96Type,
};
use parquet::file::reader::{FileReader, RowGroupReader};
use parquet::file::serialized_reader::SerializedFileReader;
use parquet::schema::types::ColumnDescPtr;
use rust_decimal::Decimal;

use super::parquet_fast as fast;
use super::Schema;
use super::{amount_of_f64, file_error, parse_amount, Encoding, Field, FileInfo, RowFeed};
use crate::error::{Error, Result};
use crate::io::{Counts, Progress};
use crate::model::reconcile::Aggregator;

/// Rows decoded at a time.
const BATCH: usize = 8192;
/// The largest column chunk (uncompressed, as the file's metadata says) reconcile decodes: 1 GiB.
pub const MAX_CHUNK_BYTES: i64 = 1 << 30;

fn open(path: &Path, name: &str) -> Result<SerializedFileReader<File>> {
    let f = File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    SerializedFileReader::new(f)
        .map_err(|e| file_error(name, format!("not a readable Parquet file: {e}")))
}

fn columns(r: &SerializedFileReader<File>) -> Vec<ColumnDescPtr> {
    r.metadata()
        .file_metadata()
        .schema_descr()
        .columns()
        .to_vec()
}

/// The schema of a Parquet bill, from its column names.
pub fn schema_of(path: &Path, name: &str) -> Result<Schema> {
    let r = open(path, name)?;
    let names: Vec<String> = columns(&r).iter().map(|c| c.path().string()).collect();
    Schema::detect(&names).map_err(|m| file_error(name, format!("a Parquet file that is {m}")))
}

/// How a column's values are read.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    F64,
    F32,
    I64,
    I32,
    /// INT64 timestamp; nanoseconds per unit.
    Timestamp(i64),
    /// INT32 days since 1970-01-01.
    Date,
    Int96,
}

enum Reader {
    Text(ColumnReaderImpl<ByteArrayType>, Vec<ByteArray>),
    F64(ColumnReaderImpl<DoubleType>, Vec<f64>),
    F32(ColumnReaderImpl<FloatType>, Vec<f32>),
    I64(ColumnReaderImpl<Int64Type>, Vec<i64>),
    I32(ColumnReaderImpl<Int32Type>, Vec<i32>),
    Int96(ColumnReaderImpl<Int96Type>, Vec<parquet::data_type::Int96>),
}

/// One needed column of a row group and the current batch of its values.
struct Column {
    field: Field,
    kind: Kind,
    max_def: i16,
    reader: Reader,
    def: Vec<i16>,
    /// Per row of the batch: the index of its value, `None` for a null.
    pos: Vec<Option<usize>>,
    /// Integers and timestamps written as text, once per run of equal values...
    text: Vec<String>,
    /// ... and, per value, the index of its text.
    tpos: Vec<u32>,
}

/// Integers and timestamps as text: a run of equal values (a bill's period, its account) is written once.
fn written<T: PartialEq>(
    vals: &[T],
    text: &mut Vec<String>,
    tpos: &mut Vec<u32>,
    write: impl Fn(&T) -> String,
) {
    let mut last: Option<&T> = None;
    for v in vals {
        if last != Some(v) {
            text.push(write(v));
            last = Some(v);
        }
        tpos.push((text.len() - 1) as u32);
    }
}

/// A column's logical type; for a file written before Parquet had logical types (the writers of AWS's
/// legacy CUR), the one its `ConvertedType` stands for.
fn logical_of(c: &ColumnDescPtr) -> Option<LogicalType> {
    if let Some(l) = c.logical_type_ref() {
        return Some(l.clone());
    }
    let ts = |unit| {
        LogicalType::Timestamp(parquet::basic::TimestampType {
            is_adjusted_to_u_t_c: true,
            unit,
        })
    };
    match c.converted_type() {
        ConvertedType::TIMESTAMP_MILLIS => Some(ts(TimeUnit::MILLIS)),
        ConvertedType::TIMESTAMP_MICROS => Some(ts(TimeUnit::MICROS)),
        ConvertedType::DATE => Some(LogicalType::Date),
        ConvertedType::UTF8 => Some(LogicalType::String),
        _ => None,
    }
}

fn kind_of(c: &ColumnDescPtr, field: Field, name: &str) -> Result<Kind> {
    let amount = matches!(field, Field::Usage | Field::Cost);
    let logical = logical_of(c);
    let kind = match (c.physical_type(), logical.as_ref()) {
        (Physical::BYTE_ARRAY, _) => Kind::Text,
        (Physical::DOUBLE, _) if amount => Kind::F64,
        (Physical::FLOAT, _) if amount => Kind::F32,
        (Physical::INT64, Some(LogicalType::Timestamp(t))) if field == Field::Period => {
            Kind::Timestamp(match t.unit {
                TimeUnit::MILLIS => 1_000_000,
                TimeUnit::MICROS => 1_000,
                TimeUnit::NANOS => 1,
            })
        }
        (Physical::INT32, Some(LogicalType::Date)) if field == Field::Period => Kind::Date,
        (Physical::INT96, _) if field == Field::Period => Kind::Int96,
        (Physical::INT64, None | Some(LogicalType::Integer(_))) if field != Field::Period => {
            Kind::I64
        }
        (Physical::INT32, None | Some(LogicalType::Integer(_))) if field != Field::Period => {
            Kind::I32
        }
        (t, l) => {
            return Err(file_error(
                name,
                format!(
                    "a Parquet column {} of type {t}{}; expected {}",
                    c.path().string(),
                    l.map(|l| format!(" ({l:?})")).unwrap_or_default(),
                    if amount {
                        "a double, float, integer or decimal string"
                    } else if field == Field::Period {
                        "a timestamp, a date or a string"
                    } else {
                        "a string"
                    }
                ),
            ))
        }
    };
    if c.max_rep_level() > 0 {
        return Err(file_error(
            name,
            format!(
                "the Parquet column {} is a list; expected one value a row",
                c.path().string()
            ),
        ));
    }
    Ok(kind)
}

fn reader_of(rg: &dyn RowGroupReader, i: usize, kind: Kind) -> parquet::errors::Result<Reader> {
    let c = rg.get_column_reader(i)?;
    Ok(match kind {
        Kind::Text => Reader::Text(get_typed_column_reader(c), Vec::new()),
        Kind::F64 => Reader::F64(get_typed_column_reader(c), Vec::new()),
        Kind::F32 => Reader::F32(get_typed_column_reader(c), Vec::new()),
        Kind::I64 | Kind::Timestamp(_) => Reader::I64(get_typed_column_reader(c), Vec::new()),
        Kind::I32 | Kind::Date => Reader::I32(get_typed_column_reader(c), Vec::new()),
        Kind::Int96 => Reader::Int96(get_typed_column_reader(c), Vec::new()),
    })
}

fn batch<T: DataType>(
    r: &mut ColumnReaderImpl<T>,
    def: &mut Vec<i16>,
    vals: &mut Vec<T::T>,
) -> parquet::errors::Result<usize> {
    def.clear();
    vals.clear();
    let (records, _, _) = r.read_records(BATCH, Some(def), None, vals)?;
    Ok(records)
}

impl Column {
    /// Reads the next batch; returns its rows.
    fn next(&mut self) -> parquet::errors::Result<usize> {
        let n = match &mut self.reader {
            Reader::Text(r, v) => batch(r, &mut self.def, v)?,
            Reader::F64(r, v) => batch(r, &mut self.def, v)?,
            Reader::F32(r, v) => batch(r, &mut self.def, v)?,
            Reader::I64(r, v) => batch(r, &mut self.def, v)?,
            Reader::I32(r, v) => batch(r, &mut self.def, v)?,
            Reader::Int96(r, v) => batch(r, &mut self.def, v)?,
        };
        self.pos.clear();
        let mut vi = 0;
        for row in 0..n {
            if self.max_def == 0 || self.def[row] == self.max_def {
                self.pos.push(Some(vi));
                vi += 1;
            } else {
                self.pos.push(None);
            }
        }
        self.text.clear();
        self.tpos.clear();
        let (text, tpos) = (&mut self.text, &mut self.tpos);
        match (&self.reader, self.kind) {
            (Reader::I64(_, v), Kind::Timestamp(per)) => written(v, text, tpos, |&t| {
                crate::model::calendar::iso_date(t.div_euclid(86_400_000_000_000 / per))
            }),
            (Reader::I64(_, v), _) => written(v, text, tpos, |x| x.to_string()),
            (Reader::I32(_, v), Kind::Date) => written(v, text, tpos, |&d| {
                crate::model::calendar::iso_date(i64::from(d))
            }),
            (Reader::I32(_, v), _) => written(v, text, tpos, |x| x.to_string()),
            (Reader::Int96(_, v), _) => written(v, text, tpos, |t| {
                crate::model::calendar::iso_date(t.to_seconds().div_euclid(86_400))
            }),
            _ => {}
        }
        Ok(n)
    }

    fn text(&self, row: usize) -> std::result::Result<&str, ()> {
        let Some(i) = self.pos[row] else {
            return Ok("");
        };
        match &self.reader {
            Reader::Text(_, v) => std::str::from_utf8(v[i].data()).map_err(|_| ()),
            _ => self
                .tpos
                .get(i)
                .and_then(|&t| self.text.get(t as usize))
                .map(|s| s.as_str())
                .ok_or(()),
        }
    }

    fn amount(&self, row: usize) -> std::result::Result<Decimal, String> {
        let Some(i) = self.pos[row] else {
            return Ok(Decimal::ZERO);
        };
        let bad = |v: String| Err(v);
        match &self.reader {
            Reader::F64(_, v) => amount_of_f64(v[i]).map_or_else(|| bad(v[i].to_string()), Ok),
            Reader::F32(_, v) => {
                amount_of_f64(f64::from(v[i])).map_or_else(|| bad(v[i].to_string()), Ok)
            }
            Reader::I64(_, v) => Ok(Decimal::from(v[i])),
            Reader::I32(_, v) => Ok(Decimal::from(v[i])),
            Reader::Text(_, v) => {
                let s = String::from_utf8_lossy(v[i].data());
                parse_amount(&s).map_or_else(|| bad(s.into_owned()), Ok)
            }
            Reader::Int96(..) => bad("(INT96)".into()),
        }
    }
}

/// How each needed column is decoded, or `None` when one is a kind only the row-by-row reader reads.
fn plan(needed: &[(Field, usize, Kind)], cols: &[ColumnDescPtr]) -> Option<Vec<fast::Need>> {
    use fast::As;
    needed
        .iter()
        .map(|&(field, col, kind)| {
            let c = cols.get(col)?;
            let how = match (kind, field) {
                (_, Field::Usage | Field::Cost) if kind != Kind::Text && kind != Kind::Int96 => {
                    As::Amount
                }
                (Kind::Text, Field::Usage | Field::Cost) => return None,
                (Kind::Text, _) => As::Text,
                (Kind::I64 | Kind::I32, _) => As::Integer,
                (Kind::Timestamp(per), _) => As::Timestamp(per),
                (Kind::Date, _) => As::Date,
                _ => return None,
            };
            Some(fast::Need {
                field,
                col,
                t: c.physical_type(),
                how,
                max_def: c.max_def_level(),
            })
        })
        .collect()
}

/// A Parquet bill open for reading: its columns and the needed ones.
struct Bill<'a> {
    r: SerializedFileReader<File>,
    name: &'a str,
    names: Vec<String>,
    cols: Vec<ColumnDescPtr>,
    schema: Schema,
    needed: Vec<(Field, usize, Kind)>,
}

impl Bill<'_> {
    fn damaged(&self, e: parquet::errors::ParquetError) -> Error {
        file_error(self.name, format!("a damaged Parquet file: {e}"))
    }
}

/// Reads a Parquet bill into the aggregator: row groups decoded whole where `parquet_fast.rs` can,
/// on two threads (one where the machine has one core) while the one before is summed; the others row
/// by row.
pub fn read(path: &Path, name: &str, agg: &mut Aggregator, progress: bool) -> Result<FileInfo> {
    read_as(path, name, agg, progress, true)
}

/// [`read`], with row groups decoded from their pages where they can be (`pages`) or all row by row.
fn read_as(
    path: &Path,
    name: &str,
    agg: &mut Aggregator,
    progress: bool,
    pages: bool,
) -> Result<FileInfo> {
    let r = open(path, name)?;
    let cols = columns(&r);
    let names: Vec<String> = cols.iter().map(|c| c.path().string()).collect();
    let schema = Schema::detect(&names)
        .map_err(|m| file_error(name, format!("a Parquet file that is {m}")))?;
    let mut needed = Vec::new();
    for f in Field::ALL {
        if let Some(i) = schema.col(f) {
            needed.push((f, i, kind_of(&cols[i], f, name)?));
        }
    }
    let total: i64 = r.metadata().file_metadata().num_rows();
    let bar = Progress::new(progress, u64::try_from(total).ok(), name, Counts::Rows);
    let bill = Bill {
        r,
        name,
        names,
        cols,
        schema,
        needed,
    };
    let plan = plan(&bill.needed, &bill.cols).filter(|_| pages);
    let hasher = agg.ids.hasher();
    let groups = bill.r.num_row_groups();
    let mut row: u64 = 0;
    let pool = std::sync::Mutex::new(Vec::<fast::Group>::new());
    std::thread::scope(|s| {
        // Row groups decoded on threads of their own (row group g on thread g % n), each one ahead of
        // the one being summed. A summed row group's buffers go to a pool shared by the threads, and
        // the next row group a thread decodes is decoded into them: three sets of buffers in all
        // (one summed, one decoded and waiting, one being decoded), where a pool per thread kept a
        // fourth that was idle (14 MB a set on the 2M-line bill, each page of it faulted in once).
        let mut decoded = Vec::new();
        if let Some(plan) = &plan {
            let n = decoders().min(groups.max(1));
            for t in 0..n {
                let (tx, rx) = std::sync::mpsc::sync_channel::<Option<fast::Group>>(0);
                decoded.push(rx);
                let (hasher, pool) = (hasher.clone(), &pool);
                s.spawn(move || {
                    let r = open(path, name).ok();
                    let mut buffers = fast::Buffers::default();
                    for g in (t..groups).step_by(n) {
                        if buffers.spare.is_empty() {
                            // (A poisoned pool: a summing thread that panicked; nothing to reuse.)
                            buffers
                                .spare
                                .extend(pool.lock().ok().and_then(|mut p| p.pop()));
                        }
                        let d = r.as_ref().and_then(|r| {
                            let rg = r.get_row_group(g).ok()?;
                            fast::decode(rg.as_ref(), plan, &hasher, &mut buffers)
                        });
                        if tx.send(d).is_err() {
                            return;
                        }
                    }
                });
            }
        }
        for g in 0..groups {
            let rg = bill.r.get_row_group(g).map_err(|e| bill.damaged(e))?;
            let d = match decoded.len() {
                0 => None,
                n => decoded[g % n].recv().ok().flatten(),
            };
            match d {
                Some(d) => {
                    fast::feed(&d, &bill.schema, name, row, agg)?;
                    row += d.rows as u64;
                    bar.update(row, row);
                    if let Ok(mut p) = pool.lock() {
                        p.push(d);
                    }
                }
                None => read_group(&bill, g, rg.as_ref(), &mut row, agg, &bar)?,
            }
        }
        Ok::<(), Error>(())
    })?;
    bar.finish();
    Ok(FileInfo {
        path: name.to_string(),
        encoding: Encoding::Parquet,
        schema: bill.schema,
        rows: row,
    })
}

/// How many threads decode row groups: two where the machine has two cores or more.
fn decoders() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
}

/// Reads row group `g` row by row, 8,192 rows at a time.
fn read_group(
    bill: &Bill,
    g: usize,
    rg: &dyn RowGroupReader,
    row: &mut u64,
    agg: &mut Aggregator,
    bar: &Progress,
) -> Result<()> {
    let (name, pq) = (bill.name, |e| bill.damaged(e));
    let mut columns = Vec::new();
    for &(field, i, kind) in &bill.needed {
        let size = rg.metadata().column(i).uncompressed_size();
        if size > MAX_CHUNK_BYTES {
            return Err(file_error(
                name,
                format!(
                    "row group {g}: the column {} holds {size} bytes uncompressed; at most {MAX_CHUNK_BYTES} a row group (write smaller row groups)",
                    bill.names[i]
                ),
            ));
        }
        columns.push(Column {
            field,
            kind,
            max_def: bill.cols[i].max_def_level(),
            reader: reader_of(rg, i, kind).map_err(pq)?,
            def: Vec::new(),
            pos: Vec::new(),
            text: Vec::new(),
            tpos: Vec::new(),
        });
    }
    loop {
        let mut n = None;
        for c in &mut columns {
            let got = c.next().map_err(pq)?;
            if *n.get_or_insert(got) != got {
                return Err(file_error(
                    name,
                    format!("row group {g}: its columns have different numbers of rows"),
                ));
            }
        }
        let n = n.unwrap_or(0);
        if n == 0 {
            return Ok(());
        }
        let at: Vec<Option<&Column>> = Field::ALL
            .iter()
            .map(|&f| columns.iter().find(|c| c.field == f))
            .collect();
        for i in 0..n {
            *row += 1;
            add_row(&at, &bill.schema, name, *row, i, agg)?;
        }
        bar.update(*row, *row);
    }
}

fn add_row(
    at: &[Option<&Column>],
    schema: &Schema,
    name: &str,
    row: u64,
    i: usize,
    agg: &mut Aggregator,
) -> Result<()> {
    let feed = RowFeed {
        file: name,
        schema,
        row,
        line: 0,
    };
    let col = |f: Field| at[f as usize];
    let text = |f: Field| -> Result<&str> {
        match col(f) {
            None => Ok(""),
            Some(c) => c
                .text(i)
                .map_err(|_| feed.cell_error(f, "(bytes)", "UTF-8 text")),
        }
    };
    let amount = |f: Field| -> Result<Decimal> {
        match col(f) {
            None => Ok(Decimal::ZERO),
            Some(c) => c
                .amount(i)
                .map_err(|v| feed.cell_error(f, &v, "a finite number of at most 10^18")),
        }
    };
    let usage = amount(Field::Usage)?;
    let cost = amount(Field::Cost)?;
    feed.add(agg, &text, usage, cost)
}

#[cfg(test)]
#[path = "parquet_tests.rs"]
mod tests;
