//! Fitting a projection to a pixel canvas, like d3-geo's `fitExtent`.

use geo::{Destination, Haversine, Point};
use geo_types::Polygon;

use super::{GeoBbox, ProjectError, Projection};
use crate::geometry::{densify_lonlat, great_circle_route};

/// Spacing of great-circle samples when measuring lines for fitting.
const LINE_STEP_KM: f64 = 50.0;
/// Spacing (degrees) of samples along polygon and bbox edges when fitting,
/// so edges that curve in the projection are measured by their bulge.
const EDGE_STEP_DEG: f64 = 1.0;
/// A lone point is fitted as a circle of this radius around it: a regional context
/// (its neighbouring cities, a coast or a border), not a few streets of nothing.
pub const DEFAULT_POINT_RADIUS_KM: f64 = 250.0;

/// A pixel rectangle: origin at top-left, y down (SVG convention).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Canvas {
    /// Left edge, px.
    pub x: f64,
    /// Top edge, px.
    pub y: f64,
    /// Width, px.
    pub width: f64,
    /// Height, px.
    pub height: f64,
}

impl Canvas {
    /// A canvas at the origin of the given size.
    pub fn sized(width: f64, height: f64) -> Self {
        Canvas {
            x: 0.0,
            y: 0.0,
            width,
            height,
        }
    }
}

/// Geographic features that must all be visible on the fitted map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FitFeatures {
    /// Places, lon/lat degrees.
    pub points: Vec<(f64, f64)>,
    /// Routes whose legs are great-circle arcs.
    pub lines: Vec<Vec<(f64, f64)>>,
    /// Areas (e.g. highlighted countries), lon/lat degrees.
    pub polygons: Vec<Polygon<f64>>,
}

/// A projection plus the affine map from its plane to canvas pixels
/// (`px = x * scale + tx`, `py = ty - y * scale`).
#[derive(Debug, Clone)]
pub struct MapTransform {
    /// The projection.
    pub projection: Projection,
    /// Pixels per unit-sphere plane unit.
    pub scale: f64,
    /// Pixel x of the plane origin.
    pub tx: f64,
    /// Pixel y of the plane origin.
    pub ty: f64,
}

impl MapTransform {
    /// Lon/lat degrees to canvas pixels; `None` where not visible.
    pub fn to_px(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        self.projection
            .forward(lon, lat)
            .map(|p| self.plane_to_px(p))
    }

    /// [`MapTransform::to_px`] for a point known to be visible; see
    /// [`Projection::forward_visible`].
    pub fn to_px_visible(&self, lon: f64, lat: f64) -> Option<(f64, f64)> {
        self.projection
            .forward_visible(lon, lat)
            .map(|p| self.plane_to_px(p))
    }

    /// [`MapTransform::to_px_visible`] for many points at once; see
    /// [`Projection::forward_visible_all`].
    pub fn to_px_visible_all(&self, points: &[(f64, f64)]) -> Vec<Option<(f64, f64)>> {
        let mut px = self.projection.forward_visible_all(points);
        for p in px.iter_mut().flatten() {
            *p = self.plane_to_px(*p);
        }
        px
    }

    /// Plane coordinates to canvas pixels.
    fn plane_to_px(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (x * self.scale + self.tx, self.ty - y * self.scale)
    }

    /// Canvas pixels to lon/lat degrees; `None` off the projection's domain.
    pub fn from_px(&self, px: f64, py: f64) -> Option<(f64, f64)> {
        if !(px.is_finite() && py.is_finite()) {
            return None;
        }
        self.projection
            .inverse((px - self.tx) / self.scale, (self.ty - py) / self.scale)
    }

    /// Fits `features` inside `canvas` less `padding` px on each side,
    /// preserving aspect ratio and centring the features' projected bounds.
    pub fn fit(
        projection: Projection,
        features: &FitFeatures,
        canvas: Canvas,
        padding: f64,
    ) -> Result<Self, ProjectError> {
        check_canvas(canvas, padding)?;
        let mut b = Bounds::default();
        for &(lon, lat) in &features.points {
            check(lon, lat)?;
            b.add(&projection, lon, lat);
        }
        for line in &features.lines {
            for &(lon, lat) in line {
                check(lon, lat)?;
            }
            // Antipodal legs have no defined path; their ends still count.
            let pts = great_circle_route(line, LINE_STEP_KM).unwrap_or_else(|_| line.clone());
            for (lon, lat) in pts {
                b.add(&projection, lon, lat);
            }
        }
        for poly in &features.polygons {
            for c in poly.exterior().coords() {
                check(c.x, c.y)?;
            }
            // The exterior bounds the polygon; holes cannot widen it. Its edges are
            // taken the short way round: a step across the antimeridian (Chukotka's,
            // Fiji's) is not a parallel round the globe.
            let ring: Vec<(f64, f64)> = poly.exterior().coords().map(|c| (c.x, c.y)).collect();
            for (lon, lat) in densify_lonlat(&ring, EDGE_STEP_DEG, true) {
                b.add(&projection, lon, lat);
            }
        }
        let Some((x0, y0, x1, y1)) = b.rect else {
            return Err(ProjectError::NothingVisible(projection.kind()));
        };
        if x1 - x0 < 1e-12 && y1 - y0 < 1e-12 {
            let centre = b.first.unwrap_or((0.0, 0.0));
            return Self::fit_radius(projection, centre, DEFAULT_POINT_RADIUS_KM, canvas, padding);
        }
        Ok(Self::fit_plane_rect(
            projection,
            (x0, y0, x1, y1),
            canvas,
            padding,
        ))
    }

    /// Fits a lon/lat box (edges sampled every degree so curved edges count).
    pub fn fit_bbox(
        projection: Projection,
        bbox: &GeoBbox,
        canvas: Canvas,
        padding: f64,
    ) -> Result<Self, ProjectError> {
        check(bbox.west, bbox.south)?;
        check(bbox.east, bbox.north)?;
        let mut east = bbox.east;
        if east <= bbox.west {
            east += 360.0;
        }
        let n_lon = (((east - bbox.west) / EDGE_STEP_DEG).ceil() as usize).max(1);
        let n_lat = (((bbox.north - bbox.south).abs() / EDGE_STEP_DEG).ceil() as usize).max(1);
        let mut points = Vec::with_capacity(2 * (n_lon + n_lat + 2));
        for i in 0..=n_lon {
            let lon = bbox.west + (east - bbox.west) * i as f64 / n_lon as f64;
            // Not wrapped: 180 and -180 are opposite edges of the map.
            points.push((lon, bbox.south));
            points.push((lon, bbox.north));
        }
        for j in 0..=n_lat {
            let lat = bbox.south + (bbox.north - bbox.south) * j as f64 / n_lat as f64;
            points.push((bbox.west, lat));
            points.push((east, lat));
        }
        let features = FitFeatures {
            points,
            ..FitFeatures::default()
        };
        Self::fit(projection, &features, canvas, padding)
    }

    /// Fits the circle of `radius_km` around `centre` (lon/lat).
    pub fn fit_centre_radius(
        projection: Projection,
        centre: (f64, f64),
        radius_km: f64,
        canvas: Canvas,
        padding: f64,
    ) -> Result<Self, ProjectError> {
        check_canvas(canvas, padding)?;
        check(centre.0, centre.1)?;
        Self::fit_radius(projection, centre, radius_km, canvas, padding)
    }

    fn fit_radius(
        projection: Projection,
        centre: (f64, f64),
        radius_km: f64,
        canvas: Canvas,
        padding: f64,
    ) -> Result<Self, ProjectError> {
        if !(radius_km.is_finite() && radius_km > 0.0 && radius_km <= 20_000.0) {
            return Err(ProjectError::InvalidRadius(radius_km));
        }
        let mut b = Bounds::default();
        b.add(&projection, centre.0, centre.1);
        for i in 0..72 {
            let p = Haversine.destination(Point::from(centre), i as f64 * 5.0, radius_km * 1000.0);
            b.add(&projection, p.x(), p.y());
        }
        match b.rect {
            Some(r) if r.2 - r.0 > 1e-12 || r.3 - r.1 > 1e-12 => {
                Ok(Self::fit_plane_rect(projection, r, canvas, padding))
            }
            _ => Err(ProjectError::NothingVisible(projection.kind())),
        }
    }

    fn fit_plane_rect(
        projection: Projection,
        (x0, y0, x1, y1): (f64, f64, f64, f64),
        canvas: Canvas,
        padding: f64,
    ) -> Self {
        let (w, h) = (canvas.width - 2.0 * padding, canvas.height - 2.0 * padding);
        let sx = if x1 > x0 {
            w / (x1 - x0)
        } else {
            f64::INFINITY
        };
        let sy = if y1 > y0 {
            h / (y1 - y0)
        } else {
            f64::INFINITY
        };
        let scale = sx.min(sy);
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let tx = canvas.x + canvas.width / 2.0 - cx * scale;
        let ty = canvas.y + canvas.height / 2.0 + cy * scale;
        MapTransform {
            projection,
            scale,
            tx,
            ty,
        }
    }
}

fn check(lon: f64, lat: f64) -> Result<(), ProjectError> {
    if lon.is_finite() && lat.is_finite() && lat.abs() <= 90.0 {
        Ok(())
    } else {
        Err(ProjectError::InvalidCoordinate { lon, lat })
    }
}

fn check_canvas(c: Canvas, padding: f64) -> Result<(), ProjectError> {
    let ok = [c.x, c.y, c.width, c.height, padding]
        .iter()
        .all(|v| v.is_finite())
        && padding >= 0.0
        && c.width - 2.0 * padding > 0.0
        && c.height - 2.0 * padding > 0.0;
    if ok {
        Ok(())
    } else {
        Err(ProjectError::InvalidCanvas {
            width: c.width,
            height: c.height,
            padding,
        })
    }
}

/// Running bounds of projected points, remembering the first geographic one.
#[derive(Default)]
struct Bounds {
    rect: Option<(f64, f64, f64, f64)>,
    first: Option<(f64, f64)>,
}

impl Bounds {
    fn add(&mut self, p: &Projection, lon: f64, lat: f64) {
        let Some((x, y)) = p.forward(lon, lat) else {
            return;
        };
        self.first.get_or_insert((lon, lat));
        self.rect = Some(match self.rect {
            None => (x, y, x, y),
            Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
        });
    }
}

#[cfg(test)]
#[path = "fit_tests.rs"]
mod tests;
