//! `nastavnik serve`: the live preview for editors (see [`crate::serve`]).

use std::process::ExitCode;

use clap::Args;

use crate::cmd::{DraftsArg, RootArg};

/// `--drafts` keeps its declaration (see [`DraftsArg`]) but not its warning: the preview is
/// where drafts belong.
#[derive(Debug, Args)]
#[command(mut_arg("drafts", |a| a.help("Показывать и черновики")))]
pub struct ServeArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Порт (по умолчанию 1111)
    #[arg(
        long,
        default_value_t = 1111,
        value_name = "ПОРТ",
        hide_default_value = true
    )]
    pub port: u16,
    /// Адрес, на котором слушать (по умолчанию 127.0.0.1: сайт виден только на этом компьютере)
    #[arg(
        long,
        default_value = "127.0.0.1",
        value_name = "АДРЕС",
        hide_default_value = true
    )]
    pub bind: String,
    #[command(flatten)]
    pub drafts: DraftsArg,
    /// Открыть сайт в браузере
    #[arg(long)]
    pub open: bool,
    /// Ещё одно имя, по которому можно открывать сайт (localhost и адрес из --bind разрешены всегда; можно повторять)
    #[arg(long = "allow-host", value_name = "ИМЯ")]
    pub allow_host: Vec<String>,
    /// Включить редактор в браузере и при --bind с адресом сети (он спросит пароль, напечатанный при запуске)
    #[arg(long)]
    pub editor: bool,
}

pub fn run(args: &ServeArgs) -> ExitCode {
    if !args.root.path.join("site.yaml").is_file() {
        eprintln!(
            "ошибка: в папке {} нет site.yaml: запустите команду в папке сайта или укажите её через --root",
            args.root.path.display()
        );
        return ExitCode::FAILURE;
    }
    let config = crate::serve::Config {
        root: args.root.path.clone(),
        bind: args.bind.clone(),
        port: args.port,
        drafts: args.drafts.include,
        watch: true,
        allow_hosts: args.allow_host.clone(),
        editor: args.editor,
    };
    let (handle, report) = match crate::serve::start(&config) {
        Ok(started) => started,
        Err(msg) => {
            eprintln!("ошибка: {msg}");
            return ExitCode::FAILURE;
        }
    };
    crate::serve::print_report(&report);
    let url = handle.url();
    println!("Сайт открыт по адресу {url}");
    println!(
        "Правьте файлы и сохраняйте: страница в браузере обновится сама. Остановить — Ctrl+C."
    );
    if args.drafts.include {
        println!("Показаны и черновики (--drafts).");
    }
    if handle.editor_enabled() {
        println!("Редактор в браузере: {url}_editor/");
        if let Some(password) = handle.editor_password() {
            println!("Пароль редактора (сайт открыт и для других компьютеров): {password}");
        }
    } else {
        println!(
            "Редактор в браузере выключен: сайт открыт для других компьютеров. Включить — параметр --editor."
        );
    }
    if args.bind != "127.0.0.1" && args.bind != "localhost" && args.bind != "::1" {
        println!(
            "Внимание: сайт виден и с других компьютеров сети ({}).",
            args.bind
        );
    }
    if args.open {
        open_browser(&url);
    }
    handle.wait();
    ExitCode::SUCCESS
}

fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    if cmd.arg(url).spawn().is_err() {
        println!("Не удалось открыть браузер: откройте адрес {url} вручную.");
    }
}
