//! A plan's table, pasted from Word as tab-separated text or exported as CSV, read into rows.
//!
//! Plans arrive as Word documents; an editor copies the table (often with the title and intro
//! above it) into a text file. What comes out is messier than a spreadsheet: the intro is free
//! text, section headings («I», «2», «3.») are rows with one filled cell, Word's page breaks leave
//! a blank line and a row that continues the cells of the row above, vertically merged cells are
//! empty in all but their first row. This module undoes exactly those artifacts and nothing more;
//! reading dates and writing events happen elsewhere.
//!
//! Line numbers are 1-based lines of the decoded text, the lines an editor sees in Notepad, so the
//! import report can say which line of their file became which event.

use super::ImportError;
use crate::text::{self, DecodeError, Utf16};

/// What a column holds, decided from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// «№ п/п».
    Number,
    /// «Мероприятие», «Наименование этапа»…: the event's name, or a group of items (see [`PlanRow`]).
    Activity,
    /// «Содержание деятельности…»: the items of a group, or details of the activity.
    Content,
    /// «Формы, методы проведения».
    Format,
    /// «Сроки», «Сроки реализации», «Сроки исполнения».
    Dates,
    /// «Ответственные».
    Responsible,
    /// «Ожидаемый результат».
    Result,
    /// Anything else; kept in the event's body under its header.
    Other,
}

/// How the text is split into cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Cells separated by tabs, one row per line: what Word puts on the clipboard. No quoting.
    Tsv,
    /// RFC 4180 CSV; `;` is what Excel writes in a Russian locale, `,` elsewhere.
    Csv { delimiter: char },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    pub role: Role,
}

/// One row of the plan that becomes one or more events (or a draft).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanRow {
    /// The line the row starts on.
    pub line: usize,
    /// Lines of continuation rows (after a page break) merged into this one.
    pub joined_lines: Vec<usize>,
    /// «1.», «2.3»: as written.
    pub number: String,
    /// The current section heading («Нормативное обеспечение…»), if the table has them.
    pub section: Option<String>,
    /// When the activity column groups several content rows (seed 003: «Мероприятия» spans rows
    /// whose «Содержание деятельности» are the items), the group this item belongs to.
    pub group: Option<String>,
    /// The event's name as written in the cell (may hold HTML from the clipboard, inline lists).
    pub title: String,
    /// The content column when the activity column already names the event.
    pub details: String,
    pub format: String,
    pub dates: String,
    pub responsible: String,
    pub result: String,
    /// Cells of unrecognised columns: (header, text).
    pub extra: Vec<(String, String)>,
}

/// A line that is not a data row, and why (shown in the import report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTable {
    /// The plan's title from the text above the table («План работы Школы Лидеров…»).
    pub title: Option<String>,
    /// The plan's years («на 2023-2024 учебный год» → `(2023, 2024)`), for dates without a year.
    pub period: Option<(i16, i16)>,
    pub layout: Layout,
    pub header_line: usize,
    pub columns: Vec<Column>,
    pub rows: Vec<PlanRow>,
    pub skipped: Vec<Skipped>,
}

impl PlanTable {
    pub fn has(&self, role: Role) -> bool {
        self.columns.iter().any(|c| c.role == role)
    }
}

/// Decodes and reads a table file.
pub fn read_table(bytes: &[u8]) -> Result<PlanTable, ImportError> {
    parse_table(&decode(bytes)?)
}

/// Bytes to text with [`text::decode`]: UTF-8 with or without BOM, and UTF-16 with BOM, which is
/// what Word's «Юникод» choice writes. Windows-1251 and DOS 866, the usual encodings of Russian
/// Word and Notepad, are recognised and explained rather than decoded: importing them silently
/// would teach editors that any encoding works, and the content loader does not accept them.
/// Word and Excel files themselves are recognised by their signatures.
pub fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(ImportError::OfficeFile { legacy: false });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::OfficeFile { legacy: true });
    }
    text::decode(bytes, Utf16::Accept).map_err(|error| match error {
        DecodeError::NotUtf8 {
            line,
            guess: Some(legacy),
        } => ImportError::Encoding {
            encoding: legacy.name(),
            line,
        },
        DecodeError::NotUtf8 { line, guess: None } => ImportError::NotUtf8 { line },
        // Not returned when UTF-16 is accepted; were it, the file would still not be UTF-8.
        DecodeError::Utf16 => ImportError::NotUtf8 { line: 1 },
    })
}

/// Finds the header row, takes the title and period from the text above it, and reads the rows.
pub fn parse_table(text: &str) -> Result<PlanTable, ImportError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let (header_index, layout, columns) = find_header(&lines).ok_or(ImportError::NoHeader)?;

    let preamble: Vec<String> = lines[..header_index]
        .iter()
        .map(|line| line_text(line, layout))
        .collect();
    let paragraphs = paragraphs(&preamble);
    let title = plan_title(&paragraphs);
    let period = title
        .as_deref()
        .and_then(find_period)
        .or_else(|| paragraphs.iter().find_map(|p| find_period(p)));

    let records: Vec<Record> = match layout {
        Layout::Tsv => lines[header_index + 1..]
            .iter()
            .enumerate()
            .map(|(k, line)| Record {
                line: header_index + 2 + k,
                cells: line.split('\t').map(str::to_string).collect(),
            })
            .collect(),
        Layout::Csv { delimiter } => {
            let rest: String = lines[header_index + 1..].join("\n");
            parse_csv(&rest, delimiter, header_index + 2)
        }
    };

    let mut skipped = Vec::new();
    if preamble.iter().any(|l| !l.trim().is_empty()) {
        skipped.push(Skipped {
            line: 1,
            reason: format!(
                "название и вступление плана до шапки таблицы (строки 1–{header_index})"
            ),
        });
    }
    skipped.push(Skipped {
        line: header_index + 1,
        reason: "шапка таблицы".to_string(),
    });

    let raw = merge_rows(&columns, records, &mut skipped);
    let rows = build_rows(&columns, raw);
    skipped.sort_by_key(|s| s.line);
    Ok(PlanTable {
        title,
        period,
        layout,
        header_line: header_index + 1,
        columns,
        rows,
        skipped,
    })
}

struct Record {
    line: usize,
    cells: Vec<String>,
}

/// The first line whose cells are recognised as a table header. TSV is tried on the whole text
/// first, because tabs never occur in ordinary text; only then CSV with `;` and `,`, and a CSV
/// header must spell two headers exactly, so that a sentence of the intro with a comma («…
/// мероприятие, сроки…») is not taken for one.
fn find_header(lines: &[&str]) -> Option<(usize, Layout, Vec<Column>)> {
    let tsv = lines.iter().enumerate().find_map(|(index, line)| {
        let cells: Vec<String> = line.split('\t').map(str::to_string).collect();
        (cells.len() > 1)
            .then(|| header_columns(&cells, false))
            .flatten()
            .map(|columns| (index, Layout::Tsv, columns))
    });
    tsv.or_else(|| {
        lines.iter().enumerate().find_map(|(index, line)| {
            [';', ','].into_iter().find_map(|delimiter| {
                let cells = parse_csv(line, delimiter, 1).into_iter().next()?.cells;
                let columns = header_columns(&cells, true)?;
                Some((index, Layout::Csv { delimiter }, columns))
            })
        })
    })
}

/// Header spellings, compared lowercased with all whitespace removed («№ п/п» = «№п/п»).
const HEADERS: &[(&str, Role)] = &[
    ("№п/п", Role::Number),
    ("№пп", Role::Number),
    ("№", Role::Number),
    ("nп/п", Role::Number),
    ("noп/п", Role::Number),
    ("n", Role::Number),
    ("no", Role::Number),
    ("п/п", Role::Number),
    ("номер", Role::Number),
    ("мероприятие", Role::Activity),
    ("мероприятия", Role::Activity),
    ("наименованиемероприятия", Role::Activity),
    ("наименованиемероприятий", Role::Activity),
    (
        "направлениядеятельности/наименованиемероприятия",
        Role::Activity,
    ),
    ("наименованиеэтапа", Role::Activity),
    ("названиемероприятия", Role::Activity),
    ("темамероприятия", Role::Activity),
    ("содержаниедеятельности", Role::Content),
    ("содержаниеработы", Role::Content),
    ("содержание", Role::Content),
    ("формы,методыпроведения", Role::Format),
    ("формыиметодыпроведения", Role::Format),
    ("формапроведения", Role::Format),
    ("формыпроведения", Role::Format),
    ("формыработы", Role::Format),
    ("форма", Role::Format),
    ("формы", Role::Format),
    ("сроки", Role::Dates),
    ("срок", Role::Dates),
    ("срокиреализации", Role::Dates),
    ("срокиисполнения", Role::Dates),
    ("срокисполнения", Role::Dates),
    ("срокипроведения", Role::Dates),
    ("срокпроведения", Role::Dates),
    ("датапроведения", Role::Dates),
    ("дата", Role::Dates),
    ("ответственные", Role::Responsible),
    ("ответственный", Role::Responsible),
    ("ответственныеисполнители", Role::Responsible),
    ("ответственныйисполнитель", Role::Responsible),
    ("исполнители", Role::Responsible),
    ("исполнитель", Role::Responsible),
    ("ожидаемыйрезультат", Role::Result),
    ("ожидаемыерезультаты", Role::Result),
    ("планируемыйрезультат", Role::Result),
    ("планируемыерезультаты", Role::Result),
    ("результат", Role::Result),
    ("результаты", Role::Result),
];

fn normalize_header(header: &str) -> String {
    let squeezed: String = header
        .to_lowercase()
        .replace('ё', "е")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '"')
        .collect();
    squeezed.trim_end_matches([':', '.']).to_string()
}

/// The role of one header: an exact spelling, else the longest known spelling it starts with
/// («Содержание деятельности и примерный план мероприятий» → content).
fn header_role(header: &str) -> Role {
    let h = normalize_header(header);
    if h.is_empty() {
        return Role::Other;
    }
    if let Some((_, role)) = HEADERS.iter().find(|(known, _)| *known == h) {
        return *role;
    }
    HEADERS
        .iter()
        .filter(|(known, _)| known.chars().count() >= 5 && h.starts_with(known))
        .max_by_key(|(known, _)| known.len())
        .map_or(Role::Other, |(_, role)| *role)
}

/// Columns of a header row, or `None` if the cells do not look like a plan's header: at least two
/// recognised headers (with `exact`, two spelled exactly as known), one of them naming the events.
fn header_columns(cells: &[String], exact: bool) -> Option<Vec<Column>> {
    let mut columns: Vec<Column> = Vec::with_capacity(cells.len());
    for cell in cells {
        let mut role = header_role(cell);
        // A second column with the same role is kept as an extra one rather than overwriting.
        if role != Role::Other && columns.iter().any(|c| c.role == role) {
            role = Role::Other;
        }
        columns.push(Column {
            header: clean_inline(cell),
            role,
        });
    }
    let recognised = columns.iter().filter(|c| c.role != Role::Other).count();
    let names_events = columns
        .iter()
        .any(|c| matches!(c.role, Role::Activity | Role::Content));
    let exact_count = cells
        .iter()
        .filter(|cell| {
            let h = normalize_header(cell);
            HEADERS.iter().any(|(known, _)| *known == h)
        })
        .count();
    if recognised < 2 || !names_events || (exact && exact_count < 2) {
        return None;
    }
    // Seed 004 leaves the number column's header empty.
    if !columns.iter().any(|c| c.role == Role::Number) && columns[0].header.is_empty() {
        columns[0].role = Role::Number;
    }
    Some(columns)
}

/// A preamble line as plain text (CSV preamble rows are cells too).
fn line_text(line: &str, layout: Layout) -> String {
    let cells: Vec<String> = match layout {
        Layout::Tsv => line.split('\t').map(str::to_string).collect(),
        Layout::Csv { delimiter } => parse_csv(line, delimiter, 1)
            .into_iter()
            .flat_map(|r| r.cells)
            .collect(),
    };
    clean_inline(&cells.join(" ")).replace("**", "")
}

/// Blank-line separated paragraphs, each joined into one line.
fn paragraphs(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines.iter().map(|l| l.trim()).chain(std::iter::once("")) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(clean_inline(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    out
}

/// The plan's title: the first paragraph starting with «План» or «Дорожная карта»; a bare «ПЛАН
/// МЕРОПРИЯТИЙ» takes the paragraph that continues it («(«дорожная карта») по внедрению…», «на
/// 2023-2024 учебный год»). Falls back to the first paragraph if it is short enough to be a title.
fn plan_title(paragraphs: &[String]) -> Option<String> {
    let starts_title = |p: &String| {
        let lower = p.to_lowercase();
        ["план", "дорожная карта", "календарный план", "график"]
            .iter()
            .any(|w| lower.starts_with(w))
    };
    let Some(index) = paragraphs.iter().position(starts_title) else {
        return paragraphs
            .first()
            .filter(|p| p.chars().count() <= 200)
            .cloned();
    };
    let mut title = paragraphs[index].clone();
    if let Some(next) = paragraphs.get(index + 1) {
        let continues = next.starts_with('(')
            || next.starts_with("на ")
            || next.chars().next().is_some_and(char::is_lowercase);
        let short_next = next.chars().count() <= 300;
        if continues
            && short_next
            && (title.split_whitespace().count() <= 3 || find_period(&title).is_none())
        {
            title = format!("{title} {next}");
        }
    }
    Some(title)
}

/// The first span of years in a text: «2022-2023», «на 2022 - 2024 годы», «2023/2024»; or a single
/// «на 2023 год». Ranges longer than six years are not a plan's period.
pub fn find_period(text: &str) -> Option<(i16, i16)> {
    let chars: Vec<char> = text.chars().collect();
    let year_at = |i: usize| -> Option<(i16, usize)> {
        let end = (i..chars.len())
            .find(|&j| !chars[j].is_ascii_digit())
            .unwrap_or(chars.len());
        if end - i != 4 || (i > 0 && chars[i - 1].is_ascii_digit()) {
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
        if matches!(chars.get(after), Some('-' | '–' | '—' | '/')) {
            let j = skip_spaces(after + 1);
            let ok = |&(last, _): &(i16, usize)| first <= last && last - first <= 6;
            if let Some((last, _)) = year_at(j).filter(ok) {
                return Some((first, last));
            }
        }
        let before: String = chars[..i].iter().collect::<String>().to_lowercase();
        let rest: String = chars[after..]
            .iter()
            .take(3)
            .collect::<String>()
            .to_lowercase();
        if single.is_none() && before.trim_end().ends_with("на") && rest == "год" {
            single = Some((first, first));
        }
    }
    single
}

/// A row in the making: cells by column index, before roles are applied.
struct RawRow {
    line: usize,
    joined: Vec<usize>,
    section: Option<String>,
    cells: Vec<String>,
}

enum Last {
    Nothing,
    Section,
    Row,
}

/// Walks the records: drops blank lines (remembering them as page breaks), turns section rows into
/// the current section, and merges continuation rows into the row above.
fn merge_rows(columns: &[Column], records: Vec<Record>, skipped: &mut Vec<Skipped>) -> Vec<RawRow> {
    let index_of = |role: Role| columns.iter().position(|c| c.role == role);
    let number_at = index_of(Role::Number);
    let dates_at = index_of(Role::Dates);
    let name_at: Vec<usize> = [index_of(Role::Activity), index_of(Role::Content)]
        .into_iter()
        .flatten()
        .collect();
    let multilevel = records
        .iter()
        .any(|r| is_multilevel_number(cell(&r.cells, number_at)));

    let mut rows: Vec<RawRow> = Vec::new();
    let mut section: Option<String> = None;
    let mut last = Last::Nothing;
    let mut after_break = false;
    for record in records {
        let cells: Vec<String> = record.cells.iter().map(|c| c.trim().to_string()).collect();
        let filled: Vec<usize> = (0..cells.len()).filter(|&i| !cells[i].is_empty()).collect();
        if filled.is_empty() {
            after_break = true;
            continue;
        }
        let number = cell(&cells, number_at);
        let continues = filled.iter().all(|&i| continues_text(&cells[i]));

        if cells.len() == 1 && columns.len() > 1 {
            // A line without a single tab: a heading merged across the table, or the next paragraph
            // of the last cell of the row above.
            match (&last, rows.last_mut()) {
                (Last::Row, Some(row)) if continues => {
                    let at = row.cells.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
                    row.cells[at] = join_text(&row.cells[at], &cells[0]);
                    row.joined.push(record.line);
                    skipped.push(continuation(record.line, row.line));
                }
                _ => {
                    section = Some(clean_inline(&cells[0]));
                    last = Last::Section;
                    skipped.push(section_heading(record.line, &cells[0]));
                }
            }
        } else if !number.is_empty()
            && is_section_number(number, multilevel)
            && filled.len() == 2
            && filled.iter().any(|i| name_at.contains(i))
        {
            let text = filled
                .iter()
                .map(|&i| cells[i].as_str())
                .find(|t| *t != number)
                .unwrap_or_default();
            section = Some(clean_inline(text));
            last = Last::Section;
            skipped.push(section_heading(record.line, &format!("{number} {text}")));
        } else if number.is_empty()
            && continues
            && (after_break || cell(&cells, dates_at).is_empty())
            && matches!(last, Last::Row)
            && let Some(row) = rows.last_mut()
        {
            for &i in &filled {
                if row.cells.len() <= i {
                    row.cells.resize(i + 1, String::new());
                }
                row.cells[i] = join_text(&row.cells[i], &cells[i]);
            }
            row.joined.push(record.line);
            skipped.push(continuation(record.line, row.line));
        } else {
            rows.push(RawRow {
                line: record.line,
                joined: Vec::new(),
                section: section.clone(),
                cells,
            });
            last = Last::Row;
        }
        after_break = false;
    }
    rows
}

fn cell(cells: &[String], at: Option<usize>) -> &str {
    at.and_then(|i| cells.get(i)).map_or("", String::as_str)
}

fn continuation(line: usize, of: usize) -> Skipped {
    Skipped {
        line,
        reason: format!("продолжение строки {of} (перенос на новую страницу), присоединено к ней"),
    }
}

fn section_heading(line: usize, text: &str) -> Skipped {
    Skipped {
        line,
        reason: format!("заголовок раздела «{}»", clean_inline(text)),
    }
}

/// True if a cell reads as the middle of a sentence: its first letter is lowercase and no digit
/// comes before it («образовательных учреждениях…», «и выявления…», «(далее – ОУ)»). A cell
/// starting with a number («3. Формирование…») is a new item, never a continuation.
fn continues_text(cell: &str) -> bool {
    for c in cell.chars() {
        if c.is_ascii_digit() {
            return false;
        }
        if c.is_alphabetic() {
            return c.is_lowercase();
        }
    }
    false
}

/// «1.1», «2.3.», «1.1.1».
fn is_multilevel_number(number: &str) -> bool {
    let parts: Vec<&str> = number.trim_end_matches('.').split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Section numbers: Roman numerals always; a plain «2» or «3.» only in a table whose items are
/// numbered «2.1», where it cannot be an item.
fn is_section_number(number: &str, multilevel: bool) -> bool {
    let n = number.trim_end_matches('.');
    if n.is_empty() {
        return false;
    }
    n.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
        || (multilevel && n.chars().all(|c| c.is_ascii_digit()))
}

fn join_text(above: &str, below: &str) -> String {
    if above.is_empty() {
        below.to_string()
    } else {
        format!("{above} {below}")
    }
}

/// Applies column roles. When the activity column is empty in some rows that have content, it
/// groups those rows (vertically merged cells in Word): the content is then each row's title and
/// the activity the group; otherwise the activity is the title and the content its details.
fn build_rows(columns: &[Column], raw: Vec<RawRow>) -> Vec<PlanRow> {
    let index_of = |role: Role| columns.iter().position(|c| c.role == role);
    let text = |row: &RawRow, role: Role| {
        index_of(role)
            .and_then(|i| row.cells.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let (activity, content) = (index_of(Role::Activity), index_of(Role::Content));
    let grouped = activity.is_some()
        && content.is_some()
        && raw
            .iter()
            .any(|r| text(r, Role::Activity).is_empty() && !text(r, Role::Content).is_empty());

    let mut group: Option<String> = None;
    let mut last_section: Option<String> = None;
    let mut rows = Vec::with_capacity(raw.len());
    for r in raw {
        if r.section != last_section {
            group = None;
            last_section.clone_from(&r.section);
        }
        let (title, details) = if grouped {
            let activity = text(&r, Role::Activity);
            if !activity.is_empty() {
                group = Some(activity);
            }
            (text(&r, Role::Content), String::new())
        } else if activity.is_some() {
            (text(&r, Role::Activity), text(&r, Role::Content))
        } else {
            (text(&r, Role::Content), String::new())
        };
        let mut extra: Vec<(String, String)> = columns
            .iter()
            .zip(&r.cells)
            .filter(|(c, v)| c.role == Role::Other && !v.is_empty())
            .map(|(c, v)| (c.header.clone(), v.clone()))
            .collect();
        extra.extend(
            r.cells
                .iter()
                .skip(columns.len())
                .filter(|v| !v.is_empty())
                .map(|v| (String::new(), v.clone())),
        );
        rows.push(PlanRow {
            line: r.line,
            joined_lines: r.joined.clone(),
            number: text(&r, Role::Number),
            section: r.section.clone(),
            group: if grouped { group.clone() } else { None },
            title,
            details,
            format: text(&r, Role::Format),
            dates: text(&r, Role::Dates),
            responsible: text(&r, Role::Responsible),
            result: text(&r, Role::Result),
            extra,
        });
    }
    rows
}

/// Collapses all whitespace (including no-break spaces and newlines) to single spaces.
pub fn clean_inline(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// RFC 4180 records with the line each starts on. Lenient where the RFC is strict, because input
/// comes from people: a quote inside an unquoted field is literal, text after a closing quote is
/// kept, an unterminated quote runs to the end of the file.
fn parse_csv(text: &str, delimiter: char, first_line: usize) -> Vec<Record> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
    }
    let mut records = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut state = State::FieldStart;
    let mut line = first_line;
    let mut record_line = first_line;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (&state, c) {
            (State::Quoted, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (State::Quoted, '"') => state = State::AfterQuote,
            (State::Quoted, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (State::FieldStart, '"') => state = State::Quoted,
            (_, '\n') => {
                cells.push(std::mem::take(&mut field));
                records.push(Record {
                    line: record_line,
                    cells: std::mem::take(&mut cells),
                });
                line += 1;
                record_line = line;
                state = State::FieldStart;
            }
            (_, c) if c == delimiter => {
                cells.push(std::mem::take(&mut field));
                state = State::FieldStart;
            }
            (_, c) => {
                field.push(c);
                if state == State::FieldStart {
                    state = State::Unquoted;
                }
            }
        }
    }
    if !field.is_empty() || !cells.is_empty() || state != State::FieldStart {
        cells.push(field);
        records.push(Record {
            line: record_line,
            cells,
        });
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> PlanTable {
        parse_table(text).unwrap_or_else(|e| panic!("{e}"))
    }

    const SEED_001: &str =
        include_str!("../../tests/fixtures/import/001-prikaz-633-dorozhnaya-karta-2022-2024.tsv");
    const SEED_003: &str =
        include_str!("../../tests/fixtures/import/003-oosh-4-dorozhnaya-karta-2022-2023.tsv");

    #[test]
    fn utf8_with_and_without_bom_and_crlf() {
        assert_eq!(decode("а\r\nб".as_bytes()).unwrap(), "а\nб");
        assert_eq!(decode(b"\xEF\xBB\xBF\xd0\xb0").unwrap(), "а");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Сроки\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&utf16).unwrap(), "Сроки\n");
    }

    #[test]
    fn windows_1251_is_explained_with_the_line() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251
            .encode("План работы\nМероприятие\tСроки\nСобрание\tмай 2023\n");
        let err = decode(&bytes).unwrap_err();
        assert_eq!(
            err,
            ImportError::Encoding {
                encoding: "Windows-1251",
                line: 1
            }
        );
        assert!(err.message_ru().contains("Windows-1251"));
        assert!(err.hint_ru().contains("Юникод (UTF-8)"));
        assert!(err.hint_ru().contains("Кодировка"));
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Plan\nМероприятие");
        assert_eq!(
            decode(&bytes).unwrap_err(),
            ImportError::Encoding {
                encoding: "Windows-1251",
                line: 2
            }
        );
    }

    #[test]
    fn other_encodings_and_office_files() {
        let (bytes, _, _) = encoding_rs::IBM866.encode("Мероприятие и сроки проведения");
        assert_eq!(
            decode(&bytes).unwrap_err(),
            ImportError::Encoding {
                encoding: "DOS (866)",
                line: 1
            }
        );
        assert_eq!(
            decode(b"abc\n\xff\xfe\xfd\x00\x81").unwrap_err(),
            ImportError::NotUtf8 { line: 2 }
        );
        assert_eq!(
            decode(b"PK\x03\x04rest").unwrap_err(),
            ImportError::OfficeFile { legacy: false }
        );
        assert_eq!(
            decode(&[0xD0, 0xCF, 0x11, 0xE0, 1]).unwrap_err(),
            ImportError::OfficeFile { legacy: true }
        );
    }

    #[test]
    fn headers_are_case_and_space_insensitive() {
        assert_eq!(header_role("№ п/п"), Role::Number);
        assert_eq!(header_role("№п/п"), Role::Number);
        assert_eq!(header_role("  МЕРОПРИЯТИЕ "), Role::Activity);
        assert_eq!(
            header_role("Направления деятельности/ Наименование мероприятия"),
            Role::Activity
        );
        assert_eq!(
            header_role("Направления деятельности / наименование мероприятия"),
            Role::Activity
        );
        assert_eq!(
            header_role("Содержание деятельности и примерный план мероприятий"),
            Role::Content
        );
        assert_eq!(header_role("Формы, методы проведения"), Role::Format);
        assert_eq!(header_role("Сроки реализации"), Role::Dates);
        assert_eq!(header_role("Сроки исполнения:"), Role::Dates);
        assert_eq!(header_role("Ответственные"), Role::Responsible);
        assert_eq!(header_role("Ожидаемый результат"), Role::Result);
        assert_eq!(header_role("Примечание"), Role::Other);
        assert_eq!(header_role(""), Role::Other);
    }

    #[test]
    fn a_line_of_prose_is_not_a_header() {
        let cells = |texts: &[&str]| texts.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert!(header_columns(&cells(&["Мероприятие"]), false).is_none());
        assert!(header_columns(&cells(&["Сроки", "Ответственные"]), false).is_none());
        assert!(header_columns(&cells(&["Мероприятие", "сроки и ответственные"]), false).is_some());
        assert!(header_columns(&cells(&["Мероприятие", "сроки и ответственные"]), true).is_none());
        // A sentence with a comma above a pasted table does not make the file CSV.
        let t = table(
            "Мероприятие, сроки и ответственные указаны ниже.\nМероприятие\tСроки\nВстреча\tмай 2023\n",
        );
        assert_eq!((t.layout, t.header_line), (Layout::Tsv, 2));
        assert_eq!(
            parse_table("просто текст\nбез таблицы\n").unwrap_err(),
            ImportError::NoHeader
        );
    }

    #[test]
    fn title_and_period_come_from_the_text_above() {
        let t = table(SEED_001);
        assert_eq!(t.header_line, 43);
        assert_eq!(t.period, Some((2022, 2024)));
        assert_eq!(
            t.title.as_deref(),
            Some(
                "ПЛАН МЕРОПРИЯТИЙ («дорожная карта») по внедрению и развитию системы наставничества педагогических \
                 работников образовательных организаций города Смоленска на 2022-2024 годы"
            )
        );
        let t = table(include_str!(
            "../../tests/fixtures/import/004-ds-15-plan-2023-2024.tsv"
        ));
        assert_eq!(t.period, Some((2023, 2024)));
        assert_eq!(
            t.title.as_deref(),
            Some(
                "План по организации наставничества в ГБДОУ детском саду № 15 Кировского района Санкт-Петербурга на 2023-2024 учебный год"
            )
        );
        let t = table(include_str!(
            "../../tests/fixtures/import/000-shkola-liderov-2022-2023.tsv"
        ));
        assert_eq!(t.period, Some((2022, 2023)));
        assert_eq!(
            t.title.as_deref(),
            Some(
                "План работы Школы Лидеров образования города Смоленска 2022-2023 «Год педагога и наставника»"
            )
        );
    }

    #[test]
    fn periods() {
        assert_eq!(find_period("на 2023-2024 учебный год"), Some((2023, 2024)));
        assert_eq!(find_period("2022-2023"), Some((2022, 2023)));
        assert_eq!(find_period("на период 2022-2023 годы"), Some((2022, 2023)));
        assert_eq!(find_period("на 2022 - 2024 годы"), Some((2022, 2024)));
        assert_eq!(find_period("на 2022 – 2024 гг."), Some((2022, 2024)));
        assert_eq!(find_period("2023/2024 учебный год"), Some((2023, 2024)));
        assert_eq!(find_period("План на 2023 год"), Some((2023, 2023)));
        assert_eq!(find_period("приказ от 26.12.2022 - 2023"), None);
        assert_eq!(find_period("№ 3273-р от 2019"), None);
        assert_eq!(find_period("1990-2030"), None);
        assert_eq!(find_period(""), None);
    }

    #[test]
    fn sections_and_page_break_continuations() {
        let t = table(SEED_001);
        let numbers: Vec<&str> = t.rows.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(
            numbers,
            [
                "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2", "3.3", "3.4",
                "3.5", "3.6", "3.7", "3.8", "4.1", "4.2", "4.3", "4.4", "4.5"
            ]
        );
        let first = &t.rows[0];
        assert_eq!(first.line, 45);
        assert_eq!(first.joined_lines, [47]);
        assert_eq!(
            first.section.as_deref(),
            Some("Нормативное обеспечение системы наставничества педагогических работников")
        );
        assert!(first.title.ends_with("- Положение о системе наставничества образовательных учреждениях; - План мероприятий («дорожная карта») по реализации Положения о системе наставничества педагогических работников в образовательной учреждений."));
        let r23 = &t.rows[4];
        assert_eq!(
            r23.dates,
            "январь 2023 (далее- ежегодно по специальному графику)"
        );
        assert!(r23.result.ends_with("приняли участие в старт-сессии, согласован единый план действий по вопросу внедрения и развития системы педагогического наставничества на уровне ОО"));
        assert_eq!(
            t.rows[14].result,
            "Созданы условия для проведения конкурса и выявления лучшего опыта работы и практик наставничества"
        );
        assert_eq!(
            t.rows[20].section.as_deref(),
            Some(
                "Информационное сопровождение внедрения и развития системы наставничества педагогических работников"
            )
        );
        let reasons: Vec<(usize, &str)> = t
            .skipped
            .iter()
            .map(|s| (s.line, s.reason.as_str()))
            .collect();
        assert!(reasons.contains(&(44, "заголовок раздела «I Нормативное обеспечение системы наставничества педагогических работников»")));
        assert!(reasons.contains(&(
            54,
            "продолжение строки 52 (перенос на новую страницу), присоединено к ней"
        )));
        assert!(reasons.contains(&(
            1,
            "название и вступление плана до шапки таблицы (строки 1–42)"
        )));
    }

    #[test]
    fn grouped_activities_and_merged_cells() {
        let t = table(SEED_003);
        assert_eq!(t.rows.len(), 17);
        assert_eq!(
            t.rows[0].group.as_deref(),
            Some("Подготовка нормативной базы по реализации целевой модели наставничества")
        );
        assert_eq!(
            t.rows[0].title,
            "1. Разработка проекта приказа и утверждение приказа директором МБОУ «Основная общеобразовательная школа № 4»"
        );
        assert_eq!(t.rows[2].group, t.rows[0].group);
        // «3. Формирование базы…» has empty dates but starts with a number: an item, not a continuation.
        let row40 = t.rows.iter().find(|r| r.line == 40).unwrap();
        assert_eq!(row40.dates, "");
        assert_eq!(
            row40.group.as_deref(),
            Some("Формирование базы наставников")
        );
        // The page break inside «Мотивация и поощрение / наставников».
        let row45 = t.rows.iter().find(|r| r.line == 45).unwrap();
        assert_eq!(
            row45.group.as_deref(),
            Some("Мотивация и поощрение наставников")
        );
        assert_eq!(row45.joined_lines, [47]);
        assert!(row45.title.ends_with(
            "программы наставничества на сайте МБОУ «Основная общеобразовательная школа № 4»"
        ));
        assert_eq!(
            t.rows[16].group.as_deref(),
            Some("Подведение итогов реализации программы наставничества")
        );
    }

    #[test]
    fn activity_with_details_when_nothing_is_grouped() {
        let t = table(include_str!(
            "../../tests/fixtures/import/004-ds-15-plan-2023-2024.tsv"
        ));
        assert_eq!(t.rows.len(), 7);
        assert!(!t.has(Role::Dates));
        assert_eq!(t.rows[0].number, "1.1.");
        assert_eq!(
            t.rows[0].title,
            "Подготовка условий для реализации системы наставничества"
        );
        assert!(
            t.rows[0]
                .details
                .starts_with("Подготовка и принятие локальных")
        );
        assert_eq!(t.rows[0].group, None);
    }

    #[test]
    fn csv_with_quotes_semicolons_and_newlines() {
        let text = "План на 2023-2024 учебный год\n\
                    № п/п;Мероприятие;\"Формы, методы проведения\";Сроки;Ответственные\n\
                    1.;\"Семинар \"\"Наставник\"\"\";семинар;октябрь;\"Иванова И.И.,\nучитель\"\n\
                    2.;Круглый стол;круглый стол;май;Петров П.П.\n";
        let t = table(text);
        assert_eq!(t.layout, Layout::Csv { delimiter: ';' });
        assert_eq!(t.period, Some((2023, 2024)));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].title, "Семинар \"Наставник\"");
        assert_eq!(t.rows[0].format, "семинар");
        assert_eq!(t.rows[0].responsible, "Иванова И.И.,\nучитель");
        assert_eq!(t.rows[1].line, 5);
        let comma = table("Мероприятие,Сроки\n\"Встреча, обмен опытом\",май 2023\n");
        assert_eq!(comma.layout, Layout::Csv { delimiter: ',' });
        assert_eq!(comma.rows[0].title, "Встреча, обмен опытом");
    }

    #[test]
    fn csv_is_lenient() {
        let records = parse_csv("a;b\"c;\"d\"e\n\"unterminated;x", ';', 1);
        assert_eq!(records[0].cells, ["a", "b\"c", "de"]);
        assert_eq!(records[1].cells, ["unterminated;x"]);
        assert!(parse_csv("", ';', 1).is_empty());
    }

    #[test]
    fn single_cell_lines_are_headings_or_continuations() {
        let text = "Мероприятие\tСроки\tОтветственные\n\
                    Раздел 1. Организационная работа\n\
                    Собрание\tмай 2023\tИванова И.И., учитель\n\
                    начальных классов\n";
        let t = table(text);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(
            t.rows[0].section.as_deref(),
            Some("Раздел 1. Организационная работа")
        );
        assert_eq!(
            t.rows[0].responsible,
            "Иванова И.И., учитель начальных классов"
        );
    }

    #[test]
    fn ragged_rows_and_extra_columns_keep_their_text() {
        let text =
            "Мероприятие\tСроки\tПримечание\nСобрание\nВстреча\tмай 2023\tв актовом зале\tлишнее\n";
        let t = table(text);
        // «Собрание» alone on a line reads as a heading; «Встреча» keeps its note and the stray cell.
        assert_eq!(t.rows.len(), 1);
        assert_eq!(
            t.rows[0].extra,
            [
                ("Примечание".to_string(), "в актовом зале".to_string()),
                (String::new(), "лишнее".to_string())
            ]
        );
    }

    #[test]
    fn continuation_helpers() {
        assert!(continues_text("образовательных учреждениях"));
        assert!(continues_text("(далее – ОУ)"));
        assert!(continues_text("- подготовка"));
        assert!(!continues_text("3. Формирование"));
        assert!(!continues_text("Мотивация"));
        assert!(!continues_text("«Школа»"));
        assert!(!continues_text("…"));
        assert!(is_section_number("I", false));
        assert!(is_section_number("IV.", false));
        assert!(!is_section_number("2", false));
        assert!(is_section_number("2", true));
        assert!(is_section_number("3.", true));
        assert!(!is_section_number("3.1", true));
        assert!(is_multilevel_number("1.1"));
        assert!(is_multilevel_number("2.2."));
        assert!(!is_multilevel_number("1."));
    }
}
