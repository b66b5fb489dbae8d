//! The fields of a contest (`content/contests/<slug>.md` or `<slug>/index.md`): level,
//! organizer, regulation, nominations, the application window, stages and results.
//!
//! Stages and results are lists of small mappings; each value is found in the front matter so a
//! mistake in one is reported at its own line. A result's participants are kept only when the
//! result says they may be published (`participants_consent: true`); otherwise they are dropped
//! here, before anything can render them, and [`withheld_warnings`] tells `check` where.
//! References (regulation, stage events, practices, organizations) are resolved in
//! [`super::link`].

use std::ops::Range;

use serde_yaml::{Mapping, Value};

use crate::content::front_matter::Fields;
use crate::content::model::{
    Applications, CONTEST_LEVELS, Contest, ContestResult, Kind, PageRef, Site, Spot, Stage,
};
use crate::content::roadmap::{find_in, key_in, value_after};
use crate::diagnostic::{Diagnostic, Severity, closest};
use crate::when::{DatePoint, When};

/// The keys of one stage.
const STAGE_FIELDS: &[&str] = &["title", "start", "end", "event"];

/// The keys of one result.
const RESULT_FIELDS: &[&str] = &[
    "place",
    "title",
    "nomination",
    "participants",
    "participants_consent",
    "organization",
    "practice",
];

/// The keys of the application window.
const APPLICATION_FIELDS: &[&str] = &["from", "to"];

const STAGE_EXAMPLE: &str = "stages:\n  - title: Заочный этап\n    start: 2024-03-18\n    end: 2024-03-29\n  - title: Финал\n    event: \"@/events/2024-04-10-final-konkursa.md\"";
const RESULT_EXAMPLE: &str = "results:\n  - place: 1\n    nomination: Наставник молодого педагога\n    organization: sh-40\n    practice: \"@/practices/shkola-40.md\"";

/// Reads a contest's own fields from `f`.
pub fn contest(f: &mut Fields<'_>) -> Option<Kind> {
    let level = level(f);
    let organizer = f.string("organizer");
    let regulation = f
        .string("regulation")
        .map(|raw| PageRef { raw, target: None });
    let nominations = f.string_list("nominations", "Наставник года");
    let applications = applications(f);
    let stages = stages(f);
    let audience = f.string("audience");
    let results = results(f, &nominations);
    let mut organizations: Vec<String> = Vec::new();
    for r in &results {
        if let Some(o) = &r.organization
            && !organizations.contains(o)
        {
            organizations.push(o.clone());
        }
    }
    Some(Kind::Contest(Contest {
        level,
        organizer,
        regulation,
        nominations,
        applications,
        stages,
        audience,
        results,
        organizations,
    }))
}

fn level(f: &mut Fields<'_>) -> Option<String> {
    let written = f.string("level")?;
    let norm = written.to_lowercase().replace('ё', "е");
    if !CONTEST_LEVELS.contains(&norm.as_str()) {
        let src = f.source();
        let mut d = Diagnostic::warning(
            "bad-value",
            &src.rel_path,
            format!("неизвестный уровень конкурса «{written}»"),
        )
        .at(&src.text, f.value_span("level"));
        d = d.with_hint(match closest(&norm, CONTEST_LEVELS) {
            Some(c) => format!(
                "возможно, вы имели в виду «{c}»; допустимо: {}",
                CONTEST_LEVELS.join(", ")
            ),
            None => format!("допустимо: {}", CONTEST_LEVELS.join(", ")),
        });
        f.diagnostics.push(d);
    }
    Some(norm)
}

/// A YAML scalar as text (numbers and dates as written).
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The spans of the items of a block list whose value starts at `block` (one per «- » line at
/// the list's indent). A list written in brackets gives no spans: its items then point at the
/// whole value.
fn item_spans(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
    let line_start = text[..block.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = block.start - line_start;
    let mut starts = Vec::new();
    let mut offset = line_start;
    for line in text[line_start..block.end].split_inclusive('\n') {
        let lead = line.len() - line.trim_start().len();
        if lead == indent && line.trim_start().starts_with('-') {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &a)| a..starts.get(i + 1).copied().unwrap_or(block.end))
        .collect()
}

/// One mapping of a list: its keys checked against `known`, each value with its span.
struct Item<'t> {
    text: &'t str,
    span: Range<usize>,
    values: Vec<(&'static str, Value, Range<usize>)>,
}

impl Item<'_> {
    fn take(&mut self, key: &str) -> Option<(Value, Range<usize>)> {
        let i = self.values.iter().position(|(k, _, _)| *k == key)?;
        let (_, v, span) = self.values.remove(i);
        (!v.is_null()).then_some((v, span))
    }

    fn text(
        &mut self,
        f: &mut Fields<'_>,
        key: &str,
        what: &str,
    ) -> Option<(String, Range<usize>)> {
        let (v, span) = self.take(key)?;
        match scalar(&v) {
            Some(s) if s.is_empty() => None,
            Some(s) => {
                let at = find_in(self.text, span.clone(), &s);
                Some((s, at))
            }
            None => {
                let d = f
                    .source()
                    .error_at(
                        "wrong-type",
                        span,
                        format!("в поле {what} «{key}» ожидается текст"),
                    )
                    .with_hint(format!("запишите значение одной строкой: {key}: \"…\""));
                f.diagnostics.push(d);
                None
            }
        }
    }
}

/// The mappings of list field `key`, with unknown keys reported. `what` names an item in
/// messages («этапа», «результата»).
fn mapping_items<'t>(
    f: &mut Fields<'t>,
    key: &str,
    value: Value,
    known: &'static [&'static str],
    what: &str,
    example: &str,
    strings: bool,
) -> Vec<Result<Item<'t>, (String, Range<usize>)>> {
    let src = f.source();
    let text = src.text.as_str();
    let block = f.value_span(key);
    let Value::Sequence(list) = value else {
        let d = f
            .error_at_key(
                key,
                "wrong-type",
                format!("в поле «{key}» ожидается список"),
            )
            .with_hint(format!("например:\n{example}"));
        f.diagnostics.push(d);
        return Vec::new();
    };
    let spans = item_spans(text, block.clone());
    let mut out = Vec::new();
    for (i, v) in list.into_iter().enumerate() {
        let span = spans.get(i).cloned().unwrap_or_else(|| block.clone());
        let map: Mapping = match v {
            Value::Mapping(m) => m,
            Value::String(s) if strings => {
                let at = find_in(text, span.clone(), s.trim());
                out.push(Err((s.trim().to_string(), at)));
                continue;
            }
            _ => {
                let d = src
                    .error_at(
                        "wrong-type",
                        span.clone(),
                        format!("пункт поля «{key}» должен быть набором полей {what}"),
                    )
                    .with_hint(format!("например:\n{example}"));
                f.diagnostics.push(d);
                continue;
            }
        };
        let mut values = Vec::new();
        for (k, v) in map {
            let Some(name) = scalar(&k) else { continue };
            let kspan = key_in(text, span.clone(), &name);
            match known.iter().find(|k| **k == name) {
                Some(&k) => {
                    let vspan = value_after(text, kspan, span.end);
                    values.push((k, v, vspan));
                }
                None => {
                    let mut d = src.error_at(
                        "unknown-field",
                        kspan,
                        format!("неизвестное поле {what} «{name}»"),
                    );
                    d = match closest(&name, known.iter().copied()) {
                        Some(c) => d.with_hint(format!("возможно, вы имели в виду «{c}»")),
                        None => d.with_hint(format!("у {what} бывают поля: {}", known.join(", "))),
                    };
                    f.diagnostics.push(d);
                }
            }
        }
        out.push(Ok(Item { text, span, values }));
    }
    out
}

/// A day (`2024-03-15`), reported at `span` when it is not one.
fn day(f: &mut Fields<'_>, key: &str, text: &str, span: Range<usize>) -> Option<jiff::civil::Date> {
    f.day_in(key, &format!("{key}: 2024-03-15"), text, span)
}

fn applications(f: &mut Fields<'_>) -> Option<Applications> {
    let value = f.raw("applications")?;
    let example = "applications:\n  from: 2024-02-01\n  to: 2024-03-15";
    let src = f.source();
    let text = src.text.as_str();
    let block = f.value_span("applications");
    let Value::Mapping(map) = value else {
        let d = f
            .error_at_key(
                "applications",
                "wrong-type",
                "в поле «applications» ожидаются даты начала и окончания приёма заявок",
            )
            .with_hint(format!("например:\n{example}"));
        f.diagnostics.push(d);
        return None;
    };
    // The block starts at its first key; its own line holds the first key's value.
    let line_start = text[..block.start].rfind('\n').map_or(0, |i| i + 1);
    let whole = line_start..block.end;
    let mut item = Item {
        text,
        span: whole.clone(),
        values: Vec::new(),
    };
    for (k, v) in map {
        let Some(name) = scalar(&k) else { continue };
        let kspan = key_in(text, whole.clone(), &name);
        match APPLICATION_FIELDS.iter().find(|k| **k == name) {
            Some(&k) => item
                .values
                .push((k, v, value_after(text, kspan, whole.end))),
            None => {
                let d = src
                    .error_at(
                        "unknown-field",
                        kspan,
                        format!("неизвестное поле приёма заявок «{name}»"),
                    )
                    .with_hint(
                        "у приёма заявок бывают поля from (первый день) и to (последний день)",
                    );
                f.diagnostics.push(d);
            }
        }
    }
    let from = item
        .text(f, "from", "приёма заявок")
        .and_then(|(t, span)| day(f, "from", &t, span));
    let to_present = item
        .values
        .iter()
        .any(|(k, v, _)| *k == "to" && !v.is_null());
    let to = item.text(f, "to", "приёма заявок");
    let Some((to_text, to_span)) = to else {
        if !to_present {
            let d = f
                .error_at_key(
                    "applications",
                    "missing-field",
                    "не указан последний день приёма заявок (поле to)",
                )
                .with_hint(format!("например:\n{example}"));
            f.diagnostics.push(d);
        }
        return None;
    };
    let to = day(f, "to", &to_text, to_span.clone())?;
    if let Some(from) = from
        && from > to
    {
        let d = src
            .error_at(
                "bad-date-range",
                to_span,
                format!("приём заявок заканчивается ({to}) раньше, чем начинается ({from})"),
            )
            .with_hint("проверьте даты from и to: последний день не может быть раньше первого");
        f.diagnostics.push(d);
        return None;
    }
    Some(Applications { from, to })
}

fn stages(f: &mut Fields<'_>) -> Vec<Stage> {
    let Some(value) = f.raw("stages") else {
        return Vec::new();
    };
    let items = mapping_items(
        f,
        "stages",
        value,
        STAGE_FIELDS,
        "этапа",
        STAGE_EXAMPLE,
        true,
    );
    let mut out = Vec::new();
    for item in items {
        let mut item = match item {
            Ok(item) => item,
            Err((raw, _)) if raw.starts_with("@/") => {
                out.push(Stage {
                    title: None,
                    when: None,
                    event: Some(PageRef { raw, target: None }),
                });
                continue;
            }
            Err((raw, span)) => {
                let d = f
                    .source()
                    .error_at("wrong-type", span, format!("этап «{raw}» записан без дат"))
                    .with_hint(format!(
                        "этап — это ссылка на мероприятие (\"@/events/имя-файла.md\") или название с датами, например:\n{STAGE_EXAMPLE}"
                    ));
                f.diagnostics.push(d);
                continue;
            }
        };
        let title = item.text(f, "title", "этапа").map(|(t, _)| t);
        let event = item
            .text(f, "event", "этапа")
            .map(|(raw, _)| PageRef { raw, target: None });
        let start = item.text(f, "start", "этапа");
        let end = item.text(f, "end", "этапа");
        let when = match start {
            None => {
                if event.is_none() {
                    let d = f
                        .source()
                        .error_at(
                            "missing-field",
                            item.span.clone(),
                            "у этапа не указаны ни даты (start), ни мероприятие (event)",
                        )
                        .with_hint(format!("например:\n{STAGE_EXAMPLE}"));
                    f.diagnostics.push(d);
                } else if let Some((_, span)) = &end {
                    let d = f
                        .source()
                        .error_at(
                            "bad-value",
                            span.clone(),
                            "у этапа-мероприятия даты берутся со страницы мероприятия",
                        )
                        .with_hint("уберите end или укажите и start, и end без ссылки event");
                    f.diagnostics.push(d);
                }
                None
            }
            Some((start_text, start_span)) => {
                if event.is_some() {
                    let d = f
                        .source()
                        .error_at(
                            "bad-value",
                            start_span.clone(),
                            "у этапа указаны и даты, и мероприятие",
                        )
                        .with_hint("оставьте что-то одно: даты этапа (start, end) или ссылку на мероприятие (event), у которого свои даты");
                    f.diagnostics.push(d);
                }
                stage_when(f, &start_text, start_span, end)
            }
        };
        out.push(Stage { title, when, event });
    }
    out
}

fn stage_when(
    f: &mut Fields<'_>,
    start_text: &str,
    start_span: Range<usize>,
    end: Option<(String, Range<usize>)>,
) -> Option<When> {
    let start = match DatePoint::parse(start_text) {
        Ok(p) => p,
        Err(e) => {
            let d = f
                .source()
                .error_at(
                    "bad-date",
                    start_span,
                    format!("поле «start»: {}", e.message_ru()),
                )
                .with_hint(e.hint_ru());
            f.diagnostics.push(d);
            return None;
        }
    };
    let end_point = match &end {
        None => None,
        Some((text, span)) => match When::parse_end(&start, text) {
            Ok(p) => Some(p),
            Err(e) => {
                let d = f
                    .source()
                    .error_at(
                        "bad-date",
                        span.clone(),
                        format!("поле «end»: {}", e.message_ru()),
                    )
                    .with_hint(e.hint_ru());
                f.diagnostics.push(d);
                return None;
            }
        },
    };
    match When::new(start, end_point) {
        Ok(w) => Some(w),
        Err(e) => {
            let span = end.map_or(start_span, |(_, s)| s);
            let d = f
                .source()
                .error_at("bad-date-range", span, e.message_ru())
                .with_hint(e.hint_ru());
            f.diagnostics.push(d);
            None
        }
    }
}

fn results(f: &mut Fields<'_>, nominations: &[String]) -> Vec<ContestResult> {
    let Some(value) = f.raw("results") else {
        return Vec::new();
    };
    let items = mapping_items(
        f,
        "results",
        value,
        RESULT_FIELDS,
        "результата",
        RESULT_EXAMPLE,
        false,
    );
    let src = f.source();
    let mut out = Vec::new();
    for item in items {
        let Ok(mut item) = item else { continue };
        let place = match item.take("place") {
            None => None,
            Some((v, span)) => {
                let n = match &v {
                    Value::Number(n) => n.as_u64(),
                    Value::String(s) => s.trim().trim_end_matches("место").trim().parse().ok(),
                    _ => None,
                };
                match n.and_then(|n| u32::try_from(n).ok()).filter(|&n| n > 0) {
                    Some(n) => Some(n),
                    None => {
                        let d = src
                            .error_at(
                                "bad-value",
                                span,
                                "место в поле «place» должно быть целым числом: 1, 2, 3…",
                            )
                            .with_hint("звание без места (лауреат, специальный приз) пишется в поле title: title: Лауреат");
                        f.diagnostics.push(d);
                        None
                    }
                }
            }
        };
        let title = item.text(f, "title", "результата").map(|(t, _)| t);
        let nomination = item.text(f, "nomination", "результата");
        if let Some((n, span)) = &nomination
            && !nominations.is_empty()
            && !nominations.contains(n)
        {
            let mut d = Diagnostic::warning(
                "unknown-nomination",
                &src.rel_path,
                format!("номинации «{n}» нет в списке номинаций конкурса (nominations)"),
            )
            .at(&src.text, span.clone());
            d = d.with_hint(match closest(n, nominations.iter().map(String::as_str)) {
                Some(c) => format!("возможно, вы имели в виду «{c}»"),
                None => format!("номинации конкурса: {}", nominations.join(", ")),
            });
            f.diagnostics.push(d);
        }
        let participants = item.text(f, "participants", "результата").map(|(t, _)| t);
        let consent = match item.take("participants_consent") {
            None => false,
            Some((Value::Bool(b), _)) => b,
            Some((Value::String(s), _)) if s.trim().eq_ignore_ascii_case("да") => true,
            Some((Value::String(s), _)) if s.trim().eq_ignore_ascii_case("нет") => false,
            Some((_, span)) => {
                let d = src
                    .error_at(
                        "wrong-type",
                        span,
                        "в поле «participants_consent» ожидается true или false",
                    )
                    .with_hint("participants_consent: true — если есть согласие участников (для несовершеннолетних — родителей) на публикацию имён");
                f.diagnostics.push(d);
                false
            }
        };
        let organization = item.text(f, "organization", "результата").map(|(t, _)| t);
        let practice = item
            .text(f, "practice", "результата")
            .map(|(raw, _)| PageRef { raw, target: None });
        if place.is_none() && title.is_none() {
            let d = src
                .error_at(
                    "missing-field",
                    item.span.clone(),
                    "у результата не указано ни место (place), ни звание (title)",
                )
                .with_hint(format!("например:\n{RESULT_EXAMPLE}\nили title: Лауреат"));
            f.diagnostics.push(d);
            continue;
        }
        let spot = Spot {
            file: src.rel_path.clone(),
            location: Diagnostic::error("x", &src.rel_path, "")
                .at(&src.text, item.span.clone())
                .location,
        };
        // Names without consent never enter the model.
        let withheld = participants.is_some() && !consent;
        out.push(ContestResult {
            place,
            title,
            nomination: nomination.map(|(n, _)| n),
            participants: if consent { participants } else { None },
            participants_withheld: withheld,
            organization,
            practice,
            spot,
        });
    }
    out
}

/// The references a contest makes, for its page's fingerprint.
pub fn references(c: &Contest) -> Vec<&PageRef> {
    c.regulation
        .iter()
        .chain(c.stages.iter().filter_map(|s| s.event.as_ref()))
        .chain(c.results.iter().filter_map(|r| r.practice.as_ref()))
        .collect()
}

/// Contests newest first (by their first date; undated ones last), then by title.
pub fn sorted(pages: &[crate::content::model::Page], mut ids: Vec<usize>) -> Vec<usize> {
    ids.sort_by_cached_key(|&id| {
        let first = pages[id].as_contest().and_then(Contest::first_day);
        (
            std::cmp::Reverse(first.unwrap_or(jiff::civil::Date::MIN)),
            pages[id].title.clone(),
        )
    });
    ids
}

/// `check`'s warnings about results whose participants are not published (no consent): the
/// editor should know the names are left out on purpose, not lost.
pub fn withheld_warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for &id in &site.contests {
        let Some(c) = site.pages[id].as_contest() else {
            continue;
        };
        for r in c.results.iter().filter(|r| r.participants_withheld) {
            let mut d = r
                .spot
                .error(
                    "participants-withheld",
                    format!(
                        "участники результата «{}»{} не публикуются: нет согласия на публикацию имён",
                        r.award(),
                        r.nomination
                            .as_deref()
                            .map(|n| format!(" в номинации «{n}»"))
                            .unwrap_or_default()
                    ),
                )
                .with_hint("на сайте видны место, номинация и организация; если согласие участников (для несовершеннолетних — родителей) получено, добавьте participants_consent: true");
            d.severity = Severity::Warning;
            out.push(d);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_of_a_block_list() {
        let text = "results:\n  - place: 1\n    organization: sh-40\n  - title: Лауреат\nnext: x\n";
        let start = text.find("- place").unwrap();
        let end = text.find("\nnext").unwrap();
        let spans = item_spans(text, start..end);
        assert_eq!(spans.len(), 2);
        assert!(text[spans[0].clone()].contains("sh-40"));
        assert!(text[spans[1].clone()].starts_with("  - title"));
    }
}
