//! Roadmaps: the editors' mistakes (one test each, in front matter and in a table file), and
//! the roadmap's outputs: anchors, summary, `measures.csv` read back with Python's csv, and
//! `deadlines.ics` passing the project's iCalendar checks.

mod common;

use common::TestSite;
use nastavnik::diagnostic::{Diagnostic, Severity};

const ROADMAP: &str = "content/roadmaps/karta.md";

fn roadmap(measures: &str) -> String {
    format!(
        "---\ntitle: Дорожная карта\norder: \"@/orders/prikaz-633.md\"\norganization: sh-40\nperiod: 2022–2024\nsections:\n  - number: I\n    title: Нормативное обеспечение\n  - number: \"2\"\n    title: Организационные меры\nmeasures:\n{measures}---\nТекст.\n"
    )
}

const GOOD: &str = "  - number: \"1.1\"\n    title: Положение о наставничестве\n    due: декабрь 2022 (с 2023 года – ежегодно)\n    responsible: [sh-40, Методический отдел]\n    expected: Утверждено положение\n    status: {2022: выполнено, 2023: в работе}\n  - number: \"2.1\"\n    title: Конкурс; для наставников\n    due: февраль - март 2023, февраль - март 2024\n    responsible: [sh-40]\n    status: выполнено\n    evidence: [\"@/events/2022-10-10-sobranie.md\", \"https://example.org/itogi\"]\n";

fn diagnostics(site: &TestSite) -> Vec<Diagnostic> {
    site.build_lib().1
}

fn find<'a>(ds: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    ds.iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no «{code}» among {ds:#?}"))
}

#[test]
fn unknown_status_suggests_the_nearest() {
    let site = TestSite::new();
    site.write(
        ROADMAP,
        &roadmap(&GOOD.replace("status: выполнено", "status: выполнен")),
    );
    let ds = diagnostics(&site);
    let d = find(&ds, "bad-status");
    assert!(
        d.message
            .contains("неизвестный статус мероприятия «выполнен»")
    );
    assert!(d.hint.as_deref().unwrap().contains("«выполнено»"));
    assert_eq!(d.file, std::path::Path::new(ROADMAP));
    assert_eq!(d.line(), Some(22));
}

#[test]
fn duplicate_measure_number() {
    let site = TestSite::new();
    site.write(ROADMAP, &roadmap(&GOOD.replace("\"2.1\"", "\"1.1\"")));
    let ds = diagnostics(&site);
    let d = find(&ds, "duplicate-measure");
    assert!(d.message.contains("1.1"));
    assert!(d.hint.as_deref().unwrap().contains("строке 12"));
    assert_eq!(d.line(), Some(18));
}

#[test]
fn measure_in_a_missing_section() {
    let site = TestSite::new();
    site.write(ROADMAP, &roadmap(&GOOD.replace("\"2.1\"", "\"5.1\"")));
    let d = find(&diagnostics(&site), "unknown-section").clone();
    assert!(d.message.contains("разделу «5»"));
    assert!(d.hint.clone().unwrap().contains("I, 2"));
}

#[test]
fn unreadable_deadline_lists_the_accepted_forms() {
    let site = TestSite::new();
    site.write(
        ROADMAP,
        &roadmap(&GOOD.replace(
            "due: февраль - март 2023, февраль - март 2024",
            "due: когда-нибудь",
        )),
    );
    let d = find(&diagnostics(&site), "bad-deadline").clone();
    assert!(d.message.contains("«когда-нибудь»"));
    assert!(d.hint.clone().unwrap().contains("ежегодно до 20 сентября"));
    assert_eq!(d.line(), Some(20));
}

#[test]
fn deadline_outside_the_period_is_a_warning() {
    let site = TestSite::new();
    site.write(
        ROADMAP,
        &roadmap(&GOOD.replace("февраль - март 2024", "февраль - март 2026")),
    );
    let (out, ds) = site.build_lib();
    let d = find(&ds, "deadline-outside-period");
    assert_eq!(d.severity, Severity::Warning);
    assert!(out.is_some(), "a warning does not stop the build");
}

#[test]
fn broken_evidence_link() {
    let site = TestSite::new();
    site.write(
        ROADMAP,
        &roadmap(&GOOD.replace("2022-10-10-sobranie", "2022-10-10-net-takogo")),
    );
    let d = find(&diagnostics(&site), "broken-link").clone();
    assert!(d.message.contains("@/events/2022-10-10-net-takogo.md"));
    assert_eq!(d.line(), Some(23));
}

#[test]
fn event_measure_pointing_at_no_measure() {
    let site = TestSite::new();
    site.write(ROADMAP, &roadmap(GOOD));
    let event = std::fs::read_to_string(site.root().join(common::EVENT)).unwrap();
    site.write(
        common::EVENT,
        &event.replacen("---\n", "---\nmeasure: \"@/roadmaps/karta.md#3.7\"\n", 1),
    );
    let d = find(&diagnostics(&site), "broken-measure").clone();
    assert!(d.message.contains("нет мероприятия «3.7»"));
    assert!(d.hint.clone().unwrap().contains("1.1, 2.1"));
    assert_eq!(d.line(), Some(2));
}

#[test]
fn table_mistakes_name_the_file_row_and_column() {
    let site = TestSite::new();
    site.write(
        "content/roadmaps/shkola/index.md",
        "---\ntitle: Дорожная карта школы\nperiod: 2023–2024\n---\n",
    );
    site.write(
        "content/roadmaps/shkola/measures.tsv",
        "№ п/п\tНаименование мероприятия\tСроки реализации\tОтветственные\tОжидаемый результат\tСтатус\n\
I\tНормативное обеспечение\t\t\t\t\n\
1.1\tПоложение\tоктябрь 2023\tДиректор\tПринято\tвыполнено\n\
1.2\tПлан\tпотом\tЗаместитель\tПринят\tв работе\n\
1.3\tОтчёт\tдекабрь 2023\tЗаместитель\tНаписан\tготово\n",
    );
    let ds = diagnostics(&site);
    let d = find(&ds, "bad-deadline");
    assert_eq!(
        d.file,
        std::path::Path::new("content/roadmaps/shkola/measures.tsv")
    );
    let loc = d.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (4, 10));
    assert!(d.message.contains("столбец «Сроки реализации»"));
    let d = find(&ds, "bad-status");
    assert_eq!(d.line(), Some(5));
    assert!(d.message.contains("столбец «Статус»"));
}

#[test]
fn roadmap_outputs_anchors_summary_csv_and_ics() {
    let site = TestSite::new();
    site.write(ROADMAP, &roadmap(GOOD));
    site.build_ok();
    let html = site.read_out("roadmaps/karta/index.html");
    assert!(html.contains("id=\"m1-1\"") && html.contains("id=\"m2-1\""));
    // 2023-11-14: 1.1 is in progress for 2023 (due December), 2.1 done.
    assert!(
        html.contains("выполнено 1 из 2 мероприятий, в работе 1"),
        "{html}"
    );
    assert!(
        html.contains("2022-12-31 2023-12-31 2024-12-31"),
        "no yearly deadline after 2024"
    );
    let list = site.read_out("roadmaps/index.html");
    assert!(list.contains("выполнено 1 из 2 мероприятий"));

    let csv = std::fs::read(site.out().join("roadmaps/karta/measures.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM for Excel");
    let script = "import csv,sys,json\nrows=list(csv.reader(open(sys.argv[1],encoding='utf-8-sig',newline=''),delimiter=';'))\nprint(json.dumps(rows,ensure_ascii=False))";
    let py = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(site.out().join("roadmaps/karta/measures.csv"))
        .output()
        .unwrap();
    let rows: Vec<Vec<String>> = serde_json::from_slice(&py.stdout).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], "№");
    assert_eq!(rows[2][0], "2.1");
    assert_eq!(rows[2][2], "Конкурс; для наставников");
    assert_eq!(rows[1][3], "декабрь 2022 (с 2023 года – ежегодно)");

    let ics = site.out().join("roadmaps/karta/deadlines.ics");
    let check = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/tools/check_ics.py"
        ))
        .arg(&ics)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.contains("SUMMARY:Срок: 1.1"));
    assert!(
        !text.contains("DTSTART;VALUE=DATE:2025"),
        "no deadline after the period"
    );
}

const SCHOOL_TABLE: &str = "№ п/п;Наименование мероприятия;Сроки реализации;Ответственные;Статус\n\
I;Нормативное обеспечение;;;\n\
1.1;Положение о наставничестве;октябрь 2023;Директор;выполнено\n\
1.2;План работы наставников;декабрь 2023;Заместитель;в работе\n";

fn school_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/roadmaps/shkola/index.md",
        "---\ntitle: Дорожная карта школы\nperiod: 2023–2024\n---\n",
    );
    site
}

/// Excel's plain «CSV» on Russian Windows is Windows-1251: recognised and explained, as by
/// `import plan`, at the first row that is not UTF-8, shown as the editor sees it.
#[test]
fn windows_1251_table_is_explained_at_its_row() {
    let site = school_site();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(SCHOOL_TABLE);
    assert!(!unmappable);
    site.write_bytes("content/roadmaps/shkola/measures.csv", &bytes);
    let ds = diagnostics(&site);
    let d = find(&ds, "not-utf8");
    assert_eq!(
        d.file,
        std::path::Path::new("content/roadmaps/shkola/measures.csv")
    );
    assert!(d.message.contains("Windows-1251"), "{}", d.message);
    assert_eq!(d.line(), Some(1));
    assert!(d.hint.as_deref().unwrap().contains("CSV UTF-8"));
    assert!(
        format!("{d:?}").contains("Наименование мероприятия"),
        "the row shown as Windows shows it: {d:?}"
    );
}

/// Excel's «Текст Юникод» (UTF-16 with BOM, tabs) and «CSV UTF-8» (BOM, CRLF) are read.
#[test]
fn utf16_and_utf8_bom_tables_are_read() {
    for (name, bytes) in [
        ("measures.tsv", {
            let tsv = SCHOOL_TABLE.replace(';', "\t").replace('\n', "\r\n");
            [0xFF, 0xFE]
                .into_iter()
                .chain(tsv.encode_utf16().flat_map(u16::to_le_bytes))
                .collect::<Vec<u8>>()
        }),
        ("measures.csv", {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend(SCHOOL_TABLE.replace('\n', "\r\n").as_bytes());
            b
        }),
    ] {
        let site = school_site();
        site.write_bytes(&format!("content/roadmaps/shkola/{name}"), &bytes);
        let (out, ds) = site.build_lib();
        assert!(
            ds.iter().all(|d| d.severity != Severity::Error),
            "{name}: {ds:#?}"
        );
        assert!(out.is_some());
        let run = site.build_cmd().output().unwrap();
        assert!(run.status.success(), "{name}");
        let html = site.read_out("roadmaps/shkola/index.html");
        assert!(html.contains("id=\"m1-2\""), "{name}");
        assert!(html.contains("План работы наставников"), "{name}");
    }
}

/// The pages around a roadmap: the event names its measure, the order links to the roadmap it
/// approves, the organization lists its measures, the home page shows the current roadmap.
#[test]
fn event_order_organization_and_home_link_to_the_roadmap() {
    let site = TestSite::new();
    site.write(ROADMAP, &roadmap(GOOD));
    let event = std::fs::read_to_string(site.root().join(common::EVENT)).unwrap();
    site.write(
        common::EVENT,
        &event.replacen("---\n", "---\nmeasure: \"@/roadmaps/karta.md#2.1\"\n", 1),
    );
    site.build_ok();

    let event = site.read_out("events/2022-10-10-sobranie/index.html");
    assert!(
        event.contains("roadmaps/karta/#m2-1\">п.&nbsp;2.1 дорожной карты</a>"),
        "{event}"
    );
    let roadmap = site.read_out("roadmaps/karta/index.html");
    assert!(
        roadmap.contains("events/2022-10-10-sobranie/"),
        "the event is evidence"
    );

    let order = site.read_out("orders/prikaz-633/index.html");
    assert!(order.contains("Утверждённая дорожная карта"));
    assert!(
        order.contains("roadmaps/karta/\">Дорожная карта</a>"),
        "{order}"
    );

    let org = site.read_out("organizations/sh-40/index.html");
    assert!(org.contains("Мероприятия дорожных карт"), "{org}");
    assert!(org.contains("roadmaps/karta/#m1-1\">п.&nbsp;1.1</a>"));
    assert!(org.contains("roadmaps/karta/#m2-1\">п.&nbsp;2.1</a>"));

    // 2023-11-14 is within 2022–2024: the home page shows its progress.
    let home = site.read_out("index.html");
    assert!(home.contains("выполнено 1 из 2 мероприятий"), "{home}");
}

/// A roadmap whose period is over is not on the home page.
#[test]
fn home_leaves_out_roadmaps_of_other_years() {
    let site = TestSite::new();
    let old = roadmap(GOOD)
        .replace("2022-10-10-sobranie", "SOBRANIE")
        .replace("2022", "2020")
        .replace("2023", "2021")
        .replace("2024", "2021")
        .replace("2020–2021", "2019–2021")
        .replace("SOBRANIE", "2022-10-10-sobranie");
    site.write(ROADMAP, &old);
    site.build_ok();
    let home = site.read_out("index.html");
    assert!(!home.contains("roadmaps-title"), "{home}");
}

/// `check` lists overdue measures as warnings, at the measure's line; the build itself is fine.
#[test]
fn check_lists_overdue_measures_as_warnings() {
    let site = TestSite::new();
    site.write(ROADMAP, &roadmap(GOOD));
    // 2024-02-01: 1.1 is still «в работе» for 2023, due by December 2023.
    let run = site
        .command("check")
        .env("SOURCE_DATE_EPOCH", "1706745600")
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "warnings only: {all}");
    assert!(
        all.contains("п. 1.1 просрочен: срок (декабрь 2023\u{a0}г.) прошёл, статус «в работе»"),
        "{all}"
    );
    assert!(all.contains("content/roadmaps/karta.md:12"), "{all}");
    assert!(!all.contains("п. 2.1 просрочен"), "2.1 is done: {all}");

    // On 2023-11-14 nothing is overdue yet.
    let run = site
        .command("check")
        .env("SOURCE_DATE_EPOCH", common::EPOCH)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!all.contains("просрочен"), "{all}");
}

/// Month views show a measure on its deadline's last day, marked as a deadline (not an event),
/// and a month with only deadlines gets its page.
#[test]
fn deadlines_in_month_views() {
    let site = TestSite::new();
    site.write(ROADMAP, &roadmap(GOOD));
    site.build_ok();
    // 2.1 is due «февраль - март 2023»: by 31 March 2023.
    let march = site.read_out("calendar/2023/03/index.html");
    let cell = march
        .split("data-date=\"2023-03-31\"")
        .nth(1)
        .and_then(|rest| rest.split("</td>").next())
        .unwrap_or_else(|| panic!("{march}"));
    assert!(cell.contains("class=\"cal-deadline state-done\""), "{cell}");
    assert!(cell.contains("Срок:"), "{cell}");
    assert!(
        cell.contains(
            "roadmaps/karta/#m2-1\" title=\"Дорожная карта\">п.&nbsp;2.1 дорожной карты</a>"
        ),
        "{cell}"
    );
    assert!(
        !cell.contains("class=\"is-"),
        "a deadline is not an event: {cell}"
    );
    assert!(march.contains(".cal-deadline{"), "the deadline styles");
    // 1.1 is due by the end of every December.
    let december = site.read_out("calendar/2023/12/index.html");
    assert!(december.contains("п.&nbsp;1.1 дорожной карты"));
}

/// The built fixture roadmap page (`GOOD`, built on 2023-11-14), for the browser tests.
fn built_roadmap_page() -> (TestSite, String) {
    let site = TestSite::new();
    site.write(ROADMAP, &roadmap(GOOD));
    site.build_ok();
    let html = site.read_out("roadmaps/karta/index.html");
    (site, html)
}

/// The roadmap page's DOM after its scripts ran in headless Chromium with the visitor's clock
/// fixed at `now` (a script before everything else replaces `Date`, so the page's own clock
/// code runs), opened with `query`; `after` is a script run after the page's own, at the end of
/// `<body>` (the DOM is dumped after the load event, so its changes are in the dump).
fn roadmap_dom(browser: &str, html: &str, now: &str, query: &str, after: &str) -> String {
    let clock = format!(
        "<script>(function(){{var F=new Date(\"{now}\").getTime();var R=Date;\
         function D(){{return arguments.length?new (Function.prototype.bind.apply(R,[null].concat([].slice.call(arguments))))():new R(F)}}\
         D.now=function(){{return F}};D.UTC=R.UTC;D.parse=R.parse;D.prototype=R.prototype;window.Date=D}})();</script>"
    );
    let fixed = html.replacen("<head>", &format!("<head>{clock}"), 1);
    assert!(fixed.contains(&clock));
    common::dump_dom(browser, &fixed, query, after)
}

/// The opening tag of the element with `id` in a DOM dump.
fn tag_of<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} missing in {dom}"));
    let start = dom[..at].rfind('<').expect("tag start");
    &dom[start..at + dom[at..].find('>').expect("tag end")]
}

/// The text of the summary line in a DOM dump.
fn summary_of(dom: &str) -> &str {
    let at = dom.find("data-summary-text").expect("summary");
    let at = at + dom[at..].find('>').expect("tag end") + 1;
    &dom[at..at + dom[at..].find('<').expect("summary end")]
}

/// 1.1 is «в работе» for 2023, due by the end of December 2023: not overdue for a visitor on
/// 20 December 2023, overdue on 10 January 2024 — with the page built in November 2023.
#[test]
fn browser_recomputes_overdue_with_the_visitors_clock() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let (_site, html) = built_roadmap_page();
    let before = roadmap_dom(browser, &html, "2023-12-20T12:00:00+03:00", "", "");
    let row = tag_of(&before, "m1-1");
    assert!(row.contains("data-state=\"in-progress\""), "{row}");
    assert!(!row.contains("state-overdue"), "{row}");
    assert_eq!(
        summary_of(&before),
        "выполнено 1 из 2 мероприятий, в работе 1"
    );

    let after = roadmap_dom(browser, &html, "2024-01-10T12:00:00+03:00", "", "");
    let row = tag_of(&after, "m1-1");
    assert!(row.contains("class=\"measure state-overdue\""), "{row}");
    let cell = &after[after.find("id=\"m1-1\"").unwrap()..];
    let label = &cell[cell.find("data-state-label").expect("label")..];
    assert!(
        label.starts_with("data-state-label=\"\">просрочено<"),
        "{label}"
    );
    assert_eq!(
        summary_of(&after),
        "выполнено 1 из 2 мероприятий, просрочено 1"
    );
    // The «as of» date is the visitor's day now, not the build date.
    assert!(after.contains("datetime=\"2024-01-10\" data-asof=\"\">сегодня"));
    // 2.1 is done whatever the day.
    assert!(tag_of(&after, "m2-1").contains("data-state=\"done\""));
}

/// Choosing a status hides the other rows and puts the status in the address; opening that
/// address applies the filter again.
#[test]
fn browser_status_filter_hides_rows_and_lives_in_the_url() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let (_site, html) = built_roadmap_page();
    let now = "2023-12-20T12:00:00+03:00";
    let choose = "var f=document.querySelector('[data-roadmap-filters]');\
         f.elements.status.value='done';\
         f.dispatchEvent(new Event('change'));\
         document.body.setAttribute('data-test-search',location.search);";
    let dom = roadmap_dom(browser, &html, now, "", choose);
    assert!(tag_of(&dom, "m1-1").contains("hidden"), "{dom}");
    assert!(!tag_of(&dom, "m2-1").contains("hidden"));
    // Section I holds only 1.1: with it hidden the whole section is.
    assert!(tag_of(&dom, "s1").contains("hidden"), "{dom}");
    assert!(!tag_of(&dom, "s2").contains("hidden"));
    assert!(dom.contains("data-test-search=\"?status=done\""), "{dom}");
    assert!(dom.contains("показано 1 из 2"));

    // The address with the other status: only 1.1 is shown.
    let read = "document.body.setAttribute('data-test-status',\
         document.querySelector('[data-roadmap-filters]').elements.status.value);";
    let dom = roadmap_dom(browser, &html, now, "?status=in-progress", read);
    assert!(!tag_of(&dom, "m1-1").contains("hidden"), "{dom}");
    assert!(tag_of(&dom, "m2-1").contains("hidden"), "{dom}");
    assert!(dom.contains("data-test-status=\"in-progress\""), "{dom}");
    // Without a filter every row is shown.
    let dom = roadmap_dom(browser, &html, now, "", "");
    assert!(!tag_of(&dom, "m1-1").contains("hidden"));
    assert!(!tag_of(&dom, "m2-1").contains("hidden"));
}

/// Printing: the page's `@media print` rules (read from `document.styleSheets`, whatever the
/// current media) set A4 landscape and hide the header, navigation, footer and filters — every
/// such element on the page is matched (itself or through an ancestor) by a print rule with `display: none`; and Chromium
/// prints the page to a PDF.
#[test]
fn browser_print_style_is_a4_landscape_without_navigation() {
    let Some(browser) = common::chromium() else {
        return;
    };
    let (site, html) = built_roadmap_page();
    let inspect = r#"(function(){
var size="",hiding=[];
[].slice.call(document.styleSheets).forEach(function(sheet){
 var rules;try{rules=sheet.cssRules}catch(e){return}
 [].slice.call(rules).forEach(function(r){
  if(!(r instanceof CSSMediaRule)||r.media.mediaText!=="print")return;
  [].slice.call(r.cssRules).forEach(function(inner){
   if(inner instanceof CSSPageRule)size=inner.style.getPropertyValue("size").toLowerCase();
   if(inner instanceof CSSStyleRule&&inner.style.getPropertyValue("display")==="none")hiding.push(inner.selectorText);
  });
 });
});
var shown=[];
[].slice.call(document.querySelectorAll("header.site-header,nav,footer,.roadmap-filters")).forEach(function(el){
 if(!hiding.some(function(s){return el.closest(s)}))shown.push(el.tagName+"."+el.className);
});
var checked=document.querySelectorAll("header.site-header,nav,footer,.roadmap-filters").length;
document.body.setAttribute("data-print-size",size);
document.body.setAttribute("data-print-checked",String(checked));
document.body.setAttribute("data-print-shown",shown.join(" "));
})();"#;
    let dom = roadmap_dom(browser, &html, "2023-12-20T12:00:00+03:00", "", inspect);
    let body = dom
        .split("<body")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or_else(|| panic!("{dom}"));
    assert!(dom.contains("data-print-size=\"a4 landscape\""), "{body}");
    assert!(body.contains("data-print-shown=\"\""), "{body}");
    let checked: usize = dom
        .split("data-print-checked=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{dom}"));
    assert!(
        checked >= 4,
        "header, main menu, breadcrumbs, footer, filters: {checked}"
    );

    let pdf = site.base().join("roadmap.pdf");
    let run = std::process::Command::new(browser)
        .args(common::CHROMIUM_FLAGS)
        .arg(format!(
            "--user-data-dir={}",
            site.base().join("profile").display()
        ))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!(
            "file://{}",
            site.out().join("roadmaps/karta/index.html").display()
        ))
        .output()
        .expect("run chromium");
    let bytes = std::fs::read(&pdf)
        .unwrap_or_else(|e| panic!("no PDF ({e}): {}", String::from_utf8_lossy(&run.stderr)));
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file");
    // A4 landscape: the page box is 842 × 595 points.
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/MediaBox [0 0 842 595]") || text.contains("/MediaBox [0 0 841.9"),
        "landscape A4 page box"
    );
}

/// A roadmap without `approved` begins on 1 September of its period's first year, as
/// `import plan` reads a plan: «ежегодно, май» in a roadmap for 2022–2024 is first due in May
/// 2023 (the plan view and the deadline view of one wording agree; `when::wording` tests both).
#[test]
fn a_yearly_spring_deadline_without_approval_starts_in_the_periods_first_school_year() {
    let site = TestSite::new();
    let measure = "  - number: \"1.1\"\n    title: Отчёт о наставничестве\n    due: ежегодно, май\n    responsible: [sh-40]\n";
    site.write(ROADMAP, &roadmap(measure));
    site.build_ok();
    let html = site.read_out("roadmaps/karta/index.html");
    assert!(html.contains("2023-05-31 2024-05-31"), "{html}");
    assert!(
        !html.contains("2022-05-31"),
        "not due before the plan began"
    );
}
