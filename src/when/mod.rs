//! The date model of an event: what editors write in the `start` and `end` front-matter fields,
//! its yearly repetition, and how the site shows it in Russian.
//!
//! Editors are teachers copying dates from Russian plans, where an event is often known only to
//! the month («в апреле») or the quarter («I квартал»). So a date is not always a day: a
//! [`DatePoint`] is a day, a day with a time, a month or a quarter, and a [`When`] is a start with
//! an optional end of the same kind. Every way an editor can get it wrong is an [`Error`] with a
//! plain Russian message and a hint; nothing here panics on input.
//!
//! - [`model`]: [`DatePoint`], [`Precision`] and [`When`], the span of one occurrence.
//! - [`parse`]: reading points from what editors write (the accepted forms are listed there).
//! - [`yearly`]: [`Yearly`], the repetition of an event every year, and its occurrences.
//! - [`error`]: the editor's mistakes, one [`Error`] shape over three kinds of mistake.
//! - [`deadline`]: [`Deadline`], the deadlines of roadmap measures («ежегодно, декабрь»).
//! - [`text`]: the Russian text of a point, a span and a repeating event («10–14 октября 2022 г.»).
//! - [`plan`]: the dates of Russian plan tables («апрель-май 2023», «ежегодно (июнь, декабрь)»)
//!   and their period («на 2022-2024 годы»), read into these values for `import plan`.
//! - `wording`: the one reader of Russian plan wording behind both [`plan`] and [`deadline`]:
//!   tokens, dates, ranges and lists, «ежегодно», «до …», «постоянно».
//!
//! The dependency goes one way: this module takes month names, plurals and the typography of
//! dates from [`crate::ru`], which knows nothing of these types.

pub mod deadline;
pub mod error;
pub mod model;
pub mod parse;
pub mod plan;
pub mod text;
mod wording;
pub mod yearly;

pub use deadline::{Deadline, DeadlineError, YearlyAt};
pub use error::{
    DateError, DateErrorKind, Error, ErrorKind, Impossible, RepeatError, RepeatErrorKind,
    WhenError, WhenErrorKind,
};
pub use model::{DatePoint, Precision, When};
pub use text::{format_event_when, format_point, format_when};
pub use yearly::Yearly;

/// Shorthands for the tests of the submodules.
#[cfg(test)]
mod test_support {
    use super::{DateErrorKind, DatePoint, When, WhenError};

    /// A point that must parse.
    pub(super) fn p(s: &str) -> DatePoint {
        match DatePoint::parse(s) {
            Ok(point) => point,
            Err(e) => panic!("{s:?} should parse: {}", e.message_ru()),
        }
    }

    /// The kind of mistake in a value that must not parse.
    pub(super) fn kind(s: &str) -> DateErrorKind {
        match DatePoint::parse(s) {
            Ok(point) => panic!("{s:?} should not parse, got {point:?}"),
            Err(e) => e.kind,
        }
    }

    /// A span from a start that must parse and an end that must parse (a bare time allowed).
    pub(super) fn when(start: &str, end: Option<&str>) -> Result<When, WhenError> {
        let start = p(start);
        let end = end.map(|e| When::parse_end(&start, e).expect("end parses"));
        When::new(start, end)
    }
}
