//! Lines read twice: a CUR names each line by `identity_line_item_id` and `identity_time_interval`, so
//! the same pair met again means the same bill (or two deliveries of one month) was given twice, which
//! would double it without a word. [`LineIds`] remembers where each pair was first read.
//!
//! Bound: the pairs of the first [`EXACT_IDS`] lines a run reads are all kept (each repeat of those is
//! found at its first line), then the pair of one line in [`SAMPLE`] of the rest, up to [`MAX_IDS`]
//! pairs in all (about 40 MB); every line is looked up. A bill given twice repeats its first line, so
//! it is caught at once (and a second delivery in another order at the first kept pair it holds);
//! memory stays flat however many lines a run reads.
//!
//! Speed: each pair is hashed once by each of two aHash hashers keyed at random per run (a hostile
//! bill cannot aim its ids at one bucket; several times faster than std's SipHash-1-3 on a pair), and
//! the table indexes by the first hash as it is. Which lines are kept depends on their count only, so
//! messages are the same every run.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use ahash::RandomState;

/// Pairs kept for every line read first: 262,144.
pub const EXACT_IDS: usize = 1 << 18;
/// Beyond [`EXACT_IDS`], one pair in 64 (by its hash) is kept.
pub const SAMPLE: u64 = 64;
/// The most pairs kept: 1,048,576.
pub const MAX_IDS: usize = 1 << 20;

/// Where a line was first read.
#[derive(Debug, Clone, Copy)]
struct At {
    file: u32,
    row: u64,
}

/// The table's hasher: the key is already a keyed hash, its first half is the bucket.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Not reached for (u64, u64) keys; kept correct for any other use.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        // The first u64 written (the key's first hash) decides; the second is only compared.
        if self.0 == 0 {
            self.0 = v | 1;
        }
    }
}

/// The pairs read so far, by a 128-bit hash (two independent 64-bit hashes: a false repeat is as
/// likely as 2^-100 over a run's pairs).
#[derive(Debug, Default)]
pub struct LineIds {
    seen: HashMap<(u64, u64), At, BuildHasherDefault<Prehashed>>,
    keys: (RandomState, RandomState),
    files: Vec<String>,
    /// Lines looked up (with an id).
    checked: u64,
}

fn hash(key: &RandomState, id: &str, interval: &str) -> u64 {
    key.hash_one((id, interval))
}

/// The two keyed hashes of a run's pairs.
#[derive(Debug, Clone)]
pub struct PairHasher((RandomState, RandomState));

impl PairHasher {
    /// The 128-bit hash of a line's id and interval.
    pub fn pair(&self, id: &str, interval: &str) -> (u64, u64) {
        (
            hash(&self.0 .0, id, interval),
            hash(&self.0 .1, id, interval),
        )
    }
}

impl LineIds {
    /// A new file starts (its name is what a repeat's message cites).
    pub fn begin_file(&mut self, name: &str) {
        self.files.push(name.to_string());
    }

    /// Checks one line's identity (`id` empty: a line without one, not checked); an error names
    /// where the pair was first read.
    pub fn check(&mut self, id: &str, interval: &str, row: u64) -> Result<(), String> {
        if id.is_empty() {
            return Ok(());
        }
        let key = self.hasher().pair(id, interval);
        self.check_hashed(key, id, interval, row)
    }

    /// What hashes the pairs of this run (a reader may hash on another thread).
    pub fn hasher(&self) -> PairHasher {
        PairHasher(self.keys.clone())
    }

    /// [`LineIds::check`] of a non-empty `id` whose pair `key` is already hashed by [`LineIds::hasher`].
    pub fn check_hashed(
        &mut self,
        key: (u64, u64),
        id: &str,
        interval: &str,
        row: u64,
    ) -> Result<(), String> {
        self.checked += 1;
        if let Some(at) = self.seen.get(&key) {
            let file = self.files.get(at.file as usize).map_or("?", |s| s.as_str());
            let this = self.files.last().map_or("?", |s| s.as_str());
            let place = if file == this {
                format!("row {} of this file", at.row)
            } else {
                format!("row {} of {file}", at.row)
            };
            let id: String = id.chars().take(64).collect();
            let interval: String = interval.chars().take(64).collect();
            return Err(format!(
                "line item '{id}'{} was already read at {place}: the same bill (or two deliveries of one month) was given twice, which would double it. Give each bill line once (the latest delivery of a month replaces the earlier ones)",
                if interval.is_empty() {
                    String::new()
                } else {
                    format!(" for the interval {interval}")
                }
            ));
        }
        let keep = self.seen.len() < EXACT_IDS
            || (self.seen.len() < MAX_IDS && self.checked.is_multiple_of(SAMPLE));
        if keep {
            let file = u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX);
            self.seen.insert(key, At { file, row });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_pair_names_where_it_was_first_read() {
        let mut ids = LineIds::default();
        ids.begin_file("a.csv");
        ids.check("id1", "2026-10-01T00:00:00Z/2026-10-01T01:00:00Z", 1)
            .unwrap();
        // The same id in another hour is another line.
        ids.check("id1", "2026-10-01T01:00:00Z/2026-10-01T02:00:00Z", 2)
            .unwrap();
        ids.check("", "", 3).unwrap();
        ids.check("", "", 4).unwrap();
        ids.begin_file("b.csv");
        let e = ids
            .check("id1", "2026-10-01T00:00:00Z/2026-10-01T01:00:00Z", 1)
            .unwrap_err();
        assert!(e.contains("'id1' for the interval 2026-10-01T00:00:00Z/2026-10-01T01:00:00Z was already read at row 1 of a.csv"), "{e}");
    }

    #[test]
    fn memory_is_bounded_however_many_lines() {
        let mut ids = LineIds::default();
        ids.begin_file("big.csv");
        for i in 0..(EXACT_IDS as u64 + 200_000) {
            ids.check(&format!("id{i}"), "", i + 1).unwrap();
        }
        let n = ids.seen.len();
        assert!(n > EXACT_IDS && n < EXACT_IDS + 200_000 / 32, "{n}");
        // Every pair of the first EXACT_IDS lines is still caught.
        assert!(ids.check("id0", "", 1).is_err());
        assert!(ids.check(&format!("id{}", EXACT_IDS - 1), "", 1).is_err());
    }
}
