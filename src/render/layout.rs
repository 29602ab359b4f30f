//! The one markup layout of `quote`, `compare`, `project`, `breakeven`, `latency`, `features` and
//! `prices` (list, show, sources): each says once what it shows through a [`Markup`] writer, which
//! writes it as a terminal's table or as Markdown (`render::markup::writer`). The table is the report
//! as it has always been printed; Markdown is the same blocks in Markdown (and what `review` embeds).

use super::markup::{self, Markup};
use super::{fmt, prices_line, provenance_line, FeaturesReport, PricesReport, QuoteReport};
use super::{support_mark, ROUNDING_NOTE};
use super::{BreakevenReport, CompareReport, Format, LatencyReport, ProjectReport, Renderer};
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::catalog::Provenance;
use crate::model::compare::RegionComparison;
use crate::model::cost::Quote;

/// The text formats (table, Markdown) of the reports behind [`Renderer`]: each report's one layout
/// written through the format's markup writer.
pub struct Text(pub Format);

impl Text {
    fn writer(&self) -> Box<dyn Markup> {
        // `render::renderer` makes a `Text` only for a format with a markup writer.
        markup::writer(self.0).unwrap_or_else(|| Box::new(markup::Table::default()))
    }
}

impl Renderer for Text {
    fn quote(&self, r: &QuoteReport) -> Result<String> {
        quote(r, self.writer())
    }
    fn compare(&self, r: &CompareReport) -> Result<String> {
        compare(r, self.writer())
    }
    fn project(&self, r: &ProjectReport) -> Result<String> {
        project(r, self.writer())
    }
    fn breakeven(&self, r: &BreakevenReport) -> Result<String> {
        breakeven(r, self.writer())
    }
    fn prices(&self, r: &PricesReport) -> Result<String> {
        prices(r, self.writer())
    }
    fn latency(&self, r: &LatencyReport) -> Result<String> {
        latency(r, self.writer())
    }
    fn features(&self, r: &FeaturesReport) -> Result<String> {
        features(r, self.writer())
    }
}

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
    let mut out = numbered(notes);
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

/// The numbered bases under a table of line items: `[1] ...`.
fn numbered(notes: &[String]) -> Vec<String> {
    notes
        .iter()
        .enumerate()
        .map(|(i, n)| format!("[{}] {n}", i + 1))
        .collect()
}

/// The sources the quotes' lines cite, each once with its title, in documents (in `review`, the pack's
/// Sources appendix is made of these tables); a terminal's footer names the ids instead.
fn sources<'a>(w: &mut dyn Markup, quotes: impl IntoIterator<Item = &'a Quote>, p: &Provenance) {
    let rows: Vec<Vec<String>> = super::cited_sources(quotes, p)
        .into_iter()
        .map(|(id, title)| vec![id, title])
        .collect();
    if !rows.is_empty() {
        w.reference_table(&["Source", "Title"], &rows);
    }
}

/// `compare`: with several regions, the monthly costs side by side; per region its options, the
/// headline and each option's line items; the horizon, the feature fit and the latency sentences; the
/// sources cited; the warnings and where the prices come from.
pub fn compare(r: &CompareReport, mut w: Box<dyn Markup>) -> Result<String> {
    if r.regions.len() > 1 {
        by_region(r, w.as_mut());
    }
    let mut warnings = Vec::new();
    for rc in &r.regions {
        compare_region(r, rc, w.as_mut());
        let prefix = if r.regions.len() > 1 {
            format!("{} ", rc.region)
        } else {
            String::new()
        };
        warnings.extend(
            super::compare_notes(r, rc, true)
                .into_iter()
                .map(|n| format!("{prefix}{n}")),
        );
    }
    fit_and_horizon(r, w.as_mut());
    let quotes = || r.regions.iter().flat_map(|rc| &rc.quotes);
    sources(w.as_mut(), quotes(), &r.provenance);
    warnings.push(r.free_tier.applied());
    w.notes(&footer_lines(
        &[],
        &warnings,
        &prices_line(&r.provenance, quotes()),
    ));
    Ok(w.finish())
}

/// `compare --regions`: one row per option, one column per region.
fn by_region(r: &CompareReport, w: &mut dyn Markup) {
    let mut header = vec!["Option"];
    header.extend(r.regions.iter().map(|rc| rc.region.as_str()));
    let rows: Vec<Vec<String>> = r.regions[0]
        .quotes
        .iter()
        .map(|first| {
            let mut row = vec![first.api.title().to_string()];
            row.extend(r.regions.iter().map(|rc| {
                rc.quotes
                    .iter()
                    .find(|q| q.api == first.api)
                    .map(|q| fmt::money(q.total))
                    .unwrap_or_else(|| "-".into())
            }));
            row
        })
        .collect();
    w.caption("Monthly cost by region");
    w.table(&header, &rows, &(1..header.len()).collect::<Vec<_>>());
    w.end_section();
}

/// One region of `compare`: its options, the headline, and each option's line items (so each figure
/// can be checked).
fn compare_region(r: &CompareReport, rc: &RegionComparison, w: &mut dyn Markup) {
    w.heading(&format!(
        "{}: {} a month, free tier: {}",
        rc.region,
        fmt::volume(&rc.quotes),
        r.free_tier.label()
    ));
    let mut header = vec![
        "Option",
        "Monthly cost",
        "Effective per 1M",
        "vs dearest",
        "Added latency p50 / p99",
    ];
    if !r.needs.is_empty() {
        header.push("Feature fit");
    }
    let rows: Vec<Vec<String>> = rc
        .quotes
        .iter()
        .zip(&rc.savings)
        .map(|(q, s)| {
            let mut row = vec![
                q.api.title().to_string(),
                fmt::money(q.total),
                fmt::per_million(q.effective_per_million()),
                super::vs_dearest(rc, q, s),
                super::latency_cell(r.fit_of(q.api)),
            ];
            if !r.needs.is_empty() {
                row.push(super::fit_cell(r.fit_of(q.api)));
            }
            row
        })
        .collect();
    w.table(&header, &rows, &[1, 2, 4]);
    if let Some(h) = super::headline(r, rc) {
        w.paragraph(&h.sentence);
        if let Some(l) = h.lacking {
            w.paragraph(&l);
        }
    }
    for q in &rc.quotes {
        w.end_section();
        w.caption(&format!("{} line items", q.api.title()));
        let (rows, notes) = quote_rows(q);
        w.table(&QUOTE_HEADER, &rows, &QUOTE_RIGHT);
        w.notes(&numbered(&notes));
    }
    w.end_section();
}

/// After the per-region tables: the horizon, the feature fit for `--needs`, the latency sentences.
fn fit_and_horizon(r: &CompareReport, w: &mut dyn Markup) {
    if let Some(h) = &r.horizon {
        w.paragraph(&super::horizon_sentence(h));
    }
    if !r.needs.is_empty() {
        let mut gaps = super::gap_sentences(&r.fit);
        if gaps.is_empty() {
            gaps.push("every option supports every needed feature.".into());
        }
        w.bullets(
            &format!("Feature fit for --needs {}:", r.needs.join(",")),
            &gaps,
        );
        w.end_section();
    }
    w.notes(&super::latency_sentences(&r.fit));
}

/// `project`: month by month, each option's cost (its free tier's effect when one applies) and
/// cumulative cost, a total row; the horizon sentence, the sources, the warnings and the footer.
pub fn project(r: &ProjectReport, mut w: Box<dyn Markup>) -> Result<String> {
    let p = &r.projection;
    let show_free = r.free_tier != crate::model::free_tier::FreeTier::None;
    let apis: Vec<_> = p.options.iter().map(|o| o.api).collect();
    let mut header = vec!["Month".to_string(), fmt::volume_unit(&apis).to_string()];
    for o in &p.options {
        header.push(format!("{} cost", o.api.short()));
        if show_free {
            header.push(format!("{} free tier", o.api.short()));
        }
        header.push(format!("{} cumulative", o.api.short()));
    }
    let months = p.options.first().map(|o| o.months.len()).unwrap_or(0);
    let mut rows: Vec<Vec<String>> = (0..months)
        .map(|i| {
            let mut row = vec![
                p.options[0].months[i].label.clone(),
                fmt::quantity(p.options[0].months[i].quote.requests),
            ];
            for o in &p.options {
                let m = &o.months[i];
                row.push(fmt::money(m.quote.total));
                if show_free {
                    row.push(fmt::money(-m.free_tier_effect));
                }
                row.push(fmt::money(m.cumulative));
            }
            row
        })
        .collect();
    let mut total = vec!["Total".to_string(), String::new()];
    for o in &p.options {
        total.push(fmt::money(o.total));
        if show_free {
            total.push(String::new());
        }
        total.push(String::new());
    }
    rows.push(total);
    w.heading(&format!(
        "Projection in {}, free tier: {}",
        p.region,
        r.free_tier.label()
    ));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    w.table(&header, &rows, &(1..header.len()).collect::<Vec<_>>());
    w.paragraph(&super::horizon_sentence(p));
    let quotes = || {
        p.options
            .iter()
            .flat_map(|o| o.months.iter().map(|m| &m.quote))
    };
    sources(w.as_mut(), quotes(), &r.provenance);
    w.notes(&footer_lines(
        &[],
        &super::project_notes(r),
        &prices_line(&r.provenance, quotes()),
    ));
    Ok(w.finish())
}

/// `breakeven`: the two options, the variable and its range; each crossing with the four costs around
/// it and a sentence; or why there is none.
pub fn breakeven(r: &BreakevenReport, mut w: Box<dyn Markup>) -> Result<String> {
    let b = &r.breakeven;
    w.heading(&format!(
        "{} vs {} in {} by {} ({} to {}), free tier: {}{}",
        b.a.title(),
        b.b.title(),
        b.region,
        b.variable.name(),
        super::variable_value(b, b.from),
        super::variable_value(b, b.to),
        r.free_tier.label(),
        b.migration_cost
            .map(|m| format!(", migration cost {}", fmt::money(m)))
            .unwrap_or_default()
    ));
    if b.points.is_empty() {
        w.paragraph(&format!(
            "No crossing: {}.",
            b.none_because.clone().unwrap_or_default()
        ));
    } else {
        let (ta, tb) = (b.a.title(), b.b.title());
        let header = [
            "At".to_string(),
            format!("{ta} below"),
            format!("{tb} below"),
            format!("{ta} at"),
            format!("{tb} at"),
            "Cheaper below -> above".to_string(),
        ];
        let rows: Vec<Vec<String>> = b
            .points
            .iter()
            .map(|c| {
                let m = fmt::money_distinct(&[c.below.cost_a, c.below.cost_b, c.cost_a, c.cost_b]);
                let mut row = vec![super::variable_value(b, c.at)];
                row.extend(m);
                row.push(format!("{} -> {}", c.cheaper_below, c.cheaper_above));
                row
            })
            .collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        w.table(&header, &rows, &[0, 1, 2, 3, 4]);
        let sentences: Vec<String> = b
            .points
            .iter()
            .map(|c| super::crossing_sentence(b, c))
            .collect();
        w.notes(&sentences);
    }
    w.notes(&footer_lines(
        &[],
        &b.notes,
        &provenance_line(&r.provenance),
    ));
    Ok(w.finish())
}

/// `latency`: per option the end-to-end percentiles, the overhead without the handler, each component
/// with its basis and sources, the cold starts and notes; then what the figures mean and their sources.
pub fn latency(r: &LatencyReport, mut w: Box<dyn Markup>) -> Result<String> {
    use super::{ms, share};
    for res in &r.results {
        w.heading(&format!(
            "{}: added latency, {} Monte Carlo samples, seed {}",
            res.api.title(),
            fmt::quantity(rust_decimal::Decimal::from(res.samples as u64)),
            res.seed
        ));
        let e = res.end_to_end;
        let row: Vec<String> = [e.p50_ms, e.p90_ms, e.p99_ms, e.p999_ms, e.mean_ms]
            .iter()
            .map(|v| format!("{} ms", ms(*v)))
            .collect();
        w.table(
            &["p50", "p90", "p99", "p99.9", "mean"],
            &[row],
            &[0, 1, 2, 3, 4],
        );
        if let Some(s) = super::overhead_sentence(res) {
            w.paragraph(&s);
        }
        let rows: Vec<Vec<String>> = res
            .components
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    share(c.probability),
                    format!("{} ms", ms(c.p50_ms)),
                    format!("{} ms", ms(c.p99_ms)),
                    format!("{} ms", ms(c.mean_ms)),
                    share(c.share),
                    c.basis_label(),
                    c.confidence.clone(),
                    c.sources.join(", "),
                ]
            })
            .collect();
        w.table(
            &[
                "Component",
                "Occurs",
                "p50",
                "p99",
                "Mean",
                "Share",
                "Basis",
                "Conf.",
                "Sources",
            ],
            &rows,
            &[1, 2, 3, 4, 5],
        );
        let mut notes: Vec<String> = res
            .cold_start
            .iter()
            .map(|c| {
                format!(
                    "Cold starts: {} ({}: {}).",
                    fmt::cold_start_share(c.rate),
                    c.basis.name(),
                    c.how
                )
            })
            .collect();
        notes.extend(
            res.components
                .iter()
                .filter_map(|c| c.note.as_ref().map(|n| format!("{}: {n}.", c.name))),
        );
        notes.extend(res.notes.iter().map(|n| format!("Note: {n}.")));
        w.notes(&notes);
        w.end_section();
    }
    latency_footer(r, w.as_mut());
    Ok(w.finish())
}

/// What the latency figures mean, and every source they cite.
fn latency_footer(r: &LatencyReport, w: &mut dyn Markup) {
    w.paragraph(
        "Added latency at the AWS side: each component a log-normal fitted to its p50 and p99, summed by Monte Carlo (percentiles do not add). \
         Basis: measured = an independent or AWS measurement; official claim = an AWS statement (an upper bound); assumption = an estimate with no measurement found; \
         user input / derived = from your flags.",
    );
    let mut ids: Vec<&String> = r
        .results
        .iter()
        .flat_map(|res| res.components.iter().flat_map(|c| c.sources.iter()))
        .collect();
    ids.sort();
    ids.dedup();
    let sources: Vec<String> = ids
        .into_iter()
        .filter_map(|id| r.data.source_title(id).map(|t| format!("[{id}] {t}")))
        .collect();
    w.bullets(
        &format!(
            "Latency figures: data/latency.json, read {} ({}).",
            r.data.read_on, r.data.source
        ),
        &sources,
    );
}
