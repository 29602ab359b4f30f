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
//! - `rows.rs`: what a reconciliation holds (rows, totals, non-usage and unmatched lines, explanations);
//! - `rate.rs`: rating;
//! - `explain.rs`: the explanations of differences;
//! - `whatif.rs`: the REST usage re-rated as HTTP (`--as http`) and traffic profiles from the bill.

pub mod aggregate;
pub mod explain;
pub mod ids;
pub mod meters;
pub mod rate;
pub mod rows;
pub mod sum;
pub mod whatif;

use rust_decimal::Decimal;

pub use aggregate::{Aggregator, GroupKey, Sums};
pub use meters::{BillMeter, LambdaArch};
pub use rate::{reconcile, Reconciliation};

/// The most distinct groups (period x accounts x line type x usage type x region x operation) a
/// bill may have: 1,000,000 (about 150 bytes a group besides their texts, which are kept once each
/// and at most [`aggregate::MAX_TEXT_BYTES`] in all; measured at the bound: 531 MB peak RSS for 10^6
/// groups of 10^6 distinct usage types and 60,000 accounts, debug build, `/usr/bin/time -v`, see
/// issue 26's closing note; a real API Gateway bill has hundreds).
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

/// Whether `v` is an amount one line may carry (`v.abs() <= MAX_LINE_AMOUNT`), by integer compares:
/// |mantissa| <= 10^(15 + scale), always true from scale 14 on (a mantissa is below 2^96 < 10^29).
pub fn within_line_amount(v: Decimal) -> bool {
    const BOUND: [u128; 14] = {
        let mut b = [0u128; 14];
        let mut i = 0;
        while i < 14 {
            b[i] = 10u128.pow(15 + i as u32);
            i += 1;
        }
        b
    };
    BOUND
        .get(v.scale() as usize)
        .is_none_or(|&b| v.mantissa().unsigned_abs() <= b)
}

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
    fn within_line_amount_is_the_decimal_compare_at_every_scale() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        for (v, fits) in [
            ("1000000000000000", true),
            ("-1000000000000000", true),
            ("1000000000000000.0000000000000", true),
            ("1000000000000000.0000000000001", false),
            ("-1000000000000000.0000000000001", false),
            ("1000000000000001", false),
            ("999999999999999.99999999999999", true),
            ("79228162514264.337593543950335", true),
            ("79228162514264337593543950335", false),
            ("0.0000000000000000000000000001", true),
            ("0", true),
        ] {
            assert_eq!(within_line_amount(d(v)), fits, "{v}");
            assert_eq!(d(v).abs() <= MAX_LINE_AMOUNT, fits, "{v}");
        }
        // Mantissas of every size at every scale, against the Decimal compare.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = i128::from(x as i64) << (x % 33) as u32;
            let v = Decimal::from_i128_with_scale(
                m % 79_228_162_514_264_337_593_543_950_335,
                (x >> 40) as u32 % 29,
            );
            assert_eq!(within_line_amount(v), v.abs() <= MAX_LINE_AMOUNT, "{v}");
        }
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
