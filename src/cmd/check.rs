//! `nastavnik check`: every check of a build, nothing written.

use std::process::ExitCode;

use crate::cmd::build::{Built, build_with};
use crate::cmd::{CheckArgs, report};
use crate::output::Output;

pub fn run(args: &CheckArgs) -> ExitCode {
    let Built {
        output,
        diagnostics,
        site,
    } = build_with(&args.site, |_| Ok(Output::discarding()));
    std::mem::forget(site);
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
