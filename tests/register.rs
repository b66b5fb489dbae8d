//! The register of organizations: `/organizations/` (rows, filters, counts, city totals),
//! `organizations/register.csv` read back, the organization page, the curator's personal data
//! (only what `publish` lists is anywhere in the output), and the editor's diagnostics through
//! `nastavnik check`.

mod common;

use std::path::Path;

use common::{ORGS, TestSite};

/// Two schools with a programme (their 2023 figures sum to 312 pairs and 48 groups), a
/// kindergarten without one, and an authority that says nothing of a programme. МБОУ «СШ № 40»
/// publishes its curator's position and e-mail only; МБОУ «СШ № 16» has no `publish` at all.
const REGISTER_ORGS: &str = "\
- id: sh-40
  name: 'Муниципальное бюджетное общеобразовательное учреждение \"Средняя школа № 40\"; корпус 2'
  short: МБОУ «СШ № 40»
  kind: школа
  district: Промышленный
  mentoring: да
  program_since: 2021
  mentoring_url: https://sh40.example.org/nastavnichestvo/
  curator:
    name: Тайнозаписанная Вера Скрытовна
    position: заместитель директора по УВР
    phone: +7 (4812) 97-53-19
    email: nastavnik@sh40.example.org
    publish: [position, email]
  figures:
    2023: {pairs: 200, groups: 30, mentors: 210, mentees: 240}
    2024: {pairs: 1}
- id: sh-16
  name: Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 16» города Смоленска
  short: МБОУ «СШ № 16»
  kind: школа
  district: Ленинский
  mentoring: да
  curator:
    name: Неопубликованная Анна Петровна
    position: методист по наставничеству
    phone: +7 (4812) 86-42-08
    email: skryto.kurator@sh16.example.org
  figures:
    2023:
      pairs: 112
      groups: 18
- id: ds-7
  name: Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 7»
  short: МБДОУ «Детский сад № 7»
  kind: детский сад
  district: Ленинский
  mentoring: нет
- id: cdo
  name: Муниципальное бюджетное учреждение дополнительного образования «Центр дополнительного образования»
  short: МБУ ДО «ЦДО»
  kind: учреждение ДО
";

/// The test site with the register's organizations, built with the fixed date.
fn built() -> TestSite {
    let site = TestSite::new();
    site.write(ORGS, REGISTER_ORGS);
    let run = site.build_cmd().output().expect("run build");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    site
}

/// Reads a CSV with «;» between cells, RFC 4180 quoting and CRLF line ends.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ';') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a bare LF ends a line: {text}"),
            (false, c) => cell.push(c),
        }
    }
    assert!(
        !quoted && cell.is_empty() && row.is_empty(),
        "unfinished: {text}"
    );
    rows
}

#[test]
fn register_csv_reads_back_with_bom_quoting_and_columns() {
    let site = built();
    let bytes = std::fs::read(site.out().join("organizations/register.csv")).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let rows = read_csv(text);
    assert_eq!(rows.len(), 5, "a header and four organizations: {rows:?}");
    let header = &rows[0];
    assert_eq!(header.len(), 15 + 2 * 4, "{header:?}");
    assert_eq!(&header[..3], ["Код", "Краткое название", "Полное название"]);
    assert_eq!(header[15], "2023: пары");
    assert_eq!(header[22], "2024: наставляемые");
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let sh40 = &rows[1];
    assert_eq!(sh40[0], "sh-40");
    // The name with «"» and «;» came through the quoting whole.
    assert_eq!(
        sh40[col("Полное название")],
        "Муниципальное бюджетное общеобразовательное учреждение \"Средняя школа № 40\"; корпус 2"
    );
    assert!(text.contains(";\"Муниципальное бюджетное общеобразовательное учреждение \"\"Средняя школа № 40\"\"; корпус 2\";"));
    assert_eq!(sh40[col("Тип")], "школа");
    assert_eq!(sh40[col("Район")], "Промышленный");
    assert_eq!(sh40[col("Реализует программу наставничества")], "да");
    assert_eq!(sh40[col("Год начала программы")], "2021");
    // Only the published fields of the curator.
    assert_eq!(sh40[col("Куратор")], "");
    assert_eq!(
        sh40[col("Должность куратора")],
        "заместитель директора по УВР"
    );
    assert_eq!(sh40[col("Телефон куратора")], "");
    assert_eq!(sh40[col("E-mail куратора")], "nastavnik@sh40.example.org");
    assert_eq!(
        sh40[col("Страница на сайте раздела")],
        "https://example.org/metod/nastavnichestvo/organizations/sh-40/"
    );
    assert_eq!(&sh40[15..], ["200", "30", "210", "240", "1", "", "", ""]);
    let sh16 = &rows[2];
    assert_eq!(
        &sh16[7..11],
        ["", "", "", ""],
        "nothing of an unlisted curator"
    );
    assert_eq!(&sh16[15..], ["112", "18", "", "", "", "", "", ""]);
    assert_eq!(rows[3][col("Реализует программу наставничества")], "нет");
    assert_eq!(rows[4][col("Реализует программу наставничества")], "");
    assert_eq!(rows[4][col("Тип")], "учреждение ДО");
}

/// The opening tag of the element with `id`.
fn tag_of<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} missing in {html}"));
    let start = html[..at].rfind('<').expect("tag start");
    &html[start..at + html[at..].find('>').expect("tag end")]
}

#[test]
fn register_page_rows_filters_counts_and_city_totals() {
    let site = built();
    let html = site
        .read_out("organizations/index.html")
        .replace('\u{a0}', "~");
    assert!(html.contains("<h1>Реестр организаций</h1>"));
    assert!(
        html.contains("4~организации, из них 2~реализуют программу наставничества."),
        "{html}"
    );
    // City totals, newest year first, with Russian plurals.
    let y2024 = html.find("data-year=\"2024\">2024~г.: 1~наставническая пара <small>(по данным 1~организации)</small>");
    let y2023 = html.find("data-year=\"2023\">2023~г.: 312~наставнических пар, 48~групп, 210~наставников, 240~наставляемых <small>(по данным 2~организаций)</small>");
    assert!(y2024.is_some() && y2023.is_some(), "{html}");
    assert!(y2024 < y2023);
    // Every organization is a row with its filter values, in the file's order.
    let rows: Vec<&str> = html.matches("class=\"register-row\"").collect();
    assert_eq!(rows.len(), 4);
    assert!(
        tag_of(&html, "org-sh-40")
            .contains("data-kind=\"школа\" data-district=\"Промышленный\" data-program=\"1\"")
    );
    assert!(tag_of(&html, "org-ds-7").contains("data-program=\"0\""));
    assert!(tag_of(&html, "org-cdo").contains("data-kind=\"учреждение ДО\" data-district=\"\""));
    assert!(html.find("id=\"org-sh-40\"") < html.find("id=\"org-cdo\""));
    // The kind keeps its abbreviation: «Учреждение ДО», never «Учреждение до».
    assert!(
        html.contains("<td data-label=\"Тип\">Учреждение ДО</td>"),
        "{html}"
    );
    assert!(!html.contains("Учреждение до"));
    assert!(html.contains("реализует с~2021~г."));
    assert!(html.contains("2024&nbsp;г.: 1~наставническая пара</td>"));
    // The filters: hidden until the script shows them, each value with its count.
    assert!(tag_of(&html, "register-filters").contains("hidden"));
    assert!(html.contains("<option value=\"школа\">Школа (2)</option><option value=\"детский сад\">Детский сад (1)</option><option value=\"учреждение ДО\">Учреждение ДО (1)</option>"), "{html}");
    assert!(html.contains("<option value=\"Ленинский\">Ленинский (2)</option><option value=\"Промышленный\">Промышленный (1)</option>"));
    assert!(html.contains("реализует программу наставничества (2)"));
    assert!(html.contains("href=\"/metod/nastavnichestvo/organizations/register.csv\" download"));
}

#[test]
fn organization_page_shows_published_curator_figures_and_programme() {
    let site = built();
    let html = site
        .read_out("organizations/sh-40/index.html")
        .replace('\u{a0}', "~");
    assert!(html.contains("<tr><th scope=\"row\">Район</th><td>Промышленный</td></tr>"));
    assert!(html.contains("<td>реализует с~2021~г.</td>"));
    assert!(
        html.contains("<a href=\"https://sh40.example.org/nastavnichestvo/\" rel=\"external\">")
    );
    assert!(html.contains("<h2 id=\"org-curator\">Куратор программы наставничества</h2>\n<p>заместитель директора по УВР</p>"), "{html}");
    assert!(html.contains("<a href=\"mailto:nastavnik@sh40.example.org\">"));
    assert!(!html.contains("Телефон:"));
    assert!(html.contains("<tr><th scope=\"row\">2024</th><td>1</td><td>—</td><td>—</td><td>—</td></tr>\n<tr><th scope=\"row\">2023</th><td>200</td><td>30</td><td>210</td><td>240</td></tr>"), "{html}");
    // Its event and its feed, as before.
    assert!(html.contains("id=\"org-events\""));
    assert!(html.contains("calendar.ics"));
    // No curator section where nothing may be published; no contests section without results.
    let sh16 = site.read_out("organizations/sh-16/index.html");
    assert!(!sh16.contains("org-curator"));
    assert!(!sh16.contains("org-contests"));
    let cdo = site.read_out("organizations/cdo/index.html");
    assert!(
        cdo.contains("<p class=\"entry-kind\">Учреждение ДО</p>"),
        "{cdo}"
    );
    assert!(
        !cdo.contains("Программа наставничества</th>"),
        "not stated, not shown"
    );
}

/// Values of the curators that may not be published, in the forms they could take in the
/// output: as written, lowercased (the search index), stemmed prefixes, digits of a `tel:`.
const SECRETS: [&str; 11] = [
    "Тайнозаписанная",
    "тайнозаписан",
    "Скрытовна",
    "97-53-19",
    "975319",
    "Неопубликованная",
    "неопубликован",
    "методист по наставничеству",
    "86-42-08",
    "864208",
    "skryto.kurator",
];

#[test]
fn unpublished_curator_fields_are_in_no_output_file() {
    let site = built();
    let files = common::files_under(&site.out());
    let kinds: std::collections::BTreeSet<String> = files
        .iter()
        .filter_map(|p| p.extension().map(|e| e.to_string_lossy().into_owned()))
        .collect();
    for kind in ["html", "csv", "json", "ics", "xml", "txt"] {
        assert!(
            kinds.contains(kind),
            "the output has {kind} files: {kinds:?}"
        );
    }
    assert!(
        files.iter().any(|p| p.starts_with("search")),
        "the search index is searched too"
    );
    let mut read = 0;
    for rel in &files {
        let bytes = std::fs::read(site.out().join(rel)).expect("read");
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        // JSON may escape non-ASCII letters; the index's own form is searched as it is written.
        let unescaped = text.replace("\\u00a0", " ");
        for secret in SECRETS {
            let secret = secret.to_lowercase();
            assert!(
                !unescaped.contains(&secret),
                "«{secret}» must not be published, found in {}",
                rel.display()
            );
            assert!(
                !text.contains(&json_escaped(&secret)),
                "«{secret}» (escaped) found in {}",
                rel.display()
            );
        }
        read += 1;
    }
    assert!(read > 30, "{read} files searched");
    // The published values are there, so the search above would have found the others.
    let page = site.read_out("organizations/sh-40/index.html");
    assert!(page.contains("nastavnik@sh40.example.org"));
    assert!(
        site.read_out("organizations/register.csv")
            .contains("заместитель директора по УВР")
    );
}

/// `text` with every non-ASCII character as a JSON `\uXXXX` escape (lowercase hex).
fn json_escaped(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[test]
fn check_warns_about_a_curator_without_publish_and_an_unknown_kind() {
    let site = TestSite::new();
    site.write(
        ORGS,
        &REGISTER_ORGS.replace("kind: детский сад", "kind: детскй сад"),
    );
    let run = site.command("check").output().expect("run check");
    assert!(run.status.success(), "warnings do not fail the check");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("данные куратора организации «sh-16» не будут опубликованы"),
        "{stderr}"
    );
    assert!(stderr.contains("data/organizations.yaml:24:3"), "{stderr}");
    assert!(
        stderr.contains("publish: [name, position, email]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("тип организации «детскй сад» не из списка"),
        "{stderr}"
    );
    assert!(stderr.contains("data/organizations.yaml:36:9"), "{stderr}");
    assert!(
        stderr.contains("возможно, вы имели в виду «детский сад»"),
        "{stderr}"
    );
}

#[test]
fn a_wrong_figure_fails_the_build_at_its_place() {
    let site = TestSite::new();
    site.write(
        ORGS,
        &REGISTER_ORGS.replace("groups: 18", "groups: Иванова"),
    );
    let run = site.build_cmd().output().expect("run build");
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("показатель groups за 2023 год должен быть целым неотрицательным числом"),
        "{stderr}"
    );
    assert!(stderr.contains("data/organizations.yaml:32:15"), "{stderr}");
    assert!(stderr.contains("имена наставников"), "{stderr}");
    assert!(
        !Path::new(&site.out())
            .join("organizations/register.csv")
            .exists()
    );
}

/// The register page's DOM after its script ran in headless Chromium, opened with `query`;
/// `after` runs after the page's own script.
fn register_dom(browser: &str, html: &str, query: &str, after: &str) -> String {
    common::dump_dom(browser, html, query, after)
}

/// Choosing a kind and the programme hides the other rows and puts both in the address; an
/// address with a district applies it on opening; without a filter every row shows.
#[test]
fn browser_filters_hide_rows_and_live_in_the_url() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let site = built();
    let html = site.read_out("organizations/index.html");
    let choose = "var f=document.getElementById('register-filters');\
         f.elements.kind.value='школа';f.elements.program.checked=true;\
         f.dispatchEvent(new Event('change'));\
         document.body.setAttribute('data-test-search',decodeURIComponent(location.search));";
    let dom = register_dom(browser, &html, "", choose);
    assert!(
        !tag_of(&dom, "register-filters").contains("hidden"),
        "shown with scripts"
    );
    assert!(!tag_of(&dom, "org-sh-40").contains("hidden"), "{dom}");
    assert!(!tag_of(&dom, "org-sh-16").contains("hidden"));
    assert!(tag_of(&dom, "org-ds-7").contains("hidden"));
    assert!(tag_of(&dom, "org-cdo").contains("hidden"));
    assert!(dom.contains("показано 2 из 4"), "{dom}");
    assert!(
        dom.contains("data-test-search=\"?kind=школа&amp;program=1\""),
        "{dom}"
    );

    let read = "document.body.setAttribute('data-test-district',\
         document.getElementById('register-filters').elements.district.value);";
    let dom = register_dom(
        browser,
        &html,
        "?district=%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D1%81%D0%BA%D0%B8%D0%B9",
        read,
    );
    assert!(dom.contains("data-test-district=\"Ленинский\""), "{dom}");
    assert!(tag_of(&dom, "org-sh-40").contains("hidden"));
    assert!(!tag_of(&dom, "org-sh-16").contains("hidden"));
    assert!(!tag_of(&dom, "org-ds-7").contains("hidden"));
    assert!(tag_of(&dom, "org-cdo").contains("hidden"));

    let dom = register_dom(browser, &html, "", "");
    for id in ["org-sh-40", "org-sh-16", "org-ds-7", "org-cdo"] {
        assert!(!tag_of(&dom, id).contains("hidden"), "{id}");
    }
}
