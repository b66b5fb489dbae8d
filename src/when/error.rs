//! The editor's mistakes in dates, in one shape: an [`Error`] holds what kind of mistake it is
//! and the value it is in, and the kind says in Russian what is wrong and how to fix it
//! ([`ErrorKind`]). Diagnostics code reports any of them the same way, whatever field it came
//! from: [`DateError`] for one value, [`WhenError`] for a start/end pair, [`RepeatError`] for a
//! yearly repetition.

use std::fmt;

use jiff::civil::Time;

use super::model::{DatePoint, Precision};
use crate::ru;

/// A kind of mistake an editor can make in a date field, able to explain itself in plain Russian.
/// `input` is the value the mistake is in (see [`Error::input`]); kinds that carry their points
/// need not use it.
pub trait ErrorKind {
    /// What is wrong.
    fn message_ru(&self, input: &str) -> String;
    /// How to fix it.
    fn hint_ru(&self, input: &str) -> String;
}

/// An editor's mistake in a date field: its kind, matched on by code that reports it at a
/// particular place, and the value it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error<K> {
    pub kind: K,
    input: String,
}

/// A mistake in one date value.
pub type DateError = Error<DateErrorKind>;
/// A mistake in the start/end pair of an event.
pub type WhenError = Error<WhenErrorKind>;
/// A mistake in `repeat`, `until` or `except`.
pub type RepeatError = Error<RepeatErrorKind>;

impl<K: ErrorKind> Error<K> {
    pub(super) fn new(kind: K, input: impl Into<String>) -> Error<K> {
        Error {
            kind,
            input: input.into(),
        }
    }

    /// The value the mistake is in: for a value that does not parse, as the editor wrote it
    /// without surrounding whitespace; for points that parsed but do not fit together, the
    /// canonical form of the offending one (the end of a pair; `until`, the `except` item or the
    /// end of a repetition).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What is wrong, in plain Russian.
    pub fn message_ru(&self) -> String {
        self.kind.message_ru(&self.input)
    }

    /// How to fix it, in plain Russian.
    pub fn hint_ru(&self) -> String {
        self.kind.hint_ru(&self.input)
    }
}

impl<K: ErrorKind> fmt::Display for Error<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_ru())
    }
}

impl<K: ErrorKind + fmt::Debug> std::error::Error for Error<K> {}

/// What is wrong with a date value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateErrorKind {
    /// The value is empty or only whitespace.
    Empty,
    /// The value is in none of the accepted forms.
    Unrecognized,
    /// Only a year, e.g. an unquoted `2023` in YAML.
    YearOnly { year: i64 },
    /// Only a time, e.g. `17:00`, where a date is required.
    TimeOnly,
    /// A time after a month or a quarter, e.g. `2023-04 15:00`.
    TimeWithoutDay,
    /// The form is right but the calendar has no such date or time.
    Impossible(Impossible),
}

/// The exact impossibility, so the message can say what is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impossible {
    Year {
        year: i64,
    },
    Month {
        month: i64,
    },
    Day {
        year: i16,
        month: i8,
        day: i64,
        days_in_month: i8,
    },
    Quarter {
        quarter: i64,
    },
    Hour {
        hour: i64,
    },
    Minute {
        minute: i64,
    },
    Second {
        second: i64,
    },
}

/// The accepted forms, shown whenever a value is not recognised.
const ACCEPTED_FORMS: &str = "день — 2022-10-10 или 10.10.2022; \
     день со временем — 2022-10-10 15:00 или 10.10.2022 15:00; \
     месяц — 2023-04; квартал — 2023-Q1";

impl ErrorKind for DateErrorKind {
    fn message_ru(&self, input: &str) -> String {
        match self {
            DateErrorKind::Empty => "Дата не указана.".to_owned(),
            DateErrorKind::Unrecognized => format!(
                "Не удалось распознать дату «{input}». Даты записываются так: {ACCEPTED_FORMS}."
            ),
            DateErrorKind::YearOnly { year } => {
                format!("Указан только год «{year}», а нужна дата, месяц или квартал.")
            }
            DateErrorKind::TimeOnly => format!("Указано только время «{input}», без даты."),
            DateErrorKind::TimeWithoutDay => {
                format!("В «{input}» время указано без дня: время можно добавить только к дате.")
            }
            DateErrorKind::Impossible(what) => {
                let reason = impossible_reason(what);
                match what {
                    Impossible::Hour { .. }
                    | Impossible::Minute { .. }
                    | Impossible::Second { .. } => {
                        format!("Время в «{input}» невозможно: {reason}.")
                    }
                    _ => format!("Дата «{input}» невозможна: {reason}."),
                }
            }
        }
    }

    fn hint_ru(&self, input: &str) -> String {
        match self {
            DateErrorKind::Empty => format!("Укажите дату в одной из форм: {ACCEPTED_FORMS}."),
            DateErrorKind::Unrecognized => unrecognized_hint(input),
            DateErrorKind::YearOnly { year } => format!(
                "Укажите месяц ({year}-04), квартал ({year}-Q1) или день ({year}-04-15). \
                 Если событие идёт весь год, укажите start: {year}-Q1 и end: {year}-Q4."
            ),
            DateErrorKind::TimeOnly => "Укажите дату и время, например 2022-10-10 17:00. \
                 Одно время без даты можно писать только в end, если в start есть время: \
                 start: 2022-10-10 15:00, end: 17:00."
                .to_owned(),
            DateErrorKind::TimeWithoutDay => {
                "Уберите время или укажите день вместе со временем, например 2023-04-15 15:00."
                    .to_owned()
            }
            DateErrorKind::Impossible(what) => impossible_hint(what),
        }
    }
}

fn impossible_reason(what: &Impossible) -> String {
    match *what {
        Impossible::Year { year } => format!("года {year} нет"),
        Impossible::Month { month } => format!("месяца {month} нет"),
        Impossible::Day {
            year,
            month,
            day,
            days_in_month,
        } => {
            if day == 0 {
                "дня 0 в месяце нет".to_owned()
            } else {
                let days = u64::try_from(days_in_month).unwrap_or(0);
                format!(
                    "в {} {year} г. {days} {}",
                    ru::dates::month_prepositional(month).unwrap_or("этом месяце"),
                    ru::plural::plural(days, "день", "дня", "дней")
                )
            }
        }
        Impossible::Quarter { quarter } => format!("квартала {quarter} нет"),
        Impossible::Hour { hour } => format!("часа {hour} нет"),
        Impossible::Minute { minute } => format!("минуты {minute} нет"),
        Impossible::Second { second } => format!("секунды {second} нет"),
    }
}

fn impossible_hint(what: &Impossible) -> String {
    match *what {
        Impossible::Year { .. } => {
            "Проверьте год: он пишется четырьмя цифрами, например 2023.".to_owned()
        }
        Impossible::Month { .. } => "Месяцы нумеруются от 01 до 12. Проверьте, не перепутаны \
             ли местами день и месяц: в 2023-12-01 сначала год, потом месяц, потом день, \
             а в 01.12.2023 — сначала день."
            .to_owned(),
        Impossible::Day {
            year,
            month,
            day,
            days_in_month,
        } => {
            if day == 0 {
                "Числа месяца начинаются с 1.".to_owned()
            } else {
                format!(
                    "Последний день {} {year} г. — {days_in_month}-е ({year:04}-{month:02}-{days_in_month:02}). \
                     Проверьте число и месяц.",
                    ru::dates::month_genitive(month).unwrap_or("месяца"),
                )
            }
        }
        Impossible::Quarter { .. } => {
            "Кварталы нумеруются от 1 до 4: 2023-Q1, 2023-Q2, 2023-Q3, 2023-Q4.".to_owned()
        }
        Impossible::Hour { .. } => {
            "Часы записываются от 0 до 23; полночь — 00:00 следующего дня.".to_owned()
        }
        Impossible::Minute { .. } => "Минуты записываются от 00 до 59.".to_owned(),
        Impossible::Second { .. } => {
            "Секунды записываются от 00 до 59; обычно их можно не указывать.".to_owned()
        }
    }
}

/// Guesses the likely slip behind an unrecognised value, falling back to general advice.
fn unrecognized_hint(input: &str) -> String {
    if input.contains('/') {
        return "Разделяйте части даты дефисом (2022-10-10) или точкой (10.10.2022), \
                а не косой чертой."
            .to_owned();
    }
    let has_month_name = input
        .split(|c: char| !c.is_alphabetic())
        .any(|word| ru::dates::parse_month_name(word).is_some());
    if has_month_name {
        return "Название месяца словами не распознаётся: запишите месяц числом, \
                например 2023-04 для апреля 2023 г. или 2023-04-15 для 15 апреля."
            .to_owned();
    }
    let first_word = input.split_whitespace().next().unwrap_or("");
    let dotted: Vec<&str> = first_word.split('.').collect();
    if dotted.len() == 3 && dotted[2].len() == 2 && dotted[2].bytes().all(|b| b.is_ascii_digit()) {
        return "Год пишется полностью, четырьмя цифрами: 10.10.2022, а не 10.10.22.".to_owned();
    }
    if input.contains(['–', '—']) || input.matches('-').count() > 2 {
        return "Для промежутка укажите начало в start, а окончание — в end.".to_owned();
    }
    "Запишите дату числами, год — четырьмя цифрами, например start: 2022-10-10 \
     или start: 2022-10-10 15:00."
        .to_owned()
}

/// What is wrong with a start/end pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhenErrorKind {
    /// The end comes before the start.
    EndBeforeStart { start: DatePoint, end: DatePoint },
    /// Start and end are of kinds that do not combine, e.g. a day and a month.
    MixedPrecision { start: DatePoint, end: DatePoint },
}

impl ErrorKind for WhenErrorKind {
    fn message_ru(&self, _input: &str) -> String {
        match self {
            WhenErrorKind::EndBeforeStart {
                start: DatePoint::DateTime(a),
                end: DatePoint::DateTime(b),
            } if a.date() == b.date() => format!(
                "Окончание в {} раньше начала в {} ({}).",
                format_hm(b.time()),
                format_hm(a.time()),
                DatePoint::Day(a.date())
            ),
            WhenErrorKind::EndBeforeStart { start, end } => {
                format!("Окончание «{end}» раньше начала «{start}».")
            }
            WhenErrorKind::MixedPrecision { start, end } => format!(
                "Начало и окончание указаны по-разному: начало — {} («{start}»), \
                 окончание — {} («{end}»).",
                start.precision().name_ru(),
                end.precision().name_ru()
            ),
        }
    }

    fn hint_ru(&self, _input: &str) -> String {
        match self {
            WhenErrorKind::EndBeforeStart {
                start: DatePoint::DateTime(a),
                end: DatePoint::DateTime(b),
            } if a.date() == b.date() => {
                let next_day = a.date().tomorrow().unwrap_or(a.date());
                format!(
                    "Время окончания должно быть не раньше времени начала. Если событие \
                     заканчивается на следующий день, укажите в end дату и время: {}.",
                    DatePoint::DateTime(next_day.to_datetime(b.time()))
                )
            }
            WhenErrorKind::EndBeforeStart { .. } => {
                "Окончание (end) не может быть раньше начала (start). Проверьте, не перепутаны \
                 ли они местами и нет ли опечатки в дате."
                    .to_owned()
            }
            WhenErrorKind::MixedPrecision { start, end } => {
                let (s, e) = common_form(start, end);
                format!(
                    "Укажите оба поля в одной форме: оба дня, оба дня со временем (для окончания \
                     в тот же день достаточно времени: end: 17:00), оба месяца или оба квартала. \
                     Например: start: {s}, end: {e}."
                )
            }
        }
    }
}

/// The pair rewritten in the finer of the two kinds, as a concrete suggestion. A day with time
/// becomes a day, since the time of an event that is also given as a month or quarter is unknown.
fn common_form(start: &DatePoint, end: &DatePoint) -> (DatePoint, DatePoint) {
    fn rank(p: &DatePoint) -> u8 {
        match p.precision() {
            Precision::Day | Precision::DateTime => 0,
            Precision::Month => 1,
            Precision::Quarter => 2,
        }
    }
    match rank(start).min(rank(end)) {
        0 => (
            DatePoint::Day(start.first_day()),
            DatePoint::Day(end.last_day()),
        ),
        _ => {
            let (s, e) = (start.first_day(), end.last_day());
            (
                DatePoint::Month {
                    year: s.year(),
                    month: s.month(),
                },
                DatePoint::Month {
                    year: e.year(),
                    month: e.month(),
                },
            )
        }
    }
}

fn format_hm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// What is wrong with a yearly repetition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepeatErrorKind {
    /// `until` ends before the first occurrence starts.
    UntilBeforeStart { start: DatePoint, until: DatePoint },
    /// An `except` value is not the start of any occurrence.
    NotAnOccurrence { start: DatePoint, except: DatePoint },
    /// One occurrence lasts a year or longer, so occurrences would overlap.
    SpanTooLong { start: DatePoint, end: DatePoint },
}

impl ErrorKind for RepeatErrorKind {
    fn message_ru(&self, _input: &str) -> String {
        match self {
            RepeatErrorKind::UntilBeforeStart { start, until } => format!(
                "Повторение заканчивается («until: {until}») раньше первого проведения («start: {start}»)."
            ),
            RepeatErrorKind::NotAnOccurrence { start, except } => format!(
                "Исключение «{except}» не совпадает ни с одним проведением: мероприятие \
                 повторяется ежегодно, начиная с «{start}»."
            ),
            RepeatErrorKind::SpanTooLong { start, end } => format!(
                "Ежегодное мероприятие длится год или дольше («{start}» – «{end}»): проведения \
                 разных лет накладывались бы друг на друга."
            ),
        }
    }

    fn hint_ru(&self, _input: &str) -> String {
        match self {
            RepeatErrorKind::UntilBeforeStart { start, .. } => format!(
                "В until укажите последний год проведения, не раньше начала, например \
                 until: {}.",
                start.shifted_years(3).unwrap_or(*start)
            ),
            RepeatErrorKind::NotAnOccurrence { start, .. } => {
                let example = start.shifted_years(1).unwrap_or(*start);
                let example = match example {
                    DatePoint::DateTime(dt) => DatePoint::Day(dt.date()),
                    other => other,
                };
                format!(
                    "В except перечисляются начала отменённых проведений в той же форме, что и \
                     start, но с другим годом, например except: [{example}]."
                )
            }
            RepeatErrorKind::SpanTooLong { .. } => {
                "Уберите repeat или укажите в start и end одно проведение (например, \
                 start: 2023-12), а повторение задайте полем repeat: yearly."
                    .to_owned()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::test_support::{kind, when};

    #[test]
    fn impossible_dates_say_what_is_impossible() {
        let e = DatePoint::parse("2023-02-30").unwrap_err();
        assert_eq!(
            e.message_ru(),
            "Дата «2023-02-30» невозможна: в феврале 2023 г. 28 дней."
        );
        assert!(e.hint_ru().contains("28-е"), "{}", e.hint_ru());
        assert!(e.hint_ru().contains("2023-02-28"), "{}", e.hint_ru());

        let e = DatePoint::parse("2023-04-31").unwrap_err();
        assert!(e.message_ru().ends_with("в апреле 2023 г. 30 дней."));
        let e = DatePoint::parse("32.01.2023").unwrap_err();
        assert!(e.message_ru().ends_with("в январе 2023 г. 31 день."));
        let e = DatePoint::parse("2024-02-30").unwrap_err();
        assert!(e.message_ru().ends_with("в феврале 2024 г. 29 дней."));

        let e = DatePoint::parse("2023-13-01").unwrap_err();
        assert_eq!(
            e.message_ru(),
            "Дата «2023-13-01» невозможна: месяца 13 нет."
        );
        assert!(e.hint_ru().contains("от 01 до 12"));
        assert_eq!(
            kind("2023-13"),
            DateErrorKind::Impossible(Impossible::Month { month: 13 })
        );
        assert_eq!(
            kind("2023-00"),
            DateErrorKind::Impossible(Impossible::Month { month: 0 })
        );
        assert_eq!(
            kind("01.13.2023"),
            DateErrorKind::Impossible(Impossible::Month { month: 13 })
        );

        let e = DatePoint::parse("2023-Q5").unwrap_err();
        assert_eq!(e.message_ru(), "Дата «2023-Q5» невозможна: квартала 5 нет.");
        assert_eq!(
            kind("2023-Q0"),
            DateErrorKind::Impossible(Impossible::Quarter { quarter: 0 })
        );

        let e = DatePoint::parse("2022-10-10 25:00").unwrap_err();
        assert_eq!(
            e.message_ru(),
            "Время в «2022-10-10 25:00» невозможно: часа 25 нет."
        );
        assert_eq!(
            kind("2022-10-10 24:00"),
            DateErrorKind::Impossible(Impossible::Hour { hour: 24 })
        );
        assert_eq!(
            kind("2022-10-10 15:61"),
            DateErrorKind::Impossible(Impossible::Minute { minute: 61 })
        );
        assert_eq!(
            kind("2022-10-10 15:00:60"),
            DateErrorKind::Impossible(Impossible::Second { second: 60 })
        );
        let e = DatePoint::parse("2022-10-00").unwrap_err();
        assert!(e.message_ru().contains("дня 0"));
        assert_eq!(
            kind("0000-01-01"),
            DateErrorKind::Impossible(Impossible::Year { year: 0 })
        );
    }

    #[test]
    fn unrecognised_forms_list_the_accepted_ones() {
        for bad in [
            "завтра",
            "10.10.22",
            "2022/10/10",
            "22-10-10",
            "2022-10-10x",
            "2022-10-10T",
            "2022-10-10 15",
            "2022-10-10 15:0",
            "2022-10-10 15:00 ровно",
            "10 октября 2022",
            "2023-Q",
            "2023-Qx",
            "2022-10-10-11",
            "10.10",
            "2022.10",
            "..",
            "-",
            "Q1",
            "２０２２-10-10",
        ] {
            let e = DatePoint::parse(bad).unwrap_err();
            assert_eq!(e.kind, DateErrorKind::Unrecognized, "{bad:?}");
            let message = e.message_ru();
            assert!(message.contains(bad.trim()), "{message}");
            assert!(message.contains("2022-10-10 15:00"), "{message}");
            assert!(message.contains("2023-Q1"), "{message}");
            assert!(!e.hint_ru().is_empty());
        }
    }

    #[test]
    fn unrecognised_hints_guess_the_slip() {
        let hint = |s| DatePoint::parse(s).unwrap_err().hint_ru();
        assert!(hint("10.10.22").contains("четырьмя цифрами"));
        assert!(hint("2022/10/10").contains("косой чертой"));
        assert!(hint("10 октября 2022").contains("словами"));
        assert!(hint("10–14.10.2022").contains("end"));
    }

    #[test]
    fn other_mistakes_have_their_own_kinds() {
        assert_eq!(kind(""), DateErrorKind::Empty);
        assert_eq!(kind("   "), DateErrorKind::Empty);
        assert_eq!(kind("2023"), DateErrorKind::YearOnly { year: 2023 });
        let e = DatePoint::parse("2023").unwrap_err();
        assert!(e.hint_ru().contains("2023-Q1"));
        assert_eq!(kind("17:00"), DateErrorKind::TimeOnly);
        assert_eq!(kind("9:30:00"), DateErrorKind::TimeOnly);
        assert_eq!(kind("2023-04 15:00"), DateErrorKind::TimeWithoutDay);
        assert_eq!(kind("2023-Q1T15:00"), DateErrorKind::TimeWithoutDay);
        assert_eq!(
            kind("2023-04 25:00"),
            DateErrorKind::Impossible(Impossible::Hour { hour: 25 })
        );
        assert_eq!(DatePoint::parse("x").unwrap_err().input(), "x");
        assert_eq!(
            DatePoint::parse("").unwrap_err().to_string(),
            "Дата не указана."
        );
    }

    #[test]
    fn end_before_start_is_an_error() {
        for (start, end) in [
            ("2022-10-10", "2022-10-09"),
            ("2023-01-01", "2022-12-31"),
            ("2022-10-11 09:00", "2022-10-10 17:00"),
            ("2023-05", "2023-04"),
            ("2024-Q1", "2023-Q4"),
        ] {
            let e = when(start, Some(end)).unwrap_err();
            assert!(
                matches!(e.kind, WhenErrorKind::EndBeforeStart { .. }),
                "{start} .. {end}"
            );
            assert!(e.message_ru().contains(end), "{}", e.message_ru());
            assert!(!e.hint_ru().is_empty());
        }
        let e = when("2022-10-10 15:00", Some("14:00")).unwrap_err();
        assert_eq!(
            e.message_ru(),
            "Окончание в 14:00 раньше начала в 15:00 (2022-10-10)."
        );
        assert!(e.hint_ru().contains("2022-10-11 14:00"), "{}", e.hint_ru());
    }

    #[test]
    fn mixed_precision_is_an_error_with_a_concrete_suggestion() {
        let e = when("2022-10-10", Some("2023-04")).unwrap_err();
        assert!(matches!(e.kind, WhenErrorKind::MixedPrecision { .. }));
        assert!(
            e.message_ru().contains("начало — день"),
            "{}",
            e.message_ru()
        );
        assert!(
            e.message_ru().contains("окончание — месяц"),
            "{}",
            e.message_ru()
        );
        assert!(
            e.hint_ru().contains("start: 2022-10-10, end: 2023-04-30"),
            "{}",
            e.hint_ru()
        );

        let e = when("2022-10-10 15:00", Some("2023-Q1")).unwrap_err();
        assert!(e.message_ru().contains("день со временем"));
        assert!(e.hint_ru().contains("end: 2023-03-31"), "{}", e.hint_ru());

        let e = when("2023-Q1", Some("2023-05")).unwrap_err();
        assert!(
            e.hint_ru().contains("start: 2023-01, end: 2023-05"),
            "{}",
            e.hint_ru()
        );

        for (start, end) in [
            ("2022-10-10", "2022-10-10 17:00"),
            ("2022-10-10 15:00", "2022-10-11"),
            ("2023-04", "2023-Q2"),
            ("2023-04", "2023-04-15"),
        ] {
            assert!(
                matches!(
                    when(start, Some(end)).unwrap_err().kind,
                    WhenErrorKind::MixedPrecision { .. }
                ),
                "{start} .. {end}"
            );
        }
    }

    #[test]
    fn every_kind_has_one_shape_naming_the_value_it_is_in() {
        /// What diagnostics code does with any of them.
        fn report<K: ErrorKind>(e: &Error<K>) -> (String, String) {
            assert_eq!(e.to_string(), e.message_ru());
            assert!(!e.hint_ru().is_empty());
            (e.input().to_owned(), e.message_ru())
        }
        let (input, message) = report(&DatePoint::parse(" 2023-13 ").unwrap_err());
        assert_eq!(input, "2023-13");
        assert!(message.contains("месяца 13 нет"), "{message}");

        let (input, message) = report(&when("2022-10-10 15:00", Some("14:00")).unwrap_err());
        assert_eq!(input, "2022-10-10 14:00");
        assert!(message.starts_with("Окончание в 14:00"), "{message}");

        let first = when("2022-12", None).unwrap();
        let point = |s| DatePoint::parse(s).unwrap();
        let errors =
            crate::when::Yearly::new(&first, Some(point("2021-12")), vec![point("2023-11")])
                .unwrap_err();
        let reported: Vec<(String, String)> = errors.iter().map(report).collect();
        assert_eq!(reported[0].0, "2021-12");
        assert_eq!(reported[1].0, "2023-11");
        assert!(reported[1].1.contains("«2023-11»"), "{}", reported[1].1);
    }
}
