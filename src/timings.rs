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
                "[timings] {label}: {:.3} s, memory now {}, peak so far {}",
                (now - self.last).as_secs_f64(),
                status_field("VmRSS").unwrap_or_else(|| "?".into()),
                status_field("VmHWM").unwrap_or_else(|| "?".into())
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

/// A field of `/proc/self/status` (Linux): `VmRSS`, the resident set size now, or `VmHWM`,
/// its peak so far.
fn status_field(name: &str) -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.strip_prefix(name).is_some_and(|r| r.starts_with(':')))?;
    Some(line[name.len() + 1..].trim().to_string())
}
