//! `prices update [--services ...] [--from URL]`: AWS's current metered-unit maps downloaded (HTTPS, a
//! deadline and a size cap per file: `io::fetch`), imported on top of the embedded catalog (or
//! `--prices`) exactly as `prices import` imports saved files, and `prices diff` printed against that
//! base. Exit 0 when the prices are equal, 1 when they differ (like `prices diff`) or anything fails;
//! `-o FILE` writes the new catalog atomically (checked before any download).

use std::time::Duration;

use crate::cli::{load, Global, PricesUpdateArgs, PRICE_SERVICES};
use crate::error::{Error, Result};
use crate::io::fetch::{self, Limits};
use crate::model::catalog::{Catalog, EMBEDDED_ORIGIN};
use crate::model::import;
use crate::model::price_diff;
use crate::output::{self, eprint_line};
use crate::render::diff::{render, DiffReport};

/// Where AWS publishes its metered-unit maps (the JSON its pricing pages are drawn from).
pub const AWS_METERED_UNIT_MAPS: &str = "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps";

/// The URL of one service's map under `base`: `BASE/<service>/USD/current/<service>.json`.
pub fn map_url(base: &str, service: &str) -> String {
    format!(
        "{}/{service}/USD/current/{service}.json",
        base.trim_end_matches('/')
    )
}

pub fn run(g: &Global, a: &PricesUpdateArgs) -> Result<()> {
    // The -o path is checked before anything is downloaded, and may not be the --prices catalog.
    let dest = match g.output.as_deref() {
        Some(p) if p.as_os_str() != "-" => {
            let d = output::destination(p, output::OUTPUT_FLAG)?;
            crate::io::refuse_inputs(
                &d,
                output::OUTPUT_FLAG,
                &g.prices.iter().map(|p| p.as_path()).collect::<Vec<_>>(),
            )?;
            Some(d)
        }
        _ => None,
    };
    fetch::check_url(&a.from).map_err(|e| Error::usage("--from", &a.from, e))?;
    let services: Vec<&str> = if a.services.is_empty() {
        PRICE_SERVICES.to_vec()
    } else {
        let mut s: Vec<&str> = Vec::new();
        for name in &a.services {
            if !s.contains(&name.as_str()) {
                s.push(name);
            }
        }
        s
    };
    let base_text = load::catalog_text(g.prices.as_deref())?;
    let base_origin = g
        .prices
        .as_deref()
        .map_or(EMBEDDED_ORIGIN.to_string(), |p| p.display().to_string());
    let limits = Limits {
        timeout: Duration::from_secs(a.timeout),
        max_bytes: import::MAX_PRICE_MAP_BYTES,
    };
    let mut texts = Vec::new();
    let mut total: u64 = 0;
    for service in services {
        let url = map_url(&a.from, service);
        let text = fetch::get_text(&url, limits)?;
        total = total.saturating_add(text.len() as u64);
        if total > import::MAX_IMPORT_BYTES {
            return Err(Error::Other(format!(
                "cannot download {url}: the files downloaded so far add up to {total} bytes, more than the {} bytes one import reads",
                import::MAX_IMPORT_BYTES
            )));
        }
        texts.push((url, text));
    }
    let imported = import::import_files_with(
        &base_text,
        &base_origin,
        &texts,
        &import::Options {
            allow_older: a.allow_older,
            today: Some(super::prices::today()),
        },
    )?;
    drop(texts);
    super::prices::report_files(&imported, false);
    let old = Catalog::from_json(&base_text, &base_origin)?;
    let new_name = match &dest {
        Some(d) => d.typed().display().to_string(),
        None => "downloaded".to_string(),
    };
    let new = Catalog::from_json(&imported.catalog_json, &new_name)?;
    let changes = price_diff::diff(&old, &new);
    let text = render(
        g.format,
        &DiffReport {
            old: &base_origin,
            new: &new_name,
            changes: &changes,
            costs: &[],
        },
    )?;
    if let Some(d) = &dest {
        output::write_to(d, imported.catalog_json.as_bytes())?;
        eprint_line(&format!(
            "wrote the new catalog to {}",
            output::shorten_path(d.typed())
        ));
    }
    output::to_stdout(crate::render::for_reader(g.format, text).as_bytes())?;
    if changes.is_empty() {
        Ok(())
    } else {
        Err(Error::Differ)
    }
}
