//! The calendar pages: a month grid per month that has events (`/calendar/YYYY/MM/`), a yearly
//! archive (`/calendar/YYYY/`) and `/calendar/` itself, which shows the build's month without
//! JavaScript and the visitor's current month with it.
//!
//! The pages get ready data (weeks of days with their events, Russian names), so the template
//! only lays it out.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::content::model::{EventStatus, PageId, Site};
use crate::fingerprint::Fingerprint;
use crate::ru;
use crate::urls::Urls;
use crate::when::{DatePoint, When};

/// The site path of a month page.
pub fn month_path(year: i16, month: i8) -> String {
    format!("calendar/{year:04}/{month:02}/")
}

/// The site path of a year page.
pub fn year_path(year: i16) -> String {
    format!("calendar/{year:04}/")
}

pub const CALENDAR_PATH: &str = "calendar/";

/// One event as a calendar shows it on a day or in a month.
#[derive(Serialize, Clone, Debug)]
pub struct Item {
    pub title: String,
    pub url: String,
    /// «15:00–17:00», or empty for an all-day event.
    pub time_text: String,
    pub when_text: String,
    pub status: &'static str,
    pub status_class: &'static str,
}

/// A roadmap measure due on a day: shown as a deadline, not as an event.
#[derive(Serialize, Clone, Debug, Hash)]
pub struct DeadlineItem {
    /// «2.1».
    pub number: String,
    pub title: String,
    /// The measure's anchor on its roadmap's page.
    pub url: String,
    pub roadmap_title: String,
    /// The deadline as written («февраль – март 2023»).
    pub when_text: String,
    /// `overdue`, `done`, … on the build's date (the roadmap page's keys).
    pub state_key: &'static str,
    pub state_label: &'static str,
}

#[derive(Serialize, Clone, Debug)]
pub struct Day {
    pub day: i8,
    pub iso: String,
    /// «понедельник, 10 октября 2022 г.», for screen readers and the narrow-screen list.
    pub label: String,
    pub in_month: bool,
    pub weekend: bool,
    pub items: Vec<Item>,
    /// Roadmap measures due by the end of this day (their span's last day).
    pub deadlines: Vec<DeadlineItem>,
}

#[derive(Serialize, Clone, Debug)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone, Debug)]
pub struct Month {
    pub year: i16,
    pub month: i8,
    pub iso: String,
    /// «Октябрь 2022».
    pub title: String,
    pub url: String,
    pub weeks: Vec<Vec<Day>>,
    /// Month- and quarter-precision events covering this month: «в течение месяца».
    pub whole_month: Vec<Item>,
    /// Days of this month that have events, for the list on narrow screens.
    pub busy_days: Vec<Day>,
    pub count: usize,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub year_url: String,
    /// Some day has a roadmap deadline (the deadline styles are only added then).
    pub has_deadlines: bool,
}

/// One occurrence of an event: the page and the span of this occurrence. A contest's date
/// (applications' last day, a stage) is one too, with its own title.
#[derive(Clone)]
struct Occurrence {
    id: PageId,
    when: When,
    title: Option<String>,
}

/// Every roadmap measure whose due span ends within `from..=to`, as (last day, item), in
/// order of day and then roadmap and measure.
fn deadlines(site: &Site, u: &Urls, from: Date, to: Date) -> Vec<(Date, DeadlineItem)> {
    let mut out = Vec::new();
    for &id in &site.roadmaps {
        let page = site.page(id);
        let Some(r) = page.as_roadmap() else { continue };
        let url = u.path(&page.path);
        let roadmap_title = crate::html::text_to_html(&page.title);
        for m in &r.measures {
            let due = m.due(r.period);
            if !due.iter().any(|w| (from..=to).contains(&w.last_day())) {
                continue;
            }
            let measure_state = m.state(r.period, site.today);
            let title = crate::html::text_to_html(&m.title);
            let url = format!("{url}#{}", m.anchor());
            for w in due {
                let day = w.last_day();
                if day < from || day > to {
                    continue;
                }
                let state = match measure_state {
                    // A yearly measure may be overdue for one year and done for this one.
                    crate::content::model::MeasureState::Overdue
                        if !m.status.for_year(day.year()).is_open() || day >= site.today =>
                    {
                        crate::content::model::MeasureState::Status(m.status.for_year(day.year()))
                    }
                    s => s,
                };
                out.push((
                    day,
                    DeadlineItem {
                        number: m.number.clone(),
                        title: title.clone(),
                        url: url.clone(),
                        roadmap_title: roadmap_title.clone(),
                        when_text: crate::when::format_when(&w),
                        state_key: state.key(),
                        state_label: state.label(),
                    },
                ));
            }
        }
    }
    out.sort_by_key(|(day, _)| *day);
    out
}

/// Every occurrence of every event that shares a day with `from..=to`.
fn occurrences(site: &Site, from: Date, to: Date) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for &id in &site.events {
        let Some(e) = site.page(id).as_event() else {
            continue;
        };
        match &e.repeat {
            Some(rule) => {
                out.extend(
                    rule.occurrences(&e.when, from, to)
                        .into_iter()
                        .map(|when| Occurrence {
                            id,
                            when,
                            title: None,
                        }),
                )
            }
            None if e.when.overlaps(from, to) => out.push(Occurrence {
                id,
                when: e.when,
                title: None,
            }),
            None => {}
        }
    }
    for d in super::contests::dates(site) {
        if d.when.overlaps(from, to) {
            out.push(Occurrence {
                id: d.contest,
                when: d.when,
                title: Some(d.title),
            });
        }
    }
    out.sort_by_key(|o| o.when.sort_key());
    out
}

fn item(site: &Site, u: &Urls, o: &Occurrence) -> Item {
    let page = site.page(o.id);
    let status = page.as_event().map_or(EventStatus::Planned, |e| e.status);
    let time_text = match (o.when.start, o.when.end) {
        (DatePoint::DateTime(a), Some(DatePoint::DateTime(b))) if a.date() == b.date() => format!(
            "{}–{}",
            ru::dates::format_time(a.time()),
            ru::dates::format_time(b.time())
        ),
        (DatePoint::DateTime(a), _) => ru::dates::format_time(a.time()),
        _ => String::new(),
    };
    Item {
        title: crate::html::text_to_html(o.title.as_deref().unwrap_or(&page.title)),
        url: u.path(&page.path),
        time_text,
        when_text: crate::when::format_when(&o.when),
        status: status.label(),
        status_class: status.css_class(),
    }
}

fn is_whole_period(w: &When) -> bool {
    matches!(w.start, DatePoint::Month { .. } | DatePoint::Quarter { .. })
}

fn first_of(year: i16, month: i8) -> Date {
    Date::new(year, month, 1).unwrap_or(Date::MIN)
}

/// The months (year, month) that have a page: at least one event (`events`, the months of
/// [`event_months`]), roadmap deadline (`due`) or contest date, in order.
fn busy_months(
    site: &Site,
    events: &BTreeSet<MonthKey>,
    due: &[(Date, DeadlineItem)],
) -> BTreeSet<MonthKey> {
    let mut months = events.clone();
    // Months with a roadmap deadline have a page too: the deadline is shown there.
    for (day, _) in due {
        months.insert((day.year(), day.month()));
    }
    // So do the months of contests' dates.
    for d in super::contests::dates(site) {
        let mut m = first_of(d.when.first_day().year(), d.when.first_day().month());
        while m <= d.when.last_day() {
            months.insert((m.year(), m.month()));
            match m.checked_add(jiff::Span::new().months(1)) {
                Ok(next) => m = next,
                Err(_) => break,
            }
        }
    }
    months
}

/// The months (year, month) that have at least one event, in order.
fn event_months(site: &Site) -> BTreeSet<MonthKey> {
    let mut months = BTreeSet::new();
    // Repetitions without `until` are shown up to the year after the build.
    let horizon = Date::new(site.today.year().saturating_add(1), 12, 31).unwrap_or(Date::MAX);
    let start = site
        .events
        .iter()
        .filter_map(|&id| site.page(id).as_event())
        .map(|e| e.when.first_day())
        .min();
    let Some(start) = start else {
        return months;
    };
    for o in occurrences(site, start, horizon) {
        let mut d = first_of(o.when.first_day().year(), o.when.first_day().month());
        while d <= o.when.last_day() {
            months.insert((d.year(), d.month()));
            match d.checked_add(jiff::Span::new().months(1)) {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
    }
    months
}

/// What one month's page is made of besides the calendar's links: the occurrences that share a
/// day with the month and the roadmap deadlines that fall in it, in the order the page lists
/// them.
#[derive(Default)]
pub struct MonthInputs {
    occ: Vec<Occurrence>,
    due: Vec<(Date, DeadlineItem)>,
}

/// A month with no occurrences and no deadlines.
pub static NO_INPUTS: MonthInputs = MonthInputs {
    occ: Vec::new(),
    due: Vec::new(),
};

impl MonthInputs {
    /// The inputs of one month, looked up on their own.
    pub fn of(site: &Site, u: &Urls, year: i16, month: i8) -> Self {
        let first = first_of(year, month);
        let last = first.last_of_month();
        MonthInputs {
            occ: occurrences(site, first, last),
            due: deadlines(site, u, first, last),
        }
    }

    /// Adds to `fp` what the month's items are made of: each occurrence's page (by `page_fp`,
    /// the fingerprint of a page by its id), span and title, and the deadlines.
    pub fn fingerprint(&self, fp: &mut Fingerprint, page_fp: &[u64]) {
        for o in &self.occ {
            fp.add(&page_fp[o.id]).add(&o.when).add(&o.title);
        }
        fp.add(&self.due);
    }
}

/// The months of a calendar, and what each month's page is made of.
pub struct Months {
    /// The months that have a page, in order.
    pub busy: BTreeSet<MonthKey>,
    /// The month `/calendar/` shows (see [`default_month`]).
    pub default: MonthKey,
    /// The inputs of each busy month and of the default month.
    inputs: BTreeMap<MonthKey, MonthInputs>,
}

impl Months {
    /// The inputs of a busy month or the default month (none for another).
    pub fn inputs(&self, key: MonthKey) -> &MonthInputs {
        self.inputs.get(&key).unwrap_or(&NO_INPUTS)
    }
}

/// The calendar's months, with the inputs of each gathered in one pass over the events,
/// contests and roadmaps and shared out by month: looked up month by month, each of a large
/// calendar's sixty months scanned every event and every roadmap. A month gets the same
/// occurrences in the same order as [`MonthInputs::of`] finds them, since their order is a
/// stable sort and a month takes a subsequence; and the same deadlines, sorted by day alike.
pub fn months(site: &Site, u: &Urls) -> Months {
    let due = deadlines(site, u, Date::MIN, Date::MAX);
    let events = event_months(site);
    let busy = busy_months(site, &events, &due);
    let default = default_month(site, &busy, &events);
    let mut inputs: BTreeMap<MonthKey, MonthInputs> = busy
        .iter()
        .map(|&key| (key, MonthInputs::default()))
        .collect();
    if let (Some(&(y0, m0)), Some(&(y1, m1))) = (busy.first(), busy.last()) {
        let from = first_of(y0, m0);
        let to = first_of(y1, m1).last_of_month();
        for o in occurrences(site, from, to) {
            let last = o.when.last_day().min(to);
            let mut d = first_of(o.when.first_day().year(), o.when.first_day().month()).max(from);
            while d <= last {
                if let Some(month) = inputs.get_mut(&(d.year(), d.month())) {
                    month.occ.push(o.clone());
                }
                match d.checked_add(jiff::Span::new().months(1)) {
                    Ok(next) => d = next,
                    Err(_) => break,
                }
            }
        }
    }
    for (day, item) in due {
        if let Some(month) = inputs.get_mut(&(day.year(), day.month())) {
            month.due.push((day, item));
        }
    }
    inputs
        .entry(default)
        .or_insert_with(|| MonthInputs::of(site, u, default.0, default.1));
    Months {
        busy,
        default,
        inputs,
    }
}

/// A month as (year, month).
pub type MonthKey = (i16, i8);

/// The busy months before and after `year`/`month`.
pub fn neighbours(
    busy: &BTreeSet<MonthKey>,
    year: i16,
    month: i8,
) -> (Option<MonthKey>, Option<MonthKey>) {
    let prev = busy.range(..(year, month)).next_back().copied();
    let next = busy
        .range((
            std::ops::Bound::Excluded((year, month)),
            std::ops::Bound::Unbounded,
        ))
        .next()
        .copied();
    (prev, next)
}

/// The month page data for `year`/`month` from its inputs, with links to the neighbouring busy
/// months.
pub fn month(
    site: &Site,
    u: &Urls,
    year: i16,
    month: i8,
    busy: &BTreeSet<MonthKey>,
    inputs: &MonthInputs,
) -> Month {
    let first = first_of(year, month);
    let last = first.last_of_month();
    let occ = &inputs.occ;
    let due = &inputs.due;
    // The grid runs from the Monday on or before the 1st to the Sunday on or after the last day.
    let grid_start = first
        .checked_sub(jiff::Span::new().days(i64::from(first.weekday().to_monday_zero_offset())))
        .unwrap_or(first);
    let grid_end = last
        .checked_add(jiff::Span::new().days(i64::from(6 - last.weekday().to_monday_zero_offset())))
        .unwrap_or(last);
    let mut weeks = Vec::new();
    let mut week = Vec::new();
    let mut busy_days = Vec::new();
    let mut d = grid_start;
    while d <= grid_end {
        let in_month = d.month() == month;
        let items: Vec<Item> = if in_month {
            occ.iter()
                .filter(|o| !is_whole_period(&o.when) && o.when.overlaps(d, d))
                .map(|o| {
                    // A day is a seventh of the page: long words break at syllables.
                    let mut it = item(site, u, o);
                    it.title = ru::hyphen::soft_hyphens(&it.title);
                    it
                })
                .collect()
        } else {
            Vec::new()
        };
        let day = Day {
            day: d.day(),
            iso: d.to_string(),
            label: format!(
                "{}, {}",
                ru::dates::weekday_full(d.weekday()),
                ru::dates::format_date(d)
            ),
            in_month,
            weekend: matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday),
            items,
            deadlines: due
                .iter()
                .filter(|(day, _)| in_month && *day == d)
                .map(|(_, item)| DeadlineItem {
                    title: ru::hyphen::soft_hyphens(&item.title),
                    ..item.clone()
                })
                .collect(),
        };
        if in_month && !(day.items.is_empty() && day.deadlines.is_empty()) {
            busy_days.push(day.clone());
        }
        week.push(day);
        if week.len() == 7 {
            weeks.push(std::mem::take(&mut week));
        }
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    let whole_month: Vec<Item> = occ
        .iter()
        .filter(|o| is_whole_period(&o.when))
        .map(|o| item(site, u, o))
        .collect();
    let link = |(y, m): MonthKey| Link {
        title: ru::dates::format_month_year(y, m).unwrap_or_default(),
        url: u.path(&month_path(y, m)),
    };
    let (prev, next) = neighbours(busy, year, month);
    let (prev, next) = (prev.map(link), next.map(link));
    let count = {
        let ids: BTreeSet<PageId> = occ.iter().map(|o| o.id).collect();
        ids.len()
    };
    Month {
        year,
        month,
        iso: format!("{year:04}-{month:02}"),
        title: ru::dates::format_month_year(year, month).unwrap_or_default(),
        url: u.path(&month_path(year, month)),
        weeks,
        whole_month,
        busy_days,
        count,
        prev,
        next,
        year_url: u.path(&year_path(year)),
        has_deadlines: !due.is_empty(),
    }
}

/// The month `/calendar/` shows without JavaScript: the build's month if it has events,
/// else the next busy month, else the last one.
///
/// Only events decide it: it is an event calendar, and a roadmap's deadlines (every December,
/// say) would otherwise keep it on a month with nothing to attend.
fn default_month(site: &Site, busy: &BTreeSet<MonthKey>, events: &BTreeSet<MonthKey>) -> MonthKey {
    let busy = if site.roadmaps.is_empty() || events.is_empty() {
        busy
    } else {
        events
    };
    let today = (site.today.year(), site.today.month());
    if busy.contains(&today) {
        return today;
    }
    busy.range(today..)
        .next()
        .or_else(|| busy.iter().next_back())
        .copied()
        .unwrap_or(today)
}

/// One upcoming occurrence for the embeddable list, with what its filters and the script
/// that hides past events read.
#[derive(Serialize, Clone, Debug)]
pub struct EmbedItem {
    #[serde(flatten)]
    pub item: Item,
    pub first_day: String,
    pub last_day: String,
    /// The series' slug, for `?series=`.
    pub series: String,
    /// Organization ids separated by spaces, for `?org=`.
    pub orgs: String,
}

/// How far ahead the embeddable list looks for occurrences of repeating events.
const EMBED_YEARS: i16 = 2;

/// Occurrences that end on or after the build's day, earliest first: the list a school's
/// page shows. The script on the page hides the ones that ended before the visitor's day, so
/// a site not rebuilt for a month still shows only upcoming events.
pub fn upcoming(site: &Site, u: &Urls) -> Vec<EmbedItem> {
    let to = Date::new(site.today.year().saturating_add(EMBED_YEARS), 12, 31).unwrap_or(Date::MAX);
    occurrences(site, site.today, to)
        .iter()
        .map(|o| {
            let e = site.page(o.id).as_event();
            EmbedItem {
                item: item(site, u, o),
                first_day: o.when.first_day().to_string(),
                last_day: o.when.last_day().to_string(),
                series: e
                    .and_then(|e| e.series.as_deref())
                    .map(crate::content::taxonomy::term_slug)
                    .unwrap_or_default(),
                orgs: e.map(|e| e.organizations.join(" ")).unwrap_or_default(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(month_path(2022, 10), "calendar/2022/10/");
        assert_eq!(year_path(2023), "calendar/2023/");
    }
}
