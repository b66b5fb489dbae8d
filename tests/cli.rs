//! The command line as editors use it: `build`, `check` and `init` on small sites in temporary
//! folders, through the real binary.

mod common;

use std::fs;
use std::path::Path;

use common::{ORDER, SITE_YAML, Snapshot, TestSite, entries_under, files_under, nastavnik, tree};

/// Standard output, with no-break spaces (Russian typography in counts) made plain.
fn stdout_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone())
        .expect("stdout is UTF-8")
        .replace('\u{a0}', " ")
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).expect("stderr is UTF-8")
}

/// Every HTML file of an output folder with its text.
fn html_files(out: &Path) -> Vec<(String, String)> {
    files_under(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let text = fs::read_to_string(out.join(&p)).expect("HTML is UTF-8");
            (p.to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// Values of `attr="…"` attributes in an HTML text.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

const DRAFT: &str = "content/practices/chernovaya-praktika.md";
const DRAFT_TEXT: &str = "---\ntitle: Черновая практика ЧЕРНОВИКZZ\nsummary: Ещё не готово ЧЕРНОВИКZZ.\norganizations: [sh-40]\ntopics: [тема-черновика-zz]\ndraft: true\n---\nТекст черновика ЧЕРНОВИКZZ.\n";

// --- build -----------------------------------------------------------------------------------

#[test]
fn build_writes_the_site_into_public_by_default() {
    let site = TestSite::new();
    let assert = site.command("build").assert().success();
    let stdout = stdout_of(&assert);
    assert!(stdout.starts_with("Сайт собран: "), "{stdout}");
    assert!(stdout.contains(" страниц"), "{stdout}");
    assert!(stdout.contains("public"), "{stdout}");
    assert!(stderr_of(&assert).is_empty(), "{}", stderr_of(&assert));
    let out = site.root().join("public");
    for file in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "events/2022-10-10-sobranie/index.html",
        "practices/shkola-4/index.html",
        "orders/prikaz-633/index.html",
        "about/index.html",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    // The counts in the summary line are the real ones: the site's files, without the marker
    // that says the folder is nastavnik's.
    assert!(out.join(".nastavnik-output").is_file());
    let files = files_under(&out).len() - 1;
    let pages = html_files(&out).len();
    assert!(
        stdout.contains(&format!("{pages} страниц")) && stdout.contains(&format!("всего {files} ")),
        "{pages} pages, {files} files: {stdout}"
    );
    let page = fs::read_to_string(out.join("events/2022-10-10-sobranie/index.html")).unwrap();
    assert!(page.contains("Организационное собрание"));
    assert!(page.contains("<html lang=\"ru\""), "{page}");
}

#[test]
fn build_into_an_output_folder_elsewhere() {
    let site = TestSite::new();
    let elsewhere = site.base().join("deploy/nested/nastavnichestvo");
    site.command("build")
        .arg("--output")
        .arg(&elsewhere)
        .assert()
        .success();
    assert!(elsewhere.join("index.html").is_file());
    assert!(!site.root().join("public").exists());
    // Nothing but the output is left beside it (no staging folders).
    assert_eq!(
        names_in(&site.base().join("deploy/nested")),
        ["nastavnichestvo"]
    );
}

/// Names of the entries directly in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn rebuild_replaces_the_previous_build() {
    let site = TestSite::new();
    site.build_cmd().assert().success();
    assert!(site.out().join("about/index.html").is_file());
    site.remove(common::ABOUT);
    site.build_cmd().assert().success();
    assert!(!site.out().join("about").exists());
    assert!(site.out().join("index.html").is_file());
    // The build replaced is kept beside, hidden, for the next rebuild to write into.
    assert_eq!(
        names_in(site.base()),
        [".public.previous", "public", "site"]
    );
    let kept = site.base().join(".public.previous");
    assert!(kept.join("about/index.html").is_file());
    // The next rebuild writes into it: the page is back, and the kept build is the one
    // without it.
    site.write(common::ABOUT, common::ABOUT_TEXT);
    site.build_cmd().assert().success();
    assert!(site.out().join("about/index.html").is_file());
    assert!(!kept.join("about").exists());
    assert_eq!(
        names_in(site.base()),
        [".public.previous", "public", "site"]
    );
}

#[test]
fn base_url_option_prefixes_every_internal_link() {
    let site = TestSite::new();
    site.write(
        SITE_YAML,
        &common::SITE_YAML_TEXT.replace(
            "https://example.org/metod/nastavnichestvo/",
            "https://old.example.org/",
        ),
    );
    site.build_cmd()
        .arg("--base-url")
        .arg("https://example.org/metod/nastavnichestvo/")
        .assert()
        .success();
    let prefix = "/metod/nastavnichestvo/";
    let mut checked = 0;
    for (file, html) in html_files(&site.out()) {
        for attr in ["href", "src", "action"] {
            for value in attr_values(&html, attr) {
                if value.starts_with('/') {
                    assert!(
                        value.starts_with(prefix),
                        "{file}: {attr}=\"{value}\" does not start with {prefix}"
                    );
                    checked += 1;
                }
                assert!(
                    !value.contains("old.example.org"),
                    "{file}: {attr}=\"{value}\" uses base_url from site.yaml"
                );
            }
        }
    }
    assert!(checked > 50, "too few internal links checked: {checked}");
    let sitemap = site.read_out("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://example.org/metod/nastavnichestvo/events/2022-10-10-sobranie/</loc>"
        ),
        "{sitemap}"
    );
    assert!(!sitemap.contains("old.example.org"), "{sitemap}");
    assert!(!site.read_out("atom.xml").contains("old.example.org"));
    assert!(!site.read_out("robots.txt").contains("old.example.org"));
}

#[test]
fn without_base_url_option_links_follow_site_yaml() {
    let site = TestSite::new();
    site.write(
        SITE_YAML,
        &common::SITE_YAML_TEXT.replace(
            "https://example.org/metod/nastavnichestvo/",
            "https://example.org/",
        ),
    );
    site.build_cmd().assert().success();
    let index = site.read_out("index.html");
    assert!(index.contains("href=\"/events/\""), "{index}");
    assert!(!index.contains("/metod/"));
}

#[test]
fn every_link_has_a_target() {
    let site = TestSite::new();
    site.write(
        ORDER,
        "---\ntitle: Об утверждении дорожной карты\nnumber: \"633\"\ndate: 2022-12-26\nlevel: муниципальный\n---\nТекст.\n",
    );
    site.build_cmd().assert().success();
    for (file, html) in html_files(&site.out()) {
        for value in attr_values(&html, "href") {
            assert!(!value.is_empty(), "{file}: href=\"\"");
        }
    }
}

// --- drafts ----------------------------------------------------------------------------------

#[test]
fn drafts_are_left_out_of_every_output_file() {
    let site = TestSite::new();
    site.write(DRAFT, DRAFT_TEXT);
    let assert = site.build_cmd().assert().success();
    assert!(!stdout_of(&assert).contains("--drafts"));
    let out = tree(&site.out());
    assert!(out.contains_key(Path::new("sitemap.xml")));
    assert!(out.contains_key(Path::new("atom.xml")));
    for (path, bytes) in &out {
        let text = String::from_utf8_lossy(bytes);
        for marker in ["ЧЕРНОВИКZZ", "chernovaya-praktika", "tema-chernovika-zz"] {
            assert!(
                !text.contains(marker),
                "the draft ({marker}) leaked into {}",
                path.display()
            );
        }
    }
}

#[test]
fn drafts_option_includes_drafts_and_warns() {
    let site = TestSite::new();
    site.write(DRAFT, DRAFT_TEXT);
    let assert = site.build_cmd().arg("--drafts").assert().success();
    let stdout = stdout_of(&assert);
    assert!(stdout.contains("черновики"), "{stdout}");
    assert!(stdout.contains("не публикуйте"), "{stdout}");
    let page = site.read_out("practices/chernovaya-praktika/index.html");
    assert!(page.contains("Черновая практика ЧЕРНОВИКZZ"), "{page}");
    assert!(
        site.read_out("practices/index.html")
            .contains("chernovaya-praktika"),
    );
}

// --- check -----------------------------------------------------------------------------------

#[test]
fn check_of_a_good_site_writes_nothing_and_succeeds() {
    let site = TestSite::new();
    let before = entries_under(site.base());
    let assert = site.command("check").assert().success();
    let stdout = stdout_of(&assert);
    assert!(stdout.contains("Ошибок нет"), "{stdout}");
    assert!(stderr_of(&assert).is_empty());
    assert_eq!(before, entries_under(site.base()));
}

#[test]
fn check_of_a_broken_site_fails_and_writes_nothing() {
    let site = TestSite::new();
    let published = site.publish();
    site.write(
        ORDER,
        "---\ntitle: Приказ\nnumber: \"633\"\ndate: 2022-12-32\n---\n",
    );
    let before = entries_under(site.base());
    let assert = site.command("check").assert().code(1);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("ошибка"), "{stderr}");
    assert!(stderr.contains("Найдено: 1 ошибка."), "{stderr}");
    assert!(stdout_of(&assert).is_empty());
    assert_eq!(before, entries_under(site.base()));
    published.assert_unchanged(&site.out());
}

#[test]
fn build_outside_a_site_folder_explains_what_is_missing() {
    let dir = TestSite::empty();
    let assert = nastavnik()
        .current_dir(dir.base())
        .arg("build")
        .assert()
        .code(1);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("site.yaml"), "{stderr}");
    assert!(stderr.contains("nastavnik init"), "{stderr}");
    assert!(entries_under(dir.base()).is_empty(), "nothing is written");
}

// --- init ------------------------------------------------------------------------------------

#[test]
fn init_creates_a_site_that_builds() {
    let dir = TestSite::empty();
    let new_site = dir.base().join("novyy-sayt");
    let assert = nastavnik().arg("init").arg(&new_site).assert().success();
    let stdout = stdout_of(&assert);
    assert!(stdout.contains("Создан новый сайт"), "{stdout}");
    assert!(stdout.contains("nastavnik build --root"), "{stdout}");
    assert!(new_site.join("site.yaml").is_file());
    assert!(new_site.join("content").is_dir());

    nastavnik()
        .arg("check")
        .arg("--root")
        .arg(&new_site)
        .assert()
        .success();
    let assert = nastavnik()
        .arg("build")
        .arg("--root")
        .arg(&new_site)
        .assert()
        .success();
    assert!(
        stderr_of(&assert).is_empty(),
        "the sample has no warnings: {}",
        stderr_of(&assert)
    );
    assert!(new_site.join("public/index.html").is_file());
}

/// What a new site's files point at is there: the guide `site.yaml` and `nastavnik new` name,
/// and the organizations the `new` templates give as examples; every text file ends with a
/// newline, and the next steps name the preview.
#[test]
fn init_sites_have_the_guide_they_point_at_and_valid_examples() {
    let dir = TestSite::empty();
    let new_site = dir.base().join("sayt");
    let assert = nastavnik().arg("init").arg(&new_site).assert().success();
    assert!(
        stdout_of(&assert).contains("nastavnik serve --root"),
        "{}",
        stdout_of(&assert)
    );
    let site_yaml = fs::read_to_string(new_site.join("site.yaml")).unwrap();
    assert!(site_yaml.contains("docs/content-format.md"), "{site_yaml}");
    let guide = fs::read_to_string(new_site.join("docs/content-format.md")).unwrap();
    assert!(guide.starts_with("# Как оформлять материалы"), "{guide}");
    assert!(new_site.join("docs/editing.md").is_file());
    for file in files_under(&new_site) {
        let bytes = fs::read(new_site.join(&file)).unwrap();
        assert_eq!(
            bytes.last(),
            Some(&b'\n'),
            "{} lacks a final newline",
            file.display()
        );
    }
    // The event template's organizations, uncommented, are organizations of this site.
    nastavnik()
        .args([
            "new",
            "event",
            "Семинар наставников",
            "--date",
            "2030-11-11",
            "--root",
        ])
        .arg(&new_site)
        .assert()
        .success();
    let path = new_site.join("content/events/2030-11-11-seminar-nastavnikov.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.contains("# organizations: [sh-1]\n"), "{text}");
    fs::write(
        &path,
        text.replace("# organizations: [sh-1]", "organizations: [sh-1]"),
    )
    .unwrap();
    nastavnik()
        .arg("check")
        .arg("--root")
        .arg(&new_site)
        .assert()
        .success();
}

#[test]
fn init_accepts_an_existing_empty_folder() {
    let dir = TestSite::empty();
    nastavnik().arg("init").arg(dir.base()).assert().success();
    assert!(dir.base().join("site.yaml").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = TestSite::empty();
    fs::write(dir.base().join("заметки.txt"), "важное").unwrap();
    let before = Snapshot::take(dir.base());
    let assert = nastavnik().arg("init").arg(dir.base()).assert().code(1);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("не пуста"), "{stderr}");
    assert!(stdout_of(&assert).is_empty());
    before.assert_unchanged(dir.base());
}

// --- output folder safety --------------------------------------------------------------------

#[test]
fn build_refuses_an_output_folder_that_is_not_a_site() {
    let site = TestSite::new();
    let out = site.out();
    fs::create_dir_all(out.join("Документы")).unwrap();
    fs::write(out.join("диплом.docx"), "не трогать").unwrap();
    fs::write(out.join("Документы/план.pdf"), "%PDF").unwrap();
    let before = Snapshot::take(&out);
    let assert = site.build_cmd().assert().code(1);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("создана не nastavnik"), "{stderr}");
    assert!(
        stderr.contains("Опубликованный сайт не изменён"),
        "{stderr}"
    );
    assert!(stdout_of(&assert).is_empty());
    before.assert_unchanged(&out);
    // No staging folder is left beside it.
    assert_eq!(names_in(site.base()), ["public", "site"]);
}

#[test]
fn build_refuses_to_write_over_the_site_folder() {
    let site = TestSite::new();
    let before = Snapshot::take(&site.root());
    let assert = site
        .command("build")
        .arg("--output")
        .arg(site.root())
        .assert()
        .code(1);
    assert!(stdout_of(&assert).is_empty());
    before.assert_unchanged(&site.root());
}

/// The reported case, as typed: a web root holding an `index.html`, another application and
/// the site's own sources; `build --output` that web root must refuse and touch nothing.
#[test]
fn build_refuses_a_web_root_that_holds_the_site_and_another_application() {
    let site = TestSite::new();
    let www = site.base().join("www");
    fs::create_dir_all(www.join("other-app")).unwrap();
    fs::write(www.join("index.html"), "hi").unwrap();
    fs::write(www.join("other-app/config.php"), "x").unwrap();
    let src = www.join("src");
    let copy = nastavnik()
        .arg("init")
        .arg(&src)
        .current_dir(site.base())
        .assert();
    copy.success();
    let before = Snapshot::take(&www);
    let assert = site
        .cmd()
        .arg("build")
        .arg("--root")
        .arg(&src)
        .arg("--output")
        .arg(&www)
        .assert()
        .code(1);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("содержит папку сайта"), "{stderr}");
    assert!(!stdout_of(&assert).contains("Сайт собран"));
    before.assert_unchanged(&www);
    // The same web root without the sources inside: still not ours, still refused.
    let elsewhere = site.base().join("www2");
    fs::create_dir_all(elsewhere.join("other-app")).unwrap();
    fs::write(elsewhere.join("index.html"), "hi").unwrap();
    fs::write(elsewhere.join("other-app/config.php"), "x").unwrap();
    let before = Snapshot::take(&elsewhere);
    let assert = site
        .command("build")
        .arg("--output")
        .arg(&elsewhere)
        .assert()
        .code(1);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("создана не nastavnik"), "{stderr}");
    before.assert_unchanged(&elsewhere);
    assert_eq!(names_in(site.base()), ["site", "www", "www2"]);
}

/// A folder `build` made is its own: the next build replaces it, and a folder the editor made
/// empty for it is taken too.
#[test]
fn build_replaces_its_own_output_and_an_empty_folder() {
    let site = TestSite::new();
    let out = site.out();
    fs::create_dir_all(&out).unwrap();
    site.build_cmd().assert().success();
    assert!(out.join(".nastavnik-output").is_file());
    fs::write(out.join("stale.html"), "old").unwrap();
    site.build_cmd().assert().success();
    assert!(!out.join("stale.html").exists());
}

// --- reproducibility -------------------------------------------------------------------------

#[test]
fn same_input_and_date_give_byte_identical_output() {
    let site = TestSite::new();
    let a = site.base().join("a");
    let b = site.base().join("b");
    for out in [&a, &b] {
        site.command("build")
            .arg("--output")
            .arg(out)
            .assert()
            .success();
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 20);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{} differs", path.display());
    }
}

#[test]
fn the_site_folder_location_does_not_leak_into_output() {
    let one = TestSite::new();
    let two = TestSite::new();
    one.build_cmd().assert().success();
    two.build_cmd().assert().success();
    let (ta, tb) = (tree(&one.out()), tree(&two.out()));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{} differs", path.display());
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(&*one.base().to_string_lossy()),
            "{} contains the local path",
            path.display()
        );
    }
}

#[test]
fn build_date_comes_from_source_date_epoch() {
    let site = TestSite::new();
    let a = site.base().join("a");
    let b = site.base().join("b");
    // 2022-10-01 and 2022-11-01: the event of 2022-10-10 is upcoming in one and past in the
    // other, which the home page shows.
    for (out, epoch) in [(&a, "1664582400"), (&b, "1667260800")] {
        site.cmd()
            .env("SOURCE_DATE_EPOCH", epoch)
            .arg("build")
            .arg("--root")
            .arg(site.root())
            .arg("--output")
            .arg(out)
            .assert()
            .success();
    }
    assert_ne!(
        fs::read(a.join("index.html")).unwrap(),
        fs::read(b.join("index.html")).unwrap(),
        "the build date must matter for upcoming and past events"
    );
}

// --- help ------------------------------------------------------------------------------------

#[test]
fn help_describes_the_commands_in_russian() {
    let assert = nastavnik().arg("--help").assert().success();
    let help = stdout_of(&assert);
    for part in [
        "Генератор сайта раздела «Наставничество»",
        "Собрать сайт",
        "Проверить сайт",
        "Создать новый сайт",
    ] {
        assert!(help.contains(part), "«{part}» missing in:\n{help}");
    }
    let assert = nastavnik().args(["build", "--help"]).assert().success();
    let help = stdout_of(&assert);
    for part in ["Папка сайта", "Папка вывода", "черновики", "--base-url"]
    {
        assert!(help.contains(part), "«{part}» missing in:\n{help}");
    }
}

/// The description `--help` gives an option (the text after the option and its value name), or
/// `None` when the command has no such option.
fn option_help<'a>(help: &'a str, option: &str) -> Option<&'a str> {
    help.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix(option)?;
        let rest = rest.strip_prefix(' ')?.trim_start();
        let rest = match rest.strip_prefix('<') {
            Some(value) => value.split_once('>')?.1.trim_start(),
            None => rest,
        };
        Some(rest)
    })
}

/// `--root` and `--drafts` are declared once and shared: each command still lists exactly the
/// options it had, and `serve` words `--drafts` for a preview, without the build's warning.
#[test]
fn shared_options_keep_each_commands_set_and_wording() {
    let help = |args: &[&str]| stdout_of(&nastavnik().args(args).assert().success());
    let root = Some("Папка сайта, где лежит site.yaml (по умолчанию текущая)");
    for args in [
        &["build", "--help"][..],
        &["check", "--help"][..],
        &["serve", "--help"][..],
        &["new", "--help"][..],
        &["import", "plan", "--help"][..],
    ] {
        let text = help(args);
        assert_eq!(option_help(&text, "--root"), root, "{args:?}:\n{text}");
        let drafts = match args[0] {
            "build" | "check" => Some("Включить черновики (только для предпросмотра!)"),
            "serve" => Some("Показывать и черновики"),
            _ => None,
        };
        assert_eq!(option_help(&text, "--drafts"), drafts, "{args:?}:\n{text}");
        let base_url = match args[0] {
            "build" | "check" => Some("Адрес сайта вместо base_url из site.yaml"),
            _ => None,
        };
        assert_eq!(
            option_help(&text, "--base-url"),
            base_url,
            "{args:?}:\n{text}"
        );
    }
}

#[test]
fn help_has_no_english_boilerplate() {
    for args in [
        &["--help"][..],
        &["build", "--help"][..],
        &["init", "--help"][..],
    ] {
        let assert = nastavnik().args(args).assert().success();
        let help = stdout_of(&assert);
        for english in [
            "Usage:",
            "Commands:",
            "Options:",
            "Arguments:",
            "Print help",
            "Print version",
            "[OPTIONS]",
        ] {
            assert!(!help.contains(english), "«{english}» in {args:?}:\n{help}");
        }
    }
}

/// clap's own error messages are English; the binary prints them in Russian, with the usage
/// line and where to read more, and keeps clap's exit status 2.
#[test]
fn command_line_mistakes_are_reported_in_russian() {
    for (args, first_line) in [
        (
            &["build", "--bogus"][..],
            "ошибка: неизвестный параметр «--bogus»",
        ),
        (&["bild"][..], "ошибка: неизвестная команда «bild»"),
        (
            &["serve", "--port", "x"][..],
            "ошибка: недопустимое значение «x» у --port <ПОРТ>: нужно целое число",
        ),
    ] {
        let assert = nastavnik().args(args).assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert_eq!(
            stderr.lines().next(),
            Some(first_line),
            "{args:?}:\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("Подробнее: nastavnik {} --help", args[0]))
                || stderr.contains("Подробнее: nastavnik --help"),
            "{args:?}:\n{stderr}"
        );
        for english in ["error:", "Usage", "tip:", "For more information"] {
            assert!(
                !stderr.contains(english),
                "«{english}» in {args:?}:\n{stderr}"
            );
        }
    }
}

#[test]
fn unknown_command_fails_without_touching_anything() {
    let dir = TestSite::empty();
    nastavnik()
        .current_dir(dir.base())
        .arg("publish")
        .assert()
        .failure();
    assert!(entries_under(dir.base()).is_empty());
}

/// The progress bar never reaches a pipe or a log, even when the build outlasts its delay (set
/// to 0 here); on a terminal (a pseudo-terminal from util-linux's `script`, when present) the
/// same build does draw it, which shows the first half is not passing by accident.
#[test]
fn build_through_a_pipe_has_no_progress_bar() {
    let site = TestSite::new();
    let assert = site
        .build_cmd()
        .env("NASTAVNIK_PROGRESS_DELAY_MS", "0")
        .env_remove("CI")
        .env_remove("NASTAVNIK_TIMINGS")
        .env("TERM", "xterm")
        .assert()
        .success();
    let (out, err) = (stdout_of(&assert), stderr_of(&assert));
    for text in [&out, &err] {
        assert!(!text.contains('\u{1b}'), "an escape code: {text:?}");
        assert!(!text.contains('\r'), "a carriage return: {text:?}");
        assert!(!text.contains("Страницы"), "a progress label: {text:?}");
    }
    assert!(out.starts_with("Сайт собран: "), "{out}");
    assert_eq!(err, "");

    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("SKIPPED the terminal half: no `script` (util-linux) to make a pseudo-terminal");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("nastavnik");
    let line = format!(
        "'{}' build --root '{}' --output '{}'",
        bin.display(),
        site.root().display(),
        site.base().join("tty-out").display()
    );
    let tty = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("NASTAVNIK_PROGRESS_DELAY_MS", "0")
        .env_remove("CI")
        .env_remove("NASTAVNIK_TIMINGS")
        .env("TERM", "xterm")
        .env("SOURCE_DATE_EPOCH", common::EPOCH)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run script");
    let shown = String::from_utf8_lossy(&tty.stdout);
    assert!(tty.status.success(), "{shown}");
    assert!(shown.contains("Сайт собран: "), "{shown}");
    assert!(
        shown.contains("Чтение файлов") && shown.contains("\u{1b}[2K"),
        "no bar on a terminal: {shown:?}"
    );
}

// --- serve -----------------------------------------------------------------------------------

/// `serve` stops at once on SIGTERM (a service manager, `timeout`, a terminal closing), even
/// with a page's long poll waiting and a client in the middle of its request.
#[cfg(unix)]
#[test]
fn serve_stops_at_once_on_sigterm() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let site = TestSite::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_nastavnik"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nastavnik serve");
    let stdout = child.stdout.take().expect("stdout");
    let url = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("Сайт открыт по адресу ").map(str::to_owned))
        .expect("serve says its address");
    let addr = url
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut poll = std::net::TcpStream::connect(&addr).expect("connect");
    poll.write_all(b"GET /__nastavnik/poll?v=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("send a long poll");
    let mut partial = std::net::TcpStream::connect(&addr).expect("connect");
    partial
        .write_all(b"GET / HTTP/1.1\r\n")
        .expect("send half a request");
    std::thread::sleep(Duration::from_millis(200));
    let pid = i32::try_from(child.id()).expect("a pid");
    let start = Instant::now();
    // SAFETY: sends a signal to the child this test started and has not yet reaped.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let deadline = start + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for serve") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve did not stop within 5 s of SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = start.elapsed();
    assert!(
        took < Duration::from_millis(500),
        "serve took {took:?} to stop"
    );
    drop((poll, partial, status));
}

// --- README ----------------------------------------------------------------------------------

/// The shell lines of the README's «Quick start» (up to its «Tests»), without comments.
fn quick_start_commands() -> Vec<String> {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme
        .find("## Quick start")
        .expect("a Quick start section");
    let section = &readme[start..];
    let section = &section[..section.find("### Tests").expect("a Tests part")];
    let mut commands = Vec::new();
    let mut in_code = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            let command = line.split(" #").next().unwrap_or_default().trim();
            if !command.is_empty() {
                commands.push(command.to_owned());
            }
        }
    }
    commands
}

/// One GET over a fresh connection; the status line and the body.
fn http_get(addr: &str, path: &str) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).expect("read");
    let split = reply
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&reply[..split]).into_owned();
    let status = head.lines().next().unwrap_or_default().to_owned();
    (status, reply[split + 4..].to_vec())
}

/// Root-relative `href`/`src` values of a page (links, stylesheets, scripts).
fn local_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    // A space before the attribute: not `l.href="…"` inside an inline script.
    for attr in [" href=\"/", " src=\""] {
        for part in html.split(attr).skip(1) {
            let value = part.split('"').next().unwrap_or_default();
            let value = if attr == " src=\"" {
                if !value.starts_with('/') {
                    continue;
                }
                value.to_owned()
            } else {
                format!("/{value}")
            };
            let value = value
                .split(['#', '?'])
                .next()
                .unwrap_or_default()
                .to_owned();
            links.push(value);
        }
    }
    links
}

/// The README's Quick start, typed literally in a copy of this repository's site: every
/// command runs (the test's binary stands for the one `cargo run --release` builds), `serve`
/// answers with a styled page, the publishing build fills `public/`, and the local copy for the static
/// server is a separate folder whose every link and stylesheet resolves as `http.server`
/// resolves them.
#[test]
fn readme_quick_start_works_as_written() {
    let commands = quick_start_commands();
    assert_eq!(
        commands.first().map(String::as_str),
        Some("cargo run --release -- build"),
        "the README's first command builds the example site"
    );
    let tmp = TestSite::empty();
    let clone = tmp.base().join("clone");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in ["site.yaml", "content", "data", "static", "templates"] {
        let from = repo.join(entry);
        if from.is_file() {
            fs::create_dir_all(&clone).unwrap();
            fs::copy(&from, clone.join(entry)).unwrap();
        } else if from.is_dir() {
            for file in files_under(&from) {
                let to = clone.join(entry).join(&file);
                fs::create_dir_all(to.parent().unwrap()).unwrap();
                fs::copy(from.join(&file), to).unwrap();
            }
        }
    }
    let mut built_for: Option<(String, String)> = None;
    let mut served_static = false;
    let mut served_live = false;
    for command in &commands {
        let words: Vec<&str> = command.split_whitespace().collect();
        // `cargo run --release -- ARGS` is the program with ARGS.
        let words = match words[..] {
            ["cargo", "run", "--release", "--", ref args @ ..] => {
                [&["target/release/nastavnik"][..], args].concat()
            }
            _ => words,
        };
        match words[..] {
            ["target/release/nastavnik", "serve", ref rest @ ..] => {
                assert!(rest.iter().all(|a| *a == "--open"), "{command}");
                live_preview_answers(&clone);
                served_live = true;
            }
            ["target/release/nastavnik", ref args @ ..] => {
                nastavnik()
                    .current_dir(&clone)
                    .args(args)
                    .assert()
                    .success();
                if let Some(at) = args.iter().position(|a| *a == "--output") {
                    let base = args
                        .iter()
                        .position(|a| *a == "--base-url")
                        .map(|i| args[i + 1].to_owned())
                        .expect("a local build names its address");
                    built_for = Some((args[at + 1].to_owned(), base));
                } else {
                    assert!(clone.join("public/index.html").is_file(), "{command}");
                }
            }
            ["python3", "-m", "http.server", port, "-d", folder] => {
                let (built, base) = built_for.clone().expect("a build before the server");
                assert_eq!(built, folder, "the server serves the folder just built");
                assert_eq!(base, format!("http://localhost:{port}/"));
                let root = clone.join(folder);
                for page in ["index.html", "calendar/index.html", "practices/index.html"] {
                    let html = fs::read_to_string(root.join(page)).expect(page);
                    assert!(html.contains("rel=\"stylesheet\""), "{page}");
                    for link in local_links(&html) {
                        let rel = link.trim_start_matches('/');
                        let path = root.join(rel);
                        let found = if link.ends_with('/') {
                            path.join("index.html").is_file()
                        } else {
                            path.is_file() || path.join("index.html").is_file()
                        };
                        assert!(found, "{page}: {link} is not in {folder}");
                    }
                }
                served_static = true;
            }
            _ => panic!("a Quick start line this test does not know: {command}"),
        }
    }
    assert!(served_live && served_static, "{commands:?}");
    // The publishing build's folder was left alone by the local one.
    let public = fs::read_to_string(clone.join("public/index.html")).unwrap();
    assert!(
        public.contains("/metod/nastavnichestvo/"),
        "public/ was rebuilt for localhost"
    );
}

/// `serve` in the copied site, as the README starts it (on a free port instead of 1111, which
/// another test may hold; the README's address is the default port): the home page and its
/// stylesheet answer 200.
fn live_preview_answers(site: &Path) {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let help = stdout_of(&nastavnik().args(["serve", "--help"]).assert().success());
    assert!(help.contains("по умолчанию 1111"), "{help}");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_nastavnik"))
        .args(["serve", "--port", "0"])
        .current_dir(site)
        .env("SOURCE_DATE_EPOCH", common::EPOCH)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nastavnik serve");
    let stdout = child.stdout.take().expect("stdout");
    let url = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("Сайт открыт по адресу ").map(str::to_owned));
    let check = || {
        let url = url.clone().expect("serve says its address");
        let addr = url
            .trim()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let (status, body) = http_get(&addr, "/");
        assert!(status.contains(" 200 "), "{status}");
        let html = String::from_utf8_lossy(&body).into_owned();
        let css = local_links(&html)
            .into_iter()
            .find(|l| l.ends_with(".css"))
            .expect("a stylesheet");
        let (status, _) = http_get(&addr, &css);
        assert!(status.contains(" 200 "), "{css}: {status}");
    };
    let result = std::panic::catch_unwind(check);
    let _ = child.kill();
    let _ = child.wait();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

/// The allocator's settings made before `main` (see `src/main.rs`): the build's purge delay,
/// the server's, commit on demand, and a value the user set winning. mimalloc prints the
/// options it read with `MIMALLOC_VERBOSE=1`.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_allocator_is_configured_per_command_unless_the_user_set_it() {
    let option = |args: &[&str], user: Option<&str>, name: &str| -> String {
        let mut cmd = nastavnik();
        cmd.args(args)
            .env("MIMALLOC_VERBOSE", "1")
            .env_remove("MIMALLOC_PURGE_DELAY")
            .env_remove("MIMALLOC_ARENA_EAGER_COMMIT");
        if let Some(value) = user {
            cmd.env("MIMALLOC_PURGE_DELAY", value);
        }
        let out = cmd.output().expect("nastavnik runs");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let prefix = format!("option '{name}': ");
        stderr
            .lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .unwrap_or_else(|| panic!("mimalloc printed no {name} for {args:?}:\n{stderr}"))
            .trim()
            .to_string()
    };
    assert_eq!(option(&["--version"], None, "purge_delay"), "10");
    assert_eq!(option(&["build", "--help"], None, "purge_delay"), "10");
    assert_eq!(option(&["serve", "--help"], None, "purge_delay"), "0");
    assert_eq!(option(&["--version"], None, "arena_eager_commit"), "0");
    assert_eq!(
        option(&["build", "--help"], Some("50"), "purge_delay"),
        "50"
    );
    assert_eq!(
        option(&["serve", "--help"], Some("50"), "purge_delay"),
        "50"
    );
}
