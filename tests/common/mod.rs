//! Shared helpers for the integration tests: a small valid site in a temporary folder that a
//! test can break one file at a time, builds through the library and through the binary, and
//! snapshots of output folders to prove a failed build left them alone.
//!
//! Each test crate uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use nastavnik::build::{BuildOptions, build_site};
use nastavnik::diagnostic::Diagnostic;
use nastavnik::output::Output;
use tempfile::TempDir;

/// A fixed build date, so that output does not depend on the day the tests run.
pub const EPOCH: &str = "1700000000";

pub const SITE_YAML: &str = "site.yaml";
pub const ORGS: &str = "data/organizations.yaml";
pub const HOME: &str = "content/_index.md";
pub const ABOUT: &str = "content/about.md";
pub const EVENT: &str = "content/events/2022-10-10-sobranie.md";
pub const PRACTICE: &str = "content/practices/shkola-4.md";
pub const ORDER: &str = "content/orders/prikaz-633.md";

pub const SITE_YAML_TEXT: &str = "\
title: Наставничество
description: Мероприятия, практики и документы о наставничестве педагогов.
base_url: https://example.org/metod/nastavnichestvo/
timezone: Europe/Moscow
department: Методический отдел
contacts: \"214000, г. Смоленск · metod@example.org\"
paginate: 20
";

pub const ORGS_TEXT: &str = "\
- id: sh-40
  name: Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 40» города Смоленска
  short: МБОУ «СШ № 40»
  kind: школа
- id: sh-16
  name: Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 16» города Смоленска
  short: МБОУ «СШ № 16»
  kind: школа
";

pub const HOME_TEXT: &str = "\
---
title: Наставничество
description: Раздел о наставничестве педагогов.
---
Раздел методического отдела о наставничестве.
";

pub const ABOUT_TEXT: &str = "\
---
title: О разделе
---
Цели и задачи городской системы наставничества.
";

pub const EVENT_TEXT: &str = "\
---
title: Организационное собрание
start: 2022-10-10 15:00
end: \"17:00\"
format: семинар
organizations: [sh-40]
practices: [shkola-4]
summary: Знакомство наставников и наставляемых.
---
Собрание открывает учебный год. См. [практику школы № 4](@/practices/shkola-4.md).
";

pub const PRACTICE_TEXT: &str = "\
---
title: Дорожная карта наставничества школы № 4
summary: План наставничества на учебный год.
organizations:
  - sh-16
year: \"2022/2023\"
---
## Актуальность

Молодым педагогам нужна поддержка.
";

pub const ORDER_TEXT: &str = "\
---
title: Об утверждении дорожной карты наставничества
number: \"633\"
date: 2022-12-26
---
Приказываю утвердить дорожную карту.
";

/// A site folder (`<tmp>/site`) with a default output folder beside it (`<tmp>/public`).
pub struct TestSite {
    tmp: TempDir,
}

impl TestSite {
    /// A minimal valid site: configuration, two organizations, the home intro, a plain page, one
    /// event linking to one practice, and one order.
    pub fn new() -> Self {
        let site = TestSite::empty();
        site.write(SITE_YAML, SITE_YAML_TEXT)
            .write(ORGS, ORGS_TEXT)
            .write(HOME, HOME_TEXT)
            .write(ABOUT, ABOUT_TEXT)
            .write(EVENT, EVENT_TEXT)
            .write(PRACTICE, PRACTICE_TEXT)
            .write(ORDER, ORDER_TEXT);
        site
    }

    /// An empty temporary folder; the site folder does not exist yet.
    pub fn empty() -> Self {
        TestSite {
            tmp: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// The temporary folder holding the site and its outputs.
    pub fn base(&self) -> &Path {
        self.tmp.path()
    }

    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("public")
    }

    /// Adds or replaces a file of the site (path relative to the site folder).
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("a file has a parent"))
            .expect("create a folder of the test site");
        fs::write(&path, bytes).expect("write a file of the test site");
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.root().join(rel)).expect("remove a file of the test site");
        self
    }

    pub fn build_options(&self, drafts: bool) -> BuildOptions {
        BuildOptions {
            root: self.root(),
            base_url: None,
            drafts,
        }
    }

    /// Loads and renders through the library, as `nastavnik build` does.
    pub fn build_lib(&self) -> (Option<Output>, Vec<Diagnostic>) {
        let (output, diagnostics) = build_site(&self.build_options(false));
        (output, diagnostics.into_vec())
    }

    /// Builds the site into the output folder through the library (`build_site` and
    /// `Output::write`, as the command does), adds a sentinel file with an old modification time,
    /// and returns a snapshot to compare with after a failed build.
    pub fn publish(&self) -> Snapshot {
        let (output, diagnostics) = self.build_lib();
        let output = output.unwrap_or_else(|| {
            panic!("the test site must build before it is broken:\n{diagnostics:#?}")
        });
        output
            .write(&self.out(), &self.root())
            .expect("write the good site");
        let sentinel = self.out().join(SENTINEL);
        fs::write(&sentinel, SENTINEL_TEXT).expect("write the sentinel");
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        fs::File::options()
            .write(true)
            .open(&sentinel)
            .and_then(|f| f.set_modified(old))
            .expect("age the sentinel");
        Snapshot::take(&self.out())
    }

    /// `nastavnik` with a fixed build date and no colours, run from the temporary folder.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut cmd = nastavnik();
        cmd.current_dir(self.base());
        cmd
    }

    /// `nastavnik SUBCOMMAND --root SITE`.
    pub fn command(&self, subcommand: &str) -> assert_cmd::Command {
        let mut cmd = self.cmd();
        cmd.arg(subcommand).arg("--root").arg(self.root());
        cmd
    }

    /// `nastavnik build --root SITE --output OUT`.
    pub fn build_cmd(&self) -> assert_cmd::Command {
        let mut cmd = self.command("build");
        cmd.arg("--output").arg(self.out());
        cmd
    }

    /// Builds with the binary into the default output folder; panics with its messages unless
    /// the build succeeds.
    pub fn build_ok(&self) {
        let run = self.build_cmd().output().expect("run nastavnik build");
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }

    /// Text of a file of the default output folder.
    pub fn read_out(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

impl Default for TestSite {
    fn default() -> Self {
        TestSite::new()
    }
}

pub const SENTINEL: &str = "sentinel.txt";
pub const SENTINEL_TEXT: &str = "опубликованная версия";

/// `nastavnik` with a fixed build date and no colours.
pub fn nastavnik() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("nastavnik").expect("the nastavnik binary");
    cmd.env("SOURCE_DATE_EPOCH", EPOCH).env("NO_COLOR", "1");
    cmd
}

/// Every file under `dir`, relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk the folder"))
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).expect("inside").to_path_buf())
        .collect();
    files.sort();
    files
}

/// Every entry (files and folders) directly or indirectly under `dir`, relative to it.
pub fn entries_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter()
        .map(|e| e.expect("walk the folder"))
        .map(|e| e.path().strip_prefix(dir).expect("inside").to_path_buf())
        .collect()
}

/// Contents of every file under `dir`, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|rel| {
            let bytes = fs::read(dir.join(&rel)).expect("read an output file");
            (rel, bytes)
        })
        .collect()
}

/// The state of a folder: every file's bytes and modification time, and the folder's identity
/// (a replaced folder gets a new inode even if the files are equal).
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    files: BTreeMap<PathBuf, (Vec<u8>, SystemTime)>,
    entries: Vec<PathBuf>,
    #[cfg(unix)]
    inode: u64,
}

impl Snapshot {
    pub fn take(dir: &Path) -> Self {
        let files = files_under(dir)
            .into_iter()
            .map(|rel| {
                let path = dir.join(&rel);
                let bytes = fs::read(&path).expect("read a file");
                let mtime = fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .expect("modification time");
                (rel, (bytes, mtime))
            })
            .collect();
        Snapshot {
            files,
            entries: entries_under(dir),
            #[cfg(unix)]
            inode: {
                use std::os::unix::fs::MetadataExt;
                fs::metadata(dir).expect("folder metadata").ino()
            },
        }
    }

    /// Asserts `dir` is exactly as when the snapshot was taken, naming the first difference.
    pub fn assert_unchanged(&self, dir: &Path) {
        let now = Snapshot::take(dir);
        assert_eq!(
            self.entries,
            now.entries,
            "the list of files in {} changed",
            dir.display()
        );
        for (path, (bytes, mtime)) in &self.files {
            let (now_bytes, now_mtime) = &now.files[path];
            assert!(bytes == now_bytes, "{} changed its content", path.display());
            assert_eq!(mtime, now_mtime, "{} was rewritten", path.display());
        }
        #[cfg(unix)]
        assert_eq!(self.inode, now.inode, "{} was replaced", dir.display());
    }
}

/// Headless Chromium for the browser tests. Outside CI a missing browser skips them with a
/// message; in CI (`CI` set) it must be there (`.ci/run` installs Debian's `chromium`).
/// Flags every headless Chromium run in the tests starts with: no sandbox (containers), no
/// GPU, no first-run or background requests (nothing may go to another host).
pub const CHROMIUM_FLAGS: [&str; 5] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
];

pub fn chromium() -> Option<&'static str> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if std::process::Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(name);
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "chromium is required in CI (apt-get install chromium)"
    );
    eprintln!("SKIPPED: install chromium to run the browser tests");
    None
}

/// Serves the files under `dir` over HTTP on `listener` for browser tests (fetch does not work
/// on file: URLs): a thread per connection, one request each, with the types browsers insist on
/// (a style sheet must be `text/css`). Written on std rather than with a server crate because
/// browsers open speculative connections that send nothing, and a server that reads them from a
/// small thread pool stalls the page (seen: minutes, on a loaded machine).
pub fn serve_files(listener: std::net::TcpListener, dir: PathBuf) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || respond_with_file(&dir, stream));
        }
    });
}

fn respond_with_file(dir: &Path, mut stream: std::net::TcpStream) {
    use std::io::{BufRead, BufReader, Write};
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(clone) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(clone);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split('?').next().unwrap_or("/");
    let mut file = dir.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    let (status, kind, body) = match fs::read(&file) {
        Ok(bytes) => {
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("svg") => "image/svg+xml",
                _ => "application/json",
            };
            ("200 OK", kind, bytes)
        }
        Err(_) => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

/// A page's DOM after its scripts ran in headless Chromium (`--dump-dom`, after the load event):
/// `html` saved to a temporary file, opened with `query` (`?kind=…`, `#…` or empty), with the
/// script `after` run after the page's own ones.
pub fn dump_dom(browser: &str, html: &str, query: &str, after: &str) -> String {
    let fixed = html.replacen("</body>", &format!("<script>{after}</script></body>"), 1);
    assert!(
        after.is_empty() || fixed.contains(after),
        "the page has no </body>"
    );
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("page.html");
    fs::write(&file, fixed).expect("write");
    let output = std::process::Command::new(browser)
        .args(CHROMIUM_FLAGS)
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}{query}", file.display()))
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The dev server's options for a test: loopback, a free port, no watcher, no drafts, the
/// editor as on loopback by default (off unless a test turns it on).
pub fn serve_config(root: PathBuf) -> nastavnik::serve::Config {
    nastavnik::serve::Config {
        root,
        bind: "127.0.0.1".into(),
        port: 0,
        drafts: false,
        watch: false,
        allow_hosts: Vec::new(),
        editor: false,
    }
}

/// Starts the dev server in-process; panics unless its first build succeeds.
pub fn start_serve(config: &nastavnik::serve::Config) -> nastavnik::serve::Handle {
    let (handle, report) = nastavnik::serve::start(config).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.ok, "{}", report.diagnostics);
    handle
}

/// 2 December 2026: the example's current school year, with upcoming events.
pub const EPOCH_2026_12_02: &str = "1796169600";

/// Builds the repository's example site on 2 December 2026 for `base_url` into `out`.
pub fn build_example(out: &Path, base_url: &str) {
    nastavnik()
        .env("SOURCE_DATE_EPOCH", EPOCH_2026_12_02)
        .arg("build")
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--output")
        .arg(out)
        .arg("--base-url")
        .arg(base_url)
        .assert()
        .success();
}
