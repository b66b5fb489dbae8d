//! `nastavnik build`: load, render, write atomically. On any error the output folder is left
//! exactly as it was.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::cmd::{BuildArgs, report};
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::ru::plural::count;

/// Loads and renders a site; diagnostics either way.
pub fn build_site(site_args: &crate::cmd::SiteArgs) -> (Option<Output>, Diagnostics) {
    let loaded = content::load(&site_args.root, &site_args.load_options());
    let mut diagnostics = loaded.diagnostics;
    let Some(site) = loaded.site else {
        return (None, diagnostics);
    };
    match crate::render::render(&site) {
        Ok(out) => (Some(out), diagnostics),
        Err(ds) => {
            diagnostics.extend(ds);
            diagnostics.sort();
            (None, diagnostics)
        }
    }
}

pub fn output_dir(args: &BuildArgs) -> PathBuf {
    args.output
        .clone()
        .unwrap_or_else(|| args.site.root.join("public"))
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let (output, diagnostics) = build_site(&args.site);
    report(&diagnostics);
    let Some(output) = output else {
        eprintln!("Сайт не собран: исправьте ошибки выше. Опубликованный сайт не изменён.");
        return ExitCode::FAILURE;
    };
    let dir = output_dir(args);
    if let Err(e) = output.write(&dir) {
        let d = Diagnostic::error("io", &dir, format!("не удалось записать сайт: {e}"));
        report(&std::iter::once(d).collect());
        eprintln!("Опубликованный сайт не изменён.");
        return ExitCode::FAILURE;
    }
    let pages = output
        .paths()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    println!(
        "Сайт собран: {}, всего {} за {:.2} с → {}",
        count(pages as u64, "страница", "страницы", "страниц"),
        count(output.len() as u64, "файл", "файла", "файлов"),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    if args.site.drafts {
        println!("Внимание: включены черновики (--drafts); не публикуйте эту сборку.");
    }
    ExitCode::SUCCESS
}
