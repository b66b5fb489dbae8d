//! An event's file as both `nastavnik new event` and `nastavnik import plan` write it: its name,
//! and front matter whose fields come in one order and are quoted by one rule ([`crate::yaml`]).
//!
//! An event made by hand and one imported from a plan should look alike to the editor who opens
//! them: named alike (start date first, so the events folder sorts by date), fields in the same
//! order. The template `new` writes offers every field under a comment; the import writes only
//! the fields it filled. Both go through [`FrontMatter`], so neither can drift from the other.

use std::collections::HashSet;

use crate::ru::translit::slugify;
use crate::yaml;

/// A front-matter field of an event that `new` or the import writes; the rest (`slug`, `until`,
/// `except`, `moved_from`, `updated`) an editor adds by hand. The order of the variants is the
/// order files list them in: what the event is and when first, then how and by whom, then links
/// and status, the summary, and the fields an editor rarely touches last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Title,
    Start,
    End,
    Repeat,
    Format,
    Series,
    Organizations,
    Responsible,
    Location,
    Online,
    Registration,
    Audience,
    Status,
    Summary,
    Practices,
    Attachments,
    Draft,
    Aliases,
}

impl Field {
    /// Every field, in order.
    pub const ALL: [Field; 18] = [
        Field::Title,
        Field::Start,
        Field::End,
        Field::Repeat,
        Field::Format,
        Field::Series,
        Field::Organizations,
        Field::Responsible,
        Field::Location,
        Field::Online,
        Field::Registration,
        Field::Audience,
        Field::Status,
        Field::Summary,
        Field::Practices,
        Field::Attachments,
        Field::Draft,
        Field::Aliases,
    ];

    /// The field's key in front matter.
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Start => "start",
            Field::End => "end",
            Field::Repeat => "repeat",
            Field::Format => "format",
            Field::Series => "series",
            Field::Organizations => "organizations",
            Field::Responsible => "responsible",
            Field::Location => "location",
            Field::Online => "online",
            Field::Registration => "registration",
            Field::Audience => "audience",
            Field::Status => "status",
            Field::Summary => "summary",
            Field::Practices => "practices",
            Field::Attachments => "attachments",
            Field::Draft => "draft",
            Field::Aliases => "aliases",
        }
    }

    /// The template's comment above the field and its example, commented out when the field has
    /// no value. `None` for `repeat`, which only the import sets, from a plan's «ежегодно»: by
    /// hand it comes with `until` and `except`, which docs/content-format.md explains together.
    fn template(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            Field::Title => (
                "Название мероприятия (обязательно).",
                "title: Семинар для наставников",
            ),
            Field::Start => (
                "Начало (обязательно): день 2023-02-13, день и время 2023-02-13 15:00, месяц 2023-04, квартал 2023-Q1.",
                "start: 2023-02-13",
            ),
            Field::End => (
                "Окончание, в той же форме, что и начало; время окончания того же дня — в кавычках: \"17:00\".",
                "end: 2023-05",
            ),
            Field::Repeat => return None,
            Field::Format => (
                "Форма проведения: мастер-класс, семинар, вебинар, круглый стол, диалоговая площадка, конкурс…",
                "format: семинар",
            ),
            Field::Series => (
                "Цикл мероприятий; пишите всегда одинаково, буква в букву.",
                "series: Школа лидеров образования",
            ),
            Field::Organizations => (
                "Коды организаций из data/organizations.yaml.",
                "organizations: [gimnaziya-1, sh-16]",
            ),
            Field::Responsible => (
                "Ответственные: каждый человек — с новой строки, с должностью.",
                "responsible:\n  - Иванова И.И., заместитель директора МБОУ «СШ № 16»",
            ),
            Field::Location => (
                "Место проведения: адрес, кабинет, зал.",
                "location: г. Смоленск, ул. Примерная, д. 1, актовый зал",
            ),
            Field::Online => (
                "Ссылка на трансляцию, полностью, с https://.",
                "online: https://example.org/translyatsiya",
            ),
            Field::Registration => (
                "Ссылка на регистрацию.",
                "registration: https://example.org/registratsiya",
            ),
            Field::Audience => ("Для кого мероприятие.", "audience: педагоги-наставники"),
            Field::Status => (
                "Состояние: запланировано (по умолчанию), перенесено или отменено. Отменённое мероприятие не удаляйте.",
                "status: перенесено",
            ),
            Field::Summary => (
                "Одно-два предложения для карточки в списке и календаре.",
                "summary: Семинар об опыте работы наставнических пар.",
            ),
            Field::Practices => (
                "Практики, которые представят на мероприятии: имена файлов из content/practices без .md.",
                "practices: [shkola-4-dorozhnaya-karta]",
            ),
            Field::Attachments => (
                "Файлы (программа, презентация) рядом с этим файлом; лучше создать мероприятие с --bundle.",
                "attachments:\n  - file: programma.pdf\n    title: Программа семинара",
            ),
            Field::Draft => ("true — черновик: не публикуется нигде.", "draft: true"),
            Field::Aliases => (
                "Старые адреса этой страницы, если её переименовали (docs/content-format.md, раздел 11).",
                "aliases: [/events/staryy-adres/]",
            ),
        })
    }
}

/// A field's value, and how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// Text: a plain YAML scalar where that reads back unchanged, else double-quoted.
    Text(&'a str),
    /// Text always in double quotes: the template's title, which the editor will retype and may
    /// give a colon or a leading quote without breaking the file.
    Quoted(&'a str),
    /// Written as is: canonical date forms (`2023-05-15`, `2023-Q2`), `yearly`, `true`, which
    /// every YAML reader keeps as they are.
    Verbatim(&'a str),
    /// A block list of text items, one per line.
    List(&'a [String]),
}

impl Value<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Value::Text(s) | Value::Quoted(s) | Value::Verbatim(s) => s.is_empty(),
            Value::List(items) => items.is_empty(),
        }
    }
}

/// An event's front matter: fields set in any order, written in [`Field`] order. A field whose
/// value is empty (a cell the plan left blank) is not written.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter<'a> {
    values: Vec<(Field, Value<'a>)>,
}

impl<'a> FrontMatter<'a> {
    /// Sets a field; setting it again replaces the value.
    pub fn set(&mut self, field: Field, value: Value<'a>) -> &mut Self {
        self.values.retain(|(f, _)| *f != field);
        self.values.push((field, value));
        self
    }

    fn get(&self, field: Field) -> Option<&Value<'a>> {
        self.values
            .iter()
            .find(|(f, v)| *f == field && !v.is_empty())
            .map(|(_, v)| v)
    }

    /// The fields with a value, as YAML lines in [`Field`] order (without the `---` lines, so the
    /// caller can put comments above them).
    pub fn write(&self, out: &mut String) {
        for field in Field::ALL {
            if let Some(value) = self.get(field) {
                write_value(out, field, value);
            }
        }
    }

    /// The template for a new event: every field the template offers, in [`Field`] order, under
    /// its comment; the fields with a value are written, the others commented out as examples.
    pub fn write_template(&self, out: &mut String) {
        for field in Field::ALL {
            let Some((hint, example)) = field.template() else {
                continue;
            };
            out.push_str("# ");
            out.push_str(hint);
            out.push('\n');
            match self.get(field) {
                Some(value) => write_value(out, field, value),
                None => {
                    for line in example.lines() {
                        out.push_str("# ");
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            }
        }
    }
}

fn write_value(out: &mut String, field: Field, value: &Value<'_>) {
    let key = field.key();
    let line = match value {
        Value::Text(text) => format!("{key}: {}\n", yaml::scalar(text)),
        Value::Quoted(text) => format!("{key}: {}\n", yaml::double_quoted(text)),
        Value::Verbatim(text) => format!("{key}: {text}\n"),
        Value::List(items) => {
            let mut lines = format!("{key}:\n");
            for item in *items {
                lines.push_str(&format!("  - {}\n", yaml::scalar(item)));
            }
            lines
        }
    };
    out.push_str(&line);
}

/// Tracks slugs given out in one import so every file name is unique.
#[derive(Debug, Default)]
pub struct Slugs {
    used: HashSet<String>,
}

impl Slugs {
    /// `base`, or `base-2`, `base-3`… if taken.
    pub fn unique(&mut self, base: &str) -> String {
        let mut slug = base.to_string();
        let mut n = 2;
        while self.used.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(slug.clone());
        slug
    }
}

/// Longest slug before trimming at a word boundary: long enough to tell events apart, short
/// enough for a readable URL.
const SLUG_MAX: usize = 60;

/// The file name of an event: its start (`2022-10-10`, `2023-q1`) and the transliterated title,
/// trimmed at a word boundary to about 60 characters. Drafts without a date get the title alone,
/// and so do the practices and documents `new` creates, so all names follow one rule.
pub fn event_slug(title: &str, start: Option<&str>) -> String {
    let words = slugify(title);
    let words = if words.is_empty() {
        "meropriyatie".to_string()
    } else {
        words
    };
    let (prefix, full) = match start {
        Some(start) => {
            let prefix = format!("{}-", start.to_lowercase());
            (prefix.len(), format!("{prefix}{words}"))
        }
        None => (0, words),
    };
    if full.len() <= SLUG_MAX {
        return full;
    }
    // Slugs are ASCII, so byte positions are character positions.
    let cut = &full[..SLUG_MAX];
    match cut.rfind('-') {
        Some(at) if at > prefix => cut[..at].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_transliterate_like_yandex() {
        assert_eq!(
            slugify("Школа молодого учителя"),
            "shkola-molodogo-uchitelya"
        );
        assert_eq!(
            slugify("Жёлтый щит, чай и хлеб: цель — подъём!"),
            "zheltyy-shchit-chay-i-khleb-tsel-podem"
        );
        assert_eq!(
            slugify("Эффективный объём «СШ № 40» 2023"),
            "effektivnyy-obem-ssh-40-2023"
        );
        assert_eq!(slugify("  Agile-проект  "), "agile-proekt");
        assert_eq!(slugify("«»—"), "");
    }

    #[test]
    fn event_slugs_have_the_date_and_stay_short() {
        assert_eq!(
            event_slug("Школа молодого учителя", Some("2022-10-10")),
            "2022-10-10-shkola-molodogo-uchitelya"
        );
        assert_eq!(event_slug("Вебинар", Some("2023-Q1")), "2023-q1-vebinar");
        let long = event_slug(
            "Основы организации наставнической деятельности. Программа наставничества",
            Some("2022-11-14"),
        );
        assert_eq!(
            long,
            "2022-11-14-osnovy-organizatsii-nastavnicheskoy-deyatelnosti"
        );
        let longer = event_slug(
            "Руководство системой наставничества в образовательной организации",
            Some("2022-12-12"),
        );
        assert_eq!(longer, "2022-12-12-rukovodstvo-sistemoy-nastavnichestva-v");
        assert!(long.len() <= SLUG_MAX);
        let one_word = event_slug(&"а".repeat(100), Some("2022-11-14"));
        assert_eq!(one_word.len(), SLUG_MAX);
        assert_eq!(event_slug("«»", None), "meropriyatie");
        assert_eq!(event_slug("Постоянно", None), "postoyanno");
    }

    #[test]
    fn slugs_are_unique_within_an_import() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.unique("a"), "a");
        assert_eq!(slugs.unique("a"), "a-2");
        assert_eq!(slugs.unique("a"), "a-3");
        assert_eq!(slugs.unique("a-2"), "a-2-2");
    }

    #[test]
    fn fields_are_written_in_order_whatever_order_they_are_set_in() {
        let people = ["Иванова И.И.".to_string(), "yes".to_string()];
        let mut fm = FrontMatter::default();
        fm.set(Field::Draft, Value::Verbatim("true"))
            .set(Field::Responsible, Value::List(&people))
            .set(Field::Summary, Value::Text(""))
            .set(Field::Organizations, Value::List(&[]))
            .set(Field::Start, Value::Verbatim("2023-Q2"))
            .set(Field::Title, Value::Text("Черновик"))
            .set(Field::Title, Value::Text("Семинар: итоги"));
        let mut out = String::new();
        fm.write(&mut out);
        assert_eq!(
            out,
            "title: \"Семинар: итоги\"\n\
             start: 2023-Q2\n\
             responsible:\n  - Иванова И.И.\n  - \"yes\"\n\
             draft: true\n"
        );
    }

    #[test]
    fn the_template_offers_every_field_but_repeat_in_order() {
        let mut fm = FrontMatter::default();
        fm.set(Field::Title, Value::Quoted("Семинар"))
            .set(Field::Start, Value::Verbatim("2023-04-10 15:00"));
        let mut out = String::new();
        fm.write_template(&mut out);
        assert!(out.starts_with(
            "# Название мероприятия (обязательно).\ntitle: \"Семинар\"\n# Начало (обязательно): "
        ));
        assert!(out.contains("\nstart: 2023-04-10 15:00\n# Окончание"));
        assert!(out.ends_with("# aliases: [/events/staryy-adres/]\n"));
        // Every line is a comment or one of the two fields set, and the keys come in `Field` order.
        let keys: Vec<&str> = out
            .lines()
            .filter_map(|line| line.strip_prefix("# ").unwrap_or(line).split_once(':'))
            .map(|(key, _)| key)
            .filter(|key| Field::ALL.iter().any(|f| f.key() == *key))
            .collect();
        let want: Vec<&str> = Field::ALL
            .iter()
            .filter(|f| **f != Field::Repeat)
            .map(|f| f.key())
            .collect();
        assert_eq!(keys, want);
        let uncommented: Vec<&str> = out.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            uncommented,
            ["title: \"Семинар\"", "start: 2023-04-10 15:00"]
        );
    }
}
