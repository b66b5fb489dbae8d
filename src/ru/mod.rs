//! All knowledge of the Russian language, as pure functions without I/O.
//!
//! Templates reach these through Tera filters, Markdown rendering uses the typographer, and the
//! loader uses the date names in its messages to editors. Keeping them in one place means a
//! grammar fix (a case ending, a plural rule) is made once for the whole site.
//!
//! - [`dates`]: month and weekday names in their cases, dates, date ranges, quarters.
//! - [`mod@plural`]: choosing the noun form after a number («1 практика», «5 практик»).
//! - [`translit`]: Cyrillic to Latin slugs for URLs.
//! - [`typography`]: quotes, non-breaking spaces, dashes and ellipses in prose.
//! - [`filesize`]: file sizes and file kinds for attachment links.
//! - [`os_error`]: operating-system errors (a full disk, a missing permission) in words.
//!
//! Public-facing strings use typographic characters: non-breaking spaces (U+00A0) where a line
//! must not break, «ёлочки» quotes, en and em dashes. Messages to editors use plain spaces,
//! because they are read in a terminal.

pub mod dates;
pub mod filesize;
pub mod os_error;
pub mod plural;
pub mod translit;
pub mod typography;

pub use dates::{
    format_date, format_date_short, format_month_year, format_point, format_time, format_when,
    parse_month_name, quarter_roman,
};
pub use filesize::{file_kind_label, human_size};
pub use plural::{count, plural};
pub use translit::slugify;
pub use typography::{Typographer, typograph};

/// The non-breaking space, U+00A0: keeps «10 октября», «2022 г.», «№ 40» on one line.
pub const NBSP: char = '\u{a0}';
