//! The live preview as an editor sees it: `nastavnik serve` on a small site, a page open in
//! headless Chromium, and edits saved to disk while the page stays open. A broken file must
//! bring up the Russian overlay naming the file and line over the page (without reloading it);
//! the fixed file must take the overlay away and show the new text with no manual reload.
//!
//! The harness (a `nastavnik serve` process, Chromium over the DevTools pipe) is in
//! `common/browser.rs`. Every wait is bounded.

#![cfg(unix)]

mod common;

#[path = "common/browser.rs"]
mod browser;

use browser::{Browser, Serve};
use common::{EVENT, EVENT_TEXT, TestSite, chromium};
use serde_json::json;

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
