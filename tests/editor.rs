//! The browser editor of `nastavnik serve` over HTTP, as a browser's form posts: saving writes
//! plain Markdown changing only what changed, open-and-save leaves every file of the example
//! site byte-identical, and what must be refused is refused with nothing written (paths out
//! of `content/`, cross-origin POSTs, POSTs without the session's token, invalid input unless
//! saved as a draft, a file changed on disk since the form was opened).

mod common;
#[path = "common/http.rs"]
mod http;

use std::net::SocketAddr;
use std::path::Path;

use common::{EVENT, EVENT_TEXT, ORDER, PRACTICE, PRACTICE_TEXT, TestSite};
use http::{Reply, exchange};
use nastavnik::serve::{Config, Handle};

fn serve_at(root: &Path, bind: &str, editor: bool) -> Handle {
    common::start_serve(&Config {
        bind: bind.into(),
        editor,
        ..common::serve_config(root.to_path_buf())
    })
}

fn serve(site: &TestSite) -> Handle {
    serve_at(&site.root(), "127.0.0.1", false)
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    exchange(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// A multipart body of text fields and at most one file, as browsers send forms.
fn multipart(fields: &[(String, String)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----nastavnikTestBoundary7MA4YWxk";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((filename, data)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// POSTs a form; `origin` is sent as `Origin` when given.
fn post(
    addr: SocketAddr,
    target: &str,
    origin: Option<&str>,
    fields: &[(String, String)],
) -> Reply {
    post_with(addr, target, origin, fields, None)
}

fn post_with(
    addr: SocketAddr,
    target: &str,
    origin: Option<&str>,
    fields: &[(String, String)],
    file: Option<(&str, &[u8])>,
) -> Reply {
    let (ctype, body) = multipart(fields, file);
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    let mut request = format!(
        "POST {target} HTTP/1.1\r\nHost: {addr}\r\n{origin}Content-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    exchange(addr, &request)
}

fn own(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(unescape(&tag[at..end]))
}

/// The fields the editor form of a page sends when submitted as it is, as a browser collects
/// them: inputs with their values (checkboxes when checked), textareas (the newline after the
/// start tag is not part of the value; a browser sends line breaks as CRLF), selected options.
/// Only the first form (the editor's; the upload form follows it).
fn form_fields(html: &str) -> Vec<(String, String)> {
    let start = html.find("<form method=\"post\"").expect("a form");
    let end = html[start..].find("</form>").expect("form end") + start;
    let form = &html[start..end];
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = form[at..].find('<') {
        let i = at + i;
        let tag_end = form[i..].find('>').expect("tag end") + i;
        let tag = &form[i..=tag_end];
        at = tag_end + 1;
        if tag.starts_with("<input") {
            let Some(name) = attr(tag, "name") else {
                continue;
            };
            let checkbox = tag.contains("type=\"checkbox\"");
            if checkbox && !tag.contains(" checked") {
                continue;
            }
            let value = attr(tag, "value").unwrap_or_default();
            out.push((name, value));
        } else if tag.starts_with("<textarea") {
            let name = attr(tag, "name").expect("a named textarea");
            let close = form[at..].find("</textarea>").expect("textarea end") + at;
            let text = unescape(&form[at..close]);
            let text = text
                .strip_prefix('\n')
                .unwrap_or(&text)
                .replace('\n', "\r\n");
            out.push((name, text));
            at = close;
        } else if tag.starts_with("<select") {
            let name = attr(tag, "name").expect("a named select");
            let close = form[at..].find("</select>").expect("select end") + at;
            let options = &form[at..close];
            let value = options
                .split("<option")
                .find(|o| o.starts_with(" selected>"))
                .map(|o| {
                    let text = &o[" selected>".len()..];
                    unescape(text.split("</option>").next().unwrap_or(""))
                })
                .unwrap_or_default();
            out.push((name, value));
            at = close;
        }
    }
    out
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(n, _)| n == name) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
}

/// Saves the edit form of `rel` (under `content/`) from the editor's own page.
fn save(addr: SocketAddr, rel: &str, fields: &[(String, String)]) -> Reply {
    post(
        addr,
        &format!("/_editor/edit/{rel}"),
        Some(&own(addr)),
        fields,
    )
}

fn edit_form(addr: SocketAddr, rel: &str) -> Vec<(String, String)> {
    let page = get(addr, &format!("/_editor/edit/{rel}"));
    assert_eq!(page.status, 200, "{}", page.body);
    form_fields(&page.body)
}

/// Saves a new title for the practice through its form (a title with a colon, which the
/// editor must quote); the reply, which must be the redirect of a saved form.
fn retitle_practice(addr: SocketAddr) -> Reply {
    let mut fields = edit_form(addr, "practices/shkola-4.md");
    set(&mut fields, "f.title", "Дорожная карта: школа № 4");
    let reply = save(addr, "practices/shkola-4.md", &fields);
    assert_eq!(reply.status, 303, "{}", reply.body);
    reply
}

/// The practice's text after [`retitle_practice`]: only the title line differs.
fn retitled(text: &str) -> String {
    text.replace(
        "title: Дорожная карта наставничества школы № 4",
        "title: \"Дорожная карта: школа № 4\"",
    )
}

#[test]
fn saving_a_changed_field_changes_only_its_line() {
    let site = TestSite::new();
    let server = serve(&site);
    let reply = retitle_practice(server.addr());
    assert!(
        reply
            .header("Location")
            .is_some_and(|l| l.contains("saved=1"))
    );
    let written = std::fs::read_to_string(site.root().join(PRACTICE)).expect("read");
    assert_eq!(written, retitled(PRACTICE_TEXT));
}

#[test]
fn a_notepad_file_keeps_its_byte_order_mark_and_line_endings_when_one_field_changes() {
    let site = TestSite::new();
    let crlf = |text: &str| format!("\u{feff}{}", text.replace('\n', "\r\n"));
    site.write(PRACTICE, &crlf(PRACTICE_TEXT));
    let server = serve(&site);
    retitle_practice(server.addr());
    let written = std::fs::read_to_string(site.root().join(PRACTICE)).expect("read");
    assert_eq!(written, crlf(&retitled(PRACTICE_TEXT)));
}

#[test]
fn open_and_save_without_changes_is_byte_identical_for_every_example_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = tmp.path().join("site");
    copy_dir(&repo.join("content"), &root.join("content"));
    copy_dir(&repo.join("data"), &root.join("data"));
    std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).expect("copy");
    let server = serve_at(&root, "127.0.0.1", false);
    let addr = server.addr();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.expect("walk");
        if !entry.file_name().to_string_lossy().ends_with(".md") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root.join("content"))
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        let before = std::fs::read(entry.path()).expect("read");
        let fields = edit_form(addr, &rel);
        let reply = save(addr, &rel, &fields);
        assert_eq!(reply.status, 303, "{rel}: {}", reply.body);
        assert!(
            reply
                .header("Location")
                .is_some_and(|l| l.contains("unchanged=1")),
            "{rel}: {:?}",
            reply.header("Location")
        );
        assert_eq!(std::fs::read(entry.path()).expect("read"), before, "{rel}");
        checked += 1;
    }
    assert!(checked > 10, "only {checked} files");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn paths_outside_content_are_refused_and_nothing_is_written() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let token = server.editor_token().to_string();
    let yaml = std::fs::read(site.root().join("site.yaml")).expect("read");
    for target in [
        "/_editor/edit/../site.yaml",
        "/_editor/edit/%2e%2e/site.yaml",
        "/_editor/edit/..%2fsite.md",
        "/_editor/edit/events/..%2f..%2fsite.md",
        "/_editor/edit/.hidden.md",
        "/_editor/edit/%2Fetc%2Fpasswd.md",
        "/_editor/edit/events%5c..%5c..%5csite.md",
    ] {
        let page = get(addr, target);
        assert!(
            matches!(page.status, 400 | 404),
            "{target}: {}",
            page.status
        );
        let reply = post(
            addr,
            target,
            Some(&own(addr)),
            &[
                ("token".into(), token.clone()),
                ("whole".into(), "---\ntitle: x\n---\n".into()),
            ],
        );
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: {}",
            reply.status
        );
    }
    assert_eq!(
        std::fs::read(site.root().join("site.yaml")).expect("read"),
        yaml
    );
    assert!(!site.base().join("site.md").exists());
    #[cfg(unix)]
    {
        std::fs::write(site.base().join("outside.md"), "---\ntitle: secret\n---\n").expect("write");
        std::os::unix::fs::symlink(
            site.base().join("outside.md"),
            site.root().join("content/link.md"),
        )
        .expect("link");
        let page = get(addr, "/_editor/edit/link.md");
        assert_eq!(page.status, 404);
        assert!(!page.body.contains("secret"));
    }
}

#[test]
fn cross_origin_posts_and_posts_without_the_token_are_refused() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let before = std::fs::read(site.root().join(PRACTICE)).expect("read");
    let mut fields = edit_form(addr, "practices/shkola-4.md");
    set(&mut fields, "f.title", "Взлом");
    let target = "/_editor/edit/practices/shkola-4.md";
    // Another site's page.
    let reply = post(addr, target, Some("http://evil.example"), &fields);
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(
        reply.body.contains("не со страницы редактора"),
        "{}",
        reply.body
    );
    // No Origin and no Referer.
    assert_eq!(post(addr, target, None, &fields).status, 403);
    // The right origin, the wrong token or none.
    let mut wrong = fields.clone();
    set(&mut wrong, "token", "0123456789abcdef0123456789abcdef");
    let reply = post(addr, target, Some(&own(addr)), &wrong);
    assert_eq!(reply.status, 403);
    assert!(reply.body.contains("ключа этой сессии"), "{}", reply.body);
    let without: Vec<_> = fields
        .iter()
        .filter(|(n, _)| n != "token")
        .cloned()
        .collect();
    assert_eq!(post(addr, target, Some(&own(addr)), &without).status, 403);
    // The same for creating and uploading.
    assert_eq!(
        post(
            addr,
            "/_editor/new/events",
            Some("http://evil.example"),
            &fields
        )
        .status,
        403
    );
    assert_eq!(
        post_with(
            addr,
            "/_editor/upload/practices/shkola-4.md",
            Some("null"),
            &fields,
            Some(("a.pdf", b"%PDF"))
        )
        .status,
        403
    );
    assert_eq!(
        std::fs::read(site.root().join(PRACTICE)).expect("read"),
        before
    );
    assert!(!site.root().join("content/practices/shkola-4").exists());
    // The editor's pages may not be framed by another site.
    let page = get(addr, "/_editor/edit/practices/shkola-4.md");
    assert_eq!(page.header("X-Frame-Options").as_deref(), Some("DENY"));
    assert!(
        page.header("Content-Security-Policy")
            .is_some_and(|c| c.contains("frame-ancestors 'none'"))
    );
}

#[test]
fn invalid_input_is_saved_only_as_a_draft_and_the_text_stays_in_the_form() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let before = std::fs::read(site.root().join(ORDER)).expect("read");
    let mut fields = edit_form(addr, "orders/prikaz-633.md");
    set(&mut fields, "f.date", "31.02.2023");
    set(&mut fields, "body", "Мой новый текст приказа.");
    let target = "/_editor/edit/orders/prikaz-633.md";
    let reply = post(addr, target, Some(&own(addr)), &fields);
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(
        std::fs::read(site.root().join(ORDER)).expect("read"),
        before
    );
    // The message is next to the date field, tied to it, and the editor's text is kept.
    let field = reply
        .body
        .split("id=\"field-date\"")
        .nth(1)
        .expect("the date field");
    let field = &field[..field.find("id=\"field-").unwrap_or(field.len())];
    assert!(field.contains("aria-invalid=\"true\""), "{field}");
    assert!(
        field.contains("aria-describedby=\"h-date e-date u-date\""),
        "{field}"
    );
    let errors = field
        .split("id=\"e-date\"")
        .nth(1)
        .expect("the date's messages");
    assert!(errors.contains("Ошибка:"), "{errors}");
    assert!(reply.body.contains("Мой новый текст приказа."));
    assert!(reply.body.contains("Сохранить как черновик"));
    // As a draft it is saved.
    let mut draft = form_fields(&reply.body);
    draft.push(("as_draft".into(), "1".into()));
    let reply = post(addr, target, Some(&own(addr)), &draft);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let written = std::fs::read_to_string(site.root().join(ORDER)).expect("read");
    assert!(written.contains("draft: true\n"), "{written}");
    assert!(written.contains("date: \"31.02.2023\"\n"), "{written}");
    assert!(
        written.ends_with("---\nМой новый текст приказа."),
        "{written}"
    );
}

#[test]
fn a_file_changed_on_disk_since_the_form_was_opened_is_not_overwritten() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let mut fields = edit_form(addr, "practices/shkola-4.md");
    let theirs = PRACTICE_TEXT.replace("План наставничества", "Правка коллеги");
    site.write(PRACTICE, &theirs);
    set(&mut fields, "f.summary", "Моя правка");
    let target = "/_editor/edit/practices/shkola-4.md";
    let reply = post(addr, target, Some(&own(addr)), &fields);
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert_eq!(
        std::fs::read_to_string(site.root().join(PRACTICE)).expect("read"),
        theirs
    );
    assert!(reply.body.contains("Файл изменился на диске"));
    assert!(reply.body.contains("Правка коллеги") && reply.body.contains("Моя правка"));
    // Saving again from the shown form writes the editor's version, knowingly.
    let again = form_fields(&reply.body);
    let reply = post(addr, target, Some(&own(addr)), &again);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let written = std::fs::read_to_string(site.root().join(PRACTICE)).expect("read");
    assert!(written.contains("summary: Моя правка\n"), "{written}");
}

#[test]
fn a_new_page_is_named_like_new_does_and_never_replaces_a_file() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let page = get(addr, "/_editor/new/events");
    assert_eq!(page.status, 200);
    let mut fields = form_fields(&page.body);
    set(&mut fields, "f.title", "Семинар наставников");
    set(&mut fields, "f.start", "20.03.2024 15:00");
    set(&mut fields, "f.organizations", "sh-40\r\nsh-16");
    set(&mut fields, "body", "Программа семинара.");
    let reply = post(addr, "/_editor/new/events", Some(&own(addr)), &fields);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let path = site
        .root()
        .join("content/events/2024-03-20-seminar-nastavnikov.md");
    let written = std::fs::read_to_string(&path).expect("created");
    assert_eq!(
        written,
        "---\ntitle: Семинар наставников\nstart: 2024-03-20 15:00\norganizations: [sh-40, sh-16]\n---\nПрограмма семинара."
    );
    set(&mut fields, "body", "Другой текст.");
    let reply = post(addr, "/_editor/new/events", Some(&own(addr)), &fields);
    assert_eq!(reply.status, 422);
    assert!(reply.body.contains("уже есть"), "{}", reply.body);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), written);
}

#[test]
fn an_upload_makes_the_page_a_bundle_and_lists_the_file() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let token = server.editor_token().to_string();
    let fields = vec![("token".to_string(), token.clone())];
    let reply = post_with(
        addr,
        "/_editor/upload/practices/shkola-4.md",
        Some(&own(addr)),
        &fields,
        Some(("План работы.pdf", b"%PDF-1.4 test")),
    );
    assert_eq!(reply.status, 303, "{}", reply.body);
    let bundle = site.root().join("content/practices/shkola-4");
    assert_eq!(
        std::fs::read(bundle.join("plan-raboty.pdf")).expect("stored"),
        b"%PDF-1.4 test"
    );
    let page = std::fs::read_to_string(bundle.join("index.md")).expect("moved");
    assert!(
        page.contains("attachments:\n  - file: plan-raboty.pdf\n    title: План работы\n"),
        "{page}"
    );
    assert!(!site.root().join(PRACTICE).exists());
    // A refused type or size writes nothing.
    let reply = post_with(
        addr,
        "/_editor/upload/practices/shkola-4/index.md",
        Some(&own(addr)),
        &fields,
        Some(("x.html", b"<script>")),
    );
    assert_eq!(reply.status, 415);
    let big = vec![0u8; 20 * 1024 * 1024 + 1];
    let reply = post_with(
        addr,
        "/_editor/upload/practices/shkola-4/index.md",
        Some(&own(addr)),
        &fields,
        Some(("big.pdf", &big)),
    );
    assert_eq!(reply.status, 413);
    let names: Vec<_> = std::fs::read_dir(&bundle)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn preview_pages_link_to_the_editor_and_builds_do_not() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let page = get(addr, "/practices/shkola-4/");
    assert!(
        page.body
            .contains("href=\"/_editor/edit/practices/shkola-4.md\">Редактировать</a>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Добавить: <a href=\"/_editor/new/events\">мероприятие</a>")
    );
    let listing = get(addr, "/_editor/?q=школы");
    assert_eq!(listing.status, 200);
    assert!(
        listing
            .body
            .contains("Дорожная карта наставничества школы № 4")
    );
    assert!(!listing.body.contains("Организационное собрание"));
    site.publish();
    for entry in walkdir::WalkDir::new(site.out()) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains("_editor"),
                "{} mentions the editor",
                entry.path().display()
            );
        }
    }
}

#[test]
fn the_editor_is_off_on_a_network_bind_unless_allowed_and_then_asks_a_password() {
    let site = TestSite::new();
    let off = serve_at(&site.root(), "0.0.0.0", false);
    let addr = SocketAddr::from(([127, 0, 0, 1], off.addr().port()));
    assert!(!off.editor_enabled());
    let page = get(addr, "/_editor/");
    assert_eq!(page.status, 403);
    assert!(page.body.contains("--editor"));
    assert!(!get(addr, "/practices/shkola-4/").body.contains("_editor"));
    drop(off);
    let on = serve_at(&site.root(), "0.0.0.0", true);
    let addr = SocketAddr::from(([127, 0, 0, 1], on.addr().port()));
    let password = on.editor_password().expect("a password").to_string();
    let page = get(addr, "/_editor/edit/practices/shkola-4.md");
    assert!(page.body.contains("Вход в редактор"), "{}", page.body);
    assert!(!page.body.contains(on.editor_token()));
    let wrong = post(
        addr,
        "/_editor/login",
        Some(&own(addr)),
        &[("password".into(), "nope".into())],
    );
    assert_eq!(wrong.status, 403);
    let right = post(
        addr,
        "/_editor/login",
        Some(&own(addr)),
        &[("password".into(), password.clone())],
    );
    assert_eq!(right.status, 303);
    let cookie = right.header("Set-Cookie").expect("a cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().expect("value").to_string();
    let page = exchange(
        addr,
        format!("GET /_editor/edit/practices/shkola-4.md HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n").as_bytes(),
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains(on.editor_token()));
}

#[test]
fn plan_wording_in_an_events_start_is_written_as_start_and_end() {
    let site = TestSite::new();
    let server = serve(&site);
    let addr = server.addr();
    let rel = "events/2022-10-10-sobranie.md";
    let mut fields = edit_form(addr, rel);
    set(&mut fields, "f.start", "апрель–май 2023");
    let checked = post(
        addr,
        &format!("/_editor/check/{rel}"),
        Some(&own(addr)),
        &fields,
    );
    assert_eq!(checked.status, 200, "{}", checked.body);
    let answer: serde_json::Value = serde_json::from_str(&checked.body).expect("json");
    assert_eq!(answer["errors"], 0, "{answer}");
    let shown = answer["understood"]["start"].as_str().expect("understood");
    assert!(
        shown.replace('\u{a0}', " ").contains("апрель–май 2023 г.")
            && shown.contains("начало 2023-04, окончание 2023-05"),
        "{shown}"
    );
    let reply = save(addr, rel, &fields);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let written = std::fs::read_to_string(site.root().join(EVENT)).expect("read");
    assert_eq!(
        written,
        EVENT_TEXT.replace(
            "start: 2022-10-10 15:00\nend: \"17:00\"\n",
            "start: 2023-04\nend: 2023-05\n"
        )
    );
    // A single date in words is written in the canonical form.
    let mut fields = edit_form(addr, rel);
    set(&mut fields, "f.start", "10 октября 2022");
    set(&mut fields, "f.end", "");
    let reply = save(addr, rel, &fields);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let written = std::fs::read_to_string(site.root().join(EVENT)).expect("read");
    assert!(written.contains("start: 2022-10-10\nformat:"), "{written}");
}
