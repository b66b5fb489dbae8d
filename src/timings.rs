//! Stage timings for performance work: set `NASTAVNIK_TIMINGS=1` to print how long each stage
//! of a build took (to stderr). Off by default; costs one env lookup per build.

use std::time::Instant;

pub struct Stopwatch {
    last: Instant,
    enabled: bool,
}

impl Stopwatch {
    pub fn new() -> Self {
        Stopwatch {
            last: Instant::now(),
            enabled: std::env::var_os("NASTAVNIK_TIMINGS").is_some(),
        }
    }

    /// Prints the time since the previous lap under `label`.
    pub fn lap(&mut self, label: &str) {
        if self.enabled {
            let now = Instant::now();
            eprintln!(
                "[timings] {label}: {:.3} s, peak memory so far {}",
                (now - self.last).as_secs_f64(),
                peak_rss().unwrap_or_else(|| "?".into())
            );
            self.last = now;
        }
    }
}

impl Default for Stopwatch {
    fn default() -> Self {
        Stopwatch::new()
    }
}

/// The peak resident set size so far (Linux: `VmHWM` of `/proc/self/status`).
fn peak_rss() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.trim_start_matches("VmHWM:").trim().to_string())
}
