//! The browser editor of `nastavnik serve` (`/_editor/…`): forms for every content kind built
//! from [`crate::content::schema`], live checks through the same load as `check`, a preview by
//! the real Markdown renderer, attachments into the page's bundle, and saving plain Markdown
//! with YAML front matter that keeps what the form does not know.
//!
//! Safety, because a page from any site the editor visits can send requests to the preview
//! server on loopback:
//! - the editor answers only on a loopback bind, unless `serve --editor` allows it, and then
//!   only after the password printed at start-up (a cookie limited to `/_editor`);
//! - `Host` is checked by the server for every request (DNS rebinding, see `host.rs`);
//! - every POST must come from the editor's own pages: `Origin` (or `Referer`) equal to the
//!   server's own address, `Sec-Fetch-Site` same-origin when sent, and the per-session token
//!   the pages carry; otherwise 403 and nothing is written;
//! - pages forbid framing and scripts from anywhere else (CSP);
//! - paths are confined to `content/` (`files.rs`), uploads are limited in size and type;
//! - writes are atomic, and every refused save shows the form again with the editor's text.

pub mod check;
pub mod dates;
pub mod document;
pub mod files;
pub mod form_data;
pub mod pages;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::content::load::{CONTENT_DIR, LoadOptions};
use crate::content::model::KindName;
use crate::content::schema::{self, FieldSpec, Input};
use crate::serve::connection::{Request, Response};
use check::{Catalog, Checker};
use document::{Document, Spelling, Submitted};
use files::ContentPath;
use form_data::FormData;
use pages::{FormPage, Notice, Target};

/// Where the editor lives; a path no site page can have (`_` does not start slugs).
pub const PREFIX: &str = "/_editor/";
const SCRIPT: &str = include_str!("editor.js");
const STYLE: &str = include_str!("editor.css");
const COOKIE: &str = "nastavnik_editor";

/// The editor's state in a running server.
pub struct Editor {
    /// Off when the server is reachable from other computers and `--editor` was not given.
    enabled: bool,
    root: PathBuf,
    content_dir: PathBuf,
    /// Carried by every editor page and required with every POST.
    token: String,
    /// Asked once per browser when the server is reachable from other computers.
    password: Option<String>,
    load_options: LoadOptions,
    checker: Checker,
    catalog: Mutex<Option<(u64, Arc<Catalog>)>>,
}

/// A random value of 128 bits, in hex: the standard library's hasher keys come from the
/// operating system's random source.
pub fn random_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for salt in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        h.write_u32(std::process::id());
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// Compares secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Editor {
    /// `root` is the resolved site folder. `enabled` is false on a bind reachable from other
    /// computers without `--editor`; `password` is set there with it.
    pub fn new(
        root: &Path,
        load_options: LoadOptions,
        enabled: bool,
        password: Option<String>,
    ) -> Editor {
        Editor {
            enabled,
            root: root.to_path_buf(),
            content_dir: root.join(CONTENT_DIR),
            token: random_token(),
            password,
            load_options,
            checker: Checker::default(),
            catalog: Mutex::new(None),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The password asked for when other computers can reach the server.
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    /// The token editor pages carry (tests post with it, as the pages do).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The links the preview shows on a page made from `source` (relative to `content/`):
    /// «Редактировать» and «Добавить: …». Empty when the editor is off.
    pub fn bar(&self, source: Option<&str>) -> String {
        if !self.enabled {
            return String::new();
        }
        pages::bar(source)
    }

    fn catalog(&self, version: u64) -> Arc<Catalog> {
        let mut guard = self
            .catalog
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((v, c)) = guard.as_ref()
            && *v == version
        {
            return Arc::clone(c);
        }
        let c = Arc::new(check::catalog(&self.root));
        *guard = Some((version, Arc::clone(&c)));
        c
    }

    /// Answers a request below [`PREFIX`] (or `/_editor`). `version` is the server's build
    /// version, `host` the request's `Host` (already allowed by the server).
    pub fn handle(&self, request: &Request, version: u64) -> Response {
        let target = request.target();
        let path = target.split(['?', '#']).next().unwrap_or("");
        let query = target.split_once('?').map_or("", |(_, q)| q);
        if !self.enabled {
            return pages::text(
                403,
                "Редактор выключен: сервер предпросмотра открыт не только на этом компьютере. \
                 Запустите nastavnik serve без --bind или с параметром --editor.\n",
            );
        }
        if path == "/_editor" {
            return pages::redirect(PREFIX);
        }
        let Some(rest) = path.strip_prefix(PREFIX) else {
            return pages::not_found();
        };
        let Some(rest) = crate::serve::http::percent_decode(rest) else {
            return pages::text(400, "Неверный адрес.\n");
        };
        match (request.method(), rest.as_str()) {
            ("GET" | "HEAD", "static/editor.js") => {
                pages::asset(SCRIPT, "text/javascript; charset=utf-8")
            }
            ("GET" | "HEAD", "static/editor.css") => pages::asset(STYLE, "text/css; charset=utf-8"),
            ("GET" | "HEAD", "login") => pages::login(false),
            ("POST", "login") => self.login(request),
            _ if !self.signed_in(request) => pages::login(false),
            ("GET" | "HEAD", "") => pages::index(
                &self.catalog(version),
                &query_param(query, "q").unwrap_or_default(),
                &self.token,
            ),
            ("GET" | "HEAD", r) if r.starts_with("edit/") => {
                self.edit_page(&r[5..], query, version)
            }
            ("GET" | "HEAD", r) if r.starts_with("new/") => self.new_page(&r[4..], version),
            ("POST", r) => match self.refusal(request) {
                Some(refused) => refused,
                None => self.post(request, r, version),
            },
            ("GET" | "HEAD", _) => pages::not_found(),
            _ => pages::text(405, "Этот адрес редактора так не вызывают.\n")
                .with_header("Allow", "GET, POST"),
        }
    }

    fn signed_in(&self, request: &Request) -> bool {
        let Some(password) = &self.password else {
            return true;
        };
        request
            .headers("Cookie")
            .flat_map(|c| c.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .any(|(k, v)| k == COOKIE && same_secret(v, password))
    }

    fn login(&self, request: &Request) -> Response {
        let Some(password) = &self.password else {
            return pages::redirect(PREFIX);
        };
        if let Some(refused) = self.same_origin_refusal(request) {
            return refused;
        }
        let form = form_of(request).unwrap_or_default();
        match form.text("password") {
            Some(p) if same_secret(p.trim(), password) => pages::redirect(PREFIX).with_header(
                "Set-Cookie",
                &format!("{COOKIE}={password}; Path=/_editor; HttpOnly; SameSite=Strict"),
            ),
            _ => pages::login(true),
        }
    }

    /// Why a POST is refused before it is looked at: not from the editor's own pages.
    fn refusal(&self, request: &Request) -> Option<Response> {
        if let Some(refused) = self.same_origin_refusal(request) {
            return Some(refused);
        }
        let header = request
            .headers("X-Nastavnik-Token")
            .next()
            .map(str::to_string);
        let token = header.or_else(|| form_of(request).and_then(|f| f.text("token")));
        if !token.is_some_and(|t| same_secret(t.trim(), &self.token)) {
            return Some(pages::text(
                403,
                "Запрос отклонён: в нём нет ключа этой сессии редактора. Откройте страницу \
                 редактора заново (после перезапуска nastavnik serve ключ меняется); ваш текст \
                 можно скопировать со старой страницы.\n",
            ));
        }
        None
    }

    fn same_origin_refusal(&self, request: &Request) -> Option<Response> {
        let refused = || {
            Some(pages::text(
                403,
                "Запрос отклонён: он пришёл не со страницы редактора этого компьютера. \
                 Чужие сайты не могут изменять файлы через редактор.\n",
            ))
        };
        let host = request.headers("Host").next().unwrap_or("").trim();
        if host.is_empty() {
            return refused();
        }
        let own = format!("http://{host}");
        if let Some(site) = request.headers("Sec-Fetch-Site").next()
            && !matches!(site.trim(), "same-origin" | "none")
        {
            return refused();
        }
        match request.headers("Origin").next() {
            Some(origin) if origin.trim().eq_ignore_ascii_case(&own) => None,
            Some(_) => refused(),
            None => match request.headers("Referer").next() {
                Some(r) if r.starts_with(&format!("{own}/")) => None,
                _ => refused(),
            },
        }
    }

    fn post(&self, request: &Request, rest: &str, version: u64) -> Response {
        let Some(form) = form_of(request) else {
            return pages::text(415, "Форма редактора пришла в непонятном виде.\n");
        };
        if let Some(rel) = rest.strip_prefix("edit/") {
            self.save(rel, &form, version)
        } else if let Some(folder) = rest.strip_prefix("new/") {
            self.create(folder, &form, version)
        } else if let Some(rel) = rest.strip_prefix("check/") {
            self.check_json(Target::Edit(rel.to_string()), &form, version)
        } else if let Some(folder) = rest.strip_prefix("check-new/") {
            self.check_json(Target::New(folder.to_string()), &form, version)
        } else if let Some(rel) = rest.strip_prefix("upload/") {
            self.upload(rel, &form, request, version)
        } else {
            pages::not_found()
        }
    }

    fn path(&self, rel: &str) -> Result<ContentPath, Response> {
        files::content_path(&self.content_dir, rel)
            .map_err(|msg| pages::text(404, &format!("{msg}\n")))
    }

    fn kind_of(rel: &str) -> Option<KindName> {
        crate::content::parse::placement(Path::new(rel)).map(|p| p.kind)
    }

    fn folder_kind(folder: &str) -> Option<KindName> {
        schema::creatable()
            .find(|(_, f)| *f == folder)
            .map(|(k, _)| k)
    }

    fn edit_page(&self, rel: &str, query: &str, version: u64) -> Response {
        let path = match self.path(rel) {
            Ok(p) => p,
            Err(r) => return r,
        };
        let Ok(bytes) = std::fs::read(&path.abs) else {
            return pages::text(404, &format!("Файла {} нет.\n", files::display(&path.rel)));
        };
        let text = match crate::content::source::decode(Path::new(&path.rel), &bytes) {
            Ok(t) => t,
            Err(d) => {
                return pages::text(
                    422,
                    &format!("{}\n{}\n", d.message, d.hint.unwrap_or_default()),
                );
            }
        };
        let catalog = self.catalog(version);
        let notice = if query_param(query, "saved").is_some() {
            Some(Notice::Saved)
        } else if query_param(query, "unchanged").is_some() {
            Some(Notice::Unchanged)
        } else {
            query_param(query, "added").map(|f| Notice::Added(files::shown(&f)))
        };
        let report = self
            .checker
            .check(&self.root, &self.load_options, version, &path.abs, &text);
        let page = FormPage {
            target: Target::Edit(path.rel.clone()),
            kind: Self::kind_of(&path.rel),
            doc: Document::parse(&text).ok(),
            text,
            base: fingerprint(&bytes),
            token: &self.token,
            catalog: &catalog,
            report: Some(report),
            notice,
            conflict: None,
            show_errors: false,
        };
        pages::form(200, &page)
    }

    fn new_page(&self, folder: &str, version: u64) -> Response {
        let Some(kind) = Self::folder_kind(folder) else {
            return pages::not_found();
        };
        let catalog = self.catalog(version);
        let doc = Document::empty();
        let page = FormPage {
            target: Target::New(folder.to_string()),
            kind: Some(kind),
            text: doc.text.clone(),
            doc: Some(doc),
            base: String::new(),
            token: &self.token,
            catalog: &catalog,
            report: None,
            notice: None,
            conflict: None,
            show_errors: false,
        };
        pages::form(200, &page)
    }

    /// The file text a submitted form makes, over `before` (the file on disk, or an empty file).
    fn compose(kind: Option<KindName>, before: &Document, form: &FormData) -> String {
        if let Some(whole) = form.text("whole") {
            return document::normalize_newlines(&whole);
        }
        let specs = kind.map(schema::fields).unwrap_or(&[]);
        let submitted = submitted(specs, form);
        before.apply(specs, &submitted, form.text("body").as_deref())
    }

    fn save(&self, rel: &str, form: &FormData, version: u64) -> Response {
        let path = match self.path(rel) {
            Ok(p) => p,
            Err(r) => return r,
        };
        let kind = Self::kind_of(&path.rel);
        let catalog = self.catalog(version);
        let disk = std::fs::read(&path.abs).ok();
        let disk_text = disk
            .as_deref()
            .and_then(|b| crate::content::source::decode(Path::new(&path.rel), b).ok());
        let before = disk_text
            .as_deref()
            .and_then(|t| Document::parse(t).ok())
            .unwrap_or_else(Document::empty);
        // The form was made from the file whose fingerprint it carries; compose over that
        // only if the file is still that one.
        let base = form.text("base").unwrap_or_default();
        let current = disk.as_deref().map(fingerprint).unwrap_or_default();
        let text = Self::compose(kind, &before, form);
        let page = |status, report, notice, conflict: Option<String>, base: String| {
            let page = FormPage {
                target: Target::Edit(path.rel.clone()),
                kind,
                doc: Document::parse(&text).ok(),
                text: text.clone(),
                base,
                token: &self.token,
                catalog: &catalog,
                report,
                notice,
                conflict,
                show_errors: true,
            };
            pages::form(status, &page)
        };
        if current != base {
            // Someone else changed (or removed) the file since the form was opened: show both,
            // write nothing. Saving again writes the editor's version over the new one.
            let theirs = disk_text.unwrap_or_else(|| "(файл удалён)".to_string());
            return page(409, None, None, Some(theirs), current);
        }
        if disk_text.as_deref() == Some(text.as_str()) {
            return pages::redirect(&format!("{PREFIX}edit/{}?unchanged=1", url_path(&path.rel)));
        }
        let report = self
            .checker
            .check(&self.root, &self.load_options, version, &path.abs, &text);
        if report.has_errors() && !is_draft(&text) {
            return page(422, Some(report), Some(Notice::ErrorsOnlyDraft), None, base);
        }
        let spelled = disk
            .as_deref()
            .map(Spelling::of)
            .unwrap_or_default()
            .apply(&text);
        if let Err(msg) = files::write_atomic(&path.abs, &spelled, false) {
            return page(
                500,
                Some(report),
                Some(Notice::WriteFailed(msg)),
                None,
                base,
            );
        }
        pages::redirect(&format!("{PREFIX}edit/{}?saved=1", url_path(&path.rel)))
    }

    fn create(&self, folder: &str, form: &FormData, version: u64) -> Response {
        let Some(kind) = Self::folder_kind(folder) else {
            return pages::not_found();
        };
        let catalog = self.catalog(version);
        let before = Document::empty();
        let text = Self::compose(Some(kind), &before, form);
        let doc = Document::parse(&text).ok();
        let (slug, slug_problem) = new_slug(kind, doc.as_ref(), form);
        let rel = format!("{folder}/{slug}.md");
        let abs = self.content_dir.join(folder).join(format!("{slug}.md"));
        let taken = self.content_dir.join(folder).join(&slug).exists() || abs.exists();
        let report = self
            .checker
            .check(&self.root, &self.load_options, version, &abs, &text);
        let problem = slug_problem.or_else(|| {
            taken.then(|| {
                format!(
                    "{} уже есть: новый материал не записан, чтобы ничего не перезаписать. \
                     Укажите другое имя файла или откройте существующий",
                    files::display(&rel)
                )
            })
        });
        let page = |status, report, notice| {
            let page = FormPage {
                target: Target::New(folder.to_string()),
                kind: Some(kind),
                doc: doc.clone(),
                text: text.clone(),
                base: String::new(),
                token: &self.token,
                catalog: &catalog,
                report,
                notice,
                conflict: None,
                show_errors: true,
            };
            pages::form(status, &page)
        };
        if let Some(problem) = problem {
            return page(422, Some(report), Some(Notice::BadName(problem)));
        }
        if report.has_errors() && !is_draft(&text) {
            return page(422, Some(report), Some(Notice::ErrorsOnlyDraft));
        }
        if let Err(msg) = files::write_atomic(&abs, text.as_bytes(), true) {
            return page(500, Some(report), Some(Notice::WriteFailed(msg)));
        }
        pages::redirect(&format!("{PREFIX}edit/{}?saved=1", url_path(&rel)))
    }

    fn check_json(&self, target: Target, form: &FormData, version: u64) -> Response {
        let (kind, abs, before) = match &target {
            Target::Edit(rel) => {
                let path = match self.path(rel) {
                    Ok(p) => p,
                    Err(r) => return r,
                };
                let before = std::fs::read(&path.abs)
                    .ok()
                    .and_then(|b| crate::content::source::decode(Path::new(&path.rel), &b).ok())
                    .and_then(|t| Document::parse(&t).ok())
                    .unwrap_or_else(Document::empty);
                (Self::kind_of(&path.rel), path.abs, before)
            }
            Target::New(folder) => {
                let Some(kind) = Self::folder_kind(folder) else {
                    return pages::not_found();
                };
                let before = Document::empty();
                let text = Self::compose(Some(kind), &before, form);
                let (slug, _) = new_slug(kind, Document::parse(&text).ok().as_ref(), form);
                (
                    Some(kind),
                    self.content_dir.join(folder).join(format!("{slug}.md")),
                    before,
                )
            }
        };
        let text = Self::compose(kind, &before, form);
        let report = self
            .checker
            .check(&self.root, &self.load_options, version, &abs, &text);
        pages::check_json(&text, kind, &report, form)
    }

    fn upload(&self, rel: &str, form: &FormData, request: &Request, version: u64) -> Response {
        let wants_json = request
            .headers("Accept")
            .any(|a| a.contains("application/json"));
        let fail = |status: u16, msg: String| {
            if wants_json {
                pages::json(status, &serde_json::json!({ "error": msg }))
            } else {
                pages::text(status, &format!("{msg}\n"))
            }
        };
        let path = match self.path(rel) {
            Ok(p) => p,
            Err(r) => return r,
        };
        if !path.abs.is_file() {
            return fail(
                404,
                format!(
                    "сначала сохраните материал: файла {} ещё нет",
                    files::display(&path.rel)
                ),
            );
        }
        if path
            .rel
            .rsplit('/')
            .next()
            .is_some_and(|n| n.starts_with('_'))
        {
            return fail(
                422,
                "к вводному тексту раздела (_index.md) файлы не прикладывают: добавьте файл к материалу"
                    .to_string(),
            );
        }
        let Some(file) = form.file("file") else {
            return fail(422, "выберите файл".to_string());
        };
        if file.data.len() > files::MAX_UPLOAD {
            return fail(
                413,
                format!(
                    "файл больше {}: такие файлы лучше выложить на файловый сервер и дать ссылку",
                    crate::ru::filesize::human_size(files::MAX_UPLOAD as u64)
                ),
            );
        }
        let name = match files::upload_name(file.filename.as_deref().unwrap_or("")) {
            Ok(n) => n,
            Err(msg) => return fail(415, msg),
        };
        let page = match files::ensure_bundle(&self.content_dir, &path) {
            Ok(p) => p,
            Err(msg) => return fail(409, msg),
        };
        let dir = page.abs.parent().unwrap_or(&self.content_dir).to_path_buf();
        let name = files::free_name(&dir, &name);
        if let Err(msg) = files::write_atomic(&dir.join(&name), &file.data, true) {
            return fail(500, msg);
        }
        let title = file
            .filename
            .as_deref()
            .unwrap_or(&name)
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&name)
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem)
            .to_string();
        if wants_json {
            // The page's form adds the file to its attachments; its address may have changed.
            return pages::json(
                200,
                &serde_json::json!({
                    "file": name,
                    "title": files::shown(&title),
                    "path": page.rel,
                    "edit": format!("{PREFIX}edit/{}", url_path(&page.rel)),
                    "check": format!("{PREFIX}check/{}", url_path(&page.rel)),
                    "upload": format!("{PREFIX}upload/{}", url_path(&page.rel)),
                }),
            );
        }
        // Without JavaScript the file is listed in the page's attachments on disk at once.
        let _ = version;
        if let Ok(bytes) = std::fs::read(&page.abs)
            && let Ok(text) = crate::content::source::decode(Path::new(&page.rel), &bytes)
            && let Ok(doc) = Document::parse(&text)
        {
            let old = doc.raw_value("attachments");
            let mut new = old.trim_end().to_string();
            if !new.is_empty() {
                new.push('\n');
            }
            new.push_str(&format!(
                "  - file: {}\n    title: {}",
                crate::yaml::scalar(&name),
                crate::yaml::scalar(&files::shown(&title))
            ));
            let spec = schema::fields(Self::kind_of(&page.rel).unwrap_or(KindName::Plain))
                .iter()
                .find(|s| s.key == "attachments")
                .copied();
            if let Some(spec) = spec {
                let specs = schema::fields(Self::kind_of(&page.rel).unwrap_or(KindName::Plain));
                let updated = doc.apply(specs, &[(spec, Submitted::Raw(new))], None);
                let _ = files::write_atomic(&page.abs, updated.as_bytes(), false);
            }
        }
        pages::redirect(&format!(
            "{PREFIX}edit/{}?added={}",
            url_path(&page.rel),
            url_path(&name)
        ))
    }
}

/// The fields a form sent, for the fields of its kind (a field the form did not send is left
/// as it is in the file).
fn submitted(specs: &[FieldSpec], form: &FormData) -> Vec<(FieldSpec, Submitted)> {
    let as_draft = form.has("as_draft");
    let mut out: Vec<(FieldSpec, Submitted)> = specs
        .iter()
        .filter_map(|spec| {
            let name = format!("f.{}", spec.key);
            let raw = format!("r.{}", spec.key);
            let value = if let Some(r) = form.text(&raw) {
                Submitted::Raw(r)
            } else if spec.input == Input::Flag {
                let forced = as_draft && spec.key == "draft";
                if !form.has(&format!("shown.{}", spec.key)) && !forced {
                    return None;
                }
                Submitted::Flag(form.has(&name) || forced)
            } else {
                Submitted::Text(form.text(&name)?)
            };
            Some((*spec, value))
        })
        .collect();
    split_span(specs, &mut out);
    out
}

/// A span typed into a start field that has an end field beside it («апрель–май 2023» in an
/// event's start) is written as the two fields it means: start 2023-04, end 2023-05.
fn split_span(specs: &[FieldSpec], sent: &mut Vec<(FieldSpec, Submitted)>) {
    let Some(end_spec) = specs.iter().find(|s| s.key == END_KEY) else {
        return;
    };
    let span = sent.iter_mut().find_map(|(spec, value)| match value {
        Submitted::Text(text) if spec.key == START_KEY && spec.input == Input::Date => {
            let when = dates::read(text)?;
            let end = when.end?;
            *text = when.start.to_string();
            Some(end)
        }
        _ => None,
    });
    let Some(end) = span else { return };
    // Written as a date (canonical, unquoted), though the end field also takes a bare time.
    let end_spec = FieldSpec {
        input: Input::Date,
        ..*end_spec
    };
    let end = Submitted::Text(end.to_string());
    sent.retain(|(spec, _)| spec.key != END_KEY);
    sent.push((end_spec, end));
}

/// The fields a span in the start field is split into.
const START_KEY: &str = "start";
const END_KEY: &str = "end";

/// Whether a date field of this kind takes a span, split into it and the kind's end field.
pub fn takes_span(kind: Option<KindName>, key: &str) -> bool {
    key == START_KEY
        && kind
            .map(schema::fields)
            .is_some_and(|specs| specs.iter().any(|s| s.key == END_KEY))
}

fn is_draft(text: &str) -> bool {
    Document::parse(text)
        .ok()
        .and_then(|d| d.values)
        .is_some_and(|m| matches!(m.get("draft"), Some(serde_yaml::Value::Bool(true))))
}

/// The file name of a new page, as `nastavnik new` chooses it (events start with their date),
/// or the one the form gave; and the Russian reason when the given one does not do.
fn new_slug(kind: KindName, doc: Option<&Document>, form: &FormData) -> (String, Option<String>) {
    let given = form.text("slug").unwrap_or_default();
    let given = given.trim();
    if !given.is_empty() {
        let ok = given
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !given.starts_with('-')
            && !given.ends_with('-')
            && given.len() <= 100;
        if ok {
            return (given.to_string(), None);
        }
        return (
            crate::ru::translit::slugify(given),
            Some(format!(
                "имя файла «{}» не подходит: только строчные латинские буквы, цифры и дефисы, \
                 например seminar-dlya-nastavnikov",
                files::shown(given)
            )),
        );
    }
    let value = |key: &str| {
        doc.and_then(|d| d.values.as_ref())
            .and_then(|m| m.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    // A mentor's file is named after the person (`name`), as `nastavnik new mentor` names it.
    let title = value("title").or_else(|| value("name")).unwrap_or_default();
    let start = match kind {
        KindName::Event => value("start")
            .and_then(|s| crate::when::DatePoint::parse(&s).ok())
            .map(|p| match p {
                crate::when::DatePoint::DateTime(dt) => dt.date().to_string(),
                other => other.to_string(),
            }),
        _ => None,
    };
    let slug = crate::import::event_file::event_slug(&title, start.as_deref());
    (slug, None)
}

/// Adds `snippet` before the last `</body>` of a page (or at its end).
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    if snippet.is_empty() {
        return html.to_vec();
    }
    let at = html
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A short hash of a file's bytes: the version a form was made from.
pub fn fingerprint(bytes: &[u8]) -> String {
    format!(
        "{:016x}",
        crate::fingerprint::Fingerprint::new().add(&bytes).finish()
    )
}

fn form_of(request: &Request) -> Option<FormData> {
    let ctype = request.headers("Content-Type").next()?;
    FormData::parse(ctype, request.body())
}

/// A path for a URL: each segment percent-encoded except unreserved characters.
pub fn url_path(rel: &str) -> String {
    let mut out = String::new();
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A query parameter's decoded value.
fn query_param(query: &str, name: &str) -> Option<String> {
    let form = FormData::parse("application/x-www-form-urlencoded", query.as_bytes())?;
    form.text(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_and_differ() {
        let a = random_token();
        let b = random_token();
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
    }

    #[test]
    fn the_event_fields_follow_the_order_new_and_import_write() {
        use crate::import::event_file::Field;
        let order: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
        let mut last = 0;
        for spec in schema::fields(KindName::Event) {
            if let Some(at) = order.iter().position(|k| *k == spec.key) {
                assert!(at >= last, "{} is out of the template's order", spec.key);
                last = at;
            }
        }
    }
}
