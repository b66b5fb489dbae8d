//! The contexts of the taxonomies list, one taxonomy's page and one term's pages.

use serde::Serialize;
use tera::Context;

use crate::content::model::{KindName, PageId};
use crate::ru;
use crate::urls;

use super::Renderer;
use super::context::{TermCtx, paginator, text};

impl Renderer<'_> {
    /// The list of taxonomies, each with how many terms it has.
    pub(super) fn taxonomies_context(&self, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let mut ctx =
            self.common_context("Рубрики", site_path, "taxonomies", vec![self.home_crumb()]);
        #[derive(Serialize)]
        struct TaxItem {
            key: &'static str,
            title: &'static str,
            url: String,
            terms_count: usize,
            terms_count_text: String,
        }
        let items: Vec<TaxItem> = site
            .taxonomies
            .iter()
            .filter(|t| !t.terms.is_empty())
            .map(|t| TaxItem {
                key: t.key,
                title: t.title,
                url: self.u.path(&urls::taxonomy(t.key)),
                terms_count: t.terms.len(),
                terms_count_text: ru::plural::count(
                    t.terms.len() as u64,
                    "значение",
                    "значения",
                    "значений",
                ),
            })
            .collect();
        ctx.insert("taxonomies", &items);
        ("taxonomies.html", ctx)
    }

    /// One taxonomy's page: its terms with counts.
    pub(super) fn taxonomy_context(&self, t: usize, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let tax = &site.taxonomies[t];
        let crumbs = vec![self.home_crumb(), self.crumb("Рубрики", urls::TAXONOMIES)];
        let mut ctx = self.common_context(tax.title, site_path, "taxonomies", crumbs);
        ctx.insert("taxonomy", &self.taxonomy_value(t, true));
        ("taxonomy.html", ctx)
    }

    /// A taxonomy as a template value: its key, title, address and (`with_terms`) its terms
    /// with counts. The taxonomy page shows it, and so do the lists' facet blocks.
    pub(super) fn taxonomy_value(&self, t: usize, with_terms: bool) -> serde_json::Value {
        let tax = &self.site.taxonomies[t];
        let terms: Vec<TermCtx> = if with_terms {
            tax.terms
                .iter()
                .map(|term| TermCtx {
                    name: text(&term.name),
                    url: self.u.path(&term.path),
                    count: term.pages.len(),
                })
                .collect()
        } else {
            Vec::new()
        };
        serde_json::json!({
            "key": tax.key,
            "title": tax.title,
            "url": self.u.path(&urls::taxonomy(tax.key)),
            "terms": terms,
        })
    }

    /// Page `page` (from 1) of one term's pages, of every kind.
    pub(super) fn term_context(
        &self,
        t: usize,
        term_i: usize,
        page: usize,
        site_path: &str,
    ) -> (&'static str, Context) {
        let site = self.site;
        let tax = &site.taxonomies[t];
        let term = &tax.terms[term_i];
        let crumbs = vec![
            self.home_crumb(),
            self.crumb(tax.title, &urls::taxonomy(tax.key)),
        ];
        let mut ctx = self.common_context(&term.name, site_path, "taxonomies", crumbs);
        let per = self.per_page();
        let start = (page - 1) * per;
        let slice: Vec<PageId> = term.pages.iter().skip(start).take(per).copied().collect();
        ctx.insert("taxonomy", &self.taxonomy_value(t, false));
        ctx.insert(
            "term",
            &TermCtx {
                name: text(&term.name),
                url: self.u.path(&term.path),
                count: term.pages.len(),
            },
        );
        ctx.insert_value(
            "practices",
            self.cards.practices_of(&slice, &self.site.pages),
        );
        ctx.insert_value("events", self.cards.events_of(&slice, &self.site.pages));
        ctx.insert_value("orders", self.cards.orders_of(&slice, &self.site.pages));
        ctx.insert("counts_text", &self.term_counts[t][term_i]);
        ctx.insert(
            "paginator",
            &paginator(&self.u, &term.path, page, term.pages.len(), per),
        );
        if tax.key == "series" {
            let feed = crate::calendar::feed_link(
                &self.u,
                &term.name,
                &crate::calendar::feeds::series_path(&term.name),
            );
            ctx.insert("calendar_feed", &feed);
            ctx.insert(
                "subscribe_url",
                &self.u.path(crate::calendar::SUBSCRIBE_PATH),
            );
            let slug = crate::content::taxonomy::term_slug(&term.name);
            ctx.insert(
                "embed",
                &crate::calendar::embed_code(&self.u, Some(("series", &slug))),
            );
        }
        ("taxonomy_term.html", ctx)
    }

    /// «3 практики», «2 мероприятия, 1 практика» for a mixed list.
    pub(super) fn count_text(&self, ids: &[PageId]) -> String {
        let count = |k: KindName| {
            ids.iter()
                .filter(|&&i| self.site.pages[i].kind_name() == k)
                .count() as u64
        };
        let mut parts = Vec::new();
        let p = count(KindName::Practice);
        let e = count(KindName::Event);
        let o = count(KindName::Order);
        if p > 0 {
            parts.push(ru::plural::count(p, "практика", "практики", "практик"));
        }
        if e > 0 {
            parts.push(ru::plural::count(
                e,
                "мероприятие",
                "мероприятия",
                "мероприятий",
            ));
        }
        if o > 0 {
            parts.push(ru::plural::count(o, "документ", "документа", "документов"));
        }
        parts.join(", ")
    }
}
