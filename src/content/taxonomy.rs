//! Taxonomies (formats, series, levels, forms, kinds, topics, years, recognition) and the
//! orders lists show pages in. Taxonomy pages are also how the practice bank is browsed
//! without JavaScript, so every term gets a page.

use rustc_hash::FxHashMap;

use crate::content::model::{Kind, KindName, Page, PageId, Site, Taxonomy, Term};
use crate::ru::translit::slugify;
use crate::urls;

/// Every taxonomy: URL key, Russian title, and which pages' field it groups.
pub const TAXONOMIES: &[(&str, &str)] = &[
    ("formats", "Формы проведения"),
    ("series", "Циклы мероприятий"),
    ("levels", "Уровни образования"),
    ("forms", "Формы наставничества"),
    ("kinds", "Виды наставничества"),
    ("topics", "Темы"),
    ("years", "Годы"),
    ("recognition", "Уровень признания"),
];

pub const KEYS: [&str; 8] = [
    "formats",
    "series",
    "levels",
    "forms",
    "kinds",
    "topics",
    "years",
    "recognition",
];

/// The values a page has for a taxonomy (without allocating: called for every page and
/// taxonomy on each of the dev server's rebuilds).
pub fn values<'a>(page: &'a Page, key: &str) -> impl Iterator<Item = &'a str> + use<'a> {
    let (many, one): (&[String], Option<&String>) = match (&page.kind, key) {
        (Kind::Event(e), "formats") => (&[], e.format.as_ref()),
        (Kind::Event(e), "series") => (&[], e.series.as_ref()),
        (Kind::Practice(p), "levels") => (&p.levels, None),
        (Kind::Practice(p), "forms") => (&p.forms, None),
        (Kind::Practice(p), "kinds") => (&p.kinds, None),
        (Kind::Practice(p), "topics") => (&p.topics, None),
        (Kind::Practice(p), "years") => (&[], p.year.as_ref()),
        (Kind::Practice(p), "recognition") => (&[], p.recognition.as_ref()),
        _ => (&[], None),
    };
    many.iter().chain(one).map(String::as_str)
}

/// The slug of a term: transliterated, with `/` of school years kept apart (`2022-2023`).
pub fn term_slug(name: &str) -> String {
    slugify(&name.replace('/', "-"))
}

/// Sorts the kind lists and builds every taxonomy.
pub fn index(site: &mut Site) {
    sort_lists(site);
    site.taxonomies = terms(&site.pages, &site.events, &site.practices, &site.orders);
}

/// [`index`] after an edit of the pages `edited`, whose versions before the edit are `before`
/// (same order): the taxonomies are built again only if an edit changed a page's taxonomy
/// values or moved a page in its list. Terms follow from the pages' values in list order, so
/// otherwise they are what they were. (The dev server runs this on every save; building the
/// terms is most of [`index`].)
pub fn reindex(site: &mut Site, edited: &[PageId], before: &[Page]) {
    let lists = |s: &Site| [s.events.clone(), s.practices.clone(), s.orders.clone()];
    let old_lists = lists(site);
    sort_lists(site);
    let same_values = edited.iter().zip(before).all(|(&id, old)| {
        KEYS.iter()
            .all(|key| values(&site.pages[id], key).eq(values(old, key)))
    });
    if !same_values || lists(site) != old_lists {
        site.taxonomies = terms(&site.pages, &site.events, &site.practices, &site.orders);
    }
}

/// Sorts the kind lists: events by date, practices and documents newest first, and the rest.
fn sort_lists(site: &mut Site) {
    let pages = &site.pages;
    let mut events: Vec<PageId> = ids_of(pages, KindName::Event);
    // Keys computed once per page, not once per comparison.
    events.sort_by_cached_key(|&a| {
        (
            pages[a].as_event().map(|e| e.when.sort_key()),
            pages[a].title.as_str(),
        )
    });
    let mut practices = ids_of(pages, KindName::Practice);
    practices.sort_by(|&a, &b| {
        let da = pages[a].as_practice().and_then(|p| p.date);
        let db = pages[b].as_practice().and_then(|p| p.date);
        db.cmp(&da)
            .then_with(|| pages[a].title.cmp(&pages[b].title))
    });
    let mut orders = ids_of(pages, KindName::Order);
    orders.sort_by(|&a, &b| {
        let da = pages[a].as_order().and_then(|o| o.date);
        let db = pages[b].as_order().and_then(|o| o.date);
        db.cmp(&da)
            .then_with(|| pages[a].title.cmp(&pages[b].title))
    });
    let mentors = crate::content::mentor::sorted(pages);
    let mut plain = ids_of(pages, KindName::Plain);
    plain.sort_by(|&a, &b| pages[a].path.cmp(&pages[b].path));
    site.events = events;
    site.practices = practices;
    site.orders = orders;
    site.plain_pages = plain;
    site.mentors = mentors;
    // Roadmaps: the latest period first, then by title.
    let mut roadmaps = ids_of(&site.pages, KindName::Roadmap);
    roadmaps.sort_by_cached_key(|&id| {
        let p = &site.pages[id];
        let period = p.as_roadmap().map(|r| r.period).unwrap_or_default();
        (std::cmp::Reverse(period), p.title.clone())
    });
    site.roadmaps = roadmaps;
    site.contests =
        crate::content::contest::sorted(&site.pages, ids_of(&site.pages, KindName::Contest));
}

/// Every taxonomy of the events, practices and documents, each term's pages in list order.
fn terms(
    pages: &[Page],
    events: &[PageId],
    practices: &[PageId],
    orders: &[PageId],
) -> Vec<Taxonomy> {
    // Slugs by value: thousands of pages share a few dozen values, and transliterating each
    // occurrence was most of this stage's time. Terms are gathered in hash maps by slug number
    // and ordered once at the end (the dev server runs this on every edit).
    let mut slug_of: FxHashMap<&str, usize> = FxHashMap::default();
    // Spellings that differ only in case or dashes share a slug, and so a term.
    let mut slug_ids: FxHashMap<String, usize> = FxHashMap::default();
    let mut slugs: Vec<String> = Vec::new();
    let mut taxonomies = Vec::new();
    // One pass over the pages for every taxonomy (a page is visited once, not once per
    // taxonomy: the dev server runs this on every edit), in list order, so each term's pages
    // come out ordered too.
    type Terms<'p> = FxHashMap<usize, (FxHashMap<&'p str, usize>, Vec<PageId>)>;
    let mut all_terms: Vec<Terms> = TAXONOMIES.iter().map(|_| Terms::default()).collect();
    for &id in events.iter().chain(practices).chain(orders) {
        for (&(key, _), terms) in TAXONOMIES.iter().zip(&mut all_terms) {
            for value in values(&pages[id], key) {
                let slug = *slug_of.entry(value).or_insert_with(|| {
                    let text = term_slug(value);
                    *slug_ids.entry(text.clone()).or_insert_with(|| {
                        slugs.push(text);
                        slugs.len() - 1
                    })
                });
                if slugs[slug].is_empty() {
                    continue;
                }
                let entry = terms.entry(slug).or_default();
                *entry.0.entry(value).or_default() += 1;
                if entry.1.last() != Some(&id) {
                    entry.1.push(id);
                }
            }
        }
    }
    for (&(key, title), terms) in TAXONOMIES.iter().zip(all_terms) {
        let mut list: Vec<Term> = terms
            .into_iter()
            .map(|(slug, (spellings, ids))| {
                // Editors spell a term in slightly different ways («Учитель – учитель»,
                // «учитель - учитель»); the most used spelling names it.
                let name = spellings
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(n, _)| n.to_string())
                    .unwrap_or_default();
                let slug = slugs[slug].clone();
                Term {
                    path: urls::term(key, &slug),
                    name,
                    slug,
                    pages: ids,
                }
            })
            .collect();
        if key == "years" {
            list.sort_by(|a, b| b.name.cmp(&a.name).then_with(|| a.slug.cmp(&b.slug)));
        } else {
            list.sort_by_cached_key(|t| (t.name.to_lowercase(), t.slug.clone()));
        }
        taxonomies.push(Taxonomy {
            key,
            title,
            terms: list,
        });
    }
    taxonomies
}

fn ids_of(pages: &[Page], kind: KindName) -> Vec<PageId> {
    pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind_name() == kind)
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_slugs() {
        assert_eq!(term_slug("2022/2023"), "2022-2023");
        assert_eq!(
            term_slug("учитель – учитель"),
            term_slug("Учитель - учитель")
        );
    }
}
