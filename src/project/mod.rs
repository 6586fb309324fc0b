//! Map projections for placemap: projection kinds and their maths, automatic
//! choice from a geographic extent, the extent itself, and fitting a
//! projection to a pixel canvas.

mod auto;
mod extent;
mod fit;
mod kind;
mod outline;
mod parts;
mod pipeline;
mod projection;
mod window;

#[cfg(test)]
mod props;

pub use crate::geometry::{central_angle_deg, normalize_lon};
pub use auto::{auto_projection, AutoThresholds};
pub use extent::{GeoBbox, GeoExtent};
pub use fit::{Canvas, FitFeatures, MapTransform};
pub use kind::ProjectionKind;
pub use outline::{has_world_outline, world_bbox, WORLD_LATS};
pub use parts::{parts_to_fit, MIN_REACH_KM};
pub use pipeline::{project_geometry, PipelineOptions, ProjectGeometry};
pub use projection::{clip_angle, Projection, ProjectionParams, MERCATOR_MAX_LAT};
pub use window::Window;

/// Everything that can go wrong while building or fitting a projection.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProjectError {
    /// A projection name that is not one of [`ProjectionKind::ALL`].
    #[error("unknown projection kind `{0}` (expected one of: mercator, equal-earth, robinson, orthographic, lambert-conformal-conic, albers, azimuthal-equidistant, stereographic, transverse-mercator, equirectangular)")]
    UnknownKind(String),
    /// A projection parameter that is NaN or infinite.
    #[error("projection parameter {name} is not finite: {value}")]
    NonFiniteParameter {
        /// Which parameter.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// A projection parameter outside its valid range.
    #[error("projection parameter {name} is out of range: {value}")]
    ParameterOutOfRange {
        /// Which parameter.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// proj4rs refused the projection definition.
    #[error("proj4rs rejected projection `{definition}`: {message}")]
    Proj {
        /// The proj string we built.
        definition: String,
        /// proj4rs' own message.
        message: String,
    },
    /// A coordinate that is NaN, infinite or off the globe.
    #[error("invalid coordinate lon {lon}, lat {lat}")]
    InvalidCoordinate {
        /// Longitude in degrees.
        lon: f64,
        /// Latitude in degrees.
        lat: f64,
    },
    /// Nothing was given to build an extent or fit from.
    #[error("no coordinates to build an extent from")]
    EmptyExtent,
    /// A canvas that cannot hold a map after padding.
    #[error("invalid canvas {width}x{height} with padding {padding}")]
    InvalidCanvas {
        /// Canvas width in pixels.
        width: f64,
        /// Canvas height in pixels.
        height: f64,
        /// Padding in pixels.
        padding: f64,
    },
    /// None of the features has a visible image in the projection.
    #[error("none of the features is visible in the {0} projection")]
    NothingVisible(ProjectionKind),
    /// A radius that is not a positive finite number of kilometres.
    #[error("invalid radius {0} km")]
    InvalidRadius(f64),
}
