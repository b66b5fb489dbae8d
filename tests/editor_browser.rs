//! The browser editor in headless Chromium: checks as the editor types show their messages next
//! to the field (and what a date was understood as), the preview follows the text, and a file
//! given to the upload form lands in the page's bundle and in its «Файлы» field, and the saved
//! page shows it in the preview of the site.
//!
//! The harness (a `nastavnik serve` process, Chromium over the DevTools pipe) is the one of
//! `serve_browser.rs`. Every wait is bounded.

#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{EVENT, ORDER, PRACTICE, TestSite, chromium};
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

impl Browser {
    /// Gives the file input matched by `selector` the file at `path`, as a user choosing it.
    fn choose_file(&mut self, selector: &str, path: &std::path::Path) {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": format!("document.querySelector('{selector}')") }),
        );
        let object = r["result"]["objectId"]
            .as_str()
            .expect("the file input")
            .to_string();
        self.call(
            "DOM.setFileInputFiles",
            json!({ "files": [path.display().to_string()], "objectId": object }),
        );
    }

    /// Opens `url` until the expression is true there: pages the server rebuilds in the
    /// background (the calendar, the search index) may need a later look.
    fn visit_until(&mut self, url: &str, expression: &str, what: &str, serve: &Serve) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            self.call("Page.navigate", json!({ "url": url }));
            let loaded = Instant::now() + Duration::from_secs(5);
            while Instant::now() < loaded {
                if self.eval(&format!(
                    "document.readyState === 'complete' && ({expression})"
                )) == json!(true)
                {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not within {PATIENCE:?}.\nPage text: {}\nServer:\n{}",
                self.eval("document.body ? document.body.innerText : ''"),
                serve.log()
            );
        }
    }

    /// Sets a field's value and tells the page, as typing does.
    fn type_into(&mut self, id: &str, value: &str) {
        self.eval(&format!(
            "(function(){{var e=document.getElementById('{id}');e.value={};\
             e.dispatchEvent(new Event('input',{{bubbles:true}}));return true;}})()",
            json!(value)
        ));
    }
}

fn editor_page(browser: &str, serve: &Serve, rel: &str) -> Browser {
    let mut b = Browser::open(browser, &format!("{}_editor/edit/{rel}", serve.url));
    b.wait_until(
        "document.readyState === 'complete' && !!document.querySelector('form.editor-form')",
        "the editor opens",
        serve,
    );
    b
}

#[test]
fn a_wrong_date_shows_its_message_next_to_the_field_and_a_right_one_what_it_was_understood_as() {
    let Some(browser) = chromium() else {
        return;
    };
    let site = TestSite::new();
    let serve = Serve::start(&site);
    let mut b = editor_page(browser, &serve, "orders/prikaz-633.md");
    let before = std::fs::read(site.root().join(ORDER)).expect("read");
    b.wait_until(
        "document.getElementById('check-status').textContent === 'Ошибок нет.'",
        "the first check runs",
        &serve,
    );
    b.type_into("f-date", "31.02.2023");
    b.wait_until(
        "document.getElementById('e-date').textContent.includes('Ошибка') && \
         document.getElementById('f-date').getAttribute('aria-invalid') === 'true' && \
         document.getElementById('check-status').textContent.includes('только черновиком')",
        "the date's error appears next to it",
        &serve,
    );
    // The message is announced with the field: it is among the field's descriptions.
    assert_eq!(
        b.eval("document.getElementById('f-date').getAttribute('aria-describedby').split(' ').includes('e-date')"),
        json!(true)
    );
    b.type_into("f-date", "10.04.2023");
    b.wait_until(
        "document.getElementById('e-date').textContent === '' && \
         document.getElementById('u-date').textContent.replace(/\\u00a0/g, ' ').includes('10 апреля 2023')",
        "the fixed date is understood",
        &serve,
    );
    // Checks never write.
    assert_eq!(
        std::fs::read(site.root().join(ORDER)).expect("read"),
        before
    );
}

#[test]
fn the_preview_follows_the_text_and_an_upload_lands_in_the_bundle_and_on_the_page() {
    let Some(browser) = chromium() else {
        return;
    };
    let site = TestSite::new();
    let serve = Serve::start(&site);
    let mut b = editor_page(browser, &serve, "practices/shkola-4.md");
    b.type_into("f-body", "## Новый раздел\n\nТекст с **важным** словом.");
    b.wait_until(
        "document.querySelector('#preview h2') !== null && \
         document.querySelector('#preview h2').textContent.includes('Новый раздел') && \
         document.querySelector('#preview strong').textContent === 'важным'",
        "the preview shows the new text",
        &serve,
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("План работы.pdf");
    std::fs::write(&file, b"%PDF-1.4 plan").expect("write");
    b.choose_file("#upload-file", &file);
    b.eval("document.getElementById('upload-form').requestSubmit(); true");
    b.wait_until(
        "document.getElementById('e-upload').textContent.includes('добавлен') && \
         document.getElementById('f-attachments').value.includes('file: plan-raboty.pdf')",
        "the upload is listed in the form",
        &serve,
    );
    let bundle = site.root().join("content/practices/shkola-4");
    assert_eq!(
        std::fs::read(bundle.join("plan-raboty.pdf")).expect("stored"),
        b"%PDF-1.4 plan"
    );
    assert!(
        !site.root().join(PRACTICE).exists(),
        "the page became a bundle"
    );
    assert_eq!(
        b.eval("location.pathname"),
        json!("/_editor/edit/practices/shkola-4/index.md")
    );
    b.eval("document.querySelector('form.editor-form button[type=submit]').click(); true");
    b.wait_until(
        "location.search === '?saved=1'",
        "the form is saved",
        &serve,
    );
    let saved = std::fs::read_to_string(bundle.join("index.md")).expect("read");
    assert!(
        saved.contains("  - file: plan-raboty.pdf\n    title: План работы\n"),
        "{saved}"
    );
    assert!(saved.contains("## Новый раздел"), "{saved}");
    // The preview of the site shows the page with its file once it is rebuilt.
    b.call(
        "Page.navigate",
        json!({ "url": format!("{}practices/shkola-4/", serve.url) }),
    );
    b.wait_until(
        "document.readyState === 'complete' && \
         !!document.querySelector('a[href$=\"plan-raboty.pdf\"]') && \
         document.body.innerText.includes('Новый раздел')",
        "the site page shows the attachment",
        &serve,
    );
}

#[test]
fn a_practice_created_through_the_form_is_found_in_the_bank_of_the_preview() {
    let Some(browser) = chromium() else {
        return;
    };
    let site = TestSite::new();
    let serve = Serve::start(&site);
    let mut b = Browser::open(browser, &format!("{}_editor/new/practices", serve.url));
    b.wait_until(
        "document.readyState === 'complete' && !!document.querySelector('form.editor-form') && \
         !document.getElementById('p-organizations').parentNode.hidden",
        "the new practice's form opens with its pickers",
        &serve,
    );
    b.type_into("f-title", "Клуб молодых исследователей");
    b.type_into(
        "f-summary",
        "Наставники ведут исследовательские проекты вместе с молодыми педагогами.",
    );
    // The organization is found by a part of its name, as a user picks it from the list.
    let picked = b.eval(
        "(function(){var o=Array.prototype.find.call(document.querySelectorAll('#l-organizations option'),\
         function(o){return o.value.indexOf('№ 40') >= 0;});if(!o)return null;\
         var p=document.getElementById('p-organizations');p.value=o.value;\
         p.dispatchEvent(new Event('change',{bubbles:true}));return o.value;})()",
    );
    assert!(
        picked.as_str().is_some_and(|v| v.ends_with("(sh-40)")),
        "{picked}"
    );
    assert_eq!(
        b.eval("document.getElementById('f-organizations').value"),
        json!("sh-40")
    );
    b.type_into("f-topics", "исследования\nмолодые педагоги");
    b.eval("document.querySelector('form.editor-form button[type=submit]').click(); true");
    b.wait_until(
        "location.pathname.indexOf('/_editor/edit/practices/') === 0 && location.search === '?saved=1' && \
         document.readyState === 'complete'",
        "the new practice is saved",
        &serve,
    );
    let path = b.eval("location.pathname");
    let rel = path
        .as_str()
        .and_then(|p| p.strip_prefix("/_editor/edit/"))
        .expect("the edit address")
        .to_string();
    let slug = rel
        .strip_prefix("practices/")
        .and_then(|r| r.strip_suffix(".md"))
        .expect("a page in practices/")
        .to_string();
    // The attachment: the page becomes a bundle, and the form is saved again with the file.
    let tmp = tempfile::tempdir().expect("tmp");
    let file = tmp.path().join("Программа клуба.pdf");
    std::fs::write(&file, b"%PDF-1.4 club").expect("write");
    b.choose_file("#upload-file", &file);
    b.eval("document.getElementById('upload-form').requestSubmit(); true");
    b.wait_until(
        "document.getElementById('f-attachments').value.includes('file: programma-kluba.pdf')",
        "the upload is listed in the form",
        &serve,
    );
    b.eval("document.querySelector('form.editor-form button[type=submit]').click(); true");
    b.wait_until(
        &format!(
            "location.pathname === '/_editor/edit/practices/{slug}/index.md' && \
             location.search === '?saved=1'"
        ),
        "the bundle is saved",
        &serve,
    );
    let bundle = site.root().join("content/practices").join(&slug);
    let saved = std::fs::read_to_string(bundle.join("index.md")).expect("read");
    for expected in [
        "title: Клуб молодых исследователей\n",
        "organizations: [sh-40]\n",
        "topics: [исследования, молодые педагоги]\n",
        "  - file: programma-kluba.pdf\n    title: Программа клуба\n",
    ] {
        assert!(saved.contains(expected), "{expected:?} in:\n{saved}");
    }
    assert_eq!(
        std::fs::read(bundle.join("programma-kluba.pdf")).expect("stored"),
        b"%PDF-1.4 club"
    );
    // The bank of the preview finds it by a word of its summary once the site is rebuilt.
    b.call(
        "Page.navigate",
        json!({ "url": format!("{}practices/?q=исследовательские", serve.url) }),
    );
    b.wait_until(
        &format!(
            "document.readyState === 'complete' && \
             !!document.querySelector('[data-search-results] a[href$=\"/practices/{slug}/\"]')"
        ),
        "the bank finds the new practice",
        &serve,
    );
    // Its page shows the organization and the file.
    b.call(
        "Page.navigate",
        json!({ "url": format!("{}practices/{slug}/", serve.url) }),
    );
    b.wait_until(
        "document.readyState === 'complete' && \
         !!document.querySelector('a[href$=\"programma-kluba.pdf\"]') && \
         document.body.innerText.replace(/\\u00a0/g, ' ').includes('Средняя школа № 40')",
        "the practice's page shows its organization and file",
        &serve,
    );
}

#[test]
fn an_events_date_edited_to_plan_wording_moves_it_in_the_calendar() {
    let Some(browser) = chromium() else {
        return;
    };
    let site = TestSite::new();
    let serve = Serve::start(&site);
    let title = "Организационное собрание";
    let mut b = Browser::open(browser, &format!("{}calendar/2022/10/", serve.url));
    b.wait_until(
        &format!(
            "document.readyState === 'complete' && document.body.innerText.includes('{title}')"
        ),
        "the event is in October 2022 before the edit",
        &serve,
    );
    b.call(
        "Page.navigate",
        json!({ "url": format!("{}_editor/edit/events/2022-10-10-sobranie.md", serve.url) }),
    );
    b.wait_until(
        "document.readyState === 'complete' && !!document.querySelector('form.editor-form') && \
         document.getElementById('check-status').textContent === 'Ошибок нет.'",
        "the editor opens and checks",
        &serve,
    );
    b.type_into("f-start", "апрель–май 2023");
    b.wait_until(
        "document.getElementById('u-start').textContent.replace(/\\u00a0/g, ' ')\
           .includes('апрель–май 2023 г. (запишется: начало 2023-04, окончание 2023-05)') && \
         document.getElementById('e-start').textContent === '' && \
         document.getElementById('check-status').textContent.indexOf('Ошибок нет') === 0",
        "the span is understood and checks clean",
        &serve,
    );
    b.eval("document.querySelector('form.editor-form button[type=submit]').click(); true");
    b.wait_until(
        "location.search === '?saved=1' && document.readyState === 'complete'",
        "the event is saved",
        &serve,
    );
    let saved = std::fs::read_to_string(site.root().join(EVENT)).expect("read");
    assert!(
        saved.contains("\nstart: 2023-04\nend: 2023-05\n"),
        "{saved}"
    );
    // The reopened form shows the two fields as written.
    assert_eq!(
        b.eval("document.getElementById('f-start').value"),
        json!("2023-04")
    );
    assert_eq!(
        b.eval("document.getElementById('f-end').value"),
        json!("2023-05")
    );
    b.visit_until(
        &format!("{}calendar/2023/04/", serve.url),
        &format!("document.body.innerText.includes('{title}')"),
        "the calendar's April 2023 shows the event",
        &serve,
    );
    b.visit_until(
        &format!("{}calendar/2022/10/", serve.url),
        &format!("!document.body.innerText.includes('{title}')"),
        "October 2022 no longer shows it",
        &serve,
    );
}
