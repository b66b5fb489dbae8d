//! Word normalisation, Russian stemming and tokenisation for the practice-bank search.
//!
//! The search index is built here, at build time, but queried in the browser by
//! `themes/default/static/js/stem.js`. A query only finds a practice if the browser turns
//! the query into exactly the same terms as the build turned the text into, so the two files
//! are one specification written twice: every rule below has its twin in `stem.js`, and both
//! are checked against the same data (`tests/data/snowball-russian/` for stemming,
//! `tests/data/tokenize_cases.json` for tokenising). Change one, change the other.
//!
//! Stemming is the Snowball Russian algorithm. We use the `rust-stemmers` crate for it
//! because, once `ё` is folded into `е`, it agrees with the reference output on all
//! 49,785 words of the Snowball test vocabulary (see `tests/stemmer_vocabulary.rs`).

use rust_stemmers::{Algorithm, Stemmer};

/// Combining diacritical marks (U+0300..=U+036F).
///
/// Text pasted from some editors arrives decomposed (NFD): `й` as `и` + U+0306, `ё` as
/// `е` + U+0308; teaching material also puts stress marks (U+0301) on vowels. Such a mark
/// must neither split a word in two nor survive into the index, or «мой» typed on one
/// keyboard would not find «мой» pasted from another document.
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// A character that belongs to a word: a letter or digit of any script (Unicode
/// `Alphabetic` or numeric, as the JavaScript twin's `[\p{Alphabetic}\p{N}]`), or a
/// combining mark that `normalize` will fold away.
fn is_word_char(c: char) -> bool {
    // Fast answers for the two scripts almost all text is in; the general Unicode tables are
    // slow for Cyrillic, and every character of the site passes through here.
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => true,
        ' ' | ',' | '.' | '\n' | '-' | ':' | ';' | '(' | ')' | '«' | '»' | '—' | '–' => false,
        c => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// Brings a word to the form the index stores: lowercase, `ё` folded into `е`, combining
/// marks removed after a decomposed `и` + breve has been recomposed into `й`.
///
/// `ё` is folded because editors write it inconsistently («ещё»/«еще») and the Snowball
/// stemmer does not treat it as a vowel. `й` is kept: «мой» and «мои» are different words,
/// and the stemmer relies on `й` as an ending.
pub fn normalize(word: &str) -> String {
    // Most words are already lowercase Russian or Latin letters and digits: nothing to fold
    // (a decomposed «й» carries a combining mark, so it never takes this path).
    if word
        .chars()
        .all(|c| matches!(c, 'a'..='z' | '0'..='9' | 'а'..='я'))
    {
        return word.to_owned();
    }
    word.to_lowercase()
        .replace("и\u{0306}", "й")
        .replace('ё', "е")
        .chars()
        .filter(|&c| !is_combining_mark(c))
        .collect()
}

/// The Snowball Russian stem of `word` after [`normalize`]: «молодых» and «молодой» both
/// give «молод», so a search for one finds the other.
///
/// Words without Russian vowels (Latin words, numbers) come back normalised but otherwise
/// unchanged.
pub fn stem(word: &str) -> String {
    stem_normalized(&normalize(word))
}

/// [`stem`] for a word that is already normalised (as [`tokens`] gives them).
pub fn stem_normalized(word: &str) -> String {
    Stemmer::create(Algorithm::Russian).stem(word).into_owned()
}

/// Splits `text` into normalised words: any character that is neither a letter nor a digit
/// separates words, so «№40» gives «40», «наставник-наставляемый» gives two words and
/// «12.09.2023» gives «12», «09», «2023».
///
/// Hyphenated words are split because a reader searching «наставляемый» must find
/// «наставник-наставляемый», and numbers are kept because orders and schools are found
/// by number.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !is_word_char(c))
        .filter(|part| !part.is_empty())
        .map(normalize)
        .filter(|word| !word.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Cases shared with `tests/js/stem.test.js`, so both languages are held to one table.
    const SHARED_CASES: &str = include_str!("../../tests/data/tokenize_cases.json");

    fn strings(value: &Value, field: &str) -> Vec<String> {
        value[field]
            .as_array()
            .unwrap_or_else(|| panic!("field `{field}` missing in {value}"))
            .iter()
            .map(|item| item.as_str().expect("string item").to_owned())
            .collect()
    }

    #[test]
    fn shared_table_tokens_and_stems() {
        let table: Value = serde_json::from_str(SHARED_CASES).expect("valid JSON");
        let cases = table["cases"].as_array().expect("`cases` array");
        assert!(cases.len() >= 20, "the shared table lost its cases");
        for case in cases {
            let text = case["text"].as_str().expect("`text` string");
            let got: Vec<String> = tokens(text).collect();
            assert_eq!(got, strings(case, "tokens"), "tokens of {text:?}");
            let stems: Vec<String> = got.iter().map(|t| stem(t)).collect();
            assert_eq!(stems, strings(case, "stems"), "stems of {text:?}");
        }
    }

    #[test]
    fn normalize_lowercases_folds_yo_and_keeps_short_i() {
        assert_eq!(normalize("ЁЛКА"), "елка");
        assert_eq!(normalize("Ещё"), "еще");
        assert_eq!(normalize("Й"), "й");
        assert_eq!(normalize("Майский"), "майский");
        assert_eq!(normalize("STEM"), "stem");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn normalize_recomposes_decomposed_letters_and_drops_stress_marks() {
        assert_eq!(normalize("мои\u{0306}"), "мой");
        assert_eq!(normalize("МОИ\u{0306}"), "мой");
        assert_eq!(normalize("е\u{0308}лка"), "елка");
        assert_eq!(normalize("мо\u{0301}лодо\u{0301}й"), "молодой");
        assert_eq!(normalize("\u{0301}"), "");
    }

    #[test]
    fn stems_of_the_words_the_site_lives_on() {
        assert_eq!(stem("молодой"), "молод");
        assert_eq!(stem("Молодых"), "молод");
        assert_eq!(stem("педагогов"), stem("педагог"));
        assert_eq!(stem("наставляемый"), stem("наставляемых"));
        assert_eq!(stem("наставничество"), stem("наставничества"));
        assert_eq!(stem("ёлки"), stem("елки"));
    }

    #[test]
    fn short_i_is_never_turned_into_i() {
        // Stemming only ever cuts endings off, so a stem is a prefix of the normalised word:
        // a `й` it keeps is still `й`. An ending `й` may be cut («май» -> «ма»), as Snowball does.
        for word in [
            "йод",
            "Йога",
            "майка",
            "стройка",
            "лайк",
            "район",
            "мои\u{0306}",
        ] {
            let stemmed = stem(word);
            let normalised = normalize(word);
            assert!(normalised.contains('й'), "{word} lost its й: {normalised}");
            assert!(
                normalised.starts_with(&stemmed),
                "{word}: stem {stemmed:?} is not a prefix of {normalised:?}"
            );
        }
        assert_eq!(stem("йод"), "йод");
        assert_eq!(stem("майка"), "майк");
        assert_eq!(stem("районный"), "район");
    }

    #[test]
    fn tokens_split_on_everything_but_letters_and_digits() {
        let got: Vec<String> = tokens("Приказ №40 от 12.09.2023: наставник-наставляемый").collect();
        assert_eq!(
            got,
            [
                "приказ",
                "40",
                "от",
                "12",
                "09",
                "2023",
                "наставник",
                "наставляемый"
            ]
        );
        assert_eq!(tokens("").count(), 0);
        assert_eq!(tokens(" — ,;!? «» \u{0301} ").count(), 0);
    }

    #[test]
    fn no_input_panics() {
        // A small deterministic generator: no extra crate, same inputs on every run.
        let alphabet: Vec<char> =
            "аеиоуыэюяйёнвшсьтлмщбАЯЁЙ Zz09-№\u{0301}\u{0306}\u{0308}\u{0307}İΣ𝐀👩‍🏫\u{00a0}."
                .chars()
                .collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 12) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            for token in tokens(&text) {
                let stemmed = stem(&token);
                assert!(token.starts_with(&stemmed), "{token:?} -> {stemmed:?}");
            }
            let _ = stem(&text);
        }
    }
}
