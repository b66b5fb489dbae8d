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
    /// конкурс (content/contests/)
    Contest,
    /// наставник (content/mentors/); публикуется только по согласию
    Mentor,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Что создать: event — мероприятие, practice — практику, order — документ, contest — конкурс, mentor — наставника
    #[arg(value_enum, value_name = "ВИД", hide_possible_values = true)]
    pub kind: NewKind,
    /// Название материала (у наставника — ФИО), в кавычках
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
            if args.kind == NewKind::Mentor {
                println!(
                    "Наставник не публикуется, пока в файле нет его письменного согласия (блок consent): \
                     перенесите в файл поля из подписанного согласия и уберите # в начале их строк."
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
                NewKind::Contest => "конкурса",
                NewKind::Mentor => "согласия наставника",
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
        NewKind::Contest => "contests",
        NewKind::Mentor => "mentors",
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
        NewKind::Contest => contest_template(&mut t, title, date),
        NewKind::Mentor => mentor_template(&mut t, title, date),
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
# Формы наставничества (из списка, docs/content-format.md): учитель – учитель, опытный педагог –
# молодой специалист, руководитель – педагог, ученик – ученик, студент – ученик, работодатель – ученик.
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
# Уровень признания: уровень образовательной организации, муниципальный, региональный,
# межрегиональный, федеральный или международный.
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

const BODY_NOTE_CONTEST: &str = "<!-- Ниже напишите о конкурсе: цель, кто может участвовать, как подать \
заявку, критерии оценки. Эту подсказку можно удалить; на странице она не видна. -->\n";

/// A contest: `--date` is the first day of applications.
fn contest_template(t: &mut String, title: &str, date: &DatePoint) {
    let _ = write!(
        t,
        "\
# Строки, начинающиеся с #, — подсказки; на сайт они не попадают. Чтобы заполнить поле,
# уберите # и пробел в начале его строки и впишите значение. Все поля: docs/content-format.md, раздел 19.

# Название конкурса (обязательно).
title: {title}
# Одно-два предложения о конкурсе.
# summary: Городской конкурс для наставников и наставляемых.
# Уровень: школьный, районный, муниципальный, городской, региональный, межрегиональный,
# всероссийский, международный.
# level: городской
# Организатор: код из data/organizations.yaml (будет ссылкой) или название.
# organizer: cdo
# Положение о конкурсе: ссылка на документ из content/orders.
# regulation: \"@/orders/polozhenie-o-konkurse.md\"
# Кто может участвовать.
# audience: педагоги-наставники и наставляемые
# Номинации, каждая с новой строки.
# nominations:
#   - Лучшая практика наставничества
#   - Лучшая наставническая пара
# Приём заявок: первый (from) и последний (to) день.
applications:
  from: {date}
  to: {date}
# Этапы: название с датами (start, end) или ссылка на мероприятие (event).
# stages:
#   - title: Заочный этап
#     start: 2024-03-18
#     end: 2024-03-29
#   - title: Финал
#     event: \"@/events/2024-04-10-final-konkursa.md\"
# Итоги: место (place) или звание (title), номинация, организация, практика. Имена участников
# (participants) публикуются только с их согласия (для несовершеннолетних — согласия родителей):
# participants_consent: true. Без согласия имена на сайт не попадают.
# results:
#   - place: 1
#     nomination: Лучшая практика наставничества
#     organization: sh-40
#     practice: \"@/practices/shkola-40.md\"
#     participants: Иванова И.И., Петров П.П.
#     participants_consent: true
# true — черновик: не публикуется нигде.
# draft: true
---
",
        title = yaml::double_quoted(title),
    );
    t.push_str(BODY_NOTE_CONTEST);
}

fn order_template(t: &mut String, title: &str, date: &DatePoint) {
    let _ = write!(
        t,
        "\
# Строки, начинающиеся с #, — подсказки; на сайт они не попадают. Чтобы заполнить поле,
# уберите # и пробел в начале его строки и впишите значение. Все поля: docs/content-format.md, раздел 6.

# Название документа без вида и номера (обязательно).
title: {title}
# Вид: указ, постановление, распоряжение, приказ, положение, письмо, методические рекомендации,
# программа, план, дорожная карта или образец (образцу нужны file и summary).
kind: приказ
# Номер документа, в кавычках, без «№».
# number: \"633\"
# Дата документа.
date: {date}
# Кто издал.
# issuer: Управление образования и молодежной политики Администрации города Смоленска
# Уровень: федеральный, региональный, муниципальный или уровень образовательной организации.
# level: муниципальный
# Коды организаций из data/organizations.yaml.
# organizations: [upravlenie-obrazovaniya]
# Подписанный документ (PDF, DOCX) рядом с этим файлом; для файла создайте документ с --bundle.
# file: prikaz.pdf
# Одно-два предложения о том, что устанавливает документ (у образца — как им пользоваться).
# summary: Приказ утверждает план мероприятий по наставничеству.
# Статус: действует или утратил силу.
# status: действует
# Документ, который этот заменяет, или документ, который заменил этот: имя файла из content/orders.
# replaces: prikaz-100-2021
# replaced_by: prikaz-633-2022
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

/// A mentor: every field commented out with its meaning, and the consent block commented
/// too, so a new mentor is not published until the editor copies the signed consent into it.
fn mentor_template(t: &mut String, name: &str, date: &DatePoint) {
    let _ = write!(
        t,
        "\
# Строки, начинающиеся с #, — подсказки; на сайт они не попадают. Чтобы заполнить поле,
# уберите # и пробел в начале его строки и впишите значение. Все поля: docs/content-format.md,
# раздел «Наставники».
#
# ВАЖНО (152-ФЗ): сведения о наставнике публикуются только с его письменного согласия на
# распространение персональных данных и только те, что перечислены в согласии (consent.fields).
# Поле, которого нет в consent.fields, на сайт не попадает, даже если оно заполнено.

# ФИО полностью (обязательно).
name: {name}
# Организация: код из data/organizations.yaml.
# organization: sh-16
# Должность.
# position: учитель математики
# Предметы.
# subjects: [математика, информатика]
# Уровень образования: дошкольное, начальное общее, основное общее, среднее общее, СПО, дополнительное.
# level: [основное общее, среднее общее]
# Формы наставничества, как в банке практик.
# forms: [опытный педагог – молодой специалист]
# Педагогический стаж, полных лет.
# experience_years: 15
# Квалификационная категория: высшая, первая, соответствие занимаемой должности, без категории.
# category: высшая
# Темы, в которых наставник силён.
# topics: [адаптация молодых педагогов]
# Фото: файл рядом с этим (создайте наставника с --bundle и положите фото в его папку).
# photo: foto.jpg
# Рабочий телефон и почта (публикуются, только если они есть в согласии).
# phone: \"+7 (4812) 38-00-00\"
# email: ivanova@school16.ru
# Практики и мероприятия наставника: имена файлов из content/practices и content/events без .md.
# practices: [shkola-4-dorozhnaya-karta]
# events: [2022-10-10-organizatsionnoe-sobranie]
# Награды, каждая с новой строки.
# awards:
#   - Почётная грамота Министерства просвещения (2021)
#
# Согласие на распространение персональных данных (ст. 10.1 152-ФЗ). Без него наставник не
# публикуется. Перепишите даты и поля из подписанного согласия и уберите # в начале строк:
#   date — день подписания; until — последний день действия (если срок указан);
#   withdrawn — день отзыва (если человек отозвал согласие: страница сразу исчезнет с сайта);
#   fields — поля, которые человек разрешил публиковать (body — текст ниже);
#   document — где хранится бумага (на сайте не публикуется).
# consent:
#   date: {date}
#   until: {until}
#   fields: [name, organization, position]
#   document: Журнал согласий, папка 1, лист 1
---
<!-- Ниже можно написать о наставнике: опыт, чем он может помочь. Текст публикуется, только
если в consent.fields есть body. Эту подсказку можно удалить; на странице она не видна. -->
",
        name = yaml::double_quoted(name),
        until = match date {
            DatePoint::Day(d) => d
                .checked_add(jiff::Span::new().years(3))
                .map_or_else(|_| d.to_string(), |u| u.to_string()),
            other => other.to_string(),
        },
    );
}
