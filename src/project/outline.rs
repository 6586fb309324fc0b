//! The world as a world map shows it: which latitudes a world map frames, and the
//! outline of the whole globe in projections whose globe does not fill a rectangle
//! (Equal Earth, Robinson), so that sea is drawn inside it and not in the corners
//! beyond the world's edge.

use super::{Canvas, GeoBbox, GeoExtent, MapTransform, ProjectionKind};
use crate::geometry::{clip_ring_to_rect, Rect};

/// A world map shows at least these latitudes: every inhabited land, the Arctic
/// coasts, and no Antarctica unless the map's features go there.
pub const WORLD_LATS: (f64, f64) = (-58.0, 84.0);

/// Degrees kept beyond the features' latitudes when they reach past [`WORLD_LATS`].
const LAT_MARGIN_DEG: f64 = 4.0;

/// Spacing of the samples along the outline's curved meridians, degrees.
const OUTLINE_STEP_DEG: f64 = 1.0;

/// Features spanning at least this many degrees of longitude get every longitude.
const WHOLE_WORLD_SPAN_DEG: f64 = 270.0;

/// The box a world map centred on `lon0` frames for `extent`: the features'
/// longitudes (every longitude once they span [`WHOLE_WORLD_SPAN_DEG`]), and the
/// latitudes of [`WORLD_LATS`] widened to the features' own (a route bulging towards
/// Antarctica keeps its bulge, yet the north is not cut at 60°N).
pub fn world_bbox(extent: &GeoExtent, lon0: f64) -> GeoBbox {
    let south = WORLD_LATS.0.min(extent.south - LAT_MARGIN_DEG).max(-90.0);
    let north = WORLD_LATS.1.max(extent.north + LAT_MARGIN_DEG).min(90.0);
    let (west, east) = if extent.span >= WHOLE_WORLD_SPAN_DEG {
        (lon0 - 180.0, lon0 + 180.0)
    } else {
        (extent.west, extent.west + extent.span)
    };
    GeoBbox {
        west,
        south,
        east,
        north,
    }
}

/// Whether a kind draws the whole world inside a curved outline.
pub fn has_world_outline(kind: ProjectionKind) -> bool {
    matches!(kind, ProjectionKind::EqualEarth | ProjectionKind::Robinson)
}

impl MapTransform {
    /// The outline of the whole globe in canvas pixels (its two edge meridians and
    /// the pole lines) clipped to `frame`, for kinds with one (see
    /// [`has_world_outline`]); `None` for others, whose globe fills the frame or is
    /// bounded by their visible cap.
    pub fn world_outline_px(&self, frame: Canvas) -> Option<Vec<(f64, f64)>> {
        if !has_world_outline(self.projection.kind()) {
            return None;
        }
        let lon0 = self.projection.params().lon0;
        let n = (180.0 / OUTLINE_STEP_DEG).ceil() as usize;
        let lat = |i: usize| -90.0 + 180.0 * i as f64 / n as f64;
        // Relative longitudes of exactly ±180 keep their side (see
        // `Projection::forward_visible`).
        let west = (0..=n).map(|i| (lon0 - 180.0, lat(i)));
        let east = (0..=n).rev().map(|i| (lon0 + 180.0, lat(i)));
        let mut ring: Vec<(f64, f64)> = west
            .chain(east)
            .map(|(lon, lat)| self.to_px(lon, lat))
            .collect::<Option<_>>()?;
        ring.push(*ring.first()?);
        let rect = Rect::new(
            frame.x,
            frame.y,
            frame.x + frame.width,
            frame.y + frame.height,
        );
        clip_ring_to_rect(&ring, &rect.ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Canvas, Projection};

    #[test]
    fn a_world_map_shows_the_north_and_keeps_a_southern_bulge() {
        let extent = GeoExtent::from_points(&[(-58.4, -34.6), (151.2, -33.9), (-0.1, 51.5)])
            .expect("extent");
        let b = world_bbox(&extent, 20.0);
        // The features' own longitudes (Sydney east round to London).
        assert_eq!((b.west, b.east), (extent.west, extent.west + extent.span));
        assert!(b.east - b.west < 270.0, "{b:?}");
        assert!(b.north >= 84.0 && b.south <= -58.0, "{b:?}");
        let round = GeoExtent::from_points(&[
            (-150.0, 0.0),
            (-80.0, 0.0),
            (-10.0, 0.0),
            (60.0, 10.0),
            (130.0, 10.0),
        ])
        .expect("extent");
        let b = world_bbox(&round, 20.0);
        assert_eq!((b.west, b.east), (-160.0, 200.0));
        assert!(b.north >= 84.0 && b.south <= -58.0, "{b:?}");
        let deep = GeoExtent::from_points(&[(0.0, -70.0), (10.0, 50.0)]).expect("extent");
        assert!(world_bbox(&deep, 0.0).south <= -74.0);
    }

    #[test]
    fn the_equal_earth_outline_leaves_the_frame_corners_out() {
        let proj = Projection::centred(ProjectionKind::EqualEarth, 0.0, 0.0).expect("proj");
        let extent =
            GeoExtent::from_points(&[(-170.0, -50.0), (0.0, 0.0), (170.0, 60.0)]).expect("extent");
        let canvas = Canvas::sized(1600.0, 1000.0);
        let t = MapTransform::fit_bbox(proj, &world_bbox(&extent, 0.0), canvas, 0.0).expect("fit");
        let ring = t.world_outline_px(canvas).expect("outline");
        let inside = |p: (f64, f64)| {
            let mut c = false;
            for w in ring.windows(2) {
                let (a, b) = (w[0], w[1]);
                if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0)
                {
                    c = !c;
                }
            }
            c
        };
        assert!(inside((800.0, 500.0)));
        assert!(!inside((2.0, 2.0)) && !inside((1598.0, 998.0)));
        let merc = Projection::centred(ProjectionKind::Mercator, 0.0, 0.0).expect("proj");
        let t = MapTransform::fit_bbox(merc, &world_bbox(&extent, 0.0), canvas, 0.0).expect("fit");
        assert_eq!(t.world_outline_px(canvas), None);
    }
}
