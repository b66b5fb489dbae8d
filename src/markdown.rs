//! Markdown to HTML: CommonMark plus tables, footnotes, strikethrough and task lists; heading
//! ids and a table of contents; internal `@/…` links resolved and checked; Russian typography
//! applied to prose only, never inside code.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

use crate::ru::translit::slugify;
use crate::ru::typography::Typographer;

/// A problem with a link, at a byte range of the Markdown text.
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
}

/// What an internal link resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Url(String),
    Draft,
    Missing { suggestion: Option<String> },
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

/// Renders Markdown. `resolve` turns the part after `@/` (e.g. `practices/x.md`) into a URL.
pub fn render(markdown: &str, resolve: &dyn Fn(&str) -> Resolved) -> Rendered {
    let mut problems = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut typographer = Typographer::new();
    let mut in_code = false;
    let mut image_alt: Option<(Range<usize>, String)> = None;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                Event::Start(Tag::CodeBlock(kind))
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Start(
                tag @ (Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::BlockQuote(_)),
            ) => {
                typographer.reset();
                Event::Start(tag)
            }
            Event::Text(text) if !in_code => {
                if let Some((_, alt)) = image_alt.as_mut() {
                    alt.push_str(&text);
                }
                Event::Text(CowStr::from(typographer.text(&text)))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(&dest_url, range.clone(), resolve, &mut problems);
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
                image_alt = Some((range.clone(), String::new()));
                let dest = rewrite_link(&dest_url, range.clone(), resolve, &mut problems);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                if let Some((span, alt)) = image_alt.take()
                    && alt.trim().is_empty()
                {
                    problems.push(LinkProblem {
                        span,
                        target: String::new(),
                        kind: LinkProblemKind::ImageWithoutAlt,
                    });
                }
                Event::End(TagEnd::Image)
            }
            other => other,
        };
        events.push(event);
    }

    let toc = assign_heading_ids(&mut events);
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, events.into_iter());
    Rendered {
        html: html_out,
        toc,
        problems,
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

/// Gives every heading an id (its `{#id}` if written, else its transliterated text, made unique)
/// and returns the table of contents (levels 2 and 3).
fn assign_heading_ids(events: &mut [Event<'_>]) -> Vec<TocEntry> {
    let mut used: HashSet<String> = HashSet::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let s = slugify(&text);
                if s.is_empty() {
                    "razdel".to_string()
                } else {
                    s
                }
            });
            let mut unique = base.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                n += 1;
                unique = format!("{base}-{n}");
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                toc.push(TocEntry {
                    level: level as u8,
                    id: unique,
                    title: text.trim().to_string(),
                });
            }
            i = j;
        }
        i += 1;
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_links(_: &str) -> Resolved {
        Resolved::Missing { suggestion: None }
    }

    #[test]
    fn extensions_render() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nText[^1]\n\n[^1]: note\n",
            &no_links,
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
        let r = render(md, &resolve);
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
        let r = render("![](a.png) ![Схема](b.png)", &no_links);
        assert_eq!(r.problems.len(), 1);
        assert!(matches!(
            r.problems[0].kind,
            LinkProblemKind::ImageWithoutAlt
        ));
    }
}
