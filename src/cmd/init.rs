//! `nastavnik init DIR`: a new working site from a small embedded sample. The theme is not
//! copied: the embedded default theme renders it, so upgrading nastavnik upgrades the theme.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use include_dir::{Dir, include_dir};

static SAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cmd/init_sample");

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Папка нового сайта (будет создана; должна быть пустой)
    #[arg(value_name = "ПАПКА")]
    pub dir: PathBuf,
}

pub fn run(args: &InitArgs) -> ExitCode {
    match init(&args.dir) {
        Ok(n) => {
            println!("Создан новый сайт в {} ({n} файлов).", args.dir.display());
            println!(
                "Дальше: откройте site.yaml и укажите название и адрес сайта, затем выполните"
            );
            println!("  nastavnik build --root {}", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(msg) => {
            eprintln!("ошибка: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the sample into `dir`, which must not exist or be empty. Returns the file count.
pub fn init(dir: &Path) -> Result<usize, String> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| {
            format!(
                "не удалось открыть {}: {}",
                dir.display(),
                crate::ru::os_error::describe(&e)
            )
        })?;
        if entries.next().is_some() {
            return Err(format!(
                "папка {} не пуста: новый сайт создаётся только в пустой или новой папке, чтобы ничего не перезаписать",
                dir.display()
            ));
        }
    }
    let mut count = 0;
    write_dir(&SAMPLE, dir, &mut count)?;
    Ok(count)
}

fn write_dir(d: &Dir<'static>, target: &Path, count: &mut usize) -> Result<(), String> {
    for file in d.files() {
        let path = target.join(file.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                format!(
                    "не удалось создать {}: {}",
                    parent.display(),
                    crate::ru::os_error::describe(&e)
                )
            })?;
        }
        std::fs::write(&path, file.contents()).map_err(|e| {
            format!(
                "не удалось записать {}: {}",
                path.display(),
                crate::ru::os_error::describe(&e)
            )
        })?;
        *count += 1;
    }
    for sub in d.dirs() {
        write_dir(sub, target, count)?;
    }
    Ok(())
}
