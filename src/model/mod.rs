//! The model: prices, traffic, cost, comparison, free tier, break-even, projection, latency and limits.
//! No I/O and no formatting: it computes, the renderers format, the commands read and write.

pub mod api;
pub mod around;
pub mod breakeven;
pub mod calendar;
pub mod catalog;
pub mod cloudwatch;
pub mod compare;
pub mod cost;
pub mod evidence;
pub mod features;
pub mod forecast;
pub mod free_tier;
pub mod import;
pub mod inputs;
pub mod inventory;
pub mod latency;
pub mod limits;
pub mod meter;
pub mod numbers;
pub mod price_diff;
pub mod profile;
pub mod projection;
pub mod reconcile;
pub mod review;
pub mod tiers;
pub mod uncertainty;
pub mod workload;
