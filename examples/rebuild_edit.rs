//! Times the dev server's rebuild after an edit of one practice, in process (no HTTP, no
//! watcher): what `nastavnik serve` does between the save and the reload.
//!
//! usage: cargo run --release --example rebuild_edit -- SITE [ROUNDS [pages-only]]
//! The site is left as it was found.

use std::time::Instant;

// As in the binary: the allocator changes the figures.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use nastavnik::build::BuildOptions;
use nastavnik::serve::session::{Changes, Session};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().expect("usage: rebuild_edit SITE [ROUNDS]"));
    let rounds: usize = args.next().map_or(10, |r| r.parse().expect("rounds"));
    // `pages-only`: skip remaking the calendar and search index (for profiling the page part).
    let pages_only = args.next().is_some_and(|a| a == "pages-only");
    let root = root.canonicalize().expect("site folder");
    let mut session = Session::new(BuildOptions {
        root: root.clone(),
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts: false,
    });
    let t = Instant::now();
    let first = session.rebuild(&Changes::Everything);
    assert!(
        first.output.is_some(),
        "{}",
        first.diagnostics.render(false)
    );
    let pages = t.elapsed();
    session
        .finish()
        .expect("a site to finish")
        .expect("calendar and search");
    println!(
        "first build: pages {:.0} ms, with calendar and search {:.0} ms",
        pages.as_secs_f64() * 1000.0,
        t.elapsed().as_secs_f64() * 1000.0
    );
    let dir = root.join("content/practices");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("practices")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    names.sort();
    let file = names[names.len() / 2].clone();
    let original = std::fs::read_to_string(&file).expect("read");
    let (mut visible, mut finished) = (Vec::new(), Vec::new());
    for i in 0..rounds {
        let edited = original.replacen("title: ", &format!("title: Правка {i} — "), 1);
        std::fs::write(&file, edited).expect("write");
        let t = Instant::now();
        let r = session.rebuild(&Changes::Files(vec![file.clone()]));
        assert!(r.output.is_some(), "{}", r.diagnostics.render(false));
        visible.push(t.elapsed().as_secs_f64() * 1000.0);
        if !pages_only {
            session.finish().expect("a site to finish").expect("finish");
        }
        finished.push(t.elapsed().as_secs_f64() * 1000.0);
        println!(
            "edit {i}: pages {:.0} ms ({} files rendered), calendar and search {:.0} ms",
            visible[i], r.rendered, finished[i]
        );
    }
    std::fs::write(&file, original).expect("restore");
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "median: pages {:.0} ms, calendar and search {:.0} ms",
        median(&mut visible),
        median(&mut finished)
    );
}
