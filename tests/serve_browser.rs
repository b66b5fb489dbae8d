//! The live preview as an editor sees it: `nastavnik serve` on a small site, a page open in
//! headless Chromium, and edits saved to disk while the page stays open. A broken file must
//! bring up the Russian overlay naming the file and line over the page (without reloading it);
//! the fixed file must take the overlay away and show the new text with no manual reload.
//!
//! Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: it reads
//! commands on fd 3 and writes answers on fd 4, each a JSON message ended by a NUL byte), so no
//! WebSocket client is needed. Every wait is bounded.

#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{EVENT, EVENT_TEXT, TestSite, chromium};
use serde_json::{Value, json};

/// How long any one expected change in the browser may take (a rebuild after a save is well
/// under a second; this leaves room for a loaded CI machine).
const PATIENCE: Duration = Duration::from_secs(30);

/// `nastavnik serve --port 0` on a site; stopped when dropped.
struct Serve {
    child: Child,
    url: String,
    output: Arc<Mutex<String>>,
}

impl Serve {
    fn start(site: &TestSite) -> Serve {
        let bin = assert_cmd::cargo::cargo_bin("nastavnik");
        let mut child = Command::new(bin)
            .arg("serve")
            .arg("--root")
            .arg(site.root())
            .args(["--port", "0"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nastavnik serve");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        for (stream, tx) in [
            (Box::new(stdout) as Box<dyn Read + Send>, Some(tx)),
            (Box::new(stderr), None),
        ] {
            let output = Arc::clone(&output);
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { return };
                    if let (Some(tx), Some(url)) =
                        (&tx, line.strip_prefix("Сайт открыт по адресу "))
                    {
                        let _ = tx.send(url.trim().to_string());
                    }
                    let mut all = output.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
            });
        }
        let url = rx.recv_timeout(PATIENCE).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!(
                "nastavnik serve did not say its address:\n{}",
                output.lock().unwrap()
            )
        });
        Serve { child, url, output }
    }

    fn log(&self) -> String {
        self.output.lock().unwrap().clone()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Headless Chromium with one page, driven over the DevTools pipe; closed when dropped.
struct Browser {
    child: Child,
    to: std::fs::File,
    from: mpsc::Receiver<Value>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// A pipe whose ends are closed on exec (the child gets only the ends moved to fd 3 and 4).
fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just created and are owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

impl Browser {
    fn open(browser: &str, url: &str) -> Browser {
        use std::os::fd::AsRawFd;
        let profile = tempfile::tempdir().expect("profile folder");
        // Chromium reads commands from fd 3 and writes to fd 4.
        let (cmd_read, cmd_write) = pipe();
        let (ans_read, ans_write) = pipe();
        let (child_in, child_out) = (cmd_read.as_raw_fd(), ans_write.as_raw_fd());
        let mut command = Command::new(browser);
        command
            .args(common::CHROMIUM_FLAGS)
            .arg("--remote-debugging-pipe")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: between fork and exec this only calls fcntl and dup2, which are
        // async-signal-safe. The ends are first moved above 10 so that moving one to 3 or 4
        // cannot overwrite the other; dup2 clears close-on-exec on the copies.
        unsafe {
            command.pre_exec(move || {
                let high_in = libc::fcntl(child_in, libc::F_DUPFD_CLOEXEC, 10);
                let high_out = libc::fcntl(child_out, libc::F_DUPFD_CLOEXEC, 10);
                if high_in < 0
                    || high_out < 0
                    || libc::dup2(high_in, 3) < 0
                    || libc::dup2(high_out, 4) < 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("start chromium");
        drop(cmd_read);
        drop(ans_write);
        let (tx, rx) = mpsc::channel();
        let mut answers = BufReader::new(std::fs::File::from(ans_read));
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            while answers.read_until(0, &mut buf).is_ok_and(|n| n > 0) {
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                if let Ok(msg) = serde_json::from_slice::<Value>(&buf)
                    && tx.send(msg).is_err()
                {
                    return;
                }
                buf.clear();
            }
        });
        let mut b = Browser {
            child,
            to: std::fs::File::from(cmd_write),
            from: rx,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = b.call("Target.createTarget", json!({ "url": url }));
        let target_id = target["targetId"]
            .as_str()
            .expect("a target id")
            .to_string();
        let attached = b.call(
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        b.session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        b
    }

    /// Sends one command (to the page once attached) and waits for its answer.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if !self.session.is_empty() {
            msg["sessionId"] = json!(self.session);
        }
        let mut bytes = msg.to_string().into_bytes();
        bytes.push(0);
        self.to.write_all(&bytes).expect("send to chromium");
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let answer = self
                .from
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("chromium did not answer {method}"));
            if answer["id"].as_u64() == Some(id) {
                assert!(answer.get("error").is_none(), "{method} failed: {answer}");
                return answer["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression in the page (`null` while the page is loading).
    fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        r["result"]["value"].clone()
    }

    /// Waits until the expression is true in the page; panics with `what` and the server's log
    /// otherwise.
    fn wait_until(&mut self, expression: &str, what: &str, serve: &Serve) {
        let deadline = Instant::now() + PATIENCE;
        while self.eval(expression) != json!(true) {
            assert!(
                Instant::now() < deadline,
                "{what}: not within {PATIENCE:?}.\nPage text: {}\nServer:\n{}",
                self.eval("document.body ? document.body.innerText : ''"),
                serve.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const OVERLAY: &str = "document.getElementById('nastavnik-errors')";

#[test]
fn a_broken_edit_shows_the_overlay_and_the_fix_reloads_the_page() {
    let Some(browser) = chromium() else {
        return;
    };
    let site = TestSite::new();
    let serve = Serve::start(&site);
    let page = format!("{}events/2022-10-10-sobranie/", serve.url);
    let mut b = Browser::open(browser, &page);
    b.wait_until(
        "document.readyState === 'complete' && \
         document.querySelector('h1').textContent.includes('Организационное собрание')",
        "the event page opens",
        &serve,
    );
    // A mark on this very page: it survives as long as the page is not reloaded.
    b.eval("window.__notReloaded = true");

    // A colon inside the value on line 5 (`format`): bad YAML, a common mistake.
    let broken = EVENT_TEXT.replace("format: семинар", "format: семинар: обмен опытом");
    assert_ne!(broken, EVENT_TEXT);
    site.write(EVENT, &broken);
    b.wait_until(&format!("!!{OVERLAY}"), "the overlay appears", &serve);
    let text = b
        .eval(&format!("{OVERLAY}.innerText"))
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        text.contains("Сайт не собран: исправьте ошибки и сохраните файл"),
        "{text}"
    );
    assert!(
        text.contains("content/events/2022-10-10-sobranie.md:5"),
        "file and line: {text}"
    );
    assert_eq!(
        b.eval("window.__notReloaded === true"),
        json!(true),
        "the overlay came with a reload"
    );
    // Accessible: a modal alert dialog named by its title, in Russian, with the focus inside it
    // and a close button that gives the page back.
    assert_eq!(
        b.eval(&format!(
            "[{OVERLAY}.getAttribute('role'), {OVERLAY}.getAttribute('aria-modal'), \
              {OVERLAY}.lang, document.getElementById({OVERLAY}.getAttribute('aria-labelledby')).textContent]"
        )),
        json!([
            "alertdialog",
            "true",
            "ru",
            "Сайт не собран: исправьте ошибки и сохраните файл"
        ])
    );
    // Opaque white on near-black (contrast 18:1): the page behind cannot show through.
    assert_eq!(
        b.eval(&format!(
            "[getComputedStyle({OVERLAY}).color, getComputedStyle({OVERLAY}).backgroundColor]"
        )),
        json!(["rgb(255, 255, 255)", "rgb(20, 20, 20)"])
    );
    assert_eq!(
        b.eval(&format!("{OVERLAY}.contains(document.activeElement)")),
        json!(true),
        "focus is not in the overlay"
    );
    assert_eq!(
        b.eval(&format!(
            "{OVERLAY}.querySelector('button').getAttribute('aria-label')"
        )),
        json!("Скрыть сообщение об ошибках")
    );
    b.eval(&format!("{OVERLAY}.querySelector('button').click()"));
    assert_eq!(b.eval(&format!("{OVERLAY} === null")), json!(true));

    // Broken again elsewhere (a new failed build, the quote of `end` on line 4): the closed
    // overlay comes back, at the new line.
    let broken_later = EVENT_TEXT.replace("end: \"17:00\"", "end: \"17:00");
    site.write(EVENT, &broken_later);
    b.wait_until(
        &format!("!!{OVERLAY} && {OVERLAY}.innerText.includes('2022-10-10-sobranie.md:4')"),
        "the overlay comes back for the next failed build, at its line",
        &serve,
    );

    // Tab keeps the keyboard in the dialog (on its close button), however often it is pressed;
    // Escape closes it, and a third failed build brings it back.
    for _ in 0..3 {
        b.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyDown", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9 }),
        );
        assert_eq!(
            b.eval("document.activeElement.textContent"),
            json!("Скрыть"),
            "Tab left the dialog"
        );
    }
    b.call(
        "Input.dispatchKeyEvent",
        json!({ "type": "keyDown", "key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27 }),
    );
    assert_eq!(b.eval(&format!("{OVERLAY} === null")), json!(true));
    site.write(EVENT, &broken);
    b.wait_until(
        &format!("!!{OVERLAY} && {OVERLAY}.innerText.includes('2022-10-10-sobranie.md:5')"),
        "the overlay comes back after Escape",
        &serve,
    );

    // Fixed, with a new title, while the overlay is up: it goes and the page shows it without a manual reload.
    let fixed = EVENT_TEXT.replace(
        "title: Организационное собрание",
        "title: Организационное собрание наставников",
    );
    site.write(EVENT, &fixed);
    b.wait_until(
        &format!(
            "document.readyState === 'complete' && {OVERLAY} === null && \
             document.querySelector('h1').textContent.includes('Организационное собрание наставников')"
        ),
        "the fixed page shows its new title",
        &serve,
    );
    assert_eq!(
        b.eval("window.__notReloaded === undefined"),
        json!(true),
        "the page was not reloaded"
    );
}

/// The reload script belongs to the preview only: `nastavnik build` run beside a running
/// `serve` on the same site writes pages without it (tests/serve.rs checks the in-memory build;
/// this checks the files on disk from the command).
#[test]
fn build_beside_a_running_serve_writes_no_reload_script() {
    let site = TestSite::new();
    let _serve = Serve::start(&site);
    site.build_cmd().assert().success();
    let files = common::files_under(&site.out());
    assert!(
        files
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "html")),
        "no pages written: {files:?}"
    );
    for rel in files {
        let bytes = std::fs::read(site.out().join(&rel)).expect("read an output file");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__nastavnik") && !text.contains("reload.js"),
            "{} has the preview's reload script",
            rel.display()
        );
    }
}
