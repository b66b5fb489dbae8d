//! The dev server's build that lives between edits: it keeps every parsed file, every rendered
//! Markdown body, the site model and the last output, so an edit costs re-reading the files that
//! changed and re-rendering the outputs whose inputs changed (see `render::incremental`).
//!
//! An edit of a Markdown file under `content/` is incremental. Anything else (site.yaml, the
//! organizations in data/, templates, the theme, static files, an attachment, a folder renamed)
//! starts afresh: such edits are rare, and templates and static files are inputs of every page.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build::BuildOptions;
use crate::content::model::Site;
use crate::content::{LoadCache, load_with};
use crate::diagnostic::Diagnostics;
use crate::output::Output;
use crate::render::incremental::{self, Memo};

/// The output with the calendar and search index remade, or why they could not be.
pub type Finished = Result<Arc<Output>, Diagnostics>;

/// A step of finishing: the output with some files made, and the files still out of date;
/// `None` when the step has nothing to do.
pub type Step = Option<(Finished, Vec<PathBuf>)>;

/// What changed on disk since the last build.
#[derive(Debug, Clone)]
pub enum Changes {
    /// Unknown or too wide to track: rebuild from scratch.
    Everything,
    /// These files (absolute paths, as the watcher reports them).
    Files(Vec<PathBuf>),
}

/// The outcome of [`Session::rebuild`].
pub struct Rebuilt {
    /// The new output, or `None` when the site has errors (then `diagnostics` says why).
    pub output: Option<Arc<Output>>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
    /// Files of `output` that [`Session::finish`] is about to replace.
    pub pending: Vec<PathBuf>,
    /// Files rendered and reused.
    pub rendered: usize,
    pub reused: usize,
    /// Files whose inputs changed, left for [`Session::finish_deferred`].
    pub deferred: usize,
    pub incremental: bool,
    /// Whether the site has the same pages at the same addresses, made from the same files, as
    /// before (the common edit: pages changed in place), so [`Session::page_sources`] is too.
    pub same_pages: bool,
    pub elapsed: Duration,
}

pub struct Session {
    options: BuildOptions,
    today: Option<jiff::civil::Date>,
    cache: LoadCache,
    memo: Memo,
    site: Option<Site>,
    output: Option<Arc<Output>>,
}

impl Session {
    pub fn new(options: BuildOptions) -> Self {
        Session {
            options,
            today: None,
            cache: LoadCache::default(),
            memo: Memo::default(),
            site: None,
            output: None,
        }
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Fixes the build date (tests compare with a full build of the same date).
    pub fn with_today(mut self, today: jiff::civil::Date) -> Self {
        self.today = Some(today);
        self
    }

    /// Changes the fixed build date, as midnight does for a running server.
    pub fn set_today(&mut self, today: jiff::civil::Date) {
        self.today = Some(today);
    }

    /// Loads and renders what `changes` require. The pages are ready when this returns; the
    /// calendar and the search index may still be out of date ([`Rebuilt::pending`]) until
    /// [`Session::finish`].
    pub fn rebuild(&mut self, changes: &Changes) -> Rebuilt {
        let started = Instant::now();
        let incremental = match changes {
            Changes::Files(files) if self.output.is_some() && self.only_content(files) => {
                self.cache.forget(files.iter().map(PathBuf::as_path));
                true
            }
            _ => {
                self.cache.clear();
                self.memo = Memo::default();
                false
            }
        };
        let mut opts = self.options.load_options();
        opts.today = self.today;
        // The common edit first: existing pages changed in place.
        let patched = match (changes, self.site.as_mut()) {
            (Changes::Files(files), Some(site)) if incremental => {
                // Only Markdown files: the others are temporary files already gone (see
                // `only_content`).
                let pages: Vec<PathBuf> = files
                    .iter()
                    .filter(|f| f.extension().is_some_and(|e| e == "md"))
                    .cloned()
                    .collect();
                crate::content::load::reload_pages(site, &self.cache, &pages, &opts)
            }
            _ => None,
        };
        let same_pages = patched.is_some();
        let (site, mut diagnostics) = match patched {
            Some(diagnostics) => (self.site.take(), diagnostics),
            None => {
                // The model is current again only if this load succeeds.
                self.site = None;
                let loaded = load_with(&self.options.root, &opts, Some(&mut self.cache));
                (loaded.site, loaded.diagnostics)
            }
        };
        let failed = |diagnostics| Rebuilt {
            output: None,
            diagnostics,
            pending: Vec::new(),
            rendered: 0,
            reused: 0,
            deferred: 0,
            incremental,
            same_pages: false,
            elapsed: started.elapsed(),
        };
        let Some(site) = site else {
            return failed(diagnostics);
        };
        let empty = Output::new();
        let previous = self.output.as_deref().unwrap_or(&empty);
        match incremental::update(&site, &mut self.memo, previous) {
            Ok(update) => {
                let output = Arc::new(update.output);
                self.output = Some(Arc::clone(&output));
                self.site = Some(site);
                Rebuilt {
                    output: Some(output),
                    diagnostics,
                    pending: update.pending,
                    rendered: update.rendered,
                    reused: update.reused,
                    deferred: update.deferred,
                    incremental,
                    same_pages,
                    elapsed: started.elapsed(),
                }
            }
            Err(ds) => {
                diagnostics.extend(ds);
                diagnostics.sort();
                failed(diagnostics)
            }
        }
    }

    /// Each page's site path and the file it was made from (relative to `content/`), for the
    /// editor's links; empty while the site does not build.
    pub fn page_sources(&self) -> Vec<(String, String)> {
        self.site.as_ref().map_or_else(Vec::new, |site| {
            site.pages
                .iter()
                .map(|p| (p.path.clone(), p.source.content_path()))
                .collect()
        })
    }

    /// Whether [`Session::finish`] has work to do (never after a failed rebuild: there is no
    /// site to remake the calendar and search index from).
    pub fn has_pending(&self) -> bool {
        self.site.is_some() && self.memo.has_pending()
    }

    /// Remakes the calendar and the search index if the last rebuild left them out of date:
    /// the output with them, or the errors; `None` when there is nothing to remake them from
    /// (the last rebuild failed: its errors stand, and the next good rebuild starts over).
    pub fn finish(&mut self) -> Option<Result<Arc<Output>, Diagnostics>> {
        self.finish_with(incremental::finish)
    }

    /// When the calendar and something else are out of date, remakes the calendar alone
    /// (as [`Session::finish`] does everything) and gives the files still out of date beside
    /// the output; `None` when there is no such split to make. The calendar comes first: it is
    /// what subscribers read, and it does not wait for the list pages an event's move shifts.
    pub fn finish_calendar(&mut self) -> Step {
        if self.site.is_none() || !self.memo.calendar_first() {
            return None;
        }
        let finished = self.finish_with(incremental::finish_calendar)?;
        Some((finished, self.memo.pending_paths()))
    }

    /// Renders the files the last rebuild left for later (lists, terms, the home page) and
    /// gives the output with them, beside the files still out of date; `None` when there are
    /// none.
    pub fn finish_deferred(&mut self) -> Step {
        if self.site.is_none() || !self.memo.has_deferred() {
            return None;
        }
        let finished = self.finish_with(incremental::finish_deferred)?;
        Some((finished, self.memo.pending_paths()))
    }

    fn finish_with(
        &mut self,
        finish: fn(&Site, &mut Memo, &Output) -> Result<Output, Diagnostics>,
    ) -> Option<Result<Arc<Output>, Diagnostics>> {
        let (Some(site), Some(output)) = (&self.site, &self.output) else {
            return None;
        };
        if !self.memo.has_pending() {
            return Some(Ok(Arc::clone(output)));
        }
        let finished = finish(site, &mut self.memo, output);
        Some(match finished {
            Ok(out) => {
                let out = Arc::new(out);
                self.output = Some(Arc::clone(&out));
                Ok(out)
            }
            Err(ds) => {
                // Start afresh next time rather than build on a half-made output.
                self.memo = Memo::default();
                self.output = None;
                Err(ds)
            }
        })
    }

    /// Whether the changes can be handled incrementally: every changed path is a Markdown file
    /// under `content/`, or a file that is gone and was nothing the site used (editors and
    /// tools such as `sed -i` write a temporary file and rename it over the real one). Paths
    /// are as the watcher reports them: below the site folder as the server was given it.
    fn only_content(&self, files: &[PathBuf]) -> bool {
        let content = self.options.root.join(crate::content::load::CONTENT_DIR);
        let attachment = |f: &PathBuf| {
            self.site.as_ref().is_some_and(|site| {
                site.pages
                    .iter()
                    .any(|p| p.attachments.iter().any(|a| &a.source == f))
            })
        };
        !files.is_empty()
            && files.iter().all(|f| {
                if !f.starts_with(&content) {
                    false
                } else if f.extension().is_some_and(|e| e == "md") {
                    true
                } else {
                    !f.exists() && !self.cache.has_under(f) && !attachment(f)
                }
            })
    }
}
