//! Editors' mistakes as data.
//!
//! Every problem found while loading a site becomes a [`Diagnostic`]: where it is (file, line,
//! column, the offending source line), what is wrong in plain Russian, and how to fix it. Loading
//! never prints and never stops at the first problem; the command decides what to show, so one run
//! reports everything at once. Bugs in nastavnik itself are panics, not diagnostics.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a problem is. Errors stop the build; warnings are shown but the site is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file: 1-based line and column (columns count characters, not bytes,
/// because editors' files are Cyrillic and their editors count characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    /// The source line, for showing it under the message. A line longer than
    /// [`SOURCE_LINE_CHARS`] is cut to the part around the problem, with «…» where it was cut:
    /// one line of a thousand list items would otherwise be copied into every message about
    /// one of them.
    pub source_line: String,
    /// The highlighted part of `source_line`, in bytes.
    #[serde(skip)]
    pub highlight: Range<usize>,
}

impl Location {
    /// True when `source_line` is only the part of a long line around the problem (or, harmlessly,
    /// a whole line that begins or ends with «…»).
    pub fn is_cut(&self) -> bool {
        self.source_line.starts_with('…') || self.source_line.ends_with('…')
    }
}

/// Another place that matters for the same problem (e.g. the other file giving the same URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub note: String,
}

/// One editor-facing problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable machine name of the kind of problem (`unknown-field`, `bad-date`…): for tests, for
    /// `check --format json`, and for editors who search the docs.
    pub code: &'static str,
    /// The file, relative to the site folder.
    pub file: PathBuf,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            location: None,
            message: message.into(),
            hint: None,
            related: Vec::new(),
        }
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Points the diagnostic at a byte range of `text` (the whole normalised file text).
    pub fn at(mut self, text: &str, span: Range<usize>) -> Self {
        self.location = Some(locate(text, span));
        self
    }

    /// [`Diagnostic::at`] for a text whose [`LineIndex`] the caller keeps: many diagnostics in
    /// one file are then positioned in time linear in the file.
    pub fn at_indexed(mut self, text: &str, lines: &LineIndex, span: Range<usize>) -> Self {
        self.location = Some(lines.locate(text, span));
        self
    }

    /// Points the diagnostic at a whole 1-based line of `text`.
    pub fn at_line(mut self, text: &str, line: usize) -> Self {
        let start = line_start_offset(text, line);
        let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        self.location = Some(locate(text, start..end));
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_related(
        mut self,
        file: impl Into<PathBuf>,
        line: Option<usize>,
        note: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.into(),
            line,
            note: note.into(),
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn line(&self) -> Option<usize> {
        self.location.as_ref().map(|l| l.line)
    }

    /// `file:line:column`, the form editors' tools and terminals make clickable.
    pub fn position(&self) -> String {
        let file = display_path(&self.file);
        match &self.location {
            Some(l) => format!("{file}:{}:{}", l.line, l.column),
            None => file,
        }
    }

    /// Renders the diagnostic for a terminal, with the source line and a caret under the problem.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR.with_name("ошибка"),
            Severity::Warning => Level::WARNING.with_name("предупреждение"),
        };
        let path = self.position();
        let mut title = level.primary_title(self.message.as_str());
        if self.location.is_none() {
            title = title.id(self.code);
        }
        let mut groups: Vec<Group<'_>> = Vec::new();
        let main = match &self.location {
            Some(loc) => {
                // The snippet adds line and column to the path itself.
                let snippet = Snippet::source(loc.source_line.as_str())
                    .line_start(loc.line)
                    .path(display_path(&self.file))
                    .annotation(AnnotationKind::Primary.span(loc.highlight.clone()));
                title.element(snippet)
            }
            None => title.element(Level::NOTE.with_name("файл").message(path)),
        };
        groups.push(main);
        for related in &self.related {
            let place = match related.line {
                Some(line) => format!("{}:{line}", display_path(&related.file)),
                None => display_path(&related.file),
            };
            groups.push(Group::with_title(
                Level::NOTE
                    .with_name("см. также")
                    .secondary_title(format!("{place}: {}", related.note)),
            ));
        }
        if let Some(hint) = &self.hint {
            groups.push(Group::with_title(
                Level::HELP
                    .with_name("как исправить")
                    .secondary_title(hint.as_str()),
            ));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let rendered = renderer.render(&groups);
        match &self.location {
            // The snippet counted the column in the part of the line it was given.
            Some(loc) if loc.is_cut() => {
                let file = display_path(&self.file);
                let counted = loc.source_line[..loc.highlight.start].chars().count() + 1;
                rendered.replacen(
                    &format!("{file}:{}:{counted}", loc.line),
                    &format!("{file}:{}:{}", loc.line, loc.column),
                    1,
                )
            }
            _ => rendered,
        }
    }
}

/// A path shown to editors: always with `/`, whatever the platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Where the lines of one text start, found on first use, so that positioning many diagnostics
/// in one file costs one pass over it instead of one scan from its start per diagnostic (a list
/// of 20,000 wrong items took 5.5 s to report before, now a few milliseconds).
///
/// Belongs to exactly one text: whoever holds it replaces it when the text changes (a clone is
/// empty, for the same reason).
#[derive(Default)]
pub struct LineIndex {
    starts: OnceLock<Vec<usize>>,
    /// The last column counted, as (line start, byte offset, column). Diagnostics are mostly
    /// made in the order of the text, so the items of a long one-line list (`[a, b, …]`) are
    /// counted from the previous one rather than from the line's start.
    column_cursor: Mutex<(usize, usize, usize)>,
}

impl Clone for LineIndex {
    fn clone(&self) -> Self {
        LineIndex::default()
    }
}

impl std::fmt::Debug for LineIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LineIndex")
    }
}

impl LineIndex {
    /// The same [`Location`] as [`Diagnostic::at`] finds, for the text this index belongs to.
    pub fn locate(&self, text: &str, span: Range<usize>) -> Location {
        let (start, end) = clamp_span(text, span);
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= start).max(1);
        let line_begin = starts[line - 1].min(start);
        let mut cursor = self
            .column_cursor
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (cursor_line, cursor_byte, cursor_column) = *cursor;
        let column = if cursor_line == line_begin && (line_begin..=start).contains(&cursor_byte) {
            cursor_column + text[cursor_byte..start].chars().count()
        } else {
            text[line_begin..start].chars().count()
        };
        *cursor = (line_begin, start, column);
        finish_location(text, start..end, line_begin, line, column + 1)
    }
}

fn line_start_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// Source lines up to this many characters are kept whole in a [`Location`].
pub const SOURCE_LINE_CHARS: usize = 240;
/// Around the problem in a longer line, this many characters are kept on each side…
const CONTEXT_CHARS: usize = 60;
/// …and at most this many of the problem itself.
const HIGHLIGHT_CHARS: usize = 100;

/// Turns a byte span of `text` into a line/column location with the source line.
fn locate(text: &str, span: Range<usize>) -> Location {
    let (start, end) = clamp_span(text, span);
    let line_begin = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_begin..start].chars().count() + 1;
    finish_location(text, start..end, line_begin, line, column)
}

/// The span cut to `text` and to character boundaries, so a span from a stale or hostile source
/// never panics.
fn clamp_span(text: &str, span: Range<usize>) -> (usize, usize) {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    (start, end)
}

/// A [`Location`] from a clamped span and the position of its start.
fn finish_location(
    text: &str,
    span: Range<usize>,
    line_begin: usize,
    line: usize,
    column: usize,
) -> Location {
    let (start, end) = (span.start, span.end);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let whole_line = text[line_begin..line_end].trim_end_matches('\r');
    let hl_start = start - line_begin;
    let hl_end = (end.min(line_end) - line_begin)
        .max(hl_start)
        .min(whole_line.len());
    let (source_line, hl_start, hl_end) =
        cut_line(whole_line, hl_start.min(whole_line.len()), hl_end);
    let highlight = if hl_end > hl_start {
        hl_start..hl_end
    } else {
        // An empty span (e.g. "end of file"): underline one character, or the line's end.
        let next = source_line[hl_start.min(source_line.len())..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        hl_start.min(source_line.len())..(hl_start + next).min(source_line.len())
    };
    Location {
        line,
        column,
        source_line,
        highlight,
    }
}

/// The part of a long `line` around the highlighted bytes `hl_start..hl_end`, with «…» where
/// it was cut, and the highlight's bytes in that part. A line of at most [`SOURCE_LINE_CHARS`]
/// characters is kept whole.
fn cut_line(line: &str, hl_start: usize, hl_end: usize) -> (String, usize, usize) {
    if line.len() <= SOURCE_LINE_CHARS || line.chars().count() <= SOURCE_LINE_CHARS {
        return (line.to_string(), hl_start, hl_end);
    }
    // The byte offset `chars` characters before or after byte `from`, within the line.
    let before = |from: usize, chars: usize| {
        line[..from]
            .char_indices()
            .rev()
            .nth(chars.saturating_sub(1))
            .map_or(0, |(i, _)| i)
    };
    let after = |from: usize, chars: usize| {
        line[from..]
            .char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| from + i)
    };
    let hl_end = hl_end.min(after(hl_start, HIGHLIGHT_CHARS));
    let from = before(hl_start, CONTEXT_CHARS);
    let to = after(hl_end, CONTEXT_CHARS);
    let mut cut = String::with_capacity(to - from + 2 * '…'.len_utf8());
    if from > 0 {
        cut.push('…');
    }
    let shift = cut.len();
    cut.push_str(&line[from..to]);
    if to < line.len() {
        cut.push('…');
    }
    (cut, hl_start - from + shift, hl_end - from + shift)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// All diagnostics of one run, kept in a stable order (file, line) so output is reproducible
/// regardless of how parallel loading interleaved.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, then line, then column; errors before warnings on the same spot.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (
                    display_path(&d.file),
                    d.location.as_ref().map_or(0, |l| l.line),
                    d.location.as_ref().map_or(0, |l| l.column),
                    d.severity,
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
        self.0.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// The diagnostics to show: all of them, except that of more than [`SHOWN_PER_KIND`] + 1
    /// of one kind in one file (a list of five thousand unknown organizations), the first
    /// [`SHOWN_PER_KIND`] are shown and the rest are summed up in one message at the place of
    /// the first one left out («и ещё 4980 неизвестных организаций в этом файле»). The editor
    /// fixes what is shown and runs the check again; a report of thousands of lines about one
    /// field helps nobody, and its size grew with the square of the field's length.
    pub fn shown(&self) -> Vec<Cow<'_, Diagnostic>> {
        type Kind<'d> = (&'d Path, &'static str, Severity);
        fn kind(d: &Diagnostic) -> Kind<'_> {
            (d.file.as_path(), d.code, d.severity)
        }
        let mut totals: BTreeMap<Kind<'_>, usize> = BTreeMap::new();
        for d in &self.0 {
            *totals.entry(kind(d)).or_default() += 1;
        }
        let mut seen: BTreeMap<Kind<'_>, usize> = BTreeMap::new();
        let mut shown = Vec::new();
        for d in &self.0 {
            let total = totals[&kind(d)];
            if total <= SHOWN_PER_KIND + 1 {
                shown.push(Cow::Borrowed(d));
                continue;
            }
            let n = seen.entry(kind(d)).or_default();
            *n += 1;
            if *n <= SHOWN_PER_KIND {
                shown.push(Cow::Borrowed(d));
            } else if *n == SHOWN_PER_KIND + 1 {
                shown.push(Cow::Owned(d.summary_of_rest(total - SHOWN_PER_KIND)));
            }
        }
        shown
    }

    /// Renders the diagnostics [`shown`](Self::shown) and the closing count line of all of
    /// them («Найдено: 3 ошибки.»).
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in self.shown() {
            out.push_str(&d.render(color));
            out.push_str("\n\n");
        }
        let errors = self.error_count();
        let warnings = self.warning_count();
        if errors > 0 || warnings > 0 {
            let _ = write!(out, "{}", summary_line(errors, warnings));
            out.push('\n');
        }
        out
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// At most this many messages of one kind (code and severity) are shown for one file; see
/// [`Diagnostics::shown`].
pub const SHOWN_PER_KIND: usize = 20;

impl Diagnostic {
    /// «и ещё 4980 неизвестных организаций в этом файле»: stands for `rest` diagnostics like
    /// this one, which is the first of them.
    fn summary_of_rest(&self, rest: usize) -> Diagnostic {
        let (one, few, many) = match self.code {
            "unknown-organization" => (
                "неизвестная организация",
                "неизвестные организации",
                "неизвестных организаций",
            ),
            "unknown-field" => ("неизвестное поле", "неизвестных поля", "неизвестных полей"),
            "broken-reference" | "broken-link" => (
                "неработающая ссылка",
                "неработающие ссылки",
                "неработающих ссылок",
            ),
            "missing-attachment" => (
                "ненайденный файл вложения",
                "ненайденных файла вложений",
                "ненайденных файлов вложений",
            ),
            "attachment-outside" | "attachment-hidden" | "attachment-source" => (
                "недопустимое вложение",
                "недопустимых вложения",
                "недопустимых вложений",
            ),
            "bad-date" => ("неверная дата", "неверные даты", "неверных дат"),
            "image-alt" => (
                "изображение без описания",
                "изображения без описания",
                "изображений без описания",
            ),
            _ => (
                "сообщение того же вида",
                "сообщения того же вида",
                "сообщений того же вида",
            ),
        };
        let noun = crate::ru::plural::plural(rest as u64, one, few, many);
        Diagnostic {
            message: format!(
                "и ещё {}{}{noun} в этом файле",
                group_digits(rest),
                crate::ru::NBSP
            ),
            hint: Some(format!(
                "показаны первые {SHOWN_PER_KIND}: исправьте их и запустите проверку снова, \
                 чтобы увидеть остальные"
            )),
            related: Vec::new(),
            ..self.clone()
        }
    }
}

/// A count as Russian typography writes it: digits in groups of three from 10 000 on, joined
/// by non-breaking spaces («12 345»); four digits stay together («4980»).
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(crate::ru::NBSP);
        }
        out.push(c);
    }
    out
}

/// «Найдено: 2 ошибки, 1 предупреждение.»
pub fn summary_line(errors: usize, warnings: usize) -> String {
    use crate::ru::plural::plural;
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(format!(
            "{errors} {}",
            plural(errors as u64, "ошибка", "ошибки", "ошибок")
        ));
    }
    if warnings > 0 {
        parts.push(format!(
            "{warnings} {}",
            plural(
                warnings as u64,
                "предупреждение",
                "предупреждения",
                "предупреждений"
            )
        ));
    }
    format!("Найдено: {}.", parts.join(", "))
}

/// The closest candidate to a mistyped name, for «возможно, вы имели в виду…» hints.
/// Only reasonably close candidates are offered: a wrong suggestion is worse than none.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (c, strsim::jaro_winkler(&input_lower, &c.to_lowercase())))
        .filter(|(_, score)| *score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_locates_as_a_fresh_scan_does() {
        let text = "---\ntitle: Школа\nlist: [а, бб, ввв]\n\nend";
        let index = LineIndex::default();
        // In order, out of order, at the end and past it: the cursor must never shift a column.
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.extend([text.len(), text.len() + 10]);
        let mut order = offsets.clone();
        order.extend(offsets.iter().rev());
        order.extend(offsets.iter().step_by(3));
        for off in order {
            let span = off..off + 2;
            assert_eq!(
                index.locate(text, span.clone()),
                locate(text, span),
                "at {off}"
            );
        }
    }

    #[test]
    fn locates_lines_and_character_columns() {
        let text = "---\ntitle: Школа\nstrat: 2022\n";
        let off = text.find("strat").unwrap();
        let d = Diagnostic::error("unknown-field", "content/a.md", "x").at(text, off..off + 5);
        let loc = d.location.unwrap();
        assert_eq!((loc.line, loc.column), (3, 1));
        assert_eq!(loc.source_line, "strat: 2022");
        let off = text.find("Школа").unwrap() + "Шк".len();
        let d = Diagnostic::error("x", "a.md", "x").at(text, off..off + 2);
        assert_eq!(d.location.unwrap().column, 10);
    }

    #[test]
    fn renders_message_position_and_hint_in_russian() {
        let text = "---\ntitel: Школа\n---\n";
        let d = Diagnostic::error(
            "unknown-field",
            "content/events/a.md",
            "неизвестное поле «titel»",
        )
        .at(text, 4..9)
        .with_hint("возможно, вы имели в виду «title»");
        let out = d.render(false);
        assert!(out.contains("ошибка"), "{out}");
        assert!(out.contains("content/events/a.md:2:1"), "{out}");
        assert!(out.contains("titel: Школа"), "{out}");
        assert!(out.contains("возможно, вы имели в виду «title»"), "{out}");
    }

    #[test]
    fn empty_span_at_end_of_file_does_not_panic() {
        let text = "---\ntitle: a";
        let d = Diagnostic::error("x", "a.md", "x").at(text, text.len()..text.len());
        assert_eq!(d.location.unwrap().line, 2);
        let d = Diagnostic::error("x", "a.md", "x").at_line(text, 99);
        assert!(d.location.is_some());
    }

    #[test]
    fn suggests_only_close_names() {
        let fields = ["title", "start", "end", "summary"];
        assert_eq!(closest("titel", fields), Some("title"));
        assert_eq!(closest("strat", fields), Some("start"));
        assert_eq!(closest("zzzzzz", fields), None);
    }

    #[test]
    fn summary_uses_russian_plurals() {
        assert_eq!(summary_line(1, 0), "Найдено: 1 ошибка.");
        assert_eq!(summary_line(3, 5), "Найдено: 3 ошибки, 5 предупреждений.");
    }

    #[test]
    fn long_lines_are_cut_around_the_problem() {
        let items: Vec<String> = (0..5000).map(|i| format!("nope-{i}")).collect();
        let text = format!("---\norganizations: [{}]\n---\n", items.join(","));
        let needle = ",nope-2500,";
        let at = text.find(needle).unwrap() + 1;
        let d = Diagnostic::error("x", "a.md", "x").at(&text, at..at + needle.len() - 2);
        let loc = d.location.as_ref().unwrap();
        assert_eq!(loc.line, 2);
        assert_eq!(loc.column, at - "---\n".len() + 1);
        assert!(loc.is_cut());
        assert!(loc.source_line.starts_with('…') && loc.source_line.ends_with('…'));
        assert_eq!(
            loc.source_line.chars().count(),
            2 * CONTEXT_CHARS + "nope-2500".len() + 2
        );
        assert_eq!(&loc.source_line[loc.highlight.clone()], "nope-2500");
        // The text report shows the real column, not the one in the part of the line, also
        // when a tab (shown as spaces) comes before the problem.
        let out = d.render(false);
        assert!(out.contains(&format!("a.md:2:{}\n", loc.column)), "{out}");
        let tabbed = text.replace(",nope-2499,", ",\tnope-2499,");
        let at = tabbed.find(needle).unwrap() + 1;
        let d = Diagnostic::error("x", "a.md", "x").at(&tabbed, at..at + needle.len() - 2);
        let column = d.location.as_ref().unwrap().column;
        let out = d.render(false);
        assert!(out.contains(&format!("a.md:2:{column}\n")), "{out}");
        // A long highlight is cut too, and a problem at the line's start keeps its start.
        let d = Diagnostic::error("x", "a.md", "x").at(&text, 4..text.len() - 5);
        let loc = d.location.unwrap();
        assert!(!loc.source_line.starts_with('…') && loc.source_line.ends_with('…'));
        assert_eq!(loc.highlight, 0..HIGHLIGHT_CHARS);
        // Cyrillic is cut at character boundaries; short lines stay whole.
        let text = format!("title: {}\n", "Школа ".repeat(100));
        let at = text.rfind("Школа").unwrap();
        let loc = Diagnostic::error("x", "a.md", "x")
            .at(&text, at..at + "Школа".len())
            .location
            .unwrap();
        assert_eq!(&loc.source_line[loc.highlight.clone()], "Школа");
        assert_eq!(loc.column, text[..at].chars().count() + 1);
        let loc = Diagnostic::error("x", "a.md", "x")
            .at("title: Школа\n", 7..17)
            .location
            .unwrap();
        assert_eq!(loc.source_line, "title: Школа");
        assert!(!loc.is_cut());
    }

    #[test]
    fn long_runs_of_one_kind_in_one_file_are_summed_up() {
        let text = "---\norganizations: [a]\n---\n";
        let many = |file: &'static str, code: &'static str, n: usize| {
            (0..n).map(move |i| {
                Diagnostic::error(code, file, format!("неизвестная организация «x{i}»"))
                    .at(text, 19..20)
            })
        };
        let mut ds = Diagnostics::new();
        ds.extend(many("a.md", "unknown-organization", 5000));
        ds.extend(many("b.md", "unknown-organization", 21));
        ds.extend(many("a.md", "bad-date", 3));
        let shown = ds.shown();
        let count = |file: &str| shown.iter().filter(|d| d.file == Path::new(file)).count();
        assert_eq!(count("a.md"), SHOWN_PER_KIND + 1 + 3);
        // One more than the limit is shown whole: «и ещё 1» would save nothing.
        assert_eq!(count("b.md"), 21);
        let summary = shown
            .iter()
            .find(|d| d.message.starts_with("и ещё"))
            .unwrap();
        assert_eq!(
            summary.message,
            "и ещё 4980\u{a0}неизвестных организаций в этом файле"
        );
        assert_eq!(summary.code, "unknown-organization");
        assert!(summary.hint.as_deref().unwrap().contains("первые 20"));
        // The count line counts every diagnostic, shown or not.
        let out = ds.render(false);
        assert!(out.ends_with("Найдено: 5024 ошибки.\n"), "{out}");
        assert_eq!(out.matches("ошибка: ").count(), SHOWN_PER_KIND + 1 + 21 + 3);
    }

    #[test]
    fn summaries_use_russian_plurals_and_digit_groups() {
        let d = Diagnostic::error("unknown-field", "a.md", "x");
        let message = |n| d.summary_of_rest(n).message;
        assert_eq!(message(21), "и ещё 21\u{a0}неизвестное поле в этом файле");
        assert_eq!(
            message(1003),
            "и ещё 1003\u{a0}неизвестных поля в этом файле"
        );
        assert_eq!(
            message(12_345),
            "и ещё 12\u{a0}345\u{a0}неизвестных полей в этом файле"
        );
        let other = Diagnostic::error("bad-slug", "a.md", "x");
        assert_eq!(
            other.summary_of_rest(1_000_002).message,
            "и ещё 1\u{a0}000\u{a0}002\u{a0}сообщения того же вида в этом файле"
        );
    }
}
