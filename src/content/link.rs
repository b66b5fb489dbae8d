//! Checks and links that need every page: unique URLs, references between pages and to
//! organizations, and the Markdown pass with internal links.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::content::front_matter::{item_span, key_span, value_span};
use crate::content::model::{Kind, KindName, Organization, Page, PageId, PageRef, SectionIntro};
use crate::content::source::SourceFile;
use crate::diagnostic::{Diagnostic, closest};
use crate::markdown::{self, HtmlPolicy, LinkProblemKind, Resolved};
use crate::urls::{self, Urls};

/// A page that exists on disk but could not be built because of its own errors. References to
/// it are not reported again (the build fails anyway, with the page's own message).
#[derive(Debug, Clone)]
pub struct Ghost {
    pub kind: KindName,
    pub slug: String,
    /// Path below `content/` (`practices/a.md`).
    pub content_path: String,
    /// A mentor without a consent in force: the page is not published, though the build goes
    /// on, so a link to it is a warning rather than nothing.
    pub withheld: bool,
}

/// Site paths that the generator itself produces; a page may not take them.
fn reserved_paths() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        urls::EVENTS,
        urls::PRACTICES,
        urls::ORDERS,
        urls::CONTESTS,
        urls::DOCUMENT_TEMPLATES,
        urls::ORGANIZATIONS,
        urls::TAXONOMIES,
        urls::MENTORS,
        "static/",
        "calendar/",
        "search/",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(
        crate::content::taxonomy::KEYS
            .iter()
            .map(|k| urls::taxonomy(k)),
    );
    v
}

fn line_of(src: &SourceFile, key: &str) -> Option<usize> {
    let span = key_span(src, key);
    Some(src.text[..span.start].matches('\n').count() + 1)
}

/// Two files giving the same URL is an error naming both; so is an alias that takes a page's
/// URL or a URL the generator needs.
pub fn check_unique_paths(
    pages: &[Page],
    organizations: &[Organization],
    url: &Urls,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut taken: HashMap<String, (String, Option<usize>)> = HashMap::new();
    for r in reserved_paths() {
        taken.insert(r, ("служебная страница сайта".to_string(), None));
    }
    for o in organizations {
        taken.insert(
            o.path.clone(),
            (crate::content::organizations::FILE.to_string(), None),
        );
    }
    for page in pages {
        let file = crate::diagnostic::display_path(&page.source.rel_path);
        if let Some((other, other_line)) = taken.get(&page.path) {
            let span = if page.source.front_matter_text().contains("\nslug:")
                || page.source.front_matter_text().starts_with("slug:")
            {
                value_span(&page.source, "slug")
            } else {
                0..3
            };
            let mut d = page
                .source
                .error_at("duplicate-url", span, format!("адрес {} уже занят: {other}", url.path(&page.path)))
                .with_hint("у каждой страницы должен быть свой адрес: переименуйте один из файлов или укажите другое поле slug");
            if other.ends_with(".md") || other.ends_with(".yaml") {
                d = d.with_related(other.clone(), *other_line, "страница с тем же адресом");
            }
            diags.push(d);
        } else {
            taken.insert(
                page.path.clone(),
                (
                    file.clone(),
                    // Looked for only where it can be found: most pages have no slug.
                    if page.source.front_matter_text().contains("slug:") {
                        line_of(&page.source, "slug")
                    } else {
                        None
                    },
                ),
            );
        }
    }
    for page in pages {
        for alias in &page.aliases {
            let span = item_span(&page.source, "aliases", alias);
            match urls::alias_to_site_path(alias, url.base_path()) {
                None => diags.push(
                    page.source
                        .error_at(
                            "bad-alias",
                            span,
                            format!("старый адрес «{alias}» не годится для перенаправления"),
                        )
                        .with_hint(
                            "укажите путь старой страницы на этом сайте, например: /old/events/1/",
                        ),
                ),
                Some(p) => {
                    if let Some((other, line)) = taken.get(&p) {
                        let mut d = page
                            .source
                            .error_at("duplicate-url", span, format!("старый адрес {} совпадает с адресом, который уже занят: {other}", url.path(&p)))
                            .with_hint("перенаправление не может занимать адрес действующей страницы: уберите его из aliases");
                        if other.ends_with(".md") {
                            d = d.with_related(other.clone(), *line, "страница с этим адресом");
                        }
                        diags.push(d);
                    } else {
                        taken.insert(
                            p,
                            (crate::diagnostic::display_path(&page.source.rel_path), None),
                        );
                    }
                }
            }
        }
    }
    diags
}

/// Lookup of pages by the ways editors name them: slug per kind and path below `content/`.
/// Pages by kind and slug, for resolving references. The dev server keeps it between edits, with
/// the [`LinkTargets`], in [`SiteLinks`].
#[derive(Debug, Default, Clone)]
pub struct RefIndex {
    by_slug: HashMap<(KindName, String), PageId>,
}

impl RefIndex {
    pub fn new(pages: &[Page]) -> Self {
        let mut by_slug = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            by_slug.entry((p.kind_name(), p.slug.clone())).or_insert(i);
        }
        RefIndex { by_slug }
    }

    fn slugs(&self, kind: KindName) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .by_slug
            .keys()
            .filter(|(k, _)| *k == kind)
            .map(|(_, s)| s.as_str())
            .collect();
        v.sort_unstable();
        v
    }
}

/// Accepts `slug`, `@/practices/slug.md`, `practices/slug.md`, `practices/slug/index.md`.
fn ref_slug(raw: &str, folder: &str) -> String {
    let s = raw.trim().trim_start_matches("@/").trim_end_matches('/');
    let s = s
        .strip_prefix(folder)
        .map(|r| r.trim_start_matches('/'))
        .unwrap_or(s);
    let s = s
        .strip_suffix("/index.md")
        .or_else(|| s.strip_suffix(".md"))
        .unwrap_or(s);
    s.to_string()
}

/// Resolves organization ids and references between pages, reporting the unknown ones with the
/// closest existing name.
pub fn resolve_references(
    pages: &mut [Page],
    index: &RefIndex,
    organizations: &[Organization],
    ghosts: &[Ghost],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in pages.iter_mut() {
        diags.extend(resolve_page_references(page, index, organizations, ghosts));
    }
    diags
}

/// Resolves one page's organization ids and references against `index` (of every page).
pub fn resolve_page_references(
    page: &mut Page,
    index: &RefIndex,
    organizations: &[Organization],
    ghosts: &[Ghost],
) -> Vec<Diagnostic> {
    let org_ids: Vec<&str> = organizations.iter().map(|o| o.id.as_str()).collect();
    let mut diags = Vec::new();
    let org_key = match page.kind_name() {
        KindName::Roadmap | KindName::Mentor => "organization",
        KindName::Contest => "results",
        _ => "organizations",
    };
    for id in page.organizations() {
        if !org_ids.contains(&id.as_str()) {
            let hint = match closest(id, org_ids.iter().copied()) {
                Some(c) => format!(
                    "возможно, вы имели в виду «{c}»; список организаций — в {}",
                    crate::content::organizations::FILE
                ),
                None => format!(
                    "добавьте организацию с id «{id}» в {} или исправьте id",
                    crate::content::organizations::FILE
                ),
            };
            diags.push(
                page.source
                    .error_at(
                        "unknown-organization",
                        item_span(&page.source, org_key, id),
                        format!("неизвестная организация «{id}»"),
                    )
                    .with_hint(hint),
            );
        }
    }
    let src = &page.source;
    let mut resolve = |r: &mut PageRef, key: &str, kind: KindName, what: &str| {
        let folder = kind.folder().unwrap_or("");
        let slug = ref_slug(&r.raw, folder);
        match index.by_slug.get(&(kind, slug.clone())) {
            Some(&id) => r.target = Some(id),
            None if ghosts.iter().any(|g| g.kind == kind && g.slug == slug) => {}
            None => {
                let slugs = index.slugs(kind);
                let hint = match closest(&slug, slugs.iter().copied()) {
                    Some(c) => format!("возможно, вы имели в виду «{c}»"),
                    None => format!("укажите имя файла из папки content/{folder} без «.md»"),
                };
                diags.push(
                    src.error_at(
                        "broken-reference",
                        item_span(src, key, &r.raw),
                        format!("{what} «{}» не найдена (или это черновик)", r.raw),
                    )
                    .with_hint(hint),
                );
            }
        }
    };
    match &mut page.kind {
        Kind::Event(e) => {
            for r in &mut e.practices {
                resolve(r, "practices", KindName::Practice, "практика");
            }
        }
        Kind::Practice(p) => {
            for r in &mut p.events {
                resolve(r, "events", KindName::Event, "страница мероприятия");
            }
        }
        Kind::Order(o) => {
            if let Some(r) = &mut o.replaces {
                resolve(r, "replaces", KindName::Order, "страница документа");
            }
            if let Some(r) = &mut o.replaced_by {
                resolve(r, "replaced_by", KindName::Order, "страница документа");
            }
        }
        Kind::Roadmap(r) => {
            if let Some(o) = &mut r.order {
                resolve(o, "order", KindName::Order, "страница документа");
            }
        }
        Kind::Contest(c) => {
            if let Some(o) = &mut c.regulation {
                resolve(
                    o,
                    "regulation",
                    KindName::Order,
                    "страница положения о конкурсе",
                );
            }
            for r in c.stages.iter_mut().filter_map(|s| s.event.as_mut()) {
                resolve(r, "stages", KindName::Event, "страница мероприятия-этапа");
            }
            for r in c.results.iter_mut().filter_map(|r| r.practice.as_mut()) {
                resolve(r, "results", KindName::Practice, "практика");
            }
        }
        Kind::Mentor(m) => {
            for r in &mut m.practices {
                resolve(r, "practices", KindName::Practice, "практика");
            }
            for r in &mut m.events {
                resolve(r, "events", KindName::Event, "страница мероприятия");
            }
        }
        Kind::Plain => {}
    }
    diags
}

/// Rendered Markdown kept between loads by the dev server, by source path. An entry is reused
/// when the body is unchanged and every `@/` link in it still resolves as it did: a page's HTML
/// depends on nothing else, so adding a page elsewhere re-renders only the pages linking to it.
#[derive(Debug, Default)]
pub struct MarkdownCache {
    entries: HashMap<std::path::PathBuf, CachedMarkdown>,
}

#[derive(Debug, Clone)]
struct CachedMarkdown {
    body_hash: u64,
    /// Every link target the renderer asked about, and the answer it got.
    resolutions: Vec<(String, Resolved)>,
    rendered: std::sync::Arc<SharedRendered>,
}

/// A rendered body whose HTML the site model and the cache share.
#[derive(Debug, Clone)]
struct SharedRendered {
    html: std::sync::Arc<str>,
    toc: Vec<markdown::TocEntry>,
    problems: Vec<markdown::LinkProblem>,
}

impl From<markdown::Rendered> for SharedRendered {
    fn from(r: markdown::Rendered) -> Self {
        SharedRendered {
            html: r.html.into(),
            toc: r.toc,
            problems: r.problems,
        }
    }
}

/// Renders one body, through the cache when there is one; returns the new cache entry.
fn render_cached(
    cache: Option<&MarkdownCache>,
    src: &SourceFile,
    resolve: &(dyn Fn(&str) -> Resolved + Sync),
    html: &HtmlPolicy,
) -> (SharedRendered, Option<CachedMarkdown>) {
    let Some(cache) = cache else {
        return (
            markdown::render(src.body_text(), resolve, html).into(),
            None,
        );
    };
    let body_hash = crate::fingerprint::of_str(src.body_text());
    if let Some(hit) = cache.entries.get(&src.rel_path)
        && hit.body_hash == body_hash
        && hit.resolutions.iter().all(|(t, r)| resolve(t) == *r)
    {
        return ((*hit.rendered).clone(), Some(hit.clone()));
    }
    let calls = std::cell::RefCell::new(Vec::new());
    let recording = |target: &str| {
        let r = resolve(target);
        calls.borrow_mut().push((target.to_string(), r.clone()));
        r
    };
    let rendered: SharedRendered = markdown::render(src.body_text(), &recording, html).into();
    let entry = CachedMarkdown {
        body_hash,
        resolutions: calls.into_inner(),
        rendered: std::sync::Arc::new(rendered.clone()),
    };
    (rendered, Some(entry))
}

/// Every page's and section intro's content path (as `@/` links name them) and its site path.
/// The dev server keeps it between edits, in [`SiteLinks`].
#[derive(Debug, Default, Clone)]
pub struct LinkTargets {
    by_content_path: HashMap<String, String>,
}

impl LinkTargets {
    pub fn new<'s>(pages: &[Page], sections: impl Iterator<Item = &'s String>) -> Self {
        let mut by_content_path: HashMap<String, String> = HashMap::new();
        for p in pages {
            let cp = p.source.content_path();
            if let Some(dir) = cp.strip_suffix("/index.md") {
                by_content_path.insert(format!("{dir}.md"), p.path.clone());
            }
            by_content_path.insert(cp, p.path.clone());
        }
        for name in sections {
            let (cp, path) = if name.is_empty() {
                ("_index.md".to_string(), String::new())
            } else {
                (format!("{name}/_index.md"), format!("{name}/"))
            };
            by_content_path.insert(cp, path);
        }
        LinkTargets { by_content_path }
    }
}

/// Where `@/` links and front-matter references lead, as the last successful load resolved them.
/// The dev server keeps them in its [`crate::content::LoadCache`], beside the site: an edit that
/// moves no page (see [`crate::content::load::reload_pages`]) leaves them as they are, so the
/// edited page's links are resolved without building them again.
#[derive(Debug, Default, Clone)]
pub struct SiteLinks {
    pub targets: LinkTargets,
    pub references: RefIndex,
}

/// Where `@/` links lead: the link targets, the unpublished drafts, and the pages that failed
/// to build.
pub struct LinkWorld<'a> {
    pub targets: &'a LinkTargets,
    pub url: &'a Urls,
    pub drafts: &'a [String],
    pub ghosts: &'a [Ghost],
}

impl LinkWorld<'_> {
    /// What `@/target` leads to.
    pub fn resolve(&self, target: &str) -> Resolved {
        let t = target.trim_end_matches('/');
        let candidates = [t.to_string(), format!("{t}.md"), format!("{t}/index.md")];
        for c in &candidates {
            if let Some(p) = self.targets.by_content_path.get(c) {
                return Resolved::Url(self.url.path(p));
            }
        }
        if candidates.iter().any(|c| self.drafts.contains(c)) {
            return Resolved::Draft;
        }
        if let Some(ghost) = self
            .ghosts
            .iter()
            .find(|g| candidates.iter().any(|c| &g.content_path == c))
        {
            return if ghost.withheld {
                Resolved::Withheld
            } else {
                Resolved::Url(String::new())
            };
        }
        // Sorted: the suggestion must not depend on hash order (cached answers are compared).
        let mut known: Vec<&str> = self
            .targets
            .by_content_path
            .keys()
            .map(String::as_str)
            .collect();
        known.sort_unstable();
        Resolved::Missing {
            suggestion: suggest_path(t, &known),
        }
    }
}

/// Renders one page's Markdown (the dev server's edit of one page); its link problems.
pub fn render_page_markdown(
    page: &mut Page,
    world: &LinkWorld<'_>,
    html: &HtmlPolicy,
) -> Vec<Diagnostic> {
    let resolve = |t: &str| world.resolve(t);
    let rendered = markdown::render(page.source.body_text(), &resolve, html);
    page.content = rendered.html.into();
    page.toc = rendered.toc;
    let mut diags = link_diagnostics(&page.source, rendered.problems);
    diags.extend(render_results(page, &resolve, html));
    diags
}

/// Renders an event's `results` Markdown, resolving its `@/` links like the body's. Problems
/// point at the link inside the `results` field. Part of the Markdown pass (the source text is still there); here rather
/// than in `outcome.rs` because it maps problems as the body's are.
fn render_results(
    page: &mut Page,
    resolve: &dyn Fn(&str) -> Resolved,
    html: &HtmlPolicy,
) -> Vec<Diagnostic> {
    let Kind::Event(e) = &mut page.kind else {
        return Vec::new();
    };
    let Some(md) = &e.outcome.results else {
        return Vec::new();
    };
    let rendered = markdown::render(md, resolve, html);
    e.outcome.results_html = rendered.html;
    let src = &page.source;
    rendered
        .problems
        .into_iter()
        // The size of a body is not the editor's concern in a short field.
        .filter(|p| !matches!(p.kind, LinkProblemKind::LargeBody { .. }))
        .map(|p| {
            let span = item_span(src, "results", &p.target);
            markdown_problem(src, span, p, " в итогах")
        })
        .collect()
}

/// Renders every page's and section intro's Markdown in parallel, resolving `@/` links. With a
/// cache (the dev server), unchanged bodies whose links resolve as before are not rendered again.
/// `finish` is called on each page as soon as its body is rendered and its diagnostics made: the
/// loader hashes the page there and releases its source text, so a large site never holds every
/// source beside every rendered body.
pub fn render_markdown(
    pages: &mut [Page],
    sections: &mut BTreeMap<String, SectionIntro>,
    world: &LinkWorld<'_>,
    html: &HtmlPolicy,
    cache: Option<&mut MarkdownCache>,
    finish: &(dyn Fn(&mut Page) + Sync),
) -> Vec<Diagnostic> {
    let resolve = |t: &str| world.resolve(t);
    let reading = cache.as_deref();
    let results: Vec<(Vec<Diagnostic>, Option<CachedMarkdown>)> = pages
        .par_iter_mut()
        .map(|page| {
            let (rendered, entry) = render_cached(reading, &page.source, &resolve, html);
            page.content = rendered.html;
            page.toc = rendered.toc;
            let mut diags = link_diagnostics(&page.source, rendered.problems);
            diags.extend(render_results(page, &resolve, html));
            finish(page);
            (diags, entry)
        })
        .collect();
    let mut diags = Vec::new();
    let mut entries = HashMap::new();
    for ((d, entry), page) in results.into_iter().zip(pages.iter()) {
        diags.extend(d);
        if let Some(e) = entry {
            entries.insert(page.source.rel_path.clone(), e);
        }
    }
    for intro in sections.values_mut() {
        let (rendered, entry) = render_cached(reading, &intro.source, &resolve, html);
        intro.content = rendered.html.to_string();
        diags.extend(link_diagnostics(&intro.source, rendered.problems));
        if let Some(e) = entry {
            entries.insert(intro.source.rel_path.clone(), e);
        }
    }
    if let Some(cache) = cache {
        // Only what this load rendered: entries of deleted files go.
        cache.entries = entries;
    }
    diags
}

/// The closest existing content path in the same folder, compared by file name: comparing
/// whole paths would make every page of a folder look close because of the shared prefix.
fn suggest_path(target: &str, known: &[&str]) -> Option<String> {
    let split = |p: &str| -> (String, String) {
        let p = p.trim_end_matches(".md").trim_end_matches("/index");
        match p.rsplit_once('/') {
            Some((dir, name)) => (dir.to_string(), name.to_string()),
            None => (String::new(), p.to_string()),
        }
    };
    let (dir, name) = split(target);
    let same_dir: Vec<(String, &str)> = known
        .iter()
        .filter(|k| !k.ends_with("_index.md"))
        .filter_map(|k| {
            let (d, n) = split(k);
            (d == dir).then_some((n, *k))
        })
        .collect();
    let best = closest(&name, same_dir.iter().map(|(n, _)| n.as_str()))?;
    same_dir
        .iter()
        .find(|(n, _)| n == best)
        .map(|(_, k)| k.to_string())
}

fn link_diagnostics(src: &SourceFile, problems: Vec<markdown::LinkProblem>) -> Vec<Diagnostic> {
    let base = src.body.start;
    problems
        .into_iter()
        .map(|p| {
            let span = base + p.span.start..base + p.span.end;
            markdown_problem(src, span, p, "")
        })
        .collect()
}

/// The diagnostic for a problem the Markdown renderer found, at `span` of the file: in the
/// body, or in a field that holds Markdown (`within` then names it for the message, as
/// « в итогах»).
pub(crate) fn markdown_problem(
    src: &SourceFile,
    span: std::ops::Range<usize>,
    p: markdown::LinkProblem,
    within: &str,
) -> Diagnostic {
    let warning = |code, message: String, hint: &str| {
        Diagnostic::warning(code, &src.rel_path, message)
            .at_indexed(&src.text, &src.lines, span.clone())
            .with_hint(hint)
    };
    match p.kind {
        LinkProblemKind::Broken { suggestion } => src
            .error_at("broken-link", span.clone(), format!("ссылка{within} ведёт на несуществующую страницу «{}»", p.target))
            .with_hint(match suggestion {
                Some(s) => format!("возможно, вы имели в виду @/{s}"),
                None => "внутренние ссылки пишутся как @/папка/имя-файла.md, например @/practices/shkola-4.md".to_string(),
            }),
        LinkProblemKind::Draft => src
            .error_at("link-to-draft", span.clone(), format!("ссылка{within} ведёт на черновик «{}», который не публикуется", p.target))
            .with_hint("опубликуйте ту страницу (уберите draft: true) или уберите ссылку"),
        LinkProblemKind::RelativeMarkdown => src
            .error_at("broken-link", span.clone(), format!("ссылка{within} «{}» на файл .md не будет работать на сайте", p.target))
            .with_hint("внутренние ссылки пишутся как @/папка/имя-файла.md, например [текст](@/practices/shkola-4.md)"),
        LinkProblemKind::ImageWithoutAlt => src
            .error_at("image-alt", span.clone(), format!("у изображения{within} нет описания (альтернативного текста)"))
            .with_hint("опишите, что изображено, в квадратных скобках: ![Схема наставнических пар](schema.png) — это нужно незрячим посетителям"),
        LinkProblemKind::RemovedHtml(removed) => warning("removed-html", removed.message(), &removed.hint()),
        LinkProblemKind::LargeBody { bytes } => warning("large-file", markdown::large_body_message(bytes), markdown::LARGE_BODY_HINT),
        LinkProblemKind::Withheld => warning(
            "link-to-withheld",
            format!("ссылка{within} «{}» ведёт на страницу наставника, которая не публикуется: нет действующего согласия на публикацию", p.target),
            markdown::WITHHELD_LINK_HINT,
        ),
        LinkProblemKind::ParserFailed(fallback) => warning("markdown-parser-failed", fallback.message().to_string(), markdown::PARSER_FAILED_HINT),
    }
}

/// The roadmaps' links, checked once every page is known: the organizations named as
/// responsible, the evidence links, a status date in the future (against the build's date),
/// and each event's `measure`, which also makes the event evidence of that measure.
/// Where an event stands among the events of its measure: by its first day, then its slug.
fn measure_event_order(page: &Page) -> Option<(jiff::civil::Date, String)> {
    page.as_event()
        .map(|e| (e.when.first_day(), page.slug.clone()))
}

/// Orders the events of a roadmap's measure again, as [`link_roadmaps`] does, after one of
/// them changed in place (the dev server's fast reload: an event that keeps its measure).
pub fn order_measure_events(pages: &mut [Page], roadmap: PageId, measure: usize) {
    let Some(events) = pages[roadmap]
        .as_roadmap()
        .and_then(|r| r.measures.get(measure))
        .map(|m| m.events.clone())
    else {
        return;
    };
    let mut keyed: Vec<_> = events
        .into_iter()
        .map(|e| (measure_event_order(&pages[e]), e))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    if let Kind::Roadmap(r) = &mut pages[roadmap].kind {
        r.measures[measure].events = keyed.into_iter().map(|(_, e)| e).collect();
    }
}

pub fn link_roadmaps(
    pages: &mut [Page],
    index: &RefIndex,
    organizations: &[Organization],
    today: jiff::civil::Date,
) -> Vec<Diagnostic> {
    use crate::content::model::MeasureRef;
    let mut diags = Vec::new();
    // Events naming a measure: (event, roadmap slug, measure number, raw).
    let mut wanted: Vec<(PageId, String, String)> = Vec::new();
    for (id, page) in pages.iter().enumerate() {
        if let Some(MeasureRef { raw, .. }) = page.as_event().and_then(|e| e.measure.as_ref()) {
            let (path, number) = raw.split_once('#').unwrap_or((raw.as_str(), ""));
            wanted.push((id, ref_slug(path, "roadmaps"), number.trim().to_string()));
        }
    }
    let mut found: Vec<(PageId, PageId, usize)> = Vec::new();
    for (event, slug, number) in wanted {
        let roadmap = index
            .by_slug
            .get(&(KindName::Roadmap, slug.clone()))
            .copied();
        let measure = roadmap.and_then(|r| {
            pages[r]
                .as_roadmap()
                .and_then(|rm| rm.measures.iter().position(|m| m.number == number))
        });
        let src = &pages[event].source;
        let raw = pages[event]
            .as_event()
            .and_then(|e| e.measure.as_ref())
            .map(|m| m.raw.clone())
            .unwrap_or_default();
        match (roadmap, measure) {
            (Some(r), Some(m)) => found.push((event, r, m)),
            (None, _) => {
                let slugs = index.slugs(KindName::Roadmap);
                let hint = match closest(&slug, slugs.iter().copied()) {
                    Some(c) => format!("возможно, вы имели в виду «@/roadmaps/{c}.md#{number}»"),
                    None => "пишите так: measure: \"@/roadmaps/имя-файла.md#3.7\"".to_string(),
                };
                diags.push(
                    src.error_at(
                        "broken-measure",
                        item_span(src, "measure", &raw),
                        format!("дорожная карта «{slug}» не найдена"),
                    )
                    .with_hint(hint),
                );
            }
            (Some(r), None) => {
                let numbers: Vec<&str> = pages[r]
                    .as_roadmap()
                    .map(|rm| rm.measures.iter().map(|m| m.number.as_str()).collect())
                    .unwrap_or_default();
                let hint = match closest(&number, numbers.iter().copied()) {
                    Some(c) => format!(
                        "возможно, вы имели в виду «{c}»; номер пишется после #, как в таблице дорожной карты"
                    ),
                    None => format!(
                        "номера мероприятий этой дорожной карты: {}",
                        numbers.join(", ")
                    ),
                };
                diags.push(
                    src.error_at(
                        "broken-measure",
                        item_span(src, "measure", &raw),
                        format!("в дорожной карте «{slug}» нет мероприятия «{number}»"),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    for (event, r, m) in found {
        if let Kind::Event(e) = &mut pages[event].kind
            && let Some(mr) = &mut e.measure
        {
            mr.target = Some((r, m));
        }
        if let Kind::Roadmap(rm) = &mut pages[r].kind {
            rm.measures[m].events.push(event);
        }
    }
    // Event dates, for ordering each measure's events.
    let starts: Vec<Option<(jiff::civil::Date, String)>> =
        pages.iter().map(measure_event_order).collect();
    let kinds: HashMap<(KindName, String), PageId> = index.by_slug.clone();
    for page in pages.iter_mut() {
        let Kind::Roadmap(rm) = &mut page.kind else {
            continue;
        };
        for m in &mut rm.measures {
            m.events.sort_by_key(|&e| starts[e].clone());
            m.events.dedup();
            for resp in &mut m.responsible {
                resp.organization = organizations
                    .iter()
                    .find(|o| {
                        o.id == resp.text
                            || o.name == resp.text
                            || resp.text.contains(o.short.as_str())
                    })
                    .map(|o| o.id.clone());
            }
            if let (Some(date), Some(spot)) = (m.status_date, &m.status_date_spot)
                && date > today
            {
                // A warning: «today» differs between builds, and the status itself stands.
                let mut d = spot
                    .error(
                        "future-status-date",
                        format!(
                            "дата статуса мероприятия {} ({date}) ещё не наступила",
                            m.number
                        ),
                    )
                    .with_hint(format!(
                        "дата статуса — день, когда статус был проверен; сегодня {today}"
                    ));
                d.severity = crate::diagnostic::Severity::Warning;
                diags.push(d);
            }
            for ev in &mut m.evidence {
                if !ev.raw.starts_with("@/") {
                    continue;
                }
                let path = ev.raw.split('#').next().unwrap_or("");
                let folder = path
                    .trim_start_matches("@/")
                    .split('/')
                    .next()
                    .unwrap_or("");
                let kind = [
                    KindName::Event,
                    KindName::Practice,
                    KindName::Order,
                    KindName::Roadmap,
                ]
                .into_iter()
                .find(|k| k.folder() == Some(folder));
                let target = kind.and_then(|k| kinds.get(&(k, ref_slug(path, folder))).copied());
                match target {
                    Some(t) => ev.target = Some(t),
                    None => diags.push(
                        ev.spot
                            .error("broken-link", format!("подтверждение «{}» ведёт на страницу, которой нет (или это черновик)", ev.raw))
                            .with_hint("подтверждением бывает страница мероприятия, практики или документа: @/events/имя-файла.md, @/practices/…, @/orders/…; или внешняя ссылка с https://"),
                    ),
                }
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_compare_file_names_within_a_folder() {
        let known = [
            "practices/shkola-4.md",
            "practices/ds-15/index.md",
            "events/a.md",
        ];
        assert_eq!(suggest_path("practices/nope.md", &known), None);
        assert_eq!(
            suggest_path("practices/shkola-5.md", &known).as_deref(),
            Some("practices/shkola-4.md")
        );
        assert_eq!(
            suggest_path("practices/ds-16.md", &known).as_deref(),
            Some("practices/ds-15/index.md")
        );
    }

    #[test]
    fn reference_forms() {
        assert_eq!(ref_slug("shkola-4", "practices"), "shkola-4");
        assert_eq!(ref_slug("@/practices/shkola-4.md", "practices"), "shkola-4");
        assert_eq!(
            ref_slug("practices/shkola-4/index.md", "practices"),
            "shkola-4"
        );
    }
}
