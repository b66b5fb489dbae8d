//! What the editor makes of a date field: every form the date model reads (`10.04.2023 15:00`,
//! `2023-04`, `2023-Q1`), and every form of Russian plan wording that names one date or one
//! span without repetition («10 октября 2022», «апрель 2023», «апрель–май 2023», «I квартал
//! 2023», «с 10.10.2022 по 15.10.2022»).
//!
//! The wording is read by the one reader of plan wording ([`crate::when::plan::parse_cell`]),
//! the same that `import plan` uses, so the editor and the import never disagree about what a
//! phrase means. Wording that says more than a date (a deadline «до …», «ежегодно», several
//! dates, a remark) is not read here: the file would lose what the editor wrote, so the field
//! keeps its text and the check says what is wrong with it.

use crate::when::plan::{CellDates, parse_cell};
use crate::when::{DatePoint, When};

/// The field's date or span, `None` when it names neither (or more than one).
pub fn read(text: &str) -> Option<When> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(point) = DatePoint::parse(text) {
        return Some(When {
            start: point,
            end: None,
        });
    }
    match parse_cell(text, None) {
        CellDates::Dated(dates) => match dates.as_slice() {
            [only] if only.repeat.is_none() && only.note.is_none() => {
                When::new(only.when.start, only.when.end).ok()
            }
            _ => None,
        },
        CellDates::Undated { .. } => None,
    }
}

/// What the form shows under a date field: the date or span in words, and for a span typed
/// into an event's start, what will be written to its two fields.
pub fn understood(text: &str, splits_into_end: bool) -> Option<String> {
    let when = read(text)?;
    let words = crate::when::format_when(&when);
    match when.end {
        Some(end) if splits_into_end => Some(format!(
            "{words} (запишется: начало {}, окончание {end})",
            when.start
        )),
        Some(_) => Some(format!("{words} — это промежуток, а здесь нужна одна дата")),
        None => Some(words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(text: &str) -> Option<(String, Option<String>)> {
        read(text).map(|w| (w.start.to_string(), w.end.map(|e| e.to_string())))
    }

    #[test]
    fn the_date_models_forms_and_plan_wording_are_read() {
        assert_eq!(
            points("10.04.2023 15:00"),
            Some(("2023-04-10 15:00".into(), None))
        );
        assert_eq!(points("2023-Q1"), Some(("2023-Q1".into(), None)));
        assert_eq!(points("апрель 2023"), Some(("2023-04".into(), None)));
        assert_eq!(points("10 октября 2022"), Some(("2022-10-10".into(), None)));
        assert_eq!(
            points("апрель–май 2023"),
            Some(("2023-04".into(), Some("2023-05".into())))
        );
        assert_eq!(
            points("апрель - май 2023"),
            Some(("2023-04".into(), Some("2023-05".into())))
        );
        assert_eq!(
            points("с 10.10.2022 по 15.10.2022"),
            Some(("2022-10-10".into(), Some("2022-10-15".into())))
        );
    }

    #[test]
    fn wording_that_says_more_than_one_date_is_not_read() {
        for text in [
            "",
            "постоянно",
            "до 30.06.2023",
            "ежегодно (июнь, декабрь)",
            "февраль - март 2023, февраль - март 2024",
            "апрель",
            "31.02.2023",
        ] {
            assert_eq!(points(text), None, "{text}");
        }
    }

    #[test]
    fn a_span_in_an_events_start_says_what_is_written() {
        let shown = understood("апрель–май 2023", true).expect("read");
        assert!(
            shown.contains("начало 2023-04, окончание 2023-05"),
            "{shown}"
        );
        let single = understood("апрель–май 2023", false).expect("read");
        assert!(single.contains("нужна одна дата"), "{single}");
    }
}
