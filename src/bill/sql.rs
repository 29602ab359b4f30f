//! `reconcile --emit-sql duckdb|athena|spark`: the same rating as SQL, to run where the bill already
//! lives. Two tables of values from the catalog (`meters`: every usage type the rater knows, prefixed
//! by each region billing code and without a prefix for us-east-1; `prices`: every tier of every meter
//! of every region, as a price per unit) and one query over the bill's usage lines that gives the rows
//! of `reconcile`: `period, account, region, meter, usage, billed, model, difference`.
//!
//! It classifies lines as the rater does (`model::reconcile::meters`): the region column wins over
//! the prefix, `Request` is Lambda's only with product `AWSLambda`, ALB lines need their operation.
//! Groups the catalog cannot price are left out (`reconcile` lists them as unmatched).

use rust_decimal::Decimal;

use super::{Encoding, Field, Schema};
use crate::error::{Error, Result};
use crate::model::catalog::Catalog;
use crate::model::reconcile::meters::{
    billing_codes, BillMeter, CACHE_SUFFIX, EDGE_CODES, EDGE_SUFFIXES, NO_PREFIX_REGION, SUFFIXES,
};
use crate::model::reconcile::AccountLevel;

/// Where the SQL runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Duckdb,
    Athena,
    Spark,
}

/// What the SQL reads.
pub struct Source<'a> {
    pub schema: &'a Schema,
    pub encoding: Encoding,
    /// The bill files (DuckDB reads them directly).
    pub paths: &'a [String],
    /// The table that holds the bill (Athena, Spark).
    pub table: Option<&'a str>,
}

/// Text for a `--` comment: printable ASCII only, every other character (a newline or CR would end
/// the comment and start a live statement) written as `?`. Comments never carry raw input.
pub fn comment(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == ' ' || c.is_ascii_graphic() {
                c
            } else {
                '?'
            }
        })
        .take(200)
        .collect()
}

/// The longest part of a `--sql-table` name: 128 characters.
pub const MAX_TABLE_PART: usize = 128;

/// A `--sql-table` name checked against a strict pattern (one to three dot-separated parts of ASCII
/// letters, digits and underscores, not starting with a digit: `cur`, `billing.cur`,
/// `awsdatacatalog.billing.cur`) and quoted as identifiers for the dialect.
pub fn table_name(d: Dialect, name: &str) -> Result<String> {
    let parts: Vec<&str> = name.split('.').collect();
    let part_ok = |p: &&str| {
        !p.is_empty()
            && p.len() <= MAX_TABLE_PART
            && !p.starts_with(|c: char| c.is_ascii_digit())
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    if parts.len() > 3 || !parts.iter().all(part_ok) {
        return Err(Error::usage(
            "--sql-table",
            name.to_string(),
            "a table name of one to three dot-separated parts of letters, digits and underscores (cur, billing.cur)",
        ));
    }
    Ok(parts
        .iter()
        .map(|p| ident(d, p))
        .collect::<Vec<_>>()
        .join("."))
}

fn quote_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn ident(d: Dialect, name: &str) -> String {
    match d {
        Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

fn text_type(d: Dialect) -> &'static str {
    match d {
        Dialect::Spark => "STRING",
        _ => "VARCHAR",
    }
}

/// A `WITH name(cols) AS (VALUES ...)` block in the dialect.
fn values(d: Dialect, name: &str, cols: &[&str], rows: &[String]) -> String {
    let body = rows.join(",\n    ");
    match d {
        Dialect::Spark => format!(
            "{name} AS (\n  SELECT * FROM VALUES\n    {body}\n  AS t({})\n)",
            cols.join(", ")
        ),
        _ => format!("{name}({}) AS (\n  VALUES\n    {body}\n)", cols.join(", ")),
    }
}

/// One row of `meters`: usage type, region, meter, product ('' = any), operation ('' = any), `first`
/// ('1': the row a line without a product code matches, as the rater takes the first suffix listed),
/// `edge` ('1': CloudFront, whose geography is the usage type's, never the region column's).
fn meter_row(
    ut: &str,
    region: &str,
    meter: &BillMeter,
    product: &str,
    op: &str,
    flags: (bool, bool),
) -> String {
    let bit = |b: bool| if b { "'1'" } else { "'0'" };
    format!(
        "({}, {}, {}, {}, {}, {}, {})",
        quote_str(ut),
        quote_str(region),
        quote_str(&meter.name()),
        quote_str(product),
        quote_str(op),
        bit(flags.0),
        bit(flags.1)
    )
}

/// Every billing-code prefix and its region, and the empty prefix (us-east-1).
fn prefixes() -> Vec<(String, String)> {
    let mut codes: Vec<(String, String)> = billing_codes()
        .into_iter()
        .map(|c| (format!("{}-", c.code), c.region))
        .collect();
    codes.push((String::new(), NO_PREFIX_REGION.to_string()));
    codes
}

fn meter_rows() -> Vec<String> {
    let mut rows = Vec::new();
    for (prefix, region) in &prefixes() {
        let mut seen: Vec<&str> = Vec::new();
        for s in SUFFIXES {
            let first = !seen.contains(&s.suffix);
            seen.push(s.suffix);
            let ut = format!("{prefix}{}", s.suffix);
            let op = s.operation.unwrap_or("");
            if s.products.is_empty() {
                rows.push(meter_row(&ut, region, &(s.meter)(), "", op, (first, false)));
            }
            for (i, p) in s.products.iter().enumerate() {
                rows.push(meter_row(
                    &ut,
                    region,
                    &(s.meter)(),
                    p,
                    op,
                    (first && i == 0, false),
                ));
            }
        }
    }
    for (code, geography) in EDGE_CODES {
        for s in EDGE_SUFFIXES {
            let ut = format!("{code}-{}", s.suffix);
            for p in s.products {
                rows.push(meter_row(
                    &ut,
                    geography,
                    &(s.meter)(),
                    p,
                    "",
                    (false, true),
                ));
            }
        }
    }
    rows
}

fn cache_rows(catalog: &Catalog) -> Vec<String> {
    let mut rows = Vec::new();
    for (prefix, region) in &prefixes() {
        for size in &catalog.metering.cache_sizes_gb {
            rows.push(meter_row(
                &format!("{prefix}{CACHE_SUFFIX}{size}GB"),
                region,
                &BillMeter::CacheHours(size.clone()),
                "",
                "",
                (true, false),
            ));
        }
    }
    rows
}

/// The tiers of one table as `prices` rows.
fn tier_rows(
    rows: &mut Vec<String>,
    region: &str,
    m: &BillMeter,
    t: &crate::model::tiers::TierTable,
) {
    let mut lower = Decimal::ZERO;
    for (i, tier) in t.tiers.iter().enumerate() {
        let upper = match tier.up_to {
            Some(u) => u.normalize().to_string(),
            None => "CAST(NULL AS DECIMAL(38,10))".to_string(),
        };
        rows.push(format!(
            "({}, {}, {}, {}, {})",
            quote_str(region),
            quote_str(&m.name()),
            lower.normalize(),
            upper,
            t.unit_price(i).normalize()
        ));
        if let Some(u) = tier.up_to {
            lower = u;
        }
    }
}

fn price_rows(catalog: &Catalog) -> Vec<String> {
    let mut rows = Vec::new();
    let mut meters: Vec<BillMeter> = SUFFIXES.iter().map(|s| (s.meter)()).collect();
    meters.sort();
    meters.dedup();
    meters.extend(
        catalog
            .metering
            .cache_sizes_gb
            .iter()
            .map(|s| BillMeter::CacheHours(s.clone())),
    );
    for (code, region) in &catalog.regions {
        for m in &meters {
            if let Ok(t) = m.table(region) {
                tier_rows(&mut rows, code, m, t);
            }
        }
    }
    for g in &catalog.cloudfront {
        for s in EDGE_SUFFIXES {
            let m = (s.meter)();
            if let Some(t) = m.edge_table(g) {
                tier_rows(&mut rows, &g.name, &m, t);
            }
        }
    }
    rows
}

/// The FROM clause of the bill: the files (DuckDB without `--sql-table`), else the table.
fn from(d: Dialect, src: &Source) -> Result<String> {
    if let Some(t) = src.table {
        return table_name(d, t);
    }
    if d != Dialect::Duckdb {
        let default = if src.schema.layout.is_focus() {
            "focus"
        } else {
            "cur"
        };
        return table_name(d, default);
    }
    let files: Vec<String> = src.paths.iter().map(|p| quote_str(p)).collect();
    let list = format!("[{}]", files.join(", "));
    Ok(match src.encoding {
        Encoding::Parquet => format!("read_parquet({list}, union_by_name = true)"),
        Encoding::Gzip => format!(
            "read_csv({list}, header = true, all_varchar = true, union_by_name = true, compression = 'gzip')"
        ),
        Encoding::Csv => {
            format!("read_csv({list}, header = true, all_varchar = true, union_by_name = true)")
        }
    })
}

/// The SQL of the rating.
pub fn emit(d: Dialect, catalog: &Catalog, src: &Source, accounts: AccountLevel) -> Result<String> {
    let s = src.schema;
    let t = text_type(d);
    let col = |f: Field| s.name(f).map(|n| ident(d, n));
    let need =
        |f: Field| col(f).ok_or_else(|| Error::Other(format!("the bill has no {f:?} column")));
    let text = |f: Field| match col(f) {
        Some(c) => format!("COALESCE(CAST({c} AS {t}), '')"),
        None => "''".to_string(),
    };
    let amount = |f: Field| -> Result<String> {
        let c = need(f)?;
        // DuckDB reads a CSV as text and casts decimals and floats (3.5e-06) exactly; Athena's and
        // Spark's CUR tables hold doubles (or text), which go through DOUBLE: a text `3.5E-6` would
        // not cast to DECIMAL there.
        Ok(match d {
            Dialect::Duckdb => {
                format!("CAST(COALESCE(NULLIF(CAST({c} AS {t}), ''), '0') AS DECIMAL(38,10))")
            }
            _ => format!("CAST(COALESCE(TRY_CAST({c} AS DOUBLE), 0) AS DECIMAL(38,10))"),
        })
    };
    let account = match accounts {
        AccountLevel::Linked => text(Field::Account),
        AccountLevel::Payer => format!(
            "COALESCE(NULLIF({}, ''), {})",
            text(Field::Payer),
            text(Field::Account)
        ),
    };
    let usage_filter = match s.layout {
        l if l.is_focus() => format!("{} = 'Usage'", need(Field::LineType)?),
        _ => format!(
            "{} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')",
            need(Field::LineType)?
        ),
    };
    let mut meters = meter_rows();
    meters.extend(cache_rows(catalog));
    let cols_m = [
        "usage_type",
        "region",
        "meter",
        "product",
        "operation",
        "first",
        "edge",
    ];
    let cols_p = [
        "region",
        "meter",
        "lower_bound",
        "upper_bound",
        "unit_price",
    ];
    let model =
        "SUM((LEAST(g.usage, COALESCE(p.upper_bound, g.usage)) - p.lower_bound) * p.unit_price)";
    let dialect = format!("{d:?}").to_lowercase();
    let period = format!("CAST({} AS {t})", need(Field::Period)?);
    Ok(format!(
        "-- apigw-cost reconcile --emit-sql {dialect}: the rating of `apigw-cost reconcile` as SQL ({layout} bill,\n\
         -- tiers per {level} account). Prices: {source}, published {published}; catalog {origin}.\n\
         -- Rows: period, account, region, meter, usage, billed, model, difference.\n\
         WITH {meters},\n{prices},\n\
         bill AS (\n  SELECT substr({period}, 1, 7) AS period, {account} AS account,\n    \
         {ut} AS usage_type, {product} AS product, {operation} AS operation, {region} AS region_col,\n    \
         {usage} AS usage, {cost} AS cost\n  FROM {from}\n  WHERE {usage_filter}\n),\n\
         grouped AS (\n  SELECT b.period, b.account, {region_of} AS region, m.meter,\n    \
         SUM(b.usage) AS usage, SUM(b.cost) AS billed\n  FROM bill b\n  JOIN meters m ON b.usage_type = m.usage_type\n    \
         AND (b.product = m.product OR m.product = '' OR (b.product = '' AND m.first = '1'))\n    \
         AND (m.operation = '' OR b.operation = m.operation)\n  \
         GROUP BY b.period, b.account, {region_of}, m.meter\n)\n\
         SELECT g.period, g.account, g.region, g.meter, g.usage, g.billed,\n  \
         COALESCE({model}, 0) AS model,\n  g.billed - COALESCE({model}, 0) AS difference\n\
         FROM grouped g\n\
         LEFT JOIN prices p ON p.region = g.region AND p.meter = g.meter AND g.usage > p.lower_bound\n\
         WHERE EXISTS (SELECT 1 FROM prices q WHERE q.region = g.region AND q.meter = g.meter)\n\
         GROUP BY g.period, g.account, g.region, g.meter, g.usage, g.billed\n\
         ORDER BY g.period, g.account, g.region, g.meter;\n",
        region_of = "CASE WHEN m.edge = '1' OR b.region_col = '' THEN m.region ELSE b.region_col END",
        layout = s.layout.name(),
        level = accounts.name(),
        source = comment(&catalog.provenance.source),
        published = comment(&catalog.provenance.published),
        origin = comment(&catalog.provenance.origin),
        meters = values(d, "meters", &cols_m, &meters),
        prices = values(d, "prices", &cols_p, &price_rows(catalog)),
        ut = text(Field::UsageType),
        product = text(Field::Product),
        operation = text(Field::Operation),
        region = text(Field::Region),
        usage = amount(Field::Usage)?,
        cost = amount(Field::Cost)?,
        from = from(d, src)?,
    ))
}
