//! The bundled fonts (Noto, SIL Open Font License 1.1): the only fonts placemap draws with.

macro_rules! font {
    ($file:literal) => {
        (
            $file,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/", $file)) as &[u8],
        )
    };
}

/// Every bundled font file with its name, main face first (the order `text` relies on).
pub const FONT_FILES: [(&str, &[u8]); 11] = [
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
];
