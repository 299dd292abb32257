//! The progress bar of long runs: on stderr, only when stderr is a terminal, only once
//! the run has lasted half a second, never with `--quiet`. CI logs and pipes get nothing,
//! and it never shows a source value (only counts and the stage).

use crate::pipeline::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a run goes before the bar appears: short runs stay silent.
const DELAY: Duration = Duration::from_millis(500);

/// A bar over the files of a batch, with the stage the run is at.
pub struct Bar {
    bar: ProgressBar,
    start: Instant,
    enabled: bool,
    shown: AtomicBool,
}

impl Bar {
    /// A bar that will show only if `wanted` and stderr is a terminal.
    pub fn new(wanted: bool) -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style =
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        Bar {
            bar,
            start: Instant::now(),
            enabled: wanted && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    fn show_if_long(&self) {
        if self.enabled
            && self.start.elapsed() >= DELAY
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Removes the bar, leaving the terminal as it was.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn files(&self, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_message("lecture des fichiers");
        self.show_if_long();
    }

    fn file_done(&self) {
        self.bar.inc(1);
        self.show_if_long();
    }

    fn stage(&self, what: &str) {
        // `ROPA_PROFILE=1`: when each stage begins, for the benchmarks (no source value)
        if std::env::var_os("ROPA_PROFILE").is_some() {
            eprintln!(
                "{:>8.2} s  {:>6} MB  {what}",
                self.start.elapsed().as_secs_f64(),
                resident_mb()
            );
        }
        self.bar.set_message(what.to_string());
        self.show_if_long();
    }
}

/// The process's resident memory in MB, for `ROPA_PROFILE` (0 where `/proc` is absent).
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_is_for_terminals_and_not_for_quiet_runs() {
        assert!(!Bar::new(false).enabled, "--quiet silences it");
        // under `cargo test` stderr is captured or piped: no bar, whatever is asked
        assert_eq!(Bar::new(true).enabled, std::io::stderr().is_terminal());
        let bar = Bar::new(true);
        bar.files(3);
        bar.file_done();
        bar.stage("contrôles");
        assert_eq!(bar.bar.position(), 1);
        assert_eq!(bar.bar.length(), Some(3));
        assert!(bar.bar.is_hidden() || std::io::stderr().is_terminal());
    }
}
