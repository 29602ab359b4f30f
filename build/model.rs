//! The part of the crate's `model` that validating a catalog needs, compiled into `build.rs` from the
//! crate's own files (`#[path]`), so the build checks the embedded catalog with the run-time rules.

#[path = "catalog.rs"]
pub mod catalog;
#[path = "../src/model/meter.rs"]
pub mod meter;
#[path = "../src/model/numbers.rs"]
pub mod numbers;
#[path = "../src/model/tiers.rs"]
pub mod tiers;
