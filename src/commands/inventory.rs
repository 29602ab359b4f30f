//! `inventory FILE...`: the APIs of CloudFormation/SAM templates and Terraform plans, the features
//! each uses and what blocks a move from REST to HTTP.

use std::path::{Path, PathBuf};

use crate::cli::load::read_text_at_most;
use crate::cli::{Global, InventoryArgs};
use crate::error::{Error, Result};
use crate::inventory::{self, walk, MAX_TEMPLATE_BYTES};
use crate::model::features::Features;
use crate::model::inventory::{self as judge, FoundApi};
use crate::render::inventory::{self as show, InventoryReport, Judged};

/// The most files one command reads (each is read, parsed and reduced to its APIs in turn).
pub const MAX_FILES: usize = 1000;

pub fn run(g: &Global, a: &InventoryArgs) -> Result<String> {
    let (text, failed) = run_partial(g, a)?;
    match failed {
        Some(e) => Err(e),
        None => Ok(text),
    }
}

/// The report, and the error to exit with after it is written when some files could not be read
/// (each named on stderr; the report covers the others).
pub fn run_partial(g: &Global, a: &InventoryArgs) -> Result<(String, Option<Error>)> {
    if g.format == crate::render::Format::Csv {
        // Refused before anything is read.
        let text = show::inventory(
            g.format,
            &InventoryReport {
                files: &[],
                apis: Vec::new(),
                features_read_on: "",
                failed: &[],
                fleet: false,
            },
        )?;
        return Ok((text, None));
    }
    let fleet = read_fleet(&a.files)?;
    let features = Features::embedded()?;
    let report = InventoryReport {
        files: &fleet.files,
        apis: fleet
            .apis
            .iter()
            .map(|api| judged(api, &features))
            .collect(),
        features_read_on: &features.read_on,
        failed: &fleet.failed,
        fleet: fleet.walked || fleet.files.len() > 1,
    };
    let text = show::inventory(g.format, &report)?;
    Ok((text, fleet.failure()))
}

/// What a run read: the files (directories expanded), their APIs, and the files that failed.
pub struct Fleet {
    pub files: Vec<String>,
    pub apis: Vec<FoundApi>,
    /// A file that could not be read or understood, and why.
    pub failed: Vec<(String, String)>,
    /// Whether a directory was walked.
    pub walked: bool,
}

impl Fleet {
    /// The error to exit with when some files failed (each is named on stderr now).
    pub fn failure(&self) -> Option<Error> {
        if self.failed.is_empty() {
            return None;
        }
        for (_, why) in &self.failed {
            crate::output::eprint_line(&format!("error: {why}"));
        }
        Some(Error::Other(format!(
            "{} of {} files could not be read (named above); the report covers the other {}",
            self.failed.len(),
            self.files.len() + self.failed.len(),
            self.files.len()
        )))
    }
}

/// Every API of every file, directories walked for templates (see `inventory::walk`). One file that
/// fails among several is recorded and the others read; a single file's error is the error.
pub fn read_fleet(paths: &[PathBuf]) -> Result<Fleet> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut walked = false;
    for p in paths {
        if p.as_os_str() != "-" && p.is_dir() {
            walked = true;
            let found = walk::templates_in(p).map_err(|message| Error::File {
                path: p.display().to_string(),
                message,
            })?;
            files.extend(found);
        } else {
            files.push(p.clone());
        }
        if files.len() > MAX_FILES {
            return Err(Error::usage(
                "FILE",
                format!("more than {MAX_FILES} files"),
                format!("at most {MAX_FILES} files in one run (directories counted by the templates found)"),
            ));
        }
    }
    let mut fleet = Fleet {
        files: Vec::new(),
        apis: Vec::new(),
        failed: Vec::new(),
        walked,
    };
    let single = files.len() == 1 && !walked;
    for path in &files {
        let name = path.display().to_string();
        let read = read_text_at_most(path, MAX_TEMPLATE_BYTES, "template or plan")
            .and_then(|text| inventory::read(&name, &text));
        match read {
            Ok(apis) => {
                fleet.apis.extend(apis);
                fleet.files.push(name);
            }
            Err(e) if single => return Err(e),
            Err(e) => fleet.failed.push((name, e.to_string())),
        }
    }
    if fleet.files.is_empty() && !fleet.failed.is_empty() && !walked {
        // Nothing read at all: the first failure is the error (the others are named too).
        let _ = fleet.failure();
        return Err(Error::Other(format!(
            "none of the {} files could be read (named above)",
            fleet.failed.len()
        )));
    }
    Ok(fleet)
}

/// Every API of every file (and directory), or the error of the first file that fails.
pub fn read_all(files: &[impl AsRef<Path>]) -> Result<Vec<FoundApi>> {
    let paths: Vec<PathBuf> = files.iter().map(|f| f.as_ref().to_path_buf()).collect();
    let fleet = read_fleet(&paths)?;
    if let Some((_, message)) = fleet.failed.into_iter().next() {
        // The message names the file already.
        return Err(Error::Other(message));
    }
    Ok(fleet.apis)
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
