//! The latency chart: the latency model's end-to-end percentiles (p50, p90, p99, p99.9) per option as
//! bars, each option's largest components in the notes, and the simulation's sample count, seed and
//! cold-start rates in the subtitle. Latency is not money: the model's milliseconds are drawn as they
//! are.

use rust_decimal::Decimal;

use super::{colour, no_options, Axis, Bar, BarPanel, Chart, Panel, Scale, Ticks};
use crate::error::{Error, Result};
use crate::model::latency::{ComponentResult, LatencyResult};
use crate::render::{fmt, ms, share};

/// Added latency per option from the latency model: one bar per percentile (p50, p90, p99, p99.9),
/// grouped by option in the option's colour. Latency is not money: the model's milliseconds are drawn
/// as they are.
pub fn latency(results: &[LatencyResult]) -> Result<Chart> {
    let first = results.first().ok_or_else(no_options)?;
    let bars = percentile_bars(results);
    // The axis is scaled to the largest bar: a value that is not finite would leave the drawing code no
    // range to divide into ticks.
    if let Some(b) = bars.iter().find(|b| !b.value.is_finite() || b.value < 0.0) {
        return Err(Error::Other(format!(
            "cannot chart {}: the simulated latency {} ms is not a finite number of milliseconds",
            b.label, b.value
        )));
    }
    let max = bars.iter().map(|b| b.value).fold(0f64, f64::max);
    let mut notes: Vec<String> = results.iter().map(largest_components).collect();
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
        subtitle: subtitle(results, first),
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

/// Four bars per option (p50, p90, p99, p99.9), options in the order given.
fn percentile_bars(results: &[LatencyResult]) -> Vec<Bar> {
    let mut bars = Vec::new();
    for r in results {
        let e = &r.end_to_end;
        for (name, v) in [
            ("p50", e.p50_ms),
            ("p90", e.p90_ms),
            ("p99", e.p99_ms),
            ("p99.9", e.p999_ms),
        ] {
            bars.push(Bar {
                label: format!("{} {name}", r.api.title()),
                value: v,
                value_label: format!("{} ms", ms(v)),
                colour: colour(r.api),
            });
        }
    }
    bars
}

/// An option's mean and its three largest components by share of the mean.
fn largest_components(r: &LatencyResult) -> String {
    let mut parts: Vec<&ComponentResult> = r.components.iter().filter(|c| c.share > 0.0).collect();
    parts.sort_by(|a, b| b.share.total_cmp(&a.share));
    format!(
        "{}: mean {} ms; {}",
        r.api.short(),
        ms(r.end_to_end.mean_ms),
        parts
            .iter()
            .take(3)
            .map(|c| format!("{} {}", c.name, share(c.share)))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The simulation (samples, seed), the cold-start rates, and whether the client network is left out.
fn subtitle(results: &[LatencyResult], first: &LatencyResult) -> String {
    let cold: Vec<String> = results
        .iter()
        .filter_map(|r| {
            r.cold_start
                .as_ref()
                .map(|c| format!("{} {}", r.api.short(), share(c.rate)))
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
    subtitle
}
