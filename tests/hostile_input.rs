//! Input made to hurt the build, found by a reliability test: YAML that expands a thousandfold
//! or nests a hundred thousand levels deep, a field whose one line yields thousands of messages,
//! attachments reaching for the repository's secrets, hidden files in static folders. Each is
//! refused or left out with a bounded cost, and ordinary text with the same characters still
//! builds. The big inputs are generated here, not committed.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{EVENT, ORGS, SITE_YAML, SITE_YAML_TEXT, TestSite};
use nastavnik::diagnostic::{Diagnostic, SHOWN_PER_KIND, SOURCE_LINE_CHARS, Severity};

/// Builds through the library, expecting failure, and returns the diagnostics.
fn rejected(site: &TestSite) -> Vec<Diagnostic> {
    let (output, diagnostics) = site.build_lib();
    assert!(
        output.is_none(),
        "the site must not build; diagnostics:\n{diagnostics:#?}"
    );
    diagnostics
}

/// The one diagnostic of `diagnostics`, checked: an error with `code` in `file` at `line` and
/// `column`, whose message and hint contain the given parts.
fn assert_only(
    diagnostics: &[Diagnostic],
    code: &str,
    file: &str,
    (line, column): (usize, usize),
    message: &[&str],
    hint: &[&str],
) {
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_diag(&diagnostics[0], code, file, (line, column), message, hint);
}

fn assert_diag(
    d: &Diagnostic,
    code: &str,
    file: &str,
    (line, column): (usize, usize),
    message: &[&str],
    hint: &[&str],
) {
    assert_eq!((d.severity, d.code), (Severity::Error, code), "{d:#?}");
    assert_eq!(d.file, Path::new(file), "{d:#?}");
    let loc = d.location.as_ref().expect("a location");
    assert_eq!((loc.line, loc.column), (line, column), "{d:#?}");
    for part in message {
        assert!(d.message.contains(part), "message lacks «{part}»: {d:#?}");
    }
    let h = d.hint.as_deref().expect("a hint");
    for part in hint {
        assert!(h.contains(part), "hint lacks «{part}»: {d:#?}");
    }
}

fn event(front_matter: &str) -> String {
    format!("---\n{front_matter}---\nТекст.\n")
}

// --- YAML anchors and aliases ------------------------------------------------------------------

/// 3000 aliases of an anchor that expands to 9⁶ items: 12 KB of text that serde_yaml would
/// expand into hundreds of megabytes.
fn alias_bomb() -> String {
    let mut yaml = String::from("title: Собрание\nstart: 2022-10-10\n");
    yaml.push_str("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..6 {
        let aliases = vec![format!("*a{}", level - 1); 9].join(", ");
        yaml.push_str(&format!("x{level}: &a{level} [{aliases}]\n"));
    }
    yaml.push_str(&format!("updated: [{}]\n", vec!["*a5"; 3000].join(", ")));
    yaml
}

#[test]
fn an_alias_bomb_in_front_matter_is_refused_before_it_expands() {
    let site = TestSite::new();
    site.write(EVENT, &event(&alias_bomb()));
    let started = Instant::now();
    let diagnostics = rejected(&site);
    assert_only(
        &diagnostics,
        "yaml-anchor",
        EVENT,
        (4, 5),
        &["якоря (&) и ссылки (*)"],
        &["в кавычки", "x0: \"&a0 [lol"],
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_single_alias_is_refused_with_its_position() {
    let site = TestSite::new();
    site.write(
        EVENT,
        &event("title: &t Собрание\nstart: 2022-10-10\nsummary: *t\n"),
    );
    assert_only(
        &rejected(&site),
        "yaml-anchor",
        EVENT,
        (2, 8),
        &["якоря (&) и ссылки (*)"],
        &["title: \"&t Собрание\""],
    );
}

#[test]
fn site_yaml_and_organizations_refuse_aliases_too() {
    let site = TestSite::new();
    site.write(
        SITE_YAML,
        &format!("{SITE_YAML_TEXT}search:\n  synonyms:\n    - &s [наставник, ментор]\n    - *s\n"),
    );
    assert_only(
        &rejected(&site),
        "yaml-anchor",
        SITE_YAML,
        (10, 7),
        &["якоря (&) и ссылки (*)"],
        &["в кавычки"],
    );

    let site = TestSite::new();
    site.write(
        ORGS,
        "- id: sh-40\n  name: &name Средняя школа № 40\n- id: sh-16\n  name: *name\n",
    );
    let diagnostics = rejected(&site);
    // The organizations are missing as a whole, so pages naming them are reported as well.
    let d = diagnostics
        .iter()
        .find(|d| d.code == "yaml-anchor")
        .unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_diag(
        d,
        "yaml-anchor",
        ORGS,
        (2, 9),
        &["якоря (&) и ссылки (*)"],
        &["name: \"&name Средняя школа № 40\""],
    );
}

#[test]
fn stars_and_ampersands_in_text_are_text() {
    let site = TestSite::new();
    site.write(
        EVENT,
        &event(
            "title: \"Ответ: 5 * 3\"\nstart: 2022-10-10\nformat: мастер-класс & семинар\n\
             summary: Итоги * выводы & планы\n  * продолжение строки\nresponsible:\n  - '&Ко'\n  - \"*звезда*\"\n",
        ),
    );
    let (output, diagnostics) = site.build_lib();
    let output = output.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let page = output
        .paths()
        .find(|p| p.ends_with("2022-10-10-sobranie/index.html"))
        .expect("the event page")
        .to_path_buf();
    let html = String::from_utf8(output.bytes(&page).expect("rendered").expect("read")).unwrap();
    for text in ["Ответ: 5 * 3", "мастер-класс &amp; семинар", "*звезда*"]
    {
        assert!(html.contains(text), "«{text}» missing");
    }
}

// --- Nesting -----------------------------------------------------------------------------------

#[test]
fn deep_nesting_is_refused_at_once() {
    let site = TestSite::new();
    let depth = 100_000;
    site.write(
        EVENT,
        &event(&format!(
            "title: Собрание\nstart: 2022-10-10\nupdated: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        )),
    );
    let started = Instant::now();
    let diagnostics = rejected(&site);
    // libyaml alone took half a minute on this before.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_only(
        &diagnostics,
        "yaml-too-deep",
        EVENT,
        (4, "updated: ".len() + 16),
        &["глубже 16 уровней"],
        &["скобки"],
    );
    let source_line = &diagnostics[0].location.as_ref().unwrap().source_line;
    assert!(source_line.chars().count() <= SOURCE_LINE_CHARS + 2);
}

// --- Thousands of messages about one field -------------------------------------------------------

#[test]
fn check_json_of_thousands_of_unknown_organizations_stays_small() {
    let site = TestSite::new();
    let ids: Vec<String> = (0..5000).map(|i| format!("nope-{i}")).collect();
    site.write(
        EVENT,
        &event(&format!(
            "title: Собрание\nstart: 2022-10-10\norganizations: [{}]\n",
            ids.join(",")
        )),
    );
    let assert = site
        .command("check")
        .args(["--format", "json"])
        .assert()
        .code(1);
    let stdout = &assert.get_output().stdout;
    // It was 241 MB: every message repeated the whole 49 KB line.
    assert!(stdout.len() < 64 * 1024, "{} bytes", stdout.len());
    let report: serde_json::Value = serde_json::from_slice(stdout).expect("JSON");
    assert_eq!(report["errors"], 5000);
    let list = report["diagnostics"].as_array().expect("a list");
    assert_eq!(list.len(), SHOWN_PER_KIND + 1);
    for (i, d) in list.iter().enumerate() {
        assert_eq!(d["code"], "unknown-organization");
        assert_eq!(d["location"]["line"], 4);
        let line = d["location"]["source_line"].as_str().unwrap();
        assert!(line.chars().count() <= SOURCE_LINE_CHARS + 2, "{line}");
        assert!(line.contains(&format!("nope-{i},")), "{line}");
    }
    assert_eq!(list[0]["location"]["column"], 17);
    let summary = &list[SHOWN_PER_KIND];
    assert_eq!(
        summary["message"],
        "и ещё 4980\u{a0}неизвестных организаций в этом файле"
    );
    assert!(summary["hint"].as_str().unwrap().contains("первые 20"));

    // The text report is cut the same way, with the real columns.
    let assert = site.command("check").assert().code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.len() < 64 * 1024, "{} bytes", stderr.len());
    assert!(stderr.contains("2022-10-10-sobranie.md:4:17\n"), "{stderr}");
    let column_of_20 = "organizations: [".len()
        + ids[..SHOWN_PER_KIND]
            .iter()
            .map(|id| id.len() + 1)
            .sum::<usize>()
        + 1;
    assert!(
        stderr.contains(&format!("2022-10-10-sobranie.md:4:{column_of_20}\n")),
        "{stderr}"
    );
    assert!(stderr.contains("Найдено: 5000 ошибок."), "{stderr}");
}

// --- Attachments -------------------------------------------------------------------------------

#[test]
fn attachments_must_lie_in_the_page_folder_and_not_be_hidden_or_sources() {
    let site = TestSite::new();
    site.write(".git/config", "[remote \"origin\"]\n\turl = секрет\n")
        .write(".env", "PASSWORD=секрет\n")
        .write("content/practices/pack/.env", "PASSWORD=секрет\n")
        .write("content/practices/pack/files/.hidden/plan.pdf", "%PDF")
        .write(
            "content/practices/other/index.md",
            "---\ntitle: Другая\nsummary: Другая.\n---\n",
        )
        .write("content/practices/other/private.pdf", "%PDF")
        .write("content/practices/pack/plan.pdf", "%PDF");
    let pack = "content/practices/pack/index.md";
    site.write(
        pack,
        "---\ntitle: Практика\nsummary: С вложениями.\nattachments:\n\
         \x20 - ../../../.git/config\n\
         \x20 - ../../../.env\n\
         \x20 - ../../../site.yaml\n\
         \x20 - .env\n\
         \x20 - files/.hidden/plan.pdf\n\
         \x20 - index.md\n\
         \x20 - ../other/private.pdf\n\
         \x20 - plan.pdf\n---\nТекст.\n",
    );
    let diagnostics = rejected(&site);
    let found: Vec<(&str, usize, &str)> = diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.file, Path::new(pack), "{d:#?}");
            assert!(d.hint.as_deref().is_some_and(|h| h.len() > 20), "{d:#?}");
            (d.code, d.line().unwrap(), d.message.as_str())
        })
        .collect();
    let expected = [
        ("attachment-outside", 5, "вне папки страницы"),
        ("attachment-outside", 6, "вне папки страницы"),
        ("attachment-outside", 7, "вне папки страницы"),
        ("attachment-hidden", 8, "скрытый файл"),
        ("attachment-hidden", 9, "скрытый файл"),
        ("attachment-source", 10, "исходный файл страницы"),
        ("attachment-outside", 11, "вне папки страницы"),
    ];
    assert_eq!(found.len(), expected.len(), "{diagnostics:#?}");
    for ((code, line, message), (want_code, want_line, want_message)) in found.iter().zip(expected)
    {
        assert_eq!((*code, *line), (want_code, want_line), "{message}");
        assert!(message.contains(want_message), "{message}");
    }
    for d in &diagnostics {
        assert_eq!(d.location.as_ref().unwrap().column, 5, "{d:#?}");
    }
}

#[cfg(unix)]
#[test]
fn attachments_linked_to_site_sources_are_refused() {
    let site = TestSite::new();
    site.write(
        "content/practices/pack/index.md",
        "---\ntitle: Практика\nsummary: С вложением.\nattachments: [settings.txt]\n---\nТекст.\n",
    );
    std::os::unix::fs::symlink(
        site.root().join("site.yaml"),
        site.root().join("content/practices/pack/settings.txt"),
    )
    .expect("symlink");
    assert_only(
        &rejected(&site),
        "attachment-outside",
        "content/practices/pack/index.md",
        (4, 15),
        &["«settings.txt»", "за пределы папки страницы"],
        &["скопируйте файл"],
    );
}

#[test]
fn attachments_beside_a_page_and_in_its_subfolders_still_work() {
    let site = TestSite::new();
    site.write("content/events/plan.pdf", "%PDF-1")
        .write("content/practices/pack/files/table.csv", "a;b\n")
        .write(
            "content/practices/pack/index.md",
            "---\ntitle: Практика\nsummary: С вложением.\nattachments: [files/table.csv, ./files/../files/table.csv]\n---\nТекст.\n",
        )
        .write(
            EVENT,
            &event("title: Собрание\nstart: 2022-10-10\nattachments: [plan.pdf]\n"),
        );
    let (output, diagnostics) = site.build_lib();
    // The same file twice is the existing duplicate check, not a misplaced attachment.
    assert_eq!(
        diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["duplicate-attachment"],
        "{diagnostics:#?}"
    );
    assert!(output.is_none());
    site.write(
        "content/practices/pack/index.md",
        "---\ntitle: Практика\nsummary: С вложением.\nattachments: [files/table.csv]\n---\nТекст.\n",
    );
    let (output, diagnostics) = site.build_lib();
    let output = output.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let paths: Vec<String> = output
        .paths()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("/table.csv")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("/plan.pdf")), "{paths:?}");
}

// --- Hidden files in static folders --------------------------------------------------------------

#[test]
fn hidden_files_in_static_folders_are_neither_copied_nor_served() {
    let site = TestSite::new();
    site.write("static/.git/config", "[remote] секрет\n")
        .write("static/.env", "PASSWORD=секрет\n")
        .write("static/img/.DS_Store", "секрет")
        .write("static/img/.cache/thumb.png", "секрет")
        .write("static/img/logo.svg", "<svg/>")
        .write("themes/default/static/.git/HEAD", "секрет")
        .write("themes/default/static/js/extra.js", "// extra");
    let (output, diagnostics) = site.build_lib();
    let output = output.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let paths: Vec<String> = output
        .paths()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert!(paths.contains(&"img/logo.svg".to_string()), "{paths:?}");
    assert!(
        paths.contains(&"static/js/extra.js".to_string()),
        "{paths:?}"
    );
    let hidden: Vec<&String> = paths
        .iter()
        .filter(|p| p.split('/').any(|part| part.starts_with('.')))
        .filter(|p| !p.starts_with(".nastavnik"))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");

    site.build_cmd().assert().success();
    assert!(site.out().join("img/logo.svg").is_file());
    for leaked in [".git", ".env", "img/.DS_Store", "img/.cache", "static/.git"] {
        assert!(!site.out().join(leaked).exists(), "{leaked} was copied");
    }

    let handle = common::start_serve(&common::serve_config(site.root()));
    assert_eq!(get(handle.addr(), "/img/logo.svg").0, 200);
    for target in [
        "/.git/config",
        "/.env",
        "/img/.DS_Store",
        "/static/.git/HEAD",
    ] {
        let (status, body) = get(handle.addr(), target);
        assert_eq!(status, 404, "{target}");
        assert!(!body.contains("секрет"), "{target}");
    }
}

/// Status and body of one GET to the preview server.
fn get(addr: std::net::SocketAddr, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    s.write_all(
        format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .expect("send");
    let mut reply = Vec::new();
    s.read_to_end(&mut reply).expect("read the reply");
    let reply = String::from_utf8_lossy(&reply).into_owned();
    let status = reply
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let body = reply.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, body.to_string())
}
