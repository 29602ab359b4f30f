//! `prices list|show|validate|import`: the price catalog, its check, and building one from AWS's file.

use std::path::{Path, PathBuf};

use crate::cli::{load, Global, PricesCommand};
use crate::error::Result;
use crate::model::catalog::EMBEDDED_ORIGIN;
use crate::model::import;
use crate::output::eprint_line;
use crate::render::{self, PricesReport};

pub fn run(g: &Global, p: &PricesCommand) -> Result<String> {
    match p {
        PricesCommand::Import { files } => import_files(g, files),
        PricesCommand::Diff(a) => super::prices_diff::run(g, a).map(|(text, _)| text),
        PricesCommand::Validate { file } => validate(file.as_deref().or(g.prices.as_deref())),
        PricesCommand::List | PricesCommand::Show | PricesCommand::Sources => {
            let catalog = load::catalog(g.prices.as_deref())?;
            let region = match p {
                PricesCommand::Show => Some(g.region.as_str()),
                _ => None,
            };
            render::renderer(g.format).prices(&PricesReport {
                catalog: &catalog,
                region,
                sources: matches!(p, PricesCommand::Sources),
            })
        }
    }
}

/// `prices import FILE...`: the new catalog on stdout, what each file gave and every changed price on
/// stderr.
fn import_files(g: &Global, files: &[PathBuf]) -> Result<String> {
    let base = load::catalog_text(g.prices.as_deref())?;
    let base_origin = g
        .prices
        .as_deref()
        .map_or(EMBEDDED_ORIGIN.to_string(), |p| p.display().to_string());
    if files.len() > import::MAX_IMPORT_FILES {
        return Err(crate::error::Error::usage(
            "FILE",
            format!("{} files", files.len()),
            format!(
                "at most {} AWS price files at once",
                import::MAX_IMPORT_FILES
            ),
        ));
    }
    let texts = files
        .iter()
        .map(|f| {
            let text = load::read_text_at_most(f, import::MAX_PRICE_MAP_BYTES, "AWS price file")?;
            Ok((f.display().to_string(), text))
        })
        .collect::<Result<Vec<_>>>()?;
    let imported = import::import_files(&base, &base_origin, &texts)?;
    for f in &imported.files {
        eprint_line(&format!(
            "imported {} regions from {} ({}, published {}, cited as {})",
            f.regions.len(),
            f.origin,
            f.kind,
            f.published,
            f.source_id
        ));
        for l in &f.unknown_locations {
            eprint_line(&format!(
                "  skipped: location '{l}' is not in the base catalog"
            ));
        }
    }
    eprint_line(&format!("{} prices changed", imported.changes.len()));
    for c in &imported.changes {
        eprint_line(&format!("  changed: {c}"));
    }
    Ok(imported.catalog_json)
}

/// `prices validate [FILE]`: the catalog's counts when every rule holds.
fn validate(path: Option<&Path>) -> Result<String> {
    let catalog = load::catalog(path)?;
    let tables: usize = catalog
        .regions
        .values()
        .map(|r| render::meter_tables(r).len())
        .sum();
    let tiers: usize = catalog
        .regions
        .values()
        .flat_map(|r| {
            render::meter_tables(r)
                .into_iter()
                .map(|(_, t)| t.tiers.len())
        })
        .sum();
    Ok(format!(
        "{}: valid: {} regions, {} price tables, {} tiers; prices from {}, published {}\n",
        catalog.provenance.origin,
        catalog.regions.len(),
        tables,
        tiers,
        catalog.provenance.source,
        catalog.provenance.published
    ))
}
