//! The «Документы» section: each document's label, the documents page grouped by level with
//! its filter, and the page «Образцы документов для образовательных организаций».
//!
//! The documents page is one page (documents are tens, not thousands): groups by level in the
//! order federal, regional, municipal, organization, then «Другие документы», each newest
//! first. The filter (kind, level, year) is the browser's work, kept in the URL; without
//! JavaScript the page is the grouped lists. Templates (kind «образец») are not in the groups:
//! they have their own page, with the file, its format and size, and how to use it.

use serde::Serialize;
use tera::Context;

use crate::content::model::{DocKind, DocLevel, Order, PageId};
use crate::ru;
use crate::urls;

use super::context::{AttachmentCtx, attachment_ctx, text};
use super::{Renderer, section_key, section_title};

/// The title of the templates page.
pub const TEMPLATES_TITLE: &str = "Образцы документов для образовательных организаций";

/// «Распоряжение Министерства просвещения РФ от 25.12.2019 № Р-145»: the kind, the issuer in
/// the genitive (left out when its head word cannot be declined, see
/// [`ru::genitive::issuer_genitive`]), the date and the number, as documents cite each other.
/// Without a kind the label says «Документ».
pub fn document_label(o: &Order) -> String {
    let mut label = o
        .kind
        .map_or_else(|| "Документ".to_string(), DocKind::title);
    if let Some(issuer) = o.issuer.as_deref().and_then(ru::genitive::issuer_genitive) {
        label.push(' ');
        label.push_str(&issuer);
    }
    if let Some(d) = o.date {
        label.push_str(" от ");
        label.push_str(&ru::dates::format_date_short(d));
    }
    if let Some(n) = &o.number {
        label.push_str(" №\u{a0}");
        label.push_str(n);
    }
    text(&label)
}

/// One group of the documents page.
#[derive(Serialize)]
struct Group {
    key: &'static str,
    heading: &'static str,
    items: tera::Value,
}

/// A choice of the page's filter.
#[derive(Serialize)]
struct Choice {
    key: String,
    label: String,
}

/// One template on the templates page.
#[derive(Serialize)]
struct TemplateItem {
    title: String,
    url: String,
    note: Option<String>,
    file: Option<AttachmentCtx>,
}

impl Renderer<'_> {
    /// The documents of the groups, by level (templates left out), each newest first.
    pub(super) fn document_groups(&self) -> Vec<(Option<DocLevel>, Vec<PageId>)> {
        let site = self.site;
        let levels = DocLevel::ALL.iter().map(|(_, l)| Some(*l)).chain([None]);
        levels
            .map(|level| {
                let ids = site
                    .orders
                    .iter()
                    .copied()
                    .filter(|&id| {
                        site.pages[id]
                            .as_order()
                            .is_some_and(|o| o.level == level && o.kind != Some(DocKind::Template))
                    })
                    .collect();
                (level, ids)
            })
            .filter(|(_, ids): &(_, Vec<PageId>)| !ids.is_empty())
            .collect()
    }

    /// The templates, newest first.
    pub(super) fn template_ids(&self) -> Vec<PageId> {
        let site = self.site;
        site.orders
            .iter()
            .copied()
            .filter(|&id| {
                site.pages[id]
                    .as_order()
                    .is_some_and(|o| o.kind == Some(DocKind::Template))
            })
            .collect()
    }

    /// The documents page (`orders/`): the section's intro, the filter, the groups, and a link
    /// to the templates.
    pub(super) fn documents_context(&self, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let (mut ctx, intro) =
            self.section_context(crate::content::model::KindName::Order, site_path);
        ctx.insert("intro", &intro.map(|s| s.content.clone()));
        let groups = self.document_groups();
        let mut kinds: Vec<DocKind> = Vec::new();
        let mut years: Vec<i16> = Vec::new();
        for (_, ids) in &groups {
            for o in ids.iter().filter_map(|&id| site.pages[id].as_order()) {
                kinds.extend(o.kind);
                years.extend(o.date.map(|d| d.year()));
            }
        }
        kinds.sort();
        kinds.dedup();
        years.sort_by(|a, b| b.cmp(a));
        years.dedup();
        let filters = serde_json::json!({
            "kinds": kinds.iter().map(|k| Choice { key: ru::translit::slugify(k.name()), label: k.name().to_string() }).collect::<Vec<_>>(),
            "levels": groups.iter().filter_map(|(l, _)| *l).map(|l| Choice { key: l.key().to_string(), label: l.name().to_string() }).collect::<Vec<_>>(),
            "years": years,
        });
        ctx.insert("filters", &filters);
        let groups: Vec<Group> = groups
            .iter()
            .map(|(level, ids)| Group {
                key: level.map_or("other", DocLevel::key),
                heading: level.map_or("Другие документы", DocLevel::heading),
                items: self.cards.orders_of(ids, &site.pages),
            })
            .collect();
        ctx.insert("groups", &groups);
        let templates = self.template_ids();
        ctx.insert(
            "templates",
            &(!templates.is_empty()).then(|| {
                serde_json::json!({
                    "title": TEMPLATES_TITLE,
                    "url": self.u.path(urls::DOCUMENT_TEMPLATES),
                    "count_text": ru::plural::count(templates.len() as u64, "образец", "образца", "образцов"),
                })
            }),
        );
        ("orders.html", ctx)
    }

    /// The templates page (`orders/obraztsy/`).
    pub(super) fn templates_context(&self, site_path: &str) -> (&'static str, Context) {
        let site = self.site;
        let kind = crate::content::model::KindName::Order;
        let section = site
            .sections
            .get(section_key(kind))
            .and_then(|s| s.title.clone())
            .unwrap_or_else(|| section_title(kind).to_string());
        let crumbs = vec![self.home_crumb(), self.crumb(&section, urls::ORDERS)];
        let mut ctx = self.common_context(TEMPLATES_TITLE, site_path, section_key(kind), crumbs);
        ctx.insert("title", &text(TEMPLATES_TITLE));
        let items: Vec<TemplateItem> = self
            .template_ids()
            .into_iter()
            .map(|id| {
                let page = &site.pages[id];
                let file = page
                    .as_order()
                    .and_then(|o| o.file)
                    .and_then(|i| page.attachments.get(i))
                    .map(|a| attachment_ctx(a, &self.u));
                TemplateItem {
                    title: crate::html::text_to_html(&page.title),
                    url: self.u.path(&page.path),
                    note: page.summary.as_deref().map(text),
                    file,
                }
            })
            .collect();
        ctx.insert("items", &items);
        ("document_templates.html", ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::OrderStatus;

    fn order(kind: Option<DocKind>, issuer: Option<&str>, number: Option<&str>) -> Order {
        Order {
            kind,
            number: number.map(str::to_string),
            date: Some(jiff::civil::date(2019, 12, 25)),
            issuer: issuer.map(str::to_string),
            level: Some(DocLevel::Federal),
            organizations: Vec::new(),
            file: None,
            status: OrderStatus::Active,
            replaces: None,
            replaced_by: None,
        }
    }

    #[test]
    fn labels_follow_kind_issuer_date_and_number() {
        let o = order(
            Some(DocKind::Directive),
            Some("Министерство просвещения РФ"),
            Some("Р-145"),
        );
        assert_eq!(
            document_label(&o),
            "Распоряжение Министерства просвещения РФ от 25.12.2019 №\u{a0}Р-145"
        );
        let o = order(Some(DocKind::Regulation), None, None);
        assert_eq!(document_label(&o), "Положение от 25.12.2019");
        let o = order(None, Some("Педагогическая конференция"), Some("5"));
        assert_eq!(document_label(&o), "Документ от 25.12.2019 №\u{a0}5");
    }
}
