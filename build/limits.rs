//! `data/limits.json` written out as a Rust static (`limits_static.rs`, the type of
//! `src/model/limits/data.rs`), so the quotas a workload is checked against are read at run time
//! without a JSON parse. Each field the model reads is checked here: a missing one, or one of the
//! wrong kind, fails the build naming its path in the file.

use serde_json::Value;

/// The value at `path` (dot-separated keys) or the build error naming it.
fn at<'a>(json: &'a Value, path: &str) -> Result<&'a Value, String> {
    path.split('.').try_fold(json, |v, key| {
        v.get(key)
            .ok_or_else(|| format!("data/limits.json: {path}: missing"))
    })
}

fn whole(json: &Value, path: &str) -> Result<u32, String> {
    at(json, path)?
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            format!("data/limits.json: {path}: expected a whole number up to 4294967295")
        })
}

fn pair(json: &Value, path: &str) -> Result<[u32; 2], String> {
    let v = at(json, path)?;
    let items = v.as_array().filter(|a| a.len() == 2).ok_or_else(|| {
        format!("data/limits.json: {path}: expected two whole numbers [low, high]")
    })?;
    let mut out = [0u32; 2];
    for (slot, item) in out.iter_mut().zip(items) {
        *slot = item
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| format!("data/limits.json: {path}: expected two whole numbers"))?;
    }
    if out[0] > out[1] {
        return Err(format!(
            "data/limits.json: {path}: low {} above high {}",
            out[0], out[1]
        ));
    }
    Ok(out)
}

fn text(json: &Value, path: &str) -> Result<String, String> {
    at(json, path)?
        .as_str()
        .map(|s| format!("{s:?}"))
        .ok_or_else(|| format!("data/limits.json: {path}: expected a string"))
}

/// A positive number of megabytes, as the `Decimal` serde read from the JSON number (a whole number
/// is `Decimal::from`, scale 0), restored exactly from its parts by a `const fn`.
fn megabytes(json: &Value, path: &str) -> Result<String, String> {
    let v = at(json, path)?;
    let d = match (v.as_u64(), v.as_number()) {
        (Some(n), _) => rust_decimal::Decimal::from(n),
        (None, Some(n)) => n
            .to_string()
            .parse::<rust_decimal::Decimal>()
            .map_err(|e| format!("data/limits.json: {path}: {e}"))?,
        _ => return Err(format!("data/limits.json: {path}: expected a number")),
    };
    if d <= rust_decimal::Decimal::ZERO {
        return Err(format!("data/limits.json: {path}: {d} is not positive"));
    }
    let u = d.unpack();
    Ok(format!(
        "Decimal::from_parts({}, {}, {}, {}, {})",
        u.lo, u.mid, u.hi, u.negative, u.scale
    ))
}

/// An object of strings as a slice of (key, value) pairs in key order (as the `BTreeMap` read it).
fn names(json: &Value, path: &str) -> Result<String, String> {
    let map = at(json, path)?
        .as_object()
        .ok_or_else(|| format!("data/limits.json: {path}: expected an object of strings"))?;
    let mut pairs: Vec<(&String, &Value)> = map.iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::from("&[");
    for (k, v) in pairs {
        let v = v
            .as_str()
            .ok_or_else(|| format!("data/limits.json: {path}.{k}: expected a string"))?;
        out.push_str(&format!("({k:?}, {v:?}), "));
    }
    out.push(']');
    Ok(out)
}

/// The static `LIMITS` of `data/limits.json`.
pub fn statics(json: &Value) -> Result<String, String> {
    let p = "payload_limits_mb";
    let t = "limits.account_throttle";
    let h = "limits.http_api";
    let r = "limits.rest_api";
    let w = "limits.websocket";
    let l = "limits.lambda";
    Ok(format!(
        "/// `data/limits.json`, validated and written out by the build script (`build/limits.rs`).
pub static LIMITS: Limits = Limits {{
    payload_limits_mb: Payload {{
        rest: {},
        http: {},
        alb_lambda_request_body_mb: {},
        function_url_buffered_mb: {},
        sources: {},
    }},
    limits: Quotas {{
        account_throttle: Throttle {{
            rps: {},
            burst: {},
            reduced_regions_rps: {},
            reduced_regions_burst: {},
            reduced_regions: {},
            source: {},
        }},
        http_api: Http {{
            integration_timeout_s_max: {},
            jwks_timeout_ms: {},
            source: {},
        }},
        rest_api: Rest {{
            integration_timeout_ms: {:?},
            timeout_increase_beyond_29s: {},
        }},
        websocket: WebSocket {{
            new_connections_per_s_per_account_region: {},
            integration_timeout_ms: {:?},
            connection_duration_h: {},
            idle_timeout_min: {},
            source: {},
        }},
        lambda: Lambda {{
            memory_mb: {:?},
            duration_ms_max: {},
            quota_source: {},
        }},
    }},
}};
",
        megabytes(json, &format!("{p}.rest"))?,
        megabytes(json, &format!("{p}.http"))?,
        megabytes(json, &format!("{p}.alb_lambda_request_body_mb"))?,
        megabytes(json, &format!("{p}.function_url_buffered_mb"))?,
        names(json, &format!("{p}.sources"))?,
        whole(json, &format!("{t}.rps"))?,
        whole(json, &format!("{t}.burst"))?,
        whole(json, &format!("{t}.reduced_regions_rps"))?,
        whole(json, &format!("{t}.reduced_regions_burst"))?,
        names(json, &format!("{t}.reduced_regions"))?,
        text(json, &format!("{t}.source"))?,
        whole(json, &format!("{h}.integration_timeout_s_max"))?,
        whole(json, &format!("{h}.jwks_timeout_ms"))?,
        text(json, &format!("{h}.source"))?,
        pair(json, &format!("{r}.integration_timeout_ms"))?,
        text(json, &format!("{r}.timeout_increase_beyond_29s"))?,
        whole(
            json,
            &format!("{w}.new_connections_per_s_per_account_region")
        )?,
        pair(json, &format!("{w}.integration_timeout_ms"))?,
        whole(json, &format!("{w}.connection_duration_h"))?,
        whole(json, &format!("{w}.idle_timeout_min"))?,
        text(json, &format!("{w}.source"))?,
        pair(json, &format!("{l}.memory_mb"))?,
        whole(json, &format!("{l}.duration_ms_max"))?,
        text(json, &format!("{l}.quota_source"))?,
    ))
}
