//! Writing text as a YAML scalar: the one quoting rule for every file the program writes for
//! editors (`new`, `import plan`) and for the generated benchmark corpus.
//!
//! The content loader reads front matter with serde_yaml (YAML 1.2), but editors open these files
//! in whatever they have, and older YAML 1.1 readers take `yes`, `on`, `y`, `2022-10-10` or `1:20`
//! for booleans, dates and numbers. A value must read back as the same string in both.

/// Text as a YAML scalar: plain when every reader takes it back unchanged, otherwise
/// [`double_quoted`]. Plain is kept where possible because editors read and edit these files,
/// and quotes around every title are noise to them.
pub fn scalar(text: &str) -> String {
    if is_plain_safe(text) {
        text.to_string()
    } else {
        double_quoted(text)
    }
}

/// Text as a YAML double-quoted scalar: safe for any text, on one line. Escapes what YAML does not
/// take literally between double quotes (`"`, `\`), line breaks and tabs, and every character a
/// YAML reader refuses or reads as a line break.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // All of these are in the Basic Multilingual Plane, so four digits always do.
            c if needs_escape(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters that cannot stand for themselves in a YAML scalar: control characters (YAML
/// refuses most and reads U+0085 as a line break), the Unicode line and paragraph separators
/// (line breaks in YAML 1.1), a byte order mark, and U+FFFE/U+FFFF, which YAML does not allow.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// True if the text, written plain after `key: ` or `- `, reads back as the same string.
fn is_plain_safe(text: &str) -> bool {
    // YAML 1.1 booleans and null, and the merge and value keys, in any letter case.
    const RESERVED: [&str; 12] = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", "<<", "=",
    ];
    let Some(first) = text.chars().next() else {
        return false;
    };
    let last = text.chars().last().unwrap_or(first);
    // An indicator starts a different kind of node; a digit, sign or dot may start a number or a
    // date; `<`, `=` and `~` may start a merge key, a value key or null.
    !first.is_whitespace()
        && !last.is_whitespace()
        && !"-?:,[]{}#&*!|>'\"%@`<=+.~".contains(first)
        && !first.is_ascii_digit()
        // «key:» at the end and «: » inside make a mapping, « #» starts a comment.
        && last != ':'
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.chars().any(needs_escape)
        && !RESERVED.contains(&text.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_yaml::Value;

    /// The value of `key` in `key: <written>`, and of the item in `- <written>`, as serde_yaml
    /// reads them; both must be the same string.
    fn read_back(written: &str) -> Value {
        let parse = |yaml: String| -> Value {
            serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"))
        };
        let in_mapping = parse(format!("key: {written}\n"))["key"].clone();
        let in_list = parse(format!("list:\n  - {written}\n"))["list"][0].clone();
        assert_eq!(in_list, in_mapping, "{written}");
        in_mapping
    }

    const TRICKY: [&str; 60] = [
        "Наставник: профессионал и личность",
        "Конференция «Наставничество как инструмент: опыт, проблемы, перспективы»",
        "http://example.org/a:b",
        "#1 в рейтинге",
        "Цель # не комментарий",
        "Цель#хэштег",
        "\"кавычки\" и 'апострофы'",
        "'апостроф в начале",
        "- тире в начале",
        "-тире",
        "-",
        "---",
        "...",
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "N",
        "True",
        "FALSE",
        "null",
        "Null",
        "~",
        "",
        "10 лет наставничества",
        "2023",
        "2022-10-10",
        "2022-10-10 15:00",
        "1:20",
        "0x1F",
        "0o17",
        "1e3",
        "3.14",
        ".5",
        "+1",
        "-1",
        ".inf",
        "-.inf",
        ".NaN",
        "обратный \\ слэш",
        "строка\nвторая\tтаб\r",
        " пробел по краям ",
        "\u{a0}неразрывный пробел\u{a0}",
        "конец двоеточием:",
        "@упоминание",
        "`обратная кавычка`",
        "{скобки}",
        "[список]",
        "*звёздочка",
        "&якорь",
        "!тег",
        "% процент",
        "| вертикальная черта",
        "> больше",
        "? вопрос",
        "<< слияние",
        "=",
        "управляющие \u{1}\u{7f}\u{85}\u{9f} символы, разделитель\u{2028}\u{2029}строк, \u{feff}\u{fffe}\u{ffff}",
        "Обычный текст, с запятыми — и тире. Эмодзи 🙂 тоже.",
    ];

    #[test]
    fn tricky_strings_round_trip_through_serde_yaml() {
        for text in TRICKY {
            let want = Value::String(text.to_string());
            assert_eq!(read_back(&scalar(text)), want, "{}", scalar(text));
            assert_eq!(
                read_back(&double_quoted(text)),
                want,
                "{}",
                double_quoted(text)
            );
        }
    }

    #[test]
    fn what_yaml_1_1_would_read_as_something_else_is_quoted() {
        for text in [
            "yes",
            "Yes",
            "YES",
            "no",
            "on",
            "On",
            "off",
            "OFF",
            "y",
            "Y",
            "n",
            "true",
            "False",
            "null",
            "NULL",
            "~",
            "<<",
            "=",
            "2022-10-10",
            "1:20",
            "3.14",
            "+1",
            "-1",
            ".inf",
        ] {
            assert_eq!(scalar(text), format!("\"{text}\""));
        }
    }

    #[test]
    fn ordinary_titles_stay_plain() {
        for text in [
            "Школа молодого учителя",
            "Модели наставничества МБОУ «СШ № 32»",
            "Семинар 12.10.2023 г.",
            "Цель#хэштег",
            "http://example.org/a:b",
            "обратный \\ слэш",
            "yesterday",
            "Обычный текст, с запятыми — и тире.",
        ] {
            assert_eq!(scalar(text), text);
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(
            double_quoted("«СШ № 40» \"x\" \\"),
            "\"«СШ № 40» \\\"x\\\" \\\\\""
        );
        assert_eq!(double_quoted("a\tb\nc\rd"), "\"a\\tb\\nc\\rd\"");
        assert_eq!(
            double_quoted("\u{1}\u{85}\u{2028}\u{feff}"),
            "\"\\u0001\\u0085\\u2028\\uFEFF\""
        );
        assert_eq!(double_quoted(""), "\"\"");
        assert_eq!(scalar(""), "\"\"");
    }

    proptest! {
        #[test]
        fn any_text_round_trips(text in any::<String>()) {
            let want = Value::String(text.clone());
            prop_assert_eq!(read_back(&scalar(&text)), want.clone());
            prop_assert_eq!(read_back(&double_quoted(&text)), want);
        }

        #[test]
        fn text_made_of_yaml_syntax_round_trips(text in "[-?:,#&*!|>'\"%@`<=+.~ \\[\\]{}a1yNo\t\n]{0,12}") {
            let want = Value::String(text.clone());
            prop_assert_eq!(read_back(&scalar(&text)), want.clone());
            prop_assert_eq!(read_back(&double_quoted(&text)), want);
        }
    }
}
