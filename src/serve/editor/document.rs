//! A content file as the form edits it: its front matter cut into top-level entries (each key
//! with its continuation lines), the comment and blank lines between them, and the body.
//!
//! Saving rewrites only what the editor changed: an entry whose value the form left as it was
//! keeps its exact text (quotes, comments on its lines, list style), fields the form does not
//! know and every comment stay where they were, and a file saved without a change is written
//! back byte for byte (nothing is written at all). A changed value is written with
//! [`crate::yaml`] quoting, as `nastavnik new` writes it.

use std::ops::Range;

use serde_yaml::Value;

use crate::content::schema::{FieldSpec, Input};
use crate::when::When;
use crate::yaml;

/// One top-level key of the front matter and where its text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// Byte range in [`Document::text`]: the key's line through its last continuation line,
    /// newline included.
    pub span: Range<usize>,
}

/// A content file's text, split for editing.
#[derive(Debug, Clone)]
pub struct Document {
    /// The decoded text (newlines normalised, no byte order mark).
    pub text: String,
    /// The front matter between the `---` lines.
    pub front: Range<usize>,
    /// The body after the closing `---` line.
    pub body: Range<usize>,
    pub entries: Vec<Entry>,
    /// The front matter as YAML values, when it parses (else the form falls back to the whole
    /// file as text).
    pub values: Option<serde_yaml::Mapping>,
}

/// Why a file cannot be edited field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAForm(pub String);

impl Document {
    /// Splits decoded text. `Err` with a Russian reason when it has no front matter block (the
    /// editor then edits the whole text).
    pub fn parse(text: &str) -> Result<Document, NotAForm> {
        let src = crate::content::source::split(
            std::path::Path::new("content/x.md"),
            std::path::Path::new("content/x.md"),
            text.to_string(),
        )
        .map_err(|d| NotAForm(d.message))?;
        let front = src.front_matter.clone();
        let body = src.body.clone();
        let entries = entries(text, front.clone());
        let values = crate::content::front_matter::parse_yaml(&src).ok();
        Ok(Document {
            text: text.to_string(),
            front,
            body,
            entries,
            values,
        })
    }

    /// An empty file, for a new page.
    pub fn empty() -> Document {
        Document::parse("---\n---\n").unwrap_or_else(|_| Document {
            text: "---\n---\n".to_string(),
            front: 4..4,
            body: 8..8,
            entries: Vec::new(),
            values: Some(serde_yaml::Mapping::new()),
        })
    }

    pub fn body_text(&self) -> &str {
        &self.text[self.body.clone()]
    }

    fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    fn value(&self, key: &str) -> Option<&Value> {
        self.values.as_ref()?.get(key)
    }

    /// The field's value as the form shows it; [`FormValue::Raw`] when the value does not fit
    /// the field's input (the form then offers its YAML text).
    pub fn form_value(&self, spec: &FieldSpec) -> FormValue {
        let Some(value) = self.value(spec.key) else {
            return match spec.input {
                Input::Yaml => FormValue::Raw(String::new()),
                Input::Flag => FormValue::Flag(false),
                _ => FormValue::Text(String::new()),
            };
        };
        let raw = || FormValue::Raw(self.raw_value(spec.key));
        match spec.input {
            Input::Yaml => raw(),
            Input::Flag => match value {
                Value::Bool(b) => FormValue::Flag(*b),
                Value::Null => FormValue::Flag(false),
                _ => raw(),
            },
            Input::Tags(_) | Input::Organizations | Input::Lines => match value {
                Value::Sequence(items) => {
                    let texts: Option<Vec<String>> = items.iter().map(scalar_text).collect();
                    texts.map_or_else(raw, |t| FormValue::Text(t.join("\n")))
                }
                other => scalar_text(other).map_or_else(raw, FormValue::Text),
            },
            _ => scalar_text(value).map_or_else(raw, FormValue::Text),
        }
    }

    /// The YAML text of an entry's value: what follows `key:` on its line (if anything) and its
    /// continuation lines.
    pub fn raw_value(&self, key: &str) -> String {
        let Some(entry) = self.entry(key) else {
            return String::new();
        };
        let text = &self.text[entry.span.clone()];
        let after = text
            .split_once(':')
            .map_or("", |(_, rest)| rest)
            .trim_end_matches('\n');
        match after.strip_prefix('\n') {
            Some(block) => block.to_string(),
            None => after.trim_start().to_string(),
        }
    }

    /// Applies the form's values and body: unchanged entries keep their text, changed ones are
    /// rewritten in place, emptied ones removed, new ones inserted after the field before them
    /// in `specs` order. Fields the form did not send, and the body when `None`, stay as they are.
    pub fn apply(
        &self,
        specs: &[FieldSpec],
        submitted: &[(FieldSpec, Submitted)],
        body: Option<&str>,
    ) -> String {
        let mut edits: Vec<(usize, usize, usize, String)> = Vec::new();
        for (order, (spec, new)) in submitted.iter().enumerate() {
            let old = self.form_value(spec);
            if new.same_as(&old) {
                continue;
            }
            let written = write_field(
                spec,
                new,
                self.entry(spec.key).map(|e| &self.text[e.span.clone()]),
            );
            match self.entry(spec.key) {
                Some(entry) => edits.push((entry.span.start, entry.span.end, order, written)),
                None if written.is_empty() => {}
                None => {
                    let at = self.insertion_point(specs, spec.key);
                    edits.push((at, at, order, written));
                }
            }
        }
        let old_body = self.body_text();
        let new_body = body.map(normalize_newlines);
        let body_changed = new_body.as_deref().is_some_and(|b| b != old_body);
        if edits.is_empty() && !body_changed {
            return self.text.clone();
        }
        // At one position, insertions (which belong before the entry starting there) first.
        edits.sort_by_key(|(start, end, order, _)| (*start, end > start, *order));
        let mut out = String::with_capacity(self.text.len() + 256);
        let mut at = 0;
        for (start, end, _, text) in edits {
            out.push_str(&self.text[at..start]);
            out.push_str(&text);
            at = end;
        }
        out.push_str(&self.text[at..self.body.start]);
        if let (true, Some(b)) = (body_changed, &new_body) {
            out.push_str(b);
        } else {
            out.push_str(old_body);
        }
        out
    }

    /// Where a new field goes: after the nearest field before it (in `specs` order) that the
    /// file has, else before the nearest after it, else at the end of the front matter.
    fn insertion_point(&self, specs: &[FieldSpec], key: &str) -> usize {
        let Some(pos) = specs.iter().position(|s| s.key == key) else {
            return self.front.end;
        };
        if let Some(before) = specs[..pos].iter().rev().find_map(|s| self.entry(s.key)) {
            return before.span.end;
        }
        if let Some(after) = specs[pos + 1..].iter().find_map(|s| self.entry(s.key)) {
            return after.span.start;
        }
        self.front.end
    }

    /// The key whose entry holds this 1-based line of the text, or `"body"` for the body.
    pub fn field_at_line(&self, line: usize) -> Option<&str> {
        let start = line_start(&self.text, line)?;
        if start >= self.body.start {
            return Some("body");
        }
        self.entries
            .iter()
            .find(|e| e.span.contains(&start))
            .map(|e| e.key.as_str())
    }
}

/// The byte offset where a 1-based line starts.
fn line_start(text: &str, line: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)
}

/// A field's value on the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormValue {
    Text(String),
    Flag(bool),
    /// YAML text (a structured value, or one the field's input cannot show).
    Raw(String),
}

/// What the form sent for a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    Text(String),
    Flag(bool),
    Raw(String),
}

impl Submitted {
    fn same_as(&self, old: &FormValue) -> bool {
        match (self, old) {
            (Submitted::Flag(a), FormValue::Flag(b)) => a == b,
            (Submitted::Text(a), FormValue::Text(b)) => items(a) == items(b),
            (Submitted::Raw(a), FormValue::Raw(b)) => raw_lines(a) == raw_lines(b),
            _ => false,
        }
    }
}

/// A text value as compared: its non-empty trimmed lines (browsers send `\r\n`).
fn items(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn raw_lines(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |i| i + 1);
    lines[..end].to_vec()
}

/// How a file on disk spells its text beyond the characters: a byte order mark and Windows line
/// endings. The decoder drops both, and the editor works on the decoded text; a save puts them
/// back, so a file saved from Notepad stays as it was and a change of one field changes one line
/// (not every line's ending) in the file and in `git diff`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spelling {
    pub bom: bool,
    pub crlf: bool,
}

impl Spelling {
    const BOM: &[u8] = b"\xEF\xBB\xBF";

    /// The spelling of a file's bytes: Windows line endings when its first line ends in CR LF.
    pub fn of(bytes: &[u8]) -> Spelling {
        let bom = bytes.starts_with(Self::BOM);
        let crlf = bytes
            .iter()
            .position(|&b| b == b'\n')
            .is_some_and(|i| i > 0 && bytes[i - 1] == b'\r');
        Spelling { bom, crlf }
    }

    /// Decoded text (newlines `\n`) as bytes spelled this way.
    pub fn apply(self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + text.len() / 16 + 3);
        if self.bom {
            out.extend_from_slice(Self::BOM);
        }
        if self.crlf {
            for line in text.split_inclusive('\n') {
                match line.strip_suffix('\n') {
                    Some(content) => {
                        out.extend_from_slice(content.as_bytes());
                        out.extend_from_slice(b"\r\n");
                    }
                    None => out.extend_from_slice(line.as_bytes()),
                }
            }
        } else {
            out.extend_from_slice(text.as_bytes());
        }
        out
    }
}

pub fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A scalar as text; `None` for a sequence or mapping.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

/// The entry's new text (`key: value\n`, or several lines), empty when the value is empty.
/// `old` is the entry's text in the file, whose list style is kept.
fn write_field(spec: &FieldSpec, new: &Submitted, old: Option<&str>) -> String {
    let key = spec.key;
    match new {
        Submitted::Flag(true) => format!("{key}: true\n"),
        Submitted::Flag(false) => String::new(),
        Submitted::Raw(text) => {
            let lines = raw_lines(text);
            if lines.is_empty() {
                return String::new();
            }
            if lines.len() == 1 && !lines[0].starts_with([' ', '\t', '-']) {
                return format!("{key}: {}\n", lines[0].trim());
            }
            let mut out = format!("{key}:\n");
            for l in lines {
                out.push_str(l);
                out.push('\n');
            }
            out
        }
        Submitted::Text(text) => {
            let values = items(text);
            if values.is_empty() {
                return String::new();
            }
            match spec.input {
                Input::Tags(_) | Input::Organizations | Input::Lines => {
                    let old_after = old
                        .and_then(|o| o.split_once(':'))
                        .map(|(_, rest)| rest.trim_start_matches([' ', '\t']));
                    let was_block = old_after.is_some_and(|a| a.starts_with('\n'));
                    let was_flow = old_after.is_some_and(|a| a.starts_with('['));
                    let was_scalar = old_after.is_some() && !was_block && !was_flow;
                    if was_scalar && values.len() == 1 {
                        format!("{key}: {}\n", yaml::scalar(values[0]))
                    } else if was_flow || (!was_block && spec.flow) {
                        let inner: Vec<String> = values.iter().map(|v| flow_item(v)).collect();
                        format!("{key}: [{}]\n", inner.join(", "))
                    } else {
                        let mut out = format!("{key}:\n");
                        for v in values {
                            out.push_str(&format!("  - {}\n", yaml::scalar(v)));
                        }
                        out
                    }
                }
                Input::Date => {
                    // Any form the editor reads as one date is written in the canonical form;
                    // anything else as typed, for the check to point at.
                    let joined = values.join(" ");
                    match super::dates::read(&joined) {
                        Some(When { start, end: None }) => format!("{key}: {start}\n"),
                        _ => format!("{key}: {}\n", yaml::scalar(&joined)),
                    }
                }
                Input::Text => {
                    let joined = text.trim();
                    format!("{key}: {}\n", yaml::scalar(&normalize_newlines(joined)))
                }
                _ => format!("{key}: {}\n", yaml::scalar(&values.join(" "))),
            }
        }
    }
}

/// An item of a flow list (`[a, b]`): quoted when a comma or bracket would end it early.
fn flow_item(text: &str) -> String {
    if text.contains([',', '[', ']', '{', '}']) {
        yaml::double_quoted(text)
    } else {
        yaml::scalar(text)
    }
}

/// The top-level entries of the front matter `range` of `text`.
fn entries(text: &str, range: Range<usize>) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut pos = range.start;
    // The entry being read, and where its last continuation line ended.
    let mut open: Option<(String, usize, usize)> = None;
    while pos < range.end {
        let end = text[pos..range.end]
            .find('\n')
            .map_or(range.end, |i| pos + i + 1);
        let line = &text[pos..end];
        let first = line.chars().next().unwrap_or('\n');
        let continuation = matches!(first, ' ' | '\t' | '-') && !line.trim().is_empty();
        if continuation {
            if let Some((_, _, last)) = open.as_mut() {
                *last = end;
            }
        } else if first == '#' || line.trim().is_empty() {
            // A comment or a blank line: may still be followed by continuation lines (a block
            // scalar with an empty line); the entry ends at its last continuation line.
        } else {
            if let Some((key, start, last)) = open.take() {
                out.push(Entry {
                    key,
                    span: start..last,
                });
            }
            let key = line
                .split_once(':')
                .map(|(k, _)| k.trim().trim_matches(['"', '\'']).to_string())
                .unwrap_or_default();
            open = Some((key, pos, end));
        }
        pos = end;
    }
    if let Some((key, start, last)) = open {
        out.push(Entry {
            key,
            span: start..last,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_files_bom_and_windows_line_endings_are_put_back() {
        let plain = Spelling::of(b"---\ntitle: x\n---\n");
        assert_eq!(plain, Spelling::default());
        assert_eq!(plain.apply("a\nb\n"), b"a\nb\n");
        let notepad = Spelling::of(b"\xEF\xBB\xBF---\r\ntitle: x\r\n---\r\n");
        assert_eq!(
            notepad,
            Spelling {
                bom: true,
                crlf: true
            }
        );
        assert_eq!(notepad.apply("a\nb\nend"), b"\xEF\xBB\xBFa\r\nb\r\nend");
        let crlf_only = Spelling::of(b"---\r\n");
        assert_eq!(crlf_only.apply("a\n"), b"a\r\n");
    }

    use super::*;
    use crate::content::model::KindName;
    use crate::content::schema::fields;

    const PRACTICE: &str = "---\n# comment above\ntitle: \"Школа: старт\"\nsummary: Кратко.\ntopics: [a, b]  # inline\nauthors:\n  - Иванова И.И.\n  - Петров П.П.\ncustom: keep me\nattachments:\n  - file: a.pdf\n    title: A\n---\nBody\n";

    fn spec(kind: KindName, key: &str) -> FieldSpec {
        *fields(kind).iter().find(|s| s.key == key).expect("a field")
    }

    fn unchanged(doc: &Document, kind: KindName) -> Vec<(FieldSpec, Submitted)> {
        fields(kind)
            .iter()
            .map(|s| {
                let v = match doc.form_value(s) {
                    FormValue::Text(t) => Submitted::Text(t.replace('\n', "\r\n")),
                    FormValue::Flag(b) => Submitted::Flag(b),
                    FormValue::Raw(r) => Submitted::Raw(r),
                };
                (*s, v)
            })
            .collect()
    }

    #[test]
    fn entries_take_their_continuation_lines() {
        let doc = Document::parse(PRACTICE).expect("parses");
        let keys: Vec<&str> = doc.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "title",
                "summary",
                "topics",
                "authors",
                "custom",
                "attachments"
            ]
        );
        assert_eq!(
            &doc.text[doc.entries[3].span.clone()],
            "authors:\n  - Иванова И.И.\n  - Петров П.П.\n"
        );
        assert_eq!(
            doc.raw_value("attachments"),
            "  - file: a.pdf\n    title: A"
        );
        assert_eq!(doc.field_at_line(3), Some("title"));
        assert_eq!(doc.field_at_line(8), Some("authors"));
        assert_eq!(doc.field_at_line(15), Some("body"));
    }

    #[test]
    fn saving_unchanged_values_gives_the_same_text() {
        let doc = Document::parse(PRACTICE).expect("parses");
        let sent = unchanged(&doc, KindName::Practice);
        assert_eq!(
            doc.apply(fields(KindName::Practice), &sent, Some("Body\r\n")),
            PRACTICE
        );
    }

    #[test]
    fn a_changed_field_changes_only_its_lines_and_keeps_list_style() {
        let doc = Document::parse(PRACTICE).expect("parses");
        let mut sent = unchanged(&doc, KindName::Practice);
        for (s, v) in &mut sent {
            match s.key {
                "topics" => *v = Submitted::Text("a\r\nb\r\nc, d".into()),
                "authors" => *v = Submitted::Text("Сидорова С.С.".into()),
                "year" => *v = Submitted::Text("2023/2024".into()),
                "summary" => *v = Submitted::Text(String::new()),
                _ => {}
            }
        }
        let out = doc.apply(fields(KindName::Practice), &sent, Some("Body\n"));
        assert_eq!(
            out,
            "---\n# comment above\ntitle: \"Школа: старт\"\ntopics: [a, b, \"c, d\"]\nyear: \"2023/2024\"\nauthors:\n  - Сидорова С.С.\ncustom: keep me\nattachments:\n  - file: a.pdf\n    title: A\n---\nBody\n"
        );
    }

    #[test]
    fn new_fields_go_after_the_field_before_them_and_values_are_quoted() {
        let doc = Document::parse("---\ntitle: X\nstart: 2023-01-01\n---\n").expect("parses");
        let mut sent = unchanged(&doc, KindName::Event);
        for (s, v) in &mut sent {
            match s.key {
                "title" => *v = Submitted::Text("Семинар: итоги".into()),
                "start" => *v = Submitted::Text("10.04.2023 15:00".into()),
                "format" => *v = Submitted::Text("семинар".into()),
                "draft" => *v = Submitted::Flag(true),
                _ => {}
            }
        }
        let out = doc.apply(fields(KindName::Event), &sent, None);
        assert_eq!(
            out,
            "---\ntitle: \"Семинар: итоги\"\nstart: 2023-04-10 15:00\nformat: семинар\ndraft: true\n---\n"
        );
        let reread = Document::parse(&out).expect("parses");
        assert_eq!(
            reread.form_value(&spec(KindName::Event, "title")),
            FormValue::Text("Семинар: итоги".into())
        );
    }
}
