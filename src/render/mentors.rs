//! The mentors' register: one mentor's page, the register `/mentors/` with its filters and its
//! grouped lists, and the blocks other pages show (the mentors who name a practice or an event,
//! an organization's mentors).
//!
//! Everything here reads the model as it is: a [`Mentor`] holds only what its person consented
//! to publish, and the site holds only mentors whose consent is in force (see
//! `content/mentor.rs`). Nothing here decides what may be shown.

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use tera::Context;

use crate::content::model::{Mentor, PageId, Site};
use crate::content::taxonomy::term_slug;
use crate::html::text_to_html;
use crate::ru;
use crate::urls;

use super::context::{OrgRef, text};
use super::{Job, Renderer};

/// Which published mentors name which practice, event and organization, in register order.
#[derive(Default)]
pub(super) struct MentorLinks {
    pub by_page: HashMap<PageId, Vec<PageId>>,
    pub by_org: HashMap<String, Vec<PageId>>,
}

impl MentorLinks {
    pub(super) fn build(site: &Site) -> Self {
        let mut links = MentorLinks::default();
        for &id in &site.mentors {
            let Some(m) = site.pages[id].as_mentor() else {
                continue;
            };
            for target in m.practices.iter().chain(&m.events).filter_map(|r| r.target) {
                let list = links.by_page.entry(target).or_default();
                if !list.contains(&id) {
                    list.push(id);
                }
            }
            for org in &m.organizations {
                links.by_org.entry(org.clone()).or_default().push(id);
            }
        }
        links
    }

    /// The mentors who name page `id` among their practices or events.
    pub(super) fn naming(&self, id: PageId) -> &[PageId] {
        self.by_page.get(&id).map_or(&[], Vec::as_slice)
    }

    pub(super) fn of_org(&self, org: &str) -> &[PageId] {
        self.by_org.get(org).map_or(&[], Vec::as_slice)
    }
}

/// A value a register filter selects by.
#[derive(Debug, Clone, Serialize)]
pub struct FilterValue {
    pub key: String,
    pub label: String,
}

/// A mentor as lists show it.
#[derive(Debug, Clone, Serialize)]
pub struct MentorCard {
    /// HTML (typographed, escaped).
    pub name: String,
    /// Plain text, for the photo's alt text.
    pub name_text: String,
    pub url: String,
    pub photo_url: Option<String>,
    pub position: Option<String>,
    pub organization: Option<OrgRef>,
    pub subjects: Vec<FilterValue>,
    pub levels: Vec<FilterValue>,
    pub forms: Vec<FilterValue>,
    /// «стаж 23 года».
    pub experience_text: Option<String>,
    pub category: Option<String>,
    /// Space-separated filter keys, for the register's script.
    pub keys_org: String,
    pub keys_level: String,
    pub keys_subject: String,
    pub keys_form: String,
}

/// A link to a mentor, for practice and event pages.
#[derive(Debug, Clone, Serialize)]
pub struct MentorLink {
    pub name: String,
    pub url: String,
}

/// One group of the register's lists without JavaScript («по организациям»: each organization
/// with its mentors).
#[derive(Debug, Serialize)]
struct Group {
    key: String,
    label: String,
    anchor: String,
    mentors: Vec<MentorLink>,
}

#[derive(Debug, Serialize)]
struct Grouping {
    /// The URL parameter and the filter's name (`org`, `level`, `subject`, `form`).
    param: &'static str,
    title: &'static str,
    groups: Vec<Group>,
}

fn values(list: &[String]) -> Vec<FilterValue> {
    list.iter()
        .map(|v| FilterValue {
            key: term_slug(v),
            label: text(v),
        })
        .collect()
}

fn keys(list: &[FilterValue]) -> String {
    list.iter()
        .map(|v| v.key.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// «стаж 23 года».
pub fn experience_text(years: u32) -> String {
    format!(
        "стаж {}",
        ru::plural::count(years as u64, "год", "года", "лет")
    )
}

/// «8 наставников».
pub fn count_text(n: usize) -> String {
    ru::plural::count(n as u64, "наставник", "наставника", "наставников")
}

impl Renderer<'_> {
    fn mentor(&self, id: PageId) -> Option<&Mentor> {
        self.site.pages[id].as_mentor()
    }

    pub(super) fn mentor_card(&self, id: PageId) -> Option<MentorCard> {
        let page = &self.site.pages[id];
        let m = page.as_mentor()?;
        let organization = m.organizations.first().and_then(|o| self.lk.org(o));
        let (subjects, levels, forms) = (values(&m.subjects), values(&m.levels), values(&m.forms));
        Some(MentorCard {
            name: text_to_html(&page.title),
            name_text: text(&page.title),
            url: self.u.path(&page.path),
            photo_url: m.photo.as_ref().map(|p| self.u.path(&p.path)),
            position: m.position.as_deref().map(text),
            keys_org: organization
                .as_ref()
                .map(|o| o.id.clone())
                .unwrap_or_default(),
            organization,
            keys_level: keys(&levels),
            keys_subject: keys(&subjects),
            keys_form: keys(&forms),
            subjects,
            levels,
            forms,
            experience_text: m.experience_years.map(experience_text),
            category: m.category.as_deref().map(text),
        })
    }

    fn mentor_link(&self, id: PageId) -> MentorLink {
        let page = &self.site.pages[id];
        MentorLink {
            name: text_to_html(&page.title),
            url: self.u.path(&page.path),
        }
    }

    /// The mentors who name page `id` (a practice or an event) and are published with their
    /// name: only those are in the site at all.
    pub(super) fn mentors_naming(&self, id: PageId) -> Vec<MentorLink> {
        self.mentor_links
            .naming(id)
            .iter()
            .map(|&m| self.mentor_link(m))
            .collect()
    }

    /// An organization's mentors, for its page (a separate context value, `mentors`).
    pub(super) fn organization_mentors(&self, org: &str) -> Vec<MentorCard> {
        self.mentor_links
            .of_org(org)
            .iter()
            .filter_map(|&id| self.mentor_card(id))
            .collect()
    }

    /// Whether a job's page asks search engines not to index it (and so stays out of the
    /// sitemap): the mentors' pages and register, unless `site.yaml` says otherwise.
    pub(super) fn is_noindex(&self, job: &Job) -> bool {
        self.site.config.mentors_noindex
            && match job {
                Job::Mentors => true,
                Job::Page(id) => self.mentor(*id).is_some(),
                _ => false,
            }
    }

    /// One mentor's page.
    pub(super) fn mentor_context(
        &self,
        id: PageId,
        body: &str,
        mut ctx: Context,
    ) -> (&'static str, Context) {
        #[derive(Serialize)]
        struct MentorPage<'a> {
            #[serde(flatten)]
            card: MentorCard,
            content: &'a str,
            topics: Vec<String>,
            awards: Vec<String>,
            phone: Option<&'a str>,
            email: Option<&'a str>,
            practices: tera::Value,
            events: tera::Value,
        }
        let site = self.site;
        let (Some(m), Some(card)) = (self.mentor(id), self.mentor_card(id)) else {
            return ("mentor.html", ctx);
        };
        let targets = |refs: &[crate::content::model::PageRef]| -> Vec<PageId> {
            refs.iter().filter_map(|r| r.target).collect()
        };
        let page = MentorPage {
            card,
            content: body,
            topics: m.topics.iter().map(|t| text(t)).collect(),
            awards: m.awards.iter().map(|a| text(a)).collect(),
            phone: m.phone.as_deref(),
            email: m.email.as_deref(),
            practices: self.cards.practices_of(&targets(&m.practices), &site.pages),
            events: self.cards.events_of(&targets(&m.events), &site.pages),
        };
        ctx.insert("mentor", &page);
        ctx.insert("noindex", &self.is_noindex(&Job::Page(id)));
        ("mentor.html", ctx)
    }

    /// The register: every published mentor's card, the filters (kept in the URL by the page's
    /// script) and, for visitors without JavaScript, the mentors grouped by organization, level,
    /// subject and form.
    pub(super) fn mentors_context(&self, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let intro = site.sections.get("mentors");
        let title = intro
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| "Наставники".to_string());
        let mut ctx = self.common_context(&title, site_path, "mentors", vec![self.home_crumb()]);
        if let Some(d) = intro.and_then(|s| s.description.as_deref()) {
            ctx.insert("page_description", &text(d));
        }
        let cards: Vec<MentorCard> = site
            .mentors
            .iter()
            .filter_map(|&id| self.mentor_card(id))
            .collect();
        let groupings = [
            ("org", "По организациям", 0),
            ("level", "По уровням образования", 1),
            ("subject", "По предметам", 2),
            ("form", "По формам наставничества", 3),
        ]
        .into_iter()
        .map(|(param, title, which)| {
            let mut groups: Vec<Group> = Vec::new();
            for (&id, card) in site.mentors.iter().zip(&cards) {
                let vals: Vec<FilterValue> = match which {
                    0 => card
                        .organization
                        .iter()
                        .map(|o| FilterValue {
                            key: o.id.clone(),
                            label: o.short.clone(),
                        })
                        .collect(),
                    1 => card.levels.clone(),
                    2 => card.subjects.clone(),
                    _ => card.forms.clone(),
                };
                for v in vals {
                    let link = self.mentor_link(id);
                    match groups.iter_mut().find(|g| g.key == v.key) {
                        Some(g) => g.mentors.push(link),
                        None => groups.push(Group {
                            anchor: format!("{param}-{}", v.key),
                            key: v.key,
                            label: v.label,
                            mentors: vec![link],
                        }),
                    }
                }
            }
            groups.sort_by(|a, b| {
                a.label
                    .to_lowercase()
                    .cmp(&b.label.to_lowercase())
                    .then_with(|| a.key.cmp(&b.key))
            });
            Grouping {
                param,
                title,
                groups,
            }
        })
        .filter(|g| !g.groups.is_empty())
        .collect::<Vec<_>>();
        ctx.insert("list_title", &text(&title));
        ctx.insert("intro", &intro.map(|s| s.content.clone()));
        ctx.insert("count_text", &count_text(cards.len()));
        ctx.insert("mentors", &cards);
        ctx.insert("groupings", &groupings);
        ctx.insert("noindex", &self.is_noindex(&Job::Mentors));
        ctx.insert("mentors_path", &self.u.path(urls::MENTORS));
        ("mentors.html", ctx)
    }
}
