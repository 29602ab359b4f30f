//! The files a command reads, so that no output of it may be one of them (`io::refuse_inputs`).

use std::path::Path;

use super::args::{Command, Global, PricesCommand, TrafficArgs};
use super::import::ImportCommand;

impl TrafficArgs {
    fn files(&self) -> Vec<&Path> {
        self.profile.iter().map(|p| p.as_path()).collect()
    }
}

impl Command {
    /// Every file the command reads: its positional files, `--profile`, `--prices`, `--volumes`,
    /// `--latency-data`, `--usage`, `--queries`, `--template`.
    pub fn input_files<'a>(&'a self, g: &'a Global) -> Vec<&'a Path> {
        let mut out: Vec<&Path> = g.prices.iter().map(|p| p.as_path()).collect();
        let latency = |l: &'a super::LatencyArgs| l.latency_data.iter().map(|p| p.as_path());
        match self {
            Command::Quote(a) => out.extend(a.traffic.files()),
            Command::Compare(a) => {
                out.extend(a.traffic.files());
                out.extend(latency(&a.latency));
            }
            Command::Project(a) => {
                out.extend(a.traffic.files());
                out.extend(a.volumes.as_deref());
            }
            Command::Breakeven(a) => out.extend(a.traffic.files()),
            Command::Sensitivity(a) => out.extend(a.traffic.files()),
            Command::Forecast(a) => out.extend(a.history.iter().map(|p| p.as_path())),
            Command::Latency(a) => {
                out.extend(a.traffic.files());
                out.extend(latency(&a.latency));
            }
            Command::Chart(a) => {
                out.extend(a.traffic.files());
                out.extend(latency(&a.latency));
            }
            Command::Review(a) => {
                out.extend(a.profile.as_deref());
                out.extend(a.template.template.as_deref());
                out.extend(a.template.usage.as_deref());
                out.extend(a.template.traffic.files());
            }
            Command::Batch(a) => out.push(&a.input),
            Command::Inventory(a) => out.extend(a.files.iter().map(|p| p.as_path())),
            Command::Reconcile(a) => out.extend(a.files.iter().map(|p| p.as_path())),
            Command::Import(ImportCommand::Cloudwatch(a)) => {
                out.extend(a.results.iter().map(|p| p.as_path()));
                out.extend(a.queries.iter().map(|p| p.as_path()));
            }
            Command::Prices(p) => match p {
                PricesCommand::Validate(v) => out.extend(v.file.as_deref()),
                PricesCommand::Import(i) => out.extend(i.files.iter().map(|p| p.as_path())),
                PricesCommand::Diff(d) => {
                    out.extend([d.old.as_path(), d.new.as_path()]);
                    out.extend(d.traffic.files());
                }
                PricesCommand::List
                | PricesCommand::Show
                | PricesCommand::Sources
                | PricesCommand::Update(_) => {}
            },
            Command::Features | Command::Completions(_) | Command::Man => {}
        }
        out
    }
}
