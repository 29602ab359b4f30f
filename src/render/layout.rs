//! The one markup layout of `quote`, `features` and `prices` (list, show, sources): each says once what
//! it shows through a [`Markup`] writer, which writes it as a terminal's table or as Markdown
//! (`render::markup::writer`). The table is the report as it has always been printed; Markdown is the
//! same blocks in Markdown.

use super::markup::Markup;
use super::{fmt, prices_line, provenance_line, FeaturesReport, PricesReport, QuoteReport};
use super::{support_mark, ROUNDING_NOTE};
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::cost::Quote;

/// The columns of a quote's line items.
pub const QUOTE_HEADER: [&str; 5] = ["Component", "Tier", "Quantity", "Unit price", "Amount"];

/// The quantity, unit price and amount columns, aligned right.
pub const QUOTE_RIGHT: [usize; 3] = [2, 3, 4];

/// A quote's line items with a total row, and the bases (numbered `[n]` after the component) to print
/// below them.
pub fn quote_rows(q: &Quote) -> (Vec<Vec<String>>, Vec<String>) {
    let mut rows = Vec::with_capacity(q.lines.len() + 1);
    let mut notes: Vec<String> = Vec::new();
    for (l, amount) in q.lines.iter().zip(q.line_cents()) {
        let mut component = l.component.clone();
        if let Some(b) = &l.basis {
            let n = match notes.iter().position(|x| x == b) {
                Some(i) => i + 1,
                None => {
                    notes.push(b.clone());
                    notes.len()
                }
            };
            component.push_str(&format!(" [{n}]"));
        }
        rows.push(vec![
            component,
            fmt::tier(&l.tier, l.meter),
            fmt::line_quantity(l),
            fmt::price(l),
            fmt::money(amount),
        ]);
    }
    rows.push(vec![
        "Total".into(),
        String::new(),
        String::new(),
        String::new(),
        fmt::money(q.billed()),
    ]);
    (rows, notes)
}

/// The lines under a report: its numbered bases, its warnings (the free tier applied is a note, not a
/// warning), where its prices come from and how amounts are rounded.
pub fn footer_lines(notes: &[String], warnings: &[String], prices: &str) -> Vec<String> {
    let mut out: Vec<String> = notes
        .iter()
        .enumerate()
        .map(|(i, n)| format!("[{}] {n}", i + 1))
        .collect();
    out.extend(warnings.iter().map(|w| {
        if w.starts_with("free tier: ") {
            w.clone()
        } else {
            format!("warning: {w}")
        }
    }));
    out.push(prices.to_string());
    out.push(ROUNDING_NOTE.to_string());
    out
}

/// `quote`: the option, region and volume; the line items; the bases, warnings and sources.
pub fn quote(r: &QuoteReport, mut w: Box<dyn Markup>) -> Result<String> {
    let q = &r.quote;
    let unit = if q.api == ApiKind::WebSocket {
        "messages"
    } else {
        "requests"
    };
    w.heading(&format!(
        "{} in {}: {} a month, free tier: {}",
        q.api.title(),
        q.region,
        fmt::counted(q.requests, unit),
        r.free_tier.label()
    ));
    let (rows, notes) = quote_rows(q);
    w.table(&QUOTE_HEADER, &rows, &QUOTE_RIGHT);
    let mut warnings = q.warnings.clone();
    warnings.push(r.free_tier.applied());
    w.notes(&footer_lines(
        &notes,
        &warnings,
        &prices_line(&r.provenance, [q]),
    ));
    Ok(w.finish())
}

/// `features`: the matrix (a row per group, then its features), its notes and sources.
pub fn features(r: &FeaturesReport, mut w: Box<dyn Markup>) -> Result<String> {
    let f = &r.features;
    let kinds = ApiKind::ALL;
    let mut header = vec!["Feature"];
    header.extend(kinds.iter().map(|k| k.short()));
    header.push("Workaround");
    let mut rows = Vec::new();
    let mut group = String::new();
    for feat in &f.features {
        if feat.group != group {
            group = feat.group.clone();
            let mut row = vec![format!("— {group} —")];
            row.extend(kinds.iter().map(|_| String::new()));
            row.push(String::new());
            rows.push(row);
        }
        let mut row = vec![format!("{} ({})", feat.title, feat.id)];
        row.extend(
            kinds
                .iter()
                .map(|k| support_mark(feat.support_of(*k)).to_string()),
        );
        row.push(feat.workaround.clone().unwrap_or_default());
        rows.push(row);
    }
    w.table(&header, &rows, &[]);
    let mut notes: Vec<String> = Vec::new();
    for feat in &f.features {
        match (&feat.since, &feat.note) {
            (Some(d), Some(n)) => notes.push(format!("{}: since {d}. {n}", feat.id)),
            (Some(d), None) => notes.push(format!("{}: since {d}.", feat.id)),
            (None, Some(n)) => notes.push(format!("{}: {n}", feat.id)),
            (None, None) => {}
        }
    }
    notes.push("partial: supported with a restriction (see the note); ?: not confirmed.".into());
    notes.extend(f.confirmation.split('\n').map(str::to_string));
    w.notes(&notes);
    let sources: Vec<String> = f
        .sources
        .iter()
        .map(|(id, s)| {
            let title = s.get("title").and_then(|v| v.as_str()).unwrap_or(id);
            let url = s.get("url").and_then(|v| v.as_str()).unwrap_or("");
            format!("[{id}] {title} {url}")
        })
        .collect();
    w.bullets(&format!("Sources (read {}):", f.read_on), &sources);
    Ok(w.finish())
}

/// `prices list`, `prices show --region` and `prices sources`.
pub fn prices(r: &PricesReport, mut w: Box<dyn Markup>) -> Result<String> {
    let c = r.catalog;
    if r.sources {
        let rows: Vec<Vec<String>> = c
            .provenance
            .sources
            .iter()
            .map(|(id, title)| vec![id.clone(), title.clone()])
            .collect();
        w.table(&["Source id", "Title"], &rows, &[]);
        w.paragraph(&provenance_line(&c.provenance));
        return Ok(w.finish());
    }
    match r.region {
        None => regions(c, w.as_mut()),
        Some(code) => region_prices(c, code, w.as_mut())?,
    }
    w.paragraph(&provenance_line(&c.provenance));
    Ok(w.finish())
}

/// `prices list`: every region with what it prices and its first tiers; the gaps and CloudFront's edge
/// geographies under it.
fn regions(c: &crate::model::catalog::Catalog, w: &mut dyn Markup) {
    let first = |tt: &Option<crate::model::tiers::TierTable>| {
        tt.as_ref()
            .map(|t| format!("${} / 1M", t.tiers[0].price))
            .unwrap_or_else(|| "not priced".into())
    };
    let rows: Vec<Vec<String>> = c
        .regions
        .values()
        .map(|reg| {
            vec![
                reg.code.clone(),
                reg.location.clone(),
                reg.services().join(", "),
                first(&reg.rest),
                first(&reg.http),
                first(&reg.ws_messages),
            ]
        })
        .collect();
    w.heading(&format!("{} regions in the catalog", c.regions.len()));
    w.table(
        &[
            "Region",
            "Location",
            "Services priced",
            "REST first tier",
            "HTTP first tier",
            "WebSocket msgs first tier",
        ],
        &rows,
        &[3, 4, 5],
    );
    w.notes(&coverage_notes(c));
}

/// `prices show --region CODE`: every meter's tiers, the region's notes and its sources.
fn region_prices(c: &crate::model::catalog::Catalog, code: &str, w: &mut dyn Markup) -> Result<()> {
    let reg = c.region(code)?;
    w.heading(&format!(
        "{} ({}), partition {}",
        reg.code, reg.location, reg.partition
    ));
    let mut rows = Vec::new();
    for (name, table) in super::meter_tables(reg) {
        let mut from = rust_decimal::Decimal::ZERO;
        for (i, tier) in table.tiers.iter().enumerate() {
            let tr = Some(crate::model::cost::TierRef {
                number: i + 1,
                of: table.tiers.len(),
                from,
                to: tier.up_to,
            });
            rows.push(vec![
                name.clone(),
                fmt::tier(&tr, table.meter),
                fmt::rate(tier.price, table.meter),
                tier.rate_code.clone().unwrap_or_else(|| "-".into()),
                table.sources.join(", "),
            ]);
            if let Some(u) = tier.up_to {
                from = u;
            }
        }
    }
    w.table(
        &["Meter", "Tier", "Price", "AWS rate code", "Sources"],
        &rows,
        &[2],
    );
    let mut notes = Vec::new();
    if reg.data_transfer_out.is_none() {
        notes
            .push("note: the catalog has no data-transfer-out prices for this region.".to_string());
    }
    notes.extend(reg.flags.iter().map(|f| format!("note: {f}")));
    w.notes(&notes);
    let mut ids: Vec<&str> = super::meter_tables(reg)
        .iter()
        .flat_map(|(_, t)| t.sources.iter().map(|s| super::short_id(s)))
        .collect();
    ids.sort();
    ids.dedup();
    let sources: Vec<String> = ids.into_iter().map(|id| c.source_summary(id)).collect();
    w.bullets("Sources:", &sources);
    Ok(())
}

/// Under `prices list`: each region's gaps (what quoting there is an error for) and CloudFront's edge
/// geographies (priced by geography, not region).
fn coverage_notes(c: &crate::model::catalog::Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for reg in c.regions.values() {
        let missing = reg.missing();
        if !missing.is_empty() {
            out.push(format!(
                "{}: no price for {} (quoting it there is an error)",
                reg.code,
                missing.join(", ")
            ));
        }
    }
    if !c.cloudfront.is_empty() {
        out.push(format!(
            "CloudFront (by edge geography, for the CloudFront option in front of the HTTP API): {}",
            c.cloudfront
                .iter()
                .map(|g| g.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}
