//! Reading a [`DatePoint`] from what editors write.
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

use jiff::civil::{Date, Time};

use super::error::{DateError, DateErrorKind, Impossible};
use super::model::{DatePoint, MAX_YEAR, MIN_YEAR, When, month_first_day};

impl DatePoint {
    /// Parses one of the accepted forms (listed in [`crate::when::parse`]), ignoring surrounding
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
}

impl std::str::FromStr for DatePoint {
    type Err = DateError;

    fn from_str(s: &str) -> Result<DatePoint, DateError> {
        DatePoint::parse(s)
    }
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

impl When {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::test_support::{kind, p, when};
    use jiff::civil::{date, time};

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
}
