//! `nastavnik build`: load, render, write atomically (the pipeline itself is
//! [`crate::build`]). On any error the output folder is left exactly as it was.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::build::{Built, build_with_progress};
use crate::cmd::{BuildArgs, report};
use crate::diagnostic::Diagnostic;
use crate::output::Output;
use crate::progress::Progress;
use crate::ru::os_error;
use crate::ru::plural::count;

pub fn output_dir(args: &BuildArgs) -> PathBuf {
    args.output
        .clone()
        .unwrap_or_else(|| args.site.root.path.join("public"))
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let options = args.site.build_options();
    let dir = output_dir(args);
    let progress = Progress::stderr();
    let Built {
        output,
        diagnostics,
        site,
    } = build_with_progress(&options, &progress, |_| {
        Output::staged(&dir, &options.root).map_err(|e| {
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
    if options.drafts {
        println!("Внимание: включены черновики (--drafts); не публикуйте эту сборку.");
    }
    ExitCode::SUCCESS
}
