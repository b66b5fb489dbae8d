//! All knowledge of the Russian language, as pure functions without I/O.
//!
//! Templates get no Russian grammar of their own and no custom Tera filters: the render step
//! prepares ready Russian text in the template context (`when_text`, `date_text`, `counts_text`,
//! month titles) with these functions. Markdown rendering uses the typographer, the date model
//! (`when`) builds its text and its messages to editors from the date names, and the importer
//! reads month names with them. Keeping them in one place means a grammar fix (a case ending, a
//! plural rule) is made once for the whole site.
//!
//! This module knows the language only: it imports nothing of the site's model, so the date model
//! can depend on it and not the other way round.
//!
//! - [`dates`]: month and weekday names in their cases, quarters in Roman numerals, single dates
//!   and times, month names read back from text.
//! - [`mod@plural`]: choosing the noun form after a number («1 практика», «5 практик»).
//! - [`translit`]: Cyrillic to Latin slugs for URLs.
//! - [`typography`]: quotes, non-breaking spaces, dashes and ellipses in prose.
//! - [`filesize`]: file sizes and file kinds for attachment links.
//! - [`genitive`]: the genitive of an issuing body's name, for documents' labels.
//! - [`hyphen`]: soft hyphens at syllable breaks for narrow boxes (the month grid).
//! - [`os_error`]: operating-system errors (a full disk, a missing permission) in words.
//!
//! Public-facing strings use typographic characters: non-breaking spaces (U+00A0) where a line
//! must not break, «ёлочки» quotes, en and em dashes. Messages to editors use plain spaces,
//! because they are read in a terminal.

pub mod dates;
pub mod filesize;
pub mod genitive;
pub mod hyphen;
pub mod os_error;
pub mod plural;
pub mod translit;
pub mod typography;

pub use dates::{
    format_date, format_date_short, format_month_year, format_time, parse_month_name, quarter_roman,
};
pub use filesize::{file_kind_label, human_size};
pub use plural::{count, plural};
pub use translit::slugify;
pub use typography::{Typographer, typograph};

/// The non-breaking space, U+00A0: keeps «10 октября», «2022 г.», «№ 40» on one line.
pub const NBSP: char = '\u{a0}';
