//! Chart data: what each chart shows, built from the model (the cost engine, the projection, the
//! break-even search, the catalog's tier tables). The drawing code (`render::chart`) only draws what it is
//! given here; it does no cost arithmetic.
//!
//! **Display-only floats.** Exact `Decimal` amounts become `f64` in this module and only here, and only
//! as plotting coordinates. Every figure written as text on a chart (break-even labels, bar values,
//! totals) is formatted from the exact `Decimal` by `render::fmt`, never from an `f64`. A volume curve
//! is drawn from its vertices (`vertices`): the cost is piecewise linear in requests, so it is priced
//! exactly at the range's ends, the tier boundaries and break-even points, and wherever an interval is
//! found not to be straight; between vertices it is the straight line between them, evaluated exactly
//! at plotting positions spaced evenly on the log axis. Every kink is drawn where it is.
//!
//! This module holds the chart description (`ChartKind`, `Colour`, `Axis`, `Series`, `Panel`, `Chart`),
//! the `Inputs` every chart is built from and the helpers the chart families share (the assumptions
//! line, an option's workload and series name). Each family of charts lives in its own file:
//!
//! - `volume`: cost-vs-requests and effective-price, with their tier boundaries and break-even points;
//! - `projection`: month-by-month cost and the cumulative saving;
//! - `regions`: one profile's monthly cost in every region;
//! - `latency`: the latency model's percentiles per option;
//! - `tornado`: `sensitivity` drawn, one bar per input across its span.

mod latency;
mod projection;
mod regions;
pub mod template;
mod tornado;
mod vertices;
mod volume;

pub use latency::latency;
pub use projection::projection;
pub use regions::regions;
pub use tornado::tornado;
pub use volume::{cost_vs_requests, effective_price};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::error::{Error, Field};
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::free_tier::FreeTier;
use crate::model::workload::Workload;

/// The charts `apigw-cost chart` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Which input moves the saving (or the bill) most, each from its p10 to its p90 or +-20%
    /// (`sensitivity` drawn).
    Tornado,
}

impl ChartKind {
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::CostVsRequests => "cost-vs-requests",
            ChartKind::EffectivePrice => "effective-price",
            ChartKind::Projection => "projection",
            ChartKind::Latency => "latency",
            ChartKind::Regions => "regions",
            ChartKind::Tornado => "tornado",
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
        ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => Colour(0x56, 0xB4, 0xE9), // sky blue
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
    /// Months from a calendar month (month 1 is the start): `Jan 2027`, `Jul 2027`.
    Calendar(crate::model::calendar::CalendarMonth),
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

/// One row of a tornado: the figure with the input at its low end and at its high end.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoRow {
    pub label: String,
    pub low: f64,
    pub high: f64,
    /// The exact figures, formatted.
    pub low_label: String,
    pub high_label: String,
}

/// Bars from a common base value to each row's two ends, largest swing on top.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoPanel {
    pub value_axis: Axis,
    pub base: f64,
    pub base_label: String,
    /// The zero line's name, drawn when zero is on the axis (a saving: "no saving").
    pub zero_label: Option<String>,
    pub rows: Vec<TornadoRow>,
    pub low_colour: Colour,
    pub high_colour: Colour,
}

/// A panel of a chart.
#[derive(Debug, Clone, PartialEq)]
pub enum Panel {
    Lines(LinePanel),
    Bars(BarPanel),
    Tornado(TornadoPanel),
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

impl Chart {
    /// Every line panel of costs on a log y axis (`--log-y`), from the power of ten at or below the
    /// smallest non-zero value (a month that costs nothing sits on that floor). A panel with negative
    /// values (a saving that starts behind) keeps its linear axis: a log axis cannot show them.
    pub fn with_log_y(mut self) -> Chart {
        for panel in &mut self.panels {
            let Panel::Lines(p) = panel else { continue };
            if p.y.scale == Scale::Log
                || !matches!(p.y.ticks, Ticks::Money | Ticks::PricePerMillion)
            {
                continue;
            }
            let (mut lo, mut hi, mut negative) = (f64::MAX, 0f64, false);
            for v in p.series.iter().flat_map(|s| s.points.iter().map(|pt| pt.1)) {
                if v < 0.0 {
                    negative = true;
                } else if v > 0.0 {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
            if negative || lo == f64::MAX {
                continue;
            }
            let (a, b) = volume::log_bounds(lo, hi);
            p.y.min = a;
            p.y.max = b;
            p.y.scale = Scale::Log;
            if !p.y.label.contains("log scale") {
                p.y.label.push_str(" (log scale)");
            }
            for s in &mut p.series {
                s.points.iter_mut().for_each(|pt| pt.1 = pt.1.max(a));
            }
            p.markers.iter_mut().for_each(|m| m.y = m.y.max(a));
        }
        self
    }
}

/// The inputs every chart is built from.
#[derive(Clone, Copy)]
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

/// The x range of a volume chart: 1M to 100B, widened to the power of ten at or beyond a marked volume
/// outside it (`--requests 500k` draws from 100k), so the volume asked about is always on the chart.
pub fn volume_range_with(mark: Option<Decimal>) -> (Decimal, Decimal) {
    let (mut lo, mut hi) = volume_range();
    if let Some(m) = mark.filter(|m| *m >= Decimal::ONE) {
        while m < lo && lo > Decimal::ONE {
            lo /= Decimal::TEN;
        }
        // Up to 10^25 requests (the largest count read): a power of ten at or above the mark.
        while m > hi && hi < Decimal::from_i128_with_scale(10i128.pow(25), 0) {
            hi *= Decimal::TEN;
        }
    }
    (lo, hi)
}

/// The options the region prices (each quoted once) and a note naming those it does not: a chart draws
/// what is priced and says what is not. When no option is priced, the first one's error stands.
pub fn priced(i: &Inputs) -> crate::error::Result<(Vec<ApiKind>, Option<String>)> {
    let pricer = crate::model::cost::Pricer::new(i.catalog, i.region)?;
    let allowance = i.free_tier.month(0, i.free_tier.initial_credit());
    let mut ok = Vec::new();
    let mut missing = Vec::new();
    let mut first_error = None;
    for &api in i.apis {
        let w = workload_for(api, i.workload).with_requests(Decimal::from(1_000_000u64));
        match pricer.quote(api, &w, &allowance) {
            Ok(_) => ok.push(api),
            Err(Error::NotPriced { what, .. }) => {
                missing.push(format!("{} (no price for {what})", api.title()));
                first_error.get_or_insert((api, what));
            }
            Err(e) => return Err(e),
        }
    }
    if ok.is_empty() {
        if let Some((api, _)) = first_error {
            let w = workload_for(api, i.workload).with_requests(Decimal::from(1_000_000u64));
            pricer.quote(api, &w, &allowance)?;
        }
        return Err(no_options());
    }
    let note = (!missing.is_empty()).then(|| {
        format!(
            "Not drawn: {} not priced in {} in the AWS price list.",
            missing.join(", "),
            i.region
        )
    });
    Ok((ok, note))
}

/// An exact amount for a chart's text: cents (`$18.03`), or two significant figures under a cent so a
/// small cost is not written `$0.00` (`$0.0035`); zero is `$0.00`.
pub fn money(d: Decimal) -> String {
    let a = d.abs();
    if a.is_zero() || a >= Decimal::new(1, 2) {
        return crate::render::fmt::money(d);
    }
    // Two significant figures: the scale that leaves two digits after the leading zeros.
    let mut scale = 2u32;
    while a * Decimal::from(10u64.pow(scale.min(18))) < Decimal::TEN && scale < 20 {
        scale += 1;
    }
    let r = a.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let sign = if d.is_sign_negative() { "-" } else { "" };
    format!("{sign}${}", r.normalize())
}

/// The usage error of a chart asked for with no option.
fn no_options() -> Error {
    Error::invalid(Field::Apis, "", "at least one option")
}

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
