//! `--draws` and `--range-seed`: how the ranges (`ranges.rs`) are drawn, flattened into the commands
//! that price ranges (compare, project, review, sensitivity).

use clap::Args;

use super::parsers::Short;
use crate::model::uncertainty::draws;

/// How the ranges are drawn.
#[derive(Args, Debug, Clone, Default)]
pub struct UncertaintyArgs {
    /// With a range on any input: how many draws to price (100 to 200,000; default 10,000).
    #[arg(long, value_name = "N", value_parser = Short(clap::value_parser!(u32).range(i64::from(draws::MIN_DRAWS)..=i64::from(draws::MAX_DRAWS))))]
    pub draws: Option<u32>,
    /// The seed of the range draws: the same seed gives the same bands (default 1).
    #[arg(long, value_name = "N", value_parser = Short(clap::value_parser!(u64)))]
    pub range_seed: Option<u64>,
}

impl UncertaintyArgs {
    pub fn draws(&self) -> usize {
        self.draws.unwrap_or(draws::DEFAULT_DRAWS) as usize
    }
    pub fn seed(&self) -> u64 {
        self.range_seed.unwrap_or(draws::DEFAULT_SEED)
    }
}
