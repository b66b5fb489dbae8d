//! The editor's pages: the list of materials, the form of a kind (from
//! [`crate::content::schema`]), the answers of live checks. Plain HTML that works without
//! JavaScript; `editor.js` adds live checks, the preview, pickers, the toolbar and drag and
//! drop. Every input has a label, its help and its messages tied to it by `aria-describedby`,
//! and a field with an error is marked `aria-invalid`.

use std::fmt::Write as _;

use crate::content::model::KindName;
use crate::content::schema::{self, FieldSpec, Input};
use crate::diagnostic::{Diagnostic, Severity};
use crate::html::escape_html as esc;
use crate::serve::connection::Response;

use super::check::{Catalog, Report};
use super::document::{Document, FormValue};
use super::{PREFIX, url_path};

/// What a form saves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An existing file, relative to `content/`.
    Edit(String),
    /// A new page in this folder of `content/`.
    New(String),
}

/// A message at the top of the form.
#[derive(Debug, Clone)]
pub enum Notice {
    Saved,
    Unchanged,
    Added(String),
    ErrorsOnlyDraft,
    BadName(String),
    WriteFailed(String),
}

/// Everything a form page shows.
pub struct FormPage<'a> {
    pub target: Target,
    pub kind: Option<KindName>,
    /// The text the form shows (the file, or the editor's unsaved version).
    pub text: String,
    pub doc: Option<Document>,
    /// The fingerprint of the file the form was made from.
    pub base: String,
    pub token: &'a str,
    pub catalog: &'a Catalog,
    pub report: Option<Report>,
    pub notice: Option<Notice>,
    /// The file's text on disk when it changed since the form was opened.
    pub conflict: Option<String>,
    /// Show the report's problems as messages (after a save; a fresh page shows them too, but
    /// without the alert).
    pub show_errors: bool,
}

fn headers(resp: Response, ctype: &str) -> Response {
    resp.with_header("Content-Type", ctype)
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
        .with_header("X-Frame-Options", "DENY")
        .with_header("Referrer-Policy", "same-origin")
        .with_header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; \
             frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        )
}

pub fn text(status: u16, body: &str) -> Response {
    headers(Response::new(status, body), "text/plain; charset=utf-8")
}

pub fn json(status: u16, value: &serde_json::Value) -> Response {
    headers(
        Response::new(status, value.to_string()),
        "application/json; charset=utf-8",
    )
}

pub fn redirect(to: &str) -> Response {
    text(303, "").with_header("Location", to)
}

pub fn not_found() -> Response {
    html(
        404,
        "Не найдено",
        "<p>Такой страницы в редакторе нет. <a href=\"/_editor/\">Все материалы</a></p>",
    )
}

pub fn asset(body: &str, ctype: &str) -> Response {
    headers(Response::new(200, body), ctype)
}

fn html(status: u16, title: &str, main: &str) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} — редактор</title><link rel=\"stylesheet\" href=\"{PREFIX}static/editor.css\">\
<script src=\"{PREFIX}static/editor.js\" defer></script></head>\
<body class=\"nastavnik-editor\"><a class=\"skip\" href=\"#main\">К содержанию</a>\
<header class=\"editor-header\"><p><a href=\"/\">Сайт</a> · <a href=\"{PREFIX}\">Все материалы</a> · Добавить: {add}</p></header>\
<main id=\"main\">{main}</main></body></html>\n",
        title = esc(title),
        add = add_links(),
    );
    headers(Response::new(status, page), "text/html; charset=utf-8")
}

fn add_links() -> String {
    schema::creatable()
        .map(|(kind, folder)| {
            format!(
                "<a href=\"{PREFIX}new/{folder}\">{}</a>",
                schema::kind_accusative(kind)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The links the preview adds to a site page.
pub fn bar(source: Option<&str>) -> String {
    let edit = source
        .map(|rel| {
            format!(
                "<a href=\"{PREFIX}edit/{}\">Редактировать</a> · ",
                esc(&url_path(rel))
            )
        })
        .unwrap_or_default();
    format!(
        "<link rel=\"stylesheet\" href=\"{PREFIX}static/editor.css\">\
<nav class=\"nastavnik-editor-bar\" aria-label=\"Редактор\">{edit}Добавить: {} · <a href=\"{PREFIX}\">Все материалы</a></nav>",
        add_links()
    )
}

pub fn login(failed: bool) -> Response {
    let error = if failed {
        "<p class=\"error\" id=\"e-password\" role=\"alert\">Пароль не подошёл. Он напечатан в окне, где запущен nastavnik serve.</p>"
    } else {
        "<p id=\"e-password\"></p>"
    };
    html(
        if failed { 403 } else { 200 },
        "Вход",
        &format!(
            "<h1>Вход в редактор</h1><p>Сервер открыт не только на этом компьютере, поэтому редактор \
спрашивает пароль. Он напечатан в окне, где запущен nastavnik serve.</p>\
<form method=\"post\" action=\"{PREFIX}login\"><p><label for=\"password\">Пароль</label> \
<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"off\" aria-describedby=\"e-password\" required></p>{error}\
<p><button type=\"submit\">Войти</button></p></form>"
        ),
    )
}

/// `/_editor/`: the materials by kind, filtered by words.
pub fn index(catalog: &Catalog, query: &str, _token: &str) -> Response {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut main = format!(
        "<h1>Материалы сайта</h1><form method=\"get\" action=\"{PREFIX}\" role=\"search\">\
<p><label for=\"q\">Найти по словам</label> <input id=\"q\" name=\"q\" type=\"search\" value=\"{}\"> \
<button type=\"submit\">Найти</button></p></form>",
        esc(query)
    );
    for kind in [
        KindName::Event,
        KindName::Practice,
        KindName::Order,
        KindName::Roadmap,
        KindName::Plain,
    ] {
        let items: Vec<_> = catalog
            .items
            .iter()
            .filter(|i| i.kind == kind)
            .filter(|i| {
                let hay = format!("{} {}", i.title, i.rel).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        let heading = match kind {
            KindName::Event => "Мероприятия",
            KindName::Practice => "Практики",
            KindName::Order => "Документы",
            KindName::Roadmap => "Дорожные карты",
            KindName::Contest => "Конкурсы",
            KindName::Mentor => "Наставники",
            KindName::Plain => "Страницы",
        };
        let _ = write!(main, "<section><h2>{heading} ({})</h2>", items.len());
        if items.is_empty() {
            main.push_str("<p>Нет материалов.</p></section>");
            continue;
        }
        // On a phone the table scrolls sideways in its own box, which the keyboard reaches too.
        let _ = write!(
            main,
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">",
            esc(heading)
        );
        main.push_str("<table><thead><tr><th scope=\"col\">Название</th><th scope=\"col\">Дата</th><th scope=\"col\">Состояние</th><th scope=\"col\">Изменён</th><th scope=\"col\">Файл</th></tr></thead><tbody>");
        for item in items {
            let title = if item.title.is_empty() {
                "(без названия)"
            } else {
                &item.title
            };
            let modified = item
                .modified
                .and_then(|m| jiff::Timestamp::try_from(m).ok())
                .map(|t| {
                    let tz = jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC);
                    t.to_zoned_datetime(tz)
                        .strftime("%d.%m.%Y %H:%M")
                        .to_string()
                })
                .unwrap_or_default();
            let _ = write!(
                main,
                "<tr><td><a href=\"{PREFIX}edit/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                esc(&url_path(&item.rel)),
                esc(title),
                esc(&item.date),
                if item.draft {
                    "черновик"
                } else {
                    "опубликован"
                },
                esc(&modified),
                esc(&item.rel)
            );
        }
        main.push_str("</tbody></table></div></section>");
    }
    html(200, "Материалы", &main)
}

/// The diagnostics of a report by the field they concern (`general` for the rest).
fn by_field<'r>(
    report: Option<&'r Report>,
    doc: Option<&Document>,
    kind: Option<KindName>,
) -> Vec<(String, &'r Diagnostic)> {
    let Some(report) = report else {
        return Vec::new();
    };
    report
        .diagnostics
        .iter()
        .map(|d| (field_of(d, doc, kind), d))
        .collect()
}

fn field_of(d: &Diagnostic, doc: Option<&Document>, kind: Option<KindName>) -> String {
    let specs = kind.map(schema::fields).unwrap_or(&[]);
    let key = d
        .line()
        .and_then(|line| doc.and_then(|doc| doc.field_at_line(line)));
    match key {
        Some("body") => "body".to_string(),
        Some(k) if specs.iter().any(|s| s.key == k) => k.to_string(),
        _ => "general".to_string(),
    }
}

fn messages(list: &[(String, &Diagnostic)], field: &str) -> String {
    let mut out = String::new();
    for (_, d) in list.iter().filter(|(f, _)| f == field) {
        let class = if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let label = if d.severity == Severity::Error {
            "Ошибка"
        } else {
            "Предупреждение"
        };
        let _ = write!(out, "<p class=\"{class}\">{label}: {}", esc(&d.message));
        if let Some(hint) = &d.hint {
            let _ = write!(out, " <span class=\"hint\">{}</span>", esc(hint));
        }
        out.push_str("</p>");
    }
    out
}

/// What a date field's value was understood as (see [`super::dates`]).
fn understood(kind: Option<KindName>, spec: &FieldSpec, value: &str) -> Option<String> {
    if spec.input != Input::Date || value.trim().is_empty() {
        return None;
    }
    super::dates::understood(value, super::takes_span(kind, spec.key))
}

pub fn form(status: u16, page: &FormPage<'_>) -> Response {
    let (action, check, heading) = match &page.target {
        Target::Edit(rel) => (
            format!("{PREFIX}edit/{}", url_path(rel)),
            format!("{PREFIX}check/{}", url_path(rel)),
            format!("Правка: {}", super::files::display(rel)),
        ),
        Target::New(folder) => (
            format!("{PREFIX}new/{}", url_path(folder)),
            format!("{PREFIX}check-new/{}", url_path(folder)),
            format!(
                "Новый материал: {}",
                page.kind.map_or("страница", schema::kind_label)
            ),
        ),
    };
    let upload = match &page.target {
        Target::Edit(rel) => format!("{PREFIX}upload/{}", url_path(rel)),
        Target::New(_) => String::new(),
    };
    let list = by_field(page.report.as_ref(), page.doc.as_ref(), page.kind);
    let errors = list.iter().filter(|(_, d)| d.is_error()).count();
    let mut main = format!("<h1>{}</h1>", esc(&heading));
    if let Target::Edit(rel) = &page.target {
        let _ = write!(
            main,
            "<p class=\"file\">Файл <code>{}</code>. Изменения видны на сайте сразу после сохранения.</p>",
            esc(&super::files::display(rel))
        );
    }
    match &page.notice {
        Some(Notice::Saved) => {
            main.push_str("<p class=\"notice ok\" role=\"status\">Сохранено.</p>")
        }
        Some(Notice::Unchanged) => main.push_str(
            "<p class=\"notice\" role=\"status\">Изменений нет: файл не перезаписан.</p>",
        ),
        Some(Notice::Added(name)) => {
            let _ = write!(
                main,
                "<p class=\"notice ok\" role=\"status\">Файл {} добавлен в поле «Файлы».</p>",
                esc(name)
            );
        }
        Some(Notice::ErrorsOnlyDraft) => {
            let _ = write!(
                main,
                "<div class=\"notice error\" role=\"alert\" id=\"summary\"><p>Не сохранено: {}. Исправьте их или нажмите «Сохранить как черновик» — черновик не публикуется, а ваш текст сохранится.</p></div>",
                crate::ru::plural::count(errors as u64, "ошибка", "ошибки", "ошибок")
            );
        }
        Some(Notice::BadName(msg)) => {
            let _ = write!(
                main,
                "<div class=\"notice error\" role=\"alert\" id=\"summary\"><p>Не сохранено: {}.</p></div>",
                esc(msg)
            );
        }
        Some(Notice::WriteFailed(msg)) => {
            let _ = write!(
                main,
                "<div class=\"notice error\" role=\"alert\" id=\"summary\"><p>Не сохранено: {}. Ваш текст остался в форме.</p></div>",
                esc(msg)
            );
        }
        None => {}
    }
    if let Some(theirs) = &page.conflict {
        // Each version scrolls in its own box: a named region in the tab order, so it can be
        // scrolled from the keyboard.
        let _ = write!(
            main,
            "<section class=\"conflict\" role=\"alert\" aria-labelledby=\"conflict-h\"><h2 id=\"conflict-h\">Файл изменился на диске, пока форма была открыта</h2>\
<p>Ничего не записано. Ниже — обе версии. Перенесите нужное из версии на диске в форму и нажмите «Сохранить»: тогда запишется версия из формы. \
Или <a href=\"{}\">откройте файл заново</a> (изменения в форме пропадут).</p>\
<h3 id=\"theirs-h\">Версия на диске</h3><pre class=\"theirs\" role=\"region\" tabindex=\"0\" aria-labelledby=\"theirs-h\">{}</pre>\
<h3 id=\"mine-h\">Ваша версия (в форме)</h3><pre class=\"mine\" role=\"region\" tabindex=\"0\" aria-labelledby=\"mine-h\">{}</pre></section>",
            esc(&action),
            esc(theirs),
            esc(&page.text)
        );
    }
    let _ = write!(
        main,
        "<form method=\"post\" action=\"{action}\" enctype=\"multipart/form-data\" class=\"editor-form\" novalidate \
data-check=\"{check}\" data-upload=\"{upload}\">\
<input type=\"hidden\" name=\"token\" value=\"{token}\"><input type=\"hidden\" name=\"base\" value=\"{base}\">",
        action = esc(&action),
        check = esc(&check),
        upload = esc(&upload),
        token = esc(page.token),
        base = esc(&page.base),
    );
    let _ = write!(
        main,
        "<div id=\"e-general\" class=\"messages\" aria-live=\"polite\">{}</div>",
        messages(&list, "general")
    );
    let form_fields = match (page.kind, &page.doc) {
        (Some(kind), Some(doc)) if doc.values.is_some() => Some((kind, doc)),
        _ => None,
    };
    match form_fields {
        Some((kind, doc)) => {
            if let Target::New(_) = page.target {
                main.push_str(
                    "<div class=\"field\"><label for=\"f-slug\">Имя файла (адрес страницы)</label>\
<input id=\"f-slug\" name=\"slug\" aria-describedby=\"h-slug\" autocomplete=\"off\">\
<p class=\"help\" id=\"h-slug\">Необязательно: латиница, цифры, дефисы. Если оставить пустым, имя получится из названия (у мероприятия — с датой начала).</p></div>",
                );
            }
            for spec in schema::fields(kind) {
                field_html(&mut main, kind, spec, doc, page.catalog, &list);
            }
            body_html(&mut main, doc.body_text(), &list);
        }
        None => {
            let _ = write!(
                main,
                "<div class=\"field\"><label for=\"f-whole\">Текст файла</label>\
<textarea id=\"f-whole\" name=\"whole\" rows=\"24\" class=\"code\" aria-describedby=\"h-whole e-body\">\n{}</textarea>\
<p class=\"help\" id=\"h-whole\">Этот файл не разобрать на поля формы (например, в блоке полей ошибка), поэтому он показан целиком. Блок полей — между строками «---».</p>\
<div id=\"e-body\" class=\"messages\" aria-live=\"polite\">{}</div></div>",
                esc(&page.text),
                messages(&list, "body")
            );
        }
    }
    let preview = page
        .report
        .as_ref()
        .map(|r| r.preview.as_str())
        .unwrap_or("");
    let _ = write!(
        main,
        "<p class=\"buttons\"><button type=\"submit\">Сохранить</button> \
<button type=\"submit\" name=\"as_draft\" value=\"1\">Сохранить как черновик</button> \
<span id=\"check-status\" role=\"status\" aria-live=\"polite\"></span></p></form>\
<section class=\"preview\" aria-labelledby=\"preview-h\"><h2 id=\"preview-h\">Предпросмотр текста</h2><div id=\"preview\" class=\"preview-body\" role=\"region\" aria-labelledby=\"preview-h\" tabindex=\"0\">{preview}</div></section>"
    );
    if let Target::Edit(_) = page.target {
        let _ = write!(
            main,
            "<section class=\"upload\" aria-labelledby=\"upload-h\"><h2 id=\"upload-h\">Добавить файл</h2>\
<form method=\"post\" action=\"{upload}\" enctype=\"multipart/form-data\" id=\"upload-form\">\
<input type=\"hidden\" name=\"token\" value=\"{token}\">\
<p><label for=\"upload-file\">Файл</label> <input type=\"file\" id=\"upload-file\" name=\"file\" aria-describedby=\"h-upload e-upload\"> \
<button type=\"submit\">Добавить файл</button></p>\
<p class=\"help\" id=\"h-upload\">До {size}; {types}. Файл ляжет рядом с материалом и появится в поле «Файлы». Без JavaScript сначала сохраните форму: страница перезагрузится. Файл можно и перетащить на это место.</p>\
<div id=\"e-upload\" class=\"messages\" aria-live=\"polite\"></div></form></section>",
            upload = esc(&upload),
            token = esc(page.token),
            size = crate::ru::filesize::human_size(super::files::MAX_UPLOAD as u64),
            types = super::files::UPLOAD_TYPES.join(", "),
        );
    }
    let mut datalists = String::new();
    let _ = write!(datalists, "<datalist id=\"l-organizations\">");
    for (id, name) in &page.catalog.organizations {
        let _ = write!(
            datalists,
            "<option value=\"{} ({})\"></option>",
            esc(name),
            esc(id)
        );
    }
    datalists.push_str("</datalist>");
    main.push_str(&datalists);
    html(status, &heading, &main)
}

fn field_html(
    out: &mut String,
    kind: KindName,
    spec: &FieldSpec,
    doc: &Document,
    catalog: &Catalog,
    list: &[(String, &Diagnostic)],
) {
    let key = spec.key;
    let msgs = messages(list, key);
    let invalid = if list.iter().any(|(f, d)| f == key && d.is_error()) {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let required = if spec.required {
        " <span class=\"required\">(обязательно)</span>"
    } else {
        ""
    };
    let value = doc.form_value(spec);
    let mut describedby = format!("h-{key} e-{key}");
    let mut after = String::new();
    let _ = write!(
        out,
        "<div class=\"field\" id=\"field-{key}\" data-key=\"{key}\">"
    );
    let control = match (&value, spec.input) {
        (FormValue::Flag(on), _) => {
            let _ = write!(
                out,
                "<input type=\"hidden\" name=\"shown.{key}\" value=\"1\"><input type=\"checkbox\" id=\"f-{key}\" name=\"f.{key}\" value=\"1\"{}{invalid} aria-describedby=\"{describedby}\"> \
<label for=\"f-{key}\">{}</label>",
                if *on { " checked" } else { "" },
                esc(spec.label)
            );
            String::new()
        }
        (FormValue::Raw(raw), _) => format!(
            "<textarea id=\"f-{key}\" name=\"r.{key}\" rows=\"{}\" class=\"code\"{invalid} aria-describedby=\"{describedby}\">\n{}</textarea>",
            raw.lines().count().clamp(2, 12),
            esc(raw)
        ),
        (FormValue::Text(v), input) => match input {
            Input::Choice(options) => {
                let mut s = format!(
                    "<select id=\"f-{key}\" name=\"f.{key}\"{invalid} aria-describedby=\"{describedby}\"><option value=\"\">— не указано —</option>"
                );
                let mut found = false;
                for o in options {
                    let selected = o.eq_ignore_ascii_case(v.trim())
                        || o.to_lowercase() == v.trim().to_lowercase();
                    found |= selected;
                    let _ = write!(
                        s,
                        "<option{}>{}</option>",
                        if selected { " selected" } else { "" },
                        esc(o)
                    );
                }
                if !found && !v.trim().is_empty() {
                    let _ = write!(s, "<option selected>{}</option>", esc(v));
                }
                s.push_str("</select>");
                s
            }
            Input::Text => format!(
                "<textarea id=\"f-{key}\" name=\"f.{key}\" rows=\"3\"{invalid} aria-describedby=\"{describedby}\">\n{}</textarea>",
                esc(v)
            ),
            Input::Tags(_) | Input::Organizations | Input::Lines => {
                let suggestions = suggestions(spec, catalog);
                if spec.input == Input::Organizations || !suggestions.is_empty() {
                    let list_id = if spec.input == Input::Organizations {
                        "l-organizations".to_string()
                    } else {
                        let _ = write!(after, "<datalist id=\"l-{key}\">");
                        for s in &suggestions {
                            let _ = write!(after, "<option value=\"{}\"></option>", esc(s));
                        }
                        after.push_str("</datalist>");
                        format!("l-{key}")
                    };
                    let _ = write!(
                        after,
                        "<p class=\"picker\" hidden><label for=\"p-{key}\">Добавить в «{label}»</label> \
<input id=\"p-{key}\" list=\"{list_id}\" data-adds=\"f-{key}\" autocomplete=\"off\"></p>",
                        label = esc(spec.label)
                    );
                }
                format!(
                    "<textarea id=\"f-{key}\" name=\"f.{key}\" rows=\"{}\"{invalid} aria-describedby=\"{describedby}\">\n{}</textarea>",
                    v.lines().count().clamp(2, 8),
                    esc(v)
                )
            }
            Input::Suggest(_) => {
                let suggestions = suggestions(spec, catalog);
                let _ = write!(after, "<datalist id=\"l-{key}\">");
                for s in &suggestions {
                    let _ = write!(after, "<option value=\"{}\"></option>", esc(s));
                }
                after.push_str("</datalist>");
                format!(
                    "<input id=\"f-{key}\" name=\"f.{key}\" value=\"{}\" list=\"l-{key}\" autocomplete=\"off\"{invalid} aria-describedby=\"{describedby}\">",
                    esc(v)
                )
            }
            Input::Date => {
                describedby.push_str(&format!(" u-{key}"));
                let understood = understood(Some(kind), spec, v)
                    .map(|t| format!("Понято как: {t}"))
                    .unwrap_or_default();
                let _ = write!(
                    after,
                    "<p class=\"understood\" id=\"u-{key}\" aria-live=\"polite\">{}</p>",
                    esc(&understood)
                );
                format!(
                    "<input id=\"f-{key}\" name=\"f.{key}\" value=\"{}\" autocomplete=\"off\"{invalid} aria-describedby=\"{describedby}\">",
                    esc(v)
                )
            }
            Input::Url => format!(
                "<input id=\"f-{key}\" name=\"f.{key}\" value=\"{}\" inputmode=\"url\" autocomplete=\"off\"{invalid} aria-describedby=\"{describedby}\">",
                esc(v)
            ),
            Input::Organization => format!(
                "<input id=\"f-{key}\" name=\"f.{key}\" value=\"{}\" autocomplete=\"off\"{invalid} aria-describedby=\"{describedby}\">",
                esc(v)
            ),
            Input::Line | Input::Flag | Input::Yaml => format!(
                "<input id=\"f-{key}\" name=\"f.{key}\" value=\"{}\"{}{invalid} aria-describedby=\"{describedby}\">",
                esc(v),
                if spec.required {
                    " aria-required=\"true\""
                } else {
                    ""
                }
            ),
        },
    };
    if !control.is_empty() {
        let _ = write!(
            out,
            "<label for=\"f-{key}\">{}{required}</label>{control}",
            esc(spec.label)
        );
    }
    let _ = write!(
        out,
        "{after}<p class=\"help\" id=\"h-{key}\">{}</p><div class=\"messages\" id=\"e-{key}\" aria-live=\"polite\">{msgs}</div></div>",
        esc(spec.help)
    );
}

fn suggestions(spec: &FieldSpec, catalog: &Catalog) -> Vec<String> {
    let given: &[&str] = match spec.input {
        Input::Tags(g) | Input::Suggest(g) => g,
        _ => &[],
    };
    let mut out: Vec<String> = given.iter().map(|s| s.to_string()).collect();
    if let Some(used) = catalog.used.get(spec.key) {
        for u in used {
            if !out.contains(u) {
                out.push(u.clone());
            }
        }
    }
    out
}

fn body_html(out: &mut String, body: &str, list: &[(String, &Diagnostic)]) {
    let invalid = if list.iter().any(|(f, d)| f == "body" && d.is_error()) {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<div class=\"field body\"><label for=\"f-body\">Текст страницы (Markdown)</label>\
<div class=\"toolbar\" role=\"toolbar\" aria-label=\"Оформление текста\" aria-controls=\"f-body\" hidden>\
<button type=\"button\" data-md=\"h2\">Заголовок</button><button type=\"button\" data-md=\"h3\">Подзаголовок</button>\
<button type=\"button\" data-md=\"bold\">Жирный</button><button type=\"button\" data-md=\"ul\">Список</button>\
<button type=\"button\" data-md=\"ol\">Нумерованный список</button><button type=\"button\" data-md=\"link\">Ссылка</button>\
<button type=\"button\" data-md=\"table\">Таблица</button></div>\
<textarea id=\"f-body\" name=\"body\" rows=\"18\" class=\"code\"{invalid} aria-describedby=\"h-body e-body\">\n{}</textarea>\
<p class=\"help\" id=\"h-body\">## Заголовок, **жирный**, - список, [текст](https://адрес), ссылка на материал сайта: [текст](@/practices/имя.md).</p>\
<div class=\"messages\" id=\"e-body\" aria-live=\"polite\">{}</div></div>",
        esc(body),
        messages(list, "body")
    );
}

/// The answer of a live check: messages by field, what dates were understood as, the preview.
/// Dates are shown as the form sent them (a span typed into an event's start is split into two
/// fields in `text`, but the editor should see the span understood).
pub fn check_json(
    text: &str,
    kind: Option<KindName>,
    report: &Report,
    form: &super::form_data::FormData,
) -> Response {
    let doc = Document::parse(text).ok();
    let diagnostics: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "field": field_of(d, doc.as_ref(), kind),
                "severity": if d.is_error() { "error" } else { "warning" },
                "message": d.message,
                "hint": d.hint,
                "line": d.line(),
            })
        })
        .collect();
    let mut dates = serde_json::Map::new();
    if let (Some(kind), Some(doc)) = (kind, &doc) {
        for spec in schema::fields(kind)
            .iter()
            .filter(|s| s.input == Input::Date)
        {
            let sent = form
                .text(&format!("f.{}", spec.key))
                .map(FormValue::Text)
                .unwrap_or_else(|| doc.form_value(spec));
            if let FormValue::Text(v) = sent {
                let shown = understood(Some(kind), spec, &v)
                    .map(|t| format!("Понято как: {t}"))
                    .unwrap_or_default();
                dates.insert(spec.key.to_string(), shown.into());
            }
        }
    }
    json(
        200,
        &serde_json::json!({
            "errors": report.diagnostics.iter().filter(|d| d.is_error()).count(),
            "warnings": report.diagnostics.iter().filter(|d| !d.is_error()).count(),
            "diagnostics": diagnostics,
            "understood": dates,
            "preview": report.preview,
        }),
    )
}
