//! Times the search index builder alone (`search::outputs` and its three stages) on a loaded
//! site, single-threaded unless RAYON_NUM_THREADS says otherwise, for docs/benchmarks.md.
//!
//! usage: cargo run --release --example search_index -- SITE [ROUNDS]
//! Prints each round's stage times, the peak memory after it, and the median of the whole.
//! Each round also times the tokeniser alone over the rendered bodies (every word found and
//! normalised, nothing counted), the part of the postings stage that finding the words takes,
//! and a plain pass over their bytes, the least any tokeniser could take.

use std::time::Instant;

// As in the binary: the allocator changes the figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use nastavnik::content::{self, LoadOptions};
use nastavnik::search;
use nastavnik::urls::Urls;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: search_index SITE [ROUNDS]"));
    let rounds: usize = args.next().map_or(5, |r| r.parse().expect("rounds"));
    if std::env::var_os("RAYON_NUM_THREADS").is_none() {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build_global()
            .expect("one thread");
    }
    let loaded = content::load(&root, &LoadOptions::default());
    let site = loaded
        .site
        .unwrap_or_else(|| panic!("{}", loaded.diagnostics.render(false)));
    let u = Urls::new(&site.config.base_url);
    println!("site loaded: peak memory {} MB", peak_mb());
    let mut totals = Vec::new();
    for round in 0..rounds {
        let t = Instant::now();
        let bodies: Vec<_> = site.pages.iter().map(|p| p.content.clone()).collect();
        let mut docs = search::index::documents(&site, &u, &bodies);
        let documents = t.elapsed();
        let built = search::index::build(&mut docs);
        let index = t.elapsed() - documents;
        let groups = search::synonyms::defaults();
        let stemmed = search::synonyms::stemmed(&groups, search::index::STOP_WORDS);
        let files = search::format::files(&docs, &built, &stemmed);
        let total = t.elapsed();
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        println!(
            "round {round}: documents {:.0} ms, postings {:.0} ms, files {:.0} ms, total {:.0} ms ({} files, {} bytes)",
            documents.as_secs_f64() * 1e3,
            index.as_secs_f64() * 1e3,
            (total - documents - index).as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3,
            files.len(),
            bytes
        );
        let (words, tokenise) = tokenise_only(&bodies);
        let (spaces, scan) = scan_only(&bodies);
        println!(
            "  the bodies alone ({} MB): tokenised in {:.0} ms ({words} words), bytes read in {:.0} ms ({spaces} spaces)",
            bodies.iter().map(|b| b.len()).sum::<usize>() >> 20,
            tokenise.as_secs_f64() * 1e3,
            scan.as_secs_f64() * 1e3,
        );
        totals.push(total.as_secs_f64());
        println!("  peak memory so far {} MB", peak_mb());
    }
    totals.sort_by(f64::total_cmp);
    println!("median {:.0} ms", totals[totals.len() / 2] * 1e3);
}

/// Every word of every body found and normalised as the index does, on this thread.
fn tokenise_only(bodies: &[std::sync::Arc<str>]) -> (usize, std::time::Duration) {
    let t = Instant::now();
    let mut buf = String::new();
    let mut words = 0;
    for body in bodies {
        search::stem::for_each_word::<true>(body, &mut buf, |_| words += 1);
    }
    (words, t.elapsed())
}

/// Every byte of every body looked at once (spaces counted, so the pass is not optimised away).
fn scan_only(bodies: &[std::sync::Arc<str>]) -> (usize, std::time::Duration) {
    let t = Instant::now();
    let spaces = bodies
        .iter()
        .map(|b| b.bytes().filter(|&c| c == b' ').count())
        .sum();
    (spaces, t.elapsed())
}

/// The process's peak resident memory (VmHWM), in MB; 0 where /proc is not there.
fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
