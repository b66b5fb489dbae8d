//! Russian plan wording read into the date model: the «Сроки» cell of a plan table and the
//! plan's period, as [`When`] values with their yearly repetition.
//!
//! Plans are written by people for people: «апрель-май 2023», «ежегодно (июнь, декабрь)»,
//! «До 30.06.2023, 30.06.2024, 25.12.2024», «декабрь 2022 (с 2023 года – ежегодно)». A cell is read
//! into zero or more [`PlanDate`]s: a [`When`] (a day, month or quarter, or a range of them), the
//! [`Yearly`] repetition when the plan says «ежегодно», and a note in Russian for what the plan
//! said beyond the date. When a cell names nothing a calendar can hold («постоянно», «по итогам
//! 2022 года», «ежегодно» without a month), [`parse_cell`] says why instead of guessing: a wrong
//! date in the feeds schools subscribe to is worse than a draft an editor finishes by hand.
//!
//! The plan's [`Period`] («на 2022-2024 годы», «на 2023-2024 учебный год») does two things: a
//! month without a year takes its year from it, and a yearly item does not repeat beyond it (its
//! repetition gets `until`, the last occurrence within the period).
//!
//! The wording itself is read by [`super::wording`], the reader roadmap deadlines share; this
//! module is the plan's view of it: each date a year (from the text, else from the period), its
//! repetition, and its note. Any word the reader does not understand keeps the original wording in
//! the note, so nothing the plan said is lost. Every step is linear in the length of the cell: the
//! cell may be whatever an editor pasted.
//!
//! It lives in the date model because it produces the model's values and reads Russian the way
//! [`crate::ru::dates`] does; `import plan` turns its values into event files.

use std::fmt;

use jiff::civil::Date;

use super::model::{DatePoint, When};
use super::wording::{
    Item, Kind, Point, Reading, date, fill_range, first_month, item_when, lend_years,
};
use super::yearly::Yearly;
use crate::ru::dates::{format_date_short, month_genitive, quarter_roman};
use crate::ru::plural;

/// The years a plan covers, from its heading («на 2022-2024 годы» → 2022–2024) or given by the
/// editor (`import plan --period 2022-2024`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub first: i16,
    pub last: i16,
    /// «на 2023-2024 учебный год», «2023/2024»: the plan ends with the school year, on 31 August
    /// of `last`, not on 31 December.
    pub school_year: bool,
}

impl Period {
    /// Calendar years `first..=last`.
    pub fn years(first: i16, last: i16) -> Period {
        Period {
            first,
            last,
            school_year: false,
        }
    }

    /// The first span of years in a text: «2022-2023», «на 2022 - 2024 годы», «2023/2024 учебный
    /// год»; or a single «на 2023 год». Ranges longer than six years are not a plan's period.
    pub fn find(text: &str) -> Option<Period> {
        let chars: Vec<char> = text.chars().collect();
        // Every check below looks at a bounded number of characters around `i` (a digit run is
        // scanned only from its first digit), so the search stays linear in a long text above
        // the table: editors paste whole orders with the plan at their end.
        let year_at = |i: usize| -> Option<(i16, usize)> {
            if i > 0 && chars[i - 1].is_ascii_digit() {
                return None;
            }
            let end = (i..chars.len())
                .find(|&j| !chars[j].is_ascii_digit())
                .unwrap_or(chars.len());
            if end - i != 4 {
                return None;
            }
            let value: String = chars[i..end].iter().collect();
            let year: i16 = value.parse().ok()?;
            (2000..=2100).contains(&year).then_some((year, end))
        };
        let skip_spaces = |mut i: usize| {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            i
        };
        let lower_at = |i: usize, n: usize| -> String {
            chars[i.min(chars.len())..]
                .iter()
                .take(n)
                .collect::<String>()
                .to_lowercase()
        };
        // «на» right before position `i`, spaces between allowed (the text before it trimmed).
        let preceded_by_na = |i: usize| -> bool {
            let mut j = i;
            while j > 0 && chars[j - 1].is_whitespace() {
                j -= 1;
            }
            j >= 2 && lower_at(j - 2, 2) == "на"
        };
        let mut single = None;
        for i in 0..chars.len() {
            let Some((first, end)) = year_at(i) else {
                continue;
            };
            // A year in a dotted date («26.12.2022») is not a period.
            if i > 0 && chars[i - 1] == '.' {
                continue;
            }
            let after = skip_spaces(end);
            if let Some(&separator @ ('-' | '–' | '—' | '/')) = chars.get(after) {
                let j = skip_spaces(after + 1);
                let ok = |&(last, _): &(i16, usize)| first <= last && last - first <= 6;
                if let Some((last, end)) = year_at(j).filter(ok) {
                    // «уч. год», «учебный год», «учебные годы»; «2023/2024» is how school years
                    // are written.
                    let school = separator == '/' || lower_at(skip_spaces(end), 2) == "уч";
                    return Some(Period {
                        first,
                        last,
                        school_year: school && last > first,
                    });
                }
            }
            if single.is_none() && preceded_by_na(i) && lower_at(after, 3) == "год" {
                single = Some(Period::years(first, first));
            }
        }
        single
    }

    /// The period as an editor gives it on the command line: `2022-2024`, `2023/2024`, `2023`,
    /// or the words of a heading («2023-2024 учебный год»).
    pub fn from_arg(text: &str) -> Result<Period, String> {
        let text = text.trim();
        let bare_year = text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
        let found = if bare_year {
            Period::find(&format!("на {text} год"))
        } else {
            Period::find(text)
        };
        found.ok_or_else(|| {
            format!(
                "период «{text}» не понят: укажите годы плана, например 2022-2024, 2023/2024 (учебный год) или 2023"
            )
        })
    }

    /// The last day of the plan: 31 August for a school year, else 31 December of `last`.
    pub fn last_day(&self) -> Date {
        let (month, day) = if self.school_year { (8, 31) } else { (12, 31) };
        Date::new(self.last, month, day).unwrap_or(Date::MAX)
    }

    /// The year of a month the plan names without one, the way schools read their plans:
    /// September to December belong to the first year, January to August to the next one
    /// (never past the last year, so a one-year period keeps everything in it).
    fn year_of(&self, autumn: bool) -> i16 {
        if autumn {
            self.first
        } else {
            (self.first + 1).min(self.last.max(self.first))
        }
    }
}

/// «2022–2024 гг.», «2023/2024 учебный год», «2023 г.»: for the import's report.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.school_year {
            write!(f, "{}/{} учебный год", self.first, self.last)
        } else if self.first == self.last {
            write!(f, "{} г.", self.first)
        } else {
            write!(f, "{}–{} гг.", self.first, self.last)
        }
    }
}

/// One date (or range) a plan cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanDate {
    /// The (first) occurrence. Its end is `None` for a single point, never equal to the start.
    pub when: When,
    /// The plan says this repeats every year («ежегодно», «далее – ежегодно»); with a period, the
    /// repetition ends with its last occurrence in the period.
    pub repeat: Option<Yearly>,
    /// What the plan said beyond the date itself, in Russian for the event's body, e.g.
    /// «срок исполнения — до 30.06.2023».
    pub note: Option<String>,
}

/// What a date cell amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellDates {
    /// One date per event to create («февраль - март 2023, февраль - март 2024» gives two).
    Dated(Vec<PlanDate>),
    /// No date can be put into a calendar; `reason` is a Russian sentence fragment for editors.
    Undated { reason: String },
}

/// More dates than any plan row names: such a cell is a pasting accident, and a draft that keeps
/// its wording is better than hundreds of events.
pub const MAX_DATES_PER_CELL: usize = 100;

/// Reads a «Сроки» cell. `period` is the plan's period: a month without a year takes its year
/// from it (see [`Period`]), and a yearly item stops repeating at its end.
pub fn parse_cell(text: &str, period: Option<Period>) -> CellDates {
    let original = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if original.is_empty() {
        return undated("срок не указан".to_string());
    }
    let reading = Reading::of(&original);
    if let Some(raw) = &reading.invalid {
        return undated(format!("в сроке «{original}» дата {raw} не существует"));
    }
    if reading.undatable || !reading.scanned_any {
        return undated(if reading.yearly {
            format!("срок «{original}»: ежегодно, но месяц не указан")
        } else {
            format!("срок «{original}» не называет конкретную дату")
        });
    }
    if reading.points.is_empty() {
        return undated(format!("срок «{original}» не называет конкретную дату"));
    }
    let mut items = reading.items();
    if items.len() > MAX_DATES_PER_CELL {
        let n = items.len() as u64;
        return undated(format!(
            "в сроке {n} {} — больше {MAX_DATES_PER_CELL}: проверьте, что ячейка скопирована верно, и создайте мероприятия вручную",
            plural(n, "дата", "даты", "дат")
        ));
    }
    if !resolve_years(&mut items, period) {
        return undated(format!(
            "в сроке «{original}» не указан год, а период плана (например, «на 2023-2024 учебный год») не найден"
        ));
    }

    let mut dates = Vec::with_capacity(items.len());
    for item in &items {
        let when = match item_when(item) {
            Ok(when) => when,
            Err(problem) => return undated(format!("в сроке «{original}» {problem}")),
        };
        let repeat = if reading.yearly {
            let until = period.map(|p| last_occurrence(&when, p.last_day()));
            match Yearly::new(&when, until, Vec::new()) {
                Ok(rule) => Some(rule),
                Err(_) => {
                    return undated(format!(
                        "в сроке «{original}» одно проведение ежегодного мероприятия длится год или дольше"
                    ));
                }
            }
        } else {
            None
        };
        let note = if reading.unknown {
            Some(format!("срок по плану — «{original}»"))
        } else if item.start.deadline {
            Some(format!(
                "срок исполнения — {}",
                deadline_words(&item.start, reading.yearly)
            ))
        } else {
            None
        };
        dates.push(PlanDate { when, repeat, note });
    }
    CellDates::Dated(dates)
}

fn undated(reason: String) -> CellDates {
    CellDates::Undated { reason }
}

/// The start of the last occurrence of `when` that begins by `last_day`; the first occurrence
/// itself when none later does (or when even the first begins after it: the plan then names a
/// date outside its own period, and the event happens once).
fn last_occurrence(when: &When, last_day: Date) -> DatePoint {
    let years = last_day.year().saturating_sub(when.first_day().year());
    (1..=years)
        .rev()
        .filter_map(|k| when.shifted_years(k))
        .find(|occurrence| occurrence.first_day() <= last_day)
        .map_or(when.start, |occurrence| occurrence.start)
}

/// Gives every point a year: first the years the plan wrote (see [`lend_years`]), then, when it
/// wrote none, the plan's period. Returns false if some point is still without a year.
fn resolve_years(items: &mut [Item], period: Option<Period>) -> bool {
    if lend_years(items) {
        return true;
    }
    let Some(period) = period else { return false };
    for item in items.iter_mut() {
        if item.start.year.is_some() {
            continue;
        }
        let month = first_month(item.start.kind);
        item.start.school = true;
        // A school year's first half is its autumn; otherwise the month decides.
        let autumn = month >= 9 || item.start.kind == (Kind::Half { half: 1 });
        item.start.year = Some(period.year_of(autumn));
        if let Some(end) = &mut item.end {
            end.school = true;
        }
        fill_range(item);
    }
    items
        .iter()
        .all(|it| it.start.year.is_some() && it.end.is_none_or(|e| e.year.is_some()))
}

/// «до 30.06.2023», «ежегодно до 28 мая», «до декабря 2022», «до конца I квартала 2023». Plain
/// spaces: the note is part of a sentence in the event's body, where the typographer places
/// non-breaking ones.
fn deadline_words(point: &Point, yearly: bool) -> String {
    let year = point.year.unwrap_or_default();
    let every = if yearly { "ежегодно " } else { "" };
    match point.kind {
        Kind::Day { day, month } if yearly => format!("ежегодно до {day} {}", genitive(month)),
        Kind::Day { day, month } => match date(year, month, day) {
            Some(d) => format!("до {}", format_date_short(d)),
            None => format!("до {day:02}.{month:02}.{year}"),
        },
        Kind::Month { month } if yearly => format!("ежегодно до {}", genitive(month)),
        Kind::Month { month } => format!("до {} {year}", genitive(month)),
        Kind::Quarter { quarter } => format!("{every}до конца {} квартала {year}", roman(quarter)),
        Kind::Half { half } => format!("{every}до конца {} полугодия {year}", roman(half)),
        Kind::DayOnly { day } => format!("{every}до {day}"),
    }
}

fn genitive(month: u32) -> &'static str {
    i8::try_from(month)
        .ok()
        .and_then(month_genitive)
        .unwrap_or("")
}

/// The Roman number of a quarter, and of a half-year, which is numbered the same way.
fn roman(n: u32) -> &'static str {
    i8::try_from(n).ok().and_then(quarter_roman).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHOOL: Option<Period> = Some(Period {
        first: 2022,
        last: 2023,
        school_year: false,
    });

    fn period(first: i16, last: i16) -> Option<Period> {
        Some(Period::years(first, last))
    }

    /// A date as the event file writes it: canonical start and end, repeating or not, the note.
    #[derive(Debug, PartialEq)]
    struct Spec {
        start: String,
        end: Option<String>,
        yearly: bool,
        note: Option<String>,
    }

    fn spec(start: &str, end: Option<&str>, yearly: bool, note: Option<&str>) -> Spec {
        Spec {
            start: start.into(),
            end: end.map(Into::into),
            yearly,
            note: note.map(Into::into),
        }
    }

    fn dates(text: &str, period: Option<Period>) -> Vec<PlanDate> {
        match parse_cell(text, period) {
            CellDates::Dated(dates) => dates,
            CellDates::Undated { reason } => panic!("{text:?} is undated: {reason}"),
        }
    }

    fn dated(text: &str, period: Option<Period>) -> Vec<Spec> {
        dates(text, period)
            .into_iter()
            .map(|d| Spec {
                start: d.when.start.to_string(),
                end: d.when.end.map(|e| e.to_string()),
                yearly: d.repeat.is_some(),
                note: d.note,
            })
            .collect()
    }

    fn starts(text: &str, period: Option<Period>) -> Vec<(String, Option<String>)> {
        dated(text, period)
            .into_iter()
            .map(|s| (s.start, s.end))
            .collect()
    }

    fn reason(text: &str, period: Option<Period>) -> String {
        match parse_cell(text, period) {
            CellDates::Undated { reason } => reason,
            CellDates::Dated(specs) => panic!("{text:?} is dated: {specs:?}"),
        }
    }

    fn pair(start: &str, end: Option<&str>) -> (String, Option<String>) {
        (start.to_string(), end.map(str::to_string))
    }

    #[test]
    fn periods_from_headings() {
        let school = |first, last| {
            Some(Period {
                first,
                last,
                school_year: true,
            })
        };
        assert_eq!(Period::find("на 2023-2024 учебный год"), school(2023, 2024));
        assert_eq!(Period::find("на 2023-2024 уч. год"), school(2023, 2024));
        assert_eq!(Period::find("2023/2024"), school(2023, 2024));
        assert_eq!(Period::find("2022-2023"), period(2022, 2023));
        assert_eq!(Period::find("на период 2022-2023 годы"), period(2022, 2023));
        assert_eq!(Period::find("на 2022 - 2024 годы"), period(2022, 2024));
        assert_eq!(Period::find("на 2022 – 2024 гг."), period(2022, 2024));
        assert_eq!(Period::find("План на 2023 год"), period(2023, 2023));
        assert_eq!(Period::find("приказ от 26.12.2022 - 2023"), None);
        assert_eq!(Period::find("№ 3273-р от 2019"), None);
        assert_eq!(Period::find("1990-2030"), None);
        assert_eq!(Period::find(""), None);
        assert_eq!(
            Period::find("на 2023-2024 учебный год").map(|p| p.last_day()),
            Some(jiff::civil::date(2024, 8, 31))
        );
        assert_eq!(
            period(2022, 2024).map(|p| p.last_day()),
            Some(jiff::civil::date(2024, 12, 31))
        );
    }

    #[test]
    fn periods_from_the_command_line() {
        assert_eq!(Period::from_arg("2022-2024"), Ok(Period::years(2022, 2024)));
        assert_eq!(Period::from_arg(" 2023 "), Ok(Period::years(2023, 2023)));
        assert_eq!(
            Period::from_arg("2023/2024").map(|p| p.school_year),
            Ok(true)
        );
        assert_eq!(
            Period::from_arg("2023-2024 учебный год").map(|p| p.school_year),
            Ok(true)
        );
        for bad in ["", "2024-2022", "20222", "весь год", "1990-2030"] {
            let err = Period::from_arg(bad).unwrap_err();
            assert!(err.contains("например 2022-2024"), "{bad}: {err}");
        }
        assert_eq!(Period::years(2022, 2024).to_string(), "2022–2024 гг.");
        assert_eq!(
            Period::find("2023/2024").map(|p| p.to_string()).as_deref(),
            Some("2023/2024 учебный год")
        );
    }

    /// `until` of each date a cell gives, in its canonical form.
    fn untils(text: &str, period: Option<Period>) -> Vec<Option<String>> {
        dates(text, period)
            .into_iter()
            .map(|d| d.repeat.and_then(|r| r.until).map(|u| u.to_string()))
            .collect()
    }

    #[test]
    fn yearly_items_stop_at_the_end_of_the_period() {
        let years = period(2022, 2024);
        assert_eq!(
            untils("ежегодно (июнь, декабрь)", years),
            [Some("2024-06".to_string()), Some("2024-12".to_string())]
        );
        assert_eq!(
            untils("декабрь 2022 (с 2023 года – ежегодно)", years),
            [Some("2024-12".to_string())]
        );
        // A school year ends in August: December of its second year is past it.
        let school = Period::find("на 2023-2024 учебный год");
        assert_eq!(
            untils("ежегодно (декабрь, май)", school),
            [Some("2023-12".to_string()), Some("2024-05".to_string())]
        );
        // A date the plan writes beyond its own period happens once.
        assert_eq!(
            untils("декабрь 2026 (далее – ежегодно)", years),
            [Some("2026-12".to_string())]
        );
        // Without a period nothing bounds the repetition.
        assert_eq!(
            untils("декабрь 2022 (далее – ежегодно)", None),
            [None::<String>]
        );
        // Not yearly: no repetition at all.
        assert!(dates("декабрь 2022", years)[0].repeat.is_none());
        // 29 February repeats only in leap years: the last one in the period.
        assert_eq!(
            untils("ежегодно 29.02.2024", period(2024, 2030)),
            [Some("2028-02-29".to_string())]
        );
    }

    #[test]
    fn no_yearly_item_repeats_past_the_period() {
        let end = jiff::civil::date(2035, 12, 31);
        for p in [
            period(2022, 2024),
            period(2023, 2023),
            Period::find("на 2023-2024 учебный год"),
        ] {
            let last = p.map(|p| p.last_day()).expect("a period");
            for cell in [
                "ежегодно (июнь, декабрь)",
                "Ежегодно до 20 сентября",
                "Ежегодно до 28 мая",
                "ежегодно, I квартал",
                "ежегодно 10-12 октября",
                "ежегодно (28 декабря - 3 января)",
                "ноябрь 2022 (далее – ежегодно)",
            ] {
                for date in dates(cell, p) {
                    let rule = date.repeat.expect("yearly");
                    let occurrences = rule.occurrences(&date.when, date.when.first_day(), end);
                    assert!(!occurrences.is_empty(), "{cell}");
                    for o in occurrences.iter().skip(1) {
                        assert!(o.first_day() <= last, "{cell} in {p:?}: {o:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_yearly_deadline_starts_at_its_first_day_in_the_period() {
        // «ежегодно до 20 сентября» in a plan for 2023–2025: 20 September 2023, not 1 January.
        let got = dates("Ежегодно до 20 сентября", period(2023, 2025));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].when.start.to_string(), "2023-09-20");
        assert_eq!(got[0].when.end, None);
        let until = got[0].repeat.as_ref().and_then(|r| r.until);
        assert_eq!(until.map(|u| u.to_string()).as_deref(), Some("2025-09-20"));
        assert_eq!(
            got[0].note.as_deref(),
            Some("срок исполнения — ежегодно до 20 сентября")
        );
    }

    #[test]
    fn a_repetition_longer_than_a_year_is_a_draft() {
        let why = reason("ежегодно, сентябрь 2022 - октябрь 2023", None);
        assert!(why.contains("длится год или дольше"), "{why}");
    }

    #[test]
    fn a_huge_cell_is_read_in_linear_time_and_refused() {
        // Hundreds of thousands of ranges, «по» words and yearless months: each once.
        let cell = "с 1 мая по 2 мая 2023, май, ".repeat(200_000);
        let started = std::time::Instant::now();
        let why = reason(&cell, SCHOOL);
        assert!(
            why.contains("в сроке 400000 дат — больше 100"),
            "{}",
            why.chars().take(200).collect::<String>()
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            dated(&"май 2023, ".repeat(MAX_DATES_PER_CELL), None).len(),
            100
        );
    }

    #[test]
    fn a_dotted_day() {
        assert_eq!(
            dated("10.10.2022", None),
            vec![spec("2022-10-10", None, false, None)]
        );
        assert_eq!(starts("10.10.22", None), vec![pair("2022-10-10", None)]);
        assert_eq!(
            starts("10.10.2022 г.", None),
            vec![pair("2022-10-10", None)]
        );
    }

    #[test]
    fn a_month_and_a_month_range() {
        assert_eq!(
            dated("Сентябрь 2022", None),
            vec![spec("2022-09", None, false, None)]
        );
        assert_eq!(
            starts("апрель-май 2023", None),
            vec![pair("2023-04", Some("2023-05"))]
        );
        assert_eq!(
            starts("апрель – май 2023 г.", None),
            vec![pair("2023-04", Some("2023-05"))]
        );
        assert_eq!(
            starts("в декабре 2022 года", None),
            vec![pair("2022-12", None)]
        );
    }

    #[test]
    fn a_range_across_new_year_borrows_the_right_year() {
        assert_eq!(
            starts("ноябрь - январь 2023", None),
            vec![pair("2022-11", Some("2023-01"))]
        );
        assert_eq!(
            starts("ноябрь 2022 - январь 2023", None),
            vec![pair("2022-11", Some("2023-01"))]
        );
        assert_eq!(
            starts("28 декабря - 3 января 2023", None),
            vec![pair("2022-12-28", Some("2023-01-03"))]
        );
    }

    #[test]
    fn a_quarter_and_a_half_year() {
        assert_eq!(
            dated("I квартал 2023", None),
            vec![spec("2023-Q1", None, false, None)]
        );
        assert_eq!(
            starts("IV квартал 2023 г.", None),
            vec![pair("2023-Q4", None)]
        );
        assert_eq!(starts("2 квартал 2024", None), vec![pair("2024-Q2", None)]);
        assert_eq!(
            starts("I-II квартал 2023", None),
            vec![pair("2023-Q1", Some("2023-Q2"))]
        );
        assert_eq!(
            starts("II полугодие 2023", None),
            vec![pair("2023-07", Some("2023-12"))]
        );
        // In a school plan a half-year without a year is a half of the school year.
        assert_eq!(
            starts("I полугодие", SCHOOL),
            vec![pair("2022-09", Some("2022-12"))]
        );
        assert_eq!(
            starts("II полугодие", SCHOOL),
            vec![pair("2023-01", Some("2023-05"))]
        );
    }

    #[test]
    fn two_ranges_give_two_specs() {
        assert_eq!(
            starts("февраль - март 2023, февраль - март 2024", None),
            vec![
                pair("2023-02", Some("2023-03")),
                pair("2024-02", Some("2024-03"))
            ]
        );
        assert_eq!(
            starts("Сентябрь 2022, май 2023", None),
            vec![pair("2022-09", None), pair("2023-05", None)]
        );
    }

    #[test]
    fn a_list_lends_years_to_neighbours() {
        assert_eq!(
            starts("июнь, декабрь 2023", None),
            vec![pair("2023-06", None), pair("2023-12", None)]
        );
        assert_eq!(
            starts("сентябрь 2022, май", None),
            vec![pair("2022-09", None), pair("2023-05", None)]
        );
    }

    #[test]
    fn yearly_months_take_their_year_from_the_period() {
        assert_eq!(
            dated("ежегодно (июнь, декабрь)", SCHOOL),
            vec![
                spec("2023-06", None, true, None),
                spec("2022-12", None, true, None)
            ]
        );
        assert_eq!(
            dated("ежегодно, декабрь", SCHOOL),
            vec![spec("2022-12", None, true, None)]
        );
        assert_eq!(
            dated("ежегодно (декабрь)", SCHOOL),
            vec![spec("2022-12", None, true, None)]
        );
        // A multi-year period: September–December in its first year, the rest in the next one.
        assert_eq!(
            starts("ежегодно (июнь, декабрь)", period(2022, 2024)),
            vec![pair("2023-06", None), pair("2022-12", None)]
        );
        // A one-year period never sends a month past its end.
        assert_eq!(
            starts("март", period(2023, 2023)),
            vec![pair("2023-03", None)]
        );
    }

    #[test]
    fn school_year_rule_for_months_without_a_year() {
        assert_eq!(starts("Сентябрь", SCHOOL), vec![pair("2022-09", None)]);
        assert_eq!(starts("август", SCHOOL), vec![pair("2023-08", None)]);
        assert_eq!(
            starts("сентябрь - май", SCHOOL),
            vec![pair("2022-09", Some("2023-05"))]
        );
        assert_eq!(starts("IV квартал", SCHOOL), vec![pair("2022-Q4", None)]);
    }

    #[test]
    fn deadlines_are_the_day_with_a_note() {
        assert_eq!(
            dated("до 30.06.2023", None),
            vec![spec(
                "2023-06-30",
                None,
                false,
                Some("срок исполнения — до 30.06.2023")
            )]
        );
        assert_eq!(
            dated("До 30.06.2023, 30.06.2024, 25.12.2024", None),
            vec![
                spec(
                    "2023-06-30",
                    None,
                    false,
                    Some("срок исполнения — до 30.06.2023")
                ),
                spec(
                    "2024-06-30",
                    None,
                    false,
                    Some("срок исполнения — до 30.06.2024")
                ),
                spec(
                    "2024-12-25",
                    None,
                    false,
                    Some("срок исполнения — до 25.12.2024")
                ),
            ]
        );
        assert_eq!(
            dated("Ежегодно до 28 мая", SCHOOL),
            vec![spec(
                "2023-05-28",
                None,
                true,
                Some("срок исполнения — ежегодно до 28 мая")
            )]
        );
        assert_eq!(
            dated("Ежегодно до 20 сентября", SCHOOL),
            vec![spec(
                "2022-09-20",
                None,
                true,
                Some("срок исполнения — ежегодно до 20 сентября")
            )]
        );
        assert_eq!(
            dated("не позднее 15 октября 2022", None),
            vec![spec(
                "2022-10-15",
                None,
                false,
                Some("срок исполнения — до 15.10.2022")
            )]
        );
    }

    #[test]
    fn a_month_then_every_year() {
        assert_eq!(
            dated("декабрь 2022 (с 2023 года – ежегодно)", None),
            vec![spec("2022-12", None, true, None)]
        );
        assert_eq!(
            dated("ноябрь 2022 (далее – ежегодно)", None),
            vec![spec("2022-11", None, true, None)]
        );
    }

    #[test]
    fn extra_words_keep_the_original_wording_as_a_note() {
        assert_eq!(
            dated(
                "январь 2023 (далее- ежегодно по специальному графику)",
                None
            ),
            vec![spec(
                "2023-01",
                None,
                true,
                Some("срок по плану — «январь 2023 (далее- ежегодно по специальному графику)»")
            )]
        );
        assert_eq!(
            dated("I квартал 2023 (далее – по необходимости)", None),
            vec![spec(
                "2023-Q1",
                None,
                false,
                Some("срок по плану — «I квартал 2023 (далее – по необходимости)»")
            )]
        );
        let specs = dated(
            "ежегодно (июнь, декабрь по плану ГАУ ДПО СОИРО)",
            period(2022, 2024),
        );
        assert_eq!(specs.len(), 2);
        assert_eq!(
            specs[0].note.as_deref(),
            Some("срок по плану — «ежегодно (июнь, декабрь по плану ГАУ ДПО СОИРО)»")
        );
    }

    #[test]
    fn day_ranges() {
        assert_eq!(
            starts("10-12 октября 2022", None),
            vec![pair("2022-10-10", Some("2022-10-12"))]
        );
        assert_eq!(
            starts("с 10.10.2022 по 15.10.2022", None),
            vec![pair("2022-10-10", Some("2022-10-15"))]
        );
        assert_eq!(
            starts("30 сентября – 2 октября 2022", None),
            vec![pair("2022-09-30", Some("2022-10-02"))]
        );
        assert_eq!(dated("с 10.10.2022 по 15.10.2022", None)[0].note, None);
    }

    #[test]
    fn iso_forms_are_understood() {
        assert_eq!(starts("2023-04-10", None), vec![pair("2023-04-10", None)]);
        assert_eq!(starts("2023-04", None), vec![pair("2023-04", None)]);
        assert_eq!(starts("2023-Q1", None), vec![pair("2023-Q1", None)]);
    }

    #[test]
    fn mixed_precisions_become_months() {
        assert_eq!(
            starts("сентябрь 2022 – 15.10.2022", None),
            vec![pair("2022-09", Some("2022-10"))]
        );
    }

    #[test]
    fn undatable_cells_say_why() {
        for text in [
            "По итогам 2022 года",
            "постоянно",
            "Постоянно (по необходимости)",
            "в течение года",
            "В течение учебного года",
            "по мере необходимости",
            "в сроки, определяемые организаторами",
            "в сроки, определяемые организаторами мероприятий",
            "постоянно, по мере поступления информации",
        ] {
            let why = reason(text, SCHOOL);
            assert!(why.contains("не называет конкретную дату"), "{text}: {why}");
            assert!(why.contains(text), "{text}: {why}");
        }
        assert_eq!(reason("", SCHOOL), "срок не указан");
        assert_eq!(reason("  ", SCHOOL), "срок не указан");
        assert!(reason("ежегодно", SCHOOL).contains("месяц не указан"));
        assert!(
            reason("ежегодно (в соответствии с планом-графиком)", SCHOOL)
                .contains("месяц не указан")
        );
    }

    #[test]
    fn a_month_without_a_year_and_without_a_period_is_undated() {
        let why = reason("ежегодно (декабрь)", None);
        assert!(why.contains("не указан год"), "{why}");
    }

    #[test]
    fn impossible_dates_are_undated_not_guessed() {
        assert!(reason("31.02.2023", None).contains("31.02.2023 не существует"));
        assert!(reason("10.13.2023", None).contains("не существует"));
        assert!(reason("30 февраля 2023", None).contains("30.02.2023 не существует"));
        assert!(reason("май 2023 - апрель 2023", None).contains("конец срока раньше начала"));
        // Without the start's own year the range simply crosses the new year.
        assert_eq!(
            starts("май - апрель 2023", None),
            vec![pair("2022-05", Some("2023-04"))]
        );
    }

    #[test]
    fn stray_numbers_are_not_dates() {
        // «2 раза в год» names no date; the number must not become a day.
        assert!(matches!(
            parse_cell("2 раза в год", SCHOOL),
            CellDates::Undated { .. }
        ));
        // A number beside a real date only adds a note.
        let specs = dated("май 2023, 2 раза", None);
        assert_eq!(specs.len(), 1);
        assert!(specs[0].note.is_some());
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "99999999999999999999.1.2023",
            "1.2.3.4.5",
            "—",
            "- , ; ()",
            "до",
            "с по",
            "0.0.0",
            "2023-",
            "2023-13",
            "iv",
            "10-",
            "...10.10.2022...",
            "ёжик 2023 года",
            "\u{a0}май\u{a0}2023",
        ] {
            let _ = parse_cell(text, SCHOOL);
            let _ = parse_cell(text, None);
        }
        assert_eq!(
            starts("\u{a0}май\u{a0}2023", None),
            vec![pair("2023-05", None)]
        );
    }
}
