//! The calendar feeds of the example site, read back by an independent parser (Python's
//! `icalendar`, through `tests/tools/check_ics.py`) and compared with the content; and the
//! calendar fields of event files end to end (repetition, rescheduling, their mistakes).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{EPOCH, EVENT, TestSite, chromium, files_under, nastavnik};
use serde_json::Value;

/// The repository's example site, built into a temporary folder.
fn build_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    nastavnik()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .arg("build")
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--output")
        .arg(&out)
        .assert()
        .success();
    (dir, out)
}

/// How many event files the example site has (each is one event of the feeds).
fn example_event_count() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/events");
    std::fs::read_dir(dir)
        .expect("content/events")
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.ends_with(".md") && name != "_index.md"
        })
        .count()
}

/// True when `python3` can import `icalendar`. Outside CI a missing parser skips the test with
/// a message; in CI (`CI` set) it is a failure, because there the parser must be installed.
fn have_icalendar() -> bool {
    // `output`, not `status`: the probe's ImportError traceback must not reach the test log,
    // where the skip is one line.
    let ok = Command::new("python3")
        .args(["-c", "import icalendar"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with icalendar is required in CI (pip install icalendar)"
        );
        eprintln!("SKIPPED: python3 -m pip install icalendar to run the iCalendar parser checks");
    }
    ok
}

/// Runs the independent parser on the files; panics with its complaints on any problem.
fn check_ics(files: &[PathBuf]) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/check_ics.py");
    let output = Command::new("python3")
        .arg(script)
        .args(files)
        .output()
        .expect("run check_ics.py");
    assert!(
        output.status.success(),
        "check_ics.py found problems:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    match serde_json::from_slice(&output.stdout).expect("check_ics.py prints JSON") {
        Value::Array(items) => items,
        other => panic!("unexpected output {other}"),
    }
}

/// The «Школа лидеров образования» sessions of the example plan, as slugs and days.
const SCHOOL_SESSIONS: [(&str, &str); 9] = [
    ("2022-10-10-organizatsionnoe-sobranie", "2022-10-10"),
    (
        "2022-11-04-monitoring-organizatsiya-nastavnichestva",
        "2022-11-04",
    ),
    (
        "2022-11-14-osnovy-nastavnicheskoy-deyatelnosti",
        "2022-11-14",
    ),
    (
        "2022-12-12-rukovodstvo-sistemoy-nastavnichestva",
        "2022-12-12",
    ),
    ("2023-01-16-modeli-nastavnichestva-sh-32", "2023-01-16"),
    ("2023-02-13-modeli-nastavnichestva", "2023-02-13"),
    ("2023-03-13-nastavnik-professional-i-lichnost", "2023-03-13"),
    (
        "2023-04-10-effektivnost-programmy-nastavnichestva",
        "2023-04-10",
    ),
    ("2023-05-15-analiz-sistemy-nastavnichestva", "2023-05-15"),
];

fn events_of(feed: &Value) -> &Vec<Value> {
    feed["events"].as_array().expect("events")
}

fn find<'a>(events: &'a [Value], slug: &str) -> &'a Value {
    events
        .iter()
        .find(|e| {
            e["uid"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{slug}.")))
        })
        .unwrap_or_else(|| panic!("no event {slug} in {events:?}"))
}

fn next_day(day: &str) -> String {
    let d: jiff::civil::Date = day.parse().expect("date");
    d.tomorrow().expect("tomorrow").to_string()
}

#[test]
fn every_feed_of_the_example_site_parses_and_matches_the_content() {
    let (_dir, out) = build_example();
    if !have_icalendar() {
        return;
    }
    let files: Vec<PathBuf> = files_under(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ics"))
        .map(|p| out.join(p))
        .collect();
    // The whole calendar, two series, the organizations and fifteen events.
    assert!(files.len() > 18, "{files:?}");
    let feeds = check_ics(&files);
    let feed = |rel: &str| {
        feeds
            .iter()
            .find(|f| f["file"].as_str().is_some_and(|p| p.ends_with(rel)))
            .unwrap_or_else(|| panic!("no feed {rel}"))
    };

    let all = events_of(feed("public/calendar.ics"));
    assert_eq!(
        all.len(),
        example_event_count() + 5,
        "every event of content/events and the contests' five dates are in the feed"
    );
    let series = events_of(feed("calendar/series/shkola-liderov-obrazovaniya.ics"));
    // 2022/23: nine dated sessions and the April–May session; 2026–2028: six timed sessions.
    assert_eq!(series.len(), 16);
    for (slug, day) in SCHOOL_SESSIONS {
        for events in [all, series] {
            let e = find(events, slug);
            assert_eq!(e["dtstart"], day, "{slug}");
            assert_eq!(e["dtend"], next_day(day), "{slug}: exclusive DTEND");
            assert_eq!(e["status"], "CONFIRMED");
            assert_eq!(
                e["url"],
                format!("https://example.org/metod/nastavnichestvo/events/{slug}/")
            );
        }
        let single = feed(&format!("events/{slug}/event.ics"));
        let own = events_of(single);
        assert_eq!(own.len(), 1);
        // Identical in every feed: same UID, same dates.
        assert_eq!(own[0], *find(all, slug));
    }
    // Month precision over two months: 1 April to 1 June, exclusive.
    let months = find(series, "2023-04-monitoring-realizatsii-programmy");
    assert_eq!(months["dtstart"], "2023-04-01");
    assert_eq!(months["dtend"], "2023-06-01");
    // Quarter precision.
    let quarter = find(all, "2023-q1-vebinary-po-nastavnichestvu");
    assert_eq!(quarter["dtstart"], "2023-01-01");
    assert_eq!(quarter["dtend"], "2023-04-01");
    assert_eq!(
        feed("public/calendar.ics")["calendar"]["timezone"],
        "Europe/Moscow"
    );
}

#[test]
fn rebuilding_gives_byte_identical_feeds() {
    let (_a, first) = build_example();
    let (_b, second) = build_example();
    for rel in ["calendar.ics", "calendar/events.json"] {
        let a = std::fs::read(first.join(rel)).expect("first");
        let b = std::fs::read(second.join(rel)).expect("second");
        assert_eq!(a, b, "{rel}");
    }
}

#[test]
fn json_feed_lists_events_with_the_ics_uids() {
    let (_dir, out) = build_example();
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("calendar/events.json")).expect("json"))
            .expect("valid JSON");
    let events = json["events"].as_array().expect("events");
    assert_eq!(events.len(), example_event_count());
    let first = &events[0];
    assert_eq!(
        first["id"],
        "2022-10-10-organizatsionnoe-sobranie.metod.nastavnichestvo@example.org"
    );
    assert_eq!(first["start"], "2022-10-10");
    assert_eq!(first["end"], "2022-10-10");
    assert_eq!(first["all_day"], true);
    assert_eq!(first["precision"], "day");
    // The state on the build's date: a past planned event has taken place.
    assert_eq!(first["status"], "held");
    assert_eq!(first["status_text"], "состоялось");
    let future = events
        .iter()
        .find(|e| {
            e["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("2024-10-"))
        })
        .expect("the 2024 conference");
    assert_eq!(future["status"], "planned");
    assert_eq!(first["series"]["slug"], "shkola-liderov-obrazovaniya");
    assert_eq!(first["organizations"][0]["id"], "gimnaziya-1");
    assert_eq!(first["when_text"], "10\u{a0}октября 2022\u{a0}г.");
    // Unfolded: long UIDs are folded over two lines.
    let ics = std::fs::read_to_string(out.join("calendar.ics"))
        .expect("ics")
        .replace("\r\n ", "");
    for e in events {
        let id = e["id"].as_str().expect("id");
        assert!(ics.contains(&format!("UID:{id}\r\n")), "{id}");
    }
    let quarter = events
        .iter()
        .find(|e| e["precision"] == "quarter")
        .expect("a quarter");
    assert_eq!(quarter["start"], "2023-01-01");
    assert_eq!(quarter["end"], "2023-03-31");
}

#[test]
fn event_page_offers_its_ics_and_the_subscribe_page_every_feed() {
    let (_dir, out) = build_example();
    let page =
        std::fs::read_to_string(out.join("events/2022-10-10-organizatsionnoe-sobranie/index.html"))
            .expect("page");
    assert!(page.contains(
        "href=\"/metod/nastavnichestvo/events/2022-10-10-organizatsionnoe-sobranie/event.ics\""
    ));
    let guide = std::fs::read_to_string(out.join("calendar/subscribe/index.html")).expect("guide");
    assert!(guide.contains("webcal://example.org/metod/nastavnichestvo/calendar.ics"));
    assert!(guide.contains(
        "https://example.org/metod/nastavnichestvo/calendar/series/shkola-liderov-obrazovaniya.ics"
    ));
    for app in ["Яндекс", "Google", "Apple", "Outlook", "Thunderbird"] {
        assert!(guide.contains(app), "{app}");
    }
}

const YEARLY: &str = "\
---
title: Итоговое заседание
start: 2022-12
repeat: yearly
until: 2026
except: [2024]
status: перенесено
moved_from: [2022-11]
updated: 2022-10-01 12:00
organizations: [sh-40]
---
Текст.
";

#[test]
fn yearly_event_with_exceptions_and_a_move_reaches_the_feeds() {
    let site = TestSite::new();
    site.write(EVENT, YEARLY);
    site.build_cmd().assert().success();
    let ics = site.read_out("events/2022-10-10-sobranie/event.ics");
    assert!(ics.contains("DTSTART;VALUE=DATE:20221201\r\n"), "{ics}");
    assert!(ics.contains("DTEND;VALUE=DATE:20230101\r\n"), "{ics}");
    assert!(
        ics.contains("RRULE:FREQ=YEARLY;UNTIL=20261231\r\n"),
        "{ics}"
    );
    assert!(ics.contains("EXDATE;VALUE=DATE:20241201\r\n"), "{ics}");
    // One move (3); «перенесено» with a new date adds nothing more.
    assert!(ics.contains("SEQUENCE:3\r\n"), "{ics}");
    assert!(ics.contains("STATUS:TENTATIVE\r\n"), "{ics}");
    // 12:00 in Moscow is 09:00 UTC.
    assert!(ics.contains("DTSTAMP:20221001T090000Z\r\n"), "{ics}");
    assert!(ics.contains("LAST-MODIFIED:20221001T090000Z\r\n"), "{ics}");
    let org = site.read_out("organizations/sh-40/calendar.ics");
    assert!(org.contains("RRULE:FREQ=YEARLY"), "{org}");
    let page = site.read_out("events/2022-10-10-sobranie/index.html");
    assert!(
        page.contains(
            "ежегодно в\u{a0}декабре, с\u{a0}2022 по\u{a0}2026\u{a0}г., кроме 2024\u{a0}г."
        ),
        "{page}"
    );
    if have_icalendar() {
        let feeds = check_ics(&[site.out().join("events/2022-10-10-sobranie/event.ics")]);
        let e = &events_of(&feeds[0])[0];
        assert_eq!(e["rrule"], "FREQ=YEARLY;UNTIL=20261231");
        assert_eq!(e["exdate"], serde_json::json!(["2024-12-01"]));
    }
}

#[test]
fn timed_event_uses_the_site_time_zone() {
    let site = TestSite::new();
    site.write(
        EVENT,
        "---\ntitle: Семинар\nstart: 2013-10-10 15:00\nend: 17:00\nrepeat: yearly\nexcept: [2014-10-10]\n---\n",
    );
    site.build_cmd().assert().success();
    let ics = site.read_out("events/2022-10-10-sobranie/event.ics");
    assert!(
        ics.contains("DTSTART;TZID=Europe/Moscow:20131010T150000\r\n"),
        "{ics}"
    );
    assert!(
        ics.contains("EXDATE;TZID=Europe/Moscow:20141010T150000\r\n"),
        "{ics}"
    );
    let json = site.read_out("calendar/events.json");
    // Moscow was UTC+4 until 26 October 2014.
    assert!(
        json.contains("\"start\": \"2013-10-10T15:00:00+04:00\""),
        "{json}"
    );
    if have_icalendar() {
        // Checks the VTIMEZONE offsets for 2013 and later years against the tz database.
        check_ics(&[site.out().join("events/2022-10-10-sobranie/event.ics")]);
    }
}

fn build_errors(site: &TestSite) -> String {
    let assert = site.build_cmd().assert().failure();
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn repetition_mistakes_are_reported_at_their_lines() {
    let site = TestSite::new();
    site.write(
        EVENT,
        "---\ntitle: Заседание\nstart: 2022-12\nrepeat: yearly\nuntil: 2021-12\nexcept: [2023-11]\n---\n",
    );
    let err = build_errors(&site);
    assert!(err.contains("раньше первого проведения"), "{err}");
    assert!(err.contains("2022-10-10-sobranie.md:5"), "{err}");
    assert!(err.contains("не совпадает ни с одним проведением"), "{err}");
    assert!(err.contains("2022-10-10-sobranie.md:6"), "{err}");

    site.write(
        EVENT,
        "---\ntitle: Заседание\nstart: 2022-12\nrepeat: monthly\n---\n",
    );
    let err = build_errors(&site);
    assert!(err.contains("неизвестное повторение «monthly»"), "{err}");

    site.write(
        EVENT,
        "---\ntitle: Заседание\nstart: 2022-12-10\nuntil: 2025\n---\n",
    );
    let err = build_errors(&site);
    assert!(err.contains("поле «until» указано без повторения"), "{err}");

    site.write(
        EVENT,
        "---\ntitle: Заседание\nstart: 2022-12\nmoved_from: [2022-13]\n---\n",
    );
    let err = build_errors(&site);
    assert!(err.contains("поле «moved_from»"), "{err}");
}

#[test]
fn month_pages_put_the_school_sessions_on_their_days() {
    let (_dir, out) = build_example();
    let month_names = [
        "",
        "Январь",
        "Февраль",
        "Март",
        "Апрель",
        "Май",
        "Июнь",
        "Июль",
        "Август",
        "Сентябрь",
        "Октябрь",
        "Ноябрь",
        "Декабрь",
    ];
    for (slug, day) in SCHOOL_SESSIONS {
        let (year, month) = (&day[..4], &day[5..7]);
        let html = std::fs::read_to_string(out.join(format!("calendar/{year}/{month}/index.html")))
            .unwrap_or_else(|e| panic!("{day}: {e}"));
        let m: usize = month.parse().expect("month");
        assert!(html.contains(&format!(
            "<h1 id=\"cal-title\">{} {year}</h1>",
            month_names[m]
        )));
        // The grid cell of that day links to the event.
        let cell_start = html
            .find(&format!("data-date=\"{day}\""))
            .unwrap_or_else(|| panic!("no cell for {day}"));
        let cell = &html[cell_start..];
        let cell = &cell[..cell.find("</td>").expect("cell end")];
        assert!(cell.contains(&format!("/events/{slug}/")), "{day}: {cell}");
        // And no other cell of the grid does.
        assert_eq!(
            html.matches(&format!("/events/{slug}/")).count(),
            2,
            "grid and list"
        );
    }
    // Month precision is listed «в течение месяца» on both months it covers.
    for month in ["04", "05"] {
        let html = std::fs::read_to_string(out.join(format!("calendar/2023/{month}/index.html")))
            .expect("month");
        let whole = &html[html.find("В течение месяца").expect("whole-month block")..];
        let whole = &whole[..whole.find("</section>").expect("end")];
        assert!(
            whole.contains("2023-04-monitoring-realizatsii-programmy"),
            "{month}"
        );
    }
    // The yearly archive lists every month of 2023 that has events.
    let year = std::fs::read_to_string(out.join("calendar/2023/index.html")).expect("year");
    for month in ["01", "02", "03", "04", "05"] {
        assert!(
            year.contains(&format!("/calendar/2023/{month}/")),
            "{month}"
        );
    }
    // Without JavaScript /calendar/ shows the build's month (14 November 2023 has no events,
    // so the next month that has some) and knows every month page for the script.
    let index = std::fs::read_to_string(out.join("calendar/index.html")).expect("index");
    assert!(index.contains("data-month=\"2024-02\""), "{index}");
    assert!(index.contains("2022-10&quot;:&quot;/metod/nastavnichestvo/calendar/2022/10/"));
}

#[test]
fn event_page_has_json_ld_that_cannot_close_its_script() {
    let site = TestSite::new();
    site.write(
        EVENT,
        "---\ntitle: \"Семинар </script><script>alert(1)</script>\"\nstart: 2022-10-10 15:00\nend: \"17:00\"\nlocation: актовый зал\nonline: https://example.org/live\nstatus: перенесено\n---\n",
    );
    site.build_cmd().assert().success();
    let page = site.read_out("events/2022-10-10-sobranie/index.html");
    let start =
        page.find("application/ld+json\">").expect("json-ld") + "application/ld+json\">".len();
    let json = &page[start..start + page[start..].find("</script>").expect("end")];
    assert!(!json.contains('<'), "{json}");
    let ld: Value = serde_json::from_str(json).expect("valid JSON");
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["name"], "Семинар </script><script>alert(1)</script>");
    assert_eq!(ld["startDate"], "2022-10-10T15:00:00+03:00");
    assert_eq!(ld["endDate"], "2022-10-10T17:00:00+03:00");
    assert_eq!(ld["eventStatus"], "https://schema.org/EventPostponed");
    assert_eq!(
        ld["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert!(page.contains("calendar.google.com/calendar/render?action=TEMPLATE"));
    assert!(page.contains("dates=20221010T150000/20221010T170000"));
    assert!(page.contains("ctz=Europe%2FMoscow"));
}

#[test]
fn embed_page_lists_upcoming_events_with_their_filters() {
    let (_dir, out) = build_example();
    let html = std::fs::read_to_string(out.join("calendar/embed/index.html")).expect("embed");
    // Built on 14 November 2023: the 2024 events are upcoming, the 2022 sessions are not.
    assert!(
        html.contains("/events/2024-02-konkurs-dlya-nastavnikov/"),
        "{html}"
    );
    assert!(html.contains("/events/2024-10-konferentsiya-po-nastavnichestvu/"));
    assert!(!html.contains("/events/2022-10-10-organizatsionnoe-sobranie/"));
    assert!(html.contains("data-series=\"dorozhnaya-karta-nastavnichestva-2022-2024\""));
    assert!(html.contains("data-last-day=\"2024-03-31\""));
    // Self-contained: no site stylesheet.
    assert!(!html.contains("site.css"));
    let guide = std::fs::read_to_string(out.join("calendar/subscribe/index.html")).expect("guide");
    assert!(
        guide.contains(
            "&lt;iframe src=&quot;https://example.org/metod/nastavnichestvo/calendar/embed/&quot;"
        ),
        "{guide}"
    );
}

/// The page's DOM after its scripts ran in headless Chromium with the clock fixed at `now`
/// (a script placed before everything else replaces `Date`).
fn dom_at(browser: &str, page: &Path, query: &str, now: &str) -> String {
    let html = std::fs::read_to_string(page).expect("page");
    let clock = format!(
        "<script>(function(){{var F=new Date(\"{now}\").getTime();var R=Date;\
         function D(){{return arguments.length?new (Function.prototype.bind.apply(R,[null].concat([].slice.call(arguments))))():new R(F)}}\
         D.now=function(){{return F}};D.UTC=R.UTC;D.parse=R.parse;D.prototype=R.prototype;window.Date=D}})();</script>"
    );
    let fixed = html.replacen("<head>", &format!("<head>{clock}"), 1);
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("page.html");
    std::fs::write(&file, fixed).expect("write");
    let profile = dir.path().join("profile");
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}{query}", file.display()))
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The `<li>` of an event in a DOM dump.
fn li_of<'a>(dom: &'a str, slug: &str) -> &'a str {
    let at = dom
        .find(&format!("/events/{slug}/"))
        .unwrap_or_else(|| panic!("{slug} missing"));
    let start = dom[..at].rfind("<li").expect("li start");
    &dom[start..at]
}

#[test]
fn browser_embed_hides_past_events_and_filters_by_the_address() {
    let Some(browser) = chromium() else {
        return;
    };
    let (_dir, out) = build_example();
    let page = out.join("calendar/embed/index.html");
    // 1 March 2024: the February–March contest is still on, the October conference ahead.
    let dom = dom_at(browser, &page, "", "2024-03-01T12:00:00+03:00");
    assert!(
        !li_of(&dom, "2024-02-konkurs-dlya-nastavnikov").contains("hidden"),
        "{dom}"
    );
    assert!(!li_of(&dom, "2024-10-konferentsiya-po-nastavnichestvu").contains("hidden"));
    // 1 May 2024, with no rebuild since November 2023: the contest is past and hidden.
    let dom = dom_at(browser, &page, "", "2024-05-01T12:00:00+03:00");
    assert!(
        li_of(&dom, "2024-02-konkurs-dlya-nastavnikov").contains("hidden"),
        "{dom}"
    );
    assert!(!li_of(&dom, "2024-10-konferentsiya-po-nastavnichestvu").contains("hidden"));
    // A filter by a series the conference is not in hides it too.
    let dom = dom_at(
        browser,
        &page,
        "?series=shkola-liderov-obrazovaniya",
        "2024-03-01T12:00:00+03:00",
    );
    assert!(li_of(&dom, "2024-10-konferentsiya-po-nastavnichestvu").contains("hidden"));
    // Nothing left: the empty message is shown.
    let at = dom.find("id=\"empty\"").expect("empty");
    let tag = &dom[dom[..at].rfind("<p").expect("p")..];
    let tag = &tag[..tag.find('>').expect("tag end")];
    assert!(!tag.contains("hidden"), "{tag}");
}

/// A static server for a built site at its base path, for pages whose links are root-relative.
struct Server {
    child: std::process::Child,
    port: u16,
    _root: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(out: &Path) -> Server {
    let root = tempfile::tempdir().expect("temp");
    std::fs::create_dir_all(root.path().join("metod")).expect("dir");
    std::os::unix::fs::symlink(out, root.path().join("metod/nastavnichestvo")).expect("link");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new("python3")
        .args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &port.to_string(),
        ])
        .current_dir(root.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 http.server");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Server {
        child,
        port,
        _root: root,
    }
}

/// The DOM of a built page after its scripts ran in headless Chromium with the clock fixed at
/// `now`, served over HTTP (its links are root-relative): a copy of the page with the clock is
/// put at `copy_dir` inside the output, beside the real pages.
fn served_dom_at(browser: &str, out: &Path, page: &str, copy_dir: &str, now: &str) -> String {
    let html = std::fs::read_to_string(out.join(page)).expect("page");
    let clock = format!(
        "<script>(function(){{var F=new Date(\"{now}\").getTime();var R=Date;\
         function D(){{return arguments.length?new (Function.prototype.bind.apply(R,[null].concat([].slice.call(arguments))))():new R(F)}}\
         D.now=function(){{return F}};D.prototype=R.prototype;window.Date=D}})();</script>"
    );
    std::fs::create_dir_all(out.join(copy_dir)).expect("dir");
    std::fs::write(
        out.join(copy_dir).join("index.html"),
        html.replacen("<head>", &format!("<head>{clock}"), 1),
    )
    .expect("write");
    let server = serve(out);
    let profile = tempfile::tempdir().expect("profile");
    let output = Command::new(browser)
        .args(common::CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!(
            "http://127.0.0.1:{}/metod/nastavnichestvo/{copy_dir}/",
            server.port
        ))
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn browser_calendar_opens_the_visitors_month() {
    let Some(browser) = chromium() else {
        return;
    };
    let (_dir, out) = build_example();
    let index = std::fs::read_to_string(out.join("calendar/index.html")).expect("index");
    let dom = served_dom_at(
        browser,
        &out,
        "calendar/index.html",
        "calendar/fixed",
        "2023-04-20T12:00:00+03:00",
    );
    // Without the script the page shows February 2024; on 20 April 2023 it opens April 2023.
    assert!(index.contains("data-month=\"2024-02\""));
    assert!(dom.contains("data-month=\"2023-04\""), "{dom}");
    assert!(dom.contains("/events/2023-04-10-effektivnost-programmy-nastavnichestva/"));
}

/// The section of the home page DOM that starts at `marker` (an attribute of the `<section>`).
fn section_of<'a>(dom: &'a str, marker: &str) -> &'a str {
    let at = dom
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} missing in {dom}"));
    let start = dom[..at].rfind("<section").expect("section start");
    let end = dom[at..].find("</section>").map_or(dom.len(), |i| at + i);
    &dom[start..end]
}

#[test]
fn browser_home_moves_events_past_for_the_visitor_into_past_events() {
    let Some(browser) = chromium() else {
        return;
    };
    // Built on 14 November 2023: the February–March 2024 contest and the October 2024
    // conference are upcoming in the HTML itself.
    let (_dir, out) = build_example();
    let home = std::fs::read_to_string(out.join("index.html")).expect("home");
    let upcoming = section_of(&home, "data-upcoming");
    assert!(upcoming.contains("/events/2024-02-konkurs-dlya-nastavnikov/"));
    assert!(upcoming.contains("/events/2024-10-konferentsiya-po-nastavnichestvu/"));
    // Read on 1 May 2024 without a rebuild: the contest is over for the visitor.
    let dom = served_dom_at(
        browser,
        &out,
        "index.html",
        "fixed-home",
        "2024-05-01T12:00:00+03:00",
    );
    let upcoming = section_of(&dom, "data-upcoming");
    assert!(
        !upcoming.contains("/events/2024-02-konkurs-dlya-nastavnikov/"),
        "{upcoming}"
    );
    assert!(upcoming.contains("/events/2024-10-konferentsiya-po-nastavnichestvu/"));
    let past = section_of(&dom, "data-recent");
    assert!(
        past.contains("/events/2024-02-konkurs-dlya-nastavnikov/"),
        "{past}"
    );
    let tag = &past[..past.find('>').expect("tag end")];
    assert!(!tag.contains("hidden"), "the past events are shown: {tag}");
}

/// The contests' dates in the feeds: the last day of applications and the dated stages, in the
/// site's feed and in each contest's own feed, read back by the independent parser; a stage
/// held as an event is that event, not a second item.
#[test]
fn contest_deadlines_and_stages_reach_the_feeds() {
    let (_dir, out) = build_example();
    if !have_icalendar() {
        return;
    }
    let own = out.join("contests/gorodskoy-konkurs-nastavnikov-2023/contest.ics");
    let all = out.join("calendar.ics");
    let feeds = check_ics(&[own, all]);
    let own = events_of(&feeds[0]);
    assert_eq!(own.len(), 3, "{own:?}");
    let by_uid = |events: &[Value], prefix: &str| -> Value {
        events
            .iter()
            .find(|e| e["uid"].as_str().is_some_and(|u| u.starts_with(prefix)))
            .unwrap_or_else(|| panic!("no {prefix} in {events:?}"))
            .clone()
    };
    let deadline = by_uid(own, "gorodskoy-konkurs-nastavnikov-2023-applications.");
    assert_eq!(deadline["dtstart"], "2023-03-10");
    assert_eq!(deadline["dtend"], "2023-03-11");
    assert!(
        deadline["summary"]
            .as_str()
            .is_some_and(|s| s.ends_with("последний день приёма заявок")),
        "{deadline}"
    );
    assert_eq!(
        deadline["url"],
        "https://example.org/metod/nastavnichestvo/contests/gorodskoy-konkurs-nastavnikov-2023/"
    );
    let stage = by_uid(own, "gorodskoy-konkurs-nastavnikov-2023-zaochnyy-etap");
    assert_eq!(stage["dtstart"], "2023-03-13");
    assert_eq!(stage["dtend"], "2023-03-25");
    // The same items, identical, in the site's feed.
    let site_feed = events_of(&feeds[1]);
    assert_eq!(
        by_uid(
            site_feed,
            "gorodskoy-konkurs-nastavnikov-2023-applications."
        ),
        deadline
    );
    // The 2024 final is an event: in the feed once, as the event.
    let finals = site_feed
        .iter()
        .filter(|e| e["summary"].as_str().is_some_and(|s| s.contains("Финал")))
        .count();
    assert_eq!(finals, 1);
    // And on the month page, beside the events.
    // (Without the soft hyphens the month grid puts into titles.)
    let march = std::fs::read_to_string(out.join("calendar/2023/03/index.html"))
        .expect("month")
        .replace('\u{ad}', "");
    assert!(
        march.contains("последний день приёма заявок"),
        "the deadline is on the month page"
    );
}
