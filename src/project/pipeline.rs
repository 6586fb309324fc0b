//! The drawing hot path: lon/lat basemap geometry to simplified pixel
//! geometry, in six steps: skip what lies outside the map's lon/lat window
//! and cut the rest at the projection's seam and trim it to the window,
//! densify long lon/lat edges (so straight edges curve in conic and
//! pseudo-cylindrical projections), clip to the visible cap of azimuthal
//! kinds, project to pixels, clip to the frame plus a margin, and simplify.

use geo_types::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};

use super::window::Window;
use crate::geometry::densify_lonlat;
use crate::geometry::GeometryError;
use crate::geometry::{clip_line_to_cap, clip_ring_to_cap, Cap};
use crate::geometry::{clip_line_to_rect, clip_ring_to_rect, Rect};
use crate::geometry::{cut_line_at_meridian, cut_polygon_at_meridian};
use crate::geometry::{simplify_lines_px, simplify_polygons_px};
use crate::project::{Canvas, MapTransform, ProjectionKind};

/// Settings for [`project_geometry`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PipelineOptions {
    /// The visible canvas in pixels.
    pub frame: Canvas,
    /// Extra pixels kept around the frame so clip edges and strokes stay
    /// out of sight.
    pub margin_px: f64,
    /// Longest lon/lat edge (degrees) left undensified before projecting.
    pub densify_deg: f64,
    /// Simplification tolerance in pixels.
    pub tolerance_px: f64,
    /// Rings enclosing fewer square pixels are dropped.
    pub min_area_px: f64,
    /// The lon/lat window of the frame, set by [`PipelineOptions::windowed`]:
    /// geometry outside it is skipped before any costly step.
    pub window: Option<Window>,
}

impl PipelineOptions {
    /// Defaults for a canvas: 8 px margin, 1° densification, 0.5 px
    /// tolerance, rings under 1 px² dropped.
    pub fn for_canvas(frame: Canvas) -> Self {
        PipelineOptions {
            frame,
            margin_px: 8.0,
            densify_deg: 1.0,
            tolerance_px: 0.5,
            min_area_px: 1.0,
            window: None,
        }
    }

    /// The same options with the lon/lat window of the frame (plus margin) under
    /// `t`, where it has one (see [`Window::of`]). Set it once a map, not once a
    /// feature: finding it projects a few hundred points.
    pub fn windowed(mut self, t: &MapTransform) -> Self {
        self.window = self.rect().ok().and_then(|r| Window::of(t, &r));
        self
    }

    /// The window that trims seam-cut pieces (only maps with a seam have pieces in
    /// the longitudes it expects); whether it lies wholly in view, so that trimmed
    /// pieces need no visibility test; and the cap to clip to when they do.
    fn trim(
        &self,
        t: &MapTransform,
    ) -> Result<(Option<&Window>, bool, Option<Cap>), GeometryError> {
        let trim = self
            .window
            .as_ref()
            .filter(|_| t.projection.seam_lon().is_some());
        let visible = trim.is_some_and(|w| w.visible);
        let cap = if visible { None } else { cap_of(t)? };
        Ok((trim, visible, cap))
    }

    fn rect(&self) -> Result<Rect, GeometryError> {
        let f = self.frame;
        if !(self.margin_px.is_finite() && self.margin_px >= 0.0) {
            return Err(GeometryError::InvalidStep(self.margin_px));
        }
        if !(self.densify_deg.is_finite() && self.densify_deg > 0.0) {
            return Err(GeometryError::InvalidStep(self.densify_deg));
        }
        Ok(Rect::new(f.x, f.y, f.x + f.width, f.y + f.height)?.expanded(self.margin_px))
    }
}

/// Geometry that [`project_geometry`] can draw.
pub trait ProjectGeometry {
    /// The pixel-space result.
    type Output;
    /// Runs the pipeline on `self`.
    fn project_with(
        &self,
        t: &MapTransform,
        opts: &PipelineOptions,
    ) -> Result<Self::Output, GeometryError>;
}

/// Projects lon/lat geometry to simplified pixel geometry for `t` (see the
/// module docs for the steps).
pub fn project_geometry<G: ProjectGeometry>(
    t: &MapTransform,
    geometry: &G,
    opts: &PipelineOptions,
) -> Result<G::Output, GeometryError> {
    geometry.project_with(t, opts)
}

/// Kinds whose meridians and parallels are straight lines need no densifying.
fn needs_densify(kind: ProjectionKind) -> bool {
    !matches!(
        kind,
        ProjectionKind::Mercator | ProjectionKind::Equirectangular
    )
}

fn cap_of(t: &MapTransform) -> Result<Option<Cap>, GeometryError> {
    t.projection
        .visible_cap()
        .map(|(c, r)| Cap::new(c, r))
        .transpose()
}

/// Projects lon/lat points to pixels, splitting where a point has no image. With
/// `visible`, the caller knows every point to be visible (see [`Window::visible`]).
fn to_px_runs(
    t: &MapTransform,
    pts: impl Iterator<Item = (f64, f64)>,
    visible: bool,
) -> Vec<Vec<(f64, f64)>> {
    let (lo, hi) = t.projection.lat_limits();
    let pts: Vec<(f64, f64)> = pts.map(|(lon, lat)| (lon, lat.clamp(lo, hi))).collect();
    let px = if visible {
        t.to_px_visible_all(&pts)
    } else {
        pts.iter().map(|&(lon, lat)| t.to_px(lon, lat)).collect()
    };
    let mut runs = vec![Vec::new()];
    for px in px {
        match px {
            Some(p) => {
                if let Some(r) = runs.last_mut() {
                    r.push(p);
                }
            }
            None => {
                if runs.last().is_some_and(|r| !r.is_empty()) {
                    runs.push(Vec::new());
                }
            }
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

fn coords(ring: &LineString<f64>) -> Vec<(f64, f64)> {
    ring.coords().map(|c| (c.x, c.y)).collect()
}

fn ring_of(pts: Vec<(f64, f64)>) -> LineString<f64> {
    LineString::new(pts.into_iter().map(|(x, y)| Coord { x, y }).collect())
}

/// The points of a lon/lat ring or line, densified where the projection curves
/// straight lon/lat edges. Without a seam, nothing was cut, so a step across the
/// antimeridian is taken the short way round rather than round the globe.
fn densified(
    pts: Vec<(f64, f64)>,
    densify: bool,
    seam: Option<f64>,
    step_deg: f64,
) -> Vec<(f64, f64)> {
    if densify {
        densify_lonlat(&pts, step_deg, seam.is_none())
    } else {
        pts
    }
}

/// One lon/lat ring to a clipped pixel ring.
fn ring_to_px(
    t: &MapTransform,
    mut pts: Vec<(f64, f64)>,
    cap: Option<&Cap>,
    rect: &Rect,
    visible: bool,
) -> Result<Option<Vec<(f64, f64)>>, GeometryError> {
    if let Some(cap) = cap {
        match clip_ring_to_cap(&pts, cap)? {
            Some(c) => pts = c,
            None => return Ok(None),
        }
    }
    // A ring is one closed path: points without an image are skipped rather
    // than splitting it (only transverse Mercator's far side does this).
    let px: Vec<(f64, f64)> = to_px_runs(t, pts.into_iter(), visible).concat();
    Ok(clip_ring_to_rect(&px, rect))
}

impl ProjectGeometry for MultiPolygon<f64> {
    type Output = MultiPolygon<f64>;

    fn project_with(
        &self,
        t: &MapTransform,
        opts: &PipelineOptions,
    ) -> Result<MultiPolygon<f64>, GeometryError> {
        let rect = opts.rect()?;
        let seam = t.projection.seam_lon();
        let densify = needs_densify(t.projection.kind());
        let (trim, visible, cap) = opts.trim(t)?;
        let mut out = Vec::new();
        for poly in self {
            if opts.window.is_some_and(|w| !w.meets(poly)) {
                continue;
            }
            let pieces = match seam {
                Some(s) => cut_polygon_at_meridian(poly, s)?,
                None => MultiPolygon::new(vec![poly.clone()]),
            };
            for piece in pieces {
                let piece = match trim {
                    Some(w) => match w.clip_polygon(&piece) {
                        Some(p) => p,
                        None => continue,
                    },
                    None => piece,
                };
                let ring =
                    |l: &LineString<f64>| densified(coords(l), densify, seam, opts.densify_deg);
                let Some(ext) =
                    ring_to_px(t, ring(piece.exterior()), cap.as_ref(), &rect, visible)?
                else {
                    continue;
                };
                let mut holes = Vec::new();
                for h in piece.interiors() {
                    if let Some(h) = ring_to_px(t, ring(h), cap.as_ref(), &rect, visible)? {
                        holes.push(ring_of(h));
                    }
                }
                out.push(Polygon::new(ring_of(ext), holes));
            }
        }
        simplify_polygons_px(&MultiPolygon::new(out), opts.tolerance_px, opts.min_area_px)
    }
}

impl ProjectGeometry for MultiLineString<f64> {
    type Output = MultiLineString<f64>;

    fn project_with(
        &self,
        t: &MapTransform,
        opts: &PipelineOptions,
    ) -> Result<MultiLineString<f64>, GeometryError> {
        let rect = opts.rect()?;
        let seam = t.projection.seam_lon();
        let densify = needs_densify(t.projection.kind());
        let (trim, visible, cap) = opts.trim(t)?;
        let mut out = Vec::new();
        for line in self {
            if opts.window.is_some_and(|w| !w.meets(line)) {
                continue;
            }
            let pts = coords(line);
            let mut pieces = match seam {
                Some(s) => cut_line_at_meridian(&pts, s)?,
                None => vec![pts],
            };
            if let Some(w) = trim {
                pieces = pieces
                    .iter()
                    .map(|p| w.clip_line(p))
                    .collect::<Result<Vec<_>, _>>()?
                    .concat();
            }
            for piece in pieces {
                let piece = densified(piece, densify, seam, opts.densify_deg);
                let parts = match &cap {
                    Some(cap) => clip_line_to_cap(&piece, cap)?,
                    None => vec![piece],
                };
                for part in parts {
                    for run in to_px_runs(t, part.into_iter(), visible) {
                        for c in clip_line_to_rect(&run, &rect)? {
                            out.push(ring_of(c));
                        }
                    }
                }
            }
        }
        simplify_lines_px(&MultiLineString::new(out), opts.tolerance_px)
    }
}

#[cfg(test)]
#[path = "pipeline_tests.rs"]
mod tests;
