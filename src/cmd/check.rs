//! `nastavnik check`: every check of a build, nothing written.

use std::process::ExitCode;

use crate::cmd::{CheckArgs, build::build_site, report};

pub fn run(args: &CheckArgs) -> ExitCode {
    let (output, diagnostics) = build_site(&args.site);
    report(&diagnostics);
    match output {
        Some(out) => {
            println!(
                "Ошибок нет: сайт готов к сборке ({}).",
                crate::ru::plural::count(out.len() as u64, "файл", "файла", "файлов")
            );
            ExitCode::SUCCESS
        }
        None => ExitCode::FAILURE,
    }
}
