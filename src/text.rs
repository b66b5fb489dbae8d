//! Bytes of a file an editor saved, to text: the one decoder behind content files, `site.yaml`,
//! the theme's files and imported plan tables.
//!
//! Editors save files from Notepad, Word and LibreOffice on Windows: a UTF-8 BOM and CRLF line
//! endings are normal and accepted silently. Windows-1251 and DOS 866, the usual encodings of
//! Russian Windows, are recognised and reported rather than decoded: accepting them silently would
//! teach editors that any encoding works, and the fix (re-saving as UTF-8) is not obvious to a
//! methodist, so the caller explains it in detail. Everything after this stage works on
//! `\n`-only, BOM-free UTF-8 text, whose lines are the lines the editor sees.

/// What to do with text starting with a UTF-16 byte order mark (what Word's «Юникод» writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    /// Decode it: a plan table is read once, and re-saving it first would only be a chore.
    Accept,
    /// Refuse it: content files stay in the site's folder, which is UTF-8 throughout.
    Reject,
}

/// A legacy Russian encoding that bytes which are not UTF-8 look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// Windows-1251 («ANSI», «Кириллица (Windows)»): Notepad and Word on Russian Windows.
    Windows1251,
    /// DOS 866 («OEM»): old Notepad and console programs.
    Dos866,
}

impl Legacy {
    /// The name editors see in their programs' encoding menus.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Windows1251 => "Windows-1251",
            Legacy::Dos866 => "DOS (866)",
        }
    }

    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            Legacy::Windows1251 => encoding_rs::WINDOWS_1251,
            Legacy::Dos866 => encoding_rs::IBM866,
        }
    }
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// UTF-16 (a UTF-16 byte order mark at the start) where only UTF-8 is accepted.
    Utf16,
    /// Not UTF-8; where UTF-16 is accepted, also a UTF-16 byte order mark followed by bytes that
    /// are not UTF-16 (reported at line 1).
    NotUtf8 {
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
        /// The legacy encoding the bytes look like, checked in the order editors meet them.
        guess: Option<Legacy>,
    },
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes file bytes to text: strips a UTF-8 BOM, decodes or rejects UTF-16 as `utf16` says,
/// refuses anything else that is not UTF-8, normalises CRLF and lone CR to LF.
pub fn decode(bytes: &[u8], utf16: Utf16) -> Result<String, DecodeError> {
    // A UTF-8 BOM is stripped before looking for a UTF-16 one: a tool that adds a UTF-8 BOM to
    // whatever it saves may have put it in front of UTF-16 text.
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            if utf16 == Utf16::Reject {
                return Err(DecodeError::Utf16);
            }
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors {
                return Err(DecodeError::NotUtf8 {
                    line: 1,
                    guess: None,
                });
            }
            return Ok(normalize_newlines(&text));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalize_newlines(text)),
        Err(err) => Err(not_utf8(bytes, err.valid_up_to())),
    }
}

/// [`decode`] for bytes the caller owns: the common case (UTF-8 without BOM or CR) takes the
/// buffer over without copying it.
pub fn decode_owned(bytes: Vec<u8>, utf16: Utf16) -> Result<String, DecodeOwnedError> {
    let slow =
        |bytes: Vec<u8>| decode(&bytes, utf16).map_err(|error| DecodeOwnedError { error, bytes });
    if bytes.starts_with(UTF8_BOM) || bytes.contains(&b'\r') {
        return slow(bytes);
    }
    // simdutf8 validates Cyrillic text several times faster than the standard library, and
    // every source byte of the site passes through here.
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return slow(bytes);
    }
    // SAFETY: simdutf8 has just validated that `bytes` is UTF-8, and valid UTF-8 starts with
    // neither UTF-16 byte order mark (0xFF and 0xFE never occur in UTF-8).
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// A [`DecodeError`] from [`decode_owned`] with the bytes handed back, as
/// [`std::string::FromUtf8Error`] does, so the caller can still show the offending line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeOwnedError {
    pub error: DecodeError,
    pub bytes: Vec<u8>,
}

/// The bytes as Russian Windows shows a file that is not UTF-8 (Windows-1251, undecodable bytes
/// replaced), with a UTF-8 BOM stripped and newlines normalised: for showing the line a
/// [`DecodeError::NotUtf8`] points at in a form the editor recognises.
pub fn as_windows_1251(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let (text, _) = encoding_rs::WINDOWS_1251.decode_without_bom_handling(bytes);
    normalize_newlines(&text)
}

fn not_utf8(bytes: &[u8], valid_up_to: usize) -> DecodeError {
    let line = bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
    let guess = [Legacy::Windows1251, Legacy::Dos866]
        .into_iter()
        .find(|&legacy| looks_russian(legacy, bytes));
    DecodeError::NotUtf8 { line, guess }
}

/// Share of Russian characters among the non-ASCII ones, in percent, from which bytes are taken
/// to be Russian text in a legacy encoding.
///
/// Both legacy encodings map nearly every byte above 0x7F to some character, so only the share
/// tells Russian text from other bytes. Measured on the import fixtures and the example site
/// saved as Windows-1251, every line with non-ASCII characters scores at least 97 %: Russian
/// text is letters with a few «», №, dashes and no-break spaces. What is not Windows-1251 scores
/// far lower: DOS 866 text read as Windows-1251 at most 53 %, random bytes about 56 % (72 of the
/// 128 high bytes). 80 % sits between with room on both sides, where 90 % would sit close to
/// real text: a short bulleted list pasted from Word («• Семинар\n• Вебинар») is 87 %. A wrong
/// guess costs little, since it changes the wording of the message and not the advice (re-save
/// as UTF-8), while a missed one loses the most helpful explanation.
const RUSSIAN_PERCENT: usize = 80;

/// True if the bytes decode without errors in `legacy` into text whose non-ASCII characters are
/// mostly Cyrillic letters and Russian typographic signs.
fn looks_russian(legacy: Legacy, bytes: &[u8]) -> bool {
    let (text, had_errors) = legacy.encoding().decode_without_bom_handling(bytes);
    if had_errors {
        return false;
    }
    let (mut high, mut russian) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        high += 1;
        if matches!(
            c,
            'А'..='я' | 'Ё' | 'ё' | '№' | '«' | '»' | '–' | '—' | '\u{a0}'
        ) {
            russian += 1;
        }
    }
    high > 0 && russian * 100 >= high * RUSSIAN_PERCENT
}

fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(bytes: &[u8]) -> Result<String, DecodeError> {
        decode(bytes, Utf16::Accept)
    }

    fn utf16le(text: &str) -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    }

    fn cp1251(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(text);
        assert!(!unmappable, "{text}");
        bytes.into_owned()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(accept("Школа лидеров".as_bytes()).unwrap(), "Школа лидеров");
        assert_eq!(accept(b"\xEF\xBB\xBF\xD0\xB0\n").unwrap(), "а\n");
        // Only one BOM is a BOM: a second one is text (U+FEFF) and stays.
        assert_eq!(accept(b"\xEF\xBB\xBF\xEF\xBB\xBFa").unwrap(), "\u{feff}a");
        assert_eq!(accept(b"").unwrap(), "");
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        assert_eq!(accept("а\r\nб\r\n".as_bytes()).unwrap(), "а\nб\n");
        assert_eq!(accept(b"a\rb\r\rc").unwrap(), "a\nb\n\nc");
        assert_eq!(accept(b"a\r\n\rb\n").unwrap(), "a\n\nb\n");
    }

    #[test]
    fn utf16_is_decoded_or_refused_as_asked() {
        let le = utf16le("Сроки\r\nмай");
        assert_eq!(accept(&le).unwrap(), "Сроки\nмай");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Сроки".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(accept(&be).unwrap(), "Сроки");
        assert_eq!(decode(&le, Utf16::Reject), Err(DecodeError::Utf16));
        assert_eq!(decode(&be, Utf16::Reject), Err(DecodeError::Utf16));
        // A lone surrogate is not UTF-16.
        assert_eq!(
            accept(b"\xFF\xFE\x00\xD8"),
            Err(DecodeError::NotUtf8 {
                line: 1,
                guess: None
            })
        );
    }

    #[test]
    fn windows_1251_is_recognised_with_the_line() {
        let bytes = cp1251("---\ntitle: Школа лидеров\n---\nТекст\n");
        assert_eq!(
            accept(&bytes),
            Err(DecodeError::NotUtf8 {
                line: 2,
                guess: Some(Legacy::Windows1251)
            })
        );
        assert_eq!(
            as_windows_1251(&bytes).lines().nth(1),
            Some("title: Школа лидеров")
        );
        // Line numbers count LF only: a CRLF file's lines are the same lines.
        let crlf = cp1251("План работы\r\nМероприятие\tСроки\r\n");
        assert_eq!(
            accept(&crlf),
            Err(DecodeError::NotUtf8 {
                line: 1,
                guess: Some(Legacy::Windows1251)
            })
        );
        assert_eq!(as_windows_1251(&crlf), "План работы\nМероприятие\tСроки\n");
    }

    #[test]
    fn the_threshold_takes_a_bulleted_list_but_not_stray_bytes() {
        // 14 letters and 2 bullets: 87 %.
        assert_eq!(
            accept(&cp1251("• Семинар\n• Вебинар\n")),
            Err(DecodeError::NotUtf8 {
                line: 1,
                guess: Some(Legacy::Windows1251)
            })
        );
        // «яюэ» and «Ѓ» in Windows-1251: 75 %. «я ю» and «Б» with two signs in DOS 866: 50 %.
        assert_eq!(
            accept(b"abc\n\xff\xfe\xfd\x00\x81"),
            Err(DecodeError::NotUtf8 {
                line: 2,
                guess: None
            })
        );
    }

    #[test]
    fn dos_866_is_recognised_after_windows_1251() {
        let (bytes, _, _) = encoding_rs::IBM866.encode("Мероприятие и сроки проведения");
        assert_eq!(
            accept(&bytes),
            Err(DecodeError::NotUtf8 {
                line: 1,
                guess: Some(Legacy::Dos866)
            })
        );
    }

    #[test]
    fn mostly_ascii_with_a_few_invalid_bytes() {
        // «10° ± 2» saved in Windows-1252: the two signs are no Russian letters in either encoding.
        let bytes = b"title: Report\r\nsize: 10\xb0 \xb1 2\r\nend\r\n";
        assert_eq!(
            accept(bytes),
            Err(DecodeError::NotUtf8 {
                line: 2,
                guess: None
            })
        );
        assert_eq!(
            as_windows_1251(bytes),
            "title: Report\nsize: 10° ± 2\nend\n"
        );
        // One Russian word in an otherwise English file is still Windows-1251.
        assert_eq!(
            accept(&cp1251("Plan\nsee Мероприятие\n")),
            Err(DecodeError::NotUtf8 {
                line: 2,
                guess: Some(Legacy::Windows1251)
            })
        );
    }

    #[test]
    fn owned_decoding_matches_borrowed() {
        let cases: [&[u8]; 7] = [
            b"plain",
            "Кириллица\n".as_bytes(),
            b"\xEF\xBB\xBFbom",
            b"a\r\nb\rc",
            b"\xff\xfe",
            b"\xff\xfea\x00",
            b"abc\n\xff\xfe\xfd\x00\x81",
        ];
        for bytes in cases {
            for utf16 in [Utf16::Accept, Utf16::Reject] {
                assert_eq!(
                    decode_owned(bytes.to_vec(), utf16).map_err(|e| {
                        assert_eq!(e.bytes, bytes);
                        e.error
                    }),
                    decode(bytes, utf16),
                    "{bytes:?}"
                );
            }
        }
    }
}
