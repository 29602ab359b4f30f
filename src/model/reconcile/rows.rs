//! What a reconciliation is made of: the rated rows, the lines listed apart, the unmatched usage,
//! the explanations and the `--as http` rows. Data only: `rate.rs` builds it, `explain.rs` and
//! `whatif.rs` read the rows and add their parts.

use rust_decimal::Decimal;

use super::{AccountLevel, BillMeter, Charge};
use crate::model::tiers::TierUse;

/// One rated meter: what AWS billed for the usage, what the model gives for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub period: String,
    /// The account the tiers were counted for (linked or payer, [`Reconciliation::accounts`]).
    pub account: String,
    pub payer: String,
    pub region: String,
    pub meter: BillMeter,
    pub usage: Decimal,
    /// Usage on lines billed at zero.
    pub free_usage: Decimal,
    pub billed: Decimal,
    pub model: Decimal,
    /// `billed - model`.
    pub difference: Decimal,
    pub lines: u64,
    /// The model's tiers for the usage.
    pub tiers: Vec<TierUse>,
}

/// A line that is not usage (tax, credit, refund, discount, Savings Plans negation, fee), listed with
/// its amount and never rated.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub period: String,
    pub account: String,
    pub charge: Charge,
    pub line_type: String,
    pub product: String,
    pub usage_type: String,
    pub description: String,
    pub amount: Decimal,
    pub lines: u64,
}

/// Usage the model does not rate: an unknown usage type, or a region or meter the catalog lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    pub period: String,
    pub account: String,
    pub region: String,
    pub product: String,
    pub usage_type: String,
    /// The usage summed; `None` when the row groups usage types of different units (GB, requests,
    /// hours), whose usage has no one sum (the reason says so).
    pub usage: Option<Decimal>,
    pub cost: Decimal,
    pub lines: u64,
    pub reason: String,
}

/// A whole reconciliation.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    pub accounts: AccountLevel,
    pub currency: String,
    /// Publication date of the catalog's prices (`YYYY-MM-DD`).
    pub catalog_published: String,
    pub rows: Vec<Row>,
    /// Sums of the rows, exact: `billed_total - model_total = difference_total`.
    pub billed_total: Decimal,
    pub model_total: Decimal,
    pub difference_total: Decimal,
    pub non_usage: Vec<Listed>,
    pub non_usage_total: Decimal,
    pub unmatched: Vec<Unmatched>,
    pub unmatched_total: Decimal,
    /// Everything the bill charged: rated usage + unmatched usage + the non-usage lines.
    pub bill_total: Decimal,
    pub lines: u64,
    pub explanations: Vec<Explanation>,
    /// What the reader should know: a region column that contradicts a usage type's prefix, a billing
    /// code no AWS page confirmed.
    pub warnings: Vec<String>,
    /// With `--as http`: the REST requests re-rated as HTTP API requests.
    pub as_http: Option<Vec<AsHttpRow>>,
}

/// What an explanation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    FreeTier,
    LinkedAccountTiers,
    PriceDate,
    UniformDiscount,
    DiscountLines,
    Unexplained,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::FreeTier => "free-tier",
            Kind::LinkedAccountTiers => "linked-account-tiers",
            Kind::PriceDate => "price-date",
            Kind::UniformDiscount => "uniform-discount",
            Kind::DiscountLines => "discount-lines",
            Kind::Unexplained => "unexplained",
        }
    }
}

/// One explanation and the rows (indices into `Reconciliation::rows`) it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub kind: Kind,
    pub rows: Vec<usize>,
    pub text: String,
}

/// One period x account x region's REST requests, billed, and priced as HTTP API requests.
#[derive(Debug, Clone, PartialEq)]
pub struct AsHttpRow {
    pub period: String,
    pub account: String,
    pub region: String,
    pub requests: Decimal,
    /// What the REST requests were billed.
    pub rest_billed: Decimal,
    /// The same requests on the region's HTTP API tiers (`None` where the catalog has no HTTP prices).
    pub http_model: Option<Decimal>,
    /// `rest_billed - http_model`.
    pub saving: Option<Decimal>,
    /// REST cache hours billed in the same period, account and region (an HTTP API has no cache).
    pub cache_billed: Decimal,
}
