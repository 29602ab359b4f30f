//! `prices list|show|validate|import`: the price catalog, its check, and building one from AWS's file.

use std::path::Path;

use crate::cli::{load, Global, PricesCommand};
use crate::error::Result;
use crate::model::catalog::EMBEDDED_ORIGIN;
use crate::model::import;
use crate::output::eprint_line;
use crate::render::{self, PricesReport};

pub fn run(g: &Global, p: &PricesCommand) -> Result<String> {
    match p {
        PricesCommand::Import { file } => import_file(g, file),
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

/// `prices import FILE`: the new catalog on stdout, every changed price on stderr.
fn import_file(g: &Global, file: &Path) -> Result<String> {
    let base = load::catalog_text(g.prices.as_deref())?;
    let base_origin = g
        .prices
        .as_deref()
        .map_or(EMBEDDED_ORIGIN.to_string(), |p| p.display().to_string());
    let map = load::read_text_at_most(file, import::MAX_PRICE_MAP_BYTES, "metered unit map")?;
    let imported =
        import::import_metered_unit_map(&base, &base_origin, &map, &file.display().to_string())?;
    eprint_line(&format!(
        "imported {} regions from {} (published {}); {} prices changed",
        imported.regions.len(),
        file.display(),
        imported.published,
        imported.changes.len()
    ));
    for c in &imported.changes {
        eprint_line(&format!("  changed: {c}"));
    }
    for l in &imported.unknown_locations {
        eprint_line(&format!(
            "  skipped: location '{l}' is not in the base catalog"
        ));
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
