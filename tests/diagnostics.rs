//! One test per editor diagnostic: the stable code, a stable part of the Russian message, the
//! file, line and column, a hint that tells how to fix it, and proof that a failed build left the
//! published site alone.
//!
//! Every rejected site goes through both the library (`build_site`, for the structured
//! diagnostics) and the binary (`nastavnik build`, for the exit status, the rendered report and
//! the untouched output folder).

mod common;

use std::path::Path;

use common::{ABOUT, EVENT, ORDER, ORGS, PRACTICE, SITE_YAML, TestSite, tree};
use nastavnik::diagnostic::{Diagnostic, Severity, summary_line};

/// The outcome of building a broken site.
struct Rejected {
    diagnostics: Vec<Diagnostic>,
    stderr: String,
}

impl Rejected {
    /// The one diagnostic of the run: a single mistake must give a single message.
    fn only(&self) -> &Diagnostic {
        assert_eq!(
            self.diagnostics.len(),
            1,
            "expected exactly one diagnostic, got:\n{}",
            self.stderr
        );
        &self.diagnostics[0]
    }

    /// The one diagnostic with `code` (others may be present).
    fn find(&self, code: &str) -> &Diagnostic {
        let found: Vec<&Diagnostic> = self.diagnostics.iter().filter(|d| d.code == code).collect();
        assert_eq!(
            found.len(),
            1,
            "expected one «{code}» diagnostic, got:\n{}",
            self.stderr
        );
        found[0]
    }

    fn codes(&self) -> Vec<&'static str> {
        self.diagnostics.iter().map(|d| d.code).collect()
    }
}

/// Publishes the good site, lets `break_site` break it, and builds it through the library and
/// the binary. Asserts that the build fails with exit status 1, that every diagnostic is on
/// stderr with its position, message and hint, that the count line closes the report, and that
/// the published output folder is byte-for-byte and timestamp-for-timestamp as before.
fn rejected(break_site: impl FnOnce(&TestSite)) -> Rejected {
    let site = TestSite::new();
    let before = site.publish();
    break_site(&site);

    let (output, diagnostics) = site.build_lib();
    assert!(
        output.is_none(),
        "a site with errors must not produce output; diagnostics:\n{diagnostics:#?}"
    );
    assert!(
        diagnostics.iter().any(Diagnostic::is_error),
        "a failed build must say why"
    );

    let assert = site.build_cmd().assert().code(1);
    let out = assert.get_output();
    let stderr = String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8");
    assert!(
        out.stdout.is_empty(),
        "a failed build prints nothing on stdout: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    for d in &diagnostics {
        assert!(
            stderr.contains(&d.position()),
            "{} missing in:\n{stderr}",
            d.position()
        );
        assert!(
            stderr.contains(&d.message),
            "«{}» missing in:\n{stderr}",
            d.message
        );
        if let Some(hint) = &d.hint {
            let first_line = hint.lines().next().unwrap_or_default();
            assert!(
                stderr.contains(first_line),
                "hint «{first_line}» missing in:\n{stderr}"
            );
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    assert!(
        stderr.contains(&summary_line(errors, warnings)),
        "count line missing in:\n{stderr}"
    );
    assert!(
        stderr.contains("Опубликованный сайт не изменён"),
        "{stderr}"
    );
    before.assert_unchanged(&site.out());
    assert_eq!(
        std::fs::read_to_string(site.out().join(common::SENTINEL)).unwrap(),
        common::SENTINEL_TEXT
    );
    Rejected {
        diagnostics,
        stderr,
    }
}

/// Checks one diagnostic: an error with this code, in this file, at this line and column, whose
/// message and hint contain the given stable parts.
fn assert_diag(
    d: &Diagnostic,
    code: &str,
    file: &str,
    (line, column): (usize, usize),
    message: &[&str],
    hint: &[&str],
) {
    assert_eq!(d.severity, Severity::Error, "{d:#?}");
    assert_eq!(d.code, code, "{d:#?}");
    assert_eq!(d.file, Path::new(file), "{d:#?}");
    let loc = d
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("no location: {d:#?}"));
    assert_eq!((loc.line, loc.column), (line, column), "{d:#?}");
    for part in message {
        assert!(d.message.contains(part), "message lacks «{part}»: {d:#?}");
    }
    let h = d
        .hint
        .as_deref()
        .unwrap_or_else(|| panic!("no hint: {d:#?}"));
    assert!(h.chars().count() >= 10, "hint too short to help: {d:#?}");
    for part in hint {
        assert!(h.contains(part), "hint lacks «{part}»: {d:#?}");
    }
}

/// An event file with the given front matter lines and body.
fn event(front_matter: &str, body: &str) -> String {
    format!("---\n{front_matter}---\n{body}")
}

// --- YAML and fields -----------------------------------------------------------------------

#[test]
fn yaml_syntax_error_from_unquoted_colon_in_title() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event("title: Круглый стол: итоги года\nstart: 2023-05-15\n", ""),
        );
    });
    assert_diag(
        r.only(),
        "yaml-syntax",
        EVENT,
        (2, 20),
        &["«: »"],
        &["кавычки", "title: \"Круглый стол: итоги года\""],
    );
    assert_eq!(
        r.only().location.as_ref().unwrap().source_line,
        "title: Круглый стол: итоги года"
    );
}

#[test]
fn unknown_field_suggests_the_known_one() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event("title: Собрание\nstart: 2022-10-10\nsumary: Кратко.\n", ""),
        );
    });
    assert_diag(
        r.only(),
        "unknown-field",
        EVENT,
        (4, 1),
        &["неизвестное поле", "«sumary»"],
        &["возможно, вы имели в виду «summary»"],
    );
}

#[test]
fn misspelt_title_is_unknown_with_suggestion_and_title_is_missing() {
    let r = rejected(|s| {
        s.write(EVENT, &event("titel: Собрание\nstart: 2022-10-10\n", ""));
    });
    assert_diag(
        r.find("unknown-field"),
        "unknown-field",
        EVENT,
        (2, 1),
        &["«titel»"],
        &["возможно, вы имели в виду «title»"],
    );
    assert_diag(
        r.find("missing-field"),
        "missing-field",
        EVENT,
        (1, 1),
        &["«title»"],
        &["title:"],
    );
    assert_eq!(r.diagnostics.len(), 2, "{}", r.stderr);
}

#[test]
fn event_without_title() {
    let r = rejected(|s| {
        s.write(EVENT, &event("start: 2022-10-10\n", "Текст.\n"));
    });
    assert_diag(
        r.only(),
        "missing-field",
        EVENT,
        (1, 1),
        &["обязательное поле «title»"],
        &["title: "],
    );
}

#[test]
fn event_with_empty_title() {
    let r = rejected(|s| {
        s.write(EVENT, &event("title:\nstart: 2022-10-10\n", ""));
    });
    assert_diag(
        r.only(),
        "missing-field",
        EVENT,
        (2, 1),
        &["«title»", "пустое"],
        &["title: "],
    );
}

#[test]
fn practice_without_summary() {
    let r = rejected(|s| {
        s.write(
            PRACTICE,
            "---\ntitle: Дорожная карта наставничества школы № 4\norganizations: [sh-16]\n---\nТекст.\n",
        );
    });
    assert_diag(
        r.find("missing-field"),
        "missing-field",
        PRACTICE,
        (1, 1),
        &["обязательное поле «summary»"],
        &["summary: "],
    );
}

#[test]
fn one_mistake_in_a_linked_practice_gives_one_error() {
    let r = rejected(|s| {
        s.write(
            PRACTICE,
            "---\ntitle: Дорожная карта наставничества школы № 4\norganizations: [sh-16]\n---\nТекст.\n",
        );
    });
    assert_eq!(r.codes(), ["missing-field"], "{}", r.stderr);
}

#[test]
fn event_without_start() {
    let r = rejected(|s| {
        s.write(EVENT, &event("title: Собрание\nsummary: Кратко.\n", ""));
    });
    assert_diag(
        r.only(),
        "missing-field",
        EVENT,
        (1, 1),
        &["обязательное поле «start»"],
        &["start: 2022-10-10", "2023-Q1"],
    );
}

#[test]
fn string_where_a_list_is_expected() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\norganizations: sh-40\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "wrong-type",
        EVENT,
        (4, 16),
        &["«organizations»", "ожидается список", "«sh-40»"],
        &["organizations:\n  - sh-40", "organizations: [sh-40]"],
    );
}

#[test]
fn list_where_text_is_expected() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\nlocation:\n  - каб. 12\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "wrong-type",
        EVENT,
        (5, 3),
        &["«location»", "ожидается текст", "список"],
        &["одной строкой"],
    );
}

#[test]
fn tabs_in_front_matter() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\norganizations:\n\t- sh-40\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "yaml-syntax",
        EVENT,
        (5, 1),
        &["табуляц"],
        &["пробел"],
    );
}

// --- Dates -----------------------------------------------------------------------------------

#[test]
fn impossible_date() {
    let r = rejected(|s| {
        s.write(EVENT, &event("title: Собрание\nstart: 2023-02-30\n", ""));
    });
    assert_diag(
        r.only(),
        "bad-date",
        EVENT,
        (3, 8),
        &["«start»", "2023-02-30", "невозможна", "28"],
        &["2023-02-28"],
    );
}

#[test]
fn unrecognised_date_lists_accepted_forms() {
    let r = rejected(|s| {
        s.write(EVENT, &event("title: Собрание\nstart: 10 октября\n", ""));
    });
    let d = r.only();
    assert_diag(
        d,
        "bad-date",
        EVENT,
        (3, 8),
        &["«start»", "«10 октября»", "Не удалось распознать"],
        &["числом"],
    );
    // Every accepted form is named, with an example.
    for form in [
        "2022-10-10",
        "10.10.2022",
        "2022-10-10 15:00",
        "2023-04",
        "2023-Q1",
    ] {
        assert!(
            d.message.contains(form),
            "accepted form {form} not listed: {}",
            d.message
        );
    }
}

#[test]
fn invalid_or_missing_start_does_not_make_later_fields_unknown() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 10 октября\nformat: семинар\norganizations: [sh-40]\n",
                "",
            ),
        );
    });
    assert_eq!(r.codes(), ["bad-date"], "{}", r.stderr);
    let r = rejected(|s| {
        s.write(EVENT, &event("title: Собрание\nformat: семинар\n", ""));
    });
    assert_eq!(r.codes(), ["missing-field"], "{}", r.stderr);
}

#[test]
fn end_before_start() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event("title: Собрание\nstart: 2022-10-10\nend: 2022-10-01\n", ""),
        );
    });
    assert_diag(
        r.only(),
        "bad-date-range",
        EVENT,
        (4, 6),
        &["«2022-10-01»", "раньше начала", "«2022-10-10»"],
        &["end", "start"],
    );
}

#[test]
fn end_time_before_start_time() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10 15:00\nend: \"14:00\"\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "bad-date-range",
        EVENT,
        (4, 6),
        &["14:00", "раньше", "15:00"],
        &["2022-10-11 14:00"],
    );
}

#[test]
fn practice_date_must_be_a_day() {
    let r = rejected(|s| {
        s.write(
            "content/practices/novaya.md",
            "---\ntitle: Новая практика\nsummary: Кратко.\ndate: 2023-Q1\n---\n",
        );
    });
    assert_diag(
        r.only(),
        "bad-date",
        "content/practices/novaya.md",
        (4, 7),
        &["«date»", "дата дня", "2023-Q1"],
        &["date: 2022-12-26"],
    );
}

// --- Values ----------------------------------------------------------------------------------

#[test]
fn unknown_organization_suggests_the_closest_id() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\norganizations:\n  - sh-40\n  - sh-41\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "unknown-organization",
        EVENT,
        (6, 5),
        &["неизвестная организация «sh-41»"],
        &["«sh-40»", "data/organizations.yaml"],
    );
}

#[test]
fn unknown_event_status_suggests_the_closest() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\nstatus: отмененно\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "bad-value",
        EVENT,
        (4, 9),
        &["статус", "«отмененно»"],
        &["«отменено»", "запланировано, перенесено, отменено"],
    );
}

#[test]
fn bad_slug() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event("title: Собрание\nstart: 2022-10-10\nslug: Собрание 1\n", ""),
        );
    });
    assert_diag(
        r.only(),
        "bad-slug",
        EVENT,
        (4, 7),
        &["«Собрание 1»", "латинские буквы"],
        &["slug: sobranie-1"],
    );
}

#[test]
fn bad_url_in_online() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\nonline: www.example.org/stream\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "bad-url",
        EVENT,
        (4, 9),
        &["«online»", "https://"],
        &["online: https://"],
    );
}

#[test]
fn bad_practice_year() {
    let r = rejected(|s| {
        s.write(
            "content/practices/novaya.md",
            "---\ntitle: Новая практика\nsummary: Кратко.\nyear: 2022/2024\n---\n",
        );
    });
    assert_diag(
        r.only(),
        "bad-value",
        "content/practices/novaya.md",
        (4, 7),
        &["«2022/2024»"],
        &["year: \"2022/2023\""],
    );
}

// --- URLs and links --------------------------------------------------------------------------

#[test]
fn two_files_with_the_same_url() {
    let other = "content/events/2022-11-11-drugoe.md";
    let r = rejected(|s| {
        s.write(
            other,
            &event(
                "title: Другое собрание\nstart: 2022-11-11\nslug: 2022-10-10-sobranie\n",
                "",
            ),
        );
    });
    let d = r.only();
    assert_diag(
        d,
        "duplicate-url",
        other,
        (4, 7),
        &[
            "/metod/nastavnichestvo/events/2022-10-10-sobranie/",
            "уже занят",
            EVENT,
        ],
        &["slug"],
    );
    assert_eq!(d.related.len(), 1, "{d:#?}");
    assert_eq!(d.related[0].file, Path::new(EVENT));
    assert!(r.stderr.contains("см. также"), "{}", r.stderr);
}

#[test]
fn broken_internal_link_in_body() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\n",
                "Первая строка.\n\nСмотрите [несуществующую практику](@/practices/nope.md) и дальше.\n",
            ),
        );
    });
    assert_diag(
        r.only(),
        "broken-link",
        EVENT,
        (7, 10),
        &["несуществующую страницу", "«@/practices/nope.md»"],
        &["@/"],
    );
}

#[test]
fn misspelt_link_suggests_the_existing_page() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\n",
                "См. [практику](@/practices/shkola4.md).\n",
            ),
        );
    });
    assert_diag(
        r.only(),
        "broken-link",
        EVENT,
        (5, 5),
        &["«@/practices/shkola4.md»"],
        &["возможно, вы имели в виду @/practices/shkola-4.md"],
    );
}

#[test]
fn unrelated_broken_link_gets_no_suggestion() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\n",
                "Смотрите [практику](@/practices/nope.md).\n",
            ),
        );
    });
    let hint = r.only().hint.as_deref().unwrap();
    assert!(!hint.contains("возможно"), "misleading suggestion: {hint}");
}

#[test]
fn broken_reference_in_front_matter() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\npractices:\n  - shkola-5\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "broken-reference",
        EVENT,
        (5, 5),
        &["практика «shkola-5» не найдена"],
        &["«shkola-4»"],
    );
}

#[test]
fn link_to_a_draft() {
    let r = rejected(|s| {
        s.write(
            "content/practices/chernovik.md",
            "---\ntitle: Черновик практики\nsummary: Ещё не готово.\ndraft: true\n---\n",
        )
        .write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\n",
                "Смотрите [черновик](@/practices/chernovik.md).\n",
            ),
        );
    });
    assert_diag(
        r.only(),
        "link-to-draft",
        EVENT,
        (5, 10),
        &["черновик", "«@/practices/chernovik.md»"],
        &["draft: true"],
    );
}

// --- Attachments -----------------------------------------------------------------------------

#[test]
fn missing_attachment() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\nattachments:\n  - file: plan.pdf\n    title: План\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "missing-attachment",
        EVENT,
        (5, 11),
        &["«plan.pdf»", "не найден"],
        &["content/events", "относительно папки страницы"],
    );
}

#[test]
fn attachment_outside_the_site_folder() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\nattachments:\n  - ../../../etc/passwd\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "attachment-outside",
        EVENT,
        (5, 5),
        &["«../../../etc/passwd»", "вне папки сайта"],
        &["рядом со страницей"],
    );
}

#[cfg(unix)]
#[test]
fn attachment_symlinked_out_of_the_site_folder() {
    let r = rejected(|s| {
        let outside = s.base().join("secret.pdf");
        std::fs::write(&outside, "секрет").unwrap();
        std::os::unix::fs::symlink(&outside, s.root().join("content/events/plan.pdf")).unwrap();
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\nattachments: [plan.pdf]\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "attachment-outside",
        EVENT,
        (4, 15),
        &["«plan.pdf»", "за пределы папки сайта"],
        &["скопируйте файл"],
    );
}

// --- File format -----------------------------------------------------------------------------

#[test]
fn missing_closing_fence() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            "---\ntitle: Собрание\nstart: 2022-10-10\n\nТекст без закрытия.\n",
        );
    });
    assert_diag(
        r.only(),
        "unclosed-front-matter",
        EVENT,
        (1, 1),
        &["не закрыт"],
        &["«---»"],
    );
}

#[test]
fn missing_front_matter() {
    let r = rejected(|s| {
        s.write(ABOUT, "# О разделе\n\nТекст.\n");
    });
    assert_diag(
        r.only(),
        "no-front-matter",
        ABOUT,
        (1, 1),
        &["«---»"],
        &["title: "],
    );
}

#[test]
fn file_in_windows_1251() {
    let text = event(
        "title: Собрание наставников\nstart: 2022-10-10\n",
        "Текст.\n",
    );
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "must be real cp1251");
    let r = rejected(|s| {
        s.write_bytes(EVENT, &bytes);
    });
    let d = r.only();
    assert_diag(
        d,
        "not-utf8",
        EVENT,
        (2, 1),
        &["не в UTF-8", "Windows-1251"],
        &["UTF-8", "Сохранить как", "Кодировка: UTF-8"],
    );
    // The offending line is shown decoded, so the editor recognises it.
    assert_eq!(
        d.location.as_ref().unwrap().source_line,
        "title: Собрание наставников"
    );
}

#[test]
fn bom_and_crlf_are_accepted_silently() {
    let lf = TestSite::new();
    lf.build_cmd().assert().success();

    let crlf = TestSite::new();
    let windows = format!("\u{feff}{}", common::EVENT_TEXT.replace('\n', "\r\n"));
    crlf.write(EVENT, &windows);
    let (output, diagnostics) = crlf.build_lib();
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    assert!(output.is_some());
    let assert = crlf.build_cmd().assert().success();
    assert!(
        assert.get_output().stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&assert.get_output().stderr)
    );

    let page = crlf.read_out("events/2022-10-10-sobranie/index.html");
    assert!(page.contains("Организационное собрание"), "{page}");
    assert!(page.contains("Собрание открывает учебный год"), "{page}");
    assert!(!page.contains('\u{feff}'));
    assert!(!page.contains('\r'));
    // The same content saved the Windows way gives the same site.
    assert_eq!(tree(&lf.out()), tree(&crlf.out()));
}

// --- Organizations ---------------------------------------------------------------------------

#[test]
fn duplicate_organization_id() {
    let r = rejected(|s| {
        s.write(
            ORGS,
            &format!("{}- id: sh-40\n  name: Дубль\n", common::ORGS_TEXT),
        );
    });
    assert_diag(
        r.only(),
        "duplicate-id",
        ORGS,
        (9, 7),
        &["«sh-40»", "уже есть"],
        &["свой id"],
    );
}

#[test]
fn unknown_organization_field() {
    let r = rejected(|s| {
        s.write(
            ORGS,
            &common::ORGS_TEXT.replace("  short: МБОУ «СШ № 16»", "  shrot: МБОУ «СШ № 16»"),
        );
    });
    assert_diag(
        r.only(),
        "unknown-field",
        ORGS,
        (7, 3),
        &["«shrot»"],
        &["«short»"],
    );
}

// --- Drafts ----------------------------------------------------------------------------------

#[test]
fn a_problem_in_a_draft_is_a_warning_and_the_draft_is_not_published() {
    let site = TestSite::new();
    let draft = "content/events/2022-12-01-chernovik.md";
    site.write(
        draft,
        "---\ntitle: Черновое собрание ZZDRAFT\nstart: 2022-13-01\ndraft: true\n---\nТекст черновика ZZDRAFT.\n",
    );
    let (output, diagnostics) = site.build_lib();
    assert!(output.is_some(), "{diagnostics:#?}");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.code, "bad-date");
    assert_eq!(d.file, Path::new(draft));
    assert_eq!(d.line(), Some(3));
    assert!(d.message.contains("(черновик)"), "{}", d.message);
    assert!(d.hint.as_deref().unwrap().contains("01 до 12"), "{d:#?}");

    let assert = site.build_cmd().assert().success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("предупреждение"), "{stderr}");
    assert!(stderr.contains("Найдено: 1 предупреждение."), "{stderr}");
    assert!(!stderr.contains("ошибка"), "{stderr}");
    for (path, bytes) in tree(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("ZZDRAFT") && !text.contains("chernovik"),
            "the draft leaked into {}",
            path.display()
        );
    }
}

// --- site.yaml -------------------------------------------------------------------------------

#[test]
fn site_yaml_problems_are_all_reported() {
    let r = rejected(|s| {
        s.write(
            SITE_YAML,
            "titel: Наставничество\nbase_url: example.org/nastavnichestvo\ntimezone: Europe/Smolensk\npaginate: -5\n",
        );
    });
    assert_diag(
        r.find("unknown-field"),
        "unknown-field",
        SITE_YAML,
        (1, 1),
        &["«titel»"],
        &["«title»"],
    );
    assert_diag(
        r.find("missing-field"),
        "missing-field",
        SITE_YAML,
        (1, 1),
        &["«title»"],
        &["title: "],
    );
    assert_diag(
        r.find("bad-url"),
        "bad-url",
        SITE_YAML,
        (2, 11),
        &["«example.org/nastavnichestvo»", "https://"],
        &["base_url: https://"],
    );
    assert_diag(
        r.find("bad-timezone"),
        "bad-timezone",
        SITE_YAML,
        (3, 11),
        &["«Europe/Smolensk»"],
        &["Europe/Moscow"],
    );
    assert_diag(
        r.find("wrong-type"),
        "wrong-type",
        SITE_YAML,
        (4, 11),
        &["«paginate»", "положительное"],
        &["paginate: 20"],
    );
    assert_eq!(r.diagnostics.len(), 5, "{}", r.stderr);
}

#[test]
fn site_yaml_without_base_url() {
    let r = rejected(|s| {
        s.write(SITE_YAML, "title: Наставничество\n");
    });
    let d = r.only();
    assert_eq!(d.code, "missing-field");
    assert_eq!(d.file, Path::new(SITE_YAML));
    assert!(d.message.contains("«base_url»"), "{d:#?}");
    assert!(d.hint.as_deref().unwrap().contains("base_url: https://"));
}

#[test]
fn site_yaml_missing() {
    let r = rejected(|s| {
        s.remove(SITE_YAML);
    });
    let d = r.only();
    assert_eq!(d.code, "no-config");
    assert_eq!(d.file, Path::new(SITE_YAML));
    assert!(d.message.contains("site.yaml"), "{d:#?}");
    let hint = d.hint.as_deref().unwrap();
    assert!(
        hint.contains("--root") && hint.contains("nastavnik init"),
        "{hint}"
    );
}

#[test]
fn site_yaml_problems_do_not_hide_content_problems() {
    let r = rejected(|s| {
        s.write(
            SITE_YAML,
            &common::SITE_YAML_TEXT.replace("Europe/Moscow", "Moscow"),
        )
        .write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\nstatus: отмененно\n",
                "",
            ),
        );
    });
    let mut got: Vec<(String, &str)> = r
        .diagnostics
        .iter()
        .map(|d| (d.file.to_string_lossy().into_owned(), d.code))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (EVENT.to_string(), "bad-value"),
            (SITE_YAML.to_string(), "bad-timezone")
        ],
        "{}",
        r.stderr
    );
}

// --- More front matter and body checks ------------------------------------------------------

#[test]
fn field_given_twice() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event("title: Собрание\ntitle: Другое\nstart: 2022-10-10\n", ""),
        );
    });
    let d = r.only();
    assert_eq!(d.code, "yaml-syntax");
    assert!(d.message.contains("«title» указано дважды"), "{d:#?}");
    assert!(
        d.hint.as_deref().unwrap().contains("одно из двух"),
        "{d:#?}"
    );
    // The second line (the one most likely just added), naming the first.
    assert_eq!(d.line(), Some(3), "{d:#?}");
    assert!(d.message.contains("в строке 2"), "{d:#?}");
}

#[test]
fn front_matter_that_is_not_fields() {
    let r = rejected(|s| {
        s.write(EVENT, "---\n- Собрание\n- 2022-10-10\n---\n");
    });
    assert_diag(
        r.only(),
        "yaml-syntax",
        EVENT,
        (2, 1),
        &["«поле: значение»"],
        &["title: Название"],
    );
}

#[test]
fn unclosed_quote_points_at_its_line() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: \"Собрание\nstart: 2022-10-10\nformat: семинар\n",
                "",
            ),
        );
    });
    let d = r.only();
    assert_eq!(d.code, "yaml-syntax");
    assert!(d.message.contains("кавычки"), "{d:#?}");
    assert_eq!(d.line(), Some(2), "{}", r.stderr);
}

#[test]
fn draft_flag_of_the_wrong_type() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\ndraft: может быть\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "wrong-type",
        EVENT,
        (4, 8),
        &["«draft»", "true или false", "«может быть»"],
        &["draft: true"],
    );
}

#[test]
fn alias_taking_the_address_of_a_section() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\naliases: [/events/]\n",
                "",
            ),
        );
    });
    assert_diag(
        r.only(),
        "duplicate-url",
        EVENT,
        (4, 11),
        &["старый адрес /metod/nastavnichestvo/events/", "уже занят"],
        &["aliases"],
    );
}

#[test]
fn image_without_alternative_text() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\n",
                "Схема работы:\n\n![](schema.png)\n",
            ),
        );
    });
    assert_diag(
        r.only(),
        "image-alt",
        EVENT,
        (7, 1),
        &["описания"],
        &["![Схема наставнических пар](schema.png)"],
    );
}

#[test]
fn relative_link_to_a_markdown_file() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\n",
                "См. [практику](../practices/shkola-4.md).\n",
            ),
        );
    });
    assert_diag(
        r.only(),
        "broken-link",
        EVENT,
        (5, 5),
        &["«../practices/shkola-4.md»", ".md"],
        &["@/practices/"],
    );
}

// --- Reporting -------------------------------------------------------------------------------

#[test]
fn all_problems_of_a_run_are_reported_together_in_order() {
    let r = rejected(|s| {
        s.write(
            ABOUT,
            "---\ntitle: О разделе\nsumary: Цели.\n---\nЦели и задачи.\n",
        )
        .write(
            EVENT,
            &event(
                "title: Собрание\nstart: 2022-10-10\nstatus: отмененно\nonline: www.example.org\n",
                "",
            ),
        )
        .write(
            ORDER,
            "---\ntitle: Приказ\nnumber: \"633\"\ndate: 2022-12-32\nstatus: отменён\n---\n",
        );
    });
    let got: Vec<(String, Option<usize>, &str)> = r
        .diagnostics
        .iter()
        .map(|d| (d.file.to_string_lossy().into_owned(), d.line(), d.code))
        .collect();
    assert_eq!(
        got,
        [
            (ABOUT.to_string(), Some(3), "unknown-field"),
            (EVENT.to_string(), Some(4), "bad-value"),
            (EVENT.to_string(), Some(5), "bad-url"),
            (ORDER.to_string(), Some(4), "bad-date"),
            // A status outside the list is a warning, reported in its place among the errors.
            (ORDER.to_string(), Some(5), "unlisted-value"),
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains(&summary_line(4, 1)), "{}", r.stderr);
    // The report is in the same order as the diagnostics.
    let positions: Vec<usize> = r
        .diagnostics
        .iter()
        .map(|d| r.stderr.find(&d.position()).expect("rendered"))
        .collect();
    assert!(positions.is_sorted(), "{}", r.stderr);
    assert!(
        r.stderr
            .trim_end()
            .ends_with("Опубликованный сайт не изменён."),
        "{}",
        r.stderr
    );
}

#[test]
fn rendered_position_is_not_doubled() {
    let r = rejected(|s| {
        s.write(
            EVENT,
            &event("title: Круглый стол: итоги года\nstart: 2023-05-15\n", ""),
        );
    });
    assert!(
        r.stderr.contains(&format!("--> {EVENT}:2:20\n")),
        "{}",
        r.stderr
    );
}

#[test]
fn check_reports_the_same_problems_and_writes_nothing() {
    let site = TestSite::new();
    site.write(EVENT, &event("title: Собрание\nstart: 2023-02-30\n", ""));
    let before = common::entries_under(site.base());
    let assert = site.command("check").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains(&format!("{EVENT}:3:8")), "{stderr}");
    assert!(stderr.contains("2023-02-28"), "{stderr}");
    assert!(stderr.contains("Найдено: 1 ошибка."), "{stderr}");
    assert_eq!(before, common::entries_under(site.base()));
}

#[test]
fn bad_base_url_on_the_command_line() {
    let site = TestSite::new();
    let before = site.publish();
    let assert = site
        .build_cmd()
        .arg("--base-url")
        .arg("example.org/metod/")
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("--base-url"), "{stderr}");
    assert!(stderr.contains("https://"), "{stderr}");
    before.assert_unchanged(&site.out());
}

/// The untouched-output check above would be worthless if it could not see a rebuild.
#[test]
fn snapshot_notices_a_rebuild() {
    let site = TestSite::new();
    let before = site.publish();
    site.build_cmd().assert().success();
    assert!(!site.out().join(common::SENTINEL).exists());
    let after = common::Snapshot::take(&site.out());
    assert_ne!(before, after);
}

// --- Documents and fixed lists ---------------------------------------------------------------

/// Builds the test site after `change` and returns its diagnostics: the site still builds (a
/// value outside a fixed list is a warning), and `nastavnik build` prints each warning with its
/// position, message and hint.
fn warned(change: impl FnOnce(&TestSite)) -> Vec<Diagnostic> {
    let site = TestSite::new();
    change(&site);
    let (output, diagnostics) = site.build_lib();
    assert!(
        output.is_some(),
        "warnings must not stop the build: {diagnostics:#?}"
    );
    assert!(
        !diagnostics.iter().any(Diagnostic::is_error),
        "{diagnostics:#?}"
    );
    let assert = site.build_cmd().assert().success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for d in &diagnostics {
        assert!(stderr.contains(&d.position()), "{stderr}");
        assert!(stderr.contains(&d.message), "{stderr}");
    }
    assert!(stderr.contains("предупреждение"), "{stderr}");
    diagnostics
}

/// Checks one warning like [`assert_diag`] checks an error.
fn assert_warning(
    d: &Diagnostic,
    code: &str,
    file: &str,
    (line, column): (usize, usize),
    message: &[&str],
    hint: &[&str],
) {
    assert_eq!(d.severity, Severity::Warning, "{d:#?}");
    let as_error = Diagnostic {
        severity: Severity::Error,
        ..d.clone()
    };
    assert_diag(&as_error, code, file, (line, column), message, hint);
}

const DOCUMENT: &str = "\
---
title: Об утверждении методологии (целевой модели) наставничества обучающихся
kind: распоряжение
number: Р-145
date: 2019-12-25
issuer: Министерство просвещения РФ
level: федеральный
---
Текст.
";

#[test]
fn a_document_kind_outside_the_list_names_the_nearest() {
    let ds = warned(|s| {
        s.write(
            "content/orders/r-145.md",
            &DOCUMENT.replace("kind: распоряжение", "kind: постановленние"),
        );
    });
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_warning(
        &ds[0],
        "unlisted-value",
        "content/orders/r-145.md",
        (3, 7),
        &["«постановленние»", "видов документов", "«kind»"],
        &["«постановление»", "распоряжение", "«Документ»"],
    );
}

#[test]
fn a_city_level_is_municipal() {
    let ds = warned(|s| {
        s.write(
            "content/orders/r-145.md",
            &DOCUMENT.replace("level: федеральный", "level: городской"),
        );
    });
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_warning(
        &ds[0],
        "unlisted-value",
        "content/orders/r-145.md",
        (7, 8),
        &["«городской»", "уровней документов"],
        &["«муниципальный»", "«Другие документы»"],
    );
}

#[test]
fn an_unknown_document_status_names_the_nearest_and_means_in_force() {
    let ds = warned(|s| {
        s.write(
            "content/orders/r-145.md",
            &DOCUMENT.replace("level: федеральный", "level: федеральный\nstatus: отменён"),
        );
    });
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_warning(
        &ds[0],
        "unlisted-value",
        "content/orders/r-145.md",
        (8, 9),
        &["«отменён»", "статусов документа"],
        &["«утратил силу»", "действующим"],
    );
}

#[test]
fn practice_values_outside_their_lists() {
    let ds = warned(|s| {
        s.write(
            PRACTICE,
            &common::PRACTICE_TEXT.replace(
                "year: \"2022/2023\"",
                "year: \"2022/2023\"\nlevel: дошкольное образование\nforms: [учитель – учитель, наставник – стажёр]\nrecognition: городской",
            ),
        );
    });
    assert_eq!(ds.len(), 3, "{ds:#?}");
    let by_key = |key: &str| {
        ds.iter()
            .find(|d| d.message.contains(&format!("(поле «{key}»)")))
            .unwrap_or_else(|| panic!("no warning for {key}: {ds:#?}"))
    };
    assert_warning(
        by_key("level"),
        "unlisted-value",
        PRACTICE,
        (7, 8),
        &["«дошкольное образование»", "уровней образования"],
        &["«дошкольное»", "отдельную страницу отбора"],
    );
    assert_warning(
        by_key("forms"),
        "unlisted-value",
        PRACTICE,
        (8, 28),
        &["«наставник – стажёр»", "форм наставничества"],
        &["учитель – учитель"],
    );
    assert_warning(
        by_key("recognition"),
        "unlisted-value",
        PRACTICE,
        (9, 14),
        &["«городской»", "уровней признания"],
        &["«муниципальный»"],
    );
}

#[test]
fn a_template_without_its_file() {
    let r = rejected(|s| {
        s.write(
            "content/orders/obrazets.md",
            "---\ntitle: Анкета наставника\nkind: образец\nsummary: Раздайте анкету педагогам.\n---\n",
        );
    });
    assert_diag(
        r.only(),
        "template-without-file",
        "content/orders/obrazets.md",
        (3, 7),
        &["образца", "file"],
        &["file: ", "DOCX"],
    );
}

#[test]
fn a_template_without_a_note_is_a_warning() {
    let ds = warned(|s| {
        s.write_bytes("content/orders/obrazets/anketa.docx", b"PK\x05\x06")
            .write(
                "content/orders/obrazets/index.md",
                "---\ntitle: Анкета наставника\nkind: образец\nfile: anketa.docx\n---\n",
            );
    });
    assert_eq!(ds.len(), 1, "{ds:#?}");
    assert_warning(
        &ds[0],
        "template-without-note",
        "content/orders/obrazets/index.md",
        (3, 7),
        &["пояснения", "summary"],
        &["summary: "],
    );
}

#[test]
fn replaced_by_a_missing_document() {
    let r = rejected(|s| {
        s.write(
            ORDER,
            &common::ORDER_TEXT.replace(
                "date: 2022-12-26",
                "date: 2022-12-26\nreplaced_by: prikaz-700",
            ),
        );
    });
    assert_diag(
        r.only(),
        "broken-reference",
        ORDER,
        (5, 14),
        &["«prikaz-700»", "не найдена"],
        &["«prikaz-633»"],
    );
}

#[test]
fn a_folder_that_is_no_kind_lists_the_kinds() {
    let r = rejected(|s| {
        s.write(
            "content/konkursy/2024.md",
            "---\ntitle: Конкурс наставников\nnominations: [Лучший наставник]\n---\n",
        )
        .write(
            "content/event/2023-01-01-vstrecha.md",
            "---\ntitle: Встреча\nstart: 2023-01-01\n---\n",
        );
    });
    // One message per folder, none for the fields of the files inside.
    assert_eq!(
        r.codes(),
        ["unknown-folder", "unknown-folder"],
        "{}",
        r.stderr
    );
    let misspelt = r
        .diagnostics
        .iter()
        .find(|d| d.file == Path::new("content/event"))
        .expect("content/event");
    assert!(
        misspelt.hint.as_deref().unwrap().contains("«events»"),
        "{misspelt:#?}"
    );
    let unknown = r
        .diagnostics
        .iter()
        .find(|d| d.file == Path::new("content/konkursy"))
        .expect("content/konkursy");
    assert!(unknown.message.contains("content/konkursy"), "{unknown:#?}");
    let hint = unknown.hint.as_deref().unwrap();
    for kind in nastavnik::content::model::KindName::ALL {
        if let Some(folder) = kind.folder() {
            assert!(
                hint.contains(&format!("{folder} — {}", kind.what())),
                "{hint}"
            );
        }
    }
    assert!(hint.contains("index.md"), "{hint}");
}

#[test]
fn a_plain_page_in_its_own_folder_is_not_an_unknown_folder() {
    let site = TestSite::new();
    site.write_bytes("content/kontakty/skhema.pdf", b"%PDF-1.4")
        .write(
            "content/kontakty/index.md",
            "---\ntitle: Контакты\nattachments: [skhema.pdf]\n---\nКак нас найти.\n",
        );
    let (output, diagnostics) = site.build_lib();
    assert!(output.is_some(), "{diagnostics:#?}");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}
