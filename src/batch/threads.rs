//! `--threads N` (N > 1) for `--accounts separate` with a file input: the rows rated on N threads,
//! the output byte for byte what one thread writes.
//!
//! The main thread reads the file in blocks of whole lines (cut after a line break) and hands them to
//! N workers; each worker rates a block's rows into memory with its own `Rater`, the same code as
//! `separate.rs` (`Job::rate`). The workers write the blocks' outputs in input order (`Writer`: the
//! worker that finishes the block whose turn it is writes it and every block queued behind it, the
//! others queue theirs and go on rating), through a second handle on the output (`Sink::handle`):
//! writing line items is a third of their cost, and one thread writing every block (from another
//! core's cache) held `--threads 2` to 1.13x. The main thread reads the blocks, counts the rows and
//! numbers the bad rows (row and line) from the blocks before them. At most `2N + 1` blocks are out
//! at once (a block is out until the main thread has its result in order), so memory stays bounded by
//! the block size, not the input; blocks' buffers, in and out, are recycled (`Buffers`), so the pages
//! of a block are not mapped afresh every block.
//!
//! Cutting at a line break is only a row boundary when no cell is quoted (a quoted cell may hold a
//! line break): from the first block holding a `"`, or a line of 1 MiB or more (whose bounds
//! `input::bounded` checks), the rest of the file is read by one thread as `separate.rs` reads it,
//! from that block's first byte. Stdin is always read by one thread.

use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{mpsc, Mutex, MutexGuard, PoisonError};

use super::input::{bounded, Input};
use super::job::Job;
use super::rater::Rater;
use super::row::RowError;
use super::sink::{Sink, Writeback};
use super::{OnError, Stats};
use crate::error::{Error, Result};
use crate::io::{Counts, Progress};

/// Bytes read into a block (it ends at the last line break in them) for `--summary`; line items
/// take a quarter of it, their output being about 8 times the input: a block's output (500 KB) is
/// then still in its core's cache when that core writes it.
pub const BLOCK_BYTES: usize = 256 << 10;

/// A line this long or longer is left to the one-thread reader, which checks a line's bounds.
const LONG_LINE: usize = 1 << 20;

/// A block of whole lines for a worker.
struct Block {
    seq: u64,
    bytes: Vec<u8>,
    /// The block follows `\r\n`: the csv reader puts its first row on the line before (it reads the
    /// `\n` as the start of the next row), and so does the worker.
    after_crlf: bool,
}

/// A row done (`Ok`) or bad (`Err`, nothing kept of it), as `separate.rs` has it.
pub(super) type Rated = std::result::Result<(), RowError>;

/// A bad row of a block: its number and line within the block, why, and its cells.
type Reject = (u64, u64, RowError, csv::ByteRecord);

/// What a worker made of a block.
struct Done<O> {
    seq: u64,
    out: O,
    stats: Stats,
    rejects: Vec<Reject>,
    /// Line breaks in the block.
    newlines: u64,
    /// The block's own bytes, for the next block to be read into.
    input: Vec<u8>,
    /// The block holds a line of `LONG_LINE` bytes or more: nothing of it is used.
    long_line: bool,
    error: Option<Error>,
}

/// Where the one-thread reader takes over: a block's first byte, the rows and the line before it.
struct Resume {
    offset: u64,
    rows: u64,
    line: u64,
    after_crlf: bool,
}

/// What the workers do with a block's rows (`separate` rates them, `shared.rs` sums their volumes).
pub(super) trait Pass: Sync {
    /// A worker's own state (what it made of its block so far), made on its thread.
    type State;
    /// A block's result, merged by the main thread in input order.
    type Out: Send;
    fn state(&self) -> Self::State;
    /// One row on a worker: done, or bad (`Ok(Err)`, nothing kept of it).
    fn row(&self, st: &mut Self::State, job: &mut Job, rec: &csv::ByteRecord) -> Result<Rated>;
    /// The end of block `seq` on a worker: its result. `stops`: the block stops the run (a bad row
    /// with `--on-error fail`, an error, a long line), nothing of it is used.
    fn end(&self, st: &mut Self::State, job: &Job, seq: u64, stops: bool) -> Self::Out;
}

/// The main thread's side of a pass.
pub(super) trait Merger<O> {
    /// A block's result, in input order (its bad rows are counted and listed already).
    fn merge(&mut self, job: &mut Job, out: O) -> Result<()>;
    /// A row the main thread reads itself (after a quoted cell or a long line): as one thread does it.
    fn row(&mut self, job: &mut Job, rec: &csv::ByteRecord) -> Result<Rated>;
    /// Every worker has ended.
    fn ended(&mut self) -> Result<()>;
}

/// Rates `path`'s rows on `job.opts.threads` threads and writes them to `out` in input order (the
/// header is written already).
pub(super) fn separate(job: &mut Job, out: &mut Sink, path: &Path) -> Result<()> {
    let size = match job.opts.summary {
        true => BLOCK_BYTES,
        false => BLOCK_BYTES / 4,
    };
    let outs = Buffers::default();
    let writer = Writer::new(out.handle()?);
    let pass = Rate {
        writer: &writer,
        outs: &outs,
    };
    let mut main = WriteOut {
        out,
        writer: &writer,
        outs: &outs,
    };
    run(job, path, size, "rating", &pass, &mut main)
}

/// `separate`'s workers: rows rated into memory, handed to the `Writer`.
struct Rate<'w> {
    writer: &'w Writer,
    outs: &'w Buffers,
}

impl Pass for Rate<'_> {
    type State = Sink;
    type Out = Vec<u8>;

    fn state(&self) -> Sink {
        Sink::memory()
    }

    fn row(&self, sink: &mut Sink, job: &mut Job, rec: &csv::ByteRecord) -> Result<Rated> {
        job.rate(sink, rec)
    }

    fn end(&self, sink: &mut Sink, _: &Job, seq: u64, stops: bool) -> Vec<u8> {
        let out = sink.take(self.outs.get());
        self.writer.hand(seq, out, stops, self.outs)
    }
}

/// `separate`'s main thread: checks the writes; writes the blocks itself when there is no second
/// handle on the output.
struct WriteOut<'o> {
    out: &'o mut Sink,
    writer: &'o Writer,
    outs: &'o Buffers,
}

impl Merger<Vec<u8>> for WriteOut<'_> {
    fn merge(&mut self, _: &mut Job, out: Vec<u8>) -> Result<()> {
        if let Some(e) = self.writer.failed() {
            return Err(self.out.write_error(e));
        }
        // Empty when a worker wrote it.
        self.out.rows(&out)?;
        if out.capacity() > 0 {
            self.outs.put(out);
        }
        Ok(())
    }

    fn row(&mut self, job: &mut Job, rec: &csv::ByteRecord) -> Result<Rated> {
        job.rate(self.out, rec)
    }

    fn ended(&mut self) -> Result<()> {
        // Every block handed to the writer is written (or was dropped after one that stopped the run).
        match self.writer.failed() {
            Some(e) => Err(self.out.write_error(e)),
            None => Ok(()),
        }
    }
}

/// Runs `pass` over `path`'s rows (after the header) on `job.opts.threads` workers in blocks of
/// `size` bytes, `main` merging their results in input order.
pub(super) fn run<P: Pass, M: Merger<P::Out>>(
    job: &mut Job,
    path: &Path,
    size: usize,
    label: &str,
    pass: &P,
    main: &mut M,
) -> Result<()> {
    let (start, line) = job.input.data_start()?;
    let mut blocks = Blocks::open(job.input, path, start, size)?;
    let ins = Buffers::default();
    let bar = Progress::new(job.opts.progress, blocks.len, label, Counts::Bytes);
    let (catalog, opts, cols) = (job.rater.catalog, job.opts, job.rater.cols.clone());
    let (work_tx, work_rx) = mpsc::channel::<Block>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done<P::Out>>();
    let result = std::thread::scope(|s| {
        for _ in 0..opts.threads {
            let (done_tx, work_rx, cols) = (done_tx.clone(), &work_rx, cols.clone());
            s.spawn(move || {
                let input = Input::Path(path.to_path_buf());
                let mut worker = Job {
                    rater: Rater::new(catalog, cols, opts),
                    input: &input,
                    opts,
                    rejects: None,
                    stats: Stats::default(),
                };
                let mut st = pass.state();
                while let Some(block) = work_rx.lock().ok().and_then(|rx| rx.recv().ok()) {
                    let done = rate_block(pass, &mut st, &mut worker, block);
                    if done_tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut merge = Merge {
            job: &mut *job,
            main: &mut *main,
            rows: 0,
            line,
        };
        let resume = merge.drive(&mut blocks, work_tx, &done_rx, &bar, &ins);
        let (rows, line) = (merge.rows, merge.line);
        // Workers still busy with blocks past a fallback finish them; their results are dropped.
        while done_rx.recv().is_ok() {}
        resume.map(|r| {
            r.map(|(offset, after_crlf)| Resume {
                offset,
                rows,
                line,
                after_crlf,
            })
        })
    });
    let result = result.and_then(|r| main.ended().map(|()| r));
    let result = match result {
        Ok(Some(at)) => one_thread_from(job, main, path, at, &bar),
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    bar.finish();
    result
}

/// The main thread's side: blocks out, results merged in input order.
struct Merge<'m, 'a, 'c, M> {
    job: &'m mut Job<'a, 'c>,
    main: &'m mut M,
    /// Rows merged so far, and the line the next block starts on.
    rows: u64,
    line: u64,
}

impl<M> Merge<'_, '_, '_, M> {
    /// Sends blocks while fewer than `2N + 1` are out, writes results as their turn comes; returns
    /// where the one-thread reader must take over, if anywhere.
    fn drive<O>(
        &mut self,
        blocks: &mut Blocks,
        work: mpsc::Sender<Block>,
        done: &mpsc::Receiver<Done<O>>,
        bar: &Progress,
        ins: &Buffers,
    ) -> Result<Option<(u64, bool)>>
    where
        M: Merger<O>,
    {
        let most = 2 * self.job.opts.threads + 1;
        let mut starts: VecDeque<(u64, bool)> = VecDeque::new();
        let mut waiting: BTreeMap<u64, Done<O>> = BTreeMap::new();
        let (mut sent, mut next) = (0u64, 0u64);
        let mut fallback: Option<(u64, bool)> = None;
        loop {
            while fallback.is_none() && starts.len() < most {
                match blocks.next(ins.get())? {
                    Next::Block(bytes, offset, after_crlf) => {
                        starts.push_back((offset, after_crlf));
                        let block = Block {
                            seq: sent,
                            bytes,
                            after_crlf,
                        };
                        sent += 1;
                        if work.send(block).is_err() {
                            return Err(Error::Other("a batch worker stopped".into()));
                        }
                    }
                    Next::Fallback(offset, after_crlf) => fallback = Some((offset, after_crlf)),
                    Next::End => break,
                }
            }
            if starts.is_empty() {
                return Ok(fallback);
            }
            let d = done
                .recv()
                .map_err(|_| Error::Other("a batch worker stopped".into()))?;
            waiting.insert(d.seq, d);
            while let Some(d) = waiting.remove(&next) {
                next += 1;
                let start = starts.pop_front().unwrap_or_default();
                if d.long_line {
                    return Ok(Some(start));
                }
                ins.put(self.merge(d)?);
                bar.update(self.rows, start.0);
            }
        }
    }

    /// Merges a block's result and counts its rows; its bad rows are numbered from the rows before.
    /// Returns the block's input buffer.
    fn merge<O>(&mut self, d: Done<O>) -> Result<Vec<u8>>
    where
        M: Merger<O>,
    {
        let job = &mut *self.job;
        for (n, line, e, rec) in d.rejects {
            job.reject_at(self.rows + n, (self.line + line).saturating_sub(1), &rec, e)?;
        }
        if let Some(e) = d.error {
            return Err(e);
        }
        self.main.merge(job, d.out)?;
        job.stats.rows += d.stats.rows;
        job.stats.rated += d.stats.rated;
        job.bill(d.stats.billed_cents)?;
        self.rows += d.stats.rows;
        self.line += d.newlines;
        Ok(d.input)
    }
}

/// A worker's pass over a block (stopping at its first bad row with `--on-error fail`).
fn rate_block<P: Pass>(pass: &P, st: &mut P::State, job: &mut Job, b: Block) -> Done<P::Out> {
    job.stats = Stats::default();
    let mut d = Done {
        seq: b.seq,
        out: (),
        stats: Stats::default(),
        rejects: Vec::new(),
        input: Vec::new(),
        newlines: b.bytes.iter().filter(|&&c| c == b'\n').count() as u64,
        long_line: false,
        error: None,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&b.bytes[..]);
    let mut rec = csv::ByteRecord::new();
    let mut n = 0u64;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => {
                d.long_line = true; // not met on bytes in memory; the one-thread reader says what
                break;
            }
        }
        n += 1;
        // No cell is quoted: the cells and their commas are the line.
        if rec.as_slice().len() + rec.len() > LONG_LINE {
            d.long_line = true;
            break;
        }
        job.stats.rows += 1;
        match pass.row(st, job, &rec) {
            Ok(Ok(())) => job.stats.rated += 1,
            Ok(Err(e)) => {
                let line = rec.position().map_or(n, |p| p.line());
                let line = line - u64::from(n == 1 && b.after_crlf);
                d.rejects.push((n, line, e, rec.clone()));
                if job.opts.on_error == OnError::Fail {
                    break;
                }
            }
            Err(e) => {
                d.error = Some(e);
                break;
            }
        }
    }
    drop(rdr);
    let stops = d.long_line
        || d.error.is_some()
        || (job.opts.on_error == OnError::Fail && !d.rejects.is_empty());
    let out = pass.end(st, job, b.seq, stops);
    d.stats = std::mem::take(&mut job.stats);
    Done {
        seq: d.seq,
        out,
        stats: d.stats,
        rejects: d.rejects,
        newlines: d.newlines,
        input: b.bytes,
        long_line: d.long_line,
        error: d.error,
    }
}

/// The workers' writes of the blocks' outputs, in input order, through a second handle on the output
/// (`None`: the main thread writes them as it merges). Also the shared mode's writing pass
/// (`shared/spread.rs`).
pub(super) struct Writer {
    file: Option<File>,
    order: Mutex<Order>,
    /// Used by the worker writing (`Order::writing`), outside `order`'s lock.
    writeback: Mutex<Writeback>,
}

/// Whose turn it is to be written, and the blocks done before their turn.
#[derive(Default)]
struct Order {
    /// The block to write next.
    next: u64,
    /// Blocks rated ahead of `next`: their output, or `None` for a block that stops the writing (a bad
    /// row with `--on-error fail`, an error, a long line: the main thread says what).
    ready: BTreeMap<u64, Option<Vec<u8>>>,
    /// A worker is writing (it goes on with the blocks queued behind its own).
    writing: bool,
    /// Nothing more is written.
    stopped: bool,
    error: Option<std::io::Error>,
}

impl Writer {
    pub(super) fn new(handle: Option<(File, Writeback)>) -> Writer {
        let (file, writeback) = match handle {
            Some((f, w)) => (Some(f), w),
            None => (None, Writeback::new(false)),
        };
        Writer {
            file,
            order: Mutex::new(Order::default()),
            writeback: Mutex::new(writeback),
        }
    }

    fn order(&self) -> MutexGuard<'_, Order> {
        self.order.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A worker's rated block `seq`: written now if its turn has come (and then the blocks queued
    /// behind it), else queued for the worker writing before it; `stops`: it stops the writing. Returns
    /// what the main thread must write (all of it when there is no second handle, else nothing).
    pub(super) fn hand(&self, seq: u64, out: Vec<u8>, stops: bool, spare: &Buffers) -> Vec<u8> {
        let Some(file) = &self.file else { return out };
        let out = match stops {
            true => {
                spare.put(out);
                None
            }
            false => Some(out),
        };
        let mut o = self.order();
        if o.stopped {
            return Vec::new();
        }
        o.ready.insert(seq, out);
        if o.writing {
            return Vec::new();
        }
        o.writing = true;
        loop {
            let next = o.next;
            match o.ready.remove(&next) {
                None => break,
                Some(None) => {
                    o.stopped = true;
                    break;
                }
                Some(Some(buf)) => {
                    drop(o);
                    let result = (&*file).write_all(&buf);
                    if result.is_ok() {
                        if let Ok(mut w) = self.writeback.lock() {
                            w.wrote(file, buf.len());
                        }
                    }
                    spare.put(buf);
                    o = self.order();
                    o.next += 1;
                    if let Err(e) = result {
                        o.error = Some(e);
                        o.stopped = true;
                        break;
                    }
                }
            }
        }
        if o.stopped {
            o.ready.clear();
        }
        o.writing = false;
        Vec::new()
    }

    /// A write that failed (taken: reported once).
    pub(super) fn failed(&self) -> Option<std::io::Error> {
        self.order().error.take()
    }
}

/// Spare block buffers (cleared), shared by the threads.
#[derive(Default)]
pub(super) struct Buffers(Mutex<Vec<Vec<u8>>>);

impl Buffers {
    pub(super) fn get(&self) -> Vec<u8> {
        self.0
            .lock()
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_default()
    }

    /// Keeps a buffer for another block (at most 64 are kept: more than ever are out at once).
    pub(super) fn put(&self, mut buf: Vec<u8>) {
        buf.clear();
        if let Ok(mut v) = self.0.lock() {
            if v.len() < 64 {
                v.push(buf);
            }
        }
    }
}

/// The rest of the file from `at`, on this thread: as `separate.rs` reads it, rows and lines
/// numbered on from `at`.
fn one_thread_from<O>(
    job: &mut Job,
    main: &mut impl Merger<O>,
    path: &Path,
    at: Resume,
    bar: &Progress,
) -> Result<()> {
    let mut f = File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    f.seek(SeekFrom::Start(at.offset))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 17)
        .from_reader(bounded(f));
    let mut rec = csv::ByteRecord::new();
    let mut n = at.rows;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => return Err(job.input.error(format!("row {}: {e}", n + 1))),
        }
        n += 1;
        job.stats.rows += 1;
        match main.row(job, &rec)? {
            Ok(()) => job.stats.rated += 1,
            Err(e) => {
                let local = rec.position().map_or(1, |p| p.line());
                let line = (at.line + local)
                    .saturating_sub(1 + u64::from(n == at.rows + 1 && at.after_crlf));
                job.reject_at(n, line, &rec, e)?;
            }
        }
        if n & 0xFFFF == 0 {
            bar.update(n, at.offset + rdr.position().byte());
        }
    }
}

/// The next block of whole lines, or where the one-thread reader must take over.
enum Next {
    /// The bytes, the offset of the first, whether `\r\n` comes just before it.
    Block(Vec<u8>, u64, bool),
    Fallback(u64, bool),
    End,
}

/// The file cut into blocks of whole lines.
struct Blocks {
    file: File,
    len: Option<u64>,
    /// The offset of `carry`'s first byte.
    offset: u64,
    /// Bytes read past the last block's end (the start of a line).
    carry: Vec<u8>,
    /// The two bytes before `offset`.
    before: [u8; 2],
    eof: bool,
    /// Bytes read into a block.
    block: usize,
}

impl Blocks {
    fn open(input: &Input, path: &Path, start: u64, block: usize) -> Result<Blocks> {
        let read_error = |source| Error::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(read_error)?;
        let len = file.metadata().ok().map(|m| m.len());
        let mut before = [0u8; 2];
        if start >= 2 {
            file.seek(SeekFrom::Start(start - 2))?;
            file.read_exact(&mut before)
                .map_err(|e| input.error(format!("cannot read the header: {e}")))?;
        } else {
            file.seek(SeekFrom::Start(start))?;
        }
        Ok(Blocks {
            file,
            len,
            offset: start,
            carry: Vec::new(),
            before,
            eof: false,
            block,
        })
    }

    /// The next block, read into `buf` (empty).
    fn next(&mut self, mut buf: Vec<u8>) -> Result<Next> {
        buf.extend_from_slice(&self.carry);
        self.carry.clear();
        let mut want = self.block;
        let after_crlf = self.before == *b"\r\n";
        loop {
            while buf.len() < want && !self.eof {
                let old = buf.len();
                buf.resize(want, 0);
                let n = self.file.read(&mut buf[old..])?;
                buf.truncate(old + n);
                self.eof = n == 0;
            }
            if buf.is_empty() {
                return Ok(Next::End);
            }
            if buf.contains(&b'"') {
                return Ok(Next::Fallback(self.offset, after_crlf));
            }
            let cut = match buf.iter().rposition(|&c| c == b'\n') {
                _ if self.eof => buf.len(),
                Some(i) => i + 1,
                None if buf.len() >= LONG_LINE => {
                    return Ok(Next::Fallback(self.offset, after_crlf))
                }
                None => {
                    want = buf.len() * 2;
                    continue;
                }
            };
            self.carry.extend_from_slice(&buf[cut..]);
            buf.truncate(cut);
            let offset = self.offset;
            self.offset += cut as u64;
            if cut >= 2 {
                self.before = [buf[cut - 2], buf[cut - 1]];
            } else {
                self.before = [self.before[1], buf[cut - 1]];
            }
            return Ok(Next::Block(buf, offset, after_crlf));
        }
    }
}
