//! Build script: validates the embedded price catalog and compiles it into the binary.
//!
//! `data/prices.json` is the human-readable, fully sourced catalog (about 220 KB, much of it provenance
//! prose). The build:
//! - writes a minified copy without the fields the model never reads (the per-unit duplicates of
//!   per-million prices, free-text corroboration notes and the conventions prose): `prices.min.json`,
//!   the text `prices import` builds on;
//! - validates that copy with the crate's own catalog code (`src/model/catalog/`, compiled into this
//!   script through `#[path]`): a bad catalog fails the build with the region, kind and tier;
//! - writes the validated catalog out as Rust (`catalog_statics.rs`, by `build/emit.rs`): one function
//!   per region, so a one-region `quote` builds that region's tables and parses no JSON at all;
//! - writes the quotas of `data/limits.json` out as a Rust static (`limits_static.rs`, by
//!   `build/limits.rs`), each field the model reads checked;
//! - links the binary for a fast start where the linker and the C library allow it (`build/link.rs`):
//!   packed relative relocations, the functions a start-up runs placed together.
use std::{env, fs, path::Path};

// The catalog's model and validation, as the crate compiles them (with the error type, tiers, meters
// and number bounds they use). Only what validation and `build/emit.rs` reach is used here.
#[path = "build/emit.rs"]
mod emit;
#[allow(dead_code, unused_imports)]
#[path = "src/error.rs"]
mod error;
#[path = "build/limits.rs"]
mod limits;
#[path = "build/link.rs"]
mod link;
#[allow(dead_code, unused_imports)]
#[path = "build/model.rs"]
mod model;

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
    // Not build/startup-order.txt: only the binary's link reads it (`build/link.rs`), and running this
    // script again would rebuild the library (scripts/startup-order.sh makes the next build link again).
    for f in [
        "build/catalog.rs",
        "build/emit.rs",
        "build/limits.rs",
        "build/link.rs",
        "build/model.rs",
        "src/error.rs",
        "src/model/meter.rs",
        "src/model/numbers.rs",
        "src/model/tiers.rs",
        "src/model/catalog",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
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
    let min = serde_json::to_string(&json).expect("serializes");
    // The same validation as a `--prices FILE` gets at run time; the origin is the embedded one's
    // (`catalog::EMBEDDED_ORIGIN`), which the generated provenance carries.
    let catalog = match model::catalog::validated(&min, "embedded data/prices.json") {
        Ok(c) => c,
        Err(e) => panic!("data/prices.json is not a valid catalog: {e}"),
    };
    fs::write(Path::new(&out_dir).join("prices.min.json"), &min).expect("OUT_DIR is writable");
    fs::write(
        Path::new(&out_dir).join("catalog_statics.rs"),
        emit::statics(&catalog),
    )
    .expect("OUT_DIR is writable");
    limits_static(&out_dir);
    link::link_for_start_up(&out_dir);
}

/// `data/limits.json` checked and written out as Rust (`build/limits.rs`).
fn limits_static(out_dir: &str) {
    let src = Path::new("data/limits.json");
    println!("cargo:rerun-if-changed={}", src.display());
    let text = fs::read_to_string(src).expect("data/limits.json is readable");
    let json: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("data/limits.json is not valid JSON: {e}"),
    };
    let code = limits::statics(&json).unwrap_or_else(|e| panic!("{e}"));
    fs::write(Path::new(out_dir).join("limits_static.rs"), code).expect("OUT_DIR is writable");
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
