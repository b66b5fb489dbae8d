//! Editors' mistakes as data.
//!
//! Every problem found while loading a site becomes a [`Diagnostic`]: where it is (file, line,
//! column, the offending source line), what is wrong in plain Russian, and how to fix it. Loading
//! never prints and never stops at the first problem; the command decides what to show, so one run
//! reports everything at once. Bugs in nastavnik itself are panics, not diagnostics.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

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
    /// The whole source line, for showing it under the message.
    pub source_line: String,
    /// The highlighted part of `source_line`, in bytes.
    #[serde(skip)]
    pub highlight: Range<usize>,
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
        renderer.render(&groups)
    }
}

/// A path shown to editors: always with `/`, whatever the platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn line_start_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// Turns a byte span of `text` into a line/column location with the source line.
fn locate(text: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let line_begin = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_begin..start].chars().count() + 1;
    let source_line = text[line_begin..line_end]
        .trim_end_matches('\r')
        .to_string();
    let hl_start = start - line_begin;
    let hl_end = (end.min(line_end) - line_begin)
        .max(hl_start)
        .min(source_line.len());
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

    /// Renders every diagnostic and the closing count line («Найдено ошибок: 3»).
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.0 {
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
}
