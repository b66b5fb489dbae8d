//! Russian names of months and weekdays, and dates and date ranges as the site shows them.
//!
//! Typographic choices, following common Russian editorial practice:
//! - a non-breaking space between the day and the month («10 октября»), between the year and
//!   «г.» («2022 г.») and between a Roman quarter number and «квартал» («I квартал»), so a line
//!   never starts with a bare «г.» or a month name cut off from its number; an ordinary space
//!   between the month and the year, where a break is acceptable;
//! - an en dash «–» without spaces between two numbers or two month names within one year
//!   («10–14 октября», «апрель–май», «15:00–17:00»);
//! - an en dash with spaces where it joins two complete dates («30 сентября – 2 октября»), the
//!   space before it non-breaking so the dash never starts a line;
//! - times as `15:00` and `9:00`, without a leading zero for the hour, as Russian prose writes
//!   them;
//! - «г.» is written once, after the last year of a range in the same year.
//!
//! Functions taking a month or quarter number return `None` for numbers out of range instead of
//! guessing: such numbers come from templates, where a wrong argument must surface as an error.

use jiff::civil::{Date, Time, Weekday};

use crate::when::{DatePoint, When, Yearly};

const NBSP: char = '\u{a0}';
/// The separator between two complete dates: a non-breaking space, an en dash and a space.
const RANGE: &str = "\u{a0}– ";

pub const MONTHS_NOMINATIVE: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// Capitalised nominative, for headings such as «Январь 2023».
pub const MONTHS_TITLE: [&str; 12] = [
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
];

/// Genitive, used after a day number: «10 октября».
pub const MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Prepositional, used after «в»: «в октябре».
pub const MONTHS_PREPOSITIONAL: [&str; 12] = [
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
];

/// Short weekday names, Monday first as in Russian calendars.
pub const WEEKDAYS_SHORT: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];

/// Full weekday names, Monday first.
pub const WEEKDAYS_FULL: [&str; 7] = [
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
];

fn month_index(month: i8) -> Option<usize> {
    (1..=12)
        .contains(&month)
        .then(|| usize::from(month.unsigned_abs()) - 1)
}

/// «январь» for 1; `None` outside 1..=12.
pub fn month_nominative(month: i8) -> Option<&'static str> {
    month_index(month).map(|i| MONTHS_NOMINATIVE[i])
}

/// «Январь» for 1; `None` outside 1..=12.
pub fn month_title(month: i8) -> Option<&'static str> {
    month_index(month).map(|i| MONTHS_TITLE[i])
}

/// «января» for 1; `None` outside 1..=12.
pub fn month_genitive(month: i8) -> Option<&'static str> {
    month_index(month).map(|i| MONTHS_GENITIVE[i])
}

/// «январе» for 1; `None` outside 1..=12.
pub fn month_prepositional(month: i8) -> Option<&'static str> {
    month_index(month).map(|i| MONTHS_PREPOSITIONAL[i])
}

/// «пн» … «вс».
pub fn weekday_short(weekday: Weekday) -> &'static str {
    WEEKDAYS_SHORT[usize::from(weekday.to_monday_zero_offset().unsigned_abs())]
}

/// «понедельник» … «воскресенье».
pub fn weekday_full(weekday: Weekday) -> &'static str {
    WEEKDAYS_FULL[usize::from(weekday.to_monday_zero_offset().unsigned_abs())]
}

/// The month of a valid date; a `Date` always has a month in 1..=12.
fn genitive_of(date: Date) -> &'static str {
    MONTHS_GENITIVE[usize::from(date.month().unsigned_abs()) - 1]
}

fn day_month(date: Date) -> String {
    format!("{}{NBSP}{}", date.day(), genitive_of(date))
}

/// «10 октября 2022 г.»
pub fn format_date(date: Date) -> String {
    format!("{} {}{NBSP}г.", day_month(date), date.year())
}

/// «10.10.2022», the form of official documents.
pub fn format_date_short(date: Date) -> String {
    format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year())
}

/// «15:00», «9:05»; seconds are shown only when not zero («9:05:30»).
pub fn format_time(time: Time) -> String {
    if time.second() == 0 {
        format!("{}:{:02}", time.hour(), time.minute())
    } else {
        format!("{}:{:02}:{:02}", time.hour(), time.minute(), time.second())
    }
}

/// «Октябрь 2022», for month headings; `None` for a month outside 1..=12.
pub fn format_month_year(year: i16, month: i8) -> Option<String> {
    month_title(month).map(|name| format!("{name} {year}"))
}

/// «I» … «IV»; `None` outside 1..=4.
pub fn quarter_roman(quarter: i8) -> Option<&'static str> {
    match quarter {
        1 => Some("I"),
        2 => Some("II"),
        3 => Some("III"),
        4 => Some("IV"),
        _ => None,
    }
}

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
                format!("{}{RANGE}{}", format_date(a), format_date(b))
            } else if a.month() != b.month() {
                format!(
                    "{}{RANGE}{} {}{NBSP}г.",
                    day_month(a),
                    day_month(b),
                    b.year()
                )
            } else {
                format!(
                    "{}–{}{NBSP}{} {}{NBSP}г.",
                    a.day(),
                    b.day(),
                    genitive_of(b),
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
    format!("{}{RANGE}{}", format_point(start), format_point(end))
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
        (DatePoint::Day(a), None) => out.push_str(&format!(", {}", day_month(a))),
        (DatePoint::Day(a), Some(DatePoint::Day(b))) => {
            if a.month() == b.month() {
                out.push_str(&format!(
                    ", {}–{}{NBSP}{}",
                    a.day(),
                    b.day(),
                    genitive_of(b)
                ));
            } else {
                out.push_str(&format!(", {}{RANGE}{}", day_month(a), day_month(b)));
            }
        }
        (DatePoint::DateTime(a), None) => {
            out.push_str(&format!(
                ", {}, {}",
                day_month(a.date()),
                format_time(a.time())
            ));
        }
        (DatePoint::DateTime(a), Some(DatePoint::DateTime(b))) if a.date() == b.date() => {
            out.push_str(&format!(
                ", {}, {}–{}",
                day_month(a.date()),
                format_time(a.time()),
                format_time(b.time())
            ));
        }
        (DatePoint::DateTime(a), Some(DatePoint::DateTime(b))) => {
            out.push_str(&format!(
                ", {}, {}{RANGE}{}, {}",
                day_month(a.date()),
                format_time(a.time()),
                day_month(b.date()),
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

/// Soft-stem months: the stem takes -ь, -я, -ю, -ем/-ём, -е.
const SOFT_ENDINGS: [&str; 5] = ["ь", "я", "ю", "ем", "е"];
/// Hard-stem months (март, август): -, -а, -у, -ом, -е.
const HARD_ENDINGS: [&str; 5] = ["", "а", "у", "ом", "е"];
/// май: -й, -я, -ю, -ем, -е.
const MAY_ENDINGS: [&str; 5] = ["й", "я", "ю", "ем", "е"];

const MONTH_STEMS: [(&str, &[&str; 5]); 12] = [
    ("январ", &SOFT_ENDINGS),
    ("феврал", &SOFT_ENDINGS),
    ("март", &HARD_ENDINGS),
    ("апрел", &SOFT_ENDINGS),
    ("ма", &MAY_ENDINGS),
    ("июн", &SOFT_ENDINGS),
    ("июл", &SOFT_ENDINGS),
    ("август", &HARD_ENDINGS),
    ("сентябр", &SOFT_ENDINGS),
    ("октябр", &SOFT_ENDINGS),
    ("ноябр", &SOFT_ENDINGS),
    ("декабр", &SOFT_ENDINGS),
];

/// The month number of a Russian month name in any grammatical case (nominative «апрель»,
/// genitive «апреля», dative «апрелю», instrumental «апрелем», prepositional «апреле») and any
/// capitalisation, with `ё` or `е` («январём»). Used to read dates out of imported plans.
/// Abbreviations («сент.») are not accepted: they vary too much to guess safely.
pub fn parse_month_name(s: &str) -> Option<i8> {
    let word = s.trim().to_lowercase().replace('ё', "е");
    MONTH_STEMS
        .iter()
        .zip(1i8..)
        .find_map(|((stem, endings), number)| {
            let ending = word.strip_prefix(stem)?;
            endings.contains(&ending).then_some(number)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn w(start: &str, end: Option<&str>) -> String {
        let start = DatePoint::parse(start).unwrap();
        let end = end.map(|e| When::parse_end(&start, e).unwrap());
        format_when(&When::new(start, end).unwrap())
    }

    /// Writes the expected strings readably: `~` stands for a non-breaking space.
    fn nb(s: &str) -> String {
        s.replace('~', "\u{a0}")
    }

    #[test]
    fn month_names_in_every_case() {
        assert_eq!(month_nominative(1), Some("январь"));
        assert_eq!(month_genitive(10), Some("октября"));
        assert_eq!(month_prepositional(5), Some("мае"));
        assert_eq!(month_title(12), Some("Декабрь"));
        assert_eq!(month_nominative(0), None);
        assert_eq!(month_genitive(13), None);
        assert_eq!(month_title(-1), None);
        for (i, name) in MONTHS_TITLE.iter().enumerate() {
            let lower = name.to_lowercase();
            assert_eq!(lower, MONTHS_NOMINATIVE[i]);
        }
    }

    #[test]
    fn weekdays_start_on_monday() {
        assert_eq!(weekday_short(Weekday::Monday), "пн");
        assert_eq!(weekday_short(Weekday::Sunday), "вс");
        assert_eq!(weekday_full(Weekday::Wednesday), "среда");
        assert_eq!(weekday_full(date(2022, 10, 10).weekday()), "понедельник");
        assert_eq!(WEEKDAYS_SHORT[0], "пн");
    }

    #[test]
    fn single_dates() {
        assert_eq!(format_date(date(2022, 10, 10)), nb("10~октября 2022~г."));
        assert_eq!(format_date(date(2023, 1, 1)), nb("1~января 2023~г."));
        assert_eq!(format_date_short(date(2022, 10, 10)), "10.10.2022");
        assert_eq!(format_date_short(date(2023, 1, 5)), "05.01.2023");
        assert_eq!(format_time(time(15, 0, 0, 0)), "15:00");
        assert_eq!(format_time(time(9, 5, 0, 0)), "9:05");
        assert_eq!(format_time(time(0, 0, 0, 0)), "0:00");
        assert_eq!(format_time(time(9, 5, 30, 0)), "9:05:30");
        assert_eq!(format_month_year(2022, 10).as_deref(), Some("Октябрь 2022"));
        assert_eq!(format_month_year(2023, 1).as_deref(), Some("Январь 2023"));
        assert_eq!(format_month_year(2023, 13), None);
        assert_eq!(quarter_roman(1), Some("I"));
        assert_eq!(quarter_roman(3), Some("III"));
        assert_eq!(quarter_roman(4), Some("IV"));
        assert_eq!(quarter_roman(0), None);
        assert_eq!(quarter_roman(5), None);
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
    fn month_names_in_any_case_form() {
        for (word, month) in [
            ("апрель", 4),
            ("Апреля", 4),
            ("апреле", 4),
            ("АПРЕЛЮ", 4),
            ("апрелем", 4),
            ("сентябрь", 9),
            ("январём", 1),
            ("январем", 1),
            ("март", 3),
            ("марта", 3),
            ("мартом", 3),
            ("август", 8),
            ("августе", 8),
            ("май", 5),
            ("мая", 5),
            ("мае", 5),
            ("Маем", 5),
            ("  декабря ", 12),
            ("июнь", 6),
            ("июля", 7),
            ("февраля", 2),
            ("ноябре", 11),
            ("октябрь", 10),
        ] {
            assert_eq!(parse_month_name(word), Some(month), "{word}");
        }
        for word in [
            "",
            "ма",
            "мар",
            "маяк",
            "апрельский",
            "сент.",
            "april",
            "июн",
            "январ",
            "мартя",
        ] {
            assert_eq!(parse_month_name(word), None, "{word}");
        }
        for (i, name) in MONTHS_GENITIVE.iter().enumerate() {
            assert_eq!(parse_month_name(name), Some(i as i8 + 1));
            assert_eq!(parse_month_name(MONTHS_PREPOSITIONAL[i]), Some(i as i8 + 1));
            assert_eq!(parse_month_name(MONTHS_TITLE[i]), Some(i as i8 + 1));
        }
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
