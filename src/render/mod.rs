//! Writing a laid-out map: one SVG writer, and PNG and PDF made from that same SVG.
//!
//! Every decision (projection, extent, what goes where, which colour) is made by
//! [`crate::layout`]; this module only writes the [`Layout`] it hands over, element by
//! element, in drawing order.

mod furniture;
mod output;
mod routes;
pub(crate) mod svg;
mod symbols;
mod timeline;
mod write;

use std::time::Instant;

pub use crate::fonts::FONT_FILES;
pub use crate::scene::{Theme, FONT_FAMILY};
pub use output::{svg_to_pdf, svg_to_png, Format, OutputError, PngOptions, MAX_RASTER_SIDE};

pub use crate::layout::RenderOptions;

pub use crate::layout::MapWarning;
use crate::layout::{Layout, LayoutError};
use crate::scene::ResolvedScene;

/// Something that went wrong drawing a map.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The map could not be laid out.
    #[error(transparent)]
    Layout(#[from] LayoutError),
    /// Conversion to PNG or PDF failed.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// A drawn map: the SVG, and the layout it was written from (its warnings, stage timings,
/// projection, frame and placed boxes).
#[derive(Debug, Clone)]
pub struct Map {
    /// The SVG document.
    pub svg: String,
    /// The laid-out map, its timings ending with the SVG writer's.
    pub layout: Layout,
}

impl Map {
    /// Draws `scene` as SVG.
    pub fn build(scene: &ResolvedScene, options: &RenderOptions) -> Result<Map, RenderError> {
        let layout = Layout::new(scene, options)?;
        Map::write(layout)
    }

    /// Writes a laid-out map as SVG.
    pub fn write(mut layout: Layout) -> Result<Map, RenderError> {
        let start = Instant::now();
        let svg = write::write(&layout);
        layout.timings.push(("svg", start.elapsed()));
        Ok(Map { svg, layout })
    }

    /// The map as bytes in `format`.
    pub fn encode(&self, format: Format, png: &PngOptions) -> Result<Vec<u8>, RenderError> {
        Ok(match format {
            Format::Svg => self.svg.clone().into_bytes(),
            Format::Png => svg_to_png(&self.svg, png)?,
            Format::Pdf => svg_to_pdf(&self.svg)?,
        })
    }
}
