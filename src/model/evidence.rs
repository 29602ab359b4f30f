//! What shows each feature an API uses: feature id -> the resources and properties behind it, sorted by
//! feature id. A sorted vector rather than a `BTreeMap`: an API uses a handful of features, and a
//! `BTreeMap`'s first node alone is about 540 bytes, which for an inventory of 360,000 APIs was 190 MB
//! of empty slots. Iterates, serializes and answers `contains_key`/`get`/`keys` as the map did.

use serde::ser::{Serialize, SerializeMap, Serializer};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence(Vec<(String, Vec<String>)>);

impl Evidence {
    pub fn new() -> Evidence {
        Evidence(Vec::new())
    }

    /// The list for `feature`, created (in order) when absent.
    pub fn list_mut(&mut self, feature: &str) -> &mut Vec<String> {
        let i = match self.0.binary_search_by(|(k, _)| k.as_str().cmp(feature)) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (feature.to_string(), Vec::new()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn get(&self, feature: &str) -> Option<&Vec<String>> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(feature))
            .ok()
            .map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, feature: &str) -> bool {
        self.get(feature).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Vec<String>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Evidence {
    type Item = (&'a String, &'a Vec<String>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Vec<String>)>,
        fn(&'a (String, Vec<String>)) -> (&'a String, &'a Vec<String>),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl std::ops::Index<&str> for Evidence {
    type Output = Vec<String>;
    fn index(&self, feature: &str) -> &Vec<String> {
        self.get(feature)
            .unwrap_or_else(|| panic!("no evidence for {feature}"))
    }
}

impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_sorted_like_the_map_it_replaces() {
        let mut e = Evidence::new();
        e.list_mut("waf").push("a".into());
        e.list_mut("api-keys").push("b".into());
        e.list_mut("waf").push("c".into());
        assert_eq!(e.keys().collect::<Vec<_>>(), ["api-keys", "waf"]);
        assert_eq!(e["waf"], ["a", "c"]);
        assert!(e.contains_key("api-keys") && !e.contains_key("xray"));
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"api-keys":["b"],"waf":["a","c"]}"#
        );
    }
}
