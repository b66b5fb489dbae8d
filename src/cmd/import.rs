//! `nastavnik import plan FILE`: turns a plan table into event files.
//!
//! [`crate::import::plan_import`] decides everything without touching the disk; this command adds
//! what only the disk knows. A planned file name already taken in `content/events` gets a
//! numbered name instead (an existing event is never overwritten), unless the existing file holds
//! exactly the same text: then the row was imported before and is left alone, so importing the
//! same plan twice does not double the calendar.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::cmd::RootArg;
use crate::import::{
    ImportError, ImportOptions, ImportPlan, MAX_PLAN_BYTES, Outcome, PlannedFile, plan_import,
};
use crate::progress::Progress;
use crate::when::plan::Period;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub what: ImportWhat,
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// Мероприятия из таблицы плана (текст, скопированный из Word, или CSV)
    Plan(PlanArgs),
    /// Дорожная карта из таблицы (текст, скопированный из Word, или CSV): content/roadmaps/<имя>/index.md
    Roadmap(RoadmapArgs),
}

#[derive(Debug, Args, Clone)]
pub struct RoadmapArgs {
    /// Файл с таблицей дорожной карты: .txt/.tsv (скопировано из Word) или .csv, в кодировке UTF-8
    #[arg(value_name = "ФАЙЛ")]
    pub file: PathBuf,
    /// Имя папки карты латиницей: content/roadmaps/<имя>/index.md
    #[arg(long, value_name = "ИМЯ")]
    pub slug: String,
    /// Заголовок страницы карты (по умолчанию — заголовок над таблицей)
    #[arg(long, value_name = "ЗАГОЛОВОК")]
    pub title: Option<String>,
    /// Приказ, которым карта утверждена, например @/orders/prikaz-633-2022.md
    #[arg(long, value_name = "ССЫЛКА")]
    pub order: Option<String>,
    /// Код организации из data/organizations.yaml, чья это карта
    #[arg(long, value_name = "КОД")]
    pub organization: Option<String>,
    /// Годы карты, например 2022-2024, если в заголовке таблицы их нет или они другие
    #[arg(long, value_name = "ГОДЫ", value_parser = Period::from_arg)]
    pub period: Option<Period>,
    /// Только показать, что будет создано; ничего не записывать
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub root: RootArg,
}

#[derive(Debug, Args, Clone)]
pub struct PlanArgs {
    /// Файл с таблицей плана: .txt/.tsv (скопировано из Word) или .csv, в кодировке UTF-8
    #[arg(value_name = "ФАЙЛ")]
    pub file: PathBuf,
    /// Цикл (series) всех мероприятий, например "Школа лидеров образования"
    #[arg(long, value_name = "ЦИКЛ")]
    pub series: Option<String>,
    /// Код организации из data/organizations.yaml для всех мероприятий
    #[arg(long, value_name = "КОД")]
    pub organization: Option<String>,
    /// Годы плана, например 2022-2024 или 2023/2024 (учебный год), если в заголовке таблицы их нет
    /// или они другие: ежегодные мероприятия не повторяются после конца периода
    #[arg(long, value_name = "ГОДЫ", value_parser = Period::from_arg)]
    pub period: Option<Period>,
    /// Только показать, что будет создано; ничего не записывать
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub root: RootArg,
}

pub fn run(args: &ImportArgs) -> ExitCode {
    match &args.what {
        ImportWhat::Plan(plan) => match import_plan_with(plan, &Progress::stderr()) {
            Ok(done) => {
                print!("{}", done.summary());
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("ошибка: {msg}");
                ExitCode::FAILURE
            }
        },
        ImportWhat::Roadmap(roadmap) => match import_roadmap(roadmap) {
            Ok(summary) => {
                print!("{summary}");
                ExitCode::SUCCESS
            }
            Err(msg) => {
                eprintln!("ошибка: {msg}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Imports a roadmap table into `content/roadmaps/<slug>/index.md` and returns the summary. An
/// existing roadmap of that name (a file or a folder) is never overwritten.
pub fn import_roadmap(args: &RoadmapArgs) -> Result<String, String> {
    use crate::import::roadmap::{RoadmapOptions, plan_roadmap};
    let root = args.root.path.as_path();
    if !root.join("site.yaml").is_file() {
        return Err(format!(
            "в папке {} нет site.yaml: это не папка сайта (укажите её через --root)",
            root.display()
        ));
    }
    let slug = args.slug.trim();
    let slug_ok = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !slug_ok {
        return Err(format!(
            "имя карты «{slug}» не подходит: нужны строчные латинские буквы, цифры и дефисы, например dorozhnaya-karta-2023"
        ));
    }
    if let Some(id) = &args.organization {
        check_organization(root, id)?;
    }
    let bytes = read_table_file(&args.file)?;
    let opts = RoadmapOptions {
        slug: slug.to_string(),
        title: args.title.clone(),
        order: args.order.clone(),
        organization: args.organization.clone(),
        period: args.period,
    };
    let planned =
        plan_roadmap(&bytes, &opts).map_err(|e| format!("{}: {e}", args.file.display()))?;
    if planned.period.is_none() {
        return Err(format!(
            "{}: в заголовке таблицы не найдены годы дорожной карты\nподсказка: укажите их, например --period 2022-2024",
            args.file.display()
        ));
    }
    let dir = root.join("content/roadmaps");
    for taken in [dir.join(slug), dir.join(format!("{slug}.md"))] {
        if taken.exists() {
            return Err(format!(
                "дорожная карта {} уже есть: импорт не перезаписывает файлы\nподсказка: выберите другое имя (--slug) или удалите старую карту",
                taken.strip_prefix(root).unwrap_or(&taken).display()
            ));
        }
    }
    let mut out = planned.summary();
    if args.dry_run {
        out.push_str(&format!(
            "Пробный запуск (--dry-run): {} не записан.\n",
            planned.path
        ));
        return Ok(out);
    }
    let file = PlannedFile {
        path: planned.path.clone(),
        text: planned.text.clone(),
        line: 1,
    };
    write_new(root, &file)?;
    out.push_str(&format!(
        "Записан {}. Все статусы — «запланировано»: исправьте их и запустите nastavnik check.\n",
        planned.path
    ));
    Ok(out)
}

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug)]
pub struct Imported {
    pub plan: ImportPlan,
    /// Files written (empty on a dry run), relative to the site folder.
    pub written: Vec<String>,
    /// Planned files whose name was taken: planned name → the name used instead.
    pub renamed: BTreeMap<String, String>,
    /// Planned files already on disk with the same text, so not written again.
    pub unchanged: Vec<String>,
    pub dry_run: bool,
}

impl Imported {
    /// The Russian summary for the editor: what was created, the drafts and why, every line that
    /// became nothing and why.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        if let Some(title) = &self.plan.title {
            out.push_str(&format!("План: {title}\n"));
        }
        let yearly = self
            .plan
            .files
            .iter()
            .chain(&self.plan.drafts)
            .any(|f| f.text.contains("\nrepeat: yearly\n"));
        match self.plan.period {
            Some(period) if yearly => out.push_str(&format!(
                "Период плана: {period}; ежегодные мероприятия повторяются не позже {}.\n",
                crate::ru::format_date_short(period.last_day())
            )),
            Some(period) => out.push_str(&format!("Период плана: {period}\n")),
            None if yearly => out.push_str(
                "Период плана не найден: ежегодные мероприятия записаны без конца повторений. \
Укажите годы плана, например --period 2022-2024, и импортируйте заново.\n",
            ),
            None => {}
        }
        out.push_str(&self.plan.report_text());
        for (from, to) in &self.renamed {
            out.push_str(&format!(
                "имя {from} уже занято другим файлом: мероприятие записано в {to}\n"
            ));
        }
        for path in &self.unchanged {
            out.push_str(&format!(
                "{path} уже есть с тем же текстом (план импортирован раньше): не записан повторно\n"
            ));
        }
        if self.dry_run {
            out.push_str("Пробный запуск (--dry-run): ничего не записано.\n");
        } else {
            out.push_str(&format!(
                "Записано файлов: {}. Проверьте черновики (draft: true) и запустите nastavnik check.\n",
                self.written.len()
            ));
        }
        out
    }
}

/// Plans the import, makes names unique against the disk and, unless `dry_run`, writes.
pub fn import_plan(args: &PlanArgs) -> Result<Imported, String> {
    import_plan_with(args, &Progress::hidden())
}

/// [`import_plan`] that reports to `progress` (the command's bar): reading the table, then one
/// step per file written. The bar is cleared before this returns, so the summary prints clean.
pub fn import_plan_with(args: &PlanArgs, progress: &Progress) -> Result<Imported, String> {
    let done = import_plan_steps(args, progress);
    progress.finish();
    done
}

fn import_plan_steps(args: &PlanArgs, progress: &Progress) -> Result<Imported, String> {
    let root = &args.root.path;
    if !root.join("site.yaml").is_file() {
        return Err(format!(
            "в папке {} нет site.yaml: запустите команду в папке сайта или укажите её через --root",
            root.display()
        ));
    }
    if let Some(id) = &args.organization {
        check_organization(root, id)?;
    }
    progress.stage("Чтение файлов", 0);
    let bytes = read_table_file(&args.file)?;
    let opts = ImportOptions {
        series: args
            .series
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        organization: args.organization.clone(),
        period: args.period,
    };
    let mut plan = plan_import(&bytes, &opts).map_err(|e| {
        let at = e.line().map(|l| format!(":{l}")).unwrap_or_default();
        format!(
            "{}{at}: {}\nподсказка: {}",
            args.file.display(),
            e.message_ru(),
            e.hint_ru()
        )
    })?;

    let (renamed, unchanged) = settle_names(root, &mut plan);
    let mut written = Vec::new();
    if !args.dry_run {
        let skip: HashSet<&String> = unchanged.iter().collect();
        let rows = plan.files.len() + plan.drafts.len();
        progress.stage("Запись", rows as u64);
        for file in plan.files.iter().chain(&plan.drafts) {
            progress.inc(1);
            if skip.contains(&file.path) {
                continue;
            }
            write_new(root, file).map_err(|e| {
                let done = if written.is_empty() {
                    String::new()
                } else {
                    format!(" Уже записаны: {}.", written.join(", "))
                };
                format!("{e}.{done}")
            })?;
            written.push(file.path.clone());
        }
    }
    Ok(Imported {
        plan,
        written,
        renamed,
        unchanged,
        dry_run: args.dry_run,
    })
}

/// The table file's bytes. Only a regular file is read (a device such as /dev/zero or a pipe never
/// ends), and no more than [`MAX_PLAN_BYTES`] of it, even if it grows while being read.
fn read_table_file(path: &Path) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| {
        format!(
            "не удалось прочитать {shown}: {}",
            crate::ru::os_error::describe(&e)
        )
    })?;
    if meta.is_dir() {
        return Err(format!(
            "{shown} — папка, а нужен файл с таблицей плана (.txt, .tsv или .csv)"
        ));
    }
    if !meta.is_file() {
        return Err(format!(
            "{shown} — не обычный файл (устройство или канал), а нужен файл с таблицей плана (.txt, .tsv или .csv)"
        ));
    }
    let too_large = |size: u64| {
        let e = ImportError::TooLarge { size };
        format!("{shown}: {}\nподсказка: {}", e.message_ru(), e.hint_ru())
    };
    if meta.len() > MAX_PLAN_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| {
        format!(
            "не удалось прочитать {shown}: {}",
            crate::ru::os_error::describe(&e)
        )
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_PLAN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            format!(
                "не удалось прочитать {shown}: {}",
                crate::ru::os_error::describe(&e)
            )
        })?;
    if bytes.len() as u64 > MAX_PLAN_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// An unknown `--organization` would make every imported event fail the build; better to say so
/// before writing forty files.
fn check_organization(root: &Path, id: &str) -> Result<(), String> {
    let (orgs, _) = crate::content::organizations::load(root);
    if orgs.iter().any(|o| o.id == id) {
        return Ok(());
    }
    let hint = crate::diagnostic::closest(id, orgs.iter().map(|o| o.id.as_str()))
        .map(|c| format!(" Возможно, имелось в виду {c}."))
        .unwrap_or_default();
    Err(format!(
        "организации с кодом «{id}» нет в data/organizations.yaml: сначала добавьте её туда.{hint}"
    ))
}

/// Renames planned files whose name is taken on disk (`-2`, `-3`…, also unique among the plan's
/// own files); returns the renames and the files already present with identical text. Each stem
/// remembers the next number to try, so many renames of one name stay linear.
fn settle_names(root: &Path, plan: &mut ImportPlan) -> (BTreeMap<String, String>, Vec<String>) {
    let mut taken: HashSet<String> = plan
        .files
        .iter()
        .chain(&plan.drafts)
        .map(|f| f.path.clone())
        .collect();
    let mut renamed = BTreeMap::new();
    let mut unchanged = Vec::new();
    let mut next: HashMap<String, usize> = HashMap::new();
    for file in plan.files.iter_mut().chain(plan.drafts.iter_mut()) {
        let abs = root.join(&file.path);
        if !occupied(&abs) {
            continue;
        }
        if std::fs::read(&abs).is_ok_and(|b| b == file.text.as_bytes()) {
            unchanged.push(file.path.clone());
            continue;
        }
        let stem = file.path.trim_end_matches(".md").to_string();
        let n = next.entry(stem.clone()).or_insert(2);
        let new_path = loop {
            let candidate = format!("{stem}-{n}.md");
            *n += 1;
            if !taken.contains(&candidate) && !occupied(&root.join(&candidate)) {
                break candidate;
            }
        };
        taken.insert(new_path.clone());
        renamed.insert(file.path.clone(), new_path.clone());
        file.path = new_path;
    }
    for entry in &mut plan.report {
        if let Outcome::Created { path } | Outcome::Draft { path, .. } = &mut entry.outcome
            && let Some(new) = renamed.get(path.as_str())
        {
            *path = new.clone();
        }
    }
    (renamed, unchanged)
}

/// A name is taken by `slug.md` or by a bundle folder `slug/` (both give the same address).
fn occupied(md: &Path) -> bool {
    md.exists() || md.with_extension("").exists()
}

fn write_new(root: &Path, file: &PlannedFile) -> Result<(), String> {
    let path = root.join(&file.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            format!(
                "не удалось создать папку {}: {}",
                parent.display(),
                crate::ru::os_error::describe(&e)
            )
        })?;
    }
    let mut f = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            format!(
                "не удалось создать {}: {}",
                file.path,
                crate::ru::os_error::describe(&e)
            )
        })?;
    f.write_all(file.text.as_bytes()).map_err(|e| {
        format!(
            "не удалось записать {}: {}",
            file.path,
            crate::ru::os_error::describe(&e)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The bar counts one step per planned file, written or found unchanged, and is finished
    /// (cleared) before the summary is printed.
    #[test]
    fn progress_counts_every_planned_file() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).expect("site folder");
        std::fs::write(root.join("site.yaml"), "title: Наставничество\n").expect("site.yaml");
        let args = PlanArgs {
            file: Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/import/000-shkola-liderov-2022-2023.tsv"),
            series: None,
            organization: None,
            period: None,
            dry_run: false,
            root: RootArg { path: root },
        };
        let progress = Progress::with_target(indicatif::ProgressDrawTarget::hidden, Duration::ZERO);
        let done = import_plan_with(&args, &progress).expect("import");
        let planned = (done.plan.files.len() + done.plan.drafts.len()) as u64;
        assert!(planned > 0);
        assert_eq!(done.written.len() as u64, planned);
        assert_eq!(progress.position(), planned);
        assert!(progress.is_shown());

        // A second import finds every file unchanged: still one step each.
        let progress = Progress::with_target(indicatif::ProgressDrawTarget::hidden, Duration::ZERO);
        let again = import_plan_with(&args, &progress).expect("import again");
        assert!(again.written.is_empty());
        assert_eq!(progress.position(), planned);
    }
}
