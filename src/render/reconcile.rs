//! `reconcile` in every format: the rated meters (`period, account, region, meter, usage, billed,
//! model, difference`) with their totals, the explanations, the lines that are not usage, the
//! unmatched usage and, with `--as http`, the REST requests priced as HTTP.
//!
//! Table and Markdown show cents: each money column's rows are rounded by largest remainder
//! (`money::allocate_cents`) so that they add up to the total shown under them, and a row's difference
//! is its shown billed minus its shown model. JSON and CSV carry the exact amounts (JSON's totals also
//! to the cent, with `_exact` beside them).

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{json, Value};

use super::csv::{write_serialized, Text};
use super::markup::{self, Markup};
use super::{fmt, provenance_line, Format};
use crate::error::{Error, Result};
use crate::model::catalog::Provenance;
use crate::model::reconcile::explain::matches;
use crate::model::reconcile::Reconciliation;
use crate::money::{allocate_cents, exact, to_cents};

/// One bill file as read.
pub struct BillFile {
    pub path: String,
    /// `CUR 2.0`, `legacy CUR`, `FOCUS`.
    pub layout: String,
    /// `CSV`, `gzipped CSV`, `Parquet`.
    pub encoding: String,
    pub rows: u64,
}

/// What `reconcile` renders.
pub struct ReconcileReport<'a> {
    pub rec: &'a Reconciliation,
    pub files: &'a [BillFile],
    pub provenance: &'a Provenance,
}

/// The report in a format.
pub fn render(format: Format, r: &ReconcileReport) -> Result<String> {
    if let Some(w) = markup::writer(format) {
        return Ok(text(r, w));
    }
    match format {
        Format::Json => json(r),
        _ => csv(r),
    }
}

/// The amounts as shown to the cent.
struct Shown {
    billed: Vec<Decimal>,
    model: Vec<Decimal>,
    non_usage: Vec<Decimal>,
    unmatched: Vec<Decimal>,
}

impl Shown {
    fn of(rec: &Reconciliation) -> Shown {
        Shown {
            billed: allocate_cents(&rec.rows.iter().map(|r| r.billed).collect::<Vec<_>>()),
            model: allocate_cents(&rec.rows.iter().map(|r| r.model).collect::<Vec<_>>()),
            non_usage: allocate_cents(&rec.non_usage.iter().map(|l| l.amount).collect::<Vec<_>>()),
            unmatched: allocate_cents(&rec.unmatched.iter().map(|u| u.cost).collect::<Vec<_>>()),
        }
    }
}

/// The explanation numbers of each row (`[1]`, `[2, 4]`).
fn notes_of(rec: &Reconciliation) -> Vec<Vec<usize>> {
    let mut notes = vec![Vec::new(); rec.rows.len()];
    for (n, e) in rec.explanations.iter().enumerate() {
        for &i in &e.rows {
            notes[i].push(n + 1);
        }
    }
    notes
}

fn note_cell(rec: &Reconciliation, notes: &[Vec<usize>], i: usize) -> String {
    let refs: Vec<String> = notes[i].iter().map(|n| format!("[{n}]")).collect();
    if matches(rec.rows[i].difference) {
        "match".to_string()
    } else if refs.is_empty() {
        "differs".to_string()
    } else {
        format!("see {}", refs.join(" "))
    }
}

fn summary(r: &ReconcileReport) -> String {
    let rec = r.rec;
    let files: Vec<String> = r
        .files
        .iter()
        .map(|f| {
            format!(
                "{} ({} {}, {} lines)",
                f.path,
                f.layout,
                f.encoding,
                crate::model::numbers::group(Decimal::from(f.rows))
            )
        })
        .collect();
    let level = match rec.accounts {
        crate::model::reconcile::AccountLevel::Linked => "tiers counted per linked (usage) account",
        crate::model::reconcile::AccountLevel::Payer => {
            "tiers counted per payer account, over all its linked accounts"
        }
    };
    format!(
        "Bill: {}; {} in {}. Each period x account x region x meter is rated on the catalog's tiers from zero.",
        files.join(", "),
        level,
        rec.currency
    )
}

/// The report's one layout for the markup family (table, Markdown; HTML through the same writer).
fn text(r: &ReconcileReport, mut w: Box<dyn Markup>) -> String {
    let rec = r.rec;
    let shown = Shown::of(rec);
    w.title("Reconciliation: the model against the bill");
    w.paragraph(&summary(r));
    rated(w.as_mut(), rec, &shown);
    if !rec.explanations.is_empty() {
        w.end_section();
        w.heading("Why the bill and the model differ");
        for (n, e) in rec.explanations.iter().enumerate() {
            w.paragraph(&format!("[{}] {}: {}", n + 1, e.kind.name(), e.text));
        }
    }
    other_lines(w.as_mut(), rec, &shown);
    let billed = to_cents(rec.billed_total);
    let unmatched = to_cents(rec.unmatched_total);
    let non_usage = to_cents(rec.non_usage_total);
    w.end_section();
    w.paragraph(&format!(
        "Bill total {}: rated usage {} + unmatched usage {} + other lines {} ({} lines read).",
        fmt::money(billed + unmatched + non_usage),
        fmt::money(billed),
        fmt::money(unmatched),
        fmt::money(non_usage),
        crate::model::numbers::group(Decimal::from(rec.lines))
    ));
    as_http_text(w.as_mut(), rec);
    if !rec.warnings.is_empty() {
        w.end_section();
    }
    for x in &rec.warnings {
        w.paragraph(&format!("warning: {x}"));
    }
    w.end_section();
    w.paragraph(&provenance_line(r.provenance));
    w.finish()
}

/// The rated meters, one row each, and their total.
fn rated(w: &mut dyn Markup, rec: &Reconciliation, shown: &Shown) {
    let notes = notes_of(rec);
    let mut rows: Vec<Vec<String>> = rec
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            vec![
                row.period.clone(),
                row.account.clone(),
                row.region.clone(),
                row.meter.name(),
                fmt::quantity(row.usage),
                fmt::money(shown.billed[i]),
                fmt::money(shown.model[i]),
                fmt::money(shown.billed[i] - shown.model[i]),
                note_cell(rec, &notes, i),
            ]
        })
        .collect();
    let billed = to_cents(rec.billed_total);
    let model = to_cents(rec.model_total);
    rows.push(vec![
        "Total".into(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        fmt::money(billed),
        fmt::money(model),
        fmt::money(billed - model),
        String::new(),
    ]);
    w.table(
        &[
            "Period",
            "Account",
            "Region",
            "Meter",
            "Usage",
            "Billed",
            "Model",
            "Difference",
            "Check",
        ],
        &rows,
        &[4, 5, 6, 7],
    );
}

fn other_lines(w: &mut dyn Markup, rec: &Reconciliation, shown: &Shown) {
    if !rec.non_usage.is_empty() {
        w.end_section();
        w.heading("Not usage: listed with their amounts, never rated");
        let mut rows: Vec<Vec<String>> = rec
            .non_usage
            .iter()
            .zip(&shown.non_usage)
            .map(|(l, a)| {
                vec![
                    l.period.clone(),
                    l.account.clone(),
                    l.charge.name().into(),
                    l.line_type.clone(),
                    if l.description.is_empty() {
                        l.usage_type.clone()
                    } else {
                        l.description.clone()
                    },
                    fmt::money(*a),
                ]
            })
            .collect();
        rows.push(vec![
            "Total".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            fmt::money(to_cents(rec.non_usage_total)),
        ]);
        w.table(
            &[
                "Period",
                "Account",
                "Kind",
                "Line type",
                "Description",
                "Amount",
            ],
            &rows,
            &[5],
        );
    }
    if !rec.unmatched.is_empty() {
        w.end_section();
        w.heading("Unmatched usage: not rated");
        let mut rows: Vec<Vec<String>> = rec
            .unmatched
            .iter()
            .zip(&shown.unmatched)
            .map(|(u, c)| {
                vec![
                    u.period.clone(),
                    u.account.clone(),
                    u.region.clone(),
                    u.usage_type.clone(),
                    u.usage.map(fmt::quantity).unwrap_or_default(),
                    fmt::money(*c),
                    u.reason.clone(),
                ]
            })
            .collect();
        rows.push(vec![
            "Total".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            fmt::money(to_cents(rec.unmatched_total)),
            String::new(),
        ]);
        w.table(
            &[
                "Period",
                "Account",
                "Region",
                "Usage type",
                "Usage",
                "Cost",
                "Why",
            ],
            &rows,
            &[4, 5],
        );
    }
}

fn as_http_text(w: &mut dyn Markup, rec: &Reconciliation) {
    let Some(rows) = &rec.as_http else {
        return;
    };
    w.end_section();
    w.heading("As HTTP APIs: the bill's REST requests priced on HTTP API tiers");
    let billed = allocate_cents(&rows.iter().map(|r| r.rest_billed).collect::<Vec<_>>());
    let priced: Vec<Decimal> = rows
        .iter()
        .map(|r| r.http_model.unwrap_or_default())
        .collect();
    let http = allocate_cents(&priced);
    let (mut tb, mut th) = (Decimal::ZERO, Decimal::ZERO);
    let mut cells = Vec::with_capacity(rows.len() + 1);
    for (i, r) in rows.iter().enumerate() {
        let (h, s) = match r.http_model {
            Some(_) => {
                tb += billed[i];
                th += http[i];
                (fmt::money(http[i]), fmt::money(billed[i] - http[i]))
            }
            None => ("no HTTP prices".into(), "-".into()),
        };
        cells.push(vec![
            r.period.clone(),
            r.account.clone(),
            r.region.clone(),
            fmt::quantity(r.requests),
            fmt::money(billed[i]),
            h,
            s,
        ]);
    }
    cells.push(vec![
        "Total".into(),
        String::new(),
        String::new(),
        String::new(),
        fmt::money(tb),
        fmt::money(th),
        fmt::money(tb - th),
    ]);
    w.table(
        &[
            "Period",
            "Account",
            "Region",
            "Requests",
            "REST billed",
            "As HTTP",
            "Saving",
        ],
        &cells,
        &[3, 4, 5, 6],
    );
    let cache: Decimal = rows.iter().map(|r| r.cache_billed).sum();
    w.paragraph("Requests only, each counted as one 512 KB HTTP billing unit (the bill has no sizes); the HTTP tiers counted over each payer's linked accounts, as AWS counted the REST tiers billed, and shared by their requests. Features are NOT checked here: an HTTP API lacks API keys, usage plans, caching, request validation and more; run `apigw-cost review` before you migrate.");
    if !cache.is_zero() {
        w.paragraph(&format!(
            "The REST cache billed {} in these periods; an HTTP API has no cache, so its hits would reach the backend.",
            fmt::money(cache)
        ));
    }
}

fn s(d: Decimal) -> String {
    exact(d).to_string()
}

fn json(r: &ReconcileReport) -> Result<String> {
    let rec = r.rec;
    let rows: Vec<Value> = rec
        .rows
        .iter()
        .map(|row| {
            json!({
                "period": row.period, "account": row.account, "region": row.region,
                "meter": row.meter.name(), "usage": row.usage.normalize().to_string(),
                "billed": s(row.billed), "model": s(row.model), "difference": s(row.difference),
            })
        })
        .collect();
    let non_usage: Vec<Value> = rec
        .non_usage
        .iter()
        .map(|l| {
            json!({
                "period": l.period, "account": l.account, "kind": l.charge.name(),
                "line_type": l.line_type, "product": l.product, "usage_type": l.usage_type,
                "description": l.description, "amount": s(l.amount), "lines": l.lines,
            })
        })
        .collect();
    let unmatched: Vec<Value> = rec
        .unmatched
        .iter()
        .map(|u| {
            json!({
                "period": u.period, "account": u.account, "region": u.region,
                "product": u.product, "usage_type": u.usage_type,
                "usage": u.usage.map(|x| x.normalize().to_string()), "cost": s(u.cost),
                "lines": u.lines, "reason": u.reason,
            })
        })
        .collect();
    let explanations: Vec<Value> = rec
        .explanations
        .iter()
        .map(|e| json!({ "kind": e.kind.name(), "rows": e.rows, "text": e.text }))
        .collect();
    let files: Vec<Value> = r
        .files
        .iter()
        .map(|f| json!({ "path": f.path, "layout": f.layout, "encoding": f.encoding, "rows": f.rows }))
        .collect();
    let (billed, model) = (to_cents(rec.billed_total), to_cents(rec.model_total));
    let mut v = json!({
        "schema_version": 1,
        "accounts": rec.accounts.name(),
        "currency": rec.currency,
        "files": files,
        "rows": rows,
        "billed_total": billed.to_string(),
        "model_total": model.to_string(),
        "difference_total": (billed - model).to_string(),
        "billed_total_exact": s(rec.billed_total),
        "model_total_exact": s(rec.model_total),
        "difference_total_exact": s(rec.difference_total),
        "explanations": explanations,
        "non_usage": non_usage,
        "non_usage_total": s(rec.non_usage_total),
        "unmatched": unmatched,
        "unmatched_total": s(rec.unmatched_total),
        "bill_total": s(rec.bill_total),
        "lines": rec.lines,
        "catalog": { "source": r.provenance.source, "published": r.provenance.published },
        "warnings": rec.warnings,
    });
    if let Some(rows) = &rec.as_http {
        let a: Vec<Value> = rows
            .iter()
            .map(|h| {
                json!({
                    "period": h.period, "account": h.account, "region": h.region,
                    "requests": h.requests.normalize().to_string(), "rest_billed": s(h.rest_billed),
                    "http_model": h.http_model.map(s), "saving": h.saving.map(s),
                    "rest_cache_billed": s(h.cache_billed),
                })
            })
            .collect();
        v["as_http"] = json!({
            "rows": a,
            "note": "requests only, one 512 KB billing unit each; HTTP tiers counted per payer, as the REST bill's, shared by requests; features are not checked: run `apigw-cost review`",
        });
    }
    serde_json::to_string_pretty(&v)
        .map(|t| t + "\n")
        .map_err(|e| Error::Other(format!("cannot write JSON: {e}")))
}

/// One row of `reconcile --format csv`: a meter's billed and modelled amounts, the totals, a line
/// that is not usage, a usage line not rated, an explanation or a warning (cells escaped when written).
#[derive(Serialize, Default)]
struct CsvRow {
    row_type: &'static str,
    period: Text,
    account: Text,
    region: Text,
    meter: Text,
    usage: Text,
    billed: Text,
    model: Text,
    difference: Text,
    note: Text,
}

fn csv(r: &ReconcileReport) -> Result<String> {
    let rec = r.rec;
    let notes = notes_of(rec);
    let mut rows: Vec<CsvRow> = Vec::new();
    for (i, row) in rec.rows.iter().enumerate() {
        let note: Vec<String> = notes[i]
            .iter()
            .map(|&n| rec.explanations[n - 1].kind.name().to_string())
            .collect();
        rows.push(CsvRow {
            row_type: "meter",
            period: row.period.as_str().into(),
            account: row.account.as_str().into(),
            region: row.region.as_str().into(),
            meter: row.meter.name().into(),
            usage: row.usage.normalize().to_string().into(),
            billed: s(row.billed).into(),
            model: s(row.model).into(),
            difference: s(row.difference).into(),
            note: if matches(row.difference) {
                "match".into()
            } else {
                note.join(" ").into()
            },
        });
    }
    rows.push(CsvRow {
        row_type: "total",
        billed: s(rec.billed_total).into(),
        model: s(rec.model_total).into(),
        difference: s(rec.difference_total).into(),
        ..CsvRow::default()
    });
    for l in &rec.non_usage {
        let what = if l.description.is_empty() {
            &l.usage_type
        } else {
            &l.description
        };
        rows.push(CsvRow {
            row_type: "non-usage",
            period: l.period.as_str().into(),
            account: l.account.as_str().into(),
            meter: format!("{}:{}", l.charge.name(), l.line_type).into(),
            billed: s(l.amount).into(),
            note: what.as_str().into(),
            ..CsvRow::default()
        });
    }
    for u in &rec.unmatched {
        rows.push(CsvRow {
            row_type: "unmatched",
            period: u.period.as_str().into(),
            account: u.account.as_str().into(),
            region: u.region.as_str().into(),
            meter: u.usage_type.as_str().into(),
            usage: u
                .usage
                .map(|x| x.normalize().to_string())
                .unwrap_or_default()
                .into(),
            billed: s(u.cost).into(),
            note: u.reason.as_str().into(),
            ..CsvRow::default()
        });
    }
    for e in &rec.explanations {
        rows.push(CsvRow {
            row_type: "explanation",
            meter: e.kind.name().into(),
            note: e.text.as_str().into(),
            ..CsvRow::default()
        });
    }
    for w in &rec.warnings {
        rows.push(CsvRow {
            row_type: "warning",
            note: w.as_str().into(),
            ..CsvRow::default()
        });
    }
    write_serialized(rows)
}
