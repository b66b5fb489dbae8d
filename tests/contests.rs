//! Contests and what past events achieved: the contest page and its results table, the awards
//! on practice and organization pages, participants' names published only with consent
//! (searched for in every output file), the state by the visitor's clock in a browser, and one
//! diagnostic per mistake in the new fields.

mod common;

use std::path::{Path, PathBuf};

use common::{TestSite, chromium, files_under, nastavnik};
use nastavnik::diagnostic::{Diagnostic, Severity};

/// The repository's example site, built with the fixed date (2023-11-15 in Moscow).
fn build_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    nastavnik()
        .arg("build")
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    (dir, out)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("main");
    let end = html.find("</main>").expect("/main");
    &html[start..end]
}

/// The rows of the results table.
fn result_rows(html: &str) -> Vec<&str> {
    html.split("<tr class=\"contest-result\">")
        .skip(1)
        .map(|r| &r[..r.find("</tr>").expect("row end")])
        .collect()
}

#[test]
fn the_contest_page_shows_its_dates_stages_and_results() {
    let (_dir, out) = build_example();
    let page = read(
        &out,
        "contests/gorodskoy-konkurs-nastavnikov-2023/index.html",
    );
    let main = main_of(&page);
    assert!(main.contains("<h1>Конкурс для наставников и наставляемых\u{a0}— 2023</h1>"));
    // Past every date, with results: «Итоги подведены», and the table is shown.
    assert!(
        main.contains("class=\"contest-state state-results\"")
            && main.contains(">Итоги подведены</span>"),
        "{main}"
    );
    assert!(main.contains("<section aria-labelledby=\"contest-results\" data-contest-results>"));
    assert!(
        main.contains(
            "data-from=\"2023-02-01\" data-to=\"2023-03-10\" data-last-day=\"2023-03-29\""
        )
    );
    assert!(main.contains("data-text-applications=\"Приём заявок до 10\u{a0}марта 2023\u{a0}г.\""));
    assert!(main.contains(
        "<a href=\"/metod/nastavnichestvo/orders/polozhenie-o-konkurse-nastavnikov-2023/\">"
    ));
    assert!(main.contains("<li data-first-day=\"2023-03-13\" data-last-day=\"2023-03-24\">"));
    let rows = result_rows(main);
    assert_eq!(rows.len(), 5, "{main}");
    // Place, nomination, participants (with consent), organization and practice, in order.
    let first = rows[0];
    let cells: Vec<&str> = first.split("<td>").skip(1).collect();
    assert_eq!(cells.len(), 5, "{first}");
    assert!(cells[0].starts_with("Победитель (1\u{a0}место)"), "{first}");
    assert!(cells[1].starts_with("Лучшая практика наставничества"));
    assert!(cells[2].starts_with("Киселёва Е.В., Мартынов Д.А."));
    assert!(cells[3].contains("/organizations/sh-40/"));
    assert!(cells[4].contains("/practices/sh-40-adaptatsiya-molodogo-uchitelya/"));
    // A result without consent: its participants' cell is empty.
    let third: Vec<&str> = rows[2].split("<td>").skip(1).collect();
    assert!(third[2].starts_with("</td>"), "{}", rows[2]);
    assert!(rows[4].starts_with("<td>Лауреат</td>"), "{}", rows[4]);

    // Before its applications open, the 2024 contest is announced and its results wait.
    let page = read(
        &out,
        "contests/gorodskoy-konkurs-nastavnikov-2024/index.html",
    );
    let main = main_of(&page);
    assert!(
        main.contains(">Приём заявок с 1\u{a0}февраля по 11\u{a0}марта 2024\u{a0}г.</span>"),
        "{main}"
    );
    assert!(main.contains("data-contest-results hidden>"));
    // The final is an event stage: linked, with the event's date.
    assert!(main.contains(
        "<a href=\"/metod/nastavnichestvo/events/2024-03-28-final-konkursa-nastavnikov/\">Финал</a> — 28\u{a0}марта 2024\u{a0}г."
    ));

    let list = read(&out, "contests/index.html");
    assert!(list.contains("gorodskoy-konkurs-nastavnikov-2023/"));
    assert!(list.contains("Итоги подведены"));
    // Every page links the list from its footer.
    assert!(
        read(&out, "index.html")
            .contains("<a href=\"/metod/nastavnichestvo/contests/\">Конкурсы</a>")
    );
}

#[test]
fn winners_pages_name_their_awards() {
    let (_dir, out) = build_example();
    let practice = read(
        &out,
        "practices/sh-40-adaptatsiya-molodogo-uchitelya/index.html",
    );
    assert!(
        practice.contains(
            "<p class=\"practice-award\"><a href=\"/metod/nastavnichestvo/contests/gorodskoy-konkurs-nastavnikov-2023/\">Победитель (1\u{a0}место) городского конкурса для\u{a0}наставников и\u{a0}наставляемых 2023\u{a0}г. в номинации «Лучшая практика наставничества»</a></p>"
        ) || practice.contains(
            "Победитель (1\u{a0}место) городского конкурса для наставников и наставляемых 2023\u{a0}г. в номинации «Лучшая практика наставничества»</a></p>"
        ),
        "{}",
        main_of(&practice)
    );
    let club = read(
        &out,
        "practices/gimnaziya-1-klub-molodogo-pedagoga/index.html",
    );
    assert_eq!(club.matches("class=\"practice-award\"").count(), 2);
    let org = read(&out, "organizations/sh-40/index.html");
    let section = &org[org
        .find("id=\"org-contests\"")
        .expect("the organization's results")..];
    assert_eq!(
        section[..section.find("</ul>").unwrap()]
            .matches("<li>")
            .count(),
        2
    );
    assert!(
        section.contains("Победитель (1\u{a0}место) в&nbsp;номинации «Лучшая наставническая пара»")
    );
    // An organization without results has no such section.
    assert!(!read(&out, "organizations/soiro/index.html").contains("org-contests"));
}

/// Names written without consent appear in no output file: pages, search index, feeds,
/// events.json, sitemap. The names given with consent do appear, so the search is real.
#[test]
fn participants_without_consent_are_in_no_output_file() {
    let (_dir, out) = build_example();
    let withheld = ["Шубина О.И.", "Гусева М.С.", "Орлова Н.В.", "Фомин К.Р."];
    let published = "Киселёва Е.В., Мартынов Д.А.";
    let files = files_under(&out);
    assert!(files.iter().any(|f| f.ends_with("calendar/events.json")));
    assert!(files.iter().any(|f| f.starts_with("search")));
    let mut seen_published = false;
    for rel in &files {
        let bytes = std::fs::read(out.join(rel)).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        for name in withheld {
            assert!(!text.contains(name), "{} publishes «{name}»", rel.display());
            // Surnames alone, too (feeds fold and escape, pages typograph).
            let surname = name.split(' ').next().unwrap_or(name);
            assert!(
                !text.contains(surname),
                "{} publishes «{surname}»",
                rel.display()
            );
        }
        seen_published |= text.contains(published);
    }
    assert!(seen_published, "the names given with consent are published");

    // `check` says which results keep their participants unpublished.
    let assert = nastavnik()
        .arg("check")
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let report = format!("{stderr}{stdout}");
    assert_eq!(
        report.matches("не публикуются: нет согласия").count(),
        2,
        "{report}"
    );
    assert!(
        report.contains("gorodskoy-konkurs-nastavnikov-2023.md:32"),
        "{report}"
    );
    assert!(report.contains("participants_consent: true"), "{report}");
}

#[test]
fn past_events_show_that_they_took_place_with_their_results() {
    let (_dir, out) = build_example();
    let page = read(
        &out,
        "events/2022-10-10-organizatsionnoe-sobranie/index.html",
    );
    let main = main_of(&page);
    assert!(main.contains("<span class=\"badge badge-held\">Состоялось</span></h1>"));
    assert!(main.contains("<p class=\"notice notice-held\" data-held-notice>"));
    assert!(main.contains("<h2 id=\"event-results\">Итоги</h2>"));
    assert!(main.contains("<li>каждой школе до 1 ноября назначить куратора наставничества;</li>"));
    assert!(main.contains("<td>38\u{a0}участников</td>"));
    assert!(main.contains("<h2 id=\"event-materials\">"));
    // No script for an event that has already taken place.
    assert!(!main.contains("data-registration"));
    let json = read(&out, "calendar/events.json");
    assert!(json.contains("\"status\": \"held\""));
    // The home page's past events carry their results' first line.
    let home = read(&out, "index.html");
    assert!(home.contains("<p class=\"card-results\"><strong>Итоги:</strong> Подвели итоги первого года дорожной карты"));
    // An upcoming event keeps its registration.
    let site = TestSite::new();
    site.write(
        "content/events/2030-05-20-seminar.md",
        "---\ntitle: Семинар наставников\nstart: 2030-05-20\nregistration: https://forms.example.org/seminar\n---\nТекст.\n",
    )
    .write(
        "content/events/2023-05-20-proshlyy.md",
        "---\ntitle: Прошедший семинар\nstart: 2023-05-20\nregistration: https://forms.example.org/old\nstatus: состоялось\n---\nТекст.\n",
    );
    site.build_cmd().assert().success();
    let future = site.read_out("events/2030-05-20-seminar/index.html");
    assert!(future.contains("data-registration>Зарегистрироваться</a>"));
    assert!(future.contains("data-held-notice hidden>"));
    let past = site.read_out("events/2023-05-20-proshlyy/index.html");
    assert!(!past.contains("Зарегистрироваться"));
    assert!(past.contains("badge-held"));
}

/// The page's DOM after its scripts ran in headless Chromium, the clock fixed at `today`
/// through the hook the page scripts read.
fn dom_at(browser: &str, page: &Path, today: &str) -> String {
    let html = std::fs::read_to_string(page).expect("page");
    let clock = format!("<script>window.NASTAVNIK_TODAY=\"{today}\";</script>");
    let fixed = html.replacen("<head>", &format!("<head>{clock}"), 1);
    assert!(fixed.contains(&clock));
    common::dump_dom(browser, &fixed, "", "")
}

fn state_of(dom: &str) -> (String, String) {
    let at = dom.find("data-contest-state").expect("the state badge");
    let start = dom[..at].rfind("<span").expect("span");
    let tag_end = start + dom[start..].find('>').expect(">");
    let class = dom[start..tag_end]
        .split("class=\"")
        .nth(1)
        .and_then(|c| c.split('"').next())
        .unwrap_or_default()
        .to_string();
    let text_end = tag_end + dom[tag_end..].find("</span>").expect("</span>");
    (
        class,
        dom[tag_end + 1..text_end].replace("&nbsp;", "\u{a0}"),
    )
}

#[test]
fn browser_switches_the_contest_state_and_past_events_by_the_visitors_clock() {
    let Some(browser) = chromium() else {
        return;
    };
    let (_dir, out) = build_example();
    let page = out.join("contests/gorodskoy-konkurs-nastavnikov-2024/index.html");
    for (today, key, text, results_hidden) in [
        (
            "2024-01-15",
            "announced",
            "Приём заявок с 1\u{a0}февраля по 11\u{a0}марта 2024\u{a0}г.",
            true,
        ),
        (
            "2024-02-20",
            "applications",
            "Приём заявок до 11\u{a0}марта 2024\u{a0}г.",
            true,
        ),
        (
            "2024-03-11",
            "applications",
            "Приём заявок до 11\u{a0}марта 2024\u{a0}г.",
            true,
        ),
        // After applications, until the final (an event on 28 March) is over.
        ("2024-03-20", "evaluation", "Идёт оценка", true),
        ("2024-03-28", "evaluation", "Идёт оценка", true),
        ("2024-03-29", "results", "Итоги подведены", false),
    ] {
        let dom = dom_at(browser, &page, today);
        let (class, shown) = state_of(&dom);
        assert_eq!(class, format!("contest-state state-{key}"), "{today}");
        assert_eq!(shown, text, "{today}");
        assert_eq!(
            dom.contains("data-contest-results=\"\" hidden")
                || dom.contains("data-contest-results hidden"),
            results_hidden,
            "{today}"
        );
    }

    // An upcoming event becomes «Состоялось» once its day has passed for the visitor.
    let event = out.join("events/2024-10-konferentsiya-po-nastavnichestvu/index.html");
    let before = dom_at(browser, &event, "2024-10-15");
    assert!(
        before.contains("is-planned"),
        "the conference is still ahead"
    );
    assert!(!before.contains("<span class=\"badge badge-held\">"));
    let after = dom_at(browser, &event, "2024-11-01");
    assert!(after.contains("entry event is-held"), "{after}");
    assert!(after.contains("<span class=\"badge badge-held\">Состоялось</span>"));
    assert!(
        after.contains("data-held-notice=\"\">") || after.contains("data-held-notice>"),
        "the notice shows"
    );
}

/// A contest file with the given front matter lines.
fn contest(front_matter: &str) -> String {
    format!("---\ntitle: Городской конкурс наставников\n{front_matter}---\nТекст.\n")
}

const CONTEST: &str = "content/contests/konkurs.md";

/// Builds the test site with one file replaced; its diagnostics.
fn diagnostics_of(rel: &str, text: &str) -> Vec<Diagnostic> {
    let site = TestSite::new();
    site.write(rel, text);
    site.build_lib().1
}

/// The one diagnostic with `code`, at `(line, column)`, whose message and hint contain the
/// given parts.
fn expect(
    ds: &[Diagnostic],
    code: &str,
    severity: Severity,
    (line, column): (usize, usize),
    message: &str,
    hint: &str,
) {
    let found: Vec<&Diagnostic> = ds.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "one «{code}» expected: {ds:#?}");
    let d = found[0];
    assert_eq!(d.severity, severity, "{d:#?}");
    let loc = d.location.as_ref().expect("a location");
    assert_eq!((loc.line, loc.column), (line, column), "{d:#?}");
    assert!(d.message.contains(message), "{d:#?}");
    assert!(
        d.hint.as_deref().is_some_and(|h| h.contains(hint)),
        "{d:#?}"
    );
}

#[test]
fn a_valid_contest_builds_without_messages() {
    let ds = diagnostics_of(
        CONTEST,
        &contest(
            "level: городской\norganizer: sh-40\nregulation: \"@/orders/prikaz-633.md\"\nnominations: [Наставник года]\n\
applications:\n  from: 2024-02-01\n  to: 2024-03-15\nstages:\n  - title: Заочный этап\n    start: 2024-03-18\n    end: 2024-03-29\n  - \"@/events/2022-10-10-sobranie.md\"\n\
results:\n  - place: 1\n    nomination: Наставник года\n    organization: sh-16\n    practice: \"@/practices/shkola-4.md\"\n",
        ),
    );
    assert!(ds.is_empty(), "{ds:#?}");
}

/// A mistake: front matter lines, then the code, severity, line and column, and parts of the
/// message and hint it must give.
type Case = (
    &'static str,
    &'static str,
    Severity,
    (usize, usize),
    &'static str,
    &'static str,
);

#[test]
fn every_contest_field_reports_its_mistakes_at_their_lines() {
    use Severity::{Error, Warning};
    let cases: [Case; 14] = [
        (
            "level: окружной\n",
            "bad-value",
            Warning,
            (3, 8),
            "неизвестный уровень конкурса «окружной»",
            "допустимо: школьный",
        ),
        (
            "applications: 2024-03-15\n",
            "wrong-type",
            Error,
            (3, 15),
            "«applications»",
            "to: 2024-03-15",
        ),
        (
            "applications:\n  from: 2024-02-01\n",
            "missing-field",
            Error,
            (4, 3),
            "поле to",
            "to: 2024-03-15",
        ),
        (
            "applications:\n  from: 2024-03-20\n  to: 2024-03-15\n",
            "bad-date-range",
            Error,
            (5, 7),
            "раньше, чем начинается",
            "from и to",
        ),
        (
            "applications:\n  to: 2024-02-30\n",
            "bad-date",
            Error,
            (4, 7),
            "поле «to»",
            "",
        ),
        (
            "applications:\n  to: 2024-03\n",
            "bad-date",
            Error,
            (4, 7),
            "нужна дата дня",
            "2024-03-15",
        ),
        (
            "stages:\n  - title: Финал\n",
            "missing-field",
            Error,
            (4, 1),
            "ни даты (start), ни мероприятие",
            "event:",
        ),
        (
            "stages:\n  - title: Финал\n    start: 2024-03-20\n    event: \"@/events/2022-10-10-sobranie.md\"\n",
            "bad-value",
            Error,
            (5, 12),
            "и даты, и мероприятие",
            "оставьте что-то одно",
        ),
        (
            "stages:\n  - title: Финал\n    start: 2024-13-20\n",
            "bad-date",
            Error,
            (5, 12),
            "поле «start»",
            "",
        ),
        (
            "stages:\n  - title: Финал\n    strat: 2024-03-20\n",
            "unknown-field",
            Error,
            (5, 5),
            "неизвестное поле этапа «strat»",
            "start",
        ),
        (
            "results:\n  - place: первое\n",
            "bad-value",
            Error,
            (4, 12),
            "целым числом",
            "title: Лауреат",
        ),
        (
            "results:\n  - nomination: Наставник года\n",
            "missing-field",
            Error,
            (4, 1),
            "ни место (place), ни звание (title)",
            "place: 1",
        ),
        (
            "results:\n  - place: 1\n    participants_consent: может быть\n",
            "wrong-type",
            Error,
            (5, 27),
            "true или false",
            "participants_consent: true",
        ),
        (
            "results:\n  - place: 1\n    organizaton: sh-40\n",
            "unknown-field",
            Error,
            (5, 5),
            "неизвестное поле результата «organizaton»",
            "organization",
        ),
    ];
    for (fm, code, severity, at, message, hint) in cases {
        let ds = diagnostics_of(CONTEST, &contest(fm));
        expect(&ds, code, severity, at, message, hint);
    }
}

#[test]
fn contest_references_are_checked_like_every_other() {
    let ds = diagnostics_of(
        CONTEST,
        &contest(
            "regulation: \"@/orders/prikaz-634.md\"\nstages:\n  - \"@/events/2022-10-11-sobranie.md\"\nresults:\n  - place: 1\n    organization: sh-41\n    practice: \"@/practices/shkola-5.md\"\n",
        ),
    );
    let broken: Vec<&Diagnostic> = ds.iter().filter(|d| d.code == "broken-reference").collect();
    assert_eq!(broken.len(), 3, "{ds:#?}");
    let lines: Vec<usize> = broken
        .iter()
        .map(|d| d.location.as_ref().expect("location").line)
        .collect();
    assert_eq!(lines, vec![3, 5, 9], "{ds:#?}");
    assert!(broken[0].message.contains("положения о конкурсе"));
    assert!(
        broken[2]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("shkola-4"))
    );
    expect(
        &ds,
        "unknown-organization",
        Severity::Error,
        (8, 19),
        "«sh-41»",
        "sh-40",
    );
}

#[test]
fn a_nomination_outside_the_list_is_a_warning_with_the_nearest() {
    let ds = diagnostics_of(
        CONTEST,
        &contest(
            "nominations: [Лучшая наставническая пара]\nresults:\n  - place: 1\n    nomination: Лучшая наставническая пар\n",
        ),
    );
    expect(
        &ds,
        "unknown-nomination",
        Severity::Warning,
        (6, 17),
        "«Лучшая наставническая пар»",
        "«Лучшая наставническая пара»",
    );
}

#[test]
fn past_event_fields_report_their_mistakes() {
    let event = |fm: &str| format!("---\ntitle: Семинар\nstart: 2022-10-10\n{fm}---\nТекст.\n");
    let rel = common::EVENT;
    let ds = diagnostics_of(rel, &event("participants: много\n"));
    expect(
        &ds,
        "wrong-type",
        Severity::Error,
        (4, 15),
        "целое положительное число",
        "participants: 20",
    );
    let ds = diagnostics_of(rel, &event("materials:\n  - vk.com/video-1\n"));
    expect(
        &ds,
        "bad-url",
        Severity::Error,
        (5, 5),
        "не ссылка",
        "attachments",
    );
    let ds = diagnostics_of(
        rel,
        &event("materials:\n  - title: Запись\n    link: https://vk.com/video-1\n"),
    );
    expect(
        &ds,
        "unknown-field",
        Severity::Error,
        (6, 5),
        "неизвестное поле материала «link»",
        "url",
    );
    let ds = diagnostics_of(
        rel,
        &event("results: Итоги в [отчёте](@/orders/prikaz-634.md).\n"),
    );
    expect(
        &ds,
        "broken-link",
        Severity::Error,
        (4, 27),
        "prikaz-634.md»",
        "@/orders/prikaz-633.md",
    );
    let ds = diagnostics_of(rel, &event("status: состоялся\n"));
    expect(
        &ds,
        "bad-value",
        Severity::Error,
        (4, 9),
        "«состоялся»",
        "«состоялось»",
    );
}

/// `nastavnik new contest` writes a contest that builds as it is, and whose commented fields,
/// once uncommented, are all fields a contest accepts.
#[test]
fn new_contest_template_builds_and_lists_only_known_fields() {
    let site = TestSite::new();
    site.command("new")
        .args(["contest", "Наставник года — 2025", "--date", "2025-02-01"])
        .assert()
        .success();
    let rel = "content/contests/nastavnik-goda-2025.md";
    let text = std::fs::read_to_string(site.root().join(rel)).expect("the new file");
    assert!(
        text.contains("applications:\n  from: 2025-02-01\n  to: 2025-02-01\n"),
        "{text}"
    );
    site.build_cmd().assert().success();
    assert!(
        site.read_out("contests/nastavnik-goda-2025/index.html")
            .contains("Наставник года")
    );
    // Every field the template mentions, uncommented (references aimed at the test site).
    let keys: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k))
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    for key in [
        "summary",
        "level",
        "organizer",
        "regulation",
        "audience",
        "nominations",
        "stages",
        "results",
        "draft",
    ] {
        assert!(keys.contains(&key), "the template offers «{key}»: {keys:?}");
    }
    let filled = text
        .replace("# summary:", "summary:")
        .replace("# level:", "level:")
        .replace("# organizer: cdo", "organizer: sh-40")
        .replace("# regulation: \"@/orders/polozhenie-o-konkurse.md\"", "regulation: \"@/orders/prikaz-633.md\"")
        .replace("# audience:", "audience:")
        .replace("# nominations:\n#   - Лучшая практика наставничества\n#   - Лучшая наставническая пара", "nominations:\n  - Лучшая практика наставничества\n  - Лучшая наставническая пара");
    site.write(rel, &filled);
    let (output, ds) = site.build_lib();
    assert!(output.is_some() && ds.is_empty(), "{ds:#?}");
}
