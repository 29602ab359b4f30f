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
        PricesCommand::Import(i) => import_files(g, &i.files, i.allow_older),
        PricesCommand::Update(_) => Err(crate::error::Error::Other(
            "prices update writes its own outputs (commands::prices_update)".into(),
        )),
        PricesCommand::Diff(a) => super::prices_diff::run(g, a).map(|(text, _)| text),
        PricesCommand::Validate(v) => validate(v.file.as_deref().or(g.prices.as_deref())),
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
fn import_files(g: &Global, files: &[PathBuf], allow_older: bool) -> Result<String> {
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
    let mut total: u64 = 0;
    let mut texts = Vec::with_capacity(files.len());
    for f in files {
        let left = import::MAX_IMPORT_BYTES.saturating_sub(total);
        let max = import::MAX_PRICE_MAP_BYTES.min(left);
        let text = load::read_text_at_most(
            f,
            max,
            "AWS price file (or what is left of the 64 MiB one import reads)",
        )?;
        total += text.len() as u64;
        texts.push((f.display().to_string(), text));
    }
    let imported = import::import_files_with(
        &base,
        &base_origin,
        &texts,
        &import::Options {
            allow_older,
            today: Some(today()),
        },
    )?;
    report_files(&imported, true);
    eprint_line(&format!("{} prices changed", imported.changes.len()));
    for c in &imported.changes {
        eprint_line(&format!("  changed: {c}"));
    }
    Ok(imported.catalog_json)
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock: no AWS file is published after it.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    crate::model::calendar::iso_date((secs / 86_400) as i64)
}

/// On stderr: what each file gave (its locations the catalog does not know: each, or their count), and
/// each file older than the catalog's prices of its service.
pub fn report_files(imported: &import::Imported, each_skipped: bool) {
    for f in &imported.files {
        eprint_line(&format!(
            "imported {} regions from {} ({}, published {}, cited as {})",
            f.regions.len(),
            f.origin,
            f.kind,
            f.published,
            f.source_id
        ));
        if each_skipped {
            for l in &f.unknown_locations {
                eprint_line(&format!(
                    "  skipped: location '{l}' is not in the base catalog"
                ));
            }
        } else if !f.unknown_locations.is_empty() {
            let n = f.unknown_locations.len();
            eprint_line(&format!(
                "  skipped {n} location{} the base catalog does not know (Local Zones, Wavelength, regions it does not price)",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    for o in &imported.older {
        let what = if o.imported {
            "imported all the same (--allow-older)"
        } else {
            "not imported: the catalog keeps the newer prices (--allow-older to import it)"
        };
        eprint_line(&format!(
            "warning: {} ({}) was published {}, before the prices the catalog holds for that service ({}, {}); {what}",
            o.origin, o.kind, o.published, o.catalog_source, o.catalog_date
        ));
    }
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
