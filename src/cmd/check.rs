//! `nastavnik check`: every check of a build, nothing written.

use std::process::ExitCode;

use crate::build::{Built, build_with};
use crate::cmd::{CheckArgs, CheckFormat, report};
use crate::diagnostic::Diagnostics;
use crate::output::Output;

pub fn run(args: &CheckArgs) -> ExitCode {
    let Built {
        output,
        mut diagnostics,
        site,
    } = build_with(&args.site.build_options(), |_| Ok(Output::discarding()));
    if let Some(site) = &site {
        let mut overdue = crate::content::roadmap::overdue_warnings(site);
        overdue.extend(crate::content::contest::withheld_warnings(site));
        // Mentors whose consent ends within 60 days: time to ask for a new one.
        overdue.extend(crate::content::mentor::ending_warnings(site));
        if !overdue.is_empty() {
            diagnostics.extend(overdue);
            diagnostics.sort();
        }
    }
    std::mem::forget(site);
    if args.format == CheckFormat::Json {
        return report_json(&diagnostics, output.as_ref().map(Output::len));
    }
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

/// `check --format json`: one JSON object on stdout, for editor plugins and CI. The diagnostics
/// keep their Russian messages and hints; `code` is the stable machine name. The list is the
/// one the text report shows (long runs of one kind summed up); the counts are of all.
fn report_json(diagnostics: &Diagnostics, files: Option<usize>) -> ExitCode {
    let list = diagnostics.shown();
    let value = serde_json::json!({
        "ok": files.is_some(),
        "errors": diagnostics.error_count(),
        "warnings": diagnostics.warning_count(),
        "files": files,
        "diagnostics": list,
    });
    match serde_json::to_string_pretty(&value) {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("ошибка: не удалось записать отчёт в JSON: {e}");
            return ExitCode::FAILURE;
        }
    }
    if files.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
