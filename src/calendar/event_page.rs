//! What an event page needs from the calendar: the «Добавить в Google Календарь» link and the
//! schema.org `Event` JSON-LD that search engines show as an event card.

use serde_json::{Value, json};

use crate::content::model::{Event, EventStatus, Page, Site};
use crate::urls::Urls;
use crate::when::DatePoint;

/// Percent-encodes a query value (everything but the RFC 3986 unreserved characters).
fn query_value(s: &str) -> String {
    crate::urls::percent_encode(s, b"-._~")
}

/// A Google Calendar «create event» link, prefilled. Timed events are given in the site's zone
/// (`ctz`), so the visitor's own zone never shifts them; all-day ones with an exclusive end,
/// as in the feeds. A repeating event gets its `RRULE` too. `None` for a cancelled event:
/// nobody should add it.
pub fn google_calendar_url(site: &Site, u: &Urls, page: &Page, e: &Event) -> Option<String> {
    if e.status == EventStatus::Cancelled {
        return None;
    }
    let compact_day = |d: jiff::civil::Date| d.strftime("%Y%m%d").to_string();
    let compact_dt = |dt: jiff::civil::DateTime| dt.strftime("%Y%m%dT%H%M%S").to_string();
    let dates = match (e.when.start, e.when.end) {
        (DatePoint::DateTime(start), end) => {
            let end = match end {
                Some(DatePoint::DateTime(end)) => end,
                // An event without an end is shown as an hour long, Google's default.
                _ => start
                    .checked_add(jiff::SignedDuration::from_hours(1))
                    .ok()?,
            };
            format!("{}/{}", compact_dt(start), compact_dt(end))
        }
        _ => format!(
            "{}/{}",
            compact_day(e.when.first_day()),
            compact_day(e.when.last_day().tomorrow().ok()?)
        ),
    };
    let mut details = String::new();
    if let Some(summary) = &page.summary {
        details.push_str(summary);
        details.push_str("\n\n");
    }
    details.push_str(&u.abs(&page.path));
    let mut url = format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}&details={}&ctz={}",
        query_value(&page.title),
        dates,
        query_value(&details),
        query_value(&site.config.timezone)
    );
    if let Some(place) = e.location.as_ref().or(e.online.as_ref()) {
        url.push_str(&format!("&location={}", query_value(place)));
    }
    if let Some(rule) = &e.repeat {
        let mut rrule = "RRULE:FREQ=YEARLY".to_owned();
        if let Some(last) = rule.last_start() {
            rrule.push_str(&format!(";UNTIL={}", compact_day(last)));
        }
        url.push_str(&format!("&recur={}", query_value(&rrule)));
    }
    Some(url)
}

/// The ISO form schema.org takes: a day, or a local time with the zone's offset.
fn schema_date(point: &DatePoint, tz: &jiff::tz::TimeZone) -> String {
    match point {
        DatePoint::DateTime(dt) => super::feeds::zoned(*dt, tz),
        other => other.first_day().to_string(),
    }
}

/// schema.org `Event` as JSON, safe to put inside `<script type="application/ld+json">`:
/// `<` is written `\u003c`, so no title can close the script element (`</script>`) or open
/// a comment.
pub fn json_ld(site: &Site, u: &Urls, page: &Page, e: &Event) -> String {
    let tz = site.config.tz();
    let status = match e.status {
        EventStatus::Cancelled => "https://schema.org/EventCancelled",
        EventStatus::Postponed => "https://schema.org/EventPostponed",
        EventStatus::Planned if !e.moved_from.is_empty() => "https://schema.org/EventRescheduled",
        EventStatus::Planned | EventStatus::Held => "https://schema.org/EventScheduled",
    };
    let mode = match (&e.location, &e.online) {
        (Some(_), Some(_)) => "https://schema.org/MixedEventAttendanceMode",
        (None, Some(_)) => "https://schema.org/OnlineEventAttendanceMode",
        _ => "https://schema.org/OfflineEventAttendanceMode",
    };
    let mut locations = Vec::new();
    if let Some(place) = &e.location {
        locations.push(json!({"@type": "Place", "name": place, "address": place}));
    }
    if let Some(online) = &e.online {
        locations.push(json!({"@type": "VirtualLocation", "url": online}));
    }
    let mut organizers: Vec<Value> = e
        .organizations
        .iter()
        .filter_map(|id| site.organization(id))
        .map(|o| json!({"@type": "Organization", "name": o.name, "url": u.abs(&o.path)}))
        .collect();
    if organizers.is_empty() && !site.config.department.is_empty() {
        organizers.push(
            json!({"@type": "Organization", "name": site.config.department, "url": u.abs("")}),
        );
    }
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "startDate": schema_date(&e.when.start, &tz),
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "url": u.abs(&page.path),
    });
    let end = e.when.end.map(|end| match end {
        DatePoint::DateTime(_) => schema_date(&end, &tz),
        other => other.last_day().to_string(),
    });
    let fields = [
        ("endDate", end.map(Value::from)),
        ("description", page.summary.clone().map(Value::from)),
        (
            "location",
            match locations.len() {
                0 => None,
                1 => locations.pop(),
                _ => Some(Value::from(locations)),
            },
        ),
        (
            "organizer",
            (!organizers.is_empty()).then(|| Value::from(organizers)),
        ),
        (
            "previousStartDate",
            (!e.moved_from.is_empty()).then(|| {
                Value::from(
                    e.moved_from
                        .iter()
                        .map(|p| schema_date(p, &tz))
                        .collect::<Vec<_>>(),
                )
            }),
        ),
    ];
    if let Some(obj) = ld.as_object_mut() {
        for (key, value) in fields {
            if let Some(value) = value {
                obj.insert(key.to_owned(), value);
            }
        }
    }
    ld.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_fully_encoded() {
        assert_eq!(query_value("a b&c=д"), "a%20b%26c%3D%D0%B4");
    }
}
