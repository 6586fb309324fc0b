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
    /// Whether the word is ASCII letters and digits only.
    pub plain: bool,
    /// Whether a name may run on from the previous word into this one: only spaces, a
    /// hyphen or an abbreviation's full stop lie between them.
    pub links: bool,
    /// Whether the word is written straight after the previous one without a space in a
    /// name key (ideographs, which are written without spaces).
    pub joined: bool,
    /// Whether the word begins a sentence, a line or a quotation.
    pub sentence_start: bool,
    /// Whether the word is the first of its line.
    pub line_start: bool,
    /// Whether a comma lies between the previous word and this one.
    pub after_comma: bool,
    /// Whether a hyphen joins the previous word to this one.
    pub after_hyphen: bool,
    /// Whether a possessive or a contraction follows the word ("Obama's", "Russia's").
    pub possessive: bool,
    /// Whether the word is a hashtag's: written straight after a "#".
    pub hashtag: bool,
}

/// Whether a character is written without spaces between words (Han, kana).
fn unspaced(c: char) -> bool {
    c >= '\u{3040}'
        && matches!(c as u32,
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
    // Words of English text average under six bytes with the space after them.
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut gap_start = 0;
    while let Some(&b) = bytes.get(at) {
        // Most text is ASCII: test its bytes without decoding characters.
        let c = if b.is_ascii() {
            if ASCII_CLASS[usize::from(b)] == 0 {
                at += 1;
                continue;
            }
            b as char
        } else {
            match text[at..].chars().next() {
                Some(c) if c.is_alphanumeric() => c,
                Some(c) => {
                    at += c.len_utf8();
                    continue;
                }
                None => break,
            }
        };
        let mut end = at + c.len_utf8();
        let mut apostrophe = false;
        // Whether the word is ASCII letters and digits only, and whether it has capitals
        // and small letters: read along the way.
        let mut plain = b.is_ascii();
        let mut seen = ASCII_CLASS[usize::from(b)];
        if !unspaced(c) {
            loop {
                // The run of ASCII letters and digits, at once.
                let run = bytes[end..]
                    .iter()
                    .map(|&b| ASCII_CLASS[usize::from(b)])
                    .take_while(|&class| class != 0)
                    .fold(0, |n, class| {
                        seen |= class;
                        n + 1
                    });
                end += run;
                match bytes.get(end) {
                    Some(&b) if b.is_ascii() && b != b'\'' => break,
                    None => break,
                    Some(_) => plain = false,
                }
                let Some(d) = char_at(text, end) else { break };
                if d.is_alphanumeric() && !unspaced(d) {
                    end += d.len_utf8();
                } else if is_apostrophe(d) {
                    // Inside a word only when a letter follows: "Xi'an", "O'Hare".
                    match char_at(text, end + d.len_utf8()) {
                        Some(n) if n.is_alphanumeric() && !unspaced(n) => {
                            apostrophe = true;
                            end += d.len_utf8();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
        }
        let word_end = if apostrophe {
            at + strip_possessive(&text[at..end]).len()
        } else {
            end
        };
        let previous = tokens.last();
        // What the gap before the word says of it. Most words follow a single space, which
        // links them to the word before and says nothing else.
        let seam = if previous.is_some() && at == gap_start + 1 && bytes[gap_start] == b' ' {
            Seam::SPACE
        } else {
            Seam::of(text, &Gap::of(&text[gap_start..at]), previous, c)
        };
        tokens.push(Token {
            start: at,
            end: word_end,
            case: match ASCII_CLASS[usize::from(b)] {
                UPPER => Case::Upper,
                LOWER => Case::Lower,
                DIGIT => Case::Digit,
                _ => case_of(c),
            },
            all_caps: if plain {
                seen & UPPER != 0 && seen & LOWER == 0
            } else {
                all_caps(&text[at..word_end])
            },
            plain,
            links: seam.links,
            joined: seam.joined,
            sentence_start: seam.sentence_start,
            line_start: seam.line_start,
            after_comma: seam.after_comma,
            after_hyphen: seam.after_hyphen,
            possessive: word_end != end,
            hashtag: seam.hashtag,
        });
        // Whatever follows the word proper (a possessive 's) counts as gap.
        gap_start = word_end;
        at = end;
    }
    tokens
}

/// Classes of ASCII bytes for the tokenizer's fast path, as bits that a word's bytes are
/// or-ed into: not a letter or digit (0), a digit, a capital or a small letter.
const DIGIT: u8 = 1;
const UPPER: u8 = 2;
const LOWER: u8 = 4;
const ASCII_CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 128 {
        class[b] = match b as u8 {
            b'0'..=b'9' => DIGIT,
            b'A'..=b'Z' => UPPER,
            b'a'..=b'z' => LOWER,
            _ => 0,
        };
        b += 1;
    }
    class
};

/// The character at a byte offset on a character boundary, with a fast path for ASCII.
fn char_at(text: &str, at: usize) -> Option<char> {
    match *text.as_bytes().get(at)? {
        b if b.is_ascii() => Some(b as char),
        _ => text[at..].chars().next(),
    }
}

/// Whether every letter of a word is upper case, and one is at least ("UK", "SAMARKAND").
fn all_caps(word: &str) -> bool {
    if word.is_ascii() {
        let b = word.as_bytes();
        return b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase);
    }
    word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase)
}

/// What the gap before a word says of the word: [`Token`]'s fields of the same names.
#[derive(Debug, PartialEq, Eq)]
struct Seam {
    links: bool,
    joined: bool,
    sentence_start: bool,
    line_start: bool,
    after_comma: bool,
    after_hyphen: bool,
    hashtag: bool,
}

impl Seam {
    /// What `gap` says of the word after it, which begins with `c`; `previous` is the word
    /// before the gap, if there is one.
    fn of(text: &str, gap: &Gap, previous: Option<&Token>, c: char) -> Seam {
        // Only a full stop in the gap asks whether the word before is an abbreviation.
        let abbreviation =
            gap.stops > 0 && previous.is_some_and(|p| is_abbreviation(&text[p.start..p.end]));
        Seam {
            links: previous.is_some() && gap.links(abbreviation),
            joined: unspaced(c)
                && gap.empty
                && previous.is_some_and(|p| text[p.start..p.end].chars().all(unspaced)),
            sentence_start: previous.is_none() || gap.ends_sentence(abbreviation),
            line_start: previous.is_none() || gap.newline,
            after_comma: gap.comma,
            after_hyphen: gap.hyphen,
            hashtag: gap.hash,
        }
    }

    /// After one space, past the first word.
    const SPACE: Seam = Seam {
        links: true,
        joined: false,
        sentence_start: false,
        line_start: false,
        after_comma: false,
        after_hyphen: false,
        hashtag: false,
    };
}

/// What lies between two words, read in one pass.
#[derive(Debug, PartialEq, Eq)]
struct Gap {
    empty: bool,
    newline: bool,
    comma: bool,
    hyphen: bool,
    /// Terminal punctuation other than a full stop, or an opening quote.
    terminal: bool,
    /// Full stops.
    stops: u32,
    /// A character other than a space, a hyphen or a full stop.
    other: bool,
    /// The gap ends with a "#": the word is a hashtag's.
    hash: bool,
}

impl Gap {
    /// One space.
    const SPACE: Gap = Gap {
        empty: false,
        newline: false,
        comma: false,
        hyphen: false,
        terminal: false,
        stops: 0,
        other: false,
        hash: false,
    };

    fn of(gap: &str) -> Gap {
        let mut g = Gap {
            empty: gap.is_empty(),
            ..Gap::SPACE
        };
        for c in gap.chars() {
            g.hash = c == '#';
            match c {
                ' ' | '\t' | '\u{a0}' => {}
                '-' | '\u{2010}' | '\u{2011}' => g.hyphen = true,
                '.' => g.stops += 1,
                _ => {
                    g.other = true;
                    match c {
                        '\n' => g.newline = true,
                        ',' => g.comma = true,
                        '!' | '?' | ':' | '\u{201c}' | '"' => g.terminal = true,
                        _ => {}
                    }
                }
            }
        }
        g
    }

    /// Whether a name can run across the gap: spaces (not a line break), a hyphen, or the
    /// full stop of an abbreviation ("St. Louis", "U.S.").
    fn links(&self, after_abbreviation: bool) -> bool {
        self.empty || (!self.other && (self.stops == 0 || (self.stops == 1 && after_abbreviation)))
    }

    /// Whether the gap ends a sentence: terminal punctuation (not an abbreviation's full
    /// stop) or a line break, perhaps with quotes around.
    fn ends_sentence(&self, after_abbreviation: bool) -> bool {
        self.newline || self.terminal || (self.stops > 0 && !after_abbreviation)
    }
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
    fn a_single_space_is_read_as_any_gap_is() {
        assert_eq!(Gap::of(" "), Gap::SPACE);
        // The tokenizer's shortcut for a single space after a word.
        let text = "Samarkand Bukhara";
        let previous = &tokenize(text)[0];
        assert_eq!(
            Seam::of(text, &Gap::of(" "), Some(previous), 'B'),
            Seam::SPACE
        );
    }

    #[test]
    fn hashtags_and_possessives_are_marked() {
        let t = tokenize("#Gaza and # Kyiv, Obama's #prayforferguson");
        let tags: Vec<bool> = t.iter().map(|t| t.hashtag).collect();
        assert_eq!(tags, [true, false, false, false, true]);
        assert!(t[3].possessive && !t[0].possessive);
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
