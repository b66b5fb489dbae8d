//! The site's output put together from its parts, in one place: the full build ([`super::render`])
//! and the dev server ([`super::incremental`]) both call [`assemble`], so a new kind of output
//! is added here once and appears in both.
//!
//! The parts are the rendered jobs' pages, which each caller makes its own way (the full build
//! renders every job, the dev server only the changed ones), and the files of the site-wide
//! products ([`SiteWide`]), made from every page at once. [`assemble`] adds the rest itself:
//! the static files, the attachments, and the feeds, which list the pages of both.

use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use crate::content::model::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{Content, Output};
use crate::urls::{self, Urls};

use super::{feeds, theme};

/// A file handed to the output's store, or why it could not be stored.
pub(super) type Stored = Result<(PathBuf, Content), Diagnostic>;

/// A product made from the whole site rather than by one job: it is made beside the pages in
/// the full build, and by the dev server after the pages, only when its inputs changed (see
/// `deps::site_wide_fingerprint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SiteWide {
    /// The iCalendar and JSON feeds, the month and year pages, the embed and subscribe pages.
    Calendar,
    /// The practice bank's search index.
    Search,
    /// Each roadmap's `measures.csv`, `measures.json` and `deadlines.ics`.
    Roadmaps,
    /// The register of organizations as a table, `organizations/register.csv`.
    Register,
}

impl SiteWide {
    pub const ALL: [SiteWide; 4] = [
        SiteWide::Calendar,
        SiteWide::Search,
        SiteWide::Roadmaps,
        SiteWide::Register,
    ];

    /// Its stage name in the build's progress line.
    pub fn progress_label(self) -> &'static str {
        match self {
            SiteWide::Calendar => "Календарь",
            SiteWide::Search => "Поиск",
            SiteWide::Roadmaps => "Дорожные карты",
            SiteWide::Register => "Реестр организаций",
        }
    }

    /// Its name in the stage timings (`NASTAVNIK_TIMINGS`).
    pub fn timing_label(self) -> &'static str {
        match self {
            SiteWide::Calendar => "calendar",
            SiteWide::Search => "search index",
            SiteWide::Roadmaps => "roadmaps",
            SiteWide::Register => "register",
        }
    }

    /// Its files, as output paths and bytes. `base` is the context every page starts from.
    /// Each file is handed to `sink` as soon as it is made, and `sink`'s results come back.
    pub fn make<T: Send>(
        self,
        site: &Site,
        u: &Urls,
        tera: &Tera,
        base: &Context,
        bodies: &super::Bodies,
        sink: &(dyn Fn(PathBuf, Vec<u8>) -> T + Sync),
    ) -> Result<Vec<T>, Vec<Diagnostic>> {
        let each = |files: Vec<(PathBuf, Vec<u8>)>| -> Vec<T> {
            files
                .into_iter()
                .map(|(path, bytes)| sink(path, bytes))
                .collect()
        };
        match self {
            SiteWide::Calendar => crate::calendar::outputs(site, u, tera, base, sink),
            SiteWide::Search => Ok(crate::search::outputs(
                site,
                u,
                bodies.for_search(site),
                sink,
            )),
            SiteWide::Roadmaps => super::roadmaps::outputs(site, u).map(each),
            SiteWide::Register => super::register::outputs(site, u).map(each),
        }
    }
}

/// What [`assemble`] puts together besides the files it finds itself.
pub(super) struct Parts {
    /// The rendered jobs' files.
    pub pages: Vec<Stored>,
    /// The site paths of the jobs' public HTML pages, for the sitemap.
    pub page_paths: Vec<String>,
    /// Each site-wide product's files (or why it could not be made), in [`SiteWide::ALL`]
    /// order.
    pub site_wide: Vec<Result<Vec<Stored>, Vec<Diagnostic>>>,
}

/// Adds every file of the site to `out`: the static files, the jobs' pages, the attachments,
/// the site-wide products' files, and the Atom feed, sitemap and robots.txt. A file that could
/// not be stored, a product that could not be made, and a second file at one address come
/// back as diagnostics.
pub(super) fn assemble(site: &Site, u: &Urls, out: &mut Output, parts: Parts) -> Diagnostics {
    let Parts {
        pages,
        page_paths,
        site_wide,
    } = parts;
    let mut diags = Diagnostics::new();
    theme::static_files(&site.root, out);
    for file in pages {
        add_stored(out, &mut diags, file);
    }
    add_attachments(site, out, &mut diags);
    // The products' HTML pages (the calendar's) go into the sitemap with the jobs' pages.
    let mut sitemap_paths = page_paths;
    for product in site_wide {
        match product {
            Ok(files) => {
                for file in files {
                    if let Ok((path, _)) = &file
                        && let Some(dir) = page_site_path(path)
                    {
                        sitemap_paths.push(dir.to_string());
                    }
                    add_stored(out, &mut diags, file);
                }
            }
            Err(ds) => ds.into_iter().for_each(|d| diags.push(d)),
        }
    }
    add_feeds(site, u, &sitemap_paths, out, &mut diags);
    diags
}

/// The dev server's cheap alternative to [`assemble`] when an edit changed no address: the
/// previous output with `changed` files put in place of theirs, and the Atom feed made again
/// (it shows titles and summaries). What [`assemble`] would otherwise make again is as it was:
/// the static files and attachments (the caller has checked that they and the set of jobs'
/// addresses are the same), the site-wide products' files (given whole in `changed` when
/// remade, with the same addresses), and the sitemap and robots.txt, which read addresses
/// only. Since every address was already in `previous`, no new conflict can arise.
pub(super) fn patch(
    site: &Site,
    u: &Urls,
    previous: &Output,
    changed: impl IntoIterator<Item = (PathBuf, Content)>,
) -> Output {
    let mut out = previous.memory_copy();
    for (path, content) in changed {
        debug_assert!(out.contains(&path), "patch adds no address: {path:?}");
        out.put(path, content);
    }
    out.put(
        urls::ATOM,
        Content::Bytes(feeds::atom(site, u).into_bytes().into()),
    );
    out
}

/// What [`patch`] takes as unchanged from the last assembly besides the addresses of the jobs
/// and products: the addresses and sources of the attachments and published photos.
pub(super) fn attachments_fingerprint(site: &Site) -> u64 {
    let mut f = crate::fingerprint::Fingerprint::new();
    let photos = site
        .mentors
        .iter()
        .filter_map(|&id| site.pages[id].as_mentor()?.photo.as_ref());
    for a in photos.chain(site.pages.iter().flat_map(|p| &p.attachments)) {
        f.add(&a.path).add(&a.source);
    }
    f.finish()
}

/// The site path of an HTML page's output file (`calendar/2026-05/index.html` →
/// `calendar/2026-05/`); `None` for other files.
pub(super) fn page_site_path(path: &Path) -> Option<&str> {
    path.to_str().and_then(|p| p.strip_suffix("index.html"))
}

/// Adds a file already handed to the output's store; a failed write, or a second file at one
/// address, becomes a diagnostic.
fn add_stored(out: &mut Output, diags: &mut Diagnostics, file: Stored) {
    match file {
        Ok((path, content)) => {
            if let Err(p) = out.add(path, content) {
                diags.push(conflict(&p));
            }
        }
        Err(d) => diags.push(d),
    }
}

/// Every page's attachments, copied as they are, and the published mentors' photos (a mentor
/// has a photo in the model only when its person consented to publish it).
fn add_attachments(site: &Site, out: &mut Output, diags: &mut Diagnostics) {
    let photos = site
        .mentors
        .iter()
        .filter_map(|&id| site.pages[id].as_mentor()?.photo.as_ref());
    for a in photos {
        if let Err(p) = out.add(urls::output_file(&a.path), Content::Copy(a.source.clone())) {
            diags.push(conflict(&p));
        }
    }
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

fn conflict(path: &Path) -> Diagnostic {
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
