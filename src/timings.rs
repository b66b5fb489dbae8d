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
                "[timings] {label}: {:.3} s, memory now {} ({} of it mapped files), peak so far {}",
                (now - self.last).as_secs_f64(),
                status_field("VmRSS").unwrap_or_else(|| "?".into()),
                status_field("RssFile").unwrap_or_else(|| "?".into()),
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

/// A field of `/proc/self/status` (Linux): `VmRSS`, the resident set size now, `RssFile`, the
/// part of it that is mapped files (the binary, with the dictionary the search index reads in
/// place), or `VmHWM`, its peak so far.
fn status_field(name: &str) -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.strip_prefix(name).is_some_and(|r| r.starts_with(':')))?;
    Some(line[name.len() + 1..].trim().to_string())
}

/// Time spent in the parts of a parallel stage, summed over the threads that ran them: the
/// pages are rendered on every core, so a stage's wall time does not show how much of it is
/// building contexts and how much is Tera executing the templates. Off (and free) unless
/// `NASTAVNIK_TIMINGS` is set.
pub struct Tally {
    enabled: bool,
    parts: Vec<(&'static str, std::sync::atomic::AtomicU64)>,
}

impl Tally {
    pub fn new(labels: &[&'static str]) -> Self {
        Tally {
            enabled: std::env::var_os("NASTAVNIK_TIMINGS").is_some(),
            parts: labels
                .iter()
                .map(|&l| (l, std::sync::atomic::AtomicU64::new(0)))
                .collect(),
        }
    }

    /// Runs `f`, adding its time to part `part` when timings are on.
    #[inline]
    pub fn time<T>(&self, part: usize, f: impl FnOnce() -> T) -> T {
        if !self.enabled {
            return f();
        }
        let started = Instant::now();
        let result = f();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.parts[part]
            .1
            .fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
        result
    }

    /// Prints each part's summed time under `label`.
    pub fn print(&self, label: &str) {
        if self.enabled {
            let parts: Vec<String> = self
                .parts
                .iter()
                .map(|(l, n)| {
                    let seconds = n.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1e9;
                    format!("{l} {seconds:.3} s")
                })
                .collect();
            eprintln!(
                "[timings] {label} (summed over threads): {}",
                parts.join(", ")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering::Relaxed;

    /// A tally gives back what it timed, adds the time to that part alone, and adds nothing
    /// when timings are off.
    #[test]
    fn a_tally_adds_to_its_part_only_when_on() {
        let mut on = Tally::new(&["contexts", "templates"]);
        on.enabled = true;
        let got = on.time(1, || {
            std::thread::sleep(std::time::Duration::from_millis(2));
            7
        });
        assert_eq!(got, 7);
        assert_eq!(on.parts[0].1.load(Relaxed), 0);
        assert!(on.parts[1].1.load(Relaxed) >= 2_000_000);
        let mut off = Tally::new(&["contexts"]);
        off.enabled = false;
        assert_eq!(off.time(0, || 3), 3);
        assert_eq!(off.parts[0].1.load(Relaxed), 0);
    }
}
