//! Front matter: YAML into typed fields, with a precise diagnostic for every problem.
//!
//! We parse the YAML into a generic mapping first and then take fields one by one, instead of
//! deserialising straight into a struct with serde: serde stops at the first error, and editors
//! must see all their mistakes at once. Positions of keys and values are found in the source
//! text: front matter is a flat mapping of top-level keys, so a key is a line starting with
//! `key:` at column 0, and its value is on that line or the indented lines below it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use serde_yaml::{Mapping, Value};

use crate::content::source::SourceFile;
use crate::diagnostic::{Diagnostic, closest};
use crate::when::DatePoint;

/// Parses the front matter YAML into a mapping. Syntax errors become one diagnostic each, with
/// a Russian explanation of libyaml's message (which editors would not understand). Anchors,
/// aliases and deep nesting are refused before any value is built (see [`yaml_hazard`]).
pub fn parse_yaml(src: &SourceFile) -> Result<Mapping, Diagnostic> {
    let yaml = src.front_matter_text();
    if yaml.trim().is_empty() {
        return Ok(Mapping::new());
    }
    if let Some(hazard) = yaml_hazard(yaml) {
        return Err(hazard.diagnostic(&src.rel_path, &src.text, src.front_matter.start));
    }
    match serde_yaml::from_str::<Value>(yaml) {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(src
            .error_at(
                "yaml-syntax",
                src.front_matter.start..src.front_matter.start,
                "блок полей должен состоять из строк вида «поле: значение»",
            )
            .with_hint("каждое поле — с новой строки, без отступа: «title: Название»")),
        Err(err) => Err(yaml_error(src, &err)),
    }
}

/// The deepest nesting of lists and mappings a YAML file of the site may have. Front matter
/// needs three levels at most (`attachments:` → a list → `{file, title}`), `site.yaml` four
/// (`search:` → `synonyms:` → a list → a list); the limit leaves a wide margin above that.
pub const MAX_YAML_DEPTH: usize = 16;

/// Something in a YAML text that would make parsing it cost far more than its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlHazard {
    pub kind: HazardKind,
    /// Byte range of the offending token in the scanned text.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HazardKind {
    /// `&name`: marks a value to be repeated elsewhere.
    Anchor,
    /// `*name`: repeats a marked value. A few kilobytes of aliases of aliases expand into
    /// hundreds of megabytes (the "billion laughs"), since serde_yaml copies the value each time.
    Alias,
    /// A list or mapping nested deeper than [`MAX_YAML_DEPTH`]; libyaml's time grows with the
    /// square of the depth (100 000 nested `[` take half a minute).
    TooDeep,
}

/// Scans YAML with libyaml's own scanner (the one serde_yaml parses with, so what counts as an
/// anchor, an alias or a quoted `*` is decided exactly as the parser would), stopping at the
/// first anchor, alias, or opening of a level deeper than [`MAX_YAML_DEPTH`]. No value is
/// built, and the scan stops before nesting can make libyaml slow. Syntax errors end the scan
/// quietly: serde_yaml reports them with its own positions.
///
/// The site's YAML files are flat: front matter is a mapping of fields, `site.yaml` and
/// `data/organizations.yaml` are hardly deeper. Anchors and aliases have no use in them, and
/// refusing them outright is simpler to explain than a cap on how far they may expand.
pub fn yaml_hazard(text: &str) -> Option<YamlHazard> {
    if surely_harmless(text, MAX_YAML_DEPTH) {
        None
    } else {
        scan_for_hazard(text, MAX_YAML_DEPTH)
    }
}

/// A bound that rules hazards out without scanning, for nearly every file of a site: no `&` or
/// `*` at all (an anchor or alias token starts with one), and a bound on the nesting depth at
/// most `max_depth`. libyaml's scan costs more than half of what the parse does; this
/// costs a pass over the bytes.
///
/// The bound: flow nesting is at most the number of `[` and `{`. A block level is opened only
/// by an indicator token (`- `, `? `, `: `, each followed by a blank). libyaml closes every
/// block level indented deeper than a line's first token (at column `k`, leaving at most `k + 1`
/// levels), and each indicator on that line opens at most one more. A line that starts inside a
/// multi-line scalar or flow collection opens none: after such a token libyaml allows no
/// indicator on the rest of its line. So block nesting is at most `k + 1 + indicators` of the
/// worst line, and all nesting at most that plus the flow bound. Text with these characters
/// inside quotes only makes the bound larger, and then the scan decides.
fn surely_harmless(text: &str, max_depth: usize) -> bool {
    let bytes = text.as_bytes();
    let mut flow = 0usize;
    let mut block = 0usize;
    for line in bytes.split(|&b| b == b'\n') {
        let indent = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let mut indicators = 0;
        for (i, &b) in line.iter().enumerate() {
            match b {
                b'&' | b'*' => return false,
                b'[' | b'{' => flow += 1,
                b'-' | b'?' | b':'
                    if line
                        .get(i + 1)
                        .is_none_or(|&next| matches!(next, b' ' | b'\t' | b'\r')) =>
                {
                    indicators += 1;
                }
                _ => {}
            }
        }
        block = block.max(indent + 1 + indicators);
    }
    block + flow <= max_depth
}

/// The exact check behind [`yaml_hazard`], with nesting limited to `max_depth`.
fn scan_for_hazard(text: &str, max_depth: usize) -> Option<YamlHazard> {
    use std::mem::MaybeUninit;
    use unsafe_libyaml as unsafe_sys;

    /// Owns an initialised parser and frees it however the scan ends.
    struct Scanner(Box<MaybeUninit<unsafe_sys::yaml_parser_t>>);
    impl Drop for Scanner {
        fn drop(&mut self) {
            // SAFETY: a `Scanner` is made only after `yaml_parser_initialize` succeeded, and
            // drop runs once.
            unsafe { unsafe_sys::yaml_parser_delete(self.0.as_mut_ptr()) }
        }
    }

    let mut parser = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
    // SAFETY: `yaml_parser_initialize` fully initialises the parser it is given (it zeroes it
    // first) and reports failure only when it could not allocate its buffers.
    if unsafe { unsafe_sys::yaml_parser_initialize(parser.as_mut_ptr()) }.fail {
        return None;
    }
    let mut scanner = Scanner(parser);
    let parser = scanner.0.as_mut_ptr();
    // SAFETY: the input outlives the parser: `scanner` is dropped at the end of this function,
    // while `text` is borrowed for all of it.
    unsafe {
        unsafe_sys::yaml_parser_set_encoding(parser, unsafe_sys::YAML_UTF8_ENCODING);
        unsafe_sys::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
    }
    let mut depth = 0usize;
    loop {
        let mut token = MaybeUninit::<unsafe_sys::yaml_token_t>::uninit();
        // SAFETY: `parser` is initialised and has its input; `yaml_parser_scan` writes a whole
        // token on success, which `yaml_token_delete` frees once its type and marks are read.
        let (kind, start, end) = unsafe {
            if unsafe_sys::yaml_parser_scan(parser, token.as_mut_ptr()).fail {
                return scan_error_hazard(parser, text);
            }
            let token = token.as_mut_ptr();
            let read = (
                (*token).type_,
                (*token).start_mark.index as usize,
                (*token).end_mark.index as usize,
            );
            unsafe_sys::yaml_token_delete(token);
            read
        };
        // libyaml's marks count bytes of whole characters; clamping keeps a slice safe anyway.
        let boundary = |i: usize| {
            (0..=i.min(text.len()))
                .rev()
                .find(|&b| text.is_char_boundary(b))
        };
        let start = boundary(start).unwrap_or(0);
        let span = start..boundary(end).unwrap_or(0).max(start);
        let hazard = |kind| {
            Some(YamlHazard {
                kind,
                span: span.clone(),
            })
        };
        match kind {
            unsafe_sys::YAML_STREAM_END_TOKEN | unsafe_sys::YAML_NO_TOKEN => return None,
            unsafe_sys::YAML_ANCHOR_TOKEN => return hazard(HazardKind::Anchor),
            unsafe_sys::YAML_ALIAS_TOKEN => return hazard(HazardKind::Alias),
            unsafe_sys::YAML_BLOCK_SEQUENCE_START_TOKEN
            | unsafe_sys::YAML_BLOCK_MAPPING_START_TOKEN
            | unsafe_sys::YAML_FLOW_SEQUENCE_START_TOKEN
            | unsafe_sys::YAML_FLOW_MAPPING_START_TOKEN => {
                depth += 1;
                if depth > max_depth {
                    return hazard(HazardKind::TooDeep);
                }
            }
            unsafe_sys::YAML_BLOCK_END_TOKEN
            | unsafe_sys::YAML_FLOW_SEQUENCE_END_TOKEN
            | unsafe_sys::YAML_FLOW_MAPPING_END_TOKEN => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
}

/// How much of the offending line a hazard's hint quotes.
const HINT_LINE_CHARS: usize = 120;

/// A scanner error that is an anchor or alias with a name libyaml cannot read (`*Важно*`,
/// `& компания`): it is one all the same, and the editor needs the same advice.
///
/// # Safety
/// `parser` must be an initialised parser whose last scan failed.
unsafe fn scan_error_hazard(
    parser: *const unsafe_libyaml::yaml_parser_t,
    text: &str,
) -> Option<YamlHazard> {
    // SAFETY: the parser is initialised (the caller's contract); its error fields are public
    // through `Deref`, and a failed scan sets `context` to null or to one of libyaml's static C
    // strings.
    let (context, mark) = unsafe {
        let error = &*parser;
        (error.context, error.context_mark.index)
    };
    if context.is_null() {
        return None;
    }
    // SAFETY: non-null, it points at a static NUL-terminated string (see above).
    let kind = match unsafe { std::ffi::CStr::from_ptr(context) }.to_bytes() {
        b"while scanning an anchor" => HazardKind::Anchor,
        b"while scanning an alias" => HazardKind::Alias,
        _ => return None,
    };
    let start = usize::try_from(mark)
        .ok()
        .filter(|&i| text.is_char_boundary(i))?;
    let end = text[start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| start + i);
    Some(YamlHazard {
        kind,
        span: start..end,
    })
}

impl YamlHazard {
    /// The editor's diagnostic for this hazard, found in YAML that starts at byte `base` of
    /// `text` (the whole file).
    pub fn diagnostic(&self, rel_path: &std::path::Path, text: &str, base: usize) -> Diagnostic {
        let span = base + self.span.start..base + self.span.end;
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        // The hint repeats the line; a line of thousands of aliases is cut to its beginning.
        let line = match text[line_start..line_end]
            .char_indices()
            .nth(HINT_LINE_CHARS)
        {
            Some((cut, _)) => format!("{}…", &text[line_start..line_start + cut]),
            None => text[line_start..line_end].to_string(),
        };
        let (code, message, hint) = match self.kind {
            HazardKind::Anchor | HazardKind::Alias => (
                "yaml-anchor",
                "в полях нельзя использовать якоря (&) и ссылки (*) YAML".to_string(),
                format!(
                    "если «&» или «*» — часть текста, {}; одинаковое значение в разных полях \
                     напишите полностью в каждом",
                    quote_hint(&line)
                ),
            ),
            HazardKind::TooDeep => (
                "yaml-too-deep",
                format!(
                    "списки и наборы полей вложены друг в друга глубже {MAX_YAML_DEPTH} уровней"
                ),
                "значение поля — это текст, дата или простой список; проверьте, не лишние ли \
                 квадратные [ ] или фигурные { } скобки"
                    .to_string(),
            ),
        };
        Diagnostic::error(code, rel_path, message)
            .at(text, span)
            .with_hint(hint)
    }
}

fn yaml_error(src: &SourceFile, err: &serde_yaml::Error) -> Diagnostic {
    let raw = err.to_string();
    let mut offset = err
        .location()
        .map_or(0, |loc| loc.index().min(src.front_matter_text().len()));
    // libyaml reports an unclosed quote where it gave up (often the end of the block); the
    // editor needs the line where the quote was opened.
    if raw.contains("quoted scalar") || raw.contains("end of stream") {
        if let Some(line_offset) = unbalanced_quote_line(src.front_matter_text()) {
            offset = line_offset;
        }
    }
    let abs = src.front_matter.start + offset;
    let line_start = src.text[..abs].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src.text[abs..]
        .find('\n')
        .map_or(src.text.len(), |i| abs + i);
    let line = &src.text[line_start..line_end];
    if raw.contains("duplicate entry")
        && let Some(d) = duplicate_key(src, raw.split('"').nth(1).unwrap_or(""))
    {
        return d;
    }
    let (message, hint) = explain_yaml_error(&raw, line);
    // libyaml often reports "mapping values not allowed" at the second colon; point there, and
    // when it reports at the start of the next line, point at the end of the offending one.
    let span = if abs == line_start && line.trim().is_empty() && abs > 0 {
        abs - 1..abs
    } else {
        abs..(abs + 1).min(line_end.max(abs))
    };
    src.error_at("yaml-syntax", span, message).with_hint(hint)
}

/// A field given twice, reported at its second line (the one most likely just added), naming
/// the line of the first. `None` when the key is not found as a top-level field (then the
/// parser's position is used).
fn duplicate_key(src: &SourceFile, key: &str) -> Option<Diagnostic> {
    if key.is_empty() {
        return None;
    }
    let yaml = src.front_matter_text();
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start_matches([' ', '\t']).starts_with(':')
        {
            starts.push(offset);
        }
        offset += line.len();
    }
    let (&first, &second) = (starts.first()?, starts.get(1)?);
    let line_of = |at: usize| {
        src.text[..src.front_matter.start + at]
            .matches('\n')
            .count()
            + 1
    };
    let first_line = line_of(first);
    let abs = src.front_matter.start + second;
    Some(
        src.error_at(
            "yaml-syntax",
            abs..abs + key.len(),
            format!("поле «{key}» указано дважды: здесь и в строке {first_line}"),
        )
        .with_hint(format!(
            "оставьте одно из двух значений: удалите эту строку или строку {first_line}"
        )),
    )
}

/// The offset of the first line whose value opens a quote it does not close.
fn unbalanced_quote_line(yaml: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let value = line
            .split_once(": ")
            .map_or(line.trim_start_matches([' ', '-']), |(_, v)| v)
            .trim();
        let unbalanced = match value.chars().next() {
            Some('"') => {
                let inner = &value[1..];
                let mut escaped = false;
                let mut closed = false;
                for c in inner.chars() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => {
                            closed = true;
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                !closed
            }
            Some('\'') => value[1..].replace("''", "").find('\'').is_none(),
            _ => false,
        };
        if unbalanced {
            return Some(offset + line.find(value).unwrap_or(0));
        }
        offset += line.len();
    }
    None
}

/// «возьмите значение в кавычки: title: "…"» for the field on `line`.
fn quote_hint(line: &str) -> String {
    let key = line.split(':').next().unwrap_or("title").trim();
    let value = line.split_once(':').map_or("", |(_, v)| v.trim());
    format!(
        "возьмите значение в кавычки: {key}: \"{}\"",
        value.replace('"', "\\\"")
    )
}

fn explain_yaml_error(raw: &str, line: &str) -> (String, String) {
    if line.contains('\t') {
        return (
            "в строке есть символ табуляции, а YAML принимает для отступов только пробелы".into(),
            "замените табуляцию пробелами (для пунктов списка — два пробела и «- »)".into(),
        );
    }
    if raw.contains("mapping values are not allowed") {
        return (
            "в значении поля встретилось «: » — YAML принимает это за начало нового поля".into(),
            quote_hint(line),
        );
    }
    if raw.contains("duplicate entry") {
        let key = raw.split('"').nth(1).unwrap_or("");
        return (
            format!("поле «{key}» указано дважды"),
            "оставьте одно из двух значений".into(),
        );
    }
    if raw.contains("found character that cannot start any token") {
        return (
            "значение начинается со служебного символа YAML (например, «@», «`», «%» или «|»)"
                .into(),
            quote_hint(line),
        );
    }
    if raw.contains("did not find expected key") || raw.contains("block mapping") {
        return (
            "не удалось разобрать поле: неверный отступ или незакрытые кавычки".into(),
            "поля пишутся без отступа, пункты списка — с двумя пробелами и «- »; проверьте, что каждая открытая кавычка закрыта".into(),
        );
    }
    if raw.contains("did not find expected '-' indicator")
        || raw.contains("did not find expected node content")
    {
        return (
            "ошибка в оформлении списка".into(),
            "каждый пункт списка — с новой строки, с двумя пробелами и «- », например:\norganizations:\n  - sh-40\n  - sh-16".into(),
        );
    }
    if raw.contains("found unexpected end of stream")
        || raw.contains("while scanning a quoted scalar")
    {
        return (
            "кавычки открыты, но не закрыты".into(),
            "закройте кавычку в конце значения; кавычки внутри значения используйте другие: «ёлочки»".into(),
        );
    }
    if raw.contains("unknown escape") || raw.contains("found unknown escape character") {
        return (
            "в значении в двойных кавычках встретилась обратная косая черта «\\»".into(),
            "возьмите значение в одинарные кавычки '…' или удвойте черту «\\\\»".into(),
        );
    }
    (
        format!(
            "ошибка в записи полей (YAML): {}",
            raw.split(" at line ").next().unwrap_or(raw)
        ),
        "проверьте кавычки, двоеточия и отступы в этой строке; образцы — в docs/content-format.md"
            .into(),
    )
}

/// Typed access to the fields of one file's front matter, collecting diagnostics.
pub struct Fields<'a> {
    src: &'a SourceFile,
    map: Mapping,
    known: &'static [&'static str],
    pub diagnostics: Vec<Diagnostic>,
    /// Per list field: its value's span, and where in it the last item looked up ended.
    /// Items are reported in the order they are written, so each lookup starts where the last
    /// one ended: a list of n wrong items is then positioned in one pass over the field
    /// instead of n scans of the front matter from its start.
    item_cursors: RefCell<HashMap<String, (Range<usize>, usize)>>,
}

impl<'a> Fields<'a> {
    pub fn new(src: &'a SourceFile, map: Mapping, known: &'static [&'static str]) -> Self {
        Fields {
            src,
            map,
            known,
            diagnostics: Vec::new(),
            item_cursors: RefCell::new(HashMap::new()),
        }
    }

    /// True when the field is written with some value (even a wrong one).
    pub fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    pub fn source(&self) -> &'a SourceFile {
        self.src
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        match self.map.remove(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    pub fn key_span(&self, key: &str) -> Range<usize> {
        key_span(self.src, key)
    }

    pub fn value_span(&self, key: &str) -> Range<usize> {
        value_span(self.src, key)
    }

    /// [`item_span`], looking first for a whole item after the one found last for this key, so
    /// that repeated lookups over one list are linear; the same item written twice is found at
    /// each of its places in turn.
    pub fn item_span(&self, key: &str, needle: &str) -> Range<usize> {
        let mut cursors = self.item_cursors.borrow_mut();
        let (value, cursor) = cursors
            .entry(key.to_string())
            .or_insert_with(|| (value_span(self.src, key), 0));
        if needle.is_empty() {
            return value.clone();
        }
        let text = &self.src.text[value.clone()];
        if let Some(i) = whole_item(text, needle, *cursor) {
            *cursor = i + needle.len();
            return value.start + i..value.start + i + needle.len();
        }
        item_in_value(text, value.clone(), needle)
    }

    /// A day written inside a nested value (`applications.to`, `consent.date`), reported at
    /// `span` when it is not one, with the messages of a top-level date field. `label` names the
    /// field in the message («consent.date»), `example` is the line the hint shows.
    pub fn day_in(
        &mut self,
        label: &str,
        example: &str,
        text: &str,
        span: Range<usize>,
    ) -> Option<jiff::civil::Date> {
        let (message, hint) = match DatePoint::parse(text) {
            Ok(DatePoint::Day(d)) => return Some(d),
            Ok(DatePoint::DateTime(dt)) => return Some(dt.date()),
            Ok(other) => (
                format!("в поле «{label}» нужна дата дня, а указано «{other}»"),
                format!("например: {example}"),
            ),
            Err(e) => (format!("поле «{label}»: {}", e.message_ru()), e.hint_ru()),
        };
        let d = self.src.error_at("bad-date", span, message).with_hint(hint);
        self.diagnostics.push(d);
        None
    }

    pub fn error_at_key(
        &self,
        key: &str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.src.error_at(code, self.value_span(key), message)
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value, hint: String) {
        let d = self
            .src
            .error_at(
                "wrong-type",
                self.value_span(key),
                format!(
                    "в поле «{key}» ожидается {expected}, а записано {}",
                    describe(found)
                ),
            )
            .with_hint(hint);
        self.diagnostics.push(d);
    }

    fn missing(&mut self, key: &str, example: &str) {
        let fm = &self.src.front_matter;
        let d = Diagnostic::error(
            "missing-field",
            &self.src.rel_path,
            format!("не заполнено обязательное поле «{key}»"),
        )
        .at(
            &self.src.text,
            fm.start.saturating_sub(4)..fm.start.saturating_sub(1),
        )
        .with_hint(format!("добавьте в блок полей строку: {key}: {example}"));
        self.diagnostics.push(d);
    }

    /// A text field. Numbers are accepted as text (`number: 633`); lists and mappings are not.
    pub fn string(&mut self, key: &str) -> Option<String> {
        let v = self.take(key)?;
        match scalar_to_string(&v) {
            Some(s) => {
                let s = s.trim().to_string();
                (!s.is_empty()).then_some(s)
            }
            None => {
                self.wrong_type(
                    key,
                    "текст",
                    &v,
                    format!("запишите значение одной строкой: {key}: \"…\""),
                );
                None
            }
        }
    }

    pub fn required_string(&mut self, key: &str, example: &str) -> Option<String> {
        let empty = match self.map.get(key) {
            None => {
                self.missing(key, example);
                return None;
            }
            Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(_) => false,
        };
        if empty {
            self.map.remove(key);
            let d = self
                .error_at_key(
                    key,
                    "missing-field",
                    format!("обязательное поле «{key}» пустое"),
                )
                .with_hint(format!("заполните его, например: {key}: {example}"));
            self.diagnostics.push(d);
            return None;
        }
        self.string(key)
    }

    /// A list of texts. A single string where a list is expected is an error with an example,
    /// because a comma-separated string would silently become one strange item.
    pub fn string_list(&mut self, key: &str, example: &str) -> Vec<String> {
        let Some(v) = self.take(key) else {
            return Vec::new();
        };
        match v {
            Value::Sequence(items) => {
                let mut out = Vec::new();
                for item in items {
                    match scalar_to_string(&item) {
                        Some(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Some(_) => {}
                        None => {
                            self.wrong_type(key, "список строк", &item, format!(
                                "каждый пункт — одна строка текста, например:\n{key}:\n  - {example}"
                            ));
                        }
                    }
                }
                out
            }
            other => {
                self.wrong_type(key, "список", &other, format!(
                    "запишите значения списком, каждое с новой строки:\n{key}:\n  - {example}\nили в квадратных скобках: {key}: [{example}]"
                ));
                Vec::new()
            }
        }
    }

    /// A field that may be one text or a list of texts (e.g. `level`).
    pub fn string_or_list(&mut self, key: &str, example: &str) -> Vec<String> {
        match self.map.get(key) {
            Some(Value::Sequence(_)) => self.string_list(key, example),
            _ => self.string(key).into_iter().collect(),
        }
    }

    pub fn bool(&mut self, key: &str) -> bool {
        let Some(v) = self.take(key) else {
            return false;
        };
        match v {
            Value::Bool(b) => b,
            Value::String(s) if matches!(s.trim().to_lowercase().as_str(), "да") => true,
            Value::String(s) if matches!(s.trim().to_lowercase().as_str(), "нет") => false,
            other => {
                self.wrong_type(
                    key,
                    "true или false",
                    &other,
                    format!("{key}: true (да) или {key}: false (нет)"),
                );
                false
            }
        }
    }

    pub fn positive_int(&mut self, key: &str) -> Option<u64> {
        let v = self.take(key)?;
        match v.as_u64() {
            Some(n) if n > 0 => Some(n),
            _ => {
                self.wrong_type(key, "целое положительное число", &v, format!("{key}: 20"));
                None
            }
        }
    }

    /// A date (`start`, `end`, `date`): day, day with time, month or quarter.
    pub fn date(&mut self, key: &str) -> Option<DatePoint> {
        let v = self.take(key)?;
        let Some(text) = scalar_to_string(&v) else {
            self.wrong_type(key, "дата", &v, format!("{key}: 2022-10-10"));
            return None;
        };
        match DatePoint::parse(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                let d = self
                    .src
                    .error_at(
                        "bad-date",
                        self.value_span(key),
                        format!("поле «{key}»: {}", e.message_ru()),
                    )
                    .with_hint(e.hint_ru());
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// A raw value, for fields with their own structure (attachments).
    pub fn raw(&mut self, key: &str) -> Option<Value> {
        self.take(key)
    }

    /// Reports every field that is left and not known, with a suggestion for typos.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        let left: Vec<(String, Value)> = std::mem::take(&mut self.map)
            .into_iter()
            .map(|(k, v)| (scalar_to_string(&k).unwrap_or_else(|| format!("{k:?}")), v))
            .collect();
        for (key, _) in left {
            let span = self.key_span(&key);
            let mut d =
                self.src
                    .error_at("unknown-field", span, format!("неизвестное поле «{key}»"));
            d = match closest(&key, self.known.iter().copied()) {
                Some(s) => d.with_hint(format!("возможно, вы имели в виду «{s}»")),
                None => d.with_hint(format!("допустимые поля: {}", self.known.join(", "))),
            };
            self.diagnostics.push(d);
        }
        self.diagnostics
    }
}

/// Byte span (in the whole file) of `key:` at the start of a line of the front matter.
pub fn key_span(src: &SourceFile, key: &str) -> Range<usize> {
    let fm = src.front_matter.clone();
    let yaml = &src.text[fm.clone()];
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.strip_prefix(key).map(str::trim_start);
        if let Some(rest) = trimmed
            && rest.starts_with(':')
        {
            return fm.start + offset..fm.start + offset + key.len();
        }
        let quoted = |q: char| {
            line.strip_prefix(q)
                .and_then(|l| l.strip_prefix(key))
                .and_then(|l| l.strip_prefix(q))
        };
        if let Some(rest) = quoted('"').or_else(|| quoted('\''))
            && rest.trim_start().starts_with(':')
        {
            return fm.start + offset..fm.start + offset + key.len() + 2;
        }
        offset += line.len();
    }
    fm.start..fm.start
}

/// Byte span of a key's value: the rest of its line after `:`, or, for a block value, the
/// indented lines below.
pub fn value_span(src: &SourceFile, key: &str) -> Range<usize> {
    let k = key_span(src, key);
    let text = &src.text;
    let fm_end = src.front_matter.end;
    let line_end = text[k.end..fm_end].find('\n').map_or(fm_end, |i| k.end + i);
    let after_colon = text[k.end..line_end]
        .find(':')
        .map_or(line_end, |i| k.end + i + 1);
    let inline = text[after_colon..line_end].trim();
    if !inline.is_empty() && !inline.starts_with('#') {
        let start = after_colon
            + (text[after_colon..line_end].len() - text[after_colon..line_end].trim_start().len());
        return start..line_end;
    }
    // Block value: following lines that are indented or list items.
    let mut end = line_end;
    let mut pos = (line_end + 1).min(fm_end);
    while pos < fm_end {
        let next_end = text[pos..fm_end].find('\n').map_or(fm_end, |i| pos + i);
        let line = &text[pos..next_end];
        if line.starts_with(' ') || line.starts_with('-') || line.trim().is_empty() {
            if !line.trim().is_empty() {
                end = next_end;
            }
            pos = next_end + 1;
        } else {
            break;
        }
    }
    if end == line_end {
        k
    } else {
        let first = (line_end + 1).min(end);
        let indent = text[first..end].len() - text[first..end].trim_start().len();
        first + indent..end
    }
}

/// Span of `needle` inside a key's value (e.g. one list item), or the whole value. An
/// occurrence that is a whole item (`.env` in `[../.env, .env]`, `sh-1` in `[sh-10, sh-1]`) is
/// preferred to one inside a longer item.
pub fn item_span(src: &SourceFile, key: &str, needle: &str) -> Range<usize> {
    let v = value_span(src, key);
    if needle.is_empty() {
        return v;
    }
    item_in_value(&src.text[v.clone()], v, needle)
}

/// [`item_span`] within a value `value` found at `span` of the file.
fn item_in_value(value: &str, span: Range<usize>, needle: &str) -> Range<usize> {
    match whole_item(value, needle, 0).or_else(|| value.find(needle)) {
        Some(i) => span.start + i..span.start + i + needle.len(),
        None => span,
    }
}

/// The first occurrence of `needle` at or after byte `from` of `value` that is a whole item.
fn whole_item(value: &str, needle: &str, from: usize) -> Option<usize> {
    let opens = |c: char| c.is_whitespace() || matches!(c, '[' | '{' | ',' | '"' | '\'');
    let closes = |c: char| c.is_whitespace() || matches!(c, ']' | '}' | ',' | '"' | '\'' | '#');
    let rest = value.get(from..)?;
    rest.match_indices(needle)
        .map(|(i, _)| from + i)
        .find(|&i| {
            value[..i].chars().next_back().is_none_or(opens)
                && value[i + needle.len()..].chars().next().is_none_or(closes)
        })
}

fn scalar_to_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_to_string(&t.value),
        _ => None,
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "пустое значение".into(),
        Value::Bool(_) => "логическое значение".into(),
        Value::Number(n) => format!("число {n}"),
        Value::String(s) => format!("текст «{s}»"),
        Value::Sequence(_) => "список".into(),
        Value::Mapping(_) => "набор полей (вложенные «ключ: значение»)".into(),
        Value::Tagged(_) => "значение с тегом YAML".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::source::{decode, split};
    use std::path::Path;

    fn src(text: &str) -> SourceFile {
        let p = Path::new("content/events/a.md");
        split(p, p, decode(p, text.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn unquoted_colon_in_title_is_explained_with_the_fix() {
        let s = src("---\ntitle: Круглый стол: итоги года\nstart: 2023-05-15\n---\n");
        let d = parse_yaml(&s).unwrap_err();
        assert_eq!(d.code, "yaml-syntax");
        assert_eq!(d.line(), Some(2));
        assert!(d.message.contains("«: »"), "{}", d.message);
        assert!(
            d.hint
                .unwrap()
                .contains("title: \"Круглый стол: итоги года\"")
        );
    }

    #[test]
    fn unclosed_quote_points_at_the_line_that_opens_it() {
        let s = src("---\ntitle: \"Собрание\nstart: 2022-10-10\nformat: семинар\n---\n");
        let d = parse_yaml(&s).unwrap_err();
        assert_eq!(d.line(), Some(2), "{d:?}");
    }

    #[test]
    fn tab_indentation_is_explained() {
        let s = src("---\ntitle: a\norganizations:\n\t- sh-40\n---\n");
        let d = parse_yaml(&s).unwrap_err();
        assert!(d.message.contains("табуляц"), "{}", d.message);
    }

    #[test]
    fn unknown_field_suggests_the_closest_known_one() {
        let s = src("---\ntitel: Школа\n---\n");
        let m = parse_yaml(&s).unwrap();
        let f = Fields::new(&s, m, &["title", "start"]);
        let ds = f.finish();
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].code, "unknown-field");
        assert_eq!(ds[0].line(), Some(2));
        assert_eq!(
            ds[0].hint.as_deref(),
            Some("возможно, вы имели в виду «title»")
        );
    }

    #[test]
    fn string_where_list_expected() {
        let s = src("---\ntitle: a\norganizations: sh-40\n---\n");
        let m = parse_yaml(&s).unwrap();
        let mut f = Fields::new(&s, m, &["title", "organizations"]);
        assert!(f.string_list("organizations", "sh-40").is_empty());
        let ds = f.finish();
        assert_eq!(ds[0].code, "wrong-type");
        assert_eq!(ds[0].line(), Some(3));
        assert_eq!(ds[0].location.as_ref().unwrap().column, 16);
    }

    #[test]
    fn missing_required_field() {
        let s = src("---\nstart: 2022-10-10\n---\n");
        let m = parse_yaml(&s).unwrap();
        let mut f = Fields::new(&s, m, &["title", "start"]);
        assert!(f.required_string("title", "Название").is_none());
        let _ = f.date("start");
        let ds = f.finish();
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].code, "missing-field");
        assert_eq!(ds[0].line(), Some(1));
    }

    #[test]
    fn block_list_value_span_and_items() {
        let s =
            src("---\ntitle: a\norganizations:\n  - sh-40\n  - sh-16\nstart: 2022-10-10\n---\n");
        let m = parse_yaml(&s).unwrap();
        let f = Fields::new(&s, m, &[]);
        let span = f.item_span("organizations", "sh-16");
        assert_eq!(&s.text[span.clone()], "sh-16");
        let d = s.error_at("x", span, "x");
        assert_eq!(d.line(), Some(5));
    }

    #[test]
    fn items_are_found_whole_before_inside_longer_ones() {
        let s = src(
            "---\nattachments:\n  - ../../../.env\n  - .env\norganizations: [sh-10, sh-1]\n---\n",
        );
        let span = item_span(&s, "attachments", ".env");
        assert_eq!(s.error_at("x", span, "x").line(), Some(4));
        let span = item_span(&s, "organizations", "sh-1");
        assert_eq!(&s.text[span.start..span.end + 1], "sh-1]");
        // Only inside a longer item: that one.
        let span = item_span(&s, "organizations", "h-1");
        assert_eq!(&s.text[span.start - 1..span.end + 1], "sh-10");
    }

    #[test]
    fn numbers_are_accepted_as_text() {
        let s = src("---\nnumber: 633\n---\n");
        let m = parse_yaml(&s).unwrap();
        let mut f = Fields::new(&s, m, &["number"]);
        assert_eq!(f.string("number").as_deref(), Some("633"));
        assert!(f.finish().is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The shortcut never hides what the scan finds, on YAML-like text made of the
        /// characters that matter; small depth limits put its bound to the test.
        #[test]
        fn the_shortcut_agrees_with_the_scan(
            text in "([a-c]{0,3}|[ \\t]{0,4}|[-?:&*\\[\\]{},#|>'\"!]|- |: |\n){0,40}",
            max_depth in 0usize..6,
        ) {
            if surely_harmless(&text, max_depth) {
                proptest::prop_assert_eq!(scan_for_hazard(&text, max_depth), None);
            }
        }
    }

    #[test]
    fn the_shortcut_covers_ordinary_front_matter() {
        let ordinary = "title: \"Круглый стол: итоги года\"\nstart: 2022-10-10 15:00\nend: \"17:00\"\n\
            organizations: [sh-40, sh-16]\nresponsible:\n  - Иванова И.И. - заместитель директора\n\
            attachments:\n  - file: plan.pdf\n    title: План\n";
        assert!(surely_harmless(ordinary, MAX_YAML_DEPTH));
        assert!(!surely_harmless("title: Школа & сад\n", MAX_YAML_DEPTH));
        let nested = format!("a: {}\n", "[".repeat(MAX_YAML_DEPTH));
        assert!(!surely_harmless(&nested, MAX_YAML_DEPTH));
    }

    fn hazard(yaml: &str) -> Option<(HazardKind, &str)> {
        yaml_hazard(yaml).map(|h| (h.kind, &yaml[h.span]))
    }

    #[test]
    fn anchors_and_aliases_are_found_wherever_yaml_sees_them() {
        for (yaml, kind, token) in [
            ("a: &x 1\n", HazardKind::Anchor, "&x"),
            ("a: 1\nb: *x\n", HazardKind::Alias, "*x"),
            ("a: [1, *x]\n", HazardKind::Alias, "*x"),
            ("a:\n  - *x\n", HazardKind::Alias, "*x"),
            ("a: {k: &x v}\n", HazardKind::Anchor, "&x"),
            ("&x a: 1\n", HazardKind::Anchor, "&x"),
            ("a: !!str &x v\n", HazardKind::Anchor, "&x"),
            // A lone star is an alias without a name to libyaml (and a syntax error).
            ("title: *звёздочка\n", HazardKind::Alias, "*звёздочка"),
        ] {
            assert_eq!(hazard(yaml), Some((kind, token)), "{yaml:?}");
        }
    }

    #[test]
    fn stars_and_ampersands_in_text_are_text() {
        for yaml in [
            "title: Ответ 5 * 3 = 15\n",
            "title: Школа & детский сад\n",
            "title: \"*важно*\"\nsummary: '&amp; и *'\n",
            "title: \"Ответ: 5 * 3\"\n",
            "summary: |\n  *звёздочка\n  &амперсанд\nstart: 2022-10-10\n",
            "summary: >\n  * пункт\n",
            // A plain value continued on the next, indented line: still one text.
            "summary: Текст\n  * пункт\n  & ещё\n",
            "organizations: [sh-40, \"*sh\", 'a & b']\n",
            "title: a # &x *y\n# *z\n",
            "a: b*c&d\n",
        ] {
            assert_eq!(hazard(yaml), None, "{yaml:?}");
            assert!(serde_yaml::from_str::<Value>(yaml).is_ok(), "{yaml:?}");
        }
    }

    #[test]
    fn nesting_is_limited_before_libyaml_slows_down() {
        let nested = |n: usize| format!("updated: {}{}\n", "[".repeat(n), "]".repeat(n));
        // The mapping of fields is one level.
        assert_eq!(hazard(&nested(MAX_YAML_DEPTH - 1)), None);
        assert_eq!(
            hazard(&nested(MAX_YAML_DEPTH)),
            Some((HazardKind::TooDeep, "["))
        );
        let started = std::time::Instant::now();
        let h = yaml_hazard(&nested(100_000)).unwrap();
        assert_eq!(h.kind, HazardKind::TooDeep);
        assert_eq!(h.span.start, "updated: ".len() + MAX_YAML_DEPTH - 1);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        // Block nesting counts too.
        let block = format!("{}x\n", "- ".repeat(100_000));
        assert_eq!(
            yaml_hazard(&block).map(|h| h.kind),
            Some(HazardKind::TooDeep)
        );
        // What the site's files need is far below the limit.
        let settings =
            "search:\n  synonyms:\n    - [наставник, ментор]\n    - [педагог, учитель]\n";
        assert_eq!(hazard(settings), None);
    }

    #[test]
    fn alias_bomb_is_refused_at_its_first_anchor() {
        let mut yaml = String::from("title: a\nx0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
        for i in 1..6 {
            let aliases = vec![format!("*a{}", i - 1); 9].join(",");
            yaml.push_str(&format!("x{i}: &a{i} [{aliases}]\n"));
        }
        yaml.push_str(&format!("updated: [{}]\n", vec!["*a5"; 3000].join(",")));
        let s = src(&format!("---\n{yaml}---\n"));
        let d = parse_yaml(&s).unwrap_err();
        assert_eq!(d.code, "yaml-anchor");
        assert_eq!(
            (d.line(), d.location.as_ref().unwrap().column),
            (Some(3), 5)
        );
        assert!(
            d.message.contains("якоря (&) и ссылки (*)"),
            "{}",
            d.message
        );
        let hint = d.hint.unwrap();
        assert!(hint.contains("в кавычки: x0: \"&a0 [lol"), "{hint}");
    }

    #[test]
    fn hazards_are_reported_at_their_line_and_column() {
        let s = src("---\ntitle: Собрание\nsummary: *повтор\n---\n");
        let d = parse_yaml(&s).unwrap_err();
        assert_eq!(d.code, "yaml-anchor");
        assert_eq!(d.line(), Some(3));
        assert_eq!(d.location.as_ref().unwrap().column, 10);
        assert!(
            d.hint.as_deref().unwrap().contains("summary: \"*повтор\""),
            "{:?}",
            d.hint
        );
        let s = src("---\ntitle: a\nupdated: [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]\n---\n");
        let d = parse_yaml(&s).unwrap_err();
        assert_eq!(d.code, "yaml-too-deep");
        assert_eq!((d.line(), d.location.unwrap().column), (Some(3), 25));
    }
}
