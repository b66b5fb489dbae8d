//! Cyrillic titles to Latin URL slugs.
//!
//! The table is the simple letter-by-letter transliteration that Russian sites use for
//! human-readable URLs and that Yandex recognises when it highlights query words in addresses
//! («Школа молодого учителя» → `shkola-molodogo-uchitelya`):
//!
//! | а | б | в | г | д | е | ё | ж  | з | и | й | к | л | м | н | о | п |
//! |---|---|---|---|---|---|---|----|---|---|---|---|---|---|---|---|---|
//! | a | b | v | g | d | e | e | zh | z | i | y | k | l | m | n | o | p |
//!
//! | р | с | т | у | ф | х  | ц  | ч  | ш  | щ    | ъ | ы | ь | э | ю  | я  |
//! |---|---|---|---|---|----|----|----|----|------|---|---|---|---|----|----|
//! | r | s | t | u | f | kh | ts | ch | sh | shch | — | y | — | e | yu | ya |
//!
//! Published descriptions of «Yandex transliteration» differ in a few letters (ё → `yo`,
//! щ → `sch`, й → `j`, and ь/ъ before a vowel → `y`). This module deliberately uses the variant
//! above, which matches the widely used passport/BGN-style spellings, writes each letter
//! the same way everywhere and needs no context rules, so a slug can be predicted from a title.
//! Yandex treats all these variants as the same word, so the choice does not affect search.
//!
//! Other rules: the result is lowercase; ASCII letters and digits are kept; common accented
//! Latin letters lose their accents (`Café` → `cafe`, `ß` → `ss`); apostrophes inside
//! a word are dropped (`O'Neil` → `oneil`, «Д’Артаньян» → `dartanyan`); every other run of
//! characters (spaces, punctuation, «№», quotes, letters of other scripts) becomes a single `-`;
//! there is no `-` at either end. A title with nothing transliterable gives an empty slug, which
//! the caller must treat as an error.

/// The Latin spelling of one lowercase Cyrillic letter; `None` for other characters.
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' | 'ы' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

/// The ASCII base of a common accented Latin letter (lowercase), so that a foreign name such as
/// «Café» keeps its letters; `None` for anything else.
fn latin_fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' => "s",
        'ť' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

/// Appends `text`, preceded by the separator owed for skipped characters, if any. The separator
/// is written lazily, only when something follows it, so none is left at either end.
fn emit(out: &mut String, pending_dash: &mut bool, text: &str) {
    if *pending_dash && !out.is_empty() {
        out.push('-');
    }
    *pending_dash = false;
    out.push_str(text);
}

/// A URL slug of `s`, see the module documentation for the rules.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &raw) in chars.iter().enumerate() {
        for c in raw.to_lowercase() {
            if let Some(latin) = cyrillic(c).or_else(|| latin_fold(c)) {
                // A hard or soft sign writes nothing but still joins the word.
                emit(&mut out, &mut pending_dash, latin);
            } else if c.is_ascii_alphanumeric() {
                let mut buf = [0u8; 4];
                emit(&mut out, &mut pending_dash, c.encode_utf8(&mut buf));
            } else if is_apostrophe(c)
                && is_word_char(i.checked_sub(1).map(|j| chars[j]))
                && is_word_char(chars.get(i + 1).copied())
            {
                // Inside a word: dropped without a separator.
            } else {
                pending_dash = true;
            }
        }
    }
    out
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_examples() {
        assert_eq!(
            slugify("Школа молодого учителя"),
            "shkola-molodogo-uchitelya"
        );
        // С and Ш are two letters, `s` + `sh`.
        assert_eq!(slugify("МБОУ «СШ № 40»"), "mbou-ssh-40");
    }

    #[test]
    fn every_letter_of_the_table() {
        assert_eq!(
            slugify("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
            "abvgdeezhziyklmnoprstufkhtschshshchyeyuya"
        );
        assert_eq!(
            slugify("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"),
            "abvgdeezhziyklmnoprstufkhtschshshchyeyuya"
        );
        assert_eq!(slugify("Щука ёж"), "shchuka-ezh");
        assert_eq!(slugify("объект"), "obekt");
        assert_eq!(slugify("учитель"), "uchitel");
        assert_eq!(slugify("Новый год"), "novyy-god");
        assert_eq!(slugify("Эхо"), "ekho");
        assert_eq!(slugify("Царь"), "tsar");
        assert_eq!(slugify("Юля"), "yulya");
    }

    #[test]
    fn latin_digits_and_separators() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("IT-куб 2023"), "it-kub-2023");
        assert_eq!(slugify("  --Наставник--  "), "nastavnik");
        assert_eq!(
            slugify("План на 2022 - 2024 годы"),
            "plan-na-2022-2024-gody"
        );
        assert_eq!(
            slugify("«Год педагога и наставника»"),
            "god-pedagoga-i-nastavnika"
        );
        assert_eq!(slugify("1.2. Подготовка"), "1-2-podgotovka");
        assert_eq!(slugify("a_b"), "a-b");
        assert_eq!(slugify("Ünïcode Café Straße"), "unicode-cafe-strasse");
        assert_eq!(slugify("Ελλάδα"), "");
    }

    #[test]
    fn apostrophes_inside_words_are_dropped() {
        assert_eq!(slugify("O'Neil"), "oneil");
        assert_eq!(slugify("Д’Артаньян"), "dartanyan");
        assert_eq!(slugify("rock 'n' roll"), "rock-n-roll");
        assert_eq!(slugify("'кавычки'"), "kavychki");
    }

    #[test]
    fn empty_and_untransliterable() {
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("   "), "");
        assert_eq!(slugify("№ — «»"), "");
        assert_eq!(slugify("ъ"), "");
        assert_eq!(slugify("中文"), "");
    }
}
