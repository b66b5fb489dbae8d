//! The calendar: iCalendar and JSON feeds of the events, and the page that explains how to
//! subscribe to them. Rendering calls [`outputs`] once and adds what it returns to the site.

pub mod contests;
pub mod event_page;
pub mod feeds;
pub mod ical;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::model::{PageId, Site};
use crate::content::taxonomy::term_slug;
use crate::diagnostic::Diagnostic;
use crate::urls::{self, Urls};

/// The site path of the page with the subscription guide.
pub const SUBSCRIBE_PATH: &str = "calendar/subscribe/";

/// The site path of the page schools put into an `<iframe>`.
pub const EMBED_PATH: &str = "calendar/embed/";

/// A feed offered to visitors: its name and its addresses for subscribing and downloading.
#[derive(Serialize, Clone, Debug)]
pub struct FeedLink {
    pub title: String,
    /// `https://…/calendar.ics`: for Google and for downloading.
    pub https: String,
    /// `webcal://…/calendar.ics`: opens the subscription dialog of Apple, Outlook, Thunderbird.
    pub webcal: String,
}

/// The links of a feed at a site path.
/// The code a school pastes to show the upcoming events (`filter`: `None`, or
/// `Some(("series", slug))` / `Some(("org", id))`), and the filter's code shown beside it.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedCode {
    /// The HTML to paste: the iframe, and a few lines of script that take the height the embed
    /// page reports (`postMessage`), so 14 events do not overflow and no events leave no blank
    /// box. Without the script (a CMS may strip it) the iframe keeps 400 px and scrolls.
    pub snippet: String,
    /// The series slug or organization id of the address, if any.
    pub code: Option<String>,
}

/// The parent page's half of the height protocol; the embed page posts
/// `{nastavnikEmbedHeight: px}` (calendar_embed.html). Only a message from the iframe's own
/// window is taken, and the height is held between 60 and 4000 px.
const EMBED_SCRIPT: &str = "<script>addEventListener(\"message\",function(e){var h=e.data&&e.data.nastavnikEmbedHeight;if(typeof h!==\"number\")return;document.querySelectorAll(\"iframe[data-nastavnik-embed]\").forEach(function(f){if(f.contentWindow===e.source)f.style.height=Math.min(Math.max(Math.ceil(h),60),4000)+\"px\"})})</script>";

pub fn embed_code(u: &Urls, filter: Option<(&str, &str)>) -> EmbedCode {
    let mut src = u.abs(EMBED_PATH);
    if let Some((key, code)) = filter {
        src.push_str(&format!("?{key}={code}"));
    }
    EmbedCode {
        snippet: format!(
            "<iframe src=\"{}\" title=\"Ближайшие мероприятия\" width=\"100%\" height=\"400\" style=\"border:0;display:block\" data-nastavnik-embed></iframe>\n{EMBED_SCRIPT}",
            crate::html::escape_html(&src)
        ),
        code: filter.map(|(_, code)| code.to_owned()),
    }
}

/// A code of the embed's address and what it names.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedFilter {
    pub code: String,
    pub name: String,
}

/// The series slugs and organization ids that have events, sorted by code.
fn embed_codes(site: &Site) -> (Vec<EmbedFilter>, Vec<EmbedFilter>) {
    let mut series = BTreeMap::new();
    let mut orgs = BTreeMap::new();
    for &id in &site.events {
        let Some(e) = site.page(id).as_event() else {
            continue;
        };
        if let Some(name) = &e.series {
            series.insert(term_slug(name), crate::ru::typography::typograph(name));
        }
        for org in &e.organizations {
            if let Some(o) = site.organizations.iter().find(|o| &o.id == org) {
                orgs.insert(o.id.clone(), crate::ru::typography::typograph(&o.short));
            }
        }
    }
    let list = |m: BTreeMap<String, String>| {
        m.into_iter()
            .map(|(code, name)| EmbedFilter { code, name })
            .collect()
    };
    (list(series), list(orgs))
}

pub fn feed_link(u: &Urls, title: &str, site_path: &str) -> FeedLink {
    let https = u.abs(site_path);
    let webcal = match https.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => https.clone(),
    };
    FeedLink {
        title: crate::ru::typography::typograph(title),
        https,
        webcal,
    }
}

/// Every calendar file of the site: the feeds (`calendar.ics`, one per series, one per
/// organization, one per event), `calendar/events.json`, and the subscription page rendered
/// with `calendar_subscribe.html` from `base` (the context every page gets). Each file is handed
/// to `sink` (output path, bytes) as soon as it is made; its results come back in file order.
///
/// # Errors
/// A feed the iCalendar writer refuses (which content checks should make impossible) or a
/// template error, as diagnostics naming the file.
pub fn outputs<T: Send>(
    site: &Site,
    u: &Urls,
    tera: &Tera,
    base: &Context,
    sink: &(dyn Fn(PathBuf, Vec<u8>) -> T + Sync),
) -> Result<Vec<T>, Vec<Diagnostic>> {
    // Every feed is described first (path, name, description, page, events), then written in
    // parallel: a site has a feed per event, and each carries its own VTIMEZONE.
    struct FeedJob {
        site_path: String,
        name: String,
        description: String,
        url: String,
        events: Vec<PageId>,
        /// Contest dates the feed carries besides its events.
        contest_dates: Vec<contests::ContestDate>,
    }
    let all_contest_dates = contests::dates(site);
    let mut jobs = vec![FeedJob {
        site_path: feeds::ALL_PATH.to_owned(),
        name: site.config.title.clone(),
        description: format!("Мероприятия раздела «{}»", site.config.title),
        url: u.abs(SUBSCRIBE_PATH),
        events: site.events.clone(),
        contest_dates: all_contest_dates.clone(),
    }];
    for &id in &site.contests {
        let page = site.page(id);
        jobs.push(FeedJob {
            site_path: contests::feed_path(page),
            name: page.title.clone(),
            description: String::new(),
            url: u.abs(&page.path),
            events: Vec::new(),
            contest_dates: all_contest_dates
                .iter()
                .filter(|d| d.contest == id)
                .cloned()
                .collect(),
        });
    }
    for (name, ids) in series(site) {
        jobs.push(FeedJob {
            site_path: feeds::series_path(name),
            name: format!("{name} — {}", site.config.title),
            description: format!("Мероприятия цикла «{name}»"),
            url: u.abs(&urls::term("series", &term_slug(name))),
            events: ids,
            contest_dates: Vec::new(),
        });
    }
    let mut by_org: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for &id in &site.events {
        for org in site.page(id).organizations() {
            let ids = by_org.entry(org.as_str()).or_default();
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
    }
    for org in &site.organizations {
        jobs.push(FeedJob {
            site_path: feeds::organization_path(&org.id),
            name: format!("{} — {}", org.short, site.config.title),
            description: format!("Мероприятия с участием: {}", org.name),
            url: u.abs(&org.path),
            events: by_org.get(org.id.as_str()).cloned().unwrap_or_default(),
            contest_dates: Vec::new(),
        });
    }
    for &id in &site.events {
        let page = site.page(id);
        jobs.push(FeedJob {
            site_path: feeds::event_path(page),
            name: page.title.clone(),
            description: String::new(),
            url: u.abs(&page.path),
            events: vec![id],
            contest_dates: Vec::new(),
        });
    }
    // Each event is written once and shared by the feeds that carry it (all, its series', its
    // organizations', its own), indexed by page.
    let tz = site.config.tz();
    let mut events: Vec<Option<ical::WrittenEvent>> = vec![None; site.pages.len()];
    let written_events: Vec<(PageId, ical::WrittenEvent)> = site
        .events
        .par_iter()
        .filter_map(|&id| {
            let page = site.page(id);
            let e = page.as_event()?;
            Some((id, feeds::ical_event(site, u, page, e).write(&tz)))
        })
        .collect();
    for (id, written) in written_events {
        events[id] = Some(written);
    }
    // Each feed goes to `sink` as soon as it is written (a build writes it to disk and frees
    // it): held to the end, the feeds of a large calendar were tens of megabytes.
    let written: Vec<Result<T, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let mut cal = feeds::calendar(
                site,
                u,
                job.name.clone(),
                job.description.clone(),
                Some(job.url.clone()),
                &[],
            );
            let shared: Vec<&ical::WrittenEvent> = job
                .events
                .iter()
                .filter_map(|&id| events[id].as_ref())
                .collect();
            cal.events.extend(
                job.contest_dates
                    .iter()
                    .map(|d| contests::ical_event(site, u, d)),
            );
            match cal.to_ics_after(&shared) {
                Ok(text) => Ok(sink(urls::output_file(&job.site_path), text.into_bytes())),
                Err(e) => Err(Diagnostic::error(
                    "calendar",
                    &job.site_path,
                    format!("не удалось записать календарь {}: {e}", job.site_path),
                )
                .with_hint("проверьте даты мероприятия, названного в сообщении")),
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for w in written {
        match w {
            Ok(file) => out.push(file),
            Err(d) => diags.push(d),
        }
    }
    out.push(sink(
        urls::output_file(feeds::JSON_PATH),
        feeds::json(site, u),
    ));

    match subscribe_page(site, u, tera, base) {
        Ok((path, bytes)) => out.push(sink(path, bytes)),
        Err(d) => diags.push(d),
    }
    match view_pages(site, u, tera, base) {
        Ok(pages) => out.extend(pages.into_iter().map(|(path, bytes)| sink(path, bytes))),
        Err(d) => diags.push(d),
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// The events of each series, by series name in order, events in list order.
fn series(site: &Site) -> BTreeMap<&str, Vec<PageId>> {
    let mut map: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for &id in &site.events {
        if let Some(s) = site.page(id).as_event().and_then(|e| e.series.as_deref()) {
            map.entry(s).or_default().push(id);
        }
    }
    map
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

/// The context every calendar page starts from: the site-wide values plus its title,
/// description, canonical address and breadcrumbs.
fn page_context(
    base: &Context,
    u: &Urls,
    title: &str,
    description: &str,
    site_path: &str,
) -> Context {
    let mut ctx = base.clone();
    ctx.insert("page_title", title);
    ctx.insert("page_description", description);
    ctx.insert("canonical_abs", &u.abs(site_path));
    ctx.insert("section", "events");
    let mut crumbs = vec![
        Crumb {
            title: "Главная".to_owned(),
            url: u.path(""),
        },
        Crumb {
            title: "Мероприятия".to_owned(),
            url: u.path(urls::EVENTS),
        },
    ];
    if site_path != views::CALENDAR_PATH {
        crumbs.push(Crumb {
            title: "Календарь".to_owned(),
            url: u.path(views::CALENDAR_PATH),
        });
    }
    ctx.insert("breadcrumbs", &crumbs);
    ctx.insert("calendar_url", &u.path(views::CALENDAR_PATH));
    ctx.insert("subscribe_url", &u.path(SUBSCRIBE_PATH));
    ctx.insert(
        "all_feed",
        &feed_link(u, "Все мероприятия", feeds::ALL_PATH),
    );
    ctx
}

fn render_page(
    tera: &Tera,
    template: &str,
    ctx: &Context,
    site_path: &str,
) -> Result<(PathBuf, Vec<u8>), Diagnostic> {
    let path = urls::output_file(site_path);
    let html = crate::html::render_template(tera, template, ctx, &path)?;
    Ok((path, html))
}

/// Month pages, year pages and `/calendar/`.
fn view_pages(
    site: &Site,
    u: &Urls,
    tera: &Tera,
    base: &Context,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Diagnostic> {
    #[derive(Serialize)]
    struct YearMonth {
        title: String,
        url: String,
        count: usize,
        items: Vec<views::Item>,
    }
    let busy = views::busy_months(site);
    let month_urls: BTreeMap<String, String> = busy
        .iter()
        .map(|&(y, m)| (format!("{y:04}-{m:02}"), u.path(&views::month_path(y, m))))
        .collect();
    let years: Vec<views::Link> = busy
        .iter()
        .map(|&(y, _)| y)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|y| views::Link {
            title: y.to_string(),
            url: u.path(&views::year_path(y)),
        })
        .collect();
    let mut out = Vec::new();
    let mut by_year: BTreeMap<i16, Vec<YearMonth>> = BTreeMap::new();
    for &(year, month) in &busy {
        let m = views::month(site, u, year, month, &busy);
        let site_path = views::month_path(year, month);
        // «Календарь: ноябрь 2022»: after a colon the month is a common noun again.
        let mut chars = m.title.chars();
        let month_lower: String = chars
            .next()
            .into_iter()
            .flat_map(char::to_lowercase)
            .chain(chars)
            .collect();
        let title = format!("Календарь: {month_lower}");
        let mut ctx = page_context(
            base,
            u,
            &title,
            &format!(
                "Мероприятия раздела в {} {year} г.",
                crate::ru::dates::month_prepositional(month).unwrap_or("")
            ),
            &site_path,
        );
        ctx.insert("month", &m);
        ctx.insert("years", &years);
        ctx.insert("is_index", &false);
        out.push(render_page(tera, "calendar_month.html", &ctx, &site_path)?);
        let mut items: Vec<views::Item> = m.whole_month.clone();
        for day in &m.busy_days {
            for it in &day.items {
                if !items.iter().any(|x| x.url == it.url) {
                    items.push(it.clone());
                }
            }
        }
        by_year.entry(year).or_default().push(YearMonth {
            title: m.title.clone(),
            url: m.url.clone(),
            count: m.count,
            items,
        });
    }
    for (year, months) in &by_year {
        let site_path = views::year_path(*year);
        let mut ctx = page_context(
            base,
            u,
            &format!("Календарь: {year} год"),
            &format!("Мероприятия раздела в {year} году по месяцам."),
            &site_path,
        );
        ctx.insert("year", year);
        ctx.insert("months", months);
        ctx.insert("years", &years);
        out.push(render_page(tera, "calendar_year.html", &ctx, &site_path)?);
    }
    let mut ctx = base.clone();
    ctx.insert("items", &views::upcoming(site, u));
    ctx.insert("calendar_abs", &u.abs(views::CALENDAR_PATH));
    // The codes `?series=` and `?org=` accept, so a mistyped one is answered with the list.
    let (series_codes, org_codes) = embed_codes(site);
    ctx.insert("series_codes", &series_codes);
    ctx.insert("org_codes", &org_codes);
    out.push(render_page(tera, "calendar_embed.html", &ctx, EMBED_PATH)?);
    let (year, month) = views::default_month(site, &busy);
    let m = views::month(site, u, year, month, &busy);
    let mut ctx = page_context(
        base,
        u,
        "Календарь мероприятий",
        "Мероприятия раздела по месяцам; подписка на календарь.",
        views::CALENDAR_PATH,
    );
    ctx.insert("month", &m);
    ctx.insert("years", &years);
    ctx.insert("is_index", &true);
    ctx.insert(
        "month_urls_json",
        &serde_json::to_string(&month_urls)
            .unwrap_or_default()
            .replace('<', "\\u003c"),
    );
    out.push(render_page(
        tera,
        "calendar_month.html",
        &ctx,
        views::CALENDAR_PATH,
    )?);
    Ok(out)
}

fn subscribe_page(
    site: &Site,
    u: &Urls,
    tera: &Tera,
    base: &Context,
) -> Result<(PathBuf, Vec<u8>), Diagnostic> {
    #[derive(Serialize)]
    struct Crumb {
        title: &'static str,
        url: String,
    }
    let mut ctx = base.clone();
    ctx.insert("page_title", "Подписка на календарь мероприятий");
    ctx.insert(
        "page_description",
        "Как добавить мероприятия раздела в Яндекс Календарь, Google Календарь, Apple Календарь, Outlook и Thunderbird.",
    );
    ctx.insert("canonical_abs", &u.abs(SUBSCRIBE_PATH));
    ctx.insert("section", "events");
    ctx.insert(
        "breadcrumbs",
        &[
            Crumb {
                title: "Главная",
                url: u.path(""),
            },
            Crumb {
                title: "Мероприятия",
                url: u.path(urls::EVENTS),
            },
        ],
    );
    ctx.insert(
        "all_feed",
        &feed_link(u, "Все мероприятия", feeds::ALL_PATH),
    );
    let series: Vec<FeedLink> = series(site)
        .keys()
        .map(|name| feed_link(u, name, &feeds::series_path(name)))
        .collect();
    ctx.insert("series_feeds", &series);
    let orgs: Vec<FeedLink> = site
        .organizations
        .iter()
        .filter(|o| {
            site.events.iter().any(|&id| {
                site.page(id)
                    .as_event()
                    .is_some_and(|e| e.organizations.contains(&o.id))
            })
        })
        .map(|o| feed_link(u, &o.short, &feeds::organization_path(&o.id)))
        .collect();
    ctx.insert("organization_feeds", &orgs);
    ctx.insert("json_url", &u.abs(feeds::JSON_PATH));
    ctx.insert("embed_abs", &u.abs(EMBED_PATH));
    ctx.insert("embed", &embed_code(u, None));
    let first_series = site
        .events
        .iter()
        .find_map(|&id| site.page(id).as_event().and_then(|e| e.series.as_deref()))
        .map(term_slug);
    ctx.insert("embed_series_example", &first_series);
    let template = "calendar_subscribe.html";
    let path = urls::output_file(SUBSCRIBE_PATH);
    let html = tera.render(template, &ctx).map_err(|e| {
        Diagnostic::error(
            "template",
            format!("templates/{template}"),
            format!("ошибка при заполнении шаблона {template}: {e}"),
        )
        .with_hint("проверьте шаблон: если он из темы по умолчанию, сообщите разработчикам")
    })?;
    Ok((path, html.into_bytes()))
}
