//! The register of organizations (order № 633, 4.2: «реестр ОУ, реализующих программы
//! наставничества»): the Russian text of yearly figures, the city totals per year, and the
//! whole-site file `organizations/register.csv` ([`super::assemble::SiteWide::Register`]).
//!
//! Everything here reads the organizations as the model holds them, so a curator's field that
//! may not be published is not there to be written.

use std::path::PathBuf;

use serde::Serialize;

use crate::content::model::{Organization, Site, YearFigures};
use crate::diagnostic::Diagnostic;
use crate::ru::NBSP;
use crate::ru::plural::count;
use crate::urls::{self, Urls};

/// «22 наставнические пары, 4 группы, 25 наставников, 30 наставляемых»: the figures given, in
/// this order; empty when none is.
pub fn figures_text(f: &YearFigures) -> String {
    let mut parts = Vec::new();
    if let Some(n) = f.pairs {
        parts.push(count(
            n.into(),
            "наставническая пара",
            "наставнические пары",
            "наставнических пар",
        ));
    }
    if let Some(n) = f.groups {
        parts.push(count(n.into(), "группа", "группы", "групп"));
    }
    if let Some(n) = f.mentors {
        parts.push(count(n.into(), "наставник", "наставника", "наставников"));
    }
    if let Some(n) = f.mentees {
        parts.push(count(
            n.into(),
            "наставляемый",
            "наставляемых",
            "наставляемых",
        ));
    }
    parts.join(", ")
}

/// «реализует, с 2021 г.», «не реализует», or «нет сведений» when the file does not say.
pub fn mentoring_text(o: &Organization) -> String {
    match (o.mentoring, o.program_since) {
        (Some(true), Some(y)) => format!("реализует с{NBSP}{y}{NBSP}г."),
        (Some(true), None) => "реализует".to_string(),
        (Some(false), _) => "не реализует".to_string(),
        (None, _) => "нет сведений".to_string(),
    }
}

/// The city's figures for one year: the sums over the organizations that gave them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct YearTotal {
    pub year: i32,
    /// «2023 г.: 312 наставнических пар, 48 групп, …».
    pub line: String,
    /// «по данным 8 организаций».
    pub source: String,
}

/// The city totals, newest year first. A figure no organization gave for a year is left out of
/// that year's line rather than shown as zero.
pub fn city_totals(site: &Site) -> Vec<YearTotal> {
    let mut years: std::collections::BTreeMap<i32, (YearFigures, u64)> = Default::default();
    for o in &site.organizations {
        for f in &o.figures {
            let (sum, orgs) = years.entry(f.year).or_insert((
                YearFigures {
                    year: f.year,
                    ..YearFigures::default()
                },
                0,
            ));
            *orgs += 1;
            for (total, value) in [
                (&mut sum.pairs, f.pairs),
                (&mut sum.groups, f.groups),
                (&mut sum.mentors, f.mentors),
                (&mut sum.mentees, f.mentees),
            ] {
                if let Some(v) = value {
                    *total = Some(total.unwrap_or(0).saturating_add(v));
                }
            }
        }
    }
    years
        .into_iter()
        .rev()
        .filter_map(|(year, (sum, orgs))| {
            let text = figures_text(&sum);
            (!text.is_empty()).then(|| YearTotal {
                year,
                line: format!("{year}{NBSP}г.: {text}"),
                source: format!(
                    "по данным {}",
                    count(orgs, "организации", "организаций", "организаций")
                ),
            })
        })
        .collect()
}

/// The years any organization gave figures for, ascending.
fn figure_years(site: &Site) -> Vec<i32> {
    let mut years: Vec<i32> = site
        .organizations
        .iter()
        .flat_map(|o| o.figures.iter().map(|f| f.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The columns before the yearly figures.
const COLUMNS: [&str; 15] = [
    "Код",
    "Краткое название",
    "Полное название",
    "Тип",
    "Район",
    "Реализует программу наставничества",
    "Год начала программы",
    "Куратор",
    "Должность куратора",
    "Телефон куратора",
    "E-mail куратора",
    "Страница «Наставничество»",
    "Сайт",
    "Адрес",
    "Страница на сайте раздела",
];

/// The headers of one year's figures.
const FIGURE_COLUMNS: [&str; 4] = ["пары", "группы", "наставники", "наставляемые"];

/// One organization's cells, in [`COLUMNS`] order and then four per year of `years`.
fn row(u: &Urls, o: &Organization, years: &[i32]) -> Vec<String> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let curator = o.curator.clone().unwrap_or_default();
    let mut cells = vec![
        o.id.clone(),
        o.short.clone(),
        o.name.clone(),
        text(&o.kind),
        text(&o.district),
        match o.mentoring {
            Some(true) => "да".to_string(),
            Some(false) => "нет".to_string(),
            None => String::new(),
        },
        o.program_since.map(|y| y.to_string()).unwrap_or_default(),
        text(&curator.name),
        text(&curator.position),
        text(&curator.phone),
        text(&curator.email),
        text(&o.mentoring_url),
        text(&o.url),
        text(&o.address),
        u.abs(&o.path),
    ];
    for &y in years {
        let f = o.figures.iter().find(|f| f.year == y);
        for value in [
            f.and_then(|f| f.pairs),
            f.and_then(|f| f.groups),
            f.and_then(|f| f.mentors),
            f.and_then(|f| f.mentees),
        ] {
            cells.push(value.map(|n| n.to_string()).unwrap_or_default());
        }
    }
    cells
}

/// `organizations/register.csv`: UTF-8 with a BOM (so Excel opens Cyrillic correctly), «;»
/// between cells, CRLF line ends, as the roadmaps' tables; one row per organization in the
/// file's order, then four columns per year with figures.
pub fn register_csv(site: &Site, u: &Urls) -> Vec<u8> {
    let years = figure_years(site);
    let mut header: Vec<String> = COLUMNS.iter().map(|h| (*h).to_string()).collect();
    for y in &years {
        header.extend(FIGURE_COLUMNS.iter().map(|c| format!("{y}: {c}")));
    }
    let mut out = String::from("\u{feff}");
    let mut line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| super::roadmaps::csv_cell(c)).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    };
    line(&header);
    for o in &site.organizations {
        line(&row(u, o, &years));
    }
    out.into_bytes()
}

/// The register's files.
pub fn outputs(site: &Site, u: &Urls) -> Result<Vec<(PathBuf, Vec<u8>)>, Vec<Diagnostic>> {
    Ok(vec![(
        PathBuf::from(urls::ORGANIZATIONS_CSV),
        register_csv(site, u),
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_in_russian_with_plurals() {
        let f = YearFigures {
            year: 2023,
            pairs: Some(312),
            groups: Some(48),
            mentors: Some(21),
            mentees: Some(1),
        };
        assert_eq!(
            figures_text(&f).replace(NBSP, " "),
            "312 наставнических пар, 48 групп, 21 наставник, 1 наставляемый"
        );
        let f = YearFigures {
            year: 2023,
            pairs: Some(22),
            groups: None,
            mentors: Some(3),
            mentees: Some(14),
        };
        assert_eq!(
            figures_text(&f).replace(NBSP, " "),
            "22 наставнические пары, 3 наставника, 14 наставляемых"
        );
        assert_eq!(figures_text(&YearFigures::default()), "");
    }
}
