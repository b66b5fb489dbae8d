//! axe-core (WCAG 2.0 and 2.1, levels A and AA) in headless Chromium over the pages readers and
//! editors meet: the built example site's representative pages in the normal version and in
//! each colour scheme of the version for the visually impaired, at a desktop and a phone
//! viewport; and the browser editor of `nastavnik serve` (its list, the edit and new forms of
//! every kind, a field's error shown as the editor types and after a refused save, a conflict
//! with the file on disk, a saved form, a preview page with the editor's bar). Any
//! violation fails the test, printed with its rule, impact, the failing nodes and the page.
//!
//! axe-core comes from `tests/tools/node_modules` (`npm ci --prefix tests/tools`) and is put
//! into each page by the DevTools protocol from that local file; nothing is fetched from
//! another host. Chromium is driven by the harness in `common/browser.rs`.

#![cfg(unix)]

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::Path;
use std::time::Duration;

use browser::{Browser, PATIENCE};
use common::chromium;
use serde_json::{Value, json};

/// How long one axe run may take (a month page in a debug build on a loaded machine).
const AXE_PATIENCE: Duration = Duration::from_secs(120);

/// The rule sets the audit runs: WCAG 2.0 and 2.1, A and AA.
const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Viewports: name, width, height, mobile emulation, and the font size of the version for the
/// visually impaired there: on the desktop the smallest (100 %, where contrast thresholds are
/// strictest: less text counts as large), on the phone the size the version starts with (150 %).
const VIEWPORTS: [(&str, u32, u32, bool, &str); 2] = [
    ("desktop", 1366, 768, false, "100"),
    ("phone", 375, 812, true, "150"),
];

/// The colour schemes of the version for the visually impaired (`ALLOWED.scheme` in
/// themes/default/static/js/site.js); `None` is the normal version.
const SCHEMES: [Option<&str>; 4] = [None, Some("bw"), Some("wb"), Some("blue")];

/// Pages of the built example site, with what must be on the page before the audit (the bank
/// searches in the browser, so its results come after the load).
const SITE_PAGES: [(&str, &str); 22] = [
    ("/", "true"),
    ("/events/", "true"),
    ("/calendar/2026/12/", "true"),
    // A month with deadlines, overdue ones among them.
    ("/calendar/2022/11/", "true"),
    ("/calendar/subscribe/", "true"),
    ("/events/2026-12-14-pervyy-god-molodogo-pedagoga/", "true"),
    ("/practices/", "true"),
    (
        "/practices/?q=%D0%BD%D0%B0%D1%81%D1%82%D0%B0%D0%B2%D0%BD%D0%B8%D0%BA",
        "document.querySelectorAll('[data-search-results] .card').length > 0",
    ),
    ("/practices/shkola-4-dorozhnaya-karta/", "true"),
    ("/orders/", "true"),
    ("/orders/prikaz-633-2022/", "true"),
    ("/orders/obraztsy/", "true"),
    ("/organizations/", "true"),
    ("/organizations/sh-16/", "true"),
    ("/roadmaps/", "true"),
    ("/roadmaps/dorozhnaya-karta-2022-2024/", "true"),
    ("/contests/", "true"),
    ("/contests/gorodskoy-konkurs-nastavnikov-2024/", "true"),
    ("/mentors/", "true"),
    ("/mentors/kuznetsov-dmitriy-olegovich/", "true"),
    ("/topics/", "true"),
    ("/about/", "true"),
];

/// The embed lives in an iframe on a school's site: it has no version for the visually
/// impaired (another origin's storage is not the reader's choice on this one), so it is
/// audited as it is, at both viewports.
const EMBED: &str = "/calendar/embed/";

/// A page with what axe must find, so a run that checks nothing cannot pass: an image without
/// a text alternative, a field without a label, grey text on white below 4.5:1.
const CANARY: &str = "<!doctype html><html lang=\"ru\"><meta charset=\"utf-8\"><title>Проверка</title>\
<main><h1>Проверка</h1><img src=\"/static/favicon.svg\"><input type=\"text\">\
<p style=\"color:#aaa;background:#fff\">Светло-серый текст</p></main></html>";

/// axe-core's browser build, or `None` (with one line saying how to get it) outside CI.
fn axe_source() -> Option<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "axe-core is required in CI ({}: {e}): run `npm ci --prefix tests/tools`",
                path.display()
            );
            // One line for the file, not one per test.
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                eprintln!(
                    "SKIPPED: the accessibility audit needs axe-core; run `npm ci --prefix tests/tools`"
                );
            });
            None
        }
    }
}

impl Browser {
    /// Opens `url` and waits until it has loaded, its deferred scripts have run and `ready`
    /// holds.
    fn visit(&mut self, url: &str, ready: &str) {
        self.eval("window.__axeOld = true");
        self.call("Page.navigate", json!({ "url": url }));
        self.settle(
            &format!("!window.__axeOld && document.readyState === 'complete' && ({ready})"),
            &format!("{url} loads"),
        );
        // Transitions and late layout settle (the panel, the embed's height).
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Clicks the button matched by `selector` and waits for the page it leads to and `ready`.
    fn submit(&mut self, selector: &str, ready: &str) {
        self.eval("window.__axeOld = true");
        self.eval_within(
            &format!("document.querySelector({}).click()", json!(selector)),
            PATIENCE,
        );
        self.settle(
            &format!("!window.__axeOld && document.readyState === 'complete' && ({ready})"),
            &format!("the page after clicking {selector}"),
        );
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Waits until the expression is true in the page.
    fn settle(&mut self, expression: &str, what: &str) {
        self.wait_for(expression, what, &String::new);
    }

    fn viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        );
    }

    /// Runs axe-core on the open page (putting it there from the local file first) and returns
    /// its violations, and how many nodes it could not decide (`incomplete`: colour contrast
    /// over a gradient, say), which are only reported.
    fn axe(&mut self, source: &str) -> Audit {
        if self.eval("typeof window.axe") != json!("object") {
            self.eval_within(&format!("{source}\n;void 0"), PATIENCE);
        }
        let run = format!(
            "axe.run(document, {{ runOnly: {{ type: 'tag', values: {} }}, resultTypes: ['violations', 'incomplete'] }})\
             .then(function (r) {{ return {{\
               rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length,\
               incomplete: r.incomplete.map(function (v) {{ return v.id + '×' + v.nodes.length; }}),\
               violations: r.violations.map(function (v) {{ return {{\
                 id: v.id, impact: v.impact, help: v.help,\
                 nodes: v.nodes.map(function (n) {{ return {{ target: n.target.map(String).join(' >>> '),\
                   summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' '),\
                   html: n.html.slice(0, 160) }}; }}) }}; }}) }}; }})",
            json!(TAGS)
        );
        let found = self.eval_within(&run, AXE_PATIENCE);
        let rules = found["rules"]
            .as_u64()
            .unwrap_or_else(|| panic!("axe did not answer: {found}"));
        // axe 4.14 has about 90 rules for these tags; far fewer means it did not run as meant.
        assert!(rules > 50, "axe ran only {rules} rules: {found}");
        let violations = found["violations"]
            .as_array()
            .unwrap_or_else(|| panic!("axe did not answer: {found}"))
            .iter()
            .map(|v| Violation {
                id: v["id"].as_str().unwrap_or("?").to_string(),
                impact: v["impact"].as_str().unwrap_or("?").to_string(),
                help: v["help"].as_str().unwrap_or("").to_string(),
                nodes: v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| {
                        format!(
                            "{}\n        {}\n        {}",
                            n["target"].as_str().unwrap_or("?"),
                            n["summary"].as_str().unwrap_or(""),
                            n["html"].as_str().unwrap_or("")
                        )
                    })
                    .collect(),
            })
            .collect();
        let incomplete = found["incomplete"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        Audit {
            violations,
            incomplete,
        }
    }
}

struct Audit {
    violations: Vec<Violation>,
    incomplete: Vec<String>,
}

struct Violation {
    id: String,
    impact: String,
    help: String,
    nodes: Vec<String>,
}

/// What the audits found, page by page, printed at the end and failed on.
#[derive(Default)]
struct Findings {
    audited: usize,
    failures: Vec<String>,
}

impl Findings {
    fn record(&mut self, page: &str, audit: Audit) {
        self.audited += 1;
        let Audit {
            violations,
            incomplete,
        } = audit;
        let nodes: usize = violations.iter().map(|v| v.nodes.len()).sum();
        eprintln!(
            "{page}: {} violation(s), {nodes} node(s){}{}",
            violations.len(),
            violations
                .iter()
                .map(|v| format!(" {}×{}", v.id, v.nodes.len()))
                .collect::<String>(),
            if incomplete.is_empty() {
                String::new()
            } else {
                format!(" (undecided: {})", incomplete.join(" "))
            }
        );
        for v in violations {
            self.failures.push(format!(
                "{page}\n  {} ({}): {}\n      {}",
                v.id,
                v.impact,
                v.help,
                v.nodes.join("\n      ")
            ));
        }
    }

    fn assert_clean(self, what: &str, at_least: usize) {
        assert!(
            self.audited >= at_least,
            "{what}: only {} pages audited",
            self.audited
        );
        assert!(
            self.failures.is_empty(),
            "{what}: axe-core found {} violation(s) (rule, impact, failing nodes, page):\n\n{}",
            self.failures.len(),
            self.failures.join("\n\n")
        );
    }
}

/// Stores the settings the theme's own script stores when a reader switches the version for
/// the visually impaired on and picks `scheme` and the font size `fs` (site.js: `DEFAULTS`
/// otherwise; the panel open, so its controls are audited in every scheme), or switches it off.
fn set_scheme(b: &mut Browser, scheme: Option<&str>, fs: &str) {
    let script = match scheme {
        None => "localStorage.removeItem('nastavnik-a11y')".to_string(),
        Some(s) => format!(
            "localStorage.setItem('nastavnik-a11y', JSON.stringify({}))",
            json!({ "on": true, "fs": fs, "scheme": s, "img": "on", "ls": "normal",
                    "lh": "normal", "panel": "open" })
        ),
    };
    b.eval(&script);
}

#[test]
fn the_example_site_passes_axe_in_every_colour_scheme_on_desktop_and_phone() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some(browser) = chromium() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("public");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let origin = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("an address").port()
    );
    common::build_example(&out, &format!("{origin}/"));
    std::fs::write(out.join("axe-canary.html"), CANARY).expect("write the canary page");
    common::serve_files(listener, out);

    let mut b = Browser::open(browser, "about:blank");
    // axe finds what is there to find.
    b.visit(&format!("{origin}/axe-canary.html"), "true");
    let canary = b.axe(&axe);
    let mut ids: Vec<&str> = canary.violations.iter().map(|v| v.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        ["color-contrast", "image-alt", "label"],
        "the canary page"
    );

    let mut findings = Findings::default();
    for (viewport, width, height, mobile, fs) in VIEWPORTS {
        b.viewport(width, height, mobile);
        for scheme in SCHEMES {
            b.visit(&format!("{origin}/robots.txt"), "true");
            set_scheme(&mut b, scheme, fs);
            for (page, ready) in SITE_PAGES {
                b.visit(&format!("{origin}{page}"), ready);
                // The scheme took: the page's own script applied the stored settings.
                let applied = b.eval("document.documentElement.getAttribute('data-scheme')");
                assert_eq!(applied, json!(scheme), "{page}: the scheme was not applied");
                let audit = b.axe(&axe);
                findings.record(
                    &format!(
                        "{page} [{}, {viewport} {width}×{height}]",
                        scheme.map_or("normal".to_string(), |s| format!("{s} {fs} %"))
                    ),
                    audit,
                );
            }
        }
        b.visit(&format!("{origin}/robots.txt"), "true");
        set_scheme(&mut b, None, fs);
        b.visit(&format!("{origin}{EMBED}"), "true");
        let audit = b.axe(&axe);
        findings.record(&format!("{EMBED} [{viewport} {width}×{height}]"), audit);
    }
    findings.assert_clean(
        "the example site",
        (SITE_PAGES.len() * SCHEMES.len() + 1) * VIEWPORTS.len(),
    );
}

/// Copies the example site's sources (configuration, data, content) into `to`, so the editor's
/// server never touches the repository.
fn copy_example(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(to).expect("site folder");
    std::fs::copy(repo.join("site.yaml"), to.join("site.yaml")).expect("copy site.yaml");
    for dir in ["data", "content"] {
        for entry in walkdir::WalkDir::new(repo.join(dir)) {
            let entry = entry.expect("walk the example");
            let rel = entry.path().strip_prefix(repo).expect("inside");
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(to.join(rel)).expect("create a folder");
            } else {
                std::fs::copy(entry.path(), to.join(rel)).expect("copy a file");
            }
        }
    }
}

/// One file of each kind the editor's schema has (`content/schema.rs`: `fields(kind)`).
const EDIT_FORMS: [&str; 8] = [
    "events/2026-12-14-pervyy-god-molodogo-pedagoga.md",
    "practices/shkola-4-dorozhnaya-karta.md",
    "practices/detskiy-sad-15-plan-nastavnichestva/index.md",
    "orders/prikaz-633-2022.md",
    "roadmaps/dorozhnaya-karta-2022-2024.md",
    "contests/gorodskoy-konkurs-nastavnikov-2024.md",
    "mentors/kuznetsov-dmitriy-olegovich.md",
    "about.md",
];

#[test]
fn the_browser_editors_pages_pass_axe() {
    let Some(axe) = axe_source() else {
        return;
    };
    let Some(browser) = chromium() else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temporary folder");
    let root = tmp.path().join("site");
    copy_example(&root);
    for form in EDIT_FORMS {
        assert!(root.join("content").join(form).is_file(), "{form} is gone");
    }
    let handle = common::start_serve(&common::serve_config(root.clone()));
    assert!(handle.editor_enabled(), "the editor is on on loopback");
    let base = handle.url();
    let base = base.trim_end_matches('/');

    let mut b = Browser::open(browser, "about:blank");
    let mut findings = Findings::default();
    let form_ready = "!!document.querySelector('form.editor-form') && \
         document.getElementById('check-status').textContent !== ''";
    for (viewport, width, height, mobile, _) in VIEWPORTS {
        b.viewport(width, height, mobile);
        let label = |page: &str| format!("{page} [editor, {viewport} {width}×{height}]");

        b.visit(&format!("{base}/_editor/"), "true");
        let new_forms: Vec<String> = serde_json::from_value(b.eval(
            "Array.from(document.querySelectorAll('a[href*=\"/_editor/new/\"]'), a => a.getAttribute('href'))",
        ))
        .expect("links");
        assert!(new_forms.len() >= 6, "the «Добавить» links: {new_forms:?}");
        findings.record(&label("/_editor/"), b.axe(&axe));

        for rel in EDIT_FORMS {
            let page = format!("/_editor/edit/{rel}");
            b.visit(&format!("{base}{page}"), form_ready);
            findings.record(&label(&page), b.axe(&axe));
        }
        for page in &new_forms {
            b.visit(&format!("{base}{page}"), form_ready);
            findings.record(&label(page), b.axe(&axe));
        }

        // A wrong date: its message next to the field, as the editor types.
        let page = format!("/_editor/edit/{}", EDIT_FORMS[0]);
        b.visit(&format!("{base}{page}"), form_ready);
        b.eval(
            "(function(){var e=document.getElementById('f-start');e.value='31.02.2027';\
             e.dispatchEvent(new Event('input',{bubbles:true}));return true;})()",
        );
        b.settle(
            "document.getElementById('e-start').textContent.includes('Ошибка') && \
             document.getElementById('f-start').getAttribute('aria-invalid') === 'true'",
            "the date's error appears next to the field",
        );
        findings.record(&label(&format!("{page} (an error shown)")), b.axe(&axe));
        // Saved anyway: refused, the page comes back with the summary and the field's error.
        b.submit(
            "form.editor-form button[type=submit]:not([name])",
            "!!document.getElementById('summary') && \
             document.getElementById('e-start').textContent.includes('Ошибка')",
        );
        findings.record(&label(&format!("{page} (saving refused)")), b.axe(&axe));

        // The file changed on disk while the form was open: both versions shown.
        let rel = EDIT_FORMS[1];
        let page = format!("/_editor/edit/{rel}");
        b.visit(&format!("{base}{page}"), form_ready);
        let file = root.join("content").join(rel);
        let mut text = std::fs::read_to_string(&file).expect("read the practice");
        text.push_str("\nДописано в другом редакторе.\n");
        std::fs::write(&file, text).expect("change the practice on disk");
        b.submit(
            "form.editor-form button[type=submit]:not([name])",
            "!!document.querySelector('.conflict')",
        );
        findings.record(&label(&format!("{page} (a conflict)")), b.axe(&axe));

        // Saved: the form again with its notice.
        let rel = EDIT_FORMS[7];
        let page = format!("/_editor/edit/{rel}");
        b.visit(&format!("{base}{page}"), form_ready);
        b.eval(&format!(
            "(function(){{var e=document.getElementById('f-title');e.value+={};\
             e.dispatchEvent(new Event('input',{{bubbles:true}}));return true;}})()",
            json!(format!(" ({viewport})"))
        ));
        b.submit(
            "form.editor-form button[type=submit]:not([name])",
            "!!document.querySelector('.notice.ok') && location.search === '?saved=1'",
        );
        findings.record(&label(&format!("{page} (saved)")), b.axe(&axe));

        // A page of the preview with the editor's bar.
        b.visit(
            &format!("{base}/practices/shkola-4-dorozhnaya-karta/"),
            "!!document.querySelector('.nastavnik-editor-bar')",
        );
        findings.record(
            &label("/practices/shkola-4-dorozhnaya-karta/ (preview with the editor's bar)"),
            b.axe(&axe),
        );
    }
    findings.assert_clean("the browser editor", 2 * (EDIT_FORMS.len() + 6 + 6));
}
