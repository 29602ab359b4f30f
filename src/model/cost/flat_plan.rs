//! CloudFront flat-rate plans (2025-11-18) for the "HTTP API + CloudFront + WAF" workaround: Free, Pro,
//! Business and Premium, each a monthly price with a request and transfer allowance, WAF included and
//! no overage. The workaround takes the cheapest of pay-as-you-go and the plans whose allowance covers
//! the month, says which it chose and what a plan leaves out.

use rust_decimal::Decimal;

use super::{component, Builder, LineItem};
use crate::model::catalog::FlatPlans;
use crate::model::meter::Meter;
use crate::model::numbers::group;

/// The meters a flat-rate plan replaces: CloudFront's requests and egress, and AWS WAF.
const COVERED: [Meter; 5] = [
    Meter::CloudFrontRequests,
    Meter::CloudFrontDataTransferOut,
    Meter::WafWebAcls,
    Meter::WafRules,
    Meter::WafRequests,
];

use crate::money::usd;

/// Replaces the covered pay-as-you-go lines from `first` on with the cheapest plan whose allowance
/// covers `requests` and `egress_gb`, when it is cheaper; says what was chosen either way.
pub(super) fn choose(
    b: &mut Builder,
    plans: Option<&FlatPlans>,
    first: usize,
    requests: Decimal,
    egress_gb: Decimal,
) {
    let Some(plans) = plans.filter(|p| !p.plans.is_empty()) else {
        return;
    };
    let covered: Vec<usize> = (first..b.lines.len())
        .filter(|i| COVERED.contains(&b.lines[*i].meter))
        .collect();
    let payg: Decimal = covered.iter().map(|i| b.lines[*i].amount).sum();
    // What pay-as-you-go is made of here: WAF is named only when a web ACL is priced.
    let waf = covered.iter().any(|i| {
        matches!(
            b.lines[*i].meter,
            Meter::WafWebAcls | Meter::WafRules | Meter::WafRequests
        )
    });
    let (payg_is, payg_lines) = if waf {
        ("CloudFront and WAF", "CloudFront requests and egress, WAF")
    } else {
        ("CloudFront", "CloudFront requests and egress")
    };
    let fits = plans
        .plans
        .iter()
        .filter(|p| p.requests >= requests && p.transfer_gb >= egress_gb)
        .min_by_key(|p| p.usd_per_month);
    let Some(plan) = fits else {
        let largest = plans.plans.iter().max_by_key(|p| p.requests);
        b.warnings.push(format!(
            "CloudFront flat-rate plans: pay-as-you-go, as the month ({} requests, {} GB out) exceeds every plan's allowance{}",
            group(requests),
            group(egress_gb.round_dp(3)),
            largest
                .map(|p| format!(" (the largest, {}: {} requests, {} GB)", p.name, group(p.requests), group(p.transfer_gb)))
                .unwrap_or_default()
        ));
        return;
    };
    if plan.usd_per_month >= payg {
        b.warnings.push(format!(
            "CloudFront flat-rate plans: pay-as-you-go ({} for {payg_is}) is not dearer than the cheapest plan that covers the month ({}, {} a month): pay-as-you-go priced",
            usd(payg),
            plan.name,
            usd(plan.usd_per_month)
        ));
        return;
    }
    for i in covered.iter().rev() {
        b.lines.remove(*i);
    }
    b.lines.push(LineItem {
        component: component::cloudfront_plan(&plan.name),
        meter: Meter::CloudFrontPlan,
        tier: None,
        quantity: Decimal::ONE,
        unit_price: plan.usd_per_month,
        price: plan.usd_per_month,
        price_per: Decimal::ONE,
        amount: plan.usd_per_month,
        basis: Some(format!(
            "the {} plan: {} a month for up to {} requests and {} GB out, AWS WAF included, no overage; pay-as-you-go would be {} ({payg_lines})",
            plan.name,
            usd(plan.usd_per_month),
            group(plan.requests),
            group(plan.transfer_gb),
            usd(payg)
        )),
        sources: plans.sources.clone(),
        rate_code: None,
        free: false,
    });
    b.warnings.push(format!(
        "CloudFront flat-rate plan {} chosen over pay-as-you-go ({} < {}); a plan leaves out {}; its figures are {}",
        plan.name,
        usd(plan.usd_per_month),
        usd(payg),
        plans.leaves_out,
        plans.confidence
    ));
}
