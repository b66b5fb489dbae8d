//! `data/organizations.yaml`: the schools, kindergartens and other bodies content refers to by
//! id, and the register of their mentoring programmes (district, programme, curator, yearly
//! figures).
//!
//! The file is read into serde_yaml values and then field by field, so every mistake is
//! reported, each at its place: positions are found in the text (see [`Entry`]), as the file is
//! a list of shallow mappings written by hand.
//!
//! The curator is a person: only the fields named in `publish` are kept (by
//! [`Curator::published`]), the rest are dropped here and never reach the model.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use serde_yaml::{Mapping, Value};

use crate::content::front_matter::yaml_hazard;
use crate::content::model::{Curator, CuratorField, Organization, YearFigures};
use crate::content::source;
use crate::diagnostic::{Diagnostic, closest};
use crate::urls;

pub const FILE: &str = "data/organizations.yaml";

const KNOWN: &[&str] = &[
    "id",
    "name",
    "short",
    "kind",
    "address",
    "url",
    "district",
    "mentoring",
    "program_since",
    "mentoring_url",
    "curator",
    "figures",
];

/// The kinds of organization the register knows: another value is shown as written, with a
/// warning naming the nearest of these (a misspelt kind would make a filter value of its own).
pub const KINDS: &[&str] = &[
    "школа",
    "гимназия",
    "лицей",
    "школа-интернат",
    "детский сад",
    "учреждение ДО",
    "колледж",
    "вуз",
    "организация ДПО",
    "институт развития образования",
    "методический центр",
    "орган управления",
];

/// The keys of `curator`.
const CURATOR_KEYS: &[&str] = &["name", "position", "phone", "email", "publish"];

/// The keys of one year's figures.
const FIGURE_KEYS: &[&str] = &["pairs", "groups", "mentors", "mentees"];

/// The years a programme's start or a year's figures may name.
const YEARS: std::ops::RangeInclusive<i64> = 1990..=2100;

/// The largest count a figure may hold (a city has thousands of teachers, not millions).
const MAX_FIGURE: u64 = 1_000_000;

/// Loads the organizations; a missing file means none (a small site may not need them).
pub fn load(root: &Path) -> (Vec<Organization>, Vec<Diagnostic>) {
    let path = root.join(FILE);
    let rel = Path::new(FILE);
    let Ok(bytes) = std::fs::read(&path) else {
        return (Vec::new(), Vec::new());
    };
    match source::decode(rel, &bytes) {
        Ok(text) => parse(rel, &text),
        Err(d) => (Vec::new(), vec![d]),
    }
}

fn parse(rel: &Path, text: &str) -> (Vec<Organization>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if let Some(hazard) = yaml_hazard(text) {
        return (Vec::new(), vec![hazard.diagnostic(rel, text, 0)]);
    }
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let offset = e.location().map_or(0, |l| l.index());
            diags.push(
                Diagnostic::error("yaml-syntax", rel, format!("ошибка в записи списка организаций: {}", e.to_string().split(" at line ").next().unwrap_or("")))
                    .at(text, offset..offset + 1)
                    .with_hint("каждая организация начинается с «- id: …», остальные поля — с отступом в два пробела; значения с «: » берите в кавычки"),
            );
            return (Vec::new(), diags);
        }
    };
    let items = match value {
        Value::Sequence(items) => items,
        Value::Null => return (Vec::new(), diags),
        _ => {
            diags.push(
                Diagnostic::error("wrong-type", rel, "файл организаций должен быть списком")
                    .at_line(text, 1)
                    .with_hint("начинайте каждую организацию с «- id: …»"),
            );
            return (Vec::new(), diags);
        }
    };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    // Items are located in the text by their order: the n-th line starting with "- ".
    let item_starts: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(0))
        .filter(|&i| text[i..].starts_with("- "))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for (n, item) in items.into_iter().enumerate() {
        let start = item_starts.get(n).copied().unwrap_or(0);
        let end = item_starts.get(n + 1).copied().unwrap_or(text.len());
        let block = &text[start..end];
        let span_of = |needle: &str| -> std::ops::Range<usize> {
            block
                .find(needle)
                .map_or(start..start + 1, |i| start + i..start + i + needle.len())
        };
        let Value::Mapping(map) = item else {
            diags.push(
                Diagnostic::error(
                    "wrong-type",
                    rel,
                    "организация должна быть набором полей id, name, short…",
                )
                .at(text, start..start + 1),
            );
            continue;
        };
        let get = |k: &str| {
            map.get(k)
                .and_then(|v| match v {
                    Value::String(s) => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
        };
        for key in map.keys().filter_map(Value::as_str) {
            if !KNOWN.contains(&key) {
                let hint = match closest(key, KNOWN.iter().copied()) {
                    Some(c) => format!("возможно, вы имели в виду «{c}»"),
                    None => format!("допустимые поля: {}", KNOWN.join(", ")),
                };
                diags.push(
                    Diagnostic::error(
                        "unknown-field",
                        rel,
                        format!("неизвестное поле организации «{key}»"),
                    )
                    .at(text, span_of(key))
                    .with_hint(hint),
                );
            }
        }
        let Some(id) = get("id") else {
            diags.push(
                Diagnostic::error("missing-field", rel, "у организации не указан id")
                    .at(text, start..start + 1)
                    .with_hint("например: - id: sh-40"),
            );
            continue;
        };
        let clean = crate::ru::translit::slugify(&id);
        if clean != id {
            diags.push(
                Diagnostic::error("bad-slug", rel, format!("id организации «{id}» может содержать только латинские буквы, цифры и дефисы"))
                    .at(text, span_of(&id))
                    .with_hint(format!("например: id: {clean}")),
            );
            continue;
        }
        if !seen.insert(id.clone()) {
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    rel,
                    format!("id «{id}» уже есть у другой организации"),
                )
                .at(text, span_of(&id))
                .with_hint("у каждой организации должен быть свой id"),
            );
            continue;
        }
        let Some(name) = get("name") else {
            diags.push(Diagnostic::error("missing-field", rel, format!("у организации «{id}» не указано полное название (name)")).at(text, span_of(&id)).with_hint("например: name: Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 40» города Смоленска"));
            continue;
        };
        let item = Item {
            rel,
            text,
            block: start..end,
            id: &id,
        };
        let register = read_register(&item, &map, &mut diags);
        out.push(Organization {
            short: get("short").unwrap_or_else(|| name.clone()),
            name,
            kind: register.kind,
            address: get("address"),
            url: get("url"),
            path: urls::organization(&id),
            district: get("district"),
            mentoring: register.mentoring,
            program_since: register.program_since,
            mentoring_url: register.mentoring_url,
            curator: register.curator,
            figures: register.figures,
            id,
        });
    }
    (out, diags)
}

/// Where a key is written: the key itself, its value on the key's line (or the key again when
/// the value is a block below), and the whole value with its nested lines.
#[derive(Debug, Clone)]
struct Entry {
    key: Range<usize>,
    value: Range<usize>,
    body: Range<usize>,
}

/// Finds `key:` inside `region` of `text`. Of several, the one least indented wins, so an
/// organization's `name` is found before its curator's (which is nested deeper). A value on the
/// key's line is the value; an empty one means a block of deeper lines (or of `- ` items at the
/// key's own indentation) below.
fn find_key(text: &str, region: Range<usize>, key: &str) -> Option<Entry> {
    if key.is_empty() {
        return None;
    }
    let hay = text.get(region.clone())?;
    let mut best: Option<(usize, usize)> = None;
    for (i, _) in hay.match_indices(key) {
        let at = region.start + i;
        let before = text[..at].chars().next_back();
        if !matches!(
            before,
            None | Some(' ' | '\t' | '\n' | '{' | ',' | '"' | '\'')
        ) {
            continue;
        }
        let mut after = at + key.len();
        if text[after..].starts_with(['"', '\'']) {
            after += 1;
        }
        if !text
            .get(after..region.end)
            .is_some_and(|t| t.starts_with(':'))
            || !matches!(
                text[after + 1..].chars().next(),
                None | Some(' ' | '\t' | '\n' | '\r')
            )
        {
            continue;
        }
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let column = text[line_start..at].chars().count();
        if best.is_none_or(|(c, _)| column < c) {
            best = Some((column, at));
        }
    }
    let (column, at) = best?;
    let key_span = at..at + key.len();
    let colon = at + key.len() + text[at + key.len()..].find(':').unwrap_or(0);
    let line_end = text[colon..].find('\n').map_or(text.len(), |n| colon + n);
    let rest = &text[colon + 1..line_end];
    let lead = rest.len() - rest.trim_start().len();
    let v_start = colon + 1 + lead;
    let first = text[v_start..line_end].chars().next();
    if first.is_none() || first == Some('#') {
        // A block below: the lines indented deeper than the key, or `- ` items at its column.
        let mut end = line_end;
        let mut pos = line_end;
        while pos < region.end {
            let next = pos + 1;
            if next >= region.end {
                break;
            }
            let stop = text[next..].find('\n').map_or(text.len(), |n| next + n);
            let line = &text[next..stop.min(region.end)];
            let trimmed = line.trim_start();
            let indent = line.chars().count() - trimmed.chars().count();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                pos = stop;
                continue;
            }
            if indent > column || (indent == column && trimmed.starts_with("- ")) {
                end = stop.min(region.end);
                pos = stop;
            } else {
                break;
            }
        }
        let body = (line_end + 1).min(end)..end;
        return Some(Entry {
            key: key_span.clone(),
            value: key_span,
            body,
        });
    }
    let in_flow = matches!(text[..at].trim_end().chars().next_back(), Some('{' | ','));
    let end = match first {
        Some(open @ ('{' | '[')) => {
            let close = if open == '{' { '}' } else { ']' };
            let mut depth = 0usize;
            let mut end = line_end;
            for (i, c) in text.get(v_start..region.end).unwrap_or("").char_indices() {
                if c == open {
                    depth += 1;
                } else if c == close {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = v_start + i + 1;
                        break;
                    }
                }
            }
            end
        }
        _ => {
            let line = &text[v_start..line_end];
            let mut stop = line.find(" #").unwrap_or(line.len());
            if in_flow {
                stop = stop.min(line.find([',', '}']).unwrap_or(line.len()));
            }
            v_start + line[..stop].trim_end().len()
        }
    };
    let value = v_start..end.max(v_start).min(text.len());
    Some(Entry {
        key: key_span,
        value: value.clone(),
        body: value,
    })
}

/// One organization's block of the file, for diagnostics of its fields.
struct Item<'a> {
    rel: &'a Path,
    text: &'a str,
    block: Range<usize>,
    id: &'a str,
}

impl Item<'_> {
    /// The key's entry in `region` (the organization's block, or a nested value's body).
    fn entry(&self, region: &Range<usize>, key: &str) -> Option<Entry> {
        find_key(self.text, region.clone(), key)
    }

    /// The span of a key's value, or of the region's start when the key is not found.
    fn value_span(&self, region: &Range<usize>, key: &str) -> Range<usize> {
        self.entry(region, key)
            .map_or(region.start..region.start + 1, |e| e.value)
    }

    /// The span of a word inside `region` (an item of a flow list, a value), or the region.
    fn word_span(&self, region: &Range<usize>, word: &str) -> Range<usize> {
        self.text[region.clone()]
            .find(word)
            .map_or(region.clone(), |i| {
                region.start + i..region.start + i + word.len()
            })
    }

    fn error(&self, code: &'static str, span: Range<usize>, message: String) -> Diagnostic {
        Diagnostic::error(code, self.rel, message).at(self.text, span)
    }

    fn warning(&self, code: &'static str, span: Range<usize>, message: String) -> Diagnostic {
        Diagnostic::warning(code, self.rel, message).at(self.text, span)
    }
}

/// The register's fields of one organization, each checked.
#[derive(Default)]
struct Register {
    kind: Option<String>,
    mentoring: Option<bool>,
    program_since: Option<i32>,
    mentoring_url: Option<String>,
    curator: Option<Curator>,
    figures: Vec<YearFigures>,
}

/// A scalar as text (numbers too), trimmed; `None` for an empty value or a list or mapping.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn read_register(item: &Item, map: &Mapping, diags: &mut Vec<Diagnostic>) -> Register {
    let block = item.block.clone();
    let mut r = Register {
        kind: map
            .get("kind")
            .and_then(scalar)
            .map(|k| kind(item, &block, k, diags)),
        ..Register::default()
    };
    if let Some(v) = map.get("mentoring").filter(|v| !v.is_null()) {
        r.mentoring = match v {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.trim().to_lowercase() == "да" => Some(true),
            Value::String(s) if s.trim().to_lowercase() == "нет" => Some(false),
            _ => {
                diags.push(
                    item.error(
                        "wrong-type",
                        item.value_span(&block, "mentoring"),
                        format!(
                            "в поле mentoring организации «{}» должно быть «да» или «нет»",
                            item.id
                        ),
                    )
                    .with_hint("если организация реализует программу наставничества, напишите mentoring: да, если нет — mentoring: нет"),
                );
                None
            }
        };
    }
    if let Some(v) = map.get("program_since").filter(|v| !v.is_null()) {
        r.program_since = year(v);
        if r.program_since.is_none() {
            diags.push(
                item.error(
                    "bad-year",
                    item.value_span(&block, "program_since"),
                    format!(
                        "в поле program_since организации «{}» должен быть год начала программы",
                        item.id
                    ),
                )
                .with_hint("укажите год четырьмя цифрами, например: program_since: 2021"),
            );
        }
    }
    if r.mentoring == Some(false) && (r.program_since.is_some() || map.contains_key("figures")) {
        diags.push(
            item.warning(
                "mentoring-contradiction",
                item.value_span(&block, "mentoring"),
                format!(
                    "у организации «{}» указано mentoring: нет, но есть год начала программы или показатели",
                    item.id
                ),
            )
            .with_hint("если программа наставничества есть, напишите mentoring: да; если нет — уберите program_since и figures"),
        );
    }
    if let Some(url) = map.get("mentoring_url").and_then(scalar) {
        if url.starts_with("https://") || url.starts_with("http://") {
            r.mentoring_url = Some(url);
        } else {
            diags.push(
                item.error(
                    "bad-url",
                    item.value_span(&block, "mentoring_url"),
                    format!("адрес страницы «Наставничество» «{url}» должен начинаться с https:// или http://"),
                )
                .with_hint("скопируйте адрес страницы из строки адреса браузера целиком, например: mentoring_url: https://sh40.example.org/nastavnichestvo/"),
            );
        }
    }
    if let Some(v) = map.get("curator").filter(|v| !v.is_null()) {
        r.curator = curator(item, v, diags);
    }
    if let Some(v) = map.get("figures").filter(|v| !v.is_null()) {
        r.figures = figures(item, v, diags);
    }
    r
}

/// A year written as a number (or as digits in quotes) within [`YEARS`].
fn year(v: &Value) -> Option<i32> {
    let n = match v {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    YEARS.contains(&n).then(|| i32::try_from(n).ok()).flatten()
}

/// The organization's kind, as the fixed list spells it; another value is kept as written with
/// a warning naming the nearest known kind.
fn kind(item: &Item, block: &Range<usize>, value: String, diags: &mut Vec<Diagnostic>) -> String {
    if let Some(known) = KINDS
        .iter()
        .find(|k| k.to_lowercase() == value.to_lowercase())
    {
        return (*known).to_string();
    }
    let hint = match closest(&value, KINDS.iter().copied()) {
        Some(c) => format!(
            "возможно, вы имели в виду «{c}»; допустимые типы: {}",
            KINDS.join(", ")
        ),
        None => format!("допустимые типы: {}", KINDS.join(", ")),
    };
    diags.push(
        item.warning(
            "unknown-kind",
            item.value_span(block, "kind"),
            format!("тип организации «{value}» не из списка"),
        )
        .with_hint(hint),
    );
    value
}

/// The curator's fields, then only those named in `publish` ([`Curator::published`]).
fn curator(item: &Item, v: &Value, diags: &mut Vec<Diagnostic>) -> Option<Curator> {
    let block = item.block.clone();
    let entry = item.entry(&block, "curator");
    let (key_span, body) = entry
        .map(|e| (e.key, e.body))
        .unwrap_or((block.start..block.start + 1, block.clone()));
    let Value::Mapping(map) = v else {
        diags.push(
            item.error(
                "wrong-type",
                key_span,
                format!("куратор организации «{}» записывается набором полей", item.id),
            )
            .with_hint("например:\n  curator:\n    name: Иванова Анна Петровна\n    position: заместитель директора\n    email: nastavnik@sh40.example.org\n    publish: [name, position, email]"),
        );
        return None;
    };
    for key in map.keys().filter_map(Value::as_str) {
        if !CURATOR_KEYS.contains(&key) {
            let hint = match closest(key, CURATOR_KEYS.iter().copied()) {
                Some(c) => format!("возможно, вы имели в виду «{c}»"),
                None => format!("допустимые поля куратора: {}", CURATOR_KEYS.join(", ")),
            };
            diags.push(
                item.error(
                    "unknown-field",
                    item.entry(&body, key).map_or(key_span.clone(), |e| e.key),
                    format!("неизвестное поле куратора «{key}»"),
                )
                .with_hint(hint),
            );
        }
    }
    let field = |k: &str| map.get(k).and_then(scalar);
    let mut all = Curator {
        name: field("name"),
        position: field("position"),
        phone: field("phone"),
        email: field("email"),
    };
    if let Some(phone) = all.phone.take() {
        if is_phone(&phone) {
            all.phone = Some(phone);
        } else {
            diags.push(
                item.error(
                    "bad-phone",
                    item.value_span(&body, "phone"),
                    format!("«{phone}» не похоже на номер телефона"),
                )
                .with_hint("в номере могут быть цифры, пробелы, «+», скобки и дефисы, например: phone: +7 (4812) 38-00-40"),
            );
        }
    }
    if let Some(email) = all.email.take() {
        if is_email(&email) {
            all.email = Some(email);
        } else {
            diags.push(
                item.error(
                    "bad-email",
                    item.value_span(&body, "email"),
                    format!("«{email}» не похоже на адрес электронной почты"),
                )
                .with_hint("адрес пишется целиком, без пробелов, например: email: nastavnik@sh40.example.org"),
            );
        }
    }
    let Some(publish) = map.get("publish") else {
        if all != Curator::default() {
            diags.push(
                item.warning(
                    "curator-unpublished",
                    key_span,
                    format!(
                        "данные куратора организации «{}» не будут опубликованы: не указано, какие из них можно показывать",
                        item.id
                    ),
                )
                .with_hint("добавьте в curator строку publish со списком полей, которые куратор разрешил публиковать, например: publish: [name, position, email]; если публиковать ничего не нужно, напишите publish: []"),
            );
        }
        return None;
    };
    let publish_span = item.value_span(&body, "publish");
    let publish_body = item
        .entry(&body, "publish")
        .map_or(publish_span.clone(), |e| e.body);
    let names: Vec<String> = match publish {
        Value::Null => Vec::new(),
        Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
        other => match scalar(other) {
            Some(one) => vec![one],
            None => {
                diags.push(
                    item.error(
                        "wrong-type",
                        publish_span,
                        "в publish ожидается список полей".to_string(),
                    )
                    .with_hint("например: publish: [name, position, email]"),
                );
                return None;
            }
        },
    };
    let mut fields = Vec::new();
    for name in &names {
        match CuratorField::ALL.iter().find(|f| f.key() == name) {
            Some(&f) => {
                let given = match f {
                    CuratorField::Name => all.name.is_some(),
                    CuratorField::Position => all.position.is_some(),
                    CuratorField::Phone => all.phone.is_some(),
                    CuratorField::Email => all.email.is_some(),
                };
                if !given && map.get(f.key()).and_then(scalar).is_none() {
                    diags.push(
                        item.warning(
                            "publish-missing-field",
                            item.word_span(&publish_body, name),
                            format!("в publish указано «{name}», но у куратора нет этого поля"),
                        )
                        .with_hint(format!(
                            "добавьте в curator строку «{name}: …» или уберите «{name}» из publish"
                        )),
                    );
                }
                fields.push(f);
            }
            None => {
                let keys: Vec<&str> = CuratorField::ALL.iter().map(|f| f.key()).collect();
                let hint = match closest(name, keys.iter().copied()) {
                    Some(c) => format!(
                        "возможно, вы имели в виду «{c}»; можно указать: {}",
                        keys.join(", ")
                    ),
                    None => format!("можно указать: {}", keys.join(", ")),
                };
                diags.push(
                    item.error(
                        "unknown-publish-field",
                        item.word_span(&publish_body, name),
                        format!("в publish указано неизвестное поле куратора «{name}»"),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    Curator::published(all, &fields)
}

/// Digits, spaces, «+», brackets and hyphens, with 5 to 15 digits.
fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (5..=15).contains(&digits)
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-' | '\u{a0}'))
}

/// One «@» between a name and a domain with a dot, no blanks.
fn is_email(s: &str) -> bool {
    let Some((user, domain)) = s.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

/// `figures`: a mapping of years to counts.
fn figures(item: &Item, v: &Value, diags: &mut Vec<Diagnostic>) -> Vec<YearFigures> {
    let block = item.block.clone();
    let entry = item.entry(&block, "figures");
    let (key_span, body) = entry
        .map(|e| (e.key, e.body))
        .unwrap_or((block.start..block.start + 1, block.clone()));
    const EXAMPLE: &str =
        "например:\n  figures:\n    2024: {pairs: 12, groups: 2, mentors: 14, mentees: 16}";
    let Value::Mapping(years) = v else {
        diags.push(
            item.error(
                "wrong-type",
                key_span,
                format!("показатели организации «{}» записываются по годам", item.id),
            )
            .with_hint(EXAMPLE),
        );
        return Vec::new();
    };
    let mut out: Vec<YearFigures> = Vec::new();
    for (k, counts) in years {
        let written = scalar(k).unwrap_or_default();
        let year_entry = item.entry(&body, &written);
        let year_span = year_entry
            .as_ref()
            .map_or(key_span.clone(), |e| e.key.clone());
        let Some(y) = year(k) else {
            diags.push(
                item.error(
                    "bad-year",
                    year_span,
                    format!("«{written}» в показателях должно быть годом"),
                )
                .with_hint(EXAMPLE),
            );
            continue;
        };
        if out.iter().any(|f| f.year == y) {
            diags.push(
                item.error(
                    "duplicate-year",
                    year_span,
                    format!("показатели за {y} год указаны дважды"),
                )
                .with_hint("оставьте одну строку за каждый год"),
            );
            continue;
        }
        let region = year_entry.map_or(body.clone(), |e| e.body);
        let Value::Mapping(counts) = counts else {
            diags.push(
                item.error(
                    "wrong-type",
                    region.start..region.end.max(region.start + 1),
                    format!(
                        "показатели за {y} год записываются полями pairs, groups, mentors, mentees"
                    ),
                )
                .with_hint(EXAMPLE),
            );
            continue;
        };
        let mut f = YearFigures {
            year: y,
            ..YearFigures::default()
        };
        for (key, value) in counts {
            let key = scalar(key).unwrap_or_default();
            let key_at = item.entry(&region, &key);
            let slot = match key.as_str() {
                "pairs" => &mut f.pairs,
                "groups" => &mut f.groups,
                "mentors" => &mut f.mentors,
                "mentees" => &mut f.mentees,
                _ => {
                    let hint = match closest(&key, FIGURE_KEYS.iter().copied()) {
                        Some(c) => format!("возможно, вы имели в виду «{c}»; показатели: pairs (пары), groups (группы), mentors (наставники), mentees (наставляемые)"),
                        None => "показатели: pairs (пары), groups (группы), mentors (наставники), mentees (наставляемые)".to_string(),
                    };
                    diags.push(
                        item.error(
                            "unknown-field",
                            key_at.map_or(region.start..region.start + 1, |e| e.key),
                            format!("неизвестный показатель «{key}»"),
                        )
                        .with_hint(hint),
                    );
                    continue;
                }
            };
            match value.as_u64().filter(|&n| n <= MAX_FIGURE) {
                Some(n) => *slot = u32::try_from(n).ok(),
                None => {
                    diags.push(
                        item.error(
                            "not-a-number",
                            key_at.map_or(region.start..region.start + 1, |e| e.value),
                            format!("показатель {key} за {y} год должен быть целым неотрицательным числом"),
                        )
                        .with_hint("в показателях только числа, например: pairs: 12; имена наставников и наставляемых сюда не пишутся"),
                    );
                }
            }
        }
        out.push(f);
    }
    out.sort_by_key(|f| f.year);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_with_positions() {
        let text = "- id: sh-40\n  name: Школа № 40\n  short: СШ № 40\n- id: sh-40\n  name: Дубль\n- id: ds-15\n  nmae: Детский сад\n";
        let (orgs, diags) = parse(Path::new(FILE), text);
        assert_eq!(orgs.len(), 1);
        assert_eq!(orgs[0].path, "organizations/sh-40/");
        let codes: Vec<_> = diags.iter().map(|d| (d.code, d.line())).collect();
        assert!(codes.contains(&("duplicate-id", Some(4))), "{codes:?}");
        assert!(codes.contains(&("unknown-field", Some(7))), "{codes:?}");
    }

    #[test]
    fn anchors_and_aliases_are_refused_before_parsing() {
        let text = "- id: sh-40\n  name: &n Школа № 40\n- id: sh-16\n  name: *n\n";
        let (orgs, diags) = parse(Path::new(FILE), text);
        assert!(orgs.is_empty());
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, "yaml-anchor");
        assert_eq!(diags[0].line(), Some(2));
        assert_eq!(diags[0].location.as_ref().unwrap().column, 9);
        // A star or an ampersand inside a name is text.
        let text = "- id: sh-40\n  name: Школа * & «Лидер»\n  short: \"*СШ*\"\n";
        let (orgs, diags) = parse(Path::new(FILE), text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(orgs[0].short, "*СШ*");
    }

    const REGISTER: &str = "\
- id: sh-40
  name: Школа № 40
  kind: школа
  district: Промышленный
  mentoring: да
  program_since: 2021
  mentoring_url: https://sh40.example.org/nastavnichestvo/
  curator:
    name: Максименкова Татьяна Сергеевна
    position: заместитель директора
    phone: +7 (4812) 55-12-40
    email: nastavnik@sh40.example.org
    publish: [position, email]
  figures:
    2024: {pairs: 22, groups: 4, mentors: 25, mentees: 30}
    2023:
      pairs: 18
      groups: 3
- id: cdo
  name: Центр дополнительного образования
  kind: учреждение до
";

    #[test]
    fn register_fields_and_only_published_curator_fields() {
        let (orgs, diags) = parse(Path::new(FILE), REGISTER);
        assert!(diags.is_empty(), "{diags:?}");
        let o = &orgs[0];
        assert_eq!(o.district.as_deref(), Some("Промышленный"));
        assert_eq!(o.mentoring, Some(true));
        assert_eq!(o.program_since, Some(2021));
        let c = o.curator.as_ref().expect("published fields");
        assert_eq!(c.name, None);
        assert_eq!(c.phone, None);
        assert_eq!(c.position.as_deref(), Some("заместитель директора"));
        assert_eq!(c.email.as_deref(), Some("nastavnik@sh40.example.org"));
        // Nothing of the unpublished fields is anywhere in the model.
        let debug = format!("{orgs:?}");
        assert!(
            !debug.contains("Максименкова") && !debug.contains("55-12-40"),
            "{debug}"
        );
        assert_eq!(
            o.figures,
            vec![
                YearFigures {
                    year: 2023,
                    pairs: Some(18),
                    groups: Some(3),
                    mentors: None,
                    mentees: None
                },
                YearFigures {
                    year: 2024,
                    pairs: Some(22),
                    groups: Some(4),
                    mentors: Some(25),
                    mentees: Some(30)
                },
            ]
        );
        // The kind is spelt as the list spells it.
        assert_eq!(orgs[1].kind.as_deref(), Some("учреждение ДО"));
        assert_eq!(orgs[1].curator, None);
    }

    /// Each diagnostic's code, line and column, for the assertions below.
    fn places(text: &str) -> Vec<(&'static str, usize, usize, String, String)> {
        let (_, diags) = parse(Path::new(FILE), text);
        diags
            .iter()
            .map(|d| {
                let l = d.location.as_ref().expect("a position");
                (
                    d.code,
                    l.line,
                    l.column,
                    d.message.clone(),
                    d.hint.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    fn one(text: &str) -> (&'static str, usize, usize, String, String) {
        let all = places(text);
        assert_eq!(all.len(), 1, "{all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn unknown_kind_is_a_warning_naming_the_nearest() {
        let text = "- id: g1\n  name: Гимназия\n  kind: гимнозия\n";
        let (orgs, diags) = parse(Path::new(FILE), text);
        assert_eq!(orgs[0].kind.as_deref(), Some("гимнозия"));
        assert!(!diags[0].is_error());
        let (code, line, col, msg, hint) = one(text);
        assert_eq!((code, line, col), ("unknown-kind", 3, 9));
        assert!(msg.contains("«гимнозия»"), "{msg}");
        assert!(hint.contains("«гимназия»"), "{hint}");
    }

    #[test]
    fn curator_without_publish_is_a_warning_at_the_curator() {
        let text = "- id: s\n  name: Школа\n  curator:\n    name: Иванова Анна Петровна\n    email: a@b.ru\n";
        let (orgs, diags) = parse(Path::new(FILE), text);
        assert_eq!(orgs[0].curator, None);
        assert!(!diags[0].is_error());
        let (code, line, col, msg, hint) = one(text);
        assert_eq!((code, line, col), ("curator-unpublished", 3, 3));
        assert!(msg.contains("не будут опубликованы"), "{msg}");
        assert!(hint.contains("publish: [name, position, email]"), "{hint}");
        // An explicit empty list publishes nothing, and quietly.
        let quiet = format!("{text}    publish: []\n");
        let (orgs, diags) = parse(Path::new(FILE), &quiet);
        assert!(diags.is_empty() && orgs[0].curator.is_none(), "{diags:?}");
    }

    #[test]
    fn curator_mistakes_have_positions_and_hints() {
        let base = "- id: s\n  name: Школа\n  curator:\n";
        let (code, line, col, _, hint) =
            one(&format!("{base}    nmae: Иванова\n    publish: []\n"));
        assert_eq!((code, line, col), ("unknown-field", 4, 5));
        assert!(hint.contains("«name»"), "{hint}");
        let (code, line, col, _, hint) =
            one(&format!("{base}    email: Иванова\n    publish: [email]\n"));
        assert_eq!((code, line, col), ("bad-email", 4, 12));
        assert!(hint.contains("без пробелов"), "{hint}");
        let (code, line, col, _, _) = one(&format!(
            "{base}    phone: позвонить\n    publish: [phone]\n"
        ));
        assert_eq!((code, line, col), ("bad-phone", 4, 12));
        let (code, line, col, msg, hint) =
            one(&format!("{base}    email: a@b.ru\n    publish: [emial]\n"));
        assert_eq!((code, line, col), ("unknown-publish-field", 5, 15));
        assert!(
            msg.contains("«emial»") && hint.contains("«email»"),
            "{msg} {hint}"
        );
        let (code, line, col, _, _) = one(&format!(
            "{base}    email: a@b.ru\n    publish: [email, phone]\n"
        ));
        assert_eq!((code, line, col), ("publish-missing-field", 5, 22));
    }

    #[test]
    fn programme_and_figure_mistakes_have_positions_and_hints() {
        let base = "- id: s\n  name: Школа\n";
        let (code, line, col, _, hint) = one(&format!("{base}  mentoring: возможно\n"));
        assert_eq!((code, line, col), ("wrong-type", 3, 14));
        assert!(hint.contains("mentoring: да"), "{hint}");
        let (code, line, col, _, _) = one(&format!("{base}  program_since: с 2021 года\n"));
        assert_eq!((code, line, col), ("bad-year", 3, 18));
        let (code, line, col, _, _) = one(&format!("{base}  mentoring_url: sh40.example.org\n"));
        assert_eq!((code, line, col), ("bad-url", 3, 18));
        let (code, line, col, _, hint) = one(&format!(
            "{base}  figures:\n    2024: {{pairs: 12, groups: Иванов}}\n"
        ));
        assert_eq!((code, line, col), ("not-a-number", 4, 31));
        assert!(hint.contains("имена"), "{hint}");
        let (code, line, col, _, hint) = one(&format!(
            "{base}  figures:\n    2024:\n      pairs: 3\n      mentes: 4\n"
        ));
        assert_eq!((code, line, col), ("unknown-field", 6, 7));
        assert!(hint.contains("«mentees»"), "{hint}");
        let (code, line, col, _, _) = one(&format!("{base}  figures:\n    24: {{pairs: 3}}\n"));
        assert_eq!((code, line, col), ("bad-year", 4, 5));
        let (code, line, col, _, _) =
            one(&format!("{base}  mentoring: нет\n  program_since: 2020\n"));
        assert_eq!((code, line, col), ("mentoring-contradiction", 3, 14));
    }

    /// Every prefix of a register entry (a file cut anywhere, as by a half-saved edit) and
    /// every line removed parse without a panic, each mistake with a position.
    #[test]
    fn cut_and_damaged_files_never_panic() {
        for (cut, _) in REGISTER.char_indices() {
            let (_, diags) = parse(Path::new(FILE), &REGISTER[..cut]);
            assert!(
                diags.iter().all(|d| d.location.is_some()),
                "{cut}: {diags:?}"
            );
        }
        let lines: Vec<&str> = REGISTER.lines().collect();
        for skip in 0..lines.len() {
            let text: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, l)| *l)
                .collect();
            let _ = parse(Path::new(FILE), &text.join("\n"));
        }
    }
}
