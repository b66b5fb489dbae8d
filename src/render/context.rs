//! Serializable shapes that templates receive (documented in docs/templates.md).
//!
//! Cards are built once per page ([`Cards`]) and reused by every list, term page and the home
//! page that shows them: building a card means typographing and formatting dates, which is
//! work not to repeat per list.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::content::model::{Attachment, Kind, KindName, Organization, Page, PageId, Site};
use crate::content::taxonomy::term_slug;
use crate::html::text_to_html;
use crate::ru;
use crate::urls::{self, Urls};

#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub description: String,
    pub department: String,
    pub contacts: String,
    pub base_url: String,
    pub base_path: String,
    pub build_date_iso: String,
    /// «23 ноября 2026 г.», for an «Обновлено …» line.
    pub build_date_text: String,
    pub build_year: i16,
}

#[derive(Debug, Clone, Serialize)]
pub struct UrlsCtx {
    pub home: String,
    pub events: String,
    pub calendar: String,
    pub practices: String,
    pub orders: String,
    pub organizations: String,
    pub about: Option<String>,
    pub search: String,
    pub atom: String,
    pub sitemap: String,
    /// The theme's style sheet and scripts, each with its fingerprint (see
    /// [`super::theme::asset_path`]).
    pub css: String,
    pub js: String,
    pub stem_js: String,
    pub search_js: String,
    pub taxonomies: String,
    /// The list of contests, when the site has some.
    pub contests: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermCtx {
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrgRef {
    pub id: String,
    pub short: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentCtx {
    pub title: String,
    pub url: String,
    pub kind_label: String,
    pub size_text: String,
    pub file_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventCard {
    pub title: String,
    pub url: String,
    pub when_text: String,
    pub start_iso: String,
    pub end_iso: Option<String>,
    pub first_day_iso: String,
    pub last_day_iso: String,
    pub format: Option<TermCtx>,
    pub series: Option<TermCtx>,
    pub status: &'static str,
    pub status_class: &'static str,
    pub summary: Option<String>,
    pub organizations: Vec<OrgRef>,
    /// The first lines of a past event's results.
    pub results_lead: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PracticeCard {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub organizations: Vec<OrgRef>,
    pub levels: Vec<TermCtx>,
    pub forms: Vec<TermCtx>,
    pub year: Option<TermCtx>,
    pub date_text: Option<String>,
    pub date_iso: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderCard {
    pub title: String,
    pub url: String,
    /// «Распоряжение Министерства просвещения РФ от 25.12.2019 № Р-145» (see
    /// [`super::documents::document_label`]).
    pub label: String,
    /// The kind as editors write it («распоряжение»), and its key for the page's filter.
    pub kind: Option<&'static str>,
    pub kind_key: Option<String>,
    pub number: Option<String>,
    pub date_text: Option<String>,
    pub date_iso: Option<String>,
    pub year: Option<i16>,
    pub issuer: Option<String>,
    /// Whether the label names the issuer already (cards then leave it out).
    pub issuer_in_label: bool,
    /// «утратил силу» also when another document replaces this one.
    pub status: &'static str,
    pub status_class: &'static str,
    /// The level as written in the list («муниципальный») and its key (`municipal`).
    pub level: Option<&'static str>,
    pub level_key: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PaginatorCtx {
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub pages: Vec<PageLink>,
}

/// One entry of the page links; `gap` marks skipped numbers («…»).
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

/// Plain text with typography, for values the template escapes itself.
pub fn text(s: &str) -> String {
    ru::typography::typograph(s)
}

/// Every page's card as a template value, built once: template values share their data through
/// `Arc`, so putting a card in many lists (home, list pages, term pages, organization pages)
/// copies nothing. A page's own context builds its typed card afresh, once.
pub struct Cards {
    values: Vec<Option<tera::Value>>,
}

impl Cards {
    pub fn build(site: &Site, lk: &Lookups, tera: &tera::Tera) -> Cards {
        use rayon::prelude::*;
        let values = site
            .pages
            .par_iter()
            .map(|page| card_value(lk, tera, page))
            .collect();
        Cards { values }
    }

    /// Builds the cards, taking a page's card from `previous` when its key (a fingerprint of
    /// everything the card shows) is there: the dev server then builds only changed cards.
    pub fn build_reusing(
        site: &Site,
        lk: &Lookups,
        tera: &tera::Tera,
        keys: &[u64],
        previous: &HashMap<u64, tera::Value>,
    ) -> Cards {
        use rayon::prelude::*;
        let values = site
            .pages
            .par_iter()
            .zip(keys)
            .map(|(page, key)| match previous.get(key) {
                Some(v) => Some(v.clone()),
                None => card_value(lk, tera, page),
            })
            .collect();
        Cards { values }
    }

    /// The cards by their keys, for [`Cards::build_reusing`] next time.
    pub fn keyed(&self, keys: &[u64]) -> HashMap<u64, tera::Value> {
        self.values
            .iter()
            .zip(keys)
            .filter_map(|(v, k)| Some((*k, v.clone()?)))
            .collect()
    }

    /// One page's card value.
    pub fn value(&self, id: PageId) -> Option<tera::Value> {
        self.values[id].clone()
    }

    /// The cards of the given pages of one kind, as a template list.
    pub fn list(&self, ids: &[PageId], kind: KindName, pages: &[Page]) -> tera::Value {
        let items: Vec<tera::Value> = ids
            .iter()
            .filter(|&&i| pages[i].kind_name() == kind)
            .filter_map(|&i| self.values[i].clone())
            .collect();
        tera::Value::from(items)
    }

    pub fn events_of(&self, ids: &[PageId], pages: &[Page]) -> tera::Value {
        self.list(ids, KindName::Event, pages)
    }

    pub fn practices_of(&self, ids: &[PageId], pages: &[Page]) -> tera::Value {
        self.list(ids, KindName::Practice, pages)
    }

    pub fn orders_of(&self, ids: &[PageId], pages: &[Page]) -> tera::Value {
        self.list(ids, KindName::Order, pages)
    }
}

/// Organization links and taxonomy terms, typographed once for the whole build: cards of
/// thousands of pages name the same hundred organizations and forty topics.
pub struct Lookups {
    pub u: Urls,
    /// The build's date: a card says «состоялось» for an event whose last day has passed.
    pub today: jiff::civil::Date,
    orgs: HashMap<String, OrgRef>,
    /// Terms by taxonomy key and by every spelling pages use (spellings that differ only in case
    /// or dashes share a term), with each term's fingerprint.
    terms: HashMap<&'static str, HashMap<String, (TermCtx, u64)>>,
    /// The site paths of documents another document replaces (by its `replaces`, or by their
    /// own `replaced_by`): their cards say «утратил силу» whatever their `status` says.
    replaced: rustc_hash::FxHashSet<String>,
    /// Every organization and term as one template value, by its address: the cards share them
    /// (see [`Lookups::share_parts`]).
    shared: HashMap<String, tera::Value>,
}

impl Lookups {
    pub fn build(site: &Site, u: &Urls) -> Lookups {
        let orgs: HashMap<String, OrgRef> = site
            .organizations
            .iter()
            .map(|o| (o.id.clone(), org_ref(o, u)))
            .collect();
        let mut by_slug: HashMap<(&'static str, &str), (TermCtx, u64)> = HashMap::default();
        for tax in &site.taxonomies {
            for term in &tax.terms {
                let ctx = TermCtx {
                    name: text(&term.name),
                    url: u.path(&term.path),
                    count: term.pages.len(),
                };
                let fp = crate::fingerprint::of(&(&ctx.name, &ctx.url, ctx.count));
                by_slug.insert((tax.key, term.slug.as_str()), (ctx, fp));
            }
        }
        // Every spelling pages use, resolved to its term once (transliterating each
        // occurrence would cost more than the rest of the lookups).
        let mut terms: HashMap<&'static str, HashMap<String, (TermCtx, u64)>> = HashMap::default();
        for key in crate::content::taxonomy::KEYS {
            terms.insert(key, HashMap::default());
        }
        for page in &site.pages {
            for key in crate::content::taxonomy::KEYS {
                let names = terms.get_mut(key).expect("every key was inserted");
                for value in crate::content::taxonomy::values(page, key) {
                    if names.contains_key(value) {
                        continue;
                    }
                    if let Some(found) = by_slug.get(&(key, term_slug(value).as_str())) {
                        names.insert(value.to_string(), found.clone());
                    }
                }
            }
        }
        let mut replaced = rustc_hash::FxHashSet::default();
        for &id in &site.orders {
            let Some(o) = site.pages[id].as_order() else {
                continue;
            };
            if let Some(target) = o.replaces.as_ref().and_then(|r| r.target) {
                replaced.insert(site.pages[target].path.clone());
            }
            if o.replaced_by.as_ref().is_some_and(|r| r.target.is_some()) {
                replaced.insert(site.pages[id].path.clone());
            }
        }
        let shared = orgs
            .values()
            .map(|o| (o.url.clone(), tera::Value::from_serializable(o)))
            .chain(
                by_slug
                    .values()
                    .map(|(t, _)| (t.url.clone(), tera::Value::from_serializable(t))),
            )
            .collect();
        Lookups {
            u: u.clone(),
            today: site.today,
            orgs,
            terms,
            replaced,
            shared,
        }
    }

    /// Whether another document replaces the document at `path`.
    pub fn is_replaced(&self, path: &str) -> bool {
        self.replaced.contains(path)
    }

    pub fn org(&self, id: &str) -> Option<OrgRef> {
        self.orgs.get(id).cloned()
    }

    pub fn org_refs(&self, ids: &[String]) -> Vec<OrgRef> {
        ids.iter().filter_map(|id| self.org(id)).collect()
    }

    /// A term as a link with its count, by the name a page gives.
    pub fn term(&self, key: &str, name: &str) -> Option<TermCtx> {
        self.terms.get(key)?.get(name).map(|(t, _)| t.clone())
    }

    /// The fingerprint of what [`Lookups::term`] gives (0 when there is no such term).
    pub fn term_fingerprint(&self, key: &str, name: &str) -> u64 {
        self.terms
            .get(key)
            .and_then(|m| m.get(name))
            .map_or(0, |(_, fp)| *fp)
    }

    pub fn terms(&self, key: &str, names: &[String]) -> Vec<TermCtx> {
        names.iter().filter_map(|n| self.term(key, n)).collect()
    }

    /// `card` with each organization and term in it replaced by the build's one value of it,
    /// which is equal. A card made by serializing holds its own copy of every organization and
    /// term it names, and the cards of a large site name the same hundred organizations and
    /// forty terms about five times each: at 10,000/5,000 the copies were 40 MB of the build's
    /// 386 MB peak (docs/benchmarks.md). Template values share a map through an `Arc`.
    fn share_parts(&self, card: tera::Value) -> tera::Value {
        if card.as_map().is_none() {
            return card;
        }
        let mut map = card.into_map().expect("a map, as checked");
        for value in map.values_mut() {
            let part = std::mem::replace(value, tera::Value::none());
            *value = match part.as_array() {
                Some(items) if items.iter().any(|i| self.shared_part(i).is_some()) => items
                    .iter()
                    .map(|i| self.shared_part(i).unwrap_or_else(|| i.clone()))
                    .collect::<Vec<_>>()
                    .into(),
                _ => self.shared_part(&part).unwrap_or(part),
            };
        }
        map.into()
    }

    /// The shared value equal to `part`, when `part` is an organization or a term.
    fn shared_part(&self, part: &tera::Value) -> Option<tera::Value> {
        let url = part
            .as_map()?
            .get(&tera::value::Key::Str("url"))?
            .as_str()?;
        self.shared.get(url).filter(|s| *s == part).cloned()
    }
}

fn card_value(lk: &Lookups, tera: &tera::Tera, page: &Page) -> Option<tera::Value> {
    let (kind, card) = match &page.kind {
        Kind::Event(_) => (
            "event",
            tera::Value::from_serializable(&event_card(lk, page)),
        ),
        Kind::Practice(_) => (
            "practice",
            tera::Value::from_serializable(&practice_card(lk, page)),
        ),
        Kind::Order(_) => (
            "order",
            tera::Value::from_serializable(&order_card(lk, page)),
        ),
        Kind::Roadmap(_) | Kind::Contest(_) | Kind::Mentor(_) | Kind::Plain => return None,
    };
    Some(with_html(tera, kind, lk.share_parts(card)))
}

/// A card as a template value with `html`: the card rendered at heading level 3, which lists at
/// that level print instead of rendering the card again. Without `html` if rendering failed:
/// the lists then render the card themselves and report the template error with the page.
///
/// The card is serialized once, as a struct, and rendered from that value; `html` is added to
/// its map afterwards. (Serializing a struct with the card flattened into it, as before, made
/// every field name of every card an allocation of its own.)
fn with_html(tera: &tera::Tera, kind: &str, card: tera::Value) -> tera::Value {
    let mut ctx = tera::Context::new();
    ctx.insert_value("card", card.clone());
    let html = tera
        .render(&format!("nastavnik/{kind}_card.html"), &ctx)
        .ok();
    drop(ctx);
    let (Some(html), Some(_)) = (html, card.as_map()) else {
        return card;
    };
    let mut map = card.into_map().expect("a map, as checked");
    map.insert(tera::value::Key::Str("html"), html.into());
    map.into()
}

fn org_ref(o: &Organization, u: &Urls) -> OrgRef {
    OrgRef {
        id: o.id.clone(),
        short: text(&o.short),
        name: text(&o.name),
        url: u.path(&o.path),
    }
}

pub fn event_card(lk: &Lookups, page: &Page) -> EventCard {
    let u = &lk.u;
    let Kind::Event(e) = &page.kind else {
        unreachable!("event_card is only called for events")
    };
    EventCard {
        title: text_to_html(&page.title),
        url: u.path(&page.path),
        when_text: crate::when::format_event_when(&e.when, e.repeat.as_ref()),
        start_iso: iso_point(&e.when.start),
        end_iso: e.when.end.as_ref().map(iso_point),
        first_day_iso: e.when.first_day().to_string(),
        // For a yearly event without end, a far date: the browser must never call it past.
        last_day_iso: e
            .last_day_overall()
            .unwrap_or(jiff::civil::Date::MAX)
            .to_string(),
        format: e.format.as_deref().and_then(|f| lk.term("formats", f)),
        series: e.series.as_deref().and_then(|s| lk.term("series", s)),
        status: e.state(lk.today).label(),
        status_class: e.state(lk.today).css_class(),
        summary: page.summary.as_deref().map(text),
        organizations: lk.org_refs(&e.organizations),
        results_lead: e.outcome.results_lead.as_deref().map(text),
    }
}

/// The machine form for `<time datetime>`: `2022-10-10`, `2022-10-10T15:00`, `2023-04`; a
/// quarter has no HTML form, so its first month stands for it.
fn iso_point(p: &crate::when::DatePoint) -> String {
    use crate::when::DatePoint;
    match p {
        DatePoint::Day(d) => d.to_string(),
        DatePoint::DateTime(dt) => dt.strftime("%Y-%m-%dT%H:%M").to_string(),
        DatePoint::Month { year, month } => format!("{year:04}-{month:02}"),
        DatePoint::Quarter { year, quarter } => format!("{year:04}-{:02}", (quarter - 1) * 3 + 1),
    }
}

pub fn practice_card(lk: &Lookups, page: &Page) -> PracticeCard {
    let u = &lk.u;
    let Kind::Practice(p) = &page.kind else {
        unreachable!("practice_card is only called for practices")
    };
    PracticeCard {
        title: text_to_html(&page.title),
        url: u.path(&page.path),
        summary: text(page.summary.as_deref().unwrap_or("")),
        organizations: lk.org_refs(&p.organizations),
        levels: lk.terms("levels", &p.levels),
        forms: lk.terms("forms", &p.forms),
        year: p.year.as_deref().and_then(|y| lk.term("years", y)),
        date_text: p.date.map(ru::dates::format_date),
        date_iso: p.date.map(|d| d.to_string()),
    }
}

pub fn order_card(lk: &Lookups, page: &Page) -> OrderCard {
    let u = &lk.u;
    let Kind::Order(o) = &page.kind else {
        unreachable!("order_card is only called for orders")
    };
    let status = if lk.is_replaced(&page.path) {
        crate::content::model::OrderStatus::Void
    } else {
        o.status
    };
    OrderCard {
        title: text_to_html(&page.title),
        url: u.path(&page.path),
        label: super::documents::document_label(o),
        kind: o.kind.map(|k| k.name()),
        kind_key: o.kind.map(|k| ru::translit::slugify(k.name())),
        number: o.number.clone(),
        date_text: o.date.map(ru::dates::format_date),
        date_iso: o.date.map(|d| d.to_string()),
        year: o.date.map(|d| d.year()),
        issuer: o.issuer.as_deref().map(text),
        issuer_in_label: o
            .issuer
            .as_deref()
            .and_then(ru::genitive::issuer_genitive)
            .is_some(),
        status: status.label(),
        status_class: status.css_class(),
        level: o.level.map(|l| l.name()),
        level_key: o.level.map(|l| l.key()),
    }
}

pub fn attachment_ctx(a: &Attachment, u: &Urls) -> AttachmentCtx {
    let ext = std::path::Path::new(&a.file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    AttachmentCtx {
        title: text(&a.title),
        url: u.path(&a.path),
        kind_label: ru::filesize::file_kind_label(&ext).to_string(),
        size_text: ru::filesize::human_size(a.size),
        file_name: a.file_name.clone(),
    }
}

/// How many page numbers to show on each side of the current one; the first and last pages
/// are always shown. A list of 500 pages must not print 500 links on each of its pages.
const PAGE_WINDOW: usize = 2;

/// Page `current` of `total_items` split by `per_page`, with links.
pub fn paginator(
    u: &Urls,
    base: &str,
    current: usize,
    total_items: usize,
    per_page: usize,
) -> PaginatorCtx {
    let total_pages = total_items.div_ceil(per_page).max(1);
    let link = |n: usize| u.path(&urls::paginated(base, n));
    let mut pages = Vec::new();
    let mut previous = 0;
    for n in 1..=total_pages {
        let near = n + PAGE_WINDOW >= current && n <= current + PAGE_WINDOW;
        if n == 1 || n == total_pages || near {
            if n > previous + 1 {
                pages.push(PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                });
            }
            pages.push(PageLink {
                number: n,
                url: link(n),
                current: n == current,
                gap: false,
            });
            previous = n;
        }
    }
    PaginatorCtx {
        current,
        total_pages,
        total_items,
        prev_url: (current > 1).then(|| link(current - 1)),
        next_url: (current < total_pages).then(|| link(current + 1)),
        pages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_window_with_gaps() {
        let u = Urls::new("https://example.org/");
        let p = paginator(&u, "practices/", 10, 500, 20);
        let shown: Vec<String> = p
            .pages
            .iter()
            .map(|l| {
                if l.gap {
                    "…".into()
                } else {
                    l.number.to_string()
                }
            })
            .collect();
        assert_eq!(shown, ["1", "…", "8", "9", "10", "11", "12", "…", "25"]);
        assert_eq!(p.prev_url.as_deref(), Some("/practices/page/9/"));
        let p = paginator(&u, "practices/", 1, 3, 20);
        assert_eq!(p.total_pages, 1);
        assert_eq!(p.pages.len(), 1);
        assert!(p.next_url.is_none());
    }
}
