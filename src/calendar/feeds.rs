//! The site's events as iCalendar feeds and as a JSON feed.
//!
//! Every feed that carries an event describes it identically (same UID, DTSTAMP, SEQUENCE), so
//! a school subscribed to both the whole calendar and a series sees one event, not two, and
//! every value comes from the content: two builds of the same content give the same bytes.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::calendar::ical;
use crate::content::model::{Event, EventStatus, Page, PageId, Site};
use crate::content::taxonomy::term_slug;
use crate::urls::{self, Urls};
use crate::when::{DatePoint, Precision, When};

/// The UID of an event: its slug at the site's host (`2022-10-10-sobranie@example.org`).
///
/// The slug is the event's URL, which the project already promises never to change, so it
/// is stable across builds, title fixes and moves to another date; the host keeps it unique
/// among the calendars a teacher subscribes to. A sub-path in `base_url` is included so two
/// sites on one host (`/metod/nastavnichestvo/` and `/metod/other/`) do not collide.
pub fn uid(site: &Site, page: &Page) -> String {
    uid_for(site, &page.slug)
}

/// The UID of a calendar item named `slug` (an event's slug, or a contest's date).
pub fn uid_for(site: &Site, slug: &str) -> String {
    let after_scheme = site
        .config
        .base_url
        .split_once("://")
        .map_or(site.config.base_url.as_str(), |(_, rest)| rest);
    let (host, path) = after_scheme.split_once('/').unwrap_or((after_scheme, ""));
    let path = path.trim_matches('/');
    if path.is_empty() {
        format!("{slug}@{host}")
    } else {
        format!("{slug}.{}@{host}", path.replace('/', "."))
    }
}

/// `SEQUENCE`, derived from the content since a static build keeps no state. It must never
/// go down along the way an event really changes: planned (0) → postponed without a new date
/// yet (1) → cancelled (2); each earlier date in `moved_from` adds 3, more than any status can,
/// so a move always raises it, whatever the status before and after. Going from «перенесено»
/// back to «запланировано» once the new date is set keeps the number (the date already raised
/// it); `updated` then moves `DTSTAMP` forward, which clients compare next.
pub fn sequence(e: &Event) -> u32 {
    let moves = u32::try_from(e.moved_from.len()).unwrap_or(u32::MAX);
    let status = match e.status {
        // A past event that the editor marks «состоялось» did not change for subscribers.
        EventStatus::Planned | EventStatus::Held => 0,
        EventStatus::Postponed if moves == 0 => 1,
        EventStatus::Postponed => 0,
        EventStatus::Cancelled => 2,
    };
    moves.saturating_mul(3).saturating_add(status)
}

/// The moment a date point stands for in the site's zone: midnight of a day, month or
/// quarter's first day, or the given time.
fn instant(point: &DatePoint, tz: &TimeZone) -> Option<Timestamp> {
    let dt = match point {
        DatePoint::DateTime(dt) => *dt,
        other => other.first_day().to_datetime(jiff::civil::Time::midnight()),
    };
    tz.to_ambiguous_timestamp(dt).compatible().ok()
}

/// `DTSTAMP` and `LAST-MODIFIED`: the editor's `updated` when given. Without it, DTSTAMP is
/// the start of the event's first day (it changes exactly when the date does) and
/// LAST-MODIFIED is left out rather than invented; the build clock is never read.
fn stamps(e: &Event, tz: &TimeZone) -> (Timestamp, Option<Timestamp>) {
    let updated = e.updated.as_ref().and_then(|p| instant(p, tz));
    let fallback = instant(&e.when.start, tz).unwrap_or(Timestamp::UNIX_EPOCH);
    (updated.unwrap_or(fallback), updated)
}

/// The `VEVENT` timing: days, months and quarters as whole days with an exclusive end, times
/// as local times in the site's zone.
pub(super) fn timing(when: &When) -> ical::Timing {
    match (when.start, when.end) {
        (DatePoint::DateTime(start), end) => ical::Timing::Timed {
            start,
            end: end.and_then(|p| match p {
                DatePoint::DateTime(dt) => Some(dt),
                _ => None,
            }),
        },
        _ => ical::Timing::AllDay {
            start: when.first_day(),
            end: when.last_day().tomorrow().ok(),
        },
    }
}

fn status(s: EventStatus) -> ical::Status {
    match s {
        EventStatus::Planned | EventStatus::Held => ical::Status::Confirmed,
        // The new date may not be known yet: clients show a tentative event as provisional.
        EventStatus::Postponed => ical::Status::Tentative,
        EventStatus::Cancelled => ical::Status::Cancelled,
    }
}

/// The event's description in the feed: what a teacher needs without opening the page.
fn description(site: &Site, page: &Page, e: &Event) -> String {
    let mut parts = Vec::new();
    match e.status {
        EventStatus::Cancelled => parts.push("Мероприятие отменено.".to_owned()),
        EventStatus::Postponed => parts.push("Мероприятие перенесено.".to_owned()),
        EventStatus::Held => parts.push("Мероприятие состоялось.".to_owned()),
        EventStatus::Planned => {}
    }
    parts.push(format!(
        "Когда: {}",
        crate::when::format_event_when(&e.when, e.repeat.as_ref())
    ));
    if let Some(summary) = &page.summary {
        parts.push(summary.clone());
    }
    if let Some(format) = &e.format {
        parts.push(format!("Формат: {format}."));
    }
    let orgs: Vec<&str> = e
        .organizations
        .iter()
        .map(|id| {
            site.organization(id)
                .map_or(id.as_str(), |o| o.short.as_str())
        })
        .collect();
    if !orgs.is_empty() {
        parts.push(format!("Организации: {}.", orgs.join(", ")));
    }
    if !e.responsible.is_empty() {
        parts.push(format!("Ответственные: {}.", e.responsible.join("; ")));
    }
    if let Some(online) = &e.online {
        parts.push(format!("Трансляция: {online}"));
    }
    if let Some(registration) = &e.registration
        && e.status != EventStatus::Cancelled
    {
        parts.push(format!("Регистрация: {registration}"));
    }
    parts.join("\n\n")
}

/// One event as a `VEVENT`.
pub fn ical_event(site: &Site, u: &Urls, page: &Page, e: &Event) -> ical::Event {
    let tz = site.config.tz();
    let (dtstamp, last_modified) = stamps(e, &tz);
    ical::Event {
        uid: uid(site, page),
        dtstamp,
        last_modified,
        sequence: sequence(e),
        timing: timing(&e.when),
        summary: page.title.clone(),
        description: Some(description(site, page, e)),
        location: e.location.clone().or_else(|| e.online.clone()),
        url: Some(u.abs(&page.path)),
        status: Some(status(e.status)),
        categories: e.format.iter().chain(&e.series).cloned().collect(),
        organizer: None,
        recurrence: e.repeat.as_ref().map(|r| ical::YearlyRule {
            until: r.last_start(),
            exdates: r.except_days(),
        }),
    }
}

/// A feed of the given events under a name.
pub fn calendar(
    site: &Site,
    u: &Urls,
    name: String,
    description: String,
    page_url: Option<String>,
    ids: &[PageId],
) -> ical::Calendar {
    let events = ids
        .iter()
        .filter_map(|&id| {
            let page = site.page(id);
            page.as_event().map(|e| ical_event(site, u, page, e))
        })
        .collect();
    ical::Calendar {
        name,
        description,
        timezone: site.config.tz(),
        prodid: format!("-//{}//nastavnik//RU", site.config.title),
        url: page_url,
        events,
    }
}

/// The site path of a series feed.
pub fn series_path(series: &str) -> String {
    format!("calendar/series/{}.ics", term_slug(series))
}

/// The site path of an organization's feed.
pub fn organization_path(id: &str) -> String {
    format!("{}calendar.ics", urls::organization(id))
}

/// The site path of one event's file.
pub fn event_path(page: &Page) -> String {
    format!("{}event.ics", page.path)
}

pub const ALL_PATH: &str = "calendar.ics";
pub const JSON_PATH: &str = "calendar/events.json";

/// One event in `/calendar/events.json`; see `docs/deploy.md` for the format.
#[derive(Serialize)]
struct JsonEvent {
    id: String,
    title: String,
    start: String,
    end: Option<String>,
    all_day: bool,
    precision: &'static str,
    when_text: String,
    status: &'static str,
    status_text: &'static str,
    url: String,
    ics: String,
    organizations: Vec<JsonOrg>,
    series: Option<JsonSeries>,
    repeat: Option<JsonRepeat>,
}

#[derive(Serialize)]
struct JsonOrg {
    id: String,
    name: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct JsonSeries {
    slug: String,
    name: String,
    ics: String,
}

#[derive(Serialize)]
struct JsonRepeat {
    freq: &'static str,
    until: Option<String>,
    except: Vec<String>,
}

#[derive(Serialize)]
struct JsonFeed {
    version: u32,
    title: String,
    timezone: String,
    home_page_url: String,
    events: Vec<JsonEvent>,
}

/// A local time with the zone's offset on that day (`2022-10-10T15:00:00+03:00`), so a
/// consumer needs no tz database; the civil form if the time cannot be placed.
pub(crate) fn zoned(dt: DateTime, tz: &TimeZone) -> String {
    match tz.to_ambiguous_timestamp(dt).compatible() {
        Ok(ts) => {
            // The offset in force at that instant; a skipped local time is moved forward.
            let offset = tz.to_offset(ts);
            let local = offset.to_datetime(ts);
            let secs = offset.seconds();
            let sign = if secs < 0 { '-' } else { '+' };
            let secs = secs.unsigned_abs();
            format!(
                "{}{sign}{:02}:{:02}",
                local.strftime("%Y-%m-%dT%H:%M:%S"),
                secs / 3600,
                secs % 3600 / 60
            )
        }
        Err(_) => dt.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::DateTime => "datetime",
        Precision::Month => "month",
        Precision::Quarter => "quarter",
    }
}

fn status_name(s: EventStatus) -> &'static str {
    match s {
        EventStatus::Planned => "planned",
        EventStatus::Postponed => "postponed",
        EventStatus::Cancelled => "cancelled",
        EventStatus::Held => "held",
    }
}

fn day(d: Date) -> String {
    d.to_string()
}

/// One event of `/calendar/events.json` (every event, earliest first) as it stands in the file,
/// indented for its place in the list ([`json_from`] puts the file together): made once per event, so that the dev server
/// remakes the file from the last one's events and the edited event's.
pub fn json_event(site: &Site, u: &Urls, tz: &TimeZone, page: &Page) -> Option<Vec<u8>> {
    let e = page.as_event()?;
    let (start, end) = match (e.when.start, e.when.end) {
        (DatePoint::DateTime(s), end) => (
            zoned(s, tz),
            end.and_then(|p| match p {
                DatePoint::DateTime(dt) => Some(zoned(dt, tz)),
                _ => None,
            }),
        ),
        _ => (day(e.when.first_day()), Some(day(e.when.last_day()))),
    };
    let event = JsonEvent {
        id: uid(site, page),
        title: page.title.clone(),
        start,
        end,
        all_day: e.when.is_all_day(),
        precision: precision_name(e.when.start.precision()),
        when_text: crate::when::format_event_when(&e.when, e.repeat.as_ref()),
        // The state on the build's date: a past planned event has taken place.
        status: status_name(e.state(site.today)),
        status_text: e.state(site.today).label(),
        url: u.abs(&page.path),
        ics: u.abs(&event_path(page)),
        organizations: e
            .organizations
            .iter()
            .map(|id| {
                let org = site.organization(id);
                JsonOrg {
                    id: id.clone(),
                    name: org.map_or_else(|| id.clone(), |o| o.name.clone()),
                    url: org.map(|o| u.abs(&o.path)),
                }
            })
            .collect(),
        series: e.series.as_ref().map(|s| JsonSeries {
            slug: term_slug(s),
            name: s.clone(),
            ics: u.abs(&series_path(s)),
        }),
        repeat: e.repeat.as_ref().map(|r| JsonRepeat {
            freq: "yearly",
            until: r.last_start().map(day),
            except: r.except_days().into_iter().map(day).collect(),
        }),
    };
    Some(pretty_list_item(&event))
}

/// `events.json` from its events, as [`json_event`] made them, in order.
pub fn json_from(site: &Site, u: &Urls, events: &[impl AsRef<[u8]>]) -> Vec<u8> {
    let feed = JsonFeed {
        version: 1,
        title: site.config.title.clone(),
        timezone: site.config.timezone.clone(),
        home_page_url: u.abs(""),
        events: Vec::new(),
    };
    let mut bytes = serde_json::to_vec_pretty(&feed).unwrap_or_default();
    splice_pretty_list(&mut bytes, events);
    bytes.push(b'\n');
    bytes
}

/// A value as `serde_json::to_vec_pretty` writes it as an item of a list that is the value of
/// a top-level object's field: every line indented by two levels.
fn pretty_list_item(value: &impl Serialize) -> Vec<u8> {
    let text = serde_json::to_vec_pretty(value).unwrap_or_default();
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    out.extend_from_slice(b"    ");
    // A newline in serde_json's output is always its own: one in a string is escaped.
    for &b in &text {
        out.push(b);
        if b == b'\n' {
            out.extend_from_slice(b"    ");
        }
    }
    out
}

/// Puts `items` ([`pretty_list_item`]s) into `json`, a pretty-printed object whose last field
/// is an empty list, as `serde_json::to_vec_pretty` would have written them there.
fn splice_pretty_list(json: &mut Vec<u8>, items: &[impl AsRef<[u8]>]) {
    const EMPTY_END: &[u8] = b"[]\n}";
    if items.is_empty() || !json.ends_with(EMPTY_END) {
        return;
    }
    json.truncate(json.len() - EMPTY_END.len());
    json.extend_from_slice(b"[\n");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            json.extend_from_slice(b",\n");
        }
        json.extend_from_slice(item.as_ref());
    }
    json.extend_from_slice(b"\n  ]\n}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list spliced from items is what serde_json writes for the whole object: nested
    /// objects, empty and full lists, a string with a newline, an empty object's list.
    #[test]
    fn a_spliced_list_is_serde_jsons_pretty_output() {
        #[derive(Serialize, Clone)]
        struct Item {
            name: String,
            tags: Vec<String>,
            none: Vec<u8>,
            inner: Option<Box<Item>>,
        }
        #[derive(Serialize)]
        struct Whole {
            version: u32,
            items: Vec<Item>,
        }
        let leaf = Item {
            name: "строка\nс \"кавычками\" и </script>".into(),
            tags: vec!["a".into(), "b".into()],
            none: vec![],
            inner: None,
        };
        let nested = Item {
            name: "x".into(),
            tags: vec![],
            none: vec![],
            inner: Some(Box::new(leaf.clone())),
        };
        for items in [vec![], vec![leaf.clone()], vec![leaf, nested]] {
            let whole = serde_json::to_vec_pretty(&Whole {
                version: 1,
                items: items.clone(),
            })
            .unwrap();
            let mut spliced = serde_json::to_vec_pretty(&Whole {
                version: 1,
                items: vec![],
            })
            .unwrap();
            let parts: Vec<Vec<u8>> = items.iter().map(pretty_list_item).collect();
            splice_pretty_list(&mut spliced, &parts);
            assert_eq!(
                String::from_utf8(spliced).unwrap(),
                String::from_utf8(whole).unwrap()
            );
        }
    }
    use crate::when::When;

    fn event(status: EventStatus, moves: usize) -> Event {
        let day = DatePoint::parse("2022-11-14").unwrap();
        Event {
            when: When::new(day, None).unwrap(),
            format: None,
            series: None,
            organizations: vec![],
            responsible: vec![],
            location: None,
            online: None,
            registration: None,
            audience: None,
            status,
            practices: vec![],
            repeat: None,
            moved_from: vec![day; moves],
            updated: None,
            measure: None,
            outcome: Default::default(),
        }
    }

    #[test]
    fn sequence_never_falls_along_real_changes() {
        use EventStatus::*;
        // Each path an editor takes: postponing, setting the new date, cancelling.
        let paths = [
            vec![(Planned, 0), (Postponed, 0), (Planned, 1), (Cancelled, 1)],
            vec![(Planned, 0), (Postponed, 0), (Postponed, 1), (Planned, 1)],
            vec![(Planned, 0), (Cancelled, 0), (Planned, 1)],
            vec![(Planned, 0), (Planned, 1), (Postponed, 1), (Planned, 2)],
        ];
        for path in paths {
            let seqs: Vec<u32> = path.iter().map(|&(s, m)| sequence(&event(s, m))).collect();
            assert!(seqs.windows(2).all(|w| w[0] <= w[1]), "{path:?}: {seqs:?}");
            // Any change of date raises it strictly.
            for w in path.windows(2) {
                if w[0].1 != w[1].1 {
                    assert!(sequence(&event(w[0].0, w[0].1)) < sequence(&event(w[1].0, w[1].1)));
                }
            }
        }
        assert_eq!(sequence(&event(Planned, 0)), 0);
        assert_eq!(sequence(&event(Cancelled, 0)), 2);
    }

    #[test]
    fn zoned_times_carry_the_historical_offset() {
        let tz = TimeZone::get("Europe/Moscow").unwrap();
        let dt = |s: &str| s.parse::<DateTime>().unwrap();
        assert_eq!(
            zoned(dt("2013-10-10T15:00"), &tz),
            "2013-10-10T15:00:00+04:00"
        );
        assert_eq!(
            zoned(dt("2022-10-10T15:00"), &tz),
            "2022-10-10T15:00:00+03:00"
        );
    }
}
