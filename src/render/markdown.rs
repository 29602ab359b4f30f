//! Markdown: pipe tables for design documents and review packs.

use super::markup::Markdown as Markup;
use super::{
    fmt, prices_line, provenance_line, BreakevenReport, CompareReport, FeaturesReport,
    LatencyReport, PricesReport, ProjectReport, QuoteReport, Renderer, ROUNDING_NOTE,
};
use crate::error::Result;
use crate::model::cost::Quote;

pub struct Markdown;

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// A quote's line items as a Markdown table with a total row and numbered bases.
pub fn quote_table(q: &Quote) -> String {
    let mut out = String::from(
        "| Component | Tier | Quantity | Unit price | Amount |\n|---|---|--:|--:|--:|\n",
    );
    let shown = q.line_cents();
    let mut notes: Vec<String> = Vec::new();
    for (l, amount) in q.lines.iter().zip(shown) {
        let mut component = cell(&l.component);
        if let Some(b) = &l.basis {
            if !notes.contains(b) {
                notes.push(b.clone());
            }
            let n = notes
                .iter()
                .position(|x| x == b)
                .map(|i| i + 1)
                .unwrap_or(0);
            component.push_str(&format!(" [{n}]"));
        }
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            component,
            cell(&fmt::tier(&l.tier, l.meter)),
            fmt::line_quantity(l),
            fmt::price(l),
            fmt::money(amount)
        ));
    }
    out.push_str(&format!(
        "| **Total** | | | | **{}** |\n",
        fmt::money(q.billed())
    ));
    for (i, n) in notes.iter().enumerate() {
        out.push_str(&format!("\n[{}] {}", i + 1, cell(n)));
    }
    if !notes.is_empty() {
        out.push('\n');
    }
    out
}

impl Renderer for Markdown {
    fn quote(&self, r: &QuoteReport) -> Result<String> {
        super::layout::quote(r, Box::new(Markup::default()))
    }

    fn compare(&self, r: &CompareReport) -> Result<String> {
        let mut out = String::new();
        for rc in &r.regions {
            out.push_str(&format!(
                "## Options in {}\n\n{} a month, free tier: {}.\n\n| Option | Monthly cost | Effective per 1M | vs dearest | Added latency p50 / p99 |{}\n|---|--:|--:|---|--:|{}\n",
                rc.region,
                fmt::volume(&rc.quotes),
                r.free_tier.label(),
                if r.needs.is_empty() { "" } else { " Feature fit |" },
                if r.needs.is_empty() { "" } else { "---|" },
            ));
            for (q, s) in rc.quotes.iter().zip(&rc.savings) {
                let vs = super::vs_dearest(rc, q, s);
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} |{}\n",
                    q.api.title(),
                    fmt::money(q.total),
                    fmt::per_million(q.effective_per_million()),
                    vs,
                    super::latency_cell(r.fit_of(q.api)),
                    if r.needs.is_empty() {
                        String::new()
                    } else {
                        format!(" {} |", cell(&super::fit_cell(r.fit_of(q.api))))
                    }
                ));
            }
            if let Some(h) = super::headline(r, rc) {
                out.push_str(&format!("\n{}\n", cell(&h.sentence)));
                if let Some(l) = h.lacking {
                    out.push_str(&format!("\n{}\n", cell(&l)));
                }
            }
            for n in super::compare_notes(r, rc, true) {
                out.push_str(&format!("\n> warning: {}\n", cell(&n)));
            }
            for q in &rc.quotes {
                out.push_str(&format!("\n### {} line items\n\n", q.api.title()));
                out.push_str(&quote_table(q));
            }
            out.push('\n');
        }
        if let Some(h) = &r.horizon {
            out.push_str(&format!("{}\n\n", super::horizon_sentence(h)));
        }
        if !r.needs.is_empty() {
            out.push_str(&format!(
                "### Feature fit (--needs {})\n\n",
                r.needs.join(",")
            ));
            let gaps = super::gap_sentences(&r.fit);
            if gaps.is_empty() {
                out.push_str("Every option supports every needed feature.\n");
            }
            for g in gaps {
                out.push_str(&format!("- {g}\n"));
            }
            out.push('\n');
        }
        for l in super::latency_sentences(&r.fit) {
            out.push_str(&format!("{l}\n"));
        }
        out.push_str(&format!("\n{}\n", r.free_tier.applied()));
        sources_table(
            &mut out,
            r.regions.iter().flat_map(|rc| &rc.quotes),
            &r.provenance,
        );
        out.push('\n');
        out.push_str(&format!(
            "{}\n{}\n",
            prices_line(&r.provenance, r.regions.iter().flat_map(|rc| &rc.quotes)),
            ROUNDING_NOTE
        ));
        Ok(out)
    }

    fn latency(&self, r: &LatencyReport) -> Result<String> {
        use super::{ms, share};
        let mut out = String::new();
        for res in &r.results {
            let e = res.end_to_end;
            out.push_str(&format!(
                "## {}: added latency\n\n{} Monte Carlo samples, seed {}.\n\n| p50 | p90 | p99 | p99.9 | mean |\n|--:|--:|--:|--:|--:|\n| {} ms | {} ms | {} ms | {} ms | {} ms |\n\n",
                res.api.title(),
                fmt::quantity(rust_decimal::Decimal::from(res.samples as u64)),
                res.seed,
                ms(e.p50_ms), ms(e.p90_ms), ms(e.p99_ms), ms(e.p999_ms), ms(e.mean_ms)
            ));
            if let Some(s) = super::overhead_sentence(res) {
                out.push_str(&format!("{s}\n\n"));
            }
            out.push_str("| Component | Occurs | p50 | p99 | Mean | Share | Basis | Confidence | Sources |\n|---|--:|--:|--:|--:|--:|---|---|---|\n");
            for c in &res.components {
                out.push_str(&format!(
                    "| {} | {} | {} ms | {} ms | {} ms | {} | {} | {} | {} |\n",
                    cell(&c.name),
                    share(c.probability),
                    ms(c.p50_ms),
                    ms(c.p99_ms),
                    ms(c.mean_ms),
                    share(c.share),
                    c.basis_label(),
                    c.confidence,
                    c.sources.join(", ")
                ));
            }
            out.push('\n');
            if let Some(c) = &res.cold_start {
                out.push_str(&format!(
                    "- Cold starts: {} ({}: {}).\n",
                    super::fmt::cold_start_share(c.rate),
                    c.basis.name(),
                    c.how
                ));
            }
            for n in &res.notes {
                out.push_str(&format!("- Note: {n}.\n"));
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
        let apis: Vec<_> = p.options.iter().map(|o| o.api).collect();
        let mut out = format!(
            "## Projection in {}\n\nFree tier: {}.\n\n| Month | {} |",
            p.region,
            r.free_tier.label(),
            fmt::volume_unit(&apis)
        );
        let mut rule = String::from("|--:|--:|");
        for o in &p.options {
            out.push_str(&format!(
                " {} cost | {} free tier | {} cumulative |",
                o.api.short(),
                o.api.short(),
                o.api.short()
            ));
            rule.push_str("--:|--:|--:|");
        }
        out.push('\n');
        out.push_str(&rule);
        out.push('\n');
        let months = p.options.first().map(|o| o.months.len()).unwrap_or(0);
        for i in 0..months {
            out.push_str(&format!(
                "| {} | {} |",
                cell(&p.options[0].months[i].label),
                fmt::quantity(p.options[0].months[i].quote.requests)
            ));
            for o in &p.options {
                let m = &o.months[i];
                out.push_str(&format!(
                    " {} | {} | {} |",
                    fmt::money(m.quote.total),
                    fmt::money(-m.free_tier_effect),
                    fmt::money(m.cumulative)
                ));
            }
            out.push('\n');
        }
        out.push_str("| **Total** | |");
        for o in &p.options {
            out.push_str(&format!(" **{}** | | |", fmt::money(o.total)));
        }
        out.push_str(&format!("\n\n{}\n\n", super::horizon_sentence(p)));
        for n in super::project_notes(r) {
            if n == r.free_tier.applied() {
                out.push_str(&format!("{n}\n"));
            } else {
                out.push_str(&format!("> warning: {}\n\n", cell(&n)));
            }
        }
        sources_table(
            &mut out,
            p.options
                .iter()
                .flat_map(|o| o.months.iter().map(|m| &m.quote)),
            &r.provenance,
        );
        let prices = prices_line(
            &r.provenance,
            p.options
                .iter()
                .flat_map(|o| o.months.iter().map(|m| &m.quote)),
        );
        out.push_str(&format!("\n{prices}\n{ROUNDING_NOTE}\n"));
        Ok(out)
    }

    fn breakeven(&self, r: &BreakevenReport) -> Result<String> {
        let b = &r.breakeven;
        let mut out = format!(
            "## {} vs {} by {} in {}\n\nRange {} to {}, free tier: {}.\n\n",
            b.a.title(),
            b.b.title(),
            b.variable.name(),
            b.region,
            super::variable_value(b, b.from),
            super::variable_value(b, b.to),
            r.free_tier.label()
        );
        if b.points.is_empty() {
            out.push_str(&format!(
                "No crossing: {}.\n",
                cell(&b.none_because.clone().unwrap_or_default())
            ));
        } else {
            out.push_str("| At | A below | B below | A at | B at | Cheaper below → above |\n|--:|--:|--:|--:|--:|---|\n");
            for c in &b.points {
                let m = fmt::money_distinct(&[c.below.cost_a, c.below.cost_b, c.cost_a, c.cost_b]);
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} → {} |\n",
                    super::variable_value(b, c.at),
                    m[0],
                    m[1],
                    m[2],
                    m[3],
                    c.cheaper_below,
                    c.cheaper_above
                ));
            }
            out.push_str(&format!("\nA = {}, B = {}.\n", b.a.title(), b.b.title()));
        }
        for n in &b.notes {
            out.push_str(&format!("\n> {}\n", cell(n)));
        }
        out.push_str(&format!("\n{}\n", provenance_line(&r.provenance)));
        Ok(out)
    }

    fn prices(&self, r: &PricesReport) -> Result<String> {
        super::layout::prices(r, Box::new(Markup::default()))
    }
}

/// The sources the quotes' prices cite, each once with its title.
fn sources_table<'a>(
    out: &mut String,
    quotes: impl IntoIterator<Item = &'a Quote>,
    p: &crate::model::catalog::Provenance,
) {
    let cited = super::cited_sources(quotes, p);
    if cited.is_empty() {
        return;
    }
    out.push_str("\n| Source | Title |\n|---|---|\n");
    for (id, title) in cited {
        out.push_str(&format!("| {id} | {} |\n", cell(&title)));
    }
}
