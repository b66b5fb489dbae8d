//! The date model of an event: what editors write in the `start` and `end` front-matter fields.
//!
//! Editors are teachers copying dates from Russian plans, where an event is often known only to
//! the month («в апреле») or the quarter («I квартал»). So a date is not always a day: a
//! [`DatePoint`] is a day, a day with a time, a month or a quarter, and a [`When`] is a start with
//! an optional end of the same kind. Every way an editor can get it wrong is a [`DateError`] or a
//! [`WhenError`] with a plain Russian message and a hint; nothing here panics on input.
//!
//! Accepted forms (whitespace around the value is ignored):
//!
//! | form | examples |
//! | --- | --- |
//! | day | `2022-10-10`, `10.10.2022`, `10.10.2022 г.` |
//! | day with time | `2022-10-10 15:00`, `2022-10-10T15:00`, `2022-10-10 15:00:00`, `10.10.2022 15:00`, `10.10.2022 15.00` |
//! | month | `2023-04` |
//! | quarter | `2023-Q1`, `2023-q1` |
//!
//! Only four-digit years are accepted: a two-digit year is ambiguous and is almost always a
//! copying slip. Month and day may have one or two digits (`2023-4-5`, `1.9.2022`), because plans
//! write them both ways. The dotted time `15.00` is accepted after a day because Russian
//! documents write times that way; a value that is only a time (`17:00`) is accepted only as the
//! end of an event whose start has a time, see [`When::parse_end`].

use std::fmt;

use jiff::civil::{Date, DateTime, Time};

use crate::ru;

/// How precisely a [`DatePoint`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precision {
    Day,
    DateTime,
    Month,
    Quarter,
}

impl Precision {
    /// The Russian name used in messages to editors.
    pub fn name_ru(self) -> &'static str {
        match self {
            Precision::Day => "день",
            Precision::DateTime => "день со временем",
            Precision::Month => "месяц",
            Precision::Quarter => "квартал",
        }
    }
}

/// One end of an event's span, as precise as the editor knew it.
///
/// Values produced by [`DatePoint::parse`], [`DatePoint::month`] and [`DatePoint::quarter`] are
/// always valid. The variants are public so that other modules can match on them; a `Month` or
/// `Quarter` built by hand with an out-of-range number is clamped into range by the day
/// computations instead of panicking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePoint {
    Day(Date),
    DateTime(DateTime),
    Month { year: i16, month: i8 },
    Quarter { year: i16, quarter: i8 },
}

impl DatePoint {
    /// Parses one of the accepted forms (see the module documentation), ignoring surrounding
    /// whitespace.
    pub fn parse(s: &str) -> Result<DatePoint, DateError> {
        let input = s.trim();
        let err = |kind| Err(DateError::new(kind, input));
        if input.is_empty() {
            return err(DateErrorKind::Empty);
        }
        if bare_time_shape(input) {
            return err(DateErrorKind::TimeOnly);
        }

        let date_end = input
            .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '.' | 'Q' | 'q')))
            .unwrap_or(input.len());
        let (date_part, rest) = input.split_at(date_end);
        let dotted = date_part.contains('.');
        let rest = if dotted {
            strip_year_abbreviation(rest)
        } else {
            rest
        };
        let time_part = if let Some(after_t) = rest.strip_prefix(['T', 't']) {
            // `T` joins date and time directly; a lone trailing `T` is not a time.
            if after_t.is_empty() {
                return err(DateErrorKind::Unrecognized);
            }
            Some(after_t)
        } else {
            let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
            if trimmed.len() == rest.len() && !rest.is_empty() {
                // Something other than a separator follows the date, e.g. `2022-10-10x`.
                return err(DateErrorKind::Unrecognized);
            }
            (!trimmed.is_empty()).then_some(trimmed)
        };

        let point = if dotted {
            parse_dotted(date_part).map_err(|kind| DateError::new(kind, input))?
        } else {
            parse_iso(date_part).map_err(|kind| DateError::new(kind, input))?
        };

        match (point, time_part) {
            (point, None) => Ok(point),
            (DatePoint::Day(date), Some(time)) => {
                let time = parse_time(time, true).map_err(|kind| DateError::new(kind, input))?;
                Ok(DatePoint::DateTime(date.to_datetime(time)))
            }
            (_, Some(time)) => {
                // Report a malformed time as unrecognised rather than blaming the month.
                parse_time(time, true).map_err(|kind| DateError::new(kind, input))?;
                err(DateErrorKind::TimeWithoutDay)
            }
        }
    }

    /// A validated month, for code that builds points itself (e.g. an importer).
    pub fn month(year: i16, month: i8) -> Result<DatePoint, DateError> {
        let input = format!("{year:04}-{month:02}");
        check_year(i64::from(year)).map_err(|kind| DateError::new(kind, &input))?;
        if !(1..=12).contains(&month) {
            let kind = DateErrorKind::Impossible(Impossible::Month {
                month: month.into(),
            });
            return Err(DateError::new(kind, &input));
        }
        Ok(DatePoint::Month { year, month })
    }

    /// A validated quarter, for code that builds points itself.
    pub fn quarter(year: i16, quarter: i8) -> Result<DatePoint, DateError> {
        let input = format!("{year:04}-Q{quarter}");
        check_year(i64::from(year)).map_err(|kind| DateError::new(kind, &input))?;
        if !(1..=4).contains(&quarter) {
            let kind = DateErrorKind::Impossible(Impossible::Quarter {
                quarter: quarter.into(),
            });
            return Err(DateError::new(kind, &input));
        }
        Ok(DatePoint::Quarter { year, quarter })
    }

    /// The first day the point covers: the day itself, or the first day of the month or quarter.
    pub fn first_day(&self) -> Date {
        match *self {
            DatePoint::Day(date) => date,
            DatePoint::DateTime(dt) => dt.date(),
            DatePoint::Month { year, month } => month_first_day(year, month),
            DatePoint::Quarter { year, quarter } => {
                month_first_day(year, quarter_first_month(quarter))
            }
        }
    }

    /// The last day the point covers, inclusive.
    pub fn last_day(&self) -> Date {
        match *self {
            DatePoint::Day(date) => date,
            DatePoint::DateTime(dt) => dt.date(),
            DatePoint::Month { year, month } => month_first_day(year, month).last_of_month(),
            DatePoint::Quarter { year, quarter } => {
                month_first_day(year, quarter_first_month(quarter) + 2).last_of_month()
            }
        }
    }

    pub fn precision(&self) -> Precision {
        match self {
            DatePoint::Day(_) => Precision::Day,
            DatePoint::DateTime(_) => Precision::DateTime,
            DatePoint::Month { .. } => Precision::Month,
            DatePoint::Quarter { .. } => Precision::Quarter,
        }
    }

    /// The time of day, only for a day with time.
    pub fn time(&self) -> Option<Time> {
        match self {
            DatePoint::DateTime(dt) => Some(dt.time()),
            _ => None,
        }
    }
}

impl std::str::FromStr for DatePoint {
    type Err = DateError;

    fn from_str(s: &str) -> Result<DatePoint, DateError> {
        DatePoint::parse(s)
    }
}

/// The canonical form, the one the documentation teaches: `2022-10-10`, `2022-10-10 15:00`
/// (seconds only when not zero), `2023-04`, `2023-Q1`. Parsing it gives the same point back.
impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DatePoint::Day(d) => write_iso_date(f, d),
            DatePoint::DateTime(dt) => {
                write_iso_date(f, dt.date())?;
                write!(f, " {:02}:{:02}", dt.hour(), dt.minute())?;
                if dt.second() != 0 {
                    write!(f, ":{:02}", dt.second())?;
                }
                Ok(())
            }
            DatePoint::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            DatePoint::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
        }
    }
}

fn write_iso_date(f: &mut fmt::Formatter<'_>, d: Date) -> fmt::Result {
    write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Years outside this range are rejected: jiff supports -9999..=9999, and a year below 1 can only
/// be a typo in a four-digit field.
const MIN_YEAR: i16 = 1;
const MAX_YEAR: i16 = 9999;

fn month_first_day(year: i16, month: i8) -> Date {
    let year = year.clamp(MIN_YEAR, MAX_YEAR);
    let month = month.clamp(1, 12);
    // Every (year, month) in the clamped ranges has a first day, so the fallback is unreachable;
    // it exists only to keep this function total without `unwrap`.
    Date::new(year, month, 1).unwrap_or(Date::MIN)
}

fn quarter_first_month(quarter: i8) -> i8 {
    (quarter.clamp(1, 4) - 1) * 3 + 1
}

/// Parses a run of ASCII digits of the given length range; `None` for anything else.
fn number(s: &str, min_len: usize, max_len: usize) -> Option<i64> {
    if s.len() < min_len || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn check_year(year: i64) -> Result<i16, DateErrorKind> {
    match i16::try_from(year) {
        Ok(y) if (MIN_YEAR..=MAX_YEAR).contains(&y) => Ok(y),
        _ => Err(DateErrorKind::Impossible(Impossible::Year { year })),
    }
}

fn make_date(year: i64, month: i64, day: i64) -> Result<Date, DateErrorKind> {
    let year = check_year(year)?;
    let month = match i8::try_from(month) {
        Ok(m) if (1..=12).contains(&m) => m,
        _ => return Err(DateErrorKind::Impossible(Impossible::Month { month })),
    };
    let days_in_month = month_first_day(year, month).days_in_month();
    match i8::try_from(day) {
        Ok(d) if (1..=days_in_month).contains(&d) => {
            Date::new(year, month, d).map_err(|_| DateErrorKind::Unrecognized)
        }
        _ => Err(DateErrorKind::Impossible(Impossible::Day {
            year,
            month,
            day,
            days_in_month,
        })),
    }
}

fn parse_iso(date_part: &str) -> Result<DatePoint, DateErrorKind> {
    let parts: Vec<&str> = date_part.split('-').collect();
    match parts.as_slice() {
        [y] => match number(y, 4, 4) {
            Some(year) => Err(DateErrorKind::YearOnly { year }),
            None => Err(DateErrorKind::Unrecognized),
        },
        [y, m, d] => {
            let (Some(y), Some(m), Some(d)) = (number(y, 4, 4), number(m, 1, 2), number(d, 1, 2))
            else {
                return Err(DateErrorKind::Unrecognized);
            };
            make_date(y, m, d).map(DatePoint::Day)
        }
        [y, second] => {
            let Some(y) = number(y, 4, 4) else {
                return Err(DateErrorKind::Unrecognized);
            };
            if let Some(q) = second.strip_prefix(['Q', 'q']) {
                let Some(q) = number(q, 1, 2) else {
                    return Err(DateErrorKind::Unrecognized);
                };
                let year = check_year(y)?;
                match i8::try_from(q) {
                    Ok(quarter) if (1..=4).contains(&quarter) => {
                        Ok(DatePoint::Quarter { year, quarter })
                    }
                    _ => Err(DateErrorKind::Impossible(Impossible::Quarter {
                        quarter: q,
                    })),
                }
            } else {
                let Some(m) = number(second, 1, 2) else {
                    return Err(DateErrorKind::Unrecognized);
                };
                let year = check_year(y)?;
                match i8::try_from(m) {
                    Ok(month) if (1..=12).contains(&month) => Ok(DatePoint::Month { year, month }),
                    _ => Err(DateErrorKind::Impossible(Impossible::Month { month: m })),
                }
            }
        }
        _ => Err(DateErrorKind::Unrecognized),
    }
}

fn parse_dotted(date_part: &str) -> Result<DatePoint, DateErrorKind> {
    let parts: Vec<&str> = date_part.split('.').collect();
    let [d, m, y] = parts.as_slice() else {
        return Err(DateErrorKind::Unrecognized);
    };
    let (Some(d), Some(m), Some(y)) = (number(d, 1, 2), number(m, 1, 2), number(y, 4, 4)) else {
        return Err(DateErrorKind::Unrecognized);
    };
    make_date(y, m, d).map(DatePoint::Day)
}

/// Removes the «г.» that plans put after a year (`10.10.2022 г.`, `10.10.2022г`), keeping what
/// follows it.
fn strip_year_abbreviation(rest: &str) -> &str {
    let trimmed = rest.trim_start();
    let Some(after) = trimmed.strip_prefix('г') else {
        return rest;
    };
    let after = after.strip_prefix('.').unwrap_or(after);
    // Only a standalone «г»: `10.10.2022 года` is not stripped and stays unrecognised.
    if after.is_empty() || after.starts_with(|c: char| c.is_whitespace() || c == ',') {
        after
    } else {
        rest
    }
}

/// True for `H:MM`, `HH:MM` and `HH:MM:SS`: a time without a date. The dotted `10.10` is not
/// included, as it is more likely a day without a year than a time.
fn bare_time_shape(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    match parts.as_slice() {
        [h, m] => number(h, 1, 2).is_some() && number(m, 2, 2).is_some(),
        [h, m, sec] => {
            number(h, 1, 2).is_some() && number(m, 2, 2).is_some() && number(sec, 2, 2).is_some()
        }
        _ => false,
    }
}

/// Parses `H:MM`, `HH:MM`, `HH:MM:SS` (and with `allow_dot`, the same with `.`), validating the
/// ranges so that `25:00` is reported as impossible rather than unrecognised.
fn parse_time(s: &str, allow_dot: bool) -> Result<Time, DateErrorKind> {
    let separator = if s.contains(':') {
        ':'
    } else if allow_dot && s.contains('.') {
        '.'
    } else {
        return Err(DateErrorKind::Unrecognized);
    };
    let parts: Vec<&str> = s.split(separator).collect();
    let (h, m, sec) = match parts.as_slice() {
        [h, m] => (number(h, 1, 2), number(m, 2, 2), Some(0)),
        [h, m, sec] => (number(h, 1, 2), number(m, 2, 2), number(sec, 2, 2)),
        _ => return Err(DateErrorKind::Unrecognized),
    };
    let (Some(hour), Some(minute), Some(second)) = (h, m, sec) else {
        return Err(DateErrorKind::Unrecognized);
    };
    if hour > 23 {
        return Err(DateErrorKind::Impossible(Impossible::Hour { hour }));
    }
    if minute > 59 {
        return Err(DateErrorKind::Impossible(Impossible::Minute { minute }));
    }
    if second > 59 {
        return Err(DateErrorKind::Impossible(Impossible::Second { second }));
    }
    // The ranges are checked above, so the casts are lossless and `Time::new` succeeds.
    Time::new(hour as i8, minute as i8, second as i8, 0).map_err(|_| DateErrorKind::Unrecognized)
}

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

/// An editor's mistake in one date value, with the value as written (trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub kind: DateErrorKind,
    input: String,
}

/// The accepted forms, shown whenever a value is not recognised.
const ACCEPTED_FORMS: &str = "день — 2022-10-10 или 10.10.2022; \
     день со временем — 2022-10-10 15:00 или 10.10.2022 15:00; \
     месяц — 2023-04; квартал — 2023-Q1";

impl DateError {
    fn new(kind: DateErrorKind, input: &str) -> DateError {
        DateError {
            kind,
            input: input.to_owned(),
        }
    }

    /// The value as the editor wrote it, without surrounding whitespace.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What is wrong, in plain Russian.
    pub fn message_ru(&self) -> String {
        let input = &self.input;
        match &self.kind {
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

    /// How to fix it, in plain Russian.
    pub fn hint_ru(&self) -> String {
        match &self.kind {
            DateErrorKind::Empty => format!("Укажите дату в одной из форм: {ACCEPTED_FORMS}."),
            DateErrorKind::Unrecognized => unrecognized_hint(&self.input),
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

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_ru())
    }
}

impl std::error::Error for DateError {}

/// When an event happens: a start and an optional end of the same kind.
///
/// The fields are public for reading; build values with [`When::new`], which checks them. The
/// recurrence of calendar events (`repeat`, `until`, `except`) will be added as further fields
/// next to these, so the span stays the single source of truth for one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct When {
    pub start: DatePoint,
    pub end: Option<DatePoint>,
}

impl When {
    /// Checks that start and end have compatible kinds and that end is not before start.
    ///
    /// Allowed pairs: day/day, day-with-time/day-with-time (same or later day), month/month,
    /// quarter/quarter. An end equal to the start is allowed (it means a single point).
    pub fn new(start: DatePoint, end: Option<DatePoint>) -> Result<When, WhenError> {
        let Some(end_point) = end else {
            return Ok(When { start, end });
        };
        let ordered = match (start, end_point) {
            (DatePoint::Day(a), DatePoint::Day(b)) => a <= b,
            (DatePoint::DateTime(a), DatePoint::DateTime(b)) => a <= b,
            (
                DatePoint::Month {
                    year: y1,
                    month: m1,
                },
                DatePoint::Month {
                    year: y2,
                    month: m2,
                },
            ) => (y1, m1) <= (y2, m2),
            (
                DatePoint::Quarter {
                    year: y1,
                    quarter: q1,
                },
                DatePoint::Quarter {
                    year: y2,
                    quarter: q2,
                },
            ) => (y1, q1) <= (y2, q2),
            _ => {
                return Err(WhenError {
                    kind: WhenErrorKind::MixedPrecision {
                        start,
                        end: end_point,
                    },
                });
            }
        };
        if ordered {
            Ok(When { start, end })
        } else {
            Err(WhenError {
                kind: WhenErrorKind::EndBeforeStart {
                    start,
                    end: end_point,
                },
            })
        }
    }

    /// Parses the `end` field, which besides the forms of [`DatePoint::parse`] may be a bare time
    /// (`17:00`) meaning the same day as a start that has a time.
    pub fn parse_end(start: &DatePoint, s: &str) -> Result<DatePoint, DateError> {
        let input = s.trim();
        if !bare_time_shape(input) {
            return DatePoint::parse(input);
        }
        match start {
            DatePoint::DateTime(dt) => {
                let time = parse_time(input, false).map_err(|kind| DateError::new(kind, input))?;
                Ok(DatePoint::DateTime(dt.date().to_datetime(time)))
            }
            _ => Err(DateError::new(DateErrorKind::TimeOnly, input)),
        }
    }

    /// The first day of the span.
    pub fn first_day(&self) -> Date {
        self.start.first_day()
    }

    /// The last day of the span, inclusive.
    pub fn last_day(&self) -> Date {
        self.end.unwrap_or(self.start).last_day()
    }

    /// The key to order events by: first day, then start time. All-day events (`None`) come
    /// before timed events of the same day, as calendars list them.
    pub fn sort_key(&self) -> (Date, Option<Time>) {
        (self.start.first_day(), self.start.time())
    }

    /// True when the event has no time of day (a day, month or quarter).
    pub fn is_all_day(&self) -> bool {
        self.start.time().is_none()
    }

    pub fn start_time(&self) -> Option<Time> {
        self.start.time()
    }

    pub fn end_time(&self) -> Option<Time> {
        self.end.and_then(|end| end.time())
    }

    /// True when the span shares at least one day with `from..=to`, e.g. a month view.
    pub fn overlaps(&self, from: Date, to: Date) -> bool {
        self.first_day() <= to && self.last_day() >= from
    }
}

/// What is wrong with a start/end pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhenErrorKind {
    /// The end comes before the start.
    EndBeforeStart { start: DatePoint, end: DatePoint },
    /// Start and end are of kinds that do not combine, e.g. a day and a month.
    MixedPrecision { start: DatePoint, end: DatePoint },
}

/// An editor's mistake in the start/end pair of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhenError {
    pub kind: WhenErrorKind,
}

impl WhenError {
    /// What is wrong, in plain Russian.
    pub fn message_ru(&self) -> String {
        match &self.kind {
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

    /// How to fix it, in plain Russian.
    pub fn hint_ru(&self) -> String {
        match &self.kind {
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

impl fmt::Display for WhenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_ru())
    }
}

impl std::error::Error for WhenError {}

/// The yearly repetition of an event (`repeat: yearly`): the span of [`When`] is the first
/// occurrence, and every later year repeats it on the same calendar days, up to `until`
/// (inclusive, as precise as the editor knew it) and without the years listed in `except`.
///
/// Kept beside [`When`] rather than in it, because a `When` is one occurrence and is copied
/// freely, while exceptions are a list. Plans write such events as «ежегодно (июнь, декабрь)»:
/// one file per month, each repeating yearly.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Yearly {
    pub until: Option<DatePoint>,
    /// Occurrences that do not take place, each written as the occurrence's first day, month
    /// or quarter (`2024-12-10`, `2024-12`, `2024-Q4`).
    pub except: Vec<DatePoint>,
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

/// An editor's mistake in `repeat`, `until` or `except`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatError {
    pub kind: RepeatErrorKind,
}

impl RepeatError {
    /// What is wrong, in plain Russian.
    pub fn message_ru(&self) -> String {
        match &self.kind {
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

    /// How to fix it, in plain Russian.
    pub fn hint_ru(&self) -> String {
        match &self.kind {
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

impl fmt::Display for RepeatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_ru())
    }
}

impl std::error::Error for RepeatError {}

impl DatePoint {
    /// The same point `years` years later (or earlier); `None` when that year has no such day
    /// (29 February) or is out of range. Yearly events skip such years, as `RRULE` does.
    pub fn shifted_years(&self, years: i16) -> Option<DatePoint> {
        let shift_year = |y: i16| -> Option<i16> {
            let y = y.checked_add(years)?;
            (MIN_YEAR..=MAX_YEAR).contains(&y).then_some(y)
        };
        Some(match *self {
            DatePoint::Day(d) => {
                DatePoint::Day(Date::new(shift_year(d.year())?, d.month(), d.day()).ok()?)
            }
            DatePoint::DateTime(dt) => {
                let d = Date::new(shift_year(dt.year())?, dt.month(), dt.day()).ok()?;
                DatePoint::DateTime(d.to_datetime(dt.time()))
            }
            DatePoint::Month { year, month } => DatePoint::Month {
                year: shift_year(year)?,
                month,
            },
            DatePoint::Quarter { year, quarter } => DatePoint::Quarter {
                year: shift_year(year)?,
                quarter,
            },
        })
    }
}

impl When {
    /// The same span `years` years later; `None` when the start or end does not exist then.
    pub fn shifted_years(&self, years: i16) -> Option<When> {
        Some(When {
            start: self.start.shifted_years(years)?,
            end: match self.end {
                Some(end) => Some(end.shifted_years(years)?),
                None => None,
            },
        })
    }
}

impl Yearly {
    /// Checks `until` and `except` against the first occurrence `when`; every problem is
    /// returned, so the editor sees all of them at once.
    pub fn new(
        when: &When,
        until: Option<DatePoint>,
        except: Vec<DatePoint>,
    ) -> Result<Yearly, Vec<RepeatError>> {
        let mut errors = Vec::new();
        if let Some(end) = when.end {
            let next = when.start.shifted_years(1).map(|p| p.first_day());
            if next.is_some_and(|next| end.last_day() >= next) {
                errors.push(RepeatError {
                    kind: RepeatErrorKind::SpanTooLong {
                        start: when.start,
                        end,
                    },
                });
            }
        }
        if let Some(until) = until
            && until.last_day() < when.first_day()
        {
            errors.push(RepeatError {
                kind: RepeatErrorKind::UntilBeforeStart {
                    start: when.start,
                    until,
                },
            });
        }
        let rule = Yearly { until, except };
        for except in &rule.except {
            if rule.year_of(when, except).is_none() {
                errors.push(RepeatError {
                    kind: RepeatErrorKind::NotAnOccurrence {
                        start: when.start,
                        except: *except,
                    },
                });
            }
        }
        if errors.is_empty() {
            Ok(rule)
        } else {
            Err(errors)
        }
    }

    /// How many years after the first occurrence the occurrence `except` names starts, if it
    /// names one: the same kind of point (a day also names a day with time) on the same
    /// calendar place, not before the start and not after `until`.
    fn year_of(&self, when: &When, except: &DatePoint) -> Option<i16> {
        let years = except.first_day().year() - when.first_day().year();
        if years < 0 {
            return None;
        }
        let occurrence = when.start.shifted_years(years)?;
        let same = match (occurrence, except) {
            (DatePoint::DateTime(dt), DatePoint::Day(d)) => dt.date() == *d,
            (DatePoint::DateTime(a), DatePoint::DateTime(b)) => a.date() == b.date(),
            (a, b) => a == *b,
        };
        let within = self
            .until
            .is_none_or(|u| occurrence.first_day() <= u.last_day());
        (same && within).then_some(years)
    }

    /// The last day an occurrence may start on, if the repetition ends.
    pub fn last_start(&self) -> Option<Date> {
        self.until.map(|u| u.last_day())
    }

    /// The first days of the occurrences that do not take place, sorted.
    pub fn except_days(&self) -> Vec<Date> {
        let mut days: Vec<Date> = self.except.iter().map(|p| p.first_day()).collect();
        days.sort();
        days.dedup();
        days
    }

    /// The occurrences that share a day with `from..=to`, earliest first, without the
    /// exceptions; the first is `when` itself.
    pub fn occurrences(&self, when: &When, from: Date, to: Date) -> Vec<When> {
        let except = self.except_days();
        let first_year = when.first_day().year();
        let mut out = Vec::new();
        // Years before `from` can still overlap it only through a span shorter than a year.
        let skip = (from.year() - first_year - 1).max(0);
        for years in skip..=(to.year() - first_year).max(-1) {
            let Some(occurrence) = when.shifted_years(years) else {
                continue;
            };
            if self
                .last_start()
                .is_some_and(|last| occurrence.first_day() > last)
            {
                break;
            }
            if except.contains(&occurrence.first_day()) {
                continue;
            }
            if occurrence.overlaps(from, to) {
                out.push(occurrence);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn p(s: &str) -> DatePoint {
        match DatePoint::parse(s) {
            Ok(point) => point,
            Err(e) => panic!("{s:?} should parse: {}", e.message_ru()),
        }
    }

    fn kind(s: &str) -> DateErrorKind {
        match DatePoint::parse(s) {
            Ok(point) => panic!("{s:?} should not parse, got {point:?}"),
            Err(e) => e.kind,
        }
    }

    #[test]
    fn parses_every_accepted_form() {
        assert_eq!(p("2022-10-10"), DatePoint::Day(date(2022, 10, 10)));
        assert_eq!(
            p("2022-10-10 15:00"),
            DatePoint::DateTime(date(2022, 10, 10).at(15, 0, 0, 0))
        );
        assert_eq!(p("2022-10-10T15:00"), p("2022-10-10 15:00"));
        assert_eq!(p("2022-10-10t15:00"), p("2022-10-10 15:00"));
        assert_eq!(
            p("2022-10-10 15:00:30"),
            DatePoint::DateTime(date(2022, 10, 10).at(15, 0, 30, 0))
        );
        assert_eq!(p("2022-10-10 9:05"), p("2022-10-10 09:05"));
        assert_eq!(
            p("2023-04"),
            DatePoint::Month {
                year: 2023,
                month: 4
            }
        );
        assert_eq!(
            p("2023-Q1"),
            DatePoint::Quarter {
                year: 2023,
                quarter: 1
            }
        );
        assert_eq!(p("2023-q4"), p("2023-Q4"));
        assert_eq!(p("10.10.2022"), DatePoint::Day(date(2022, 10, 10)));
        assert_eq!(p("1.9.2022"), DatePoint::Day(date(2022, 9, 1)));
        assert_eq!(p("10.10.2022 15:00"), p("2022-10-10 15:00"));
        assert_eq!(p("10.10.2022 15.00"), p("2022-10-10 15:00"));
        assert_eq!(p("2023-4-5"), DatePoint::Day(date(2023, 4, 5)));
    }

    #[test]
    fn tolerates_what_editors_paste() {
        assert_eq!(p("  2022-10-10\t"), p("2022-10-10"));
        assert_eq!(p("\u{a0}10.10.2022\u{a0}"), p("2022-10-10"));
        assert_eq!(p("10.10.2022 г."), p("2022-10-10"));
        assert_eq!(p("10.10.2022г."), p("2022-10-10"));
        assert_eq!(p("10.10.2022 г"), p("2022-10-10"));
        assert_eq!(p("10.10.2022 г., 15:00"), p("2022-10-10 15:00"));
        assert_eq!(p("10.10.2022, 15:00"), p("2022-10-10 15:00"));
        assert_eq!(p("2022-10-10   15:00"), p("2022-10-10 15:00"));
    }

    #[test]
    fn display_is_canonical_and_round_trips() {
        for (input, canonical) in [
            ("2022-10-10", "2022-10-10"),
            ("10.10.2022 9:00", "2022-10-10 09:00"),
            ("2022-10-10T15:00:00", "2022-10-10 15:00"),
            ("2022-10-10 15:00:07", "2022-10-10 15:00:07"),
            ("2023-4", "2023-04"),
            ("2023-q1", "2023-Q1"),
        ] {
            let point = p(input);
            assert_eq!(point.to_string(), canonical);
            assert_eq!(p(canonical), point);
        }
    }

    #[test]
    fn spans_of_each_precision() {
        let day = p("2022-10-10");
        assert_eq!(
            (day.first_day(), day.last_day()),
            (date(2022, 10, 10), date(2022, 10, 10))
        );
        assert_eq!(day.precision(), Precision::Day);
        assert_eq!(day.time(), None);

        let dt = p("2022-10-10 15:00");
        assert_eq!(dt.first_day(), date(2022, 10, 10));
        assert_eq!(dt.time(), Some(time(15, 0, 0, 0)));
        assert_eq!(dt.precision(), Precision::DateTime);

        let feb_leap = p("2024-02");
        assert_eq!(feb_leap.last_day(), date(2024, 2, 29));
        assert_eq!(p("2023-02").last_day(), date(2023, 2, 28));
        assert_eq!(p("2023-12").last_day(), date(2023, 12, 31));

        let q = |s| {
            let point = p(s);
            (point.first_day(), point.last_day())
        };
        assert_eq!(q("2023-Q1"), (date(2023, 1, 1), date(2023, 3, 31)));
        assert_eq!(q("2023-Q2"), (date(2023, 4, 1), date(2023, 6, 30)));
        assert_eq!(q("2023-Q3"), (date(2023, 7, 1), date(2023, 9, 30)));
        assert_eq!(q("2023-Q4"), (date(2023, 10, 1), date(2023, 12, 31)));
        assert_eq!(p("2023-Q4").precision(), Precision::Quarter);
    }

    #[test]
    fn hand_built_out_of_range_points_do_not_panic() {
        let month = DatePoint::Month {
            year: 2023,
            month: 13,
        };
        assert_eq!(month.first_day(), date(2023, 12, 1));
        let quarter = DatePoint::Quarter {
            year: 0,
            quarter: 0,
        };
        assert_eq!(quarter.first_day(), date(1, 1, 1));
        assert_eq!(quarter.last_day(), date(1, 3, 31));
        assert!(DatePoint::month(2023, 13).is_err());
        assert!(DatePoint::quarter(2023, 5).is_err());
        assert_eq!(DatePoint::month(2023, 4), Ok(p("2023-04")));
        assert_eq!(DatePoint::quarter(2023, 2), Ok(p("2023-Q2")));
    }

    #[test]
    fn leap_years() {
        assert_eq!(p("2024-02-29"), DatePoint::Day(date(2024, 2, 29)));
        assert_eq!(p("29.02.2000"), DatePoint::Day(date(2000, 2, 29)));
        assert!(matches!(
            kind("2023-02-29"),
            DateErrorKind::Impossible(Impossible::Day {
                days_in_month: 28,
                ..
            })
        ));
        assert!(matches!(
            kind("29.02.1900"),
            DateErrorKind::Impossible(Impossible::Day { .. })
        ));
    }

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
    fn never_panics_on_odd_input() {
        let pieces = [
            "",
            "0",
            "9",
            "99",
            "2023",
            "-",
            ".",
            ":",
            "T",
            "Q",
            "q",
            " ",
            "г.",
            "\u{a0}",
            "é",
            "Ж",
            "99999999999999999999",
            "-1",
            "+",
            "😀",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let s = format!("{a}{b}{c}");
                    let _ = DatePoint::parse(&s);
                    let _ = When::parse_end(&p("2022-10-10 15:00"), &s);
                    let s = format!("{a}-{b}-{c} {a}:{b}");
                    if let Err(e) = DatePoint::parse(&s) {
                        let _ = (e.message_ru(), e.hint_ru());
                    }
                }
            }
        }
        assert!(DatePoint::parse("99999999999999999999-01-01").is_err());
        assert!(DatePoint::parse("2022-10-10 99999999999:00").is_err());
    }

    fn when(start: &str, end: Option<&str>) -> Result<When, WhenError> {
        let start = p(start);
        let end = end.map(|e| When::parse_end(&start, e).expect("end parses"));
        When::new(start, end)
    }

    #[test]
    fn allowed_combinations() {
        for (start, end) in [
            ("2022-10-10", "2022-10-14"),
            ("2022-10-10", "2022-10-10"),
            ("2022-12-28", "2023-01-03"),
            ("2022-10-10 15:00", "2022-10-10 17:00"),
            ("2022-10-10 15:00", "2022-10-11 12:00"),
            ("2022-10-10 15:00", "2022-10-10 15:00"),
            ("2023-04", "2023-05"),
            ("2022-12", "2023-01"),
            ("2023-Q1", "2023-Q2"),
            ("2023-Q4", "2024-Q1"),
        ] {
            assert!(when(start, Some(end)).is_ok(), "{start} .. {end}");
        }
        assert!(when("2022-10-10", None).is_ok());
    }

    #[test]
    fn bare_time_end_means_same_day() {
        let w = when("2022-10-10 15:00", Some("17:00")).unwrap();
        assert_eq!(w.end, Some(p("2022-10-10 17:00")));
        assert_eq!(w.end_time(), Some(time(17, 0, 0, 0)));
        assert_eq!(
            When::parse_end(&p("2022-10-10 15:00"), " 9:30 "),
            Ok(p("2022-10-10 09:30"))
        );
        assert_eq!(
            When::parse_end(&p("2022-10-10"), "17:00").unwrap_err().kind,
            DateErrorKind::TimeOnly
        );
        assert_eq!(
            When::parse_end(&p("2022-10-10 15:00"), "25:00")
                .unwrap_err()
                .kind,
            DateErrorKind::Impossible(Impossible::Hour { hour: 25 })
        );
        assert_eq!(
            When::parse_end(&p("2022-10-10 15:00"), "2022-10-11"),
            Ok(p("2022-10-11"))
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
    fn span_sort_key_and_all_day() {
        let w = when("2022-12-28", Some("2023-01-03")).unwrap();
        assert_eq!(w.first_day(), date(2022, 12, 28));
        assert_eq!(w.last_day(), date(2023, 1, 3));
        assert!(w.is_all_day());
        assert!(w.overlaps(date(2023, 1, 1), date(2023, 1, 31)));
        assert!(!w.overlaps(date(2023, 1, 4), date(2023, 1, 31)));
        assert!(w.overlaps(date(2022, 12, 1), date(2022, 12, 28)));

        let q = when("2023-Q1", Some("2023-Q2")).unwrap();
        assert_eq!(
            (q.first_day(), q.last_day()),
            (date(2023, 1, 1), date(2023, 6, 30))
        );
        let single = when("2023-04", None).unwrap();
        assert_eq!(single.last_day(), date(2023, 4, 30));

        let timed = when("2022-10-10 15:00", Some("17:00")).unwrap();
        assert!(!timed.is_all_day());
        assert_eq!(timed.start_time(), Some(time(15, 0, 0, 0)));
        let all_day = when("2022-10-10", None).unwrap();
        let morning = when("2022-10-10 09:00", None).unwrap();
        let next = when("2022-10-11", None).unwrap();
        let mut events = [next, timed, morning, all_day];
        events.sort_by_key(When::sort_key);
        assert_eq!(events, [all_day, morning, timed, next]);
        assert_eq!(
            timed.sort_key(),
            (date(2022, 10, 10), Some(time(15, 0, 0, 0)))
        );
    }

    fn yearly(
        start: &str,
        end: Option<&str>,
        until: Option<&str>,
        except: &[&str],
    ) -> Result<Yearly, Vec<RepeatError>> {
        let w = when(start, end).unwrap();
        Yearly::new(&w, until.map(p), except.iter().map(|s| p(s)).collect())
    }

    #[test]
    fn yearly_checks_until_and_exceptions() {
        assert!(yearly("2022-12", None, Some("2025-12"), &["2024-12"]).is_ok());
        assert!(yearly("2022-10-10 15:00", Some("17:00"), None, &["2023-10-10"]).is_ok());
        let errs = yearly("2022-12", None, Some("2021-12"), &[]).unwrap_err();
        assert!(matches!(
            errs[0].kind,
            RepeatErrorKind::UntilBeforeStart { .. }
        ));
        assert!(errs[0].message_ru().contains("раньше первого проведения"));
        // Not the same month, before the start, and after the end of the repetition.
        let errs = yearly(
            "2022-12",
            None,
            Some("2024-12"),
            &["2023-11", "2021-12", "2025-12"],
        )
        .unwrap_err();
        assert_eq!(errs.len(), 3);
        assert!(
            errs.iter()
                .all(|e| matches!(e.kind, RepeatErrorKind::NotAnOccurrence { .. }))
        );
        assert!(errs[0].hint_ru().contains("2023-12"));
        let errs = yearly("2022-12", Some("2023-12"), None, &[]).unwrap_err();
        assert!(matches!(errs[0].kind, RepeatErrorKind::SpanTooLong { .. }));
    }

    #[test]
    fn yearly_occurrences_skip_exceptions_and_stop_at_until() {
        let w = when("2022-10-10", Some("2022-10-12")).unwrap();
        let rule = Yearly::new(&w, Some(p("2026-10-10")), vec![p("2024-10-10")]).unwrap();
        let starts: Vec<Date> = rule
            .occurrences(&w, date(2020, 1, 1), date(2030, 12, 31))
            .iter()
            .map(When::first_day)
            .collect();
        assert_eq!(
            starts,
            [
                date(2022, 10, 10),
                date(2023, 10, 10),
                date(2025, 10, 10),
                date(2026, 10, 10)
            ]
        );
        // A span crossing into the window from before it is included.
        let w = when("2022-12-30", Some("2023-01-02")).unwrap();
        let rule = Yearly::new(&w, None, vec![]).unwrap();
        let got = rule.occurrences(&w, date(2025, 1, 1), date(2025, 1, 31));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].first_day(), date(2024, 12, 30));
        // 29 February exists only in leap years, as with RRULE.
        let w = when("2024-02-29", None).unwrap();
        let rule = Yearly::new(&w, None, vec![]).unwrap();
        let got = rule.occurrences(&w, date(2024, 1, 1), date(2028, 12, 31));
        assert_eq!(got.len(), 2);
    }
}
