//! `sensitivity` in every format: one markup layout (a table, Markdown), a JSON document, a CSV of one
//! row per input and option. Bills and savings to the cent; flip points exactly as the break-even
//! search found them.

use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

use super::markup::Markup;
use super::{fmt, Format};
use crate::error::Result;
use crate::model::uncertainty::sensitivity::{Ends, Flip, InputSwing, Sensitivity};
use crate::model::uncertainty::Input;
use crate::money::to_cents;

/// What the report is about.
pub struct SensitivityReport<'a> {
    pub region: &'a str,
    pub analysis: &'a Sensitivity,
    /// `2026-11-03`: the price catalog's date.
    pub published: &'a str,
    /// The footer naming where the prices come from (`render::provenance_line`).
    pub prices_line: String,
}

/// `80M .. 120M` as the input is written.
fn span(i: &InputSwing) -> String {
    format!(
        "{} .. {}",
        i.input.show(i.value.low),
        i.input.show(i.value.high)
    )
}

/// `p10..p90`, or `point +-20%`.
fn spread_code(i: &InputSwing, share: Decimal) -> String {
    match i.ranged {
        true => "p10..p90".into(),
        false => format!("point +-{}%", (share * Decimal::ONE_HUNDRED).normalize()),
    }
}

fn ends_cell(e: &Ends) -> String {
    format!("{} → {}", fmt::money(e.low), fmt::money(e.high))
}

/// A flip as one phrase: `18,027,440 requests (ALB cheaper below, HTTP from there; outside the span)`.
pub fn flip_phrase(input: Input, f: &Flip) -> String {
    let c = &f.crossing;
    format!(
        "{} ({} cheaper below, {} from there; {} the span)",
        exact_value(input, f.at),
        title(&c.cheaper_below),
        title(&c.cheaper_above),
        if f.within { "inside" } else { "outside" }
    )
}

/// An option's name as breakeven writes it (`rest`, `rest+cache`, `http`) as a title.
fn title(name: &str) -> String {
    match crate::model::breakeven::OptionSpec::parse(name) {
        Ok(o) => o.title(),
        Err(_) => name.to_string(),
    }
}

/// A flip point to its full precision (a volume to the request, a size to the byte).
pub fn exact_value(input: Input, v: Decimal) -> String {
    match input {
        Input::Requests | Input::Messages => format!("{} requests", fmt::quantity(v)),
        Input::CacheHit => format!("{}%", (v * Decimal::ONE_HUNDRED).normalize()),
        Input::RequestSize | Input::ResponseSize => format!(
            "{} KB ({} bytes)",
            v.round_dp(6).normalize(),
            fmt::quantity((v * Decimal::from(1024)).round())
        ),
        Input::DurationMs | Input::Growth => input.show(v),
    }
}

/// The flips of an input in words, or why there is none.
pub fn flips_cell(i: &InputSwing) -> String {
    let mut parts = Vec::new();
    if let Some(f) = &i.below {
        parts.push(format!("below: {}", flip_phrase(i.input, f)));
    }
    if let Some(f) = &i.above {
        parts.push(format!("above: {}", flip_phrase(i.input, f)));
    }
    if parts.is_empty() {
        return match &i.flip_note {
            Some(n) if n.starts_with("the break-even engine") => "not searched".into(),
            _ => "none".into(),
        };
    }
    parts.join("; ")
}

/// The table's header and rows (the same for the table and Markdown).
fn table(r: &SensitivityReport) -> (Vec<String>, Vec<Vec<String>>) {
    let a = r.analysis;
    let mut h = vec!["Input".to_string(), "Moved over".to_string()];
    h.extend(a.apis.iter().map(|api| format!("{} bill", api.short())));
    h.extend(
        a.apis
            .iter()
            .skip(1)
            .map(|api| format!("{} saving vs {}", api.short(), a.apis[0].short())),
    );
    h.push("Swing".into());
    h.push("Recommendation flips at".into());
    let rows = a
        .inputs
        .iter()
        .map(|i| {
            let mut row = vec![i.input.name().to_string(), span(i)];
            row.extend(i.options.iter().map(|o| ends_cell(&o.bill)));
            row.extend(
                i.options
                    .iter()
                    .filter_map(|o| o.saving.as_ref().map(ends_cell)),
            );
            row.push(fmt::money(i.swing()));
            row.push(flips_cell(i));
            row
        })
        .collect();
    (h, rows)
}

/// The sentences under the table.
pub fn sentences(r: &SensitivityReport) -> Vec<String> {
    let a = r.analysis;
    let bills: Vec<String> = a
        .apis
        .iter()
        .zip(&a.base_bills)
        .map(|(api, b)| format!("{} {}", api.short(), fmt::money(*b)))
        .collect();
    let mut out = vec![format!(
        "At the medians: {}; the cheapest is {}.",
        bills.join(", "),
        a.recommended.title()
    )];
    let share = (a.share * Decimal::ONE_HUNDRED).normalize();
    out.push(format!(
        "Each input alone moves from its p10 to its p90 (a range) or by -{share}% .. +{share}% (a point), \
         the others at their medians; {}. Swing = |at high - at low|.",
        match a.apis.len() {
            1 => "sorted by how far it moves the bill".to_string(),
            _ => format!(
                "sorted by how far it moves the saving against {}",
                a.apis[0].title()
            ),
        }
    ));
    out.push(
        "Flip points are the break-even engine's (`apigw-cost breakeven`), exact to one unit of the \
         input: the nearest crossing of the cheapest option with another below and above the median."
            .into(),
    );
    for i in &a.inputs {
        if let Some(n) = i
            .flip_note
            .as_ref()
            .filter(|n| n.starts_with("not searched"))
        {
            out.push(format!("{}: {n}.", i.input.name()));
        }
    }
    for (input, why) in &a.left_out {
        out.push(format!("{} is not moved: {why}.", input.name()));
    }
    out.push(r.prices_line.clone());
    out
}

/// The report through the one markup layout (table and Markdown): a heading, the table, the sentences.
fn text(r: &SensitivityReport, mut w: Box<dyn Markup>) -> String {
    let (h, rows) = table(r);
    let n = r.analysis.inputs.len();
    w.heading(&format!(
        "Sensitivity of the monthly bill ({}, {n} input{})",
        r.region,
        if n == 1 { "" } else { "s" }
    ));
    let header: Vec<&str> = h.iter().map(String::as_str).collect();
    w.table(&header, &rows, &[]);
    let sentences: Vec<String> = sentences(r)
        .iter()
        .map(|s| crate::output::escape_controls(s).into_owned())
        .collect();
    w.notes(&sentences);
    w.finish()
}

fn cents(d: Decimal) -> String {
    format!("{:.2}", to_cents(d))
}

fn ends_json(e: &Ends) -> Json {
    json!({ "low": cents(e.low), "base": cents(e.base), "high": cents(e.high), "swing": cents(e.swing()) })
}

fn flip_json(i: Input, f: &Flip) -> Json {
    json!({
        "at": f.at.normalize().to_string(),
        "variable": f.variable.name(),
        "variable_at": f.crossing.at.normalize().to_string(),
        "cheaper_below": f.crossing.cheaper_below,
        "cheaper_above": f.crossing.cheaper_above,
        "within_span": f.within,
        "text": exact_value(i, f.at),
    })
}

/// The JSON document (without its schema version).
pub fn json_value(r: &SensitivityReport) -> Json {
    let a = r.analysis;
    let inputs: Vec<Json> = a
        .inputs
        .iter()
        .enumerate()
        .map(|(rank, i)| {
            json!({
                "rank": rank + 1,
                "input": i.input.key(),
                "flag": i.input.flag(),
                "spread": spread_code(i, a.share),
                "low": i.value.low.normalize().to_string(),
                "base": i.value.base.normalize().to_string(),
                "high": i.value.high.normalize().to_string(),
                "swing": cents(i.swing()),
                "options": i.options.iter().map(|o| json!({
                    "api": o.api.name(),
                    "bill": ends_json(&o.bill),
                    "saving_vs_baseline": o.saving.as_ref().map(ends_json),
                })).collect::<Vec<_>>(),
                "flip_below": i.below.as_ref().map(|f| flip_json(i.input, f)),
                "flip_above": i.above.as_ref().map(|f| flip_json(i.input, f)),
                "flip_note": i.flip_note,
            })
        })
        .collect();
    json!({
        "schema_version": super::json::SCHEMA_VERSION,
        "region": r.region,
        "apis": a.apis.iter().map(|x| x.name()).collect::<Vec<_>>(),
        "baseline": a.apis[0].name(),
        "recommended": a.recommended.name(),
        "base_bills": a.apis.iter().zip(&a.base_bills).map(|(x, b)| json!({ "api": x.name(), "bill": cents(*b) })).collect::<Vec<_>>(),
        "share": a.share.normalize().to_string(),
        "inputs": inputs,
        "left_out": a.left_out.iter().map(|(i, why)| json!({ "input": i.key(), "why": why })).collect::<Vec<_>>(),
        "prices_published": r.published,
    })
}

const CSV_HEADER: [&str; 16] = [
    "rank",
    "input",
    "spread",
    "low",
    "base",
    "high",
    "api",
    "bill_low",
    "bill_base",
    "bill_high",
    "bill_swing",
    "saving_low",
    "saving_high",
    "saving_swing",
    "flip_below",
    "flip_above",
];

fn csv(r: &SensitivityReport) -> Result<String> {
    let a = r.analysis;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (rank, i) in a.inputs.iter().enumerate() {
        for o in &i.options {
            let s = o.saving.as_ref();
            let flip = |f: &Option<Flip>| {
                f.as_ref()
                    .map(|f| f.at.normalize().to_string())
                    .unwrap_or_default()
            };
            rows.push(vec![
                (rank + 1).to_string(),
                i.input.key().to_string(),
                spread_code(i, a.share),
                i.value.low.normalize().to_string(),
                i.value.base.normalize().to_string(),
                i.value.high.normalize().to_string(),
                o.api.name().to_string(),
                cents(o.bill.low),
                cents(o.bill.base),
                cents(o.bill.high),
                cents(o.bill.swing()),
                s.map(|e| cents(e.low)).unwrap_or_default(),
                s.map(|e| cents(e.high)).unwrap_or_default(),
                s.map(|e| cents(e.swing())).unwrap_or_default(),
                flip(&i.below),
                flip(&i.above),
            ]);
        }
    }
    super::csv::write_rows(&CSV_HEADER, rows)
}

/// The report in `format`.
pub fn render(format: Format, r: &SensitivityReport) -> Result<String> {
    if let Some(w) = super::markup::writer(format) {
        return Ok(text(r, w));
    }
    Ok(match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json_value(r))
                .map_err(|e| crate::error::Error::Other(format!("cannot serialize JSON: {e}")))?;
            s.push('\n');
            s
        }
        _ => csv(r)?,
    })
}
