//! Lines summed by key as they stream past. Each distinct text (an account, a usage type) is kept
//! once and groups hold numbers for them, so a group costs about 150 bytes besides the texts (issue
//! 33: 260,000 groups once took 3.9 GB, ten owned strings and a copied key per group; 10^6 groups now
//! peak at 531 MB for the whole run, rating and listing included).

use std::collections::HashMap;
use std::rc::Rc;

use rust_decimal::Decimal;

use super::ids::LineIds;
use super::sum;
use super::{
    within_line_amount, BillLine, Charge, MAX_GROUPS, MAX_KEY_FIELD_BYTES, MAX_LINES,
    MAX_LINE_AMOUNT,
};

/// The most bytes of distinct key texts a run keeps: 128 MiB.
pub const MAX_TEXT_BYTES: usize = 128 << 20;

/// The key lines are summed under (texts shared between groups).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupKey {
    pub period: Rc<str>,
    pub payer: Rc<str>,
    pub account: Rc<str>,
    pub charge: Charge,
    pub line_type: Rc<str>,
    pub product: Rc<str>,
    pub usage_type: Rc<str>,
    pub operation: Rc<str>,
    pub region: Rc<str>,
    pub description: Rc<str>,
}

/// The sums of the lines of one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sums {
    pub usage: Decimal,
    pub cost: Decimal,
    /// Usage on lines billed at zero (free tier, credits applied as a rate of zero).
    pub free_usage: Decimal,
    pub lines: u64,
}

/// The texts of a key, each once.
#[derive(Debug, Default)]
struct Texts {
    ids: HashMap<Rc<str>, u32>,
    all: Vec<Rc<str>>,
    bytes: usize,
}

impl Texts {
    fn id(&mut self, s: &str) -> Result<u32, String> {
        if let Some(&i) = self.ids.get(s) {
            return Ok(i);
        }
        self.bytes += s.len();
        if self.bytes > MAX_TEXT_BYTES {
            return Err(format!(
                "more than {} MiB of distinct accounts, usage types, operations and descriptions; split the bill by month or account",
                MAX_TEXT_BYTES >> 20
            ));
        }
        let rc: Rc<str> = Rc::from(s);
        let i = self.all.len() as u32;
        self.all.push(rc.clone());
        self.ids.insert(rc, i);
        Ok(i)
    }
}

/// A key as text numbers: period, payer, account, line type, product, usage type, operation, region,
/// description; and the charge.
type Key = ([u32; 9], Charge);

/// Lines summed by key as they stream past; memory grows with the distinct keys only.
#[derive(Debug, Default)]
pub struct Aggregator {
    texts: Texts,
    index: HashMap<Key, u32>,
    groups: Vec<(Key, Sums)>,
    /// The currency of the first line, and the file it came from.
    pub currency: Option<(String, String)>,
    pub lines: u64,
    /// The line identities read, to refuse a bill given twice.
    pub ids: LineIds,
    /// The previous line's key: lines come in runs sharing most of their texts (one period, payer,
    /// product...), which are then compared, not hashed again.
    last: Option<(Key, u32)>,
}

impl Aggregator {
    pub fn new() -> Aggregator {
        Aggregator::default()
    }

    /// Adds a line; an error says what is wrong with it (the reader names the file and row).
    pub fn add(&mut self, l: &BillLine) -> Result<(), String> {
        let description = if l.charge == Charge::Usage {
            ""
        } else {
            l.description
        };
        let fields = [
            ("period", l.period),
            ("payer account", l.payer),
            ("account", l.account),
            ("line type", l.line_type),
            ("product", l.product),
            ("usage type", l.usage_type),
            ("operation", l.operation),
            ("region", l.region),
            ("description", description),
        ];
        if self.lines >= MAX_LINES {
            return Err(format!(
                "more than {MAX_LINES} lines in all; reconcile a bill in parts"
            ));
        }
        for (name, f) in fields {
            if f.len() > MAX_KEY_FIELD_BYTES {
                return Err(format!(
                    "the {name} is a value of {} bytes ('{}...'); a bill's account, usage type, operation, region, line type and description are at most {MAX_KEY_FIELD_BYTES} bytes",
                    f.len(),
                    f.chars().take(40).collect::<String>()
                ));
            }
        }
        for (what, v) in [("usage amount", l.usage), ("cost", l.cost)] {
            if v.abs() > MAX_LINE_AMOUNT {
                return Err(format!(
                    "{what} {v} is beyond what one bill line can carry (at most 10^15 in absolute value)"
                ));
            }
        }
        let mut key = [0u32; 9];
        for (j, (k, (_, f))) in key.iter_mut().zip(fields).enumerate() {
            *k = match self.last {
                Some((last, _)) if *self.texts.all[last.0[j] as usize] == *f => last.0[j],
                _ => self.texts.id(f)?,
            };
        }
        let key = (key, l.charge);
        let same = self.last.filter(|(k, _)| *k == key).map(|(_, i)| i);
        let i = match same.or_else(|| self.index.get(&key).copied()) {
            Some(i) => i as usize,
            None => {
                if self.groups.len() >= MAX_GROUPS {
                    return Err(format!(
                        "more than {MAX_GROUPS} distinct period x account x usage type groups; split the bill by month or account"
                    ));
                }
                self.groups.push((key, Sums::default()));
                self.index.insert(key, (self.groups.len() - 1) as u32);
                self.groups.len() - 1
            }
        };
        self.last = Some((key, i as u32));
        let s = &mut self.groups[i].1;
        sum::add(&mut s.usage, l.usage);
        sum::add(&mut s.cost, l.cost);
        if l.cost.is_zero() && l.charge == Charge::Usage {
            sum::add(&mut s.free_usage, l.usage);
        }
        s.lines += 1;
        self.lines += 1;
        Ok(())
    }

    /// The group the last line added went to: a reader adds the lines with the same texts after it
    /// through [`Aggregator::add_to`].
    pub fn last_group(&self) -> Option<u32> {
        self.last.map(|(_, i)| i)
    }

    /// Whether [`Aggregator::add_to`] may add a line of these amounts (`add` refuses it otherwise, and
    /// says why).
    pub fn fits(&self, usage: Decimal, cost: Decimal) -> bool {
        self.lines < MAX_LINES && within_line_amount(usage) && within_line_amount(cost)
    }

    /// Whether `n` more lines may be added (the run's line count stays within its bound); with
    /// amounts [`within_line_amount`], each of them [`Aggregator::fits`].
    pub fn fits_lines(&self, n: u64) -> bool {
        self.lines.saturating_add(n) <= MAX_LINES
    }

    /// Adds a line whose texts are those of a line [`Aggregator::add`] put in `group` (which
    /// [`Aggregator::last_group`] gave), after [`Aggregator::fits`]: what `add` does for it.
    pub fn add_to(&mut self, group: u32, usage: Decimal, cost: Decimal) {
        let ((_, charge), s) = &mut self.groups[group as usize];
        sum::add(&mut s.usage, usage);
        sum::add(&mut s.cost, cost);
        if cost.is_zero() && *charge == Charge::Usage {
            sum::add(&mut s.free_usage, usage);
        }
        s.lines += 1;
        self.lines += 1;
    }

    /// Checks a line's currency against the first line's (`file` names where it came from).
    pub fn currency(&mut self, currency: &str, file: &str) -> Result<(), String> {
        match &self.currency {
            Some((c, _)) if c == currency => Ok(()),
            Some((c, f)) => Err(format!(
                "currency '{}', but {f} bills in {c}: a reconciliation is in one currency (split the bills by currency)",
                currency.chars().take(16).collect::<String>()
            )),
            None => {
                self.currency = Some((currency.to_string(), file.to_string()));
                Ok(())
            }
        }
    }

    /// The number of groups so far.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The groups, sorted by key.
    pub fn into_groups(self) -> Vec<(GroupKey, Sums)> {
        let Aggregator { texts, groups, .. } = self;
        let t = &texts.all;
        let mut g: Vec<(GroupKey, Sums)> = groups
            .into_iter()
            .map(|((k, charge), s)| {
                let at = |i: usize| t[k[i] as usize].clone();
                (
                    GroupKey {
                        period: at(0),
                        payer: at(1),
                        account: at(2),
                        charge,
                        line_type: at(3),
                        product: at(4),
                        usage_type: at(5),
                        operation: at(6),
                        region: at(7),
                        description: at(8),
                    },
                    s,
                )
            })
            .collect();
        g.sort_by(|a, b| a.0.cmp(&b.0));
        g
    }
}
