//! Search of the practice bank: the index is built here, at build time, and queried in the
//! browser by `themes/default/static/js/search.js`, with no server code (see docs/search.md).
//!
//! - [`stem`]: normalisation, Russian stemming and tokenising, twinned by `stem.js`;
//! - [`index`]: the documents (practices, events, orders; never drafts) and BM25F postings;
//! - [`synonyms`]: the domain synonym groups, from `site.yaml` or the defaults;
//! - [`format`]: the sharded static files under `search/`.

pub mod format;
pub mod index;
pub mod morph;
pub mod stem;
pub mod synonyms;

use std::path::PathBuf;
use std::sync::Arc;

use crate::content::model::Site;
use crate::urls::Urls;

/// The output folder of the index.
pub const DIR: &str = "search/";

/// Every file of the search index, each handed to `sink` (output path, bytes) as soon as it is
/// made; `sink`'s results come back in file order. `bodies` are the pages' rendered bodies by
/// page id; the index lets go of each once it is counted.
pub fn outputs<T>(
    site: &Site,
    u: &Urls,
    bodies: Vec<Arc<str>>,
    sink: &dyn Fn(PathBuf, Vec<u8>) -> T,
) -> Vec<T> {
    let mut watch = crate::timings::Stopwatch::new();
    let mut docs = index::documents(site, u, &bodies);
    drop(bodies);
    watch.lap("  search: documents");
    let built = index::build(&mut docs);
    watch.lap("  search: index");
    let groups = site
        .config
        .search_synonyms
        .clone()
        .unwrap_or_else(synonyms::defaults);
    let stemmed = synonyms::stemmed(&groups, index::STOP_WORDS);
    let mut out = Vec::new();
    format::files_to(&docs, &built, &stemmed, &mut |path, bytes| {
        out.push(sink(PathBuf::from(format!("{DIR}{path}")), bytes))
    });
    watch.lap("  search: files");
    out
}
