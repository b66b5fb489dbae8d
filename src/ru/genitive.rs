//! The genitive of an issuing body's name, for a document's label: «Распоряжение *Министерства
//! просвещения РФ* от 25.12.2019 № Р-145» from the issuer «Министерство просвещения РФ».
//!
//! Only the head of the name changes: the adjectives before the head noun and the noun itself
//! («Главное управление образования» → «Главного управления образования»); everything after
//! it is already in its own case («… Администрации города Смоленска»). A name that starts with
//! an abbreviation (МБОУ, ГАУ ДПО) does not change at all. The head noun must be one of the
//! words bodies are named with: a guess at an unknown noun's declension would print a wrong
//! word on every document of that issuer, so an unknown head gives `None` and the label goes
//! without the issuer.

/// Head nouns of issuing bodies and officials, nominative → genitive.
const HEADS: &[(&str, &str)] = &[
    ("президент", "президента"),
    ("правительство", "правительства"),
    ("министерство", "министерства"),
    ("министр", "министра"),
    ("департамент", "департамента"),
    ("управление", "управления"),
    ("комитет", "комитета"),
    ("администрация", "администрации"),
    ("глава", "главы"),
    ("губернатор", "губернатора"),
    ("мэр", "мэра"),
    ("совет", "совета"),
    ("дума", "думы"),
    ("агентство", "агентства"),
    ("служба", "службы"),
    ("центр", "центра"),
    ("отдел", "отдела"),
    ("институт", "института"),
    ("университет", "университета"),
    ("академия", "академии"),
    ("начальник", "начальника"),
    ("руководитель", "руководителя"),
    ("директор", "директора"),
    ("заведующий", "заведующего"),
    ("рособрнадзор", "рособрнадзора"),
    // Indeclinable short names of ministries.
    ("минпросвещения", "минпросвещения"),
    ("минобрнауки", "минобрнауки"),
    ("минтруд", "минтруда"),
];

/// The genitive of an issuer's name, or `None` when its head word is not a known one.
pub fn issuer_genitive(name: &str) -> Option<String> {
    let name = name.trim();
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    let first = *words.first()?;
    if is_abbreviation(first) {
        return Some(words.join(" "));
    }
    let head = words.iter().position(|w| head_genitive(w).is_some())?;
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if i < head {
            out.push(adjective_genitive(w)?);
        } else if i == head {
            out.push(head_genitive(w)?);
        } else {
            out.push((*w).to_string());
        }
    }
    Some(out.join(" "))
}

/// «МБОУ», «ГАУ», «ЦДО»: two or more capitals (digits and «-» allowed).
fn is_abbreviation(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
}

/// The head noun's genitive, keeping the capital letter of the word as written.
fn head_genitive(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    let (_, genitive) = HEADS.iter().find(|(nom, _)| *nom == lower)?;
    Some(with_case_of(word, genitive))
}

/// An adjective before the head: «Главное» → «Главного», «Федеральная» → «Федеральной»,
/// «Городской» → «Городского», «Высший» → «Высшего».
fn adjective_genitive(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    if chars.len() < 4 {
        return None;
    }
    let stem: String = chars[..chars.len() - 2].iter().collect();
    let ending: String = chars[chars.len() - 2..].iter().collect();
    // After г, к, х, ж, ш, ч, щ the masculine ending is written -ий but declines hard («Высший»
    // → «Высшего» is the soft exception for ж, ш, ч, щ; «Городской» is -ой).
    let before = chars[chars.len() - 3];
    let genitive = match ending.as_str() {
        "ый" | "ой" | "ое" => format!("{stem}ого"),
        "ий" if matches!(before, 'г' | 'к' | 'х') => format!("{stem}ого"),
        "ий" | "ее" => format!("{stem}его"),
        "ая" if matches!(before, 'ж' | 'ш' | 'ч' | 'щ') => format!("{stem}ей"),
        "ая" => format!("{stem}ой"),
        "яя" => format!("{stem}ей"),
        _ => return None,
    };
    Some(with_case_of(word, &genitive))
}

/// `lower` with the first letter capitalised when `written` starts with a capital.
fn with_case_of(written: &str, lower: &str) -> String {
    match written.chars().next() {
        Some(c) if c.is_uppercase() => {
            let mut chars = lower.chars();
            chars
                .next()
                .map(|f| f.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        _ => lower.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_that_issue_documents_on_mentoring() {
        for (nominative, genitive) in [
            ("Министерство просвещения РФ", "Министерства просвещения РФ"),
            (
                "Президент Российской Федерации",
                "Президента Российской Федерации",
            ),
            ("Правительство РФ", "Правительства РФ"),
            (
                "Управление образования и молодежной политики Администрации города Смоленска",
                "Управления образования и молодежной политики Администрации города Смоленска",
            ),
            (
                "Департамент Смоленской области по образованию и науке",
                "Департамента Смоленской области по образованию и науке",
            ),
            (
                "Губернатор Кемеровской области",
                "Губернатора Кемеровской области",
            ),
            (
                "Главное управление образования",
                "Главного управления образования",
            ),
            (
                "Федеральная служба по надзору",
                "Федеральной службы по надзору",
            ),
            (
                "Городской методический центр",
                "Городского методического центра",
            ),
            ("МБОУ «СШ № 40»", "МБОУ «СШ № 40»"),
            ("Минпросвещения России", "Минпросвещения России"),
        ] {
            assert_eq!(issuer_genitive(nominative).as_deref(), Some(genitive));
        }
    }

    #[test]
    fn an_unknown_head_is_not_guessed() {
        assert_eq!(issuer_genitive("Педагогическая конференция"), None);
        assert_eq!(issuer_genitive(""), None);
        assert_eq!(issuer_genitive("Иванов И.И."), None);
    }
}
