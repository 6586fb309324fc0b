//! Drawing a resolved scene: projection, basemap, highlights, routes, markers, labels and
//! furniture, written as one SVG; PNG and PDF are made from that same SVG.
//!
//! The stages follow the data: `layout` splits the page into header, map frame and
//! footer; [`Map::build`] chooses the projection and extent, draws each layer into its own
//! group and places every label with the label placer (`labels`), so no two collide.

mod draw;
mod fonts;
mod furniture;
mod labels;
mod layout;
mod output;
mod place_grid;
mod routes;
mod seas;
mod svg;
mod text;
mod theme;
mod timeline;

use std::time::{Duration, Instant};

pub use fonts::FONT_FILES;
pub use output::{svg_to_pdf, svg_to_png, Format, OutputError, PngOptions, MAX_RASTER_SIDE};
pub use theme::{Theme, FONT_FAMILY};

use crate::basemap::Detail;
use crate::project::{MapTransform, ProjectError};
use crate::scene::{ResolvedScene, ThemeName};

/// How to render, on top of what the scene says.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Theme instead of the scene's.
    pub theme: Option<ThemeName>,
    /// Canvas width instead of the scene's.
    pub width: Option<u32>,
    /// Canvas height instead of the scene's.
    pub height: Option<u32>,
}

/// Something that went wrong drawing a map.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No projection could show the scene.
    #[error("cannot project the map: {0}")]
    Project(#[from] ProjectError),
    /// Bad geometry (NaN coordinates, antipodal route legs…).
    #[error("cannot draw {what}: {message}")]
    Geometry {
        /// Which feature.
        what: String,
        /// Why.
        message: String,
    },
    /// The basemap could not be read (a bug: it is embedded).
    #[error("basemap: {0}")]
    Basemap(#[from] crate::basemap::BasemapError),
    /// The canvas is too small or too large.
    #[error("{0}")]
    Canvas(String),
    /// A bundled font could not be read (a bug: they are embedded and tested).
    #[error("bundled font: {0}")]
    Font(String),
    /// Conversion to PNG or PDF failed.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl From<text::FontError> for RenderError {
    fn from(e: text::FontError) -> Self {
        RenderError::Font(e.to_string())
    }
}

/// A drawn map: the SVG and what happened on the way.
#[derive(Debug, Clone)]
pub struct Map {
    /// The SVG document.
    pub svg: String,
    /// Labels dropped for lack of room and similar notes, for stderr.
    pub warnings: Vec<String>,
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

/// Records stage durations.
#[derive(Debug)]
pub(crate) struct Stopwatch {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    pub(crate) fn new() -> Stopwatch {
        Stopwatch {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }

    /// Adds a stage timed elsewhere (on another thread), without starting a new lap.
    pub(crate) fn record(&mut self, stage: &'static str, took: Duration) {
        self.stages.push((stage, took));
    }

    pub(crate) fn finish(self) -> Vec<(&'static str, Duration)> {
        self.stages
    }
}

impl Map {
    /// Draws `scene` as SVG.
    pub fn build(scene: &ResolvedScene, options: &RenderOptions) -> Result<Map, RenderError> {
        draw::build(scene, options)
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
