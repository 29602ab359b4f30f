//! AWS WAF and the "HTTP API + CloudFront + WAF" workaround.
//!
//! `--waf` puts one WAF web ACL (with `--waf-rules` rules, every request inspected) in front of a REST
//! API or an ALB, at the region's WAF prices. An HTTP API cannot take WAF (nor a cache, nor an
//! edge-optimized endpoint): the usual answer is CloudFront in front of it with a web ACL on the
//! distribution. That option is priced here, line by line:
//! - CloudFront HTTPS requests: every request, at the edge geography's price (HTTPS assumed);
//! - CloudFront data transfer out: every response, on the geography's egress tiers (the HTTP API's own
//!   egress is not billed: transfer from an AWS origin to CloudFront is free);
//! - CloudFront to origin: the request bodies of the requests that reach the API;
//! - the HTTP API and its backend: only the requests CloudFront does not answer from its cache
//!   (`--cacheable-share`, default 0);
//! - AWS WAF on CloudFront: a web ACL, its rules, every request; a CloudFront web ACL lives in
//!   us-east-1, so us-east-1's WAF prices apply whatever the API's region.
//!
//! The edge geography is `--edge-geography`, else the one where the API's region is (an assumption,
//! named on the quote). CloudFront's always-free 10M requests and 1 TB out (data/free-allowances.json)
//! apply only when a free tier is chosen (the free tier is a choice).

use rust_decimal::{Decimal, RoundingStrategy};

use super::{component, Builder, Pricer};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::{Catalog, WafPrices};
use crate::model::free_tier::allowances::Free;
use crate::model::free_tier::{Allowance, FreeTier};
use crate::model::numbers::group;
use crate::model::workload::{WafUse, Workload};

/// Where CloudFront web ACLs are created, whatever the distribution serves (AWS WAF developer guide).
pub const CLOUDFRONT_WAF_REGION: &str = "us-east-1";

/// The CloudFront edge geography of an AWS location name ("EU (Ireland)" -> "EU"): the assumption
/// that viewers are where the API's region is. CloudFront's pricing groups Europe with Israel, the
/// United States with Mexico, Australia with New Zealand.
pub fn default_geography(location: &str) -> &'static str {
    let l = location;
    let has = |s: &str| l.contains(s);
    if l.starts_with("EU") || has("Israel") {
        "EU"
    } else if has("Canada") {
        "Canada"
    } else if l.starts_with("US") || has("GovCloud") || has("Mexico") {
        "United States"
    } else if has("Tokyo") || has("Osaka") {
        "Japan"
    } else if has("Sydney") || has("Melbourne") || has("New Zealand") {
        "Australia"
    } else if has("Mumbai") || has("Hyderabad") {
        "India"
    } else if l.starts_with("Middle East") {
        "Middle East"
    } else if l.starts_with("Africa") {
        "South Africa"
    } else if l.starts_with("South America") {
        "South America"
    } else {
        "Asia Pacific"
    }
}

impl Pricer<'_> {
    /// One web ACL, its rules and every request, at `prices` (a region's WAF).
    pub(super) fn waf_lines(
        &self,
        b: &mut Builder,
        waf: &WafUse,
        requests: Decimal,
        prices: &WafPrices,
        basis: &str,
    ) -> Result<()> {
        b.tiered(
            component::WAF_WEB_ACL,
            &prices.web_acl,
            Decimal::ONE,
            Some(format!("one web ACL a month ({basis})")),
            None,
            vec![],
        )?;
        if !waf.rules.is_zero() {
            b.tiered(
                component::WAF_RULES,
                &prices.rules,
                waf.rules,
                Some(format!(
                    "{} rules in the web ACL (--waf-rules)",
                    group(waf.rules)
                )),
                None,
                vec![],
            )?;
        }
        b.tiered(
            component::WAF_REQUESTS,
            &prices.requests,
            requests,
            Some(format!(
                "every request inspected ({}); up to 1,500 WCU, AWS's default",
                group(requests)
            )),
            None,
            vec![],
        )
    }

    /// `--waf` on a REST API or an ALB: the region's WAF prices (a gap is an error naming the region).
    pub(super) fn regional_waf(&self, b: &mut Builder, kind: ApiKind, w: &Workload) -> Result<()> {
        let Some(waf) = &w.waf else {
            return Ok(());
        };
        match kind {
            ApiKind::Rest | ApiKind::Alb => {
                let prices = self
                    .region
                    .waf
                    .as_ref()
                    .ok_or_else(|| self.missing_waf(&self.region.code))?;
                let basis = format!("regional web ACL on the {}", kind.title());
                self.waf_lines(b, waf, w.requests, prices, &basis)
            }
            ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => Ok(()),
            _ => Err(Error::usage(
                "--waf",
                kind.name(),
                format!(
                    "an option AWS WAF can protect: a REST API or an ALB ({}s cannot take WAF directly; \
                     `compare --needs waf` prices HTTP API + CloudFront + WAF)",
                    kind.title()
                ),
            )),
        }
    }

    fn missing_waf(&self, region: &str) -> Error {
        let mut with: Vec<&str> = self
            .catalog
            .regions
            .values()
            .filter(|r| r.waf.is_some())
            .map(|r| r.code.as_str())
            .collect();
        let n = with.len();
        with.truncate(6);
        Error::NotPriced {
            what: "AWS WAF".into(),
            region: region.to_string(),
            available: if n == 0 {
                "; no region in this catalog prices it".into()
            } else {
                format!(
                    "; {n} regions price it, e.g. {} (see `apigw-cost prices list`)",
                    with.join(", ")
                )
            },
        }
    }

    /// The lines of an HTTP API behind CloudFront with WAF on the distribution; returns the requests
    /// served.
    pub(super) fn http_cloudfront_waf(
        &self,
        b: &mut Builder,
        w: &Workload,
        allowance: &Allowance,
        legacy: Option<&crate::model::catalog::LegacyFreeTier>,
    ) -> Result<Decimal> {
        let name = match &w.edge.geography {
            Some(g) => g.clone(),
            None => default_geography(&self.region.location).to_string(),
        };
        let geo = self.catalog.edge_geography(&name)?;
        // The web ACL's prices are needed only when one is priced (the option with WAF).
        if w.waf.is_some() {
            self.cloudfront_waf_prices()?;
        }
        let share = w.edge.cacheable_share;
        let to_origin = w
            .requests
            .checked_mul(Decimal::ONE - share)
            .ok_or_else(|| Error::overflow("requests reaching the HTTP API"))?
            .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
        let free = allowance.always_free;
        b.warnings.push(assumptions(
            &geo.name,
            w.edge.geography.is_none(),
            share,
            free,
            w.waf.is_some(),
        ));
        let first = b.lines.len();
        let mut egress_gb = Decimal::ZERO;
        let allowance_of = |f: Free| free.then(|| (f, f.quantity()));
        b.tiered_allowance(
            component::CLOUDFRONT_REQUESTS,
            &geo.https_requests,
            w.requests,
            Some(format!("every request, {} edge geography", geo.name)),
            allowance_of(Free::CloudFrontRequests),
        )?;
        if let Some(size) = w.response_size_kb.filter(|s| !s.is_zero()) {
            let gb = gigabytes(w.requests, size, "CloudFront data transfer out")?;
            egress_gb = gb;
            b.tiered_allowance(
                component::CLOUDFRONT_EGRESS,
                &geo.egress,
                gb,
                Some(format!(
                    "{} responses x {} KB = {} GB from the {} edge (the HTTP API's transfer to CloudFront is free)",
                    group(w.requests),
                    size.normalize(),
                    group(gb.round_dp(6)),
                    geo.name
                )),
                allowance_of(Free::CloudFrontEgressGb),
            )?;
        }
        if let Some(size) = w.request_size_kb.filter(|s| !s.is_zero()) {
            let gb = gigabytes(to_origin, size, "CloudFront data transfer to origin")?;
            b.tiered(
                component::CLOUDFRONT_TO_ORIGIN,
                &geo.to_origin,
                gb,
                Some(format!(
                    "{} requests reaching the API x {} KB = {} GB",
                    group(to_origin),
                    size.normalize(),
                    group(gb.round_dp(6))
                )),
                None,
                vec![],
            )?;
        }
        // The HTTP API and its backend see the requests CloudFront does not answer; CloudFront, not
        // the API, sends the responses to the internet.
        let origin = Workload {
            requests: to_origin,
            response_size_kb: None,
            waf: None,
            ..w.clone()
        };
        self.gateway(b, ApiKind::Http, &origin, allowance, legacy)?;
        self.cloudfront_waf(b, w)?;
        let plans = self.catalog.cloudfront_plans.as_ref();
        super::flat_plan::choose(b, plans, first, w.requests, egress_gb);
        Ok(w.requests)
    }

    /// The WAF prices of the web ACL on a CloudFront distribution (us-east-1's).
    fn cloudfront_waf_prices(&self) -> Result<&WafPrices> {
        self.catalog
            .region(CLOUDFRONT_WAF_REGION)
            .ok()
            .and_then(|r| r.waf.as_ref())
            .ok_or_else(|| self.missing_waf(CLOUDFRONT_WAF_REGION))
    }

    /// The web ACL on the distribution when the workload has WAF, else the note that none is priced.
    fn cloudfront_waf(&self, b: &mut Builder, w: &Workload) -> Result<()> {
        match &w.waf {
            Some(waf) => self.waf_lines(
                b,
                waf,
                w.requests,
                self.cloudfront_waf_prices()?,
                "on the CloudFront distribution, us-east-1 prices",
            ),
            None => {
                b.warnings.push(
                    "no WAF web ACL priced on the distribution: WAF was not asked for (--needs waf or --waf adds it)"
                        .into(),
                );
                Ok(())
            }
        }
    }
}

fn gigabytes(count: Decimal, size_kb: Decimal, what: &str) -> Result<Decimal> {
    let kb = count.checked_mul(size_kb).ok_or_else(|| {
        Error::overflow(format!("{what} ({} x {} KB)", group(count), group(size_kb)))
    })?;
    Ok(kb / Decimal::from(1024 * 1024))
}

/// Prices "HTTP API + CloudFront + WAF" for a workload in a region: what an inventory of REST APIs can
/// call for an API whose blockers (WAF, caching, an edge-optimized endpoint) keep it off an HTTP API.
/// The workload's `waf` gives the rules (none: a web ACL without rules), `edge` the assumptions. The
/// catalog must hold `region`, us-east-1 (CloudFront's web ACL) and CloudFront: a whole catalog, or
/// `Catalog::embedded_regions(&[region, "us-east-1", catalog::CLOUDFRONT])`.
pub fn price_http_cloudfront_waf(
    catalog: &Catalog,
    region: &str,
    w: &Workload,
    free_tier: &FreeTier,
) -> Result<super::Quote> {
    super::quote_month(
        catalog,
        region,
        ApiKind::cloudfront(w.waf.is_some()),
        w,
        free_tier,
    )
}

/// What the HTTP API + CloudFront (+ WAF) option assumes, in words (the web ACL's region only when a
/// web ACL is priced: without WAF the next note says none is).
fn assumptions(geography: &str, defaulted: bool, share: Decimal, free: bool, waf: bool) -> String {
    format!(
        "{} assumes: viewers served from CloudFront's {} edge geography{}, {}% of responses served from CloudFront's cache (--cacheable-share), HTTPS requests{}; {}",
        ApiKind::cloudfront(waf).title(),
        geography,
        if defaulted { " (the API's region; --edge-geography to change)" } else { "" },
        (share * Decimal::from(100)).normalize(),
        if waf {
            format!(", WAF web ACL in {CLOUDFRONT_WAF_REGION} (where CloudFront web ACLs live)")
        } else {
            String::new()
        },
        if free {
            "CloudFront's always-free 10M requests and 1 TB out a month applied"
        } else {
            "CloudFront's always-free allowance (10M requests, 1 TB out) not applied (--free-tier always to apply it)"
        }
    )
}
