//! The bundled fonts (Noto, SIL Open Font License 1.1): the only fonts placemap draws with.

macro_rules! font {
    ($file:literal) => {
        (
            $file,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/", $file)) as &[u8],
        )
    };
}

/// Every bundled font file with its name, main face first (the order `text` relies on, and
/// the order in which a renderer falls back from one face to the next).
///
/// The first [`CORE_FONTS`] files draw Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari and
/// CJK (regular); the rest (bold CJK, Georgian, Armenian, Thai and the symbol faces) are
/// loaded for a drawing only when its text needs them.
pub const FONT_FILES: [(&str, &[u8]); 21] = [
    font!("NotoSans-Regular.ttf"),
    font!("NotoSans-Bold.ttf"),
    font!("NotoSans-Italic.ttf"),
    font!("NotoSans-BoldItalic.ttf"),
    font!("NotoSansArabic-Regular.ttf"),
    font!("NotoSansArabic-Bold.ttf"),
    font!("NotoSansHebrew-Regular.ttf"),
    font!("NotoSansHebrew-Bold.ttf"),
    font!("NotoSansDevanagari-Regular.ttf"),
    font!("NotoSansDevanagari-Bold.ttf"),
    font!("NotoSansCJKsc-Regular-subset.otf"),
    font!("NotoSansCJKsc-Bold-subset.otf"),
    font!("NotoSansGeorgian-Regular.ttf"),
    font!("NotoSansGeorgian-Bold.ttf"),
    font!("NotoSansArmenian-Regular.ttf"),
    font!("NotoSansArmenian-Bold.ttf"),
    font!("NotoSansThai-Regular.ttf"),
    font!("NotoSansThai-Bold.ttf"),
    font!("NotoSansSymbols-Regular.ttf"),
    font!("NotoSansSymbols-Bold.ttf"),
    font!("NotoSansSymbols2-Regular.ttf"),
];

/// How many of [`FONT_FILES`], from the first, every drawing loads.
pub const CORE_FONTS: usize = 11;
