//! One error type for the whole tool, and the exit code each kind maps to.
//!
//! Exit codes (documented in the README): 0 success; 1 runtime failure (I/O, a pricing gap, a bad
//! catalog or profile file); 2 usage error (a bad flag or value).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A flag or value the user typed is wrong (exit 2). Without a value (a flag given without what
    /// it needs, a flag missing), the message is the field and the text: `--azs needs --endpoint
    /// private as well`.
    #[error("{}", usage_text(field, value, expected))]
    Usage {
        field: String,
        value: String,
        expected: String,
    },

    /// An input the model cannot price as given (exit 2). The field is typed: the CLI names it by its
    /// flag (this message), batch by its CSV column.
    #[error("invalid value '{value}' for {}: {expected}", field.flag())]
    Invalid {
        field: Field,
        value: String,
        expected: String,
    },

    /// An input that is needed and was not given (exit 2), in plain words: why it is needed and what
    /// to give (the CLI names flags, batch columns, a profile its keys).
    #[error("{why}{}", match .give.is_empty() { true => String::new(), false => format!(": give {}", Field::flags(.give)) })]
    Missing {
        field: Field,
        why: String,
        give: Vec<Field>,
    },

    /// An input that was given where it does not apply (exit 2), and why.
    #[error("{} does not apply: {why}", field.flag())]
    NotApplicable { field: Field, why: String },

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

    /// A hard limit of the service was exceeded by the value of `field`.
    #[error("{message}")]
    Limit { field: Field, message: String },

    #[error("cannot write {}: {}", path.display(), io_reason(source))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot read {}: {}", path.display(), io_reason(source))]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{}", io_reason(.0))]
    Io(#[from] std::io::Error),

    #[error("{0}")]
    Other(String),

    /// `prices diff`: the catalogs differ (exit 1, like `diff`; the report is already written).
    #[error("the price catalogs differ")]
    Differ,
}

/// The text of [`Error::Usage`].
fn usage_text(field: &str, value: &str, expected: &str) -> String {
    if value.is_empty() {
        format!("{field} {expected}")
    } else {
        format!("invalid value '{value}' for {field}: {expected}")
    }
}

/// An I/O error in plain words, without the operating system's `(os error N)` suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let plain = match e.kind() {
        K::NotFound => "no such file or directory",
        K::PermissionDenied => "permission denied",
        K::AlreadyExists => "it already exists",
        K::IsADirectory => "it is a directory",
        K::NotADirectory => "a part of the path is not a directory",
        K::StorageFull => "no space left on the device",
        K::ReadOnlyFilesystem => "the file system is read-only",
        K::BrokenPipe => "the reader closed the pipe",
        K::DirectoryNotEmpty => "the directory is not empty",
        K::InvalidData => "the data is not valid (not UTF-8 text?)",
        K::UnexpectedEof => "the file ended early",
        _ => "",
    };
    if !plain.is_empty() {
        return plain.to_string();
    }
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_string(),
        _ => text,
    }
}

impl Error {
    /// A flag given without what it needs, or a flag that is missing: `--azs needs --endpoint
    /// private as well`. `text` follows the flag's name.
    pub fn needs(field: impl Into<String>, text: impl Into<String>) -> Self {
        Error::Usage {
            field: field.into(),
            value: String::new(),
            expected: text.into(),
        }
    }

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

    /// An input the model cannot price as given, naming the input by its [`Field`].
    pub fn invalid(field: Field, value: impl Into<String>, expected: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            value: value.into(),
            expected: expected.into(),
        }
    }

    /// A hard service limit exceeded by `field`'s value.
    pub fn limit(field: Field, message: impl Into<String>) -> Self {
        Error::Limit {
            field,
            message: message.into(),
        }
    }

    /// A needed input not given: `why` in plain words (no flag or column names), `give` what to give.
    pub fn missing(field: Field, why: impl Into<String>, give: &[Field]) -> Self {
        Error::Missing {
            field,
            why: why.into(),
            give: give.to_vec(),
        }
    }

    /// An input given where it does not apply, and why (in plain words).
    pub fn not_applicable(field: Field, why: impl Into<String>) -> Self {
        Error::NotApplicable {
            field,
            why: why.into(),
        }
    }

    pub fn overflow(what: impl Into<String>) -> Self {
        Error::Overflow { what: what.into() }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. }
            | Error::Invalid { .. }
            | Error::Missing { .. }
            | Error::NotApplicable { .. }
            | Error::UnknownRegion { .. } => 2,
            _ => 1,
        }
    }
}

/// An input of the model, named independently of where it came from: the CLI speaks of flags
/// ([`Field::flag`]), batch of CSV columns ([`Field::column`]), profiles of keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Apis,
    Arch,
    Authorizer,
    AuthorizerHitRate,
    AuthorizerTtl,
    Backend,
    Between,
    AccessLogBytes,
    Cache,
    CacheHit,
    ColdStartRate,
    ConnectionDuration,
    ConnectionMinutes,
    DurationMs,
    Endpoint,
    ExecutionLogBytes,
    FreeTier,
    From,
    FromTo,
    Growth,
    HandlerMs,
    InitMs,
    MemoryMb,
    MessageSize,
    Messages,
    MigrationCost,
    Months,
    Needs,
    Output,
    RequestSize,
    ResponseSize,
    Runtime,
    Samples,
    Streaming,
    To,
    Requests,
    Rps,
    Waf,
    XraySampling,
}

impl Field {
    /// Every field, for the checks that its flag, value name and column are the input registry's
    /// (`tests/inputs.rs`).
    pub const ALL: &'static [Field] = &[
        Field::Apis,
        Field::Arch,
        Field::Authorizer,
        Field::AuthorizerHitRate,
        Field::AuthorizerTtl,
        Field::Backend,
        Field::Between,
        Field::AccessLogBytes,
        Field::Cache,
        Field::CacheHit,
        Field::ColdStartRate,
        Field::ConnectionDuration,
        Field::ConnectionMinutes,
        Field::DurationMs,
        Field::Endpoint,
        Field::ExecutionLogBytes,
        Field::FreeTier,
        Field::From,
        Field::FromTo,
        Field::Growth,
        Field::HandlerMs,
        Field::InitMs,
        Field::MemoryMb,
        Field::MessageSize,
        Field::Messages,
        Field::MigrationCost,
        Field::Months,
        Field::Needs,
        Field::Output,
        Field::RequestSize,
        Field::ResponseSize,
        Field::Runtime,
        Field::Samples,
        Field::Streaming,
        Field::To,
        Field::Requests,
        Field::Rps,
        Field::Waf,
        Field::XraySampling,
    ];

    /// The command-line flag that sets this input.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Apis => "--apis",
            Field::Arch => "--arch",
            Field::Authorizer => "--authorizer",
            Field::AuthorizerHitRate => "--authorizer-hit-rate",
            Field::AuthorizerTtl => "--authorizer-ttl",
            Field::Backend => "--backend",
            Field::Between => "--between",
            Field::AccessLogBytes => "--access-log-bytes",
            Field::Cache => "--cache",
            Field::CacheHit => "--cache-hit",
            Field::ColdStartRate => "--cold-start-rate",
            Field::ConnectionDuration => "--connection-duration",
            Field::ConnectionMinutes => "--connection-minutes",
            Field::DurationMs => "--duration-ms",
            Field::Endpoint => "--endpoint",
            Field::ExecutionLogBytes => "--execution-log-bytes",
            Field::FreeTier => "--free-tier",
            Field::From => "--from",
            Field::FromTo => "--from/--to",
            Field::Growth => "--growth",
            Field::HandlerMs => "--handler-ms",
            Field::InitMs => "--init-ms",
            Field::MemoryMb => "--memory-mb",
            Field::MessageSize => "--message-size",
            Field::Messages => "--messages",
            Field::MigrationCost => "--migration-cost",
            Field::Months => "--months",
            Field::Needs => "--needs",
            Field::Output => "-o/--output",
            Field::RequestSize => "--request-size",
            Field::ResponseSize => "--response-size",
            Field::Streaming => "--streaming",
            Field::Runtime => "--runtime",
            Field::Samples => "--samples",
            Field::To => "--to",
            Field::Requests => "--requests",
            Field::Rps => "--rps",
            Field::Waf => "--waf",
            Field::XraySampling => "--xray-sampling",
        }
    }

    /// The flag as it is given, with a placeholder for its value (`--duration-ms MS`).
    pub fn usage(self) -> &'static str {
        match self {
            Field::Backend => "--backend lambda",
            Field::DurationMs => "--duration-ms MS",
            Field::MemoryMb => "--memory-mb MB",
            Field::Requests => "--requests N (or --rps R; for a WebSocket API, --messages N)",
            Field::Rps => "--rps R",
            Field::Messages => "--messages N",
            Field::ConnectionMinutes => "--connection-minutes N",
            Field::Cache => "--cache GB",
            Field::ResponseSize => "--response-size SIZE",
            Field::MigrationCost => "--migration-cost USD",
            Field::Output => "-o PATH",
            Field::Apis => "--api rest|http|websocket|alb|function-url",
            other => other.flag(),
        }
    }

    /// Flags to give, in words: `--backend lambda, --duration-ms MS and --memory-mb MB`.
    pub fn flags(fields: &[Field]) -> String {
        and_list(&fields.iter().map(|f| f.usage()).collect::<Vec<_>>())
    }

    /// Columns to fill, in words, each once: `duration_ms and memory_mb`.
    pub fn columns(fields: &[Field]) -> String {
        let mut cols: Vec<&str> = Vec::new();
        for f in fields {
            if !cols.contains(&f.column()) {
                cols.push(f.column());
            }
        }
        and_list(&cols)
    }

    /// The batch CSV column that sets this input (a Lambda backend is set by its `duration_ms`).
    pub fn column(self) -> &'static str {
        match self {
            Field::Cache => "cache_gb",
            Field::CacheHit => "cache_hit",
            Field::Backend | Field::DurationMs => "duration_ms",
            Field::MemoryMb => "memory_mb",
            Field::RequestSize => "request_size_kb",
            Field::ResponseSize => "response_size_kb",
            Field::MessageSize => "message_size_kb",
            Field::Messages => "messages",
            Field::ConnectionMinutes => "connection_minutes",
            Field::Arch => "arch",
            Field::Requests => "requests",
            _ => "(row)",
        }
    }
}

/// The most characters of an input value a message quotes whole; a longer one is cut ([`shorten`]).
pub const QUOTE_CHARS: usize = 40;

/// A value as every message quotes it: whole when at most [`QUOTE_CHARS`] characters, else its first
/// [`QUOTE_CHARS`] characters, `...` and its length (`aaaa... (100000 characters)`). The model, the
/// command line and the terminal's last check (`output::terminal`) all cut values this one way.
pub fn shorten(s: &str) -> String {
    shorten_over(s, QUOTE_CHARS)
}

/// As [`shorten`], for a value allowed up to `max` characters whole (paths, words): a longer one keeps
/// its first [`QUOTE_CHARS`] characters.
pub fn shorten_over(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(QUOTE_CHARS).collect();
    format!("{head}... ({n} characters)")
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_error_reads_as_the_flag_and_maps_to_its_column() {
        let e = Error::invalid(Field::Cache, "3", "one of the cache sizes AWS sells");
        assert_eq!(
            e.to_string(),
            "invalid value '3' for --cache: one of the cache sizes AWS sells"
        );
        assert_eq!(e.exit_code(), 2);
        assert_eq!(Field::Cache.column(), "cache_gb");
        assert_eq!(Field::Backend.column(), "duration_ms");
        assert_eq!(Field::MessageSize.column(), "message_size_kb");
        let l = Error::limit(Field::RequestSize, "--request-size 20000 KB exceeds");
        assert_eq!(l.to_string(), "--request-size 20000 KB exceeds");
        assert_eq!(l.exit_code(), 1);
    }
}
