//! One input row → what to price: the columns of the batch CSV, defaults from flags, and the row's
//! API kind, region and workload, with an error naming the column, the value and what was expected.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// Why a WebSocket row without messages is bad.
const WS_NEEDS_MESSAGES: &str =
    "expected a message count: WebSocket APIs are priced per message (a messages column or --messages)";

use crate::model::api::ApiKind;
use crate::model::cost::units;
use crate::model::inputs;
use crate::model::meter::Meter;
use crate::model::numbers;
use crate::model::workload::{Arch, CacheConfig, LambdaBackend, Workload};

/// The batch column the registry declares for an input (every input named here has one: a missing
/// one fails to compile).
const fn column(c: Option<&'static str>) -> &'static str {
    match c {
        Some(c) => c,
        None => panic!("an input batch reads without a batch column in the registry"),
    }
}

/// Required columns, in the order the issue names them.
pub const REQUIRED: [&str; 4] = [
    "id",
    column(inputs::API.column),
    column(inputs::REGION.column),
    column(inputs::REQUESTS.column),
];

/// Optional cost inputs: (column name, accepted aliases), names from the registry.
pub const OPTIONAL: [(&str, &[&str]); 10] = [
    (column(inputs::REQUEST_SIZE.column), &["request_size"]),
    (column(inputs::RESPONSE_SIZE.column), &["response_size"]),
    (column(inputs::MESSAGES.column), &[]),
    (column(inputs::MESSAGE_SIZE.column), &["message_size"]),
    (column(inputs::CONNECTION_MINUTES.column), &[]),
    (column(inputs::CACHE.column), &["cache"]),
    (column(inputs::CACHE_HIT.column), &[]),
    (column(inputs::DURATION_MS.column), &[]),
    (column(inputs::MEMORY_MB.column), &[]),
    (column(inputs::ARCH.column), &[]),
];

const REQUEST_SIZE: usize = 0;
const RESPONSE_SIZE: usize = 1;
const MESSAGES: usize = 2;
const MESSAGE_SIZE: usize = 3;
const CONNECTION_MINUTES: usize = 4;
const CACHE_GB: usize = 5;
const CACHE_HIT: usize = 6;
const DURATION_MS: usize = 7;
const MEMORY_MB: usize = 8;
const ARCH: usize = 9;

/// The most bytes of a cell a row error quotes: a longer value is cut there (on a character
/// boundary) and its length given, so a 100 MB cell makes a one-line message, not a 200 MB one.
pub const MAX_QUOTED_BYTES: usize = 40;

/// The longest cell read as a number, size, rate, API kind or region code, in bytes
/// (`1,000,000,000,000,000,000,000,000` is 33): a longer one is a bad row without being parsed, so
/// the parsers' messages (which quote the value) stay short too. Ids and other columns are not bound.
pub const MAX_CELL_BYTES: usize = 64;

/// The most digits before the decimal point a size cell may have: 10^20 KB is far past every payload
/// limit, and still fits a decimal once multiplied by a `GB` suffix (1,048,576), where
/// `79228162514264337593543950335MB` overflowed and panicked.
pub const MAX_SIZE_DIGITS: usize = 20;

/// The most columns a header may have: the 14 the batch reads and many echoed ones. Checked before
/// the column names are kept (a header of 100M commas would otherwise take gigabytes).
pub const MAX_COLUMNS: usize = 1_000;

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub column: String,
    /// The value as typed, at most [`MAX_QUOTED_BYTES`] of it (then `...` and its length).
    pub value: String,
    pub expected: String,
}

impl RowError {
    /// `value` is quoted shortened ([`Quoted`]): a cell's bytes, or text.
    pub fn new(column: impl Into<String>, value: impl Quoted, expected: impl Into<String>) -> Self {
        RowError {
            column: column.into(),
            value: value.quoted(),
            expected: expected.into(),
        }
    }
}

/// A value as a row error quotes it: all of it up to [`MAX_QUOTED_BYTES`], else its first bytes (to
/// a character, invalid UTF-8 replaced), `...` and its length in bytes.
pub trait Quoted {
    fn quoted(self) -> String;
}

impl Quoted for &[u8] {
    fn quoted(self) -> String {
        if self.len() <= MAX_QUOTED_BYTES {
            return String::from_utf8_lossy(self).into_owned();
        }
        let mut cut = MAX_QUOTED_BYTES;
        // Back to the start of a UTF-8 character (at most 3 continuation bytes).
        while cut > MAX_QUOTED_BYTES - 3 && self[cut] & 0xC0 == 0x80 {
            cut -= 1;
        }
        let head = String::from_utf8_lossy(&self[..cut]);
        format!("{head}... ({} bytes)", self.len())
    }
}

impl Quoted for &str {
    fn quoted(self) -> String {
        self.as_bytes().quoted()
    }
}

impl Quoted for String {
    fn quoted(self) -> String {
        if self.len() <= MAX_QUOTED_BYTES {
            return self;
        }
        self.as_bytes().quoted()
    }
}

/// Where each column is in the header.
#[derive(Debug, Clone)]
pub struct Columns {
    pub names: Vec<String>,
    pub id: usize,
    pub api: usize,
    pub region: usize,
    pub requests: usize,
    pub optional: [Option<usize>; OPTIONAL.len()],
    /// Columns that are not cost inputs (echoed in --summary, otherwise ignored).
    pub unknown: Vec<usize>,
    /// Whether any optional column is present (if not, and no flag sets a default, every row is
    /// requests-only).
    pub has_optional: bool,
}

impl Columns {
    /// Finds the columns in a header; the message lists what is missing and what the header has.
    pub fn from_header(header: &csv::ByteRecord) -> Result<Columns, String> {
        if header.len() > MAX_COLUMNS {
            return Err(format!(
                "line 1: the header has {} columns; expected at most {MAX_COLUMNS} (id, api, region, requests and the optional inputs)",
                header.len()
            ));
        }
        if header.iter().all(|h| h.trim_ascii().is_empty()) {
            return Err(
                "line 1: expected a header with the columns id, api, region, requests; the input is empty or its first line is blank"
                    .into(),
            );
        }
        let names: Vec<String> = header
            .iter()
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_ascii_lowercase()
            })
            .collect();
        let find = |n: &str| names.iter().position(|h| h == n);
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|n| find(n).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "missing required column{} {} (the header must have id, api, region, requests; it has: {})",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", "),
                names.join(", ")
            ));
        }
        duplicates(&names)?;
        let mut optional = [None; OPTIONAL.len()];
        for (i, (name, aliases)) in OPTIONAL.iter().enumerate() {
            let given: Vec<usize> = std::iter::once(name)
                .chain(aliases.iter())
                .filter_map(|n| find(n))
                .collect();
            if let [first, second, ..] = given[..] {
                return Err(format!(
                    "line 1: columns {} and {} both give {name}; expected one of them",
                    names[first], names[second]
                ));
            }
            optional[i] = given.first().copied();
        }
        let known = |i: usize| REQUIRED.contains(&names[i].as_str()) || optional.contains(&Some(i));
        let unknown = (0..names.len()).filter(|&i| !known(i)).collect();
        Ok(Columns {
            has_optional: optional.iter().any(Option::is_some),
            id: find("id").unwrap_or(0),
            api: find("api").unwrap_or(0),
            region: find("region").unwrap_or(0),
            requests: find("requests").unwrap_or(0),
            optional,
            unknown,
            names,
        })
    }
}

/// Refuses a header that names a column twice (which cell would count?). Unnamed columns may repeat.
fn duplicates(names: &[String]) -> Result<(), String> {
    for (i, n) in names.iter().enumerate() {
        if n.is_empty() {
            continue;
        }
        if let Some(first) = names[..i].iter().position(|m| m == n) {
            return Err(format!(
                "line 1: column {} appears twice in the header (columns {} and {}); expected each column once",
                n.as_str().quoted(),
                first + 1,
                i + 1
            ));
        }
    }
    Ok(())
}

/// Defaults for the optional columns (from flags); a non-empty cell overrides its default.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub region: String,
    pub request_size_kb: Option<Decimal>,
    pub response_size_kb: Option<Decimal>,
    pub messages: Option<Decimal>,
    pub message_size_kb: Option<Decimal>,
    pub connection_minutes: Option<Decimal>,
    pub cache_gb: Option<Decimal>,
    pub cache_hit: Option<Decimal>,
    pub duration_ms: Option<Decimal>,
    pub memory_mb: Option<Decimal>,
    pub arch: Option<Arch>,
}

impl Defaults {
    /// Whether any optional input has a default (then no row is requests-only).
    pub fn any(&self) -> bool {
        self.request_size_kb.is_some()
            || self.response_size_kb.is_some()
            || self.messages.is_some()
            || self.message_size_kb.is_some()
            || self.connection_minutes.is_some()
            || self.cache_gb.is_some()
            || self.cache_hit.is_some()
            || self.duration_ms.is_some()
            || self.memory_mb.is_some()
            || self.arch.is_some()
    }
}

/// A parsed row: the option, the region (as written) and what to price.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'r> {
    pub id: &'r [u8],
    pub kind: ApiKind,
    /// The region cell, trimmed (empty = the --region default).
    pub region: &'r [u8],
    pub requests: u128,
    /// `None` for a requests-only row (the fast path); otherwise the whole workload.
    pub workload: Option<Box<Workload>>,
}

/// Parses a whole, non-negative request count: plain digits fast, anything else (`300k`, `1,000`,
/// `1.5B`) through the general number parser.
pub fn parse_count(cell: &[u8]) -> Result<u128, String> {
    if !cell.is_empty() && cell.len() <= 19 {
        let mut v: u64 = 0;
        let mut digits = true;
        for &c in cell {
            let d = c.wrapping_sub(b'0');
            digits &= d < 10;
            v = v.wrapping_mul(10).wrapping_add(u64::from(d));
        }
        if digits {
            return Ok(u128::from(v));
        }
    }
    if cell.len() > MAX_CELL_BYTES {
        return Err(format!(
            "expected a whole number such as 300000 or 1.5B, of at most {MAX_CELL_BYTES} characters"
        ));
    }
    let s = std::str::from_utf8(cell)
        .map_err(|_| "expected a whole number, got non-UTF-8 text".to_string())?;
    let d = numbers::parse_count(s)?;
    d.to_u128()
        .ok_or_else(|| format!("'{s}' is too large to price"))
}

fn api_kind(cell: &[u8]) -> Option<ApiKind> {
    match cell {
        b"http" => Some(ApiKind::Http),
        b"rest" => Some(ApiKind::Rest),
        b"websocket" => Some(ApiKind::WebSocket),
        _ if cell.len() > MAX_CELL_BYTES => None,
        _ => std::str::from_utf8(cell).ok().and_then(ApiKind::parse),
    }
}

fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

/// Parses one record against the columns and defaults.
/// `defaults_set` is `defaults.any()`, computed once by the caller.
pub fn parse<'r>(
    rec: &'r csv::ByteRecord,
    cols: &Columns,
    defaults: &Defaults,
    defaults_set: bool,
) -> Result<Row<'r>, RowError> {
    let mut row = required(rec, cols)?;
    let cells = Optional { rec, cols };
    let any_cell = cols.has_optional && cells.any();
    if !any_cell && !defaults_set {
        if row.kind == ApiKind::WebSocket {
            // A WebSocket API is priced on messages: without a messages cell or --messages the row is bad.
            return Err(RowError::new("messages", "", WS_NEEDS_MESSAGES));
        }
        return Ok(row);
    }
    let w = workload(&cells, defaults, row.requests)?;
    if row.kind == ApiKind::WebSocket && w.messages.is_none() {
        return Err(RowError::new("messages", "", WS_NEEDS_MESSAGES));
    }
    row.workload = Some(Box::new(w));
    Ok(row)
}

/// The required cells (the field count, id, API kind, region and request count) as a requests-only
/// row.
#[inline]
fn required<'r>(rec: &'r csv::ByteRecord, cols: &Columns) -> Result<Row<'r>, RowError> {
    if rec.len() != cols.names.len() {
        return Err(RowError::new(
            "(row)",
            format!("{} fields", rec.len()),
            format!("expected {} fields, like the header", cols.names.len()),
        ));
    }
    let id = rec.get(cols.id).unwrap_or_default();
    if trim(id).is_empty() {
        return Err(RowError::new(
            "id",
            "",
            "expected a customer or workload id",
        ));
    }
    let api_cell = trim(rec.get(cols.api).unwrap_or_default());
    let kind = api_kind(api_cell).ok_or_else(|| {
        RowError::new(
            REQUIRED[1],
            api_cell,
            format!("expected {}", inputs::API.expected()),
        )
    })?;
    let region = trim(rec.get(cols.region).unwrap_or_default());
    let req_cell = rec.get(cols.requests).unwrap_or_default();
    let requests = if req_cell.is_empty() && kind == ApiKind::WebSocket {
        0
    } else {
        parse_count(req_cell).map_err(|e| RowError::new("requests", req_cell, e))?
    };
    Ok(Row {
        id,
        kind,
        region,
        requests,
        workload: None,
    })
}

/// The optional cells of one record.
struct Optional<'a, 'r> {
    rec: &'r csv::ByteRecord,
    cols: &'a Columns,
}

impl<'r> Optional<'_, 'r> {
    /// The trimmed cell of optional input `i` (an index into `OPTIONAL`), `None` when its column is
    /// absent or the cell empty.
    #[inline]
    fn present(&self, i: usize) -> Option<&'r [u8]> {
        self.cols.optional[i]
            .and_then(|c| self.rec.get(c))
            .map(trim)
            .filter(|c| !c.is_empty())
    }

    /// Whether any optional cell is filled in.
    #[inline]
    fn any(&self) -> bool {
        (0..OPTIONAL.len()).any(|i| self.present(i).is_some())
    }

    /// The number in optional input `i` read by `f`, or `default` when the cell is empty.
    fn num(
        &self,
        i: usize,
        default: Option<Decimal>,
        f: fn(&str) -> Result<Decimal, String>,
    ) -> Result<Option<Decimal>, RowError> {
        let col = OPTIONAL[i].0;
        match self.present(i) {
            None => Ok(default),
            Some(cell) if cell.len() > MAX_CELL_BYTES => Err(RowError::new(
                col,
                cell,
                format!("expected a value of at most {MAX_CELL_BYTES} characters, such as 600KB or 1.5M"),
            )),
            Some(cell) => {
                let s = std::str::from_utf8(cell)
                    .map_err(|_| RowError::new(col, cell, "expected UTF-8 text"))?;
                f(s).map(Some).map_err(|e| RowError::new(col, s, e))
            }
        }
    }

    /// The Lambda architecture, or `default` when the cell is empty.
    fn arch(&self, default: Option<Arch>) -> Result<Option<Arch>, RowError> {
        let Some(cell) = self.present(ARCH) else {
            return Ok(default);
        };
        let name = std::str::from_utf8(cell)
            .ok()
            .filter(|s| s.len() <= MAX_CELL_BYTES)
            .and_then(|s| inputs::ARCH.pick(s));
        match name {
            Some("arm") => Ok(Some(Arch::Arm)),
            Some(_) => Ok(Some(Arch::X86)),
            None => Err(RowError::new(
                OPTIONAL[ARCH].0,
                cell,
                format!("expected {}", inputs::ARCH.expected()),
            )),
        }
    }
}

/// A size in KB (`numbers::parse_size_kb`), refused unread when it has more than
/// [`MAX_SIZE_DIGITS`] digits before the decimal point (its unit could overflow a decimal).
fn size_kb(s: &str) -> Result<Decimal, String> {
    let digits = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, '_' | ','))
        .skip_while(|c| matches!(c, '+' | '-' | '0'))
        .take_while(char::is_ascii_digit)
        .count();
    if digits > MAX_SIZE_DIGITS {
        return Err(format!(
            "expected a size such as 600KB or 1.5MB, got a number of {digits} digits (at most {MAX_SIZE_DIGITS} before the decimal point)"
        ));
    }
    numbers::parse_size_kb(s)
}

/// The whole workload of a row with optional inputs: each cell, or its default from the flags.
fn workload(cells: &Optional, d: &Defaults, requests: u128) -> Result<Workload, RowError> {
    let request_size_kb = cells.num(REQUEST_SIZE, d.request_size_kb, size_kb)?;
    let response_size_kb = cells.num(RESPONSE_SIZE, d.response_size_kb, size_kb)?;
    let messages = cells.num(MESSAGES, d.messages, inputs::MESSAGES.parse)?;
    let message_size_kb = cells.num(MESSAGE_SIZE, d.message_size_kb, size_kb)?;
    let connection_minutes = cells.num(
        CONNECTION_MINUTES,
        d.connection_minutes,
        inputs::CONNECTION_MINUTES.parse,
    )?;
    let cache_gb = cells.num(CACHE_GB, d.cache_gb, inputs::CACHE.parse)?;
    let cache_hit = cells.num(CACHE_HIT, d.cache_hit, inputs::CACHE_HIT.parse)?;
    let duration_ms = cells.num(DURATION_MS, d.duration_ms, inputs::DURATION_MS.parse)?;
    let memory_mb = cells.num(MEMORY_MB, d.memory_mb, inputs::MEMORY_MB.parse)?;
    let arch = cells.arch(d.arch)?;
    Ok(Workload {
        requests: requests_decimal(requests),
        request_size_kb,
        response_size_kb,
        messages,
        message_size_kb,
        connection_minutes,
        cache: cache(cache_gb, cache_hit)?,
        backend: backend(duration_ms, memory_mb, arch)?,
        month: None,
        ..Default::default()
    })
}

/// The API cache: a size, and a hit rate only with a size.
fn cache(
    cache_gb: Option<Decimal>,
    cache_hit: Option<Decimal>,
) -> Result<Option<CacheConfig>, RowError> {
    match (cache_gb, cache_hit) {
        (Some(size_gb), hit) => Ok(Some(CacheConfig {
            size_gb,
            hit_rate: hit.unwrap_or(Decimal::ZERO),
        })),
        (None, Some(_)) => Err(RowError::new(
            "cache_hit",
            "",
            "a cache hit rate needs a cache to hit: give cache_gb as well",
        )),
        (None, None) => Ok(None),
    }
}

/// A Lambda backend: duration and memory together, or neither.
fn backend(
    duration_ms: Option<Decimal>,
    memory_mb: Option<Decimal>,
    arch: Option<Arch>,
) -> Result<Option<LambdaBackend>, RowError> {
    match (duration_ms, memory_mb) {
        (Some(duration_ms), Some(memory_mb)) => Ok(Some(LambdaBackend {
            duration_ms,
            memory_mb,
            arch: arch.unwrap_or_default(),
        })),
        (None, None) => Ok(None),
        (Some(_), None) => Err(RowError::new(
            "memory_mb",
            "",
            "the Lambda backend duration_ms describes is priced on its memory too: give memory_mb as well",
        )),
        (None, Some(_)) => Err(RowError::new(
            "duration_ms",
            "",
            "the Lambda backend memory_mb describes is priced on its duration too: give duration_ms as well",
        )),
    }
}

/// The requests of a row as a decimal (a row's count is at most 10^25, well inside `Decimal`).
pub fn requests_decimal(requests: u128) -> Decimal {
    units_decimal(requests).unwrap_or(Decimal::MAX)
}

/// A volume as a decimal, `None` above `Decimal::MAX` (a shared account's summed volume can be).
pub fn units_decimal(units: u128) -> Option<Decimal> {
    i128::try_from(units)
        .ok()
        .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
}

/// The billable units a row adds to each meter of a shared account: (meter, units).
pub fn shared_units(
    row: &Row,
    metering: &crate::model::catalog::Metering,
) -> Result<[(Meter, u128); 2], RowError> {
    // The kind is checked first, whatever else the row has: a requests-only row of an ALB or a
    // Function URL has no workload (the fast path's rows) and must be refused all the same.
    if !matches!(row.kind, ApiKind::Rest | ApiKind::Http | ApiKind::WebSocket) {
        return Err(RowError::new(
            "api",
            row.kind.name(),
            "expected rest, http or websocket with --accounts shared (an ALB or a Function URL has no shared request tiers)",
        ));
    }
    let Some(w) = &row.workload else {
        return Ok([(Meter::Requests, row.requests), (Meter::Requests, 0)]);
    };
    refuse_unshared(w)?;
    match row.kind {
        ApiKind::Rest => {
            check_request_size(ApiKind::Rest, w)?;
            Ok([(Meter::Requests, row.requests), (Meter::Requests, 0)])
        }
        ApiKind::Http => {
            check_request_size(ApiKind::Http, w)?;
            let units = units::http_units_per_request(metering, w.request_size_kb);
            let billable = row
                .requests
                .checked_mul(volume(units, "request_size_kb")?)
                .ok_or_else(|| RowError::new("requests", row.requests.to_string(), "expected a volume small enough to price"))?;
            Ok([(Meter::Requests, billable), (Meter::Requests, 0)])
        }
        ApiKind::WebSocket => ws_units(w, metering),
        other => Err(RowError::new(
            "api",
            other.name(),
            "expected rest, http or websocket with --accounts shared (an ALB or a Function URL has no shared request tiers)",
        )),
    }
}

/// Refuses what a shared account does not allocate: a cache, a Lambda backend, data transfer.
fn refuse_unshared(w: &Workload) -> Result<(), RowError> {
    let reject = |col: &str, what: &str| {
        RowError::new(
            col,
            "",
            format!("expected no {what} with --accounts shared: it allocates the shared account's tiered gateway meters; rate such rows with --accounts separate"),
        )
    };
    if w.cache.is_some() {
        return Err(reject("cache_gb", "cache"));
    }
    if w.backend.is_some() {
        return Err(reject("duration_ms", "Lambda backend"));
    }
    if w.response_size_kb.is_some_and(|s| !s.is_zero()) {
        return Err(reject("response_size_kb", "data transfer (response size)"));
    }
    Ok(())
}

/// Checks a REST or HTTP row's request size against the option's payload limit.
fn check_request_size(kind: ApiKind, w: &Workload) -> Result<(), RowError> {
    if let Some(size) = w.request_size_kb {
        crate::model::limits::check_payload(kind, size, w.backend.is_some())
            .map_err(|e| RowError::new("request_size_kb", size.to_string(), e.to_string()))?;
    }
    Ok(())
}

/// A whole volume from column `col`, as an integer.
fn volume(d: Decimal, col: &str) -> Result<u128, RowError> {
    d.to_u128().ok_or_else(|| {
        RowError::new(
            col,
            d.to_string(),
            "expected a volume small enough to price",
        )
    })
}

/// A WebSocket row's billable message units and connection minutes.
fn ws_units(
    w: &Workload,
    metering: &crate::model::catalog::Metering,
) -> Result<[(Meter, u128); 2], RowError> {
    let messages = volume(w.messages.unwrap_or_default(), "messages")?;
    let units = units::ws_units_per_message(metering, w.message_size_kb).map_err(|e| {
        RowError::new(
            "message_size_kb",
            e.size_kb.to_string(),
            format!(
                "expected at most {} KB (the WebSocket message limit)",
                e.max_kb
            ),
        )
    })?;
    let units = volume(units, "message_size_kb")?;
    let billable = messages.checked_mul(units).ok_or_else(|| {
        RowError::new(
            "messages",
            messages.to_string(),
            "expected a volume small enough to price",
        )
    })?;
    let minutes = volume(
        w.connection_minutes.unwrap_or_default(),
        "connection_minutes",
    )?;
    Ok([
        (Meter::Messages, billable),
        (Meter::ConnectionMinutes, minutes),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_fast_and_slow() {
        assert_eq!(parse_count(b"300000"), Ok(300_000));
        assert_eq!(parse_count(b"300k"), Ok(300_000));
        assert_eq!(parse_count(b"1,000"), Ok(1_000));
        assert_eq!(parse_count(b"1.5B"), Ok(1_500_000_000));
        assert_eq!(
            parse_count(b"99999999999999999999"),
            Ok(99_999_999_999_999_999_999)
        );
        assert!(parse_count(b"ten").is_err());
        assert!(parse_count(b"-1").is_err());
        assert!(parse_count(b"").is_err());
        assert!(parse_count(b"0.5").is_err());
    }
}
