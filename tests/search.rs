//! The search index end to end: what the build writes under `search/`, and queries run on it by
//! the browser's own code (`search.js`, through `tests/tools/search_query.js` in Node).
//!
//! The recall test builds a corpus whose relevant practices are known by construction: each
//! query phrase is planted in chosen practices in one inflection, and the query is typed in
//! another; every planted practice must be found.

mod common;

/// The corpus generator of the benchmarks, compiled into this test rather than run as a
/// separately built example, so that a plain `cargo test` runs the recall test. Its own unit
/// tests run here too (the example itself is built with `test = false`, so they run once).
#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
mod gen_corpus;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::*;
use serde_json::{Value, json};

/// Node runs the browser code; without it the end-to-end checks skip, except in CI.
fn node_available() -> bool {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "node is required in CI (installed by .ci/run)"
        );
        eprintln!("skipping: node is not installed (apt-get install nodejs)");
    }
    ok
}

fn query(public: &Path, queries: &Value) -> Vec<Value> {
    serde_json::from_value(run_node("search_query.js", public, queries)).expect("a list of results")
}

/// Runs `tests/tools/SCRIPT PUBLIC` with `input` as JSON on its standard input; its JSON output.
fn run_node(script: &str, public: &Path, input: &Value) -> Value {
    let runner = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools")
        .join(script);
    let mut child = Command::new("node")
        .arg(runner)
        .arg(public)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run node");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin
            .write_all(input.to_string().as_bytes())
            .expect("write the input");
    }
    let out = child.wait_with_output().expect("node finished");
    assert!(
        out.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from the script")
}

fn urls(result: &Value) -> BTreeSet<String> {
    result["urls"]
        .as_array()
        .expect("urls")
        .iter()
        .map(|u| u.as_str().expect("url").to_owned())
        .collect()
}

/// Phrases planted in practices in the first forms, queried with the last form.
const PLANTED: &[(&[&str], &str)] = &[
    (
        &[
            "молодой педагог",
            "молодого педагога",
            "молодому педагогу",
            "молодыми педагогами",
        ],
        "молодых педагогов",
    ),
    (
        &[
            "профессиональные дефициты",
            "профессионального дефицита",
            "профессиональным дефицитом",
        ],
        "профессиональных дефицитах",
    ),
    (
        &[
            "реверсивное наставничество",
            "реверсивного наставничества",
            "реверсивном наставничестве",
        ],
        "реверсивному наставничеству",
    ),
    (&["детский сад", "детского сада", "ДОУ"], "детских садах"),
];

const FILLER: &str = "Педагоги школы обсуждают планы уроков, проводят открытые занятия и \
                      делятся опытом на методических объединениях.";

/// Writes the recall corpus: practice `i` gets phrase `p` (form `i % forms`) when `i % (p + 2)
/// == 0`. Returns the expected slugs per phrase.
fn recall_site() -> (TestSite, Vec<BTreeSet<String>>) {
    let site = TestSite::new();
    let mut expected = vec![BTreeSet::new(); PLANTED.len()];
    for i in 0..60 {
        let slug = format!("praktika-{i}");
        let mut body = String::from(FILLER);
        let mut summary = format!("Описание практики {i}");
        for (p, (forms, _)) in PLANTED.iter().enumerate() {
            if i % (p + 2) == 0 {
                body.push_str(&format!(" Особое внимание: {}.", forms[i % forms.len()]));
                if p == 0 {
                    summary.push_str(&format!(": {}", forms[i % forms.len()]));
                }
                expected[p].insert(format!("/metod/nastavnichestvo/practices/{slug}/"));
            }
        }
        site.write(
            &format!("content/practices/{slug}.md"),
            &format!(
                "---\ntitle: Практика номер {i}\nsummary: \"{summary}.\"\ndate: 2023-{:02}-{:02}\n---\n{body}\n",
                i % 12 + 1,
                i % 28 + 1
            ),
        );
    }
    site.write(
        "content/practices/chernovik.md",
        "---\ntitle: Черновик о молодых педагогах\ndraft: true\n---\nСекретнаяпрактика молодого педагога.\n",
    );
    (site, expected)
}

fn built(site: &TestSite) -> std::path::PathBuf {
    site.build_cmd().assert().success();
    site.out()
}

#[test]
fn the_build_writes_a_sharded_index() {
    let site = TestSite::new();
    let public = built(&site);
    let meta: Value =
        serde_json::from_str(&site.read_out("search/meta.json")).expect("meta.json is JSON");
    // The practice, the event and the order of the test site.
    assert_eq!(meta["docs"], json!(3));
    assert!(meta["synonyms"].as_array().expect("synonyms").len() >= 5);
    for key in meta["shards"].as_array().expect("shards") {
        let key = key.as_str().expect("shard key");
        assert!(
            public.join(format!("search/t/{key}.json")).is_file(),
            "{key}"
        );
    }
    let facets: Value = serde_json::from_str(&site.read_out("search/facets.json")).unwrap();
    assert_eq!(facets["facets"][0]["key"], json!("type"));
    let cards: Value = serde_json::from_str(&site.read_out("search/d/0.json")).unwrap();
    assert_eq!(cards.as_array().unwrap().len(), 3);
    // The pages load the scripts and tell them where the index is.
    let bank = site.read_out("practices/index.html");
    assert!(bank.contains("data-search-bank"));
    assert!(bank.contains("data-search-base=\"/metod/nastavnichestvo/search/\""));
    assert!(bank.contains("static/js/search.js"));
    assert!(public.join("static/js/search.js").is_file());
}

#[test]
fn synonyms_come_from_site_yaml() {
    let site = TestSite::new();
    site.write(
        SITE_YAML,
        &format!("{SITE_YAML_TEXT}search:\n  synonyms:\n    - [карта, план]\n"),
    );
    built(&site);
    let meta: Value = serde_json::from_str(&site.read_out("search/meta.json")).unwrap();
    // Each phrase as its words, each word as its terms (here lemmas).
    assert_eq!(meta["synonyms"], json!([[[["карта"]], [["план"]]]]));
}

/// A search card shows an event's date as the event page does: «февраль–март 2024 г.» for a
/// month span, never the first day the editor did not write.
#[test]
fn event_cards_carry_the_events_own_date_text() {
    let site = TestSite::new();
    site.write(
        "content/events/2024-02-konkurs.md",
        "---\ntitle: Конкурс наставников\nstart: 2024-02\nend: 2024-03\n---\nКонкурс.\n",
    )
    .write(
        "content/events/2024-q4-vebinary.md",
        "---\ntitle: Вебинары\nstart: 2024-Q4\n---\nВебинары.\n",
    );
    built(&site);
    let cards: Value = serde_json::from_str(&site.read_out("search/d/0.json")).unwrap();
    let date_of = |slug: &str| {
        cards
            .as_array()
            .unwrap()
            .iter()
            .find(|c| {
                c[1].as_str()
                    .unwrap()
                    .ends_with(&format!("/events/{slug}/"))
            })
            .unwrap_or_else(|| panic!("no card for {slug}: {cards}"))[4]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(date_of("2024-02-konkurs"), "февраль–март 2024\u{a0}г.");
    assert_eq!(date_of("2024-q4-vebinary"), "IV\u{a0}квартал 2024\u{a0}г.");
    // A day keeps its day (and the test site's event its time).
    assert!(date_of("2022-10-10-sobranie").starts_with("10\u{a0}октября 2022"));
}

#[test]
fn a_bad_search_section_is_reported_in_russian() {
    let site = TestSite::new();
    site.write(
        SITE_YAML,
        &format!("{SITE_YAML_TEXT}search:\n  synonyms:\n    - [одно]\n"),
    );
    let out = site.build_cmd().assert().failure().get_output().clone();
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("хотя бы два"), "{text}");
}

#[test]
fn recall_of_other_inflections_is_complete_and_drafts_are_absent() {
    if !node_available() {
        return;
    }
    let (site, expected) = recall_site();
    let public = built(&site);
    let queries: Vec<Value> = PLANTED
        .iter()
        .map(|(_, q)| json!({"q": format!("{q} ")}))
        .chain([
            json!({"q": "секретнаяпрактика "}),
            json!({"q": "начинающих педагогов "}),
            json!({"q": "ДОУ "}),
            json!({"q": "реверсивн"}),
            json!({"q": "", "facets": {"type": ["Документы"]}}),
        ])
        .collect();
    let results = query(&public, &Value::Array(queries));
    for (p, (_, q)) in PLANTED.iter().enumerate() {
        let found = urls(&results[p]);
        let missing: Vec<_> = expected[p].difference(&found).collect();
        assert!(missing.is_empty(), "«{q}» missed {missing:?}");
        assert!(!expected[p].is_empty());
    }
    let n = PLANTED.len();
    assert_eq!(results[n]["total"], json!(0), "a draft was indexed");
    // Synonyms: «начинающий педагог» finds the «молодой педагог» practices.
    assert!(urls(&results[n + 1]).is_superset(&expected[0]));
    // «ДОУ» finds «детский сад», and back.
    assert!(urls(&results[n + 2]).is_superset(&expected[3]));
    // The word being typed is a prefix.
    assert!(urls(&results[n + 3]).is_superset(&expected[2]));
    // Facets alone list their documents: the order of the test site.
    assert_eq!(results[n + 4]["total"], json!(1));
}

#[test]
fn titles_rank_first_and_numbers_are_found() {
    if !node_available() {
        return;
    }
    let site = TestSite::new();
    site.write(
        "content/practices/v-tekste.md",
        "---\ntitle: Адаптация\nsummary: Коротко.\ndate: 2024-01-01\n---\nОб этом тьюторство упомянуто в тексте, где много других слов о работе школы и её педагогов.\n",
    );
    site.write(
        "content/practices/v-zagolovke.md",
        "---\ntitle: Тьюторство в школе\nsummary: Коротко.\ndate: 2020-01-01\n---\nТекст.\n",
    );
    let public = built(&site);
    let results = query(
        &public,
        &json!([{"q": "тьюторство "}, {"q": "тьюторство ", "sort": "new"}, {"q": "633 "}, {"q": "№ 4 "}]),
    );
    let first = |r: &Value| r["urls"][0].as_str().unwrap().to_owned();
    assert!(first(&results[0]).ends_with("/v-zagolovke/"));
    assert!(first(&results[1]).ends_with("/v-tekste/"));
    assert!(first(&results[2]).contains("/orders/"));
    assert!(results[3]["total"].as_u64().unwrap() >= 1);
}

/// The header field of the other pages: the search scripts load on first use, typing shows the
/// five best results (the typed word highlighted in other forms: «практики» in «Практика») and a
/// link to all of them on the bank page, Escape closes the list, and a word no text has says so.
#[test]
fn the_header_field_suggests_results_in_headless_chromium() {
    let Some(browser) = chromium() else {
        return;
    };
    let steps = run_harness(browser, "search_header.html");
    let step = |name: &str| steps.get(name);
    let start = step("start");
    assert!(
        !start["scripts"]
            .as_array()
            .unwrap()
            .contains(&json!("search.js")),
        "other pages load the search scripts only when the field is used: {start}"
    );
    let typed = step("typed");
    assert!(
        typed["scripts"]
            .as_array()
            .unwrap()
            .contains(&json!("search.js")),
        "{typed}"
    );
    assert_eq!(typed["listHidden"], json!(false), "{typed}");
    let results = typed["results"].as_array().unwrap();
    assert_eq!(results.len(), 5, "{typed}");
    assert!(
        results
            .iter()
            .all(|r| r["href"].as_str().unwrap().contains("/practices/"))
    );
    assert!(
        results.iter().any(|r| r["marks"].as_u64().unwrap() > 0),
        "{typed}"
    );
    let total = typed["status"]
        .as_str()
        .unwrap()
        .strip_prefix("Найдено: ")
        .unwrap_or_else(|| panic!("{typed}"));
    assert_eq!(
        typed["allText"],
        json!(format!("Все результаты ({total})")),
        "{typed}"
    );
    let href = typed["allHref"].as_str().unwrap();
    assert!(
        href.ends_with("/practices/?q=%D0%BF%D1%80%D0%B0%D0%BA%D1%82%D0%B8%D0%BA%D0%B8"),
        "{href}"
    );
    assert_eq!(step("escape")["listHidden"], json!(true));
    let nothing = step("nothing");
    assert_eq!(nothing["status"], json!("Ничего не найдено"), "{nothing}");
    assert_eq!(nothing["results"], json!([]));
    assert_eq!(
        nothing["allText"],
        json!("Ничего не найдено: откройте банк практик")
    );
}

/// The question of issue 4, as a teacher would type it, on the repository's example site: «адаптировать» is in
/// no text (the write-ups say «адаптация»), so no document has every word; the results are then
/// the documents with most of the words, the kindergarten's mentoring plan first, and the page is
/// told which word found nothing. A document with every word still outranks such partial
/// matches, and a query whose words are all found together is not partial.
#[test]
fn a_question_finds_the_documents_with_most_of_its_words() {
    if !node_available() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    common::nastavnik()
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&public)
        .assert()
        .success();
    let results = query(
        &public,
        &json!([
            {"q": "как адаптировать молодого педагога в детском саду"},
            {"q": "молодой педагог детский сад "},
        ]),
    );
    let question = &results[0];
    assert_eq!(question["partial"], json!(true), "{question}");
    assert_eq!(question["absent"], json!(["адаптировать"]), "{question}");
    assert!(
        question["urls"][0]
            .as_str()
            .unwrap()
            .ends_with("/practices/detskiy-sad-15-plan-nastavnichestva/"),
        "{question}"
    );
    let together = &results[1];
    assert_eq!(together["partial"], json!(false), "{together}");
    assert!(together["total"].as_u64().unwrap() >= 1);
    assert_eq!(together["urls"][0], question["urls"][0]);
}

/// A site of 300 practices and 30 events made by `gen_corpus` (seed 7) in `dir`, built: its
/// folder and its output.
fn generated_site(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (site, public) = (dir.join("site"), dir.join("public"));
    let args: Vec<String> = [site.to_str().expect("a UTF-8 temporary path"), "300", "30"]
        .into_iter()
        .chain(["--seed", "7"])
        .map(str::to_owned)
        .collect();
    let args = gen_corpus::parse_args(&args)
        .expect("valid arguments")
        .expect("not a help request");
    gen_corpus::run(&args).expect("gen_corpus writes the corpus");
    nastavnik()
        .arg("build")
        .arg("--root")
        .arg(&site)
        .arg("--output")
        .arg(&public)
        .assert()
        .success();
    (site, public)
}

#[test]
fn recall_on_the_generated_corpus() {
    if !node_available() {
        return;
    }
    let tmp = tempfile::tempdir().expect("temporary folder");
    let (site, public) = generated_site(tmp.path());
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("corpus.json")).unwrap()).unwrap();
    let specs = manifest["queries"].as_array().expect("queries");
    // Each query as the manifest writes it and in its last listed inflection (genitive or
    // prepositional plural, never the form of the query itself).
    let mut queries = Vec::new();
    for spec in specs {
        let forms = spec["forms"].as_array().unwrap();
        queries.push(json!({"q": format!("{} ", spec["query"].as_str().unwrap())}));
        queries.push(json!({"q": format!("{} ", forms.last().unwrap().as_str().unwrap())}));
    }
    let results = query(&public, &Value::Array(queries.clone()));
    for (i, spec) in specs.iter().enumerate() {
        let expected: BTreeSet<String> = spec["practices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| format!("/practices/{}/", s.as_str().unwrap()))
            .collect();
        assert!(!expected.is_empty(), "{spec}");
        for k in 0..2 {
            let found: BTreeSet<String> = urls(&results[2 * i + k])
                .into_iter()
                .filter_map(|u| u.find("/practices/").map(|at| u[at..].to_owned()))
                .collect();
            let missing: Vec<_> = expected.difference(&found).collect();
            assert!(
                missing.is_empty(),
                "{} missed {missing:?}",
                queries[2 * i + k]["q"]
            );
        }
    }
}

/// A synonym group's clause is scored from the build's `s/` file (the group's words' postings
/// are among the largest files of the index, and a question with two groups fetched 54 KB gzip
/// of them at 10,000 practices): results and their order must be those the browser computes
/// from the postings itself, for every phrase of the default groups, alone and with other
/// words, by relevance and by date, and for a question that matches only in part.
#[test]
fn synonym_clauses_scored_by_the_build_rank_as_the_browser_would() {
    if !node_available() {
        return;
    }
    let tmp = tempfile::tempdir().expect("temporary folder");
    let (_, public) = generated_site(tmp.path());
    let texts = [
        "как адаптировать молодого педагога в детском саду",
        "молодых педагогов",
        "молодой специалист",
        "начинающим педагогам",
        "наставник",
        "наставничества",
        "ДОУ",
        "детский сад колледж",
        "школа наставник",
        "техникум СПО",
        "молодой педагог наставник",
    ];
    let mut queries = Vec::new();
    for q in texts {
        for sort in ["rel", "new"] {
            for own in [true, false] {
                queries
                    .push(json!({"q": q, "submitted": true, "sort": sort, "scoreSynonyms": own}));
            }
        }
    }
    let results = query(&public, &Value::Array(queries.clone()));
    for (pair, asked) in results.chunks(2).zip(queries.chunks(2)) {
        let (built, browser) = (&pair[0], &pair[1]);
        assert!(built["total"].as_u64().unwrap() > 0, "{}", asked[0]);
        assert_eq!(built["urls"], browser["urls"], "{}", asked[0]);
        assert_eq!(built["partial"], browser["partial"], "{}", asked[0]);
    }
    // The scored files are what the first query read, not the words' postings.
    let first = &query(&public, &json!([{"q": texts[0], "submitted": true}]))[0];
    let files: Vec<&str> = first["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(files.contains(&"search/s/1-1.json"), "{files:?}");
    assert!(files.contains(&"search/s/2-1.json"), "{files:?}");
    let start = |term: &str| format!("search/p/{}", nastavnik::search::format::term_key(term));
    for word in [
        "молодой",
        "педагог",
        "специалист",
        "начинающий",
        "детский",
        "сад",
    ] {
        assert!(
            !files
                .iter()
                .any(|f| f.starts_with(&format!("{}.", start(word)))),
            "{word}: {files:?}"
        );
    }
}

/// Serves `dir` on a free local port (see [`common::serve_files`]).
fn serve(dir: std::path::PathBuf) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
    let port = listener.local_addr().expect("an address").port();
    serve_files(listener, dir);
    port
}

/// What a browser harness observed, step by step (`{"step": NAME, …}`).
struct Steps(Vec<Value>);

impl Steps {
    fn get(&self, name: &str) -> Value {
        self.0
            .iter()
            .find(|s| s["step"] == name)
            .unwrap_or_else(|| panic!("no step {name}: {:#?}", self.0))
            .clone()
    }
}

/// Builds the recall site for http://127.0.0.1/, copies the harness `tests/tools/HARNESS` into
/// it, opens it in headless Chromium and returns the steps it wrote into its `<pre id="out">`.
fn run_harness(browser: &str, harness: &str) -> Steps {
    run_harness_on(&recall_site().0, browser, harness)
}

/// [`run_harness`] on the site `site`.
fn run_harness_on(site: &TestSite, browser: &str, harness: &str) -> Steps {
    site.build_cmd()
        .arg("--base-url")
        .arg("http://127.0.0.1/")
        .assert()
        .success();
    let public = site.out();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/tools")
            .join(harness),
        public.join("harness_under_test.html"),
    )
    .expect("copy the harness");
    let port = serve(public);
    let profile = tempfile::tempdir().expect("a browser profile folder");
    let out = Command::new(browser)
        .args(common::CHROMIUM_FLAGS)
        .args([
            "--virtual-time-budget=20000",
            // A stalled page fails the test in a minute instead of hanging it.
            "--timeout=60000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("http://127.0.0.1:{port}/harness_under_test.html"))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.rfind("<pre id=\"out\">").expect("the harness output") + 14;
    let end = start + dom[start..].find("</pre>").expect("end of the output");
    let text = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Steps(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")))
}

#[test]
fn the_bank_page_searches_in_headless_chromium() {
    let Some(browser) = chromium() else {
        return;
    };
    let steps = run_harness(browser, "search_browser.html");
    let step = |name: &str| steps.get(name);
    // Without a query the static list shows.
    assert_eq!(step("start")["staticHidden"], json!(false));
    // Typing: results as you type, highlighted, counted, and the query in the URL.
    let typed = step("typed");
    assert!(
        typed["status"].as_str().unwrap().starts_with("Найдено: "),
        "{typed}"
    );
    assert!(typed["cards"].as_u64().unwrap() > 0 && typed["marks"].as_u64().unwrap() > 0);
    assert!(typed["search"].as_str().unwrap().starts_with("?q="));
    // A facet narrows and goes into the URL; Back restores the search without it.
    let facet = step("facet");
    assert_eq!(facet["checked"].as_array().unwrap().len(), 1, "{facet}");
    assert!(facet["search"].as_str().unwrap().contains("&type="));
    let back = step("back");
    assert_eq!(back["search"], typed["search"]);
    assert_eq!(back["checked"], json!([]));
    assert_eq!(back["status"], typed["status"]);
    // Nothing found says so, and which word found nothing.
    let nothing = step("nothing");
    assert_eq!(nothing["status"], json!("Ничего не найдено."));
    assert_eq!(
        nothing["hint"],
        json!(
            "Слово «йцукенгшщз» не встречается ни в одном материале. \
             Проверьте написание, сократите запрос или замените слова другими."
        ),
        "{nothing}"
    );
    // With words that are found, the results are those with most of the words, in the same
    // order as without the word found nowhere, and the status (read out) says so.
    let partial = step("partial");
    let status = partial["status"].as_str().unwrap();
    assert!(
        status.starts_with("Материалов со всеми словами запроса нет. Найдено по части слов: ")
            && status.ends_with(
                ", сначала те, где совпало больше слов. \
                 Слово «йцукенгшщз» не встречается ни в одном материале."
            ),
        "{partial}"
    );
    assert_eq!(partial["hrefs"], typed["hrefs"], "{partial}");
    assert_eq!(partial["hint"], Value::Null);
    // A search URL opened afresh shows its search.
    let reload = step("reload");
    assert_eq!(reload["input"], json!("детском саду"));
    assert!(reload["cards"].as_u64().unwrap() > 0, "{reload}");
}

#[test]
fn drafts_stay_out_of_the_index_even_when_built_with_drafts() {
    let (site, _) = recall_site();
    site.build_cmd().arg("--drafts").assert().success();
    // The draft page itself is built for preview...
    assert!(site.out().join("practices/chernovik/index.html").is_file());
    // ...but no index file mentions its unique word.
    let index = site.out().join("search");
    let files = files_under(&index);
    assert!(files.len() > 10);
    for file in files {
        let text = std::fs::read_to_string(index.join(&file)).expect("index files are text");
        assert!(!text.contains("секретнаяпрактик"), "{}", file.display());
        assert!(!text.contains("chernovik"), "{}", file.display());
    }
}

/// Without JavaScript the header form still leads to the bank page (`?q=` in the URL), which
/// cannot search by words: it must say so in Russian, point to the static facet pages and the
/// organizations, and keep the whole list browsable. The built HTML is checked, then the page
/// as Chromium renders it with scripts disabled.
#[test]
fn without_javascript_the_bank_says_search_needs_it_and_stays_browsable() {
    let site = TestSite::new();
    site.build_cmd().assert().success();
    let home = site.read_out("index.html");
    assert!(
        home.contains(
            "<form class=\"search\" action=\"/metod/nastavnichestvo/practices/\" role=\"search\""
        ),
        "the header form must lead to the bank"
    );
    assert!(home.contains("name=\"q\""));
    let bank = site.read_out("practices/index.html");
    let note_start = bank
        .find("<noscript>")
        .expect("a note for readers without JavaScript");
    let note = &bank[note_start..note_start + bank[note_start..].find("</noscript>").unwrap()];
    assert!(
        note.contains("Поиск по&nbsp;словам работает, когда в&nbsp;браузере включён JavaScript"),
        "{note}"
    );
    assert!(note.contains("href=\"#facets-title\""), "{note}");
    assert!(
        note.contains("href=\"/metod/nastavnichestvo/organizations/\""),
        "{note}"
    );
    // The anchor exists, and its facet links and the list are plain links, not hidden.
    assert!(bank.contains("id=\"facets-title\""));
    let static_part = &bank[bank.find("data-search-static").expect("the static part")..];
    assert!(static_part.contains("href=\"/metod/nastavnichestvo/practices/shkola-4/\""));
    assert!(
        !bank[bank
            .find("<div class=\"with-sidebar\" data-search-static")
            .unwrap()..]
            .starts_with("<div class=\"with-sidebar\" data-search-static hidden"),
    );
    // The search box itself is hidden without JavaScript (search.js reveals it).
    assert!(bank.contains("data-search-bank data-search-base=\"/metod/nastavnichestvo/search/\" aria-labelledby=\"bank-search-title\" hidden>"));
    let Some(browser) = chromium() else {
        return;
    };
    let public = site.out();
    let port = serve(public);
    let profile = tempfile::tempdir().expect("a browser profile folder");
    // Scripts off as a reader switches them off, in the profile's content settings
    // (`--blink-settings=scriptEnabled=false` also stops headless Chromium from dumping the DOM).
    std::fs::create_dir_all(profile.path().join("Default")).expect("a profile folder");
    std::fs::write(
        profile.path().join("Default/Preferences"),
        r#"{"profile":{"default_content_setting_values":{"javascript":2}}}"#,
    )
    .expect("write the profile preferences");
    let out = Command::new(browser)
        .args(common::CHROMIUM_FLAGS)
        .arg("--timeout=60000")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!(
            "http://127.0.0.1:{port}/practices/?q=%D0%BC%D0%BE%D0%BB%D0%BE%D0%B4%D0%BE%D0%B9"
        ))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    // With scripts off, the note is part of the page (parsed as elements, not as text).
    assert!(
        dom.contains("<p class=\"search-nojs\" data-search-nojs=\"\">Поиск по"),
        "no note in the page Chromium rendered without JavaScript:\n{dom}"
    );
    // The html element keeps its no-js class: nothing ran.
    assert!(dom.contains("<html lang=\"ru\" class=\"no-js\">"), "{dom}");
    assert!(dom.contains("href=\"/metod/nastavnichestvo/practices/shkola-4/\""));
}

/// Word forms the Snowball stemmer splits (or merges with another word), each table written by
/// hand from a grammar, not from any stemmer or dictionary: the lemma, then its forms.
const FORM_TABLES: &[(&str, &[&str])] = &[
    (
        "лицей",
        &[
            "лицей",
            "лицея",
            "лицею",
            "лицеем",
            "лицее",
            "лицеи",
            "лицеев",
            "лицеям",
            "лицеями",
            "лицеях",
        ],
    ),
    (
        "лицо",
        &[
            "лицо",
            "лица",
            "лицу",
            "лицом",
            "лице",
            "лиц",
            "лицам",
            "лицами",
            "лицах",
        ],
    ),
    (
        "опыт",
        &[
            "опыт",
            "опыта",
            "опыту",
            "опытом",
            "опыте",
            "опыты",
            "опытов",
            "опытам",
            "опытами",
            "опытах",
        ],
    ),
    (
        "подросток",
        &[
            "подросток",
            "подростка",
            "подростку",
            "подростком",
            "подростке",
            "подростки",
            "подростков",
            "подросткам",
            "подростками",
            "подростках",
        ],
    ),
    (
        "кружок",
        &[
            "кружок",
            "кружка",
            "кружку",
            "кружком",
            "кружке",
            "кружки",
            "кружков",
            "кружкам",
            "кружками",
            "кружках",
        ],
    ),
    (
        "ребёнок",
        &[
            "ребёнок",
            "ребёнка",
            "ребёнку",
            "ребёнком",
            "ребёнке",
            "дети",
            "детей",
            "детям",
            "детьми",
            "детях",
        ],
    ),
    (
        "музей",
        &[
            "музей",
            "музея",
            "музею",
            "музеем",
            "музее",
            "музеи",
            "музеев",
            "музеям",
            "музеями",
            "музеях",
        ],
    ),
    (
        "образец",
        &[
            "образец",
            "образца",
            "образцу",
            "образцом",
            "образце",
            "образцы",
            "образцов",
            "образцам",
            "образцами",
            "образцах",
        ],
    ),
    (
        "день",
        &[
            "день",
            "дня",
            "дню",
            "днём",
            "дне",
            "дни",
            "дней",
            "дням",
            "днями",
            "днях",
        ],
    ),
    (
        "линейка",
        &[
            "линейка",
            "линейки",
            "линейке",
            "линейку",
            "линейкой",
            "линеек",
            "линейкам",
            "линейками",
            "линейках",
        ],
    ),
    (
        "адаптировать",
        &[
            "адаптировать",
            "адаптирую",
            "адаптирует",
            "адаптируем",
            "адаптируют",
            "адаптировал",
            "адаптировала",
            "адаптировали",
        ],
    ),
];

/// A site with one practice per (lemma, form) of [`FORM_TABLES`], the form planted in its body
/// among words of none of the tables. Returns the site and, per table, its practices' URLs.
fn forms_site() -> (TestSite, Vec<BTreeSet<String>>) {
    let site = TestSite::new();
    let mut expected = vec![BTreeSet::new(); FORM_TABLES.len()];
    for (t, (_, forms)) in FORM_TABLES.iter().enumerate() {
        for (k, form) in forms.iter().enumerate() {
            let slug = format!("forma-{t}-{k}");
            site.write(
                &format!("content/practices/{slug}.md"),
                &format!(
                    "---\ntitle: Запись {t} {k}\nsummary: Заметка отдела.\ndate: 2024-01-{:02}\n---\nВ записи упомянуто: {form}. \
                     Материал подготовлен методическим отделом.\n",
                    k + 1
                ),
            );
            expected[t].insert(format!("/metod/nastavnichestvo/practices/{slug}/"));
        }
    }
    (site, expected)
}

/// Every form of every table, submitted as a query, finds every practice of its table
/// (planted in the other forms): recall 1.0; and hardly anything else (precision ≥ 0.95; «лица»
/// must not find a «лицей»).
#[test]
fn forms_snowball_splits_find_each_other_and_homonyms_stay_apart() {
    if !node_available() {
        return;
    }
    let (site, expected) = forms_site();
    let public = built(&site);
    let mut queries = Vec::new();
    let mut wanted = Vec::new();
    for (t, (_, forms)) in FORM_TABLES.iter().enumerate() {
        for form in *forms {
            queries.push(json!({"q": form, "submitted": true}));
            wanted.push(t);
        }
    }
    let results = query(&public, &Value::Array(queries.clone()));
    let (mut relevant, mut found_relevant, mut found) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for ((q, t), result) in queries.iter().zip(&wanted).zip(&results) {
        let got = urls(result);
        let hit = got.intersection(&expected[*t]).count();
        relevant += expected[*t].len();
        found_relevant += hit;
        found += got.len();
        if hit < expected[*t].len() {
            misses.push(format!("{}: {hit} of {}", q["q"], expected[*t].len()));
        }
    }
    let recall = found_relevant as f64 / relevant as f64;
    let precision = found_relevant as f64 / found.max(1) as f64;
    eprintln!(
        "{} queries: recall {recall:.3}, precision {precision:.3}",
        queries.len()
    );
    assert!(misses.is_empty(), "recall {recall:.3}: {misses:#?}");
    assert!(precision >= 0.95, "precision {precision:.3}");
    // The homonyms: «лица» finds the «лицо» practices and no «лицей» one, and back.
    let face = FORM_TABLES.iter().position(|t| t.0 == "лицо").unwrap();
    let lyceum = FORM_TABLES.iter().position(|t| t.0 == "лицей").unwrap();
    let extra = query(
        &public,
        &json!([{"q": "лица", "submitted": true}, {"q": "лицея", "submitted": true}]),
    );
    assert_eq!(urls(&extra[0]), expected[face]);
    assert_eq!(urls(&extra[1]), expected[lyceum]);
}

/// The browser (`search.js` through `tests/tools/search_terms.js`) gives every word the same
/// terms as the build (`morph::terms`): the Snowball test vocabulary (49,785 words, in the
/// site) and every form of the lemmas of [`FORM_TABLES`] (only the lemmas are in the site; the
/// other forms reach them through the forms the index ships).
#[test]
fn the_browser_and_the_build_give_every_word_the_same_terms() {
    use nastavnik::search::{index::STOP_WORDS, morph, stem};
    if !node_available() {
        return;
    }
    let vocabulary = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/snowball-russian/voc.txt"),
    )
    .expect("the Snowball vocabulary");
    let in_site: Vec<&str> = vocabulary.lines().filter(|w| !w.is_empty()).collect();
    let site = TestSite::new();
    for (n, chunk) in in_site.chunks(1000).enumerate() {
        site.write(
            &format!("content/practices/slova-{n}.md"),
            &format!(
                "---\ntitle: Слова {n}\nsummary: Заметка отдела.\ndate: 2024-01-01\n---\n{}\n",
                chunk.join(" ")
            ),
        );
    }
    let lemmas: Vec<String> = FORM_TABLES
        .iter()
        .map(|(lemma, _)| stem::normalize(lemma))
        .collect();
    site.write(
        "content/practices/lemmy.md",
        &format!(
            "---\ntitle: Леммы\nsummary: Заметка отдела.\ndate: 2024-01-01\n---\n{}\n",
            lemmas.join(" ")
        ),
    );
    let public = built(&site);
    let mut words: Vec<String> = in_site.iter().map(|w| stem::normalize(w)).collect();
    for lemma in &lemmas {
        words.extend(morph::forms(lemma));
    }
    words.retain(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()));
    words.sort();
    words.dedup();
    let browser = run_node("search_terms.js", &public, &json!(words));
    // The lemmas of the words the index has (stop words are not indexed).
    let site_lemmas: BTreeSet<String> = in_site
        .iter()
        .copied()
        .chain(lemmas.iter().map(String::as_str))
        .map(stem::normalize)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .flat_map(|w| morph::lemmas(&w))
        .collect();
    let mut differ = Vec::new();
    for word in &words {
        // The build's terms of the word; in the browser, a dictionary word whose lemmas are
        // none of the site's is no form of the site and falls back to its stem (it finds
        // nothing either way).
        let lemmas: Vec<String> = morph::lemmas(word)
            .into_iter()
            .filter(|l| site_lemmas.contains(l))
            .collect();
        let mut want = if lemmas.is_empty() {
            vec![stem::stem_normalized(word)]
        } else {
            lemmas
        };
        want.sort();
        if browser[word] != json!(want) {
            differ.push(format!("{word}: browser {}, build {want:?}", browser[word]));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} words differ; first ones:\n{}",
        differ.len(),
        words.len(),
        differ[..differ.len().min(20)].join("\n")
    );
    // The forms outside the site reached their lemma.
    assert_eq!(browser["детьми"], json!(["ребенок"]));
    assert_eq!(browser["адаптируют"], json!(["адаптировать"]));
}

/// A small bank for the defects an independent test found: a phrase synonym beside a word of
/// it («детских» is not «детский сад»), a specialist typed with a typo, lyceums and faces.
fn defects_site() -> TestSite {
    let site = TestSite::new();
    let pages = [
        (
            "sovet",
            "Совет детских общественных объединений",
            "Работа совета с ДОУ района.",
        ),
        (
            "adaptaciya",
            "Адаптация в детском саду",
            "Молодой педагог в детском саду.",
        ),
        ("logoped", "Логопед в школе", "Логопед и учитель вместе."),
        ("tyutor", "Тьютор в школе", "Тьютор сопровождает ученика."),
        ("licey", "Наставничество в лицее", "Опыт лицея № 2."),
        ("lico", "Лицо школы", "Лица выпускников."),
    ];
    for (i, (slug, title, summary)) in pages.iter().enumerate() {
        site.write(
            &format!("content/practices/{slug}.md"),
            &format!(
                "---\ntitle: {title}\nsummary: \"{summary}\"\ndate: 2023-03-{:02}\nyear: \"2023\"\n---\n{summary}\n",
                i + 1
            ),
        );
    }
    site
}

#[test]
fn the_bank_page_handles_what_the_independent_test_found_in_headless_chromium() {
    let Some(browser) = chromium() else {
        return;
    };
    let steps = run_harness_on(&defects_site(), browser, "search_defects.html");
    let step = |name: &str| steps.get(name);
    // «ДОУ» (synonym «детский сад»): the phrase is highlighted as a phrase, «детских» alone not.
    let phrase = step("phrase");
    let marks: Vec<&str> = phrase["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        marks.contains(&"ДОУ") && marks.contains(&"детском") && marks.contains(&"саду"),
        "{phrase}"
    );
    assert!(!marks.contains(&"детских"), "{phrase}");
    // A submitted query names its unknown last word.
    let submitted = step("submitted");
    assert!(
        submitted["status"]
            .as_str()
            .unwrap()
            .contains("«поликлинике»"),
        "{submitted}"
    );
    // Stop words or punctuation only: said so, nothing listed.
    for name in ["stopwords", "punctuation", "number-sign"] {
        let blank = step(name);
        assert!(
            blank["status"]
                .as_str()
                .unwrap()
                .starts_with("Запрос состоит только из служебных слов"),
            "{blank}"
        );
        assert_eq!(blank["cards"], json!(0), "{blank}");
    }
    // A filter of an old link that no longer exists is named, not silently dropped.
    let old = step("old-filter");
    assert!(
        old["status"]
            .as_str()
            .unwrap()
            .starts_with("Фильтра «Год: 1900» нет"),
        "{old}"
    );
    assert!(old["cards"].as_u64().unwrap() > 0, "{old}");
    // A word found nowhere is named once.
    let repeated = step("repeated");
    assert_eq!(
        repeated["hint"],
        json!(
            "Слово «script» не встречается ни в одном материале. \
             Проверьте написание, сократите запрос или замените слова другими."
        ),
        "{repeated}"
    );
    // A typo gets a suggestion, and no search is made in its stead.
    let typo = step("typo");
    assert_eq!(
        typo["suggestion"],
        json!("Возможно, вы искали: тьютор"),
        "{typo}"
    );
    assert_eq!(typo["cards"], json!(0), "{typo}");
    // Forms Snowball splits find each other; homonyms stay apart.
    let lyceum = step("lyceum");
    assert_eq!(lyceum["cards"], json!(1), "{lyceum}");
    assert_eq!(lyceum["marks"], json!(["лицее", "лицея"]), "{lyceum}");
    let face = step("face");
    assert_eq!(face["cards"], json!(1), "{face}");
    assert_eq!(face["marks"], json!(["Лицо", "Лица"]), "{face}");
    // A search URL without filters preloads no facet data; the facets come after the results.
    assert_eq!(submitted["preloads"], json!(["meta.json"]), "{submitted}");
    assert!(
        submitted["facetGroups"].as_u64().unwrap() > 0,
        "{submitted}"
    );
    assert_eq!(
        old["preloads"],
        json!(["meta.json", "facets.json"]),
        "{old}"
    );
    // Typing only: the query settled before the next one is typed is a history entry of its own.
    assert_eq!(step("settled")["input"], json!("логопед"));
    assert_eq!(step("typed-again")["input"], json!("тьютор"));
    let back = step("back");
    assert_eq!(back["input"], json!("логопед"), "{back}");
    assert!(back["cards"].as_u64().unwrap() > 0, "{back}");
}
