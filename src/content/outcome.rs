//! What a past event achieved: `results` (Markdown: итоги, решения), `participants` (how many
//! took part) and `materials` (links to recordings and presentations published elsewhere;
//! files go into `attachments` as on every page).

use pulldown_cmark::{Event as Md, Parser, Tag, TagEnd};
use serde_yaml::Value;

use crate::content::front_matter::Fields;
use crate::content::model::{Material, Outcome};

/// How long the home page's line of results may be.
const LEAD_CHARS: usize = 220;

/// Reads `results`, `participants` and `materials` of an event.
pub fn outcome(f: &mut Fields<'_>) -> Outcome {
    let results = f.string("results");
    let participants = f.positive_int("participants");
    let materials = materials(f);
    Outcome {
        results_lead: results.as_deref().and_then(lead),
        results,
        results_html: String::new(),
        participants,
        materials,
    }
}

fn materials(f: &mut Fields<'_>) -> Vec<Material> {
    let Some(value) = f.raw("materials") else {
        return Vec::new();
    };
    let example = "materials:\n  - title: Запись трансляции\n    url: https://vk.com/video-123_456";
    let items = match value {
        Value::Sequence(items) => items,
        single @ (Value::String(_) | Value::Mapping(_)) => vec![single],
        _ => {
            let d = f
                .error_at_key(
                    "materials",
                    "wrong-type",
                    "в поле «materials» ожидается список ссылок",
                )
                .with_hint(format!("например:\n{example}"));
            f.diagnostics.push(d);
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for item in items {
        let (url, title) = match &item {
            Value::String(s) => (s.trim().to_string(), None),
            Value::Mapping(m) => {
                let get = |k: &str| {
                    m.get(k)
                        .and_then(Value::as_str)
                        .map(|s| s.trim().to_string())
                };
                let unknown: Vec<String> = m
                    .keys()
                    .filter_map(Value::as_str)
                    .filter(|k| *k != "url" && *k != "title")
                    .map(str::to_string)
                    .collect();
                for k in unknown {
                    let span = f.item_span("materials", &k);
                    let d = f
                        .source()
                        .error_at(
                            "unknown-field",
                            span,
                            format!("неизвестное поле материала «{k}»"),
                        )
                        .with_hint(
                            "у материала бывают только поля url (ссылка) и title (название)",
                        );
                    f.diagnostics.push(d);
                }
                match get("url") {
                    Some(u) => (u, get("title")),
                    None => {
                        let d = f
                            .error_at_key(
                                "materials",
                                "missing-field",
                                "у материала не указана ссылка (поле url)",
                            )
                            .with_hint(format!("например:\n{example}"));
                        f.diagnostics.push(d);
                        continue;
                    }
                }
            }
            _ => {
                let d = f
                    .error_at_key(
                        "materials",
                        "wrong-type",
                        "материал должен быть ссылкой или набором полей url и title",
                    )
                    .with_hint(format!("например:\n{example}"));
                f.diagnostics.push(d);
                continue;
            }
        };
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            let span = f.item_span("materials", &url);
            let d = f
                .source()
                .error_at(
                    "bad-url",
                    span,
                    format!("материал «{url}» — не ссылка, начинающаяся с https://"),
                )
                .with_hint("файлы прикладываются в поле attachments; в materials — ссылки на записи и публикации в интернете, например https://vk.com/video-123_456");
            f.diagnostics.push(d);
            continue;
        }
        let title = title.unwrap_or_else(|| default_title(&url));
        out.push(Material { title, url });
    }
    out
}

/// A link without a title is named by its host: «Видеозапись (rutube.ru)».
fn default_title(url: &str) -> String {
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or("")
        .trim_start_matches("www.");
    let video = [
        "rutube.ru",
        "vk.com",
        "vkvideo.ru",
        "youtube.com",
        "youtu.be",
        "dzen.ru",
    ];
    if video
        .iter()
        .any(|v| host == *v || host.ends_with(&format!(".{v}")))
    {
        format!("Видеозапись ({host})")
    } else {
        format!("Материал ({host})")
    }
}

/// The first paragraph of the results as plain text, cut at a word near [`LEAD_CHARS`].
fn lead(markdown: &str) -> Option<String> {
    let mut text = String::new();
    let mut in_block = false;
    for event in Parser::new(markdown) {
        match event {
            Md::Start(Tag::Paragraph | Tag::Item) => in_block = true,
            Md::End(TagEnd::Paragraph | TagEnd::Item) if !text.trim().is_empty() => break,
            Md::Text(t) | Md::Code(t) if in_block => text.push_str(&t),
            Md::SoftBreak | Md::HardBreak if in_block => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= LEAD_CHARS {
        return Some(text);
    }
    let cut: String = text.chars().take(LEAD_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    Some(format!(
        "{}…",
        cut.trim_end_matches([',', ';', ':', '.', ' '])
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lead_is_the_first_paragraph_as_text() {
        assert_eq!(
            lead("Приняли участие **42** педагога.\nРешено продолжить.\n\n## Решения\n\n- одно")
                .as_deref(),
            Some("Приняли участие 42 педагога. Решено продолжить.")
        );
        assert_eq!(
            lead("- первое решение\n- второе").as_deref(),
            Some("первое решение")
        );
        let long = "слово ".repeat(100);
        let l = lead(&long).unwrap();
        assert!(
            l.ends_with('…') && l.chars().count() <= LEAD_CHARS + 1,
            "{l}"
        );
        assert_eq!(lead("   "), None);
    }

    #[test]
    fn links_without_a_title_are_named_by_their_host() {
        assert_eq!(
            default_title("https://rutube.ru/video/abc/"),
            "Видеозапись (rutube.ru)"
        );
        assert_eq!(
            default_title("https://www.example.org/slides.pdf"),
            "Материал (example.org)"
        );
    }
}
