//! Deadlines of roadmap measures, as Russian plans write them: «октябрь 2024», «I квартал 2023»,
//! «до 30.06.2023, 30.06.2024, 25.12.2024», «февраль - март 2023, февраль - март 2024»,
//! «ежегодно (июнь, декабрь)», «ежегодно до 20 сентября», «декабрь 2022 (с 2023 года –
//! ежегодно)», «постоянно».
//!
//! A [`Deadline`] keeps what the editor meant (a set of dated spans, a yearly rule, or no fixed
//! date); [`Deadline::due`] turns it into the concrete spans within a roadmap's period, so a
//! yearly deadline never runs past the period's end.
//!
//! The wording is read by [`super::wording`], the same reader `import plan` uses for its «Сроки»
//! cells ([`super::plan::parse_cell`]), so a table imported as events and the same table imported
//! as a roadmap agree on every date. This is the deadline's view of that reading, stricter than
//! the plan's in two ways, because a measure is counted overdue by its deadline: every word
//! outside the bracketed remark must be understood (a plan keeps such words as a note), unless
//! the deadline begins with «ежегодно», whose further words describe a schedule; and a year is
//! never guessed: a month without one is a yearly rule's month, or a mistake.

use super::model::{DatePoint, When};
use super::wording::{Item, Kind, Lead, Reading, item_when, lend_years};

/// A point within any year, for yearly deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum YearlyAt {
    Month(i8),
    Day { month: i8, day: i8 },
    Quarter(i8),
}

/// What a measure's deadline says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Deadline {
    /// One or several dated spans.
    Dates(Vec<When>),
    /// Every year of the period: after the spans of `first` (if any) each year from
    /// `from_year` (or the period's start), at each of `at` (by the year's end when empty).
    Yearly {
        first: Vec<When>,
        from_year: Option<i16>,
        at: Vec<YearlyAt>,
    },
    /// No fixed date: «постоянно», «в сроки, определяемые организаторами», «по мере
    /// поступления информации».
    Continuous,
}

/// A deadline that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineError {
    pub input: String,
}

impl DeadlineError {
    pub fn message_ru(&self) -> String {
        format!("срок «{}» записан непонятно", self.input)
    }

    pub fn hint_ru(&self) -> &'static str {
        ACCEPTED_FORMS
    }
}

/// The forms an editor may write, for hints.
pub const ACCEPTED_FORMS: &str = "допустимые формы: «октябрь 2024», «апрель–май 2023», \
«I квартал 2023», «до 30.06.2023», «2023-06-30», «30.06.2023, 30.06.2024», «ежегодно», \
«ежегодно, декабрь», «ежегодно (июнь, декабрь)», «ежегодно до 20 сентября», \
«декабрь 2022 (с 2023 года – ежегодно)», «ноябрь 2022 (далее – ежегодно)», «постоянно», \
«в течение года»";

impl Deadline {
    /// Reads a deadline as written in a plan, or as one point in the forms of an event's date
    /// («2023-06-30 10:00»), which plans do not write but editors of the site may.
    pub fn parse(input: &str) -> Result<Deadline, DeadlineError> {
        Deadline::read(input).or_else(|e| match DatePoint::parse(input) {
            Ok(start) => Ok(Deadline::Dates(vec![When { start, end: None }])),
            Err(_) => Err(e),
        })
    }

    /// The deadline's view of the [`Reading`].
    fn read(input: &str) -> Result<Deadline, DeadlineError> {
        let err = || DeadlineError {
            input: input.trim().to_string(),
        };
        let reading = Reading::of(input);
        match reading.lead {
            Lead::Continuous => return Ok(Deadline::Continuous),
            Lead::DuringYear => return Ok(Deadline::every_year(Vec::new())),
            Lead::Yearly | Lead::Other => {}
        }
        let understood = reading.lead == Lead::Yearly || !reading.unknown_outside_remark;
        if reading.invalid.is_some() || reading.undatable || !understood {
            return Err(err());
        }
        let mut items = reading.items();
        if items.is_empty() {
            return if reading.yearly {
                Ok(Deadline::every_year(Vec::new()))
            } else {
                Err(err())
            };
        }
        // A range whose start has no year of its own must not wrap the new year: «май-апрель
        // 2023» is a slip, not May 2022 to April 2023. A deadline across the new year names both
        // years.
        let own_start_year: Vec<bool> = items.iter().map(|it| it.start.year.is_some()).collect();
        if !lend_years(&mut items) {
            // No year written at all: the months and days of a yearly rule.
            if !reading.yearly {
                return Err(err());
            }
            let mut at = items
                .iter()
                .map(|item| yearly_at(item).ok_or_else(err))
                .collect::<Result<Vec<_>, _>>()?;
            at.sort_by_key(|a| yearly_at_key(*a));
            at.dedup();
            return Ok(Deadline::every_year(at));
        }
        let mut spans = Vec::with_capacity(items.len());
        for (item, own) in items.iter().zip(own_start_year) {
            let wraps = item
                .end
                .is_some_and(|end| !own && end.year != item.start.year);
            if wraps {
                return Err(err());
            }
            spans.push(item_when(item).map_err(|_| err())?);
        }
        if !reading.yearly {
            return Ok(Deadline::Dates(spans));
        }
        // «декабрь 2022 (с 2023 года – ежегодно)», «ноябрь 2022 (далее – ежегодно)»: the same
        // point every following year, from the year written beside it or the next one.
        let last = spans[spans.len() - 1];
        let from_year = reading.bare_year.unwrap_or(last.last_day().year() + 1);
        let at = match last.end.unwrap_or(last.start) {
            DatePoint::Month { month, .. } => YearlyAt::Month(month),
            DatePoint::Quarter { quarter, .. } => YearlyAt::Quarter(quarter),
            DatePoint::Day(d) => YearlyAt::Day {
                month: d.month(),
                day: d.day(),
            },
            DatePoint::DateTime(dt) => YearlyAt::Day {
                month: dt.month(),
                day: dt.day(),
            },
        };
        Ok(Deadline::Yearly {
            first: spans,
            from_year: Some(from_year),
            at: vec![at],
        })
    }

    /// Every year of the period, at each of `at` (by the year's end when empty).
    fn every_year(at: Vec<YearlyAt>) -> Deadline {
        Deadline::Yearly {
            first: Vec::new(),
            from_year: None,
            at,
        }
    }

    /// True for deadlines that recur every year.
    pub fn is_yearly(&self) -> bool {
        matches!(self, Deadline::Yearly { .. })
    }

    /// The concrete spans by which the measure is due, within the period `(first, last)` for
    /// yearly deadlines (dated spans are kept as written, even outside the period: that is
    /// reported, not hidden). Sorted by last day; a span written twice is due once.
    pub fn due(&self, period: (i16, i16)) -> Vec<When> {
        self.due_from(period, None)
    }

    /// [`Deadline::due`] for a roadmap approved on `approved`: the yearly rule's occurrences
    /// that end before that day are not due (a plan approved in December 2022 cannot have been
    /// due in June 2022). Spans written out are kept as written.
    ///
    /// Without an approval date, a period of several years starts on 1 September of its first
    /// year, as schools read their plans and as `import plan` dates a month written without a
    /// year (`plan::Period::year_of`): «ежегодно, май» in a plan for 2023–2024 is due in May
    /// 2024, not in May 2023 before the plan began. The two views of one wording then agree.
    pub fn due_from(&self, period: (i16, i16), approved: Option<jiff::civil::Date>) -> Vec<When> {
        let approved = approved.or_else(|| {
            (period.0 < period.1)
                .then(|| jiff::civil::Date::new(period.0, 9, 1).ok())
                .flatten()
        });
        let mut out = match self {
            Deadline::Continuous => Vec::new(),
            Deadline::Dates(spans) => spans.clone(),
            Deadline::Yearly {
                first,
                from_year,
                at,
            } => {
                let mut out: Vec<When> = first
                    .iter()
                    .filter(|w| w.last_day().year() <= period.1)
                    .copied()
                    .collect();
                let start = from_year.unwrap_or(period.0).max(period.0);
                for year in start..=period.1 {
                    if at.is_empty() {
                        out.extend(day(year, 12, 31));
                    }
                    for a in at {
                        let point = match *a {
                            YearlyAt::Month(month) => DatePoint::month(year, month).ok(),
                            YearlyAt::Quarter(q) => DatePoint::quarter(year, q).ok(),
                            YearlyAt::Day { month, day: d } => day(year, month, d).map(|w| w.start),
                        };
                        out.extend(point.map(|start| When { start, end: None }));
                    }
                }
                out.retain(|w| first.contains(w) || approved.is_none_or(|a| w.last_day() >= a));
                out
            }
        };
        out.sort_by_key(|w| (w.last_day(), w.first_day()));
        out.dedup();
        out
    }

    /// The written spans that fall outside the period (a yearly rule cannot: it is cut to it).
    pub fn outside(&self, period: (i16, i16)) -> Vec<When> {
        let spans: &[When] = match self {
            Deadline::Dates(spans) => spans,
            Deadline::Yearly { first, .. } => first,
            Deadline::Continuous => &[],
        };
        spans
            .iter()
            .filter(|w| w.first_day().year() < period.0 || w.last_day().year() > period.1)
            .copied()
            .collect()
    }
}

fn yearly_at_key(a: YearlyAt) -> (i8, i8) {
    match a {
        YearlyAt::Month(m) => (m, 31),
        YearlyAt::Day { month, day } => (month, day),
        YearlyAt::Quarter(q) => (q * 3, 31),
    }
}

fn day(year: i16, month: i8, day: i8) -> Option<When> {
    let date = jiff::civil::Date::new(year, month, day).ok()?;
    Some(When {
        start: DatePoint::Day(date),
        end: None,
    })
}

/// The point within a year an item without a year names: its end for a range («ежегодно 10-12
/// октября» is due by 12 October). `None` for a day no year has («31 июня»).
fn yearly_at(item: &Item) -> Option<YearlyAt> {
    let point = item.end.unwrap_or(item.start);
    let small = |n: u32| i8::try_from(n).ok();
    match point.kind {
        Kind::Day { day, month } => {
            let (month, day) = (small(month)?, small(day)?);
            // Checked against a leap year, so «29 февраля» is possible.
            jiff::civil::Date::new(2024, month, day).ok()?;
            Some(YearlyAt::Day { month, day })
        }
        Kind::Month { month } => Some(YearlyAt::Month(small(month)?)),
        Kind::Quarter { quarter } => Some(YearlyAt::Quarter(small(quarter)?)),
        // The half-year's last month: June or December.
        Kind::Half { half } => Some(YearlyAt::Month(small(half * 6)?)),
        Kind::DayOnly { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn due(s: &str, period: (i16, i16)) -> Vec<String> {
        let d = Deadline::parse(s).unwrap_or_else(|e| panic!("{s:?}: {}", e.message_ru()));
        d.due(period)
            .iter()
            .map(|w| match w.end {
                None => w.start.to_string(),
                Some(end) => format!("{}/{}", w.start, end),
            })
            .collect()
    }

    const P: (i16, i16) = (2022, 2024);

    #[test]
    fn continuous_forms_have_no_date() {
        for s in [
            "постоянно",
            "Постоянно (по необходимости)",
            "постоянно, по мере поступления информации",
            "в сроки, определяемые организаторами мероприятий",
        ] {
            assert_eq!(Deadline::parse(s), Ok(Deadline::Continuous), "{s}");
        }
    }

    #[test]
    fn during_the_year_is_due_by_each_years_end() {
        assert_eq!(
            due("в течение года", P),
            ["2022-12-31", "2023-12-31", "2024-12-31"]
        );
        assert_eq!(due("ежегодно", (2023, 2024)), ["2023-12-31", "2024-12-31"]);
        assert_eq!(
            due("ежегодно (в соответствии с планом)", (2023, 2024)),
            ["2023-12-31", "2024-12-31"]
        );
    }

    #[test]
    fn yearly_months() {
        assert_eq!(
            due("ежегодно (июнь, декабрь)", (2023, 2024)),
            ["2023-12", "2024-06", "2024-12"]
        );
        assert_eq!(
            due(
                "ежегодно (июнь, декабрь по плану ГАУ ДПО СОИРО)",
                (2024, 2024)
            ),
            ["2024-06", "2024-12"]
        );
        assert_eq!(
            due("ежегодно, декабрь", P),
            ["2022-12", "2023-12", "2024-12"]
        );
        assert_eq!(due("Ежегодно (декабрь)", (2024, 2024)), ["2024-12"]);
        assert_eq!(
            due("ежегодно до 20 сентября", (2023, 2024)),
            ["2023-09-20", "2024-09-20"]
        );
    }

    #[test]
    fn a_first_date_then_yearly() {
        assert_eq!(
            due("декабрь 2022 (с 2023 года – ежегодно)", P),
            ["2022-12", "2023-12", "2024-12"]
        );
        assert_eq!(
            due("ноябрь 2022 (далее – ежегодно)", P),
            ["2022-11", "2023-11", "2024-11"]
        );
        assert_eq!(
            due("январь 2023 (далее- ежегодно по специальному графику)", P),
            ["2023-01", "2024-01"]
        );
        // A remark without «ежегодно» changes nothing.
        assert_eq!(
            due("I квартал 2023 (далее – по необходимости)", P),
            ["2023-Q1"]
        );
    }

    /// Measure 2.5 of order 633 (approved 26 December 2022): «ежегодно, июнь» is first due
    /// in June 2023, not June 2022; a span written out is kept as written.
    #[test]
    fn yearly_deadlines_start_at_approval() {
        let approved = Some(date(2022, 12, 26));
        let d = Deadline::parse("ежегодно, июнь").unwrap();
        let firsts: Vec<_> = d
            .due_from((2022, 2024), approved)
            .iter()
            .map(|w| w.first_day())
            .collect();
        assert_eq!(firsts, [date(2023, 6, 1), date(2024, 6, 1)]);
        assert_eq!(
            d.due((2022, 2024)).len(),
            2,
            "without a date, from 1 September of the first year"
        );
        assert_eq!(
            d.due((2024, 2024)).len(),
            1,
            "a one-year period is the whole year"
        );
        let d = Deadline::parse("декабрь 2022 (с 2023 года – ежегодно)").unwrap();
        assert_eq!(d.due_from((2022, 2024), approved).len(), 3);
        let d = Deadline::parse("октябрь 2022 (далее – ежегодно)").unwrap();
        assert_eq!(
            d.due_from((2022, 2024), approved)[0].first_day(),
            date(2022, 10, 1),
            "the first span as written, even before approval"
        );
    }

    #[test]
    fn a_span_written_twice_is_due_once() {
        let d = Deadline::parse("февраль - март 2023, февраль - март 2023").unwrap();
        assert_eq!(d.due((2022, 2024)).len(), 1);
    }

    #[test]
    fn yearly_deadlines_never_pass_the_period() {
        let d = Deadline::parse("декабрь 2022 (с 2023 года – ежегодно)").unwrap();
        assert!(
            d.due((2022, 2023))
                .iter()
                .all(|w| w.last_day().year() <= 2023)
        );
        assert!(
            Deadline::parse("ежегодно")
                .unwrap()
                .due((2022, 2024))
                .iter()
                .all(|w| w.last_day() <= date(2024, 12, 31))
        );
    }

    #[test]
    fn dated_forms() {
        assert_eq!(due("до 30.06.2023", P), ["2023-06-30"]);
        assert_eq!(
            due("До 30.06.2023, 30.06.2024, 25.12.2024", P),
            ["2023-06-30", "2024-06-30", "2024-12-25"]
        );
        assert_eq!(due("I квартал 2023", P), ["2023-Q1"]);
        assert_eq!(due("IV квартал 2024 г.", P), ["2024-Q4"]);
        assert_eq!(due("апрель–май 2023", P), ["2023-04/2023-05"]);
        assert_eq!(
            due("февраль - март 2023, февраль - март 2024", P),
            ["2023-02/2023-03", "2024-02/2024-03"]
        );
        assert_eq!(due("октябрь 2024", P), ["2024-10"]);
        assert_eq!(due("декабрь 2022", P), ["2022-12"]);
        assert_eq!(due("2023-06-30", P), ["2023-06-30"]);
        assert_eq!(due("2023-04", P), ["2023-04"]);
        assert_eq!(due("2023-Q2", P), ["2023-Q2"]);
        assert_eq!(due("2023-02 - 2023-03", P), ["2023-02/2023-03"]);
        assert_eq!(due("20 сентября 2023 г.", P), ["2023-09-20"]);
        assert_eq!(due("I-II квартал 2023", P), ["2023-Q1/2023-Q2"]);
    }

    #[test]
    fn unreadable_deadlines_are_errors_with_the_accepted_forms() {
        for s in [
            "",
            "скоро",
            "в 2023",
            "32.13.2023",
            "мартобрь 2023",
            "ежегодно до 31 июня",
        ] {
            let e = Deadline::parse(s).expect_err(s);
            assert!(e.message_ru().contains("записан непонятно"));
            assert!(e.hint_ru().contains("ежегодно"));
        }
        // A range that ends before it starts is not a deadline.
        assert!(Deadline::parse("май-апрель 2023").is_err());
    }

    #[test]
    fn plan_wording_reads_as_in_import_plan() {
        // The forms `import plan` reads are deadlines too, with the years they name.
        assert_eq!(due("в декабре 2022 года", P), ["2022-12"]);
        assert_eq!(due("10-12 октября 2022", P), ["2022-10-10/2022-10-12"]);
        assert_eq!(
            due("с 10.10.2022 по 15.10.2022", P),
            ["2022-10-10/2022-10-15"]
        );
        assert_eq!(due("не позднее 15 октября 2022", P), ["2022-10-15"]);
        assert_eq!(due("II полугодие 2023", P), ["2023-07/2023-12"]);
        assert_eq!(due("июнь, декабрь 2023", P), ["2023-06", "2023-12"]);
        // Without an approval date the plan begins on 1 September of its first year, as
        // `import plan` reads it: the first I квартал in it is 2024's.
        assert_eq!(due("ежегодно, I квартал", (2023, 2024)), ["2024-Q1"]);
        // A yearly range is due by its last day.
        assert_eq!(
            due("ежегодно 10-12 октября", (2023, 2024)),
            ["2023-10-12", "2024-10-12"]
        );
        // A year written after «ежегодно» is the first occurrence.
        assert_eq!(
            due("ежегодно до 20 сентября 2023", P),
            ["2023-09-20", "2024-09-20"]
        );
        // An event's own forms, a time included.
        assert_eq!(due("2024-03-20 15:00", P), ["2024-03-20 15:00"]);
    }

    #[test]
    fn words_outside_the_remark_must_be_understood() {
        for s in [
            "май 2023, 2 раза",
            "по итогам 2022 года",
            "декабрь 2022 по плану",
            "сентябрь",
            "июнь, декабрь",
            "ноябрь - январь 2023",
            "ежегодно 31.02.2023",
        ] {
            assert!(Deadline::parse(s).is_err(), "{s}");
        }
        // In the remark, or after «ежегодно», they describe the schedule.
        assert!(Deadline::parse("декабрь 2022 (по плану ГАУ ДПО СОИРО)").is_ok());
        assert!(Deadline::parse("ежегодно по графику").is_ok());
        // A range across the new year names both years.
        assert_eq!(due("ноябрь 2022 - январь 2023", P), ["2022-11/2023-01"]);
    }

    #[test]
    fn a_huge_deadline_is_read_in_linear_time() {
        let text = "с 1 мая по 2 мая 2023, май 2024 (далее – ежегодно по плану), ".repeat(100_000);
        let started = std::time::Instant::now();
        assert!(Deadline::parse(&text).is_ok());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn written_dates_outside_the_period_are_found() {
        let d = Deadline::parse("октябрь 2025").unwrap();
        assert_eq!(d.outside(P).len(), 1);
        assert!(Deadline::parse("ежегодно").unwrap().outside(P).is_empty());
        assert!(
            Deadline::parse("октябрь 2024")
                .unwrap()
                .outside(P)
                .is_empty()
        );
    }
}
