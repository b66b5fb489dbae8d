//! `nastavnik new` and `nastavnik import plan`: what they write builds, and they never overwrite.

mod common;

use std::fs;
use std::path::Path;

use common::{TestSite, nastavnik};
use nastavnik::cmd::RootArg;
use nastavnik::cmd::import::{PlanArgs, RoadmapArgs, import_plan, import_roadmap};
use nastavnik::diagnostic::Severity;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut all: Vec<_> = fs::read_dir(FIXTURES)
        .expect("the import fixtures")
        .map(|e| e.expect("a fixture").path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsv" || e == "csv"))
        .collect();
    all.sort();
    assert!(all.len() >= 4, "the plan tables are missing: {all:?}");
    all
}

fn errors(site: &TestSite) -> Vec<String> {
    let (_, diagnostics) = site.build_lib();
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.render(false))
        .collect()
}

fn new_cmd(site: &TestSite, args: &[&str]) -> assert_cmd::assert::Assert {
    nastavnik()
        .arg("new")
        .args(args)
        .arg("--root")
        .arg(site.root())
        .assert()
}

fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// Uncomments every commented field and list item of a template (`# key: value`, `#   - item`).
fn uncomment_fields(text: &str) -> String {
    text.lines()
        .map(|line| {
            let rest = line.strip_prefix("# ").unwrap_or(line);
            let is_field = rest
                .split_once(':')
                .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase()));
            if line.starts_with("# ") && (is_field || rest.starts_with("  ")) {
                rest.to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn strip_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("-->")
            .map_or("", |end| &rest[at + end + 3..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn a_new_event_builds_and_is_named_by_date_and_title() {
    let site = TestSite::new();
    let a = new_cmd(
        &site,
        &[
            "event",
            "Семинар: «Наставник и молодой педагог» #1",
            "--date",
            "2024-03-20 15:00",
        ],
    )
    .success();
    let rel = "content/events/2024-03-20-seminar-nastavnik-i-molodoy-pedagog-1.md";
    assert!(stdout(&a).contains(rel), "{}", stdout(&a));
    let text = fs::read_to_string(site.root().join(rel)).expect("the new event");
    assert!(text.contains("start: 2024-03-20 15:00"), "{text}");
    for field in [
        "end",
        "format",
        "series",
        "organizations",
        "responsible",
        "location",
        "online",
        "registration",
        "audience",
        "status",
        "summary",
        "practices",
        "attachments",
        "draft",
        "aliases",
    ] {
        assert!(
            text.contains(&format!("\n# {field}:")),
            "{field} is missing from the template:\n{text}"
        );
    }
    assert_eq!(errors(&site), Vec::<String>::new());
    let (output, _) = site.build_lib();
    let page = output
        .expect("built")
        .bytes(Path::new(
            "events/2024-03-20-seminar-nastavnik-i-molodoy-pedagog-1/index.html",
        ))
        .expect("the event page")
        .expect("readable");
    let html = String::from_utf8(page).expect("utf-8");
    assert!(html.contains("Наставник и молодой педагог"), "{html}");
    assert!(
        !strip_comments(&html).contains("Ниже напишите"),
        "the note must stay hidden"
    );
}

#[test]
fn every_commented_field_of_every_template_is_a_known_field() {
    for (kind, folder) in [
        ("event", "events"),
        ("practice", "practices"),
        ("order", "orders"),
    ] {
        let site = TestSite::new();
        new_cmd(&site, &[kind, "Проверка полей", "--date", "2024-01-10"]).success();
        let dir = site.root().join("content").join(folder);
        let path = fs::read_dir(&dir)
            .expect("folder")
            .map(|e| e.expect("entry").path())
            .find(|p| p.to_string_lossy().contains("proverka-poley"))
            .expect("the new file");
        let text = fs::read_to_string(&path).expect("read");
        fs::write(&path, uncomment_fields(&text)).expect("write");
        let (_, diagnostics) = site.build_lib();
        let unknown: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.code == "unknown-field" || d.code.contains("yaml"))
            .map(|d| d.render(false))
            .collect();
        assert!(unknown.is_empty(), "{kind}: {unknown:#?}");
    }
}

#[test]
fn a_new_practice_is_a_draft_with_the_recommended_sections_and_publishes_once_filled() {
    let site = TestSite::new();
    new_cmd(&site, &["practice", "Школа молодого учителя", "--bundle"]).success();
    let path = site
        .root()
        .join("content/practices/shkola-molodogo-uchitelya/index.md");
    let text = fs::read_to_string(&path).expect("the bundle's index.md");
    let mut last = 0;
    for section in [
        "## Актуальность",
        "## Цель и задачи",
        "## Содержание и этапы",
        "## Результаты",
        "## Ресурсы и материалы",
        "## Контакты",
    ] {
        let at = text.find(section).unwrap_or_else(|| panic!("{section}"));
        assert!(at > last, "{section} out of order");
        last = at;
    }
    assert!(text.contains("draft: true"));
    assert_eq!(errors(&site), Vec::<String>::new());
    let filled = text
        .replace("# summary: План мероприятий", "summary: План мероприятий")
        .replace("draft: true\n", "");
    fs::write(&path, filled).expect("fill");
    assert_eq!(errors(&site), Vec::<String>::new());
    let (output, _) = site.build_lib();
    assert!(
        output
            .expect("built")
            .contains(Path::new("practices/shkola-molodogo-uchitelya/index.html"))
    );
}

#[test]
fn a_new_order_builds_and_a_second_one_is_refused() {
    let site = TestSite::new();
    let title = "Об утверждении положения о наставничестве";
    new_cmd(&site, &["order", title, "--date", "2024-01-10"]).success();
    let rel = site
        .root()
        .join("content/orders/ob-utverzhdenii-polozheniya-o-nastavnichestve.md");
    let before = fs::read(&rel).expect("the order");
    assert_eq!(errors(&site), Vec::<String>::new());
    fs::write(&rel, "изменено редактором").expect("edit");
    let a = new_cmd(&site, &["order", title, "--date", "2024-01-10"]).failure();
    assert!(stderr(&a).contains("уже существует"), "{}", stderr(&a));
    assert_eq!(
        fs::read_to_string(&rel).expect("kept"),
        "изменено редактором"
    );
    assert_ne!(before, "изменено редактором".as_bytes());
    // A bundle with the same name is the same address: refused as well.
    new_cmd(&site, &["order", title, "--bundle"]).failure();
}

#[test]
fn new_explains_bad_input_in_russian() {
    let site = TestSite::new();
    let a = new_cmd(&site, &["event", "Семинар", "--date", "апрель 2023"]).failure();
    assert!(stderr(&a).contains("не распознана"), "{}", stderr(&a));
    let a = new_cmd(&site, &["order", "Приказ", "--date", "2023-04"]).failure();
    assert!(stderr(&a).contains("один день"), "{}", stderr(&a));
    let a = new_cmd(&site, &["event", "«»—", "--date", "2023-04"]).failure();
    assert!(stderr(&a).contains("--slug"), "{}", stderr(&a));
    let a = new_cmd(&site, &["event", "Семинар", "--slug", "Семинар"]).failure();
    assert!(stderr(&a).contains("латинские"), "{}", stderr(&a));
    let empty = TestSite::empty();
    fs::create_dir_all(empty.root()).expect("folder");
    let a = new_cmd(&empty, &["event", "Семинар"]).failure();
    assert!(stderr(&a).contains("site.yaml"), "{}", stderr(&a));
    // A quarter and a month are accepted for events and name the file.
    new_cmd(&site, &["event", "Вебинары", "--date", "2023-Q1"]).success();
    assert!(
        site.root()
            .join("content/events/2023-q1-vebinary.md")
            .is_file()
    );
    assert_eq!(errors(&site), Vec::<String>::new());
}

fn plan_args(site: &TestSite, file: &Path, dry_run: bool) -> PlanArgs {
    PlanArgs {
        file: file.to_path_buf(),
        series: Some("Школа лидеров образования".into()),
        organization: Some("sh-40".into()),
        period: None,
        dry_run,
        root: RootArg { path: site.root() },
    }
}

fn event_files(site: &TestSite) -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(site.root().join("content/events"))
        .expect("events")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

#[test]
fn a_dry_run_writes_nothing_for_every_fixture() {
    for fixture in fixtures() {
        let site = TestSite::new();
        let before = event_files(&site);
        let done = import_plan(&plan_args(&site, &fixture, true))
            .unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
        assert!(done.written.is_empty());
        assert_eq!(event_files(&site), before, "{}", fixture.display());
        assert!(
            done.summary().contains("ничего не записано"),
            "{}",
            done.summary()
        );
        assert!(!done.plan.files.is_empty() || !done.plan.drafts.is_empty());
    }
}

#[test]
fn every_fixture_imports_into_a_site_that_builds() {
    for fixture in fixtures() {
        let site = TestSite::new();
        let done = import_plan(&plan_args(&site, &fixture, false))
            .unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
        let planned = done.plan.files.len() + done.plan.drafts.len();
        assert_eq!(done.written.len(), planned, "{}", fixture.display());
        for rel in &done.written {
            assert!(site.root().join(rel).is_file(), "{rel}");
        }
        // Rows the plan marks «ежегодно» are written with `repeat: yearly`, which the event
        // model accepts: the imported files build as they are.
        let errs = errors(&site);
        assert!(
            errs.is_empty(),
            "{}:\n{}",
            fixture.display(),
            errs.join("\n")
        );
        // Every published event is on the site.
        let (output, _) = site.build_lib();
        let output = output.expect("built");
        for file in &done.plan.files {
            let slug = file
                .path
                .trim_start_matches("content/events/")
                .trim_end_matches(".md");
            let page = format!("events/{slug}/index.html");
            assert!(output.contains(Path::new(&page)), "{page}");
        }
    }
}

#[test]
fn importing_again_leaves_imported_files_alone_and_never_overwrites_others() {
    let fixture = &fixtures()[0];
    let site = TestSite::new();
    let first = import_plan(&plan_args(&site, fixture, false)).expect("first import");
    assert!(!first.written.is_empty());
    // The same plan again: the same text is already there, nothing is written or doubled.
    let files = event_files(&site);
    let again = import_plan(&plan_args(&site, fixture, false)).expect("second import");
    assert!(again.written.is_empty(), "{:?}", again.written);
    assert_eq!(event_files(&site), files);
    assert!(again.summary().contains("уже есть с тем же текстом"));
    // An edited event keeps its edits; the plan's row goes to a numbered file next to it.
    let edited = &first.written[0];
    fs::write(
        site.root().join(edited),
        "---\ntitle: Правка\nstart: 2022-10-10\n---\n",
    )
    .expect("edit");
    let third = import_plan(&plan_args(&site, fixture, false)).expect("third import");
    let renamed = third
        .renamed
        .get(edited)
        .expect("the taken name is renamed");
    assert!(renamed.ends_with("-2.md"), "{renamed}");
    assert_eq!(third.written, vec![renamed.clone()]);
    assert_eq!(
        fs::read_to_string(site.root().join(edited)).expect("kept"),
        "---\ntitle: Правка\nstart: 2022-10-10\n---\n"
    );
    assert!(third.summary().contains(renamed.as_str()));
}

#[test]
fn the_import_command_prints_the_summary_and_refuses_bad_input() {
    let site = TestSite::new();
    let fixture = &fixtures()[0];
    let a = nastavnik()
        .args(["import", "plan"])
        .arg(fixture)
        .arg("--dry-run")
        .arg("--root")
        .arg(site.root())
        .assert()
        .success();
    let out = stdout(&a);
    assert!(out.contains("Событий:"), "{out}");
    assert!(out.contains("--dry-run"), "{out}");
    let a = nastavnik()
        .args(["import", "plan"])
        .arg(fixture)
        .args(["--organization", "sh40", "--root"])
        .arg(site.root())
        .assert()
        .failure();
    assert!(stderr(&a).contains("sh-40"), "{}", stderr(&a));
    let cp1251 = site.base().join("plan.txt");
    fs::write(
        &cp1251,
        b"\xcc\xe5\xf0\xee\xef\xf0\xe8\xff\xf2\xe8\xe5\t\xd1\xf0\xee\xea\xe8\n",
    )
    .expect("write");
    let a = nastavnik()
        .args(["import", "plan"])
        .arg(&cp1251)
        .arg("--root")
        .arg(site.root())
        .assert()
        .failure();
    assert!(stderr(&a).contains("UTF-8"), "{}", stderr(&a));
    assert!(
        !site
            .root()
            .join("content/events")
            .read_dir()
            .expect("events")
            .any(|e| e
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .contains("meropriyatie")),
    );
}

#[test]
fn check_reports_json_for_programs() {
    let site = TestSite::new();
    site.write(
        "content/events/bad.md",
        "---\ntitle: Семинар\nstartt: 2023-04\n---\n",
    );
    let a = nastavnik()
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .assert()
        .failure();
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).expect("JSON");
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 2, "{v:#}");
    let unknown = v["diagnostics"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|d| d["code"] == "unknown-field")
        .expect("the unknown field");
    assert_eq!(unknown["file"], "content/events/bad.md");
    assert_eq!(unknown["location"]["line"], 3);
    assert_eq!(unknown["severity"], "error");
    assert!(
        unknown["message"]
            .as_str()
            .expect("text")
            .contains("startt")
    );
    site.remove("content/events/bad.md");
    let a = nastavnik()
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).expect("JSON");
    assert_eq!(v["ok"], true);
    assert_eq!(v["diagnostics"], serde_json::json!([]));
}

/// The calendar months (`(year, month)`) whose page lists the event at `slug`.
fn months_listing(output: &nastavnik::output::Output, slug: &str) -> Vec<(i16, i8)> {
    let link = format!("/events/{slug}/");
    let mut months: Vec<(i16, i8)> = output
        .paths()
        .filter_map(|path| {
            let parts: Vec<&str> = path.to_str()?.split('/').collect();
            match parts.as_slice() {
                ["calendar", year, month, "index.html"] => {
                    Some((path, year.parse().ok()?, month.parse().ok()?))
                }
                _ => None,
            }
        })
        .filter(|(path, _, _)| {
            let html = output.bytes(path).expect("listed").expect("readable");
            String::from_utf8_lossy(&html).contains(&link)
        })
        .map(|(_, year, month)| (year, month))
        .collect();
    months.sort_unstable();
    months
}

#[test]
fn yearly_events_of_a_roadmap_leave_the_calendar_when_the_roadmap_ends() {
    let fixture = fixtures()
        .into_iter()
        .find(|f| f.to_string_lossy().contains("001-"))
        .expect("the city roadmap");
    let site = TestSite::new();
    let done = import_plan(&plan_args(&site, &fixture, false)).expect("import");
    assert_eq!(
        done.plan.period.map(|p| p.to_string()).as_deref(),
        Some("2022–2024 гг.")
    );
    assert!(
        done.summary().contains("не позже 31.12.2024"),
        "{}",
        done.summary()
    );
    let (output, diagnostics) = site.build_lib();
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Error),
        "{diagnostics:#?}"
    );
    let output = output.expect("built");
    // «ежегодно (декабрь)»: December 2022, 2023 and 2024, and never after.
    let slug = "2022-12-sozdanie-i-aktualizatsiya-bazy-dannykh-nastavnikov";
    assert_eq!(
        months_listing(&output, slug),
        [(2022, 12), (2023, 12), (2024, 12)]
    );
    for file in &done.plan.files {
        let slug = file
            .path
            .trim_start_matches("content/events/")
            .trim_end_matches(".md");
        for (year, month) in months_listing(&output, slug) {
            assert!(year <= 2024, "{slug} is in the calendar in {month}.{year}");
        }
    }
}

#[test]
fn the_period_option_bounds_yearly_events_from_the_command_line() {
    let fixture = fixtures()
        .into_iter()
        .find(|f| f.to_string_lossy().contains("003-"))
        .expect("the school roadmap");
    let site = TestSite::new();
    let a = nastavnik()
        .args(["import", "plan"])
        .arg(&fixture)
        .args(["--period", "2023-2025", "--root"])
        .arg(site.root())
        .assert()
        .success();
    assert!(
        stdout(&a).contains(
            "Период плана: 2023–2025 гг.; ежегодные мероприятия повторяются не позже 31.12.2025."
        ),
        "{}",
        stdout(&a)
    );
    let text = fs::read_to_string(
        site.root()
            .join("content/events/2023-09-20-sostavlenie-otchetov-po-itogam-realizatsii.md"),
    )
    .expect("the 20 September report");
    assert!(
        text.contains("\nstart: 2023-09-20\nrepeat: yearly\nuntil: 2025-09-20\n"),
        "{text}"
    );
    assert_eq!(errors(&site), Vec::<String>::new());
    let a = nastavnik()
        .args(["import", "plan"])
        .arg(&fixture)
        .args(["--period", "весь год", "--dry-run", "--root"])
        .arg(site.root())
        .assert()
        .failure();
    assert!(stderr(&a).contains("например 2022-2024"), "{}", stderr(&a));
}

#[test]
fn import_refuses_devices_folders_and_huge_files() {
    let site = TestSite::new();
    let import = |file: &Path| {
        nastavnik()
            .args(["import", "plan"])
            .arg(file)
            .arg("--root")
            .arg(site.root())
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .failure()
    };
    if Path::new("/dev/zero").exists() {
        let a = import(Path::new("/dev/zero"));
        assert!(stderr(&a).contains("не обычный файл"), "{}", stderr(&a));
    }
    let a = import(&site.root());
    assert!(stderr(&a).contains("папка"), "{}", stderr(&a));
    let huge = site.base().join("plan.txt");
    let mut bytes = "Мероприятие\tСроки\nСеминар\tмай 2023\n"
        .as_bytes()
        .to_vec();
    bytes.resize(21 * 1024 * 1024, b'\n');
    fs::write(&huge, bytes).expect("a big file");
    let a = import(&huge);
    assert!(stderr(&a).contains("слишком большой"), "{}", stderr(&a));
    assert!(
        !site
            .root()
            .join("content/events/2023-05-seminar.md")
            .exists()
    );
}

#[test]
fn a_row_saved_with_semicolons_under_a_tab_header_names_its_line() {
    let site = TestSite::new();
    let plan = site.base().join("plan.txt");
    fs::write(
        &plan,
        "№\tМероприятие\tСроки\n1.\tСеминар\tмай 2023\n2.;Круглый стол;июнь 2023\n",
    )
    .expect("write");
    let a = nastavnik()
        .args(["import", "plan"])
        .arg(&plan)
        .arg("--root")
        .arg(site.root())
        .assert()
        .failure();
    let err = stderr(&a);
    assert!(
        err.contains(
            "plan.txt:3: строка 3 разделена точкой с запятой, а шапка таблицы — табуляцией"
        ),
        "{err}"
    );
    assert!(err.contains("сохраните таблицу заново"), "{err}");
}

fn roadmap_args(site: &TestSite, file: &Path, slug: &str) -> RoadmapArgs {
    RoadmapArgs {
        file: file.to_path_buf(),
        slug: slug.to_string(),
        title: None,
        order: None,
        organization: None,
        period: None,
        dry_run: false,
        root: RootArg { path: site.root() },
    }
}

/// Rows of the table with something in the «№» column or, in a table whose activity column
/// groups items (seed 003), items of a group: counted from the text itself, not by the importer.
fn numbered_rows(fixture: &Path) -> usize {
    let text = fs::read_to_string(fixture).expect("fixture");
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.contains('\t') && (l.contains("Наименование") || l.contains("Мероприятия")))
        .expect("the header line");
    let grouped = lines[header].contains("Содержание деятельности\t");
    lines[header + 1..]
        .iter()
        .filter(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let number = cells[0].trim().trim_end_matches('.');
            let is_section = number.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
                || (!number.contains('.') && cells.iter().skip(2).all(|c| c.trim().is_empty()));
            if grouped {
                // An item starts with its enumerator in the content column.
                cells.get(2).is_some_and(|c| {
                    c.trim()
                        .chars()
                        .next()
                        .is_some_and(|ch| ch.is_ascii_digit())
                })
            } else {
                !number.is_empty() && !is_section
            }
        })
        .count()
}

/// Measures in the front matter of an imported roadmap.
fn measure_numbers(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("  - number: \""))
        .map(|n| n.trim_end_matches('"').to_string())
        .collect()
}

#[test]
fn every_seed_roadmap_imports_with_every_row_accounted_for_and_builds_with_anchors() {
    for (fixture, expected) in [
        ("001-prikaz-633-dorozhnaya-karta-2022-2024.tsv", 21),
        ("003-oosh-4-dorozhnaya-karta-2022-2023.tsv", 17),
        ("004-ds-15-plan-2023-2024.tsv", 7),
    ] {
        let path = Path::new(FIXTURES).join(fixture);
        assert_eq!(
            numbered_rows(&path),
            expected,
            "{fixture}: rows in the input"
        );
        let site = TestSite::new();
        let summary = import_roadmap(&roadmap_args(&site, &path, "karta"))
            .unwrap_or_else(|e| panic!("{fixture}: {e}"));
        assert!(
            summary.contains(&format!("мероприятий: {expected},")),
            "{fixture}: {summary}"
        );
        let text = fs::read_to_string(site.root().join("content/roadmaps/karta/index.md"))
            .expect("the roadmap is written");
        let sections = text
            .split("\nmeasures:\n")
            .next()
            .expect("front matter")
            .matches("  - number: ")
            .count();
        let measures = measure_numbers(&text).len() - sections;
        assert_eq!(measures, expected, "{fixture}: measures written\n{text}");
        assert_eq!(text.matches("status: запланировано").count(), expected);
        let errs = errors(&site);
        assert!(errs.is_empty(), "{fixture}:\n{}", errs.join("\n"));
        site.build_cmd().assert().success();
        let page = site.read_out("roadmaps/karta/index.html");
        for number in measure_numbers(text.split("\nmeasures:\n").nth(1).expect("measures")) {
            let anchor = format!("id=\"m{}\"", number.replace('.', "-"));
            assert!(page.contains(&anchor), "{fixture}: {anchor}");
        }
    }
}

#[test]
fn a_roadmap_import_never_overwrites_and_writes_nothing_on_a_dry_run() {
    let path = Path::new(FIXTURES).join("003-oosh-4-dorozhnaya-karta-2022-2023.tsv");
    let site = TestSite::new();
    let mut dry = roadmap_args(&site, &path, "karta");
    dry.dry_run = true;
    let summary = import_roadmap(&dry).expect("dry run");
    assert!(summary.contains("--dry-run"), "{summary}");
    assert!(!site.root().join("content/roadmaps/karta").exists());

    site.write("content/roadmaps/karta.md", "---\ntitle: Своя\n---\n");
    let err = import_roadmap(&roadmap_args(&site, &path, "karta")).expect_err("refused");
    assert!(err.contains("уже есть"), "{err}");
    assert_eq!(
        fs::read_to_string(site.root().join("content/roadmaps/karta.md")).expect("kept"),
        "---\ntitle: Своя\n---\n"
    );
    import_roadmap(&roadmap_args(&site, &path, "vtoraya")).expect("another name");
    let written = site.root().join("content/roadmaps/vtoraya/index.md");
    let before = fs::read_to_string(&written).expect("written");
    let a = nastavnik()
        .args(["import", "roadmap"])
        .arg(&path)
        .args(["--slug", "vtoraya", "--root"])
        .arg(site.root())
        .assert()
        .failure();
    assert!(stderr(&a).contains("не перезаписывает"), "{}", stderr(&a));
    assert_eq!(fs::read_to_string(&written).expect("kept"), before);
}

#[test]
fn an_unreadable_row_becomes_a_measure_with_a_note_and_a_warning() {
    let site = TestSite::new();
    let table = "Дорожная карта на 2023 год\n\n\
№ п/п\tНаименование мероприятия\tСроки\tОтветственные\tОжидаемый результат\n\
1.\tСеминар наставников\tмарт 2023\tМетодический отдел\tПроведён семинар\n\
2.\tКонкурс\tкогда-нибудь потом\tМетодический отдел\t\n\
3.\t\tмай 2023\t\tИтоги подведены\n";
    site.write("karta.tsv", table);
    let summary = import_roadmap(&roadmap_args(
        &site,
        &site.root().join("karta.tsv"),
        "karta",
    ))
    .expect("import");
    assert!(
        summary.contains("Разделов: 0, мероприятий: 3, предупреждений: 2."),
        "{summary}"
    );
    assert!(summary.contains("строка 5: срок мероприятия 2 «когда-нибудь потом» не распознан"));
    assert!(summary.contains("строка 6: у мероприятия 3 нет названия"));
    let text =
        fs::read_to_string(site.root().join("content/roadmaps/karta/index.md")).expect("written");
    assert!(
        text.contains("Срок в плане: «когда-нибудь потом»"),
        "{text}"
    );
    assert!(
        text.contains("В плане у строки нет названия мероприятия."),
        "{text}"
    );
    assert!(text.contains("period: 2023\n"), "{text}");
    let errs = errors(&site);
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}
