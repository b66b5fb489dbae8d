//! `nastavnik new event|practice|order "Название"`: a new content file from a filled template.
//!
//! Editors start from a blank page badly: they forget which fields exist, misspell them, or copy an
//! old file together with its slug and dates. The template lists every field the kind accepts,
//! the optional ones commented out, each with a Russian comment and an example, so the editor only
//! uncomments and fills. The file name is chosen here once (transliterated title, events prefixed
//! by their date, the same rule as the plan import), because it becomes the page's address.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::cmd::RootArg;
use crate::import::event_file::{Field, FrontMatter, Value, event_slug};
use crate::when::DatePoint;
use crate::yaml;

/// The kinds of content `new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// мероприятие (content/events/)
    Event,
    /// практика (content/practices/)
    Practice,
    /// документ: приказ, положение (content/orders/)
    Order,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Что создать: event — мероприятие, practice — практику, order — документ
    #[arg(value_enum, value_name = "ВИД", hide_possible_values = true)]
    pub kind: NewKind,
    /// Название материала, в кавычках
    #[arg(value_name = "НАЗВАНИЕ")]
    pub title: String,
    /// Дата: у мероприятия — начало (2023-04-10, 2023-04-10 15:00, 2023-04, 2023-Q1, 10.04.2023),
    /// у практики и документа — день (2023-04-10); по умолчанию сегодня
    #[arg(long, value_name = "ДАТА")]
    pub date: Option<String>,
    /// Создать папку-пакет (<имя>/index.md), чтобы положить рядом файлы
    #[arg(long)]
    pub bundle: bool,
    /// Имя файла (адрес страницы) вместо созданного из названия: латиница, цифры, дефисы
    #[arg(long, value_name = "ИМЯ")]
    pub slug: Option<String>,
    #[command(flatten)]
    pub root: RootArg,
}

/// What `new` created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Relative to the site folder, with `/` separators.
    pub rel_path: String,
    pub path: PathBuf,
    /// The date was not given and today's was put in.
    pub dated_today: bool,
}

pub fn run(args: &NewArgs) -> ExitCode {
    match create(args, today()) {
        Ok(created) => {
            println!("Создан файл {}", created.rel_path);
            if created.dated_today {
                println!(
                    "Дата не указана (--date): поставлена сегодняшняя. Исправьте её в файле, если нужно."
                );
            }
            if args.kind == NewKind::Practice {
                println!(
                    "Практика создана черновиком (draft: true): заполните summary и разделы, затем удалите строку draft."
                );
            }
            println!(
                "Откройте его в текстовом редакторе, заполните поля и проверьте: nastavnik check"
            );
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("ошибка: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Today in Moscow time (the department's), or the `SOURCE_DATE_EPOCH` day, which tests fix.
fn today() -> jiff::civil::Date {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    let tz = jiff::tz::TimeZone::get("Europe/Moscow").unwrap_or(jiff::tz::TimeZone::UTC);
    now.to_zoned_datetime(tz).date()
}

/// Creates the file; every refusal is a Russian message for the editor.
pub fn create(args: &NewArgs, today: jiff::civil::Date) -> Result<Created, String> {
    let root = &args.root.path;
    if !root.join("site.yaml").is_file() {
        return Err(format!(
            "в папке {} нет site.yaml: запустите команду в папке сайта или укажите её через --root",
            display_root(root)
        ));
    }
    let title = args.title.trim();
    if title.is_empty() {
        return Err("название пустое: напишите его в кавычках, например \
             nastavnik new event \"Семинар для наставников\" --date 2024-03-20"
            .to_string());
    }
    if title.contains(['\n', '\r']) {
        return Err("название должно быть в одну строку".to_string());
    }
    let dated_today = args.date.is_none();
    let date = match &args.date {
        Some(text) => DatePoint::parse(text).map_err(|e| {
            format!(
                "дата «{}» не распознана: {}. {}",
                text.trim(),
                e.message_ru(),
                e.hint_ru()
            )
        })?,
        None => DatePoint::Day(today),
    };
    if args.kind != NewKind::Event && !matches!(date, DatePoint::Day(_)) {
        return Err(format!(
            "у {} дата — это один день в виде ГГГГ-ММ-ДД, например --date {today}",
            match args.kind {
                NewKind::Practice => "практики",
                _ => "документа",
            }
        ));
    }
    let slug = match &args.slug {
        Some(s) => {
            let s = s.trim();
            if s.is_empty()
                || !s
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                || s.starts_with('-')
                || s.ends_with('-')
            {
                return Err(format!(
                    "имя «{s}» не подходит для адреса: только строчные латинские буквы, цифры и дефисы, \
                     например seminar-dlya-nastavnikov"
                ));
            }
            s.to_string()
        }
        None => default_slug(args.kind, title, &date)?,
    };
    let folder = match args.kind {
        NewKind::Event => "events",
        NewKind::Practice => "practices",
        NewKind::Order => "orders",
    };
    let dir = root.join("content").join(folder);
    let single = dir.join(format!("{slug}.md"));
    let bundle = dir.join(&slug).join("index.md");
    for existing in [&single, &dir.join(&slug)] {
        if existing.exists() {
            return Err(format!(
                "{} уже существует: новый файл не создан, чтобы ничего не перезаписать. \
                 Выберите другое имя через --slug или откройте существующий файл",
                rel(root, existing)
            ));
        }
    }
    let path = if args.bundle { bundle } else { single };
    let text = with_site_organizations(&template(args.kind, title, &date), root);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            format!(
                "не удалось создать папку {}: {}",
                rel(root, parent),
                crate::ru::os_error::describe(&e)
            )
        })?;
    }
    // `create_new` refuses to replace a file that appeared since the check above.
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            format!(
                "не удалось создать {}: {}",
                rel(root, &path),
                crate::ru::os_error::describe(&e)
            )
        })?;
    file.write_all(text.as_bytes()).map_err(|e| {
        format!(
            "не удалось записать {}: {}",
            rel(root, &path),
            crate::ru::os_error::describe(&e)
        )
    })?;
    Ok(Created {
        rel_path: rel(root, &path),
        path,
        dated_today,
    })
}

/// The template's example `organizations` line with codes of this site's own
/// `data/organizations.yaml` (its first two), so that uncommenting the example gives a valid
/// page in any site; the generic example stays when the site lists no organization (or the
/// file has mistakes, which `check` reports).
fn with_site_organizations(template: &str, root: &Path) -> String {
    let (organizations, _) = crate::content::organizations::load(root);
    let ids: Vec<&str> = organizations
        .iter()
        .take(2)
        .map(|o| o.id.as_str())
        .collect();
    if ids.is_empty() {
        return template.to_owned();
    }
    let example = format!("# organizations: [{}]", ids.join(", "));
    let mut out = String::with_capacity(template.len());
    for line in template.split_inclusive('\n') {
        if line.starts_with("# organizations: [") {
            out.push_str(&example);
            out.push('\n');
        } else {
            out.push_str(line);
        }
    }
    out
}

fn display_root(root: &Path) -> String {
    if root.as_os_str() == "." {
        "«.» (текущей)".to_string()
    } else {
        root.display().to_string()
    }
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The file name from the title: events start with their date, like the plan import names them,
/// so the events folder sorts by date and an imported and a hand-made event are named alike.
fn default_slug(kind: NewKind, title: &str, date: &DatePoint) -> Result<String, String> {
    let words = crate::ru::translit::slugify(title);
    if words.is_empty() {
        return Err(format!(
            "из названия «{title}» не получилось имя файла (в нём нет букв и цифр): \
             задайте имя через --slug, например --slug seminar-2024"
        ));
    }
    Ok(match kind {
        NewKind::Event => {
            let start = match date {
                DatePoint::DateTime(dt) => dt.date().to_string(),
                other => other.to_string(),
            };
            event_slug(title, Some(&start))
        }
        _ => event_slug(title, None),
    })
}

/// Guidance below the front matter, as an HTML comment: invisible on the page, so a forgotten
/// note never reaches readers as placeholder text.
const BODY_NOTE_EVENT: &str = "<!-- Ниже напишите текст о мероприятии: тема, программа, кто выступает. \
Эту подсказку можно удалить; на странице она не видна. -->\n";
const BODY_NOTE_ORDER: &str = "<!-- Ниже напишите текст документа или его краткое изложение. \
Эту подсказку можно удалить; на странице она не видна. -->\n";

/// The text of the new file.
pub fn template(kind: NewKind, title: &str, date: &DatePoint) -> String {
    let mut t = String::new();
    t.push_str("---\n");
    match kind {
        NewKind::Event => event_template(&mut t, title, date),
        NewKind::Practice => practice_template(&mut t, title, date),
        NewKind::Order => order_template(&mut t, title, date),
    }
    t
}

fn event_template(t: &mut String, title: &str, date: &DatePoint) {
    t.push_str(
        "\
# Строки, начинающиеся с #, — подсказки; на сайт они не попадают. Чтобы заполнить поле,
# уберите # и пробел в начале его строки и впишите значение. Все поля: docs/content-format.md, раздел 4.

",
    );
    // The import writes its events' fields through the same `FrontMatter`, so an event made here
    // and one imported from a plan list their fields alike.
    let start = date.to_string();
    let mut fields = FrontMatter::default();
    fields
        .set(Field::Title, Value::Quoted(title))
        .set(Field::Start, Value::Verbatim(&start));
    fields.write_template(t);
    t.push_str("---\n");
    t.push_str(BODY_NOTE_EVENT);
}

fn practice_template(t: &mut String, title: &str, date: &DatePoint) {
    let _ = write!(
        t,
        "\
# Строки, начинающиеся с #, — подсказки; на сайт они не попадают. Чтобы заполнить поле,
# уберите # и пробел в начале его строки и впишите значение. Все поля: docs/content-format.md, раздел 5.

# Название практики (обязательно).
title: {title}
# Краткое описание для карточки и поиска, одно-два предложения (обязательно).
# summary: План мероприятий по внедрению целевой модели наставничества в школе.
# Черновик: практика не публикуется, пока вы не удалите эту строку. Удалите её, когда заполните
# summary и разделы ниже.
draft: true
# Организации-авторы: коды из data/organizations.yaml.
# organizations: [sh-16]
# Авторы: ФИО, при желании с должностью; каждый — с новой строки.
# authors:
#   - Иванова И.И., заместитель директора
# Уровень образования: дошкольное, начальное общее, основное общее, среднее общее, СПО, дополнительное.
# level: [начальное общее, основное общее]
# Формы наставничества (пишите точно так): учитель – учитель, опытный педагог – молодой специалист,
# руководитель – педагог, ученик – ученик, студент – ученик, работодатель – ученик.
# forms:
#   - учитель – учитель
# Виды наставничества: индивидуальное, групповое, виртуальное, реверсивное, ситуационное, скоростное, традиционное.
# kinds: [индивидуальное, групповое]
# Темы — свободные метки; одну тему пишите всегда одинаково.
# topics: [молодые педагоги, анкетирование]
# Год или учебный год (учебный — в кавычках).
# year: \"2023/2024\"
# Для кого практика.
# audience: молодые педагоги
# Уровень признания: муниципальный, региональный или федеральный.
# recognition: муниципальный
# Файлы практики рядом с этим файлом; для файлов создайте практику с --bundle.
# attachments:
#   - file: plan.pdf
#     title: План наставничества
# Мероприятия, где практику представляли: имена файлов из content/events без .md.
# events: [2022-12-12-rukovodstvo-sistemoy-nastavnichestva]
# День, когда практику добавили в банк.
date: {date}
# Старые адреса этой страницы, если её переименовали.
# aliases: [/practices/staryy-adres/]
---
",
        title = yaml::double_quoted(title),
    );
    t.push_str(
        "\
<!-- Рекомендуемые разделы. Оставьте те, для которых есть содержание, остальные удалите.
Такие подсказки на странице не видны. -->

## Актуальность

<!-- Почему эта практика нужна: какую проблему она решает. -->

## Цель и задачи

<!-- Цель практики и задачи, которые она решает. -->

## Содержание и этапы

<!-- Что и в каком порядке делают участники; таблицу этапов можно вставить из Word (строки с |). -->

## Результаты

<!-- Чего удалось достичь и как это измерили. -->

## Ресурсы и материалы

<!-- Что нужно для работы: документы, методички, таблицы; файлы — в поле attachments. -->

## Контакты

<!-- Кто рассказывает о практике и как с ним связаться. -->
",
    );
}

fn order_template(t: &mut String, title: &str, date: &DatePoint) {
    let _ = write!(
        t,
        "\
# Строки, начинающиеся с #, — подсказки; на сайт они не попадают. Чтобы заполнить поле,
# уберите # и пробел в начале его строки и впишите значение. Все поля: docs/content-format.md, раздел 6.

# Название документа без слова «Приказ» и номера (обязательно).
title: {title}
# Номер документа, в кавычках, без «№».
# number: \"633\"
# Дата документа.
date: {date}
# Кто издал.
# issuer: Управление образования и молодежной политики Администрации города Смоленска
# Уровень: федеральный, региональный, муниципальный или уровень ОО.
# level: муниципальный
# Коды организаций из data/organizations.yaml.
# organizations: [upravlenie-obrazovaniya]
# Подписанный документ (PDF, DOCX) рядом с этим файлом; для файла создайте документ с --bundle.
# file: prikaz.pdf
# Одно-два предложения о том, что устанавливает документ.
# summary: Приказ утверждает план мероприятий по наставничеству.
# true — черновик: не публикуется нигде.
# draft: true
# Старые адреса этой страницы, если её переименовали.
# aliases: [/orders/staryy-adres/]
---
",
        title = yaml::double_quoted(title),
    );
    t.push_str(BODY_NOTE_ORDER);
}
