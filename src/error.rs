//! One error type for the whole tool, and the exit code each kind maps to.
//!
//! Exit codes (documented in the README): 0 success; 1 runtime failure (I/O, a pricing gap, a bad
//! catalog or profile file); 2 usage error (a bad flag or value).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A flag or value the user typed is wrong (exit 2).
    #[error("invalid value '{value}' for {field}: {expected}")]
    Usage {
        field: String,
        value: String,
        expected: String,
    },

    /// The catalog has no price for what was asked (exit 1). Never priced as zero.
    #[error("no price for {what} in {region} in the catalog{available}")]
    NotPriced {
        what: String,
        region: String,
        available: String,
    },

    /// A region code the catalog does not know at all.
    #[error("unknown region '{region}'{hint}")]
    UnknownRegion { region: String, hint: String },

    /// A price catalog that breaks a rule (names region, kind and tier).
    #[error("invalid price catalog {origin}: {region} / {kind}{tier}: {problem}")]
    Catalog {
        origin: String,
        region: String,
        kind: String,
        tier: String,
        problem: String,
    },

    /// An input file (catalog, profile, CSV) that cannot be parsed.
    #[error("{path}: {message}")]
    File { path: String, message: String },

    /// A quantity so large that exact decimal arithmetic would overflow.
    #[error("{what} is too large to price exactly (decimal overflow); the largest supported volume is about 10^25 units")]
    Overflow { what: String },

    /// A limit of the service was exceeded (hard limit).
    #[error("{0}")]
    Limit(String),

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(transparent)]
    Io(#[from] std::io::Error),

    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn usage(
        field: impl Into<String>,
        value: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        Error::Usage {
            field: field.into(),
            value: value.into(),
            expected: expected.into(),
        }
    }

    pub fn overflow(what: impl Into<String>) -> Self {
        Error::Overflow { what: what.into() }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. } => 2,
            _ => 1,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
