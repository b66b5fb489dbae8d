//! The fixed lists some fields take their values from: a document's kind, level and status, and
//! the practice bank's education levels, forms of mentoring and levels of recognition.
//!
//! A value outside its list is an editor's slip more often than a new value: «городской» meant
//! «муниципальный», «дошкольное образование» meant «дошкольное», and each silently made a filter
//! page of its own. [`Vocabulary::check`] finds the nearest listed value (a synonym, the same
//! words with more or fewer of them, or a close spelling), for a warning that names it.
//!
//! This module knows the lists and how a field's value is checked against one; it imports
//! nothing of the model, so the model can use its enums.

use crate::content::front_matter::Fields;
use crate::diagnostic::{Diagnostic, closest};

/// A fixed list of values with the other words editors use for them.
pub struct Vocabulary {
    /// What the list is, in the genitive plural after «список»: «видов документов».
    pub what: &'static str,
    pub values: &'static [&'static str],
    /// Words that mean a listed value (`(synonym, value)`), compared after [`normalize`].
    pub synonyms: &'static [(&'static str, &'static str)],
}

/// How a written value relates to a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// A listed value (spelling differences of case, `ё` and dashes aside).
    Listed(&'static str),
    /// Not in the list; the nearest listed value, when one is near.
    Unlisted { nearest: Option<&'static str> },
}

impl Vocabulary {
    pub fn check(&self, written: &str) -> Checked {
        // Most values are written as listed. No two listed values normalise alike (a test
        // holds every list to it), so the exact match is the one the search below would find;
        // it skips normalising every listed value for each field of every page.
        if let Some(v) = self.values.iter().find(|v| **v == written) {
            return Checked::Listed(v);
        }
        let norm = normalize(written);
        if let Some(v) = self.values.iter().find(|v| normalize(v) == norm) {
            return Checked::Listed(v);
        }
        Checked::Unlisted {
            nearest: self.nearest(&norm),
        }
    }

    fn nearest(&self, norm: &str) -> Option<&'static str> {
        if let Some((_, v)) = self.synonyms.iter().find(|(s, _)| normalize(s) == norm) {
            return Some(v);
        }
        // The same words with more or fewer of them: «дошкольное образование», «начальное».
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let written = words(norm);
        let by_words = self.values.iter().find(|v| {
            let listed = words(&normalize(v));
            written.starts_with(&listed) || listed.starts_with(&written)
        });
        if let Some(v) = by_words {
            return Some(v);
        }
        // A synonym written with more words: «городской уровень».
        if let Some((_, v)) = self
            .synonyms
            .iter()
            .find(|(s, _)| written.first().is_some_and(|w| *w == normalize(s)))
        {
            return Some(v);
        }
        closest(norm, self.values.iter().copied()).and_then(|c| {
            // `closest` gives back one of the candidates; return the 'static one.
            self.values.iter().copied().find(|v| *v == c)
        })
    }

    /// «допустимо: a, b, c», for hints.
    pub fn listing(&self) -> String {
        format!("допустимо: {}", self.values.join(", "))
    }
}

/// Checks one value of field `key` against `vocab`: the listed value it is, or `None` after a
/// warning at the value (an item of a list is pointed at itself) that names the nearest listed
/// value. `consequence` says what the site does with an unlisted value.
pub fn check_field_value(
    f: &mut Fields<'_>,
    key: &str,
    written: &str,
    vocab: &Vocabulary,
    consequence: &str,
) -> Option<&'static str> {
    match vocab.check(written) {
        Checked::Listed(v) => Some(v),
        Checked::Unlisted { nearest } => {
            let span = f.item_span(key, written);
            let guess = match nearest {
                Some(n) => format!("возможно, вы имели в виду «{n}»; "),
                None => String::new(),
            };
            let d = Diagnostic::warning(
                "unlisted-value",
                &f.source().rel_path,
                format!(
                    "значения «{written}» нет в списке {} (поле «{key}»)",
                    vocab.what
                ),
            )
            .at(&f.source().text, span)
            .with_hint(format!("{guess}{}; {consequence}", vocab.listing()));
            f.diagnostics.push(d);
            None
        }
    }
}

/// Lower case, `ё` as `е`, every dash as `-` with the spaces around it kept as one, runs of
/// spaces as one.
pub fn normalize(s: &str) -> String {
    let lowered: String = s
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'ё' => 'е',
            '–' | '—' | '‒' | '−' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    lowered
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a document is. The folder `content/orders/` keeps all of them (its URLs are older
/// than this list); the kind decides the label («Распоряжение … № Р-145»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    Decree,
    Resolution,
    Directive,
    Order,
    Regulation,
    Letter,
    Guidelines,
    Programme,
    Plan,
    Roadmap,
    Template,
}

impl DocKind {
    pub const ALL: [(&'static str, DocKind); 11] = [
        ("указ", DocKind::Decree),
        ("постановление", DocKind::Resolution),
        ("распоряжение", DocKind::Directive),
        ("приказ", DocKind::Order),
        ("положение", DocKind::Regulation),
        ("письмо", DocKind::Letter),
        ("методические рекомендации", DocKind::Guidelines),
        ("программа", DocKind::Programme),
        ("план", DocKind::Plan),
        ("дорожная карта", DocKind::Roadmap),
        ("образец", DocKind::Template),
    ];

    pub const VOCABULARY: Vocabulary = Vocabulary {
        what: "видов документов",
        values: &[
            "указ",
            "постановление",
            "распоряжение",
            "приказ",
            "положение",
            "письмо",
            "методические рекомендации",
            "программа",
            "план",
            "дорожная карта",
            "образец",
        ],
        synonyms: &[
            ("рекомендации", "методические рекомендации"),
            ("методрекомендации", "методические рекомендации"),
            ("мр", "методические рекомендации"),
            ("шаблон", "образец"),
            ("форма", "образец"),
            ("бланк", "образец"),
            ("типовая форма", "образец"),
            ("план мероприятий", "план"),
            ("план-график", "план"),
            ("дорожка", "дорожная карта"),
            ("регламент", "положение"),
        ],
    };

    pub fn from_name(name: &str) -> Option<DocKind> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    /// The name as editors write it: «распоряжение».
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }

    /// The word a label starts with: «Распоряжение», «Методические рекомендации».
    pub fn title(self) -> String {
        let name = self.name();
        let mut chars = name.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

/// Whose document it is: the groups of the documents page, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocLevel {
    Federal,
    Regional,
    Municipal,
    Organization,
}

impl DocLevel {
    pub const ALL: [(&'static str, DocLevel); 4] = [
        ("федеральный", DocLevel::Federal),
        ("региональный", DocLevel::Regional),
        ("муниципальный", DocLevel::Municipal),
        (
            "уровень образовательной организации",
            DocLevel::Organization,
        ),
    ];

    pub const VOCABULARY: Vocabulary = Vocabulary {
        what: "уровней документов",
        values: &[
            "федеральный",
            "региональный",
            "муниципальный",
            "уровень образовательной организации",
        ],
        synonyms: LEVEL_SYNONYMS,
    };

    pub fn from_name(name: &str) -> Option<DocLevel> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }

    /// The heading of the level's group on the documents page.
    pub fn heading(self) -> &'static str {
        match self {
            DocLevel::Federal => "Федеральные документы",
            DocLevel::Regional => "Региональные документы",
            DocLevel::Municipal => "Муниципальные документы",
            DocLevel::Organization => "Документы образовательных организаций",
        }
    }

    /// The key of the level in the page's filter and anchors.
    pub fn key(self) -> &'static str {
        match self {
            DocLevel::Federal => "federal",
            DocLevel::Regional => "regional",
            DocLevel::Municipal => "municipal",
            DocLevel::Organization => "organization",
        }
    }
}

/// Other words for levels of authority, shared by documents and practices' recognition.
const LEVEL_SYNONYMS: &[(&str, &str)] = &[
    ("городской", "муниципальный"),
    ("районный", "муниципальный"),
    ("окружной", "муниципальный"),
    ("местный", "муниципальный"),
    ("областной", "региональный"),
    ("краевой", "региональный"),
    ("республиканский", "региональный"),
    ("субъектовый", "региональный"),
    ("всероссийский", "федеральный"),
    ("российский", "федеральный"),
    ("государственный", "федеральный"),
    ("школьный", "уровень образовательной организации"),
    ("институциональный", "уровень образовательной организации"),
    ("локальный", "уровень образовательной организации"),
    ("уровень оо", "уровень образовательной организации"),
    (
        "образовательная организация",
        "уровень образовательной организации",
    ),
];

/// A document's status as editors write it (`утратила силу` for a feminine kind is the same).
pub const DOC_STATUS: Vocabulary = Vocabulary {
    what: "статусов документа",
    values: &["действует", "утратил силу"],
    synonyms: &[
        ("утратила силу", "утратил силу"),
        ("утратило силу", "утратил силу"),
        ("утратили силу", "утратил силу"),
        ("не действует", "утратил силу"),
        ("недействующий", "утратил силу"),
        ("отменен", "утратил силу"),
        ("отменён", "утратил силу"),
        ("отменена", "утратил силу"),
        ("утратил", "утратил силу"),
        ("действующий", "действует"),
        ("действующая", "действует"),
        ("актуальный", "действует"),
    ],
};

/// The practice bank's `level`: levels of education.
pub const PRACTICE_LEVELS: Vocabulary = Vocabulary {
    what: "уровней образования",
    values: &[
        "дошкольное",
        "начальное общее",
        "основное общее",
        "среднее общее",
        "СПО",
        "дополнительное",
    ],
    synonyms: &[
        ("доо", "дошкольное"),
        ("детский сад", "дошкольное"),
        ("ноо", "начальное общее"),
        ("начальная школа", "начальное общее"),
        ("ооо", "основное общее"),
        ("основная школа", "основное общее"),
        ("соо", "среднее общее"),
        ("старшая школа", "среднее общее"),
        ("среднее профессиональное", "СПО"),
        ("колледж", "СПО"),
        ("техникум", "СПО"),
        ("дополнительное образование", "дополнительное"),
        ("дод", "дополнительное"),
    ],
};

/// The practice bank's `forms`: who mentors whom, as the target model and the methodical
/// recommendations on mentoring of teachers name the forms.
pub const PRACTICE_FORMS: Vocabulary = Vocabulary {
    what: "форм наставничества",
    values: &[
        "ученик – ученик",
        "учитель – учитель",
        "учитель – ученик",
        "студент – ученик",
        "студент – студент",
        "работодатель – ученик",
        "работодатель – студент",
        "руководитель – педагог",
        "опытный педагог – молодой специалист",
        "опытный классный руководитель – молодой специалист",
        "опытный предметник – неопытный предметник",
        "лидер педагогического сообщества – педагог, испытывающий проблемы",
        "педагог-новатор – консервативный педагог",
    ],
    synonyms: &[
        ("педагог – педагог", "учитель – учитель"),
        ("воспитатель – воспитатель", "учитель – учитель"),
        ("обучающийся – обучающийся", "ученик – ученик"),
        (
            "наставник – молодой специалист",
            "опытный педагог – молодой специалист",
        ),
        (
            "опытный учитель – молодой учитель",
            "опытный педагог – молодой специалист",
        ),
        (
            "опытный воспитатель – молодой специалист",
            "опытный педагог – молодой специалист",
        ),
    ],
};

/// The practice bank's `recognition`: the level at which the practice was recognised.
pub const RECOGNITION: Vocabulary = Vocabulary {
    what: "уровней признания",
    values: &[
        "уровень образовательной организации",
        "муниципальный",
        "региональный",
        "межрегиональный",
        "федеральный",
        "международный",
    ],
    synonyms: LEVEL_SYNONYMS,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_values_in_other_spellings_are_listed() {
        assert_eq!(
            PRACTICE_FORMS.check("Учитель - учитель"),
            Checked::Listed("учитель – учитель")
        );
        assert_eq!(
            DocKind::VOCABULARY.check("Методические  рекомендации"),
            Checked::Listed("методические рекомендации")
        );
        assert_eq!(
            DOC_STATUS.check("Утратил силу"),
            Checked::Listed("утратил силу")
        );
    }

    #[test]
    fn the_nearest_value_of_a_slip() {
        let nearest = |v: &Vocabulary, s: &str| match v.check(s) {
            Checked::Unlisted { nearest } => nearest,
            Checked::Listed(l) => panic!("«{s}» is listed as «{l}»"),
        };
        assert_eq!(nearest(&RECOGNITION, "городской"), Some("муниципальный"));
        assert_eq!(nearest(&RECOGNITION, "Областной"), Some("региональный"));
        assert_eq!(
            nearest(&PRACTICE_LEVELS, "дошкольное образование"),
            Some("дошкольное")
        );
        assert_eq!(
            nearest(&PRACTICE_LEVELS, "начальное"),
            Some("начальное общее")
        );
        assert_eq!(
            nearest(&DocKind::VOCABULARY, "постановленние"),
            Some("постановление")
        );
        assert_eq!(nearest(&DocKind::VOCABULARY, "шаблон"), Some("образец"));
        assert_eq!(
            nearest(&DocLevel::VOCABULARY, "городской уровень"),
            Some("муниципальный")
        );
        assert_eq!(nearest(&DOC_STATUS, "отменён"), Some("утратил силу"));
        assert_eq!(
            nearest(&PRACTICE_FORMS, "учитель – учительница"),
            Some("учитель – учитель")
        );
        assert_eq!(nearest(&DocKind::VOCABULARY, "протокол заседания"), None);
    }

    /// `check` takes an exact match first; that is the value a normalised comparison would
    /// find only if no two values of a list normalise alike.
    #[test]
    fn no_two_listed_values_normalise_alike() {
        for v in [
            &DocKind::VOCABULARY,
            &DocLevel::VOCABULARY,
            &DOC_STATUS,
            &PRACTICE_LEVELS,
            &PRACTICE_FORMS,
            &RECOGNITION,
        ] {
            let mut seen: Vec<String> = v.values.iter().map(|x| normalize(x)).collect();
            seen.sort();
            let all = seen.len();
            seen.dedup();
            assert_eq!(seen.len(), all, "{}", v.what);
            for x in v.values {
                assert_eq!(v.check(x), Checked::Listed(x));
            }
        }
    }

    #[test]
    fn enums_and_vocabularies_list_the_same_names() {
        let kinds: Vec<&str> = DocKind::ALL.iter().map(|(n, _)| *n).collect();
        assert_eq!(kinds, DocKind::VOCABULARY.values);
        let levels: Vec<&str> = DocLevel::ALL.iter().map(|(n, _)| *n).collect();
        assert_eq!(levels, DocLevel::VOCABULARY.values);
        assert_eq!(DocKind::Directive.title(), "Распоряжение");
        assert_eq!(DocKind::from_name("образец"), Some(DocKind::Template));
    }
}
