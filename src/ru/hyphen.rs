//! Soft hyphens (U+00AD) at Russian syllable breaks, for narrow boxes such as the month grid's
//! days. Browsers hyphenate `lang="ru"` text with `hyphens: auto` only where they have a
//! dictionary (not Chromium on Linux, for one); elsewhere a long word that does not fit is cut
//! at any letter («Организаци|я»). With soft hyphens every browser breaks at a syllable and
//! shows the hyphen.
//!
//! The rules are P. Khmelev's syllable patterns (vowel, consonant and «й/ь/ъ» classes), the
//! ones most Russian typesetting scripts use: conservative, never wrong by more than a
//! syllable's choice, and never leaving a single letter on a line.

/// Letters that never start a line: «й», «ь», «ъ».
fn is_sign(c: char) -> bool {
    matches!(c, 'й' | 'ь' | 'ъ' | 'Й' | 'Ь' | 'Ъ')
}

fn is_vowel(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я'
    )
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')
}

/// Letter classes: `x` a sign, `g` a vowel, `s` a consonant.
fn class(c: char) -> char {
    if is_sign(c) {
        'x'
    } else if is_vowel(c) {
        'g'
    } else {
        's'
    }
}

/// Each pattern of classes and the break's position inside it.
const RULES: [(&str, usize); 10] = [
    ("xgg", 1),
    ("xgs", 1),
    ("xsg", 1),
    ("xss", 1),
    ("gssssg", 3),
    ("gsssg", 3),
    ("sgsg", 2),
    ("gssg", 2),
    ("sggg", 2),
    ("sggs", 2),
];

/// Words shorter than this fit any box the theme has; they are left alone.
const MIN_WORD: usize = 7;

const SOFT_HYPHEN: char = '\u{ad}';

/// One Cyrillic word with soft hyphens at its syllable breaks.
fn hyphenate_word(word: &[char], out: &mut String) {
    if word.len() < MIN_WORD {
        out.extend(word);
        return;
    }
    let classes: Vec<char> = word.iter().map(|&c| class(c)).collect();
    let mut breaks = vec![false; word.len()];
    for start in 0..classes.len() {
        for (pattern, at) in RULES {
            let end = start + pattern.len();
            if end <= classes.len() && classes[start..end].iter().copied().eq(pattern.chars()) {
                breaks[start + at] = true;
            }
        }
    }
    for (i, &c) in word.iter().enumerate() {
        // At least two letters on either side of a break.
        if i >= 2 && word.len() - i >= 2 && breaks[i] && !is_sign(c) {
            out.push(SOFT_HYPHEN);
        }
        out.push(c);
    }
}

/// `html` (text with tags and entities, as the site's titles are) with soft hyphens in its
/// Russian words; tags and entities are copied untouched.
pub fn soft_hyphens(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut word: Vec<char> = Vec::new();
    let mut chars = html.chars();
    while let Some(c) = chars.next() {
        if is_cyrillic(c) {
            word.push(c);
            continue;
        }
        hyphenate_word(&word, &mut out);
        word.clear();
        out.push(c);
        let close = match c {
            '<' => '>',
            '&' => ';',
            _ => continue,
        };
        for c in chars.by_ref() {
            out.push(c);
            if c == close {
                break;
            }
        }
    }
    hyphenate_word(&word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        soft_hyphens(text).replace(SOFT_HYPHEN, "-")
    }

    #[test]
    fn long_words_break_at_syllables() {
        assert_eq!(shown("Организация"), "Ор-га-ни-за-ция");
        // Both «нас-тав…» and «на-став…» are correct Russian; the rules choose the first.
        assert_eq!(shown("наставничества"), "нас-тав-ни-чест-ва");
        assert_eq!(shown("образовательной"), "об-ра-зо-ва-тель-ной");
    }

    #[test]
    fn short_words_signs_and_single_letters_stay_whole() {
        assert_eq!(shown("Модели школы"), "Модели школы");
        // Never a break before «ь», «ъ» or «й», nor one leaving a single letter.
        for word in ["подъезжающий", "большинство", "аудиовизуальный"]
        {
            let out = shown(word);
            for part in out.split('-') {
                assert!(part.chars().count() >= 2, "{out}");
                assert!(!part.starts_with(is_sign), "{out}");
            }
            assert_eq!(out.replace('-', ""), word);
        }
    }

    #[test]
    fn tags_entities_and_latin_are_untouched() {
        assert_eq!(
            soft_hyphens("<a href=\"/организация/\">Школа&nbsp;лидер</a> ABCDEFGHIJ"),
            "<a href=\"/организация/\">Школа&nbsp;лидер</a> ABCDEFGHIJ"
        );
        assert_eq!(
            shown("МБОУ «Гимназия № 1»: наставничество"),
            "МБОУ «Гим-на-зия № 1»: нас-тав-ни-чест-во"
        );
    }
}
