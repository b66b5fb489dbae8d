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
#[inline]
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

/// Calls `f` with every word of `text`, normalised, exactly as [`tokens`] gives them, but
/// without allocating: the index builder reads every word of the site through here.
///
/// With `HTML`, `text` is rendered HTML and is read as `index::html_to_text` turns it into text
/// (tags and character references become separators; that function is the specification this
/// is tested against). A removed tag or reference always leaves a separator behind, so every
/// word is a contiguous run of the source and can be passed as a slice of it. A word that
/// normalising changes is written into `buf` first.
#[inline]
pub fn for_each_word<const HTML: bool>(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut start = usize::MAX;
    let mut end = 0;
    // Whether the word so far needs no normalising: lowercase Russian or Latin, digits.
    let mut clean = true;
    let (mut in_tag, mut in_entity) = (false, false);
    let mut flush = |start: &mut usize, end: usize, clean: bool| {
        if *start != usize::MAX {
            let word = &text[*start..end];
            *start = usize::MAX;
            let word = if clean {
                word
            } else {
                normalize_into(word, buf)
            };
            if !word.is_empty() {
                f(word);
            }
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Decode: ASCII and the Cyrillic block (two bytes led by 0xD0 or 0xD1) by hand, the
        // rest through the standard library. `text` is valid UTF-8, so `i` is always at the
        // start of a character.
        let (c, width) = if b < 0x80 {
            (char::from(b), 1)
        } else if (b == 0xD0 || b == 0xD1) && i + 1 < bytes.len() {
            let code = (u32::from(b & 0x1F) << 6) | u32::from(bytes[i + 1] & 0x3F);
            (char::from_u32(code).unwrap_or(' '), 2)
        } else {
            match text[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        i += width;
        if HTML {
            // The decisions of `index::html_to_text`, in its order.
            match c {
                '<' => {
                    in_tag = true;
                    flush(&mut start, end, clean);
                    continue;
                }
                '>' if in_tag => {
                    in_tag = false;
                    continue;
                }
                _ if in_tag => continue,
                '&' => {
                    in_entity = true;
                    flush(&mut start, end, clean);
                    continue;
                }
                ';' if in_entity => {
                    in_entity = false;
                    continue;
                }
                c if in_entity && (c.is_ascii_alphanumeric() || c == '#') => continue,
                _ => in_entity = false,
            }
        }
        let (word_char, plain) = match c {
            'a'..='z' | '0'..='9' | 'а'..='я' => (true, true),
            'A'..='Z' | 'А'..='Я' | 'ё' | 'Ё' => (true, false),
            c => (is_word_char(c), false),
        };
        if word_char {
            if start == usize::MAX {
                start = i - width;
                clean = true;
            }
            clean &= plain;
            end = i;
        } else {
            flush(&mut start, end, clean);
        }
    }
    flush(&mut start, end, clean);
}

/// [`normalize`] without allocating for the words that need it most: lowercase words of Russian
/// and Latin letters and digits come back as they are, and words that only need lowercasing
/// (a capital first letter, an abbreviation) and `ё` folded are written into `buf`. Anything else
/// takes the general path.
pub fn normalize_into<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
    if word
        .chars()
        .all(|c| matches!(c, 'a'..='z' | '0'..='9' | 'а'..='я'))
    {
        return word;
    }
    buf.clear();
    for c in word.chars() {
        let folded = match c {
            'a'..='z' | '0'..='9' | 'а'..='я' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            // Cyrillic capitals А..Я are 32 code points below their small letters.
            'А'..='Я' => char::from_u32(c as u32 + 32).unwrap_or(c),
            'ё' | 'Ё' => 'е',
            _ => {
                *buf = normalize(word);
                return buf;
            }
        };
        buf.push(folded);
    }
    buf
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
