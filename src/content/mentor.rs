//! The mentors' register (`content/mentors/<slug>.md` or `<slug>/index.md` with a photo):
//! every field read and checked, then only what the person consented to publish kept.
//!
//! Publishing a person's data needs their written consent under 152-ФЗ (art. 10.1), field by
//! field, and it ends when withdrawn or expired. The rule is enforced here, in the model, not in
//! templates: [`mentor`] builds a [`Mentor`] whose unconsented fields are empty (the body is cut
//! from the source, the photo not attached, the paper's location never stored), and
//! [`withhold`] takes out, before linking, every mentor whose consent is not in force on the
//! build's date. What is not in the model cannot reach a page, list, feed or search index.

use std::ops::Range;
use std::path::{Component, Path};

use jiff::civil::Date;
use serde_yaml::Value;

use crate::content::front_matter::Fields;
use crate::content::model::{
    Attachment, Consent, Kind, KindName, Mentor, MentorField, Page, PageId, PageRef, Site, Spot,
    Withheld,
};
use crate::content::source::SourceFile;
use crate::diagnostic::{Diagnostic, Severity, closest};
use crate::ru::dates::format_date;
use crate::urls;

/// The fields of a mentor's file.
pub const FIELDS: &[&str] = &[
    "name",
    "slug",
    "draft",
    "aliases",
    "organization",
    "position",
    "subjects",
    "level",
    "forms",
    "experience_years",
    "category",
    "topics",
    "photo",
    "phone",
    "email",
    "practices",
    "events",
    "awards",
    "consent",
];

/// The keys of the `consent` block.
const CONSENT_FIELDS: &[&str] = &["date", "until", "withdrawn", "fields", "document"];

/// Qualification categories (квалификационные категории) as the register shows them.
pub const CATEGORIES: &[&str] = &[
    "высшая",
    "первая",
    "соответствие занимаемой должности",
    "без категории",
];

/// The photo formats browsers show.
const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "avif", "gif"];

/// How many days ahead `check` warns of a consent that ends.
pub const ENDING_WITHIN_DAYS: i32 = 60;

const CONSENT_EXAMPLE: &str = "consent:\n  date: 2024-09-02\n  until: 2027-08-31\n  fields: [name, organization, position, subjects, experience_years]\n  document: «Журнал согласий, папка 3, лист 12»";

/// Reads a mentor's fields. Every field is read and checked whatever the consent says (a wrong
/// phone number is a mistake even when it is not published); then only consented values are
/// kept.
pub fn mentor(f: &mut Fields<'_>, page_path: &str, root: &Path, bundle: bool) -> Option<Kind> {
    if f.has("title") {
        let d = f
            .error_at_key(
                "title",
                "unknown-field",
                "у наставника нет поля «title»: ФИО пишется в поле name",
            )
            .with_hint("замените title: на name: — заголовком страницы станет ФИО, если на его публикацию есть согласие");
        f.diagnostics.push(d);
        f.raw("title");
    }
    let name = f.required_string("name", "Иванова Анна Петровна");
    let organization = f.string("organization");
    let position = f.string("position");
    let subjects = f.string_or_list("subjects", "математика");
    let levels = f.string_or_list("level", "основное общее");
    let forms = f.string_list("forms", "опытный педагог – молодой специалист");
    let experience_years = experience(f);
    let category = category(f);
    let topics = f.string_list("topics", "адаптация молодых педагогов");
    let photo = f.string("photo");
    let phone = phone(f);
    let email = email(f);
    let practices = refs(f, "practices", "shkola-4-dorozhnaya-karta");
    let events = refs(f, "events", "2022-10-10-organizatsionnoe-sobranie");
    let awards = f.string_list("awards", "Почётная грамота Министерства просвещения (2021)");
    let consent = consent(f);

    let keep = |field: MentorField| consent.allows(field);
    let photo = match (keep(MentorField::Photo), photo) {
        (true, Some(file)) => photo_file(f, &file, page_path, root, bundle),
        (true, None) => {
            let span = consent_item_span(f.source(), "fields", "photo");
            let d = f
                .source()
                .error_at(
                    "missing-photo",
                    span,
                    "в согласии указано фото (photo), но фото не задано",
                )
                .with_hint("положите фото в папку наставника рядом с index.md и добавьте строку photo: foto.jpg — или уберите photo из consent.fields");
            f.diagnostics.push(d);
            None
        }
        (false, _) => None,
    };
    let name = name?;
    Some(Kind::Mentor(Mentor {
        name: if keep(MentorField::Name) {
            name
        } else {
            String::new()
        },
        organizations: organization
            .filter(|_| keep(MentorField::Organization))
            .into_iter()
            .collect(),
        position: position.filter(|_| keep(MentorField::Position)),
        subjects: kept(keep(MentorField::Subjects), subjects),
        levels: kept(keep(MentorField::Level), levels),
        forms: kept(keep(MentorField::Forms), forms),
        experience_years: experience_years.filter(|_| keep(MentorField::ExperienceYears)),
        category: category.filter(|_| keep(MentorField::Category)),
        topics: kept(keep(MentorField::Topics), topics),
        photo,
        phone: phone.filter(|_| keep(MentorField::Phone)),
        email: email.filter(|_| keep(MentorField::Email)),
        practices: kept(keep(MentorField::Practices), practices),
        events: kept(keep(MentorField::Events), events),
        awards: kept(keep(MentorField::Awards), awards),
        consent,
    }))
}

fn kept<T>(allowed: bool, values: Vec<T>) -> Vec<T> {
    if allowed { values } else { Vec::new() }
}

/// The source with its body cut off when the text about the mentor is not consented: the
/// Markdown pass then has nothing to render, so no page shows it.
pub fn consented_body(mut src: SourceFile, m: &Mentor) -> SourceFile {
    if !m.consent.allows(MentorField::Body) {
        let end = src.text.len();
        src.body = end..end;
    }
    src
}

/// A file that is not a mentor's but carries a `consent` block: most likely a mentor written in
/// the wrong folder, whose consent would otherwise be ignored.
pub fn misplaced_consent(f: &mut Fields<'_>) {
    if !f.has("consent") {
        return;
    }
    let d = f
        .source()
        .error_at(
            "mentor-outside",
            f.key_span("consent"),
            "согласие на публикацию персональных данных есть только у наставников, а этот файл лежит не в папке content/mentors/",
        )
        .with_hint("перенесите файл наставника в папку content/mentors/ (например, content/mentors/ivanova-anna.md)");
    f.diagnostics.push(d);
    f.raw("consent");
}

fn refs(f: &mut Fields<'_>, key: &str, example: &str) -> Vec<PageRef> {
    f.string_list(key, example)
        .into_iter()
        .map(|raw| PageRef { raw, target: None })
        .collect()
}

fn experience(f: &mut Fields<'_>) -> Option<u32> {
    let v = f.raw("experience_years")?;
    let n = match &v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if n <= 70 => Some(n as u32),
        _ => {
            let d = f
                .error_at_key(
                    "experience_years",
                    "bad-value",
                    "стаж (experience_years) — это число полных лет, от 0 до 70",
                )
                .with_hint("например: experience_years: 23");
            f.diagnostics.push(d);
            None
        }
    }
}

/// The category, in the register's wording: «высшая квалификационная категория» and «высшая»
/// name one category.
fn category(f: &mut Fields<'_>) -> Option<String> {
    let raw = f.string("category")?;
    let norm = raw
        .to_lowercase()
        .replace('ё', "е")
        .replace("квалификационная", "")
        .replace("категория", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let norm = if norm.is_empty() || norm == "без" {
        "без категории".to_string()
    } else {
        norm
    };
    if let Some(c) = CATEGORIES.iter().find(|c| **c == norm) {
        return Some(c.to_string());
    }
    let hint = match closest(&norm, CATEGORIES.iter().copied()) {
        Some(c) => format!(
            "возможно, вы имели в виду «{c}»; допустимо: {}",
            CATEGORIES.join(", ")
        ),
        None => format!("допустимо: {}", CATEGORIES.join(", ")),
    };
    let d = f
        .error_at_key(
            "category",
            "bad-value",
            format!("неизвестная квалификационная категория «{raw}»"),
        )
        .with_hint(hint);
    f.diagnostics.push(d);
    None
}

fn phone(f: &mut Fields<'_>) -> Option<String> {
    let raw = f.string("phone")?;
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    let rest = raw
        .replace("доб.", "")
        .replace("доб", "")
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if rest && (5..=20).contains(&digits) {
        return Some(raw);
    }
    let d = f
        .error_at_key(
            "phone",
            "bad-phone",
            format!("«{raw}» не похоже на номер телефона"),
        )
        .with_hint("пишите цифрами, можно с +, скобками, пробелами и дефисами: phone: \"+7 (4812) 38-00-00\"");
    f.diagnostics.push(d);
    None
}

fn email(f: &mut Fields<'_>) -> Option<String> {
    let raw = f.string("email")?;
    let ok = match raw.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && !host.contains('@')
                && host.contains('.')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !raw.contains(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        return Some(raw);
    }
    let d = f
        .error_at_key(
            "email",
            "bad-email",
            format!("«{raw}» не похоже на адрес электронной почты"),
        )
        .with_hint("например: email: ivanova@school16.ru");
    f.diagnostics.push(d);
    None
}

/// Checks the photo file and gives it its published path. Only a bundle has a folder of its own
/// to keep a photo in; the file must lie beside `index.md`, be an image, and exist.
fn photo_file(
    f: &mut Fields<'_>,
    file: &str,
    page_path: &str,
    root: &Path,
    bundle: bool,
) -> Option<Attachment> {
    let src = f.source();
    let span = f.value_span("photo");
    let fail = |f: &mut Fields<'_>, code: &'static str, msg: String, hint: &str| {
        let d = src.error_at(code, span.clone(), msg).with_hint(hint);
        f.diagnostics.push(d);
        None
    };
    if !bundle {
        return fail(
            f,
            "photo-needs-bundle",
            "фото можно положить только в папку наставника".to_string(),
            "сделайте папку content/mentors/<имя>/, перенесите туда файл наставника под именем index.md и положите фото рядом",
        );
    }
    let rel = Path::new(file);
    let plain_name = rel.components().count() == 1
        && matches!(rel.components().next(), Some(Component::Normal(_)))
        && !file.starts_with('.');
    if !plain_name {
        return fail(
            f,
            "bad-photo",
            format!("фото «{file}» должно лежать рядом с index.md наставника"),
            "укажите только имя файла, например photo: foto.jpg (без папок, «..» и точки в начале)",
        );
    }
    let ext = rel
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !PHOTO_EXTENSIONS.contains(&ext.as_str()) {
        return fail(
            f,
            "bad-photo",
            format!("«{file}» — не фотография"),
            "подходят файлы JPEG, PNG, WebP, AVIF и GIF: photo: foto.jpg",
        );
    }
    let dir = src.abs_path.parent().unwrap_or(root);
    let path = dir.join(rel);
    let meta = match std::fs::metadata(&path) {
        Ok(m) if m.is_file() => m,
        _ => {
            return fail(
                f,
                "missing-photo",
                format!("файл фотографии «{file}» не найден"),
                "положите фото в папку наставника рядом с index.md и проверьте имя файла и расширение",
            );
        }
    };
    // A symbolic link could lead anywhere: the real file must be in the same folder.
    if let (Ok(real), Ok(real_dir)) = (path.canonicalize(), dir.canonicalize())
        && real.parent() != Some(real_dir.as_path())
    {
        return fail(
            f,
            "bad-photo",
            format!("фото «{file}» ведёт за пределы папки наставника"),
            "скопируйте фото в папку наставника вместо ссылки на него",
        );
    }
    Some(Attachment {
        title: String::new(),
        source: path,
        file_name: file.to_string(),
        path: urls::page_file(page_path, file),
        size: meta.len(),
    })
}

/// A day written in the consent block.
fn consent_day(
    f: &mut Fields<'_>,
    map: &serde_yaml::Mapping,
    key: &str,
) -> (Option<Date>, Range<usize>) {
    let span = consent_key_span(f.source(), key);
    let Some(v) = map.get(key).filter(|v| !v.is_null()) else {
        return (None, span);
    };
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let day = f.day_in(
        &format!("consent.{key}"),
        &format!("{key}: 2024-09-02"),
        &text,
        span.clone(),
    );
    (day, span)
}

/// The `consent` block. Without one the mentor is withheld (a warning, see [`withhold`]); a
/// block with mistakes is an error, since an editor meant to record a consent.
fn consent(f: &mut Fields<'_>) -> Consent {
    let Some(v) = f.raw("consent") else {
        return Consent::default();
    };
    let src = f.source();
    let Value::Mapping(map) = v else {
        let d = f
            .error_at_key(
                "consent",
                "wrong-type",
                "согласие (consent) записывается набором полей: date, until, fields, document",
            )
            .with_hint(format!("например:\n{CONSENT_EXAMPLE}"));
        f.diagnostics.push(d);
        return Consent::default();
    };
    for key in map.keys() {
        let k = match key {
            Value::String(s) => s.clone(),
            other => format!("{other:?}"),
        };
        if CONSENT_FIELDS.contains(&k.as_str()) {
            continue;
        }
        let hint = match closest(&k, CONSENT_FIELDS.iter().copied()) {
            Some(c) => format!("возможно, вы имели в виду «{c}»"),
            None => format!("в согласии бывают поля: {}", CONSENT_FIELDS.join(", ")),
        };
        let d = src
            .error_at(
                "unknown-field",
                consent_key_span(src, &k),
                format!("неизвестное поле согласия «{k}»"),
            )
            .with_hint(hint);
        f.diagnostics.push(d);
    }
    let (signed, _) = consent_day(f, &map, "date");
    if map.get("date").is_none_or(|v| v.is_null()) {
        let d = f
            .error_at_key(
                "consent",
                "consent-without-date",
                "у согласия не указана дата подписания (consent.date)",
            )
            .with_hint("перепишите дату из подписанного согласия: date: 2024-09-02");
        f.diagnostics.push(d);
    }
    let (until, until_span) = consent_day(f, &map, "until");
    let (withdrawn, withdrawn_span) = consent_day(f, &map, "withdrawn");
    let mut order_error = false;
    for (day, span, what) in [
        (until, until_span.clone(), "срок действия согласия (until)"),
        (
            withdrawn,
            withdrawn_span,
            "дата отзыва согласия (withdrawn)",
        ),
    ] {
        if let (Some(day), Some(signed)) = (day, signed)
            && day < signed
        {
            order_error = true;
            let d = src
                .error_at(
                    "bad-date-range",
                    span,
                    format!(
                        "{what} {} раньше даты подписания {}",
                        format_date(day),
                        format_date(signed)
                    ),
                )
                .with_hint("проверьте даты по подписанному согласию: date — день подписания, until — последний день действия");
            f.diagnostics.push(d);
        }
    }
    let fields = consent_fields(f, map.get("fields"));
    let document = match map.get("document") {
        Some(Value::String(s)) if !s.trim().is_empty() => true,
        Some(Value::Null) | None => false,
        Some(_) => {
            let d = src
                .error_at(
                    "wrong-type",
                    consent_key_span(src, "document"),
                    "в поле «consent.document» ожидается текст: где хранится подписанное согласие",
                )
                .with_hint("например: document: «Журнал согласий, папка 3, лист 12»");
            f.diagnostics.push(d);
            true
        }
    };
    if !document {
        let d = Diagnostic::warning(
            "consent-document",
            &src.rel_path,
            "не указано, где хранится подписанное согласие (consent.document)",
        )
        .at(&src.text, f.key_span("consent"))
        .with_hint("запишите, где лежит бумага (на сайте это не публикуется): document: «Журнал согласий, папка 3, лист 12»");
        f.diagnostics.push(d);
    }
    let until_spot = until.map(|_| {
        let d = Diagnostic::error("x", &src.rel_path, "").at(&src.text, until_span);
        Spot {
            file: src.rel_path.clone(),
            location: d.location,
        }
    });
    Consent {
        signed: signed.filter(|_| !order_error),
        until,
        withdrawn,
        fields,
        until_spot,
    }
}

/// `consent.fields`: the names of the fields that may be published.
fn consent_fields(f: &mut Fields<'_>, v: Option<&Value>) -> Vec<MentorField> {
    let src = f.source();
    let names: Vec<&str> = MentorField::ALL.iter().map(|m| m.key()).collect();
    let items: Vec<String> = match v {
        None | Some(Value::Null) => {
            let d = f
                .error_at_key(
                    "consent",
                    "missing-field",
                    "в согласии не перечислены поля, которые можно публиковать (consent.fields)",
                )
                .with_hint(format!(
                    "перечислите их по подписанному согласию, например: fields: [name, organization, position]; возможные поля: {}",
                    names.join(", ")
                ));
            f.diagnostics.push(d);
            return Vec::new();
        }
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|i| match i {
                Value::String(s) => Some(s.trim().to_string()),
                _ => None,
            })
            .collect(),
        Some(_) => {
            let d = src
                .error_at(
                    "wrong-type",
                    consent_key_span(src, "fields"),
                    "в поле «consent.fields» ожидается список полей",
                )
                .with_hint("например: fields: [name, organization, position]");
            f.diagnostics.push(d);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for item in items {
        match MentorField::from_key(&item) {
            Some(field) => {
                if !out.contains(&field) {
                    out.push(field);
                }
            }
            None => {
                let hint = match closest(&item, names.iter().copied()) {
                    Some(c) => format!("возможно, вы имели в виду «{c}»"),
                    None => format!("возможные поля: {}", names.join(", ")),
                };
                let d = src
                    .error_at(
                        "unknown-field",
                        consent_item_span(src, "fields", &item),
                        format!("в согласии указано поле «{item}», которого у наставника нет"),
                    )
                    .with_hint(hint);
                f.diagnostics.push(d);
            }
        }
    }
    out
}

/// The span of `key` inside the `consent` block (block or flow style); the block's key when the
/// key is not found.
fn consent_key_span(src: &SourceFile, key: &str) -> Range<usize> {
    let block = crate::content::front_matter::value_span(src, "consent");
    let text = &src.text[block.clone()];
    let needle = format!("{key}:");
    let mut from = 0;
    while let Some(i) = text[from..].find(&needle) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        if before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ',') {
            return block.start + at..block.start + at + key.len();
        }
        from = at + needle.len();
    }
    crate::content::front_matter::key_span(src, "consent")
}

/// The span of one item of `consent.<key>` (a field name in `fields`).
fn consent_item_span(src: &SourceFile, key: &str, item: &str) -> Range<usize> {
    let k = consent_key_span(src, key);
    let block = crate::content::front_matter::value_span(src, "consent");
    let end = block.end.max(k.end);
    let after = &src.text[k.end..end];
    // The item in this key's value: up to the next key of the block.
    let limit = after
        .match_indices(':')
        .skip(1)
        .map(|(i, _)| after[..i].rfind(['\n', ',', '{']).unwrap_or(i))
        .next()
        .unwrap_or(after.len());
    let value = &after[..limit];
    let mut from = 0;
    while let Some(i) = value[from..].find(item) {
        let at = from + i;
        let ok_before = value[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        let ok_after = value[at + item.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '_');
        if ok_before && ok_after {
            return k.end + at..k.end + at + item.len();
        }
        from = at + item.len();
    }
    k
}

/// The mentors not to be published on `today`: taken out of `pages` (before linking, so no
/// reference, list or index can reach them), each with a warning naming the file and the
/// reason. Their slugs and content paths are returned for the loader to keep as ghosts: a page
/// that named one (a link in a body) is not an error, since a consent that ends must not break
/// the build.
pub fn withhold(pages: &mut Vec<Page>, today: Date) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut ghosts = Vec::new();
    let mut diags = Vec::new();
    pages.retain(|page| {
        let Some(reason) = page.as_mentor().and_then(|m| m.withheld(today)) else {
            return true;
        };
        diags.push(withheld_warning(&page.source, reason));
        ghosts.push((page.slug.clone(), page.source.content_path()));
        false
    });
    (ghosts, diags)
}

/// Whether `page`, a freshly parsed file, is a mentor that is not published on `today`.
pub fn is_withheld(page: &Page, today: Date) -> bool {
    page.as_mentor()
        .is_some_and(|m| m.withheld(today).is_some())
}

fn withheld_warning(src: &SourceFile, reason: Withheld) -> Diagnostic {
    let (message, hint) = match reason {
        Withheld::NoConsent => (
            "наставник не публикуется: нет согласия на распространение персональных данных (consent)".to_string(),
            format!("по 152-ФЗ данные человека публикуются только с его письменного согласия; внесите его:\n{CONSENT_EXAMPLE}"),
        ),
        Withheld::NoName => (
            "наставник не публикуется: в согласии нет ФИО (name в consent.fields)".to_string(),
            "страница наставника без имени не публикуется; если человек согласен на публикацию ФИО, добавьте name в consent.fields".to_string(),
        ),
        Withheld::NotYetSigned(d) => (
            format!("наставник не публикуется: согласие подписано {}, а эта дата ещё не наступила", format_date(d)),
            "проверьте consent.date: это день подписания согласия".to_string(),
        ),
        Withheld::Withdrawn(d) => (
            format!("наставник не публикуется: согласие отозвано {}", format_date(d)),
            "страница, фото и упоминания наставника убраны с сайта; файл можно оставить для учёта".to_string(),
        ),
        Withheld::Expired(d) => (
            format!("наставник не публикуется: срок согласия истёк {}", format_date(d)),
            "получите новое согласие и запишите его даты в consent.date и consent.until".to_string(),
        ),
    };
    let span = if src.front_matter_text().contains("consent:") {
        crate::content::front_matter::key_span(src, "consent")
    } else {
        0..3
    };
    Diagnostic::warning("mentor-withheld", &src.rel_path, message)
        .at(&src.text, span)
        .with_hint(hint)
}

/// The mentors of `pages`, by name (ё sorts as е), as the register lists them.
pub fn sorted(pages: &[Page]) -> Vec<PageId> {
    let mut ids: Vec<PageId> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind_name() == KindName::Mentor)
        .map(|(i, _)| i)
        .collect();
    ids.sort_by_cached_key(|&i| {
        (
            pages[i].title.to_lowercase().replace('ё', "е"),
            pages[i].slug.clone(),
        )
    });
    ids
}

/// `check`'s list of published mentors whose consent ends (or is withdrawn from a day already
/// written) within [`ENDING_WITHIN_DAYS`] of the build's date: time to ask for a new one.
pub fn ending_warnings(site: &Site) -> Vec<Diagnostic> {
    let today = site.today;
    let horizon = today
        .checked_add(jiff::Span::new().days(ENDING_WITHIN_DAYS))
        .unwrap_or(today);
    let mut out = Vec::new();
    for &id in &site.mentors {
        let page = &site.pages[id];
        let Some(m) = page.as_mentor() else { continue };
        let ends = [
            (m.consent.withdrawn, "отзывается"),
            (m.consent.until, "действует до"),
        ];
        let Some((day, what)) = ends
            .into_iter()
            .filter_map(|(d, w)| d.map(|d| (d, w)))
            .filter(|(d, _)| *d >= today && *d <= horizon)
            .min_by_key(|(d, _)| *d)
        else {
            continue;
        };
        let left = (day - today).get_days();
        let mut d = match &m.consent.until_spot {
            Some(spot) if what == "действует до" => spot.error("consent-ending", ""),
            _ => Diagnostic::error("consent-ending", &page.source.rel_path, ""),
        };
        d.severity = Severity::Warning;
        d.message = format!(
            "согласие наставника {} {what} {} (осталось {})",
            page.title,
            format_date(day),
            crate::ru::plural::count(left.max(0) as u64, "день", "дня", "дней")
        );
        out.push(d.with_hint(
            "после этой даты страница наставника перестанет публиковаться; чтобы она осталась, получите новое согласие и обновите consent",
        ));
    }
    out
}
