//! A plan row and one of its dates as an event file: YAML front matter and a Markdown body.
//!
//! The files are a starting point an editor reviews, so they read like files an editor would
//! write: plain YAML scalars wherever they are safe and double quotes only where YAML needs them,
//! a comment saying where the event came from, and for drafts a comment saying what is missing.
//! Nothing from the row is dropped: what has no front-matter field goes into the body. The
//! title is [`super::title`]'s, the people [`super::people`]'s, cell text [`super::clipboard`]'s;
//! the file's name and the order and quoting of its fields are [`super::event_file`]'s, shared
//! with `nastavnik new`.

use super::clipboard::{html_to_text, markdown, markdown_paragraph};
use super::event_file::{Field, FrontMatter, Value};
use super::people::split_responsible;
use super::table::{PlanRow, clean_inline};
use super::title::title_parts;
use crate::when::plan::PlanDate;

/// What every event of one import shares.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteContext<'a> {
    pub series: Option<&'a str>,
    pub organization: Option<&'a str>,
    pub plan_title: Option<&'a str>,
}

/// The event's date and whether it is a draft.
#[derive(Debug, Clone, Copy)]
pub struct Timing<'a> {
    pub date: Option<&'a PlanDate>,
    /// Why the event cannot be published as is (Russian); `Some` makes it `draft: true`.
    pub draft_reason: Option<&'a str>,
}

/// The whole event file.
pub fn event_file(row: &PlanRow, timing: Timing<'_>, ctx: &WriteContext<'_>) -> String {
    let (title, full_title) = title_parts(row);
    let mut out = String::from("---\n");

    let lines = std::iter::once(row.line)
        .chain(row.joined_lines.iter().copied())
        .map(|l| l.to_string())
        .collect::<Vec<_>>();
    let place = if lines.len() == 1 {
        format!("строка {}", lines[0])
    } else {
        format!("строки {}", lines.join(", "))
    };
    match ctx.plan_title {
        Some(plan) => out.push_str(&comment(&format!(
            "Импортировано из плана «{plan}», {place}."
        ))),
        None => out.push_str(&comment(&format!(
            "Импортировано из таблицы плана, {place}."
        ))),
    }
    if let Some(reason) = timing.draft_reason {
        out.push_str(&comment(&format!("Черновик: {reason}.")));
        let dates = clean_inline(&row.dates);
        if !dates.is_empty() && !reason.contains(&dates) {
            out.push_str(&comment(&format!("Срок в плане: «{dates}».")));
        }
        out.push_str(&comment(if timing.date.is_none() {
            "Чтобы опубликовать, укажите start (день 2023-05-15, месяц 2023-05 или квартал 2023-Q2) и удалите строку draft: true."
        } else {
            "Чтобы опубликовать, проверьте поля и удалите строку draft: true."
        }));
    }

    let format = clean_inline(&html_to_text(&row.format, false));
    let organizations: Vec<String> = ctx
        .organization
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let responsible = split_responsible(&row.responsible);
    let summary = clean_inline(&html_to_text(&row.result, false));
    // Dates in their canonical form (`2022-10-10`, `2023-04`, `2023-Q1`): plain YAML scalars
    // that every reader keeps as strings, and what the content parser reads back.
    let when = timing.date.map(|d| d.when);
    let start = when.map(|w| w.start.to_string()).unwrap_or_default();
    let end = when
        .and_then(|w| w.end)
        .map(|e| e.to_string())
        .unwrap_or_default();
    let repeat = timing.date.and_then(|d| d.repeat.as_ref());
    let until = repeat
        .and_then(|r| r.until)
        .map(|u| u.to_string())
        .unwrap_or_default();
    let mut fields = FrontMatter::default();
    fields
        .set(Field::Title, Value::Text(&title))
        .set(Field::Start, Value::Verbatim(&start))
        .set(Field::End, Value::Verbatim(&end))
        .set(Field::Until, Value::Verbatim(&until));
    if repeat.is_some() {
        fields.set(Field::Repeat, Value::Verbatim("yearly"));
    }
    fields
        .set(Field::Format, Value::Text(&format))
        .set(
            Field::Series,
            Value::Text(ctx.series.unwrap_or_default().trim()),
        )
        .set(Field::Organizations, Value::List(&organizations))
        .set(Field::Responsible, Value::List(&responsible))
        .set(Field::Summary, Value::Text(&summary));
    if timing.draft_reason.is_some() {
        fields.set(Field::Draft, Value::Verbatim("true"));
    }
    fields.write(&mut out);
    out.push_str("---\n");

    let body = body(row, full_title.as_deref(), timing);
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
        out.push('\n');
    }
    out
}

/// A YAML comment line. Cell text quoted in it (the plan's wording of a date) may carry what
/// Word's clipboard leaves in: control characters, which YAML allows nowhere in a stream, not
/// even in comments, U+FFFE/U+FFFF, a byte order mark, and line separators that would end the
/// comment early for a YAML 1.1 reader. Each becomes a space, so the file still loads.
fn comment(text: &str) -> String {
    let printable: String = text
        .chars()
        .map(|c| {
            let unsafe_in_comment = c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                );
            if unsafe_in_comment { ' ' } else { c }
        })
        .collect();
    format!("# {}\n", clean_inline(&printable))
}

/// The Markdown body: the full name if the title shortened it, the details, where the row sits in
/// the plan, what the plan said about the date, the expected result and any other columns.
fn body(row: &PlanRow, full_title: Option<&str>, timing: Timing<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(full) = full_title {
        parts.push(markdown_paragraph(full));
    }
    if !row.details.trim().is_empty() {
        parts.push(markdown(&row.details));
    }
    if let Some(section) = &row.section {
        parts.push(labelled("Раздел плана", section));
    }
    if let Some(group) = &row.group {
        parts.push(labelled("Направление", group));
    }
    match timing.date.and_then(|d| d.note.as_deref()) {
        Some(note) => parts.push(sentence(&capitalize(note))),
        None if timing.date.is_none() => {
            let dates = clean_inline(&row.dates);
            parts.push(if dates.is_empty() {
                "Срок в плане не указан.".to_string()
            } else {
                format!("Срок по плану — «{dates}».")
            });
        }
        None => {}
    }
    if !row.result.trim().is_empty() {
        parts.push(labelled(
            "Ожидаемый результат",
            &clean_inline(&html_to_text(&row.result, true)),
        ));
    }
    for (header, value) in &row.extra {
        let header = if header.is_empty() {
            "Дополнительно"
        } else {
            header.as_str()
        };
        parts.push(labelled(header, &clean_inline(&html_to_text(value, true))));
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

fn labelled(label: &str, text: &str) -> String {
    sentence(&format!("{label}: {}", clean_inline(text)))
}

/// Ends a sentence with a full stop unless it already ends with punctuation.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?', '…', ';', ':']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::title::event_title;
    use crate::when::{DatePoint, When, Yearly};
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(deny_unknown_fields)]
    struct FrontMatter {
        title: String,
        start: Option<String>,
        end: Option<String>,
        repeat: Option<String>,
        until: Option<String>,
        format: Option<String>,
        series: Option<String>,
        organizations: Option<Vec<String>>,
        responsible: Option<Vec<String>>,
        summary: Option<String>,
        draft: Option<bool>,
    }

    fn front_matter(file: &str) -> (FrontMatter, String) {
        let rest = file.strip_prefix("---\n").expect("starts with ---");
        let end = rest.find("\n---\n").expect("closing ---");
        let yaml = &rest[..end + 1];
        let fm: FrontMatter = serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        (fm, rest[end + 5..].trim().to_string())
    }

    fn row(title: &str) -> PlanRow {
        PlanRow {
            line: 41,
            title: title.into(),
            ..PlanRow::default()
        }
    }

    fn point(text: &str) -> DatePoint {
        DatePoint::parse(text).expect("a canonical date")
    }

    fn day(start: &str) -> PlanDate {
        PlanDate {
            when: When::new(point(start), None).expect("a span"),
            repeat: None,
            note: None,
        }
    }

    #[test]
    fn a_long_list_title_keeps_its_intro_and_moves_the_list_to_the_body() {
        let r = row(
            "Разработка и утверждение (актуализация) документов, обеспечивающих внедрение и развитие системы: - План мероприятий; - Положение о системе наставничества.",
        );
        assert_eq!(
            event_title(&r),
            "Разработка и утверждение (актуализация) документов, обеспечивающих внедрение и развитие системы"
        );
        let file = event_file(
            &r,
            Timing {
                date: Some(&day("2022-12")),
                draft_reason: None,
            },
            &WriteContext::default(),
        );
        let (_, body) = front_matter(&file);
        assert_eq!(
            body,
            "Разработка и утверждение (актуализация) документов, обеспечивающих внедрение и развитие системы:\n\n- План мероприятий;\n- Положение о системе наставничества."
        );
    }

    #[test]
    fn a_dated_event_file() {
        let r = PlanRow {
            line: 41,
            number: "1.".into(),
            title: "Организационное собрание. «Об организации наставничества в школе»".into(),
            format: "мастер-класс".into(),
            dates: "10.10.2022".into(),
            responsible:
                "Воскобойникова М.В., Коробкова А.С., заместитель директора МБОУ «СШ № 16»".into(),
            ..PlanRow::default()
        };
        let ctx = WriteContext {
            series: Some("Школа лидеров образования"),
            organization: Some("gim-1"),
            plan_title: Some("План работы"),
        };
        let file = event_file(
            &r,
            Timing {
                date: Some(&day("2022-10-10")),
                draft_reason: None,
            },
            &ctx,
        );
        assert_eq!(
            file,
            "---\n\
             # Импортировано из плана «План работы», строка 41.\n\
             title: Организационное собрание. «Об организации наставничества в школе»\n\
             start: 2022-10-10\n\
             format: мастер-класс\n\
             series: Школа лидеров образования\n\
             organizations:\n  - gim-1\n\
             responsible:\n  - Воскобойникова М.В.\n  - Коробкова А.С., заместитель директора МБОУ «СШ № 16»\n\
             ---\n"
        );
    }

    #[test]
    fn a_yearly_range_with_a_note_section_and_result() {
        let r = PlanRow {
            line: 57,
            joined_lines: vec![59],
            section: Some("Организационные меры".into()),
            title: "Подготовка отчёта: итоги".into(),
            dates: "До 30.06.2023".into(),
            result: "Подготовлен отчет. Отчет направлен в ГАУ ДПО СОИРО.".into(),
            extra: vec![("Примечание".into(), "в актовом зале".into())],
            ..PlanRow::default()
        };
        let when = When::new(point("2023-06"), Some(point("2023-07"))).expect("a span");
        let spec = PlanDate {
            when,
            repeat: Some(Yearly::new(&when, Some(point("2024-06")), vec![]).expect("a repetition")),
            note: Some("срок исполнения — до 30.06.2023".into()),
        };
        let file = event_file(
            &r,
            Timing {
                date: Some(&spec),
                draft_reason: None,
            },
            &WriteContext::default(),
        );
        assert!(file.starts_with("---\n# Импортировано из таблицы плана, строки 57, 59.\n"));
        let (fm, body) = front_matter(&file);
        assert_eq!(
            fm,
            FrontMatter {
                title: "Подготовка отчёта: итоги".into(),
                start: Some("2023-06".into()),
                end: Some("2023-07".into()),
                repeat: Some("yearly".into()),
                until: Some("2024-06".into()),
                summary: Some("Подготовлен отчет. Отчет направлен в ГАУ ДПО СОИРО.".into()),
                ..FrontMatter::default()
            }
        );
        assert_eq!(
            body,
            "Раздел плана: Организационные меры.\n\n\
             Срок исполнения — до 30.06.2023.\n\n\
             Ожидаемый результат: Подготовлен отчет. Отчет направлен в ГАУ ДПО СОИРО.\n\n\
             Примечание: в актовом зале."
        );
    }

    #[test]
    fn a_draft_keeps_the_plan_wording_in_a_comment_and_the_body() {
        let r = PlanRow {
            line: 55,
            title: "Обращение за консультациями".into(),
            dates: "Постоянно\n(по необходимости)".into(),
            ..PlanRow::default()
        };
        let reason = "срок «Постоянно (по необходимости)» не называет конкретную дату";
        let file = event_file(
            &r,
            Timing {
                date: None,
                draft_reason: Some(reason),
            },
            &WriteContext::default(),
        );
        assert!(file.contains(
            "# Черновик: срок «Постоянно (по необходимости)» не называет конкретную дату.\n"
        ));
        // The reason already quotes the plan; a second comment would only repeat it.
        assert!(!file.contains("# Срок в плане"));
        let (fm, body) = front_matter(&file);
        assert_eq!(fm.draft, Some(true));
        assert_eq!(fm.start, None);
        assert_eq!(body, "Срок по плану — «Постоянно (по необходимости)».");
        let odd = event_file(
            &r,
            Timing {
                date: None,
                draft_reason: Some("в таблице нет столбца со сроками"),
            },
            &WriteContext::default(),
        );
        assert!(odd.contains("# Срок в плане: «Постоянно (по необходимости)».\n"));
        let empty = PlanRow {
            line: 40,
            title: "Формирование базы".into(),
            ..PlanRow::default()
        };
        let file = event_file(
            &empty,
            Timing {
                date: None,
                draft_reason: Some("срок не указан"),
            },
            &WriteContext::default(),
        );
        assert_eq!(front_matter(&file).1, "Срок в плане не указан.");
    }

    #[test]
    fn several_numbered_items_in_one_cell() {
        let r = row("1. Проведение консультаций, совещаний. 2. Курсы повышения квалификации.");
        assert_eq!(event_title(&r), "Проведение консультаций, совещаний");
        let file = event_file(
            &r,
            Timing {
                date: Some(&day("2023-05")),
                draft_reason: None,
            },
            &WriteContext::default(),
        );
        assert_eq!(
            front_matter(&file).1,
            "1. Проведение консультаций, совещаний.\n2. Курсы повышения квалификации."
        );
    }
}
