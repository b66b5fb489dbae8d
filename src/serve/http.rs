//! Answering one request of the preview server: only files of the built output, never the disk
//! by a path the client chose.
//!
//! The output is a map of site paths, so a request can only name a file the build produced; the
//! checks here still reject every traversal form up front (`..` and `.` segments, their
//! percent-encoded variants, backslashes, NUL, absolute and drive paths) with 400, so a
//! misbehaving client learns nothing from probing, and a future change to how files are looked
//! up cannot turn into a hole.

use std::path::{Path, PathBuf};

/// What a request path resolves to, before looking at the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An output-relative path to look up (`index.html` for `/`).
    File(PathBuf),
    /// A bad path: 400.
    Bad,
}

/// Decodes and checks a request target (`/events/x/?q=1`). The query and fragment are ignored.
pub fn resolve(url: &str) -> Target {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.starts_with("//") {
        return Target::Bad;
    }
    let Some(decoded) = percent_decode(path) else {
        return Target::Bad;
    };
    if decoded.contains(['\\', '\0']) || decoded.starts_with("//") {
        return Target::Bad;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/').skip(1) {
        match seg {
            "" => continue,
            "." | ".." => return Target::Bad,
            // `C:` would make a Windows path absolute.
            s if s.contains(':') => return Target::Bad,
            s => parts.push(s),
        }
    }
    let mut rel: PathBuf = parts.iter().collect();
    if decoded.ends_with('/') || parts.is_empty() {
        rel.push("index.html");
    }
    Target::File(rel)
}

/// `%XX` decoding to UTF-8; `None` for malformed escapes or invalid UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type of every kind of file the site emits or editors attach.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "rtf" => "application/rtf",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script before `</body>` (or at the end). Only the preview server calls
/// this, on the bytes it is about to send: `build` output never contains it.
pub fn inject_reload(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{}\" data-version=\"{version}\" defer></script>",
        super::RELOAD_JS
    );
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_to_output_files() {
        assert_eq!(resolve("/"), Target::File("index.html".into()));
        assert_eq!(
            resolve("/events/x/?a=1"),
            Target::File("events/x/index.html".into())
        );
        assert_eq!(resolve("/atom.xml"), Target::File("atom.xml".into()));
        assert_eq!(
            resolve("/practices/%D0%B0.pdf"),
            Target::File("practices/а.pdf".into())
        );
    }

    #[test]
    fn traversal_in_every_spelling_is_bad() {
        for url in [
            "/../etc/passwd",
            "/events/../../x",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/.%2e/x",
            "/events/..%2fx",
            "/..%5cx",
            "/events\\..\\x",
            "/%5c%5cserver/x",
            "//etc/passwd",
            "/%2f%2fetc",
            "/C:/Windows",
            "/x%00.html",
            "/%zz",
            "/%ff",
            "/./index.html",
            "etc/passwd",
        ] {
            assert_eq!(resolve(url), Target::Bad, "{url}");
        }
    }

    #[test]
    fn content_types_of_what_the_site_emits() {
        assert_eq!(
            content_type(Path::new("calendar.ics")),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a/B.PDF")), "application/pdf");
        assert_eq!(
            content_type(Path::new("x.unknown")),
            "application/octet-stream"
        );
    }

    #[test]
    fn the_reload_script_goes_before_the_body_end() {
        let html = inject_reload(b"<html><body>x</body></html>", 3);
        let html = String::from_utf8(html).unwrap();
        assert!(
            html.contains(
                "x<script src=\"/__nastavnik/reload.js\" data-version=\"3\" defer></script></body>"
            ),
            "{html}"
        );
        let html = String::from_utf8(inject_reload(b"fragment", 1)).unwrap();
        assert!(html.starts_with("fragment<script"), "{html}");
    }
}
