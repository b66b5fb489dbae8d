//! The contexts of the organizations list and of one organization's page.

use serde::Serialize;
use tera::Context;

use crate::content::model::KindName;
use crate::ru;
use crate::urls;

use super::Renderer;
use super::context::{OrgRef, text};

impl Renderer<'_> {
    /// The list of organizations, each with how many practices and events name it.
    pub(super) fn organizations_context(&self, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let mut ctx = self.common_context(
            "Организации",
            site_path,
            "organizations",
            vec![self.home_crumb()],
        );
        #[derive(Serialize)]
        struct OrgItem {
            #[serde(flatten)]
            org: OrgRef,
            kind: Option<String>,
            practices_count: usize,
            events_count: usize,
            counts_text: String,
        }
        let items: Vec<OrgItem> = site
            .organizations
            .iter()
            .map(|o| {
                let ids = self
                    .links
                    .by_org
                    .get(&o.id)
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let practices = ids
                    .iter()
                    .filter(|&&i| site.pages[i].kind_name() == KindName::Practice)
                    .count();
                let events = ids
                    .iter()
                    .filter(|&&i| site.pages[i].kind_name() == KindName::Event)
                    .count();
                let mut parts = Vec::new();
                if practices > 0 {
                    parts.push(ru::plural::count(
                        practices as u64,
                        "практика",
                        "практики",
                        "практик",
                    ));
                }
                if events > 0 {
                    parts.push(ru::plural::count(
                        events as u64,
                        "мероприятие",
                        "мероприятия",
                        "мероприятий",
                    ));
                }
                OrgItem {
                    org: self
                        .lk
                        .org(&o.id)
                        .expect("every organization has a lookup entry"),
                    kind: o.kind.as_deref().map(text),
                    practices_count: practices,
                    events_count: events,
                    counts_text: parts.join(", "),
                }
            })
            .collect();
        ctx.insert("organizations", &items);
        ("organizations.html", ctx)
    }

    /// One organization's page: its practices, events and documents, and its calendar feed.
    pub(super) fn organization_context(
        &self,
        i: usize,
        site_path: &str,
    ) -> (&'static str, Context) {
        let site = self.site;
        let o = &site.organizations[i];
        let crumbs = vec![
            self.home_crumb(),
            self.crumb("Организации", urls::ORGANIZATIONS),
        ];
        let mut ctx = self.common_context(&o.short, site_path, "organizations", crumbs);
        let ids = self.links.by_org.get(&o.id).cloned().unwrap_or_default();
        #[derive(Serialize)]
        struct OrgPage {
            #[serde(flatten)]
            org: OrgRef,
            kind: Option<String>,
            address: Option<String>,
            url_external: Option<String>,
            practices: tera::Value,
            events: tera::Value,
            orders: tera::Value,
            measures: Vec<super::roadmaps::OrgMeasures>,
        }
        ctx.insert(
            "organization",
            &OrgPage {
                org: self
                    .lk
                    .org(&o.id)
                    .expect("every organization has a lookup entry"),
                kind: o.kind.as_deref().map(text),
                address: o.address.as_deref().map(text),
                url_external: o.url.clone(),
                practices: self.cards.practices_of(&ids, &self.site.pages),
                events: self.cards.events_of(&ids, &self.site.pages),
                orders: self.cards.orders_of(&ids, &self.site.pages),
                measures: self.measures_of_organization(&o.id),
            },
        );
        let has_events = self
            .links
            .by_org
            .get(&o.id)
            .is_some_and(|ids| ids.iter().any(|&i| site.pages[i].as_event().is_some()));
        if has_events {
            let feed = crate::calendar::feed_link(
                &self.u,
                &o.short,
                &crate::calendar::feeds::organization_path(&o.id),
            );
            ctx.insert("calendar_feed", &feed);
            ctx.insert(
                "subscribe_url",
                &self.u.path(crate::calendar::SUBSCRIBE_PATH),
            );
            ctx.insert(
                "embed",
                &crate::calendar::embed_code(&self.u, Some(("org", &o.id))),
            );
        }
        ("organization.html", ctx)
    }
}
