//! Renderers: the same reports as a table, JSON, CSV or Markdown. One module per format behind the
//! `Renderer` trait; renderers only format what the model computed.

pub mod chart;
pub mod csv;
pub mod fmt;
pub mod json;
pub mod markdown;
pub mod table;

use crate::breakeven::BreakEven;
use crate::catalog::{Catalog, Provenance};
use crate::compare::RegionComparison;
use crate::cost::Quote;
use crate::error::Result;
use crate::free_tier::FreeTier;
use crate::projection::Projection;

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
    Markdown,
}

/// A one-option quote with its context.
pub struct QuoteReport<'a> {
    pub quote: &'a Quote,
    pub provenance: &'a Provenance,
    pub free_tier: &'a FreeTier,
}

/// Options side by side in one or more regions.
pub struct CompareReport<'a> {
    pub regions: &'a [RegionComparison],
    pub provenance: &'a Provenance,
    pub free_tier: &'a FreeTier,
    /// With `compare --months N`: the same options projected over N months (first region).
    pub horizon: Option<&'a Projection>,
}

/// A month-by-month projection of several options.
pub struct ProjectReport<'a> {
    pub projection: &'a Projection,
    pub provenance: &'a Provenance,
    pub free_tier: &'a FreeTier,
}

/// A break-even search.
pub struct BreakevenReport<'a> {
    pub breakeven: &'a BreakEven,
    pub provenance: &'a Provenance,
    pub free_tier: &'a FreeTier,
}

/// The catalog (`prices list`, `prices show`).
pub struct PricesReport<'a> {
    pub catalog: &'a Catalog,
    /// `Some(region)` for `prices show`, `None` for the list.
    pub region: Option<&'a str>,
}

/// One exporter per output format.
pub trait Renderer {
    fn quote(&self, r: &QuoteReport) -> Result<String>;
    fn compare(&self, r: &CompareReport) -> Result<String>;
    fn project(&self, r: &ProjectReport) -> Result<String>;
    fn breakeven(&self, r: &BreakevenReport) -> Result<String>;
    fn prices(&self, r: &PricesReport) -> Result<String>;
}

/// The renderer of a format.
pub fn renderer(format: Format) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::Table),
        Format::Json => Box::new(json::Json),
        Format::Csv => Box::new(csv::Csv),
        Format::Markdown => Box::new(markdown::Markdown),
    }
}

/// The footer line naming where the prices come from.
pub fn provenance_line(p: &Provenance) -> String {
    format!(
        "Prices: {}, published {}; catalog {} (compiled {}).",
        p.source, p.published, p.origin, p.generated_on
    )
}

/// How amounts were rounded, for table and Markdown footers.
pub const ROUNDING_NOTE: &str = "Amounts are exact; shown rounded to cents (half away from zero), lines by largest remainder so they add up to the total. JSON and CSV carry exact amounts.";

/// Every price table of a region with a display name, in a stable order (for `prices show`).
pub fn meter_tables(r: &crate::catalog::RegionPrices) -> Vec<(String, &crate::tiers::TierTable)> {
    let mut out: Vec<(String, &crate::tiers::TierTable)> = [
        ("REST API requests", r.rest.as_ref()),
        ("HTTP API requests", r.http.as_ref()),
        ("WebSocket messages", r.ws_messages.as_ref()),
        ("WebSocket connection minutes", r.ws_minutes.as_ref()),
        ("Data transfer out (internet)", r.data_transfer_out.as_ref()),
    ]
    .into_iter()
    .filter_map(|(n, t)| t.map(|t| (n.to_string(), t)))
    .collect();
    for c in &r.cache {
        out.push((format!("REST API cache {} GB", c.label), &c.table));
    }
    if let Some(a) = &r.alb {
        out.push(("Application Load Balancer hours".into(), &a.hours));
        out.push(("Application Load Balancer LCU-hours".into(), &a.lcu_hours));
    }
    if let Some(l) = &r.lambda {
        out.push(("Lambda requests".into(), &l.requests));
        out.push(("Lambda duration (x86)".into(), &l.gb_seconds_x86));
        out.push(("Lambda duration (arm)".into(), &l.gb_seconds_arm));
    }
    out
}

/// The horizon sentence of `compare --months`: "Over 12 months: REST $4,200.00, HTTP $1,200.00; HTTP saves $3,000.00 (71%) against REST."
pub fn horizon_sentence(p: &Projection) -> String {
    let months = p.options.first().map(|o| o.months.len()).unwrap_or(0);
    let totals: Vec<String> = p
        .options
        .iter()
        .map(|o| format!("{} {}", o.api.short(), fmt::money(o.total)))
        .collect();
    let mut s = format!("Over {months} months: {}", totals.join(", "));
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
    use crate::breakeven::Variable;
    match b.variable {
        Variable::CacheHit => format!("{}%", x.normalize()),
        Variable::RequestSize => format!("{} KB", fmt::quantity(x)),
        v => format!("{} {}", fmt::quantity(x), v.unit()),
    }
}

/// One sentence per crossing: "Below 1,536.001 KB REST is cheaper; from there HTTP ($X vs $Y)."
pub fn crossing_sentence(b: &BreakEven, c: &crate::breakeven::Crossing) -> String {
    format!(
        "At {} the cheaper option switches from {} to {}: {} {} vs {} {} (one unit below: {} vs {}).",
        variable_value(b, c.at),
        c.cheaper_below,
        c.cheaper_above,
        b.a.title(),
        fmt::money(c.cost_a),
        b.b.title(),
        fmt::money(c.cost_b),
        fmt::money(c.below.cost_a),
        fmt::money(c.below.cost_b)
    )
}
