//! The search documents and the inverted index with precomputed BM25F weights.
//!
//! Every published practice, event and order becomes one [`Doc`]. Document ids are given in
//! newest-first order, so the browser sorts by «newest» and breaks relevance ties by date by
//! comparing ids, with no dates to download.
//!
//! Scores are computed here rather than in the browser: each posting carries the
//! field-weighted, length-normalised term-frequency part of BM25F (`tf / (k1 + tf)`, as a
//! multiple of 1/20), and the browser only multiplies it by the term's IDF, which it derives from the
//! posting count. The browser thus needs no field lengths or per-field postings, which keeps
//! the postings to two small numbers each.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::content::model::{Kind, Page, PageId, Site};
use crate::ru::typography::typograph;
use crate::urls::Urls;

use super::{morph, stem};

/// Fields of a document, in the order of [`FIELD_WEIGHTS`].
pub const FIELD_TITLE: usize = 0;
pub const FIELD_SUMMARY: usize = 1;
pub const FIELD_META: usize = 2;
pub const FIELD_BODY: usize = 3;

/// Title above summary above the descriptive fields (organizations, authors, topics, forms,
/// kinds) above body: a word in the title says what a practice is about, a word in the body
/// may be in passing.
pub const FIELD_WEIGHTS: [f64; 4] = [5.0, 2.5, 1.5, 1.0];

/// BM25's usual constants: `K1` saturates repeated words, `B` normalises by field length.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Postings store the BM25F term-frequency part (0..1) in steps of 1/`WEIGHT_SCALE`: finer steps
/// change no ranking a reader would notice and cost a quarter more bytes on the commonest words.
pub const WEIGHT_SCALE: f64 = 20.0;

/// Words too common to help: they are left out of the index (and of queries, by the browser,
/// which reads this list from `meta.json`). Normalised forms, not stems.
pub const STOP_WORDS: &[&str] = &[
    "и", "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "обо", "от", "до", "для", "из",
    "за", "не", "ни", "а", "но", "или", "что", "как", "это", "при", "у", "же", "ли", "бы", "то",
];

/// [`STOP_WORDS`] as integers (see [`word_key`]): the list is checked for most words of every
/// document, and comparing one integer per stop word is cheaper than comparing strings.
const STOP_KEYS: [u64; STOP_WORDS.len()] = {
    let mut keys = [0u64; STOP_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = word_key(STOP_WORDS[i]);
        i += 1;
    }
    keys
};

/// A word of at most eight bytes as one integer (its bytes, the first lowest); UTF-8 text has
/// no zero bytes, so two such words have the same key only if they are the same word.
const fn word_key(w: &str) -> u64 {
    let bytes = w.as_bytes();
    assert!(bytes.len() <= 8);
    let mut key = 0u64;
    let mut i = 0;
    while i < bytes.len() {
        key |= (bytes[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// The facets of the search page: URL parameter and Russian title.
pub const FACETS: &[(&str, &str)] = &[
    ("type", "Раздел"),
    ("org", "Организация"),
    ("level", "Уровень"),
    ("form", "Форма"),
    ("kind", "Вид"),
    ("topic", "Тема"),
    ("year", "Год"),
];

/// The three result types and their labels in facet and card.
pub const TYPE_PRACTICE: &str = "Практики";
pub const TYPE_EVENT: &str = "Мероприятия";
pub const TYPE_ORDER: &str = "Документы";
pub const TYPE_MENTOR: &str = "Наставники";

/// One searchable page.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// `p`, `e` or `o`, for the card's look.
    pub kind: char,
    pub url: String,
    pub title: String,
    pub summary: String,
    /// The date line of the card («12 сентября 2023 г.»), may be empty.
    pub date_text: String,
    pub date: Option<Date>,
    /// The title, summary and meta fields ([`FIELD_TITLE`]…), plain text.
    pub fields: [Cow<'a, str>; 3],
    /// The body field ([`FIELD_BODY`]): the page's rendered HTML, shared rather than copied into
    /// text (a large site's bodies are most of its size). [`build`] lets go of it once it is
    /// counted: in a build the index may be a body's last reader (see `render/bodies.rs`).
    pub body: Arc<str>,
    /// Values of each facet of [`FACETS`].
    /// (Borrowed from the model where they are its values: at 10,000/5,000 cloned values were
    /// about a third of the documents' memory, held while the index is made.)
    pub facets: Vec<Vec<Cow<'a, str>>>,
}

/// Turns rendered HTML into text: tags and character references become spaces. The tokenizer
/// splits on anything that is not a letter or digit, so «&nbsp;» must not survive as «nbsp».
///
/// The index reads HTML with `stem::for_each_html_word`, which gives the same words without
/// building the text; this is its specification, held to it by the tests.
#[cfg(test)]
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut in_entity = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if in_tag => {}
            '&' => in_entity = true,
            ';' if in_entity => {
                in_entity = false;
                out.push(' ');
            }
            c if in_entity && (c.is_ascii_alphanumeric() || c == '#') => {}
            c => {
                if in_entity {
                    in_entity = false;
                    out.push(' ');
                }
                out.push(c);
            }
        }
    }
    out
}

fn org_names<'a>(site: &'a Site, ids: &[String]) -> (Vec<Cow<'a, str>>, String) {
    let mut shorts = Vec::new();
    let mut text = String::new();
    for id in ids {
        if let Some(o) = site.organization(id) {
            shorts.push(o.short.as_str().into());
            text.push_str(&o.name);
            text.push(' ');
            text.push_str(&o.short);
            text.push(' ');
        }
    }
    (shorts, text)
}

/// The documents of the site, drafts excluded, in id (newest-first) order. `bodies` are the
/// pages' rendered bodies by page id (the model's, or the ones a build hands out once).
pub fn documents<'a>(site: &'a Site, u: &Urls, bodies: &[Arc<str>]) -> Vec<Doc<'a>> {
    let ids: Vec<PageId> = site
        .practices
        .iter()
        .chain(&site.events)
        .chain(&site.orders)
        .chain(&site.mentors)
        .copied()
        .collect();
    let mut docs: Vec<Doc> = ids
        .par_iter()
        .map(|&id| (&site.pages[id], &bodies[id]))
        .filter(|(p, _)| !p.draft)
        .filter_map(|(p, body)| document(site, u, p, body))
        .collect();
    // Stable: pages of one date keep the order of their lists.
    docs.sort_by_key(|d| std::cmp::Reverse(d.date));
    docs
}

fn document<'a>(site: &'a Site, u: &Urls, page: &'a Page, body: &Arc<str>) -> Option<Doc<'a>> {
    let borrowed = |values: &'a [String]| -> Vec<Cow<'a, str>> {
        values.iter().map(|v| v.as_str().into()).collect()
    };
    let mut facets = vec![Vec::new(); FACETS.len()];
    let mut meta = String::new();
    // An event's card line is its own Russian date text («февраль–март 2024 г.»), never a
    // first day the editor did not write.
    let mut event_when = None;
    let (kind, date, orgs) = match &page.kind {
        Kind::Practice(p) => {
            facets[0].push(TYPE_PRACTICE.into());
            facets[2] = borrowed(&p.levels);
            facets[3] = borrowed(&p.forms);
            facets[4] = borrowed(&p.kinds);
            facets[5] = borrowed(&p.topics);
            facets[6] = p.year.iter().map(|y| y.as_str().into()).collect();
            for part in p
                .authors
                .iter()
                .chain(&p.levels)
                .chain(&p.forms)
                .chain(&p.kinds)
                .chain(&p.topics)
                .chain(p.year.iter())
                .chain(p.audience.iter())
                .chain(p.recognition.iter())
            {
                meta.push_str(part);
                meta.push(' ');
            }
            ('p', p.date, &p.organizations)
        }
        Kind::Event(e) => {
            facets[0].push(TYPE_EVENT.into());
            let day = e.when.first_day();
            facets[6].push(day.year().to_string().into());
            for part in e
                .format
                .iter()
                .chain(e.series.iter())
                .chain(&e.responsible)
                .chain(e.location.iter())
                .chain(e.audience.iter())
            {
                meta.push_str(part);
                meta.push(' ');
            }
            event_when = Some(crate::when::format_event_when(&e.when, e.repeat.as_ref()));
            ('e', Some(day), &e.organizations)
        }
        Kind::Order(o) => {
            facets[0].push(TYPE_ORDER.into());
            facets[2] = o.level.iter().map(|l| l.name().into()).collect();
            if let Some(d) = o.date {
                facets[6].push(d.year().to_string().into());
            }
            let named = [o.kind.map(|k| k.name()), o.level.map(|l| l.name())];
            for part in o
                .number
                .iter()
                .map(String::as_str)
                .chain(o.issuer.as_deref())
                .chain(named.into_iter().flatten())
            {
                meta.push_str(part);
                meta.push(' ');
            }
            ('o', o.date, &o.organizations)
        }
        Kind::Mentor(m) => {
            // Only what the mentor consented to: unconsented fields are empty in the model.
            facets[0].push(TYPE_MENTOR.into());
            facets[2] = borrowed(&m.levels);
            facets[3] = borrowed(&m.forms);
            facets[5] = borrowed(&m.topics);
            for part in m
                .subjects
                .iter()
                .chain(&m.levels)
                .chain(&m.forms)
                .chain(&m.topics)
                .chain(m.category.iter())
                .chain(&m.awards)
            {
                meta.push_str(part);
                meta.push(' ');
            }
            ('m', None, &m.organizations)
        }
        Kind::Roadmap(_) | Kind::Contest(_) | Kind::Plain => return None,
    };
    let (shorts, org_text) = org_names(site, orgs);
    facets[1] = shorts;
    meta.push_str(&org_text);
    // A mentor's card line is the position (when consented).
    let summary = match &page.kind {
        Kind::Mentor(m) => m.position.as_deref(),
        _ => page.summary.as_deref(),
    }
    .unwrap_or_default();
    let date_text =
        event_when.unwrap_or_else(|| date.map(crate::ru::dates::format_date).unwrap_or_default());
    Some(Doc {
        kind,
        url: u.path(&page.path),
        title: typograph(&page.title),
        summary: typograph(summary),
        date_text,
        date,
        fields: [page.title.as_str().into(), summary.into(), meta.into()],
        body: body.clone(),
        facets,
    })
}

/// One posting: a document id and its BM25F term-frequency part in 1/[`WEIGHT_SCALE`] steps.
pub type Posting = (u32, u8);

/// The inverted index: term → postings in ascending id order, and the lemmas among the terms.
#[derive(Debug, Default)]
pub struct Index {
    pub docs: usize,
    /// Lemmas and Snowball stems (see `morph::terms`) with their postings.
    pub terms: BTreeMap<String, Vec<Posting>>,
    /// Each term that is a dictionary lemma, with its forms other than itself (folded, sorted):
    /// the browser finds a lemma from any of its forms through them.
    pub forms: BTreeMap<String, Vec<String>>,
}

/// Calls `f` with every indexed word of field `field` of `doc`, normalised, stop words left
/// out. The body is rendered HTML, read as [`html_to_text`] would turn it into text; the other
/// fields are plain text. `buf` holds a word that normalising changed.
#[inline]
fn for_each_word(doc: &Doc, field: usize, buf: &mut String, mut f: impl FnMut(&str)) {
    let word = |w: &str| {
        // Every stop word is at most three two-byte letters: most words skip the list.
        if w.len() <= 6 && STOP_KEYS.contains(&word_key(w)) {
            return;
        }
        f(w);
    };
    let text: &str = if field == FIELD_BODY {
        &doc.body
    } else {
        &doc.fields[field]
    };
    if field == FIELD_BODY {
        stem::for_each_word::<true>(text, buf, word);
    } else {
        stem::for_each_word::<false>(text, buf, word);
    }
}

/// Documents counted in parallel between two merges: enough to keep both cores busy, few
/// enough that the words they are the first to use stay few. The counted chunk is held whole
/// until its merge: 1,024 documents made it a tenth of a 1,000/1,000 build's peak; 256 took
/// 4 MB off that peak and a quarter off the index's time there (a tenth at 10,000/5,000); 128
/// gave the same (docs/benchmarks.md, fifth pass).
const CHUNK: usize = 256;

/// One document as counted: field lengths, counts of the terms already known (by id), and
/// counts of the words not yet known, which the merge looks up and adds to the vocabulary.
/// Counts are kept as the postings keep them, saturated to `u16` (a chunk's counted documents
/// are held together until the merge, and a fifth of them is counts): the merge adds them
/// saturating, which gives what saturating their sum would.
type Counted = ([u32; 4], Vec<(u32, [u16; 4])>, Vec<(Box<str>, [u16; 4])>);

/// Counts of one term's words in the four fields, as postings keep them.
fn saturate(counts: [u32; 4]) -> [u16; 4] {
    counts.map(|n| u16::try_from(n).unwrap_or(u16::MAX))
}

/// One term's postings while the index is counted, before their weights can be worked out.
///
/// Each posting is LEB128 numbers: the document id's distance from the previous posting's,
/// shifted left by four with a bit for each field the term occurs in, then the count in each
/// of those fields. At 10,000/5,000 the 3.1 million postings held as `(u32, [u16; 4])` took
/// 54 MB with the lists' spare capacity, an eighth of the build's peak. Written like this, a
/// posting is mostly two or three bytes: distances are short for the common terms that make
/// most postings, and a term is usually in one or two of the four fields.
#[derive(Default)]
struct RawPostings {
    bytes: Vec<u8>,
    last: u32,
    count: u32,
}

impl RawPostings {
    /// Adds the posting of document `id`, which is above every id already added.
    fn push(&mut self, id: u32, tf: [u16; 4]) {
        let mask = (0..4).filter(|&f| tf[f] > 0).fold(0, |m, f| m | 1 << f);
        put_leb128(&mut self.bytes, u64::from(id - self.last) << 4 | mask);
        for n in tf.into_iter().filter(|&n| n > 0) {
            put_leb128(&mut self.bytes, u64::from(n));
        }
        self.last = id;
        self.count += 1;
    }

    /// The postings in the order they were added.
    fn iter(&self) -> impl Iterator<Item = (u32, [u16; 4])> + '_ {
        let mut at = 0;
        let mut id = 0u32;
        (0..self.count).map(move |_| {
            let head = take_leb128(&self.bytes, &mut at);
            id += (head >> 4) as u32;
            let mut tf = [0u16; 4];
            for (f, n) in tf.iter_mut().enumerate() {
                if head & 1 << f != 0 {
                    *n = take_leb128(&self.bytes, &mut at) as u16;
                }
            }
            (id, tf)
        })
    }
}

/// Appends `n` in LEB128: seven bits a byte, low bits first, the high bit set on all but the
/// last. (A dozen lines; the crates that do it bring traits for streams this does not need.)
fn put_leb128(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads the LEB128 number at `*at` and moves `*at` past it.
fn take_leb128(bytes: &[u8], at: &mut usize) -> u64 {
    let mut n = 0u64;
    let mut shift = 0;
    loop {
        let byte = bytes[*at];
        *at += 1;
        n |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return n;
        }
        shift += 7;
    }
}

/// Builds the index of `docs` (ids are positions in the slice), letting go of each document's
/// body as soon as its words are counted.
///
/// One pass over the text, in chunks of documents counted in parallel and merged in order.
/// The vocabulary maps every normalised word seen so far to the ids of its terms (its lemmas,
/// or its Snowball stem; see `morph::terms`): Russian text repeats its words heavily, so a word
/// is looked up once, and from the second chunk on almost every word is one hash lookup,
/// counted by term id in reused scratch space; no string is allocated per word. The words new
/// to a chunk are looked up in the dictionary in parallel at the merge. Postings keep raw
/// counts until the end, because the weights need the average field lengths of all documents.
pub fn build(docs: &mut [Doc]) -> Index {
    let count = docs.len();
    // Word -> (start, count) of its term ids in `readings`.
    let mut words: FxHashMap<Box<str>, (u32, u32)> = FxHashMap::default();
    let mut readings: Vec<u32> = Vec::new();
    let mut term_ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
    let mut terms: Vec<Box<str>> = Vec::new();
    let mut is_lemma: Vec<bool> = Vec::new();
    let mut raw: Vec<RawPostings> = Vec::new();
    let mut lens: Vec<[u32; 4]> = Vec::with_capacity(docs.len());
    let mut merged: Vec<(u32, [u16; 4])> = Vec::new();
    for chunk in docs.chunks_mut(CHUNK) {
        let known = terms.len();
        let vocabulary = &words;
        let readings_now = &readings;
        let counted: Vec<Counted> = chunk
            .par_iter()
            .with_min_len(CHUNK / 16)
            .map_init(
                || {
                    let counts = vec![[0u32; 4]; known];
                    let misses: FxHashMap<Box<str>, [u32; 4]> = FxHashMap::default();
                    (counts, Vec::new(), String::new(), misses)
                },
                |(counts, touched, buf, misses), doc| {
                    let mut len = [0u32; 4];
                    for (f, n) in len.iter_mut().enumerate() {
                        for_each_word(doc, f, buf, |w| {
                            *n += 1;
                            if let Some(&(start, count)) = vocabulary.get(w) {
                                for &id in &readings_now[start as usize..(start + count) as usize] {
                                    let slot = &mut counts[id as usize];
                                    if *slot == [0; 4] {
                                        touched.push(id);
                                    }
                                    slot[f] += 1;
                                }
                            } else if let Some(slot) = misses.get_mut(w) {
                                slot[f] += 1;
                            } else {
                                let mut slot = [0; 4];
                                slot[f] = 1;
                                misses.insert(w.into(), slot);
                            }
                        });
                    }
                    let hits = touched
                        .drain(..)
                        .map(|id| (id, saturate(std::mem::take(&mut counts[id as usize]))))
                        .collect();
                    let missed = misses.drain().map(|(w, n)| (w, saturate(n))).collect();
                    (len, hits, missed)
                },
            )
            .collect();
        for doc in chunk.iter_mut() {
            doc.body = Arc::default();
        }
        // The words this chunk is the first to use, looked up in parallel.
        let mut new_words: Vec<&str> = counted
            .iter()
            .flat_map(|c| c.2.iter().map(|(w, _)| &**w))
            .filter(|w| !words.contains_key(*w))
            .collect();
        new_words.sort_unstable();
        new_words.dedup();
        let looked_up: Vec<(Vec<String>, bool)> = new_words
            .par_iter()
            .map(|w| {
                let lemmas = morph::lemmas(w);
                if lemmas.is_empty() {
                    (vec![stem::stem_normalized(w)], false)
                } else {
                    (lemmas, true)
                }
            })
            .collect();
        for (word, (word_terms, lemma)) in new_words.iter().zip(looked_up) {
            let start = readings.len() as u32;
            for term in word_terms {
                let term = term.into_boxed_str();
                let next = terms.len() as u32;
                let id = *term_ids.entry(term.clone()).or_insert(next);
                if id == next {
                    terms.push(term);
                    is_lemma.push(false);
                    raw.push(RawPostings::default());
                }
                is_lemma[id as usize] |= lemma;
                readings.push(id);
            }
            words.insert((*word).into(), (start, readings.len() as u32 - start));
        }
        for (len, hits, missed) in counted {
            let id = lens.len() as u32;
            lens.push(len);
            merged.clear();
            merged.extend(hits);
            for (word, tf) in missed {
                let (start, count) = words[&word];
                for &term in &readings[start as usize..(start + count) as usize] {
                    merged.push((term, tf));
                }
            }
            // Two words of one term (one known, one new; or two forms of one lemma) count
            // together.
            merged.sort_unstable_by_key(|e| e.0);
            let mut i = 0;
            while i < merged.len() {
                let (term_id, mut tf) = merged[i];
                i += 1;
                while i < merged.len() && merged[i].0 == term_id {
                    for (a, b) in tf.iter_mut().zip(merged[i].1) {
                        *a = a.saturating_add(b);
                    }
                    i += 1;
                }
                raw[term_id as usize].push(id, tf);
            }
        }
    }
    drop(words);
    drop(term_ids);
    let n = lens.len().max(1) as f64;
    let mut avg = [0f64; 4];
    for len in &lens {
        for (f, l) in len.iter().enumerate() {
            avg[f] += f64::from(*l) / n;
        }
    }
    let weight = |tf: [u16; 4], len: [u32; 4]| -> u8 {
        let weighted: f64 = (0..4)
            .filter(|&f| tf[f] > 0 && avg[f] > 0.0)
            .map(|f| {
                let norm = 1.0 - B + B * f64::from(len[f]) / avg[f];
                FIELD_WEIGHTS[f] * f64::from(tf[f]) / norm
            })
            .sum();
        let part = weighted / (K1 + weighted);
        (part * WEIGHT_SCALE).round().clamp(1.0, WEIGHT_SCALE) as u8
    };
    // Postings were pushed in ascending id order, which the format relies on. Each lemma
    // comes with its other forms, which the browser needs to find it from any of them.
    let built: Vec<(String, Vec<Posting>, Option<Vec<String>>)> = terms
        .into_par_iter()
        .zip(raw)
        .zip(is_lemma)
        .map(|((term, list), lemma)| {
            let mut postings = Vec::with_capacity(list.count as usize);
            postings.extend(
                list.iter()
                    .map(|(id, tf)| (id, weight(tf, lens[id as usize]))),
            );
            drop(list);
            let term = term.into_string();
            let forms = lemma.then(|| {
                morph::forms(&term)
                    .into_iter()
                    .filter(|f| *f != term)
                    .collect()
            });
            (term, postings, forms)
        })
        .collect();
    debug_assert!(
        built
            .iter()
            .all(|(_, p, _)| !p.is_empty() && p.windows(2).all(|w| w[0].0 < w[1].0))
    );
    let mut index = Index {
        docs: count,
        ..Index::default()
    };
    for (term, postings, forms) in built {
        if let Some(forms) = forms {
            index.forms.insert(term.clone(), forms);
        }
        index.terms.insert(term, postings);
    }
    index
}

/// The BM25 IDF the browser computes from the posting count (kept here for the ranking tests).
pub fn idf(docs: usize, df: usize) -> f64 {
    let (n, df) = (docs as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, summary: &str, body: &str) -> Doc<'static> {
        Doc {
            kind: 'p',
            url: String::new(),
            title: title.into(),
            summary: summary.into(),
            date_text: String::new(),
            date: None,
            fields: [
                title.to_owned().into(),
                summary.to_owned().into(),
                "".into(),
            ],
            body: body.into(),
            facets: vec![Vec::new(); FACETS.len()],
        }
    }

    /// The one term of an unambiguous word.
    fn term(word: &str) -> String {
        let terms = morph::terms(&stem::normalize(word));
        assert_eq!(terms.len(), 1, "{word}: {terms:?}");
        terms[0].clone()
    }

    fn score(index: &Index, word: &str, id: u32) -> f64 {
        let postings = &index.terms[&term(word)];
        let q = postings.iter().find(|p| p.0 == id).map_or(0, |p| p.1);
        idf(index.docs, postings.len()) * f64::from(q)
    }

    #[test]
    fn raw_postings_give_back_what_was_pushed() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200 {
            let mut raw = RawPostings::default();
            let mut pushed = Vec::new();
            let mut id = 0u32;
            for i in 0..(next() % 300) {
                // Distances of one, of every width, and up to the last id a u32 can hold.
                let step = match next() % 4 {
                    0 => 1,
                    1 => next() % 200,
                    2 => next() % 70_000,
                    _ => next() % 5_000_000,
                } as u32;
                id = if i == 0 {
                    step
                } else {
                    id.saturating_add(step.max(1))
                };
                if pushed.last().is_some_and(|&(last, _)| last == id) {
                    break;
                }
                let mut tf = [0u16; 4].map(|_| match next() % 4 {
                    0 | 1 => 0,
                    2 => (next() % 130) as u16,
                    _ => (next() % 65_536) as u16,
                });
                if tf == [0; 4] {
                    tf[(next() % 4) as usize] = u16::MAX;
                }
                raw.push(id, tf);
                pushed.push((id, tf));
            }
            assert_eq!(raw.iter().collect::<Vec<_>>(), pushed);
        }
        let mut raw = RawPostings::default();
        raw.push(0, [1, 0, 0, 0]);
        raw.push(u32::MAX, [u16::MAX; 4]);
        assert_eq!(
            raw.iter().collect::<Vec<_>>(),
            [(0, [1, 0, 0, 0]), (u32::MAX, [u16::MAX; 4])]
        );
    }

    #[test]
    fn html_becomes_text_without_entity_names() {
        assert_eq!(
            stem::tokens(&html_to_text(
                "<p>Школа&nbsp;№&#160;40 &laquo;Луч&raquo;</p><li>ДОУ</li>"
            ))
            .collect::<Vec<_>>(),
            ["школа", "40", "луч", "доу"]
        );
        assert_eq!(
            stem::tokens(&html_to_text("a & b")).collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    fn words<const HTML: bool>(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        stem::for_each_word::<HTML>(text, &mut String::new(), |w| out.push(w.to_owned()));
        out
    }

    #[test]
    fn the_fast_word_reader_agrees_with_tokens_and_html_to_text() {
        let cases = [
            "<p>Школа&nbsp;№&#160;40 &laquo;Луч&raquo;</p><li>ДОУ</li>",
            "a & b; c&d ;e &amp",
            "&foo<b>bar baz</b> Ёлка ЁЖ ещё",
            "ab<i>cd</i>ef <unterminated",
            "x > y < z",
            "Мо\u{301}лодо\u{301}й мои\u{306} İstanbul ΣΑΣ 𝐀👩‍🏫 Ђорђе",
            "&#x41;B&;C&&D",
            "",
        ];
        for case in cases {
            assert_eq!(
                words::<false>(case),
                stem::tokens(case).collect::<Vec<_>>(),
                "{case:?}"
            );
            assert_eq!(
                words::<true>(case),
                stem::tokens(&html_to_text(case)).collect::<Vec<_>>(),
                "{case:?}"
            );
        }
        // Random strings over an alphabet rich in markup and letters that need folding.
        let alphabet: Vec<char> = "аяЯАёЁйЙzZ09 <>&;#/\u{301}\u{306}İΣ👩.-ѐ".chars().collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for _ in 0..(state % 16) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            assert_eq!(
                words::<false>(&text),
                stem::tokens(&text).collect::<Vec<_>>(),
                "{text:?}"
            );
            assert_eq!(
                words::<true>(&text),
                stem::tokens(&html_to_text(&text)).collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn body_html_is_read_as_text() {
        let index = build(&mut [doc(
            "Заголовок",
            "",
            "<p>Молодой&nbsp;педагог</p><a href=\"/x/\">ссылка</a>",
        )]);
        assert!(index.terms.contains_key(&term("педагог")));
        assert!(index.terms.contains_key(&term("ссылка")));
        assert!(!index.terms.contains_key("nbsp"));
        assert!(!index.terms.contains_key("href"));
    }

    #[test]
    fn title_outranks_summary_outranks_body() {
        let mut docs = vec![
            doc("Адаптация", "Про школу", "текст про наставника и школу"),
            doc("Про школу", "Наставник рядом", "текст про школу"),
            doc("Наставник года", "Про школу", "текст про школу"),
            doc("Другое", "Другое", "другое"),
        ];
        let index = build(&mut docs);
        // The index is a body's last reader in a build: it lets go of every one it counted.
        assert!(docs.iter().all(|d| d.body.is_empty()));
        let (body, summary, title) = (
            score(&index, "наставник", 0),
            score(&index, "наставник", 1),
            score(&index, "наставник", 2),
        );
        assert!(
            title > summary && summary > body,
            "{title} {summary} {body}"
        );
        assert!(!index.terms[&term("наставник")].iter().any(|p| p.0 == 3));
    }

    #[test]
    fn inflections_share_a_term_and_stop_words_are_left_out() {
        let mut docs = vec![
            doc("Молодой педагог", "", ""),
            doc("О молодых педагогах и для них", "", ""),
        ];
        let index = build(&mut docs);
        assert_eq!(morph::terms("молодых"), ["молодой"]);
        assert_eq!(index.terms["молодой"].len(), 2);
        assert_eq!(index.terms[&term("педагогам")].len(), 2);
        assert!(!index.terms.contains_key("и"));
        assert!(!index.terms.contains_key("для"));
    }

    #[test]
    fn forms_snowball_splits_share_a_lemma_and_homonyms_stay_apart() {
        let mut docs = vec![
            doc("Лицей № 1", "", "<p>Опыт лицея</p>"),
            doc("О лицеях и их опыте", "", ""),
            doc("Лицо школы", "", "<p>Лица педагогов</p>"),
            doc("Подростки в кружках", "", ""),
            doc("Подросток и кружок", "", ""),
        ];
        let index = build(&mut docs);
        let ids = |t: &str| -> Vec<u32> { index.terms[t].iter().map(|p| p.0).collect() };
        assert_eq!(ids("лицей"), [0, 1]);
        assert_eq!(ids("опыт"), [0, 1]);
        assert_eq!(ids("лицо"), [2]);
        assert_eq!(ids("подросток"), [3, 4]);
        assert_eq!(ids("кружок"), [3, 4]);
        assert!(index.forms["лицей"].contains(&"лицеях".to_owned()));
        assert!(!index.forms["лицо"].contains(&"лицей".to_owned()));
        // A number is no lemma and has no forms.
        assert!(index.terms.contains_key("1") && !index.forms.contains_key("1"));
    }

    #[test]
    fn numbers_are_terms() {
        let index = build(&mut [doc("Приказ № 633 от 2023 года", "", "")]);
        assert!(index.terms.contains_key("633"));
        assert!(index.terms.contains_key("2023"));
    }

    #[test]
    fn rare_words_weigh_more() {
        assert!(idf(1000, 1) > idf(1000, 500));
        assert!(idf(1000, 1000) > 0.0);
    }
}
