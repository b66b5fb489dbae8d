//! Domain synonyms of the practice-bank search: groups of words or phrases that mean the same
//! thing to a teacher («ДОУ» and «детский сад»).
//!
//! Synonyms are applied to the query in the browser, not to the index: a phrase of the query
//! that matches one member of a group may be satisfied by any member. Expanding the query keeps
//! the index as the text really is (so editing the groups in `site.yaml` needs no re-indexing
//! logic) and handles multi-word members («молодой специалист») that an index-side expansion
//! could not place. The build stems every member, so the browser only compares stems.

use serde_yaml::Value;

use super::stem;

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

/// Reads the `search:` mapping of `site.yaml`. `Ok(None)` when it has no `synonyms` (the
/// defaults apply); an empty list switches synonyms off. Each group is a list of phrases or one
/// string with phrases separated by commas, as editors tend to write it.
pub fn from_yaml(value: &Value) -> Result<Option<Vec<Vec<String>>>, String> {
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return Ok(None),
        _ => return Err("в разделе search должно быть поле synonyms со списком групп".into()),
    };
    for key in map.keys() {
        if key.as_str() != Some("synonyms") {
            return Err(format!(
                "неизвестное поле search: {}; здесь есть только synonyms",
                key.as_str().unwrap_or("?")
            ));
        }
    }
    let Some(list) = map.get("synonyms") else {
        return Ok(None);
    };
    let items = match list {
        Value::Sequence(items) => items,
        Value::Null => return Ok(Some(Vec::new())),
        _ => return Err("synonyms — это список групп синонимов".into()),
    };
    let mut groups = Vec::new();
    for item in items {
        let phrases: Vec<String> = match item {
            Value::String(s) => s.split(',').map(|p| p.trim().to_owned()).collect(),
            Value::Sequence(words) => words
                .iter()
                .map(|w| match w {
                    Value::String(s) => Ok(s.trim().to_owned()),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err("каждый синоним — слово или фраза".to_string()),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err("каждая группа синонимов — список слов или фраз".into()),
        };
        let phrases: Vec<String> = phrases.into_iter().filter(|p| !p.is_empty()).collect();
        if phrases.len() < 2 {
            return Err(format!(
                "в группе синонимов должно быть хотя бы два слова: {}",
                phrases.join(", ")
            ));
        }
        groups.push(phrases);
    }
    Ok(Some(groups))
}

/// Stems every phrase of every group into a list of stems, dropping stop words (the index has
/// none) and phrases left empty, and groups left with fewer than two phrases.
pub fn stemmed(groups: &[Vec<String>], stop_words: &[&str]) -> Vec<Vec<Vec<String>>> {
    groups
        .iter()
        .map(|group| {
            let mut out: Vec<Vec<String>> = Vec::new();
            for phrase in group {
                let stems: Vec<String> = stem::tokens(phrase)
                    .filter(|t| !stop_words.contains(&t.as_str()))
                    .map(|t| stem::stem(&t))
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

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("test YAML")
    }

    #[test]
    fn lists_and_comma_strings_are_both_groups() {
        let v = yaml("synonyms:\n  - [ДОУ, детский сад]\n  - \"СПО, колледж\"\n");
        assert_eq!(
            from_yaml(&v).unwrap(),
            Some(vec![
                vec!["ДОУ".to_string(), "детский сад".to_string()],
                vec!["СПО".to_string(), "колледж".to_string()],
            ])
        );
    }

    #[test]
    fn missing_synonyms_means_defaults_and_empty_means_none() {
        assert_eq!(from_yaml(&yaml("{}")).unwrap(), None);
        assert_eq!(from_yaml(&yaml("synonyms: []")).unwrap(), Some(vec![]));
    }

    #[test]
    fn mistakes_are_reported_in_russian() {
        assert!(
            from_yaml(&yaml("synonym: []"))
                .unwrap_err()
                .contains("synonyms")
        );
        assert!(
            from_yaml(&yaml("synonyms: [[один]]"))
                .unwrap_err()
                .contains("два")
        );
        assert!(from_yaml(&yaml("synonyms: 5")).is_err());
    }

    #[test]
    fn default_groups_are_stemmed_phrases() {
        let groups = stemmed(&defaults(), &[]);
        assert_eq!(groups.len(), DEFAULTS.len());
        let young = &groups[1];
        assert_eq!(
            young[1],
            vec![stem::stem("молодых"), stem::stem("педагогов")]
        );
        assert_eq!(groups[2][0], vec![stem::stem("ДОУ")]);
    }
}
