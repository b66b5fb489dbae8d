//! Russian names of months, weekdays and quarters, single dates and times as the site shows
//! them, and month names read back from plans. Pure language knowledge over `jiff` dates: the
//! text of the date model's spans and repeating events, built from these pieces, is in
//! `when::text`, which follows the conventions below.
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

use super::NBSP;

/// The separator between two complete dates («30 сентября – 2 октября»): a non-breaking space,
/// an en dash and a space.
pub const RANGE_SEPARATOR: &str = "\u{a0}– ";

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

/// «октября» for any day of October: the genitive month name of a date, which always has a month
/// in 1..=12.
pub fn month_genitive_of(date: Date) -> &'static str {
    MONTHS_GENITIVE[usize::from(date.month().unsigned_abs()) - 1]
}

/// «10 октября»: a day and its month, without the year.
pub fn format_day_month(date: Date) -> String {
    format!("{}{NBSP}{}", date.day(), month_genitive_of(date))
}

/// «10 октября 2022 г.»
pub fn format_date(date: Date) -> String {
    format!("{} {}{NBSP}г.", format_day_month(date), date.year())
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
        assert_eq!(format_day_month(date(2022, 10, 10)), nb("10~октября"));
        assert_eq!(month_genitive_of(date(2022, 5, 31)), "мая");
        assert_eq!(RANGE_SEPARATOR, nb("~– "));
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
}
