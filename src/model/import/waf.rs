//! AWS WAF's metered-unit map (`.../meteredUnitMaps/waf/USD/current/waf.json`): a web ACL per month, a
//! rule per month and requests (the first request tier, up to 1,500 WCU, AWS's default), with rate
//! codes. The file also lists "WebACL per month", "Rules added per WebACL per month" and "Web Requests
//! received per Request" at the same prices in every region it covers; the labels read here are those of
//! the WCU-tiered request family, present in every region (including those that only have it).

use super::edit::{as_quoted, cite, per_million, set_price, set_text, At, Edit};
use super::metered::{all_or_none, Location, Service};

use crate::error::Result;

pub struct Waf;

const PREFIX: &str = "SRC-WAF-METER-";

const LABELS: [&str; 3] = [
    "Web ACL Activated per Month",
    "Rule Activated per Month",
    "Request Processed Tier1 per Request",
];

impl Service for Waf {
    const NAME: &'static str = "WAF metered unit map";
    const SERVICE: &'static str = "waf";
    const PREFIX: &'static str = PREFIX;
    const TITLE: &'static str = "AWS WAF";
    const DETAIL: &'static str = "";

    fn location(&self, at: &Location, cat: &mut Edit) -> Result<bool> {
        let (origin, loc, entries, code, source_id) =
            (at.origin, at.loc, at.entries, at.code, at.source_id);
        let Some(found) = all_or_none(origin, loc, entries, &LABELS)? else {
            return Ok(false);
        };
        let (acl, rule, requests) = (&found[0], &found[1], &found[2]);
        let (slot, changes) = cat.slot(&["alternatives", code, "waf"]);
        let at = |meter| At {
            region: code,
            meter,
            unit: "USD per month",
        };
        let price = as_quoted(origin, loc, LABELS[0], acl.0)?;
        set_price(
            slot,
            "usd_per_web_acl_month",
            price,
            changes,
            &at("waf web acl"),
        );
        set_text(slot, "web_acl_aws_rate_code", Some(&acl.1));
        let price = as_quoted(origin, loc, LABELS[1], rule.0)?;
        set_price(slot, "usd_per_rule_month", price, changes, &at("waf rule"));
        set_text(slot, "rule_aws_rate_code", Some(&rule.1));
        let price = per_million(origin, loc, LABELS[2], requests.0)?;
        let at = At {
            region: code,
            meter: "waf requests",
            unit: "USD per 1M",
        };
        set_price(slot, "usd_per_million_requests", price, changes, &at);
        set_text(slot, "requests_aws_rate_code", Some(&requests.1));
        cite(slot, source_id, PREFIX, &[]);
        Ok(true)
    }
}
