//! The command line: one module per subcommand.

pub mod build;
pub mod check;
pub mod init;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::diagnostic::Diagnostics;

#[derive(Debug, Parser)]
#[command(
    name = "nastavnik",
    version,
    about = "Генератор сайта раздела «Наставничество»: мероприятия, банк практик, документы",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Собрать сайт в папку вывода (по умолчанию public/)
    Build(BuildArgs),
    /// Проверить сайт без записи файлов: все ошибки сразу
    Check(CheckArgs),
    /// Создать новый сайт с примером содержимого
    Init(init::InitArgs),
}

/// Options shared by the commands that load a site.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// Папка сайта (где лежит site.yaml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Адрес сайта вместо base_url из site.yaml
    #[arg(long)]
    pub base_url: Option<String>,
    /// Включить черновики (только для предпросмотра!)
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Папка вывода (по умолчанию public внутри папки сайта)
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

impl SiteArgs {
    pub fn load_options(&self) -> crate::content::LoadOptions {
        crate::content::LoadOptions {
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            today: None,
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Init(args) => init::run(&args),
    }
}

/// Prints diagnostics to stderr, coloured when it is a terminal.
pub fn report(diagnostics: &Diagnostics) {
    if diagnostics.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprint!("{}", diagnostics.render(color));
}
