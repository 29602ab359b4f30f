//! The command lines of the analyses built on ranges: `sensitivity` (and `forecast`). Clap structs
//! only; what they do lives in `commands/`.

use clap::Args;
use rust_decimal::Decimal;

use super::args::{AccessArgs, TrafficArgs};
use super::parsers::Short;
use crate::model::api::ApiKind;

/// `sensitivity`: which input moves the bill and the saving most, and where the answer flips.
#[derive(Args, Debug)]
pub struct SensitivityArgs {
    /// Options to price, comma-separated; savings are against the first (default: the profile's
    /// `apis`/`api`, else rest,http).
    #[arg(long, visible_alias = "api", value_enum, value_parser = super::args::choice::<ApiKind>(), value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    /// How far an input given as a point is moved either way (20%, 0.2; above 0, below 100%).
    /// An input given as a range moves from its p10 to its p90.
    #[arg(long, value_name = "RATE", value_parser = Short(share), default_value = "20%")]
    pub share: Decimal,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// `--share`: a rate strictly between 0 and 1.
fn share(s: &str) -> Result<Decimal, String> {
    let v = crate::model::numbers::parse_rate(s)?;
    if v <= Decimal::ZERO || v >= Decimal::ONE {
        return Err(format!(
            "a share above 0% and below 100% (such as 20%), got '{}'",
            s.trim()
        ));
    }
    Ok(v)
}
