//! The fields of each content kind as an editor sees them: key, Russian label and help, the kind
//! of input, whether it is required, in the order files list them.
//!
//! One description per kind, so that every tool that shows or writes front matter for editors
//! (the browser editor of `nastavnik serve`, and any form or template made later) offers the
//! same fields in the same order with the same words. What a value *means* and whether it is
//! right stays in `parse.rs`: the editor checks a file through the same load as `check`, so a
//! field list here can never accept what the loader refuses. A test holds every key here to
//! the loader's list of allowed fields.
//!
//! A kind added later gets a browser form by adding its list to [`fields`] (and a label to
//! [`kind_label`]); fields not listed stay in the file untouched.

use crate::content::model::{CONTEST_LEVELS, KindName};
use crate::content::vocabulary::{self, DocKind, DocLevel};

/// How a field is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One line of text.
    Line,
    /// Several lines of text kept as one string (written double-quoted when it needs to be).
    Text,
    /// A date in any form the date model reads (`2023-04-10`, `10.04.2023 15:00`, `2023-04`,
    /// `2023-Q1`); written in its canonical form.
    Date,
    /// A web address.
    Url,
    /// One of a fixed list of values, or nothing.
    Choice(&'static [&'static str]),
    /// One line of free text with suggestions: the given ones and those the site's pages already
    /// use for this field.
    Suggest(&'static [&'static str]),
    /// Several free values, one per line, with suggestions: the given ones and those the site's
    /// pages already use for this field.
    Tags(&'static [&'static str]),
    /// Organization ids from `data/organizations.yaml`, several.
    Organizations,
    /// One organization id.
    Organization,
    /// Several lines, each one item of a list (people, addresses).
    Lines,
    /// Yes or no (`true` when checked; the field is left out when not).
    Flag,
    /// Structured YAML (attachments, measures) edited as YAML text below the key.
    Yaml,
}

/// One field of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub key: &'static str,
    /// The label on the form, in Russian.
    pub label: &'static str,
    /// One sentence of help under the field, in Russian.
    pub help: &'static str,
    pub input: Input,
    pub required: bool,
    /// A list written in flow style (`[a, b]`) when the file does not already have it in block
    /// style: short tags read better on one line, people one per line.
    pub flow: bool,
}

const fn field(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    input: Input,
) -> FieldSpec {
    FieldSpec {
        key,
        label,
        help,
        input,
        required: false,
        flow: false,
    }
}

const fn required(spec: FieldSpec) -> FieldSpec {
    FieldSpec {
        required: true,
        ..spec
    }
}

const fn flow(spec: FieldSpec) -> FieldSpec {
    FieldSpec { flow: true, ..spec }
}

const TITLE: FieldSpec = required(field(
    "title",
    "Название",
    "Как материал называется на сайте.",
    Input::Line,
));
const SUMMARY: FieldSpec = field(
    "summary",
    "Краткое описание",
    "Одно-два предложения для карточки в списке и для поиска.",
    Input::Text,
);
const DRAFT: FieldSpec = field(
    "draft",
    "Черновик",
    "Черновик не публикуется нигде. Материал с ошибками можно сохранить только черновиком.",
    Input::Flag,
);
const ALIASES: FieldSpec = field(
    "aliases",
    "Старые адреса",
    "Если страницу переименовали: прежние адреса, каждый с новой строки, например /events/staryy-adres/.",
    Input::Lines,
);
const ATTACHMENTS: FieldSpec = field(
    "attachments",
    "Файлы",
    "Файлы рядом с материалом: строки «- file: имя.pdf» и «  title: Название». Файл можно добавить ниже, в блоке «Добавить файл».",
    Input::Yaml,
);
const ORGANIZATIONS: FieldSpec = flow(field(
    "organizations",
    "Организации",
    "Коды организаций из data/organizations.yaml, каждый с новой строки; начните вводить название, чтобы найти код.",
    Input::Organizations,
));

/// The practice bank's fixed lists, from the loader's vocabulary, so a choice offered here is
/// one the loader accepts without a warning.
const LEVELS: &[&str] = vocabulary::PRACTICE_LEVELS.values;
const FORMS: &[&str] = vocabulary::PRACTICE_FORMS.values;
const KINDS: &[&str] = &[
    "индивидуальное",
    "групповое",
    "виртуальное",
    "реверсивное",
    "ситуационное",
    "скоростное",
    "традиционное",
];
const RECOGNITION: &[&str] = vocabulary::RECOGNITION.values;
const EVENT_FORMATS: &[&str] = &[
    "мастер-класс",
    "семинар",
    "вебинар",
    "круглый стол",
    "диалоговая площадка",
    "конкурс",
    "конференция",
    "совещание",
];
const EVENT_STATUS: &[&str] = &["запланировано", "перенесено", "отменено", "состоялось"];
const ORDER_STATUS: &[&str] = vocabulary::DOC_STATUS.values;
const ORDER_KINDS: &[&str] = DocKind::VOCABULARY.values;
const ORDER_LEVELS: &[&str] = DocLevel::VOCABULARY.values;

const EVENT: &[FieldSpec] = &[
    TITLE,
    required(field(
        "start",
        "Начало",
        "День (10.04.2023, 2023-04-10 или 10 апреля 2023), день и время (10.04.2023 15:00), месяц (2023-04, апрель 2023), квартал (2023-Q1, I квартал 2023); можно и промежуток, как в плане: «апрель–май 2023» запишется началом и окончанием.",
        Input::Date,
    )),
    field(
        "end",
        "Окончание",
        "В той же форме, что и начало; для времени окончания того же дня — только время, например 17:00.",
        Input::Line,
    ),
    field(
        "format",
        "Форма проведения",
        "Например: семинар, мастер-класс, круглый стол.",
        Input::Suggest(EVENT_FORMATS),
    ),
    field(
        "series",
        "Цикл мероприятий",
        "Пишите всегда одинаково, буква в букву; подсказки — из уже известных циклов.",
        Input::Suggest(&[]),
    ),
    ORGANIZATIONS,
    field(
        "responsible",
        "Ответственные",
        "Каждый человек с новой строки, с должностью.",
        Input::Lines,
    ),
    field(
        "location",
        "Место проведения",
        "Адрес, кабинет, зал.",
        Input::Line,
    ),
    field(
        "online",
        "Ссылка на трансляцию",
        "Полностью, с https://.",
        Input::Url,
    ),
    field(
        "registration",
        "Ссылка на регистрацию",
        "Полностью, с https://.",
        Input::Url,
    ),
    field(
        "audience",
        "Для кого",
        "Например: педагоги-наставники.",
        Input::Line,
    ),
    field(
        "status",
        "Состояние",
        "По умолчанию — запланировано. Отменённое мероприятие не удаляйте, а отметьте.",
        Input::Choice(EVENT_STATUS),
    ),
    SUMMARY,
    flow(field(
        "practices",
        "Практики",
        "Практики, которые представят: имена файлов из content/practices без .md, каждое с новой строки.",
        Input::Lines,
    )),
    ATTACHMENTS,
    DRAFT,
    ALIASES,
];

const PRACTICE: &[FieldSpec] = &[
    TITLE,
    required(SUMMARY),
    DRAFT,
    ORGANIZATIONS,
    field(
        "authors",
        "Авторы",
        "ФИО, при желании с должностью; каждый с новой строки.",
        Input::Lines,
    ),
    flow(field(
        "level",
        "Уровень образования",
        "Каждый уровень с новой строки.",
        Input::Tags(LEVELS),
    )),
    field(
        "forms",
        "Формы наставничества",
        "Каждая с новой строки, точно как в подсказке.",
        Input::Tags(FORMS),
    ),
    flow(field(
        "kinds",
        "Виды наставничества",
        "Каждый с новой строки.",
        Input::Tags(KINDS),
    )),
    flow(field(
        "topics",
        "Темы",
        "Свободные метки, каждая с новой строки; одну тему пишите всегда одинаково.",
        Input::Tags(&[]),
    )),
    field(
        "year",
        "Год",
        "Год (2023) или учебный год (2023/2024).",
        Input::Line,
    ),
    field(
        "audience",
        "Для кого",
        "Например: молодые педагоги.",
        Input::Line,
    ),
    field(
        "recognition",
        "Уровень признания",
        "Муниципальный, региональный или федеральный.",
        Input::Choice(RECOGNITION),
    ),
    ATTACHMENTS,
    flow(field(
        "events",
        "Мероприятия",
        "Где практику представляли: имена файлов из content/events без .md, каждое с новой строки.",
        Input::Lines,
    )),
    field(
        "date",
        "Дата добавления",
        "День, когда практику добавили в банк: 10.04.2023 или 2023-04-10.",
        Input::Date,
    ),
    ALIASES,
];

const ORDER: &[FieldSpec] = &[
    TITLE,
    field(
        "kind",
        "Вид документа",
        "Указ, приказ, распоряжение, положение, письмо… «Образец» — шаблон для образовательных организаций.",
        Input::Choice(ORDER_KINDS),
    ),
    field("number", "Номер", "Номер документа без «№».", Input::Line),
    field(
        "date",
        "Дата документа",
        "10.04.2023 или 2023-04-10.",
        Input::Date,
    ),
    field(
        "issuer",
        "Кто издал",
        "Например: Управление образования и молодежной политики.",
        Input::Line,
    ),
    field(
        "level",
        "Уровень",
        "Федеральный, региональный, муниципальный или уровень образовательной организации.",
        Input::Choice(ORDER_LEVELS),
    ),
    ORGANIZATIONS,
    field(
        "file",
        "Файл документа",
        "Имя подписанного файла (PDF, DOCX) рядом с материалом; его можно добавить ниже.",
        Input::Line,
    ),
    field(
        "status",
        "Статус",
        "По умолчанию — действует.",
        Input::Choice(ORDER_STATUS),
    ),
    field(
        "replaces",
        "Заменяет документ",
        "Имя файла прежнего документа из content/orders без .md.",
        Input::Line,
    ),
    field(
        "replaced_by",
        "Заменён документом",
        "Имя файла нового документа из content/orders без .md.",
        Input::Line,
    ),
    SUMMARY,
    ATTACHMENTS,
    DRAFT,
    ALIASES,
];

const ROADMAP: &[FieldSpec] = &[
    TITLE,
    SUMMARY,
    field(
        "order",
        "Приказ",
        "Имя файла приказа, которым утверждена карта, из content/orders без .md.",
        Input::Line,
    ),
    field(
        "organization",
        "Организация",
        "Код организации из data/organizations.yaml.",
        Input::Organization,
    ),
    field(
        "period",
        "Период",
        "Например: 2023-2025 или 2023/2024.",
        Input::Line,
    ),
    field(
        "approved",
        "Дата утверждения",
        "10.04.2023 или 2023-04-10.",
        Input::Date,
    ),
    field(
        "sections",
        "Разделы",
        "Разделы карты в YAML, как в docs/content-format.md.",
        Input::Yaml,
    ),
    field(
        "measures",
        "Мероприятия карты",
        "Мероприятия в YAML; большую карту удобнее вести в файле measures.csv рядом.",
        Input::Yaml,
    ),
    ATTACHMENTS,
    DRAFT,
    ALIASES,
];

const CONTEST: &[FieldSpec] = &[
    TITLE,
    field(
        "level",
        "Уровень конкурса",
        "Школьный, муниципальный, городской, региональный, всероссийский…",
        Input::Choice(&CONTEST_LEVELS),
    ),
    field(
        "organizer",
        "Организатор",
        "Кто проводит конкурс, например: методический отдел МБУ ДО «ЦДО».",
        Input::Line,
    ),
    field(
        "regulation",
        "Положение о конкурсе",
        "Ссылка на документ: @/orders/имя-файла.md.",
        Input::Line,
    ),
    field(
        "nominations",
        "Номинации",
        "Каждая номинация с новой строки.",
        Input::Lines,
    ),
    field(
        "applications",
        "Приём заявок",
        "В YAML: строки «from: 2024-02-01» и «to: 2024-03-11».",
        Input::Yaml,
    ),
    field(
        "stages",
        "Этапы",
        "Этапы в YAML, как в docs/content-format.md: даты или ссылка на мероприятие-этап.",
        Input::Yaml,
    ),
    field(
        "audience",
        "Участники",
        "Кто может участвовать, например: педагоги-наставники и молодые специалисты.",
        Input::Line,
    ),
    field(
        "results",
        "Итоги",
        "Итоги в YAML. Фамилии участников публикуются, только если у результата записано participants_consent: true.",
        Input::Yaml,
    ),
    SUMMARY,
    DRAFT,
    ALIASES,
];

/// A mentor's fields. Each is published only if named in `consent.fields` (152-ФЗ): the form
/// says so, the loader enforces it.
const MENTOR: &[FieldSpec] = &[
    required(field(
        "name",
        "ФИО",
        "Полностью: фамилия, имя, отчество. Публикуется, только если «name» есть в согласии.",
        Input::Line,
    )),
    required(field(
        "consent",
        "Согласие на публикацию",
        "В YAML: date (дата подписи), until, withdrawn, fields (какие поля можно публиковать), document (где хранится бумага; не публикуется).",
        Input::Yaml,
    )),
    field(
        "organization",
        "Организация",
        "Код организации из data/organizations.yaml.",
        Input::Organization,
    ),
    field(
        "position",
        "Должность",
        "Например: учитель математики.",
        Input::Line,
    ),
    flow(field(
        "subjects",
        "Предметы",
        "Каждый с новой строки.",
        Input::Tags(&[]),
    )),
    flow(field(
        "level",
        "Уровень образования",
        "Выберите из списка банка практик.",
        Input::Tags(LEVELS),
    )),
    flow(field(
        "forms",
        "Формы наставничества",
        "Выберите из списка банка практик.",
        Input::Tags(FORMS),
    )),
    field(
        "experience_years",
        "Педагогический стаж, лет",
        "Целое число.",
        Input::Line,
    ),
    field(
        "category",
        "Квалификационная категория",
        "Высшая, первая или соответствие занимаемой должности.",
        Input::Choice(crate::content::mentor::CATEGORIES),
    ),
    flow(field(
        "topics",
        "Темы",
        "Темы, в которых наставник помогает; подсказки — из уже известных тем.",
        Input::Tags(&[]),
    )),
    field(
        "photo",
        "Фото",
        "Имя файла фотографии рядом с материалом (папка-пакет); публикуется только с согласием «photo».",
        Input::Line,
    ),
    field(
        "phone",
        "Телефон",
        "Например: +7 (4812) 38-00-00.",
        Input::Line,
    ),
    field(
        "email",
        "Электронная почта",
        "Например: ivanova@example.org.",
        Input::Line,
    ),
    field(
        "practices",
        "Практики",
        "Ссылки на практики, каждая с новой строки: @/practices/имя-файла.md.",
        Input::Lines,
    ),
    field(
        "events",
        "Мероприятия",
        "Ссылки на мероприятия, каждая с новой строки: @/events/имя-файла.md.",
        Input::Lines,
    ),
    field("awards", "Награды", "Каждая с новой строки.", Input::Lines),
    DRAFT,
    ALIASES,
];

const PLAIN: &[FieldSpec] = &[TITLE, SUMMARY, ATTACHMENTS, DRAFT, ALIASES];

/// The fields of a kind, in the order files list them.
pub fn fields(kind: KindName) -> &'static [FieldSpec] {
    match kind {
        KindName::Event => EVENT,
        KindName::Practice => PRACTICE,
        KindName::Order => ORDER,
        KindName::Roadmap => ROADMAP,
        KindName::Contest => CONTEST,
        KindName::Mentor => MENTOR,
        KindName::Plain => PLAIN,
    }
}

/// What one item of a kind is called, in Russian (the editor's headings and links).
pub fn kind_label(kind: KindName) -> &'static str {
    match kind {
        KindName::Event => "мероприятие",
        KindName::Practice => "практика",
        KindName::Order => "документ",
        KindName::Roadmap => "дорожная карта",
        KindName::Contest => "конкурс",
        KindName::Mentor => "наставник",
        KindName::Plain => "страница",
    }
}

/// The accusative, for «Добавить мероприятие», «Добавить практику».
pub fn kind_accusative(kind: KindName) -> &'static str {
    match kind {
        KindName::Practice => "практику",
        KindName::Roadmap => "дорожную карту",
        KindName::Plain => "страницу",
        other => kind_label(other),
    }
}

/// The kinds an editor creates from the browser, in menu order, with their folder under
/// `content/`.
pub fn creatable() -> impl Iterator<Item = (KindName, &'static str)> {
    [
        KindName::Event,
        KindName::Practice,
        KindName::Order,
        KindName::Roadmap,
        KindName::Contest,
        KindName::Mentor,
    ]
    .into_iter()
    .filter_map(|k| k.folder().map(|f| (k, f)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_one_the_loader_accepts_and_appears_once() {
        for kind in KindName::ALL {
            let known = crate::content::parse::known_fields(kind);
            let specs = fields(kind);
            for (i, spec) in specs.iter().enumerate() {
                assert!(known.contains(&spec.key), "{kind:?}: {}", spec.key);
                assert!(
                    !specs[..i].iter().any(|s| s.key == spec.key),
                    "{kind:?}: {} twice",
                    spec.key
                );
                assert!(!spec.label.is_empty() && !spec.help.is_empty());
            }
            // A mentor is named by `name` (ФИО), read with the consent that may withhold it.
            let first = if kind == KindName::Mentor {
                "name"
            } else {
                "title"
            };
            assert_eq!(specs[0].key, first, "{kind:?}");
        }
    }
}
