//! The floor of a build, for docs/benchmarks.md (issue 15): what any generator must do at the
//! least for the same corpus. It reads every content file, renders its Markdown body with
//! pulldown-cmark (the extensions nastavnik enables) on all cores, and writes one
//! `index.html` per page into a pretty-URL folder; no templates, lists, calendar or search.
//!
//! Two options raise the floor to what this site must do whatever its own code costs:
//! - `--yaml` also parses every front matter with serde_yaml, the YAML reader the project is
//!   required to use, into a `serde_yaml::Value` (as `front_matter::parse_yaml` does);
//! - `--layout REFERENCE` writes, instead of one page per file, every file of REFERENCE (a
//!   finished output of the same corpus) with its bytes: the site as delivered, with its
//!   feeds, search files and the folders its addresses need. REFERENCE is read before the
//!   clock starts.
//!
//! With both, the figure is the cost of the required libraries' parsing plus writing the
//! delivered files; Tera's share (the third required library) is measured inside the build
//! (`NASTAVNIK_TIMINGS=1`, «pages (summed over threads)»).
//!
//! usage: cargo run --release --example floor -- SITE OUTPUT [--yaml] [--layout REFERENCE]
//! OUTPUT is removed first. Prints the page count, the time taken and the CPU time used.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

// As in the binary: the allocator changes the figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: floor SITE OUTPUT [--yaml] [--layout REFERENCE]";
    let root = PathBuf::from(args.next().expect(usage));
    let output = PathBuf::from(args.next().expect(usage));
    let (mut yaml, mut reference) = (false, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--yaml" => yaml = true,
            "--layout" => reference = Some(PathBuf::from(args.next().expect(usage))),
            _ => panic!("{usage}"),
        }
    }
    let layout = reference.map(|r| read_tree(&r));
    let started = Instant::now();
    let cpu_before = cpu_seconds();
    if output.exists() {
        std::fs::remove_dir_all(&output).expect("remove the old output");
    }
    let content = root.join("content");
    let sources: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let pages: usize = sources
        .par_iter()
        .map(|path| {
            let html = render_page(path, yaml);
            if layout.is_none() {
                write_page(&content, path, &output, html);
            }
            1
        })
        .sum();
    let parsed = started.elapsed().as_secs_f64();
    let files = match &layout {
        Some(files) => write_tree(files, &output),
        None => pages,
    };
    println!(
        "floor: {pages} pages from {} files (parsed in {parsed:.3} s), {files} files written, \
         in {:.3} s, {:.3} s of CPU",
        sources.len(),
        started.elapsed().as_secs_f64(),
        cpu_seconds() - cpu_before
    );
}

/// Reads one file and renders its body (after parsing its front matter with `yaml`).
fn render_page(path: &Path, yaml: bool) -> String {
    let text = std::fs::read_to_string(path).expect("read a content file");
    let (front_matter, body) = match text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
    {
        Some((front_matter, body)) => (front_matter, body),
        None => ("", text.as_str()),
    };
    if yaml {
        let value: serde_yaml::Value =
            serde_yaml::from_str(front_matter).expect("valid front matter");
        std::hint::black_box(value);
    }
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_FOOTNOTES);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    options.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
    options.insert(pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(body, options));
    std::hint::black_box(html)
}

/// Writes a page's HTML as `index.html` in the folder of its address.
fn write_page(content: &Path, path: &Path, output: &Path, html: String) {
    let relative = path.strip_prefix(content).expect("under content/");
    let mut folder = output.join(relative.with_extension(""));
    if folder
        .file_name()
        .is_some_and(|n| n == "_index" || n == "index")
    {
        folder.pop();
    }
    std::fs::create_dir_all(&folder).expect("create the page's folder");
    std::fs::write(folder.join("index.html"), html).expect("write the page");
}

/// Every file under `dir`, as a path relative to it and its bytes.
fn read_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read a reference file");
            let relative = e.path().strip_prefix(dir).expect("under the reference");
            (relative.to_path_buf(), bytes)
        })
        .collect()
}

/// Writes `files` under `output`: their folders first, then the files on all cores, as the
/// build writes its staging folder. Returns how many were written.
fn write_tree(files: &[(PathBuf, Vec<u8>)], output: &Path) -> usize {
    let mut folders: Vec<&Path> = files.iter().filter_map(|(p, _)| p.parent()).collect();
    folders.sort_unstable();
    folders.dedup();
    for folder in folders {
        std::fs::create_dir_all(output.join(folder)).expect("create a folder");
    }
    files.par_iter().for_each(|(path, bytes)| {
        std::fs::write(output.join(path), bytes).expect("write a file");
    });
    files.len()
}

/// User and system CPU time of this process so far.
fn cpu_seconds() -> f64 {
    // SAFETY: `getrusage` fills the struct it is given; a zeroed `rusage` is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a `rusage` owned by this frame.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
