//! `data/organizations.yaml`: the schools, kindergartens and other bodies content refers to by id.

use std::collections::HashSet;
use std::path::Path;

use serde_yaml::Value;

use crate::content::front_matter::yaml_hazard;
use crate::content::model::Organization;
use crate::content::source;
use crate::diagnostic::{Diagnostic, closest};
use crate::urls;

pub const FILE: &str = "data/organizations.yaml";

const KNOWN: &[&str] = &["id", "name", "short", "kind", "address", "url"];

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
        out.push(Organization {
            short: get("short").unwrap_or_else(|| name.clone()),
            name,
            kind: get("kind"),
            address: get("address"),
            url: get("url"),
            path: urls::organization(&id),
            id,
        });
    }
    (out, diags)
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
}
