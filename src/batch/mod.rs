//! Batch rating: one workload per CSV row, streamed, exact, in constant memory.
//!
//! - `--accounts separate` (default): every row is its own account (its tiers start at zero), priced in
//!   one pass. A requests-only REST/HTTP row without a free tier takes the fast path (`fast.rs`: the
//!   tier table as integers, no allocation); every other row goes through `Pricer::quote`.
//! - `--accounts shared`: rows share one account per region and API kind. Pass 1 sums each account's
//!   billable units per meter (a *pool*: region x kind x meter) and prices every account once on its
//!   summed volume; each pool's bill, to the cent, is then split over its rows in proportion to their
//!   units by largest remainder (`alloc.rs`), which needs a pass for the floors and the remainders'
//!   histogram and, rarely, more passes to pin down the k-th largest remainder; the last pass writes.
//!   A file is read once per pass; stdin is spooled to an unnamed temporary file first (deleted on exit).
//!
//! - `--threads N`: separate accounts read from a file are rated on N threads (`threads.rs`), the
//!   output byte for byte what one thread writes; so is the shared mode's pass 1 (the volumes), and its
//!   allocation passes and `--summary` writing pass over the spill (`shared/spread.rs`; also when the
//!   input is stdin), the line items' last pass, which reads the CSV again, staying on one thread.
//!   Stdin's rows are read by one thread.
//!
//! Memory is constant in the number of rows: a reused record, a reused output buffer, one entry per
//! region and per pool (plus a 160 KB histogram per pool while its selection is open).
//!
//! This file holds the public face (`Options`, `Accounts`, `OnError`, `Stats`, `run`). The rest:
//! `input.rs` reads the CSV (once per pass), `sink.rs` writes and escapes the output, `row.rs` parses
//! a row, `rater.rs` keeps the per-region prices and rates a row, `fast.rs` is the integer fast path,
//! `items.rs` writes finance line items (`render::csv::FinanceRow`), `job.rs` is one run's state,
//! `separate.rs` and `shared.rs` are the two account modes (`alloc.rs` the shared mode's cents),
//! `progress.rs` the progress bar.

pub mod alloc;
pub mod fast;
mod input;
mod items;
mod job;
mod rater;
pub mod row;
mod separate;
mod shared;
mod sink;
mod spill;
mod threads;

use std::path::PathBuf;

use crate::error::{Error, Field, Result};
use crate::model::catalog::Catalog;
use crate::model::free_tier::FreeTier;

use input::Input;
use job::Job;
use rater::Rater;
use sink::Sink;

pub use row::{Columns, Defaults, RowError};

/// The `period` cell of batch line items: every row is priced as one month.
const PERIOD: &str = "1";

/// Whose tiers a row's volume counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Accounts {
    /// Each row is its own account: its tiers start at zero.
    #[default]
    Separate,
    /// Rows share one account per region and API kind; the bill is allocated back to the rows.
    Shared,
}

/// What a bad row does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnError {
    /// Stop at the first bad row, naming its number, column and value (no output file is written).
    #[default]
    Fail,
    /// Leave the row out, go on, and list it with its reason in --rejects FILE.
    Skip,
}

/// A batch run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The input CSV, `-` for stdin.
    pub input: PathBuf,
    /// The output CSV (written atomically), `None` or `-` for stdout.
    pub output: Option<PathBuf>,
    pub accounts: Accounts,
    pub summary: bool,
    pub on_error: OnError,
    pub rejects: Option<PathBuf>,
    pub defaults: Defaults,
    pub free_tier: FreeTier,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Threads rating rows (`threads.rs`): more than 1 only for a file (with `--accounts shared`, for
    /// its pass 1).
    pub threads: usize,
}

/// What a run did (also printed on stderr).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub rows: u64,
    pub rated: u64,
    pub rejected: u64,
    /// Shared accounts (region x API kind) in shared mode.
    pub accounts: usize,
    /// Passes over the input.
    pub passes: u32,
    /// Passes over the shared mode's spill (`spill.rs`): the allocation's.
    pub spill_passes: u32,
    /// The sum of the `billed` column, in cents.
    pub billed_cents: u128,
}

impl Stats {
    pub fn describe(&self, o: &Options) -> String {
        let mut s = format!(
            "batch: {} row{} read, {} rated, {} rejected",
            self.rows,
            if self.rows == 1 { "" } else { "s" },
            self.rated,
            self.rejected
        );
        if self.rejected > 0 {
            match &o.rejects {
                Some(p) => s += &format!(" (listed in {})", p.display()),
                None => s += " (give --rejects FILE to list them)",
            }
        }
        let mut billed = Vec::new();
        fast::write_cents_int(&mut billed, self.billed_cents);
        s += &format!("; billed {} USD in all", String::from_utf8_lossy(&billed));
        if o.accounts == Accounts::Shared {
            s += &format!(
                " across {} shared account{} ({} pass{} over the input, {} over its spill)",
                self.accounts,
                if self.accounts == 1 { "" } else { "s" },
                self.passes,
                if self.passes == 1 { "" } else { "es" },
                self.spill_passes
            );
        }
        s += &format!("; {}", o.free_tier.applied());
        s
    }
}

/// Rates `opts.input` and writes the CSV; a closed stdout pipe ends quietly.
///
/// Every output path is checked before anything is read or written (`Outputs::check`), and the files
/// are put in place only when the whole run succeeded, all of them finished (synced) before any is
/// renamed: a failed run leaves no output behind.
pub fn run(catalog: &Catalog, opts: &Options) -> Result<Stats> {
    check_options(opts)?;
    let outputs = Outputs::check(opts)?;
    let input = Input::open(&opts.input, opts.accounts == Accounts::Shared)?;
    let cols = Columns::from_header(&input.header()?).map_err(|m| input.error(m))?;
    warn_unknown_columns(&cols);
    let to_stdout = outputs.output.is_none();
    let mut out = Sink::create(outputs.output.as_ref())?;
    let mut rejects = match &outputs.rejects {
        Some(d) => Some(Sink::rejects(d, &cols)?),
        None => None,
    };
    let mut job = Job {
        rater: Rater::new(catalog, cols, opts),
        input: &input,
        opts,
        rejects: rejects.as_mut(),
        stats: Stats::default(),
    };
    let result = match opts.accounts {
        Accounts::Separate => job.separate(&mut out),
        Accounts::Shared => job.shared(&mut out),
    };
    let stats = job.stats.clone();
    drop(job);
    let finished = result
        .and_then(|()| out.finish())
        .and_then(|()| rejects.as_mut().map_or(Ok(()), Sink::finish));
    match finished {
        Ok(()) => {}
        Err(Error::Io(e)) if to_stdout && e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(stats)
        }
        Err(e) => return Err(e),
    }
    out.commit()?;
    if let Some(r) = rejects {
        r.commit()?;
    }
    crate::output::eprint_line(&stats.describe(opts));
    Ok(stats)
}

/// The output files of a run, checked (`output::destination`) before any is opened.
struct Outputs {
    /// `-o` (`None`: stdout).
    output: Option<crate::output::Destination>,
    rejects: Option<crate::output::Destination>,
}

impl Outputs {
    /// Refuses an output that is a directory, the input itself (read while the output is written), or
    /// the same file as the other output (through `./`, a link or a hard link).
    fn check(opts: &Options) -> Result<Outputs> {
        let output = match &opts.output {
            Some(p) if p.as_os_str() != "-" => {
                Some(crate::output::destination(p, crate::output::OUTPUT_FLAG)?)
            }
            _ => None,
        };
        let rejects = match &opts.rejects {
            Some(p) => Some(crate::output::destination(p, "--rejects")?),
            None => None,
        };
        let reading = opts.input.as_os_str() != "-";
        for (d, flag) in [
            (&output, crate::output::OUTPUT_FLAG),
            (&rejects, "--rejects"),
        ] {
            if let Some(d) = d.as_ref().filter(|d| reading && d.is_file(&opts.input)) {
                return Err(Error::usage(
                    flag,
                    d.typed().display().to_string(),
                    format!(
                        "a file other than the input {} (batch reads the input while it writes)",
                        opts.input.display()
                    ),
                ));
            }
        }
        if let (Some(o), Some(r)) = (&output, &rejects) {
            if o.same_file(r) {
                return Err(Error::usage(
                    "--rejects",
                    r.typed().display().to_string(),
                    format!(
                        "a file other than the output {} (the rejects would overwrite the rated rows)",
                        o.typed().display()
                    ),
                ));
            }
        }
        Ok(Outputs { output, rejects })
    }
}

/// Refuses option combinations that cannot work, before any input is read.
fn check_options(opts: &Options) -> Result<()> {
    if opts.rejects.is_some() && opts.on_error != OnError::Skip {
        return Err(Error::usage(
            "--rejects",
            opts.rejects
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            "expected --on-error skip as well (with --on-error fail the first bad row stops the run)",
        ));
    }
    if opts.accounts == Accounts::Shared {
        if let FreeTier::Credits { .. } = opts.free_tier {
            return Err(Error::invalid(
                Field::FreeTier,
                opts.free_tier.label(),
                "expected none or legacy with --accounts shared (a credit is drawn from a whole bill, not from one meter's pool)",
            ));
        }
    }
    Ok(())
}

/// Says on stderr which columns are not cost inputs.
fn warn_unknown_columns(cols: &Columns) {
    if cols.unknown.is_empty() {
        return;
    }
    let names: Vec<&str> = cols
        .unknown
        .iter()
        .map(|&i| cols.names[i].as_str())
        .collect();
    crate::output::eprint_line(&format!(
        "batch: column{} {} {} not a cost input (echoed with --summary, otherwise ignored)",
        if names.len() > 1 { "s" } else { "" },
        names.join(", "),
        if names.len() > 1 { "are" } else { "is" }
    ));
}
