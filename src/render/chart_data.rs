//! Chart data: what each chart shows, built from the model (the cost engine, the projection, the
//! break-even search, the catalog's tier tables). The drawing code (`render::chart`) only draws what it is
//! given here; it does no cost arithmetic.
//!
//! **Display-only floats.** Exact `Decimal` amounts become `f64` in this module and only here, and only
//! as plotting coordinates. Every figure written as text on a chart (break-even labels, bar values,
//! totals) is formatted from the exact `Decimal` by `render::fmt`, never from an `f64`. The sample
//! volumes of a curve are chosen with floats (evenly spaced on a log scale) and rounded to whole requests;
//! the cost at each sample is then priced exactly. Tier boundaries and break-even points are added to the
//! samples, so every kink of a curve is drawn where it is.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::breakeven;
use crate::model::catalog::Catalog;
use crate::model::cost::{units, Pricer};
use crate::model::free_tier::FreeTier;
use crate::model::latency::LatencyResult;
use crate::model::projection;
use crate::model::workload::Workload;
use crate::render::fmt;

/// The charts `apigw-cost chart` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChartKind {
    /// Monthly cost of each option against monthly requests (1M to 100B, log scales), tier boundaries and
    /// break-even points marked.
    CostVsRequests,
    /// Price per million requests against volume for each option.
    EffectivePrice,
    /// Month-by-month cost per option with growth and the free tier, and the cumulative saving.
    Projection,
    /// Added-latency percentiles (p50, p90, p99, p99.9) per option from the latency model.
    Latency,
    /// One profile's monthly cost in every region that prices the option, sorted.
    Regions,
}

impl ChartKind {
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::CostVsRequests => "cost-vs-requests",
            ChartKind::EffectivePrice => "effective-price",
            ChartKind::Projection => "projection",
            ChartKind::Latency => "latency",
            ChartKind::Regions => "regions",
        }
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

/// The Okabe-Ito palette (safe for the common colour-vision deficiencies), one fixed colour per option
/// so an option has the same colour on every chart. Yellow (#F0E442) is left out: too faint on white.
pub fn colour(api: ApiKind) -> Colour {
    match api {
        ApiKind::Rest => Colour(0xD5, 0x5E, 0x00), // vermillion
        ApiKind::Http => Colour(0x00, 0x72, 0xB2), // blue
        ApiKind::WebSocket => Colour(0xCC, 0x79, 0xA7), // reddish purple
        ApiKind::Alb => Colour(0x00, 0x9E, 0x73),  // bluish green
        ApiKind::FunctionUrl => Colour(0xE6, 0x9F, 0x00), // orange
    }
}

/// Black, for totals and savings that belong to no single option.
pub const BLACK: Colour = Colour(0, 0, 0);

/// How an axis is scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Linear,
    Log,
}

/// How an axis's tick values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ticks {
    /// `$0`, `$950`, `$1.2k`, `$49.8k`, `$1.5M`.
    Money,
    /// `$3.50`, `$0.90` (price per million requests).
    PricePerMillion,
    /// `1M`, `10M`, `1B`.
    Count,
    /// Whole months: `1`, `6`, `12`.
    Month,
    /// Milliseconds: `12 ms`.
    Millis,
}

/// One axis: its label, range, scale and tick format.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub label: String,
    pub min: f64,
    pub max: f64,
    pub scale: Scale,
    pub ticks: Ticks,
}

/// One line of a line panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub colour: Colour,
    /// Plotting coordinates (display only), in x order.
    pub points: Vec<(f64, f64)>,
}

/// A vertical guide line at `x` with a label (a tier boundary).
#[derive(Debug, Clone, PartialEq)]
pub struct Guide {
    pub x: f64,
    pub label: String,
    pub colour: Colour,
}

/// A point marked and labelled (a break-even point, a final value).
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub y: f64,
    pub label: String,
}

/// Lines over two axes.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePanel {
    pub caption: String,
    pub x: Axis,
    pub y: Axis,
    pub series: Vec<Series>,
    pub guides: Vec<Guide>,
    pub markers: Vec<Marker>,
}

/// One horizontal bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// The exact figure, formatted.
    pub value_label: String,
    pub colour: Colour,
}

/// Horizontal bars, in the order given (top to bottom).
#[derive(Debug, Clone, PartialEq)]
pub struct BarPanel {
    pub caption: String,
    pub value_axis: Axis,
    pub bars: Vec<Bar>,
}

/// A panel of a chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Panel {
    Lines(LinePanel),
    Bars(BarPanel),
}

/// A whole chart: a title stating region and assumptions, a subtitle, panels stacked top to bottom, and
/// footnotes.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub subtitle: String,
    pub panels: Vec<Panel>,
    pub notes: Vec<String>,
}

/// The inputs every chart is built from.
pub struct Inputs<'a> {
    pub catalog: &'a Catalog,
    pub region: &'a str,
    pub apis: &'a [ApiKind],
    pub workload: &'a Workload,
    pub free_tier: &'a FreeTier,
    /// The volume charts mark this volume (the profile's or `--requests`) with each option's cost there.
    pub mark: Option<Decimal>,
}

/// The x range of the volume charts: 1M to 100B requests a month.
pub fn volume_range() -> (Decimal, Decimal) {
    (
        Decimal::from(1_000_000u64),
        Decimal::from(100_000_000_000u64),
    )
}

/// Samples per decade of the volume charts.
const PER_DECADE: u32 = 24;

/// Display-only conversion of an exact amount to a plotting coordinate.
fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// The assumptions line shared by the charts: sizes, cache, backend, free tier, prices.
fn assumptions(i: &Inputs) -> String {
    let w = i.workload;
    let mut parts = Vec::new();
    if let Some(s) = w.request_size_kb {
        parts.push(format!("request {} KB", s.normalize()));
    }
    if let Some(s) = w.response_size_kb {
        parts.push(format!("response {} KB", s.normalize()));
    }
    if let Some(c) = &w.cache {
        parts.push(format!(
            "REST cache {} GB at {}% hits",
            c.size_gb.normalize(),
            (c.hit_rate * Decimal::from(100)).normalize()
        ));
    }
    if let Some(b) = &w.backend {
        parts.push(format!(
            "Lambda {} ms, {} MB, {}",
            b.duration_ms.normalize(),
            b.memory_mb.normalize(),
            b.arch.name()
        ));
    }
    parts.push(format!("free tier: {}", i.free_tier.label()));
    parts.push(format!(
        "AWS prices published {}",
        i.catalog.provenance.published
    ));
    parts.join(" · ")
}

/// The workload as one option sees it: the REST stage cache exists only on REST APIs, so the other
/// options are priced without it (as `breakeven --between rest+cache,http` does).
fn workload_for(api: ApiKind, w: &Workload) -> Workload {
    w.for_option(api)
}

/// The series name of an option: `REST API`, or `REST API with 6.1 GB cache`.
fn series_name(api: ApiKind, w: &Workload) -> String {
    match (&w.cache, api) {
        (Some(c), ApiKind::Rest) => {
            format!("{} with {} GB cache", api.title(), c.size_gb.normalize())
        }
        _ => api.title().to_string(),
    }
}

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
        return Err(Error::invalid(Field::Apis, "(none)", "at least one option"));
    }
    Ok(())
}

/// The sample volumes: `PER_DECADE` a decade from 1M to 100B (rounded to whole requests), plus `extra`
/// (tier boundaries, break-even points and the requests one below them), sorted and deduplicated.
fn sample_volumes(extra: &[Decimal]) -> Vec<Decimal> {
    let (lo, hi) = volume_range();
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
    let (lo, hi) = volume_range();
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
    let (lo, hi) = volume_range();
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
    let (ma, mb) = (fmt::money(c.cost_a), fmt::money(c.cost_b));
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
fn log_bounds(min: f64, max: f64) -> (f64, f64) {
    let lo = 10f64.powf(min.max(1e-3).log10().floor());
    let hi = 10f64.powf(max.max(lo * 10.0).log10().ceil());
    (lo, hi)
}

/// The priced curves of the volume charts: for each option, (requests, total, effective $/M) at each
/// sample volume, exact.
type Curve = (ApiKind, Vec<(Decimal, Decimal, Option<Decimal>)>);

fn curves(i: &Inputs, xs: &[Decimal]) -> Result<Vec<Curve>> {
    let pricer = Pricer::new(i.catalog, i.region)?;
    let allowance = i.free_tier.month(0, i.free_tier.initial_credit());
    i.apis
        .iter()
        .map(|&api| {
            let w = workload_for(api, i.workload);
            let pts = xs
                .iter()
                .map(|&x| {
                    let q = pricer.quote(api, &w.with_requests(x), &allowance)?;
                    Ok((x, q.total, q.effective_per_million()))
                })
                .collect::<Result<Vec<_>>>()?;
            Ok((api, pts))
        })
        .collect()
}

fn volume_axis() -> Axis {
    let (lo, hi) = volume_range();
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

/// Monthly cost of each option against monthly requests, 1M to 100B, both axes log-scaled; request tier
/// boundaries as guides and every break-even point between the options marked with its exact figures.
pub fn cost_vs_requests(i: &Inputs) -> Result<Chart> {
    reject_websocket(ChartKind::CostVsRequests, i.apis)?;
    let bounds = tier_boundaries(i)?;
    let points = crossings(i)?;
    let mut extra: Vec<Decimal> = bounds.iter().map(|b| b.1).collect();
    for (_, c) in &points {
        extra.push(c.at);
        extra.push(c.at - Decimal::ONE);
    }
    extra.extend(marked(i));
    let xs = sample_volumes(&extra);
    let curves = curves(i, &xs)?;
    let (mut ymin, mut ymax) = (f64::MAX, 0f64);
    for (_, pts) in &curves {
        for (_, total, _) in pts {
            let y = f(*total);
            if y > 0.0 {
                ymin = ymin.min(y);
            }
            ymax = ymax.max(y);
        }
    }
    let (ylo, yhi) = log_bounds(if ymin == f64::MAX { 1.0 } else { ymin }, ymax);
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
    markers.extend(mark_markers(
        i,
        &curves,
        ylo,
        |(_, t, _)| Some(*t),
        fmt::money,
    ));
    let mut notes =
        vec!["Dashed lines: where a request tier changes (cumulative monthly tiers).".to_string()];
    if !crossings_found && i.apis.len() > 1 {
        notes.push(format!(
            "No break-even between {} from 1M to 100B requests: the order never changes.",
            option_names(i.apis)
        ));
    }
    Ok(Chart {
        title: format!(
            "Monthly cost by requests: {} in {}",
            option_names(i.apis),
            i.region
        ),
        subtitle: assumptions(i),
        panels: vec![Panel::Lines(LinePanel {
            caption: String::new(),
            x: volume_axis(),
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

/// The marked volume, when it is inside the x range.
fn marked(i: &Inputs) -> Option<Decimal> {
    let (lo, hi) = volume_range();
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
    let mut extra: Vec<Decimal> = tier_boundaries(i)?.iter().map(|b| b.1).collect();
    extra.extend(marked(i));
    let xs = sample_volumes(&extra);
    let curves = curves(i, &xs)?;
    let (mut ymin, mut ymax) = (f64::MAX, 0f64);
    for (_, pts) in &curves {
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
    let y = if log {
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
    };
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
    let mut markers = mark_markers(
        i,
        &curves,
        floor,
        |p| p.2,
        |v| format!("{}/M", fmt::money(v)),
    );
    let ends = if markers.is_empty() { &curves[..] } else { &[] };
    for (api, pts) in ends {
        for (x, _, p) in [pts.first(), pts.last()].into_iter().flatten() {
            if let Some(p) = p {
                markers.push(Marker {
                    x: f(*x),
                    y: f(*p).max(floor),
                    label: format!("{} {}/M", api.short(), fmt::money(*p)),
                });
            }
        }
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
            x: volume_axis(),
            y,
            series,
            guides: guides(i)?.into_iter().chain(mark_guide(i)).collect(),
            markers,
        })],
        notes: vec![
            "Total monthly cost divided by monthly requests; dashed lines: request tier changes."
                .into(),
        ],
    })
}

/// Month-by-month cost of each option (growth and the free tier over time), and the cumulative saving of
/// the cheapest option against the dearest.
pub fn projection(i: &Inputs, volumes: &[Decimal], growth: Decimal) -> Result<Chart> {
    if i.apis.is_empty() {
        return Err(Error::invalid(Field::Apis, "(none)", "at least one option"));
    }
    // Each option on its own workload (the cache only on REST), then side by side.
    let mut p = projection::Projection {
        region: i.region.to_string(),
        options: Vec::new(),
    };
    for &api in i.apis {
        let one = projection::project(
            i.catalog,
            i.region,
            &[api],
            &workload_for(api, i.workload),
            volumes,
            i.free_tier,
        )?;
        p.options.extend(one.options);
    }
    let months = volumes.len();
    // What the free tier took off each option's bill over the horizon (the model's monthly effects).
    let mut notes = Vec::new();
    if *i.free_tier != FreeTier::None {
        let saved: Vec<String> = p
            .options
            .iter()
            .map(|o| {
                let effect: Decimal = o.months.iter().map(|m| m.free_tier_effect).sum();
                format!("{} {}", o.api.short(), fmt::money(effect))
            })
            .collect();
        notes.push(format!(
            "Free tier ({}) included in the monthly costs: it saves {} over the {} months.",
            i.free_tier.label(),
            saved.join(", "),
            months
        ));
    }
    let mut ymax = 0f64;
    let series: Vec<Series> = p
        .options
        .iter()
        .map(|o| {
            let pts: Vec<(f64, f64)> = o
                .months
                .iter()
                .map(|m| (f64::from(m.month), f(m.quote.total)))
                .collect();
            for (_, y) in &pts {
                ymax = ymax.max(*y);
            }
            Series {
                name: format!(
                    "{} ({} in total)",
                    series_name(o.api, i.workload),
                    fmt::money(o.total)
                ),
                colour: colour(o.api),
                points: pts,
            }
        })
        .collect();
    let x = Axis {
        label: "Month".into(),
        min: 1.0,
        max: months.max(2) as f64,
        scale: Scale::Linear,
        ticks: Ticks::Month,
    };
    let mut panels = vec![Panel::Lines(LinePanel {
        caption: "Monthly cost".into(),
        x: x.clone(),
        y: Axis {
            label: "Monthly cost, USD".into(),
            min: 0.0,
            max: if ymax > 0.0 { ymax * 1.12 } else { 1.0 },
            scale: Scale::Linear,
            ticks: Ticks::Money,
        },
        series,
        guides: vec![],
        markers: vec![],
    })];
    if let Some((cheap, dear)) = p.extremes().filter(|(c, d)| c != d) {
        let saving = p.cumulative_saving(cheap, dear).unwrap_or_default();
        let pts: Vec<(f64, f64)> = saving
            .iter()
            .enumerate()
            .map(|(m, s)| ((m + 1) as f64, f(*s)))
            .collect();
        let (smin, smax) = pts
            .iter()
            .fold((0f64, 0f64), |(lo, hi), (_, y)| (lo.min(*y), hi.max(*y)));
        let last = saving.last().copied().unwrap_or_default();
        let name = format!(
            "{} saves against {}, cumulative",
            cheap.short(),
            dear.short()
        );
        panels.push(Panel::Lines(LinePanel {
            caption: "Cumulative saving".into(),
            x,
            y: Axis {
                label: "Saving, USD".into(),
                min: smin * 1.12,
                // Headroom above the last month for its label.
                max: if smax > 0.0 { smax * 1.4 } else { 1.0 },
                scale: Scale::Linear,
                ticks: Ticks::Money,
            },
            markers: vec![Marker {
                x: months as f64,
                y: f(last),
                label: format!("{} after {} months", fmt::money(last), months),
            }],
            series: vec![Series {
                name,
                colour: BLACK,
                points: pts,
            }],
            guides: vec![],
        }));
    }
    let first = volumes.first().copied().unwrap_or_default();
    let last = volumes.last().copied().unwrap_or_default();
    let volume = if first.is_zero() && i.workload.messages.is_some() {
        // A WebSocket-only workload: the projection scales messages with requests, and there are none.
        format!(
            "{} WebSocket messages a month",
            fmt::compact(i.workload.messages.unwrap_or_default())
        )
    } else if growth.is_zero() {
        format!("{} requests a month, flat", fmt::compact(first))
    } else {
        format!(
            "{} requests in month 1, {} {}% a month to {}",
            fmt::compact(first),
            if growth.is_sign_negative() {
                "shrinking"
            } else {
                "growing"
            },
            (growth.abs() * Decimal::from(100)).normalize(),
            fmt::compact(last)
        )
    };
    Ok(Chart {
        title: format!("{}-month projection in {}: {}", months, i.region, volume),
        subtitle: assumptions(i),
        panels,
        notes,
    })
}

/// The profile's monthly cost in every region whose catalog entry prices `api`, cheapest first.
pub fn regions(i: &Inputs, api: ApiKind) -> Result<Chart> {
    let allowance = i.free_tier.month(0, i.free_tier.initial_credit());
    let mut rows = Vec::new();
    let mut left_out = Vec::new();
    let mut partial = false;
    for code in i.catalog.regions_pricing(api) {
        let pricer = Pricer::new(i.catalog, code)?;
        match pricer.quote(api, &workload_for(api, i.workload), &allowance) {
            Ok(q) => {
                let r = i.catalog.region(code)?;
                let warn = !q.warnings.is_empty();
                partial |= warn;
                rows.push((code.to_string(), r.location.clone(), q.total, warn));
            }
            Err(Error::NotPriced { what, .. }) => left_out.push((code.to_string(), what)),
            Err(e) => return Err(e),
        }
    }
    if rows.is_empty() {
        return Err(Error::NotPriced {
            what: format!("this {} workload", api.title()),
            region: "any region".into(),
            available: String::new(),
        });
    }
    rows.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0)));
    let max = rows.iter().map(|r| f(r.2)).fold(0f64, f64::max);
    let bars = rows
        .iter()
        .map(|(code, loc, total, warn)| Bar {
            label: if code == i.region {
                format!("▶ {code} · {loc}")
            } else {
                format!("{code} · {loc}")
            },
            value: f(*total),
            value_label: format!("{}{}", fmt::money(*total), if *warn { " *" } else { "" }),
            colour: colour(api),
        })
        .collect();
    let mut notes = Vec::new();
    if partial {
        notes.push(
            "* a meter is not priced in that region's catalog entry (e.g. data transfer): its total leaves it out."
                .to_string(),
        );
    }
    let unpriced: Vec<&str> = i
        .catalog
        .regions
        .values()
        .filter(|r| !r.prices(api))
        .map(|r| r.code.as_str())
        .collect();
    if !unpriced.is_empty() {
        notes.push(format!(
            "Not shown (no {} prices in the catalog): {}.",
            api.title(),
            unpriced.join(", ")
        ));
    }
    // Regions left out, one line per reason, the first few named.
    let mut reasons: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (code, what) in &left_out {
        reasons
            .entry(what.as_str())
            .or_default()
            .push(code.as_str());
    }
    for (what, codes) in reasons {
        let shown = codes.iter().take(6).copied().collect::<Vec<_>>().join(", ");
        let more = if codes.len() > 6 {
            format!(" and {} more", codes.len() - 6)
        } else {
            String::new()
        };
        notes.push(format!(
            "Left out, no price for {what}: {} region{} ({shown}{more}).",
            codes.len(),
            if codes.len() == 1 { "" } else { "s" }
        ));
    }
    let volume = if api == ApiKind::WebSocket {
        format!(
            "{} messages",
            fmt::compact(i.workload.messages.unwrap_or_default())
        )
    } else {
        format!("{} requests", fmt::compact(i.workload.requests))
    };
    Ok(Chart {
        title: format!(
            "{} monthly cost by region: {} a month, {} region{}, cheapest first",
            api.title(),
            volume,
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        ),
        subtitle: format!("▶ the profile's region ({}) · {}", i.region, assumptions(i)),
        panels: vec![Panel::Bars(BarPanel {
            caption: String::new(),
            value_axis: Axis {
                label: "Monthly cost, USD".into(),
                min: 0.0,
                max: if max > 0.0 { max * 1.16 } else { 1.0 },
                scale: Scale::Linear,
                ticks: Ticks::Money,
            },
            bars,
        })],
        notes,
    })
}

/// Added latency per option from the latency model: one bar per percentile (p50, p90, p99, p99.9),
/// grouped by option in the option's colour. Latency is not money: the model's milliseconds are drawn
/// as they are.
pub fn latency(results: &[LatencyResult]) -> Result<Chart> {
    let first = results
        .first()
        .ok_or_else(|| Error::invalid(Field::Apis, "(none)", "at least one option"))?;
    let mut bars = Vec::new();
    let mut max = 0f64;
    for r in results {
        let e = &r.end_to_end;
        for (name, v) in [
            ("p50", e.p50_ms),
            ("p90", e.p90_ms),
            ("p99", e.p99_ms),
            ("p99.9", e.p999_ms),
        ] {
            max = max.max(v);
            bars.push(Bar {
                label: format!("{} {name}", r.api.title()),
                value: v,
                value_label: format!("{} ms", crate::render::ms(v)),
                colour: colour(r.api),
            });
        }
    }
    let mut notes: Vec<String> = results
        .iter()
        .map(|r| {
            let mut parts: Vec<&crate::model::latency::ComponentResult> =
                r.components.iter().filter(|c| c.share > 0.0).collect();
            parts.sort_by(|a, b| b.share.total_cmp(&a.share));
            format!(
                "{}: mean {} ms; {}",
                r.api.short(),
                crate::render::ms(r.end_to_end.mean_ms),
                parts
                    .iter()
                    .take(3)
                    .map(|c| format!("{} {}", c.name, crate::render::share(c.share)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    let cold: Vec<String> = results
        .iter()
        .filter_map(|r| {
            r.cold_start
                .as_ref()
                .map(|c| format!("{} {}", r.api.short(), crate::render::share(c.rate)))
        })
        .collect();
    let mut subtitle = format!(
        "Monte Carlo, {} samples per option, seed {}",
        fmt::quantity(Decimal::from(first.samples as u64)),
        first.seed
    );
    if !cold.is_empty() {
        subtitle.push_str(&format!(
            " · cold starts (share of invocations): {}",
            cold.join(", ")
        ));
    }
    if first
        .notes
        .iter()
        .any(|n| n.contains("client network and TLS set-up excluded"))
    {
        subtitle.push_str(" · client network and TLS set-up excluded");
    }
    notes.push("Each component a log-normal fitted to its p50 and p99 (data/latency.json), summed per request; percentiles do not add.".into());
    Ok(Chart {
        title: format!(
            "Added latency per request: {}",
            results
                .iter()
                .map(|r| r.api.short())
                .collect::<Vec<_>>()
                .join(" vs ")
        ),
        subtitle,
        panels: vec![Panel::Bars(BarPanel {
            caption: String::new(),
            value_axis: Axis {
                label: "Added latency, ms (AWS side)".into(),
                min: 0.0,
                max: if max > 0.0 { max * 1.15 } else { 1.0 },
                scale: Scale::Linear,
                ticks: Ticks::Millis,
            },
            bars,
        })],
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn samples_cover_the_range_and_include_boundaries() {
        let xs = sample_volumes(&[d("333000000"), d("5")]);
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
}
