//! A document's fields (`content/orders/`): kind, level and status from their fixed lists,
//! number, date, issuer, the signed file, and what it replaces or was replaced by. A template
//! (kind «образец») must carry its file, since the file is what schools come for.

use crate::content::front_matter::Fields;
use crate::content::model::{Attachment, DocKind, DocLevel, Kind, Order, OrderStatus, PageRef};
use crate::content::vocabulary::{DOC_STATUS, check_field_value, normalize};

pub const FIELDS: &[&str] = &[
    "title",
    "summary",
    "draft",
    "slug",
    "aliases",
    "kind",
    "number",
    "date",
    "issuer",
    "level",
    "file",
    "status",
    "replaces",
    "replaced_by",
    "organizations",
    "attachments",
];

/// The `file` field, read (and checked) by the attachments' reader in `parse.rs`.
pub struct SignedFile {
    pub written: bool,
    pub attachment: Option<Attachment>,
}

/// Reads a document's own fields; the signed `file` is put first in `attachments`.
pub fn document(
    f: &mut Fields<'_>,
    file: SignedFile,
    date: Option<jiff::civil::Date>,
    summary_written: bool,
    attachments: &mut Vec<Attachment>,
) -> Option<Kind> {
    let kind = f.string("kind").and_then(|k| {
        check_field_value(
            f,
            "kind",
            &k,
            &DocKind::VOCABULARY,
            "с таким видом документ подписан просто «Документ» и не попадает в отбор по виду",
        )
        .and_then(DocKind::from_name)
    });
    let level = f.string("level").and_then(|l| {
        check_field_value(
            f,
            "level",
            &l,
            &DocLevel::VOCABULARY,
            "с таким уровнем документ показан в группе «Другие документы»",
        )
        .and_then(DocLevel::from_name)
    });
    let status = match f.string("status") {
        None => OrderStatus::Active,
        // A feminine or neuter kind is written with its own ending: «утратила силу».
        Some(s) if normalize(&s).starts_with("утратил") && normalize(&s).ends_with(" силу") => {
            OrderStatus::Void
        }
        Some(s) => match check_field_value(
            f,
            "status",
            &s,
            &DOC_STATUS,
            "пока статус не исправлен, документ считается действующим",
        ) {
            Some("утратил силу") => OrderStatus::Void,
            _ => OrderStatus::Active,
        },
    };
    let file_written = file.written;
    let file = file.attachment.map(|a| {
        attachments.insert(0, a);
        0
    });
    if kind == Some(DocKind::Template) {
        if !file_written {
            let d = f
                .error_at_key(
                    "kind",
                    "template-without-file",
                    "у образца документа не указан файл (поле file)",
                )
                .with_hint(
                    "образцы публикуются ради файла, который школа скачает и заполнит: положите \
                     файл DOCX или ODT рядом со страницей и добавьте строку, например: \
                     file: polozhenie-o-nastavnichestve.docx",
                );
            f.diagnostics.push(d);
        }
        if !summary_written {
            let d = f
                .source()
                .error_at(
                    "template-without-note",
                    f.value_span("kind"),
                    "у образца документа нет пояснения, как им пользоваться (поле summary)",
                )
                .with_hint(
                    "на странице образцов под каждым файлом стоит короткое пояснение, например: \
                     summary: Впишите название организации и сроки, обсудите на педагогическом \
                     совете и утвердите приказом директора.",
                );
            f.diagnostics.push(crate::diagnostic::Diagnostic {
                severity: crate::diagnostic::Severity::Warning,
                ..d
            });
        }
    }
    let page_ref = |raw: String| PageRef { raw, target: None };
    Some(Kind::Order(Order {
        kind,
        number: f
            .string("number")
            .map(|n| n.trim_start_matches('№').trim().to_string()),
        date,
        issuer: f.string("issuer"),
        level,
        organizations: f.string_list("organizations", "sh-40"),
        file,
        status,
        replaces: f.string("replaces").map(page_ref),
        replaced_by: f.string("replaced_by").map(page_ref),
    }))
}
