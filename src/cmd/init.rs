//! `nastavnik init DIR`: a new working site from a small embedded sample. The theme is not
//! copied: the embedded default theme renders it, so upgrading nastavnik upgrades the theme.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use include_dir::{Dir, include_dir};

static SAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cmd/init_sample");

/// The editors' guides, written into every new site as `docs/`: `site.yaml` and the templates
/// of `nastavnik new` point at `docs/content-format.md`, so the new site must have it. Taken
/// from the repository at build time, they are always the guides of this version.
const GUIDES: [(&str, &str); 2] = [
    (
        "docs/content-format.md",
        include_str!("../../docs/content-format.md"),
    ),
    ("docs/editing.md", include_str!("../../docs/editing.md")),
];

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
                "Дальше: откройте site.yaml и укажите название и адрес сайта. Посмотреть сайт в браузере:"
            );
            println!("  nastavnik serve --root {} --open", args.dir.display());
            println!("Собрать его для публикации:");
            println!("  nastavnik build --root {}", args.dir.display());
            println!(
                "Как оформлять материалы — в {}.",
                args.dir.join("docs/content-format.md").display()
            );
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
    for (rel, text) in GUIDES {
        write_file(&dir.join(rel), text.as_bytes())?;
        count += 1;
    }
    Ok(count)
}

fn write_dir(d: &Dir<'static>, target: &Path, count: &mut usize) -> Result<(), String> {
    for file in d.files() {
        write_file(&target.join(file.path()), file.contents())?;
        *count += 1;
    }
    for sub in d.dirs() {
        write_dir(sub, target, count)?;
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            format!(
                "не удалось создать {}: {}",
                parent.display(),
                crate::ru::os_error::describe(&e)
            )
        })?;
    }
    std::fs::write(path, bytes).map_err(|e| {
        format!(
            "не удалось записать {}: {}",
            path.display(),
            crate::ru::os_error::describe(&e)
        )
    })
}
