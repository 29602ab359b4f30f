//! Errors about inputs a profile gave, named by the profile's key and line instead of the flag that
//! was never typed (`cache.size_gb`, not `--cache`).

use crate::error::{Error, Field};
use crate::model::profile::LoadedProfile;

/// Re-words a usage, model or limit error about an input the profile gave (per `origins`) as an
/// error in the profile naming file, key, line, value and what was expected; other errors pass.
/// Without this a profile's `cache.size_gb = 0.7` would be reported as "--cache", a flag never typed.
pub fn blame(profile: Option<&LoadedProfile>, origins: &[(&str, &str)], e: Error) -> Error {
    let Some(lp) = profile else {
        return e;
    };
    let key_of = |flag: &str| origins.iter().find(|(f, _)| *f == flag).map(|(_, k)| *k);
    let value_error = |key: &str, value: &str, expected: &str| {
        if value.starts_with('(') {
            lp.bad_key(key, expected)
        } else {
            lp.bad_value(key, value, expected)
        }
    };
    match e {
        Error::Usage {
            field,
            value,
            expected,
        } => match key_of(&field) {
            Some(key) => value_error(key, &value, &expected),
            None => Error::Usage {
                field,
                value,
                expected,
            },
        },
        Error::Invalid {
            field,
            value,
            expected,
        } => match key_of(field.flag()) {
            Some(key) => value_error(key, &value, &expected),
            None => Error::Invalid {
                field,
                value,
                expected,
            },
        },
        Error::Missing { field, why, give } => match key_of(field.flag()) {
            Some(key) => lp.bad_key(key, &format!("{why}: give {}", profile_keys(&give))),
            None => Error::Missing { field, why, give },
        },
        Error::NotApplicable { field, why } => match key_of(field.flag()) {
            Some(key) => lp.bad_key(key, &format!("does not apply: {why}")),
            None => Error::NotApplicable { field, why },
        },
        Error::Limit { field, message } => match key_of(field.flag()) {
            Some(key) => lp.bad_key(key, &message.replacen(field.flag(), key, 1)),
            None => Error::Limit { field, message },
        },
        e => e,
    }
}

/// The profile keys that give these inputs, in words (`cache.size_gb`); a flag where no key gives it.
fn profile_keys(fields: &[Field]) -> String {
    let keys: Vec<&str> = fields
        .iter()
        .map(|f| match f {
            Field::Cache => "cache.size_gb",
            Field::CacheHit => "cache.hit_rate",
            Field::DurationMs => "backend.duration_ms",
            Field::MemoryMb => "backend.memory_mb",
            Field::Backend => "[backend]",
            Field::Requests => "requests",
            Field::Messages => "websocket.messages",
            Field::ConnectionMinutes => "websocket.connection_minutes",
            other => other.usage(),
        })
        .collect();
    crate::error::and_list(&keys)
}
