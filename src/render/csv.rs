//! The finance CSV: one row per line item, then a total row per period; exact amounts; the catalog's
//! source and date in columns; cells escaped against formula injection.
//!
//! Columns: `period,region,api,component,meter,tier,quantity,unit,unit_price,amount,currency,
//! catalog_source,catalog_published` (design.md's columns plus the two provenance columns finance asked
//! for). A row is a `FinanceRow`, its columns in the order of `Column::ALL`; `batch` writes its line
//! items through the same type. A cell that begins with `=`, `+`, `-` or `@` and is not a plain number
//! gets a leading `'`, so a spreadsheet shows it as text instead of running it; negative amounts stay
//! numbers.

use rust_decimal::Decimal;

use super::{
    fmt, BreakevenReport, CompareReport, FeaturesReport, LatencyReport, PricesReport,
    ProjectReport, QuoteReport, Renderer,
};
use crate::error::{Error, Result};
use crate::model::catalog::Provenance;
use crate::model::cost::{LineItem, Quote};
use crate::money::exact;

pub struct Csv;

/// A column of the finance CSV. `Column::ALL` is the one place the columns' order is set: the header,
/// `FinanceRow::cells` and the batch fast path's byte templates all follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Period,
    Region,
    Api,
    Component,
    Meter,
    Tier,
    Quantity,
    Unit,
    UnitPrice,
    Amount,
    Currency,
    CatalogSource,
    CatalogPublished,
}

impl Column {
    /// Every column, in the order of the CSV.
    pub const ALL: [Column; 13] = [
        Column::Period,
        Column::Region,
        Column::Api,
        Column::Component,
        Column::Meter,
        Column::Tier,
        Column::Quantity,
        Column::Unit,
        Column::UnitPrice,
        Column::Amount,
        Column::Currency,
        Column::CatalogSource,
        Column::CatalogPublished,
    ];

    /// The column's name in the header.
    pub const fn name(self) -> &'static str {
        match self {
            Column::Period => "period",
            Column::Region => "region",
            Column::Api => "api",
            Column::Component => "component",
            Column::Meter => "meter",
            Column::Tier => "tier",
            Column::Quantity => "quantity",
            Column::Unit => "unit",
            Column::UnitPrice => "unit_price",
            Column::Amount => "amount",
            Column::Currency => "currency",
            Column::CatalogSource => "catalog_source",
            Column::CatalogPublished => "catalog_published",
        }
    }

    /// The column's position in a row (its place in `ALL`).
    pub const fn index(self) -> usize {
        self as usize
    }
}

// `index` relies on `ALL` listing the variants in declaration order.
const _: () = {
    let mut i = 0;
    while i < Column::ALL.len() {
        assert!(Column::ALL[i].index() == i);
        i += 1;
    }
};

/// Escapes a cell against formula injection (numbers pass unchanged).
pub fn escape(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if cell.parse::<Decimal>().is_err() => {
            std::borrow::Cow::Owned(format!("'{cell}"))
        }
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// The currency of every amount in the catalog.
pub const CURRENCY: &str = "USD";

/// The component of the row that closes a quote's line items with their total.
pub const TOTAL: &str = "TOTAL";

/// One row of the finance CSV, cells unescaped (writing escapes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceRow {
    pub period: String,
    pub region: String,
    pub api: String,
    pub component: String,
    pub meter: String,
    /// `1 of 4 (first 333M)`, or empty for a single-tier meter or a total.
    pub tier: String,
    pub quantity: String,
    pub unit: String,
    pub unit_price: String,
    /// Exact, not rounded to cents (`money::exact`).
    pub amount: String,
    pub currency: String,
    pub catalog_source: String,
    pub catalog_published: String,
}

impl FinanceRow {
    /// The header: the names of `Column::ALL`.
    pub const HEADER: [&'static str; 13] = {
        let mut h = [""; 13];
        let mut i = 0;
        while i < h.len() {
            h[i] = Column::ALL[i].name();
            i += 1;
        }
        h
    };

    /// A row of `period`, `region` and `api` in the catalog's currency and provenance, every other
    /// cell empty (set them with struct update syntax: `FinanceRow { amount, ..FinanceRow::new(..) }`).
    pub fn new(period: &str, region: &str, api: &str, p: &Provenance) -> FinanceRow {
        FinanceRow {
            period: period.to_string(),
            region: region.to_string(),
            api: api.to_string(),
            component: String::new(),
            meter: String::new(),
            tier: String::new(),
            quantity: String::new(),
            unit: String::new(),
            unit_price: String::new(),
            amount: String::new(),
            currency: CURRENCY.to_string(),
            catalog_source: p.source.clone(),
            catalog_published: p.published.clone(),
        }
    }

    /// The row of one line item of a quote.
    pub fn line(period: &str, q: &Quote, l: &LineItem, p: &Provenance) -> FinanceRow {
        FinanceRow {
            component: l.component.clone(),
            meter: l.meter.name().to_string(),
            tier: tier_cell(l),
            quantity: l.quantity.normalize().to_string(),
            unit: l.meter.unit().to_string(),
            unit_price: l.unit_price.normalize().to_string(),
            amount: exact(l.amount).to_string(),
            ..FinanceRow::new(period, &q.region, q.api.name(), p)
        }
    }

    /// A row that carries only an amount under the component `label` (`TOTAL`, or batch's `BILLED`).
    pub fn amount_only(
        period: &str,
        region: &str,
        api: &str,
        label: &str,
        amount: String,
        p: &Provenance,
    ) -> FinanceRow {
        FinanceRow {
            component: label.to_string(),
            amount,
            ..FinanceRow::new(period, region, api, p)
        }
    }

    /// The cell of one column.
    pub fn cell(&self, c: Column) -> &str {
        match c {
            Column::Period => &self.period,
            Column::Region => &self.region,
            Column::Api => &self.api,
            Column::Component => &self.component,
            Column::Meter => &self.meter,
            Column::Tier => &self.tier,
            Column::Quantity => &self.quantity,
            Column::Unit => &self.unit,
            Column::UnitPrice => &self.unit_price,
            Column::Amount => &self.amount,
            Column::Currency => &self.currency,
            Column::CatalogSource => &self.catalog_source,
            Column::CatalogPublished => &self.catalog_published,
        }
    }

    /// The cells in the order of `HEADER`, unescaped.
    pub fn cells(&self) -> [&str; 13] {
        Column::ALL.map(|c| self.cell(c))
    }
}

/// Tier column text: `1 of 4 (first 333M)` or empty.
fn tier_cell(q: &LineItem) -> String {
    match &q.tier {
        Some(t) if t.of > 1 => fmt::tier(&q.tier, q.meter),
        _ => String::new(),
    }
}

/// The rows of one quote for one period: its line items, then the `TOTAL` row.
pub fn quote_rows(period: &str, q: &Quote, p: &Provenance) -> Vec<FinanceRow> {
    let mut rows = Vec::with_capacity(q.lines.len() + 1);
    rows.extend(q.lines.iter().map(|l| FinanceRow::line(period, q, l, p)));
    rows.push(FinanceRow::amount_only(
        period,
        &q.region,
        q.api.name(),
        TOTAL,
        exact(q.total).to_string(),
        p,
    ));
    rows
}

/// Writes finance rows (escaped) with their header into a string.
fn write_finance(rows: &[FinanceRow]) -> Result<String> {
    write_rows(&FinanceRow::HEADER, rows.iter().map(FinanceRow::cells))
}

/// Writes rows (escaped) with the header into a string.
pub fn write_rows<R, C>(header: &[&str], rows: impl IntoIterator<Item = R>) -> Result<String>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    let map = |e: csv::Error| Error::Other(format!("cannot write CSV: {e}"));
    w.write_record(header).map_err(map)?;
    for r in rows {
        w.write_record(r.into_iter().map(|c| escape(c.as_ref()).into_owned()))
            .map_err(map)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Other(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Other(format!("CSV is not UTF-8: {e}")))
}

impl Renderer for Csv {
    fn quote(&self, r: &QuoteReport) -> Result<String> {
        write_finance(&quote_rows("1", r.quote, r.provenance))
    }

    /// One row per component and one `end_to_end` row per option; times in ms at full precision.
    fn latency(&self, r: &LatencyReport) -> Result<String> {
        let header = [
            "api",
            "component",
            "name",
            "probability",
            "p50_ms",
            "p90_ms",
            "p99_ms",
            "p999_ms",
            "mean_ms",
            "share",
            "basis",
            "confidence",
            "sources",
            "samples",
            "seed",
        ];
        let mut rows = Vec::new();
        for res in r.results {
            let e = res.end_to_end;
            rows.push(vec![
                res.api.name().to_string(),
                "end_to_end".into(),
                "End to end".into(),
                "1".into(),
                e.p50_ms.to_string(),
                e.p90_ms.to_string(),
                e.p99_ms.to_string(),
                e.p999_ms.to_string(),
                e.mean_ms.to_string(),
                "1".into(),
                String::new(),
                String::new(),
                String::new(),
                res.samples.to_string(),
                res.seed.to_string(),
            ]);
            for c in &res.components {
                rows.push(vec![
                    res.api.name().to_string(),
                    c.key.clone(),
                    c.name.clone(),
                    c.probability.to_string(),
                    c.p50_ms.to_string(),
                    String::new(),
                    c.p99_ms.to_string(),
                    String::new(),
                    c.mean_ms.to_string(),
                    c.share.to_string(),
                    c.basis_label(),
                    c.confidence.clone(),
                    c.sources.join(" "),
                    res.samples.to_string(),
                    res.seed.to_string(),
                ]);
            }
        }
        write_rows(&header, &rows)
    }

    /// The feature matrix: one row per feature, one column per option.
    fn features(&self, r: &FeaturesReport) -> Result<String> {
        let mut header = vec!["feature", "title", "group"];
        header.extend(crate::model::api::ApiKind::ALL.iter().map(|k| k.name()));
        header.extend(["workaround", "note", "sources"]);
        let rows: Vec<Vec<String>> = r
            .features
            .features
            .iter()
            .map(|f| {
                let mut row = vec![f.id.clone(), f.title.clone(), f.group.clone()];
                row.extend(
                    crate::model::api::ApiKind::ALL
                        .iter()
                        .map(|k| f.support_of(*k).name().to_string()),
                );
                row.push(f.workaround.clone().unwrap_or_default());
                row.push(f.note.clone().unwrap_or_default());
                row.push(f.sources.join(" "));
                row
            })
            .collect();
        write_rows(&header, &rows)
    }

    fn compare(&self, r: &CompareReport) -> Result<String> {
        let rows: Vec<FinanceRow> = r
            .regions
            .iter()
            .flat_map(|rc| rc.quotes.iter())
            .flat_map(|q| quote_rows("1", q, r.provenance))
            .collect();
        write_finance(&rows)
    }

    fn project(&self, r: &ProjectReport) -> Result<String> {
        let rows: Vec<FinanceRow> = r
            .projection
            .options
            .iter()
            .flat_map(|o| {
                o.months
                    .iter()
                    .flat_map(|m| quote_rows(&m.month.to_string(), &m.quote, r.provenance))
            })
            .collect();
        write_finance(&rows)
    }

    fn breakeven(&self, r: &BreakevenReport) -> Result<String> {
        let b = r.breakeven;
        let header = [
            "region",
            "variable",
            "unit",
            "option_a",
            "option_b",
            "at",
            "cost_a_below",
            "cost_b_below",
            "cost_a",
            "cost_b",
            "cheaper_below",
            "cheaper_above",
            "none_because",
        ];
        let common = |at: String| {
            vec![
                b.region.clone(),
                b.variable.name().to_string(),
                b.variable.unit().to_string(),
                b.a.name(),
                b.b.name(),
                at,
            ]
        };
        let mut rows: Vec<Vec<String>> = b
            .points
            .iter()
            .map(|c| {
                let mut row = common(c.at.normalize().to_string());
                row.extend([
                    exact(c.below.cost_a).to_string(),
                    exact(c.below.cost_b).to_string(),
                    exact(c.cost_a).to_string(),
                    exact(c.cost_b).to_string(),
                    c.cheaper_below.clone(),
                    c.cheaper_above.clone(),
                    String::new(),
                ]);
                row
            })
            .collect();
        if let Some(why) = &b.none_because {
            let mut row = common(String::new());
            row.extend([
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                why.clone(),
            ]);
            rows.push(row);
        }
        write_rows(&header, &rows)
    }

    fn prices(&self, r: &PricesReport) -> Result<String> {
        let c = r.catalog;
        let header = [
            "region",
            "meter",
            "component",
            "tier",
            "up_to",
            "price",
            "price_per",
            "unit",
            "rate_code",
            "sources",
        ];
        let mut rows = Vec::new();
        let regions: Vec<&crate::model::catalog::RegionPrices> = match r.region {
            Some(code) => vec![c.region(code)?],
            None => c.regions.values().collect(),
        };
        for reg in regions {
            for (name, t) in super::meter_tables(reg) {
                for (i, tier) in t.tiers.iter().enumerate() {
                    rows.push(vec![
                        reg.code.clone(),
                        t.meter.name().to_string(),
                        name.clone(),
                        (i + 1).to_string(),
                        tier.up_to.map(|u| u.to_string()).unwrap_or_default(),
                        tier.price.to_string(),
                        t.meter.price_per().to_string(),
                        t.meter.unit().to_string(),
                        tier.rate_code.clone().unwrap_or_default(),
                        t.sources.join("; "),
                    ]);
                }
            }
        }
        write_rows(&header, &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_escaped_numbers_are_not() {
        assert_eq!(escape("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(escape("@cmd"), "'@cmd");
        assert_eq!(escape("+1+2"), "'+1+2");
        assert_eq!(escape("-10.50"), "-10.50");
        assert_eq!(escape("-x"), "'-x");
        assert_eq!(escape("HTTP API requests"), "HTTP API requests");
    }
}
