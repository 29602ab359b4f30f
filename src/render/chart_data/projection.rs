//! The projection chart: month-by-month cost of each option (volume growth and the free tier over
//! time, from `model::projection`), and the cumulative saving of the cheapest option against the
//! dearest, with a note of what the free tier took off each bill.

use rust_decimal::Decimal;

use super::{
    assumptions, colour, f, money, no_options, priced, series_name, workload_for, Axis, Chart,
    Inputs, LinePanel, Marker, Panel, Scale, Series, Ticks, BLACK,
};
use crate::error::Result;
use crate::model::calendar::CalendarMonth;
use crate::model::free_tier::FreeTier;
use crate::model::projection;
use crate::render::fmt;

/// Month-by-month cost of each option (growth and the free tier over time), and the cumulative saving of
/// the cheapest option against the dearest.
pub fn projection(i: &Inputs, volumes: &[Decimal], growth: Decimal) -> Result<Chart> {
    if i.apis.is_empty() {
        return Err(no_options());
    }
    let (apis, unpriced) = priced(i)?;
    let i = &Inputs { apis: &apis, ..*i };
    let p = project_each(i, volumes)?;
    let months = volumes.len();
    let start = i.workload.month;
    let mut notes: Vec<String> = free_tier_note(i, &p, months).into_iter().collect();
    let x = month_axis(months, start);
    let mut panels = vec![monthly_panel(i, &p, x.clone())];
    match saving_panel(&p, x, months, start) {
        Ok(panel) => panels.push(panel),
        Err(Some(tie)) => notes.push(tie),
        Err(None) => {}
    }
    notes.extend(unpriced);
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

/// The month axis both panels share: 1 to the horizon (at least 2, so the axis has a width); with
/// `--start` its ticks name calendar months.
fn month_axis(months: usize, start: Option<CalendarMonth>) -> Axis {
    Axis {
        label: match start {
            Some(s) => format!("Month (from {})", s.label()),
            None => "Month".into(),
        },
        min: 1.0,
        max: months.max(2) as f64,
        scale: Scale::Linear,
        ticks: match start {
            Some(s) => Ticks::Calendar(s),
            None => Ticks::Month,
        },
    }
}

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Month `m` (1 = the first) in words: `month 7`, or `Jul 2027` from a start month.
pub fn month_label(m: u32, start: Option<CalendarMonth>) -> String {
    match start.and_then(|s| s.plus(m.checked_sub(1)?)) {
        Some(c) => format!(
            "{} {}",
            MONTH_NAMES[usize::from(c.month.clamp(1, 12)) - 1],
            c.year
        ),
        None => format!("month {m}"),
    }
}

/// The monthly cost panel: one line per option, named with its total over the horizon; a log y axis
/// when the costs span more than two decades (strong growth would leave most months flat on $0), and a
/// marker where the cheaper of two options changes.
fn monthly_panel(i: &Inputs, p: &projection::Projection, x: Axis) -> Panel {
    let (mut ymin, mut ymax) = (f64::MAX, 0f64);
    for o in &p.options {
        for m in &o.months {
            let y = f(m.quote.total);
            if y > 0.0 {
                ymin = ymin.min(y);
            }
            ymax = ymax.max(y);
        }
    }
    let log = ymin < f64::MAX && ymax / ymin > 100.0;
    let y = if log {
        let (lo, hi) = super::volume::log_bounds(ymin, ymax);
        Axis {
            label: "Monthly cost, USD (log scale)".into(),
            min: lo,
            max: hi,
            scale: Scale::Log,
            ticks: Ticks::Money,
        }
    } else {
        Axis {
            label: "Monthly cost, USD".into(),
            min: 0.0,
            max: if ymax > 0.0 { ymax * 1.12 } else { 1.0 },
            scale: Scale::Linear,
            ticks: Ticks::Money,
        }
    };
    let floor = y.min;
    let series: Vec<Series> = p
        .options
        .iter()
        .map(|o| Series {
            name: format!(
                "{} ({} in total)",
                series_name(o.api, i.workload),
                fmt::money(o.total)
            ),
            colour: colour(o.api),
            points: o
                .months
                .iter()
                .map(|m| (f64::from(m.month), f(m.quote.total).max(floor)))
                .collect(),
        })
        .collect();
    Panel::Lines(LinePanel {
        caption: "Monthly cost".into(),
        x,
        y,
        series,
        guides: vec![],
        markers: crossing_markers(p, floor, i.workload.month),
    })
}

/// Where the cheaper of two options changes from one month to the next (at most four, earliest first):
/// a marker on the month it changes, at the newly cheaper option's cost.
fn crossing_markers(
    p: &projection::Projection,
    floor: f64,
    start: Option<CalendarMonth>,
) -> Vec<Marker> {
    let mut out = Vec::new();
    for (n, a) in p.options.iter().enumerate() {
        for b in &p.options[n + 1..] {
            let mut last: Option<std::cmp::Ordering> = None;
            for (ma, mb) in a.months.iter().zip(&b.months) {
                let ord = ma.quote.total.cmp(&mb.quote.total);
                if ord == std::cmp::Ordering::Equal {
                    continue;
                }
                if last.is_some_and(|l| l != ord) {
                    let (cheap, dear, m) = match ord {
                        std::cmp::Ordering::Less => (a.api, b.api, ma),
                        _ => (b.api, a.api, mb),
                    };
                    out.push((
                        ma.month,
                        Marker {
                            x: f64::from(m.month),
                            y: f(m.quote.total).max(floor),
                            label: format!(
                                "{} cheaper than {} from {}",
                                cheap.short(),
                                dear.short(),
                                month_label(m.month, start)
                            ),
                        },
                    ));
                }
                last = Some(ord);
            }
        }
    }
    out.sort_by_key(|(m, _)| *m);
    out.into_iter().take(4).map(|(_, m)| m).collect()
}

/// The cumulative saving of the cheapest option against the dearest, its last month marked with the
/// exact figure and the month it first stays ahead (its payback) when it starts behind. When the two
/// cost the same over the horizon there is no saving to draw: `Err` carries the "no difference" note.
fn saving_panel(
    p: &projection::Projection,
    x: Axis,
    months: usize,
    start: Option<CalendarMonth>,
) -> std::result::Result<Panel, Option<String>> {
    let (cheap, dear) = p.extremes().ok_or(None)?;
    let total = |api| p.options.iter().find(|o| o.api == api).map(|o| o.total);
    if cheap == dear || total(cheap) == total(dear) {
        let names: Vec<&str> = p.options.iter().map(|o| o.api.short()).collect();
        return Err((names.len() > 1).then(|| {
            format!(
                "No difference: {} cost the same over the {} months ({} each), so there is no saving to draw.",
                names.join(" and "),
                months,
                fmt::money(total(cheap).unwrap_or_default())
            )
        }));
    }
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
    let mut markers = vec![Marker {
        x: months as f64,
        y: f(last),
        label: format!("{} after {} months", money(last), months),
    }];
    // Payback: the first month from which the saving stays at or above zero, after being below it.
    if saving.iter().any(|s| s.is_sign_negative() && !s.is_zero()) {
        let even = saving
            .iter()
            .rposition(|s| s.is_sign_negative() && !s.is_zero())
            .map(|k| k + 1)
            .filter(|k| *k < saving.len());
        if let Some(k) = even {
            markers.push(Marker {
                x: (k + 1) as f64,
                y: f(saving[k]),
                label: format!(
                    "{} ahead from {}",
                    cheap.short(),
                    month_label(k as u32 + 1, start)
                ),
            });
        }
    }
    let span = (smax - smin).max(1e-9);
    Ok(Panel::Lines(LinePanel {
        caption: "Cumulative saving".into(),
        x,
        y: Axis {
            label: "Saving, USD".into(),
            min: smin - span * 0.15,
            max: smax + span * 0.35,
            scale: Scale::Linear,
            ticks: Ticks::Money,
        },
        markers,
        series: vec![Series {
            name: format!(
                "{} saves against {}, cumulative",
                cheap.short(),
                dear.short()
            ),
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
            "{} in {}{}",
            requests_phrase(first),
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
        format!("{} a month, flat", requests_phrase(first))
    } else {
        format!(
            "{} in month 1, {} {}% a month to {}",
            requests_phrase(first),
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

/// "1 request", "50M requests": the volume with its noun, singular for exactly one.
fn requests_phrase(n: Decimal) -> String {
    if n == Decimal::ONE {
        "1 request".to_string()
    } else {
        format!("{} requests", fmt::compact(n))
    }
}
