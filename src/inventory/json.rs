//! JSON to a [`Value`] tree, keys in file order, a repeated key an error naming it and its line.
//!
//! serde_json's own `Value` keeps the last of two equal keys and sorts the rest: a second `Properties`
//! silently replaced the first (dropping `PRIVATE` flipped a verdict) and a second `Resources` emptied
//! the template. This visitor builds the tree directly (no second copy of a large plan in memory) and
//! refuses a key a mapping already has; serde_json adds the line and column to the message and keeps
//! its own nesting limit (128).

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Value;

/// Parses JSON text; errors carry serde_json's line and column.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let v = Doc::deserialize(&mut de).map_err(|e| format!("not valid JSON: {e}"))?;
    de.end().map_err(|e| format!("not valid JSON: {e}"))?;
    Ok(v.0)
}

struct Doc(Value);

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Doc, D::Error> {
        d.deserialize_any(V).map(Doc)
    }
}

struct V;

/// Mappings with more keys than this check repeats with a hash set, smaller ones by a scan.
const SCAN: usize = 16;

impl<'de> Visitor<'de> for V {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Num(n.to_string()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Num(n.to_string()))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Num(
            serde_json::Number::from_f64(n).map_or_else(|| n.to_string(), |x| x.to_string()),
        ))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Str(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::Str(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Doc(v)) = a.next_element()? {
            out.push(v);
        }
        out.shrink_to_fit();
        Ok(Value::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Value, A::Error> {
        let mut out: Vec<(String, Value)> = Vec::new();
        let mut seen: Option<HashSet<String>> = None;
        while let Some(k) = a.next_key::<String>()? {
            let repeated = match &mut seen {
                Some(set) => !set.insert(k.clone()),
                None => out.iter().any(|(x, _)| *x == k),
            };
            if repeated {
                return Err(de::Error::custom(format_args!(
                    "the key '{}' appears twice in one object (the second would silently replace the first)",
                    crate::error::shorten(&k)
                )));
            }
            if seen.is_none() && out.len() >= SCAN {
                seen = Some(
                    out.iter()
                        .map(|(x, _)| x.clone())
                        .chain([k.clone()])
                        .collect(),
                );
            }
            let Doc(v) = a.next_value()?;
            out.push((k, v));
        }
        out.shrink_to_fit();
        Ok(Value::Map(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order_and_numbers_their_text() {
        let v = parse(r#"{"b": 1, "a": [true, null, 2.5, "x"], "c": {}}"#).unwrap();
        let Value::Map(m) = &v else { panic!() };
        let keys: Vec<_> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(v.get("b"), Some(&Value::Num("1".into())));
        assert_eq!(
            v.get("a"),
            Some(&Value::Seq(vec![
                Value::Bool(true),
                Value::Null,
                Value::Num("2.5".into()),
                Value::Str("x".into())
            ]))
        );
    }

    #[test]
    fn a_repeated_key_is_named_with_its_line() {
        let e = parse("{\n \"Resources\": {},\n \"Resources\": {}\n}").unwrap_err();
        assert!(
            e.contains("'Resources' appears twice") && e.contains("line 3"),
            "{e}"
        );
        // In a large object too (the hash-set path).
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k7\": 0}}", many.join(", "));
        assert!(parse(&text).unwrap_err().contains("'k7' appears twice"));
    }

    #[test]
    fn trailing_text_is_an_error() {
        assert!(parse("{} {}").unwrap_err().contains("trailing"));
    }
}
