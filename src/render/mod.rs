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

use std::time::{Duration, Instant};

pub use crate::fonts::FONT_FILES;
pub use crate::scene::{Theme, FONT_FAMILY};
pub use output::{svg_to_pdf, svg_to_png, Format, OutputError, PngOptions, MAX_RASTER_SIDE};

pub use crate::layout::RenderOptions;

use crate::basemap::Detail;
pub use crate::layout::MapWarning;
use crate::layout::{Layout, LayoutError};
use crate::project::MapTransform;
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

/// A drawn map: the SVG and what happened on the way.
#[derive(Debug, Clone)]
pub struct Map {
    /// The SVG document.
    pub svg: String,
    /// Labels dropped for lack of room and similar notes, for stderr.
    pub warnings: Vec<MapWarning>,
    /// Time taken by each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The basemap detail drawn.
    pub detail: Detail,
    /// The projection and its fit to the frame.
    pub transform: MapTransform,
    /// Placed label boxes `[x0, y0, x1, y1]` in px, for checks.
    pub label_boxes: Vec<[f64; 4]>,
    /// The map frame `[x0, y0, x1, y1]` in px.
    pub frame: [f64; 4],
    /// Every drawn route polyline in px, for checks.
    pub route_lines: Vec<Vec<(f64, f64)>>,
}

impl Map {
    /// Draws `scene` as SVG.
    pub fn build(scene: &ResolvedScene, options: &RenderOptions) -> Result<Map, RenderError> {
        let layout = Layout::new(scene, options)?;
        Map::write(layout)
    }

    /// Writes a laid-out map as SVG.
    pub fn write(layout: Layout) -> Result<Map, RenderError> {
        let start = Instant::now();
        let svg = write::write(&layout);
        let mut timings = layout.timings;
        timings.push(("svg", start.elapsed()));
        Ok(Map {
            svg,
            warnings: layout.warnings,
            timings,
            detail: layout.detail,
            transform: layout.transform,
            label_boxes: layout.label_boxes,
            frame: layout.frame,
            route_lines: layout.route_lines,
        })
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
