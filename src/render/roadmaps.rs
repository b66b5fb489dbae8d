//! Roadmaps: the page of one roadmap (measures by section, summary, filters), the list of
//! roadmaps, and each roadmap's files: `measures.csv` (UTF-8 with BOM, for Excel),
//! `measures.json` and the deadlines feed `deadlines.ics`.
//!
//! «Просрочено» and the summary are decided here with the build's date, and again in the
//! browser with the visitor's clock (the script in `roadmap.html` follows
//! [`Measure::state`] step by step), so a page built in March is right in May.

use std::path::PathBuf;

use serde::Serialize;
use tera::Context;

use crate::calendar::ical;
use crate::content::model::{
    Measure, MeasureState, MeasureStatus, Page, PageId, Roadmap, Site, Statuses,
};
use crate::ru::plural::plural;
use crate::urls::{self, Urls};
use crate::when::format_when;

use super::Renderer;
use super::context::{OrgRef, text};

/// The summary line: «выполнено 9 из 22 мероприятий, в работе 5, просрочено 2».
pub fn summary_text(c: &Counts) -> String {
    let mut s = format!(
        "выполнено {} из {} {}",
        c.done,
        c.total,
        plural(c.total as u64, "мероприятия", "мероприятий", "мероприятий")
    );
    if c.in_progress > 0 {
        s.push_str(&format!(", в работе {}", c.in_progress));
    }
    if c.overdue > 0 {
        s.push_str(&format!(", просрочено {}", c.overdue));
    }
    s
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub total: usize,
    pub done: usize,
    pub in_progress: usize,
    pub overdue: usize,
}

impl Counts {
    pub fn of(states: impl IntoIterator<Item = MeasureState>) -> Counts {
        let mut c = Counts::default();
        for s in states {
            c.total += 1;
            match s {
                MeasureState::Status(MeasureStatus::Done) => c.done += 1,
                MeasureState::Status(MeasureStatus::InProgress) => c.in_progress += 1,
                MeasureState::Overdue => c.overdue += 1,
                _ => {}
            }
        }
        c
    }
}

#[derive(Debug, Serialize)]
struct LinkCtx {
    title: String,
    url: String,
}

#[derive(Debug, Serialize)]
struct ResponsibleCtx {
    text: String,
    url: Option<String>,
    /// The filter's key: the organization's id, or the text itself.
    key: String,
}

#[derive(Debug, Serialize)]
struct MeasureCtx {
    number: String,
    anchor: String,
    title: String,
    due_text: String,
    /// The last days of the due spans, ISO, space-separated (for the script).
    due_days: String,
    /// The years the measure is due in, space-separated (for the year filter).
    years: String,
    /// `planned` for one status; empty when there is a status per year.
    status_key: String,
    /// `2023:done 2024:in-progress` for a status per year.
    year_statuses: String,
    /// The status as written: «выполнено» or «2023 — выполнено; 2024 — в работе».
    written_status: String,
    state_key: &'static str,
    state_label: &'static str,
    responsible: Vec<ResponsibleCtx>,
    responsible_keys: String,
    expected: Option<String>,
    note: Option<String>,
    status_date_text: Option<String>,
    evidence: Vec<LinkCtx>,
}

#[derive(Debug, Serialize)]
struct SectionCtx {
    number: String,
    title: String,
    anchor: String,
    summary: String,
    measures: Vec<MeasureCtx>,
}

#[derive(Debug, Serialize)]
struct FilterOption {
    key: String,
    label: String,
}

/// A link to one measure: «п. 3.7 дорожной карты».
#[derive(Debug, Serialize)]
pub struct MeasureLink {
    pub number: String,
    pub title: String,
    /// The roadmap's page with the measure's anchor.
    pub url: String,
    pub roadmap_title: String,
    pub roadmap_url: String,
}

/// One measure on its responsible organization's page.
#[derive(Debug, Serialize)]
pub struct OrgMeasure {
    pub number: String,
    pub title: String,
    pub url: String,
    pub due_text: String,
    pub state_key: &'static str,
    pub state_label: &'static str,
}

/// An organization's measures in one roadmap.
#[derive(Debug, Serialize)]
pub struct OrgMeasures {
    pub roadmap_title: String,
    pub roadmap_url: String,
    pub period_text: String,
    pub measures: Vec<OrgMeasure>,
}

/// A roadmap as lists and other pages show it: title, link, period, progress.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapCard {
    pub title: String,
    pub url: String,
    pub period_text: String,
    pub summary: String,
    pub counts: Counts,
    pub organization: Option<OrgRef>,
    /// Per cent done, for the progress bar.
    pub percent: usize,
}

/// Every measure's state on the build's date.
fn states(r: &Roadmap, today: jiff::civil::Date) -> Vec<MeasureState> {
    r.measures
        .iter()
        .map(|m| m.state(r.period, today))
        .collect()
}

pub fn period_text(r: &Roadmap) -> String {
    if r.period.0 == r.period.1 {
        format!("{}\u{a0}г.", r.period.0)
    } else {
        format!("{}–{}\u{a0}гг.", r.period.0, r.period.1)
    }
}

pub fn card(
    site: &Site,
    u: &Urls,
    lk: &super::context::Lookups,
    page: &Page,
) -> Option<RoadmapCard> {
    let r = page.as_roadmap()?;
    let counts = Counts::of(states(r, site.today));
    Some(RoadmapCard {
        title: text(&page.title),
        url: u.path(&page.path),
        period_text: period_text(r),
        summary: summary_text(&counts),
        percent: (counts.done * 100).checked_div(counts.total).unwrap_or(0),
        counts,
        organization: r.organizations.first().and_then(|id| lk.org(id)),
    })
}

/// What a responsible item links to and filters by.
fn responsible_ctx(
    r: &crate::content::model::Responsible,
    lk: &super::context::Lookups,
) -> ResponsibleCtx {
    let org = r.organization.as_deref().and_then(|id| lk.org(id));
    ResponsibleCtx {
        text: text(&r.text),
        url: org.as_ref().map(|o| o.url.clone()),
        key: match &r.organization {
            Some(id) => id.clone(),
            None => crate::ru::translit::slugify(&r.text),
        },
    }
}

fn written_status(m: &Measure) -> String {
    match &m.status {
        Statuses::One(s) => s.label().to_string(),
        Statuses::PerYear(map) => map
            .iter()
            .map(|(y, s)| format!("{y}\u{a0}— {}", s.label()))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

impl Renderer<'_> {
    fn measure_ctx(&self, page_id: PageId, r: &Roadmap, m: &Measure) -> MeasureCtx {
        let site = self.site;
        let due = m.due(r.period);
        let state = m.state(r.period, site.today);
        let mut years: Vec<i16> = due.iter().map(|w| w.last_day().year()).collect();
        if due.is_empty() {
            years = (r.period.0..=r.period.1).collect();
        }
        years.dedup();
        let mut evidence: Vec<LinkCtx> = m
            .evidence
            .iter()
            .map(|e| match e.target {
                Some(t) => LinkCtx {
                    title: text(&site.pages[t].title),
                    url: self.u.path(&site.pages[t].path),
                },
                None => LinkCtx {
                    title: e.raw.clone(),
                    url: e.raw.clone(),
                },
            })
            .collect();
        for &ev in &m.events {
            if m.evidence.iter().any(|e| e.target == Some(ev)) {
                continue;
            }
            let p = &site.pages[ev];
            let when = p
                .as_event()
                .map(|e| format_when(&e.when))
                .unwrap_or_default();
            evidence.push(LinkCtx {
                title: format!("{} ({when})", text(&p.title)),
                url: self.u.path(&p.path),
            });
        }
        let _ = page_id;
        let responsible: Vec<ResponsibleCtx> = m
            .responsible
            .iter()
            .map(|x| responsible_ctx(x, &self.lk))
            .collect();
        MeasureCtx {
            number: m.number.clone(),
            anchor: m.anchor(),
            title: text(&m.title),
            due_text: text(&m.due_text),
            due_days: due
                .iter()
                .map(|w| w.last_day().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            years: years
                .iter()
                .map(i16::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            status_key: match &m.status {
                Statuses::One(s) => s.key().to_string(),
                Statuses::PerYear(_) => String::new(),
            },
            year_statuses: match &m.status {
                Statuses::One(_) => String::new(),
                Statuses::PerYear(map) => map
                    .iter()
                    .map(|(y, s)| format!("{y}:{}", s.key()))
                    .collect::<Vec<_>>()
                    .join(" "),
            },
            written_status: written_status(m),
            state_key: state.key(),
            state_label: state.label(),
            responsible_keys: responsible
                .iter()
                .map(|x| x.key.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            responsible,
            expected: m.expected.as_deref().map(text),
            note: m.note.as_deref().map(text),
            status_date_text: m.status_date.map(crate::ru::dates::format_date),
            evidence,
        }
    }

    /// «п. 3.7 дорожной карты»: an event's measure as its page links to it.
    pub(super) fn measure_link(&self, (roadmap, index): (PageId, usize)) -> Option<MeasureLink> {
        let page = &self.site.pages[roadmap];
        let m = page.as_roadmap()?.measures.get(index)?;
        Some(MeasureLink {
            number: m.number.clone(),
            title: text(&m.title),
            url: format!("{}#{}", self.u.path(&page.path), m.anchor()),
            roadmap_title: text(&page.title),
            roadmap_url: self.u.path(&page.path),
        })
    }

    /// The roadmaps an order approves (their `order:` leads to it).
    pub(super) fn roadmaps_of_order(&self, order: PageId) -> Vec<RoadmapCard> {
        let site = self.site;
        site.roadmaps
            .iter()
            .filter(|&&id| {
                site.pages[id]
                    .as_roadmap()
                    .and_then(|r| r.order.as_ref())
                    .and_then(|o| o.target)
                    == Some(order)
            })
            .filter_map(|&id| card(site, &self.u, &self.lk, &site.pages[id]))
            .collect()
    }

    /// The roadmaps whose period includes the build's year, for the home page.
    pub(super) fn current_roadmaps(&self) -> Vec<RoadmapCard> {
        let site = self.site;
        let year = site.today.year();
        site.roadmaps
            .iter()
            .filter(|&&id| {
                site.pages[id]
                    .as_roadmap()
                    .is_some_and(|r| r.period.0 <= year && year <= r.period.1)
            })
            .filter_map(|&id| card(site, &self.u, &self.lk, &site.pages[id]))
            .collect()
    }

    /// The measures an organization is responsible for, by roadmap.
    pub(super) fn measures_of_organization(&self, org: &str) -> Vec<OrgMeasures> {
        let site = self.site;
        let mut out = Vec::new();
        for &id in &site.roadmaps {
            let page = &site.pages[id];
            let Some(r) = page.as_roadmap() else { continue };
            let url = self.u.path(&page.path);
            let measures: Vec<OrgMeasure> = r
                .measures
                .iter()
                .filter(|m| {
                    m.responsible
                        .iter()
                        .any(|x| x.organization.as_deref() == Some(org))
                })
                .map(|m| {
                    let state = m.state(r.period, site.today);
                    OrgMeasure {
                        number: m.number.clone(),
                        title: text(&m.title),
                        url: format!("{url}#{}", m.anchor()),
                        due_text: text(&m.due_text),
                        state_key: state.key(),
                        state_label: state.label(),
                    }
                })
                .collect();
            if !measures.is_empty() {
                out.push(OrgMeasures {
                    roadmap_title: text(&page.title),
                    roadmap_url: url,
                    period_text: period_text(r),
                    measures,
                });
            }
        }
        out
    }

    /// The page of one roadmap.
    pub(super) fn roadmap_context(
        &self,
        id: PageId,
        body: &str,
        mut ctx: Context,
    ) -> (&'static str, Context) {
        let site = self.site;
        let page = &site.pages[id];
        let Some(r) = page.as_roadmap() else {
            return ("page.html", ctx);
        };
        let sections: Vec<SectionCtx> = if r.sections.is_empty() {
            vec![SectionCtx {
                number: String::new(),
                title: String::new(),
                anchor: "s".into(),
                summary: summary_text(&Counts::of(states(r, site.today))),
                measures: r
                    .measures
                    .iter()
                    .map(|m| self.measure_ctx(id, r, m))
                    .collect(),
            }]
        } else {
            r.sections
                .iter()
                .map(|s| {
                    let key = crate::content::roadmap::section_key(&s.number);
                    let ms: Vec<&Measure> = r
                        .measures
                        .iter()
                        .filter(|m| crate::content::roadmap::section_key(&m.section) == key)
                        .collect();
                    SectionCtx {
                        number: s.number.clone(),
                        title: text(&s.title),
                        anchor: format!("s{key}"),
                        summary: summary_text(&Counts::of(
                            ms.iter().map(|m| m.state(r.period, site.today)),
                        )),
                        measures: ms.iter().map(|m| self.measure_ctx(id, r, m)).collect(),
                    }
                })
                .collect()
        };
        let mut responsible: Vec<FilterOption> = Vec::new();
        for m in &r.measures {
            for x in &m.responsible {
                let c = responsible_ctx(x, &self.lk);
                if !responsible.iter().any(|o| o.key == c.key) {
                    responsible.push(FilterOption {
                        key: c.key,
                        label: c.text,
                    });
                }
            }
        }
        let mut statuses: Vec<FilterOption> = MeasureStatus::ALL
            .iter()
            .map(|(label, s)| FilterOption {
                key: s.key().into(),
                label: (*label).into(),
            })
            .collect();
        statuses.insert(
            2,
            FilterOption {
                key: "overdue".into(),
                label: "просрочено".into(),
            },
        );
        let counts = Counts::of(states(r, site.today));
        let order = r.order.as_ref().and_then(|o| o.target).map(|t| LinkCtx {
            title: text(&site.pages[t].title),
            url: self.u.path(&site.pages[t].path),
        });
        let order_label = r
            .order
            .as_ref()
            .and_then(|o| o.target)
            .and_then(|t| site.pages[t].as_order())
            .map(super::documents::document_label);
        ctx.insert(
            "roadmap",
            &serde_json::json!({
                "title": crate::html::text_to_html(&page.title),
                "summary": page.summary.as_deref().map(text),
                "content": body,
                "period_text": period_text(r),
                "period_first": r.period.0,
                "period_last": r.period.1,
                "approved_text": r.approved.map(crate::ru::dates::format_date),
                "organization": r.organizations.first().and_then(|id| self.lk.org(id)),
                "order": order,
                "order_label": order_label,
                "counts": counts,
                "summary_text": summary_text(&counts),
                "today_iso": site.today.to_string(),
                "sections": sections,
                "filters": {
                    "statuses": statuses,
                    "responsible": responsible,
                    "years": (r.period.0..=r.period.1).collect::<Vec<_>>(),
                },
                "csv_url": self.u.path(&csv_path(page)),
                "json_url": self.u.path(&json_path(page)),
                "ics_url": self.u.path(&ics_path(page)),
                "ics_webcal": self.u.abs(&ics_path(page)).replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1),
            }),
        );
        ("roadmap.html", ctx)
    }

    /// The list of roadmaps, with a progress line each.
    pub(super) fn roadmaps_context(&self, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let title = site
            .sections
            .get("roadmaps")
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| "Дорожные карты".to_string());
        let crumbs = vec![self.home_crumb()];
        let mut ctx = self.common_context(&title, site_path, "roadmaps", crumbs);
        let cards: Vec<RoadmapCard> = site
            .roadmaps
            .iter()
            .filter_map(|&id| card(site, &self.u, &self.lk, &site.pages[id]))
            .collect();
        ctx.insert("list_title", &text(&title));
        ctx.insert(
            "intro",
            &site.sections.get("roadmaps").map(|s| s.content.clone()),
        );
        ctx.insert("roadmaps", &cards);
        ("roadmaps.html", ctx)
    }
}

pub fn csv_path(page: &Page) -> String {
    format!("{}measures.csv", page.path)
}

pub fn json_path(page: &Page) -> String {
    format!("{}measures.json", page.path)
}

pub fn ics_path(page: &Page) -> String {
    format!("{}deadlines.ics", page.path)
}

/// The columns of `measures.csv` and the keys of `measures.json`.
const COLUMNS: [(&str, &str); 11] = [
    ("number", "№"),
    ("section", "Раздел"),
    ("title", "Мероприятие"),
    ("due", "Срок"),
    ("responsible", "Ответственные"),
    ("expected", "Ожидаемый результат"),
    ("status", "Статус"),
    ("state", "Состояние на дату сборки"),
    ("status_date", "Дата статуса"),
    ("note", "Примечание"),
    ("evidence", "Подтверждение"),
];

/// One measure's values, in [`COLUMNS`] order.
fn row(site: &Site, u: &Urls, r: &Roadmap, m: &Measure) -> Vec<String> {
    let section = r
        .sections
        .iter()
        .find(|s| {
            crate::content::roadmap::section_key(&s.number)
                == crate::content::roadmap::section_key(&m.section)
        })
        .map(|s| format!("{}. {}", s.number, s.title))
        .unwrap_or_else(|| m.section.clone());
    let mut evidence: Vec<String> = m
        .evidence
        .iter()
        .map(|e| match e.target {
            Some(t) => u.abs(&site.pages[t].path),
            None => e.raw.clone(),
        })
        .collect();
    for &ev in &m.events {
        let url = u.abs(&site.pages[ev].path);
        if !evidence.contains(&url) {
            evidence.push(url);
        }
    }
    vec![
        m.number.clone(),
        section,
        m.title.clone(),
        m.due_text.clone(),
        m.responsible
            .iter()
            .map(|x| x.text.clone())
            .collect::<Vec<_>>()
            .join("; "),
        m.expected.clone().unwrap_or_default(),
        written_status(m).replace('\u{a0}', " "),
        m.state(r.period, site.today).label().to_string(),
        m.status_date.map(|d| d.to_string()).unwrap_or_default(),
        m.note.clone().unwrap_or_default(),
        evidence.join(" "),
    ]
}

/// RFC 4180 quoting: a cell with a separator, quote or line break is quoted, quotes doubled.
pub(super) fn csv_cell(s: &str) -> String {
    if s.contains([';', ',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `measures.csv`: UTF-8 with a BOM (so Excel opens Cyrillic correctly), «;» between cells
/// (Excel's separator in Russian settings), CRLF line ends.
pub fn measures_csv(site: &Site, u: &Urls, r: &Roadmap) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = COLUMNS.iter().map(|(_, h)| csv_cell(h)).collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for m in &r.measures {
        let cells: Vec<String> = row(site, u, r, m).iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

pub fn measures_json(site: &Site, u: &Urls, page: &Page, r: &Roadmap) -> Vec<u8> {
    let measures: Vec<serde_json::Map<String, serde_json::Value>> = r
        .measures
        .iter()
        .map(|m| {
            let mut obj: serde_json::Map<String, serde_json::Value> = COLUMNS
                .iter()
                .zip(row(site, u, r, m))
                .map(|((k, _), v)| ((*k).to_string(), serde_json::Value::String(v)))
                .collect();
            obj.insert("anchor".into(), m.anchor().into());
            obj.insert(
                "due_days".into(),
                m.due(r.period)
                    .iter()
                    .map(|w| w.last_day().to_string())
                    .collect::<Vec<_>>()
                    .into(),
            );
            obj.insert("state".into(), m.state(r.period, site.today).key().into());
            obj
        })
        .collect();
    let value = serde_json::json!({
        "title": page.title,
        "url": u.abs(&page.path),
        "period": [r.period.0, r.period.1],
        "built": site.today.to_string(),
        "measures": measures,
    });
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// `deadlines.ics`: one all-day item «Срок: …» on the last day of each due span.
pub fn deadlines_ics(site: &Site, u: &Urls, page: &Page, r: &Roadmap) -> Result<Vec<u8>, String> {
    let base_uid = crate::calendar::feeds::uid(site, page);
    let tz = site.config.tz();
    let stamp_day = r
        .approved
        .or_else(|| jiff::civil::Date::new(r.period.0, 1, 1).ok())
        .unwrap_or(jiff::civil::date(2000, 1, 1));
    // The approval day (never the build clock): it changes only when the roadmap's date does.
    let dtstamp = tz
        .to_ambiguous_timestamp(stamp_day.to_datetime(jiff::civil::Time::midnight()))
        .compatible()
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let mut events = Vec::new();
    for m in &r.measures {
        for w in m.due(r.period) {
            let day = w.last_day();
            events.push(ical::Event {
                uid: format!("{}-{day}.{base_uid}", m.anchor()),
                dtstamp,
                last_modified: None,
                sequence: 0,
                timing: ical::Timing::AllDay {
                    start: day,
                    end: None,
                },
                summary: format!("Срок: {} {}", m.number, m.title),
                description: Some(format!(
                    "Срок по дорожной карте: {}. Ответственные: {}. Ожидаемый результат: {}",
                    m.due_text,
                    m.responsible
                        .iter()
                        .map(|x| x.text.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    m.expected.as_deref().unwrap_or("—")
                )),
                location: None,
                url: Some(format!("{}#{}", u.abs(&page.path), m.anchor())),
                status: None,
                categories: vec!["Срок дорожной карты".to_string()],
                organizer: None,
                recurrence: None,
            });
        }
    }
    let cal = ical::Calendar {
        name: format!("Сроки: {}", page.title),
        description: format!("Сроки мероприятий дорожной карты «{}»", page.title),
        timezone: tz,
        prodid: format!("-//{}//nastavnik//RU", site.config.title),
        url: Some(u.abs(&page.path)),
        events,
    };
    cal.to_ics()
        .map(String::into_bytes)
        .map_err(|e| format!("{e:?}"))
}

/// Every roadmap's files.
pub fn outputs(
    site: &Site,
    u: &Urls,
) -> Result<Vec<(PathBuf, Vec<u8>)>, Vec<crate::diagnostic::Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for &id in &site.roadmaps {
        let page = &site.pages[id];
        let Some(r) = page.as_roadmap() else { continue };
        out.push((urls::output_file(&csv_path(page)), measures_csv(site, u, r)));
        out.push((
            urls::output_file(&json_path(page)),
            measures_json(site, u, page, r),
        ));
        match deadlines_ics(site, u, page, r) {
            Ok(bytes) => out.push((urls::output_file(&ics_path(page)), bytes)),
            Err(e) => errors.push(crate::diagnostic::Diagnostic::error(
                "ical",
                &page.source.rel_path,
                format!("не удалось записать календарь сроков: {e}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_plurals() {
        let c = Counts {
            total: 22,
            done: 9,
            in_progress: 5,
            overdue: 2,
        };
        assert_eq!(
            summary_text(&c),
            "выполнено 9 из 22 мероприятий, в работе 5, просрочено 2"
        );
        let c = Counts {
            total: 21,
            done: 1,
            ..Counts::default()
        };
        assert_eq!(summary_text(&c), "выполнено 1 из 21 мероприятия");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_cell("a;b"), "\"a;b\"");
        assert_eq!(csv_cell("«Школа»"), "«Школа»");
        assert_eq!(csv_cell("a \"b\""), "\"a \"\"b\"\"\"");
    }
}
