//! Machine-read outputs written by code, not templates: the Atom feed, the sitemap, robots.txt.
//! Each escapes for XML itself; none reads the clock, so builds are reproducible.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::content::model::{PageId, Site};
use crate::html::escape_xml;
use crate::urls::{self, Urls};

/// How many entries the Atom feed carries.
const ATOM_ENTRIES: usize = 30;

/// A date as the start of that day in the site's time zone, in RFC 3339.
fn rfc3339(site: &Site, d: Date) -> String {
    d.to_zoned_datetime(site.config.tz())
        .map(|z| z.timestamp().to_string())
        .unwrap_or_else(|_| format!("{d}T00:00:00Z"))
}

/// An Atom feed of new practices and documents, newest first.
pub fn atom(site: &Site, u: &Urls) -> String {
    let mut items: Vec<(Option<Date>, PageId)> = site
        .practices
        .iter()
        .map(|&i| (site.pages[i].as_practice().and_then(|p| p.date), i))
        .chain(
            site.orders
                .iter()
                .map(|&i| (site.pages[i].as_order().and_then(|o| o.date), i)),
        )
        .collect();
    // Newest first; paths are unique, so the order is total and the first entries are the same
    // whether the rest is sorted or not (the dev server makes this feed on every save).
    let newest_first = |a: &(Option<Date>, PageId), b: &(Option<Date>, PageId)| {
        b.0.cmp(&a.0)
            .then_with(|| site.pages[a.1].path.cmp(&site.pages[b.1].path))
    };
    if items.len() > ATOM_ENTRIES {
        items.select_nth_unstable_by(ATOM_ENTRIES, newest_first);
        items.truncate(ATOM_ENTRIES);
    }
    items.sort_by(newest_first);
    let updated = items
        .iter()
        .filter_map(|(d, _)| *d)
        .max()
        .map(|d| rfc3339(site, d))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"ru\">\n");
    let _ = writeln!(
        x,
        "  <title>{}</title>",
        escape_xml(&format!(
            "{}: новые практики и документы",
            site.config.title
        ))
    );
    if !site.config.description.is_empty() {
        let _ = writeln!(
            x,
            "  <subtitle>{}</subtitle>",
            escape_xml(&site.config.description)
        );
    }
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&u.abs(urls::ATOM))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(&u.abs(""))
    );
    let _ = writeln!(x, "  <id>{}</id>", escape_xml(&u.abs("")));
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let author = if site.config.department.is_empty() {
        &site.config.title
    } else {
        &site.config.department
    };
    let _ = writeln!(x, "  <author><name>{}</name></author>", escape_xml(author));
    for (date, id) in items {
        let page = &site.pages[id];
        let url = u.abs(&page.path);
        let when = date
            .map(|d| rfc3339(site, d))
            .unwrap_or_else(|| updated.clone());
        x.push_str("  <entry>\n");
        let _ = writeln!(
            x,
            "    <title>{}</title>",
            escape_xml(&crate::ru::typography::typograph(&page.title))
        );
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape_xml(&url)
        );
        let _ = writeln!(x, "    <id>{}</id>", escape_xml(&url));
        let _ = writeln!(x, "    <updated>{when}</updated>");
        let category = if page.as_practice().is_some() {
            "Практика"
        } else {
            "Документ"
        };
        let _ = writeln!(x, "    <category term=\"{}\"/>", escape_xml(category));
        if let Some(summary) = &page.summary {
            let _ = writeln!(
                x,
                "    <summary>{}</summary>",
                escape_xml(&crate::ru::typography::typograph(summary))
            );
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// The sitemap of every public HTML page (not the 404 page or alias redirects).
pub fn sitemap(_site: &Site, u: &Urls, site_paths: &[String]) -> String {
    let mut paths: Vec<&String> = site_paths.iter().collect();
    // Equal paths are removed, so an unstable sort gives the same order.
    paths.sort_unstable();
    paths.dedup();
    let mut x = String::with_capacity(128 + paths.len() * (u.base_url().len() + 64));
    x.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // The dev server makes this on every edit: most addresses need no escaping, and are not
    // copied to be escaped.
    for p in paths {
        let abs = u.abs(p);
        x.push_str("  <url><loc>");
        if abs
            .bytes()
            .any(|b| b < 0x20 || matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
        {
            x.push_str(&escape_xml(&abs));
        } else {
            x.push_str(&abs);
        }
        x.push_str("</loc></url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

pub fn robots(u: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        u.abs(urls::SITEMAP)
    )
}
