//! The home page's context.

use tera::Context;

use crate::content::model::PageId;
use crate::ru;

use super::Renderer;
use super::context::text;

/// How many cards the home page shows in each block.
const HOME_EVENTS: usize = 6;
const HOME_PRACTICES: usize = 6;
const HOME_ORDERS: usize = 3;

/// What the home page lists.
pub(super) struct HomeIds {
    pub upcoming: Vec<PageId>,
    pub recent: Vec<PageId>,
    pub practices: Vec<PageId>,
    pub orders: Vec<PageId>,
}

impl Renderer<'_> {
    /// The pages the home page lists.
    pub(super) fn home_ids(&self) -> HomeIds {
        let site = self.site;
        let today = site.today;
        // Ordered by the occurrence that is next, so a yearly event started years ago sits
        // where its coming occurrence belongs.
        let mut upcoming: Vec<(jiff::civil::Date, Option<jiff::civil::Time>, PageId)> = site
            .events
            .iter()
            .filter_map(|&i| {
                let next = site.pages[i].as_event()?.next_occurrence(today)?;
                let (day, time) = next.sort_key();
                Some((day, time, i))
            })
            .collect();
        upcoming.sort();
        let upcoming: Vec<PageId> = upcoming
            .into_iter()
            .take(HOME_EVENTS)
            .map(|(_, _, i)| i)
            .collect();
        let recent: Vec<PageId> = site
            .events
            .iter()
            .rev()
            .copied()
            .filter(|&i| {
                site.pages[i]
                    .as_event()
                    .is_some_and(|e| e.next_occurrence(today).is_none())
            })
            .take(HOME_EVENTS)
            .collect();
        HomeIds {
            upcoming,
            recent,
            practices: site
                .practices
                .iter()
                .take(HOME_PRACTICES)
                .copied()
                .collect(),
            // Templates have their own page, linked from the documents page.
            orders: site
                .orders
                .iter()
                .copied()
                .filter(|&id| {
                    site.pages[id]
                        .as_order()
                        .is_some_and(|o| o.kind != Some(crate::content::model::DocKind::Template))
                })
                .take(HOME_ORDERS)
                .collect(),
        }
    }

    /// The home page: the site's intro, the coming and recent events, the newest practices and
    /// documents, and how many of each the site has.
    pub(super) fn home_context(&self) -> Context {
        let site = self.site;
        let mut ctx = self.common_context(&site.config.title, "", "home", vec![]);
        let HomeIds {
            upcoming,
            recent,
            practices,
            orders,
        } = self.home_ids();
        let intro = site.sections.get("");
        ctx.insert("intro", &intro.map(|s| s.content.clone()));
        if let Some(desc) = intro.and_then(|s| s.description.as_deref()) {
            ctx.insert("page_description", &text(desc));
        }
        ctx.insert_value(
            "upcoming_events",
            self.cards.events_of(&upcoming, &self.site.pages),
        );
        ctx.insert_value(
            "recent_events",
            self.cards.events_of(&recent, &self.site.pages),
        );
        ctx.insert_value(
            "newest_practices",
            self.cards.practices_of(&practices, &self.site.pages),
        );
        ctx.insert_value(
            "latest_orders",
            self.cards.orders_of(&orders, &self.site.pages),
        );
        ctx.insert("current_roadmaps", &self.current_roadmaps());
        let (e, p, o, g) = (
            site.events.len() as u64,
            site.practices.len() as u64,
            site.orders.len() as u64,
            site.organizations.len() as u64,
        );
        ctx.insert(
            "counts",
            &serde_json::json!({"events": e, "practices": p, "orders": o, "organizations": g}),
        );
        ctx.insert(
            "counts_text",
            &serde_json::json!({
                "events": ru::plural::count(e, "мероприятие", "мероприятия", "мероприятий"),
                "practices": ru::plural::count(p, "практика", "практики", "практик"),
                "orders": ru::plural::count(o, "документ", "документа", "документов"),
                "organizations": ru::plural::count(g, "организация", "организации", "организаций"),
            }),
        );
        ctx
    }
}
