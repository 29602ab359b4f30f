//! Progress of a pass over a big input on stderr (indicatif): position, rows and rows/s; drawn only
//! when stderr is a terminal and progress is on. `batch` and `reconcile` share it.

use std::io::IsTerminal;
use std::time::Instant;

/// What the bar's position counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counts {
    /// Bytes read (a CSV, a gzip's compressed bytes).
    Bytes,
    /// Rows (Parquet knows its rows, not where it is in bytes).
    Rows,
}

pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
}

impl Progress {
    /// `len`: the total the position runs to, when known (else a spinner).
    pub fn new(enabled: bool, len: Option<u64>, label: &str, counts: Counts) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let target = indicatif::ProgressDrawTarget::stderr_with_hz(4);
            let bar = indicatif::ProgressBar::with_draw_target(len, target);
            let template = match (counts, len) {
                (Counts::Rows, _) => "{prefix} [{bar:30}] {pos}/{len} rows, {msg} ETA {eta}",
                (Counts::Bytes, Some(_)) => {
                    "{prefix} [{bar:30}] {bytes}/{total_bytes} {msg} ETA {eta}"
                }
                (Counts::Bytes, None) => "{prefix} {spinner} {bytes} {msg}",
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(crate::output::shorten(label));
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
        }
    }

    pub fn update(&self, rows: u64, position: u64) {
        if let Some(bar) = &self.bar {
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            bar.set_position(position);
            bar.set_message(format!("{rows} rows, {:.0} rows/s", rows as f64 / secs));
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
