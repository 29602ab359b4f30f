//! "How sure is this": the bands that ranges give, in every format. A report that priced a point
//! (compare, project) gets this section after it when any input is a range: a table, a Markdown
//! section, an `uncertainty` member of the JSON document, `quantile` rows of the finance CSV.
//!
//! Bills and savings are shown to the cent (quantiles interpolate between draws, so more digits would
//! promise more than they hold); probabilities to 0.1 percentage point in text, 4 decimals in JSON/CSV.

use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

use super::csv::{FinanceRow, RowType};
use super::markup::Markup;
use super::{fmt, Format};
use crate::error::{Error, Result};
use crate::model::uncertainty::bands::{Band, Bands, HorizonBands};
use crate::model::uncertainty::Range;
use crate::money::to_cents;

/// The bands of a report and how they were drawn.
pub struct UncertaintyReport<'a> {
    pub region: &'a str,
    pub ranges: &'a [Range],
    pub draws: usize,
    pub seed: u64,
    /// One month of each option (compare).
    pub month: Option<&'a Bands>,
    /// Each month and the cumulative total (project).
    pub horizon: Option<&'a HorizonBands>,
}

/// How the bands were made, in one sentence.
pub fn method(r: &UncertaintyReport) -> String {
    format!(
        "{} stratified draws (seed {}), each priced by the exact tiered engine for every option; \
         p10/p50/p90 of the exact bills",
        fmt::quantity(Decimal::from(r.draws as u64)),
        r.seed
    )
}

/// `requests 80M..120M (uniform, flag; p10 84M, p50 100M, p90 116M)`.
pub fn range_sentence(r: &Range) -> String {
    let [a, b, c] = r.quantiles();
    let mut s = format!(
        "{} {} ({}, {}; p10 {}, p50 {}, p90 {})",
        r.input.name(),
        r.text,
        r.dist.shape(),
        r.from,
        r.input.show(a),
        r.input.show(b),
        r.input.show(c)
    );
    if r.dist.fit_note().is_some() {
        s.push_str(
            "; the given p10 and p90 are not symmetric about the median in log space: the fit keeps \
             the median and the p10-p90 spread",
        );
    }
    s
}

/// A probability as a percentage to 0.1 point: `63.2%`, `100%`.
pub fn chance(p: Decimal) -> String {
    let pct = (p * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{}%", pct.normalize())
}

fn band_cells(b: &Band) -> [String; 4] {
    [b.p10, b.p50, b.p90, b.mean].map(fmt::money)
}

fn saving_cell(b: &Option<Band>) -> String {
    match b {
        Some(s) => format!(
            "{} / {} / {}",
            fmt::money(s.p10),
            fmt::money(s.p50),
            fmt::money(s.p90)
        ),
        None => "baseline".into(),
    }
}

/// One row per option: option, p10, p50, p90, mean, P(cheapest), saving p10/p50/p90.
fn rows(period: Option<&str>, b: &Bands) -> Vec<Vec<String>> {
    b.options
        .iter()
        .map(|o| {
            let mut r: Vec<String> = period.map(str::to_string).into_iter().collect();
            r.push(o.api.title().to_string());
            r.extend(band_cells(&o.bill));
            r.push(chance(o.cheapest));
            r.push(saving_cell(&o.saving));
            r
        })
        .collect()
}

fn header(period: bool, baseline: &str) -> Vec<String> {
    let mut h: Vec<String> = period.then(|| "Month".to_string()).into_iter().collect();
    h.extend(
        ["Option", "p10", "p50", "p90", "Mean", "Cheapest in"]
            .iter()
            .map(|s| s.to_string()),
    );
    h.push(format!("Saving vs {baseline} p10 / p50 / p90"));
    h
}

/// All the tables of the section: (title, header, rows).
fn tables(r: &UncertaintyReport) -> Vec<super::markup::Captioned> {
    let mut out = Vec::new();
    if let Some(b) = r.month {
        out.push((
            "Monthly bill".to_string(),
            header(false, b.baseline.title()),
            rows(None, b),
        ));
    }
    if let Some(h) = r.horizon {
        let base = h.cumulative.baseline.title();
        let all: Vec<Vec<String>> = h
            .labels
            .iter()
            .zip(&h.months)
            .flat_map(|(l, b)| rows(Some(l), b))
            .collect();
        out.push(("Each month's bill".into(), header(true, base), all));
        out.push((
            format!("Cumulative over {} months", h.labels.len()),
            header(false, base),
            rows(None, &h.cumulative),
        ));
    }
    out
}

/// The sentences under the tables: the ranges, the method.
fn sentences(r: &UncertaintyReport) -> Vec<String> {
    let mut s: Vec<String> = r
        .ranges
        .iter()
        .map(|x| format!("Range: {}.", range_sentence(x)))
        .collect();
    s.push(format!("Method: {}.", method(r)));
    s
}

/// The section through the one markup layout (table and Markdown): a heading, each table under its
/// caption (figure columns right-aligned), the sentences. The section follows a report, after a blank
/// line.
fn text(r: &UncertaintyReport, w: Box<dyn Markup>) -> String {
    let heading = format!("How sure is this ({})", r.region);
    format!(
        "\n{}",
        super::markup::captioned_tables(w, &heading, tables(r), &sentences(r))
    )
}

fn cents(d: Decimal) -> String {
    format!("{:.2}", to_cents(d))
}

fn band_json(b: &Band) -> Json {
    json!({ "p10": cents(b.p10), "p50": cents(b.p50), "p90": cents(b.p90), "mean": cents(b.mean) })
}

fn bands_json(b: &Bands) -> Json {
    json!({
        "baseline": b.baseline.name(),
        "options": b.options.iter().map(|o| json!({
            "api": o.api.name(),
            "bill": band_json(&o.bill),
            "saving_vs_baseline": o.saving.as_ref().map(band_json),
            "probability_cheapest": o.cheapest.round_dp(4).normalize().to_string(),
        })).collect::<Vec<_>>(),
    })
}

/// The `uncertainty` member of a JSON report.
pub fn json_value(r: &UncertaintyReport) -> Json {
    let ranges: Vec<Json> = r
        .ranges
        .iter()
        .map(|x| {
            let [a, b, c] = x.quantiles();
            json!({
                "input": x.input.key(),
                "flag": x.input.flag(),
                "text": x.text,
                "shape": x.dist.shape(),
                "from": x.from,
                "p10": a.normalize().to_string(),
                "p50": b.normalize().to_string(),
                "p90": c.normalize().to_string(),
            })
        })
        .collect();
    let mut v = json!({
        "draws": r.draws,
        "seed": r.seed,
        "method": method(r),
        "ranges": ranges,
    });
    if let Some(b) = r.month {
        v["month"] = bands_json(b);
    }
    if let Some(h) = r.horizon {
        v["months"] = Json::Array(
            h.labels
                .iter()
                .zip(&h.months)
                .map(|(l, b)| {
                    let mut m = bands_json(b);
                    m["month"] = json!(l);
                    m
                })
                .collect(),
        );
        v["cumulative"] = bands_json(&h.cumulative);
    }
    v
}

/// `document` (a JSON object as text) with `"uncertainty": value` as its last member.
fn json_append(document: &str, value: &Json) -> Result<String> {
    let body = document.trim_end();
    let Some(head) = body.strip_suffix('}') else {
        return Err(Error::Other("the JSON report is not an object".into()));
    };
    let pretty = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Other(format!("cannot serialize JSON: {e}")))?;
    let indented = pretty.replace('\n', "\n  ");
    let head = head.trim_end();
    let sep = if head.ends_with('{') { "" } else { "," };
    Ok(format!("{head}{sep}\n  \"uncertainty\": {indented}\n}}\n"))
}

/// The finance CSV's `quantile` rows: per option and period, the bill's p10/p50/p90/mean, the
/// saving's against the baseline, and the probability of being the cheapest (in `quantity`).
pub fn csv_rows(r: &UncertaintyReport) -> Vec<FinanceRow> {
    let mut out = Vec::new();
    let mut add = |period: &str, b: &Bands| {
        for o in &b.options {
            let row = |component: String, v: Decimal| FinanceRow {
                component,
                amount: cents(v),
                amount_exact: crate::money::exact(v).to_string(),
                currency: super::csv::CURRENCY.into(),
                ..FinanceRow::new(period, r.region, o.api.name(), RowType::Quantile)
            };
            let bill = o.bill;
            for (name, v) in [
                ("bill p10", bill.p10),
                ("bill p50", bill.p50),
                ("bill p90", bill.p90),
                ("bill mean", bill.mean),
            ] {
                out.push(row(name.into(), v));
            }
            if let Some(s) = o.saving {
                let base = b.baseline.name();
                for (name, v) in [("p10", s.p10), ("p50", s.p50), ("p90", s.p90)] {
                    out.push(row(format!("saving vs {base} {name}"), v));
                }
            }
            out.push(FinanceRow {
                component: "probability cheapest".into(),
                quantity: o.cheapest.round_dp(4).normalize().to_string(),
                unit: "probability".into(),
                currency: String::new(),
                ..FinanceRow::new(period, r.region, o.api.name(), RowType::Quantile)
            });
        }
    };
    if let Some(b) = r.month {
        add("1", b);
    }
    if let Some(h) = r.horizon {
        for (l, b) in h.labels.iter().zip(&h.months) {
            add(l, b);
        }
        let span = match (h.labels.first(), h.labels.last()) {
            (Some(a), Some(z)) => format!("{a}..{z}"),
            _ => String::new(),
        };
        add(&span, &h.cumulative);
    }
    out
}

/// `report` with several regions' sections (`compare --regions`): each region's section in the table
/// and Markdown, every region's `quantile` rows in the CSV; in JSON the first region's bands as
/// `uncertainty` (as with one region) and, with several, every region's month under
/// `uncertainty.by_region` (`[{ "region", "month" }]`).
pub fn append_regions(format: Format, report: String, rs: &[UncertaintyReport]) -> Result<String> {
    if format != Format::Json || rs.len() < 2 {
        return rs.iter().try_fold(report, |acc, r| append(format, acc, r));
    }
    let mut v = json_value(&rs[0]);
    v["by_region"] = Json::Array(
        rs.iter()
            .map(|r| {
                let mut m = json!({ "region": r.region });
                if let Some(b) = r.month {
                    m["month"] = bands_json(b);
                }
                m
            })
            .collect(),
    );
    json_append(&report, &v)
}

/// `report` (a compare or project report in `format`) with the section appended.
pub fn append(format: Format, report: String, r: &UncertaintyReport) -> Result<String> {
    if let Some(w) = super::markup::writer(format) {
        return Ok(report + &text(r, w));
    }
    Ok(match format {
        Format::Json => json_append(&report, &json_value(r))?,
        _ => {
            let rows = super::csv::write_rows(
                &FinanceRow::HEADER,
                csv_rows(r).iter().map(FinanceRow::cells),
            )?;
            // The report's header is already there: the rows only.
            let body = rows.split_once('\n').map_or("", |(_, b)| b);
            report + body
        }
    })
}
