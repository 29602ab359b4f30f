//! Axes: mapping a value to a pixel (linear or log) and choosing the ticks. Tick values are round
//! ("nice") multiples of a step chosen so that the labels fit; each label is written with the precision
//! its step needs (`$0.001` steps print `$0.001`, cents print cents, thousands print `$1.5k`), and the
//! labels of one axis are always distinct. Month axes are thinned to every 3, 6 or 12 months as the
//! width requires, and name calendar months when the projection has a start month.

use super::text;
use crate::model::calendar::CalendarMonth;
use crate::render::chart_data::{Axis, Scale, Ticks};

/// Maps an axis's values to pixels between `p0` (at `min`) and `p1` (at `max`).
#[derive(Debug, Clone, Copy)]
pub struct Map {
    pub log: bool,
    pub min: f64,
    pub max: f64,
    pub p0: f64,
    pub p1: f64,
}

impl Map {
    pub fn new(a: &Axis, p0: f64, p1: f64) -> Map {
        let log = a.scale == Scale::Log && a.min > 0.0 && a.max > a.min;
        let (min, max) = if a.max > a.min {
            (a.min, a.max)
        } else {
            (a.min, a.min + 1.0)
        };
        Map {
            log,
            min,
            max,
            p0,
            p1,
        }
    }

    /// The pixel of `v` (values outside the range map outside `p0..p1`; the plot is clipped).
    pub fn px(&self, v: f64) -> f64 {
        let t = if self.log {
            (v.max(self.min * 1e-3).ln() - self.min.ln()) / (self.max.ln() - self.min.ln())
        } else {
            (v - self.min) / (self.max - self.min)
        };
        self.p0 + t * (self.p1 - self.p0)
    }
}

/// A tick: its value and its label.
pub type Tick = (f64, String);

/// The ticks of `a` along `length` pixels, labels set at `size` pixels; `across` says whether the labels
/// sit side by side (an x axis) or stacked (a y axis).
pub fn ticks(a: &Axis, length: f64, size: f64, across: bool) -> Vec<Tick> {
    let fits = |t: &[Tick]| fits(t, a, length, size, across);
    let out = match (a.scale, a.ticks) {
        (Scale::Log, _) if a.min > 0.0 && a.max > a.min => log_ticks(a, &fits),
        (_, Ticks::Month) => month_ticks(a, None, &fits),
        (_, Ticks::Calendar(start)) => month_ticks(a, Some(start), &fits),
        _ => linear_ticks(a, &fits),
    };
    distinct(out, a)
}

/// Whether labels placed at these ticks leave a gap between neighbours.
fn fits(t: &[Tick], a: &Axis, length: f64, size: f64, across: bool) -> bool {
    if t.len() < 2 {
        return true;
    }
    let span = |v: f64| {
        let m = Map::new(a, 0.0, length);
        m.px(v)
    };
    t.windows(2).all(|w| {
        let gap = (span(w[1].0) - span(w[0].0)).abs();
        let need = if across {
            (text::width(&w[0].1, size) + text::width(&w[1].1, size)) / 2.0 + size
        } else {
            text::line_height(size) * 1.6
        };
        gap >= need
    })
}

/// Round steps: 1, 2, 2.5 and 5 times a power of ten, smallest first, from below `span / 50`.
fn steps(span: f64) -> impl Iterator<Item = f64> {
    let start = (span / 50.0).log10().floor() as i32;
    (start..start + 12).flat_map(|e| [1.0, 2.0, 2.5, 5.0].map(|m| m * 10f64.powi(e)))
}

fn linear_ticks(a: &Axis, fits: &dyn Fn(&[Tick]) -> bool) -> Vec<Tick> {
    let span = (a.max - a.min).abs().max(f64::MIN_POSITIVE);
    let mut last = Vec::new();
    for step in steps(span) {
        let first = (a.min / step - 1e-9).ceil() as i64;
        let n_last = (a.max / step + 1e-9).floor() as i64;
        // At most eight ticks: a reader compares lines, not reads a ruler.
        if n_last - first > 7 {
            continue;
        }
        let values: Vec<f64> = (first..=n_last).map(|k| k as f64 * step).collect();
        let t = label_all(a.ticks, &values, step);
        if fits(&t) {
            return t;
        }
        last = t;
    }
    last
}

fn log_ticks(a: &Axis, fits: &dyn Fn(&[Tick]) -> bool) -> Vec<Tick> {
    let lo = a.min.log10().ceil() as i32;
    let hi = a.max.log10().floor() as i32;
    let decades: Vec<f64> = (lo..=hi).map(|e| 10f64.powi(e)).collect();
    // Few decades: 2 and 5 of each decade too.
    if hi - lo <= 2 {
        let mut v: Vec<f64> = (lo - 1..=hi)
            .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
            .filter(|v| *v >= a.min * (1.0 - 1e-9) && *v <= a.max * (1.0 + 1e-9))
            .collect();
        v.dedup();
        let t = label_all(a.ticks, &v, 0.0);
        if fits(&t) {
            return t;
        }
    }
    for every in 1..=6 {
        let v: Vec<f64> = decades.iter().step_by(every).copied().collect();
        let t = label_all(a.ticks, &v, 0.0);
        if fits(&t) || every == 6 {
            return t;
        }
    }
    Vec::new()
}

fn month_ticks(
    a: &Axis,
    start: Option<CalendarMonth>,
    fits: &dyn Fn(&[Tick]) -> bool,
) -> Vec<Tick> {
    let (lo, hi) = (a.min.round() as i64, a.max.round() as i64);
    let mut last = Vec::new();
    for step in [1i64, 3, 6, 12, 24, 60, 120, 240, 600] {
        let months: Vec<i64> = (lo..=hi)
            .filter(|m| match start {
                // Calendar steps start the year: quarters, halves, Januaries.
                Some(s) if step > 1 => (i64::from(s.month) - 1 + m - 1) % step == 0,
                _ => step == 1 || m % step == 0 || *m == lo,
            })
            .collect();
        let t: Vec<Tick> = months
            .iter()
            .map(|&m| (m as f64, month_label(m, start)))
            .collect();
        // The first month's label may crowd the next one: drop it before a wider step.
        if fits(&t) {
            return t;
        }
        if t.len() > 2 && fits(&t[1..]) && start.is_none() {
            return t[1..].to_vec();
        }
        last = t;
    }
    last
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Month `m` (1 = the first) as a number, or as `Mar 2027` from the start month.
fn month_label(m: i64, start: Option<CalendarMonth>) -> String {
    match start.and_then(|s| s.plus(u32::try_from(m - 1).ok()?)) {
        Some(c) => format!(
            "{} {}",
            MONTHS[usize::from(c.month.clamp(1, 12)) - 1],
            c.year
        ),
        None => m.to_string(),
    }
}

fn label_all(t: Ticks, values: &[f64], step: f64) -> Vec<Tick> {
    values.iter().map(|&v| (v, label(t, v, step, 0))).collect()
}

/// The labels made distinct: one more decimal until no two are the same (a step finer than the
/// precision chosen, or log ticks of 2 and 2.5).
fn distinct(mut t: Vec<Tick>, a: &Axis) -> Vec<Tick> {
    if matches!(a.ticks, Ticks::Month | Ticks::Calendar(_)) {
        return t;
    }
    for extra in 1..=4 {
        let mut seen = std::collections::HashSet::new();
        if t.iter().all(|(_, l)| seen.insert(l.clone())) {
            break;
        }
        let step = if t.len() > 1 {
            (t[1].0 - t[0].0).abs()
        } else {
            0.0
        };
        let step = if a.scale == Scale::Log { 0.0 } else { step };
        for (v, l) in t.iter_mut() {
            *l = label(a.ticks, *v, step, extra);
        }
    }
    t
}

/// The fewest decimals that write `v` to a millionth of its size (at most 12).
fn decimals_of(v: f64) -> usize {
    let v = v.abs();
    if v == 0.0 {
        return 0;
    }
    (0..=12)
        .find(|d| {
            let x = v * 10f64.powi(*d as i32);
            x.round() >= 1.0 && (x.round() - x).abs() <= 1e-6 * x
        })
        .unwrap_or(12)
}

/// One tick label. With a `step` (linear axes) the precision is the step's; without (log axes) the
/// value's own. `extra` adds decimals to make labels distinct.
pub fn label(t: Ticks, v: f64, step: f64, extra: usize) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let precise = |x: f64, div: f64| {
        let basis = if step > 0.0 { step / div } else { x / div };
        decimals_of(basis) + extra
    };
    match t {
        Ticks::Money | Ticks::PricePerMillion => {
            let sign = if v < 0.0 && v.abs() > 1e-12 { "-" } else { "" };
            let a = v.abs();
            let (div, suffix) = suffix_of(a, step);
            let mut d = precise(a, div);
            // Under a thousand, cents or none: `$0.50`, not `$0.5`.
            if div == 1.0 && (d == 1) {
                d = 2;
            }
            if a < 1e-12 {
                return "$0".into();
            }
            format!("{sign}${}{suffix}", fixed(a / div, d))
        }
        Ticks::Count => {
            let sign = if v < 0.0 { "-" } else { "" };
            let a = v.abs();
            let (div, suffix) = suffix_of(a, step);
            format!("{sign}{}{suffix}", fixed(a / div, precise(a, div)))
        }
        Ticks::Millis => format!("{} ms", fixed(v, precise(v, 1.0))),
        Ticks::Month | Ticks::Calendar(_) => {
            if (v - v.round()).abs() < 1e-6 {
                format!("{}", v.round() as i64)
            } else {
                String::new()
            }
        }
    }
}

/// The divisor and suffix of a value: B, M, k from a thousand up (by the value, or by the step when
/// the step is finer than the value's unit would show).
fn suffix_of(a: f64, step: f64) -> (f64, &'static str) {
    for (div, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "k")] {
        if a >= div * (1.0 - 1e-9) && (step == 0.0 || step >= div / 1000.0) {
            return (div, suffix);
        }
    }
    (1.0, "")
}

/// `x` with `d` decimals and thousands separators in the whole part.
fn fixed(x: f64, d: usize) -> String {
    let s = format!("{:.*}", d.min(12), x);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(min: f64, max: f64, scale: Scale, ticks: Ticks) -> Axis {
        Axis {
            label: String::new(),
            min,
            max,
            scale,
            ticks,
        }
    }

    fn labels(a: &Axis, len: f64) -> Vec<String> {
        ticks(a, len, 14.0, true).into_iter().map(|t| t.1).collect()
    }

    #[test]
    fn precision_follows_the_step() {
        assert_eq!(label(Ticks::Money, 0.001, 0.001, 0), "$0.001");
        assert_eq!(label(Ticks::Money, 0.5, 0.5, 0), "$0.50");
        assert_eq!(label(Ticks::Money, 3.0, 0.5, 0), "$3.00");
        assert_eq!(label(Ticks::Money, 1500.0, 500.0, 0), "$1.5k");
        assert_eq!(label(Ticks::Money, 2000.0, 500.0, 0), "$2.0k");
        assert_eq!(label(Ticks::Money, 300.0, 100.0, 0), "$300");
        assert_eq!(label(Ticks::Money, -300.0, 100.0, 0), "-$300");
        assert_eq!(label(Ticks::Money, 0.0, 100.0, 0), "$0");
        assert_eq!(label(Ticks::Money, 0.0035, 0.0, 0), "$0.0035");
        assert_eq!(label(Ticks::Count, 1e11, 0.0, 0), "100B");
        assert_eq!(label(Ticks::Millis, 12.5, 2.5, 0), "12.5 ms");
    }

    #[test]
    fn sub_cent_axes_are_not_all_zero() {
        let a = axis(0.0, 0.004, Scale::Linear, Ticks::Money);
        let l = labels(&a, 600.0);
        assert!(l.len() >= 3, "{l:?}");
        assert!(l.iter().any(|s| s == "$0.001"), "{l:?}");
    }

    #[test]
    fn negative_ticks_are_labelled() {
        let a = axis(-400.0, 900.0, Scale::Linear, Ticks::Money);
        let l = labels(&a, 800.0);
        assert!(l.iter().any(|s| s.starts_with("-$")), "{l:?}");
        assert!(l.contains(&"$0".to_string()), "{l:?}");
    }

    #[test]
    fn long_projections_thin_their_months() {
        let a = axis(1.0, 60.0, Scale::Linear, Ticks::Month);
        let l = labels(&a, 1000.0);
        assert!(l.len() <= 21 && l.len() >= 5, "{l:?}");
        let a = axis(1.0, 120.0, Scale::Linear, Ticks::Month);
        assert!(labels(&a, 600.0).len() <= 12);
        let start = CalendarMonth::parse("2027-02").unwrap();
        let a = axis(1.0, 24.0, Scale::Linear, Ticks::Calendar(start));
        let l = labels(&a, 700.0);
        assert!(l.iter().all(|s| s.len() == 8), "{l:?}");
        assert!(l.contains(&"Jan 2028".to_string()), "{l:?}");
    }

    #[test]
    fn log_axes_label_decades_distinctly() {
        let a = axis(1e6, 1e11, Scale::Log, Ticks::Count);
        assert_eq!(
            labels(&a, 1000.0),
            ["1M", "10M", "100M", "1B", "10B", "100B"]
        );
        let a = axis(0.001, 0.1, Scale::Log, Ticks::Money);
        let l = labels(&a, 1000.0);
        assert!(l.contains(&"$0.001".to_string()), "{l:?}");
        let set: std::collections::HashSet<_> = l.iter().collect();
        assert_eq!(set.len(), l.len());
    }
}
