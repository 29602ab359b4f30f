//! Break-even: exactly where two options cost the same along one variable.
//!
//! Costs are piecewise linear in volume (tiers, free allowances, ALB capacity dimensions) and step
//! functions in payload size (metering increments). The search works on the difference of the two cost
//! functions, d(x) = cost_a(x) − cost_b(x), evaluated exactly by the cost model:
//! an interval is split until d is linear on it (checked exactly at three interior points), or until it
//! is one unit of the variable wide (a step); on a linear piece the root is solved in closed form and
//! snapped to the variable's unit, and every reported point is verified by pricing both sides of it. So
//! every kink and step is found to one unit of the variable, and no crossing between them can be missed.
//! The `months` variable (migration payback) is solved month by month instead, interpolating linearly
//! within the month where the cumulative saving reaches the migration cost.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::cost::Pricer;
use crate::model::free_tier::FreeTier;
use crate::model::projection;
use crate::model::workload::Workload;
use crate::money::usd;

mod payback;
use payback::payback;

/// The largest monthly volume a break-even by requests may reach: 10^25 requests, the largest count
/// the tool reads and about where exact decimal pricing ends (`--to 300000000000000000` once
/// overflowed the search's own arithmetic). Checked on `--to` before anything is priced.
pub const MAX_REQUESTS: Decimal = projection::MAX_GROWN_REQUESTS;

/// The largest request payload of any option, KB: 10 MB, the REST and HTTP API hard limit (an ALB
/// passes at most 1 MB to Lambda and a Function URL 6 MB: their own limits narrow the range further).
pub const MAX_REQUEST_SIZE_KB: u32 = 10_240;

/// Lambda's memory settings, MB: 128 MB to 10,240 MB (AWS Lambda quotas). `--vary memory` stays in it.
pub const LAMBDA_MEMORY_MB: (u32, u32) = (128, 10_240);

/// Lambda's durations, ms: from 1 ms (the billing granularity) to the 15-minute timeout (900,000 ms).
/// `--vary duration` stays in it.
pub const LAMBDA_DURATION_MS: (u32, u32) = (1, 900_000);

/// An option on one side of a break-even: an API kind, and for REST whether its cache is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OptionSpec {
    pub api: ApiKind,
    /// REST with the workload's cache (`rest+cache`); `rest` alone is priced without a cache.
    pub cache: bool,
}

impl OptionSpec {
    /// `rest`, `http`, `websocket`, `alb`, `function-url` or `rest+cache`.
    pub fn parse(s: &str) -> std::result::Result<OptionSpec, String> {
        let t = s.trim().to_ascii_lowercase();
        if let Some(base) = t.strip_suffix("+cache") {
            return match ApiKind::parse(base) {
                Some(ApiKind::Rest) => Ok(OptionSpec {
                    api: ApiKind::Rest,
                    cache: true,
                }),
                _ => Err(format!("'{s}': only REST APIs have a cache (rest+cache)")),
            };
        }
        ApiKind::parse(&t)
            .map(|api| OptionSpec { api, cache: false })
            .ok_or_else(|| format!("'{s}' is not an option; expected rest, http, websocket, alb, function-url or rest+cache"))
    }

    /// `A,B`: the two options of a break-even.
    pub fn parse_pair(s: &str) -> std::result::Result<(OptionSpec, OptionSpec), String> {
        let (a, b) = s
            .split_once(',')
            .ok_or("two options separated by a comma, e.g. rest,http")?;
        let (a, b) = (OptionSpec::parse(a)?, OptionSpec::parse(b)?);
        if a == b {
            return Err(format!(
                "two different options, e.g. rest,http or rest,rest+cache: {} against itself never crosses",
                a.name()
            ));
        }
        Ok((a, b))
    }

    pub fn name(&self) -> String {
        if self.cache {
            format!("{}+cache", self.api.name())
        } else {
            self.api.name().to_string()
        }
    }

    pub fn title(&self) -> String {
        if self.cache {
            format!("{} with cache", self.api.short())
        } else {
            self.api.short().to_string()
        }
    }

    /// The workload as this option sees it (the cache only on `rest+cache`).
    fn workload(&self, w: &Workload) -> Workload {
        let mut w = w.clone();
        if !self.cache {
            w.cache = None;
        }
        if self.api != ApiKind::Rest {
            w.streaming = None;
        }
        w
    }
}

/// The variable a break-even moves along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variable {
    /// Monthly requests.
    Requests,
    /// Average request payload, KB.
    RequestSize,
    /// REST cache hit rate, percent.
    CacheHit,
    /// Lambda memory, MB.
    Memory,
    /// Lambda duration, ms.
    Duration,
    /// Months until a one-time migration cost is paid back.
    Months,
}

impl Variable {
    pub fn name(self) -> &'static str {
        match self {
            Variable::Requests => "requests",
            Variable::RequestSize => "request-size",
            Variable::CacheHit => "cache-hit",
            Variable::Memory => "memory",
            Variable::Duration => "duration",
            Variable::Months => "months",
        }
    }

    /// The unit `at`, `from` and `to` are expressed in.
    pub fn unit(self) -> &'static str {
        match self {
            Variable::Requests => "requests",
            Variable::RequestSize => "KB",
            Variable::CacheHit => "percent",
            Variable::Memory => "MB",
            Variable::Duration => "ms",
            Variable::Months => "months",
        }
    }

    /// The default search range.
    pub fn default_range(self) -> (Decimal, Decimal) {
        let d = Decimal::from;
        match self {
            Variable::Requests => (d(1), d(100_000_000_000u64)),
            Variable::RequestSize => (d(1), d(10_240)),
            Variable::CacheHit => (d(0), d(100)),
            Variable::Memory => (d(128), d(10_240)),
            Variable::Duration => (d(1), d(30_000)),
            Variable::Months => (d(0), d(120)),
        }
    }

    /// One unit of the variable: the resolution every point is found to.
    pub fn resolution(self) -> Decimal {
        match self {
            // one byte
            Variable::RequestSize => Decimal::ONE / Decimal::from(1024),
            // a hundredth of a percent
            Variable::CacheHit => Decimal::new(1, 2),
            _ => Decimal::ONE,
        }
    }

    /// The widest range the variable may be searched over (in its unit), and why it ends there. Only
    /// a request size depends on the options (their payload limits; an ALB's with a Lambda target).
    pub fn bounds(self, a: ApiKind, b: ApiKind, lambda: bool) -> (Decimal, Decimal, String) {
        let d = Decimal::from;
        match self {
            Variable::Requests => (
                d(0),
                MAX_REQUESTS,
                "10^25 requests a month is the most that can be priced exactly".into(),
            ),
            Variable::RequestSize => {
                let mut hi = (
                    d(MAX_REQUEST_SIZE_KB),
                    "no option takes a payload above 10 MB (the REST and HTTP API limit)"
                        .to_string(),
                );
                for kind in [a, b] {
                    if let Some((max_kb, _)) = crate::model::limits::max_payload_kb(kind, lambda) {
                        if max_kb < hi.0 {
                            hi = (max_kb, crate::model::limits::payload_limit_name(kind));
                        }
                    }
                }
                (d(0), hi.0, hi.1)
            }
            Variable::CacheHit => (d(0), d(100), "a hit rate is a percentage".into()),
            Variable::Memory => (
                d(LAMBDA_MEMORY_MB.0),
                d(LAMBDA_MEMORY_MB.1),
                "Lambda memory is 128 to 10,240 MB".into(),
            ),
            Variable::Duration => (
                d(LAMBDA_DURATION_MS.0),
                d(LAMBDA_DURATION_MS.1),
                "a Lambda invocation lasts 1 ms to 15 minutes (900,000 ms)".into(),
            ),
            Variable::Months => (
                d(0),
                d(projection::MAX_MONTHS),
                "a payback horizon is at most 100 years".into(),
            ),
        }
    }

    /// The workload with the variable set to `x` (in the variable's unit).
    pub fn apply(self, w: &Workload, x: Decimal) -> Result<Workload> {
        let mut w = w.clone();
        match self {
            Variable::Requests => w = w.try_with_requests(x)?,
            Variable::RequestSize => w.request_size_kb = Some(x),
            // Only an option with a cache has a hit rate; the others do not depend on it.
            Variable::CacheHit => {
                if let Some(c) = w.cache.as_mut() {
                    c.hit_rate = x / Decimal::from(100);
                }
            }
            Variable::Memory | Variable::Duration => match w.backend.as_mut() {
                Some(b) if self == Variable::Memory => b.memory_mb = x,
                Some(b) => b.duration_ms = x,
                None => {
                    return Err(Error::missing(
                        Field::Backend,
                        "moving along Lambda memory or duration needs a Lambda backend",
                        &[Field::Backend, Field::DurationMs, Field::MemoryMb],
                    ))
                }
            },
            Variable::Months => {}
        }
        Ok(w)
    }
}

/// Costs of both options at one value of the variable.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Costs {
    pub cost_a: Decimal,
    pub cost_b: Decimal,
}

/// One crossing: at `at` the two costs are equal or the cheaper option has just switched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossing {
    /// In the variable's unit: the first value (to one unit) at which the new order holds.
    pub at: Decimal,
    /// Costs at `at`.
    pub cost_a: Decimal,
    pub cost_b: Decimal,
    /// Costs one unit below `at`.
    pub below: Costs,
    pub cheaper_below: String,
    pub cheaper_above: String,
}

/// The answer to "where does it flip?".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakEven {
    pub variable: Variable,
    pub region: String,
    pub a: OptionSpec,
    pub b: OptionSpec,
    pub from: Decimal,
    pub to: Decimal,
    pub points: Vec<Crossing>,
    /// Costs at both ends of the range.
    pub at_from: Costs,
    pub at_to: Costs,
    /// Why there is no crossing, when there is none.
    pub none_because: Option<String>,
    /// For `months`: the one-time migration cost added to option b.
    pub migration_cost: Option<Decimal>,
    /// What an option is priced without (an HTTP API cannot stream: `Workload::streaming_note`).
    pub notes: Vec<String>,
}

/// The inputs of a search.
pub struct Query<'a> {
    pub catalog: &'a Catalog,
    pub region: &'a str,
    pub a: OptionSpec,
    pub b: OptionSpec,
    pub variable: Variable,
    pub workload: &'a Workload,
    pub free_tier: &'a FreeTier,
    pub from: Option<Decimal>,
    pub to: Option<Decimal>,
    /// `months` only: one-time cost of moving from a to b, and monthly growth.
    pub migration_cost: Option<Decimal>,
    pub growth: Decimal,
}

/// Cost differences below this are treated as equal when checking that a piece is linear (it absorbs
/// the whole-invocation rounding of the Lambda backend, 10^-5 USD; roots are then verified exactly).
const LINEAR_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 5);

/// Finds every crossing of the two options' costs along the variable.
pub fn search(q: &Query) -> Result<BreakEven> {
    let (dfrom, dto) = q.variable.default_range();
    let from = q.from.unwrap_or(dfrom);
    let mut to = q.to.unwrap_or(dto);
    if q.variable == Variable::RequestSize && q.to.is_none() {
        // Search only sizes both options can carry (ALB to Lambda: 1 MB; Function URL: 6 MB).
        for kind in [q.a.api, q.b.api] {
            let lambda = q.workload.backend.is_some();
            if let Some((max_kb, _)) = crate::model::limits::max_payload_kb(kind, lambda) {
                to = to.min(max_kb);
            }
        }
    }
    if from >= to {
        return Err(Error::invalid(
            Field::FromTo,
            format!("{from}..{to}"),
            "a range whose start is below its end",
        ));
    }
    check_range(q, from, to)?;
    let notes = [q.a.api, q.b.api].map(|k| q.workload.streaming_note(k));
    let notes = notes.into_iter().flatten().collect();
    if q.variable == Variable::Months {
        return payback(q, from, to).map(|b| BreakEven { notes, ..b });
    }
    let found = sweep(q, from, to).map(|b| BreakEven { notes, ..b });
    found.map_err(|e| match e {
        // The search's arithmetic and the cost model report an overflow; here it is the range's.
        Error::Overflow { what } => Error::invalid(
            Field::To,
            to.to_string(),
            format!(
                "a range the cost model can price exactly: {what} overflows a decimal within it; \
                 give a smaller --to (or smaller volumes)"
            ),
        ),
        other => other,
    })
}

/// Refuses a range beyond what the variable can be (`Variable::bounds`), before anything is priced.
fn check_range(q: &Query, from: Decimal, to: Decimal) -> Result<()> {
    let lambda = q.workload.backend.is_some();
    let (lo, hi, why) = q.variable.bounds(q.a.api, q.b.api, lambda);
    let unit = q.variable.unit();
    let group = crate::model::numbers::group;
    if to > hi {
        let expected = if q.variable == Variable::CacheHit {
            "a hit rate of at most 100 (percent)".to_string()
        } else {
            format!("at most {} {unit}: {why}", group(hi))
        };
        return Err(Error::invalid(Field::To, to.to_string(), expected));
    }
    if from < lo {
        return Err(Error::invalid(
            Field::From,
            from.to_string(),
            format!("at least {} {unit}: {why}", group(lo)),
        ));
    }
    Ok(())
}

/// The search along every variable but `months`.
fn sweep(q: &Query, from: Decimal, to: Decimal) -> Result<BreakEven> {
    let pricer = Pricer::new(q.catalog, q.region)?;
    let allowance = q.free_tier.month(0, q.free_tier.initial_credit());
    let wa = q.a.workload(q.workload);
    let wb = q.b.workload(q.workload);
    if (q.a.cache || q.b.cache) && q.workload.cache.is_none() {
        return Err(Error::missing(
            Field::Cache,
            "rest+cache is priced with its cache size (0.5 GB to 237 GB)",
            &[Field::Cache],
        ));
    }
    if q.variable == Variable::CacheHit && !(q.a.cache || q.b.cache) {
        return Err(Error::invalid(
            Field::Between,
            format!("{},{}", q.a.name(), q.b.name()),
            "an option with a cache (rest+cache) for --vary cache-hit, e.g. --between rest,rest+cache",
        ));
    }
    let eval = |x: Decimal| -> Result<Costs> {
        let a = pricer
            .quote(q.a.api, &q.variable.apply(&wa, x)?, &allowance)?
            .total;
        let b = pricer
            .quote(q.b.api, &q.variable.apply(&wb, x)?, &allowance)?
            .total;
        Ok(Costs {
            cost_a: a,
            cost_b: b,
        })
    };
    let step = q.variable.resolution();
    let at_from = eval(from)?;
    let at_to = eval(to)?;
    let mut pieces = Vec::new();
    split(&eval, step, (from, at_from), (to, at_to), &mut pieces, 0)?;
    let points = crossings(&eval, step, &pieces, &q.a, &q.b)?;
    let none_because = if points.is_empty() {
        Some(no_crossing_reason(q, &pricer, from, to, at_from, at_to))
    } else {
        None
    };
    Ok(BreakEven {
        variable: q.variable,
        region: q.region.to_string(),
        a: q.a,
        b: q.b,
        from,
        to,
        points,
        at_from,
        at_to,
        none_because,
        migration_cost: None,
        notes: Vec::new(),
    })
}

type Piece = ((Decimal, Costs), (Decimal, Costs), bool);

/// Cost a − cost b (two bills, each between zero and `Decimal::MAX`: the difference always fits).
fn diff(c: &Costs) -> Decimal {
    c.cost_a - c.cost_b
}

fn search_overflow() -> Error {
    Error::overflow("the difference of the two costs")
}

/// `a × b / c`: exactly as written while the product fits, else `a × (b / c)` (28 significant
/// digits); `None` when even that overflows.
fn mul_div(a: Decimal, b: Decimal, c: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
        .and_then(|p| p.checked_div(c))
        .or_else(|| a.checked_mul(b.checked_div(c)?))
}

/// `from + (to − from) × num / den`, checked (an overflow is an error, never a panic).
fn lerp(from: Decimal, to: Decimal, num: Decimal, den: Decimal) -> Result<Decimal> {
    to.checked_sub(from)
        .and_then(|span| mul_div(span, num, den))
        .and_then(|v| from.checked_add(v))
        .ok_or_else(search_overflow)
}

/// Snaps x down to the grid of `step` counted from zero.
fn floor_to(x: Decimal, step: Decimal) -> Decimal {
    ((x / step).floor() * step).normalize()
}

/// Splits [l, r] into pieces on which d is linear (flag true) or one unit wide (flag false).
fn split(
    eval: &dyn Fn(Decimal) -> Result<Costs>,
    step: Decimal,
    l: (Decimal, Costs),
    r: (Decimal, Costs),
    out: &mut Vec<Piece>,
    depth: u32,
) -> Result<()> {
    let width = r.0 - l.0;
    if width <= step || depth > 200 {
        out.push((l, r, false));
        return Ok(());
    }
    let (dl, dr) = (diff(&l.1), diff(&r.1));
    let mut linear = true;
    let mut probes = Vec::with_capacity(3);
    for k in [1u32, 2, 3] {
        let x = floor_to(l.0 + width * Decimal::from(k) / Decimal::from(4), step);
        if x <= l.0 || x >= r.0 {
            continue;
        }
        let c = eval(x)?;
        let expected = lerp(dl, dr, x - l.0, width)?;
        // Each option's own cost must be linear too (a kink in both that cancels is still a kink).
        let ea = lerp(l.1.cost_a, r.1.cost_a, x - l.0, width)?;
        let off = |v: Decimal, e: Decimal| v.checked_sub(e).map(|o| o.abs() > LINEAR_TOLERANCE);
        if off(diff(&c), expected).ok_or_else(search_overflow)?
            || off(c.cost_a, ea).ok_or_else(search_overflow)?
        {
            linear = false;
        }
        probes.push((x, c));
    }
    if linear {
        out.push((l, r, true));
        return Ok(());
    }
    // Split at the probes (they are already priced).
    let mut prev = l;
    for p in probes {
        split(eval, step, prev, p, out, depth + 1)?;
        prev = p;
    }
    split(eval, step, prev, r, out, depth + 1)
}

fn cheaper(c: &Costs, a: &OptionSpec, b: &OptionSpec) -> String {
    match diff(c).cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Less => a.name(),
        std::cmp::Ordering::Greater => b.name(),
        std::cmp::Ordering::Equal => "neither (equal)".into(),
    }
}

fn sign(d: Decimal) -> i8 {
    match d.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }
}

/// Walks the pieces in order and reports every change of the cheaper option.
fn crossings(
    eval: &dyn Fn(Decimal) -> Result<Costs>,
    step: Decimal,
    pieces: &[Piece],
    a: &OptionSpec,
    b: &OptionSpec,
) -> Result<Vec<Crossing>> {
    let mut out: Vec<Crossing> = Vec::new();
    let mut last: i8 = 0;
    let push = |at: Decimal, below: Costs, here: Costs, out: &mut Vec<Crossing>| {
        if out.last().is_some_and(|c| c.at == at) {
            return;
        }
        out.push(Crossing {
            at,
            cost_a: here.cost_a,
            cost_b: here.cost_b,
            below,
            cheaper_below: cheaper(&below, a, b),
            cheaper_above: cheaper(&here, a, b),
        });
    };
    for &((l, cl), (r, cr), linear) in pieces {
        let (sl, sr) = (sign(diff(&cl)), sign(diff(&cr)));
        if last == 0 {
            last = sl;
        }
        if sl != 0 && sl != last {
            // The order flipped exactly at a piece boundary (a step, or a zero touching a boundary).
            let below = eval(l - step)?;
            push(l, below, cl, &mut out);
            last = sl;
        }
        if sr != 0 && sr != last && last != 0 {
            let at = if linear && sl != 0 {
                // Closed-form root of the linear piece, then the first unit on the new side.
                let dl = diff(&cl);
                let dr = diff(&cr);
                let root = dl
                    .checked_sub(dr)
                    .and_then(|den| mul_div(dl, r - l, den))
                    .and_then(|v| l.checked_add(v))
                    .ok_or_else(search_overflow)?;
                let mut at = floor_to(root, step);
                if at < root || at <= l {
                    at += step;
                }
                // Verify (the tolerance of the linearity check can move the root by a unit).
                let mut guard = 0;
                while at > l + step && sign(diff(&eval(at - step)?)) == sr && guard < 64 {
                    at -= step;
                    guard += 1;
                }
                while at < r && sign(diff(&eval(at)?)) != sr && guard < 128 {
                    at += step;
                    guard += 1;
                }
                at.min(r)
            } else {
                r
            };
            let here = if at == r { cr } else { eval(at)? };
            let below = eval(at - step)?;
            push(at, below, here, &mut out);
            last = sr;
        } else if sr != 0 {
            last = sr;
        }
    }
    Ok(out)
}

fn no_crossing_reason(
    q: &Query,
    pricer: &Pricer,
    from: Decimal,
    to: Decimal,
    f: Costs,
    t: Costs,
) -> String {
    let winner = if diff(&f) <= Decimal::ZERO && diff(&t) <= Decimal::ZERO {
        q.a
    } else {
        q.b
    };
    let loser = if winner == q.a { q.b } else { q.a };
    let mut s = format!(
        "{} is cheaper everywhere from {} to {} {}",
        winner.title(),
        crate::model::numbers::group(from),
        crate::model::numbers::group(to),
        q.variable.unit()
    );
    if q.variable == Variable::Requests {
        let table = |o: &OptionSpec| match o.api {
            ApiKind::Rest => pricer.region.rest.as_ref(),
            ApiKind::Http => pricer.region.http.as_ref(),
            _ => None,
        };
        if let (Some(tw), Some(tl)) = (table(&winner), table(&loser)) {
            let dearest = tw.tiers.iter().map(|t| t.price).max().unwrap_or_default();
            let cheapest = tl.tiers.iter().map(|t| t.price).min().unwrap_or_default();
            if dearest < cheapest {
                s.push_str(&format!(
                    ": its dearest rate (${dearest}/M) is below {}'s cheapest (${cheapest}/M) at one billing unit",
                    loser.title()
                ));
                return s;
            }
        }
    }
    s.push_str(&format!(
        " (at {}: {} {} vs {} {}; at {}: {} vs {})",
        crate::model::numbers::group(from),
        q.a.title(),
        usd(f.cost_a),
        q.b.title(),
        usd(f.cost_b),
        crate::model::numbers::group(to),
        usd(t.cost_a),
        usd(t.cost_b)
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_specs() {
        assert_eq!(
            OptionSpec::parse("rest+cache").unwrap(),
            OptionSpec {
                api: ApiKind::Rest,
                cache: true
            }
        );
        assert_eq!(OptionSpec::parse("HTTP").unwrap().api, ApiKind::Http);
        assert!(OptionSpec::parse("http+cache").is_err());
        assert!(OptionSpec::parse("grpc").is_err());
    }

    #[test]
    fn floor_to_grid() {
        assert_eq!(
            floor_to(Decimal::new(12345, 1), Decimal::ONE),
            Decimal::from(1234)
        );
        assert_eq!(
            floor_to(Decimal::new(5, 1), Decimal::new(1, 2)),
            Decimal::new(5, 1)
        );
    }
}
