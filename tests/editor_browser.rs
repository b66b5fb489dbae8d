//! The browser editor in headless Chromium: checks as the editor types show their messages next
//! to the field (and what a date was understood as), the preview follows the text, and a file
//! given to the upload form lands in the page's bundle and in its «Файлы» field, and the saved
//! page shows it in the preview of the site.
//!
//! The harness (a `nastavnik serve` process, Chromium over the DevTools pipe) is in
//! `common/browser.rs`. Every wait is bounded.

#![cfg(unix)]

mod common;

#[path = "common/browser.rs"]
mod browser;

use std::time::{Duration, Instant};

use browser::{Browser, PATIENCE, Serve};
use common::{EVENT, ORDER, PRACTICE, TestSite, chromium};
use serde_json::json;

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
    // The month grid hyphenates titles with soft hyphens, which innerText keeps.
    let shows_title =
        format!("document.body.innerText.replace(/\\u00ad/g, '').includes('{title}')");
    let mut b = Browser::open(browser, &format!("{}calendar/2022/10/", serve.url));
    b.wait_until(
        &format!("document.readyState === 'complete' && {shows_title}"),
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
        &shows_title,
        "the calendar's April 2023 shows the event",
        &serve,
    );
    b.visit_until(
        &format!("{}calendar/2022/10/", serve.url),
        &format!("!{shows_title}"),
        "October 2022 no longer shows it",
        &serve,
    );
}

#[test]
fn a_save_with_an_error_is_refused_unless_as_a_draft_and_a_conflict_shows_both_versions() {
    let Some(browser) = chromium() else {
        return;
    };
    let site = TestSite::new();
    let serve = Serve::start(&site);
    let read = |rel: &str| std::fs::read_to_string(site.root().join(rel)).expect("read");
    let mut b = editor_page(browser, &serve, "orders/prikaz-633.md");
    let before = read(ORDER);
    b.type_into("f-date", "31.02.2023");
    b.eval(
        "document.querySelector('form.editor-form button[type=submit]:not([name])').click(); true",
    );
    b.wait_until(
        "document.readyState === 'complete' && !!document.getElementById('summary') && \
         document.getElementById('summary').textContent.includes('Не сохранено')",
        "a save with an error is refused",
        &serve,
    );
    assert_eq!(read(ORDER), before, "a refused save writes nothing");
    // The editor's text stays in the form, with the message next to the field.
    assert_eq!(
        b.eval("document.getElementById('f-date').value"),
        json!("31.02.2023")
    );
    assert_eq!(
        b.eval("document.getElementById('e-date').textContent.includes('Ошибка')"),
        json!(true)
    );
    b.eval("document.querySelector('button[name=as_draft]').click(); true");
    b.wait_until(
        "location.search === '?saved=1' && document.readyState === 'complete'",
        "the draft is saved",
        &serve,
    );
    let draft = read(ORDER);
    assert!(
        draft.contains("31.02.2023") && draft.contains("draft: true"),
        "{draft}"
    );

    // Someone else changes the practice while its form is open: saving shows both versions.
    let mut b = editor_page(browser, &serve, "practices/shkola-4.md");
    let theirs = read(PRACTICE).replace("План наставничества", "Правка коллеги");
    std::fs::write(site.root().join(PRACTICE), &theirs).expect("write");
    b.type_into("f-summary", "Моя правка");
    b.eval(
        "document.querySelector('form.editor-form button[type=submit]:not([name])').click(); true",
    );
    b.wait_until(
        "document.readyState === 'complete' && !!document.getElementById('conflict-h')",
        "the conflict is shown",
        &serve,
    );
    assert_eq!(
        read(PRACTICE),
        theirs,
        "the other version is not overwritten"
    );
    let page = b.eval("document.body.innerText");
    let page = page.as_str().unwrap_or_default();
    assert!(
        page.contains("Правка коллеги") && page.contains("Моя правка"),
        "{page}"
    );
}

#[test]
fn a_form_on_another_origin_cannot_write_through_the_editor_even_with_the_token() {
    let Some(browser) = chromium() else {
        return;
    };
    let site = TestSite::new();
    let serve = Serve::start(&site);
    let mut b = editor_page(browser, &serve, "practices/shkola-4.md");
    // The worst case: the other page somehow knows this session's token.
    let token = b.eval("document.querySelector('form.editor-form input[name=token]').value");
    let token = token
        .as_str()
        .expect("the form carries a token")
        .to_string();
    let before = std::fs::read(site.root().join(PRACTICE)).expect("read");
    let other = tempfile::tempdir().expect("tmp");
    let target = format!("{}_editor/edit/practices/shkola-4.md", serve.url);
    std::fs::write(
        other.path().join("index.html"),
        format!(
            "<!doctype html><meta charset=\"utf-8\"><title>Другой сайт</title>\
             <form id=\"f\" method=\"post\" enctype=\"multipart/form-data\" action=\"{target}\">\
             <input name=\"token\" value=\"{token}\"><input name=\"f.title\" value=\"Чужая правка\">\
             <textarea name=\"body\">Чужой текст</textarea></form>\
             <script>document.getElementById('f').submit();</script>"
        ),
    )
    .expect("write the other site's page");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().expect("an address").port();
    common::serve_files(listener, other.path().to_path_buf());
    b.call(
        "Page.navigate",
        json!({ "url": format!("http://127.0.0.1:{port}/") }),
    );
    b.wait_until(
        "location.href.includes('/_editor/edit/') && document.readyState === 'complete' && \
         document.body.innerText.includes('не со страницы редактора')",
        "the editor refuses the other site's form",
        &serve,
    );
    assert_eq!(
        std::fs::read(site.root().join(PRACTICE)).expect("read"),
        before,
        "nothing is written"
    );
}
