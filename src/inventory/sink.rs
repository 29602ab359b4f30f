//! Where a template reader's findings about one API go, and the tests of the property -> feature
//! tables: the bottom of the template readers, below `openapi`, `include`, `resource` and `cfn`.

use super::cfn_features::Test;
use super::Value;
use crate::model::inventory::FoundApi;

/// Where findings go: the API, and whether the resource showing them surely exists.
pub struct Sink<'x> {
    pub api: &'x mut FoundApi,
    pub exists: &'x Result<(), String>,
}

impl Sink<'_> {
    /// `feature` is used (or, under an unresolved condition, may be), shown by `by`.
    pub fn uses(&mut self, feature: &str, by: String) {
        match self.exists {
            Ok(()) => self.api.uses(feature, by),
            Err(why) => self.api.unresolved(Some(feature), by, why.clone()),
        }
    }
}

/// Whether a property's value passes a rule's test.
pub(super) fn passes(v: &Value, test: Test) -> bool {
    match test {
        Test::Present => !v.is_empty(),
        Test::True => v.truthy() == Some(true),
        Test::OneOf(list) => v
            .as_str()
            .is_some_and(|t| list.iter().any(|x| x.eq_ignore_ascii_case(t))),
        Test::Contains(part) => v
            .as_str()
            .is_some_and(|t| t.to_ascii_lowercase().contains(&part.to_ascii_lowercase())),
        Test::StartsWith(p) => v.as_str().is_some_and(|t| t.starts_with(p)),
    }
}
