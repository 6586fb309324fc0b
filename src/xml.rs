//! The characters XML 1.0, and so SVG, can hold.
//!
//! Text the user writes (a scene's title, labels, notes, legends) that holds a character
//! XML forbids is refused with the place it is at ([`Scene::validate`]), so no title
//! silently loses text; text from elsewhere (a custom or GeoNames place name) has such
//! characters left out where it is written into SVG ([`strip`]), so the SVG is always
//! well formed.
//!
//! [`Scene::validate`]: crate::scene::Scene::validate

/// Whether XML 1.0 allows `c` in text: tab, line feed, carriage return, and everything
/// from U+0020 but U+FFFE and U+FFFF (Rust strings hold no surrogates).
pub fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `s` XML forbids, with its position in characters (from 1).
pub fn first_forbidden(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| !allowed(*c))
        .map(|(i, c)| (i + 1, c))
}

/// `s` without the characters XML forbids.
pub fn strip(s: &str) -> String {
    s.chars().filter(|&c| allowed(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_found_and_left_out() {
        for c in ['\u{0}', '\u{1}', '\u{1f}', '\u{fffe}', '\u{ffff}'] {
            assert!(!allowed(c), "{c:?}");
        }
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            'é',
            '\u{fffd}',
            '\u{10000}',
            '\u{10ffff}',
        ] {
            assert!(allowed(c), "{c:?}");
        }
        assert_eq!(first_forbidden("Tash\u{ffff}kent"), Some((5, '\u{ffff}')));
        assert_eq!(first_forbidden("Tashkent"), None);
        assert_eq!(strip("a\u{fffe}b\u{1}c"), "abc");
    }
}
