//! Synthetic corpus generator for benchmarks and for the search recall test.
//!
//! ```text
//! cargo run --release --example gen_corpus -- DIR PRACTICES EVENTS [--seed N] [--format nastavnik|hugo]
//! ```
//!
//! Writes a complete site into DIR (which must be missing or empty): `site.yaml`,
//! `data/organizations.yaml` (about a hundred Smolensk organizations), `content/` with the home page,
//! section intros, an «about» page, a few orders, PRACTICES practices and EVENTS events, plus
//! `corpus.json`, a manifest telling which practices contain a few known query phrases.
//! With `--format hugo` the same corpus (same seed → same texts) is written as a Hugo site, so that
//! Hugo can be measured as a peer on identical content.
//!
//! Roadmaps («дорожные карты», `content/roadmaps/`): one per 200 practices (at least one), forty
//! measures each, in sections, with deadlines in the forms the city's plans use, statuses (per
//! year for yearly deadlines) and responsible organizations; about one event in eight names a
//! measure (`measure:`). The Hugo output skips them: Hugo has no equivalent of a roadmap (a table
//! of measures with deadlines and statuses), and its events carry no `measure`, so the
//! comparison stays on the content both generators share.
//!
//! Contests (`content/contests/`): one per 250 practices (at least one), each with its level,
//! organizer, regulation (one of the orders), nominations, application window, a dated stage and
//! a stage held as one of the events, and results naming organizations and practices; some
//! results name participants, with consent or without (those names must never be published).
//! About one past event in ten carries `participants` and `results`. The Hugo output skips both.
//! Mentors (`content/mentors/`): one per 25 practices (at least two), each with a consent to
//! publish a different subset of the fields (the name always, so every mentor is published and
//! the corpus loads without warnings), an organization, practices they name and a body. The Hugo
//! output skips them, as it skips roadmaps.
//!
//! Why it is built this way:
//! - The example uses only std and the library's transliteration (`ru::translit::slugify`, so its
//!   slugs are the site's) and YAML quoting (`yaml::double_quoted`); the PRNG (SplitMix64) is written by hand because a benchmark corpus
//!   must be byte-identical for a given seed on every machine.
//! - Every string in front matter is double-quoted YAML, and only fields from the content spec are
//!   used, so any loader error on this corpus is a loader bug, not a corpus quirk.
//! - Cross-references are only ever made to pages whose URL cannot be ambiguous (not drafts, no
//!   `slug` override, not bundles), so a strict link checker must accept the whole corpus.
//! - The recall manifest is computed by scanning the generated files, not by trusting where the
//!   phrases were planted, so it stays true even if the vocabulary changes.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// A YAML double-quoted scalar, the library's: safe for any text (colons, «», #, leading dashes,
// digits), and quoted the way `nastavnik new` quotes.
use nastavnik::yaml::double_quoted as q;

const USAGE: &str = "usage: gen_corpus DIR PRACTICES EVENTS [--seed N] [--format nastavnik|hugo]

Writes a synthetic nastavnik (or Hugo) site with PRACTICES practices and EVENTS events into DIR,
which must not exist or be empty. The same seed always gives the same bytes (default seed: 1).";

/// Upper bound on each count: far beyond any benchmark, low enough that a typo cannot fill the disk.
const MAX_ITEMS: usize = 1_000_000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("gen_corpus: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Nastavnik,
    Hugo,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Nastavnik => "nastavnik",
            Format::Hugo => "hugo",
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Args {
    dir: PathBuf,
    practices: usize,
    events: usize,
    seed: u64,
    format: Format,
}

/// Parses the command line; `Ok(None)` means help was asked for.
pub(crate) fn parse_args(args: &[String]) -> Result<Option<Args>, String> {
    let mut positional = Vec::new();
    let mut seed = 1u64;
    let mut format = Format::Nastavnik;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--seed" => {
                let value = iter.next().ok_or("--seed needs a value")?;
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed must be a non-negative integer, got {value:?}"))?;
            }
            "--format" => {
                let value = iter.next().ok_or("--format needs a value")?;
                format = match value.as_str() {
                    "nastavnik" => Format::Nastavnik,
                    "hugo" => Format::Hugo,
                    other => return Err(format!("unknown format {other:?} (nastavnik or hugo)")),
                };
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag:?}")),
            _ => positional.push(arg.as_str()),
        }
    }
    let [dir, practices, events] = positional[..] else {
        return Err(format!(
            "expected 3 arguments (DIR PRACTICES EVENTS), got {}",
            positional.len()
        ));
    };
    let count = |name: &str, value: &str| -> Result<usize, String> {
        match value.parse::<usize>() {
            Ok(n) if n <= MAX_ITEMS => Ok(n),
            Ok(_) => Err(format!("{name} must be at most {MAX_ITEMS}")),
            Err(_) => Err(format!(
                "{name} must be a non-negative integer, got {value:?}"
            )),
        }
    };
    Ok(Some(Args {
        dir: PathBuf::from(dir),
        practices: count("PRACTICES", practices)?,
        events: count("EVENTS", events)?,
        seed,
        format,
    }))
}

pub(crate) fn run(args: &Args) -> Result<String, String> {
    ensure_empty_dir(&args.dir)?;
    let corpus = Corpus::generate(args.seed, args.practices, args.events);
    let files = match args.format {
        Format::Nastavnik => corpus.nastavnik_files(),
        Format::Hugo => corpus.hugo_files(),
    };
    let mut bytes = 0usize;
    for file in &files {
        write_file(&args.dir, &file.path, &file.bytes)?;
        bytes += file.bytes.len();
    }
    let manifest = corpus.manifest_json(args.format);
    write_file(&args.dir, "corpus.json", manifest.as_bytes())?;
    let hits: Vec<String> = corpus
        .queries
        .iter()
        .map(|q| format!("«{}» {}", q.query, q.practices.len()))
        .collect();
    Ok(format!(
        "wrote {} files ({:.1} MB) to {} [{} format, seed {}]: {} organizations, {} practices, {} events, {} orders\nrecall manifest corpus.json: {}",
        files.len() + 1,
        bytes as f64 / 1_048_576.0,
        args.dir.display(),
        args.format.name(),
        args.seed,
        corpus.orgs.len(),
        corpus.practices.len(),
        corpus.events.len(),
        corpus.orders.len(),
        hits.join(", ")
    ))
}

/// Refuses to write into a directory with anything in it: mixing a new corpus with old files would
/// silently corrupt a benchmark, and deleting them is not a generator's business.
fn ensure_empty_dir(dir: &Path) -> Result<(), String> {
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(format!(
                    "{} is not empty; choose a new or empty directory",
                    dir.display()
                ));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
        }
        Err(e) => Err(format!("cannot read {}: {e}", dir.display())),
    }
}

fn write_file(root: &Path, relative: &str, bytes: &[u8]) -> Result<(), String> {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/// SplitMix64: tiny, fast, passes BigCrush, and gives independent streams for different seeds,
/// which is all a corpus generator needs.
struct Rng {
    state: u64,
}

impl Rng {
    fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// A stream for one part of the corpus, so that e.g. the organizations do not change when the
    /// number of practices does.
    fn stream(seed: u64, part: u64) -> Self {
        let mut mixer = Rng::new(seed ^ part.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        Rng::new(mixer.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the bias is below 2^-40 for our n); 0 for n = 0.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `num / den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    /// One element of a non-empty constant pool.
    fn pick<T: Copy>(&mut self, pool: &[T]) -> T {
        pool[self.below(pool.len())]
    }

    /// `k` distinct indices of `0..n` in random order (Floyd's algorithm); fewer if `k > n`.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut chosen = Vec::with_capacity(k);
        let mut seen = HashSet::with_capacity(k);
        for j in n - k..n {
            let t = self.below(j + 1);
            let value = if seen.contains(&t) { j } else { t };
            seen.insert(value);
            chosen.push(value);
        }
        // Floyd's order is biased towards the end; a shuffle makes "first k of the sample" fair.
        for i in (1..chosen.len()).rev() {
            let j = self.below(i + 1);
            chosen.swap(i, j);
        }
        chosen
    }

    /// `k` distinct elements of a constant pool, in pool order (stable front matter reads better).
    fn subset<T: Copy>(&mut self, pool: &[T], k: usize) -> Vec<T> {
        let mut indices = self.sample(pool.len(), k);
        indices.sort_unstable();
        indices.into_iter().map(|i| pool[i]).collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (enough for plausible school dates; no time zones involved)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    y: i32,
    m: u32,
    d: u32,
}

impl Date {
    fn days_in_month(y: i32, m: u32) -> u32 {
        match m {
            4 | 6 | 9 | 11 => 30,
            2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
            2 => 28,
            _ => 31,
        }
    }

    /// 0 = Monday … 6 = Sunday (Sakamoto's method).
    fn weekday(self) -> u32 {
        const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let y = if self.m < 3 { self.y - 1 } else { self.y };
        let sunday_based =
            (y + y / 4 - y / 100 + y / 400 + T[self.m as usize - 1] + self.d as i32) % 7;
        ((sunday_based + 6) % 7) as u32
    }

    fn add_days(self, days: u32) -> Date {
        let mut date = self;
        for _ in 0..days {
            date.d += 1;
            if date.d > Date::days_in_month(date.y, date.m) {
                date.d = 1;
                date.m += 1;
                if date.m > 12 {
                    date.m = 1;
                    date.y += 1;
                }
            }
        }
        date
    }

    /// Moves a weekend day to the nearest working day, as real school events are scheduled.
    fn to_working_day(self) -> Date {
        match self.weekday() {
            5 if self.d > 1 => Date {
                d: self.d - 1,
                ..self
            },
            6 if self.d > 2 => Date {
                d: self.d - 2,
                ..self
            },
            5 => self.add_days(2),
            6 => self.add_days(1),
            _ => self,
        }
    }

    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

/// Month names as the seeds' plan tables write them.
const MONTHS: [&str; 12] = nastavnik::ru::dates::MONTHS_NOMINATIVE;

/// Calendar year of month `m` within the academic year that starts in September of `start`.
fn academic_month_year(start: i32, m: u32) -> i32 {
    if m >= 9 { start } else { start + 1 }
}

/// A working day of the academic year starting in September of `start` (September–May; June
/// rarely, as in real plans).
fn school_day(rng: &mut Rng, start: i32) -> Date {
    const SCHOOL_MONTHS: [u32; 9] = [9, 10, 11, 12, 1, 2, 3, 4, 5];
    let m = if rng.chance(1, 12) {
        6
    } else {
        rng.pick(&SCHOOL_MONTHS)
    };
    let y = academic_month_year(start, m);
    let d = rng.range(1, Date::days_in_month(y, m) as usize) as u32;
    Date { y, m, d }.to_working_day()
}

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/// Russian → Latin for slugs: the generator's own slugs follow the same transliteration as the
/// site (`shkola-4-dorozhnaya-karta`), so it uses the library's.
fn translit(text: &str) -> String {
    nastavnik::ru::translit::slugify(text)
}

fn slug_words(text: &str, words: usize) -> String {
    let full = translit(text);
    let mut taken: Vec<&str> = full.split('-').take(words).collect();
    while taken.len() > 1 && taken.last().is_some_and(|w| w.chars().count() <= 2) {
        taken.pop();
    }
    taken.join("-")
}

/// Makes `base` unique within `used` by appending `-2`, `-3`, … and records it.
fn unique(used: &mut HashSet<String>, base: String) -> String {
    if used.insert(base.clone()) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or(base)
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A letter or digit. Cyrillic and ASCII are answered without the Unicode tables, which made
/// `char::is_alphanumeric` the generator's hottest function.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё')
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// Words as a reader counts them: whitespace-separated tokens with a letter or digit (so table
/// rules, list markers and heading hashes do not count).
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|t| t.chars().any(is_word_char))
        .count()
}

/// A JSON string literal.
fn json_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML basic string (same escapes as JSON for our inputs).
fn toml_str(text: &str) -> String {
    json_str(text)
}

/// Front matter builder: every string is quoted, lists are block sequences.
struct FrontMatter {
    text: String,
}

impl FrontMatter {
    fn new() -> Self {
        FrontMatter {
            text: String::from("---\n"),
        }
    }

    fn str(&mut self, key: &str, value: &str) -> &mut Self {
        let _ = writeln!(self.text, "{key}: {}", q(value));
        self
    }

    fn opt(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.str(key, value);
        }
        self
    }

    /// A scalar that must stay unquoted (numbers, booleans).
    fn raw(&mut self, key: &str, value: &str) -> &mut Self {
        let _ = writeln!(self.text, "{key}: {value}");
        self
    }

    fn list<S: AsRef<str>>(&mut self, key: &str, values: &[S]) -> &mut Self {
        if values.is_empty() {
            return self;
        }
        let _ = writeln!(self.text, "{key}:");
        for value in values {
            let _ = writeln!(self.text, "  - {}", q(value.as_ref()));
        }
        self
    }

    fn finish(&mut self, body: &str) -> String {
        let mut out = std::mem::take(&mut self.text);
        out.push_str("---\n");
        if !body.is_empty() {
            out.push('\n');
            out.push_str(body);
            if !body.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (mentorship domain, from the city's plans and orders in /work/shared/seeds)
//
// None of these pools may contain a recall phrase (see QUERIES) in any form: the phrases appear
// only where `plant_queries` puts them. The manifest is computed from the files anyway.
// ---------------------------------------------------------------------------------------------

const STREETS: &[&str] = &[
    "ул. Ленина",
    "ул. Октябрьской Революции",
    "ул. Николаева",
    "ул. Кирова",
    "ул. Попова",
    "пр-т Гагарина",
    "ул. Дзержинского",
    "ул. Багратиона",
    "ул. Фрунзе",
    "ул. Шевченко",
    "ул. Индустриальная",
    "ул. Рыленкова",
    "ул. Крупской",
    "ул. Кутузова",
    "ул. Генерала Петрова",
    "ул. Нахимова",
    "ул. Тенишевой",
    "ул. Большая Советская",
    "ул. Твардовского",
    "ул. Лавочкина",
    "ул. Марины Расковой",
    "ул. Матросова",
];

const KINDERGARTEN_NAMES: &[&str] = &[
    "Солнышко",
    "Ромашка",
    "Теремок",
    "Радуга",
    "Колокольчик",
    "Березка",
    "Светлячок",
    "Родничок",
    "Ласточка",
    "Золотой ключик",
    "Аленушка",
    "Журавушка",
    "Ладушки",
    "Звездочка",
    "Росинка",
    "Сказка",
    "Улыбка",
    "Дюймовочка",
    "Катюша",
    "Рябинка",
];

/// (full honorific, short honorific) for schools «имени …».
const HONORIFICS: &[(&str, &str)] = &[
    (
        "имени Героя Советского Союза А.П. Колесникова",
        "им. Героя Советского Союза А.П. Колесникова",
    ),
    ("имени М.И. Глинки", "им. М.И. Глинки"),
    ("имени А.Т. Твардовского", "им. А.Т. Твардовского"),
    ("имени Ю.А. Гагарина", "им. Ю.А. Гагарина"),
    (
        "имени Героя России Д.А. Лабзы",
        "им. Героя России Д.А. Лабзы",
    ),
    ("имени В.А. Тенишевой", "им. В.А. Тенишевой"),
];

const COLLEGES: &[(&str, &str)] = &[
    ("kol-ped", "Смоленский педагогический колледж"),
    ("kol-stroy", "Смоленский строительный колледж"),
    ("kol-avto", "Смоленский автотранспортный колледж"),
    ("kol-med", "Смоленский базовый медицинский колледж"),
    ("kol-isk", "Смоленский колледж искусств"),
    ("teh-politeh", "Смоленский политехнический техникум"),
    ("teh-torg", "Смоленский торгово-экономический техникум"),
    ("teh-ind", "Смоленский индустриальный техникум"),
];

/// (id, full name, short name) of institutions of additional education.
const EXTRA: &[(&str, &str, &str)] = &[
    ("cdo", "Центр дополнительного образования", "ЦДО"),
    ("ddt", "Дом детского творчества", "ДДТ"),
    ("cdt", "Центр детского творчества", "ЦДТ"),
    (
        "dyussh-1",
        "Детско-юношеская спортивная школа № 1",
        "ДЮСШ № 1",
    ),
    ("syun", "Станция юных натуралистов", "СЮН"),
    ("dshi-1", "Детская школа искусств № 1", "ДШИ № 1"),
];

const FEMALE_SURNAMES: &[&str] = &[
    "Воскобойникова",
    "Коробкова",
    "Васинова",
    "Дударева",
    "Максименкова",
    "Аникина",
    "Сафонова",
    "Макова",
    "Петрова",
    "Ковалева",
    "Николаева",
    "Соколова",
    "Морозова",
    "Федорова",
    "Лебедева",
    "Егорова",
    "Павлова",
    "Семенова",
    "Голубева",
    "Виноградова",
    "Богданова",
    "Воробьева",
    "Тимофеева",
    "Захарова",
    "Филиппова",
    "Романова",
    "Киселева",
    "Белова",
    "Медведева",
    "Антонова",
];

const MALE_SURNAMES: &[&str] = &[
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Новиков",
    "Алексеев",
    "Козлов",
    "Степанов",
    "Орлов",
    "Гусев",
    "Титов",
];

const INITIALS: &[char] = &[
    'А', 'Б', 'В', 'Г', 'Д', 'Е', 'И', 'К', 'Л', 'М', 'Н', 'О', 'П', 'Р', 'С', 'Т', 'Ю',
];

const SCHOOL_POSITIONS: &[&str] = &[
    "учитель начальных классов",
    "учитель русского языка и литературы",
    "учитель математики",
    "учитель истории",
    "учитель английского языка",
    "учитель физики",
    "учитель биологии",
    "заместитель директора по учебно-воспитательной работе",
    "заместитель директора по воспитательной работе",
    "педагог-психолог",
    "социальный педагог",
    "руководитель методического объединения",
];

const KINDERGARTEN_POSITIONS: &[&str] = &[
    "воспитатель",
    "старший воспитатель",
    "музыкальный руководитель",
    "учитель-логопед",
    "инструктор по физической культуре",
    "заведующий",
];

const COLLEGE_POSITIONS: &[&str] = &[
    "преподаватель",
    "мастер производственного обучения",
    "заместитель директора по учебной работе",
    "методист",
];

const EXTRA_POSITIONS: &[&str] = &[
    "педагог дополнительного образования",
    "методист",
    "тренер-преподаватель",
    "заместитель директора",
];

const PRACTICE_TYPES: &[&str] = &[
    "Программа наставничества",
    "Практика наставничества",
    "Модель наставничества",
    "Проект",
    "Клуб наставников",
    "Школа наставника",
    "Педагогическая мастерская",
    "Система сопровождения педагогов",
    "Методический марафон",
    "Технология сопровождения",
];

const PRACTICE_NAMES: &[&str] = &[
    "Шаг навстречу",
    "Вместе к успеху",
    "Точка роста",
    "Первые шаги в профессии",
    "Профессиональный старт",
    "Навигатор",
    "Равный – равному",
    "Диалог поколений",
    "Созвездие",
    "Маяк",
    "Траектория успеха",
    "От идеи к результату",
    "Наставник рядом",
    "Мастерская опыта",
    "Компас",
    "Тандем",
    "Лестница роста",
    "Путь к мастерству",
    "Дорожная карта",
    "Открытый класс",
    "Учимся вместе",
    "Педагогический десант",
    "Сильное звено",
    "Перезагрузка",
    "Калейдоскоп идей",
    "Содружество",
    "Надежный старт",
    "Ступени мастерства",
    "Эстафета опыта",
    "Школа успешного учителя",
    "Мы – команда",
    "Горизонты",
    "Перспектива",
    "Лаборатория урока",
    "Точка опоры",
    "Вектор развития",
    "Партнеры",
    "Школа лидера",
    "Профессиональный рост",
    "Время первых",
];

const TITLE_SUFFIXES: &[&str] = &[
    " как ресурс профессионального роста",
    " в условиях обновленных ФГОС",
    " для классных руководителей",
    ": опыт внедрения целевой модели",
    " в образовательной организации",
];

/// Topics: about forty free tags. The first one belongs to the «молодой педагог» recall set only.
const TOPIC_YOUNG: &str = "адаптация молодых педагогов";
const TOPICS: &[&str] = &[
    "профессиональное выгорание",
    "функциональная грамотность",
    "профориентация",
    "одаренные дети",
    "инклюзивное образование",
    "обновленные ФГОС",
    "воспитательная работа",
    "классное руководство",
    "работа с родителями",
    "проектная деятельность",
    "исследовательская деятельность",
    "школьная документация",
    "современный урок",
    "цифровые инструменты",
    "дистанционное обучение",
    "методическое объединение",
    "аттестация педагогов",
    "повышение квалификации",
    "корпоративная культура",
    "школьная служба медиации",
    "ученическое самоуправление",
    "волонтерство",
    "патриотическое воспитание",
    "дошкольное образование",
    "игровые технологии",
    "техническое творчество",
    "развитие речи",
    "подготовка к ОГЭ и ЕГЭ",
    "олимпиадное движение",
    "сетевое взаимодействие",
    "социальное партнерство",
    "трудоустройство выпускников",
    "рабочие профессии",
    "оценка качества образования",
    "формирующее оценивание",
    "медиаграмотность",
    "читательская грамотность",
    "психолого-педагогическое сопровождение",
    "лидерство в образовании",
    "управленческая команда",
    "дополнительное образование",
];

const KINDS: &[&str] = &[
    "индивидуальное",
    "групповое",
    "виртуальное",
    "реверсивное",
    "ситуационное",
    "скоростное",
    "традиционное",
    "партнерское",
];

const FORM_TEACHER: &str = "учитель – учитель";
const FORM_NOVICE: &str = "опытный педагог – молодой специалист";
const FORM_HEAD: &str = "руководитель – педагог";
const FORM_PUPIL: &str = "ученик – ученик";
const FORM_STUDENT: &str = "студент – ученик";
const FORM_EMPLOYER: &str = "работодатель – ученик";

const RECOGNITION: &[&str] = &[
    "муниципальный",
    "муниципальный",
    "муниципальный",
    "региональный",
    "региональный",
    "федеральный",
];

const GOALS: &[&str] = &[
    "создание условий для успешной профессиональной самореализации педагогических работников",
    "обеспечение постепенного вовлечения начинающего учителя во все сферы профессиональной деятельности",
    "развитие наставничества и тиражирование лучших практик в образовательных организациях города Смоленска",
    "формирование эффективной системы поддержки, самоопределения и профессиональной ориентации обучающихся",
    "повышение уровня профессиональной деятельности педагогов и качества их работы",
    "закрепление специалистов в профессии и в коллективе образовательной организации",
];

const TASKS: &[&str] = &[
    "выявить затруднения педагогов в организации образовательного процесса",
    "разработать персонализированные программы наставничества",
    "организовать взаимопосещение уроков и занятий",
    "обобщить и оформить опыт наставнической деятельности",
    "обеспечить методическое сопровождение участников программы",
    "создать условия для обмена опытом между педагогами",
    "сформировать банк методических материалов",
    "оценить эффективность программы по итогам учебного года",
    "содействовать адаптации к корпоративной культуре образовательной организации",
    "раскрыть личностный и творческий потенциал наставляемых",
    "ускорить процесс профессионального становления педагогического работника",
];

const STAGE_ITEMS: &[&str] = &[
    "входная диагностика затруднений наставляемого",
    "составление индивидуального плана развития",
    "взаимопосещение уроков с последующим анализом",
    "совместная разработка технологических карт уроков",
    "участие в работе методического объединения",
    "подготовка открытого урока или занятия",
    "рефлексивная встреча по итогам четверти",
    "ведение портфолио наставляемого",
    "онлайн-консультации в школьном мессенджере",
    "участие в городских конкурсах профессионального мастерства",
    "самоанализ и взаимооценка по единым критериям",
];

const RESOURCES: &[&str] = &[
    "методические рекомендации по внедрению целевой модели наставничества",
    "шаблон индивидуального плана развития наставляемого",
    "анкета удовлетворенности участников программы",
    "подборка видеозаписей открытых уроков",
    "электронный журнал наставника",
    "положение о системе наставничества образовательной организации",
    "памятка для наставляемого «Первый месяц в школе»",
    "сборник технологических карт уроков",
];

const EXTERNAL_LINKS: &[(&str, &str)] = &[
    (
        "Министерство просвещения Российской Федерации",
        "https://edu.gov.ru/",
    ),
    (
        "Академия Минпросвещения России: материалы о наставничестве",
        "https://apkpro.ru/",
    ),
    (
        "Федеральный портал «Российское образование»",
        "https://www.edu.ru/",
    ),
    (
        "Смоленский областной институт развития образования",
        "https://dpo-smolensk.ru/",
    ),
];

const SUBJECTS: &[&str] = &[
    "наставник",
    "куратор программы",
    "методическое объединение",
    "педагогический коллектив",
    "администрация школы",
    "творческая группа",
    "заместитель директора",
    "школьная служба наставничества",
    "совет наставников",
    "руководитель методического объединения",
];

const VERBS_SINGULAR: &[&str] = &[
    "организует",
    "проводит",
    "планирует",
    "координирует",
    "анализирует",
    "обсуждает",
    "разрабатывает",
    "готовит",
    "представляет",
];

const VERBS_PLURAL: &[&str] = &[
    "организуют",
    "проводят",
    "планируют",
    "обсуждают",
    "анализируют",
    "разрабатывают",
    "готовят",
];

const OBJECTS: &[&str] = &[
    "открытые уроки",
    "взаимопосещение занятий",
    "индивидуальный план развития",
    "методические консультации",
    "рефлексивные встречи",
    "портфолио наставляемого",
    "дорожную карту программы",
    "серию мастер-классов",
    "анализ урока по единому протоколу",
    "встречи по обмену опытом",
    "совместное проектирование уроков",
    "мониторинг удовлетворенности участников",
    "технологические карты уроков",
    "методическую копилку",
    "педагогические чтения",
];

const MODIFIERS: &[&str] = &[
    "в течение учебного года",
    "один раз в месяц",
    "на заседаниях методического объединения",
    "с учетом запросов наставляемых",
    "в соответствии с дорожной картой",
    "по итогам каждой четверти",
    "на базе образовательной организации",
    "в очном и дистанционном форматах",
    "при поддержке методического отдела",
    "на основе результатов входной диагностики",
];

const DATIVES: &[&str] = &[
    "формированию профессиональных компетенций",
    "развитию навыков рефлексии",
    "освоению современных образовательных технологий",
    "организации учебного сотрудничества",
    "проектированию урока",
    "работе с родителями обучающихся",
    "формированию функциональной грамотности обучающихся",
    "профилактике профессионального выгорания",
    "ведению школьной документации",
    "включению в корпоративную культуру школы",
];

const AIMS: &[&str] = &[
    "повышение качества образования",
    "развитие кадрового потенциала",
    "закрепление специалистов в профессии",
    "создание открытой профессиональной среды",
    "распространение лучших практик",
    "рост профессионального мастерства педагогических работников",
    "непрерывное профессиональное развитие",
    "поддержку инициатив педагогов",
];

const MEANS: &[&str] = &[
    "взаимопосещение уроков",
    "совместное проектирование занятий",
    "работу творческих групп",
    "индивидуальные консультации",
    "мастер-классы опытных коллег",
    "цикл рефлексивных встреч",
    "педагогические мастерские",
];

const INFINITIVES: &[&str] = &[
    "повысить качество преподавания",
    "снизить тревожность начинающих учителей",
    "выстроить доверительные отношения в коллективе",
    "быстрее освоить требования обновленных ФГОС",
    "увидеть сильные стороны каждого участника",
    "сохранить преемственность педагогических традиций",
];

const FIXED_SENTENCES: &[&str] = &[
    "В России 2023 год был объявлен Годом педагога и наставника.",
    "Развитие наставничества является эффективным инструментом профессионального роста педагогических работников.",
    "В условиях модернизации системы образования приоритетом является развитие ее кадрового потенциала.",
    "Непрерывный рост профессионального мастерства невозможен без поддержки опытных коллег.",
    "Единая федеральная система научно-методического сопровождения педагогов создается в рамках национального проекта «Образование».",
    "Наставничество помогает сохранить лучшие традиции коллектива и передать их следующему поколению учителей.",
    "Начинающие специалисты нередко испытывают трудности в организации учебного процесса и во взаимодействии с родителями.",
    "По данным мониторинга, значительная часть педагогов нуждается в адресной методической помощи.",
    "Обновленные федеральные государственные образовательные стандарты предъявляют новые требования к планированию урока.",
    "Целевая модель наставничества предусматривает разные формы взаимодействия участников.",
    "Регулярные встречи наставника и наставляемого снижают тревожность и повышают уверенность в своих силах.",
    "Практика востребована в образовательных организациях города и может быть тиражирована без дополнительных затрат.",
    "Участие в программе добровольное и закрепляется приказом руководителя образовательной организации.",
    "Наставляемый сам формулирует запрос, а наставник помогает превратить его в измеримые цели.",
];

const RESULT_SENTENCES: &[&str] = &[
    "По итогам реализации практики все участники программы успешно прошли аттестацию.",
    "Наставляемые провели открытые уроки на уровне образовательной организации.",
    "Опыт представлен на заседании городского методического объединения.",
    "Материалы практики вошли в муниципальный банк эффективных практик наставничества.",
    "Наставляемые стали призерами муниципального этапа конкурса профессионального мастерства.",
    "Вырос интерес педагогов к участию в сетевых профессиональных сообществах.",
];

const AUDIENCES_SCHOOL: &[&str] = &[
    "учителя со стажем работы до трех лет",
    "учителя начальных классов",
    "классные руководители",
    "обучающиеся 5–9 классов",
    "заместители директоров по учебно-воспитательной работе",
    "педагоги, вернувшиеся в профессию после перерыва",
];

const AUDIENCES_KINDERGARTEN: &[&str] = &[
    "воспитатели дошкольных образовательных организаций",
    "начинающие воспитатели",
    "специалисты дошкольного образования",
];

const AUDIENCES_COLLEGE: &[&str] = &[
    "студенты колледжа",
    "преподаватели профессиональных модулей",
    "мастера производственного обучения",
];

const AUDIENCES_EXTRA: &[&str] = &[
    "педагоги дополнительного образования",
    "тренеры-преподаватели",
    "обучающиеся объединений дополнительного образования",
];

const EVENT_TITLES: &[&str] = &[
    "Организационное собрание «Об организации наставничества в школе»",
    "Мониторинг «Организация наставничества в школе»",
    "Основы организации наставнической деятельности. Программа наставничества",
    "Руководство системой наставничества в образовательной организации",
    "Модели наставничества",
    "Наставник: профессионал и личность",
    "Вопросы эффективности реализации программы наставничества",
    "Конкурс для наставников и наставляемых",
    "Конференция «Наставничество как инструмент повышения качества профессионального образования: опыт, проблемы, перспективы»",
    "Старт-сессия по вопросам внедрения системы наставничества",
    "Презентация промежуточных результатов внедрения системы наставничества",
    "Современный урок: от замысла к результату",
    "Наставничество в дошкольной образовательной организации",
    "Индивидуальный образовательный маршрут наставляемого",
    "Персонализированная программа наставничества",
    "Открытые уроки наставников",
    "Фестиваль педагогических идей",
    "Стажировочная площадка «Школа наставника»",
    "Форма наставничества «ученик – ученик»",
    "Совещание руководителей по вопросам развития системы наставничества",
    "Профилактика профессионального выгорания педагогов",
    "Портфолио наставника: структура и содержание",
    "Наставничество в системе среднего профессионального образования",
    "Функциональная грамотность: задания и критерии оценивания",
];

const EVENT_FORMATS: &[&str] = &[
    "мастер-класс",
    "мастер-класс",
    "семинар",
    "семинар",
    "диалоговая площадка",
    "презентация опыта",
    "круглый стол",
    "вебинар",
    "онлайн-опрос",
    "конференция",
    "конкурс",
    "педагогическая мастерская",
    "стажировочная площадка",
];

const SERIES: &[&str] = &[
    "Школа лидеров образования",
    "Школа молодого учителя",
    "Школа молодого воспитателя",
    "Банк эффективных практик наставничества",
];

const EVENT_AUDIENCES: &[&str] = &[
    "заместители директоров по учебно-воспитательной работе",
    "педагоги-наставники",
    "руководители образовательных организаций",
    "воспитатели дошкольных образовательных организаций",
    "учителя со стажем работы до трех лет",
    "руководители методических объединений",
];

const ROOMS: &[&str] = &[
    "актовый зал",
    "конференц-зал",
    "кабинет № 12",
    "кабинет № 21",
    "библиотека",
    "методический кабинет",
];

const AGENDA: &[&str] = &[
    "приветственное слово организаторов",
    "выступление наставников из опыта работы",
    "работа в группах",
    "обсуждение и ответы на вопросы",
    "подведение итогов, рефлексия",
    "презентация методических материалов",
    "открытый урок с последующим анализом",
];

// ---------------------------------------------------------------------------------------------
// Recall queries: phrases planted in a known share of practices, in varied inflections
// ---------------------------------------------------------------------------------------------

struct QuerySpec {
    /// The phrase as a visitor would type it.
    query: &'static str,
    /// Every inflected form counted as a hit (lower case, whole words).
    forms: &'static [&'static str],
    /// Share of practices it is planted in, in per mille.
    per_mille: usize,
    /// Sentences that carry one form each; one or two are put into a chosen practice.
    sentences: &'static [&'static str],
    /// A topic added to the chosen practices, if any.
    topic: Option<&'static str>,
}

const QUERIES: &[QuerySpec] = &[
    QuerySpec {
        query: "молодой педагог",
        forms: &[
            "молодой педагог",
            "молодого педагога",
            "молодому педагогу",
            "молодым педагогом",
            "молодом педагоге",
            "молодые педагоги",
            "молодых педагогов",
            "молодым педагогам",
            "молодыми педагогами",
            "молодых педагогах",
        ],
        per_mille: 50,
        sentences: &[
            "Для молодого педагога разрабатывается индивидуальный образовательный маршрут.",
            "Наставник помогает молодому педагогу спланировать первую четверть.",
            "Каждый молодой педагог получает поддержку опытного коллеги.",
            "С молодыми педагогами проводятся еженедельные консультации.",
            "Молодые педагоги посещают уроки наставников и обсуждают увиденное.",
            "Программа рассчитана на молодых педагогов со стажем работы до трех лет.",
            "Работа с молодым педагогом строится на принципах доверия и партнерства.",
            "В портфолио отражаются сведения о молодом педагоге и его профессиональных достижениях.",
            "Молодым педагогам предлагается участие в конкурсе «Педагогический дебют».",
        ],
        topic: Some(TOPIC_YOUNG),
    },
    QuerySpec {
        query: "профессиональные дефициты",
        forms: &[
            "профессиональный дефицит",
            "профессионального дефицита",
            "профессиональному дефициту",
            "профессиональным дефицитом",
            "профессиональном дефиците",
            "профессиональные дефициты",
            "профессиональных дефицитов",
            "профессиональным дефицитам",
            "профессиональными дефицитами",
            "профессиональных дефицитах",
        ],
        per_mille: 100,
        sentences: &[
            "На первом этапе выявляются профессиональные дефициты наставляемых.",
            "Диагностика профессиональных дефицитов проводится в начале учебного года.",
            "План работы строится с учетом профессиональных дефицитов каждого участника.",
            "Особое внимание уделяется работе с профессиональными дефицитами в области оценивания.",
            "Программа помогает преодолеть профессиональные дефициты в организации проектной деятельности.",
            "Карта профессиональных дефицитов обновляется по итогам каждой четверти.",
            "Каждому выявленному профессиональному дефициту соответствует мероприятие плана.",
        ],
        topic: None,
    },
    QuerySpec {
        query: "реверсивное наставничество",
        forms: &[
            "реверсивное наставничество",
            "реверсивного наставничества",
            "реверсивному наставничеству",
            "реверсивным наставничеством",
            "реверсивном наставничестве",
        ],
        per_mille: 40,
        sentences: &[
            "В школе применяется реверсивное наставничество: начинающие коллеги обучают старших работе с цифровыми сервисами.",
            "Опыт реверсивного наставничества показал свою эффективность.",
            "Особая роль отводится реверсивному наставничеству.",
            "Практика дополнена реверсивным наставничеством в области информационных технологий.",
            "О реверсивном наставничестве участники рассказали на городском семинаре.",
        ],
        topic: None,
    },
    QuerySpec {
        query: "цифровая образовательная среда",
        forms: &[
            "цифровая образовательная среда",
            "цифровой образовательной среды",
            "цифровой образовательной среде",
            "цифровую образовательную среду",
            "цифровой образовательной средой",
        ],
        per_mille: 30,
        sentences: &[
            "Работа ведется в цифровой образовательной среде школы.",
            "Цифровая образовательная среда позволяет наставнику и наставляемому общаться дистанционно.",
            "Наставляемые осваивают цифровую образовательную среду под руководством наставника.",
            "Практика расширяет возможности цифровой образовательной среды образовательной организации.",
            "Обмен материалами обеспечивается цифровой образовательной средой учреждения.",
        ],
        topic: None,
    },
    QuerySpec {
        query: "наставническая пара",
        forms: &[
            "наставническая пара",
            "наставнической пары",
            "наставнической паре",
            "наставническую пару",
            "наставнической парой",
            "наставнические пары",
            "наставнических пар",
            "наставническим парам",
            "наставническими парами",
            "наставнических парах",
        ],
        per_mille: 80,
        sentences: &[
            "Каждая наставническая пара составляет план совместной работы.",
            "Для каждой наставнической пары определяются цели и сроки.",
            "Наставнические пары формируются с учетом запросов участников.",
            "Руководитель программы встречается с наставническими парами раз в месяц.",
            "Наставническим парам предлагается единый шаблон отчета.",
            "Опыт наставнических пар обобщается на заседании педагогического совета.",
            "Закрепление за наставнической парой оформляется приказом руководителя.",
        ],
        topic: None,
    },
];

/// Finds which queries occur in a text in one pass over its words, instead of one substring
/// search per inflected form (50 forms × 10,000 practices made the generator scan gigabytes).
/// Same result as a whole-word substring search (see the tests) for forms separated by single spaces, which all of ours are.
struct PhraseMatcher {
    /// (query index, form split into words)
    forms: Vec<(usize, Vec<&'static str>)>,
    first_words: HashSet<&'static str>,
}

impl PhraseMatcher {
    fn new() -> Self {
        let mut forms = Vec::new();
        let mut first_words = HashSet::new();
        for (i, spec) in QUERIES.iter().enumerate() {
            for form in spec.forms {
                let words: Vec<&'static str> = form.split(' ').collect();
                first_words.insert(words[0]);
                forms.push((i, words));
            }
        }
        PhraseMatcher { forms, first_words }
    }

    /// For each query, whether `text` (any case) contains one of its forms as whole words.
    fn matches(&self, text: &str) -> Vec<bool> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .collect();
        let mut found = vec![false; QUERIES.len()];
        for (at, word) in words.iter().enumerate() {
            if !self.first_words.contains(word) {
                continue;
            }
            for (query, form) in &self.forms {
                if !found[*query] && words[at..].starts_with(form) {
                    found[*query] = true;
                }
            }
        }
        found
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus model
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OrgClass {
    School,
    Kindergarten,
    College,
    Extra,
    Authority,
}

struct Org {
    id: String,
    name: String,
    short: String,
    kind: &'static str,
    address: String,
    url: String,
    email: String,
    class: OrgClass,
    register: OrgRegister,
}

/// An organization's fields for the register of mentoring programmes.
#[derive(Default)]
struct OrgRegister {
    district: Option<&'static str>,
    mentoring: Option<bool>,
    program_since: Option<i32>,
    mentoring_url: Option<String>,
    curator: Option<OrgCurator>,
    /// Per year: pairs, groups, mentors, mentees.
    figures: Vec<(i32, [u32; 4])>,
}

/// A programme's curator, with the fields the organization allows to publish.
struct OrgCurator {
    name: String,
    position: &'static str,
    phone: String,
    email: String,
    publish: &'static [&'static str],
}

enum Year {
    Single(i32),
    Academic(i32),
}

enum Attachment {
    Path(&'static str),
    Titled(&'static str, &'static str),
}

/// A reference from one page to another, written either as a bare slug or as `@/…/slug.md`.
struct Ref {
    target: usize,
    at_form: bool,
}

struct Practice {
    stem: String,
    slug: Option<String>,
    bundle: bool,
    draft: bool,
    title: String,
    summary: String,
    orgs: Vec<usize>,
    authors: Vec<String>,
    levels: Vec<&'static str>,
    forms: Vec<&'static str>,
    kinds: Vec<&'static str>,
    topics: Vec<&'static str>,
    year: Year,
    audience: String,
    recognition: Option<&'static str>,
    attachments: Vec<Attachment>,
    events: Vec<Ref>,
    date: Date,
    aliases: Vec<String>,
    body: String,
}

impl Practice {
    fn url_slug(&self) -> &str {
        self.slug.as_deref().unwrap_or(&self.stem)
    }

    /// Whether front matter (`practices:` of events, `events:` of practices) may refer here: by
    /// a bare file name, which is unambiguous only for a published single-file practice without
    /// a `slug`.
    fn linkable(&self) -> bool {
        !self.draft && self.slug.is_none() && !self.bundle
    }

    /// The `@/` path a Markdown link uses: links go by file, so `slug` overrides and bundles
    /// (`…/index.md`) are fine targets, and exercise the resolver. Drafts never are.
    fn link_path(&self) -> String {
        if self.bundle {
            format!("@/practices/{}/index.md", self.stem)
        } else {
            format!("@/practices/{}.md", self.stem)
        }
    }
}

struct Event {
    stem: String,
    slug: Option<String>,
    draft: bool,
    title: String,
    start: String,
    end: Option<String>,
    first_day: Date,
    format: &'static str,
    series: Option<&'static str>,
    orgs: Vec<usize>,
    responsible: Vec<String>,
    location: Option<String>,
    online: Option<String>,
    registration: Option<String>,
    audience: Option<&'static str>,
    status: Option<&'static str>,
    summary: String,
    practices: Vec<Ref>,
    /// The roadmap measure the event carries out: (roadmap, measure) indices.
    measure: Option<(usize, usize)>,
    aliases: Vec<String>,
    body: String,
}

struct Order {
    /// The file's stem below `content/orders/`; `x/index` for a bundle with `file`.
    stem: &'static str,
    title: &'static str,
    /// The document's kind from the fixed list (`kind`), which decides its label.
    kind: &'static str,
    /// Empty for an unnumbered document (a template).
    number: &'static str,
    date: &'static str,
    issuer: &'static str,
    level: &'static str,
    status: Option<&'static str>,
    replaces: Option<&'static str>,
    replaced_by: Option<&'static str>,
    /// A file in the bundle (`file`), written as a small PDF.
    file: Option<&'static str>,
    summary: &'static str,
    body: &'static str,
}

struct QueryHits {
    query: &'static str,
    forms: &'static [&'static str],
    topic: Option<&'static str>,
    practices: Vec<String>,
    topic_practices: Vec<String>,
}

struct Corpus {
    seed: u64,
    orgs: Vec<Org>,
    practices: Vec<Practice>,
    events: Vec<Event>,
    orders: Vec<Order>,
    roadmaps: Vec<Roadmap>,
    contests: Vec<Contest>,
    queries: Vec<QueryHits>,
}

/// One file of the generated site, relative to its root.
struct OutFile {
    path: String,
    bytes: Vec<u8>,
}

impl OutFile {
    fn text(path: impl Into<String>, text: String) -> Self {
        OutFile {
            path: path.into(),
            bytes: text.into_bytes(),
        }
    }
}

impl Corpus {
    fn generate(seed: u64, practices: usize, events: usize) -> Corpus {
        let mut orgs = generate_orgs(&mut Rng::stream(seed, 1));
        // The register's fields have a stream of their own, so the rest of an organization
        // stays as it was before the register existed.
        generate_register(&mut Rng::stream(seed, 12), &mut orgs);
        let mut practices = generate_practice_headers(&mut Rng::stream(seed, 2), practices, &orgs);
        let mut events = generate_events(&mut Rng::stream(seed, 3), events, &orgs, &mut practices);
        let planted = plant_queries(&mut Rng::stream(seed, 4), &mut practices);
        generate_practice_bodies(&mut Rng::stream(seed, 5), &mut practices, &orgs, &planted);
        // Roadmaps have streams of their own, so the other pages stay as they were before
        // roadmaps existed (only events given a `measure` change).
        let roadmaps = generate_roadmaps(
            &mut Rng::stream(seed, 6),
            roadmap_count(practices.len()),
            &orgs,
        );
        assign_measures(&mut Rng::stream(seed, 7), &mut events, &roadmaps);
        let contests = generate_contests(
            &mut Rng::stream(seed, 8),
            contest_count(practices.len()),
            &orgs,
            &practices,
            &events,
        );
        let mut corpus = Corpus {
            contests,
            seed,
            orgs,
            practices,
            events,
            roadmaps,
            orders: orders(),
            queries: Vec::new(),
        };
        corpus.queries = corpus.scan_queries();
        corpus
    }

    /// The recall manifest, from the text actually written (published practices only).
    fn scan_queries(&self) -> Vec<QueryHits> {
        let matcher = PhraseMatcher::new();
        let found: Vec<Option<Vec<bool>>> = self
            .practices
            .iter()
            .enumerate()
            .map(|(i, p)| (!p.draft).then(|| matcher.matches(&self.practice_file(i))))
            .collect();
        QUERIES
            .iter()
            .enumerate()
            .map(|(q, spec)| {
                let mut hits = QueryHits {
                    query: spec.query,
                    forms: spec.forms,
                    topic: spec.topic,
                    practices: Vec::new(),
                    topic_practices: Vec::new(),
                };
                for (p, found) in self.practices.iter().zip(&found) {
                    let Some(found) = found else { continue };
                    if found[q] {
                        hits.practices.push(p.url_slug().to_owned());
                    }
                    if spec.topic.is_some_and(|t| p.topics.contains(&t)) {
                        hits.topic_practices.push(p.url_slug().to_owned());
                    }
                }
                hits
            })
            .collect()
    }

    fn manifest_json(&self, format: Format) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{{");
        let _ = writeln!(out, "  \"generator\": \"gen_corpus\",");
        let _ = writeln!(out, "  \"format\": {},", json_str(format.name()));
        let _ = writeln!(out, "  \"seed\": {},", self.seed);
        let _ = writeln!(out, "  \"organizations\": {},", self.orgs.len());
        let _ = writeln!(out, "  \"practices\": {},", self.practices.len());
        let published = self.practices.iter().filter(|p| !p.draft).count();
        let _ = writeln!(out, "  \"published_practices\": {published},");
        let _ = writeln!(out, "  \"events\": {},", self.events.len());
        let _ = writeln!(out, "  \"orders\": {},", self.orders.len());
        let roadmaps = match format {
            Format::Nastavnik => self.roadmaps.len(),
            Format::Hugo => 0,
        };
        let _ = writeln!(out, "  \"roadmaps\": {roadmaps},");
        let contests = match format {
            Format::Nastavnik => self.contests.len(),
            Format::Hugo => 0,
        };
        let _ = writeln!(out, "  \"contests\": {contests},");
        let _ = writeln!(
            out,
            "  \"note\": {},",
            json_str(
                "For each query: the URL slugs of published practices whose file contains one of the listed forms as whole words (case-insensitive); topic_practices: practices tagged with the query's topic."
            )
        );
        let _ = writeln!(out, "  \"queries\": [");
        for (i, hits) in self.queries.iter().enumerate() {
            let list = |items: &[String]| -> String {
                let quoted: Vec<String> = items.iter().map(|s| json_str(s)).collect();
                format!("[{}]", quoted.join(", "))
            };
            let forms: Vec<String> = hits.forms.iter().map(|f| (*f).to_owned()).collect();
            let _ = writeln!(out, "    {{");
            let _ = writeln!(out, "      \"query\": {},", json_str(hits.query));
            let _ = writeln!(out, "      \"forms\": {},", list(&forms));
            match hits.topic {
                Some(topic) => {
                    let _ = writeln!(out, "      \"topic\": {},", json_str(topic));
                    let _ = writeln!(
                        out,
                        "      \"topic_practices\": {},",
                        list(&hits.topic_practices)
                    );
                }
                None => {
                    let _ = writeln!(out, "      \"topic\": null,");
                    let _ = writeln!(out, "      \"topic_practices\": [],");
                }
            }
            let _ = writeln!(out, "      \"practices\": {}", list(&hits.practices));
            let comma = if i + 1 < self.queries.len() { "," } else { "" };
            let _ = writeln!(out, "    }}{comma}");
        }
        let _ = writeln!(out, "  ]");
        let _ = writeln!(out, "}}");
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

fn person(rng: &mut Rng) -> String {
    let surname = if rng.chance(4, 5) {
        rng.pick(FEMALE_SURNAMES)
    } else {
        rng.pick(MALE_SURNAMES)
    };
    format!("{surname} {}.{}.", rng.pick(INITIALS), rng.pick(INITIALS))
}

fn position(rng: &mut Rng, class: OrgClass) -> &'static str {
    match class {
        OrgClass::School => rng.pick(SCHOOL_POSITIONS),
        OrgClass::Kindergarten => rng.pick(KINDERGARTEN_POSITIONS),
        OrgClass::College => rng.pick(COLLEGE_POSITIONS),
        OrgClass::Extra | OrgClass::Authority => rng.pick(EXTRA_POSITIONS),
    }
}

fn generate_orgs(rng: &mut Rng) -> Vec<Org> {
    let mut orgs = Vec::with_capacity(104);
    let mut add = |rng: &mut Rng, id: String, name: String, short: String, kind, class| {
        let address = format!(
            "2140{:02}, г. Смоленск, {}, д. {}",
            rng.range(0, 40),
            rng.pick(STREETS),
            rng.range(1, 120)
        );
        let host = id.replace('-', "");
        orgs.push(Org {
            url: format!("https://{host}.example.org/"),
            email: format!("{host}@example.org"),
            id,
            name,
            short,
            kind,
            address,
            class,
            register: OrgRegister::default(),
        });
    };
    const SECONDARY: &[u32] = &[
        2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
        28, 29, 30, 31, 32, 33, 34, 35, 37, 38, 39, 40,
    ];
    for &n in SECONDARY {
        let honorific = match n {
            27 => Some(("имени Э.А. Хиля", "им. Э.А. Хиля")),
            32 => Some(("имени С.А. Лавочкина", "им. С.А. Лавочкина")),
            _ if rng.chance(1, 6) => Some(rng.pick(HONORIFICS)),
            _ => None,
        };
        let (full_hon, short_hon) = match honorific {
            Some((full, short)) => (format!(" {full}"), format!(" {short}")),
            None => (String::new(), String::new()),
        };
        add(
            rng,
            format!("sh-{n}"),
            format!(
                "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № {n}{full_hon}» города Смоленска"
            ),
            format!("МБОУ «СШ № {n}{short_hon}»"),
            "школа",
            OrgClass::School,
        );
    }
    for n in [4, 15, 36] {
        add(
            rng,
            format!("oosh-{n}"),
            format!(
                "Муниципальное бюджетное общеобразовательное учреждение «Основная общеобразовательная школа № {n}» города Смоленска"
            ),
            format!("МБОУ «ООШ № {n}»"),
            "школа",
            OrgClass::School,
        );
    }
    for (n, full_hon, short_hon) in [
        (1, " имени Н.М. Пржевальского", " им. Н.М. Пржевальского"),
        (4, "", ""),
        (8, "", ""),
    ] {
        add(
            rng,
            format!("gim-{n}"),
            format!(
                "Муниципальное бюджетное общеобразовательное учреждение «Гимназия № {n}{full_hon}» города Смоленска"
            ),
            format!("МБОУ «Гимназия № {n}{short_hon}»"),
            "гимназия",
            OrgClass::School,
        );
    }
    for (n, full_hon, short_hon) in [
        (
            1,
            " имени академика Б.Н. Петрова",
            " им. академика Б.Н. Петрова",
        ),
        (2, "", ""),
    ] {
        add(
            rng,
            format!("lic-{n}"),
            format!(
                "Муниципальное бюджетное общеобразовательное учреждение «Лицей № {n}{full_hon}» города Смоленска"
            ),
            format!("МБОУ «Лицей № {n}{short_hon}»"),
            "лицей",
            OrgClass::School,
        );
    }
    for n in 1..=45u32 {
        let n = n * 2 + u32::from(n % 3 == 0);
        let name = rng.pick(KINDERGARTEN_NAMES);
        add(
            rng,
            format!("ds-{n}"),
            format!(
                "Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № {n} «{name}»» города Смоленска"
            ),
            format!("МБДОУ «Детский сад № {n}»"),
            "детский сад",
            OrgClass::Kindergarten,
        );
    }
    for (id, name) in COLLEGES {
        add(
            rng,
            (*id).to_owned(),
            format!(
                "Областное государственное бюджетное профессиональное образовательное учреждение «{name}»"
            ),
            format!("ОГБПОУ «{name}»"),
            "колледж",
            OrgClass::College,
        );
    }
    for (id, full, short) in EXTRA {
        add(
            rng,
            (*id).to_owned(),
            format!(
                "Муниципальное бюджетное учреждение дополнительного образования «{full}» города Смоленска"
            ),
            format!("МБУ ДО «{short}»"),
            "учреждение ДО",
            OrgClass::Extra,
        );
    }
    add(
        rng,
        "uomp".to_owned(),
        "Управление образования и молодежной политики Администрации города Смоленска".to_owned(),
        "Управление образования".to_owned(),
        "орган управления",
        OrgClass::Authority,
    );
    add(
        rng,
        "soiro".to_owned(),
        "Государственное автономное учреждение дополнительного профессионального образования «Смоленский областной институт развития образования»".to_owned(),
        "ГАУ ДПО СОИРО".to_owned(),
        "организация ДПО",
        OrgClass::Authority,
    );
    orgs
}

const DISTRICTS: &[&str] = &["Ленинский", "Промышленный", "Заднепровский"];

/// What curators allow to publish; an empty list publishes nothing (and quietly).
const PUBLISH_LISTS: &[&[&str]] = &[
    &["name", "position", "email"],
    &["name", "position", "phone", "email"],
    &["position", "email"],
    &[],
];

/// The register's fields: every organization a district, most a programme (since 2020–2023),
/// a curator with a publish list, and figures for 2023 and 2024 from the programme's start.
fn generate_register(rng: &mut Rng, orgs: &mut [Org]) {
    for org in orgs.iter_mut() {
        let r = &mut org.register;
        r.district = Some(rng.pick(DISTRICTS));
        if org.class == OrgClass::Authority {
            continue;
        }
        let runs = rng.chance(5, 6);
        r.mentoring = Some(runs);
        if !runs {
            continue;
        }
        let since = 2020 + rng.below(4) as i32;
        r.program_since = Some(since);
        if rng.chance(2, 3) {
            r.mentoring_url = Some(format!("{}nastavnichestvo/", org.url));
        }
        if rng.chance(4, 5) {
            r.curator = Some(OrgCurator {
                name: person(rng),
                position: position(rng, org.class),
                phone: format!(
                    "+7 (4812) {:02}-{:02}-{:02}",
                    rng.range(20, 69),
                    rng.range(0, 99),
                    rng.range(0, 99)
                ),
                email: format!("nastavnik.{}", org.email),
                publish: rng.pick(PUBLISH_LISTS),
            });
        }
        for year in since.max(2023)..=2024 {
            let pairs = rng.range(2, 25) as u32;
            let groups = rng.range(0, 4) as u32;
            let mentors = pairs + groups + rng.range(0, 2) as u32;
            let mentees = pairs + groups * 3 + rng.range(0, 3) as u32;
            r.figures.push((year, [pairs, groups, mentors, mentees]));
        }
    }
}

/// Organizations that author practices (not authorities).
fn practice_orgs(orgs: &[Org]) -> Vec<usize> {
    (0..orgs.len())
        .filter(|&i| orgs[i].class != OrgClass::Authority)
        .collect()
}

fn levels_for(rng: &mut Rng, class: OrgClass) -> Vec<&'static str> {
    match class {
        OrgClass::School => {
            let all = ["начальное общее", "основное общее", "среднее общее"];
            let k = rng.range(1, 3);
            rng.subset(&all, k)
        }
        OrgClass::Kindergarten => vec!["дошкольное"],
        OrgClass::College => vec!["СПО"],
        OrgClass::Extra | OrgClass::Authority => vec!["дополнительное"],
    }
}

fn forms_for(rng: &mut Rng, class: OrgClass) -> Vec<&'static str> {
    let pool: &[&'static str] = match class {
        OrgClass::School => &[FORM_TEACHER, FORM_NOVICE, FORM_HEAD, FORM_PUPIL],
        OrgClass::Kindergarten => &[FORM_TEACHER, FORM_NOVICE, FORM_HEAD],
        OrgClass::College => &[FORM_NOVICE, FORM_STUDENT, FORM_EMPLOYER, FORM_TEACHER],
        OrgClass::Extra | OrgClass::Authority => &[FORM_TEACHER, FORM_NOVICE, FORM_PUPIL],
    };
    let k = rng.range(1, 2);
    rng.subset(pool, k)
}

fn audience_for(rng: &mut Rng, class: OrgClass) -> &'static str {
    match class {
        OrgClass::School => rng.pick(AUDIENCES_SCHOOL),
        OrgClass::Kindergarten => rng.pick(AUDIENCES_KINDERGARTEN),
        OrgClass::College => rng.pick(AUDIENCES_COLLEGE),
        OrgClass::Extra | OrgClass::Authority => rng.pick(AUDIENCES_EXTRA),
    }
}

fn generate_practice_headers(rng: &mut Rng, count: usize, orgs: &[Org]) -> Vec<Practice> {
    let authors_pool = practice_orgs(orgs);
    let mut used = HashSet::with_capacity(count * 2);
    let mut practices = Vec::with_capacity(count);
    for i in 0..count {
        let main_org = rng.pick(&authors_pool);
        let mut org_ids = vec![main_org];
        if rng.chance(3, 20) {
            let partner = rng.pick(&authors_pool);
            if partner != main_org {
                org_ids.push(partner);
            }
        }
        let class = orgs[main_org].class;
        let name = rng.pick(PRACTICE_NAMES);
        let mut title = format!("{} «{name}»", rng.pick(PRACTICE_TYPES));
        if rng.chance(3, 10) {
            title.push_str(rng.pick(TITLE_SUFFIXES));
        }
        let stem = unique(
            &mut used,
            format!("{}-{}", orgs[main_org].id, translit(name)),
        );
        let start_year = 2021 + rng.below(5) as i32;
        let date = school_day(rng, start_year);
        let year = if rng.chance(1, 2) {
            Year::Academic(start_year)
        } else {
            Year::Single(date.y)
        };
        let slug = rng
            .chance(1, 50)
            .then(|| unique(&mut used, format!("{stem}-{}", date.y)));
        let draft = rng.chance(1, 100);
        let bundle = rng.chance(1, 20);
        let attachments = if bundle {
            if rng.chance(1, 2) {
                vec![Attachment::Path("programma.pdf")]
            } else {
                vec![Attachment::Titled(
                    "programma.pdf",
                    "Программа наставничества (PDF)",
                )]
            }
        } else {
            Vec::new()
        };
        let authors = (0..rng.range(1, 3))
            .map(|_| format!("{}, {}", person(rng), position(rng, class)))
            .collect();
        let topic_count = rng.range(2, 4);
        let aliases = if rng.chance(3, 100) {
            vec![format!("/old/practices/{}/", i + 1)]
        } else {
            Vec::new()
        };
        let summary = format!(
            "Практика {}, направленная на {} через {}.",
            orgs[main_org].short,
            rng.pick(AIMS),
            rng.pick(MEANS)
        );
        let recognition = rng.chance(3, 5).then(|| rng.pick(RECOGNITION));
        practices.push(Practice {
            stem,
            slug,
            bundle,
            draft,
            title,
            summary,
            levels: levels_for(rng, class),
            forms: forms_for(rng, class),
            kinds: {
                let k = rng.range(1, 2);
                rng.subset(KINDS, k)
            },
            topics: rng.subset(TOPICS, topic_count),
            audience: audience_for(rng, class).to_owned(),
            orgs: org_ids,
            authors,
            year,
            recognition,
            attachments,
            events: Vec::new(),
            date,
            aliases,
            body: String::new(),
        });
    }
    practices
}

/// The `start`/`end` pair of an event in one of the date forms of the spec.
fn event_when(rng: &mut Rng) -> (String, Option<String>, Date) {
    let start_year = 2022 + rng.below(4) as i32;
    let day = school_day(rng, start_year);
    match rng.below(100) {
        0..=34 => (day.iso(), None, day),
        35..=69 => {
            let hour = rng.range(9, 16);
            let minute = if rng.chance(1, 2) { 0 } else { 30 };
            let start = format!("{} {hour:02}:{minute:02}", day.iso());
            let end_minutes = hour * 60 + minute + 30 * rng.range(2, 6);
            let end = (rng.chance(7, 10))
                .then(|| format!("{:02}:{:02}", end_minutes / 60, end_minutes % 60));
            (start, end, day)
        }
        70..=74 => {
            let end = day.add_days(rng.range(1, 4) as u32);
            (day.iso(), Some(end.iso()), day)
        }
        75..=84 => {
            let first = Date { d: 1, ..day };
            (format!("{:04}-{:02}", day.y, day.m), None, first)
        }
        85..=92 => {
            let first = Date { d: 1, ..day };
            let (mut y, mut m) = (day.y, day.m + rng.range(1, 2) as u32);
            if m > 12 {
                m -= 12;
                y += 1;
            }
            (
                format!("{:04}-{:02}", day.y, day.m),
                Some(format!("{y:04}-{m:02}")),
                first,
            )
        }
        _ => {
            let quarter = (day.m - 1) / 3 + 1;
            let first = Date {
                y: day.y,
                m: (quarter - 1) * 3 + 1,
                d: 1,
            };
            let end = rng.chance(1, 5).then(|| {
                if quarter < 4 {
                    format!("{}-Q{}", day.y, quarter + 1)
                } else {
                    format!("{}-Q1", day.y + 1)
                }
            });
            (format!("{}-Q{quarter}", day.y), end, first)
        }
    }
}

fn generate_events(
    rng: &mut Rng,
    count: usize,
    orgs: &[Org],
    practices: &mut [Practice],
) -> Vec<Event> {
    let linkable: Vec<usize> = (0..practices.len())
        .filter(|&i| practices[i].linkable())
        .collect();
    let hosts = practice_orgs(orgs);
    let cdo = orgs.iter().position(|o| o.id == "cdo");
    let mut used = HashSet::with_capacity(count * 2);
    let mut events = Vec::with_capacity(count);
    for i in 0..count {
        let (start, end, first_day) = event_when(rng);
        let host = rng.pick(&hosts);
        let mut title = (rng.pick(EVENT_TITLES)).to_owned();
        if rng.chance(1, 5) {
            let _ = write!(title, " (из опыта работы {})", orgs[host].short);
        }
        let date_prefix = start.split(' ').next().unwrap_or(&start).to_lowercase();
        let stem = unique(
            &mut used,
            format!("{date_prefix}-{}", slug_words(&title, 5)),
        );
        let draft = rng.chance(1, 100);
        let slug = rng
            .chance(1, 50)
            .then(|| unique(&mut used, format!("meropriyatie-{}", i + 1)));
        let format = rng.pick(EVENT_FORMATS);
        let online_format = matches!(format, "вебинар" | "онлайн-опрос");
        let mut org_ids = vec![host];
        // The department co-organizes a third of events (no let chains: MSRV is 1.85).
        match cdo {
            Some(cdo) if cdo != host && rng.chance(1, 3) => org_ids.push(cdo),
            _ => {}
        }
        let responsible: Vec<String> = (0..rng.range(1, 3))
            .map(|k| {
                let org = if k == 0 { host } else { rng.pick(&hosts) };
                let role = match orgs[org].class {
                    OrgClass::School | OrgClass::College => "заместитель директора",
                    OrgClass::Kindergarten => "старший воспитатель",
                    OrgClass::Extra | OrgClass::Authority => "методист",
                };
                format!("{}, {role} {}", person(rng), orgs[org].short)
            })
            .collect();
        let location = (!online_format).then(|| {
            format!(
                "{}, {}, {}",
                orgs[host].short,
                orgs[host].address,
                rng.pick(ROOMS)
            )
        });
        let online = (online_format || rng.chance(1, 10))
            .then(|| format!("https://meet.example.org/nastavnik-{}", i + 1));
        let registration = rng
            .chance(1, 4)
            .then(|| format!("https://forms.example.org/registraciya-{}", i + 1));
        let status = match rng.below(100) {
            0..=5 => Some("перенесено"),
            6..=9 => Some("отменено"),
            10..=49 => Some("запланировано"),
            _ => None,
        };
        let series = rng.chance(1, 2).then(|| rng.pick(SERIES));
        let audience = rng.chance(2, 3).then(|| rng.pick(EVENT_AUDIENCES));
        let mut refs = Vec::new();
        if !draft && slug.is_none() && !linkable.is_empty() && rng.chance(1, 20) {
            let k = rng.range(1, 2);
            for pick in rng.sample(linkable.len(), k) {
                let target = linkable[pick];
                refs.push(Ref {
                    target,
                    at_form: rng.chance(1, 2),
                });
                practices[target].events.push(Ref {
                    target: i,
                    at_form: rng.chance(1, 2),
                });
            }
        }
        let summary = format!(
            "{} для участников: {}.",
            capitalize(format),
            audience.unwrap_or("педагоги образовательных организаций города")
        );
        let aliases = if rng.chance(3, 100) {
            vec![format!("/old/events/{}/", i + 1)]
        } else {
            Vec::new()
        };
        let body = event_body(rng, status, &orgs[host], format);
        events.push(Event {
            stem,
            slug,
            draft,
            title,
            start,
            end,
            first_day,
            format,
            series,
            orgs: org_ids,
            responsible,
            location,
            online,
            registration,
            audience,
            status,
            summary,
            practices: refs,
            measure: None,
            aliases,
            body,
        });
    }
    events
}

fn event_body(rng: &mut Rng, status: Option<&str>, host: &Org, format: &str) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "Приглашаем педагогов города принять участие: {} проводится на базе {}. {}",
        format,
        host.short,
        filler_sentence(rng)
    );
    body.push('\n');
    if rng.chance(1, 2) {
        body.push_str("**Программа:**\n\n");
        let k = rng.range(3, 5);
        for item in rng.subset(AGENDA, k) {
            let _ = writeln!(body, "- {}", capitalize(item));
        }
        body.push('\n');
    }
    let _ = writeln!(body, "{} {}", filler_sentence(rng), filler_sentence(rng));
    match status {
        Some("перенесено") => {
            body.push_str("\n*Мероприятие перенесено, новая дата будет объявлена дополнительно.*\n")
        }
        Some("отменено") => body.push_str("\n*Мероприятие отменено.*\n"),
        _ => {}
    }
    body
}

/// Chooses which practices carry each recall phrase: returns, per practice, the sentences to plant.
fn plant_queries(rng: &mut Rng, practices: &mut [Practice]) -> Vec<Vec<String>> {
    let mut planted = vec![Vec::new(); practices.len()];
    if practices.is_empty() {
        return planted;
    }
    for spec in QUERIES {
        let k = (practices.len() * spec.per_mille / 1000).max(1);
        for index in rng.sample(practices.len(), k) {
            let n = rng.range(1, 2);
            for sentence in rng.subset(spec.sentences, n) {
                planted[index].push(sentence.to_owned());
            }
            if let Some(topic) = spec.topic {
                let topics = &mut practices[index].topics;
                if !topics.contains(&topic) {
                    topics.insert(0, topic);
                }
            }
        }
    }
    planted
}

/// One sentence of domain prose.
fn filler_sentence(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 | 1 => format!(
            "{} {} {} {}.",
            capitalize(rng.pick(SUBJECTS)),
            rng.pick(VERBS_SINGULAR),
            rng.pick(OBJECTS),
            rng.pick(MODIFIERS)
        ),
        2 => format!(
            "Особое внимание уделяется {} {}.",
            rng.pick(DATIVES),
            rng.pick(MODIFIERS)
        ),
        3 => {
            let pair = rng.subset(AIMS, 2);
            format!("Практика направлена на {} и {}.", pair[0], pair[1])
        }
        4 => format!(
            "{} наставник и наставляемый {} {}.",
            capitalize(rng.pick(MODIFIERS)),
            rng.pick(VERBS_PLURAL),
            rng.pick(OBJECTS)
        ),
        5 => format!(
            "Такой подход позволяет {} {}.",
            rng.pick(INFINITIVES),
            rng.pick(MODIFIERS)
        ),
        _ => (rng.pick(FIXED_SENTENCES)).to_owned(),
    }
}

/// Body sections whose paragraphs grow until the practice reaches its word target. The word
/// count is kept incrementally: recounting on every added sentence made generation quadratic.
struct Prose {
    paragraphs: Vec<Vec<String>>,
    words: usize,
}

impl Prose {
    fn new(rng: &mut Rng, sentences: usize) -> Self {
        let mut prose = Prose {
            paragraphs: vec![Vec::new()],
            words: 0,
        };
        for _ in 0..sentences {
            prose.add(filler_sentence(rng));
        }
        prose
    }

    fn add(&mut self, sentence: String) {
        self.words += count_words(&sentence);
        match self.paragraphs.last_mut() {
            Some(last) if last.len() < 5 => last.push(sentence),
            _ => self.paragraphs.push(vec![sentence]),
        }
    }

    /// Puts a sentence at a random place, so planted phrases are not always in the same spot.
    fn insert(&mut self, rng: &mut Rng, sentence: String) {
        self.words += count_words(&sentence);
        let p = rng.below(self.paragraphs.len());
        let paragraph = &mut self.paragraphs[p];
        let at = rng.range(0, paragraph.len());
        paragraph.insert(at, sentence);
    }

    fn render(&self, out: &mut String) {
        for paragraph in &self.paragraphs {
            out.push_str(&paragraph.join(" "));
            out.push_str("\n\n");
        }
    }
}

fn generate_practice_bodies(
    rng: &mut Rng,
    practices: &mut [Practice],
    orgs: &[Org],
    planted: &[Vec<String>],
) {
    let published: Vec<usize> = (0..practices.len())
        .filter(|&i| !practices[i].draft)
        .collect();
    for i in 0..practices.len() {
        // One extra candidate so that dropping the practice itself still leaves k links.
        let k = rng.range(1, 3);
        let links: Vec<(String, String)> = rng
            .sample(published.len(), k + 1)
            .into_iter()
            .map(|c| published[c])
            .filter(|&j| j != i)
            .take(k)
            .map(|j| (practices[j].title.clone(), practices[j].link_path()))
            .collect();
        let body = practice_body(rng, &practices[i], orgs, &planted[i], &links);
        practices[i].body = body;
    }
}

fn practice_body(
    rng: &mut Rng,
    practice: &Practice,
    orgs: &[Org],
    planted: &[String],
    links: &[(String, String)],
) -> String {
    let org = &orgs[practice.orgs[0]];
    let target = rng.range(430, 770);

    let first_sentences = rng.range(2, 3);
    let mut relevance = Prose::new(rng, first_sentences);
    let mut content = Prose::new(rng, 2);
    let mut results = Prose::new(rng, 1);
    results.add((rng.pick(RESULT_SENTENCES)).to_owned());
    results.add(format!(
        "Доля участников, удовлетворенных взаимодействием в рамках программы, составила {} %.",
        rng.range(72, 98)
    ));

    for sentence in planted {
        match rng.below(3) {
            0 => relevance.insert(rng, sentence.clone()),
            1 => content.insert(rng, sentence.clone()),
            _ => results.insert(rng, sentence.clone()),
        }
    }

    // Fixed parts: goal, tasks, stages, table, links, resources, contacts.
    let mut goal = String::new();
    let _ = writeln!(goal, "**Цель:** {}.\n", rng.pick(GOALS));
    goal.push_str("**Задачи:**\n\n");
    let task_count = rng.range(3, 5);
    for (n, task) in rng.subset(TASKS, task_count).iter().enumerate() {
        let _ = writeln!(goal, "{}. {};", n + 1, capitalize(task));
    }
    fix_list_end(&mut goal);

    let mut stages = String::new();
    let stage_count = rng.range(3, 5);
    for item in rng.subset(STAGE_ITEMS, stage_count) {
        let _ = writeln!(stages, "- {item};");
    }
    fix_list_end(&mut stages);

    let year = match practice.year {
        Year::Academic(y) => y,
        Year::Single(y) => y - 1,
    };
    let mut table = String::from("| Этап | Сроки | Содержание |\n|---|---|---|\n");
    let _ = writeln!(
        table,
        "| Подготовительный | {}–{} {year} | Диагностика, формирование пар «наставник – наставляемый», планирование |",
        MONTHS[8], MONTHS[9]
    );
    let _ = writeln!(
        table,
        "| Основной | {} {year} – {} {} | Реализация индивидуальных планов, открытые занятия, консультации |",
        MONTHS[10],
        MONTHS[3],
        year + 1
    );
    let _ = writeln!(
        table,
        "| Аналитический | {} {} | Самоанализ, анкетирование, презентация результатов |",
        MONTHS[4],
        year + 1
    );

    let mut link_text = String::new();
    if !links.is_empty() {
        let rendered: Vec<String> = links
            .iter()
            .map(|(title, path)| format!("[{title}]({path})"))
            .collect();
        let lead = if links.len() == 1 {
            "Практика дополняет опыт коллег:"
        } else {
            "Практика перекликается с опытом коллег:"
        };
        let _ = writeln!(link_text, "{lead} {}.", rendered.join(", "));
    }
    let emphasis = format!(
        "Главный итог — *устойчивая профессиональная мотивация* участников и **{}**.",
        rng.pick(&[
            "готовность делиться опытом",
            "рост качества уроков",
            "доверительная атмосфера в коллективе",
            "закрепление специалистов в профессии",
        ])
    );

    let mut resources = String::new();
    let resource_count = rng.range(2, 4);
    for item in rng.subset(RESOURCES, resource_count) {
        let _ = writeln!(resources, "- {};", capitalize(item));
    }
    let (label, url) = rng.pick(EXTERNAL_LINKS);
    let _ = writeln!(resources, "- [{label}]({url}).");

    let author = practice
        .authors
        .first()
        .cloned()
        .unwrap_or_else(|| person(rng));
    let contacts = format!(
        "{author}, {}.\nАдрес: {}.\nТелефон: +7 (4812) {}-{:02}-{:02}.\nЭлектронная почта: {}.\n",
        org.short,
        org.address,
        rng.range(30, 68),
        rng.range(0, 99),
        rng.range(0, 99),
        org.email
    );

    let fixed_words = count_words(&goal)
        + count_words(&stages)
        + count_words(&table)
        + count_words(&link_text)
        + count_words(&emphasis)
        + count_words(&resources)
        + count_words(&contacts)
        + 12; // the six headings
    while fixed_words + relevance.words + content.words + results.words < target {
        let sentence = filler_sentence(rng);
        match rng.below(5) {
            0 | 1 => relevance.add(sentence),
            2 | 3 => content.add(sentence),
            _ => results.add(sentence),
        }
    }

    let mut body = String::with_capacity(8 * 1024);
    body.push_str("## Актуальность\n\n");
    relevance.render(&mut body);
    body.push_str("## Цель и задачи\n\n");
    body.push_str(&goal);
    body.push_str("\n## Содержание и этапы\n\n");
    content.render(&mut body);
    body.push_str(&stages);
    body.push('\n');
    body.push_str(&table);
    body.push_str("\n## Результаты\n\n");
    results.render(&mut body);
    body.push_str(&emphasis);
    body.push_str("\n\n");
    if !link_text.is_empty() {
        body.push_str(&link_text);
        body.push('\n');
    }
    body.push_str("## Ресурсы и материалы\n\n");
    body.push_str(&resources);
    body.push_str("\n## Контакты\n\n");
    body.push_str(&contacts);
    body
}

/// Russian list style: items end with «;», the last one with «.».
fn fix_list_end(list: &mut String) {
    if list.ends_with(";\n") {
        list.truncate(list.len() - 2);
        list.push_str(".\n");
    }
}

fn orders() -> Vec<Order> {
    vec![
        Order {
            stem: "prikaz-2021-512",
            kind: "приказ",
            title: "О внедрении целевой модели наставничества в образовательных учреждениях города Смоленска",
            number: "512",
            date: "2021-09-01",
            issuer: "Управление образования и молодежной политики Администрации города Смоленска",
            level: "муниципальный",
            status: Some("утратил силу"),
            replaces: None,
            replaced_by: None,
            file: None,
            summary: "Первый муниципальный приказ о внедрении целевой модели наставничества.",
            body: "В целях реализации методологии (целевой модели) наставничества обучающихся приказываю утвердить план внедрения целевой модели наставничества в образовательных учреждениях города Смоленска.\n",
        },
        Order {
            stem: "prikaz-633",
            kind: "приказ",
            title: "Об утверждении плана мероприятий («дорожной карты») по внедрению и развитию системы наставничества педагогических работников образовательных учреждений города Смоленска на 2022–2024 годы",
            number: "633",
            date: "2022-12-26",
            issuer: "Управление образования и молодежной политики Администрации города Смоленска",
            level: "муниципальный",
            status: None,
            replaces: Some("prikaz-2021-512"),
            replaced_by: None,
            file: None,
            summary: "Дорожная карта развития системы наставничества педагогических работников города на 2022–2024 годы.",
            body: "В целях исполнения Указа Президента Российской Федерации от 07.05.2018 № 204 «О национальных целях и стратегических задачах развития Российской Федерации на период до 2024 года» приказываю:\n\n1. Утвердить план мероприятий («дорожную карту») по внедрению и развитию системы наставничества педагогических работников образовательных учреждений города Смоленска на 2022–2024 годы.\n2. Информационно-аналитическому отделу подготовить отчеты о реализации мероприятий дорожной карты в срок до 30.06.2023, 30.06.2024, 25.12.2024.\n3. Контроль за исполнением настоящего приказа возложить на заместителя начальника Управления.\n",
        },
        Order {
            stem: "prikaz-235-od",
            kind: "приказ",
            title: "Об утверждении Положения о системе наставничества педагогических работников образовательных организаций Смоленской области",
            number: "235-ОД",
            date: "2022-03-15",
            issuer: "Департамент Смоленской области по образованию и науке",
            level: "региональный",
            status: Some("действует"),
            replaces: None,
            replaced_by: None,
            file: None,
            summary: "Региональное положение о системе наставничества педагогических работников.",
            body: "Утвердить прилагаемое Положение о системе наставничества педагогических работников образовательных организаций Смоленской области.\n",
        },
        Order {
            stem: "prikaz-933-od",
            kind: "приказ",
            title: "Об утверждении плана мероприятий («дорожной карты») по внедрению и развитию системы наставничества педагогических работников образовательных организаций Смоленской области на 2022–2024 годы",
            number: "933-ОД",
            date: "2022-11-08",
            issuer: "Департамент Смоленской области по образованию и науке",
            level: "региональный",
            status: None,
            replaces: None,
            replaced_by: None,
            file: None,
            summary: "Региональная дорожная карта внедрения системы наставничества.",
            body: "Утвердить прилагаемый план мероприятий («дорожную карту») по внедрению и развитию системы наставничества педагогических работников образовательных организаций Смоленской области на 2022–2024 годы.\n",
        },
        Order {
            stem: "rasporyazhenie-r-145",
            kind: "распоряжение",
            title: "Об утверждении методологии (целевой модели) наставничества обучающихся",
            number: "Р-145",
            date: "2019-12-25",
            issuer: "Министерство просвещения РФ",
            level: "федеральный",
            status: None,
            replaces: None,
            replaced_by: None,
            file: None,
            summary: "Целевая модель наставничества: формы, роли и этапы программы наставничества.",
            body: "Утвердить методологию (целевую модель) наставничества обучающихся для организаций, осуществляющих образовательную деятельность.\n",
        },
        Order {
            stem: "polozhenie-2020",
            kind: "положение",
            title: "Положение о наставничестве в образовательных учреждениях города Смоленска",
            number: "",
            date: "2020-08-28",
            issuer: "Управление образования и молодежной политики Администрации города Смоленска",
            level: "муниципальный",
            status: None,
            replaces: None,
            replaced_by: Some("prikaz-2021-512"),
            file: None,
            summary: "Первое городское положение о наставничестве, замененное приказом 2021 года.",
            body: "Положение определяет порядок наставничества в образовательных учреждениях города.\n",
        },
        Order {
            stem: "obrazets-anketa-nastavnika/index",
            kind: "образец",
            title: "Анкета для педагогов, желающих стать наставниками",
            number: "",
            date: "2024-01-15",
            issuer: "Методический отдел МБУ ДО «ЦДО»",
            level: "уровень образовательной организации",
            status: None,
            replaces: None,
            replaced_by: None,
            file: Some("anketa-nastavnika.pdf"),
            summary: "Раздайте анкету педагогам перед формированием базы наставников.",
            body: "Анкета из девяти вопросов о стаже, опыте и темах наставничества.\n",
        },
    ]
}

/// The folder of an order's file, for its bundle file.
fn order_dir(order: &Order) -> String {
    match order.stem.strip_suffix("/index") {
        Some(dir) => format!("content/orders/{dir}"),
        None => "content/orders".to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Output: nastavnik format
// ---------------------------------------------------------------------------------------------

const SITE_TITLE: &str = "Наставничество";
const SITE_DESCRIPTION: &str = "Мероприятия, эффективные практики и документы о наставничестве педагогических работников города Смоленска.";
const BASE_URL: &str = "https://example.org/metod/nastavnichestvo/";
const DEPARTMENT: &str =
    "Методический отдел МБУ ДО «Центр дополнительного образования» города Смоленска";
const CONTACTS: &str = "214000, г. Смоленск, ул. Октябрьской Революции, д. 24 · тел. +7 (4812) 38-00-00 · metod@example.org";

fn at_ref(section: &str, stem: &str) -> String {
    format!("@/{section}/{stem}.md")
}

impl Corpus {
    fn nastavnik_files(&self) -> Vec<OutFile> {
        let mut files = Vec::with_capacity(self.practices.len() + self.events.len() + 16);
        files.push(OutFile::text("site.yaml", site_yaml()));
        files.push(OutFile::text(
            "data/organizations.yaml",
            self.organizations_yaml(),
        ));
        for (path, text) in section_pages() {
            files.push(OutFile::text(path, text));
        }
        for order in &self.orders {
            files.push(OutFile::text(
                format!("content/orders/{}.md", order.stem),
                order_file(order),
            ));
            if let Some(file) = order.file {
                files.push(OutFile {
                    path: format!("{}/{file}", order_dir(order)),
                    bytes: minimal_pdf(&translit(order.title)),
                });
            }
        }
        for (i, practice) in self.practices.iter().enumerate() {
            files.push(OutFile::text(self.practice_path(i), self.practice_file(i)));
            if practice.bundle {
                files.push(OutFile {
                    path: format!("content/practices/{}/programma.pdf", practice.stem),
                    bytes: minimal_pdf(&translit(&practice.title)),
                });
            }
        }
        for i in 0..self.events.len() {
            files.push(OutFile::text(
                format!("content/events/{}.md", self.events[i].stem),
                self.event_file(i),
            ));
        }
        if !self.roadmaps.is_empty() {
            files.push(OutFile::text(
                "content/roadmaps/_index.md",
                FrontMatter::new()
                    .str("title", "Дорожные карты")
                    .str("description", "Планы мероприятий по внедрению и развитию системы наставничества и ход их выполнения.")
                    .finish("На странице каждой карты видно, что выполнено, что в работе и что просрочено.\n"),
            ));
        }
        for i in 0..self.roadmaps.len() {
            files.push(OutFile::text(
                format!("content/roadmaps/{}.md", self.roadmaps[i].stem),
                self.roadmap_file(i),
            ));
        }
        for c in &self.contests {
            files.push(OutFile::text(
                format!("content/contests/{}.md", c.stem),
                self.contest_file(c),
            ));
        }
        files.extend(self.mentor_files());
        files
    }

    /// The mentors' register: one mentor per 25 practices (at least two), from a random stream
    /// of its own so the other pages stay as they were before mentors existed.
    fn mentor_files(&self) -> Vec<OutFile> {
        const FIRST: &[&str] = &[
            "Анна",
            "Елена",
            "Ольга",
            "Мария",
            "Ирина",
            "Татьяна",
            "Наталья",
            "Светлана",
            "Юлия",
            "Галина",
        ];
        const PATRONYMICS: &[&str] = &[
            "Викторовна",
            "Сергеевна",
            "Ивановна",
            "Петровна",
            "Андреевна",
            "Николаевна",
            "Михайловна",
            "Олеговна",
        ];
        const MENTOR_SUBJECTS: &[&str] = &[
            "математика",
            "русский язык",
            "литература",
            "физика",
            "химия",
            "биология",
            "история",
            "английский язык",
            "информатика",
            "начальные классы",
        ];
        const MENTOR_LEVELS: &[&str] = &[
            "дошкольное",
            "начальное общее",
            "основное общее",
            "среднее общее",
        ];
        const MENTOR_FORMS: &[&str] = &[
            "учитель – учитель",
            "опытный педагог – молодой специалист",
            "руководитель – педагог",
        ];
        const CATEGORIES: &[&str] = &["высшая", "первая", "соответствие занимаемой должности"];
        const OPTIONAL: &[&str] = &[
            "organization",
            "position",
            "subjects",
            "level",
            "forms",
            "experience_years",
            "category",
            "topics",
            "phone",
            "email",
            "practices",
            "body",
        ];
        let mut rng = Rng::stream(self.seed, 13);
        let count = (self.practices.len() / 25).max(2);
        let linkable: Vec<usize> = (0..self.practices.len())
            .filter(|&i| {
                let p = &self.practices[i];
                !p.draft && p.slug.is_none() && !p.bundle
            })
            .collect();
        let mut used = HashSet::new();
        let mut files = Vec::with_capacity(count + 1);
        files.push(OutFile::text(
            "content/mentors/_index.md",
            FrontMatter::new()
                .str("title", "Наставники")
                .str(
                    "description",
                    "Банк наставников образовательных организаций города.",
                )
                .finish("Сведения публикуются только в объёме письменного согласия наставника.\n"),
        ));
        for i in 0..count {
            let surname = rng.pick(FEMALE_SURNAMES);
            let name = format!("{surname} {} {}", rng.pick(FIRST), rng.pick(PATRONYMICS));
            let stem = unique(&mut used, slug_words(&name, 3));
            let org = &self.orgs[rng.below(self.orgs.len())];
            let practices: Vec<String> = if linkable.is_empty() {
                Vec::new()
            } else {
                (0..rng.range(0, 2))
                    .map(|_| {
                        self.practices[linkable[rng.below(linkable.len())]]
                            .stem
                            .clone()
                    })
                    .collect()
            };
            let mut consented = vec!["name"];
            consented.extend(OPTIONAL.iter().copied().filter(|_| rng.chance(2, 3)));
            let phone = format!(
                "+7 (4812) {:02}-{:02}-{:02}",
                rng.range(20, 99),
                rng.range(10, 99),
                i % 100
            );
            let email = format!("{}@example.org", stem);
            let mut fm = FrontMatter::new();
            fm.str("name", &name)
                .str("organization", &org.id)
                .str("position", position(&mut rng, org.class))
                .list("subjects", &rng.subset(MENTOR_SUBJECTS, 2))
                .list("level", &rng.subset(MENTOR_LEVELS, 2))
                .list("forms", &rng.subset(MENTOR_FORMS, 1))
                .raw("experience_years", &rng.range(3, 40).to_string())
                .str("category", rng.pick(CATEGORIES))
                .list("topics", &rng.subset(TOPICS, 2))
                .str("phone", &phone)
                .str("email", &email)
                .list("practices", &practices);
            let fields = consented.join(", ");
            let year = 2022 + (i % 2) as i32;
            fm.raw(
                "consent",
                &format!(
                    "\n  date: {year}-09-0{}\n  until: {}-08-31\n  fields: [{fields}]\n  document: {}",
                    1 + i % 9,
                    year + 5,
                    q(&format!("Журнал согласий, папка {}, лист {}", 1 + i / 50, 1 + i % 50)),
                ),
            );
            let body = format!(
                "{} Помогает молодым педагогам: {}.\n",
                capitalize(rng.pick(FIXED_SENTENCES)),
                rng.pick(TOPICS)
            );
            files.push(OutFile::text(
                format!("content/mentors/{stem}.md"),
                fm.finish(&body),
            ));
        }
        files
    }

    fn practice_path(&self, i: usize) -> String {
        let p = &self.practices[i];
        if p.bundle {
            format!("content/practices/{}/index.md", p.stem)
        } else {
            format!("content/practices/{}.md", p.stem)
        }
    }

    fn organizations_yaml(&self) -> String {
        let mut out = String::from(
            "# Organizations of the synthetic corpus (generated by examples/gen_corpus.rs).\n",
        );
        for org in &self.orgs {
            let _ = writeln!(out, "- id: {}", q(&org.id));
            let _ = writeln!(out, "  name: {}", q(&org.name));
            let _ = writeln!(out, "  short: {}", q(&org.short));
            let _ = writeln!(out, "  kind: {}", q(org.kind));
            let _ = writeln!(out, "  address: {}", q(&org.address));
            let _ = writeln!(out, "  url: {}", q(&org.url));
            let r = &org.register;
            if let Some(district) = r.district {
                let _ = writeln!(out, "  district: {}", q(district));
            }
            if let Some(runs) = r.mentoring {
                let _ = writeln!(out, "  mentoring: {}", if runs { "да" } else { "нет" });
            }
            if let Some(since) = r.program_since {
                let _ = writeln!(out, "  program_since: {since}");
            }
            if let Some(url) = &r.mentoring_url {
                let _ = writeln!(out, "  mentoring_url: {}", q(url));
            }
            if let Some(c) = &r.curator {
                let _ = writeln!(out, "  curator:");
                let _ = writeln!(out, "    name: {}", q(&c.name));
                let _ = writeln!(out, "    position: {}", q(c.position));
                let _ = writeln!(out, "    phone: {}", q(&c.phone));
                let _ = writeln!(out, "    email: {}", q(&c.email));
                let _ = writeln!(out, "    publish: [{}]", c.publish.join(", "));
            }
            if !r.figures.is_empty() {
                let _ = writeln!(out, "  figures:");
                for (year, [pairs, groups, mentors, mentees]) in &r.figures {
                    let _ = writeln!(
                        out,
                        "    {year}: {{pairs: {pairs}, groups: {groups}, mentors: {mentors}, mentees: {mentees}}}"
                    );
                }
            }
        }
        out
    }

    fn practice_file(&self, i: usize) -> String {
        let p = &self.practices[i];
        let mut fm = FrontMatter::new();
        fm.str("title", &p.title).str("summary", &p.summary);
        let org_ids: Vec<&str> = p.orgs.iter().map(|&o| self.orgs[o].id.as_str()).collect();
        fm.list("organizations", &org_ids)
            .list("authors", &p.authors);
        if let [level] = p.levels[..] {
            fm.str("level", level);
        } else {
            fm.list("level", &p.levels);
        }
        fm.list("forms", &p.forms)
            .list("kinds", &p.kinds)
            .list("topics", &p.topics);
        match p.year {
            Year::Single(y) => fm.raw("year", &y.to_string()),
            Year::Academic(y) => fm.str("year", &format!("{y}/{}", y + 1)),
        };
        fm.str("audience", &p.audience)
            .opt("recognition", p.recognition);
        if !p.attachments.is_empty() {
            fm.text.push_str("attachments:\n");
            for attachment in &p.attachments {
                match attachment {
                    Attachment::Path(path) => {
                        let _ = writeln!(fm.text, "  - {}", q(path));
                    }
                    Attachment::Titled(path, title) => {
                        let _ = writeln!(fm.text, "  - file: {}", q(path));
                        let _ = writeln!(fm.text, "    title: {}", q(title));
                    }
                }
            }
        }
        let events: Vec<String> = p
            .events
            .iter()
            .map(|r| {
                let stem = &self.events[r.target].stem;
                if r.at_form {
                    at_ref("events", stem)
                } else {
                    stem.clone()
                }
            })
            .collect();
        fm.list("events", &events).str("date", &p.date.iso());
        if p.draft {
            fm.raw("draft", "true");
        }
        fm.opt("slug", p.slug.as_deref())
            .list("aliases", &p.aliases);
        fm.finish(&p.body)
    }

    fn event_file(&self, i: usize) -> String {
        let e = &self.events[i];
        let mut fm = FrontMatter::new();
        fm.str("title", &e.title)
            .str("start", &e.start)
            .opt("end", e.end.as_deref())
            .str("format", e.format)
            .opt("series", e.series);
        let org_ids: Vec<&str> = e.orgs.iter().map(|&o| self.orgs[o].id.as_str()).collect();
        fm.list("organizations", &org_ids)
            .list("responsible", &e.responsible)
            .opt("location", e.location.as_deref())
            .opt("online", e.online.as_deref())
            .opt("registration", e.registration.as_deref())
            .opt("audience", e.audience)
            .opt("status", e.status)
            .str("summary", &e.summary);
        let practices: Vec<String> = e
            .practices
            .iter()
            .map(|r| {
                let stem = &self.practices[r.target].stem;
                if r.at_form {
                    at_ref("practices", stem)
                } else {
                    stem.clone()
                }
            })
            .collect();
        fm.list("practices", &practices);
        if let Some((r, m)) = e.measure {
            let roadmap = &self.roadmaps[r];
            fm.str(
                "measure",
                &format!(
                    "@/roadmaps/{}.md#{}",
                    roadmap.stem, roadmap.measures[m].number
                ),
            );
        }
        // About one past event in ten says what it achieved (chosen by position, so the other
        // events stay as they were).
        if i % 10 == 7 && e.status.is_none() && e.first_day.y < 2025 {
            fm.raw("participants", &(12 + i % 40).to_string()).str(
                "results",
                &format!(
                    "Участвовали педагоги {} организаций. Решено продолжить работу наставнических пар и обобщить опыт.",
                    2 + i % 9
                ),
            );
        }
        if e.draft {
            fm.raw("draft", "true");
        }
        fm.opt("slug", e.slug.as_deref())
            .list("aliases", &e.aliases);
        fm.finish(&e.body)
    }
}

fn site_yaml() -> String {
    format!(
        "title: {}\ndescription: {}\nbase_url: {}\ntimezone: \"Europe/Moscow\"\ndepartment: {}\ncontacts: {}\npaginate: 20\n",
        q(SITE_TITLE),
        q(SITE_DESCRIPTION),
        q(BASE_URL),
        q(DEPARTMENT),
        q(CONTACTS)
    )
}

/// Home, section intros and the «about» page, with internal links the checker must resolve.
fn section_pages() -> Vec<(&'static str, String)> {
    vec![
        (
            "content/_index.md",
            FrontMatter::new()
                .str("title", SITE_TITLE)
                .str("description", SITE_DESCRIPTION)
                .finish(
                    "Раздел методического отдела о развитии наставничества педагогических работников города Смоленска: календарь мероприятий, банк эффективных практик и нормативные документы.\n\nПодробнее о работе раздела — на странице [О разделе](@/about.md). Основной документ — [дорожная карта на 2022–2024 годы](@/orders/prikaz-633.md).\n",
                ),
        ),
        (
            "content/events/_index.md",
            FrontMatter::new()
                .str("title", "Мероприятия")
                .str("description", "Календарь мероприятий по наставничеству для педагогов города Смоленска.")
                .finish("Семинары, мастер-классы, диалоговые площадки и конкурсы. Подпишитесь на календарь, чтобы получать обновления.\n"),
        ),
        (
            "content/practices/_index.md",
            FrontMatter::new()
                .str("title", "Банк эффективных практик")
                .str("description", "Эффективные практики наставничества образовательных организаций города Смоленска.")
                .finish("Практики отобраны методическим отделом и рекомендованы к тиражированию.\n"),
        ),
        (
            "content/orders/_index.md",
            FrontMatter::new()
                .str("title", "Документы")
                .str("description", "Федеральные, региональные и муниципальные документы о наставничестве.")
                .finish("Приказы и положения, регулирующие систему наставничества.\n"),
        ),
        (
            "content/about.md",
            FrontMatter::new()
                .str("title", "О разделе")
                .str("summary", "Кто ведет раздел и как предложить практику в банк.")
                .finish("Раздел ведет методический отдел. Чтобы предложить практику, напишите на metod@example.org.\n\nРегиональные требования — в [положении о системе наставничества](@/orders/prikaz-235-od.md).\n"),
        ),
    ]
}

fn order_file(order: &Order) -> String {
    FrontMatter::new()
        .str("title", order.title)
        .str("kind", order.kind)
        .opt("number", (!order.number.is_empty()).then_some(order.number))
        .str("date", order.date)
        .str("issuer", order.issuer)
        .str("level", order.level)
        .opt("status", order.status)
        .opt("replaces", order.replaces)
        .opt("replaced_by", order.replaced_by)
        .opt("file", order.file)
        .str("summary", order.summary)
        .finish(order.body)
}

/// A valid one-page PDF (hand-built, with a correct cross-reference table) for bundle attachments.
fn minimal_pdf(label: &str) -> Vec<u8> {
    let text: String = label
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(60)
        .collect();
    let stream = format!("BT /F1 14 Tf 72 770 Td (Programma: {text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (n, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{object}\nendobj\n", n + 1);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(out, "{offset:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.into_bytes()
}

// ---------------------------------------------------------------------------------------------
// Output: Hugo format (the peer in benchmarks)
// ---------------------------------------------------------------------------------------------

/// Rewrites `](@/section/page.md)` links into Hugo's checked `relref` shortcode, so Hugo, like
/// nastavnik, must resolve every internal link.
fn hugo_links(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 256);
    let mut rest = markdown;
    while let Some(at) = rest.find("](@/") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 4..];
        match after.find(')') {
            Some(close) => {
                let target = &after[..close];
                let target = target.strip_suffix(".md").unwrap_or(target);
                let target = target
                    .strip_suffix("/_index")
                    .or_else(|| target.strip_suffix("/index"))
                    .unwrap_or(target);
                let _ = write!(out, "]({{{{< relref \"/{target}\" >}}}})");
                rest = &after[close + 1..];
            }
            None => {
                out.push_str("](@/");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl Corpus {
    fn hugo_files(&self) -> Vec<OutFile> {
        let mut files = Vec::with_capacity(self.practices.len() + self.events.len() + 32);
        files.push(OutFile::text("config.toml", hugo_config()));
        files.push(OutFile::text(
            "data/organizations.yaml",
            self.organizations_yaml(),
        ));
        for (path, text) in HUGO_LAYOUTS {
            files.push(OutFile::text(*path, (*text).to_owned()));
        }
        for (path, text) in section_pages() {
            files.push(OutFile::text(path, hugo_links(&text)));
        }
        for order in &self.orders {
            let mut fm = FrontMatter::new();
            fm.str("title", order.title)
                .str("kind", order.kind)
                .str("date", order.date)
                .opt("number", (!order.number.is_empty()).then_some(order.number))
                .str("issuer", order.issuer)
                .str("level", order.level)
                .opt("status", order.status)
                .opt("replaces", order.replaces)
                .opt("replaced_by", order.replaced_by)
                .opt("file", order.file)
                .str("summary", order.summary);
            files.push(OutFile::text(
                format!("content/orders/{}.md", order.stem),
                fm.finish(order.body),
            ));
            if let Some(file) = order.file {
                files.push(OutFile {
                    path: format!("{}/{file}", order_dir(order)),
                    bytes: minimal_pdf(&translit(order.title)),
                });
            }
        }
        for i in 0..self.practices.len() {
            let p = &self.practices[i];
            files.push(OutFile::text(self.practice_path(i), self.hugo_practice(i)));
            if p.bundle {
                files.push(OutFile {
                    path: format!("content/practices/{}/programma.pdf", p.stem),
                    bytes: minimal_pdf(&translit(&p.title)),
                });
            }
        }
        for i in 0..self.events.len() {
            files.push(OutFile::text(
                format!("content/events/{}.md", self.events[i].stem),
                self.hugo_event(i),
            ));
        }
        files
    }

    fn hugo_practice(&self, i: usize) -> String {
        let p = &self.practices[i];
        let mut fm = FrontMatter::new();
        fm.str("title", &p.title)
            .str("date", &p.date.iso())
            .str("summary", &p.summary);
        let org_ids: Vec<&str> = p.orgs.iter().map(|&o| self.orgs[o].id.as_str()).collect();
        fm.list("organizations", &org_ids)
            .list("authors", &p.authors)
            .list("levels", &p.levels)
            .list("forms", &p.forms)
            .list("kinds", &p.kinds)
            .list("topics", &p.topics);
        match p.year {
            Year::Single(y) => fm.str("year", &y.to_string()),
            Year::Academic(y) => fm.str("year", &format!("{y}/{}", y + 1)),
        };
        fm.str("audience", &p.audience)
            .opt("recognition", p.recognition);
        let attachments: Vec<&str> = p
            .attachments
            .iter()
            .map(|a| match a {
                Attachment::Path(path) | Attachment::Titled(path, _) => *path,
            })
            .collect();
        fm.list("attachments", &attachments);
        let events: Vec<&str> = p
            .events
            .iter()
            .map(|r| self.events[r.target].stem.as_str())
            .collect();
        fm.list("events", &events);
        if p.draft {
            fm.raw("draft", "true");
        }
        fm.opt("slug", p.slug.as_deref())
            .list("aliases", &p.aliases);
        fm.finish(&hugo_links(&p.body))
    }

    fn hugo_event(&self, i: usize) -> String {
        let e = &self.events[i];
        let mut fm = FrontMatter::new();
        fm.str("title", &e.title)
            .str("date", &e.first_day.iso())
            .str("start", &e.start)
            .opt("end", e.end.as_deref())
            .str("format", e.format);
        if let Some(series) = e.series {
            fm.list("series", &[series]);
        }
        let org_ids: Vec<&str> = e.orgs.iter().map(|&o| self.orgs[o].id.as_str()).collect();
        fm.list("organizations", &org_ids)
            .list("responsible", &e.responsible)
            .opt("location", e.location.as_deref())
            .opt("online", e.online.as_deref())
            .opt("registration", e.registration.as_deref())
            .opt("audience", e.audience)
            .str("status", e.status.unwrap_or("запланировано"))
            .str("summary", &e.summary);
        let practices: Vec<&str> = e
            .practices
            .iter()
            .map(|r| self.practices[r.target].stem.as_str())
            .collect();
        fm.list("practices", &practices);
        if e.draft {
            fm.raw("draft", "true");
        }
        fm.opt("slug", e.slug.as_deref())
            .list("aliases", &e.aliases);
        fm.finish(&e.body)
    }
}

fn hugo_config() -> String {
    format!(
        r#"baseURL = {base}
languageCode = "ru-RU"
defaultContentLanguage = "ru"
title = {title}
paginate = 20
buildFuture = true
buildExpired = true
enableRobotsTXT = true
disableKinds = []

[params]
  description = {description}
  department = {department}
  contacts = {contacts}

[taxonomies]
  topic = "topics"
  organization = "organizations"
  level = "levels"
  form = "forms"
  kind = "kinds"
  series = "series"

# Feeds where nastavnik has them (home, sections); none per taxonomy term, which would be
# work the compared tool does not do.
[outputs]
  home = ["HTML", "RSS", "JSON"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML"]
  term = ["HTML"]

[markup.goldmark.renderer]
  unsafe = false
"#,
        base = toml_str(BASE_URL),
        title = toml_str(SITE_TITLE),
        description = toml_str(SITE_DESCRIPTION),
        department = toml_str(DEPARTMENT),
        contacts = toml_str(CONTACTS),
    )
}

/// A minimal but complete theme: base page, list and single pages, taxonomy and term pages with
/// pagination, and a JSON search index of practices (what nastavnik's search index is compared with).
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "layouts/_default/baseof.html",
        r#"<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ with .Params.summary }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}{{ end }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ "events/" | relURL }}">Мероприятия</a> <a href="{{ "practices/" | relURL }}">Практики</a> <a href="{{ "orders/" | relURL }}">Документы</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Params.department }} · {{ site.Params.contacts }}</footer>
</body>
</html>
"#,
    ),
    (
        "layouts/_default/single.html",
        r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ with .Params.start }}<p>Когда: {{ . }}{{ with $.Params.end }} – {{ . }}{{ end }}</p>{{ end }}
{{ with .Params.status }}<p>Статус: {{ . }}</p>{{ end }}
{{ with .Params.format }}<p>Формат: {{ . }}</p>{{ end }}
{{ with .Params.location }}<p>Место: {{ . }}</p>{{ end }}
{{ with .Params.organizations }}<p>Организации: {{ range $i, $id := . }}{{ if $i }}, {{ end }}{{ range where site.Data.organizations "id" $id }}{{ .short }}{{ end }}{{ end }}</p>{{ end }}
{{ with .Params.authors }}<p>Авторы: {{ delimit . "; " }}</p>{{ end }}
{{ with .Params.responsible }}<p>Ответственные: {{ delimit . "; " }}</p>{{ end }}
{{ with .Params.year }}<p>Учебный год: {{ . }}</p>{{ end }}
{{ range $taxonomy, $_ := site.Taxonomies }}{{ with $.GetTerms $taxonomy }}<p>{{ $taxonomy }}: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}{{ end }}
{{ .Content }}
{{ with .Params.attachments }}<ul>{{ range . }}<li><a href="{{ . }}">{{ . }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
"#,
    ),
    (
        "layouts/_default/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pager := .Paginate .Pages }}
<ul>{{ range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.start }} — {{ . }}{{ end }}{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
"#,
    ),
    (
        "layouts/_default/taxonomy.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
"#,
    ),
    (
        "layouts/_default/term.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
<ul>{{ range $pager.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>{{ end }}
</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
"#,
    ),
    (
        "layouts/index.html",
        r#"{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ .Content }}
<h2>Ближайшие мероприятия</h2>
<ul>{{ range first 10 (where site.RegularPages "Section" "events").ByDate }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> — {{ .Params.start }}</li>{{ end }}
</ul>
<h2>Новые практики</h2>
<ul>{{ range first 10 (where site.RegularPages "Section" "practices").ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
"#,
    ),
    (
        "layouts/index.json",
        r#"{{- $items := slice -}}
{{- range where site.RegularPages "Section" "practices" -}}
{{- $items = $items | append (dict "title" .Title "url" .RelPermalink "summary" .Params.summary "topics" .Params.topics "text" .Plain) -}}
{{- end -}}
{{- $items | jsonify -}}
"#,
    ),
];

// ---------------------------------------------------------------------------------------------
// Roadmaps
// ---------------------------------------------------------------------------------------------

struct Roadmap {
    stem: String,
    title: String,
    org: usize,
    period: (i32, i32),
    /// Approved by the city's order № 633 (the first roadmap only).
    order: Option<&'static str>,
    sections: Vec<(String, &'static str)>,
    measures: Vec<RoadmapMeasure>,
}

struct RoadmapMeasure {
    number: String,
    title: &'static str,
    due: String,
    responsible: Vec<String>,
    expected: &'static str,
    status: MeasureStatus,
    note: Option<&'static str>,
}

enum MeasureStatus {
    One(&'static str),
    /// Yearly deadlines keep a status per year of the period.
    PerYear(Vec<(i32, &'static str)>),
}

/// Measures in each roadmap: the city's real roadmap has about forty.
const MEASURES_PER_ROADMAP: usize = 40;

/// One roadmap per 200 practices, at least one: 50 for the 10,000-practice corpus.
fn roadmap_count(practices: usize) -> usize {
    (practices / 200).max(1)
}

const ROADMAP_SECTIONS: &[&str] = &[
    "Нормативное обеспечение системы наставничества",
    "Организационные и координационные меры",
    "Организационно-методическое сопровождение наставничества",
    "Информационное сопровождение",
    "Мониторинг и оценка результатов",
];

const MEASURE_TITLES: &[&str] = &[
    "Разработка и утверждение положения о системе наставничества",
    "Актуализация плана мероприятий по внедрению системы наставничества",
    "Формирование базы наставников и наставляемых",
    "Проведение мониторинга реализации программ наставничества",
    "Организация участия педагогов в конкурсе «Лучший наставник»",
    "Проведение семинара для кураторов наставничества",
    "Размещение информации о наставничестве на официальных сайтах",
    "Организация стажировочных площадок для молодых специалистов",
    "Проведение диалоговой площадки «Наставник и молодой педагог»",
    "Подготовка методических рекомендаций по наставничеству",
    "Обобщение и распространение эффективных практик наставничества",
    "Разработка мер стимулирования наставников",
];

const MEASURE_RESULTS: &[&str] = &[
    "Утвержден пакет нормативных документов",
    "Сформирована база наставников и наставляемых",
    "Представлены актуальные данные мониторинга",
    "Повышена квалификация кураторов наставничества",
    "Информация размещена на сайтах образовательных организаций",
    "Выявлены и распространены эффективные практики",
];

const MEASURE_NOTES: &[&str] = &[
    "Срок перенесен в связи с изменением графика региональных мероприятий.",
    "Выполнено не во всех образовательных организациях.",
];

/// Statuses of measures with one status, weighted as in a roadmap under way.
const ONE_STATUSES: &[&str] = &[
    "выполнено",
    "выполнено",
    "выполнено",
    "в работе",
    "в работе",
    "запланировано",
    "выполнено частично",
    "не выполнено",
    "перенесено",
    "отменено",
];

const YEAR_STATUSES: &[&str] = &["выполнено", "выполнено", "в работе", "запланировано"];

const QUARTERS: [&str; 4] = ["I", "II", "III", "IV"];

/// A deadline in one of the forms the city's plans use (see `src/when/deadline.rs`), within
/// `period`; and whether it repeats every year (then the measure keeps a status per year).
fn roadmap_deadline(rng: &mut Rng, (first, last): (i32, i32)) -> (String, bool) {
    let year = first + rng.below((last - first + 1) as usize) as i32;
    match rng.below(10) {
        1 => (format!("{} квартал {year}", rng.pick(&QUARTERS)), false),
        2 => (format!("до 30.06.{year}"), false),
        3 => (format!("30.06.{first}, 25.12.{last}"), false),
        4 if year < last => (
            format!("февраль - март {year}, февраль - март {}", year + 1),
            false,
        ),
        5 => ("ежегодно (июнь, декабрь)".to_owned(), true),
        6 => ("ежегодно до 20 сентября".to_owned(), true),
        7 => (
            format!("декабрь {first} (с {} года – ежегодно)", first + 1),
            true,
        ),
        8 => ("постоянно".to_owned(), false),
        _ => (format!("{} {year}", MONTHS[rng.below(12)]), false),
    }
}

fn generate_roadmaps(rng: &mut Rng, count: usize, orgs: &[Org]) -> Vec<Roadmap> {
    let authority = orgs.iter().position(|o| o.class == OrgClass::Authority);
    let mut used = HashSet::new();
    (0..count)
        .map(|i| {
            let first = 2022 + rng.below(3) as i32;
            let period = (first, first + 2);
            let org = match authority {
                Some(a) if i == 0 => a,
                _ => rng.below(orgs.len()),
            };
            let stem = unique(
                &mut used,
                format!(
                    "dorozhnaya-karta-{}-{}-{}",
                    orgs[org].id, period.0, period.1
                ),
            );
            let section_count = rng.range(3, ROADMAP_SECTIONS.len());
            // The first section numbered in Roman numerals, as the city's roadmap does.
            let sections: Vec<(String, &'static str)> = (0..section_count)
                .map(|s| {
                    let number = if s == 0 {
                        "I".to_owned()
                    } else {
                        (s + 1).to_string()
                    };
                    (number, ROADMAP_SECTIONS[s])
                })
                .collect();
            let mut in_section = vec![0usize; section_count];
            let measures = (0..MEASURES_PER_ROADMAP)
                .map(|m| {
                    let section = m * section_count / MEASURES_PER_ROADMAP;
                    in_section[section] += 1;
                    let (due, yearly) = roadmap_deadline(rng, period);
                    let how_many = rng.range(1, 2);
                    let mut responsible: Vec<String> = rng
                        .sample(orgs.len(), how_many)
                        .into_iter()
                        .map(|o| orgs[o].id.clone())
                        .collect();
                    if rng.chance(1, 3) {
                        responsible.push("образовательные организации".to_owned());
                    }
                    let status = if yearly {
                        MeasureStatus::PerYear(
                            (period.0..=period.1)
                                .map(|y| (y, rng.pick(YEAR_STATUSES)))
                                .collect(),
                        )
                    } else {
                        MeasureStatus::One(rng.pick(ONE_STATUSES))
                    };
                    let note = rng.chance(1, 10).then(|| rng.pick(MEASURE_NOTES));
                    RoadmapMeasure {
                        number: format!("{}.{}", section + 1, in_section[section]),
                        title: rng.pick(MEASURE_TITLES),
                        due,
                        responsible,
                        expected: rng.pick(MEASURE_RESULTS),
                        status,
                        note,
                    }
                })
                .collect();
            Roadmap {
                title: format!(
                    "План мероприятий («дорожная карта») по развитию наставничества: {} на {}–{} годы",
                    orgs[org].short, period.0, period.1
                ),
                stem,
                org,
                period,
                order: (i == 0).then_some("@/orders/prikaz-633.md"),
                sections,
                measures,
            }
        })
        .collect()
}

/// About one published event in eight carries out a measure of some roadmap.
fn assign_measures(rng: &mut Rng, events: &mut [Event], roadmaps: &[Roadmap]) {
    if roadmaps.is_empty() {
        return;
    }
    for event in events.iter_mut().filter(|e| !e.draft) {
        if rng.chance(1, 8) {
            let r = rng.below(roadmaps.len());
            event.measure = Some((r, rng.below(roadmaps[r].measures.len())));
        }
    }
}

impl Corpus {
    fn roadmap_file(&self, i: usize) -> String {
        let r = &self.roadmaps[i];
        let org = &self.orgs[r.org];
        let mut fm = FrontMatter::new();
        fm.str("title", &r.title)
            .opt("order", r.order)
            .str("organization", &org.id)
            .str("period", &format!("{}–{}", r.period.0, r.period.1))
            .str(
                "summary",
                &format!("Дорожная карта наставничества: {}.", org.short),
            );
        fm.text.push_str("sections:\n");
        for (number, title) in &r.sections {
            let _ = writeln!(fm.text, "  - number: {}", q(number));
            let _ = writeln!(fm.text, "    title: {}", q(title));
        }
        fm.text.push_str("measures:\n");
        for m in &r.measures {
            let _ = writeln!(fm.text, "  - number: {}", q(&m.number));
            let _ = writeln!(fm.text, "    title: {}", q(m.title));
            let _ = writeln!(fm.text, "    due: {}", q(&m.due));
            fm.text.push_str("    responsible:\n");
            for x in &m.responsible {
                let _ = writeln!(fm.text, "      - {}", q(x));
            }
            let _ = writeln!(fm.text, "    expected: {}", q(m.expected));
            match &m.status {
                MeasureStatus::One(s) => {
                    let _ = writeln!(fm.text, "    status: {}", q(s));
                }
                MeasureStatus::PerYear(years) => {
                    fm.text.push_str("    status:\n");
                    for (year, s) in years {
                        let _ = writeln!(fm.text, "      {year}: {}", q(s));
                    }
                }
            }
            if let Some(note) = m.note {
                let _ = writeln!(fm.text, "    note: {}", q(note));
            }
        }
        fm.finish("План мероприятий с ответственными, сроками и ожидаемыми результатами.\n")
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Contests
// ---------------------------------------------------------------------------------------------

struct ContestResult {
    place: Option<usize>,
    title: Option<&'static str>,
    nomination: &'static str,
    org: usize,
    practice: Option<usize>,
    participants: Option<String>,
    consent: bool,
}

struct Contest {
    stem: String,
    title: String,
    year: i32,
    level: &'static str,
    organizer: usize,
    regulation: &'static str,
    nominations: Vec<&'static str>,
    /// An event held as the contest's final stage.
    final_event: Option<usize>,
    results: Vec<ContestResult>,
}

fn contest_count(practices: usize) -> usize {
    (practices / 250).max(1)
}

const CONTEST_NAMES: &[&str] = &[
    "Конкурс для наставников и наставляемых",
    "Наставник года",
    "Лучшая практика наставничества",
    "Педагогический дебют",
];

const CONTEST_LEVELS: &[&str] = &["городской", "муниципальный", "региональный", "школьный"];

const CONTEST_NOMINATIONS: &[&str] = &[
    "Лучшая практика наставничества",
    "Лучшая наставническая пара",
    "Наставник — молодому педагогу",
    "Наставник в дошкольном образовании",
    "Реверсивное наставничество",
];

fn generate_contests(
    rng: &mut Rng,
    count: usize,
    orgs: &[Org],
    practices: &[Practice],
    events: &[Event],
) -> Vec<Contest> {
    let regulations: Vec<&'static str> = orders().iter().map(|o| o.stem).collect();
    let linkable: Vec<usize> = (0..practices.len())
        .filter(|&i| practices[i].linkable())
        .collect();
    let publishable_events: Vec<usize> = (0..events.len())
        .filter(|&i| !events[i].draft && events[i].slug.is_none())
        .collect();
    let mut used = HashSet::new();
    (0..count)
        .map(|i| {
            let year = 2021 + (i % 5) as i32;
            let name = CONTEST_NAMES[i % CONTEST_NAMES.len()];
            let title = format!("{name} — {year}");
            let stem = unique(&mut used, slug_words(&title, 8));
            let nominations = rng.subset(CONTEST_NOMINATIONS, 3);
            let results = (0..rng.range(4, 9))
                .map(|r| {
                    let named = rng.chance(1, 2);
                    ContestResult {
                        place: (r % 4 != 3).then_some(1 + r % 3),
                        title: (r % 4 == 3).then_some("Лауреат"),
                        nomination: nominations[r % nominations.len()],
                        org: rng.below(orgs.len()),
                        practice: (!linkable.is_empty() && rng.chance(1, 2))
                            .then(|| linkable[rng.below(linkable.len())]),
                        participants: named.then(|| format!("{}, {}", person(rng), person(rng))),
                        consent: named && rng.chance(2, 3),
                    }
                })
                .collect();
            Contest {
                stem,
                title,
                year,
                level: CONTEST_LEVELS[i % CONTEST_LEVELS.len()],
                organizer: rng.below(orgs.len()),
                regulation: regulations[i % regulations.len()],
                nominations,
                final_event: (!publishable_events.is_empty())
                    .then(|| publishable_events[rng.below(publishable_events.len())]),
                results,
            }
        })
        .collect()
}

impl Corpus {
    fn contest_file(&self, c: &Contest) -> String {
        let mut fm = FrontMatter::new();
        fm.str("title", &c.title)
            .str(
                "summary",
                &format!("{} конкурс {} года.", capitalize(c.level), c.year),
            )
            .str("level", c.level)
            .str("organizer", &self.orgs[c.organizer].id)
            .str("regulation", &at_ref("orders", c.regulation))
            .list("nominations", &c.nominations);
        let _ = writeln!(
            fm.text,
            "applications:\n  from: {}\n  to: {}",
            q(&format!("{}-02-01", c.year)),
            q(&format!("{}-03-10", c.year))
        );
        fm.text.push_str("stages:\n");
        let _ = writeln!(
            fm.text,
            "  - title: {}\n    start: {}\n    end: {}",
            q("Заочный этап"),
            q(&format!("{}-03-13", c.year)),
            q(&format!("{}-03-24", c.year))
        );
        if let Some(e) = c.final_event {
            let _ = writeln!(
                fm.text,
                "  - title: {}\n    event: {}",
                q("Финал"),
                q(&at_ref("events", &self.events[e].stem))
            );
        }
        fm.text.push_str("results:\n");
        for r in &c.results {
            match (r.place, r.title) {
                (Some(p), _) => {
                    let _ = writeln!(fm.text, "  - place: {p}");
                }
                (None, Some(t)) => {
                    let _ = writeln!(fm.text, "  - title: {}", q(t));
                }
                (None, None) => continue,
            }
            let _ = writeln!(fm.text, "    nomination: {}", q(r.nomination));
            let _ = writeln!(fm.text, "    organization: {}", q(&self.orgs[r.org].id));
            if let Some(p) = r.practice {
                let _ = writeln!(
                    fm.text,
                    "    practice: {}",
                    q(&at_ref("practices", &self.practices[p].stem))
                );
            }
            if let Some(names) = &r.participants {
                let _ = writeln!(fm.text, "    participants: {}", q(names));
                if r.consent {
                    fm.text.push_str("    participants_consent: true\n");
                }
            }
        }
        fm.finish("Положение, сроки и итоги конкурса.\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    // Strict mirrors of the content spec: an unknown or misspelt field fails the test, exactly as
    // it would fail the real loader.

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SiteYaml {
        title: String,
        description: String,
        base_url: String,
        timezone: String,
        department: String,
        contacts: String,
        paginate: u32,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct OrgYaml {
        id: String,
        name: String,
        short: String,
        kind: String,
        address: String,
        url: String,
        district: String,
        #[serde(default)]
        mentoring: Option<String>,
        #[serde(default)]
        program_since: Option<i32>,
        #[serde(default)]
        mentoring_url: Option<String>,
        #[serde(default)]
        curator: Option<CuratorYaml>,
        #[serde(default)]
        figures: BTreeMap<i32, FiguresYaml>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct CuratorYaml {
        name: String,
        position: String,
        phone: String,
        email: String,
        publish: Vec<String>,
    }

    /// Numbers only: a name here would not parse.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct FiguresYaml {
        pairs: u32,
        groups: u32,
        mentors: u32,
        mentees: u32,
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum YearYaml {
        Number(i32),
        Text(String),
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum AttachmentYaml {
        Path(String),
        Titled { file: String, title: String },
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct PracticeYaml {
        title: String,
        summary: String,
        organizations: Option<Vec<String>>,
        authors: Option<Vec<String>>,
        level: Option<OneOrMany>,
        forms: Option<Vec<String>>,
        kinds: Option<Vec<String>>,
        topics: Option<Vec<String>>,
        year: Option<YearYaml>,
        audience: Option<String>,
        recognition: Option<String>,
        attachments: Option<Vec<AttachmentYaml>>,
        events: Option<Vec<String>>,
        date: Option<String>,
        draft: Option<bool>,
        slug: Option<String>,
        aliases: Option<Vec<String>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct EventYaml {
        title: String,
        start: String,
        end: Option<String>,
        format: Option<String>,
        series: Option<String>,
        organizations: Option<Vec<String>>,
        responsible: Option<Vec<String>>,
        location: Option<String>,
        online: Option<String>,
        registration: Option<String>,
        audience: Option<String>,
        status: Option<String>,
        summary: Option<String>,
        practices: Option<Vec<String>>,
        measure: Option<String>,
        participants: Option<u32>,
        results: Option<String>,
        attachments: Option<Vec<AttachmentYaml>>,
        draft: Option<bool>,
        slug: Option<String>,
        aliases: Option<Vec<String>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct OrderYaml {
        title: String,
        kind: Option<String>,
        number: Option<String>,
        date: Option<String>,
        issuer: Option<String>,
        level: Option<String>,
        file: Option<String>,
        status: Option<String>,
        replaces: Option<String>,
        replaced_by: Option<String>,
        summary: Option<String>,
        draft: Option<bool>,
        slug: Option<String>,
        aliases: Option<Vec<String>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RoadmapYaml {
        title: String,
        order: Option<String>,
        organization: String,
        period: String,
        summary: String,
        sections: Vec<RoadmapSectionYaml>,
        measures: Vec<MeasureYaml>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RoadmapSectionYaml {
        number: String,
        title: String,
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum MeasureStatusYaml {
        One(String),
        PerYear(BTreeMap<i32, String>),
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct MeasureYaml {
        number: String,
        title: String,
        due: String,
        responsible: Vec<String>,
        expected: String,
        status: MeasureStatusYaml,
        note: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SectionYaml {
        title: String,
        description: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct PageYaml {
        title: String,
        summary: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct MentorYaml {
        name: String,
        organization: String,
        position: String,
        subjects: Vec<String>,
        level: Vec<String>,
        forms: Vec<String>,
        experience_years: u32,
        category: String,
        topics: Vec<String>,
        phone: String,
        email: String,
        practices: Option<Vec<String>>,
        consent: ConsentYaml,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct ConsentYaml {
        date: String,
        until: String,
        fields: Vec<String>,
        document: String,
    }

    /// Whether `text` (already lower case) contains `form` as whole words: a plain substring
    /// search, the independent oracle the one-pass `PhraseMatcher` is checked against.
    fn contains_phrase(text: &str, form: &str) -> bool {
        let mut from = 0;
        while let Some(found) = text[from..].find(form) {
            let start = from + found;
            let end = start + form.len();
            let before_ok = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if before_ok && after_ok {
                return true;
            }
            from = end;
        }
        false
    }

    /// Splits `---\n…\n---\n` front matter from the body.
    fn split(text: &str) -> (&str, &str) {
        let rest = text.strip_prefix("---\n").expect("file starts with ---");
        let end = rest.find("\n---\n").expect("front matter is closed");
        (&rest[..end + 1], &rest[end + 5..])
    }

    fn files_by_path(files: Vec<OutFile>) -> BTreeMap<String, Vec<u8>> {
        files.into_iter().map(|f| (f.path, f.bytes)).collect()
    }

    fn text(bytes: &[u8]) -> &str {
        std::str::from_utf8(bytes).expect("generated files are UTF-8")
    }

    #[test]
    fn same_seed_gives_identical_bytes_and_other_seeds_differ() {
        let a = files_by_path(Corpus::generate(7, 60, 80).nastavnik_files());
        let b = files_by_path(Corpus::generate(7, 60, 80).nastavnik_files());
        let c = files_by_path(Corpus::generate(8, 60, 80).nastavnik_files());
        assert!(a == b, "same seed must give byte-identical corpora");
        assert!(a != c, "different seeds must give different corpora");
        let hugo_a = files_by_path(Corpus::generate(7, 60, 80).hugo_files());
        let hugo_b = files_by_path(Corpus::generate(7, 60, 80).hugo_files());
        assert!(hugo_a == hugo_b);
    }

    /// One roadmap per 200 practices (50 for the 10,000-practice corpus), at least one; the
    /// Hugo site has none and no `measure` in its events.
    #[test]
    fn roadmaps_scale_with_practices_and_hugo_skips_them() {
        assert_eq!(roadmap_count(10_000), 50);
        assert_eq!(roadmap_count(1_000), 5);
        assert_eq!(roadmap_count(10), 1);
        let corpus = Corpus::generate(7, 1_000, 200);
        assert_eq!(corpus.roadmaps.len(), 5);
        assert!(corpus.roadmaps.iter().all(|r| r.measures.len() == 40));
        let files = files_by_path(corpus.nastavnik_files());
        assert_eq!(
            files
                .keys()
                .filter(|p| p.starts_with("content/roadmaps/") && !p.ends_with("_index.md"))
                .count(),
            5
        );
        let hugo = files_by_path(corpus.hugo_files());
        assert!(
            hugo.keys().all(|p| !p.contains("roadmap")),
            "no roadmaps in Hugo"
        );
        assert!(
            hugo.values()
                .all(|b| !String::from_utf8_lossy(b).contains("measure")),
            "no measure in Hugo events"
        );
        assert!(
            corpus
                .manifest_json(Format::Hugo)
                .contains("\"roadmaps\": 0,")
        );
        assert!(
            corpus
                .manifest_json(Format::Nastavnik)
                .contains("\"roadmaps\": 5,")
        );
    }

    #[test]
    fn organizations_do_not_depend_on_counts() {
        let small = Corpus::generate(3, 5, 5).organizations_yaml();
        let large = Corpus::generate(3, 500, 50).organizations_yaml();
        assert_eq!(small, large);
    }

    #[test]
    fn every_file_parses_against_the_spec() {
        let corpus = Corpus::generate(11, 300, 400);
        let files = files_by_path(corpus.nastavnik_files());
        let org_ids: HashSet<String> = {
            let orgs: Vec<OrgYaml> =
                serde_yaml::from_str(text(&files["data/organizations.yaml"])).unwrap();
            assert!(
                (90..=110).contains(&orgs.len()),
                "{} organizations",
                orgs.len()
            );
            let ids: HashSet<&str> = orgs.iter().map(|o| o.id.as_str()).collect();
            assert_eq!(ids.len(), orgs.len(), "organization ids are unique");
            for org in &orgs {
                assert!(
                    org.id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                );
                assert!(!org.name.is_empty() && !org.short.is_empty() && !org.kind.is_empty());
                assert!(org.address.starts_with("2140") && org.url.starts_with("https://"));
                assert!(!org.district.is_empty());
                assert!(
                    nastavnik::content::organizations::KINDS.contains(&org.kind.as_str()),
                    "{} is a known kind",
                    org.kind
                );
                if let Some(since) = org.program_since {
                    assert_eq!(org.mentoring.as_deref(), Some("да"));
                    assert!((2020..=2023).contains(&since));
                    assert!(
                        org.figures
                            .keys()
                            .all(|&y| y >= since.max(2023) && y <= 2024)
                    );
                }
                assert!(org.mentoring_url.iter().all(|u| u.starts_with("https://")));
                if let Some(c) = &org.curator {
                    assert!(!c.name.is_empty() && !c.position.is_empty());
                    assert!(c.phone.starts_with("+7 (4812) ") && c.email.contains('@'));
                    let known = ["name", "position", "phone", "email"];
                    assert!(c.publish.iter().all(|p| known.contains(&p.as_str())));
                }
                for f in org.figures.values() {
                    assert!(f.mentors >= f.pairs && f.mentees >= f.pairs);
                    assert!(f.groups <= 4 && f.pairs > 0);
                }
            }
            let with = |p: &dyn Fn(&OrgYaml) -> bool| orgs.iter().filter(|o| p(o)).count();
            assert!(with(&|o| o.mentoring.as_deref() == Some("да")) > orgs.len() / 2);
            assert!(with(&|o| o.mentoring.as_deref() == Some("нет")) > 0);
            assert!(with(&|o| o.curator.as_ref().is_some_and(|c| c.publish.is_empty())) > 0);
            assert!(with(&|o| o.curator.as_ref().is_some_and(|c| c.publish.len() == 4)) > 0);
            assert!(with(&|o| o.figures.contains_key(&2023)) > 10);
            orgs.into_iter().map(|o| o.id).collect()
        };

        let site: SiteYaml = serde_yaml::from_str(text(&files["site.yaml"])).unwrap();
        assert_eq!(site.paginate, 20);
        assert!(site.base_url.ends_with('/') && !site.title.is_empty());
        assert!(!site.description.is_empty() && !site.department.is_empty());
        assert!(site.timezone == "Europe/Moscow" && !site.contacts.is_empty());

        let (mut practices, mut events, mut orders) = (0, 0, 0);
        let mut roadmaps: BTreeMap<String, HashSet<String>> = BTreeMap::new();
        let mut measures: Vec<(String, String)> = Vec::new();
        for (path, bytes) in &files {
            if !path.ends_with(".md") {
                continue;
            }
            let (front, body) = split(text(bytes));
            let name = path.rsplit('/').next().unwrap();
            if name == "_index.md" {
                let section: SectionYaml = serde_yaml::from_str(front).unwrap();
                assert!(!section.title.is_empty() && section.description.is_some());
            } else if path.starts_with("content/practices/") {
                practices += 1;
                let p: PracticeYaml =
                    serde_yaml::from_str(front).unwrap_or_else(|e| panic!("{path}: {e}\n{front}"));
                assert!(!p.title.is_empty() && !p.summary.is_empty());
                for id in p.organizations.unwrap() {
                    assert!(org_ids.contains(&id), "{path}: unknown organization {id}");
                }
                assert!(p.authors.is_some() && p.level.is_some() && p.audience.is_some());
                assert!(p.forms.is_some() && p.kinds.is_some());
                let topics = p.topics.unwrap();
                assert!((2..=5).contains(&topics.len()));
                match p.year.unwrap() {
                    YearYaml::Number(y) => assert!((2021..=2027).contains(&y)),
                    YearYaml::Text(y) => assert_eq!(y.len(), 9, "{y}"),
                }
                assert_eq!(p.date.unwrap().len(), 10);
                if let Some(r) = p.recognition {
                    assert!(RECOGNITION.contains(&r.as_str()));
                }
                if let Some(level) = p.level {
                    match level {
                        OneOrMany::One(l) => assert!(!l.is_empty()),
                        OneOrMany::Many(ls) => assert!(ls.len() > 1),
                    }
                }
                for attachment in p.attachments.unwrap_or_default() {
                    let file = match attachment {
                        AttachmentYaml::Path(file) => file,
                        AttachmentYaml::Titled { file, title } => {
                            assert!(!title.is_empty());
                            file
                        }
                    };
                    let beside = format!("{}/{file}", path.rsplit_once('/').unwrap().0);
                    assert!(files.contains_key(&beside), "{path}: missing {beside}");
                }
                let _ = (p.events, p.draft, p.slug, p.aliases);
                assert!(body.contains("## Актуальность"));
            } else if path.starts_with("content/events/") {
                events += 1;
                let e: EventYaml =
                    serde_yaml::from_str(front).unwrap_or_else(|e| panic!("{path}: {e}\n{front}"));
                assert!(!e.title.is_empty() && !e.start.is_empty());
                for id in e.organizations.unwrap() {
                    assert!(org_ids.contains(&id), "{path}: unknown organization {id}");
                }
                assert!(e.responsible.is_some_and(|r| !r.is_empty()));
                assert!(e.format.is_some() && e.summary.is_some());
                if let Some(status) = e.status {
                    assert!(["запланировано", "перенесено", "отменено"].contains(&status.as_str()));
                }
                let _ = (
                    e.end,
                    e.series,
                    e.location,
                    e.online,
                    e.registration,
                    e.audience,
                );
                if let Some(measure) = e.measure {
                    measures.push((path.clone(), measure));
                }
                let _ = (e.practices, e.attachments, e.draft, e.slug, e.aliases);
                let _ = (e.participants, e.results);
            } else if path.starts_with("content/orders/") {
                orders += 1;
                let o: OrderYaml = serde_yaml::from_str(front).unwrap();
                // Every document has a kind from the list; only templates go unnumbered,
                // and a template carries its file.
                let kind = o.kind.as_deref().expect("kind");
                assert!(
                    nastavnik::content::model::DocKind::from_name(kind).is_some(),
                    "{path}: {kind}"
                );
                assert!(!o.title.is_empty() && o.date.is_some(), "{path}");
                assert_eq!(o.number.is_none(), kind == "образец" || kind == "положение");
                if kind == "образец" {
                    let file = o.file.as_deref().expect("a template's file");
                    let dir = path.rsplit_once('/').unwrap().0;
                    assert!(files.contains_key(&format!("{dir}/{file}")), "{path}");
                }
                let _ = (
                    o.issuer,
                    o.level,
                    o.status,
                    o.replaces,
                    o.replaced_by,
                    o.summary,
                );
                let _ = (o.draft, o.slug, o.aliases);
            } else if path.starts_with("content/contests/") {
                // The fields the generator means to write; their values are checked by loading
                // the corpus with nastavnik (the search recall test and the benchmarks).
                let c: serde_yaml::Mapping = serde_yaml::from_str(front).unwrap();
                for key in ["title", "level", "organizer", "applications", "results"] {
                    assert!(c.contains_key(key), "{path}: no {key}");
                }
            } else if path.starts_with("content/mentors/") {
                let m: MentorYaml = serde_yaml::from_str(front).unwrap();
                assert!(m.consent.fields.contains(&"name".to_string()), "{path}");
                assert!(m.consent.date < m.consent.until, "{path}");
            } else if path.starts_with("content/roadmaps/") {
                let r: RoadmapYaml =
                    serde_yaml::from_str(front).unwrap_or_else(|e| panic!("{path}: {e}\n{front}"));
                assert!(!r.title.is_empty() && !r.summary.is_empty() && !body.is_empty());
                assert!(org_ids.contains(&r.organization), "{path}");
                if let Some(order) = r.order {
                    let file = format!("content/{}", order.strip_prefix("@/").unwrap());
                    assert!(files.contains_key(&file), "{path}: no {file}");
                }
                let (first, last) = r.period.split_once('–').expect("period «A–B»");
                let period: (i32, i32) = (first.parse().unwrap(), last.parse().unwrap());
                assert_eq!(period.1 - period.0, 2, "{path}");
                let sections: Vec<String> = r.sections.iter().map(|s| s.number.clone()).collect();
                assert!((3..=5).contains(&sections.len()) && sections[0] == "I");
                assert!(r.sections.iter().all(|s| !s.title.is_empty()));
                assert_eq!(r.measures.len(), MEASURES_PER_ROADMAP);
                let mut numbers = HashSet::new();
                for m in r.measures {
                    assert!(
                        numbers.insert(m.number.clone()),
                        "{path}: {} twice",
                        m.number
                    );
                    let section: usize = m.number.split('.').next().unwrap().parse().unwrap();
                    assert!(
                        (1..=sections.len()).contains(&section),
                        "{path}: {}",
                        m.number
                    );
                    assert!(!m.title.is_empty() && !m.due.is_empty() && !m.expected.is_empty());
                    assert!(
                        m.responsible.iter().any(|x| org_ids.contains(x)),
                        "{path}: {} names no organization",
                        m.number
                    );
                    match m.status {
                        MeasureStatusYaml::One(s) => {
                            assert!(ONE_STATUSES.contains(&s.as_str()), "{s}");
                            assert!(!m.due.starts_with("ежегодно"), "{path}: {}", m.number);
                        }
                        MeasureStatusYaml::PerYear(years) => {
                            let keys: Vec<i32> = years.keys().copied().collect();
                            assert_eq!(keys, (period.0..=period.1).collect::<Vec<_>>());
                            assert!(years.values().all(|s| YEAR_STATUSES.contains(&s.as_str())));
                            assert!(m.due.contains("ежегодно"), "{path}: {}", m.number);
                        }
                    }
                    let _ = m.note;
                }
                roadmaps.insert(path.clone(), numbers);
            } else {
                let page: PageYaml = serde_yaml::from_str(front).unwrap();
                assert!(!page.title.is_empty() && page.summary.is_some());
            }
        }
        assert_eq!((practices, events, orders), (300, 400, 7));
        assert_eq!(roadmaps.len(), roadmap_count(300));
        // Every `measure:` of an event names a measure of a generated roadmap.
        assert!(
            measures.len() > 20,
            "{} events with a measure",
            measures.len()
        );
        for (path, measure) in measures {
            let (file, number) = measure.split_once('#').expect("file#number");
            let file = format!("content/{}", file.strip_prefix("@/").unwrap());
            let numbers = roadmaps
                .get(&file)
                .unwrap_or_else(|| panic!("{path}: no roadmap {file}"));
            assert!(numbers.contains(number), "{path}: no measure {number}");
        }
    }

    #[test]
    fn practices_have_the_required_shape() {
        let corpus = Corpus::generate(5, 400, 0);
        for (i, p) in corpus.practices.iter().enumerate() {
            let words = count_words(&p.body);
            assert!((400..=800).contains(&words), "{}: {words} words", p.stem);
            for heading in [
                "## Актуальность",
                "## Цель и задачи",
                "## Содержание и этапы",
                "## Результаты",
                "## Ресурсы и материалы",
                "## Контакты",
            ] {
                assert_eq!(p.body.matches(heading).count(), 1, "{}: {heading}", p.stem);
            }
            assert!(p.body.contains("\n- "), "bullet list");
            assert!(p.body.contains("\n1. "), "numbered list");
            assert!(p.body.contains("|---|---|---|"), "table");
            assert!(
                p.body.contains("*устойчивая") && p.body.contains("**"),
                "emphasis"
            );
            let internal = p.body.matches("](@/practices/").count();
            assert!(
                (1..=3).contains(&internal),
                "{}: {internal} internal links",
                p.stem
            );
            assert!(
                !p.body.contains(&format!("(@/practices/{}.md)", p.stem)),
                "no self-link"
            );
            assert_eq!(p.body.matches("](https://").count(), 1, "one external link");
            assert!(corpus.practice_file(i).starts_with("---\n"));
        }
    }

    #[test]
    fn every_reference_resolves_to_a_linkable_page() {
        let corpus = Corpus::generate(21, 500, 1000);
        // Body links go by file: any published practice, single file or bundle.
        let published_files: HashSet<String> = (0..corpus.practices.len())
            .filter(|&i| !corpus.practices[i].draft)
            .map(|i| corpus.practice_path(i))
            .collect();
        let event_stems: HashSet<&str> = corpus
            .events
            .iter()
            .filter(|e| !e.draft && e.slug.is_none())
            .map(|e| e.stem.as_str())
            .collect();
        let (mut to_bundles, mut to_slugged) = (0, 0);
        for p in &corpus.practices {
            let mut rest = p.body.as_str();
            while let Some(at) = rest.find("](@/practices/") {
                let after = &rest[at + 14..];
                let target = &after[..after.find(')').unwrap()];
                let file = format!("content/practices/{target}");
                assert!(
                    published_files.contains(&file),
                    "{}: broken link to {target}",
                    p.stem
                );
                to_bundles += usize::from(target.ends_with("/index.md"));
                let stem = target.trim_end_matches("/index.md").trim_end_matches(".md");
                to_slugged += usize::from(
                    corpus
                        .practices
                        .iter()
                        .any(|t| t.stem == stem && t.slug.is_some()),
                );
                rest = after;
            }
            for r in &p.events {
                assert!(event_stems.contains(corpus.events[r.target].stem.as_str()));
            }
        }
        assert!(
            to_bundles > 0 && to_slugged > 0,
            "{to_bundles} {to_slugged}"
        );
        let linked = corpus
            .events
            .iter()
            .filter(|e| !e.practices.is_empty())
            .count();
        assert!(
            (20..=90).contains(&linked),
            "about 1 in 20 events link practices: {linked}"
        );
        for e in &corpus.events {
            for r in &e.practices {
                let target = &corpus.practices[r.target];
                assert!(target.linkable());
                let back = target
                    .events
                    .iter()
                    .any(|b| corpus.events[b.target].stem == e.stem);
                assert!(back, "practice {} lists event {}", target.stem, e.stem);
            }
        }
        // Slugs are unique per section, across file names and `slug` overrides.
        let mut seen = HashSet::new();
        for p in &corpus.practices {
            assert!(
                seen.insert(p.url_slug()),
                "duplicate practice URL {}",
                p.url_slug()
            );
        }
        let mut seen = HashSet::new();
        for e in &corpus.events {
            assert!(seen.insert(e.slug.as_deref().unwrap_or(&e.stem)));
            assert!(
                e.stem
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "{}",
                e.stem
            );
        }
    }

    #[test]
    fn events_mix_all_date_forms_and_statuses() {
        let corpus = Corpus::generate(2, 10, 2000);
        let is_day = |s: &str| s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
        let mut forms = BTreeMap::new();
        for e in &corpus.events {
            let start = e.start.as_str();
            let kind = if start.contains(' ') {
                let (day, time) = start.split_once(' ').unwrap();
                assert!(is_day(day) && time.len() == 5, "{start}");
                match &e.end {
                    Some(end) => {
                        assert_eq!(end.len(), 5);
                        assert!(end.as_str() > time, "{start} – {end}");
                        "day-time-end"
                    }
                    None => "day-time",
                }
            } else if start.contains("-Q") {
                "quarter"
            } else if is_day(start) {
                if e.end.as_ref().is_some_and(|end| end.as_str() > start) {
                    "day-range"
                } else {
                    assert!(e.end.is_none());
                    "day"
                }
            } else {
                assert_eq!(start.len(), 7, "{start}");
                if e.end.as_ref().is_some_and(|end| end.as_str() > start) {
                    "month-range"
                } else {
                    "month"
                }
            };
            *forms.entry(kind).or_insert(0usize) += 1;
            if is_day(&start[..10.min(start.len())]) {
                let y: i32 = start[..4].parse().unwrap();
                let m: u32 = start[5..7].parse().unwrap();
                let d: u32 = start[8..10].parse().unwrap();
                assert!(Date { y, m, d }.weekday() < 5, "{start} is a working day");
            }
        }
        for kind in [
            "day",
            "day-time",
            "day-time-end",
            "day-range",
            "month",
            "month-range",
            "quarter",
        ] {
            assert!(
                forms.get(kind).copied().unwrap_or(0) > 20,
                "{kind}: {forms:?}"
            );
        }
        let count = |s: &str| corpus.events.iter().filter(|e| e.status == Some(s)).count();
        let (moved, cancelled) = (count("перенесено"), count("отменено"));
        assert!(moved > 50 && cancelled > 30 && moved + cancelled < 300);
        let formats: HashSet<&str> = corpus.events.iter().map(|e| e.format).collect();
        assert!(formats.len() >= 10);
        assert!(corpus.events.iter().filter(|e| e.series.is_some()).count() > 500);
    }

    #[test]
    fn manifest_matches_a_fresh_scan_and_planted_rates() {
        let corpus = Corpus::generate(9, 1000, 0);
        let published = corpus.practices.iter().filter(|p| !p.draft).count();
        for (spec, hits) in QUERIES.iter().zip(&corpus.queries) {
            let expected = 1000 * spec.per_mille / 1000;
            let found = hits.practices.len();
            // Drafts are excluded; nothing outside the planted set may contain the phrase.
            assert!(
                found <= expected && found + 20 >= expected,
                "«{}»: {found} of {expected}",
                spec.query
            );
        }
        // The one-pass matcher agrees with a plain substring search on every practice, and the
        // manifest lists exactly the published practices that contain a form.
        for (i, p) in corpus.practices.iter().enumerate() {
            let text = corpus.practice_file(i).to_lowercase();
            for (spec, hits) in QUERIES.iter().zip(&corpus.queries) {
                let oracle = spec.forms.iter().any(|f| contains_phrase(&text, f));
                let listed = hits.practices.iter().any(|s| s == p.url_slug());
                assert_eq!(listed, oracle && !p.draft, "{} / «{}»", p.stem, spec.query);
            }
        }
        let young = &corpus.queries[0];
        assert_eq!(young.topic, Some(TOPIC_YOUNG));
        assert_eq!(young.topic_practices, young.practices);
        // Several inflections really occur across the corpus.
        let all: String = corpus
            .practices
            .iter()
            .map(|p| p.body.to_lowercase())
            .collect();
        let used = QUERIES[0]
            .forms
            .iter()
            .filter(|f| contains_phrase(&all, f))
            .count();
        assert!(used >= 6, "{used} inflections of «молодой педагог»");
        let json: serde_json::Value =
            serde_json::from_str(&corpus.manifest_json(Format::Nastavnik)).unwrap();
        assert_eq!(json["practices"], 1000);
        assert_eq!(json["published_practices"], published);
        assert_eq!(json["queries"].as_array().unwrap().len(), QUERIES.len());
        assert_eq!(
            json["queries"][0]["practices"].as_array().unwrap().len(),
            young.practices.len()
        );
    }

    #[test]
    fn tiny_corpora_do_not_panic() {
        for (p, e) in [(0, 0), (1, 0), (0, 3), (1, 1), (2, 1)] {
            let corpus = Corpus::generate(1, p, e);
            assert_eq!(
                corpus.nastavnik_files().len(),
                // Seven documents and the file of the one template; one roadmap and its section
                // page, two mentors and theirs, one contest.
                2 + 5
                    + 8
                    + p
                    + e
                    + corpus.practices.iter().filter(|x| x.bundle).count()
                    + 2
                    + 3
                    + 1,
                "the fixed pages are there even for no practices"
            );
            assert_eq!(corpus.roadmaps.len(), 1);
            let _ = corpus.hugo_files();
            let _ = corpus.manifest_json(Format::Hugo);
        }
    }

    #[test]
    fn arguments_are_parsed_strictly() {
        let parse =
            |s: &str| parse_args(&s.split_whitespace().map(String::from).collect::<Vec<_>>());
        assert_eq!(
            parse("out 10 20 --seed 5 --format hugo").unwrap().unwrap(),
            Args {
                dir: PathBuf::from("out"),
                practices: 10,
                events: 20,
                seed: 5,
                format: Format::Hugo
            }
        );
        assert_eq!(parse("out 1 2").unwrap().unwrap().seed, 1);
        assert!(parse("--help").unwrap().is_none());
        assert!(parse("out 1").is_err());
        assert!(parse("out x 2").is_err());
        assert!(parse("out 1 2 --format zola").is_err());
        assert!(parse("out 1 2 --seed").is_err());
        assert!(parse("out 1 2 --sed 3").is_err());
        assert!(parse("out 1 99999999999").is_err());
    }

    #[test]
    fn helpers_behave() {
        assert_eq!(translit("Дорожная карта"), "dorozhnaya-karta");
        assert_eq!(translit("Равный – равному!"), "ravnyy-ravnomu");
        assert_eq!(translit("Школа № 4"), "shkola-4");
        assert_eq!(
            slug_words("Модели наставничества в школе № 4", 3),
            "modeli-nastavnichestva"
        );
        assert_eq!(
            slug_words("Урок: от замысла к результату", 4),
            "urok-ot-zamysla"
        );
        let matcher = PhraseMatcher::new();
        assert_eq!(
            matcher.matches("Работа с Молодым педагогом. Наставнические пары."),
            vec![true, false, false, false, true]
        );
        assert_eq!(
            matcher.matches("молодой педагогический коллектив"),
            vec![false; 5]
        );
        assert_eq!(
            Date {
                y: 2022,
                m: 10,
                d: 10
            }
            .weekday(),
            0,
            "10.10.2022 was a Monday"
        );
        assert_eq!(
            Date {
                y: 2024,
                m: 2,
                d: 28
            }
            .add_days(2)
            .iso(),
            "2024-03-01"
        );
        assert!(contains_phrase(
            "работа с молодым педагогом.",
            "молодым педагогом"
        ));
        assert!(!contains_phrase(
            "молодой педагогический коллектив",
            "молодой педагог"
        ));
        assert_eq!(
            hugo_links("см. [А](@/practices/a-b.md) и [Б](@/practices/_index.md)"),
            "см. [А]({{< relref \"/practices/a-b\" >}}) и [Б]({{< relref \"/practices\" >}})"
        );
        let mut rng = Rng::new(1);
        let sample = rng.sample(10, 10);
        let distinct: HashSet<_> = sample.iter().collect();
        assert_eq!(distinct.len(), 10);
        assert!(rng.sample(3, 5).len() == 3 && rng.sample(0, 2).is_empty());
    }

    #[test]
    fn minimal_pdf_has_a_consistent_xref_table() {
        let pdf = minimal_pdf("programma-test");
        let text = String::from_utf8(pdf).unwrap();
        let xref_at: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[xref_at..].starts_with("xref\n"));
        for (n, line) in text[xref_at..].lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj", n + 1)),
                "object {}",
                n + 1
            );
        }
    }

    /// Builds the Hugo variant with the real `hugo` binary: run with `cargo test -- --ignored`
    /// on a machine with Hugo installed (`apt-get install hugo`).
    #[test]
    #[ignore = "needs the hugo binary"]
    fn hugo_builds_the_generated_site() {
        let dir = std::env::temp_dir().join(format!("gen-corpus-hugo-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let args = Args {
            dir: dir.clone(),
            practices: 120,
            events: 150,
            seed: 4,
            format: Format::Hugo,
        };
        run(&args).unwrap();
        let out = dir.join("public");
        let status = std::process::Command::new("hugo")
            .args(["--quiet", "--source"])
            .arg(&dir)
            .arg("--destination")
            .arg(&out)
            .status()
            .expect("hugo is installed");
        assert!(status.success());
        assert!(out.join("index.html").exists() && out.join("index.json").exists());
        assert!(out.join("practices/page/2/index.html").exists());
        assert!(out.join("topics/index.html").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
