//! The calendar: iCalendar and JSON feeds of the events, and the page that explains how to
//! subscribe to them. Rendering calls [`outputs`] once and adds what it returns to the site.

pub mod contests;
pub mod event_page;
pub mod feeds;
pub mod ical;
pub mod views;

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::model::{PageId, Site};
use crate::content::taxonomy::term_slug;
use crate::diagnostic::Diagnostic;
use crate::fingerprint::{self, Fingerprint};
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
    // Each name is looked at once. Backwards, so that of two spellings with one slug the
    // later event's is kept, as it always was.
    let mut seen_series = std::collections::HashSet::new();
    let mut seen_orgs = std::collections::HashSet::new();
    for &id in site.events.iter().rev() {
        let Some(e) = site.page(id).as_event() else {
            continue;
        };
        if let Some(name) = &e.series
            && seen_series.insert(name.as_str())
        {
            series
                .entry(term_slug(name))
                .or_insert_with(|| crate::ru::typography::typograph(name));
        }
        for org in &e.organizations {
            if seen_orgs.insert(org.as_str())
                && let Some(o) = site.organization(org)
            {
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
    outputs_reusing(site, u, tera, base, None, sink)
}

/// A file made or kept: its output path, the fingerprint of its inputs (when reusing), and
/// what `sink` or `kept` gave for it.
type Made<T> = (PathBuf, Option<u64>, T);

/// What the dev server keeps of the last calendar it made, so that the next one (after an
/// event's edit) writes only the files whose inputs changed: the feeds and month pages that
/// carry the event, not the thousands of others.
#[derive(Default)]
pub struct Reuse {
    /// Output path → fingerprint of the inputs its bytes in the last output were made from.
    files: HashMap<PathBuf, u64>,
    /// Event page path → fingerprint of its inputs and its written `VEVENT`.
    events: HashMap<String, (u64, ical::WrittenEvent)>,
    /// Event page path → fingerprint of its inputs and its part of `events.json`.
    json: HashMap<String, (u64, Vec<u8>)>,
}

/// The last calendar, for [`outputs_reusing`].
pub struct Previous<'a, T> {
    /// Fingerprints of the last calendar's files; replaced by this one's when it is made.
    pub reuse: &'a mut Reuse,
    /// A fingerprint of everything the calendar reads besides the pages: the settings, the
    /// organizations, the build's date, the base URL, what the base context holds.
    pub seed: u64,
    /// The last output's file at an output path, as `sink` would have given it.
    pub kept: &'a (dyn Fn(&Path) -> Option<T> + Sync),
}

/// [`outputs`], reusing from `previous` every file whose inputs are the same as when it was
/// made: the same bytes, since every calendar file is a function of the inputs fingerprinted.
/// The events are fingerprinted by their page (`fingerprint`, `card_fingerprint`, path and
/// slug, which a `VEVENT` is made of besides `seed`), the month, year and embed pages by their
/// whole context besides the base context.
///
/// # Errors
/// As [`outputs`]; then `previous.reuse` is left empty, so the next call makes everything.
pub fn outputs_reusing<T: Send>(
    site: &Site,
    u: &Urls,
    tera: &Tera,
    base: &Context,
    mut previous: Option<Previous<'_, T>>,
    sink: &(dyn Fn(PathBuf, Vec<u8>) -> T + Sync),
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut watch = crate::timings::Stopwatch::new();
    let seed = previous.as_ref().map_or(0, |p| p.seed);
    let kept = previous.as_ref().map(|p| p.kept);
    let mut old = previous
        .as_mut()
        .map(|p| std::mem::take(p.reuse))
        .unwrap_or_default();
    // The fingerprint of each event's inputs, by page (only when there is something to reuse).
    let event_fp: Vec<u64> = if kept.is_some() {
        site.pages
            .iter()
            .map(|p| fingerprint::of(&(seed, p.fingerprint, p.card_fingerprint, &p.path, &p.slug)))
            .collect()
    } else {
        Vec::new()
    };
    // A file made before from the same inputs, if the last output still has it.
    let reused = |path: &Path, fp: Option<u64>| -> Option<T> {
        let kept = kept?;
        (old.files.get(path) == Some(&fp?))
            .then(|| kept(path))
            .flatten()
    };
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
            if let Some((fp, written)) = old.events.get(&page.path)
                && event_fp.get(id) == Some(fp)
            {
                return Some((id, written.clone()));
            }
            Some((id, feeds::ical_event(site, u, page, e).write(&tz)))
        })
        .collect();
    for (id, written) in written_events {
        events[id] = Some(written);
    }
    watch.lap("  calendar: events written or reused");
    // Each feed goes to `sink` as soon as it is written (a build writes it to disk and frees
    // it): held to the end, the feeds of a large calendar were tens of megabytes.
    let written: Vec<Result<Made<T>, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let path = urls::output_file(&job.site_path);
            let fp = kept.is_some().then(|| {
                let mut f = Fingerprint::new();
                f.add(&seed)
                    .add(&job.site_path)
                    .add(&job.name)
                    .add(&job.description)
                    .add(&job.url);
                for &id in &job.events {
                    f.add(&event_fp[id]);
                }
                for d in &job.contest_dates {
                    f.add(&format!("{d:?}")).add(&event_fp[d.contest]);
                }
                f.finish()
            });
            if let Some(t) = reused(&path, fp) {
                return Ok((path, fp, t));
            }
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
                Ok(text) => Ok((path.clone(), fp, sink(path, text.into_bytes()))),
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
    let mut files = HashMap::default();
    for w in written {
        match w {
            Ok((path, fp, file)) => {
                files.extend(fp.map(|fp| (path, fp)));
                out.push(file);
            }
            Err(d) => diags.push(d),
        }
    }
    watch.lap("  calendar: feeds");
    // The feeds are written: their descriptions go, and so do the written events unless a dev
    // server keeps them for its next call (at 10,000/5,000 they were held through the views,
    // beside the pages being rendered, at the build's peak).
    drop(jobs);
    if previous.is_none() {
        events = Vec::new();
    }
    // The JSON feed reads every event, the organizations and the build's date (in `seed`).
    let json_path = urls::output_file(feeds::JSON_PATH);
    let json_fp = kept.is_some().then(|| {
        let mut f = Fingerprint::new();
        f.add(&seed).add(feeds::JSON_PATH);
        for &id in &site.events {
            f.add(&event_fp[id]);
        }
        f.finish()
    });
    // Each event's part is made again only if its inputs changed (in a full build, all are).
    let old_json = std::mem::take(&mut old.json);
    let json_events = match reused(&json_path, json_fp) {
        Some(t) => {
            out.push(t);
            old_json
        }
        None => {
            let parts: Vec<(PageId, Vec<u8>)> = site
                .events
                .par_iter()
                .filter_map(|&id| {
                    let page = site.page(id);
                    let part = match old_json.get(&page.path) {
                        Some((fp, part)) if event_fp.get(id) == Some(fp) => part.clone(),
                        _ => feeds::json_event(site, u, &tz, page)?,
                    };
                    Some((id, part))
                })
                .collect();
            let bytes =
                feeds::json_from(site, u, &parts.iter().map(|(_, p)| p).collect::<Vec<_>>());
            out.push(sink(json_path.clone(), bytes));
            // Kept only for the next call of a dev server.
            parts
                .into_iter()
                .filter_map(|(id, part)| {
                    Some((site.page(id).path.clone(), (*event_fp.get(id)?, part)))
                })
                .collect()
        }
    };
    files.extend(json_fp.map(|fp| (json_path, fp)));

    let mut subscribe = subscribe_context(site, u, kept.is_some());
    let subscribe_path = urls::output_file(SUBSCRIBE_PATH);
    let subscribe_fp = subscribe.finish(seed);
    match reused(&subscribe_path, subscribe_fp) {
        Some(t) => out.push(t),
        None => {
            let mut ctx = base.clone();
            ctx.extend(subscribe.ctx);
            match render_page(tera, subscribe.template, &ctx, SUBSCRIBE_PATH) {
                Ok((path, bytes)) => out.push(sink(path, bytes)),
                Err(d) => diags.push(d),
            }
        }
    }
    files.extend(subscribe_fp.map(|fp| (subscribe_path, fp)));
    watch.lap("  calendar: json, subscribe page");
    let keep_views = |path: &Path, fp: u64| reused(path, Some(fp));
    let keep = kept.map(|_| KeepViews {
        seed,
        page_fp: &event_fp,
        kept: &keep_views,
    });
    let views = view_pages(site, u, keep.as_ref());
    watch.lap("  calendar: view contexts");
    let made: Vec<Result<Made<T>, Diagnostic>> = views
        .into_par_iter()
        .map(|view| {
            let mut page = match view {
                View::Kept(path, fp, t) => return Ok((path, Some(fp), t)),
                View::Render(page) => page,
            };
            let path = urls::output_file(&page.site_path);
            let fp = page.finish(seed);
            if let Some(t) = reused(&path, fp) {
                return Ok((path, fp, t));
            }
            let mut ctx = base.clone();
            ctx.extend(page.ctx);
            let (path, bytes) = render_page(tera, page.template, &ctx, &page.site_path)?;
            Ok((path.clone(), fp, sink(path, bytes)))
        })
        .collect();
    // As before: the first page that fails stands for them all.
    match made.into_iter().collect::<Result<Vec<_>, _>>() {
        Ok(made) => {
            for (path, fp, file) in made {
                files.extend(fp.map(|fp| (path, fp)));
                out.push(file);
            }
        }
        Err(d) => diags.push(d),
    }
    watch.lap("  calendar: view pages");
    if !diags.is_empty() {
        return Err(diags);
    }
    if let Some(p) = previous {
        let mut written = HashMap::default();
        for &id in &site.events {
            if let Some(w) = events[id].take() {
                written.insert(site.page(id).path.clone(), (event_fp[id], w));
            }
        }
        *p.reuse = Reuse {
            files,
            events: written,
            json: json_events,
        };
    }
    Ok(out)
}

/// A calendar page to render: its template and what its context adds to the base context,
/// with a fingerprint when the dev server will compare it with the last one (the template and
/// the base context are the same for a whole calendar, and `seed` stands for the base context).
struct ViewPage {
    site_path: String,
    template: &'static str,
    ctx: Context,
    fp: PageFingerprint,
}

/// How a calendar page is fingerprinted.
enum PageFingerprint {
    /// Not at all: a full build compares nothing.
    None,
    /// By its whole context, hashed as it is filled: for the few pages whose context is cheap
    /// to make.
    Context(Fingerprint),
    /// By what its context is made from, known before it is made: for the month, year and
    /// index pages, of which only those whose inputs changed are made again.
    Inputs(u64),
}

impl ViewPage {
    /// A page fingerprinted by its context when `fingerprinted`.
    fn new(site_path: &str, template: &'static str, fingerprinted: bool) -> Self {
        let fp = if fingerprinted {
            let mut fp = Fingerprint::new();
            fp.add(site_path).add(template);
            PageFingerprint::Context(fp)
        } else {
            PageFingerprint::None
        };
        ViewPage {
            site_path: site_path.to_owned(),
            template,
            ctx: Context::new(),
            fp,
        }
    }

    /// A page fingerprinted by its inputs (`None` in a full build).
    fn from_inputs(site_path: &str, template: &'static str, inputs: Option<u64>) -> Self {
        let mut page = ViewPage::new(site_path, template, false);
        page.fp = inputs.map_or(PageFingerprint::None, PageFingerprint::Inputs);
        page
    }

    fn insert<V: Serialize + ?Sized>(&mut self, key: &'static str, value: &V) {
        if let PageFingerprint::Context(fp) = &mut self.fp {
            fp.add(key);
            // Serialised straight into the hash: a context can be tens of kilobytes.
            let _ = serde_json::to_writer(HashingWriter(fp), value);
        }
        self.ctx.insert(key, value);
    }

    /// The fingerprint its file is kept under, with `seed`.
    fn finish(&mut self, seed: u64) -> Option<u64> {
        match &mut self.fp {
            PageFingerprint::None => None,
            PageFingerprint::Context(fp) => Some(fp.add(&seed).finish()),
            PageFingerprint::Inputs(inputs) => Some(sealed(*inputs, seed)),
        }
    }
}

/// A page's fingerprint of inputs, with the calendar's seed.
fn sealed(inputs: u64, seed: u64) -> u64 {
    fingerprint::of(&(inputs, seed))
}

/// A calendar page: to render, or kept from the last output since its inputs are the same.
enum View<T> {
    Render(ViewPage),
    Kept(PathBuf, u64, T),
}

/// What [`view_pages`] needs to keep pages of the last calendar: the seed, every page's
/// fingerprint by id (an event's or contest's), and the last output's file at an output path
/// if it was made from the fingerprint given.
struct KeepViews<'a, T> {
    seed: u64,
    page_fp: &'a [u64],
    kept: &'a (dyn Fn(&Path, u64) -> Option<T> + Sync),
}

/// Feeds what is written to a fingerprint.
struct HashingWriter<'a>(&'a mut Fingerprint);

impl std::io::Write for HashingWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.add(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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

/// What every calendar page adds to the base context: its title, description, canonical
/// address and breadcrumbs.
fn page_context(page: &mut ViewPage, u: &Urls, title: &str, description: &str, site_path: &str) {
    page.insert("page_title", title);
    page.insert("page_description", description);
    page.insert("canonical_abs", &u.abs(site_path));
    page.insert("section", "events");
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
    page.insert("breadcrumbs", &crumbs);
    page.insert("calendar_url", &u.path(views::CALENDAR_PATH));
    page.insert("subscribe_url", &u.path(SUBSCRIBE_PATH));
    page.insert(
        "all_feed",
        &feed_link(u, "Все мероприятия", feeds::ALL_PATH),
    );
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

/// Month pages, year pages, the embed page and `/calendar/`: to render, or kept when `keep`
/// has them from the same inputs.
///
/// A month page is fingerprinted by its inputs (its occurrences' pages, spans and titles, its
/// deadlines, its neighbours and the years), a year page by its months', `/calendar/` by its
/// month's and the busy months. Only the pages whose fingerprint changed are made, and the
/// months a made year page lists: an event's move remakes two months and their years, not
/// the sixty months of a large calendar.
fn view_pages<T: Send>(site: &Site, u: &Urls, keep: Option<&KeepViews<'_, T>>) -> Vec<View<T>> {
    #[derive(Serialize)]
    struct YearMonth {
        title: String,
        url: String,
        count: usize,
        items: Vec<views::Item>,
    }
    let months = views::months(site, u);
    let busy = &months.busy;
    let month_urls: BTreeMap<String, String> = busy
        .iter()
        .map(|&(y, m)| (format!("{y:04}-{m:02}"), u.path(&views::month_path(y, m))))
        .collect();
    let year_numbers: std::collections::BTreeSet<i16> = busy.iter().map(|&(y, _)| y).collect();
    let years: Vec<views::Link> = year_numbers
        .iter()
        .map(|&y| views::Link {
            title: y.to_string(),
            url: u.path(&views::year_path(y)),
        })
        .collect();
    let (default_year, default_month) = months.default;
    let inputs_of = |key: views::MonthKey| months.inputs(key);
    // The fingerprint of a month's inputs (without the seed).
    let month_fp = |year: i16, month: i8, page_fp: &[u64]| {
        let mut fp = Fingerprint::new();
        fp.add(&(year, month))
            .add(&views::neighbours(busy, year, month))
            .add(&year_numbers);
        inputs_of((year, month)).fingerprint(&mut fp, page_fp);
        fp.finish()
    };
    let month_fps: BTreeMap<(i16, i8), u64> = match keep {
        Some(k) => busy
            .iter()
            .map(|&(y, m)| ((y, m), month_fp(y, m, k.page_fp)))
            .collect(),
        None => BTreeMap::new(),
    };
    let year_fp = |year: i16| {
        let mut fp = Fingerprint::new();
        fp.add("year").add(&year).add(&year_numbers);
        for (_, f) in month_fps.range((year, i8::MIN)..=(year, i8::MAX)) {
            fp.add(f);
        }
        fp.finish()
    };
    let index_fp = keep.map(|k| {
        let month = month_fps
            .get(&(default_year, default_month))
            .copied()
            .unwrap_or_else(|| month_fp(default_year, default_month, k.page_fp));
        fingerprint::of(&("index", month, busy))
    });
    // The last output's file for a page, if it was made from the same inputs.
    let kept = |site_path: &str, inputs: Option<u64>| -> Option<(PathBuf, u64, T)> {
        let k = keep?;
        let path = urls::output_file(site_path);
        let fp = sealed(inputs?, k.seed);
        (k.kept)(&path, fp).map(|t| (path, fp, t))
    };
    let mut kept_years = BTreeMap::new();
    for &y in &year_numbers {
        if let Some(t) = kept(&views::year_path(y), keep.map(|_| year_fp(y))) {
            kept_years.insert(y, t);
        }
    }
    let years_kept: std::collections::BTreeSet<i16> = kept_years.keys().copied().collect();
    let kept_index = kept(views::CALENDAR_PATH, index_fp);
    let mut out = Vec::new();
    // Each month page on its own, in parallel: each is a grid of six weeks.
    let month_pages: Vec<(View<T>, i16, Option<YearMonth>)> = busy
        .par_iter()
        .map(|&(year, month)| {
            let site_path = views::month_path(year, month);
            let fp = month_fps.get(&(year, month)).copied();
            let kept_page = kept(&site_path, fp);
            let kept_page = match kept_page {
                Some((path, fp, t)) if years_kept.contains(&year) => {
                    return (View::Kept(path, fp, t), year, None);
                }
                other => other,
            };
            let m = views::month(site, u, year, month, busy, inputs_of((year, month)));
            let mut items: Vec<views::Item> = m.whole_month.clone();
            for day in &m.busy_days {
                for it in &day.items {
                    if !items.iter().any(|x| x.url == it.url) {
                        items.push(it.clone());
                    }
                }
            }
            let year_month = YearMonth {
                title: m.title.clone(),
                url: m.url.clone(),
                count: m.count,
                items,
            };
            if let Some((path, fp, t)) = kept_page {
                return (View::Kept(path, fp, t), year, Some(year_month));
            }
            // «Календарь: ноябрь 2022»: after a colon the month is a common noun again.
            let mut chars = m.title.chars();
            let month_lower: String = chars
                .next()
                .into_iter()
                .flat_map(char::to_lowercase)
                .chain(chars)
                .collect();
            let title = format!("Календарь: {month_lower}");
            let mut page = ViewPage::from_inputs(&site_path, "calendar_month.html", fp);
            page_context(
                &mut page,
                u,
                &title,
                &format!(
                    "Мероприятия раздела в {} {year} г.",
                    crate::ru::dates::month_prepositional(month).unwrap_or("")
                ),
                &site_path,
            );
            page.insert("month", &m);
            page.insert("years", &years);
            page.insert("is_index", &false);
            (View::Render(page), year, Some(year_month))
        })
        .collect();
    let mut by_year: BTreeMap<i16, Vec<YearMonth>> = BTreeMap::new();
    for (page, year, year_month) in month_pages {
        out.push(page);
        if let Some(year_month) = year_month {
            by_year.entry(year).or_default().push(year_month);
        }
    }
    for &year in &year_numbers {
        if let Some((path, fp, t)) = kept_years.remove(&year) {
            out.push(View::Kept(path, fp, t));
            continue;
        }
        let months = by_year.remove(&year).unwrap_or_default();
        let site_path = views::year_path(year);
        let mut page = ViewPage::from_inputs(
            &site_path,
            "calendar_year.html",
            keep.map(|_| year_fp(year)),
        );
        page_context(
            &mut page,
            u,
            &format!("Календарь: {year} год"),
            &format!("Мероприятия раздела в {year} году по месяцам."),
            &site_path,
        );
        page.insert("year", &year);
        page.insert("months", &months);
        page.insert("years", &years);
        out.push(View::Render(page));
    }
    let mut page = ViewPage::new(EMBED_PATH, "calendar_embed.html", keep.is_some());
    page.insert("items", &views::upcoming(site, u));
    page.insert("calendar_abs", &u.abs(views::CALENDAR_PATH));
    // The codes `?series=` and `?org=` accept, so a mistyped one is answered with the list.
    let (series_codes, org_codes) = embed_codes(site);
    page.insert("series_codes", &series_codes);
    page.insert("org_codes", &org_codes);
    out.push(View::Render(page));
    if let Some((path, fp, t)) = kept_index {
        out.push(View::Kept(path, fp, t));
        return out;
    }
    let m = views::month(
        site,
        u,
        default_year,
        default_month,
        busy,
        inputs_of((default_year, default_month)),
    );
    let mut page = ViewPage::from_inputs(views::CALENDAR_PATH, "calendar_month.html", index_fp);
    page_context(
        &mut page,
        u,
        "Календарь мероприятий",
        "Мероприятия раздела по месяцам; подписка на календарь.",
        views::CALENDAR_PATH,
    );
    page.insert("month", &m);
    page.insert("years", &years);
    page.insert("is_index", &true);
    page.insert(
        "month_urls_json",
        &serde_json::to_string(&month_urls)
            .unwrap_or_default()
            .replace('<', "\\u003c"),
    );
    out.push(View::Render(page));
    out
}

/// What the subscription page adds to the base context (fingerprinted when `fingerprinted`).
fn subscribe_context(site: &Site, u: &Urls, fingerprinted: bool) -> ViewPage {
    #[derive(Serialize)]
    struct Crumb {
        title: &'static str,
        url: String,
    }
    let mut page = ViewPage::new(SUBSCRIBE_PATH, "calendar_subscribe.html", fingerprinted);
    page.insert("page_title", "Подписка на календарь мероприятий");
    page.insert(
        "page_description",
        "Как добавить мероприятия раздела в Яндекс Календарь, Google Календарь, Apple Календарь, Outlook и Thunderbird.",
    );
    page.insert("canonical_abs", &u.abs(SUBSCRIBE_PATH));
    page.insert("section", "events");
    page.insert(
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
    page.insert(
        "all_feed",
        &feed_link(u, "Все мероприятия", feeds::ALL_PATH),
    );
    let series: Vec<FeedLink> = series(site)
        .keys()
        .map(|name| feed_link(u, name, &feeds::series_path(name)))
        .collect();
    page.insert("series_feeds", &series);
    let with_events: std::collections::HashSet<&str> = site
        .events
        .iter()
        .filter_map(|&id| site.page(id).as_event())
        .flat_map(|e| e.organizations.iter().map(String::as_str))
        .collect();
    let orgs: Vec<FeedLink> = site
        .organizations
        .iter()
        .filter(|o| with_events.contains(o.id.as_str()))
        .map(|o| feed_link(u, &o.short, &feeds::organization_path(&o.id)))
        .collect();
    page.insert("organization_feeds", &orgs);
    page.insert("json_url", &u.abs(feeds::JSON_PATH));
    page.insert("embed_abs", &u.abs(EMBED_PATH));
    page.insert("embed", &embed_code(u, None));
    let first_series = site
        .events
        .iter()
        .find_map(|&id| site.page(id).as_event().and_then(|e| e.series.as_deref()))
        .map(term_slug);
    page.insert("embed_series_example", &first_series);
    page
}
