//! Build script: compacts the embedded price catalog.
//!
//! `data/prices.json` is the human-readable, fully sourced catalog (about 220 KB, much of it provenance
//! prose). The binary embeds a minified copy without the fields the model never reads (the per-unit
//! duplicates of per-million prices, free-text corroboration notes and the conventions prose), so that a
//! `quote` does not parse 220 KB on every start. The schema is unchanged: the same loader reads the
//! compact copy and a full `--prices FILE`. Validation happens at run time (and in the test suite), so a
//! bad catalog is reported with region, kind and tier rather than as a build failure.
use std::{env, fs, path::Path};

#[path = "src/model/catalog/summary.rs"]
mod summary;

fn strip(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for key in [
                "corroborated_by",
                "usd_per_unit_as_published",
                "conventions",
                "derivation",
                "tier_bounds_note",
                "usagetype_pattern",
                "product_family",
                "size_attribute",
                "operation",
            ] {
                map.remove(key);
            }
            for v in map.values_mut() {
                strip(v);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

fn main() {
    let src = Path::new("data/prices.json");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=src/model/catalog/summary.rs");
    let text = fs::read_to_string(src).expect("data/prices.json is readable");
    let mut json: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("data/prices.json is not valid JSON: {e}"),
    };
    println!(
        "cargo:rustc-env=APIGW_CATALOG_DATES={}",
        catalog_dates(&json)
    );
    println!(
        "cargo:rustc-env=APIGW_CATALOG_COMPILED={}",
        json["generated_on"].as_str().unwrap_or("unknown")
    );
    strip(&mut json);
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR set by cargo");
    let out = Path::new(&out_dir).join("prices.min.json");
    fs::write(out, serde_json::to_string(&json).expect("serializes")).expect("OUT_DIR is writable");
    fs::write(Path::new(&out_dir).join("prices_parts.rs"), parts(&json))
        .expect("OUT_DIR is writable");
}

/// The same compact catalog in pieces, so that a one-region load parses a small text instead of
/// skipping every other region's: `HEAD` (the catalog without `regions`, `alternatives` and `sources`,
/// its closing brace left off), each region's `regions` and `alternatives` entries by code, and each
/// source's one-line summary by id, and whether it is AWS's own (`SOURCES`: no source is parsed at
/// run time).
fn parts(json: &serde_json::Value) -> String {
    let mut head = json.clone();
    let obj = head.as_object_mut().expect("the catalog is an object");
    let regions = obj.remove("regions").unwrap_or_default();
    let alternatives = obj.remove("alternatives").unwrap_or_default();
    let sources = obj.remove("sources").unwrap_or_default();
    let mut head = serde_json::to_string(&head).expect("serializes");
    head.pop(); // the closing brace
    let entries = |v: &serde_json::Value| -> String {
        v.as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        format!(
                            "({:?}, {:?}),\n",
                            k,
                            serde_json::to_string(v).expect("serializes")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let summaries: String = sources
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(id, v)| {
                    format!(
                        "({id:?}, {:?}, {}),\n",
                        summary::source_summary(id, v),
                        summary::aws_own(v)
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    format!(
        "pub const HEAD: &str = {head:?};\npub const REGIONS: &[(&str, &str)] = &[\n{}];\npub const ALTERNATIVES: &[(&str, &str)] = &[\n{}];\npub const SOURCES: &[(&str, &str, bool)] = &[\n{summaries}];\n",
        entries(&regions),
        entries(&alternatives)
    )
}

/// The embedded catalog's dates for `--version`: when it was compiled and when each AWS-published
/// price file it rests on was published (the date that ends its source id, e.g. SRC-AWS-METER-2025-10-20).
fn catalog_dates(json: &serde_json::Value) -> String {
    let compiled = json["generated_on"].as_str().unwrap_or("unknown");
    let mut files: Vec<String> = Vec::new();
    if let Some(sources) = json["sources"].as_object() {
        for (id, s) in sources {
            let primary = s["kind"]
                .as_str()
                .is_some_and(|k| k.starts_with("AWS-published file"));
            let date = id.len().checked_sub(10).map(|i| &id[i..]);
            let is_date = date.is_some_and(|d| {
                d.len() == 10
                    && d.bytes().enumerate().all(|(i, c)| {
                        if i == 4 || i == 7 {
                            c == b'-'
                        } else {
                            c.is_ascii_digit()
                        }
                    })
            });
            if let (true, true, Some(d)) = (primary, is_date, date) {
                files.push(format!("{d} ({id})"));
            }
        }
    }
    files.sort();
    format!(
        "price catalog compiled {compiled}; AWS price files published {}",
        if files.is_empty() {
            "unknown".to_string()
        } else {
            files.join(", ")
        }
    )
}
