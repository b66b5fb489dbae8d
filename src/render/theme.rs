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

/// The theme's static files that pages link by a fingerprinted address ([`asset_path`]).
pub const FINGERPRINTED: [&str; 4] = ["css/site.css", "js/site.js", "js/stem.js", "js/search.js"];

/// The address of the theme's static file `rel` (below `static/`) with a fingerprint of its
/// bytes as a query, `…/js/search.js?v=1a2b3c4d`. Browsers and proxies keep static files for days
/// (docs/deploy.md sets a week), so a new version of the theme must come under a new address:
/// a cached old `search.js` reading a new index format would quietly find nothing.
pub fn asset_path(site_root: &Path, u: &urls::Urls, rel: &str) -> String {
    let path = u.path(&urls::static_file(rel));
    match static_bytes(site_root, rel) {
        Some(bytes) => format!("{path}?v={:08x}", crate::fingerprint::of(&bytes[..]) as u32),
        None => path,
    }
}

/// The bytes the build writes for `static/rel`: the site's own `static/static/rel`, else the
/// copied theme's, else the embedded theme's (the order in which [`static_files`] overrides).
fn static_bytes(site_root: &Path, rel: &str) -> Option<std::borrow::Cow<'static, [u8]>> {
    let own = [
        site_root.join("static").join(urls::static_file(rel)),
        site_root.join("themes/default/static").join(rel),
    ];
    own.iter()
        .find_map(|p| std::fs::read(p).ok().map(std::borrow::Cow::Owned))
        .or_else(|| {
            DEFAULT_THEME
                .get_file(format!("static/{rel}"))
                .map(|f| std::borrow::Cow::Borrowed(f.contents()))
        })
}

/// Adds the theme's static files (as `static/…`) and the site's `static/` (at the root).
/// Hidden files and folders of the site's folders (a name starting with a dot: `.git/`,
/// `.env`, `.DS_Store`) are left out: a static folder kept under version control must not
/// publish its repository.
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
        let walk = WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk.flatten() {
            if entry.file_type().is_file() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_addresses_change_with_the_bytes_served() {
        let dir = tempfile::tempdir().unwrap();
        let u = urls::Urls::new("https://example.org/metod/");
        let embedded = asset_path(dir.path(), &u, "js/search.js");
        let (path, version) = embedded.split_once("?v=").unwrap();
        assert_eq!(path, "/metod/static/js/search.js");
        assert!(version.len() == 8 && version.bytes().all(|b| b.is_ascii_hexdigit()));
        // Same bytes, same address: caches stay valid from one build to the next.
        assert_eq!(asset_path(dir.path(), &u, "js/search.js"), embedded);
        // A copied theme's file, then the site's own static/static/…, take over as the build does.
        let copied = dir.path().join("themes/default/static/js");
        std::fs::create_dir_all(&copied).unwrap();
        std::fs::write(copied.join("search.js"), "// changed").unwrap();
        let from_copy = asset_path(dir.path(), &u, "js/search.js");
        assert_ne!(from_copy, embedded);
        let own = dir.path().join("static/static/js");
        std::fs::create_dir_all(&own).unwrap();
        std::fs::write(own.join("search.js"), "// the site's own").unwrap();
        let from_own = asset_path(dir.path(), &u, "js/search.js");
        assert!(from_own != from_copy && from_own != embedded);
        // A file the theme does not have keeps its plain address.
        assert_eq!(
            asset_path(dir.path(), &u, "js/none.js"),
            "/metod/static/js/none.js"
        );
    }
}
