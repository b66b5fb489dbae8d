//! The mentors' register and 152-ФЗ: what a person did not consent to publish must appear in
//! no file of the built site — no page, list, card, search index shard, feed, sitemap,
//! `events.json`, JSON-LD, alt text or copied file. The tests build sites where every
//! unconsented field holds a value found nowhere else and search every byte of the output for
//! it; the same values, once consented, must be found (so a search that can never find anything
//! fails too). Also: the editors' mistakes in mentors' files, `check`'s list of consents that
//! end soon, `new mentor`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::TestSite;
use nastavnik::diagnostic::{Diagnostic, Severity};
use proptest::prelude::*;

/// The build date of the library builds here (the binary's is `common::EPOCH`, 2023-11-14).
fn today() -> jiff::civil::Date {
    jiff::civil::date(2023, 11, 14)
}

/// A PNG with a marker no other file has: if its bytes are anywhere in the output, the photo
/// was published.
fn photo_bytes(marker: &str) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend_from_slice(format!("tEXt photo-marker-{marker}").as_bytes());
    b
}

/// Where a value shows when it is published: anywhere in the output, or in one file (a value
/// such as a practice link is legitimately elsewhere on the site on behalf of others).
#[derive(Clone)]
enum Needle {
    Anywhere(String),
    InFile(String, String),
}

/// One mentor's values: each distinct, and each findable in the output when published (a word
/// whose stem in the search index starts as its needle does, a page shows as text).
struct Secrets {
    slug: &'static str,
    name: &'static str,
    /// (field, value written in the file, where it would show).
    fields: Vec<(&'static str, String, Vec<Needle>)>,
}

/// `tag` (two digits) marks the phone, e-mail, experience and photo; its letters start each
/// word, so that the word's stem in the search index starts with them too.
fn secrets(tag: &str, slug: &'static str, name: &'static str) -> Secrets {
    use Needle::{Anywhere, InFile};
    let t = tag;
    let n: u32 = tag.parse().unwrap_or(0);
    let letters: String = tag
        .chars()
        .map(|d| {
            "бвгджзклмн"
                .chars()
                .nth(d.to_digit(10).unwrap_or(0) as usize)
                .unwrap_or('б')
        })
        .collect();
    let word = |stem: &str| format!("{letters}{stem}");
    let any = |s: String| Anywhere(s);
    let page = format!("mentors/{slug}/index.html");
    let years = 10 + n / 2;
    let years_text = match years % 10 {
        1 if years % 100 != 11 => "год",
        2..=4 if !(12..=14).contains(&(years % 100)) => "года",
        _ => "лет",
    };
    let category = match slug {
        "chastichnaya" => "первая",
        "polnaya" => "высшая",
        _ => "соответствие занимаемой должности",
    };
    Secrets {
        slug,
        name,
        fields: vec![
            (
                "position",
                format!("преподаватель {}", word("Вольтижировки")),
                vec![any(word("вольтижиров"))],
            ),
            (
                "subjects",
                format!("[{}]", word("Астрофотометрия")),
                vec![any(word("астрофотометр"))],
            ),
            (
                "level",
                word("Палеоуровень"),
                vec![any(word("палеоуровен"))],
            ),
            (
                "forms",
                format!("[{}]", word("Тандемолог")),
                vec![any(word("тандемолог"))],
            ),
            (
                "experience_years",
                years.to_string(),
                vec![
                    any(format!("{years} {years_text}")),
                    any(format!("{years}\u{a0}{years_text}")),
                    any(format!("{years}&nbsp;{years_text}")),
                ],
            ),
            (
                "category",
                category.to_string(),
                vec![
                    any(format!("категория: {category}")),
                    InFile(page.clone(), "Квалификационная категория".into()),
                ],
            ),
            (
                "topics",
                format!("[{}]", word("Криптоботаника")),
                vec![any(word("криптоботаник"))],
            ),
            (
                "phone",
                format!("\"+7 (4812) 90-{t}-53\""),
                vec![
                    any(format!("90-{t}-53")),
                    any(format!("4812901{t}53")),
                    any(format!("901{t}53")),
                ],
            ),
            (
                "email",
                format!("tajna{t}@example.org"),
                vec![any(format!("tajna{t}"))],
            ),
            (
                "awards",
                format!("[{}]", word("Орденоносица")),
                vec![any(word("орденоносиц"))],
            ),
            (
                "practices",
                "[shkola-4]".into(),
                vec![
                    InFile(
                        "practices/shkola-4/index.html".into(),
                        format!("mentors/{slug}/"),
                    ),
                    InFile(page.clone(), "practices/shkola-4/".into()),
                ],
            ),
            (
                "events",
                "[2022-10-10-sobranie]".into(),
                vec![
                    InFile(
                        "events/2022-10-10-sobranie/index.html".into(),
                        format!("mentors/{slug}/"),
                    ),
                    InFile(page.clone(), "events/2022-10-10-sobranie/".into()),
                ],
            ),
            (
                "photo",
                "portret.png".into(),
                vec![
                    any(format!("photo-marker-{t}")),
                    any(format!("{slug}/portret.png")),
                ],
            ),
            (
                "body",
                format!("{} о наставнике.", word("Тайнопись")),
                vec![any(word("тайнопис"))],
            ),
        ],
    }
}

/// The searchable variants of a text: as written, lower-cased, and HTML-escaped.
fn variants(needle: &str) -> Vec<String> {
    let mut v = vec![needle.to_string(), needle.to_lowercase()];
    v.push(needle.replace('&', "&amp;"));
    v
}

/// One output file as searched: lower-cased text (Cyrillic too) with its digits alone (so a
/// phone number rewritten by typography is still found), or the bytes of a binary file.
enum Hay {
    Text { lower: String, digits: String },
    Binary(Vec<u8>),
}

fn haystack(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, Hay)> {
    files
        .iter()
        .map(|(path, bytes)| {
            let hay = match std::str::from_utf8(bytes) {
                Ok(text) => Hay::Text {
                    lower: text.to_lowercase(),
                    digits: text.chars().filter(char::is_ascii_digit).collect(),
                },
                Err(_) => Hay::Binary(bytes.clone()),
            };
            (path.clone(), hay)
        })
        .collect()
}

/// The files where `needle` shows.
fn found(hay: &[(String, Hay)], needle: &Needle) -> Vec<String> {
    match needle {
        Needle::Anywhere(text) => found_in(hay, text),
        Needle::InFile(file, text) => found_in(hay, text)
            .into_iter()
            .filter(|f| f == file)
            .collect(),
    }
}

/// The files that contain `needle` as written, lower-cased or HTML-escaped (and, for a number
/// of six digits or more, among their digits).
fn found_in(hay: &[(String, Hay)], needle: &str) -> Vec<String> {
    let digits_only = needle.chars().all(|c| c.is_ascii_digit()) && needle.len() >= 6;
    let forms: Vec<String> = variants(needle).iter().map(|v| v.to_lowercase()).collect();
    hay.iter()
        .filter(|(_, h)| match h {
            Hay::Text { lower, digits } => {
                forms.iter().any(|f| lower.contains(f.as_str()))
                    || (digits_only && digits.contains(needle))
            }
            Hay::Binary(bytes) => forms.iter().any(|f| {
                bytes
                    .windows(f.len())
                    .any(|w| w.eq_ignore_ascii_case(f.as_bytes()))
            }),
        })
        .map(|(p, _)| p.clone())
        .collect()
}

fn mentor_file(s: &Secrets, org: &str, consent: &str) -> String {
    let mut t = format!("---\nname: {}\norganization: {org}\n", s.name);
    for (field, value, _) in &s.fields {
        if *field != "body" {
            t.push_str(&format!("{field}: {value}\n"));
        }
    }
    t.push_str(consent);
    let body = s
        .fields
        .iter()
        .find(|(f, _, _)| *f == "body")
        .map(|(_, v, _)| v.clone())
        .unwrap_or_default();
    t.push_str(&format!("---\n{body}\n"));
    t
}

fn write_mentor(site: &TestSite, s: &Secrets, tag: &str, org: &str, consent: &str) {
    site.write(
        &format!("content/mentors/{}/index.md", s.slug),
        &mentor_file(s, org, consent),
    );
    site.write_bytes(
        &format!("content/mentors/{}/portret.png", s.slug),
        &photo_bytes(tag),
    );
}

fn consent(fields: &[&str], extra: &str) -> String {
    format!(
        "consent:\n  date: 2023-01-10\n{extra}  fields: [{}]\n  document: Сейф с согласиями, папка ТАЙНИК, лист 7\n",
        fields.join(", ")
    )
}

/// The whole output of a library build with the build date fixed: every file, copies read
/// from disk.
fn build_in_memory(site: &TestSite) -> (BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
    let options = nastavnik::content::LoadOptions {
        today: Some(today()),
        ..site.build_options(false).load_options()
    };
    let loaded = nastavnik::content::load(&site.root(), &options);
    let diags = loaded.diagnostics.into_vec();
    let site_model = loaded
        .site
        .unwrap_or_else(|| panic!("the test site must load: {diags:#?}"));
    let output = nastavnik::render::render(
        &site_model,
        nastavnik::output::Output::new(),
        &nastavnik::progress::Progress::hidden(),
    )
    .unwrap_or_else(|ds| panic!("the test site must render:\n{}", ds.render(false)));
    let files = output
        .paths()
        .map(|p| {
            let bytes = output.bytes(p).expect("listed").expect("readable");
            (p.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect();
    (files, diags)
}

/// Every file the binary wrote into the output folder, as bytes.
fn files_on_disk(out: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(out)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(out.join(&rel)).unwrap();
            (rel.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

const ALL_FIELDS: [&str; 16] = [
    "name",
    "organization",
    "position",
    "subjects",
    "level",
    "forms",
    "experience_years",
    "category",
    "topics",
    "photo",
    "phone",
    "email",
    "practices",
    "events",
    "awards",
    "body",
];

/// The site of the whole-output test: a mentor who consented to name, organization and
/// position only; one who consented to everything (the control: each of its values must be
/// found); and five who may not be published at all (withdrawn, expired, no consent, signed
/// after the build date, no name in the consent), each consenting to every field.
fn register_site() -> (TestSite, Vec<(Secrets, bool)>) {
    let site = TestSite::new();
    // Mentors link the event and the practice; organizations from the test site.
    let partial = secrets("11", "chastichnaya", "Частичная Мирослава Ильинична");
    write_mentor(
        &site,
        &partial,
        "11",
        "sh-40",
        &consent(&["name", "organization", "position"], ""),
    );
    let full = secrets("22", "polnaya", "Полнова Вероника Львовна");
    write_mentor(&site, &full, "22", "sh-16", &consent(&ALL_FIELDS, ""));
    let withdrawn = secrets("33", "otozvannaya", "Затворникова Агата Тихоновна");
    write_mentor(
        &site,
        &withdrawn,
        "33",
        "sh-40",
        &consent(&ALL_FIELDS, "  withdrawn: 2023-06-01\n"),
    );
    let expired = secrets("44", "istekshaya", "Просроченко Эраст Фомич");
    write_mentor(
        &site,
        &expired,
        "44",
        "sh-16",
        &consent(&ALL_FIELDS, "  until: 2023-10-31\n"),
    );
    let none = secrets("55", "bez-soglasiya", "Безсогласнова Ия Саввична");
    write_mentor(&site, &none, "55", "sh-40", "");
    let future = secrets("66", "budushchaya", "Будущева Ада Кировна");
    site.write(
        "content/mentors/budushchaya/index.md",
        &mentor_file(
            &future,
            "sh-40",
            &consent(&ALL_FIELDS, "").replace("2023-01-10", "2024-02-01"),
        ),
    );
    site.write_bytes(
        "content/mentors/budushchaya/portret.png",
        &photo_bytes("66"),
    );
    let nameless = secrets("77", "bezymyannaya", "Безымянова Фекла Прохоровна");
    let mut no_name: Vec<&str> = ALL_FIELDS.to_vec();
    no_name.retain(|f| *f != "name");
    write_mentor(&site, &nameless, "77", "sh-16", &consent(&no_name, ""));
    (
        site,
        vec![
            (partial, true),
            (full, true),
            (withdrawn, false),
            (expired, false),
            (none, false),
            (future, false),
            (nameless, false),
        ],
    )
}

/// Checks one output: nothing that must not be published is in any file; everything the control
/// mentor consented to is.
fn assert_register_output(files: &BTreeMap<String, Vec<u8>>, mentors: &[(Secrets, bool)]) {
    let hay = haystack(files);
    let mut leaks = Vec::new();
    for (s, published) in mentors {
        let consented: &[&str] = match (s.slug, published) {
            ("chastichnaya", _) => &["name", "organization", "position"],
            ("polnaya", _) => &ALL_FIELDS,
            _ => &[],
        };
        let mut needles: Vec<(&str, Needle)> = Vec::new();
        for (field, _, forms) in &s.fields {
            for form in forms {
                needles.push((field, form.clone()));
            }
        }
        // The surname and the address, for the mentors who may not be published at all.
        let surname = s.name.split(' ').next().unwrap_or(s.name);
        needles.push(("name", Needle::Anywhere(surname.to_string())));
        needles.push(("name", Needle::Anywhere(format!("mentors/{}", s.slug))));
        for (field, needle) in needles {
            let hits = found(&hay, &needle);
            let may = *published && consented.contains(&field);
            if !may && !hits.is_empty() {
                let text = match &needle {
                    Needle::Anywhere(t) | Needle::InFile(_, t) => t,
                };
                leaks.push(format!("{} ({field}): «{text}» in {hits:?}", s.slug));
            }
        }
        // The control mentor: every consented field shows in each of its places.
        if s.slug == "polnaya" {
            for (field, _, forms) in &s.fields {
                let missing: Vec<&Needle> = forms
                    .iter()
                    .filter(|f| matches!(f, Needle::InFile(..)) && found(&hay, f).is_empty())
                    .collect();
                assert!(
                    forms.iter().any(|f| !found(&hay, f).is_empty()) && missing.is_empty(),
                    "the consented {field} of the control mentor is not in the output where it belongs: the search cannot find what it looks for"
                );
            }
        }
        // Where the paper is kept is never published, whoever consented to what.
        for needle in ["ТАЙНИК", "Сейф с согласиями"] {
            let hits = found_in(&hay, needle);
            assert!(hits.is_empty(), "consent.document published in {hits:?}");
        }
    }
    assert!(
        leaks.is_empty(),
        "unconsented data in the output:\n{}",
        leaks.join("\n")
    );
    // The control's photo is copied; the partial mentor's is not; nobody else's.
    assert!(files.contains_key("mentors/polnaya/portret.png"));
    let photos: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with("portret.png"))
        .collect();
    assert_eq!(photos, ["mentors/polnaya/portret.png"]);
}

#[test]
fn the_whole_output_of_the_binary_holds_nothing_unconsented() {
    let (site, mentors) = register_site();
    let out = site.build_cmd().assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).replace('\u{a0}', " ");
    for (s, published) in &mentors {
        if !published {
            assert!(
                stderr.contains(&format!("content/mentors/{}/index.md", s.slug)),
                "the warning names the withheld file {}:\n{stderr}",
                s.slug
            );
        }
    }
    for reason in [
        "согласие отозвано 1 июня 2023",
        "срок согласия истёк 31 октября 2023",
        "нет согласия на распространение персональных данных",
        "согласие подписано 1 февраля 2024",
        "в согласии нет ФИО",
    ] {
        assert!(stderr.contains(reason), "no warning «{reason}»:\n{stderr}");
    }
    let files = files_on_disk(&site.out());
    // The search index, feeds and JSON are among what was searched.
    for expected in [
        "atom.xml",
        "sitemap.xml",
        "calendar/events.json",
        "calendar.ics",
    ] {
        assert!(
            files.contains_key(expected),
            "no {expected} in {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    assert!(files.keys().any(|p| p.starts_with("search/")));
    assert_register_output(&files, &mentors);
    // Mentors never enter the Atom feed nor, with noindex (the default), the sitemap.
    let atom = String::from_utf8_lossy(&files["atom.xml"]);
    assert!(!atom.contains("mentors/"), "{atom}");
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]);
    assert!(!sitemap.contains("mentors/"), "{sitemap}");
    let page = String::from_utf8_lossy(&files["mentors/polnaya/index.html"]);
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(page.contains("alt=\"Полнова Вероника Львовна\""), "{page}");
    // The practice and the event show the published mentors who name them, and no one else.
    let practice = String::from_utf8_lossy(&files["practices/shkola-4/index.html"]);
    assert!(practice.contains("Полнова Вероника Львовна"));
    let event = String::from_utf8_lossy(&files["events/2022-10-10-sobranie/index.html"]);
    assert!(event.contains("Полнова Вероника Львовна"));
    // The register counts the two published mentors.
    let register = String::from_utf8_lossy(&files["mentors/index.html"]);
    assert!(
        register.replace('\u{a0}', " ").contains("2 наставника"),
        "{register}"
    );
}

#[test]
fn the_whole_output_of_a_library_build_holds_nothing_unconsented() {
    let (site, mentors) = register_site();
    let (files, diags) = build_in_memory(&site);
    let withheld = diags.iter().filter(|d| d.code == "mentor-withheld").count();
    assert_eq!(withheld, 5, "{diags:#?}");
    assert_register_output(&files, &mentors);
}

#[test]
fn noindex_can_be_switched_off() {
    let (site, _) = register_site();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}mentors:\n  noindex: false\n"));
    let (files, _) = build_in_memory(&site);
    let sitemap = String::from_utf8_lossy(&files["sitemap.xml"]);
    assert!(sitemap.contains("mentors/polnaya/"), "{sitemap}");
    let page = String::from_utf8_lossy(&files["mentors/polnaya/index.html"]);
    assert!(!page.contains("noindex"));
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 12,
        ..ProptestConfig::default()
    })]

    /// Whatever subset of fields is consented, exactly those reach the output: each
    /// unconsented value is absent from every file, each consented one present in some file.
    #[test]
    fn exactly_the_consented_fields_are_published(mask in 0u32..(1 << 16)) {
        let chosen: Vec<&str> = ALL_FIELDS
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, f)| *f)
            .collect();
        let site = TestSite::new();
        let s = secrets("88", "izmenchivaya", "Переменчивая Зоя Глебовна");
        write_mentor(&site, &s, "88", "sh-40", &consent(&chosen, ""));
        let (files, _) = build_in_memory(&site);
        let hay = haystack(&files);
        let published = chosen.contains(&"name");
        for (field, _, forms) in &s.fields {
            let shown = forms.iter().any(|f| !found(&hay, f).is_empty());
            let may = published && chosen.contains(field);
            prop_assert_eq!(shown, may, "field {} (consented: {:?})", field, chosen);
        }
        let name_shown = !found_in(&hay, "Переменчивая").is_empty();
        prop_assert_eq!(name_shown, published);
        let org_shown = files
            .get("organizations/sh-40/index.html")
            .is_some_and(|b| String::from_utf8_lossy(b).contains("mentors/izmenchivaya/"));
        prop_assert_eq!(org_shown, published && chosen.contains(&"organization"));
    }
}

// ---- Editors' mistakes -------------------------------------------------------------------

const MENTOR: &str = "content/mentors/ivanova.md";

fn mentor_text(consent_block: &str) -> String {
    format!(
        "---\nname: Иванова Анна Петровна\norganization: sh-40\nposition: учитель математики\nphone: \"+7 (4812) 38-00-00\"\n{consent_block}---\nО наставнике.\n"
    )
}

fn diagnostics_of(site: &TestSite) -> Vec<Diagnostic> {
    let options = nastavnik::content::LoadOptions {
        today: Some(today()),
        ..site.build_options(false).load_options()
    };
    nastavnik::content::load(&site.root(), &options)
        .diagnostics
        .into_vec()
}

fn find<'a>(ds: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    ds.iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no «{code}» among {ds:#?}"))
}

fn one_mistake(consent_block: &str, code: &str) -> Diagnostic {
    let site = TestSite::new();
    site.write(MENTOR, &mentor_text(consent_block));
    let ds = diagnostics_of(&site);
    let d = find(&ds, code).clone();
    assert_eq!(d.file, Path::new(MENTOR));
    assert!(d.hint.is_some(), "{d:#?}");
    d
}

#[test]
fn an_unknown_field_in_consent_fields_suggests_the_nearest() {
    let d = one_mistake(
        "consent:\n  date: 2023-01-10\n  fields: [name, organisation]\n  document: папка 1\n",
        "unknown-field",
    );
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("«organisation»"), "{}", d.message);
    assert!(d.hint.as_deref().unwrap().contains("«organization»"));
    assert_eq!(d.line(), Some(8));
    assert_eq!(d.location.as_ref().map(|l| l.column), Some(18));
}

#[test]
fn a_consent_without_date() {
    let d = one_mistake(
        "consent:\n  fields: [name]\n  document: папка 1\n",
        "consent-without-date",
    );
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.line(), Some(7));
}

#[test]
fn until_before_the_signing_date() {
    let d = one_mistake(
        "consent:\n  date: 2023-01-10\n  until: 2022-12-31\n  fields: [name]\n  document: папка 1\n",
        "bad-date-range",
    );
    assert!(
        d.message.replace('\u{a0}', " ").contains("31 декабря 2022"),
        "{}",
        d.message
    );
    assert_eq!(d.line(), Some(8));
}

#[test]
fn a_wrong_date_in_consent() {
    let d = one_mistake(
        "consent:\n  date: 2023-02-30\n  fields: [name]\n  document: папка 1\n",
        "bad-date",
    );
    assert!(d.message.contains("consent.date"), "{}", d.message);
    assert_eq!(d.line(), Some(7));
}

#[test]
fn an_unknown_key_of_consent() {
    let d = one_mistake(
        "consent:\n  date: 2023-01-10\n  feilds: [name]\n  document: папка 1\n",
        "unknown-field",
    );
    assert!(d.hint.as_deref().unwrap().contains("«fields»"));
    assert_eq!(d.line(), Some(8));
}

#[test]
fn a_consent_without_the_papers_place_is_a_warning() {
    let d = one_mistake(
        "consent:\n  date: 2023-01-10\n  fields: [name]\n",
        "consent-document",
    );
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn a_consented_photo_that_is_missing() {
    let site = TestSite::new();
    site.write(
        "content/mentors/ivanova/index.md",
        &mentor_text("photo: foto.jpg\nconsent:\n  date: 2023-01-10\n  fields: [name, photo]\n  document: папка 1\n"),
    );
    let ds = diagnostics_of(&site);
    let d = find(&ds, "missing-photo");
    assert!(d.message.contains("«foto.jpg»"), "{}", d.message);
    assert_eq!(d.line(), Some(6));
    // Consented but not given at all.
    site.write(
        "content/mentors/ivanova/index.md",
        &mentor_text(
            "consent:\n  date: 2023-01-10\n  fields: [name, photo]\n  document: папка 1\n",
        ),
    );
    let ds = diagnostics_of(&site);
    let d = find(&ds, "missing-photo");
    assert_eq!(d.line(), Some(8));
    // Not consented: the file is not even looked for.
    site.write(
        "content/mentors/ivanova/index.md",
        &mentor_text("photo: foto.jpg\nconsent:\n  date: 2023-01-10\n  fields: [name]\n  document: папка 1\n"),
    );
    assert!(diagnostics_of(&site).iter().all(|d| !d.is_error()));
}

#[test]
fn a_photo_of_a_single_file_mentor_needs_a_bundle() {
    let site = TestSite::new();
    site.write_bytes("content/mentors/foto.png", &photo_bytes("x"));
    site.write(
        MENTOR,
        &mentor_text("photo: foto.png\nconsent:\n  date: 2023-01-10\n  fields: [name, photo]\n  document: папка 1\n"),
    );
    let d = find(&diagnostics_of(&site), "photo-needs-bundle").clone();
    assert!(d.hint.unwrap().contains("index.md"));
}

#[test]
fn a_mentor_file_outside_the_mentors_folder() {
    // A page of another kind (a plain page at the top of content/) with a consent block: the
    // editor meant a mentor. (A file in an unknown folder is not read at all: that folder is
    // reported instead, see tests/diagnostics.rs.)
    let site = TestSite::new();
    site.write(
        "content/ivanova.md",
        "---\ntitle: Иванова Анна Петровна\nconsent:\n  date: 2023-01-10\n  fields: [name]\n---\n",
    );
    let ds = diagnostics_of(&site);
    let d = find(&ds, "mentor-outside");
    assert!(d.message.contains("content/mentors/"));
    assert_eq!(d.line(), Some(3));
}

#[test]
fn a_title_instead_of_name() {
    let site = TestSite::new();
    site.write(
        MENTOR,
        "---\ntitle: Иванова Анна Петровна\nconsent:\n  date: 2023-01-10\n  fields: [name]\n  document: папка 1\n---\n",
    );
    let ds = diagnostics_of(&site);
    let d = ds
        .iter()
        .find(|d| d.message.contains("«title»"))
        .expect("title reported");
    assert!(d.message.contains("name"));
    find(&ds, "missing-field");
}

#[test]
fn wrong_values_of_fields() {
    for (line, code) in [
        ("phone: звоните в школу", "bad-phone"),
        ("email: ivanova.school16.ru", "bad-email"),
        ("experience_years: много", "bad-value"),
        ("category: высочайшая", "bad-value"),
    ] {
        let site = TestSite::new();
        site.write(
            MENTOR,
            &format!(
                "---\nname: Иванова Анна Петровна\n{line}\nconsent:\n  date: 2023-01-10\n  fields: [name]\n  document: папка 1\n---\n"
            ),
        );
        let ds = diagnostics_of(&site);
        let d = find(&ds, code);
        assert_eq!(d.line(), Some(3), "{line}: {d:#?}");
        assert!(d.hint.is_some());
    }
}

#[test]
fn unknown_organization_and_practice_of_a_mentor() {
    let site = TestSite::new();
    site.write(
        MENTOR,
        "---\nname: Иванова Анна Петровна\norganization: sh-41\npractices: [shkola-5]\nconsent:\n  date: 2023-01-10\n  fields: [name, organization, practices]\n  document: папка 1\n---\n",
    );
    let ds = diagnostics_of(&site);
    let org = find(&ds, "unknown-organization");
    assert_eq!(org.line(), Some(3));
    assert!(org.hint.as_deref().unwrap().contains("sh-40"));
    let practice = find(&ds, "broken-reference");
    assert_eq!(practice.line(), Some(4));
}

// ---- check and new ----------------------------------------------------------------------

#[test]
fn check_lists_consents_that_end_within_60_days() {
    let site = TestSite::new();
    // The binary's date is 2023-11-15 in Moscow: one consent ends in 46 days, one in a year.
    site.write(
        MENTOR,
        &mentor_text("consent:\n  date: 2023-01-10\n  until: 2023-12-31\n  fields: [name]\n  document: папка 1\n"),
    );
    site.write(
        "content/mentors/petrov.md",
        "---\nname: Петров Пётр Петрович\nconsent:\n  date: 2023-01-10\n  until: 2024-12-31\n  fields: [name]\n  document: папка 1\n---\n",
    );
    let out = site.command("check").assert().success();
    let text = (String::from_utf8_lossy(&out.get_output().stdout).into_owned()
        + &String::from_utf8_lossy(&out.get_output().stderr))
        .replace('\u{a0}', " ");
    assert!(
        text.contains("согласие наставника Иванова Анна Петровна действует до 31 декабря 2023 г. (осталось 46 дней)"),
        "{text}"
    );
    assert!(text.contains("content/mentors/ivanova.md:8"), "{text}");
    assert!(!text.contains("Петров Пётр"), "{text}");
}

#[test]
fn new_mentor_writes_a_template_that_is_withheld_until_consent_is_filled() {
    let site = TestSite::new();
    site.command("new")
        .args(["mentor", "Смирнова Ольга Ивановна", "--date", "2023-11-01"])
        .assert()
        .success();
    let path = site
        .root()
        .join("content/mentors/smirnova-olga-ivanovna.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("name: \"Смирнова Ольга Ивановна\""), "{text}");
    assert!(text.contains("# consent:"), "{text}");
    assert!(text.contains("152-ФЗ"), "{text}");
    let ds = diagnostics_of(&site);
    assert!(ds.iter().all(|d| !d.is_error()), "{ds:#?}");
    let d = find(&ds, "mentor-withheld");
    assert!(d.message.contains("нет согласия"));
    // With the consent block filled in (uncommented), the mentor is published.
    let filled = text
        .lines()
        .map(|l| {
            for key in ["consent:", "  date:", "  fields:", "  document:"] {
                if let Some(rest) = l.strip_prefix(&format!("# {key}")) {
                    return format!("{key}{rest}");
                }
            }
            l.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, filled).unwrap();
    let ds = diagnostics_of(&site);
    assert!(ds.iter().all(|d| d.code != "mentor-withheld"), "{ds:#?}");
    assert!(ds.iter().all(|d| !d.is_error()), "{ds:#?}");
}

/// A link in another page's text to a mentor whose consent was withdrawn: the build goes on,
/// the link leads nowhere, and the editor of the linking page is told, with file and line.
#[test]
fn a_link_to_a_withheld_mentor_is_a_warning() {
    let site = TestSite::new();
    site.write(
        MENTOR,
        &mentor_text(
            "consent:\n  date: 2022-01-10\n  withdrawn: 2022-06-01\n  fields: [name]\n  document: папка 1\n",
        ),
    );
    let about = "---\ntitle: О проекте\n---\nНаставник: [страница](@/mentors/ivanova.md).\n";
    site.write(common::ABOUT, about);
    let ds = diagnostics_of(&site);
    assert!(!ds.iter().any(Diagnostic::is_error), "{ds:#?}");
    let d = find(&ds, "link-to-withheld");
    assert!(d.file.ends_with(common::ABOUT), "{:?}", d.file);
    assert_eq!(d.line(), Some(4));
    assert!(d.message.contains("не публикуется"), "{}", d.message);
}
