//! Human-readable tables (comfy-table): money right-aligned, unit prices per million, tiers named,
//! the catalog's source and date in a footer.

use comfy_table::{Cell, CellAlignment, Table as Grid};

use super::fit::{grid, shown};
use super::markup::Table as Markup;
use super::{
    fmt, prices_line, provenance_line, BreakevenReport, CompareReport, FeaturesReport,
    LatencyReport, PricesReport, ProjectReport, QuoteReport, Renderer, ROUNDING_NOTE,
};
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::cost::Quote;

pub struct Table;

fn right(t: &mut Grid, cols: &[usize]) {
    for &c in cols {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// The line-item grid of a quote, with a total row; returns the notes (bases) to print below (the
/// rows are the quote's layout's, `layout::quote_rows`).
pub fn quote_grid(q: &Quote) -> (Grid, Vec<String>) {
    let mut t = grid(&super::layout::QUOTE_HEADER);
    let (rows, notes) = super::layout::quote_rows(q);
    for row in rows {
        t.add_row(row.into_iter().map(Cell::new).collect::<Vec<_>>());
    }
    right(&mut t, &super::layout::QUOTE_RIGHT);
    (t, notes)
}

fn footer(out: &mut String, notes: &[String], warnings: &[String], prices: &str) {
    for (i, n) in notes.iter().enumerate() {
        out.push_str(&format!("[{}] {}\n", i + 1, n));
    }
    for w in warnings {
        // The free tier applied is a note, not a warning.
        if w.starts_with("free tier: ") {
            out.push_str(&format!("{w}\n"));
        } else {
            out.push_str(&format!("warning: {w}\n"));
        }
    }
    out.push_str(prices);
    out.push('\n');
    out.push_str(ROUNDING_NOTE);
    out.push('\n');
}

impl Renderer for Table {
    fn quote(&self, r: &QuoteReport) -> Result<String> {
        super::layout::quote(r, Box::new(Markup::default()))
    }

    fn compare(&self, r: &CompareReport) -> Result<String> {
        let mut out = String::new();
        if r.regions.len() > 1 {
            by_region(&mut out, r);
        }
        let mut warnings = Vec::new();
        for rc in &r.regions {
            out.push_str(&format!(
                "{}: {} a month, free tier: {}\n",
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
            let mut t = grid(&header);
            for (q, s) in rc.quotes.iter().zip(&rc.savings) {
                let vs = super::vs_dearest(rc, q, s);
                let mut row = vec![
                    Cell::new(q.api.title()),
                    Cell::new(fmt::money(q.total)),
                    Cell::new(fmt::per_million(q.effective_per_million())),
                    Cell::new(vs),
                    Cell::new(super::latency_cell(r.fit_of(q.api))),
                ];
                if !r.needs.is_empty() {
                    row.push(Cell::new(super::fit_cell(r.fit_of(q.api))));
                }
                t.add_row(row);
            }
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
            right(&mut t, &[1, 2, 4]);
            out.push_str(&shown(t));
            out.push('\n');
            if let Some(h) = super::headline(r, rc) {
                out.push_str(&h.sentence);
                out.push('\n');
                if let Some(l) = h.lacking {
                    out.push_str(&l);
                    out.push('\n');
                }
            }
            // Line items of every option, so each figure can be checked.
            for q in &rc.quotes {
                out.push_str(&format!("\n{} line items\n", q.api.title()));
                let (t, notes) = quote_grid(q);
                out.push_str(&shown(t));
                out.push('\n');
                for (i, n) in notes.iter().enumerate() {
                    out.push_str(&format!("[{}] {}\n", i + 1, n));
                }
            }
            out.push('\n');
        }
        fit_and_horizon(&mut out, r);
        warnings.push(r.free_tier.applied());
        let prices = prices_line(&r.provenance, r.regions.iter().flat_map(|rc| &rc.quotes));
        footer(&mut out, &[], &warnings, &prices);
        Ok(out)
    }

    fn latency(&self, r: &LatencyReport) -> Result<String> {
        use super::{ms, share};
        let mut out = String::new();
        for res in &r.results {
            out.push_str(&format!(
                "{}: added latency, {} Monte Carlo samples, seed {}\n",
                res.api.title(),
                fmt::quantity(rust_decimal::Decimal::from(res.samples as u64)),
                res.seed
            ));
            let e = res.end_to_end;
            let mut t = grid(&["p50", "p90", "p99", "p99.9", "mean"]);
            t.add_row(
                [e.p50_ms, e.p90_ms, e.p99_ms, e.p999_ms, e.mean_ms]
                    .iter()
                    .map(|v| Cell::new(format!("{} ms", ms(*v))))
                    .collect::<Vec<_>>(),
            );
            right(&mut t, &[0, 1, 2, 3, 4]);
            out.push_str(&shown(t));
            out.push('\n');
            if let Some(s) = super::overhead_sentence(res) {
                out.push_str(&s);
                out.push('\n');
            }
            let mut t = grid(&[
                "Component",
                "Occurs",
                "p50",
                "p99",
                "Mean",
                "Share",
                "Basis",
                "Conf.",
                "Sources",
            ]);
            for c in &res.components {
                t.add_row(vec![
                    Cell::new(&c.name),
                    Cell::new(share(c.probability)),
                    Cell::new(format!("{} ms", ms(c.p50_ms))),
                    Cell::new(format!("{} ms", ms(c.p99_ms))),
                    Cell::new(format!("{} ms", ms(c.mean_ms))),
                    Cell::new(share(c.share)),
                    Cell::new(c.basis_label()),
                    Cell::new(&c.confidence),
                    Cell::new(c.sources.join(", ")),
                ]);
            }
            right(&mut t, &[1, 2, 3, 4, 5]);
            out.push_str(&shown(t));
            out.push('\n');
            if let Some(c) = &res.cold_start {
                out.push_str(&format!(
                    "Cold starts: {} ({}: {}).\n",
                    fmt::cold_start_share(c.rate),
                    c.basis.name(),
                    c.how
                ));
            }
            for c in &res.components {
                if let Some(n) = &c.note {
                    out.push_str(&format!("{}: {n}.\n", c.name));
                }
            }
            for n in &res.notes {
                out.push_str(&format!("Note: {n}.\n"));
            }
            out.push('\n');
        }
        out.push_str(&super::latency_footer(r));
        Ok(out)
    }

    fn features(&self, r: &FeaturesReport) -> Result<String> {
        super::layout::features(r, Box::new(Markup::default()))
    }

    fn project(&self, r: &ProjectReport) -> Result<String> {
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
        let mut t = grid(&header.iter().map(String::as_str).collect::<Vec<_>>());
        let months = p.options.first().map(|o| o.months.len()).unwrap_or(0);
        for i in 0..months {
            let mut row = vec![
                Cell::new(&p.options[0].months[i].label),
                Cell::new(fmt::quantity(p.options[0].months[i].quote.requests)),
            ];
            for o in &p.options {
                let m = &o.months[i];
                row.push(Cell::new(fmt::money(m.quote.total)));
                if show_free {
                    row.push(Cell::new(fmt::money(-m.free_tier_effect)));
                }
                row.push(Cell::new(fmt::money(m.cumulative)));
            }
            t.add_row(row);
        }
        let mut total = vec![Cell::new("Total"), Cell::new("")];
        for o in &p.options {
            total.push(Cell::new(fmt::money(o.total)));
            if show_free {
                total.push(Cell::new(""));
            }
            total.push(Cell::new(""));
        }
        t.add_row(total);
        right(&mut t, &(1..header.len()).collect::<Vec<_>>());
        let mut out = format!(
            "Projection in {}, free tier: {}\n",
            p.region,
            r.free_tier.label()
        );
        out.push_str(&shown(t));
        out.push('\n');
        out.push_str(&super::horizon_sentence(p));
        out.push('\n');
        let warnings = super::project_notes(r);
        let prices = prices_line(
            &r.provenance,
            p.options
                .iter()
                .flat_map(|o| o.months.iter().map(|m| &m.quote)),
        );
        footer(&mut out, &[], &warnings, &prices);
        Ok(out)
    }

    fn breakeven(&self, r: &BreakevenReport) -> Result<String> {
        let b = &r.breakeven;
        let mut out = format!(
            "{} vs {} in {} by {} ({} to {}), free tier: {}{}\n",
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
        );
        if b.points.is_empty() {
            out.push_str(&format!(
                "No crossing: {}.\n",
                b.none_because.clone().unwrap_or_default()
            ));
        } else {
            let (ta, tb) = (b.a.title(), b.b.title());
            let mut t = grid(&[
                "At",
                &format!("{ta} below"),
                &format!("{tb} below"),
                &format!("{ta} at"),
                &format!("{tb} at"),
                "Cheaper below -> above",
            ]);
            for c in &b.points {
                let m = fmt::money_distinct(&[c.below.cost_a, c.below.cost_b, c.cost_a, c.cost_b]);
                t.add_row(vec![
                    Cell::new(super::variable_value(b, c.at)),
                    Cell::new(&m[0]),
                    Cell::new(&m[1]),
                    Cell::new(&m[2]),
                    Cell::new(&m[3]),
                    Cell::new(format!("{} -> {}", c.cheaper_below, c.cheaper_above)),
                ]);
            }
            right(&mut t, &[0, 1, 2, 3, 4]);
            out.push_str(&shown(t));
            out.push('\n');
            for c in &b.points {
                out.push_str(&super::crossing_sentence(b, c));
                out.push('\n');
            }
        }
        footer(&mut out, &[], &b.notes, &provenance_line(&r.provenance));
        Ok(out)
    }

    fn prices(&self, r: &PricesReport) -> Result<String> {
        super::layout::prices(r, Box::new(Markup::default()))
    }
}

/// `compare --regions`: one row per option, one column per region.
fn by_region(out: &mut String, r: &CompareReport) {
    // Regions side by side: one row per option, one column per region.
    let mut header = vec!["Option".to_string()];
    header.extend(r.regions.iter().map(|rc| rc.region.clone()));
    let mut t = grid(&header.iter().map(String::as_str).collect::<Vec<_>>());
    let apis: Vec<ApiKind> = r.regions[0].quotes.iter().map(|q| q.api).collect();
    for api in apis {
        let mut row = vec![Cell::new(api.title())];
        for rc in &r.regions {
            let q = rc.quotes.iter().find(|q| q.api == api);
            row.push(Cell::new(
                q.map(|q| fmt::money(q.total)).unwrap_or_else(|| "-".into()),
            ));
        }
        t.add_row(row);
    }
    right(&mut t, &(1..=r.regions.len()).collect::<Vec<_>>());
    out.push_str("Monthly cost by region\n");
    out.push_str(&shown(t));
    out.push_str("\n\n");
}

/// After the per-region tables: the horizon, the feature fit for `--needs`, the latency sentences.
fn fit_and_horizon(out: &mut String, r: &CompareReport) {
    if let Some(h) = &r.horizon {
        out.push_str(&super::horizon_sentence(h));
        out.push('\n');
    }
    let gaps = super::gap_sentences(&r.fit);
    if !r.needs.is_empty() {
        out.push_str(&format!("Feature fit for --needs {}:\n", r.needs.join(",")));
        if gaps.is_empty() {
            out.push_str("  every option supports every needed feature.\n");
        }
        for g in &gaps {
            out.push_str(&format!("  {g}\n"));
        }
        out.push('\n');
    }
    for l in super::latency_sentences(&r.fit) {
        out.push_str(&l);
        out.push('\n');
    }
}
