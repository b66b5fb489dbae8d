//! What every output is made of, as one fingerprint per output: the dev server re-renders an
//! output only when its fingerprint changed since the last render.
//!
//! Each function here mirrors a context builder (`home.rs`, `lists.rs`, `pages.rs`,
//! `organizations.rs`, `taxonomies.rs`) and must name everything that builder reads: the pages shown (by their card's or their whole fingerprint), the taxonomy
//! terms and counts, the lists' lengths, and the site-wide values. Site-wide inputs (settings,
//! organizations, section intros, the build date) are in [`global_fingerprint`]; a
//! change to templates or static files is not tracked here at all: the dev server starts
//! afresh then. `tests/incremental.rs` checks that every kind of edit renders exactly what a
//! full build renders.

use crate::content::model::{Kind, KindName, PageId, Site};
use crate::content::taxonomy::{KEYS, values};
use crate::fingerprint::Fingerprint;
use rustc_hash::FxHashMap as HashMap;

use crate::urls::Urls;

use super::assemble::SiteWide;
use super::context::Lookups;
use super::{Job, Renderer};

/// Fingerprints shared by many outputs, computed once per render.
pub(super) struct PageFingerprints {
    /// What the page's card shows: the page and the terms (with counts) on its card.
    pub card: Vec<u64>,
    /// The facet block of the events, practices and orders lists (see [`Renderer::facets`]).
    facets: HashMap<KindName, u64>,
    /// Each term's counts line («3 практики, 1 мероприятие»), by taxonomy and term.
    term_counts: Vec<Vec<u64>>,
    /// [`roadmaps_fingerprint`] and `contests_fingerprint`: most jobs add them, and each scans
    /// every roadmap's measures or every contest's references (computed per job, they were most
    /// of the dev server's rebuild at 10,000 practices).
    roadmaps: u64,
    contests: u64,
}

/// Settings, organizations, section intros, the build date, the base URL, the theme's asset
/// addresses: read by every page.
pub(super) fn global_fingerprint(site: &Site, u: &Urls) -> u64 {
    let mut f = Fingerprint::new();
    f.add(&format!("{:?}", site.config))
        .add(&format!("{:?}", site.organizations))
        .add(&site.today.to_string())
        .add(u.base_path())
        .add(&super::about_path(site))
        .add(&site.contests.is_empty())
        // The navigation links the mentors' register while it has mentors.
        .add(&site.mentors.is_empty());
    // The fingerprinted addresses of the theme's style sheet and scripts, which every page links.
    for rel in super::theme::FINGERPRINTED {
        f.add(&super::theme::asset_path(&site.root, u, rel));
    }
    for (name, intro) in &site.sections {
        f.add(name)
            .add(&intro.title)
            .add(&intro.description)
            .add(&intro.content);
    }
    f.finish()
}

/// The terms a page's card shows, by taxonomy.
fn card_terms(kind: &Kind) -> &'static [&'static str] {
    match kind {
        Kind::Event(_) => &["formats", "series"],
        Kind::Practice(_) => &["levels", "forms", "years"],
        Kind::Order(_) | Kind::Roadmap(_) | Kind::Contest(_) | Kind::Mentor(_) | Kind::Plain => &[],
    }
}

/// What each page's card shows: the page itself, the terms (with counts) on the card, and the
/// site-wide values (organization names, the base URL) through `global`.
pub(super) fn page_fingerprints(site: &Site, lk: &Lookups, global: u64) -> PageFingerprints {
    use rayon::prelude::*;
    let card = site
        .pages
        .par_iter()
        .map(|page| {
            let mut f = Fingerprint::new();
            f.add(&global).add(&page.card_fingerprint);
            // A document's card says «утратил силу» when another one replaces it.
            if page.as_order().is_some() {
                f.add(&lk.is_replaced(&page.path));
            }
            for key in card_terms(&page.kind) {
                for v in values(page, key) {
                    f.add(&lk.term_fingerprint(key, v));
                }
            }
            f.finish()
        })
        .collect();
    PageFingerprints {
        card,
        facets: HashMap::default(),
        term_counts: Vec::new(),
        roadmaps: roadmaps_fingerprint(site),
        contests: super::contests::contests_fingerprint(site),
    }
}

/// What a site-wide product reads: the calendar, the events (their cards and their whole
/// pages); the search index, every page. A change to either remakes the product's files.
pub(super) fn site_wide_fingerprint(
    product: SiteWide,
    site: &Site,
    fps: &PageFingerprints,
    global: u64,
) -> u64 {
    let mut f = Fingerprint::new();
    f.add(&global);
    match product {
        SiteWide::Calendar => {
            for &id in &site.events {
                f.add(&fps.card[id]).add(&site.pages[id].fingerprint);
            }
            // Month pages show the roadmaps' deadlines.
            if !site.roadmaps.is_empty() {
                f.add(&fps.roadmaps);
            }
            // Feeds and month pages carry the contests' deadlines and stages.
            f.add(&fps.contests);
        }
        SiteWide::Search => {
            for page in &site.pages {
                f.add(&page.fingerprint);
            }
        }
        SiteWide::Roadmaps => {
            f.add(&fps.roadmaps);
        }
        // The organizations and the base URL, both in `global`; the products differ by name.
        SiteWide::Register => {
            f.add("register");
        }
    }
    f.finish()
}

/// Everything roadmap outputs read besides their own page: the roadmaps, the events that name
/// a measure (they are its evidence), the pages measures link to, and the build's date (which
/// decides «просрочено»). Pages that show roadmaps (roadmaps, their orders, events naming a
/// measure, the home page, organizations) add it to their fingerprint.
pub(super) fn roadmaps_fingerprint(site: &Site) -> u64 {
    let mut f = Fingerprint::new();
    if site.roadmaps.is_empty() {
        return f.finish();
    }
    for &id in &site.roadmaps {
        f.add(&roadmap_fingerprint(site, id));
    }
    f.finish()
}

/// What a roadmap's own page shows: the roadmap, the build's date (statuses turn overdue),
/// the pages its measures name as evidence, the events carrying them out, and its order.
fn roadmap_fingerprint(site: &Site, id: PageId) -> u64 {
    let mut f = Fingerprint::new();
    f.add(&site.today.to_string())
        .add(&site.pages[id].fingerprint);
    if let Some(r) = site.pages[id].as_roadmap() {
        let named = r.measures.iter().flat_map(|m| {
            m.evidence
                .iter()
                .filter_map(|e| e.target)
                .chain(m.events.iter().copied())
        });
        for t in named.chain(r.order.as_ref().and_then(|o| o.target)) {
            f.add(&site.pages[t].card_fingerprint)
                .add(&site.pages[t].path);
        }
    }
    f.finish()
}

impl Renderer<'_> {
    /// Fills in the fingerprints that need the renderer (facets, term counts).
    pub(super) fn complete_fingerprints(&self, fps: &mut PageFingerprints) {
        for kind in [KindName::Event, KindName::Practice, KindName::Order] {
            fps.facets.insert(kind, self.facets_fingerprint(kind));
        }
        fps.term_counts = self
            .term_counts
            .iter()
            .map(|texts| {
                texts
                    .iter()
                    .map(|t| crate::fingerprint::of_str(t))
                    .collect()
            })
            .collect();
    }

    fn add_cards(f: &mut Fingerprint, fps: &PageFingerprints, ids: &[PageId]) {
        f.add(&ids.len());
        for &id in ids {
            f.add(&fps.card[id]);
        }
    }

    /// The fingerprint of everything `run(job)` reads.
    pub(super) fn job_fingerprint(&self, job: &Job, fps: &PageFingerprints, global: u64) -> u64 {
        let site = self.site;
        let mut f = Fingerprint::new();
        f.add(&global);
        match job {
            Job::NotFound => {
                f.add("404");
            }
            Job::Alias { from, to } => {
                f.add("alias").add(from).add(to);
            }
            Job::Home => {
                let home = self.home_ids();
                f.add("home").add(&fps.roadmaps);
                for ids in [&home.upcoming, &home.recent, &home.practices, &home.orders] {
                    Self::add_cards(&mut f, fps, ids);
                }
                f.add(&(
                    site.events.len(),
                    site.practices.len(),
                    site.orders.len(),
                    site.organizations.len(),
                ));
            }
            Job::Page(id) => {
                let page = &site.pages[*id];
                f.add("page").add(&page.fingerprint);
                // Roadmaps show on their own pages and on the orders that approve them; an
                // event shows the measure it names (from that roadmap's page). No context
                // builder of a practice, mentor, contest or plain page reads a roadmap (an
                // event naming a measure changes the roadmaps' fingerprint: taking it, the
                // 400 mentors' pages were rendered again on every such event's save).
                match &page.kind {
                    Kind::Practice(_) | Kind::Mentor(_) | Kind::Contest(_) | Kind::Plain => {}
                    // Its own: one event's move re-rendered all 50 of a large site's roadmaps.
                    Kind::Roadmap(_) => {
                        f.add(&roadmap_fingerprint(site, *id));
                    }
                    Kind::Event(e) => {
                        if let Some((roadmap, index)) = e.measure.as_ref().and_then(|m| m.target) {
                            let r = &site.pages[roadmap];
                            f.add(&r.fingerprint).add(&r.path).add(&index);
                        }
                    }
                    _ => {
                        f.add(&fps.roadmaps);
                    }
                }
                f.add(&fps.contests);
                for key in KEYS {
                    for v in values(page, key) {
                        f.add(&self.lk.term_fingerprint(key, v));
                    }
                }
                let related = [
                    &self.links.practice_events,
                    &self.links.event_practices,
                    &self.links.replaced_by,
                    &self.links.replaces,
                ];
                for map in related {
                    Self::add_cards(&mut f, fps, map.get(id).map_or(&[], Vec::as_slice));
                }
                // Mentors who name this page, and the practices and events a mentor names.
                Self::add_cards(&mut f, fps, self.mentor_links.naming(*id));
                if let Some(m) = page.as_mentor() {
                    let targets: Vec<PageId> = m
                        .practices
                        .iter()
                        .chain(&m.events)
                        .filter_map(|r| r.target)
                        .collect();
                    Self::add_cards(&mut f, fps, &targets);
                }
            }
            Job::List { kind, page } => {
                let (slice, total) = self.list_page(*kind, *page);
                f.add("list").add(super::section_key(*kind)).add(page);
                f.add(&total);
                Self::add_cards(&mut f, fps, &slice);
                f.add(&fps.facets.get(kind));
            }
            Job::Organizations => {
                f.add("organizations");
                for o in &site.organizations {
                    let ids = self.links.by_org.get(&o.id).map_or(&[][..], Vec::as_slice);
                    let count = |k: KindName| {
                        ids.iter()
                            .filter(|&&i| site.pages[i].kind_name() == k)
                            .count()
                    };
                    f.add(&o.id)
                        .add(&count(KindName::Practice))
                        .add(&count(KindName::Event));
                }
            }
            Job::Organization(i) => {
                let o = &site.organizations[*i];
                f.add("organization")
                    .add(&o.id)
                    .add(&fps.roadmaps)
                    .add(&fps.contests);
                let ids = self.links.by_org.get(&o.id).map_or(&[][..], Vec::as_slice);
                Self::add_cards(&mut f, fps, ids);
                for &id in ids {
                    f.add(&site.pages[id].kind_name());
                }
                Self::add_cards(&mut f, fps, self.mentor_links.of_org(&o.id));
            }
            Job::Roadmaps => {
                f.add("roadmaps").add(&fps.roadmaps);
            }
            Job::Contests => {
                f.add("contests").add(&fps.contests);
            }
            Job::DocumentTemplates => {
                // The page shows each template's title, note and file (its size too): the
                // whole page, whose fingerprint covers its attachments.
                f.add("document templates");
                for id in self.template_ids() {
                    f.add(&site.pages[id].fingerprint);
                }
            }
            Job::Mentors => {
                f.add("mentors");
                Self::add_cards(&mut f, fps, &site.mentors);
            }
            Job::Taxonomies => {
                f.add("taxonomies");
                for t in &site.taxonomies {
                    f.add(t.key).add(&t.terms.len());
                }
            }
            Job::Taxonomy(t) => {
                f.add("taxonomy");
                self.add_taxonomy(&mut f, *t);
            }
            Job::Term {
                tax,
                term: term_i,
                page,
            } => {
                let taxonomy = &site.taxonomies[*tax];
                let term = &taxonomy.terms[*term_i];
                f.add("term")
                    .add(taxonomy.key)
                    .add(&term.name)
                    .add(&term.path)
                    .add(page);
                let per = self.per_page();
                let start = ((page - 1) * per).min(term.pages.len());
                let end = (start + per).min(term.pages.len());
                Self::add_cards(&mut f, fps, &term.pages[start..end]);
                f.add(&fps.term_counts[*tax][*term_i]);
            }
        }
        f.finish()
    }

    fn add_taxonomy(&self, f: &mut Fingerprint, t: usize) {
        let tax = &self.site.taxonomies[t];
        f.add(tax.key).add(&tax.terms.len());
        for term in &tax.terms {
            f.add(&term.name).add(&term.path).add(&term.pages.len());
        }
    }

    /// The facet block of a list (see `Renderer::facets`): its taxonomies' terms with counts
    /// and, for practices, the organizations with their practice counts.
    fn facets_fingerprint(&self, kind: KindName) -> u64 {
        let site = self.site;
        let mut f = Fingerprint::new();
        let keys = super::lists::facet_keys(kind);
        for (t, tax) in site.taxonomies.iter().enumerate() {
            if keys.contains(&tax.key) {
                self.add_taxonomy(&mut f, t);
            }
        }
        if kind == KindName::Practice {
            for o in &site.organizations {
                let n = self.links.by_org.get(&o.id).map_or(0, |ids| {
                    ids.iter()
                        .filter(|&&i| site.pages[i].kind_name() == KindName::Practice)
                        .count()
                });
                f.add(&o.id).add(&n);
            }
        }
        f.finish()
    }
}
