//! Value parsers of the command line that read input the way people type it (a list item with spaces
//! around it, a region code in any case, a date), and the `--version` text.

/// `--version`: one short line, the tool's version and the embedded price catalog's date (from
/// `build.rs`); the price files' dates are in `prices sources`.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (price catalog compiled ",
    env!("APIGW_CATALOG_COMPILED"),
    ")"
);

/// A value parser that ignores spaces around the value (a list typed as `"rest, http"`).
#[derive(Clone)]
pub struct Trim<P>(pub P);

impl<P: clap::builder::TypedValueParser> clap::builder::TypedValueParser for Trim<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<Self::Value, clap::Error> {
        match value.to_str() {
            Some(s) => self.0.parse_ref(cmd, arg, std::ffi::OsStr::new(s.trim())),
            None => self.0.parse_ref(cmd, arg, value),
        }
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        self.0.possible_values()
    }
}

pub use crate::model::inputs::{region_code, trimmed};

/// `review --date`: a calendar date, YYYY-MM-DD.
pub(super) fn review_date(s: &str) -> std::result::Result<String, String> {
    let t = s.trim();
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10);
    let (m, d): (u32, u32) = if ok {
        (t[5..7].parse().unwrap_or(0), t[8..10].parse().unwrap_or(0))
    } else {
        (0, 0)
    };
    if !ok || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(format!(
            "expected a date such as 2026-12-01 (YYYY-MM-DD), got '{}'",
            crate::error::shorten(s)
        ));
    }
    Ok(t.to_string())
}

/// A value parser whose error quotes the value shortened when it is long (clap quotes it whole, so a
/// 100 KB argument would come back twice). Short values get clap's own message, unchanged.
#[derive(Clone)]
pub struct Short<P>(pub P);

impl<P: clap::builder::TypedValueParser> clap::builder::TypedValueParser for Short<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> std::result::Result<Self::Value, clap::Error> {
        self.0.parse_ref(cmd, arg, value).map_err(|e| {
            let text = value.to_string_lossy();
            if text.chars().count() <= crate::error::QUOTE_CHARS {
                return e;
            }
            let reason = match std::error::Error::source(&e) {
                Some(inner) => inner.to_string(),
                None => match self.0.possible_values() {
                    Some(values) => format!(
                        "expected one of {}",
                        values
                            .map(|v| v.get_name().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    None => "not a valid value".to_string(),
                },
            };
            let name = arg
                .map(|a| a.to_string())
                .unwrap_or_else(|| "the value".into());
            clap::Error::raw(
                e.kind(),
                format!(
                    "invalid value '{}' for '{name}': {reason}\n",
                    crate::error::shorten(&text)
                ),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        self.0.possible_values()
    }
}
