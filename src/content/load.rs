//! Loading a site folder into a [`Site`]: read and parse every file in parallel, then check and
//! link. Every problem becomes a diagnostic; nothing is printed here.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::config::{self, SiteConfig};
use crate::content::model::{Kind, KindName, Page, SectionIntro, Site};
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
    /// A content file's text to check instead of what is on disk (the browser editor checks a
    /// file as it is being typed, through this same load). The file need not exist yet.
    pub overlay: Option<Overlay>,
}

/// One content file's unsaved text: `path` is absolute, spelled as `root.join("content")…`.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    pub path: PathBuf,
    pub text: String,
}

/// The outcome of loading: a site when there were no errors, and all diagnostics either way.
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
}

/// What the dev server keeps between loads: every file's parse result, every body's rendered
/// Markdown, and where the loaded site's links and references lead. A file is read and parsed
/// again only after [`LoadCache::forget`] names it (the watcher saw it change); new and deleted
/// files are found by listing the folder, which is cheap.
#[derive(Default)]
pub struct LoadCache {
    files: HashMap<PathBuf, CachedFile>,
    markdown: link::MarkdownCache,
    /// The link targets and reference index of the site the last load made; `None` after a load
    /// that made no site. [`reload_pages`] resolves edited pages against them.
    links: Option<link::SiteLinks>,
}

impl LoadCache {
    /// Forgets files that changed on disk (absolute paths, as the watcher reports them).
    pub fn forget<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        for p in paths {
            self.files.remove(p);
        }
    }

    /// Whether a cached file is `path` or inside it.
    pub fn has_under(&self, path: &Path) -> bool {
        self.files.keys().any(|p| p.starts_with(path))
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        *self = LoadCache::default();
    }
}

/// Loads a site from scratch.
pub fn load(root: &Path, opts: &LoadOptions) -> Loaded {
    load_with(root, opts, None)
}

/// Loads a site, reusing what `cache` holds for files that did not change and filling it for the
/// next load. Without a cache (a build), nothing is kept: a large site's parsed files are dropped
/// as soon as they are linked.
pub fn load_with(root: &Path, opts: &LoadOptions, mut cache: Option<&mut LoadCache>) -> Loaded {
    let mut watch = crate::timings::Stopwatch::new();
    if let Some(cache) = cache.as_deref_mut() {
        // They belong to the site this load makes, if it makes one.
        cache.links = None;
    }
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

    let mut files = content_files(&content_dir, &mut diagnostics);
    let overlay = opts.overlay.as_ref();
    if let Some(o) = overlay
        && o.path.starts_with(&content_dir)
        && !files.contains(&o.path)
    {
        files.push(o.path.clone());
        files.sort();
    }
    let read = |abs: &Path| match overlay.filter(|o| o.path == abs) {
        Some(o) => load_text(root, &content_dir, abs, o.text.clone()),
        None => load_file(root, &content_dir, abs),
    };
    let unknown = unknown_folders(&content_dir);
    if !unknown.is_empty() {
        // Their files are not read: a contest file in `content/konkursy/` would otherwise add
        // an «unknown field» for every field of a kind the folder was meant for.
        files.retain(|f| !unknown.iter().any(|(dir, _)| f.starts_with(dir)));
        diagnostics.extend(unknown.into_iter().map(|(_, d)| d));
    }
    let results: Vec<FileResult> = match cache.as_deref_mut() {
        None => files.par_iter().map(|abs| read(abs)).collect(),
        Some(cache) => {
            // The overlaid file is never taken from the cache nor left in it: its text is not
            // what is on disk.
            if let Some(o) = overlay {
                cache.files.remove(&o.path);
            }
            // Files read now are used as read, and kept packed.
            let mut fresh: HashMap<&PathBuf, FileResult> = files
                .par_iter()
                .filter(|abs| !cache.files.contains_key(*abs))
                .map(|abs| (abs, read(abs)))
                .collect();
            let packed: Vec<(PathBuf, CachedFile)> = fresh
                .par_iter_mut()
                .map(|(abs, r)| ((*abs).clone(), CachedFile::pack(r)))
                .collect();
            let listed: std::collections::HashSet<&PathBuf> = files.iter().collect();
            cache.files.retain(|p, _| listed.contains(p));
            let cached: Vec<Option<FileResult>> = files
                .par_iter()
                .map(|abs| cache.files.get(abs).map(CachedFile::unpack))
                .collect();
            let results = cached
                .into_iter()
                .zip(&files)
                .map(|(r, abs)| r.or_else(|| fresh.remove(abs)).unwrap_or_default())
                .collect();
            cache.files.extend(packed);
            if let Some(o) = overlay {
                cache.files.remove(&o.path);
            }
            results
        }
    };

    watch.lap("read and parse files");
    let mut pages = Vec::with_capacity(results.len());
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
    // Mentors without a consent in force on the build's date leave before anything can link,
    // list or index them.
    let (withheld, withheld_warnings) = crate::content::mentor::withhold(&mut pages, today);
    ghosts.extend(
        withheld
            .into_iter()
            .map(|(slug, content_path)| link::Ghost {
                kind: KindName::Mentor,
                slug,
                content_path,
                withheld: true,
            }),
    );
    diagnostics.extend(withheld_warnings);
    let urls = crate::urls::Urls::new(&config.base_url);
    diagnostics.extend(link::check_unique_paths(&pages, &organizations, &urls));
    let ref_index = link::RefIndex::new(&pages);
    diagnostics.extend(link::resolve_references(
        &mut pages,
        &ref_index,
        &organizations,
        &ghosts,
    ));
    diagnostics.extend(link::link_roadmaps(
        &mut pages,
        &ref_index,
        &organizations,
        today,
    ));
    watch.lap("check URLs and references");
    let link_targets = link::LinkTargets::new(&pages, sections.keys());
    let world = link::LinkWorld {
        targets: &link_targets,
        url: &urls,
        drafts: &drafts,
        ghosts: &ghosts,
    };
    let html_policy = crate::markdown::HtmlPolicy::new(config.embed_hosts.clone());
    // Nothing reads a page's source text after its body is rendered (diagnostics carry their own
    // lines, the dev server's cache its own packed copy): hashed and released right there, a
    // large site's sources are not all held beside all its rendered bodies.
    let finish = |page: &mut Page| {
        page.fingerprint = fingerprint(page, &urls);
        page.card_fingerprint = card_fingerprint(page);
        page.source.release_text();
    };
    diagnostics.extend(link::render_markdown(
        &mut pages,
        &mut sections,
        &world,
        &html_policy,
        cache.as_deref_mut().map(|c| &mut c.markdown),
        &finish,
    ));
    watch.lap("render Markdown");

    diagnostics.sort();
    if diagnostics.has_errors() || !config_ok {
        return Loaded {
            site: None,
            diagnostics,
        };
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
        roadmaps: Vec::new(),
        contests: Vec::new(),
        mentors: Vec::new(),
        plain_pages: Vec::new(),
        drafts,
    };
    taxonomy::index(&mut site);
    watch.lap("taxonomies");
    if let Some(cache) = cache {
        cache.links = Some(link::SiteLinks {
            targets: link_targets,
            references: ref_index,
        });
    }
    Loaded {
        site: Some(site),
        diagnostics,
    }
}

/// The dev server's fast path for the most common edit: files of existing pages changed, each
/// still a valid page with the same kind, address, aliases and publication. Only those files are
/// read; their references and Markdown are resolved against the link targets and reference index
/// that `cache` kept from the load that made `site`; the lists and taxonomies are rebuilt. Gives
/// `None` when the fast path does not apply (a new, deleted or renamed page, a section intro, a
/// moved address, an error, no links kept): then [`load_with`] does the general work, with its
/// cache.
pub fn reload_pages(
    site: &mut Site,
    cache: &LoadCache,
    files: &[PathBuf],
    opts: &LoadOptions,
) -> Option<Diagnostics> {
    let mut watch = crate::timings::Stopwatch::new();
    let links = cache.links.as_ref()?;
    let content_dir = site.root.join(CONTENT_DIR);
    let today = opts.today.unwrap_or_else(|| today_in(&site.config));
    // A consent that ended since the last load takes a mentor off the site: the general load.
    if site
        .mentors
        .iter()
        .any(|&id| crate::content::mentor::is_withheld(&site.pages[id], today))
    {
        return None;
    }
    let mut replaced = Vec::new();
    for abs in files {
        let id = site.pages.iter().position(|p| &p.source.abs_path == abs)?;
        let result = load_file(&site.root, &content_dir, abs);
        if result.diagnostics.iter().any(Diagnostic::is_error) {
            return None;
        }
        let page = result.page?;
        if crate::content::mentor::is_withheld(&page, today) {
            return None;
        }
        let old = &site.pages[id];
        // Events name roadmap measures and measures list those events: a roadmap's edit, or an
        // event's that changes its measure, changes another page, which only the general load
        // links again. An event keeping its measure keeps its place there (see below).
        fn measure(p: &Page) -> Option<&str> {
            Some(p.as_event()?.measure.as_ref()?.raw.as_str())
        }
        if page.kind_name() == KindName::Roadmap
            || old.kind_name() == KindName::Roadmap
            || measure(&page) != measure(old)
        {
            return None;
        }
        let same_place = page.kind_name() == old.kind_name()
            && page.path == old.path
            && page.slug == old.slug
            && page.aliases == old.aliases
            && (!page.draft || opts.drafts);
        if !same_place {
            return None;
        }
        replaced.push((id, page, result.diagnostics));
    }
    let urls = crate::urls::Urls::new(&site.config.base_url);
    let world = link::LinkWorld {
        targets: &links.targets,
        url: &urls,
        drafts: &site.drafts,
        ghosts: &[],
    };
    let html_policy = crate::markdown::HtmlPolicy::new(site.config.embed_hosts.clone());
    let mut diagnostics = Diagnostics::new();
    let mut ready = Vec::new();
    for (id, mut page, diags) in replaced {
        diagnostics.extend(diags);
        let mut problems =
            link::resolve_page_references(&mut page, &links.references, &site.organizations, &[]);
        problems.extend(link::render_page_markdown(&mut page, &world, &html_policy));
        if problems.iter().any(Diagnostic::is_error) {
            return None;
        }
        diagnostics.extend(problems);
        page.fingerprint = fingerprint(&page, &urls);
        page.card_fingerprint = card_fingerprint(&page);
        page.source.release_text();
        ready.push((id, page));
    }
    let mut edited = Vec::with_capacity(ready.len());
    let mut before = Vec::with_capacity(ready.len());
    for (id, mut page) in ready {
        let kept = site.pages[id]
            .as_event()
            .and_then(|e| e.measure.as_ref()?.target);
        if let (Some(target), Kind::Event(e)) = (kept, &mut page.kind)
            && let Some(m) = &mut e.measure
        {
            m.target = Some(target);
        }
        before.push(std::mem::replace(&mut site.pages[id], page));
        edited.push(id);
        // Its measure lists events by date: the new date may move it there.
        if let Some((roadmap, measure)) = kept {
            link::order_measure_events(&mut site.pages, roadmap, measure);
        }
    }
    // The server may have run past midnight: upcoming events are decided by today's date.
    site.today = today;
    watch.lap("re-read changed pages");
    taxonomy::reindex(site, &edited, &before);
    watch.lap("taxonomies");
    diagnostics.sort();
    Some(diagnostics)
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

/// A hash of all a page is made of, for [`Page::fingerprint`]: its file, the HTML its body became
/// (which also depends on where its links lead), the pages its references resolved to, and its
/// attachments' sizes. Cross-references are hashed by the target's path, not its index: indexes
/// shift when a file is added.
fn fingerprint(page: &Page, urls: &crate::urls::Urls) -> u64 {
    use crate::content::model::Kind;
    let mut f = crate::fingerprint::Fingerprint::new();
    f.add(&page.source.rel_path)
        .add(page.source.text.as_str())
        .add(&*page.content)
        .add(urls.base_path());
    for a in &page.attachments {
        f.add(&a.path).add(&a.size);
    }
    let refs: Vec<&crate::content::model::PageRef> = match &page.kind {
        Kind::Event(e) => e.practices.iter().collect(),
        Kind::Practice(p) => p.events.iter().collect(),
        Kind::Order(o) => o.replaces.iter().chain(&o.replaced_by).collect(),
        Kind::Roadmap(r) => r.order.iter().collect(),
        Kind::Contest(c) => crate::content::contest::references(c),
        Kind::Mentor(m) => m.practices.iter().chain(&m.events).collect(),
        Kind::Plain => Vec::new(),
    };
    // Targets are indexes into the page list being built; their identity is the raw reference
    // (already hashed with the text) plus whether it resolved.
    for r in refs {
        f.add(&r.target.is_some());
    }
    f.finish()
}

/// A hash of what the page's card shows: its front matter and its place, not its body.
fn card_fingerprint(page: &Page) -> u64 {
    crate::fingerprint::Fingerprint::new()
        .add(&page.source.rel_path)
        .add(page.source.front_matter_text())
        .finish()
}

#[derive(Clone, Default)]
struct FileResult {
    page: Option<Page>,
    /// A page that exists but could not be built because of its own errors.
    ghost: Option<link::Ghost>,
    section: Option<(String, SectionIntro)>,
    diagnostics: Vec<Diagnostic>,
}

/// A file's result as [`LoadCache`] keeps it: with the page's source text LZ4-packed. The
/// dev server keeps every file of the site for as long as it runs, and the text is most of a
/// page's size (a practice's text packs to about a third); a load that takes the file unpacks
/// it, since fingerprints, the Markdown pass and diagnostics read it.
#[derive(Clone)]
struct CachedFile {
    result: FileResult,
    packed_text: Option<Arc<[u8]>>,
}

impl CachedFile {
    /// The cached form of `r`, which keeps its text (the text is set aside while `r` is
    /// cloned, so that it is not copied only to be dropped).
    fn pack(r: &mut FileResult) -> CachedFile {
        let text = r
            .page
            .as_mut()
            .map(|page| std::mem::take(&mut page.source.text));
        let result = r.clone();
        let packed_text = text.map(|text| {
            let packed = lz4_flex::block::compress_prepend_size(text.as_bytes()).into();
            if let Some(page) = &mut r.page {
                page.source.text = text;
            }
            packed
        });
        CachedFile {
            result,
            packed_text,
        }
    }

    fn unpack(&self) -> FileResult {
        let mut r = self.result.clone();
        if let (Some(page), Some(packed)) = (&mut r.page, &self.packed_text) {
            // Packed from a `String` by `pack`: it unpacks, and to UTF-8.
            let bytes = lz4_flex::block::decompress_size_prepended(packed).unwrap_or_default();
            page.source.text = String::from_utf8(bytes).unwrap_or_default();
        }
        r
    }
}

fn load_file(root: &Path, content_dir: &Path, abs: &Path) -> FileResult {
    file_result(root, content_dir, abs, source::read(root, abs))
}

/// [`load_file`] for text given rather than read (an [`Overlay`]).
fn load_text(root: &Path, content_dir: &Path, abs: &Path, text: String) -> FileResult {
    let rel_path = abs.strip_prefix(root).unwrap_or(abs);
    file_result(root, content_dir, abs, source::split(rel_path, abs, text))
}

fn file_result(
    root: &Path,
    content_dir: &Path,
    abs: &Path,
    read: Result<SourceFile, Diagnostic>,
) -> FileResult {
    let rel_to_content = abs.strip_prefix(content_dir).unwrap_or(abs);
    let src = match read {
        Ok(s) => s,
        Err(d) => {
            return FileResult {
                page: None,
                ghost: placement(rel_to_content).map(|place| link::Ghost {
                    kind: place.kind,
                    slug: place.file_slug,
                    content_path: rel_to_content.to_string_lossy().replace('\\', "/"),
                    withheld: false,
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
                    withheld: false,
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

/// The folders right under `content/` that are no kind's folder (see [`KindName::ALL`]) and not
/// a plain page's own folder (one with an `index.md`), each with its error. Until now such a
/// folder's pages became plain pages under its name, and a folder without pages was skipped
/// without a word: a misspelt `content/event/` or a kind this version does not know
/// (`content/konkursy/`) went unnoticed.
fn unknown_folders(content_dir: &Path) -> Vec<(PathBuf, Diagnostic)> {
    let Ok(entries) = std::fs::read_dir(content_dir) else {
        return Vec::new();
    };
    let folders: Vec<(KindName, &str)> = KindName::ALL
        .into_iter()
        .filter_map(|k| Some((k, k.folder()?)))
        .collect();
    let mut names: Vec<(PathBuf, String)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.path(), e.file_name().to_string_lossy().into_owned()))
        .filter(|(path, name)| {
            !name.starts_with('.')
                && !folders.iter().any(|(_, f)| f == name)
                && !path.join("index.md").is_file()
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|(path, name)| {
            let kinds = folders
                .iter()
                .map(|(k, f)| format!("{f} — {}", k.what()))
                .collect::<Vec<_>>()
                .join(", ");
            let guess = match crate::diagnostic::closest(&name, folders.iter().map(|(_, f)| *f)) {
                Some(f) => format!("возможно, вы имели в виду «{f}»; "),
                None => String::new(),
            };
            let d = Diagnostic::error(
                "unknown-folder",
                Path::new(CONTENT_DIR).join(&name),
                format!("папка «{CONTENT_DIR}/{name}» не относится ни к одному виду материалов"),
            )
            .with_hint(format!(
                "{guess}вид материала определяется папкой: {kinds}; обычную страницу положите \
                 прямо в {CONTENT_DIR}/ или в свою папку с файлом index.md"
            ));
            (path, d)
        })
        .collect()
}

impl SourceFile {
    /// The path relative to `content/`, with `/`, as internal links name it.
    pub fn content_path(&self) -> String {
        let s = self.rel_path.to_string_lossy().replace('\\', "/");
        s.strip_prefix("content/").unwrap_or(&s).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// The repository's example site, in a temporary folder the test may edit.
    fn example_site(tmp: &tempfile::TempDir) -> PathBuf {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = tmp.path().join("site");
        copy_dir(&repo.join("content"), &root.join(CONTENT_DIR));
        copy_dir(&repo.join("data"), &root.join("data"));
        std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
        root
    }

    #[test]
    fn edited_pages_resolve_against_the_links_the_cache_kept_from_the_last_good_load() {
        let tmp = tempfile::tempdir().unwrap();
        let root = example_site(&tmp);
        let opts = LoadOptions {
            today: Some(jiff::civil::date(2026, 11, 23)),
            ..LoadOptions::default()
        };
        let mut cache = LoadCache::default();
        let loaded = load_with(&root, &opts, Some(&mut cache));
        let mut site = loaded.site.expect("the example site loads");
        assert!(
            cache.links.is_some(),
            "a load that made a site keeps its links"
        );

        let about = root.join(CONTENT_DIR).join("about.md");
        let text = std::fs::read_to_string(&about).unwrap();
        let linked = format!(
            "{text}\nСм. [практику школы № 4](@/practices/shkola-4-dorozhnaya-karta.md).\n"
        );
        std::fs::write(&about, &linked).unwrap();
        let diagnostics = reload_pages(&mut site, &cache, std::slice::from_ref(&about), &opts)
            .expect("a body edit takes the fast path");
        assert!(!diagnostics.has_errors(), "{}", diagnostics.render(false));
        let page = site
            .pages
            .iter()
            .find(|p| p.source.abs_path == about)
            .unwrap();
        assert!(
            page.content
                .contains("href=\"/metod/nastavnichestvo/practices/shkola-4-dorozhnaya-karta/\""),
            "{}",
            page.content
        );

        // A load that makes no site leaves no links to resolve against: the fast path gives way.
        std::fs::write(&about, "---\ntitle: [\n---\n").unwrap();
        cache.forget([about.as_path()]);
        assert!(load_with(&root, &opts, Some(&mut cache)).site.is_none());
        assert!(cache.links.is_none());
        std::fs::write(&about, &linked).unwrap();
        assert!(reload_pages(&mut site, &cache, std::slice::from_ref(&about), &opts).is_none());
    }
}
