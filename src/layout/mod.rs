//! Laying out a resolved scene: the page, the projection's fit, the basemap in pixels,
//! symbols, routes, labels and furniture. The stage decides; it writes no SVG: that is
//! [`crate::render`]'s job, from the [`Layout`] made here.

mod area_names;
mod clutter;
pub(crate) mod furniture;
pub(crate) mod labels;
pub(crate) mod map;
pub(crate) mod page;
mod place_grid;
mod regions;
pub(crate) mod routes;
mod scale_bar;
pub(crate) mod seas;
pub(crate) mod text;
pub(crate) mod timeline;

pub use map::Layout;
pub use scale_bar::scale_bar_length;

use std::time::{Duration, Instant};

use crate::project::ProjectError;
use crate::scene::ThemeName;

/// How to render, on top of what the scene says.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Theme instead of the scene's. Default: the scene's.
    pub theme: Option<ThemeName>,
}

/// Something that went wrong laying out a map.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LayoutError {
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
}

impl From<text::FontError> for LayoutError {
    fn from(e: text::FontError) -> Self {
        LayoutError::Font(e.to_string())
    }
}

/// Something the map leaves out or cannot show as asked: reported with the output, and an
/// error under `--strict`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MapWarning {
    /// A label has characters that no bundled font covers.
    #[error(
        "label {label:?} ({origin}) has characters no bundled font covers; they show as boxes"
    )]
    MissingGlyphs {
        /// The label.
        label: String,
        /// Where it came from (`markers[2]`).
        origin: String,
    },
    /// A marker's label found no room.
    #[error("label {label:?} ({origin}) dropped: no room beside its marker")]
    LabelDropped {
        /// The label.
        label: String,
        /// Where it came from (`markers[2]`).
        origin: String,
    },
    /// A highlighted country's name found no room on the map.
    #[error("country name {name:?} ({origin}) dropped: no room inside the country")]
    CountryLabelDropped {
        /// The country's name.
        name: String,
        /// Where it came from (`highlight[0]`).
        origin: String,
    },
    /// A highlighted first-level region's name found no room on the map.
    #[error("region name {name:?} ({origin}) dropped: no room inside the region")]
    RegionLabelDropped {
        /// The region's name.
        name: String,
        /// Where it came from (`highlight[0]`).
        origin: String,
    },
    /// A route leg's date found no room.
    #[error("date {date:?} of {route} dropped: no room beside its arrow or along its leg")]
    DateDropped {
        /// The date.
        date: String,
        /// The route (`route "Xi Jinping"`, `routes[2]`).
        route: String,
    },
    /// A stop's date is not an ISO date, so the timeline leaves the stop out.
    #[error("timeline: date {date:?} of stop {stop} of {route} is not an ISO date such as 2022-09-15; the stop is left out")]
    UnreadableDate {
        /// The date as written.
        date: String,
        /// The stop's number on its route, from 1.
        stop: usize,
        /// The route (`route "Xi Jinping"`, `routes[2]`).
        route: String,
    },
    /// The scene asks for a timeline but no route has a date.
    #[error("timeline: no route has an ISO date such as 2022-09-15; the timeline is left out")]
    NoTimelineDates,
    /// A stop name on the timeline found no room.
    #[error("timeline: stop name {stop:?} of {route} dropped: no room beside its dot")]
    StopNameDropped {
        /// The stop's name.
        stop: String,
        /// The route (`route "Xi Jinping"`).
        route: String,
    },
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

impl Layout {
    /// Lays out `scene` in pixels: fits the projection, projects the basemap and places every
    /// symbol, route, label and piece of furniture.
    pub fn new(
        scene: &crate::scene::ResolvedScene,
        options: &RenderOptions,
    ) -> Result<Layout, LayoutError> {
        map::lay_out(scene, options)
    }
}
