//! apigw-cost: what Amazon API Gateway will cost and how fast it will be.
//!
//! Data flows one way: `cli` (arguments, profile merging, file loading) -> `commands` (one per
//! subcommand) -> `model` (prices, traffic, cost, break-even, latency: no I/O, no formatting);
//! `render` formats what the model computes; `batch` streams the finance CSV.

pub mod batch;
pub mod bill;
pub mod cli;
pub mod cloudwatch;
pub mod commands;
pub mod error;
pub mod inventory;
pub mod io;
pub mod model;
pub mod money;
pub mod output;
pub mod render;
pub mod report;

pub use error::{Error, Result};
