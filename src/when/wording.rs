//! The one reader of Russian plan wording: what the «Сроки» cell of a plan table and the `due` of
//! a roadmap measure say, «апрель-май 2023», «ежегодно (июнь, декабрь)», «до 30.06.2023,
//! 30.06.2024», «декабрь 2022 (с 2023 года – ежегодно)», «постоянно».
//!
//! [`Reading::of`] splits the text into tokens, recognises dates by a handful of shapes (dotted
//! day, day + month name, month name, quarter, half-year, ISO forms), decides from what stands
//! between two dates whether they form a range («апрель-май», «с … по …») or a list («июнь,
//! декабрь»), and notes the words around them: «ежегодно», «до …», a first word that says the
//! text names no date («постоянно», «в течение года»), a bare year («с 2023 года»), and any word
//! it does not understand, inside the bracketed remark or outside it. Every step is linear in the
//! length of the text: the text may be whatever an editor pasted.
//!
//! Two views read the same [`Reading`]: [`super::plan::parse_cell`] (what `import plan` turns
//! into events: each date with its yearly repetition, years taken from the plan's period) and
//! [`super::deadline::Deadline::parse`] (what a measure's deadline says: dated spans, a yearly
//! rule, or no fixed date). They differ only where their uses differ: a plan keeps any wording it
//! does not understand as a note, while a deadline outside its bracketed remark must be fully
//! understood, because the roadmap counts a measure overdue by it.

use jiff::civil::Date;

use super::model::{DatePoint, When};
use crate::ru::dates::parse_month_name;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// `30.06.2023`, `28.05`, `10.10.22`; `raw` as written, for messages.
    Dotted {
        day: u32,
        month: u32,
        year: Option<(u32, usize)>,
        raw: String,
    },
    Num {
        value: u32,
        digits: usize,
    },
    Word(String),
    Dash,
    /// `,`, `;` or `/`: separates items of a list.
    Sep,
    /// `(` and `)`, which bound the remark.
    Open,
    Close,
    Other,
}

fn tokenize(text: &str) -> Vec<Tok> {
    let lower = text.to_lowercase().replace('ё', "е");
    let chars: Vec<char> = lower.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let mut groups = Vec::new();
            let mut j = i;
            loop {
                let start = j;
                while j < chars.len() && chars[j].is_ascii_digit() {
                    j += 1;
                }
                groups.push(digits_value(&chars[start..j]));
                if chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(char::is_ascii_digit)
                {
                    j += 1;
                } else {
                    break;
                }
            }
            out.push(match groups.as_slice() {
                [(value, digits)] => Tok::Num {
                    value: *value,
                    digits: *digits,
                },
                [(day, _), (month, _)] => Tok::Dotted {
                    day: *day,
                    month: *month,
                    year: None,
                    raw: chars[i..j].iter().collect(),
                },
                [(day, _), (month, _), year] => Tok::Dotted {
                    day: *day,
                    month: *month,
                    year: Some(*year),
                    raw: chars[i..j].iter().collect(),
                },
                _ => Tok::Other,
            });
            i = j;
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            out.push(Tok::Word(chars[start..i].iter().collect()));
        } else {
            match c {
                '-' | '‐' | '‑' | '‒' | '–' | '—' | '−' => out.push(Tok::Dash),
                ',' | ';' | '/' => out.push(Tok::Sep),
                '(' => out.push(Tok::Open),
                ')' => out.push(Tok::Close),
                c if c.is_whitespace() => {}
                _ => out.push(Tok::Other),
            }
            i += 1;
        }
    }
    out
}

/// The value of a run of digits (saturating: a long number is simply not a date) and its length.
fn digits_value(digits: &[char]) -> (u32, usize) {
    let value = digits.iter().fold(0u32, |acc, d| {
        acc.saturating_mul(10)
            .saturating_add(d.to_digit(10).unwrap_or(0))
    });
    (value, digits.len())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Day {
        day: u32,
        month: u32,
    },
    /// A day whose month comes later: the «10» of «10-12 октября».
    DayOnly {
        day: u32,
    },
    Month {
        month: u32,
    },
    Quarter {
        quarter: u32,
    },
    Half {
        half: u32,
    },
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Point {
    pub kind: Kind,
    /// Written with the point, lent by a neighbour, or (in a plan) taken from the period.
    pub year: Option<i16>,
    /// The year came from a school-year period: «I полугодие» then means September–December.
    pub school: bool,
    /// «до», «не позднее», «к» stand before it.
    pub deadline: bool,
    /// Token span, inclusive.
    first: usize,
    last: usize,
}

/// Whether some word was not understood, anywhere and outside the bracketed remark.
#[derive(Default)]
struct Unknown {
    anywhere: bool,
    outside_remark: bool,
}

impl Unknown {
    fn note(&mut self, in_remark: bool) {
        self.anywhere = true;
        self.outside_remark |= !in_remark;
    }
}

struct Scan {
    points: Vec<Point>,
    yearly: bool,
    unknown: Unknown,
    undatable: bool,
    invalid: Option<String>,
    bare_year: Option<i16>,
}

/// Words that carry no meaning of their own next to dates («года», «с … », «в декабре», «далее –
/// ежегодно»). «по» is handled apart: it is a connector only inside «с … по …».
const CONNECTORS: [&str; 15] = [
    "г",
    "гг",
    "год",
    "года",
    "году",
    "годы",
    "годов",
    "с",
    "и",
    "в",
    "далее",
    "течение",
    "не",
    "срок",
    "сроки",
];

fn scan(tokens: &[Tok], in_remark: &dyn Fn(usize) -> bool) -> Scan {
    let mut s = Scan {
        points: Vec::new(),
        yearly: false,
        unknown: Unknown::default(),
        undatable: false,
        invalid: None,
        bare_year: None,
    };
    let mut deadline = false;
    let mut i = 0;
    while i < tokens.len() {
        let first = i;
        let found: Option<(Kind, Option<i16>, usize)> = match &tokens[i] {
            Tok::Dotted {
                day,
                month,
                year,
                raw,
            } => {
                let year = year.map(|(value, digits)| match digits {
                    2 => i16::try_from(2000 + value).ok(),
                    4 => plausible_year(value),
                    _ => None,
                });
                if year == Some(None) || !(1..=31).contains(day) || !(1..=12).contains(month) {
                    s.invalid = Some(raw.clone());
                    return s;
                }
                Some((
                    Kind::Day {
                        day: *day,
                        month: *month,
                    },
                    year.flatten(),
                    i + 1,
                ))
            }
            Tok::Num { value, digits: 4 } => match (
                plausible_year(*value),
                tokens.get(i + 1),
                tokens.get(i + 2),
                tokens.get(i + 3),
                tokens.get(i + 4),
            ) {
                // ISO forms editors may type: 2023-04-10, 2023-04, 2023-q1.
                (
                    Some(y),
                    Some(Tok::Dash),
                    Some(Tok::Num {
                        value: m,
                        digits: 1..=2,
                    }),
                    Some(Tok::Dash),
                    Some(Tok::Num {
                        value: d,
                        digits: 1..=2,
                    }),
                ) if (1..=12).contains(m) && (1..=31).contains(d) => {
                    Some((Kind::Day { day: *d, month: *m }, Some(y), i + 5))
                }
                (
                    Some(y),
                    Some(Tok::Dash),
                    Some(Tok::Num {
                        value: m,
                        digits: 2,
                    }),
                    _,
                    _,
                ) if (1..=12).contains(m) => Some((Kind::Month { month: *m }, Some(y), i + 3)),
                (
                    Some(y),
                    Some(Tok::Dash),
                    Some(Tok::Word(w)),
                    Some(Tok::Num {
                        value: q,
                        digits: 1,
                    }),
                    _,
                ) if matches!(w.as_str(), "q" | "кв") && (1..=4).contains(q) => {
                    Some((Kind::Quarter { quarter: *q }, Some(y), i + 4))
                }
                // A bare year («с 2023 года», «2022-2024 годы») is context, not a date.
                (Some(y), ..) => {
                    s.bare_year.get_or_insert(y);
                    None
                }
                (None, ..) => {
                    s.unknown.note(in_remark(i));
                    None
                }
            },
            Tok::Num {
                value,
                digits: 1..=2,
            } => {
                let next = tokens.get(i + 1);
                if let Some(month) = word_at(next).and_then(parse_month_name) {
                    let (year, end) = year_after(tokens, i + 2);
                    Some((
                        Kind::Day {
                            day: *value,
                            month: month_u32(month),
                        },
                        year,
                        end,
                    ))
                } else if let Some((kind, end)) = numbered_period(tokens, i, *value) {
                    let (year, end) = if end == i + 2 {
                        year_after(tokens, end)
                    } else {
                        (None, end)
                    };
                    Some((kind, year, end))
                } else if (1..=31).contains(value) {
                    Some((Kind::DayOnly { day: *value }, None, i + 1))
                } else {
                    s.unknown.note(in_remark(i));
                    None
                }
            }
            Tok::Num { .. } => {
                s.unknown.note(in_remark(i));
                None
            }
            Tok::Word(w) => {
                if let Some(month) = parse_month_name(w) {
                    let (year, end) = year_after(tokens, i + 1);
                    Some((
                        Kind::Month {
                            month: month_u32(month),
                        },
                        year,
                        end,
                    ))
                } else if let Some((kind, end)) =
                    roman_value(w).and_then(|n| numbered_period(tokens, i, n))
                {
                    let (year, end) = if end == i + 2 {
                        year_after(tokens, end)
                    } else {
                        (None, end)
                    };
                    Some((kind, year, end))
                } else {
                    match w.as_str() {
                        w if w.starts_with("ежегодн") => s.yearly = true,
                        "до" | "позднее" | "к" => deadline = true,
                        "итогам" | "итогов" => s.undatable = true,
                        "по" => {}
                        w if CONNECTORS.contains(&w) => {}
                        _ => {
                            s.unknown.note(in_remark(i));
                            deadline = false;
                        }
                    }
                    None
                }
            }
            Tok::Dash | Tok::Sep | Tok::Open | Tok::Close | Tok::Other => None,
        };
        match found {
            Some((kind, year, end)) => {
                s.points.push(Point {
                    kind,
                    year,
                    school: false,
                    deadline,
                    first,
                    last: end - 1,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    s
}

fn word_at(tok: Option<&Tok>) -> Option<&str> {
    match tok {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

fn month_u32(month: i8) -> u32 {
    u32::try_from(month).unwrap_or(0)
}

/// «квартал»/«кв» after 1–4, «полугодие» after 1–2.
fn period_kind(word: &str, n: u32) -> Option<Kind> {
    if (word.starts_with("квартал") || word == "кв") && (1..=4).contains(&n) {
        Some(Kind::Quarter { quarter: n })
    } else if word.starts_with("полугоди") && (1..=2).contains(&n) {
        Some(Kind::Half { half: n })
    } else {
        None
    }
}

/// A quarter or half-year numbered by the token at `i`: «I квартал», and also the first number of
/// «I-II квартал», which takes its kind from the word after the second number. Returns the kind
/// and where reading continues (after the word, or at the dash of a range).
fn numbered_period(tokens: &[Tok], i: usize, n: u32) -> Option<(Kind, usize)> {
    if let Some(kind) = word_at(tokens.get(i + 1)).and_then(|w| period_kind(w, n)) {
        return Some((kind, i + 2));
    }
    let second_is_number = match tokens.get(i + 2) {
        Some(Tok::Num { digits: 1, .. }) => true,
        Some(Tok::Word(w)) => roman_value(w).is_some(),
        _ => false,
    };
    if tokens.get(i + 1) == Some(&Tok::Dash) && second_is_number {
        return word_at(tokens.get(i + 3))
            .and_then(|w| period_kind(w, n))
            .map(|kind| (kind, i + 1));
    }
    None
}

fn roman_value(word: &str) -> Option<u32> {
    match word {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => None,
    }
}

fn plausible_year(value: u32) -> Option<i16> {
    if (1990..=2100).contains(&value) {
        i16::try_from(value).ok()
    } else {
        None
    }
}

/// A four-digit year right after a date («май 2023»), and where reading continues.
fn year_after(tokens: &[Tok], i: usize) -> (Option<i16>, usize) {
    match tokens.get(i) {
        Some(Tok::Num { value, digits: 4 }) => match plausible_year(*value) {
            Some(y) => (Some(y), i + 1),
            None => (None, i),
        },
        _ => (None, i),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Link {
    Range,
    List,
}

/// Decides range or list between neighbouring points, gives a lone «10» of «10-12 октября» its
/// month, and drops numbers that turned out not to be days (reported as not understood).
fn link_points(
    tokens: &[Tok],
    mut points: Vec<Point>,
    in_remark: &dyn Fn(usize) -> bool,
) -> (Vec<Point>, Vec<Link>, Unknown) {
    let links_of = |points: &[Point]| -> Vec<Link> {
        points
            .windows(2)
            .map(|pair| {
                let between = &tokens[pair[0].last + 1..pair[1].first];
                let is_range = !between.is_empty()
                    && between
                        .iter()
                        .all(|t| matches!(t, Tok::Dash) || matches!(t, Tok::Word(w) if w == "по"));
                if is_range { Link::Range } else { Link::List }
            })
            .collect()
    };
    let mut dropped = Unknown::default();
    for k in 0..points.len() {
        if let Kind::DayOnly { day } = points[k].kind {
            match points.get(k + 1).map(|p| (p.kind, p.year)) {
                Some((Kind::Day { month, .. }, year)) => {
                    points[k].kind = Kind::Day { day, month };
                    points[k].year = points[k].year.or(year);
                }
                _ => dropped.note(in_remark(points[k].first)),
            }
        }
    }
    points.retain(|p| !matches!(p.kind, Kind::DayOnly { .. }));
    let links = links_of(&points);
    (points, links, dropped)
}

/// Whether some «по» was not the «по» of «с … по …» («по плану», «по необходимости»). The gaps
/// between linked points are ordered and disjoint, so one walk over both settles every «по».
fn unused_po(
    tokens: &[Tok],
    points: &[Point],
    links: &[Link],
    in_remark: &dyn Fn(usize) -> bool,
) -> Unknown {
    let mut unused = Unknown::default();
    let mut ranges = points
        .windows(2)
        .zip(links)
        .filter(|(_, link)| **link == Link::Range)
        .map(|(pair, _)| (pair[0].last, pair[1].first))
        .peekable();
    for (i, t) in tokens.iter().enumerate() {
        if !matches!(t, Tok::Word(w) if w == "по") {
            continue;
        }
        while ranges.peek().is_some_and(|&(_, to)| to <= i) {
            ranges.next();
        }
        if !ranges.peek().is_some_and(|&(from, to)| from < i && i < to) {
            unused.note(in_remark(i));
        }
    }
    unused
}

/// One date of the text: a point, or a range of two.
pub(super) struct Item {
    pub start: Point,
    pub end: Option<Point>,
}

fn group_items(points: &[Point], links: &[Link]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < points.len() {
        if i + 1 < points.len() && links[i] == Link::Range {
            items.push(Item {
                start: points[i],
                end: Some(points[i + 1]),
            });
            i += 2;
        } else {
            items.push(Item {
                start: points[i],
                end: None,
            });
            i += 1;
        }
    }
    items
}

/// The month a point starts in, for ordering within a year.
pub(super) fn first_month(kind: Kind) -> u32 {
    match kind {
        Kind::Day { month, .. } | Kind::Month { month } => month,
        Kind::Quarter { quarter } => quarter * 3 - 2,
        Kind::Half { half } => half * 6 - 5,
        Kind::DayOnly { .. } => 1,
    }
}

/// Gives points the years the text wrote: a range's end lends its year to the start
/// («апрель-май 2023»), a list lends years to neighbours («июнь, декабрь 2023», «сентябрь 2022,
/// май»). Only written years are lent: in «ежегодно (июнь, декабрь)» each month stays without a
/// year, and December does not follow June into the next year. True when every point has a year;
/// when one has none, the text wrote no year at all.
pub(super) fn lend_years(items: &mut [Item]) -> bool {
    for item in items.iter_mut() {
        fill_range(item);
    }
    let written: Vec<Option<(i16, u32, i16, u32)>> = items
        .iter()
        .map(|it| {
            let end = it.end.filter(|e| e.year.is_some()).unwrap_or(it.start);
            Some((
                it.start.year?,
                first_month(it.start.kind),
                end.year?,
                first_month(end.kind),
            ))
        })
        .collect();
    // The nearest written year after and before each item, found in one pass each way.
    let mut next: Vec<Option<(i16, u32)>> = vec![None; written.len()];
    let mut seen = None;
    for i in (0..written.len()).rev() {
        next[i] = seen;
        if let Some((y, m, _, _)) = written[i] {
            seen = Some((y, m));
        }
    }
    let mut prev: Vec<Option<(i16, u32)>> = vec![None; written.len()];
    seen = None;
    for (i, w) in written.iter().enumerate() {
        prev[i] = seen;
        if let Some((_, _, y, m)) = *w {
            seen = Some((y, m));
        }
    }
    for i in 0..items.len() {
        if items[i].start.year.is_some() {
            continue;
        }
        let month = first_month(items[i].start.kind);
        let year = if let Some((y, m)) = next[i] {
            if month > m { y - 1 } else { y }
        } else if let Some((y, m)) = prev[i] {
            if month < m { y + 1 } else { y }
        } else {
            continue;
        };
        items[i].start.year = Some(year);
        fill_range(&mut items[i]);
    }
    items
        .iter()
        .all(|it| it.start.year.is_some() && it.end.is_none_or(|e| e.year.is_some()))
}

/// A range's end lends its year to its start, and the other way round; a start later in the year
/// than its end is in the year before («ноябрь - январь 2023»).
pub(super) fn fill_range(item: &mut Item) {
    let Some(end) = &mut item.end else { return };
    let (sm, em) = (first_month(item.start.kind), first_month(end.kind));
    match (item.start.year, end.year) {
        (None, Some(y)) => item.start.year = Some(if sm > em { y - 1 } else { y }),
        (Some(y), None) => end.year = Some(if em < sm { y + 1 } else { y }),
        _ => {}
    }
}

pub(super) fn date(year: i16, month: u32, day: u32) -> Option<Date> {
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// A month or quarter number the scanner has checked (1..=12, 1..=4) as the model's `i8`.
fn small(n: u32) -> i8 {
    i8::try_from(n).unwrap_or(i8::MAX)
}

/// One point with its year as the model's start and end; a half-year is a range of months by
/// itself.
fn point_span(point: &Point) -> Result<(DatePoint, Option<DatePoint>), String> {
    let year = point.year.unwrap_or_default();
    let month = |m: u32| DatePoint::Month {
        year,
        month: small(m),
    };
    match point.kind {
        Kind::Day { day, month } => match date(year, month, day) {
            Some(d) => Ok((DatePoint::Day(d), None)),
            None => Err(format!("дата {day:02}.{month:02}.{year} не существует")),
        },
        Kind::Month { month: m } => Ok((month(m), None)),
        Kind::Quarter { quarter } => Ok((
            DatePoint::Quarter {
                year,
                quarter: small(quarter),
            },
            None,
        )),
        Kind::Half { half } => {
            // In a school plan «I полугодие» is September–December, «II полугодие» January–May.
            let (from, to) = match (point.school, half) {
                (true, 1) => (9, 12),
                (true, _) => (1, 5),
                (false, 1) => (1, 6),
                (false, _) => (7, 12),
            };
            Ok((month(from), Some(month(to))))
        }
        Kind::DayOnly { day } => Err(format!("у числа {day} не указан месяц")),
    }
}

/// The same span as a month: the first month for a start, the last month for an end.
fn as_month(point: DatePoint, is_end: bool) -> DatePoint {
    match point {
        DatePoint::Day(d) => DatePoint::Month {
            year: d.year(),
            month: d.month(),
        },
        DatePoint::DateTime(dt) => DatePoint::Month {
            year: dt.year(),
            month: dt.month(),
        },
        DatePoint::Quarter { year, quarter } => DatePoint::Month {
            year,
            month: if is_end { quarter * 3 } else { quarter * 3 - 2 },
        },
        month @ DatePoint::Month { .. } => month,
    }
}

/// An item with its years as the model's span; the problem in Russian when it is not one.
pub(super) fn item_when(item: &Item) -> Result<When, String> {
    let (mut start, own_end) = point_span(&item.start)?;
    let mut end = match &item.end {
        Some(point) => {
            let (s, e) = point_span(point)?;
            Some(e.unwrap_or(s))
        }
        None => own_end,
    };
    if let Some(e) = end
        && start.precision() != e.precision()
    {
        // Mixed precisions («сентябрь – 15.10.2022») are written in the coarser one both understand.
        start = as_month(start, false);
        end = Some(as_month(e, true));
    }
    let end = end.filter(|e| *e != start);
    When::new(start, end).map_err(|_| "конец срока раньше начала".to_string())
}

/// How the text begins, outside its bracketed remark: a first word may say that it names no
/// fixed date, or that it repeats every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lead {
    /// «постоянно», «в сроки, определяемые организаторами», «по мере поступления информации»,
    /// «по необходимости», «в течение всего периода».
    Continuous,
    /// «в течение года», «в течение учебного года».
    DuringYear,
    /// «ежегодно …».
    Yearly,
    /// Anything else, a date as a rule.
    Other,
}

/// The phrases of [`Lead::Continuous`] besides «постоянно…», as words.
const CONTINUOUS: [&[&str]; 4] = [
    &["в", "сроки"],
    &["по", "мере"],
    &["по", "необходимости"],
    &["в", "течение", "всего", "периода"],
];

/// What a text of plan wording says, before a view gives its dates years and meaning.
pub(super) struct Reading {
    /// The dates in order of writing, a lone «10» of «10-12 октября» given its month.
    pub points: Vec<Point>,
    /// Between each two neighbouring points: a range or a list.
    pub links: Vec<Link>,
    /// Some date was found before numbers without a month were dropped.
    pub scanned_any: bool,
    /// «ежегодно», «далее – ежегодно».
    pub yearly: bool,
    /// Some word or number is not understood («по плану», «2 раза»).
    pub unknown: bool,
    /// … outside the bracketed remark.
    pub unknown_outside_remark: bool,
    /// «по итогам 2022 года»: dated by an event, not by the calendar.
    pub undatable: bool,
    /// A dotted date that cannot exist («32.13.2023»), as written.
    pub invalid: Option<String>,
    pub lead: Lead,
    /// The first year written by itself, not as a date's year: «с 2023 года – ежегодно».
    pub bare_year: Option<i16>,
}

impl Reading {
    pub fn of(text: &str) -> Reading {
        let tokens = tokenize(text);
        let remark = remark_range(&tokens);
        let in_remark = |i: usize| remark.as_ref().is_some_and(|r| r.contains(&i));
        let lead = lead(&tokens, &in_remark);
        let scan = scan(&tokens, &in_remark);
        let scanned_any = !scan.points.is_empty();
        let (points, links, dropped) = link_points(&tokens, scan.points, &in_remark);
        let po = unused_po(&tokens, &points, &links, &in_remark);
        Reading {
            scanned_any,
            yearly: scan.yearly,
            unknown: scan.unknown.anywhere || dropped.anywhere || po.anywhere,
            unknown_outside_remark: scan.unknown.outside_remark
                || dropped.outside_remark
                || po.outside_remark,
            undatable: scan.undatable,
            invalid: scan.invalid,
            lead,
            bare_year: scan.bare_year,
            points,
            links,
        }
    }

    /// The points grouped into items: a range of two points, or one point.
    pub fn items(&self) -> Vec<Item> {
        group_items(&self.points, &self.links)
    }
}

/// The token indexes of the bracketed remark: from the first «(» to the last «)» («декабрь 2022
/// (с 2023 года – ежегодно)»), or to the end when it is never closed.
fn remark_range(tokens: &[Tok]) -> Option<std::ops::RangeInclusive<usize>> {
    let open = tokens.iter().position(|t| *t == Tok::Open)?;
    match tokens.iter().rposition(|t| *t == Tok::Close) {
        Some(close) if open < close => Some(open..=close),
        Some(_) => None,
        None => Some(open..=tokens.len()),
    }
}

/// The [`Lead`] of the words outside the remark, separators before them skipped.
fn lead(tokens: &[Tok], in_remark: &dyn Fn(usize) -> bool) -> Lead {
    let main = tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| !in_remark(*i))
        .map(|(_, t)| t)
        .skip_while(|t| **t == Tok::Sep);
    let starts_with = |phrase: &[&str]| {
        let mut words = main.clone();
        phrase
            .iter()
            .all(|p| matches!(words.next(), Some(Tok::Word(w)) if w == p))
    };
    let first_word = match main.clone().next() {
        Some(Tok::Word(w)) => w.as_str(),
        _ => "",
    };
    if first_word.starts_with("постоянно") || CONTINUOUS.iter().any(|phrase| starts_with(phrase))
    {
        return Lead::Continuous;
    }
    if starts_with(&["в", "течение"])
        && main
            .clone()
            .any(|t| matches!(t, Tok::Word(w) if w.contains("год")))
    {
        return Lead::DuringYear;
    }
    if first_word.starts_with("ежегодно") {
        Lead::Yearly
    } else {
        Lead::Other
    }
}

#[cfg(test)]
mod tests {
    use super::super::deadline::Deadline;
    use super::super::plan::{CellDates, Period, PlanDate, parse_cell};
    use jiff::civil::Date;

    fn plan_dates(cell: &str, period: Period) -> Vec<PlanDate> {
        match parse_cell(cell, Some(period)) {
            CellDates::Dated(dates) => dates,
            CellDates::Undated { reason } => panic!("{cell:?} is undated: {reason}"),
        }
    }

    /// The first day of every occurrence `import plan` gives a cell, sorted.
    fn plan_days(cell: &str, period: Period) -> Vec<Date> {
        let mut days: Vec<Date> = plan_dates(cell, period)
            .iter()
            .flat_map(|d| {
                let rule = d.repeat.as_ref().expect("yearly");
                rule.occurrences(&d.when, d.when.first_day(), jiff::civil::date(2040, 1, 1))
            })
            .map(|w| w.first_day())
            .collect();
        days.sort();
        days
    }

    /// The rules for yearly dates, in both views of one reading: a yearly date never
    /// runs past the period, and «ежегодно до 20 сентября» starts at the first 20 September in
    /// the period, not at the period's start.
    #[test]
    fn both_views_keep_yearly_dates_within_the_period() {
        for (first, last) in [(2022, 2024), (2023, 2023), (2023, 2025)] {
            let period = Period::years(first, last);
            let end = period.last_day();
            for cell in [
                "ежегодно (июнь, декабрь)",
                "Ежегодно до 20 сентября",
                "Ежегодно до 28 мая",
                "ежегодно, I квартал",
                "ежегодно 10-12 октября",
                "ежегодно (28 декабря - 3 января)",
                "декабрь 2022 (с 2023 года – ежегодно)",
                "ноябрь 2022 (далее – ежегодно)",
            ] {
                let deadline = Deadline::parse(cell).expect(cell);
                let due = deadline.due((first, last));
                assert!(!due.is_empty(), "{cell}");
                for w in due {
                    assert!(w.last_day() <= end, "deadline {cell} in {period}: {w:?}");
                }
                for day in plan_days(cell, period).iter().skip(1) {
                    assert!(*day <= end, "plan {cell} in {period}: {day}");
                }
            }
        }
    }

    #[test]
    fn both_views_agree_on_the_first_day_in_the_period() {
        for (first, last) in [(2022, 2024), (2022, 2023), (2023, 2025), (2024, 2024)] {
            let period = Period::years(first, last);
            for cell in [
                "Ежегодно до 20 сентября",
                "ежегодно, декабрь",
                "ежегодно (октябрь, декабрь)",
                "ежегодно, IV квартал",
                "ежегодно, май",
                "ежегодно, I квартал",
                "Ежегодно до 28 мая",
                "декабрь 2022 (с 2023 года – ежегодно)",
                "ноябрь 2022 (далее – ежегодно)",
            ] {
                // A first date written before the period is due as written, and the rule only
                // within the period; a plan's event repeats from that date on.
                if cell.contains("2022") && first > 2022 {
                    continue;
                }
                let due: Vec<Date> = Deadline::parse(cell)
                    .expect(cell)
                    .due((first, last))
                    .iter()
                    .map(|w| w.first_day())
                    .collect();
                assert_eq!(due, plan_days(cell, period), "{cell} in {period}");
            }
            let due = Deadline::parse("Ежегодно до 20 сентября")
                .expect("a deadline")
                .due((first, last));
            let expected = jiff::civil::date(first, 9, 20);
            assert_eq!(due[0].first_day(), expected, "not the period's start");
            assert_eq!(
                plan_dates("Ежегодно до 20 сентября", period)[0]
                    .when
                    .first_day(),
                expected
            );
        }
    }
}
