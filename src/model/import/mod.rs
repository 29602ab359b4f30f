//! Importing AWS's own price files into the catalog (`prices import FILE...`).
//!
//! Each file's kind is detected from its content, never its name: the metered-unit maps AWS's pricing
//! pages are rendered from (`b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/<service>/USD/current/...`)
//! for API Gateway, Lambda, Elastic Load Balancing, WAF and CloudFront; the flattened copy of the
//! data-transfer map; and the Price List offer file (JSON) for API Gateway. Each file rebuilds the prices
//! of its service on top of a base catalog (the embedded one by default), keeps everything it does not
//! carry, cites itself as a source, and every price that changed, appeared or disappeared is listed. The
//! result is validated like any catalog. No I/O here: texts in, text and a change list out.
//!
//! **Adding a kind of AWS file** is one new module here and one line in `KINDS`. A metered-unit map of
//! one more service implements `metered::Service` (its service id, source id and the hook that prices
//! one location; the one importer `metered::Metered` does the rest); another shape of file implements
//! `Kind` (how to recognise it, which prices it rebuilds, through the helpers of `edit.rs`).
//! The catalog's schema (`model/catalog/raw.rs`) must of course know where the prices go.

mod apigateway;
mod cloudfront;
mod cognito;
mod cwlogs;
mod datatransfer;
mod dates;
mod edit;
mod elb;
mod labelled;
mod lambda;
mod metered;
mod offer;
mod vpc;
mod waf;
mod xray;

use serde_json::Value;

pub use edit::Change;

use crate::error::shorten;
use crate::error::{Error, Result};
use crate::model::catalog::json::{check_structure, Structure};
use crate::model::catalog::Catalog;
use edit::Edit;
use metered::Metered;

/// The largest AWS price file read, in bytes (32 MiB: AWS's data-transfer map as published is over
/// 4 MiB, the others at most about 1.6 MB). Checked before reading or while downloading
/// (`commands::prices`, `commands::prices_update`) and again on the text.
pub const MAX_PRICE_MAP_BYTES: u64 = 32 * 1024 * 1024;

/// The most bytes of AWS price files one import reads in all (64 MiB): every file is held as text
/// while the catalog is rebuilt, one of them parsed at a time.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// The most files one `prices import` reads (each at most `MAX_PRICE_MAP_BYTES`).
pub const MAX_IMPORT_FILES: usize = 16;

/// One kind of AWS price file: how to recognise it and which prices it rebuilds.
trait Kind: Sync {
    /// Its name in messages ("Lambda metered unit map").
    fn name(&self) -> &'static str;
    /// Whether the parsed file is of this kind, from its content.
    fn detect(&self, file: &Value) -> bool;
    /// Rebuilds this kind's prices in the catalog being edited.
    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport>;
}

/// Every kind `prices import` reads, tried in this order. A new kind is one module and one line here.
const KINDS: &[&dyn Kind] = &[
    &Metered(apigateway::ApiGateway),
    &Metered(lambda::Lambda),
    &Metered(elb::Elb),
    &Metered(waf::Waf),
    &cloudfront::CloudFront,
    &datatransfer::DataTransfer,
    &datatransfer::DataTransferMap,
    &offer::ApiGatewayOffer,
    &Metered(cwlogs::CloudWatchLogs),
    &Metered(xray::Xray),
    &Metered(vpc::Vpc),
    &Metered(cognito::Cognito),
];

/// What one file contributed.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    /// The file, as named on the command line.
    pub origin: String,
    /// Its kind ("Lambda metered unit map").
    pub kind: &'static str,
    /// Its publication date as the file gives it (ISO 8601).
    pub published: String,
    /// The source id every price it set cites (`SRC-ELB-METER-2025-11-03`).
    pub source_id: String,
    /// Catalog regions it priced.
    pub regions: Vec<String>,
    /// Locations in the file the base catalog does not know (skipped).
    pub unknown_locations: Vec<String>,
}

/// How an import treats what it reads.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Import a file older than the prices the catalog holds for its service (by publication date);
    /// without it the file is skipped and listed in `Imported::older`.
    pub allow_older: bool,
    /// Today (UTC, `YYYY-MM-DD`): a file published after it is refused. None: no such check.
    pub today: Option<String>,
}

/// A file older than the prices the catalog held for its service.
#[derive(Debug, Clone, PartialEq)]
pub struct Older {
    /// The file, as named.
    pub origin: String,
    /// Its kind ("Lambda metered unit map").
    pub kind: &'static str,
    /// Its publication date (YYYY-MM-DD).
    pub published: String,
    /// The newest source of that service the catalog cited, and its date.
    pub catalog_source: String,
    pub catalog_date: String,
    /// Whether it was imported all the same (`--allow-older`); else the catalog kept its prices.
    pub imported: bool,
}

/// What an import produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The new catalog, pretty JSON in the data/prices.json schema.
    pub catalog_json: String,
    /// One report per file, in the order given.
    pub files: Vec<FileReport>,
    /// Every price that changed, appeared or disappeared against the base catalog.
    pub changes: Vec<Change>,
    /// Files older than what the catalog held for their service.
    pub older: Vec<Older>,
}

/// Applies AWS price files (`(origin, text)`, in order) to a base catalog (`base_text`, named
/// `base_origin`), which must itself be a valid catalog; a file older than the catalog's prices of its
/// service is skipped (see [`import_files_with`]).
pub fn import_files(
    base_text: &str,
    base_origin: &str,
    files: &[(String, String)],
) -> Result<Imported> {
    import_files_with(base_text, base_origin, files, &Options::default())
}

/// [`import_files`] with options: a file published before the newest source the catalog cites for the
/// same service is skipped (the catalog keeps the newer prices) unless `allow_older`; either way it is
/// listed in `Imported::older`.
pub fn import_files_with(
    base_text: &str,
    base_origin: &str,
    files: &[(String, String)],
    options: &Options,
) -> Result<Imported> {
    let total: u64 = files.iter().map(|(_, t)| t.len() as u64).sum();
    if total > MAX_IMPORT_BYTES {
        return Err(Error::usage(
            "FILE",
            format!("{total} bytes in {} files", files.len()),
            format!("at most {MAX_IMPORT_BYTES} bytes of AWS price files in one import"),
        ));
    }
    if files.len() > MAX_IMPORT_FILES {
        return Err(Error::usage(
            "FILE",
            format!("{} files", files.len()),
            format!("at most {MAX_IMPORT_FILES} AWS price files at once"),
        ));
    }
    let mut cat = Edit::new(base_text, base_origin)?;
    let mut reports = Vec::new();
    let mut older = Vec::new();
    for (origin, text) in files {
        let file = read_json(text, origin)?;
        let kind = KINDS.iter().find(|k| k.detect(&file)).ok_or_else(|| {
            bad(
                origin,
                format!(
                    "not an AWS price file this build reads (it reads: {})",
                    KINDS
                        .iter()
                        .map(|k| k.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
        let mut trial = cat.clone();
        let mut report = kind.apply(&file, origin, &mut trial)?;
        drop(file);
        dates::check_published(origin, &report.published, options.today.as_deref())?;
        report.regions.sort();
        if let Some(o) = dates::older(&report, &cat, options.allow_older) {
            let imported = o.imported;
            older.push(o);
            if !imported {
                continue;
            }
        }
        cat = trial;
        reports.push(report);
    }
    let newest = reports.iter().map(|r| r.published[..10].to_string()).max();
    let (text, changes) = cat.finish(newest.as_deref())?;
    // The result must pass every catalog rule before anyone can use it.
    let label = files
        .iter()
        .map(|(o, _)| o.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    Catalog::from_json(&text, &format!("imported from {}", shorten(&label)))?;
    Ok(Imported {
        catalog_json: text,
        files: reports,
        changes,
        older,
    })
}

/// The single-file form (kept for callers of the first importer): `import_files` with one file.
pub fn import_metered_unit_map(
    base_text: &str,
    base_origin: &str,
    map_text: &str,
    origin: &str,
) -> Result<Imported> {
    import_files(
        base_text,
        base_origin,
        &[(origin.to_string(), map_text.to_string())],
    )
}

fn bad(origin: &str, message: impl Into<String>) -> Error {
    Error::File {
        path: origin.to_string(),
        message: message.into(),
    }
}

/// Parses a file as JSON, refusing one over the size bound or with a key written twice.
fn read_json(text: &str, origin: &str) -> Result<Value> {
    if text.len() as u64 > MAX_PRICE_MAP_BYTES {
        return Err(bad(
            origin,
            format!(
                "{} bytes is larger than the largest supported AWS price file ({MAX_PRICE_MAP_BYTES} bytes)",
                text.len()
            ),
        ));
    }
    let v: Value = serde_json::from_str(text).map_err(|e| bad(origin, format!("not JSON: {e}")))?;
    // serde_json keeps the last of two equal keys: a location (or an entry) listed twice would be
    // imported from whichever came last.
    check_structure(text).map_err(|s| match s {
        Structure::Duplicate(d) => bad(
            origin,
            format!(
                "{}: '{}' appears twice (JSON keeps only the last one); remove or rename one",
                d.at(),
                shorten(&d.key)
            ),
        ),
        Structure::Invalid(m) => bad(origin, format!("not JSON: {m}")),
    })?;
    Ok(v)
}

/// Whether `s` starts with a real `YYYY-MM-DD` date (`dates::date_problem`).
fn is_date(s: &str) -> bool {
    dates::date_problem(s).is_none()
}

/// A JSON value's type, for messages.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
