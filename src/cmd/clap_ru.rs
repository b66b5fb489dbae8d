//! Clap in Russian where its own settings stop: clap has no translations, so its headings,
//! help flag and template are set in [`super::command`], and this module replaces the two
//! pieces it still writes in English: the `[OPTIONS]` tag of usage lines, and the messages of
//! argument errors, rebuilt from the error's kind and its structured context.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The usage tag clap writes for "some options", and ours.
const OPTIONS_TAG: &str = "[OPTIONS]";
const OPTIONS_TAG_RU: &str = "[ПАРАМЕТРЫ]";

/// Sets every command's usage line to clap's own with the options tag in Russian. Run on a
/// built command (bin names propagated), so subcommands' lines start with `nastavnik build`.
pub fn localise_usage(mut cmd: clap::Command) -> clap::Command {
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .strip_prefix("Usage: ")
        .unwrap_or(&usage)
        .replace(OPTIONS_TAG, OPTIONS_TAG_RU);
    cmd.override_usage(usage).mut_subcommands(localise_usage)
}

/// Prints a parse error and gives the exit code: help and version as clap prints them (their
/// text is ours), every other error in Russian on stderr. `cmd` and `args` (the command line
/// without the program name) find the usage line when clap's error carries none.
pub fn report(err: &clap::Error, cmd: &mut clap::Command, args: &[String]) -> ExitCode {
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // Help text: our template and headings; clap prints it where it belongs.
            let _ = err.print();
            ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
        }
        _ => {
            let usage = usage_for(cmd, args);
            eprint!("{}", message(err, &usage));
            ExitCode::from(2)
        }
    }
}

/// The usage line of the deepest subcommand the arguments name.
fn usage_for(cmd: &mut clap::Command, args: &[String]) -> String {
    let mut path = Vec::new();
    let mut current: &clap::Command = cmd;
    for arg in args.iter().take_while(|a| *a != "--") {
        if let Some(sub) = current.find_subcommand(arg) {
            path.push(sub.get_name().to_owned());
            current = sub;
        }
    }
    usage_at(cmd, &path)
}

fn usage_at(cmd: &mut clap::Command, path: &[String]) -> String {
    if let Some((first, rest)) = path.split_first()
        && let Some(sub) = cmd.find_subcommand_mut(first)
    {
        return usage_at(sub, rest);
    }
    cmd.render_usage().to_string()
}

/// The Russian text of an argument error: the problem, a hint when clap has one, the usage
/// line (clap's, else `fallback_usage`) and where to read more.
pub fn message(err: &clap::Error, fallback_usage: &str) -> String {
    let text = |kind| context_text(err, kind);
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let problem = match err.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("у параметра {arg} должно быть значение")
        }
        ErrorKind::InvalidValue => format!("недопустимое значение «{value}» у {arg}"),
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            format!("неизвестный параметр «{arg}»")
        }
        ErrorKind::UnknownArgument => format!("лишний аргумент «{arg}»"),
        ErrorKind::InvalidSubcommand => format!(
            "неизвестная команда «{}»",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::NoEquals => format!("значение параметра {arg} пишется через «=»"),
        ErrorKind::ValueValidation => {
            let reason = err
                .source_reason()
                .map(|r| format!(": {r}"))
                .unwrap_or_default();
            format!("недопустимое значение «{value}» у {arg}{reason}")
        }
        ErrorKind::TooManyValues => format!("лишнее значение «{value}» у {arg}"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "у {arg} должно быть значений: {}, а указано: {}",
            text(ContextKind::ExpectedNumValues).unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            Some(prior) => format!("{arg} нельзя указывать вместе с {prior}"),
            None => format!("{arg} указан несколько раз"),
        },
        ErrorKind::MissingRequiredArgument => {
            let many = matches!(err.get(ContextKind::InvalidArg), Some(ContextValue::Strings(l)) if l.len() > 1);
            if many {
                format!("не указаны обязательные аргументы: {arg}")
            } else if arg.starts_with('-') {
                format!("не указан обязательный параметр {arg}")
            } else {
                format!("не указан обязательный аргумент {arg}")
            }
        }
        ErrorKind::MissingSubcommand => "не указана команда".to_owned(),
        ErrorKind::InvalidUtf8 => "аргумент командной строки не в кодировке UTF-8".to_owned(),
        _ => "не удалось разобрать командную строку".to_owned(),
    };
    let mut out = format!("ошибка: {problem}\n");
    let mut hints = Vec::new();
    if let Some(s) = text(ContextKind::SuggestedSubcommand) {
        hints.push(format!("похожая команда: {s}"));
    }
    if let Some(s) = text(ContextKind::SuggestedArg) {
        hints.push(format!("похожий параметр: {s}"));
    }
    if let Some(s) = text(ContextKind::SuggestedValue) {
        hints.push(format!("похожее значение: {s}"));
    }
    if let Some(s) = text(ContextKind::ValidSubcommand) {
        hints.push(format!("команды: {s}"));
    }
    if let Some(s) = text(ContextKind::ValidValue) {
        hints.push(format!("допустимые значения: {s}"));
    }
    if let Some(s) = text(ContextKind::TrailingArg)
        && s == "true"
    {
        hints.push(format!(
            "чтобы передать «{arg}» как значение, поставьте перед ним «-- »"
        ));
    }
    if !hints.is_empty() {
        out.push('\n');
        for hint in hints {
            let _ = writeln!(out, "  подсказка: {hint}");
        }
    }
    if let Some(usage) = text(ContextKind::Usage).or_else(|| Some(fallback_usage.to_owned())) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        let _ = writeln!(out, "\nИспользование: {usage}");
        // The command path is the usage line's words before its first placeholder.
        let path: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        if !path.is_empty() {
            let _ = writeln!(out, "\nПодробнее: {} --help", path.join(" "));
        }
    }
    out
}

/// One context value as plain text, lists joined with commas, names in «».
fn context_text(err: &clap::Error, kind: ContextKind) -> Option<String> {
    let quoted = |s: &str| {
        if matches!(
            kind,
            ContextKind::SuggestedSubcommand
                | ContextKind::SuggestedArg
                | ContextKind::SuggestedValue
                | ContextKind::ValidSubcommand
                | ContextKind::ValidValue
        ) {
            format!("«{s}»")
        } else {
            s.to_owned()
        }
    };
    match err.get(kind)? {
        ContextValue::None => None,
        ContextValue::Bool(b) => Some(b.to_string()),
        ContextValue::String(s) => Some(quoted(s)),
        ContextValue::Strings(list) if list.iter().all(|s| s.is_empty()) => None,
        ContextValue::Strings(list) => Some(
            list.iter()
                .map(|s| quoted(s))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::StyledStr(s) => Some(quoted(&s.to_string())),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(|s| quoted(&s.to_string()))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The reason a value parser gave, in Russian for the parsers the commands use (numbers);
/// another parser's message (ours are Russian) is kept.
trait SourceReason {
    fn source_reason(&self) -> Option<String>;
}

impl SourceReason for clap::Error {
    fn source_reason(&self) -> Option<String> {
        use std::error::Error as _;
        let source = self.source()?;
        if let Some(e) = source.downcast_ref::<std::num::ParseIntError>() {
            use std::num::IntErrorKind;
            return Some(
                match e.kind() {
                    IntErrorKind::PosOverflow => "слишком большое число",
                    IntErrorKind::NegOverflow => "слишком маленькое число",
                    IntErrorKind::Empty => "пустое значение",
                    _ => "нужно целое число",
                }
                .to_owned(),
            );
        }
        // clap's ranged integer parser: «99999 is not in 0..=65535».
        let text = source.to_string();
        if let Some((_, range)) = text.split_once(" is not in ")
            && let Some((low, high)) = range.split_once("..=")
        {
            return Some(format!("нужно число от {low} до {high}"));
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(args: &[&str]) -> String {
        let mut cmd = super::super::command();
        let err = cmd
            .clone()
            .try_get_matches_from(args)
            .expect_err("the arguments are wrong");
        let rest: Vec<String> = args[1..].iter().map(|&a| a.to_owned()).collect();
        message(&err, &usage_for(&mut cmd, &rest))
    }

    #[test]
    fn an_unknown_option_is_reported_in_russian_with_usage() {
        let text = error_of(&["nastavnik", "build", "--bogus"]);
        assert!(
            text.starts_with("ошибка: неизвестный параметр «--bogus»\n"),
            "{text}"
        );
        assert!(
            text.contains("Использование: nastavnik build [ПАРАМЕТРЫ]"),
            "{text}"
        );
        assert!(text.contains("Подробнее: nastavnik build --help"), "{text}");
        assert!(!text.contains("Usage"), "{text}");
    }

    #[test]
    fn a_misspelt_command_gets_a_suggestion() {
        let text = error_of(&["nastavnik", "bild"]);
        assert!(
            text.starts_with("ошибка: неизвестная команда «bild»"),
            "{text}"
        );
        assert!(
            text.contains("подсказка: похожая команда: «build»"),
            "{text}"
        );
    }

    #[test]
    fn a_bad_number_says_why_in_russian() {
        let text = error_of(&["nastavnik", "serve", "--port", "abc"]);
        assert!(
            text.starts_with(
                "ошибка: недопустимое значение «abc» у --port <ПОРТ>: нужно целое число"
            ),
            "{text}"
        );
        let text = error_of(&["nastavnik", "serve", "--port", "70000"]);
        assert!(text.contains("нужно число от 0 до 65535"), "{text}");
        assert!(
            text.contains("Использование: nastavnik serve [ПАРАМЕТРЫ]"),
            "{text}"
        );
    }

    #[test]
    fn every_error_kind_the_commands_can_raise_is_russian() {
        for args in [
            &["nastavnik", "build", "--bogus"][..],
            &["nastavnik", "bild"],
            &["nastavnik", "init"],
            &["nastavnik", "new", "event"],
            &["nastavnik", "check", "--format", "xml"],
            &["nastavnik", "build", "--output"],
            &["nastavnik", "serve", "--port", "x"],
            &["nastavnik", "init", "a", "b"],
        ] {
            let text = error_of(args);
            for english in [
                "error",
                "Usage",
                "tip:",
                "For more information",
                "[OPTIONS]",
            ] {
                assert!(!text.contains(english), "{args:?}: «{english}» in\n{text}");
            }
            assert!(text.starts_with("ошибка: "), "{args:?}:\n{text}");
            assert!(
                text.contains("\nИспользование: nastavnik "),
                "{args:?}:\n{text}"
            );
            assert!(!text.contains("значения: \n"), "{args:?}:\n{text}");
        }
    }
}
