//! The context of a content page: an event, a practice, a document or a plain page.

use serde::Serialize;
use tera::Context;

use crate::content::model::{Kind, KindName, PageId};
use crate::html::text_to_html;

use super::context::{
    AttachmentCtx, EventCard, OrderCard, OrgRef, PracticeCard, TermCtx, attachment_ctx, event_card,
    order_card, practice_card, text,
};
use super::{Renderer, list_base, section_key, section_title};

impl Renderer<'_> {
    /// The page of one event, practice, document or plain page: its own content, its card's
    /// values, its attachments and the pages it links to or is linked from.
    pub(super) fn content_page_context(&self, id: PageId) -> (&'static str, Context) {
        let site = self.site;
        let page = &site.pages[id];
        // Taken once, here, for the whole job (see `bodies.rs`).
        let body = self.bodies.for_page(site, id);
        let kind = page.kind_name();
        let mut crumbs = vec![self.home_crumb()];
        if kind != KindName::Plain {
            let title = site
                .sections
                .get(section_key(kind))
                .and_then(|s| s.title.clone())
                .unwrap_or_else(|| section_title(kind).to_string());
            crumbs.push(self.crumb(&title, list_base(kind)));
        }
        if page
            .as_order()
            .is_some_and(|o| o.kind == Some(crate::content::model::DocKind::Template))
        {
            crumbs.push(self.crumb(
                super::documents::TEMPLATES_TITLE,
                crate::urls::DOCUMENT_TEMPLATES,
            ));
        }
        let mut ctx = self.common_context(&page.title, &page.path, section_key(kind), crumbs);
        // The published mentors who name this practice or event.
        ctx.insert("mentors", &self.mentors_naming(id));
        if let Some(summary) = &page.summary {
            ctx.insert("page_description", &text(summary));
        }
        let attachments: Vec<AttachmentCtx> = page
            .attachments
            .iter()
            .map(|a| attachment_ctx(a, &self.u))
            .collect();
        match &page.kind {
            Kind::Event(e) => {
                #[derive(Serialize)]
                struct EventPage<'a> {
                    #[serde(flatten)]
                    card: EventCard,
                    content: &'a str,
                    responsible: Vec<String>,
                    location: Option<String>,
                    online: Option<&'a str>,
                    registration: Option<&'a str>,
                    audience: Option<String>,
                    practices: tera::Value,
                    attachments: Vec<AttachmentCtx>,
                    ics_url: Option<String>,
                    google_calendar_url: Option<String>,
                    json_ld: String,
                    measure: Option<super::roadmaps::MeasureLink>,
                    results_html: &'a str,
                    participants_text: Option<String>,
                    materials: &'a [crate::content::model::Material],
                }
                let practices = self
                    .links
                    .event_practices
                    .get(&id)
                    .cloned()
                    .unwrap_or_default();
                let ctx_event = EventPage {
                    card: event_card(&self.lk, page),
                    content: &body,
                    responsible: e.responsible.iter().map(|r| text(r)).collect(),
                    location: e.location.as_deref().map(text),
                    online: e.online.as_deref(),
                    registration: e.registration.as_deref(),
                    audience: e.audience.as_deref().map(text),
                    practices: self.cards.practices_of(&practices, &self.site.pages),
                    attachments,
                    ics_url: Some(self.u.path(&crate::calendar::feeds::event_path(page))),
                    google_calendar_url: crate::calendar::event_page::google_calendar_url(
                        site, &self.u, page, e,
                    ),
                    json_ld: crate::calendar::event_page::json_ld(site, &self.u, page, e),
                    measure: e
                        .measure
                        .as_ref()
                        .and_then(|m| m.target)
                        .and_then(|t| self.measure_link(t)),
                    results_html: &e.outcome.results_html,
                    participants_text: e.outcome.participants.map(|n| {
                        crate::ru::plural::count(n, "участник", "участника", "участников")
                    }),
                    materials: &e.outcome.materials,
                };
                ctx.insert("event", &ctx_event);
                ("event.html", ctx)
            }
            Kind::Practice(p) => {
                #[derive(Serialize)]
                struct PracticePage<'a> {
                    #[serde(flatten)]
                    card: PracticeCard,
                    content: &'a str,
                    toc: &'a [crate::markdown::TocEntry],
                    authors: Vec<String>,
                    kinds: Vec<TermCtx>,
                    topics: Vec<TermCtx>,
                    audience: Option<String>,
                    recognition: Option<TermCtx>,
                    attachments: Vec<AttachmentCtx>,
                    events: tera::Value,
                }
                let events = self
                    .links
                    .practice_events
                    .get(&id)
                    .cloned()
                    .unwrap_or_default();
                let terms = |key: &str, names: &[String]| {
                    names
                        .iter()
                        .filter_map(|n| self.lk.term(key, n))
                        .collect::<Vec<_>>()
                };
                let ctx_practice = PracticePage {
                    card: practice_card(&self.lk, page),
                    content: &body,
                    toc: &page.toc,
                    authors: p.authors.iter().map(|a| text(a)).collect(),
                    kinds: terms("kinds", &p.kinds),
                    topics: terms("topics", &p.topics),
                    audience: p.audience.as_deref().map(text),
                    recognition: p
                        .recognition
                        .as_deref()
                        .and_then(|r| self.lk.term("recognition", r)),
                    attachments,
                    events: self.cards.events_of(&events, &self.site.pages),
                };
                ctx.insert("practice", &ctx_practice);
                ctx.insert("contest_awards", &self.awards_of_practice(id));
                ("practice.html", ctx)
            }
            Kind::Order(o) => {
                #[derive(Serialize)]
                struct OrderPage<'a> {
                    #[serde(flatten)]
                    card: OrderCard,
                    content: &'a str,
                    summary: Option<String>,
                    file: Option<AttachmentCtx>,
                    attachments: Vec<AttachmentCtx>,
                    replaces: tera::Value,
                    replaced_by: tera::Value,
                    organizations: Vec<OrgRef>,
                    roadmaps: Vec<super::roadmaps::RoadmapCard>,
                }
                let file = o.file.and_then(|i| attachments.get(i).cloned());
                let others: Vec<AttachmentCtx> = attachments
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != o.file)
                    .map(|(_, a)| a.clone())
                    .collect();
                let replaced_by = self.links.replaced_by.get(&id).cloned().unwrap_or_default();
                let replaces = self.links.replaces.get(&id).cloned().unwrap_or_default();
                let ctx_order = OrderPage {
                    card: order_card(&self.lk, page),
                    content: &body,
                    summary: page.summary.as_deref().map(text),
                    file,
                    attachments: others,
                    replaces: self.cards.orders_of(&replaces, &self.site.pages),
                    replaced_by: self.cards.orders_of(&replaced_by, &self.site.pages),
                    organizations: self.lk.org_refs(&o.organizations),
                    roadmaps: self.roadmaps_of_order(id),
                };
                ctx.insert("order", &ctx_order);
                ("order.html", ctx)
            }
            Kind::Roadmap(_) => self.roadmap_context(id, &body, ctx),
            Kind::Contest(_) => self.contest_context(id, &body, ctx),
            Kind::Mentor(_) => self.mentor_context(id, &body, ctx),
            Kind::Plain => {
                ctx.insert(
                    "page",
                    &serde_json::json!({
                        "title": text_to_html(&page.title),
                        "content": &*body,
                        "summary": page.summary.as_deref().map(text),
                        "attachments": attachments,
                    }),
                );
                ("page.html", ctx)
            }
        }
    }
}
