//! Words of a text with their byte offsets, case and sentence position.

/// How a word begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// An upper-case letter ("Samarkand", "UK").
    Upper,
    /// A lower-case letter ("the", "de").
    Lower,
    /// A letter of a script without case (Chinese, Arabic, Hebrew, Devanagari…).
    Caseless,
    /// A digit.
    Digit,
}

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// How the word begins.
    pub case: Case,
    /// Whether every letter is upper case ("UK", "SAMARKAND").
    pub all_caps: bool,
    /// Whether a name may run on from the previous word into this one: only spaces, a
    /// hyphen or an abbreviation's full stop lie between them.
    pub links: bool,
    /// Whether the word is written straight after the previous one without a space in a
    /// name key (ideographs, which are written without spaces).
    pub joined: bool,
    /// Whether the word begins a sentence, a line or a quotation.
    pub sentence_start: bool,
    /// Whether a comma lies between the previous word and this one.
    pub after_comma: bool,
    /// Whether a hyphen joins the previous word to this one.
    pub after_hyphen: bool,
}

/// Whether a character is written without spaces between words (Han, kana).
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff      // Hiragana, Katakana
        | 0x3400..=0x4dbf    // CJK Extension A
        | 0x4e00..=0x9fff    // CJK Unified Ideographs
        | 0xf900..=0xfaff    // CJK Compatibility Ideographs
        | 0x20000..=0x2ffff) // CJK Extensions B–
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}' | '\u{02bb}')
}

/// Splits a text into words. Apostrophes inside a word keep it whole ("Xi'an"), a
/// possessive "'s" is left out of the word, and each ideograph is a word of its own.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 6);
    let mut chars = text.char_indices().peekable();
    let mut gap_start = 0;
    while let Some((at, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = at + c.len_utf8();
        if !unspaced(c) {
            while let Some(&(i, d)) = chars.peek() {
                if d.is_alphanumeric() && !unspaced(d) {
                    end = i + d.len_utf8();
                    chars.next();
                } else if is_apostrophe(d) {
                    // Inside a word only when a letter follows: "Xi'an", "O'Hare".
                    let next = text[i + d.len_utf8()..].chars().next();
                    match next {
                        Some(n) if n.is_alphanumeric() && !unspaced(n) => {
                            chars.next();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
        }
        let word = strip_possessive(&text[at..end]);
        let end = at + word.len();
        let gap = &text[gap_start..at];
        let previous = tokens.last();
        let joined = unspaced(c)
            && gap.is_empty()
            && previous.is_some_and(|p| text[p.start..p.end].chars().all(unspaced));
        let abbreviation = previous.is_some_and(|p| is_abbreviation(&text[p.start..p.end]));
        let links = previous.is_some() && gap_links(gap, abbreviation);
        let sentence_start = previous.is_none() || ends_sentence(gap, abbreviation);
        tokens.push(Token {
            start: at,
            end,
            case: case_of(c),
            all_caps: word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase),
            links,
            joined,
            sentence_start,
            after_comma: gap.contains(','),
            after_hyphen: gap.contains(['-', '\u{2010}', '\u{2011}']),
        });
        // Whatever follows the word proper (a possessive 's) counts as gap.
        gap_start = end;
    }
    tokens
}

/// The word without a possessive or a contraction: "Russia's" → "Russia", "I've" → "I".
fn strip_possessive(word: &str) -> &str {
    for apostrophe in ['\'', '\u{2019}'] {
        if let Some((stem, suffix)) = word.rsplit_once(apostrophe) {
            let suffix = suffix.to_ascii_lowercase();
            if !stem.is_empty() && ["s", "ve", "ll", "d", "re", "m"].contains(&suffix.as_str()) {
                return stem;
            }
        }
    }
    word
}

fn case_of(c: char) -> Case {
    if c.is_uppercase() {
        Case::Upper
    } else if c.is_lowercase() {
        Case::Lower
    } else if c.is_numeric() {
        Case::Digit
    } else {
        Case::Caseless
    }
}

/// Short capitalised words that are written with a full stop inside names and titles:
/// "St.", "Ft.", "U.S.", "Mr.", "Capt.".
fn is_abbreviation(word: &str) -> bool {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    if word.chars().count() <= 3 {
        return true;
    }
    // Longer titles ("Capt.", "Sens."), lower-cased on the stack: this runs for every word.
    let mut lower = [0u8; 5];
    if !word.is_ascii() || word.len() > lower.len() {
        return false;
    }
    for (l, b) in lower.iter_mut().zip(word.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    std::str::from_utf8(&lower[..word.len()]).is_ok_and(super::words::is_title)
}

/// Whether a name can run across a gap: spaces (not a line break), a hyphen, or the full
/// stop of an abbreviation ("St. Louis", "U.S.").
fn gap_links(gap: &str, after_abbreviation: bool) -> bool {
    if gap.is_empty() || gap.contains('\n') {
        return gap.is_empty();
    }
    let mut stops = 0;
    for c in gap.chars() {
        match c {
            ' ' | '\t' | '\u{a0}' => {}
            '-' | '\u{2010}' | '\u{2011}' => {}
            '.' => stops += 1,
            _ => return false,
        }
    }
    stops == 0 || (stops == 1 && after_abbreviation)
}

/// Whether a gap ends a sentence: terminal punctuation (not an abbreviation's full stop)
/// or a line break, perhaps with quotes around.
fn ends_sentence(gap: &str, after_abbreviation: bool) -> bool {
    if gap.contains('\n') || gap.contains(['!', '?', ':', '\u{201c}', '"']) {
        return true;
    }
    gap.contains('.') && !after_abbreviation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn splits_words_keeping_apostrophes_and_dropping_possessives() {
        assert_eq!(
            words("Xi’s trip to Xi'an, Russia's east and O'Hare. I’ve"),
            ["Xi", "trip", "to", "Xi'an", "Russia", "east", "and", "O'Hare", "I"]
        );
    }

    #[test]
    fn ideographs_are_words_of_their_own_joined_together() {
        let text = "在哈萨克斯坦 Astana";
        let t = tokenize(text);
        assert_eq!(t.len(), 7);
        assert!(!t[0].joined);
        assert!(t[1].joined && t[5].joined);
        assert!(!t[6].joined);
    }

    #[test]
    fn names_link_across_spaces_hyphens_and_abbreviations_only() {
        let t = tokenize("St. Louis, Nur-Sultan. Then\nParis");
        let links: Vec<bool> = t.iter().map(|t| t.links).collect();
        assert_eq!(links, [false, true, false, true, false, false]);
        let starts: Vec<bool> = t.iter().map(|t| t.sentence_start).collect();
        assert_eq!(starts, [true, false, false, false, true, true]);
        assert!(t[2].after_comma);
    }

    #[test]
    fn case_and_capitals() {
        let t = tokenize("UK de Москва 北 9");
        let cases: Vec<Case> = t.iter().map(|t| t.case).collect();
        assert_eq!(
            cases,
            [
                Case::Upper,
                Case::Lower,
                Case::Upper,
                Case::Caseless,
                Case::Digit
            ]
        );
        assert!(t[0].all_caps && !t[2].all_caps);
    }
}
