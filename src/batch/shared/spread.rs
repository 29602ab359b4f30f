//! The shared mode's passes after pass 1 on `--threads N` threads. The main thread reads the spill's
//! segments (`spill::Segment`: a pass-1 block or 8192 rows each) in order and hands their bytes to N
//! workers, which do the arithmetic: the allocation's floors and remainders' histograms (each worker
//! its own, added up at the end of the pass: sums, minima and maxima do not depend on the order), and
//! the writing pass's rows (`--summary`), each segment's output handed to `threads::Writer`, which
//! writes the segments in input order as it writes separate accounts' blocks.
//!
//! The one thing of the writing pass that depends on the rows before a segment: when some but not all
//! of a pool's rows at its threshold get an extra cent (`alloc::Rule::in_order`), the first ones in
//! input order do. The main thread then counts each segment's rows at the threshold of such pools
//! before handing it out, and the worker starts from the count of the segments before it.

use std::collections::BTreeMap;
use std::sync::{mpsc, Mutex};

use rust_decimal::Decimal;

use super::{proportion, spill_changed, too_large, write_share, Pools};
use crate::batch::alloc::{self, Apply, Rule};
use crate::batch::fast;
use crate::batch::job::Job;
use crate::batch::sink::Sink;
use crate::batch::spill::{decode, map_pools, text_at, Entry, Spill};
use crate::batch::threads::{Buffers, Writer};
use crate::error::{Error, Result};
use crate::io::progress::{Counts, Progress};

/// A segment for a worker: its rows' and output cells' bytes, its pool map and what the main thread
/// worked out for it before handing it out.
struct Seg<'s, P> {
    seq: u64,
    rows: Vec<u8>,
    text: Vec<u8>,
    map: Option<&'s [usize]>,
    prep: P,
}

/// What a worker sends back: the segment's number, its result and its buffers.
type Back<O> = (u64, Result<O>, Vec<u8>, Vec<u8>);

/// Runs `work` over the spill's segments (`text`: with their output cells) on `threads` workers (each
/// with its own `state()`); `prep`
/// sees each segment's rows on the main thread before it is handed out, in input order, and `merge`
/// takes the results in input order. Returns the workers' states.
fn run<'s, S: Send, P: Send, O: Send>(
    (spill, text): (&'s Spill, bool),
    threads: usize,
    mut prep: impl FnMut(&[u8], Option<&[usize]>) -> Result<P>,
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &Seg<'s, P>) -> Result<O> + Sync,
    mut merge: impl FnMut(O) -> Result<()>,
) -> Result<Vec<S>> {
    let mut segs = spill.read_segments(text)?;
    let (work_tx, work_rx) = mpsc::channel::<Seg<'s, P>>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<Back<O>>();
    std::thread::scope(|sc| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (done_tx, work_rx, state, work) = (done_tx.clone(), &work_rx, &state, &work);
                sc.spawn(move || {
                    let mut st = state();
                    while let Some(seg) = work_rx.lock().ok().and_then(|rx| rx.recv().ok()) {
                        let out = work(&mut st, &seg);
                        if done_tx.send((seg.seq, out, seg.rows, seg.text)).is_err() {
                            break;
                        }
                    }
                    st
                })
            })
            .collect();
        drop(done_tx);
        // Hands out segments while fewer than 2N + 1 are out; merges the results as their turn comes.
        let drive = || -> Result<()> {
            let work_tx = work_tx;
            let most = 2 * threads as u64 + 1;
            let (mut sent, mut next) = (0u64, 0u64);
            let mut waiting: BTreeMap<u64, Result<O>> = BTreeMap::new();
            let mut spare: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
            let mut ended = false;
            loop {
                while !ended && sent - next < most {
                    let (mut rows, mut text) = spare.pop().unwrap_or_default();
                    let Some(s) = segs.next(&mut rows, &mut text)? else {
                        ended = true;
                        break;
                    };
                    let map = s.map.as_deref();
                    let prep = prep(&rows, map)?;
                    let seg = Seg {
                        seq: sent,
                        rows,
                        text,
                        map,
                        prep,
                    };
                    work_tx.send(seg).map_err(|_| stopped())?;
                    sent += 1;
                }
                if sent == next {
                    return Ok(());
                }
                let (seq, out, rows, text) = done_rx.recv().map_err(|_| stopped())?;
                spare.push((rows, text));
                waiting.insert(seq, out);
                while let Some(out) = waiting.remove(&next) {
                    next += 1;
                    merge(out?)?;
                }
            }
        };
        let result = drive();
        // The workers end once the work channel is closed (dropped with `drive`) and drained.
        while done_rx.recv().is_ok() {}
        let states = workers
            .into_iter()
            .map(|w| w.join().map_err(|_| stopped()))
            .collect::<Result<Vec<S>>>();
        result.and(states)
    })
}

fn stopped() -> Error {
    Error::Other("a batch worker stopped".into())
}

/// One pass of the allocation over the spill on `threads` workers: each pool's floors (the first
/// pass) and its remainders' histogram, added to `pools`.
pub(super) fn allocation_pass(
    pools: &mut Pools,
    spill: &Spill,
    threads: usize,
    first: bool,
) -> Result<()> {
    let bills: Vec<(u128, u128)> = pools.list.iter().map(|p| (p.cents, p.volume)).collect();
    let fresh: Vec<(u128, alloc::Select)> = pools
        .list
        .iter()
        .map(|p| (0, p.select.empty_like()))
        .collect();
    let observe = |st: &mut Vec<(u128, alloc::Select)>, seg: &Seg<()>| -> Result<()> {
        let (mut at, mut e): (usize, Entry) = (0, [(0, 0); 2]);
        while at < seg.rows.len() {
            let (n, used) = decode(&seg.rows[at..], &mut e)?;
            at += used;
            map_pools(&mut e[..n], seg.map)?;
            for &(p, u) in &e[..n] {
                let (&(cents, volume), slot) =
                    bills.get(p).zip(st.get_mut(p)).ok_or_else(spill_changed)?;
                let (f, r) = alloc::split(cents, u, volume).ok_or_else(too_large)?;
                slot.0 += f;
                slot.1.observe(r);
            }
        }
        Ok(())
    };
    let states = run(
        (spill, false),
        threads,
        |_, _| Ok(()),
        || fresh.clone(),
        observe,
        |()| Ok(()),
    )?;
    for st in states {
        for (pool, (floors, select)) in pools.list.iter_mut().zip(st) {
            if first {
                pool.floors += floors;
            }
            pool.select.absorb(&select);
        }
    }
    Ok(())
}

impl Job<'_, '_> {
    /// The last pass of `--summary` on `threads` workers: as `write_summary` writes it, each segment's
    /// rows formatted by a worker and written in input order by `Writer`.
    pub(super) fn write_summary_threads(
        &mut self,
        out: &mut Sink,
        pools: &Pools,
        rules: &[Rule],
        spill: &Spill,
    ) -> Result<()> {
        let bar = Progress::new(
            self.opts.progress,
            Some(spill.segments().len() as u64),
            "pass 2: writing",
            Counts::Rows,
        );
        let outs = Buffers::default();
        let writer = Writer::new(out.handle()?);
        let ordered: Vec<usize> = (0..rules.len()).filter(|&p| rules[p].in_order()).collect();
        let mut ties = vec![0u128; rules.len()];
        // The rows at the threshold of each in-order pool before each segment.
        let count_ties = |rows: &[u8], map: Option<&[usize]>| -> Result<Vec<u128>> {
            if ordered.is_empty() {
                return Ok(Vec::new());
            }
            let before = ties.clone();
            let (mut at, mut e): (usize, Entry) = (0, [(0, 0); 2]);
            while at < rows.len() {
                let (n, used) = decode(&rows[at..], &mut e)?;
                at += used;
                map_pools(&mut e[..n], map)?;
                for &(p, u) in &e[..n] {
                    let (pool, rule) = pools
                        .list
                        .get(p)
                        .zip(rules.get(p))
                        .ok_or_else(spill_changed)?;
                    if rule.in_order() {
                        let (_, r) =
                            alloc::split(pool.cents, u, pool.volume).ok_or_else(too_large)?;
                        ties[p] += u128::from(r == rule.threshold);
                    }
                }
            }
            Ok(before)
        };
        let format = |_: &mut (), seg: &Seg<Vec<u128>>| -> Result<Vec<u8>> {
            let mut buf = outs.get();
            match summary_rows(&mut buf, pools, rules, seg) {
                Ok(()) => Ok(writer.hand(seg.seq, buf, false, &outs)),
                Err(e) => {
                    writer.hand(seg.seq, buf, true, &outs);
                    Err(e)
                }
            }
        };
        let mut done = 0u64;
        let write = |buf: Vec<u8>| -> Result<()> {
            if let Some(e) = writer.failed() {
                return Err(out.write_error(e));
            }
            // Empty when a worker wrote it.
            out.rows(&buf)?;
            if buf.capacity() > 0 {
                outs.put(buf);
            }
            done += 1;
            bar.update(done, done);
            Ok(())
        };
        run(
            (spill, true),
            self.opts.threads,
            count_ties,
            || (),
            format,
            write,
        )?;
        bar.finish();
        match writer.failed() {
            Some(e) => Err(out.write_error(e)),
            None => Ok(()),
        }
    }
}

/// A segment's summary rows, as `write_summary` writes them: each rated row's cells, its exact share
/// and its cents.
fn summary_rows(
    buf: &mut Vec<u8>,
    pools: &Pools,
    rules: &[Rule],
    seg: &Seg<Vec<u128>>,
) -> Result<()> {
    let mut applies: Vec<Apply> = rules
        .iter()
        .enumerate()
        .map(|(p, &rule)| Apply::after(rule, seg.prep.get(p).copied().unwrap_or(0)))
        .collect();
    let (mut at, mut t, mut e): (usize, usize, Entry) = (0, 0, [(0, 0); 2]);
    while at < seg.rows.len() {
        let (k, used) = decode(&seg.rows[at..], &mut e)?;
        at += used;
        if k == 0 {
            continue; // rejected in pass 1: left out
        }
        map_pools(&mut e[..k], seg.map)?;
        let mut share = Decimal::ZERO;
        let mut cents_sum: u128 = 0;
        for &(p, u) in &e[..k] {
            let (pool, apply) = pools
                .list
                .get(p)
                .zip(applies.get_mut(p))
                .ok_or_else(spill_changed)?;
            let (f, r) = alloc::split(pool.cents, u, pool.volume).ok_or_else(too_large)?;
            cents_sum += f + u128::from(apply.extra(r));
            share += proportion(pool.exact, u, pool.volume)?;
        }
        text_at(&seg.text, &mut t, buf)?;
        write_share(buf, share)?;
        buf.push(b',');
        fast::write_cents_int(buf, cents_sum);
        buf.push(b'\n');
    }
    Ok(())
}
