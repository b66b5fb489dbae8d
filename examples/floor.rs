//! The floor of a build, for docs/benchmarks.md (issue 15): what any generator must do at the
//! least for the same corpus. It reads every content file, renders its Markdown body with
//! pulldown-cmark (the extensions nastavnik enables) on all cores, and writes one
//! `index.html` per page into a pretty-URL folder; no templates, lists, calendar or search.
//!
//! usage: cargo run --release --example floor -- SITE OUTPUT
//! OUTPUT is removed first. Prints the page count and the time taken.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

// As in the binary: the allocator changes the figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: floor SITE OUTPUT";
    let root = PathBuf::from(args.next().expect(usage));
    let output = PathBuf::from(args.next().expect(usage));
    let started = Instant::now();
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
        .map(|path| write_page(&content, path, &output))
        .sum();
    println!(
        "floor: {pages} pages from {} files in {:.3} s",
        sources.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Reads one file, renders its body and writes it; 1 when written.
fn write_page(content: &Path, path: &Path, output: &Path) -> usize {
    let text = std::fs::read_to_string(path).expect("read a content file");
    let body = match text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
    {
        Some((_front_matter, body)) => body,
        None => text.as_str(),
    };
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_FOOTNOTES);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    options.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
    options.insert(pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(body, options));
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
    1
}
