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
//! Speed: each pair is hashed by aHash hashers keyed at random per run (a hostile bill cannot aim its
//! ids at one bucket; several times faster than std's SipHash-1-3 on a pair), its id and its interval
//! apart, so that an interval met again (lines come by the hour) is not hashed again. The
//! table is open addressing over 4-byte slots (an 11-bit tag of the second hash and the index of the
//! pair in a side vector, appended in reading order), indexed by the first hash: a lookup of a new
//! pair reads one slot in most cases and the side vector only on a tag match (1 in 2,048 slots read),
//! and a reader can touch the slots of the next lines first ([`LineIds::touch`]) so that their cache
//! misses overlap. Which lines are kept depends on their count only, so messages are the same every
//! run.

use ahash::RandomState;

/// Pairs kept for every line read first: 262,144.
pub const EXACT_IDS: usize = 1 << 18;
/// Beyond [`EXACT_IDS`], one pair in 64 (by its hash) is kept.
pub const SAMPLE: u64 = 64;
/// The most pairs kept: 1,048,576.
pub const MAX_IDS: usize = 1 << 20;

/// Bits of a slot holding the index of its pair plus one (0: an empty slot); the rest are the tag.
const INDEX_BITS: u32 = 21;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;
/// Slots of a new table; it doubles when half full.
const FIRST_SLOTS: usize = 1 << 12;

/// A kept pair (its 128-bit hash) and where its line was first read.
#[derive(Debug, Clone, Copy)]
struct Kept {
    key: (u64, u64),
    file: u32,
    row: u64,
}

/// The pairs read so far, by a 128-bit hash (two independent 64-bit hashes: a false repeat is as
/// likely as 2^-100 over a run's pairs).
#[derive(Debug, Default)]
pub struct LineIds {
    /// Open addressing (linear probing) by the first hash; at most half full.
    slots: Vec<u32>,
    kept: Vec<Kept>,
    keys: PairHasher,
    /// The last interval checked and its part of the hash (lines come in runs of one interval).
    last_interval: LastInterval,
    files: Vec<String>,
    /// Lines looked up (with an id).
    checked: u64,
}

/// The two keyed hashes of a run's pairs: a pair's is its id's and its interval's, each hashed by two
/// aHash hashers of its own (so a reader hashes each distinct interval once, not once a line).
#[derive(Debug, Clone, Default)]
pub struct PairHasher([RandomState; 4]);

impl PairHasher {
    /// The 128-bit hash of a line's id and interval; its first half is odd, so (0, 0) is never one
    /// (a reader may use it for a line without an id).
    pub fn pair(&self, id: &str, interval: &str) -> (u64, u64) {
        PairHasher::join(self.id(id), self.interval(interval))
    }

    /// The part of a pair's hash that is its id's.
    pub fn id(&self, id: &str) -> (u64, u64) {
        (self.0[0].hash_one(id), self.0[1].hash_one(id))
    }

    /// The part of a pair's hash that is its interval's.
    pub fn interval(&self, interval: &str) -> (u64, u64) {
        (self.0[2].hash_one(interval), self.0[3].hash_one(interval))
    }

    /// A pair's hash from its id's part and its interval's.
    pub fn join(id: (u64, u64), interval: (u64, u64)) -> (u64, u64) {
        ((id.0 ^ interval.0) | 1, id.1 ^ interval.1)
    }
}

/// The last interval hashed and its part of a pair's hash: lines come in runs of one interval, so a
/// reader hashes each run's interval once.
#[derive(Debug, Clone, Default)]
pub struct LastInterval(Option<(String, (u64, u64))>);

impl LastInterval {
    /// `interval`'s part of a pair's hash ([`PairHasher::interval`]), hashed only if it is not the
    /// last one.
    pub fn part(&mut self, keys: &PairHasher, interval: &str) -> (u64, u64) {
        match &mut self.0 {
            Some((last, part)) if last == interval => *part,
            slot => {
                let part = keys.interval(interval);
                let (last, kept) = slot.get_or_insert_with(Default::default);
                last.clear();
                last.push_str(interval);
                *kept = part;
                part
            }
        }
    }
}

fn tag(key: (u64, u64)) -> u32 {
    ((key.1 >> (64 - (32 - INDEX_BITS))) as u32) << INDEX_BITS
}

/// A repeated line: where its pair was first read.
#[derive(Debug, Clone, Copy)]
pub struct Repeat {
    file: u32,
    row: u64,
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
        let part = self.last_interval.part(&self.keys, interval);
        let key = PairHasher::join(self.keys.id(id), part);
        self.check_hashed(key, row)
            .map_err(|r| self.message(r, id, interval))
    }

    /// What hashes the pairs of this run (a reader may hash on another thread).
    pub fn hasher(&self) -> PairHasher {
        self.keys.clone()
    }

    /// The pairs kept.
    pub fn len(&self) -> usize {
        self.kept.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Fetches the slots `keys` start at into the cache (a prefetch: nothing waits for it), so
    /// that their cache misses overlap and are over when [`LineIds::check_hashed`] looks them up;
    /// returns a value of no meaning.
    pub fn touch(&self, keys: impl Iterator<Item = (u64, u64)>) -> u32 {
        let mask = self.slots.len().wrapping_sub(1);
        for k in keys {
            let slot = self.slots.as_ptr().wrapping_add(k.0 as usize & mask);
            // SAFETY: a prefetch only hints the cache; it reads nothing and never faults.
            #[cfg(target_arch = "x86_64")]
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(slot.cast());
            }
            #[cfg(not(target_arch = "x86_64"))]
            let _ = slot;
        }
        0
    }

    /// [`LineIds::check`] of a line with an id whose pair `key` is already hashed by
    /// [`LineIds::hasher`]; a repeat says where the pair was first read ([`LineIds::message`]).
    pub fn check_hashed(&mut self, key: (u64, u64), row: u64) -> Result<(), Repeat> {
        self.checked += 1;
        let mask = self.slots.len().wrapping_sub(1);
        let tag = tag(key);
        let mut i = key.0 as usize & mask;
        let empty = loop {
            let Some(&s) = self.slots.get(i) else {
                break None;
            };
            if s == 0 {
                break Some(i);
            }
            if s & !INDEX_MASK == tag {
                if let Some(k) = self.kept.get(((s & INDEX_MASK) - 1) as usize) {
                    if k.key == key {
                        return Err(Repeat {
                            file: k.file,
                            row: k.row,
                        });
                    }
                }
            }
            i = (i + 1) & mask;
        };
        let keep = self.kept.len() < EXACT_IDS
            || (self.kept.len() < MAX_IDS && self.checked.is_multiple_of(SAMPLE));
        if keep {
            let file = u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX);
            self.kept.push(Kept { key, file, row });
            match empty {
                Some(i) if 2 * self.kept.len() <= self.slots.len() => {
                    self.slots[i] = tag | self.kept.len() as u32;
                }
                _ => self.grow(),
            }
        }
        Ok(())
    }

    /// Doubles the slots (or makes the first ones) and puts every kept pair back.
    fn grow(&mut self) {
        let mut n = self.slots.len().max(FIRST_SLOTS / 2) * 2;
        while 2 * self.kept.len() > n {
            n *= 2;
        }
        self.slots = vec![0; n];
        let mask = n - 1;
        for (j, k) in self.kept.iter().enumerate() {
            let mut i = k.key.0 as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = tag(k.key) | (j as u32 + 1);
        }
    }

    /// The message of a repeat of the pair `id`, `interval`.
    pub fn message(&self, r: Repeat, id: &str, interval: &str) -> String {
        let file = self.files.get(r.file as usize).map_or("?", |s| s.as_str());
        let this = self.files.last().map_or("?", |s| s.as_str());
        let place = if file == this {
            format!("row {} of this file", r.row)
        } else {
            format!("row {} of {file}", r.row)
        };
        let id: String = id.chars().take(64).collect();
        let interval: String = interval.chars().take(64).collect();
        format!(
            "line item '{id}'{} was already read at {place}: the same bill (or two deliveries of one month) was given twice, which would double it. Give each bill line once (the latest delivery of a month replaces the earlier ones)",
            if interval.is_empty() {
                String::new()
            } else {
                format!(" for the interval {interval}")
            }
        )
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
        let n = ids.len();
        assert!(n > EXACT_IDS && n < EXACT_IDS + 200_000 / 32, "{n}");
        assert!(ids.slots.len() <= 4 * n, "{}", ids.slots.len());
        // Every pair of the first EXACT_IDS lines is still caught, where it was read.
        let e = ids.check("id0", "", 1).unwrap_err();
        assert!(
            e.contains("'id0' was already read at row 1 of this file"),
            "{e}"
        );
        let last = format!("id{}", EXACT_IDS - 1);
        let e = ids.check(&last, "", 1).unwrap_err();
        assert!(
            e.contains(&format!("at row {EXACT_IDS} of this file")),
            "{e}"
        );
    }

    #[test]
    fn pairs_sharing_a_slot_and_a_tag_are_told_apart_by_their_whole_hash() {
        let mut ids = LineIds::default();
        ids.begin_file("a.csv");
        // Same first hash (same slot), second hashes with the same top bits (same tag).
        let (a, b, c) = ((5, 7), (5, 8), (5 + (1 << 40), 7));
        assert_eq!(tag(a), tag(b));
        ids.check_hashed(a, 1).unwrap();
        ids.check_hashed(b, 2).unwrap();
        ids.check_hashed(c, 3).unwrap();
        // Enough others to grow the table several times; the three are still found where they were.
        for i in 0..10_000u64 {
            ids.check_hashed((i * 2 + 11, i), 10 + i).unwrap();
        }
        for (k, row) in [(a, 1), (b, 2), (c, 3)] {
            let r = ids.check_hashed(k, 99).unwrap_err();
            assert_eq!(r.row, row);
        }
        assert_eq!(ids.len(), 10_003);
        // A line without an id never hashes to (0, 0).
        assert_eq!(ids.hasher().pair("", "").0 & 1, 1);
    }
}
