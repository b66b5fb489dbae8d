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

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::content::model::{Kind, Page, PageId, Site};
use crate::ru::typography::typograph;
use crate::urls::Urls;

use super::stem;

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

/// One searchable page.
#[derive(Debug, Clone)]
pub struct Doc {
    /// `p`, `e` or `o`, for the card's look.
    pub kind: char,
    pub url: String,
    pub title: String,
    pub summary: String,
    /// The date line of the card («12 сентября 2023 г.»), may be empty.
    pub date_text: String,
    pub date: Option<Date>,
    /// Plain text of each field ([`FIELD_TITLE`]…).
    pub fields: [String; 4],
    /// Values of each facet of [`FACETS`].
    pub facets: Vec<Vec<String>>,
}

/// Turns rendered HTML into text: tags and character references become spaces. The tokenizer
/// splits on anything that is not a letter or digit, so «&nbsp;» must not survive as «nbsp».
pub fn html_text(html: &str) -> String {
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

fn org_names(site: &Site, ids: &[String]) -> (Vec<String>, String) {
    let mut shorts = Vec::new();
    let mut text = String::new();
    for id in ids {
        if let Some(o) = site.organization(id) {
            shorts.push(o.short.clone());
            text.push_str(&o.name);
            text.push(' ');
            text.push_str(&o.short);
            text.push(' ');
        }
    }
    (shorts, text)
}

/// The documents of the site, drafts excluded, in id (newest-first) order.
pub fn documents(site: &Site, u: &Urls) -> Vec<Doc> {
    let ids: Vec<PageId> = site
        .practices
        .iter()
        .chain(&site.events)
        .chain(&site.orders)
        .copied()
        .collect();
    let mut docs: Vec<Doc> = ids
        .par_iter()
        .map(|&id| &site.pages[id])
        .filter(|p| !p.draft)
        .filter_map(|p| document(site, u, p))
        .collect();
    // Stable: pages of one date keep the order of their lists.
    docs.sort_by_key(|d| std::cmp::Reverse(d.date));
    docs
}

fn document(site: &Site, u: &Urls, page: &Page) -> Option<Doc> {
    let mut facets = vec![Vec::new(); FACETS.len()];
    let mut meta = String::new();
    let (kind, date, orgs) = match &page.kind {
        Kind::Practice(p) => {
            facets[0].push(TYPE_PRACTICE.to_owned());
            facets[2] = p.levels.clone();
            facets[3] = p.forms.clone();
            facets[4] = p.kinds.clone();
            facets[5] = p.topics.clone();
            facets[6] = p.year.iter().cloned().collect();
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
            facets[0].push(TYPE_EVENT.to_owned());
            let day = e.when.first_day();
            facets[6].push(day.year().to_string());
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
            ('e', Some(day), &e.organizations)
        }
        Kind::Order(o) => {
            facets[0].push(TYPE_ORDER.to_owned());
            facets[2] = o.level.iter().cloned().collect();
            if let Some(d) = o.date {
                facets[6].push(d.year().to_string());
            }
            for part in o.number.iter().chain(o.issuer.iter()).chain(o.level.iter()) {
                meta.push_str(part);
                meta.push(' ');
            }
            ('o', o.date, &o.organizations)
        }
        Kind::Plain => return None,
    };
    let (shorts, org_text) = org_names(site, orgs);
    facets[1] = shorts;
    meta.push_str(&org_text);
    let summary = page.summary.clone().unwrap_or_default();
    let date_text = date.map(crate::ru::dates::format_date).unwrap_or_default();
    Some(Doc {
        kind,
        url: u.path(&page.path),
        title: typograph(&page.title),
        summary: typograph(&summary),
        date_text,
        date,
        fields: [page.title.clone(), summary, meta, html_text(&page.content)],
        facets,
    })
}

/// One posting: a document id and its BM25F term-frequency part in 1/[`WEIGHT_SCALE`] steps.
pub type Posting = (u32, u8);

/// The inverted index: stem → postings in ascending id order.
#[derive(Debug, Default)]
pub struct Index {
    pub docs: usize,
    pub terms: BTreeMap<String, Vec<Posting>>,
}

/// Per-document term counts per field, and field lengths.
struct Counted {
    tf: FxHashMap<String, [u32; 4]>,
    len: [u32; 4],
}

fn count(doc: &Doc) -> Counted {
    // FxHash: these maps see every word of the site, and need no protection against crafted
    // keys (the input is the site's own content).
    let mut tf: FxHashMap<String, [u32; 4]> = FxHashMap::default();
    let mut len = [0u32; 4];
    let mut cache: FxHashMap<String, String> = FxHashMap::default();
    for (f, text) in doc.fields.iter().enumerate() {
        for token in stem::tokens(text) {
            if STOP_WORDS.contains(&token.as_str()) {
                continue;
            }
            len[f] += 1;
            let stemmed = match cache.get(&token) {
                Some(s) => s.clone(),
                None => {
                    let s = stem::stem_normalized(&token);
                    cache.insert(token, s.clone());
                    s
                }
            };
            tf.entry(stemmed).or_default()[f] += 1;
        }
    }
    Counted { tf, len }
}

/// A document id and its term's counts per field, before weighting.
type RawPosting = (u32, [u16; 4]);

/// Builds the index of `docs` (ids are positions in the slice).
pub fn build(docs: &[Doc]) -> Index {
    // Documents are counted in parallel chunks whose term maps are merged as they come, keeping
    // raw counts: holding every document's own map at once was most of a large build's peak
    // memory. Weights need the average field lengths, so they are computed after the merge.
    // The merge goes into a hash map, sorted once at the end: a sorted map would compare
    // strings on every one of the millions of insertions.
    const CHUNK: usize = 512;
    let mut raw: FxHashMap<String, Vec<RawPosting>> = FxHashMap::default();
    let mut lens: Vec<[u32; 4]> = Vec::with_capacity(docs.len());
    for chunk in docs.chunks(CHUNK) {
        let counted: Vec<Counted> = chunk.par_iter().map(count).collect();
        for c in counted {
            let id = lens.len() as u32;
            lens.push(c.len);
            for (term, tf) in c.tf {
                let tf = tf.map(|n| u16::try_from(n).unwrap_or(u16::MAX));
                raw.entry(term).or_default().push((id, tf));
            }
        }
    }
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
    // Postings were pushed in ascending id order, which the format relies on.
    let raw: Vec<(String, Vec<RawPosting>)> = raw.into_iter().collect();
    let mut sorted: Vec<(String, Vec<Posting>)> = raw
        .into_par_iter()
        .map(|(term, list)| {
            let postings = list
                .into_iter()
                .map(|(id, tf)| (id, weight(tf, lens[id as usize])))
                .collect();
            (term, postings)
        })
        .collect();
    sorted.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    debug_assert!(
        sorted
            .iter()
            .all(|(_, p)| p.windows(2).all(|w| w[0].0 < w[1].0))
    );
    Index {
        docs: docs.len(),
        terms: sorted.into_iter().collect(),
    }
}

/// The BM25 IDF the browser computes from the posting count (kept here for the ranking tests).
pub fn idf(docs: usize, df: usize) -> f64 {
    let (n, df) = (docs as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, summary: &str, body: &str) -> Doc {
        Doc {
            kind: 'p',
            url: String::new(),
            title: title.into(),
            summary: summary.into(),
            date_text: String::new(),
            date: None,
            fields: [title.into(), summary.into(), String::new(), body.into()],
            facets: vec![Vec::new(); FACETS.len()],
        }
    }

    fn score(index: &Index, word: &str, id: u32) -> f64 {
        let postings = &index.terms[&stem::stem(word)];
        let q = postings.iter().find(|p| p.0 == id).map_or(0, |p| p.1);
        idf(index.docs, postings.len()) * f64::from(q)
    }

    #[test]
    fn html_becomes_text_without_entity_names() {
        assert_eq!(
            stem::tokens(&html_text(
                "<p>Школа&nbsp;№&#160;40 &laquo;Луч&raquo;</p><li>ДОУ</li>"
            ))
            .collect::<Vec<_>>(),
            ["школа", "40", "луч", "доу"]
        );
        assert_eq!(
            stem::tokens(&html_text("a & b")).collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn title_outranks_summary_outranks_body() {
        let docs = vec![
            doc("Адаптация", "Про школу", "текст про наставника и школу"),
            doc("Про школу", "Наставник рядом", "текст про школу"),
            doc("Наставник года", "Про школу", "текст про школу"),
            doc("Другое", "Другое", "другое"),
        ];
        let index = build(&docs);
        let (body, summary, title) = (
            score(&index, "наставник", 0),
            score(&index, "наставник", 1),
            score(&index, "наставник", 2),
        );
        assert!(
            title > summary && summary > body,
            "{title} {summary} {body}"
        );
        assert!(
            !index.terms[&stem::stem("наставник")]
                .iter()
                .any(|p| p.0 == 3)
        );
    }

    #[test]
    fn inflections_share_a_term_and_stop_words_are_left_out() {
        let docs = vec![
            doc("Молодой педагог", "", ""),
            doc("О молодых педагогах и для них", "", ""),
        ];
        let index = build(&docs);
        assert_eq!(index.terms[&stem::stem("молодых")].len(), 2);
        assert_eq!(index.terms[&stem::stem("педагогам")].len(), 2);
        assert!(!index.terms.contains_key("и"));
        assert!(!index.terms.contains_key("для"));
    }

    #[test]
    fn numbers_are_terms() {
        let index = build(&[doc("Приказ № 633 от 2023 года", "", "")]);
        assert!(index.terms.contains_key("633"));
        assert!(index.terms.contains_key("2023"));
    }

    #[test]
    fn rare_words_weigh_more() {
        assert!(idf(1000, 1) > idf(1000, 500));
        assert!(idf(1000, 1000) > 0.0);
    }
}
