//! apigw-cost: what Amazon API Gateway will cost and how fast it will be.
//!
//! The model (catalog, tiers, cost, comparison, free tier) is free of I/O and formatting; the renderers
//! format what it computes; `cli` is the one place that parses arguments and does I/O.

pub mod api;
pub mod batch;
pub mod breakeven;
pub mod catalog;
pub mod chart_data;
pub mod cli;
pub mod compare;
pub mod cost;
pub mod error;
pub mod features;
pub mod free_tier;
pub mod import;
pub mod latency;
pub mod limits;
pub mod meter;
pub mod money;
pub mod numbers;
pub mod output;
pub mod profile;
pub mod projection;
pub mod render;
pub mod review;
pub mod tiers;
pub mod workload;

pub use error::{Error, Result};
