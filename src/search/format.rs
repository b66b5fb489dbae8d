//! The static index files under `search/`, shaped so that a query downloads only what it needs.
//!
//! - `meta.json`: counts, stop words, stemmed synonyms, the list of term shards that exist
//!   (a missing shard would otherwise cost the site's 404 page) and the list of common terms
//!   (those with a `p/` file): the words people search for are mostly common ones, and knowing
//!   them up front lets the browser fetch their postings at once instead of reading their shard
//!   first (one round trip less for a first query). A list, not counts: the counts are in the
//!   shards, and the list costs half the bytes.
//! - `facets.json`: facet values and, per facet, one column with every document's value ids —
//!   counts for any result set are computed from it in the browser.
//! - `t/KEY.json`: the terms whose stems start with the same two letters (KEY is their code
//!   points in hex, so file names stay ASCII), each with its postings, or, for a term in more
//!   than [`INLINE_POSTINGS`] documents, just the count: its postings are in `p/STEM.json`, so a
//!   shard stays small however common its words are, and a common word is fetched only when
//!   asked for.
//! - `p/STEM.json`: `{"p": postings, "c": cards}`, the postings of a common term and the cards
//!   of its [`CHAMPION_CARDS`] best documents (see there).
//! - `f/KEY.json`: the column of a facet with many values (see [`EAGER_FACET_VALUES`]).
//! - `d/N.json`: card data of [`DOCS_PER_SHARD`] consecutive documents: a page of results
//!   touches at most one small file per card.
//! - `s/G-P.json`: the scores of a synonym group's clause (group G of `meta.json`'s
//!   `synonyms`, phrase P the one typed), computed here as the browser would from the postings
//!   of all the group's words (see [`synonym_clause_json`]).
//!
//! Postings are a flat JSON array `[delta, weight, delta, weight, …]`: the id difference from
//! the previous posting (the first is absolute) and the BM25F term-frequency part in steps of
//! 1/`WEIGHT_SCALE` (see `index.rs`).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::index::{Doc, FACETS, Index, Posting, STOP_WORDS};

/// Letters of a stem that choose its shard.
pub const PREFIX_CHARS: usize = 2;
/// Terms in at most this many documents keep their postings inside the shard.
pub const INLINE_POSTINGS: usize = 64;
/// Facets with more values than this (organizations, topics) keep their column in a file of its
/// own, `f/KEY.json`, fetched when the reader opens or uses that facet: their columns are most
/// of the facet data (a practice names one or two of a hundred organizations and several of forty
/// topics, which no encoding squeezes much below two bytes), and a first query must stay small.
pub const EAGER_FACET_VALUES: usize = 16;
/// Documents per card-data file.
pub const DOCS_PER_SHARD: usize = 4;
/// Cards a common term's postings file carries: those of its best documents by weight (ties:
/// newest), a «champion list» (Manning, Raghavan, Schütze, «Introduction to Information
/// Retrieval», 7.1.3). A query of that word alone then shows its first page (twenty cards, as
/// `search.js` shows) with no card file to fetch, and a query of several common words fetches
/// only the cards its terms' lists miss. What a first query costs in the browser is mostly the
/// number of requests (twenty parallel fetches take 50–120 ms in headless Chromium here, one
/// takes 5 ms), and twenty cards add about 2 KB gzip to a postings file of 5–8 KB.
pub const CHAMPION_CARDS: usize = 20;
/// The weight of a synonym group's other phrases against the phrase typed (`SYNONYM_WEIGHT` in
/// `search.js`; `tests/search.rs` checks both sides give the same results).
pub const SYNONYM_WEIGHT: f64 = 0.8;
/// The digits of facet value ids: 64 URL- and JSON-safe characters.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// The file-name key of a stem's shard: code points of its first letters in hex, joined by `-`.
pub fn shard_key(stem: &str) -> String {
    stem.chars()
        .take(PREFIX_CHARS)
        .map(|c| format!("{:x}", c as u32))
        .collect::<Vec<_>>()
        .join("-")
}

/// The file-name key of a term's own postings file: all its code points in hex.
pub fn term_key(stem: &str) -> String {
    stem.chars()
        .map(|c| format!("{:x}", c as u32))
        .collect::<Vec<_>>()
        .join("-")
}

/// Appends `n` in decimal: the postings are millions of small numbers, and the formatting
/// machinery of `write!` was a tenth of the index's time.
fn push_decimal(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
}

/// Delta-encodes postings into a flat array.
pub fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 6 + 2);
    out.push('[');
    let mut prev = 0u32;
    for (i, &(id, q)) in postings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_decimal(&mut out, id - prev);
        out.push(',');
        push_decimal(&mut out, u32::from(q));
        prev = id;
    }
    out.push(']');
    out
}

/// Decodes [`encode_postings`] (for the tests and the benchmark tool).
pub fn decode_postings(values: &[u64]) -> Vec<(u32, u8)> {
    let mut out = Vec::with_capacity(values.len() / 2);
    let mut id = 0u64;
    for pair in values.chunks_exact(2) {
        id += pair[0];
        out.push((id as u32, pair[1] as u8));
    }
    out
}

/// Width in digits of ids of a facet with `values` values.
fn width(values: usize) -> usize {
    match values {
        0..=64 => 1,
        65..=4096 => 2,
        _ => 3,
    }
}

fn push_id(out: &mut String, mut id: usize, width: usize) {
    let mut digits = vec![b'0'; width];
    for d in digits.iter_mut().rev() {
        *d = DIGITS[id % 64];
        id /= 64;
    }
    out.extend(digits.iter().map(|&b| b as char));
}

/// Values of each facet (years newest first, others alphabetically) and its column: for each
/// document, its value ids as fixed-width digits; documents separated by `,`. Columns of facets
/// with many values go to `lazy` as (key, column) instead of into the JSON.
fn facets_json(docs: &[Doc], lazy: &mut Vec<(String, String)>) -> Value {
    let mut facets = Vec::new();
    let mut cols = Vec::new();
    for (f, (key, title)) in FACETS.iter().enumerate() {
        let mut values: Vec<&str> = docs
            .iter()
            .flat_map(|d| d.facets[f].iter().map(|v| &**v))
            .collect();
        values.sort_unstable();
        values.dedup();
        if *key == "year" {
            values.reverse();
        }
        let ids: BTreeMap<&str, usize> = values.iter().enumerate().map(|(i, v)| (*v, i)).collect();
        let w = width(values.len());
        let mut col = String::with_capacity(docs.len() * (w + 1));
        for (i, d) in docs.iter().enumerate() {
            if i > 0 {
                col.push(',');
            }
            let mut own: Vec<usize> = d.facets[f].iter().map(|v| ids[&**v]).collect();
            own.sort_unstable();
            own.dedup();
            for id in own {
                push_id(&mut col, id, w);
            }
        }
        let deferred = values.len() > EAGER_FACET_VALUES;
        facets.push(
            json!({"key": key, "title": title, "width": w, "values": values, "lazy": deferred}),
        );
        if deferred {
            lazy.push(((*key).to_owned(), col));
            cols.push(Value::Null);
        } else {
            cols.push(Value::String(col));
        }
    }
    json!({"facets": facets, "cols": cols})
}

/// A document's card as the browser reads it: `[type, URL, title, summary, date]`.
fn card_json(d: &Doc) -> String {
    json!([d.kind.to_string(), d.url, d.title, d.summary, d.date_text]).to_string()
}

/// The common terms a query word equal to them does not resolve to alone: a form of another
/// lemma of the site («стали» of «сталь» and «стать»), or a stem that is no word (`стал`).
/// The browser fetches the postings of any other common term typed as it is at once, without
/// reading its shard first (see `Index.terms` in `search.js`).
fn indirect_terms<'a>(index: &'a Index, common: &[&'a str]) -> Vec<&'a str> {
    use std::collections::{BTreeSet, HashMap};
    let set: BTreeSet<&str> = common.iter().copied().collect();
    let mut owners: HashMap<&str, Vec<&str>> = HashMap::new();
    for (lemma, forms) in &index.forms {
        if set.contains(lemma.as_str()) {
            owners.entry(lemma).or_default().push(lemma);
        }
        for form in forms {
            if set.contains(form.as_str()) {
                owners.entry(form).or_default().push(lemma);
            }
        }
    }
    common
        .iter()
        .copied()
        .filter(|t| match owners.get(t) {
            Some(lemmas) => lemmas.as_slice() != [*t],
            None => super::stem::stem_normalized(t) != *t,
        })
        .collect()
}

/// The postings file of a common term: its postings, the cards of its best documents, each
/// card behind its document id (`[id, type, URL, …]`), and for a lemma its forms (front-coded,
/// see [`encode_forms`]), so that the highlighter knows them without the lemma's shard.
fn common_term_json(postings: &[Posting], cards: &[String], forms: Option<&str>) -> String {
    let mut out = String::from("{\"p\":");
    out.push_str(&encode_postings(postings));
    if let Some(forms) = forms {
        out.push_str(",\"f\":");
        out.push_str(&Value::String(forms.to_owned()).to_string());
    }
    out.push_str(",\"c\":");
    push_cards(&mut out, champions(postings, CHAMPION_CARDS), cards);
    out.push('}');
    out
}

/// The cards of documents `ids` as a JSON array, each card behind its document id
/// (`[[id, type, URL, …], …]`).
fn push_cards(out: &mut String, ids: impl IntoIterator<Item = u32>, cards: &[String]) {
    out.push('[');
    for (i, id) in ids.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_decimal(out, id);
        out.push(',');
        // The card without its opening bracket.
        out.push_str(&cards[id as usize][1..]);
    }
    out.push(']');
}

/// The ids of the `k` best postings, by weight and then id (newest first), in that order.
/// Weights are small integers: a count per weight, then one pass per weight from the heaviest
/// down until `k` are taken (usually one or two), instead of sorting thousands of postings per
/// term.
fn champions(postings: &[Posting], k: usize) -> Vec<u32> {
    let mut per_weight = [0usize; 256];
    for &(_, w) in postings {
        per_weight[usize::from(w)] += 1;
    }
    let mut out = Vec::with_capacity(k.min(postings.len()));
    let mut taken = 0;
    for w in (0..=255u8).rev() {
        if taken >= k {
            break;
        }
        let n = per_weight[usize::from(w)];
        if n == 0 {
            continue;
        }
        let room = k - taken;
        out.extend(postings.iter().filter(|p| p.1 == w).take(room).map(|p| p.0));
        taken += n.min(room);
    }
    out
}

/// Each document's score for a synonym group's clause when phrase `typed` of the group is the
/// one in the query, -1 where no phrase of the group is found: for each phrase (weight 1 for
/// the one typed, [`SYNONYM_WEIGHT`] for the others), a one-word phrase scores its best term, a
/// longer one the sum of its words where all of them are found (each word by its first term
/// found), and the clause takes the best phrase. This is `evaluate` in `search.js`, operation
/// for operation, so the browser gets the same numbers it would compute from the postings.
fn synonym_clause_scores(
    index: &Index,
    group: &[super::synonyms::Phrase],
    typed: usize,
) -> Vec<f64> {
    use super::index::{WEIGHT_SCALE, idf};
    let docs = index.docs;
    let mut best = vec![-1.0f64; docs];
    let mut score = vec![0.0f64; docs];
    let mut found = vec![0usize; docs];
    for (a, phrase) in group.iter().enumerate() {
        let weight = if a == typed { 1.0 } else { SYNONYM_WEIGHT };
        let factor = |postings: &[Posting]| idf(docs, postings.len()) * weight / WEIGHT_SCALE;
        if let [word] = phrase.as_slice() {
            for postings in word.iter().filter_map(|t| index.terms.get(t)) {
                let w = factor(postings);
                for &(id, q) in postings {
                    let s = w * f64::from(q);
                    if s > best[id as usize] {
                        best[id as usize] = s;
                    }
                }
            }
            continue;
        }
        score.fill(0.0);
        found.fill(0);
        let mut complete = !phrase.is_empty();
        for (s, word) in phrase.iter().enumerate() {
            let mut any = false;
            for postings in word.iter().filter_map(|t| index.terms.get(t)) {
                any = true;
                let w = factor(postings);
                for &(id, q) in postings {
                    let id = id as usize;
                    if found[id] == s {
                        found[id] = s + 1;
                        score[id] += w * f64::from(q);
                    }
                }
            }
            if !any {
                complete = false;
                break;
            }
        }
        if complete {
            for d in 0..docs {
                if found[d] == phrase.len() && score[d] > best[d] {
                    best[d] = score[d];
                }
            }
        }
    }
    best
}

/// The file of a synonym group's clause: `{"v": scores, "p": postings, "c": cards}`, the
/// distinct scores (best first), the documents with their score as an index into `v` (delta
/// encoded as other postings), and the cards of the [`CHAMPION_CARDS`] best (ties: newest).
/// Why: a clause of a group stands for every word of every phrase of the group, and its
/// words are among the commonest of the site («молодой педагог» brings «молодой», «педагог»,
/// «специалист», «начинающий», 37 KB gzip of postings at 10,000 practices), while the clause
/// needs only each document's best score, one list of 8–14 KB. Scores are written exactly
/// (shortest round-trip decimals), so ranking is unchanged.
fn synonym_clause_json(scores: &[f64], cards: &[String], forms: &str) -> String {
    let mut values: Vec<f64> = scores.iter().copied().filter(|&s| s >= 0.0).collect();
    values.sort_unstable_by(|a, b| b.total_cmp(a));
    values.dedup();
    let rank = |s: f64| {
        values
            .binary_search_by(|v| s.total_cmp(v))
            .expect("every score is among the values") as u32
    };
    let mut out = String::from("{\"v\":");
    out.push_str(&json!(values).to_string());
    out.push_str(",\"p\":[");
    let mut prev = 0u32;
    let mut ranked: Vec<(u32, u32)> = Vec::new();
    for (id, &s) in scores.iter().enumerate() {
        if s < 0.0 {
            continue;
        }
        let (id, r) = (id as u32, rank(s));
        if !ranked.is_empty() {
            out.push(',');
        }
        push_decimal(&mut out, id - prev);
        out.push(',');
        push_decimal(&mut out, r);
        prev = id;
        ranked.push((r, id));
    }
    out.push_str("],\"c\":");
    ranked.sort_unstable();
    push_cards(
        &mut out,
        ranked.iter().take(CHAMPION_CARDS).map(|&(_, id)| id),
        cards,
    );
    out.push_str(",\"f\":");
    out.push_str(forms);
    out.push('}');
    out
}

/// The forms of every lemma of a synonym group, `{lemma: forms}` as in a shard: the browser
/// reads a group's clause from its `s/` file instead of its words' shards and postings, and the
/// highlighter still needs to know that «детском саду» are forms of «детский сад».
fn group_forms_json(index: &Index, group: &[super::synonyms::Phrase]) -> String {
    let lemmas: std::collections::BTreeSet<&str> = group
        .iter()
        .flatten()
        .flatten()
        .map(String::as_str)
        .filter(|t| index.forms.contains_key(*t))
        .collect();
    let mut out = String::from("{");
    for (i, lemma) in lemmas.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let forms: Vec<&str> = index.forms[*lemma].iter().map(String::as_str).collect();
        out.push_str(&Value::String((*lemma).to_owned()).to_string());
        out.push(':');
        out.push_str(&Value::String(encode_forms(lemma, &forms)).to_string());
    }
    out.push('}');
    out
}

/// A list of forms, front-coded: each form is written as the number of leading characters it
/// shares with the one before (the lemma, for the first) and the rest, separated by spaces
/// («лицей» with «лицее лицеем лицеи» gives «4е 5м 4и»). The browser decodes it in
/// `search.js` (`decodeForms`). Forms are sorted, so neighbours share most of their letters.
pub fn encode_forms(lemma: &str, forms: &[&str]) -> String {
    let mut out = String::new();
    let mut prev: &str = lemma;
    for (i, form) in forms.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let shared = prev
            .chars()
            .zip(form.chars())
            .take_while(|(a, b)| a == b)
            .count();
        if shared > 0 {
            push_decimal(&mut out, shared as u32);
        }
        out.extend(form.chars().skip(shared));
        prev = form;
    }
    out
}

/// One shard file: `{"t": {term: postings or count}, "f": {lemma: forms}}`, where `f` lists,
/// for each lemma of the site, its forms in this shard (by their own first letters), and for
/// a lemma of this shard all of its forms (so the highlighter knows them all once it has the
/// lemma's shard).
#[derive(Default)]
struct Shard<'a> {
    terms: Vec<(&'a str, String)>,
    forms: BTreeMap<&'a str, Vec<&'a str>>,
}

/// All index files as (path below `search/`, bytes).
pub fn files(
    docs: &[Doc],
    index: &Index,
    synonyms: &[Vec<super::synonyms::Phrase>],
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    files_to(docs, index, synonyms, &mut |path, bytes| {
        files.push((path, bytes))
    });
    files
}

/// All index files, each handed to `sink` (path below `search/`, bytes) as soon as it is made,
/// in the order of [`files`]: a build writes and frees each at once instead of holding the
/// whole index.
pub fn files_to(
    docs: &[Doc],
    index: &Index,
    synonyms: &[Vec<super::synonyms::Phrase>],
    sink: &mut dyn FnMut(String, Vec<u8>),
) {
    let cards: Vec<String> = docs.iter().map(card_json).collect();
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    let mut common: Vec<&str> = Vec::new();
    for (term, postings) in &index.terms {
        let entry = if postings.len() > INLINE_POSTINGS {
            common.push(term);
            let forms = index.forms.get(term).map(|f| {
                let f: Vec<&str> = f.iter().map(String::as_str).collect();
                encode_forms(term, &f)
            });
            sink(
                format!("p/{}.json", term_key(term)),
                common_term_json(postings, &cards, forms.as_deref()).into_bytes(),
            );
            postings.len().to_string()
        } else {
            encode_postings(postings)
        };
        shards
            .entry(shard_key(term))
            .or_default()
            .terms
            .push((term.as_str(), entry));
    }
    for (lemma, forms) in &index.forms {
        let own = shard_key(lemma);
        shards
            .entry(own.clone())
            .or_default()
            .forms
            .insert(lemma, forms.iter().map(String::as_str).collect());
        // Most forms start as their lemma does: only the others need a key of their own (a
        // site has hundreds of thousands of forms).
        let head = |w: &'_ str| -> [Option<char>; PREFIX_CHARS] {
            let mut chars = w.chars();
            std::array::from_fn(|_| chars.next())
        };
        let own_head = head(lemma);
        for form in forms {
            if head(form) == own_head {
                continue;
            }
            let key = shard_key(form);
            if key != own {
                shards
                    .entry(key)
                    .or_default()
                    .forms
                    .entry(lemma)
                    .or_default()
                    .push(form);
            }
        }
    }
    let indirect = indirect_terms(index, &common);
    let keys: Vec<&String> = shards.keys().collect();
    let meta = json!({
        "version": 1,
        "docs": index.docs,
        "prefix": PREFIX_CHARS,
        "per_shard": DOCS_PER_SHARD,
        "scale": super::index::WEIGHT_SCALE,
        "stop": STOP_WORDS,
        "synonyms": synonyms,
        "synonym_files": true,
        "shards": keys,
        "common": common,
        "indirect": indirect,
        "facet_keys": FACETS.iter().map(|(key, _)| *key).collect::<Vec<_>>(),
    });
    sink("meta.json".into(), meta.to_string().into_bytes());
    for (key, shard) in &shards {
        let mut text = String::from("{\"t\":{");
        for (i, (term, entry)) in shard.terms.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&Value::String((*term).to_owned()).to_string());
            text.push(':');
            text.push_str(entry);
        }
        text.push_str("},\"f\":{");
        for (i, (lemma, forms)) in shard.forms.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&Value::String((*lemma).to_owned()).to_string());
            text.push(':');
            text.push_str(&Value::String(encode_forms(lemma, forms)).to_string());
        }
        text.push_str("}}");
        sink(format!("t/{key}.json"), text.into_bytes());
    }
    let mut lazy = Vec::new();
    sink(
        "facets.json".into(),
        facets_json(docs, &mut lazy).to_string().into_bytes(),
    );
    for (key, col) in lazy {
        sink(
            format!("f/{key}.json"),
            Value::String(col).to_string().into_bytes(),
        );
    }
    for (g, group) in synonyms.iter().enumerate() {
        let forms = group_forms_json(index, group);
        for typed in 0..group.len() {
            let scores = synonym_clause_scores(index, group, typed);
            sink(
                format!("s/{g}-{typed}.json"),
                synonym_clause_json(&scores, &cards, &forms).into_bytes(),
            );
        }
    }
    for (n, chunk) in cards.chunks(DOCS_PER_SHARD).enumerate() {
        sink(
            format!("d/{n}.json"),
            format!("[{}]", chunk.join(",")).into_bytes(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{Doc, build};

    fn doc(title: &str, facets: Vec<Vec<&str>>) -> Doc<'static> {
        Doc {
            kind: 'p',
            url: format!("/p/{title}/"),
            title: title.into(),
            summary: String::new(),
            date_text: String::new(),
            date: None,
            fields: [title.to_owned().into(), "".into(), "".into()],
            body: "".into(),
            facets: facets
                .into_iter()
                .map(|v| v.into_iter().map(|s| s.to_owned().into()).collect())
                .collect(),
        }
    }

    /// The browser's `decodeForms`.
    fn decode(lemma: &str, coded: &str) -> Vec<String> {
        let mut prev: String = lemma.to_owned();
        let mut out = Vec::new();
        for token in coded.split(' ').filter(|t| !t.is_empty()) {
            let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
            let shared: usize = digits.parse().unwrap_or(0);
            let form: String = prev
                .chars()
                .take(shared)
                .chain(token.chars().skip(digits.len()))
                .collect();
            out.push(form.clone());
            prev = form;
        }
        out
    }

    #[test]
    fn forms_are_front_coded() {
        let forms = ["лиц", "лицам", "лицами", "лицо"];
        assert_eq!(decode("лицо", &encode_forms("лицо", &forms)), forms);
        assert_eq!(
            encode_forms("лицей", &["лицее", "лицеем", "лицеи"]),
            "4е 5м 4и"
        );
        assert_eq!(encode_forms("ребенок", &["дети", "детьми"]), "дети 3ьми");
        assert_eq!(encode_forms("а", &[]), "");
    }

    #[test]
    fn a_form_in_another_shard_is_listed_there_too() {
        let mut docs = vec![doc("ребёнок", vec![vec![]; FACETS.len()])];
        let index = build(&mut docs);
        let files = files(&docs, &index, &[]);
        let get = |name: &str| {
            files
                .iter()
                .find(|(p, _)| p == name)
                .map(|(_, b)| serde_json::from_slice::<Value>(b).unwrap())
                .unwrap_or_else(|| panic!("{name} missing"))
        };
        let own = get(&format!("t/{}.json", shard_key("ребенок")));
        assert!(own["t"]["ребенок"].is_array());
        let all = decode("ребенок", own["f"]["ребенок"].as_str().unwrap());
        assert!(all.contains(&"дети".to_owned()) && all.contains(&"ребенка".to_owned()));
        let other = get(&format!("t/{}.json", shard_key("дети")));
        let there = decode("ребенок", other["f"]["ребенок"].as_str().unwrap());
        assert!(there.contains(&"детьми".to_owned()), "{there:?}");
        assert!(there.iter().all(|f| f.starts_with("де")), "{there:?}");
        let meta = get("meta.json");
        assert!(
            meta["shards"]
                .as_array()
                .unwrap()
                .contains(&json!(shard_key("дети")))
        );
    }

    #[test]
    fn keys_are_ascii_code_points() {
        assert_eq!(shard_key("молод"), "43c-43e");
        assert_eq!(shard_key("4"), "34");
        assert_eq!(term_key("доу"), "434-43e-443");
    }

    #[test]
    fn postings_round_trip_through_deltas() {
        let postings = vec![(3, 40), (4, 100), (90, 1)];
        let text = encode_postings(&postings);
        assert_eq!(text, "[3,40,1,100,86,1]");
        assert_eq!(
            encode_postings(&[(0, 0), (4_294_967_295, 255)]),
            "[0,0,4294967295,255]"
        );
        let values: Vec<u64> = serde_json::from_str(&text).unwrap();
        assert_eq!(decode_postings(&values), postings);
    }

    #[test]
    fn common_terms_move_out_of_their_shard() {
        let mut docs: Vec<Doc> = (0..INLINE_POSTINGS + 1)
            .map(|i| {
                let title = if i == 0 {
                    "школа редкость".to_string()
                } else {
                    "школа".to_string()
                };
                doc(&title, vec![vec![]; FACETS.len()])
            })
            .collect();
        let index = build(&mut docs);
        let files = files(&docs, &index, &[]);
        let get = |name: &str| {
            files
                .iter()
                .find(|(p, _)| p == name)
                .map(|(_, b)| serde_json::from_slice::<Value>(b).unwrap())
                .unwrap_or_else(|| panic!("{name} missing"))
        };
        let shard = get(&format!("t/{}.json", shard_key("школа")));
        assert_eq!(shard["t"]["школа"], json!(INLINE_POSTINGS + 1));
        // The lemma's forms are in its shard and in its postings file.
        let forms = shard["f"]["школа"].as_str().unwrap();
        assert!(
            decode("школа", forms).contains(&"школами".to_owned()),
            "{forms}"
        );
        let own = get(&format!("p/{}.json", term_key("школа")));
        assert_eq!(own["f"].as_str(), Some(forms));
        assert_eq!(
            own["p"].as_array().unwrap().len(),
            2 * (INLINE_POSTINGS + 1)
        );
        // The cards of its best documents come with it: the shortest title first (document 0,
        // with two words, weighs least), then the newest (lowest id) of the equal ones.
        let champions = own["c"].as_array().unwrap();
        assert_eq!(champions.len(), CHAMPION_CARDS);
        let ids: Vec<u64> = champions.iter().map(|c| c[0].as_u64().unwrap()).collect();
        assert_eq!(ids, (1..=CHAMPION_CARDS as u64).collect::<Vec<_>>());
        assert_eq!(champions[0], json!([1, "p", "/p/школа/", "школа", "", ""]));
        let rare = get(&format!("t/{}.json", shard_key("редкость")));
        assert_eq!(rare["t"]["редкость"].as_array().unwrap()[0], json!(0));
        let meta = get("meta.json");
        assert_eq!(meta["docs"], json!(INLINE_POSTINGS + 1));
        // The common term is announced; the rare one is not.
        assert_eq!(meta["common"], json!(["школа"]));
        // «школа» typed as it is is the lemma alone: no need to read its shard first.
        assert_eq!(meta["indirect"], json!([]));
        assert_eq!(
            meta["facet_keys"],
            json!(["type", "org", "level", "form", "kind", "topic", "year"])
        );
        let cards = get("d/0.json");
        assert_eq!(cards.as_array().unwrap().len(), DOCS_PER_SHARD);
        assert_eq!(
            cards[0],
            json!(["p", "/p/школа редкость/", "школа редкость", "", ""])
        );
    }

    #[test]
    fn facet_columns_hold_value_ids_per_document() {
        let mut a = vec![vec![]; FACETS.len()];
        a[3] = vec!["Б", "А"];
        a[6] = vec!["2022"];
        let mut b = vec![vec![]; FACETS.len()];
        b[6] = vec!["2023"];
        let docs = vec![doc("а", a), doc("б", b)];
        let mut lazy = Vec::new();
        let value = facets_json(&docs, &mut lazy);
        assert!(lazy.is_empty());
        assert_eq!(value["facets"][3]["values"], json!(["А", "Б"]));
        assert_eq!(value["cols"][3], json!("01,"));
        // Years newest first.
        assert_eq!(value["facets"][6]["values"], json!(["2023", "2022"]));
        assert_eq!(value["cols"][6], json!("1,0"));
    }

    #[test]
    fn facets_with_many_values_get_their_own_file() {
        let docs: Vec<Doc> = (0..=EAGER_FACET_VALUES)
            .map(|i| {
                let mut f = vec![vec![]; FACETS.len()];
                f[5] = vec![format!("тема {i:02}").into()];
                let mut d = doc("а", vec![]);
                d.facets = f;
                d
            })
            .collect();
        let mut lazy = Vec::new();
        let value = facets_json(&docs, &mut lazy);
        assert_eq!(value["facets"][5]["lazy"], json!(true));
        assert_eq!(value["cols"][5], Value::Null);
        assert_eq!(lazy.len(), 1);
        assert_eq!(lazy[0].0, "topic");
        assert!(lazy[0].1.starts_with("0,1,2,"));
    }

    #[test]
    fn champions_are_the_heaviest_postings_newest_first() {
        let postings = [(0, 3), (2, 9), (5, 3), (7, 9), (8, 1), (9, 3)];
        assert_eq!(champions(&postings, 3), vec![2, 7, 0]);
        assert_eq!(champions(&postings, 4), vec![2, 7, 0, 5]);
        assert_eq!(champions(&postings, 10), vec![2, 7, 0, 5, 9, 8]);
        assert_eq!(champions(&postings, 0), Vec::<u32>::new());
    }

    #[test]
    fn a_synonym_clause_file_lists_each_document_once_with_its_best_phrase() {
        let d = |title: &str| doc(title, vec![vec![]; FACETS.len()]);
        let mut docs = vec![
            d("молодой педагог"),
            d("молодой специалист"),
            d("начинающий педагог"),
            d("молодой"),
        ];
        let index = build(&mut docs);
        let group = super::super::synonyms::stemmed(
            &[vec!["молодой педагог".into(), "молодой специалист".into()]],
            &[],
        );
        let scores = synonym_clause_scores(&index, &group[0], 0);
        let other = synonym_clause_scores(&index, &group[0], 1);
        // The phrase typed weighs 1, the other one SYNONYM_WEIGHT; a document with only some
        // words of a phrase has no score.
        assert!(
            (scores[1] / other[1] - SYNONYM_WEIGHT).abs() < 1e-12,
            "{scores:?}"
        );
        assert!(
            (other[0] / scores[0] - SYNONYM_WEIGHT).abs() < 1e-12,
            "{other:?}"
        );
        assert_eq!((scores[2], scores[3]), (-1.0, -1.0));
        // «специалист» is rarer than «педагог», so the second document scores higher.
        assert!(scores[1] > scores[0], "{scores:?}");
        let cards: Vec<String> = docs.iter().map(card_json).collect();
        let file: Value =
            serde_json::from_str(&synonym_clause_json(&scores, &cards, "{}")).unwrap();
        assert_eq!(file["v"], json!([scores[1], scores[0]]));
        assert_eq!(file["p"], json!([0, 1, 1, 0]));
        assert_eq!(file["c"][0][0], json!(1));
        assert_eq!(file["c"][0][3], json!("молодой специалист"));
        assert_eq!(file["c"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn wide_facets_use_two_digits() {
        let mut s = String::new();
        push_id(&mut s, 65, 2);
        assert_eq!(s, "11");
        assert_eq!(width(64), 1);
        assert_eq!(width(65), 2);
    }
}
