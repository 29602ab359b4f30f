//! A bill's CSV split into records 64 bytes at a time, giving exactly the records csv-core gives with
//! the bill reader's settings (flexible, records ended by `\n` only, quote `"` escaped by doubling it,
//! no comments): the same fields, the same records (an empty line is none, a line `\r` is one) and the
//! same line numbers (`csv::Position::line` of a record: one plus the line breaks before the end of
//! the record before it).
//!
//! The input is read into blocks of about [`BLOCK`] bytes, reused, each by reads of [`READ`] bytes
//! (the csv crate's buffer: a read that fails, as [`crate::io::LineBound`] past its bound or a
//! damaged gzip, fails at the same place, after the same records). Each 64-byte window of a block is
//! turned into three bit masks (`"`, `,`, `\n`); the bytes inside quotes are the prefix-xor of the
//! quote mask, and the commas and line breaks outside them end fields and records. A field is a range
//! of the block (no copy), or, when a quoted field holds a doubled quote, its unescaped bytes in a side
//! buffer. A field that is neither plain (no quote) nor quoted the simple way (a quote at its start and
//! one at its end, doubled quotes between) is read by csv-core instead, its whole record (from where
//! the record before it ended), and splitting goes on from the end of that record. Every field of a
//! record split here is one of those two kinds, and for them csv-core ends the field and the record
//! at the same byte, so both give the same records.

use std::io::{self, Read};

/// Bytes asked of the reader at a time: as much as the csv crate's buffer holds (the bill reader's
/// `buffer_capacity`), so a reader that fails does so at the same read.
pub const READ: usize = 1 << 17;
/// Bytes a block is filled to before it is split: 1 MiB (a record longer than that grows the block).
pub const BLOCK: usize = 1 << 20;
/// A field's start with this bit set is in the side buffer.
const SIDE: u32 = 1 << 31;
/// The longest record, quoted line breaks and all: 32 MiB, two lines at the bill reader's line bound
/// (16 MiB, `text.rs`). Lines are bounded by the reader beneath; a quote left open swallows the lines
/// after it into one record, which stops here instead of growing with the file.
pub const MAX_RECORD: usize = 32 << 20;
/// The most bytes of one block: a record at the bound, and the block it started in.
const MAX_BLOCK: usize = MAX_RECORD + BLOCK;

/// Records split from a block of the input: the block's bytes, and each record's fields.
#[derive(Debug, Default)]
pub struct Block {
    data: Vec<u8>,
    /// The bytes of `data` read (the rest is room for the next reads).
    len: usize,
    /// Fields unescaped (a doubled quote) or read by csv-core.
    side: Vec<u8>,
    /// Each field's start and end in `data` (or in `side`, the start flagged [`SIDE`]).
    fields: Vec<(u32, u32)>,
    /// Each record's first field, its line and whether a field holds a line break.
    recs: Vec<RecAt>,
}

#[derive(Debug, Clone, Copy)]
struct RecAt {
    first: u32,
    multiline: bool,
    line: u64,
}

/// One record of a [`Block`].
#[derive(Clone, Copy)]
pub struct Record<'a> {
    block: &'a Block,
    fields: &'a [(u32, u32)],
    at: RecAt,
}

impl<'a> Record<'a> {
    /// Its number of fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Its field `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        let &(s, e) = self.fields.get(i)?;
        Some(self.block.bytes(s, e))
    }

    /// Its fields, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + 'a {
        let block = self.block;
        self.fields.iter().map(move |&(s, e)| block.bytes(s, e))
    }

    /// The line it starts on, as `csv::Position::line` counts it.
    pub fn line(&self) -> u64 {
        self.at.line
    }

    /// Whether one of its fields holds a line break (a quoted one).
    pub fn multiline(&self) -> bool {
        self.at.multiline
    }
}

impl Block {
    #[inline]
    fn bytes(&self, s: u32, e: u32) -> &[u8] {
        if s & SIDE == 0 {
            &self.data[s as usize..e as usize]
        } else {
            &self.side[(s & !SIDE) as usize..e as usize]
        }
    }

    /// Its number of records.
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// Its record `i` (`i < len()`).
    pub fn record(&self, i: usize) -> Record<'_> {
        let at = self.recs[i];
        let end = self
            .recs
            .get(i + 1)
            .map_or(self.fields.len(), |r| r.first as usize);
        Record {
            block: self,
            fields: &self.fields[at.first as usize..end],
            at,
        }
    }

    /// Its records, in order.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> + '_ {
        (0..self.len()).map(|i| self.record(i))
    }

    fn clear(&mut self) {
        self.len = 0;
        self.side.clear();
        self.fields.clear();
        self.recs.clear();
    }

    /// Adds a field of the side buffer, from `s` to its end.
    fn push_side(&mut self, s: usize) {
        self.fields.push((s as u32 | SIDE, self.side.len() as u32));
    }
}

/// How a block's splitting ended.
#[derive(Debug)]
pub enum Status {
    /// More records follow.
    More,
    /// The input has ended: these were its last records.
    End,
    /// Reading failed after these records.
    Failed(io::Error),
}

/// Splits a bill's CSV into blocks of records.
pub struct Splitter<R> {
    inner: R,
    /// Reads the header, and the records the split cannot (it is then where they ended).
    core: csv_core::Reader,
    cur: Block,
    /// Where the next record's read starts in `cur` (the end of the one before).
    at: usize,
    /// `core.line()` at `at`: one plus the line breaks before it.
    line: u64,
    eof: bool,
    /// csv-core has said the input ended (its header was its last record or none).
    done: bool,
    error: Option<io::Error>,
    read: usize,
    block: usize,
    out: Vec<u8>,
    ends: Vec<usize>,
}

/// The reader csv-core is for a bill (what `csv::ReaderBuilder` builds in `text.rs`).
fn core() -> csv_core::Reader {
    csv_core::ReaderBuilder::new()
        .terminator(csv_core::Terminator::Any(b'\n'))
        .build()
}

/// A new [`core`] as it is between two records of a file: at the start of a record, its byte order
/// mark already looked for (it reads a line break: an empty line, skipped).
fn primed() -> csv_core::Reader {
    let mut c = core();
    let _ = c.read_record(b"\n", &mut [0u8; 1], &mut [0usize; 1]);
    c
}

/// The bits of the bytes of `w` that are `"`, `\n` and `,`: 16 bytes compared at once by SSE2.
/// LLVM does not turn [`mask`]'s loop into SSE2's byte-mask instruction (it widens each byte to 64
/// bits instead: the splitter took twice the csv crate's time so).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[inline(always)]
fn masks(w: &[u8; 64]) -> (u64, u64, u64) {
    // SAFETY: the function only needs SSE2, which this build has (the `cfg` above: every x86-64
    // has it); it reads `w` through safe code only.
    unsafe { masks_sse2(w) }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[target_feature(enable = "sse2")]
fn masks_sse2(w: &[u8; 64]) -> (u64, u64, u64) {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8, _mm_set_epi64x};
    // Loaded from two 8-byte words (no pointer read): LLVM joins them into one 16-byte load.
    let word = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&w[i..i + 8]);
        i64::from_le_bytes(b)
    };
    let (quote, nl, comma) = (
        _mm_set1_epi8(b'"' as i8),
        _mm_set1_epi8(b'\n' as i8),
        _mm_set1_epi8(b',' as i8),
    );
    let (mut q, mut n, mut c) = (0u64, 0u64, 0u64);
    for k in 0..4 {
        let v = _mm_set_epi64x(word(16 * k + 8), word(16 * k));
        let bits = |x| u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(v, x)) as u16) << (16 * k);
        q |= bits(quote);
        n |= bits(nl);
        c |= bits(comma);
    }
    (q, n, c)
}

/// The bits of the bytes of `w` that are `"`, `\n` and `,`.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
#[inline(always)]
fn masks(w: &[u8; 64]) -> (u64, u64, u64) {
    (mask(w, b'"'), mask(w, b'\n'), mask(w, b','))
}

/// The bit of each byte of `w` that is `b`.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
#[inline(always)]
fn mask(w: &[u8; 64], b: u8) -> u64 {
    let mut m = 0u64;
    for (i, &x) in w.iter().enumerate() {
        m |= u64::from(x == b) << i;
    }
    m
}

/// Each bit the xor of the bits up to it (a bit of `q` opens or closes a quoted run).
#[inline(always)]
fn prefix_xor(mut x: u64) -> u64 {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    x
}

/// The number of bits set, without counting when there is none (x86-64 as built has no popcount
/// instruction: `count_ones` is a dozen instructions, and most windows have no quote or line break).
#[inline(always)]
fn ones(x: u64) -> u64 {
    if x == 0 {
        0
    } else {
        u64::from(x.count_ones())
    }
}

/// The bits below bit `t` (t < 64).
#[inline(always)]
fn below(t: u32) -> u64 {
    (1u64 << t) - 1
}

impl<R: Read> Splitter<R> {
    pub fn new(inner: R) -> Splitter<R> {
        Splitter::with_sizes(inner, READ, BLOCK)
    }

    /// A splitter reading `read` bytes at a time into blocks of `block` bytes (tests use tiny ones).
    pub fn with_sizes(inner: R, read: usize, block: usize) -> Splitter<R> {
        Splitter {
            inner,
            core: core(),
            cur: Block::default(),
            at: 0,
            line: 1,
            eof: false,
            done: false,
            error: None,
            read: read.max(1),
            block: block.max(1),
            out: vec![0; 1024],
            ends: vec![0; 64],
        }
    }

    /// One more read into the current block (none once the input has ended or failed).
    fn read_more(&mut self) {
        if self.eof || self.error.is_some() {
            return;
        }
        let b = &mut self.cur;
        if b.len + self.read > MAX_BLOCK {
            self.error = Some(io::Error::new(
                io::ErrorKind::InvalidData,
                "a record longer than 32 MiB (a quoted field running across lines: a quote left open?)",
            ));
            return;
        }
        if b.data.len() < b.len + self.read {
            b.data.resize(b.len + self.read, 0);
        }
        match self.inner.read(&mut b.data[b.len..b.len + self.read]) {
            Ok(0) => self.eof = true,
            Ok(n) => b.len += n,
            Err(e) => self.error = Some(e),
        }
    }

    /// The first record (the header): read by csv-core as the csv crate reads it (it skips a UTF-8
    /// byte order mark at the start of the first read). Empty when the input is.
    pub fn header(&mut self) -> io::Result<Vec<Vec<u8>>> {
        let (mut nout, mut nend) = (0, 0);
        loop {
            if self.at == self.cur.len {
                self.read_more();
                if let Some(e) = self.error.take() {
                    return Err(e);
                }
            }
            let input = &self.cur.data[self.at..self.cur.len];
            let (res, nin, o, e) =
                self.core
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nend..]);
            self.at += nin;
            nout += o;
            nend += e;
            match res {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                csv_core::ReadRecordResult::Record | csv_core::ReadRecordResult::End => {
                    if matches!(res, csv_core::ReadRecordResult::End) {
                        // No record, ever after (the csv crate reads nothing more; a first read of
                        // only a byte order mark ends the input so).
                        self.done = true;
                    }
                    self.line = self.core.line();
                    let mut start = 0;
                    return Ok(self.ends[..nend]
                        .iter()
                        .map(|&e| {
                            let f = self.out[start..e].to_vec();
                            start = e;
                            f
                        })
                        .collect());
                }
            }
        }
    }

    /// The next records, in `spare`'s buffers (a block given back), and how the splitting ended.
    pub fn next_block(&mut self, mut spare: Block) -> (Block, Status) {
        if self.done {
            spare.clear();
            return (spare, Status::End);
        }
        if self.cur.len - self.at < self.block {
            self.fill(self.block);
        }
        loop {
            let at = self.at;
            let eof = self.eof && self.error.is_none();
            self.at = self.split(at, eof);
            if !self.cur.recs.is_empty() || self.eof || self.error.is_some() {
                break;
            }
            // No whole record in the block: more of it (twice as much each time).
            let want = self.cur.len + self.read.max(self.cur.len - self.at);
            self.fill(want);
        }
        // The unread rest starts the next block.
        spare.clear();
        let rest = self.cur.len - self.at;
        if spare.data.len() < rest.max(self.block) + self.read {
            spare.data.resize(rest.max(self.block) + self.read, 0);
        }
        spare.data[..rest].copy_from_slice(&self.cur.data[self.at..self.cur.len]);
        spare.len = rest;
        self.at = 0;
        let full = std::mem::replace(&mut self.cur, spare);
        let status = match self.error.take() {
            Some(e) => Status::Failed(e),
            None if self.eof && rest == 0 => Status::End,
            None => Status::More,
        };
        (full, status)
    }

    /// Reads until the block holds `want` bytes, the input ends or a read fails.
    fn fill(&mut self, want: usize) {
        while self.cur.len < want && !self.eof && self.error.is_none() {
            self.read_more();
        }
    }

    /// Splits the records of the current block from `at` (where a record's read starts); `eof`: no
    /// more input follows. Returns where the first record not split starts.
    fn split(&mut self, mut at: usize, eof: bool) -> usize {
        loop {
            match self.fast(at, eof) {
                Ok(end) => return end,
                Err(p) => match self.slow(p, eof) {
                    Some(end) => at = end,
                    None => return p,
                },
            }
        }
    }

    /// Splits records from `at` by the masks; `Err(p)`: the record whose read starts at `p` is
    /// csv-core's (its split records before it are kept).
    #[inline(never)]
    fn fast(&mut self, at: usize, eof: bool) -> Result<usize, usize> {
        let Block {
            data,
            len,
            side,
            fields,
            recs,
        } = &mut self.cur;
        let len = *len;
        let d = &data[..len];
        // Window start, the quote state carried into it, the line breaks before it.
        let mut o = at;
        let mut carry = 0u64;
        let mut nl = self.line - 1;
        // The record's read start, first field, side bytes, line breaks before it, whether it has a
        // quote before this window, this window's bits after its start; the field's start, quotes
        // before this window, this window's bits after its start. (Counted where there are some.)
        let mut call = at;
        let mut first = fields.len();
        let mut side_at = side.len();
        let mut rec_nl = nl;
        let mut rec_quoted = false;
        let mut rec_bits = !0u64;
        let mut fs = at;
        let mut fq = 0u64;
        let mut f_bits = !0u64;
        let mut pad = [0u8; 64];
        while o < len {
            let w = window(d, o, &mut pad);
            let (q, n, c) = masks(w);
            let inside = prefix_xor(q) ^ carry;
            carry = ((inside as i64) >> 63) as u64;
            let mut seps = (c | n) & !inside;
            while seps != 0 {
                let t = seps.trailing_zeros();
                seps &= seps - 1;
                let pos = o + t as usize;
                let after = (!0u64 << t) << 1;
                let is_nl = (n >> t) & 1 == 1;
                if is_nl && pos == fs && fields.len() == first {
                    // An empty line: no record (the line it counts is the next record's).
                    fs = pos + 1;
                    fq = 0;
                    f_bits = after;
                    rec_nl = nl + ones(n & below(t)) + 1;
                    continue;
                }
                let fq_here = q & below(t) & f_bits;
                let nq = if fq_here == 0 { fq } else { fq + ones(fq_here) };
                if !field(fields, side, d, fs, pos, nq) {
                    undo(fields, side, first, side_at);
                    return Err(call);
                }
                fs = pos + 1;
                fq = 0;
                f_bits = after;
                if is_nl {
                    let before = nl + ones(n & below(t));
                    recs.push(RecAt {
                        first: first as u32,
                        multiline: before != rec_nl,
                        line: self.line,
                    });
                    self.line = before + 2;
                    rec_nl = before + 1;
                    first = fields.len();
                    side_at = side.len();
                    call = pos + 1;
                    rec_quoted = false;
                    rec_bits = after;
                }
            }
            nl += ones(n);
            fq += ones(q & f_bits);
            rec_quoted |= q & rec_bits != 0;
            f_bits = !0;
            rec_bits = !0;
            o += 64;
        }
        if !eof {
            undo(fields, side, first, side_at);
            // A record not ended here is not ended in these bytes, unless a quote in it is odd
            // (then the masks may have missed its end): csv-core says.
            return if rec_quoted { Err(call) } else { Ok(call) };
        }
        // The input's end ends the last record (if it has a byte other than empty lines').
        if fs < len || fields.len() > first {
            if carry != 0 || !field(fields, side, d, fs, len, fq) {
                undo(fields, side, first, side_at);
                return Err(call);
            }
            recs.push(RecAt {
                first: first as u32,
                multiline: nl != rec_nl,
                line: self.line,
            });
            self.line = nl + 1;
        }
        Ok(len)
    }

    /// Reads the record whose read starts at `p` with csv-core; returns where it ended (the input's
    /// end when no record is left), or `None` when it needs more input than the block holds.
    #[cold]
    #[inline(never)]
    fn slow(&mut self, p: usize, eof: bool) -> Option<usize> {
        use csv_core::ReadRecordResult as R;
        self.core.set_line(self.line);
        let (mut nin, mut nout, mut nend) = (0, 0, 0);
        let b = &mut self.cur;
        loop {
            let input = &b.data[p + nin..b.len];
            if input.is_empty() && !eof {
                // The record goes on past the block: read again from its start once the block
                // holds more (csv-core's `Clone` copies only part of its tables: a new one).
                self.core = primed();
                return None;
            }
            let (res, i, o, e) =
                self.core
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nend..]);
            nin += i;
            nout += o;
            nend += e;
            match res {
                R::InputEmpty => {}
                R::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                R::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                R::Record => {
                    let first = b.fields.len() as u32;
                    let mut start = 0;
                    for &e in &self.ends[..nend] {
                        let s = b.side.len();
                        b.side.extend_from_slice(&self.out[start..e]);
                        b.push_side(s);
                        start = e;
                    }
                    b.recs.push(RecAt {
                        first,
                        multiline: self.out[..nout].contains(&b'\n'),
                        line: self.line,
                    });
                    self.line = self.core.line();
                    return Some(p + nin);
                }
                R::End => {
                    self.line = self.core.line();
                    return Some(b.len);
                }
            }
        }
    }
}

/// Takes back the fields (and their side bytes) of a record not split after all.
fn undo(fields: &mut Vec<(u32, u32)>, side: &mut Vec<u8>, first: usize, side_at: usize) {
    fields.truncate(first);
    side.truncate(side_at);
}

/// The 64 bytes of `d` from `o`, the end padded with zeros (which are none of `"`, `,`, `\n`).
#[inline(always)]
fn window<'a>(d: &'a [u8], o: usize, pad: &'a mut [u8; 64]) -> &'a [u8; 64] {
    match d.get(o..o + 64).and_then(|s| <&[u8; 64]>::try_from(s).ok()) {
        Some(w) => w,
        None => {
            *pad = [0; 64];
            let rest = &d[o..];
            pad[..rest.len()].copy_from_slice(rest);
            pad
        }
    }
}

/// Adds the field `d[fs..e]` holding `nq` quotes if it is plain or simply quoted; `false` if it is
/// csv-core's to read.
#[inline(always)]
fn field(
    fields: &mut Vec<(u32, u32)>,
    side: &mut Vec<u8>,
    d: &[u8],
    fs: usize,
    e: usize,
    nq: u64,
) -> bool {
    if nq == 0 {
        fields.push((fs as u32, e as u32));
        return true;
    }
    if !nq.is_multiple_of(2) || d[fs] != b'"' || d[e - 1] != b'"' {
        return false;
    }
    if nq == 2 {
        fields.push((fs as u32 + 1, e as u32 - 1));
        return true;
    }
    // Doubled quotes between the outer two: each stands for one.
    let s = side.len();
    let mut i = fs + 1;
    while i < e - 1 {
        let x = d[i];
        if x == b'"' {
            if d[i + 1] != b'"' {
                side.truncate(s);
                return false;
            }
            i += 1;
        }
        side.push(x);
        i += 1;
    }
    fields.push((s as u32 | SIDE, side.len() as u32));
    true
}

#[cfg(test)]
#[path = "csv_split_tests.rs"]
mod tests;
