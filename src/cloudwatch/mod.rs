//! Reading CloudWatch's JSON for `import cloudwatch`: results files (`aws cloudwatch get-metric-data`
//! output, one page per file; or `get-metric-statistics` output) and the queries files they were run
//! with (`--print-query`'s output, or any GetMetricData input). Every file is bounded in size before it
//! is read; the shapes are AWS's documented ones (PascalCase keys, unknown keys ignored). What the
//! figures mean is decided in `model::cloudwatch`.

mod json;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::io::read_text_at_most;
use crate::model::cloudwatch::assemble::{settle_kinds, Queries};
use crate::model::cloudwatch::{ApiRef, Page};

/// The largest results or queries file read: 64 MiB (a full GetMetricData page of 100,800 datapoints
/// is about 5 MB as the AWS CLI prints it).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The most results files, and the most queries files, read at once.
pub const MAX_FILES: usize = 1_000;

/// What a GetMetricStatistics file is about (it names only the metric): the API and stage from the
/// command line, and its period.
#[derive(Debug, Clone)]
pub struct StatisticsOf {
    pub api: ApiRef,
    pub period: i64,
}

/// Reads every results file into pages.
pub fn read_results(files: &[PathBuf], stats: Option<&StatisticsOf>) -> Result<Vec<Page>> {
    if files.len() > MAX_FILES {
        return Err(Error::usage(
            "RESULT.json",
            format!("{} files", files.len()),
            format!("at most {MAX_FILES} results files at once"),
        ));
    }
    let mut pages = Vec::with_capacity(files.len());
    for f in files {
        let text = read(f, "CloudWatch results file")?;
        let page = json::results(&text, &name(f), stats).map_err(|m| file_error(f, m))?;
        pages.push(page);
    }
    Ok(pages)
}

/// Reads the queries files into one set of queries by Id, with the range they ask for.
pub fn read_queries(files: &[PathBuf]) -> Result<Queries> {
    if files.len() > MAX_FILES {
        return Err(Error::usage(
            "--queries",
            format!("{} files", files.len()),
            format!("at most {MAX_FILES} queries files at once"),
        ));
    }
    let mut q = Queries::default();
    for f in files {
        let text = read(f, "GetMetricData queries file")?;
        json::queries(&text, &name(f), &mut q).map_err(|m| file_error(f, m))?;
    }
    settle_kinds(&mut q);
    Ok(q)
}

/// One results file's text into a page (what [`read_results`] does per file; the fuzzer calls it).
pub fn parse_results(
    text: &str,
    origin: &str,
    stats: Option<&StatisticsOf>,
) -> std::result::Result<Page, String> {
    json::results(text, origin, stats)
}

/// One queries file's text added to `q` (what [`read_queries`] does per file).
pub fn parse_queries(text: &str, origin: &str, q: &mut Queries) -> std::result::Result<(), String> {
    json::queries(text, origin, q)?;
    settle_kinds(q);
    Ok(())
}

fn read(path: &Path, what: &str) -> Result<String> {
    read_text_at_most(path, MAX_FILE_BYTES, what)
}

fn name(p: &Path) -> String {
    p.display().to_string()
}

fn file_error(p: &Path, message: String) -> Error {
    Error::File {
        path: name(p),
        message,
    }
}
