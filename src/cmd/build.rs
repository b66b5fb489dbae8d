//! `nastavnik build`: load, render, write atomically. On any error the output folder is left
//! exactly as it was.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::cmd::{BuildArgs, report};
use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::progress::Progress;
use crate::ru::os_error;
use crate::ru::plural::count;

/// Loads and renders a site into memory; diagnostics either way.
pub fn build_site(site_args: &crate::cmd::SiteArgs) -> (Option<Output>, Diagnostics) {
    let built = build_with(site_args, |_| Ok(Output::new()));
    (built.output, built.diagnostics)
}

/// What a build gives: the output when there were no errors, every diagnostic, and the site
/// model (which the command line leaks on purpose: freeing a large site's many small strings
/// just before the process exits takes a noticeable part of a build).
pub struct Built {
    pub output: Option<Output>,
    pub diagnostics: Diagnostics,
    pub site: Option<content::model::Site>,
}

/// Loads a site and, when it has no errors, renders it into the output `make_output` gives
/// (in memory, staged on disk, or discarded).
pub fn build_with(
    site_args: &crate::cmd::SiteArgs,
    make_output: impl FnOnce(&content::model::Site) -> Result<Output, Diagnostic>,
) -> Built {
    build_with_progress(site_args, &Progress::hidden(), make_output)
}

/// [`build_with`] that reports its stages to `progress` (the `build` command's bar).
pub fn build_with_progress(
    site_args: &crate::cmd::SiteArgs,
    progress: &Progress,
    make_output: impl FnOnce(&content::model::Site) -> Result<Output, Diagnostic>,
) -> Built {
    progress.stage("Чтение файлов", 0);
    let loaded = content::load(&site_args.root, &site_args.load_options());
    let mut diagnostics = loaded.diagnostics;
    let Some(site) = loaded.site else {
        return Built {
            output: None,
            diagnostics,
            site: None,
        };
    };
    let out = match make_output(&site) {
        Ok(out) => out,
        Err(d) => {
            diagnostics.push(d);
            return Built {
                output: None,
                diagnostics,
                site: Some(site),
            };
        }
    };
    let output = match crate::render::render(&site, out, progress) {
        Ok(out) => Some(out),
        Err(ds) => {
            diagnostics.extend(ds);
            diagnostics.sort();
            None
        }
    };
    Built {
        output,
        diagnostics,
        site: Some(site),
    }
}

pub fn output_dir(args: &BuildArgs) -> PathBuf {
    args.output
        .clone()
        .unwrap_or_else(|| args.site.root.join("public"))
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let dir = output_dir(args);
    let progress = Progress::stderr();
    let Built {
        output,
        diagnostics,
        site,
    } = build_with_progress(&args.site, &progress, |_| {
        Output::staged(&dir, &args.site.root).map_err(|e| {
            Diagnostic::error(
                "io",
                &dir,
                format!(
                    "не удалось подготовить папку вывода: {}",
                    os_error::describe(&e)
                ),
            )
        })
    });
    std::mem::forget(site);
    progress.suspend(|| report(&diagnostics));
    let Some(output) = output else {
        progress.finish();
        eprintln!("Сайт не собран: исправьте ошибки выше. Опубликованный сайт не изменён.");
        return ExitCode::FAILURE;
    };
    let pages = output
        .paths()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    let files = output.len();
    let mut watch = crate::timings::Stopwatch::new();
    progress.stage("Запись", 0);
    let written = output.commit();
    watch.lap("write output");
    progress.finish();
    if let Err(e) = written {
        let d = Diagnostic::error(
            "io",
            &dir,
            format!("не удалось записать сайт: {}", os_error::describe(&e)),
        );
        report(&std::iter::once(d).collect());
        eprintln!("Опубликованный сайт не изменён.");
        return ExitCode::FAILURE;
    }
    println!(
        "Сайт собран: {}, всего {} за {:.2} с → {}",
        count(pages as u64, "страница", "страницы", "страниц"),
        count(files as u64, "файл", "файла", "файлов"),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    if args.site.drafts {
        println!("Внимание: включены черновики (--drafts); не публикуйте эту сборку.");
    }
    ExitCode::SUCCESS
}
