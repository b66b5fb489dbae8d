//! `nastavnik check`: every check of a build, nothing written.

use std::process::ExitCode;

use crate::cmd::{CheckArgs, build::build_with, report};
use crate::output::Output;

pub fn run(args: &CheckArgs) -> ExitCode {
    let (output, diagnostics) = build_with(&args.site, |_| Ok(Output::discarding()));
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
