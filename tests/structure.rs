//! The shape of `src/`: the pipeline's modules import only downwards, and no two modules import
//! each other, directly or through others (docs/architecture.md, «Modules»).
//!
//! Read from the source text, not from the compiler: every `crate::…` path outside comments and
//! test modules is an edge from the file's top-level module to the one it names. A new top-level
//! module must be given its place in [`LAYERS`], which makes its position in the pipeline a
//! decision someone wrote down.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The pipeline from top to bottom. A module may import modules of its own layer or below, never
/// above; within a layer the graph must still be acyclic.
const LAYERS: &[&[&str]] = &[
    &["main", "cmd"],
    &["serve"],
    &["build"],
    &["render"],
    &["calendar", "search", "import"],
    &["content"],
    &["config", "markdown", "when"],
    &[
        "diagnostic",
        "ru",
        "urls",
        "output",
        "html",
        "text",
        "yaml",
        "fingerprint",
        "progress",
        "timings",
    ],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` → `["a", "b"]`, `src/a/mod.rs` → `["a"]`, `src/lib.rs` → `[]`,
/// `src/main.rs` → `["main"]`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib") {
        parts.push(stem.to_string());
    }
    parts
}

/// The code of a file without line comments and without its `#[cfg(test)]` module (tests may
/// reach anywhere; the pipeline's shape is about what ships).
fn code_of(text: &str) -> String {
    let mut code = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        code.push_str(line.split(" // ").next().unwrap_or(line));
        code.push('\n');
    }
    code
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The top-level modules named by `crate::` paths in `code`, including grouped imports
/// (`use crate::{a::X, b};`).
fn crate_refs(code: &str) -> BTreeSet<String> {
    let mut refs = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(is_ident) {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => items.push(std::mem::take(&mut item)),
                    _ if depth == 1 => item.push(c),
                    _ => {}
                }
            }
            items.push(item);
            for item in items {
                let name: String = item.trim().chars().take_while(|&c| is_ident(c)).collect();
                if !name.is_empty() && name != "self" {
                    refs.insert(name);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|&c| is_ident(c)).collect();
            if !name.is_empty() {
                refs.insert(name);
            }
        }
    }
    refs
}

/// Edges between top-level modules, each with one file that makes it (for the message).
fn top_level_edges() -> BTreeMap<(String, String), PathBuf> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut edges = BTreeMap::new();
    for file in files {
        let path = module_path(&file);
        let Some(from) = path.first().cloned() else {
            continue; // lib.rs declares the modules
        };
        let code = code_of(&fs::read_to_string(&file).unwrap());
        for to in crate_refs(&code) {
            if to != from {
                edges
                    .entry((from.clone(), to))
                    .or_insert_with(|| file.clone());
            }
        }
    }
    edges
}

/// A cycle in `edges`, if there is one, as the list of its nodes.
fn find_cycle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    fn visit<'a>(
        node: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        stack: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|&n| n == node) {
            let mut cycle: Vec<String> = stack[i..].iter().map(|s| s.to_string()).collect();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node);
        for &n in next.get(node).into_iter().flatten() {
            if let Some(c) = visit(n, next, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node);
        None
    }
    let mut done = BTreeSet::new();
    for &start in next.keys() {
        if let Some(c) = visit(start, &next, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

#[test]
fn every_top_level_module_has_a_place_in_the_pipeline() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let unplaced: BTreeSet<String> = files
        .iter()
        .filter_map(|f| module_path(f).first().cloned())
        .filter(|m| layer(m).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "give these modules a layer in tests/structure.rs and docs/architecture.md: {unplaced:?}"
    );
}

#[test]
fn modules_import_only_downwards() {
    let wrong: Vec<String> = top_level_edges()
        .into_iter()
        .filter_map(|((from, to), file)| {
            let (a, b) = (layer(&from)?, layer(&to)?);
            (b < a).then(|| format!("{from} → {to} ({})", file.display()))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "modules importing one above them in the pipeline:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_top_level_modules_import_each_other() {
    let edges: BTreeSet<(String, String)> = top_level_edges().into_keys().collect();
    assert!(
        edges.len() > 10,
        "the reader found too few imports: {edges:?}"
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!("an import loop: {}", cycle.join(" → "));
    }
}

/// Within `content/` the files are the pipeline's load stage in small steps; they too must not
/// import each other in a loop.
#[test]
fn no_import_loops_between_the_files_of_content() {
    let dir = src().join("content");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let names: BTreeSet<String> = files
        .iter()
        .map(|f| module_path(f))
        .filter(|p| p.len() == 2)
        .map(|p| p[1].clone())
        .collect();
    let mut edges = BTreeSet::new();
    for file in &files {
        let path = module_path(file);
        if path.len() != 2 {
            continue;
        }
        let code = code_of(&fs::read_to_string(file).unwrap());
        for name in &names {
            let uses = [
                format!("crate::content::{name}::"),
                format!("crate::content::{name}}}"),
                format!("crate::content::{name},"),
                format!("super::{name}::"),
                format!("super::{name}}}"),
                format!("super::{name},"),
                format!("super::{{{name}"),
                format!("crate::content::{{{name}"),
            ];
            if name != &path[1] && uses.iter().any(|u| code.contains(u.as_str())) {
                edges.insert((path[1].clone(), name.clone()));
            }
        }
    }
    assert!(
        edges.len() > 5,
        "the reader found too few imports: {edges:?}"
    );
    if let Some(cycle) = find_cycle(&edges) {
        panic!("an import loop inside content/: {}", cycle.join(" → "));
    }
}

#[test]
fn the_reader_sees_grouped_and_plain_paths() {
    let refs = crate_refs("use crate::{a::X, b, c::{d, e}};\nlet x = crate::f::g();\n");
    assert_eq!(refs.into_iter().collect::<Vec<_>>(), ["a", "b", "c", "f"]);
    let code =
        code_of("use crate::a;\n// use crate::b;\n#[cfg(test)]\nmod tests { use crate::c; }\n");
    assert_eq!(crate_refs(&code).into_iter().collect::<Vec<_>>(), ["a"]);
}
