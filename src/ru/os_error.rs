//! Operating-system errors in Russian.
//!
//! The standard library describes an OS error in English with its code («No space left on
//! device (os error 28)»), which reads as noise in the middle of a Russian message to an editor.
//! Every place that reports a failed file or network operation (the build, the output write, the
//! preview server) passes the error through [`describe`], so the common failures are named the
//! same way everywhere, and an uncommon one still keeps its code for whoever helps the editor.

use std::io::{self, ErrorKind};

/// The Russian description of `e`, to follow a colon: «не удалось записать сайт: на диске не
/// осталось места». An error made by this program (a custom message, already in Russian) is
/// returned as it is.
pub fn describe(e: &io::Error) -> String {
    if let Some(code) = e.raw_os_error() {
        if let Some(text) = by_code(code).or_else(|| by_kind(e.kind())) {
            return text.to_string();
        }
        return format!("системная ошибка (код {code})");
    }
    if let Some(inner) = e.get_ref() {
        let message = inner.to_string();
        // The one English message the standard library builds around a system text: a name
        // that could not be resolved («failed to lookup address information: …»).
        if message.starts_with("failed to lookup address information") {
            return "не удалось найти компьютер с таким именем".to_string();
        }
        return message;
    }
    by_kind(e.kind())
        .unwrap_or("ошибка ввода-вывода")
        .to_string()
}

/// Codes that share a kind with others but deserve their own words.
#[cfg(unix)]
fn by_code(code: i32) -> Option<&'static str> {
    Some(match code {
        libc::ENAMETOOLONG => "слишком длинное имя файла",
        libc::EMFILE | libc::ENFILE => "открыто слишком много файлов",
        libc::ELOOP => {
            "слишком много символических ссылок по пути (возможно, ссылка указывает сама на себя)"
        }
        libc::EIO => "ошибка чтения или записи диска",
        libc::EDQUOT => "исчерпана квота на диске",
        _ => return None,
    })
}

#[cfg(not(unix))]
fn by_code(_code: i32) -> Option<&'static str> {
    None
}

fn by_kind(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::NotFound => "нет такого файла или папки",
        ErrorKind::PermissionDenied => "нет прав доступа",
        ErrorKind::AlreadyExists => "файл или папка с таким именем уже есть",
        ErrorKind::IsADirectory => "это папка, а не файл",
        ErrorKind::NotADirectory => "часть пути — файл, а не папка",
        ErrorKind::DirectoryNotEmpty => "папка не пуста",
        ErrorKind::ReadOnlyFilesystem => "диск доступен только для чтения",
        ErrorKind::StorageFull => "на диске не осталось места",
        ErrorKind::QuotaExceeded => "исчерпана квота на диске",
        ErrorKind::FileTooLarge => "файл слишком велик для этого диска",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => {
            "файл или папка заняты другой программой"
        }
        ErrorKind::CrossesDevices => "нельзя переместить файл на другой диск",
        ErrorKind::TooManyLinks => "слишком много ссылок на файл",
        ErrorKind::StaleNetworkFileHandle => "файл на сетевом диске больше недоступен",
        ErrorKind::AddrInUse => "адрес уже занят другой программой",
        ErrorKind::AddrNotAvailable => "этот адрес не принадлежит компьютеру",
        ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable | ErrorKind::NetworkDown => {
            "сеть недоступна"
        }
        ErrorKind::ConnectionRefused => "соединение отклонено",
        ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::NotConnected
        | ErrorKind::BrokenPipe => "соединение прервано",
        ErrorKind::TimedOut | ErrorKind::WouldBlock => "время ожидания истекло",
        ErrorKind::Interrupted => "операция прервана",
        ErrorKind::OutOfMemory => "не хватает памяти",
        ErrorKind::Unsupported => "операция не поддерживается",
        ErrorKind::UnexpectedEof => "файл неожиданно закончился",
        ErrorKind::InvalidData => "данные в неверном формате",
        ErrorKind::InvalidInput => "неверное имя или параметр",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `text` has a Latin letter: none of the descriptions may.
    fn has_latin(text: &str) -> bool {
        text.chars().any(|c| c.is_ascii_alphabetic())
    }

    #[cfg(unix)]
    #[test]
    fn common_system_errors_are_named_in_russian() {
        for (code, expected) in [
            (libc::ENOSPC, "на диске не осталось места"),
            (libc::EACCES, "нет прав доступа"),
            (libc::EPERM, "нет прав доступа"),
            (libc::EISDIR, "это папка, а не файл"),
            (libc::ENOTDIR, "часть пути — файл, а не папка"),
            (libc::ENOENT, "нет такого файла или папки"),
            (libc::EADDRINUSE, "адрес уже занят другой программой"),
            (libc::EADDRNOTAVAIL, "этот адрес не принадлежит компьютеру"),
            (libc::EROFS, "диск доступен только для чтения"),
            (libc::ENAMETOOLONG, "слишком длинное имя файла"),
            (libc::EMFILE, "открыто слишком много файлов"),
        ] {
            let text = describe(&io::Error::from_raw_os_error(code));
            assert_eq!(text, expected, "code {code}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn no_description_has_english_in_it() {
        for code in 1..134 {
            let text = describe(&io::Error::from_raw_os_error(code));
            assert!(!has_latin(&text), "code {code}: {text}");
            assert!(!text.contains("os error"), "code {code}: {text}");
        }
    }

    #[test]
    fn an_uncommon_error_keeps_its_code() {
        // No system has this many error codes: it has no kind and no words.
        let text = describe(&io::Error::from_raw_os_error(99_999));
        assert_eq!(text, "системная ошибка (код 99999)");
    }

    #[test]
    fn messages_made_here_pass_unchanged_and_bare_kinds_are_translated() {
        let ours = io::Error::other("папка вывода — это файл");
        assert_eq!(describe(&ours), "папка вывода — это файл");
        let bare = io::Error::from(ErrorKind::StorageFull);
        assert_eq!(describe(&bare), "на диске не осталось места");
        let lookup =
            io::Error::other("failed to lookup address information: Name or service not known");
        assert!(!has_latin(&describe(&lookup)), "{}", describe(&lookup));
    }
}
