//! Rendering: a pure function of the [`Site`] and the theme into an [`Output`].
//!
//! The list of output jobs is made first (cheap descriptors), then every job is rendered in
//! parallel; each job builds its own context from shared, precomputed cards, so memory holds
//! one page's context per thread rather than every page's at once.

pub mod context;
mod deps;
pub mod feeds;
pub mod incremental;
pub mod theme;

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::model::{Kind, KindName, PageId, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{Content, Output};
use crate::progress::Progress;
use crate::ru;
use crate::urls::{self, Urls};
use context::*;

/// How many cards the home page shows in each block.
const HOME_EVENTS: usize = 6;
const HOME_PRACTICES: usize = 6;
const HOME_ORDERS: usize = 5;

#[derive(Debug, Clone)]
enum Job {
    Home,
    Page(PageId),
    List {
        kind: KindName,
        page: usize,
    },
    Organizations,
    Organization(usize),
    Taxonomies,
    Taxonomy(usize),
    Term {
        tax: usize,
        term: usize,
        page: usize,
    },
    NotFound,
    Alias {
        from: String,
        to: String,
    },
}

/// What the home page lists.
struct HomeIds {
    upcoming: Vec<PageId>,
    recent: Vec<PageId>,
    practices: Vec<PageId>,
    orders: Vec<PageId>,
}

/// Relations computed once for all pages: who links to whom.
struct Backlinks {
    /// practice → events that list it, and the events it lists itself.
    practice_events: HashMap<PageId, Vec<PageId>>,
    event_practices: HashMap<PageId, Vec<PageId>>,
    replaced_by: HashMap<PageId, Vec<PageId>>,
    by_org: HashMap<String, Vec<PageId>>,
}

impl Backlinks {
    fn build(site: &Site) -> Self {
        let mut b = Backlinks {
            practice_events: HashMap::default(),
            event_practices: HashMap::default(),
            replaced_by: HashMap::default(),
            by_org: HashMap::default(),
        };
        let mut link = |event: PageId, practice: PageId| {
            let pe = b.practice_events.entry(practice).or_default();
            if !pe.contains(&event) {
                pe.push(event);
            }
            let ep = b.event_practices.entry(event).or_default();
            if !ep.contains(&practice) {
                ep.push(practice);
            }
        };
        // Walk in list order so the related lists come out ordered.
        for &id in site.events.iter().chain(&site.practices) {
            match &site.pages[id].kind {
                Kind::Event(e) => e
                    .practices
                    .iter()
                    .filter_map(|r| r.target)
                    .for_each(|p| link(id, p)),
                Kind::Practice(p) => p
                    .events
                    .iter()
                    .filter_map(|r| r.target)
                    .for_each(|e| link(e, id)),
                _ => {}
            }
        }
        // Events in calendar order: by their place in the sorted list.
        let mut rank = vec![usize::MAX; site.pages.len()];
        for (i, &e) in site.events.iter().enumerate() {
            rank[e] = i;
        }
        for list in b.practice_events.values_mut() {
            list.sort_by_key(|&e| rank[e]);
        }
        for &id in &site.orders {
            if let Some(Some(target)) = site.pages[id]
                .as_order()
                .map(|o| o.replaces.as_ref().and_then(|r| r.target))
            {
                b.replaced_by.entry(target).or_default().push(id);
            }
        }
        for &id in site
            .practices
            .iter()
            .chain(site.events.iter().rev())
            .chain(&site.orders)
        {
            for org in site.pages[id].organizations() {
                b.by_org.entry(org.clone()).or_default().push(id);
            }
        }
        b
    }
}

/// Everything a job needs, shared by all threads.
struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    u: Urls,
    cards: Cards,
    links: Backlinks,
    lk: Lookups,
    base: Context,
    /// Facet blocks of the events and practices lists: the same on every page of a list.
    facets: HashMap<KindName, tera::Value>,
}

/// Renders the whole site. Template errors (only possible with a site's own templates, or a
/// bug in the theme) come back as diagnostics.
pub fn render(site: &Site, mut out: Output, progress: &Progress) -> Result<Output, Diagnostics> {
    let mut watch = crate::timings::Stopwatch::new();
    let tera = theme::templates(&site.root).map_err(Diagnostics::from_iter)?;
    let r = Renderer::new(site, &tera, |site, lk| Cards::build(site, lk, &tera));
    watch.lap("templates and cards");
    let jobs = r.jobs();
    progress.stage("Страницы", jobs.len() as u64);
    // Each page is handed to the output as soon as it is rendered (written to the staging
    // directory when building), so memory holds only the pages being rendered.
    let store_file = |path: PathBuf, bytes: Vec<u8>| -> Result<(PathBuf, Content), Diagnostic> {
        let content = out.store(&path, bytes).map_err(|e| {
            Diagnostic::error("io", &path, format!("не удалось записать файл сайта: {e}"))
        })?;
        Ok((path, content))
    };
    let store = |job: &Job| -> Result<(PathBuf, Content), Diagnostic> {
        let (path, bytes) = r.run(job)?;
        progress.inc(1);
        store_file(path, bytes)
    };
    // The calendar's and the search index's files are handed over as soon as they are made, like
    // the pages: held to the end, they were a sixth of a large build's peak memory.
    let store_all =
        |files: Vec<(PathBuf, Vec<u8>)>| -> Vec<Result<(PathBuf, Content), Diagnostic>> {
            files
                .into_iter()
                .map(|(path, bytes)| store_file(path, bytes))
                .collect()
        };
    // The calendar and the search index are built beside the pages: their sequential parts
    // (merging postings, writing feeds) then overlap the parallel page rendering.
    let (results, (calendar, search)) = rayon::join(
        || {
            let mut w = crate::timings::Stopwatch::new();
            let pages = jobs
                .par_iter()
                .map(store)
                .collect::<Vec<Result<(PathBuf, Content), Diagnostic>>>();
            w.lap("  pages (beside calendar and search)");
            pages
        },
        || {
            rayon::join(
                || {
                    let _beside = progress.beside("Календарь");
                    let mut w = crate::timings::Stopwatch::new();
                    let files = crate::calendar::outputs(site, &r.u, &tera, &r.base).map(store_all);
                    w.lap("  calendar (beside pages)");
                    files
                },
                || {
                    let _beside = progress.beside("Поиск");
                    let mut w = crate::timings::Stopwatch::new();
                    let files = store_all(crate::search::outputs(site, &r.u));
                    w.lap("  search index (beside pages)");
                    files
                },
            )
        },
    );
    watch.lap("render pages");
    let mut diags = Diagnostics::new();
    theme::static_files(&site.root, &mut out);
    for res in results {
        add_stored(&mut out, &mut diags, res);
    }
    add_attachments(site, &mut out, &mut diags);
    // The calendar's pages and feeds; its HTML pages go into the sitemap with the others.
    let mut page_paths = jobs_site_paths(&r, &jobs);
    match calendar {
        Ok(files) => {
            for file in files {
                if let Ok((path, _)) = &file
                    && let Some(dir) = path.to_str().and_then(|p| p.strip_suffix("index.html"))
                {
                    page_paths.push(dir.to_string());
                }
                add_stored(&mut out, &mut diags, file);
            }
        }
        Err(ds) => ds.into_iter().for_each(|d| diags.push(d)),
    }
    add_feeds(site, &r.u, &page_paths, &mut out, &mut diags);
    for file in search {
        add_stored(&mut out, &mut diags, file);
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// Adds a file already handed to the output's store; a failed write, or a second file at one
/// address, becomes a diagnostic.
fn add_stored(
    out: &mut Output,
    diags: &mut Diagnostics,
    file: Result<(PathBuf, Content), Diagnostic>,
) {
    match file {
        Ok((path, content)) => {
            if let Err(p) = out.add(path, content) {
                diags.push(conflict(&p));
            }
        }
        Err(d) => diags.push(d),
    }
}

/// Renders one template into bytes; a failure (only possible with a site's own templates or a
/// bug in the theme) becomes a diagnostic naming the template and the page.
pub fn render_template(
    tera: &Tera,
    template: &str,
    ctx: &Context,
    path: &std::path::Path,
) -> Result<Vec<u8>, Diagnostic> {
    // `render_to` into bytes: `render` would re-validate every page as UTF-8 for a String.
    let mut html = Vec::with_capacity(32 * 1024);
    tera.render_to(template, ctx, &mut html).map_err(|e| {
        Diagnostic::error(
            "template",
            format!("templates/{template}"),
            format!(
                "ошибка при заполнении шаблона {template} для {}: {e}",
                path.display()
            ),
        )
        .with_hint("проверьте шаблон: если он из темы по умолчанию, сообщите разработчикам")
    })?;
    Ok(html)
}

/// Every page's attachments, copied as they are.
fn add_attachments(site: &Site, out: &mut Output, diags: &mut Diagnostics) {
    for page in &site.pages {
        for a in &page.attachments {
            if let Err(p) = out.add(urls::output_file(&a.path), Content::Copy(a.source.clone())) {
                diags.push(conflict(&p));
            }
        }
    }
}

/// The Atom feed, the sitemap (of `page_paths`) and robots.txt.
fn add_feeds(
    site: &Site,
    u: &Urls,
    page_paths: &[String],
    out: &mut Output,
    diags: &mut Diagnostics,
) {
    let feeds = [
        (urls::ATOM, feeds::atom(site, u)),
        (urls::SITEMAP, feeds::sitemap(site, u, page_paths)),
        (urls::ROBOTS, feeds::robots(u)),
    ];
    for (path, text) in feeds {
        if let Err(p) = out.add(path, Content::Bytes(text.into_bytes().into())) {
            diags.push(conflict(&p));
        }
    }
}

fn conflict(path: &std::path::Path) -> Diagnostic {
    Diagnostic::error(
        "output-conflict",
        path,
        format!(
            "два источника дают один и тот же файл сайта {}",
            path.display()
        ),
    )
    .with_hint("переименуйте файл в папке static или вложение, совпадающее с адресом страницы")
}

fn jobs_site_paths(r: &Renderer<'_>, jobs: &[Job]) -> Vec<String> {
    jobs.iter().filter_map(|j| r.site_path(j)).collect()
}

/// The «О разделе» page every page's navigation links to, if the site has one.
fn about_path(site: &Site) -> Option<&str> {
    site.plain_pages
        .iter()
        .map(|&i| &site.pages[i])
        .find(|p| p.slug == "about" || p.slug == "o-razdele")
        .map(|p| p.path.as_str())
}

fn base_context(site: &Site, u: &Urls) -> Context {
    let cfg = &site.config;
    let about = about_path(site).map(|p| u.path(p));
    let mut ctx = Context::new();
    ctx.insert(
        "site",
        &SiteCtx {
            title: text(&cfg.title),
            description: text(&cfg.description),
            department: text(&cfg.department),
            contacts: text(&cfg.contacts),
            base_url: cfg.base_url.clone(),
            base_path: u.base_path().to_string(),
            build_date_iso: site.today.to_string(),
            build_date_text: ru::dates::format_date(site.today),
            build_year: site.today.year(),
        },
    );
    ctx.insert(
        "urls",
        &UrlsCtx {
            home: u.path(""),
            events: u.path(urls::EVENTS),
            calendar: u.path(crate::calendar::views::CALENDAR_PATH),
            practices: u.path(urls::PRACTICES),
            orders: u.path(urls::ORDERS),
            organizations: u.path(urls::ORGANIZATIONS),
            about,
            search: u.path(urls::PRACTICES),
            atom: u.path(urls::ATOM),
            sitemap: u.path(urls::SITEMAP),
            css: theme::asset_path(&site.root, u, theme::FINGERPRINTED[0]),
            js: theme::asset_path(&site.root, u, theme::FINGERPRINTED[1]),
            stem_js: theme::asset_path(&site.root, u, theme::FINGERPRINTED[2]),
            search_js: theme::asset_path(&site.root, u, theme::FINGERPRINTED[3]),
            taxonomies: u.path(urls::TAXONOMIES),
        },
    );
    ctx.insert("lang", "ru");
    ctx
}

/// The Russian name of a list section.
fn section_title(kind: KindName) -> &'static str {
    match kind {
        KindName::Event => "Мероприятия",
        KindName::Practice => "Банк практик",
        KindName::Order => "Документы",
        KindName::Plain => "",
    }
}

fn list_base(kind: KindName) -> &'static str {
    match kind {
        KindName::Event => urls::EVENTS,
        KindName::Practice => urls::PRACTICES,
        KindName::Order => urls::ORDERS,
        KindName::Plain => "",
    }
}

fn section_key(kind: KindName) -> &'static str {
    match kind {
        KindName::Event => "events",
        KindName::Practice => "practices",
        KindName::Order => "orders",
        KindName::Plain => "page",
    }
}

/// The taxonomies a list offers as facets.
fn facet_keys(kind: KindName) -> &'static [&'static str] {
    match kind {
        KindName::Event => &["formats", "series"],
        KindName::Practice => &["levels", "forms", "kinds", "topics", "years", "recognition"],
        _ => &[],
    }
}

fn pages_needed(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

impl<'a> Renderer<'a> {
    /// Everything the jobs share; `cards` builds the page cards from the lookups.
    fn new(site: &'a Site, tera: &'a Tera, cards: impl FnOnce(&Site, &Lookups) -> Cards) -> Self {
        let u = Urls::new(&site.config.base_url);
        let lk = Lookups::build(site, &u);
        let mut r = Renderer {
            site,
            tera,
            cards: cards(site, &lk),
            lk,
            links: Backlinks::build(site),
            base: base_context(site, &u),
            u,
            facets: HashMap::default(),
        };
        for kind in [KindName::Event, KindName::Practice, KindName::Order] {
            let facets = r.facets(kind);
            r.facets.insert(kind, facets);
        }
        r
    }

    /// The file a job renders to.
    fn output_path(&self, job: &Job) -> PathBuf {
        match job {
            Job::NotFound => PathBuf::from(urls::NOT_FOUND),
            Job::Alias { from, .. } => urls::output_file(from),
            other => urls::output_file(&self.site_path(other).unwrap_or_default()),
        }
    }

    fn per_page(&self) -> usize {
        self.site.config.paginate
    }

    /// The pages of a list, in list order: an iterator, not a copy (the dev server looks at
    /// every list page's slice on each rebuild).
    fn list_ids(&self, kind: KindName) -> (usize, Box<dyn Iterator<Item = PageId> + '_>) {
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
            KindName::Plain => (
                site.plain_pages.len(),
                Box::new(site.plain_pages.iter().copied()),
            ),
        }
    }

    /// Page `page` (from 1) of a list: its pages, and how many the whole list has.
    fn list_page(&self, kind: KindName, page: usize) -> (Vec<PageId>, usize) {
        let per = self.per_page();
        let (len, ids) = self.list_ids(kind);
        (ids.skip((page - 1) * per).take(per).collect(), len)
    }

    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs = vec![
            Job::Home,
            Job::NotFound,
            Job::Organizations,
            Job::Taxonomies,
        ];
        jobs.extend((0..site.pages.len()).map(Job::Page));
        for kind in [KindName::Event, KindName::Practice, KindName::Order] {
            let n = pages_needed(self.list_ids(kind).0, self.per_page());
            jobs.extend((1..=n).map(|page| Job::List { kind, page }));
        }
        jobs.extend((0..site.organizations.len()).map(Job::Organization));
        for (ti, tax) in site.taxonomies.iter().enumerate() {
            jobs.push(Job::Taxonomy(ti));
            for (term_i, term) in tax.terms.iter().enumerate() {
                let n = pages_needed(term.pages.len(), self.per_page());
                jobs.extend((1..=n).map(|page| Job::Term {
                    tax: ti,
                    term: term_i,
                    page,
                }));
            }
        }
        for page in &site.pages {
            for alias in &page.aliases {
                if let Some(from) = urls::alias_to_site_path(alias, self.u.base_path()) {
                    jobs.push(Job::Alias {
                        from,
                        to: page.path.clone(),
                    });
                }
            }
        }
        jobs
    }

    /// The site path a job renders to; `None` for pages that must not be in the sitemap.
    fn site_path(&self, job: &Job) -> Option<String> {
        let site = self.site;
        Some(match job {
            Job::Home => String::new(),
            Job::Page(id) => site.pages[*id].path.clone(),
            Job::List { kind, page } => urls::paginated(list_base(*kind), *page),
            Job::Organizations => urls::ORGANIZATIONS.to_string(),
            Job::Organization(i) => site.organizations[*i].path.clone(),
            Job::Taxonomies => urls::TAXONOMIES.to_string(),
            Job::Taxonomy(t) => urls::taxonomy(site.taxonomies[*t].key),
            Job::Term { tax, term, page } => {
                urls::paginated(&site.taxonomies[*tax].terms[*term].path, *page)
            }
            Job::NotFound | Job::Alias { .. } => return None,
        })
    }

    fn run(&self, job: &Job) -> Result<(PathBuf, Vec<u8>), Diagnostic> {
        let path = self.output_path(job);
        let (template, ctx) = match job {
            Job::NotFound => (
                "404.html",
                self.page_ctx("Страница не найдена", "", "error", vec![]),
            ),
            Job::Alias { to, .. } => {
                let mut ctx = self.page_ctx("Страница переехала", "", "page", vec![]);
                ctx.insert("target_url", &self.u.path(to));
                ctx.insert("target_abs", &self.u.abs(to));
                ("alias.html", ctx)
            }
            other => {
                let site_path = self.site_path(other).unwrap_or_default();
                self.context(other, &site_path)
            }
        };
        let html = render_template(self.tera, template, &ctx, &path)?;
        Ok((path, html))
    }

    /// The context every page gets: global values plus title, description, canonical URL.
    fn page_ctx(
        &self,
        title: &str,
        site_path: &str,
        section: &str,
        breadcrumbs: Vec<Crumb>,
    ) -> Context {
        let mut ctx = self.base.clone();
        ctx.insert("page_title", &text(title));
        ctx.insert("page_description", &text(&self.site.config.description));
        ctx.insert("canonical_abs", &self.u.abs(site_path));
        ctx.insert("section", section);
        ctx.insert("breadcrumbs", &breadcrumbs);
        ctx
    }

    fn crumb(&self, title: &str, site_path: &str) -> Crumb {
        Crumb {
            title: text(title),
            url: self.u.path(site_path),
        }
    }

    fn home_crumb(&self) -> Crumb {
        self.crumb("Главная", "")
    }

    fn context(&self, job: &Job, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        match job {
            Job::Home => ("index.html", self.home_ctx()),
            Job::Page(id) => self.page_context(*id),
            Job::List { kind, page } => self.list_ctx(*kind, *page, site_path),
            Job::Organizations => {
                let mut ctx = self.page_ctx(
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
            Job::Organization(i) => {
                let o = &site.organizations[*i];
                let crumbs = vec![
                    self.home_crumb(),
                    self.crumb("Организации", urls::ORGANIZATIONS),
                ];
                let mut ctx = self.page_ctx(&o.short, site_path, "organizations", crumbs);
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
                }
                ("organization.html", ctx)
            }
            Job::Taxonomies => {
                let mut ctx =
                    self.page_ctx("Рубрики", site_path, "taxonomies", vec![self.home_crumb()]);
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
            Job::Taxonomy(t) => {
                let tax = &site.taxonomies[*t];
                let crumbs = vec![self.home_crumb(), self.crumb("Рубрики", urls::TAXONOMIES)];
                let mut ctx = self.page_ctx(tax.title, site_path, "taxonomies", crumbs);
                ctx.insert("taxonomy", &self.taxonomy_ctx(*t, true));
                ("taxonomy.html", ctx)
            }
            Job::Term { tax, term, page } => self.term_ctx(*tax, *term, *page, site_path),
            Job::NotFound | Job::Alias { .. } => unreachable!("handled in run"),
        }
    }

    fn taxonomy_ctx(&self, t: usize, with_terms: bool) -> serde_json::Value {
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

    fn term_ctx(
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
        let mut ctx = self.page_ctx(&term.name, site_path, "taxonomies", crumbs);
        let per = self.per_page();
        let start = (page - 1) * per;
        let slice: Vec<PageId> = term.pages.iter().skip(start).take(per).copied().collect();
        ctx.insert("taxonomy", &self.taxonomy_ctx(t, false));
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
        ctx.insert("counts_text", &self.count_text(&term.pages));
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
        }
        ("taxonomy_term.html", ctx)
    }

    /// «3 практики», «2 мероприятия, 1 практика» for a mixed list.
    fn count_text(&self, ids: &[PageId]) -> String {
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

    /// The pages the home page lists.
    fn home_ids(&self) -> HomeIds {
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
            orders: site.orders.iter().take(HOME_ORDERS).copied().collect(),
        }
    }

    fn home_ctx(&self) -> Context {
        let site = self.site;
        let mut ctx = self.page_ctx(&site.config.title, "", "home", vec![]);
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

    fn list_ctx(&self, kind: KindName, page: usize, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let per = self.per_page();
        let (slice, total) = self.list_page(kind, page);
        let intro = site.sections.get(section_key(kind));
        let title = intro
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| section_title(kind).to_string());
        let mut ctx = self.page_ctx(
            &title,
            site_path,
            section_key(kind),
            vec![self.home_crumb()],
        );
        if let Some(desc) = intro.and_then(|s| s.description.as_deref()) {
            ctx.insert("page_description", &text(desc));
        }
        ctx.insert("title", &text(&title));
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

    fn facets(&self, kind: KindName) -> tera::Value {
        let site = self.site;
        let mut facets: Vec<serde_json::Value> = facet_keys(kind)
            .iter()
            .filter_map(|k| site.taxonomies.iter().position(|t| t.key == *k))
            .filter(|&t| !site.taxonomies[t].terms.is_empty())
            .map(|t| self.taxonomy_ctx(t, true))
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

    fn page_context(&self, id: PageId) -> (&'static str, Context) {
        let site = self.site;
        let page = &site.pages[id];
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
        let mut ctx = self.page_ctx(&page.title, &page.path, section_key(kind), crumbs);
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
                }
                let practices = self
                    .links
                    .event_practices
                    .get(&id)
                    .cloned()
                    .unwrap_or_default();
                let ctx_event = EventPage {
                    card: event_card(&self.lk, page),
                    content: &page.content,
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
                    content: &page.content,
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
                    replaces: Option<tera::Value>,
                    replaced_by: tera::Value,
                    organizations: Vec<OrgRef>,
                }
                let file = o.file.and_then(|i| attachments.get(i).cloned());
                let others: Vec<AttachmentCtx> = attachments
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != o.file)
                    .map(|(_, a)| a.clone())
                    .collect();
                let replaced_by = self.links.replaced_by.get(&id).cloned().unwrap_or_default();
                let ctx_order = OrderPage {
                    card: order_card(&self.lk, page),
                    content: &page.content,
                    summary: page.summary.as_deref().map(text),
                    file,
                    attachments: others,
                    replaces: o
                        .replaces
                        .as_ref()
                        .and_then(|r| r.target)
                        .and_then(|t| self.cards.value(t)),
                    replaced_by: self.cards.orders_of(&replaced_by, &self.site.pages),
                    organizations: self.lk.org_refs(&o.organizations),
                };
                ctx.insert("order", &ctx_order);
                ("order.html", ctx)
            }
            Kind::Plain => {
                ctx.insert(
                    "page",
                    &serde_json::json!({
                        "title": html_text(&page.title),
                        "content": page.content,
                        "summary": page.summary.as_deref().map(text),
                        "attachments": attachments,
                    }),
                );
                ("page.html", ctx)
            }
        }
    }
}
