//! Rendering: a pure function of the [`Site`] and the theme into an [`Output`].
//!
//! The list of output jobs is made first (cheap descriptors), then every job is rendered in
//! parallel; each job builds its own context from shared, precomputed cards, so memory holds
//! one page's context per thread rather than every page's at once. [`assemble`] then puts the
//! rendered pages together with every other file of the site, for the full build here and for
//! the dev server's [`incremental`] rebuilds alike.
//!
//! The [`Renderer`] holds what all jobs share; its context builders live beside it, one module
//! per group of pages: `home`, `lists` (with their facets), `pages` (one event, practice,
//! document or plain page), `organizations` and `taxonomies` (with the terms' pages).

mod assemble;
mod backlinks;
mod bodies;
mod contests;
pub mod context;
mod deps;
mod documents;
pub mod feeds;
mod home;
pub mod incremental;
mod lists;
mod mentors;
mod organizations;
mod pages;
mod register;
pub mod roadmaps;
mod taxonomies;
pub mod theme;

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::content::model::{KindName, PageId, Site};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::html::render_template;
use crate::output::Output;
use crate::progress::Progress;
use crate::ru;
use crate::urls::{self, Urls};
use assemble::{Parts, SiteWide, Stored, assemble};
use backlinks::Backlinks;
use bodies::Bodies;
use context::{Cards, Crumb, Lookups, SiteCtx, UrlsCtx, text};

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
    /// The list of roadmaps (only made when the site has some).
    Roadmaps,
    /// The list of contests (only made when the site has some).
    Contests,
    /// The page of document templates (only made when the site has some).
    DocumentTemplates,
    /// The register of mentors (only made when some are published).
    Mentors,
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

/// Everything a job needs, shared by all threads.
struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    u: Urls,
    cards: Cards,
    links: Backlinks,
    /// Which published mentors name which practice, event and organization.
    mentor_links: mentors::MentorLinks,
    lk: Lookups,
    base: Context,
    /// Facet blocks of the events and practices lists: the same on every page of a list.
    facets: HashMap<KindName, tera::Value>,
    /// «3 практики, 2 мероприятия» of every taxonomy term (by taxonomy, then term): each of a
    /// term's pages shows it, and counting per page scanned the whole term again.
    term_counts: Vec<Vec<String>>,
    /// With `NASTAVNIK_TIMINGS`: the pages' time in building contexts and in Tera.
    tally: crate::timings::Tally,
    /// The pages' rendered bodies: from the model, or handed out once ([`render_once`]).
    bodies: Bodies,
}

/// Renders the whole site. Template errors (only possible with a site's own templates, or a
/// bug in the theme) come back as diagnostics.
pub fn render(site: &Site, out: Output, progress: &Progress) -> Result<Output, Diagnostics> {
    render_with(site, Bodies::kept(), out, progress)
}

/// [`render`] for a build that renders the site once and is done with it: the pages' bodies
/// are taken out of `site` (left empty there) and each is freed as soon as its page is rendered
/// and the search index has read it, instead of all being held to the end (see `bodies.rs`).
pub fn render_once(
    site: &mut Site,
    out: Output,
    progress: &Progress,
) -> Result<Output, Diagnostics> {
    let bodies = Bodies::take(site);
    render_with(site, bodies, out, progress)
}

fn render_with(
    site: &Site,
    bodies: Bodies,
    mut out: Output,
    progress: &Progress,
) -> Result<Output, Diagnostics> {
    let mut watch = crate::timings::Stopwatch::new();
    let tera = theme::templates(&site.root).map_err(Diagnostics::from_iter)?;
    let mut r = Renderer::new(site, &tera, |site, lk| Cards::build(site, lk, &tera));
    r.bodies = bodies;
    watch.lap("templates and cards");
    let jobs = r.jobs();
    progress.stage("Страницы", jobs.len() as u64);
    // Each page is handed to the output as soon as it is rendered (written to the staging
    // directory when building), so memory holds only the pages being rendered.
    let store_file = |path: PathBuf, bytes: Vec<u8>| -> Stored {
        let content = out.store(&path, bytes).map_err(|e| {
            Diagnostic::error("io", &path, format!("не удалось записать файл сайта: {e}"))
        })?;
        Ok((path, content))
    };
    let store = |job: &Job| -> Stored {
        let (path, bytes) = r.run(job)?;
        progress.inc(1);
        store_file(path, bytes)
    };
    // The site-wide products (the calendar, the search index) are made beside the pages: their
    // sequential parts (merging postings, writing feeds) then overlap the parallel page
    // rendering. Their files are handed over as soon as they are made, like the pages: held to
    // the end, they were a sixth of a large build's peak memory.
    let (pages, site_wide) = rayon::join(
        || {
            let mut w = crate::timings::Stopwatch::new();
            let pages = jobs.par_iter().map(store).collect::<Vec<Stored>>();
            w.lap("  pages (beside calendar and search)");
            pages
        },
        || {
            SiteWide::ALL
                .par_iter()
                .map(|&product| {
                    let _beside = progress.beside(product.progress_label());
                    let mut w = crate::timings::Stopwatch::new();
                    let files = product.make(site, &r.u, &tera, &r.base, &r.bodies, &store_file);
                    w.lap(&format!("  {} (beside pages)", product.timing_label()));
                    files
                })
                .collect::<Vec<_>>()
        },
    );
    watch.lap("render pages");
    r.tally.print("  pages");
    let parts = Parts {
        pages,
        page_paths: r.site_paths(&jobs),
        site_wide,
    };
    let diags = assemble(site, &r.u, &mut out, parts);
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
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
            contests: (!site.contests.is_empty()).then(|| u.path(urls::CONTESTS)),
        },
    );
    ctx.insert("lang", "ru");
    // The register's link in the navigation, while some mentor is published.
    ctx.insert(
        "mentors_url",
        &(!site.mentors.is_empty()).then(|| u.path(urls::MENTORS)),
    );
    ctx
}

/// The Russian name of a list section.
fn section_title(kind: KindName) -> &'static str {
    match kind {
        KindName::Event => "Мероприятия",
        KindName::Practice => "Банк практик",
        KindName::Order => "Документы",
        KindName::Roadmap => "Дорожные карты",
        KindName::Contest => "Конкурсы",
        KindName::Mentor => "Наставники",
        KindName::Plain => "",
    }
}

fn list_base(kind: KindName) -> &'static str {
    match kind {
        KindName::Event => urls::EVENTS,
        KindName::Practice => urls::PRACTICES,
        KindName::Order => urls::ORDERS,
        KindName::Roadmap => urls::ROADMAPS,
        KindName::Contest => urls::CONTESTS,
        KindName::Mentor => urls::MENTORS,
        KindName::Plain => "",
    }
}

fn section_key(kind: KindName) -> &'static str {
    match kind {
        KindName::Event => "events",
        KindName::Practice => "practices",
        KindName::Order => "orders",
        KindName::Roadmap => "roadmaps",
        KindName::Contest => "contests",
        KindName::Mentor => "mentors",
        KindName::Plain => "page",
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
            mentor_links: mentors::MentorLinks::build(site),
            base: base_context(site, &u),
            u,
            facets: HashMap::default(),
            term_counts: Vec::new(),
            tally: crate::timings::Tally::new(&["contexts", "templates"]),
            bodies: Bodies::kept(),
        };
        for kind in [KindName::Event, KindName::Practice, KindName::Order] {
            let facets = r.facets(kind);
            r.facets.insert(kind, facets);
        }
        r.term_counts = site
            .taxonomies
            .iter()
            .map(|tax| tax.terms.iter().map(|t| r.count_text(&t.pages)).collect())
            .collect();
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
            // The documents page is one page, grouped by level (see `documents.rs`).
            let n = match kind {
                KindName::Order => 1,
                _ => pages_needed(self.list_ids(kind).0, self.per_page()),
            };
            jobs.extend((1..=n).map(|page| Job::List { kind, page }));
        }
        jobs.extend((0..site.organizations.len()).map(Job::Organization));
        if !site.roadmaps.is_empty() {
            jobs.push(Job::Roadmaps);
        }
        if !site.contests.is_empty() {
            jobs.push(Job::Contests);
        }
        if !self.template_ids().is_empty() {
            jobs.push(Job::DocumentTemplates);
        }
        if !site.mentors.is_empty() {
            jobs.push(Job::Mentors);
        }
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
            Job::Roadmaps => urls::ROADMAPS.to_string(),
            Job::Contests => urls::CONTESTS.to_string(),
            Job::DocumentTemplates => urls::DOCUMENT_TEMPLATES.to_string(),
            Job::Mentors => urls::MENTORS.to_string(),
            Job::Taxonomies => urls::TAXONOMIES.to_string(),
            Job::Taxonomy(t) => urls::taxonomy(site.taxonomies[*t].key),
            Job::Term { tax, term, page } => {
                urls::paginated(&site.taxonomies[*tax].terms[*term].path, *page)
            }
            Job::NotFound | Job::Alias { .. } => return None,
        })
    }

    /// The site paths of the jobs' public HTML pages (for the sitemap); the mentors' pages
    /// are left out while `site.yaml` asks search engines not to index them.
    fn site_paths(&self, jobs: &[Job]) -> Vec<String> {
        jobs.iter()
            .filter(|j| !self.is_noindex(j))
            .filter_map(|j| self.site_path(j))
            .collect()
    }

    fn run(&self, job: &Job) -> Result<(PathBuf, Vec<u8>), Diagnostic> {
        let path = self.output_path(job);
        let (template, ctx) = self.tally.time(0, || self.job_context(job));
        let html = self
            .tally
            .time(1, || render_template(self.tera, template, &ctx, &path))?;
        Ok((path, html))
    }

    /// The template a job renders and its context, from the builder for its kind of page.
    fn job_context(&self, job: &Job) -> (&'static str, Context) {
        let site_path = self.site_path(job).unwrap_or_default();
        let site_path = site_path.as_str();
        match job {
            Job::Home => ("index.html", self.home_context()),
            Job::Page(id) => self.content_page_context(*id),
            Job::List { kind, page } => self.list_context(*kind, *page, site_path),
            Job::Organizations => self.organizations_context(site_path),
            Job::Organization(i) => self.organization_context(*i, site_path),
            Job::Roadmaps => self.roadmaps_context(site_path),
            Job::Contests => self.contests_context(site_path),
            Job::DocumentTemplates => self.templates_context(site_path),
            Job::Mentors => self.mentors_context(site_path),
            Job::Taxonomies => self.taxonomies_context(site_path),
            Job::Taxonomy(t) => self.taxonomy_context(*t, site_path),
            Job::Term { tax, term, page } => self.term_context(*tax, *term, *page, site_path),
            Job::NotFound => (
                "404.html",
                self.common_context("Страница не найдена", "", "error", vec![]),
            ),
            Job::Alias { to, .. } => {
                let mut ctx = self.common_context("Страница переехала", "", "page", vec![]);
                ctx.insert("target_url", &self.u.path(to));
                ctx.insert("target_abs", &self.u.abs(to));
                ("alias.html", ctx)
            }
        }
    }

    /// The context every page starts from: the site-wide values ([`base_context`]) plus the
    /// page's title, description, canonical address, section and breadcrumbs.
    fn common_context(
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
}
