//! The review's "How sure is this" section, when any input of the profile is a range (a point profile's
//! review is unchanged): the ranges and the bands they give the monthly bill and the saving, the
//! probability that the recommendation is the cheapest option with every needed feature, the three
//! inputs that move the saving most (`sensitivity`) and where the answer flips (the break-even engine),
//! with the tornado chart.

use rust_decimal::Decimal;

use crate::cli::ranges::ranges;
use crate::cli::resolve::Scenario;
use crate::cli::Global;
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::uncertainty::bands::{self, Setup};
use crate::model::uncertainty::draws::{DEFAULT_DRAWS, DEFAULT_SEED};
use crate::model::uncertainty::sensitivity::{Sensitivity, DEFAULT_SHARE};
use crate::render::chart_data::{self, Chart};
use crate::render::fmt;
use crate::render::sensitivity::flip_phrase;
use crate::render::uncertainty::{append, chance, UncertaintyReport};
use crate::render::Format;

/// What the section is made from.
pub struct Sure<'a> {
    pub g: &'a Global,
    /// The scenario as compare prices it.
    pub s: &'a Scenario,
    pub catalog: &'a Catalog,
    /// The options reviewed, as compare lists them.
    pub apis: &'a [ApiKind],
    /// The recommendation, and the options with every needed feature.
    pub pick: Option<ApiKind>,
    pub eligible: Vec<ApiKind>,
}

/// The section's Markdown body and the tornado chart, or `None` when no input is a range.
pub fn section(u: &Sure) -> Result<Option<(String, Chart)>> {
    let s = u.s;
    let ranges = ranges(u.g, s)?;
    if ranges.is_empty() {
        return Ok(None);
    }
    let setup = |apis: &'_ [ApiKind]| -> Result<bands::Bands> {
        bands::monthly(&Setup {
            catalog: u.catalog,
            region: &s.region,
            apis,
            base: &s.workload,
            growth: s.growth_or(None)?,
            free_tier: &s.free_tier,
            ranges: &ranges,
            draws: DEFAULT_DRAWS as usize,
            seed: DEFAULT_SEED,
        })
        .map_err(|e| s.blame(e))
    };
    let month = setup(u.apis)?;
    let shown = append(
        Format::Markdown,
        String::new(),
        &UncertaintyReport {
            region: &s.region,
            ranges: &ranges,
            draws: DEFAULT_DRAWS as usize,
            seed: DEFAULT_SEED,
            month: Some(&month),
            horizon: None,
        },
    )?;
    // Its own heading is the review's section heading.
    let mut body: String = shown
        .trim_start()
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .trim_start()
        .to_string();
    body.push('\n');
    body.push_str(&probability(u, &setup)?);
    let analysis = super::sensitivity::analyse(u.g, s, u.catalog, u.apis, DEFAULT_SHARE)?;
    body.push_str(&most(&analysis));
    body.push_str(&flips(&analysis));
    let inputs = chart_data::Inputs {
        catalog: u.catalog,
        region: &s.region,
        apis: u.apis,
        workload: &s.workload,
        free_tier: &s.free_tier,
        mark: None,
    };
    Ok(Some((body, chart_data::tornado(&inputs, &analysis)?)))
}

/// "Probability the recommendation is right": the share of draws in which it is the cheapest of the
/// options with every needed feature.
fn probability(u: &Sure, setup: &dyn Fn(&[ApiKind]) -> Result<bands::Bands>) -> Result<String> {
    let Some(pick) = u.pick else {
        return Ok(
            "**Probability the recommendation is right:** no option reviewed has every needed \
                   feature, so there is no recommendation to be right.\n\n"
                .into(),
        );
    };
    if u.eligible.len() < 2 {
        return Ok(format!(
            "**Probability the recommendation is right: 100%.** {} is the only option reviewed with \
             every needed feature.\n\n",
            pick.title()
        ));
    }
    let b = setup(&u.eligible)?;
    let p = b
        .options
        .iter()
        .find(|o| o.api == pick)
        .map_or(Decimal::ZERO, |o| o.cheapest);
    let names: Vec<&str> = u.eligible.iter().map(|a| a.title()).collect();
    Ok(format!(
        "**Probability the recommendation is right: {}.** In {} of the {} draws {} is the cheapest of \
         the options with every needed feature ({}), on the bills to the cent.\n\n",
        chance(p),
        fmt::quantity((p * Decimal::from(DEFAULT_DRAWS)).round()),
        fmt::quantity(Decimal::from(DEFAULT_DRAWS)),
        pick.title(),
        names.join(", ")
    ))
}

/// The three inputs that move the saving (or the bill) most.
fn most(a: &Sensitivity) -> String {
    let what = match a.apis.len() {
        1 => format!("the {} bill", a.apis[0].title()),
        _ => format!(
            "the {} saving against {}",
            a.apis[1].title(),
            a.apis[0].title()
        ),
    };
    let mut out = format!(
        "**The inputs that matter most** (each alone across its span, a range from its p10 to its p90, a \
         point by -20% .. +20%, the others at their medians), by how far they move {what}:\n\n"
    );
    for (k, i) in a.inputs.iter().take(3).enumerate() {
        let e = match i.options.get(1).and_then(|o| o.saving) {
            Some(s) => s,
            None => i.options[0].bill,
        };
        out.push_str(&format!(
            "{}. {} {} .. {}: {} to {} ({} swing)\n",
            k + 1,
            i.input.name(),
            i.input.show(i.value.low),
            i.input.show(i.value.high),
            fmt::money(e.low),
            fmt::money(e.high),
            fmt::money(i.swing())
        ));
    }
    out.push('\n');
    out
}

/// Where the cheapest option at the medians stops being the cheapest, along each input.
fn flips(a: &Sensitivity) -> String {
    let lines: Vec<String> = a
        .inputs
        .iter()
        .flat_map(|i| {
            [("below", &i.below), ("above", &i.above)]
                .into_iter()
                .filter_map(move |(side, f)| {
                    f.as_ref().map(|f| {
                        format!(
                            "- {} {side} the median: {}",
                            i.input.name(),
                            flip_phrase(i.input, f)
                        )
                    })
                })
        })
        .collect();
    let head = format!(
        "**Where the answer flips** ({} is the cheapest at the medians; exact, from the break-even \
         engine):\n\n",
        a.recommended.title()
    );
    match lines.is_empty() {
        true => format!(
            "{head}- nowhere along these inputs: {} stays the cheapest at every value searched.\n",
            a.recommended.title()
        ),
        false => format!("{head}{}\n", lines.join("\n")),
    }
}
