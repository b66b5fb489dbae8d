//! The calendar: iCalendar and JSON feeds of the events, and the page that explains how to
//! subscribe to them. Rendering calls [`outputs`] once and adds what it returns to the site.

pub mod feeds;
pub mod ical;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::model::{PageId, Site};
use crate::content::taxonomy::term_slug;
use crate::diagnostic::Diagnostic;
use crate::urls::{self, Urls};

/// The site path of the page with the subscription guide.
pub const SUBSCRIBE_PATH: &str = "calendar/subscribe/";

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
pub fn feed_link(u: &Urls, title: &str, site_path: &str) -> FeedLink {
    let https = u.abs(site_path);
    let webcal = match https.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => https.clone(),
    };
    FeedLink {
        title: title.to_owned(),
        https,
        webcal,
    }
}

/// Every calendar file of the site: the feeds (`calendar.ics`, one per series, one per
/// organization, one per event), `calendar/events.json`, and the subscription page rendered
/// with `calendar_subscribe.html` from `base` (the context every page gets).
///
/// # Errors
/// A feed the iCalendar writer refuses (which content checks should make impossible) or a
/// template error, as diagnostics naming the file.
pub fn outputs(
    site: &Site,
    u: &Urls,
    tera: &Tera,
    base: &Context,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let mut add = |site_path: String, cal: ical::Calendar| match cal.to_ics() {
        Ok(text) => out.push((urls::output_file(&site_path), text.into_bytes())),
        Err(e) => diags.push(
            Diagnostic::error(
                "calendar",
                &site_path,
                format!("не удалось записать календарь {site_path}: {e}"),
            )
            .with_hint("проверьте даты мероприятия, названного в сообщении"),
        ),
    };

    add(
        feeds::ALL_PATH.to_owned(),
        feeds::calendar(
            site,
            u,
            site.config.title.clone(),
            format!("Мероприятия раздела «{}»", site.config.title),
            Some(u.abs(SUBSCRIBE_PATH)),
            &site.events,
        ),
    );
    for (name, ids) in series(site) {
        add(
            feeds::series_path(name),
            feeds::calendar(
                site,
                u,
                format!("{name} — {}", site.config.title),
                format!("Мероприятия цикла «{name}»"),
                Some(u.abs(&urls::term("series", &term_slug(name)))),
                &ids,
            ),
        );
    }
    for org in &site.organizations {
        let ids: Vec<PageId> = site
            .events
            .iter()
            .copied()
            .filter(|&id| {
                site.page(id)
                    .as_event()
                    .is_some_and(|e| e.organizations.contains(&org.id))
            })
            .collect();
        add(
            feeds::organization_path(&org.id),
            feeds::calendar(
                site,
                u,
                format!("{} — {}", org.short, site.config.title),
                format!("Мероприятия с участием: {}", org.name),
                Some(u.abs(&org.path)),
                &ids,
            ),
        );
    }
    for &id in &site.events {
        let page = site.page(id);
        add(
            feeds::event_path(page),
            feeds::calendar(
                site,
                u,
                page.title.clone(),
                String::new(),
                Some(u.abs(&page.path)),
                &[id],
            ),
        );
    }
    out.push((urls::output_file(feeds::JSON_PATH), feeds::json(site, u)));

    match subscribe_page(site, u, tera, base) {
        Ok(page) => out.push(page),
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
