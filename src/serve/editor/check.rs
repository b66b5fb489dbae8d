//! Checking a file as the editor types, through the same load as `nastavnik check` (the unsaved
//! text is laid over the file on disk, [`crate::content::load::Overlay`]), and the catalog of
//! what the site has: its content files for the editor's list, the values fields already use
//! (suggestions), the organizations.
//!
//! The load keeps its own [`LoadCache`], so a check re-parses only the file being edited; the
//! cache is dropped whenever the preview server rebuilt (a file changed on disk).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use crate::content::load::{CONTENT_DIR, LoadOptions, Overlay};
use crate::content::model::KindName;
use crate::content::{LoadCache, load_with};
use crate::diagnostic::Diagnostic;
use crate::markdown::{HtmlPolicy, Resolved};

/// One file's problems and its rendered body.
#[derive(Debug, Clone)]
pub struct Report {
    /// The diagnostics of this file only (others' problems are not the editor's to fix here).
    pub diagnostics: Vec<Diagnostic>,
    /// The body as the site renders it (with the site's link resolution when the site loads).
    pub preview: String,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The checker a server keeps.
#[derive(Default)]
pub struct Checker {
    cache: Mutex<(u64, LoadCache)>,
}

impl Checker {
    /// Checks `text` as the content of `abs` (absolute, below `root/content`). `version` is the
    /// server's build version: a new one means files changed on disk.
    pub fn check(
        &self,
        root: &Path,
        opts: &LoadOptions,
        version: u64,
        abs: &Path,
        text: &str,
    ) -> Report {
        let mut opts = opts.clone();
        opts.overlay = Some(Overlay {
            path: abs.to_path_buf(),
            text: text.to_string(),
        });
        let mut guard = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if guard.0 != version {
            *guard = (version, LoadCache::default());
        }
        let loaded = load_with(root, &opts, Some(&mut guard.1));
        drop(guard);
        let rel = abs.strip_prefix(root).unwrap_or(abs);
        let mut diagnostics: Vec<Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.file == rel)
            .cloned()
            .collect();
        if let Some(site) = &loaded.site {
            diagnostics.extend(
                crate::content::roadmap::overdue_warnings(site)
                    .into_iter()
                    .filter(|d| d.file == rel),
            );
        }
        let preview = loaded
            .site
            .as_ref()
            .and_then(|site| site.pages.iter().find(|p| p.source.abs_path == abs))
            .map(|p| p.content.to_string())
            .unwrap_or_else(|| plain_preview(text));
        Report {
            diagnostics,
            preview,
        }
    }
}

/// The body rendered without the site (the site does not load, or the page is an unpublished
/// draft): internal links stay unresolved and raw HTML is held to the strictest policy.
fn plain_preview(text: &str) -> String {
    let body =
        match crate::content::source::split(Path::new("x.md"), Path::new("x.md"), text.to_string())
        {
            Ok(src) => src.body_text().to_string(),
            Err(_) => text.to_string(),
        };
    crate::markdown::render(
        &body,
        &|_| Resolved::Missing { suggestion: None },
        &HtmlPolicy::new(Vec::new()),
    )
    .html
}

/// A content file in the editor's list.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: KindName,
    /// Relative to `content/`, with `/`.
    pub rel: String,
    pub title: String,
    pub date: String,
    pub draft: bool,
    pub modified: Option<SystemTime>,
}

/// What the site has, for the list and the suggestions.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub items: Vec<Item>,
    /// Values used per field key (`topics`, `series`…), sorted.
    pub used: BTreeMap<String, BTreeSet<String>>,
    /// Organization ids and names.
    pub organizations: Vec<(String, String)>,
}

/// Reads every content file's front matter (no checks: that is the load's job).
pub fn catalog(root: &Path) -> Catalog {
    let content = root.join(CONTENT_DIR);
    let mut catalog = Catalog::default();
    let walker = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker.flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md") || name.starts_with('~') {
            continue;
        }
        let abs: PathBuf = entry.path().to_path_buf();
        let Ok(rel) = abs.strip_prefix(&content) else {
            continue;
        };
        let rel_text = rel.to_string_lossy().replace('\\', "/");
        let Some(place) = crate::content::parse::placement(rel) else {
            continue;
        };
        let Ok(src) = crate::content::source::read(root, &abs) else {
            catalog.items.push(Item {
                kind: place.kind,
                rel: rel_text,
                title: String::new(),
                date: String::new(),
                draft: false,
                modified: entry.metadata().ok().and_then(|m| m.modified().ok()),
            });
            continue;
        };
        let map = crate::content::front_matter::parse_yaml(&src).unwrap_or_default();
        let text = |key: &str| match map.get(key) {
            Some(serde_yaml::Value::String(s)) => s.clone(),
            Some(serde_yaml::Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        for spec in crate::content::schema::fields(place.kind) {
            let values: Vec<String> = match map.get(spec.key) {
                Some(serde_yaml::Value::String(s)) => vec![s.clone()],
                Some(serde_yaml::Value::Sequence(items)) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => Vec::new(),
            };
            if matches!(
                spec.input,
                crate::content::schema::Input::Tags(_) | crate::content::schema::Input::Suggest(_)
            ) {
                catalog
                    .used
                    .entry(spec.key.to_string())
                    .or_default()
                    .extend(values);
            }
        }
        let date = [text("start"), text("date"), text("approved")]
            .into_iter()
            .find(|d| !d.is_empty())
            .unwrap_or_default();
        catalog.items.push(Item {
            kind: place.kind,
            rel: rel_text,
            // A mentor has a `name` (ФИО) instead of a title.
            title: Some(text("title"))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| text("name")),
            date,
            draft: matches!(map.get("draft"), Some(serde_yaml::Value::Bool(true))),
            modified: entry.metadata().ok().and_then(|m| m.modified().ok()),
        });
    }
    let (organizations, _) = crate::content::organizations::load(root);
    catalog.organizations = organizations.into_iter().map(|o| (o.id, o.name)).collect();
    catalog
}
