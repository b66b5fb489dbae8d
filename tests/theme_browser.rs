//! The default theme as readers meet it: the built example site's HTML for what holds without
//! a browser (the favicon, the search scripts only on the bank, the forms' actions, titles),
//! then headless Chromium through `tests/tools/theme_browser.html` for layout and scripts: the
//! settings panel of the version for the visually impaired, a WCAG contrast audit of key pages
//! in the normal version and in every colour scheme, the month grid's width and hyphenation,
//! searching the bank on a phone, and the embed's height and its answer to an unknown code.

mod common;

use std::path::Path;
use std::process::Command;

use common::{build_example, chromium};
use serde_json::Value;

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn pages_link_an_icon_and_load_search_scripts_only_on_the_bank() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    build_example(&out, "https://example.org/metod/nastavnichestvo/");
    let home = read(&out, "index.html");
    assert!(
        home.contains(
            "<link rel=\"icon\" href=\"/metod/nastavnichestvo/static/favicon.svg\" type=\"image/svg+xml\">"
        ),
        "no icon link: browsers would ask the host's root for /favicon.ico"
    );
    assert!(out.join("static/favicon.svg").is_file());
    // The header's search finds practices, events and documents, and says so.
    assert!(home.contains("placeholder=\"Поиск по разделу\""));
    assert!(!home.contains("Поиск практик"));
    // 44 KB of search scripts only where they search at once: the bank (every page of it).
    let script = "<script src=\"/metod/nastavnichestvo/static/js/search.js";
    assert!(read(&out, "practices/index.html").contains(script));
    for page in [
        "index.html",
        "practices/shkola-4-dorozhnaya-karta/index.html",
        "events/index.html",
    ] {
        assert!(!read(&out, page).contains(script), "{page} loads search.js");
    }
    // No empty form action (the W3C checker's error); the bank's form names its page.
    for page in ["index.html", "practices/index.html"] {
        assert!(!read(&out, page).contains("action=\"\""), "{page}");
    }
    // After a colon the month is lower case.
    assert!(
        read(&out, "calendar/2022/11/index.html")
            .contains("<title>Календарь: ноябрь 2022 — Наставничество</title>")
    );
    // The month grid breaks long words at syllables (soft hyphens).
    assert!(read(&out, "calendar/2026/12/index.html").contains("пе\u{ad}да\u{ad}го\u{ad}га"));
}

#[test]
fn the_theme_holds_in_headless_chromium() {
    let Some(browser) = chromium() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().expect("an address").port();
    build_example(&out, &format!("http://127.0.0.1:{port}/"));
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/theme_browser.html"),
        out.join("theme_harness.html"),
    )
    .expect("copy the harness");
    common::serve_files(listener, out);
    let profile = tempfile::tempdir().expect("a browser profile folder");
    let run = Command::new(browser)
        .args(common::CHROMIUM_FLAGS)
        .args(["--virtual-time-budget=120000", "--timeout=180000"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("http://127.0.0.1:{port}/theme_harness.html"))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&run.stdout);
    let start = dom.rfind("<pre id=\"out\">").expect("the harness output") + 14;
    let end = start + dom[start..].find("</pre>").expect("end of the output");
    let text = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let r: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let errors: Vec<_> = r
        .as_object()
        .expect("an object")
        .iter()
        .filter(|(k, _)| k.ends_with("_error"))
        .collect();
    assert!(errors.is_empty(), "the harness failed: {errors:?}");

    // The panel: closed when the version is switched on, open on demand, remembered.
    let panel = &r["panel"];
    assert_eq!(panel["onGroups"], "none", "{panel}");
    assert_eq!(panel["onExpanded"], "false", "{panel}");
    assert_eq!(panel["openedGroups"], "flex", "{panel}");
    assert_eq!(
        panel["reopenedGroups"], "flex",
        "the choice is remembered: {panel}"
    );
    assert_eq!(panel["phoneGroups"], "none", "{panel}");
    // The first heading within the first screen on a desktop at 150 % (it was at 888 px).
    assert!(panel["onH1Top"].as_i64().unwrap() < 700, "{panel}");
    // On a phone at 200 % it was at 3,841 px; the header alone is about two screens.
    assert!(panel["phoneH1Top"].as_i64().unwrap() < 2000, "{panel}");

    // Contrast: every piece of text, every scheme.
    let contrast = r["contrast"].as_object().expect("the audit ran");
    assert_eq!(contrast.len(), 24, "{contrast:?}");
    for (page, result) in contrast {
        assert!(result["checked"].as_u64().unwrap() > 20, "{page}: {result}");
        assert_eq!(
            result["failures"].as_array().unwrap().len(),
            0,
            "{page}: text below WCAG contrast: {result}"
        );
    }

    // The month grid: the page's whole width, hyphenated Russian.
    let grid = &r["grid"];
    let (table, main) = (
        grid["tableWidth"].as_f64().unwrap(),
        grid["mainWidth"].as_f64().unwrap(),
    );
    assert!(table >= main * 0.98 && main > 1000.0, "{grid}");
    assert_eq!(grid["hyphens"], "auto", "{grid}");
    assert_eq!(grid["lang"], "ru", "{grid}");

    // A search on a phone: results first, groups closed.
    let phone = &r["phone"];
    assert!(phone["results"].as_u64().unwrap() > 0, "{phone}");
    assert!(phone["groups"].as_u64().unwrap() > 0, "{phone}");
    assert_eq!(phone["openGroups"], 0, "{phone}");
    assert!(
        phone["firstResultTop"].as_i64().unwrap() < phone["facetsTop"].as_i64().unwrap(),
        "{phone}"
    );

    // The embed takes the height of its list, and «Весь календарь» is inside it.
    let embed = &r["embed"];
    let height = embed["height"].as_i64().unwrap();
    let content = embed["content"].as_i64().unwrap();
    assert!((height - content.clamp(60, 4000)).abs() <= 2, "{embed}");
    assert!(embed["moreBottom"].as_i64().unwrap() <= height, "{embed}");
    // An unknown code is named, with the valid ones listed.
    assert_eq!(embed["unknownShown"], true, "{embed}");
    assert!(
        embed["unknownText"]
            .as_str()
            .unwrap()
            .contains("Организации с кодом «net-takoy» на сайте нет"),
        "{embed}"
    );
    assert_eq!(embed["orgListShown"], true, "{embed}");
    assert_eq!(embed["eventsShown"], false, "{embed}");
    let codes: Vec<&str> = embed["orgCodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        codes.contains(&"sh-16") && codes.contains(&"gimnaziya-1"),
        "{embed}"
    );
}
