//! PNG and PDF from the map's SVG, with the bundled fonts only, so the three never differ.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::fonts::FONT_FILES;

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
        for (_, bytes) in FONT_FILES {
            db.load_font_data(bytes.to_vec());
        }
        db.set_sans_serif_family("Noto Sans");
        usvg::Options {
            fontdb: Arc::new(db),
            font_family: "Noto Sans".into(),
            ..usvg::Options::default()
        }
    })
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

/// Writes straight-alpha RGBA. Fast compression with the adaptive filter: measured on the
/// example scenes it is several times faster than the default level for files a few
/// percent larger (see the README's performance section).
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

/// Converts SVG text to a vector PDF page (96 px to the inch), fonts embedded.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>, OutputError> {
    let tree = parse(svg)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: 96.0 },
    )
    .map_err(|e| OutputError::Pdf(format!("{e:?}")))
}
