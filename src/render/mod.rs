//! Renderers: the same reports as a table, JSON, CSV or Markdown, behind the `Renderer` trait: JSON
//! and CSV each a module, table and Markdown one (`layout::Text`: each report's one layout through the
//! format's markup writer). Renderers only format what the model computed.

pub mod chart;
pub mod chart_data;
pub mod cloudwatch;
pub mod cloudwatch_profile;
pub mod commonmark;
pub mod csv;
pub mod diff;
pub mod draw;
pub mod fit;
pub mod fmt;
pub mod forecast;
pub mod inventory;
pub mod json;
pub mod layout;
pub mod markup;
pub mod profile_toml;
pub mod raster;
pub mod reconcile;
pub mod review_facts;
pub mod review_html;
pub mod review_md;
pub mod review_prose;
pub mod review_template_page;
pub mod sensitivity;
pub mod template_review;
pub mod uncertainty;

use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::breakeven::BreakEven;
use crate::model::catalog::Provenance;
use crate::model::compare::RegionComparison;
use crate::model::cost::Quote;
use crate::model::projection::Projection;

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
    Markdown,
}

pub use crate::report::{
    BreakevenReport, CompareReport, FeaturesReport, LatencyReport, OptionFit, PricesReport,
    ProjectReport, QuoteReport,
};

/// The reports every format renders.
pub trait Renderer {
    fn quote(&self, r: &QuoteReport) -> Result<String>;
    fn compare(&self, r: &CompareReport) -> Result<String>;
    fn project(&self, r: &ProjectReport) -> Result<String>;
    fn breakeven(&self, r: &BreakevenReport) -> Result<String>;
    fn prices(&self, r: &PricesReport) -> Result<String>;
    fn latency(&self, r: &LatencyReport) -> Result<String>;
    fn features(&self, r: &FeaturesReport) -> Result<String>;
}

/// The renderer of a format.
pub fn renderer(format: Format) -> Box<dyn Renderer> {
    match format {
        Format::Json => Box::new(json::Json),
        Format::Csv => Box::new(csv::Csv),
        // Every other format is a markup format: each report's one layout through its writer.
        Format::Table | Format::Markdown => Box::new(layout::Text(format)),
    }
}

/// A report as it is written out: table and Markdown output (read on a terminal, or shown by a
/// Markdown viewer) with every control character and bidirectional override from an input escaped
/// (`output::terminal::human_text`: the function stderr's messages use); JSON and CSV are escaped
/// by their own writers. The one place every text report passes before it is written.
pub fn for_reader(format: Format, text: String) -> String {
    match format {
        Format::Table | Format::Markdown => match crate::output::human_text(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(escaped) => escaped,
        },
        Format::Json | Format::Csv => text,
    }
}

/// The footer line of a report without line items (a catalog, a break-even, a bill): where its prices
/// come from, derived from the sources the catalog cites (the publication dates of the AWS price files
/// among them: ids ending in `YYYY-MM-DD`), never one service's file named for all.
pub fn provenance_line(p: &Provenance) -> String {
    let dates: Vec<&str> = p
        .sources
        .keys()
        .filter_map(|id| id.get(id.len().saturating_sub(10)..))
        .filter(|d| is_iso_date(d))
        .collect();
    let files = match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) if a == b => format!("the AWS price file of {a}"),
        (Some(a), Some(b)) => format!("AWS price files published {a} to {b}"),
        _ => "its sources".to_string(),
    };
    format!(
        "Prices: catalog {} (compiled {}), from {files} (every source: apigw-cost prices sources).",
        p.origin, p.generated_on
    )
}

/// The footer line of a report with line items: the sources those lines cite (short ids, each an AWS
/// price file with its date, or another source named in `prices sources`) and the catalog they were
/// read from. Without lines, the catalog's own line ([`provenance_line`]).
pub fn prices_line<'a>(p: &Provenance, quotes: impl IntoIterator<Item = &'a Quote>) -> String {
    let ids: Vec<String> = cited_sources(quotes, p)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    if ids.is_empty() {
        return provenance_line(p);
    }
    format!(
        "Prices: {} (the sources of the lines above; titles: apigw-cost prices sources); catalog {} (compiled {}).",
        ids.join(", "),
        p.origin,
        p.generated_on
    )
}

/// Whether `s` is `YYYY-MM-DD` (digits and dashes).
fn is_iso_date(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, c)| match i {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// How amounts are rounded, said once: in `apigw-cost --help` and the README ("Money and rounding").
pub const ROUNDING_RULE: &str = crate::rounding_rule!();

/// [`ROUNDING_RULE`] as a literal, for `--help` (clap's `after_help` is built with `concat!`).
#[macro_export]
macro_rules! rounding_rule {
    () => {
        "Each month is billed to the cent: its exact total rounded half away from zero, its lines by largest remainder so they add up to it; totals over several months and savings are sums and differences of those bills. JSON and CSV also carry the exact amounts (total_exact, amount_exact)."
    };
}

/// The pointer to [`ROUNDING_RULE`] that table and Markdown footers print, instead of the rule itself.
pub const ROUNDING_NOTE: &str =
    "Rounding: each month billed to the cent (the rule: apigw-cost --help).";

/// The short id of a source reference: `SRC-INFRACOST-GOLDEN (lb_test: ...)` -> `SRC-INFRACOST-GOLDEN`.
pub fn short_id(s: &str) -> &str {
    s.split_whitespace().next().unwrap_or(s)
}

/// A line's sources as short ids, space-separated (the finance CSV's `source` column).
pub fn source_ids(sources: &[String]) -> String {
    let mut ids: Vec<&str> = Vec::with_capacity(sources.len());
    for s in sources {
        let id = short_id(s);
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.join(" ")
}

/// Every source the quotes' lines cite, once, sorted by id, with its title from the catalog
/// (the footer's `Prices:` line and the sources table of JSON and Markdown). A line that cites any of
/// AWS's own sources (price files, pages, docs) is traced to those alone; the third-party copies,
/// tools and secondary notes that corroborate it stay in `prices sources`. A line with none of
/// AWS's own cites what it has.
pub fn cited_sources<'a>(
    quotes: impl IntoIterator<Item = &'a Quote>,
    p: &Provenance,
) -> Vec<(String, String)> {
    let mut ids: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for q in quotes {
        for l in &q.lines {
            let line: Vec<&str> = l.sources.iter().map(|s| short_id(s)).collect();
            let own = line.iter().any(|id| p.aws_own.contains(*id));
            ids.extend(
                line.into_iter()
                    .filter(|id| !own || p.aws_own.contains(*id)),
            );
        }
    }
    ids.into_iter()
        .map(|id| {
            let title = p
                .sources
                .get(id)
                .cloned()
                .unwrap_or_else(|| "(not in the catalog's sources)".into());
            (id.to_string(), title)
        })
        .collect()
}

/// The warnings of a comparison in one region, for every format: each option's own warnings (unless
/// the format shows them beside the option's lines) and the options whose latency could not be
/// estimated. The headline and the free tier applied are said apart.
pub fn compare_notes(
    r: &CompareReport,
    rc: &RegionComparison,
    quote_warnings: bool,
) -> Vec<String> {
    let mut out = Vec::new();
    for q in &rc.quotes {
        if quote_warnings {
            out.extend(q.warnings.iter().map(|w| format!("{}: {w}", q.api.short())));
        }
        if let Some(Err(e)) = r.fit_of(q.api).map(|f| &f.latency) {
            out.push(format!("{}: latency not estimated: {e}", q.api.short()));
        }
    }
    out
}

/// The notes of a projection, for every format: the months' warnings (each once), the free tier.
pub fn project_notes(r: &ProjectReport) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in &r.projection.options {
        for m in &o.months {
            for w in &m.quote.warnings {
                let n = format!("{}: {w}", o.api.short());
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out.push(r.free_tier.applied());
    out
}

/// The headline of a comparison: the cheapest option that meets `--needs`, what it saves against the
/// dearest (the difference of the bills shown), and separately what a cheaper option that lacks a
/// needed feature would save and what it lacks.
pub struct Headline {
    pub sentence: String,
    pub lacking: Option<String>,
}

/// The options of a region that support every needed feature (all of them without `--needs`).
fn meets_needs(r: &CompareReport, api: ApiKind) -> bool {
    r.fit_of(api).is_none_or(|f| {
        f.gaps
            .iter()
            .all(|g| g.support != crate::model::features::Support::No)
    })
}

/// The "vs dearest" cell of one option: `dearest`, `saves $X (Y%)`, or, for an option priced on a
/// narrower scope than the others (an authorizer, logs, tracing or a private endpoint it has none of),
/// `narrower scope`: its bill is not like-for-like with the dearest's, so no saving is shown (the
/// headline says which options differ and how). The model decides which are like-for-like
/// ([`crate::model::compare::rank`]).
pub fn vs_dearest(rc: &RegionComparison, q: &Quote, s: &crate::model::compare::Saving) -> String {
    let Some(amount) = s.amount else {
        return "narrower scope".to_string();
    };
    if q.api == rc.dearest {
        return "dearest".to_string();
    }
    match s.percent {
        Some(p) => format!("saves {} ({})", fmt::money(amount), fmt::percent(p)),
        None => "-".into(),
    }
}

/// The headline of a region's comparison, `None` when there is nothing to recommend (one option, or all
/// cost the same). Options priced on a narrower scope (an authorizer, logs, tracing or a private
/// endpoint asked for but not priced on them: they have none) are not compared with the others: the
/// saving is among the options priced on the whole scope, and a sentence says which differ and how.
pub fn headline(r: &CompareReport, rc: &RegionComparison) -> Option<Headline> {
    if rc.quotes.iter().all(|q| rc.like_for_like(q.api)) {
        return headline_like_for_like(r, rc);
    }
    let (like, narrower): (Vec<&Quote>, Vec<&Quote>) =
        rc.quotes.iter().partition(|q| rc.like_for_like(q.api));
    let differ: Vec<String> = narrower
        .iter()
        .map(|q| format!("{} without {}", q.api.title(), words_list(&q.not_priced)))
        .collect();
    let names: Vec<&str> = like.iter().map(|q| q.api.title()).collect();
    let scope = format!(
        "The options differ in scope: {} (they have none), so the saving compares only the {} priced on the whole scope.",
        words_list(&differ),
        words_list(&names)
    );
    let sub = crate::model::compare::rank(&rc.region, like.into_iter().cloned().collect());
    match headline_like_for_like(r, &sub) {
        Some(mut h) => {
            h.sentence = format!("{} {scope}", h.sentence);
            Some(h)
        }
        None => Some(Headline {
            sentence: scope.replace(
                "so the saving compares only the",
                "so no saving is given: only the",
            ),
            lacking: None,
        }),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn words_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} and {}",
            init.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// [`headline`] among options priced on the same scope.
fn headline_like_for_like(r: &CompareReport, rc: &RegionComparison) -> Option<Headline> {
    let dear = rc.quotes.iter().find(|q| q.api == rc.dearest)?;
    let saving = |q: &Quote| dear.billed() - q.billed();
    let pct = |amount: rust_decimal::Decimal| {
        if dear.billed().is_zero() {
            String::new()
        } else {
            format!(
                " ({})",
                fmt::percent(amount * rust_decimal::Decimal::ONE_HUNDRED / dear.billed())
            )
        }
    };
    let cheapest_ok = rc
        .quotes
        .iter()
        .filter(|q| meets_needs(r, q.api))
        .min_by(|a, b| a.billed().cmp(&b.billed()));
    let cheapest_any = rc.quotes.iter().find(|q| q.api == rc.cheapest)?;
    let sentence = match cheapest_ok {
        Some(ok) if ok.api != rc.dearest && saving(ok) > rust_decimal::Decimal::ZERO => format!(
            "{} saves {}{} against the {}{}.",
            ok.api.short(),
            fmt::money(saving(ok)),
            pct(saving(ok)),
            dear.api.title(),
            if r.needs.is_empty() {
                String::new()
            } else {
                format!(" and meets --needs {}", r.needs.join(","))
            }
        ),
        Some(ok) => format!(
            "{} is the cheapest option that meets --needs {} ({}).",
            ok.api.title(),
            r.needs.join(","),
            fmt::money(ok.billed())
        ),
        None if r.needs.is_empty() => return None,
        None => format!(
            "No option meets every need of --needs {}.",
            r.needs.join(",")
        ),
    };
    if r.needs.is_empty() && cheapest_ok.is_some_and(|q| q.api == rc.dearest) {
        return None;
    }
    let lacking = match cheapest_ok {
        Some(ok) if cheapest_any.billed() < ok.billed() => {
            let missing: Vec<&str> = r
                .fit_of(cheapest_any.api)
                .map(|f| {
                    f.gaps
                        .iter()
                        .filter(|g| g.support == crate::model::features::Support::No)
                        .map(|g| g.feature.as_str())
                        .collect()
                })
                .unwrap_or_default();
            Some(format!(
                "{} would save {} more ({} vs {}) but lacks {}.",
                cheapest_any.api.short(),
                fmt::money(ok.billed() - cheapest_any.billed()),
                fmt::money(cheapest_any.billed()),
                fmt::money(ok.billed()),
                missing.join(", ")
            ))
        }
        _ => None,
    };
    Some(Headline { sentence, lacking })
}

/// Every price table of a region with a display name, in a stable order (for `prices show`).
pub fn meter_tables(
    r: &crate::model::catalog::RegionPrices,
) -> Vec<(String, &crate::model::tiers::TierTable)> {
    r.tables()
}

/// The horizon sentence of `compare --months`: "Over 12 months: REST $4,200.00, HTTP $1,200.00; HTTP saves $3,000.00 (71%) against REST."
pub fn horizon_sentence(p: &Projection) -> String {
    let months = p.options.first().map(|o| o.months.len()).unwrap_or(0);
    let totals: Vec<String> = p
        .options
        .iter()
        .map(|o| format!("{} {}", o.api.short(), fmt::money(o.total)))
        .collect();
    // Calendar months (`--start`) say where the horizon starts.
    let from = p
        .options
        .first()
        .and_then(|o| o.months.first())
        .filter(|m| m.label != "1")
        .map(|m| format!(" from {}", m.label))
        .unwrap_or_default();
    let mut s = format!("Over {months} months{from}: {}", totals.join(", "));
    if let Some((cheap, dear)) = p.extremes() {
        if cheap != dear {
            let saving = p
                .cumulative_saving(cheap, dear)
                .and_then(|v| v.last().copied())
                .unwrap_or_default();
            s.push_str(&format!(
                "; {} saves {} against {}",
                cheap.short(),
                fmt::money(saving),
                dear.short()
            ));
        }
    }
    s.push('.');
    s
}

/// A value of a break-even variable for people: `333,000,001 requests`, `1,536.001 KB`, `42.5%`.
pub fn variable_value(b: &BreakEven, x: rust_decimal::Decimal) -> String {
    use crate::model::breakeven::Variable;
    match b.variable {
        Variable::CacheHit => format!("{}%", x.normalize()),
        Variable::RequestSize => request_size(x),
        v => fmt::counted(x, v.unit()),
    }
}

/// A request size as people say it: `1,536 KB`, or, off a whole KB, its bytes
/// (`1,536 KB + 1 byte (1,572,865 bytes)`), never `1,536.000977 KB`.
fn request_size(kb: rust_decimal::Decimal) -> String {
    let bytes = kb * rust_decimal::Decimal::from(1024);
    if kb.fract().is_zero() {
        format!("{} KB", fmt::quantity(kb))
    } else if bytes.fract().is_zero() {
        let rest = bytes - kb.trunc() * rust_decimal::Decimal::from(1024);
        format!(
            "{} KB + {} ({} bytes)",
            fmt::quantity(kb.trunc()),
            fmt::counted(
                rest,
                if rest == rust_decimal::Decimal::ONE {
                    "byte"
                } else {
                    "bytes"
                }
            ),
            fmt::quantity(bytes)
        )
    } else {
        format!("{} bytes", fmt::quantity(bytes.round_dp(3)))
    }
}

/// One sentence per crossing: "Below 1,536.001 KB REST is cheaper; from there HTTP ($X vs $Y)."
pub fn crossing_sentence(b: &BreakEven, c: &crate::model::breakeven::Crossing) -> String {
    // Enough decimals to see the difference (the four costs often round to the same cents).
    let m = fmt::money_distinct(&[c.cost_a, c.cost_b, c.below.cost_a, c.below.cost_b]);
    format!(
        "At {} the cheaper option switches from {} to {}: {} {} vs {} {} (one unit below: {} vs {}).",
        variable_value(b, c.at),
        c.cheaper_below,
        c.cheaper_above,
        b.a.title(),
        m[0],
        b.b.title(),
        m[1],
        m[2],
        m[3]
    )
}

/// "4.0 / 10.0 ms": p50 / p99 of an option's added latency, for comparison tables.
pub fn latency_cell(fit: Option<&OptionFit>) -> String {
    match fit.map(|f| &f.latency) {
        Some(Ok(r)) => format!(
            "{} / {} ms",
            ms(r.end_to_end.p50_ms),
            ms(r.end_to_end.p99_ms)
        ),
        _ => "-".into(),
    }
}

/// Milliseconds for display: one decimal below 100 ms, whole above (rounded, display only).
pub fn ms(v: f64) -> String {
    if v < 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

/// A share for display ("37.2%").
pub fn share(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// "ok", or the needed features an option lacks ("lacks api-keys, caching").
pub fn fit_cell(fit: Option<&OptionFit>) -> String {
    let Some(f) = fit else {
        return "-".into();
    };
    if f.gaps.is_empty() {
        return "ok".into();
    }
    let mut parts = Vec::new();
    let missing: Vec<&str> = f
        .gaps
        .iter()
        .filter(|g| g.support == crate::model::features::Support::No)
        .map(|g| g.feature.as_str())
        .collect();
    if !missing.is_empty() {
        parts.push(format!("✗ lacks {}", missing.join(", ")));
    }
    for (label, support) in [
        ("partly", crate::model::features::Support::Partial),
        ("unconfirmed", crate::model::features::Support::Unknown),
    ] {
        let v: Vec<&str> = f
            .gaps
            .iter()
            .filter(|g| g.support == support)
            .map(|g| g.feature.as_str())
            .collect();
        if !v.is_empty() {
            parts.push(format!("{label} {}", v.join(", ")));
        }
    }
    parts.join("; ")
}

/// One sentence per feature gap with its workaround, for footers.
pub fn gap_sentences(fit: &[OptionFit]) -> Vec<String> {
    let mut out = Vec::new();
    for f in fit {
        for g in &f.gaps {
            let what = match g.support {
                crate::model::features::Support::No => "lacks",
                crate::model::features::Support::Partial => "only partly supports",
                _ => "may lack (not confirmed)",
            };
            let mut s = format!("{} {what} {} ({})", f.api.title(), g.feature, g.title);
            // The note explains restrictions: relevant to partial support, not to a plain "no".
            if g.support != crate::model::features::Support::No {
                if let Some(n) = &g.note {
                    s.push_str(&format!(": {n}"));
                }
            }
            if !s.ends_with('.') {
                s.push('.');
            }
            if let Some(w) = &g.workaround {
                s.push_str(&format!(" Workaround: {w}."));
            }
            out.push(s);
        }
    }
    out
}

/// Where the compared latency figures come from and what they leave out.
pub fn latency_sentences(fit: &[OptionFit]) -> Vec<String> {
    let mut out = Vec::new();
    let first = fit.iter().find_map(|f| f.latency.as_ref().ok());
    if let Some(r) = first {
        use crate::model::latency::Method;
        let ok = || fit.iter().filter_map(|f| f.latency.as_ref().ok());
        let sampled = format!(
            "of {} Monte Carlo samples (seed {})",
            crate::model::numbers::group(rust_decimal::Decimal::from(r.samples as u64)),
            r.seed
        );
        let exact = "computed from the latency model without sampling (within 0.01 ms or 0.1%)";
        let how = if ok().all(|r| r.method == Method::MonteCarlo) {
            sampled
        } else if ok().all(|r| r.method != Method::MonteCarlo) {
            exact.to_string()
        } else {
            let mc: Vec<&str> = ok()
                .filter(|r| r.method == Method::MonteCarlo)
                .map(|r| r.api.short())
                .collect();
            format!("{exact}, {sampled} for {}", mc.join(", "))
        };
        out.push(format!(
            "Latency: added at the AWS side, p50 / p99 {how}; per-component figures and sources: `apigw-cost latency --api <option>`."
        ));
    }
    for f in fit {
        match &f.latency {
            Ok(r) => {
                let bases: Vec<String> = r
                    .components
                    .iter()
                    .map(|c| format!("{} ({})", c.name, c.basis_label()))
                    .collect();
                out.push(format!("{} latency: {}.", f.api.short(), bases.join("; ")));
            }
            Err(e) => out.push(format!("{} latency not estimated: {e}", f.api.short())),
        }
    }
    out
}

/// "yes" / "no" / "partial" / "?" for the feature matrix.
pub fn support_mark(s: crate::model::features::Support) -> &'static str {
    match s {
        crate::model::features::Support::Yes => "yes",
        crate::model::features::Support::No => "no",
        crate::model::features::Support::Partial => "partial",
        crate::model::features::Support::Unknown => "?",
    }
}

/// With a handler time: the gateway and platform's own added latency, apart from the user's handler.
pub fn overhead_sentence(res: &crate::model::latency::LatencyResult) -> Option<String> {
    let o = res.without_handler?;
    let h = res
        .components
        .iter()
        .find(|c| c.key == crate::model::latency::HANDLER)?;
    Some(format!(
        "Gateway and platform overhead without your handler: p50 {} ms, p90 {} ms, p99 {} ms, mean {} ms; your handler alone: p50 {} ms, p99 {} ms (as given). The table above includes the handler.",
        ms(o.p50_ms),
        ms(o.p90_ms),
        ms(o.p99_ms),
        ms(o.mean_ms),
        ms(h.p50_ms),
        ms(h.p99_ms)
    ))
}
