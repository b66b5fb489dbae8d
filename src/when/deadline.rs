//! Deadlines of roadmap measures, as Russian plans write them: «октябрь 2024», «I квартал 2023»,
//! «до 30.06.2023, 30.06.2024, 25.12.2024», «февраль - март 2023, февраль - март 2024»,
//! «ежегодно (июнь, декабрь)», «ежегодно до 20 сентября», «декабрь 2022 (с 2023 года –
//! ежегодно)», «постоянно».
//!
//! A [`Deadline`] keeps what the editor meant (a set of dated spans, a yearly rule, or no fixed
//! date); [`Deadline::due`] turns it into the concrete spans within a roadmap's period, so a
//! yearly deadline never runs past the period's end. The dated forms are read with
//! [`DatePoint::parse`] (ISO and `30.06.2023`) and the month and quarter names of
//! [`crate::ru::dates`]; what [`DatePoint::parse`] accepts is accepted here too.
//!
//! Overlap: `import/dates.rs` reads the dates of *event plans* («10–14 октября», «в течение
//! месяца») into events; this module reads *deadlines*, which add yearly rules and «до …».
//! Both read «<месяц> <год>», ranges of months and quarters: once the plan reader lives in
//! `when/`, the shared span reader ([`parse_span`]) can serve both.

use super::model::{DatePoint, When};
use crate::ru::dates::parse_month_name;

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
    /// Reads a deadline as written in a plan.
    pub fn parse(input: &str) -> Result<Deadline, DeadlineError> {
        let err = || DeadlineError {
            input: input.trim().to_string(),
        };
        let norm = normalize(input);
        if norm.is_empty() {
            return Err(err());
        }
        let (main, remark) = split_remark(&norm);
        let main = main.trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
        const CONTINUOUS: [&str; 5] = [
            "постоянно",
            "в сроки",
            "по мере",
            "по необходимости",
            "в течение всего периода",
        ];
        if CONTINUOUS.iter().any(|w| main.starts_with(w)) {
            return Ok(Deadline::Continuous);
        }
        if main.starts_with("в течение") && main.contains("год") {
            return Ok(Deadline::Yearly {
                first: Vec::new(),
                from_year: None,
                at: Vec::new(),
            });
        }
        if let Some(rest) = main.strip_prefix("ежегодно") {
            let rest = rest.trim_start_matches([',', ':', ' ', '-']);
            let mut at = Vec::new();
            if let Some(day) = rest.strip_prefix("до ") {
                at.push(day_month(day.trim()).ok_or_else(err)?);
            } else {
                at.extend(month_names(rest).into_iter().map(YearlyAt::Month));
            }
            at.extend(month_names(remark).into_iter().map(YearlyAt::Month));
            at.sort_by_key(|a| yearly_at_key(*a));
            at.dedup();
            return Ok(Deadline::Yearly {
                first: Vec::new(),
                from_year: None,
                at,
            });
        }
        let spans = main
            .split([',', ';'])
            .map(|item| parse_span(item).ok_or_else(err))
            .collect::<Result<Vec<When>, _>>()?;
        if spans.is_empty() {
            return Err(err());
        }
        if remark.contains("ежегодно") {
            // «декабрь 2022 (с 2023 года – ежегодно)», «ноябрь 2022 (далее – ежегодно)»: the
            // same point every following year.
            let last = spans[spans.len() - 1];
            let from_year = remark
                .split_whitespace()
                .find_map(|w| w.parse::<i16>().ok().filter(|y| *y >= 1000))
                .unwrap_or(last.last_day().year() + 1);
            let at = match last.end.unwrap_or(last.start) {
                DatePoint::Month { month, .. } => vec![YearlyAt::Month(month)],
                DatePoint::Quarter { quarter, .. } => vec![YearlyAt::Quarter(quarter)],
                DatePoint::Day(d) => vec![YearlyAt::Day {
                    month: d.month(),
                    day: d.day(),
                }],
                DatePoint::DateTime(dt) => vec![YearlyAt::Day {
                    month: dt.month(),
                    day: dt.day(),
                }],
            };
            return Ok(Deadline::Yearly {
                first: spans,
                from_year: Some(from_year),
                at,
            });
        }
        Ok(Deadline::Dates(spans))
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
    pub fn due_from(&self, period: (i16, i16), approved: Option<jiff::civil::Date>) -> Vec<When> {
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

/// Lower case, `ё` as `е`, every dash as `-`, single spaces, no final full stop.
fn normalize(s: &str) -> String {
    let lowered = s
        .to_lowercase()
        .replace('ё', "е")
        .replace(['–', '—', '‒', '−'], "-")
        .replace('\u{a0}', " ");
    let joined = lowered.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.trim_end_matches('.').trim().to_string()
}

/// Splits «декабрь 2022 (с 2023 года - ежегодно)» into the dated part and the remark in
/// brackets.
fn split_remark(s: &str) -> (String, &str) {
    match (s.find('('), s.rfind(')')) {
        (Some(open), Some(close)) if open < close => {
            let main = format!("{} {}", &s[..open], &s[close + 1..]);
            (main.trim().to_string(), &s[open + 1..close])
        }
        (Some(open), None) => (s[..open].trim().to_string(), &s[open + 1..]),
        _ => (s.to_string(), ""),
    }
}

/// Month names among the words of `s`, in order.
fn month_names(s: &str) -> Vec<i8> {
    s.split(|c: char| !c.is_alphabetic())
        .filter_map(parse_month_name)
        .collect()
}

/// «20 сентября» (any case of the month name).
fn day_month(s: &str) -> Option<YearlyAt> {
    let mut words = s.split_whitespace();
    let day: i8 = words.next()?.parse().ok()?;
    let month = parse_month_name(words.next()?)?;
    // Checked against a leap year, so «29 февраля» is possible.
    jiff::civil::Date::new(2024, month, day).ok()?;
    Some(YearlyAt::Day { month, day })
}

/// Removes a trailing «г.», «г», «года», «год» after a year.
fn strip_year_word(s: &str) -> &str {
    let s = s.trim();
    for suffix in ["года", "год", "г.", "г"] {
        if let Some(rest) = s.strip_suffix(suffix)
            && rest.ends_with(|c: char| c.is_ascii_digit() || c == ' ')
        {
            return rest.trim();
        }
    }
    s
}

fn year(s: &str) -> Option<i16> {
    let s = strip_year_word(s);
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A roman or arabic quarter number: «i», «iv», «2».
fn quarter_number(s: &str) -> Option<i8> {
    match s {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        _ => None,
    }
}

/// One point, with the year it may borrow from the other end of a range («апрель» in
/// «апрель-май 2023»). Accepts what [`DatePoint::parse`] accepts, «октябрь 2024», «i квартал
/// 2023», «20 сентября 2023».
fn parse_point(s: &str, borrowed_year: Option<i16>) -> Option<DatePoint> {
    let s = strip_year_word(s.trim().trim_start_matches("до ").trim());
    if let Ok(p) = DatePoint::parse(s) {
        return Some(p);
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    match words.as_slice() {
        [m] => DatePoint::month(borrowed_year?, parse_month_name(m)?).ok(),
        [m, y] if parse_month_name(m).is_some() => {
            DatePoint::month(year(y)?, parse_month_name(m)?).ok()
        }
        [q, "квартал"] => DatePoint::quarter(borrowed_year?, quarter_number(q)?).ok(),
        [q, "квартал", y] => DatePoint::quarter(year(y)?, quarter_number(q)?).ok(),
        [d, m] => {
            let date =
                jiff::civil::Date::new(borrowed_year?, parse_month_name(m)?, d.parse().ok()?);
            date.ok().map(DatePoint::Day)
        }
        [d, m, y] => {
            let date = jiff::civil::Date::new(year(y)?, parse_month_name(m)?, d.parse().ok()?);
            date.ok().map(DatePoint::Day)
        }
        _ => None,
    }
}

/// The year a point written in words ends with, for the other end of a range.
fn trailing_year(s: &str) -> Option<i16> {
    s.split_whitespace().last().and_then(year)
}

/// One dated span: a point, or a range of two points of the same kind («апрель-май 2023»,
/// «февраль - март 2024», «i-ii квартал 2023», «2023-02 - 2023-03»). Public within `when` so the
/// plan reader can share it.
pub(crate) fn parse_span(item: &str) -> Option<When> {
    let item = item.trim().trim_start_matches("до ").trim();
    if item.is_empty() {
        return None;
    }
    if let Some(point) = parse_point(item, None) {
        return When::new(point, None).ok();
    }
    // A range: « - » between two ends, or «-» between two words (not inside an ISO date).
    let halves = item.split_once(" - ").or_else(|| {
        item.split_once('-')
            .filter(|(a, _)| !a.chars().any(|c| c.is_ascii_digit()))
    })?;
    let (a, b) = (halves.0.trim(), halves.1.trim());
    let end = parse_point(b, None)?;
    let year = trailing_year(b);
    // «i-ii квартал 2023»: the first end is a bare quarter number.
    let start = match end {
        DatePoint::Quarter { year, .. } => parse_point(a, Some(year))
            .or_else(|| DatePoint::quarter(year, quarter_number(a)?).ok())?,
        _ => parse_point(a, year.or(Some(end.first_day().year())))?,
    };
    When::new(start, Some(end)).ok()
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
            ["2023-06", "2023-12", "2024-06", "2024-12"]
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
            3,
            "without a date, the whole period"
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
