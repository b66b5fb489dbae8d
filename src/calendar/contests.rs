//! The contests' dates in the calendar: the last day of applications and every stage with
//! dates of its own. A stage held as an event is that event, already in the calendar.
//!
//! They appear on the month pages beside the events and in the site's feed (`calendar.ics`)
//! and each contest's own feed (`contests/<slug>/contest.ics`), with UIDs derived from the
//! contest's slug and the stage's title, never from its position, so adding a stage does not
//! change the others for subscribers.

use jiff::Timestamp;

use crate::calendar::ical;
use crate::content::model::{Page, PageId, Site};
use crate::ru::translit::slugify;
use crate::urls::Urls;
use crate::when::{DatePoint, When};

/// One dated item of a contest.
#[derive(Debug, Clone)]
pub struct ContestDate {
    pub contest: PageId,
    /// Unique within the contest: `applications`, or the stage's slug.
    pub key: String,
    /// «Конкурс … — 2024: последний день приёма заявок».
    pub title: String,
    pub when: When,
}

/// Every contest's dates, in the order of the contests and then as written.
pub fn dates(site: &Site) -> Vec<ContestDate> {
    let mut out = Vec::new();
    for &id in &site.contests {
        let page = site.page(id);
        out.extend(dates_of(page, id));
    }
    out
}

/// One contest's dates.
pub fn dates_of(page: &Page, id: PageId) -> Vec<ContestDate> {
    let Some(c) = page.as_contest() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(a) = c.applications
        && let Ok(when) = When::new(DatePoint::Day(a.to), None)
    {
        out.push(ContestDate {
            contest: id,
            key: "applications".into(),
            title: format!("{}: последний день приёма заявок", page.title),
            when,
        });
    }
    for (i, stage) in c.stages.iter().enumerate() {
        let Some(when) = stage.when else { continue };
        let name = stage.title.as_deref().unwrap_or("этап");
        let mut key = slugify(name);
        if key.is_empty() || out.iter().any(|d| d.key == key) {
            key = format!("stage-{}", i + 1);
        }
        out.push(ContestDate {
            contest: id,
            key,
            title: format!("{}: {}", page.title, lowercase_first(name)),
            when,
        });
    }
    out
}

/// «Заочный этап» → «заочный этап», after a colon; an abbreviation («МО») keeps its case.
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(b)) if b.is_uppercase() => s.to_string(),
        (Some(a), _) => a.to_lowercase().chain(s.chars().skip(1)).collect(),
        _ => s.to_string(),
    }
}

/// A contest date as a `VEVENT`.
pub fn ical_event(site: &Site, u: &Urls, d: &ContestDate) -> ical::Event {
    let page = site.page(d.contest);
    let tz = site.config.tz();
    let start_dt = match d.when.start {
        DatePoint::DateTime(dt) => dt,
        other => other.first_day().to_datetime(jiff::civil::Time::midnight()),
    };
    // The date itself stands for the stamp: it changes exactly when the date does, and the
    // build clock is never read.
    let dtstamp = tz
        .to_ambiguous_timestamp(start_dt)
        .compatible()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let timing = super::feeds::timing(&d.when);
    let mut description = format!("Когда: {}", crate::when::format_when(&d.when));
    if let Some(summary) = &page.summary {
        description.push_str("\n\n");
        description.push_str(summary);
    }
    ical::Event {
        uid: super::feeds::uid_for(site, &format!("{}-{}", page.slug, d.key)),
        dtstamp,
        last_modified: None,
        sequence: 0,
        timing,
        summary: d.title.clone(),
        description: Some(description),
        location: None,
        url: Some(u.abs(&page.path)),
        status: Some(ical::Status::Confirmed),
        categories: vec!["конкурс".to_string()],
        organizer: None,
        recurrence: None,
    }
}

/// The site path of a contest's own feed.
pub fn feed_path(page: &Page) -> String {
    format!("{}contest.ics", page.path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_follow_a_colon_in_lower_case() {
        assert_eq!(lowercase_first("Заочный этап"), "заочный этап");
        assert_eq!(lowercase_first("МО учителей"), "МО учителей");
    }
}
