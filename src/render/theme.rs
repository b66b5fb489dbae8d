//! The theme: Tera templates and static files.
//!
//! The default theme is embedded in the binary, so `init` and `build` work from any folder with
//! nothing else installed. A site overrides it file by file: a template of the same name in the
//! site's `templates/`, a static file of the same path in `themes/default/static/` (a copied
//! theme), and its own files in `static/` (copied to the output root).

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::output::{Content, Output};
use crate::urls;

pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The templates that render one card for [`crate::render::context::Cards`]: a card appears in
/// its list, on every term page of its terms, on its organizations' pages and the home page,
/// and rendering it once instead of in each of them roughly halves a large site's page time.
pub const CARD_TEMPLATES: [(&str, &str); 3] = [
    (
        "nastavnik/event_card.html",
        "{{ <event_card e={card} level={3} /> }}",
    ),
    (
        "nastavnik/practice_card.html",
        "{{ <practice_card p={card} level={3} /> }}",
    ),
    (
        "nastavnik/order_card.html",
        "{{ <order_card o={card} level={3} /> }}",
    ),
];

/// Compiles the templates once: the embedded ones, then the site's overrides.
pub fn templates(site_root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let mut sources: Vec<(String, String, Option<PathBuf>)> = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
        for file in dir.files() {
            let name = file.path().strip_prefix("templates").unwrap_or(file.path());
            if let Some(text) = file.contents_utf8() {
                sources.push((
                    name.to_string_lossy().replace('\\', "/"),
                    text.to_string(),
                    None,
                ));
            }
        }
    }
    let mut diags = Vec::new();
    for dir in [
        site_root.join("themes/default/templates"),
        site_root.join("templates"),
    ] {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let rel = entry
                .path()
                .strip_prefix(site_root)
                .unwrap_or(entry.path())
                .to_path_buf();
            match std::fs::read(entry.path())
                .map_err(|e| e.to_string())
                .and_then(|b| crate::content::source::decode(&rel, &b).map_err(|d| d.message))
            {
                Ok(text) => {
                    sources.retain(|(n, _, _)| *n != name);
                    sources.push((name, text, Some(rel)));
                }
                Err(msg) => diags.push(Diagnostic::error("template", rel, msg)),
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    // Each card rendered alone, once, at the heading level lists use (see `CARD_TEMPLATES`);
    // through the components, so a site's own `components.html` shapes them too.
    for (name, text) in CARD_TEMPLATES {
        sources.push((name.to_string(), text.to_string(), None));
    }
    let mut tera = Tera::default();
    tera.autoescape_on([".html", ".xml"]);
    let pairs = sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str()));
    if let Err(err) = tera.add_raw_templates(pairs) {
        let overridden: Vec<String> = sources
            .iter()
            .filter_map(|(_, _, p)| p.as_ref().map(|p| crate::diagnostic::display_path(p)))
            .collect();
        let file = if overridden.is_empty() {
            "themes/default".to_string()
        } else {
            overridden.join(", ")
        };
        return Err(vec![
            Diagnostic::error("template", file, format!("ошибка в шаблоне: {err}"))
                .with_hint("проверьте изменённые шаблоны сайта (папка templates); если ошибка в теме по умолчанию — сообщите разработчикам"),
        ]);
    }
    Ok(tera)
}

/// Adds the theme's static files (as `static/…`) and the site's `static/` (at the root).
pub fn static_files(site_root: &Path, out: &mut Output) {
    fn walk_embedded(dir: &Dir<'static>, out: &mut Output) {
        for file in dir.files() {
            let rel = file.path().strip_prefix("static").unwrap_or(file.path());
            out.put(
                urls::static_file(&rel.to_string_lossy().replace('\\', "/")),
                Content::Bytes(file.contents().into()),
            );
        }
        for sub in dir.dirs() {
            walk_embedded(sub, out);
        }
    }
    if let Some(dir) = DEFAULT_THEME.get_dir("static") {
        walk_embedded(dir, out);
    }
    let copied_theme = site_root.join("themes/default/static");
    for (dir, prefix) in [(copied_theme, "static/"), (site_root.join("static"), "")] {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.')
            {
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap_or(entry.path())
                    .to_string_lossy()
                    .replace('\\', "/");
                out.put(
                    format!("{prefix}{rel}"),
                    Content::Copy(entry.path().to_path_buf()),
                );
            }
        }
    }
}
