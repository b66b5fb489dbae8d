//! Drives `nastavnik serve` and headless Chromium for the browser tests (`serve_browser.rs`,
//! `editor_browser.rs`, `accessibility.rs`). Chromium is driven over the DevTools protocol on a pipe
//! (`--remote-debugging-pipe`: it reads commands on fd 3 and writes answers on fd 4, each a JSON
//! message ended by a NUL byte), so no WebSocket client is needed. Every wait is bounded.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{self, TestSite};

/// How long any one expected change in the browser may take (a rebuild after a save is well
/// under a second; this leaves room for a loaded CI machine).
pub const PATIENCE: Duration = Duration::from_secs(30);

/// `nastavnik serve --port 0` on a site; stopped when dropped.
pub struct Serve {
    pub child: Child,
    pub url: String,
    pub output: Arc<Mutex<String>>,
}

impl Serve {
    pub fn start(site: &TestSite) -> Serve {
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

    pub fn log(&self) -> String {
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
pub struct Browser {
    pub child: Child,
    to: std::fs::File,
    from: mpsc::Receiver<Value>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// A pipe whose ends are closed on exec (the child gets only the ends moved to fd 3 and 4).
pub fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just created and are owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

impl Browser {
    pub fn open(browser: &str, url: &str) -> Browser {
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
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.call_within(method, params, PATIENCE)
    }

    /// [`Browser::call`] for a command that may take longer (an audit of a long page).
    pub fn call_within(&mut self, method: &str, params: Value, patience: Duration) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if !self.session.is_empty() {
            msg["sessionId"] = json!(self.session);
        }
        let mut bytes = msg.to_string().into_bytes();
        bytes.push(0);
        self.to.write_all(&bytes).expect("send to chromium");
        let deadline = Instant::now() + patience;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let answer = self
                .from
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("chromium did not answer {method} within {patience:?}"));
            if answer["id"].as_u64() == Some(id) {
                assert!(answer.get("error").is_none(), "{method} failed: {answer}");
                return answer["result"].clone();
            }
        }
    }

    /// The value of a JavaScript expression in the page (`null` while the page is loading).
    pub fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        r["result"]["value"].clone()
    }

    /// The value of a JavaScript expression in the page, a promise awaited; an exception
    /// panics with its text (for scripts the test runs, not for conditions polled while a page
    /// loads).
    pub fn eval_within(&mut self, expression: &str, patience: Duration) -> Value {
        let r = self.call_within(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            patience,
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("the page threw: {e}");
        }
        r["result"]["value"].clone()
    }

    /// Waits until the expression is true in the page; panics with `what` and the server's log
    /// otherwise.
    pub fn wait_until(&mut self, expression: &str, what: &str, serve: &Serve) {
        self.wait_for(expression, what, &|| serve.log());
    }

    /// Waits until the expression is true in the page; panics with `what`, the page's text and
    /// `context()` otherwise.
    pub fn wait_for(&mut self, expression: &str, what: &str, context: &dyn Fn() -> String) {
        let deadline = Instant::now() + PATIENCE;
        while self.eval(expression) != json!(true) {
            assert!(
                Instant::now() < deadline,
                "{what}: not within {PATIENCE:?}.\nPage text: {}\n{}",
                self.eval("document.body ? document.body.innerText.slice(0, 4000) : ''"),
                context()
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
