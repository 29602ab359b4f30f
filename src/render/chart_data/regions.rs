//! The regions chart: one profile's monthly cost in every region whose catalog entry prices the option,
//! cheapest first, as horizontal bars, with notes naming the regions left out and why.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{
    assumptions, colour, f, workload_for, Axis, Bar, BarPanel, Chart, Inputs, Panel, Scale, Ticks,
};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::cost::Pricer;
use crate::render::fmt;

/// One priced region: code, location, monthly total, and whether a meter was left unpriced there.
struct Row {
    code: String,
    location: String,
    total: Decimal,
    partial: bool,
}

/// A region left out of the chart and what it has no price for.
type LeftOut = (String, String);

/// Regions named per reason in the left-out notes; the rest are counted.
const NAMED: usize = 6;

/// The profile's monthly cost in every region whose catalog entry prices `api`, cheapest first.
pub fn regions(i: &Inputs, api: ApiKind) -> Result<Chart> {
    let (mut rows, left_out) = price_everywhere(i, api)?;
    if rows.is_empty() {
        return Err(Error::NotPriced {
            what: format!("this {} workload", api.title()),
            region: "any region".into(),
            available: String::new(),
        });
    }
    rows.sort_by(|a, b| a.total.cmp(&b.total).then(a.code.cmp(&b.code)));
    let max = rows.iter().map(|r| f(r.total)).fold(0f64, f64::max);
    let mut notes = Vec::new();
    if rows.iter().any(|r| r.partial) {
        notes.push(
            "* a meter is not priced in that region's catalog entry (e.g. data transfer): its total leaves it out."
                .to_string(),
        );
    }
    notes.extend(unpriced_note(i, api));
    notes.extend(left_out_notes(&left_out));
    Ok(Chart {
        title: format!(
            "{} monthly cost by region: {} a month, {} region{}, cheapest first",
            api.title(),
            volume_phrase(i, api),
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
            bars: bars(i, api, &rows),
        })],
        notes,
    })
}

/// The workload priced in every region that prices `api`; a region whose entry lacks a price the
/// workload needs is left out with the reason, any other error is returned.
fn price_everywhere(i: &Inputs, api: ApiKind) -> Result<(Vec<Row>, Vec<LeftOut>)> {
    let allowance = i.free_tier.month(0, i.free_tier.initial_credit());
    let mut rows = Vec::new();
    let mut left_out = Vec::new();
    for code in i.catalog.regions_pricing(api) {
        let pricer = Pricer::new(i.catalog, code)?;
        match pricer.quote(api, &workload_for(api, i.workload), &allowance) {
            Ok(q) => {
                let r = i.catalog.region(code)?;
                rows.push(Row {
                    code: code.to_string(),
                    location: r.location.clone(),
                    total: q.total,
                    partial: !q.warnings.is_empty(),
                });
            }
            Err(Error::NotPriced { what, .. }) => left_out.push((code.to_string(), what)),
            Err(e) => return Err(e),
        }
    }
    Ok((rows, left_out))
}

/// One bar per region in the order given, the profile's region marked, the exact total as its label
/// (starred when a meter was left unpriced).
fn bars(i: &Inputs, api: ApiKind, rows: &[Row]) -> Vec<Bar> {
    rows.iter()
        .map(|r| Bar {
            label: if r.code == i.region {
                format!("▶ {} · {}", r.code, r.location)
            } else {
                format!("{} · {}", r.code, r.location)
            },
            value: f(r.total),
            value_label: format!(
                "{}{}",
                super::money(r.total),
                if r.partial { " *" } else { "" }
            ),
            colour: colour(api),
        })
        .collect()
}

/// The catalog's regions with no prices for `api` at all, named.
fn unpriced_note(i: &Inputs, api: ApiKind) -> Option<String> {
    let unpriced: Vec<&str> = i
        .catalog
        .regions
        .values()
        .filter(|r| !r.prices(api))
        .map(|r| r.code.as_str())
        .collect();
    (!unpriced.is_empty()).then(|| {
        format!(
            "Not shown (no {} prices in the catalog): {}.",
            api.title(),
            unpriced.join(", ")
        )
    })
}

/// Regions left out, one line per reason, the first few named.
fn left_out_notes(left_out: &[LeftOut]) -> Vec<String> {
    let mut reasons: BTreeMap<&str, Vec<&str>> = Default::default();
    for (code, what) in left_out {
        reasons
            .entry(what.as_str())
            .or_default()
            .push(code.as_str());
    }
    reasons
        .into_iter()
        .map(|(what, codes)| {
            let shown = codes
                .iter()
                .take(NAMED)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if codes.len() > NAMED {
                format!(" and {} more", codes.len() - NAMED)
            } else {
                String::new()
            };
            format!(
                "Left out, no price for {what}: {} region{} ({shown}{more}).",
                codes.len(),
                if codes.len() == 1 { "" } else { "s" }
            )
        })
        .collect()
}

/// The volume in the title: messages for a WebSocket API, requests otherwise.
fn volume_phrase(i: &Inputs, api: ApiKind) -> String {
    if api == ApiKind::WebSocket {
        format!(
            "{} messages",
            fmt::compact(i.workload.messages.unwrap_or_default())
        )
    } else {
        format!("{} requests", fmt::compact(i.workload.requests))
    }
}
