//! A configured projection: kind plus parameters, with forward and inverse
//! maths delegated to proj4rs on the unit sphere.

use proj4rs::adaptors::transform_xy;
use proj4rs::Proj;
use serde::{Deserialize, Serialize};

use super::{ProjectError, ProjectionKind};
use crate::geometry::{central_angle_deg, normalize_lon};

/// Mercator's latitude limit, the web-map convention that makes the world square.
pub const MERCATOR_MAX_LAT: f64 = 85.051_128_779_806_6;

/// How far from the centre (degrees of arc) a kind stays drawable.
/// Orthographic shows exactly one hemisphere; stereographic and azimuthal
/// equidistant blow up or fold near the antipode, so they stop short of it as
/// d3 does with `clipAngle`; azimuthal equidistant stops at 120°, where it already
/// stretches shapes threefold, because a polygon round the antipode (Antarctica on a
/// north-polar map) would otherwise wrap round the horizon and fill the map. Conics send the far pole to infinity (conformal)
/// or wrap it round the map (equal-area), so they keep to the near side:
/// they are chosen for regional extents, well inside this angle.
pub fn clip_angle(kind: ProjectionKind) -> Option<f64> {
    match kind {
        ProjectionKind::Orthographic => Some(90.0),
        ProjectionKind::Stereographic => Some(150.0),
        ProjectionKind::AzimuthalEquidistant => Some(120.0),
        ProjectionKind::LambertConformalConic | ProjectionKind::Albers => Some(CONIC_CLIP_ANGLE),
        _ => None,
    }
}

/// See [`clip_angle`].
const CONIC_CLIP_ANGLE: f64 = 100.0;

/// Transverse Mercator is only drawn within this angle (degrees) of its
/// central meridian, where its scale error stays bounded.
const TMERC_MAX_OFFSET_DEG: f64 = 80.0;

/// User-facing projection parameters, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectionParams {
    /// Central meridian: the map is centred on it and cut at `lon0 + 180`.
    pub lon0: f64,
    /// Latitude of origin (centre latitude for azimuthal kinds).
    pub lat0: f64,
    /// Standard parallels for conic kinds.
    pub parallels: (f64, f64),
    /// Clockwise rotation of the projected plane about the centre, like the
    /// third angle of d3's `rotate`.
    pub rotation: f64,
}

impl Default for ProjectionParams {
    fn default() -> Self {
        ProjectionParams {
            lon0: 0.0,
            lat0: 0.0,
            parallels: (30.0, 60.0),
            rotation: 0.0,
        }
    }
}

/// A projection ready to use: maps lon/lat degrees to unit-sphere plane
/// coordinates (y up) and back.
#[derive(Debug, Clone)]
pub struct Projection {
    kind: ProjectionKind,
    params: ProjectionParams,
    geo: Proj,
    proj: Proj,
    rot_cos: f64,
    rot_sin: f64,
}

fn check_finite(name: &'static str, value: f64) -> Result<(), ProjectError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(ProjectError::NonFiniteParameter { name, value })
    }
}

fn check_lat(name: &'static str, value: f64) -> Result<(), ProjectError> {
    check_finite(name, value)?;
    if value.abs() > 90.0 {
        return Err(ProjectError::ParameterOutOfRange { name, value });
    }
    Ok(())
}

impl Projection {
    /// Builds a projection, validating parameters and handing the maths to proj4rs.
    pub fn new(kind: ProjectionKind, params: ProjectionParams) -> Result<Self, ProjectError> {
        check_finite("lon0", params.lon0)?;
        check_lat("lat0", params.lat0)?;
        check_lat("first standard parallel", params.parallels.0)?;
        check_lat("second standard parallel", params.parallels.1)?;
        check_finite("rotation", params.rotation)?;
        let (p1, p2) = params.parallels;
        let conic = matches!(
            kind,
            ProjectionKind::LambertConformalConic | ProjectionKind::Albers
        );
        if conic && (p1 + p2).abs() < 1e-6 {
            // Parallels symmetric about the equator give a cone constant of 0.
            return Err(ProjectError::ParameterOutOfRange {
                name: "standard parallels (symmetric about the equator)",
                value: p1,
            });
        }
        if kind == ProjectionKind::LambertConformalConic && (p1.abs() == 90.0 || p2.abs() == 90.0) {
            return Err(ProjectError::ParameterOutOfRange {
                name: "standard parallel (pole)",
                value: if p1.abs() == 90.0 { p1 } else { p2 },
            });
        }
        // lon0 is applied by us (see `forward`) so proj4rs always sees lon_0=0;
        // that keeps both seam sides (+180 and -180) distinct.
        let lat0 = params.lat0;
        let def = match kind {
            ProjectionKind::Mercator => "+proj=merc +R=1".to_string(),
            ProjectionKind::EqualEarth => "+proj=eqearth +R=1".to_string(),
            ProjectionKind::Robinson => "+proj=robin +R=1".to_string(),
            ProjectionKind::Orthographic => format!("+proj=ortho +R=1 +lat_0={lat0}"),
            ProjectionKind::LambertConformalConic => {
                format!("+proj=lcc +R=1 +lat_0={lat0} +lat_1={p1} +lat_2={p2}")
            }
            ProjectionKind::Albers => {
                format!("+proj=aea +R=1 +lat_0={lat0} +lat_1={p1} +lat_2={p2}")
            }
            ProjectionKind::AzimuthalEquidistant => format!("+proj=aeqd +R=1 +lat_0={lat0}"),
            ProjectionKind::Stereographic => format!("+proj=stere +R=1 +lat_0={lat0}"),
            ProjectionKind::TransverseMercator => {
                format!("+proj=tmerc +R=1 +lat_0={lat0} +k_0=1")
            }
            ProjectionKind::Equirectangular => format!("+proj=eqc +R=1 +lat_0={lat0}"),
        };
        let proj = Proj::from_proj_string(&def).map_err(|e| ProjectError::Proj {
            definition: def.clone(),
            message: e.to_string(),
        })?;
        let geo_def = "+proj=longlat +R=1";
        let geo = Proj::from_proj_string(geo_def).map_err(|e| ProjectError::Proj {
            definition: geo_def.to_string(),
            message: e.to_string(),
        })?;
        let r = params.rotation.to_radians();
        Ok(Projection {
            kind,
            params,
            geo,
            proj,
            rot_cos: r.cos(),
            rot_sin: r.sin(),
        })
    }

    /// Shorthand for a projection centred on `(lon0, lat0)` with default parallels.
    pub fn centred(kind: ProjectionKind, lon0: f64, lat0: f64) -> Result<Self, ProjectError> {
        Projection::new(
            kind,
            ProjectionParams {
                lon0,
                lat0,
                ..ProjectionParams::default()
            },
        )
    }

    /// The projection family.
    pub fn kind(&self) -> ProjectionKind {
        self.kind
    }

    /// The parameters it was built with.
    pub fn params(&self) -> ProjectionParams {
        self.params
    }

    /// The meridian along which the map is cut (`lon0 + 180`, in [-180, 180)),
    /// or `None` for azimuthal kinds, which are bounded by a visible cap instead.
    pub fn seam_lon(&self) -> Option<f64> {
        if self.kind.is_azimuthal() {
            None
        } else {
            Some(normalize_lon(self.params.lon0 + 180.0))
        }
    }

    /// For azimuthal and conic kinds, the visible cap: centre and radius in degrees of arc.
    pub fn visible_cap(&self) -> Option<((f64, f64), f64)> {
        clip_angle(self.kind).map(|r| ((self.params.lon0, self.params.lat0), r))
    }

    /// Latitudes outside this range cannot be projected (Mercator's poles);
    /// geometry is clamped into it before projecting.
    pub fn lat_limits(&self) -> (f64, f64) {
        match self.kind {
            ProjectionKind::Mercator => (-MERCATOR_MAX_LAT, MERCATOR_MAX_LAT),
            _ => (-90.0, 90.0),
        }
    }

    /// True when `(lon, lat)` has a finite, drawable image.
    pub fn is_visible(&self, lon: f64, lat: f64) -> bool {
        if !lon.is_finite() || !lat.is_finite() || lat.abs() > 90.0 {
            return false;
        }
        let (lo, hi) = self.lat_limits();
        if !(lo..=hi).contains(&lat) {
            return false;
        }
        if let Some((centre, radius)) = self.visible_cap() {
            return central_angle_deg(centre, (lon, lat)) <= radius;
        }
        if self.kind == ProjectionKind::TransverseMercator {
            // proj4rs (like PROJ) refuses the hemisphere beyond ±90° of the
            // central meridian.
            let dl = normalize_lon(lon - self.params.lon0);
            let b = lat.to_radians().cos() * dl.to_radians().sin();
            return dl.abs() < 90.0 && b.abs() <= TMERC_MAX_OFFSET_DEG.to_radians().sin();
        }
        true
    }

    /// Projects lon/lat degrees to unit-sphere plane coordinates (y up).
    /// Longitudes are taken relative to `lon0`, so `lon0 + 180` and
    /// `lon0 - 180` land on opposite edges. `None` where not visible.
    pub fn forward(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        if !self.is_visible(lon, lat) {
            return None;
        }
        self.forward_visible(lon, lat)
    }

    /// [`Projection::forward`] for a point the caller knows to be visible (see
    /// [`Projection::is_visible`]): it skips that test, whose spherical trigonometry
    /// costs as much as projecting.
    pub fn forward_visible(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        let rel = self.relative_lon(lon);
        let (x, y) =
            transform_xy(&self.geo, &self.proj, rel.to_radians(), lat.to_radians()).ok()?;
        self.rotated(x, y)
    }

    /// [`Projection::forward_visible`] for many points at once, each answer the same:
    /// proj4rs sets its pipeline up once for all of them rather than once a point. When
    /// any point fails, each is projected on its own, so that only those fail.
    pub fn forward_visible_all(&self, points: &[(f64, f64)]) -> Vec<Option<(f64, f64)>> {
        let mut radians: Vec<(f64, f64, f64)> = points
            .iter()
            .map(|&(lon, lat)| {
                let rel = self.relative_lon(lon);
                (rel.to_radians(), lat.to_radians(), 0.0)
            })
            .collect();
        if proj4rs::transform::transform(&self.geo, &self.proj, radians.as_mut_slice()).is_err() {
            return points
                .iter()
                .map(|&(lon, lat)| self.forward_visible(lon, lat))
                .collect();
        }
        radians
            .into_iter()
            .map(|(x, y, _)| self.rotated(x, y))
            .collect()
    }

    /// A longitude relative to `lon0`, in [-180, 180]; see [`Projection::forward_visible`].
    fn relative_lon(&self, lon: f64) -> f64 {
        let mut rel = lon - self.params.lon0;
        // Keep ±180 (give or take rounding) as given so seam-cut pieces stay
        // on their own side; wrap only genuinely out-of-range longitudes.
        if rel.abs() > 180.0 + 1e-9 {
            rel = normalize_lon(rel);
        }
        rel.clamp(-180.0, 180.0)
    }

    /// proj4rs' plane coordinates turned by the rotation; `None` unless finite.
    fn rotated(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        if !x.is_finite() || !y.is_finite() {
            return None;
        }
        Some((
            x * self.rot_cos + y * self.rot_sin,
            -x * self.rot_sin + y * self.rot_cos,
        ))
    }

    /// Inverse of [`Projection::forward`]: plane coordinates to lon/lat
    /// degrees (lon in [-180, 180)). `None` outside the projection's domain
    /// or where the point would not be visible.
    pub fn inverse(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        if !x.is_finite() || !y.is_finite() {
            return None;
        }
        let (ux, uy) = (
            x * self.rot_cos - y * self.rot_sin,
            x * self.rot_sin + y * self.rot_cos,
        );
        // proj4rs' oblique azimuthal-equidistant inverse answers lam = 0 when
        // an intermediate is exactly zero; every answer is therefore checked
        // against the forward maths and retried once with a 1e-12 nudge.
        for nudge in [0.0, 1e-12 * (1.0 + ux.abs())] {
            if let Some((rel, lat)) = self.raw_inverse(ux + nudge, uy) {
                // Checked before wrapping, so ±180° stay on their own edge.
                let back = self.forward(self.params.lon0 + rel, lat);
                if back.is_some_and(|b| (b.0 - x).hypot(b.1 - y) <= 1e-6 * (1.0 + x.hypot(y))) {
                    return Some((normalize_lon(rel + self.params.lon0), lat));
                }
            }
        }
        None
    }

    /// proj4rs inverse: longitude relative to `lon0`, and latitude, degrees.
    fn raw_inverse(&self, ux: f64, uy: f64) -> Option<(f64, f64)> {
        let (lam, phi) = transform_xy(&self.proj, &self.geo, ux, uy).ok()?;
        if !lam.is_finite() || !phi.is_finite() {
            return None;
        }
        let lat = phi.to_degrees();
        if lat.abs() > 90.0 + 1e-9 {
            return None;
        }
        Some((lam.to_degrees(), lat.clamp(-90.0, 90.0)))
    }
}

#[cfg(test)]
#[path = "projection_tests.rs"]
mod tests;
