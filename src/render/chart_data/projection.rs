//! The projection chart: month-by-month cost of each option (volume growth and the free tier over
//! time, from `model::projection`), and the cumulative saving of the cheapest option against the
//! dearest, with a note of what the free tier took off each bill.

use rust_decimal::Decimal;

use super::{
    assumptions, colour, f, no_options, series_name, workload_for, Axis, Chart, Inputs, LinePanel,
    Marker, Panel, Scale, Series, Ticks, BLACK,
};
use crate::error::Result;
use crate::model::free_tier::FreeTier;
use crate::model::projection;
use crate::render::fmt;

/// Month-by-month cost of each option (growth and the free tier over time), and the cumulative saving of
/// the cheapest option against the dearest.
pub fn projection(i: &Inputs, volumes: &[Decimal], growth: Decimal) -> Result<Chart> {
    if i.apis.is_empty() {
        return Err(no_options());
    }
    let p = project_each(i, volumes)?;
    let months = volumes.len();
    let notes = free_tier_note(i, &p, months).into_iter().collect();
    let x = month_axis(months, i.workload.month);
    let mut panels = vec![monthly_panel(i, &p, x.clone())];
    panels.extend(saving_panel(&p, x, months));
    Ok(Chart {
        title: format!(
            "{}-month projection in {}: {}",
            months,
            i.region,
            volume_phrase(i, volumes, growth)
        ),
        subtitle: assumptions(i),
        panels,
        notes,
    })
}

/// Each option projected on its own workload (the cache only on REST), then side by side.
fn project_each(i: &Inputs, volumes: &[Decimal]) -> Result<projection::Projection> {
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
    Ok(p)
}

/// What the free tier took off each option's bill over the horizon (the model's monthly effects); no
/// note without a free tier.
fn free_tier_note(i: &Inputs, p: &projection::Projection, months: usize) -> Option<String> {
    if *i.free_tier == FreeTier::None {
        return None;
    }
    let saved: Vec<String> = p
        .options
        .iter()
        .map(|o| {
            let effect: Decimal = o.months.iter().map(|m| m.free_tier_effect).sum();
            format!("{} {}", o.api.short(), fmt::money(effect))
        })
        .collect();
    Some(format!(
        "Free tier ({}) included in the monthly costs: it saves {} over the {} months.",
        i.free_tier.label(),
        saved.join(", "),
        months
    ))
}

/// The month axis both panels share: 1 to the horizon (at least 2, so the axis has a width).
fn month_axis(months: usize, start: Option<crate::model::calendar::CalendarMonth>) -> Axis {
    Axis {
        // With --start the months are calendar months: say which one month 1 is.
        label: match start {
            Some(s) => format!("Month (1 = {})", s.label()),
            None => "Month".into(),
        },
        min: 1.0,
        max: months.max(2) as f64,
        scale: Scale::Linear,
        ticks: Ticks::Month,
    }
}

/// The monthly cost panel: one line per option, named with its total over the horizon.
fn monthly_panel(i: &Inputs, p: &projection::Projection, x: Axis) -> Panel {
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
    Panel::Lines(LinePanel {
        caption: "Monthly cost".into(),
        x,
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
    })
}

/// The cumulative saving of the cheapest option against the dearest, its last month marked with the
/// exact figure; none when the options cost the same.
fn saving_panel(p: &projection::Projection, x: Axis, months: usize) -> Option<Panel> {
    let (cheap, dear) = p.extremes().filter(|(c, d)| c != d)?;
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
    Some(Panel::Lines(LinePanel {
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
    }))
}

/// The volume in the title: flat, growing or shrinking requests, or the messages of a WebSocket-only
/// workload.
fn volume_phrase(i: &Inputs, volumes: &[Decimal], growth: Decimal) -> String {
    let first = volumes.first().copied().unwrap_or_default();
    let last = volumes.last().copied().unwrap_or_default();
    if first.is_zero() && i.workload.messages.is_some() {
        // A WebSocket-only workload: the projection scales messages with requests, and there are none.
        format!(
            "{} WebSocket messages a month",
            fmt::compact(i.workload.messages.unwrap_or_default())
        )
    } else if let Some(start) = i.workload.month {
        format!(
            "{} requests in {}{}",
            fmt::compact(first),
            start.label(),
            if growth.is_zero() {
                ", flat".to_string()
            } else {
                format!(
                    ", {}% a month to {}",
                    (growth * Decimal::from(100)).normalize(),
                    fmt::compact(last)
                )
            }
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
    }
}
