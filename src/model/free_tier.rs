//! The free tier, as an explicit choice (never silently applied).
//!
//! - `none` (default): nothing is free; the worked examples assume this.
//! - `legacy`: accounts created before 2025-07-15 get, per month for their first 12 months, 1M REST calls,
//!   1M HTTP calls, 1M WebSocket messages and 750,000 connection minutes (amounts from the catalog's
//!   `free_tier.legacy_12_month`). Not cache hours, not data transfer. Free units come out of the lowest
//!   tier first and show as their own line.
//! - `credits:AMOUNT`: accounts created on or after 2025-07-15 get a USD credit balance, drawn down month by
//!   month until spent or expired (12 months after account creation, per the catalog's
//!   `free_tier.credit_based_free_plan`); the credit shows as its own negative line.
//!
//! - `always`: only the allowances every account has, every month, per account: Lambda's 1M requests and
//!   400,000 GB-seconds (the catalog's `always_free_per_month`), the first 100 GB a month of internet
//!   egress ([`ALWAYS_FREE_EGRESS_GB`]) and those AWS documents but its price files do not carry
//!   ([`allowances`]: CloudWatch Logs 5 GB, X-Ray 100,000 traces recorded and 1M retrieved, CloudFront
//!   1 TB out and 10M requests, Cognito Lite 10,000 MAUs), each shown as its own line.
//!
//! The always-free allowances are included whenever a free tier is chosen (`always`, `legacy`,
//! `credits`), never with `none`. Each option of a comparison, each month of a projection and each
//! batch row priced as its own account gets them once.

pub mod allowances;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::numbers::parse_amount;

/// Months the legacy allowance lasts from account creation.
pub const LEGACY_MONTHS: u32 = 12;
/// Months after account creation when credits expire.
pub const CREDIT_EXPIRY_MONTHS: u32 = 12;

/// The free tier chosen for the account.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum FreeTier {
    #[default]
    None,
    /// Only the always-free allowances (Lambda, 100 GB of egress), every month.
    Always,
    Legacy {
        /// Age of the account in months at the first priced month (0 = new account).
        account_age_months: u32,
    },
    Credits {
        amount: Decimal,
        /// Age of the account in months at the first priced month.
        account_age_months: u32,
        /// Months after account creation when the remaining credit expires.
        expires_after_months: u32,
    },
}

impl FreeTier {
    /// Parses `none`, `always`, `legacy` or `credits:AMOUNT` (`credits:200`, `credits:$200`).
    pub fn parse(s: &str) -> Result<FreeTier, String> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "none" => Ok(FreeTier::None),
            "always" => Ok(FreeTier::Always),
            "legacy" => Ok(FreeTier::Legacy {
                account_age_months: 0,
            }),
            _ => match t
                .strip_prefix("credits:")
                .or_else(|| t.strip_prefix("credits="))
            {
                Some(a) => {
                    let amount = parse_amount(a.trim_start_matches('$'))
                        .map_err(|e| format!("credits:AMOUNT needs a USD amount: {e}"))?;
                    Ok(FreeTier::Credits {
                        amount,
                        account_age_months: 0,
                        expires_after_months: CREDIT_EXPIRY_MONTHS,
                    })
                }
                None => Err(format!(
                    "expected none, always, legacy or credits:AMOUNT (e.g. credits:200), got '{s}'"
                )),
            },
        }
    }

    /// The same choice with the account's age at the first priced month.
    pub fn at_age(self, months: u32) -> FreeTier {
        match self {
            FreeTier::None => FreeTier::None,
            FreeTier::Always => FreeTier::Always,
            FreeTier::Legacy { .. } => FreeTier::Legacy {
                account_age_months: months,
            },
            FreeTier::Credits {
                amount,
                expires_after_months,
                ..
            } => FreeTier::Credits {
                amount,
                account_age_months: months,
                expires_after_months,
            },
        }
    }

    /// The short name (`none`, `always`, `legacy`, `credits:200`).
    pub fn label(&self) -> String {
        match self {
            FreeTier::None => "none".into(),
            FreeTier::Always => "always".into(),
            FreeTier::Legacy { account_age_months } if *account_age_months > 0 => {
                format!("legacy (account age {account_age_months} months)")
            }
            FreeTier::Legacy { .. } => "legacy".into(),
            FreeTier::Credits { amount, .. } => format!("credits:{amount}"),
        }
    }

    /// What applies in month `index` (0-based) of a projection, given the credit still unspent.
    pub fn month(&self, index: u32, credit_left: Decimal) -> Allowance {
        match self {
            FreeTier::None => Allowance::default(),
            FreeTier::Always => Allowance {
                legacy_units: false,
                always_free: true,
                credit: Decimal::ZERO,
            },
            FreeTier::Legacy { account_age_months } => Allowance {
                legacy_units: within(*account_age_months, index, LEGACY_MONTHS),
                always_free: true,
                credit: Decimal::ZERO,
            },
            FreeTier::Credits {
                account_age_months,
                expires_after_months,
                ..
            } => Allowance {
                legacy_units: false,
                always_free: true,
                credit: if within(*account_age_months, index, *expires_after_months) {
                    credit_left
                } else {
                    Decimal::ZERO
                },
            },
        }
    }

    /// The credit balance at the start.
    pub fn initial_credit(&self) -> Decimal {
        match self {
            FreeTier::Credits { amount, .. } => *amount,
            _ => Decimal::ZERO,
        }
    }

    /// Which allowances this choice applies, in words, for every output: "free tier: none (no
    /// allowance applied)", or the allowances with how long they last.
    pub fn applied(&self) -> String {
        const ALWAYS: &str = "always-free allowances per account per month: Lambda 1M requests and 400,000 GB-seconds, 100 GB of internet egress; CloudWatch Logs 5 GB, X-Ray 100,000 traces recorded and 1M retrieved, CloudFront 1 TB out and 10M requests, Cognito Lite 10,000 MAUs (data/free-allowances.json)";
        match self {
            FreeTier::None => "free tier: none (no allowance applied; --free-tier always|legacy|credits:AMOUNT to apply one)".into(),
            FreeTier::Always => format!("free tier: always ({ALWAYS})"),
            FreeTier::Legacy { account_age_months } => format!(
                "free tier: legacy (1M REST calls, 1M HTTP calls, 1M WebSocket messages and 750,000 connection minutes a month for the account's first 12 months, account age {account_age_months} months at the first month; plus the {ALWAYS})"
            ),
            FreeTier::Credits { amount, expires_after_months, account_age_months } => format!(
                "free tier: credits ({} drawn down month by month, expiring {expires_after_months} months after account creation, account age {account_age_months} months at the first month; plus the {ALWAYS})",
                crate::money::usd(*amount)
            ),
        }
    }
}

/// The first 100 GB a month of internet egress are free for every account, aggregated across services
/// and regions: data/prices.json, each region's `data_transfer_out_internet.global_free_allowance`
/// ("first 100 GB/month of internet egress ... is free"; a test checks the catalog still says so).
pub const ALWAYS_FREE_EGRESS_GB: u32 = 100;

/// Whether month `index` of a projection, for an account `age` months old at its first month, falls
/// in the account's first `months` months. The account's age in that month is computed without
/// wrapping: an age past `u32::MAX` months (`--account-age-months 4294967295`, then month 2) is past
/// every allowance, never month 0 again.
fn within(age: u32, index: u32, months: u32) -> bool {
    age.checked_add(index).is_some_and(|m| m < months)
}

/// What is free in one month.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Allowance {
    /// The legacy 12-month API Gateway units apply this month.
    pub legacy_units: bool,
    /// Lambda's always-free allowance applies.
    pub always_free: bool,
    /// USD credit available this month.
    pub credit: Decimal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(FreeTier::parse("none").unwrap(), FreeTier::None);
        assert_eq!(
            FreeTier::parse("legacy").unwrap(),
            FreeTier::Legacy {
                account_age_months: 0
            }
        );
        assert_eq!(
            FreeTier::parse("credits:$200").unwrap().initial_credit(),
            Decimal::from(200)
        );
        assert!(FreeTier::parse("free").is_err());
        assert!(FreeTier::parse("credits:lots").is_err());
    }

    #[test]
    fn legacy_lasts_twelve_months_from_account_creation() {
        let f = FreeTier::Legacy {
            account_age_months: 0,
        };
        assert!(f.month(11, Decimal::ZERO).legacy_units);
        assert!(!f.month(12, Decimal::ZERO).legacy_units);
        let older = f.at_age(10);
        assert!(older.month(1, Decimal::ZERO).legacy_units);
        assert!(!older.month(2, Decimal::ZERO).legacy_units);
    }

    #[test]
    fn an_account_age_near_u32_max_never_wraps_into_free_months() {
        let legacy = FreeTier::Legacy {
            account_age_months: u32::MAX,
        };
        for i in [0, 1, 2, 11, u32::MAX] {
            assert!(!legacy.month(i, Decimal::ZERO).legacy_units, "month {i}");
        }
        let credits = FreeTier::parse("credits:100").unwrap().at_age(u32::MAX - 1);
        for i in [0, 1, 2, 12, u32::MAX] {
            assert_eq!(
                credits.month(i, Decimal::TEN).credit,
                Decimal::ZERO,
                "month {i}"
            );
        }
    }

    #[test]
    fn the_egress_allowance_is_the_one_the_catalog_records() {
        let text = crate::model::catalog::EMBEDDED;
        assert!(text.contains("first 100 GB/month of internet egress"));
        assert_eq!(ALWAYS_FREE_EGRESS_GB, 100);
    }

    #[test]
    fn always_frees_only_the_always_free_allowances() {
        let a = FreeTier::parse("always").unwrap().month(30, Decimal::TEN);
        assert!(a.always_free && !a.legacy_units);
        assert_eq!(a.credit, Decimal::ZERO);
        assert!(FreeTier::Always.applied().contains("100 GB"));
    }

    #[test]
    fn credits_expire() {
        let f = FreeTier::parse("credits:100").unwrap();
        assert_eq!(f.month(11, Decimal::from(5)).credit, Decimal::from(5));
        assert_eq!(f.month(12, Decimal::from(5)).credit, Decimal::ZERO);
    }
}
