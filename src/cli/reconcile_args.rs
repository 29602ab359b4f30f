//! `reconcile`'s flags (clap structs only): kept apart from `args.rs`, as `prices_args.rs` is.

use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::Args;

use super::parsers::{Short, Trim};

/// One of an enum's values, trimmed, errors shortened (as `args.rs` parses every choice).
fn choice<E: clap::ValueEnum + Clone + Send + Sync + 'static>(
) -> Trim<Short<clap::builder::EnumValueParser<E>>> {
    Trim(Short(clap::builder::EnumValueParser::new()))
}

/// `reconcile`: the bill's usage re-rated against what AWS billed.
#[derive(Args, Debug)]
pub struct ReconcileArgs {
    /// Bill files: CUR 2.0, legacy CUR or FOCUS exports as CSV, gzipped CSV or Parquet, told apart by
    /// their header and first bytes (`-` reads a CSV or gzip from stdin).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// separate: count tiers per linked (usage) account, each from zero; shared: per payer, shared by
    /// all its linked accounts (as batch --accounts). `linked`/`payer` still work for one release.
    #[arg(long, value_enum, value_parser = choice::<ReconcileAccounts>(), default_value = "separate")]
    pub accounts: ReconcileAccounts,
    /// What the bill would have been: `http` re-rates the REST requests as HTTP API requests.
    #[arg(long = "as", value_enum, value_parser = choice::<ReconcileAs>(), value_name = "API")]
    pub as_api: Option<ReconcileAs>,
    /// Write one traffic profile per account x region x API kind into DIR (for compare, project, review).
    #[arg(long, value_name = "DIR")]
    pub profiles_out: Option<PathBuf>,
    /// Print the same rating as SQL for DuckDB, Athena or Spark instead of reading the rows.
    #[arg(long, value_parser = choice::<super::choices::DialectArg>().map(crate::bill::sql::Dialect::from), value_name = "DIALECT")]
    pub emit_sql: Option<crate::bill::sql::Dialect>,
    /// With --emit-sql: the table that holds the bill, letters, digits and underscores, dot-separated
    /// (athena|spark default: cur, or focus; duckdb reads the FILEs unless a table is given).
    #[arg(long, value_name = "NAME", requires = "emit_sql")]
    pub sql_table: Option<String>,
    /// No progress bar on stderr.
    #[arg(long)]
    pub no_progress: bool,
}

/// `reconcile --accounts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReconcileAccounts {
    /// Tiers per linked account (was `linked`).
    #[value(alias = "linked")]
    Separate,
    /// Tiers per payer (was `payer`).
    #[value(alias = "payer")]
    Shared,
}

/// `reconcile --as`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReconcileAs {
    Http,
}
