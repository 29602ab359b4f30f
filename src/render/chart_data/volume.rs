//! The volume charts: monthly cost against monthly requests (`cost_vs_requests`) and the price per
//! million requests against volume (`effective_price`), 1M to 100B requests on a log scale. Both are
//! drawn from each option's exact vertices (`vertices`): the request tier boundaries (drawn as guides),
//! for the cost chart every break-even point between the options (marked with its exact figures) and
//! the requests one below it, and any other kink the cost has; between them the straight line.

use rust_decimal::Decimal;

use super::{
    assumptions, colour, f, money, no_options, priced, series_name, vertices, volume_range_with,
    workload_for, Axis, Chart, ChartKind, Guide, Inputs, LinePanel, Marker, Panel, Scale, Series,
    Ticks, BLACK,
};
use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::breakeven;
use crate::model::cost::{units, Pricer};
use crate::render::fmt;

/// Plotting volumes per decade of the volume charts (a straight cost is curved on the log axis).
const PER_DECADE: u32 = 24;

/// The volume charts price per request: WebSocket APIs (priced per message) and an empty option list
/// are usage errors.
fn reject_websocket(kind: ChartKind, apis: &[ApiKind]) -> Result<()> {
    if apis.contains(&ApiKind::WebSocket) {
        return Err(Error::invalid(
            Field::Apis,
            apis.iter().map(|a| a.name()).collect::<Vec<_>>().join(","),
            format!(
                "options priced per request for the {} chart: rest, http, alb, function-url (WebSocket APIs are priced per message)",
                kind.name()
            ),
        ));
    }
    if apis.is_empty() {
        return Err(no_options());
    }
    Ok(())
}

/// The plotting volumes: `PER_DECADE` a decade from 1M to 100B (rounded to whole requests), plus `extra`
/// (tier boundaries, break-even points and the requests one below them), sorted and deduplicated.
fn sample_volumes(i: &Inputs, extra: &[Decimal]) -> Vec<Decimal> {
    let (lo, hi) = volume_range_with(i.mark);
    let decades = (f(hi) / f(lo)).log10().round() as u32;
    let mut xs: Vec<Decimal> = (0..=decades * PER_DECADE)
        .map(|k| {
            let v = f(lo) * 10f64.powf(f64::from(k) / f64::from(PER_DECADE));
            Decimal::from(v.round() as u64)
        })
        .collect();
    xs.extend(extra.iter().copied().filter(|x| *x >= lo && *x <= hi));
    xs.sort();
    xs.dedup();
    xs
}

/// Where each gateway option's request tiers change, in requests a month (HTTP requests larger than the
/// metering increment count as several units, so its boundaries move down).
fn tier_boundaries(i: &Inputs) -> Result<Vec<(ApiKind, Decimal)>> {
    let region = i.catalog.region(i.region)?;
    let (lo, hi) = volume_range_with(i.mark);
    let mut out = Vec::new();
    for &api in i.apis {
        let (table, units) = match api {
            ApiKind::Rest => (region.rest.as_ref(), Decimal::ONE),
            ApiKind::Http => (
                region.http.as_ref(),
                units::http_units_per_request(&i.catalog.metering, i.workload.request_size_kb),
            ),
            _ => (None, Decimal::ONE),
        };
        let Some(table) = table else { continue };
        for t in &table.tiers {
            if let Some(up) = t.up_to {
                let at = (up / units).ceil();
                if at >= lo && at <= hi {
                    out.push((api, at));
                }
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// Every break-even point between each pair of options over 1M..100B requests.
fn crossings(i: &Inputs) -> Result<Vec<(breakeven::BreakEven, breakeven::Crossing)>> {
    let (lo, hi) = volume_range_with(i.mark);
    let mut out = Vec::new();
    for (n, &a) in i.apis.iter().enumerate() {
        for &b in &i.apis[n + 1..] {
            let be = breakeven::search(&breakeven::Query {
                catalog: i.catalog,
                region: i.region,
                a: breakeven::OptionSpec {
                    api: a,
                    cache: i.workload.cache.is_some() && a == ApiKind::Rest,
                },
                b: breakeven::OptionSpec {
                    api: b,
                    cache: i.workload.cache.is_some() && b == ApiKind::Rest,
                },
                variable: breakeven::Variable::Requests,
                workload: i.workload,
                free_tier: i.free_tier,
                from: Some(lo),
                to: Some(hi),
                migration_cost: None,
                growth: Decimal::ZERO,
            })?;
            for c in be.points.clone() {
                out.push((be.clone(), c));
            }
        }
    }
    out.sort_by_key(|x| x.1.at);
    Ok(out)
}

/// The break-even label: `ALB = HTTP at 18,027,440 requests: $18.03`.
fn crossing_label(be: &breakeven::BreakEven, c: &breakeven::Crossing) -> String {
    let (ma, mb) = (money(c.cost_a), money(c.cost_b));
    let cost = if ma == mb { ma } else { format!("{ma} / {mb}") };
    format!(
        "{} = {} at {} requests: {}",
        be.a.title(),
        be.b.title(),
        fmt::quantity(c.at),
        cost
    )
}

/// A log axis from the power of ten at or below `min` to the one at or above `max` (display only).
pub(super) fn log_bounds(min: f64, max: f64) -> (f64, f64) {
    let lo = 10f64.powf(min.max(1e-3).log10().floor());
    let hi = 10f64.powf(max.max(lo * 10.0).log10().ceil());
    (lo, hi)
}

/// The priced curves of the volume charts: for each option, (requests, total, effective $/M) at each
/// plotting volume, on the piecewise-linear cost through its exact vertices (see `vertices`).
type Curve = (ApiKind, Vec<(Decimal, Decimal, Option<Decimal>)>);

fn curves(i: &Inputs, xs: &[Decimal], seeds: &[Decimal]) -> Result<Vec<Curve>> {
    let pricer = Pricer::new(i.catalog, i.region)?;
    let allowance = i.free_tier.month(0, i.free_tier.initial_credit());
    i.apis
        .iter()
        .map(|&api| {
            let w = workload_for(api, i.workload);
            let mut cost =
                |x: Decimal| Ok(pricer.quote(api, &w.with_requests(x), &allowance)?.total);
            let vs = vertices::vertices(seeds, &mut cost)?;
            let pts = vertices::drawn(&vs, xs)
                .into_iter()
                .map(|(x, t)| (x, t, per_million(t, x)))
                .collect();
            Ok((api, pts))
        })
        .collect()
}

/// Total cost per million requests (`None` at no requests), exact to 28 digits.
fn per_million(total: Decimal, requests: Decimal) -> Option<Decimal> {
    if requests.is_zero() {
        return None;
    }
    total
        .checked_mul(Decimal::from(1_000_000))?
        .checked_div(requests)
}

/// Where a curve is priced before its kinks are searched: each power of ten of the range and `extra`
/// (tier boundaries, break-even points and the requests one below them, the marked volume).
fn seeds(i: &Inputs, extra: &[Decimal]) -> Vec<Decimal> {
    let (lo, hi) = volume_range_with(i.mark);
    let mut xs = vec![lo];
    while let Some(next) = xs.last().and_then(|x| x.checked_mul(Decimal::TEN)) {
        if next > hi {
            break;
        }
        xs.push(next);
    }
    xs.push(hi);
    xs.extend(extra.iter().copied().filter(|x| *x >= lo && *x <= hi));
    xs.sort();
    xs.dedup();
    xs
}

fn volume_axis(i: &Inputs) -> Axis {
    let (lo, hi) = volume_range_with(i.mark);
    Axis {
        label: "Requests a month (log scale)".into(),
        min: f(lo),
        max: f(hi),
        scale: Scale::Log,
        ticks: Ticks::Count,
    }
}

fn guides(i: &Inputs) -> Result<Vec<Guide>> {
    Ok(tier_boundaries(i)?
        .into_iter()
        .map(|(api, at)| Guide {
            x: f(at),
            label: format!("{} {}", api.short(), fmt::compact(at)),
            colour: colour(api),
        })
        .collect())
}

fn option_names(apis: &[ApiKind]) -> String {
    apis.iter()
        .map(|a| a.short())
        .collect::<Vec<_>>()
        .join(" vs ")
}

/// The options as prose after "break-even": "between REST and HTTP", "among REST, HTTP and ALB".
fn between_names(apis: &[ApiKind]) -> String {
    let names: Vec<&str> = apis.iter().map(|a| a.short()).collect();
    match names.split_last() {
        Some((last, rest)) if rest.len() > 1 => format!("among {} and {last}", rest.join(", ")),
        Some((last, rest)) if rest.len() == 1 => format!("between {} and {last}", rest[0]),
        _ => format!("for {}", names.join("")),
    }
}

/// Monthly cost of each option against monthly requests, 1M to 100B, both axes log-scaled; request tier
/// boundaries as guides and every break-even point between the options marked with its exact figures.
pub fn cost_vs_requests(i: &Inputs) -> Result<Chart> {
    reject_websocket(ChartKind::CostVsRequests, i.apis)?;
    let (apis, unpriced) = priced(i)?;
    let i = &Inputs { apis: &apis, ..*i };
    let bounds = tier_boundaries(i)?;
    let points = crossings(i)?;
    let mut extra: Vec<Decimal> = bounds.iter().map(|b| b.1).collect();
    for (_, c) in &points {
        extra.push(c.at);
        extra.push(c.at - Decimal::ONE);
    }
    extra.extend(marked(i));
    let xs = sample_volumes(i, &extra);
    let curves = curves(i, &xs, &seeds(i, &extra))?;
    let (ylo, yhi) = cost_bounds(&curves);
    let series = curves
        .iter()
        .map(|(api, pts)| Series {
            name: series_name(*api, i.workload),
            colour: colour(*api),
            // A month that costs nothing sits on the axis floor (a log axis has no zero).
            points: pts
                .iter()
                .map(|(x, t, _)| (f(*x), f(*t).max(ylo)))
                .collect(),
        })
        .collect();
    let mut markers = points
        .iter()
        .map(|(be, c)| Marker {
            x: f(c.at),
            y: f(c.cost_a).max(ylo),
            label: crossing_label(be, c),
        })
        .collect::<Vec<_>>();
    let crossings_found = !markers.is_empty();
    markers.extend(mark_markers(i, &curves, ylo, |(_, t, _)| Some(*t), money));
    let mut notes =
        vec!["Dashed lines: where a request tier changes (cumulative monthly tiers).".to_string()];
    if !crossings_found && i.apis.len() > 1 {
        let (lo, hi) = volume_range_with(i.mark);
        notes.push(format!(
            "No break-even {} from {} to {} requests: the order never changes.",
            between_names(i.apis),
            fmt::compact(lo),
            fmt::compact(hi)
        ));
    }
    notes.extend(unpriced);
    Ok(Chart {
        title: format!(
            "Monthly cost by requests: {} in {}",
            option_names(i.apis),
            i.region
        ),
        subtitle: assumptions(i),
        panels: vec![Panel::Lines(LinePanel {
            caption: String::new(),
            x: volume_axis(i),
            y: Axis {
                label: "Monthly cost, USD (log scale)".into(),
                min: ylo,
                max: yhi,
                scale: Scale::Log,
                ticks: Ticks::Money,
            },
            series,
            guides: guides(i)?.into_iter().chain(mark_guide(i)).collect(),
            markers,
        })],
        notes,
    })
}

/// The log y range of the cost chart: the powers of ten around the smallest non-zero and the largest
/// monthly cost of any option (display only).
fn cost_bounds(curves: &[Curve]) -> (f64, f64) {
    let (mut ymin, mut ymax) = (f64::MAX, 0f64);
    for (_, pts) in curves {
        for (_, total, _) in pts {
            let y = f(*total);
            if y > 0.0 {
                ymin = ymin.min(y);
            }
            ymax = ymax.max(y);
        }
    }
    log_bounds(if ymin == f64::MAX { 1.0 } else { ymin }, ymax)
}

/// The marked volume, when it is inside the x range.
fn marked(i: &Inputs) -> Option<Decimal> {
    let (lo, hi) = volume_range_with(i.mark);
    i.mark.filter(|m| *m >= lo && *m <= hi)
}

fn mark_guide(i: &Inputs) -> Option<Guide> {
    marked(i).map(|m| Guide {
        x: f(m),
        label: format!("{} a month", fmt::compact(m)),
        colour: BLACK,
    })
}

/// One marker per option at the marked volume, labelled with the exact figure there.
fn mark_markers(
    i: &Inputs,
    curves: &[Curve],
    floor: f64,
    value: impl Fn(&(Decimal, Decimal, Option<Decimal>)) -> Option<Decimal>,
    show: impl Fn(Decimal) -> String,
) -> Vec<Marker> {
    let Some(m) = marked(i) else {
        return Vec::new();
    };
    curves
        .iter()
        .filter_map(|(api, pts)| {
            let p = pts.iter().find(|p| p.0 == m)?;
            let v = value(p)?;
            Some(Marker {
                x: f(m),
                y: f(v).max(floor),
                label: format!("{} {}", api.short(), show(v)),
            })
        })
        .collect()
}

/// Price per million requests (total cost / requests × 1M, from the model) against volume.
pub fn effective_price(i: &Inputs) -> Result<Chart> {
    reject_websocket(ChartKind::EffectivePrice, i.apis)?;
    let (apis, unpriced) = priced(i)?;
    let i = &Inputs { apis: &apis, ..*i };
    let mut extra: Vec<Decimal> = tier_boundaries(i)?.iter().map(|b| b.1).collect();
    extra.extend(marked(i));
    let xs = sample_volumes(i, &extra);
    let curves = curves(i, &xs, &seeds(i, &extra))?;
    let y = price_axis(&curves);
    let floor = y.min;
    let series = curves
        .iter()
        .map(|(api, pts)| Series {
            name: series_name(*api, i.workload),
            colour: colour(*api),
            points: pts
                .iter()
                .map(|(x, _, p)| (f(*x), f(p.unwrap_or_default()).max(floor)))
                .collect(),
        })
        .collect();
    // The price at the marked volume, else at both ends of the range, as exact figures.
    let mut markers = mark_markers(i, &curves, floor, |p| p.2, |v| format!("{}/M", money(v)));
    if markers.is_empty() {
        markers = end_markers(&curves, floor);
    }
    Ok(Chart {
        title: format!(
            "Price per million requests by volume: {} in {}",
            option_names(i.apis),
            i.region
        ),
        subtitle: assumptions(i),
        panels: vec![Panel::Lines(LinePanel {
            caption: String::new(),
            x: volume_axis(i),
            y,
            series,
            guides: guides(i)?.into_iter().chain(mark_guide(i)).collect(),
            markers,
        })],
        notes: std::iter::once(
            "Total monthly cost divided by monthly requests; dashed lines: request tier changes."
                .to_string(),
        )
        .chain(unpriced)
        .collect(),
    })
}

/// The y axis of the price chart: log-scaled when the prices span more than a factor of 20, else
/// linear from zero (display only).
fn price_axis(curves: &[Curve]) -> Axis {
    let (mut ymin, mut ymax) = (f64::MAX, 0f64);
    for (_, pts) in curves {
        for (_, _, p) in pts {
            let y = f(p.unwrap_or_default());
            if y > 0.0 {
                ymin = ymin.min(y);
            }
            ymax = ymax.max(y);
        }
    }
    if ymin == f64::MAX {
        ymin = 0.01;
    }
    let log = ymax / ymin > 20.0;
    if log {
        let (lo, hi) = log_bounds(ymin, ymax);
        Axis {
            label: "USD per million requests (log scale)".into(),
            min: lo,
            max: hi,
            scale: Scale::Log,
            ticks: Ticks::PricePerMillion,
        }
    } else {
        Axis {
            label: "USD per million requests".into(),
            min: 0.0,
            max: ymax * 1.15,
            scale: Scale::Linear,
            ticks: Ticks::PricePerMillion,
        }
    }
}

/// Each option's price at both ends of the range, as exact figures (when no volume is marked).
fn end_markers(curves: &[Curve], floor: f64) -> Vec<Marker> {
    let mut markers = Vec::new();
    for (api, pts) in curves {
        for (x, _, p) in [pts.first(), pts.last()].into_iter().flatten() {
            if let Some(p) = p {
                markers.push(Marker {
                    x: f(*x),
                    y: f(*p).max(floor),
                    label: format!("{} {}/M", api.short(), money(*p)),
                });
            }
        }
    }
    markers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalog::Catalog;
    use crate::model::free_tier::FreeTier;
    use crate::model::workload::Workload;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn samples_cover_the_range_and_include_boundaries() {
        let c = Catalog::embedded_regions(&["us-east-1"]).unwrap();
        let w = Workload::requests(Decimal::ONE);
        let i = Inputs {
            catalog: &c,
            region: "us-east-1",
            apis: &[ApiKind::Rest],
            workload: &w,
            free_tier: &FreeTier::None,
            mark: None,
        };
        let xs = sample_volumes(&i, &[d("333000000"), d("5")]);
        assert_eq!(xs.first(), Some(&d("1000000")));
        assert_eq!(xs.last(), Some(&d("100000000000")));
        assert!(xs.contains(&d("333000000")));
        assert!(!xs.contains(&d("5")));
        assert!(xs.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn rest_and_http_tier_boundaries_in_us_east_1() {
        let c = Catalog::embedded_regions(&["us-east-1"]).unwrap();
        let w = Workload::requests(Decimal::ONE);
        let i = Inputs {
            catalog: &c,
            region: "us-east-1",
            apis: &[ApiKind::Rest, ApiKind::Http],
            workload: &w,
            free_tier: &FreeTier::None,
            mark: None,
        };
        let labels: Vec<String> = guides(&i).unwrap().into_iter().map(|g| g.label).collect();
        assert_eq!(
            labels,
            vec!["HTTP 300M", "REST 333M", "REST 1B", "REST 20B"]
        );
    }

    #[test]
    fn alb_http_break_even_is_marked_with_exact_figures() {
        let c = Catalog::embedded_regions(&["us-east-1"]).unwrap();
        let w = Workload::requests(Decimal::ONE);
        let i = Inputs {
            catalog: &c,
            region: "us-east-1",
            apis: &[ApiKind::Alb, ApiKind::Http],
            workload: &w,
            free_tier: &FreeTier::None,
            mark: None,
        };
        let chart = cost_vs_requests(&i).unwrap();
        let Panel::Lines(p) = &chart.panels[0] else {
            panic!()
        };
        assert_eq!(p.markers.len(), 1);
        assert!(
            p.markers[0]
                .label
                .starts_with("ALB = HTTP at 18,027,440 requests"),
            "{}",
            p.markers[0].label
        );
    }

    /// Every point a curve is drawn through is the model's exact cost there (a vertex priced, or the
    /// straight line between two vertices that the model follows): REST, HTTP (40 KB requests) and ALB
    /// (whose capacity units are the largest of its dimensions); and REST's kink at its 333M tier
    /// boundary is a vertex: 333M x $3.50/M = $1,165.50.
    #[test]
    fn curves_are_drawn_through_exact_vertices() {
        let c = Catalog::embedded_regions(&["us-east-1"]).unwrap();
        let mut w = Workload::requests(Decimal::ONE);
        w.request_size_kb = Some(d("40"));
        let apis = [ApiKind::Rest, ApiKind::Http, ApiKind::Alb];
        let i = Inputs {
            catalog: &c,
            region: "us-east-1",
            apis: &apis,
            workload: &w,
            free_tier: &FreeTier::None,
            mark: None,
        };
        let extra: Vec<Decimal> = tier_boundaries(&i).unwrap().iter().map(|b| b.1).collect();
        let xs = sample_volumes(&i, &extra);
        let curves = curves(&i, &xs, &seeds(&i, &extra)).unwrap();
        let pricer = Pricer::new(&c, "us-east-1").unwrap();
        let none = FreeTier::None.month(0, FreeTier::None.initial_credit());
        for (api, pts) in &curves {
            assert!(pts.len() >= xs.len(), "{api:?}");
            for (x, total, per_m) in pts {
                let q = pricer
                    .quote(*api, &workload_for(*api, &w).with_requests(*x), &none)
                    .unwrap();
                let gap = (q.total - total).abs();
                assert!(
                    gap <= q.total * Decimal::new(1, 9),
                    "{api:?} at {x}: {total} against {}",
                    q.total
                );
                assert_eq!(*per_m, per_million(*total, *x));
            }
        }
        let rest = &curves[0].1;
        let at = rest.iter().find(|p| p.0 == d("333000000")).unwrap();
        assert_eq!(at.1, d("1165.50"));
    }
}
