//! One content file into one [`Page`]: the typed front matter of each kind, checked field by
//! field. Cross-references are only recorded here; [`super::link`] resolves them once every
//! page is known.

use std::path::{Component, Path, PathBuf};

use serde_yaml::Value;

use crate::content::front_matter::{Fields, parse_yaml};
use crate::content::model::{
    Attachment, Event, EventStatus, Kind, KindName, Page, PageRef, Practice,
};
use crate::content::source::SourceFile;
use crate::content::vocabulary::{PRACTICE_FORMS, PRACTICE_LEVELS, RECOGNITION, check_field_value};
use crate::diagnostic::{Diagnostic, closest};
use crate::ru::translit::slugify;
use crate::urls;
use crate::when::{DatePoint, When, Yearly};

const COMMON: &[&str] = &["title", "summary", "draft", "slug", "aliases"];

const EVENT_FIELDS: &[&str] = &[
    "title",
    "summary",
    "draft",
    "slug",
    "aliases",
    "start",
    "end",
    "format",
    "series",
    "organizations",
    "responsible",
    "location",
    "online",
    "registration",
    "audience",
    "status",
    "practices",
    "attachments",
    "repeat",
    "until",
    "except",
    "moved_from",
    "updated",
    "measure",
    "results",
    "participants",
    "materials",
];

const PRACTICE_FIELDS: &[&str] = &[
    "title",
    "summary",
    "draft",
    "slug",
    "aliases",
    "organizations",
    "authors",
    "level",
    "forms",
    "kinds",
    "topics",
    "year",
    "audience",
    "recognition",
    "attachments",
    "events",
    "date",
];

const ROADMAP_FIELDS: &[&str] = &[
    "title",
    "summary",
    "draft",
    "slug",
    "aliases",
    "order",
    "organization",
    "period",
    "approved",
    "sections",
    "measures",
    "attachments",
];

const CONTEST_FIELDS: &[&str] = &[
    "title",
    "summary",
    "draft",
    "slug",
    "aliases",
    "level",
    "organizer",
    "regulation",
    "nominations",
    "applications",
    "stages",
    "audience",
    "results",
    "attachments",
];

const PLAIN_FIELDS: &[&str] = &[
    "title",
    "summary",
    "draft",
    "slug",
    "aliases",
    "attachments",
];

const SECTION_FIELDS: &[&str] = &["title", "description"];

/// Where a file sits: its kind and the slug its file or bundle folder name gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub kind: KindName,
    /// The slug from the file name (`a.md` → `a`, `a/index.md` → `a`).
    pub file_slug: String,
    /// For plain pages, the folder below `content/` (`""` or `docs`).
    pub dir: String,
    /// True for `index.md` in a folder of its own: files beside it belong to it.
    pub bundle: bool,
}

/// Classifies a path relative to `content/`. Returns `None` for section intros (`_index.md`).
pub fn placement(rel: &Path) -> Option<Placement> {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let file = parts.last()?;
    if file == "_index.md" {
        return None;
    }
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let kind = match parts.first() {
        Some(first) if parts.len() > 1 => KindName::ALL
            .into_iter()
            .find(|k| k.folder() == Some(first.as_str()))
            .unwrap_or(KindName::Plain),
        _ => KindName::Plain,
    };
    let (slug_source, bundle, dir_parts) = if stem == "index" && parts.len() >= 2 {
        (
            parts[parts.len() - 2].as_str(),
            true,
            &parts[..parts.len() - 2],
        )
    } else {
        (stem, false, &parts[..parts.len() - 1])
    };
    let dir = match kind {
        KindName::Plain => dir_parts
            .iter()
            .map(|p| slugify(p))
            .collect::<Vec<_>>()
            .join("/"),
        _ => String::new(),
    };
    Some(Placement {
        kind,
        file_slug: slugify(slug_source),
        dir,
        bundle,
    })
}

/// The front-matter fields a kind accepts (`content::schema` describes them for editors).
pub fn known_fields(kind: KindName) -> &'static [&'static str] {
    match kind {
        KindName::Event => EVENT_FIELDS,
        KindName::Practice => PRACTICE_FIELDS,
        KindName::Order => super::documents::FIELDS,
        KindName::Roadmap => ROADMAP_FIELDS,
        KindName::Contest => CONTEST_FIELDS,
        KindName::Mentor => super::mentor::FIELDS,
        KindName::Plain => PLAIN_FIELDS,
    }
}

/// The result of parsing one file: the page if it could be built, and its problems.
pub struct Parsed {
    pub page: Option<Page>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one content file. `root` is the site folder (attachments must stay inside it).
pub fn parse_page(src: SourceFile, place: &Placement, root: &Path) -> Parsed {
    let map = match parse_yaml(&src) {
        Ok(m) => m,
        Err(d) => {
            return Parsed {
                page: None,
                diagnostics: vec![d],
            };
        }
    };
    let known = known_fields(place.kind);
    // A mentor's title is the name, read with the consent that decides whether it is shown.
    debug_assert!(place.kind == KindName::Mentor || COMMON.iter().all(|c| known.contains(c)));
    let mut f = Fields::new(&src, map, known);
    let title = match place.kind {
        KindName::Mentor => None,
        _ => f.required_string("title", "Название"),
    };
    let summary = match place.kind {
        KindName::Mentor => None,
        KindName::Practice => {
            f.required_string("summary", "\"Краткое описание практики для карточки\"")
        }
        _ => f.string("summary"),
    };
    let summary_written = summary.is_some();
    let draft = f.bool("draft");
    let slug = match f.string("slug") {
        Some(s) => {
            let clean = slugify(&s);
            if clean != s {
                let d = f
                    .error_at_key("slug", "bad-slug", format!("адрес страницы «{s}» может содержать только латинские буквы, цифры и дефисы"))
                    .with_hint(format!("например: slug: {clean}"));
                f.diagnostics.push(d);
            }
            clean
        }
        None => place.file_slug.clone(),
    };
    if slug.is_empty() {
        let d = Diagnostic::error("bad-slug", &src.rel_path, "из имени файла не получается адрес страницы")
            .with_hint("назовите файл латинскими буквами или укажите поле slug, например: slug: shkola-molodogo-uchitelya");
        f.diagnostics.push(d);
    }
    let path = match place.kind {
        KindName::Event => urls::event(&slug),
        KindName::Practice => urls::practice(&slug),
        KindName::Order => urls::order(&slug),
        KindName::Roadmap => urls::roadmap(&slug),
        KindName::Contest => urls::contest(&slug),
        KindName::Mentor => urls::mentor(&slug),
        KindName::Plain => urls::plain_page(&place.dir, &slug),
    };
    let aliases = f.string_list("aliases", "/old/address/");
    // A mentor publishes no attachments: the photo is its only file, and only with consent.
    let mut attachments = match place.kind {
        KindName::Mentor => Vec::new(),
        _ => attachments(&mut f, "attachments", &path, root, place.bundle),
    };
    if place.kind != KindName::Mentor {
        super::mentor::misplaced_consent(&mut f);
    }

    let kind = match place.kind {
        KindName::Event => event(&mut f),
        KindName::Practice => practice(&mut f),
        KindName::Order => {
            // The signed file and the date are read here, with the attachments' and dates'
            // readers; the document's own fields in `documents.rs`.
            let file = super::documents::SignedFile {
                written: f.has("file"),
                attachment: attachments_from(&mut f, "file", &path, root, place.bundle)
                    .into_iter()
                    .next(),
            };
            let date = day_field(&mut f, "date");
            super::documents::document(&mut f, file, date, summary_written, &mut attachments)
        }
        KindName::Roadmap => {
            let (abs_dir, rel_dir) = super::roadmap::dirs(&src.abs_path, &src.rel_path);
            super::roadmap::roadmap(&mut f, &abs_dir, &rel_dir, place.bundle)
        }
        KindName::Contest => super::contest::contest(&mut f),
        KindName::Mentor => super::mentor::mentor(&mut f, &path, root, place.bundle),
        KindName::Plain => Some(Kind::Plain),
    };
    let mut diagnostics = f.finish();
    let (title, src) = match &kind {
        Some(Kind::Mentor(m)) => (Some(m.name.clone()), super::mentor::consented_body(src, m)),
        _ => (title, src),
    };
    // A draft may be half-written: its problems are shown, but do not stop the build, since the
    // draft is not published anyway.
    if draft {
        for d in &mut diagnostics {
            d.severity = crate::diagnostic::Severity::Warning;
            d.message = format!("{} (черновик)", d.message);
        }
    }
    let page = match (title, kind) {
        (Some(title), Some(kind)) if draft || !diagnostics.iter().any(Diagnostic::is_error) => {
            Some(Page {
                source: src,
                slug,
                path,
                title,
                summary,
                aliases,
                draft,
                content: Default::default(),
                toc: Vec::new(),
                attachments,
                kind,
                fingerprint: 0,
                card_fingerprint: 0,
            })
        }
        _ => None,
    };
    Parsed { page, diagnostics }
}

fn page_refs(f: &mut Fields<'_>, key: &str, example: &str) -> Vec<PageRef> {
    f.string_list(key, example)
        .into_iter()
        .map(|raw| PageRef { raw, target: None })
        .collect()
}

fn event(f: &mut Fields<'_>) -> Option<Kind> {
    let start_present = f.has("start");
    let start = f.date("start");
    let end_raw = f.raw("end");
    let when = match start {
        Some(start) => {
            let end = match end_raw.as_ref().and_then(value_text) {
                None => Ok(None),
                Some(text) => When::parse_end(&start, &text)
                    .map(Some)
                    .map_err(|e| (e.message_ru(), e.hint_ru())),
            };
            match end {
                Ok(end) => match When::new(start, end) {
                    Ok(w) => Some(w),
                    Err(e) => {
                        let key = if end_raw.is_some() { "end" } else { "start" };
                        let d = f
                            .error_at_key(key, "bad-date-range", e.message_ru())
                            .with_hint(e.hint_ru());
                        f.diagnostics.push(d);
                        None
                    }
                },
                Err((msg, hint)) => {
                    let d = f
                        .error_at_key("end", "bad-date", format!("поле «end»: {msg}"))
                        .with_hint(hint);
                    f.diagnostics.push(d);
                    None
                }
            }
        }
        None => {
            if !start_present {
                let d = Diagnostic::error("missing-field", &f.source().rel_path, "не заполнено обязательное поле «start» (дата мероприятия)")
                    .at(&f.source().text, 0..3)
                    .with_hint("добавьте строку, например: start: 2022-10-10 (или 2022-10-10 15:00, 2023-04, 2023-Q1)");
                f.diagnostics.push(d);
            }
            None
        }
    };
    let status = match f.string("status") {
        None => EventStatus::Planned,
        Some(s) => match EventStatus::ALL
            .iter()
            .find(|(name, _)| *name == s.to_lowercase())
        {
            Some((_, st)) => *st,
            None => {
                let names = EventStatus::ALL.map(|(n, _)| n);
                let mut d = f.error_at_key(
                    "status",
                    "bad-value",
                    format!("неизвестный статус мероприятия «{s}»"),
                );
                d = d.with_hint(match closest(&s, names) {
                    Some(c) => format!(
                        "возможно, вы имели в виду «{c}»; допустимо: {}",
                        names.join(", ")
                    ),
                    None => format!("допустимо: {}", names.join(", ")),
                });
                f.diagnostics.push(d);
                EventStatus::Planned
            }
        },
    };
    // Every field is read (and checked) even when the date is wrong, so one mistake gives
    // one message and the other fields are not reported as unknown.
    let format = f.string("format");
    let series = f.string("series");
    let organizations = f.string_list("organizations", "sh-40");
    let responsible = f.string_list("responsible", "Воскобойникова М.В.");
    let location = f.string("location");
    let online = url_field(f, "online");
    let registration = url_field(f, "registration");
    let audience = f.string("audience");
    let practices = page_refs(f, "practices", "shkola-4-dorozhnaya-karta");
    let repeat = repeat(f, when.as_ref());
    let moved_from = date_list(f, "moved_from");
    let updated = f.date("updated");
    let measure = f
        .string("measure")
        .map(|raw| crate::content::model::MeasureRef { raw, target: None });
    let outcome = Box::new(super::outcome::outcome(f));
    Some(Kind::Event(Event {
        measure,
        outcome,
        when: when?,
        repeat,
        moved_from,
        updated,
        format,
        series,
        organizations,
        responsible,
        location,
        online,
        registration,
        audience,
        status,
        practices,
    }))
}

/// `repeat`, `until` and `except` of an event. `until` and `except` without `repeat` are
/// mistakes (the editor meant a repetition, or copied fields from another file), reported
/// rather than ignored.
fn repeat(f: &mut Fields<'_>, when: Option<&When>) -> Option<Yearly> {
    let has_repeat = f.has("repeat");
    let mode = f.string("repeat");
    let until_present = f.has("until");
    // A bare year is the natural way to say «до 2026 года»: its last day.
    let until = date_list_with(f, "until", &|year| {
        jiff::civil::Date::new(year, 12, 31)
            .ok()
            .map(DatePoint::Day)
    })
    .into_iter()
    .next();
    let except_present = f.has("except");
    // A bare year in `except` names that year's occurrence («кроме 2024 года»).
    let first_year = when.map(|w| w.first_day().year());
    let start = when.map(|w| w.start);
    let except = date_list_with(f, "except", &|year| {
        let (first, start) = (first_year?, start?);
        match start.shifted_years(year.checked_sub(first)?)? {
            DatePoint::DateTime(dt) => Some(DatePoint::Day(dt.date())),
            other => Some(other),
        }
    });
    let yearly = match mode.as_deref().map(|m| m.trim().to_lowercase()) {
        Some(m) if m == "yearly" || m == "ежегодно" => true,
        Some(m) => {
            let d = f
                .error_at_key("repeat", "bad-value", format!("неизвестное повторение «{m}»"))
                .with_hint("мероприятия повторяются только ежегодно: repeat: yearly (можно добавить until: 2026 и except: [2024-12-10])");
            f.diagnostics.push(d);
            return None;
        }
        None if has_repeat => return None,
        None => false,
    };
    if !yearly {
        for (present, key) in [(until_present, "until"), (except_present, "except")] {
            if present {
                let d = f
                    .error_at_key(key, "bad-value", format!("поле «{key}» указано без повторения"))
                    .with_hint(format!("«{key}» имеет смысл только у ежегодного мероприятия: добавьте строку repeat: yearly или уберите «{key}»"));
                f.diagnostics.push(d);
            }
        }
        return None;
    }
    // A wrong start is reported already; nothing to check the repetition against.
    let when = when?;
    match Yearly::new(when, until, except) {
        Ok(rule) => Some(rule),
        Err(errors) => {
            for e in errors {
                let key = match e.kind {
                    crate::when::RepeatErrorKind::UntilBeforeStart { .. } => "until",
                    crate::when::RepeatErrorKind::NotAnOccurrence { except, .. } => {
                        let span = f.item_span("except", &except.to_string());
                        let d = f
                            .source()
                            .error_at("bad-repeat", span, e.message_ru())
                            .with_hint(e.hint_ru());
                        f.diagnostics.push(d);
                        continue;
                    }
                    crate::when::RepeatErrorKind::SpanTooLong { .. } => "repeat",
                };
                let d = f
                    .error_at_key(key, "bad-repeat", e.message_ru())
                    .with_hint(e.hint_ru());
                f.diagnostics.push(d);
            }
            None
        }
    }
}

/// A list of dates (`except`, `moved_from`); a single date is accepted as a list of one.
/// Each wrong item is reported at its own position.
fn date_list(f: &mut Fields<'_>, key: &str) -> Vec<DatePoint> {
    date_list_with(f, key, &|_| None)
}

/// [`date_list`] where a bare four-digit year is turned into a date by `year`, when it can.
fn date_list_with(
    f: &mut Fields<'_>,
    key: &str,
    year: &dyn Fn(i16) -> Option<DatePoint>,
) -> Vec<DatePoint> {
    let Some(value) = f.raw(key) else {
        return Vec::new();
    };
    let items = match value {
        Value::Sequence(items) => items,
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        let Some(text) = value_text(&item) else {
            let d = f
                .error_at_key(
                    key,
                    "wrong-type",
                    format!("в поле «{key}» ожидается список дат"),
                )
                .with_hint(format!("например: {key}: [2024-12-10, 2025-12-10]"));
            f.diagnostics.push(d);
            continue;
        };
        let parsed = DatePoint::parse(&text);
        let from_year = match &parsed {
            Err(e) => match e.kind {
                crate::when::DateErrorKind::YearOnly { year: y } => {
                    i16::try_from(y).ok().and_then(year)
                }
                _ => None,
            },
            Ok(_) => None,
        };
        match parsed {
            Ok(point) => out.push(point),
            Err(_) if from_year.is_some() => out.extend(from_year),
            Err(e) => {
                let span = f.item_span(key, text.trim());
                let d = f
                    .source()
                    .error_at(
                        "bad-date",
                        span,
                        format!("поле «{key}»: {}", e.message_ru()),
                    )
                    .with_hint(e.hint_ru());
                f.diagnostics.push(d);
            }
        }
    }
    out
}

fn practice(f: &mut Fields<'_>) -> Option<Kind> {
    let date = day_field(f, "date");
    let year = f
        .string("year")
        .map(|y| y.replace(['–', '-'], "/").replace(' ', ""));
    if let Some(y) = &year
        && !is_year(y)
    {
        let d = f
            .error_at_key("year", "bad-value", format!("год «{y}» записан непонятно"))
            .with_hint(
                "напишите год (year: 2023) или учебный год в кавычках (year: \"2022/2023\")",
            );
        f.diagnostics.push(d);
    }
    // Values outside the fixed lists are kept (the editor may be ahead of the list) but warned
    // about: each makes a filter page of its own.
    let separate_page = "такое значение создаёт отдельную страницу отбора в банке практик";
    let levels = f.string_or_list("level", "основное общее");
    for l in &levels {
        check_field_value(f, "level", l, &PRACTICE_LEVELS, separate_page);
    }
    let forms = f.string_list("forms", "учитель – учитель");
    for form in &forms {
        check_field_value(f, "forms", form, &PRACTICE_FORMS, separate_page);
    }
    let recognition = f.string("recognition");
    if let Some(r) = &recognition {
        check_field_value(f, "recognition", r, &RECOGNITION, separate_page);
    }
    Some(Kind::Practice(Practice {
        organizations: f.string_list("organizations", "sh-40"),
        authors: f.string_list("authors", "Галкина М.В."),
        levels,
        forms,
        kinds: f.string_list("kinds", "индивидуальное"),
        topics: f.string_list("topics", "адаптация молодых педагогов"),
        year,
        audience: f.string("audience"),
        recognition,
        events: page_refs(f, "events", "2022-10-10-organizatsionnoe-sobranie"),
        date,
    }))
}

fn is_year(y: &str) -> bool {
    let ok = |s: &str| {
        s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) && ("1900".."2101").contains(&s)
    };
    match y.split_once('/') {
        None => ok(y),
        Some((a, b)) => {
            ok(a) && ok(b) && b.parse::<u32>().ok() == a.parse::<u32>().ok().map(|a| a + 1)
        }
    }
}

/// A date that must be a single day (`date` of practices and orders).
fn day_field(f: &mut Fields<'_>, key: &str) -> Option<jiff::civil::Date> {
    match f.date(key)? {
        DatePoint::Day(d) => Some(d),
        DatePoint::DateTime(dt) => Some(dt.date()),
        other => {
            let d = f
                .error_at_key(
                    key,
                    "bad-date",
                    format!("в поле «{key}» нужна дата дня, а указано «{other}»"),
                )
                .with_hint(format!("например: {key}: 2022-12-26"));
            f.diagnostics.push(d);
            None
        }
    }
}

fn url_field(f: &mut Fields<'_>, key: &str) -> Option<String> {
    let url = f.string(key)?;
    if url.starts_with("https://") || url.starts_with("http://") {
        Some(url)
    } else {
        let d = f
            .error_at_key(
                key,
                "bad-url",
                format!("в поле «{key}» нужна ссылка, начинающаяся с https://"),
            )
            .with_hint(format!(
                "скопируйте адрес из строки браузера целиком, например: {key}: https://…"
            ));
        f.diagnostics.push(d);
        None
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn attachments(
    f: &mut Fields<'_>,
    key: &str,
    page_path: &str,
    root: &Path,
    bundle: bool,
) -> Vec<Attachment> {
    attachments_from(f, key, page_path, root, bundle)
}

/// Reads `attachments` (a list of paths or of `{file, title}`) or `file` (one path), checks each
/// file exists and lies in the page's folder (see [`misplaced_attachment`]), and gives it its
/// published site path.
fn attachments_from(
    f: &mut Fields<'_>,
    key: &str,
    page_path: &str,
    root: &Path,
    _bundle: bool,
) -> Vec<Attachment> {
    let Some(v) = f.raw(key) else {
        return Vec::new();
    };
    let items: Vec<Value> = match v {
        Value::Sequence(items) => items,
        single @ (Value::String(_) | Value::Mapping(_)) => vec![single],
        other => {
            let d = f
                .error_at_key(
                    key,
                    "wrong-type",
                    format!(
                        "в поле «{key}» ожидается путь к файлу или список файлов, а записано {}",
                        type_name(&other)
                    ),
                )
                .with_hint(format!(
                    "например:\n{key}:\n  - file: plan.pdf\n    title: План мероприятий"
                ));
            f.diagnostics.push(d);
            return Vec::new();
        }
    };
    let src = f.source();
    let page_dir = src.abs_path.parent().unwrap_or(root).to_path_buf();
    let mut out: Vec<Attachment> = Vec::new();
    for item in items {
        let (file, title) = match &item {
            Value::String(s) => (s.trim().to_string(), None),
            Value::Mapping(m) => {
                let file = m.get("file").and_then(value_text);
                let title = m.get("title").and_then(value_text);
                let unknown: Vec<String> = m
                    .keys()
                    .filter_map(value_text)
                    .filter(|k| k != "file" && k != "title")
                    .collect();
                if let Some(k) = unknown.first() {
                    let d = Diagnostic::error(
                        "unknown-field",
                        &src.rel_path,
                        format!("неизвестное поле вложения «{k}»"),
                    )
                    .at_indexed(&src.text, &src.lines, f.item_span(key, k))
                    .with_hint(
                        "у вложения бывают только поля file (путь к файлу) и title (название)",
                    );
                    f.diagnostics.push(d);
                }
                match file {
                    Some(file) => (file.trim().to_string(), title),
                    None => {
                        let d = f
                            .error_at_key(
                                key,
                                "missing-field",
                                "у вложения не указан файл (поле file)",
                            )
                            .with_hint(
                                "например:\n  - file: plan.pdf\n    title: План мероприятий",
                            );
                        f.diagnostics.push(d);
                        continue;
                    }
                }
            }
            other => {
                let d = f
                    .error_at_key(
                        key,
                        "wrong-type",
                        format!(
                            "вложение должно быть путём к файлу, а записано {}",
                            type_name(other)
                        ),
                    )
                    .with_hint("например: - plan.pdf");
                f.diagnostics.push(d);
                continue;
            }
        };
        let span = f.item_span(key, &file);
        let rel = Path::new(&file);
        let candidate = if rel.is_absolute() {
            PathBuf::from(&file)
        } else {
            page_dir.join(rel)
        };
        let escapes = rel.is_absolute() || !stays_inside(root, &page_dir, rel);
        if escapes {
            let d = Diagnostic::error("attachment-outside", &src.rel_path, format!("вложение «{file}» находится вне папки сайта"))
                .at_indexed(&src.text, &src.lines, span)
                .with_hint("положите файл рядом со страницей (или в папку внутри сайта) и укажите путь относительно страницы, без «..» за пределы сайта");
            f.diagnostics.push(d);
            continue;
        }
        if let Some(d) = misplaced_attachment(&file, &page_dir, rel, false) {
            f.diagnostics.push(
                Diagnostic::error(d.code, &src.rel_path, d.message)
                    .at_indexed(&src.text, &src.lines, span)
                    .with_hint(d.hint),
            );
            continue;
        }
        let meta = match std::fs::metadata(&candidate) {
            Ok(m) if m.is_file() => m,
            _ => {
                let d = Diagnostic::error("missing-attachment", &src.rel_path, format!("файл вложения «{file}» не найден"))
                    .at_indexed(&src.text, &src.lines, span)
                    .with_hint(format!(
                        "путь указывается относительно папки страницы ({}); проверьте имя файла и расширение",
                        crate::diagnostic::display_path(src.rel_path.parent().unwrap_or(Path::new("")))
                    ));
                f.diagnostics.push(d);
                continue;
            }
        };
        // A symlink could point out of the site: check the real location too.
        if let (Ok(real), Ok(real_root)) = (candidate.canonicalize(), root.canonicalize())
            && !real.starts_with(&real_root)
        {
            let d = Diagnostic::error(
                "attachment-outside",
                &src.rel_path,
                format!("вложение «{file}» ведёт за пределы папки сайта"),
            )
            .at_indexed(&src.text, &src.lines, span)
            .with_hint("скопируйте файл в папку сайта вместо ссылки на него");
            f.diagnostics.push(d);
            continue;
        }
        // Inside the site, the link's target must pass the same checks as a path written out.
        if let (Ok(real), Ok(real_page_dir)) = (candidate.canonicalize(), page_dir.canonicalize()) {
            let misplaced = match real.strip_prefix(&real_page_dir) {
                Ok(real_rel) => misplaced_attachment(&file, &real_page_dir, real_rel, true),
                Err(_) => Some(outside_page(&file, true)),
            };
            if let Some(d) = misplaced {
                f.diagnostics.push(
                    Diagnostic::error(d.code, &src.rel_path, d.message)
                        .at_indexed(&src.text, &src.lines, span)
                        .with_hint(d.hint),
                );
                continue;
            }
        }
        let file_name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(dup) = out.iter().find(|a| a.file_name == file_name) {
            let d = Diagnostic::error(
                "duplicate-attachment",
                &src.rel_path,
                format!("два вложения с одинаковым именем файла «{}»", dup.file_name),
            )
            .at_indexed(&src.text, &src.lines, span)
            .with_hint("переименуйте один из файлов: на сайте они лежат в одной папке");
            f.diagnostics.push(d);
            continue;
        }
        let title = title.unwrap_or_else(|| {
            Path::new(&file_name)
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
                .unwrap_or_default()
        });
        out.push(Attachment {
            title,
            source: candidate,
            path: urls::page_file(page_path, &file_name),
            file_name,
            size: meta.len(),
        });
    }
    out
}

/// Why an attachment may not be published, in an editor's words.
struct Misplaced {
    code: &'static str,
    message: String,
    hint: String,
}

/// Checks where an attachment lies. Only the files of the page's own folder are published: the
/// bundle folder of an `index.md`, or the folder beside a single-file page, and the folders
/// inside it that are not another page's bundle. Never a hidden file or folder (a name starting
/// with a dot: `.git/config`, `.env`), nor a page's source (`.md`). Without these rules,
/// `attachments: [../../../.git/config]` published the site's repository settings, and
/// `../../../site.yaml` or another bundle's unlisted files were one `..` away.
///
/// `rel` is the path relative to `page_dir`, as written (`via_link` false) or, for a symbolic
/// link, where it really leads (`via_link` true).
fn misplaced_attachment(
    file: &str,
    page_dir: &Path,
    rel: &Path,
    via_link: bool,
) -> Option<Misplaced> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir if parts.pop().is_some() => {}
            _ => return Some(outside_page(file, via_link)),
        }
    }
    if parts.iter().any(|p| p.to_string_lossy().starts_with('.')) {
        return Some(Misplaced {
            code: "attachment-hidden",
            message: if via_link {
                format!("вложение «{file}» ведёт к скрытому файлу (имя начинается с точки)")
            } else {
                format!(
                    "вложение «{file}» — скрытый файл (его имя или имя папки начинается с точки)"
                )
            },
            hint: "скрытые файлы (.git, .env и подобные) не публикуются; если это нужный \
                   документ, переименуйте его без точки в начале"
                .into(),
        });
    }
    let is_page_source = parts.last().is_some_and(|name| {
        Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
    });
    if is_page_source {
        return Some(Misplaced {
            code: "attachment-source",
            message: if via_link {
                format!(
                    "вложение «{file}» ведёт к исходному файлу страницы (.md), а он не публикуется"
                )
            } else {
                format!("вложение «{file}» — исходный файл страницы (.md), а он не публикуется")
            },
            hint: "приложите документ в другом формате (PDF, DOCX…); на другую страницу \
                   сошлитесь в тексте: [название](@/папка/имя-файла.md)"
                .into(),
        });
    }
    let mut dir = page_dir.to_path_buf();
    for (i, part) in parts.iter().enumerate().take(parts.len().saturating_sub(1)) {
        dir.push(part);
        if dir.join("index.md").is_file() {
            let folder = parts[..=i]
                .iter()
                .map(|p| p.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            return Some(Misplaced {
                code: "attachment-outside",
                message: if via_link {
                    format!("вложение «{file}» ведёт в папку другой страницы ({folder})")
                } else {
                    format!("вложение «{file}» лежит в папке другой страницы ({folder})")
                },
                hint: "у каждой страницы свои вложения: положите копию файла в папку этой \
                       страницы или сошлитесь на ту страницу в тексте"
                    .into(),
            });
        }
    }
    None
}

fn outside_page(file: &str, via_link: bool) -> Misplaced {
    if via_link {
        Misplaced {
            code: "attachment-outside",
            message: format!("вложение «{file}» ведёт за пределы папки страницы"),
            hint: "скопируйте файл в папку страницы вместо ссылки на него".into(),
        }
    } else {
        Misplaced {
            code: "attachment-outside",
            message: format!("вложение «{file}» лежит вне папки страницы"),
            hint: "положите файл в папку страницы (в папке-пакете — рядом с index.md) и \
                   укажите его имя; файлы из других папок сайта приложить нельзя"
                .into(),
        }
    }
}

/// True when `rel`, joined to `page_dir`, stays inside `root` (checked lexically; symlinks are
/// checked separately on the real path).
fn stays_inside(root: &Path, page_dir: &Path, rel: &Path) -> bool {
    let Ok(mut depth_base) = page_dir
        .strip_prefix(root)
        .map(|p| p.components().count() as isize)
    else {
        return false;
    };
    for c in rel.components() {
        match c {
            Component::ParentDir => depth_base -= 1,
            Component::Normal(_) => depth_base += 1,
            Component::CurDir => {}
            _ => return false,
        }
        if depth_base < 0 {
            return false;
        }
    }
    true
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "пустое значение",
        Value::Bool(_) => "логическое значение",
        Value::Number(_) => "число",
        Value::String(_) => "текст",
        Value::Sequence(_) => "список",
        Value::Mapping(_) => "набор полей",
        Value::Tagged(_) => "значение с тегом",
    }
}

/// Parses a section intro (`_index.md`): title and description only.
pub fn parse_section(src: &SourceFile) -> (Option<String>, Option<String>, Vec<Diagnostic>) {
    match parse_yaml(src) {
        Err(d) => (None, None, vec![d]),
        Ok(map) => {
            let mut f = Fields::new(src, map, SECTION_FIELDS);
            let title = f.string("title");
            let description = f.string("description");
            (title, description, f.finish())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placements() {
        let p = placement(Path::new("events/2022-10-10-sobranie.md")).unwrap();
        assert_eq!(
            (p.kind, p.file_slug.as_str(), p.bundle),
            (KindName::Event, "2022-10-10-sobranie", false)
        );
        let p = placement(Path::new("practices/ds-15/index.md")).unwrap();
        assert_eq!(
            (p.kind, p.file_slug.as_str(), p.bundle),
            (KindName::Practice, "ds-15", true)
        );
        let p = placement(Path::new("about.md")).unwrap();
        assert_eq!((p.kind, p.dir.as_str()), (KindName::Plain, ""));
        let p = placement(Path::new("Документы/Положение.md")).unwrap();
        assert_eq!(
            (p.kind, p.dir.as_str(), p.file_slug.as_str()),
            (KindName::Plain, "dokumenty", "polozhenie")
        );
        assert!(placement(Path::new("events/_index.md")).is_none());
    }

    #[test]
    fn inside_checks() {
        let root = Path::new("/site");
        let dir = Path::new("/site/content/practices");
        assert!(stays_inside(root, dir, Path::new("a.pdf")));
        assert!(stays_inside(root, dir, Path::new("../../static/a.pdf")));
        assert!(!stays_inside(root, dir, Path::new("../../../etc/passwd")));
    }

    #[test]
    fn attachments_come_only_from_the_page_folder() {
        let site = tempfile::tempdir().unwrap();
        let page_dir = site.path().join("content/practices/ds-15");
        std::fs::create_dir_all(page_dir.join("files")).unwrap();
        std::fs::create_dir_all(page_dir.join("nested-page")).unwrap();
        std::fs::write(page_dir.join("nested-page/index.md"), "---\n---\n").unwrap();
        let code =
            |rel: &str| misplaced_attachment(rel, &page_dir, Path::new(rel), false).map(|m| m.code);
        for fine in [
            "plan.pdf",
            "./plan.pdf",
            "files/plan.pdf",
            "files/../plan.pdf",
        ] {
            assert_eq!(code(fine), None, "{fine}");
        }
        for (rel, expected) in [
            ("../../../.git/config", "attachment-outside"),
            ("../../../site.yaml", "attachment-outside"),
            ("../other/plan.pdf", "attachment-outside"),
            ("../../../data/organizations.yaml", "attachment-outside"),
            ("../../../templates/page.html", "attachment-outside"),
            (".env", "attachment-hidden"),
            ("files/.git/config", "attachment-hidden"),
            (".hidden/plan.pdf", "attachment-hidden"),
            ("index.md", "attachment-source"),
            ("files/notes.MD", "attachment-source"),
            ("nested-page/plan.pdf", "attachment-outside"),
        ] {
            assert_eq!(code(rel), Some(expected), "{rel}");
        }
        let m = misplaced_attachment(
            "nested-page/plan.pdf",
            &page_dir,
            Path::new("nested-page/plan.pdf"),
            false,
        )
        .unwrap();
        assert!(
            m.message.contains("папке другой страницы (nested-page)"),
            "{}",
            m.message
        );
    }

    #[test]
    fn years() {
        assert!(is_year("2023"));
        assert!(is_year("2022/2023"));
        assert!(!is_year("2022/2024"));
        assert!(!is_year("23"));
    }
}
