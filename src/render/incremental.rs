//! Rendering again after an edit, for the dev server: only the outputs whose inputs changed.
//!
//! [`update`] renders the pages, lists, taxonomy and organization pages whose fingerprint (see
//! `deps.rs`) differs from the last render, and reuses every other file of the last output. The
//! two site-wide products that read every page, the calendar (views and feeds) and the search
//! index, are recomputed by [`finish`] afterwards, when their inputs changed: the edited page is
//! then on screen before they are done, and the server holds back requests for their files
//! (listed in [`Update::pending`]) until [`finish`] has replaced them, so nothing stale is
//! ever served.
//!
//! The contract, checked by `tests/incremental.rs`: after `update` and `finish`, the output is
//! byte for byte what a full [`super::render`] of the same site gives.

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Tera;

use crate::content::model::Site;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::fingerprint::Fingerprint;
use crate::output::{Content, Output};
use crate::urls::{self, Urls};

use super::context::Cards;
use super::{Renderer, add_attachments, add_feeds, base_context, conflict, deps, theme};

/// A job's output path, its inputs' fingerprint, and its file (and whether it was rendered
/// now rather than reused).
type JobResult = (PathBuf, u64, Result<(Content, bool), Diagnostic>);

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
    calendar: Group,
    search: Group,
}

/// A site-wide product recomputed as a whole.
#[derive(Default)]
struct Group {
    /// The fingerprint of the inputs its files were made from (`None`: never made).
    made_from: Option<u64>,
    /// The fingerprint of the inputs it must be made from, when that differs.
    wanted: Option<u64>,
    /// Its files in the last output.
    paths: Vec<PathBuf>,
    /// Site paths of its HTML pages (for the sitemap).
    pages: Vec<String>,
}

impl Group {
    fn is_stale(&self) -> bool {
        self.wanted.is_some() && self.wanted != self.made_from
    }
}

/// The result of [`update`].
pub struct Update {
    pub output: Output,
    /// Files rendered now, and files taken unchanged from the last output.
    pub rendered: usize,
    pub reused: usize,
    /// Files in `output` that are out of date until [`finish`] runs: the server must not
    /// answer with them, and must wait for [`finish`] on a miss, too (a new calendar month).
    pub pending: Vec<PathBuf>,
}

impl Memo {
    /// Whether [`finish`] has work to do.
    pub fn has_pending(&self) -> bool {
        self.calendar.is_stale() || self.search.is_stale()
    }
}

/// Renders what changed since the render `memo` remembers, reusing the rest of `previous`.
/// With an empty memo, renders everything (except what [`finish`] makes).
pub fn update(site: &Site, memo: &mut Memo, previous: &Output) -> Result<Update, Diagnostics> {
    let mut watch = crate::timings::Stopwatch::new();
    let tera = match &memo.tera {
        Some(t) => Arc::clone(t),
        None => {
            let t = Arc::new(theme::templates(&site.root).map_err(Diagnostics::from_iter)?);
            memo.tera = Some(Arc::clone(&t));
            t
        }
    };
    let u = Urls::new(&site.config.base_url);
    let global = deps::global_fingerprint(site, &u);
    let mut fps = None;
    let r = Renderer::new(site, &tera, |site, lk| {
        let f = deps::page_fingerprints(site, lk, global);
        let cards = Cards::build_reusing(site, lk, &tera, &f.card, &memo.cards);
        fps = Some(f);
        cards
    });
    let mut fps = fps.expect("Renderer::new builds the cards");
    r.complete_fingerprints(&mut fps);
    watch.lap("lookups and cards");
    let jobs = r.jobs();
    let results: Vec<JobResult> = jobs
        .par_iter()
        .map(|job| {
            let path = r.output_path(job);
            let fp = r.job_fingerprint(job, &fps, global);
            if memo.jobs.get(path.as_os_str()) == Some(&fp)
                && let Some(c @ Content::Bytes(_)) = previous.get(&path)
            {
                return (path, fp, Ok((c.clone(), false)));
            }
            let rendered = r
                .run(job)
                .map(|(_, bytes)| (Content::Bytes(bytes.into()), true));
            (path, fp, rendered)
        })
        .collect();
    watch.lap("fingerprint and render changed jobs");

    let mut out = Output::new();
    let mut diags = Diagnostics::new();
    theme::static_files(&site.root, &mut out);
    let (mut rendered, mut reused) = (0, 0);
    let mut job_fps = HashMap::with_capacity_and_hasher(results.len(), Default::default());
    for (path, fp, res) in results {
        match res {
            Ok((content, fresh)) => {
                if fresh {
                    rendered += 1;
                } else {
                    reused += 1;
                }
                job_fps.insert(path.clone().into_os_string(), fp);
                if let Err(p) = out.add(path, content) {
                    diags.push(conflict(&p));
                }
            }
            Err(d) => diags.push(d),
        }
    }
    add_attachments(site, &mut out, &mut diags);
    watch.lap("  assemble: pages and attachments");

    // The calendar reads the events; the search index reads every page.
    let mut f = Fingerprint::new();
    f.add(&global);
    for &id in &site.events {
        f.add(&fps.card[id]).add(&site.pages[id].fingerprint);
    }
    let calendar_inputs = f.finish();
    let mut f = Fingerprint::new();
    f.add(&global);
    for page in &site.pages {
        f.add(&page.fingerprint);
    }
    let search_inputs = f.finish();
    let mut pending = Vec::new();
    for (group, inputs) in [
        (&mut memo.calendar, calendar_inputs),
        (&mut memo.search, search_inputs),
    ] {
        // Until `finish` replaces them, the last files stay (the server holds them back).
        for path in &group.paths {
            if let Some(c) = previous.get(path)
                && out.add(path.clone(), c.clone()).is_err()
            {
                diags.push(conflict(path));
            }
        }
        if group.made_from != Some(inputs) {
            group.wanted = Some(inputs);
            pending.extend(group.paths.iter().cloned());
        } else {
            group.wanted = None;
        }
    }
    watch.lap("  assemble: calendar and search files");
    let page_paths: Vec<String> = jobs.iter().filter_map(|j| r.site_path(j)).collect();
    let mut sitemap_paths = page_paths.clone();
    sitemap_paths.extend(memo.calendar.pages.iter().cloned());
    add_feeds(site, &r.u, &sitemap_paths, &mut out, &mut diags);
    if memo.calendar.is_stale() {
        pending.push(PathBuf::from(urls::SITEMAP));
    }
    watch.lap("  assemble: feeds");
    if !diags.is_empty() {
        diags.sort();
        return Err(diags);
    }
    memo.jobs = job_fps;
    memo.cards = r.cards.keyed(&fps.card);
    memo.page_paths = page_paths;
    watch.lap("  remember");
    Ok(Update {
        output: out,
        rendered,
        reused,
        pending,
    })
}

/// Remakes the calendar and the search index if [`update`] found their inputs changed, and
/// gives the output with them in place of the old ones.
pub fn finish(site: &Site, memo: &mut Memo, output: &Output) -> Result<Output, Diagnostics> {
    let mut out = output.memory_copy();
    if !memo.has_pending() {
        return Ok(out);
    }
    let tera = match &memo.tera {
        Some(t) => Arc::clone(t),
        None => Arc::new(theme::templates(&site.root).map_err(Diagnostics::from_iter)?),
    };
    let u = Urls::new(&site.config.base_url);
    let (calendar, search) = rayon::join(
        || {
            memo.calendar.is_stale().then(|| {
                let base = base_context(site, &u);
                crate::calendar::outputs(site, &u, &tera, &base)
            })
        },
        || {
            memo.search
                .is_stale()
                .then(|| crate::search::outputs(site, &u))
        },
    );
    let mut diags = Diagnostics::new();
    let replace = |group: &mut Group,
                   files: Vec<(PathBuf, Vec<u8>)>,
                   out: &mut Output,
                   diags: &mut Diagnostics| {
        for path in &group.paths {
            out.remove(path);
        }
        group.paths.clear();
        group.pages.clear();
        for (path, bytes) in files {
            if let Some(dir) = path.to_str().and_then(|p| p.strip_suffix("index.html")) {
                group.pages.push(dir.to_string());
            }
            group.paths.push(path.clone());
            if let Err(p) = out.add(path, Content::Bytes(bytes.into())) {
                diags.push(conflict(&p));
            }
        }
        group.made_from = group.wanted.take();
    };
    match calendar {
        Some(Ok(files)) => replace(&mut memo.calendar, files, &mut out, &mut diags),
        Some(Err(ds)) => ds.into_iter().for_each(|d| diags.push(d)),
        None => {}
    }
    if let Some(files) = search {
        replace(&mut memo.search, files, &mut out, &mut diags);
    }
    // The sitemap lists the calendar's pages too.
    out.remove(std::path::Path::new(urls::SITEMAP));
    out.remove(std::path::Path::new(urls::ATOM));
    out.remove(std::path::Path::new(urls::ROBOTS));
    let mut sitemap_paths = memo.page_paths.clone();
    sitemap_paths.extend(memo.calendar.pages.iter().cloned());
    add_feeds(site, &u, &sitemap_paths, &mut out, &mut diags);
    if diags.is_empty() {
        Ok(out)
    } else {
        diags.sort();
        Err(diags)
    }
}
