//! Geographic extents on the longitude circle.
//!
//! Longitude is periodic, so "the bounding box" of points at 170°E and 170°W
//! is the 20° interval across the antimeridian, not the 340° one. We find it
//! with the largest-gap method: the extent is the complement of the widest
//! longitude interval that contains no input.

use super::{normalize_lon, ProjectError};
use crate::geometry::great_circle;

/// Spacing used to densify great-circle legs before measuring their extent.
const LINE_STEP_KM: f64 = 50.0;

/// A plain lon/lat box; `west > east` means it crosses the antimeridian.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBbox {
    /// Western edge, degrees.
    pub west: f64,
    /// Southern edge, degrees.
    pub south: f64,
    /// Eastern edge, degrees.
    pub east: f64,
    /// Northern edge, degrees.
    pub north: f64,
}

/// The smallest longitude interval (on the circle) and latitude range covering
/// a set of places, lines and boxes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoExtent {
    /// Western edge in [-180, 180).
    pub west: f64,
    /// Eastward width in degrees, in [0, 360]; `west + span` may exceed 180.
    pub span: f64,
    /// Southernmost latitude.
    pub south: f64,
    /// Northernmost latitude.
    pub north: f64,
}

fn check(lon: f64, lat: f64) -> Result<(), ProjectError> {
    if lon.is_finite() && lat.is_finite() && lat.abs() <= 90.0 {
        Ok(())
    } else {
        Err(ProjectError::InvalidCoordinate { lon, lat })
    }
}

impl GeoExtent {
    /// Extent of a set of lon/lat points.
    pub fn from_points(points: &[(f64, f64)]) -> Result<Self, ProjectError> {
        let mut b = Builder::default();
        for &(lon, lat) in points {
            b.point(lon, lat)?;
        }
        b.finish()
    }

    /// Extent of a set of boxes (each may cross the antimeridian).
    pub fn from_bboxes(boxes: &[GeoBbox]) -> Result<Self, ProjectError> {
        let mut b = Builder::default();
        for bb in boxes {
            b.bbox(bb)?;
        }
        b.finish()
    }

    /// Extent of polylines whose legs are great-circle arcs; the arcs are
    /// densified so a leg bulging towards a pole widens the latitude range.
    pub fn from_lines(lines: &[Vec<(f64, f64)>]) -> Result<Self, ProjectError> {
        let mut b = Builder::default();
        for line in lines {
            b.line(line)?;
        }
        b.finish()
    }

    /// Extent of any mix of points, lines and boxes.
    pub fn from_parts(
        points: &[(f64, f64)],
        lines: &[Vec<(f64, f64)>],
        boxes: &[GeoBbox],
    ) -> Result<Self, ProjectError> {
        let mut b = Builder::default();
        for &(lon, lat) in points {
            b.point(lon, lat)?;
        }
        for line in lines {
            b.line(line)?;
        }
        for bb in boxes {
            b.bbox(bb)?;
        }
        b.finish()
    }

    /// Eastern edge, wrapped into [-180, 180).
    pub fn east(&self) -> f64 {
        normalize_lon(self.west + self.span)
    }

    /// Latitude span in degrees.
    pub fn lat_span(&self) -> f64 {
        self.north - self.south
    }

    /// Centre of the extent: mid-longitude of the interval (wrapped) and
    /// mid-latitude.
    pub fn centre(&self) -> (f64, f64) {
        (
            normalize_lon(self.west + self.span / 2.0),
            (self.south + self.north) / 2.0,
        )
    }

    /// True if the extent's longitude interval crosses ±180.
    pub fn crosses_antimeridian(&self) -> bool {
        self.west + self.span > 180.0
    }
}

/// Collects longitude intervals (start, width) and the latitude range.
#[derive(Default)]
struct Builder {
    intervals: Vec<(f64, f64)>,
    lat: Option<(f64, f64)>,
}

impl Builder {
    fn lat(&mut self, lat: f64) {
        self.lat = Some(match self.lat {
            None => (lat, lat),
            Some((s, n)) => (s.min(lat), n.max(lat)),
        });
    }

    fn point(&mut self, lon: f64, lat: f64) -> Result<(), ProjectError> {
        check(lon, lat)?;
        self.lat(lat);
        // Longitude is meaningless at a pole, so it must not pull the extent.
        if lat.abs() < 90.0 {
            self.intervals.push((normalize_lon(lon), 0.0));
        }
        Ok(())
    }

    fn bbox(&mut self, b: &GeoBbox) -> Result<(), ProjectError> {
        check(b.west, b.south)?;
        check(b.east, b.north)?;
        self.lat(b.south.min(b.north));
        self.lat(b.south.max(b.north));
        let (w, e) = (b.west, b.east);
        // A box from -180 to 180 is the whole circle, not an empty interval.
        let width = if e - w >= 360.0 {
            360.0
        } else {
            (e - w).rem_euclid(360.0)
        };
        self.intervals.push((normalize_lon(w), width));
        Ok(())
    }

    fn line(&mut self, line: &[(f64, f64)]) -> Result<(), ProjectError> {
        for &(lon, lat) in line {
            check(lon, lat)?;
        }
        if let [only] = line {
            return self.point(only.0, only.1);
        }
        for leg in line.windows(2) {
            // Antipodal legs have no unique great circle: keep their ends.
            let pts = great_circle(leg[0], leg[1], LINE_STEP_KM).unwrap_or_else(|_| leg.to_vec());
            for (lon, lat) in pts {
                self.point(lon, lat)?;
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<GeoExtent, ProjectError> {
        let (south, north) = self.lat.ok_or(ProjectError::EmptyExtent)?;
        if self.intervals.is_empty() {
            // Only poles: any longitude will do.
            return Ok(GeoExtent {
                west: -180.0,
                span: 360.0,
                south,
                north,
            });
        }
        let (west, span) = largest_gap_cover(&mut self.intervals);
        Ok(GeoExtent {
            west,
            span,
            south,
            north,
        })
    }
}

/// Smallest interval covering all `(start, width)` intervals on the circle:
/// returns `(west, span)`.
fn largest_gap_cover(intervals: &mut [(f64, f64)]) -> (f64, f64) {
    if intervals.iter().any(|&(_, w)| w >= 360.0) {
        return (-180.0, 360.0);
    }
    intervals.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    // Sweep in unwrapped coordinates; the wrap-around gap is handled after.
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for &(s, w) in intervals.iter() {
        let e = s + w;
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let first_start = merged[0].0;
    let max_end = merged.iter().fold(f64::NEG_INFINITY, |m, iv| m.max(iv.1));
    // Parts of the sweep beyond +180 wrap onto the start of the circle.
    let wrapped_end = max_end - 360.0;
    let mut best_gap = first_start + 360.0 - max_end;
    let mut best_west = first_start;
    for pair in merged.windows(2) {
        let gap_start = pair[0].1.max(wrapped_end);
        let gap = pair[1].0 - gap_start;
        if gap > best_gap {
            best_gap = gap;
            best_west = pair[1].0;
        }
    }
    if best_gap <= 0.0 {
        return (-180.0, 360.0);
    }
    (normalize_lon(best_west), 360.0 - best_gap)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn approx(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn antimeridian_pair_gives_twenty_degrees_centred_on_180() {
        let e = GeoExtent::from_points(&[(170.0, 0.0), (-170.0, 10.0)]).expect("extent");
        assert!(approx(e.span, 20.0), "{e:?}");
        assert!(approx(e.west, 170.0));
        assert!(approx(e.centre().0.abs(), 180.0), "{:?}", e.centre());
        assert!(e.crosses_antimeridian());
        assert_eq!((e.south, e.north), (0.0, 10.0));
    }

    #[test]
    fn ordinary_points_give_their_min_max() {
        let e = GeoExtent::from_points(&[(-10.0, 40.0), (30.0, 60.0), (5.0, 50.0)]).expect("ext");
        assert!(approx(e.west, -10.0) && approx(e.span, 40.0), "{e:?}");
        assert!(!e.crosses_antimeridian());
    }

    #[test]
    fn pacific_trip_is_centred_on_the_pacific() {
        let pts = [
            (-77.036, 38.895),
            (139.692, 35.690),
            (149.129, -35.281),
            (-157.858, 21.307),
        ];
        let e = GeoExtent::from_points(&pts).expect("extent");
        assert!(approx(e.west, 139.692), "{e:?}");
        let c = e.centre().0;
        assert!((-180.0..-120.0).contains(&c), "centre {c}");
    }

    #[test]
    fn boxes_merge_across_the_antimeridian() {
        let fiji = GeoBbox {
            west: 177.0,
            south: -21.0,
            east: -178.0,
            north: -12.0,
        };
        let samoa = GeoBbox {
            west: -173.0,
            south: -14.5,
            east: -171.0,
            north: -13.0,
        };
        let e = GeoExtent::from_bboxes(&[fiji, samoa]).expect("extent");
        assert!(approx(e.west, 177.0) && approx(e.span, 12.0), "{e:?}");
        let world = GeoBbox {
            west: -180.0,
            south: -90.0,
            east: 180.0,
            north: 90.0,
        };
        let e = GeoExtent::from_bboxes(&[world]).expect("extent");
        assert!(approx(e.span, 360.0));
    }

    #[test]
    fn lines_include_the_great_circle_bulge() {
        let line = vec![(-77.036, 38.895), (139.692, 35.690)];
        let e = GeoExtent::from_lines(&[line]).expect("extent");
        // Washington–Tokyo flies far north of both endpoints.
        assert!(e.north > 60.0, "{e:?}");
    }

    #[test]
    fn invalid_and_empty_inputs_are_errors() {
        assert_eq!(GeoExtent::from_points(&[]), Err(ProjectError::EmptyExtent));
        assert!(GeoExtent::from_points(&[(f64::NAN, 0.0)]).is_err());
        assert!(GeoExtent::from_points(&[(0.0, 91.0)]).is_err());
        assert!(GeoExtent::from_lines(&[vec![(0.0, 0.0), (f64::INFINITY, 1.0)]]).is_err());
    }

    #[test]
    fn points_all_around_cover_the_circle_minus_largest_gap() {
        let pts: Vec<(f64, f64)> = (0..36).map(|i| (-180.0 + 10.0 * i as f64, 0.0)).collect();
        let e = GeoExtent::from_points(&pts).expect("extent");
        assert!(approx(e.span, 350.0), "{e:?}");
    }
}
