//! PNG and PDF from the map's SVG, with the bundled fonts only, so the three never differ.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::fonts::{CORE_FONTS, FONT_FILES};

/// The largest raster side in pixels (after scaling).
pub const MAX_RASTER_SIDE: u32 = 20_000;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics: text kept as text, one group per layer.
    Svg,
    /// A raster image rendered from the SVG by resvg.
    Png,
    /// A vector PDF converted from the SVG by svg2pdf, fonts embedded.
    Pdf,
}

impl Format {
    /// The format named by a file's extension (`map.png`), if known.
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        ext.parse().ok()
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "svg" => Ok(Format::Svg),
            "png" => Ok(Format::Png),
            "pdf" => Ok(Format::Pdf),
            _ => Err(format!("unknown format {s:?}; expected svg, png or pdf")),
        }
    }
}

/// Errors turning SVG into PNG or PDF.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The SVG could not be parsed (a bug: placemap writes it).
    #[error("cannot read the map's svg: {0}")]
    Svg(String),
    /// The raster would be too large.
    #[error("a {width} x {height} px image is too large; the limit is {MAX_RASTER_SIDE} px a side (lower --scale or --dpi)")]
    TooLarge {
        /// Width in px.
        width: u32,
        /// Height in px.
        height: u32,
    },
    /// PNG encoding failed.
    #[error("cannot encode png: {0}")]
    Png(String),
    /// PDF conversion failed.
    #[error("cannot convert to pdf: {0}")]
    Pdf(String),
}

/// How to rasterise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PngOptions {
    /// Pixels per SVG pixel (2 for retina).
    pub scale: f64,
    /// Resolution written into the file (pHYs), in dots per inch; default 96 × scale.
    pub dpi: Option<f64>,
}

impl Default for PngOptions {
    fn default() -> Self {
        PngOptions {
            scale: 1.0,
            dpi: None,
        }
    }
}

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        load_fonts(&mut db, &FONT_FILES[..CORE_FONTS]);
        db.set_sans_serif_family("Noto Sans");
        usvg::Options {
            fontdb: Arc::new(db),
            font_family: "Noto Sans".into(),
            font_resolver: usvg::FontResolver {
                select_fallback: Box::new(select_fallback),
                ..usvg::FontResolver::default()
            },
            ..usvg::Options::default()
        }
    })
}

fn load_fonts(db: &mut usvg::fontdb::Database, files: &[(&str, &'static [u8])]) {
    for &(_, bytes) in files {
        // Borrowed from the executable: copying the fonts' megabytes cost 8 ms a PNG.
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(bytes)));
    }
}

/// The face that draws `c` when the text's own face (the first of `used`) lacks it: of the
/// faces not tried yet that have `c`, the one closest in weight, then in slant, then first
/// in [`FONT_FILES`] order (the order `layout::text` measures with). usvg's own choice takes
/// the first face of any weight, which set bold Arabic titles in the regular face.
///
/// Only the first [`CORE_FONTS`] files are loaded up front; the others are added to this
/// drawing's database when no loaded face has `c` in the text's weight, so a map that needs
/// none of them does not pay for them.
fn select_fallback(
    c: char,
    used: &[usvg::fontdb::ID],
    db: &mut Arc<usvg::fontdb::Database>,
) -> Option<usvg::fontdb::ID> {
    let base = db.face(*used.first()?)?;
    let (weight, style) = (base.weight, base.style);
    let best = |db: &usvg::fontdb::Database| {
        db.faces()
            .filter(|f| !used.contains(&f.id) && has_char(db, f.id, c))
            .min_by_key(|f| (f.weight.0.abs_diff(weight.0), f.style != style))
            .map(|f| (f.id, f.weight == weight))
    };
    match best(db) {
        Some((id, true)) => Some(id),
        found if db.len() < FONT_FILES.len() => {
            load_fonts(Arc::make_mut(db), &FONT_FILES[CORE_FONTS..]);
            best(db).map(|(id, _)| id).or(found.map(|(id, _)| id))
        }
        found => found.map(|(id, _)| id),
    }
}

fn has_char(db: &usvg::fontdb::Database, id: usvg::fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        ttf_parser::Face::parse(data, index)
            .ok()
            .and_then(|f| f.glyph_index(c))
            .is_some_and(|g| g.0 != 0)
    }) == Some(true)
}

fn parse(svg: &str) -> Result<usvg::Tree, OutputError> {
    usvg::Tree::from_str(svg, options()).map_err(|e| OutputError::Svg(e.to_string()))
}

/// Renders SVG text to PNG bytes.
pub fn svg_to_png(svg: &str, opts: &PngOptions) -> Result<Vec<u8>, OutputError> {
    let tree = parse(svg)?;
    let size = tree.size();
    let scale = opts.scale as f32;
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    if w == 0 || h == 0 || w > MAX_RASTER_SIDE || h > MAX_RASTER_SIDE || !scale.is_finite() {
        return Err(OutputError::TooLarge {
            width: w,
            height: h,
        });
    }
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(OutputError::TooLarge {
        width: w,
        height: h,
    })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    encode_png(&pixmap, opts.dpi.unwrap_or(96.0 * opts.scale))
}

/// Writes straight-alpha RGBA. Fast compression with the Paeth filter on every row:
/// measured on the example scenes it is several times faster than the default level for
/// files a few percent larger, and the cheaper Up filter saves a few milliseconds at best
/// for files a fifth larger (see docs/performance.md).
fn encode_png(pixmap: &tiny_skia::Pixmap, dpi: f64) -> Result<Vec<u8>, OutputError> {
    let mut data = Vec::with_capacity(pixmap.data().len());
    for p in pixmap.pixels() {
        let c = p.demultiply();
        data.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        enc.set_filter(png::FilterType::Paeth);
        enc.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
        let ppm = (dpi / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut writer = enc
            .write_header()
            .map_err(|e| OutputError::Png(e.to_string()))?;
        writer
            .write_image_data(&data)
            .map_err(|e| OutputError::Png(e.to_string()))?;
    }
    Ok(out)
}

/// Converts SVG text to a vector PDF page (96 px to the inch).
///
/// Text is shaped with the bundled fonts and written as outlines, so the page looks the
/// same in every viewer and printer and needs no embedded font; the SVG keeps it as text
/// for editing.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, OutputError> {
    let shaped = parse(svg)?;
    let outlined = shaped.to_string(&usvg::WriteOptions::default());
    let tree = parse(&outlined)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: 96.0 },
    )
    .map(canonical_resource_order)
    .map_err(|e| OutputError::Pdf(format!("{e:?}")))
}

/// The resource dictionaries whose entries svg2pdf writes in hash-map order.
const RESOURCE_KINDS: [&[u8]; 5] = [
    b"/ExtGState <<\n",
    b"/ColorSpace <<\n",
    b"/Pattern <<\n",
    b"/XObject <<\n",
    b"/Shading <<\n",
];

/// Sorts the entries of each resource dictionary so that the same SVG always gives the same
/// bytes. svg2pdf writes them in hash-map order, which changes from run to run; every entry
/// is a line of its own (`/gs0 6 0 R`), so sorting the lines keeps the length and with it
/// the cross-reference offsets. A block whose lines are not all such entries is left alone.
fn canonical_resource_order(mut pdf: Vec<u8>) -> Vec<u8> {
    for kind in RESOURCE_KINDS {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], kind) {
            let start = from + at + kind.len();
            let Some(len) = find(&pdf[start..], b">>") else {
                break;
            };
            let body = &pdf[start..start + len];
            let mut lines: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
            // The closing `>>` is indented on a line of its own: keep that tail in place.
            let tail = lines.pop().unwrap_or_default();
            if !lines.is_empty() && lines.iter().all(|l| is_reference_entry(l)) {
                lines.sort_unstable();
                let mut sorted = Vec::with_capacity(body.len());
                for l in &lines {
                    sorted.extend_from_slice(l);
                    sorted.push(b'\n');
                }
                sorted.extend_from_slice(tail);
                pdf[start..start + len].copy_from_slice(&sorted);
            }
            from = start + len;
        }
    }
    pdf
}

/// Whether `line` is a dictionary entry `  /name N G R`.
fn is_reference_entry(line: &[u8]) -> bool {
    let text = match std::str::from_utf8(line) {
        Ok(t) => t.trim_start(),
        Err(_) => return false,
    };
    let mut parts = text.split(' ');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()),
        (Some(name), Some(n), Some(g), Some("R"), None)
            if name.len() > 1
                && name.starts_with('/')
                && [n, g].iter().all(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    )
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_fonts_are_loaded_per_drawing_only_when_needed() {
        let svg = |text: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="30">{text}</text></svg>"#
            )
        };
        let faces = |tree: &usvg::Tree| tree.fontdb().len();
        assert_eq!(faces(&parse(&svg("Samarkand")).expect("svg")), CORE_FONTS);
        assert_eq!(
            faces(&parse(&svg("თბილისი")).expect("svg")),
            FONT_FILES.len()
        );
        // The shared database keeps the core faces only.
        assert_eq!(options().fontdb.len(), CORE_FONTS);
    }

    #[test]
    fn resource_entries_are_sorted_in_place() {
        let pdf = b"3 0 obj\n<<\n  /Resources <<\n    /ExtGState <<\n      /gs2 8 0 R\n      /gs0 6 0 R\n      /gs1 7 0 R\n    >>\n  >>\n>>\nendobj\nxref".to_vec();
        let out = canonical_resource_order(pdf.clone());
        assert_eq!(out.len(), pdf.len());
        let text = String::from_utf8(out).expect("ascii");
        let (g0, g1, g2) = (
            text.find("/gs0").expect("gs0"),
            text.find("/gs1").expect("gs1"),
            text.find("/gs2").expect("gs2"),
        );
        assert!(g0 < g1 && g1 < g2, "{text}");
        assert!(text.ends_with("    >>\n  >>\n>>\nendobj\nxref"));
    }

    #[test]
    fn blocks_that_are_not_plain_references_are_left_alone() {
        let pdf =
            b"/ColorSpace <<\n      /cs1 [/ICCBased 5 0 R]\n      /cs0 4 0 R\n    >>".to_vec();
        assert_eq!(canonical_resource_order(pdf.clone()), pdf);
    }
}
