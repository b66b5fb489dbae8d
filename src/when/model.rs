//! The model: a [`DatePoint`] as precise as the editor knew it, and a [`When`], the span of one
//! occurrence of an event. Reading them from text is in [`super::parse`], their Russian text in
//! [`super::text`].

use std::fmt;

use jiff::civil::{Date, DateTime, Time};

use super::error::{WhenError, WhenErrorKind};

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
pub(super) const MIN_YEAR: i16 = 1;
pub(super) const MAX_YEAR: i16 = 9999;

pub(super) fn month_first_day(year: i16, month: i8) -> Date {
    let year = year.clamp(MIN_YEAR, MAX_YEAR);
    let month = month.clamp(1, 12);
    // Every (year, month) in the clamped ranges has a first day, so the fallback is unreachable;
    // it exists only to keep this function total without `unwrap`.
    Date::new(year, month, 1).unwrap_or(Date::MIN)
}

pub(super) fn quarter_first_month(quarter: i8) -> i8 {
    (quarter.clamp(1, 4) - 1) * 3 + 1
}

/// When an event happens: a start and an optional end of the same kind.
///
/// The fields are public for reading; build values with [`When::new`], which checks them. The
/// yearly repetition of an event is kept beside it, in [`super::Yearly`], so the span stays the
/// single source of truth for one occurrence.
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
                let kind = WhenErrorKind::MixedPrecision {
                    start,
                    end: end_point,
                };
                return Err(WhenError::new(kind, end_point.to_string()));
            }
        };
        if ordered {
            Ok(When { start, end })
        } else {
            let kind = WhenErrorKind::EndBeforeStart {
                start,
                end: end_point,
            };
            Err(WhenError::new(kind, end_point.to_string()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::when::test_support::{p, when};
    use jiff::civil::{date, time};

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
}
