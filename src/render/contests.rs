//! Contests: the page of one contest (its state, dates, stages and results table), the list of
//! contests, and what other pages show of them: a practice's awards («Победитель (1 место)
//! городского конкурса … 2024 г.») and an organization's results.
//!
//! The state («Приём заявок до 15 марта 2024 г.», «Идёт оценка», «Итоги подведены») is decided
//! here with the build's date and again in the browser with the visitor's (the script in
//! `contest.html` follows [`Contest::state`]), as the calendar pages do for past events.
//! Participants' names are only here when the content allowed them (see
//! `content/model/contest.rs`).

use jiff::civil::Date;
use serde::Serialize;
use tera::Context;

use crate::content::model::{Contest, ContestResult, ContestState, PageId, Site, level_genitive};
use crate::ru::dates::{format_date, format_day_month};
use crate::when::format_when;

use super::Renderer;
use super::context::{OrgRef, text};

#[derive(Debug, Serialize)]
pub struct LinkCtx {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
struct StageCtx {
    title: String,
    when_text: String,
    first_day_iso: String,
    last_day_iso: String,
    /// The stage's event page.
    url: Option<String>,
}

#[derive(Debug, Serialize)]
struct ResultCtx {
    award: String,
    place: Option<u32>,
    nomination: Option<String>,
    /// Only when the result allows publishing the names.
    participants: Option<String>,
    organization: Option<OrgRef>,
    practice: Option<LinkCtx>,
}

/// The sentences of each state, for the page and its script.
#[derive(Debug, Serialize)]
struct StateTexts {
    announced: String,
    applications: String,
    evaluation: &'static str,
    results: &'static str,
}

/// A contest as the list of contests shows it.
#[derive(Debug, Serialize)]
pub struct ContestCard {
    pub title: String,
    pub url: String,
    pub level: Option<String>,
    pub year: Option<i16>,
    pub state_key: &'static str,
    pub state_text: Option<String>,
    pub results_count: usize,
}

/// «Победитель (1 место) городского конкурса для наставников и наставляемых 2024 г. в
/// номинации «…»» on a practice's page.
#[derive(Debug, Serialize)]
pub struct Award {
    pub text: String,
    pub contest_url: String,
}

/// One result of an organization, on its page.
#[derive(Debug, Serialize)]
pub struct OrgResult {
    pub award: String,
    pub nomination: Option<String>,
    pub contest_title: String,
    pub contest_url: String,
    pub year: Option<i16>,
    pub practice: Option<LinkCtx>,
}

/// The last day of everything a contest dates: its applications, its stages and its stage
/// events.
pub fn last_day(site: &Site, c: &Contest) -> Option<Date> {
    let applications = c.applications.map(|a| a.to);
    let stages = c.stages.iter().filter_map(|s| match (&s.when, &s.event) {
        (Some(w), _) => Some(w.last_day()),
        (None, Some(r)) => r
            .target
            .and_then(|t| site.pages[t].as_event())
            .and_then(|e| e.last_day_overall()),
        (None, None) => None,
    });
    applications.into_iter().chain(stages).max()
}

fn state_texts(c: &Contest) -> StateTexts {
    let (announced, applications) = match c.applications {
        Some(a) => {
            let from = a.from.map(|from| {
                if from.year() == a.to.year() {
                    format_day_month(from)
                } else {
                    format_date(from)
                }
            });
            (
                match from {
                    Some(f) => format!("Приём заявок с {f} по {}", format_date(a.to)),
                    None => format!("Приём заявок до {}", format_date(a.to)),
                },
                format!("Приём заявок до {}", format_date(a.to)),
            )
        }
        None => (String::new(), String::new()),
    };
    StateTexts {
        announced,
        applications,
        evaluation: "Идёт оценка",
        results: "Итоги подведены",
    }
}

fn state_text(texts: &StateTexts, state: ContestState) -> String {
    match state {
        ContestState::Announced => texts.announced.clone(),
        ContestState::Applications => texts.applications.clone(),
        ContestState::Evaluation => texts.evaluation.to_string(),
        ContestState::Results => texts.results.to_string(),
    }
}

/// The contest's name after «конкурса»: «Конкурс для наставников» gives «для наставников»,
/// any other title is quoted («„Наставник года“»); the year is added unless the title has it.
fn contest_phrase(title: &str, level: Option<&str>, year: Option<i16>) -> String {
    let mut s = String::from("конкурса");
    if let Some(genitive) = level.and_then(level_genitive) {
        s = format!("{genitive} {s}");
    }
    // «… — 2024» at the end of a title is the year, said the usual way: «… 2024 г.».
    let mut title = title.trim();
    if let Some(y) = year {
        let y = y.to_string();
        if let Some(rest) = title.strip_suffix(y.as_str()) {
            let rest = rest.trim_end_matches([' ', '—', '–', '-', '\u{a0}']);
            if !rest.is_empty() {
                title = rest;
            }
        }
    }
    let name = match title
        .strip_prefix("Конкурс ")
        .or_else(|| title.strip_prefix("конкурс "))
    {
        Some(rest) => rest.to_string(),
        None => format!("«{title}»"),
    };
    s.push(' ');
    s.push_str(&name);
    if let Some(y) = year
        && !title.contains(&y.to_string())
    {
        s.push_str(&format!(" {y}\u{a0}г."));
    }
    text(&s)
}

/// Everything contest outputs read besides their own page: the contests, the pages their
/// results, regulations and stages link to (titles, addresses, an event's dates), and the
/// build's date (which decides the state). Contest pages, practices (their awards),
/// organizations (their results) and the calendar (stages and deadlines) add it to their
/// fingerprint.
pub(super) fn contests_fingerprint(site: &Site) -> u64 {
    let mut f = crate::fingerprint::Fingerprint::new();
    if site.contests.is_empty() {
        return f.finish();
    }
    f.add(&site.today.to_string());
    for &id in &site.contests {
        let page = &site.pages[id];
        f.add(&page.fingerprint);
        if let Some(c) = page.as_contest() {
            for r in crate::content::contest::references(c) {
                if let Some(t) = r.target {
                    f.add(&site.pages[t].card_fingerprint)
                        .add(&site.pages[t].path);
                }
            }
        }
    }
    f.finish()
}

impl Renderer<'_> {
    fn result_ctx(&self, r: &ContestResult) -> ResultCtx {
        let site = self.site;
        ResultCtx {
            award: text(&r.award()),
            place: r.place,
            nomination: r.nomination.as_deref().map(text),
            participants: r.participants.as_deref().map(text),
            organization: r.organization.as_deref().and_then(|id| self.lk.org(id)),
            practice: r.practice.as_ref().and_then(|p| p.target).map(|t| LinkCtx {
                title: crate::html::text_to_html(&site.pages[t].title),
                url: self.u.path(&site.pages[t].path),
            }),
        }
    }

    fn contest_year(c: &Contest) -> Option<i16> {
        c.first_day().map(|d| d.year())
    }

    pub(super) fn contest_card(&self, id: PageId) -> Option<ContestCard> {
        let site = self.site;
        let page = &site.pages[id];
        let c = page.as_contest()?;
        let state = c.state(site.today, last_day(site, c));
        Some(ContestCard {
            title: crate::html::text_to_html(&page.title),
            url: self.u.path(&page.path),
            level: c.level.clone(),
            year: Self::contest_year(c),
            state_key: state.map_or("", ContestState::key),
            state_text: state.map(|s| state_text(&state_texts(c), s)),
            results_count: c.results.len(),
        })
    }

    /// The page of one contest.
    pub(super) fn contest_context(
        &self,
        id: PageId,
        body: &str,
        mut ctx: Context,
    ) -> (&'static str, Context) {
        let site = self.site;
        let page = &site.pages[id];
        let Some(c) = page.as_contest() else {
            return ("page.html", ctx);
        };
        let last = last_day(site, c);
        let state = c.state(site.today, last);
        let texts = state_texts(c);
        let stages: Vec<StageCtx> = c
            .stages
            .iter()
            .filter_map(|s| {
                let event = s.event.as_ref().and_then(|r| r.target);
                let when = s
                    .when
                    .or_else(|| event.and_then(|t| site.pages[t].as_event()).map(|e| e.when))?;
                let title = match (&s.title, event) {
                    (Some(t), _) => text(t),
                    (None, Some(t)) => text(&site.pages[t].title),
                    (None, None) => "Этап конкурса".to_string(),
                };
                Some(StageCtx {
                    title,
                    when_text: format_when(&when),
                    first_day_iso: when.first_day().to_string(),
                    last_day_iso: when.last_day().to_string(),
                    url: event.map(|t| self.u.path(&site.pages[t].path)),
                })
            })
            .collect();
        let regulation = c
            .regulation
            .as_ref()
            .and_then(|r| r.target)
            .map(|t| LinkCtx {
                title: crate::html::text_to_html(&site.pages[t].title),
                url: self.u.path(&site.pages[t].path),
            });
        let organizer = c.organizer.as_deref().map(|o| match self.lk.org(o) {
            Some(org) => serde_json::json!({"name": org.short, "url": org.url}),
            None => serde_json::json!({"name": text(o), "url": null}),
        });
        let results: Vec<ResultCtx> = c.results.iter().map(|r| self.result_ctx(r)).collect();
        let show_participants = results.iter().any(|r| r.participants.is_some());
        let show_practice = results.iter().any(|r| r.practice.is_some());
        let show_nomination = results.iter().any(|r| r.nomination.is_some());
        ctx.insert(
            "contest",
            &serde_json::json!({
                "title": crate::html::text_to_html(&page.title),
                "summary": page.summary.as_deref().map(text),
                "content": body,
                "level": c.level,
                "year": Self::contest_year(c),
                "organizer": organizer,
                "regulation": regulation,
                "nominations": c.nominations.iter().map(|n| text(n)).collect::<Vec<_>>(),
                "audience": c.audience.as_deref().map(text),
                "applications": c.applications.map(|a| serde_json::json!({
                    "from_iso": a.from.map(|d| d.to_string()),
                    "from_text": a.from.map(format_date),
                    "to_iso": a.to.to_string(),
                    "to_text": format_date(a.to),
                })),
                "last_day_iso": last.map(|d| d.to_string()),
                "state_key": state.map(ContestState::key),
                "state_text": state.map(|s| state_text(&texts, s)),
                "state_texts": texts,
                "stages": stages,
                "results": results,
                "results_shown": state == Some(ContestState::Results),
                "show_participants": show_participants,
                "show_practice": show_practice,
                "show_nomination": show_nomination,
                "attachments": page.attachments.iter().map(|a| super::context::attachment_ctx(a, &self.u)).collect::<Vec<_>>(),
            }),
        );
        ("contest.html", ctx)
    }

    /// The list of contests, newest first.
    pub(super) fn contests_context(&self, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let title = site
            .sections
            .get("contests")
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| "Конкурсы".to_string());
        let crumbs = vec![self.home_crumb()];
        let mut ctx = self.common_context(&title, site_path, "contests", crumbs);
        let intro = site.sections.get("contests");
        ctx.insert("intro", &intro.map(|s| s.content.clone()));
        if let Some(desc) = intro.and_then(|s| s.description.as_deref()) {
            ctx.insert("page_description", &text(desc));
        }
        let cards: Vec<ContestCard> = site
            .contests
            .iter()
            .filter_map(|&id| self.contest_card(id))
            .collect();
        ctx.insert("contests", &cards);
        ctx.insert("list_title", &text(&title));
        ("contests.html", ctx)
    }

    /// The contests' results that name a practice, as its page says them.
    pub(super) fn awards_of_practice(&self, practice: PageId) -> Vec<Award> {
        let site = self.site;
        let mut out = Vec::new();
        for &id in &site.contests {
            let page = &site.pages[id];
            let Some(c) = page.as_contest() else { continue };
            for r in &c.results {
                if r.practice.as_ref().and_then(|p| p.target) != Some(practice) {
                    continue;
                }
                let mut s = format!(
                    "{} {}",
                    text(&r.award()),
                    contest_phrase(&page.title, c.level.as_deref(), Self::contest_year(c))
                );
                if let Some(n) = &r.nomination {
                    s.push_str(&format!(" в номинации «{}»", text(n)));
                }
                out.push(Award {
                    text: s,
                    contest_url: self.u.path(&page.path),
                });
            }
        }
        out
    }

    /// An organization's results in every contest, newest contest first.
    pub(super) fn contest_results_of_organization(&self, org: &str) -> Vec<OrgResult> {
        let site = self.site;
        let mut out = Vec::new();
        for &id in &site.contests {
            let page = &site.pages[id];
            let Some(c) = page.as_contest() else { continue };
            for r in c
                .results
                .iter()
                .filter(|r| r.organization.as_deref() == Some(org))
            {
                out.push(OrgResult {
                    award: text(&r.award()),
                    nomination: r.nomination.as_deref().map(text),
                    contest_title: crate::html::text_to_html(&page.title),
                    contest_url: self.u.path(&page.path),
                    year: Self::contest_year(c),
                    practice: r.practice.as_ref().and_then(|p| p.target).map(|t| LinkCtx {
                        title: crate::html::text_to_html(&site.pages[t].title),
                        url: self.u.path(&site.pages[t].path),
                    }),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contest_is_named_after_its_level_title_and_year() {
        let plain = |s: String| s.replace('\u{a0}', " ");
        assert_eq!(
            plain(contest_phrase(
                "Конкурс для наставников и наставляемых — 2024",
                Some("городской"),
                Some(2024)
            )),
            "городского конкурса для наставников и наставляемых 2024 г."
        );
        let quoted = plain(contest_phrase(
            "Наставник года",
            Some("региональный"),
            Some(2023),
        ));
        assert_eq!(quoted, "регионального конкурса «Наставник года» 2023 г.");
        let unknown = plain(contest_phrase("Конкурс эссе", Some("окружной"), None));
        assert_eq!(unknown, "окружного конкурса эссе");
    }
}
