//! Loading a site folder into a [`Site`]: read and parse every file in parallel, then check and
//! link. Every problem becomes a diagnostic; nothing is printed here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{self, SiteConfig};
use crate::content::model::{Page, SectionIntro, Site};
use crate::content::parse::{self, placement};
use crate::content::source::{self, SourceFile};
use crate::content::{link, organizations, taxonomy};
use crate::diagnostic::{Diagnostic, Diagnostics};

pub const CONTENT_DIR: &str = "content";

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Publish drafts too (for previewing them; never for the public site).
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// The build's "today"; by default the current date in the site's time zone.
    pub today: Option<jiff::civil::Date>,
}

/// The outcome of loading: a site when there were no errors, and all diagnostics either way.
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
}

pub fn load(root: &Path, opts: &LoadOptions) -> Loaded {
    let mut watch = crate::timings::Stopwatch::new();
    let mut diagnostics = Diagnostics::new();
    let mut config = match config::load(root) {
        Ok(c) => Some(c),
        Err(ds) => {
            diagnostics.extend(ds);
            None
        }
    };
    if let (Some(c), Some(url)) = (config.as_mut(), &opts.base_url)
        && let Err(msg) = c.set_base_url(url)
    {
        diagnostics.push(Diagnostic::error("bad-url", "--base-url", msg));
    }
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("no-content", CONTENT_DIR, "не найдена папка content с материалами сайта")
                .with_hint("материалы сайта лежат в папке content рядом с site.yaml; новый сайт создаёт команда nastavnik init ПАПКА"),
        );
        diagnostics.sort();
        return Loaded {
            site: None,
            diagnostics,
        };
    }
    // Without a readable site.yaml we still check every content file, so an editor sees all
    // problems in one run.
    let config_ok = config.is_some();
    let config = config.unwrap_or_else(SiteConfig::fallback);

    let (organizations, org_diags) = organizations::load(root);
    diagnostics.extend(org_diags);

    let files = content_files(&content_dir, &mut diagnostics);
    let results: Vec<FileResult> = files
        .par_iter()
        .map(|abs| load_file(root, &content_dir, abs))
        .collect();

    watch.lap("read and parse files");
    let mut pages = Vec::new();
    let mut sections = BTreeMap::new();
    // Unpublished drafts are kept by path only, so that a link to one is reported as a link to
    // a draft (which would break once published) rather than as a missing page.
    let mut drafts = Vec::new();
    // Pages that failed to parse still exist for references and links: a mistake in a page
    // must give one message, not one more in every page that links to it.
    let mut ghosts = Vec::new();
    for r in results {
        diagnostics.extend(r.diagnostics);
        ghosts.extend(r.ghost);
        match r.page {
            Some(page) if page.draft && !opts.drafts => drafts.push(page.source.content_path()),
            Some(page) => pages.push(page),
            None => {}
        }
        if let Some((name, intro)) = r.section {
            sections.insert(name, intro);
        }
    }
    // A stable order whatever the file system and thread scheduling gave: by source path.
    pages.sort_by(|a, b| a.source.rel_path.cmp(&b.source.rel_path));

    let today = opts.today.unwrap_or_else(|| today_in(&config));
    let urls = crate::urls::Urls::new(&config.base_url);
    diagnostics.extend(link::check_unique_paths(&pages, &organizations, &urls));
    diagnostics.extend(link::resolve_references(
        &mut pages,
        &organizations,
        &ghosts,
    ));
    watch.lap("check URLs and references");
    diagnostics.extend(link::render_markdown(
        &mut pages,
        &mut sections,
        &urls,
        &drafts,
        &ghosts,
    ));
    watch.lap("render Markdown");

    diagnostics.sort();
    if diagnostics.has_errors() || !config_ok {
        return Loaded {
            site: None,
            diagnostics,
        };
    }
    for page in &mut pages {
        page.source.release_text();
    }
    for intro in sections.values_mut() {
        intro.source.release_text();
    }
    let mut site = Site {
        config,
        root: root.to_path_buf(),
        today,
        organizations,
        pages,
        sections,
        taxonomies: Vec::new(),
        events: Vec::new(),
        practices: Vec::new(),
        orders: Vec::new(),
        plain_pages: Vec::new(),
    };
    taxonomy::index(&mut site);
    watch.lap("taxonomies");
    Loaded {
        site: Some(site),
        diagnostics,
    }
}

/// Today's date in the site's time zone. `SOURCE_DATE_EPOCH` (the reproducible-builds
/// convention) fixes it, so the same input and date give byte-identical output.
fn today_in(config: &SiteConfig) -> jiff::civil::Date {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned_datetime(config.tz()).date()
}

struct FileResult {
    page: Option<Page>,
    /// A page that exists but could not be built because of its own errors.
    ghost: Option<link::Ghost>,
    section: Option<(String, SectionIntro)>,
    diagnostics: Vec<Diagnostic>,
}

fn load_file(root: &Path, content_dir: &Path, abs: &Path) -> FileResult {
    let rel_to_content = abs.strip_prefix(content_dir).unwrap_or(abs);
    let src = match source::read(root, abs) {
        Ok(s) => s,
        Err(d) => {
            return FileResult {
                page: None,
                ghost: placement(rel_to_content).map(|place| link::Ghost {
                    kind: place.kind,
                    slug: place.file_slug,
                    content_path: rel_to_content.to_string_lossy().replace('\\', "/"),
                }),
                section: None,
                diagnostics: vec![d],
            };
        }
    };
    match placement(rel_to_content) {
        None => {
            let (title, description, diagnostics) = parse::parse_section(&src);
            let name = rel_to_content
                .parent()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            FileResult {
                page: None,
                ghost: None,
                section: Some((
                    name,
                    SectionIntro {
                        title,
                        description,
                        content: String::new(),
                        source: src,
                    },
                )),
                diagnostics,
            }
        }
        Some(place) => {
            let content_path = src.content_path();
            let parsed = parse::parse_page(src, &place, root);
            FileResult {
                ghost: parsed.page.is_none().then(|| link::Ghost {
                    kind: place.kind,
                    slug: place.file_slug.clone(),
                    content_path,
                }),
                page: parsed.page,
                section: None,
                diagnostics: parsed.diagnostics,
            }
        }
    }
}

/// All Markdown files under `content/`, sorted. Hidden files and folders (editors' backup and
/// lock files, `.git`) are skipped.
fn content_files(content_dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let walker = WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let name = e.file_name().to_string_lossy();
                if name.ends_with(".md") && !name.starts_with('~') {
                    files.push(e.into_path());
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content_dir.to_path_buf());
                diagnostics.push(Diagnostic::error(
                    "io",
                    path,
                    format!("не удалось прочитать: {err}"),
                ));
            }
        }
    }
    files
}

impl SourceFile {
    /// The path relative to `content/`, with `/`, as internal links name it.
    pub fn content_path(&self) -> String {
        let s = self.rel_path.to_string_lossy().replace('\\', "/");
        s.strip_prefix("content/").unwrap_or(&s).to_string()
    }
}
