//! Rendering again after an edit, for the dev server: only the outputs whose inputs changed.
//!
//! [`update`] renders the pages, lists, taxonomy and organization pages whose fingerprint (see
//! `deps.rs`) differs from the last render, and reuses every other file of the last output. The
//! site-wide products that read every page ([`SiteWide`]: the calendar's views and feeds, the
//! search index) are remade by [`finish`] afterwards, when their inputs changed: the edited page
//! is then on screen before they are done, and the server holds back requests for their files
//! (listed in [`Update::pending`]) until [`finish`] has replaced them, so nothing stale is
//! ever served. Both put the output together with [`assemble`], as the full build does.
//!
//! The contract, checked by `tests/incremental.rs`: after `update` and `finish`, the output is
//! byte for byte what a full [`super::render`] of the same site gives.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Tera;

use crate::content::model::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::{Content, Output};
use crate::urls::{self, Urls};

use super::assemble::{
    Parts, SiteWide, Stored, assemble, attachments_fingerprint, page_site_path, patch,
};
use super::context::Cards;
use super::{Job, Renderer, base_context, deps, theme};

/// A job's output path, the fingerprint to remember for it, and its file (and what was done
/// to make it).
type JobResult = (PathBuf, u64, Result<(Content, Made), Diagnostic>);

/// What [`update`] did for a job.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Made {
    /// Its inputs did not change: the last output's file.
    Reused,
    /// Rendered now.
    Rendered,
    /// Its inputs changed, but it is not a page's own file: the last output's file stays,
    /// held back by the server, until [`finish_deferred`] renders it (see [`update`]).
    Deferred,
}

/// What one render leaves for the next.
#[derive(Default)]
pub struct Memo {
    /// The compiled templates: they change only with files the dev server starts afresh for.
    tera: Option<Arc<Tera>>,
    /// Output path → fingerprint of its inputs, for every page rendered from a job.
    jobs: HashMap<std::ffi::OsString, u64>,
    /// Card values by fingerprint.
    cards: HashMap<u64, tera::Value>,
    /// Site paths of the rendered HTML pages, for the sitemap (the calendar adds its own).
    page_paths: Vec<String>,
    /// Each site-wide product's state, in [`SiteWide::ALL`] order.
    site_wide: [Group; SiteWide::ALL.len()],
    /// The last calendar's files by their inputs, so an event's edit remakes only the feeds
    /// and pages that carry it.
    calendar: crate::calendar::Reuse,
    /// The attachments of the last output (see `assemble::attachments_fingerprint`).
    attachments: Option<u64>,
    /// Files whose inputs changed and which [`update`] left for [`finish_deferred`]; each
    /// keeps its old fingerprint in `jobs` until it is rendered.
    deferred: Vec<PathBuf>,
}

/// A site-wide product's files, recomputed as a whole.
#[derive(Default)]
struct Group {
    /// The fingerprint of the inputs its files were made from (`None`: never made).
    made_from: Option<u64>,
    /// The fingerprint of the inputs it must be made from, when that differs.
    wanted: Option<u64>,
    /// Its files in the last output.
    paths: Vec<PathBuf>,
}

impl Group {
    fn is_stale(&self) -> bool {
        self.wanted.is_some() && self.wanted != self.made_from
    }

    /// Its files as the last output has them.
    fn files_in(&self, output: &Output) -> Vec<Stored> {
        self.paths
            .iter()
            .filter_map(|path| Some(Ok((path.clone(), output.get(path)?.clone()))))
            .collect()
    }
}

/// The result of [`update`].
pub struct Update {
    pub output: Output,
    /// Files rendered now, and files taken unchanged from the last output.
    pub rendered: usize,
    pub reused: usize,
    /// Files whose inputs changed, left for [`finish_deferred`] (see [`update`]).
    pub deferred: usize,
    /// Files in `output` that are out of date until [`finish`] runs: the server must not
    /// answer with them, and must wait for [`finish`] on a miss, too (a new calendar month).
    pub pending: Vec<PathBuf>,
}

impl Memo {
    /// Whether [`finish`] has work to do.
    pub fn has_pending(&self) -> bool {
        !self.deferred.is_empty() || self.site_wide.iter().any(Group::is_stale)
    }

    /// Whether [`finish_deferred`] has pages to render.
    pub fn has_deferred(&self) -> bool {
        !self.deferred.is_empty()
    }

    /// Whether the calendar is out of date and something else is too: then [`finish_calendar`]
    /// lets the server answer for the calendar before the rest is made.
    pub fn calendar_first(&self) -> bool {
        let stale = |p: SiteWide| {
            SiteWide::ALL
                .iter()
                .zip(&self.site_wide)
                .any(|(&q, g)| q == p && g.is_stale())
        };
        stale(SiteWide::Calendar)
            && (self.has_deferred()
                || SiteWide::ALL
                    .iter()
                    .any(|&p| p != SiteWide::Calendar && stale(p)))
    }

    /// The files still out of date (see [`Update::pending`]): those of the products not made
    /// since their inputs changed, and the sitemap when they list pages.
    pub fn pending_paths(&self) -> Vec<PathBuf> {
        let mut pending = self.deferred.clone();
        let mut sitemap = false;
        for group in self.site_wide.iter().filter(|g| g.is_stale()) {
            pending.extend(group.paths.iter().cloned());
            sitemap |= group.made_from.is_none()
                || group.paths.iter().any(|p| page_site_path(p).is_some());
        }
        if sitemap {
            pending.push(PathBuf::from(urls::SITEMAP));
        }
        pending
    }
}

/// The compiled templates, compiled once and kept in `memo`.
fn templates(site: &Site, memo: &mut Memo) -> Result<Arc<Tera>, Diagnostics> {
    if let Some(t) = &memo.tera {
        return Ok(Arc::clone(t));
    }
    let t = Arc::new(theme::templates(&site.root).map_err(Diagnostics::from_iter)?);
    memo.tera = Some(Arc::clone(&t));
    Ok(t)
}

/// What the jobs share, with every job's input fingerprints: the cards are reused from `memo`
/// where their fingerprint did not change.
fn prepare<'a>(
    site: &'a Site,
    tera: &'a Tera,
    memo: &Memo,
) -> (Renderer<'a>, deps::PageFingerprints, u64) {
    let u = Urls::new(&site.config.base_url);
    let global = deps::global_fingerprint(site, &u);
    let mut fps = None;
    let r = Renderer::new(site, tera, |site, lk| {
        let f = deps::page_fingerprints(site, lk, global);
        let cards = Cards::build_reusing(site, lk, tera, &f.card, &memo.cards);
        fps = Some(f);
        cards
    });
    let mut fps = fps.expect("Renderer::new builds the cards");
    r.complete_fingerprints(&mut fps);
    (r, fps, global)
}

/// Renders what changed since the render `memo` remembers, reusing the rest of `previous`.
/// With an empty memo, renders everything (except what [`finish`] makes).
///
/// When the edit changed no address (the common edit), only the pages' own files are rendered
/// now, and the other changed files (lists, terms, the home page, organizations) are left for
/// [`finish_deferred`]: the edited page is served sooner, and after an event's edit the
/// calendar can be made before the hundreds of list pages a moved event shifts. Until then
/// they are pending (the server holds them back), so nothing stale is served.
pub fn update(site: &Site, memo: &mut Memo, previous: &Output) -> Result<Update, Diagnostics> {
    let mut watch = crate::timings::Stopwatch::new();
    let tera = templates(site, memo)?;
    let (r, fps, global) = prepare(site, &tera, memo);
    watch.lap("lookups and cards");
    let jobs = r.jobs();
    let paths: Vec<PathBuf> = jobs.par_iter().map(|job| r.output_path(job)).collect();
    let page_paths = r.site_paths(&jobs);
    let attachments = attachments_fingerprint(site);
    // The common edit changes no address: then the last output is patched (see `patch`).
    let same_addresses = memo.attachments == Some(attachments)
        && paths.len() == memo.jobs.len()
        && !paths.is_empty()
        && paths.iter().all(|p| memo.jobs.contains_key(p.as_os_str()))
        && page_paths == memo.page_paths;
    let results: Vec<JobResult> = jobs
        .par_iter()
        .zip(paths)
        .map(|(job, path)| {
            let fp = r.job_fingerprint(job, &fps, global);
            let last = memo.jobs.get(path.as_os_str());
            if let Some(c) = previous.get(&path).filter(|c| c.is_in_memory()) {
                if last == Some(&fp) {
                    return (path, fp, Ok((c.clone(), Made::Reused)));
                }
                if let (true, Some(&last), false) =
                    (same_addresses, last, matches!(job, Job::Page(_)))
                {
                    return (path, last, Ok((c.clone(), Made::Deferred)));
                }
            }
            let rendered = r
                .run(job)
                .map(|(_, bytes)| (Content::in_memory(&path, bytes), Made::Rendered));
            (path, fp, rendered)
        })
        .collect();
    watch.lap("fingerprint and render changed jobs");

    let (mut rendered, mut reused) = (0, 0);
    let mut job_fps = HashMap::with_capacity_and_hasher(results.len(), Default::default());
    let mut pages = Vec::with_capacity(results.len());
    let mut fresh = Vec::with_capacity(results.len());
    let mut deferred = Vec::new();
    for (path, fp, res) in results {
        match res {
            Ok((content, made)) => {
                match made {
                    Made::Rendered => rendered += 1,
                    Made::Reused => reused += 1,
                    Made::Deferred => deferred.push(path.clone()),
                }
                job_fps.insert(path.clone().into_os_string(), fp);
                pages.push(Ok((path, content)));
                fresh.push(made == Made::Rendered);
            }
            Err(d) => {
                pages.push(Err(d));
                fresh.push(false);
            }
        }
    }

    let mut pending = Vec::new();
    let mut sitemap_pending = false;
    for (group, product) in memo.site_wide.iter_mut().zip(SiteWide::ALL) {
        // Until `finish` replaces them, the last files stay (the server holds them back).
        let inputs = deps::site_wide_fingerprint(product, site, &fps, global);
        if group.made_from != Some(inputs) {
            group.wanted = Some(inputs);
            pending.extend(group.paths.iter().cloned());
            // The sitemap lists the product's pages: it is remade with them.
            sitemap_pending |= group.made_from.is_none()
                || group.paths.iter().any(|p| page_site_path(p).is_some());
        } else {
            group.wanted = None;
        }
    }
    if sitemap_pending {
        pending.push(PathBuf::from(urls::SITEMAP));
    }
    pending.extend(deferred.iter().cloned());
    let out = if same_addresses && pages.iter().all(Result::is_ok) {
        let changed = pages
            .into_iter()
            .zip(fresh)
            .filter_map(|(page, is_fresh)| is_fresh.then_some(page).and_then(Result::ok));
        patch(site, &r.u, previous, changed)
    } else {
        let site_wide = memo
            .site_wide
            .iter()
            .map(|group| Ok(group.files_in(previous)))
            .collect();
        let mut out = Output::new();
        let parts = Parts {
            pages,
            page_paths: page_paths.clone(),
            site_wide,
        };
        let mut diags = assemble(site, &r.u, &mut out, parts);
        if !diags.is_empty() {
            diags.sort();
            return Err(diags);
        }
        out
    };
    watch.lap("  assemble");
    memo.jobs = job_fps;
    memo.cards = r.cards.keyed(&fps.card);
    memo.page_paths = page_paths;
    memo.attachments = Some(attachments);
    let deferred_count = deferred.len();
    memo.deferred = deferred;
    watch.lap("  remember");
    Ok(Update {
        output: out,
        rendered,
        reused,
        deferred: deferred_count,
        pending,
    })
}

/// Renders the files [`update`] left for later, and gives the output with them in place.
pub fn finish_deferred(
    site: &Site,
    memo: &mut Memo,
    output: &Output,
) -> Result<Output, Diagnostics> {
    let mut watch = crate::timings::Stopwatch::new();
    let tera = templates(site, memo)?;
    let (r, fps, global) = prepare(site, &tera, memo);
    let wanted: std::collections::HashSet<&Path> =
        memo.deferred.iter().map(PathBuf::as_path).collect();
    let jobs = r.jobs();
    let results: Vec<(PathBuf, u64, Result<Vec<u8>, Diagnostic>)> = jobs
        .par_iter()
        .filter_map(|job| {
            let path = r.output_path(job);
            if !wanted.contains(path.as_path()) {
                return None;
            }
            let fp = r.job_fingerprint(job, &fps, global);
            let bytes = r.run(job).map(|(_, bytes)| bytes);
            Some((path, fp, bytes))
        })
        .collect();
    let mut changed = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::new();
    for (path, fp, bytes) in results {
        match bytes {
            Ok(bytes) => {
                memo.jobs.insert(path.clone().into_os_string(), fp);
                let content = Content::in_memory(&path, bytes);
                changed.push((path, content));
            }
            Err(d) => diags.push(d),
        }
    }
    if !diags.is_empty() {
        diags.sort();
        return Err(diags);
    }
    memo.deferred.clear();
    let out = patch(site, &r.u, output, changed);
    watch.lap("finish: deferred pages");
    Ok(out)
}

/// Remakes the site-wide products (the calendar, the search index) that [`update`] found out of
/// date, and gives the output with them in place of the old ones: the pages of `output`, which
/// [`update`] made, assembled again with them.
pub fn finish(site: &Site, memo: &mut Memo, output: &Output) -> Result<Output, Diagnostics> {
    if memo.has_deferred() {
        let pages = finish_deferred(site, memo, output)?;
        return finish_only(site, memo, &pages, &SiteWide::ALL);
    }
    finish_only(site, memo, output, &SiteWide::ALL)
}

/// [`finish`] for the calendar alone, when it is out of date: an edited event is in the feeds
/// without waiting for the search index, which [`finish`] makes next
/// ([`Memo::pending_paths`] lists what is still out of date).
pub fn finish_calendar(
    site: &Site,
    memo: &mut Memo,
    output: &Output,
) -> Result<Output, Diagnostics> {
    finish_only(site, memo, output, &[SiteWide::Calendar])
}

fn finish_only(
    site: &Site,
    memo: &mut Memo,
    output: &Output,
    which: &[SiteWide],
) -> Result<Output, Diagnostics> {
    if !memo.site_wide.iter().any(Group::is_stale) {
        return Ok(output.memory_copy());
    }
    let tera = templates(site, memo)?;
    let u = Urls::new(&site.config.base_url);
    let mut watch = crate::timings::Stopwatch::new();
    let base = base_context(site, &u);
    let seed = deps::global_fingerprint(site, &u);
    let calendar = std::sync::Mutex::new(std::mem::take(&mut memo.calendar));
    let sink = |path: PathBuf, bytes: Vec<u8>| {
        let content = Content::in_memory(&path, bytes);
        (path, content)
    };
    let made: Vec<_> = SiteWide::ALL
        .par_iter()
        .zip(&memo.site_wide)
        .map(|(&product, group)| {
            (group.is_stale() && which.contains(&product)).then(|| {
                if product != SiteWide::Calendar {
                    return product.make(site, &u, &tera, &base, &super::Bodies::kept(), &sink);
                }
                let mut reuse = calendar.lock().unwrap_or_else(|e| e.into_inner());
                let kept = |path: &Path| Some((path.to_path_buf(), output.get(path)?.clone()));
                let previous = crate::calendar::Previous {
                    reuse: &mut reuse,
                    seed,
                    kept: &kept,
                };
                crate::calendar::outputs_reusing(site, &u, &tera, &base, Some(previous), &sink)
            })
        })
        .collect();
    memo.calendar = calendar.into_inner().unwrap_or_else(|e| e.into_inner());
    watch.lap("finish: site-wide products made");
    // Products remade at the same addresses (the common edit) patch the output.
    let same_addresses = made
        .iter()
        .zip(&memo.site_wide)
        .all(|(made, group)| match made {
            None => true,
            Some(Ok(files)) => {
                let old: std::collections::HashSet<&PathBuf> = group.paths.iter().collect();
                files.len() == old.len() && files.iter().all(|(path, _)| old.contains(path))
            }
            Some(Err(_)) => false,
        });
    if same_addresses {
        let mut changed = Vec::new();
        for (group, made) in memo.site_wide.iter_mut().zip(made) {
            if let Some(Ok(files)) = made {
                group.made_from = group.wanted.take();
                changed.extend(files);
            }
        }
        let out = patch(site, &u, output, changed);
        watch.lap("finish: patch");
        return Ok(out);
    }
    let mut site_wide = Vec::with_capacity(SiteWide::ALL.len());
    for (group, made) in memo.site_wide.iter_mut().zip(made) {
        site_wide.push(match made {
            None => Ok(group.files_in(output)),
            Some(Ok(files)) => {
                group.paths = files.iter().map(|(path, _)| path.clone()).collect();
                group.made_from = group.wanted.take();
                Ok(files.into_iter().map(Ok).collect())
            }
            Some(Err(ds)) => Err(ds),
        });
    }
    let pages = memo
        .jobs
        .keys()
        .filter_map(|path| {
            let path = Path::new(path);
            Some(Ok((path.to_path_buf(), output.get(path)?.clone())))
        })
        .collect();
    let mut out = Output::new();
    let parts = Parts {
        pages,
        page_paths: memo.page_paths.clone(),
        site_wide,
    };
    let mut diags = assemble(site, &u, &mut out, parts);
    watch.lap("finish: assemble");
    if diags.is_empty() {
        Ok(out)
    } else {
        diags.sort();
        Err(diags)
    }
}
