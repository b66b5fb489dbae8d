//! The form of a Russian noun after a number.
//!
//! Russian has three forms for counted nouns, chosen by the last two digits:
//! - `one`: ends in 1, except 11 — «1 практика», «21 практика», «101 практика»;
//! - `few`: ends in 2–4, except 12–14 — «3 практики», «122 практики»;
//! - `many`: everything else, including 0 and 11–14 — «5 практик», «11 практик», «111 практик».

/// Picks `one`, `few` or `many` for `n`.
pub fn plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let last_two = n % 100;
    let last = n % 10;
    if (11..=14).contains(&last_two) {
        many
    } else if last == 1 {
        one
    } else if (2..=4).contains(&last) {
        few
    } else {
        many
    }
}

/// The number and the chosen noun, joined by a non-breaking space so they stay on one line:
/// «21 практика».
pub fn count(n: u64, one: &str, few: &str, many: &str) -> String {
    format!("{n}\u{a0}{}", plural(n, one, few, many))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn practice(n: u64) -> &'static str {
        plural(n, "практика", "практики", "практик")
    }

    #[test]
    fn documented_examples() {
        assert_eq!(practice(1), "практика");
        assert_eq!(practice(3), "практики");
        assert_eq!(practice(5), "практик");
        assert_eq!(practice(11), "практик");
        assert_eq!(practice(21), "практика");
        assert_eq!(practice(111), "практик");
        assert_eq!(practice(122), "практики");
    }

    #[test]
    fn teens_and_edges() {
        assert_eq!(practice(0), "практик");
        for n in [11, 12, 13, 14, 111, 112, 113, 114, 1011, 1014] {
            assert_eq!(practice(n), "практик", "{n}");
        }
        for n in [2, 4, 22, 34, 102, 1004] {
            assert_eq!(practice(n), "практики", "{n}");
        }
        for n in [1, 31, 101, 1001, 1_000_001] {
            assert_eq!(practice(n), "практика", "{n}");
        }
        for n in [5, 10, 15, 20, 25, 100, 1000] {
            assert_eq!(practice(n), "практик", "{n}");
        }
        assert_eq!(practice(u64::MAX), "практик"); // ...615
    }

    #[test]
    fn count_joins_with_a_non_breaking_space() {
        assert_eq!(
            count(21, "практика", "практики", "практик"),
            "21\u{a0}практика"
        );
        assert_eq!(count(2, "день", "дня", "дней"), "2\u{a0}дня");
        assert_eq!(count(0, "событие", "события", "событий"), "0\u{a0}событий");
    }
}
