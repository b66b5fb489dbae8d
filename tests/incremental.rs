//! The dev server's incremental rebuilds must give exactly what a full build gives.
//!
//! Each test starts a session on a copy of the example site with generated practices and
//! events added (so lists, terms and organizations have several pages), makes an edit of one
//! kind, rebuilds incrementally, and compares every output file with a fresh full build of the
//! edited site. Where an edit should touch few files, it also checks that few were rendered:
//! an incremental rebuild that re-renders everything would pass the first check and still be
//! useless.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use nastavnik::build::BuildOptions;
use nastavnik::output::{Content, Output};
use nastavnik::serve::session::{Changes, Session};

/// The repository's example site plus generated pages, with short list pages.
struct Fixture {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

const PRACTICES: usize = 36;
const EVENTS: usize = 24;

const LEVELS: [&str; 3] = ["дошкольное", "начальное общее", "основное общее"];
const FORMS: [&str; 3] = [
    "учитель – учитель",
    "опытный педагог – молодой специалист",
    "руководитель – педагог",
];
const TOPICS: [&str; 5] = [
    "адаптация",
    "молодые педагоги",
    "мониторинг",
    "дорожная карта",
    "профессиональные сообщества",
];
const ORGS: [&str; 3] = ["gimnaziya-1", "sh-16", "sh-25"];

fn practice_text(i: usize) -> String {
    format!(
        "---\ntitle: Практика наставничества номер {i}\nsummary: Краткое описание практики {i}.\n\
organizations: [{org}]\nlevel: [{level}]\nforms: [{form}]\ntopics: [{t1}, {t2}]\n\
year: \"{year}/{next}\"\ndate: 2023-{month:02}-{day:02}\n---\n## Актуальность\n\n\
Молодые педагоги и наставники школы {i} работают в парах.\n",
        org = ORGS[i % ORGS.len()],
        level = LEVELS[i % LEVELS.len()],
        form = FORMS[i % FORMS.len()],
        t1 = TOPICS[i % TOPICS.len()],
        t2 = TOPICS[(i + 2) % TOPICS.len()],
        year = 2021 + i % 3,
        next = 2022 + i % 3,
        month = 1 + i % 12,
        day = 1 + i % 28,
    )
}

fn event_text(i: usize) -> String {
    let practice = if i % 3 == 0 {
        format!("practices: [gen-practice-{}]\n", i % PRACTICES)
    } else {
        String::new()
    };
    format!(
        "---\ntitle: Семинар для наставников номер {i}\nstart: 2023-{month:02}-{day:02}\n\
format: семинар\nseries: Цикл семинаров {series}\norganizations: [{org}]\n{practice}---\n\
Занятие {i}.\n",
        month = 1 + i % 12,
        day = 1 + i % 27,
        series = i % 2,
        org = ORGS[i % ORGS.len()],
    )
}

impl Fixture {
    fn new() -> Self {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let root = tmp.path().join("site");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&repo.join("content"), &root.join("content"));
        copy_dir(&repo.join("data"), &root.join("data"));
        let yaml = fs::read_to_string(repo.join("site.yaml")).expect("site.yaml");
        let yaml = yaml.replace("paginate: 20", "paginate: 5");
        assert!(
            yaml.contains("paginate: 5"),
            "the fixture needs short lists"
        );
        fs::write(root.join("site.yaml"), yaml).expect("write site.yaml");
        let f = Fixture { _tmp: tmp, root };
        for i in 0..PRACTICES {
            f.write(
                &format!("content/practices/gen-practice-{i}.md"),
                &practice_text(i),
            );
        }
        for i in 0..EVENTS {
            f.write(&format!("content/events/gen-event-{i}.md"), &event_text(i));
        }
        f
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("folder");
        fs::write(p, text).expect("write");
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).expect("read")
    }

    fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            base_url: Some("http://127.0.0.1:1111/".to_string()),
            drafts: false,
        }
    }

    /// A session with the whole site built, as the server starts.
    fn session(&self) -> Session {
        let mut s = Session::new(self.options());
        let first = s.rebuild(&Changes::Everything);
        assert!(
            first.output.is_some(),
            "the fixture builds: {}",
            first.diagnostics.render(false)
        );
        s.finish()
            .expect("a site to finish")
            .expect("calendar and search of the fixture");
        s
    }

    fn full_build(&self) -> Output {
        let (out, diags) = nastavnik::build::build_site(&self.options());
        out.unwrap_or_else(|| panic!("full build failed: {}", diags.render(false)))
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("folder");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn bytes_of(c: &Content) -> Vec<u8> {
    match c {
        Content::Bytes(b) => b.to_vec(),
        Content::Packed(p) => Content::unpack(p).expect("unpacked"),
        Content::Copy(p) => fs::read(p).expect("copied file"),
        Content::Stored(_) => panic!("in-memory outputs only"),
    }
}

/// Every file of `full` is in `incremental` with the same bytes, and nothing else is.
fn assert_same(incremental: &Output, full: &Output, what: &str) {
    let inc: Vec<&Path> = incremental.paths().collect();
    let all: Vec<&Path> = full.paths().collect();
    let missing: Vec<_> = all.iter().filter(|p| !incremental.contains(p)).collect();
    let extra: Vec<_> = inc.iter().filter(|p| !full.contains(p)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: files differ: missing {missing:?}, extra {extra:?}"
    );
    let differing: Vec<&Path> = full
        .iter()
        .filter(|(p, c)| {
            incremental
                .get(p)
                .is_some_and(|ic| bytes_of(ic) != bytes_of(c))
        })
        .map(|(p, _)| p)
        .collect();
    assert!(
        differing.is_empty(),
        "{what}: {} files differ from a full build, e.g. {:?}",
        differing.len(),
        &differing[..differing.len().min(8)]
    );
}

/// Applies an edit, rebuilds with the edited files named, finishes, and compares with a full
/// build. Returns how many files were rendered (by the rebuild, or left for later).
fn check_edit(
    f: &Fixture,
    session: &mut Session,
    what: &str,
    edit: impl FnOnce(&Fixture) -> Vec<&'static str>,
) -> usize {
    let touched = edit(f);
    let files = touched.iter().map(|rel| f.path(rel)).collect();
    let rebuilt = session.rebuild(&Changes::Files(files));
    assert!(
        rebuilt.output.is_some(),
        "{what}: {}",
        rebuilt.diagnostics.render(false)
    );
    assert!(rebuilt.incremental, "{what}: a content edit is incremental");
    let out = session.finish().expect("a site to finish").expect("finish");
    assert_same(&out, &f.full_build(), what);
    rebuilt.rendered + rebuilt.deferred
}

/// The files of `full` that `out` lacks or has with other bytes, and the files only `out` has.
fn differing(out: &Output, full: &Output) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = full
        .iter()
        .filter(|(p, c)| out.get(p).is_none_or(|o| bytes_of(o) != bytes_of(c)))
        .map(|(p, _)| p.to_path_buf())
        .collect();
    paths.extend(
        out.paths()
            .filter(|p| !full.contains(p))
            .map(Path::to_path_buf),
    );
    paths
}

/// The dev server serves an event's edit in steps: the event's page at once, then the
/// calendar, then the list pages the moved event shifts, then the search index. After each
/// step, every file that is not yet what a full build gives is pending (held back), and the
/// step's own files are current.
#[test]
fn an_event_edit_is_finished_in_steps() {
    let f = Fixture::new();
    let mut s = f.session();
    replace_in(&f, E3, "start: 2023-04-04", "start: 2029-05-05");
    let rebuilt = s.rebuild(&Changes::Files(vec![f.path(E3)]));
    let out = rebuilt.output.expect("the edit builds");
    assert!(
        rebuilt.deferred > 0,
        "the events list pages are left for later"
    );
    let full = f.full_build();
    let stale_but_not_pending = |out: &Output, pending: &[PathBuf]| -> Vec<PathBuf> {
        differing(out, &full)
            .into_iter()
            .filter(|p| !pending.contains(p))
            .collect()
    };
    assert_eq!(
        stale_but_not_pending(&out, &rebuilt.pending),
        Vec::<PathBuf>::new()
    );
    let own: Vec<PathBuf> = full
        .paths()
        .filter(|p| p.starts_with("events/gen-event-3"))
        .map(Path::to_path_buf)
        .collect();
    assert!(!own.is_empty());
    for p in &own {
        assert!(
            !differing(&out, &full).contains(p) || p.extension().is_some_and(|e| e == "ics"),
            "{p:?}: the event's page is current at once"
        );
    }

    let (calendar, pending) = s.finish_calendar().expect("the calendar first");
    let out = calendar.expect("the calendar is made");
    assert_eq!(stale_but_not_pending(&out, &pending), Vec::<PathBuf>::new());
    let calendar_file = PathBuf::from("calendar.ics");
    assert!(
        !differing(&out, &full).contains(&calendar_file),
        "calendar.ics is current"
    );
    assert!(
        pending.iter().any(|p| p.starts_with("events/page")),
        "the shifted list pages are still pending: {pending:?}"
    );

    let (lists, pending) = s.finish_deferred().expect("the list pages next");
    let out = lists.expect("the list pages are rendered");
    assert_eq!(stale_but_not_pending(&out, &pending), Vec::<PathBuf>::new());
    assert!(
        differing(&out, &full)
            .iter()
            .all(|p| p.starts_with("search")),
        "only the search index is left: {:?}",
        differing(&out, &full)
    );

    let out = s.finish().expect("a site").expect("the search index");
    assert_same(&out, &full, "an event's edit in steps");
}

/// Replaces text in a file of the fixture (which must contain it); the file, for `check_edit`.
fn replace_in(f: &Fixture, rel: &'static str, from: &str, to: &str) -> Vec<&'static str> {
    let text = f.read(rel);
    assert!(text.contains(from), "{rel} has no «{from}»");
    f.write(rel, &text.replacen(from, to, 1));
    vec![rel]
}

/// [`check_edit`] for each of `edits` to the file `rel` in turn: (what, text, replacement).
fn check_replacements(
    f: &Fixture,
    s: &mut Session,
    rel: &'static str,
    edits: &[(&str, &str, &str)],
) {
    for &(what, from, to) in edits {
        check_edit(f, s, what, |f| replace_in(f, rel, from, to));
    }
}

/// Breaks a file's YAML (an unclosed bracket); returns its good text, to write back.
fn break_yaml(f: &Fixture, rel: &str) -> String {
    let good = f.read(rel);
    f.write(rel, &good.replacen("title: ", "title: [не закрыто\n", 1));
    good
}

const P7: &str = "content/practices/gen-practice-7.md";
const E3: &str = "content/events/gen-event-3.md";

#[test]
fn first_build_equals_a_full_build() {
    let f = Fixture::new();
    let mut s = f.session();
    let out = s
        .finish()
        .expect("a site to finish")
        .expect("nothing pending");
    assert_same(&out, &f.full_build(), "first build");
}

#[test]
fn a_body_edit_renders_only_its_page() {
    let f = Fixture::new();
    let mut s = f.session();
    let rendered = check_edit(&f, &mut s, "body", |f| {
        replace_in(f, P7, "работают в парах", "работают в тройках")
    });
    assert_eq!(rendered, 1, "only the practice's own page shows its body");
}

#[test]
fn a_title_edit_renders_the_page_and_the_lists_showing_it() {
    let f = Fixture::new();
    let mut s = f.session();
    let rendered = check_edit(&f, &mut s, "title", |f| {
        replace_in(
            f,
            P7,
            "Практика наставничества номер 7",
            "Практика номер 7 <переименована> & «уточнена»",
        )
    });
    // The page, one list page, its organization, its term pages, perhaps the home page and the
    // event listing it: a handful, not the whole site.
    assert!(
        (2..30).contains(&rendered),
        "rendered {rendered} files for a title edit"
    );
}

#[test]
fn edits_that_move_pages_between_lists_and_terms() {
    let f = Fixture::new();
    let mut s = f.session();
    check_replacements(
        &f,
        &mut s,
        P7,
        &[
            (
                "date moves the practice in the list",
                "date: 2023-08-08",
                "date: 2019-01-01",
            ),
            (
                "level changes facet counts",
                "level: [начальное общее]",
                "level: [дошкольное]",
            ),
            (
                "a new topic makes a new term page",
                "topics: [",
                "topics: [совсем новая тема, ",
            ),
            ("the only use of a topic goes", "совсем новая тема, ", ""),
            (
                "organization changes",
                "organizations: [sh-16]",
                "organizations: [sh-25]",
            ),
        ],
    );
}

/// A title edit that changes no taxonomy value can still move a practice past another of the
/// same date (titles break ties): the term pages, which list practices in that order, follow.
#[test]
fn a_title_edit_that_reorders_practices_of_one_date() {
    const P19: &str = "content/practices/gen-practice-19.md";
    let f = Fixture::new();
    let mut s = f.session();
    check_edit(
        &f,
        &mut s,
        "a second practice on the date of the seventh",
        |f| replace_in(f, P19, "date: 2023-08-20", "date: 2023-08-08"),
    );
    // «номер 19» came before «номер 7»; «номер 1» comes before «номер 19».
    check_edit(&f, &mut s, "the seventh retitled to sort first", |f| {
        replace_in(
            f,
            P7,
            "title: Практика наставничества номер 7",
            "title: Практика наставничества номер 1",
        )
    });
}

#[test]
fn event_edits_remake_the_calendar() {
    let f = Fixture::new();
    let mut s = f.session();
    check_edit(&f, &mut s, "event date", |f| {
        replace_in(f, E3, "start: 2023-04-04", "start: 2024-11-20")
    });
    check_edit(&f, &mut s, "event series and time", |f| {
        let t = f
            .read(E3)
            .replace("Цикл семинаров 1", "Новый цикл")
            .replace("start: 2024-11-20", "start: 2024-11-20 15:00");
        f.write(E3, &t);
        vec![E3]
    });
    check_edit(&f, &mut s, "event links a practice", |f| {
        replace_in(
            f,
            E3,
            "practices: [gen-practice-3]",
            "practices: [gen-practice-7]",
        )
    });
    // First into August 2024, a month with nothing else: the months before and after it
    // change only their «previous» and «next» links, and `/calendar/`, whose month stays the
    // same, only its list of busy months. Then past every other event, into a new year, which
    // `/calendar/` (the next busy month after the build's day) may show; then back, which
    // empties that year again.
    check_replacements(
        &f,
        &mut s,
        E3,
        &[
            (
                "event moved into an empty month",
                "start: 2024-11-20 15:00",
                "start: 2024-08-10 15:00",
            ),
            (
                "event moved past all others",
                "start: 2024-08-10 15:00",
                "start: 2099-01-10 15:00",
            ),
            (
                "event moved back",
                "start: 2099-01-10 15:00",
                "start: 2023-05-10 15:00",
            ),
        ],
    );
}

/// The shared bytes of a file, to tell a reused file from a remade one.
fn shared(out: &Output, rel: &str) -> std::sync::Arc<[u8]> {
    match out.get(Path::new(rel)) {
        Some(Content::Bytes(b) | Content::Packed(b)) => b.clone(),
        other => panic!("{rel}: {other:?}"),
    }
}

/// An event moved to another month, series and organization: every calendar file is what a
/// full build gives, and the feeds and month pages that never carried it are the last
/// output's files, not written again.
#[test]
fn an_event_moved_to_another_month_series_and_organization() {
    let f = Fixture::new();
    let mut s = f.session();
    let before = s.finish().expect("a site").expect("finished");
    let edit = |f: &Fixture| {
        let t = f
            .read(E3)
            .replace("start: 2023-04-04", "start: 2024-11-20")
            .replace("Цикл семинаров 1", "Цикл семинаров 0")
            .replace("organizations: [gimnaziya-1]", "organizations: [sh-25]");
        assert_ne!(t, f.read(E3), "the edit changes the event");
        f.write(E3, &t);
        vec![E3]
    };
    check_edit(&f, &mut s, "event moved", edit);
    let after = s.finish().expect("a site").expect("finished");
    let calendar_files = |out: &Output| -> Vec<PathBuf> {
        out.paths()
            .filter(|p| {
                p.starts_with("calendar")
                    || p.to_string_lossy().ends_with(".ics")
                    || p.to_string_lossy().ends_with("calendar.ics")
            })
            .map(Path::to_path_buf)
            .collect()
    };
    let files = calendar_files(&after);
    assert!(files.len() > 30, "the fixture has a calendar: {files:?}");
    // What the event was and is in, and what lists every event: made again.
    for rel in [
        "calendar.ics",
        "events/gen-event-3/event.ics",
        "calendar/series/tsikl-seminarov-0.ics",
        "calendar/series/tsikl-seminarov-1.ics",
        "organizations/gimnaziya-1/calendar.ics",
        "organizations/sh-25/calendar.ics",
        "calendar/2023/04/index.html",
        "calendar/2024/11/index.html",
        "calendar/events.json",
    ] {
        assert!(
            !std::sync::Arc::ptr_eq(&shared(&before, rel), &shared(&after, rel)),
            "{rel} is made again"
        );
    }
    // What never carried it: the same bytes, not written again.
    for rel in [
        "events/gen-event-4/event.ics",
        "organizations/sh-16/calendar.ics",
        "calendar/2023/06/index.html",
    ] {
        assert!(
            std::sync::Arc::ptr_eq(&shared(&before, rel), &shared(&after, rel)),
            "{rel} is reused"
        );
    }
}

#[test]
fn adding_removing_and_hiding_pages() {
    let f = Fixture::new();
    let mut s = f.session();
    check_edit(&f, &mut s, "a new practice", |f| {
        f.write("content/practices/novaya.md", &practice_text(100));
        vec!["content/practices/novaya.md"]
    });
    check_edit(&f, &mut s, "a practice deleted", |f| {
        fs::remove_file(f.path("content/practices/gen-practice-11.md")).expect("remove");
        vec!["content/practices/gen-practice-11.md"]
    });
    check_edit(&f, &mut s, "a practice becomes a draft", |f| {
        replace_in(f, P7, "---\ntitle:", "---\ndraft: true\ntitle:")
    });
    check_edit(&f, &mut s, "a link to a new page", |f| {
        f.write(
            "content/about.md",
            &format!(
                "{}\nСм. также [новую практику](@/practices/novaya.md).\n",
                f.read("content/about.md")
            ),
        );
        vec!["content/about.md"]
    });
    check_edit(&f, &mut s, "a section intro", |f| {
        let p = "content/practices/_index.md";
        f.write(p, &format!("{}\nНовый абзац вступления.\n", f.read(p)));
        vec!["content/practices/_index.md"]
    });
}

/// An edit that changes no page's address still changes the published attachments: the dev
/// server's cheap patch of the last output (which keeps the attachments) must not be taken.
#[test]
fn attachments_withdrawn_and_retitled() {
    const BUNDLE: &str = "content/practices/detskiy-sad-15-plan-nastavnichestva/index.md";
    const CSV: &str = "detskiy-sad-15-plan-nastavnichestva/etapy-nastavnichestva.csv";
    let f = Fixture::new();
    let mut s = f.session();
    let listed = "attachments:\n  - file: etapy-nastavnichestva.csv\n";
    let with = f.read(BUNDLE);
    assert!(with.contains(listed), "{BUNDLE} lists its table");
    let title = "    title: Этапы организации наставничества";
    check_edit(&f, &mut s, "an attachment retitled", |f| {
        replace_in(f, BUNDLE, title, "    title: Этапы наставничества")
    });
    let published = |out: &Output| out.paths().any(|p| p.ends_with(CSV));
    check_edit(&f, &mut s, "an attachment withdrawn", |f| {
        let text = f.read(BUNDLE);
        let start = text.find(listed).expect("listed");
        let end = start + text[start..].find("---").expect("front matter ends");
        f.write(BUNDLE, &format!("{}{}", &text[..start], &text[end..]));
        vec![BUNDLE]
    });
    assert!(!published(&s.finish().expect("site").expect("finish")));
    check_edit(&f, &mut s, "an attachment listed again", |f| {
        f.write(BUNDLE, &with);
        vec![BUNDLE]
    });
    assert!(published(&s.finish().expect("site").expect("finish")));
}

#[test]
fn a_broken_edit_fails_and_its_fix_builds_like_a_full_build() {
    let f = Fixture::new();
    let mut s = f.session();
    let good = break_yaml(&f, P7);
    let broken = s.rebuild(&Changes::Files(vec![f.path(P7)]));
    assert!(broken.output.is_none(), "a YAML error fails the rebuild");
    assert!(
        broken
            .diagnostics
            .render(false)
            .contains("gen-practice-7.md"),
        "the error names the file"
    );
    check_edit(&f, &mut s, "fixed", |f| {
        f.write(P7, &good.replace("номер 7", "номер семь"));
        vec![P7]
    });
}

#[test]
fn changes_outside_content_start_afresh() {
    let f = Fixture::new();
    let mut s = f.session();
    let orgs = f
        .read("data/organizations.yaml")
        .replace("short: МБОУ «СШ № 16»", "short: МБОУ «Средняя школа № 16»");
    f.write("data/organizations.yaml", &orgs);
    let rebuilt = s.rebuild(&Changes::Files(vec![f.path("data/organizations.yaml")]));
    assert!(!rebuilt.incremental, "organizations are read by every page");
    let out = s.finish().expect("a site to finish").expect("finish");
    assert_same(&out, &f.full_build(), "organizations");
}

/// The register's fields: a curator gains a `publish` list and a school's figures change. The
/// register page, the organization's page and `register.csv` follow, exactly as a full build.
#[test]
fn register_fields_of_organizations_follow_an_edit() {
    let f = Fixture::new();
    let mut s = f.session();
    let text = |out: &Output, rel: &str| {
        String::from_utf8(bytes_of(out.get(Path::new(rel)).expect(rel))).expect("UTF-8")
    };
    let before = s.finish().expect("a site to finish").expect("finish");
    let csv = "organizations/register.csv";
    assert!(!text(&before, csv).contains("Белова Наталья Сергеевна"));
    let orgs = f.read("data/organizations.yaml");
    let edited = orgs
        .replacen(
            "    email: belova@sh25.example.org\n",
            "    email: belova@sh25.example.org\n    publish: [name, email]\n",
            1,
        )
        .replacen(
            "2024: {pairs: 11, groups: 2",
            "2024: {pairs: 21, groups: 2",
            1,
        );
    assert_ne!(edited, orgs, "the fixture has the fields the edit changes");
    assert_eq!(
        edited.matches("publish:").count(),
        orgs.matches("publish:").count() + 1
    );
    f.write("data/organizations.yaml", &edited);
    let rebuilt = s.rebuild(&Changes::Files(vec![f.path("data/organizations.yaml")]));
    assert!(
        rebuilt.output.is_some(),
        "{}",
        rebuilt.diagnostics.render(false)
    );
    let out = s.finish().expect("a site to finish").expect("finish");
    assert_same(&out, &f.full_build(), "register fields");
    assert!(text(&out, csv).contains("Белова Наталья Сергеевна"));
    assert!(text(&out, "organizations/sh-25/index.html").contains("Белова Наталья Сергеевна"));
    assert_ne!(
        text(&out, "organizations/index.html"),
        text(&before, "organizations/index.html"),
        "the city totals changed"
    );
}

#[test]
fn a_failed_rebuild_does_not_lose_the_other_edits_of_its_burst() {
    // One save breaks a file and changes another; the next save fixes the first only. The
    // second file's change must still be in the site.
    let f = Fixture::new();
    let mut s = f.session();
    let good = break_yaml(&f, P7);
    let e3 = f
        .read(E3)
        .replace("Семинар для наставников номер 3", "Семинар три");
    f.write(E3, &e3);
    let broken = s.rebuild(&Changes::Files(vec![f.path(P7), f.path(E3)]));
    assert!(broken.output.is_none(), "the burst has an error");
    check_edit(&f, &mut s, "fixed after a failed burst", |f| {
        f.write(P7, &good);
        vec![P7]
    });
}

#[test]
fn a_temporary_file_renamed_over_a_page_is_still_incremental() {
    // `sed -i` and many editors write `content/practices/.tmpXXXX` (or `sedXXXX`) and rename
    // it over the page: the watcher names both.
    let f = Fixture::new();
    let mut s = f.session();
    let t = f.read(P7).replace("номер 7", "номер семь");
    f.write(P7, &t);
    let temp = f.path("content/practices/sedAb12Cd");
    let rebuilt = s.rebuild(&Changes::Files(vec![temp, f.path(P7)]));
    assert!(
        rebuilt.incremental,
        "a vanished temporary file changes nothing"
    );
    assert!(rebuilt.output.is_some());
    let out = s.finish().expect("a site to finish").expect("finish");
    assert_same(&out, &f.full_build(), "temporary file");
}

#[test]
fn the_about_page_link_in_every_navigation_follows_its_page() {
    let f = Fixture::new();
    let mut s = f.session();
    // The intros link the about page too; without those links, only the navigation shows it.
    check_edit(&f, &mut s, "intros stop linking the about page", |f| {
        let mut v = replace_in(f, "content/_index.md", "(@/about.md)", "");
        v.extend(replace_in(
            f,
            "content/events/_index.md",
            "(@/about.md)",
            "",
        ));
        v
    });
    check_edit(&f, &mut s, "about page slug", |f| {
        replace_in(
            f,
            "content/about.md",
            "---\ntitle:",
            "---\nslug: o-razdele\ntitle:",
        )
    });
}

#[test]
fn after_a_failed_rebuild_nothing_is_pending_that_cannot_be_made() {
    let f = Fixture::new();
    let mut s = f.session();
    replace_in(&f, E3, "start: 2023-04-04", "start: 2024-11-20");
    assert!(
        s.rebuild(&Changes::Files(vec![f.path(E3)]))
            .output
            .is_some()
    );
    assert!(s.has_pending(), "an event edit remakes the calendar");
    let good = break_yaml(&f, P7);
    assert!(
        s.rebuild(&Changes::Files(vec![f.path(P7)]))
            .output
            .is_none()
    );
    assert!(s.finish().is_none(), "no site to finish from");
    assert!(
        !s.has_pending(),
        "the server must not hold requests for work it cannot do"
    );
    check_edit(&f, &mut s, "fixed", |f| {
        f.write(P7, &good);
        vec![P7]
    });
}

#[test]
fn spellings_of_one_term_that_differ_in_case_share_its_page() {
    let f = Fixture::new();
    let mut s = f.session();
    check_edit(&f, &mut s, "a capitalised topic", |f| {
        replace_in(
            f,
            "content/practices/gen-practice-0.md",
            "topics: [адаптация",
            "topics: [Адаптация",
        )
    });
    let out = f.full_build();
    let term = out
        .bytes(Path::new("topics/adaptatsiya/index.html"))
        .expect("the term page")
        .expect("bytes");
    let term = String::from_utf8(term).expect("UTF-8");
    assert!(
        term.contains("адаптация"),
        "the most used spelling names the term"
    );
}

#[test]
fn an_edit_after_midnight_uses_the_new_date() {
    // The home page's upcoming and past events depend on the date; a server running past
    // midnight must render the next edit with the new one.
    let f = Fixture::new();
    let (day1, day2) = (jiff::civil::date(2023, 4, 3), jiff::civil::date(2023, 4, 5));
    let mut s = Session::new(f.options()).with_today(day1);
    assert!(s.rebuild(&Changes::Everything).output.is_some());
    s.finish().expect("a site").expect("finish");
    s.set_today(day2);
    replace_in(&f, P7, "работают в парах", "работают в тройках");
    let rebuilt = s.rebuild(&Changes::Files(vec![f.path(P7)]));
    assert!(rebuilt.output.is_some());
    let out = s.finish().expect("a site").expect("finish");
    let opts = nastavnik::content::LoadOptions {
        today: Some(day2),
        ..f.options().load_options()
    };
    let site = nastavnik::content::load(&f.root, &opts)
        .site
        .expect("the fixture loads");
    let full = nastavnik::render::render(
        &site,
        Output::new(),
        &nastavnik::progress::Progress::hidden(),
    )
    .expect("renders");
    assert_same(&out, &full, "the day after");
}

const ROADMAP: &str = "content/roadmaps/dorozhnaya-karta-2022-2024.md";
const CONFERENCE: &str = "content/events/2024-10-konferentsiya-po-nastavnichestvu.md";

/// A measure's status shows on the roadmap, its list, the home page, the organizations'
/// pages and the calendar's deadlines; an event's `measure` on the event and as the measure's
/// evidence.
#[test]
fn roadmap_and_event_measure_edits() {
    let f = Fixture::new();
    let mut s = f.session();
    check_edit(&f, &mut s, "a measure's status changes", |f| {
        replace_in(f, ROADMAP, "status: в работе\n", "status: выполнено\n")
    });
    check_edit(&f, &mut s, "a yearly status changes", |f| {
        replace_in(f, ROADMAP, "2024: в работе}", "2024: выполнено частично}")
    });
    check_edit(&f, &mut s, "an event's measure changes", |f| {
        replace_in(
            f,
            CONFERENCE,
            "dorozhnaya-karta-2022-2024.md#3.8",
            "dorozhnaya-karta-2022-2024.md#3.7",
        )
    });
    check_edit(&f, &mut s, "an event gets a measure", |f| {
        replace_in(
            f,
            E3,
            "format: семинар\n",
            "format: семинар\nmeasure: \"@/roadmaps/dorozhnaya-karta-2022-2024.md#2.4\"\n",
        )
    });
    check_edit(&f, &mut s, "an event loses its measure", |f| {
        replace_in(
            f,
            E3,
            "measure: \"@/roadmaps/dorozhnaya-karta-2022-2024.md#2.4\"\n",
            "",
        )
    });
    check_edit(&f, &mut s, "an event joins the conference's measure", |f| {
        replace_in(
            f,
            E3,
            "format: семинар\n",
            "format: семинар\nmeasure: \"@/roadmaps/dorozhnaya-karta-2022-2024.md#3.7\"\n",
        )
    });
    // Edits that keep the measure (the dev server's fast path): the roadmap shows the event,
    // and orders a measure's events by date.
    check_edit(&f, &mut s, "an event of a measure retitled", |f| {
        replace_in(
            f,
            E3,
            "title: Семинар для наставников номер 3",
            "title: Семинар «Старт»",
        )
    });
    check_edit(
        &f,
        &mut s,
        "an event of a measure moves past the conference",
        |f| replace_in(f, E3, "start: 2023-04-04", "start: 2025-01-15"),
    );
    check_edit(&f, &mut s, "and back before it", |f| {
        replace_in(f, E3, "start: 2025-01-15", "start: 2023-04-04")
    });
    // The roadmap's page names the order that approved it.
    check_edit(&f, &mut s, "the approving order retitled", |f| {
        replace_in(
            f,
            "content/orders/prikaz-633-2022.md",
            "title: Об утверждении",
            "title: О новой редакции",
        )
    });
}

const CONTEST: &str = "content/contests/gorodskoy-konkurs-nastavnikov-2024.md";
const CONTEST_2023: &str = "content/contests/gorodskoy-konkurs-nastavnikov-2023.md";
const WINNER: &str = "content/practices/gimnaziya-1-klub-molodogo-pedagoga.md";
const FINAL: &str = "content/events/2024-03-28-final-konkursa-nastavnikov.md";

/// A contest's page, its winners' practices and organizations, and the calendar's deadlines
/// and stages follow every edit of the contest and of the pages it names.
#[test]
fn contest_edits() {
    let f = Fixture::new();
    let mut s = f.session();
    check_edit(&f, &mut s, "a result's place changes", |f| {
        replace_in(
            f,
            CONTEST,
            "  - place: 1\n    nomination: Лучшая практика наставничества\n    organization: gimnaziya-1",
            "  - place: 3\n    nomination: Лучшая практика наставничества\n    organization: gimnaziya-1",
        )
    });
    check_edit(&f, &mut s, "a result names another organization", |f| {
        replace_in(f, CONTEST, "organization: sh-25", "organization: sh-16")
    });
    check_edit(&f, &mut s, "a winning practice's title changes", |f| {
        replace_in(
            f,
            WINNER,
            "title: Клуб молодого педагога гимназии",
            "title: Клуб молодого учителя гимназии",
        )
    });
    check_edit(&f, &mut s, "the application deadline moves", |f| {
        replace_in(f, CONTEST, "to: 2024-03-11", "to: 2024-03-14")
    });
    check_edit(&f, &mut s, "a stage's dates move", |f| {
        replace_in(f, CONTEST_2023, "end: 2023-03-24", "end: 2023-03-27")
    });
    check_edit(&f, &mut s, "the final stage's event moves", |f| {
        replace_in(
            f,
            FINAL,
            "start: 2024-03-28 14:00",
            "start: 2024-04-02 14:00",
        )
    });
    check_edit(&f, &mut s, "participants are allowed", |f| {
        replace_in(
            f,
            CONTEST,
            "participants: Орлова Н.В., Фомин К.Р.",
            "participants: Орлова Н.В., Фомин К.Р.\n    participants_consent: true",
        )
    });
    check_edit(&f, &mut s, "a past event gets results", |f| {
        replace_in(
            f,
            E3,
            "format: семинар\n",
            "format: семинар\nparticipants: 12\nresults: Обсудили планы наставнических пар.\n",
        )
    });
}

#[test]
fn document_edits_regroup_relabel_and_replace() {
    let f = Fixture::new();
    let mut s = f.session();
    const UKAZ: &str = "content/orders/ukaz-204-2018.md";
    const P235: &str = "content/orders/prikaz-235-od-2022.md";
    const TEMPLATE: &str = "content/orders/obrazets-anketa-nastavnika/index.md";
    check_edit(
        &f,
        &mut s,
        "a document's level moves it to another group",
        |f| replace_in(f, UKAZ, "level: федеральный", "level: региональный"),
    );
    check_edit(&f, &mut s, "a document's kind changes its label", |f| {
        replace_in(f, UKAZ, "kind: указ", "kind: постановление")
    });
    // Only the new document changes: the old one's card must still say «утратил силу».
    check_edit(
        &f,
        &mut s,
        "a replacement stated on the new document",
        |f| {
            replace_in(
                f,
                "content/orders/prikaz-933-od-2022.md",
                "level: региональный",
                "level: региональный\nreplaces: prikaz-235-od-2022",
            )
        },
    );
    check_edit(&f, &mut s, "the replacement withdrawn", |f| {
        replace_in(
            f,
            "content/orders/prikaz-933-od-2022.md",
            "replaces: prikaz-235-od-2022\n",
            "",
        )
    });
    check_edit(
        &f,
        &mut s,
        "a replacement stated on the old document",
        |f| {
            replace_in(
                f,
                P235,
                "level: региональный",
                "level: региональный\nreplaced_by: prikaz-933-od-2022",
            )
        },
    );
    check_edit(&f, &mut s, "a template's note on the templates page", |f| {
        replace_in(f, TEMPLATE, "Раздайте анкету", "Предложите анкету")
    });
    check_edit(&f, &mut s, "a document becomes a template's sibling", |f| {
        replace_in(f, UKAZ, "kind: постановление", "kind: указ")
    });
}

const SOKOLOVA: &str = "content/mentors/sokolova-elena-viktorovna/index.md";
const KUZNETSOV: &str = "content/mentors/kuznetsov-dmitriy-olegovich.md";

/// The files of `out` that mention `needle` (text files).
fn mentioning(out: &Output, needle: &str) -> Vec<PathBuf> {
    out.iter()
        .filter(|(_, c)| String::from_utf8_lossy(&bytes_of(c)).contains(needle))
        .map(|(p, _)| p.to_path_buf())
        .collect()
}

/// A mentor's edits in the dev server: a field, a field taken out of the consent, and a
/// consent withdrawn, which must take the mentor's page, photo and every mention off the
/// served site at once, exactly as a full build of the edited site would.
#[test]
fn mentor_edits_and_a_withdrawn_consent() {
    let f = Fixture::new();
    let mut s = f.session();
    check_edit(&f, &mut s, "a mentor's position changes", |f| {
        replace_in(
            f,
            SOKOLOVA,
            "position: учитель русского языка и литературы",
            "position: учитель русского языка",
        )
    });
    check_edit(&f, &mut s, "events taken out of a consent", |f| {
        replace_in(
            f,
            KUZNETSOV,
            "fields: [name, organization, position, subjects, level, events]",
            "fields: [name, organization, position, subjects, level]",
        )
    });
    check_edit(&f, &mut s, "a consent withdrawn", |f| {
        replace_in(
            f,
            SOKOLOVA,
            "  until: 2027-08-31\n",
            "  until: 2027-08-31\n  withdrawn: 2023-01-01\n",
        )
    });
    let out = s.finish().expect("a site").expect("finish");
    for needle in ["Соколова", "sokolova", "sokolova.ev"] {
        let found = mentioning(&out, needle);
        assert!(found.is_empty(), "«{needle}» is still served in {found:?}");
    }
    assert!(
        out.paths()
            .all(|p| !p.starts_with("mentors/sokolova-elena-viktorovna")),
        "the withdrawn mentor's files are still served"
    );
    // Given back, the mentor returns.
    check_edit(&f, &mut s, "a consent given again", |f| {
        replace_in(f, SOKOLOVA, "  withdrawn: 2023-01-01\n", "")
    });
}

/// A consent that ends while the server runs: the next edit after that day takes the mentor
/// off, as a full build of that day does.
#[test]
fn a_consent_that_expires_while_the_server_runs() {
    let f = Fixture::new();
    let (before, after) = (
        jiff::civil::date(2026, 6, 30),
        jiff::civil::date(2026, 7, 1),
    );
    let mut s = Session::new(f.options()).with_today(before);
    assert!(s.rebuild(&Changes::Everything).output.is_some());
    let out = s.finish().expect("a site").expect("finish");
    assert!(
        !mentioning(&out, "Белова").is_empty(),
        "in force on its last day"
    );
    s.set_today(after);
    replace_in(&f, P7, "работают в парах", "работают в тройках");
    let rebuilt = s.rebuild(&Changes::Files(vec![f.path(P7)]));
    assert!(rebuilt.output.is_some());
    let out = s.finish().expect("a site").expect("finish");
    assert!(
        mentioning(&out, "Белова").is_empty(),
        "expired the day after"
    );
    let opts = nastavnik::content::LoadOptions {
        today: Some(after),
        ..f.options().load_options()
    };
    let site = nastavnik::content::load(&f.root, &opts)
        .site
        .expect("the fixture loads");
    let full = nastavnik::render::render(
        &site,
        Output::new(),
        &nastavnik::progress::Progress::hidden(),
    )
    .expect("renders");
    assert_same(&out, &full, "the day after the consent ended");
}
