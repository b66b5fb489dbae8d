//! The contexts of the events, practices and documents lists, and the facet blocks they show.

use tera::Context;

use crate::content::model::{KindName, PageId};
use crate::urls;

use super::context::{TermCtx, paginator, text};
use super::{Renderer, list_base, section_key, section_title};

/// The taxonomies a list offers as facets.
pub(super) fn facet_keys(kind: KindName) -> &'static [&'static str] {
    match kind {
        KindName::Event => &["formats", "series"],
        KindName::Practice => &["levels", "forms", "kinds", "topics", "years", "recognition"],
        _ => &[],
    }
}

impl Renderer<'_> {
    /// The pages of a list, in list order: an iterator, not a copy (the dev server looks at
    /// every list page's slice on each rebuild).
    pub(super) fn list_ids(
        &self,
        kind: KindName,
    ) -> (usize, Box<dyn Iterator<Item = PageId> + '_>) {
        let site = self.site;
        match kind {
            // Newest first, so what is coming and what just happened open the list.
            KindName::Event => (
                site.events.len(),
                Box::new(site.events.iter().rev().copied()),
            ),
            KindName::Practice => (
                site.practices.len(),
                Box::new(site.practices.iter().copied()),
            ),
            KindName::Order => (site.orders.len(), Box::new(site.orders.iter().copied())),
            KindName::Roadmap => (site.roadmaps.len(), Box::new(site.roadmaps.iter().copied())),
            KindName::Contest => (site.contests.len(), Box::new(site.contests.iter().copied())),
            KindName::Mentor => (site.mentors.len(), Box::new(site.mentors.iter().copied())),
            KindName::Plain => (
                site.plain_pages.len(),
                Box::new(site.plain_pages.iter().copied()),
            ),
        }
    }

    /// Page `page` (from 1) of a list: its pages, and how many the whole list has.
    pub(super) fn list_page(&self, kind: KindName, page: usize) -> (Vec<PageId>, usize) {
        let per = match kind {
            // The documents page shows every document (see `documents.rs`).
            KindName::Order => usize::MAX,
            _ => self.per_page(),
        };
        let (len, ids) = self.list_ids(kind);
        (ids.skip((page - 1) * per).take(per).collect(), len)
    }

    /// The context every section's own page starts from: its title (from the section's
    /// `_index.md`, else the kind's name), description and breadcrumbs; the intro is returned
    /// for the page to show where it wants.
    pub(super) fn section_context(
        &self,
        kind: KindName,
        site_path: &str,
    ) -> (Context, Option<&crate::content::model::SectionIntro>) {
        let intro = self.site.sections.get(section_key(kind));
        let title = intro
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| section_title(kind).to_string());
        let mut ctx = self.common_context(
            &title,
            site_path,
            section_key(kind),
            vec![self.home_crumb()],
        );
        if let Some(desc) = intro.and_then(|s| s.description.as_deref()) {
            ctx.insert("page_description", &text(desc));
        }
        ctx.insert("title", &text(&title));
        (ctx, intro)
    }

    /// Page `page` (from 1) of the events, practices or documents list, with its facets.
    pub(super) fn list_context(
        &self,
        kind: KindName,
        page: usize,
        site_path: &str,
    ) -> (&'static str, Context) {
        if kind == KindName::Order {
            return self.documents_context(site_path);
        }
        let per = self.per_page();
        let (slice, total) = self.list_page(kind, page);
        let (mut ctx, intro) = self.section_context(kind, site_path);
        ctx.insert(
            "intro",
            &intro.filter(|_| page == 1).map(|s| s.content.clone()),
        );
        ctx.insert(
            "paginator",
            &paginator(&self.u, list_base(kind), page, total, per),
        );
        let template = match kind {
            KindName::Event => "events.html",
            KindName::Practice => "practices.html",
            _ => "orders.html",
        };
        ctx.insert_value("items", self.cards.list(&slice, kind, &self.site.pages));
        if let Some(f) = self.facets.get(&kind) {
            ctx.insert_value("facets", f.clone());
        }
        (template, ctx)
    }

    /// The facet block of a list: its taxonomies' terms with counts and, for practices, the
    /// organizations with their practice counts. The same on every page of the list, so
    /// [`Renderer::new`] builds it once per list.
    pub(super) fn facets(&self, kind: KindName) -> tera::Value {
        let site = self.site;
        let mut facets: Vec<serde_json::Value> = facet_keys(kind)
            .iter()
            .filter_map(|k| site.taxonomies.iter().position(|t| t.key == *k))
            .filter(|&t| !site.taxonomies[t].terms.is_empty())
            .map(|t| self.taxonomy_value(t, true))
            .collect();
        if kind == KindName::Practice {
            let orgs: Vec<TermCtx> = site
                .organizations
                .iter()
                .filter_map(|o| {
                    let n = self
                        .links
                        .by_org
                        .get(&o.id)?
                        .iter()
                        .filter(|&&i| site.pages[i].kind_name() == KindName::Practice)
                        .count();
                    (n > 0).then(|| TermCtx {
                        name: text(&o.short),
                        url: self.u.path(&o.path),
                        count: n,
                    })
                })
                .collect();
            if !orgs.is_empty() {
                facets.push(serde_json::json!({"key": "organizations", "title": "Организации", "url": self.u.path(urls::ORGANIZATIONS), "terms": orgs}));
            }
        }
        tera::Value::from_serializable(&facets)
    }
}
