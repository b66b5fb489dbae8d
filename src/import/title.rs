//! An event's title from a plan row: the row's name without list numbering, outer quotes or
//! clipboard HTML, shortened when it is the intro to an inline list.
//!
//! Plans name events in sentences written for a printed table («1. Разработка и утверждение
//! документов: - План…; - Положение…»). A title is shown in lists and calendars and becomes the
//! file name, so it is cleaned up here; nothing is lost, since the writer puts the full text into
//! the event's body whenever the title shortened it.

use super::clipboard::{html_to_text, inline_list, split_enumerated};
use super::table::{PlanRow, clean_inline};

/// The event's title: the row's name without list numbering («1. »), outer quotes or clipboard
/// HTML. A name that is an intro to an inline list («…документов: - План…; - Положение…») keeps
/// just the intro when that is a title by itself, and the whole list goes to the body.
pub fn event_title(row: &PlanRow) -> String {
    title_parts(row).0
}

/// `(title, full text when the title is a shortened form of it)`.
/// The title comes from the first of the name, details and result cells that gives one; a cell
/// of clipboard markup only (`</div>`, `<b></b>`) or of a bare number gives none.
pub(super) fn title_parts(row: &PlanRow) -> (String, Option<String>) {
    [&row.title, &row.details, &row.result]
        .into_iter()
        .find_map(|cell| parts_of(cell))
        .unwrap_or_else(|| (format!("Без названия (строка {})", row.line), None))
}

/// Whether the row's name cell gives a title by itself: a row without one is a draft.
pub(super) fn has_own_title(row: &PlanRow) -> bool {
    parts_of(&row.title).is_some()
}

/// `(title, full text)` from one cell, `None` when nothing of a title is left after clean-up.
fn parts_of(cell: &str) -> Option<(String, Option<String>)> {
    let cleaned = clean_inline(&html_to_text(cell, false));
    // «1. Консультации. 2. Курсы.» in one cell: the first item names the event, the body lists all.
    let (title, full) = if let Some(items) = split_enumerated(&cleaned) {
        (
            trim_title_dot(strip_enumerator(&items[0])).to_string(),
            Some(cleaned),
        )
    } else {
        let plain = trim_title_dot(strip_outer_quotes(strip_enumerator(&cleaned)));
        match inline_list(plain) {
            Some((intro, _)) if intro.chars().count() >= 60 => {
                (intro.to_string(), Some(plain.to_string()))
            }
            Some((intro, items)) => (format!("{intro}: {}", items.join("; ")), None),
            None => (plain.to_string(), None),
        }
    };
    (!title.trim().is_empty()).then_some((title, full))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str) -> PlanRow {
        PlanRow {
            line: 41,
            title: title.into(),
            ..PlanRow::default()
        }
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
}
