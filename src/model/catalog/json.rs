//! JSON checks that serde's derived structs cannot make, shared by every JSON input the model reads
//! (the price catalog, the latency data, AWS's metered unit map): a key written twice in one object
//! (serde_json keeps the last one silently), and values shortened for error messages.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// A key that appears twice in one JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The keys (and `[i]` array indices) leading to the object, outermost first; empty at the top.
    pub path: Vec<String>,
    /// The repeated key.
    pub key: String,
}

impl DuplicateKey {
    /// The object's path as `regions.us-east-1.rest.tiers[0]` (`(top level)` when empty).
    pub fn at(&self) -> String {
        dotted(&self.path)
    }
}

/// How a JSON document fails the structural checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Structure {
    /// A key written twice in one object.
    Duplicate(DuplicateKey),
    /// Not JSON, or nested deeper than serde_json's limit (128 levels); the message says which.
    Invalid(String),
}

/// `path` joined with dots, array indices appended as `[i]`.
pub fn dotted(path: &[String]) -> String {
    if path.is_empty() {
        return "(top level)".into();
    }
    let mut s = String::new();
    for p in path {
        if p.starts_with('[') || s.is_empty() {
            s.push_str(p);
        } else {
            s.push('.');
            s.push_str(p);
        }
    }
    s
}

/// Walks the whole document once and reports the first key written twice in the same object. Nesting
/// is bounded by serde_json's recursion limit, so a hostile 10,000-level document is an error, not a
/// stack overflow.
pub fn check_structure(text: &str) -> std::result::Result<(), Structure> {
    let mut path = Vec::new();
    let mut found = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let walked = Walk {
        path: &mut path,
        found: &mut found,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match (walked, found) {
        (_, Some(d)) => Err(Structure::Duplicate(d)),
        (Err(e), None) => Err(Structure::Invalid(e.to_string())),
        (Ok(()), None) => Ok(()),
    }
}

struct Walk<'a> {
    path: &'a mut Vec<String>,
    found: &'a mut Option<DuplicateKey>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Walk { path, found } = self;
        let mut i = 0usize;
        loop {
            path.push(format!("[{i}]"));
            let next = seq.next_element_seed(Walk {
                path: &mut *path,
                found: &mut *found,
            });
            path.pop();
            if next?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Walk { path, found } = self;
        let mut seen: HashSet<String> = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                *found = Some(DuplicateKey {
                    path: path.clone(),
                    key,
                });
                return Err(de::Error::custom("duplicate key"));
            }
            path.push(key.clone());
            let r = map.next_value_seed(Walk {
                path: &mut *path,
                found: &mut *found,
            });
            path.pop();
            r?;
            seen.insert(key);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_found_with_its_path() {
        let e = check_structure(r#"{"a":{"b":[1,{"c":1,"c":2}]}}"#).unwrap_err();
        let Structure::Duplicate(d) = e else {
            panic!("{e:?}")
        };
        assert_eq!(d.key, "c");
        assert_eq!(d.at(), "a.b[1]");
        assert!(check_structure(r#"{"a":1,"b":{"a":1}}"#).is_ok());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(matches!(
            check_structure(&deep),
            Err(Structure::Invalid(m)) if m.contains("recursion limit")
        ));
    }
}
