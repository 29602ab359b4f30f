//! The finance CSV: one row per line item, a credit row per free-tier credit, a total row per period and
//! a note row per warning; amounts to the cent beside the exact ones; cells escaped against formula
//! injection.
//!
//! Columns: `period,region,api,row_type,component,meter,tier,quantity,unit,unit_price,price_unit,
//! amount,amount_exact,currency,source` (design.md's finance CSV). `row_type` is `line`, `credit`,
//! `total` or `note`; `amount` is to the cent (a period's lines and credits by largest remainder, so
//! `SUMIFS(amount, row_type, "line") + SUMIFS(amount, row_type, "credit")` equals the `total` row, the
//! period's exact total rounded half away from zero); `amount_exact` is exact; `unit_price` is the price
//! as AWS quotes it, per `price_unit` (`per 1M requests`, `per hour`, `per GB`); `source` the short ids
//! of the price's sources (`prices sources` lists their titles); a note's text is in `component` and
//! its amounts are empty. `period` is the calendar month (`2026-02`) when known, else the month's
//! number. A row is a `FinanceRow`, its columns in the order of `Column::ALL`; `batch` writes its line
//! items through the same type. A cell that begins with `=`, `+`, `-` or `@` and is not a plain number
//! gets a leading `'`, so a spreadsheet shows it as text instead of running it; negative amounts stay
//! numbers.

use rust_decimal::Decimal;

use super::{
    fmt, BreakevenReport, CompareReport, FeaturesReport, LatencyReport, PricesReport,
    ProjectReport, QuoteReport, Renderer,
};
use crate::error::{Error, Result};
use crate::model::cost::{LineItem, Quote};
use crate::model::meter::Meter;
use crate::money::exact;

pub struct Csv;

/// The period of a one-month report (`quote`, `compare`): the first month.
const PERIOD: &str = "1";

/// A column of the finance CSV. `Column::ALL` is the one place the columns' order is set: the header,
/// `FinanceRow::cells` and the batch fast path's byte templates all follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Period,
    Region,
    Api,
    RowType,
    Component,
    Meter,
    Tier,
    Quantity,
    Unit,
    UnitPrice,
    PriceUnit,
    Amount,
    AmountExact,
    Currency,
    Source,
}

/// The number of columns of the finance CSV.
pub const COLUMNS: usize = 15;

impl Column {
    /// Every column, in the order of the CSV.
    pub const ALL: [Column; COLUMNS] = [
        Column::Period,
        Column::Region,
        Column::Api,
        Column::RowType,
        Column::Component,
        Column::Meter,
        Column::Tier,
        Column::Quantity,
        Column::Unit,
        Column::UnitPrice,
        Column::PriceUnit,
        Column::Amount,
        Column::AmountExact,
        Column::Currency,
        Column::Source,
    ];

    /// The column's name in the header.
    pub const fn name(self) -> &'static str {
        match self {
            Column::Period => "period",
            Column::Region => "region",
            Column::Api => "api",
            Column::RowType => "row_type",
            Column::Component => "component",
            Column::Meter => "meter",
            Column::Tier => "tier",
            Column::Quantity => "quantity",
            Column::Unit => "unit",
            Column::UnitPrice => "unit_price",
            Column::PriceUnit => "price_unit",
            Column::Amount => "amount",
            Column::AmountExact => "amount_exact",
            Column::Currency => "currency",
            Column::Source => "source",
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

/// The component of the row that closes a period's line items with its total.
pub const TOTAL: &str = "TOTAL";

/// What a row of the finance CSV is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowType {
    /// A line item (a meter in one tier; free-tier units are lines at a zero price).
    Line,
    /// A free-tier credit drawn from the period's bill (a negative amount).
    Credit,
    /// A period's bill: its exact total, and to the cent.
    Total,
    /// A warning or a "not included" note; no amounts.
    Note,
    /// With a range on an input: a quantile of the draws' bills or savings (`bill p10`, `saving vs
    /// rest p90`, `bill mean`), or the probability of being the cheapest (in `quantity`). Not line
    /// items: SUMIFS over `line` and `credit` rows is unchanged.
    Quantile,
}

impl RowType {
    pub const fn name(self) -> &'static str {
        match self {
            RowType::Line => "line",
            RowType::Credit => "credit",
            RowType::Total => "total",
            RowType::Note => "note",
            RowType::Quantile => "quantile",
        }
    }
}

/// One row of the finance CSV, cells unescaped (writing escapes them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinanceRow {
    pub period: String,
    pub region: String,
    pub api: String,
    pub row_type: RowType,
    pub component: String,
    pub meter: String,
    /// `1 of 4 (first 333M)`, or empty for a single-tier meter or a total.
    pub tier: String,
    pub quantity: String,
    pub unit: String,
    /// The price as AWS quotes it (per `price_unit`), full precision.
    pub unit_price: String,
    pub price_unit: String,
    /// To the cent (largest remainder within the period for lines and credits).
    pub amount: String,
    /// Exact (`money::exact`).
    pub amount_exact: String,
    pub currency: String,
    /// Short source ids, space-separated.
    pub source: String,
}

impl FinanceRow {
    /// The header: the names of `Column::ALL`.
    pub const HEADER: [&'static str; COLUMNS] = {
        let mut h = [""; COLUMNS];
        let mut i = 0;
        while i < h.len() {
            h[i] = Column::ALL[i].name();
            i += 1;
        }
        h
    };

    /// A row of `period`, `region` and `api` of a type, every other cell empty (set them with struct
    /// update syntax: `FinanceRow { amount, ..FinanceRow::new(..) }`).
    pub fn new(period: &str, region: &str, api: &str, row_type: RowType) -> FinanceRow {
        FinanceRow {
            period: period.to_string(),
            region: region.to_string(),
            api: api.to_string(),
            row_type,
            component: String::new(),
            meter: String::new(),
            tier: String::new(),
            quantity: String::new(),
            unit: String::new(),
            unit_price: String::new(),
            price_unit: String::new(),
            amount: String::new(),
            amount_exact: String::new(),
            currency: if row_type == RowType::Note {
                String::new()
            } else {
                CURRENCY.to_string()
            },
            source: String::new(),
        }
    }

    /// The row of one line item of a quote, with its cents (`Quote::line_cents`).
    pub fn line(period: &str, q: &Quote, l: &LineItem, cents: Decimal) -> FinanceRow {
        let row_type = if l.meter == Meter::Credit {
            RowType::Credit
        } else {
            RowType::Line
        };
        FinanceRow {
            component: l.component.clone(),
            meter: l.meter.name().to_string(),
            tier: tier_cell(l),
            quantity: l.quantity.normalize().to_string(),
            unit: l.meter.unit().to_string(),
            unit_price: exact(l.price).to_string(),
            price_unit: l.meter.price_unit(),
            amount: cents.to_string(),
            amount_exact: exact(l.amount).to_string(),
            source: super::source_ids(&l.sources),
            ..FinanceRow::new(period, &q.region, q.api.name(), row_type)
        }
    }

    /// A total row: `label` (`TOTAL`) with the period's bill to the cent and its exact amount.
    pub fn total(
        period: &str,
        region: &str,
        api: &str,
        label: &str,
        cents: String,
        exact: String,
    ) -> FinanceRow {
        FinanceRow {
            component: label.to_string(),
            amount: cents,
            amount_exact: exact,
            ..FinanceRow::new(period, region, api, RowType::Total)
        }
    }

    /// A note row: a warning or a "not included" note, its text in `component`.
    pub fn note(period: &str, region: &str, api: &str, text: &str) -> FinanceRow {
        FinanceRow {
            component: text.to_string(),
            ..FinanceRow::new(period, region, api, RowType::Note)
        }
    }

    /// The cell of one column.
    pub fn cell(&self, c: Column) -> &str {
        match c {
            Column::Period => &self.period,
            Column::Region => &self.region,
            Column::Api => &self.api,
            Column::RowType => self.row_type.name(),
            Column::Component => &self.component,
            Column::Meter => &self.meter,
            Column::Tier => &self.tier,
            Column::Quantity => &self.quantity,
            Column::Unit => &self.unit,
            Column::UnitPrice => &self.unit_price,
            Column::PriceUnit => &self.price_unit,
            Column::Amount => &self.amount,
            Column::AmountExact => &self.amount_exact,
            Column::Currency => &self.currency,
            Column::Source => &self.source,
        }
    }

    /// The cells in the order of `HEADER`, unescaped.
    pub fn cells(&self) -> [&str; COLUMNS] {
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

/// The rows of one quote for one period: its line items and credit (cents by largest remainder), the
/// `TOTAL` row (the period's bill to the cent, and exact), then a note row per warning.
pub fn quote_rows(period: &str, q: &Quote) -> Vec<FinanceRow> {
    let mut rows = Vec::with_capacity(q.lines.len() + 1 + q.warnings.len());
    rows.extend(
        q.lines
            .iter()
            .zip(q.line_cents())
            .map(|(l, c)| FinanceRow::line(period, q, l, c)),
    );
    rows.push(FinanceRow::total(
        period,
        &q.region,
        q.api.name(),
        TOTAL,
        q.billed().to_string(),
        exact(q.total).to_string(),
    ));
    rows.extend(
        q.warnings
            .iter()
            .map(|w| FinanceRow::note(period, &q.region, q.api.name(), w)),
    );
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

/// A cell of text as a `#[derive(Serialize)]` row holds it: escaped against formula injection when
/// written, as [`write_rows`] escapes every cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(s.to_string())
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&escape(&self.0))
    }
}

/// Rows of a `#[derive(Serialize)]` type as CSV, the header from its field names (written with the
/// first row: give at least one).
pub fn write_serialized<T: serde::Serialize>(rows: impl IntoIterator<Item = T>) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let map = |e: csv::Error| Error::Other(format!("cannot write CSV: {e}"));
    for r in rows {
        w.serialize(r).map_err(map)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Other(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Other(format!("CSV is not UTF-8: {e}")))
}

impl Renderer for Csv {
    fn quote(&self, r: &QuoteReport) -> Result<String> {
        let q = &r.quote;
        let mut rows = quote_rows(PERIOD, q);
        rows.push(FinanceRow::note(
            PERIOD,
            &q.region,
            "",
            &r.free_tier.applied(),
        ));
        write_finance(&rows)
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
        for res in &r.results {
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
        header.extend(["workaround", "note", "since", "sources"]);
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
                row.push(f.since.clone().unwrap_or_default());
                row.push(f.sources.join(" "));
                row
            })
            .collect();
        write_rows(&header, &rows)
    }

    /// Each option's month (its own account), then the notes: the latency that could not be
    /// estimated, the headline's feature gaps, the free tier applied.
    fn compare(&self, r: &CompareReport) -> Result<String> {
        let mut rows: Vec<FinanceRow> = r
            .regions
            .iter()
            .flat_map(|rc| rc.quotes.iter())
            .flat_map(|q| quote_rows(PERIOD, q))
            .collect();
        for rc in &r.regions {
            let mut notes = super::compare_notes(r, rc, false);
            if let Some(h) = super::headline(r, rc) {
                notes.push(h.sentence);
                notes.extend(h.lacking);
            }
            notes.push(r.free_tier.applied());
            for n in notes {
                rows.push(FinanceRow::note(PERIOD, &rc.region, "", &n));
            }
        }
        write_finance(&rows)
    }

    /// Each option's months, then each option's horizon: the sum of its months' bills.
    fn project(&self, r: &ProjectReport) -> Result<String> {
        let p = &r.projection;
        let mut rows: Vec<FinanceRow> = Vec::new();
        for o in &p.options {
            for m in &o.months {
                rows.extend(quote_rows(&m.label, &m.quote));
            }
        }
        for n in super::project_notes(r) {
            rows.push(FinanceRow::note("", &p.region, "", &n));
        }
        write_finance(&rows)
    }

    fn breakeven(&self, r: &BreakevenReport) -> Result<String> {
        let b = &r.breakeven;
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
        if r.sources {
            let rows: Vec<[String; 2]> = c
                .sources
                .values()
                .map(|s| [s.id.clone(), s.summary.clone()])
                .collect();
            return write_rows(&["id", "source"], &rows);
        }
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
