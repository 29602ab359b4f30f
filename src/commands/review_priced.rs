//! The options a review can price in its region. Some regions price REST APIs but not HTTP APIs
//! (ap-east-2, mx-central-1, ap-southeast-6 in the AWS price list): the review covers what is priced
//! and says, under "Not included", what is not and why, as the charts do. When nothing is priced the
//! first option's error stands.

use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::cost::Pricer;
use crate::model::free_tier::FreeTier;
use crate::model::workload::Workload;

/// The options of `apis` the region prices, and a sentence for each it does not.
pub fn split(
    catalog: &Catalog,
    region: &str,
    apis: &[ApiKind],
    workload: &Workload,
    free_tier: &FreeTier,
) -> Result<(Vec<ApiKind>, Vec<String>)> {
    let pricer = Pricer::new(catalog, region)?;
    let allowance = free_tier.month(0, free_tier.initial_credit());
    let mut priced = Vec::new();
    let mut left_out = Vec::new();
    let mut first_error = None;
    for &api in apis {
        // The workaround option is priced with HTTP's prices: it stands or falls with them.
        let priced_as = match api {
            ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => ApiKind::Http,
            other => other,
        };
        match pricer.quote(priced_as, &workload.for_option(priced_as), &allowance) {
            Ok(_) => priced.push(api),
            Err(Error::NotPriced { what, .. }) => {
                left_out.push(format!(
                    "{}: not reviewed, because the AWS price list has no price for {what} in {region}; this review covers {{priced}}.",
                    api.title()
                ));
                first_error.get_or_insert(api);
            }
            Err(e) => return Err(e),
        }
    }
    if priced.is_empty() {
        if let Some(api) = first_error {
            pricer.quote(api, &workload.for_option(api), &allowance)?;
        }
    }
    let covered = priced
        .iter()
        .map(|a| a.title())
        .collect::<Vec<_>>()
        .join(", ");
    let left_out = left_out
        .into_iter()
        .map(|s| s.replace("{priced}", &covered))
        .collect();
    Ok((priced, left_out))
}
