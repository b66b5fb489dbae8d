//! The «Ответственные» cell as a list of people and bodies, each with their position.
//!
//! Plans list the responsible in one cell, in every form the author happened to type: people
//! with positions after commas, several people without a comma, bodies with their abbreviations
//! in parentheses. An event lists them one per line, so the cell is split here, and only where
//! the text shows a boundary: a comma outside «» and (), or a new surname with initials.

use super::clipboard::html_to_text;
use super::table::clean_inline;

/// The «Ответственные» cell as a list of people and bodies. Commas separate entries, except that a
/// lowercase part after a person is that person's position: «Воскобойникова М.В., Коробкова А.С.,
/// заместитель директора МБОУ «СШ № 16»» → «Воскобойникова М.В.» and «Коробкова А.С.,
/// заместитель директора МБОУ «СШ № 16»». People written without a comma («Галкина М.В. Биктенева
/// Д.С.») are separated too. Commas inside «» and () never split.
pub fn split_responsible(text: &str) -> Vec<String> {
    let text = clean_inline(&html_to_text(text, false));
    let mut out: Vec<String> = Vec::new();
    for chunk in split_top_level(&text) {
        let follows_person = out.last().is_some_and(|last| has_initials(last));
        let lowercase = chunk
            .chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(char::is_lowercase);
        match out.last_mut() {
            Some(last) if lowercase && follows_person => {
                last.push_str(", ");
                last.push_str(&chunk);
            }
            _ => out.extend(split_people(&chunk)),
        }
    }
    out
}

fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth: i32 = 0;
    for c in text.chars() {
        match c {
            '«' | '(' | '“' => depth += 1,
            '»' | ')' | '”' => depth = (depth - 1).max(0),
            ',' | ';' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// True if the text, outside «» quotes, has initials like «М.В.» or «М. В.».
fn has_initials(text: &str) -> bool {
    let mut depth = 0;
    let outside: String = text
        .chars()
        .map(|c| {
            match c {
                '«' => depth += 1,
                '»' => depth -= 1,
                _ => {}
            }
            if depth > 0 { ' ' } else { c }
        })
        .collect();
    let words: Vec<&str> = outside
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', ';']))
        .collect();
    words.iter().any(|w| is_initials(w))
        || words
            .windows(2)
            .any(|w| is_initial(w[0]) && is_initial(w[1]))
}

/// Two or more initials written together: «М.В.».
fn is_initials(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let pairs = chars.chunks_exact(2);
    chars.len() >= 4
        && pairs.remainder().is_empty()
        && pairs.clone().all(|p| p[0].is_uppercase() && p[1] == '.')
}

fn is_initial(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.len() == 2 && chars[0].is_uppercase() && chars[1] == '.'
}

fn is_name(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() > 1
        && chars.all(|c| c.is_lowercase() || c == '-')
}

/// «Галкина М.В. Биктенева Д.С.» → two people; anything else stays one entry.
fn split_people(chunk: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in chunk.split_whitespace() {
        match words.last_mut() {
            // «М. В.» written with a space is one set of initials.
            Some(last) if is_initial(word) && (is_initial(last) || is_initials(last)) => {
                last.push_str(word)
            }
            _ => words.push(word.to_string()),
        }
    }
    let pairs: Vec<&[String]> = words.chunks_exact(2).collect();
    let people = words.len() >= 4
        && pairs.len() * 2 == words.len()
        && (pairs.iter().all(|p| is_name(&p[0]) && is_initials(&p[1]))
            || pairs.iter().all(|p| is_initials(&p[0]) && is_name(&p[1])));
    if people {
        pairs.iter().map(|p| p.join(" ")).collect()
    } else {
        vec![chunk.to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responsible_people_and_their_positions() {
        assert_eq!(
            split_responsible(
                "Воскобойникова М.В., Коробкова А.С., заместитель директора МБОУ «СШ № 16»"
            ),
            [
                "Воскобойникова М.В.",
                "Коробкова А.С., заместитель директора МБОУ «СШ № 16»"
            ]
        );
        assert_eq!(
            split_responsible("Воскобойникова М.В."),
            ["Воскобойникова М.В."]
        );
        assert_eq!(
            split_responsible("Галкина М.В. Биктенева Д.С."),
            ["Галкина М.В.", "Биктенева Д.С."]
        );
        assert_eq!(
            split_responsible("Галкина М. В. Биктенева Д. С."),
            ["Галкина М.В.", "Биктенева Д.С."]
        );
        assert_eq!(split_responsible("Управление, ОУ"), ["Управление", "ОУ"]);
        assert_eq!(
            split_responsible(
                "Управление образования (далее - Управление), образовательные организации (далее - ОУ)"
            ),
            [
                "Управление образования (далее - Управление)",
                "образовательные организации (далее - ОУ)"
            ]
        );
        assert_eq!(
            split_responsible("Иванова А.А., учитель, методист, Петров Б.Б., директор"),
            ["Иванова А.А., учитель, методист", "Петров Б.Б., директор"]
        );
        assert_eq!(
            split_responsible(
                "Аникина И.В., заместитель директора МБОУ «СШ № 32 им. С.А. Лавочкина, филиал»"
            ),
            ["Аникина И.В., заместитель директора МБОУ «СШ № 32 им. С.А. Лавочкина, филиал»"]
        );
        assert_eq!(
            split_responsible("Методический отдел МБУ ДО «ЦДО»"),
            ["Методический отдел МБУ ДО «ЦДО»"]
        );
        assert!(split_responsible("  ").is_empty());
    }
}
