//! Russian typography for prose: quotes, non-breaking spaces, dashes and ellipses.
//!
//! Editors type on ordinary keyboards, so their text has straight quotes, hyphens for dashes and
//! three dots. The rules applied, each the common Russian editorial convention:
//!
//! - straight double quotes become «ёлочки»; quotes inside quotes become „лапки“. Quotes the
//!   editor already typed («», „“, “”) are kept as they are and count for the nesting;
//! - `№` is followed by a non-breaking space (`№ 40`, also `№40` → `№ 40`);
//! - a spaced em or en dash gets a non-breaking space before it, so a line never starts with a
//!   dash; a spaced hyphen between words (`слово - слово`) becomes a spaced em dash. A spaced
//!   hyphen between two numbers (`2022 - 2024`) is left alone: it may be a range or arithmetic,
//!   and guessing wrong would change the meaning;
//! - three or more dots become an ellipsis `…`; two dots (`?..`, `!..`) are valid Russian
//!   punctuation and are kept;
//! - an apostrophe between two letters becomes the typographic `’` (`O’Reilly`, `Д’Артаньян`);
//!   other single quotes are left alone.
//!
//! The typographer only sees what it is given: the caller keeps code spans, code blocks, HTML
//! and URLs out of it. Markdown splits a paragraph into several text events around emphasis and
//! links, so a quote opened in one fragment may close in another: [`Typographer`] keeps that
//! state between calls to [`Typographer::text`], and [`Typographer::reset`] is called at the
//! start of every block. A limitation of working fragment by fragment: a space at the end of one
//! fragment cannot be turned into a non-breaking one by a dash at the start of the next, because
//! the first fragment has already been returned.

const NBSP: char = '\u{a0}';

/// Quote, dash and numero state carried across the text fragments of one block.
#[derive(Debug, Clone, Default)]
pub struct Typographer {
    /// How many quotes are open; 0 outside quotes.
    depth: usize,
    /// The last character written, from this fragment or an earlier one of the block.
    prev: Option<char>,
    /// The last non-whitespace character written.
    last_nonspace: Option<char>,
}

impl Typographer {
    pub fn new() -> Typographer {
        Typographer::default()
    }

    /// Forgets the state; call at the start of each paragraph, heading, list item or cell.
    pub fn reset(&mut self) {
        *self = Typographer::default();
    }

    fn push(&mut self, out: &mut String, c: char) {
        out.push(c);
        self.prev = Some(c);
        if !c.is_whitespace() {
            self.last_nonspace = Some(c);
        }
    }

    /// Applies the rules to one fragment of prose and returns the result.
    ///
    /// Runs of ordinary characters (letters, digits, spaces, most punctuation) are copied in one
    /// go; only characters that a rule may change go through the character-by-character path.
    /// Every page's text passes through here, so this matters for build time.
    pub fn text(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 8);
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < s.len() {
            if self.prev != Some('№') {
                let run_end = bytes[i..]
                    .iter()
                    .position(|&b| is_trigger_byte(b))
                    .map_or(s.len(), |p| i + p);
                if run_end > i {
                    let run = &s[i..run_end];
                    out.push_str(run);
                    self.note_run(run);
                    i = run_end;
                    continue;
                }
            }
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            let rest = &s[i + c.len_utf8()..];
            let next = rest.chars().next();

            if self.prev == Some('№') && c != '№' {
                if c.is_whitespace() {
                    let spaces: usize = s[i..]
                        .chars()
                        .take_while(|c| c.is_whitespace())
                        .map(char::len_utf8)
                        .sum();
                    i += spaces;
                    self.push(&mut out, NBSP);
                    continue;
                }
                self.push(&mut out, NBSP);
            }

            match c {
                '"' => self.straight_quote(&mut out, next),
                '«' | '„' => {
                    self.depth += 1;
                    self.push(&mut out, c);
                }
                '»' | '”' => {
                    self.depth = self.depth.saturating_sub(1);
                    self.push(&mut out, c);
                }
                '“' => {
                    // Closes „ in Russian text, but opens an English-style “quote”.
                    if self.depth == 0 && opens_after(self.prev) && !is_space(next) {
                        self.depth += 1;
                    } else {
                        self.depth = self.depth.saturating_sub(1);
                    }
                    self.push(&mut out, c);
                }
                '—' | '–' if self.spaced_before(&out) && (next.is_none() || is_space(next)) => {
                    self.dash_after_nbsp(&mut out, c);
                }
                '-' if self.spaced_before(&out)
                    && is_space(next)
                    && !(self.last_nonspace.is_some_and(|p| p.is_ascii_digit())
                        && rest
                            .chars()
                            .find(|c| !c.is_whitespace())
                            .is_some_and(|c| c.is_ascii_digit())) =>
                {
                    self.dash_after_nbsp(&mut out, '—');
                }
                '.' => {
                    let run = s[i..].bytes().take_while(|&b| b == b'.').count();
                    if run >= 3 {
                        self.push(&mut out, '…');
                        i += run;
                        continue;
                    }
                    self.push(&mut out, '.');
                }
                '\'' if self.prev.is_some_and(char::is_alphabetic)
                    && next.is_some_and(char::is_alphabetic) =>
                {
                    self.push(&mut out, '’');
                }
                _ => self.push(&mut out, c),
            }
            i += c.len_utf8();
        }
        out
    }

    /// Updates the state after copying a run of characters no rule touches.
    fn note_run(&mut self, run: &str) {
        let mut rev = run.chars().rev();
        self.prev = rev.next().or(self.prev);
        if let Some(c) = run.chars().rev().find(|c| !c.is_whitespace()) {
            self.last_nonspace = Some(c);
        }
    }

    /// Decides whether a straight `"` opens or closes a quote. It opens after a space, an opening
    /// bracket or a dash (or at the start of the block) unless a space follows; otherwise it
    /// closes an open quote. With nothing open it opens only before a letter or digit (as in
    /// `ООО"Ромашка"`); a stray `"` (`17"` for inches) is left as typed.
    fn straight_quote(&mut self, out: &mut String, next: Option<char>) {
        if opens_after(self.prev) && !is_space(next) {
            self.open(out);
        } else if self.depth > 0 {
            self.depth -= 1;
            let quote = if self.depth == 0 { '»' } else { '“' };
            self.push(out, quote);
        } else if next.is_some_and(char::is_alphanumeric) {
            self.open(out);
        } else {
            self.push(out, '"');
        }
    }

    fn open(&mut self, out: &mut String) {
        let quote = if self.depth == 0 { '«' } else { '„' };
        self.depth += 1;
        self.push(out, quote);
    }

    /// True when this fragment's output ends with whitespace that follows some text, i.e. the
    /// next character is spaced off a preceding word.
    fn spaced_before(&self, out: &str) -> bool {
        out.ends_with(char::is_whitespace) && self.last_nonspace.is_some()
    }

    /// Replaces the trailing whitespace with one non-breaking space and writes the dash.
    fn dash_after_nbsp(&mut self, out: &mut String, dash: char) {
        let kept = out.trim_end_matches(char::is_whitespace).len();
        out.truncate(kept);
        self.push(out, NBSP);
        self.push(out, dash);
    }
}

/// Bytes that may start a character some rule looks at: `"`, `-`, `.`, `'`, and the lead bytes
/// of «», „“”, –— and № (0xC2, 0xE2). Lead bytes never occur inside another character's UTF-8,
/// so a run split at them stays on character boundaries.
fn is_trigger_byte(b: u8) -> bool {
    matches!(b, b'"' | b'-' | b'.' | b'\'' | 0xC2 | 0xE2)
}

fn is_space(c: Option<char>) -> bool {
    c.is_some_and(char::is_whitespace)
}

/// Characters after which a quote opens rather than closes.
fn opens_after(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.is_whitespace() || matches!(p, '(' | '[' | '{' | '«' | '„' | '—' | '–' | '-' | '/')
        }
    }
}

/// The rules applied to one self-contained piece of text, such as a title.
pub fn typograph(s: &str) -> String {
    Typographer::new().text(s)
}

/// The text with its first letter capitalised and the rest as written, so abbreviations keep
/// their case: «учреждение ДО» → «Учреждение ДО» (Tera's `capitalize` lowercases the rest and
/// gives «Учреждение до»).
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes the expected strings readably: `~` stands for a non-breaking space.
    fn nb(s: &str) -> String {
        s.replace('~', "\u{a0}")
    }

    #[test]
    fn upper_first_keeps_abbreviations() {
        assert_eq!(upper_first("учреждение ДО"), "Учреждение ДО");
        assert_eq!(upper_first("организация ДПО"), "Организация ДПО");
        assert_eq!(upper_first(""), "");
    }

    #[test]
    fn straight_quotes_become_guillemets() {
        assert_eq!(typograph("\"Школа\""), "«Школа»");
        assert_eq!(
            typograph("Проект \"Наставник\" стартует."),
            "Проект «Наставник» стартует."
        );
        assert_eq!(typograph("(\"Наставник\")"), "(«Наставник»)");
        assert_eq!(typograph("\"А\" и \"Б\""), "«А» и «Б»");
        assert_eq!(typograph("ООО\"Ромашка\""), "ООО«Ромашка»");
        assert_eq!(typograph("\"Да\", \"нет\"."), "«Да», «нет».");
    }

    #[test]
    fn nested_quotes_become_lapki() {
        assert_eq!(
            typograph("\"Приказ \"Об утверждении\"\""),
            "«Приказ „Об утверждении“»"
        );
        assert_eq!(typograph("\"\"Лидер\" — школа\""), nb("«„Лидер“~— школа»"));
    }

    #[test]
    fn existing_guillemets_stay_and_count_for_nesting() {
        assert_eq!(typograph("«Школа \"Лидер\"»"), "«Школа „Лидер“»");
        assert_eq!(
            typograph("план («дорожная карта»)"),
            "план («дорожная карта»)"
        );
        assert_eq!(typograph("«А» и \"Б\""), "«А» и «Б»");
        assert_eq!(typograph("„Лидер“ и \"Б\""), "„Лидер“ и «Б»");
        assert_eq!(typograph("“Hello” and \"x\""), "“Hello” and «x»");
    }

    #[test]
    fn quotes_across_fragments() {
        let mut t = Typographer::new();
        assert_eq!(t.text("Проект \""), "Проект «");
        assert_eq!(t.text("Наставник"), "Наставник");
        assert_eq!(t.text("\" стартует"), "» стартует");

        t.reset();
        assert_eq!(t.text("\"Школа "), "«Школа ");
        assert_eq!(t.text("молодого учителя"), "молодого учителя");
        assert_eq!(t.text("\""), "»");

        t.reset();
        assert_eq!(t.text("\""), "«");
        assert_eq!(t.text("Внешняя "), "Внешняя ");
        assert_eq!(t.text("\"внутренняя"), "„внутренняя");
        assert_eq!(t.text("\""), "“");
        assert_eq!(t.text("\"."), "».");
    }

    #[test]
    fn reset_forgets_an_unclosed_quote() {
        let mut t = Typographer::new();
        assert_eq!(t.text("\"Незакрытая"), "«Незакрытая");
        t.reset();
        assert_eq!(t.text("\"Новая\""), "«Новая»");
    }

    #[test]
    fn stray_quotes_are_left_alone() {
        assert_eq!(typograph("Монитор 17\" и"), "Монитор 17\" и");
        assert_eq!(typograph("\""), "«");
        assert_eq!(typograph("а \" б"), "а \" б");
    }

    #[test]
    fn numero_sign() {
        assert_eq!(typograph("№ 40"), nb("№~40"));
        assert_eq!(typograph("№40"), nb("№~40"));
        assert_eq!(typograph("№   40"), nb("№~40"));
        assert_eq!(typograph("№\u{a0}40"), nb("№~40"));
        assert_eq!(typograph("№№ 1, 2"), nb("№№~1, 2"));
        assert_eq!(typograph("МБОУ \"СШ №40\""), nb("МБОУ «СШ №~40»"));
        let mut t = Typographer::new();
        assert_eq!(t.text("школа №"), "школа №");
        assert_eq!(t.text("40"), nb("~40"));
    }

    #[test]
    fn dashes() {
        assert_eq!(typograph("Цель — развитие"), nb("Цель~— развитие"));
        assert_eq!(typograph("Цель   — развитие"), nb("Цель~— развитие"));
        assert_eq!(typograph("Цель - развитие"), nb("Цель~— развитие"));
        assert_eq!(typograph("Цель – развитие"), nb("Цель~– развитие"));
        assert_eq!(typograph("«Школа» - это"), nb("«Школа»~— это"));
        assert_eq!(typograph("Итак, - сказал он"), nb("Итак,~— сказал он"));
        // Not between words: left alone.
        assert_eq!(typograph("2022 - 2024 годы"), "2022 - 2024 годы");
        assert_eq!(typograph("из-за"), "из-за");
        assert_eq!(typograph("- пункт"), "- пункт");
        assert_eq!(typograph("— Привет"), "— Привет");
        assert_eq!(typograph("слово -слово"), "слово -слово");
        assert_eq!(typograph("слово -"), "слово -");
        assert_eq!(typograph("1 - x"), nb("1~— x"));
        // A dash at the end of a fragment, spaced before it.
        assert_eq!(typograph("Цель —"), nb("Цель~—"));
    }

    #[test]
    fn ellipsis() {
        assert_eq!(typograph("Итак..."), "Итак…");
        assert_eq!(typograph("...и всё"), "…и всё");
        assert_eq!(typograph("Что?.."), "Что?..");
        assert_eq!(typograph("Нет....."), "Нет…");
        assert_eq!(typograph("1.2. Пункт"), "1.2. Пункт");
    }

    #[test]
    fn apostrophes() {
        assert_eq!(typograph("O'Reilly"), "O’Reilly");
        assert_eq!(typograph("\"Д'Артаньян\""), "«Д’Артаньян»");
        assert_eq!(typograph("'одинарные'"), "'одинарные'");
        assert_eq!(typograph("rock 'n' roll"), "rock 'n' roll");
        let mut t = Typographer::new();
        assert_eq!(t.text("\"Д'"), "«Д'");
        assert_eq!(t.text("Артаньян\""), "Артаньян»");
    }

    #[test]
    fn empty_and_plain_text() {
        assert_eq!(typograph(""), "");
        let mut t = Typographer::new();
        assert_eq!(t.text(""), "");
        let plain = "Обычный текст без особых знаков, 2023 год.";
        assert_eq!(typograph(plain), plain);
    }
}
