//! Who links to whom: the relations between pages that a page shows but does not state itself
//! (a practice's events, a document's replacements, an organization's pages).

use rustc_hash::FxHashMap as HashMap;

use crate::content::model::{Kind, PageId, Site};

/// Relations computed once for all pages: who links to whom.
pub(super) struct Backlinks {
    /// practice → events that list it, and the events it lists itself.
    pub practice_events: HashMap<PageId, Vec<PageId>>,
    pub event_practices: HashMap<PageId, Vec<PageId>>,
    /// document → the documents that replaced it, and those it replaces, whichever of the two
    /// states the relation (`replaces` on the new one, `replaced_by` on the old one).
    pub replaced_by: HashMap<PageId, Vec<PageId>>,
    pub replaces: HashMap<PageId, Vec<PageId>>,
    pub by_org: HashMap<String, Vec<PageId>>,
}

impl Backlinks {
    pub(super) fn build(site: &Site) -> Self {
        let mut b = Backlinks {
            practice_events: HashMap::default(),
            event_practices: HashMap::default(),
            replaced_by: HashMap::default(),
            replaces: HashMap::default(),
            by_org: HashMap::default(),
        };
        let mut link = |event: PageId, practice: PageId| {
            let pe = b.practice_events.entry(practice).or_default();
            if !pe.contains(&event) {
                pe.push(event);
            }
            let ep = b.event_practices.entry(event).or_default();
            if !ep.contains(&practice) {
                ep.push(practice);
            }
        };
        // Walk in list order so the related lists come out ordered.
        for &id in site.events.iter().chain(&site.practices) {
            match &site.pages[id].kind {
                Kind::Event(e) => e
                    .practices
                    .iter()
                    .filter_map(|r| r.target)
                    .for_each(|p| link(id, p)),
                Kind::Practice(p) => p
                    .events
                    .iter()
                    .filter_map(|r| r.target)
                    .for_each(|e| link(e, id)),
                _ => {}
            }
        }
        // Events in calendar order: by their place in the sorted list.
        let mut rank = vec![usize::MAX; site.pages.len()];
        for (i, &e) in site.events.iter().enumerate() {
            rank[e] = i;
        }
        for list in b.practice_events.values_mut() {
            list.sort_by_key(|&e| rank[e]);
        }
        for &id in &site.orders {
            let Some(o) = site.pages[id].as_order() else {
                continue;
            };
            let pairs = [
                o.replaces
                    .as_ref()
                    .and_then(|r| r.target)
                    .map(|old| (id, old)),
                o.replaced_by
                    .as_ref()
                    .and_then(|r| r.target)
                    .map(|new| (new, id)),
            ];
            for (new, old) in pairs.into_iter().flatten() {
                let by = b.replaced_by.entry(old).or_default();
                if !by.contains(&new) {
                    by.push(new);
                }
                let replaces = b.replaces.entry(new).or_default();
                if !replaces.contains(&old) {
                    replaces.push(old);
                }
            }
        }
        for &id in site
            .practices
            .iter()
            .chain(site.events.iter().rev())
            .chain(&site.orders)
        {
            for org in site.pages[id].organizations() {
                b.by_org.entry(org.clone()).or_default().push(id);
            }
        }
        b
    }
}
