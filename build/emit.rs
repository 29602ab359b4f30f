//! The validated catalog written out as Rust: each model type as an expression that rebuilds it
//! (`Emit`), so the binary holds the embedded catalog as code and parses no JSON for it at run time.
//! A struct is written field by field from the list its `emit_struct!` names: a field added to the
//! model and not here leaves the generated struct literal incomplete, which fails to compile.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use rust_decimal::Decimal;

use crate::model::catalog::*;
use crate::model::meter::Meter;
use crate::model::tiers::{Tier, TierTable};

pub trait Emit {
    fn emit(&self, o: &mut String);
}

impl Emit for Decimal {
    /// Its 16 bytes (sign, scale, 96-bit mantissa), restored exactly by a `const fn`.
    fn emit(&self, o: &mut String) {
        let _ = write!(o, "Decimal::deserialize({:?})", self.serialize());
    }
}

impl Emit for String {
    fn emit(&self, o: &mut String) {
        let _ = write!(o, "String::from({self:?})");
    }
}

impl Emit for bool {
    fn emit(&self, o: &mut String) {
        let _ = write!(o, "{self}");
    }
}

impl Emit for Meter {
    fn emit(&self, o: &mut String) {
        let _ = write!(o, "Meter::{self:?}");
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, o: &mut String) {
        match self {
            None => o.push_str("None"),
            Some(v) => {
                o.push_str("Some(");
                v.emit(o);
                o.push(')');
            }
        }
    }
}

impl<T: Emit> Emit for Vec<T> {
    fn emit(&self, o: &mut String) {
        o.push_str("vec![");
        for v in self {
            v.emit(o);
            o.push_str(", ");
        }
        o.push(']');
    }
}

impl<V: Emit> Emit for BTreeMap<String, V> {
    fn emit(&self, o: &mut String) {
        o.push_str("BTreeMap::from([");
        for (k, v) in self {
            o.push('(');
            k.emit(o);
            o.push_str(", ");
            v.emit(o);
            o.push_str("), ");
        }
        o.push_str("])");
    }
}

impl Emit for BTreeSet<String> {
    fn emit(&self, o: &mut String) {
        o.push_str("BTreeSet::from([");
        for k in self {
            k.emit(o);
            o.push_str(", ");
        }
        o.push_str("])");
    }
}

macro_rules! emit_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Emit for $ty {
            fn emit(&self, o: &mut String) {
                o.push_str(concat!(stringify!($ty), " {"));
                $(
                    o.push_str(concat!(stringify!($field), ": "));
                    self.$field.emit(o);
                    o.push_str(", ");
                )*
                o.push('}');
            }
        }
    };
}

emit_struct!(Tier {
    up_to,
    price,
    rate_code
});
emit_struct!(TierTable {
    meter,
    tiers,
    sources
});
emit_struct!(Provenance {
    origin,
    source,
    published,
    generated_on,
    sources,
    aws_own
});
emit_struct!(Metering {
    http_increment_kb,
    http_sources,
    rest_stream_increment_mb,
    rest_stream_sources,
    ws_increment_kb,
    ws_max_message_kb,
    ws_sources,
    cache_sizes_gb,
});
emit_struct!(LegacyFreeTier {
    rest_requests,
    http_requests,
    ws_messages,
    ws_connection_minutes,
    sources
});
emit_struct!(CacheRate {
    size_gb,
    label,
    table
});
emit_struct!(AlbPrices {
    hours,
    lcu_hours,
    lcu
});
emit_struct!(LcuDimensions {
    new_connections_per_second,
    active_connections_per_minute,
    processed_gb_per_hour_instance_targets,
    processed_gb_per_hour_lambda_targets,
    rule_evaluations_per_second,
});
emit_struct!(LambdaPrices {
    requests,
    requests_arm,
    gb_seconds_x86,
    gb_seconds_arm,
    free_requests,
    free_gb_seconds
});
emit_struct!(WafPrices {
    web_acl,
    rules,
    requests
});
emit_struct!(EdgeGeography {
    name,
    https_requests,
    http_requests,
    egress,
    to_origin
});
emit_struct!(RegionPrices {
    code,
    location,
    partition,
    flags,
    rest,
    http,
    ws_messages,
    ws_minutes,
    cache,
    data_transfer_out,
    alb,
    lambda,
    waf,
    around,
});
emit_struct!(LogsPrices {
    ingest_standard,
    ingest_infrequent_access,
    storage
});
emit_struct!(XrayPrices {
    recorded,
    retrieved
});
emit_struct!(VpcePrices {
    hours,
    data_processed
});
emit_struct!(AroundPrices {
    logs,
    xray,
    vpce,
    cognito
});
emit_struct!(Source {
    id,
    summary,
    aws_own
});
emit_struct!(Catalog {
    complete,
    provenance,
    currency,
    metering,
    legacy_free_tier,
    regions,
    sources,
    cloudfront,
    cloudfront_plans,
});
emit_struct!(FlatPlan {
    name,
    usd_per_month,
    requests,
    transfer_gb
});
emit_struct!(FlatPlans {
    plans,
    leaves_out,
    confidence,
    sources
});

/// The generated module's text: `REGIONS` (the codes, in order), `region(code)`, `head()` (the
/// catalog without regions and CloudFront, marked incomplete) and `cloudfront()`.
pub fn statics(catalog: &Catalog) -> String {
    let mut o = String::from(
        "// Generated by build.rs from data/prices.json, validated there (do not edit).\n",
    );
    let codes: Vec<&String> = catalog.regions.keys().collect();
    let _ = writeln!(o, "pub const REGIONS: &[&str] = &{codes:?};");
    o.push_str("pub fn region(code: &str) -> Option<RegionPrices> {\n    Some(match code {\n");
    for (i, code) in codes.iter().enumerate() {
        let _ = writeln!(o, "        {code:?} => region_{i}(),");
    }
    o.push_str("        _ => return None,\n    })\n}\n");
    for (i, r) in catalog.regions.values().enumerate() {
        let _ = write!(o, "fn region_{i}() -> RegionPrices {{\n    ");
        r.emit(&mut o);
        o.push_str("\n}\n");
    }
    let mut head = catalog.clone();
    head.complete = false;
    head.regions = BTreeMap::new();
    head.cloudfront = Vec::new();
    head.cloudfront_plans = None;
    o.push_str("pub fn head() -> Catalog {\n    ");
    head.emit(&mut o);
    o.push_str("\n}\npub fn cloudfront() -> (Vec<EdgeGeography>, Option<FlatPlans>) {\n    (");
    catalog.cloudfront.emit(&mut o);
    o.push_str(", ");
    catalog.cloudfront_plans.emit(&mut o);
    o.push_str(")\n}\n");
    o
}
