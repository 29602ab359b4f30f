//! The inputs that are not one decimal: a region code, the free tier, whole months and seconds,
//! percentiles in ms, a switch and a list of features, each declared once as the numeric inputs
//! are ([`super::Spec`]), with the parser whose message every reader gives.

use super::Spec;
use crate::model::free_tier::FreeTier;
use crate::model::latency::Given;
use crate::model::projection::MAX_MONTHS;

/// The oldest account age accepted: 100 years. The free tier only looks at the first 12 months; the
/// bound keeps age + month far from `u32`'s limit, where the free tier's month arithmetic would
/// overflow.
pub const MAX_ACCOUNT_AGE_MONTHS: u32 = 1200;

/// The longest authorizer cache TTL AWS allows, seconds.
pub const MAX_TTL_SECONDS: u32 = 3600;

/// A region code as typed in any case and with spaces around it (`EU-WEST-1`): lower case, trimmed.
/// Whether the catalog knows it is checked when it is priced (with suggestions).
pub fn region_code(s: &str) -> Result<String, String> {
    Ok(s.trim().to_ascii_lowercase())
}

/// Text with the spaces around it removed (a runtime, a list item).
pub fn trimmed(s: &str) -> Result<String, String> {
    Ok(s.trim().to_string())
}

/// A whole number from `lo` to `hi` of `what` (`months`), with one wording.
fn whole(s: &str, lo: u32, hi: u32, what: &str) -> Result<u32, String> {
    let t = s.trim();
    match t.parse::<u32>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected a whole number of {what} from {lo} to {hi}"
        )),
    }
}

/// Months ahead: 1 to [`MAX_MONTHS`], on the command line as in a profile.
pub fn months(s: &str) -> Result<u32, String> {
    whole(s, 1, MAX_MONTHS, "months")
}

/// Months a forecast runs ahead: 1 to [`crate::model::forecast::MAX_MONTHS`] (ten years: a trend and
/// seasons fitted on at most ten years of history say nothing further), in the same words as
/// [`months`].
pub fn forecast_months(s: &str) -> Result<u32, String> {
    whole(s, 1, crate::model::forecast::MAX_MONTHS, "months")
}

/// The account's age in months, 0 to [`MAX_ACCOUNT_AGE_MONTHS`].
pub fn account_age(s: &str) -> Result<u32, String> {
    whole(s, 0, MAX_ACCOUNT_AGE_MONTHS, "months")
}

/// An authorizer cache TTL in seconds (whether it is within AWS's 1 to 3,600 is checked where
/// the cache is priced, which names 0 as "caching off").
pub fn ttl_seconds(s: &str) -> Result<u32, String> {
    s.trim().parse::<u32>().map_err(|_| {
        format!("expected a whole number of seconds, such as 300 (AWS's default; at most {MAX_TTL_SECONDS})")
    })
}

/// A switch's value in a profile: `true` or `false`.
pub fn switch(s: &str) -> Result<bool, String> {
    match s.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err("expected true or false".into()),
    }
}

macro_rules! typed {
    ($($name:ident: $ty:ty = $flag:literal, $key:expr, $column:expr, $unit:literal, $parse:expr, $help:literal;)*) => {
        $(
            #[doc = $help]
            pub const $name: Spec<$ty> = Spec {
                flag: $flag,
                dashed: concat!("--", $flag),
                key: $key,
                column: $column,
                unit: $unit,
                help: $help,
                parse: $parse,
            };
        )*
        /// Every input of the registry that is not one decimal.
        pub const TYPED: &[super::Declared] = &[$($name.declared()),*];
    };
}

typed! {
    REGION: String = "region", Some("region"), Some("region"), "CODE", region_code,
        "AWS region code";
    FREE_TIER: FreeTier = "free-tier", Some("free_tier"), None, "none|always|legacy|credits:AMOUNT", FreeTier::parse,
        "Free tier: none (default), always (Lambda and 100 GB egress allowances only), legacy (12-month allowance, accounts before 2025-07-15) or credits:AMOUNT; always-free allowances included in all but none";
    ACCOUNT_AGE_MONTHS: u32 = "account-age-months", Some("account_age_months"), None, "N", account_age,
        "Age of the account in months at the first priced month (for the free tier)";
    MONTHS: u32 = "months", Some("months"), None, "N", months,
        "Months to project, 1 to 1,200 (default: the profile's, else 12)";
    AUTHORIZER_TTL: u32 = "authorizer-ttl", Some("authorizer_ttl"), None, "SECONDS", ttl_seconds,
        "lambda-cached: the cache TTL in seconds (AWS default 300, maximum 3,600)";
    RUNTIME: String = "runtime", Some("latency.runtime"), None, "RUNTIME", trimmed,
        "Lambda runtime, for its cold starts' latency and billed Init Duration (default nodejs22.x; python3.13, java21, go, rust, ...)";
    HANDLER_MS: Given = "handler-ms", Some("latency.handler_ms"), None, "P50[,P99]", Given::parse,
        "Handler time in ms, P50 or P50,P99 (default: --duration-ms as a constant, else excluded)";
    CLIENT_RTT_MS: Given = "client-rtt-ms", Some("latency.client_rtt_ms"), None, "P50[,P99]", Given::parse,
        "Client round trip to the endpoint in ms, P50 or P50,P99 (default: client network excluded)";
    NEW_CONNECTIONS: bool = "new-connections", Some("latency.new_connections"), None, "", switch,
        "Every request opens a new connection (TCP + TLS 1.3: two more round trips; needs --client-rtt-ms)";
    NEEDS: String = "needs", Some("needs"), None, "FEATURE,...", trimmed,
        "Features the workload needs, comma-separated (see `apigw-cost features`): options lacking one are marked, still priced";
}
