//! Domain synonyms of the practice-bank search: groups of words or phrases that mean the same
//! thing to a teacher («ДОУ» and «детский сад»).
//!
//! Synonyms are applied to the query in the browser, not to the index: a phrase of the query
//! that matches one member of a group may be satisfied by any member. Expanding the query keeps
//! the index as the text really is (so editing the groups in `site.yaml` needs no re-indexing
//! logic) and handles multi-word members («молодой специалист») that an index-side expansion
//! could not place. The build turns every word of every member into its terms (lemmas or the
//! Snowball stem, see `morph::terms`), so the browser only compares terms: a word of the query
//! matches a word of a member when they share a term.

use super::{morph, stem};

/// The groups used when `site.yaml` has no `search: synonyms:`.
pub const DEFAULTS: &[&[&str]] = &[
    &["наставник", "наставничество", "наставляемый"],
    &[
        "молодой специалист",
        "молодой педагог",
        "начинающий педагог",
    ],
    &["ДОУ", "детский сад"],
    &["СШ", "ООШ", "СОШ", "школа"],
    &["СПО", "колледж", "техникум"],
];

/// The default groups as owned strings.
pub fn defaults() -> Vec<Vec<String>> {
    DEFAULTS
        .iter()
        .map(|g| g.iter().map(|s| (*s).to_owned()).collect())
        .collect()
}

/// The terms a word of a synonym phrase stands for: the word alone when it is itself one of its
/// lemmas («начинающий» is the adjective, not also the verb «начинать» whose participle it is:
/// the group means a beginner teacher, not any text where something begins), else all its terms.
/// A query word still matches it by any of its own terms («начинающих» has both).
fn phrase_word_terms(word: &str) -> Vec<String> {
    let terms = morph::terms(word);
    if terms.len() > 1 && terms.iter().any(|t| t == word) {
        vec![word.to_owned()]
    } else {
        terms
    }
}

/// A phrase of a synonym group as the browser compares it: per word, its terms.
pub type Phrase = Vec<Vec<String>>;

/// Turns every phrase of every group into the terms of its words, dropping stop words (the
/// index has none) and phrases left empty, and groups left with fewer than two phrases.
pub fn stemmed(groups: &[Vec<String>], stop_words: &[&str]) -> Vec<Vec<Phrase>> {
    groups
        .iter()
        .map(|group| {
            let mut out: Vec<Phrase> = Vec::new();
            for phrase in group {
                let stems: Phrase = stem::tokens(phrase)
                    .filter(|t| !stop_words.contains(&t.as_str()))
                    .map(|t| phrase_word_terms(&t))
                    .collect();
                if !stems.is_empty() && !out.contains(&stems) {
                    out.push(stems);
                }
            }
            out
        })
        .filter(|g| g.len() >= 2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_groups_are_stemmed_phrases() {
        let groups = stemmed(&defaults(), &[]);
        assert_eq!(groups.len(), DEFAULTS.len());
        let young = &groups[1];
        assert_eq!(young[1], vec![vec!["молодой"], vec!["педагог"]]);
        assert_eq!(young[1][0], morph::terms("молодых"));
        assert_eq!(groups[2][0], vec![vec![stem::stem("ДОУ")]]);
        assert_eq!(groups[2][1], vec![vec!["детский"], vec!["сад"]]);
        // A phrase word that is a lemma stands for itself, not for the verb it comes from.
        assert!(morph::terms("начинающий").len() > 1);
        assert_eq!(young[2][0], vec!["начинающий"]);
    }
}
