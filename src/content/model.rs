//! The site model: what the rest of the pipeline renders.
//!
//! After loading, a [`Site`] is immutable and complete: every cross-reference (organization,
//! linked practice or event, replaced order, internal link, attachment) is resolved to an index
//! or a file that exists, and every page has its URL. Rendering never fails on content.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;

use crate::content::config::SiteConfig;
use crate::content::source::SourceFile;
pub use crate::content::vocabulary::{DocKind, DocLevel};
use crate::markdown::TocEntry;
use crate::when::{DatePoint, Deadline, When, Yearly};

mod contest;
pub use contest::{
    Applications, CONTEST_LEVELS, Contest, ContestResult, ContestState, Material, Outcome, Stage,
    level_genitive,
};

/// The kind of a content file, decided by its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KindName {
    Event,
    Practice,
    Order,
    Roadmap,
    Contest,
    Mentor,
    Plain,
}

impl KindName {
    /// Every kind, in declaration order (checked at compile time below): loading takes the
    /// folders under `content/` from here, and a folder that is none of them is reported with
    /// this list. A new kind is added here and to [`KindName::folder`]; `Plain` stays last.
    pub const ALL: [KindName; 7] = [
        KindName::Event,
        KindName::Practice,
        KindName::Order,
        KindName::Roadmap,
        KindName::Contest,
        KindName::Mentor,
        KindName::Plain,
    ];

    /// What the kind's folder holds, for editors: «мероприятия».
    pub fn what(self) -> &'static str {
        match self {
            KindName::Event => "мероприятия",
            KindName::Practice => "практики",
            KindName::Order => "документы",
            KindName::Roadmap => "дорожные карты",
            KindName::Contest => "конкурсы",
            KindName::Mentor => "наставники",
            KindName::Plain => "обычные страницы",
        }
    }

    /// The folder below `content/` a kind lives in (plain pages live anywhere else).
    pub fn folder(self) -> Option<&'static str> {
        match self {
            KindName::Event => Some("events"),
            KindName::Practice => Some("practices"),
            KindName::Order => Some("orders"),
            KindName::Roadmap => Some("roadmaps"),
            KindName::Contest => Some("contests"),
            KindName::Mentor => Some("mentors"),
            KindName::Plain => None,
        }
    }
}

// `ALL` lists the kinds in declaration order: a variant added before `Plain` but not to `ALL`
// shifts `Plain`'s discriminant and fails this check.
const _: () = {
    let mut i = 0;
    while i < KindName::ALL.len() {
        assert!(
            KindName::ALL[i] as usize == i,
            "KindName::ALL must list every kind in order"
        );
        i += 1;
    }
    assert!(matches!(
        KindName::ALL[KindName::ALL.len() - 1],
        KindName::Plain
    ));
};

/// An index into [`Site::pages`].
pub type PageId = usize;

#[derive(Debug, Clone)]
pub struct Page {
    pub source: SourceFile,
    pub slug: String,
    /// The site path (see [`crate::urls`]), e.g. `practices/shkola-4/`.
    pub path: String,
    /// The title as written (typography is applied when rendering).
    pub title: String,
    pub summary: Option<String>,
    pub aliases: Vec<String>,
    pub draft: bool,
    /// Rendered Markdown body (filled by the Markdown pass of loading). Shared with the dev
    /// server's Markdown cache, which would otherwise hold a second copy of every body, and
    /// exactly its size (the renderer's buffer keeps room it did not use, up to half again).
    pub content: std::sync::Arc<str>,
    pub toc: Vec<TocEntry>,
    pub attachments: Vec<Attachment>,
    pub kind: Kind,
    /// A hash of everything the page is made of (its file, its rendered body, the pages its
    /// references resolved to, its attachments), set at the end of loading: the dev server
    /// re-renders only outputs whose inputs' fingerprints changed.
    pub fingerprint: u64,
    /// A hash of what the page's card in lists can show: its front matter and its place, not
    /// its body (editing a body re-renders the page, not every list it is in).
    pub card_fingerprint: u64,
}

impl Page {
    pub fn kind_name(&self) -> KindName {
        match self.kind {
            Kind::Event(_) => KindName::Event,
            Kind::Practice(_) => KindName::Practice,
            Kind::Order(_) => KindName::Order,
            Kind::Roadmap(_) => KindName::Roadmap,
            Kind::Contest(_) => KindName::Contest,
            Kind::Mentor(_) => KindName::Mentor,
            Kind::Plain => KindName::Plain,
        }
    }

    pub fn as_event(&self) -> Option<&Event> {
        match &self.kind {
            Kind::Event(e) => Some(e),
            _ => None,
        }
    }

    pub fn as_practice(&self) -> Option<&Practice> {
        match &self.kind {
            Kind::Practice(p) => Some(p),
            _ => None,
        }
    }

    pub fn as_order(&self) -> Option<&Order> {
        match &self.kind {
            Kind::Order(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_roadmap(&self) -> Option<&Roadmap> {
        match &self.kind {
            Kind::Roadmap(r) => Some(r),
            _ => None,
        }
    }

    pub fn as_contest(&self) -> Option<&Contest> {
        match &self.kind {
            Kind::Contest(c) => Some(c),
            _ => None,
        }
    }

    pub fn as_mentor(&self) -> Option<&Mentor> {
        match &self.kind {
            Kind::Mentor(m) => Some(m),
            _ => None,
        }
    }

    /// The organizations a page names, whatever its kind.
    pub fn organizations(&self) -> &[String] {
        match &self.kind {
            Kind::Event(e) => &e.organizations,
            Kind::Practice(p) => &p.organizations,
            Kind::Order(o) => &o.organizations,
            Kind::Roadmap(r) => &r.organizations,
            Kind::Contest(c) => &c.organizations,
            Kind::Mentor(m) => &m.organizations,
            Kind::Plain => &[],
        }
    }
}

#[derive(Debug, Clone)]
pub enum Kind {
    Event(Event),
    Practice(Practice),
    Order(Order),
    Roadmap(Roadmap),
    Contest(Contest),
    Mentor(Mentor),
    Plain,
}

/// A file published with a page: copied to the page's folder and shown with type and size.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub title: String,
    /// Where the file is on disk.
    pub source: PathBuf,
    pub file_name: String,
    /// The site path of the copy (`practices/x/plan.pdf`).
    pub path: String,
    pub size: u64,
}

/// A reference to another page written in front matter (`practices: [slug]`), resolved after
/// all pages are known.
#[derive(Debug, Clone)]
pub struct PageRef {
    pub raw: String,
    pub target: Option<PageId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Planned,
    Postponed,
    Cancelled,
    /// «состоялось»: written by an editor who wants to state it, or computed for a planned
    /// event whose last day has passed ([`Event::state`]).
    Held,
}

impl EventStatus {
    pub const ALL: [(&'static str, EventStatus); 4] = [
        ("запланировано", EventStatus::Planned),
        ("перенесено", EventStatus::Postponed),
        ("отменено", EventStatus::Cancelled),
        ("состоялось", EventStatus::Held),
    ];

    pub fn label(self) -> &'static str {
        match self {
            EventStatus::Planned => "запланировано",
            EventStatus::Postponed => "перенесено",
            EventStatus::Cancelled => "отменено",
            EventStatus::Held => "состоялось",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            EventStatus::Planned => "planned",
            EventStatus::Postponed => "postponed",
            EventStatus::Cancelled => "cancelled",
            EventStatus::Held => "held",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Event {
    pub when: When,
    pub format: Option<String>,
    pub series: Option<String>,
    pub organizations: Vec<String>,
    pub responsible: Vec<String>,
    pub location: Option<String>,
    pub online: Option<String>,
    pub registration: Option<String>,
    pub audience: Option<String>,
    pub status: EventStatus,
    pub practices: Vec<PageRef>,
    /// `repeat: yearly` with its `until` and `except`.
    pub repeat: Option<Yearly>,
    /// Earlier dates of a rescheduled event, kept by the editor (`moved_from`): calendar feeds
    /// count them to raise `SEQUENCE`, since a static build keeps no state between builds.
    pub moved_from: Vec<DatePoint>,
    /// When the editor last changed the event (`updated`), for `LAST-MODIFIED` in feeds.
    pub updated: Option<DatePoint>,
    /// The roadmap measure the event carries out (`measure: "@/roadmaps/x.md#3.7"`).
    pub measure: Option<MeasureRef>,
    /// What the event achieved (`results`, `participants`, `materials`).
    pub outcome: Box<Outcome>,
}

impl Event {
    /// The status on `today`: a planned event whose last day has passed has taken place
    /// («состоялось»); a status written by the editor otherwise stands.
    pub fn state(&self, today: Date) -> EventStatus {
        match self.status {
            EventStatus::Planned if self.last_day_overall().is_some_and(|d| d < today) => {
                EventStatus::Held
            }
            s => s,
        }
    }

    /// The occurrence that is under way or next on `today`: the event itself, or for a yearly
    /// event the first occurrence not yet over. `None` when everything is past.
    pub fn next_occurrence(&self, today: Date) -> Option<When> {
        match &self.repeat {
            None => (self.when.last_day() >= today).then_some(self.when),
            Some(yearly) => {
                // Yearly occurrences: one starts within any two-year window from today.
                let horizon = today
                    .checked_add(jiff::Span::new().years(2))
                    .unwrap_or(today);
                yearly
                    .occurrences(&self.when, today, horizon)
                    .into_iter()
                    .find(|w| w.last_day() >= today)
            }
        }
    }

    /// The last day of the last occurrence; `None` for a repetition without end.
    pub fn last_day_overall(&self) -> Option<Date> {
        match &self.repeat {
            None => Some(self.when.last_day()),
            Some(yearly) => {
                let last_start = yearly.last_start()?;
                yearly
                    .occurrences(&self.when, self.when.first_day(), last_start)
                    .last()
                    .map(When::last_day)
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Practice {
    pub organizations: Vec<String>,
    pub authors: Vec<String>,
    pub levels: Vec<String>,
    pub forms: Vec<String>,
    pub kinds: Vec<String>,
    pub topics: Vec<String>,
    pub year: Option<String>,
    pub audience: Option<String>,
    pub recognition: Option<String>,
    pub events: Vec<PageRef>,
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    Active,
    Void,
}

impl OrderStatus {
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Active => "действует",
            OrderStatus::Void => "утратил силу",
        }
    }

    pub fn css_class(self) -> &'static str {
        match self {
            OrderStatus::Active => "active",
            OrderStatus::Void => "void",
        }
    }
}

/// A document of the «Документы» section (`content/orders/`): an order, a decree, a letter, a
/// regulation, or a template schools reuse (kind «образец»).
#[derive(Debug, Clone)]
pub struct Order {
    /// `None` when not written: the label then says «Документ».
    pub kind: Option<DocKind>,
    pub number: Option<String>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    /// `None` when not written (or not one of the levels): listed under «Другие документы».
    pub level: Option<DocLevel>,
    pub organizations: Vec<String>,
    /// The signed document; also listed in the page's attachments.
    pub file: Option<usize>,
    /// As written; a document another one replaces is shown as void whatever this says (see
    /// `render::documents`).
    pub status: OrderStatus,
    /// The document this one replaces (`replaces`), and the one that replaced it
    /// (`replaced_by`): either side may state the relation, both pages show it.
    pub replaces: Option<PageRef>,
    pub replaced_by: Option<PageRef>,
}

/// A roadmap measure's status as editors write it. «Просрочено» is not one of them: it is
/// computed from the deadline and the build's (or the visitor's) date, see [`Measure::state`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MeasureStatus {
    Planned,
    InProgress,
    Done,
    PartlyDone,
    NotDone,
    Postponed,
    Cancelled,
}

impl MeasureStatus {
    pub const ALL: [(&'static str, MeasureStatus); 7] = [
        ("запланировано", MeasureStatus::Planned),
        ("в работе", MeasureStatus::InProgress),
        ("выполнено", MeasureStatus::Done),
        ("выполнено частично", MeasureStatus::PartlyDone),
        ("не выполнено", MeasureStatus::NotDone),
        ("перенесено", MeasureStatus::Postponed),
        ("отменено", MeasureStatus::Cancelled),
    ];

    /// Reads a status as written (any case, `ё` as `е`, extra spaces).
    pub fn parse(s: &str) -> Option<MeasureStatus> {
        let norm = s
            .to_lowercase()
            .replace('ё', "е")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Self::ALL
            .iter()
            .find(|(n, _)| *n == norm)
            .map(|(_, st)| *st)
    }

    pub fn label(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, st)| *st == self)
            .map_or("", |(n, _)| n)
    }

    /// The key the page's filters and the browser script use.
    pub fn key(self) -> &'static str {
        match self {
            MeasureStatus::Planned => "planned",
            MeasureStatus::InProgress => "in-progress",
            MeasureStatus::Done => "done",
            MeasureStatus::PartlyDone => "partly-done",
            MeasureStatus::NotDone => "not-done",
            MeasureStatus::Postponed => "postponed",
            MeasureStatus::Cancelled => "cancelled",
        }
    }

    /// Still to be done: such a measure becomes overdue once its deadline has passed.
    pub fn is_open(self) -> bool {
        matches!(self, MeasureStatus::Planned | MeasureStatus::InProgress)
    }
}

/// What a measure's status says: one status, or one per year for a yearly measure (done in
/// 2023 and not yet in 2024 is normal).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Statuses {
    One(MeasureStatus),
    PerYear(BTreeMap<i16, MeasureStatus>),
}

impl Statuses {
    /// The status that applies to what is due in `year` (planned when a year is not named).
    pub fn for_year(&self, year: i16) -> MeasureStatus {
        match self {
            Statuses::One(s) => *s,
            Statuses::PerYear(map) => map.get(&year).copied().unwrap_or(MeasureStatus::Planned),
        }
    }
}

/// A measure's state on a given day: its status, or overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeasureState {
    Status(MeasureStatus),
    Overdue,
}

impl MeasureState {
    pub fn label(self) -> &'static str {
        match self {
            MeasureState::Status(s) => s.label(),
            MeasureState::Overdue => "просрочено",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            MeasureState::Status(s) => s.key(),
            MeasureState::Overdue => "overdue",
        }
    }
}

/// Where a measure (or one of its values) was written, for diagnostics found after parsing
/// (broken evidence links): the source text is released by then.
#[derive(Debug, Clone)]
pub struct Spot {
    pub file: PathBuf,
    pub location: Option<crate::diagnostic::Location>,
}

impl Spot {
    pub fn error(
        &self,
        code: &'static str,
        message: impl Into<String>,
    ) -> crate::diagnostic::Diagnostic {
        let mut d = crate::diagnostic::Diagnostic::error(code, &self.file, message);
        d.location = self.location.clone();
        d
    }
}

/// Who is responsible for a measure: an organization from `data/organizations.yaml` (linked),
/// or people and departments as free text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Responsible {
    pub text: String,
    /// The organization's id, when the text names one (resolved while linking).
    pub organization: Option<String>,
}

/// A proof that a measure was carried out: a page of the site or an external address.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub raw: String,
    /// The page an `@/` link leads to (resolved while linking); `None` for external links.
    pub target: Option<PageId>,
    pub spot: Spot,
}

/// One line of a roadmap's table.
#[derive(Debug, Clone)]
pub struct Measure {
    /// «3.7», unique in the roadmap; its anchor is `m3-7`.
    pub number: String,
    /// The number of its section («3»).
    pub section: String,
    pub title: String,
    /// The deadline as written («декабрь 2022 (с 2023 года – ежегодно)»).
    pub due_text: String,
    pub deadline: Deadline,
    pub responsible: Vec<Responsible>,
    pub expected: Option<String>,
    pub status: Statuses,
    pub status_date: Option<Date>,
    /// Where `status_date` is written: a date in the future is found while linking.
    pub status_date_spot: Option<Spot>,
    pub note: Option<String>,
    pub evidence: Vec<Evidence>,
    /// Events that name this measure (`measure:`), filled while linking, in date order.
    pub events: Vec<PageId>,
    pub spot: Spot,
    /// The roadmap's `approved` date: no yearly occurrence is due before it.
    pub approved: Option<Date>,
}

impl Measure {
    /// The anchor of the measure on its roadmap's page: «3.7» → `m3-7`.
    pub fn anchor(&self) -> String {
        measure_anchor(&self.number)
    }

    /// The concrete spans by which the measure is due within `period`.
    pub fn due(&self, period: (i16, i16)) -> Vec<When> {
        self.deadline.due_from(period, self.approved)
    }

    /// The measure's state on `today`: overdue when some deadline has passed while the status
    /// of its year is still open; otherwise its status (for a yearly measure, done only when
    /// every year is done, and in progress while some years are done and others are not).
    pub fn state(&self, period: (i16, i16), today: Date) -> MeasureState {
        let due = self.due(period);
        let overdue = due
            .iter()
            .any(|w| w.last_day() < today && self.status.for_year(w.last_day().year()).is_open());
        if overdue {
            return MeasureState::Overdue;
        }
        match &self.status {
            Statuses::One(s) => MeasureState::Status(*s),
            Statuses::PerYear(map) => {
                let years: Vec<i16> = if due.is_empty() {
                    map.keys().copied().collect()
                } else {
                    due.iter().map(|w| w.last_day().year()).collect()
                };
                let all_done = !years.is_empty()
                    && years
                        .iter()
                        .all(|y| self.status.for_year(*y) == MeasureStatus::Done);
                if all_done {
                    return MeasureState::Status(MeasureStatus::Done);
                }
                let year = today.year().clamp(period.0, period.1);
                match self.status.for_year(year) {
                    MeasureStatus::Done => MeasureState::Status(MeasureStatus::InProgress),
                    other => MeasureState::Status(other),
                }
            }
        }
    }
}

/// The anchor of measure `number` («3.7» → `m3-7`).
pub fn measure_anchor(number: &str) -> String {
    let cleaned: String = number
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("m{}", cleaned.trim_matches('-'))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadmapSection {
    /// «I», «2», «3» as written in the plan.
    pub number: String,
    pub title: String,
}

#[derive(Debug, Clone)]
pub struct Roadmap {
    /// The approving document (`order: "@/orders/prikaz-633-2022.md"`).
    pub order: Option<PageRef>,
    /// Whose roadmap it is: none or one organization id.
    pub organizations: Vec<String>,
    /// The first and last year (`period: 2022–2024`).
    pub period: (i16, i16),
    pub approved: Option<Date>,
    pub sections: Vec<RoadmapSection>,
    pub measures: Vec<Measure>,
}

/// A reference from an event to a measure (`@/roadmaps/x.md#3.7`).
#[derive(Debug, Clone)]
pub struct MeasureRef {
    pub raw: String,
    /// The roadmap page and the measure's index in it.
    pub target: Option<(PageId, usize)>,
}

/// A field of a mentor's file that the person may consent to publish (`consent.fields`).
/// `Body` stands for the text below the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentorField {
    Name,
    Organization,
    Position,
    Subjects,
    Level,
    Forms,
    ExperienceYears,
    Category,
    Topics,
    Photo,
    Phone,
    Email,
    Practices,
    Events,
    Awards,
    Body,
}

impl MentorField {
    pub const ALL: [MentorField; 16] = [
        MentorField::Name,
        MentorField::Organization,
        MentorField::Position,
        MentorField::Subjects,
        MentorField::Level,
        MentorField::Forms,
        MentorField::ExperienceYears,
        MentorField::Category,
        MentorField::Topics,
        MentorField::Photo,
        MentorField::Phone,
        MentorField::Email,
        MentorField::Practices,
        MentorField::Events,
        MentorField::Awards,
        MentorField::Body,
    ];

    /// The name editors write in `consent.fields` (the front-matter key, or `body`).
    pub fn key(self) -> &'static str {
        match self {
            MentorField::Name => "name",
            MentorField::Organization => "organization",
            MentorField::Position => "position",
            MentorField::Subjects => "subjects",
            MentorField::Level => "level",
            MentorField::Forms => "forms",
            MentorField::ExperienceYears => "experience_years",
            MentorField::Category => "category",
            MentorField::Topics => "topics",
            MentorField::Photo => "photo",
            MentorField::Phone => "phone",
            MentorField::Email => "email",
            MentorField::Practices => "practices",
            MentorField::Events => "events",
            MentorField::Awards => "awards",
            MentorField::Body => "body",
        }
    }

    pub fn from_key(key: &str) -> Option<MentorField> {
        Self::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// A mentor's written consent to publish personal data (152-ФЗ, art. 10.1), as far as the build
/// needs it. Where the signed paper is kept (`consent.document`) is read and checked but never
/// stored here, so nothing can publish it.
#[derive(Debug, Clone, Default)]
pub struct Consent {
    /// The day it was signed; `None` when the file has no consent at all.
    pub signed: Option<Date>,
    /// The last day it is in force, when limited.
    pub until: Option<Date>,
    /// The day the person withdrew it.
    pub withdrawn: Option<Date>,
    /// What may be published.
    pub fields: Vec<MentorField>,
    /// Where `until` is written, for `check`'s list of consents that end soon.
    pub until_spot: Option<Spot>,
}

impl Consent {
    pub fn allows(&self, field: MentorField) -> bool {
        self.signed.is_some() && self.fields.contains(&field)
    }
}

/// Why a mentor is not published at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Withheld {
    /// The file has no `consent`.
    NoConsent,
    /// The consent does not name `name`: a profile without a name is not published.
    NoName,
    /// Signed after the build's date.
    NotYetSigned(Date),
    /// Withdrawn on that day (today or earlier).
    Withdrawn(Date),
    /// In force until that day, which has passed.
    Expired(Date),
}

/// A mentor of the register (`content/mentors/`). Built only from what the person consented to
/// publish: every field not in `consent.fields` is left empty while the file is read (see
/// `content/mentor.rs`), so pages, lists, feeds and the search index never see it.
#[derive(Debug, Clone)]
pub struct Mentor {
    /// ФИО; empty when not consented (then the mentor is withheld).
    pub name: String,
    /// None or one organization id.
    pub organizations: Vec<String>,
    pub position: Option<String>,
    pub subjects: Vec<String>,
    pub levels: Vec<String>,
    pub forms: Vec<String>,
    pub experience_years: Option<u32>,
    /// Квалификационная категория, as written.
    pub category: Option<String>,
    pub topics: Vec<String>,
    /// The photo, copied beside the page; not listed among attachments.
    pub photo: Option<Attachment>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub practices: Vec<PageRef>,
    pub events: Vec<PageRef>,
    pub awards: Vec<String>,
    pub consent: Consent,
}

impl Mentor {
    /// Why the mentor may not be published on `today`, if so.
    pub fn withheld(&self, today: Date) -> Option<Withheld> {
        let c = &self.consent;
        let Some(signed) = c.signed else {
            return Some(Withheld::NoConsent);
        };
        if let Some(w) = c.withdrawn
            && w <= today
        {
            return Some(Withheld::Withdrawn(w));
        }
        if let Some(u) = c.until
            && u < today
        {
            return Some(Withheld::Expired(u));
        }
        if signed > today {
            return Some(Withheld::NotYetSigned(signed));
        }
        if !c.allows(MentorField::Name) || self.name.is_empty() {
            return Some(Withheld::NoName);
        }
        None
    }
}

/// A school, kindergarten or other body from `data/organizations.yaml`.
#[derive(Debug, Clone)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub short: String,
    pub kind: Option<String>,
    pub address: Option<String>,
    pub url: Option<String>,
    pub path: String,
    /// The city district (Ленинский, Промышленный…), for the register's filter.
    pub district: Option<String>,
    /// Whether it runs a mentoring programme; `None` when the file does not say.
    pub mentoring: Option<bool>,
    /// The year its programme started.
    pub program_since: Option<i32>,
    /// The organization's own «Наставничество» page.
    pub mentoring_url: Option<String>,
    /// The programme's curator, already cut to what may be published (see
    /// [`Curator::published`]); `None` when nothing of them may be.
    pub curator: Option<Curator>,
    /// Yearly figures (numbers only), by year ascending, one entry per year.
    pub figures: Vec<YearFigures>,
}

/// A curator's field an organization may publish (`publish: [name, position, email]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CuratorField {
    Name,
    Position,
    Phone,
    Email,
}

impl CuratorField {
    pub const ALL: [CuratorField; 4] = [
        CuratorField::Name,
        CuratorField::Position,
        CuratorField::Phone,
        CuratorField::Email,
    ];

    /// The key in `data/organizations.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            CuratorField::Name => "name",
            CuratorField::Position => "position",
            CuratorField::Phone => "phone",
            CuratorField::Email => "email",
        }
    }
}

/// The curator of an organization's mentoring programme: a person, so only the fields the
/// organization lists in `publish` ever reach the model. Templates, feeds, the CSV and the
/// search index see this struct and nothing else of the curator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Curator {
    pub name: Option<String>,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Curator {
    /// What of `all` may be published: the fields listed in `publish`, the others dropped
    /// here. `None` when nothing is left.
    pub fn published(all: Curator, publish: &[CuratorField]) -> Option<Curator> {
        let keep = |f: CuratorField, v: Option<String>| v.filter(|_| publish.contains(&f));
        let c = Curator {
            name: keep(CuratorField::Name, all.name),
            position: keep(CuratorField::Position, all.position),
            phone: keep(CuratorField::Phone, all.phone),
            email: keep(CuratorField::Email, all.email),
        };
        (c != Curator::default()).then_some(c)
    }
}

/// An organization's figures for one year: counts only, never names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct YearFigures {
    pub year: i32,
    /// Mentoring pairs.
    pub pairs: Option<u32>,
    /// Mentoring groups.
    pub groups: Option<u32>,
    pub mentors: Option<u32>,
    pub mentees: Option<u32>,
}

/// The intro of a section (`_index.md`): home, events, practices, orders.
#[derive(Debug, Clone)]
pub struct SectionIntro {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Rendered Markdown (filled by the Markdown pass of loading).
    pub content: String,
    pub source: SourceFile,
}

/// A taxonomy: a way to group pages by a front-matter field, with a page per term.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// URL segment and context key (`topics`).
    pub key: &'static str,
    /// Russian heading («Темы»).
    pub title: &'static str,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    /// The pages with this term, in the order lists show them.
    pub pages: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub root: PathBuf,
    /// The build's date in the site's time zone: what «upcoming» means without JavaScript.
    pub today: Date,
    pub organizations: Vec<Organization>,
    pub pages: Vec<Page>,
    /// Section intros by section name: "" (home), "events", "practices", "orders".
    pub sections: BTreeMap<String, SectionIntro>,
    pub taxonomies: Vec<Taxonomy>,
    /// Events sorted by date (earliest first), practices newest first, orders newest first.
    pub events: Vec<PageId>,
    pub practices: Vec<PageId>,
    pub orders: Vec<PageId>,
    /// Roadmaps, newest period first.
    pub roadmaps: Vec<PageId>,
    /// Contests, newest first.
    pub contests: Vec<PageId>,
    /// Published mentors (consent in force, see [`Mentor::withheld`]), by name.
    pub mentors: Vec<PageId>,
    pub plain_pages: Vec<PageId>,
    /// Content paths of the drafts left out (`practices/x.md`): a link to one is an error.
    pub drafts: Vec<String>,
}

impl Site {
    pub fn organization(&self, id: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }

    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id]
    }

    pub fn taxonomy(&self, key: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn event(start: &str, repeat: Option<Yearly>) -> Event {
        Event {
            when: When::new(DatePoint::parse(start).unwrap(), None).unwrap(),
            format: None,
            series: None,
            organizations: Vec::new(),
            responsible: Vec::new(),
            location: None,
            online: None,
            registration: None,
            audience: None,
            status: EventStatus::Planned,
            practices: Vec::new(),
            repeat,
            moved_from: Vec::new(),
            updated: None,
            measure: None,
            outcome: Box::default(),
        }
    }

    #[test]
    fn a_yearly_event_is_upcoming_at_its_next_occurrence() {
        let yearly = Yearly {
            until: None,
            except: Vec::new(),
        };
        let e = event("2022-12-10", Some(yearly));
        let next = e.next_occurrence(date(2026, 11, 23)).unwrap();
        assert_eq!(next.first_day(), date(2026, 12, 10));
        let next = e.next_occurrence(date(2026, 12, 11)).unwrap();
        assert_eq!(next.first_day(), date(2027, 12, 10));
        assert_eq!(e.last_day_overall(), None);
    }

    #[test]
    fn a_yearly_event_with_an_end_becomes_past() {
        let yearly = Yearly {
            until: Some(DatePoint::parse("2024-12").unwrap()),
            except: Vec::new(),
        };
        let e = event("2022-12", Some(yearly));
        assert_eq!(e.last_day_overall(), Some(date(2024, 12, 31)));
        assert!(e.next_occurrence(date(2025, 1, 1)).is_none());
        let single = event("2022-10-10", None);
        assert!(single.next_occurrence(date(2022, 10, 10)).is_some());
        assert!(single.next_occurrence(date(2022, 10, 11)).is_none());
    }
}
