//! The contexts of the register of organizations (`/organizations/`) and of one organization's
//! page. The figures' Russian text, the city totals and the CSV are in `register.rs`.

use serde::Serialize;
use tera::Context;

use crate::content::model::{KindName, Organization};
use crate::content::organizations::KINDS;
use crate::ru;
use crate::ru::typography::upper_first;
use crate::urls;

use super::Renderer;
use super::context::{OrgRef, text};
use super::register::{YearTotal, city_totals, figures_text, mentoring_text};

/// One organization in the register: its link, kind and district, programme, its latest
/// figures, and how many practices and events name it.
#[derive(Serialize)]
struct RegisterRow {
    #[serde(flatten)]
    org: OrgRef,
    /// The kind as written (the filter's value).
    kind: Option<String>,
    /// The kind for display, first letter capitalised, abbreviations kept («Учреждение ДО»).
    kind_label: Option<String>,
    district: Option<String>,
    /// Runs a mentoring programme (the filter «реализует программу»).
    mentoring: bool,
    mentoring_text: String,
    mentoring_url: Option<String>,
    /// The figures of the organization's latest year, and that year.
    figures_year: Option<i32>,
    figures_text: String,
    practices_count: usize,
    events_count: usize,
    counts_text: String,
}

/// A value of a register filter with how many organizations have it.
#[derive(Serialize)]
struct FilterOption {
    value: String,
    label: String,
    count: usize,
}

/// Everything the register shows besides its rows.
#[derive(Serialize)]
struct RegisterCtx {
    total: usize,
    mentoring_count: usize,
    /// «11 организаций, из них 8 реализуют программу наставничества».
    counts_text: String,
    kinds: Vec<FilterOption>,
    districts: Vec<FilterOption>,
    totals: Vec<YearTotal>,
    csv_url: String,
}

/// The curator's published fields, with the phone as a `tel:` address.
#[derive(Serialize)]
struct CuratorCtx {
    name: Option<String>,
    position: Option<String>,
    phone: Option<String>,
    phone_href: Option<String>,
    email: Option<String>,
}

/// One year's figures on an organization's page.
#[derive(Serialize)]
struct FiguresRow {
    year: i32,
    /// Each count as text, «—» where the year's figures leave it out.
    pairs: String,
    groups: String,
    mentors: String,
    mentees: String,
    text: String,
}

fn figure_cell(n: Option<u32>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// Filter options of the values `values` yields, in `order` first (the fixed list of kinds) and
/// then alphabetically.
fn options<'a>(values: impl Iterator<Item = &'a str>, order: &[&str]) -> Vec<FilterOption> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    let rank = |v: &str| order.iter().position(|k| *k == v).unwrap_or(order.len());
    let mut out: Vec<(&str, usize)> = counts.into_iter().collect();
    out.sort_by_key(|(v, _)| rank(v));
    out.into_iter()
        .map(|(v, count)| FilterOption {
            value: v.to_string(),
            label: upper_first(&text(v)),
            count,
        })
        .collect()
}

/// `tel:` and the digits (with a leading «+»), or `None` without digits.
fn phone_href(phone: &str) -> Option<String> {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    (!digits.is_empty()).then(|| format!("tel:{digits}"))
}

fn kind_label(o: &Organization) -> Option<String> {
    o.kind.as_deref().map(|k| upper_first(&text(k)))
}

impl Renderer<'_> {
    /// The register: every organization with its kind, district, programme and latest figures
    /// (and how many practices and events name it), the filters' values with counts, and the
    /// city totals per year.
    pub(super) fn organizations_context(&self, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let mut ctx = self.common_context(
            "Реестр организаций",
            site_path,
            "organizations",
            vec![self.home_crumb()],
        );
        let items: Vec<RegisterRow> = site
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
                let latest = o.figures.last();
                RegisterRow {
                    org: self
                        .lk
                        .org(&o.id)
                        .expect("every organization has a lookup entry"),
                    kind: o.kind.clone(),
                    kind_label: kind_label(o),
                    district: o.district.clone(),
                    mentoring: o.mentoring == Some(true),
                    mentoring_text: mentoring_text(o),
                    mentoring_url: o.mentoring_url.clone(),
                    figures_year: latest.map(|f| f.year),
                    figures_text: latest.map(figures_text).unwrap_or_default(),
                    practices_count: practices,
                    events_count: events,
                    counts_text: parts.join(", "),
                }
            })
            .collect();
        let total = items.len();
        let mentoring_count = items.iter().filter(|r| r.mentoring).count();
        let register = RegisterCtx {
            total,
            mentoring_count,
            counts_text: format!(
                "{}, из них {} программу наставничества",
                ru::plural::count(total as u64, "организация", "организации", "организаций"),
                ru::plural::count(
                    mentoring_count as u64,
                    "реализует",
                    "реализуют",
                    "реализуют"
                ),
            ),
            kinds: options(
                site.organizations.iter().filter_map(|o| o.kind.as_deref()),
                KINDS,
            ),
            districts: options(
                site.organizations
                    .iter()
                    .filter_map(|o| o.district.as_deref()),
                &[],
            ),
            totals: city_totals(site),
            csv_url: self.u.path(urls::ORGANIZATIONS_CSV),
        };
        ctx.insert("register", &register);
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
            self.crumb("Реестр организаций", urls::ORGANIZATIONS),
        ];
        let mut ctx = self.common_context(&o.short, site_path, "organizations", crumbs);
        let ids = self.links.by_org.get(&o.id).cloned().unwrap_or_default();
        #[derive(Serialize)]
        struct OrgPage {
            #[serde(flatten)]
            org: OrgRef,
            kind: Option<String>,
            kind_label: Option<String>,
            address: Option<String>,
            url_external: Option<String>,
            district: Option<String>,
            mentoring: Option<bool>,
            /// `None` when the file does not say.
            mentoring_text: Option<String>,
            program_since: Option<i32>,
            mentoring_url: Option<String>,
            curator: Option<CuratorCtx>,
            figures: Vec<FiguresRow>,
            practices: tera::Value,
            events: tera::Value,
            orders: tera::Value,
            measures: Vec<super::roadmaps::OrgMeasures>,
            /// The contests' results that name this organization: filled by the contests'
            /// renderer; the template's `organization_contests` block shows nothing while empty.
            contest_results: Vec<tera::Value>,
        }
        ctx.insert(
            "organization",
            &OrgPage {
                org: self
                    .lk
                    .org(&o.id)
                    .expect("every organization has a lookup entry"),
                kind: o.kind.as_deref().map(text),
                kind_label: kind_label(o),
                address: o.address.as_deref().map(text),
                url_external: o.url.clone(),
                district: o.district.as_deref().map(text),
                mentoring: o.mentoring,
                mentoring_text: o.mentoring.is_some().then(|| mentoring_text(o)),
                program_since: o.program_since,
                mentoring_url: o.mentoring_url.clone(),
                curator: o.curator.as_ref().map(|c| CuratorCtx {
                    name: c.name.as_deref().map(text),
                    position: c.position.as_deref().map(text),
                    phone: c.phone.clone(),
                    phone_href: c.phone.as_deref().and_then(phone_href),
                    email: c.email.clone(),
                }),
                figures: o
                    .figures
                    .iter()
                    .rev()
                    .map(|f| FiguresRow {
                        year: f.year,
                        pairs: figure_cell(f.pairs),
                        groups: figure_cell(f.groups),
                        mentors: figure_cell(f.mentors),
                        mentees: figure_cell(f.mentees),
                        text: figures_text(f),
                    })
                    .collect(),
                practices: self.cards.practices_of(&ids, &self.site.pages),
                events: self.cards.events_of(&ids, &self.site.pages),
                orders: self.cards.orders_of(&ids, &self.site.pages),
                measures: self.measures_of_organization(&o.id),
                contest_results: Vec::new(),
            },
        );
        ctx.insert(
            "contest_results",
            &self.contest_results_of_organization(&o.id),
        );
        // The organization's published mentors: a value of its own beside `organization`.
        ctx.insert("mentors", &self.organization_mentors(&o.id));
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
