//! Progress of a pass on stderr (indicatif): bytes read, rows and rows/s; drawn only when stderr is
//! a terminal and `--progress` is on.

use std::io::IsTerminal;
use std::time::Instant;

pub(super) struct Progress {
    bar: Option<indicatif::ProgressBar>,
    start: Instant,
}

impl Progress {
    pub(super) fn new(enabled: bool, len: Option<u64>, label: &str) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let target = indicatif::ProgressDrawTarget::stderr_with_hz(4);
            let (bar, template) = match len {
                Some(n) => (
                    indicatif::ProgressBar::with_draw_target(Some(n), target),
                    "{prefix} [{bar:30}] {bytes}/{total_bytes} {msg} ETA {eta}",
                ),
                None => (
                    indicatif::ProgressBar::with_draw_target(None, target),
                    "{prefix} {spinner} {bytes} {msg}",
                ),
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(label.to_string());
            bar
        });
        Progress {
            bar,
            start: Instant::now(),
        }
    }

    pub(super) fn update(&self, rows: u64, bytes: u64) {
        if let Some(bar) = &self.bar {
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            bar.set_position(bytes);
            bar.set_message(format!("{rows} rows, {:.0} rows/s", rows as f64 / secs));
        }
    }

    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
