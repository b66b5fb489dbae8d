//! Every URL of the site comes from here.
//!
//! Schools link to our pages and subscribe to our feeds, so URLs are a promise: they are derived
//! only from file names, slugs and ids, never from titles, and only in this module. Pages, the
//! sitemap, feeds, the calendar and the search index all ask this module; nothing else builds
//! URL strings.
//!
//! Internally a URL is a *site path*: relative to the site root, without a leading slash,
//! ending with `/` for pages (`events/2022-10-10-sobranie/`) or with a file name for files
//! (`static/css/site.css`). [`Urls`] turns site paths into what pages print: root-relative
//! paths that include the base URL's sub-path (`/metod/nastavnichestvo/events/…/`), so the site
//! works when hosted under a folder, and absolute URLs for feeds and canonical links.

use std::path::PathBuf;

/// The kinds of content that live in their own folder and get their own URL space.
pub const EVENTS: &str = "events/";
pub const PRACTICES: &str = "practices/";
pub const ORDERS: &str = "orders/";
pub const ROADMAPS: &str = "roadmaps/";
pub const CONTESTS: &str = "contests/";
/// The register of mentors.
pub const MENTORS: &str = "mentors/";
pub const ORGANIZATIONS: &str = "organizations/";
/// The register of organizations as a table (`render::register`).
pub const ORGANIZATIONS_CSV: &str = "organizations/register.csv";
pub const TAXONOMIES: &str = "taxonomies/";

pub fn event(slug: &str) -> String {
    format!("{EVENTS}{slug}/")
}

pub fn practice(slug: &str) -> String {
    format!("{PRACTICES}{slug}/")
}

pub fn order(slug: &str) -> String {
    format!("{ORDERS}{slug}/")
}

/// The page of document templates for schools, inside the documents section.
pub const DOCUMENT_TEMPLATES: &str = "orders/obraztsy/";

pub fn roadmap(slug: &str) -> String {
    format!("{ROADMAPS}{slug}/")
}

pub fn contest(slug: &str) -> String {
    format!("{CONTESTS}{slug}/")
}

pub fn mentor(slug: &str) -> String {
    format!("{MENTORS}{slug}/")
}

pub fn organization(id: &str) -> String {
    format!("{ORGANIZATIONS}{id}/")
}

/// A plain page: its folder path below `content/` plus its slug (`about/`, `docs/faq/`).
pub fn plain_page(dir: &str, slug: &str) -> String {
    if dir.is_empty() {
        format!("{slug}/")
    } else {
        format!("{dir}/{slug}/")
    }
}

/// The list of all terms of a taxonomy (`topics/`).
pub fn taxonomy(key: &str) -> String {
    format!("{key}/")
}

/// One term of a taxonomy (`topics/adaptatsiya/`).
pub fn term(key: &str, slug: &str) -> String {
    format!("{key}/{slug}/")
}

/// Page `n` (1-based) of a paginated list whose first page is `base`.
pub fn paginated(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// A file that belongs to a page (an attachment), placed in the page's folder.
pub fn page_file(page: &str, file_name: &str) -> String {
    format!("{page}{file_name}")
}

pub fn static_file(rel: &str) -> String {
    format!("static/{rel}")
}

pub const ATOM: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const NOT_FOUND: &str = "404.html";

/// The output file for a site path: pages become `…/index.html`.
pub fn output_file(site_path: &str) -> PathBuf {
    if site_path.is_empty() || site_path.ends_with('/') {
        PathBuf::from(format!("{site_path}index.html"))
    } else {
        PathBuf::from(site_path)
    }
}

/// Turns an old URL given in `aliases` (absolute path, full URL or relative) into a site path.
pub fn alias_to_site_path(alias: &str, base_path: &str) -> Option<String> {
    let mut a = alias.trim();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = a.strip_prefix(scheme) {
            a = rest.find('/').map_or("/", |i| &rest[i..]);
        }
    }
    let a = a.split(['?', '#']).next().unwrap_or("");
    let a = a
        .strip_prefix(base_path)
        .or_else(|| a.strip_prefix('/'))
        .unwrap_or(a);
    if a.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    let a = a.trim_start_matches('/');
    if a.is_empty() {
        return None;
    }
    if a.ends_with('/') || a.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        Some(a.to_string())
    } else {
        Some(format!("{a}/"))
    }
}

/// Turns site paths into printed URLs for one base URL.
#[derive(Debug, Clone)]
pub struct Urls {
    base_url: String,
    base_path: String,
}

impl Urls {
    /// `base_url` must be absolute and end with `/` (the config guarantees it).
    pub fn new(base_url: &str) -> Self {
        let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
        let base_path = after_scheme
            .find('/')
            .map_or("/", |i| &after_scheme[i..])
            .to_string();
        Urls {
            base_url: base_url.to_string(),
            base_path,
        }
    }

    /// The root-relative path printed in pages: `/metod/nastavnichestvo/events/x/`.
    pub fn path(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path, encode_path(site_path))
    }

    /// The absolute URL: `https://example.org/metod/nastavnichestvo/events/x/`.
    pub fn abs(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, encode_path(site_path))
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

/// Percent-encodes what cannot stand in a URL path. Slugs are ASCII already; attachment file
/// names may be Cyrillic or have spaces, and must still give valid links.
fn encode_path(path: &str) -> String {
    percent_encode(path, b"-._~/")
}

/// Percent-encodes every byte but ASCII letters, digits and `keep` (RFC 3986 unreserved
/// characters are `-._~`; a path also keeps `/`, a query value nothing more).
pub fn percent_encode(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_path_base_urls() {
        let u = Urls::new("https://example.org/metod/nastavnichestvo/");
        assert_eq!(u.path(&event("a")), "/metod/nastavnichestvo/events/a/");
        assert_eq!(u.abs(""), "https://example.org/metod/nastavnichestvo/");
        let root = Urls::new("https://example.org/");
        assert_eq!(root.path(&practice("b")), "/practices/b/");
    }

    #[test]
    fn pagination_and_output_files() {
        assert_eq!(paginated("events/", 1), "events/");
        assert_eq!(paginated("events/", 3), "events/page/3/");
        assert_eq!(
            output_file("events/page/3/"),
            PathBuf::from("events/page/3/index.html")
        );
        assert_eq!(output_file(""), PathBuf::from("index.html"));
        assert_eq!(output_file("atom.xml"), PathBuf::from("atom.xml"));
    }

    #[test]
    fn non_ascii_file_names_are_encoded() {
        let u = Urls::new("https://example.org/");
        assert_eq!(
            u.path("practices/a/План работы.pdf"),
            "/practices/a/%D0%9F%D0%BB%D0%B0%D0%BD%20%D1%80%D0%B0%D0%B1%D0%BE%D1%82%D1%8B.pdf"
        );
    }

    #[test]
    fn aliases() {
        let bp = "/metod/nastavnichestvo/";
        assert_eq!(
            alias_to_site_path("/metod/nastavnichestvo/old/1", bp).as_deref(),
            Some("old/1/")
        );
        assert_eq!(
            alias_to_site_path("https://example.org/old/page.html", bp).as_deref(),
            Some("old/page.html")
        );
        assert_eq!(alias_to_site_path("/../etc/passwd", bp), None);
        assert_eq!(alias_to_site_path("/", bp), None);
    }
}
