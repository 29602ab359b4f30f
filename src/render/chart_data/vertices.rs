//! The exact shape of a volume curve. An option's monthly cost is piecewise linear in its requests
//! (tiered prices, a fixed monthly part, the largest of ALB's capacity dimensions, a free allowance),
//! so it is drawn from its vertices: the range's ends, the tier boundaries and break-even points, and
//! every other kink found by checking each interval for linearity (two points inside it, priced
//! exactly, on the straight line between its ends) and splitting it where it is not. Between vertices
//! the cost is the straight line between them, exactly; only its plotting coordinates are floats.

use rust_decimal::Decimal;

use crate::error::Result;

/// Quotes spent finding one curve's kinks beyond its seeds (a smooth part, such as cold starts falling
/// with volume, is split until this runs out; a kink takes about 50).
const BUDGET: usize = 600;

/// Relative gap under which a priced point counts as on the straight line (far below a pixel).
fn on_line(priced: Decimal, line: Decimal) -> bool {
    let tol = priced.abs().max(Decimal::ONE) * Decimal::new(1, 9);
    (priced - line).abs() <= tol
}

/// The cost at `x` on the straight line from `a` to `b` (exact).
pub(super) fn between(a: (Decimal, Decimal), b: (Decimal, Decimal), x: Decimal) -> Decimal {
    if b.0 == a.0 {
        return a.1;
    }
    a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0)
}

/// The vertices of `cost` over the sorted, deduplicated `seeds` (whole requests): each seed priced, and
/// each interval between two of them split at thirds until both thirds lie on its line.
pub(super) fn vertices(
    seeds: &[Decimal],
    cost: &mut dyn FnMut(Decimal) -> Result<Decimal>,
) -> Result<Vec<(Decimal, Decimal)>> {
    let mut out: Vec<(Decimal, Decimal)> = Vec::new();
    let mut budget = BUDGET;
    let priced: Vec<(Decimal, Decimal)> = seeds
        .iter()
        .map(|&x| Ok((x, cost(x)?)))
        .collect::<Result<_>>()?;
    for pair in priced.windows(2) {
        out.push(pair[0]);
        split(pair[0], pair[1], cost, &mut budget, &mut out)?;
    }
    out.extend(priced.last().copied());
    Ok(out)
}

/// Pushes the vertices strictly inside (a, b), in order.
fn split(
    a: (Decimal, Decimal),
    b: (Decimal, Decimal),
    cost: &mut dyn FnMut(Decimal) -> Result<Decimal>,
    budget: &mut usize,
    out: &mut Vec<(Decimal, Decimal)>,
) -> Result<()> {
    let width = b.0 - a.0;
    if width <= Decimal::TWO || *budget < 2 {
        return Ok(());
    }
    let third = (width / Decimal::from(3)).floor().max(Decimal::ONE);
    let (x1, x2) = (a.0 + third, b.0 - third);
    let p1 = (x1, cost(x1)?);
    let p2 = (x2, cost(x2)?);
    *budget -= 2;
    if on_line(p1.1, between(a, b, x1)) && on_line(p2.1, between(a, b, x2)) {
        return Ok(());
    }
    split(a, p1, cost, budget, out)?;
    out.push(p1);
    if x2 > x1 {
        split(p1, p2, cost, budget, out)?;
        out.push(p2);
        split(p2, b, cost, budget, out)?;
    } else {
        split(p1, b, cost, budget, out)?;
    }
    Ok(())
}

/// The cost at each of `xs` (sorted) on the piecewise-linear curve through `vs` (sorted vertices),
/// with every vertex kept: the points a curve is drawn through.
pub(super) fn drawn(vs: &[(Decimal, Decimal)], xs: &[Decimal]) -> Vec<(Decimal, Decimal)> {
    let mut all: Vec<Decimal> = xs.iter().copied().chain(vs.iter().map(|v| v.0)).collect();
    all.sort();
    all.dedup();
    let mut k = 0;
    all.into_iter()
        .filter(|x| vs.first().is_some_and(|f| *x >= f.0) && vs.last().is_some_and(|l| *x <= l.0))
        .map(|x| {
            while k + 1 < vs.len() && vs[k + 1].0 < x {
                k += 1;
            }
            let y = match vs.get(k + 1) {
                Some(v) if v.0 == x => v.1,
                _ if vs[k].0 == x => vs[k].1,
                Some(v) => between(vs[k], *v, x),
                None => vs[k].1,
            };
            (x, y)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(n: i64) -> Decimal {
        Decimal::from(n)
    }

    /// A tiered cost with a fixed part: $5 + $3.50/M to 333M, then $2.80/M: the kink found to the
    /// request, and no vertex where the cost is straight.
    #[test]
    fn a_kink_is_found_and_straight_parts_stay_two_vertices() {
        let tier = d(333_000_000);
        let mut quotes = 0;
        let mut cost = |x: Decimal| {
            quotes += 1;
            let first = x.min(tier) * Decimal::new(35, 7);
            let rest = (x - tier).max(Decimal::ZERO) * Decimal::new(28, 7);
            Ok(d(5) + first + rest)
        };
        let vs = vertices(&[d(1_000_000), d(100_000_000_000)], &mut cost).unwrap();
        assert!(quotes < 200, "{quotes} quotes");
        // The vertex nearest the kink is within a request of it.
        let near = vs.iter().map(|v| (v.0 - tier).abs()).min().unwrap();
        assert!(near <= Decimal::ONE, "{vs:?}");
        // Every vertex lies on the curve, and the curve drawn between vertices is the model's.
        let exact = |x: Decimal| {
            d(5) + x.min(tier) * Decimal::new(35, 7)
                + (x - tier).max(Decimal::ZERO) * Decimal::new(28, 7)
        };
        for (x, y) in &vs {
            assert_eq!(*y, exact(*x));
        }
        let xs = [d(2_000_000), d(500_000_000), d(90_000_000_000)];
        for (x, y) in drawn(&vs, &xs) {
            assert!(on_line(exact(x), y), "{x}: {y} against {}", exact(x));
        }
        // A straight cost keeps its two ends.
        let straight =
            vertices(&[d(1), d(1_000_000)], &mut |x| Ok(x * Decimal::new(1, 6))).unwrap();
        assert_eq!(straight.len(), 2);
    }

    #[test]
    fn drawn_keeps_vertices_and_interpolates_between() {
        let vs = [(d(0), d(0)), (d(10), d(10)), (d(20), d(10))];
        assert_eq!(
            drawn(&vs, &[d(5), d(15)]),
            [
                (d(0), d(0)),
                (d(5), d(5)),
                (d(10), d(10)),
                (d(15), d(10)),
                (d(20), d(10))
            ]
        );
    }
}
