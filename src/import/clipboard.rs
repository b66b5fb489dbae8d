//! A cell's text as Word puts it on the clipboard, to plain text or Markdown.
//!
//! Word copies a table with some HTML left in its cells (`<p>`, `<i>`, `<ul>`, `&laquo;`), and
//! methodists type lists inline: «документов: - План…; - Положение…», «1. Консультации. 2.
//! Курсы.». This module reads exactly those: it turns known tags and entities into text, and
//! inline lists and numbered items into Markdown lists. Only known tags are touched, so text like
//! «стаж <3 лет» survives.

use super::table::clean_inline;

/// A cell as Markdown: clipboard HTML (`<p>`, `<i>`, `<ul>`) and line breaks become paragraphs,
/// inline lists («: - a; - b») become Markdown lists.
pub(super) fn markdown(cell: &str) -> String {
    html_to_text(cell, true)
        .split('\n')
        .map(clean_inline)
        .filter(|p| !p.is_empty())
        .map(|p| markdown_paragraph(&p))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// One paragraph of a cell as Markdown: numbered items one per line, an inline list
/// («Intro: - a; - b.») as the intro and a Markdown list, a text starting with a dash as a list
/// if it has several items.
pub(super) fn markdown_paragraph(text: &str) -> String {
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

/// «1) Сбор информации. 2) Формирование банка.» → the numbered items, each with its number; `None`
/// unless the text starts with item 1 and has item 2.
pub(super) fn split_enumerated(text: &str) -> Option<Vec<String>> {
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

/// «Intro: - first; - second.» → ("Intro", ["first", "second"]). Only a colon directly followed by
/// a dash starts a list, and only «;» or «.» before a dash separates items, so ordinary dashes
/// («наставников – «установочные сессии»») stay in the text.
pub(super) fn inline_list(text: &str) -> Option<(&str, Vec<String>)> {
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

/// Clipboard HTML to text. Paragraph-like tags become line breaks; with `emphasis`, `<i>`/`<b>`
/// become Markdown `*`/`**`, otherwise they are dropped. Only known tags are touched, so text like
/// «стаж <3 лет» survives.
pub(super) fn html_to_text(text: &str, emphasis: bool) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
