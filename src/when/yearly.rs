//! The yearly repetition of an event (`repeat: yearly`, `until`, `except`) and its occurrences.

use jiff::ToSpan;
use jiff::civil::Date;

use super::error::{RepeatError, RepeatErrorKind};
use super::model::{DatePoint, MAX_YEAR, MIN_YEAR, When};

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
            // A year after the first day, counted on the calendar rather than through the next
            // occurrence: a start on 29 February has no occurrence the next year, yet its span
            // must still be shorter than a year, or the occurrences of later years are lost.
            let next = when.first_day().checked_add(1.year()).ok();
            if next.is_some_and(|next| end.last_day() >= next) {
                let kind = RepeatErrorKind::SpanTooLong {
                    start: when.start,
                    end,
                };
                errors.push(RepeatError::new(kind, end.to_string()));
            }
        }
        if let Some(until) = until
            && until.last_day() < when.first_day()
        {
            let kind = RepeatErrorKind::UntilBeforeStart {
                start: when.start,
                until,
            };
            errors.push(RepeatError::new(kind, until.to_string()));
        }
        let rule = Yearly { until, except };
        for except in &rule.except {
            if rule.year_of(when, except).is_none() {
                let kind = RepeatErrorKind::NotAnOccurrence {
                    start: when.start,
                    except: *except,
                };
                errors.push(RepeatError::new(kind, except.to_string()));
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
    use crate::when::test_support::{p, when};
    use jiff::civil::date;

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
