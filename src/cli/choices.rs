//! The command line's own enums for the choices whose values live outside the model: the output
//! format (`render::Format`), the chart (`render::chart_data::ChartKind`), the SQL dialect
//! (`bill::sql::Dialect`) and batch's `--accounts` and `--on-error`. Each derives `clap::ValueEnum`
//! here, with the help `--help`, the man page and the completions show, and converts to the value the
//! rest of the tool takes: `render/`, `bill/` and `batch/` do not know clap. A flag's field keeps the
//! tool's type (`value_parser = choice::<FormatArg>().map(Format::from)`).

use clap::ValueEnum;

use crate::batch::{Accounts, OnError};
use crate::bill::sql::Dialect;
use crate::render::chart_data::ChartKind;
use crate::render::Format;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

/// `chart KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartArg {
    /// Monthly cost of each option against monthly requests (1M to 100B, log scales), tier boundaries and
    /// break-even points marked.
    CostVsRequests,
    /// Price per million requests against volume for each option.
    EffectivePrice,
    /// Month-by-month cost per option with growth and the free tier, and the cumulative saving.
    Projection,
    /// Added-latency percentiles (p50, p90, p99, p99.9) per option from the latency model.
    Latency,
    /// One profile's monthly cost in every region that prices the option, sorted.
    Regions,
    /// Which input moves the saving (or the bill) most, each from its p10 to its p90 or +-20%
    /// (`sensitivity` drawn).
    Tornado,
}

impl From<ChartArg> for ChartKind {
    fn from(k: ChartArg) -> ChartKind {
        match k {
            ChartArg::CostVsRequests => ChartKind::CostVsRequests,
            ChartArg::EffectivePrice => ChartKind::EffectivePrice,
            ChartArg::Projection => ChartKind::Projection,
            ChartArg::Latency => ChartKind::Latency,
            ChartArg::Regions => ChartKind::Regions,
            ChartArg::Tornado => ChartKind::Tornado,
        }
    }
}

/// `reconcile --emit-sql`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    Duckdb,
    Athena,
    Spark,
}

impl From<DialectArg> for Dialect {
    fn from(d: DialectArg) -> Dialect {
        match d {
            DialectArg::Duckdb => Dialect::Duckdb,
            DialectArg::Athena => Dialect::Athena,
            DialectArg::Spark => Dialect::Spark,
        }
    }
}

/// `batch --accounts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccountsArg {
    /// Each row is its own account: its tiers start at zero.
    Separate,
    /// Rows share one account per region and API kind; the bill is allocated back to the rows.
    Shared,
}

impl From<AccountsArg> for Accounts {
    fn from(a: AccountsArg) -> Accounts {
        match a {
            AccountsArg::Separate => Accounts::Separate,
            AccountsArg::Shared => Accounts::Shared,
        }
    }
}

/// `batch --on-error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnErrorArg {
    /// Stop at the first bad row, naming its number, column and value (no output file is written).
    Fail,
    /// Leave the row out, go on, and list it with its reason in --rejects FILE.
    Skip,
}

impl From<OnErrorArg> for OnError {
    fn from(o: OnErrorArg) -> OnError {
        match o {
            OnErrorArg::Fail => OnError::Fail,
            OnErrorArg::Skip => OnError::Skip,
        }
    }
}

/// Both ways, so that a format added to `render::Format` without its `--format` value fails to compile.
impl From<Format> for FormatArg {
    fn from(f: Format) -> FormatArg {
        match f {
            Format::Table => FormatArg::Table,
            Format::Json => FormatArg::Json,
            Format::Csv => FormatArg::Csv,
            Format::Markdown => FormatArg::Markdown,
        }
    }
}

/// A format's name as `--format` takes it (`table`, `json`, `csv`, `markdown`).
pub fn format_name(f: Format) -> String {
    FormatArg::from(f)
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value of the tool's enums has a command-line name (a format added on either side, or a
    /// chart on this side, fails to compile in `From`; this checks the names are the ones `--help` lists).
    #[test]
    fn every_format_and_chart_has_its_name() {
        let formats: Vec<String> = FormatArg::value_variants()
            .iter()
            .map(|f| format_name(Format::from(*f)))
            .collect();
        assert_eq!(formats, ["table", "json", "csv", "markdown"]);
        for c in ChartArg::value_variants() {
            let name = c.to_possible_value().unwrap().get_name().to_string();
            assert_eq!(name, ChartKind::from(*c).name());
        }
    }
}
