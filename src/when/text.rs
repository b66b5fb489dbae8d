//! The Russian text of a date model value, as the site shows it: a point, the span of an event
//! and a yearly repeating event. Built from the names and single-date forms of
//! [`crate::ru::dates`], following the typographic conventions listed there (non-breaking
//! spaces, en dashes, «г.» written once).
//!
//! The API is three functions, re-exported from [`crate::when`]:
//! - [`format_point`]: one [`DatePoint`] on its own («апрель 2023 г.»);
//! - [`format_when`]: a [`When`], sharing what its two ends have in common
//!   («10–14 октября 2022 г.»);
//! - [`format_event_when`]: a `When` with its optional [`Yearly`] repetition
//!   («ежегодно в декабре, с 2022 г.»), the text of an event's date on pages and in feeds.

use super::model::{DatePoint, When};
use super::yearly::Yearly;
use crate::ru::NBSP;
use crate::ru::dates::{
    RANGE_SEPARATOR, format_date, format_day_month, format_time, month_genitive_of,
    month_nominative, month_prepositional, quarter_roman,
};

/// One point on its own: «10 октября 2022 г.», «10 октября 2022 г., 15:00», «апрель 2023 г.»,
/// «I квартал 2023 г.». A hand-built month or quarter out of range falls back to its canonical
/// form («2023-13») rather than inventing a name.
pub fn format_point(point: &DatePoint) -> String {
    match *point {
        DatePoint::Day(date) => format_date(date),
        DatePoint::DateTime(dt) => {
            format!("{}, {}", format_date(dt.date()), format_time(dt.time()))
        }
        DatePoint::Month { year, month } => match month_nominative(month) {
            Some(name) => format!("{name} {year}{NBSP}г."),
            None => point.to_string(),
        },
        DatePoint::Quarter { year, quarter } => match quarter_roman(quarter) {
            Some(roman) => format!("{roman}{NBSP}квартал {year}{NBSP}г."),
            None => point.to_string(),
        },
    }
}

/// The span of an event as the site shows it, sharing what the two ends have in common:
///
/// | start / end | shown as |
/// | --- | --- |
/// | one day | «10 октября 2022 г.» |
/// | day with time | «10 октября 2022 г., 15:00» |
/// | same day, two times | «10 октября 2022 г., 15:00–17:00» |
/// | days in one month | «10–14 октября 2022 г.» |
/// | days in one year | «30 сентября – 2 октября 2022 г.» |
/// | days across years | «28 декабря 2022 г. – 3 января 2023 г.» |
/// | times on two days | «10 октября 2022 г., 15:00 – 11 октября 2022 г., 12:00» |
/// | month | «апрель 2023 г.», «апрель–май 2023 г.», «декабрь 2022 г. – январь 2023 г.» |
/// | quarter | «I квартал 2023 г.», «I–II квартал 2023 г.», «IV квартал 2023 г. – I квартал 2024 г.» |
///
/// An end equal to the start is shown as the start alone. Pairs that [`When::new`] rejects
/// (a day and a month, say) can still be built by hand; they are shown as two full points.
pub fn format_when(when: &When) -> String {
    let start = when.start;
    let Some(end) = when.end.filter(|end| *end != start) else {
        return format_point(&start);
    };
    match (start, end) {
        (DatePoint::Day(a), DatePoint::Day(b)) => {
            if a.year() != b.year() {
                format!("{}{RANGE_SEPARATOR}{}", format_date(a), format_date(b))
            } else if a.month() != b.month() {
                format!(
                    "{}{RANGE_SEPARATOR}{} {}{NBSP}г.",
                    format_day_month(a),
                    format_day_month(b),
                    b.year()
                )
            } else {
                format!(
                    "{}–{}{NBSP}{} {}{NBSP}г.",
                    a.day(),
                    b.day(),
                    month_genitive_of(b),
                    b.year()
                )
            }
        }
        (DatePoint::DateTime(a), DatePoint::DateTime(b)) if a.date() == b.date() => format!(
            "{}, {}–{}",
            format_date(a.date()),
            format_time(a.time()),
            format_time(b.time())
        ),
        (
            DatePoint::Month {
                year: y1,
                month: m1,
            },
            DatePoint::Month {
                year: y2,
                month: m2,
            },
        ) if y1 == y2 => match (month_nominative(m1), month_nominative(m2)) {
            (Some(n1), Some(n2)) => format!("{n1}–{n2} {y2}{NBSP}г."),
            _ => full_range(&start, &end),
        },
        (
            DatePoint::Quarter {
                year: y1,
                quarter: q1,
            },
            DatePoint::Quarter {
                year: y2,
                quarter: q2,
            },
        ) if y1 == y2 => match (quarter_roman(q1), quarter_roman(q2)) {
            (Some(r1), Some(r2)) => format!("{r1}–{r2}{NBSP}квартал {y2}{NBSP}г."),
            _ => full_range(&start, &end),
        },
        _ => full_range(&start, &end),
    }
}

fn full_range(start: &DatePoint, end: &DatePoint) -> String {
    format!(
        "{}{RANGE_SEPARATOR}{}",
        format_point(start),
        format_point(end)
    )
}

/// An event with its yearly repetition, or the span alone when it does not repeat:
///
/// | event | shown as |
/// | --- | --- |
/// | a day | «ежегодно, 10 октября, с 2022 г.» |
/// | a day with times | «ежегодно, 10 октября, 15:00–17:00, с 2022 г.» |
/// | days | «ежегодно, 10–14 октября, с 2022 г.» |
/// | a month | «ежегодно в декабре, с 2022 г.» |
/// | months | «ежегодно в апреле–мае, с 2023 г.» |
/// | a quarter | «ежегодно в I квартале, с 2023 г.» |
/// | with `until` and `except` | «ежегодно в декабре, с 2022 по 2025 г., кроме 2024 г.» |
///
/// The first year is always named: a reader of a plan must know since when it holds.
pub fn format_event_when(when: &When, repeat: Option<&Yearly>) -> String {
    let Some(rule) = repeat else {
        return format_when(when);
    };
    let start = when.start;
    let end = when.end.filter(|end| *end != start);
    let mut out = String::from("ежегодно");
    let month_place = |m: i8| month_prepositional(m).unwrap_or("этом месяце");
    match (start, end) {
        (DatePoint::Month { month, .. }, None) => {
            out.push_str(&format!(" в{NBSP}{}", month_place(month)));
        }
        (DatePoint::Month { month: m1, .. }, Some(DatePoint::Month { month: m2, .. })) => {
            out.push_str(&format!(" в{NBSP}{}–{}", month_place(m1), month_place(m2)));
        }
        (DatePoint::Quarter { quarter, .. }, None) => {
            let roman = quarter_roman(quarter).unwrap_or("");
            out.push_str(&format!(" в{NBSP}{roman}{NBSP}квартале"));
        }
        (DatePoint::Quarter { quarter: q1, .. }, Some(DatePoint::Quarter { quarter: q2, .. })) => {
            let (r1, r2) = (
                quarter_roman(q1).unwrap_or(""),
                quarter_roman(q2).unwrap_or(""),
            );
            out.push_str(&format!(" в{NBSP}{r1}–{r2}{NBSP}кварталах"));
        }
        (DatePoint::Day(a), None) => out.push_str(&format!(", {}", format_day_month(a))),
        (DatePoint::Day(a), Some(DatePoint::Day(b))) => {
            if a.month() == b.month() {
                out.push_str(&format!(
                    ", {}–{}{NBSP}{}",
                    a.day(),
                    b.day(),
                    month_genitive_of(b)
                ));
            } else {
                out.push_str(&format!(
                    ", {}{RANGE_SEPARATOR}{}",
                    format_day_month(a),
                    format_day_month(b)
                ));
            }
        }
        (DatePoint::DateTime(a), None) => {
            out.push_str(&format!(
                ", {}, {}",
                format_day_month(a.date()),
                format_time(a.time())
            ));
        }
        (DatePoint::DateTime(a), Some(DatePoint::DateTime(b))) if a.date() == b.date() => {
            out.push_str(&format!(
                ", {}, {}–{}",
                format_day_month(a.date()),
                format_time(a.time()),
                format_time(b.time())
            ));
        }
        (DatePoint::DateTime(a), Some(DatePoint::DateTime(b))) => {
            out.push_str(&format!(
                ", {}, {}{RANGE_SEPARATOR}{}, {}",
                format_day_month(a.date()),
                format_time(a.time()),
                format_day_month(b.date()),
                format_time(b.time())
            ));
        }
        // Pairs `When::new` rejects: the full first occurrence says it unambiguously.
        _ => out.push_str(&format!(", {}", format_when(when))),
    }
    let first = when.first_day().year();
    match rule.last_start().map(|d| d.year()) {
        Some(last) if last == first => out.push_str(&format!(", только в{NBSP}{first}{NBSP}г.")),
        Some(last) => out.push_str(&format!(", с{NBSP}{first} по{NBSP}{last}{NBSP}г.")),
        None => out.push_str(&format!(", с{NBSP}{first}{NBSP}г.")),
    }
    let mut years: Vec<i16> = rule.except.iter().map(|p| p.first_day().year()).collect();
    years.sort_unstable();
    years.dedup();
    if !years.is_empty() {
        let list: Vec<String> = years.iter().map(i16::to_string).collect();
        let abbr = if years.len() == 1 { "г." } else { "гг." };
        out.push_str(&format!(", кроме {}{NBSP}{abbr}", list.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::test_support::p;
    use jiff::civil::date;

    fn w(start: &str, end: Option<&str>) -> String {
        let start = p(start);
        let end = end.map(|e| When::parse_end(&start, e).unwrap());
        format_when(&When::new(start, end).unwrap())
    }

    /// Writes the expected strings readably: `~` stands for a non-breaking space.
    fn nb(s: &str) -> String {
        s.replace('~', "\u{a0}")
    }

    #[test]
    fn every_documented_range_form() {
        let cases = [
            ("2022-10-10", None, "10~октября 2022~г."),
            ("2022-10-10 15:00", None, "10~октября 2022~г., 15:00"),
            (
                "2022-10-10 15:00",
                Some("17:00"),
                "10~октября 2022~г., 15:00–17:00",
            ),
            ("2022-10-10", Some("2022-10-14"), "10–14~октября 2022~г."),
            (
                "2022-09-30",
                Some("2022-10-02"),
                "30~сентября~– 2~октября 2022~г.",
            ),
            (
                "2022-12-28",
                Some("2023-01-03"),
                "28~декабря 2022~г.~– 3~января 2023~г.",
            ),
            ("2023-04", None, "апрель 2023~г."),
            ("2023-04", Some("2023-05"), "апрель–май 2023~г."),
            (
                "2022-12",
                Some("2023-01"),
                "декабрь 2022~г.~– январь 2023~г.",
            ),
            ("2023-Q1", None, "I~квартал 2023~г."),
            ("2023-Q1", Some("2023-Q2"), "I–II~квартал 2023~г."),
            (
                "2023-Q4",
                Some("2024-Q1"),
                "IV~квартал 2023~г.~– I~квартал 2024~г.",
            ),
            (
                "2022-10-10 15:00",
                Some("2022-10-11 12:00"),
                "10~октября 2022~г., 15:00~– 11~октября 2022~г., 12:00",
            ),
        ];
        for (start, end, expected) in cases {
            assert_eq!(w(start, end), nb(expected), "{start} .. {end:?}");
        }
    }

    #[test]
    fn equal_ends_collapse_and_edges_of_years() {
        assert_eq!(
            w("2022-10-10", Some("2022-10-10")),
            nb("10~октября 2022~г.")
        );
        assert_eq!(
            w("2022-10-10 15:00", Some("15:00")),
            nb("10~октября 2022~г., 15:00")
        );
        assert_eq!(w("2023-04", Some("2023-04")), nb("апрель 2023~г."));
        assert_eq!(w("2023-Q2", Some("2023-Q2")), nb("II~квартал 2023~г."));
        assert_eq!(
            w("2022-12-31", Some("2023-01-01")),
            nb("31~декабря 2022~г.~– 1~января 2023~г.")
        );
        assert_eq!(
            w("2024-02-28", Some("2024-02-29")),
            nb("28–29~февраля 2024~г.")
        );
        assert_eq!(
            w("2022-12-31 23:00", Some("2023-01-01 01:00")),
            nb("31~декабря 2022~г., 23:00~– 1~января 2023~г., 1:00")
        );
        assert_eq!(w("2023-01", Some("2023-12")), nb("январь–декабрь 2023~г."));
    }

    #[test]
    fn hand_built_pairs_do_not_panic() {
        let day = DatePoint::Day(date(2022, 10, 10));
        let month = DatePoint::Month {
            year: 2023,
            month: 4,
        };
        let odd = When {
            start: day,
            end: Some(month),
        };
        assert_eq!(format_when(&odd), nb("10~октября 2022~г.~– апрель 2023~г."));
        let broken = When {
            start: DatePoint::Month {
                year: 2023,
                month: 13,
            },
            end: Some(DatePoint::Month {
                year: 2023,
                month: 14,
            }),
        };
        assert_eq!(format_when(&broken), nb("2023-13~– 2023-14"));
        let broken_quarter = DatePoint::Quarter {
            year: 2023,
            quarter: 7,
        };
        assert_eq!(format_point(&broken_quarter), "2023-Q7");
    }

    #[test]
    fn yearly_events_in_russian() {
        use crate::when::{DatePoint, When, Yearly};
        let pt = |s: &str| DatePoint::parse(s).unwrap();
        let w = When::new(pt("2022-12"), None).unwrap();
        let rule = Yearly::new(&w, None, vec![]).unwrap();
        assert_eq!(
            format_event_when(&w, Some(&rule)),
            format!("ежегодно в{0}декабре, с{0}2022{0}г.", '\u{a0}')
        );
        let rule =
            Yearly::new(&w, Some(pt("2025-12")), vec![pt("2024-12"), pt("2023-12")]).unwrap();
        assert_eq!(
            format_event_when(&w, Some(&rule)),
            format!(
                "ежегодно в{0}декабре, с{0}2022 по{0}2025{0}г., кроме 2023, 2024{0}гг.",
                '\u{a0}'
            )
        );
        let w = When::new(pt("2022-10-10"), None).unwrap();
        let rule = Yearly::new(&w, None, vec![]).unwrap();
        assert_eq!(
            format_event_when(&w, Some(&rule)),
            format!("ежегодно, 10{0}октября, с{0}2022{0}г.", '\u{a0}')
        );
        let w = When::new(pt("2022-10-10 15:00"), Some(pt("2022-10-10 17:00"))).unwrap();
        let rule = Yearly::new(&w, None, vec![]).unwrap();
        assert_eq!(
            format_event_when(&w, Some(&rule)),
            format!(
                "ежегодно, 10{0}октября, 15:00–17:00, с{0}2022{0}г.",
                '\u{a0}'
            )
        );
        let w = When::new(pt("2023-Q1"), None).unwrap();
        let rule = Yearly::new(&w, None, vec![]).unwrap();
        assert_eq!(
            format_event_when(&w, Some(&rule)),
            format!("ежегодно в{0}I{0}квартале, с{0}2023{0}г.", '\u{a0}')
        );
        // Without a repetition it is the plain span.
        assert_eq!(format_event_when(&w, None), format_when(&w));
    }
}
