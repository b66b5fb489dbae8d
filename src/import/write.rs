//! A plan row and one of its dates as an event file: YAML front matter and a Markdown body.
//!
//! The files are a starting point an editor reviews, so they read like files an editor would
//! write: plain YAML scalars wherever they are safe and double quotes only where YAML needs them,
//! a comment saying where the event came from, and for drafts a comment saying what is missing.
//! Nothing from the row is dropped: what has no front-matter field goes into the body.

use std::collections::HashSet;

use crate::ru::translit::slugify;

use super::dates::DateSpec;
use super::table::{PlanRow, clean_inline};

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
    pub spec: Option<&'a DateSpec>,
    /// Why the event cannot be published as is (Russian); `Some` makes it `draft: true`.
    pub draft_reason: Option<&'a str>,
}

/// The event's title: the row's name without list numbering («1. »), outer quotes or clipboard
/// HTML. A name that is an intro to an inline list («…документов: - План…; - Положение…») keeps
/// just the intro when that is a title by itself, and the whole list goes to the body.
pub fn event_title(row: &PlanRow) -> String {
    title_parts(row).0
}

/// `(title, full text when the title is a shortened form of it)`.
fn title_parts(row: &PlanRow) -> (String, Option<String>) {
    let source = [&row.title, &row.details, &row.result]
        .into_iter()
        .find(|t| !t.trim().is_empty());
    let Some(source) = source else {
        return (format!("Без названия (строка {})", row.line), None);
    };
    let cleaned = clean_inline(&html_to_text(source, false));
    // «1. Консультации. 2. Курсы.» in one cell: the first item names the event, the body lists all.
    if let Some(items) = split_enumerated(&cleaned) {
        return (
            trim_title_dot(strip_enumerator(&items[0])).to_string(),
            Some(cleaned),
        );
    }
    let plain = trim_title_dot(strip_outer_quotes(strip_enumerator(&cleaned)));
    match inline_list(plain) {
        Some((intro, _)) if intro.chars().count() >= 60 => {
            (intro.to_string(), Some(plain.to_string()))
        }
        Some((intro, items)) => (format!("{intro}: {}", items.join("; ")), None),
        None => (plain.to_string(), None),
    }
}

/// A title ends without a full stop, but an abbreviation keeps its dot («… 2023 г.», «им. С.А.»).
fn trim_title_dot(title: &str) -> &str {
    match title.strip_suffix('.') {
        Some(rest)
            if rest
                .split_whitespace()
                .last()
                .is_some_and(|w| w.chars().count() >= 4 && !w.contains('.')) =>
        {
            rest
        }
        _ => title,
    }
}

/// «1) Сбор информации. 2) Формирование банка.» → the numbered items, each with its number; `None`
/// unless the text starts with item 1 and has item 2.
fn split_enumerated(text: &str) -> Option<Vec<String>> {
    let delimiter = ['.', ')']
        .into_iter()
        .find(|d| text.starts_with(&format!("1{d} ")))?;
    let mut items = Vec::new();
    let mut rest = text;
    for n in 2.. {
        let marker = format!(" {n}{delimiter} ");
        match rest.find(&marker) {
            Some(at) => {
                items.push(rest[..at].trim().to_string());
                rest = &rest[at + 1..];
            }
            None => break,
        }
    }
    items.push(rest.trim().to_string());
    (items.len() > 1).then_some(items)
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
        out.push_str(&comment(if timing.spec.is_none() {
            "Чтобы опубликовать, укажите start (день 2023-05-15, месяц 2023-05 или квартал 2023-Q2) и удалите строку draft: true."
        } else {
            "Чтобы опубликовать, проверьте поля и удалите строку draft: true."
        }));
    }

    field(&mut out, "title", &title);
    if let Some(spec) = timing.spec {
        // Canonical date forms are plain YAML scalars that every reader keeps as strings.
        out.push_str(&format!("start: {}\n", spec.start));
        if let Some(end) = &spec.end {
            out.push_str(&format!("end: {end}\n"));
        }
        if spec.yearly {
            out.push_str("repeat: yearly\n");
        }
    }
    field(
        &mut out,
        "format",
        &clean_inline(&html_to_text(&row.format, false)),
    );
    field(&mut out, "series", ctx.series.unwrap_or_default().trim());
    list(
        &mut out,
        "organizations",
        ctx.organization
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    );
    list(&mut out, "responsible", split_responsible(&row.responsible));
    field(
        &mut out,
        "summary",
        &clean_inline(&html_to_text(&row.result, false)),
    );
    if timing.draft_reason.is_some() {
        out.push_str("draft: true\n");
    }
    out.push_str("---\n");

    let body = body(row, full_title.as_deref(), timing);
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
        out.push('\n');
    }
    out
}

fn comment(text: &str) -> String {
    format!("# {}\n", clean_inline(text))
}

fn field(out: &mut String, key: &str, value: &str) {
    if !value.is_empty() {
        out.push_str(&format!("{key}: {}\n", yaml_string(value)));
    }
}

fn list(out: &mut String, key: &str, items: Vec<String>) {
    if !items.is_empty() {
        out.push_str(&format!("{key}:\n"));
        for item in items {
            out.push_str(&format!("  - {}\n", yaml_string(&item)));
        }
    }
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
    match timing.spec.and_then(|s| s.note.as_deref()) {
        Some(note) => parts.push(sentence(&capitalize(note))),
        None if timing.spec.is_none() => {
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

/// A cell as Markdown: clipboard HTML (`<p>`, `<i>`, `<ul>`) and line breaks become paragraphs,
/// inline lists («: - a; - b») become Markdown lists.
fn markdown(cell: &str) -> String {
    html_to_text(cell, true)
        .split('\n')
        .map(clean_inline)
        .filter(|p| !p.is_empty())
        .map(|p| markdown_paragraph(&p))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn markdown_paragraph(text: &str) -> String {
    let text = clean_inline(text);
    let list = |items: &[String]| {
        let last = items.len().saturating_sub(1);
        items
            .iter()
            .enumerate()
            .map(|(i, item)| format!("- {item}{}", if i == last { "." } else { ";" }))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if let Some(items) = split_enumerated(&text) {
        return items.join("\n");
    }
    if let Some((intro, items)) = inline_list(&text) {
        return format!("{intro}:\n\n{}", list(&items));
    }
    if let Some(rest) = text.strip_prefix("- ").or_else(|| text.strip_prefix("– ")) {
        let items = list_items(rest);
        if items.len() > 1 {
            return list(&items);
        }
    }
    text
}

/// «Intro: - first; - second.» → ("Intro", ["first", "second"]). Only a colon directly followed by
/// a dash starts a list, and only «;» or «.» before a dash separates items, so ordinary dashes
/// («наставников – «установочные сессии»») stay in the text.
fn inline_list(text: &str) -> Option<(&str, Vec<String>)> {
    let colon = text.find(':')?;
    let rest = text[colon + 1..].trim_start();
    let rest = rest.strip_prefix('-').or_else(|| rest.strip_prefix('–'))?;
    let intro = text[..colon].trim();
    if intro.is_empty() {
        return None;
    }
    let items = list_items(rest);
    (!items.is_empty()).then_some((intro, items))
}

fn list_items(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut items = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, ';' | '.') {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if j > i + 1 && matches!(chars.get(j), Some('-' | '–')) {
                items.push(std::mem::take(&mut current));
                i = j + 1;
                continue;
            }
        }
        current.push(c);
        i += 1;
    }
    items.push(current);
    items
        .into_iter()
        .map(|item| item.trim().trim_end_matches([';', '.']).trim().to_string())
        .filter(|item| !item.is_empty())
        .collect()
}

/// «1. Разработка…», «2) Сбор…» → the text after the number.
fn strip_enumerator(text: &str) -> &str {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return text;
    }
    let rest = &text[digits..];
    match rest.strip_prefix(['.', ')']) {
        Some(after) if after.starts_with(' ') => after.trim_start(),
        _ => text,
    }
}

/// «Школа молодого учителя» in guillemets as the whole title loses them; «А» и «Б» keeps them.
fn strip_outer_quotes(text: &str) -> &str {
    match text.strip_prefix('«').and_then(|t| t.strip_suffix('»')) {
        Some(inner) if !inner.contains(['«', '»']) => inner,
        _ => text,
    }
}

/// Clipboard HTML to text. Paragraph-like tags become line breaks; with `emphasis`, `<i>`/`<b>`
/// become Markdown `*`/`**`, otherwise they are dropped. Only known tags are touched, so text like
/// «стаж <3 лет» survives.
fn html_to_text(text: &str, emphasis: bool) -> String {
    const BLOCK: [&str; 7] = ["p", "br", "div", "li", "ul", "ol", "tr"];
    const INLINE: [&str; 8] = ["span", "font", "u", "a", "sub", "sup", "s", "strike"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['<', '&']) {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        if rest.starts_with('&') {
            let entity = rest
                .find(';')
                .filter(|&end| end <= 8)
                .and_then(|end| entity_char(&rest[1..end]).map(|c| (c, end)));
            match entity {
                Some((c, end)) => {
                    out.push(c);
                    rest = &rest[end + 1..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
            continue;
        }
        let tag = rest.find('>').map(|end| (&rest[1..end], end));
        let name = tag.map(|(inner, _)| {
            inner
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        });
        match (tag, name.as_deref()) {
            (Some((_, end)), Some(name)) if BLOCK.contains(&name) => {
                out.push('\n');
                rest = &rest[end + 1..];
            }
            (Some((_, end)), Some("i" | "em")) => {
                if emphasis {
                    out.push('*');
                }
                rest = &rest[end + 1..];
            }
            (Some((_, end)), Some("b" | "strong")) => {
                if emphasis {
                    out.push_str("**");
                }
                rest = &rest[end + 1..];
            }
            (Some((_, end)), Some(name)) if INLINE.contains(&name) => rest = &rest[end + 1..],
            _ => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity_char(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" => ' ',
        "laquo" => '«',
        "raquo" => '»',
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        _ => {
            let code = name.strip_prefix('#')?;
            let value = match code.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            char::from_u32(value).filter(|c| !c.is_control())?
        }
    })
}

/// The «Ответственные» cell as a list of people and bodies. Commas separate entries, except that a
/// lowercase part after a person is that person's position: «Воскобойникова М.В., Коробкова А.С.,
/// заместитель директора МБОУ «СШ № 16»» → «Воскобойникова М.В.» and «Коробкова А.С.,
/// заместитель директора МБОУ «СШ № 16»». People written without a comma («Галкина М.В. Биктенева
/// Д.С.») are separated too. Commas inside «» and () never split.
pub fn split_responsible(text: &str) -> Vec<String> {
    let text = clean_inline(&html_to_text(text, false));
    let mut out: Vec<String> = Vec::new();
    for chunk in split_top_level(&text) {
        let follows_person = out.last().is_some_and(|last| has_initials(last));
        let lowercase = chunk
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_lowercase);
        match out.last_mut() {
            Some(last) if lowercase && follows_person => {
                last.push_str(", ");
                last.push_str(&chunk);
            }
            _ => out.extend(split_people(&chunk)),
        }
    }
    out
}

fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth: i32 = 0;
    for c in text.chars() {
        match c {
            '«' | '(' | '“' => depth += 1,
            '»' | ')' | '”' => depth = (depth - 1).max(0),
            ',' | ';' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// True if the text, outside «» quotes, has initials like «М.В.» or «М. В.».
fn has_initials(text: &str) -> bool {
    let mut depth = 0;
    let outside: String = text
        .chars()
        .map(|c| {
            match c {
                '«' => depth += 1,
                '»' => depth -= 1,
                _ => {}
            }
            if depth > 0 { ' ' } else { c }
        })
        .collect();
    let words: Vec<&str> = outside
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', ';']))
        .collect();
    words.iter().any(|w| is_initials(w))
        || words
            .windows(2)
            .any(|w| is_initial(w[0]) && is_initial(w[1]))
}

/// Two or more initials written together: «М.В.».
fn is_initials(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let pairs = chars.chunks_exact(2);
    chars.len() >= 4
        && pairs.remainder().is_empty()
        && pairs.clone().all(|p| p[0].is_uppercase() && p[1] == '.')
}

fn is_initial(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.len() == 2 && chars[0].is_uppercase() && chars[1] == '.'
}

fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() > 1
        && chars.all(|c| c.is_lowercase() || c == '-')
}

/// «Галкина М.В. Биктенева Д.С.» → two people; anything else stays one entry.
fn split_people(chunk: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in chunk.split_whitespace() {
        match words.last_mut() {
            // «М. В.» written with a space is one set of initials.
            Some(last) if is_initial(word) && (is_initial(last) || is_initials(last)) => {
                last.push_str(word)
            }
            _ => words.push(word.to_string()),
        }
    }
    let pairs: Vec<&[String]> = words.chunks_exact(2).collect();
    let people = words.len() >= 4
        && pairs.len() * 2 == words.len()
        && (pairs.iter().all(|p| is_name(&p[0]) && is_initials(&p[1]))
            || pairs.iter().all(|p| is_initials(&p[0]) && is_name(&p[1])));
    if people {
        pairs.iter().map(|p| p.join(" ")).collect()
    } else {
        vec![chunk.to_string()]
    }
}

/// A YAML scalar for any text: plain when that is unambiguous, else double-quoted with escapes.
/// Plain is kept where possible because editors read and edit these files.
fn yaml_string(text: &str) -> String {
    if is_plain_safe(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_plain_safe(text: &str) -> bool {
    const RESERVED: [&str; 12] = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "<<", "=",
    ];
    let Some(first) = text.chars().next() else {
        return false;
    };
    let last = text.chars().last().unwrap_or(first);
    !first.is_whitespace()
        && !last.is_whitespace()
        && !"-?:,[]{}#&*!|>'\"%@`<=+.~".contains(first)
        && !first.is_ascii_digit()
        && last != ':'
        && !text.contains(": ")
        && !text.contains(" #")
        && !text
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{85}'))
        && !RESERVED.contains(&text.to_lowercase().as_str())
}

/// Tracks slugs given out in one import so every file name is unique.
#[derive(Debug, Default)]
pub struct Slugs {
    used: HashSet<String>,
}

impl Slugs {
    /// `base`, or `base-2`, `base-3`… if taken.
    pub fn unique(&mut self, base: &str) -> String {
        let mut slug = base.to_string();
        let mut n = 2;
        while self.used.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(slug.clone());
        slug
    }
}

/// Longest slug before trimming at a word boundary: long enough to tell events apart, short
/// enough for a readable URL.
const SLUG_MAX: usize = 60;

/// The file name of an event: its start (`2022-10-10`, `2023-q1`) and the transliterated title,
/// trimmed at a word boundary to about 60 characters. Drafts without a date get the title alone.
pub fn event_slug(title: &str, spec: Option<&DateSpec>) -> String {
    let words = slugify(title);
    let words = if words.is_empty() {
        "meropriyatie".to_string()
    } else {
        words
    };
    let (prefix, full) = match spec {
        Some(spec) => {
            let prefix = format!("{}-", spec.start.to_lowercase());
            (prefix.len(), format!("{prefix}{words}"))
        }
        None => (0, words),
    };
    if full.len() <= SLUG_MAX {
        return full;
    }
    // Slugs are ASCII, so byte positions are character positions.
    let cut = &full[..SLUG_MAX];
    match cut.rfind('-') {
        Some(at) if at > prefix => cut[..at].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq, Default)]
    #[serde(deny_unknown_fields)]
    struct FrontMatter {
        title: String,
        start: Option<String>,
        end: Option<String>,
        repeat: Option<String>,
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

    fn day(start: &str) -> DateSpec {
        DateSpec {
            start: start.into(),
            end: None,
            yearly: false,
            note: None,
        }
    }

    #[test]
    fn slugs_transliterate_like_yandex() {
        assert_eq!(
            slugify("Школа молодого учителя"),
            "shkola-molodogo-uchitelya"
        );
        assert_eq!(
            slugify("Жёлтый щит, чай и хлеб: цель — подъём!"),
            "zheltyy-shchit-chay-i-khleb-tsel-podem"
        );
        assert_eq!(
            slugify("Эффективный объём «СШ № 40» 2023"),
            "effektivnyy-obem-ssh-40-2023"
        );
        assert_eq!(slugify("  Agile-проект  "), "agile-proekt");
        assert_eq!(slugify("«»—"), "");
    }

    #[test]
    fn event_slugs_have_the_date_and_stay_short() {
        assert_eq!(
            event_slug("Школа молодого учителя", Some(&day("2022-10-10"))),
            "2022-10-10-shkola-molodogo-uchitelya"
        );
        assert_eq!(
            event_slug("Вебинар", Some(&day("2023-Q1"))),
            "2023-q1-vebinar"
        );
        let long = event_slug(
            "Основы организации наставнической деятельности. Программа наставничества",
            Some(&day("2022-11-14")),
        );
        assert_eq!(
            long,
            "2022-11-14-osnovy-organizatsii-nastavnicheskoy-deyatelnosti"
        );
        let longer = event_slug(
            "Руководство системой наставничества в образовательной организации",
            Some(&day("2022-12-12")),
        );
        assert_eq!(longer, "2022-12-12-rukovodstvo-sistemoy-nastavnichestva-v");
        assert!(long.len() <= SLUG_MAX);
        let one_word = event_slug(&"а".repeat(100), Some(&day("2022-11-14")));
        assert_eq!(one_word.len(), SLUG_MAX);
        assert_eq!(event_slug("«»", None), "meropriyatie");
        assert_eq!(event_slug("Постоянно", None), "postoyanno");
    }

    #[test]
    fn slugs_are_unique_within_an_import() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.unique("a"), "a");
        assert_eq!(slugs.unique("a"), "a-2");
        assert_eq!(slugs.unique("a"), "a-3");
        assert_eq!(slugs.unique("a-2"), "a-2-2");
    }

    #[test]
    fn responsible_people_and_their_positions() {
        assert_eq!(
            split_responsible(
                "Воскобойникова М.В., Коробкова А.С., заместитель директора МБОУ «СШ № 16»"
            ),
            [
                "Воскобойникова М.В.",
                "Коробкова А.С., заместитель директора МБОУ «СШ № 16»"
            ]
        );
        assert_eq!(
            split_responsible("Воскобойникова М.В."),
            ["Воскобойникова М.В."]
        );
        assert_eq!(
            split_responsible("Галкина М.В. Биктенева Д.С."),
            ["Галкина М.В.", "Биктенева Д.С."]
        );
        assert_eq!(
            split_responsible("Галкина М. В. Биктенева Д. С."),
            ["Галкина М.В.", "Биктенева Д.С."]
        );
        assert_eq!(split_responsible("Управление, ОУ"), ["Управление", "ОУ"]);
        assert_eq!(
            split_responsible(
                "Управление образования (далее - Управление), образовательные организации (далее - ОУ)"
            ),
            [
                "Управление образования (далее - Управление)",
                "образовательные организации (далее - ОУ)"
            ]
        );
        assert_eq!(
            split_responsible("Иванова А.А., учитель, методист, Петров Б.Б., директор"),
            ["Иванова А.А., учитель, методист", "Петров Б.Б., директор"]
        );
        assert_eq!(
            split_responsible(
                "Аникина И.В., заместитель директора МБОУ «СШ № 32 им. С.А. Лавочкина, филиал»"
            ),
            ["Аникина И.В., заместитель директора МБОУ «СШ № 32 им. С.А. Лавочкина, филиал»"]
        );
        assert_eq!(
            split_responsible("Методический отдел МБУ ДО «ЦДО»"),
            ["Методический отдел МБУ ДО «ЦДО»"]
        );
        assert!(split_responsible("  ").is_empty());
    }

    #[test]
    fn yaml_scalars_survive_any_text() {
        let nasty = [
            "Наставник: профессионал и личность",
            "Конференция «Наставничество как инструмент: опыт, проблемы, перспективы»",
            "#1 в рейтинге",
            "Цель # не комментарий",
            "\"кавычки\" и 'апострофы'",
            "- тире в начале",
            "yes",
            "No",
            "null",
            "~",
            "10 лет наставничества",
            "2023",
            "3.14",
            "обратный \\ слэш",
            "строка\nвторая\tтаб",
            " пробел по краям ",
            "конец двоеточием:",
            "@упоминание",
            "{скобки}",
            "[список]",
            "*звёздочка",
            "&якорь",
            "!тег",
            "% процент",
            "| вертикальная черта",
            "> больше",
            "? вопрос",
            "управляющий \u{1} символ",
            "разделитель\u{2028}строк",
            "<< слияние",
            "Обычный текст, с запятыми — и тире.",
        ];
        for text in nasty {
            let yaml = format!("title: {}\n", yaml_string(text));
            let fm: FrontMatter =
                serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{text:?}: {e}\n{yaml}"));
            assert_eq!(fm.title, text, "{yaml}");
        }
        assert_eq!(
            yaml_string("Школа молодого учителя"),
            "Школа молодого учителя"
        );
        assert_eq!(
            yaml_string("Модели наставничества МБОУ «СШ № 32»"),
            "Модели наставничества МБОУ «СШ № 32»"
        );
    }

    #[test]
    fn titles_lose_numbering_quotes_and_html() {
        assert_eq!(event_title(&row("1. Разработка анкет")), "Разработка анкет");
        assert_eq!(event_title(&row("2) Сбор информации")), "Сбор информации");
        assert_eq!(
            event_title(&row("«Школа молодого учителя»")),
            "Школа молодого учителя"
        );
        assert_eq!(event_title(&row("«Школа» и «Клуб»")), "«Школа» и «Клуб»");
        assert_eq!(
            event_title(&row("<p>Выбор <i>конкретной</i> программы</p>")),
            "Выбор конкретной программы"
        );
        assert_eq!(event_title(&row("2023 год педагога")), "2023 год педагога");
        assert_eq!(
            event_title(&row("Курсы повышения квалификации.")),
            "Курсы повышения квалификации"
        );
        assert_eq!(
            event_title(&row("Семинар 12.10.2023 г.")),
            "Семинар 12.10.2023 г."
        );
        assert_eq!(
            event_title(&row("Встреча в МБОУ «СШ № 32 им. С.А.")),
            "Встреча в МБОУ «СШ № 32 им. С.А."
        );
        assert_eq!(event_title(&row("")), "Без названия (строка 41)");
        assert_eq!(
            event_title(&row(
                "Создание и актуализация: -базы данных наставников; - реестр ОУ, реализующих программы; - банк практик."
            )),
            "Создание и актуализация: базы данных наставников; реестр ОУ, реализующих программы; банк практик"
        );
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
                spec: Some(&day("2022-12")),
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
                spec: Some(&day("2022-10-10")),
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
        let spec = DateSpec {
            start: "2023-06".into(),
            end: Some("2023-07".into()),
            yearly: true,
            note: Some("срок исполнения — до 30.06.2023".into()),
        };
        let file = event_file(
            &r,
            Timing {
                spec: Some(&spec),
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
                spec: None,
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
                spec: None,
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
                spec: None,
                draft_reason: Some("срок не указан"),
            },
            &WriteContext::default(),
        );
        assert_eq!(front_matter(&file).1, "Срок в плане не указан.");
    }

    #[test]
    fn clipboard_html_becomes_markdown() {
        let cell = "<p>1) Анализ банка и выбор подходящих для <i>конкретной</i> программы.</p> <p>2) Обучение наставников:</p> \
                    <ul style=\"list-style-type: none\"> - подготовка материалов; - проведение консультаций – «установочные сессии».";
        assert_eq!(
            markdown(cell),
            "1) Анализ банка и выбор подходящих для *конкретной* программы.\n\n2) Обучение наставников:\n\n\
             - подготовка материалов;\n- проведение консультаций – «установочные сессии»."
        );
        assert_eq!(
            html_to_text("стаж <3 лет &amp; &laquo;A&raquo; &#8212; &bogus; &", false),
            "стаж <3 лет & «A» — &bogus; &"
        );
        assert_eq!(
            html_to_text("<b>Важно</b><br/>далее", true),
            "**Важно**\nдалее"
        );
    }

    #[test]
    fn several_numbered_items_in_one_cell() {
        let r = row("1. Проведение консультаций, совещаний. 2. Курсы повышения квалификации.");
        assert_eq!(event_title(&r), "Проведение консультаций, совещаний");
        let file = event_file(
            &r,
            Timing {
                spec: Some(&day("2023-05")),
                draft_reason: None,
            },
            &WriteContext::default(),
        );
        assert_eq!(
            front_matter(&file).1,
            "1. Проведение консультаций, совещаний.\n2. Курсы повышения квалификации."
        );
        assert_eq!(
            markdown("1) Сбор. 2) Формирование, 3) учёт. 5) не пункт"),
            "1) Сбор.\n2) Формирование,\n3) учёт. 5) не пункт"
        );
        assert_eq!(split_enumerated("2. Второй 3. Третий"), None);
        assert_eq!(split_enumerated("1. Один пункт"), None);
    }

    #[test]
    fn list_items_split_only_on_list_dashes() {
        assert_eq!(list_items("а; - б. – в"), ["а", "б", "в"]);
        assert_eq!(
            list_items("наставников – «сессии»"),
            ["наставников – «сессии»"]
        );
        assert_eq!(inline_list("Текст без списка: просто текст"), None);
        assert_eq!(inline_list(": - пусто"), None);
    }
}
