//! `inventory FILE...`: the APIs of CloudFormation/SAM templates and Terraform plans, the features
//! each uses and what blocks a move from REST to HTTP.

use std::path::Path;

use crate::cli::load::read_text_at_most;
use crate::cli::{Global, InventoryArgs};
use crate::error::{Error, Result};
use crate::inventory::{self, MAX_TEMPLATE_BYTES};
use crate::model::features::Features;
use crate::model::inventory::{self as judge, FoundApi};
use crate::render::inventory::{self as show, InventoryReport, Judged};

/// The most files one command reads (each is read, parsed and reduced to its APIs in turn).
pub const MAX_FILES: usize = 1000;

pub fn run(g: &Global, a: &InventoryArgs) -> Result<String> {
    if g.format == crate::render::Format::Csv {
        // Refused before anything is read.
        return show::inventory(
            g.format,
            &InventoryReport {
                files: &[],
                apis: Vec::new(),
                features_read_on: "",
            },
        );
    }
    let files: Vec<String> = a.files.iter().map(|p| p.display().to_string()).collect();
    let apis = read_all(&a.files)?;
    let features = Features::embedded()?;
    let report = InventoryReport {
        files: &files,
        apis: apis.iter().map(|api| judged(api, &features)).collect(),
        features_read_on: &features.read_on,
    };
    show::inventory(g.format, &report)
}

/// Every API of every file, in file order.
pub fn read_all(files: &[impl AsRef<Path>]) -> Result<Vec<FoundApi>> {
    if files.len() > MAX_FILES {
        return Err(Error::usage(
            "FILE",
            format!("{} files", files.len()),
            format!("at most {MAX_FILES} files in one run"),
        ));
    }
    let mut apis = Vec::new();
    for f in files {
        let path = f.as_ref();
        let text = read_text_at_most(path, MAX_TEMPLATE_BYTES, "template or plan")?;
        apis.extend(inventory::read(&path.display().to_string(), &text)?);
    }
    Ok(apis)
}

/// An API with its blockers and verdict.
pub fn judged<'a>(api: &'a FoundApi, features: &Features) -> Judged<'a> {
    Judged {
        api,
        blockers: judge::http_blockers(api, features),
        possible: judge::possible_blockers(api, features),
        verdict: judge::verdict(api, features),
    }
}
