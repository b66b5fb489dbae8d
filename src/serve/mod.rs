//! The preview server behind `nastavnik serve`: builds the site into memory, serves the last good
//! build over HTTP on loopback, rebuilds when a source file changes, and makes every open page
//! reload itself (or show the errors) through a tiny injected script that long-polls the server.
//!
//! Long polling rather than Server-Sent Events: a poll is an ordinary short request, so a page
//! that is closed, a browser that drops the connection or a proxy that buffers never leaves a
//! thread stuck writing to a dead socket for longer than one poll, and the number of waiting
//! polls is capped, so many open tabs cannot pile up waiting threads.
//!
//! Every connection has its own thread (see `connection.rs`), so a long poll or a slow download
//! holds up only its own connection, and requests name this computer in `Host` (see `host.rs`).
//!
//! A broken edit never stops the server: the last good build keeps being served, and the errors
//! (file, line, message, hint, in Russian) go to the terminal and to an overlay on every open page.
//! Rebuilds are incremental (see `session.rs`): an edited page is re-rendered with the lists,
//! taxonomy pages and feeds that show it, and the page reloads at once; the calendar and the
//! search index follow, and requests for their files wait until they are current.

pub mod connection;
pub mod editor;
pub mod host;
pub mod http;
pub mod session;

use std::collections::{HashMap, HashSet};
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::build::BuildOptions;
use crate::output::{Content, Output};
use crate::ru::os_error;
use connection::{Request, Response, Server};
use host::Hosts;
use http::Target;
use session::{Changes, Session};

/// Where the reload script is served; a path no site page can have (`__` is not in slugs).
pub const RELOAD_JS: &str = "/__nastavnik/reload.js";
/// The long-poll endpoint: `?v=N` waits until the build version is not N.
pub const POLL: &str = "/__nastavnik/poll";
const RELOAD_SCRIPT: &str = include_str!("reload.js");

/// How long a poll waits for a change before answering "no change".
const POLL_WAIT: Duration = Duration::from_secs(20);
/// Polls that may wait at once; more are answered at once and the page polls again later.
const MAX_WAITING_POLLS: usize = 8;
/// Editors save in bursts (temporary file, rename, metadata) that take a few milliseconds:
/// wait for this much quiet. Every millisecond here is a millisecond before the page reloads.
const DEBOUNCE: Duration = Duration::from_millis(50);
/// The quiet waited for once the burst's last event says its file is complete: closed after
/// writing, or renamed into place (Linux reports both; elsewhere [`DEBOUNCE`] applies). Only
/// the rest of the same save can follow, such as a second file or a backup removed.
const DEBOUNCE_SETTLED: Duration = Duration::from_millis(10);
/// How long a request for a file being remade (calendar, search index) waits for it.
const PENDING_WAIT: Duration = Duration::from_secs(60);
/// How long a request for a file the output lacks waits while files are being remade.
const MISS_WAIT: Duration = Duration::from_secs(5);

/// The preview server's settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub drafts: bool,
    /// Watch the sources and rebuild on change (off in tests that rebuild by hand).
    pub watch: bool,
    /// Names requests may give in `Host` besides this computer's loopback names and the bound
    /// address (`--allow-host`; see [`host`]).
    pub allow_hosts: Vec<String>,
    /// Allow the browser editor on a bind other computers can reach (`--editor`); it then asks
    /// for a password printed at start-up. On loopback the editor is always on.
    pub editor: bool,
}

/// The state every worker reads.
struct State {
    /// The last good build.
    output: Option<Arc<Output>>,
    /// The diagnostics of the last build, when it failed; `None` when it succeeded.
    error: Option<String>,
    /// Increases with every build, good or bad; pages reload when it changes.
    version: u64,
    /// Files of `output` being remade after an edit (the calendar, the search index): requests
    /// for them, and for files `output` lacks, wait until they are current.
    pending: Arc<HashSet<PathBuf>>,
    /// The content file (relative to `content/`) each page of `output` was made from, by the
    /// page's output path: the editor's «Редактировать» link.
    sources: Arc<HashMap<PathBuf, String>>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    waiting_polls: AtomicUsize,
    stop: AtomicBool,
    /// The site folder, resolved: copied files must really be inside it.
    real_root: Option<PathBuf>,
    /// The build kept between edits; only the rebuild thread (or a test) uses it.
    session: Mutex<Session>,
    editor: editor::Editor,
}

/// A running server; dropping it stops the server and its threads.
pub struct Handle {
    addr: SocketAddr,
    server: Server,
    shared: Arc<Shared>,
    options: BuildOptions,
    threads: Vec<JoinHandle<()>>,
    _watcher: Option<notify::RecommendedWatcher>,
}

/// The result of one build, for the terminal.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub ok: bool,
    pub elapsed: Duration,
    /// The rendered diagnostics (errors and warnings), plain text.
    pub diagnostics: String,
    pub files: usize,
    /// Files rendered by this build (the rest were reused from the last one).
    pub rendered: usize,
    /// Whether only changed files were read again.
    pub incremental: bool,
    /// How long the calendar and search index took after the pages, when they were remade.
    pub finished_after: Option<Duration>,
    /// Whether the calendar and search index are still being remade after this build.
    pub catching_up: bool,
}

/// Binds, builds once, and starts serving (and watching, if asked). Fails with a Russian message
/// when the address cannot be bound.
pub fn start(config: &Config) -> Result<(Handle, BuildReport), String> {
    // One spelling of the site folder for the watcher and the build, so the paths the watcher
    // reports name the files the build cached.
    let root = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    let listener = bind(config)?;
    let local = listener.local_addr().map_err(|e| {
        format!(
            "не удалось узнать адрес сервера: {}",
            os_error::describe(&e)
        )
    })?;
    let host = if local.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        local.ip().to_string()
    };
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    let options = BuildOptions {
        root: root.clone(),
        base_url: Some(format!("http://{host}:{}/", local.port())),
        drafts: config.drafts,
    };
    // Other computers may reach a server not bound to loopback: the editor then needs
    // `--editor` and a password.
    let loopback = local.ip().is_loopback();
    let editor = editor::Editor::new(
        &root,
        options.load_options(),
        loopback || config.editor,
        (!loopback && config.editor).then(|| editor::random_token()[..12].to_string()),
    );
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            output: None,
            error: None,
            version: 0,
            pending: Arc::default(),
            sources: Arc::default(),
        }),
        changed: Condvar::new(),
        waiting_polls: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        real_root: root.canonicalize().ok(),
        session: Mutex::new(Session::new(options.clone())),
        editor,
    });
    let mut report = rebuild_into(&shared, &Changes::Everything);
    if !config.watch {
        report.finished_after = finish_pending(&shared);
        report.catching_up = false;
    }
    // With a watcher, the calendar and search index are made by the rebuild thread while the
    // pages are already served (requests for their files wait for them).
    let hosts = Hosts::new(local.ip(), &config.allow_hosts);
    let answering = Arc::clone(&shared);
    let own_url = options.base_url.clone().unwrap_or_default();
    let (server, accepting) = Server::start(listener, move |request| {
        respond(request, &answering, &hosts, &own_url)
    })
    .map_err(|e| format!("не удалось запустить сервер: {}", os_error::describe(&e)))?;
    let mut threads = vec![accepting];
    let watcher = if config.watch {
        let (tx, rx) = mpsc::channel();
        let watcher = watch(&root, tx)?;
        let shared = Arc::clone(&shared);
        let root = root.clone();
        threads.push(std::thread::spawn(move || {
            rebuild_loop(&rx, &shared, &root)
        }));
        Some(watcher)
    } else {
        None
    };
    Ok((
        Handle {
            addr: local,
            server,
            shared,
            options,
            threads,
            _watcher: watcher,
        },
        report,
    ))
}

/// Binds the listening socket, with a Russian explanation when it cannot be bound.
fn bind(config: &Config) -> Result<TcpListener, String> {
    // Resolved here rather than by `TcpListener::bind`, whose error for a name that does not
    // resolve is the system's English text.
    let addrs: Vec<SocketAddr> = (config.bind.as_str(), config.port)
        .to_socket_addrs()
        .map(Iterator::collect)
        .unwrap_or_default();
    if addrs.is_empty() {
        return Err(format!(
            "не удалось найти адрес «{}»: укажите в --bind адрес этого компьютера, \
             например 127.0.0.1",
            config.bind
        ));
    }
    TcpListener::bind(&addrs[..]).map_err(|e| bind_error(config, &e))
}

fn bind_error(config: &Config, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "порт {} уже занят: возможно, nastavnik serve уже запущен в другом окне. \
             Закройте его или выберите другой порт, например --port {}",
            config.port,
            config.port.wrapping_add(1).max(1024)
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "нет прав открыть порт {}: выберите порт больше 1024, например --port 1111",
            config.port
        ),
        std::io::ErrorKind::AddrNotAvailable => format!(
            "адрес {} не принадлежит этому компьютеру: оставьте --bind 127.0.0.1",
            config.bind
        ),
        _ => format!(
            "не удалось открыть {}:{}: {}",
            config.bind,
            config.port,
            os_error::describe(e)
        ),
    }
}

impl Handle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's address in the browser.
    pub fn url(&self) -> String {
        self.options.base_url.clone().unwrap_or_default()
    }

    /// Rebuilds everything now, calendar and search index included.
    pub fn rebuild(&self) -> BuildReport {
        let mut report = rebuild_into(&self.shared, &Changes::Everything);
        report.finished_after = finish_pending(&self.shared);
        report.catching_up = false;
        report
    }

    /// How many polls are waiting for a change now (each open page keeps one).
    pub fn waiting_polls(&self) -> usize {
        self.shared.waiting_polls.load(Ordering::SeqCst)
    }

    /// The current build version.
    pub fn version(&self) -> u64 {
        lock(&self.shared).version
    }

    /// Whether the browser editor (`/_editor/`) answers.
    pub fn editor_enabled(&self) -> bool {
        self.shared.editor.enabled()
    }

    /// The password the editor asks for when other computers can reach it.
    pub fn editor_password(&self) -> Option<&str> {
        self.shared.editor.password()
    }

    /// The token the editor's pages carry with every POST.
    pub fn editor_token(&self) -> &str {
        self.shared.editor.token()
    }

    /// Serves until the process is stopped.
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.changed.notify_all();
        self.server.stop();
        // The rebuild thread ends when the watcher (dropped with the handle) closes its channel;
        // the connections' threads end as their sockets close. Joining them here would make a
        // drop wait for a slow client.
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    // A worker that panicked mid-request cannot leave the state half-written (it only reads or
    // swaps whole values), so a poisoned lock is safe to keep using.
    shared
        .state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn session(shared: &Shared) -> std::sync::MutexGuard<'_, Session> {
    // A panic mid-rebuild leaves the session possibly half-updated: start it afresh.
    shared.session.lock().unwrap_or_else(|e| {
        let mut guard = e.into_inner();
        let options = guard.options().clone();
        *guard = Session::new(options);
        guard
    })
}

/// Rebuilds what `changes` need and publishes the result: a good build replaces the served one
/// (its calendar and search files held back while [`finish_pending`] remakes them), a bad one
/// keeps it and records the errors. Every open page reloads.
fn rebuild_into(shared: &Shared, changes: &Changes) -> BuildReport {
    let (rebuilt, catching_up, sources) = {
        let mut session = session(shared);
        let rebuilt = session.rebuild(changes);
        // Thousands of pages: made again only when pages came, went or moved.
        let sources = (!rebuilt.same_pages).then(|| session.page_sources());
        (rebuilt, session.has_pending(), sources)
    };
    let text = rebuilt.diagnostics.render(false);
    let ok = rebuilt.output.is_some();
    let files = rebuilt.output.as_ref().map_or(0, |o| o.len());
    // Dropped once the waiting requests are answered: freeing tens of thousands of files takes
    // milliseconds that nobody needs to wait for.
    let replaced = {
        let mut state = lock(shared);
        state.version += 1;
        match rebuilt.output {
            Some(out) => {
                state.error = None;
                state.pending = Arc::new(rebuilt.pending.into_iter().collect());
                if let Some(sources) = sources {
                    state.sources = Arc::new(
                        sources
                            .into_iter()
                            .map(|(path, source)| (http_target(&path), source))
                            .collect(),
                    );
                }
                state.output.replace(out)
            }
            None => {
                state.error = Some(text.clone());
                None
            }
        }
    };
    shared.changed.notify_all();
    drop(replaced);
    BuildReport {
        ok,
        elapsed: rebuilt.elapsed,
        diagnostics: text,
        files,
        rendered: rebuilt.rendered,
        incremental: rebuilt.incremental,
        finished_after: None,
        catching_up,
    }
}

/// Remakes the calendar and the search index if the last rebuild left them out of date, and
/// releases the requests waiting for them. No reload: a page that needed them waited for them.
fn finish_pending(shared: &Shared) -> Option<Duration> {
    let started = Instant::now();
    let mut session = session(shared);
    if !session.has_pending() {
        return None;
    }
    // In steps, each served as soon as it is made: the calendar (an event's edit: its feeds
    // are answered without waiting for the rest), then the list and term pages the rebuild
    // left, then the search index.
    let steps: [fn(&mut Session) -> session::Step; 2] =
        [Session::finish_calendar, Session::finish_deferred];
    for step in steps {
        let Some((made, still_pending)) = step(&mut session) else {
            continue;
        };
        let failed = made.is_err();
        let replaced = {
            let mut state = lock(shared);
            match made {
                Ok(out) => {
                    state.pending = Arc::new(still_pending.into_iter().collect());
                    state.output.replace(out)
                }
                Err(ds) => {
                    state.error = Some(ds.render(false));
                    state.version += 1;
                    state.pending = Arc::default();
                    None
                }
            }
        };
        shared.changed.notify_all();
        drop(replaced);
        if failed {
            return Some(started.elapsed());
        }
    }
    let finished = session.finish();
    drop(session);
    {
        let mut state = lock(shared);
        match finished {
            Some(Ok(out)) => state.output = Some(out),
            Some(Err(ds)) => {
                state.error = Some(ds.render(false));
                state.version += 1;
            }
            // The last rebuild failed; its errors are shown. Nothing better to serve.
            None => {}
        }
        state.pending = Arc::default();
    }
    shared.changed.notify_all();
    Some(started.elapsed())
}

/// What is watched below the site folder.
const WATCHED: [&str; 6] = [
    "site.yaml",
    "content",
    "data",
    "templates",
    "static",
    "themes",
];

/// Watches the site's sources. The site folder itself is watched only one level deep, for
/// `site.yaml`: editors save by writing a new file and renaming it over the old one, which ends a
/// watch on the file itself after the first save. The output folder is not a source, so a `build`
/// into `public/` does not trigger a rebuild.
fn watch(
    root: &Path,
    tx: mpsc::Sender<notify::Result<notify::Event>>,
) -> Result<notify::RecommendedWatcher, String> {
    use notify::{RecursiveMode, Watcher};
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| {
        format!(
            "не удалось следить за изменениями файлов: {}",
            watch_error(&e)
        )
    })?;
    let mut add = |path: &Path, mode| {
        watcher.watch(path, mode).map_err(|e| {
            format!(
                "не удалось следить за {}: {}",
                path.display(),
                watch_error(&e)
            )
        })
    };
    add(root, RecursiveMode::NonRecursive)?;
    for name in &WATCHED[1..] {
        let path = root.join(name);
        if path.is_dir() {
            add(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(watcher)
}

/// A watcher's error in Russian.
fn watch_error(e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::Io(io) => os_error::describe(io),
        notify::ErrorKind::PathNotFound => os_error::describe(&std::io::ErrorKind::NotFound.into()),
        notify::ErrorKind::MaxFilesWatch => "система не даёт следить за таким числом файлов \
            (увеличьте fs.inotify.max_user_watches)"
            .to_string(),
        _ => e.to_string(),
    }
}

fn rebuild_loop(rx: &mpsc::Receiver<notify::Result<notify::Event>>, shared: &Shared, root: &Path) {
    let mut next = None;
    if let Some(took) = finish_pending(shared) {
        print_finished(took);
    }
    loop {
        let first = match next.take() {
            Some(ev) => ev,
            None => match rx.recv() {
                Ok(ev) => ev,
                Err(_) => return,
            },
        };
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let mut changes = Collected::default();
        changes.add(root, first);
        // Debounce: collect the burst.
        loop {
            let quiet = if changes.settled {
                DEBOUNCE_SETTLED
            } else {
                DEBOUNCE
            };
            match rx.recv_timeout(quiet) {
                Ok(ev) => changes.add(root, ev),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        if let Some(changes) = changes.finish() {
            let report = rebuild_into(shared, &changes);
            print_report(&report);
        }
        // The calendar and search index are remade when no further edit is waiting: an
        // editor saving again soon gets the page first, again.
        match rx.try_recv() {
            Ok(ev) => next = Some(ev),
            Err(mpsc::TryRecvError::Disconnected) => return,
            Err(mpsc::TryRecvError::Empty) => {
                if let Some(took) = finish_pending(shared) {
                    print_finished(took);
                }
            }
        }
    }
}

/// The files a burst of watcher events names.
#[derive(Default)]
struct Collected {
    relevant: bool,
    everything: bool,
    files: Vec<PathBuf>,
    /// Whether the last event that said anything of it left the file complete (see
    /// [`DEBOUNCE_SETTLED`]).
    settled: bool,
}

impl Collected {
    fn add(&mut self, root: &Path, ev: notify::Result<notify::Event>) {
        if !is_relevant(root, &ev) {
            return;
        }
        self.relevant = true;
        if let Ok(ev) = &ev {
            use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
            match ev.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write))
                | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => {
                    self.settled = true
                }
                // A file's permissions or times set after it is written, a temporary file
                // removed: neither starts a new write.
                EventKind::Modify(ModifyKind::Metadata(_)) | EventKind::Remove(_) => {}
                _ => self.settled = false,
            }
        } else {
            self.settled = false;
        }
        match ev {
            Ok(ev) if !ev.paths.is_empty() => {
                for p in ev.paths {
                    if !self.files.contains(&p) {
                        self.files.push(p);
                    }
                }
            }
            // An error (events lost) or an event without paths: anything may have changed.
            _ => self.everything = true,
        }
    }

    fn finish(self) -> Option<Changes> {
        if !self.relevant {
            None
        } else if self.everything {
            Some(Changes::Everything)
        } else {
            Some(Changes::Files(self.files))
        }
    }
}

/// Whether an event can change the site. In the site folder itself only the watched names count
/// (not `public/` or a staging folder being swapped in); editor swap and backup files (`.x.swp`,
/// `x~`, `.#x`) change constantly and are not content.
fn is_relevant(root: &Path, ev: &notify::Result<notify::Event>) -> bool {
    let Ok(ev) = ev else { return true };
    // Reading is not changing; closing a file written is the end of a change (see
    // [`DEBOUNCE_SETTLED`]).
    if matches!(ev.kind, notify::EventKind::Access(a)
        if a != notify::event::AccessKind::Close(notify::event::AccessMode::Write))
    {
        return false;
    }
    ev.paths.is_empty()
        || ev.paths.iter().any(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.parent() == Some(root) && !WATCHED.contains(&name) {
                return false;
            }
            !(name.ends_with('~')
                || name.ends_with(".swp")
                || name.ends_with(".swx")
                || name.starts_with(".#")
                || name.ends_with(".tmp"))
        })
}

/// Prints that the calendar and the search index caught up with the pages.
fn print_finished(took: Duration) {
    println!(
        "Календарь и поиск готовы ещё через {} мс.",
        took.as_millis()
    );
}

/// Prints one build's outcome in Russian.
pub fn print_report(report: &BuildReport) {
    let ms = report.elapsed.as_millis();
    if report.ok {
        if !report.diagnostics.is_empty() {
            eprint!("{}", report.diagnostics);
        }
        let then = if report.catching_up {
            "; календарь и поиск догонят"
        } else {
            ""
        };
        if report.incremental {
            println!(
                "Сайт обновлён за {ms} мс: перерисовано {} из {}{then}.",
                crate::ru::plural::count(report.rendered as u64, "файл", "файла", "файлов"),
                report.files
            );
        } else {
            println!(
                "Сайт собран за {ms} мс ({}){then}.",
                crate::ru::plural::count(report.files as u64, "файл", "файла", "файлов")
            );
        }
    } else {
        eprint!("{}", report.diagnostics);
        eprintln!(
            "Сайт не собран ({ms} мс): исправьте ошибки выше. В браузере пока показана прошлая удачная сборка."
        );
    }
}

/// Adds the headers every answer has: its type, and no caching (a preview changes with every
/// save).
fn with_type(resp: Response, ctype: &str) -> Response {
    resp.with_header("Content-Type", ctype)
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
}

fn text(status: u16, body: &str) -> Response {
    with_type(Response::new(status, body), "text/plain; charset=utf-8")
}

/// Answers one request. `own_url` is the server's address, named when another host is
/// refused. HEAD is answered like GET; the connection leaves out the body.
fn respond(request: &Request, shared: &Shared, hosts: &Hosts, own_url: &str) -> Response {
    if let Some(host) = request.headers("Host").find(|h| !hosts.allows(h)) {
        return text(403, &host::refusal(host, own_url));
    }
    let path_only = request.target().split('?').next().unwrap_or("");
    if path_only == "/_editor" || path_only.starts_with(editor::PREFIX) {
        let version = lock(shared).version;
        return shared.editor.handle(request, version);
    }
    if !matches!(request.method(), "GET" | "HEAD") {
        return text(405, "Сервер предпросмотра только показывает сайт.\n")
            .with_header("Allow", "GET, HEAD");
    }
    let url = request.target();
    let path_only = url.split('?').next().unwrap_or("");
    if path_only == RELOAD_JS {
        with_type(
            Response::new(200, RELOAD_SCRIPT),
            "text/javascript; charset=utf-8",
        )
    } else if path_only == POLL {
        poll(url, shared)
    } else {
        page(url, shared)
    }
}

/// Waits (at most `limit`, and not past the server's stop) while `waiting` holds.
fn wait_while<'a>(
    shared: &'a Shared,
    mut state: std::sync::MutexGuard<'a, State>,
    limit: Duration,
    waiting: impl Fn(&State) -> bool,
) -> std::sync::MutexGuard<'a, State> {
    let deadline = Instant::now() + limit;
    while waiting(&state) && !shared.stop.load(Ordering::SeqCst) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        state = shared
            .changed
            .wait_timeout(state, left)
            .map(|(s, _)| s)
            .unwrap_or_else(|e| e.into_inner().0);
    }
    state
}

/// `?v=N`: waits (bounded) until the version differs from N, then answers with the version and
/// the errors, if any, as JSON.
fn poll(url: &str, shared: &Shared) -> Response {
    let seen: Option<u64> = url
        .split_once('?')
        .and_then(|(_, q)| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
        .and_then(|v| v.parse().ok());
    let may_wait = shared.waiting_polls.fetch_add(1, Ordering::SeqCst) < MAX_WAITING_POLLS;
    let mut state = lock(shared);
    if may_wait && let Some(seen) = seen {
        state = wait_while(shared, state, POLL_WAIT, |s| s.version == seen);
    }
    let body = serde_json::json!({
        "version": state.version,
        "error": state.error,
    });
    drop(state);
    shared.waiting_polls.fetch_sub(1, Ordering::SeqCst);
    with_type(
        Response::new(200, body.to_string()),
        "application/json; charset=utf-8",
    )
}

/// The output path of a page at a site path (`events/x/` → `events/x/index.html`).
fn http_target(site_path: &str) -> PathBuf {
    match http::resolve(&format!("/{}", site_path.trim_start_matches('/'))) {
        Target::File(rel) => rel,
        Target::Bad => PathBuf::from(site_path),
    }
}

fn page(url: &str, shared: &Shared) -> Response {
    let rel = match http::resolve(url) {
        Target::File(rel) => rel,
        Target::Bad => return text(400, "Неверный адрес.\n"),
    };
    let (output, error, version) = {
        // A file being remade (or one the last output lacks, such as a new calendar month)
        // is answered once it is current.
        let state = lock(shared);
        // A file the output lacks is most likely a real miss (a favicon, a mistyped address):
        // it waits only briefly, in case it is a calendar page being made.
        let limit = if state.pending.contains(&rel) {
            PENDING_WAIT
        } else {
            MISS_WAIT
        };
        let state = wait_while(shared, state, limit, |s| {
            !s.pending.is_empty()
                && (s.pending.contains(&rel)
                    || s.output.as_ref().is_some_and(|o| !o.contains(&rel)))
        });
        (state.output.clone(), state.error.clone(), state.version)
    };
    let source = lock(shared).sources.get(&rel).cloned();
    let bar = shared.editor.bar(source.as_deref());
    let Some(output) = output else {
        // No good build yet: every page is the error page, which reloads once it is fixed.
        return error_page(error.as_deref().unwrap_or(""), version);
    };
    let root = shared.real_root.as_deref();
    if let Some(resp) = file(&output, root, &rel, 200, version, &bar) {
        return resp;
    }
    // `/events/x` for a folder: redirect to `/events/x/`, as static servers do.
    let path_only = url.split('?').next().unwrap_or("");
    if !path_only.ends_with('/') && output.contains(&rel.join("index.html")) {
        return text(301, "").with_header("Location", &format!("{path_only}/"));
    }
    file(&output, root, Path::new("404.html"), 404, version, &bar)
        .unwrap_or_else(|| text(404, "Страница не найдена.\n"))
}

fn file(
    output: &Output,
    real_root: Option<&Path>,
    rel: &Path,
    status: u16,
    version: u64,
    bar: &str,
) -> Option<Response> {
    let content = output.get(rel)?;
    let bytes = match content {
        Content::Bytes(b) => b.to_vec(),
        Content::Packed(p) => Content::unpack(p).ok()?,
        Content::Copy(src) => {
            // A file copied from the site folder is read now, not at build time: check that it
            // (or a symlink swapped in since) still resolves to a file inside the site folder.
            let real = src.canonicalize().ok()?;
            if !real_root.is_some_and(|root| real.starts_with(root)) {
                return None;
            }
            std::fs::read(real).ok()?
        }
        Content::Stored(_) => return None,
    };
    let ctype = http::content_type(rel);
    let bytes = if ctype.starts_with("text/html") {
        editor::inject(&http::inject_reload(&bytes, version), bar)
    } else {
        bytes
    };
    Some(with_type(Response::new(status, bytes), ctype))
}

/// The page shown when there has never been a good build: the errors, and the reload script so
/// it turns into the site once they are fixed.
fn error_page(errors: &str, version: u64) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Сайт не собран</title></head>\
<body><h1>Сайт не собран</h1><p>Исправьте ошибки и сохраните файл: страница обновится сама.</p>\
<pre>{}</pre></body></html>",
        crate::html::escape_html(errors)
    );
    let html = http::inject_reload(html.as_bytes(), version);
    with_type(Response::new(503, html), "text/html; charset=utf-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{
        AccessKind, AccessMode, CreateKind, DataChange, EventKind, MetadataKind, ModifyKind,
        RemoveKind, RenameMode,
    };

    fn event(kind: EventKind, path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(PathBuf::from(path)))
    }

    #[test]
    fn a_burst_is_settled_once_its_file_is_closed_or_renamed_into_place() {
        let root = Path::new("/site");
        let page = "/site/content/a.md";
        let mut burst = Collected::default();
        burst.add(
            root,
            event(EventKind::Modify(ModifyKind::Data(DataChange::Any)), page),
        );
        assert!(!burst.settled, "a file being written is not complete");
        burst.add(
            root,
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                page,
            ),
        );
        assert!(burst.settled, "closed after writing");
        burst.add(
            root,
            event(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
                page,
            ),
        );
        assert!(
            burst.settled,
            "permissions set after the write start no new write"
        );
        burst.add(
            root,
            event(EventKind::Create(CreateKind::File), "/site/content/b.md"),
        );
        assert!(!burst.settled, "a second file begins");
        burst.add(
            root,
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::To)),
                "/site/content/b.md",
            ),
        );
        assert!(burst.settled, "renamed into place");
        burst.add(
            root,
            event(
                EventKind::Remove(RemoveKind::File),
                "/site/content/.b.md.tmp",
            ),
        );
        assert!(burst.settled, "a temporary file's removal is no write");
        let Some(Changes::Files(files)) = burst.finish() else {
            panic!("files changed");
        };
        assert_eq!(
            files,
            [PathBuf::from(page), PathBuf::from("/site/content/b.md")]
        );
    }

    #[test]
    fn reading_a_file_is_no_change() {
        let root = Path::new("/site");
        let mut burst = Collected::default();
        for mode in [AccessMode::Read, AccessMode::Any] {
            let kind = EventKind::Access(AccessKind::Close(mode));
            burst.add(root, event(kind, "/site/content/a.md"));
        }
        burst.add(
            root,
            event(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                "/site/content/a.md",
            ),
        );
        assert!(burst.finish().is_none());
    }
}
