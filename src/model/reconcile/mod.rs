//! Reconciliation: a bill's own usage re-rated with the catalog, meter by meter, against what AWS
//! billed; the bill's other lines (tax, credits, refunds, discounts, Savings Plans negations, fees)
//! listed apart; usage the model does not know listed as unmatched with its cost.
//!
//! Pure: the bill readers (`crate::bill`) turn each line of a CUR 2.0, legacy CUR or FOCUS file into a
//! [`BillLine`] and feed it to an [`Aggregator`], which sums lines that share a key without keeping
//! them; [`rate::reconcile`] then rates each period x account x region x meter on the catalog's
//! cumulative tiers and [`explain`] says why a row differs where the data allows.
//!
//! - `meters.rs`: region billing codes and the usage types the rater knows;
//! - `rate.rs`: rating, rows, totals, non-usage and unmatched lines;
//! - `explain.rs`: the explanations of differences;
//! - `whatif.rs`: the REST usage re-rated as HTTP (`--as http`) and traffic profiles from the bill.

pub mod explain;
pub mod meters;
pub mod rate;
pub mod whatif;

use std::collections::HashMap;

use rust_decimal::Decimal;

pub use meters::{BillMeter, LambdaArch};
pub use rate::{reconcile, Reconciliation};

/// The most distinct groups (period x accounts x line type x usage type x region x operation) a
/// bill may have: 1,000,000 (about 300 MB at most; a real API Gateway bill has hundreds).
pub const MAX_GROUPS: usize = 1_000_000;
/// The longest text a key field (account, usage type, operation, region, line type, description)
/// may have: 1,024 bytes.
pub const MAX_KEY_FIELD_BYTES: usize = 1024;
/// The most lines a run may read: 10^12 (with [`MAX_LINE_AMOUNT`], every sum stays below 10^27, within
/// `Decimal`'s exact range).
pub const MAX_LINES: u64 = 1_000_000_000_000;
/// The largest usage amount or cost one line may carry, in absolute value: 10^15. Sums of 10^12
/// such lines stay exact in `Decimal`.
pub const MAX_LINE_AMOUNT: Decimal = Decimal::from_parts(2764472320, 232830, 0, false, 0);

/// What a bill line is, from CUR's line item type or FOCUS's charge category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Charge {
    /// Usage at on-demand rates (`Usage`, `DiscountedUsage`, `SavingsPlanCoveredUsage`): rated.
    Usage,
    /// Savings Plans negations of covered usage.
    SavingsPlanNegation,
    /// EDP, private pricing, bundled and distributor discounts.
    Discount,
    Credit,
    Refund,
    Tax,
    /// Fees and purchases: RI and Savings Plans fees, support, upfront payments.
    Fee,
    /// A line type the reader does not know: listed with its amount, never rated.
    Other,
}

impl Charge {
    /// The label in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Charge::Usage => "usage",
            Charge::SavingsPlanNegation => "savings-plan-negation",
            Charge::Discount => "discount",
            Charge::Credit => "credit",
            Charge::Refund => "refund",
            Charge::Tax => "tax",
            Charge::Fee => "fee",
            Charge::Other => "other",
        }
    }

    /// The charge of a CUR line item type (`line_item_line_item_type`, `lineItem/LineItemType`).
    pub fn of_cur(line_type: &str) -> Charge {
        match line_type {
            "Usage" | "DiscountedUsage" | "SavingsPlanCoveredUsage" => Charge::Usage,
            "SavingsPlanNegation" => Charge::SavingsPlanNegation,
            "EdpDiscount"
            | "PrivateRateDiscount"
            | "BundledDiscount"
            | "DistributorDiscount"
            | "Discount" => Charge::Discount,
            "Credit" => Charge::Credit,
            "Refund" => Charge::Refund,
            "Tax" => Charge::Tax,
            "Fee" | "RIFee" | "SavingsPlanUpfrontFee" | "SavingsPlanRecurringFee" => Charge::Fee,
            _ => Charge::Other,
        }
    }

    /// The charge of a FOCUS line (`ChargeCategory`, with `ChargeDescription` telling discounts from
    /// other credits: FOCUS has no discount category, AWS writes EDP and private-pricing discounts as
    /// credits whose description names the discount).
    pub fn of_focus(category: &str, description: &str) -> Charge {
        match category {
            "Usage" => Charge::Usage,
            "Tax" => Charge::Tax,
            "Credit" | "Adjustment" if description.to_ascii_lowercase().contains("discount") => {
                Charge::Discount
            }
            "Credit" => Charge::Credit,
            "Adjustment" => Charge::Refund,
            "Purchase" => Charge::Fee,
            _ => Charge::Other,
        }
    }
}

/// One line of a bill, as the readers hand it over (borrowed from the reader's record).
#[derive(Debug, Clone, Copy)]
pub struct BillLine<'a> {
    /// `YYYY-MM` of the billing period.
    pub period: &'a str,
    /// The payer (management) account.
    pub payer: &'a str,
    /// The usage (linked) account.
    pub account: &'a str,
    pub charge: Charge,
    /// The line type as the bill writes it (`EdpDiscount`, FOCUS `Credit`), for listing.
    pub line_type: &'a str,
    pub product: &'a str,
    pub usage_type: &'a str,
    pub operation: &'a str,
    /// The region column (empty when the file has none or leaves it blank).
    pub region: &'a str,
    /// The line's description (kept for non-usage lines only).
    pub description: &'a str,
    pub usage: Decimal,
    pub cost: Decimal,
}

/// Which account a row's tiers are counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccountLevel {
    /// The usage (linked) account: tiers counted per account.
    #[default]
    Linked,
    /// The payer: tiers counted over all its linked accounts (consolidated billing).
    Payer,
}

impl AccountLevel {
    pub fn name(self) -> &'static str {
        match self {
            AccountLevel::Linked => "linked",
            AccountLevel::Payer => "payer",
        }
    }
}

/// The key lines are summed under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupKey {
    pub period: String,
    pub payer: String,
    pub account: String,
    pub charge: Charge,
    pub line_type: String,
    pub product: String,
    pub usage_type: String,
    pub operation: String,
    pub region: String,
    pub description: String,
}

/// The sums of the lines of one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sums {
    pub usage: Decimal,
    pub cost: Decimal,
    /// Usage on lines billed at zero (free tier, credits applied as a rate of zero).
    pub free_usage: Decimal,
    pub lines: u64,
}

/// Lines summed by key as they stream past; memory grows with the distinct keys only.
#[derive(Debug, Default)]
pub struct Aggregator {
    index: HashMap<String, usize>,
    groups: Vec<(GroupKey, Sums)>,
    key: String,
    /// The currency of the first line, and the file it came from.
    pub currency: Option<(String, String)>,
    pub lines: u64,
}

impl Aggregator {
    pub fn new() -> Aggregator {
        Aggregator::default()
    }

    /// Adds a line; an error says what is wrong with it (the reader names the file and row).
    pub fn add(&mut self, l: &BillLine) -> Result<(), String> {
        let description = if l.charge == Charge::Usage {
            ""
        } else {
            l.description
        };
        let fields = [
            l.period,
            l.payer,
            l.account,
            l.line_type,
            l.product,
            l.usage_type,
            l.operation,
            l.region,
            description,
        ];
        if self.lines >= MAX_LINES {
            return Err(format!(
                "more than {MAX_LINES} lines in all; reconcile a bill in parts"
            ));
        }
        self.key.clear();
        for f in fields {
            if f.len() > MAX_KEY_FIELD_BYTES {
                return Err(format!(
                    "a value of {} bytes ('{}...'); a bill's account, usage type, operation, region, line type and description are at most {MAX_KEY_FIELD_BYTES} bytes",
                    f.len(),
                    f.chars().take(40).collect::<String>()
                ));
            }
            self.key.push_str(f);
            self.key.push('\u{1f}');
        }
        for (what, v) in [("usage amount", l.usage), ("cost", l.cost)] {
            if v.abs() > MAX_LINE_AMOUNT {
                return Err(format!(
                    "{what} {v} is beyond what one bill line can carry (at most 10^15 in absolute value)"
                ));
            }
        }
        let i = match self.index.get(self.key.as_str()) {
            Some(&i) => i,
            None => {
                if self.groups.len() >= MAX_GROUPS {
                    return Err(format!(
                        "more than {MAX_GROUPS} distinct period x account x usage type groups; split the bill by month or account"
                    ));
                }
                let k = GroupKey {
                    period: l.period.to_string(),
                    payer: l.payer.to_string(),
                    account: l.account.to_string(),
                    charge: l.charge,
                    line_type: l.line_type.to_string(),
                    product: l.product.to_string(),
                    usage_type: l.usage_type.to_string(),
                    operation: l.operation.to_string(),
                    region: l.region.to_string(),
                    description: description.to_string(),
                };
                self.groups.push((k, Sums::default()));
                self.index.insert(self.key.clone(), self.groups.len() - 1);
                self.groups.len() - 1
            }
        };
        let s = &mut self.groups[i].1;
        s.usage += l.usage;
        s.cost += l.cost;
        if l.cost.is_zero() && l.charge == Charge::Usage {
            s.free_usage += l.usage;
        }
        s.lines += 1;
        self.lines += 1;
        Ok(())
    }

    /// Checks a line's currency against the first line's (`file` names where it came from).
    pub fn currency(&mut self, currency: &str, file: &str) -> Result<(), String> {
        match &self.currency {
            Some((c, _)) if c == currency => Ok(()),
            Some((c, f)) => Err(format!(
                "currency '{}', but {f} bills in {c}: a reconciliation is in one currency (split the bills by currency)",
                currency.chars().take(16).collect::<String>()
            )),
            None => {
                self.currency = Some((currency.to_string(), file.to_string()));
                Ok(())
            }
        }
    }

    /// The groups, sorted by key.
    pub fn into_groups(self) -> Vec<(GroupKey, Sums)> {
        let mut g = self.groups;
        g.sort_by(|a, b| a.0.cmp(&b.0));
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line<'a>(ut: &'a str, usage: &str, cost: &str) -> BillLine<'a> {
        BillLine {
            period: "2026-10",
            payer: "111",
            account: "222",
            charge: Charge::Usage,
            line_type: "Usage",
            product: "AmazonApiGateway",
            usage_type: ut,
            operation: "",
            region: "",
            description: "ignored for usage",
            usage: usage.parse().unwrap(),
            cost: cost.parse().unwrap(),
        }
    }

    #[test]
    fn lines_sum_by_key_and_free_usage_is_counted() {
        let mut a = Aggregator::new();
        a.add(&line("USE1-ApiGatewayRequest", "1000", "0.0035"))
            .unwrap();
        a.add(&line("USE1-ApiGatewayRequest", "500", "0")).unwrap();
        a.add(&line("EU-ApiGatewayRequest", "1", "0.0000035"))
            .unwrap();
        let g = a.into_groups();
        assert_eq!(g.len(), 2);
        let use1 = &g[1].1;
        assert_eq!(use1.usage, Decimal::from(1500));
        assert_eq!(use1.cost, "0.0035".parse::<Decimal>().unwrap());
        assert_eq!(use1.free_usage, Decimal::from(500));
        assert_eq!(use1.lines, 2);
    }

    #[test]
    fn a_second_currency_is_refused() {
        let mut a = Aggregator::new();
        a.currency("USD", "a.csv").unwrap();
        a.currency("USD", "b.csv").unwrap();
        let e = a.currency("EUR", "c.csv").unwrap_err();
        assert!(
            e.contains("'EUR'") && e.contains("a.csv bills in USD"),
            "{e}"
        );
    }

    #[test]
    fn line_types_map_to_charges() {
        assert_eq!(Charge::of_cur("EdpDiscount"), Charge::Discount);
        assert_eq!(Charge::of_cur("SavingsPlanCoveredUsage"), Charge::Usage);
        assert_eq!(Charge::of_cur("Weird"), Charge::Other);
        assert_eq!(
            Charge::of_focus("Credit", "Enterprise Discount Program discount"),
            Charge::Discount
        );
        assert_eq!(Charge::of_focus("Credit", "AWS Activate"), Charge::Credit);
        assert_eq!(Charge::of_focus("Tax", ""), Charge::Tax);
    }
}

#[cfg(test)]
mod explain_tests;
