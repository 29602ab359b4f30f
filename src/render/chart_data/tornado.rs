//! The tornado chart: `sensitivity` drawn. One row per input, largest swing on top; each row a bar
//! from the figure at the medians to the figure with the input at its low end (p10, or -20%) and
//! another to its high end (p90, or +20%). The figure is the saving of the second option listed against
//! the first (REST against HTTP by default), or the bill when one option is priced. A saving that
//! crosses zero inside a row's span is where the cheaper option changes: the zero line is drawn and
//! named, and the flip points (exact, from the break-even engine) are listed under the chart.

use super::{
    assumptions, f, Axis, Chart, Colour, Inputs, Panel, Scale, Ticks, TornadoPanel, TornadoRow,
};
use crate::error::Result;
use crate::model::uncertainty::sensitivity::{Ends, InputSwing, Sensitivity};
use crate::render::fmt;
use crate::render::sensitivity::flip_phrase;

/// The low end's colour (sky blue) and the high end's (dark blue): two shades of one hue, apart in
/// lightness, so the pair reads in grey too.
pub const LOW: Colour = Colour(0x9E, 0xCA, 0xE1);
pub const HIGH: Colour = Colour(0x08, 0x45, 0x94);

/// The figure a row draws.
fn figure(i: &InputSwing) -> Ends {
    match i.options.get(1).and_then(|o| o.saving) {
        Some(s) => s,
        None => i.options[0].bill,
    }
}

/// The tornado chart of an analysis.
pub fn tornado(i: &Inputs, a: &Sensitivity) -> Result<Chart> {
    let saving = a.apis.len() > 1;
    let what = if saving {
        format!("{} saving against {}", a.apis[1].title(), a.apis[0].title())
    } else {
        format!("{} monthly bill", a.apis[0].title())
    };
    let base = a.inputs.first().map(|x| figure(x).base).unwrap_or_default();
    let rows: Vec<TornadoRow> = a
        .inputs
        .iter()
        .map(|x| {
            let e = figure(x);
            TornadoRow {
                label: format!(
                    "{} {} .. {}",
                    x.input.name(),
                    x.input.show(x.value.low),
                    x.input.show(x.value.high)
                ),
                low: f(e.low),
                high: f(e.high),
                low_label: super::money(e.low),
                high_label: super::money(e.high),
            }
        })
        .collect();
    let (mut lo, mut hi) = rows
        .iter()
        .flat_map(|r| [r.low, r.high])
        .fold((f(base), f(base)), |(l, h), v| (l.min(v), h.max(v)));
    if hi - lo < 1e-9 {
        let pad = (hi.abs() * 0.1).max(1.0);
        lo -= pad;
        hi += pad;
    }
    let pct = (a.share * rust_decimal::Decimal::ONE_HUNDRED).normalize();
    let spans = match (
        a.inputs.iter().any(|y| y.ranged),
        a.inputs.iter().any(|y| !y.ranged),
    ) {
        (true, false) => "each from its p10 to its p90".to_string(),
        (false, _) => format!("each from -{pct}% to +{pct}% of its value"),
        (true, true) => format!("a range from its p10 to its p90, a point from -{pct}% to +{pct}%"),
    };
    let mut notes = vec![format!(
        "Each input alone across its span ({spans}), every other input at its median; the light bar is \
         the input at its low end, the dark bar at its high end. Sorted by swing."
    )];
    let flips: Vec<String> = a
        .inputs
        .iter()
        .flat_map(|x| {
            [&x.below, &x.above]
                .into_iter()
                .flatten()
                .map(move |fl| format!("{} at {}", x.input.name(), flip_phrase(x.input, fl)))
        })
        .collect();
    notes.push(match flips.is_empty() {
        true => format!(
            "{} is the cheapest at every value the break-even engine searched along these inputs.",
            a.recommended.title()
        ),
        false => format!(
            "Where the cheapest option changes (the break-even engine's figures): {}.",
            flips.join("; ")
        ),
    });
    Ok(Chart {
        title: format!(
            "What moves the {what} most: {} input{}, {} at the medians",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" },
            fmt::money(base)
        ),
        subtitle: format!("{} · {}", i.region, assumptions(i)),
        panels: vec![Panel::Tornado(TornadoPanel {
            value_axis: Axis {
                label: format!("{what}, USD a month"),
                min: lo,
                max: hi,
                scale: Scale::Linear,
                ticks: Ticks::Money,
            },
            base: f(base),
            base_label: format!("at the medians {}", super::money(base)),
            zero_label: saving.then(|| "no saving".to_string()),
            rows,
            low_colour: LOW,
            high_colour: HIGH,
        })],
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_differ_in_lightness() {
        let l =
            |c: Colour| 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
        assert!(l(LOW) - l(HIGH) > 80.0);
    }
}
