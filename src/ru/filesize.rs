//! File sizes and kinds for attachment links: «Приказ (PDF, 1,2 МБ)».
//!
//! Sizes use binary multiples (1 КБ = 1024 Б) with the Russian unit names Б, КБ, МБ, ГБ, ТБ,
//! because that is what Windows Explorer shows editors for the same file; a size on the site
//! then matches what they see when they attach it. The number has a decimal comma, one decimal
//! place below 10 («1,2 МБ», «9,9 КБ») and none from 10 up («15 МБ», «850 Б»), and a
//! non-breaking space before the unit.

const NBSP: char = '\u{a0}';
const UNITS: [&str; 4] = ["КБ", "МБ", "ГБ", "ТБ"];

/// «850 Б», «1,2 МБ», «15 МБ». Rounds half up; a value that rounds to 1024 of a unit is shown
/// in the next unit («1,0 МБ» rather than «1024 КБ»).
pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        return format!("{bytes}{NBSP}Б");
    }
    let bytes = u128::from(bytes);
    let mut unit: u128 = 1;
    for (index, name) in UNITS.iter().enumerate() {
        unit *= 1024;
        let tenths = (bytes * 10 * 2 + unit) / (2 * unit);
        if tenths < 100 {
            return format!("{},{}{NBSP}{name}", tenths / 10, tenths % 10);
        }
        let whole = (bytes * 2 + unit) / (2 * unit);
        if whole < 1024 || index == UNITS.len() - 1 {
            return format!("{whole}{NBSP}{name}");
        }
    }
    // Every path of the loop returns: its last unit always does.
    format!("{bytes}{NBSP}Б")
}

/// The label for a file's extension, as shown next to a download link: «PDF», «DOCX».
///
/// The extension may be given with or without the dot and in any case. Known kinds get their
/// usual name (`jpeg` → «JPG», `htm` → «HTML»); another short alphanumeric extension is shown
/// in capitals as it is; anything else (none, too long, odd characters) is «Файл».
pub fn file_kind_label(ext: &str) -> String {
    let ext = ext.trim().trim_start_matches('.').to_ascii_lowercase();
    let known = match ext.as_str() {
        "pdf" => "PDF",
        "doc" => "DOC",
        "docx" => "DOCX",
        "odt" => "ODT",
        "rtf" => "RTF",
        "txt" => "TXT",
        "xls" => "XLS",
        "xlsx" => "XLSX",
        "ods" => "ODS",
        "csv" => "CSV",
        "ppt" => "PPT",
        "pptx" => "PPTX",
        "pps" | "ppsx" => "PPSX",
        "odp" => "ODP",
        "jpg" | "jpeg" => "JPG",
        "png" => "PNG",
        "gif" => "GIF",
        "webp" => "WEBP",
        "svg" => "SVG",
        "tif" | "tiff" => "TIFF",
        "htm" | "html" => "HTML",
        "zip" => "ZIP",
        "rar" => "RAR",
        "7z" => "7Z",
        "mp3" => "MP3",
        "mp4" => "MP4",
        "djvu" | "djv" => "DjVu",
        _ => "",
    };
    if !known.is_empty() {
        known.to_owned()
    } else if (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric()) {
        ext.to_ascii_uppercase()
    } else {
        "Файл".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb(s: &str) -> String {
        s.replace('~', "\u{a0}")
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), nb("0~Б"));
        assert_eq!(human_size(850), nb("850~Б"));
        assert_eq!(human_size(1023), nb("1023~Б"));
        assert_eq!(human_size(1024), nb("1,0~КБ"));
        assert_eq!(human_size(1536), nb("1,5~КБ"));
        assert_eq!(human_size(1_258_291), nb("1,2~МБ")); // 1.2 MiB
        assert_eq!(human_size(10 * 1024 * 1024), nb("10~МБ"));
        assert_eq!(human_size(15_728_640), nb("15~МБ"));
        assert_eq!(human_size(3 * 1024 * 1024 * 1024), nb("3,0~ГБ"));
        assert_eq!(human_size(5 * 1024_u64.pow(4)), nb("5,0~ТБ"));
        assert_eq!(human_size(u64::MAX), nb("16777216~ТБ"));
    }

    #[test]
    fn rounding_moves_to_the_next_digit_or_unit() {
        // 9.96 KiB rounds to 10, shown without a decimal.
        assert_eq!(human_size(10_199), nb("10~КБ"));
        // 9.94 KiB stays below 10.
        assert_eq!(human_size(10_179), nb("9,9~КБ"));
        // 1023.9 KiB would be «1024 КБ»; shown as 1,0 МБ instead.
        assert_eq!(human_size(1024 * 1024 - 100), nb("1,0~МБ"));
        assert_eq!(human_size(1024 * 1024 - 1), nb("1,0~МБ"));
        // Half up: 1.25 KiB → 1,3.
        assert_eq!(human_size(1280), nb("1,3~КБ"));
    }

    #[test]
    fn kind_labels() {
        assert_eq!(file_kind_label("pdf"), "PDF");
        assert_eq!(file_kind_label(".PDF"), "PDF");
        assert_eq!(file_kind_label("docx"), "DOCX");
        assert_eq!(file_kind_label("doc"), "DOC");
        assert_eq!(file_kind_label("xlsx"), "XLSX");
        assert_eq!(file_kind_label("XLS"), "XLS");
        assert_eq!(file_kind_label("pptx"), "PPTX");
        assert_eq!(file_kind_label("ppt"), "PPT");
        assert_eq!(file_kind_label("odt"), "ODT");
        assert_eq!(file_kind_label("jpeg"), "JPG");
        assert_eq!(file_kind_label("png"), "PNG");
        assert_eq!(file_kind_label("zip"), "ZIP");
        assert_eq!(file_kind_label("djvu"), "DjVu");
        assert_eq!(file_kind_label("epub"), "EPUB");
        assert_eq!(file_kind_label(""), "Файл");
        assert_eq!(file_kind_label("."), "Файл");
        assert_eq!(file_kind_label("verylongext"), "Файл");
        assert_eq!(file_kind_label("пдф"), "Файл");
        assert_eq!(file_kind_label("tar.gz"), "Файл");
    }
}
