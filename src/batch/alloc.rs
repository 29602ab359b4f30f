//! Largest-remainder allocation of a shared account's bill over millions of rows, in constant memory.
//!
//! A pool (one account's meter: region x API kind x meter) has volume `V` (the sum of its rows' units)
//! and a bill of `C` cents. Row i with `v_i` units gets `floor(C x v_i / V)` cents plus one more if its
//! remainder `r_i = (C x v_i) mod V` is among the `k = C - sum(floors)` largest (ties to the earlier
//! row): Hamilton's method, exact in integers, and the rows add up to `C` exactly.
//!
//! Keeping every remainder would cost 16 bytes a row. Instead the k-th largest remainder is found by
//! selection over passes of the input: each pass builds a histogram (count, min, max per bucket) of the
//! remainders still in question, keeps the bucket where the k-th falls and narrows to its [min, max].
//! It ends when that bucket holds one distinct value (or exactly the rows still needed). The result is a
//! `Rule` that decides each row's extra cent on the fly in the final pass: +1 if `r > threshold`, and
//! for `r == threshold` the first `tie_take` such rows in input order. Typical inputs need one or two
//! passes (equal shares resolve in the first); memory is `BUCKETS` x 40 bytes per unresolved pool.

/// Buckets of a selection histogram.
pub const BUCKETS: usize = 4096;

/// Decides a row's extra cent from its remainder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub threshold: u128,
    pub tie_take: u128,
}

impl Rule {
    /// Whether a row's extra cent depends on the rows before it: some but not all of the rows at the
    /// threshold get one (`tie_take` is `u128::MAX` when all do).
    pub fn in_order(&self) -> bool {
        self.tie_take != 0 && self.tie_take != u128::MAX
    }
}

/// Applies a `Rule` across the rows of a pool in input order.
#[derive(Debug, Clone)]
pub struct Apply {
    pub rule: Rule,
    ties_given: u128,
}

impl Apply {
    pub fn new(rule: Rule) -> Apply {
        Apply::after(rule, 0)
    }

    /// Applies `rule` from a row after `ties` rows at the threshold (rows read on another thread).
    pub fn after(rule: Rule, ties: u128) -> Apply {
        Apply {
            rule,
            ties_given: ties,
        }
    }

    /// Whether remainder `r` is at the threshold (a tie, counted by `extra`).
    #[inline]
    pub fn is_tie(&self, r: u128) -> bool {
        r == self.rule.threshold
    }

    /// Whether the next row (in input order) with remainder `r` gets the extra cent.
    #[inline]
    pub fn extra(&mut self, r: u128) -> bool {
        if r > self.rule.threshold {
            true
        } else if r == self.rule.threshold && self.ties_given < self.rule.tie_take {
            self.ties_given += 1;
            true
        } else {
            false
        }
    }
}

/// One row's floor and remainder in a pool of `volume` units billed `cents`.
#[inline]
pub fn split(cents: u128, units: u128, volume: u128) -> Option<(u128, u128)> {
    if volume == 0 {
        return Some((0, 0));
    }
    let p = cents.checked_mul(units)?;
    Some((p / volume, p % volume))
}

/// The selection of the k-th largest remainder of one pool, pass by pass.
#[derive(Debug, Clone)]
pub struct Select {
    /// Remainders still in question are in [lo, hi).
    lo: u128,
    hi: u128,
    /// Rows still to receive a cent from that range (`None` until the floors are summed).
    need: Option<u128>,
    width: u128,
    hist: Vec<(u64, u128, u128)>,
    pub rule: Option<Rule>,
}

impl Select {
    /// A selection over remainders in [0, volume).
    pub fn new(volume: u128) -> Select {
        let mut s = Select {
            lo: 0,
            hi: volume.max(1),
            need: None,
            width: 1,
            hist: Vec::new(),
            rule: None,
        };
        s.reset();
        s
    }

    fn reset(&mut self) {
        let span = self.hi - self.lo;
        self.width = span.div_ceil(BUCKETS as u128).max(1);
        self.hist.clear();
        self.hist.resize(BUCKETS, (0, u128::MAX, 0));
    }

    /// The same selection with nothing observed yet in this pass (a thread's share of the pass).
    pub fn empty_like(&self) -> Select {
        let mut s = self.clone();
        s.hist.iter_mut().for_each(|h| *h = (0, u128::MAX, 0));
        s
    }

    /// Adds what `other` (an `empty_like` copy) observed in this pass.
    pub fn absorb(&mut self, other: &Select) {
        for (h, o) in self.hist.iter_mut().zip(&other.hist) {
            h.0 += o.0;
            h.1 = h.1.min(o.1);
            h.2 = h.2.max(o.2);
        }
    }

    /// Counts one row's remainder (in input order) during a pass.
    #[inline]
    pub fn observe(&mut self, r: u128) {
        if self.rule.is_some() || r < self.lo || r >= self.hi {
            return;
        }
        let b = ((r - self.lo) / self.width) as usize;
        let h = &mut self.hist[b];
        h.0 += 1;
        h.1 = h.1.min(r);
        h.2 = h.2.max(r);
    }

    /// Sets how many rows get an extra cent (after the first pass has summed the floors).
    pub fn set_leftover(&mut self, k: u128) {
        self.need = Some(k);
    }

    /// Ends a pass: resolves the rule or narrows the range for another pass. Returns whether resolved.
    pub fn finish_pass(&mut self) -> bool {
        if self.rule.is_some() {
            return true;
        }
        let need = self.need.expect("leftover set after the first pass");
        if need == 0 {
            self.rule = Some(Rule {
                threshold: self.hi - 1,
                tie_take: 0,
            });
            self.hist = Vec::new();
            return true;
        }
        let mut above: u128 = 0;
        let mut found = None;
        for b in (0..BUCKETS).rev() {
            let c = u128::from(self.hist[b].0);
            if c > 0 && above + c >= need {
                found = Some(b);
                break;
            }
            above += c;
        }
        // The invariant (sum of remainders = k x V, each < V) guarantees the bucket exists; if a
        // caller broke it, everything in range gets a cent rather than a panic.
        let Some(b) = found else {
            self.rule = Some(Rule {
                threshold: self.lo,
                tie_take: u128::MAX,
            });
            self.hist = Vec::new();
            return true;
        };
        let (count, min, max) = self.hist[b];
        let need_here = need - above;
        if need_here == u128::from(count) {
            // Every row of the bucket gets a cent (also when they all tie: the rule is then free of
            // input order, `Rule::in_order`).
            self.rule = Some(Rule {
                threshold: min,
                tie_take: u128::MAX,
            });
        } else if min == max {
            self.rule = Some(Rule {
                threshold: min,
                tie_take: need_here,
            });
        } else {
            self.lo = min;
            self.hi = max + 1;
            self.need = Some(need_here);
            self.reset();
            return false;
        }
        self.hist = Vec::new();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Allocates `cents` over `units` with the streaming selection (as the driver does).
    fn streamed(cents: u128, units: &[u128]) -> Vec<u128> {
        let volume: u128 = units.iter().sum();
        let mut sel = Select::new(volume);
        let mut floors = 0;
        for &u in units {
            let (f, r) = split(cents, u, volume).unwrap();
            floors += f;
            sel.observe(r);
        }
        sel.set_leftover(cents - floors);
        let mut passes = 1;
        while !sel.finish_pass() {
            for &u in units {
                sel.observe(split(cents, u, volume).unwrap().1);
            }
            passes += 1;
            assert!(passes < 20);
        }
        let mut apply = Apply::new(sel.rule.unwrap());
        units
            .iter()
            .map(|&u| {
                let (f, r) = split(cents, u, volume).unwrap();
                f + u128::from(apply.extra(r))
            })
            .collect()
    }

    /// Hamilton's method with a sort, the reference.
    fn sorted(cents: u128, units: &[u128]) -> Vec<u128> {
        let volume: u128 = units.iter().sum();
        let parts: Vec<(u128, u128)> = units
            .iter()
            .map(|&u| split(cents, u, volume).unwrap())
            .collect();
        let mut k = cents - parts.iter().map(|p| p.0).sum::<u128>();
        let mut order: Vec<usize> = (0..units.len()).collect();
        order.sort_by(|&a, &b| parts[b].1.cmp(&parts[a].1).then(a.cmp(&b)));
        let mut out: Vec<u128> = parts.iter().map(|p| p.0).collect();
        for i in order {
            if k == 0 {
                break;
            }
            out[i] += 1;
            k -= 1;
        }
        out
    }

    /// `streamed` with the rows cut in two at `cut`, as `--threads 2` shares them out: each half
    /// observed into its own `empty_like` copy, the copies added up (`absorb`), and the second half's
    /// extra cents given from the ties of the first (`Apply::after`).
    fn streamed_in_two(cents: u128, units: &[u128], cut: usize) -> Vec<u128> {
        let volume: u128 = units.iter().sum();
        let mut sel = Select::new(volume);
        let mut floors = 0;
        let mut first = true;
        loop {
            for half in [&units[..cut], &units[cut..]] {
                let mut part = sel.empty_like();
                for &u in half {
                    let (f, r) = split(cents, u, volume).unwrap();
                    if first {
                        floors += f;
                    }
                    part.observe(r);
                }
                sel.absorb(&part);
            }
            if first {
                sel.set_leftover(cents - floors);
                first = false;
            }
            if sel.finish_pass() {
                break;
            }
        }
        let rule = sel.rule.unwrap();
        let ties = units[..cut]
            .iter()
            .filter(|&&u| split(cents, u, volume).unwrap().1 == rule.threshold)
            .count() as u128;
        let mut out = Vec::new();
        for (half, mut apply) in [
            (&units[..cut], Apply::new(rule)),
            (&units[cut..], Apply::after(rule, ties)),
        ] {
            for &u in half {
                let (f, r) = split(cents, u, volume).unwrap();
                out.push(f + u128::from(apply.extra(r)));
            }
        }
        out
    }

    #[test]
    fn equal_shares_cut_in_two_give_the_first_rows_the_cents() {
        let units = vec![300_000u128; 2000];
        let got = streamed_in_two(57_000, &units, 700);
        assert_eq!(got, streamed(57_000, &units));
        assert!(got[..1000].iter().all(|&c| c == 29));
        let mut sel = Select::new(600_000_000);
        sel.observe(0);
        sel.set_leftover(0);
        assert!(sel.finish_pass());
        assert!(!sel.rule.unwrap().in_order(), "no row gets a cent");
    }

    #[test]
    fn two_thousand_equal_shares_of_570_dollars() {
        let units = vec![300_000u128; 2000];
        let got = streamed(57_000, &units);
        assert_eq!(got.iter().sum::<u128>(), 57_000);
        assert!(got[..1000].iter().all(|&c| c == 29));
        assert!(got[1000..].iter().all(|&c| c == 28));
    }

    #[test]
    fn zero_volume_and_zero_cents() {
        assert_eq!(streamed(0, &[0, 0]), vec![0, 0]);
        assert_eq!(streamed(0, &[5, 7]), vec![0, 0]);
        assert_eq!(streamed(100, &[1, 0, 1]), vec![50, 0, 50]);
    }

    proptest! {
        #[test]
        fn streaming_selection_equals_sorting(
            cents in 0u128..10_000_000,
            units in proptest::collection::vec(prop_oneof![0u128..10, 0u128..1_000_000_000, Just(300_000u128)], 1..3000),
        ) {
            let volume: u128 = units.iter().sum();
            prop_assume!(volume > 0);
            let got = streamed(cents, &units);
            prop_assert_eq!(got.iter().sum::<u128>(), cents);
            prop_assert_eq!(got, sorted(cents, &units));
        }

        #[test]
        fn selection_cut_in_two_equals_sorting(
            cents in 0u128..10_000_000,
            units in proptest::collection::vec(prop_oneof![0u128..10, 0u128..1_000_000_000, Just(300_000u128)], 1..3000),
            cut in 0usize..3000,
        ) {
            let volume: u128 = units.iter().sum();
            prop_assume!(volume > 0);
            let cut = cut.min(units.len());
            prop_assert_eq!(streamed_in_two(cents, &units, cut), sorted(cents, &units));
        }
    }
}
