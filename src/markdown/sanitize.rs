//! Raw HTML in Markdown bodies: what may stay on the site, what is removed, and the reports.
//!
//! Markdown lets editors write HTML, and they do: a video player's embed code, a table pasted
//! from Word, a `<details>` block. Anything a browser would run (`<script>`, `onerror=…`,
//! `javascript:` links) must not reach the published site, whoever wrote the file.
//!
//! The work is done once per body (the dev server keeps the result in its Markdown cache), and
//! only for bodies that contain raw HTML, a link with an unusual scheme or a heading with
//! attributes: the Markdown renderer tells, and plain Markdown pays nothing.
//!
//! Two steps, both driven by one allow-list ([`TAGS`], [`CLASSES`], [`GENERIC_ATTRIBUTES`],
//! [`SCHEMES`], the embed hosts from `site.yaml`):
//!
//! 1. The **audit** reads the body's HTML as a browser does: html5ever's tokenizer, switched to
//!    raw text after `<script>`, `<style>`, `<iframe>`… as the HTML tree builder switches it, so
//!    an attribute that swallows the Markdown after it is seen for what it is. Every start tag
//!    is checked against the allow-list; what fails becomes a [`Removal`] at the place in the
//!    Markdown it came from. It also checks that the body ends outside any tag, comment or raw
//!    text, since on the page the theme's HTML follows it.
//! 2. Only if the audit found something is the HTML rewritten, by ammonia with the same
//!    allow-list (and embedded frames from other hosts dropped whole). A body whose HTML is all
//!    allowed keeps its bytes exactly, so published pages do not change when nothing is wrong.
//!
//! The audit flags a superset of what ammonia would remove, which is what makes keeping the
//! original HTML safe: everything left in it passed the same allow-list.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::OnceLock;

use ammonia::Url;
use ammonia::url;
use html5ever::TokenizerResult;
use html5ever::buffer_queue::BufferQueue;
use html5ever::interface::Attribute;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{StartTag, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// Tags an editor may use, each with the attributes it may keep besides
/// [`GENERIC_ATTRIBUTES`]. It covers what the Markdown renderer itself writes (tables with
/// aligned cells, footnotes, task-list checkboxes, heading ids and classes, code classes) and
/// what editors legitimately add by hand: `<details>`/`<summary>`, `<sub>`/`<sup>`, `<br>`,
/// images, and video players in `<iframe>` from the embed hosts.
const TAGS: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang", "id"]),
    ("abbr", &[]),
    ("b", &[]),
    ("bdi", &[]),
    ("blockquote", &["cite"]),
    ("br", &[]),
    ("caption", &[]),
    ("cite", &[]),
    ("code", &["class"]),
    ("col", &["span", "width"]),
    ("colgroup", &["span", "width"]),
    ("dd", &[]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("dfn", &[]),
    ("div", &["id", "align"]),
    ("dl", &[]),
    ("dt", &[]),
    ("em", &[]),
    ("figcaption", &[]),
    ("figure", &[]),
    ("h1", HEADING),
    ("h2", HEADING),
    ("h3", HEADING),
    ("h4", HEADING),
    ("h5", HEADING),
    ("h6", HEADING),
    ("hr", &[]),
    ("i", &[]),
    (
        "iframe",
        &[
            "src",
            "width",
            "height",
            "allow",
            "allowfullscreen",
            "webkitallowfullscreen",
            "mozallowfullscreen",
            "frameborder",
            "scrolling",
            "loading",
            "referrerpolicy",
        ],
    ),
    (
        "img",
        &["src", "alt", "width", "height", "loading", "align"],
    ),
    ("input", &["checked", "disabled"]),
    ("ins", &["cite", "datetime"]),
    ("kbd", &[]),
    ("li", &["value"]),
    ("mark", &[]),
    ("ol", &["start", "reversed", "type"]),
    ("p", &["align"]),
    ("pre", &[]),
    ("q", &["cite"]),
    ("s", &[]),
    ("samp", &[]),
    ("small", &[]),
    ("span", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", CELL),
    ("tfoot", &[]),
    (
        "th",
        &["colspan", "rowspan", "scope", "align", "valign", "style"],
    ),
    ("thead", &[]),
    ("time", &["datetime"]),
    ("tr", &[]),
    ("u", &[]),
    ("ul", &[]),
    ("var", &[]),
    ("wbr", &[]),
];

/// Headings: the renderer writes `id` (and `class` for `## Заголовок {.класс}`).
const HEADING: &[&str] = &["id", "class"];
/// Table cells: `style` only for the renderer's column alignment (`text-align`).
const CELL: &[&str] = &["colspan", "rowspan", "align", "valign", "style"];

/// Attributes allowed on every allowed tag.
const GENERIC_ATTRIBUTES: &[&str] = &["lang", "title"];

/// Classes allowed on tags whose `class` is not free: the renderer's footnotes. (The theme's
/// CSS styles rendered Markdown by tag under `.prose`, so no other class is needed.)
const CLASSES: &[(&str, &[&str])] = &[
    ("div", &["footnote-definition"]),
    ("sup", &["footnote-reference", "footnote-definition-label"]),
];

/// Attribute values allowed only as listed: the task list's checkbox.
const VALUES: &[(&str, &str, &[&str])] = &[("input", "type", &["checkbox"])];

/// The only CSS property kept in `style`: the alignment of table columns.
const STYLE_PROPERTIES: &[&str] = &["text-align"];

/// Tags removed together with their content (what is inside a script is not text).
const REMOVED_WITH_CONTENT: &[&str] = &["script", "style"];

/// URL schemes allowed in links and sources. Relative addresses are always allowed.
pub(crate) const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Video hosts whose players may be embedded when `site.yaml` has no `embed_hosts`.
pub const DEFAULT_EMBED_HOSTS: &[&str] = &[
    "rutube.ru",
    "vk.com",
    "vkvideo.ru",
    "youtube.com",
    "youtube-nocookie.com",
];

/// The tag html5ever is fed after a body: seen as a clean start tag only if the body ended in
/// the tokenizer's data state, outside any tag, comment or raw text.
const END_PROBE: &str = "nastavnik-end-of-body";

/// What raw HTML in bodies may keep: the allow-list and the hosts whose video players may be
/// embedded. Made once per load and shared by all bodies; the ammonia cleaner inside is built
/// the first time a body needs it.
pub struct HtmlPolicy {
    /// Lower-case ASCII host names; a host matches itself and its subdomains.
    embed_hosts: Vec<String>,
    tags: HashMap<&'static str, &'static [&'static str]>,
    cleaner: OnceLock<ammonia::Builder<'static>>,
}

impl std::fmt::Debug for HtmlPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HtmlPolicy")
            .field("embed_hosts", &self.embed_hosts)
            .finish_non_exhaustive()
    }
}

impl Default for HtmlPolicy {
    fn default() -> Self {
        HtmlPolicy::new(DEFAULT_EMBED_HOSTS.iter().map(|h| h.to_string()).collect())
    }
}

impl HtmlPolicy {
    /// `embed_hosts` as [`normalize_embed_host`] gives them.
    pub fn new(embed_hosts: Vec<String>) -> Self {
        HtmlPolicy {
            embed_hosts,
            tags: TAGS.iter().copied().collect(),
            cleaner: OnceLock::new(),
        }
    }

    /// Checks one start tag; calls `report` for every part that would be removed.
    fn check_tag(&self, name: &str, attrs: &[Attribute], report: &mut dyn FnMut(Removal)) {
        if REMOVED_WITH_CONTENT.contains(&name) {
            report(Removal::Tag(name.to_string()));
            return;
        }
        let Some(allowed) = self.tags.get(name) else {
            report(Removal::Tag(name.to_string()));
            return;
        };
        let mut has_src = false;
        for attr in attrs {
            let attribute = &*attr.name.local;
            let value = &*attr.value;
            if !attribute_allowed(name, allowed, attribute, value) {
                report(Removal::Attribute {
                    tag: name.to_string(),
                    attribute: attribute.to_string(),
                });
                continue;
            }
            if name == "iframe" && attribute == "src" {
                has_src = true;
                if !embed_allowed(value, &self.embed_hosts) {
                    report(Removal::Embed {
                        src: value.trim().to_string(),
                    });
                }
            } else if is_url_attribute(attribute)
                && let Some(scheme) = forbidden_scheme(value)
            {
                report(Removal::Url {
                    tag: name.to_string(),
                    scheme,
                });
            }
        }
        if name == "iframe" && !has_src {
            report(Removal::Embed { src: String::new() });
        }
    }

    /// Reads `html` as a browser would and lists what the allow-list removes from it. `marks`
    /// are the places where raw HTML (or a suspicious link) entered the output, by their offset
    /// in `html`, ascending; a removal is given with the index of the last mark before the tag
    /// that completes it.
    pub(crate) fn audit<T>(&self, html: &str, marks: &[(usize, T)]) -> Vec<(usize, Removal)> {
        let sink = AuditSink {
            policy: self,
            at: Cell::new(0),
            probing: Cell::new(false),
            probe_seen: Cell::new(false),
            found: RefCell::new(Vec::new()),
        };
        let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
        let input = BufferQueue::default();
        let feed = |chunk: &str| {
            if chunk.is_empty() {
                return;
            }
            input.push_back(StrTendril::from_slice(chunk));
            while let TokenizerResult::Script(()) = tokenizer.feed(&input) {}
        };
        let mut start = 0;
        for (mark, &(html_at, _)) in marks.iter().enumerate() {
            feed(&html[start..html_at]);
            tokenizer.sink.at.set(mark);
            start = html_at;
        }
        feed(&html[start..]);
        tokenizer.sink.probing.set(true);
        feed(&format!("<{END_PROBE}>"));
        tokenizer.end();
        let sink = tokenizer.sink;
        let mut found = sink.found.into_inner();
        if !sink.probe_seen.get() {
            found.push((marks.len().saturating_sub(1), Removal::Unclosed));
        }
        found.dedup();
        found
    }

    /// Rewrites `html` with ammonia and the allow-list. Embedded frames whose address was
    /// removed are dropped whole, not left as empty boxes.
    pub(crate) fn clean(&self, html: &str) -> String {
        let cleaned = self.cleaner().clean(html).to_string();
        drop_frames_without_src(&cleaned)
    }

    fn cleaner(&self) -> &ammonia::Builder<'static> {
        self.cleaner.get_or_init(|| {
            let hosts = self.embed_hosts.clone();
            let mut builder = ammonia::Builder::default();
            builder
                .tags(TAGS.iter().map(|(tag, _)| *tag).collect())
                .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
                .tag_attributes(
                    TAGS.iter()
                        .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
                        .collect(),
                )
                .tag_attribute_values(
                    VALUES
                        .iter()
                        .map(|(tag, attr, values)| {
                            (*tag, [(*attr, values.iter().copied().collect())].into())
                        })
                        .collect(),
                )
                .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
                .allowed_classes(
                    CLASSES
                        .iter()
                        .map(|(tag, classes)| (*tag, classes.iter().copied().collect()))
                        .collect(),
                )
                .url_schemes(SCHEMES.iter().copied().collect())
                .url_relative(ammonia::UrlRelative::PassThrough)
                .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
                .link_rel(None)
                .attribute_filter(move |element, attribute, value| {
                    let removed =
                        element == "iframe" && attribute == "src" && !embed_allowed(value, &hosts);
                    (!removed).then_some(Cow::Borrowed(value))
                });
            builder
        })
    }
}

/// Whether an `<iframe src>` may stay: an https address on one of the embed hosts.
fn embed_allowed(src: &str, hosts: &[String]) -> bool {
    Url::parse(src.trim()).is_ok_and(|url| {
        url.scheme() == "https" && url.host_str().is_some_and(|host| host_matches(host, hosts))
    })
}

/// Whether `host` is one of `hosts` or a subdomain of one (`www.youtube.com` of `youtube.com`).
fn host_matches(host: &str, hosts: &[String]) -> bool {
    let host = host.trim_end_matches('.');
    hosts.iter().any(|allowed| {
        host == allowed
            || host
                .strip_suffix(allowed.as_str())
                .is_some_and(|rest| rest.ends_with('.'))
    })
}

/// The host name of an `embed_hosts` entry, lower-case ASCII (a Cyrillic domain in punycode),
/// or why it is not one.
pub fn normalize_embed_host(entry: &str) -> Result<String, String> {
    let entry = entry.trim();
    if entry.contains("://") || entry.contains(['/', '?', '#', '@', ':', ' ']) {
        return Err(format!(
            "«{entry}» — это не имя сайта: укажите только имя, без https:// и пути"
        ));
    }
    let url = Url::parse(&format!("https://{entry}/"))
        .map_err(|_| format!("«{entry}» не похоже на имя сайта"))?;
    match url.host() {
        Some(url::Host::Domain(host)) if host.contains('.') => {
            Ok(host.trim_end_matches('.').to_string())
        }
        _ => Err(format!(
            "«{entry}» не похоже на имя сайта: нужно имя вида rutube.ru"
        )),
    }
}

fn attribute_allowed(tag: &str, allowed: &[&str], attribute: &str, value: &str) -> bool {
    if GENERIC_ATTRIBUTES.contains(&attribute) {
        return true;
    }
    if attribute == "class"
        && let Some((_, classes)) = CLASSES.iter().find(|(t, _)| *t == tag)
    {
        return value
            .split_ascii_whitespace()
            .all(|class| classes.contains(&class));
    }
    if let Some((_, _, values)) = VALUES.iter().find(|(t, a, _)| *t == tag && *a == attribute) {
        return values.iter().any(|v| v.eq_ignore_ascii_case(value));
    }
    if !allowed.contains(&attribute) {
        return false;
    }
    attribute != "style" || style_allowed(value)
}

/// Whether every declaration of a `style` value sets an allowed property (the renderer writes
/// `text-align: center`).
fn style_allowed(value: &str) -> bool {
    value
        .split(';')
        .map(str::trim)
        .filter(|declaration| !declaration.is_empty())
        .all(|declaration| {
            declaration.split_once(':').is_some_and(|(property, _)| {
                STYLE_PROPERTIES
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(property.trim()))
            })
        })
}

/// The attributes browsers follow as addresses, among the allowed ones.
fn is_url_attribute(attribute: &str) -> bool {
    attribute == "href" || attribute == "src"
}

/// The scheme of an address if it is not an allowed one, as ammonia judges it: an address the
/// URL parser reads with a scheme must have an allowed one; a relative address is fine; one
/// that fails to parse is removed.
fn forbidden_scheme(value: &str) -> Option<String> {
    match Url::parse(value) {
        Ok(url) if SCHEMES.contains(&url.scheme()) => None,
        Ok(url) => Some(url.scheme().to_string()),
        Err(url::ParseError::RelativeUrlWithoutBase) => None,
        Err(_) => Some(String::new()),
    }
}

/// Whether a Markdown link or image destination may carry a scheme that is not allowed, by the
/// URL standard's reading (leading spaces and control characters dropped, tabs and newlines
/// ignored). Errs on the side of yes: it only decides whether the audit runs.
pub(crate) fn suspicious_destination(dest: &str) -> bool {
    let dest = dest.trim_start_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in dest.chars() {
        match c {
            '\t' | '\n' | '\r' => {}
            ':' => {
                return !scheme.is_empty()
                    && !SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(&scheme));
            }
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => scheme.push(c),
            // Anything else before a colon makes the address relative.
            _ => return false,
        }
    }
    false
}

/// Removes `<iframe …>…</iframe>` elements without a `src` from ammonia's output. That output
/// is html5ever's serialization: text and attribute values have `<`, `>` and `"` escaped, so a
/// `<` is always a tag, a tag ends at the first `>`, and an iframe's raw-text content cannot
/// contain its end tag.
fn drop_frames_without_src(html: &str) -> String {
    const OPEN: &str = "<iframe";
    const CLOSE: &str = "</iframe>";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        if !after.starts_with([' ', '>']) {
            out.push_str(&rest[..at + OPEN.len()]);
            rest = after;
            continue;
        }
        let tag_end = after.find('>').map_or(after.len(), |i| i + 1);
        let element_end = after[tag_end..]
            .find(CLOSE)
            .map_or(after.len(), |i| tag_end + i + CLOSE.len());
        let keep = after[..tag_end].contains(" src=\"");
        out.push_str(&rest[..at]);
        if keep {
            out.push_str(&rest[at..at + OPEN.len() + element_end]);
        }
        rest = &after[element_end..];
    }
    out.push_str(rest);
    out
}

struct AuditSink<'p> {
    policy: &'p HtmlPolicy,
    /// Index of the mark whose HTML is being read.
    at: Cell<usize>,
    /// Whether the tokenizer is reading [`END_PROBE`], not the body.
    probing: Cell<bool>,
    probe_seen: Cell<bool>,
    found: RefCell<Vec<(usize, Removal)>>,
}

impl TokenSink for AuditSink<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != StartTag {
            return TokenSinkResult::Continue;
        }
        let name = &*tag.name;
        if self.probing.get() {
            if name == END_PROBE && tag.attrs.is_empty() {
                self.probe_seen.set(true);
            }
            return TokenSinkResult::Continue;
        }
        let at = self.at.get();
        self.policy.check_tag(name, &tag.attrs, &mut |removal| {
            self.found.borrow_mut().push((at, removal));
        });
        // What the HTML tree builder does after these start tags: their content is raw text,
        // not markup, until the matching end tag.
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Something the allow-list removed from a body's HTML.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Removal {
    /// A tag that is not allowed (`script` and `style` with their content; others keep it).
    Tag(String),
    /// An attribute not allowed on its tag (`onerror` on `img`, `style` on `span`).
    Attribute { tag: String, attribute: String },
    /// A link or source address with a scheme that is not allowed (`javascript`, `data`);
    /// empty when the address could not be read at all.
    Url { tag: String, scheme: String },
    /// An embedded frame from a host not in `embed_hosts` (or without an address).
    Embed { src: String },
    /// The body ends inside a tag, a comment or an unclosed `<iframe>`/`<script>`: the page's
    /// own HTML after it would be swallowed.
    Unclosed,
}

impl Removal {
    /// The warning's message, in Russian.
    pub fn message(&self) -> String {
        match self {
            Removal::Tag(tag) if tag == "script" || tag == "noscript" => {
                format!("в тексте удалён тег <{tag}>: на сайте нельзя выполнять сценарии")
            }
            Removal::Tag(tag) if tag == "style" => {
                "в тексте удалён тег <style>: оформление страниц задаёт тема сайта".to_string()
            }
            Removal::Tag(tag) => {
                format!("в тексте удалён тег <{tag}>: этот тег на сайте не разрешён")
            }
            Removal::Attribute { tag, attribute } if attribute.starts_with("on") => format!(
                "у тега <{tag}> удалён атрибут {attribute}: на сайте нельзя выполнять сценарии"
            ),
            Removal::Attribute { tag, attribute } if attribute == "style" => format!(
                "у тега <{tag}> удалён атрибут style: оформление страниц задаёт тема сайта"
            ),
            Removal::Attribute { tag, attribute } => {
                format!("у тега <{tag}> удалён атрибут {attribute}: он на сайте не разрешён")
            }
            Removal::Url { tag, scheme } => {
                let what = if tag == "a" { "ссылки" } else { "источника" };
                if scheme.is_empty() {
                    format!("удалён адрес {what} в теге <{tag}>: его не удалось разобрать")
                } else {
                    format!(
                        "удалён адрес {what} «{scheme}:…» в теге <{tag}>: такие адреса на сайте не разрешены"
                    )
                }
            }
            Removal::Embed { src } if src.is_empty() => {
                "удалён встроенный фрейм <iframe> без адреса (src)".to_string()
            }
            Removal::Embed { src } => format!(
                "удалён встроенный фрейм <iframe> с адресом «{src}»: встраивать можно только плееры сайтов из списка embed_hosts"
            ),
            Removal::Unclosed => {
                "HTML в тексте не закрыт: текст кончается внутри тега, комментария или <iframe>, поэтому разметка удалена".to_string()
            }
        }
    }

    /// The warning's hint, in Russian.
    pub fn hint(&self) -> String {
        match self {
            Removal::Tag(tag) if tag == "script" || tag == "noscript" => {
                "если нужен опрос, форма или карта, дайте на них ссылку: [Опрос для наставников](https://…); видео встраивается тегом <iframe> с сайтов из списка embed_hosts в site.yaml".to_string()
            }
            Removal::Tag(tag) if tag == "iframe" => {
                "видео встраивается тегом <iframe> с сайтов из списка embed_hosts в site.yaml".to_string()
            }
            Removal::Tag(_) | Removal::Attribute { .. } => {
                "оформляйте текст средствами Markdown (**жирный**, *курсив*, списки, таблицы); из HTML на сайте остаются таблицы, <details> и <summary>, <sub> и <sup>, <br>, картинки и видео с сайтов из списка embed_hosts".to_string()
            }
            Removal::Url { .. } => {
                "ссылка должна вести на страницу: https://…, mailto:…, tel:… или @/папка/файл.md; ссылки javascript: и data: выполняют код в браузере посетителя".to_string()
            }
            Removal::Embed { .. } => {
                "скопируйте код встраивания с сайта видео (RUTUBE, VK Видео, YouTube); если этому сайту можно доверять, добавьте его имя в список embed_hosts в site.yaml".to_string()
            }
            Removal::Unclosed => {
                "проверьте, что у каждого «<» есть «>», у <iframe> — </iframe>, а у комментария <!-- — закрывающее -->".to_string()
            }
        }
    }
}
