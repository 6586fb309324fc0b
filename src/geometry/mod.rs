//! Geometry for drawing maps: great circles, seam (antimeridian) cutting,
//! clipping to the canvas and to the visible cap of azimuthal projections,
//! simplification, the combined projection pipeline, and scale bars.

mod cap;
mod clip;
mod densify;
mod great_circle;
mod polylabel;
mod seam;
mod simplify;
mod sphere;

pub use cap::{clip_line_to_cap, clip_ring_to_cap, Cap, HORIZON_STEP_DEG};
pub use clip::{clip_line_to_rect, clip_polygon_to_rect, clip_ring_to_rect, Rect};
pub use densify::densify_lonlat;
pub(crate) use great_circle::check_point;
pub use great_circle::{distance_km, great_circle, great_circle_route, MAX_POINTS_PER_LEG};
pub use polylabel::pole_of_inaccessibility;
pub use seam::{cut_line_at_meridian, cut_polygon_at_meridian};
pub use simplify::{simplify_lines_px, simplify_polygons_px, simplify_ring_px};
pub use sphere::{central_angle_deg, normalize_lon};

/// Everything that can go wrong in geometry processing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GeometryError {
    /// A coordinate that is NaN, infinite or off the globe.
    #[error("invalid coordinate lon {lon}, lat {lat}")]
    InvalidCoordinate {
        /// Longitude (or x).
        lon: f64,
        /// Latitude (or y).
        lat: f64,
    },
    /// Antipodal endpoints have infinitely many great circles between them.
    #[error("great circle from {a:?} to {b:?} is undefined: the points are antipodal")]
    Antipodal {
        /// Start, lon/lat.
        a: (f64, f64),
        /// End, lon/lat.
        b: (f64, f64),
    },
    /// A segment length, tolerance or size that is not positive and finite.
    #[error("invalid step, tolerance or size {0}")]
    InvalidStep(f64),
}
