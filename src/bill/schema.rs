//! Which bill a header is (CUR 2.0, legacy CUR, FOCUS) and where its columns are, looked up by name.
//! Every other column (a CUR has a hundred, and one per tag) is ignored.

use crate::model::reconcile::Charge;

/// The three bill layouts AWS exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// CUR 2.0 (Data Exports), snake_case columns with CUR 2.0's own (`bill_payer_account_name`,
    /// `line_item_usage_account_name`, the `product` and `resource_tags` maps).
    Cur2,
    /// The legacy Cost and Usage Report, `lineItem/UsageType` columns.
    LegacyCur,
    /// A legacy CUR delivered for Athena (Parquet): snake_case names like CUR 2.0's, one column per
    /// tag (`resource_tags_user_team`) and none of CUR 2.0's own columns.
    LegacyCurAthena,
    /// FOCUS 1.0 or 1.1 with AWS's `x_` columns.
    Focus,
    /// FOCUS 1.2 (it adds `InvoiceId` and the pricing-currency columns).
    Focus12,
    /// FOCUS 1.3 (`ServiceProviderName` and `HostProviderName` replace `ProviderName` and
    /// `PublisherName`).
    Focus13,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::Cur2 => "CUR 2.0",
            Layout::LegacyCur => "legacy CUR",
            Layout::LegacyCurAthena => "legacy CUR (Athena column names)",
            Layout::Focus => "FOCUS 1.0",
            Layout::Focus12 => "FOCUS 1.2",
            Layout::Focus13 => "FOCUS 1.3",
        }
    }

    /// Whether the layout is a FOCUS version.
    pub fn is_focus(self) -> bool {
        matches!(self, Layout::Focus | Layout::Focus12 | Layout::Focus13)
    }

    /// The charge of a line, from its line type (and, for FOCUS, its description).
    pub fn charge(self, line_type: &str, description: &str) -> Charge {
        if self.is_focus() {
            Charge::of_focus(line_type, description)
        } else {
            Charge::of_cur(line_type)
        }
    }
}

/// A field reconcile reads, in the order of [`Schema::index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Period,
    Payer,
    Account,
    LineType,
    Product,
    UsageType,
    Operation,
    Region,
    Description,
    Usage,
    Cost,
    Currency,
    /// `identity_line_item_id`: with [`Field::TimeInterval`], what makes a line unique in a CUR.
    LineId,
    TimeInterval,
}

/// How many [`Field`]s there are.
pub const FIELDS: usize = 14;

impl Field {
    /// The fields that make a bill line's key texts, in the order the readers group by: everything but
    /// the line's own id and interval and its two amounts (CSV and Parquet readers share it).
    pub const KEY: [Field; 10] = [
        Field::Period,
        Field::Payer,
        Field::Account,
        Field::LineType,
        Field::Product,
        Field::UsageType,
        Field::Operation,
        Field::Region,
        Field::Description,
        Field::Currency,
    ];

    pub const ALL: [Field; FIELDS] = [
        Field::Period,
        Field::Payer,
        Field::Account,
        Field::LineType,
        Field::Product,
        Field::UsageType,
        Field::Operation,
        Field::Region,
        Field::Description,
        Field::Usage,
        Field::Cost,
        Field::Currency,
        Field::LineId,
        Field::TimeInterval,
    ];

    /// Whether a bill must have the column.
    fn required(self) -> bool {
        matches!(
            self,
            Field::Period
                | Field::Account
                | Field::LineType
                | Field::UsageType
                | Field::Usage
                | Field::Cost
        )
    }

    /// The column names of this field in a layout, first match wins.
    pub fn names(self, layout: Layout) -> &'static [&'static str] {
        use Field::*;
        let layout = match layout {
            Layout::LegacyCurAthena => Layout::Cur2,
            Layout::Focus12 | Layout::Focus13 => Layout::Focus,
            l => l,
        };
        match (layout, self) {
            (Layout::Cur2, Period) => &[
                "bill_billing_period_start_date",
                "line_item_usage_start_date",
            ],
            (Layout::Cur2, Payer) => &["bill_payer_account_id"],
            (Layout::Cur2, Account) => &["line_item_usage_account_id"],
            (Layout::Cur2, LineType) => &["line_item_line_item_type"],
            (Layout::Cur2, Product) => &["line_item_product_code"],
            (Layout::Cur2, UsageType) => &["line_item_usage_type"],
            (Layout::Cur2, Operation) => &["line_item_operation"],
            (Layout::Cur2, Region) => &["product_region_code", "product_region"],
            (Layout::Cur2, Description) => &["line_item_line_item_description"],
            (Layout::Cur2, Usage) => &["line_item_usage_amount"],
            (Layout::Cur2, Cost) => &["line_item_unblended_cost"],
            (Layout::Cur2, Currency) => &["line_item_currency_code"],
            (Layout::Cur2, LineId) => &["identity_line_item_id"],
            (Layout::Cur2, TimeInterval) => &["identity_time_interval"],
            (Layout::LegacyCur, Period) => {
                &["bill/BillingPeriodStartDate", "lineItem/UsageStartDate"]
            }
            (Layout::LegacyCur, Payer) => &["bill/PayerAccountId"],
            (Layout::LegacyCur, Account) => &["lineItem/UsageAccountId"],
            (Layout::LegacyCur, LineType) => &["lineItem/LineItemType"],
            (Layout::LegacyCur, Product) => &["lineItem/ProductCode"],
            (Layout::LegacyCur, UsageType) => &["lineItem/UsageType"],
            (Layout::LegacyCur, Operation) => &["lineItem/Operation"],
            (Layout::LegacyCur, Region) => &["product/regionCode", "product/region"],
            (Layout::LegacyCur, Description) => &["lineItem/LineItemDescription"],
            (Layout::LegacyCur, Usage) => &["lineItem/UsageAmount"],
            (Layout::LegacyCur, Cost) => &["lineItem/UnblendedCost"],
            (Layout::LegacyCur, Currency) => &["lineItem/CurrencyCode"],
            (Layout::LegacyCur, LineId) => &["identity/LineItemId"],
            (Layout::LegacyCur, TimeInterval) => &["identity/TimeInterval"],
            (Layout::Focus, Period) => &["BillingPeriodStart", "ChargePeriodStart"],
            (Layout::Focus, Payer) => &["BillingAccountId"],
            (Layout::Focus, Account) => &["SubAccountId"],
            (Layout::Focus, LineType) => &["ChargeCategory"],
            (Layout::Focus, Product) => &["x_ServiceCode"],
            (Layout::Focus, UsageType) => &["x_UsageType"],
            (Layout::Focus, Operation) => &["x_Operation"],
            (Layout::Focus, Region) => &["RegionId", "Region"],
            (Layout::Focus, Description) => &["ChargeDescription"],
            (Layout::Focus, Usage) => &["ConsumedQuantity"],
            (Layout::Focus, Cost) => &["BilledCost"],
            (Layout::Focus, Currency) => &["BillingCurrency"],
            (Layout::Focus, LineId | TimeInterval) => &[],
            (Layout::LegacyCurAthena | Layout::Focus12 | Layout::Focus13, _) => &[],
        }
    }
}

/// The most columns a bill may have: 20,000 (a legacy CUR has one per cost-allocation tag).
pub const MAX_COLUMNS: usize = 20_000;

/// A bill's layout and the position of each field's column (`None`: the file has no such column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schema {
    pub layout: Layout,
    pub index: [Option<usize>; FIELDS],
    /// The column names found, for messages and the emitted SQL.
    pub names: [Option<String>; FIELDS],
}

impl Schema {
    /// The column of a field.
    pub fn col(&self, f: Field) -> Option<usize> {
        self.index[f as usize]
    }

    /// The name of a field's column in this file.
    pub fn name(&self, f: Field) -> Option<&str> {
        self.names[f as usize].as_deref()
    }

    /// Detects the layout from the column names; an error says what a bill's header looks like.
    pub fn detect<S: AsRef<str>>(columns: &[S]) -> Result<Schema, String> {
        if columns.len() > MAX_COLUMNS {
            return Err(format!(
                "{} columns; a bill has at most {MAX_COLUMNS}",
                columns.len()
            ));
        }
        let clean: Vec<String> = columns
            .iter()
            .map(|c| c.as_ref().trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let layout = layout_of(&clean)?;
        let mut index = [None; FIELDS];
        let mut names: [Option<String>; FIELDS] = Default::default();
        let mut missing = Vec::new();
        for f in Field::ALL {
            let found = f.names(layout).iter().find_map(|n| {
                let at: Vec<usize> = (0..clean.len())
                    .filter(|&i| clean[i].eq_ignore_ascii_case(n))
                    .collect();
                (!at.is_empty()).then_some((at, *n))
            });
            match found {
                Some((at, _)) if at.len() > 1 => {
                    return Err(format!(
                        "the column {} appears {} times; a bill names each column once",
                        clean[at[0]],
                        at.len()
                    ))
                }
                Some((at, _)) => {
                    index[f as usize] = Some(at[0]);
                    names[f as usize] = Some(clean[at[0]].clone());
                }
                None if f.required() => missing.push(f.names(layout)[0]),
                None => {}
            }
        }
        if !missing.is_empty() {
            return Err(format!(
                "a {} bill without the column{} {}; expected every one of {}",
                layout.name(),
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                Field::ALL
                    .iter()
                    .filter(|f| f.required())
                    .map(|f| f.names(layout)[0])
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Ok(Schema {
            layout,
            index,
            names,
        })
    }
}

/// Which bill a header is (its columns trimmed of a byte-order mark and spaces).
fn layout_of(clean: &[String]) -> Result<Layout, String> {
    let has = |n: &str| clean.iter().any(|c| c.eq_ignore_ascii_case(n));
    let cur2_own = [
        "bill_payer_account_name",
        "line_item_usage_account_name",
        "product",
        "resource_tags",
    ];
    if has("line_item_usage_type") {
        // A Parquet map column is read as its leaf paths (`product.key_value.key`).
        let own = clean.iter().any(|c| {
            let head = c.split('.').next().unwrap_or(c);
            cur2_own.iter().any(|o| head.eq_ignore_ascii_case(o))
        });
        if own {
            Ok(Layout::Cur2)
        } else {
            Ok(Layout::LegacyCurAthena)
        }
    } else if has("lineItem/UsageType") {
        Ok(Layout::LegacyCur)
    } else if has("BilledCost") && (has("ChargeCategory") || has("ChargePeriodStart")) {
        let missing: Vec<&str> = ["x_UsageType", "x_Operation"]
            .into_iter()
            .filter(|c| !has(c))
            .collect();
        if !has("x_UsageType") {
            return Err(format!(
                "a FOCUS bill without AWS's column{} {}: reconcile rates AWS usage by its usage type, which FOCUS's own columns do not carry; export FOCUS from AWS Data Exports with its x_ columns (x_UsageType, x_Operation, x_ServiceCode)",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(" and ")
            ));
        }
        if has("ServiceProviderName") || has("HostProviderName") {
            Ok(Layout::Focus13)
        } else if has("InvoiceId") {
            Ok(Layout::Focus12)
        } else {
            Ok(Layout::Focus)
        }
    } else {
        let first: Vec<&str> = clean.iter().take(6).map(|s| s.as_str()).collect();
        Err(format!(
            "not a bill: expected the header of a CUR 2.0 export (line_item_usage_type, line_item_unblended_cost, ...), a legacy CUR (lineItem/UsageType, lineItem/UnblendedCost, ...) or a FOCUS export with AWS columns (BilledCost, x_UsageType, ...); its first columns are: {}",
            first.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_layout_is_found_by_its_columns() {
        let cur2 = [
            "identity_line_item_id",
            "bill_billing_period_start_date",
            "line_item_usage_account_id",
            "line_item_line_item_type",
            "line_item_usage_type",
            "line_item_usage_amount",
            "line_item_unblended_cost",
            "bill_payer_account_name",
        ];
        let s = Schema::detect(&cur2).unwrap();
        assert_eq!(s.layout, Layout::Cur2);
        // Without CUR 2.0's own columns, the same names are a legacy CUR delivered for Athena; a
        // Parquet map column (`product.key_value.key`) is CUR 2.0's.
        let athena = &cur2[..7];
        assert_eq!(
            Schema::detect(athena).unwrap().layout,
            Layout::LegacyCurAthena
        );
        let mut map = athena.to_vec();
        map.push("product.key_value.key");
        assert_eq!(Schema::detect(&map).unwrap().layout, Layout::Cur2);
        assert_eq!(s.col(Field::UsageType), Some(4));
        assert_eq!(s.col(Field::Region), None);
        let focus = [
            "BilledCost",
            "x_UsageType",
            "SubAccountId",
            "ChargeCategory",
            "ConsumedQuantity",
            "BillingPeriodStart",
        ];
        assert_eq!(Schema::detect(&focus).unwrap().layout, Layout::Focus);
    }

    #[test]
    fn a_header_that_is_no_bill_says_what_was_expected() {
        let e = Schema::detect(&["name", "requests"]).unwrap_err();
        assert!(
            e.contains("not a bill") && e.contains("name, requests"),
            "{e}"
        );
        let e = Schema::detect(&["lineItem/UsageType", "lineItem/UsageAmount"]).unwrap_err();
        assert!(e.contains("legacy CUR bill without the columns bill/BillingPeriodStartDate, lineItem/UsageAccountId"), "{e}");
    }
}
