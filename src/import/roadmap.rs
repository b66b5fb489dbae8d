//! Planning the import of a roadmap table into a roadmap bundle (for `nastavnik import roadmap`).
//!
//! A roadmap arrives as the same kind of Word table as a plan, so the table is read by
//! [`super::table`]; what differs is the result: not one event file per date but one page,
//! `content/roadmaps/<slug>/index.md`, whose front matter lists the sections and every measure.
//! Measures are written in front matter rather than in a `measures.tsv` beside the page: the
//! table reader of the roadmap kind decides «section or measure» by the shape of a row (a number
//! without a dot and without a deadline is a section), so a plain plan numbered «1», «2» without
//! deadlines would come back as sections; front matter says what each entry is, and `yaml::scalar`
//! quotes every value the one safe way. Nothing is dropped: a row whose deadline cannot be read,
//! or which has no title or number, still becomes a measure, with a note saying what the plan
//! said, and a warning in the summary.

use std::collections::HashSet;

use super::table::{self, PlanRow, clean_inline};
use super::{ImportError, MAX_PLAN_BYTES};
use crate::when::deadline::Deadline;
use crate::when::plan::Period;
use crate::yaml;

/// Choices the editor makes on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoadmapOptions {
    /// The bundle's folder name under `content/roadmaps/`.
    pub slug: String,
    /// The page title; the table's own title when absent.
    pub title: Option<String>,
    /// `order: "@/orders/…"`.
    pub order: Option<String>,
    /// An id from `data/organizations.yaml`.
    pub organization: Option<String>,
    /// The roadmap's years, instead of the ones its heading names.
    pub period: Option<Period>,
}

/// The deadline written for a measure whose plan gives none that can be read: the whole period,
/// with the plan's words kept in the note.
pub const UNKNOWN_DUE: &str = "в течение всего периода";

/// What an import would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadmapImport {
    /// `content/roadmaps/<slug>/index.md`.
    pub path: String,
    pub text: String,
    pub title: String,
    pub period: Option<Period>,
    pub sections: usize,
    pub measures: usize,
    /// Numbered rows of the table (a row with a number in the «№» column).
    pub numbered_rows: usize,
    /// «строка 12: …», one per measure that needs the editor's eye.
    pub warnings: Vec<String>,
}

impl RoadmapImport {
    /// The summary for editors, in Russian.
    pub fn summary(&self) -> String {
        let mut out = format!("Дорожная карта: {}\n", self.title);
        if let Some(p) = self.period {
            out.push_str(&format!("Период: {p}\n"));
        }
        out.push_str(&format!(
            "Разделов: {}, мероприятий: {}, предупреждений: {}.\n",
            self.sections,
            self.measures,
            self.warnings.len()
        ));
        for w in &self.warnings {
            out.push_str(&format!("предупреждение: {w}\n"));
        }
        out
    }
}

struct Section {
    number: String,
    title: String,
}

struct Measure {
    number: String,
    section: Option<String>,
    title: String,
    due: String,
    responsible: String,
    expected: String,
    notes: Vec<String>,
}

/// Plans the import of a roadmap table (tab-separated text or CSV, as bytes of a file).
pub fn plan_roadmap(bytes: &[u8], opts: &RoadmapOptions) -> Result<RoadmapImport, ImportError> {
    let size = bytes.len() as u64;
    if size > MAX_PLAN_BYTES {
        return Err(ImportError::TooLarge { size });
    }
    let table = table::read_table(bytes)?;
    if table.rows.is_empty() {
        return Err(ImportError::NoRows {
            header_line: table.header_line,
        });
    }
    let period = opts.period.or(table.period);
    let title = opts
        .title
        .clone()
        .or_else(|| table.title.clone())
        .unwrap_or_else(|| opts.slug.clone());

    let mut sections: Vec<Section> = Vec::new();
    let mut measures: Vec<Measure> = Vec::new();
    let mut warnings = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    // The heading (section or group) of the rows being read, and its number.
    let mut heading: Option<String> = None;
    let mut in_heading = 0usize;
    let numbered_rows = table
        .rows
        .iter()
        .filter(|r| !number_of(r).is_empty())
        .count();
    for row in &table.rows {
        let grouped = row.group.is_some();
        let head = if grouped {
            row.group.clone()
        } else {
            row.section.clone()
        };
        if head.is_some() && head != heading {
            let number = if grouped && !number_of(row).is_empty() {
                number_of(row)
            } else if !grouped && number_of(row).contains('.') {
                number_of(row).split('.').next().unwrap_or("").to_string()
            } else {
                next_number(sections.last().map(|s| s.number.as_str()), sections.len())
            };
            sections.push(Section {
                number,
                title: plain(head.as_deref().unwrap_or("")),
            });
            in_heading = 0;
        }
        heading = head;
        in_heading += 1;
        let section = sections.last().map(|s| s.number.clone());
        let mut notes = Vec::new();
        let mut warn = |w: String| warnings.push(format!("строка {}: {w}", row.line));

        let (mut number, mut title) = if grouped {
            // The item's own enumerator («3. Формирование…») is its number within the group, as
            // written; an item without one takes its place in the group.
            let section = section.clone().unwrap_or_default();
            let (item, title) = strip_enumerator(&plain(&row.title));
            let item = item.unwrap_or_else(|| in_heading.to_string());
            (format!("{section}.{item}"), title)
        } else {
            (number_of(row), plain(&row.title))
        };
        if number.is_empty() || seen.contains(&number) {
            let given = number.clone();
            number = unique_number(section.as_deref(), measures.len() + 1, in_heading, &seen);
            let why = if given.is_empty() {
                "в плане у строки нет номера".to_string()
            } else {
                format!("номер {given} в плане повторяется")
            };
            notes.push(format!("Номер {number} присвоен при импорте: {why}."));
            warn(format!("{why}; мероприятию дан номер {number}"));
        }
        seen.insert(number.clone());
        let details = plain(&row.details);
        if title.is_empty() {
            title = if details.is_empty() {
                format!("Мероприятие {number}")
            } else {
                details.clone()
            };
            notes.push("В плане у строки нет названия мероприятия.".to_string());
            warn(format!("у мероприятия {number} нет названия в плане"));
        } else if !details.is_empty() {
            notes.push(format!("Содержание: {details}"));
        }
        if !row.format.trim().is_empty() {
            notes.push(format!("Формы проведения: {}", plain(&row.format)));
        }
        for (header, text) in &row.extra {
            let text = plain(text);
            if header.is_empty() {
                notes.push(text);
            } else {
                notes.push(format!("{header}: {text}"));
            }
        }
        let written = plain(&row.dates);
        let due = if written.is_empty() {
            notes.push("В плане срок не указан.".to_string());
            warn(format!(
                "у мероприятия {number} нет срока: записано «{UNKNOWN_DUE}»"
            ));
            UNKNOWN_DUE.to_string()
        } else if Deadline::parse(&written).is_ok() {
            written
        } else {
            notes.push(format!(
                "Срок в плане: «{written}» (не распознан при импорте, уточните)."
            ));
            warn(format!(
                "срок мероприятия {number} «{written}» не распознан: записано «{UNKNOWN_DUE}», срок из плана — в примечании"
            ));
            UNKNOWN_DUE.to_string()
        };
        let explicit_section = section
            .as_ref()
            .filter(|s| {
                crate::content::roadmap::section_key(s)
                    != crate::content::roadmap::section_key(number.split('.').next().unwrap_or(""))
            })
            .cloned();
        measures.push(Measure {
            number,
            section: explicit_section,
            title,
            due,
            responsible: plain(&row.responsible),
            expected: plain(&row.result),
            notes,
        });
    }

    let text = front_matter(&title, opts, period, &sections, &measures, &table);
    Ok(RoadmapImport {
        path: format!("content/roadmaps/{}/index.md", opts.slug),
        text,
        title,
        period,
        sections: sections.len(),
        measures: measures.len(),
        numbered_rows,
        warnings,
    })
}

/// The «№» cell without its trailing dot («1.1.» → «1.1»).
fn number_of(row: &PlanRow) -> String {
    plain(&row.number).trim_end_matches('.').to_string()
}

/// The number of a section that the plan does not number: one more than the previous one.
fn next_number(previous: Option<&str>, count: usize) -> String {
    previous
        .and_then(|p| {
            crate::content::roadmap::section_key(p)
                .parse::<usize>()
                .ok()
        })
        .map_or(count + 1, |n| n + 1)
        .to_string()
}

fn unique_number(
    section: Option<&str>,
    ordinal: usize,
    in_section: usize,
    seen: &HashSet<String>,
) -> String {
    let base = match section {
        Some(s) => format!("{s}.{in_section}"),
        None => ordinal.to_string(),
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while seen.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

/// «1. Разработка…» → («1», «Разработка…»): the item's own enumerator inside a group, which
/// becomes the second part of the measure number.
fn strip_enumerator(text: &str) -> (Option<String>, String) {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &text[digits..];
        if let Some(rest) = rest.strip_prefix(['.', ')'])
            && rest.starts_with(' ')
        {
            return (
                Some(text[..digits].to_string()),
                rest.trim_start().to_string(),
            );
        }
    }
    (None, text.to_string())
}

/// A cell as plain text: HTML tags from the clipboard and `**` removed, whitespace collapsed.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    clean_inline(&out.replace("**", ""))
}

fn front_matter(
    title: &str,
    opts: &RoadmapOptions,
    period: Option<Period>,
    sections: &[Section],
    measures: &[Measure],
    table: &table::PlanTable,
) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml::scalar(title)));
    if let Some(order) = &opts.order {
        out.push_str(&format!("order: {}\n", yaml::double_quoted(order)));
    }
    if let Some(org) = &opts.organization {
        out.push_str(&format!("organization: {}\n", yaml::scalar(org)));
    }
    if let Some(p) = period {
        if p.first == p.last {
            out.push_str(&format!("period: {}\n", p.first));
        } else {
            out.push_str(&format!("period: {}–{}\n", p.first, p.last));
        }
    }
    if let Some(found) = &table.title
        && found != title
    {
        out.push_str(&format!(
            "summary: {}\n",
            yaml::scalar(&format!("Импортировано из таблицы «{found}»."))
        ));
    }
    if !sections.is_empty() {
        out.push_str("sections:\n");
        for s in sections {
            out.push_str(&format!(
                "  - number: {}\n    title: {}\n",
                yaml::double_quoted(&s.number),
                yaml::scalar(&s.title)
            ));
        }
    }
    out.push_str("measures:\n");
    for m in measures {
        out.push_str(&format!("  - number: {}\n", yaml::double_quoted(&m.number)));
        if let Some(s) = &m.section {
            out.push_str(&format!("    section: {}\n", yaml::double_quoted(s)));
        }
        out.push_str(&format!("    title: {}\n", yaml::scalar(&m.title)));
        out.push_str(&format!("    due: {}\n", yaml::scalar(&m.due)));
        if !m.responsible.is_empty() {
            out.push_str(&format!(
                "    responsible: [{}]\n",
                yaml::double_quoted(&m.responsible)
            ));
        }
        if !m.expected.is_empty() {
            out.push_str(&format!("    expected: {}\n", yaml::scalar(&m.expected)));
        }
        out.push_str("    status: запланировано\n");
        if !m.notes.is_empty() {
            out.push_str(&format!("    note: {}\n", yaml::scalar(&m.notes.join(" "))));
        }
    }
    out.push_str("---\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_003: &[u8] =
        include_bytes!("../../tests/fixtures/import/003-oosh-4-dorozhnaya-karta-2022-2023.tsv");

    fn opts() -> RoadmapOptions {
        RoadmapOptions {
            slug: "karta".to_string(),
            ..RoadmapOptions::default()
        }
    }

    /// Groups of the activity column become sections, and items keep their own enumerator
    /// («3. Формирование…» in group 4 is 4.3 even though the plan has no 4.2).
    #[test]
    fn groups_become_sections_and_items_keep_their_enumerator() {
        let done = plan_roadmap(SEED_003, &opts()).expect("import");
        assert_eq!(done.sections, 7);
        assert!(
            done.text
                .contains("  - number: \"4.3\"\n    title: Формирование базы наставников-учителей")
        );
        assert!(!done.text.contains("number: \"4.2\""));
        assert!(
            done.text
                .contains("  - number: \"6\"\n    title: Мотивация и поощрение наставников\n")
        );
        assert!(done.text.contains("period: 2022–2023\n"));
    }

    #[test]
    fn enumerators_and_html_are_taken_off() {
        assert_eq!(
            strip_enumerator("3. Формирование базы"),
            (Some("3".to_string()), "Формирование базы".to_string())
        );
        assert_eq!(strip_enumerator("2023 год"), (None, "2023 год".to_string()));
        assert_eq!(plain("<p>1) Анализ <i>банка</i></p>"), "1) Анализ банка");
    }
}
