//! `site.yaml` into a typed [`SiteConfig`] with defaults.

use std::path::Path;

use crate::content::front_matter::{Fields, parse_yaml};
use crate::content::source::{self, SourceFile};
use crate::diagnostic::Diagnostic;
use serde_yaml::Value;

pub const CONFIG_FILE: &str = "site.yaml";

/// The fields `site.yaml` accepts; anything else is reported as unknown (with a suggestion).
const KNOWN: &[&str] = &[
    "title",
    "description",
    "base_url",
    "timezone",
    "department",
    "contacts",
    "paginate",
    "search",
    "embed_hosts",
    "mentors",
];

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Absolute, always ending with `/` (`https://example.org/metod/nastavnichestvo/`).
    pub base_url: String,
    /// IANA time zone name, checked against the tz database.
    pub timezone: String,
    pub department: String,
    pub contacts: String,
    pub paginate: usize,
    /// Synonym groups of the practice-bank search (`search: synonyms:`); `None` means the
    /// defaults of [`crate::search::synonyms`].
    pub search_synonyms: Option<Vec<Vec<String>>>,
    /// Hosts whose video players may be embedded in bodies with `<iframe>` (`embed_hosts:`),
    /// lower-case; a host also allows its subdomains. By default
    /// [`crate::markdown::DEFAULT_EMBED_HOSTS`].
    pub embed_hosts: Vec<String>,
    /// `mentors: noindex:` (on by default): mentors' pages ask search engines not to index
    /// them and stay out of the sitemap; a person consents to a page, not to a search engine.
    pub mentors_noindex: bool,
}

impl SiteConfig {
    /// A config for tests and for sites whose `site.yaml` failed: sensible values everywhere.
    pub fn fallback() -> Self {
        SiteConfig {
            title: "Наставничество".into(),
            description: String::new(),
            base_url: "http://localhost/".into(),
            timezone: "Europe/Moscow".into(),
            department: String::new(),
            contacts: String::new(),
            paginate: 20,
            search_synonyms: None,
            embed_hosts: default_embed_hosts(),
            mentors_noindex: true,
        }
    }

    pub fn tz(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.timezone).unwrap_or(jiff::tz::TimeZone::UTC)
    }

    /// Replaces the base URL (from `--base-url`), normalising the trailing slash.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        self.base_url = normalize_base_url(url)?;
        Ok(())
    }
}

fn default_embed_hosts() -> Vec<String> {
    crate::markdown::DEFAULT_EMBED_HOSTS
        .iter()
        .map(|h| h.to_string())
        .collect()
}

/// `embed_hosts:` as host names; each entry that is not one is an error at its item. Missing
/// (or empty, `embed_hosts:`) gives the defaults; `embed_hosts: []` allows no embedding.
fn embed_hosts(f: &mut Fields<'_>) -> Vec<String> {
    const EXAMPLE: &str = "rutube.ru";
    if !f.has("embed_hosts") {
        f.raw("embed_hosts");
        return default_embed_hosts();
    }
    let entries = f.string_list("embed_hosts", EXAMPLE);
    let mut hosts = Vec::new();
    for entry in entries {
        match crate::markdown::normalize_embed_host(&entry) {
            Ok(host) => hosts.push(host),
            Err(msg) => {
                let span = f.item_span("embed_hosts", &entry);
                let d = f
                    .source()
                    .error_at("bad-value", span, msg)
                    .with_hint("в embed_hosts перечисляются имена сайтов, с которых можно встраивать видео, например:\nembed_hosts:\n  - rutube.ru\n  - vkvideo.ru");
                f.diagnostics.push(d);
            }
        }
    }
    hosts
}

/// `mentors:` with its one setting, `noindex: true|false`.
fn mentors_noindex(f: &mut Fields<'_>) -> bool {
    let Some(v) = f.raw("mentors") else {
        return true;
    };
    let setting = match &v {
        Value::Mapping(m) if m.len() == 1 => m.get("noindex").and_then(Value::as_bool),
        _ => None,
    };
    setting.unwrap_or_else(|| {
        let d = f
            .error_at_key(
                "mentors",
                "bad-value",
                "в разделе mentors есть только настройка noindex: true или false",
            )
            .with_hint("например:\nmentors:\n  noindex: true   # не показывать страницы наставников поисковым системам (по умолчанию)");
        f.diagnostics.push(d);
        true
    })
}

fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("адрес сайта «{url}» должен начинаться с https:// или http://"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(['?', '#', ' ']) {
        return Err(format!("«{url}» не похож на адрес сайта"));
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// Loads `site.yaml` from the site folder. On problems, returns the diagnostics and no config.
pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let rel = Path::new(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|e| {
        vec![
            Diagnostic::error("no-config", rel, format!("не найден файл настроек сайта {CONFIG_FILE}: {}", crate::ru::os_error::describe(&e)))
                .with_hint(format!(
                    "запустите команду в папке сайта или укажите её: nastavnik build --root ПАПКА; новый сайт создаёт nastavnik init ПАПКА ({})",
                    root.display()
                )),
        ]
    })?;
    let text = source::decode(rel, &bytes).map_err(|d| vec![d])?;
    let len = text.len();
    let src = SourceFile::new(rel.to_path_buf(), path, text, 0..len, len..len);
    parse(&src)
}

fn parse(src: &SourceFile) -> Result<SiteConfig, Vec<Diagnostic>> {
    let map = parse_yaml(src).map_err(|d| vec![d])?;
    let mut f = Fields::new(src, map, KNOWN);
    let defaults = SiteConfig::fallback();
    let title = f.required_string("title", "Наставничество");
    let base_url_raw = f.required_string("base_url", "https://example.org/nastavnichestvo/");
    let mut base_url = defaults.base_url.clone();
    if let Some(raw) = base_url_raw {
        match normalize_base_url(&raw) {
            Ok(u) => base_url = u,
            Err(msg) => {
                let d = f
                    .error_at_key("base_url", "bad-url", msg)
                    .with_hint("например: base_url: https://example.org/metod/nastavnichestvo/");
                f.diagnostics.push(d);
            }
        }
    }
    let timezone = f.string("timezone").unwrap_or(defaults.timezone.clone());
    if jiff::tz::TimeZone::get(&timezone).is_err() {
        let d = f
            .error_at_key(
                "timezone",
                "bad-timezone",
                format!("неизвестный часовой пояс «{timezone}»"),
            )
            .with_hint(
                "укажите название из базы часовых поясов, например: timezone: Europe/Moscow",
            );
        f.diagnostics.push(d);
    }
    let search_synonyms = f
        .raw("search")
        .and_then(|v| match synonyms_from_yaml(&v) {
            Ok(groups) => groups,
            Err(msg) => {
                let d = f.error_at_key("search", "bad-value", msg).with_hint(
                    "например:\nsearch:\n  synonyms:\n    - [ДОУ, детский сад]\n    - [СПО, колледж, техникум]",
                );
                f.diagnostics.push(d);
                None
            }
        });
    let embed_hosts = embed_hosts(&mut f);
    let mentors_noindex = mentors_noindex(&mut f);
    let config = SiteConfig {
        title: title.clone().unwrap_or(defaults.title),
        description: f.string("description").unwrap_or_default(),
        base_url,
        timezone,
        department: f.string("department").unwrap_or_default(),
        contacts: f.string("contacts").unwrap_or_default(),
        paginate: f
            .positive_int("paginate")
            .map_or(defaults.paginate, |n| n.min(1000) as usize),
        search_synonyms,
        embed_hosts,
        mentors_noindex,
    };
    let diagnostics = f.finish();
    if diagnostics.is_empty() {
        Ok(config)
    } else {
        Err(diagnostics)
    }
}

/// Reads the `search:` mapping of `site.yaml` (the search module stems the groups; reading
/// them is part of reading the settings, so `content` needs nothing from `search`). `Ok(None)` when it has no `synonyms` (the
/// defaults apply); an empty list switches synonyms off. Each group is a list of phrases or one
/// string with phrases separated by commas, as editors tend to write it.
fn synonyms_from_yaml(value: &Value) -> Result<Option<Vec<Vec<String>>>, String> {
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return Ok(None),
        _ => return Err("в разделе search должно быть поле synonyms со списком групп".into()),
    };
    for key in map.keys() {
        if key.as_str() != Some("synonyms") {
            return Err(format!(
                "неизвестное поле search: {}; здесь есть только synonyms",
                key.as_str().unwrap_or("?")
            ));
        }
    }
    let Some(list) = map.get("synonyms") else {
        return Ok(None);
    };
    let items = match list {
        Value::Sequence(items) => items,
        Value::Null => return Ok(Some(Vec::new())),
        _ => return Err("synonyms — это список групп синонимов".into()),
    };
    let mut groups = Vec::new();
    for item in items {
        let phrases: Vec<String> = match item {
            Value::String(s) => s.split(',').map(|p| p.trim().to_owned()).collect(),
            Value::Sequence(words) => words
                .iter()
                .map(|w| match w {
                    Value::String(s) => Ok(s.trim().to_owned()),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => Err("каждый синоним — слово или фраза".to_string()),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err("каждая группа синонимов — список слов или фраз".into()),
        };
        let phrases: Vec<String> = phrases.into_iter().filter(|p| !p.is_empty()).collect();
        if phrases.len() < 2 {
            return Err(format!(
                "в группе синонимов должно быть хотя бы два слова: {}",
                phrases.join(", ")
            ));
        }
        groups.push(phrases);
    }
    Ok(Some(groups))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("test YAML")
    }

    #[test]
    fn lists_and_comma_strings_are_both_groups() {
        let v = yaml("synonyms:\n  - [ДОУ, детский сад]\n  - \"СПО, колледж\"\n");
        assert_eq!(
            synonyms_from_yaml(&v).unwrap(),
            Some(vec![
                vec!["ДОУ".to_string(), "детский сад".to_string()],
                vec!["СПО".to_string(), "колледж".to_string()],
            ])
        );
    }

    #[test]
    fn missing_synonyms_means_defaults_and_empty_means_none() {
        assert_eq!(synonyms_from_yaml(&yaml("{}")).unwrap(), None);
        assert_eq!(
            synonyms_from_yaml(&yaml("synonyms: []")).unwrap(),
            Some(vec![])
        );
    }

    #[test]
    fn mistakes_are_reported_in_russian() {
        assert!(
            synonyms_from_yaml(&yaml("synonym: []"))
                .unwrap_err()
                .contains("synonyms")
        );
        assert!(
            synonyms_from_yaml(&yaml("synonyms: [[один]]"))
                .unwrap_err()
                .contains("два")
        );
        assert!(synonyms_from_yaml(&yaml("synonyms: 5")).is_err());
    }

    fn parse_text(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let len = text.len();
        parse(&SourceFile::new(
            "site.yaml".into(),
            "site.yaml".into(),
            text.into(),
            0..len,
            len..len,
        ))
    }

    #[test]
    fn defaults_and_trailing_slash() {
        let c = parse_text(
            "title: Наставничество\nbase_url: https://example.org/metod/nastavnichestvo\n",
        )
        .unwrap();
        assert_eq!(c.base_url, "https://example.org/metod/nastavnichestvo/");
        assert_eq!(c.timezone, "Europe/Moscow");
        assert_eq!(c.paginate, 20);
    }

    #[test]
    fn reports_all_problems_together() {
        let errs = parse_text("titel: x\nbase_url: example.org\ntimezone: Moscow\n").unwrap_err();
        let codes: Vec<_> = errs.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"missing-field"), "{codes:?}");
        assert!(codes.contains(&"bad-url"), "{codes:?}");
        assert!(codes.contains(&"bad-timezone"), "{codes:?}");
        assert!(codes.contains(&"unknown-field"), "{codes:?}");
    }

    #[test]
    fn embed_hosts_default_replace_and_empty() {
        let base = "title: Наставничество\nbase_url: https://example.org/n/\n";
        let c = parse_text(base).unwrap();
        assert!(
            c.embed_hosts.iter().any(|h| h == "rutube.ru"),
            "{:?}",
            c.embed_hosts
        );
        assert_eq!(
            c.embed_hosts,
            parse_text(&format!("{base}embed_hosts:\n"))
                .unwrap()
                .embed_hosts
        );
        let c = parse_text(&format!("{base}embed_hosts:\n  - Video.Example.com\n")).unwrap();
        assert_eq!(c.embed_hosts, ["video.example.com"]);
        let c = parse_text(&format!("{base}embed_hosts: []\n")).unwrap();
        assert!(c.embed_hosts.is_empty());
    }

    #[test]
    fn bad_embed_hosts_point_at_the_entry() {
        let text = "title: Наставничество\nbase_url: https://example.org/n/\nembed_hosts:\n  - rutube.ru\n  - https://vk.com/video\n  - localhost\n";
        let errs = parse_text(text).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:#?}");
        assert_eq!(errs[0].line(), Some(5));
        assert!(
            errs[0].message.contains("без https://"),
            "{}",
            errs[0].message
        );
        assert_eq!(errs[1].line(), Some(6));
        let errs =
            parse_text("title: Т\nbase_url: https://example.org/n/\nembed_hosts: rutube.ru\n")
                .unwrap_err();
        assert_eq!(errs[0].code, "wrong-type");
    }
}
