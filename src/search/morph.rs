//! Russian lemmas from a morphological dictionary, with the Snowball stem as the fallback: the
//! terms the search index and the query are made of.
//!
//! The Snowball stemmer cuts endings by rule, so forms of one word can get different stems
//! («лицей» → «лиц», «лицея» → «лице»; «подросток» → «подросток», «подростки» → «подростк»)
//! and different words the same one («лицо» and «лицей» → «лиц»). A dictionary knows each
//! form's lemma: [`terms`] gives the lemma(s) of a word the dictionary knows (all of them when
//! the form is ambiguous: «стали» is a form of «сталь» and of «стать») and the Snowball stem of
//! any other word (a surname, a new term, an abbreviation, a number).
//!
//! The dictionary is OpenCorpora's, as pymorphy2 compiles it (about 390,000 lexemes, 5 million
//! word forms), taken from the `rsmorphy-dict-ru` crate and unpacked into the binary by
//! `build.rs` (about 8 MB). It is read here in place, as pymorphy2 reads it:
//!
//! - `words.dawg`: a DAWG (dawgdic's format) of keys `form \x01 base64(paradigm, form number)`;
//! - `paradigms.array`: per paradigm, the ending, tag and prefix number of each form;
//! - `suffixes.json`: the endings.
//!
//! A form's lemma is form 0 of its paradigm built on the form's stem; the forms of a lemma
//! ([`forms`]) are all forms of every paradigm in which it is form 0. The browser has no
//! dictionary: the build ships, beside the index, the forms of the lemmas that occur in the site
//! (see `format.rs`), and a word found there has the same terms in the browser as here.
//!
//! `ё` is folded into `е` on both sides (see `stem::normalize`); the dictionary spells `ё`,
//! so a lookup tries both letters wherever the word has `е`.

use std::sync::OnceLock;

use super::stem;

static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.dawg"));
static PARADIGMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/paradigms.array"));
static SUFFIXES: &str = include_str!(concat!(env!("OUT_DIR"), "/suffixes.json"));

/// The paradigm prefixes of pymorphy2's compilation (its `meta.json`, `paradigm_prefixes`):
/// «по» of comparatives («побольше»), «наи» of superlatives («наибольший»).
const PARADIGM_PREFIXES: [&str; 3] = ["", "по", "наи"];

/// The separator between a form and its value in a key of `words.dawg`.
const SEPARATOR: u8 = 1;

/// The dictionary, decoded once: the DAWG's two arrays are read in place from the embedded
/// bytes; the paradigms and endings are small and parsed.
struct Dictionary {
    /// dawgdic's dictionary units (little-endian u32).
    units: &'static [u8],
    /// dawgdic's guide: (child label, sibling label) per unit.
    guide: &'static [u8],
    /// Per paradigm: ending ids of its forms, then tag ids, then prefix ids.
    paradigms: Vec<Vec<u16>>,
    suffixes: Vec<String>,
}

fn dictionary() -> &'static Dictionary {
    static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let units_len = read_u32(WORDS, 0) as usize * 4;
        let units = &WORDS[4..4 + units_len];
        let guide_at = 4 + units_len;
        let guide_len = read_u32(WORDS, guide_at) as usize * 2;
        let guide = &WORDS[guide_at + 4..guide_at + 4 + guide_len];
        let count = u16::from_le_bytes([PARADIGMS[0], PARADIGMS[1]]) as usize;
        let mut paradigms = Vec::with_capacity(count);
        let mut at = 2;
        for _ in 0..count {
            let len = u16::from_le_bytes([PARADIGMS[at], PARADIGMS[at + 1]]) as usize;
            at += 2;
            let paradigm = PARADIGMS[at..at + 2 * len]
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect();
            at += 2 * len;
            paradigms.push(paradigm);
        }
        let suffixes = serde_json::from_str(SUFFIXES).expect("the embedded suffixes.json is valid");
        Dictionary {
            units,
            guide,
            paradigms,
            suffixes,
        }
    })
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

// dawgdic's unit layout.
const IS_LEAF_BIT: u32 = 1 << 31;
const HAS_LEAF_BIT: u32 = 1 << 8;
const EXTENSION_BIT: u32 = 1 << 9;

impl Dictionary {
    fn unit(&self, index: u32) -> u32 {
        read_u32(self.units, index as usize * 4)
    }

    fn offset(base: u32) -> u32 {
        (base >> 10) << ((base & EXTENSION_BIT) >> 6)
    }

    /// The unit reached from `index` by the byte `label`.
    fn follow(&self, label: u8, index: u32) -> Option<u32> {
        let next = index ^ Self::offset(self.unit(index)) ^ u32::from(label);
        if next as usize * 4 + 4 > self.units.len() {
            return None;
        }
        (self.unit(next) & (IS_LEAF_BIT | 0xFF) == u32::from(label)).then_some(next)
    }

    fn follow_bytes(&self, bytes: &[u8], mut index: u32) -> Option<u32> {
        for &b in bytes {
            index = self.follow(b, index)?;
        }
        Some(index)
    }

    fn has_value(&self, index: u32) -> bool {
        self.unit(index) & HAS_LEAF_BIT != 0
    }

    fn child(&self, index: u32) -> u8 {
        self.guide[index as usize * 2]
    }

    fn sibling(&self, index: u32) -> u8 {
        self.guide[index as usize * 2 + 1]
    }

    /// Every key that continues from `index`, by dawgdic's completer (depth first, guided by
    /// the child and sibling labels), as the bytes after `index`.
    fn complete(&self, index: u32, mut f: impl FnMut(&[u8])) {
        let mut key: Vec<u8> = Vec::new();
        let mut stack = vec![index];
        let mut started = false;
        loop {
            let Some(&top) = stack.last() else { return };
            let mut index = top;
            if started {
                let child = self.child(index);
                if child != 0 {
                    let Some(next) = self.follow(child, index) else {
                        return;
                    };
                    key.push(child);
                    stack.push(next);
                    index = next;
                } else {
                    loop {
                        let sibling = self.sibling(index);
                        key.pop();
                        stack.pop();
                        let Some(&parent) = stack.last() else { return };
                        index = parent;
                        if sibling != 0 {
                            let Some(next) = self.follow(sibling, index) else {
                                return;
                            };
                            key.push(sibling);
                            stack.push(next);
                            index = next;
                            break;
                        }
                    }
                }
            }
            started = true;
            // Down to the next key's end.
            while !self.has_value(index) {
                let label = self.child(index);
                let Some(next) = self.follow(label, index) else {
                    return;
                };
                key.push(label);
                stack.push(next);
                index = next;
            }
            f(&key);
        }
    }

    /// Calls `f` with every dictionary spelling of the normalised `word` (`е` may be `ё`) and
    /// its parses.
    fn spellings(&self, word: &str, f: &mut impl FnMut(&str, &[(u16, u16)])) {
        let mut buf = Vec::with_capacity(word.len() + 2);
        let mut parses = Vec::new();
        self.spell(word.as_bytes(), 0, &mut buf, &mut parses, f);
    }

    fn spell(
        &self,
        rest: &[u8],
        index: u32,
        buf: &mut Vec<u8>,
        parses: &mut Vec<(u16, u16)>,
        f: &mut impl FnMut(&str, &[(u16, u16)]),
    ) {
        if rest.is_empty() {
            parses.clear();
            if let Some(sep) = self.follow(SEPARATOR, index) {
                self.complete(sep, |value| {
                    if let Some([a, b, c, d]) = base64_4(value) {
                        parses.push((u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d])));
                    }
                });
            }
            if !parses.is_empty() {
                let spelled = std::str::from_utf8(buf).expect("built from UTF-8 pieces");
                f(spelled, parses);
            }
            return;
        }
        // «е» (D0 B5) may be spelled «ё» (D1 91) in the dictionary.
        let variants: &[&[u8]] = if rest.starts_with("е".as_bytes()) {
            &["е".as_bytes(), "ё".as_bytes()]
        } else {
            &[&rest[..1]]
        };
        let width = variants[0].len();
        for variant in variants {
            if let Some(next) = self.follow_bytes(variant, index) {
                let len = buf.len();
                buf.extend_from_slice(variant);
                self.spell(&rest[width..], next, buf, parses, f);
                buf.truncate(len);
            }
        }
    }

    /// The stem of `spelled`, a form number `form` of `paradigm`: the form without its
    /// paradigm prefix and ending.
    fn stem_of<'a>(&self, paradigm: &[u16], form: usize, spelled: &'a str) -> Option<&'a str> {
        let n = paradigm.len() / 3;
        let suffix = self.suffixes.get(usize::from(paradigm[form]))?;
        let prefix = PARADIGM_PREFIXES.get(usize::from(paradigm[2 * n + form]))?;
        let without_prefix = spelled.strip_prefix(prefix)?;
        without_prefix.strip_suffix(suffix.as_str())
    }

    /// Form `form` of `paradigm` built on `stem`.
    fn build(&self, paradigm: &[u16], form: usize, stem: &str) -> Option<String> {
        let n = paradigm.len() / 3;
        let suffix = self.suffixes.get(usize::from(paradigm[form]))?;
        let prefix = PARADIGM_PREFIXES.get(usize::from(paradigm[2 * n + form]))?;
        Some(format!("{prefix}{stem}{suffix}"))
    }
}

/// Decodes 8 characters of standard base64 into 4 bytes (the values of `words.dawg`).
fn base64_4(text: &[u8]) -> Option<[u8; 4]> {
    fn digit(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    // pymorphy2 wrote them with `binascii.b2a_base64`, which ends them with a newline.
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    if text.len() != 8 {
        return None;
    }
    let mut bits: u64 = 0;
    for &c in &text[..6] {
        bits = (bits << 6) | u64::from(digit(c)?);
    }
    // 36 bits, of which the first 32 are the value.
    let value = (bits >> 4) as u32;
    Some(value.to_be_bytes())
}

/// Folds `ё` into `е`, as `stem::normalize` does to the text.
fn fold(word: &str) -> String {
    word.replace('ё', "е")
}

/// The lemmas of the normalised `word` that the dictionary gives, folded, sorted and without
/// repeats; empty for a word it does not know.
pub fn lemmas(word: &str) -> Vec<String> {
    let dict = dictionary();
    let mut out: Vec<String> = Vec::new();
    // Words of other scripts, numbers: never in the dictionary.
    if !word.chars().any(|c| matches!(c, 'а'..='я' | 'ё')) {
        return out;
    }
    dict.spellings(word, &mut |spelled, parses| {
        for &(p, form) in parses {
            let Some(paradigm) = dict.paradigms.get(usize::from(p)) else {
                continue;
            };
            let form = usize::from(form);
            if form >= paradigm.len() / 3 {
                continue;
            }
            let lemma = if form == 0 {
                Some(spelled.to_owned())
            } else {
                dict.stem_of(paradigm, form, spelled)
                    .and_then(|stem| dict.build(paradigm, 0, stem))
            };
            if let Some(lemma) = lemma {
                out.push(fold(&lemma));
            }
        }
    });
    out.sort_unstable();
    out.dedup();
    if out.len() > 1 {
        drop_subsumed(&mut out);
    }
    out
}

/// Leaves out of a word's lemmas each one whose forms are all forms of another of them: the
/// nouns «молодая» (a bride) and «молодые» (newlyweds) beside the adjective «молодой». Every word that has such a
/// lemma has the other too, so its postings would be a subset of the other's: it adds bytes to
/// every query of those words (one more postings file each) and finds nothing more. Whether a
/// lemma is left out depends only on the two lemmas, never on the word, so it is left out of
/// every word alike and the browser never meets it.
fn drop_subsumed(lemmas: &mut Vec<String>) {
    let sets: Vec<Vec<String>> = lemmas.iter().map(|l| forms(l)).collect();
    let subsumed = |b: usize| {
        (0..sets.len()).any(|a| {
            a != b
                && sets[b].len() < sets[a].len()
                && sets[b].iter().all(|f| sets[a].binary_search(f).is_ok())
        })
    };
    let keep: Vec<bool> = (0..lemmas.len()).map(|b| !subsumed(b)).collect();
    let mut i = 0;
    lemmas.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// Every form (folded, sorted, without repeats) of every lexeme whose lemma is `lemma`; empty
/// if `lemma` is no lemma of the dictionary.
pub fn forms(lemma: &str) -> Vec<String> {
    let dict = dictionary();
    let mut out: Vec<String> = Vec::new();
    if !lemma.chars().any(|c| matches!(c, 'а'..='я' | 'ё')) {
        return out;
    }
    dict.spellings(lemma, &mut |spelled, parses| {
        for &(p, form) in parses {
            if form != 0 {
                continue;
            }
            let Some(paradigm) = dict.paradigms.get(usize::from(p)) else {
                continue;
            };
            let Some(stem) = dict.stem_of(paradigm, 0, spelled) else {
                continue;
            };
            for i in 0..paradigm.len() / 3 {
                if let Some(f) = dict.build(paradigm, i, stem) {
                    out.push(fold(&f));
                }
            }
        }
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// The index terms of a normalised word: its lemmas if the dictionary knows it, otherwise its
/// Snowball stem.
pub fn terms(word: &str) -> Vec<String> {
    let lemmas = lemmas(word);
    if lemmas.is_empty() {
        vec![stem::stem_normalized(word)]
    } else {
        lemmas
    }
}

/// Whether the dictionary knows the normalised `word` (for tests and tools).
pub fn is_known(word: &str) -> bool {
    !lemmas(word).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(word: &str) -> Vec<String> {
        terms(&stem::normalize(word))
    }

    #[test]
    fn the_forms_snowball_splits_share_a_lemma() {
        for (forms, lemma) in [
            (&["лицей", "лицея", "лицеях", "лицеем"][..], "лицей"),
            (&["опыт", "опыта", "опытом"], "опыт"),
            (&["подросток", "подростки", "подростков"], "подросток"),
            (&["кружок", "кружка", "кружков"], "кружок"),
            (&["ребёнок", "ребенка", "детьми", "дети"], "ребенок"),
            (&["музей", "музея"], "музей"),
            (&["образец", "образца"], "образец"),
            (&["день", "дня", "дней"], "день"),
            (&["линейка", "линеек"], "линейка"),
            (
                &["адаптировать", "адаптируют", "адаптирует"],
                "адаптировать",
            ),
        ] {
            for form in forms {
                assert!(
                    one(form).contains(&lemma.to_owned()),
                    "{form}: {:?}, expected {lemma}",
                    one(form)
                );
            }
        }
    }

    #[test]
    fn homonyms_do_not_merge() {
        assert_eq!(one("лица"), ["лицо"]);
        assert_eq!(one("лицей"), ["лицей"]);
        assert!(!one("лицо").contains(&"лицей".to_owned()));
        // An ambiguous form has each of its lemmas, but not one whose forms are all forms of
        // another («молодая», «молодые» beside «молодой»).
        assert_eq!(one("молодых"), ["молодой"]);
        let stali = one("стали");
        assert!(stali.contains(&"сталь".to_owned()) && stali.contains(&"стать".to_owned()));
    }

    #[test]
    fn unknown_words_fall_back_to_snowball() {
        assert_eq!(one("2023"), ["2023"]);
        assert_eq!(one("stem"), ["stem"]);
        // A made-up word is stemmed as before.
        assert_eq!(one("квазитьюторами"), [stem::stem("квазитьюторами")]);
        assert!(!is_known("квазитьюторами"));
    }

    #[test]
    fn forms_of_a_lemma_lead_back_to_it() {
        let all = forms("лицей");
        for form in [
            "лицей",
            "лицея",
            "лицею",
            "лицеем",
            "лицее",
            "лицеи",
            "лицеев",
            "лицеях",
        ] {
            assert!(all.contains(&form.to_owned()), "{form} missing in {all:?}");
        }
        assert!(!all.contains(&"лица".to_owned()));
        for form in forms("ребенок") {
            assert!(lemmas(&form).contains(&"ребенок".to_owned()), "{form}");
        }
        assert!(forms("ребенок").contains(&"детьми".to_owned()));
        assert!(forms("квазитьютор").is_empty());
    }
}
