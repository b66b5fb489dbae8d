//! A progress bar for the long commands (`build`, `import plan`) on a terminal.
//!
//! A build of a few hundred pages takes a fraction of a second, and then the bar must not even
//! flicker: it stays hidden for the first second ([`DELAY`]) and appears only if the work is still
//! going. It is never drawn where nobody watches it: when stderr is not a terminal (pipes, CI
//! logs, tests), when `CI` is set, on a `TERM=dumb` terminal, or while `NASTAVNIK_TIMINGS`
//! prints its own lines to stderr. Drawing is left to `indicatif`, which redraws at a bounded
//! rate whatever the number of `inc` calls and fits the line to the terminal's width.
//!
//! One [`Progress`] is shared by reference across rayon's threads (it is `Sync`): the command
//! opens a stage with [`Progress::stage`], the code doing the work calls [`Progress::inc`] per
//! item, and work running beside the stage (the calendar and the search index beside the pages)
//! names itself with [`Progress::beside`] for as long as it runs.
//!
//! `NASTAVNIK_PROGRESS_DELAY_MS` replaces the one-second delay (tests use 0 to show that the bar
//! still stays away from pipes).

use std::borrow::Cow;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before the bar appears.
pub const DELAY: Duration = Duration::from_secs(1);
/// How often the bar is redrawn at most, and the spinner's step while a stage has no count.
const REDRAW_HZ: u8 = 10;
const TICK: Duration = Duration::from_millis(100);

/// The progress of one command; a no-op when hidden. See the module documentation.
pub struct Progress {
    live: Option<Arc<Live>>,
    timer: Mutex<Option<JoinHandle<()>>>,
}

struct Live {
    bar: ProgressBar,
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Default)]
struct State {
    finished: bool,
    shown: bool,
    stage: String,
    beside: Vec<&'static str>,
}

/// Work running beside the current stage; it leaves the bar's line when dropped.
#[must_use = "the name leaves the bar when this is dropped"]
pub struct Beside<'a> {
    progress: &'a Progress,
    name: &'static str,
}

impl Drop for Beside<'_> {
    fn drop(&mut self) {
        if let Some(live) = &self.progress.live {
            let mut state = lock(&live.state);
            if let Some(i) = state.beside.iter().position(|n| *n == self.name) {
                state.beside.remove(i);
            }
            live.bar.set_message(message(&state));
        }
    }
}

impl Progress {
    /// The bar for a command: drawn on stderr after [`DELAY`] when stderr is a terminal someone
    /// watches (see the module documentation), hidden otherwise.
    pub fn stderr() -> Self {
        let env = |name: &str| std::env::var_os(name);
        if !should_show(std::io::stderr().is_terminal(), env) {
            return Progress::hidden();
        }
        let delay = std::env::var("NASTAVNIK_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|ms| ms.trim().parse().ok())
            .map_or(DELAY, Duration::from_millis);
        Progress::with_target(|| ProgressDrawTarget::stderr_with_hz(REDRAW_HZ), delay)
    }

    /// A progress that draws nothing and costs nothing: for `serve`, `check` and tests.
    pub fn hidden() -> Self {
        Progress {
            live: None,
            timer: Mutex::new(None),
        }
    }

    /// A bar drawn on the target `make` gives, once `delay` has passed without [`finish`].
    ///
    /// [`finish`]: Progress::finish
    pub fn with_target(
        make: impl FnOnce() -> ProgressDrawTarget + Send + 'static,
        delay: Duration,
    ) -> Self {
        let live = Arc::new(Live {
            bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
        });
        live.bar.set_style(spinner_style());
        // No delay: shown from the start, without waiting for a thread to be scheduled (on a
        // busy machine a short command could otherwise end before the bar ever appears).
        let timer = if delay.is_zero() {
            show(&live, &mut lock(&live.state), make());
            None
        } else {
            let live = Arc::clone(&live);
            Some(std::thread::spawn(move || {
                let state = lock(&live.state);
                let (mut state, _) = live
                    .wake
                    .wait_timeout_while(state, delay, |s| !s.finished)
                    .unwrap_or_else(PoisonError::into_inner);
                if !state.finished {
                    show(&live, &mut state, make());
                }
            }))
        };
        Progress {
            live: Some(live),
            timer: Mutex::new(timer),
        }
    }

    /// Starts a stage: `name` is its Russian label («Страницы»), `total` the number of items
    /// [`inc`] will count (0 when unknown: a spinner with the time instead of a bar).
    ///
    /// [`inc`]: Progress::inc
    pub fn stage(&self, name: &str, total: u64) {
        let Some(live) = &self.live else { return };
        let mut state = lock(&live.state);
        state.stage = name.to_string();
        live.bar.set_style(if total > 0 {
            bar_style()
        } else {
            spinner_style()
        });
        live.bar.set_length(total);
        live.bar.set_position(0);
        live.bar.set_message(message(&state));
    }

    /// Counts `n` more items of the current stage done. Cheap enough to call per page from
    /// every thread: a counter update, and a redraw at most [`REDRAW_HZ`] times a second.
    pub fn inc(&self, n: u64) {
        if let Some(live) = &self.live {
            live.bar.inc(n);
        }
    }

    /// Names work that runs beside the current stage («Календарь», «Поиск») until the returned
    /// guard is dropped.
    pub fn beside(&self, name: &'static str) -> Beside<'_> {
        if let Some(live) = &self.live {
            let mut state = lock(&live.state);
            state.beside.push(name);
            live.bar.set_message(message(&state));
        }
        Beside {
            progress: self,
            name,
        }
    }

    /// Ends the progress and clears the bar's line, so the command's own summary follows on a
    /// clean terminal; after this nothing is ever drawn. Safe to call twice; dropping calls it.
    pub fn finish(&self) {
        let Some(live) = &self.live else { return };
        {
            let mut state = lock(&live.state);
            if !state.finished {
                state.finished = true;
                if state.shown {
                    live.bar.finish_and_clear();
                    live.bar.set_draw_target(ProgressDrawTarget::hidden());
                }
            }
        }
        live.wake.notify_all();
        let timer = self
            .timer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(timer) = timer {
            // The timer thread only waits and swaps the draw target: it cannot panic in a way
            // worth reporting over the command's own result.
            let _ = timer.join();
        }
    }

    /// Runs `f` (which prints to the terminal) with the bar taken off the screen, so its lines
    /// and the bar do not mix; the bar comes back on its next redraw.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.live {
            Some(live) => live.bar.suspend(f),
            None => f(),
        }
    }

    /// Whether the bar has appeared (the delay passed before [`finish`]).
    ///
    /// [`finish`]: Progress::finish
    pub fn is_shown(&self) -> bool {
        self.live.as_ref().is_some_and(|l| lock(&l.state).shown)
    }

    /// Items counted in the current stage.
    pub fn position(&self) -> u64 {
        self.live.as_ref().map_or(0, |l| l.bar.position())
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Puts the bar on the screen (called with the state locked, so `finish` cannot interleave).
fn show(live: &Live, state: &mut State, target: ProgressDrawTarget) {
    state.shown = true;
    live.bar.set_draw_target(target);
    // Drawn at once, not at the first tick or count.
    live.bar.tick();
    live.bar.enable_steady_tick(TICK);
}

/// Whether a bar may be drawn on stderr: only on a real terminal, not in CI (whose log may be a
/// terminal emulation), not on a terminal that cannot move the cursor, and not while the stage
/// timings print their own lines.
fn should_show(is_terminal: bool, env: impl Fn(&str) -> Option<OsString>) -> bool {
    is_terminal
        && env("CI").is_none()
        && env("NASTAVNIK_TIMINGS").is_none()
        && env("TERM").is_none_or(|t| t != "dumb")
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // The state is a few plain values written whole: a panic elsewhere cannot leave it torn.
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The bar's text: the stage, then the work beside it.
fn message(state: &State) -> Cow<'static, str> {
    if state.beside.is_empty() {
        Cow::Owned(state.stage.clone())
    } else {
        Cow::Owned(format!(
            "{} (и ещё: {})",
            state.stage,
            state.beside.join(", ")
        ))
    }
}

fn bar_style() -> ProgressStyle {
    // The template is fixed and valid; a failure would be a bug caught by the tests below.
    ProgressStyle::with_template("{msg} [{wide_bar}] {pos}/{len} · {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg}… {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .tick_chars("|/-\\ ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::TermLike;
    use std::time::Instant;

    /// A terminal that records what is drawn on it.
    #[derive(Debug, Clone, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl Screen {
        fn text(&self) -> String {
            self.0.lock().unwrap().clone()
        }

        fn push(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }

        fn target(&self) -> impl FnOnce() -> ProgressDrawTarget + Send + 'static {
            let screen = self.clone();
            move || ProgressDrawTarget::term_like_with_hz(Box::new(screen), 50)
        }

        /// Waits (at most 5 s) until the screen shows `what`.
        fn wait_for(&self, what: &str) {
            let deadline = Instant::now() + Duration::from_secs(5);
            while !self.text().contains(what) {
                assert!(
                    Instant::now() < deadline,
                    "«{what}» never drawn: {:?}",
                    self.text()
                );
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            80
        }
        fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
            self.push(&format!("<up {n}>"))
        }
        fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
            self.push(&format!("<down {n}>"))
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.push(s)?;
            self.push("\n")
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.push(s)
        }
        fn clear_line(&self) -> std::io::Result<()> {
            self.push("<clear>")
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn is_shared_across_threads() {
        fn sync_and_send<T: Sync + Send>() {}
        sync_and_send::<Progress>();
    }

    #[test]
    fn shown_only_on_a_terminal_outside_ci() {
        let none = |_: &str| None;
        assert!(should_show(true, none));
        assert!(!should_show(false, none), "a pipe or a log file");
        let ci = |n: &str| (n == "CI").then(|| OsString::from("true"));
        assert!(!should_show(true, ci));
        let dumb = |n: &str| (n == "TERM").then(|| OsString::from("dumb"));
        assert!(!should_show(true, dumb));
        let xterm = |n: &str| (n == "TERM").then(|| OsString::from("xterm-256color"));
        assert!(should_show(true, xterm));
        let timings = |n: &str| (n == "NASTAVNIK_TIMINGS").then(|| OsString::from("1"));
        assert!(!should_show(true, timings));
    }

    #[test]
    fn a_fast_command_draws_nothing_and_does_not_wait_for_the_delay() {
        let screen = Screen::default();
        let started = Instant::now();
        let progress = Progress::with_target(screen.target(), Duration::from_secs(30));
        progress.stage("Страницы", 100);
        progress.inc(100);
        progress.finish();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "finish waited for the delay"
        );
        assert!(!progress.is_shown());
        assert_eq!(screen.text(), "");
        // Nothing after the end either.
        progress.stage("Запись", 0);
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(screen.text(), "");
    }

    #[test]
    fn a_slow_command_shows_its_stage_count_and_work_beside_after_the_delay() {
        let screen = Screen::default();
        let progress = Progress::with_target(screen.target(), Duration::from_millis(200));
        progress.stage("Страницы", 10);
        progress.inc(3);
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(screen.text(), "", "drawn before the delay");
        assert!(!progress.is_shown());
        screen.wait_for("3/10");
        assert!(progress.is_shown());
        assert!(screen.text().contains("Страницы"), "{}", screen.text());
        {
            let _calendar = progress.beside("Календарь");
            progress.inc(1);
            screen.wait_for("Страницы (и ещё: Календарь)");
        }
        progress.stage("Запись", 0);
        screen.wait_for("Запись…");
        let before_finish = screen.text().len();
        progress.finish();
        // The line is cleared for the command's summary, and nothing is drawn after it.
        let after = screen.text();
        assert!(after[before_finish..].contains("<clear>"), "{after:?}");
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(screen.text(), after);
    }

    #[test]
    fn no_delay_shows_at_once() {
        let screen = Screen::default();
        let progress = Progress::with_target(screen.target(), Duration::ZERO);
        assert!(progress.is_shown());
        progress.stage("Чтение файлов", 0);
        screen.wait_for("Чтение файлов…");
    }

    #[test]
    fn counts_from_many_threads() {
        use rayon::prelude::*;
        let progress = Progress::with_target(ProgressDrawTarget::hidden, Duration::ZERO);
        progress.stage("Страницы", 8000);
        (0..8000).into_par_iter().for_each(|_| progress.inc(1));
        assert_eq!(progress.position(), 8000);
        progress.stage("Запись", 10);
        assert_eq!(progress.position(), 0, "a new stage counts from zero");
    }

    #[test]
    fn hidden_does_nothing() {
        let progress = Progress::hidden();
        progress.stage("Страницы", 5);
        let _b = progress.beside("Поиск");
        progress.inc(5);
        assert_eq!(progress.position(), 0);
        assert!(!progress.is_shown());
        progress.finish();
        progress.finish();
    }
}
