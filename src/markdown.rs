//! Markdown to HTML: CommonMark plus tables, footnotes, strikethrough and task lists; heading
//! ids and a table of contents; internal `@/…` links resolved and checked; Russian typography
//! applied to prose only, never inside code; raw HTML held to an allow-list ([`sanitize`]).
//!
//! Events stream from the parser to the HTML writer: only a heading's events are held, until
//! its text (and so its id) is known. A body is never held as a list of events, which for a
//! large table would take many times its size.

mod sanitize;

use std::cell::Cell;
use std::collections::VecDeque;
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::ru::translit::slugify;
use crate::ru::typography::Typographer;

pub use sanitize::{DEFAULT_EMBED_HOSTS, HtmlPolicy, Removal, normalize_embed_host};

/// A body larger than this gets a warning: such a page is slow to open, and rendering it takes
/// memory many times its size.
pub const LARGE_BODY_BYTES: usize = 5 * 1024 * 1024;

/// The warning for a body over [`LARGE_BODY_BYTES`].
pub fn large_body_message(bytes: usize) -> String {
    format!(
        "файл очень большой: текст страницы занимает {}",
        crate::ru::filesize::human_size(bytes as u64)
    )
}

pub const LARGE_BODY_HINT: &str = "такая страница долго открывается, особенно с телефона, а сборка сайта тратит на неё память во много раз больше её размера; разделите текст на несколько страниц или приложите большую таблицу файлом (поле attachments)";

/// At most this many different removals are reported per body (each once, with a count of its
/// other places); the HTML is cleaned of all of them either way.
const MAX_REMOVAL_REPORTS: usize = 50;

/// A problem in a body, at a byte range of the Markdown text: a link, an image, HTML that was
/// removed, or the body's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    pub span: Range<usize>,
    pub target: String,
    pub kind: LinkProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblemKind {
    /// `@/…` names no page.
    Broken { suggestion: Option<String> },
    /// `@/…` names a page that is a draft (and so not published).
    Draft,
    /// A relative link to a `.md` file: works in an editor, breaks on the site.
    RelativeMarkdown,
    /// An image without alternative text (WCAG 1.1.1).
    ImageWithoutAlt,
    /// Raw HTML (or a link) the allow-list removed: a warning, the page is published without it.
    RemovedHtml(RemovedHtml),
    /// The body is larger than [`LARGE_BODY_BYTES`]: a warning.
    LargeBody { bytes: usize },
    /// `@/…` names a mentor whose page is not published (no consent in force). A warning:
    /// the link leads nowhere, and the text around it is the linking page's editor's.
    Withheld,
    /// The Markdown parser failed on this body (a bug in pulldown-cmark, found by our fuzz
    /// test): the page was rendered in a simpler way, said by [`Fallback`]. A warning.
    ParserFailed(Fallback),
}

/// How a body the parser failed on was rendered instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// Without heading attributes (`{#id}`) and task lists, the extensions the parser's known
    /// failures involve.
    FewerExtensions,
    /// As plain paragraphs of text, without any Markdown.
    PlainText,
}

impl Fallback {
    pub fn message(self) -> &'static str {
        match self {
            Fallback::FewerExtensions => {
                "разбор Markdown не справился с текстом этой страницы (ошибка библиотеки разбора); \
                 страница собрана без меток заголовков {#…} и списков задач «- [ ]»"
            }
            Fallback::PlainText => {
                "разбор Markdown не справился с текстом этой страницы (ошибка библиотеки разбора); \
                 страница собрана как простой текст, без оформления"
            }
        }
    }
}

pub const WITHHELD_LINK_HINT: &str = "страница наставника вернётся, когда в его файле будет действующее согласие; \
если согласие отозвано, уберите ссылку и проверьте, не названо ли имя наставника в тексте — \
по 152-ФЗ оно публикуется только с согласия";

pub const PARSER_FAILED_HINT: &str = "проверьте, как страница выглядит в предпросмотре, и упростите разметку: \
чаще всего дело в заголовке, подчёркнутом строкой «===» или «---», внутри цитаты «>» или списка задач «- [ ]»; \
сообщите о файле разработчикам nastavnik";

/// A [`Removal`] as reported: at its first place in the body, with how many other places of
/// the same body had the same thing removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedHtml {
    pub removal: Removal,
    pub elsewhere: usize,
}

impl RemovedHtml {
    pub fn message(&self) -> String {
        let message = self.removal.message();
        match self.elsewhere {
            0 => message,
            n => {
                let places = crate::ru::plural::plural(n as u64, "месте", "местах", "местах");
                format!("{message} (то же ещё в {n} {places} этого файла)")
            }
        }
    }

    pub fn hint(&self) -> String {
        self.removal.hint()
    }
}

/// What an internal link resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Url(String),
    Draft,
    /// A mentor's page that is not published (no consent in force): the link leads nowhere
    /// and is reported as a warning.
    Withheld,
    Missing {
        suggestion: Option<String>,
    },
}

/// A heading of level 2 or 3, for a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub problems: Vec<LinkProblem>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown. `resolve` turns the part after `@/` (e.g. `practices/x.md`) into a URL;
/// `policy` says what raw HTML may stay.
///
/// pulldown-cmark has known panics on rare inputs (our fuzz test found
/// `"> - [ ] \\\n>     ===\n"`: a task list item underlined as a heading, with heading
/// attributes on). An editor's text must never stop the build, so a panic of the parser is
/// caught and the body rendered again with fewer extensions, then as plain text, with a warning
/// that says so.
pub fn render(markdown: &str, resolve: &dyn Fn(&str) -> Resolved, policy: &HtmlPolicy) -> Rendered {
    if let Ok(rendered) = catch_quietly(|| render_with(markdown, resolve, policy, options())) {
        return rendered;
    }
    let fewer = options() - Options::ENABLE_HEADING_ATTRIBUTES - Options::ENABLE_TASKLISTS;
    let (mut rendered, fallback) =
        match catch_quietly(|| render_with(markdown, resolve, policy, fewer)) {
            Ok(rendered) => (rendered, Fallback::FewerExtensions),
            Err(_) => (plain_text(markdown), Fallback::PlainText),
        };
    rendered.problems.push(LinkProblem {
        span: 0..0,
        target: String::new(),
        kind: LinkProblemKind::ParserFailed(fallback),
    });
    rendered
}

/// The body as escaped paragraphs, for a text the parser cannot read at all.
fn plain_text(markdown: &str) -> Rendered {
    let mut html_out = String::with_capacity(markdown.len() + 64);
    for paragraph in markdown.split("\n\n").filter(|p| !p.trim().is_empty()) {
        html_out.push_str("<p>");
        html_out.push_str(&crate::html::escape_html(paragraph.trim()));
        html_out.push_str("</p>\n");
    }
    Rendered {
        html: html_out,
        ..Rendered::default()
    }
}

thread_local! {
    /// Set while [`catch_quietly`] runs on this thread.
    static QUIET_PANICS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic without the panic message the default hook prints: a parser
/// failure is reported to the editor as a warning, not as a Rust backtrace. Panics elsewhere,
/// and on other threads, still print as before.
fn catch_quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET_PANICS.with(|quiet| quiet.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET_PANICS.with(|quiet| quiet.set(false));
    result
}

fn render_with(
    markdown: &str,
    resolve: &dyn Fn(&str) -> Resolved,
    policy: &HtmlPolicy,
    options: Options,
) -> Rendered {
    let written = Cell::new(0);
    let mut stream = Stream::new(
        Parser::new_ext(markdown, options).into_offset_iter(),
        resolve,
        &written,
    );
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    let writer = CountingWriter {
        out: &mut html_out,
        written: &written,
    };
    html::write_html_fmt(writer, &mut stream).expect("writing to a String cannot fail");
    let Stream {
        mut problems,
        toc,
        marks,
        ..
    } = stream;
    if !marks.is_empty() {
        let found = policy.audit(&html_out, &marks);
        if !found.is_empty() {
            html_out = policy.clean(&html_out);
            problems.extend(report_removals(found, &marks));
        }
    }
    if markdown.len() > LARGE_BODY_BYTES {
        problems.push(LinkProblem {
            span: 0..0,
            target: String::new(),
            kind: LinkProblemKind::LargeBody {
                bytes: markdown.len(),
            },
        });
    }
    Rendered {
        html: html_out,
        toc,
        problems,
    }
}

/// One problem per different removal, at its first place, counting the others.
fn report_removals(
    found: Vec<(usize, Removal)>,
    marks: &[(usize, Range<usize>)],
) -> Vec<LinkProblem> {
    let mut reports: Vec<LinkProblem> = Vec::new();
    let mut index: FxHashMap<Removal, usize> = FxHashMap::default();
    for (mark, removal) in found {
        if let Some(&i) = index.get(&removal) {
            if let LinkProblemKind::RemovedHtml(r) = &mut reports[i].kind {
                r.elsewhere += 1;
            }
            continue;
        }
        if reports.len() == MAX_REMOVAL_REPORTS {
            continue;
        }
        index.insert(removal.clone(), reports.len());
        let span = marks[mark].1.clone();
        reports.push(LinkProblem {
            span,
            target: String::new(),
            kind: LinkProblemKind::RemovedHtml(RemovedHtml {
                removal,
                elsewhere: 0,
            }),
        });
    }
    reports
}

/// The HTML writer's output, telling how much has been written so far: the offset at which the
/// next event's HTML starts.
struct CountingWriter<'o> {
    out: &'o mut String,
    written: &'o Cell<usize>,
}

impl fmt::Write for CountingWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

/// The parser's events, changed on their way to the HTML writer: typography in prose, `@/`
/// links resolved, heading ids assigned. Notes where raw HTML, a link with an unusual scheme or
/// a heading with attributes enters the output, for the sanitizer.
struct Stream<'a, 'r, I> {
    parser: I,
    resolve: &'r dyn Fn(&str) -> Resolved,
    written: &'r Cell<usize>,
    typographer: Typographer,
    in_code: bool,
    image_alt: Option<(Range<usize>, String)>,
    problems: Vec<LinkProblem>,
    heading_ids: HeadingIds,
    toc: Vec<TocEntry>,
    /// The events of a heading, held until its id is known; with the Markdown range of those
    /// the sanitizer must look at.
    held: VecDeque<(Event<'a>, Option<Range<usize>>)>,
    /// (offset in the HTML, range in the Markdown) of everything the sanitizer must look at.
    marks: Vec<(usize, Range<usize>)>,
}

impl<'a, 'r, I: Iterator<Item = (Event<'a>, Range<usize>)>> Stream<'a, 'r, I> {
    fn new(parser: I, resolve: &'r dyn Fn(&str) -> Resolved, written: &'r Cell<usize>) -> Self {
        Stream {
            parser,
            resolve,
            written,
            typographer: Typographer::new(),
            in_code: false,
            image_alt: None,
            problems: Vec::new(),
            heading_ids: HeadingIds::default(),
            toc: Vec::new(),
            held: VecDeque::new(),
            marks: Vec::new(),
        }
    }

    /// One event's changes; the range is returned when the sanitizer must look at the event.
    fn transform(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
    ) -> (Event<'a>, Option<Range<usize>>) {
        let mut suspicious = false;
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code = true;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Start(
                tag @ (Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::BlockQuote(_)),
            ) => {
                self.typographer.reset();
                // `## Заголовок {onclick=…}` writes any attribute.
                suspicious = matches!(&tag, Tag::Heading { attrs, .. } if !attrs.is_empty());
                Event::Start(tag)
            }
            Event::Text(text) if !self.in_code => {
                if let Some((_, alt)) = self.image_alt.as_mut() {
                    alt.push_str(&text);
                }
                Event::Text(CowStr::from(self.typographer.text(&text)))
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                suspicious = true;
                event
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(&dest_url, range.clone(), self.resolve, &mut self.problems);
                suspicious = sanitize::suspicious_destination(&dest);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.image_alt = Some((range.clone(), String::new()));
                let dest = rewrite_link(&dest_url, range.clone(), self.resolve, &mut self.problems);
                suspicious = sanitize::suspicious_destination(&dest);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                if let Some((span, alt)) = self.image_alt.take()
                    && alt.trim().is_empty()
                {
                    self.problems.push(LinkProblem {
                        span,
                        target: String::new(),
                        kind: LinkProblemKind::ImageWithoutAlt,
                    });
                }
                Event::End(TagEnd::Image)
            }
            other => other,
        };
        (event, suspicious.then_some(range))
    }

    /// Holds a heading's events up to its end, gives it its id and its table-of-contents entry.
    fn hold_heading(&mut self, start: (Event<'a>, Option<Range<usize>>)) {
        self.held.push_back(start);
        while let Some((event, range)) = self.parser.next() {
            let item = self.transform(event, range);
            let end = matches!(item.0, Event::End(TagEnd::Heading(_)));
            self.held.push_back(item);
            if end {
                break;
            }
        }
        let mut text = String::new();
        for (event, _) in self.held.iter().skip(1) {
            if let Event::Text(t) | Event::Code(t) = event {
                text.push_str(t);
            }
        }
        let Some((Event::Start(Tag::Heading { level, id, .. }), _)) = self.held.front_mut() else {
            return;
        };
        let base = match id {
            Some(explicit) => explicit.to_string(),
            None => {
                let slug = slugify(&text);
                if slug.is_empty() {
                    "razdel".to_string()
                } else {
                    slug
                }
            }
        };
        let unique = self.heading_ids.claim(base);
        *id = Some(CowStr::from(unique.clone()));
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
            self.toc.push(TocEntry {
                level: *level as u8,
                id: unique,
                title: text.trim().to_string(),
            });
        }
    }

    fn emit(&mut self, (event, raw): (Event<'a>, Option<Range<usize>>)) -> Event<'a> {
        if let Some(range) = raw {
            self.marks.push((self.written.get(), range));
        }
        event
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Stream<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if self.held.is_empty() {
            let (event, range) = self.parser.next()?;
            let item = self.transform(event, range);
            if !matches!(item.0, Event::Start(Tag::Heading { .. })) {
                return Some(self.emit(item));
            }
            self.hold_heading(item);
        }
        let item = self.held.pop_front()?;
        Some(self.emit(item))
    }
}

/// Heading ids given so far. A heading gets its base id (its `{#id}`, or its transliterated
/// text) if that is free, else the first free `base-2`, `base-3`…; each base remembers where
/// its search stopped, so n headings with the same text cost n steps, not n²/2.
#[derive(Default)]
struct HeadingIds {
    used: FxHashSet<String>,
    next_suffix: FxHashMap<String, usize>,
    /// Candidate ids tried, for the test that de-duplication stays linear.
    probes: usize,
}

impl HeadingIds {
    fn claim(&mut self, base: String) -> String {
        self.probes += 1;
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        // Every `base-m` below the remembered suffix is taken (ids are never released), so the
        // search may start there and still find the first free one.
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            self.probes += 1;
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

fn rewrite_link<'a>(
    dest: &CowStr<'a>,
    span: Range<usize>,
    resolve: &dyn Fn(&str) -> Resolved,
    problems: &mut Vec<LinkProblem>,
) -> CowStr<'a> {
    if let Some(target) = dest.strip_prefix("@/") {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        return match resolve(path) {
            Resolved::Url(url) => match anchor {
                Some(a) => CowStr::from(format!("{url}#{a}")),
                None => CowStr::from(url),
            },
            Resolved::Draft => {
                problems.push(LinkProblem {
                    span,
                    target: dest.to_string(),
                    kind: LinkProblemKind::Draft,
                });
                dest.clone()
            }
            Resolved::Withheld => {
                problems.push(LinkProblem {
                    span,
                    target: dest.to_string(),
                    kind: LinkProblemKind::Withheld,
                });
                CowStr::from("")
            }
            Resolved::Missing { suggestion } => {
                problems.push(LinkProblem {
                    span,
                    target: dest.to_string(),
                    kind: LinkProblemKind::Broken { suggestion },
                });
                dest.clone()
            }
        };
    }
    let is_external =
        dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("tel:");
    let path_part = dest.split(['#', '?']).next().unwrap_or("");
    if !is_external && path_part.ends_with(".md") {
        problems.push(LinkProblem {
            span,
            target: dest.to_string(),
            kind: LinkProblemKind::RelativeMarkdown,
        });
    }
    dest.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_links(_: &str) -> Resolved {
        Resolved::Missing { suggestion: None }
    }

    #[test]
    fn a_parser_panic_becomes_a_warning_and_a_simpler_page() {
        // Found by tests/fuzz.rs: pulldown-cmark 0.13.6 panics on this (a slice index in its
        // heading-attribute code). If an upgrade fixes it, the page renders with no warning and
        // this test must be given another input that still fails, or the fallback removed.
        let text = "> - [ ] \\\n>     ===\n\nДальше обычный текст.\n";
        let r = render(text, &no_links, &HtmlPolicy::default());
        assert!(
            r.problems
                .iter()
                .any(|p| p.kind == LinkProblemKind::ParserFailed(Fallback::FewerExtensions)),
            "{:?}",
            r.problems
        );
        assert!(r.html.contains("Дальше обычный текст"), "{}", r.html);
        // The process goes on: a later render on the same thread is not quiet or broken.
        let ok = render("# Заголовок {#z}\n", &no_links, &HtmlPolicy::default());
        assert!(ok.html.contains("id=\"z\""), "{}", ok.html);
        assert!(ok.problems.is_empty());
    }

    #[test]
    fn plain_text_fallback_escapes() {
        let r = plain_text("<script>x</script>\n\nвторой абзац");
        assert_eq!(
            r.html,
            "<p>&lt;script&gt;x&lt;/script&gt;</p>\n<p>второй абзац</p>\n"
        );
    }

    #[test]
    fn extensions_render() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nText[^1]\n\n[^1]: note\n",
            &no_links,
            &HtmlPolicy::default(),
        );
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn typography_in_prose_but_not_in_code() {
        let r = render(
            "Школа \"Лидер\" № 4\n\n`\"код\"`\n\n```\n\"блок\"\n```\n",
            &no_links,
            &HtmlPolicy::default(),
        );
        assert!(r.html.contains("«Лидер»"), "{}", r.html);
        assert!(r.html.contains("<code>\"код\"</code>"), "{}", r.html);
        assert!(
            r.html.contains("<code>\"блок\"\n</code>") && r.html.contains("№\u{a0}4"),
            "{}",
            r.html
        );
    }

    #[test]
    fn heading_ids_are_transliterated_unique_and_in_toc() {
        let r = render(
            "## Актуальность\n\n## Актуальность\n\n### Цель и задачи {#goal}\n",
            &no_links,
            &HtmlPolicy::default(),
        );
        assert!(r.html.contains("<h2 id=\"aktualnost\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"aktualnost-2\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"goal\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[2].title, "Цель и задачи");
    }

    #[test]
    fn internal_links_resolve_and_broken_ones_are_reported_with_span() {
        let resolve = |p: &str| match p {
            "practices/a.md" => Resolved::Url("/x/practices/a/".into()),
            "practices/draft.md" => Resolved::Draft,
            _ => Resolved::Missing {
                suggestion: Some("practices/a.md".into()),
            },
        };
        let md = "См. [практику](@/practices/a.md#itogi) и [другую](@/practices/b.md), [черновик](@/practices/draft.md), [файл](other.md).";
        let r = render(md, &resolve, &HtmlPolicy::default());
        assert!(
            r.html.contains("href=\"/x/practices/a/#itogi\""),
            "{}",
            r.html
        );
        assert_eq!(r.problems.len(), 3);
        assert_eq!(
            &md[r.problems[0].span.clone()],
            "[другую](@/practices/b.md)"
        );
        assert!(matches!(r.problems[1].kind, LinkProblemKind::Draft));
        assert!(matches!(
            r.problems[2].kind,
            LinkProblemKind::RelativeMarkdown
        ));
    }

    #[test]
    fn images_need_alt_text() {
        let r = render(
            "![](a.png) ![Схема](b.png)",
            &no_links,
            &HtmlPolicy::default(),
        );
        assert_eq!(r.problems.len(), 1);
        assert!(matches!(
            r.problems[0].kind,
            LinkProblemKind::ImageWithoutAlt
        ));
    }

    fn plain(md: &str) -> Rendered {
        render(md, &no_links, &HtmlPolicy::default())
    }

    fn removals(r: &Rendered) -> Vec<(Range<usize>, Removal)> {
        r.problems
            .iter()
            .filter_map(|p| match &p.kind {
                LinkProblemKind::RemovedHtml(removed) => {
                    Some((p.span.clone(), removed.removal.clone()))
                }
                _ => None,
            })
            .collect()
    }

    fn line_of(md: &str, offset: usize) -> usize {
        md[..offset].matches('\n').count() + 1
    }

    /// Whether the renderer noted anything for the sanitizer to look at.
    fn marks_of(md: &str) -> Vec<(usize, Range<usize>)> {
        let written = Cell::new(0);
        let resolve = |_: &str| Resolved::Url("/x/".into());
        let mut stream = Stream::new(
            Parser::new_ext(md, options()).into_offset_iter(),
            &resolve,
            &written,
        );
        let mut out = String::new();
        let writer = CountingWriter {
            out: &mut out,
            written: &written,
        };
        html::write_html_fmt(writer, &mut stream).unwrap();
        stream.marks
    }

    #[test]
    fn plain_markdown_is_not_sanitized() {
        let md = "## Цель {#goal .wide}\n\nТекст [ссылка](https://example.org/a?b=1#c), \
                  [почта](mailto:metod@example.org), [телефон](tel:+74812000000), \
                  [страница](@/practices/a.md), [файл](plan.pdf), <https://example.org>, \
                  ![Схема](schema.png)\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] готово\n\n\
                  Сноска[^1]\n\n[^1]: текст\n\n```rust\nfn main() {}\n```\n";
        assert!(marks_of(md).is_empty(), "{:?}", marks_of(md));
        assert!(removals(&plain(md)).is_empty());
    }

    #[test]
    fn allowed_html_keeps_its_bytes() {
        let md = "<details>\n<summary>Подробнее</summary>\n\nСостав группы.\n\n</details>\n\n\
                  H<sub>2</sub>O и м<sup>2</sup>,<br>новая строка.\n\n\
                  <img src=\"schema.png\" alt=\"Схема\" width=\"300\">\n\n\
                  <table>\n<tr><td colspan=\"2\">Ячейка</td></tr>\n</table>\n";
        assert!(!marks_of(md).is_empty());
        let r = plain(md);
        assert!(removals(&r).is_empty(), "{:?}", r.problems);
        for kept in [
            "<details>\n<summary>Подробнее</summary>",
            "H<sub>2</sub>O",
            "<sup>2</sup>,<br>",
            "<img src=\"schema.png\" alt=\"Схема\" width=\"300\">",
            "<tr><td colspan=\"2\">Ячейка</td></tr>",
        ] {
            assert!(r.html.contains(kept), "{kept} in {}", r.html);
        }
    }

    #[test]
    fn scripts_are_removed_and_reported_at_their_line() {
        let md =
            "Текст.\n\n<script>alert(1)</script>\n\nЕщё <script src=\"x.js\"></script> текст.\n";
        let r = plain(md);
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("alert(1)"), "{}", r.html);
        assert!(r.html.contains("Ещё "), "{}", r.html);
        let found = removals(&r);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, Removal::Tag("script".into()));
        assert_eq!(line_of(md, found[0].0.start), 3);
        let LinkProblemKind::RemovedHtml(removed) = &r.problems[0].kind else {
            panic!("{:?}", r.problems);
        };
        assert_eq!(removed.elsewhere, 1);
        assert!(
            removed
                .message()
                .starts_with("в тексте удалён тег <script>: на сайте нельзя выполнять сценарии"),
            "{}",
            removed.message()
        );
        assert!(removed.message().contains("ещё в 1 месте"));
    }

    #[test]
    fn links_with_scripts_lose_their_address() {
        let md = "[раз](javascript:alert(1)) [два](JaVaScRiPt:alert(2)) \
                  [три](<java\tscript:alert(3)>) <javascript:alert(4)> \
                  ![Картинка](data:image/svg+xml;base64,PHN2Zz4=) \
                  <a href=\"javascript&colon;alert(5)\">пять</a> \
                  <a href=\" javascript:alert(6)\">шесть</a>\n";
        let r = plain(md);
        let lower = r.html.to_lowercase();
        // (An autolink's text stays: it is only text.)
        assert!(!lower.contains("href=\"javascript"), "{}", r.html);
        assert!(!lower.contains("href=\" javascript"), "{}", r.html);
        assert!(!lower.contains("src=\"data:"), "{}", r.html);
        assert!(r.html.contains(">раз</a>"), "{}", r.html);
        let found = removals(&r);
        assert!(
            found.iter().any(|(span, removal)| *removal
                == Removal::Url {
                    tag: "a".into(),
                    scheme: "javascript".into()
                }
                && &md[span.clone()] == "[раз](javascript:alert(1))"),
            "{found:?}"
        );
        assert!(found.contains(&(
            md.find("![").unwrap()..md.find(") <a").unwrap() + 1,
            Removal::Url {
                tag: "img".into(),
                scheme: "data".into()
            }
        )));
    }

    #[test]
    fn event_handlers_and_styles_are_removed() {
        let md = "Фото:\n\n<img src=\"x.png\" alt=\"Фото\" onerror=\"alert(1)\">\n\n\
                  <span style=\"color:red\" onclick=\"alert(2)\">важно</span>\n\n\
                  ## Заголовок {onclick=alert(3)}\n";
        let r = plain(md);
        assert!(!r.html.contains("onerror"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("style="), "{}", r.html);
        assert!(
            r.html.contains("<img src=\"x.png\" alt=\"Фото\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"zagolovok\">"), "{}", r.html);
        let found = removals(&r);
        let attribute = |tag: &str, attribute: &str| Removal::Attribute {
            tag: tag.into(),
            attribute: attribute.into(),
        };
        let line = |removal: Removal| {
            found
                .iter()
                .find(|(_, r)| *r == removal)
                .map(|(span, _)| line_of(md, span.start))
        };
        assert_eq!(line(attribute("img", "onerror")), Some(3), "{found:?}");
        assert_eq!(line(attribute("span", "style")), Some(5), "{found:?}");
        assert_eq!(line(attribute("span", "onclick")), Some(5), "{found:?}");
        assert_eq!(line(attribute("h2", "onclick")), Some(7), "{found:?}");
    }

    #[test]
    fn frames_only_from_embed_hosts() {
        let rutube = "<iframe width=\"720\" height=\"405\" src=\"https://rutube.ru/play/embed/abc\" \
                      frameBorder=\"0\" allow=\"clipboard-write; autoplay\" webkitAllowFullScreen \
                      mozallowfullscreen allowFullScreen></iframe>";
        let youtube =
            "<iframe src=\"https://www.youtube-nocookie.com/embed/x\" title=\"Видео\"></iframe>";
        let evil = "<iframe src=\"https://evil.example/x\" width=\"1\"></iframe>";
        let plain_http = "<iframe src=\"http://rutube.ru/play/embed/abc\"></iframe>";
        let srcdoc = "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>";

        let md = format!("Видео:\n\n{rutube}\n\n{youtube}\n");
        let r = plain(&md);
        assert!(removals(&r).is_empty(), "{:?}", r.problems);
        assert!(
            r.html.contains(rutube) && r.html.contains(youtube),
            "{}",
            r.html
        );

        let md = format!("{rutube}\n\nТекст.\n\n{evil}\n\n{plain_http}\n\n{srcdoc}\n");
        let r = plain(&md);
        assert!(
            r.html.contains("src=\"https://rutube.ru/play/embed/abc\""),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("<iframe").count(), 1, "{}", r.html);
        assert!(!r.html.contains("evil.example") && !r.html.contains("srcdoc"));
        assert!(r.html.contains("<p>Текст.</p>"), "{}", r.html);
        let found = removals(&r);
        assert!(found.contains(&(
            md.find(evil).unwrap()..md.find(evil).unwrap() + evil.len() + 1,
            Removal::Embed {
                src: "https://evil.example/x".into()
            }
        )));
        assert_eq!(found.len(), 4, "{found:?}");

        // The site's own list replaces the default one.
        let own = HtmlPolicy::new(vec!["evil.example".into()]);
        let r = render(&format!("{rutube}\n\n{evil}\n"), &no_links, &own);
        assert!(r.html.contains("evil.example") && !r.html.contains("rutube"));
    }

    #[test]
    fn html_left_open_at_the_end_is_closed() {
        // On the page the theme's HTML follows the body: an unclosed tag or frame would take it.
        for md in [
            "Текст.\n\n<div class=\"x\" onmouseover=\"alert(1)\"",
            "Текст.\n\n<iframe src=\"https://rutube.ru/play/embed/abc\">",
            "Текст.\n\n<!-- заметка",
        ] {
            let r = plain(md);
            assert!(!removals(&r).is_empty(), "{md}: {}", r.html);
            assert!(!r.html.contains("onmouseover"), "{}", r.html);
            assert!(!r.html.contains("<!--"), "{}", r.html);
            assert_eq!(
                r.html.matches("<iframe").count(),
                r.html.matches("</iframe>").count(),
                "{}",
                r.html
            );
        }
    }

    #[test]
    fn raw_text_elements_are_read_as_browsers_read_them() {
        // Inside an iframe everything up to </iframe> is text, so the script after it is real.
        let md = "<iframe src=\"https://rutube.ru/play/embed/1\"><a title=\"</iframe><script>alert(1)</script>\">x</a></iframe>\n";
        let r = plain(md);
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(
            removals(&r)
                .iter()
                .any(|(_, r)| *r == Removal::Tag("script".into()))
        );
    }

    #[test]
    fn each_removal_is_reported_once_per_body() {
        let md = "<span style=\"color:red\">а</span>\n\n".repeat(200);
        let r = plain(&md);
        let found = removals(&r);
        assert_eq!(found.len(), 1, "{found:?}");
        let LinkProblemKind::RemovedHtml(removed) = &r.problems[0].kind else {
            panic!();
        };
        assert_eq!(removed.elsewhere, 199);
        assert!(
            removed.message().contains("ещё в 199 местах"),
            "{}",
            removed.message()
        );
        assert!(!r.html.contains("style"));
    }

    #[test]
    fn embed_hosts_are_host_names() {
        assert_eq!(
            normalize_embed_host("RuTube.ru").as_deref(),
            Ok("rutube.ru")
        );
        let cyrillic = normalize_embed_host("Видео.рф").unwrap();
        assert!(
            cyrillic.starts_with("xn--") && cyrillic.ends_with(".xn--p1ai"),
            "{cyrillic}"
        );
        for bad in [
            "https://rutube.ru/",
            "rutube.ru/play",
            "localhost",
            "1.2.3.4",
            "a b.ru",
        ] {
            assert!(normalize_embed_host(bad).is_err(), "{bad}");
        }
    }

    /// The de-duplication before it was made linear: the oracle for ids staying the same.
    fn quadratic_ids(bases: &[String]) -> Vec<String> {
        let mut used = std::collections::HashSet::new();
        bases
            .iter()
            .map(|base| {
                let mut unique = base.clone();
                let mut n = 1;
                while !used.insert(unique.clone()) {
                    n += 1;
                    unique = format!("{base}-{n}");
                }
                unique
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn heading_ids_are_those_of_before(
            picks in proptest::collection::vec(0usize..7, 0..60)
        ) {
            let names = ["a", "a-2", "a-3", "a-2-2", "b", "razdel", "a-1"];
            let bases: Vec<String> = picks.iter().map(|&i| names[i].to_string()).collect();
            let mut ids = HeadingIds::default();
            let linear: Vec<String> = bases.iter().map(|b| ids.claim(b.clone())).collect();
            proptest::prop_assert_eq!(linear, quadratic_ids(&bases));
        }
    }

    #[test]
    fn many_equal_headings_cost_linear_time() {
        let n = 20_000;
        let md = "## Заголовок\n\nТекст.\n\n".repeat(n);
        let r = plain(&md);
        assert_eq!(r.toc.len(), n);
        assert_eq!(r.toc[0].id, "zagolovok");
        assert_eq!(r.toc[1].id, "zagolovok-2");
        assert_eq!(r.toc[n - 1].id, format!("zagolovok-{n}"));
        let mut ids = HeadingIds::default();
        for _ in 0..n {
            ids.claim("zagolovok".into());
        }
        assert!(ids.probes < 2 * n, "{} probes for {n} headings", ids.probes);
    }

    #[test]
    fn large_bodies_are_reported() {
        let row = "| 1 | 2 | 3 |\n";
        let md = format!(
            "| a | b | c |\n|---|---|---|\n{}",
            row.repeat(LARGE_BODY_BYTES / row.len() + 1)
        );
        let r = plain(&md);
        assert!(
            r.problems
                .iter()
                .any(|p| matches!(p.kind, LinkProblemKind::LargeBody { .. })),
            "{:?}",
            r.problems.len()
        );
        let small = plain("| a |\n|---|\n| 1 |\n");
        assert!(small.problems.is_empty());
    }
}
