//! Measuring label text with the bundled Noto fonts.
//!
//! Layout needs each label's size before it can place it, and the size must match what the SVG
//! renderer (resvg/usvg with fontdb) will draw. The renderer is given
//! [`crate::scene::FONT_FAMILY`] and only the bundled fonts, so a character missing from Noto
//! Sans is drawn from a fallback face that has it: the first in [`FILES`] order of the text's
//! weight (and slant, where the face has one), as `render::output` picks them.
//! [`Fonts::measure`] follows the same chain, adding nominal advance widths. It does not shape:
//! kerning, ligatures and the contextual forms of Arabic and Devanagari are ignored, so widths
//! are close to, not equal to, the rendered ones.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock, PoisonError};

use ttf_parser::{Face, FaceParsingError, GlyphId};

use crate::fonts::FONT_FILES as FILES;

const SANS: usize = 0;
const ARABIC: usize = 4;
const HEBREW: usize = 6;
const DEVANAGARI: usize = 8;
const CJK: usize = 10;
const CJK_BOLD: usize = 11;
const GEORGIAN: usize = 12;
const ARMENIAN: usize = 14;
const THAI: usize = 16;
const SYMBOLS: usize = 18;
const SYMBOLS2: usize = 20;

/// The weight of a label's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    /// Normal weight (400).
    #[default]
    Regular,
    /// Bold weight (700).
    Bold,
}

/// The slant of a label's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slant {
    /// Upright text.
    #[default]
    Upright,
    /// Italic text (used for water names).
    Italic,
}

/// How a label's text is set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    /// Font size in px. Default: `14.0`.
    pub size: f64,
    /// Weight. Default: [`Weight::Regular`].
    pub weight: Weight,
    /// Slant. Default: [`Slant::Upright`].
    pub slant: Slant,
    /// Extra space between characters in px, as SVG `letter-spacing`. Default: `0.0`.
    pub letter_spacing: f64,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle {
            size: 14.0,
            weight: Weight::Regular,
            slant: Slant::Upright,
            letter_spacing: 0.0,
        }
    }
}

/// The size of one line of text, in px.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TextMetrics {
    /// Advance width of the line, letter spacing included.
    pub width: f64,
    /// Height above the baseline: the largest ascender of the faces used.
    pub ascent: f64,
    /// Depth below the baseline, positive: the largest descender of the faces used.
    pub descent: f64,
}

impl TextMetrics {
    /// Line height, `ascent + descent`: the height of the line's box.
    pub fn height(&self) -> f64 {
        self.ascent + self.descent
    }
}

/// A bundled font file that could not be parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FontError {
    /// The font's file name in `assets/fonts/`.
    pub file: &'static str,
    /// What the parser found wrong.
    pub reason: FaceParsingError,
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot parse bundled font {}: {}; restore assets/fonts/ with assets/fonts/derive.py",
            self.file, self.reason
        )
    }
}

impl std::error::Error for FontError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.reason)
    }
}

/// The bundled faces, parsed once, and the fallback chain through them.
pub struct Fonts {
    faces: Vec<Face<'static>>,
    /// Advance width in font units of each (face, character) looked up so far, `None` when the
    /// face has no glyph: ttf-parser's cmap look-up is slow in unoptimised builds, and labels
    /// reuse few characters. Only ever read by key, so its order reaches no output.
    advances: Mutex<HashMap<(usize, char), Option<u16>>>,
}

type Advances = HashMap<(usize, char), Option<u16>>;

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts")
            .field("faces", &self.faces.len())
            .finish()
    }
}

impl Fonts {
    /// The bundled fonts, parsed on first use and shared afterwards.
    pub fn embedded() -> Result<&'static Fonts, FontError> {
        static FONTS: OnceLock<Result<Fonts, FontError>> = OnceLock::new();
        FONTS.get_or_init(Fonts::parse).as_ref().map_err(|e| *e)
    }

    fn parse() -> Result<Fonts, FontError> {
        let faces = FILES
            .iter()
            .map(|&(file, data)| Face::parse(data, 0).map_err(|reason| FontError { file, reason }))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Fonts {
            faces,
            advances: Mutex::new(HashMap::new()),
        })
    }

    /// Faces in fallback order for a style: Noto Sans in the style, then the script and
    /// symbol faces in the weight, as the renderer's fallback picks them
    /// (`render::output`). Faces without an italic stay upright; Symbols 2 has only a
    /// regular weight.
    fn chain(style: &TextStyle) -> [usize; 10] {
        let bold = style.weight == Weight::Bold;
        let b = usize::from(bold);
        let italic = usize::from(style.slant == Slant::Italic);
        [
            SANS + b + 2 * italic,
            ARABIC + b,
            HEBREW + b,
            DEVANAGARI + b,
            if bold { CJK_BOLD } else { CJK },
            GEORGIAN + b,
            ARMENIAN + b,
            THAI + b,
            SYMBOLS + b,
            SYMBOLS2,
        ]
    }

    /// The advance of `c` in font units in face `face`, or `None` if the face lacks it.
    fn units(&self, cache: &mut Advances, face: usize, c: char) -> Option<u16> {
        *cache.entry((face, c)).or_insert_with(|| {
            let f = &self.faces[face];
            f.glyph_index(c)
                .filter(|g| g.0 != 0)
                .map(|g| f.glyph_hor_advance(g).unwrap_or(0))
        })
    }

    /// The first face in `chain` that has `c`, with the advance in font units.
    fn find(&self, cache: &mut Advances, chain: &[usize], c: char) -> Option<(usize, u16)> {
        chain
            .iter()
            .find_map(|&i| self.units(cache, i, c).map(|u| (i, u)))
    }

    /// Font units of `face` in px at `size`.
    fn px(&self, face: usize, units: u16, size: f64) -> f64 {
        f64::from(units) * size / f64::from(self.faces[face].units_per_em().max(1))
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Advances> {
        // The cache is valid whatever a panicking holder left in it.
        self.advances.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Measures one line of `text` set in `style`.
    ///
    /// Characters no face has are measured as the tofu box the renderer would draw. Letter
    /// spacing goes between characters, not after the last one, and not after cursive or
    /// Indic characters, as resvg does; a zero-width mark stays with its base.
    pub fn measure(&self, text: &str, style: &TextStyle) -> TextMetrics {
        let chain = Fonts::chain(style);
        let primary = chain[0];
        let mut used = [false; FILES.len()];
        used[primary] = true;
        let mut width = 0.0;
        // Whether the character cluster in progress takes letter spacing after it.
        let mut open: Option<bool> = None;
        let mut spaced = 0usize;
        let mut cache = self.cache();
        for c in text.chars() {
            let advance = if c.is_control() {
                0.0
            } else if let Some((face, units)) = self.find(&mut cache, &chain, c) {
                used[face] = true;
                self.px(face, units, style.size)
            } else if is_default_ignorable(c) {
                0.0
            } else if c.is_whitespace() {
                self.find(&mut cache, &chain, ' ')
                    .map_or(0.0, |(face, units)| self.px(face, units, style.size))
            } else {
                let tofu = self.faces[primary].glyph_hor_advance(GlyphId(0));
                self.px(primary, tofu.unwrap_or(0), style.size)
            };
            if advance != 0.0 || open.is_none() {
                if open == Some(true) {
                    spaced += 1;
                }
                open = Some(takes_letter_spacing(c));
            }
            width += advance;
        }
        if style.letter_spacing != 0.0 {
            width += spaced as f64 * style.letter_spacing;
        }
        let (mut ascent, mut descent) = (0.0f64, 0.0f64);
        for (_, face) in used.iter().zip(&self.faces).filter(|(u, _)| **u) {
            let scale = style.size / f64::from(face.units_per_em().max(1));
            ascent = ascent.max(f64::from(face.ascender()) * scale);
            descent = descent.max(-f64::from(face.descender()) * scale);
        }
        TextMetrics {
            width,
            ascent,
            descent,
        }
    }

    /// Whether every visible character of `text` has a glyph in some bundled face, that is,
    /// whether the text renders without tofu boxes. Spaces, controls and invisible format
    /// characters are not checked.
    pub fn has_glyphs(&self, text: &str) -> bool {
        let mut cache = self.cache();
        text.chars().all(|c| {
            c.is_whitespace()
                || c.is_control()
                || is_default_ignorable(c)
                || (0..self.faces.len()).any(|i| self.units(&mut cache, i, c).is_some())
        })
    }

    /// Breaks `text` at spaces into as few lines as fit `max_width` px, balancing their widths
    /// so that no line is longer than it needs to be. A word wider than `max_width` gets a line
    /// of its own; words are never split. Runs of spaces collapse to one.
    pub fn wrap(&self, text: &str, style: &TextStyle, max_width: f64) -> Vec<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let n = words.len();
        // best[j]: (lines, widest line, start of the last line) for the first j words.
        let mut best: Vec<Option<(usize, f64, usize)>> = vec![None; n + 1];
        best[0] = Some((0, 0.0, 0));
        for j in 1..=n {
            for i in (0..j).rev() {
                let Some((lines, widest, _)) = best[i] else {
                    continue;
                };
                let width = self.measure(&words[i..j].join(" "), style).width;
                if width > max_width && j - i > 1 {
                    break;
                }
                let candidate = (lines + 1, widest.max(width), i);
                let better = best[j].is_none_or(|(l, w, _)| {
                    (candidate.0, candidate.1).partial_cmp(&(l, w))
                        == Some(std::cmp::Ordering::Less)
                });
                if better {
                    best[j] = Some(candidate);
                }
            }
        }
        let mut lines = Vec::new();
        let mut end = n;
        while end > 0 {
            let start = best[end].map_or(0, |(_, _, s)| s);
            lines.push(words[start..end].join(" "));
            end = start;
        }
        lines.reverse();
        lines
    }
}

/// Whether `text` reads right to left: whether its first letter is Hebrew, Arabic or of
/// another right-to-left script (Unicode's first strong character rule).
pub fn is_right_to_left(text: &str) -> bool {
    text.chars().find(|c| c.is_alphabetic()).is_some_and(|c| {
        matches!(u32::from(c),
            0x0590..=0x08FF      // Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic
            | 0xFB1D..=0xFDFF    // Hebrew and Arabic presentation forms
            | 0xFE70..=0xFEFF
            | 0x10800..=0x10FFF  // historic right-to-left scripts
            | 0x1E800..=0x1EFFF
        )
    })
}

/// `text` with each run of an Indic script that shares the text with letters of other
/// scripts wrapped in Unicode isolates (LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE).
///
/// resvg shapes each bidirectional run of a text as one buffer, whose script is guessed
/// from its first letter: in `New Delhi नई दिल्ली` the Devanagari would be shaped by the
/// Latin shaper, its vowel signs left in logical order and its conjuncts broken. An isolate
/// is a run of its own, shaped as Devanagari. The isolates are invisible, take no width
/// (as [`Fonts::measure`] counts them) and keep the text's meaning; a text in one script
/// only is returned unchanged.
pub fn isolate_indic_runs(text: &str) -> std::borrow::Cow<'_, str> {
    let indic = |c: char| matches!(u32::from(c), 0x0900..=0x0DFF | 0xA8E0..=0xA8FF);
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut other_letters = false;
    for (i, c) in text.char_indices() {
        if indic(c) {
            let end = i + c.len_utf8();
            match runs.last_mut() {
                // Only spaces, digits and punctuation since the last run: the same run.
                Some(last) if !text[last.1..i].chars().any(char::is_alphabetic) => last.1 = end,
                _ => runs.push((i, end)),
            }
        } else if c.is_alphabetic() {
            other_letters = true;
        }
    }
    if runs.is_empty() || !other_letters {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + runs.len() * 6);
    let mut at = 0;
    for (start, end) in runs {
        out.push_str(&text[at..start]);
        out.push('\u{2066}');
        out.push_str(&text[start..end]);
        out.push('\u{2069}');
        at = end;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

/// Whether resvg adds letter spacing after a character of this script: not for cursive
/// scripts (Arabic, Syriac, N'Ko, Mongolian) nor Devanagari and its neighbours, whose
/// letters join (CSS Text 3, "cursive tracking").
fn takes_letter_spacing(c: char) -> bool {
    !matches!(u32::from(c),
        0x0600..=0x08FF      // Arabic, Syriac, Arabic Supplement, Thaana, N'Ko, Arabic Ext-A/B
        | 0x0900..=0x0A7F    // Devanagari, Bengali, Gurmukhi
        | 0x1800..=0x18AF    // Mongolian
        | 0xA840..=0xA87F    // Phags-pa
        | 0xA8E0..=0xA8FF    // Devanagari Extended
        | 0xFB50..=0xFDFF    // Arabic Presentation Forms-A
        | 0xFE70..=0xFEFF    // Arabic Presentation Forms-B
    )
}

/// Invisible format characters that take no space when no font has them.
fn is_default_ignorable(c: char) -> bool {
    matches!(u32::from(c),
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5
        | 0x180B..=0x180F
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x206F
        | 0x3164
        | 0xFE00..=0xFE0F
        | 0xFEFF
        | 0xFFA0
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0000..=0xE0FFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static Fonts {
        Fonts::embedded().expect("bundled fonts parse")
    }

    fn style(size: f64) -> TextStyle {
        TextStyle {
            size,
            ..TextStyle::default()
        }
    }

    #[test]
    fn every_bundled_face_parses() {
        assert_eq!(fonts().faces.len(), FILES.len());
    }

    #[test]
    fn samarkand_has_a_plausible_width() {
        let m = fonts().measure("Samarkand", &style(17.0));
        assert!(m.width > 60.0 && m.width < 110.0, "width {}", m.width);
        assert!(m.ascent > 12.0 && m.ascent < 22.0, "ascent {}", m.ascent);
        assert!(m.descent > 2.0 && m.descent < 8.0, "descent {}", m.descent);
        assert!((m.height() - m.ascent - m.descent).abs() < 1e-12);
    }

    #[test]
    fn width_scales_with_size() {
        let a = fonts().measure("Tashkent", &style(10.0)).width;
        let b = fonts().measure("Tashkent", &style(20.0)).width;
        assert!((b - 2.0 * a).abs() < 1e-9);
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let regular = fonts().measure("Samarkand", &style(17.0));
        let bold = fonts().measure(
            "Samarkand",
            &TextStyle {
                weight: Weight::Bold,
                ..style(17.0)
            },
        );
        assert!(bold.width > regular.width);
    }

    #[test]
    fn italic_uses_the_italic_face() {
        let upright = fonts().measure("Caspian Sea", &style(15.0)).width;
        let italic = fonts()
            .measure(
                "Caspian Sea",
                &TextStyle {
                    slant: Slant::Italic,
                    ..style(15.0)
                },
            )
            .width;
        assert!(italic > 0.0 && italic != upright);
    }

    #[test]
    fn letter_spacing_goes_between_characters() {
        let text = "KAZAKHSTAN";
        let plain = fonts().measure(text, &style(12.0)).width;
        let spaced = fonts()
            .measure(
                text,
                &TextStyle {
                    letter_spacing: 2.5,
                    ..style(12.0)
                },
            )
            .width;
        let n = text.chars().count() as f64;
        assert!((spaced - plain - (n - 1.0) * 2.5).abs() < 1e-9);
    }

    #[test]
    fn letter_spacing_skips_cursive_scripts() {
        let spaced = TextStyle {
            letter_spacing: 3.0,
            ..style(14.0)
        };
        for text in ["سمرقند", "समरकंद"] {
            let plain = fonts().measure(text, &style(14.0)).width;
            assert_eq!(fonts().measure(text, &spaced).width, plain, "{text}");
        }
    }

    #[test]
    fn empty_text_has_the_primary_line_height() {
        let m = fonts().measure("", &style(14.0));
        assert_eq!(m.width, 0.0);
        assert!(m.height() > 14.0);
    }

    #[test]
    fn other_scripts_have_glyphs_and_width() {
        for text in [
            "Самарканд",
            "Σαμαρκάνδη",
            "سمرقند",
            "סמרקנד",
            "समरकंद",
            "撒马尔罕",
            "サマルカンド 東京",
            "사마르칸트",
            "Nur-Sultan (Астана)",
        ] {
            assert!(fonts().has_glyphs(text), "{text} has tofu");
            let m = fonts().measure(text, &style(17.0));
            assert!(m.width > 17.0, "{text}: width {}", m.width);
        }
    }

    #[test]
    fn georgian_armenian_thai_and_symbols_have_glyphs() {
        for text in [
            "თბილისი",
            "Երևան",
            "กรุงเทพมหานคร",
            "Tbilisi → Yerevan ← ★ ✈ −5 °C",
        ] {
            assert!(fonts().has_glyphs(text), "{text} has tofu");
            for weight in [Weight::Regular, Weight::Bold] {
                let bold = TextStyle {
                    weight,
                    ..style(17.0)
                };
                let width = fonts().measure(text, &bold).width;
                assert!(width > 17.0, "{text}: width {width}");
            }
        }
    }

    #[test]
    fn bold_text_falls_back_to_bold_faces() {
        let bold = TextStyle {
            weight: Weight::Bold,
            ..style(14.0)
        };
        assert_eq!(Fonts::chain(&bold)[4], CJK_BOLD);
        assert!(Fonts::chain(&bold)[1..9].iter().all(|&i| i % 2 == 1));
        // Only Symbols 2 lacks a bold face.
        assert_eq!(Fonts::chain(&bold)[9], SYMBOLS2);
    }

    #[test]
    fn indic_runs_among_other_letters_are_isolated() {
        assert_eq!(
            isolate_indic_runs("New Delhi नई दिल्ली"),
            "New Delhi \u{2066}नई दिल्ली\u{2069}"
        );
        assert_eq!(
            isolate_indic_runs("दिल्ली (Delhi) मुंबई"),
            "\u{2066}दिल्ली\u{2069} (Delhi) \u{2066}मुंबई\u{2069}"
        );
        for same in ["दिल्ली", "नई दिल्ली 2024", "Samarkand", ""] {
            assert!(matches!(
                isolate_indic_runs(same),
                std::borrow::Cow::Borrowed(_)
            ));
        }
        // Isolates take no width.
        let s = style(14.0);
        let isolated = isolate_indic_runs("Delhi दिल्ली");
        assert_eq!(
            fonts().measure(&isolated, &s).width,
            fonts().measure("Delhi दिल्ली", &s).width
        );
    }

    #[test]
    fn right_to_left_follows_the_first_letter() {
        assert!(is_right_to_left("القاهرة والإسكندرية"));
        assert!(is_right_to_left("«ירושלים» 2024"));
        assert!(!is_right_to_left("Cairo القاهرة"));
        assert!(!is_right_to_left("2024 Samarkand"));
        assert!(!is_right_to_left(""));
    }

    #[test]
    fn fallback_faces_raise_the_line_height_when_used() {
        let latin = fonts().measure("Delhi", &style(14.0));
        let hindi = fonts().measure("दिल्ली", &style(14.0));
        assert!(hindi.height() >= latin.height());
    }

    #[test]
    fn private_use_characters_have_no_glyph() {
        assert!(!fonts().has_glyphs("\u{E000}"));
        assert!(!fonts().has_glyphs("Samarkand \u{F8FF}"));
        // Tofu still takes room.
        assert!(fonts().measure("\u{E000}", &style(14.0)).width > 0.0);
    }

    #[test]
    fn invisible_characters_are_not_tofu() {
        assert!(fonts().has_glyphs("a\u{200D}b\u{FE0F} c\n"));
        let plain = fonts().measure("ab", &style(14.0)).width;
        assert_eq!(fonts().measure("a\u{200B}b", &style(14.0)).width, plain);
    }

    #[test]
    fn wrap_breaks_at_spaces_when_too_wide() {
        let s = TextStyle {
            slant: Slant::Italic,
            ..style(15.0)
        };
        let one_line = fonts().measure("Caspian Sea", &s).width;
        assert_eq!(
            fonts().wrap("Caspian Sea", &s, one_line + 1.0),
            ["Caspian Sea"]
        );
        assert_eq!(
            fonts().wrap("Caspian  Sea", &s, one_line - 1.0),
            ["Caspian", "Sea"]
        );
        assert!(fonts().wrap("  ", &s, 100.0).is_empty());
    }

    #[test]
    fn wrap_keeps_long_words_whole_and_balances_lines() {
        let s = style(14.0);
        assert_eq!(fonts().wrap("Mediterranean", &s, 10.0), ["Mediterranean"]);
        let text = "Sea of the Hebrides and More";
        // Greedy filling would leave "More" alone on the second line.
        let full = fonts().measure(text, &s).width;
        let lines = fonts().wrap(text, &s, full * 0.9);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines.join(" "), text);
        // Balanced: the widest line is as narrow as any two-line split allows.
        let words: Vec<&str> = text.split(' ').collect();
        let widest = |k: usize| {
            let a = fonts().measure(&words[..k].join(" "), &s).width;
            let b = fonts().measure(&words[k..].join(" "), &s).width;
            a.max(b)
        };
        let optimum = (1..words.len()).map(widest).fold(f64::INFINITY, f64::min);
        let got = lines
            .iter()
            .map(|l| fonts().measure(l, &s).width)
            .fold(0.0, f64::max);
        assert_eq!(got, optimum);
    }
}
