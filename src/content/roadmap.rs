//! The fields of a roadmap (`content/roadmaps/<slug>.md` or `<slug>/index.md`) and its
//! measures, written in front matter or kept in a table beside the page (`measures.tsv` or
//! `measures.csv`, as Excel and Word save them).
//!
//! Both ways lead to the same [`RawMeasure`]: each value with its place in its file, so a
//! mistake in a table is reported at its row and column just as one in front matter is at its
//! line. Links and organizations are resolved later, in [`super::link`].

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::content::front_matter::Fields;
use crate::content::model::{
    Evidence, Kind, Measure, MeasureStatus, PageRef, Responsible, Roadmap, RoadmapSection, Spot,
    Statuses,
};
use crate::diagnostic::{Diagnostic, closest};
use crate::when::deadline::ACCEPTED_FORMS;
use crate::when::{DatePoint, Deadline};

/// The table files a bundle may keep its measures in, in the order they are looked for.
pub const TABLE_FILES: [&str; 2] = ["measures.tsv", "measures.csv"];

/// The keys of one measure.
const MEASURE_FIELDS: &[&str] = &[
    "number",
    "section",
    "title",
    "due",
    "responsible",
    "expected",
    "status",
    "status_date",
    "note",
    "evidence",
];

/// A text where a value was written: front matter or a table file.
struct Origin<'a> {
    file: &'a Path,
    text: &'a str,
    /// «строка 5, столбец «Сроки»» is clearer than a bare column number in a table.
    table: bool,
}

impl Origin<'_> {
    fn spot(&self, span: Range<usize>) -> Spot {
        let d = Diagnostic::error("x", self.file, "").at(self.text, span);
        Spot {
            file: self.file.to_path_buf(),
            location: d.location,
        }
    }

    fn error(&self, code: &'static str, span: Range<usize>, msg: String) -> Diagnostic {
        Diagnostic::error(code, self.file, msg).at(self.text, span)
    }
}

/// One value and where it is.
#[derive(Debug, Clone)]
struct Cell {
    text: String,
    span: Range<usize>,
    /// The table column's header, for messages about tables.
    column: Option<String>,
}

/// A measure as written, before its values are read.
#[derive(Debug, Default)]
struct RawMeasure {
    cells: BTreeMap<&'static str, Cell>,
    /// `status: {2023: выполнено}`: each year's status.
    statuses: Vec<(i16, Cell)>,
    responsible: Vec<Cell>,
    evidence: Vec<Cell>,
    span: Range<usize>,
}

/// Reads a roadmap's fields. `today` is not known here: the checks against it (a status date
/// in the future, overdue measures) are made while linking.
pub fn roadmap(f: &mut Fields<'_>, abs_dir: &Path, rel_dir: &Path, bundle: bool) -> Option<Kind> {
    let order = f.string("order").map(|raw| PageRef { raw, target: None });
    let organizations: Vec<String> = f.string("organization").into_iter().collect();
    let period = period(f);
    let approved = match f.date("approved") {
        Some(DatePoint::Day(d)) => Some(d),
        Some(DatePoint::DateTime(dt)) => Some(dt.date()),
        Some(other) => {
            let d = f
                .error_at_key(
                    "approved",
                    "bad-date",
                    format!("в поле «approved» нужна дата дня, а указано «{other}»"),
                )
                .with_hint("например: approved: 2022-12-26");
            f.diagnostics.push(d);
            None
        }
        None => None,
    };
    let sections = sections(f);
    let src = f.source();
    let fm_origin = Origin {
        file: &src.rel_path,
        text: &src.text,
        table: false,
    };
    let has_fm_measures = f.has("measures");
    let mut raws = Vec::new();
    let mut table_text = None;
    if let Some(v) = f.raw("measures") {
        raws = front_matter_measures(f, v);
    }
    if bundle {
        for name in TABLE_FILES {
            let abs = abs_dir.join(name);
            let Ok(bytes) = std::fs::read(&abs) else {
                continue;
            };
            let rel = rel_dir.join(name);
            if has_fm_measures {
                let d = f
                    .error_at_key(
                        "measures",
                        "duplicate-measures",
                        format!("мероприятия записаны и в полях страницы, и в таблице {name}"),
                    )
                    .with_hint(format!(
                        "оставьте что-то одно: таблицу {name} или поле measures"
                    ));
                f.diagnostics.push(d);
                break;
            }
            match decode_table(&rel, &bytes) {
                Ok(text) => table_text = Some((rel, text)),
                Err(d) => f.diagnostics.push(d),
            }
            break;
        }
    }
    let measures;
    let mut table_sections = Vec::new();
    match &table_text {
        Some((rel, text)) => {
            let origin = Origin {
                file: rel,
                text,
                table: true,
            };
            let delimiter = if rel.extension().is_some_and(|e| e == "tsv") {
                '\t'
            } else {
                csv_delimiter(text)
            };
            let (rows, sects) = table_measures(&origin, text, delimiter, &mut f.diagnostics);
            table_sections = sects;
            measures = build_measures(&origin, rows, period, approved, &mut f.diagnostics);
        }
        None => {
            measures = build_measures(&fm_origin, raws, period, approved, &mut f.diagnostics);
        }
    }
    let sections = if sections.is_empty() {
        table_sections
    } else {
        sections
    };
    check_sections(&sections, &measures, &mut f.diagnostics);
    Some(Kind::Roadmap(Roadmap {
        order,
        organizations,
        period: period.unwrap_or((0, 0)),
        approved,
        sections,
        measures,
    }))
    .filter(|_| period.is_some())
}

/// How to save a measures table from Excel as text the build reads.
const TABLE_SAVE_HINT: &str = "в Excel: Файл → Сохранить как → тип файла «CSV UTF-8 (разделители — запятые)» \
(файл measures.csv) или «Текст Юникод» (файл measures.tsv); в LibreOffice Calc: «Сохранить как» → «Текст CSV», \
кодировка «Юникод (UTF-8)»";

/// A measures table's bytes to text with the shared decoder ([`crate::text::decode`]), as
/// `import plan` reads plan tables: UTF-8 with or without BOM, and UTF-16 with BOM (Excel's
/// «Текст Юникод» writes it). Windows-1251 and DOS 866, what Excel's plain «CSV» writes on
/// Russian Windows, are recognised and explained at the first line that is not UTF-8, shown as
/// the editor sees it; an .xlsx or .xls saved under the table's name is recognised by its
/// signature.
fn decode_table(rel: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    use crate::text::{DecodeError, Utf16};
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Diagnostic::error(
            "not-utf8",
            rel,
            "это файл Excel (.xlsx, .xls), переименованный в таблицу мероприятий, а нужен текст",
        )
        .with_hint(TABLE_SAVE_HINT));
    }
    crate::text::decode(bytes, Utf16::Accept).map_err(|error| {
        let (line, guess) = match error {
            DecodeError::NotUtf8 { line, guess } => (line, guess),
            DecodeError::Utf16 => (1, None),
        };
        let message = match guess {
            Some(legacy) => format!(
                "таблица мероприятий сохранена не в UTF-8: похоже, это кодировка {}",
                legacy.name()
            ),
            None => {
                "таблица мероприятий сохранена не в UTF-8 и не похожа на русский текст".to_string()
            }
        };
        Diagnostic::error("not-utf8", rel, message)
            .at_line(&crate::text::as_windows_1251(bytes), line)
            .with_hint(TABLE_SAVE_HINT)
    })
}

/// `period: 2022–2024` (or `2022-2024`, or one year).
fn period(f: &mut Fields<'_>) -> Option<(i16, i16)> {
    let Some(text) = f.string("period") else {
        let d = Diagnostic::error(
            "missing-field",
            &f.source().rel_path,
            "не заполнено обязательное поле «period» (годы дорожной карты)",
        )
        .at(&f.source().text, 0..3)
        .with_hint("добавьте строку, например: period: 2022–2024");
        f.diagnostics.push(d);
        return None;
    };
    let years: Vec<Option<i16>> = text
        .split(['–', '—', '-', '/'])
        .map(|y| {
            let y = y
                .trim()
                .trim_end_matches("гг.")
                .trim_end_matches("годы")
                .trim();
            (y.len() == 4).then(|| y.parse().ok()).flatten()
        })
        .collect();
    match years.as_slice() {
        [Some(a)] => Some((*a, *a)),
        [Some(a), Some(b)] if a <= b => Some((*a, *b)),
        _ => {
            let d = f
                .error_at_key(
                    "period",
                    "bad-value",
                    format!("период «{text}» записан непонятно"),
                )
                .with_hint("напишите первый и последний год через тире: period: 2022–2024");
            f.diagnostics.push(d);
            None
        }
    }
}

/// `sections: [{number: I, title: …}]`.
fn sections(f: &mut Fields<'_>) -> Vec<RoadmapSection> {
    let Some(v) = f.raw("sections") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let items = match v {
        Value::Sequence(items) => items,
        _ => Vec::new(),
    };
    for item in items {
        let get = |k: &str| item.get(k).and_then(scalar);
        match (get("number"), get("title")) {
            (Some(number), Some(title)) => out.push(RoadmapSection {
                number: number.trim_end_matches('.').trim().to_string(),
                title,
            }),
            _ => {
                let d = f
                    .error_at_key("sections", "bad-value", "у раздела нужны номер и название")
                    .with_hint(
                        "например:\nsections:\n  - number: I\n    title: Нормативное обеспечение",
                    );
                f.diagnostics.push(d);
            }
        }
    }
    out
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// The key under which a section or measure is matched: «I», «1» and «1.» are one section.
pub fn section_key(number: &str) -> String {
    let n = number.trim().trim_end_matches('.').to_uppercase();
    let roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
    match roman.iter().position(|r| *r == n) {
        Some(i) => (i + 1).to_string(),
        None => n,
    }
}

/// The measures of the `measures` field, each value with its place in the front matter.
fn front_matter_measures(f: &mut Fields<'_>, v: Value) -> Vec<RawMeasure> {
    let block = f.value_span("measures");
    let src = f.source();
    let text = &src.text;
    let Value::Sequence(items) = v else {
        let d = f
            .error_at_key(
                "measures",
                "wrong-type",
                "в поле «measures» ожидается список мероприятий",
            )
            .with_hint(
                "например:\nmeasures:\n  - number: \"1.1\"\n    title: …\n    due: декабрь 2022",
            );
        f.diagnostics.push(d);
        return Vec::new();
    };
    // Each item starts at a line whose first non-space character is «-», at the block's indent.
    let block_text = &text[block.clone()];
    let indent = block_text.len() - block_text.trim_start().len();
    let _ = indent;
    let mut starts = Vec::new();
    let mut offset = block.start;
    // The block span starts after the first line's indent.
    let line_start = text[..block.start].rfind('\n').map_or(0, |i| i + 1);
    let item_indent = block.start - line_start;
    for line in text[line_start..block.end].split_inclusive('\n') {
        let here = if starts.is_empty() && offset == block.start {
            line_start
        } else {
            offset
        };
        let lead = line.len() - line.trim_start().len();
        if lead == item_indent && line.trim_start().starts_with('-') {
            starts.push(here);
        }
        offset = here + line.len();
    }
    let mut raws = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let span = match (starts.get(i), starts.get(i + 1)) {
            (Some(&a), Some(&b)) => a..b,
            (Some(&a), None) => a..block.end,
            _ => block.clone(),
        };
        let Value::Mapping(map) = item else {
            let d = src
                .error_at("wrong-type", span, "мероприятие должно быть набором полей")
                .with_hint("например:\n  - number: \"1.1\"\n    title: …\n    due: декабрь 2022");
            f.diagnostics.push(d);
            continue;
        };
        let mut raw = RawMeasure {
            span: span.clone(),
            ..RawMeasure::default()
        };
        for (k, value) in map {
            let Some(key) = scalar(k) else { continue };
            let kspan = key_in(text, span.clone(), &key);
            let Some(&known) = MEASURE_FIELDS.iter().find(|f| **f == key) else {
                let mut d = src.error_at(
                    "unknown-field",
                    kspan,
                    format!("неизвестное поле мероприятия «{key}»"),
                );
                d = match closest(&key, MEASURE_FIELDS.iter().copied()) {
                    Some(c) => d.with_hint(format!("возможно, вы имели в виду «{c}»")),
                    None => d.with_hint(format!(
                        "у мероприятия бывают поля: {}",
                        MEASURE_FIELDS.join(", ")
                    )),
                };
                f.diagnostics.push(d);
                continue;
            };
            let vspan = value_after(text, kspan.clone(), span.end);
            let cell = |t: String| Cell {
                span: find_in(text, vspan.clone(), &t),
                text: t,
                column: None,
            };
            match (known, value) {
                ("status", Value::Mapping(years)) => {
                    for (y, s) in years {
                        let (Some(y), Some(s)) = (scalar(y), scalar(s)) else {
                            continue;
                        };
                        match y.parse::<i16>() {
                            Ok(year) => raw.statuses.push((year, cell(s))),
                            Err(_) => {
                                let d = src
                                    .error_at("bad-value", find_in(text, vspan.clone(), &y), format!("«{y}» — не год"))
                                    .with_hint("статусы по годам: status: {2023: выполнено, 2024: в работе}");
                                f.diagnostics.push(d);
                            }
                        }
                    }
                }
                ("responsible" | "evidence", Value::Sequence(list)) => {
                    let cells = list.iter().filter_map(scalar).map(cell).collect::<Vec<_>>();
                    if known == "responsible" {
                        raw.responsible = cells;
                    } else {
                        raw.evidence = cells;
                    }
                }
                ("responsible", v) => {
                    raw.responsible = scalar(v)
                        .map(|s| split_outside_brackets(&s))
                        .unwrap_or_default()
                        .into_iter()
                        .map(cell)
                        .collect();
                }
                ("evidence", v) => {
                    raw.evidence = scalar(v).into_iter().map(cell).collect();
                }
                (_, v) => match scalar(v) {
                    Some(s) => {
                        raw.cells.insert(known, cell(s));
                    }
                    None if v.is_null() => {}
                    None => {
                        let d = src
                            .error_at(
                                "wrong-type",
                                vspan.clone(),
                                format!("в поле мероприятия «{key}» ожидается текст"),
                            )
                            .with_hint(format!("запишите значение одной строкой: {key}: \"…\""));
                        f.diagnostics.push(d);
                    }
                },
            }
        }
        raws.push(raw);
    }
    raws
}

/// The span of `key:` in `range` of `text` (a line's key, after an optional «- »).
pub(super) fn key_in(text: &str, range: Range<usize>, key: &str) -> Range<usize> {
    let mut offset = range.start;
    for line in text[range.clone()].split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches('-').trim_start();
        let lead = line.len() - trimmed.len();
        let key_quoted = [key.to_string(), format!("\"{key}\""), format!("'{key}'")];
        for k in &key_quoted {
            if let Some(rest) = trimmed.strip_prefix(k.as_str())
                && rest.trim_start().starts_with(':')
            {
                return offset + lead..offset + lead + k.len();
            }
        }
        offset += line.len();
    }
    range.start..range.start
}

/// The value after a key: the rest of its line, or the lines below it up to `end`.
pub(super) fn value_after(text: &str, key: Range<usize>, end: usize) -> Range<usize> {
    let line_end = text[key.end..end].find('\n').map_or(end, |i| key.end + i);
    let after = text[key.end..line_end]
        .find(':')
        .map_or(line_end, |i| key.end + i + 1);
    let rest = &text[after..line_end];
    if !rest.trim().is_empty() {
        let start = after + (rest.len() - rest.trim_start().len());
        return start..line_end;
    }
    let key_indent = key.start - text[..key.start].rfind('\n').map_or(0, |i| i + 1);
    let mut stop = line_end;
    let mut pos = (line_end + 1).min(end);
    while pos < end {
        let next = text[pos..end].find('\n').map_or(end, |i| pos + i);
        let line = &text[pos..next];
        let lead = line.len() - line.trim_start().len();
        if line.trim().is_empty() || lead > key_indent {
            stop = next;
            pos = next + 1;
        } else {
            break;
        }
    }
    (line_end + 1).min(stop)..stop
}

/// The span of `needle` in `range`, or the whole range.
pub(super) fn find_in(text: &str, range: Range<usize>, needle: &str) -> Range<usize> {
    match text[range.clone()].find(needle) {
        Some(i) if !needle.is_empty() => range.start + i..range.start + i + needle.len(),
        _ => {
            // A multi-line or quoted value: point at its first line.
            let first = text[range.clone()]
                .find('\n')
                .map_or(range.end, |i| range.start + i);
            range.start..first.max(range.start)
        }
    }
}

/// «Управление (далее – Управление), ОУ» → two items: commas inside brackets do not split.
fn split_outside_brackets(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if (c == ',' || c == ';') && depth <= 0 {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Excel saves CSV with «;» in Russian settings and «,» elsewhere: the header line decides.
fn csv_delimiter(text: &str) -> char {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.matches(';').count() > first.matches(',').count() {
        ';'
    } else {
        ','
    }
}

/// The records of a delimited table: each row's cells with their byte spans in `text`. Quoted
/// cells («"a ""b"" c"», as Excel writes them) may hold the delimiter and line breaks.
fn records(text: &str, delimiter: char) -> Vec<Vec<(String, Range<usize>)>> {
    let mut rows = Vec::new();
    let mut row: Vec<(String, Range<usize>)> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut cell = String::new();
    let mut start = 0;
    let mut quoted = false;
    let mut at_cell_start = true;
    while let Some((i, c)) = chars.next() {
        if at_cell_start {
            start = i;
            at_cell_start = false;
            if c == '"' {
                quoted = true;
                continue;
            }
        }
        if quoted {
            if c == '"' {
                if chars.peek().is_some_and(|(_, n)| *n == '"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        if c == delimiter {
            row.push((std::mem::take(&mut cell), start..i));
            at_cell_start = true;
        } else if c == '\n' {
            row.push((std::mem::take(&mut cell), start..i));
            rows.push(std::mem::take(&mut row));
            at_cell_start = true;
        } else {
            cell.push(c);
        }
    }
    if !at_cell_start || !row.is_empty() {
        row.push((cell, start..text.len()));
        rows.push(row);
    }
    rows
}

/// Which measure field a table header names.
fn column_role(header: &str) -> Option<&'static str> {
    let h = header.to_lowercase();
    let roles: [(&str, &'static str); 10] = [
        ("№", "number"),
        ("номер", "number"),
        ("срок", "due"),
        ("ответствен", "responsible"),
        ("результат", "expected"),
        ("статус", "status"),
        ("дата статуса", "status_date"),
        ("примечан", "note"),
        ("подтвержд", "evidence"),
        ("мероприят", "title"),
    ];
    if h.contains("дата") && h.contains("статус") {
        return Some("status_date");
    }
    roles
        .iter()
        .find(|(word, _)| h.contains(word))
        .map(|(_, role)| *role)
}

/// The measures and sections of a table: a header row (or the plan's five columns № /
/// title / deadline / responsible / expected result), section rows («I | Нормативное
/// обеспечение» with no deadline), measure rows, and rows continuing the one above (Word
/// splits a row at a page break).
fn table_measures(
    origin: &Origin<'_>,
    text: &str,
    delimiter: char,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<RawMeasure>, Vec<RoadmapSection>) {
    let rows = records(text, delimiter);
    let default = ["number", "title", "due", "responsible", "expected"];
    let mut columns: Vec<Option<&'static str>> = default.iter().map(|r| Some(*r)).collect();
    let mut headers: Vec<String> = vec![
        "№".into(),
        "Наименование мероприятия".into(),
        "Сроки".into(),
        "Ответственные".into(),
        "Ожидаемый результат".into(),
    ];
    let mut first_data = 0;
    if let Some(h) = rows
        .iter()
        .position(|r| r.iter().any(|(c, _)| c.to_lowercase().contains("срок")))
    {
        columns = rows[h].iter().map(|(c, _)| column_role(c)).collect();
        headers = rows[h].iter().map(|(c, _)| c.trim().to_string()).collect();
        first_data = h + 1;
    }
    let _ = origin;
    let mut measures: Vec<RawMeasure> = Vec::new();
    let mut sections: Vec<RoadmapSection> = Vec::new();
    // What a continuation row continues.
    enum Last {
        None,
        Section,
        Measure,
    }
    let mut last = Last::None;
    for row in &rows[first_data..] {
        if row.iter().all(|(c, _)| c.trim().is_empty()) {
            continue;
        }
        let mut cells: BTreeMap<&'static str, Cell> = BTreeMap::new();
        for (i, (value, span)) in row.iter().enumerate() {
            let Some(Some(role)) = columns.get(i) else {
                continue;
            };
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if value.is_empty() {
                continue;
            }
            cells.entry(role).or_insert(Cell {
                text: value,
                span: span.clone(),
                column: headers.get(i).cloned(),
            });
        }
        let number = cells
            .get("number")
            .map(|c| c.text.trim_end_matches('.').to_string());
        let row_span = row[0].1.start..row[row.len() - 1].1.end;
        match number {
            None => {
                match last {
                    Last::Measure => {
                        let m = measures.last_mut().expect("a measure was read");
                        for (role, cell) in cells {
                            if role == "responsible" || role == "evidence" {
                                let list = if role == "responsible" {
                                    &mut m.responsible
                                } else {
                                    &mut m.evidence
                                };
                                list.push(cell);
                                continue;
                            }
                            match m.cells.get_mut(role) {
                                Some(c) => {
                                    c.text.push(' ');
                                    c.text.push_str(&cell.text);
                                }
                                None => {
                                    m.cells.insert(role, cell);
                                }
                            }
                        }
                    }
                    Last::Section => {
                        if let (Some(s), Some(t)) = (sections.last_mut(), cells.get("title")) {
                            s.title.push(' ');
                            s.title.push_str(&t.text);
                        }
                    }
                    Last::None => {
                        let d = origin
                        .error(
                            "bad-table",
                            row_span,
                            "строка таблицы без номера мероприятия".to_string(),
                        )
                        .with_hint("в первом столбце пишется номер мероприятия («1.1») или раздела («I»)");
                        diags.push(d);
                    }
                }
            }
            Some(number) if !number.contains('.') && !cells.contains_key("due") => {
                sections.push(RoadmapSection {
                    number,
                    title: cells
                        .get("title")
                        .map(|c| c.text.clone())
                        .unwrap_or_default(),
                });
                last = Last::Section;
            }
            Some(_) => {
                let mut raw = RawMeasure {
                    span: row_span,
                    ..RawMeasure::default()
                };
                if let Some(r) = cells.remove("responsible") {
                    raw.responsible = vec![r];
                }
                if let Some(e) = cells.remove("evidence") {
                    raw.evidence = vec![e];
                }
                raw.cells = cells;
                measures.push(raw);
                last = Last::Measure;
            }
        }
    }
    // Cells of tables hold lists as text: split them here, each item keeping its cell's place.
    for m in &mut measures {
        let joined = m
            .responsible
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(first) = m.responsible.first().cloned() {
            m.responsible = split_outside_brackets(&joined)
                .into_iter()
                .map(|text| Cell {
                    text,
                    ..first.clone()
                })
                .collect();
        }
        if let Some(first) = m.evidence.first().cloned() {
            let joined = m
                .evidence
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            m.evidence = joined
                .split(|c: char| c.is_whitespace() || c == ';')
                .map(|s| s.trim_end_matches(',').to_string())
                .filter(|s| !s.is_empty())
                .map(|text| Cell {
                    text,
                    ..first.clone()
                })
                .collect();
        }
        // «2023: выполнено; 2024: в работе» in a status cell.
        if let Some(status) = m.cells.get("status").cloned()
            && status.text.contains(':')
        {
            m.cells.remove("status");
            for part in status.text.split([';', ',']) {
                if let Some((y, s)) = part.split_once(':')
                    && let Ok(year) = y.trim().parse::<i16>()
                {
                    m.statuses.push((
                        year,
                        Cell {
                            text: s.trim().to_string(),
                            ..status.clone()
                        },
                    ));
                }
            }
        }
    }
    (measures, sections)
}

/// Where a value is, for messages: «строка 5, столбец «Сроки»» in a table.
fn what(origin: &Origin<'_>, cell: &Cell, key: &str) -> String {
    match (&cell.column, origin.table) {
        (Some(col), true) => format!("столбец «{col}»"),
        _ => format!("поле «{key}»"),
    }
}

/// Reads the values of each measure, reporting every mistake at its place.
fn build_measures(
    origin: &Origin<'_>,
    raws: Vec<RawMeasure>,
    period: Option<(i16, i16)>,
    approved: Option<jiff::civil::Date>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Measure> {
    let mut out: Vec<Measure> = Vec::new();
    let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    let status_names = MeasureStatus::ALL.map(|(n, _)| n);
    let read_status = |cell: &Cell, diags: &mut Vec<Diagnostic>| -> MeasureStatus {
        match MeasureStatus::parse(&cell.text) {
            Some(s) => s,
            None => {
                let hint = match closest(&cell.text, status_names) {
                    Some(c) => format!(
                        "возможно, вы имели в виду «{c}»; допустимо: {}",
                        status_names.join(", ")
                    ),
                    None => format!("допустимо: {}", status_names.join(", ")),
                };
                let d = origin
                    .error(
                        "bad-status",
                        cell.span.clone(),
                        format!(
                            "{}: неизвестный статус мероприятия «{}»",
                            what(origin, cell, "status"),
                            cell.text
                        ),
                    )
                    .with_hint(hint);
                diags.push(d);
                MeasureStatus::Planned
            }
        }
    };
    for raw in raws {
        let Some(number) = raw.cells.get("number") else {
            let d = origin
                .error(
                    "missing-field",
                    raw.span.start..raw.span.start,
                    "у мероприятия не указан номер (поле number)".to_string(),
                )
                .with_hint("номер пишется как в плане, в кавычках: number: \"1.1\"");
            diags.push(d);
            continue;
        };
        let number_text = number.text.trim_end_matches('.').to_string();
        if let Some(first) = seen.get(&number_text) {
            let first_line = Diagnostic::error("x", origin.file, "")
                .at(origin.text, first.clone())
                .line();
            let d = origin
                .error(
                    "duplicate-measure",
                    number.span.clone(),
                    format!("мероприятие с номером {number_text} уже есть в этой дорожной карте"),
                )
                .with_hint(match first_line {
                    Some(l) => {
                        format!("номер мероприятия должен быть единственным; первое — в строке {l}")
                    }
                    None => "номер мероприятия должен быть единственным".to_string(),
                });
            diags.push(d);
            continue;
        }
        seen.insert(number_text.clone(), number.span.clone());
        let title = match raw.cells.get("title") {
            Some(t) => t.text.clone(),
            None => {
                let d = origin
                    .error(
                        "missing-field",
                        number.span.clone(),
                        format!("у мероприятия {number_text} нет названия"),
                    )
                    .with_hint(if origin.table {
                        "заполните столбец с наименованием мероприятия"
                    } else {
                        "добавьте поле title: …"
                    });
                diags.push(d);
                String::new()
            }
        };
        let section = raw
            .cells
            .get("section")
            .map(|c| c.text.trim_end_matches('.').to_string())
            .unwrap_or_else(|| number_text.split('.').next().unwrap_or("").to_string());
        let (due_text, deadline) = match raw.cells.get("due") {
            None => {
                let d = origin
                    .error(
                        "missing-field",
                        number.span.clone(),
                        format!("у мероприятия {number_text} не указан срок"),
                    )
                    .with_hint(format!("например: due: декабрь 2022; {ACCEPTED_FORMS}"));
                diags.push(d);
                (String::new(), Deadline::Continuous)
            }
            Some(cell) => match Deadline::parse(&cell.text) {
                Ok(deadline) => {
                    if let Some(p) = period
                        && let Some(w) = deadline.outside(p).first()
                    {
                        let mut d = origin.error(
                            "deadline-outside-period",
                            cell.span.clone(),
                            format!("срок мероприятия {number_text} ({}) выходит за период дорожной карты {}–{}", crate::when::format_when(w), p.0, p.1),
                        );
                        d.severity = crate::diagnostic::Severity::Warning;
                        diags.push(d.with_hint("проверьте год в сроке или поле period"));
                    }
                    (cell.text.clone(), deadline)
                }
                Err(e) => {
                    let d = origin
                        .error(
                            "bad-deadline",
                            cell.span.clone(),
                            format!("{}: {}", what(origin, cell, "due"), e.message_ru()),
                        )
                        .with_hint(e.hint_ru());
                    diags.push(d);
                    (cell.text.clone(), Deadline::Continuous)
                }
            },
        };
        let status = if raw.statuses.is_empty() {
            Statuses::One(
                raw.cells
                    .get("status")
                    .map_or(MeasureStatus::Planned, |c| read_status(c, diags)),
            )
        } else {
            Statuses::PerYear(
                raw.statuses
                    .iter()
                    .map(|(y, c)| (*y, read_status(c, diags)))
                    .collect(),
            )
        };
        let status_date =
            raw.cells
                .get("status_date")
                .and_then(|cell| match DatePoint::parse(&cell.text) {
                    Ok(DatePoint::Day(d)) => Some((d, origin.spot(cell.span.clone()))),
                    Ok(DatePoint::DateTime(dt)) => {
                        Some((dt.date(), origin.spot(cell.span.clone())))
                    }
                    _ => {
                        let d = origin
                            .error(
                                "bad-date",
                                cell.span.clone(),
                                format!(
                                    "{}: дата «{}» записана непонятно",
                                    what(origin, cell, "status_date"),
                                    cell.text
                                ),
                            )
                            .with_hint("нужна дата дня: 2023-06-30 или 30.06.2023");
                        diags.push(d);
                        None
                    }
                });
        let evidence = raw
            .evidence
            .iter()
            .filter_map(|cell| {
                let t = cell.text.trim();
                if t.starts_with("@/") || t.starts_with("https://") || t.starts_with("http://") {
                    Some(Evidence {
                        raw: t.to_string(),
                        target: None,
                        spot: origin.spot(cell.span.clone()),
                    })
                } else {
                    let d = origin
                        .error("broken-link", cell.span.clone(), format!("подтверждение «{t}» — не ссылка"))
                        .with_hint("ссылка на страницу сайта пишется как @/events/имя-файла.md, внешняя — целиком, с https://");
                    diags.push(d);
                    None
                }
            })
            .collect();
        out.push(Measure {
            section,
            title,
            due_text,
            deadline,
            responsible: raw
                .responsible
                .iter()
                .map(|c| Responsible {
                    text: c.text.clone(),
                    organization: None,
                })
                .collect(),
            expected: raw.cells.get("expected").map(|c| c.text.clone()),
            status,
            status_date: status_date.as_ref().map(|(d, _)| *d),
            status_date_spot: status_date.map(|(_, s)| s),
            note: raw.cells.get("note").map(|c| c.text.clone()),
            evidence,
            events: Vec::new(),
            spot: origin.spot(number.span.clone()),
            number: number_text,
            approved,
        });
    }
    out
}

/// A measure in a section the roadmap does not have.
fn check_sections(sections: &[RoadmapSection], measures: &[Measure], diags: &mut Vec<Diagnostic>) {
    if sections.is_empty() {
        return;
    }
    let keys: Vec<String> = sections.iter().map(|s| section_key(&s.number)).collect();
    let names: Vec<&str> = sections.iter().map(|s| s.number.as_str()).collect();
    for m in measures {
        if !keys.contains(&section_key(&m.section)) {
            let d = m
                .spot
                .error("unknown-section", format!("мероприятие {} относится к разделу «{}», которого нет в дорожной карте", m.number, m.section))
                .with_hint(format!("разделы дорожной карты: {}; добавьте раздел в sections или исправьте номер мероприятия", names.join(", ")));
            diags.push(d);
        }
    }
}

/// The department's to-do list for `nastavnik check`: a warning for every measure overdue on
/// the site's today, at the measure's line, naming the deadline that passed and the status
/// that is still open. Only `check` reports them: a build is not wrong because work is late,
/// and its output already shows «просрочено».
pub fn overdue_warnings(site: &crate::content::model::Site) -> Vec<Diagnostic> {
    let today = site.today;
    let mut out = Vec::new();
    for &id in &site.roadmaps {
        let Some(r) = site.pages[id].as_roadmap() else {
            continue;
        };
        for m in &r.measures {
            if m.state(r.period, today) != crate::content::model::MeasureState::Overdue {
                continue;
            }
            // The latest deadline that has passed with its year's status still open.
            let Some((when, status)) = m
                .due(r.period)
                .into_iter()
                .filter(|w| w.last_day() < today)
                .map(|w| (w, m.status.for_year(w.last_day().year())))
                .rfind(|(_, s)| s.is_open())
            else {
                continue;
            };
            let mut d = m.spot.error(
                "overdue-measure",
                format!(
                    "п. {} просрочен: срок ({}) прошёл, статус «{}»",
                    m.number,
                    crate::when::format_when(&when),
                    status.label()
                ),
            );
            d.severity = crate::diagnostic::Severity::Warning;
            out.push(d.with_hint(
                "когда мероприятие выполнено, поставьте статус «выполнено» (и дату статуса status_date); \
если срок перенесён — «перенесено», если выполнено не полностью — «выполнено частично»",
            ));
        }
    }
    out
}

/// The folder of a page on disk and relative to the site, for its table files.
pub fn dirs(abs_path: &Path, rel_path: &Path) -> (PathBuf, PathBuf) {
    (
        abs_path.parent().map(Path::to_path_buf).unwrap_or_default(),
        rel_path.parent().map(Path::to_path_buf).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_with_quotes_and_line_breaks() {
        let text = "a;\"b;c\";\"d\"\"e\"\n\"x\ny\";z\n";
        let rows = records(text, ';');
        assert_eq!(rows.len(), 2);
        let cells: Vec<&str> = rows[0].iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(cells, ["a", "b;c", "d\"e"]);
        assert_eq!(rows[1][0].0, "x\ny");
        assert_eq!(&text[rows[1][1].1.clone()], "z");
    }

    #[test]
    fn responsible_split_outside_brackets() {
        assert_eq!(
            split_outside_brackets(
                "Управление (далее - Управление), образовательные организации (далее - ОУ)"
            ),
            [
                "Управление (далее - Управление)",
                "образовательные организации (далее - ОУ)"
            ]
        );
    }

    #[test]
    fn section_keys() {
        assert_eq!(section_key("I"), "1");
        assert_eq!(section_key("3."), "3");
        assert_eq!(section_key("iv"), "4");
    }
}
