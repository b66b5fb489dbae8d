//! The build-time stemmer against the reference Snowball Russian output for every word of
//! the Snowball test vocabulary (`tests/data/snowball-russian/`, BSD-3-Clause, see its
//! `COPYING`). `tests/js/stem.test.js` holds the browser stemmer to the same data, which is
//! what keeps search queries and the index in agreement.

use std::path::Path;

use nastavnik::search::stem::stem;

fn read_lines(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/snowball-russian")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    text.lines().map(str::to_owned).collect()
}

#[test]
fn every_vocabulary_word_stems_as_the_reference() {
    let words = read_lines("voc.txt");
    let expected = read_lines("output.txt");
    assert_eq!(words.len(), 49_785, "voc.txt is not the full vocabulary");
    assert_eq!(
        words.len(),
        expected.len(),
        "voc.txt and output.txt differ in length"
    );

    let mismatches: Vec<String> = words
        .iter()
        .zip(&expected)
        .enumerate()
        .filter_map(|(index, (word, want))| {
            let got = stem(word);
            (got != *want).then(|| format!("line {}: {word} -> {got}, expected {want}", index + 1))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} words stem differently from the reference; first ones:\n{}",
        mismatches.len(),
        words.len(),
        mismatches
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
