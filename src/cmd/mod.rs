//! The command line: one module per subcommand.

pub mod build;
pub mod check;
pub mod clap_ru;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::build::BuildOptions;
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
    /// Показать версию
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Параметры")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Собрать сайт в папку вывода (по умолчанию public/)
    Build(BuildArgs),
    /// Проверить сайт без записи файлов: все ошибки сразу
    Check(CheckArgs),
    /// Создать новый сайт с примером содержимого
    Init(init::InitArgs),
    /// Создать по образцу новое мероприятие, практику, документ, конкурс или карточку наставника
    New(new::NewArgs),
    /// Загрузить мероприятия из таблицы плана
    Import(import::ImportArgs),
    /// Показать сайт в браузере и обновлять его при каждом сохранении файла
    Serve(serve::ServeArgs),
}

/// `--root`, the site folder: every command that works on a site takes it.
#[derive(Debug, Args, Clone)]
pub struct RootArg {
    /// Папка сайта, где лежит site.yaml (по умолчанию текущая)
    #[arg(
        id = "root",
        long = "root",
        default_value = ".",
        hide_default_value = true,
        value_name = "ПАПКА"
    )]
    pub path: PathBuf,
}

/// `--drafts`: publish drafts too. `serve` words its help for a preview (see
/// [`serve::ServeArgs`]).
#[derive(Debug, Args, Clone)]
pub struct DraftsArg {
    /// Включить черновики (только для предпросмотра!)
    #[arg(id = "drafts", long = "drafts")]
    pub include: bool,
}

/// Options shared by the commands that build a site.
#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Адрес сайта вместо base_url из site.yaml
    #[arg(long, value_name = "АДРЕС")]
    pub base_url: Option<String>,
    #[command(flatten)]
    pub drafts: DraftsArg,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Папка вывода (по умолчанию public внутри папки сайта)
    #[arg(long, short, value_name = "ПАПКА")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Вид отчёта: text — для людей (по умолчанию), json — для программ (редакторов, CI)
    #[arg(
        long,
        value_enum,
        default_value = "text",
        value_name = "ВИД",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub format: CheckFormat,
}

/// How `check` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

impl SiteArgs {
    /// The library's options for what the command line asked.
    pub fn build_options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.path.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts.include,
        }
    }
}

/// The command-line interface with clap's English headings and built-in flags replaced by
/// Russian ones, at every level: editors read `--help`. Usage lines and error messages are
/// made Russian by [`clap_ru`].
pub fn command() -> clap::Command {
    fn russify(cmd: clap::Command) -> clap::Command {
        let cmd = cmd
            .help_template("{about-with-newline}\nИспользование: {usage}\n\n{all-args}{after-help}")
            .subcommand_help_heading("Команды")
            .subcommand_value_name("КОМАНДА")
            .next_help_heading("Параметры")
            .disable_help_flag(true)
            .disable_help_subcommand(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("Показать эту справку"),
            )
            .mut_args(|a| {
                let heading = if a.is_positional() {
                    "Аргументы"
                } else {
                    "Параметры"
                };
                if a.get_help_heading().is_none() {
                    a.help_heading(heading)
                } else {
                    a
                }
            });
        cmd.mut_subcommands(russify)
    }
    let mut cmd = russify(Cli::command().disable_version_flag(true));
    cmd.build();
    clap_ru::localise_usage(cmd)
}

pub fn main() -> ExitCode {
    let mut cmd = command();
    let cli = match cmd
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e) => {
            let args: Vec<String> = std::env::args_os()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            return clap_ru::report(&e, &mut cmd, &args);
        }
    };
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Init(args) => init::run(&args),
        Command::New(args) => new::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Serve(args) => serve::run(&args),
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
