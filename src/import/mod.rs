//! Planning the import of a plan table into event files (for `nastavnik import plan`).
//!
//! Methodists receive plans as Word tables; retyping forty rows into event files is where dates
//! get mistyped. The import reads the pasted table ([`table`]), reads each «Сроки» cell with the
//! date model's plan reader ([`crate::when::plan`]) and writes one event file per date ([`write`], with the title from [`title`], the
//! people from [`people`], and the file's name and field order from [`event_file`], which
//! `nastavnik new` shares). It decides everything and touches nothing: [`plan_import`] returns the
//! files to create and a report for every source line, and the command layer shows the report and
//! writes the files. No row is ever dropped: a row whose dates cannot be put into a calendar
//! becomes a draft that keeps the plan's wording, and every line that is not an event (intro,
//! header, section headings, page-break continuations) is in the report with the reason.

mod clipboard;
pub mod event_file;
pub mod people;
pub mod roadmap;
pub mod table;
pub mod title;
pub mod write;

use std::fmt;

use crate::when::plan::{CellDates, Period, PlanDate, parse_cell};
use event_file::Slugs;
use table::Role;
use write::{Timing, WriteContext};

/// The largest table the import reads. A plan of a hundred rows is some 100 KB; anything near
/// the limit is a wrong file (a video, a disk image), and reading it whole would only exhaust
/// memory.
pub const MAX_PLAN_BYTES: u64 = 20 * 1024 * 1024;

/// Choices the editor makes on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// `series` of every event («Школа лидеров образования»).
    pub series: Option<String>,
    /// An organization id from `data/organizations.yaml`, put into every event's `organizations`.
    pub organization: Option<String>,
    /// The plan's years (`--period`), instead of the ones its heading names: months without a
    /// year take their year from it, and yearly items stop repeating at its end.
    pub period: Option<Period>,
}

/// A file the command should create, relative to the site folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// `content/events/<slug>.md`.
    pub path: String,
    pub text: String,
    /// The source line of the row it came from.
    pub line: usize,
}

/// What happened to a source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// An event to publish (a row with several dates has several).
    Created { path: String },
    /// A `draft: true` event, and why it could not be published as is.
    Draft { path: String, reason: String },
    /// Not a row of events (intro, header, section heading, continuation), and what it is.
    Skipped { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportEntry {
    pub line: usize,
    pub outcome: Outcome,
}

/// Everything an import would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    /// The plan's title as found above the table.
    pub title: Option<String>,
    /// The period used: `--period`, else the one found above the table.
    pub period: Option<Period>,
    /// Events ready to publish.
    pub files: Vec<PlannedFile>,
    /// Events written with `draft: true`.
    pub drafts: Vec<PlannedFile>,
    /// One entry per event, draft or skipped line, in source order.
    pub report: Vec<ReportEntry>,
}

impl ImportPlan {
    /// The report for editors, in Russian: a summary line, then one line per entry.
    pub fn report_text(&self) -> String {
        let skipped = self
            .report
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Skipped { .. }))
            .count();
        let mut out = format!(
            "Событий: {}, черновиков: {}, строк без мероприятий: {skipped}.\n",
            self.files.len(),
            self.drafts.len()
        );
        for entry in &self.report {
            let line = match &entry.outcome {
                Outcome::Created { path } => format!("строка {}: событие {path}", entry.line),
                Outcome::Draft { path, reason } => {
                    format!("строка {}: черновик {path} — {reason}", entry.line)
                }
                Outcome::Skipped { reason } => {
                    format!("строка {}: пропущена — {reason}", entry.line)
                }
            };
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

/// Plans the import of a plan table (tab-separated text or CSV, as bytes of a file). Slugs are
/// unique within the import; the command must still check them against files already on disk.
pub fn plan_import(bytes: &[u8], opts: &ImportOptions) -> Result<ImportPlan, ImportError> {
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
    let ctx = WriteContext {
        series: opts.series.as_deref(),
        organization: opts.organization.as_deref(),
        plan_title: table.title.as_deref(),
    };
    let period = opts.period.or(table.period);
    let mut plan = ImportPlan {
        title: table.title.clone(),
        period,
        files: Vec::new(),
        drafts: Vec::new(),
        report: table
            .skipped
            .iter()
            .map(|s| ReportEntry {
                line: s.line,
                outcome: Outcome::Skipped {
                    reason: s.reason.clone(),
                },
            })
            .collect(),
    };
    let mut slugs = Slugs::default();
    let has_dates = table.has(Role::Dates);
    for row in &table.rows {
        let title = title::event_title(row);
        // A name cell of clipboard markup only is as good as an empty one.
        let untitled = !title::has_own_title(row);
        let cell = if has_dates {
            parse_cell(&row.dates, period)
        } else {
            CellDates::Undated {
                reason: "в таблице нет столбца со сроками".to_string(),
            }
        };
        let mut add = |date: Option<&PlanDate>, reason: Option<&str>| {
            let start = date.map(|d| d.when.start.to_string());
            let slug = slugs.unique(&event_file::event_slug(&title, start.as_deref()));
            let path = format!("content/events/{slug}.md");
            let text = write::event_file(
                row,
                Timing {
                    date,
                    draft_reason: reason,
                },
                &ctx,
            );
            let file = PlannedFile {
                path: path.clone(),
                text,
                line: row.line,
            };
            let outcome = match reason {
                Some(reason) => {
                    plan.drafts.push(file);
                    Outcome::Draft {
                        path,
                        reason: reason.to_string(),
                    }
                }
                None => {
                    plan.files.push(file);
                    Outcome::Created { path }
                }
            };
            plan.report.push(ReportEntry {
                line: row.line,
                outcome,
            });
        };
        match &cell {
            CellDates::Dated(dates) => {
                for date in dates {
                    add(
                        Some(date),
                        untitled.then_some("в строке нет названия мероприятия"),
                    );
                }
            }
            CellDates::Undated { reason } => add(None, Some(reason)),
        }
    }
    plan.report.sort_by_key(|e| e.line);
    Ok(plan)
}

/// Why a file could not be imported at all. Problems with single rows are not errors: those rows
/// become drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// Not UTF-8 but recognisably Russian text in another encoding.
    Encoding { encoding: &'static str, line: usize },
    /// Not UTF-8, and not recognisable either.
    NotUtf8 { line: usize },
    /// A .docx/.xlsx (`legacy`: .doc/.xls) file instead of text.
    OfficeFile { legacy: bool },
    /// No line looks like the table's header.
    NoHeader,
    /// A header but no rows under it.
    NoRows { header_line: usize },
    /// A row split by another delimiter than the header: the table was saved in pieces.
    MixedDelimiters {
        line: usize,
        row: Delimiter,
        header: Delimiter,
    },
    /// More than [`MAX_PLAN_BYTES`].
    TooLarge { size: u64 },
}

/// What separates the cells of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Tab,
    Semicolon,
    Comma,
}

impl Delimiter {
    /// «табуляцией», «точкой с запятой», «запятой»: after «разделена».
    pub fn instrumental_ru(self) -> &'static str {
        match self {
            Delimiter::Tab => "табуляцией",
            Delimiter::Semicolon => "точкой с запятой",
            Delimiter::Comma => "запятой",
        }
    }
}

/// How to save a table as UTF-8 text, in the words of the programs editors use.
const SAVE_AS_UTF8: &str = "пересохраните файл в кодировке UTF-8. В Word: Файл → Сохранить как → тип файла «Обычный текст» \
→ Кодировка: Юникод (UTF-8). В Блокноте: Файл → Сохранить как → внизу «Кодировка: UTF-8»";

impl ImportError {
    /// The source line the problem is on, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            ImportError::Encoding { line, .. } | ImportError::NotUtf8 { line } => Some(*line),
            ImportError::NoRows { header_line } => Some(*header_line),
            ImportError::MixedDelimiters { line, .. } => Some(*line),
            ImportError::OfficeFile { .. }
            | ImportError::NoHeader
            | ImportError::TooLarge { .. } => None,
        }
    }

    pub fn message_ru(&self) -> String {
        match self {
            ImportError::Encoding { encoding, line } => {
                format!(
                    "файл сохранён не в UTF-8: похоже, это кодировка {encoding} (первая непрочитанная строка — {line})"
                )
            }
            ImportError::NotUtf8 { line } => {
                format!(
                    "файл не в кодировке UTF-8 и не похож на русский текст (первая непрочитанная строка — {line})"
                )
            }
            ImportError::OfficeFile { legacy: false } => {
                "это файл Word или Excel (.docx, .xlsx), а нужен текст таблицы".to_string()
            }
            ImportError::OfficeFile { legacy: true } => {
                "это файл Word или Excel старого формата (.doc, .xls), а нужен текст таблицы"
                    .to_string()
            }
            ImportError::NoHeader => "не найдена шапка таблицы плана".to_string(),
            ImportError::NoRows { header_line } => {
                format!("под шапкой таблицы (строка {header_line}) нет ни одной строки")
            }
            ImportError::MixedDelimiters { line, row, header } => format!(
                "строка {line} разделена {}, а шапка таблицы — {}",
                row.instrumental_ru(),
                header.instrumental_ru()
            ),
            ImportError::TooLarge { size } => format!(
                "файл слишком большой для таблицы плана: {}, а можно не больше {}",
                terminal_size(*size),
                terminal_size(MAX_PLAN_BYTES)
            ),
        }
    }

    pub fn hint_ru(&self) -> String {
        match self {
            ImportError::Encoding { .. } | ImportError::NotUtf8 { .. } => SAVE_AS_UTF8.to_string(),
            ImportError::OfficeFile { .. } => "откройте документ, выделите таблицу плана вместе с заголовком над ней, скопируйте, \
вставьте в Блокнот и сохраните в кодировке UTF-8 (Файл → Сохранить как → внизу «Кодировка: UTF-8»). Или в Word: Файл → \
Сохранить как → тип файла «Обычный текст» → Кодировка: Юникод (UTF-8)"
                .to_string(),
            ImportError::NoHeader => "нужна строка с названиями столбцов через табуляцию (так копируется таблица из Word) или через \
«;» (CSV), например: «№ п/п», «Мероприятие», «Формы, методы проведения», «Сроки», «Ответственные», «Ожидаемый результат». \
Понятны также «Наименование мероприятия», «Наименование этапа», «Содержание деятельности», «Сроки реализации», «Сроки исполнения»"
                .to_string(),
            ImportError::NoRows { .. } => "проверьте, что таблица скопирована целиком, а не только её шапка".to_string(),
            ImportError::MixedDelimiters { .. } => "сохраните таблицу заново целиком и одним способом: скопируйте всю таблицу из Word \
в Блокнот (столбцы разделятся табуляцией) или сохраните её из Excel как «CSV (разделители — точка с запятой)»; строки, \
дописанные вручную, разделяйте так же, как шапку"
                .to_string(),
            ImportError::TooLarge { .. } => "проверьте, что выбран файл с таблицей плана: таблица на сотню строк занимает около \
100 КБ. Если это всё-таки план, разделите его на несколько файлов"
                .to_string(),
        }
    }
}

/// A file size for a message in the terminal: the site's form with plain spaces.
fn terminal_size(bytes: u64) -> String {
    crate::ru::human_size(bytes).replace(crate::ru::NBSP, " ")
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\nподсказка: {}", self.message_ru(), self.hint_ru())
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_000: &[u8] =
        include_bytes!("../../tests/fixtures/import/000-shkola-liderov-2022-2023.tsv");
    const SEED_001: &[u8] =
        include_bytes!("../../tests/fixtures/import/001-prikaz-633-dorozhnaya-karta-2022-2024.tsv");
    const SEED_003: &[u8] =
        include_bytes!("../../tests/fixtures/import/003-oosh-4-dorozhnaya-karta-2022-2023.tsv");
    const SEED_004: &[u8] =
        include_bytes!("../../tests/fixtures/import/004-ds-15-plan-2023-2024.tsv");

    fn import(bytes: &[u8]) -> ImportPlan {
        plan_import(bytes, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// `(start, end, yearly)` of an event file, read back from its front matter.
    fn dates_of(file: &PlannedFile) -> (String, Option<String>, bool) {
        let fm = front_matter(&file.text);
        let get = |key: &str| fm.get(key).and_then(|v| v.as_str()).map(str::to_string);
        (
            get("start").unwrap_or_default(),
            get("end"),
            get("repeat").as_deref() == Some("yearly"),
        )
    }

    fn front_matter(text: &str) -> serde_yaml::Mapping {
        let rest = text.strip_prefix("---\n").expect("front matter");
        let end = rest.find("\n---\n").expect("closing ---");
        serde_yaml::from_str(&rest[..end + 1]).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn starts_of_line(plan: &ImportPlan, line: usize) -> Vec<(String, Option<String>, bool)> {
        plan.files
            .iter()
            .filter(|f| f.line == line)
            .map(dates_of)
            .collect()
    }

    fn day(start: &str) -> (String, Option<String>, bool) {
        (start.to_string(), None, false)
    }

    /// Every data row is an event or a draft, every file is valid YAML with a title, and no two
    /// files share a path.
    fn check_invariants(plan: &ImportPlan, rows: usize) {
        let mut lines: Vec<usize> = plan
            .files
            .iter()
            .chain(&plan.drafts)
            .map(|f| f.line)
            .collect();
        lines.dedup();
        assert_eq!(
            lines.len(),
            rows,
            "every data row must give an event or a draft"
        );
        let mut paths: Vec<&str> = plan
            .files
            .iter()
            .chain(&plan.drafts)
            .map(|f| f.path.as_str())
            .collect();
        let total = paths.len();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), total, "paths must be unique");
        for file in plan.files.iter().chain(&plan.drafts) {
            assert!(file.path.starts_with("content/events/") && file.path.ends_with(".md"));
            let fm = front_matter(&file.text);
            assert!(
                fm.get("title")
                    .and_then(|t| t.as_str())
                    .is_some_and(|t| !t.is_empty()),
                "{}",
                file.text
            );
        }
        for draft in &plan.drafts {
            assert_eq!(
                front_matter(&draft.text)
                    .get("draft")
                    .and_then(serde_yaml::Value::as_bool),
                Some(true)
            );
        }
        let events = plan
            .report
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Created { .. }))
            .count();
        let drafts = plan
            .report
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Draft { .. }))
            .count();
        assert_eq!((events, drafts), (plan.files.len(), plan.drafts.len()));
    }

    #[test]
    fn seed_000_school_of_leaders() {
        let plan = import(SEED_000);
        assert_eq!((plan.files.len(), plan.drafts.len()), (10, 0));
        check_invariants(&plan, 10);
        assert_eq!(plan.period, Some(Period::years(2022, 2023)));
        assert_eq!(starts_of_line(&plan, 41), [day("2022-10-10")]);
        assert_eq!(starts_of_line(&plan, 45), [day("2023-01-16")]);
        assert_eq!(
            starts_of_line(&plan, 49),
            [("2023-04".to_string(), Some("2023-05".to_string()), false)]
        );
        assert_eq!(starts_of_line(&plan, 50), [day("2023-05-15")]);
        assert_eq!(
            plan.files[0].path,
            "content/events/2022-10-10-organizatsionnoe-sobranie-ob-organizatsii.md"
        );
        let first = front_matter(&plan.files[0].text);
        assert_eq!(
            first.get("format").and_then(|v| v.as_str()),
            Some("мастер-класс")
        );
        let responsible: Vec<String> =
            serde_yaml::from_value(first.get("responsible").cloned().unwrap()).unwrap();
        assert_eq!(
            responsible,
            [
                "Воскобойникова М.В.",
                "Коробкова А.С., заместитель директора МБОУ «СШ № 16»"
            ]
        );
    }

    #[test]
    fn seed_001_city_roadmap() {
        let plan = import(SEED_001);
        assert_eq!((plan.files.len(), plan.drafts.len()), (16, 9));
        check_invariants(&plan, 21);
        assert_eq!(plan.period, Some(Period::years(2022, 2024)));
        // 1.1, joined with its continuation after the page break: December 2022, then every year.
        assert_eq!(
            starts_of_line(&plan, 45),
            [("2022-12".to_string(), None, true)]
        );
        // 1.2 and 3.1: the first quarter.
        assert_eq!(starts_of_line(&plan, 48), [day("2023-Q1")]);
        assert_eq!(starts_of_line(&plan, 60), [day("2023-Q1")]);
        // 2.3: «январь 2023 (далее- ежегодно по» + «специальному графику)».
        assert_eq!(
            starts_of_line(&plan, 52),
            [("2023-01".to_string(), None, true)]
        );
        // 2.5: «ежегодно (июнь, декабрь …)» in a 2022–2024 plan.
        assert_eq!(
            starts_of_line(&plan, 56),
            [
                ("2023-06".to_string(), None, true),
                ("2022-12".to_string(), None, true)
            ]
        );
        // 2.6: three deadlines.
        assert_eq!(
            starts_of_line(&plan, 57),
            [day("2023-06-30"), day("2024-06-30"), day("2024-12-25")]
        );
        // 3.7: two contests.
        assert_eq!(
            starts_of_line(&plan, 66),
            [
                ("2023-02".to_string(), Some("2023-03".to_string()), false),
                ("2024-02".to_string(), Some("2024-03".to_string()), false)
            ]
        );
        assert_eq!(
            starts_of_line(&plan, 72),
            [("2022-12".to_string(), None, true)]
        );
        assert_eq!(
            starts_of_line(&plan, 76),
            [("2022-12".to_string(), None, true)]
        );
        let draft_lines: Vec<usize> = plan.drafts.iter().map(|d| d.line).collect();
        assert_eq!(draft_lines, [55, 61, 62, 63, 64, 65, 71, 74, 75]);
        // The deadline is explained in the body.
        let report = plan.files.iter().find(|f| f.line == 57).unwrap();
        assert!(
            report.text.contains("\nСрок исполнения — до 30.06.2023.\n"),
            "{}",
            report.text
        );
        assert!(
            report
                .text
                .contains("summary: Подготовлен отчет об актуальном состоянии")
        );
        // The long 1.1 keeps its full list in the body.
        let first = &plan.files[0];
        assert!(
            first
                .text
                .contains("\n- Положение о системе наставничества образовательных учреждениях;\n"),
            "{}",
            first.text
        );
        assert!(first.text.contains("Раздел плана: Нормативное обеспечение системы наставничества педагогических работников."));
    }

    #[test]
    fn seed_003_school_roadmap() {
        let plan = import(SEED_003);
        assert_eq!((plan.files.len(), plan.drafts.len()), (13, 5));
        check_invariants(&plan, 17);
        assert_eq!(plan.period, Some(Period::years(2022, 2023)));
        assert_eq!(starts_of_line(&plan, 32), [day("2022-09")]);
        assert_eq!(starts_of_line(&plan, 37), [day("2022-09"), day("2023-05")]);
        assert_eq!(
            starts_of_line(&plan, 41),
            [("2023-05-28".to_string(), None, true)]
        );
        assert_eq!(
            starts_of_line(&plan, 49),
            [("2022-09-20".to_string(), None, true)]
        );
        assert_eq!(starts_of_line(&plan, 44), [day("2023-04")]);
        let draft_lines: Vec<usize> = plan.drafts.iter().map(|d| d.line).collect();
        assert_eq!(draft_lines, [40, 42, 43, 45, 48]);
        let first = front_matter(&plan.files[0].text);
        assert_eq!(
            first.get("title").and_then(|v| v.as_str()),
            Some(
                "Разработка проекта приказа и утверждение приказа директором МБОУ «Основная общеобразовательная школа № 4»"
            )
        );
        assert!(plan.files[0].text.contains(
            "Направление: Подготовка нормативной базы по реализации целевой модели наставничества."
        ));
        let two = plan.files.iter().find(|f| f.line == 36).unwrap();
        let responsible: Vec<String> =
            serde_yaml::from_value(front_matter(&two.text).get("responsible").cloned().unwrap())
                .unwrap();
        assert_eq!(responsible, ["Галкина М.В.", "Биктенева Д.С."]);
        let by_results = plan.drafts.iter().find(|d| d.line == 48).unwrap();
        assert!(
            by_results
                .text
                .contains("# Черновик: срок «По итогам 2022 года» не называет конкретную дату.\n")
        );
        assert!(
            by_results
                .text
                .contains("\nСрок по плану — «По итогам 2022 года».\n")
        );
        // Two items in one cell: the first names the event, the body keeps both.
        let courses = plan.drafts.iter().find(|d| d.line == 42).unwrap();
        assert!(courses.text.contains(
            "title: Проведение консультаций, совещаний, заседаний педагогов-наставников\n"
        ));
        assert!(
            courses
                .text
                .contains("\n2. Курсы повышения квалификации.\n")
        );
    }

    #[test]
    fn seed_004_kindergarten_plan_without_dates() {
        let plan = import(SEED_004);
        assert_eq!((plan.files.len(), plan.drafts.len()), (0, 7));
        check_invariants(&plan, 7);
        assert_eq!(
            plan.period,
            Some(Period {
                first: 2023,
                last: 2024,
                school_year: true
            })
        );
        assert!(plan.report.iter().all(|e| match &e.outcome {
            Outcome::Draft { reason, .. } => reason == "в таблице нет столбца со сроками",
            Outcome::Skipped { .. } => true,
            Outcome::Created { .. } => false,
        }));
        let first = &plan.drafts[0];
        assert_eq!(
            first.path,
            "content/events/podgotovka-usloviy-dlya-realizatsii-sistemy-nastavnichestva.md"
        );
        assert!(
            first.text.contains("\n- приказ «Об утверждении положения"),
            "{}",
            first.text
        );
        let fourth = &plan.drafts[3];
        assert!(fourth.text.contains("*конкретной*"), "{}", fourth.text);
        assert!(!fourth.text.contains("<p>"));
    }

    #[test]
    fn bom_crlf_and_csv_give_the_same_events() {
        let tsv = std::str::from_utf8(SEED_000).unwrap();
        let expected = import(SEED_000);
        let crlf = format!("\u{feff}{}", tsv.replace('\n', "\r\n"));
        assert_eq!(import(crlf.as_bytes()), expected);
        // The same table exported as CSV by a Russian Excel: `;`, every cell quoted.
        let csv: Vec<String> = tsv
            .lines()
            .map(|line| {
                let cells: Vec<String> = line
                    .split('\t')
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect();
                cells.join(";")
            })
            .collect();
        let from_csv = import(csv.join("\n").as_bytes());
        assert_eq!(from_csv.files, expected.files);
        assert_eq!(from_csv.report, expected.report);
    }

    #[test]
    fn options_fill_series_and_organization() {
        let opts = ImportOptions {
            series: Some("Школа лидеров образования".into()),
            organization: Some("gim-1".into()),
            period: None,
        };
        let plan = plan_import(SEED_000, &opts).unwrap();
        let fm = front_matter(&plan.files[3].text);
        assert_eq!(
            fm.get("series").and_then(|v| v.as_str()),
            Some("Школа лидеров образования")
        );
        let orgs: Vec<String> =
            serde_yaml::from_value(fm.get("organizations").cloned().unwrap()).unwrap();
        assert_eq!(orgs, ["gim-1"]);
    }

    #[test]
    fn the_report_covers_every_line_that_is_not_blank() {
        let plan = import(SEED_001);
        let text = plan.report_text();
        assert!(
            text.starts_with("Событий: 16, черновиков: 9, строк без мероприятий: 9.\n"),
            "{text}"
        );
        assert!(
            text.contains("строка 41: пропущена — шапка таблицы")
                || text.contains("строка 43: пропущена — шапка таблицы")
        );
        assert!(text.contains("строка 47: пропущена — продолжение строки 45"));
        assert!(text.contains("строка 71: черновик content/events/aktualizatsiya-razdela-nastavnichestvo-na-sayte.md — срок «постоянно» не называет конкретную дату"), "{text}");
        let lines: Vec<usize> = plan.report.iter().map(|e| e.line).collect();
        assert!(lines.windows(2).all(|w| w[0] <= w[1]));
        let source = std::str::from_utf8(SEED_001).unwrap();
        for (i, line) in source.lines().enumerate().skip(42) {
            if !line.trim().is_empty() {
                assert!(
                    lines.contains(&(i + 1)),
                    "line {} is not in the report",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn identical_rows_get_distinct_files() {
        let text = "Мероприятие\tСроки\nСеминар\tмай 2023\nСеминар\tмай 2023\nСеминар\tпостоянно\nСеминар\tпостоянно\n";
        let plan = import(text.as_bytes());
        let paths: Vec<&str> = plan
            .files
            .iter()
            .chain(&plan.drafts)
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(
            paths,
            [
                "content/events/2023-05-seminar.md",
                "content/events/2023-05-seminar-2.md",
                "content/events/seminar.md",
                "content/events/seminar-2.md"
            ]
        );
    }

    #[test]
    fn a_row_without_a_name_is_a_draft_not_a_loss() {
        let plan = import("№ п/п\tМероприятие\tСроки\n1.\t\tмай 2023\n".as_bytes());
        assert_eq!(plan.drafts.len(), 1);
        let fm = front_matter(&plan.drafts[0].text);
        assert_eq!(
            fm.get("title").and_then(|v| v.as_str()),
            Some("Без названия (строка 2)")
        );
        assert_eq!(fm.get("start").and_then(|v| v.as_str()), Some("2023-05"));
    }

    /// `(start, until)` of every yearly event of a plan.
    fn yearly_events(plan: &ImportPlan) -> Vec<(String, String)> {
        plan.files
            .iter()
            .chain(&plan.drafts)
            .filter(|f| dates_of(f).2)
            .map(|f| {
                let fm = front_matter(&f.text);
                let get = |key: &str| {
                    fm.get(key)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                (get("start"), get("until"))
            })
            .collect()
    }

    #[test]
    fn yearly_events_do_not_repeat_past_the_plan() {
        for (seed, yearly) in [(SEED_000, 0), (SEED_001, 7), (SEED_003, 3), (SEED_004, 0)] {
            let plan = import(seed);
            let last = plan.period.expect("every seed names its years").last_day();
            let events = yearly_events(&plan);
            assert_eq!(events.len(), yearly, "{:?}", plan.title);
            for (start, until) in events {
                let start = crate::when::DatePoint::parse(&start).expect("start");
                let until = crate::when::DatePoint::parse(&until).expect("until");
                assert!(until.last_day() <= last, "{until} is past {last}");
                assert!(until.first_day() >= start.first_day());
                assert_eq!(until.precision(), start.precision());
            }
        }
        let plan = import(SEED_001);
        let events = yearly_events(&plan);
        assert!(events.contains(&("2022-12".to_string(), "2024-12".to_string())));
        assert!(events.contains(&("2023-06".to_string(), "2024-06".to_string())));
        assert!(events.contains(&("2023-01".to_string(), "2024-01".to_string())));
        // «Ежегодно до 20 сентября» in a plan «на период 2022-2023 годы».
        let plan = import(SEED_003);
        let september: Vec<_> = plan.files.iter().filter(|f| f.line == 50).collect();
        assert_eq!(september.len(), 1);
        let fm = front_matter(&september[0].text);
        assert_eq!(fm.get("start").and_then(|v| v.as_str()), Some("2022-09-20"));
        assert_eq!(fm.get("until").and_then(|v| v.as_str()), Some("2023-09-20"));
        assert!(
            september[0]
                .text
                .contains("\nrepeat: yearly\nuntil: 2023-09-20\n")
        );
    }

    #[test]
    fn the_period_option_replaces_the_heading() {
        let opts = ImportOptions {
            period: Some(Period::years(2023, 2025)),
            ..ImportOptions::default()
        };
        let plan = plan_import(SEED_003, &opts).unwrap();
        assert_eq!(plan.period, Some(Period::years(2023, 2025)));
        let september = plan.files.iter().find(|f| f.line == 50).unwrap();
        let fm = front_matter(&september.text);
        // The first 20 September in the period, repeating up to the last one.
        assert_eq!(fm.get("start").and_then(|v| v.as_str()), Some("2023-09-20"));
        assert_eq!(fm.get("until").and_then(|v| v.as_str()), Some("2025-09-20"));
        assert!(september.path.starts_with("content/events/2023-09-20-"));
        // A table without a heading gets its years only from the option.
        let bare = "Мероприятие\tСроки\nОтчёт\tежегодно (декабрь)\n".as_bytes();
        assert!(import(bare).drafts.len() == 1);
        let plan = plan_import(
            bare,
            &ImportOptions {
                period: Period::from_arg("2022-2024").ok(),
                ..ImportOptions::default()
            },
        )
        .unwrap();
        assert_eq!(yearly_events(&plan), [("2022-12".into(), "2024-12".into())]);
    }

    #[test]
    fn thousands_of_identical_rows_are_named_in_linear_time() {
        let rows = 40_000;
        let mut text = String::from("Мероприятие\tСроки\n");
        for _ in 0..rows {
            text.push_str("Семинар\tмай 2023\n");
        }
        let started = std::time::Instant::now();
        let plan = import(text.as_bytes());
        let elapsed = started.elapsed();
        assert_eq!(plan.files.len(), rows);
        assert_eq!(plan.files[0].path, "content/events/2023-05-seminar.md");
        assert_eq!(
            plan.files[rows - 1].path,
            format!("content/events/2023-05-seminar-{rows}.md")
        );
        let paths: std::collections::HashSet<&str> =
            plan.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths.len(), rows);
        assert!(elapsed < std::time::Duration::from_secs(90), "{elapsed:?}");
    }

    #[test]
    fn a_cell_repeating_one_date_is_one_draft() {
        let cell = "май 2023, ".repeat(500_000);
        let text = format!("Мероприятие\tСроки\nСеминар\t{cell}\n");
        let started = std::time::Instant::now();
        let plan = import(text.as_bytes());
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        assert_eq!((plan.files.len(), plan.drafts.len()), (0, 1));
        assert!(
            plan.report_text()
                .contains("в сроке 500000 дат — больше 100")
        );
    }

    #[test]
    fn rows_split_by_another_delimiter_are_refused_with_their_line() {
        let text = "План на 2023 год\n№\tМероприятие\tСроки\n1.\tСеминар\tмай 2023\n2.;Круглый стол;июнь 2023\n";
        let err = plan_import(text.as_bytes(), &ImportOptions::default()).unwrap_err();
        assert_eq!(
            err,
            ImportError::MixedDelimiters {
                line: 4,
                row: Delimiter::Semicolon,
                header: Delimiter::Tab
            }
        );
        assert_eq!(err.line(), Some(4));
        assert_eq!(
            err.message_ru(),
            "строка 4 разделена точкой с запятой, а шапка таблицы — табуляцией"
        );
        assert!(err.hint_ru().contains("сохраните таблицу заново"));
        let comma =
            "Мероприятие\tСроки\tОтветственные\nСеминар,май 2023,\"Иванова И.И., учитель\"\n";
        assert!(matches!(
            plan_import(comma.as_bytes(), &ImportOptions::default()),
            Err(ImportError::MixedDelimiters {
                line: 2,
                row: Delimiter::Comma,
                ..
            })
        ));
        let tabs = "Мероприятие;Сроки\nСеминар;май 2023\nКруглый стол\tиюнь 2023\n";
        assert!(matches!(
            plan_import(tabs.as_bytes(), &ImportOptions::default()),
            Err(ImportError::MixedDelimiters {
                line: 3,
                row: Delimiter::Tab,
                header: Delimiter::Semicolon
            })
        ));
        // Prose with commas and semicolons is still a heading or a continuation.
        let prose = "Мероприятие\tСроки\tОтветственные\nРаздел 1, организационный; начало\nСеминар\tмай 2023\tИванова И.И.,\nучитель, методист, куратор\n";
        let plan = import(prose.as_bytes());
        assert_eq!(plan.files.len(), 1);
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let mut bytes = "Мероприятие\tСроки\nСеминар\tмай 2023\n"
            .as_bytes()
            .to_vec();
        bytes.resize(usize::try_from(MAX_PLAN_BYTES).unwrap() + 1, b' ');
        let err = plan_import(&bytes, &ImportOptions::default()).unwrap_err();
        assert_eq!(
            err,
            ImportError::TooLarge {
                size: MAX_PLAN_BYTES + 1
            }
        );
        assert!(
            err.message_ru().contains("слишком большой"),
            "{}",
            err.message_ru()
        );
        assert!(!err.message_ru().contains('\u{a0}'));
    }

    #[test]
    fn whole_file_errors() {
        assert_eq!(
            plan_import(b"", &ImportOptions::default()).unwrap_err(),
            ImportError::NoHeader
        );
        assert_eq!(
            plan_import(
                "Мероприятие\tСроки\n\n".as_bytes(),
                &ImportOptions::default()
            )
            .unwrap_err(),
            ImportError::NoRows { header_line: 1 }
        );
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Мероприятие\tСроки\nСобрание\tмай 2023\n");
        let err = plan_import(&bytes, &ImportOptions::default()).unwrap_err();
        assert_eq!(err.line(), Some(1));
        let shown = err.to_string();
        assert!(
            shown.contains("Windows-1251")
                && shown.contains("Файл → Сохранить как → тип файла «Обычный текст»"),
            "{shown}"
        );
        assert!(ImportError::NoHeader.hint_ru().contains("«Сроки»"));
    }

    #[test]
    fn garbage_never_panics() {
        let inputs: [&[u8]; 8] = [
            b"\t\t\t\n\t\t",
            "Мероприятие\tСроки\n\t\n\t\n".as_bytes(),
            "Мероприятие;Сроки\n\"".as_bytes(),
            "Мероприятие\tСроки\nначало с маленькой\tмай\n".as_bytes(),
            "Мероприятие\tСроки\n1\n2\n3".as_bytes(),
            "№\tМероприятие\tСроки\nI\tРаздел\t\nII\t\t\n".as_bytes(),
            b"\xEF\xBB\xBF",
            b"\xFF\xFE\x00",
        ];
        for bytes in inputs {
            let _ = plan_import(bytes, &ImportOptions::default());
        }
    }
}
