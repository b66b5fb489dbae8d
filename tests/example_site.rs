//! The example site (the repository's own `site.yaml`, `content/` and `data/`) built end to end:
//! real content on real pages, a link checker over the whole output, the home page's weight
//! budget, the sitemap and feed, typography, snapshots of key pages, and reproducibility of the
//! binary's output.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use nastavnik::build::{BuildOptions, build_site};
use nastavnik::content::{self, LoadOptions};
use nastavnik::output::Output;

use common::{TestSite, tree};

/// 2023-03-01 12:00 UTC: the school year of the example sessions is half over, so the home page
/// has both past and upcoming «Школа лидеров образования» sessions.
const EPOCH_2023_03_01: &str = "1677672000";

/// The path every site URL starts with (`base_url` of the example `site.yaml`).
const BASE_PATH: &str = "/metod/nastavnichestvo/";
const BASE_URL: &str = "https://example.org/metod/nastavnichestvo/";

/// `~` as a non-breaking space, so expected Russian text stays readable.
fn nb(text: &str) -> String {
    text.replace('~', "\u{a0}")
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example site built once through the library, every output file in memory by its
/// output-relative path (with `/`).
///
/// "Today" is passed as [`LoadOptions::today`] rather than through `SOURCE_DATE_EPOCH`:
/// setting an environment variable inside a multi-threaded test process is unsound (it is
/// `unsafe` in edition 2024). `reproducible_through_the_binary` proves the binary with
/// `SOURCE_DATE_EPOCH` of the same day writes exactly these bytes.
fn example() -> &'static BTreeMap<String, Vec<u8>> {
    static SITE: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    SITE.get_or_init(|| {
        let build = BuildOptions {
            root: repo_root(),
            base_url: None,
            drafts: false,
        };
        let options = LoadOptions {
            today: Some(jiff::civil::date(2023, 3, 1)),
            ..build.load_options()
        };
        let loaded = content::load(&build.root, &options);
        let site = loaded.site.unwrap_or_else(|| {
            panic!(
                "the example site must load:\n{}",
                loaded.diagnostics.render(false)
            )
        });
        // Warnings on purpose: the example's curator of МБОУ «СШ № 25» has no `publish` list,
        // and the register keeps three mentors who may not be published (consent withdrawn,
        // expired, never given), to show editors what `check` says then. Nothing else.
        let mut found: Vec<(String, &str, Option<usize>)> = loaded
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.file.to_string_lossy().replace('\\', "/"),
                    d.code,
                    d.line(),
                )
            })
            .collect();
        found.sort();
        let mentor = |file: &str, line: usize| {
            (
                format!("content/mentors/{file}.md"),
                "mentor-withheld",
                Some(line),
            )
        };
        assert_eq!(
            found,
            [
                mentor("lebedeva-olga-petrovna", 1),
                mentor("morozova-tatyana-ivanovna", 10),
                mentor("orlov-pavel-nikolaevich", 10),
                (
                    "data/organizations.yaml".to_string(),
                    "curator-unpublished",
                    Some(54)
                ),
            ],
            "the example site must load with only these warnings:\n{}",
            loaded.diagnostics.render(false)
        );
        let output = nastavnik::render::render(
            &site,
            Output::new(),
            &nastavnik::progress::Progress::hidden(),
        )
        .unwrap_or_else(|ds| panic!("the example site must render:\n{}", ds.render(false)));
        in_memory(&output)
    })
}

fn in_memory(output: &Output) -> BTreeMap<String, Vec<u8>> {
    output
        .paths()
        .map(|p| {
            let bytes = output
                .bytes(p)
                .expect("listed")
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

fn page(path: &str) -> &'static str {
    let bytes = example()
        .get(path)
        .unwrap_or_else(|| panic!("the example site has no {path}"));
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{path} is not UTF-8: {e}"))
}

fn html_pages() -> impl Iterator<Item = (&'static str, &'static str)> {
    example()
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| (p.as_str(), page(p)))
}

/// The inner HTML of the page's `<main …>` element.
fn main_of(html: &str) -> &str {
    let open = html.find("<main").expect("a <main> element");
    let start = open + html[open..].find('>').expect("the end of <main …>") + 1;
    let end = html.rfind("</main>").expect("</main>");
    &html[start..end]
}

/// Text content of an HTML fragment: tags dropped, the entities the theme uses decoded, runs of
/// white space (not non-breaking spaces) collapsed.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = decode_entities(&text);
    let mut out = String::new();
    for word in text
        .split([' ', '\n', '\t', '\r'])
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", "\u{a0}")
        .replace("&#160;", "\u{a0}")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Values of `attr="…"` in an HTML text.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let end = after.find('"').expect("a closing quote of an attribute");
        values.push(&after[..end]);
        rest = &after[end..];
    }
    values
}

/// Every start tag `<name …>` in an HTML text, whole.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!("<{name}");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i..];
        let end = after.find('>').expect("the end of a tag") + 1;
        if after[needle.len()..]
            .starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        {
            found.push(&after[..end]);
        }
        rest = &after[end..];
    }
    found
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| panic!("{s} decodes to invalid UTF-8: {e}"))
}

/// The output file a root-relative link points to, or why it cannot point to one.
fn target_of(link: &str) -> Result<String, String> {
    let link = decode_entities(link);
    let link = link.split(['#', '?']).next().unwrap_or_default();
    let Some(rel) = link.strip_prefix(BASE_PATH) else {
        return Err(format!("{link} is outside the base path {BASE_PATH}"));
    };
    let mut rel = percent_decode(rel);
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    Ok(rel)
}

/// A text node between tags, for typography checks: everything outside tags, except inside
/// `<script>`, `<style>`, `<pre>`, `<code>` and `<textarea>` (a snippet to copy) where straight
/// quotes are code.
fn prose_text_nodes(html: &str) -> Vec<String> {
    let mut nodes = Vec::new();
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        if skip_until.is_none() && !text.trim().is_empty() {
            nodes.push(decode_entities(text));
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
        let tag = &rest[lt..gt];
        match skip_until {
            Some(close) if tag.starts_with(close) => skip_until = None,
            Some(_) => {}
            None => {
                for (open, close) in [
                    ("<script", "</script"),
                    ("<style", "</style"),
                    ("<pre", "</pre"),
                    ("<code", "</code"),
                    ("<textarea", "</textarea"),
                ] {
                    if tag.starts_with(open)
                        && tag[open.len()..].starts_with([' ', '>'])
                        && !tag.ends_with("/>")
                    {
                        skip_until = Some(close);
                    }
                }
            }
        }
        rest = &rest[gt..];
    }
    nodes
}

/// Checks that an XML document is well-formed enough for feed readers: one root element, every
/// tag closed in order, attribute quotes balanced, only XML's predefined or numeric entities.
fn check_xml(name: &str, xml: &str) {
    let body = xml
        .strip_prefix("<?xml")
        .and_then(|r| r.find("?>").map(|i| &r[i + 2..]))
        .unwrap_or_else(|| panic!("{name} has no XML declaration"));
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        check_xml_text(name, text);
        assert!(
            !stack.is_empty() || text.trim().is_empty(),
            "{name}: text outside the root element: {text:?}"
        );
        let after = &rest[lt..];
        if let Some(comment) = after.strip_prefix("<!--") {
            let end = comment
                .find("-->")
                .unwrap_or_else(|| panic!("{name}: unclosed comment"));
            rest = &comment[end + 3..];
            continue;
        }
        if let Some(cdata) = after.strip_prefix("<![CDATA[") {
            let end = cdata
                .find("]]>")
                .unwrap_or_else(|| panic!("{name}: unclosed CDATA"));
            rest = &cdata[end + 3..];
            continue;
        }
        let gt = after.find('>').unwrap_or_else(|| {
            panic!(
                "{name}: unclosed tag at {:?}",
                &after[..20.min(after.len())]
            )
        });
        let tag = &after[1..gt];
        assert!(
            tag.matches('"').count() % 2 == 0,
            "{name}: unbalanced quotes in <{tag}>"
        );
        if let Some(closing) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("{name}: </{closing}> closes nothing"));
            assert_eq!(
                open,
                closing.trim(),
                "{name}: <{open}> closed by </{closing}>"
            );
        } else {
            let tag_name = tag
                .split(|c: char| c.is_ascii_whitespace() || c == '/')
                .next()
                .unwrap_or_default();
            assert!(
                !tag_name.is_empty() && !tag_name.contains(['<', '&']),
                "{name}: a bad tag <{tag}>"
            );
            for value in tag.split('"').skip(1).step_by(2) {
                check_xml_text(name, value);
            }
            if stack.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                stack.push(tag_name);
            }
        }
        rest = &after[gt + 1..];
    }
    assert!(stack.is_empty(), "{name}: unclosed elements {stack:?}");
    assert!(
        rest.trim().is_empty(),
        "{name}: text after the root element"
    );
    assert_eq!(roots, 1, "{name} must have exactly one root element");
}

fn check_xml_text(name: &str, text: &str) {
    assert!(!text.contains("]]>"), "{name}: `]]>` in text");
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let end = after
            .find(';')
            .unwrap_or_else(|| panic!("{name}: a bare `&` in {text:?}"));
        let entity = &after[..end];
        let known = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
            || entity
                .strip_prefix("#x")
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
            || entity
                .strip_prefix('#')
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        assert!(known, "{name}: unknown entity &{entity}; in {text:?}");
        rest = &after[end + 1..];
    }
}

/// The ten sessions of «Школа лидеров образования» 2022–2023: page, date text (`~` stands for
/// a non-breaking space, which the theme keeps after the day and before «г.»).
const SESSIONS: [(&str, &str); 10] = [
    ("2022-10-10-organizatsionnoe-sobranie", "10~октября 2022~г."),
    (
        "2022-11-04-monitoring-organizatsiya-nastavnichestva",
        "4~ноября 2022~г.",
    ),
    (
        "2022-11-14-osnovy-nastavnicheskoy-deyatelnosti",
        "14~ноября 2022~г.",
    ),
    (
        "2022-12-12-rukovodstvo-sistemoy-nastavnichestva",
        "12~декабря 2022~г.",
    ),
    (
        "2023-01-16-modeli-nastavnichestva-sh-32",
        "16~января 2023~г.",
    ),
    ("2023-02-13-modeli-nastavnichestva", "13~февраля 2023~г."),
    (
        "2023-03-13-nastavnik-professional-i-lichnost",
        "13~марта 2023~г.",
    ),
    (
        "2023-04-10-effektivnost-programmy-nastavnichestva",
        "10~апреля 2023~г.",
    ),
    (
        "2023-04-monitoring-realizatsii-programmy",
        "апрель\u{2013}май 2023~г.",
    ),
    (
        "2023-05-15-analiz-sistemy-nastavnichestva",
        "15~мая 2023~г.",
    ),
];

#[test]
fn leaders_school_sessions_have_pages_with_russian_dates() {
    let series = main_of(page("series/shkola-liderov-obrazovaniya/index.html"));
    // The list of events spans pages (20 a page): the 2022/23 sessions are on the second.
    let events = format!(
        "{}{}",
        main_of(page("events/index.html")),
        main_of(page("events/page/2/index.html"))
    );
    for (slug, date) in SESSIONS {
        let date = nb(date);
        let html = page(&format!("events/{slug}/index.html"));
        let main = main_of(html);
        assert!(
            main.contains(&format!(">{date}</time>")),
            "events/{slug}/ must show «{date}»"
        );
        assert!(
            main.contains(&format!(
                "{BASE_PATH}series/shkola-liderov-obrazovaniya/\">Школа лидеров образования</a>"
            )),
            "events/{slug}/ must link to its series"
        );
        let href = format!("href=\"{BASE_PATH}events/{slug}/\"");
        assert!(series.contains(&href), "the series page must list {slug}");
        assert!(events.contains(&href), "/events/ must list {slug}");
    }
    // The term page counts its events in Russian.
    assert!(
        text_of(series).contains(&nb("16~мероприятий")),
        "the series page must count «16 мероприятий» (10 of 2022/23, 6 of 2026–2028): {}",
        text_of(series)
    );
    // Session 9 has a month range, and its datetime is machine-readable.
    assert!(
        page("events/2023-04-monitoring-realizatsii-programmy/index.html")
            .contains("<time datetime=\"2023-04\">апрель\u{2013}май 2023\u{a0}г.</time>")
    );
}

#[test]
fn home_page_shows_upcoming_sessions_after_today() {
    let home = page("index.html");
    let start = home
        .find("data-upcoming")
        .expect("the home page has an upcoming-events block");
    let upcoming = &home[start..start + home[start..].find("</section>").expect("its end")];
    assert!(upcoming.contains("data-build-date=\"2023-03-01\""));
    // Today is 2023-03-01: the sessions from 13 March on are upcoming, the earlier six are past.
    for (i, (slug, _)) in SESSIONS.iter().enumerate() {
        let href = format!("href=\"{BASE_PATH}events/{slug}/\"");
        assert_eq!(
            upcoming.contains(&href),
            i >= 6,
            "session {} ({slug}) upcoming on 2023-03-01",
            i + 1
        );
    }
}

/// The example built on a fixed day of the current school year (2 December 2026): a newcomer
/// building it sees upcoming events on the home page, the calendar opening on the current
/// month with its events, and a non-empty embed; the seeds' history stays.
#[test]
fn the_example_shows_the_current_school_year_when_built_today() {
    let build = BuildOptions {
        root: repo_root(),
        base_url: None,
        drafts: false,
    };
    let options = LoadOptions {
        today: Some(jiff::civil::date(2026, 12, 2)),
        ..build.load_options()
    };
    let site = content::load(&build.root, &options)
        .site
        .expect("the example site loads");
    let output = nastavnik::render::render(
        &site,
        Output::new(),
        &nastavnik::progress::Progress::hidden(),
    )
    .unwrap_or_else(|ds| panic!("the example site must render:\n{}", ds.render(false)));
    let files = in_memory(&output);
    let text = |path: &str| {
        String::from_utf8(
            files
                .get(path)
                .unwrap_or_else(|| panic!("no {path}"))
                .clone(),
        )
        .expect("UTF-8")
    };
    let home = text("index.html");
    let start = home.find("data-upcoming").expect("an upcoming block");
    let upcoming = &home[start..start + home[start..].find("</section>").expect("its end")];
    assert!(
        upcoming.contains("<p class=\"empty\" data-empty hidden>"),
        "{upcoming}"
    );
    for slug in [
        "2026-12-14-pervyy-god-molodogo-pedagoga",
        "2026-12-monitoring-nastavnichestva-2026",
    ] {
        assert!(
            upcoming.contains(&format!("{BASE_PATH}events/{slug}/")),
            "{slug}: {upcoming}"
        );
    }
    // The calendar opens on December 2026, which has events.
    let calendar = text("calendar/index.html");
    assert!(
        calendar.contains("data-month=\"2026-12\""),
        "the calendar opens elsewhere"
    );
    assert!(calendar.contains(&format!(
        "{BASE_PATH}events/2026-12-14-pervyy-god-molodogo-pedagoga/"
    )));
    // The embed lists what is coming, the next school year included.
    let embed = text("calendar/embed/index.html");
    for slug in [
        "2027-02-konkurs-dlya-nastavnikov",
        "2027-10-konferentsiya-po-nastavnichestvu",
    ] {
        assert!(
            embed.contains(&format!("events/{slug}/")),
            "{slug} not in the embed"
        );
    }
    // The history is kept.
    assert!(files.contains_key("events/2022-10-10-organizatsionnoe-sobranie/index.html"));
}

#[test]
fn order_633_page() {
    let html = page("orders/prikaz-633-2022/index.html");
    let text = text_of(main_of(html));
    let label = nb(
        "Приказ Управления образования и молодежной политики Администрации города Смоленска от 26.12.2022 №~633",
    );
    assert!(
        text.contains(&label),
        "the order page must say «{label}»: {text}"
    );
    assert!(text.contains(&nb("26~декабря 2022~г.")), "{text}");
    assert!(
        text.contains(
            "Управление образования и молодежной политики Администрации города Смоленска"
        )
    );
    // The title keeps its quotes as ёлочки.
    assert!(text.contains("Об утверждении плана мероприятий («дорожной карты»)"));
    assert!(
        page("orders/index.html").contains(&format!("href=\"{BASE_PATH}orders/prikaz-633-2022/\""))
    );
}

#[test]
fn practices_and_bundle_attachment() {
    let list = page("practices/index.html");
    for slug in [
        "shkola-4-dorozhnaya-karta",
        "detskiy-sad-15-plan-nastavnichestva",
    ] {
        assert!(
            example().contains_key(&format!("practices/{slug}/index.html")),
            "practice {slug} must have a page"
        );
        assert!(
            list.contains(&format!("href=\"{BASE_PATH}practices/{slug}/\"")),
            "/practices/ must list {slug}"
        );
    }
    let source =
        std::fs::read(repo_root().join(
            "content/practices/detskiy-sad-15-plan-nastavnichestva/etapy-nastavnichestva.csv",
        ))
        .expect("the example attachment");
    assert_eq!(
        example()["practices/detskiy-sad-15-plan-nastavnichestva/etapy-nastavnichestva.csv"],
        source,
        "the attachment must be copied as is"
    );
    let size = format!("{:.1}", source.len() as f64 / 1024.0).replace('.', ",");
    let bundle = page("practices/detskiy-sad-15-plan-nastavnichestva/index.html");
    let text = text_of(main_of(bundle));
    assert!(
        text.contains(&format!("(CSV, {size}\u{a0}КБ)"))
            || text.contains(&format!("(CSV, {size} КБ)")),
        "the attachment must be shown with its type and size «CSV, {size} КБ»: {text}"
    );
    assert!(bundle.contains(&format!(
        "href=\"{BASE_PATH}practices/detskiy-sad-15-plan-nastavnichestva/etapy-nastavnichestva.csv\""
    )));
}

#[test]
fn every_internal_link_resolves() {
    let files = example();
    let ids: BTreeMap<&str, BTreeSet<&str>> = html_pages()
        .map(|(path, html)| (path, attr_values(html, "id").into_iter().collect()))
        .collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    let mut fragments = 0;
    for (path, html) in html_pages() {
        for link in attr_values(html, "href")
            .into_iter()
            .chain(attr_values(html, "src"))
            .chain(attr_values(html, "action"))
        {
            let target = if let Some(fragment) = link.strip_prefix('#') {
                (path.to_string(), fragment)
            } else if link.starts_with('/') {
                checked += 1;
                match target_of(link) {
                    Ok(target) if files.contains_key(&target) => {
                        (target, link.split_once('#').map_or("", |(_, f)| f))
                    }
                    Ok(target) => {
                        broken.push(format!("{path}: {link} → no {target}"));
                        continue;
                    }
                    Err(why) => {
                        broken.push(format!("{path}: {why}"));
                        continue;
                    }
                }
            } else {
                continue;
            };
            let (target, fragment) = target;
            if fragment.is_empty() {
                continue;
            }
            fragments += 1;
            let fragment = percent_decode(&decode_entities(fragment));
            if !ids
                .get(target.as_str())
                .is_some_and(|ids| ids.contains(fragment.as_str()))
            {
                broken.push(format!("{path}: {link} → no id=\"{fragment}\" in {target}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken internal links:\n{}",
        broken.join("\n")
    );
    assert!(checked > 1000, "the link checker saw only {checked} links");
    assert!(
        fragments > 10,
        "the link checker saw only {fragments} fragments"
    );
}

#[test]
fn link_checker_catches_a_broken_link() {
    assert_eq!(
        target_of("/metod/nastavnichestvo/practices/?q=x#main").as_deref(),
        Ok("practices/index.html")
    );
    assert_eq!(
        target_of("/metod/nastavnichestvo/files/%D0%BF%D0%BB%D0%B0%D0%BD.pdf").as_deref(),
        Ok("files/план.pdf")
    );
    assert!(target_of("/elsewhere/").is_err());
    assert!(
        !example().contains_key(&target_of("/metod/nastavnichestvo/practices/net-takoy/").unwrap())
    );
}

#[test]
fn no_request_to_another_host() {
    let is_remote =
        |url: &str| url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//");
    for (path, html) in html_pages() {
        for src in attr_values(html, "src") {
            assert!(!is_remote(src), "{path} loads {src} from another host");
        }
        for link in tags(html, "link") {
            let rel = attr_values(link, "rel")
                .first()
                .copied()
                .unwrap_or_default();
            let href = attr_values(link, "href")
                .first()
                .copied()
                .unwrap_or_default();
            // `canonical` and `alternate` name addresses; they are not fetched.
            if !matches!(rel, "canonical" | "alternate") {
                assert!(
                    !is_remote(href),
                    "{path} loads {href} ({rel}) from another host"
                );
            }
        }
        assert!(!html.contains("@import"), "{path} imports a stylesheet");
    }
    for (path, bytes) in example()
        .iter()
        .filter(|(p, _)| p.ends_with(".css") || p.ends_with(".js"))
    {
        let text = std::str::from_utf8(bytes).expect("UTF-8 CSS/JS");
        for needle in [
            "url(http",
            "url(\"http",
            "url('http",
            "url(//",
            "@import",
            "fetch(\"http",
            "fetch('http",
        ] {
            assert!(
                !text.contains(needle),
                "{path} requests another host ({needle})"
            );
        }
    }
}

#[test]
fn home_page_is_under_64_kb_with_its_css_and_js() {
    let home = page("index.html");
    let mut total = home.len();
    let mut parts = vec![format!("index.html {}", home.len())];
    let mut assets: BTreeSet<String> = BTreeSet::new();
    for link in tags(home, "link") {
        if attr_values(link, "rel").contains(&"stylesheet") {
            assets.extend(
                attr_values(link, "href")
                    .iter()
                    .map(|h| target_of(h).expect("a local stylesheet")),
            );
        }
    }
    for script in tags(home, "script") {
        assets.extend(
            attr_values(script, "src")
                .iter()
                .map(|s| target_of(s).expect("a local script")),
        );
    }
    assert!(
        assets.iter().any(|a| a.ends_with(".css")),
        "the home page has a stylesheet"
    );
    for asset in &assets {
        let len = example()[asset].len();
        parts.push(format!("{asset} {len}"));
        total += len;
    }
    assert!(
        total < 64_000,
        "the home page with its CSS and JS is {total} bytes, over the 64 KB budget: {parts:?}"
    );
}

#[test]
fn sitemap_lists_every_page_and_only_pages() {
    let sitemap = page("sitemap.xml");
    check_xml("sitemap.xml", sitemap);
    let mut listed = BTreeSet::new();
    for loc in sitemap.split("<loc>").skip(1) {
        let url = &loc[..loc.find("</loc>").expect("</loc>")];
        let path = url
            .strip_prefix("https://example.org")
            .unwrap_or_else(|| panic!("{url} is not on the site's host"));
        let target = target_of(path).expect("a sitemap URL under the base path");
        assert!(target.ends_with(".html"), "{url} is not a page");
        assert!(
            example().contains_key(&target),
            "{url} has no page ({target})"
        );
        assert!(listed.insert(target), "{url} is listed twice");
    }
    let pages: BTreeSet<String> = html_pages()
        .filter(|(path, html)| *path != "404.html" && !html.contains("http-equiv=\"refresh\""))
        // The mentors' pages ask search engines not to index them (`mentors: noindex`, on by
        // default) and stay out of it.
        .filter(|(path, html)| {
            let mentor = path.starts_with("mentors/");
            assert_eq!(
                mentor,
                mentor && html.contains("<meta name=\"robots\" content=\"noindex\">"),
                "{path}: a mentor's page must carry noindex"
            );
            !mentor
        })
        .map(|(path, _)| path.to_string())
        .collect();
    assert_eq!(
        listed, pages,
        "the sitemap must list exactly the site's pages"
    );
    assert!(!listed.contains("404.html"));
    assert!(sitemap.contains(&format!("<loc>{BASE_URL}</loc>")));
}

#[test]
fn atom_feed_is_well_formed() {
    let atom = page("atom.xml");
    check_xml("atom.xml", atom);
    assert!(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    // New practices and documents: four practices, ten documents (two are contests'
    // regulations) and four templates.
    assert_eq!(atom.matches("<entry>").count(), 18, "{atom}");
    for path in [
        "orders/prikaz-633-2022/",
        "orders/polozhenie-o-konkurse-nastavnikov-2023/",
        "orders/rasporyazhenie-r-145-2019/",
        "orders/obrazets-anketa-nastavnika/",
        "practices/shkola-4-dorozhnaya-karta/",
        "practices/detskiy-sad-15-plan-nastavnichestva/",
        "practices/sh-40-adaptatsiya-molodogo-uchitelya/",
    ] {
        assert!(
            atom.contains(&format!("<id>{BASE_URL}{path}</id>")),
            "the feed must have {path}"
        );
    }
}

#[test]
fn xml_checker_rejects_broken_documents() {
    for bad in [
        "<?xml version=\"1.0\"?><a><b></a></b>",
        "<?xml version=\"1.0\"?><a>R&D</a>",
        "<?xml version=\"1.0\"?><a x=\"1></a>",
        "<?xml version=\"1.0\"?><a></a><b/>",
        "<?xml version=\"1.0\"?><a>",
    ] {
        let result = std::panic::catch_unwind(|| check_xml("test", bad));
        assert!(result.is_err(), "the XML checker accepted {bad}");
    }
    check_xml(
        "test",
        "<?xml version=\"1.0\"?>\n<a x=\"&amp;\"><b/>&#171;т&#xBB;<!-- c --></a>\n",
    );
}

#[test]
fn typography_in_titles_and_text() {
    let mut problems = Vec::new();
    for (path, html) in html_pages() {
        for node in prose_text_nodes(html) {
            if node.contains('"') {
                problems.push(format!("{path}: a straight quote in {node:?}"));
            }
            for (i, _) in node.match_indices('№') {
                let next = node[i + '№'.len_utf8()..].chars().next();
                if next.is_some_and(|c| c != '\u{a0}') {
                    problems.push(format!("{path}: no non-breaking space after № in {node:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "typography:\n{}", problems.join("\n"));
    // «Ёлочки» in a title, and the text of an event with a school number.
    let event = page("events/2022-10-10-organizatsionnoe-sobranie/index.html");
    assert!(
        event.contains("<h1>Организационное собрание «Об организации наставничества в школе» <span class=\"badge badge-held\">Состоялось</span></h1>")
    );
    assert!(event.contains("<title>Организационное собрание «Об организации наставничества в школе» — Наставничество</title>"));
    assert!(text_of(main_of(event)).contains("Занятие №\u{a0}1"));
}

#[test]
fn typography_checker_reads_text_not_code_or_markup() {
    let nodes = prose_text_nodes(
        "<title>Приказ №&nbsp;1</title><p class=\"x\">Слово \"так\"</p>\
         <pre><code>let s = \"код\";</code></pre><script>var a = \"b\";</script><p>после</p>",
    );
    assert_eq!(
        nodes,
        [
            "Приказ №\u{a0}1".to_string(),
            "Слово \"так\"".to_string(),
            "после".to_string()
        ]
    );
}

/// Snapshots of the `<main>` of key pages: content and structure, not the theme's header.
#[test]
fn snapshots_of_key_pages() {
    for (name, path) in [
        ("home", "index.html"),
        (
            "event",
            "events/2022-10-10-organizatsionnoe-sobranie/index.html",
        ),
        (
            "practice_bundle",
            "practices/detskiy-sad-15-plan-nastavnichestva/index.html",
        ),
        ("order", "orders/prikaz-633-2022/index.html"),
        ("practices_list", "practices/index.html"),
        (
            "series_term",
            "series/shkola-liderov-obrazovaniya/index.html",
        ),
        ("not_found", "404.html"),
    ] {
        insta::assert_snapshot!(name, main_of(page(path)));
    }
}

/// Three mistakes in one site: a misspelt field name, an unknown organization, and an impossible
/// date. All are reported together, plainly, with the count.
#[test]
fn snapshot_of_diagnostics() {
    let site = TestSite::new();
    site.write(
        common::ABOUT,
        "---\ntitle: О разделе\ndescripton: Цели и задачи раздела.\n---\nЦели и задачи.\n",
    )
    .write(
        common::EVENT,
        &common::EVENT_TEXT.replace("organizations: [sh-40]", "organizations: [sh-41]"),
    )
    .write(
        common::ORDER,
        &common::ORDER_TEXT.replace("date: 2022-12-26", "date: 2022-02-30"),
    );
    let (output, diagnostics) = build_site(&site.build_options(false));
    assert!(output.is_none(), "a site with errors must not build");
    assert_eq!(
        diagnostics.error_count(),
        3,
        "{}",
        diagnostics.render(false)
    );
    let root = site.root().to_string_lossy().into_owned();
    insta::assert_snapshot!(
        "diagnostics",
        diagnostics.render(false).replace(&root, "[site]")
    );
}

/// `nastavnik build` of the example site with `SOURCE_DATE_EPOCH` into `out`.
fn build_example_with_binary(out: &Path, threads: Option<&str>) {
    let mut cmd = common::nastavnik();
    cmd.env("SOURCE_DATE_EPOCH", EPOCH_2023_03_01)
        .arg("build")
        .arg("--root")
        .arg(repo_root())
        .arg("--output")
        .arg(out);
    match threads {
        Some(n) => {
            cmd.env("RAYON_NUM_THREADS", n);
        }
        None => {
            cmd.env_remove("RAYON_NUM_THREADS");
        }
    }
    cmd.assert().success();
}

fn assert_same_tree(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>, what: &str) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: different lists of files"
    );
    for (path, bytes) in a {
        assert!(bytes == &b[path], "{what}: {} differs", path.display());
    }
}

#[test]
fn reproducible_through_the_binary() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let first = tmp.path().join("first");
    let second = tmp.path().join("second");
    let single = tmp.path().join("single");
    build_example_with_binary(&first, None);
    build_example_with_binary(&second, None);
    build_example_with_binary(&single, Some("1"));
    let first = tree(&first);
    assert!(
        first.len() > 50,
        "the example site has only {} files",
        first.len()
    );
    assert_same_tree(&first, &tree(&second), "two builds");
    assert_same_tree(
        &first,
        &tree(&single),
        "RAYON_NUM_THREADS=1 and the default",
    );
    // The library with the same "today" writes the same bytes as the binary, which adds only
    // the marker of its output folder.
    let mut first = first;
    assert!(first.remove(Path::new(nastavnik::output::MARKER)).is_some());
    let library: BTreeMap<PathBuf, Vec<u8>> = example()
        .iter()
        .map(|(p, b)| (PathBuf::from(p), b.clone()))
        .collect();
    assert_same_tree(&first, &library, "the binary and the library");
}

/// The example site with its theme, addresses and cards, as a build makes them.
fn example_cards() -> (
    nastavnik::content::model::Site,
    tera::Tera,
    nastavnik::urls::Urls,
    nastavnik::render::context::Cards,
) {
    use nastavnik::render::context::{Cards, Lookups};
    let root = repo_root();
    let loaded = content::load(&root, &LoadOptions::default());
    let site = loaded.site.expect("the example site loads");
    let tera = nastavnik::render::theme::templates(&root).expect("the theme compiles");
    let u = nastavnik::urls::Urls::new(&site.config.base_url);
    let cards = Cards::build(&site, &Lookups::build(&site, &u), &tera);
    (site, tera, u, cards)
}

/// Lists print each card's pre-rendered `html` (rendered once per build) instead of rendering it
/// again: it must be there, and be what the component gives, or pages would silently fall back
/// to the slow path (or, worse, differ).
#[test]
fn cards_carry_their_html_rendered_by_the_components() {
    let (site, tera, u, cards) = example_cards();
    let mut checked = 0;
    for (id, page) in site.pages.iter().enumerate() {
        let Some(card) = cards.value(id) else {
            continue;
        };
        let json = serde_json::to_value(&card).expect("a card is JSON");
        let html = json["html"]
            .as_str()
            .unwrap_or_else(|| panic!("{} has no card html", page.path))
            .to_string();
        let component = match page.kind_name() {
            nastavnik::content::model::KindName::Event => "event_card",
            nastavnik::content::model::KindName::Practice => "practice_card",
            _ => "order_card",
        };
        let arg = &component[..1];
        let mut ctx = tera::Context::new();
        ctx.insert_value("card", card.clone());
        let direct = tera
            .render_str(
                &format!("{{{{ <{component} {arg}={{card}} level={{3}} /> }}}}"),
                &ctx,
                true,
            )
            .expect("the component renders");
        assert_eq!(html, direct, "{}", page.path);
        assert!(html.contains(&u.path(&page.path)), "{}", page.path);
        checked += 1;
    }
    assert!(checked > 10, "the example site has cards");
}

/// Cards hold each organization and term they name as the build's one value of it (a large
/// site's cards name the same few hundred about five times each; copies cost memory, see
/// docs/benchmarks.md): two cards naming the same organization or term share its map.
#[test]
fn cards_share_the_organizations_and_terms_they_name() {
    let (site, _, _, cards) = example_cards();
    let url = tera::value::Key::Str("url");
    // The address of each part's map, by the part's own address.
    let mut seen: BTreeMap<String, *const tera::Map> = BTreeMap::new();
    let mut parts = 0;
    for id in 0..site.pages.len() {
        let Some(card) = cards.value(id) else {
            continue;
        };
        for (key, value) in card.as_map().expect("a card is a map") {
            let items = match value.as_array() {
                Some(items) => items.to_vec(),
                None => vec![value.clone()],
            };
            for item in &items {
                let Some(map) = item.as_map() else { continue };
                let Some(address) = map.get(&url).and_then(|a| a.as_str()) else {
                    continue;
                };
                parts += 1;
                let first = *seen.entry(address.to_string()).or_insert(map);
                assert!(
                    std::ptr::eq(first, map),
                    "{key:?} {address}: a copy of its own in {}",
                    site.pages[id].path
                );
            }
        }
    }
    assert!(
        parts > seen.len() + 20,
        "the example's cards name organizations and terms more than once ({parts} parts, {} distinct)",
        seen.len()
    );
}

// --- Documents -------------------------------------------------------------------------------

/// The part of `html` from `start` to the next `end` (both found in order).
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("«{start}» missing"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn documents_are_grouped_by_level_and_labelled_by_kind() {
    let html = main_of(page("orders/index.html"));
    let headings: Vec<String> = html
        .split("<h2")
        .skip(1)
        .map(|h| text_of(&h[h.find('>').unwrap() + 1..h.find("</h2>").unwrap()]))
        .collect();
    assert_eq!(
        headings,
        [
            "Федеральные документы",
            "Региональные документы",
            "Муниципальные документы"
        ],
        "groups in order of level; templates are not a group"
    );
    let group = |key: &str| text_of(between(html, &format!("id=\"level-{key}\""), "</section>"));
    let federal = group("federal");
    for label in [
        "Указ Президента РФ от 07.05.2018 №~204",
        "Распоряжение Правительства РФ от 31.12.2019 №~3273-р",
        "Распоряжение Министерства просвещения РФ от 25.12.2019 №~Р-145",
        "Письмо Министерства просвещения РФ от 23.01.2020 №~МР-42/02",
    ] {
        assert!(federal.contains(&nb(label)), "«{label}» missing: {federal}");
    }
    let regional = group("regional");
    for label in [
        "Приказ Департамента Смоленской области по образованию и науке от 15.03.2022 №~235-ОД",
        "Приказ Департамента Смоленской области по образованию и науке от 08.11.2022 №~933-ОД",
    ] {
        assert!(
            regional.contains(&nb(label)),
            "«{label}» missing: {regional}"
        );
    }
    // An unnumbered document: by kind (and issuer) and date.
    assert!(
        regional.contains(
            "Положение Департамента Смоленской области по образованию и науке от 15.03.2022 Положение о"
        ),
        "{regional}"
    );
    assert!(group("municipal").contains(&nb(
        "Приказ Управления образования и молодежной политики Администрации города Смоленска от 26.12.2022 №~633"
    )));
    // Newest first within a group: the letter of 2020 before the decree of 2018.
    assert!(federal.find("Письмо").unwrap() < federal.find("Указ").unwrap());
    // No document of another kind is called «Приказ» any more.
    for (path, html) in html_pages() {
        let text = text_of(html);
        for wrong in [
            "Приказ №~Р-145",
            "Приказ №~204",
            "Приказ №~3273-р",
            "Приказ №~МР-42/02",
        ] {
            assert!(!text.contains(&nb(wrong)), "{path} says «{wrong}»");
        }
    }
    // Each entry carries what the filter matches, and the filter (hidden without JavaScript)
    // offers the kinds, levels and years of the page.
    let item = between(html, "data-kind=\"pismo\"", ">");
    assert!(item.contains("data-level=\"federal\"") && item.contains("data-year=\"2020\""));
    let form = between(html, "<form class=\"doc-filters\"", "</form>");
    assert!(form.contains(" hidden "), "{form}");
    for option in [
        "<option value=\"rasporyazhenie\">распоряжение</option>",
        "<option value=\"polozhenie\">положение</option>",
        "<option value=\"regional\">региональный</option>",
        "<option value=\"2019\">2019</option>",
    ] {
        assert!(form.contains(option), "{option} missing: {form}");
    }
    assert!(
        !form.contains("obrazets"),
        "templates are not a kind of the filter"
    );
    // The templates have their own page, linked from here.
    assert!(html.contains(&format!(
        "<a href=\"{BASE_PATH}orders/obraztsy/\">Образцы документов для образовательных организаций</a> (4~образца)"
    ).replace('~', "\u{a0}")));
    assert!(!group("federal").contains("Образец"));
}

/// CRC-32 (IEEE), as ZIP stores it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The entries of a ZIP file by name, read through its central directory and checked against
/// each local header and CRC. The example's templates store their entries uncompressed (see
/// tests/tools/make_document_templates.py), so every entry's bytes can be read back.
fn zip_entries(name: &str, zip: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let u16_at = |at: usize| u16::from_le_bytes([zip[at], zip[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(zip[at..at + 4].try_into().unwrap());
    let eocd = (0..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .unwrap_or_else(|| panic!("{name}: no end of central directory"));
    let count = u16_at(eocd + 10);
    let mut at = u32_at(eocd + 16) as usize;
    let mut entries = BTreeMap::new();
    for _ in 0..count {
        assert_eq!(
            zip[at..at + 4],
            [0x50, 0x4b, 0x01, 0x02],
            "{name}: central header"
        );
        let method = u16_at(at + 10);
        let crc = u32_at(at + 16);
        let size = u32_at(at + 20) as usize;
        let name_len = u16_at(at + 28);
        let extra_len = u16_at(at + 30);
        let comment_len = u16_at(at + 32);
        let local = u32_at(at + 42) as usize;
        let entry = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
        assert_eq!(method, 0, "{name}: {entry} is stored");
        assert_eq!(
            zip[local..local + 4],
            [0x50, 0x4b, 0x03, 0x04],
            "{name}: local header"
        );
        let data = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let bytes = zip[data..data + size].to_vec();
        assert_eq!(crc32(&bytes), crc, "{name}: CRC of {entry}");
        entries.insert(entry, bytes);
        at += 46 + name_len + extra_len + comment_len;
    }
    entries
}

#[test]
fn templates_page_offers_each_file_with_format_size_and_note() {
    let html = main_of(page("orders/obraztsy/index.html"));
    assert!(html.contains("<h1>Образцы документов для образовательных организаций</h1>"));
    let items: Vec<&str> = html.split("<li class=\"doc-template\">").skip(1).collect();
    assert_eq!(items.len(), 4, "{html}");
    let mut titles = Vec::new();
    for item in items {
        let title = text_of(between(item, "<h2>", "</h2>"));
        let href = attr_values(item, "href")
            .into_iter()
            .find(|h| h.ends_with(".docx"))
            .unwrap_or_else(|| panic!("no file for {title}"));
        let file = target_of(href).unwrap();
        let bytes = &example()[&file];
        let size = nastavnik::ru::filesize::human_size(bytes.len() as u64);
        let meta = format!("(DOCX, {size})");
        assert!(
            text_of(item).contains(&meta),
            "{title}: «{meta}» missing in {item}"
        );
        assert!(
            item.contains("class=\"doc-template-note\""),
            "{title} has no note"
        );
        // A Word document LibreOffice opens: the package parts and their types.
        let parts = zip_entries(&file, bytes);
        for part in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/styles.xml",
            "word/_rels/document.xml.rels",
        ] {
            assert!(parts.contains_key(part), "{file} lacks {part}");
        }
        let types = String::from_utf8(parts["[Content_Types].xml"].clone()).unwrap();
        assert!(types.contains("wordprocessingml.document.main+xml"));
        let rels = String::from_utf8(parts["_rels/.rels"].clone()).unwrap();
        assert!(rels.contains("Target=\"word/document.xml\""), "{rels}");
        let doc = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
        check_xml(&file, &doc);
        assert!(doc.contains("<w:body>") && doc.contains("xml:space=\"preserve\""));
        titles.push((title, doc));
    }
    let doc_of = |word: &str| {
        &titles
            .iter()
            .find(|(t, _)| t.contains(word))
            .unwrap_or_else(|| panic!("no template «{word}»: {titles:?}"))
            .1
    };
    assert!(doc_of("Положение").contains("ПОЛОЖЕНИЕ"));
    assert!(
        doc_of("закреплении").contains("<w:tbl>"),
        "the pairs' table"
    );
    assert!(doc_of("Согласие").contains("152-ФЗ"));
    assert!(doc_of("Анкета").contains("Педагогический стаж"));
    // A template's own page says what it is and offers the file too.
    let own = text_of(main_of(page(
        "orders/obrazets-anketa-nastavnika/index.html",
    )));
    assert!(own.contains("Скачать образец (DOCX,"), "{own}");
    assert!(
        own.contains("Образцы документов для образовательных организаций"),
        "breadcrumb: {own}"
    );
}

#[test]
fn a_replacement_is_shown_on_both_documents() {
    let site = TestSite::new();
    site.write(
        "content/orders/prikaz-700.md",
        "---\ntitle: О новом положении\nkind: приказ\nnumber: \"700\"\ndate: 2023-09-01\nreplaces: prikaz-633\n---\nТекст.\n",
    )
    .write(
        "content/orders/polozhenie-2020.md",
        "---\ntitle: Прежнее положение\nkind: положение\ndate: 2020-09-01\nreplaced_by: prikaz-633\n---\nТекст.\n",
    );
    let (out, diagnostics) = site.build_lib();
    let out = in_memory(&out.unwrap_or_else(|| panic!("{diagnostics:#?}")));
    let text = |path: &str| text_of(main_of(std::str::from_utf8(&out[path]).unwrap()));
    // 633 is replaced by 700 (stated on 700) and replaces the old regulation (stated there).
    let p633 = text("orders/prikaz-633/index.html");
    assert!(p633.contains("Документ утратил силу."), "{p633}");
    assert!(p633.contains(&nb("Приказ от 01.09.2023 №~700")), "{p633}");
    assert!(p633.contains("Заменяет Положение от 01.09.2020"), "{p633}");
    let p700 = text("orders/prikaz-700/index.html");
    assert!(
        p700.contains(&nb("Заменяет Документ от 26.12.2022 №~633")),
        "{p700}"
    );
    assert!(!p700.contains("утратил силу"), "{p700}");
    let old = text("orders/polozhenie-2020/index.html");
    assert!(old.contains("Документ утратил силу."), "{old}");
    // The cards say so in every list, though neither file says `status`.
    let list = std::str::from_utf8(&out["orders/index.html"]).unwrap();
    let card = |slug: &str| {
        let at = list.find(&format!("orders/{slug}/\"")).expect("a card");
        let start = list[..at].rfind("<li").expect("its item");
        &list[start..at + list[at..].find("</li>").expect("its end")]
    };
    for void in ["prikaz-633", "polozhenie-2020"] {
        assert!(card(void).contains("badge-void"), "{void}: {}", card(void));
    }
    assert!(!card("prikaz-700").contains("badge-void"));
}

/// Choosing a kind hides the other documents and the groups left empty, and puts the choice in
/// the address; opening an address with a level and a year applies them again.
#[test]
fn browser_documents_filter_lives_in_the_url() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let html = page("orders/index.html");
    let dom = |query: &str, after: &str| common::dump_dom(browser, html, query, after);
    let section = |dom: &str, key: &str| {
        let at = dom.find(&format!("id=\"level-{key}\"")).expect("group");
        let start = dom[..at].rfind('<').unwrap();
        dom[start..at + dom[at..].find('>').unwrap()].to_string()
    };
    let choose = "var f=document.querySelector('[data-doc-filters]');\
         f.elements.kind.value='rasporyazhenie';f.dispatchEvent(new Event('change'));\
         document.body.setAttribute('data-test-search',location.search);";
    let d = dom("", choose);
    assert!(
        d.contains("data-test-search=\"?kind=rasporyazhenie\""),
        "{d}"
    );
    assert!(d.contains("показано 2 из 10"), "{d}");
    assert!(!section(&d, "federal").contains("hidden"), "{d}");
    assert!(section(&d, "regional").contains("hidden"), "{d}");
    assert!(section(&d, "municipal").contains("hidden"), "{d}");
    let d = dom("?level=regional&year=2022", "");
    assert!(d.contains("показано 3 из 10"), "{d}");
    assert!(section(&d, "federal").contains("hidden"));
    assert!(!section(&d, "regional").contains("hidden"));
    // Without a choice nothing is hidden and the form is shown.
    let d = dom("", "");
    assert!(!section(&d, "federal").contains("hidden"));
    assert!(
        !between(&d, "<form class=\"doc-filters\"", ">").contains("hidden"),
        "{d}"
    );
}
