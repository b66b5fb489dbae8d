//! The model of a contest (`content/contests/`) and of what a past event achieved.
//!
//! A contest's results name people (often minors and teachers). Their names reach the model
//! only when the result says they may be published (`participants_consent: true`): the reader
//! in `content/contest.rs` drops them otherwise, so no template, feed or index can show them.

use jiff::civil::Date;

use super::{PageRef, Spot};
use crate::when::When;

/// The levels a contest is held at, as editors write them; the practice page's phrase
/// («Победитель … городского конкурса») takes their genitive.
pub const CONTEST_LEVELS: [&str; 8] = [
    "школьный",
    "районный",
    "муниципальный",
    "городской",
    "региональный",
    "межрегиональный",
    "всероссийский",
    "международный",
];

/// «городской» → «городского»: every level of [`CONTEST_LEVELS`] ends in -ый, -ий or -ой.
pub fn level_genitive(level: &str) -> Option<String> {
    ["ый", "ий", "ой"]
        .iter()
        .find_map(|end| level.strip_suffix(end))
        .map(|stem| format!("{stem}ого"))
}

#[derive(Debug, Clone)]
pub struct Contest {
    /// One of [`CONTEST_LEVELS`] (an unknown value is kept, with a warning).
    pub level: Option<String>,
    /// Free text, or an organization's id (then linked).
    pub organizer: Option<String>,
    /// The contest's Положение (`regulation: "@/orders/polozhenie-konkurs-2024.md"`).
    pub regulation: Option<PageRef>,
    pub nominations: Vec<String>,
    pub applications: Option<Applications>,
    pub stages: Vec<Stage>,
    pub audience: Option<String>,
    pub results: Vec<ContestResult>,
    /// The organizations the results name, in order, without repeats (for the references
    /// check and the organizations' pages).
    pub organizations: Vec<String>,
}

/// The application window: the last day is required, the first is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applications {
    pub from: Option<Date>,
    pub to: Date,
}

/// One stage: its own dates, or an event page that holds them.
#[derive(Debug, Clone)]
pub struct Stage {
    pub title: Option<String>,
    pub when: Option<When>,
    pub event: Option<PageRef>,
}

#[derive(Debug, Clone)]
pub struct ContestResult {
    pub place: Option<u32>,
    /// «Победитель», «Лауреат», «Специальный приз жюри».
    pub title: Option<String>,
    pub nomination: Option<String>,
    /// The participants' names: `Some` only when the result allows publishing them.
    pub participants: Option<String>,
    /// Names were written but are not published (no consent): `check` lists such results.
    pub participants_withheld: bool,
    pub organization: Option<String>,
    pub practice: Option<PageRef>,
    pub spot: Spot,
}

impl ContestResult {
    /// «Победитель (1 место)», «Призёр (2 место)», «Лауреат».
    pub fn award(&self) -> String {
        let title = match (&self.title, self.place) {
            (Some(t), _) => t.clone(),
            (None, Some(1)) => "Победитель".to_string(),
            (None, Some(2 | 3)) => "Призёр".to_string(),
            (None, _) => "Участник".to_string(),
        };
        match self.place {
            Some(p) => format!("{title} ({p}\u{a0}место)"),
            None => title,
        }
    }
}

/// Where a contest stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContestState {
    /// Applications open later.
    Announced,
    /// Applications are accepted.
    Applications,
    /// Applications are closed; stages or the jury's work go on, or results are not out.
    Evaluation,
    /// Results are published and every date has passed.
    Results,
}

impl ContestState {
    pub fn key(self) -> &'static str {
        match self {
            ContestState::Announced => "announced",
            ContestState::Applications => "applications",
            ContestState::Evaluation => "evaluation",
            ContestState::Results => "results",
        }
    }
}

impl Contest {
    /// The contest's state on `today`. `last_day` is the last day of its dates (applications
    /// and stages, the stage events' dates included), which only the site knows. The browser
    /// script of `contest.html` follows the same steps with the visitor's date.
    pub fn state(&self, today: Date, last_day: Option<Date>) -> Option<ContestState> {
        if let Some(a) = self.applications {
            if a.from.is_some_and(|from| today < from) {
                return Some(ContestState::Announced);
            }
            if today <= a.to {
                return Some(ContestState::Applications);
            }
        }
        let over = last_day.is_none_or(|d| today > d);
        match (self.results.is_empty(), over) {
            (false, true) => Some(ContestState::Results),
            _ if self.applications.is_some() || last_day.is_some() => {
                Some(ContestState::Evaluation)
            }
            _ => None,
        }
    }

    /// The first day the contest names: the year it is known by.
    pub fn first_day(&self) -> Option<Date> {
        let stage = self
            .stages
            .iter()
            .filter_map(|s| s.when.map(|w| w.first_day()))
            .min();
        match self.applications {
            Some(a) => Some(a.from.unwrap_or(a.to)).into_iter().chain(stage).min(),
            None => stage,
        }
    }
}

/// What a past event achieved: its results, its participants and its materials.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// `results` as written (Markdown).
    pub results: Option<String>,
    /// `results` as HTML (filled by the Markdown pass of loading).
    pub results_html: String,
    /// The first lines of `results` as plain text, for the home page's cards.
    pub results_lead: Option<String>,
    /// How many took part.
    pub participants: Option<u64>,
    /// Links to recordings, presentations and other materials published elsewhere.
    pub materials: Vec<Material>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Material {
    pub title: String,
    pub url: String,
}
