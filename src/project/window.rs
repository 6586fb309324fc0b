//! The lon/lat box around everything a map shows. The pipeline skips basemap parts
//! that lie outside it and trims the rest to it before the costly steps (clipping to
//! the visible cap, densifying, projecting), so that a map of one region does not
//! project the whole world only to clip it away in pixels.

use geo::BoundingRect;
use geo_types::{LineString, Polygon};

use crate::geometry::GeometryError;
use crate::geometry::{clip_line_to_rect, clip_ring_to_rect, Rect};
use crate::project::{central_angle_deg, normalize_lon, MapTransform};

/// Samples along each side of the frame when finding the window.
const SIDE_SAMPLES: usize = 64;

/// Degrees kept around the sampled box, on top of the largest step between samples:
/// the frame's edges bulge between samples by far less.
const PAD_DEG: f64 = 1.0;

/// A lon/lat box holding every point a map frame shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// The map's central longitude: the seam lies at `lon0 + 180`.
    lon0: f64,
    /// West and east edges relative to `lon0`, within [-180, 180].
    west: f64,
    east: f64,
    /// South and north edges.
    south: f64,
    north: f64,
    /// Whether every point of the window is visible in the projection (inside its
    /// visible cap, if it has one), so that trimmed geometry needs no cap clipping and
    /// no visibility test.
    pub visible: bool,
}

impl Window {
    /// The window of pixel rectangle `frame` under `t`, or `None` when the frame shows
    /// a pole, reaches past the projection's domain or across its seam, or holds the
    /// whole globe: then nothing can be skipped safely.
    pub fn of(t: &MapTransform, frame: &Rect) -> Option<Window> {
        let lon0 = normalize_lon(t.projection.params().lon0);
        for pole in [90.0, -90.0] {
            if t.to_px(lon0, pole).is_some_and(|p| frame.contains(p)) {
                return None;
            }
        }
        // The frame's border in order round it; inside a border that shows no pole,
        // neither latitude nor longitude has an extreme.
        let (w, h) = (frame.x1 - frame.x0, frame.y1 - frame.y0);
        let ring = (0..4)
            .flat_map(|side| {
                (0..SIDE_SAMPLES).map(move |i| {
                    let f = i as f64 / SIDE_SAMPLES as f64;
                    match side {
                        0 => (frame.x0 + f * w, frame.y0),
                        1 => (frame.x1, frame.y0 + f * h),
                        2 => (frame.x1 - f * w, frame.y1),
                        _ => (frame.x0, frame.y1 - f * h),
                    }
                })
            })
            .map(|(x, y)| {
                let (lon, lat) = t.from_px(x, y)?;
                Some((normalize_lon(lon - lon0), lat))
            })
            .collect::<Option<Vec<_>>>()?;
        let mut step = (0.0f64, 0.0f64);
        for (a, b) in ring.iter().zip(ring.iter().cycle().skip(1)) {
            let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
            if dx > 180.0 {
                // The border crosses the seam.
                return None;
            }
            step = (step.0.max(dx), step.1.max(dy));
        }
        let (mut west, mut east, mut south, mut north) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
        for &(x, y) in &ring {
            (west, east) = (west.min(x), east.max(x));
            (south, north) = (south.min(y), north.max(y));
        }
        let mut window = Window {
            lon0,
            west: (west - PAD_DEG - step.0).max(-180.0),
            east: (east + PAD_DEG + step.0).min(180.0),
            south: (south - PAD_DEG - step.1).max(-90.0),
            north: (north + PAD_DEG + step.1).min(90.0),
            visible: false,
        };
        // What bounds visibility (the cap's angle from its centre, transverse Mercator's
        // offset from its meridian) is greatest on a box's border; sampled every degree,
        // with a degree to spare from the cap's edge. Latitudes are clamped before
        // projecting, as the pipeline does.
        let (lo, hi) = t.projection.lat_limits();
        let cap = t.projection.visible_cap();
        let visible = window.border().all(|(lon, lat)| {
            t.projection.is_visible(lon, lat.clamp(lo, hi))
                && cap.is_none_or(|(centre, radius)| {
                    central_angle_deg(centre, (lon, lat)) <= radius - PAD_DEG
                })
        });
        window.visible = visible;
        let whole = window.west <= -180.0
            && window.east >= 180.0
            && window.south <= -90.0
            && window.north >= 90.0;
        (!whole).then_some(window)
    }

    /// Points along the window's border, at most a degree apart.
    fn border(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        let steps = |a: f64, b: f64| {
            let n = (b - a).ceil().max(1.0) as usize;
            (0..=n).map(move |i| a + (b - a) * i as f64 / n as f64)
        };
        let (w, e) = (self.lon0 + self.west, self.lon0 + self.east);
        steps(w, e)
            .flat_map(|lon| [(lon, self.south), (lon, self.north)])
            .chain(steps(self.south, self.north).flat_map(move |lat| [(w, lat), (e, lat)]))
    }

    /// Whether any of `g` (longitudes in any range) may lie in the window.
    pub fn meets<G>(&self, g: &G) -> bool
    where
        G: BoundingRect<f64>,
        G::Output: Into<Option<geo_types::Rect<f64>>>,
    {
        let Some(b) = g.bounding_rect().into() else {
            return false;
        };
        if b.max().y < self.south || b.min().y > self.north {
            return false;
        }
        let (w, e) = (b.min().x - self.lon0, b.max().x - self.lon0);
        [-360.0, 0.0, 360.0]
            .iter()
            .any(|k| w + k <= self.east && e + k >= self.west)
    }

    /// The window as a rectangle in the longitudes of seam-cut pieces, which lie in
    /// `[lon0 - 180, lon0 + 180]`.
    fn rect(&self) -> Rect {
        Rect {
            x0: self.lon0 + self.west,
            y0: self.south,
            x1: self.lon0 + self.east,
            y1: self.north,
        }
    }

    /// Trims a seam-cut polygon piece to the window; `None` if nothing is left.
    pub fn clip_polygon(&self, piece: &Polygon<f64>) -> Option<Polygon<f64>> {
        let r = self.rect();
        let ring = |l: &LineString<f64>| {
            let pts: Vec<(f64, f64)> = l.coords().map(|c| (c.x, c.y)).collect();
            clip_ring_to_rect(&pts, &r).map(LineString::from)
        };
        let exterior = ring(piece.exterior())?;
        let holes = piece.interiors().iter().filter_map(ring).collect();
        Some(Polygon::new(exterior, holes))
    }

    /// Trims a seam-cut line piece to the window.
    pub fn clip_line(&self, piece: &[(f64, f64)]) -> Result<Vec<Vec<(f64, f64)>>, GeometryError> {
        clip_line_to_rect(piece, &self.rect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Canvas, FitFeatures, Projection, ProjectionKind};

    fn fitted(kind: ProjectionKind, points: &[(f64, f64)]) -> MapTransform {
        let features = FitFeatures {
            points: points.to_vec(),
            ..FitFeatures::default()
        };
        let centre = points[0];
        let projection = Projection::centred(kind, centre.0, centre.1).unwrap();
        MapTransform::fit(projection, &features, Canvas::sized(1600.0, 1000.0), 40.0).unwrap()
    }

    fn frame() -> Rect {
        Rect::new(0.0, 0.0, 1600.0, 1000.0).unwrap()
    }

    #[test]
    fn a_regional_map_has_a_window_holding_its_frame() {
        let t = fitted(
            ProjectionKind::LambertConformalConic,
            &[(66.96, 39.65), (116.4, 39.9), (37.6, 55.75)],
        );
        let w = Window::of(&t, &frame()).expect("a window");
        for (x, y) in [(0.0, 0.0), (800.0, 500.0), (1600.0, 1000.0), (0.0, 1000.0)] {
            let (lon, lat) = t.from_px(x, y).unwrap();
            let p = geo_types::Point::new(lon, lat);
            assert!(
                w.meets(&p),
                "frame point {x},{y} at {lon},{lat} is outside {w:?}"
            );
        }
        assert!(
            !w.meets(&geo_types::Point::new(-100.0, 40.0)),
            "North America"
        );
        assert!(
            !w.meets(&geo_types::Point::new(20.0, -30.0)),
            "South Africa"
        );
    }

    #[test]
    fn a_map_showing_a_pole_or_the_world_has_none() {
        let t = fitted(ProjectionKind::Orthographic, &[(0.0, 80.0), (180.0, 80.0)]);
        assert_eq!(Window::of(&t, &frame()), None);
        let t = fitted(
            ProjectionKind::EqualEarth,
            &[(-170.0, -80.0), (170.0, 80.0)],
        );
        assert_eq!(Window::of(&t, &frame()), None);
    }

    #[test]
    fn longitudes_are_compared_round_the_globe() {
        // A Pacific map centred on the antimeridian.
        let t = fitted(
            ProjectionKind::Mercator,
            &[(170.0, -40.0), (-170.0, -15.0), (178.0, -18.0)],
        );
        let w = Window::of(&t, &frame()).expect("a window");
        assert!(w.meets(&geo_types::Point::new(-175.0, -21.0)), "Tonga");
        assert!(w.meets(&geo_types::Point::new(178.4, -18.1)), "Fiji");
        assert!(!w.meets(&geo_types::Point::new(0.0, -20.0)));
    }

    #[test]
    fn clipping_keeps_what_lies_inside() {
        let t = fitted(ProjectionKind::Mercator, &[(10.0, 50.0), (12.0, 52.0)]);
        let w = Window::of(&t, &frame()).expect("a window");
        let r = w.rect();
        let big = Polygon::new(
            LineString::from(vec![(-60.0, 0.0), (60.0, 0.0), (60.0, 80.0), (-60.0, 80.0)]),
            Vec::new(),
        );
        let clipped = w.clip_polygon(&big).expect("overlaps");
        for c in clipped.exterior().coords() {
            assert!(r.contains((c.x, c.y)));
        }
        let far = Polygon::new(
            LineString::from(vec![(100.0, 0.0), (110.0, 0.0), (110.0, 10.0)]),
            Vec::new(),
        );
        assert_eq!(w.clip_polygon(&far), None);
    }
}
