//! `model::catalog` for `build.rs`: the model's types and its validation (`build::parse`), without the
//! embedded catalog itself (which this build writes).

include!("../src/model/catalog/types.rs");

/// As `catalog::CLOUDFRONT` (a full load reads CloudFront whatever it is called).
pub const CLOUDFRONT: &str = "cloudfront";

#[path = "../src/model/catalog/bounds.rs"]
mod bounds;
#[path = "../src/model/catalog/build.rs"]
mod build;
#[path = "../src/model/catalog/json.rs"]
pub mod json;
#[path = "../src/model/catalog/raw.rs"]
mod raw;
#[path = "../src/model/catalog/summary.rs"]
mod summary;

/// Parses and validates a whole catalog, as `Catalog::from_json` does.
pub fn validated(text: &str, origin: &str) -> crate::error::Result<Catalog> {
    build::parse(text, origin, None, None)
}
