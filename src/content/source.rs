//! Reading a content file: bytes to normalised text, and the front matter split off the body.
//!
//! Decoding is [`crate::text`]'s, shared with the plan import; this module turns a file that is
//! not UTF-8 into a diagnostic. A UTF-8 BOM and CRLF line endings are accepted silently; a file in
//! Windows-1251 is a mistake we explain in detail, because the fix (re-saving as UTF-8) is not
//! obvious to a methodist. UTF-16 is refused too: the site's files are UTF-8 throughout.
//! Everything after this stage works on `\n`-only, BOM-free UTF-8 text, and line numbers in
//! diagnostics refer to lines of that text, which are the same lines the editor sees.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::text::{self, DecodeError, Legacy, Utf16};

/// A content file, decoded and split into front matter and body.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site folder, as shown to editors (`content/events/a.md`).
    pub rel_path: PathBuf,
    /// Where the file is on disk.
    pub abs_path: PathBuf,
    /// The whole file, without BOM and with `\n` line endings.
    pub text: String,
    /// Byte range of the YAML between the `---` lines.
    pub front_matter: Range<usize>,
    /// Byte range of the Markdown body.
    pub body: Range<usize>,
    /// Where the lines of `text` start, for positioning its diagnostics (see [`LineIndex`]).
    pub lines: LineIndex,
}

impl SourceFile {
    /// A file whose `text` is already decoded and split into `front_matter` and `body`.
    pub fn new(
        rel_path: PathBuf,
        abs_path: PathBuf,
        text: String,
        front_matter: Range<usize>,
        body: Range<usize>,
    ) -> Self {
        SourceFile {
            rel_path,
            abs_path,
            text,
            front_matter,
            body,
            lines: LineIndex::default(),
        }
    }

    pub fn front_matter_text(&self) -> &str {
        &self.text[self.front_matter.clone()]
    }

    pub fn body_text(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// 1-based line on which the body starts, to map Markdown offsets to file lines.
    pub fn body_first_line(&self) -> usize {
        self.text[..self.body.start].matches('\n').count() + 1
    }

    /// Frees the text once loading is done. Rendering needs only the parsed page, and on a
    /// large site the sources are a large share of a build's memory. Afterwards the front
    /// matter and body read as empty.
    pub fn release_text(&mut self) {
        self.text = String::new();
        self.front_matter = 0..0;
        self.body = 0..0;
        self.lines = LineIndex::default();
    }

    /// A diagnostic pointing at a byte range of the whole text.
    pub fn error_at(
        &self,
        code: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, &self.rel_path, message).at_indexed(&self.text, &self.lines, span)
    }
}

/// Decodes file bytes to text with [`text::decode`]: strips a UTF-8 BOM, rejects other
/// encodings with an explanation, normalises CRLF and lone CR to LF.
pub fn decode(rel_path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    text::decode(bytes, Utf16::Reject).map_err(|error| explain(rel_path, bytes, error))
}

/// [`decode`] for bytes the caller owns: the common case (UTF-8 without BOM or CR) takes the
/// buffer over without copying it.
pub fn decode_owned(rel_path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    text::decode_owned(bytes, Utf16::Reject).map_err(|e| explain(rel_path, &e.bytes, e.error))
}

const RESAVE_HINT: &str = "сохраните файл в кодировке UTF-8: в Блокноте — «Файл → Сохранить как…», \
внизу «Кодировка: UTF-8»; в Notepad++ — «Кодировки → Преобразовать в UTF-8»; \
в VS Code — щёлкните кодировку в строке состояния и выберите «Save with Encoding → UTF-8»";

/// Explains a file that is not UTF-8, pointing at the first bad line, shown as Russian Windows
/// shows it. If the bytes look like Windows-1251, says so: that is the usual cause on Russian
/// Windows.
fn explain(rel_path: &Path, bytes: &[u8], error: DecodeError) -> Diagnostic {
    let (line, guess) = match error {
        DecodeError::Utf16 => {
            return Diagnostic::error(
                "not-utf8",
                rel_path,
                "файл сохранён в кодировке UTF-16, а нужна UTF-8",
            )
            .with_hint(RESAVE_HINT);
        }
        DecodeError::NotUtf8 { line, guess } => (line, guess),
    };
    let message = if guess == Some(Legacy::Windows1251) {
        "файл сохранён не в UTF-8: похоже, это кодировка Windows-1251 (ANSI/«Кириллица»)"
    } else {
        "файл сохранён не в UTF-8: в нём есть байты, которые не являются текстом UTF-8"
    };
    Diagnostic::error("not-utf8", rel_path, message)
        .at_line(&text::as_windows_1251(bytes), line)
        .with_hint(RESAVE_HINT)
}

/// Splits decoded text into front matter and body.
///
/// The first line must be `---`; the front matter ends at the next line that is `---` (or
/// YAML's `...`). A file without front matter, or one whose front matter is never closed, is an
/// error: guessing where the fields end would silently publish half of them as text.
pub fn split(rel_path: &Path, abs_path: &Path, text: String) -> Result<SourceFile, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        let d = Diagnostic::error(
            "no-front-matter",
            rel_path,
            "файл должен начинаться с блока полей между строками «---»",
        )
        .at_line(&text, 1)
        .with_hint("первой строкой файла поставьте «---», затем поля (например, «title: …»), затем снова «---»; образцы — в docs/content-format.md");
        return Err(d);
    }
    let fm_start = (first_line_end + 1).min(text.len());
    let mut pos = fm_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (end + 1).min(text.len());
            let len = text.len();
            return Ok(SourceFile::new(
                rel_path.to_path_buf(),
                abs_path.to_path_buf(),
                text,
                fm_start..pos,
                body_start..len,
            ));
        }
        pos = end + 1;
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        rel_path,
        "блок полей, открытый строкой «---», не закрыт",
    )
    .at_line(&text, 1)
    .with_hint("поставьте строку «---» после последнего поля, перед текстом страницы"))
}

/// Reads, decodes and splits a file.
pub fn read(root: &Path, abs_path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel_path = abs_path
        .strip_prefix(root)
        .unwrap_or(abs_path)
        .to_path_buf();
    let bytes = std::fs::read(abs_path).map_err(|e| {
        Diagnostic::error(
            "io",
            &rel_path,
            format!(
                "не удалось прочитать файл: {}",
                crate::ru::os_error::describe(&e)
            ),
        )
    })?;
    let text = decode_owned(&rel_path, bytes)?;
    split(&rel_path, abs_path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(bytes: &[u8]) -> Result<SourceFile, Diagnostic> {
        let p = Path::new("content/a.md");
        let text = decode(p, bytes)?;
        split(p, p, text)
    }

    #[test]
    fn accepts_bom_and_crlf_silently() {
        let f = parse("\u{feff}---\r\ntitle: Школа\r\n---\r\nТекст\r\n".as_bytes()).unwrap();
        assert_eq!(f.front_matter_text(), "title: Школа\n");
        assert_eq!(f.body_text(), "Текст\n");
        assert_eq!(f.body_first_line(), 4);
    }

    #[test]
    fn owned_decoding_matches_borrowed() {
        let p = Path::new("a.md");
        for bytes in [&b"plain"[..], b"\xEF\xBB\xBFbom", b"a\r\nb\rc", b"\xff\xfe"] {
            assert_eq!(decode_owned(p, bytes.to_vec()), decode(p, bytes));
        }
    }

    #[test]
    fn recognises_windows_1251() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("---\ntitle: Школа лидеров\n---\nТекст\n");
        let d = parse(&bytes).unwrap_err();
        assert_eq!(d.code, "not-utf8");
        assert!(d.message.contains("Windows-1251"), "{}", d.message);
        assert_eq!(d.line(), Some(2));
        assert!(d.location.unwrap().source_line.contains("Школа лидеров"));
        assert!(d.hint.unwrap().contains("UTF-8"));
    }

    #[test]
    fn binary_garbage_is_not_called_1251() {
        let d = parse(b"---\ntitle: \xff\xfe\x00\x81\n---\n").unwrap_err();
        assert_eq!(d.code, "not-utf8");
    }

    #[test]
    fn unclosed_front_matter_is_reported_at_the_opening_line() {
        let d = parse("---\ntitle: Школа\n\nТекст страницы\n".as_bytes()).unwrap_err();
        assert_eq!(d.code, "unclosed-front-matter");
        assert_eq!(d.line(), Some(1));
    }

    #[test]
    fn missing_front_matter() {
        let d = parse("# Заголовок\n".as_bytes()).unwrap_err();
        assert_eq!(d.code, "no-front-matter");
    }

    #[test]
    fn empty_body_and_trailing_spaces_on_fences() {
        let f = parse(b"---  \ntitle: a\n---  ").unwrap();
        assert_eq!(f.front_matter_text(), "title: a\n");
        assert_eq!(f.body_text(), "");
    }
}
