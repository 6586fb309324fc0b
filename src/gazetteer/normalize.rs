//! Name normalisation: the one function that decides which spellings are "the same name".
//!
//! The same code runs in `build.rs` (to key the embedded index) and at run time (to key
//! queries and user data), so the two can never disagree. It must stay free of `crate::`
//! paths for that reason.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folds a place name to its lookup key.
///
/// Case, diacritics, apostrophes and punctuation variants fold together: `Kraków` and
/// `KRAKOW` give `krakow`, `Oʻzbekiston` and `O'zbekiston` give `ozbekiston`, `St. Louis`
/// gives `saint louis`. Scripts other than Latin are kept (lower-cased), so `Самарканд`
/// stays Cyrillic. Returns an empty string for a name with no letters or digits.
pub fn normalize(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    normalize_into(name, &mut folded);
    folded
}

/// [`normalize`] into a buffer the caller keeps, which is cleared first: for callers that
/// fold many names, to allocate once.
pub fn normalize_into(name: &str, folded: &mut String) {
    folded.clear();
    if name.is_ascii() {
        for b in name.bytes() {
            push_ascii(folded, b);
        }
    } else {
        for c in name.chars() {
            if c.is_ascii() {
                push_ascii(folded, c as u8);
                continue;
            }
            decompose_compatible(c, |d| push_char(folded, d));
        }
    }
    finish(folded);
}

fn push_ascii(out: &mut String, b: u8) {
    match b {
        b'a'..=b'z' | b'0'..=b'9' => out.push(b as char),
        b'A'..=b'Z' => out.push(b.to_ascii_lowercase() as char),
        // Apostrophes join: "O'zbekiston" = "Ozbekiston", "Xi'an" = "Xian".
        b'\'' | b'`' => {}
        _ => push_space(out),
    }
}

fn push_char(out: &mut String, c: char) {
    if c.is_ascii() {
        push_ascii(out, c as u8);
        return;
    }
    if is_combining_mark(c) {
        return;
    }
    match c {
        // Apostrophe look-alikes and modifier letters used in romanisations.
        '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{02bb}' | '\u{02b9}' | '\u{02be}'
        | '\u{02bf}' | '\u{00b4}' | '\u{2032}' => {}
        // Letters that do not decompose but are read as plain Latin letters.
        'ß' | 'ẞ' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
        'ı' => out.push('i'),
        'þ' | 'Þ' => out.push_str("th"),
        _ if c.is_alphanumeric() => out.extend(c.to_lowercase()),
        _ => push_space(out),
    }
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Trims the trailing separator and expands the abbreviations that stand for whole words.
fn finish(folded: &mut String) {
    if folded.ends_with(' ') {
        folded.pop();
    }
    if !folded
        .split(' ')
        .any(|w| ABBREVIATIONS.iter().any(|(a, _)| *a == w))
    {
        return;
    }
    let words: Vec<&str> = folded
        .split(' ')
        .map(|w| {
            ABBREVIATIONS
                .iter()
                .find(|(a, _)| *a == w)
                .map_or(w, |(_, full)| full)
        })
        .collect();
    *folded = words.join(" ");
}

/// Abbreviations folded to their full word, so "St. Petersburg" = "Saint Petersburg".
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("st", "saint"),
    ("ste", "sainte"),
    ("mt", "mount"),
    ("ft", "fort"),
];

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(normalize("Kraków"), "krakow");
        assert_eq!(normalize("KRAKOW"), "krakow");
        assert_eq!(normalize("Oʻzbekiston"), "ozbekiston");
        assert_eq!(normalize("O'zbekiston"), "ozbekiston");
        assert_eq!(normalize("O‘zbekiston"), "ozbekiston");
        assert_eq!(normalize("Ozbekiston"), "ozbekiston");
        assert_eq!(normalize("  Nur-Sultan "), "nur sultan");
        assert_eq!(normalize("St. Louis"), "saint louis");
        assert_eq!(normalize("Saint Louis"), "saint louis");
        assert_eq!(normalize("Düsseldorf"), "dusseldorf");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("Łódź"), "lodz");
        assert_eq!(normalize("São Paulo"), "sao paulo");
    }

    #[test]
    fn keeps_other_scripts() {
        assert_eq!(normalize("Самарканд"), "самарканд");
        assert_eq!(normalize("哈萨克斯坦"), "哈萨克斯坦");
        assert_eq!(normalize("Αθήνα"), "αθηνα");
    }

    #[test]
    fn empty_for_no_letters() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("  ,.- "), "");
        assert_eq!(normalize("\u{0}\u{7}"), "");
    }
}
